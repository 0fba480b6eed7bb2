"""Statistics of the term stage against values worked out by hand."""

from __future__ import annotations

from policytext.terms.stats import (
    bootstrap_rate_ci,
    cell_rng,
)


def test_bootstrap_interval_is_deterministic_and_brackets_the_rate() -> None:
    hits, tokens = [0, 3, 1, 7, 2, 0, 4], [900, 1200, 800, 1500, 1000, 700, 1100]
    rate = 10_000 * sum(hits) / sum(tokens)
    first = bootstrap_rate_ci(hits, tokens, n_resamples=500, rng=cell_rng(7, "a", 2014, "all"))
    again = bootstrap_rate_ci(hits, tokens, n_resamples=500, rng=cell_rng(7, "a", 2014, "all"))
    other = bootstrap_rate_ci(hits, tokens, n_resamples=500, rng=cell_rng(8, "a", 2014, "all"))
    assert first == again
    assert first != other
    assert first[0] < rate < first[1]


def test_bootstrap_of_one_document_has_no_spread() -> None:
    assert bootstrap_rate_ci([2], [1000], n_resamples=50, rng=cell_rng(1)) == (20.0, 20.0)
