"""Figures of the context stage, drawn from its tables only.

- ``context_norms``: each concept's coefficient norms (level against reference) with their
  bootstrap intervals; a filled marker has a permutation p-value below 0.05, a hollow one
  does not; levels that were not estimated are listed with their reason instead.
- ``context_neighbours_{covariate}``: each level's nearest neighbours with the bootstrap
  interval of their cosine similarity; a level without an estimate shows its reason.
- ``context_shift``: the cosine similarity between consecutive periods' embeddings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from policytext.context.settings import figure_stems
from policytext.errors import UserError

SIGNIFICANCE = 0.05


def number(value: str) -> float:
    """A table cell as a float (empty cells are NaN)."""
    return float(value) if value not in ("", None) else math.nan


def note(axes, text: str) -> None:
    """A visible note in an empty panel, in place of an axis that would mislead."""
    axes.text(
        0.5,
        0.5,
        text,
        ha="center",
        va="center",
        fontsize=6,
        wrap=True,
        transform=axes.transAxes,
        color="#444444",
    )
    axes.set_xticks([])
    axes.set_yticks([])
    axes.grid(False)


def concepts_of(rows: Sequence[dict]) -> list[str]:
    """Concept names in table order."""
    return list(dict.fromkeys(row["concept"] for row in rows))


def figure_norms(effects: Sequence[dict], stem: Path) -> list[Path]:
    """Coefficient norms with intervals, one panel per concept, stacked."""
    from policytext.figure_style import color_for, new_figure, save_figure

    concepts = concepts_of(effects)
    if not concepts:
        figure, axis = new_figure(height=1.5)
        note(axis, "no concept has mentions: nothing to estimate")
        return save_figure(figure, stem)
    sizes = [sum(1 for row in effects if row["concept"] == name) for name in concepts]
    figure, axes = new_figure(
        height=0.6 + sum(0.55 + 0.15 * size for size in sizes),
        nrows=len(concepts),
        squeeze=False,
        gridspec_kw={"height_ratios": [0.55 + 0.15 * size for size in sizes]},
    )
    for axis, concept in zip(axes[:, 0], concepts, strict=True):
        rows = [row for row in effects if row["concept"] == concept]
        labels = []
        for position, row in enumerate(reversed(rows)):
            reference = f" vs {row['reference']}" if row["reference"] else ""
            labels.append(f"{row['covariate']}: {row['level']}{reference} (n={row['instances']})")
            if row["reason"]:
                axis.text(
                    0.01,
                    position,
                    f"not estimated: {row['reason']}",
                    va="center",
                    fontsize=5,
                    color="#666666",
                    transform=axis.get_yaxis_transform(),
                )
                continue
            norm, low, high = number(row["norm"]), number(row["ci_low"]), number(row["ci_high"])
            significant = number(row["p_value"]) < SIGNIFICANCE
            color = color_for(0 if significant else 7)
            axis.plot([low, high], [position, position], color=color, lw=1)
            axis.plot(
                norm,
                position,
                "o",
                color=color,
                ms=3.5,
                markerfacecolor=color if significant else "white",
            )
        axis.set_yticks(range(len(labels)), labels, fontsize=5.5)
        axis.set_ylim(-0.6, len(labels) - 0.4)
        axis.set_xlim(left=0)
        axis.set_title(concept, loc="left")
    axes[-1, 0].set_xlabel("norm of the level's coefficient (distance from the reference level)")
    figure.suptitle(
        "Embedding regression: filled = permutation p < 0.05, hollow = not significant",
        fontsize=7,
    )
    return save_figure(figure, stem)


def figure_neighbours(neighbours: Sequence[dict], covariate: str, stem: Path) -> list[Path]:
    """Each level's nearest neighbours with cosine intervals, a panel per concept x level."""
    from policytext.figure_style import color_for, new_figure, save_figure

    rows = [row for row in neighbours if row["covariate"] == covariate]
    panels = list(dict.fromkeys((row["concept"], row["level"]) for row in rows))
    if not panels:
        figure, axis = new_figure(height=1.5)
        note(axis, f"no mention of any concept has a value of {covariate}")
        return save_figure(figure, stem)
    columns = min(4, len(panels))
    lines = math.ceil(len(panels) / columns)
    figure, axes = new_figure(height=1.9 * lines, nrows=lines, ncols=columns, squeeze=False)
    flat = [axis for line in axes for axis in line]
    for index, (axis, (concept, level)) in enumerate(zip(flat, panels, strict=False)):
        panel = [row for row in rows if row["concept"] == concept and row["level"] == level]
        count = panel[0]["instances"]
        axis.set_title(f"{concept} | {level} (n={count})", loc="left", fontsize=6)
        if panel[0]["reason"]:
            note(axis, f"not estimated:\n{panel[0]['reason']}")
            continue
        panel.sort(key=lambda row: int(row["rank"]))
        color = color_for(index)
        for position, row in enumerate(reversed(panel)):
            low, high = number(row["ci_low"]), number(row["ci_high"])
            axis.plot([low, high], [position, position], color=color, lw=1)
            axis.plot(number(row["cosine"]), position, "o", color=color, ms=2.5)
        axis.set_yticks(range(len(panel)), [row["word"] for row in reversed(panel)], fontsize=5.5)
        axis.set_xlabel("cosine", fontsize=6)
    for axis in flat[len(panels) :]:
        axis.set_visible(False)
    figure.suptitle(f"Nearest neighbours of each concept's embedding by {covariate}", fontsize=7)
    return save_figure(figure, stem)


