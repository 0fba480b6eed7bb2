"""Topic effects: how each topic's share moves with year, by doc_type, pooled over seeds.

Pure functions over numpy arrays; :mod:`policytext.topics` reads and writes the files.

Methods
-------
- **Alignment across seeds**: LDA fits from different seeds find topics in arbitrary order,
  and some fits merge or split themes. Each seed's topics are paired one-to-one with the
  chosen model's topics by the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``)
  on the similarity of their word distributions, 1 - Hellinger distance (1: the same
  distribution, 0: disjoint words). A topic's *alignment* is its mean matched similarity
  over the other seeds: a topic that only one seed finds has a low alignment.
- **Model**: each topic's document share is regressed on a B-spline of year
  (``spline_df`` columns), doc_type indicators and their interaction (a separate curve for
  each doc_type, so sectors can diverge), by a *fractional logit* GLM (Papke & Wooldridge
  1996): a binomial quasi-likelihood with the logit link fitted by iteratively reweighted
  least squares, which keeps predicted shares inside (0, 1) and lets effects act on the
  log-odds scale. Standard errors are heteroskedasticity-robust (HC1 sandwich; each document
  is its own cluster).
- **Intervals** by the *method of composition*, as stm's ``estimateEffect`` (Roberts et al.
  2019), pooled over seeds: for every seed's aligned model and each of ``simulations``
  draws, every document's topic shares are drawn from its posterior Dirichlet(gamma), the
  GLM is refitted, and coefficients are drawn from their normal sampling distribution. The
  2.5 and 97.5 percentiles of the predictions over all seeds' draws bound the estimate, so
  the intervals carry the uncertainty of the shares, of the regression and of the seed.
  The point estimate is the mean over seeds of the fit to each seed's posterior mean shares.
- **Contrasts by period**: for each topic, doc_type and ``all`` (the doc_types mixed in their
  corpus-wide proportions, so that a change of mix does not read as a trend), the mean
  predicted share over the years that have documents in a period, minus that of the period
  before. The two-sided p value is twice the smaller share of draws on either side of zero
  (``(2m + 1) / (n + 1)``); q values by Benjamini-Hochberg across topics within each
  group and pair of periods (statsmodels ``multipletests``, ``fdr_bh``).
- **Minimum data** (:class:`EffectLimits`): no time effect with fewer than ``min_years``
  distinct years; a doc_type with fewer than ``min_docs_per_type`` documents is left out
  of the model; a doc_type gets its own curve only when it spans ``min_years`` years. What
  is not estimated is written as a row with a ``reason`` and empty numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.special import expit

CI_LEVEL = 0.95
#: IRLS stops after this many iterations or when no coefficient moves more than TOLERANCE.
MAX_ITERATIONS = 50
TOLERANCE = 1e-8
#: Shares are kept this far from 0 and 1 in the GLM's weights (a share drawn as exactly 0).
SHARE_FLOOR = 1e-10


# --- alignment across seeds -----------------------------------------------------------------


def hellinger_similarity(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """1 - Hellinger distance between every row of ``first`` and of ``second`` (rows sum to 1).

    >>> hellinger_similarity(np.array([[0.5, 0.5]]), np.array([[0.5, 0.5], [1.0, 0.0]])).round(3)
    array([[1.   , 0.293]])
    """
    overlap = np.sqrt(first) @ np.sqrt(second).T
    return 1.0 - np.sqrt(np.clip(1.0 - overlap, 0.0, None))


def align_topics(reference: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pair ``other``'s topics with ``reference``'s one-to-one (Hungarian matching).

    Both are K x V topic-word distributions. Returns ``order`` (``other``'s topic matched to
    each reference topic, so ``other[order]`` is in the reference's order) and each pair's
    similarity.
    """
    from scipy.optimize import linear_sum_assignment

    similarity = hellinger_similarity(reference, other)
    rows, cols = linear_sum_assignment(-similarity)
    order = np.empty(reference.shape[0], dtype=int)
    order[rows] = cols
    return order, similarity[rows, cols][np.argsort(rows)]


