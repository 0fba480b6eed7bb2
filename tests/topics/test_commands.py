"""The topic stage: corpus preparation, K selection, the model's tables, determinism.

Small pure functions are tested on hand-made inputs; the commands run end to end on a
synthetic corpus with four planted themes (tests/support/topics.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from policytext.errors import UserError
from policytext.io import read_table
from policytext.topics.analysis import (
    concept_patterns,
    dynamics_rows,
    expected_topic_word_counts,
    frex_scores,
    prevalence_rows,
)
from policytext.topics.commands import resolve_options
from policytext.topics.corpus import make_term_filter
from policytext.topics.effects import CONTRAST_COLUMNS
from policytext.topics.sweep import (
    NO_STRUCTURE,
    choose_k,
    k_limit,
    matched_similarity,
    selection_table,
    stability_by_seed,
    topic_diversity,
)
from tests.support.topics import THEMES, recovery, run_topics_stage, write_synthetic_corpus

PROJECT = Path(__file__).resolve().parents[2]
PERIODS = [
    {"name": "early", "start": "2009", "end": "2015"},
    {"name": "late", "start": "2015"},
]
OPTIONS = {
    "k_range": [3, 4],
    "seeds": [1, 2],
    "passes": 15,
    "no_below": 2,
    "bootstrap": 100,
    "effect_simulations": 30,
    "periods": PERIODS,
    "events": [{"date": "2014-04-01", "label": "An act"}],
}


# --- corpus ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "kept"),
    [
        (["the", "services", "and", "communities"], ["service", "community"]),
        (["covid-19", "2014", "nhs24"], []),
        (["an", "ok", "co-production"], ["co-production"]),
        (["scottish", "partnerships"], ["partnership"]),
    ],
)
def test_term_filter_lemmatises_and_drops_stopwords_numbers_and_short_tokens(tokens, kept):
    keep = make_term_filter(extra_stopwords=["scottish"], min_length=3)
    assert keep(tokens) == kept


def test_unknown_unit_or_alpha_is_a_user_error():
    with pytest.raises(UserError, match="topics.unit"):
        resolve_options({"unit": "sentence"})
    with pytest.raises(UserError, match="topics.alpha"):
        resolve_options({"alpha": "sometimes"})
    with pytest.raises(UserError, match="topics.k"):
        resolve_options({"k": 1})


# --- scores and the rule for K --------------------------------------------------------------


def test_diversity_counts_shared_top_words_once():
    assert topic_diversity([["a", "b", "c"], ["a", "d", "e"]], top=3) == pytest.approx(5 / 6)


def test_matched_similarity_pairs_topics_regardless_of_order():
    run_a = [["a", "b", "c"], ["d", "e", "f"]]
    assert matched_similarity(run_a, run_a[::-1]) == 1.0
    assert matched_similarity(run_a, [["x", "y", "z"], ["u", "v", "w"]]) == 0.0
    # one topic found again, the other half found: (1 + 2/4) / 2
    assert matched_similarity(run_a, [["a", "b", "c"], ["d", "e", "q"]]) == pytest.approx(0.75)


def test_stability_of_a_seed_is_its_mean_similarity_to_the_other_seeds():
    same = [["a", "b"], ["c", "d"]]
    other = [["a", "x"], ["c", "d"]]
    stability = stability_by_seed({1: same, 2: same, 3: other})
    assert stability[1] == pytest.approx((1 + (1 / 3 + 1) / 2) / 2)
    assert stability[3] == pytest.approx((1 / 3 + 1) / 2)


def per_k(k, coherence, stability):
    return {"k": k, "k_mean_coherence": coherence, "k_mean_stability": stability}


def test_rule_takes_the_most_coherent_stable_k():
    rows = [per_k(4, 0.10, 0.8), per_k(6, 0.15, 0.7), per_k(8, 0.20, 0.3)]
    assert choose_k(rows, threshold=0.5)[0] == 6


def test_rule_breaks_coherence_ties_towards_the_smaller_k():
    rows = [per_k(4, 0.1502, 0.8), per_k(6, 0.1498, 0.9)]
    assert choose_k(rows, threshold=0.5)[0] == 4


def test_no_stable_k_means_no_topic_structure_and_says_so():
    k, reason = choose_k([per_k(4, 0.1, 0.3), per_k(6, 0.2, 0.4)], threshold=0.5)
    assert k == 0
    assert reason.startswith(NO_STRUCTURE)
    assert "K=6, 0.400" in reason


@pytest.mark.parametrize(
    ("documents", "units", "vocabulary", "limit"),
    [(3, 300, 900, 0), (40, 35, 900, 3), (40, 300, 45, 4), (40, 300, 900, 30)],
)
def test_k_is_capped_by_documents_units_and_vocabulary(documents, units, vocabulary, limit):
    options = {"min_documents": 5, "min_units_per_topic": 10, "min_words_per_topic": 10}
    assert k_limit(documents=documents, units=units, vocabulary=vocabulary, options=options) == (
        limit
    )


def test_a_k_the_data_do_not_allow_is_a_reason_row_not_a_choice():
    fitted = {"coherence_npmi": 0.1, "diversity": 1.0, "bound": -7.0}
    records = [
        {"k": 2, "seed": 1, "top_words": [["a", "b"], ["c", "d"]], **fitted},
        {"k": 2, "seed": 2, "top_words": [["c", "d"], ["a", "b"]], **fitted},
        {"k": 8, "seed": 1, "skipped": "k_exceeds_data: K=8 > 2"},
        {"k": 8, "seed": 2, "skipped": "k_exceeds_data: K=8 > 2"},
    ]
    rows, choice = selection_table(records, threshold=0.5)
    assert choice["k"] == 2
    assert [row["reason"] for row in rows if row["k"] == 8] == ["k_exceeds_data: K=8 > 2"] * 2
    _, fixed = selection_table(records, threshold=0.5, fixed_k=8)
    assert fixed["k"] == 0 and fixed["reason"].startswith(NO_STRUCTURE)


def test_configured_k_overrides_the_rule_and_keeps_the_seed_with_the_best_bound():
    records = [
        {
            "k": 4,
            "seed": seed,
            "bound": bound,
            "coherence_npmi": coherence,
            "diversity": 1.0,
            "top_words": [["a"], ["b"]],
        }
        for seed, bound, coherence in [(1, -4.56, 0.3), (2, -4.51, 0.1), (3, -4.53, 0.2)]
    ]
    rows, choice = selection_table(records, threshold=0.5, fixed_k=4)
    # seed 2 reached the best value of LDA's own objective, though it is the least coherent
    assert choice["k"] == 4 and choice["seed"] == 2
    assert [row["chosen"] for row in rows] == [False, True, False]


# --- the model's tables ---------------------------------------------------------------------


def test_frex_ranks_an_exclusive_word_above_a_shared_frequent_one():
    beta = np.array([[0.4, 0.35, 0.15, 0.1], [0.55, 0.01, 0.14, 0.3]])
    frex = frex_scores(beta)
    # word 0 is topic 0's most frequent but the other topic's too; word 1 is topic 0's own
    assert frex[0, 1] > frex[0, 0]


def test_prevalence_means_and_counts_match_the_documents():
    theta = np.array([[0.8, 0.2], [0.6, 0.4], [0.1, 0.9]])
    rows = prevalence_rows(theta, [2010, 2010, 2011], ["a", "b", "a"], samples=200, seed=1)
    cell = next(r for r in rows if (r["topic"], r["year"], r["group"]) == (1, 2010, "all"))
    assert cell["docs"] == 2
    assert cell["mean"] == pytest.approx(0.7)
    assert cell["ci_low"] <= cell["mean"] <= cell["ci_high"]
    assert {r["group"] for r in rows} == {"all", "a", "b"}
    single = next(r for r in rows if (r["topic"], r["year"], r["group"]) == (1, 2011, "all"))
    assert single["reason"] == "few_docs: 1 < 2"
    assert np.isnan(single["ci_low"]) and np.isnan(single["ci_high"])  # written as empty


def test_prevalence_pools_seeds_their_mean_and_their_disagreement():
    rng = np.random.default_rng(3)
    shares = rng.dirichlet([4.0, 1.0], size=40)  # topic 1 about 0.8, topic 2 about 0.2
    agreeing = np.stack([shares, shares])
    disagreeing = np.stack([shares, shares[:, ::-1]])  # the second seed swaps the topics
    years, groups = [2010] * 40, ["a"] * 40

    def all_cell(theta):
        rows = prevalence_rows(theta, years, groups, samples=400, seed=1)
        return next(r for r in rows if (r["topic"], r["group"]) == (1, "all"))

    one = all_cell(shares)
    same = all_cell(agreeing)
    assert same["mean"] == pytest.approx(one["mean"])
    assert same["ci_high"] - same["ci_low"] == pytest.approx(
        one["ci_high"] - one["ci_low"], rel=0.2
    )
    apart = all_cell(disagreeing)
    assert apart["mean"] == pytest.approx(0.5)  # the seeds' mean
    # each seed's share lies inside the pooled band, which is far wider than one seed's
    assert apart["ci_low"] < shares[:, 0].mean() < apart["ci_high"]
    assert apart["ci_low"] < shares[:, 1].mean() < apart["ci_high"]
    assert apart["ci_high"] - apart["ci_low"] > 2 * (one["ci_high"] - one["ci_low"])


def test_expected_word_assignments_account_for_every_token():
    lam = np.array([[5.0, 1.0, 1.0], [1.0, 1.0, 5.0]])
    gamma = np.array([[3.0, 1.0], [1.0, 3.0]])
    corpus = [[(0, 4), (2, 1)], [(1, 2), (2, 3)]]
    counts = expected_topic_word_counts(gamma, lam, corpus, ["p1", "p2"])
    assert counts["p1"].sum() == pytest.approx(5)
    assert counts["p2"].sum() == pytest.approx(5)
    assert counts["p1"][0, 0] > counts["p1"][1, 0]  # word 0 belongs mostly to topic 0
    rows = dynamics_rows(counts, ["p1", "p2"], ["w0", "w1", "w2"], topn=2)
    assert [(r["period"], r["rank"], r["word"]) for r in rows if r["topic"] == 1][:2] == [
        ("p1", 1, "w0"),
        ("p1", 2, "w2"),
    ]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("we co-produce services", "co-production"),
        ("coproduction and co production", "co-production"),
        ("co-designed with people", "co-design"),
        ("to co-create value", "co-creation"),
    ],
)
def test_default_concept_matchers_find_spelling_variants(text, concept):
    assert concept_patterns(None)[concept].search(text)


def test_concept_patterns_from_plain_variants_allow_hyphen_or_space():
    pattern = concept_patterns({"lived-experience": ["lived experience"]})["lived-experience"]
    assert pattern.search("people with lived-experience")
    assert not pattern.search("deliveredexperience")


# --- end to end on the synthetic corpus -----------------------------------------------------


def run_stage(inputs: Path, out: Path, options: dict | None = None) -> Path:
    """The whole stage on ``inputs``, with the tests' options unless others are given."""
    return run_topics_stage(inputs, out, options or OPTIONS)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    truth = write_synthetic_corpus(folder)
    return folder, truth


