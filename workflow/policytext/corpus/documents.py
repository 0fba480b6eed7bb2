"""The one reader of ``documents.csv``: the usable documents every analysis stage models.

``documents.csv`` is the manifest joined with each document's extraction status and period
(``policytext documents``). Every stage reads it through :func:`read_usable_documents`, so
that all of them agree on which rows are usable, on a missing doc_type, and on the date a
document is placed at on the time axis.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from policytext.errors import UserError
from policytext.io import read_table
from policytext.periods import document_day

#: The doc_type of a row that has none (the manifest requires one; hand-made tables may not).
MISSING_DOC_TYPE = "other"

#: The columns of documents.csv that are not covariates of a document.
BOOKKEEPING_COLUMNS = frozenset({"file", "sha256", "url", "status", "usable", "check"})


@dataclass(frozen=True)
class UsableDocument:
    """One usable document's metadata, as the analysis stages need it.

    ``day`` places the document on the time axis (its ``date``, else the middle of its
    year); ``covariates`` holds every other column of its row (title, publisher, and any
    column the user added to the manifest), for stages that model them.
    """

    doc_id: str
    year: int
    doc_type: str
    period: str = ""
    day: dt.date | None = None
    covariates: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


def read_usable_documents(path: str | os.PathLike[str]) -> list[UsableDocument]:
    """The usable rows of documents.csv, sorted by doc_id; a bad row raises UserError.

    A missing file, a table without ``doc_id``, a year that is not a year, and a table with
    no usable row at all are the user's to fix, and each says so.
    """
    if not os.path.isfile(path):
        raise UserError(f"{path}: documents table not found; run the documents rule first")
    rows = read_table(path)
    if rows and "doc_id" not in rows[0]:
        raise UserError(f"{path}: no doc_id column; is this the documents.csv of a run?")
    documents = [
        document_from_row(row, path=path, line=line)
        for line, row in enumerate(rows, start=2)
        if str(row.get("usable", "true")).strip().lower() == "true"
    ]
    if not documents:
        raise UserError(f"{path}: no usable documents; check extraction.csv for the reasons")
    return sorted(documents, key=lambda document: document.doc_id)


def document_from_row(
    row: Mapping[str, str], *, path: str | os.PathLike[str], line: int
) -> UsableDocument:
    """One row of documents.csv as a :class:`UsableDocument`."""
    try:
        year = int(row["year"])
    except (KeyError, ValueError) as error:
        raise UserError(f"{path}, line {line}: year {row.get('year')!r} is not a year") from error
    return UsableDocument(
        doc_id=row["doc_id"],
        year=year,
        doc_type=row.get("doc_type") or MISSING_DOC_TYPE,
        period=row.get("period") or "",
        day=document_day(year, row.get("date") or None),
        covariates={
            key: value
            for key, value in row.items()
            if key not in BOOKKEEPING_COLUMNS and key not in {"doc_id", "year", "doc_type"}
        },
    )
