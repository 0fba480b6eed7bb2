"""Embedding regression: how much a covariate moves a concept's embedding, with uncertainty.

As in conText (Rodriguez, Spirling & Stewart 2023), every mention's ALC embedding (a vector
of ``dim`` numbers) is regressed on indicator variables of the covariates' levels,

    Y = X B + E,   one row per mention, Y: mentions x dim,  X: mentions x (1 + levels),

by ordinary least squares. The coefficient of a level is a vector: the difference between
that level's expected embedding and the reference level's, holding the other covariates
fixed. Its Euclidean **norm** says how far apart the two levels put the concept's meaning.
A norm is never negative and is above zero even when nothing differs (the estimate carries
noise), so it is read with its permutation p-value, never by its size alone; and it says
*how much* the contexts differ, not *in which words*: the neighbours tell that.

The configured covariates (manifest columns and ``period``) are fitted together in one
model; before/after each event is fitted as its own model (the events are nested in time
and would be collinear with each other and with the periods). All covariates are
properties of documents, so uncertainty is measured at the document level:

- interval: bootstrap that resamples documents (all of a document's mentions together, the
  clusters), refitting the model each time; the draws' percentiles are centred on the
  estimate (see :func:`centred_interval`), since the norm's upward bias from noise would
  otherwise be counted twice;
- p-value: a covariate's values are shuffled among the documents (their mentions stay
  together) ``permutations`` times, only among documents that share the values of every
  other covariate in the model (so a strong effect of one covariate cannot leak into
  another's null distribution, and the correlation between covariates is kept);
  p = (1 + permuted norms >= observed) / (1 + permutations) (Phipson & Smyth 2010).
  conText shuffles mentions against all covariates at once; shuffling documents keeps the
  test honest when mentions in one document resemble each other, and stratifying keeps it
  exact for one covariate given the others. When the strata are tiny, few shuffles are
  possible and the p-value is conservative (large), never too small.

Because the covariates are constant within a document, the least-squares fit only needs
each document's mention count and the sum of its mentions' embeddings.

A level with fewer than ``min_instances`` mentions or ``min_documents`` documents is not
estimated: it gets a row with its counts and a ``reason``, and its mentions leave the model.
The reference level of a covariate is its level with the most mentions (events: ``before``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from policytext.context.settings import PERIOD, ContextOptions
from policytext.terms.stats import cell_rng

EFFECT_COLUMNS = [
    "concept",
    "covariate",
    "level",
    "reference",
    "norm",
    "ci_low",
    "ci_high",
    "p_value",
    "instances",
    "documents",
    "reason",
]
MISSING = "(missing)"
EVENT_PREFIX = "event:"


@dataclass(frozen=True)
class Covariate:
    """One covariate's value for each document of a concept, and the order of its levels."""

    name: str
    values: tuple[str, ...]
    order: tuple[str, ...]
    reference: str | None = None
    #: False when an empty value means "outside the comparison" (an event's window), not
    #: a missing value worth a row of its own.
    report_missing: bool = True


@dataclass(frozen=True)
class LevelData:
    """A level's mentions and documents, and why it is not estimated (empty when it is)."""

    level: str
    instances: int
    documents: int
    reason: str = ""


def level_data(
    covariate: Covariate, counts: np.ndarray, keep: np.ndarray, *, options: ContextOptions
) -> list[LevelData]:
    """Mentions and documents of each level among the kept documents, with any reason."""
    values = np.array(covariate.values, dtype=object)
    found = []
    for level in covariate.order:
        members = keep & (values == level)
        instances, documents = int(counts[members].sum()), int(members.sum())
        if documents == 0:
            continue
        reason = ""
        if instances < options.min_instances:
            reason = f"few_instances: {instances} < {options.min_instances}"
        elif documents < options.min_documents:
            reason = f"few_documents: {documents} < {options.min_documents}"
        found.append(LevelData(level, instances, documents, reason))
    return found


def choose_reference(covariate: Covariate, levels: Sequence[LevelData]) -> str:
    """The fixed reference when the covariate has one, else the level with most mentions."""
    names = [level.level for level in levels]
    if covariate.reference in names:
        return str(covariate.reference)
    return max(levels, key=lambda level: (level.instances, -names.index(level.level))).level


@dataclass(frozen=True)
class Model:
    """The fitted design: which documents, which covariates, their levels and references."""

    keep: np.ndarray
    covariates: tuple[Covariate, ...]
    levels: dict[str, list[LevelData]]
    references: dict[str, str]
    unestimated: dict[str, list[LevelData]]


