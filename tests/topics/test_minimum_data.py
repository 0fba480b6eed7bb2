"""The topic stage on corpora too small for what it estimates: reasons, not numbers (#16).

The unit-level counterpart of the end-to-end runs on degenerate corpora: every command
runs in this process, so a failure shows its traceback here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytext.cli import main
from policytext.io import read_table, write_table
from policytext.text.tokenize import write_tokens
from policytext.topics.figures import FIGURES
from policytext.topics.sweep import NO_STRUCTURE
from tests.support.topics import THEMES, run_topics_stage

SENTENCE = [
    "the",
    "council",
    "will",
    "work",
    "with",
    "communities",
    "on",
    "the",
    "co-production",
    "of",
    "local",
    "care",
    "services",
    "and",
    "support",
    "for",
    "unpaid",
    "carers",
    "across",
    "the",
    "region",
]
TABLES = (
    "topic_words.csv",
    "doc_topics.csv",
    "labels.csv",
    "alignment.csv",
    "prevalence.csv",
    "effects.csv",
    "effects_by_year.csv",
    "contrasts.csv",
    "dynamics.csv",
    "concept_topics.csv",
)


def write_corpus(folder: Path, documents: list[tuple[str, str, int, list[str]]]) -> Path:
    """documents.csv and tokens/ for (doc_id, doc_type, year, tokens) tuples."""
    rows = []
    for doc_id, doc_type, year, tokens in documents:
        write_tokens(folder / "tokens" / f"{doc_id}.txt", [tokens])
        rows.append(
            {"doc_id": doc_id, "doc_type": doc_type, "year": year, "period": "", "usable": "true"}
        )
    write_table(folder / "documents.csv", rows, ["doc_id", "doc_type", "year", "period", "usable"])
    return folder


def draw_figures(topics: Path, out: Path) -> dict[str, str]:
    """Every topic figure; returns each one's SVG text."""
    drawn = {}
    for name in FIGURES:
        argv = ["topics-figure", name, "--topics-dir", str(topics), "--out", str(out / name)]
        assert main(argv) == 0, name
        drawn[name] = (out / f"{name}.svg").read_text(encoding="utf-8")
    return drawn


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """Three near-identical short documents from one year (two government, one third sector)."""
    folder = tmp_path_factory.mktemp("tiny")
    write_corpus(
        folder / "in",
        [
            ("gov-a", "government", 2015, SENTENCE),
            ("gov-b", "government", 2015, [*SENTENCE, "partnership"]),
            ("ts-a", "third_sector", 2015, [*SENTENCE, "volunteers"]),
        ],
    )
    options = {"k_range": [2, 6], "seeds": [1, 2], "passes": 2, "effect_simulations": 5}
    return run_topics_stage(folder / "in", folder / "out", options), folder


def test_tiny_corpus_fits_no_k_and_says_why_in_selection(tiny_run):
    topics, _ = tiny_run
    rows = read_table(topics / "selection.csv")
    assert [(row["k"], row["chosen"]) for row in rows] == [
        ("2", "false"),
        ("2", "false"),
        ("6", "false"),
        ("6", "false"),
    ]
    assert {row["coherence_npmi"] for row in rows} == {""}  # nothing was fitted
    assert all(row["reason"].startswith(NO_STRUCTURE) for row in rows)
    assert all("few_docs: 3 < 5" in row["reason"] for row in rows)
    choice = json.loads((topics / "choice.json").read_text())
    assert choice["k"] == 0 and choice["reason"].startswith(NO_STRUCTURE)


def test_tiny_corpus_writes_every_table_as_a_reason_row(tiny_run):
    topics, _ = tiny_run
    for name in TABLES:
        rows = read_table(topics / name)
        assert len(rows) == 1, name
        assert rows[0]["reason"].startswith("no_structure: " + NO_STRUCTURE), name
        assert {value for key, value in rows[0].items() if key != "reason"} == {""}, name


def test_tiny_corpus_figures_say_so_instead_of_drawing_topics(tiny_run):
    topics, folder = tiny_run
    drawn = draw_figures(topics, folder / "figures")
    for name, svg in drawn.items():
        assert "no stable topic structure" in svg, name


def test_k_above_what_the_data_allow_is_not_fitted_and_the_smaller_k_is(tmp_path):
    """Twelve one-unit documents (their short paragraphs pool): 12 units at 5 a topic allow
    K=2 but not K=6."""
    paragraphs = {name: THEMES[name][:8] for name in ("care", "money")}
    documents = []
    for index in range(12):
        tokens = {
            name: words[index % 3 :] + words[: index % 3] for name, words in paragraphs.items()
        }
        documents.append((f"d{index:02d}", "government", 2010 + index % 4, []))
        write_tokens(tmp_path / "in" / "tokens" / f"d{index:02d}.txt", list(tokens.values()))
    rows = [
        {"doc_id": doc_id, "doc_type": kind, "year": year, "period": "", "usable": "true"}
        for doc_id, kind, year, _ in documents
    ]
    write_table(tmp_path / "in" / "documents.csv", rows, list(rows[0]))
    options = {
        "k_range": [2, 6],
        "seeds": [1, 2],
        "passes": 5,
        "no_below": 2,
        "no_above": 0.9,
        "min_words_per_topic": 2,
        "min_units_per_topic": 5,
        "effect_simulations": 5,
        "bootstrap": 20,
    }
    topics = run_topics_stage(tmp_path / "in", tmp_path / "out", options)
    selection = {row["k"]: row for row in read_table(topics / "selection.csv")}
    assert selection["6"]["reason"].startswith("k_exceeds_data: K=6 > 2 (12 units")
    assert selection["2"]["coherence_npmi"] != ""
    # one doc_type: no doc_type effect, said in the table
    effects = read_table(topics / "effects.csv")
    assert "not_estimated: 1 doc_type only" in {row["reason"] for row in effects}


def test_effects_figure_notes_a_missing_time_effect_in_the_panel(tmp_path):
    labels = [{"topic": 1, "label": "T1: care", "alignment": 0.9, "reason": ""}]
    write_table(tmp_path / "labels.csv", labels, ["topic", "label", "alignment", "reason"])
    by_year = [
        {"topic": 1, "year": 2015, "doc_type": kind, "reason": "not_estimated: 1 year only"}
        for kind in ("government", "third_sector")
    ]
    write_table(
        tmp_path / "effects_by_year.csv",
        by_year,
        ["topic", "year", "doc_type", "predicted", "ci_low", "ci_high", "reason"],
    )
    argv = ["topics-figure", "effects", "--topics-dir", str(tmp_path), "--out", str(tmp_path / "e")]
    assert main(argv) == 0
    svg = (tmp_path / "e.svg").read_text(encoding="utf-8")
    assert "not_estimated: 1 year only" in svg
    assert "1950" not in svg and "2100" not in svg
