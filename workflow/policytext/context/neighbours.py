"""Nearest neighbours of a concept's embedding per level, their ratios, and period shifts.

A level's embedding of a concept is the mean ALC embedding of the concept's mentions in
that level's documents (conText's ``dem_group``). Its nearest neighbours are the corpus words
whose vectors have the highest cosine similarity with it (conText's ``get_nns``). Candidates
are the vocabulary's words with a letter in them, minus stopwords (stopwordsiso, English)
and minus the concept's own spellings, which would otherwise top every list.

Intervals come from a bootstrap over the level's documents (each document's mentions stay
together), its percentiles centred on the estimate (averaging fewer distinct mentions
lowers every cosine, so raw percentiles would sit below it). The neighbours ratio of a word
between two levels is its cosine with the first level's embedding over its cosine with the
second's (``get_nns_ratio``), for the union of both levels' top neighbours; its p-value
shuffles the two levels' labels among their documents: p = (1 + permuted ratios at least
as far from 1, on the observed side) / (1 + permutations). The shift between consecutive
periods is the cosine between their embeddings, with a bootstrap interval and a
permutation p-value for "lower than if the two periods were one" (a low cosine means the
contexts changed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from policytext.context.regression import Covariate, centred_interval
from policytext.context.settings import ContextOptions
from policytext.terms.match import Concept
from policytext.terms.stats import cell_rng

NEIGHBOUR_COLUMNS = [
    "concept",
    "covariate",
    "level",
    "rank",
    "word",
    "cosine",
    "ci_low",
    "ci_high",
    "instances",
    "documents",
    "reason",
]
RATIO_COLUMNS = [
    "concept",
    "covariate",
    "level",
    "reference",
    "word",
    "top_for",
    "cosine_level",
    "cosine_reference",
    "ratio",
    "p_value",
    "reason",
]
SHIFT_COLUMNS = [
    "concept",
    "from",
    "to",
    "cosine",
    "ci_low",
    "ci_high",
    "p_value",
    "instances_from",
    "instances_to",
    "documents_from",
    "documents_to",
    "entered",
    "left",
    "reason",
]
BOTH = "both"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class ConceptData:
    """One concept's mentions (per document: count and embedding sum) and the vocabulary."""

    concept: Concept
    counts: np.ndarray
    sums: np.ndarray
    unit_words: np.ndarray
    words: Sequence[str]
    candidates: np.ndarray

    def mean(self, weights: np.ndarray) -> np.ndarray:
        """The mean mention embedding of documents weighted by ``weights``."""
        return mean_embedding(self.counts, self.sums, weights)

    def size(self, members: np.ndarray) -> tuple[int, int]:
        """Mentions and documents among ``members``."""
        return int(self.counts[members].sum()), int(members.sum())


def concept_data(
    concept: Concept, counts: np.ndarray, sums: np.ndarray, unit_words: np.ndarray, words
) -> ConceptData:
    """Bundle a concept's data with its candidate neighbours (see :func:`candidate_mask`)."""
    return ConceptData(concept, counts, sums, unit_words, words, candidate_mask(words, concept))


def candidate_mask(words: Sequence[str], concept: Concept) -> np.ndarray:
    """Words that may be neighbours: with a letter, not a stopword, not the concept itself."""
    import stopwordsiso

    stopwords = stopwordsiso.stopwords("en")
    return np.array(
        [
            bool(_LETTER.search(word))
            and word not in stopwords
            and not concept.regex.fullmatch(word)
            for word in words
        ],
        dtype=bool,
    )


