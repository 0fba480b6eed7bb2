"""Choosing the number of topics: fit LDA over K x seeds, score each fit, pick K by a rule.

Each fit is a gensim ``LdaModel`` (not ``LdaMulticore``, whose results change with the
worker count) with ``random_state`` set to the seed, so the same corpus and settings give
the same model. Three scores per fit:

- **coherence**: gensim's ``c_npmi`` (normalised PMI of the topic's top words in a sliding
  window of 10 terms over the documents), averaged over topics; computed in one process so
  that it does not depend on how the texts are split between workers.
- **diversity**: the share of distinct words among the top 25 words of all topics
  (Dieng et al. 2020); 1 means no two topics share a top word.
- **stability**: how well the fit's topics are found again with another seed at the same K:
  topics of two runs are paired one-to-one (Hungarian matching on the Jaccard similarity of
  their top ``top_n`` word sets) and the matched similarities averaged; a run's stability is
  the mean over every other seed.

**Minimum data** (:func:`k_limit`): a model needs at least ``min_documents`` documents, and K
topics need at least ``min_units_per_topic`` fitting units and ``min_words_per_topic``
vocabulary words each; a K above that limit is not fitted (its selection.csv row says why).

**The rule for K** (:func:`choose_k`): among the K whose mean stability over seeds is at
least ``stability_threshold``, take the K with the highest mean coherence; a tie (to 3
decimals) goes to the smaller K. When no K is fitted, or none is stable enough, the stage
reports that no stable topic structure was found (:data:`NO_STRUCTURE`) and writes its
tables as reason rows. ``topics.k`` set to an integer overrides the rule (not the limit).
The final model is refitted at the chosen K with the seed whose run reached the best value
of the model's own objective, the variational bound on the log-likelihood per word of the
fitting units (``bound``; ties: the smaller seed). LDA's fits from different seeds are local
optima of that objective, and on the demo corpus at K = 6 the best-bound run was the one
that kept the small pandemic theme apart, while the most coherent and the most typical runs
had merged it into a neighbour. Refitting with that seed reproduces the sweep fit exactly.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from policytext.errors import UserError

logger = logging.getLogger(__name__)

DIVERSITY_TOP = 25
SELECTION_COLUMNS = (
    "k",
    "seed",
    "bound",
    "coherence_npmi",
    "diversity",
    "stability",
    "k_mean_coherence",
    "k_mean_stability",
    "eligible",
    "chosen",
    "reason",
)
#: The sentence every table and figure carries when no K passes.
NO_STRUCTURE = "no stable topic structure was found"


def k_limit(*, documents: int, units: int, vocabulary: int, options: Mapping[str, Any]) -> int:
    """The largest K the data allow (0 when there are too few documents for any model)."""
    if documents < int(options.get("min_documents", 5)):
        return 0
    return min(
        units // int(options.get("min_units_per_topic", 10)),
        vocabulary // int(options.get("min_words_per_topic", 10)),
    )


def limit_reason(
    k: int, *, documents: int, units: int, vocabulary: int, options: Mapping[str, Any]
) -> str:
    """Why K is not fitted (empty when the data allow it)."""
    limit = k_limit(documents=documents, units=units, vocabulary=vocabulary, options=options)
    if k <= limit:
        return ""
    if limit == 0 and documents < int(options.get("min_documents", 5)):
        return f"few_docs: {documents} < {options.get('min_documents', 5)} (topics.min_documents)"
    return (
        f"k_exceeds_data: K={k} > {limit} ({units} units / "
        f"{options.get('min_units_per_topic', 10)} per topic, {vocabulary} words / "
        f"{options.get('min_words_per_topic', 10)} per topic)"
    )


def fit_lda(corpus, dictionary, *, k: int, seed: int, options: Mapping[str, Any]):
    """Fit one gensim LdaModel with the config's passes, iterations, alpha and chunk size."""
    from gensim.models import LdaModel

    return LdaModel(
        corpus=corpus,
        id2word=dictionary,
        num_topics=int(k),
        random_state=int(seed),
        passes=int(options.get("passes", 10)),
        iterations=int(options.get("iterations", 100)),
        chunksize=int(options.get("chunksize", 2000)),
        alpha=options.get("alpha", "symmetric"),
        eta=None,
        eval_every=None,
        minimum_probability=0.0,
    )


