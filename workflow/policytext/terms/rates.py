"""Rates of concepts by year and group, and tests of change between periods and at events.

``rates.csv`` (one row per concept x year x group). Groups are each doc_type, ``all`` (the
rate standardised to a fixed doc_type mix) and ``all_raw`` (every document of the year pooled,
whatever its type). The counts (``docs``, ``tokens``, ``hits``, ``raw_rate_per_10k``: hits
over tokens x 10,000, ``doc_share``, ``docs_mentioning``) are always given. ``rate_per_10k``
and its interval come from the gamma-Poisson model of :mod:`policytext.stats.counts`: the
documents of a year x doc_type cell are negative binomial around the cell's rate, with one
over-dispersion shape per concept (``dispersion_shape``, estimated from all its cells), and
the estimate is the posterior median with an equal-tailed interval under the Jeffreys prior.
A cell with no hits has estimate 0 and interval [0, upper quantile]. A cell with fewer than
``min_docs_per_cell`` documents is not estimated: its numbers are empty and ``reason`` says
``few_docs: 1 < 2``. The ``all`` rate is sum_j w_j mu_j over doc_types j with fixed weights w
(``standard_mix``: by default each doc_type's share of all usable documents), so that a change
in the mix of documents over the years does not read as a trend; its interval comes from
draws of the cells' posteriors. Every cell with a document enters it, a one-document cell
with its wide posterior (the shared shape makes that honest: 1-document cells cover their
truth as often as larger ones in the calibration), so a year needs ``min_docs_per_cell``
documents in all and one of every weighted doc_type; otherwise it is not estimated
(``few_docs: audit 0 < 1``). ``all_raw`` is the pooled rate with the same model.

``changes.csv`` (one row per concept x group x comparison). ``kind`` ``period``: each period
against the one before it (``from`` -> ``to``; consecutive pairs answer "did the rate change
at this turn", and their tests do not share a reference). ``kind`` ``event``: an interrupted
time series around the event (``event``; ``from`` = ``before``, ``to`` = ``after``) with the
documents dated within ``event_window_years`` of it: log E[hits] = log tokens + a + b time +
d after (+ doc_type effects), so the ratio exp(d) is the step at the event beyond the
background trend. Every model is a document-level negative-binomial GLM (shape as for the
rates) with robust standard errors (the larger of HC1 and model-based) and t intervals; the
group ``all`` adds one effect per doc_type, so that the comparison is within types.
``q_value`` is the Benjamini-Hochberg adjusted p value over every tested row of the table,
and ``significant`` is q <= ``fdr``.
A comparison with fewer than ``min_docs_per_cell`` documents on a side, no hits on a side,
or (events) fewer than ``min_years_for_trend`` distinct years, is not tested and says why.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from policytext.errors import UserError
from policytext.periods import Event, Period
from policytext.stats.counts import (
    Cell,
    RateEstimate,
    RatePosterior,
    estimate_shape,
    posterior_interval,
    rate_posterior,
    rate_ratio_test,
    weighted_sum_interval,
)
from policytext.terms.stats import cell_rng

PER_10K = 10_000.0
ALL = "all"
ALL_RAW = "all_raw"
#: Monte Carlo draws for a standardised rate's interval.
STANDARDISED_DRAWS = 4000

RATE_COLUMNS = [
    "concept",
    "year",
    "group",
    "docs",
    "tokens",
    "hits",
    "rate_per_10k",
    "ci_low",
    "ci_high",
    "doc_share",
    "docs_mentioning",
    "raw_rate_per_10k",
    "dispersion_shape",
    "reason",
]
CHANGE_COLUMNS = [
    "concept",
    "group",
    "kind",
    "event",
    "from",
    "to",
    "docs_from",
    "docs_to",
    "hits_from",
    "hits_to",
    "ratio",
    "ci_low",
    "ci_high",
    "p_value",
    "q_value",
    "significant",
    "reason",
]


@dataclass(frozen=True)
class RateDocument:
    """A usable document as the rate tables see it: where it sits, its length and its hits."""

    doc_id: str
    year: int
    doc_type: str
    period: str
    day: dt.date
    tokens: int
    hits: Mapping[str, int]


#: The ``terms`` config keys that set :class:`RateSettings` fields of the same name.
RATE_KEYS = (
    "min_docs_per_cell",
    "min_years_for_trend",
    "standard_mix",
    "event_window_years",
    "fdr",
)


@dataclass(frozen=True)
class RateSettings:
    """The rate options of the ``terms`` config section (defaults as in the schema)."""

    ci_level: float = 0.95
    seed: int = 2011
    min_docs_per_cell: int = 2
    min_years_for_trend: int = 3
    standard_mix: Mapping[str, float] | None = None
    event_window_years: float | None = 5
    fdr: float = 0.05
    periods: Sequence[Period] = field(default_factory=list)
    events: Sequence[Event] = field(default_factory=list)


def mix_weights(
    documents: Sequence[RateDocument], standard_mix: Mapping[str, float] | None
) -> dict[str, float]:
    """The doc_type weights of the standardised ``all`` rate, summing to 1.

    ``None``: each doc_type's share of the documents. A mapping: its positive weights,
    normalised; naming a doc_type that has no documents is an error.
    """
    counts: dict[str, int] = defaultdict(int)
    for document in documents:
        counts[document.doc_type] += 1
    if standard_mix is None:
        raw = {doc_type: float(count) for doc_type, count in counts.items()}
    else:
        unknown = sorted(set(standard_mix) - set(counts))
        if unknown:
            raise UserError(
                f"terms.standard_mix names doc_types {unknown} with no usable documents; "
                f"choose from {sorted(counts)}"
            )
        raw = {doc_type: float(w) for doc_type, w in standard_mix.items() if float(w) > 0}
        if not raw:
            raise UserError("terms.standard_mix: give at least one doc_type a positive weight")
    total = sum(raw.values())
    return {doc_type: raw[doc_type] / total for doc_type in sorted(raw)}


def cell_of(documents: Sequence[RateDocument], concept: str) -> Cell:
    """The hits and tokens of ``documents`` for one concept."""
    return Cell.of(
        [doc.hits.get(concept, 0) for doc in documents], [doc.tokens for doc in documents]
    )


def count_columns(documents: Sequence[RateDocument], concept: str) -> dict[str, Any]:
    """The columns that need no model: documents, tokens, hits, raw rate, document share."""
    hits = [doc.hits.get(concept, 0) for doc in documents]
    tokens = sum(doc.tokens for doc in documents)
    mentioning = sum(1 for count in hits if count > 0)
    return {
        "docs": len(documents),
        "tokens": tokens,
        "hits": sum(hits),
        "doc_share": mentioning / len(documents),
        "docs_mentioning": mentioning,
        "raw_rate_per_10k": PER_10K * sum(hits) / tokens if tokens else 0.0,
    }


def estimate_columns(estimate: RateEstimate | None, *, reason: str = "") -> dict[str, Any]:
    """``rate_per_10k, ci_low, ci_high, reason``: per 10,000 tokens, or empty with a reason."""
    if estimate is None:
        return {"rate_per_10k": None, "ci_low": None, "ci_high": None, "reason": reason}
    return {
        "rate_per_10k": PER_10K * estimate.estimate,
        "ci_low": PER_10K * estimate.low,
        "ci_high": PER_10K * estimate.high,
        "reason": "",
    }


def cell_estimate(cell: Cell, posterior: RatePosterior, *, level: float) -> RateEstimate:
    """Posterior median and interval; a cell with no hits: 0 and [0, upper quantile]."""
    if cell.hits.sum() == 0:
        return RateEstimate(0.0, 0.0, float(posterior.quantile((1 + level) / 2)))
    return posterior_interval(posterior, level=level)


def concept_rate_rows(
    documents: Sequence[RateDocument], concept: str, settings: RateSettings
) -> list[dict[str, Any]]:
    """The rows of one concept (see the module docstring), sorted by year then group."""
    by_cell: dict[tuple[int, str], list[RateDocument]] = defaultdict(list)
    for document in documents:
        by_cell[(document.year, document.doc_type)].append(document)
    cells = {key: cell_of(members, concept) for key, members in by_cell.items()}
    shape = estimate_shape(list(cells.values()))
    weights = mix_weights(documents, settings.standard_mix)
    minimum = settings.min_docs_per_cell
    level = settings.ci_level
    doc_types = sorted({doc_type for _, doc_type in by_cell})
    rows = []
    for year in sorted({year for year, _ in by_cell}):
        posteriors: dict[str, RatePosterior] = {}
        type_rows = []
        for doc_type in doc_types:
            members = by_cell.get((year, doc_type))
            if not members:
                continue
            base = {"concept": concept, "year": year, "group": doc_type, "dispersion_shape": shape}
            cell = cells[(year, doc_type)]
            posteriors[doc_type] = rate_posterior(cell, shape)
            if len(members) < minimum:
                estimate = estimate_columns(None, reason=f"few_docs: {len(members)} < {minimum}")
            else:
                estimate = estimate_columns(cell_estimate(cell, posteriors[doc_type], level=level))
            type_rows.append({**base, **count_columns(members, concept), **estimate})
        year_documents = [doc for doc in documents if doc.year == year]
        missing = [doc_type for doc_type in weights if doc_type not in posteriors]
        if len(year_documents) < minimum:
            standardised = estimate_columns(
                None, reason=f"few_docs: {len(year_documents)} < {minimum}"
            )
        elif missing:
            standardised = estimate_columns(None, reason=f"few_docs: {missing[0]} 0 < 1")
        elif all(cells[(year, doc_type)].hits.sum() == 0 for doc_type in weights):
            upper = weighted_sum_interval(
                [posteriors[doc_type] for doc_type in weights],
                list(weights.values()),
                level=level,
                draws=STANDARDISED_DRAWS,
                rng=cell_rng(settings.seed, concept, year, ALL),
            ).high
            standardised = estimate_columns(RateEstimate(0.0, 0.0, upper))
        else:
            standardised = estimate_columns(
                weighted_sum_interval(
                    [posteriors[doc_type] for doc_type in weights],
                    list(weights.values()),
                    level=level,
                    draws=STANDARDISED_DRAWS,
                    rng=cell_rng(settings.seed, concept, year, ALL),
                )
            )
        pooled = cell_of(year_documents, concept)
        if len(year_documents) < minimum:
            raw = estimate_columns(None, reason=f"few_docs: {len(year_documents)} < {minimum}")
        else:
            raw = estimate_columns(
                cell_estimate(pooled, rate_posterior(pooled, shape), level=level)
            )
        counts = count_columns(year_documents, concept)
        for group, estimate in ((ALL, standardised), (ALL_RAW, raw)):
            rows.append(
                {"concept": concept, "year": year, "group": group, "dispersion_shape": shape}
                | counts
                | estimate
            )
        rows += type_rows
    return rows


def rates_rows(
    documents: Sequence[RateDocument], concepts: Sequence[str], settings: RateSettings
) -> list[dict[str, Any]]:
    """Every concept's rate rows, in the order of ``concepts``."""
    rows = []
    for concept in concepts:
        rows += concept_rate_rows(documents, concept, settings)
    return rows


