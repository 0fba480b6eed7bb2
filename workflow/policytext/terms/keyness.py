"""Keyness with documents as the unit: Fightin' Words log-odds tested by relabelling documents.

The effect of a word is the difference of its log-odds in the target and the reference set,
each smoothed by an informative Dirichlet prior proportional to the word's pooled frequency
(Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16-22). Monroe's own z-score divides
that difference by a variance that treats every token as an independent draw; but words
cluster in documents (Lijffijt et al. 2016, "Significance testing of word frequencies in
corpora"), so that z calls far too many words key. Here the difference is referred instead to
its distribution under random relabelling of whole documents: the document labels are
permuted ``permutations`` times (set sizes kept), the difference is recomputed for every word
and permutation, and ``z`` is the observed difference minus the permutation mean, over the
permutation standard deviation. Its two-sided p-value is read from a t distribution with
``min(target documents, reference documents) - 1`` degrees of freedom, which keeps the tail
honest when one set has few documents. P-values are adjusted by Benjamini-Hochberg across
all tested words of a comparison (statsmodels ``multipletests``); ``significant`` is
``q_value <= fdr``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

#: Relabellings drawn for every word before the promising ones get ``permutations``.
FIRST_PERMUTATIONS = 200

KEYNESS_COLUMNS = [
    "comparison",
    "target",
    "reference",
    "word",
    "target_count",
    "reference_count",
    "target_word_docs",
    "reference_word_docs",
    "log_odds",
    "z",
    "log_ratio",
    "log_likelihood",
    "p_value",
    "q_value",
    "significant",
    "key_for",
    "rank",
    "target_docs",
    "reference_docs",
    "target_tokens",
    "reference_tokens",
    "tested_words",
    "reason",
]


@dataclass(frozen=True)
class KeynessSettings:
    """The keyness options of the ``terms`` config section (defaults as in the schema)."""

    min_count: int = 10
    min_word_docs: int = 3
    min_docs: int = 5
    min_tokens: int = 1000
    prior_tokens: float = 500.0
    permutations: int = 10000
    fdr: float = 0.05
    top_n: int = 20
    smoothing: float = 0.5
    seed: int = 2011


@dataclass
class DocumentWordStore:
    """Every document's content-word counts, kept sparse (word ids and counts as arrays).

    Much smaller than a Counter per document, so that document-level tests fit in memory for
    large corpora.
    """

    vocabulary: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def add(self, counts: Mapping[str, int]) -> int:
        """Store one document's counts; returns its row number."""
        ids = [self.vocabulary.setdefault(word, len(self.vocabulary)) for word in counts]
        self.rows.append(
            (np.asarray(ids, dtype=np.int64), np.asarray(list(counts.values()), dtype=np.int64))
        )
        return len(self.rows) - 1

    def matrix(self, rows: Sequence[int]) -> sparse.csr_matrix:
        """The documents x vocabulary count matrix of the given rows, in that order."""
        indptr = [0]
        indices: list[np.ndarray] = []
        data: list[np.ndarray] = []
        for row in rows:
            ids, counts = self.rows[row]
            indices.append(ids)
            data.append(counts)
            indptr.append(indptr[-1] + len(ids))
        return sparse.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0, dtype=np.int64),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
                np.asarray(indptr),
            ),
            shape=(len(rows), len(self.vocabulary)),
            dtype=float,
        )

    def words(self) -> list[str]:
        """The vocabulary in id order."""
        return sorted(self.vocabulary, key=self.vocabulary.__getitem__)


