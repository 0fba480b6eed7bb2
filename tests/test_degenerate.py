"""End-to-end runs on small, skewed and degenerate corpora (issue #16).

Three corpora of short text files (tests/support/degenerate.py), each run once through the
whole workflow with a small topic sweep:

- three documents from one year, two government and one third sector;
- one sector: eight government documents over four years;
- one huge document, six ordinary ones and five tiny ones, over three years.

Each run must end green, and what the data cannot support must be said where a reader looks:
a ``reason`` in the tables (rates, changes, keyness, topics, context), a note in the figure's
panel (checked in the SVG's text), and a ``short`` flag in extraction.csv. Thresholds are read
from the run's own config.json, never restated here.

A contract that a stage has not adopted yet (a column or a table it does not write) skips its
test naming the table and the missing part, so the run's other checks still count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from policytext.io import read_table
from policytext.schema import load_schema
from tests.support.degenerate import huge_and_tiny_corpus, one_sector_corpus, three_document_corpus
from tests.support.workflow import snakemake

pytestmark = [pytest.mark.slow, pytest.mark.heavy]

#: Keeps each run to a few seconds of work: a two-K sweep with two seeds, few resamples.
SWEEP = {"k_range": [2, 8], "seeds": [1, 2], "passes": 2, "iterations": 20}
FAST = {
    "topics": {**SWEEP, "bootstrap": 20, "effect_simulations": 10},
    "terms": {"bootstrap_n": 50, "keyness_permutations": 200},
    "context": {"dim": 16, "epochs": 2, "bootstrap_n": 20, "permutations": 19},
}


def declared(overlay: dict, schema: dict) -> dict:
    """The overlay's keys that the config schema declares (a stage's keys land with it)."""
    properties = schema.get("properties", {})
    kept = {}
    for key, value in overlay.items():
        if key not in properties:
            continue
        kept[key] = declared(value, properties[key]) if isinstance(value, dict) else value
    return kept


def run_workflow(tmp_path_factory, build: Callable[[Path], Path]) -> Path:
    """Build a corpus, run the workflow on it with FAST settings; returns the results folder."""
    folder = tmp_path_factory.mktemp(build.__name__)
    manifest = build(folder / "corpus")
    results = folder / "results"
    schema = load_schema()
    config = {**declared(FAST, schema), "manifest": str(manifest), "results": str(results)}
    finished = snakemake(folder, config=config)
    assert finished.returncode == 0, finished.stderr[-4000:]
    return results


@pytest.fixture(scope="module")
def three_docs(tmp_path_factory) -> Path:
    return run_workflow(tmp_path_factory, three_document_corpus)


@pytest.fixture(scope="module")
def one_sector(tmp_path_factory) -> Path:
    return run_workflow(tmp_path_factory, one_sector_corpus)


@pytest.fixture(scope="module")
def huge_and_tiny(tmp_path_factory) -> Path:
    return run_workflow(tmp_path_factory, huge_and_tiny_corpus)


def run_config(results: Path) -> dict:
    """The config the run used (defaults filled), as it wrote it."""
    return json.loads((results / "config.json").read_text(encoding="utf-8"))


def table(results: Path, name: str, *columns: str) -> list[dict[str, str]]:
    """A result table's rows; skips (naming the table) when a contract's column is missing."""
    path = results / name
    if not path.is_file():
        pytest.skip(f"{name} is not written by this version (contract of #16)")
    rows = read_table(path)
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
    missing = [column for column in columns if column not in header]
    if missing:
        pytest.skip(f"{name} has no column {', '.join(missing)} yet (contract of #16)")
    return rows


def svg_text(path: Path) -> str:
    """Every text element of an SVG figure, joined by single spaces (wrapped lines rejoined)."""
    svg = path.read_text(encoding="utf-8")
    pieces = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    plain = " ".join(re.sub(r"<[^>]+>", " ", piece) for piece in pieces)
    return " ".join(plain.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&").split())


def not_estimated_rows_are_empty(rows: list[dict[str, str]], *numbers: str) -> list[dict]:
    """The rows with a reason; asserts that none of them carries a number."""
    reasoned = [row for row in rows if row["reason"]]
    for row in reasoned:
        assert all(row[column] == "" for column in numbers), row
    return reasoned


# --- three documents, one year ------------------------------------------------------------


def test_three_documents_run_green_with_every_document_extracted(three_docs):
    statuses = {row["doc_id"]: row["status"] for row in read_table(three_docs / "extraction.csv")}
    assert statuses == dict.fromkeys(
        ["gov_plan_2015", "gov_strategy_2015", "tsi_response_2015"], "ok"
    )
    assert (three_docs / "report.html").is_file()
    for stem in ("terms_trends", "topics_effects", "terms_keyness"):
        assert (three_docs / "figures" / f"{stem}.svg").is_file(), stem


def test_three_documents_rates_leave_the_lone_third_sector_cell_unestimated(three_docs):
    rows = table(three_docs, "terms/rates.csv", "reason")
    minimum = run_config(three_docs)["terms"]["min_docs_per_cell"]
    reasoned = not_estimated_rows_are_empty(rows, "rate_per_10k", "ci_low", "ci_high")
    third = [row for row in rows if row["group"] == "third_sector"]
    assert third and all(row["reason"] == f"few_docs: 1 < {minimum}" for row in third)
    assert {row["group"] for row in reasoned} >= {"third_sector"}
    estimated = [row for row in rows if not row["reason"]]
    assert all(row["rate_per_10k"] != "" for row in estimated)


def test_three_documents_changes_are_all_untested_with_reasons(three_docs):
    rows = table(three_docs, "terms/changes.csv", "reason")
    assert rows, "changes.csv has no rows: every comparison should be listed with its reason"
    assert all(row["reason"] for row in rows)
    not_estimated_rows_are_empty(rows, "ratio", "ci_low", "ci_high", "p_value", "q_value")


def test_three_documents_keyness_of_sectors_is_not_run_and_says_why(three_docs):
    rows = table(three_docs, "terms/keyness.csv", "reason")
    minimum = run_config(three_docs)["terms"]["keyness_min_docs"]
    sectors = [row for row in rows if row["comparison"] == "government_vs_third_sector"]
    assert len(sectors) == 1
    assert sectors[0]["reason"].startswith("few_docs")
    assert f"< {minimum}" in sectors[0]["reason"]
    assert sectors[0]["word"] == ""


def test_three_documents_find_no_topic_structure(three_docs):
    selection = table(three_docs, "topics/selection.csv", "reason")
    minimum = run_config(three_docs)["topics"]["min_documents"]
    assert all(f"few_docs: 3 < {minimum}" in row["reason"] for row in selection)
    assert not any(row["chosen"] == "true" for row in selection)
    labels = table(three_docs, "topics/labels.csv", "reason")
    assert [row["reason"] for row in labels] == [
        "no_structure: no stable topic structure was found (see selection.csv)"
    ]
    text = svg_text(three_docs / "figures" / "topics_effects.svg")
    assert "no stable topic structure was found" in text
    assert "1950" not in text and "2100" not in text


def test_three_documents_trend_figure_notes_what_is_not_drawn(three_docs):
    table(three_docs, "terms/rates.csv", "reason")
    text = svg_text(three_docs / "figures" / "terms_trends.svg")
    assert "not drawn" in text


def test_three_documents_keyness_figure_says_the_comparison_was_not_run(three_docs):
    (row,) = [
        row
        for row in table(three_docs, "terms/keyness.csv", "reason")
        if row["comparison"] == "government_vs_third_sector"
    ]
    assert f"not run: {row['reason']}" in svg_text(three_docs / "figures" / "terms_keyness.svg")


def test_three_documents_context_levels_without_enough_documents_have_reasons(three_docs):
    rows = table(three_docs, "context/effects.csv", "reason")
    reasoned = not_estimated_rows_are_empty(rows, "norm", "ci_low", "ci_high", "p_value")
    assert reasoned and all(re.match(r"(few|no)_\w+: ", row["reason"]) for row in reasoned)
    assert not any(row["norm"] for row in rows if row["covariate"] == "doc_type")


def test_three_ordinary_documents_are_not_flagged_short(three_docs):
    rows = table(three_docs, "extraction.csv", "short")
    assert [row["short"] for row in rows] == ["false"] * 3


# --- one sector -----------------------------------------------------------------------------


def test_one_sector_runs_green_and_estimates_every_government_year(one_sector):
    rows = read_table(one_sector / "terms/rates.csv")
    assert {row["group"] for row in rows} <= {"government", "all", "all_raw"}
    government = [row for row in rows if row["group"] == "government"]
    assert {row["year"] for row in government} == {"2014", "2015", "2016", "2017"}
    assert all(row["rate_per_10k"] != "" for row in government)
    assert all(row.get("reason", "") == "" for row in government)


def test_one_sector_keyness_between_sectors_is_one_sided(one_sector):
    rows = table(one_sector, "terms/keyness.csv", "reason")
    (row,) = [row for row in rows if row["comparison"] == "government_vs_third_sector"]
    assert row["reason"].startswith("one_sided")
    assert "not run: one_sided" in svg_text(one_sector / "figures" / "terms_keyness.svg")


def test_one_sector_topics_never_fit_more_topics_than_the_data_allow(one_sector):
    selection = table(one_sector, "topics/selection.csv", "reason")
    capped = [row for row in selection if row["reason"].startswith("k_exceeds_data")]
    assert {row["k"] for row in capped} == {"8"}
    assert all(row["bound"] == "" for row in capped)
    chosen = [row for row in selection if row["chosen"] == "true"]
    if chosen:
        assert {row["k"] for row in chosen} == {"2"}
    else:
        labels = table(one_sector, "topics/labels.csv", "reason")
        assert "no stable topic structure" in labels[0]["reason"]


# --- one huge document and many tiny ones --------------------------------------------------


def test_huge_and_tiny_run_green(huge_and_tiny):
    statuses = {row["status"] for row in read_table(huge_and_tiny / "extraction.csv")}
    assert statuses == {"ok"}
    assert (huge_and_tiny / "figures" / "terms_trends.svg").is_file()


def test_tiny_documents_are_flagged_short_and_no_other(huge_and_tiny):
    rows = table(huge_and_tiny, "extraction.csv", "short")
    short = sorted(row["doc_id"] for row in rows if row["short"] == "true")
    assert short == [f"tiny_{number}" for number in range(1, 6)]


def test_a_tiny_document_does_not_stand_for_its_cell(huge_and_tiny):
    """Third sector 2016 holds one ordinary document and a five-word leaflet with one
    co-production hit (2,000 per 10,000 words): the cell's rate must stay near the pooled
    rate of its words, far below the leaflet's own."""
    hits = {
        row["doc_id"]: (int(row["hits"]), int(row["tokens"]))
        for row in read_table(huge_and_tiny / "terms/doc_hits.csv")
        if row["concept"] == "co-production"
    }
    tiny_hits, tiny_tokens = hits["tiny_4"]
    assert tiny_hits == 1 and tiny_tokens < 10
    (cell,) = [
        row
        for row in read_table(huge_and_tiny / "terms/rates.csv")
        if row["concept"] == "co-production"
        and row["group"] == "third_sector"
        and row["year"] == "2016"
    ]
    pooled = 1e4 * (tiny_hits + hits["ordinary_5"][0]) / (tiny_tokens + hits["ordinary_5"][1])
    leaflet = 1e4 * tiny_hits / tiny_tokens
    assert float(cell["rate_per_10k"]) < 1.5 * pooled
    assert float(cell["rate_per_10k"]) < 0.1 * leaflet
