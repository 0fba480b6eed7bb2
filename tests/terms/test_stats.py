"""Statistics of the term stage: per-cell random streams."""

from __future__ import annotations

from policytext.terms.stats import cell_rng


def test_cell_streams_depend_on_seed_and_key_only() -> None:
    first = cell_rng(7, "a", 2014, "all").integers(0, 10**9, size=5)
    again = cell_rng(7, "a", 2014, "all").integers(0, 10**9, size=5)
    other_key = cell_rng(7, "a", 2015, "all").integers(0, 10**9, size=5)
    other_seed = cell_rng(8, "a", 2014, "all").integers(0, 10**9, size=5)
    assert (first == again).all()
    assert not (first == other_key).all() and not (first == other_seed).all()
