"""Statistics for the term stage's rates: bootstrap rate intervals seeded per cell.

Pure functions on counts, tested against values worked out by hand. Collocate, frame and
keyness statistics live in :mod:`.collocates`, :mod:`.frames` and :mod:`.keyness`.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence

import numpy as np

PER_10K = 10_000.0


def cell_rng(seed: int, *key: object) -> np.random.Generator:
    """A random generator for one table cell, fixed by ``seed`` and the cell's ``key``.

    Seeding each cell from its own key (not from a shared stream) keeps every interval the
    same whatever cells are added, removed or computed first.
    """
    digest = zlib.crc32("|".join(str(part) for part in key).encode("utf-8"))
    return np.random.default_rng([int(seed), digest])


def rate_per_10k(hits: float, tokens: float) -> float:
    """Hits per 10,000 tokens (0 when there are no tokens)."""
    return PER_10K * hits / tokens if tokens else 0.0


def bootstrap_rate_ci(
    hits: Sequence[int],
    tokens: Sequence[int],
    *,
    n_resamples: int,
    rng: np.random.Generator,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of a pooled rate per 10,000 tokens, resampling documents.

    The documents of one cell (their ``hits`` and ``tokens``) are drawn with replacement
    ``n_resamples`` times, each draw as many documents as the cell has; each draw's rate is
    its total hits over its total tokens (x 10,000), and the interval is the draws'
    ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles. Resampling whole documents keeps
    the clustering of mentions within documents, which a per-token (Poisson) interval would
    ignore. A cell with a single document has no spread: its interval is the point estimate.

    >>> bootstrap_rate_ci([1], [100], n_resamples=10, rng=cell_rng(1, "x"))
    (100.0, 100.0)
    """
    hit_array = np.asarray(hits, dtype=float)
    token_array = np.asarray(tokens, dtype=float)
    count = len(hit_array)
    if count == 0:
        return (math.nan, math.nan)
    point = rate_per_10k(hit_array.sum(), token_array.sum())
    if count == 1:
        return (point, point)
    draws = rng.integers(0, count, size=(n_resamples, count))
    draw_hits = hit_array[draws].sum(axis=1)
    draw_tokens = token_array[draws].sum(axis=1)
    rates = np.divide(
        PER_10K * draw_hits, draw_tokens, out=np.zeros_like(draw_hits), where=draw_tokens > 0
    )
    low, high = np.quantile(rates, [(1 - level) / 2, (1 + level) / 2])
    return (float(low), float(high))
