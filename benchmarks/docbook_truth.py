"""Extraction accuracy on a real PDF whose source text is published beside it (DocBook).

Usage (from the repository root):

    PYTHONPATH=workflow:. python benchmarks/docbook_truth.py PDF SOURCE.xml[.gz]

A DocBook document and the PDF typeset from it by another program (Debian ships the
freedesktop.org Shared MIME-info specification so, as
``/usr/share/doc/shared-mime-info/shared-mime-info-spec.{pdf,xml.gz}``, typeset by
pdfTeX) give a real layout with a truth the project did not write. The truth is the
source's text: the markup taken out, character entities read, and the internal entities
the DTD header declares put in. Each method of :data:`tests.support.scoring.METHODS` is
scored against it by :func:`tests.support.scoring.score_text` (word recall, word
precision, bigram recall, in %). The truth is not the PDF's exact text: what the
typesetter adds (a table of contents, numbered headings, citations in brackets) counts
against precision, and what the PDF's version leaves out against recall, alike for every
method; the methods are compared with one another, not with 100.
"""

from __future__ import annotations

import argparse
import gzip
import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.scoring import METHODS, extract_with, score_text  # noqa: E402

#: An internal entity declared in the DTD header: ``<!ENTITY name "value">``.
_ENTITY = re.compile(r'<!ENTITY\s+(\w+)\s+"([^"]*)"\s*>')
_TAG = re.compile(r"<[^>]+>")


def docbook_text(source: Path) -> str:
    """The text of a DocBook file (gzipped or not): tags taken out, entities put in."""
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as handle:
        xml = handle.read()
    header, _, body = xml.partition("]>") if "]>" in xml else ("", "", xml)
    for name, value in _ENTITY.findall(header):
        body = body.replace(f"&{name};", value)
    return html.unescape(_TAG.sub(" ", body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("source", type=Path, help="the DocBook XML the PDF was typeset from")
    args = parser.parse_args()
    for path in (args.pdf, args.source):
        if not path.is_file():
            sys.exit(f"{path} not found; give the PDF and the DocBook file it was made from")
    truth = docbook_text(args.source)
    print("method               recall  precision  bigram_recall  truth_words  found_words")
    for method in METHODS:
        score = score_text(truth, extract_with(method, args.pdf))
        print(
            f"{method:<19} {100 * score.recall:>7.2f} {100 * score.precision:>10.2f} "
            f"{100 * score.bigram_recall:>14.2f} {score.truth_words:>12} {score.found_words:>12}"
        )


if __name__ == "__main__":
    main()