@pytest.fixture(scope="module")
def stage(synthetic, tmp_path_factory):
    folder, truth = synthetic
    return run_stage(folder, tmp_path_factory.mktemp("run")), truth


def test_selection_has_one_row_per_k_and_seed_and_one_chosen(stage):
    topics, _ = stage
    rows = read_table(topics / "selection.csv")
    assert [(r["k"], r["seed"]) for r in rows] == [("3", "1"), ("3", "2"), ("4", "1"), ("4", "2")]
    assert sum(r["chosen"] == "true" for r in rows) == 1
    choice = json.loads((topics / "choice.json").read_text())
    chosen = next(r for r in rows if r["chosen"] == "true")
    assert (int(chosen["k"]), int(chosen["seed"])) == (choice["k"], choice["seed"])


def test_doc_topics_cover_every_usable_document_and_sum_to_one(stage):
    topics, truth = stage
    rows = read_table(topics / "doc_topics.csv")
    k = json.loads((topics / "choice.json").read_text())["k"]
    by_doc: dict[str, float] = {}
    for row in rows:
        by_doc[row["doc_id"]] = by_doc.get(row["doc_id"], 0) + float(row["weight"])
    assert sorted(by_doc) == sorted(truth["proportions"])  # the unusable one is left out
    assert len(rows) == k * len(by_doc)
    assert all(total == pytest.approx(1, abs=1e-5) for total in by_doc.values())