def select_model(
    covariates: Sequence[Covariate], counts: np.ndarray, *, options: ContextOptions
) -> Model:
    """Drop documents with a missing value or in a level too small to estimate, until stable.

    A covariate left with a single level is taken out of the model (nothing to compare).
    """
    active = list(covariates)
    dropped: dict[str, dict[str, LevelData]] = {covariate.name: {} for covariate in covariates}
    while True:
        keep = np.ones(len(counts), dtype=bool)
        for covariate in active:
            values = np.array(covariate.values, dtype=object)
            keep &= (values != "") & ~np.isin(values, list(dropped[covariate.name]))
        changed = False
        levels: dict[str, list[LevelData]] = {}
        for covariate in active:
            levels[covariate.name] = []
            for data in level_data(covariate, counts, keep, options=options):
                if data.reason:
                    dropped[covariate.name][data.level] = data
                    changed = True
                else:
                    levels[covariate.name].append(data)
        single = [covariate for covariate in active if len(levels[covariate.name]) < 2]
        if single and not changed:
            active = [covariate for covariate in active if covariate not in single]
            changed = True
        if not changed:
            break
    references = {
        covariate.name: choose_reference(covariate, levels[covariate.name]) for covariate in active
    }
    unestimated = {
        covariate.name: [
            dropped[covariate.name][level]
            for level in covariate.order
            if level in dropped[covariate.name]
        ]
        for covariate in covariates
    }
    return Model(keep, tuple(active), levels, references, unestimated)


def design_matrix(model: Model) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Intercept and one indicator per non-reference level, for the kept documents."""
    columns = [np.ones(int(model.keep.sum()))]
    terms = []
    for covariate in model.covariates:
        values = np.array(covariate.values, dtype=object)[model.keep]
        for data in model.levels[covariate.name]:
            if data.level == model.references[covariate.name]:
                continue
            columns.append((values == data.level).astype(np.float64))
            terms.append((covariate.name, data.level))
    return np.column_stack(columns), terms


def coefficient_norms(design: np.ndarray, counts: np.ndarray, sums: np.ndarray) -> np.ndarray:
    """Norms of the least-squares coefficients (intercept left out) of mentions on design rows.

    ``design`` has a row per document, ``counts`` its mentions, ``sums`` the sum of their
    embeddings: the mention-level fit is the document-level fit weighted by counts.
    Returns NaNs when the weighted design is rank deficient (a level absent from a resample).
    """
    gram = design.T @ (design * counts[:, None])
    if np.linalg.matrix_rank(gram) < gram.shape[0]:
        return np.full(design.shape[1] - 1, np.nan)
    coefficients = np.linalg.solve(gram, design.T @ sums)
    return np.linalg.norm(coefficients[1:], axis=1)


def bootstrap_norms(
    design: np.ndarray,
    counts: np.ndarray,
    sums: np.ndarray,
    *,
    draws: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Norms refitted on ``draws`` resamples of documents (draws x terms; NaN when unfit)."""
    documents = len(counts)
    results = np.empty((draws, design.shape[1] - 1))
    for draw in range(draws):
        weights = np.bincount(rng.integers(0, documents, documents), minlength=documents)
        results[draw] = coefficient_norms(design, counts * weights, sums * weights[:, None])
    return results


def strata(model: Model, tested: str) -> list[np.ndarray]:
    """Groups of kept documents that share the values of every other covariate in the model."""
    keys = [
        np.array(covariate.values, dtype=object)[model.keep]
        for covariate in model.covariates
        if covariate.name != tested
    ]
    groups: dict[tuple[str, ...], list[int]] = {}
    for row in range(int(model.keep.sum())):
        groups.setdefault(tuple(str(values[row]) for values in keys), []).append(row)
    return [np.array(rows) for _, rows in sorted(groups.items())]


