"""Calibration of the rate intervals and change tests on simulated corpora with known truth.

Shared by the calibration tests (small) and ``benchmarks/calibration.py`` (large). Corpora come
from :mod:`policytext.stats.simulate`: over-dispersed documents (gamma or log-normal rates
around the cell's, shape 0.7 by default), log-normal lengths, a doc_type mix that drifts over
the years, and two doc_types whose rates differ threefold, so that pooling them would mislead.

- :func:`rate_coverage`: the share of year x doc_type cells (and of standardised ``all``
  years) whose interval holds the true rate.
- :func:`change_rejections`: the share of period and event tests with p below 0.05, under no
  change (their false-positive rate) or with a planted change (their power).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from policytext.periods import Event, Period
from policytext.stats.simulate import (
    SimulatedCorpus,
    event_step,
    period_change,
    simulate_corpus,
    standardised_truth,
    type_rates,
)
from policytext.terms.rates import (
    ALL,
    RateDocument,
    RateSettings,
    changes_rows,
    mix_weights,
    rates_rows,
)

CONCEPT = "concept"
DOC_TYPES = ("government", "third_sector")
#: Rates per token of the two doc_types: about 1 and 3 hits in a 4,000-token document.
BASE_RATES = {"government": 2.5e-4, "third_sector": 7.5e-4}
FIRST_YEAR = 2000
EVENT_YEAR = 2008


def rate_documents(corpus: SimulatedCorpus, periods: Sequence[Period] = ()) -> list[RateDocument]:
    """The simulated documents as the rate tables take them (dated the 1st of July)."""
    documents = []
    for doc in corpus.documents:
        day = dt.date(doc.year, 7, 1)
        period = next((p.name for p in periods if p.contains(day)), "")
        documents.append(
            RateDocument(
                doc.doc_id, doc.year, doc.doc_type, period, day, doc.tokens, {CONCEPT: doc.hits}
            )
        )
    return documents


@dataclass(frozen=True)
class Proportion:
    """How many of ``total`` cases had the property (covered the truth; rejected)."""

    count: int
    total: int

    @property
    def share(self) -> float:
        """The proportion, as a share."""
        return self.count / self.total if self.total else float("nan")


def rate_coverage(
    *,
    docs_per_cell: int,
    replicates: int,
    seed: int,
    years: int = 8,
    shape: float = 0.7,
    spread: str = "gamma",
    level: float = 0.95,
) -> tuple[Proportion, Proportion]:
    """Coverage of doc_type cells and of standardised ``all`` years, over ``replicates`` corpora.

    Every cell has ``docs_per_cell`` documents, except that each corpus also has 10-document
    cells in its last two years: a corpus always mixes small and large cells, so the shared
    dispersion is estimated as in a real corpus. Only cells of the chosen size are scored.
    """
    cell_hits = cell_total = all_hits = all_total = 0
    year_list = list(range(FIRST_YEAR, FIRST_YEAR + years))
    small_years = set(year_list[:-2])
    for replicate in range(replicates):
        corpus = simulate_corpus(
            years=year_list,
            doc_types=DOC_TYPES,
            rate=type_rates(BASE_RATES, yearly_ratio=1.06, start=FIRST_YEAR),
            docs_per_cell=(docs_per_cell, docs_per_cell),
            seed=seed + replicate,
            shape=shape,
            spread=spread,
        )
        extra = simulate_corpus(
            years=year_list[-2:],
            doc_types=DOC_TYPES,
            rate=type_rates(BASE_RATES, yearly_ratio=1.06, start=FIRST_YEAR),
            docs_per_cell=(10, 10),
            seed=10_000 + seed + replicate,
            shape=shape,
            spread=spread,
        )
        documents = [doc for doc in corpus.documents if doc.year in small_years]
        merged = SimulatedCorpus(documents + extra.documents, corpus.true_rates | extra.true_rates)
        settings = RateSettings(ci_level=level, min_docs_per_cell=1, seed=seed + replicate)
        rate_docs = rate_documents(merged)
        weights = mix_weights(rate_docs, None)
        for row in rates_rows(rate_docs, [CONCEPT], settings):
            if row["year"] not in small_years or row["rate_per_10k"] is None:
                continue
            if row["group"] == ALL:
                truth = standardised_truth(merged.true_rates, weights, row["year"]) * 1e4
                all_total += 1
                all_hits += int(row["ci_low"] <= truth <= row["ci_high"])
            elif row["group"] in DOC_TYPES:
                truth = merged.true_rates[(row["year"], row["group"])] * 1e4
                cell_total += 1
                cell_hits += int(row["ci_low"] <= truth <= row["ci_high"])
    return Proportion(cell_hits, cell_total), Proportion(all_hits, all_total)


def calibration_events() -> tuple[list[Period], list[Event]]:
    """Two periods split at the event year, and the event itself."""
    periods = [
        Period("early", dt.date(FIRST_YEAR, 1, 1), dt.date(EVENT_YEAR, 1, 1)),
        Period("late", dt.date(EVENT_YEAR, 1, 1), None),
    ]
    events = [Event(dt.date(EVENT_YEAR, 1, 1), "Event", name="event")]
    return periods, events


def change_rejections(
    *,
    kind: str,
    ratio: float,
    replicates: int,
    seed: int,
    docs_per_cell: tuple[int, int] = (2, 8),
    yearly_trend: float = 1.0,
    spread: str = "gamma",
    group: str = ALL,
) -> Proportion:
    """How often the ``kind`` test of ``group`` rejects at p < 0.05, with a planted ``ratio``.

    Periods: the rate is multiplied by ``ratio`` from the event year on. Events: a background
    trend of ``yearly_trend`` a year plus a step of ``ratio`` at the event. The doc_type mix
    drifts over the years; the 16 years run 2000-2015 with the event in 2008.
    """
    periods, events = calibration_events()
    base = type_rates(BASE_RATES)
    rate = (
        period_change(base, from_year=EVENT_YEAR, ratio=ratio)
        if kind == "period"
        else event_step(base, event_year=EVENT_YEAR, ratio=ratio, yearly_trend=yearly_trend)
    )
    rejected = tests = 0
    for replicate in range(replicates):
        corpus = simulate_corpus(
            years=range(FIRST_YEAR, FIRST_YEAR + 16),
            doc_types=DOC_TYPES,
            rate=rate,
            docs_per_cell=docs_per_cell,
            seed=seed + replicate,
            spread=spread,
            mix_drift=True,
        )
        settings = RateSettings(periods=periods, events=events, event_window_years=5)
        for row in changes_rows(
            rate_documents(corpus, periods), [CONCEPT], settings, groups=[group]
        ):
            if row["kind"] != kind or row["group"] != group or row["p_value"] is None:
                continue
            tests += 1
            rejected += int(row["p_value"] < 0.05)
    return Proportion(rejected, tests)
