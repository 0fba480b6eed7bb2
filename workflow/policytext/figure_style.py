"""The one figure style every stage shares, and deterministic saving to PNG and SVG.

Figures are drawn for print (sizes in inches at 300 dpi, 8-9 pt text) with the Okabe-Ito
palette, which stays distinguishable under the common colour-vision deficiencies, and with
line styles or markers as a second cue. Saved files carry no dates or random ids, so that
the same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from policytext.periods import Event, Period  # noqa: E402

#: Okabe & Ito (2008), "Color Universal Design": eight colours safe for colour-blind readers.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Single-column and full-width figure widths in inches (journal print sizes).
WIDTH_SINGLE = 3.5
WIDTH_FULL = 7.0
DPI = 300

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "lines.linewidth": 1.4,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "svg.hashsalt": "policytext",
    "svg.fonttype": "none",
    "path.simplify": False,
}


def apply_style() -> None:
    """Set the shared style for every figure drawn after this call."""
    plt.rcParams.update(STYLE)


def new_figure(
    *, width: float = WIDTH_FULL, height: float = 3.0, nrows: int = 1, ncols: int = 1, **kwargs
) -> tuple[Figure, object]:
    """A figure in the shared style, sized in inches for print."""
    apply_style()
    return plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **kwargs)


def color_for(index: int) -> str:
    """The palette colour for the ``index``-th series (wrapping around)."""
    return PALETTE[index % len(PALETTE)]


def save_figure(figure: Figure, stem: str | os.PathLike[str]) -> list[Path]:
    """Save ``figure`` as ``stem.png`` (300 dpi) and ``stem.svg``, without dates; close it."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    figure.savefig(paths[0], dpi=DPI, metadata={"Software": None})
    figure.savefig(paths[1], metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return paths


def year_of(day: dt.date) -> float:
    """A date as a fractional year on a time axis (2014-04-01 -> about 2014.25)."""
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


def clip_periods(periods: Sequence[Period], start: float, end: float) -> list[Period]:
    """Periods overlapping [start, end) years, cut to that range (so labels stay inside)."""
    low = dt.date(int(start), 1, 1)
    high = dt.date(int(math.ceil(end)), 1, 1)
    clipped = []
    for period in periods:
        period_end = period.end or high
        if period.start >= high or period_end <= low:
            continue
        clipped.append(Period(period.name, max(period.start, low), min(period_end, high)))
    return clipped


def shade_periods(
    axes: Axes, periods: Sequence[Period], *, labels: bool, min_label_years: float = 2.5
) -> None:
    """Alternate light shading of the periods, named along the top when wide enough to read.

    Pass periods already cut to the axis range (:func:`clip_periods`); an open-ended period
    is drawn as empty.
    """
    for index, period in enumerate(periods):
        start, end = year_of(period.start), year_of(period.end or period.start)
        if index % 2 == 0:
            axes.axvspan(start, end, color="#eeeeee", zorder=0, linewidth=0)
        if labels and end - start >= min_label_years:
            axes.text(
                (start + end) / 2,
                0.985,
                period.name,
                transform=axes.get_xaxis_transform(),
                ha="center",
                va="top",
                fontsize=5,
                color="#666666",
            )


def draw_events(axes: Axes, events: Iterable[Event], *, numbers: bool) -> None:
    """Dotted lines at the events, numbered above the axes when ``numbers`` (key separate)."""
    for number, event in enumerate(events, start=1):
        axes.axvline(event.year_fraction, color="#555555", ls=":", lw=0.8, zorder=1)
        if numbers:
            axes.text(
                event.year_fraction,
                1.01,
                str(number),
                transform=axes.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=5.5,
                color="#333333",
            )
