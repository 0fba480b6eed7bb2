"""Figures of the topic stage, drawn from its CSV tables (every plotted number is in them).

``policytext topics-figure NAME --topics-dir DIR --out STEM`` draws one figure:

- ``selection``: coherence, stability and diversity against K, one point per seed, with
  the chosen K marked;
- ``prevalence``: each topic's mean share by year (all documents) with its bootstrap band,
  event lines and shaded periods, one small panel per topic;
- ``effects``: predicted share by year for each doc_type (a spline of year x doc_type),
  with method-of-composition bands pooled over seeds, one panel per topic;
- ``contrasts``: each topic's change in share between consecutive periods (doc_types in
  their corpus-wide mix), with intervals; filled marks are significant after BH;
- ``concepts``: for each concept, the concept-weighted topic share against the plain share
  (all periods), so topics that carry the concept stand above the diagonal;
- ``words``: each topic's top words as horizontal bars;
- ``dynamics``: each topic's top words by period, as a grid of word lists.

What a table could not estimate is drawn as a note in the panel (its ``reason``), never as
an empty axis: with no topic structure, every figure is one panel saying so.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

from policytext.io import read_table
from policytext.topics import FIGURE_TABLES

#: Joins a topic label and its seeds' agreement (split again by :func:`panel_title`).
SEEDS_SEPARATOR = " | "
FIGURES = tuple(FIGURE_TABLES)


def panel_grid(count: int, *, columns: int = 4) -> tuple[int, int]:
    """Rows and columns for ``count`` small panels."""
    columns = max(1, min(columns, count))
    return math.ceil(count / columns), columns


def topic_labels(topics_dir: Path) -> dict[int, str]:
    """Topic number -> its label (FREX words), with its alignment over seeds when measured."""
    labels = {}
    for row in read_table(topics_dir / "labels.csv"):
        if not row["topic"]:
            continue
        alignment = row.get("alignment", "")
        suffix = f"{SEEDS_SEPARATOR}seeds agree {float(alignment):.2f}" if alignment else ""
        labels[int(row["topic"])] = row["label"] + suffix
    return labels


def table_reason(path: Path) -> str:
    """The reason of a table written as one reason row (no topic structure), else ''."""
    rows = read_table(path)
    if len(rows) == 1 and not rows[0].get("topic", "x") and rows[0].get("reason"):
        return rows[0]["reason"]
    return ""


def note_panel(axis, text: str, *, width: int = 48) -> None:
    """Write ``text`` in the middle of an empty panel, without axes."""
    import textwrap

    axis.set_xticks([])
    axis.set_yticks([])
    axis.grid(False)
    for spine in axis.spines.values():
        spine.set_visible(False)
    axis.text(
        0.5,
        0.5,
        "\n".join(textwrap.wrap(text, width=width)),
        ha="center",
        va="center",
        fontsize=7,
        color="#444444",
        transform=axis.transAxes,
    )


def draw_note_figure(stem: Path, title: str, text: str) -> None:
    """A one-panel figure that says what could not be drawn, and why."""
    from policytext.figure_style import WIDTH_FULL, new_figure, save_figure

    figure, axis = new_figure(width=WIDTH_FULL, height=2.0)
    note_panel(axis, text)
    axis.set_title(title)
    save_figure(figure, stem)


def no_topics(topics_dir: Path, stem: Path, title: str) -> bool:
    """Draw the note figure and return True when the stage found no topic structure."""
    reason = table_reason(topics_dir / "labels.csv")
    if reason:
        draw_note_figure(stem, title, reason)
    return bool(reason)


def small_multiples(
    count: int, *, height_per_row: float = 1.6, sharey: bool = True, columns: int = 4
):
    """A figure with one panel per topic; returns the figure and a flat list of axes."""
    from policytext.figure_style import WIDTH_FULL, new_figure

    rows, columns = panel_grid(count, columns=columns)
    figure, axes = new_figure(
        width=WIDTH_FULL,
        height=0.6 + height_per_row * rows,
        nrows=rows,
        ncols=columns,
        sharex=True,
        sharey=sharey,
        squeeze=False,
    )
    flat = [axis for row in axes for axis in row]
    for axis in flat[count:]:
        axis.set_visible(False)
    return figure, flat[:count]


def draw_selection(topics_dir: Path, stem: Path, **_: Any) -> None:
    """Coherence, stability and diversity by K, one point per seed; the chosen K marked."""
    from policytext.figure_style import WIDTH_FULL, color_for, new_figure, save_figure

    rows = read_table(topics_dir / "selection.csv")
    choice = json.loads((topics_dir / "choice.json").read_text(encoding="utf-8"))
    figure, axes = new_figure(width=WIDTH_FULL, height=2.3, nrows=1, ncols=3)
    skipped = sorted({row["reason"] for row in rows if row["coherence_npmi"] == ""})
    for index, (column, title) in enumerate(
        [
            ("coherence_npmi", "Coherence (c_npmi)"),
            ("stability", "Stability across seeds"),
            ("diversity", "Topic diversity (top 25)"),
        ]
    ):
        axis = axes[index]
        points = [(int(row["k"]), float(row[column])) for row in rows if row[column] != ""]
        means: dict[int, list[float]] = defaultdict(list)
        for k, value in points:
            means[k].append(value)
        ks = sorted(means)
        if not ks:
            note_panel(axis, "; ".join(skipped) or "no fits", width=30)
            axis.set_title(title)
            continue
        axis.plot(
            ks, [sum(means[k]) / len(means[k]) for k in ks], color=color_for(index), marker="o"
        )
        axis.scatter([k for k, _ in points], [v for _, v in points], s=8, color="#777777", zorder=3)
        if choice["k"]:
            axis.axvline(choice["k"], color="#000000", linestyle="--", linewidth=0.8)
        axis.set_title(title)
        axis.set_xlabel("Number of topics K")
        axis.set_xticks(ks)
    figure.suptitle(f"Model selection: {choice['reason']}", fontsize=7)
    save_figure(figure, stem)


def time_context(axis, options: dict[str, Any], *, low: float, high: float) -> None:
    """Event lines and alternately shaded periods, clipped to ``low``..``high`` (no labels:
    small panels have no room; the first panel names the periods along its top)."""
    from policytext.figure_style import clip_periods, draw_events, shade_periods
    from policytext.periods import parse_events, parse_periods

    periods = clip_periods(parse_periods(options.get("periods", [])), low, high)
    shade_periods(axis, periods, labels=False)
    events = [
        event
        for event in parse_events(options.get("events", []))
        if low <= event.year_fraction <= high
    ]
    draw_events(axis, events, numbers=False)
    axis.set_xlim(low, high)


def panel_title(label: str) -> str:
    """A topic label wrapped to fit a small panel, its seeds' agreement on a line of its own."""
    import textwrap

    words, _, agreement = label.partition(SEEDS_SEPARATOR)
    lines = textwrap.wrap(words, width=30)[: 2 if agreement else 3]
    return "\n".join([*lines, *([f"({agreement})"] if agreement else [])])


