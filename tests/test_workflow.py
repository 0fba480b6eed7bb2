"""End-to-end: Snakemake runs the whole workflow on a small generated corpus.

Two runs of the same command into two results folders must agree byte for byte (except
logs, benchmarks and the report); their contents are checked against the corpus's truth.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

import pytest

from policytext.demo.generator import generate_demo_corpus
from policytext.io import read_table
from policytext.text.tokenize import tokenize
from tests.support.paths import PROJECT
from tests.support.workflow import snakemake

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A small demo corpus: 8 well-formed documents over 2008-2022 plus the 4 bad files."""
    folder = tmp_path_factory.mktemp("corpus")
    generate_demo_corpus(
        folder, n_docs=8, seed=7, first_year=2008, last_year=2022, min_pages=2, max_pages=4
    )
    return folder


@pytest.fixture(scope="module")
def two_runs(corpus, tmp_path_factory) -> tuple[Path, Path]:
    """The same workflow run twice into two results folders."""
    workdir = tmp_path_factory.mktemp("work")
    outputs = []
    for name in ("run_a", "run_b"):
        results = workdir / name
        config = {"manifest": str(corpus / "manifest.csv"), "results": str(results)}
        finished = snakemake(workdir, config=config)
        assert finished.returncode == 0, finished.stderr[-4000:]
        outputs.append(results)
    return outputs[0], outputs[1]


def result_files(folder: Path) -> dict[str, str]:
    """sha256 of every result file, except logs, benchmarks and the report."""
    skipped = {"logs", "benchmarks"}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.relative_to(folder).parts[0] not in skipped
        and path.name != "report.html"
    }


def test_two_runs_give_identical_bytes(two_runs):
    first, second = (result_files(folder) for folder in two_runs)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    # config.json and provenance.json name the results folder, which differs on purpose.
    assert set(differing) <= {"config.json", "provenance.json"}, differing
    for name in ("config.json", "provenance.json"):
        texts = [(folder / name).read_text(encoding="utf-8") for folder in two_runs]
        assert texts[0].replace("run_a", "run_b") == texts[1]


def test_every_document_gets_its_expected_status(two_runs, corpus):
    statuses = {row["doc_id"]: row["status"] for row in read_table(two_runs[0] / "extraction.csv")}
    expected = {
        row["doc_id"]: row["expected_status"]
        for row in read_table(corpus / "truth" / "documents.csv")
    }
    assert statuses == expected
    assert {"no_text", "encrypted", "corrupt", "unsupported"} <= set(statuses.values())


def test_failed_documents_are_listed_but_not_usable(two_runs):
    rows = read_table(two_runs[0] / "documents.csv")
    assert all((row["usable"] == "true") == (row["status"] == "ok") for row in rows)
    assert sum(row["usable"] == "false" for row in rows) == 4


def test_extracted_text_matches_the_truth(two_runs, corpus):
    for truth in sorted((corpus / "truth" / "text").glob("*.txt")):
        expected = tokenize(truth.read_text(encoding="utf-8"))
        found = tokenize((two_runs[0] / "text" / truth.name).read_text(encoding="utf-8"))
        matcher = difflib.SequenceMatcher(a=expected, b=found, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        assert matched / len(expected) > 0.99, truth.name
        assert matched / len(found) > 0.99, truth.name


def test_provenance_records_each_document_checksum(two_runs, corpus):
    provenance = json.loads((two_runs[0] / "provenance.json").read_text(encoding="utf-8"))
    manifest = {row["doc_id"]: row["sha256"] for row in read_table(corpus / "manifest.csv")}
    recorded = {row["doc_id"]: row["sha256"] for row in provenance["documents"]}
    assert recorded == manifest
    assert provenance["packages"]["snakemake"].startswith("9.")
    assert provenance["config"]["results"] == str(two_runs[0])


def test_the_report_holds_every_figure_and_table_with_its_category(two_runs):
    """Each figure the stages declare, and each stage's main tables, are items of the report."""
    import yaml

    import policytext.context
    import policytext.corpus
    import policytext.terms
    import policytext.topics

    report = (two_runs[0] / "report.html").read_text(encoding="utf-8", errors="replace")
    from snakemake.utils import validate

    config = yaml.safe_load((PROJECT / "config.yaml").read_text(encoding="utf-8"))
    validate(config, str(PROJECT / "workflow" / "schemas" / "config.schema.yaml"))  # defaults
    stems = [
        stem
        for stage in (policytext.corpus, policytext.terms, policytext.topics, policytext.context)
        for stem in stage.figure_stems(config)
    ]
    missing = [stem for stem in stems if f"{stem}.png" not in report]
    assert not missing, f"figures missing from the report: {missing}"
    for table in ("extraction.csv", "documents.csv", "rates.csv", "keyness.csv", "selection.csv"):
        assert table in report, table
    categories = ("1. Corpus and extraction", "2. Terms and frames", "3. Topics", "4. Meaning")
    for category in categories:
        assert category in report, category


def test_a_bad_manifest_stops_the_run_naming_every_problem(corpus, tmp_path):
    manifest = corpus / "bad_manifest.csv"
    lines = (corpus / "manifest.csv").read_text(encoding="utf-8").splitlines()
    header, first, second = lines[0], lines[1], lines[2]
    manifest.write_text(
        "\n".join([header, first, first, second.replace(",20", ",x0", 1)]) + "\n",
        encoding="utf-8",
    )
    finished = snakemake(tmp_path, "-n", config={"manifest": str(manifest)})
    assert finished.returncode != 0
    output = finished.stdout + finished.stderr
    assert "bad_manifest.csv:3 [doc_id]: duplicate doc_id" in output
    assert "Traceback" not in output


def test_the_report_holds_the_findings_and_the_explorer(two_runs):
    report = (two_runs[0] / "report.html").read_text(encoding="utf-8", errors="replace")
    assert "0. Findings" in report and "findings.html" in report and "explorer.html" in report
    findings = (two_runs[0] / "findings.html").read_text(encoding="utf-8")
    assert "<h2>co-production</h2>" in findings
    explorer = (two_runs[0] / "explorer.html").read_text(encoding="utf-8")
    assert '<script id="data" type="application/json">' in explorer
