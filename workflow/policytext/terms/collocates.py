"""Collocates of a concept in one period: an effect size that compares across periods.

For a concept and a period, each content word has a 2x2 table: its uses inside the
concept's contexts (``count``) and outside them, against all context and non-context
content tokens of the period. From it:

- ``log_ratio``: binary log of the word's relative frequency inside the contexts over its
  relative frequency outside them (Hardie 2014, "Log Ratio"), 0.5 added to both counts.
  It is an effect size: its expected value does not grow with the amount of text, so it
  compares across periods of different sizes, unlike G2.
- ``npmi``: pointwise mutual information (nltk ``BigramAssocMeasures.pmi``) normalised by
  -log2 p(word, context) (Bouma 2009), from -1 to 1.
- ``log_likelihood`` and ``p_value``: Dunning's G2 (nltk ``BigramAssocMeasures
  .likelihood_ratio``) and its chi-square(1) p-value; ``q_value`` is Benjamini-Hochberg over
  all words tested for the concept and period, and ``significant`` is ``q_value <= fdr``.
- ``docs``: how many documents' contexts hold the word. G2 treats tokens as independent, so a
  phrase one document repeats can be "significant"; ``docs`` shows it.

Ranking follows Hardie's advice (filter by significance, sort by effect size): the attracted,
significant words used in at least ``min_docs`` documents are ranked by ``log_ratio``; the
significant words from fewer documents are listed after them, unranked, with a reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from policytext.terms.keyness import benjamini_hochberg

COLLOCATE_COLUMNS = [
    "concept",
    "period",
    "collocate",
    "count",
    "docs",
    "expected",
    "log_ratio",
    "npmi",
    "log_likelihood",
    "p_value",
    "q_value",
    "significant",
    "collocate_total",
    "context_tokens",
    "period_tokens",
    "context_docs",
    "rank",
    "reason",
]


@dataclass(frozen=True)
class CollocateSettings:
    """The collocate options of the ``terms`` config section (defaults as in the schema)."""

    min_count: int = 3
    min_docs: int = 2
    top_n: int = 20
    fdr: float = 0.05


@dataclass(frozen=True)
class ContextCounts:
    """What one concept x period contributes: context words, their documents, the period."""

    context_words: Mapping[str, int]
    context_word_docs: Mapping[str, int]
    context_docs: int
    period_words: Mapping[str, int]


def association(
    joint: int, context_total: int, word_total: int, total: int
) -> tuple[float, float, float]:
    """``(log_ratio, npmi, g2)`` of a word's 2x2 table (nltk's measures for PMI and G2).

    ``joint``: the word inside the contexts; ``context_total``: all context tokens;
    ``word_total``: the word in the period; ``total``: all tokens of the period.

    >>> [round(value, 4) for value in association(5, 5, 5, 100)]
    [7.7074, 1.0, 39.703]
    """
    from nltk.metrics.association import BigramAssocMeasures

    marginals = (context_total, word_total)
    pmi = BigramAssocMeasures.pmi(joint, marginals, total)
    p_joint = joint / total
    npmi = 1.0 if p_joint >= 1.0 else pmi / -math.log2(p_joint)
    g2 = BigramAssocMeasures.likelihood_ratio(joint, marginals, total)
    inside = (joint + 0.5) / context_total
    outside = (word_total - joint + 0.5) / max(total - context_total, 1)
    return (math.log2(inside / outside), npmi, float(g2))


def chi_square_p(g2: np.ndarray) -> np.ndarray:
    """Upper-tail chi-square(1) probability of G2 values."""
    from scipy import stats

    return stats.chi2.sf(np.maximum(g2, 0.0), df=1)


def collocate_rows(
    concept: str, period: str, counts: ContextCounts, settings: CollocateSettings
) -> list[dict[str, Any]]:
    """Ranked collocates of one concept in one period (see the module docstring)."""
    context_total = sum(counts.context_words.values())
    period_total = sum(counts.period_words.values())
    common = {
        "concept": concept,
        "period": period,
        "context_tokens": context_total,
        "period_tokens": period_total,
        "context_docs": counts.context_docs,
    }
    if counts.context_docs < settings.min_docs:
        return [{**common, "reason": f"few_docs: {counts.context_docs} < {settings.min_docs}"}]
    tested = []
    for word in sorted(counts.context_words):
        count = counts.context_words[word]
        if count < settings.min_count:
            continue
        word_total = counts.period_words[word]
        log_ratio, npmi, g2 = association(count, context_total, word_total, period_total)
        tested.append(
            {
                **common,
                "collocate": word,
                "count": count,
                "docs": counts.context_word_docs.get(word, 0),
                "expected": context_total * word_total / period_total,
                "log_ratio": log_ratio,
                "npmi": npmi,
                "log_likelihood": g2,
                "collocate_total": word_total,
                "reason": "",
            }
        )
    if not tested:
        return [{**common, "reason": f"no_words: none used {settings.min_count}+ times"}]
    p_values = chi_square_p(np.array([row["log_likelihood"] for row in tested]))
    q_values = benjamini_hochberg(p_values)
    for row, p_value, q_value in zip(tested, p_values, q_values, strict=True):
        row.update(p_value=float(p_value), q_value=float(q_value))
        row["significant"] = bool(q_value <= settings.fdr)
    attracted = [row for row in tested if row["significant"] and row["count"] > row["expected"]]
    attracted.sort(key=lambda row: (-row["log_ratio"], row["collocate"]))
    ranked = [row for row in attracted if row["docs"] >= settings.min_docs][: settings.top_n]
    few = [row for row in attracted if row["docs"] < settings.min_docs][: settings.top_n]
    if not ranked and not few:
        return [{**common, "reason": "none_significant"}]
    return [{**row, "rank": rank} for rank, row in enumerate(ranked, start=1)] + [
        {**row, "reason": f"few_docs: {row['docs']} < {settings.min_docs}"} for row in few
    ]
