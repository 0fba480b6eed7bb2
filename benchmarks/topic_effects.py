"""Calibrate the topic-effects intervals and contrasts on simulated document-topic posteriors.

Run: ``python benchmarks/topic_effects.py [--replicates 100]`` (prints a Markdown table).

Each replicate draws a corpus of ``years x doc_types x docs_per_cell`` documents. A
document's topic shares are Dirichlet around its cell's true mean (concentration 5: the
documents of one year and sector differ a lot, as real documents do), and the model's
posterior for the document is Dirichlet(shares x 100) (the uncertainty of a fitted topic
model about a document of a few hundred words). The true mean share of topic 1 follows a
logistic curve in year, rising in ``third_sector`` only (the planted divergence); topic 2
is flat everywhere; topic 3 takes the rest.

Measured: coverage of the 95% intervals of effects_by_year.csv (the true mean share at
every year and doc_type), coverage of the period contrasts' intervals, the share of
significant contrasts for the flat topic (false positives; it must stay near or under
``fdr``), and the power to find the planted third-sector rise. With ``--seed-shift`` a
second "seed" with shares shifted by that much on the logit scale is pooled, to show how
the seed-to-seed variation widens the intervals.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.special import expit

from policytext.topics.effects import effect_tables

YEARS = np.arange(2010, 2020)
KINDS = ("audit", "government", "third_sector")
LABELS = ["T1: rises in third_sector", "T2: flat", "T3: the rest"]


def true_means(year: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """True mean shares (n x 3) for documents of the given years and doc_types."""
    position = (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
    rising = np.where(kind == "third_sector", -1.6 + 2.0 * position, -1.6)
    first = expit(rising)
    second = np.full(len(year), 0.25)
    return np.column_stack([first, second, 1 - first - second])


def simulate(rng: np.random.Generator, *, docs_per_cell: int):
    """Years, doc_types, periods and the posterior gamma of one simulated corpus."""
    year = np.repeat(YEARS, len(KINDS) * docs_per_cell)
    kind = np.tile(np.repeat(KINDS, docs_per_cell), len(YEARS))
    means = true_means(year, kind)
    shares = np.array([rng.dirichlet(5 * mean) for mean in means])
    shares = np.clip(shares, 1e-4, None)
    gamma = shares / shares.sum(axis=1, keepdims=True) * 100
    period = np.where(year < 2015, "early", "late")
    return year, kind, period, gamma


def shifted(gamma: np.ndarray, shift: float) -> np.ndarray:
    """A disagreeing seed: topic 1's share moved by ``shift`` on the logit scale."""
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    first = expit(np.log(theta[:, 0] / (1 - theta[:, 0])) + shift)
    rest = theta[:, 1:] / theta[:, 1:].sum(axis=1, keepdims=True) * (1 - first)[:, None]
    return np.column_stack([first, rest]) * gamma.sum(axis=1, keepdims=True)


def truth_of_contrast(kind: str) -> np.ndarray:
    """True late-minus-early change in mean share per topic for a doc_type (or ``all``)."""
    kinds = KINDS if kind == "all" else (kind,)
    early = YEARS[YEARS < 2015]
    late = YEARS[YEARS >= 2015]

    def mean_over(years):
        return np.mean(
            [true_means(years, np.full(len(years), name)).mean(axis=0) for name in kinds], axis=0
        )

    return mean_over(late) - mean_over(early)


def run(replicates: int, *, docs_per_cell: int, simulations: int, seed_shift: float) -> dict:
    """Coverage, false positives and power over ``replicates`` simulated corpora."""
    rng = np.random.default_rng(2024)
    covered, cells, contrast_covered, contrasts = 0, 0, 0, 0
    flat_significant, flat_tests, rise_found, widths = 0, 0, 0, []
    started = time.perf_counter()
    for replicate in range(replicates):
        year, kind, period, gamma = simulate(rng, docs_per_cell=docs_per_cell)
        gammas = [gamma] if not seed_shift else [gamma, shifted(gamma, seed_shift)]
        result = effect_tables(
            gammas,
            year.tolist(),
            kind.tolist(),
            period.tolist(),
            labels=LABELS,
            period_order=["early", "late"],
            df=4,
            simulations=simulations,
            seed=replicate,
        )
        for row in result.by_year:
            truth = true_means(np.array([row["year"]]), np.array([row["doc_type"]]))[0]
            covered += row["ci_low"] <= truth[row["topic"] - 1] <= row["ci_high"]
            cells += 1
            widths.append(row["ci_high"] - row["ci_low"])
        for row in result.contrasts:
            truth = truth_of_contrast(row["group"])[row["topic"] - 1]
            contrast_covered += row["ci_low"] <= truth <= row["ci_high"]
            contrasts += 1
            if row["topic"] == 2:
                flat_tests += 1
                flat_significant += row["significant"]
            if row["topic"] == 1 and row["group"] == "third_sector":
                rise_found += row["significant"] and row["difference"] > 0
    return {
        "replicates": replicates,
        "docs": len(YEARS) * len(KINDS) * docs_per_cell,
        "coverage_by_year": covered / cells,
        "coverage_contrasts": contrast_covered / contrasts,
        "false_positive_rate_flat_topic": flat_significant / flat_tests,
        "power_third_sector_rise": rise_found / replicates,
        "mean_width_by_year": float(np.mean(widths)),
        "seconds_per_replicate": (time.perf_counter() - started) / replicates,
    }


def main() -> None:
    """Parse arguments, run, print one Markdown table row per setting."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=100)
    parser.add_argument("--simulations", type=int, default=100)
    arguments = parser.parse_args()
    print(
        "| docs per cell | seed shift | docs | coverage by year | coverage of contrasts "
        "| false positives (flat topic) | power (third-sector rise) | mean width | s/replicate |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for docs_per_cell, shift in ((2, 0.0), (4, 0.0), (4, 0.5)):
        result = run(
            arguments.replicates,
            docs_per_cell=docs_per_cell,
            simulations=arguments.simulations,
            seed_shift=shift,
        )
        print(
            f"| {docs_per_cell} | {shift} | {result['docs']} | {result['coverage_by_year']:.3f} "
            f"| {result['coverage_contrasts']:.3f} "
            f"| {result['false_positive_rate_flat_topic']:.3f} "
            f"| {result['power_third_sector_rise']:.2f} | {result['mean_width_by_year']:.3f} "
            f"| {result['seconds_per_replicate']:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
