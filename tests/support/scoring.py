"""Score extracted text against a truth text: word recall, precision and bigram recall.

Both texts are tokenised with :func:`policytext.text.tokenize` (the tokens the analysis
counts). Words are matched in order with :class:`difflib.SequenceMatcher`, as in
``benchmarks/extract.py``: *recall* is matched words over true words, *precision* matched
words over extracted words, so leftover running heads, page numbers, line numbers and table
cells count against precision. *Bigram recall* is the share of the truth's adjacent word
pairs (as a multiset) that also occur in the extracted text: it falls when columns are
interleaved line by line or a region is read out of place, even if every word is there.

A *box* (a sidebar or pull quote, listed in ``truth/{doc_id}.boxes.txt``) may be read
anywhere, before, after or between the body's paragraphs, as long as it is read as one
block, kept apart: its words are taken out of the extracted text before the body is scored
(so the body's order is scored without it), and counted on their own. Two counts say
whether it was kept apart: the boxes read *whole* (one unbroken run holding at least 95%
of their words; a word or two misread inside the run do not break it), and the body
sentences *spliced* by a box (read unbroken once the box's words are taken out, but not
before: a box's words inside them).

:func:`extract_with` runs one of the four methods compared on the typeset corpus: the
project's two engines, plain pdfplumber ``page.extract_text()``, and raw pypdfium2 text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import Match, SequenceMatcher
from pathlib import Path

from policytext.text import tokenize

METHODS = ("pdfplumber", "pypdfium2", "plain_extract_text", "raw_pypdfium2")
#: A box read in pieces: pieces this long or longer are its words (shorter runs of its
#: words may be the body's), and are taken out before the body is scored.
MIN_BOX_PIECE = 4
#: Pieces of a box this few words apart, in the box and in the extracted text, are one run
#: with a misread word between them (``commu nities``): the run is taken out whole.
MAX_BOX_SLIP = 3
#: A box is read whole when it is one run holding this share of its words or more.
WHOLE_BOX_SHARE = 0.95
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Score:
    """Counts behind the word and bigram scores (they add up across documents)."""

    truth_words: int = 0
    found_words: int = 0
    matched_words: int = 0
    truth_bigrams: int = 0
    matched_bigrams: int = 0
    boxes: int = 0
    boxes_whole: int = 0
    spliced_sentences: int = 0

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


def score_text(truth: str, found: str, *, boxes: Sequence[str] = ()) -> Score:
    """Score extracted text ``found`` against ``truth`` (the body text); ``boxes`` are the
    texts of boxes that may be read anywhere, kept apart (see the module's docstring)."""
    expected, extracted = tokenize(truth), tokenize(found)
    body_found, box_score = take_out_boxes(extracted, [tokenize(box) for box in boxes])
    matcher = SequenceMatcher(None, expected, body_found, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    true_pairs = bigrams(expected)
    shared = true_pairs & bigrams(body_found)
    spliced = spliced_sentences(truth, extracted, body_found) if boxes else 0
    body = Score(
        truth_words=len(expected),
        found_words=len(body_found),
        matched_words=matched,
        truth_bigrams=sum(true_pairs.values()),
        matched_bigrams=sum(shared.values()),
        spliced_sentences=spliced,
    )
    return body + box_score


def take_out_boxes(found: list[str], boxes: list[list[str]]) -> tuple[list[str], Score]:
    """``found`` with each box's words taken out, and the boxes' own counts.

    A box's words are the runs of ``found`` that match :data:`MIN_BOX_PIECE` or more of its
    words in order, near its longest run (the body may repeat a phrase of the box
    elsewhere), joined across slips of up to :data:`MAX_BOX_SLIP` misread words; the runs
    are taken out (their misread words count as found, not matched), and the box is whole
    when one run holds :data:`WHOLE_BOX_SHARE` of its words. Its other words stay in the
    body's text, against its precision."""
    score = Score()
    for box in boxes:
        pieces = _box_pieces(found, box)
        runs: list[list[int]] = []  # [start, end] in found, end in box, words matched
        for piece in pieces:
            last = runs[-1] if runs else None
            if last and piece.a - last[1] <= MAX_BOX_SLIP and piece.b - last[2] <= MAX_BOX_SLIP:
                last[1], last[2], last[3] = (
                    piece.a + piece.size,
                    piece.b + piece.size,
                    last[3] + piece.size,
                )
            else:
                runs.append([piece.a, piece.a + piece.size, piece.b + piece.size, piece.size])
        matched = sum(run[3] for run in runs)
        whole = any(run[3] >= WHOLE_BOX_SHARE * len(box) for run in runs)
        for start, end, *_ in reversed(runs):
            found = found[:start] + found[end:]
        score += Score(
            truth_words=len(box),
            found_words=sum(end - start for start, end, *_ in runs),
            matched_words=matched,
            truth_bigrams=len(box) - 1,
            matched_bigrams=sum(piece.size - 1 for piece in pieces),
            boxes=1,
            boxes_whole=int(whole),
        )
    return found, score


def _box_pieces(found: list[str], box: list[str]) -> list[Match]:
    """Runs of ``box``'s words in ``found`` (positions in ``found``), in order, of
    :data:`MIN_BOX_PIECE` words or more, within about the box's length of its longest run."""
    anchor = SequenceMatcher(None, found, box, autojunk=False).find_longest_match()
    slack = len(box) // 10 + MAX_BOX_SLIP
    low = max(0, anchor.a - anchor.b - slack)
    high = anchor.a + len(box) - anchor.b + slack
    matcher = SequenceMatcher(None, found[low:high], box, autojunk=False)
    return [
        Match(block.a + low, block.b, block.size)
        for block in matcher.get_matching_blocks()
        if block.size >= min(MIN_BOX_PIECE, len(box))
    ]


def spliced_sentences(truth: str, found: list[str], body_found: list[str]) -> int:
    """How many of the truth's sentences (of two or more words) are read unbroken in
    ``body_found`` (the extracted words with the boxes' taken out) but not in ``found``:
    sentences that a box's words were spliced into."""
    joined, body_joined = f" {' '.join(found)} ", f" {' '.join(body_found)} "
    count = 0
    paragraphs = re.split(r"\n\s*\n", truth)
    for sentence in (part for paragraph in paragraphs for part in _SENTENCE_END.split(paragraph)):
        words = tokenize(sentence)
        run = f" {' '.join(words)} "
        if len(words) >= 2 and run in body_joined and run not in joined:
            count += 1
    return count


def plain_extract_text(path: Path) -> str:
    """Plain pdfplumber: ``page.extract_text()`` page after page, pages closed."""
    import pdfplumber

    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            parts.append(page.extract_text() or "")
            page.close()
    return "\n\f".join(parts)


def raw_pypdfium2_pages(path: Path, *, hyphen: str | None = None) -> list[str]:
    """Raw pypdfium2: each page's whole text range, as PDFium orders it (content-stream
    order, which in most real PDFs is the order the text was written in).

    PDFium marks a hyphen it found at a line end with U+0002 (or U+FFFE); ``hyphen``, when
    given, replaces those marks.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if hyphen is not None:
                text = text.replace("\x02", hyphen).replace("\ufffe", hyphen)
            pages.append(text)
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def raw_pypdfium2_text(path: Path) -> str:
    """Raw pypdfium2's pages (:func:`raw_pypdfium2_pages`), a form feed between them."""
    return "\n\f".join(raw_pypdfium2_pages(path))


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
    with ``path``, ``truth_text`` and ``boxes_text`` (the boxes' truth beside it,
    ``{doc_id}.boxes.txt``; empty if the document has none) added."""
    import csv

    with (folder / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        truth = folder / row["truth"]
        boxes = truth.with_name(f"{row['doc_id']}.boxes.txt")
        row["path"] = str(folder / row["file"])
        row["truth_text"] = truth.read_text(encoding="utf-8")
        row["boxes_text"] = boxes.read_text(encoding="utf-8") if boxes.is_file() else ""
    return rows


def box_list(boxes_text: str) -> list[str]:
    """The boxes of a ``{doc_id}.boxes.txt``: blocks separated by blank lines."""
    return [box.strip() for box in re.split(r"\n\s*\n", boxes_text) if box.strip()]


def score_documents(
    rows: list[dict[str, str]], methods: tuple[str, ...] = METHODS
) -> dict[tuple[str, str], Score]:
    """Score every document with every method: (doc_id, method) -> :class:`Score`."""
    return {
        (row["doc_id"], method): score_text(
            row["truth_text"],
            extract_with(method, Path(row["path"])),
            boxes=box_list(row.get("boxes_text", "")),
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
