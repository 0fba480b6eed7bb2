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

Validation. :func:`sample_mentions` draws a stratified sample of concept mentions (up to N per
period x doc_type) for people to code; :func:`validation_rows` compares their codes with
what the dictionary finds in the same words: precision and recall per frame over every
(mention, coder) pair, and Krippendorff's alpha (nominal) between coders.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from policytext.terms.match import Frame, frame_word_hits

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
VALIDATION_COLUMNS = [
    "frame",
    "mentions",
    "coders",
    "codes",
    "coded_yes",
    "dictionary_yes",
    "both_yes",
    "precision",
    "recall",
    "alpha",
    "reason",
]
SAMPLE_KEY_COLUMNS = [
    "sample_id",
    "concept",
    "doc_id",
    "year",
    "period",
    "doc_type",
    "position",
    "left",
    "match",
    "right",
    "coder",
]


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


# --- validation ---------------------------------------------------------------------------


def krippendorff_alpha_nominal(units: Iterable[Sequence[Any]]) -> float:
    """Krippendorff's alpha for nominal data; each unit is the values its coders gave.

    Missing values are left out of a unit; units with fewer than two values are not pairable
    and are ignored. Built from the coincidence matrix (Krippendorff 2011, "Computing
    Krippendorff's alpha-reliability"): alpha = 1 - (n - 1) * sum of off-diagonal
    coincidences / sum over c != k of n_c n_k. NaN when every value is the same.

    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> round(krippendorff_alpha_nominal(zip(a, b)), 3)
    0.095
    """
    coincidences: Counter[tuple[Any, Any]] = Counter()
    for unit in units:
        values = [value for value in unit if value is not None]
        if len(values) < 2:
            continue
        weight = 1.0 / (len(values) - 1)
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    coincidences[(first, second)] += weight
    marginals: Counter[Any] = Counter()
    for (first, _), weight in coincidences.items():
        marginals[first] += weight
    total = sum(marginals.values())
    disagreement = sum(w for (first, second), w in coincidences.items() if first != second)
    expected = sum(marginals[c] * marginals[k] for c in marginals for k in marginals if c != k)
    if expected == 0:
        return math.nan
    return 1.0 - (total - 1) * disagreement / expected


def dictionary_frames(left: str, right: str, frames: Sequence[Frame], *, lemmatize: bool) -> set:
    """The frames the dictionary finds in a mention's left and right context words."""
    from policytext.terms.match import normalise_word

    hits: set[str] = set()
    for side in (left, right):
        lemmas = [normalise_word(token, lemmatize=lemmatize) for token in side.split()]
        found = frame_word_hits(lemmas, range(len(lemmas)), frames)
        hits.update(name for (name, _), count in found.items() if count)
    return hits


def sample_mentions(
    mentions: Sequence[Mapping[str, Any]], *, per_cell: int, rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Up to ``per_cell`` mentions from every period x doc_type cell, drawn without
    replacement, in a stable order (cell, then concept, doc_id, position)."""
    cells: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for mention in mentions:
        cells.setdefault((str(mention["period"]), str(mention["doc_type"])), []).append(mention)
    chosen = []
    for cell in sorted(cells):
        members = sorted(cells[cell], key=lambda m: (m["concept"], m["doc_id"], int(m["position"])))
        picks = rng.choice(len(members), size=min(per_cell, len(members)), replace=False)
        chosen += [members[index] for index in sorted(picks)]
    return [{**mention, "sample_id": index} for index, mention in enumerate(chosen, start=1)]


def validation_rows(
    codes: Sequence[Mapping[str, Any]],
    dictionary: Mapping[str, set],
    frame_names: Sequence[str],
) -> list[dict[str, Any]]:
    """Precision, recall and alpha of each frame.

    ``codes``: one mapping per (mention, coder) with ``sample_id``, ``coder`` and a 0/1 per
    frame; ``dictionary``: the frames the dictionary finds for each sample_id.
    """
    coders = sorted({str(code["coder"]) for code in codes})
    mentions = sorted({str(code["sample_id"]) for code in codes})
    rows = []
    for frame in frame_names:
        coded = [(str(code["sample_id"]), int(code[frame])) for code in codes]
        found = [frame in dictionary[sample] for sample, _ in coded]
        coded_yes = sum(value for _, value in coded)
        dictionary_yes = sum(found)
        both = sum(1 for (_, value), hit in zip(coded, found, strict=True) if value and hit)
        by_mention: dict[str, list[int]] = {}
        for sample, value in coded:
            by_mention.setdefault(sample, []).append(value)
        alpha = krippendorff_alpha_nominal(by_mention.values()) if len(coders) > 1 else math.nan
        rows.append(
            {
                "frame": frame,
                "mentions": len(mentions),
                "coders": len(coders),
                "codes": len(coded),
                "coded_yes": coded_yes,
                "dictionary_yes": dictionary_yes,
                "both_yes": both,
                "precision": both / dictionary_yes if dictionary_yes else math.nan,
                "recall": both / coded_yes if coded_yes else math.nan,
                "alpha": alpha,
                "reason": "" if len(coders) > 1 else "one_coder: no alpha",
            }
        )
    return rows