def test_model_tables_have_the_contract_columns(stage):
    topics, _ = stage
    expected = {
        "topic_words.csv": ["topic", "rank", "word", "weight"],
        "doc_topics.csv": ["doc_id", "topic", "weight"],
        "prevalence.csv": ["topic", "year", "group", "docs", "mean", "ci_low", "ci_high"],
        "effects_by_year.csv": ["topic", "year", "doc_type", "predicted", "ci_low", "ci_high"],
        "dynamics.csv": ["topic", "period", "rank", "word", "weight"],
        "contrasts.csv": list(CONTRAST_COLUMNS[:-1]),
        "alignment.csv": ["topic", "label", "seed", "matched_topic", "similarity"],
    }
    for name, columns in expected.items():
        header = (topics / name).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [*columns, "reason"], name


def test_every_topic_aligns_across_seeds_on_clearly_separated_themes(stage):
    topics, _ = stage
    labels = read_table(topics / "labels.csv")
    assert all(float(row["alignment"]) > 0.9 for row in labels)
    rows = read_table(topics / "alignment.csv")
    assert len(rows) == len(labels)  # one other seed
    assert sorted(row["matched_topic"] for row in rows) == sorted(row["topic"] for row in labels)


def test_contrasts_find_the_planted_rise_and_fall_between_periods(stage):
    topics, truth = stage
    rows = [r for r in read_table(topics / "contrasts.csv") if r["group"] == "all"]
    words = {int(r["topic"]): r["top_words"].split() for r in read_table(topics / "labels.csv")}
    care = next(t for t, w in words.items() if "carer" in w[:5])
    money = next(t for t, w in words.items() if "budget" in w[:5])
    by_topic = {int(r["topic"]): r for r in rows}
    assert float(by_topic[care]["difference"]) > 0 and by_topic[care]["significant"] == "true"
    assert float(by_topic[money]["difference"]) < 0 and by_topic[money]["significant"] == "true"


