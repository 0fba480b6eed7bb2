"""Simulated corpora with known mention rates, for calibration tests and benchmarks.

A corpus is a list of documents, each with a year, a doc_type, a length in tokens and a
number of hits of one concept. The truth is a rate per token for every year x doc_type cell.
Each document's own rate scatters around its cell's rate: drawn from a gamma distribution
with mean the cell rate and shape ``shape`` (0.7 by default: strong over-dispersion, a
coefficient of variation of 1.2, as seen when a few documents discuss a concept at length and
most mention it in passing), or from a log-normal with the same mean and coefficient of
variation (to judge a model on data it does not assume). Lengths are log-normal. Its hits are
Poisson given the document's rate and length. Cell sizes may drift over the years so that the
doc_type mix changes, and rate functions plant a change between periods or a step at an event.

Every function is pure and seeded: the same arguments give the same corpus.

>>> corpus = simulate_corpus(years=[2000, 2001], doc_types=["a", "b"], rate=constant_rate(5e-4),
...                          docs_per_cell=(3, 3), seed=1)
>>> len(corpus.documents), corpus.true_rates[(2000, "a")]
(12, 0.0005)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

#: A rate per token for a (year, doc_type) cell.
RateFunction = Callable[[int, str], float]


@dataclass(frozen=True)
class SimulatedDocument:
    """One simulated document: its cell, its length and its hits of the concept."""

    doc_id: str
    year: int
    doc_type: str
    tokens: int
    hits: int


@dataclass(frozen=True)
class SimulatedCorpus:
    """Documents with the true rate per token of every year x doc_type cell."""

    documents: list[SimulatedDocument]
    true_rates: dict[tuple[int, str], float]


def constant_rate(rate: float) -> RateFunction:
    """The same rate per token in every cell."""
    return lambda year, doc_type: rate


def type_rates(
    rates: Mapping[str, float], *, yearly_ratio: float = 1.0, start: int = 0
) -> RateFunction:
    """A rate per doc_type, multiplied by ``yearly_ratio`` for every year after ``start``."""
    return lambda year, doc_type: rates[doc_type] * yearly_ratio ** (year - start)


def period_change(base: RateFunction, *, from_year: int, ratio: float) -> RateFunction:
    """``base`` multiplied by ``ratio`` from ``from_year`` on (a change between two periods)."""
    return lambda year, doc_type: base(year, doc_type) * (ratio if year >= from_year else 1.0)


def event_step(
    base: RateFunction, *, event_year: int, ratio: float, yearly_trend: float = 1.0
) -> RateFunction:
    """A background trend (x ``yearly_trend`` a year) with a step x ``ratio`` at the event.

    Years from ``event_year`` on are after the event.
    """

    def rate(year: int, doc_type: str) -> float:
        trend = yearly_trend ** (year - event_year)
        step = ratio if year >= event_year else 1.0
        return base(year, doc_type) * trend * step

    return rate


def cell_sizes(
    years: Sequence[int],
    doc_types: Sequence[str],
    *,
    docs_per_cell: tuple[int, int],
    mix_drift: bool,
    rng: np.random.Generator,
) -> dict[tuple[int, str], int]:
    """Documents per year x doc_type, between ``docs_per_cell`` (low, high) inclusive.

    Without drift each cell's size is drawn uniformly. With drift, even-numbered doc_types
    grow over the years and odd-numbered ones shrink, so the mix changes (sizes jitter by one).
    """
    low, high = docs_per_cell
    sizes = {}
    span = max(1, len(years) - 1)
    for position, year in enumerate(sorted(years)):
        fraction = position / span
        for index, doc_type in enumerate(doc_types):
            if not mix_drift:
                size = int(rng.integers(low, high + 1))
            else:
                share = fraction if index % 2 == 0 else 1.0 - fraction
                size = round(low + (high - low) * share + rng.integers(-1, 2))
            sizes[(year, doc_type)] = int(min(high, max(low, size)))
    return sizes


def document_rates(
    cell_rate: float, count: int, *, shape: float, spread: str, rng: np.random.Generator
) -> np.ndarray:
    """Rates of ``count`` documents around ``cell_rate`` (mean), gamma or log-normal."""
    if spread == "gamma":
        return rng.gamma(shape, cell_rate / shape, size=count)
    if spread == "lognormal":
        sigma = math.sqrt(math.log1p(1.0 / shape))  # the same coefficient of variation
        return cell_rate * rng.lognormal(-(sigma**2) / 2, sigma, size=count)
    raise ValueError(f"spread {spread!r}: use 'gamma' or 'lognormal'")


def simulate_corpus(
    *,
    years: Sequence[int],
    doc_types: Sequence[str],
    rate: RateFunction,
    docs_per_cell: tuple[int, int],
    seed: int,
    shape: float = 0.7,
    spread: str = "gamma",
    median_tokens: float = 4000.0,
    tokens_sigma: float = 1.0,
    mix_drift: bool = False,
) -> SimulatedCorpus:
    """A corpus with known cell rates (see the module docstring).

    Args:
        years, doc_types: the cells' labels.
        rate: the true rate per token of each cell.
        docs_per_cell: least and most documents a cell.
        seed: fixes every draw.
        shape: gamma shape of documents' rates around their cell's (smaller: more dispersed).
        spread: ``gamma`` or ``lognormal`` (same mean and coefficient of variation).
        median_tokens, tokens_sigma: the log-normal length distribution (at least 10 tokens).
        mix_drift: let the doc_type mix change over the years.
    """
    rng = np.random.default_rng(seed)
    sizes = cell_sizes(years, doc_types, docs_per_cell=docs_per_cell, mix_drift=mix_drift, rng=rng)
    documents = []
    truth = {}
    for (year, doc_type), count in sorted(sizes.items()):
        truth[(year, doc_type)] = rate(year, doc_type)
        rates = document_rates(truth[(year, doc_type)], count, shape=shape, spread=spread, rng=rng)
        lengths = np.maximum(10, np.round(median_tokens * rng.lognormal(0, tokens_sigma, count)))
        hits = rng.poisson(rates * lengths)
        for number, (length, hit) in enumerate(zip(lengths, hits, strict=True)):
            documents.append(
                SimulatedDocument(
                    doc_id=f"{doc_type}_{year}_{number:02d}",
                    year=year,
                    doc_type=doc_type,
                    tokens=int(length),
                    hits=int(hit),
                )
            )
    return SimulatedCorpus(documents=documents, true_rates=truth)


def shuffle_labels(
    documents: Sequence[SimulatedDocument], *, field_name: str = "doc_type", seed: int
) -> list[SimulatedDocument]:
    """The documents with ``doc_type`` (or ``year``) permuted at random: null labels."""
    rng = np.random.default_rng(seed)
    values = [getattr(document, field_name) for document in documents]
    order = rng.permutation(len(values))
    return [
        replace(document, **{field_name: values[index]})
        for document, index in zip(documents, order, strict=True)
    ]


def standardised_truth(
    true_rates: Mapping[tuple[int, str], float], weights: Mapping[str, float], year: int
) -> float:
    """The true rate of ``year`` for a fixed doc_type mix (weights summing to 1)."""
    return sum(weight * true_rates[(year, doc_type)] for doc_type, weight in weights.items())
