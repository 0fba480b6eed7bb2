"""Figures and tables about the corpus itself: what it holds and what extraction lost.

``corpus/composition.csv`` counts documents by year, doc_type and whether they were usable;
``corpus/extraction_losses.csv`` counts, per document, the words extraction left out of the body
text by reason (running heads, page numbers, tables, rotated labels, margin line numbers,
footnote markers) and its pages without a text layer. The two figures draw exactly these
tables, with the documents warned about heavy losses and the short ones (from
``extraction.csv``) beside the statuses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from policytext.figure_style import PALETTE, WIDTH_FULL, new_figure, save_figure

COMPOSITION_COLUMNS = ("year", "doc_type", "usable", "docs")
LOSSES_COLUMNS = ("doc_id", "status", "kind", "unit", "count")


def composition(documents: Sequence[dict[str, str]]) -> list[dict[str, object]]:
    """Documents per year, doc_type and usability, with every combination that occurs."""
    counts = Counter((int(row["year"]), row["doc_type"], row["usable"]) for row in documents)
    return [
        {"year": year, "doc_type": doc_type, "usable": usable, "docs": docs}
        for (year, doc_type, usable), docs in sorted(counts.items())
    ]


def losses(records: Iterable[dict]) -> list[dict[str, object]]:
    """What extraction left out of each document: words by reason, pages without text, and
    pages whose text has no Unicode mapping."""
    rows = []
    for record in records:
        dropped = record.get("dropped") or {}
        counts = [(reason, "words", n) for reason, n in (dropped.get("words") or {}).items()]
        for kind in ("pages_without_text", "pages_without_unicode"):
            counts.append((kind, "pages", dropped.get(kind, 0)))
        for kind, unit, count in counts:
            if count:
                rows.append(
                    {
                        "doc_id": record["doc_id"],
                        "status": record["status"],
                        "kind": kind,
                        "unit": unit,
                        "count": int(count),
                    }
                )
    return sorted(rows, key=lambda row: (str(row["doc_id"]), str(row["kind"])))


def plot_composition(rows: Sequence[dict[str, object]], stem: Path) -> list[Path]:
    """Stacked bars of usable documents per year by doc_type; unusable ones hatched on top."""
    years = sorted({int(row["year"]) for row in rows})
    doc_types = sorted({str(row["doc_type"]) for row in rows})
    figure, axes = new_figure(width=WIDTH_FULL, height=2.8)
    bottom = dict.fromkeys(years, 0)
    for index, doc_type in enumerate(doc_types):
        heights = [_docs(rows, year, doc_type, "true") for year in years]
        axes.bar(
            years,
            heights,
            bottom=[bottom[y] for y in years],
            label=doc_type,
            color=PALETTE[index % len(PALETTE)],
            width=0.8,
        )
        for year, height in zip(years, heights, strict=True):
            bottom[year] += height
    unusable = [sum(_docs(rows, year, t, "false") for t in doc_types) for year in years]
    if any(unusable):
        axes.bar(
            years,
            unusable,
            bottom=[bottom[y] for y in years],
            width=0.8,
            color="white",
            edgecolor="#555555",
            hatch="////",
            label="not usable",
        )
    axes.set_xlabel("year")
    axes.set_ylabel("documents")
    axes.set_title("Documents per year by type (hatched: could not be read, left out)")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    axes.xaxis.get_major_locator().set_params(integer=True)
    return save_figure(figure, stem)


def _docs(rows: Sequence[dict[str, object]], year: int, doc_type: str, usable: str) -> int:
    """The document count of one cell of the composition table (0 when absent)."""
    return sum(
        int(row["docs"])  # type: ignore[arg-type]
        for row in rows
        if row["year"] == year and row["doc_type"] == doc_type and row["usable"] == usable
    )


def plot_losses(
    loss_rows: Sequence[dict[str, object]], statuses: Counter[str], stem: Path
) -> list[Path]:
    """Two panels: documents by extraction status (and warnings), words left out by reason.

    ``statuses`` may hold, besides the statuses, ``ok: lost many words`` and ``ok: short``,
    drawn hatched below the statuses.
    """
    figure, (left, right) = new_figure(width=WIDTH_FULL, height=2.6, ncols=2)
    names = sorted(statuses, key=lambda name: (name != "ok", name.startswith("ok:"), name))
    left.barh(
        names,
        [statuses[name] for name in names],
        color=[PALETTE[0] if name == "ok" else PALETTE[5] for name in names],
        hatch=["////" if name.startswith("ok:") else "" for name in names],
    )
    left.invert_yaxis()
    left.set_xlabel("documents")
    left.set_title("Extraction status and warnings")
    for y, name in enumerate(names):
        left.text(statuses[name], y, f" {statuses[name]}", va="center", fontsize=7)
    totals: Counter[str] = Counter()
    for row in loss_rows:
        if row.get("unit", "words") == "words":
            totals[str(row["kind"])] += int(row["count"])  # type: ignore[arg-type]
    kinds = sorted(totals, key=lambda kind: -totals[kind])
    right.barh(
        [kind.replace("_", " ") for kind in kinds], [totals[k] for k in kinds], color=PALETTE[2]
    )
    right.invert_yaxis()
    right.set_xlabel("words left out (all documents)")
    right.set_title("What extraction left out")
    if not kinds:
        right.text(
            0.5, 0.5, "nothing left out", ha="center", va="center", transform=right.transAxes
        )
    for y, kind in enumerate(kinds):
        right.text(totals[kind], y, f" {totals[kind]:,}", va="center", fontsize=7)
    for axes in (left, right):
        axes.margins(x=0.18)
    return save_figure(figure, stem)


def status_counts(records: Sequence[dict], extraction: Sequence[dict[str, str]]) -> Counter[str]:
    """Documents per status, plus ok documents warned about lost words and short ones."""
    counts = Counter(record["status"] for record in records)
    warned = sum(1 for record in records if record["status"] == "ok" and record.get("drop_warning"))
    short = sum(1 for row in extraction if row.get("short") == "true")
    if warned:
        counts["ok: lost many words"] = warned
    if short:
        counts["ok: short"] = short
    return counts
