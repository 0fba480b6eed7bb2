"""Keyness: document-level permutation test of Fightin' Words log-odds, with BH control."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from policytext.corpus.documents import UsableDocument
from policytext.periods import Event
from policytext.terms.keyness import (
    ComparisonSets,
    DocumentWordStore,
    KeynessSettings,
    compare_sets,
    likelihood_ratio,
    prior_log_odds_difference,
)
from policytext.terms.scan import scan_document
from policytext.terms.tables import TermsTally, keyness_rows, parse_options
from tests.support.overdispersed import simulate_documents

SETTINGS = KeynessSettings(min_docs=5, min_tokens=100, permutations=2000, top_n=10**6)


def store_of(corpus: list[Counter[str]]) -> DocumentWordStore:
    store = DocumentWordStore()
    for counts in corpus:
        store.add(counts)
    return store


def sets_of(target: range | list[int], reference: range | list[int]) -> ComparisonSets:
    return ComparisonSets("t_vs_r", "t", "r", tuple(target), tuple(reference))


def test_log_odds_difference_matches_a_hand_computed_value() -> None:
    # 8 of 10 tokens in the target, 2 of 10 in the reference; prior 2 pseudo-tokens shared
    # by pooled frequency (10/20), so alpha = 1: log(9/3) - log(3/9) = 2 ln 3.
    value = prior_log_odds_difference(
        np.array([8.0]), np.array([10.0]), np.array([10.0]), 20.0, prior_tokens=2.0
    )[0]
    assert value == pytest.approx(2 * np.log(3))


def test_likelihood_ratio_is_dunnings_g2_by_nltk() -> None:
    # Table [[10, 0], [990, 1000]]: expected 5 and 5 for the word, 995 and 995 for the rest.
    expected = 2 * (10 * np.log(2) + 990 * np.log(990 / 995) + 1000 * np.log(1000 / 995))
    assert likelihood_ratio(10, 0, 1000, 1000) == pytest.approx(expected)


def test_a_word_repeated_in_one_document_is_not_key() -> None:
    # Token-level G2 of 60 uses against 0 is huge; with documents as the unit it is one
    # document out of twelve, which relabelling reproduces often.
    corpus = [Counter({"care": 50, "service": 50}) for _ in range(12)]
    corpus[0]["widget"] = 60
    rows = compare_sets(store_of(corpus), sets_of(range(6), range(6, 12)), SETTINGS,
                        rng=np.random.default_rng(1))  # fmt: skip
    assert not any(row["word"] == "widget" for row in rows)  # used in 1 < 3 documents
    corpus[1]["widget"], corpus[2]["widget"] = 1, 1
    rows = compare_sets(store_of(corpus), sets_of(range(6), range(6, 12)), SETTINGS,
                        rng=np.random.default_rng(1))  # fmt: skip
    widget = next(row for row in rows if row["word"] == "widget")
    assert widget["log_likelihood"] > 80
    assert widget["p_value"] > 0.01 and not widget["significant"]
    assert (widget["target_word_docs"], widget["reference_word_docs"]) == (3, 0)


def test_a_word_used_in_every_target_document_is_key() -> None:
    rng = np.random.default_rng(3)
    corpus = [Counter({"care": int(rng.integers(40, 60)), "service": 50}) for _ in range(16)]
    for index in range(8):
        corpus[index]["budget"] = int(rng.integers(8, 15))
    corpus[9]["budget"] = 1
    rows = compare_sets(store_of(corpus), sets_of(range(8), range(8, 16)), SETTINGS,
                        rng=np.random.default_rng(1))  # fmt: skip
    budget = next(row for row in rows if row["word"] == "budget")
    assert budget["significant"] and budget["key_for"] == "t" and budget["rank"] == 1
    # Exact: no relabelling of 8 of 16 documents beats the observed one except itself, so
    # p is close to its floor 1 / (permutations + 1).
    assert budget["p_value"] < 0.002
    assert (budget["target_docs"], budget["reference_docs"]) == (8, 8)


@pytest.mark.parametrize(
    ("target", "reference", "reason"),
    [
        ([], range(6), "one_sided: no documents in t"),
        (range(3), range(3, 9), "few_docs: t 3 < 5"),
    ],
)
def test_a_comparison_that_cannot_run_gives_one_row_with_its_reason(
    target, reference, reason
) -> None:
    corpus = [Counter({"care": 50}) for _ in range(9)]
    rows = compare_sets(store_of(corpus), sets_of(target, reference), SETTINGS,
                        rng=np.random.default_rng(1))  # fmt: skip
    assert len(rows) == 1 and rows[0]["reason"] == reason
    assert "word" not in rows[0] and "p_value" not in rows[0]


def null_run(seed: int, *, documents: int, target: int) -> int:
    """Significant words found between random labels of one simulated corpus."""
    rng = np.random.default_rng(seed)
    corpus = simulate_documents(documents=documents, vocabulary=300, rng=rng)
    order = rng.permutation(documents)
    sets = sets_of([int(i) for i in order[:target]], [int(i) for i in order[target:]])
    rows = compare_sets(store_of(corpus), sets, SETTINGS, rng=np.random.default_rng(seed + 1))
    return sum(1 for row in rows if row.get("significant"))


@pytest.mark.parametrize(("documents", "target"), [(40, 20), (30, 8)])
def test_random_labels_call_no_word_key_in_more_than_a_tenth_of_runs(documents, target) -> None:
    runs = 40
    flagged = sum(1 for seed in range(runs) if null_run(seed, documents=documents, target=target))
    assert flagged <= 0.10 * runs


def test_a_planted_difference_is_found() -> None:
    planted = {f"w{index}" for index in range(20, 30)}
    found, false = [], 0
    for seed in range(8):
        rng = np.random.default_rng(100 + seed)
        corpus = simulate_documents(
            documents=40, vocabulary=300, rng=rng,
            boosted=range(20, 30), boost=6.0, boosted_docs=range(20),
        )  # fmt: skip
        rows = compare_sets(store_of(corpus), sets_of(range(20), range(20, 40)), SETTINGS,
                            rng=np.random.default_rng(seed))  # fmt: skip
        significant = {row["word"] for row in rows if row.get("significant")}
        found.append(len(significant & planted))
        false += len(significant - planted)
    assert sum(1 for count in found if count) >= 6  # power: most runs find planted words
    assert false <= 0.2 * max(1, sum(found))  # and few of the calls are false


def test_keyness_is_identical_across_runs() -> None:
    rng = np.random.default_rng(5)
    corpus = simulate_documents(documents=20, vocabulary=200, rng=rng)
    runs = [
        compare_sets(
            store_of(corpus),
            sets_of(range(10), range(10, 20)),
            SETTINGS,
            rng=np.random.default_rng(9),
        )  # fmt: skip
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_tally_compares_groups_and_event_windows_with_their_document_counts() -> None:
    options = parse_options(
        {
            "concepts": {"x": ["xyz"]},
            "focus": ["x"],
            "keyness_min_count": 3,
            "keyness_min_tokens": 10,
            "keyness_permutations": 1000,
            "events": [{"date": "2015-01-01", "label": "Act", "name": "act"}],
        }
    )
    assert options.events == [Event(dt.date(2015, 1, 1), "Act", "act")]
    tally = TermsTally(options)
    for index in range(12):
        doc_type = "government" if index < 6 else "third_sector"
        words = "budget finance " * 5 if doc_type == "government" else "voice community " * 5
        year = 2012 + index % 6
        scan = scan_document(
            [(words + "care people").split()],
            concepts=options.concepts,
            frames=[],
            kwic_window=3,
            context_window=3,
            lemmatize=False,
        )
        info = UsableDocument(f"d{index}", year, doc_type, "p", dt.date(year, 7, 1))
        tally.add(info, scan)
    rows = keyness_rows(tally)
    groups = [row for row in rows if row["comparison"] == "government_vs_third_sector"]
    assert {row["word"] for row in groups if row["significant"]} == {
        "budget", "finance", "voice", "community"
    }  # fmt: skip
    assert {(row["target_docs"], row["reference_docs"]) for row in groups} == {(6, 6)}
    event = [row for row in rows if row["comparison"] == "act_after_vs_before"]
    # 2015-2017 after (6 documents), 2012-2014 before (6): sides share no document.
    assert {(row["target_docs"], row["reference_docs"]) for row in event} == {(6, 6)}


def panel_texts(figure) -> list[str]:
    """Every text drawn inside the figure's panels."""
    return [text.get_text() for axes in figure.axes for text in axes.texts]


def test_keyness_figure_says_when_a_comparison_did_not_run_or_found_nothing() -> None:
    import pandas as pd

    from policytext.terms.figures import figure_keyness

    common = {"target": "t", "reference": "r", "target_docs": 6, "reference_docs": 6,
              "tested_words": 2, "key_for": "t", "rank": 1, "log_ratio": 1.0}  # fmt: skip
    keyness = pd.DataFrame(
        [
            {"comparison": "skipped", "target": "t", "reference": "r", "word": None,
             "reason": "few_docs: t 2 < 5"},
            {**common, "comparison": "nothing", "word": "care", "significant": False},
            {**common, "comparison": "found", "word": "budget", "significant": True},
            {**common, "comparison": "found", "word": "cost", "significant": False},
        ]
    )  # fmt: skip
    figure = figure_keyness(keyness, ["skipped", "nothing", "found"], per_side=5, labels={})
    texts = panel_texts(figure)
    assert "not run: few_docs: t 2 < 5" in texts
    assert "no word significant (BH q \u2264 FDR)" in texts
    found = figure.axes[2]
    assert [label.get_text() for label in found.get_yticklabels()] == ["budget"]
