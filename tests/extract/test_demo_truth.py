"""Extraction against the demo corpus's ground truth (skipped when corpus/demo is absent)."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest

from policytext.extract.engines import extract_document
from policytext.io import read_table
from policytext.text.tokenize import tokenize
from tests.support.paths import DEMO

pytestmark = pytest.mark.skipif(
    not (DEMO / "truth" / "documents.csv").is_file(), reason=f"no demo corpus at {DEMO}"
)


def truth_rows() -> list[dict[str, str]]:
    if not (DEMO / "truth" / "documents.csv").is_file():
        return []
    return read_table(DEMO / "truth" / "documents.csv")


def files() -> dict[str, str]:
    return {row["doc_id"]: row["file"] for row in read_table(DEMO / "manifest.csv")}


def layout_samples() -> list[str]:
    """One readable document per layout: column count x table x footnotes x ligatures."""
    chosen: dict[tuple[str, ...], str] = {}
    for row in truth_rows():
        if row["expected_status"] != "ok":
            continue
        key = (row["columns"], row["has_table"], row["has_footnotes"], row["ligatures"] != "0")
        chosen.setdefault(key, row["doc_id"])
    # A handful is enough for a unit test run; the benchmark reads them all.
    return sorted(chosen.values())[:6]


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
@pytest.mark.parametrize("doc_id", layout_samples())
def test_demo_document_matches_its_truth(doc_id: str, engine: str) -> None:
    truth = tokenize((DEMO / "truth" / "text" / f"{doc_id}.txt").read_text(encoding="utf-8"))
    result = extract_document(DEMO / files()[doc_id], engine=engine, timeout=None)
    found = tokenize(result.text)
    matcher = SequenceMatcher(None, truth, found, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    assert matched / len(truth) >= 0.995, f"recall {matched / len(truth):.4f}"
    assert matched / len(found) >= 0.995, f"precision {matched / len(found):.4f}"


@pytest.mark.parametrize(
    "row",
    [row for row in truth_rows() if row["expected_status"] != "ok"],
    ids=lambda r: r["doc_id"],
)
def test_broken_demo_files_get_their_expected_status(row: dict[str, str]) -> None:
    result = extract_document(DEMO / files()[row["doc_id"]], corpus_root=DEMO)
    assert result.status == row["expected_status"]
    assert result.message
