"""The corpus manifest: reading, validating, and writing one for a folder of documents.

A manifest is a UTF-8 CSV with one row per document (columns as in the README):
``doc_id, title, publisher, doc_type, year, file`` and optional ``date, url, sha256``; any
other column is kept as a covariate. Validation collects every problem at once, each with
its line and column, so a user can fix a manifest in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from policytext.errors import UserError
from policytext.filetypes import SUPPORTED_SUFFIXES
from policytext.io import sha256_file
from policytext.schema import MANIFEST_SCHEMA

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("doc_id", "title", "publisher", "doc_type", "year", "file")
OPTIONAL_COLUMNS = ("date", "url", "sha256")
DEFAULT_DOC_TYPES = (
    "government",
    "third_sector",
    "parliament",
    "audit",
    "local_government",
    "health_board",
    "academic",
    "other",
)


@dataclass(frozen=True)
class Document:
    """One manifest row, typed. ``path`` is absolute; ``covariates`` holds extra columns."""

    doc_id: str
    title: str
    publisher: str
    doc_type: str
    year: int
    file: str
    path: Path
    date: str = ""
    url: str = ""
    sha256: str = ""
    covariates: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """A problem found in a manifest: where it is, what is wrong, and whether it is fatal."""

    line: int
    column: str
    message: str
    fatal: bool = True

    def describe(self, manifest: Path) -> str:
        """One line a person can act on: ``manifest.csv:7 [year]: ...``."""
        where = f"{manifest}:{self.line}" if self.line else str(manifest)
        column = f" [{self.column}]" if self.column else ""
        kind = "" if self.fatal else " (warning)"
        return f"{where}{column}{kind}: {self.message}"


def read_manifest_text(path: Path) -> str:
    """Read the manifest as UTF-8 (with or without BOM); name the encoding problem otherwise."""
    if not path.is_file():
        raise UserError(f"manifest {path} does not exist; give manifest=PATH/manifest.csv")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UserError(
            f"{path}:{line}: the manifest is not UTF-8 (byte {raw[error.start]:#x} at offset "
            f"{error.start}; it looks like Windows-1252 or Latin-1). Re-save it as UTF-8 "
            "('CSV UTF-8' in a spreadsheet) and run again."
        ) from error


@functools.cache
def row_validator() -> jsonschema.protocols.Validator:
    """A validator for one manifest row, from workflow/schemas/manifest.schema.yaml."""
    schema = yaml.safe_load(MANIFEST_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_problems(row: dict[str, str], line: int) -> list[Problem]:
    """The row's values that break their column's rule in the manifest schema."""
    problems = []
    for error in row_validator().iter_errors(row):
        column = str(error.path[0]) if error.path else ""
        advice = error.schema.get("x-message", error.message)
        value = row.get(column, "")
        problems.append(Problem(line, column, f"{value!r} {advice}"))
    return sorted(
        problems,
        key=lambda problem: list(row).index(problem.column) if problem.column in row else 0,
    )


def check_row(
    row: dict[str, str],
    line: int,
    *,
    root: Path,
    doc_types: Sequence[str],
) -> list[Problem]:
    """Every problem in one manifest row (without the cross-row duplicate check)."""
    problems = schema_problems(row, line)
    checked = {problem.column for problem in problems}
    doc_type = row.get("doc_type", "")
    if "doc_type" not in checked and doc_type not in doc_types:
        problems.append(
            Problem(
                line,
                "doc_type",
                f"unknown doc_type {doc_type!r}; use one of {', '.join(doc_types)} "
                "(or add it to doc_types in the config)",
            )
        )
    date, year = row.get("date", ""), row.get("year", "")
    if date and not checked & {"date", "year"}:
        try:
            if dt.date.fromisoformat(date).year != int(year):
                problems.append(Problem(line, "date", f"date {date} is not in year {year}"))
        except ValueError:
            problems.append(Problem(line, "date", f"{date!r} is not a real calendar date"))
    if "file" not in checked:
        problems += check_file(row.get("file", ""), line, root=root)
    return problems


def check_file(file: str, line: int, *, root: Path) -> list[Problem]:
    """The file must lie inside the corpus folder; a missing file is a warning, not fatal."""
    if not file:
        return []
    path = (root / file).resolve()
    if not path.is_relative_to(root.resolve()):
        return [
            Problem(
                line,
                "file",
                f"{file!r} points outside the corpus folder {root}; copy the document "
                "into that folder and give its path relative to the manifest",
            )
        ]
    if not path.is_file():
        return [
            Problem(
                line,
                "file",
                f"{file} does not exist; it will be reported as 'missing' (supply the file, "
                "or run the fetch step for a manifest with urls)",
                fatal=False,
            )
        ]
    return []


def validate_manifest(
    path: str | Path, *, doc_types: Sequence[str] = DEFAULT_DOC_TYPES
) -> tuple[list[Document], list[Problem]]:
    """Read and check a manifest; returns the documents and every problem found."""
    path = Path(path)
    text = read_manifest_text(path)
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        problem = Problem(
            1,
            "",
            f"missing column(s) {', '.join(missing)}; the header must have "
            f"{', '.join(REQUIRED_COLUMNS)}",
        )
        return [], [problem]
    root = path.parent
    documents: list[Document] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for index, raw_row in enumerate(reader):
        line = index + 2
        row = {(key or "").strip(): (value or "").strip() for key, value in raw_row.items()}
        row_problems = check_row(row, line, root=root, doc_types=doc_types)
        doc_id = row["doc_id"]
        if doc_id in first_line:
            row_problems.append(
                Problem(
                    line,
                    "doc_id",
                    f"duplicate doc_id {doc_id!r} (first on line "
                    f"{first_line[doc_id]}); each document needs its own id",
                )
            )
        first_line.setdefault(doc_id, line)
        problems += row_problems
        if not any(problem.fatal for problem in row_problems):
            documents.append(document_from_row(row, root))
    if not first_line:
        problems.append(Problem(0, "", "the manifest has no rows"))
    return documents, problems


def document_from_row(row: dict[str, str], root: Path) -> Document:
    """Build a Document from a checked row."""
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    return Document(
        doc_id=row["doc_id"],
        title=row["title"],
        publisher=row["publisher"],
        doc_type=row["doc_type"],
        year=int(row["year"]),
        file=row["file"],
        path=(root / row["file"]).resolve(),
        date=row.get("date", ""),
        url=row.get("url", ""),
        sha256=row.get("sha256", "").lower(),
        covariates={key: value for key, value in sorted(row.items()) if key not in known},
    )


def load_manifest(
    path: str | Path, *, doc_types: Sequence[str] = DEFAULT_DOC_TYPES
) -> list[Document]:
    """Read a manifest for the workflow: every fatal problem at once as one UserError."""
    documents, problems = validate_manifest(path, doc_types=doc_types)
    fatal = [problem.describe(Path(path)) for problem in problems if problem.fatal]
    if fatal:
        raise UserError(
            f"the manifest has {len(fatal)} problem(s):\n  "
            + "\n  ".join(fatal)
            + f"\nRun 'policytext check-corpus {path}' after fixing them."
        )
    return sorted(documents, key=lambda document: document.doc_id)


def slugify(name: str) -> str:
    """A doc_id from a file name: lower case, runs of other characters become ``_``."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return slug or "document"


