"""Speed and memory of the term stage: tables on a corpus, and on k copies of it.

Usage (from the repository root):

    PYTHONPATH=workflow python benchmarks/terms_speed.py DOCUMENTS_CSV TOKENS_DIR [COPIES...]

For each number of copies k (default 1 2 4) every usable document is scanned k times under
new ids (same years and types), the tables are computed, and the wall time, tokens per second
and peak RSS are printed. Linear scaling shows as a constant tokens/s; flat memory as a
peak RSS that does not grow with k beyond the per-document rows.
"""

from __future__ import annotations

import dataclasses
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

from policytext.corpus.documents import read_usable_documents
from policytext.terms.scan import scan_document
from policytext.terms.tables import (
    TermsTally,
    parse_options,
    write_terms_tables,
)
from policytext.text.tokenize import iter_token_paragraphs


def run(documents_csv: Path, tokens_dir: Path, copies: int) -> tuple[float, float, int, float]:
    """Scan ``copies`` copies of the corpus and write the tables.

    Returns wall seconds, CPU seconds (less disturbed by other jobs), tokens and peak MB.
    """
    config = yaml.safe_load(Path("config.yaml").read_text(encoding="utf-8"))
    options = parse_options(
        dict(config["terms"], periods=config["periods"], events=config["events"])
    )
    documents = read_usable_documents(documents_csv)
    start, cpu_start = time.perf_counter(), time.process_time()
    tally = TermsTally(options)
    tokens = 0
    for copy in range(copies):
        for info in documents:
            scan = scan_document(
                iter_token_paragraphs(tokens_dir / f"{info.doc_id}.txt"),
                concepts=options.concepts,
                frames=options.frames,
                kwic_window=options.kwic_window,
                context_window=options.context_window,
                lemmatize=options.lemmatize,
            )
            tokens += scan.tokens
            tally.add(dataclasses.replace(info, doc_id=f"{info.doc_id}-{copy}"), scan)
    with tempfile.TemporaryDirectory() as out:
        write_terms_tables(tally, Path(out))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, cpu, tokens, peak_mb


def main(argv: list[str]) -> int:
    documents_csv, tokens_dir = Path(argv[0]), Path(argv[1])
    copies_list = [int(value) for value in argv[2:]] or [1, 2, 4]
    print("copies  documents  tokens  wall_s  cpu_s  tokens_per_cpu_s  peak_rss_mb")
    for copies in copies_list:
        seconds, cpu, tokens, peak = run(documents_csv, tokens_dir, copies)
        docs = copies * len(read_usable_documents(documents_csv))
        print(f"{copies:6d}  {docs:9d}  {tokens:6d}  {seconds:6.2f}  {cpu:5.2f}"
              f"  {tokens / cpu:16.0f}  {peak:11.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
