"""Score extracted text against a truth text: word recall, precision and bigram recall.

Both texts are tokenised with :func:`policytext.text.tokenize` (the tokens the analysis
counts). Words are matched in order with :class:`difflib.SequenceMatcher`, as in
``benchmarks/extract.py``: *recall* is matched words over true words, *precision* matched
words over extracted words, so leftover running heads, page numbers, line numbers and table
cells count against precision. *Bigram recall* is the share of the truth's adjacent word
pairs (as a multiset) that also occur in the extracted text: it falls when columns are
interleaved line by line or a region is read out of place, even if every word is there.

:func:`extract_with` runs one of the four methods compared on the typeset corpus: the
project's two engines, plain pdfplumber ``page.extract_text()``, and raw pypdfium2 text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from policytext.text import tokenize

METHODS = ("pdfplumber", "pypdfium2", "plain_extract_text", "raw_pypdfium2")


@dataclass(frozen=True)
class Score:
    """Counts behind the word and bigram scores (they add up across documents)."""

    truth_words: int = 0
    found_words: int = 0
    matched_words: int = 0
    truth_bigrams: int = 0
    matched_bigrams: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )

    @property
    def recall(self) -> float:
        """Matched words over true words."""
        return self.matched_words / max(self.truth_words, 1)

    @property
    def precision(self) -> float:
        """Matched words over extracted words."""
        return self.matched_words / max(self.found_words, 1)

    @property
    def bigram_recall(self) -> float:
        """Share of the truth's word pairs found as pairs in the extracted text."""
        return self.matched_bigrams / max(self.truth_bigrams, 1)


def bigrams(tokens: list[str]) -> Counter[tuple[str, str]]:
    """Adjacent word pairs, counted."""
    return Counter(zip(tokens, tokens[1:], strict=False))


def score_text(truth: str, found: str) -> Score:
    """Score extracted text ``found`` against ``truth``."""
    expected, extracted = tokenize(truth), tokenize(found)
    matcher = SequenceMatcher(None, expected, extracted, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    true_pairs = bigrams(expected)
    shared = true_pairs & bigrams(extracted)
    return Score(
        truth_words=len(expected),
        found_words=len(extracted),
        matched_words=matched,
        truth_bigrams=sum(true_pairs.values()),
        matched_bigrams=sum(shared.values()),
    )


def plain_extract_text(path: Path) -> str:
    """Plain pdfplumber: ``page.extract_text()`` page after page, pages closed."""
    import pdfplumber

    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            parts.append(page.extract_text() or "")
            page.close()
    return "\n\f".join(parts)


def raw_pypdfium2_text(path: Path) -> str:
    """Raw pypdfium2: each page's whole text range, as PDFium orders it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        parts = []
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n\f".join(parts)
    finally:
        document.close()


def extract_with(method: str, path: Path) -> str:
    """The text of the PDF at ``path`` by one of :data:`METHODS`."""
    if method == "plain_extract_text":
        return plain_extract_text(path)
    if method == "raw_pypdfium2":
        return raw_pypdfium2_text(path)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    from policytext.extract.engines import extract_document

    return extract_document(path, engine=method, timeout=None).text


def read_corpus(folder: Path) -> list[dict[str, str]]:
    """The rows of a typeset corpus's ``manifest.csv`` (see :mod:`tests.support.typeset`),
    with ``path`` and ``truth_text`` added."""
    import csv

    with (folder / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["path"] = str(folder / row["file"])
        row["truth_text"] = (folder / row["truth"]).read_text(encoding="utf-8")
    return rows


def score_documents(
    rows: list[dict[str, str]], methods: tuple[str, ...] = METHODS
) -> dict[tuple[str, str], Score]:
    """Score every document with every method: (doc_id, method) -> :class:`Score`."""
    return {
        (row["doc_id"], method): score_text(
            row["truth_text"], extract_with(method, Path(row["path"]))
        )
        for row in rows
        for method in methods
    }


def by_family(
    rows: list[dict[str, str]], scores: dict[tuple[str, str], Score]
) -> dict[tuple[str, str], Score]:
    """Document scores summed per (family, method), plus family ``all``."""
    family_of = {row["doc_id"]: row["family"] for row in rows}
    totals: dict[tuple[str, str], Score] = {}
    for (doc_id, method), score in sorted(scores.items()):
        for family in (family_of[doc_id], "all"):
            totals[family, method] = totals.get((family, method), Score()) + score
    return totals
