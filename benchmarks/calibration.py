"""Calibration of the rate intervals and change tests, at full size (the tests run a small one).

Usage (from the repository root):

    PYTHONPATH=workflow python benchmarks/calibration.py [--replicates N] [--seed S]

Prints a Markdown table for BENCHMARKS.md:

- coverage of the 95% intervals of year x doc_type cells by documents a cell (1, 2, 3, 5, 10,
  20), and of the standardised ``all`` rate, for gamma-distributed documents' rates (shape 0.7,
  the model's own assumption) and log-normal ones with the same spread (not assumed);
- the false-positive rate (p < 0.05) of the period test under a constant rate with a drifting
  doc_type mix, and of the event test under a steady trend (8% a year) without a step, for
  the ``all`` group (doc_type effects) and one doc_type;
- the power of the same tests for a planted change (x2 and x3).

Corpora: policytext.terms.calibration (two doc_types with threefold different rates, log-normal
lengths around 4,000 tokens, about 1 and 3 expected hits a document).
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Iterator

from policytext.terms.calibration import change_rejections, rate_coverage


def coverage_lines(*, replicates: int, seed: int) -> Iterator[str]:
    """Rows of the coverage table, each as soon as it is measured."""
    yield "| documents a cell | spread | cells | coverage | `all` years | `all` coverage |"
    yield "|---:|---|---:|---:|---:|---:|"
    for spread in ("gamma", "lognormal"):
        for docs in (1, 2, 3, 5, 10, 20):
            cells, standardised = rate_coverage(
                docs_per_cell=docs, replicates=replicates, seed=seed + docs, spread=spread
            )
            yield (
                f"| {docs} | {spread} | {cells.total} | {cells.share:.3f} | "
                f"{standardised.total} | {standardised.share:.3f} |"
            )


def error_lines(*, replicates: int, seed: int) -> Iterator[str]:
    """Rows of the false-positive and power table, each as soon as it is measured."""
    yield "| test | group | spread | planted ratio | tests | rejected (p < 0.05) |"
    yield "|---|---|---|---:|---:|---:|"
    cases = [
        ("period", 1.0, 1.0),
        ("event", 1.0, 1.08),
        ("period", 2.0, 1.0),
        ("event", 2.0, 1.08),
        ("event", 3.0, 1.08),
    ]
    for kind, ratio, trend in cases:
        for group, spread in (("all", "gamma"), ("government", "gamma"), ("all", "lognormal")):
            result = change_rejections(
                kind=kind,
                ratio=ratio,
                yearly_trend=trend,
                replicates=replicates,
                seed=seed,
                spread=spread,
                group=group,
            )
            yield (
                f"| {kind} | {group} | {spread} | {ratio:g} | {result.total} | {result.share:.3f} |"
            )


def main() -> None:
    """Run both tables and print them with the time taken."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicates", type=int, default=200, help="corpora per setting")
    parser.add_argument("--seed", type=int, default=20_000)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # statsmodels' convergence chatter on tiny designs
    start = time.process_time()
    for line in coverage_lines(replicates=args.replicates, seed=args.seed):
        print(line, flush=True)
    print()
    for line in error_lines(replicates=args.replicates, seed=args.seed):
        print(line, flush=True)
    print(f"\nCPU time: {time.process_time() - start:.0f} s")


if __name__ == "__main__":
    main()