def test_planted_synthetic_themes_are_recovered_at_the_planted_k(synthetic, tmp_path):
    folder, truth = synthetic
    options = {**OPTIONS, "k": 4, "k_range": [4], "seeds": [1]}
    topics = run_stage(folder, tmp_path, options)
    words: dict[int, list[str]] = {}
    for row in read_table(topics / "topic_words.csv"):
        words.setdefault(int(row["topic"]), []).append(row["word"])
    theta_rows = read_table(topics / "doc_topics.csv")
    doc_ids = sorted({row["doc_id"] for row in theta_rows})
    theta = np.array([float(row["weight"]) for row in theta_rows]).reshape(len(doc_ids), 4)
    years = [int(doc_id[3:7]) for doc_id in doc_ids]
    vocabulary = {name: words_ for name, words_ in truth["themes"].items()}
    scores = recovery(
        [words[t] for t in sorted(words)], vocabulary, theta, doc_ids, years, truth["proportions"]
    )
    # Four themes with disjoint vocabularies: each topic's top 10 should be mostly one
    # theme's words, and yearly shares must follow the planted drift of "care" and "money".
    assert {theme: score["overlap"] for theme, score in scores.items()} == {
        theme: pytest.approx(10, abs=2) for theme in THEMES
    }
    assert scores["care"]["trend_r"] > 0.8
    assert scores["money"]["trend_r"] > 0.8