def guess_year(*texts: str) -> str:
    """The first plausible year (1990 to next year) found in the given texts, or ''."""
    latest = dt.date.today().year + 1
    for text in texts:
        for match in re.finditer(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)", text or ""):
            if int(match.group(1)) <= latest:
                return match.group(1)
    return ""


def pdf_metadata_guesses(path: Path) -> tuple[str, str, str]:
    """Title from the PDF metadata or first page's first line, year from metadata or text.

    Returns ``(title, year, source)``; reading failures give empty guesses, never an error.
    """
    try:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            metadata = pdf.metadata or {}
            first_text = ""
            if pdf.pages:
                first_text = pdf.pages[0].extract_text() or ""
                pdf.pages[0].close()
    except Exception as error:  # a broken file still gets a row, flagged for checking
        log.warning("could not read %s for guesses: %s", path, error)
        return "", "", "unreadable"
    title = str(metadata.get("Title") or "").strip()
    source = "metadata"
    if not title:
        lines = [line.strip() for line in first_text.splitlines() if len(line.strip()) > 3]
        title, source = (lines[0], "first page") if lines else ("", "")
    # The first page usually prints the publication year; a PDF's creation date is often a
    # later re-export, so it is only the fallback.
    year = guess_year(first_text, str(metadata.get("CreationDate", ""))[2:6])
    return title, year, source


