"""Figures of the term stage, drawn from its CSV tables only (every plotted number is in one).

- ``terms_trends``: rate per 10,000 tokens of each focus concept by year, standardised to a
  fixed doc_type mix (group ``all``), with its model interval as a band, the raw pooled rate
  (``all_raw``) as a thin grey line, policy events as dotted lines and political periods
  shaded. Years that are not estimated leave a gap; a concept with fewer than
  ``min_years_for_trend`` estimated years gets a note in its panel instead of a line.
- ``terms_trends_related``: the same for the other concepts, as small multiples.
- ``terms_doc_share``: share of documents mentioning each focus concept, by year.
- ``terms_sectors``: focus-concept rates by year with their bands, one panel per doc_type.
- ``terms_frames`` / ``terms_frames_groups``: frame shares (%) in focus-concept contexts by
  period / by doc_type, as annotated heat maps.
- ``terms_collocates_{concept}``: the strongest collocates per period (log-likelihood).
- ``terms_keyness`` / ``terms_keyness_events``: log ratios of the most key words, group
  against group and after against before each event.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from policytext.errors import UserError
from policytext.figure_style import (
    MARKERS,
    PALETTE,
    WIDTH_FULL,
    clip_periods,
    color_for,
    draw_events,
    new_figure,
    save_figure,
    shade_periods,
)
from policytext.periods import Event, Period, parse_events, parse_periods

logger = logging.getLogger(__name__)

ALL = "all"
ALL_RAW = "all_raw"
#: Sequential colour map for heat maps: light to the palette's blue (readable in grey too).
HEAT_CMAP = "Blues"


def year_axis_range(years: Sequence[int]) -> tuple[float, float]:
    """The x range covering whole years (a year's value is drawn at its middle)."""
    return (min(years), max(years) + 1)


def events_in(events: Sequence[Event], start: float, end: float) -> list[Event]:
    """Events inside the year range."""
    return [event for event in events if start <= event.year_fraction <= end]


def event_key(events: Sequence[Event], *, width: int = 150) -> str:
    """The key to the numbered event lines, wrapped to the figure width."""
    import textwrap

    # No-break spaces inside an item, so that lines break only between items.
    parts = [
        f"{n} {event.label} ({event.date:%b %Y})".replace(" ", "\u00a0")
        for n, event in enumerate(events, 1)
    ]
    return textwrap.fill("Events: " + " \u00b7 ".join(parts), width=width)


def time_context(
    axes,
    *,
    years: Sequence[int],
    periods: Sequence[Period],
    events: Sequence[Event],
    labels: bool,
    label_years: float = 2.5,
) -> None:
    """Shade periods and draw events behind a yearly series; fix the x range.

    ``events`` should already be cut to the range (see :func:`events_in`), so that the
    numbers match the key. Periods shorter than ``label_years`` are shaded but not named
    (their names would overlap in a narrow panel).
    """
    start, end = year_axis_range(years)
    shade_periods(
        axes, clip_periods(periods, start, end), labels=labels, min_label_years=label_years
    )
    draw_events(axes, events, numbers=labels)
    axes.set_xlim(start, end)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))


def leave_headroom(axes, *, top: float | None = None, share: float = 0.12) -> None:
    """Start the y axis at 0 and keep the top ``share`` of the axes free for period names."""
    data_top = axes.get_ylim()[1] if top is None else top
    axes.set_ylim(0, (data_top or 1.0) / (1 - share))


#: Bands are cut at this multiple of the highest estimate in the panel, so that one cell
#: resting on a few words (a huge interval) does not flatten every other year.
BAND_CUT = 3.0


def plot_rate_series(axes, cell: pd.DataFrame, *, index: int, value: str, band: bool) -> None:
    """One concept's yearly series: a line and markers, its interval as a band and whiskers.

    Rows without a value (not estimated) leave a gap in the line.
    """
    cell = cell.sort_values("year")
    x = cell["year"].to_numpy() + 0.5
    color = color_for(index)
    if band:
        axes.fill_between(x, cell["ci_low"], cell["ci_high"], color=color, alpha=0.18, lw=0)
        # Whiskers too, so that a year between two gaps still shows its interval.
        axes.vlines(x, cell["ci_low"], cell["ci_high"], color=color, lw=0.7, alpha=0.6)
    axes.plot(x, cell[value], color=color, lw=1.2, zorder=3)
    axes.plot(
        x,
        cell[value],
        ls="none",
        marker=MARKERS[index % len(MARKERS)],
        ms=3.2,
        color=color,
        zorder=4,
    )


