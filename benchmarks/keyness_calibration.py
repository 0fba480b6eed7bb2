"""Calibration of the keyness test on simulated over-dispersed corpora (issue #12).

Null: documents are simulated without any difference (tests/support/overdispersed.py: Zipf
base rates, each document's rate of each word scaled by gamma(0.7), log-normal lengths), then
split at random into target and reference; a run "finds" something when any word is
significant at FDR 0.05. Power: the same corpora with ten words made ``boost`` times as
frequent in the target documents. For comparison, the token-level z of Monroe et al. (which
treats every token as independent) is tested the same way, with BH over the same words.

    nice python benchmarks/keyness_calibration.py --runs 100

prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policytext.terms.keyness import (  # noqa: E402
    ComparisonSets,
    DocumentWordStore,
    KeynessSettings,
    benjamini_hochberg,
    compare_sets,
    prior_log_odds_difference,
)
from tests.support.overdispersed import simulate_documents  # noqa: E402

PLANTED = [f"w{index}" for index in range(20, 30)]


def token_level_calls(store: DocumentWordStore, sets: ComparisonSets, settings) -> int:
    """Words significant by Monroe et al.'s own z (tokens independent), BH at ``fdr``."""
    counts = store.matrix(list(sets.target_rows) + list(sets.reference_rows))
    totals = np.asarray(counts.sum(axis=0)).ravel()
    docs = np.asarray((counts > 0).sum(axis=0)).ravel()
    tested = (totals >= settings.min_count) & (docs >= settings.min_word_docs)
    target = np.asarray(counts[: len(sets.target_rows)].sum(axis=0)).ravel()[tested]
    totals = totals[tested]
    doc_tokens = np.asarray(counts.sum(axis=1)).ravel()
    grand = float(doc_tokens.sum())
    target_total = float(doc_tokens[: len(sets.target_rows)].sum())
    delta = prior_log_odds_difference(
        target, np.array(target_total), totals, grand, prior_tokens=settings.prior_tokens
    )
    alpha = settings.prior_tokens * totals / grand
    z = delta / np.sqrt(1 / (target + alpha) + 1 / (totals - target + alpha))
    q = benjamini_hochberg(2 * stats.norm.sf(np.abs(z)))
    return int((q <= settings.fdr).sum())


def one_run(
    seed: int, *, documents: int, target: int, boost: float, settings, vocabulary: int = 400
) -> tuple:
    """(document-level calls, planted among them, token-level calls) of one simulated run."""
    rng = np.random.default_rng(seed)
    corpus = simulate_documents(
        documents=documents, vocabulary=vocabulary, rng=rng,
        boosted=range(20, 30), boost=boost, boosted_docs=range(target),
    )  # fmt: skip
    store = DocumentWordStore()
    for counts in corpus:
        store.add(counts)
    order = rng.permutation(documents) if boost == 1.0 else np.arange(documents)
    sets = ComparisonSets(
        "x", "t", "r", tuple(int(i) for i in order[:target]), tuple(int(i) for i in order[target:])
    )
    rows = compare_sets(store, sets, settings, rng=np.random.default_rng(seed + 10_000))
    called = {row["word"] for row in rows if row.get("significant")}
    return len(called), len(called & set(PLANTED)), token_level_calls(store, sets, settings)


def time_large_corpus() -> None:
    """Seconds and peak memory of one comparison of 2,000 documents over 3,000 words."""
    import resource

    settings = KeynessSettings(top_n=10**6)
    for boost in (1.0, 3.0):
        start = time.perf_counter()
        calls = one_run(1, documents=2000, target=1000, boost=boost, settings=settings,
                        vocabulary=3000)  # fmt: skip
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"boost {boost}: {time.perf_counter() - start:.0f} s (simulation included), "
            f"{calls[0]} words significant, {calls[1]} planted; peak RSS {peak:.0f} MB"
        )


def main() -> None:
    """Run every design and print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--scale", action="store_true", help="time one large corpus instead")
    args = parser.parse_args()
    if args.scale:
        time_large_corpus()
        return
    settings = KeynessSettings(top_n=10**6)
    designs = [
        ("null", 12, 6, 1.0),
        ("null", 40, 20, 1.0),
        ("null", 40, 8, 1.0),
        ("null", 100, 50, 1.0),
        ("planted x3", 40, 20, 3.0),
        ("planted x6", 40, 20, 6.0),
        ("planted x3", 100, 50, 3.0),
    ]
    print("| design | documents (target) | runs | runs with any call | planted found (mean of 10)"
          " | false calls (mean) | token-level z: runs with any call | seconds |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, documents, target, boost in designs:
        start = time.perf_counter()
        results = [
            one_run(seed, documents=documents, target=target, boost=boost, settings=settings)
            for seed in range(args.runs)
        ]
        called = np.array([r[0] for r in results])
        planted = np.array([r[1] for r in results])
        token = np.array([r[2] for r in results])
        false = called - planted if boost != 1.0 else called
        print(
            f"| {name} | {documents} ({target}) | {args.runs} | {(called > 0).mean():.0%} "
            f"| {planted.mean():.1f} | {false.mean():.2f} | {(token > 0).mean():.0%} "
            f"| {time.perf_counter() - start:.0f} |"
        )


if __name__ == "__main__":
    main()
