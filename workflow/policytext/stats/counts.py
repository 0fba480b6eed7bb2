"""Count models for mention rates: a gamma-Poisson (negative binomial) model of documents.

Model. Document i of a cell (say, a year x doc_type) has ``tokens`` t_i and ``hits`` y_i. Its
own rate scatters around the cell's rate mu with a gamma distribution of shape k (mean mu), and
its hits are Poisson given that rate, so y_i is negative binomial with mean mu t_i and variance
mu t_i + (mu t_i)^2 / k. The shape k (the over-dispersion) is shared by all cells of a concept
and estimated once from all of them; each cell keeps its own mu. This is a GLM with a log link,
an offset log(t_i), one coefficient per cell and a common negative-binomial dispersion, as in
edgeR (McCarthy, Chen & Smyth 2012): k maximises the Cox-Reid adjusted profile likelihood
(Cox & Reid 1987), which corrects the downward bias of plain maximum likelihood when every cell
spends a degree of freedom on its own mean (severe with 2-3 documents a cell).

Intervals. Given k, each cell's mu has a posterior under the Jeffreys prior (proportional to
the square root of the Fisher information, sqrt(sum t_i / (mu (1 + mu t_i / k)))), computed on
a fine grid in log mu. Its equal-tailed quantiles are the interval; Jeffreys intervals have
close to nominal frequentist coverage for count data (Brown, Cai & DasGupta 2001), and they
never have zero width: one document, or no hits, gives a wide interval, not a point. A very
short document carries little information (its t_i is small), so its cell's interval is wide.
The posteriors also give intervals for weighted sums of cells (a rate standardised to a fixed
doc_type mix) by Monte Carlo draws.

Changes. :func:`rate_ratio_test` fits a document-level negative-binomial GLM (statsmodels) with
a log(tokens) offset and any design, with robust standard errors (documents are the units;
the larger of HC1 and model-based), and returns the ratio exp(beta) of one coefficient with its
interval and p value from a t distribution on the residual degrees of freedom.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

#: Grid of log(mu) around the cell's crude rate: this many steps either side...
GRID_BELOW = 12.0
GRID_ABOVE = 16.0
GRID_POINTS = 2400
#: Bounds of the searched shape k (1/k is the squared coefficient of variation of doc rates).
SHAPE_BOUNDS = (0.02, 1000.0)


@dataclass(frozen=True)
class Cell:
    """The documents of one cell: their hits and tokens."""

    hits: np.ndarray
    tokens: np.ndarray

    @classmethod
    def of(cls, hits: Sequence[float], tokens: Sequence[float]) -> Cell:
        """A cell from two sequences of equal length."""
        return cls(np.asarray(hits, dtype=float), np.asarray(tokens, dtype=float))


def nb_log_likelihood(hits: np.ndarray, tokens: np.ndarray, rate: np.ndarray, shape: float):
    """Negative-binomial log likelihood of documents, summed over the last axis.

    ``rate`` broadcasts against ``hits`` and ``tokens`` (e.g. a column of grid rates).
    """
    mean = rate * tokens
    return np.sum(
        special.gammaln(hits + shape)
        - special.gammaln(shape)
        - special.gammaln(hits + 1)
        + shape * np.log(shape / (shape + mean))
        + special.xlogy(hits, mean / (shape + mean)),
        axis=-1,
    )


def cell_rate_mle(cell: Cell, shape: float, *, iterations: int = 200) -> float:
    """Maximum-likelihood rate of one cell given the shape (0 when it has no hits).

    The score equation sum (y_i - mu t_i) / (1 + mu t_i / k) = 0 is solved by its fixed
    point: mu is the weighted mean of the documents' rates with weights t_i / (1 + mu t_i / k).
    """
    if cell.hits.sum() == 0:
        return 0.0
    rate = cell.hits.sum() / cell.tokens.sum()
    for _ in range(iterations):
        weights = 1.0 / (1.0 + rate * cell.tokens / shape)
        updated = float((cell.hits * weights).sum() / (cell.tokens * weights).sum())
        if abs(updated - rate) <= 1e-12 * rate:
            return updated
        rate = updated
    return rate


def adjusted_profile_log_likelihood(cells: Sequence[Cell], shape: float) -> float:
    """Cox-Reid adjusted profile log likelihood of the shape over cells with hits.

    Each cell contributes its log likelihood at its own MLE minus half the log of the Fisher
    information of its log rate, sum mu t_i / (1 + mu t_i / k). Cells without hits carry no
    information on the shape and are left out.
    """
    total = 0.0
    for cell in cells:
        rate = cell_rate_mle(cell, shape)
        if rate <= 0:
            continue
        mean = rate * cell.tokens
        information = float(np.sum(mean / (1.0 + mean / shape)))
        total += float(nb_log_likelihood(cell.hits, cell.tokens, rate, shape))
        total -= 0.5 * math.log(information)
    return total


def estimate_shape(cells: Sequence[Cell]) -> float:
    """The common gamma shape k of documents' rates, by Cox-Reid adjusted profile likelihood.

    Returns the upper bound (practically Poisson) when fewer than two cells have hits or no
    cell has two documents: there is then nothing to estimate the spread from.
    """
    informative = [cell for cell in cells if cell.hits.sum() > 0 and len(cell.hits) > 1]
    if not informative:
        return SHAPE_BOUNDS[1]
    low, high = (math.log(bound) for bound in SHAPE_BOUNDS)
    result = optimize.minimize_scalar(
        lambda log_shape: -adjusted_profile_log_likelihood(informative, math.exp(log_shape)),
        bounds=(low, high),
        method="bounded",
        options={"xatol": 1e-4},
    )
    return float(math.exp(result.x))


@dataclass(frozen=True)
class RatePosterior:
    """A cell's rate posterior on a grid: rates (ascending) and their cumulative probabilities."""

    rates: np.ndarray
    cdf: np.ndarray

    def quantile(self, probability: float | np.ndarray) -> float | np.ndarray:
        """The rate below which ``probability`` of the posterior lies (log-linear interpolation)."""
        return np.exp(np.interp(probability, self.cdf, np.log(self.rates)))

    def draw(self, count: int, rng: np.random.Generator) -> np.ndarray:
        """``count`` draws by inverting the cumulative distribution."""
        return self.quantile(rng.uniform(size=count))