def draw_prevalence(topics_dir: Path, stem: Path, *, options: dict[str, Any]) -> None:
    """Each topic's mean share by year (all documents), bootstrap band, events, periods."""
    from policytext.figure_style import color_for, save_figure

    if no_topics(topics_dir, stem, "Topic prevalence by year"):
        return
    labels = topic_labels(topics_dir)
    series: dict[int, list[tuple[int, float, float, float]]] = defaultdict(list)
    for row in read_table(topics_dir / "prevalence.csv"):
        if row["group"] == "all":
            series[int(row["topic"])].append(
                (
                    int(row["year"]),
                    float(row["mean"]),
                    float(row["ci_low"] or "nan"),  # a one-document year has no interval
                    float(row["ci_high"] or "nan"),
                )
            )
    figure, axes = small_multiples(len(labels))
    for axis, topic in zip(axes, sorted(labels), strict=True):
        years, means, lows, highs = zip(*sorted(series[topic]), strict=True)
        axis.fill_between(years, lows, highs, color=color_for(0), alpha=0.2, linewidth=0)
        axis.plot(years, means, color=color_for(0), marker="o", markersize=2)
        time_context(axis, options, low=min(years) - 0.5, high=max(years) + 0.5)
        axis.set_title(panel_title(labels[topic]), fontsize=6, loc="left")
    axes[0].figure.supylabel("Mean topic share (95% bootstrap CI)", fontsize=7)
    axes[0].figure.suptitle(
        "Topic prevalence by year; dotted lines: policy events; shading: alternate periods",
        fontsize=8,
    )
    save_figure(figure, stem)


