"""The context stage on planted-framing corpora: it finds what was planted, and only that.

In the planted corpus (tests/context/planted.py) the words around ``co-production`` come
from vocabulary A in government documents and from vocabulary B in third-sector documents,
while both vocabularies occur everywhere else in every document; ``placebo`` is a column of
random labels. Small vectors and few resamples keep the module to a few seconds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from policytext.context.commands import (
    context_effects_command,
    context_figures_command,
    context_vectors_command,
)
from policytext.io import read_table, write_table
from tests.context.planted import (
    CONCEPT,
    PlantedCorpus,
    placebo_p_values,
    planted_corpus,
    planted_options,
)

TABLES = ("instances", "effects", "neighbours", "neighbour_ratios", "shift")


def run_stage(corpus: PlantedCorpus, out: Path, options: dict) -> Path:
    """Run vectors, effects and figures into ``out``; returns it."""
    text = json.dumps(options)
    common = ["--documents", str(corpus.documents_csv), "--tokens-dir", str(corpus.tokens_dir)]
    assert (
        context_vectors_command([*common, "--options", text, "--out-dir", str(out / "model")]) == 0
    )
    assert (
        context_effects_command(
            [*common, "--model-dir", str(out / "model"), "--options", text, "--out-dir", str(out)]
        )
        == 0
    )
    figures = ["--context-dir", str(out), "--out-dir", str(out / "figures"), "--options", text]
    assert context_figures_command(figures) == 0
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> PlantedCorpus:
    return planted_corpus(tmp_path_factory.mktemp("planted"), seed=11)


@pytest.fixture(scope="module")
def run(corpus, tmp_path_factory) -> Path:
    return run_stage(corpus, tmp_path_factory.mktemp("run"), planted_options())


def rows_of(run: Path, table: str, **match: str) -> list[dict[str, str]]:
    rows = read_table(run / f"{table}.csv")
    return [row for row in rows if all(row[key] == value for key, value in match.items())]


def test_the_planted_doc_type_effect_is_found(run):
    (row,) = rows_of(run, "effects", covariate="doc_type")
    assert (row["level"], row["reference"]) in {
        ("third_sector", "government"),
        ("government", "third_sector"),
    }
    assert float(row["p_value"]) < 0.05
    assert 0 < float(row["ci_low"]) <= float(row["norm"]) <= float(row["ci_high"])


def test_the_placebo_and_period_are_not_found_in_this_corpus(run):
    for covariate in ("placebo", "period"):
        (row,) = rows_of(run, "effects", covariate=covariate)
        assert float(row["p_value"]) >= 0.05, row


@pytest.mark.parametrize("level", ["government", "third_sector"])
def test_neighbours_of_each_sector_come_from_its_planted_vocabulary(run, corpus, level):
    planted = corpus.vocabulary_a if level == "government" else corpus.vocabulary_b
    rows = rows_of(run, "neighbours", covariate="doc_type", level=level)
    assert [int(row["rank"]) for row in rows] == list(range(1, 11))
    assert sum(row["word"] in planted for row in rows) >= 8
    for row in rows:
        assert float(row["ci_low"]) <= float(row["cosine"]) <= float(row["ci_high"])


def test_neighbour_ratios_lean_towards_each_planted_vocabulary(run, corpus):
    rows = rows_of(run, "neighbour_ratios", covariate="doc_type")
    level = rows[0]["level"]
    own = corpus.vocabulary_b if level == "third_sector" else corpus.vocabulary_a
    for row in rows:
        ratio = float(row["ratio"])
        assert (ratio > 1) == (row["word"] in own), row
    assert all(float(row["p_value"]) < 0.05 for row in rows if abs(float(row["ratio"]) - 1) > 0.5)


def test_shift_compares_the_consecutive_periods(run):
    (row,) = rows_of(run, "shift")
    assert (row["from"], row["to"]) == ("early", "late")
    assert float(row["ci_low"]) <= float(row["cosine"]) <= 1.0
    assert row["reason"] == ""


def test_every_mention_is_listed_with_its_context(run, corpus):
    rows = rows_of(run, "instances")
    assert len(rows) == 60 * 4  # planted_corpus: 60 documents, 4 mentions each
    assert {row["match"] for row in rows} == {CONCEPT}
    assert all(int(row["context_tokens"]) > 0 for row in rows)


def test_reruns_give_identical_bytes(run, corpus, tmp_path):
    again = run_stage(corpus, tmp_path / "again", planted_options())

    def digests(folder: Path) -> dict[str, str]:
        return {
            path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        }

    first, second = digests(run), digests(again)
    assert len(first) == len(TABLES) + 3 + 2 * 5
    assert first == second


def test_a_level_with_few_mentions_is_reported_with_its_count_not_estimated(corpus, tmp_path):
    rows = read_table(corpus.documents_csv)
    for number, row in enumerate(rows):
        row["rare"] = "lonely" if number == 0 else ("" if number == 1 else "common")
    columns = [*rows[0]]
    documents = write_table(tmp_path / "documents.csv", rows, columns)
    shifted = PlantedCorpus(documents, corpus.tokens_dir, corpus.vocabulary_a, corpus.vocabulary_b)
    out = run_stage(shifted, tmp_path / "out", planted_options(covariates=["doc_type", "rare"]))
    effects = rows_of(out, "effects", covariate="rare")
    by_level = {row["level"]: row for row in effects}
    assert by_level["lonely"]["reason"] == "few_instances: 4 < 10"
    assert by_level["lonely"]["instances"] == "4" and by_level["lonely"]["norm"] == ""
    assert by_level["(missing)"]["reason"].startswith("missing_value")
    assert by_level["common"]["reason"].startswith("one_level")
    neighbours = rows_of(out, "neighbours", covariate="rare", level="lonely")
    assert len(neighbours) == 1 and neighbours[0]["word"] == ""
    assert neighbours[0]["reason"] == "few_instances: 4 < 10"
    (doc_type,) = rows_of(out, "effects", covariate="doc_type")
    assert float(doc_type["p_value"]) < 0.05


def test_the_placebo_is_significant_in_about_five_percent_of_replicates(run, corpus):
    """Fresh random labels on the same embeddings: the null distribution of the test.

    40 replicates keep the test fast; benchmarks/context.py runs many more. Under a correct
    5% test the count of significant replicates is Binomial(40, 0.05), whose 95th percentile
    is 4: a count above 4 means the test rejects too often.
    """
    p_values = placebo_p_values(corpus, run / "model", replicates=40, permutations=99, seed=2023)
    significant = sum(p_value < 0.05 for p_value in p_values)
    assert significant <= 4
