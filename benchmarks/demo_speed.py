"""How fast the demo corpus generator writes short documents (for scale benchmarks).

Usage: PYTHONPATH=workflow python benchmarks/demo_speed.py [N_DOCS] [MAX_PAGES]

Generates N_DOCS documents of 2 to MAX_PAGES pages into a temporary folder and prints the
wall time, documents per second, pages per second and the size on disk.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from policytext.demo.generator import generate_demo_corpus
from policytext.demo.layout import register_fonts
from policytext.io import read_table


def main() -> None:
    n_docs = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    max_pages = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    started = time.perf_counter()
    register_fonts()
    font_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "corpus"
        started = time.perf_counter()
        generate_demo_corpus(out, n_docs=n_docs, seed=1, min_pages=2, max_pages=max_pages)
        seconds = time.perf_counter() - started
        pages = sum(int(row["pages"]) for row in read_table(out / "truth" / "documents.csv"))
        size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    print(f"font preparation (once per process): {font_seconds:.1f} s")
    print(f"documents: {n_docs} (+4 broken), pages: {pages}, max pages: {max_pages}")
    print(f"wall time: {seconds:.1f} s")
    print(f"documents/s: {n_docs / seconds:.1f}, pages/s: {pages / seconds:.1f}")
    print(f"size on disk: {size / 1e6:.1f} MB ({size / n_docs / 1e3:.1f} kB per document)")


if __name__ == "__main__":
    main()