def rate_posterior(cell: Cell, shape: float) -> RatePosterior:
    """The posterior of a cell's rate under the Jeffreys prior, given the shape (module docstring).

    The grid spans from e^-12 to e^16 times a crude rate (hits + 0.5) / tokens, far into both
    tails for any count, in steps of about 1% of the rate.
    """
    total_tokens = float(cell.tokens.sum())
    centre = math.log((cell.hits.sum() + 0.5) / total_tokens)
    log_rates = np.linspace(centre - GRID_BELOW, centre + GRID_ABOVE, GRID_POINTS)
    rates = np.exp(log_rates)[:, None]
    log_likelihood = nb_log_likelihood(cell.hits[None, :], cell.tokens[None, :], rates, shape)
    # Jeffreys prior density on mu times the Jacobian mu of the log-rate grid.
    information = np.sum(
        cell.tokens[None, :] / (1.0 + rates * cell.tokens[None, :] / shape), axis=1
    )
    log_density = log_likelihood + 0.5 * np.log(information) + 0.5 * log_rates
    density = np.exp(log_density - log_density.max())
    cdf = np.cumsum(density)
    cdf = (cdf - cdf[0]) / (cdf[-1] - cdf[0])
    return RatePosterior(rates=np.exp(log_rates), cdf=cdf)


@dataclass(frozen=True)
class RateEstimate:
    """A rate per token with its interval."""

    estimate: float
    low: float
    high: float


def posterior_interval(posterior: RatePosterior, *, level: float) -> RateEstimate:
    """The posterior median and equal-tailed interval at ``level``."""
    low, median, high = posterior.quantile(np.array([(1 - level) / 2, 0.5, (1 + level) / 2]))
    return RateEstimate(float(median), float(low), float(high))


def weighted_sum_interval(
    posteriors: Sequence[RatePosterior],
    weights: Sequence[float],
    *,
    level: float,
    draws: int,
    rng: np.random.Generator,
) -> RateEstimate:
    """Median and equal-tailed interval of sum w_j mu_j, by independent draws from each cell."""
    total = np.zeros(draws)
    for posterior, weight in zip(posteriors, weights, strict=True):
        total += weight * posterior.draw(draws, rng)
    low, median, high = np.quantile(total, [(1 - level) / 2, 0.5, (1 + level) / 2])
    return RateEstimate(float(median), float(low), float(high))


@dataclass(frozen=True)
class RatioTest:
    """A rate ratio exp(beta) with its interval, p value and residual degrees of freedom."""

    ratio: float
    low: float
    high: float
    p_value: float
    df: int


def rate_ratio_test(
    hits: np.ndarray,
    tokens: np.ndarray,
    design: np.ndarray,
    *,
    column: int,
    shape: float,
    level: float = 0.95,
) -> RatioTest:
    """Ratio of rates for one design column, from a negative-binomial GLM with robust errors.

    ``design`` holds an intercept and the covariates, one row per document; the model is
    log E[y_i] = log t_i + design_i . beta with NB variance mu + mu^2 / ``shape``, fitted by
    IRLS (statsmodels GLM). The standard error is the larger of the heteroscedasticity-robust
    (HC1) one, which stays honest when the dispersion is misjudged, and the model-based one,
    since the sandwich is biased down in small samples (Kauermann & Carroll 2001); p and the
    interval use a t distribution on n - p degrees of freedom.
    """
    from scipy import stats
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    model = GLM(
        hits,
        design,
        family=families.NegativeBinomial(alpha=1.0 / shape),
        offset=np.log(tokens),
    )
    try:
        robust = model.fit(cov_type="HC1", maxiter=200)
        model_based = model.fit(maxiter=200)
    except np.linalg.LinAlgError:
        # A singular information matrix: the covariates do not separate what the design asks
        # (a level with no variation left). Callers report the row as not estimated.
        nan = float("nan")
        df = int(len(hits) - design.shape[1])
        return RatioTest(ratio=nan, low=nan, high=nan, p_value=nan, df=df)
    df = int(len(hits) - design.shape[1])
    beta = float(robust.params[column])
    se = max(float(robust.bse[column]), float(model_based.bse[column]))
    quantile = stats.t.ppf((1 + level) / 2, df)
    p_value = float(2 * stats.t.sf(abs(beta / se), df)) if se > 0 else 1.0
    # A coefficient the data cannot bound (quasi-separation: one side with almost no hits)
    # has an enormous standard error; its limits overflow to inf, which callers report as
    # not estimated, instead of raising OverflowError.
    with np.errstate(over="ignore"):
        low, ratio, high = np.exp([beta - quantile * se, beta, beta + quantile * se])
    return RatioTest(ratio=float(ratio), low=float(low), high=float(high), p_value=p_value, df=df)