def trend_problem(cell: pd.DataFrame, *, min_years: int) -> str:
    """Why a concept/group's trend cannot be drawn (empty when it can).

    The reason is the most common reason of its rows when no year is estimated, else the
    number of estimated years against ``min_years``.
    """
    estimated = cell.dropna(subset=["rate_per_10k"])
    if len(estimated) >= min_years:
        return ""
    if estimated.empty and cell["reason"].notna().any():
        return str(cell["reason"].dropna().mode().iloc[0])
    years = len(estimated)
    return f"not_estimated: {years} year{'s' if years != 1 else ''} < {min_years}"


def panel_note(axes, text: str) -> None:
    """Write ``text`` in the middle of a panel that has nothing estimable to show."""
    axes.text(
        0.5,
        0.5,
        text,
        ha="center",
        va="center",
        fontsize=7,
        color="0.3",
        wrap=True,
        transform=axes.transAxes,
        bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.7"},
    )


def rate_axis_top(cells: pd.DataFrame) -> tuple[float, bool]:
    """The y-axis top for rates with bands, and whether a band is cut by it."""
    estimates = cells["rate_per_10k"].dropna()
    highs = cells["ci_high"].dropna()
    if estimates.empty:
        return 1.0, False
    top = max(float(highs.max()) if not highs.empty else 0.0, float(estimates.max()))
    cut = BAND_CUT * max(float(estimates.max()), 1e-9)
    return (cut, True) if top > cut else (top, False)


def draw_rate_panel(
    axes, data: pd.DataFrame, concepts: Sequence[str], *, indices: Sequence[int], min_years: int
) -> bool:
    """Draw each concept's series with its band, or a note when none can be drawn.

    Returns whether a band was cut at the top of the axis.
    """
    notes = []
    drawn = []
    for index, concept in zip(indices, concepts, strict=True):
        cell = data[data["concept"] == concept]
        problem = trend_problem(cell, min_years=min_years)
        if problem:
            notes.append(f"{concept}: {problem}" if len(concepts) > 1 else problem)
            continue
        plot_rate_series(axes, cell, index=index, value="rate_per_10k", band=True)
        drawn.append(cell)
    if notes:
        panel_note(axes, "not drawn\n" + "\n".join(notes))
    if not drawn:
        axes.set_ylim(0, 1)
        axes.set_yticks([])
        return False
    top, cut = rate_axis_top(pd.concat(drawn))
    leave_headroom(axes, top=top)
    return cut


def rates_note(min_docs: int, *, cut: bool) -> str:
    """The figure note on gaps (cells not estimated) and cut bands."""
    note = f"gaps: not estimated, e.g. fewer than {min_docs} documents (reason in rates.csv)"
    return note + (f"; bands cut at {BAND_CUT:g}x the highest rate" if cut else "")


