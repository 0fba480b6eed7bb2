"""Both engines on the PDFs of TeX Live's documentation: real layouts no fix was tuned to.

Usage (from the repository root; Debian's ``texlive-publishers-doc`` installed):

    PYTHONPATH=workflow:. python benchmarks/texlive_docs.py [FOLDER] [--max-pages 40]

Every PDF under FOLDER (default ``/usr/share/doc/texlive-doc``) of at most ``--max-pages``
pages is read with each engine (tables kept, as prose). Without truth, each is scored by
the share of raw pypdfium2 text's word bigrams it keeps (content-stream order, the order
TeX writes its columns in; line-end hyphens joined, as the engines join them): a column
read across, a run that took its neighbour's words or a word read backwards loses the
bigrams round it. Printed per engine: statuses, the pooled share, the pages read from
glyph codes or read with pdfium (and why), and the documents that keep least, to be read
by eye: the raw text is no truth either (it keeps running heads, page numbers and
mathematics that the engines leave out).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policytext.extract.engines import ENGINES, extract_document  # noqa: E402
from policytext.text.tokenize import tokenize  # noqa: E402
from tests.support.scoring import bigrams, raw_pypdfium2_pages  # noqa: E402

#: pdfium's marks of a hyphen at a line end, with the line break after them.
_LINE_END_HYPHEN = re.compile(r"[\x02\ufffe]\s*")


def documents(folder: Path, *, max_pages: int) -> list[tuple[Path, Counter]]:
    """The PDFs under ``folder`` of at most ``max_pages`` pages that pdfium opens, each
    with the bigrams of its raw text."""
    import pypdfium2

    found = []
    for path in sorted(folder.rglob("*.pdf")):
        try:
            pages = raw_pypdfium2_pages(path)
        except pypdfium2.PdfiumError:
            continue
        if 1 <= len(pages) <= max_pages:
            text = _LINE_END_HYPHEN.sub("", "\n".join(pages))
            found.append((path, bigrams(tokenize(text))))
    return found


def score(engine: str, docs: list[tuple[Path, Counter]], folder: Path) -> None:
    """Print one engine's statuses, pooled share, notes and lowest documents."""
    statuses: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    kept = total = 0
    shares = []
    for path, wanted in docs:
        result = extract_document(path, engine=engine, timeout=None, tables="keep")
        statuses[result.status] += 1
        matched = sum((wanted & bigrams(tokenize(result.text))).values())
        kept, total = kept + matched, total + sum(wanted.values())
        if sum(wanted.values()) >= 300:
            shares.append((matched / sum(wanted.values()), path.relative_to(folder)))
        for note in ("glyphs' codes", "no widths", "right-to-left", "no Unicode"):
            notes[note] += note in result.message
    print(f"## {engine}: {len(docs)} PDFs, statuses {dict(sorted(statuses.items()))}")
    print(f"pooled share of raw bigrams kept: {kept / max(total, 1):.4f}")
    print("documents whose message names " + ", ".join(f"{k!r}: {v}" for k, v in notes.items()))
    print("lowest (of documents with 300 bigrams or more):")
    for share, name in sorted(shares)[:12]:
        print(f"  {share:.3f}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("/usr/share/doc/texlive-doc"))
    parser.add_argument("--max-pages", type=int, default=40)
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"{args.folder} not found: install Debian's texlive-publishers-doc")
    logging.disable(logging.WARNING)  # each document's drop warnings, thousands of them
    docs = documents(args.folder, max_pages=args.max_pages)
    print(f"# {len(docs)} PDFs of at most {args.max_pages} pages under {args.folder}")
    for engine in ENGINES:
        score(engine, docs, args.folder)


if __name__ == "__main__":
    main()
