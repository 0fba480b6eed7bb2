"""Benchmark the topic stage's K sweep on a large demo corpus; prints numbers for BENCHMARKS.md.

Makes an N-document corpus with the demo generator's planner and layout (the truth text
only: no PDF is rendered, since the benchmark measures topics, not extraction), tokenises
it with the shared tokeniser, prepares the topic corpus once, then runs every K x seed fit
as its own ``policytext topics-fit`` process (as Snakemake does), ``--jobs`` at a time,
single-threaded. Reports wall time and peak memory of the corpus step and of each fit,
the sweep's total wall time, and the selection's chosen K.

    PYTHONPATH=workflow python benchmarks/topics.py --docs 1000 --jobs 2 --out /tmp/topics-bench
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from child_process import run_policytext

ROOT = Path(__file__).resolve().parents[1]


def write_corpus(folder: Path, *, docs: int, seed: int) -> float:
    """Truth texts of an N-document demo corpus, tokenised; returns seconds taken."""
    import yaml

    from policytext.demo.generator import lay_out, plan_documents, title_page, truth_paragraphs
    from policytext.demo.layout import register_fonts
    from policytext.io import write_table
    from policytext.periods import document_day, parse_periods, period_of
    from policytext.text.tokenize import tokenize_document, write_tokens

    started = time.perf_counter()
    periods = parse_periods(yaml.safe_load((ROOT / "config.yaml").read_text())["periods"])
    register_fonts()
    specs = plan_documents(
        n_docs=docs,
        seed=seed,
        first_year=2005,
        last_year=2024,
        min_pages=2,
        max_pages=20,
        bad_files=False,
    )
    rows = []
    for spec in specs:
        flow = lay_out(spec)
        title = title_page(spec)
        front = [title.kicker, title.title, title.publisher, title.date_line]
        text = "\n\n".join(truth_paragraphs(front, flow.pages, join=" ".join))
        write_tokens(folder / "tokens" / f"{spec.doc_id}.txt", tokenize_document(text))
        day = document_day(spec.year, spec.date.isoformat())
        rows.append(
            {
                "doc_id": spec.doc_id,
                "doc_type": spec.doc_type,
                "year": spec.year,
                "period": period_of(day, periods) or "",
                "usable": "true",
            }
        )
    write_table(folder / "documents.csv", rows, ["doc_id", "doc_type", "year", "period", "usable"])
    return time.perf_counter() - started


def timed(argv: list[str]) -> tuple[float, float]:
    """Run a policytext command in a child process; (seconds, peak RSS in MB)."""
    seconds, _, memory = run_policytext(argv)
    return seconds, memory


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2011, help="the demo planner's seed")
    parser.add_argument("--jobs", type=int, default=2, help="fits run at once")
    parser.add_argument("--k", type=int, nargs="+", help="K values (default: config.yaml)")
    parser.add_argument("--seeds", type=int, nargs="+", help="seeds (default: config.yaml)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/policytext-topics-bench"))
    args = parser.parse_args()
    import yaml

    topics = yaml.safe_load((ROOT / "config.yaml").read_text())["topics"]
    ks, seeds = args.k or topics["k_range"], args.seeds or topics["seeds"]
    options = json.dumps(topics)
    out = args.out
    if not (out / "documents.csv").is_file():
        seconds = write_corpus(out, docs=args.docs, seed=args.seed)
        print(f"corpus text: {args.docs} documents written in {seconds:.1f} s")
    tokens = sum(len(line.split()) for path in (out / "tokens").iterdir() for line in path.open())
    print(f"tokens: {tokens}")
    corpus = out / "topics" / "corpus"
    seconds, memory = timed(
        [
            "topics-corpus",
            "--documents",
            str(out / "documents.csv"),
            "--tokens-dir",
            str(out / "tokens"),
            "--out-dir",
            str(corpus),
            "--options",
            options,
        ]
    )
    units = sum(1 for _ in (corpus / "texts.txt").open())
    vocabulary = sum(1 for _ in (corpus / "dictionary.txt").open()) - 1
    print(
        f"topics-corpus: {seconds:.1f} s, peak {memory:.0f} MB ({units} units, {vocabulary} words)"
    )

    def fit(job: tuple[int, int]) -> tuple[int, int, float, float]:
        k, seed = job
        seconds, memory = timed(
            [
                "topics-fit",
                "--corpus-dir",
                str(corpus),
                "--k",
                str(k),
                "--seed",
                str(seed),
                "--out",
                str(out / "topics" / "sweep" / f"k{k}_seed{seed}.json"),
                "--state",
                str(out / "topics" / "sweep" / f"k{k}_seed{seed}.npz"),
                "--options",
                options,
            ]
        )
        return k, seed, seconds, memory

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(fit, [(k, seed) for k in ks for seed in seeds]))
    total = time.perf_counter() - started
    for k, seed, seconds, memory in results:
        print(f"topics-fit K={k:<3} seed={seed}: {seconds:6.1f} s, peak {memory:.0f} MB")
    fits = [seconds for *_, seconds, _ in results]
    print(
        f"sweep: {len(results)} fits, {args.jobs} at a time: {total:.1f} s wall; per fit "
        f"mean {sum(fits) / len(fits):.1f} s, max {max(fits):.1f} s; "
        f"peak {max(memory for *_, memory in results):.0f} MB"
    )
    records = sorted((out / "topics" / "sweep").glob("*.json"))
    seconds, _ = timed(
        [
            "topics-select",
            *map(str, records),
            "--corpus-dir",
            str(corpus),
            "--out",
            str(out / "topics" / "selection.csv"),
            "--choice",
            str(out / "topics" / "choice.json"),
            "--options",
            options,
        ]
    )
    choice = json.loads((out / "topics" / "choice.json").read_text())
    print(f"topics-select: {seconds:.1f} s; {choice['reason']}, seed {choice['seed']}")
    print(f"load average during the run: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