def read_rates(path: Path) -> pd.DataFrame:
    """rates.csv with typed columns (empty numbers as NaN, empty reasons as NaN)."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def figure_trends(
    rates: pd.DataFrame,
    concepts: Sequence[str],
    *,
    periods: Sequence[Period],
    events: Sequence[Event],
    min_docs: int,
    min_years: int,
    small: bool = False,
):
    """Standardised rates per 10,000 tokens by year, one panel per concept (group ``all``).

    The raw pooled rate (``all_raw``) is drawn beside it as a thin grey line.
    """
    data = rates[rates["group"] == ALL]
    raw = rates[rates["group"] == ALL_RAW]
    years = sorted(data["year"].unique())
    events = events_in(events, *year_axis_range(years))
    ncols = 3 if small else 1
    nrows = max(1, math.ceil(len(concepts) / ncols))
    height = (1.6 if small else 2.0) * nrows + 0.6
    figure, axes_grid = new_figure(
        width=WIDTH_FULL, height=height, nrows=nrows, ncols=ncols, sharex=True, squeeze=False
    )
    axes_list = list(np.ravel(axes_grid))
    cut = False
    for index, (axes, concept) in enumerate(zip(axes_list, concepts, strict=False)):
        time_context(
            axes,
            years=years,
            periods=periods,
            events=events,
            labels=index < ncols,
            label_years=math.inf if small else 2.5,
        )
        pooled = raw[raw["concept"] == concept].sort_values("year")
        if not trend_problem(data[data["concept"] == concept], min_years=min_years):
            axes.plot(pooled["year"] + 0.5, pooled["rate_per_10k"], color="0.55", lw=0.7, ls="--")
        cut |= draw_rate_panel(axes, data, [concept], indices=[index], min_years=min_years)
        axes.set_title(concept, loc="left", pad=9)
        axes.set_ylabel("per 10,000 tokens")
    for axes in axes_list[len(concepts) :]:
        axes.set_visible(False)
    figure.suptitle(
        "Rate per 10,000 tokens, standardised to a fixed doc_type mix (band: 95% interval of a "
        "negative-binomial model of documents; dashed grey: all documents pooled; "
        + rates_note(min_docs, cut=cut)
        + ")",
        fontsize=7,
        wrap=True,
    )
    figure.supxlabel(event_key(events), fontsize=5.5, ha="left", x=0.01)
    return figure


def figure_doc_share(
    rates: pd.DataFrame, concepts: Sequence[str], *, periods, events, min_docs, min_years
):
    """Share of documents mentioning each focus concept, by year (group ``all``)."""
    data = rates[rates["group"] == ALL]
    years = sorted(data["year"].unique())
    events = events_in(events, *year_axis_range(years))
    figure, axes = new_figure(width=WIDTH_FULL, height=3.0)
    time_context(axes, years=years, periods=periods, events=events, labels=True)
    for index, concept in enumerate(concepts):
        cell = data[data["concept"] == concept]
        plot_rate_series(axes, cell, index=index, value="doc_share", band=False)
        axes.plot([], [], color=color_for(index), marker=MARKERS[index], label=concept)
    leave_headroom(axes, top=1.02)
    axes.set_ylabel("share of documents mentioning")
    axes.legend(
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        title="all documents",
        title_fontsize=6,
    )
    figure.supxlabel(event_key(events), fontsize=5.5, ha="left", x=0.01)
    return figure


def figure_sectors(
    rates: pd.DataFrame, concepts: Sequence[str], *, periods, events, min_docs, min_years
):
    """Focus-concept rates by year with bands, one panel per doc_type (each its own y axis)."""
    groups = sorted(set(rates["group"]) - {ALL, ALL_RAW})
    years = sorted(rates["year"].unique())
    events = events_in(events, *year_axis_range(years))
    ncols = min(2, max(1, len(groups)))
    nrows = max(1, math.ceil(len(groups) / ncols))
    figure, axes_grid = new_figure(
        width=WIDTH_FULL,
        height=2.0 * nrows + 0.6,
        nrows=nrows,
        ncols=ncols,
        sharex=True,
        sharey=False,
        squeeze=False,
    )
    axes_list = list(np.ravel(axes_grid))
    cut = False
    for position, (axes, group) in enumerate(zip(axes_list, groups, strict=False)):
        time_context(
            axes,
            years=years,
            periods=periods,
            events=events,
            labels=position < ncols,
            label_years=4.5 if ncols > 1 else 2.5,
        )
        data = rates[rates["group"] == group]
        docs = data.drop_duplicates("year")["docs"].sum()
        cut |= draw_rate_panel(
            axes, data, concepts, indices=range(len(concepts)), min_years=min_years
        )
        axes.set_title(f"{group} ({docs} documents)", loc="left", pad=9)
        axes.set_ylabel("per 10,000 tokens")
    for axes in axes_list[len(groups) :]:
        axes.set_visible(False)
    handles = [
        axes_list[0].plot([], [], color=color_for(i), marker=MARKERS[i], label=concept)[0]
        for i, concept in enumerate(concepts)
    ]
    figure.legend(
        handles=handles,
        loc="outside upper center",
        ncols=len(concepts),
        title="Rate per 10,000 tokens by doc_type (bands: 95% intervals); "
        + rates_note(min_docs, cut=cut),
        title_fontsize=7,
    )
    figure.supxlabel(event_key(events), fontsize=5.5, ha="left", x=0.01)
    return figure


def heat_panel(
    axes,
    table: pd.DataFrame,
    *,
    title: str,
    show_rows: bool,
    fmt: str,
    per_column: bool = False,
) -> None:
    """An annotated heat map of ``table`` (rows x columns); NaN cells left blank.

    With ``per_column`` the shade is relative to each column's largest value (so that
    columns of different sizes compare by their pattern); the printed numbers are the values.
    """
    values = table.to_numpy(dtype=float)
    shades = values.copy()
    if per_column and values.size:
        with np.errstate(invalid="ignore", divide="ignore"):
            shades = values / np.nanmax(np.where(np.isfinite(values), values, np.nan), axis=0)
    finite = shades[np.isfinite(shades)]
    top = finite.max() if finite.size else 1.0
    axes.imshow(
        np.ma.masked_invalid(shades), cmap=HEAT_CMAP, vmin=0, vmax=top or 1.0, aspect="auto"
    )
    axes.grid(False)
    for (row, column), value in np.ndenumerate(values):
        if np.isfinite(value):
            dark = top and shades[row, column] > 0.6 * top
            axes.text(
                column,
                row,
                format(value, fmt),
                ha="center",
                va="center",
                fontsize=5.5,
                color="white" if dark else "black",
            )
    axes.set_xticks(range(len(table.columns)), table.columns, rotation=45, ha="right")
    axes.set_yticks(range(len(table.index)), table.index if show_rows else [])
    axes.tick_params(length=0)
    axes.set_title(title, loc="left")
    for spine in axes.spines.values():
        spine.set_visible(False)


def figure_frames(frames: pd.DataFrame, concepts: Sequence[str], *, by: str, fixed: dict):
    """Frame shares (%) in each focus concept's contexts, by period or by group."""
    selected = frames[(frames[list(fixed)] == pd.Series(fixed)).all(axis=1)]
    frame_names = list(dict.fromkeys(frames["frame"]))
    figure, axes_row = new_figure(
        width=WIDTH_FULL, height=3.4, ncols=max(1, len(concepts)), squeeze=False
    )
    for index, (axes, concept) in enumerate(zip(axes_row[0], concepts, strict=False)):
        data = selected[selected["concept"] == concept]
        columns = list(dict.fromkeys(data[by]))
        table = (
            data.pivot(index="frame", columns=by, values="share").reindex(frame_names)[columns]
            * 100
            if len(data)
            else pd.DataFrame(index=frame_names)
        )
        mentions = data.drop_duplicates(by).set_index(by)["mentions"]
        table.columns = [f"{column} ({mentions[column]})" for column in table.columns]
        heat_panel(axes, table, title=concept, show_rows=(index == 0), fmt=".0f")
    what = "political period" if by == "period" else "doc_type"
    figure.suptitle(
        f"Frames around each concept by {what}: % of frame words in the contexts "
        "(columns sum to 100; in brackets: the concept's mentions)",
        fontsize=7,
    )
    return figure


