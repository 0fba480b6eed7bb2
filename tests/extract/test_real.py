"""Extraction on the real policy PDFs in ../shared/corpus/real (skipped when absent)."""

from __future__ import annotations

import csv
import re

import pytest

from policytext.extract.engines import STATUSES, extract_document
from policytext.text.tokenize import tokenize
from tests.support import paths
from tests.support.paths import PROJECT
from tests.support.scoring import bigrams, raw_pypdfium2_pages

# ../shared beside the repository, or beside the folder of git worktrees holding it.
REAL = next(
    (
        folder
        for folder in (paths.REAL, PROJECT.parent.parent / "shared" / "corpus" / "real")
        if (folder / "manifest.csv").is_file()
    ),
    paths.REAL,
)

pytestmark = [
    pytest.mark.real,
    pytest.mark.skipif(
        not (REAL / "manifest.csv").is_file(), reason=f"real PDFs not found at {REAL}"
    ),
]

#: Phrases read off the printed pages (checked by eye), one per document.
KNOWN_PHRASES = {
    "sg_2012_collecting_equality_information_age": (
        "The Equality Act 2010 protects people from discrimination because of age"
    ),
    "ukgov_2015_gds_digital_service_standard": "Understand user needs",
    "sg_2019_homelessness_in_scotland_biannual_update_apr_sep_2018": (
        "This bulletin provides information on local authority homelessness applications"
    ),
    "ukgov_2008_think_research_using_research_evidence_service_planning": (
        "Effective services are key to driving change"
    ),
    "iriss_2009_information_literacy_step1_question": (
        "Defining the question related to your information need is vital"
    ),
}


def manifest() -> list[dict[str, str]]:
    if not (REAL / "manifest.csv").is_file():
        return []
    with (REAL / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
def test_every_real_pdf_gets_a_status_and_readable_text(engine: str) -> None:
    rows = manifest()
    assert len(rows) >= 20
    for row in rows:
        result = extract_document(
            REAL / row["file"], doc_id=row["doc_id"], engine=engine, sha256=row["sha256"]
        )
        assert result.status in STATUSES, row["doc_id"]
        assert result.status == "ok", f"{row['doc_id']}: {result.status} {result.message}"
        assert result.pages == int(row["pages"])
        words = tokenize(result.text)
        # Readable: mostly real words, not glyph soup or words run together.
        long_runs = [word for word in words if len(word) > 25 and "-" not in word]
        assert len(words) > 50, row["doc_id"]
        assert len(long_runs) <= 0.01 * len(words), (row["doc_id"], long_runs[:5])


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
@pytest.mark.parametrize("doc_id", sorted(KNOWN_PHRASES))
def test_known_phrases_come_out_whole(doc_id: str, engine: str) -> None:
    row = next(row for row in manifest() if row["doc_id"] == doc_id)
    result = extract_document(REAL / row["file"], engine=engine)
    assert KNOWN_PHRASES[doc_id] in squeeze(result.text)


def test_pages_without_text_layer_are_named() -> None:
    doc_id = "ukgov_2008_think_research_using_research_evidence_service_planning"
    row = next(row for row in manifest() if row["doc_id"] == doc_id)
    result = extract_document(REAL / row["file"])
    assert result.status == "ok"
    assert "2 of 32 pages without a text layer (pages 2, 31)" in result.message
    assert result.dropped["pages_without_text"] == 2


def test_running_text_is_kept_in_order_as_raw_pdfium_keeps_it() -> None:
    """Word bigrams of raw pypdfium2 text (content-stream order) that the engine keeps.

    Tables are kept for this check, so that only reading order and the running heads and
    page numbers the engine drops on purpose can cost bigrams. Splicing two columns line by
    line, or a margin label into a sentence, loses the bigrams at every spliced line end.
    """
    kept = total = 0
    for row in manifest():
        path = REAL / row["file"]
        pages = raw_pypdfium2_pages(path, hyphen="-")
        result = extract_document(path, timeout=None, tables="keep")
        assert result.text.count("\f") == len(pages) - 1, row["doc_id"]
        wanted = bigrams(tokenize("\n".join(pages)))
        found = bigrams(tokenize(result.text))
        share = sum((wanted & found).values()) / sum(wanted.values())
        assert share >= 0.88, (row["doc_id"], round(share, 3))
        kept += sum((wanted & found).values())
        total += sum(wanted.values())
    assert kept / total >= 0.93, round(kept / total, 3)