def permutation_norms(
    design: np.ndarray,
    counts: np.ndarray,
    sums: np.ndarray,
    *,
    columns: Sequence[int],
    groups: Sequence[np.ndarray],
    draws: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Norms of the terms in ``columns`` (design columns) after shuffling those columns'
    rows among documents within each group of ``groups`` (draws x len(columns))."""
    columns = list(columns)
    results = np.empty((draws, len(columns)))
    shuffled = design.copy()
    for draw in range(draws):
        order = np.arange(len(counts))
        for group in groups:
            order[group] = rng.permutation(group)
        shuffled[:, columns] = design[order][:, columns]
        results[draw] = coefficient_norms(shuffled, counts, sums)[
            [column - 1 for column in columns]
        ]
    return results


def centred_interval(
    draws: np.ndarray,
    estimate: float,
    level: float,
    *,
    bounds: tuple[float, float] = (0.0, math.inf),
) -> tuple[float, float]:
    """The bootstrap spread of ``estimate``: percentiles of the draws, moved so that their
    mean sits on the estimate, and kept within ``bounds`` (NaNs when no draw is finite).

    A norm (or a cosine of mean embeddings) is biased by noise, and the bootstrap adds the
    same bias again, so raw percentiles can lie wholly above (or below) the estimate.
    Centring them on the estimate keeps the interval's width, the sampling spread, without
    that doubled shift; significance is the permutation p-value's job, not the interval's.
    """
    finite = draws[np.isfinite(draws)]
    if finite.size == 0 or not math.isfinite(estimate):
        return float("nan"), float("nan")
    tail = 100 * (1 - level) / 2
    shift = estimate - float(finite.mean())
    low = float(np.percentile(finite, tail)) + shift
    high = float(np.percentile(finite, 100 - tail)) + shift
    return max(bounds[0], min(low, bounds[1])), max(bounds[0], min(high, bounds[1]))


def permutation_p(observed: float, permuted: np.ndarray) -> float:
    """(1 + permuted values at least as large as observed) / (1 + permutations)."""
    finite = permuted[np.isfinite(permuted)]
    return float((1 + np.sum(finite >= observed)) / (1 + finite.size))


def unestimated_row(concept: str, covariate: str, data: LevelData, reference: str) -> dict:
    """An effects row that reports a level's counts and why it has no estimate."""
    return {
        "concept": concept,
        "covariate": covariate,
        "level": data.level,
        "reference": reference,
        "instances": data.instances,
        "documents": data.documents,
        "reason": data.reason,
    }


def fit_effects(
    concept: str,
    covariates: Sequence[Covariate],
    counts: np.ndarray,
    sums: np.ndarray,
    *,
    options: ContextOptions,
    key: str,
) -> list[dict]:
    """Effects rows of one model (see the module docstring); ``key`` seeds its random draws."""
    model = select_model(covariates, counts, options=options)
    rows: list[dict] = []
    for covariate in covariates:
        values = np.array(covariate.values, dtype=object)
        missing = values == ""
        if missing.any() and covariate.report_missing:
            rows.append(
                unestimated_row(
                    concept,
                    covariate.name,
                    LevelData(
                        MISSING,
                        int(counts[missing].sum()),
                        int(missing.sum()),
                        "missing_value: these documents have no value",
                    ),
                    model.references.get(covariate.name, ""),
                )
            )
        for data in model.unestimated[covariate.name]:
            rows.append(
                unestimated_row(
                    concept, covariate.name, data, model.references.get(covariate.name, "")
                )
            )
        if covariate not in model.covariates:
            present = [
                level for level in level_data(covariate, counts, values != "", options=options)
            ]
            usable = [data for data in present if not data.reason]
            for data in usable:
                rows.append(
                    unestimated_row(
                        concept,
                        covariate.name,
                        LevelData(
                            data.level,
                            data.instances,
                            data.documents,
                            "one_level: no other level has enough mentions to compare with",
                        ),
                        "",
                    )
                )
    if not model.covariates:
        return rows
    design, terms = design_matrix(model)
    kept_counts, kept_sums = counts[model.keep], sums[model.keep]
    observed = coefficient_norms(design, kept_counts, kept_sums)
    boot = bootstrap_norms(
        design,
        kept_counts,
        kept_sums,
        draws=options.bootstrap_n,
        rng=cell_rng(options.seed, concept, key, "bootstrap"),
    )
    p_values = np.empty(len(terms))
    for covariate in model.covariates:
        columns = [1 + number for number, term in enumerate(terms) if term[0] == covariate.name]
        permuted = permutation_norms(
            design,
            kept_counts,
            kept_sums,
            columns=columns,
            groups=strata(model, covariate.name),
            draws=options.permutations,
            rng=cell_rng(options.seed, concept, key, covariate.name, "permutation"),
        )
        for position, column in enumerate(columns):
            p_values[column - 1] = permutation_p(float(observed[column - 1]), permuted[:, position])
    by_level = {
        (covariate, data.level): data
        for covariate, levels in model.levels.items()
        for data in levels
    }
    for column, (covariate, level) in enumerate(terms):
        low, high = centred_interval(boot[:, column], float(observed[column]), options.ci_level)
        data = by_level[(covariate, level)]
        rows.append(
            {
                "concept": concept,
                "covariate": covariate,
                "level": level,
                "reference": model.references[covariate],
                "norm": float(observed[column]),
                "ci_low": low,
                "ci_high": high,
                "p_value": float(p_values[column]),
                "instances": data.instances,
                "documents": data.documents,
                "reason": "",
            }
        )
    return rows


def sort_effect_rows(
    rows: list[dict], covariate_order: Sequence[str], level_orders: dict[str, Sequence[str]]
) -> list[dict]:
    """Rows in covariate order, then level order (missing values last)."""

    def key(row: dict) -> tuple[int, int, str]:
        order = list(level_orders.get(row["covariate"], ()))
        position = order.index(row["level"]) if row["level"] in order else len(order)
        return covariate_order.index(row["covariate"]), position, row["level"]

    return sorted(rows, key=key)


def is_period(name: str) -> bool:
    """True for the covariate built from the config's periods."""
    return name == PERIOD
