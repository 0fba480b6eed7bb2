"""Simulated corpora: seeded, with the spread, lengths and mixes they promise."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from policytext.stats.simulate import (
    constant_rate,
    event_step,
    period_change,
    shuffle_labels,
    simulate_corpus,
    standardised_truth,
    type_rates,
)


def corpus(**changes):
    options = {
        "years": range(2000, 2010),
        "doc_types": ["a", "b"],
        "rate": constant_rate(5e-4),
        "docs_per_cell": (2, 20),
        "seed": 3,
    } | changes
    return simulate_corpus(**options)


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another() -> None:
    assert corpus() == corpus()
    assert corpus().documents != corpus(seed=4).documents


def test_cells_hold_between_the_least_and_most_documents() -> None:
    sizes = Counter((doc.year, doc.doc_type) for doc in corpus().documents)
    assert set(sizes) == {(year, t) for year in range(2000, 2010) for t in "ab"}
    assert min(sizes.values()) >= 2 and max(sizes.values()) <= 20


def test_mix_drift_turns_the_doc_type_mix_over_the_years() -> None:
    sizes = Counter((doc.year, doc.doc_type) for doc in corpus(mix_drift=True).documents)
    assert sizes[(2000, "a")] < sizes[(2000, "b")]
    assert sizes[(2009, "a")] > sizes[(2009, "b")]


@pytest.mark.parametrize("spread", ["gamma", "lognormal"])
def test_document_rates_are_over_dispersed_around_the_cell_rate(spread: str) -> None:
    docs = corpus(
        years=[2000], doc_types=["a"], docs_per_cell=(4000, 4000), spread=spread
    ).documents
    hits = np.array([doc.hits for doc in docs], dtype=float)
    tokens = np.array([doc.tokens for doc in docs], dtype=float)
    assert hits.sum() / tokens.sum() == pytest.approx(5e-4, rel=0.1)
    # Poisson variance would be the mean: shape 0.7 adds (mean)^2 / 0.7.
    means = 5e-4 * tokens
    excess = ((hits - means) ** 2 - means).sum() / (means**2).sum()
    assert excess == pytest.approx(1 / 0.7, rel=0.25)


def test_lengths_are_log_normal_around_the_median() -> None:
    docs = corpus(years=[2000], doc_types=["a"], docs_per_cell=(3000, 3000)).documents
    lengths = np.array([doc.tokens for doc in docs])
    assert np.median(lengths) == pytest.approx(4000, rel=0.08)
    assert np.std(np.log(lengths)) == pytest.approx(1.0, rel=0.08)


def test_planted_effects_change_the_true_rates_where_promised() -> None:
    base = type_rates({"a": 1e-4, "b": 3e-4})
    changed = period_change(base, from_year=2005, ratio=2.0)
    assert (changed(2004, "a"), changed(2005, "a"), changed(2005, "b")) == (1e-4, 2e-4, 6e-4)
    step = event_step(base, event_year=2005, ratio=3.0, yearly_trend=1.1)
    assert step(2004, "a") == pytest.approx(1e-4 / 1.1)
    assert step(2006, "a") == pytest.approx(1e-4 * 3.0 * 1.1)


def test_shuffled_labels_keep_every_label_and_move_some() -> None:
    docs = corpus().documents
    shuffled = shuffle_labels(docs, seed=1)
    assert Counter(doc.doc_type for doc in shuffled) == Counter(doc.doc_type for doc in docs)
    assert [doc.hits for doc in shuffled] == [doc.hits for doc in docs]
    assert any(a.doc_type != b.doc_type for a, b in zip(docs, shuffled, strict=True))


def test_standardised_truth_weighs_the_cells() -> None:
    truth = {(2000, "a"): 1.0, (2000, "b"): 3.0}
    assert standardised_truth(truth, {"a": 0.25, "b": 0.75}, 2000) == 2.5