@dataclass
class SeedAlignment:
    """Every seed's topics in the chosen model's order, and how well each one matched."""

    seeds: list[int]
    orders: dict[int, np.ndarray]
    similarity: dict[int, np.ndarray]

    def mean_similarity(self, chosen: int) -> np.ndarray:
        """Each chosen topic's mean matched similarity over the other seeds (NaN: one seed)."""
        others = [seed for seed in self.seeds if seed != chosen]
        if not others:
            return np.full(len(self.orders[chosen]), np.nan)
        return np.mean([self.similarity[seed] for seed in others], axis=0)


def align_seeds(betas: Mapping[int, np.ndarray], *, chosen: int) -> SeedAlignment:
    """Align every seed's topic-word distributions to the ``chosen`` seed's."""
    seeds = sorted(betas)
    orders, similarity = {}, {}
    for seed in seeds:
        orders[seed], similarity[seed] = align_topics(betas[chosen], betas[seed])
    return SeedAlignment(seeds, orders, similarity)


def alignment_rows(
    alignment: SeedAlignment, *, chosen: int, labels: Sequence[str]
) -> list[dict[str, Any]]:
    """alignment.csv rows: ``topic, label, seed, matched_topic, similarity`` (other seeds)."""
    rows = []
    for topic, label in enumerate(labels):
        for seed in alignment.seeds:
            if seed == chosen:
                continue
            rows.append(
                {
                    "topic": topic + 1,
                    "label": label,
                    "seed": seed,
                    "matched_topic": int(alignment.orders[seed][topic]) + 1,
                    "similarity": alignment.similarity[seed][topic],
                }
            )
    return rows


# --- the design: spline of year x doc_type ---------------------------------------------------


def spline_basis(x: np.ndarray, *, df: int, lower: float, upper: float, knots=None) -> np.ndarray:
    """A B-spline basis of ``x`` with ``df`` columns and no intercept (like R's ``bs``).

    Degree min(3, df); ``df - degree`` interior knots at the quantiles of ``knots``
    (default: of ``x``). With an intercept its columns span a cubic regression spline.
    """
    from scipy.interpolate import BSpline

    degree = min(3, df)
    interior_count = df - degree
    reference = np.asarray(x if knots is None else knots, dtype=float)
    interior = (
        np.quantile(reference, np.linspace(0, 1, interior_count + 2)[1:-1])
        if interior_count > 0
        else np.array([])
    )
    knot_vector = np.concatenate([[lower] * (degree + 1), interior, [upper] * (degree + 1)])
    points = np.clip(np.asarray(x, dtype=float), lower, upper)
    design = BSpline.design_matrix(points, knot_vector, degree).toarray()
    return design[:, 1:]


@dataclass(frozen=True)
class EffectLimits:
    """The least data each part of the effects model needs (config ``topics``)."""

    min_years: int = 2
    min_docs_per_type: int = 5


