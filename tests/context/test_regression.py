"""The embedding regression's pieces against direct computations."""

from __future__ import annotations

import numpy as np

from policytext.context.regression import centred_interval, coefficient_norms, permutation_p


def test_document_sums_give_the_mention_level_least_squares_fit():
    rng = np.random.default_rng(4)
    documents, dim = 30, 5
    counts = rng.integers(1, 6, size=documents)
    labels = rng.integers(0, 3, size=documents)
    design = np.column_stack([np.ones(documents), labels == 1, labels == 2]).astype(float)
    mentions = [rng.normal(size=(count, dim)) + labels[row] for row, count in enumerate(counts)]
    sums = np.vstack([block.sum(axis=0) for block in mentions])
    # The same regression with one row per mention, solved directly.
    rows = np.repeat(design, counts, axis=0)
    outcome = np.vstack(mentions)
    coefficients, *_ = np.linalg.lstsq(rows, outcome, rcond=None)
    expected = np.linalg.norm(coefficients[1:], axis=1)
    np.testing.assert_allclose(coefficient_norms(design, counts.astype(float), sums), expected)


def test_a_design_missing_a_level_gives_no_norms():
    design = np.column_stack([np.ones(4), np.zeros(4)])
    norms = coefficient_norms(design, np.ones(4), np.ones((4, 3)))
    assert np.isnan(norms).all()


def test_centred_interval_keeps_the_spread_around_the_estimate():
    draws = np.linspace(2.0, 4.0, 101)  # biased draws, all above the estimate
    low, high = centred_interval(draws, 1.0, 0.9)
    assert low < 1.0 < high
    assert high - low == np.percentile(draws, 95) - np.percentile(draws, 5)
    assert centred_interval(draws - 2.5, 0.1, 0.9)[0] == 0.0  # a norm is never negative


def test_permutation_p_counts_the_observed_value_itself():
    assert permutation_p(5.0, np.array([1.0, 2.0, 3.0])) == 0.25
    assert permutation_p(0.0, np.array([1.0, 2.0, 3.0])) == 1.0