def prior_log_odds_difference(
    target_counts: np.ndarray,
    target_total: np.ndarray,
    word_totals: np.ndarray,
    grand_total: float,
    *,
    prior_tokens: float,
) -> np.ndarray:
    """Monroe et al.'s smoothed log-odds difference, target minus reference, per word.

    ``target_counts`` may be a matrix (one row per labelling) with ``target_total`` a column
    of the matching set sizes. The prior gives word w the pseudo-count
    ``prior_tokens * word_totals[w] / grand_total`` in each set.

    >>> round(float(prior_log_odds_difference(np.array([8.0]), np.array([10.0]),
    ...     np.array([10.0]), 20.0, prior_tokens=2.0)[0]), 4)
    2.1972
    """
    alpha = prior_tokens * word_totals / grand_total
    reference_counts = word_totals - target_counts
    reference_total = grand_total - target_total
    target_odds = (target_counts + alpha) / (target_total + prior_tokens - target_counts - alpha)
    reference_odds = (reference_counts + alpha) / (
        reference_total + prior_tokens - reference_counts - alpha
    )
    return np.log(target_odds) - np.log(reference_odds)


def log_odds_of_labellings(
    counts: sparse.csc_matrix,
    doc_tokens: np.ndarray,
    labellings: np.ndarray,
    *,
    prior_tokens: float,
) -> np.ndarray:
    """The log-odds difference of every word (column) under each labelling (row of 0/1)."""
    word_totals = np.asarray(counts.sum(axis=0)).ravel()
    return prior_log_odds_difference(
        np.asarray((counts.T @ labellings.T).T),
        (labellings @ doc_tokens)[:, None],
        word_totals,
        float(doc_tokens.sum()),
        prior_tokens=prior_tokens,
    )


