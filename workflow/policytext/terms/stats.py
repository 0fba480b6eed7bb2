"""Statistics for the term stage: per-cell random streams, Dunning's G2, log ratio, NPMI.

Pure functions on counts, shared by collocates and keyness (rates are in
:mod:`policytext.terms.rates`), and tested against values worked out by hand.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

PER_10K = 10_000.0


def cell_rng(seed: int, *key: object) -> np.random.Generator:
    """A random generator for one table cell, fixed by ``seed`` and the cell's ``key``.

    Seeding each cell from its own key (not from a shared stream) keeps every interval the
    same whatever cells are added, removed or computed first.
    """
    digest = zlib.crc32("|".join(str(part) for part in key).encode("utf-8"))
    return np.random.default_rng([int(seed), digest])


def _x_log_x_over(observed: float, expected: float) -> float:
    """``observed * ln(observed / expected)``, taken as 0 when ``observed`` is 0."""
    return observed * math.log(observed / expected) if observed > 0 else 0.0


def log_likelihood_g2(
    target_count: float, reference_count: float, target_total: float, reference_total: float
) -> float:
    """Dunning's log-likelihood G2 for a word's counts in two corpora (Rayson & Garside 2000).

    With a, b the word's counts and c, d the corpora's sizes, E1 = c(a+b)/(c+d),
    E2 = d(a+b)/(c+d), and G2 = 2 (a ln(a/E1) + b ln(b/E2)). Always >= 0; the direction is
    given by the log ratio.

    >>> round(log_likelihood_g2(10, 0, 1000, 1000), 4)
    13.8629
    """
    total_count = target_count + reference_count
    total = target_total + reference_total
    if total_count == 0 or target_total == 0 or reference_total == 0:
        return 0.0
    expected_target = target_total * total_count / total
    expected_reference = reference_total * total_count / total
    return 2.0 * (
        _x_log_x_over(target_count, expected_target)
        + _x_log_x_over(reference_count, expected_reference)
    )


def log_ratio(
    target_count: float,
    reference_count: float,
    target_total: float,
    reference_total: float,
    *,
    smoothing: float = 0.5,
) -> float:
    """Binary log of the ratio of relative frequencies (Hardie's Log Ratio), smoothed.

    ``smoothing`` is added to both counts so that a word absent from one corpus gets a finite
    value: +1 means twice as frequent in the target, -1 twice as frequent in the reference.

    >>> log_ratio(20, 10, 1000, 1000, smoothing=0)
    1.0
    """
    target_rate = (target_count + smoothing) / target_total
    reference_rate = (reference_count + smoothing) / reference_total
    return math.log2(target_rate / reference_rate)


def contingency_g2(joint: float, row_total: float, column_total: float, total: float) -> float:
    """G2 of the 2x2 table of a word's occurrences in and outside a concept's contexts.

    ``joint``: the word's occurrences inside contexts; ``row_total``: all context tokens;
    ``column_total``: the word's occurrences overall; ``total``: all tokens. Positive when the
    word occurs more often in the contexts than expected, negative when less.
    """
    cells = (
        joint,
        row_total - joint,
        column_total - joint,
        total - row_total - column_total + joint,
    )
    rows = (row_total, total - row_total)
    columns = (column_total, total - column_total)
    expected = (
        rows[0] * columns[0] / total,
        rows[0] * columns[1] / total,
        rows[1] * columns[0] / total,
        rows[1] * columns[1] / total,
    )
    g2 = 2.0 * sum(
        _x_log_x_over(observed, wanted)
        for observed, wanted in zip(cells, expected, strict=True)
        if wanted > 0
    )
    return g2 if joint >= expected[0] else -g2


def npmi(joint: float, row_total: float, column_total: float, total: float) -> float:
    """Normalised pointwise mutual information (Bouma 2009) of a word and a concept's contexts.

    PMI = ln(p(w, ctx) / (p(w) p(ctx))), divided by -ln p(w, ctx): 1 when the word occurs only
    in the contexts and the contexts hold only that word, 0 when independent, and -1 in the
    limit of never co-occurring (returned for ``joint`` = 0).

    >>> npmi(5, 5, 5, 100)
    1.0
    """
    if joint <= 0:
        return -1.0
    p_joint = joint / total
    if p_joint >= 1.0:
        return 1.0
    pmi = math.log(p_joint / ((row_total / total) * (column_total / total)))
    return pmi / -math.log(p_joint)
