"""Measures of how much running text an extraction keeps, in order (tests and benchmarks).

Raw pypdfium2 text follows the content stream, which in most real PDFs is the order the text
was written in; its word bigrams are a reference for running text where no true text is
published. A reading that splices two columns line by line, or a sidebar into a sentence,
loses the bigrams that cross each spliced line end.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import pypdfium2 as pdfium

from policytext.text.tokenize import tokenize


def raw_pdfium_pages(path: Path) -> list[str]:
    """The plain text of each page by pypdfium2, in content-stream order."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            pages.append(text.replace("\x02", "-").replace("\ufffe", "-"))
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


def bigrams(tokens: list[str]) -> Counter[tuple[str, str]]:
    """Word bigrams with their counts."""
    return Counter(zip(tokens, tokens[1:], strict=False))


def bigram_recall(reference: str, text: str) -> float:
    """Share of the reference's word bigrams (counted with repeats) that ``text`` has too."""
    wanted = bigrams(tokenize(reference))
    found = bigrams(tokenize(text))
    total = sum(wanted.values())
    return sum((wanted & found).values()) / total if total else 1.0


def word_scores(truth: str, text: str) -> tuple[float, float]:
    """Recall and precision of words matched in order (difflib alignment of tokens)."""
    expected, found = tokenize(truth), tokenize(text)
    matcher = SequenceMatcher(None, expected, found, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / max(len(expected), 1), matched / max(len(found), 1)


def ordered_recall(reference_pages: list[str], text: str) -> float:
    """Share of the reference's words that ``text`` keeps in the same order, page by page.

    ``text`` has one form feed per page boundary, so each page is aligned with its own
    reference page (difflib on tokens), which keeps the alignment fast and local.
    """
    pages = text.split("\f")
    matched = total = 0
    for reference, page in zip(reference_pages, pages, strict=False):
        expected, found = tokenize(reference), tokenize(page)
        matcher = SequenceMatcher(None, expected, found, autojunk=False)
        matched += sum(block.size for block in matcher.get_matching_blocks())
        total += len(expected)
    return matched / total if total else 1.0