def draw_effects(topics_dir: Path, stem: Path, **_: Any) -> None:
    """Predicted share by year for each doc_type (spline of year x doc_type), with bands;
    a panel whose curves are not estimated says why."""
    from policytext.figure_style import LINESTYLES, color_for, save_figure

    if no_topics(topics_dir, stem, "Effects of year and doc_type on topic share"):
        return
    labels = topic_labels(topics_dir)
    series: dict[tuple[int, str], list[tuple[int, float, float, float]]] = defaultdict(list)
    reasons: dict[int, set[str]] = defaultdict(set)
    years: set[int] = set()
    for row in read_table(topics_dir / "effects_by_year.csv"):
        if row["year"]:
            years.add(int(row["year"]))
        if row["reason"]:
            reasons[int(row["topic"])].add(f"{row['doc_type']}: {row['reason']}".strip(": "))
            continue
        series[int(row["topic"]), row["doc_type"]].append(
            (int(row["year"]), float(row["predicted"]), float(row["ci_low"]), float(row["ci_high"]))
        )
    kinds = sorted({kind for _, kind in series})
    figure, axes = small_multiples(len(labels))
    for axis, topic in zip(axes, sorted(labels), strict=True):
        axis.set_title(panel_title(labels[topic]), fontsize=6, loc="left")
        if reasons[topic] and not any((topic, kind) in series for kind in kinds):
            note_panel(
                axis, "; ".join(sorted({r.split(": ", 1)[-1] for r in reasons[topic]})), width=28
            )
            continue
        for index, kind in enumerate(kinds):
            points = sorted(series.get((topic, kind), []))
            if not points:
                continue
            xs, predicted, lows, highs = zip(*points, strict=True)
            color = color_for(index)
            axis.fill_between(xs, lows, highs, color=color, alpha=0.12, linewidth=0)
            axis.plot(
                xs,
                predicted,
                color=color,
                linestyle=LINESTYLES[index % len(LINESTYLES)],
                label=kind,
            )
        if years:
            axis.set_xlim(min(years) - 0.5, max(years) + 0.5)
    if kinds:
        axes[0].legend(loc="upper left", fontsize=5.5)
    figure.supylabel("Predicted share (95% interval, pooled seeds)", fontsize=6)
    figure.suptitle(
        "Topic share by year for each doc_type: fractional logit on a B-spline of year x "
        "doc_type, method of composition",
        fontsize=7,
    )
    save_figure(figure, stem)


def draw_contrasts(topics_dir: Path, stem: Path, **_: Any) -> None:
    """Change in each topic's share between consecutive periods (group ``all``), with
    intervals; filled marks are significant after Benjamini-Hochberg across topics."""
    from policytext.figure_style import WIDTH_FULL, color_for, new_figure, save_figure

    title = "Change in topic share between periods (doc_types in corpus-wide mix)"
    if no_topics(topics_dir, stem, title):
        return
    labels = topic_labels(topics_dir)
    rows = [row for row in read_table(topics_dir / "contrasts.csv") if row["group"] == "all"]
    pairs = list(dict.fromkeys((row["from"], row["to"]) for row in rows if not row["reason"]))
    if not pairs:
        draw_note_figure(stem, title, "; ".join(sorted({row["reason"] for row in rows})))
        return
    topics = sorted(labels)
    figure, axes = new_figure(
        width=WIDTH_FULL,
        height=0.8 + 0.3 * len(topics),
        nrows=1,
        ncols=len(pairs),
        sharey=True,
        squeeze=False,
    )
    for index, (before, after) in enumerate(pairs):
        axis = axes[0][index]
        for row in rows:
            if (row["from"], row["to"]) != (before, after) or row["reason"]:
                continue
            position = topics.index(int(row["topic"]))
            difference = float(row["difference"])
            low, high = float(row["ci_low"]), float(row["ci_high"])
            significant = row["significant"] == "true"
            axis.plot([low, high], [position, position], color=color_for(0), linewidth=1)
            axis.scatter(
                [difference],
                [position],
                s=16,
                color=color_for(0) if significant else "white",
                edgecolor=color_for(0),
                zorder=3,
            )
        axis.axvline(0, color="#777777", linestyle=":", linewidth=0.8)
        axis.set_title(f"{before} -> {after}", fontsize=7)
        axis.set_xlabel("Difference in mean share")
        axis.set_yticks(range(len(topics)), [panel_title(labels[t]) for t in topics], fontsize=5)
        axis.set_ylim(len(topics) - 0.5, -0.5)
    figure.suptitle(f"{title}; filled: significant (BH across topics)", fontsize=7)
    save_figure(figure, stem)


