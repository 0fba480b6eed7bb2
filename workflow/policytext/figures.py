"""The one figure style every stage shares, and deterministic saving to PNG and SVG.

Figures are drawn for print (sizes in inches at 300 dpi, 8-9 pt text) with the Okabe-Ito
palette, which stays distinguishable under the common colour-vision deficiencies, and with
line styles or markers as a second cue. Saved files carry no dates or random ids, so that
the same data give the same bytes.
"""

from __future__ import annotations

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


def draw_events(axes: Axes, events: Iterable[Event], *, labels: bool = True) -> None:
    """Dashed vertical lines at each event, labelled along the top of the axes."""
    for event in events:
        axes.axvline(event.year_fraction, color="#555555", linestyle=":", linewidth=0.8, zorder=1)
        if labels:
            axes.text(
                event.year_fraction,
                1.0,
                f" {event.label}",
                transform=axes.get_xaxis_transform(),
                rotation=90,
                va="top",
                ha="right",
                fontsize=5.5,
                color="#333333",
            )


def shade_periods(axes: Axes, periods: Sequence[Period], *, last_year: float) -> None:
    """Alternate light shading behind each political period, labelled at the bottom."""
    for index, period in enumerate(periods):
        start = period.start.year + (period.start.timetuple().tm_yday - 1) / 365.25
        end = (
            period.end.year + (period.end.timetuple().tm_yday - 1) / 365.25
            if period.end
            else last_year
        )
        if index % 2 == 0:
            axes.axvspan(start, end, color="#f2f2f2", zorder=0, linewidth=0)
        axes.text(
            (start + end) / 2,
            0.01,
            period.name,
            transform=axes.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=5,
            color="#777777",
        )