# --- changes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Documents on the two sides of one comparison, and how it is labelled."""

    kind: str
    event: str
    before: str
    after: str
    before_docs: list[RateDocument]
    after_docs: list[RateDocument]


def years_between(day: dt.date, origin: dt.date) -> float:
    """Signed distance in years from ``origin`` to ``day``."""
    return (day - origin).days / 365.25


def period_comparisons(
    documents: Sequence[RateDocument], periods: Sequence[Period]
) -> list[Comparison]:
    """Each configured period against the one before it."""
    by_period: dict[str, list[RateDocument]] = defaultdict(list)
    for document in documents:
        by_period[document.period].append(document)
    return [
        Comparison(
            "period", "", first.name, second.name, by_period[first.name], by_period[second.name]
        )
        for first, second in zip(periods, periods[1:], strict=False)
    ]


def event_comparisons(
    documents: Sequence[RateDocument], events: Sequence[Event], *, window_years: float | None
) -> list[Comparison]:
    """Per event: the documents within the window before and after it (its day counts after)."""
    from policytext.terms.tables import event_name

    comparisons = []
    for event in events:
        near = [
            doc
            for doc in documents
            if window_years is None or abs(years_between(doc.day, event.date)) <= window_years
        ]
        comparisons.append(
            Comparison(
                "event",
                event_name(event),
                "before",
                "after",
                [doc for doc in near if doc.day < event.date],
                [doc for doc in near if doc.day >= event.date],
            )
        )
    return comparisons