def permutation_exceedances(
    counts: sparse.csc_matrix,
    doc_tokens: np.ndarray,
    labels: np.ndarray,
    observed: np.ndarray,
    *,
    prior_tokens: float,
    permutations: int,
    rng: np.random.Generator,
    chunk: int = 500,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per word: how many of ``permutations`` relabellings reach ``|observed|``, and the
    relabellings' mean and standard deviation (drawn in chunks to bound memory)."""
    exceed = np.zeros(counts.shape[1])
    total = np.zeros(counts.shape[1])
    squares = np.zeros(counts.shape[1])
    done = 0
    while done < permutations:
        size = min(chunk, permutations - done)
        shuffled = rng.permuted(np.tile(labels, (size, 1)), axis=1)
        values = log_odds_of_labellings(counts, doc_tokens, shuffled, prior_tokens=prior_tokens)
        exceed += (np.abs(values) >= np.abs(observed) - 1e-12).sum(axis=0)
        total += values.sum(axis=0)
        squares += (values**2).sum(axis=0)
        done += size
    mean = total / permutations
    spread = np.sqrt(np.maximum(squares / permutations - mean**2, 0.0))
    return exceed, mean, spread


def second_stage_permutations(*, tested: int, candidates: int, fdr: float, maximum: int) -> int:
    """Relabellings for the candidate words: enough that the smallest attainable p is a tenth
    of the Benjamini-Hochberg threshold the candidates could reach, at least 1,000 and at most
    ``maximum``. That threshold is ``fdr x k / tested``, with k a quarter of the candidates
    beyond the ``2 x fdr x tested`` expected by chance (at least 1): on simulated corpora
    about a quarter of those end up significant. Many candidates (a real difference in a large
    corpus) need few relabellings; a handful need many.

    >>> second_stage_permutations(tested=400, candidates=45, fdr=0.05, maximum=10_000)
    10000
    >>> second_stage_permutations(tested=5000, candidates=2000, fdr=0.05, maximum=10_000)
    2667
    """
    beyond_chance = max(1.0, (candidates - 2 * fdr * tested) / 4)
    wanted = math.ceil(10 * tested / (fdr * beyond_chance))
    return int(min(maximum, max(1000, wanted)))


def permutation_test(
    counts: sparse.csc_matrix,
    doc_tokens: np.ndarray,
    is_target: np.ndarray,
    *,
    prior_tokens: float,
    permutations: int,
    fdr: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds differences, permutation z-scores and Monte Carlo p-values of every column.

    Two-sided p = (1 + relabellings at least as extreme) / (1 + relabellings) (Phipson &
    Smyth 2010), so it is never 0 and is valid however few relabellings are drawn. Every word
    gets :data:`FIRST_PERMUTATIONS` relabellings; the words whose p could still pass the false
    discovery rate (p <= 2 x ``fdr``) get fresh ones, as many as
    :func:`second_stage_permutations` says, so that small p-values are resolved where they
    matter.
    """
    labels = is_target.astype(float)
    observed = log_odds_of_labellings(
        counts, doc_tokens, labels[None, :], prior_tokens=prior_tokens
    )[0]
    first = min(permutations, FIRST_PERMUTATIONS)
    exceed, mean, spread = permutation_exceedances(
        counts, doc_tokens, labels, observed,
        prior_tokens=prior_tokens, permutations=first, rng=rng,
    )  # fmt: skip
    p_values = (exceed + 1.0) / (first + 1.0)
    z = np.divide(observed - mean, spread, out=np.zeros_like(observed), where=spread > 0)
    candidates = np.flatnonzero(p_values <= 2 * fdr)
    second = second_stage_permutations(
        tested=len(observed), candidates=len(candidates), fdr=fdr, maximum=permutations
    )
    if second > first and len(candidates):
        exceed, _, _ = permutation_exceedances(
            counts[:, candidates], doc_tokens, labels, observed[candidates],
            prior_tokens=prior_tokens, permutations=second, rng=rng,
        )  # fmt: skip
        p_values[candidates] = (exceed + 1.0) / (second + 1.0)
    return observed, z, p_values


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values (statsmodels ``multipletests``, method ``fdr_bh``)."""
    from statsmodels.stats.multitest import multipletests

    if len(p_values) == 0:
        return np.zeros(0)
    return multipletests(p_values, method="fdr_bh")[1]


def log_ratio(
    target_count: float,
    reference_count: float,
    target_total: float,
    reference_total: float,
    *,
    smoothing: float,
) -> float:
    """Binary log of the ratio of relative frequencies (Hardie's Log Ratio), smoothed.

    ``smoothing`` is added to both counts so that a word absent from one side stays finite:
    +1 means twice as frequent in the target, -1 twice as frequent in the reference.

    >>> log_ratio(20, 10, 1000, 1000, smoothing=0)
    1.0
    """
    target_rate = (target_count + smoothing) / target_total
    reference_rate = (reference_count + smoothing) / reference_total
    return math.log2(target_rate / reference_rate)


def likelihood_ratio(
    target_count: float, reference_count: float, target_total: float, reference_total: float
) -> float:
    """Dunning's G2 of the word x set 2x2 table, by nltk's ``BigramAssocMeasures``.

    Token-level and descriptive only (it grows with the amount of text); the test of a
    word is its document-permutation p-value.
    """
    from nltk.metrics.association import BigramAssocMeasures

    return float(
        BigramAssocMeasures.likelihood_ratio(
            int(target_count),
            (int(target_count + reference_count), int(target_total)),
            int(target_total + reference_total),
        )
    )


@dataclass(frozen=True)
class ComparisonSets:
    """One comparison: its name, the two sides' names and their document rows in the store."""

    comparison: str
    target: str
    reference: str
    target_rows: tuple[int, ...]
    reference_rows: tuple[int, ...]


def skipped_row(sets: ComparisonSets, reason: str, tokens: tuple[int, int]) -> dict[str, Any]:
    """The single row written for a comparison that could not be run, with its reason."""
    return {
        "comparison": sets.comparison,
        "target": sets.target,
        "reference": sets.reference,
        "target_docs": len(sets.target_rows),
        "reference_docs": len(sets.reference_rows),
        "target_tokens": tokens[0],
        "reference_tokens": tokens[1],
        "reason": reason,
    }


def design_reason(sets: ComparisonSets, tokens: tuple[int, int], settings: KeynessSettings) -> str:
    """Why a comparison cannot be run (empty when it can): one-sided, few documents or tokens."""
    sides = (
        (sets.target, len(sets.target_rows), tokens[0]),
        (sets.reference, len(sets.reference_rows), tokens[1]),
    )
    for name, docs, _ in sides:
        if docs == 0:
            return f"one_sided: no documents in {name}"
    for name, docs, _ in sides:
        if docs < settings.min_docs:
            return f"few_docs: {name} {docs} < {settings.min_docs}"
    for name, _, count in sides:
        if count < settings.min_tokens:
            return f"few_tokens: {name} {count} < {settings.min_tokens}"
    return ""


def compare_sets(
    store: DocumentWordStore,
    sets: ComparisonSets,
    settings: KeynessSettings,
    *,
    rng: np.random.Generator,
) -> list[dict[str, Any]]:
    """Test every eligible word of one comparison; rows for the top N each way, or a reason.

    A word is tested when it is used at least ``min_count`` times in at least
    ``min_word_docs`` documents of the two sets together. Rows are ranked by z within the
    side a word is key for (positive z: target).
    """
    rows = list(sets.target_rows) + list(sets.reference_rows)
    counts = store.matrix(rows)
    doc_tokens = np.asarray(counts.sum(axis=1)).ravel()
    is_target = np.zeros(len(rows), dtype=bool)
    is_target[: len(sets.target_rows)] = True
    tokens = (int(doc_tokens[is_target].sum()), int(doc_tokens[~is_target].sum()))
    reason = design_reason(sets, tokens, settings)
    if reason:
        return [skipped_row(sets, reason, tokens)]
    totals = np.asarray(counts.sum(axis=0)).ravel()
    word_docs = np.asarray((counts > 0).sum(axis=0)).ravel()
    tested = np.flatnonzero((totals >= settings.min_count) & (word_docs >= settings.min_word_docs))
    if len(tested) == 0:
        reason = (
            f"no_words: none used {settings.min_count}+ times "
            f"in {settings.min_word_docs}+ documents"
        )
        return [skipped_row(sets, reason, tokens)]
    counts = counts[:, tested].tocsc()
    log_odds, z, p_values = permutation_test(
        counts,
        doc_tokens,
        is_target,
        prior_tokens=settings.prior_tokens,
        permutations=settings.permutations,
        fdr=settings.fdr,
        rng=rng,
    )
    q_values = benjamini_hochberg(p_values)
    target_counts = np.asarray(counts[is_target].sum(axis=0)).ravel()
    target_docs_with = np.asarray((counts[is_target] > 0).sum(axis=0)).ravel()
    vocabulary = store.words()
    scored = []
    for column, word_id in enumerate(tested):
        a = int(target_counts[column])
        b = int(totals[word_id]) - a
        scored.append(
            {
                "comparison": sets.comparison,
                "target": sets.target,
                "reference": sets.reference,
                "word": vocabulary[word_id],
                "target_count": a,
                "reference_count": b,
                "target_word_docs": int(target_docs_with[column]),
                "reference_word_docs": int(word_docs[word_id] - target_docs_with[column]),
                "log_odds": float(log_odds[column]),
                "z": float(z[column]),
                "log_ratio": log_ratio(a, b, *tokens, smoothing=settings.smoothing),
                "log_likelihood": likelihood_ratio(a, b, *tokens),
                "p_value": float(p_values[column]),
                "q_value": float(q_values[column]),
                "significant": bool(q_values[column] <= settings.fdr),
                "key_for": sets.target if z[column] > 0 else sets.reference,
                "target_docs": len(sets.target_rows),
                "reference_docs": len(sets.reference_rows),
                "target_tokens": tokens[0],
                "reference_tokens": tokens[1],
                "tested_words": len(tested),
                "reason": "",
            }
        )
    ranked = []
    for side, sign in ((sets.target, -1.0), (sets.reference, 1.0)):
        chosen = [row for row in scored if row["key_for"] == side]
        chosen.sort(key=lambda row: (sign * row["z"], row["word"]))
        ranked += [
            {**row, "rank": rank} for rank, row in enumerate(chosen[: settings.top_n], start=1)
        ]
    return ranked
