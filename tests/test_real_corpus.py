"""The whole workflow on the 21 real public-sector PDFs in ../shared/corpus/real.

They are posters, forms, guides and statistical bulletins with real layouts (tables,
columns, scanned pages), so this checks that the pipeline reads real documents and that its
tables make sense together, not the study's findings.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policytext.io import read_table
from tests.support.paths import real_corpus_or_skip
from tests.support.workflow import snakemake

pytestmark = [pytest.mark.slow, pytest.mark.real, pytest.mark.heavy]

#: Phrases that a correct reading of these documents must contain, by doc_id.
KNOWN_PHRASES = {
    "sg_2012_collecting_equality_information_age": (
        "The Equality Act 2010 protects people from discrimination because of age."
    ),
    "sg_2019_homelessness_in_scotland_biannual_update_apr_sep_2018": (
        "This bulletin provides information on local authority homelessness applications"
    ),
}


@pytest.fixture(scope="module")
def real_run(tmp_path_factory) -> tuple[Path, Path]:
    """The workflow run on a copy of the real corpus; returns (corpus, results)."""
    source = real_corpus_or_skip()
    corpus = tmp_path_factory.mktemp("real") / "corpus"
    shutil.copytree(source, corpus)
    results = corpus.parent / "results"
    finished = snakemake(
        corpus.parent,
        config={"manifest": str(corpus / "manifest.csv"), "results": str(results)},
    )
    assert finished.returncode == 0, finished.stderr[-4000:]
    return corpus, results


def test_every_real_pdf_gets_a_status_and_text(real_run):
    corpus, results = real_run
    manifest = read_table(corpus / "manifest.csv")
    extraction = {row["doc_id"]: row for row in read_table(results / "extraction.csv")}
    assert sorted(extraction) == sorted(row["doc_id"] for row in manifest)
    for row in manifest:
        record = extraction[row["doc_id"]]
        assert record["status"] == "ok", record
        assert int(record["pages"]) == int(row["pages"]), row["doc_id"]
        assert int(record["words"]) > 50, row["doc_id"]


@pytest.mark.parametrize("doc_id", sorted(KNOWN_PHRASES))
def test_known_phrases_are_read_whole(real_run, doc_id):
    _, results = real_run
    text = " ".join((results / "text" / f"{doc_id}.txt").read_text(encoding="utf-8").split())
    assert KNOWN_PHRASES[doc_id] in text


def test_partly_scanned_pages_are_reported(real_run):
    _, results = real_run
    rows = {row["doc_id"]: row for row in read_table(results / "extraction.csv")}
    message = rows["ukgov_2008_think_research_using_research_evidence_service_planning"]["message"]
    assert "without a text layer" in message and "OCR" in message


def test_term_tables_agree_with_the_corpus(real_run):
    _, results = real_run
    documents = [row for row in read_table(results / "documents.csv") if row["usable"] == "true"]
    rates = read_table(results / "terms" / "rates.csv")
    all_rows = [row for row in rates if row["group"] == "all"]
    concepts = {row["concept"] for row in rates}
    assert {"co-production", "co-creation", "co-design"} <= concepts
    for concept in concepts:
        rows = [row for row in all_rows if row["concept"] == concept]
        assert sum(int(row["docs"]) for row in rows) == len(documents), concept
        for row in rows:
            tokens, hits = int(row["tokens"]), int(row["hits"])
            assert float(row["raw_rate_per_10k"]) == pytest.approx(1e4 * hits / tokens, rel=1e-5)
            if row["reason"]:  # not estimated: no numbers, a reason
                assert row["rate_per_10k"] == row["ci_low"] == row["ci_high"] == ""
                continue
            assert float(row["ci_low"]) <= float(row["rate_per_10k"]) <= float(row["ci_high"])
            assert float(row["ci_low"]) < float(row["ci_high"])
    doc_hits = read_table(results / "terms" / "doc_hits.csv")
    token_files = {row["doc_id"]: row["tokens"] for row in doc_hits}
    for doc_id, tokens in token_files.items():
        counted = sum(
            len(line.split())
            for line in (results / "tokens" / f"{doc_id}.txt").read_text().splitlines()
        )
        assert int(tokens) == counted, doc_id


def test_report_and_provenance_cover_the_real_run(real_run):
    corpus, results = real_run
    report = (results / "report.html").read_text(encoding="utf-8", errors="replace")
    assert "rates.csv" in report and "terms_trends" in report
    provenance = json.loads((results / "provenance.json").read_text(encoding="utf-8"))
    expected = {row["doc_id"]: row["sha256"] for row in read_table(corpus / "manifest.csv")}
    assert {row["doc_id"]: row["sha256"] for row in provenance["documents"]} == expected