def figure_collocates(collocates: pd.DataFrame, concept: str, *, per_period: int = 5):
    """Top collocates of one concept per period: log-likelihood (blank: not in the top N)."""
    data = collocates[collocates["concept"] == concept]
    periods = list(dict.fromkeys(data["period"]))
    words: list[str] = []
    for period in periods:
        top = data[(data["period"] == period) & (data["rank"] <= per_period)]
        words += [word for word in top["collocate"] if word not in words]
    height = 1.0 + 0.16 * max(len(words), 3)
    figure, axes = new_figure(width=WIDTH_FULL * 0.75, height=height)
    table = (
        data.pivot(index="collocate", columns="period", values="log_likelihood").reindex(
            index=words, columns=periods
        )
        if len(data)
        else pd.DataFrame()
    )
    heat_panel(
        axes,
        table,
        title=f"{concept}: collocates by period",
        show_rows=True,
        fmt=".0f" if table.size and np.nanmax(table.to_numpy(float)) >= 10 else ".1f",
        per_column=True,
    )
    figure.suptitle(
        f"Log-likelihood of the top {per_period} collocates of each period\n"
        "(shade relative to the period's strongest; blank: not among its top collocates)",
        fontsize=6,
    )
    return figure


def keyness_panel(axes, data: pd.DataFrame, *, per_side: int, title: str) -> None:
    """Diverging bars of log ratio for the top words each way (ranked by G2)."""
    data = data[data["rank"] <= per_side].sort_values("log_ratio")
    if data.empty:
        axes.text(0.5, 0.5, "no key words", ha="center", va="center", transform=axes.transAxes)
        axes.set_title(title, loc="left")
        return
    target, reference = data["target"].iloc[0], data["reference"].iloc[0]
    colors = [PALETTE[0] if key == target else PALETTE[1] for key in data["key_for"]]
    positions = np.arange(len(data))
    axes.barh(positions, data["log_ratio"], color=colors, height=0.75)
    axes.set_yticks(positions, data["word"])
    axes.axvline(0, color="black", lw=0.6)
    axes.set_xlabel(f"log2 ratio {target} / {reference}")
    axes.set_title(title, loc="left", fontsize=7)
    axes.grid(axis="y", visible=False)