def save_state(model, path) -> None:
    """Write what inference needs from a fitted model: its sufficient statistics and alpha.

    ``topics-model`` restores the chosen K's fits from these files (:func:`restore_lda`)
    instead of fitting them again.
    """
    _write_state(path, sstats=model.state.sstats, alpha=np.asarray(model.alpha))


def save_no_state(path) -> None:
    """The state file of a K the data do not allow: empty arrays."""
    _write_state(path, sstats=np.zeros((0, 0)), alpha=np.zeros(0))


def _write_state(path, *, sstats: np.ndarray, alpha: np.ndarray) -> None:
    """The arrays :func:`restore_lda` reads (``np.savez`` to an open file: same bytes for
    the same arrays)."""
    with open(path, "wb") as handle:
        np.savez(handle, sstats=sstats, alpha=alpha)


def restore_lda(path, dictionary, *, k: int, seed: int, options: Mapping[str, Any]):
    """The model :func:`fit_lda` fitted, rebuilt from :func:`save_state`'s file.

    The rebuilt model's topic-word parameters and alpha equal the fitted one's, so its
    ``inference`` gives the same document shares from the same random state.
    """
    from gensim.models import LdaModel

    with np.load(path) as saved:
        sstats, alpha = saved["sstats"], saved["alpha"]
    if sstats.shape != (int(k), len(dictionary)):
        raise UserError(
            f"{path}: holds a fit of shape {sstats.shape}, not K={k} x {len(dictionary)} words; "
            "the topic corpus changed after the sweep: rerun the workflow"
        )
    model = LdaModel(
        id2word=dictionary,
        num_topics=int(k),
        random_state=int(seed),
        iterations=int(options.get("iterations", 100)),
        alpha=options.get("alpha", "symmetric"),
        eta=None,
        minimum_probability=0.0,
    )
    model.state.sstats[...] = sstats
    model.alpha = alpha.astype(model.dtype)
    model.sync_state()
    return model


def top_words(model, *, topn: int) -> list[list[str]]:
    """Each topic's ``topn`` most probable words; ties broken by the word itself."""
    matrix = model.get_topics()
    vocabulary = [model.id2word[index] for index in range(matrix.shape[1])]
    words = []
    for row in matrix:
        order = sorted(range(len(row)), key=lambda index: (-float(row[index]), vocabulary[index]))
        words.append([vocabulary[index] for index in order[:topn]])
    return words


def npmi_coherence(topics: Sequence[Sequence[str]], texts, dictionary) -> list[float]:
    """Per-topic c_npmi coherence of word lists over the documents' terms (one process)."""
    from gensim.models import CoherenceModel

    scorer = CoherenceModel(
        topics=[list(words) for words in topics],
        texts=texts,
        dictionary=dictionary,
        coherence="c_npmi",
        topn=len(topics[0]),
        processes=1,
    )
    return [float(value) for value in scorer.get_coherence_per_topic()]


def topic_diversity(topics: Sequence[Sequence[str]], *, top: int = DIVERSITY_TOP) -> float:
    """Share of distinct words among the top ``top`` words of all topics.

    >>> topic_diversity([["a", "b"], ["b", "c"]], top=2)
    0.75
    """
    words = [word for topic in topics for word in topic[:top]]
    return len(set(words)) / len(words) if words else float("nan")


def jaccard(first: Sequence[str], second: Sequence[str]) -> float:
    """Jaccard similarity of two word sets."""
    a, b = set(first), set(second)
    return len(a & b) / len(a | b) if a | b else 1.0