def figure_shift(shift: Sequence[dict], stem: Path) -> list[Path]:
    """Cosine between consecutive periods' embeddings, one line per concept."""
    from policytext.figure_style import MARKERS, color_for, new_figure, save_figure

    figure, axis = new_figure(height=2.6)
    if not shift:
        note(axis, "fewer than two periods have mentions: no shift to show")
        return save_figure(figure, stem)
    pairs = list(dict.fromkeys(f"{row['from']}\n-> {row['to']}" for row in shift))
    skipped = []
    for index, concept in enumerate(concepts_of(shift)):
        rows = [row for row in shift if row["concept"] == concept]
        labelled = False
        for row in rows:
            if row["reason"]:
                skipped.append(f"{concept} {row['from']}->{row['to']}: {row['reason']}")
                continue
            position = pairs.index(f"{row['from']}\n-> {row['to']}") + 0.12 * index
            color = color_for(index)
            axis.plot(
                [position, position],
                [number(row["ci_low"]), number(row["ci_high"])],
                color=color,
                lw=1,
            )
            axis.plot(
                position,
                number(row["cosine"]),
                MARKERS[index % len(MARKERS)],
                color=color,
                ms=3.5,
                label=None if labelled else concept,
            )
            labelled = True
    axis.set_xticks(range(len(pairs)), pairs, fontsize=5.5)
    axis.set_ylabel("cosine between periods' embeddings")
    if skipped:
        axis.text(
            0.0,
            -0.35,
            "not estimated: " + "; ".join(skipped[:6]) + (" ..." if len(skipped) > 6 else ""),
            transform=axis.transAxes,
            fontsize=5,
            color="#666666",
            wrap=True,
            va="top",
        )
    handles, _ = axis.get_legend_handles_labels()
    if handles:
        axis.legend(loc="lower left")
    axis.set_title("Period to period: 1 = same contexts, lower = contexts changed", loc="left")
    return save_figure(figure, stem)


def draw_context_figures(context_dir: Path, out_dir: Path, covariates: Sequence[str]) -> list[Path]:
    """Every figure of the stage, from the tables in ``context_dir``."""
    from policytext.io import read_table

    tables = {}
    for name in ("effects", "neighbours", "shift"):
        path = context_dir / f"{name}.csv"
        if not path.is_file():
            raise UserError(f"{path} not found; run the context_effects rule first")
        tables[name] = read_table(path)
    stems = figure_stems(covariates)
    written = figure_norms(tables["effects"], out_dir / stems[0])
    for covariate, stem in zip(covariates, stems[1:-1], strict=True):
        written += figure_neighbours(tables["neighbours"], covariate, out_dir / stem)
    written += figure_shift(tables["shift"], out_dir / stems[-1])
    return written