def figure_keyness(
    keyness: pd.DataFrame, comparisons: Sequence[str], *, per_side: int, labels: dict[str, str]
):
    """Small multiples of keyness panels, one per comparison."""
    count = max(1, len(comparisons))
    ncols = 1 if count == 1 else (2 if count <= 4 else 3)
    nrows = math.ceil(count / ncols)
    figure, axes_grid = new_figure(
        width=WIDTH_FULL,
        height=0.15 * 2 * per_side * nrows + 0.8,
        nrows=nrows,
        ncols=ncols,
        squeeze=False,
    )
    axes_list = list(np.ravel(axes_grid))
    for axes, comparison in zip(axes_list, comparisons, strict=False):
        keyness_panel(
            axes,
            keyness[keyness["comparison"] == comparison],
            per_side=per_side,
            title=labels.get(comparison, comparison),
        )
    for axes in axes_list[len(comparisons) :]:
        axes.set_visible(False)
    figure.suptitle(
        f"Key words (top {per_side} each way by log-likelihood): blue bars are more frequent in "
        "the target (right of 0), orange in the reference (left of 0)",
        fontsize=7,
    )
    if not comparisons:
        axes_list[0].text(
            0.5,
            0.5,
            "no comparison had documents on both sides",
            ha="center",
            va="center",
            transform=axes_list[0].transAxes,
        )
    return figure


def draw_term_figures(terms_dir: Path, out_dir: Path, options: dict) -> list[Path]:
    """Read the term tables and write every figure of the stage; returns the files written."""
    periods = parse_periods(options.get("periods") or [])
    events = parse_events(options.get("events") or [])
    focus = list(options.get("focus") or ["co-production", "co-creation", "co-design"])
    min_docs = int(options.get("min_docs_per_cell", 2))
    min_years = int(options.get("min_years_for_trend", 3))
    rates = read_rates(terms_dir / "rates.csv")
    concepts = list(dict.fromkeys(rates["concept"]))
    missing = [name for name in focus if name not in concepts]
    if missing:
        raise UserError(f"{terms_dir / 'rates.csv'}: focus concepts {missing} are not in it")
    related = [name for name in concepts if name not in focus]
    frames = pd.read_csv(terms_dir / "frames.csv", keep_default_na=False, na_values=[""])
    collocates = pd.read_csv(terms_dir / "collocates.csv", keep_default_na=False, na_values=[""])
    keyness = pd.read_csv(terms_dir / "keyness.csv", keep_default_na=False, na_values=[""])
    context = {
        "periods": periods,
        "events": events,
        "min_docs": min_docs,
        "min_years": min_years,
    }
    figures = {
        "terms_trends": figure_trends(rates, focus, **context),
        "terms_trends_related": figure_trends(rates, related, small=True, **context),
        "terms_doc_share": figure_doc_share(rates, focus, **context),
        "terms_sectors": figure_sectors(rates, focus, **context),
        "terms_frames": figure_frames(frames, focus, by="period", fixed={"group": ALL}),
        "terms_frames_groups": figure_frames(frames, focus, by="group", fixed={"period": ALL}),
    }
    for concept in focus:
        figures[f"terms_collocates_{concept}"] = figure_collocates(collocates, concept)
    comparisons = list(dict.fromkeys(keyness["comparison"]))
    event_labels = {
        f"{event.name}_after_vs_before": f"{event.label}\n({event.date.isoformat()})"
        for event in events
    }
    group_comparisons = [name for name in comparisons if name not in event_labels]
    event_comparisons = [name for name in comparisons if name in event_labels]
    group_labels = {name: name.replace("_vs_", " vs ") for name in group_comparisons}
    figures["terms_keyness"] = figure_keyness(
        keyness, group_comparisons, per_side=12, labels=group_labels
    )
    figures["terms_keyness_events"] = figure_keyness(
        keyness, event_comparisons, per_side=6, labels=event_labels
    )
    from policytext.terms import figure_stems

    declared = figure_stems({"terms": {"focus": focus}})
    assert list(figures) == declared, "update policytext.terms.figure_stems"
    written = []
    for stem, figure in figures.items():
        written += save_figure(figure, out_dir / stem)
    return written