def matched_similarity(run_a: Sequence[Sequence[str]], run_b: Sequence[Sequence[str]]) -> float:
    """Mean Jaccard similarity of topics paired one-to-one between two runs (Hungarian).

    >>> matched_similarity([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]])
    1.0
    """
    from scipy.optimize import linear_sum_assignment

    similarity = np.array([[jaccard(a, b) for b in run_b] for a in run_a])
    rows, cols = linear_sum_assignment(-similarity)
    return float(similarity[rows, cols].mean())


def stability_by_seed(runs: Mapping[int, Sequence[Sequence[str]]]) -> dict[int, float]:
    """Each seed's mean matched similarity to every other seed's run at the same K.

    With one seed there is nothing to compare and stability is NaN.
    """
    seeds = sorted(runs)
    pair = {}
    for a, b in itertools.combinations(seeds, 2):
        pair[a, b] = pair[b, a] = matched_similarity(runs[a], runs[b])
    return {
        seed: (float(np.mean([pair[seed, other] for other in seeds if other != seed])))
        if len(seeds) > 1
        else float("nan")
        for seed in seeds
    }


def per_word_bound(model, corpus, *, chunksize: int = 2000) -> float:
    """The variational lower bound on the log-likelihood per word of ``corpus`` (streamed)."""
    total, words = 0.0, 0
    chunk: list[Any] = []
    for bow in corpus:
        chunk.append(bow)
        if len(chunk) == chunksize:
            total += float(model.bound(chunk))
            words += sum(count for document in chunk for _, count in document)
            chunk = []
    if chunk:
        total += float(model.bound(chunk))
        words += sum(count for document in chunk for _, count in document)
    return total / words if words else float("nan")


def score_fit(model, prepared, *, k: int, seed: int, top_n: int) -> dict[str, Any]:
    """The record one sweep job writes: bound, diversity and the top words.

    Coherence is added later for every fit at once (:func:`add_coherence`).
    """
    words = top_words(model, topn=max(top_n, DIVERSITY_TOP))
    return {
        "k": int(k),
        "seed": int(seed),
        "bound": per_word_bound(model, prepared.corpus),
        "diversity": topic_diversity(words),
        "top_words": [topic[:top_n] for topic in words],
    }


def add_coherence(records: Sequence[dict[str, Any]], texts, dictionary) -> None:
    """Give every fitted record its c_npmi coherence, counted in one pass over the texts.

    gensim counts the sliding windows of each tracked word and word pair; a pair's count
    does not depend on which other words are tracked, so scoring the topics of every fit
    together gives each fit the value it would get alone, for the cost of one pass.
    """
    fitted = [record for record in records if "top_words" in record]
    topics = [topic for record in fitted for topic in record["top_words"]]
    if not topics:
        return
    coherence = iter(npmi_coherence(topics, texts, dictionary))
    for record in fitted:
        per_topic = [next(coherence) for _ in record["top_words"]]
        record["coherence_npmi"] = float(np.mean(per_topic))
        record["coherence_per_topic"] = per_topic


def choose_k(rows: Sequence[Mapping[str, Any]], *, threshold: float) -> tuple[int, str]:
    """Apply the documented rule to per-K means; returns (K, a sentence saying why).

    K is 0 when no fitted K is stable enough (the sentence then starts with
    :data:`NO_STRUCTURE`).
    """
    by_k: dict[int, dict[str, float]] = {}
    for row in rows:
        if row.get("reason", "").startswith(("k_exceeds_data", "few_docs")):
            continue
        by_k[int(row["k"])] = {
            "coherence": float(row["k_mean_coherence"]),
            "stability": float(row["k_mean_stability"]),
        }
    ks = sorted(by_k)
    if not ks:
        return 0, f"{NO_STRUCTURE}: no K in the sweep is allowed by the data"
    eligible = [
        k for k in ks if not np.isnan(by_k[k]["stability"]) and by_k[k]["stability"] >= threshold
    ]
    # NaN stability (a single seed) cannot be judged: every K is then eligible.
    if all(np.isnan(by_k[k]["stability"]) for k in ks):
        eligible = ks
    if eligible:
        best = max(eligible, key=lambda k: (round(by_k[k]["coherence"], 3), -k))
        return best, (
            f"K={best}: highest mean c_npmi ({by_k[best]['coherence']:.3f}) among K with mean "
            f"stability >= {threshold} ({', '.join(map(str, eligible))})"
        )
    best = max(ks, key=lambda k: (round(by_k[k]["stability"], 3), -k))
    return 0, (
        f"{NO_STRUCTURE}: no K reached mean stability {threshold} "
        f"(the most stable, K={best}, {by_k[best]['stability']:.3f})"
    )


