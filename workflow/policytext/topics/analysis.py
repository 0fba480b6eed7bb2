"""What the chosen topic model says: words, labels, prevalence, concepts, dynamics.

Pure functions over numpy arrays; :mod:`policytext.topics.commands` reads and writes the files.
Notation: ``lam`` is the fitted K x V topic-word variational parameter (gensim's
``state.get_lambda()``), ``gamma`` the D x K document-topic variational Dirichlet
parameters, ``theta`` the document topic shares (each gamma row divided by its sum).
Topics are numbered from 1 in every output (gensim's id + 1).

Methods
-------
- **Labels**: the top words by probability, and FREX words (Bischof & Airoldi 2012, as in
  stm's ``labelTopics``): the harmonic mean of a word's rank (empirical CDF within the topic)
  in exclusivity (its probability in the topic over its summed probability in all topics)
  and in frequency, with weight 0.5.
- **Prevalence**: mean topic share of the documents in each year x group (every doc_type,
  and ``all``), with a percentile interval from resampling documents within the cell.
- **Effects** of year and doc_type, pooled over seeds: :mod:`policytext.topics.effects`.
- **Word assignments**: the expected number of each word's tokens assigned to each topic in
  a document is n_dw * phi_dwk with phi_dwk proportional to exp(E[log theta_dk]) *
  exp(E[log beta_kw]) (the variational E-step of LDA). Summed over the documents of a
  period, these give the period's topic-word counts (**dynamics**: how a topic's top words
  change between periods, with the topic-word model held fixed); summed over a concept's
  words, they give which topics carry the concept's tokens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.special import digamma

CI_LEVEL = 0.95


# --- word distributions and labels ----------------------------------------------------------


def topic_word_probabilities(lam: np.ndarray) -> np.ndarray:
    """Each topic's word distribution (lambda rows normalised)."""
    return lam / lam.sum(axis=1, keepdims=True)


def exp_expected_log(parameters: np.ndarray) -> np.ndarray:
    """exp(E[log p]) for each row of Dirichlet parameters."""
    return np.exp(digamma(parameters) - digamma(parameters.sum(axis=1, keepdims=True)))


def ranked(values: np.ndarray, vocabulary: Sequence[str], *, topn: int) -> list[int]:
    """Indices of the ``topn`` largest values; ties broken by the word."""
    order = sorted(range(len(values)), key=lambda index: (-float(values[index]), vocabulary[index]))
    return order[:topn]


def topic_word_rows(
    beta: np.ndarray, vocabulary: Sequence[str], *, topn: int
) -> list[dict[str, Any]]:
    """topic_words.csv rows: ``topic, rank, word, weight`` for each topic's top words."""
    rows = []
    for topic, row in enumerate(beta, start=1):
        for rank, index in enumerate(ranked(row, vocabulary, topn=topn), start=1):
            rows.append(
                {"topic": topic, "rank": rank, "word": vocabulary[index], "weight": row[index]}
            )
    return rows


def ecdf_within_rows(matrix: np.ndarray) -> np.ndarray:
    """Each value's empirical CDF within its row (share of the row at or below it)."""
    ranks = np.argsort(np.argsort(matrix, axis=1, kind="stable"), axis=1, kind="stable")
    return (ranks + 1) / matrix.shape[1]


def frex_scores(beta: np.ndarray, *, weight: float = 0.5) -> np.ndarray:
    """FREX: weighted harmonic mean of the exclusivity and frequency ECDF ranks (K x V)."""
    exclusivity = beta / beta.sum(axis=0, keepdims=True)
    return 1.0 / (weight / ecdf_within_rows(exclusivity) + (1 - weight) / ecdf_within_rows(beta))


def label_rows(
    beta: np.ndarray, vocabulary: Sequence[str], *, topn: int = 10, label_words: int = 3
) -> list[dict[str, Any]]:
    """labels.csv rows: ``topic, label, label_top, label_frex, top_words, frex_words``."""
    frex = frex_scores(beta)
    rows = []
    for topic in range(beta.shape[0]):
        top = [vocabulary[i] for i in ranked(beta[topic], vocabulary, topn=topn)]
        exclusive = [vocabulary[i] for i in ranked(frex[topic], vocabulary, topn=topn)]
        rows.append(
            {
                "topic": topic + 1,
                "label": f"T{topic + 1}: " + ", ".join(exclusive[:label_words]),
                "label_top": ", ".join(top[:label_words]),
                "label_frex": ", ".join(exclusive[:label_words]),
                "top_words": " ".join(top),
                "frex_words": " ".join(exclusive),
            }
        )
    return rows


# --- prevalence -----------------------------------------------------------------------------


