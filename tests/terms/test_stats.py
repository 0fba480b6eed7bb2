"""Statistics of the term stage against values worked out by hand."""

from __future__ import annotations

import itertools
import math

import pytest

from policytext.terms.stats import (
    contingency_g2,
    log_likelihood_g2,
    log_ratio,
    npmi,
)


def test_g2_matches_a_hand_computed_value() -> None:
    # a=30, b=10 in corpora of 1000 each: E1 = E2 = 20,
    # G2 = 2 (30 ln(30/20) + 10 ln(10/20)) = 10.4650...
    expected = 2 * (30 * math.log(1.5) + 10 * math.log(0.5))
    assert log_likelihood_g2(30, 10, 1000, 1000) == pytest.approx(expected)
    assert log_likelihood_g2(30, 10, 1000, 1000) == pytest.approx(10.4650, abs=1e-4)


def test_g2_is_zero_for_equal_relative_frequencies() -> None:
    assert log_likelihood_g2(10, 20, 1000, 2000) == pytest.approx(0.0)


def test_log_ratio_is_smoothed_and_signed() -> None:
    assert log_ratio(20, 10, 1000, 1000, smoothing=0) == pytest.approx(1.0)
    assert log_ratio(10, 20, 1000, 1000, smoothing=0) == pytest.approx(-1.0)
    assert math.isfinite(log_ratio(5, 0, 1000, 1000, smoothing=0.5))


def test_contingency_g2_sign_follows_attraction() -> None:
    assert contingency_g2(10, 100, 20, 10_000) > 0
    assert contingency_g2(0, 100, 200, 10_000) < 0


@pytest.mark.parametrize(
    ("joint", "row", "column", "total"),
    [
        (j, r, c, 1000)
        for j, r, c in itertools.product([1, 5, 50], [50, 100, 900], [50, 100, 900])
        if j <= min(r, c)
    ],
)
def test_npmi_stays_within_minus_one_and_one(joint, row, column, total) -> None:
    assert -1.0 <= npmi(joint, row, column, total) <= 1.0


def test_npmi_is_one_for_perfect_and_zero_for_independent_association() -> None:
    assert npmi(20, 20, 20, 1000) == pytest.approx(1.0)
    assert npmi(10, 100, 100, 1000) == pytest.approx(0.0, abs=1e-12)
    assert npmi(0, 100, 100, 1000) == -1.0
