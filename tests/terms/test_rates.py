"""Rates by year and group, and tests of change, on documents built in each test."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from policytext.errors import UserError
from policytext.periods import Event, Period
from policytext.terms.rates import (
    ALL,
    ALL_RAW,
    RateDocument,
    RateSettings,
    changes_rows,
    mix_weights,
    rates_rows,
)

CONCEPT = "co-production"


def doc(
    doc_id: str, year: int, doc_type: str, tokens: int, hits: int, period: str = ""
) -> RateDocument:
    return RateDocument(
        doc_id, year, doc_type, period, dt.date(year, 7, 1), tokens, {CONCEPT: hits}
    )


def rows_by_key(documents, **settings) -> dict:
    rows = rates_rows(documents, [CONCEPT], RateSettings(**settings))
    return {(row["year"], row["group"]): row for row in rows}


def background(
    years=range(2010, 2016), doc_types=("government",), per_cell=4
) -> list[RateDocument]:
    """Steady documents: about 4 hits in 5,000 tokens, a little spread."""
    return [
        doc(f"{t}-{year}-{n}", year, t, 5000, 2 + 2 * (n % 3))
        for year in years
        for t in doc_types
        for n in range(per_cell)
    ]


def test_a_cell_with_too_few_documents_has_empty_numbers_and_a_reason() -> None:
    documents = background() + [doc("alone", 2016, "government", 3000, 2)]
    row = rows_by_key(documents)[(2016, "government")]
    assert (row["docs"], row["hits"], row["tokens"]) == (1, 2, 3000)
    assert row["raw_rate_per_10k"] == pytest.approx(2 / 3000 * 1e4)
    assert (row["rate_per_10k"], row["ci_low"], row["ci_high"]) == (None, None, None)
    assert row["reason"] == "few_docs: 1 < 2"


def test_one_document_allowed_gets_a_wide_honest_interval() -> None:
    documents = background() + [doc("alone", 2016, "government", 3000, 2)]
    row = rows_by_key(documents, min_docs_per_cell=1)[(2016, "government")]
    assert row["reason"] == ""
    assert row["ci_low"] < row["rate_per_10k"] < row["ci_high"]
    assert row["ci_high"] / row["ci_low"] > 10


def test_zero_hits_give_rate_zero_and_a_non_zero_upper_bound() -> None:
    documents = background() + [
        doc("z1", 2016, "government", 4000, 0),
        doc("z2", 2016, "government", 4000, 0),
    ]
    row = rows_by_key(documents)[(2016, "government")]
    assert (row["rate_per_10k"], row["ci_low"]) == (0.0, 0.0)
    assert 0 < row["ci_high"] < 100


def test_a_tiny_document_alone_in_a_year_shows_its_uncertainty() -> None:
    documents = background() + [doc("blog", 2020, "government", 19, 1)]
    row = rows_by_key(documents, min_docs_per_cell=1)[(2020, "government")]
    assert row["raw_rate_per_10k"] == pytest.approx(526.3, abs=0.1)
    assert row["ci_high"] / row["ci_low"] > 20


def test_standardised_all_removes_a_change_of_mix_that_pooling_reads_as_a_trend() -> None:
    # Each type's rate is steady; the high-rate type's share grows from 2 in 11 to 9 in 11.
    documents = []
    for step, year in enumerate(range(2010, 2018)):
        for n in range(2 + step):
            documents.append(doc(f"ts-{year}-{n}", year, "third_sector", 5000, 10 + n % 3))
        for n in range(9 - step):
            documents.append(doc(f"gov-{year}-{n}", year, "government", 5000, 1 + n % 2))
    rows = rows_by_key(documents)
    raw_ratio = rows[(2017, ALL_RAW)]["rate_per_10k"] / rows[(2010, ALL_RAW)]["rate_per_10k"]
    standard_ratio = rows[(2017, ALL)]["rate_per_10k"] / rows[(2010, ALL)]["rate_per_10k"]
    assert raw_ratio > 2.5
    assert 0.7 < standard_ratio < 1.4


def test_standard_mix_is_configurable_and_checked() -> None:
    documents = background(doc_types=("government", "third_sector"))
    assert mix_weights(documents, None) == {"government": 0.5, "third_sector": 0.5}
    assert mix_weights(documents, {"government": 3, "third_sector": 1}) == {
        "government": 0.75,
        "third_sector": 0.25,
    }
    with pytest.raises(UserError, match="parliament"):
        mix_weights(documents, {"parliament": 1})


def test_a_year_missing_a_weighted_doc_type_is_not_standardised() -> None:
    documents = background(doc_types=("government", "third_sector")) + background(
        years=[2016], doc_types=("government",)
    )
    rows = rows_by_key(documents)
    assert rows[(2016, ALL)]["rate_per_10k"] is None
    assert rows[(2016, ALL)]["reason"] == "few_docs: third_sector 0 < 1"
    assert rows[(2016, ALL_RAW)]["reason"] == ""


def test_rates_are_identical_from_run_to_run() -> None:
    documents = background(doc_types=("government", "third_sector"))
    settings = RateSettings()
    assert rates_rows(documents, [CONCEPT], settings) == rates_rows(documents, [CONCEPT], settings)


PERIODS = [
    Period("early", dt.date(2010, 1, 1), dt.date(2013, 1, 1)),
    Period("late", dt.date(2013, 1, 1), None),
]
EVENTS = [Event(dt.date(2013, 1, 1), "Act", name="act")]


def with_periods(documents: list[RateDocument]) -> list[RateDocument]:
    return [
        RateDocument(
            d.doc_id,
            d.year,
            d.doc_type,
            "early" if d.year < 2013 else "late",
            d.day,
            d.tokens,
            d.hits,
        )
        for d in documents
    ]


def test_a_planted_tripling_is_found_and_q_values_follow_benjamini_hochberg() -> None:
    rng = np.random.default_rng(4)
    documents = with_periods(
        [
            doc(
                f"d{year}-{n}",
                year,
                "government",
                4000,
                int(rng.poisson(4 * (3 if year >= 2013 else 1))),
            )
            for year in range(2010, 2016)
            for n in range(6)
        ]
    )
    rows = changes_rows(documents, [CONCEPT], RateSettings(periods=PERIODS, events=EVENTS))
    period = next(r for r in rows if r["kind"] == "period" and r["group"] == ALL)
    assert (period["from"], period["to"]) == ("early", "late")
    assert period["ci_low"] < 3 < period["ci_high"] and period["significant"] is True
    tested = sorted((r["p_value"], r["q_value"]) for r in rows if r["p_value"] is not None)
    m = len(tested)
    expected = [
        min(1.0, min(p * m / (j + 1) for j, (p, _) in enumerate(tested) if j >= i))
        for i in range(m)
    ]
    assert [q for _, q in tested] == pytest.approx(expected)


def test_event_series_with_too_few_years_says_why() -> None:
    documents = with_periods(background(years=[2012, 2013]))
    rows = changes_rows(documents, [CONCEPT], RateSettings(periods=PERIODS, events=EVENTS))
    event = next(r for r in rows if r["kind"] == "event" and r["group"] == ALL)
    assert (event["from"], event["to"], event["event"]) == ("before", "after", "act")
    assert event["reason"] == "not_estimated: 2 years < 3"
    assert event["ratio"] is None and event["significant"] is None


def test_a_side_without_documents_or_hits_is_not_tested() -> None:
    one_sided = with_periods(background(years=[2014, 2015]))
    rows = changes_rows(one_sided, [CONCEPT], RateSettings(periods=PERIODS, events=EVENTS))
    assert {r["reason"] for r in rows} == {"few_docs: early 0 < 2", "few_docs: before 0 < 2"}
    silent = with_periods(
        background(years=[2011, 2012])
        + [doc(f"z{n}", 2014, "government", 4000, 0) for n in range(3)]
    )
    rows = changes_rows(silent, [CONCEPT], RateSettings(periods=PERIODS, events=EVENTS))
    assert next(r for r in rows if r["kind"] == "period")["reason"] == "no_hits: late"


def test_the_event_step_is_measured_beyond_the_trend() -> None:
    # A steady 10% a year rise and no step: the ratio at the event stays near 1.
    documents = with_periods(
        [
            doc(
                f"d{year}-{n}",
                year,
                "government",
                5000,
                round(20 * 1.1 ** (year - 2010)) + n % 3 - 1,
            )
            for year in range(2008, 2018)
            for n in range(5)
        ]
    )
    rows = changes_rows(documents, [CONCEPT], RateSettings(periods=PERIODS, events=EVENTS))
    event = next(r for r in rows if r["kind"] == "event" and r["group"] == ALL)
    period = next(r for r in rows if r["kind"] == "period" and r["group"] == ALL)
    assert event["ci_low"] < 1.0 < event["ci_high"]
    assert math.isclose(event["ratio"], 1.0, abs_tol=0.15)
    assert period["ratio"] > 1.2  # the periods differ: the trend carries them apart


def test_a_one_document_type_enters_the_standardised_rate_with_its_wide_interval() -> None:
    documents = background(doc_types=("government", "third_sector")) + background(
        years=[2016], doc_types=("government",)
    )
    documents.append(doc("ts-lone", 2016, "third_sector", 5000, 4))
    rows = rows_by_key(documents)
    assert rows[(2016, "third_sector")]["reason"] == "few_docs: 1 < 2"
    lone, usual = rows[(2016, ALL)], rows[(2015, ALL)]
    assert lone["reason"] == ""
    assert lone["ci_high"] - lone["ci_low"] > usual["ci_high"] - usual["ci_low"]


def test_three_documents_of_one_year_give_reasons_not_numbers() -> None:
    documents = [
        doc("gov-a", 2015, "government", 800, 2, period="late"),
        doc("gov-b", 2015, "government", 900, 1, period="late"),
        doc("ts-a", 2015, "third_sector", 700, 1, period="late"),
    ]
    rows = rows_by_key(documents)
    assert rows[(2015, "third_sector")]["reason"] == "few_docs: 1 < 2"
    assert rows[(2015, "government")]["reason"] == ""  # two documents: an honest wide band
    changes = changes_rows(documents, [CONCEPT], RateSettings(periods=PERIODS, events=EVENTS))
    assert changes and all(row["p_value"] is None and row["reason"] for row in changes)
    assert {row["reason"] for row in changes if row["kind"] == "event"} == {
        "few_docs: before 0 < 2"
    }
