"""The gamma-Poisson rate model: its dispersion estimate, posteriors and ratio tests."""

from __future__ import annotations

import numpy as np
import pytest

from policytext.stats.counts import (
    Cell,
    cell_rate_mle,
    estimate_shape,
    posterior_interval,
    rate_posterior,
    rate_ratio_test,
    weighted_sum_interval,
)
from policytext.stats.simulate import constant_rate, simulate_corpus


def cells_of(corpus) -> list[Cell]:
    groups: dict = {}
    for doc in corpus.documents:
        groups.setdefault((doc.year, doc.doc_type), []).append(doc)
    return [Cell.of([d.hits for d in docs], [d.tokens for d in docs]) for docs in groups.values()]


@pytest.mark.parametrize("shape", [0.7, 3.0])
def test_shape_is_recovered_from_many_small_cells(shape: float) -> None:
    corpus = simulate_corpus(
        years=range(2000, 2060),
        doc_types=["a", "b"],
        rate=constant_rate(5e-4),
        docs_per_cell=(3, 3),
        shape=shape,
        seed=11,
    )
    assert estimate_shape(cells_of(corpus)) == pytest.approx(shape, rel=0.35)


def test_poisson_documents_give_a_large_shape() -> None:
    rng = np.random.default_rng(2)
    tokens = rng.integers(1000, 5000, size=(40, 3)).astype(float)
    cells = [Cell(rng.poisson(5e-3 * row).astype(float), row) for row in tokens]
    assert estimate_shape(cells) > 20


def test_mle_is_the_pooled_rate_when_documents_are_alike() -> None:
    cell = Cell.of([2, 4], [1000, 1000])
    assert cell_rate_mle(cell, 0.7) == pytest.approx(3 / 1000)


def test_one_document_gets_a_wide_interval_not_a_point() -> None:
    estimate = posterior_interval(rate_posterior(Cell.of([3], [2000]), 0.7), level=0.95)
    assert estimate.low < 3 / 2000 < estimate.high
    assert estimate.high / estimate.low > 10


def test_a_nineteen_word_document_carries_little() -> None:
    alone = posterior_interval(rate_posterior(Cell.of([1], [19]), 0.7), level=0.95)
    assert alone.high / alone.low > 1000  # a band over three orders of magnitude
    long = Cell.of([1, 2, 1, 0], [3000, 3500, 2500, 3000])
    with_tiny = Cell.of([1, 2, 1, 0, 1], [3000, 3500, 2500, 3000, 19])
    without = posterior_interval(rate_posterior(long, 0.7), level=0.95).estimate
    mixed = posterior_interval(rate_posterior(with_tiny, 0.7), level=0.95)
    # Its one hit counts as one hit, not as its own rate of 526 per 10,000 tokens.
    assert mixed.estimate < (1 / 19) / 20
    assert mixed.low < without < mixed.high


def test_no_hits_give_a_finite_upper_bound_that_shrinks_with_more_text() -> None:
    small = rate_posterior(Cell.of([0, 0], [1000, 1000]), 0.7).quantile(0.975)
    large = rate_posterior(Cell.of([0, 0], [10_000, 10_000]), 0.7).quantile(0.975)
    assert 0 < large < small < np.inf


def test_more_dispersion_widens_the_interval() -> None:
    cell = Cell.of([1, 5, 2], [3000, 3000, 3000])
    wide = posterior_interval(rate_posterior(cell, 0.5), level=0.95)
    narrow = posterior_interval(rate_posterior(cell, 50.0), level=0.95)
    assert wide.high - wide.low > narrow.high - narrow.low


def test_weighted_sum_interval_is_seeded_and_brackets_the_sum() -> None:
    posteriors = [rate_posterior(Cell.of([5, 7], [9000, 11_000]), 2.0)] * 2
    first = weighted_sum_interval(
        posteriors, [0.5, 0.5], level=0.95, draws=2000, rng=np.random.default_rng(1)
    )
    again = weighted_sum_interval(
        posteriors, [0.5, 0.5], level=0.95, draws=2000, rng=np.random.default_rng(1)
    )
    assert first == again
    assert first.low < 6e-4 < first.high


def test_ratio_test_finds_a_planted_tripling_and_not_a_null() -> None:
    rng = np.random.default_rng(5)
    tokens = rng.integers(2000, 6000, size=60).astype(float)
    after = np.repeat([0.0, 1.0], 30)
    design = np.column_stack([np.ones(60), after])
    rates = rng.gamma(0.7, 5e-4 / 0.7, size=60) * np.where(after > 0, 3.0, 1.0)
    hits = rng.poisson(rates * tokens).astype(float)
    planted = rate_ratio_test(hits, tokens, design, column=1, shape=0.7)
    assert planted.low < 3.0 < planted.high and planted.p_value < 0.05
    null_hits = rng.poisson(rng.gamma(0.7, 5e-4 / 0.7, size=60) * tokens).astype(float)
    null = rate_ratio_test(null_hits, tokens, design, column=1, shape=0.7)
    assert null.low < 1.0 < null.high


def test_a_side_without_hits_gives_an_unbounded_ratio_not_an_overflow():
    """Quasi-separation (every document of one side at zero) must not raise OverflowError."""
    from policytext.stats.counts import rate_ratio_test

    hits = np.array([5, 7, 3, 6, 0, 0, 0, 0], dtype=float)
    design = np.column_stack([np.ones(8), [0, 0, 0, 0, 1, 1, 1, 1]])
    test = rate_ratio_test(hits, np.full(8, 1000.0), design, column=1, shape=1.0)
    assert test.ratio < 1e-3
    assert not np.isfinite(test.high)


def test_a_singular_design_gives_no_ratio_instead_of_an_error():
    """Two identical covariates leave the information matrix singular: no estimate, no crash."""
    from policytext.stats.counts import rate_ratio_test

    hits = np.array([5, 7, 3, 6, 2, 1, 4, 0], dtype=float)
    side = [0, 0, 0, 0, 1, 1, 1, 1]
    design = np.column_stack([np.ones(8), side, side])
    test = rate_ratio_test(hits, np.full(8, 1000.0), design, column=1, shape=1.0)
    assert np.isnan(test.ratio) and np.isnan(test.p_value)