def selection_table(
    records: Sequence[Mapping[str, Any]], *, threshold: float, fixed_k: int | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """selection.csv rows (sorted by K, seed) and the choice {k, seed, reason}.

    A record with ``skipped`` (a K the data do not allow) gives a row with empty scores and
    that reason. The choice's K is 0 when no K passes.
    """
    runs_by_k: dict[int, dict[int, Any]] = {}
    for record in records:
        runs_by_k.setdefault(int(record["k"]), {})[int(record["seed"])] = record
    rows = []
    for k in sorted(runs_by_k):
        runs = runs_by_k[k]
        if any(run.get("skipped") for run in runs.values()):
            rows += [skipped_row(runs[seed]) for seed in sorted(runs)]
            continue
        stability = stability_by_seed({seed: runs[seed]["top_words"] for seed in runs})
        mean_coherence = float(np.mean([runs[seed]["coherence_npmi"] for seed in runs]))
        mean_stability = float(np.mean(list(stability.values())))
        eligible = bool(np.isnan(mean_stability) or mean_stability >= threshold)
        for seed in sorted(runs):
            rows.append(
                {
                    "k": k,
                    "seed": seed,
                    "bound": runs[seed].get("bound", float("nan")),
                    "coherence_npmi": runs[seed]["coherence_npmi"],
                    "diversity": runs[seed]["diversity"],
                    "stability": stability[seed],
                    "k_mean_coherence": mean_coherence,
                    "k_mean_stability": mean_stability,
                    "eligible": eligible,
                    "reason": "" if eligible else f"unstable: {mean_stability:.3f} < {threshold}",
                }
            )
    if fixed_k is not None:
        allowed = any(
            row["k"] == fixed_k and not row["reason"].startswith(("k_exceeds", "few_docs"))
            for row in rows
        )
        chosen_k, reason = (
            (int(fixed_k), f"K={fixed_k}: set in the config (topics.k)")
            if allowed
            else (0, f"{NO_STRUCTURE}: the configured K={fixed_k} exceeds what the data allow")
        )
    else:
        chosen_k, reason = choose_k(rows, threshold=threshold)
    at_k = [row for row in rows if row["k"] == chosen_k]
    seed = (
        max(
            at_k,
            key=lambda row: (
                -np.inf if np.isnan(row["bound"]) else round(row["bound"], 6),
                -row["seed"],
            ),
        )["seed"]
        if at_k
        else min(int(record["seed"]) for record in records)
    )
    for row in rows:
        row["chosen"] = row["k"] == chosen_k and row["seed"] == seed
        if chosen_k == 0:
            row["reason"] = f"{NO_STRUCTURE}; {row['reason']}" if row["reason"] else NO_STRUCTURE
    return rows, {"k": chosen_k, "seed": int(seed), "reason": reason}


def skipped_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The selection.csv row of a K the data do not allow: empty scores and the reason."""
    blank = SELECTION_COLUMNS[2:8]  # bound .. k_mean_stability
    return {
        "k": int(record["k"]),
        "seed": int(record["seed"]),
        **dict.fromkeys(blank, float("nan")),
        "eligible": False,
        "reason": str(record["skipped"]),
    }
