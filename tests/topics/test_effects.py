"""Topic effects: the fractional logit, seed alignment and pooling, contrasts, minimum data.

Document-topic posteriors (gamma) are built by hand from planted shares, so every test
knows the truth; a concentrated Dirichlet (gamma = share x 300) keeps the posterior noise
small, as in a model fitted on long documents.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from policytext.topics.effects import (
    EffectLimits,
    align_seeds,
    align_topics,
    effect_tables,
    fractional_logit,
    hellinger_similarity,
    spline_basis,
    two_sided_p,
)

YEARS = np.repeat(np.arange(2010, 2020), 12)
KINDS = np.array(["government", "third_sector"] * (len(YEARS) // 2))
PERIODS = np.where(YEARS < 2015, "early", "late")
LABELS = ["T1: rising", "T2: the rest"]


def gamma_from(share: np.ndarray, *, rng: np.random.Generator, concentration: float = 300):
    """Two-topic posterior parameters around the planted share of topic 1."""
    noisy = np.clip(share + rng.normal(0, 0.03, len(share)), 0.02, 0.98)
    return np.column_stack([noisy, 1 - noisy]) * concentration


def run_effects(gammas, years=YEARS, kinds=KINDS, periods=PERIODS, **options):
    settings = {"df": 3, "simulations": 40, "seed": 5, "labels": LABELS, **options}
    return effect_tables(
        gammas,
        years.tolist(),
        kinds.tolist(),
        periods.tolist(),
        period_order=["early", "late"],
        **settings,
    )


def row_of(rows, **match):
    return next(row for row in rows if all(row[key] == value for key, value in match.items()))


# --- the GLM and the alignment ---------------------------------------------------------------


def test_fractional_logit_matches_statsmodels_glm_with_robust_errors():
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    design = np.column_stack([np.ones(80), rng.normal(size=(80, 2))])
    shares = rng.dirichlet([1, 2, 3], size=80)
    coefficients, covariance = fractional_logit(design, shares)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = sm.GLM(shares[:, 2], design, family=sm.families.Binomial()).fit(cov_type="HC0")
    assert coefficients[:, 2] == pytest.approx(reference.params, abs=1e-6)
    # HC1: HC0 times n / (n - p)
    assert covariance[2] == pytest.approx(reference.cov_params() * 80 / 77, rel=1e-5)


def test_spline_basis_with_an_intercept_spans_a_partition_of_unity():
    years = np.arange(2005, 2025, dtype=float)
    basis = spline_basis(years, df=4, lower=2005, upper=2024)
    assert basis.shape == (20, 4)
    assert np.all(1 - basis.sum(axis=1) >= -1e-12)
    assert np.all(basis >= 0)


def test_alignment_undoes_a_permutation_and_scores_each_pair():
    rng = np.random.default_rng(1)
    beta = rng.dirichlet(np.ones(30) * 0.3, size=4)
    order, similarity = align_topics(beta, beta[[2, 0, 3, 1]])
    assert order.tolist() == [1, 3, 0, 2]
    assert similarity == pytest.approx(np.ones(4))
    assert hellinger_similarity(beta[:1], beta[1:2])[0, 0] < 0.9


def test_a_topic_only_one_seed_finds_has_a_low_alignment():
    rng = np.random.default_rng(2)
    shared = rng.dirichlet(np.ones(40) * 0.2, size=2)
    found = rng.dirichlet(np.ones(40) * 0.2)
    other_seed = np.vstack([shared, rng.dirichlet(np.ones(40) * 0.2)])  # finds something else
    alignment = align_seeds({1: np.vstack([shared, found]), 2: other_seed}, chosen=1)
    agreement = alignment.mean_similarity(1)
    assert agreement[:2] == pytest.approx([1, 1])
    assert agreement[2] < 0.6


# --- the planted effects -----------------------------------------------------------------------


def test_a_sector_specific_rise_shows_as_diverging_curves():
    """Topic 1 rises from 0.2 to 0.6 in third-sector documents only; government stays at 0.2."""
    rng = np.random.default_rng(3)
    rise = np.where(KINDS == "third_sector", 0.4 * (YEARS - 2010) / 9, 0.0)
    result = run_effects([gamma_from(0.2 + rise, rng=rng)])
    third = row_of(result.effects, topic=1, term="year", level="third_sector")
    government = row_of(result.effects, topic=1, term="year", level="government")
    assert third["ci_low"] > 0.25 and third["estimate"] == pytest.approx(0.4, abs=0.08)
    assert government["ci_low"] < 0 < government["ci_high"]
    last = {
        kind: row_of(result.by_year, topic=1, year=2019, doc_type=kind)
        for kind in ("government", "third_sector")
    }
    assert last["third_sector"]["ci_low"] > last["government"]["ci_high"]  # the curves part
    first = {
        kind: row_of(result.by_year, topic=1, year=2010, doc_type=kind)
        for kind in ("government", "third_sector")
    }
    assert first["third_sector"]["ci_low"] < first["government"]["ci_high"]  # ... from one start
    contrast = {row["group"]: row for row in result.contrasts if row["topic"] == 1}
    assert contrast["third_sector"]["significant"] is True
    assert contrast["government"]["significant"] is False


def test_pooled_intervals_are_wider_than_one_seeds_when_the_seeds_disagree():
    rng = np.random.default_rng(4)
    share = 0.3 + 0.1 * (YEARS - 2010) / 9
    first_seed = gamma_from(share, rng=rng)
    disagreeing = gamma_from(share + 0.15, rng=rng)
    alone = run_effects([first_seed])
    pooled = run_effects([first_seed, disagreeing])
    agreeing = run_effects([first_seed, first_seed])

    def width(result):
        rows = [r for r in result.by_year if r["topic"] == 1]
        return np.mean([row["ci_high"] - row["ci_low"] for row in rows])

    assert width(pooled) > 1.5 * width(alone)
    assert width(agreeing) == pytest.approx(width(alone), rel=0.35)


def test_contrast_q_values_follow_benjamini_hochberg_and_the_fdr():
    rng = np.random.default_rng(6)
    result = run_effects([gamma_from(0.2 + 0.3 * (YEARS >= 2015), rng=rng)], fdr=0.01)
    rows = [row for row in result.contrasts if row["group"] == "all"]
    assert [(row["from"], row["to"]) for row in rows] == [("early", "late")] * 2
    assert all(row["q_value"] >= row["p_value"] for row in rows)
    assert all(row["significant"] == (row["q_value"] <= 0.01) for row in rows)
    assert row_of(rows, topic=1)["difference"] == pytest.approx(0.3, abs=0.05)


def test_p_value_is_never_zero_and_is_one_for_draws_centred_on_zero():
    draws = np.array([[1.0, -1.0], [2.0, 1.0], [3.0, -2.0], [4.0, 2.0]])
    p = two_sided_p(draws)
    assert p[0] == pytest.approx(1 / 5)
    assert p[1] == 1.0


# --- minimum data ---------------------------------------------------------------------------


def test_one_year_gives_reason_rows_and_no_time_effect():
    rng = np.random.default_rng(7)
    years = np.full(30, 2015)
    kinds = np.array(["government", "third_sector"] * 15)
    result = run_effects(
        [gamma_from(np.full(30, 0.3), rng=rng)], years=years, kinds=kinds, periods=np.full(30, "p")
    )
    year_rows = [row for row in result.effects if row["term"] == "year"]
    assert {row["reason"] for row in year_rows} == {"not_estimated: 1 year only"}
    assert {row["estimate"] for row in year_rows} == {""}
    assert {row["reason"] for row in result.by_year} == {"not_estimated: 1 year only"}
    assert {row["year"] for row in result.by_year} == {2015}  # never a 1950-2100 grid
    assert {row["reason"] for row in result.contrasts} == {"not_estimated: 1 year only"}
    # doc_type can still be compared within the one year
    assert row_of(result.effects, topic=1, term="doc_type", level="third_sector")["reason"] == ""


def test_one_doc_type_has_no_doc_type_effect_and_no_interaction():
    rng = np.random.default_rng(8)
    kinds = np.full(len(YEARS), "government")
    result = run_effects([gamma_from(np.full(len(YEARS), 0.3), rng=rng)], kinds=kinds)
    doc_type = [row for row in result.effects if row["term"] == "doc_type"]
    assert {row["reason"] for row in doc_type} == {"not_estimated: 1 doc_type only"}
    assert row_of(result.effects, topic=1, term="year", level="government")["reason"] == ""


def test_a_doc_type_with_too_few_documents_is_left_out_and_says_why():
    rng = np.random.default_rng(9)
    kinds = KINDS.copy()
    kinds[:3] = "audit"
    result = run_effects(
        [gamma_from(np.full(len(YEARS), 0.3), rng=rng)],
        kinds=kinds,
        limits=EffectLimits(min_docs_per_type=5),
    )
    audit = row_of(result.effects, topic=1, level="audit")
    assert audit["reason"] == "few_docs: 3 < 5"
    assert audit["estimate"] == ""
    assert "audit" not in {row["doc_type"] for row in result.by_year}