def test_concepts_table_counts_planted_mentions(stage):
    topics, _ = stage
    rows = read_table(topics / "concept_topics.csv")
    production = [r for r in rows if r["concept"] == "co-production" and r["period"] == "all"]
    # write_synthetic_corpus plants one co-production in the first document of each year
    assert {r["hits"] for r in production} == {"10"}
    assert {r["docs_with_concept"] for r in production} == {"10"}
    creation = [r for r in rows if r["concept"] == "co-creation"]
    assert {r["weighted_share"] for r in creation} == {""}  # never planted: no weighting


def test_concepts_from_the_term_stage_doc_hits_as_the_rule_calls_it(stage, synthetic, tmp_path):
    """The production path: --doc-hits (terms/doc_hits.csv), with the options the rule sends."""
    import yaml

    from tests.support.topics import run

    topics, _ = stage
    folder, _ = synthetic
    rows = []
    for document in read_table(folder / "documents.csv"):
        if document["usable"] != "true":
            continue
        paragraphs = (folder / "tokens" / f"{document['doc_id']}.txt").read_text().split()
        for concept in ("co-creation", "co-design", "co-production"):
            hits = paragraphs.count(concept) + (concept == "co-design") * paragraphs.count("co")
            rows.append(
                {
                    "doc_id": document["doc_id"],
                    "concept": concept,
                    "hits": hits,
                    "tokens": len(paragraphs),
                }
            )
    from policytext.io import write_table

    write_table(tmp_path / "doc_hits.csv", rows, ("doc_id", "concept", "hits", "tokens"))
    config = yaml.safe_load((PROJECT / "config.yaml").read_text())
    options = {
        "concepts": config["topics"]["concepts"],
        "periods": PERIODS,
        "concept_patterns": config["terms"]["concepts"],
    }
    out = tmp_path / "concept_topics.csv"
    run(
        "topics-concepts",
        "--corpus-dir",
        topics / "corpus",
        "--model-dir",
        topics / "model",
        "--doc-hits",
        tmp_path / "doc_hits.csv",
        "--out",
        out,
        options=options,
    )
    from_hits = read_table(out)
    from_tokens = read_table(topics / "concept_topics.csv")
    assert {r["concept"] for r in from_hits} == {"co-creation", "co-design", "co-production"}
    # The same documents, hits and shares as counting the tokens directly.
    assert from_hits == from_tokens


# --- determinism ----------------------------------------------------------------------------


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_two_runs_in_fresh_processes_give_byte_identical_outputs(synthetic, tmp_path):
    """Each command in its own process, with different hash seeds: same bytes every time."""
    folder, _ = synthetic
    options = {**OPTIONS, "k_range": [3], "seeds": [1, 2]}
    script = (
        "import sys, json; from pathlib import Path; sys.path[:0] = sys.argv[1:3];"
        "from tests.support.topics import run_topics_stage as run_stage;"
        "run_stage(Path(sys.argv[3]), Path(sys.argv[4]), json.loads(sys.argv[5]))"
    )
    outputs = []
    for index, hash_seed in enumerate(["0", "12345"]):
        out = tmp_path / f"run{index}"
        env = {
            **os.environ,
            "PYTHONHASHSEED": hash_seed,
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        subprocess.run(
            [
                sys.executable,
                "-c",
                script,
                str(PROJECT / "workflow"),
                str(PROJECT),
                str(folder),
                str(out),
                json.dumps(options),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(digests(out))
    assert outputs[0] == outputs[1]
    assert "topics/doc_topics.csv" in outputs[0]


def test_schema_and_config_agree_with_the_code_defaults():
    import yaml

    from policytext.topics.commands import DEFAULTS

    schema = yaml.safe_load((PROJECT / "workflow/schemas/config.schema.yaml").read_text())
    properties = schema["properties"]["topics"]["properties"]
    assert {key: spec["default"] for key, spec in properties.items()} == DEFAULTS
    config = yaml.safe_load((PROJECT / "config.yaml").read_text())["topics"]
    assert set(config) == set(DEFAULTS)
    resolve_options(config)  # the shipped settings are valid