def mean_embedding(counts: np.ndarray, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The mean mention embedding of documents taken ``weights`` times each."""
    total = float((counts * weights).sum())
    return (sums * weights[:, None]).sum(axis=0) / total if total else np.zeros(sums.shape[1])


def cosine_with(unit_words: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Cosine of each (unit-length) word vector with ``vector`` (zeros for a zero vector)."""
    length = np.linalg.norm(vector)
    return unit_words @ vector / length if length else np.zeros(len(unit_words))


def top_words(cosines: np.ndarray, candidates: np.ndarray, n: int) -> list[int]:
    """The ``n`` candidate rows with the highest cosine (ties: the more frequent word first)."""
    rows = np.flatnonzero(candidates)
    order = np.lexsort((rows, -cosines[rows]))
    return [int(row) for row in rows[order[:n]]]


def resample(members: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap weights over all documents: the ``members`` drawn with replacement."""
    chosen = np.flatnonzero(members)
    weights = np.zeros(len(members))
    np.add.at(weights, rng.choice(chosen, size=len(chosen), replace=True), 1.0)
    return weights


def level_members(covariate: Covariate, level: str) -> np.ndarray:
    """Which documents are in ``level``."""
    return np.array([value == level for value in covariate.values], dtype=bool)


def enough(instances: int, documents: int, options: ContextOptions) -> str:
    """Empty when a level has enough mentions and documents, else the reason it has not."""
    if instances < options.min_instances:
        return f"few_instances: {instances} < {options.min_instances}"
    if documents < options.min_documents:
        return f"few_documents: {documents} < {options.min_documents}"
    return ""


def level_neighbours(
    data: ConceptData, covariate: Covariate, *, options: ContextOptions
) -> list[dict]:
    """Top neighbours of every level of a covariate, with bootstrap intervals on the cosine."""
    concept, counts, sums = data.concept, data.counts, data.sums
    unit_words, words, candidates = data.unit_words, data.words, data.candidates
    rows = []
    for level in covariate.order:
        members = level_members(covariate, level)
        instances, documents = int(counts[members].sum()), int(members.sum())
        if documents == 0:
            continue
        base = {
            "concept": concept.name,
            "covariate": covariate.name,
            "level": level,
            "instances": instances,
            "documents": documents,
        }
        reason = enough(instances, documents, options)
        if reason:
            rows.append({**base, "reason": reason})
            continue
        embedding = mean_embedding(counts, sums, members.astype(np.float64))
        cosines = cosine_with(unit_words, embedding)
        chosen = top_words(cosines, candidates, options.neighbours)
        rng = cell_rng(options.seed, concept.name, covariate.name, level, "neighbours")
        draws = np.array(
            [
                cosine_with(
                    unit_words[chosen], mean_embedding(counts, sums, resample(members, rng))
                )
                for _ in range(options.bootstrap_n)
            ]
        ).reshape(options.bootstrap_n, len(chosen))
        for rank, row in enumerate(chosen, start=1):
            low, high = centred_interval(
                draws[:, rank - 1], float(cosines[row]), options.ci_level, bounds=(-1.0, 1.0)
            )
            rows.append(
                {
                    **base,
                    "rank": rank,
                    "word": words[row],
                    "cosine": float(cosines[row]),
                    "ci_low": low,
                    "ci_high": high,
                    "reason": "",
                }
            )
    return rows


def shuffled_pair(
    members: np.ndarray, other: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The two groups' documents pooled and re-split at random, keeping each group's size."""
    pooled = np.flatnonzero(members | other)
    shuffled = rng.permutation(pooled)
    first = np.zeros(len(members), dtype=bool)
    second = np.zeros(len(members), dtype=bool)
    first[shuffled[: int(members.sum())]] = True
    second[shuffled[int(members.sum()) :]] = True
    return first, second


def ratio_rows(
    data: ConceptData, covariate: Covariate, reference: str, *, options: ContextOptions
) -> list[dict]:
    """Neighbour cosine ratios of every estimable level against ``reference``."""
    concept, counts, sums = data.concept, data.counts, data.sums
    unit_words, words, candidates = data.unit_words, data.words, data.candidates
    reference_members = level_members(covariate, reference)
    reference_cosines = cosine_with(
        unit_words, mean_embedding(counts, sums, reference_members.astype(np.float64))
    )
    reference_top = top_words(reference_cosines, candidates, options.neighbours)
    rows = []
    for level in covariate.order:
        members = level_members(covariate, level)
        instances, documents = int(counts[members].sum()), int(members.sum())
        if level == reference or documents == 0:
            continue
        base = {"concept": concept.name, "covariate": covariate.name, "level": level}
        base["reference"] = reference
        reason = enough(instances, documents, options)
        if reason:
            rows.append({**base, "reason": reason})
            continue
        level_cosines = cosine_with(
            unit_words, mean_embedding(counts, sums, members.astype(np.float64))
        )
        level_top = top_words(level_cosines, candidates, options.neighbours)
        union = sorted(set(level_top) | set(reference_top))
        observed = level_cosines[union] / reference_cosines[union]
        rng = cell_rng(options.seed, concept.name, covariate.name, level, reference, "ratio")
        permuted = np.empty((options.permutations, len(union)))
        for draw in range(options.permutations):
            first, second = shuffled_pair(members, reference_members, rng)
            permuted[draw] = cosine_with(
                unit_words[union], mean_embedding(counts, sums, first.astype(np.float64))
            ) / cosine_with(
                unit_words[union], mean_embedding(counts, sums, second.astype(np.float64))
            )
        for column, row in enumerate(union):
            ratio = float(observed[column])
            side = permuted[:, column] >= ratio if ratio >= 1 else permuted[:, column] <= ratio
            top_for = (
                BOTH
                if row in level_top and row in reference_top
                else level
                if row in level_top
                else reference
            )
            rows.append(
                {
                    **base,
                    "word": words[row],
                    "top_for": top_for,
                    "cosine_level": float(level_cosines[row]),
                    "cosine_reference": float(reference_cosines[row]),
                    "ratio": ratio,
                    "p_value": float((1 + side.sum()) / (1 + options.permutations)),
                    "reason": "",
                }
            )
    order = {level: number for number, level in enumerate(covariate.order)}
    return sorted(
        rows, key=lambda row: (order[row["level"]], -row.get("ratio", 0.0), row.get("word", ""))
    )


def shift_rows(data: ConceptData, periods: Covariate, *, options: ContextOptions) -> list[dict]:
    """Cosine between consecutive periods' embeddings (periods with mentions, in time order)."""
    concept, counts, sums = data.concept, data.counts, data.sums
    unit_words, words, candidates = data.unit_words, data.words, data.candidates
    present = [level for level in periods.order if level_members(periods, level).any()]
    rows = []
    for earlier, later in zip(present, present[1:], strict=False):
        first, second = level_members(periods, earlier), level_members(periods, later)
        base = {
            "concept": concept.name,
            "from": earlier,
            "to": later,
            "instances_from": int(counts[first].sum()),
            "instances_to": int(counts[second].sum()),
            "documents_from": int(first.sum()),
            "documents_to": int(second.sum()),
        }
        reason = "; ".join(
            f"{problem} ({name})"
            for name, problem in (
                (earlier, enough(base["instances_from"], base["documents_from"], options)),
                (later, enough(base["instances_to"], base["documents_to"], options)),
            )
            if problem
        )
        if reason:
            rows.append({**base, "reason": reason})
            continue
        before = mean_embedding(counts, sums, first.astype(np.float64))
        after = mean_embedding(counts, sums, second.astype(np.float64))
        cosine = float(before @ after / (np.linalg.norm(before) * np.linalg.norm(after)))
        rng = cell_rng(options.seed, concept.name, earlier, later, "shift")
        boot = np.array(
            [
                pair_cosine(counts, sums, resample(first, rng), resample(second, rng))
                for _ in range(options.bootstrap_n)
            ]
        )
        null = np.array(
            [
                pair_cosine(
                    counts,
                    sums,
                    *(side.astype(np.float64) for side in shuffled_pair(first, second, rng)),
                )
                for _ in range(options.permutations)
            ]
        )
        low, high = centred_interval(boot, cosine, options.ci_level, bounds=(-1.0, 1.0))
        top_before = {
            words[row]
            for row in top_words(cosine_with(unit_words, before), candidates, options.neighbours)
        }
        top_after = {
            words[row]
            for row in top_words(cosine_with(unit_words, after), candidates, options.neighbours)
        }
        rows.append(
            {
                **base,
                "cosine": cosine,
                "ci_low": low,
                "ci_high": high,
                "p_value": float((1 + np.sum(null <= cosine)) / (1 + options.permutations)),
                "entered": " ".join(sorted(top_after - top_before)),
                "left": " ".join(sorted(top_before - top_after)),
                "reason": "",
            }
        )
    return rows


def pair_cosine(
    counts: np.ndarray, sums: np.ndarray, first: np.ndarray, second: np.ndarray
) -> float:
    """Cosine between the mean embeddings of two weighted sets of documents."""
    a, b = mean_embedding(counts, sums, first), mean_embedding(counts, sums, second)
    lengths = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / lengths) if lengths else float("nan")
