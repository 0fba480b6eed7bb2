"""Extraction accuracy on the typeset truth corpus (LibreOffice and Chromium PDFs).

Usage (from the repository root):

    python benchmarks/typeset.py [--corpus tests/data/typeset] [--documents] [--csv PATH]

For every layout family (see ``tests/data/typeset/manifest.csv``) and every method — the
pdfplumber and pypdfium2 engines, plain pdfplumber ``page.extract_text()`` and raw
pypdfium2 text — prints word recall, word precision and bigram recall (the order-sensitive
measure), as defined in :mod:`tests.support.scoring`; for families with boxes (sidebars,
pull quotes), how many boxes were read whole and how many body sentences a box was spliced
into. ``--documents`` adds one line per document; ``--csv`` also writes every document's
and family's counts and scores as a table (``level, name, method, truth_words,
found_words, matched_words, recall, precision, bigram_recall, boxes, boxes_whole,
spliced_sentences``). The corpus is regenerated with ``python -m tests.support.typeset``
(``--variant N --out DIR`` for a held-out corpus, scored here with ``--corpus DIR``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policytext.io import write_table  # noqa: E402
from tests.support.scoring import (  # noqa: E402
    METHODS,
    Score,
    by_family,
    read_corpus,
    score_documents,
)

CSV_COLUMNS = [
    "level",
    "name",
    "method",
    "truth_words",
    "found_words",
    "matched_words",
    "recall",
    "precision",
    "bigram_recall",
    "boxes",
    "boxes_whole",
    "spliced_sentences",
]


def score_rows(level: str, scores: dict[tuple[str, str], Score]) -> list[dict[str, object]]:
    """One table row per (name, method) score, sorted."""
    return [
        {
            "level": level,
            "name": name,
            "method": method,
            "truth_words": score.truth_words,
            "found_words": score.found_words,
            "matched_words": score.matched_words,
            "recall": score.recall,
            "precision": score.precision,
            "bigram_recall": score.bigram_recall,
            "boxes": score.boxes,
            "boxes_whole": score.boxes_whole,
            "spliced_sentences": score.spliced_sentences,
        }
        for (name, method), score in sorted(scores.items())
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("tests/data/typeset"))
    parser.add_argument("--documents", action="store_true", help="also one line per document")
    parser.add_argument("--csv", type=Path, default=None, help="also write the scores here")
    args = parser.parse_args()
    rows = read_corpus(args.corpus)
    scores = score_documents(rows)
    families = by_family(rows, scores)
    if args.csv:
        table = score_rows("family", families) + score_rows("document", scores)
        write_table(args.csv, table, CSV_COLUMNS)
    pages = sum(int(row["pages"]) for row in rows)
    print(f"# {len(rows)} documents, {pages} pages, {args.corpus}")
    print("recall / precision / bigram recall, in %")
    print(f"| {'family':<15} | " + " | ".join(f"{method:<20}" for method in METHODS) + " |")
    print(f"|{'-' * 17}|" + "|".join("-" * 22 for _ in METHODS) + "|")
    names = sorted({family for family, _ in families}, key=lambda name: (name == "all", name))
    for family in names:
        cells = []
        for method in METHODS:
            score = families[family, method]
            cells.append(
                f"{100 * score.recall:5.1f} / {100 * score.precision:5.1f} / "
                f"{100 * score.bigram_recall:5.1f}"
            )
        print(f"| {family:<15} | " + " | ".join(f"{cell:<20}" for cell in cells) + " |")
    boxed = [name for name in names if name != "all" and families[name, METHODS[0]].boxes]
    if boxed:
        print("\nkept apart: boxes read whole / boxes, body sentences spliced by a box")
        for family in boxed:
            cells = [
                f"{families[family, method].boxes_whole}/{families[family, method].boxes}, "
                f"{families[family, method].spliced_sentences} spliced"
                for method in METHODS
            ]
            print(f"| {family:<15} | " + " | ".join(f"{cell:<20}" for cell in cells) + " |")
    if args.documents:
        print()
        for row in rows:
            cells = []
            for method in METHODS:
                score = scores[row["doc_id"], method]
                cells.append(
                    f"{100 * score.recall:5.1f}/{100 * score.precision:5.1f}/"
                    f"{100 * score.bigram_recall:5.1f}"
                )
            print(f"{row['doc_id']:<26} " + "  ".join(cells))
            if scores[row["doc_id"], METHODS[0]].boxes:
                kept = [scores[row["doc_id"], method] for method in METHODS]
                print(
                    f"{'  kept apart':<26} "
                    + "  ".join(
                        f"{f'{s.boxes_whole}/{s.boxes} whole, {s.spliced_sentences} spliced':<19}"
                        for s in kept
                    )
                )


if __name__ == "__main__":
    main()