def count_by(values: Sequence[str]) -> dict[str, int]:
    """How often each value occurs."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


@dataclass
class EffectDesign:
    """Which documents, terms and doc_types the effects model can support, and its matrix.

    ``reasons`` maps what is not estimated (``"year"``, ``"doc_type"``, a doc_type, or
    ``"interaction:<doc_type>"``) to why.
    """

    years: np.ndarray
    doc_types: list[str]
    df: int
    limits: EffectLimits = field(default_factory=EffectLimits)

    def __post_init__(self) -> None:
        counts = count_by(self.doc_types)
        self.reasons: dict[str, str] = {}
        for kind, count in sorted(counts.items()):
            if count < self.limits.min_docs_per_type:
                self.reasons[kind] = f"few_docs: {count} < {self.limits.min_docs_per_type}"
        self.kinds = sorted(kind for kind in counts if kind not in self.reasons)
        self.mask = np.array([kind in self.kinds for kind in self.doc_types], bool)
        kept_years = self.years[self.mask]
        self.distinct_years = sorted({int(year) for year in kept_years.tolist()})
        self.reference = (
            min(self.kinds, key=lambda name: (-counts[name], name)) if self.kinds else ""
        )
        self.levels = [kind for kind in self.kinds if kind != self.reference]
        if not self.kinds:
            self.reasons["year"] = self.reasons["doc_type"] = "few_docs: no doc_type has enough"
            self.time_df = 0
            self.interacted: list[str] = []
            return
        if len(self.distinct_years) < max(2, self.limits.min_years):
            self.reasons["year"] = (
                f"not_estimated: {len(self.distinct_years)} year"
                f"{'' if len(self.distinct_years) == 1 else 's'} only"
            )
        if not self.levels:
            self.reasons["doc_type"] = "not_estimated: 1 doc_type only"
        self.time_df = (
            0 if "year" in self.reasons else max(1, min(self.df, len(self.distinct_years) - 1))
        )
        self.interacted = []
        for level in self.levels:
            spanned = len(
                {int(y) for y, k in zip(self.years, self.doc_types, strict=True) if k == level}
            )
            if self.time_df and spanned >= max(2, self.limits.min_years):
                self.interacted.append(level)
            elif self.time_df:
                self.reasons[f"interaction:{level}"] = f"not_estimated: {spanned} year only"
        # Fewer parameters than documents: shrink the spline first, then drop interactions.
        documents = int(self.mask.sum())
        while self.time_df > 1 and self.parameters() >= documents:
            self.time_df -= 1
        while self.interacted and self.parameters() >= documents:
            level = self.interacted.pop()
            self.reasons[f"interaction:{level}"] = f"few_docs: {documents} documents"
        self.lower = float(min(self.distinct_years))
        self.upper = float(max(self.distinct_years))

    def parameters(self) -> int:
        """Columns of the design matrix."""
        return 1 + self.time_df + len(self.levels) + self.time_df * len(self.interacted)

    def rows(self, years: np.ndarray, doc_types: Sequence[str]) -> np.ndarray:
        """Design rows for the given years and doc_types (intercept, spline, types, products)."""
        years = np.asarray(years, dtype=float)
        columns = [np.ones(len(years))]
        basis = np.zeros((len(years), 0))
        if self.time_df:
            basis = spline_basis(
                years,
                df=self.time_df,
                lower=self.lower,
                upper=self.upper,
                knots=self.years[self.mask],
            )
            columns += list(basis.T)
        indicators = {
            level: np.array([kind == level for kind in doc_types], float) for level in self.levels
        }
        columns += [indicators[level] for level in self.levels]
        for level in self.interacted:
            columns += list((basis * indicators[level][:, None]).T)
        return np.column_stack(columns)

    @property
    def matrix(self) -> np.ndarray:
        """The design rows of the modelled documents."""
        kinds = [kind for kind, keep in zip(self.doc_types, self.mask, strict=True) if keep]
        return self.rows(self.years[self.mask], kinds)


# --- the fractional logit GLM ---------------------------------------------------------------


def weighted_gram(design: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """X' diag(w_k) X for every column k of ``weights`` (n x K): K x p x p, by batched BLAS."""
    return np.matmul(design.T[None, :, :] * weights.T[:, None, :], design)