def draw_concepts(topics_dir: Path, stem: Path, **_: Any) -> None:
    """Per concept: concept-weighted topic share against the plain share (all periods)."""
    from policytext.figure_style import WIDTH_FULL, color_for, new_figure, save_figure

    if no_topics(topics_dir, stem, "Topics that carry each concept"):
        return
    rows = [row for row in read_table(topics_dir / "concept_topics.csv") if row["period"] == "all"]
    concepts = sorted({row["concept"] for row in rows})
    figure, axes = new_figure(
        width=WIDTH_FULL, height=2.4, nrows=1, ncols=max(1, len(concepts)), squeeze=False
    )
    for index, concept in enumerate(concepts):
        axis = axes[0][index]
        points = [
            (int(row["topic"]), float(row["share"]), float(row["weighted_share"]))
            for row in rows
            if row["concept"] == concept and row["weighted_share"] != ""
        ]
        top = max(
            [share for _, share, _ in points] + [weighted for *_, weighted in points] + [0.05]
        )
        axis.plot([0, top], [0, top], color="#999999", linestyle=":", linewidth=0.8)
        for topic, share, weighted in points:
            axis.scatter(share, weighted, s=12, color=color_for(index), zorder=3)
            axis.annotate(
                f"T{topic}",
                (share, weighted),
                fontsize=5.5,
                xytext=(2, 2),
                textcoords="offset points",
            )
        axis.set_title(concept)
        axis.set_xlabel("Mean topic share, all documents")
        if index == 0:
            axis.set_ylabel("Share weighted by concept hits")
        if not points:
            axis.text(0.5, 0.5, "no hits", ha="center", transform=axis.transAxes)
    figure.suptitle(
        "Topics that carry each concept: above the diagonal = over-represented", fontsize=8
    )
    save_figure(figure, stem)


def draw_words(topics_dir: Path, stem: Path, *, top: int = 10, **_: Any) -> None:
    """Each topic's top words as horizontal bars of their probability."""
    from policytext.figure_style import color_for, save_figure

    if no_topics(topics_dir, stem, "Top words per topic"):
        return
    labels = topic_labels(topics_dir)
    words: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for row in read_table(topics_dir / "topic_words.csv"):
        if int(row["rank"]) <= top:
            words[int(row["topic"])].append((row["word"], float(row["weight"])))
    figure, axes = small_multiples(len(labels), height_per_row=1.9, sharey=False, columns=3)
    for axis, topic in zip(axes, sorted(labels), strict=True):
        names, weights = zip(*words[topic], strict=True)
        positions = list(range(len(names)))[::-1]
        axis.barh(positions, weights, color=color_for(topic - 1))
        axis.set_yticks(positions, names, fontsize=5.5)
        axis.set_title(panel_title(labels[topic]), fontsize=6, loc="left")
        axis.grid(axis="y", visible=False)
    figure.supxlabel("Word probability in the topic", fontsize=7)
    save_figure(figure, stem)


def draw_dynamics(topics_dir: Path, stem: Path, *, top: int = 6, **_: Any) -> None:
    """A grid of each topic's top words in each period (rows: topics, columns: periods)."""
    from policytext.figure_style import WIDTH_FULL, new_figure, save_figure

    if no_topics(topics_dir, stem, "Top words per topic and period"):
        return
    labels = topic_labels(topics_dir)
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    periods: list[str] = []
    for row in read_table(topics_dir / "dynamics.csv"):
        if row["period"] not in periods:
            periods.append(row["period"])
        if int(row["rank"]) <= top:
            cells[int(row["topic"]), row["period"]].append(row["word"])
    topics = sorted(labels)
    figure, axis = new_figure(width=WIDTH_FULL, height=0.6 + 0.8 * len(topics))
    axis.set_xlim(0, len(periods))
    axis.set_ylim(len(topics), 0)
    axis.grid(False)
    axis.set_xticks([index + 0.5 for index in range(len(periods))], periods, fontsize=6)
    axis.set_yticks(
        [index + 0.5 for index in range(len(topics))],
        [panel_title(labels[topic]) for topic in topics],
        fontsize=5,
    )
    axis.xaxis.tick_top()
    for row, topic in enumerate(topics):
        previous: list[str] | None = None
        for column, period in enumerate(periods):
            words = cells.get((topic, period), [])
            for line, word in enumerate(words[:top]):
                new = previous is not None and word not in previous
                axis.text(
                    column + 0.5,
                    row + (line + 1) / (top + 1),
                    word if len(word) <= 24 else word[:23] + "…",
                    ha="center",
                    va="center",
                    fontsize=4.5,
                    fontweight="bold" if new else "normal",
                    color="#D55E00" if new else "#000000",
                )
            previous = words[:top] if words else previous
        axis.axhline(row, color="#dddddd", linewidth=0.5)
    axis.set_title(
        "Top words per topic and period (model fixed; expected word assignments); "
        "orange: new since the period before",
        fontsize=6.5,
    )
    save_figure(figure, stem)


DRAW = {
    "selection": draw_selection,
    "prevalence": draw_prevalence,
    "effects": draw_effects,
    "contrasts": draw_contrasts,
    "concepts": draw_concepts,
    "words": draw_words,
    "dynamics": draw_dynamics,
}
