"""Calibration: interval coverage, false-positive rates and power on simulated corpora.

The corpora are over-dispersed (documents' rates gamma or log-normal around the cell rate,
shape 0.7), with log-normal lengths and a drifting doc_type mix (policytext.stats.simulate).
Replicates are few enough for CI; ``benchmarks/calibration.py`` runs the large version and
BENCHMARKS.md records its numbers. Seeds are fixed, so each assertion is reproducible.
"""

from __future__ import annotations

import pytest

from policytext.terms.calibration import change_rejections, rate_coverage


@pytest.mark.parametrize(("docs", "least"), [(2, 0.85), (3, 0.90), (5, 0.90)])
def test_rate_intervals_hold_their_coverage_from_two_documents(docs: int, least: float) -> None:
    cells, standardised = rate_coverage(docs_per_cell=docs, replicates=20, seed=100 + docs)
    assert cells.total == 240
    assert least <= cells.share <= 0.99
    assert 0.85 <= standardised.share <= 1.0


def test_rate_intervals_hold_on_log_normal_documents_the_model_does_not_assume() -> None:
    cells, _ = rate_coverage(docs_per_cell=3, replicates=20, seed=300, spread="lognormal")
    assert 0.88 <= cells.share <= 0.995


def test_period_test_rarely_rejects_when_nothing_changes_but_the_mix() -> None:
    null = change_rejections(kind="period", ratio=1.0, replicates=100, seed=1)
    assert null.total == 100
    assert null.share <= 0.10


def test_event_test_rarely_rejects_a_steady_trend_without_a_step() -> None:
    null = change_rejections(kind="event", ratio=1.0, yearly_trend=1.08, replicates=100, seed=2)
    assert null.total == 100
    assert null.share <= 0.10


def test_change_tests_find_planted_changes() -> None:
    period = change_rejections(kind="period", ratio=2.5, replicates=30, seed=3)
    event = change_rejections(kind="event", ratio=3.0, yearly_trend=1.08, replicates=30, seed=4)
    assert period.share >= 0.8
    assert event.share >= 0.5