def design_cells(design: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``design`` and each document's row among them."""
    rows, cell = np.unique(design, axis=0, return_inverse=True)
    return rows, cell.ravel()


def fractional_logit(
    design: np.ndarray,
    shares: np.ndarray,
    *,
    cells: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Fit a fractional logit GLM to every column of ``shares`` (n x K) at once, by IRLS.

    Returns coefficients (p x K) and their robust covariances (K x p x p): the coefficients
    and HC0 sandwich of ``statsmodels.GLM(y, X, family=Binomial()).fit(cov_type="HC0")``,
    times the small-sample factor n / (n - p) (HC1).

    Documents with the same design row (same year and doc_type) have the same fitted mean,
    so the fit runs on each distinct row's count, sum and sum of squares of the shares: the
    same estimates and sandwich, in time that grows with years x doc_types, not documents.
    ``cells``: :func:`design_cells` of ``design``, when it is fitted many times.
    """
    n, p = design.shape
    rows, cell = cells if cells is not None else design_cells(design)
    y = np.clip(shares, 0.0, 1.0)
    counts = np.bincount(cell, minlength=len(rows)).astype(float)[:, None]
    totals = np.stack([np.bincount(cell, column, len(rows)) for column in y.T], axis=1)
    squares = np.stack([np.bincount(cell, column**2, len(rows)) for column in y.T], axis=1)
    means = totals / counts
    start = np.clip(y.mean(axis=0), SHARE_FLOOR, 1 - SHARE_FLOOR)
    coefficients = np.zeros((p, y.shape[1]))
    coefficients[0] = np.log(start) - np.log1p(-start)
    for _ in range(MAX_ITERATIONS):
        eta = rows @ coefficients
        mu = np.clip(expit(eta), SHARE_FLOOR, 1 - SHARE_FLOOR)
        weight = counts * mu * (1 - mu)
        working = eta + (means - mu) / (mu * (1 - mu))
        information = weighted_gram(rows, weight)
        target = (weight * working).T @ rows
        updated = np.linalg.solve(information + 1e-10 * np.eye(p), target[..., None])[..., 0].T
        moved = np.max(np.abs(updated - coefficients))
        coefficients = updated
        if moved < TOLERANCE:
            break
    mu = np.clip(expit(rows @ coefficients), SHARE_FLOOR, 1 - SHARE_FLOOR)
    bread = np.linalg.pinv(weighted_gram(rows, counts * mu * (1 - mu)))
    # sum over a cell's documents of (y - mu)^2, from its sums
    meat = weighted_gram(rows, squares - 2 * mu * totals + counts * mu**2)
    covariance = bread @ meat @ bread * (n / max(n - p, 1))
    return coefficients, covariance


def normal_draws(
    coefficients: np.ndarray, covariance: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One draw (p x K) from each topic's N(coefficients, covariance)."""
    eigenvalues, eigenvectors = np.linalg.eigh((covariance + covariance.transpose(0, 2, 1)) / 2)
    root = eigenvectors * np.sqrt(np.clip(eigenvalues, 0, None))[:, None, :]
    noise = rng.standard_normal((coefficients.shape[1], coefficients.shape[0]))
    return coefficients + np.einsum("kij,kj->ik", root, noise)


def composition_predictions(
    design: EffectDesign,
    gammas: Sequence[np.ndarray],
    grid_rows: np.ndarray,
    *,
    simulations: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Predicted shares at ``grid_rows`` (G x p): the point (G x K) and draws (S x G x K).

    ``gammas``: one D x K array per seed, aligned to the chosen model's topic order.
    """
    matrix = design.matrix
    cells = design_cells(matrix)
    points, draws = [], []
    for gamma in gammas:
        gamma = gamma[design.mask]
        theta = gamma / gamma.sum(axis=1, keepdims=True)
        coefficients, _ = fractional_logit(matrix, theta, cells=cells)
        points.append(expit(grid_rows @ coefficients))
        for _ in range(simulations):
            shares = rng.standard_gamma(gamma)
            shares /= shares.sum(axis=1, keepdims=True)
            coefficients, covariance = fractional_logit(matrix, shares, cells=cells)
            draws.append(expit(grid_rows @ normal_draws(coefficients, covariance, rng)))
    return np.mean(points, axis=0), np.array(draws)


def percentile_interval(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The central CI_LEVEL percentile interval along the first axis."""
    tail = (1 - CI_LEVEL) / 2 * 100
    return np.percentile(values, tail, axis=0), np.percentile(values, 100 - tail, axis=0)


def two_sided_p(draws: np.ndarray) -> np.ndarray:
    """Twice the smaller share of draws on either side of zero, ``(2m + 1) / (n + 1)``."""
    count = draws.shape[0]
    smaller = np.minimum((draws <= 0).sum(axis=0), (draws >= 0).sum(axis=0))
    return np.minimum(1.0, (2 * smaller + 1) / (count + 1))


# --- the tables -----------------------------------------------------------------------------

EFFECT_COLUMNS = ("topic", "term", "level", "reference", "estimate", "ci_low", "ci_high", "reason")
BY_YEAR_COLUMNS = ("topic", "year", "doc_type", "predicted", "ci_low", "ci_high", "reason")
CONTRAST_COLUMNS = (
    "topic",
    "label",
    "group",
    "from",
    "to",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "q_value",
    "significant",
    "reason",
)


@dataclass
class EffectResult:
    """The three tables of the effects step."""

    effects: list[dict[str, Any]]
    by_year: list[dict[str, Any]]
    contrasts: list[dict[str, Any]]


def empty_numbers(columns: Sequence[str]) -> dict[str, str]:
    """Empty cells for the numeric columns of a row that is not estimated."""
    return dict.fromkeys(columns, "")


def effect_tables(
    gammas: Sequence[np.ndarray],
    years: Sequence[int],
    doc_types: Sequence[str],
    periods: Sequence[str],
    *,
    labels: Sequence[str],
    period_order: Sequence[str] = (),
    df: int,
    simulations: int,
    seed: int,
    fdr: float = 0.05,
    limits: EffectLimits | None = None,
) -> EffectResult:
    """effects.csv, effects_by_year.csv and contrasts.csv rows (see the module docstring).

    ``gammas``: each seed's D x K posterior Dirichlet parameters in the chosen model's topic
    order (the chosen seed's first is not required); ``periods``: each document's period.
    """
    design = EffectDesign(
        np.asarray(years, float), list(doc_types), df=df, limits=limits or EffectLimits()
    )
    topics = gammas[0].shape[1]
    if not design.kinds:
        return not_estimated_tables(design, topics, labels)
    grid = np.array(
        design.distinct_years
        if not design.time_df
        else np.arange(int(design.lower), int(design.upper) + 1),
        dtype=float,
    )
    stacked = np.vstack([design.rows(grid, [kind] * len(grid)) for kind in design.kinds])
    point, draws = composition_predictions(
        design, gammas, stacked, simulations=simulations, rng=np.random.default_rng(seed)
    )
    shape = (len(design.kinds), len(grid), topics)
    point = point.reshape(shape)
    draws = draws.reshape((draws.shape[0], *shape))
    return EffectResult(
        effect_rows(design, grid, point, draws),
        by_year_rows(design, grid, point, draws),
        contrast_rows(
            design,
            grid,
            point,
            draws,
            periods=periods,
            period_order=period_order,
            labels=labels,
            fdr=fdr,
        ),
    )


def effect_rows(
    design: EffectDesign, grid: np.ndarray, point: np.ndarray, draws: np.ndarray
) -> list[dict[str, Any]]:
    """effects.csv rows.

    ``term=year``: each doc_type's change in predicted share from the first year
    (``reference``) to the last; ``term=doc_type``: each doc_type's mean difference from the
    reference doc_type over the years; rows with a ``reason`` for what is not estimated.
    """
    rows = []
    reference_index = design.kinds.index(design.reference)
    blank = empty_numbers(("estimate", "ci_low", "ci_high"))
    for topic in range(point.shape[2]):
        for index, kind in enumerate(design.kinds):
            row = {
                "topic": topic + 1,
                "term": "year",
                "level": kind,
                "reference": str(int(grid[0])),
            }
            if "year" in design.reasons:
                rows.append({**row, **blank, "reason": design.reasons["year"]})
                continue
            low, high = percentile_interval(draws[:, index, -1, topic] - draws[:, index, 0, topic])
            estimate = point[index, -1, topic] - point[index, 0, topic]
            rows.append({**row, "estimate": estimate, "ci_low": low, "ci_high": high, "reason": ""})
        for index, kind in enumerate(design.kinds):
            if kind == design.reference:
                continue
            gap = draws[:, index, :, topic] - draws[:, reference_index, :, topic]
            low, high = percentile_interval(gap.mean(axis=1))
            estimate = (point[index, :, topic] - point[reference_index, :, topic]).mean()
            rows.append(
                {
                    "topic": topic + 1,
                    "term": "doc_type",
                    "level": kind,
                    "reference": design.reference,
                    "estimate": estimate,
                    "ci_low": low,
                    "ci_high": high,
                    "reason": "",
                }
            )
        rows += reason_rows(design, topic)
    return rows


def reason_rows(design: EffectDesign, topic: int) -> list[dict[str, Any]]:
    """effects.csv rows for the doc_types and interactions the data cannot support."""
    rows = []
    blank = empty_numbers(("estimate", "ci_low", "ci_high"))
    for key, reason in sorted(design.reasons.items()):
        if key == "year":
            continue
        term, _, level = key.rpartition(":")
        rows.append(
            {
                "topic": topic + 1,
                "term": "year x doc_type" if term == "interaction" else "doc_type",
                "level": "" if key == "doc_type" else level,
                "reference": design.reference,
                **blank,
                "reason": reason,
            }
        )
    return rows


def by_year_rows(
    design: EffectDesign, grid: np.ndarray, point: np.ndarray, draws: np.ndarray
) -> list[dict[str, Any]]:
    """effects_by_year.csv rows: predicted share per topic, year and doc_type.

    Without a time effect there is one row per doc_type with empty numbers and the reason.
    """
    rows = []
    for topic in range(point.shape[2]):
        for index, kind in enumerate(design.kinds):
            if "year" in design.reasons:
                for year in design.distinct_years:
                    rows.append(
                        {
                            "topic": topic + 1,
                            "year": year,
                            "doc_type": kind,
                            **empty_numbers(("predicted", "ci_low", "ci_high")),
                            "reason": design.reasons["year"],
                        }
                    )
                continue
            low, high = percentile_interval(draws[:, index, :, topic])
            for position, year in enumerate(grid):
                rows.append(
                    {
                        "topic": topic + 1,
                        "year": int(year),
                        "doc_type": kind,
                        "predicted": point[index, position, topic],
                        "ci_low": low[position],
                        "ci_high": high[position],
                        "reason": "",
                    }
                )
    return rows


def ordered_periods(periods: Sequence[str], years: np.ndarray, order: Sequence[str]) -> list[str]:
    """The periods that have documents, in the configured order (else by their first year)."""
    rank = {name: index for index, name in enumerate(order)}
    first_year: dict[str, float] = {}
    for period, year in zip(periods, years, strict=True):
        if period:
            first_year[period] = min(first_year.get(period, np.inf), float(year))
    return sorted(first_year, key=lambda name: (rank.get(name, len(rank)), first_year[name], name))


def contrast_rows(
    design: EffectDesign,
    grid: np.ndarray,
    point: np.ndarray,
    draws: np.ndarray,
    *,
    periods: Sequence[str],
    period_order: Sequence[str],
    labels: Sequence[str],
    fdr: float,
) -> list[dict[str, Any]]:
    """contrasts.csv rows: each topic's change in mean predicted share between periods."""
    from statsmodels.stats.multitest import multipletests

    years = design.years[design.mask]
    kept_periods = [period for period, keep in zip(periods, design.mask, strict=True) if keep]
    names = ordered_periods(kept_periods, years, period_order)
    topics = point.shape[2]
    if "year" in design.reasons or len(names) < 2:
        reason = design.reasons.get("year") or (
            "not_estimated: 1 period only" if names else "not_estimated: no periods"
        )
        return [
            {
                "topic": topic + 1,
                "label": labels[topic],
                "group": group,
                "from": names[0] if names else "",
                "to": "",
                **empty_numbers(CONTRAST_COLUMNS[5:11]),
                "reason": reason,
            }
            for topic in range(topics)
            for group in ["all", *design.kinds]
        ]
    mix = np.array([count_by(design.doc_types)[kind] for kind in design.kinds], float)
    mix /= mix.sum()
    groups = {"all": (np.tensordot(mix, point, axes=1), np.tensordot(draws, mix, axes=([1], [0])))}
    for index, kind in enumerate(design.kinds):
        groups[kind] = (point[index], draws[:, index])
    columns = {
        name: np.isin(
            grid, sorted({int(y) for y, p in zip(years, kept_periods, strict=True) if p == name})
        )
        for name in names
    }
    rows = []
    for group, (group_point, group_draws) in groups.items():
        for before, after in itertools.pairwise(names):
            estimate = group_point[columns[after]].mean(axis=0) - group_point[columns[before]].mean(
                axis=0
            )
            sampled = group_draws[:, columns[after]].mean(axis=1) - group_draws[
                :, columns[before]
            ].mean(axis=1)
            low, high = percentile_interval(sampled)
            p_values = two_sided_p(sampled)
            q_values = multipletests(p_values, method="fdr_bh")[1]
            for topic in range(topics):
                rows.append(
                    {
                        "topic": topic + 1,
                        "label": labels[topic],
                        "group": group,
                        "from": before,
                        "to": after,
                        "difference": estimate[topic],
                        "ci_low": low[topic],
                        "ci_high": high[topic],
                        "p_value": p_values[topic],
                        "q_value": q_values[topic],
                        "significant": bool(q_values[topic] <= fdr),
                        "reason": "",
                    }
                )
    rows.sort(key=lambda row: (row["topic"], row["group"] != "all", row["group"]))
    return rows


def not_estimated_tables(design: EffectDesign, topics: int, labels: Sequence[str]) -> EffectResult:
    """The three tables when no doc_type has enough documents for any model."""
    reason = design.reasons["year"]
    effects = [
        {
            "topic": topic + 1,
            "term": "doc_type",
            "level": kind,
            "reference": "",
            **empty_numbers(("estimate", "ci_low", "ci_high")),
            "reason": why,
        }
        for topic in range(topics)
        for kind, why in sorted(design.reasons.items())
        if kind not in ("year", "doc_type")
    ]
    by_year = [
        {
            "topic": topic + 1,
            "year": "",
            "doc_type": "",
            **empty_numbers(("predicted", "ci_low", "ci_high")),
            "reason": reason,
        }
        for topic in range(topics)
    ]
    contrasts = [
        {
            "topic": topic + 1,
            "label": labels[topic],
            "group": "all",
            "from": "",
            "to": "",
            **empty_numbers(CONTRAST_COLUMNS[5:11]),
            "reason": reason,
        }
        for topic in range(topics)
    ]
    return EffectResult(effects, by_year, contrasts)


def no_topics_tables(reason: str) -> EffectResult:
    """The three tables when the stage found no topic structure: one reason row each."""
    return EffectResult(
        [
            {
                "topic": "",
                "term": "",
                "level": "",
                "reference": "",
                **empty_numbers(("estimate", "ci_low", "ci_high")),
                "reason": reason,
            }
        ],
        [
            {
                "topic": "",
                "year": "",
                "doc_type": "",
                **empty_numbers(("predicted", "ci_low", "ci_high")),
                "reason": reason,
            }
        ],
        [
            {
                "topic": "",
                "label": "",
                "group": "",
                "from": "",
                "to": "",
                **empty_numbers(CONTRAST_COLUMNS[5:11]),
                "reason": reason,
            }
        ],
    )