def comparison_problem(comparison: Comparison, concept: str, settings: RateSettings) -> str:
    """Why a comparison cannot be tested (empty when it can)."""
    minimum = settings.min_docs_per_cell
    for side, docs in (
        (comparison.before, comparison.before_docs),
        (comparison.after, comparison.after_docs),
    ):
        if len(docs) < minimum:
            return f"few_docs: {side} {len(docs)} < {minimum}"
    for side, docs in (
        (comparison.before, comparison.before_docs),
        (comparison.after, comparison.after_docs),
    ):
        if not any(doc.hits.get(concept, 0) for doc in docs):
            return f"no_hits: {side}"
    if comparison.kind == "event":
        years = {doc.year for doc in comparison.before_docs + comparison.after_docs}
        if len(years) < settings.min_years_for_trend:
            return f"not_estimated: {len(years)} years < {settings.min_years_for_trend}"
    return ""


def comparison_design(
    comparison: Comparison, concept: str, *, by_type: bool, event_day: dt.date | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hits, tokens and design (intercept, after, [time], [doc_type effects]) of a comparison.

    Documents of a doc_type with no hits in the comparison are left out when doc_type effects
    are fitted: their effect would be minus infinity and they say nothing about the ratio.
    """
    docs = comparison.before_docs + comparison.after_docs
    after = np.array([0.0] * len(comparison.before_docs) + [1.0] * len(comparison.after_docs))
    columns = [np.ones(len(docs)), after]
    if event_day is not None:
        columns.append(np.array([years_between(doc.day, event_day) for doc in docs]))
    keep = np.ones(len(docs), dtype=bool)
    if by_type:
        with_hits = {doc.doc_type for doc in docs if doc.hits.get(concept, 0) > 0}
        keep = np.array([doc.doc_type in with_hits for doc in docs])
        for doc_type in sorted(with_hits)[1:]:
            columns.append(np.array([float(doc.doc_type == doc_type) for doc in docs]))
    hits = np.array([doc.hits.get(concept, 0) for doc in docs], dtype=float)
    tokens = np.array([doc.tokens for doc in docs], dtype=float)
    return hits[keep], tokens[keep], np.column_stack(columns)[keep]


def change_row(
    comparison: Comparison,
    concept: str,
    group: str,
    *,
    shape: float,
    settings: RateSettings,
    event_day: dt.date | None,
) -> dict[str, Any]:
    """One row of changes.csv: the test, or empty numbers and the reason."""
    row = {
        "concept": concept,
        "group": group,
        "kind": comparison.kind,
        "event": comparison.event,
        "from": comparison.before,
        "to": comparison.after,
        "docs_from": len(comparison.before_docs),
        "docs_to": len(comparison.after_docs),
        "hits_from": sum(doc.hits.get(concept, 0) for doc in comparison.before_docs),
        "hits_to": sum(doc.hits.get(concept, 0) for doc in comparison.after_docs),
    }
    empty = dict.fromkeys(("ratio", "ci_low", "ci_high", "p_value", "q_value", "significant"))
    problem = comparison_problem(comparison, concept, settings)
    if problem:
        return row | empty | {"reason": problem}
    hits, tokens, design = comparison_design(
        comparison, concept, by_type=group == ALL, event_day=event_day
    )
    if len(hits) <= design.shape[1]:
        return (
            row
            | empty
            | {"reason": f"not_estimated: {len(hits)} documents for {design.shape[1]} parameters"}
        )
    test = rate_ratio_test(hits, tokens, design, column=1, shape=shape, level=settings.ci_level)
    if not all(math.isfinite(value) for value in (test.ratio, test.low, test.high, test.p_value)):
        return (
            row
            | empty
            | {"reason": "not_estimated: the data do not bound the ratio (too few hits)"}
        )
    return row | {
        "ratio": test.ratio,
        "ci_low": test.low,
        "ci_high": test.high,
        "p_value": test.p_value,
        "q_value": None,
        "significant": None,
        "reason": "",
    }


def add_q_values(rows: list[dict[str, Any]], *, fdr: float) -> None:
    """Fill ``q_value`` and ``significant`` by Benjamini-Hochberg over all tested rows."""
    from statsmodels.stats.multitest import multipletests

    tested = [row for row in rows if row["p_value"] is not None]
    if not tested:
        return
    q_values = multipletests([row["p_value"] for row in tested], method="fdr_bh")[1]
    for row, q_value in zip(tested, q_values, strict=True):
        row["q_value"] = float(q_value)
        row["significant"] = bool(q_value <= fdr)


def changes_rows(
    documents: Sequence[RateDocument],
    concepts: Sequence[str],
    settings: RateSettings,
    *,
    groups: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Every concept's tests of change (see the module docstring), with BH q values.

    ``groups`` limits the groups tested (default: ``all`` and every doc_type).
    """
    from policytext.terms.tables import event_name

    event_days = {event_name(event): event.date for event in settings.events}
    if groups is None:
        groups = [ALL] + sorted({doc.doc_type for doc in documents})
    rows = []
    for concept in concepts:
        by_cell: dict[tuple[int, str], list[RateDocument]] = defaultdict(list)
        for document in documents:
            by_cell[(document.year, document.doc_type)].append(document)
        shape = estimate_shape([cell_of(members, concept) for members in by_cell.values()])
        for group in groups:
            members = [doc for doc in documents if group == ALL or doc.doc_type == group]
            comparisons = period_comparisons(members, settings.periods) + event_comparisons(
                members, settings.events, window_years=settings.event_window_years
            )
            for comparison in comparisons:
                rows.append(
                    change_row(
                        comparison,
                        concept,
                        group,
                        shape=shape,
                        settings=settings,
                        event_day=event_days.get(comparison.event),
                    )
                )
    add_q_values(rows, fdr=settings.fdr)
    return rows