def bootstrap_mean_interval(
    values: np.ndarray, *, rng: np.random.Generator, samples: int
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the mean over documents of ``values``, resampling documents.

    ``values`` is S x n x K: S seeds' aligned shares of the same n documents (S = 1 for
    one model); draw ``i`` uses seed ``i mod S``, so the interval carries the seed-to-seed
    variation as well as the documents'. With fewer than two documents (or no samples)
    there is no interval: NaN bounds.
    """
    seeds, n, topics = values.shape
    if n < 2 or samples < 1:
        missing = np.full(topics, np.nan)
        return missing, missing
    picks = rng.integers(0, n, size=(samples, n))
    which = np.arange(samples) % seeds
    means = values[which[:, np.newaxis], picks].mean(axis=1)
    tail = (1 - CI_LEVEL) / 2 * 100
    return np.percentile(means, tail, axis=0), np.percentile(means, 100 - tail, axis=0)


def prevalence_rows(
    theta: np.ndarray,
    years: Sequence[int],
    groups: Sequence[str],
    *,
    samples: int,
    seed: int,
) -> list[dict[str, Any]]:
    """prevalence.csv rows: mean share per topic, year and group (doc_type and ``all``).

    ``theta`` is D x K, or S x D x K: every seed's shares in the chosen topic order; the
    mean is then the seeds' mean and the interval pools the seeds (see
    :func:`bootstrap_mean_interval`). A cell of one document has its mean but no interval
    (reason ``few_docs: 1 < 2``): one document cannot show how much the year's documents vary.
    """
    stacked = theta[np.newaxis] if theta.ndim == 2 else theta
    years = np.asarray(years)
    groups = np.asarray(groups)
    rng = np.random.default_rng(seed)
    rows = []
    for group in ["all", *sorted(set(groups.tolist()))]:
        in_group = np.ones(len(years), bool) if group == "all" else groups == group
        for year in sorted(set(years[in_group].tolist())):
            cell = stacked[:, in_group & (years == year)]
            low, high = bootstrap_mean_interval(cell, rng=rng, samples=samples)
            mean = cell.mean(axis=(0, 1))
            for topic in range(stacked.shape[2]):
                rows.append(
                    {
                        "topic": topic + 1,
                        "year": int(year),
                        "group": group,
                        "docs": cell.shape[1],
                        "mean": mean[topic],
                        "ci_low": low[topic],
                        "ci_high": high[topic],
                        "reason": "" if cell.shape[1] > 1 else f"few_docs: {cell.shape[1]} < 2",
                    }
                )
    rows.sort(key=lambda row: (row["topic"], row["group"] != "all", row["group"], row["year"]))
    return rows


# --- word assignments: dynamics and concept tokens -----------------------------------------


def expected_topic_word_counts(
    gamma: np.ndarray,
    lam: np.ndarray,
    corpus,
    labels: Sequence[str],
) -> dict[str, np.ndarray]:
    """Expected topic-word token counts (K x V) summed over the documents of each label.

    ``corpus`` yields each document's bag of words in the order of ``gamma``'s rows.
    """
    exp_beta = exp_expected_log(lam)
    exp_theta = exp_expected_log(gamma)
    counts = {label: np.zeros_like(lam, dtype=float) for label in sorted(set(labels))}
    for document, (bow, label) in enumerate(zip(corpus, labels, strict=True)):
        if not bow:
            continue
        ids = np.array([word_id for word_id, _ in bow], dtype=int)
        numbers = np.array([count for _, count in bow], dtype=float)
        weights = exp_beta[:, ids] * exp_theta[document][:, None]
        counts[label][:, ids] += weights / weights.sum(axis=0, keepdims=True) * numbers
    return counts


def dynamics_rows(
    counts_by_period: Mapping[str, np.ndarray],
    period_order: Sequence[str],
    vocabulary: Sequence[str],
    *,
    topn: int,
) -> list[dict[str, Any]]:
    """dynamics.csv rows: ``topic, period, rank, word, weight`` (weight: share of the topic's
    expected tokens in that period), for periods in ``period_order`` that have documents."""
    rows = []
    order = {name: index for index, name in enumerate(period_order)}
    periods = sorted(counts_by_period, key=lambda name: (order.get(name, len(order)), name))
    topics = next(iter(counts_by_period.values())).shape[0] if counts_by_period else 0
    for topic in range(topics):
        for period in periods:
            row = counts_by_period[period][topic]
            total = row.sum()
            if total <= 0:
                continue
            for rank, index in enumerate(ranked(row, vocabulary, topn=topn), start=1):
                rows.append(
                    {
                        "topic": topic + 1,
                        "period": period,
                        "rank": rank,
                        "word": vocabulary[index],
                        "weight": row[index] / total,
                    }
                )
    return rows


DEFAULT_CONCEPTS: dict[str, list[str]] = {
    "co-production": [r"\bco[- ]?produc(?:e|ed|es|ing|tion|tions|tive)\b"],
    "co-creation": [r"\bco[- ]?creat(?:e|ed|es|ing|ion|ions|ive)\b"],
    "co-design": [r"\bco[- ]?design(?:s|ed|ing|er|ers)?\b"],
}
_REGEX_CHARACTERS = set("\\[](){}*+?|^$")


def concept_patterns(raw: Any) -> dict[str, re.Pattern[str]]:
    """Compile concept matchers from the terms stage's config, or the defaults.

    Accepts ``{name: regex | [regex or plain variant, ...] | {patterns|regex|variants|terms:
    [...]}}`` or a list of ``{name, patterns|...}``. A plain variant (no regex characters)
    matches as a whole word, with its hyphens or spaces optional.
    """
    if not raw:
        raw = DEFAULT_CONCEPTS
    if isinstance(raw, list):
        raw = {entry["name"]: entry for entry in raw}
    compiled = {}
    for name, entry in raw.items():
        if isinstance(entry, Mapping):
            entry = next(
                (entry[key] for key in ("patterns", "regex", "variants", "terms") if key in entry),
                [],
            )
        items = [entry] if isinstance(entry, str) else list(entry)
        parts = []
        for item in items:
            if set(item) & _REGEX_CHARACTERS:
                parts.append(f"(?:{item})")
            else:
                words = re.split(r"[- ]+", item.lower())
                parts.append(r"\b" + r"[- ]?".join(map(re.escape, words)) + r"\b")
        if parts:
            compiled[str(name)] = re.compile("|".join(parts))
    return dict(sorted(compiled.items()))


def concept_word_ids(
    patterns: Mapping[str, re.Pattern[str]], vocabulary: Sequence[str]
) -> dict[str, list[int]]:
    """The vocabulary ids of each concept's words (phrases' underscores read as spaces)."""
    return {
        name: [
            index for index, word in enumerate(vocabulary) if pattern.search(word.replace("_", " "))
        ]
        for name, pattern in patterns.items()
    }


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation, NaN when either side is constant."""
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def concept_topic_rows(
    theta: np.ndarray,
    periods: Sequence[str],
    hits: Mapping[str, np.ndarray],
    tokens: np.ndarray,
    token_counts: Mapping[str, Mapping[str, np.ndarray]],
    period_order: Sequence[str],
) -> list[dict[str, Any]]:
    """concept_topics.csv rows, per concept, period (and ``all``) and topic.

    ``hits[concept]``: concept hits per document; ``tokens``: tokens per document;
    ``token_counts[concept][period]``: expected concept tokens per topic (length K), or an
    empty mapping when the concept's words are not in the model's vocabulary.
    Columns: docs, docs_with_concept, hits, share (mean topic share of the period's
    documents), weighted_share (mean share weighting each document by its concept hits),
    lift (weighted_share / share), correlation (Pearson r across the period's documents of
    topic share with concept hits per 10,000 tokens), token_share (share of the concept's
    tokens assigned to the topic).
    """
    periods = np.asarray(periods)
    order = {name: index for index, name in enumerate(period_order)}
    names = sorted(set(periods.tolist()), key=lambda name: (order.get(name, len(order)), name))
    rows = []
    for concept in sorted(hits):
        counts = np.asarray(hits[concept], dtype=float)
        rate = np.divide(counts * 10_000, tokens, out=np.zeros_like(counts), where=tokens > 0)
        for period in ["all", *names]:
            mask = np.ones(len(periods), bool) if period == "all" else periods == period
            share = theta[mask].mean(axis=0)
            weight = counts[mask]
            weighted = (
                (theta[mask] * weight[:, None]).sum(axis=0) / weight.sum()
                if weight.sum() > 0
                else np.full(theta.shape[1], np.nan)
            )
            assigned = token_counts.get(concept, {}).get(period)
            assigned_share = (
                assigned / assigned.sum()
                if assigned is not None and assigned.sum() > 0
                else np.full(theta.shape[1], np.nan)
            )
            for topic in range(theta.shape[1]):
                rows.append(
                    {
                        "concept": concept,
                        "period": period,
                        "topic": topic + 1,
                        "docs": int(mask.sum()),
                        "docs_with_concept": int((weight > 0).sum()),
                        "hits": int(weight.sum()),
                        "share": share[topic],
                        "weighted_share": weighted[topic],
                        "lift": weighted[topic] / share[topic] if share[topic] > 0 else np.nan,
                        "correlation": pearson(theta[mask, topic], rate[mask]),
                        "token_share": assigned_share[topic],
                    }
                )
    return rows
