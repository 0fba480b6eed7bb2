"""Mixed-methods export: a selection of concordance lines as CSV and DOCX, for coding.

A researcher who pairs the counts with qualitative coding (NVivo, ATLAS.ti, or by hand)
needs the passages themselves, each with a citation. :func:`select_passages` picks the KWIC
lines of one concept (``terms/kwic/{concept}.csv``) by doc_type, year range or period,
publisher and a free-text search (case-insensitive, over the line, its sentence and the
document's title); :func:`write_passages_csv` writes them as a table and
:func:`write_passages_docx` as a Word document with one passage a paragraph (the sentence the
mention sits in, or its KWIC line when the sentence is not known) followed by its citation:
title, publisher, year and page. Both keep the KWIC table's order (doc_id, then position).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policytext.errors import UserError

PASSAGE_COLUMNS = [
    "concept",
    "doc_id",
    "title",
    "publisher",
    "doc_type",
    "year",
    "period",
    "page",
    "left",
    "match",
    "right",
    "sentence",
    "citation",
]


@dataclass(frozen=True)
class Selection:
    """Which lines to export; an empty or None field does not filter."""

    concept: str
    doc_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    periods: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    search: str = ""

    def describe(self) -> str:
        """The selection in words, for the document's heading."""
        parts = [f"concept {self.concept}"]
        if self.doc_types:
            parts.append("doc_type " + ", ".join(self.doc_types))
        if self.year_from is not None or self.year_to is not None:
            parts.append(f"years {self.year_from or '…'}–{self.year_to or '…'}")
        if self.periods:
            parts.append("period " + ", ".join(self.periods))
        if self.publishers:
            parts.append("publisher " + ", ".join(self.publishers))
        if self.search:
            parts.append(f"text containing “{self.search}”")
        return "; ".join(parts)


def citation(row: Mapping[str, Any]) -> str:
    """A passage's citation: title, publisher, year and page (when the document has pages).

    >>> citation({"title": "A Plan", "publisher": "Gov", "year": "2016", "page": "4"})
    'A Plan, Gov, 2016, p. 4'
    """
    parts = [str(row["title"]), str(row["publisher"]), str(row["year"])]
    if str(row.get("page") or ""):
        parts.append(f"p. {row['page']}")
    return ", ".join(part for part in parts if part)


def selected(row: Mapping[str, str], selection: Selection) -> bool:
    """Whether one joined line (KWIC row plus document columns) is in the selection."""
    year = int(row["year"])
    if selection.doc_types and row["doc_type"] not in selection.doc_types:
        return False
    if selection.year_from is not None and year < selection.year_from:
        return False
    if selection.year_to is not None and year > selection.year_to:
        return False
    if selection.periods and row["period"] not in selection.periods:
        return False
    if selection.publishers and row["publisher"] not in selection.publishers:
        return False
    if selection.search:
        haystack = " ".join(
            row.get(key, "") for key in ("left", "match", "right", "sentence", "title")
        )
        if selection.search.lower() not in haystack.lower():
            return False
    return True


def select_passages(results_dir: Path, selection: Selection) -> list[dict[str, str]]:
    """The concept's KWIC lines in the selection, joined with their documents' metadata.

    Raises UserError when the concept's KWIC table or documents.csv is missing.
    """
    from policytext.io import read_table

    kwic_path = results_dir / "terms" / "kwic" / f"{selection.concept}.csv"
    documents_path = results_dir / "documents.csv"
    for path in (kwic_path, documents_path):
        if not path.is_file():
            raise UserError(
                f"{path}: not found; run the workflow first, and name a concept of terms.concepts"
            )
    documents = {row["doc_id"]: row for row in read_table(documents_path)}
    passages = []
    for line, row in enumerate(read_table(kwic_path), start=2):
        document = documents.get(row["doc_id"])
        if document is None:
            raise UserError(
                f"{kwic_path}, line {line}: doc_id {row['doc_id']!r} is not in documents.csv"
            )
        joined = {
            "concept": selection.concept,
            **row,
            "title": document.get("title", ""),
            "publisher": document.get("publisher", ""),
            "period": document.get("period", ""),
        }
        if selected(joined, selection):
            passages.append({**joined, "citation": citation(joined)})
    return passages


def write_passages_csv(path: Path, passages: Sequence[Mapping[str, str]]) -> Path:
    """The passages as a CSV table (:data:`PASSAGE_COLUMNS`)."""
    from policytext.io import write_table

    return write_table(path, passages, PASSAGE_COLUMNS)


def write_passages_docx(
    path: Path, passages: Sequence[Mapping[str, str]], selection: Selection
) -> Path:
    """The passages as a Word document: one paragraph each (the sentence, or the KWIC line
    with the mention in bold), then its citation in italics."""
    import docx

    document = docx.Document()
    document.core_properties.title = f"Passages: {selection.describe()}"
    document.add_heading(f"Passages: {selection.describe()}", level=1)
    document.add_paragraph(
        f"{len(passages)} passage(s), exported by policytext from terms/kwic/"
        f"{selection.concept}.csv. Each paragraph is the sentence a mention sits in "
        "(or its concordance line), followed by its source."
    )
    for passage in passages:
        paragraph = document.add_paragraph()
        sentence = passage.get("sentence") or ""
        if sentence:
            paragraph.add_run(sentence)
        else:
            paragraph.add_run(f"… {passage['left']} ")
            paragraph.add_run(passage["match"]).bold = True
            paragraph.add_run(f" {passage['right']} …")
        paragraph.add_run(" — ")
        paragraph.add_run(passage["citation"]).italic = True
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
