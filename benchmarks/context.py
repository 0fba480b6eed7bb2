"""Benchmark the context stage: time and peak memory by corpus size, and calibration.

Scale: writes a planted-framing corpus of N documents as tokens files directly (no PDF;
``tests/context/planted.py``, with a 5,000-word filler vocabulary, 30 paragraphs of 60
tokens and 4 mentions per document) for the first size, and tiles it (copies under new ids)
for the larger sizes, then runs ``policytext context-vectors`` and
``policytext context-effects`` as separate single-threaded processes (as Snakemake does)
with the default config (dim 100, 10 epochs, 200 bootstrap draws, 500 permutations), and
reports each step's wall time and peak memory (the child's maximum resident set size).

Calibration: ``--replicates R`` builds R small planted corpora (new corpus and new placebo
labels each time, vectors retrained), runs the whole stage on each and reports how often
the doc_type effect (planted) and the placebo (random labels) have p < 0.05. ``relabel``
does the same for the placebo alone, cheaply: one corpus, many fresh random labelings.

    nice -n 10 python benchmarks/context.py scale --docs 1000 5000 --out /tmp/context-bench
    nice -n 10 python benchmarks/context.py calibrate --replicates 100 --out /tmp/context-cal
    nice -n 10 python benchmarks/context.py relabel --replicates 1000 --out /tmp/context-relabel
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from child_process import run_policytext

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "workflow"), str(ROOT)]
#: The sizes the workflow runs with by default (the schema's defaults).
DEFAULT_SIZES = ("dim", "epochs", "min_count", "bootstrap_n", "permutations")


def default_sizes() -> dict[str, object]:
    """The schema's defaults of the options that set the stage's cost."""
    from policytext.schema import section_defaults

    defaults = section_defaults("context")
    return {key: defaults[key] for key in DEFAULT_SIZES}


def run_stage(corpus, out: Path, options: dict) -> dict[str, tuple[float, float, float]]:
    """Both data steps of the stage on ``corpus``; timings by step."""
    text = json.dumps(options)
    common = ["--documents", str(corpus.documents_csv), "--tokens-dir", str(corpus.tokens_dir)]
    model = out / "model"
    return {
        "vectors": run_policytext(
            ["context-vectors", *common, "--options", text, "--out-dir", str(model)]
        ),
        "effects": run_policytext(
            [
                "context-effects",
                *common,
                "--model-dir",
                str(model),
                "--options",
                text,
                "--out-dir",
                str(out),
            ]
        ),
    }


def tile_corpus(base, folder: Path, *, docs: int):
    """A larger corpus made of copies of ``base``'s documents under new ids (fast to write;
    speed and memory depend on the number of tokens and documents, not on their variety)."""
    from policytext.io import read_table, write_table
    from tests.context.planted import DOCUMENT_COLUMNS, PlantedCorpus

    rows = read_table(base.documents_csv)
    tokens_dir = folder / "tokens"
    tokens_dir.mkdir(parents=True, exist_ok=True)
    tiled = []
    for number in range(docs):
        row = dict(rows[number % len(rows)])
        source = base.tokens_dir / f"{row['doc_id']}.txt"
        row["doc_id"] = f"doc{number:05d}"
        (tokens_dir / f"{row['doc_id']}.txt").write_bytes(source.read_bytes())
        tiled.append(row)
    documents_csv = write_table(folder / "documents.csv", tiled, DOCUMENT_COLUMNS)
    return PlantedCorpus(documents_csv, tokens_dir, base.vocabulary_a, base.vocabulary_b)


def scale(args: argparse.Namespace) -> None:
    """Time and memory of the stage at each corpus size (the first size is generated, the
    larger ones tiled from it)."""
    from tests.context.planted import planted_corpus, planted_options

    base = None
    for docs in args.docs:
        folder = args.out / f"docs{docs}"
        started = time.perf_counter()
        if base is None:
            base = planted_corpus(
                folder,
                documents=docs,
                paragraphs=30,
                paragraph_tokens=60,
                filler_words=5000,
                framing_words=30,
                seed=1,
            )
            corpus = base
        else:
            corpus = tile_corpus(base, folder, docs=docs)
        written = time.perf_counter() - started
        tokens = sum(
            len(line.split())
            for path in corpus.tokens_dir.iterdir()
            for line in path.read_text().splitlines()
        )
        timings = run_stage(corpus, folder, planted_options(**default_sizes()))
        print(
            f"{docs} documents, {tokens:,} tokens (corpus written in {written:.0f} s)", flush=True
        )
        for step, (seconds, cpu, memory) in timings.items():
            print(
                f"  {step:8s} wall {seconds / 60:6.2f} min  CPU {cpu / 60:6.2f} min"
                f"  peak {memory:7.0f} MB",
                flush=True,
            )


def calibrate(args: argparse.Namespace) -> None:
    """How often the planted effect and the placebo are significant over fresh corpora."""
    from policytext.io import read_table
    from tests.context.planted import planted_corpus, planted_options

    found = {"doc_type": 0, "placebo": 0}
    for replicate in range(args.replicates):
        folder = args.out / f"replicate{replicate:03d}"
        corpus = planted_corpus(folder, documents=60, seed=1000 + replicate)
        run_stage(corpus, folder, planted_options(permutations=199, bootstrap_n=20))
        for row in read_table(folder / "effects.csv"):
            if row["covariate"] in found and row["p_value"]:
                found[row["covariate"]] += float(row["p_value"]) < 0.05
    for covariate, count in found.items():
        print(
            f"{covariate}: p < 0.05 in {count} of {args.replicates} replicates "
            f"({100 * count / args.replicates:.1f}%)"
        )


def relabel(args: argparse.Namespace) -> None:
    """Placebo false positives over many fresh random labels on one planted corpus.

    The corpus, vectors and mention embeddings are made once; each replicate draws new
    placebo labels and fits doc_type + placebo together, as the stage does.
    """
    import numpy as np

    from tests.context.planted import placebo_p_values, planted_corpus, planted_options

    corpus = planted_corpus(args.out / "corpus", documents=60, seed=11)
    run_stage(corpus, args.out / "corpus", planted_options())
    p_values = placebo_p_values(
        corpus,
        args.out / "corpus" / "model",
        replicates=args.replicates,
        permutations=args.permutations,
        seed=args.seed,
    )
    p_values = np.array(p_values)
    for alpha in (0.01, 0.05, 0.10):
        print(f"placebo p < {alpha}: {100 * np.mean(p_values < alpha):.1f}% of {len(p_values)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    scale_parser = commands.add_parser("scale", help="time and memory by corpus size")
    scale_parser.add_argument("--docs", type=int, nargs="+", default=[1000, 5000])
    calibrate_parser = commands.add_parser("calibrate", help="power and placebo false positives")
    calibrate_parser.add_argument("--replicates", type=int, default=100)
    relabel_parser = commands.add_parser("relabel", help="placebo over many random labelings")
    relabel_parser.add_argument("--replicates", type=int, default=1000)
    relabel_parser.add_argument("--permutations", type=int, default=199)
    relabel_parser.add_argument("--seed", type=int, default=1)
    for sub in (scale_parser, calibrate_parser, relabel_parser):
        sub.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    {"scale": scale, "calibrate": calibrate, "relabel": relabel}[args.command](args)


if __name__ == "__main__":
    main()