def init_corpus(folder: Path, *, doc_type: str = "other") -> list[dict[str, str]]:
    """Rows of a new manifest for every supported document under ``folder``.

    doc_id comes from the file name; title and year are guessed from the file's metadata,
    name or first page, and the ``check`` column says which guesses need a person's look.
    """
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES
    )
    if not files:
        raise UserError(
            f"{folder} holds no documents ({', '.join(SUPPORTED_SUFFIXES)}); "
            "put the documents in that folder first"
        )
    rows, used = [], set()
    for path in files:
        doc_id = unique_id(slugify(path.stem), used)
        title, year, source = ("", "", "")
        if path.suffix.lower() == ".pdf":
            title, year, source = pdf_metadata_guesses(path)
        year_from_name = guess_year(path.stem)
        year = year_from_name or year
        check = ["doc_type"]
        if not title:
            title, source = path.stem.replace("_", " ").replace("-", " ").strip(), "file name"
        check.append(f"title (from {source})")
        check.append(
            f"year (from {'file name' if year_from_name else 'metadata or text'})"
            if year
            else "year (not found: fill it in)"
        )
        rows.append(
            {
                "doc_id": doc_id,
                "title": title,
                "publisher": "",
                "doc_type": doc_type,
                "year": year,
                "file": path.relative_to(folder).as_posix(),
                "sha256": sha256_file(path),
                "check": "; ".join(check),
            }
        )
    return rows


def unique_id(candidate: str, used: set[str]) -> str:
    """``candidate``, or ``candidate_2``, ``_3``... if already used; records the result."""
    doc_id, number = candidate, 2
    while doc_id in used:
        doc_id, number = f"{candidate}_{number}", number + 1
    used.add(doc_id)
    return doc_id


DOCUMENT_COLUMNS = (
    "doc_id",
    "title",
    "publisher",
    "doc_type",
    "year",
    "date",
    "period",
    "status",
    "usable",
)


def documents_table(
    documents: Sequence[Document],
    statuses: dict[str, str],
    *,
    periods: Sequence[object] = (),
) -> list[dict[str, object]]:
    """Join manifest rows with extraction status and period: the table later stages read.

    A document is usable when its extraction status is ``ok``; the others stay in the table
    (with their status) so that the report can say what was left out and why.
    """
    from policytext.periods import document_day, period_of

    rows = []
    for document in documents:
        status = statuses.get(document.doc_id, "missing")
        day = document_day(document.year, document.date or None)
        rows.append(
            {
                "doc_id": document.doc_id,
                "title": document.title,
                "publisher": document.publisher,
                "doc_type": document.doc_type,
                "year": document.year,
                "date": document.date,
                "period": period_of(day, periods) or "",  # type: ignore[arg-type]
                "status": status,
                "usable": status == "ok",
                **document.covariates,
            }
        )
    return sorted(rows, key=lambda row: str(row["doc_id"]))
