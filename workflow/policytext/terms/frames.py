"""Frames around a concept: shares with honest intervals, the words behind them, validation.

Shares. In a cell (concept x period x group) a frame's ``share`` is its hits over the hits of
all frames in the concept's contexts. Its interval is the envelope of two intervals, each
honest where the other is not: a percentile bootstrap over the cell's documents (words and
mentions cluster in documents, so resampling documents keeps that dependence; but a cell
with one document has no spread) and a Wilson score interval on the hits (wide when there
are few frame words, as after a single mention; but it treats hits as independent). Cells
with fewer than ``min_mentions`` mentions keep their numbers and interval but carry the
reason ``few_mentions: n < min``, and figures grey them out.

Words. ``frame_words.csv`` counts which dictionary entry made each hit, so that a frame
carried by one broad word (``community``, ``outcome``, ``public``) shows as such.

Validation of the dictionaries against people's coding: :mod:`policytext.terms.validation`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

FRAME_COLUMNS = [
    "concept",
    "period",
    "group",
    "frame",
    "hits",
    "context_tokens",
    "share",
    "ci_low",
    "ci_high",
    "per_1k_context",
    "mentions",
    "docs",
    "reason",
]
FRAME_WORD_COLUMNS = ["concept", "frame", "word", "hits", "share_of_frame"]


@dataclass(frozen=True)
class FrameSettings:
    """The frame options of the ``terms`` config section (defaults as in the schema)."""

    min_mentions: int = 10
    bootstrap_n: int = 1000
    ci_level: float = 0.95


@dataclass(frozen=True)
class DocumentFrames:
    """One document's part of a frame cell: its hits per frame, mentions, context tokens."""

    hits: Mapping[str, int]
    mentions: int
    context_tokens: int


def wilson_interval(successes: int, trials: int, *, level: float) -> tuple[float, float]:
    """Wilson score interval of a proportion (Wilson 1927); (0, 1) with no trials.

    >>> [round(value, 4) for value in wilson_interval(2, 3, level=0.95)]
    [0.2077, 0.9385]
    """
    from scipy import stats

    if trials == 0:
        return (0.0, 1.0)
    z = float(stats.norm.ppf((1 + level) / 2))
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials**2))
    half /= 1 + z * z / trials
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap_share_intervals(
    hits: np.ndarray, *, n_resamples: int, rng: np.random.Generator, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap of every frame's share, resampling documents (rows of ``hits``).

    Draws whose documents hold no frame word at all are left out of the quantiles.
    """
    draws = rng.integers(0, len(hits), size=(n_resamples, len(hits)))
    totals = hits[draws].sum(axis=1)
    all_hits = totals.sum(axis=1)
    kept = totals[all_hits > 0] / all_hits[all_hits > 0, None]
    if not len(kept):
        return np.zeros(hits.shape[1]), np.ones(hits.shape[1])
    low, high = np.quantile(kept, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return low, high


def frame_cell_rows(
    key: Mapping[str, str],
    documents: Sequence[DocumentFrames],
    frame_names: Sequence[str],
    settings: FrameSettings,
    *,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """One row per frame for a cell (``key`` holds concept, period and group)."""
    hits = np.array([[doc.hits.get(name, 0) for name in frame_names] for doc in documents])
    frame_totals = hits.sum(axis=0)
    all_hits = int(frame_totals.sum())
    mentions = sum(doc.mentions for doc in documents)
    context_tokens = sum(doc.context_tokens for doc in documents)
    boot_low, boot_high = bootstrap_share_intervals(
        hits, n_resamples=settings.bootstrap_n, rng=rng, level=settings.ci_level
    )
    reason = (
        f"few_mentions: {mentions} < {settings.min_mentions}"
        if mentions < settings.min_mentions
        else ""
    )
    rows = []
    for index, name in enumerate(frame_names):
        count = int(frame_totals[index])
        if all_hits:
            wilson_low, wilson_high = wilson_interval(count, all_hits, level=settings.ci_level)
            share = count / all_hits
            low = min(wilson_low, float(boot_low[index]))
            high = max(wilson_high, float(boot_high[index]))
        else:
            share = low = high = math.nan
        rows.append(
            {
                **key,
                "frame": name,
                "hits": count,
                "context_tokens": context_tokens,
                "share": share,
                "ci_low": low,
                "ci_high": high,
                "per_1k_context": 1000.0 * count / context_tokens if context_tokens else math.nan,
                "mentions": mentions,
                "docs": len(documents),
                "reason": reason or ("" if all_hits else "no_frame_words"),
            }
        )
    return rows


def frame_word_rows(
    concept: str, word_hits: Mapping[tuple[str, str], int], frame_names: Sequence[str]
) -> list[dict[str, Any]]:
    """Rows of ``frame_words.csv`` for one concept: frames in config order, words by hits."""
    rows = []
    for frame in frame_names:
        words = [(word, n) for (name, word), n in word_hits.items() if name == frame and n]
        total = sum(n for _, n in words)
        for word, n in sorted(words, key=lambda item: (-item[1], item[0])):
            rows.append(
                {
                    "concept": concept,
                    "frame": frame,
                    "word": word,
                    "hits": n,
                    "share_of_frame": n / total,
                }
            )
    return rows
