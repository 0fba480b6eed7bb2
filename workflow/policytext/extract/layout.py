"""Reading order and cleaning for PDF text: the engine-independent half of extraction.

An engine (pdfplumber or pypdfium2) turns each page into positioned :class:`Word` boxes;
:func:`layout_text` turns the pages into clean body text, the way a person reads the page:

1. columns are found from the gutter, a vertical band that (nearly) no word crosses, with
   prose on both sides; a page is read band by band (full-width lines such as titles cut
   the page into bands) and, inside a band, column by column; a full-width table or figure
   closes the columns above it even where the gutter runs on through it; a box set across
   the gutter (a pull quote) does not: the columns are read whole round it, the box after;
2. words are grouped into lines; superscript footnote markers (small, raised digits or
   symbols) are dropped;
3. footnotes (small type below the body) move to the end of their page, without their
   numbers;
4. a line with wide internal gaps is a table row; runs of such rows are dropped, marked
   or kept, as configured;
5. running heads and feet (the same text at the same height on several pages, digits
   ignored; or small type alone in the top or bottom margin) and lone page numbers are
   dropped; a box in smaller type broken across a page inside a sentence is read whole
   where it starts;
6. lines join into paragraphs at normal line spacing and break at larger gaps and size
   changes; a word broken at a line end is rejoined unless the document spells it with a
   hyphen elsewhere, or it starts with a prefix such as ``co-`` that usually keeps one, or
   both halves are words the document uses on their own (``medium-`` / ``term``);
7. text is normalised: NFKC (ligatures), ASCII quotes, single spaces.

Everything removed is counted, with a few examples, in :attr:`LayoutResult.dropped`
(``footnote_markers``, ``running_head_lines``, ``page_numbers``, ``table_cells``,
``rotated_words``).

Coordinates are in PDF points with ``top`` measured down from the top of the page.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import logging
import math
import pickle
import re
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import BinaryIO, Literal, NamedTuple

from policytext.extract.blocks import GroupedBlock
from policytext.text.tokenize import count_tokens, normalise, split_ascii, tokenize

logger = logging.getLogger(__name__)

#: Prefixes that keep their hyphen at a line break unless the document joins them.
HYPHEN_PREFIXES = frozenset(
    [
        "co",
        "non",
        "self",
        "well",
        "cross",
        "ex",
        "ill",
        "long",
        "short",
        "high",
        "low",
        "full",
        "part",
        "cost",
        "evidence",
        "person",
        "user",
        "community",
        "citizen",
    ]
)
_MARKER = re.compile(r"^[\d*\u2020\u2021\u00a7,()\[\]]+$|^[a-z]$")
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|-|\u2013)?\s*(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?\s*(?:-|\u2013)?$",
    re.IGNORECASE,
)
_SUPERSCRIPT_CHARS = re.compile("[\u00b9\u00b2\u00b3\u2070-\u209f]")
_SENTENCE_END = re.compile(r"[.!?:;\"')\]]$")
_DIGITS = re.compile(r"\d+")
_LINE_END_HYPHEN = re.compile(r"([^\W\d_][\w-]*)-$")
#: Letters alone: no digit, underscore or other mark.
_LETTERS = re.compile(r"[^\W\d_]+")
_LINE_START_LETTERS = re.compile(r"([^\W\d_]+)(?![\w-])")
_PROSE_WORD = re.compile(r"(?<![\w/.@-])([A-Za-z]?[a-z]+)(?![\w/@-])")
#: The same words in ASCII text (``\w`` is these ranges there), found faster.
_ASCII_PROSE_WORD = re.compile(r"(?<![A-Za-z0-9_/.@-])([A-Za-z]?[a-z]++)(?![A-Za-z0-9_/@-])")
#: Laid-out lines a document keeps in memory (a few megabytes at most) before they go to a
#: temporary file: a document of up to about a hundred pages is not written out.
_LINES_IN_MEMORY = 5000
#: Lines counted at once in the document pass (see :func:`vocabulary_of`).
_LINES_AT_ONCE = 1000
_FOOTNOTE_NUMBER = re.compile(r"^(?:\d{1,3}|[*\u2020\u2021])\.?$")
_EXAMPLES = 3


@dataclass(slots=True)
class Word:
    """One word (or run of words, for pypdfium2) on a page, with its box and font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class PageWords:
    """The words of one page, as an engine found them.

    ``rotated`` holds stray words set at an angle to the page's text (axis titles, side
    banners), left out and counted; ``turned`` says the page's text runs up or down the
    sheet (a landscape table on a portrait page, or a ``/Rotate`` page) and was turned
    upright to be read. ``unmapped`` says the page has a text layer whose fonts map its
    glyphs to no Unicode text (no ``ToUnicode`` map, no standard encoding): its words,
    which cannot be read, are left out, and the page is counted apart. ``from_codes``
    says its words were read from such glyphs' codes, which are the letters themselves
    in some fonts (TeX's Type 3 fonts): ligatures and symbols may be missing.
    ``pdfium_reason`` says why the pdfplumber engine read the page with pdfium instead
    (a key of ``PDFIUM_REASONS`` in the engines; empty when it did not).
    """

    number: int
    width: float
    height: float
    words: list[Word]
    failed: bool = False
    rotated: list[str] = field(default_factory=list)
    unmapped: bool = False
    from_codes: bool = False
    pdfium_reason: str = ""
    #: Ruling lines as boxes; an engine may read them only when they are iterated.
    rules: Iterable[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass(slots=True)
class Line:
    """Words on one baseline inside one column: the unit of the later steps."""

    words: list[Word]
    page: int
    top: float
    bottom: float
    size: float
    block: int = 0
    table: bool = False
    note: bool = False
    segments: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The words joined by spaces, except where they touch (a quote, a font change)."""
        if len(self.words) == 1:
            return self.words[0].text  # most lines of pypdfium2's runs
        parts = [self.words[0].text] if self.words else []
        for previous, word in zip(self.words, self.words[1:], strict=False):
            touching = word.x0 - previous.x1 < 0.1 * self.size
            parts.append(word.text if touching else " " + word.text)
        return "".join(parts)


class StoredLine(NamedTuple):
    """A laid-out line as the steps across pages need it: its text, place and kind (a
    plain tuple, kept in the document's :class:`_LineStore` until the document pass)."""

    text: str
    page: int
    top: float
    bottom: float
    size: float
    block: int
    table: bool
    note: bool
    segments: list[str]

    @classmethod
    def of(cls, line: Line) -> StoredLine:
        """The stored form of ``line``."""
        text = line.text
        # One segment is the line's text: kept once, not as a copy.
        segments = [text] if len(line.segments) == 1 else line.segments
        return cls(
            text,
            line.page,
            line.top,
            line.bottom,
            line.size,
            line.block,
            line.table,
            line.note,
            segments,
        )


@dataclass
class LayoutResult:
    """Clean text and a record of what was removed from it."""

    text: str
    dropped: dict[str, object]


#: What a dropped kind of text is called in the record's word counts (and in extraction.csv).
DROP_REASONS = {
    "running_head_lines": "running_heads",
    "page_numbers": "page_numbers",
    "table_cells": "tables",
    "rotated_words": "rotated",
    "margin_numbers": "margin_numbers",
    "footnote_markers": "footnote_markers",
}


class _Dropped:
    """Counts, a few examples and the words of each kind of removed text, page by page.

    ``page`` is the page being laid out; a call to :meth:`add` may name another page.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)
        self.page_words: dict[int, Counter[str]] = defaultdict(Counter)
        self.page = 0

    def add(self, kind: str, text: str, count: int = 1, page: int | None = None) -> None:
        """Count ``count`` items of ``kind`` removed, holding ``text``, on ``page`` (or the
        page being laid out)."""
        self.counts[kind] += count
        words = count_tokens([text])
        self.page_words[self.page if page is None else page][DROP_REASONS[kind]] += words
        examples = self.examples[kind]
        if len(examples) < _EXAMPLES and text not in examples:
            examples.append(text)

    def as_record(self, page_words: list[int]) -> dict[str, object]:
        """Counts and examples by kind; words left out by reason, overall and per page.

        ``page_words`` holds each page's words as the engine found them (the PDF's words),
        the base of ``dropped_share`` and of each page's loss.
        """
        record: dict[str, object] = {kind: self.counts[kind] for kind in sorted(self.counts)}
        record["examples"] = {kind: self.examples[kind] for kind in sorted(self.examples)}
        totals: Counter[str] = Counter()
        for counts in self.page_words.values():
            totals.update(counts)
        record["words"] = {reason: totals[reason] for reason in sorted(set(DROP_REASONS.values()))}
        record["pdf_words"] = sum(page_words)
        record["share"] = round(sum(totals.values()) / max(sum(page_words), 1), 4)
        record["pages"] = {
            str(page): {
                "words": page_words[page - 1],
                "dropped": {reason: n for reason, n in sorted(counts.items()) if n},
            }
            for page, counts in sorted(self.page_words.items())
            if 0 < page <= len(page_words) and any(counts.values())
        }
        return record


def turn_upright(
    word: Word, width: float, height: float, direction: str
) -> tuple[float, float, float, float]:
    """A box of text running up (``btt``) or down (``ttb``) the page, turned upright.

    Returns (x0, x1, top, bottom) on the page turned a quarter so that the text reads left
    to right: text running up is read with the page turned clockwise (lines follow each
    other rightwards), text running down with it turned anticlockwise.
    """
    if direction == "btt":
        return height - word.bottom, height - word.top, word.x0, word.x1
    return word.top, word.bottom, width - word.x1, width - word.x0


# ---------------------------------------------------------------------------- lines


def _group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into lines by vertical overlap with the line's first word."""
    lines: list[list[Word]] = []
    line: list[Word] = []
    band_top = band_bottom = band = 0.0
    for word in sorted(words, key=_by_bottom):
        top, bottom = word.top, word.bottom
        if line:
            overlap = (bottom if bottom < band_bottom else band_bottom) - (
                top if top > band_top else band_top
            )
            height = bottom - top
            if overlap >= 0.5 * (height if height < band else band):
                line.append(word)
                continue
        line = [word]
        lines.append(line)
        band_top, band_bottom, band = top, bottom, bottom - top
    for line in lines:
        if len(line) > 1:  # most of pypdfium2's lines are one run
            line.sort(key=_by_x0)
    return lines


def _block_rows(block: list[Word]) -> list[list[Word]]:
    """A block's words grouped into rows (:func:`_group_lines`), once only."""
    return block.rows if isinstance(block, GroupedBlock) else _group_lines(block)


#: Sort keys: words by baseline, then left to right; words left to right.
_by_bottom = attrgetter("bottom", "x0")
_by_x0 = attrgetter("x0")
_by_top = attrgetter("top")


class _FontSizes:
    """A running tally of font sizes, weighted by characters, over any number of words."""

    __slots__ = ("characters",)

    def __init__(self) -> None:
        #: Characters by font size, the sizes in the order first met.
        self.characters: dict[float, int] = {}

    def add(self, words: Iterable[Word]) -> None:
        """Count ``words``' sizes into the tally."""
        characters = self.characters
        count = characters.get
        for word in words:
            size = word.size
            characters[size] = count(size, 0) + len(word.text)

    @property
    def body(self) -> float:
        """The font size (to 0.1 point) of most of the characters counted; 0 for none.

        Sizes are counted to 0.1 point; of equal counts, the size met first wins.
        """
        if len(self.characters) <= 1:
            return round(next(iter(self.characters), 0.0), 1)
        weights: dict[int, int] = {}
        for size, characters in self.characters.items():
            key = int(size * 10 + 0.5)
            weights[key] = weights.get(key, 0) + characters
        # max keeps the first of equal weights, in the order the sizes were first met.
        return max(weights, key=weights.__getitem__) / 10


def _body_size(words: list[Word]) -> float:
    """The font size (to 0.1 point) of most of the characters in ``words``."""
    if not words:
        return 0.0
    size = words[0].size
    for word in words:
        if word.size != size:
            break
    else:
        return round(size, 1)  # the common case, without counting
    sizes = _FontSizes()
    sizes.add(words)
    return sizes.body


def _drop_markers(line: list[Word], size: float, dropped: _Dropped) -> list[Word]:
    """Remove superscript footnote markers: small, raised digits or symbols."""
    if len(line) == 1:
        return line  # a marker is judged against body text beside it
    body = [word for word in line if word.size >= 0.85 * size]
    if len(body) == len(line) or not body:
        return line
    baseline = statistics.median(word.bottom for word in body)
    kept = []
    for word in line:
        small = word.size < 0.85 * size
        raised = word.bottom < baseline - 0.15 * size
        if small and raised and _MARKER.match(word.text):
            dropped.add("footnote_markers", word.text)
        else:
            kept.append(word)
    return kept


def _make_line(words: list[Word], page: int, size: float) -> Line:
    """A line from its words; its baseline comes from the words of body size ``size``."""
    if len(words) == 1:
        return Line(words=words, page=page, top=words[0].top, bottom=words[0].bottom, size=size)
    body = [word for word in words if word.size >= 0.85 * size] or words
    return Line(
        words=words,
        page=page,
        top=min(word.top for word in body),
        bottom=_middle([word.bottom for word in body]),
        size=size,
    )


def _middle(values: list[float]) -> float:
    """The median of a short list (the upper middle value for an even count)."""
    return sorted(values)[len(values) // 2] if len(values) > 1 else values[0]


def _split_segments(line: Line) -> list[list[Word]]:
    """Split a line at gaps much wider than a word space (table cells, tab stops)."""
    segments: list[list[Word]] = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:], strict=False):
        if word.x0 - previous.x1 > 1.6 * line.size:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


# ---------------------------------------------------------------------------- regions

#: A gutter is an empty vertical band at least this many points wide (and 0.9 x body size).
MIN_GUTTER = 6.0
#: A margin of labels (icons, item numbers) may stand this close to the text beside it.
MIN_LABEL_GAP = 3.0
#: How far, in ems, a line's first or last glyph may reach past the line's edge: pdfium's
#: boxes hug the ink, and an overhanging glyph (DejaVu Sans's f, a quotation mark) reaches
#: into the gutter by up to a twentieth of an em. A gutter between columns of prose must be
#: :func:`_gutter_width` wide in each row, and may narrow by this much on each side over the
#: rows of its run: the rows' edges stand that far apart by turns.
INK_OVERHANG = 0.05
#: A region splits into columns only where the band stays empty over this many rows.
MIN_COLUMN_ROWS = 3


def _gutter_width(body: float) -> float:
    """The narrowest gutter between columns of text in body size ``body``: 0.8 em, below
    the narrowest gutters typesetters use (LaTeX's two-column default is 1 em; Writer and
    Chromium documents of the held-out variants go down to 0.84 em) and above the word
    spaces of most justified lines; a band that narrow must also be free in every row of
    the run and have prose on both sides."""
    return max(MIN_GUTTER, 0.8 * body)


def _row_words(row: list[Word]) -> int:
    """Words in a row (a pypdfium2 run counts its own words)."""
    if len(row) == 1:
        return len(row[0].text.split())  # most rows of pypdfium2's runs: no sum to start
    return sum(len(word.text.split()) for word in row)


def _sides(rows: list[list[Word]], middle: float) -> tuple[list[list[Word]], list[list[Word]]]:
    """Each row's words wholly left of ``middle``, and those wholly right of it."""
    return (
        [[w for w in row if w.x1 <= middle] for row in rows],
        [[w for w in row if w.x0 >= middle] for row in rows],
    )


def _free_bands(row: list[Word], left: float, right: float) -> list[tuple[float, float]]:
    """The x-intervals of ``[left, right]`` that no word of ``row`` (sorted left to right,
    as :func:`_group_lines` leaves a line) covers."""
    bands = []
    position = left
    for word in row:
        if word.x0 > position:
            bands.append((position, word.x0))
        position = max(position, word.x1)
    if right > position:
        bands.append((position, right))
    return bands


#: What :func:`_intersect` reads past the last band: no band starts at infinity.
_NO_BAND = (math.inf, math.inf)


def _intersect(
    bands: list[tuple[float, float]],
    others: list[tuple[float, float]],
    width: float,
    *,
    slack: float = 0.0,
) -> list[tuple[float, float]]:
    """The parts, at least ``width`` (> 0) wide, that both lists of intervals share; with
    ``slack``, also those down to ``width - 2 * slack`` wide that lie within ``slack`` of
    both ends of their band of ``bands`` (see :func:`_grow_gutter`).

    Both lists run left to right without overlaps (free bands, and what is shared of them),
    so they are merged in one pass, each band of ``others`` met only where it can overlap:
    read from one iterator, kept while it reaches past the band of ``bands`` it overlaps
    (it may overlap the next one too), without copying the rest of ``others`` for each.
    """
    shared: list[tuple[float, float]] = []
    floor = width - 2 * slack
    rest = iter(others)
    b0, b1 = next(rest, _NO_BAND)
    if b0 == math.inf:
        return shared
    for a0, a1 in bands:
        while b1 <= a0:  # ends before this band (and so before every later one) starts
            b0, b1 = next(rest, _NO_BAND)
            if b0 == math.inf:
                return shared
        while b0 < a1:
            low = b0 if b0 > a0 else a0
            high = b1 if b1 < a1 else a1
            if high - low >= width or (
                slack and high - low >= floor and low - a0 <= slack and a1 - high <= slack
            ):
                shared.append((low, high))
            if b1 > a1:
                break  # reaches on into the next band
            b0, b1 = next(rest, _NO_BAND)
            if b0 == math.inf:
                return shared
    return shared


def _words_per_row(rows: list[list[Word]]) -> float:
    """Median words a row (a pypdfium2 run counts its own words)."""
    return statistics.median(_row_words(row) for row in rows)


def _is_prose_side(rows: list[list[Word]]) -> bool:
    """True when the rows hold running text: several rows of several words each."""
    return _is_prose([_row_words(row) for row in rows if row])


def _is_prose(words_per_row: list[int]) -> bool:
    """True when rows with these word counts (rows with text only) hold running text:
    several rows of several words each (a pypdfium2 run counts its own words).

    The median is found as :func:`statistics.median` finds it (the middle count, or the
    mean of the two middle ones), without the call: the gutter search asks thousands of
    times."""
    if len(words_per_row) < MIN_COLUMN_ROWS:
        return False
    ordered = sorted(words_per_row)
    half = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[half] >= 3
    return ordered[half - 1] + ordered[half] >= 6


#: A column run: (first row, end row, x of its gutter's middle); see :func:`_column_run`.
_Run = tuple[int, int, float]


def _column_run(rows: list[list[Word]]) -> _Run | None:
    """The longest run of rows split by one empty vertical band with text on both sides.

    This is a local version of Breuel's whitespace column separators (Breuel 2002, "Two
    geometric algorithms for layout analysis"): a gutter is a tall empty rectangle bounded by
    text lines on both sides; here it is grown row by row, so that it may start below a
    full-width title and end above a full-width table. A gutter has prose on both sides;
    where none has, a narrower band beside a margin of labels in another type size (an
    icon and its CAUTION, a large item number) is looked for instead.

    Returns (first row, end row, x of the band's middle), or None.
    """
    region = _RegionRows.of(rows)
    if region.one_block_a_row():
        return None
    body = _body_size([word for row in rows for word in row])
    return _gutter_run(_GutterSearch(region, body, labels=False)) or _gutter_run(
        _GutterSearch(region, body, labels=True)
    )


@dataclass(slots=True)
class _RegionRows:
    """A region's rows, with what the gutter search needs of each: computed once a region.

    ``firsts`` and ``lasts`` are the left and right edges of each row's text, ``between``
    its free bands between its words; ``sized`` says that every word has a width.
    """

    rows: list[list[Word]]
    left: float
    right: float
    firsts: list[float]
    lasts: list[float]
    between: list[list[tuple[float, float]]]
    sized: bool
    #: By row, the words' left edges, and the running count of their words (from 0): found
    #: for every row when the gutter search first weighs a band (see :meth:`_edges_and_counts`).
    edges: list[list[float]] | None = None
    counts: list[list[int]] | None = None
    #: Side words found, by (middle, end row): see :meth:`side_words`.
    sides: dict[tuple[float, int], _SideWords] = field(default_factory=dict)
    #: Rows cut at a band, by (middle, end row), from a start row: see :meth:`cut_rows`.
    cuts: dict[tuple[float, int], tuple[int, list, list]] = field(default_factory=dict)
    #: Table rows found, by the gap between cells and the body size: see :meth:`table_rows`.
    tables: dict[tuple[float, float], list[bool]] = field(default_factory=dict)
    #: By row, the smallest and the largest type size of its words: see :meth:`in_one_type`.
    sizes: tuple[list[float], list[float]] | None = None

    @classmethod
    def of(cls, rows: list[list[Word]]) -> _RegionRows:
        """The rows (each sorted left to right) of a region."""
        firsts: list[float] = []
        lasts: list[float] = []
        between: list[list[tuple[float, float]]] = []
        sized = True
        for row in rows:
            if len(row) == 1:
                word = row[0]
                firsts.append(word.x0)
                lasts.append(word.x1)
                between.append([])
                sized = sized and word.x0 < word.x1
                continue
            first, last = row[0].x0, max(w.x1 for w in row)  # sorted by left edge
            firsts.append(first)
            lasts.append(last)
            between.append(_free_bands(row, first, last))
            sized = sized and all(w.x0 < w.x1 for w in row)
        return cls(rows, min(firsts), max(lasts), firsts, lasts, between, sized)

    def one_block_a_row(self) -> bool:
        """True when no gutter can split the rows: each row is one block of text, and each
        overlaps the row above it or lies less than the narrowest gutter (a label's) apart.

        A gutter grown from one block of text holds only its margins until a row below
        opens a band between text (see :func:`_first_openings`); the first row to do so
        would do so already below the row just above it, and for any gutter width.
        """
        if not self.sized or any(self.between):
            return False
        left, right, width = self.left, self.right, MIN_LABEL_GAP
        return not any(
            (first_above - last_below >= width and right - last_below >= width)
            or (first_below - last_above >= width and first_below - left >= width)
            for first_above, last_above, first_below, last_below in zip(
                self.firsts, self.lasts, self.firsts[1:], self.lasts[1:], strict=False
            )
        )

    def bands(self, index: int) -> list[tuple[float, float]]:
        """The free bands of a row (as :func:`_free_bands` finds them)."""
        first, last = self.firsts[index], self.lasts[index]
        bands = [(self.left, first)] if first > self.left else []
        bands += self.between[index]
        return bands + ([(last, self.right)] if self.right > last else [])

    def table_rows(self, gap: float, body: float) -> list[bool]:
        """For each row, whether it is a table's (:func:`_table_rows`), its cells apart by
        ``gap`` or more; found once for both searches of a region, which mostly share the gap
        (twice the body size ``body``)."""
        if (gap, body) not in self.tables:
            cells = [False] * len(self.rows)
            for index, between in enumerate(self.between):
                if len(between) >= 3:  # a table's row has three gaps between its words
                    cells[index] = _is_tabular(self.rows[index], self.bands(index), gap)
            self.tables[gap, body] = _table_rows(self.rows, cells, gap, body)
        return self.tables[gap, body]

    def side_words(self, start: int, end: int, middle: float) -> tuple[list[int], list[int]]:
        """The words of each of rows ``start .. end - 1`` left and right of ``middle``, for
        the rows with text on that side, when ``middle`` lies in a band free in all of them
        (so that each word lies wholly on one side: the row's first words, by left edge).

        The gutter search tries the same band and end row from one start row after another:
        the rows' words are found once, from the first of them, and cut for the later ones.
        """
        found = self.sides.get((middle, end))
        if found is None or found.start > start:
            found = self.sides[middle, end] = self._side_words(start, end, middle)
        left, right = found.left, found.right
        return (
            left.words[bisect.bisect_left(left.rows, start) :],
            right.words[bisect.bisect_left(right.rows, start) :],
        )

    def cut_rows(
        self, start: int, end: int, middle: float
    ) -> tuple[list[list[Word]], list[list[Word]]]:
        """Each of rows ``start .. end - 1`` cut into its words left of ``middle`` and those
        right of it, as :func:`_sides` finds them, when ``middle`` lies in a band free in
        all of them: each word lies wholly on one side, so a row is cut where its left
        edges pass ``middle`` (slices, not a test of each word). As with
        :meth:`side_words`, the rows are cut once, from the first start row tried."""
        found = self.cuts.get((middle, end))
        if found is None or found[0] > start:
            left, right = [], []
            edges = self._edges_and_counts()[0]
            for words, x0s in zip(self.rows[start:end], edges[start:end], strict=True):
                split = bisect.bisect_left(x0s, middle)
                left.append(words[:split])
                right.append(words[split:])
            found = self.cuts[middle, end] = (start, left, right)
        first, left, right = found
        return left[start - first :], right[start - first :]

    def in_one_type(self, start: int, end: int) -> bool:
        """True when every word of rows ``start .. end - 1`` (one or more) is in one type:
        sizes within :data:`BOX_TYPE_DIFFERENCE` of the smallest, so that no part of them
        (a box) can be set in another type than the rest (see :func:`_same_type`).

        The gutter search asks of one run of rows after another: each row's smallest and
        largest size are found once, and the runs' from those."""
        if self.sizes is None:
            smallest: list[float] = []
            largest: list[float] = []
            for row in self.rows:
                sizes = [word.size for word in row]
                smallest.append(min(sizes))
                largest.append(max(sizes))
            self.sizes = smallest, largest
        low, high = min(self.sizes[0][start:end]), max(self.sizes[1][start:end])
        return high - low < BOX_TYPE_DIFFERENCE * low

    def width(self, start: int, end: int) -> float:
        """The width of the text of rows ``start .. end - 1``, from their edges."""
        return max(self.lasts[start:end]) - min(self.firsts[start:end])

    def _side_words(self, start: int, end: int, middle: float) -> _SideWords:
        """The words of rows ``start .. end - 1`` on each side of ``middle`` (see
        :meth:`side_words`), with the rows that hold them."""
        left_rows: list[int] = []
        left_words: list[int] = []
        right_rows: list[int] = []
        right_words: list[int] = []
        edges, counts_by_row = self._edges_and_counts()
        for row in range(start, end):
            x0s, counts = edges[row], counts_by_row[row]
            split = bisect.bisect_left(x0s, middle)
            if split:
                left_rows.append(row)
                left_words.append(counts[split])
            if split < len(x0s):
                right_rows.append(row)
                right_words.append(counts[-1] - counts[split])
        left, right = _RowWords(left_rows, left_words), _RowWords(right_rows, right_words)
        return _SideWords(start, left, right)

    def _edges_and_counts(self) -> tuple[list[list[float]], list[list[int]]]:
        """By row, the left edges of its words, and the running count of their words (from
        0): found for all rows at once (the bands weighed cross four rows in five of the
        regions that have any), not looked up row by row."""
        if self.edges is None or self.counts is None:
            self.edges, self.counts = [], []
            for words in self.rows:
                if len(words) == 1:  # most rows of pypdfium2's runs
                    self.edges.append([words[0].x0])
                    self.counts.append([0, len(words[0].text.split())])
                    continue
                self.edges.append([word.x0 for word in words])
                counts = itertools.accumulate((len(word.text.split()) for word in words), initial=0)
                self.counts.append(list(counts))
        return self.edges, self.counts


@dataclass(slots=True)
class _RowWords:
    """Word counts of the rows with text on one side of a band, and those rows' numbers."""

    rows: list[int]
    words: list[int]


@dataclass(slots=True)
class _SideWords:
    """The words on each side of a band in rows from ``start`` (see
    :meth:`_RegionRows.side_words`)."""

    start: int
    left: _RowWords
    right: _RowWords


class _GutterSearch:
    """One search for a gutter in a region: for prose on both sides, or beside labels.

    ``body`` is the region's body size; a gutter is at least ``width`` wide in each row,
    and ``shared_width`` over the rows of its run (``slack``, :data:`INK_OVERHANG` of the
    body size, less on each side, for a gutter between columns of prose: see
    :func:`_grow_gutter`). Per row: the ``passes`` a gutter can run through (its free bands
    (:func:`_free_bands`) at least ``width`` wide and, for a table row
    (:func:`_is_tabular`), which no gutter crosses, outside its text; None for a row of
    one block of text until a gutter reaches it, see :meth:`passes_at`), and ``open_low``
    and ``open_high``: the leftmost start of a passable band off the region's left edge
    (inf if none) and the rightmost end of one off its right edge (-inf). ``reached``
    holds, by row, the states of the gutters grown so far above that row, and where each
    ended (see :func:`_grow_gutter`).
    """

    def __init__(self, region: _RegionRows, body: float, *, labels: bool) -> None:
        self.region = region
        self.reached: dict[int, tuple[_GutterState, tuple[int, list[tuple[float, float]]]]] = {}
        self.body = body
        self.labels = labels
        self.width = width = MIN_LABEL_GAP if labels else _gutter_width(body)
        self.slack = 0.0 if labels else INK_OVERHANG * body
        self.shared_width = width - 2 * self.slack
        self.tabular = region.table_rows(max(width, 2 * body), body)
        # A row of one block of text passes a gutter in its margins only, found when a
        # gutter first reaches the row: no gutter reaches more than half of such rows (on
        # the real PDFs), as one grown from such a row leaps to where a band between text
        # opens (see _first_openings).
        self.passes: list[list[tuple[float, float]] | None] = [None] * len(region.rows)
        left, right, inf = region.left, region.right, float("inf")
        # A row of one block of text: its margins, if a gutter wide.
        self.open_low = [last if right - last >= width else inf for last in region.lasts]
        self.open_high = [first if first - left >= width else -inf for first in region.firsts]
        for index, between in enumerate(region.between):
            if between:
                passes = self.passes[index] = self._passable(index)
                self.open_low[index] = next((low for low, _ in passes if low > left), inf)
                self.open_high[index] = next(
                    (high for _, high in reversed(passes) if high < right), -inf
                )

    def _passable(self, index: int) -> list[tuple[float, float]]:
        """The bands of a row with bands between its words that a gutter can run through."""
        first, last = self.region.firsts[index], self.region.lasts[index]
        width, tabular = self.width, self.tabular[index]
        return [
            band
            for band in self.region.bands(index)
            if band[1] - band[0] >= width and (not tabular or band[1] <= first or band[0] >= last)
        ]

    def passes_at(self, index: int) -> list[tuple[float, float]]:
        """The bands of row ``index`` that a gutter can run through (see ``passes``)."""
        passes = self.passes[index]
        if passes is None:
            region = self.region
            passes = self.passes[index] = self.margins(region.firsts[index], region.lasts[index])
        return passes

    def margins(self, first: float, last: float) -> list[tuple[float, float]]:
        """The passable margins of a row of one block of text, left to right."""
        region, width = self.region, self.width
        margins = [(region.left, first)] if first - region.left >= width else []
        return margins + ([(last, region.right)] if region.right - last >= width else [])


def _gutter_run(search: _GutterSearch) -> tuple[int, int, float] | None:
    """The longest run of rows that one gutter of ``search`` splits (see :func:`_column_run`).

    Runs are grown from each row in turn (:func:`_grow_gutter`). From a row of one block
    of text, the row where a band between text first opens is looked up
    (:func:`_first_openings`) instead of growing the margins row by row.
    """
    region = search.region
    rows = region.rows
    # The margins shrink as _first_openings assumes only when every word has a width.
    openings = _first_openings(search) if region.sized else None
    if openings is not None and not any(region.between) and not any(openings):
        return None  # one block of text a row, and no band between text ever opens
    best: tuple[int, int, float] | None = None
    start = 0
    while start < len(rows):
        if best is not None and len(rows) - start <= best[1] - best[0]:
            break  # no run from here on can be longer than the best one
        if search.tabular[start] or (
            openings is not None and not region.between[start] and openings[start] is None
        ):
            start += 1  # a table row starts no gutter; nor does a row that opens none
            continue
        end, interior = _grow_gutter(search, start, openings)
        candidate = _best_separator(search, start, end, interior) if interior else None
        if candidate is not None and (best is None or end - start > best[1] - best[0]):
            best = (start, end, candidate)
        start = end if candidate is not None else start + 1
    return best


def _grow_gutter(
    search: _GutterSearch, start: int, openings: list[int | None] | None
) -> tuple[int, list[tuple[float, float]]]:
    """Grow a gutter down from row ``start``: its end row and its bands between text.

    The gutter starts as the row's free bands and is narrowed by each row below (bands under
    the gutter width closed). A band may narrow below the width, down to the search's
    ``shared_width``, where a row's ink reaches into it by no more than the ``slack`` on
    each side (see :data:`INK_OVERHANG`): only a straight gutter narrows so, as a river of
    a justified text's word spaces, wandering from row to row, does not. It stops where it
    would close, or where its last band between text would close even if the margins stay
    free. From a row of one block of text (no band between its words), ``openings`` gives
    the row where a band between text first opens (None: the gutter closes, or the rows
    run out, before one does); without ``openings``, the margins are narrowed row by row.
    """
    region = search.region
    left, right = region.left, region.right
    passes, reached, width, slack = search.passes, search.reached, search.width, search.slack
    # A region's bands are in order and apart when every word has a width (see _inside):
    # then a row's bands with text on both sides are just those between its words, as its
    # margins touch the region's edges and the bands between its words, bounded by words
    # of some width, do not.
    ordered = region.sized
    between = region.between[start] if ordered else _inside(region.bands(start), left, right)
    if openings is not None and not region.between[start]:
        opening = openings[start]
        if opening is None:
            return start + 1, []
        # Down to the opening, the gutter holds the margins of the rows' text (for the row
        # just below, those of row ``start``: its passes).
        low, high = min(region.firsts[start:opening]), max(region.lasts[start:opening])
        shared, end = search.margins(low, high), opening
    else:
        shared, end = search.passes_at(start), start + 1
    # What is left of a gutter above a row decides where it ends: from a state that an
    # earlier gutter reached, this one ends where that one did.
    states: list[tuple[int, _GutterState]] = []
    outcome = None
    rows = len(region.rows)
    narrowed_once = False  # from then on, ``between`` is what is inside ``shared``
    state = (shared, between)  # built again only when the gutter changes
    while end < rows:
        earlier = reached.get(end)
        if earlier is not None and earlier[0] == state:
            outcome = earlier[1]
            break
        states.append((end, state))
        row_passes = passes[end]
        if row_passes is None:
            row_passes = search.passes_at(end)
        narrowed = _intersect(shared, row_passes, width, slack=slack)
        if narrowed_once and narrowed == shared:
            end += 1  # a row that leaves the gutter as it was (most do) leaves its inside too
            continue
        inside = _inside(narrowed, left, right, ordered=ordered)
        if not narrowed or (between and not inside):
            break
        shared, between, end = narrowed, inside, end + 1
        state = (shared, between)
        narrowed_once = True
    outcome = outcome or (end, between)
    for row, state in states:
        reached[row] = (state, outcome)
    return outcome


#: A gutter being grown, above a row: its passable bands, and those between text.
_GutterState = tuple[list[tuple[float, float]], list[tuple[float, float]]]


def _first_openings(search: _GutterSearch) -> list[int | None]:
    """For each row, the first row below it where a gutter grown from its margins opens a
    band between text (None: none does).

    A gutter grown from a row of one block of text holds only margins: over rows
    ``start .. row - 1``, the left one ends at the leftmost text edge (``first``), the right
    one starts at the rightmost (``last``). Row ``row`` opens a band between text in it
    when a passable band off the left edge starts a gutter's width or more left of where
    the left margin ends, or one off the right edge ends that far right of where the right
    margin starts. Whether it does is monotone in ``start``: it holds from the first start
    after the last row above whose own edge already forbids it. That row is found by a
    binary search in a stack of the rows whose edge no later row passes (the suffix minima
    of ``first``, the suffix maxima of ``last``); the first opening of each start is then
    taken from a heap of the rows open to it. O(n log n) for n rows.
    """
    region, width = search.region, search.width
    if not any(
        first - low >= width or high - last >= width
        for first, last, low, high in zip(
            region.firsts, region.lasts, search.open_low[1:], search.open_high[1:], strict=False
        )
    ):
        return [None] * len(region.rows)  # no row opens a band even below the row above it
    opened_from: dict[int, list[int]] = defaultdict(list)
    firsts: list[tuple[float, int]] = []  # (first, row), first rising up the stack
    lasts: list[tuple[float, int]] = []  # (last, row), last falling up the stack
    edges = zip(region.firsts, region.lasts, search.open_low, search.open_high, strict=True)
    for row, (first, last, low, high) in enumerate(edges):
        earliest = row
        if firsts and firsts[-1][0] - low >= width:
            earliest = _earliest_start(firsts, low, width, lefts=True)
        if lasts and high - lasts[-1][0] >= width:
            earliest = min(earliest, _earliest_start(lasts, high, width, lefts=False))
        if earliest < row:
            opened_from[earliest].append(row)
        while firsts and firsts[-1][0] >= first:
            firsts.pop()
        firsts.append((first, row))
        while lasts and lasts[-1][0] <= last:
            lasts.pop()
        lasts.append((last, row))
    if not opened_from:
        return [None] * len(region.rows)
    first_openings: list[int | None] = []
    open_rows: list[int] = []
    for start in range(len(region.rows)):
        for row in opened_from.get(start, ()):
            heapq.heappush(open_rows, row)
        while open_rows and open_rows[0] <= start:
            heapq.heappop(open_rows)
        first_openings.append(open_rows[0] if open_rows else None)
    return first_openings


def _earliest_start(
    stack: list[tuple[float, int]], bound: float, width: float, *, lefts: bool
) -> int:
    """The row after the topmost one of ``stack`` whose edge stands less than ``width``
    right of ``bound`` (a stack of left edges, ``lefts``) or left of it (right edges); 0
    when none does.

    The edges of an upper part of the stack stand that far off, and those below it do not.
    """
    if lefts:
        failing = bisect.bisect_left(stack, True, key=lambda item: item[0] - bound >= width)
    else:
        failing = bisect.bisect_left(stack, True, key=lambda item: bound - item[0] >= width)
    return stack[failing - 1][1] + 1 if failing else 0


def _is_tabular(row: list[Word], bands: list[tuple[float, float]], width: float) -> bool:
    """True for a row of four or more short cells: a table row, which no gutter crosses.

    Cells are separated by gaps of at least ``width`` (twice the body size: wider than the
    widest word space of justified text) and hold three words at most; a row that also
    holds a line of prose (a table inside one column, beside the other column's text) is
    not one. A table across two columns often has a gap where the gutter runs; without
    this, the gutter would run on through the table and read it as part of both columns.
    """
    gaps = [band for band in bands[1:-1] if band[1] - band[0] >= width]
    if len(gaps) < 3:
        return False
    cells = [0] * (len(gaps) + 1)
    for word in row:
        cells[sum(1 for gap in gaps if word.x0 >= gap[1])] += len(word.text.split())
    return max(cells) <= 3


def _table_rows(rows: list[list[Word]], flags: list[bool], width: float, body: float) -> list[bool]:
    """For each row, whether it is a row of a table: evidence, not one line's wide gaps.

    A row of short cells (``flags``, see :func:`_is_tabular`) counts only when at least two
    other such rows of the region share three of its cell edges (issue #11: three aligned
    columns over three rows). Edges that a quarter of the region's other rows share too (the
    margins and gutters of its columns) are no evidence. A justified line of a few words, its
    spaces stretched, has the gaps of a table row but nothing to line up with.
    """
    if sum(flags) < MIN_COLUMN_ROWS:
        return [False] * len(rows)
    unit = max(body, 1.0)
    edges = [_cell_edges(row, width) for row in rows]
    column_edges = Counter(
        round(edge / unit)
        for flag, row in zip(flags, edges, strict=True)
        if not flag
        for edge in row
    )
    common = max(MIN_COLUMN_ROWS, 0.25 * (len(rows) - sum(flags)))
    cells = [
        [e for e in row if sum(column_edges[round(e / unit) + k] for k in (-1, 0, 1)) < common]
        if flag
        else []
        for flag, row in zip(flags, edges, strict=True)
    ]
    candidates = [index for index, own in enumerate(cells) if own]
    tables = [False] * len(rows)
    for index in candidates:
        # The nearest rows first: a table's rows are usually next to each other.
        partners = 0
        for other in sorted(candidates, key=lambda other: abs(other - index)):
            if other != index and _shared_edges(cells[index], cells[other], unit) >= 3:
                partners += 1
                if partners == MIN_COLUMN_ROWS - 1:
                    tables[index] = True
                    break
    return tables


def _cell_edges(row: list[Word], width: float) -> list[float]:
    """The left and right edges of a row's cells, split at gaps of at least ``width``
    (right edges negated, so that they never match a left edge)."""
    edges = [row[0].x0]
    for previous, word in zip(row, row[1:], strict=False):
        if word.x0 - previous.x1 >= width:
            edges += [-previous.x1, word.x0]
    return edges + [-row[-1].x1]


def _shared_edges(edges: list[float], others: list[float], body: float) -> int:
    """How many of ``edges`` have an edge of ``others`` within half a body size."""
    return sum(1 for edge in edges if any(abs(edge - other) <= 0.5 * body for other in others))


def _inside(
    bands: list[tuple[float, float]], left: float, right: float, *, ordered: bool = False
) -> list[tuple[float, float]]:
    """The bands with text on both sides (not touching the region's left or right edge).

    With ``ordered`` (the bands lie within ``[left, right]``, in order and apart, as those
    of a region whose words all have a width do), only the first band can touch the left
    edge and only the last the right one, so only they are tested: this runs for every row
    a gutter grows through.
    """
    if not ordered:
        return [band for band in bands if left < band[0] and band[1] < right]
    low = 1 if bands and bands[0][0] <= left else 0
    high = len(bands) - 1 if bands and bands[-1][1] >= right else len(bands)
    return bands[low:high]


def _best_separator(
    search: _GutterSearch, start: int, end: int, bands: list[tuple[float, float]]
) -> float | None:
    """The middle of the widest of ``bands`` (free in rows ``start .. end - 1``) that splits
    those rows into two columns.

    Both sides must hold prose (the right side may hold only the last lines of the left
    column's text, see :func:`_runs_over`); or, for a search beside labels, one side prose
    and the other a margin of labels set in another size than the body, unless a left
    margin's labels each open a line of the prose (:func:`_labels_open_lines`): read across,
    each comes first in its line.
    """
    if end - start < MIN_COLUMN_ROWS:
        return None
    region = search.region
    rows = region.rows[start:end]
    one_type: bool | None = None  # found when first needed, for every band
    if len(bands) > 1:
        bands = sorted(bands, key=lambda band: band[0] - band[1])
    for low, high in bands:
        if high - low < search.shared_width:
            continue
        middle = (low + high) / 2
        left_words, right_words = region.side_words(start, end, middle)
        left_prose = _is_prose(left_words)
        if not search.labels:
            # The right side is weighed only beside prose on the left.
            if (
                left_prose
                and (
                    _is_prose(right_words)
                    or _runs_over(rows, middle, right_words, search.body)
                    or _box_beside(region.cut_rows(start, end, middle)[1], high - low, search.body)
                )
                and not _justified_across(rows, middle, search.body)
                and not _lines_across(region.cut_rows(start, end, middle), search.body)
            ):
                return middle
            # A column beside a box needs rows of text on both sides, and two types.
            if min(len(left_words), len(right_words)) < MIN_COLUMN_ROWS:
                continue
            one_type = region.in_one_type(start, end) if one_type is None else one_type
            if not one_type and _beside_justified_column(
                region.cut_rows(start, end, middle), search.body
            ):
                return middle
            continue
        right_prose = _is_prose(right_words)
        if not (left_prose or right_prose):
            continue
        left_side, right_side = region.cut_rows(start, end, middle)
        body, total = search.body, region.width(start, end)
        if (left_prose and _is_label_side(right_side, rows, body, total, beside=False)) or (
            right_prose
            and _is_label_side(left_side, rows, body, total, beside=high - low >= 0.5 * body)
            and not _justified_label(left_side, rows, body)
            and not _labels_open_lines(
                left_side, right_side, above=region.rows[start - 1] if start else None
            )
        ):
            return middle
    return None


def _lines_across(sides: tuple[list[list[Word]], list[list[Word]]], body: float) -> bool:
    """True when one row alone has words on both sides of a band (``sides``: each row's
    words left of it, and right of it), and its words right of the band start more than an
    em left of where the text of every other row right of it starts.

    Right of a gutter, the rows' text starts at the column's left edge (an indent or a
    hanging list item further right). A band under the last lines of a one-column
    paragraph, beside a heading and a column whose top is set lower, may be bounded by one
    line's wide word space alone: that line goes on right of the band well left of the
    column below. pypdfium2's runs hide the line's other spaces, so
    :func:`_justified_across` cannot tell it from a gutter.
    """
    left, right = sides
    across = [words[0].x0 for before, words in zip(left, right, strict=True) if before and words]
    if len(across) != 1:
        return False
    others = [
        words[0].x0 for before, words in zip(left, right, strict=True) if words and not before
    ]
    return bool(others) and across[0] < min(others) - body


#: The word spaces of a justified line are all equal; the word boxes round them differ only
#: by the glyphs' side bearings (pypdfium2's boxes hug the glyphs), less than this many ems.
JUSTIFIED_SPREAD = 0.2


def _justified_across(rows: list[list[Word]], middle: float, body: float) -> bool:
    """True when the rows that hold words on both sides of ``middle`` (two or more) are
    each one justified line across it: all its word spaces, the one at ``middle`` among
    them, of one width (within :data:`JUSTIFIED_SPREAD` ems).

    Justification stretches every space of a line alike, and in a narrow column it may
    stretch them wider than a gutter; a few such lines, one under another, can leave a
    band free of words down the column (a river). Between two columns, the gutter is not
    one of a line's word spaces: the lines either side are set (and stretched) on their
    own, so the gap between them is of another width than their spaces in some row.
    """
    across = [row for row in rows if row[0].x1 <= middle <= row[-1].x0]
    return len(across) >= 2 and all(_evenly_spaced(row, body) for row in across)


def _evenly_spaced(row: list[Word], body: float) -> bool:
    """True when the words of ``row`` (sorted left to right, two spaces or more, each box
    one word) stand equally far apart, within :data:`JUSTIFIED_SPREAD` ems: a justified
    line's spaces. Boxes of several words (pypdfium2's runs: a column's line each, when
    its spaces are not stretched) stand apart by gutters, which may be equal too."""
    if any(" " in word.text.strip() for word in row):
        return False
    spaces = [word.x0 - previous.x1 for previous, word in zip(row, row[1:], strict=False)]
    return len(spaces) >= 2 and max(spaces) - min(spaces) <= JUSTIFIED_SPREAD * body


def _beside_justified_column(sides: tuple[list[list[Word]], list[list[Word]]], body: float) -> bool:
    """True when one of the ``sides`` of a band (each row's words left of it, and right of
    it) holds a column of justified text (see
    :func:`_is_justified_column`) and the other side a box beside it: text in
    :data:`MIN_COLUMN_ROWS` rows or more, set in another type (its size differs by
    :data:`BOX_TYPE_DIFFERENCE` or more). Text wrapped round a box is too narrow to be
    found as prose by its words a row (two or three), but it is told by its edges: the band
    beyond a column's justified edge is its margin, not a river of word spaces or a gap
    between a table's cells."""
    # Each side's middle size, found once for both turns (None: no words).
    sizes = [[word.size for row in side for word in row] for side in sides]
    middles = [_middle(side) if side else None for side in sizes]
    for index, side in enumerate(sides):
        other = 1 - index
        if sum(1 for row in sides[other] if row) < MIN_COLUMN_ROWS:
            continue
        # The type first: it rules out most bands, and costs less to test (the other side
        # has words, and so a middle size, by the test above).
        size, other_size = middles[index], middles[other]
        if (
            size is not None
            and other_size is not None
            and not _same_type(other_size, size)
            and _is_justified_column(side, body)
        ):
            return True
    return False


def _is_justified_column(rows: list[list[Word]], body: float) -> bool:
    """True when most of ``rows`` with text (three or more), each of two words or more,
    are set from the rows' left edge to their right edge (within :data:`JUSTIFIED_SPREAD`
    ems), and most of their words are in lower case: a column of justified running text,
    however few words its lines hold. A table's columns may be flush too (labels set left,
    figures right), but hold names and figures."""
    filled = [row for row in rows if row]
    if len(filled) < MIN_COLUMN_ROWS:
        return False
    low, high = min(row[0].x0 for row in filled), max(row[-1].x1 for row in filled)
    reach = JUSTIFIED_SPREAD * body
    flush = sum(
        1
        for row in filled
        if row[0].x0 - low <= reach and high - row[-1].x1 <= reach and _row_words(row) >= 2
    )
    if flush < max(MIN_COLUMN_ROWS, 0.5 * len(filled)):
        return False
    words = [part for row in filled for word in row for part in word.text.split()]
    return 2 * sum(1 for part in words if part[:1].islower()) >= len(words)


#: A band at least this many ems wide, between a column and a few short lines, may part
#: the column from a box (see :func:`_box_beside`): wider than most word spaces of a
#: justified line, a river's among them, whose words right of it would also have to line
#: up on the left and end a sentence there. Impress's frames side by side stood 1.28 ems
#: apart at their narrowest (``benchmarks/impress_slides.py``, three frames).
BOX_BESIDE_GAP = 1.0
#: The fewest words of a box beside a column (see :func:`_box_beside`): a sentence's.
MIN_BOX_WORDS = 5


def _box_beside(right: list[list[Word]], width: float, body: float) -> bool:
    """True when a band ``width`` wide has, right of it, a box of lines beside the left
    column: a callout on a slide, or a narrow frame beside another, its lines too few or
    too short (large type in a narrow frame) to be found as prose.

    ``right`` holds each row's words right of the band. The box's lines are two rows or
    more next to one another, of :data:`MIN_BOX_WORDS` words or more in all, their left
    edges aligned within a tenth of an em, the last ending a sentence with a full stop, a
    question or an exclamation mark (a column of figures or names does not, nor a form's
    note in brackets); the band is at least :data:`BOX_BESIDE_GAP` ems wide.
    Read across, each of the box's lines was spliced into a line of the column
    (LibreOffice Impress, a slide's text frame beside another).
    """
    held = [index for index, words in enumerate(right) if words]
    if len(held) < 2 or width < BOX_BESIDE_GAP * body:
        return False
    if held[-1] - held[0] != len(held) - 1:
        return False  # not one block of lines
    lines = [right[index] for index in held]
    edge = lines[0][0].x0
    return (
        sum(_row_words(line) for line in lines) >= MIN_BOX_WORDS
        and all(abs(line[0].x0 - edge) <= 0.1 * body for line in lines)
        and lines[-1][-1].text.endswith((".", "!", "?"))
    )


def _runs_over(rows: list[list[Word]], middle: float, right_words: list[int], body: float) -> bool:
    """True when the right of ``middle`` holds, in the first of ``rows`` (a run of rows that
    a band at ``middle`` splits), one or two lines that the left column's text runs over
    into: the last lines of a section set in columns, too few to be found as prose (Writer
    fills the left column first).

    The first of them is a full line of three words or more, as wide as the left column
    (within a tenth), beside the left column's first row; the left column goes on for
    three rows or more below them, while the right stays empty (``right_words``, the words
    of each row with text on the right, holds only theirs), or is a column of justified
    text (see :func:`_is_justified_column`; a document's last page may hold three lines of
    it). A table's title or a column of figures beside a short table is none of these.
    """
    over = len(right_words)
    if not 0 < over < MIN_COLUMN_ROWS or right_words[0] < 3:
        return False
    if not all(row[-1].x0 >= middle for row in rows[:over]):
        return False  # not the first rows of the run
    if rows[0][0].x1 > middle:
        return False  # no line of the left column beside the first
    left_rows = [[word for word in row if word.x1 <= middle] for row in rows]
    if sum(1 for row in rows[over:] if row[0].x1 <= middle) < MIN_COLUMN_ROWS and not (
        _is_justified_column(left_rows, body)
    ):
        return False
    left = [word for row in left_rows for word in row]
    first = [word for word in rows[0] if word.x0 >= middle]
    width = max(w.x1 for w in left) - min(w.x0 for w in left)
    return abs(first[-1].x1 - first[0].x0 - width) <= 0.1 * width


def _is_label_side(
    side: list[list[Word]], rows: list[list[Word]], body: float, total: float, *, beside: bool
) -> bool:
    """True for a narrow margin of labels beside prose: icons, TIP/CAUTION, item numbers.

    The labels are few words a row, within a quarter of the width, and either set in another
    size than the body or, when ``beside`` (a left margin at least half an em from the
    text), beside at most half of the rows; so that the first or last words of ordinary
    lines, with word spaces that happen to line up, are not taken for labels.
    Such a margin is read as a block of its own, so that its words are never spliced into
    the sentences beside them. ``total`` is the width of the text of ``rows``.
    """
    filled = [row for row in side if row]
    if not filled:
        return False
    words = [word for row in filled for word in row]
    other_size = _in_other_type(words, body)
    if not other_size and (not beside or len(filled) > 0.5 * len(rows)):
        return False
    width = max(w.x1 for w in words) - min(w.x0 for w in words)
    return _words_per_row(filled) <= 3 and width <= 0.25 * total


#: A line opens a paragraph when its type size differs from the line before's by more than
#: this share, or when it stands more than ``PARAGRAPH_GAP`` line pitches below it (see
#: :func:`_starts_paragraph` and :func:`_opens_paragraph`).
PARAGRAPH_SIZE_CHANGE = 0.12
PARAGRAPH_GAP = 1.3


def _labels_open_lines(
    labels: list[list[Word]], text: list[list[Word]], *, above: list[Word] | None
) -> bool:
    """True when each of a left margin's ``labels`` stands level with a line of the
    ``text`` beside it (a row each) that opens a paragraph: read across with its line, the
    label comes before the paragraph's first word and is spliced into no sentence.

    A list's item labels in a hanging indent (``A.`` to ``O.``, bullets) and a heading's
    number set a wide word space from its words stand so; read as a margin of their own,
    they would all come before the list, or the number before the page's title. ``above``
    is the row above the first one (None: none), which the text's first line may go on
    from. A line opens a paragraph after no text, after a sentence's end, in another size
    than the line before, or a line and a third of the text's line pitch below it. A row
    whose text beside the label is not in one size is no line of its own: the band may cut
    a label of two words (``User`` / ``services``) in front of a line of the text.
    """
    pitches = [
        line[0].bottom - before[0].bottom
        for before, line in zip(text, text[1:], strict=False)
        if before and line
    ]
    pitch = statistics.median(pitches) if pitches else 0.0
    for index, label in enumerate(labels):
        if not label:
            continue
        line = text[index]
        if not line or not _in_one_size(line):
            return False  # a label on a row of its own, or with its tail beside: a margin
        before = text[index - 1] if index else above
        if before and not _opens_paragraph(before[-1], line[0], pitch):
            return False
    return True


def _in_one_size(words: list[Word]) -> bool:
    """True when no two of ``words`` are in another size (see :func:`_other_size`)."""
    sizes = [word.size for word in words]
    return not _other_size(min(sizes), max(sizes))


def _other_size(size: float, other: float) -> bool:
    """True when two type sizes differ by more than :data:`PARAGRAPH_SIZE_CHANGE` of the
    larger."""
    return abs(size - other) > PARAGRAPH_SIZE_CHANGE * max(size, other, 1.0)


def _opens_paragraph(last: Word, first: Word, pitch: float) -> bool:
    """Whether a line that starts with ``first`` opens a paragraph after the line that
    ends with ``last`` (lines of text ``pitch`` apart from baseline to baseline; 0 for
    unknown), as :func:`_starts_paragraph` judges laid-out lines."""
    if _SENTENCE_END.search(last.text):
        return True
    if _other_size(first.size, last.size):
        return True
    return bool(pitch) and first.bottom - last.bottom > PARAGRAPH_GAP * pitch


def _in_other_type(words: list[Word], body: float) -> bool:
    """True when every word is set a fifth or more larger or smaller than the body size."""
    return all(abs(word.size - body) >= 0.2 * body for word in words)


def _justified_label(labels: list[list[Word]], rows: list[list[Word]], body: float) -> bool:
    """True when a left margin in the body's type holds one label only (``labels``, a row
    each, of ``rows``) and the label's row is one justified line (see
    :func:`_evenly_spaced`): the band beside the label is the line's stretched word space.

    A lone label (TIP beside a note) stands a margin's width from its text, and the text's
    word spaces are narrower. A justified line below a narrower stretch of its column
    (where a column narrowed round a box widens again) leaves its first word alone left
    of a band as wide as its other word spaces.
    """
    labelled = [index for index, row in enumerate(labels) if row]
    if len(labelled) != 1 or _in_other_type(labels[labelled[0]], body):
        return False
    return _evenly_spaced(rows[labelled[0]], body)


def _widen_run(
    rows: list[list[Word]], start: int, end: int, middle: float, body: float
) -> tuple[int, int, float]:
    """Take into a column run the rows just above and below it that its gutter also splits.

    A column that ends a paragraph in its second row (the rest of the row empty) closes
    the band between text before the run has three rows; the few rows above it would then
    be read as full-width lines, splicing the columns' first lines together. Rows with no
    word within half a gutter of its middle are taken, up to the last that has words on
    both sides of it (a row with words on one side only joins only between such rows). A
    row with a table's wide gaps (see :func:`_is_tabular`) joins only when its left part
    fills the left column from edge to edge, as a justified line does. ``body`` is the
    run's body size.
    """
    widening = _WideningRun(rows[start:end], middle, _gutter_width(body) / 2, body)
    row = start
    while row > 0 and widening.clear(rows[row - 1]):
        row -= 1
        start = row if _both_sides(rows[row], middle) else start
    row = end
    while row < len(rows) and widening.clear(rows[row]):
        row += 1
        end = row if _both_sides(rows[row - 1], middle) else end
    return start, end, middle


@dataclass(slots=True)
class _WideningRun:
    """A column run ``run`` (rows) split at ``middle``, in body size ``body``, as
    :func:`_widen_run` weighs the rows next to it; ``half`` is half a gutter's width.

    A class, not a closure: compiled by mypyc, nested functions that call one another hold
    their scope in a reference cycle, which kept each page's words alive until the garbage
    collector's rare full pass (memory grew with a document's length).
    """

    run: list[list[Word]]
    middle: float
    half: float
    body: float
    #: The left and right edges of the run's text, then of its left column's: found when a
    #: row next to the run clear of the gutter is first weighed (most are not).
    found: tuple[float, float, float, float] | None = None

    def edges(self) -> tuple[float, float, float, float]:
        """:attr:`found`, found now if not yet."""
        if self.found is None:
            inside = [word for row in self.run for word in row]
            left_column = [w for w in inside if w.x1 <= self.middle]
            self.found = (
                min(w.x0 for w in inside),
                max(w.x1 for w in inside),
                min(w.x0 for w in left_column),
                max(w.x1 for w in left_column),
            )
        return self.found

    def clear(self, row: list[Word]) -> bool:
        """True when ``row`` may join the run: no word on its gutter, and no table's wide
        gaps unless its left part fills the left column from edge to edge."""
        middle, half, body = self.middle, self.half, self.body
        if _on_gutter(row, middle, half):
            return False
        left, right, column_left, column_right = self.edges()
        if not _is_tabular(row, _free_bands(row, left, right), 2 * max(half, body)):
            return True
        # Wide gaps, as a table row has; but a justified line filling the left column
        # (a short one, its spaces stretched) is the columns' text.
        side = [w for w in row if w.x1 <= middle]
        return bool(side) and (
            abs(min(w.x0 for w in side) - column_left) <= body
            and abs(max(w.x1 for w in side) - column_right) <= body
        )


def _both_sides(row: list[Word], middle: float) -> bool:
    """True when ``row`` has words on both sides of ``middle``."""
    return any(w.x1 <= middle for w in row) and any(w.x0 >= middle for w in row)


def _without_table_edges(
    rows: list[list[Word]], start: int, end: int, middle: float, body: float
) -> tuple[int, int]:
    """The column run ``rows[start:end]`` less the rows at its top or bottom that go with a
    table set across its gutter just above or below it.

    A table wider than a column, set between two stretches of columns, crosses the gutter
    only where a cell's text reaches over it (a header, a long figure): the gutter runs on
    through its other rows, whose cells end short of it, and past the table's heading
    beside the empty other column. Next to a row of table cells on the gutter, the rows of
    one column (left of the gutter) beyond the other column's text are the table's: at the
    top, down to the last of them with a table's gaps; at the bottom, from the first of
    them that does not run on from the column's text above (see :func:`_runs_on`: a
    heading after a space, or a table's first row), when no more than a caption's worth of
    running text follows it. Read with
    the table, they are not spliced into the column's last sentence or read before the
    other column. ``body`` is the run's body size.
    """
    half = _gutter_width(body) / 2
    # A row's last word has the rightmost left edge (rows run left to right).
    right = [index for index in range(start, end) if rows[index][-1].x0 >= middle]
    if not right:
        return start, end

    if _table_on_gutter(rows, start - 1, middle, half, body):
        tabled = [i for i in range(start, right[0]) if _has_table_gap(rows[i], body)]
        if tabled and _prose_rows(rows[start : tabled[-1] + 1], body) < MIN_COLUMN_ROWS:
            start = tabled[-1] + 1
    if _table_on_gutter(rows, end, middle, half, body):
        for index in range(right[-1] + 1, end):
            opens = not _runs_on(rows[index - 1], rows[index], body)
            if opens and _prose_rows(rows[index:end], body) < MIN_COLUMN_ROWS:
                end = index
                break
    return start, end


def _table_on_gutter(
    rows: list[list[Word]], index: int, middle: float, half: float, body: float
) -> bool:
    """True when row ``index`` (none beyond the rows) has words within ``half`` of the
    gutter at ``middle`` and a table's gaps (body size ``body``)."""
    row = rows[index] if 0 <= index < len(rows) else []
    return bool(row) and bool(_on_gutter(row, middle, half)) and _has_table_gap(row, body)


#: Display type (titles, headings) is set this many times the body size or larger.
DISPLAY_TYPE = 1.2


def _below_title_block(
    rows: list[list[Word]], start: int, end: int, middle: float, body: float
) -> int:
    """The first row of the column run ``rows[start:end]`` below a title block at its top,
    set either side of its gutter (``start`` when there is none).

    A cover's title block may leave the gutter clear: a large title on the left and a line
    or two (the issuing department) on the right, far above the columns. The run then takes
    the block in, and the right-hand lines would be read between the left and the right
    column. A side whose first rows (fewer than :data:`MIN_COLUMN_ROWS`) stand
    :data:`MIN_SPANNING_GAP` body sizes or more above its next text, beside rows of the
    other side set only in display type (:data:`DISPLAY_TYPE`) that start beside them
    (not below the gap: a running head above a heading), is a title block: the run starts
    below the gap, and the block is read before the columns. ``body`` is the run's body
    size.
    """
    for side in (lambda w: w.x1 <= middle, lambda w: w.x0 >= middle):
        gap = _gap_below_first_rows(rows, start, end, side, body)
        if gap is None:
            continue
        below, gap_top = gap
        beside = [w for row in rows[start:below] for w in row if not side(w)]
        if (
            beside
            and all(word.size >= DISPLAY_TYPE * body for word in beside)
            and min(word.top for word in beside) < gap_top
        ):
            return below
    return start


def _gap_below_first_rows(
    rows: list[list[Word]], start: int, end: int, side: Callable[[Word], bool], body: float
) -> tuple[int, float] | None:
    """The row after a gap of :data:`MIN_SPANNING_GAP` body sizes or more on one ``side``
    of the rows ``start .. end - 1``, below fewer than :data:`MIN_COLUMN_ROWS` rows with
    text on that side, and the top of the gap (None when there is no such gap)."""
    last: list[Word] = []
    seen = 0
    for index in range(start, end):
        words = [w for w in rows[index] if side(w)]
        if not words:
            continue
        if last and _gap_at_least(last, words, MIN_SPANNING_GAP * body):
            return index, max(w.bottom for w in last)
        seen += 1
        if seen >= MIN_COLUMN_ROWS:
            return None
        last = words
    return None


def _on_gutter(row: list[Word], middle: float, half: float) -> list[Word]:
    """The words of ``row`` within ``half`` of a gutter's ``middle``."""
    return [w for w in row if w.x1 > middle - half and w.x0 < middle + half]


def _box_over_gutter(
    rows: list[list[Word]], start: int, end: int, middle: float, body: float
) -> list[Word]:
    """The words of a box set across the gutter just above or below the column run
    ``rows[start:end]``, with the columns going on past it: a pull quote centred over the
    gutter, which both columns wrap round ([] when there is none).

    The box cuts the gutter, so a run of rows that the gutter splits ends at its top (or
    starts below it), and the columns would be read band by band round it. A row next to
    the run with words on the gutter holds the box; its sides are the empty bands nearest
    those words, left and right (see :func:`_box_span`). The words between them are the
    box when they reach over the gutter into both columns, a column of running text lies
    beside them on each side, and the columns go on, split by the gutter, above and below
    them. A line of the box printed over a column's line, just above or below the rows
    beside it, is the box's too (see :func:`_touching_box_line`). ``body`` is the run's
    body size.
    """
    half = _gutter_width(body) / 2
    found: list[tuple[float, float]] = []

    def columns() -> tuple[float, float]:
        """The inner edges of the run's columns, a box reaches past both: found when a box
        is first weighed (most rows next to a run hold none)."""
        if not found:
            inside = [word for row in rows[start:end] for word in row]
            left_column = max((w.x1 for w in inside if w.x1 <= middle), default=middle)
            right_column = min((w.x0 for w in inside if w.x0 >= middle), default=middle)
            found.append((left_column, right_column))
        return found[0]

    for seed, step in ((start - 1, -1), (end, 1)):
        # Rows with text on one side only are clear of the gutter but left out of the run.
        seed = _next_on_gutter(rows, seed, step, middle, half)
        # The first row on the gutter may be the box's line over a column's line, the
        # box's rows clear of the columns' beyond it.
        for tried in (seed, _next_on_gutter(rows, seed + step, step, middle, half)):
            box = _box_at(rows, tried, middle, half, columns=columns)
            if box:
                return box
    return []


def _box_beside_run(
    rows: list[list[Word]],
    start: int,
    end: int,
    neighbours: tuple[_Run | None, _Run | None],
    body_of: Callable[[int, int], float],
) -> list[Word]:
    """The words of a box over the gutter of a column run just above or below the run
    ``rows[start:end]``, which lies beside the box ([] when there is none).

    Columns may narrow round a box (a pull quote set across the gutter, the columns' lines
    made shorter beside it): the gutter is then cut into a stretch above the box and one
    below it, and the band between the box and a column, running down beside the whole
    box, may be the longest run of rows any band splits. That run is chosen, and the box
    is not over its gutter; the gutter above or below it, ending where the run begins (or
    starting where it ends), is tried instead (see :func:`_box_over_gutter`).
    ``neighbours`` are the column runs of ``rows[:start]`` and of ``rows[end:]``;
    ``body_of`` gives the body size of ``rows[first:last]`` (see :func:`_run_bodies`).
    """
    above, below = neighbours
    if above is not None and above[1] == start:
        box = _box_over_gutter(rows, *above, body_of(above[0], above[1]))
        if box:
            return box
    if below is not None and below[0] == 0:
        first, last = end, end + below[1]
        return _box_over_gutter(rows, first, last, below[2], body_of(first, last))
    return []


def _neighbour_runs(
    rows: list[list[Word]], start: int, end: int
) -> tuple[_Run | None, _Run | None]:
    """The column runs (:func:`_column_run`) of the rows above ``rows[start:end]`` and of
    those below it (None where there are too few rows for one)."""
    above = _column_run(rows[:start]) if start >= MIN_COLUMN_ROWS else None
    below = _column_run(rows[end:]) if len(rows) - end >= MIN_COLUMN_ROWS else None
    return above, below


def _next_on_gutter(
    rows: list[list[Word]], index: int, step: int, middle: float, half: float
) -> int:
    """The first row from ``index`` on (going by ``step``) with words within ``half`` of
    the gutter's ``middle``: its index, or one past the rows' end (-1 or ``len(rows)``)."""
    while 0 <= index < len(rows) and not _on_gutter(rows[index], middle, half):
        index += step
    return index


def _box_at(
    rows: list[list[Word]],
    seed: int,
    middle: float,
    half: float,
    *,
    columns: Callable[[], tuple[float, float]],
) -> list[Word]:
    """The words of a box over the gutter at ``middle`` with words in row ``seed`` (see
    :func:`_box_over_gutter`), reaching past the inner edges of the columns beside the
    gutter (given by ``columns``) ([] when there is none)."""
    if not (0 <= seed < len(rows) and _on_gutter(rows[seed], middle, half)):
        return []
    span = _box_span(rows, seed, middle, half)
    if span is None:
        return []
    first, last, (box_left, box_right) = span
    held = rows[first : last + 1]
    box = [w for row in held for w in row if w.x0 >= box_left and w.x1 <= box_right]
    if not box:
        return []
    inner_left, inner_right = columns()
    if not (box_left < inner_left and box_right > inner_right):
        return []
    beside = (
        [[w for w in row if w.x1 < box_left] for row in held],
        [[w for w in row if w.x0 > box_right] for row in held],
    )
    if not all(_is_column_text(side, 2 * half) for side in beside):
        return []
    # The box's frame lies somewhere between the columns' text beside it.
    edges = (
        max(w.x1 for row in beside[0] for w in row),
        min(w.x0 for row in beside[1] for w in row),
    )
    above = _touching_box_line(rows, first - 1, box, edges, middle, half)
    below = _touching_box_line(rows, last + 1, box, edges, middle, half)
    taken = {id(word) for word in above + below}
    rest = [[w for w in row if id(w) not in taken] for row in rows]
    if _columns_go_on(rest, first - 1, -1, middle, half) and _columns_go_on(
        rest, last + 1, 1, middle, half
    ):
        return above + box + below
    return []


#: A box's type is set apart from the columns' when its size differs by this share or more.
BOX_TYPE_DIFFERENCE = 0.05


def _touching_box_line(
    rows: list[list[Word]],
    index: int,
    box: list[Word],
    edges: tuple[float, float],
    middle: float,
    half: float,
) -> list[Word]:
    """The words of a line of ``box`` set in row ``index``, just above or below the rows
    beside the box, over or against a line of the columns ([] when there is none).

    A box's first or last line may touch a column's line (a box whose text overflows its
    frame, or a frame set tight to the text round it): the two are then one row, the
    column's line running under the box's sides, so no empty band marks the box's edges
    there. The box's line is told apart by its type: the row's words between ``edges``
    (the inner edges of the columns' text beside the box) in the box's size, when that
    differs from the size of the row's other words (a pull quote is set larger or smaller
    than the text it is quoted from), reaching over the gutter as the box's own lines do.
    """
    if not 0 <= index < len(rows):
        return []
    size = _middle([word.size for word in box])
    line = [
        w for w in rows[index] if w.x0 >= edges[0] and w.x1 <= edges[1] and _same_type(w.size, size)
    ]
    taken = {id(word) for word in line}
    others = [w for w in rows[index] if id(w) not in taken]
    if not (line and others and _on_gutter(line, middle, half)):
        return []
    if _same_type(_middle([w.size for w in others]), size):
        return []  # the row's words are all in one type: a line of the columns
    return line


def _without_closing_heading(rows: list[list[Word]], start: int, end: int, middle: float) -> int:
    """The end of the column run of rows ``start .. end - 1`` split at ``middle``, without
    its last rows when they are a heading left of the gutter, in larger type than the two
    columns' text above it (set in one type), with nothing beside it, and the rows below
    the run are set across the gutter.

    Under a section in two columns, the heading of the next section may be narrower than
    the left column and so lie in the gutter's run; read with the left column, it would be
    spliced into the sentence that runs on to the top of the right column. A heading is
    kept with the text after it (a typesetter does not leave one at a column's foot), so
    there it heads what follows the columns. Beside a box in another type than the text
    (a sidebar on the left), the rows are no section's two columns.
    """
    if end == len(rows) or not any(word.x0 < middle < word.x1 for word in rows[end]):
        return end  # what follows is not set across the gutter
    while end - start > MIN_COLUMN_ROWS:
        last = rows[end - 1]
        if last[-1].x1 > middle:
            break
        above = [word for row in rows[start : end - 1] for word in row]
        left = [word for word in above if word.x1 < middle]
        right = [word for word in above if word.x0 > middle]
        if not (left and right):
            break
        text, heading = _body_size(left), _body_size(last)
        if not _same_type(text, _body_size(right)) or heading <= text or _same_type(heading, text):
            break
        end -= 1
    return end


def _same_type(size: float, other: float) -> bool:
    """True when type sizes ``size`` and ``other`` differ by less than
    :data:`BOX_TYPE_DIFFERENCE` of ``other``."""
    return abs(size - other) < BOX_TYPE_DIFFERENCE * other


def _smaller_type(size: float, other: float) -> bool:
    """True when type size ``size`` is set smaller than ``other``, not in the same type
    (see :func:`_same_type`): a box's type beside the body's."""
    return size < other and not _same_type(size, other)


def _box_span(
    rows: list[list[Word]], seed: int, middle: float, half: float
) -> tuple[int, int, tuple[float, float]] | None:
    """The rows beside a box whose words on the gutter lie in row ``seed``, and the box's
    left and right edges: (first row, last row, (left, right)), or None.

    The box's sides are the empty bands, at least :data:`MIN_GUTTER` wide, nearest the
    seed's words on the gutter on the left and on the right; they are followed up and
    down the rows for as long as both stay open (narrowed by each row), as the gutter is
    (see :func:`_grow_gutter`), and what lies between them is on the gutter (a line of
    the box) or nothing: the columns' text beside a box ends and starts at the same
    edges, the box's own lines are centred or ragged between them.
    """
    left = min(row[0].x0 for row in rows)  # rows run left to right
    right = max(word.x1 for row in rows for word in row)
    crossing = _on_gutter(rows[seed], middle, half)
    low, high = min(w.x0 for w in crossing), max(w.x1 for w in crossing)
    bands = [b for b in _free_bands(rows[seed], left, right) if b[1] - b[0] >= MIN_GUTTER]
    lefts, rights = [b for b in bands if b[1] <= low], [b for b in bands if b[0] >= high]
    if not (lefts and rights):
        return None
    sides = (lefts[-1], rights[0])

    def narrowed(row: list[Word]) -> tuple[tuple[float, float], tuple[float, float]] | None:
        free = _free_bands(row, left, right)
        on_left = _intersect([sides[0]], free, MIN_GUTTER)
        on_right = _intersect([sides[1]], free, MIN_GUTTER)
        if not (on_left and on_right):
            return None
        inside = [w for w in row if w.x0 >= on_left[-1][1] and w.x1 <= on_right[0][0]]
        if inside and not _on_gutter(inside, middle, half):
            return None  # the end of a line of the column, not a line of the box
        return on_left[-1], on_right[0]

    first = last = seed
    while first > 0 and (kept := narrowed(rows[first - 1])):
        sides, first = kept, first - 1
    while last + 1 < len(rows) and (kept := narrowed(rows[last + 1])):
        sides, last = kept, last + 1
    return first, last, (sides[0][1], sides[1][0])


def _is_column_text(rows: list[list[Word]], width: float) -> bool:
    """True when ``rows`` (the words on one side of a box, a row each) hold one column of
    running text: three rows or more with text, two words or more in most of them, and no
    band ``width`` wide empty between their words in all of them (a table's cells).

    Beside a box the column is narrow, so its rows may hold two or three words only.
    """
    filled = [row for row in rows if row]
    if len(filled) < MIN_COLUMN_ROWS or _words_per_row(filled) < 2:
        return False
    left = min(word.x0 for row in filled for word in row)
    right = max(word.x1 for row in filled for word in row)
    shared = [(left, right)]
    for row in filled:
        shared = _intersect(shared, _free_bands(row, left, right), width)
    return not _inside(shared, left, right)


def _columns_go_on(
    rows: list[list[Word]], index: int, step: int, middle: float, half: float
) -> bool:
    """True when, from row ``index`` on (going by ``step``), the rows clear of the gutter
    at ``middle`` include :data:`MIN_COLUMN_ROWS` with words left of it and as many with
    words right of it: two columns (not the header row of a table whose middle column
    would pass for a box). The columns' lines need not be level: a heading or a paragraph
    space in one column sets its baselines off the other's, so that each row of the page
    holds a line of one column only."""
    left = right = 0
    while 0 <= index < len(rows) and not _on_gutter(rows[index], middle, half):
        left += any(w.x1 <= middle for w in rows[index])
        right += any(w.x0 >= middle for w in rows[index])
        if min(left, right) == MIN_COLUMN_ROWS:
            return True
        index += step
    return False


def _with_box(blocks: list[list[Word]], box: list[Word]) -> list[list[Word]]:
    """``blocks`` with ``box`` read as a block of its own where the text beside it first
    ends a sentence: after the first line level with the box or below it that ends one,
    in the blocks beside the box in reading order (the block is split there); failing
    that, after the first word level with the box or below it that ends one inside a line
    (a narrow column seldom ends a sentence at a line's end; the line is split); failing
    that, after the last block beside the box.

    A box is no part of the sentences round it: read at a sentence end, it splices none,
    as it would after a column whose last sentence runs on over the page.
    """
    top, bottom = min(w.top for w in box), max(w.bottom for w in box)
    beside = [
        index
        for index, block in enumerate(blocks)
        if any(w.top < bottom and w.bottom > top for w in block)
    ]
    for inside_lines in (False, True):
        for index in beside:
            lines = _block_rows(blocks[index])
            if inside_lines:
                lines = [_runs_cut_at_sentence_ends(line) for line in lines]
            cut = _sentence_end_below(lines, top, inside_lines=inside_lines)
            if cut is not None:
                line, words = cut
                head = [word for row in lines[:line] for word in row] + lines[line][:words]
                tail = lines[line][words:] + [word for row in lines[line + 1 :] for word in row]
                return [*blocks[:index], head, box, *([tail] if tail else []), *blocks[index + 1 :]]
    at = beside[-1] + 1 if beside else len(blocks)
    return [*blocks[:at], box, *blocks[at:]]


_INNER_SENTENCE_END = re.compile(r"(?<=[.!?:;\"')\]]) +(?=\S)")


def _runs_cut_at_sentence_ends(line: list[Word]) -> list[Word]:
    """A line's words, each box of several words (a pypdfium2 run) cut after every
    sentence end inside it; the cut's place along the box is judged by its share of the
    box's characters."""
    cut: list[Word] = []
    for word in line:
        start, x0 = 0, word.x0
        per_char = (word.x1 - word.x0) / max(len(word.text), 1)
        for space in _INNER_SENTENCE_END.finditer(word.text):
            end = word.x0 + per_char * space.start()
            cut.append(
                Word(word.text[start : space.start()], x0, end, word.top, word.bottom, word.size)
            )
            start, x0 = space.end(), word.x0 + per_char * space.end()
        cut.append(
            Word(word.text[start:], x0, word.x1, word.top, word.bottom, word.size)
            if start
            else word
        )
    return cut


def _sentence_end_below(
    lines: list[list[Word]], top: float, *, inside_lines: bool
) -> tuple[int, int] | None:
    """The first sentence end in ``lines`` on a line reaching below ``top``: (line, words
    of it up to the end). Only lines that end a sentence, or with ``inside_lines`` only a
    sentence's end before a line's last word; None when there is none."""
    for number, line in enumerate(lines):
        if line[-1].bottom <= top:
            continue
        if not inside_lines:
            if _SENTENCE_END.search(line[-1].text):
                return number, len(line)
            continue
        for position, word in enumerate(line[:-1], start=1):
            if _SENTENCE_END.search(word.text):
                return number, position
    return None


def segment_region(
    words: list[Word], depth: int = 0, *, column_width: float | None = None
) -> list[list[Word]]:
    """Cut a region into blocks in reading order (recursive, like an XY-cut).

    The longest run of rows that a gutter splits is read column by column (each column
    segmented again, for three columns or a column holding a box); the rows above and below
    it (a full-width title or abstract, a table across both columns, a one-column section)
    are segmented on their own and read before and after it; a full-width element inside
    the run closes its columns (see :func:`_read_columns`). A box set across the gutter
    next to the run, the columns going on past it (a pull quote, see
    :func:`_box_over_gutter`), is taken out, so that the gutter runs through it, and read
    whole where the text beside it ends a sentence; so is a box over the gutter of the
    rows just above or below the run, the run lying beside the box
    (:func:`_box_beside_run`). ``column_width`` is the width of the column just read to
    the left, for :func:`_repeated_gutter`.
    """
    if len(words) < 2 * MIN_COLUMN_ROWS or depth > 12:
        return [words]
    return _segment_rows(_group_lines(words), depth, column_width=column_width, words=words)


def _segment_rows(
    rows: list[list[Word]],
    depth: int,
    *,
    column_width: float | None = None,
    run: _Run | None | Literal[False] = False,
    words: list[Word] | None = None,
) -> list[list[Word]]:
    """:func:`segment_region` of a region's rows (:func:`_group_lines`), with the region's
    column run when it is known already (``run``; False when it is not) and its words in
    the order given (``words``; row by row when not given).

    The rows above or below a column run group into the same rows again (lines are grouped
    in order of their baselines, each by its first word), so that their column run, found
    while looking for a box beside the run, is that of the region they are read as.
    """
    if words is None:
        words = [word for row in rows for word in row]
    if len(words) < 2 * MIN_COLUMN_ROWS or depth > 12 or len(rows) < MIN_COLUMN_ROWS:
        return [GroupedBlock(words, rows)]
    if run is False:
        run = _column_run(rows)
    if run is None:
        run = _repeated_gutter(rows, column_width)
    if run is None:
        return [GroupedBlock(words, rows)]
    body_of = _run_bodies(rows)
    start, end, middle = _widen_run(rows, *run, body_of(run[0], run[1]))
    start, end = _without_table_edges(rows, start, end, middle, body_of(start, end))
    end = _without_closing_heading(rows, start, end, middle)
    start = _below_title_block(rows, start, end, middle, body_of(start, end))
    neighbours: tuple[_Run | None, _Run | None] | None = None
    box = _box_over_gutter(rows, start, end, middle, body_of(start, end))
    if not box:
        neighbours = _neighbour_runs(rows, start, end)
        box = _box_beside_run(rows, start, end, neighbours, body_of)
    if box:
        taken = {id(word) for word in box}
        rest = [word for word in words if id(word) not in taken]
        return _with_box(segment_region(rest, depth + 1, column_width=column_width), box)
    above_run: _Run | None | Literal[False] = False
    below_run: _Run | None | Literal[False] = False
    if neighbours:
        above_run, below_run = neighbours
    blocks: list[list[Word]] = []
    if start:
        blocks += _segment_rows(rows[:start], depth + 1, run=above_run)
    columns, lead = _read_columns(rows[start:end], rows[end:], middle, depth, body_of(start, end))
    blocks += columns
    if end + lead < len(rows):
        blocks += _segment_rows(rows[end + lead :], depth + 1, run=False if lead else below_run)
    return [block for block in blocks if block]


def _run_bodies(rows: list[list[Word]]) -> Callable[[int, int], float]:
    """The body size of the words of ``rows[start:end]``, by ``(start, end)``, each found
    once: the steps that trim a column run and read it (see :func:`_segment_rows`) weigh
    the type of the same run of rows, mostly, one after another."""

    sizes: dict[tuple[int, int], float] = {}

    def body_of(start: int, end: int) -> float:
        size = sizes.get((start, end))
        if size is None:
            size = sizes[start, end] = _body_size([word for row in rows[start:end] for word in row])
        return size

    return body_of


def _read_columns(
    rows: list[list[Word]], below: list[list[Word]], middle: float, depth: int, body: float
) -> tuple[list[list[Word]], int]:
    """The blocks of a column run split at ``middle``: the left column, then the right;
    and how many of the rows ``below`` it were read with it (see :func:`_wrapped_lead`).

    Where a full-width table or figure breaks the run (see :func:`_spanning_break`), the
    columns above it are read first, then the element, then the columns below it. Where
    the right side is a box beside text that runs on past the run (a sidebar in a
    column's foot: :func:`_box_beside_unfinished_text`), the box is read whole at a
    sentence end beside it instead of after the text. ``body`` is the body size of
    ``rows``.
    """
    spanning = _spanning_break(rows, middle, body)
    columns = rows[: spanning[0]] if spanning else rows
    inside = [word for row in columns for word in row]
    left = [w for w in inside if (w.x0 + w.x1) / 2 < middle]
    right = [w for w in inside if (w.x0 + w.x1) / 2 >= middle]
    blocks = segment_region(left, depth + 1)
    lead = 0 if spanning else _wrapped_lead(left, below, middle)
    if lead:
        blocks.append([word for row in below[:lead] for word in row])
    width = max(w.x1 for w in left) - min(w.x0 for w in left) if left else None
    if not (spanning or lead) and _box_beside_unfinished_text(left, right):
        blocks = _with_box(blocks, right)
    else:
        blocks += segment_region(right, depth + 1, column_width=width)
    if spanning is not None:
        blocks += segment_region([w for row in rows[slice(*spanning)] for w in row], depth + 1)
        rest = rows[spanning[1] :]
        body = _body_size([word for row in rest for word in row])
        more, lead = _read_columns(rest, below, middle, depth, body)
        blocks += more
    return blocks, lead


def _box_beside_unfinished_text(left: list[Word], right: list[Word]) -> bool:
    """True when the right side of a column run is a box set beside the left side's text,
    and that text's last line runs on past the run (it ends no sentence).

    A sidebar set in the foot of a column, the column's text narrowed beside it, is split
    from the text as a column of its own; read after the text, it would be read inside the
    sentence that runs on into the next column. A box is told by its type (a smaller body
    size than the text's: see :func:`_same_type`), by lying beside the text, within its
    height, and by holding running text as the text beside it does (a heading or a table's
    column of figures is no box); it is then read at a sentence end beside it
    (:func:`_with_box`).
    """
    if not (left and right):
        return False
    body, box_size = _body_size(left), _body_size(right)
    if not _smaller_type(box_size, body):
        return False
    lines = _group_lines(left)
    if not all(
        _is_prose_side(side) or _is_narrow_text(side) for side in (lines, _group_lines(right))
    ):
        return False
    # The box's frame may stand up to a line above or below the text beside it.
    if (
        min(w.top for w in right) < min(w.top for w in left) - body
        or max(w.bottom for w in right) > max(w.bottom for w in left) + body
    ):
        return False
    return not _SENTENCE_END.search(lines[-1][-1].text)


def _is_narrow_text(rows: list[list[Word]]) -> bool:
    """True for rows of running text set too narrow for :func:`_is_prose_side` (a word or
    two a row, as in a narrow frame or beside one): six rows or more after the first, most
    of them going on with a sentence, starting in lower case, as the rows of a heading, a
    title block or a table's column rarely do."""
    starts = [row[0].text[:1] for row in rows[1:] if row]
    going_on = sum(1 for start in starts if start.islower())
    return len(starts) >= 2 * MIN_COLUMN_ROWS and going_on >= 2 * len(starts) / 3


#: Columns are broken by a full-width element when one of them is empty for this many body
#: sizes (about three blank lines), more than any heading or paragraph spacing leaves.
MIN_SPANNING_GAP = 4.0


def _spanning_break(rows: list[list[Word]], middle: float, body: float) -> tuple[int, int] | None:
    """The rows of a full-width table or figure that breaks a column run, if there is one.

    Columns broken by a full-width element (a table, a chart, a box set across the page)
    are read above it column by column, then the element, then the columns below it. The
    gutter may stay free through the element (a table narrower than the page, a figure
    without a text layer), so the break is found by the space it leaves: one column holds
    no text over a tall stretch, with text above and below it. Beside the stretch, the
    other column's text stops (after any lines it runs on by, when the columns are not
    balanced) and starts afresh below it; between the two it holds what a table or figure
    leaves: table rows (cells apart by wide gaps) or a tall empty space of its own, and
    no more than a caption's worth of running text. A figure inside one column, or a
    heading in the other that happens to sit beside its foot, leaves no such evidence, so
    those columns are read whole.

    Returns (first, end) of the rows between the columns above and below, or None.
    ``rows`` run left to right, as :func:`_group_lines` leaves them; ``body`` is their
    body size.
    """
    sides = (
        # A row's first word mostly ends leftmost: tested first.
        [
            index
            for index, row in enumerate(rows)
            if row[0].x1 <= middle or any(w.x1 <= middle for w in row)
        ],
        # A row's last word has the rightmost left edge (rows run left to right).
        [index for index, row in enumerate(rows) if row[-1].x0 >= middle],
    )
    # Tall empty stretches of one column with the other column's text above and below
    # (the gap, which costs most to find, tested last).
    stretches = [
        [
            (upper, lower)
            for upper, lower in zip(side, side[1:], strict=False)
            if other
            and other[0] <= upper
            and other[-1] >= lower
            and _gap_at_least(rows[upper], rows[lower], MIN_SPANNING_GAP * body)
        ]
        for side, other in ((sides[0], sides[1]), (sides[1], sides[0]))
    ]
    if not any(stretches):
        return None
    halves = _sides(rows, middle)
    if not all(_is_prose_side(half) for half in halves):
        return None  # a margin of labels is sparse by nature, and no column of its own
    for pairs, other, half in (
        (stretches[0], sides[1], halves[1]),
        (stretches[1], sides[0], halves[0]),
    ):
        for upper, lower in pairs:
            # The other column's rows from its last above the stretch to its first below.
            first_below = next(index for index in other if index >= lower)
            column = [index for index in other if index <= upper][-1:] + [
                index for index in other if upper < index <= first_below
            ]
            runs_on = [
                _runs_on(half[previous], half[index], body)
                for previous, index in zip(column, column[1:], strict=False)
            ]
            if runs_on[-1]:
                continue  # the other column's text runs on into the rows below
            step = runs_on.index(False)
            element = column[1 + step]
            between = rows[element:lower]
            gaps = [
                _vertical_gap(half[previous], half[index])
                for previous, index in zip(column[step:], column[step + 1 :], strict=False)
            ]
            tabled = sum(1 for row in between if _has_table_gap(row, body)) >= 2
            if not (tabled or max(gaps) >= MIN_SPANNING_GAP * body):
                continue
            if _prose_rows(between, body) >= MIN_COLUMN_ROWS:
                continue
            return min(element, lower), lower
    return None


def _vertical_gap(upper: list[Word], lower: list[Word]) -> float:
    """The empty height between two rows."""
    return min(w.top for w in lower) - max(w.bottom for w in upper)


def _gap_at_least(upper: list[Word], lower: list[Word], height: float) -> bool:
    """True when the empty height between two rows (:func:`_vertical_gap`) is ``height``
    or more. The gap is no taller than the one between the rows' first words, and most
    rows lie closer together than that: told from those two words alone."""
    return lower[0].top - upper[0].bottom >= height and _vertical_gap(upper, lower) >= height


def _runs_on(previous: list[Word], row: list[Word], body: float) -> bool:
    """True when ``row`` runs on from ``previous`` in the same column: at most a body size
    below it, and not the first row of a table under running text."""
    if _vertical_gap(previous, row) > body:
        return False
    return _has_table_gap(previous, body) or not _has_table_gap(row, body)


def _has_table_gap(row: list[Word], body: float) -> bool:
    """True when two words of ``row`` are further apart than any word space: table cells."""
    return any(b.x0 - a.x1 > 1.6 * body for a, b in zip(row, row[1:], strict=False))


def _prose_rows(rows: list[list[Word]], body: float) -> int:
    """How many of ``rows`` read as running text: three words or more, no table gaps."""
    return sum(1 for row in rows if _row_words(row) >= 3 and not _has_table_gap(row, body))


def _wrapped_lead(text: list[Word], below: list[list[Word]], middle: float) -> int:
    """How many rows below a column run finish the sentence that its left column leaves
    open, when that column is text wrapped round a box on the right (a sidebar, a frame,
    a floated aside): 0 when it is not.

    Wrapped text runs on under the box: the column holds prose or justified text (not a
    margin of labels, whose text runs on under the label), its last row ends inside a
    sentence, and the rows below start at the column's left edge, the first with a
    lower-case letter, and are single lines across the gutter (no gap there as wide as a
    gutter: not two columns side by side), but for the one that ends the sentence (a
    paragraph's last line may be short). Read after those rows, the box is kept apart
    instead of being spliced into the paragraph round it.
    """
    if not text or not below or not below[0][0].text[:1].islower():
        return 0
    lines = _group_lines(text)
    edge, body = min(w.x0 for w in text), _body_size(text)
    if _SENTENCE_END.search(lines[-1][-1].text) or not (
        _is_prose_side(lines) or _is_justified_column(lines, body)
    ):
        return 0
    gutter = _gutter_width(body)
    for count, row in enumerate(below, start=1):
        ends = bool(_SENTENCE_END.search(row[-1].text))
        across = (ends and count > 1) or _crosses(row, middle, gutter)
        if abs(row[0].x0 - edge) > body or not across:
            return 0
        if ends:
            return count
    return 0


def _crosses(row: list[Word], middle: float, gutter: float) -> bool:
    """True when the row (sorted by x) is one line across ``middle``: words on both sides
    of it and no gap there as wide as ``gutter``."""
    if not (row[0].x0 < middle < row[-1].x1):
        return False
    return not any(
        a.x1 <= middle <= b.x0 and b.x0 - a.x1 >= gutter for a, b in zip(row, row[1:], strict=False)
    )


def _repeated_gutter(
    rows: list[list[Word]], column_width: float | None
) -> tuple[int, int, float] | None:
    """A gutter one column width from the left edge, when every row leaves it empty.

    Beside a column just read, columns of the same width usually go on: the last column
    of a document may hold only a row or two (too few to find its gutter by the prose on
    both sides), and would otherwise be read line by line across with the column beside it.
    The gutter must be clear in every row and have words on both sides in at least one.
    """
    if column_width is None:
        return None
    words = [word for row in rows for word in row]
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    gutter = _gutter_width(_body_size(words))
    low = left + column_width
    if right - low < 0.5 * column_width:
        return None
    if any(w.x1 > low and w.x0 < low + gutter for w in words):
        return None
    middle = low + gutter / 2
    split = [any(w.x1 <= middle for w in row) and any(w.x0 >= middle for w in row) for row in rows]
    return (0, len(rows), middle) if any(split) else None


def order_page(page: PageWords, dropped: _Dropped) -> list[Line]:
    """The page's lines in reading order, each tagged with its block number."""
    words = [word for word in page.words if word.text.strip()]
    words = drop_margin_numbers(words, dropped)
    if not words:
        return []
    lines: list[Line] = []
    for block, group in enumerate(segment_region(words)):
        lines += _block_lines(group, page.number, block, dropped)
    return lines


# ---------------------------------------------------------------------------- line numbers

_LINE_NUMBER = re.compile(r"^\d{1,4}$")


def drop_margin_numbers(words: list[Word], dropped: _Dropped) -> list[Word]:
    """Remove line numbers printed in a margin or gutter, keeping the lines they number.

    A line number is a lone number set apart from the text of its row, one of at least
    three such numbers aligned on the same edge down the page, alone in their band, rising
    in steps of one line (every line) or a fixed count (every fifth line), at most three
    times further apart in one place than in another (headings are taller). Their lines
    stay in the text.
    """
    candidates = [word for word in words if _LINE_NUMBER.match(word.text)]
    if len(candidates) < 3:
        return words
    # Each number is judged against the words level with it, found by their tops: from a
    # tallest word's height (and a point) above its top down to its bottom.
    by_top = sorted(words, key=_by_top)
    tops = [word.top for word in by_top]
    reach = max(word.bottom - word.top for word in words) + 1.0
    lone = [
        word
        for word in candidates
        if _set_apart(
            word,
            by_top[
                bisect.bisect_left(tops, word.top - reach) : bisect.bisect_right(tops, word.bottom)
            ],
        )
    ]
    by_edge: dict[int, list[Word]] = defaultdict(list)
    for word in lone:
        by_edge[round(word.x1 / 3)].append(word)
    remove: set[int] = set()
    for key in sorted(by_edge):
        if key in {k + 1 for k in by_edge if k < key and id(by_edge[k][0]) in remove}:
            continue
        # The next edge may hold the same numbers, rounded the other way, or a page number.
        for group in (by_edge[key] + by_edge.get(key + 1, []), by_edge[key]):
            if len(group) >= 3 and _numbers_count_lines(group) and _band_is_clear(group, words):
                remove |= {id(word) for word in group}
                break
    if not remove:
        return words
    for word in words:
        if id(word) in remove:
            dropped.add("margin_numbers", word.text)
    return [word for word in words if id(word) not in remove]


def _set_apart(number: Word, words: list[Word]) -> bool:
    """True when no word of the number's row lies within a word space of it, or, for a
    number in a narrow gutter, none on one side while the other side's near words are a
    line's end (three words or more on that side of the row): a line number may stand as
    close to the other column's line ends as a word space. A label's number (``Item 3``)
    has one word beside it; the numbers are also told from a line's first or last word by
    their column of their own (see :func:`_band_is_clear`)."""
    size = max(number.bottom - number.top, 1.0)
    near_left = near_right = False
    left_words = right_words = 0
    for word in words:
        if word is number or word.bottom < number.top or word.top > number.bottom:
            continue
        near_right = near_right or -0.8 * size < word.x0 - number.x1 < 0.8 * size
        near_left = near_left or -0.8 * size < number.x0 - word.x1 < 0.8 * size
        parts = len(word.text.split())  # a pypdfium2 run counts its own words
        if word.x0 + word.x1 < number.x0 + number.x1:
            left_words += parts
        else:
            right_words += parts
    if near_left and near_right:
        return False
    return not (near_left and left_words < 3 or near_right and right_words < 3)


def _band_is_clear(group: list[Word], words: list[Word]) -> bool:
    """True when no other word sits in the numbers' column between the first and last,
    but for the line ends of a justified column that the numbers are printed over.

    A column of years in a table has its heading and other cells in the same band; a
    margin holds the line numbers alone. The band is what every number covers (numbers
    of one to three digits, set to one edge, reach out from it by their lengths), so that
    the text a longer number stands beside in a narrow gutter is not taken to be in it.
    In a gutter narrower than the numbers, Writer prints them over the ends of the left
    column's lines (see :func:`_justified_edge_under`).
    """
    members = {id(word) for word in group}
    left, right = max(w.x0 for w in group), min(w.x1 for w in group)
    top, bottom = min(w.top for w in group), max(w.bottom for w in group)
    size = max(group[0].bottom - group[0].top, 1.0)
    inside = [
        word
        for word in words
        if id(word) not in members
        and word.x0 < right
        and word.x1 > left
        and word.bottom > top - 2 * size
        and word.top < bottom + 2 * size
    ]
    return not inside or _justified_edge_under(inside, left, right, size)


#: The lines of a justified column end within this share of the type size of one another.
JUSTIFIED_EDGE = 0.15


def _justified_edge_under(inside: list[Word], left: float, right: float, size: float) -> bool:
    """True when the words reaching into a column of numbers (``left`` to ``right``, in
    type ``size``) are the ends of a justified column's lines under it: three or more,
    each coming in from the left and ending short of the numbers' right edge, all at one
    edge (within :data:`JUSTIFIED_EDGE` of the size)."""
    ends = [word.x1 for word in inside]
    return (
        len(inside) >= MIN_COLUMN_ROWS
        and all(word.x0 < left for word in inside)
        and max(ends) < right
        and max(ends) - min(ends) <= JUSTIFIED_EDGE * size
    )


def _numbers_count_lines(group: list[Word]) -> bool:
    """True when the numbers rise down the page in a fixed step (1, or 5, 10 between rows)."""
    ordered = sorted(group, key=lambda word: word.top)
    values = [int(word.text) for word in ordered]
    steps = [b - a for a, b in zip(values, values[1:], strict=False)]
    if any(step <= 0 for step in steps):
        return False
    step = min(steps)
    if step not in (1, 2, 5, 10) or any(other % step for other in steps):
        return False
    # Equal steps in value must be (nearly) equal steps down the page.
    pitches = [
        (b.top - a.top) / ((int(b.text) - int(a.text)) / step)
        for a, b in zip(ordered, ordered[1:], strict=False)
    ]
    # Headings and paragraph spacing make some numbered lines taller than others.
    return min(pitches) > 0 and max(pitches) <= 3 * min(pitches)


def _block_lines(words: list[Word], page: int, block: int, dropped: _Dropped) -> list[Line]:
    """The lines of one block (a column or a full-width band), markers dropped."""
    lines = []
    for raw in _block_rows(words):
        if len(raw) == 1:
            # Most lines of pypdfium2's runs: one word, its own body size, no marker beside
            # it to drop (as the steps below find, without a call for each).
            word = raw[0]
            lines.append(Line(raw, page, word.top, word.bottom, round(word.size, 1), block))
            continue
        size = _body_size(raw)
        kept = _drop_markers(raw, size, dropped)
        if kept:
            line = _make_line(kept, page, size)
            line.block = block
            lines.append(line)
    return lines


def move_footnotes(lines: list[Line], page: PageWords, dropped: _Dropped) -> list[Line]:
    """Move footnotes (small type below the body text) to the end of the page.

    Footnotes are read after the body of their page, whatever column they sit in; the
    number that opens each one is dropped like the marker in the text.
    """
    if not lines:
        return lines
    body = _body_size([word for line in lines for word in line.words])
    body_bottom = max(
        (line.bottom for line in lines if line.size >= 0.9 * body), default=page.height
    )
    notes = [
        line
        for line in lines
        if line.size < 0.9 * body and line.top > max(0.6 * page.height, body_bottom - 1)
    ]
    if not notes:
        return lines
    last_block = max(line.block for line in lines)
    for line in notes:
        line.block = last_block + 1
        # Small type in the bottom margin is a running foot, judged with the running heads;
        # a footnote repeated on several pages must not be taken for one.
        line.note = line.bottom < 0.93 * page.height
    notes = _attach_footnote_numbers(sorted(notes, key=lambda line: (line.top, line.words[0].x0)))
    _strip_footnote_numbers(notes, dropped)
    kept = [line for line in lines if line.block <= last_block]
    return kept + notes


def _attach_footnote_numbers(notes: list[Line]) -> list[Line]:
    """Put each footnote number read as a line of its own back before its note.

    A hanging indent after the numbers (Writer's footnote style) leaves a gap that lines up
    down the notes and may be cut as a gutter, so that a number and its note come as two
    lines; the note is the next one on the number's baseline that starts within three
    type sizes to its right. ``notes`` are in reading order (by top, then left edge).
    """
    kept: list[Line] = []
    for index, line in enumerate(notes):
        number = line.words[0]
        if len(line.words) == 1 and _FOOTNOTE_NUMBER.match(number.text):
            beside = next(
                (
                    other
                    for other in notes[index + 1 :]
                    if abs(other.bottom - line.bottom) < 0.3 * line.size
                    and 0 <= other.words[0].x0 - number.x1 < 3 * line.size
                ),
                None,
            )
            if beside is not None:
                beside.words = [number, *beside.words]
                continue
        kept.append(line)
    return kept


def _strip_footnote_numbers(notes: list[Line], dropped: _Dropped) -> None:
    """Drop the number that opens each footnote."""
    for line in notes:
        first, _, rest = line.words[0].text.partition(" ")
        if not _FOOTNOTE_NUMBER.match(first) or _PAGE_NUMBER.match(line.text.strip()):
            continue
        if rest:  # a run of words (pypdfium2): cut the number off its text
            dropped.add("footnote_markers", first, page=line.page)
            line.words[0].text = rest
        elif len(line.words) > 1:
            dropped.add("footnote_markers", first, page=line.page)
            line.words = line.words[1:]


# ---------------------------------------------------------------------------- tables


def mark_tables(lines: list[Line], rules: Iterable[tuple[float, float, float, float]]) -> None:
    """Flag table rows: lines split into cells, with evidence that they form a table.

    Wide gaps alone are no evidence (tab stops, line numbers, a short column beside a
    long one). A run of split lines is a table when ruling lines (``rules``, boxes
    ``(x0, top, x1, bottom)``) border or cross it, or when at least three consecutive rows
    hold at least three short cells each whose left or right edges line up.
    """
    for line in lines:
        if len(line.words) == 1:
            line.segments = [line.words[0].text]
            continue
        segments = _split_segments(line)
        line.segments = [" ".join(word.text for word in s) for s in segments]
    columns: dict[tuple[int, int], tuple[float, float]] | None = None  # found when needed
    index = 0
    while index < len(lines):
        end = index
        while (
            end < len(lines)
            and (
                len(lines[end].segments) >= 2
                or (end > index and _wrapped_cell(lines[end - 1 : end + 2]))
            )
            and lines[end].block == lines[index].block
            and lines[end].page == lines[index].page
        ):
            end += 1
        run = lines[index:end]
        if len(run) >= 2 and (_ruled(run, rules) or _aligned_cells(run)):
            columns = _prose_extents(lines) if columns is None else columns
            if not _justified_lines(run, columns.get((run[0].page, run[0].block))):
                for line in run:
                    line.table = True
        index = max(end, index + 1)


def _wrapped_cell(rows: list[Line]) -> bool:
    """True when the middle of three lines ``rows`` holds the rest of a cell of the table
    row above it, wrapped (``Chang`` / ``e`` in a narrow header cell), between two rows of
    cells of one block: one word, starting where a cell of the row above starts (within
    half an em), less than a line's height below it. It goes on the table's run of rows
    instead of cutting it in two."""
    if len(rows) < 3 or len({(line.page, line.block) for line in rows}) > 1:
        return False
    row, line, below = rows
    if len(row.segments) < 2 or len(below.segments) < 2 or len(line.words) != 1:
        return False
    if line.top - row.bottom > line.size or " " in line.words[0].text:
        return False
    starts = [cell[0].x0 for cell in _split_segments(row)]
    return any(abs(line.words[0].x0 - start) <= 0.5 * line.size for start in starts)


def _prose_extents(lines: list[Line]) -> dict[tuple[int, int], tuple[float, float]]:
    """By (page, block), the left and right edges of the block's lines of running text:
    one piece of three words or more (see :func:`_split_segments`)."""
    extents: dict[tuple[int, int], tuple[float, float]] = {}
    for line in lines:
        if len(line.segments) == 1 and _row_words(line.words) >= 3:
            key = (line.page, line.block)
            left, right = extents.get(key, (line.words[0].x0, line.words[-1].x1))
            extents[key] = (min(left, line.words[0].x0), max(right, line.words[-1].x1))
    return extents


def _justified_lines(run: list[Line], column: tuple[float, float] | None) -> bool:
    """True when every line of ``run`` is a justified line of its block's running text:
    set from the ``column``'s left edge to its right (within half an em; the edges of the
    block's unbroken lines), its words all equally far apart (see :func:`_evenly_spaced`),
    however wide. In a narrow column justification may stretch a
    line's spaces to a table's gaps; a table's cells stand as far apart as its columns'
    widths less their text, which differ from cell to cell."""
    if column is None:
        return False
    left, right = column
    return all(
        abs(line.words[0].x0 - left) <= 0.5 * line.size
        and abs(line.words[-1].x1 - right) <= 0.5 * line.size
        and _evenly_spaced(line.words, line.size)
        for line in run
    )


def _ruled(run: list[Line], rules: Iterable[tuple[float, float, float, float]]) -> bool:
    """True when a ruling line borders or crosses the rows of ``run``."""
    left = min(line.words[0].x0 for line in run)
    right = max(line.words[-1].x1 for line in run)
    top = min(line.top for line in run) - 1.5 * run[0].size
    bottom = max(line.bottom for line in run) + 1.5 * run[0].size
    for x0, rule_top, x1, rule_bottom in rules:
        if rule_bottom < top or rule_top > bottom or x1 < left or x0 > right:
            continue
        horizontal = rule_bottom - rule_top <= 3.0
        if horizontal and min(x1, right) - max(x0, left) >= 0.5 * (right - left):
            return True
        if not horizontal and left < (x0 + x1) / 2 < right:
            return True
    return False


def _aligned_cells(run: list[Line]) -> bool:
    """True when three or more rows hold three or more short cells on shared column edges."""
    rows = [line for line in run if len(line.segments) >= 3]
    if len(rows) < 3:
        return False
    words = [len(cell.split()) for line in rows for cell in line.segments]
    if statistics.median(words) > 6:
        return False
    edges: Counter[int] = Counter()
    for line in rows:
        for cell in _split_segments(line):
            edges.update({round(cell[0].x0 / 4), round(cell[-1].x1 / 4) + 10_000})
    # Three justified lines always share their column's two margins; a third edge must be
    # shared by three rows at least, not by two of them by chance.
    needed = max(0.6 * len(rows), MIN_COLUMN_ROWS)
    shared = [edge for edge, count in edges.items() if count >= needed]
    return len(shared) >= 3


# ---------------------------------------------------------------------------- running heads


#: A line in the body's type, inside the page's margins and near the lines round it,
#: repeated at one height on fewer pages than this is no running head: the last lines of
#: two slides' paragraphs, at the foot of one text frame, can read the same ('public
#: voice.', LibreOffice Impress), as can lines of dummy text repeated page after page.
MIN_BODY_TYPE_REPEATS = 3
#: A line this many ems or more from the lines above and below it stands apart from the
#: body (see :func:`_apart_from_body`): wider than the space between a document's lines and
#: paragraphs, narrower than between a running head and the body.
MIN_HEAD_GAP = 1.0


def _running_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


@dataclass(slots=True)
class _EdgeLine:
    """A line among the two at the top or bottom of a page's body, where running heads,
    feet and page numbers stand, kept aside while the page's other lines are stored.

    ``margin_gap`` is how far the line stands from the page's nearest other line when it
    sits in the top or bottom 7% of the page, and ``None`` when it does not; ``gap`` is how
    far it stands from the nearest line above or below it, wherever it sits (lines beside
    it, the other half of a running head, aside).
    """

    line: StoredLine
    page_index: int
    place: int
    margin_gap: float | None
    gap: float


def page_edges(lines: list[StoredLine], *, page_index: int, height: float) -> list[_EdgeLine]:
    """The lines of one page where a running head may stand: the two topmost and two
    lowest lines that are no footnote (all of them on a page of four or fewer)."""
    places = sorted(
        (place for place, line in enumerate(lines) if not line.note),
        key=lambda place: lines[place].top,
    )
    edges = places[:2] + places[-2:] if len(places) > 4 else places
    return [
        _EdgeLine(
            lines[place],
            page_index,
            place,
            _margin_gap(lines[place], lines, height),
            _gap_to_neighbours(lines[place], lines),
        )
        for place in edges
    ]


def _margin_gap(line: StoredLine, lines: list[StoredLine], height: float) -> float | None:
    """How far ``line`` stands from the nearest other line of its page, above it when it
    sits in the top 7% of a page ``height`` high, below it in the bottom 7%; ``None``
    elsewhere (and for a page of no height)."""
    if not height:
        return None
    at_top, at_bottom = line.top < 0.07 * height, line.bottom > 0.93 * height
    if not (at_top or at_bottom):
        return None
    others = [other for other in lines if other is not line]
    if at_top:
        return min((o.top - line.bottom for o in others if o.top > line.top), default=1e9)
    return min((line.top - o.bottom for o in others if o.top < line.top), default=1e9)


def _gap_to_neighbours(line: StoredLine, lines: list[StoredLine]) -> float:
    """How far ``line`` stands from the nearest of ``lines`` above or below it (those
    beside it, overlapping it in height, left aside); very far with none."""
    gaps = [
        other.top - line.bottom if other.top >= line.bottom else line.top - other.bottom
        for other in lines
        if other.top >= line.bottom or other.bottom <= line.top
    ]
    return min(gaps, default=1e9)


def _in_margin(edge: _EdgeLine, body: float) -> bool:
    """True for small type alone in the top or bottom margin, well apart from the body.

    Catches running heads of short documents, where a head printed on one or two pages
    (not on the title page) cannot be recognised by repetition.
    """
    if edge.margin_gap is None or not _in_smaller_type(edge, body):
        return False
    return edge.margin_gap >= 1.5 * body


def _apart_from_body(edge: _EdgeLine, body: float) -> bool:
    """True when an edge line is set apart from the body: in the top or bottom margin of
    its page, in smaller type than the body (``body`` is the body font size), or an em or
    more from the nearest line above or below it (LaTeX's heads stand lower than the
    margin, in the body's type, but well apart from it; a paragraph's last line stands a
    line's spacing from the line above it)."""
    return (
        edge.margin_gap is not None
        or _in_smaller_type(edge, body)
        or edge.gap >= MIN_HEAD_GAP * body
    )


def _in_smaller_type(edge: _EdgeLine, body: float) -> bool:
    """True when an edge line is set in smaller type than the body (size ``body``)."""
    return edge.line.size < 0.95 * body


def running_heads(
    edges: list[_EdgeLine], dropped: _Dropped, *, pages: int, body: float
) -> set[tuple[int, int]]:
    """The running heads and feet, and lone page numbers, among the ``edges`` of a
    document of ``pages`` pages, as (page index, place on the page); each counted in
    ``dropped``.

    A running head is a line repeated at the same height on several pages (digits
    ignored; on two pages only when set apart from the body, see
    :data:`MIN_BODY_TYPE_REPEATS`), or, in any document, small type alone in the top or
    bottom margin of a page after the first, or of a document's only page (``body`` is the
    document's body font size). The first page of a longer document is left alone: a title
    page's small lines at its top (a publisher, a series, a date) stand there once, not
    over every page.
    """
    seen: dict[str, list[_EdgeLine]] = defaultdict(list)
    for edge in edges:
        seen[_running_key(edge.line.text)].append(edge)
    needed = max(2, round(0.3 * pages))
    remove: set[tuple[int, int]] = set()

    def drop(edge: _EdgeLine, kind: str) -> None:
        remove.add((edge.page_index, edge.place))
        dropped.add(kind, edge.line.text, page=edge.line.page)

    for key, hits in seen.items():
        pages_hit = {edge.page_index for edge in hits}
        if len(pages_hit) < needed or not key.strip("# "):
            continue
        if len(pages_hit) < MIN_BODY_TYPE_REPEATS and not all(
            _apart_from_body(edge, body) for edge in hits
        ):
            continue
        positions = Counter(round(edge.line.top / 6) for edge in hits)
        common = {position for position, count in positions.items() if count >= needed}
        for edge in hits:
            position = round(edge.line.top / 6)
            if {position, position - 1, position + 1} & common:
                drop(edge, "running_head_lines")
    for edge in edges:
        if (edge.page_index, edge.place) not in remove and _PAGE_NUMBER.match(
            edge.line.text.strip()
        ):
            drop(edge, "page_numbers")
    for edge in edges:
        place = (edge.page_index, edge.place)
        if place not in remove and (edge.page_index > 0 or pages == 1) and _in_margin(edge, body):
            drop(edge, "running_head_lines")
    return remove


# ---------------------------------------------------------------------------- paragraphs


class _Pitches:
    """A running tally of the line pitch (baseline to baseline) between consecutive lines
    of one block, whose median is the document's normal line spacing.

    Pitches are counted by value (a document repeats a few values), so the tally does not
    grow with the document's length.
    """

    __slots__ = ("counts", "previous")

    def __init__(self) -> None:
        self.counts: Counter[float] = Counter()
        self.previous: StoredLine | None = None

    def add(self, line: StoredLine) -> None:
        """Count the pitch from the line added before ``line`` (when in the same block)."""
        previous = self.previous
        if (
            previous is not None
            and previous.page == line.page
            and previous.block == line.block
            and line.bottom > previous.bottom
        ):
            self.counts[line.bottom - previous.bottom] += 1
        self.previous = line

    @property
    def median(self) -> float:
        """The median pitch (the mean of the two middle values for an even count); 0 for
        none."""
        total = sum(self.counts.values())
        if not total:
            return 0.0
        middles: list[float] = []
        seen = 0
        for value in sorted(self.counts):
            seen += self.counts[value]
            while len(middles) < 2 and seen > (total - 1) // 2 + len(middles):
                middles.append(value)
        return middles[0] if total % 2 else (middles[0] + middles[1]) / 2


def _starts_paragraph(previous: StoredLine | None, line: StoredLine, pitch: float) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous`` (``None`` for the first
    line), in a document whose normal line pitch is ``pitch``."""
    if previous is None or previous.table != line.table:
        return True
    if previous.page != line.page or previous.block != line.block:
        return bool(_SENTENCE_END.search(previous.text))
    gap = line.bottom - previous.bottom
    own_pitch = max(pitch, 1.05 * line.size) if pitch else 1.2 * line.size
    size_change = abs(line.size - previous.size) > PARAGRAPH_SIZE_CHANGE * max(line.size, 1)
    return gap > PARAGRAPH_GAP * own_pitch or size_change


def _should_keep_hyphen(head: str, tail: str, vocabulary: Counter[str]) -> bool:
    """Decide whether ``head-`` + ``tail`` across a line break is a compound."""
    head_key = head.lower()
    tail_word = re.match(r"[^\W_]+(?:-[^\W_]+)*", tail)
    tail_key = tail_word.group(0).lower() if tail_word else tail.lower()
    hyphenated = vocabulary.get(f"{head_key}-{tail_key}", 0)
    joined = vocabulary.get(f"{head_key}{tail_key}", 0)
    if hyphenated and joined:
        # Both spellings in use: a prefix such as co- keeps its hyphen, as typesetters
        # break compounds at their own hyphen rather than inside a closed word.
        return hyphenated >= joined or head_key.rsplit("-", 1)[-1] in HYPHEN_PREFIXES
    if hyphenated or joined:
        return hyphenated > 0
    if tail[:1].isupper() or tail[:1].isdigit() or head[-1:].isdigit():
        return True
    last_part = head_key.rsplit("-", 1)[-1]
    if last_part in HYPHEN_PREFIXES:
        return True
    # Two words the document uses on their own (medium- / term) make a compound.
    return (
        len(last_part) >= 3
        and len(tail_key) >= 3
        and bool(vocabulary.get(last_part) and vocabulary.get(tail_key))
    )


def join_lines(
    lines: list[str],
    breaks: list[bool],
    vocabulary: Counter[str],
    *,
    marks: list[str] | None = None,
    prose: Counter[str] | None = None,
    line_edges: Counter[str] | None = None,
) -> list[str]:
    """Join lines into paragraphs, rejoining words hyphenated at a line end.

    ``marks`` holds, for each line, the form feeds of the page boundaries before it (empty
    inside a page). A new paragraph starts with them; a paragraph that runs on over a page
    keeps one where the page turns (after a word rejoined across the break), so that the
    text has exactly one form feed per page boundary. ``prose`` (the document's
    :func:`prose_words`), when given, also rejoins words broken at a line end without a
    hyphen (see :func:`_is_split_word`), with ``line_edges`` (the document's
    :func:`line_edge_words`; none when not given).
    """
    marks = marks or [""] * len(lines)
    edges = Counter() if line_edges is None else line_edges
    paragraphs: list[str] = []
    for text, starts_paragraph, mark in zip(lines, breaks, marks, strict=True):
        if starts_paragraph or not paragraphs:
            paragraphs.append(mark + text)
            continue
        current = paragraphs[-1]
        if current.endswith("\u00ad"):
            paragraphs[-1] = current[:-1] + _after_first_word(text, mark)
            continue
        match = _LINE_END_HYPHEN.search(current[-80:]) if current.endswith("-") else None
        if match and text[:1].isalnum() and not current.endswith("--"):
            head = match.group(1)
            if _should_keep_hyphen(head, text, vocabulary):
                paragraphs[-1] = current + _after_first_word(text, mark)
            else:
                paragraphs[-1] = current[:-1] + _after_first_word(text, mark)
            continue
        if prose is not None and _is_split_word(current, text, prose, edges):
            paragraphs[-1] = current + _after_first_word(text, mark)
            continue
        paragraphs[-1] = current + (mark or " ") + text
    return paragraphs


def _is_split_word(current: str, text: str, prose: Counter[str], line_edges: Counter[str]) -> bool:
    """True when the last word of ``current`` and the first of the next line ``text``
    are two pieces of one word broken at a line end without a hyphen.

    Writer exports a soft hyphen inside a frame as a space glyph that draws nothing, and
    breaks a word too long for a narrow frame where it must, so a word broken there ends
    one line and starts the next with no hyphen to be seen. The pieces are joined when the
    document's ``prose`` (see :func:`prose_words`) uses the whole word elsewhere at least as
    often as the second piece on its own (which counts its own line), so that two words
    that happen to make a third (``with`` / ``in``) stay apart; or at least as often as
    either piece inside a line (the uses that start or end a line, in ``line_edges``, left
    out): a broken word's pieces stand there each time, as ``tion`` starts its line after
    every break of a word too long for its frame, while ``in`` / ``tangible`` stay apart.
    """
    if not text[:1].islower():
        return False  # the first piece's first letter, tested before the pattern is run
    tail = _LINE_START_LETTERS.match(text)
    if not tail or len(tail.group(1)) < 2:
        return False
    head = _final_letters(current)
    if not head or len(head) < 2:
        return False
    whole = prose.get((head + tail.group(1)).lower(), 0)
    if whole == 0:
        return False
    first, second = head.lower(), tail.group(1).lower()
    if prose.get(second, 0) <= whole:
        return True
    return all(prose.get(piece, 0) - line_edges.get(piece, 0) <= whole for piece in (first, second))


def _final_letters(text: str) -> str | None:
    """The letters that end ``text`` (before a line break that ends it), after a space or
    from its start: None when it ends otherwise (a digit, a mark, a space).

    The paragraph so far grows line by line: its last word is cut off at its last space,
    from the end (a search for it from the start is quadratic in a paragraph's length,
    and slower on a line's length too).
    """
    text = text.removesuffix("\n")
    if not text[-1:].isalnum():
        return None  # a space or a mark: letters end no word here
    last = text.rsplit(maxsplit=1)[-1]
    return last if _LETTERS.fullmatch(last) else None


def prose_words(lines: list[str]) -> Counter[str]:
    """Counts of the words written as prose, lower-cased: in lower case or with only a
    capital first letter, and not part of a compound, an address or a name in mixed case
    (``OutputSpecification`` in a URL runs two words together)."""
    counts: Counter[str] = Counter()
    for group, pattern in zip(split_ascii(lines), (_ASCII_PROSE_WORD, _PROSE_WORD), strict=True):
        for text in _line_chunks(group):
            counts.update(map(str.lower, pattern.findall(text)))
    return counts


def line_edge_words(lines: list[str]) -> Counter[str]:
    """Counts of the letters that start or end each of ``lines`` as a word of their own
    (lower-cased; as :func:`_is_split_word` reads the pieces of a broken word): the uses
    of a word that may be a piece of one."""
    starts = (_LINE_START_LETTERS.match(line) for line in lines)
    edges = Counter(match.group(1).lower() for match in starts if match)
    edges.update(last.lower() for line in lines if (last := _final_letters(line)))
    return edges


def _line_chunks(lines: list[str], size: int = 1000) -> Iterator[str]:
    """``lines`` joined by line breaks, ``size`` lines at a time: a text to search for
    words in one call, without holding a long document's words all at once (a line break
    is no part of a word nor of the marks around one, so no line's words depend on the
    lines round it)."""
    for start in range(0, len(lines), size):
        yield "\n".join(lines[start : start + size])


def _after_first_word(text: str, mark: str) -> str:
    """``text`` with ``mark`` put after its first word (the end of a word rejoined)."""
    if not mark:
        return text
    first, space, rest = text.partition(" ")
    return first + mark + rest if space else first + mark


def vocabulary_of(lines: list[str]) -> Counter[str]:
    """Word counts of the document, leaving out the fragments at hyphenated line ends.

    Lines are tokenised a thousand at a time (see :func:`_line_chunks`), those in ASCII apart
    from the others (see :func:`policytext.text.tokenize.split_ascii`).
    """
    kept = [text.rsplit(" ", 1)[0] if text.endswith("-") else text for text in lines]
    counts: Counter[str] = Counter()
    for group in split_ascii(kept):
        for text in _line_chunks(group):
            counts.update(tokenize(text))
    return counts


def clean_word(text: str) -> str:
    """Normalise one word: NFKC, ASCII quotes, no Unicode superscripts or control chars."""
    if text.isascii() and text.isprintable():
        return text.strip()
    text = normalise(_SUPERSCRIPT_CHARS.sub("", text))
    if not text.isprintable():
        text = "".join(ch for ch in text if ch.isprintable() or ch == "\u00ad")
    return text.strip()


# ---------------------------------------------------------------------------- document


def layout_text(pages: Iterable[PageWords], *, tables: str = "drop") -> LayoutResult:
    """Turn positioned words of every page into clean body text in reading order.

    Each page is laid out as it comes (the engines read pages lazily); its lines then wait
    in a :class:`_LineStore` (in a temporary file once there are thousands of them) while
    the lines at its top and bottom stay at hand for the running heads. The document pass
    reads the stored lines back twice, to count (line spacing, vocabulary) and to write the
    paragraphs: memory does not grow with the document, apart from the text itself.

    Args:
        pages: the pages in order, each with its words (from an engine).
        tables: ``drop`` leaves table rows out, ``mark`` keeps them between ``[table]`` and
            ``[/table]`` lines with cells separated by `` | ``, ``keep`` keeps them as prose.

    Returns:
        The text (paragraphs separated by blank lines) and counts of what was dropped.
    """
    dropped = _Dropped()
    page_words: list[int] = []
    edges: list[_EdgeLine] = []
    numbers: list[int] = []
    sizes = _FontSizes()
    with _LineStore() as store:
        for index, page in enumerate(pages):
            page_words.append(
                count_tokens(itertools.chain((w.text for w in page.words), page.rotated))
            )
            lines = _page_lines(page, dropped)
            sizes.add(word for line in lines for word in line.words)
            stored = [StoredLine.of(line) for line in lines]
            edges += page_edges(stored, page_index=index, height=page.height)
            store.add(stored)
            numbers.append(page.number)
        heads = running_heads(edges, dropped, pages=len(numbers), body=sizes.body)
        del edges
        tally = _LineTally()
        counted, joined = _kept_twice(store, heads, tables=tables, body=sizes.body, dropped=dropped)
        tally.add(counted)
        first_page = numbers[0] if numbers else 1
        paragraphs, last_page = _paragraphs(
            joined,
            tally,
            first_page=first_page,
            tables=tables,
        )
    # The pages after the last kept line are marked at the end. The text is joined once:
    # a long document's text is the largest thing held, and each copy of it counts.
    trailer = "\f" * (numbers[-1] - (last_page or first_page)) if numbers else ""
    if paragraphs:
        paragraphs[-1] += "\n" + trailer
    text = "\n\n".join(paragraphs) if paragraphs else trailer
    return LayoutResult(text=text, dropped=dropped.as_record(page_words))


def _write_lines(file: BinaryIO, lines: list[StoredLine]) -> None:
    """Pickle a page's lines into ``file``, as plain tuples, which pickle writes without a
    call back into Python per line."""
    pickle.dump(list(map(tuple, lines)), file, protocol=pickle.HIGHEST_PROTOCOL)


class _LineStore:
    """The laid-out lines of a document, page by page, between the page pass and the
    document pass: held as they are up to :data:`_LINES_IN_MEMORY` lines, and beyond
    that pickled into a temporary file (closed, and so deleted, by the store's use as a
    context manager)."""

    def __init__(self) -> None:
        self._pages: list[list[StoredLine]] = []
        self._lines = 0
        self._file: BinaryIO | None = None

    def __enter__(self) -> _LineStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.close()

    def add(self, lines: list[StoredLine]) -> None:
        """Store one page's lines, after the pages stored before."""
        self._lines += len(lines)
        if self._file is None and self._lines <= _LINES_IN_MEMORY:
            self._pages.append(lines)
            return
        file = self._file
        if file is None:
            # Closed by __exit__: the store is a context manager itself.
            file = self._file = tempfile.TemporaryFile()  # noqa: SIM115
            for page in self._pages:
                _write_lines(file, page)
            self._pages = []
        _write_lines(file, lines)

    @property
    def in_memory(self) -> bool:
        """True while the lines are held as they are, none written to the file yet."""
        return self._file is None

    def pages(self) -> Iterator[list[StoredLine]]:
        """Each stored page's lines, in the order stored."""
        if self._file is None:
            yield from self._pages
            return
        self._file.seek(0)
        while True:
            try:
                page = pickle.load(self._file)
            except EOFError:
                return
            yield list(itertools.starmap(StoredLine, page))


def _kept_twice(
    store: _LineStore,
    heads: set[tuple[int, int]],
    *,
    tables: str,
    body: float,
    dropped: _Dropped,
) -> tuple[Iterable[StoredLine], Iterable[StoredLine]]:
    """The kept lines (see :func:`_kept_lines`) for each of the document's two passes, the
    table rows dropped counted into ``dropped`` by the first.

    When the store holds its lines in memory, they are found once and listed for both
    passes (a list of the lines held already); else each pass reads them from the store's
    file, so that a long document's lines are never all held at once.
    """
    first = _kept_lines(store, heads, tables=tables, body=body, dropped=dropped)
    if store.in_memory:
        kept = list(first)
        return kept, kept
    return first, _kept_lines(store, heads, tables=tables, body=body)


def _kept_lines(
    store: _LineStore,
    heads: set[tuple[int, int]],
    *,
    tables: str,
    body: float,
    dropped: _Dropped | None = None,
) -> Iterator[StoredLine]:
    """The stored lines in reading order without the running ``heads`` (page index,
    place) and, when ``tables`` is ``drop``, without table rows (counted into ``dropped``
    when it is given); a box broken across a page read whole (see
    :func:`_with_box_continued`; ``body`` is the document's body size)."""
    pages = _pages_kept(store, heads, tables=tables, dropped=dropped)
    following = next(pages, None)
    while following is not None:
        page, following = following, next(pages, None)
        if following is not None:
            page, following = _with_box_continued(page, following, body)
        yield from page


def _pages_kept(
    store: _LineStore,
    heads: set[tuple[int, int]],
    *,
    tables: str,
    dropped: _Dropped | None,
) -> Iterator[list[StoredLine]]:
    """Each stored page's kept lines (see :func:`_page_kept_lines`), one page at a time.

    A generator function, not a generator expression: mypyc compiles an expression
    assigned to a name as a list, which would hold every page's lines at once.
    """
    for index, lines in enumerate(store.pages()):
        yield _page_kept_lines(index, lines, heads, tables=tables, dropped=dropped)


def _page_kept_lines(
    index: int,
    lines: list[StoredLine],
    heads: set[tuple[int, int]],
    *,
    tables: str,
    dropped: _Dropped | None,
) -> list[StoredLine]:
    """The lines of page ``index`` that :func:`_kept_lines` keeps."""
    kept = []
    for place, line in enumerate(lines):
        if (index, place) in heads:
            continue
        if line.table and tables == "drop":
            if dropped is not None:
                dropped.add(
                    "table_cells",
                    " | ".join(line.segments),
                    count=len(line.segments),
                    page=line.page,
                )
            continue
        kept.append(line)
    return kept


def _with_box_continued(
    page: list[StoredLine], following: list[StoredLine], body: float
) -> tuple[list[StoredLine], list[StoredLine]]:
    """A page's kept lines and the next page's, a box broken across the page break read
    whole on the page where it starts.

    A box (a sidebar or case study, set in smaller type than the body: see
    :func:`_smaller_type`) that runs over the foot of a page goes on at the top of the next,
    beside the text that runs over with it; each page reads its piece as a block of its
    own, so the second piece would be read after the first page's text, inside the
    sentence that runs over the break. The second piece is taken to the end of the first
    when the evidence is plain: the first piece, a block of its own followed by other
    text, ends no sentence and ends at the foot of its page; the second, in the same type,
    starts the next page's text (its first line is level with the page's top line) in
    lower case. Its lines count as the first page's.
    """
    start = _box_continuation_start(following, body)
    if start is None:
        return page, following
    size = following[start].size
    end = start
    while (
        end < len(following)
        and following[end].block == following[start].block
        and not following[end].note
    ):
        end += 1
    first = _broken_box_end(page, size, body)
    if first is None:
        return page, following
    last = page[first]
    moved = [line._replace(page=last.page, block=last.block) for line in following[start:end]]
    return page[: first + 1] + moved + page[first + 1 :], following[:start] + following[end:]


def _box_continuation_start(lines: list[StoredLine], body: float) -> int | None:
    """Where the lines of a page start a box's second piece: the first line of a block set
    in smaller type than the body that starts level with the page's top line, in lower
    case (None if there is none). The box may be read before or after the text beside it."""
    upright = [line for line in lines if not line.note and not line.table]
    if not upright:
        return None
    top = min(line.top for line in upright)
    for index, line in enumerate(lines):
        if line.note or line.table or line.top > top + 0.5 * body:
            continue
        starts_block = index == 0 or lines[index - 1].block != line.block
        if _smaller_type(line.size, body) and starts_block and line.text[:1].islower():
            return index
    return None


def _broken_box_end(page: list[StoredLine], size: float, body: float) -> int | None:
    """The last line of a page's block in type ``size`` that ends no sentence, at the foot
    of the page, with other text read after it: where a box breaks at the page's foot
    (None if there is none)."""
    upright = [line for line in page if not line.note and not line.table]
    if not upright:
        return None
    foot = max(line.bottom for line in upright)
    for index in range(len(page) - 1, -1, -1):
        line = page[index]
        if line.note or line.table:
            continue
        block_end = index + 1 == len(page) or page[index + 1].block != line.block
        if not block_end or not _same_type(line.size, size):
            continue
        after = page[index + 1 :]
        if (
            line.bottom >= foot - 2 * body
            and not _SENTENCE_END.search(line.text)
            and any(not other.note for other in after)
        ):
            return index
        return None
    return None


def _page_lines(page: PageWords, dropped: _Dropped) -> list[Line]:
    """One page's lines in reading order, footnotes last and table rows flagged; the
    words cleaned, and what was left out counted in ``dropped``."""
    dropped.page = page.number
    for text in page.rotated:
        dropped.add("rotated_words", text, count=len(text.split()))
    for word in page.words:
        cleaned = clean_word(word.text)
        if cleaned != word.text and not cleaned:
            dropped.add("footnote_markers", word.text)
        word.text = cleaned
    lines = move_footnotes(order_page(page, dropped), page, dropped)
    mark_tables(lines, page.rules)
    return lines


class _LineTally:
    """What joining a document's lines into paragraphs needs to know of all of them: the
    normal line spacing (see :class:`_Pitches`), the word counts of :func:`vocabulary_of`,
    of :func:`prose_words` and of :func:`line_edge_words`."""

    def __init__(self) -> None:
        self.pitches = _Pitches()
        self.vocabulary: Counter[str] = Counter()
        self.prose: Counter[str] = Counter()
        self.line_edges: Counter[str] = Counter()

    def add(self, lines: Iterable[StoredLine]) -> None:
        """Count ``lines`` (in reading order, after those counted before), a thousand at a
        time."""
        iterator = iter(lines)
        while chunk := list(itertools.islice(iterator, _LINES_AT_ONCE)):
            for line in chunk:
                self.pitches.add(line)
            texts = [_line_text(line) for line in chunk]
            self.vocabulary.update(vocabulary_of(texts))
            self.prose.update(prose_words(texts))
            self.line_edges.update(line_edge_words(texts))


def _paragraphs(
    lines: Iterable[StoredLine], tally: _LineTally, *, first_page: int, tables: str
) -> tuple[list[str], int | None]:
    """The kept ``lines`` (all of them counted in ``tally``) as paragraphs, soft hyphens
    removed and empty ones left out, page boundaries marked with form feeds; and the page
    of the last line (``None`` for none). ``first_page`` is the document's first page."""
    paragraphs: list[str] = []
    page = first_page
    last_page = None
    for run, starts in _line_runs(lines, pitch=tally.pitches.median, tables=tables):
        marks = []
        for line in run:
            marks.append("\f" * (line.page - page))
            page = line.page
        if run[0].table and tables == "mark":
            rows = [mark + " | ".join(line.segments) for line, mark in zip(run, marks, strict=True)]
            joined = ["[table]\n" + "\n".join(rows) + "\n[/table]"]
        else:
            texts = [_line_text(line) for line in run]
            joined = join_lines(
                texts,
                starts,
                tally.vocabulary,
                marks=marks,
                prose=tally.prose,
                line_edges=tally.line_edges,
            )
        paragraphs += [text.replace("\u00ad", "") for text in joined if text.strip("\f ")]
        last_page = page
    return paragraphs, last_page


def _line_text(line: StoredLine) -> str:
    """A line's text with single spaces, as paragraphs are made of."""
    return " ".join(line.text.split())


def _line_runs(
    lines: Iterable[StoredLine], *, pitch: float, tables: str
) -> Iterator[tuple[list[StoredLine], list[bool]]]:
    """The ``lines`` in runs of table rows or of other lines, each with whether each of its
    lines starts a paragraph (see :func:`_starts_paragraph`; a run's first line does).

    A run of other lines (or of table rows, unless ``tables`` is ``mark``: a ``[table]``
    block is never cut) is cut at a paragraph start once it has :data:`_LINES_AT_ONCE`
    lines, so that a run never holds a long document's text.
    """
    run: list[StoredLine] = []
    starts: list[bool] = []
    for line in lines:
        previous = run[-1] if run else None
        starts_paragraph = _starts_paragraph(previous, line, pitch)
        whole_table = line.table and tables == "mark"
        if previous is not None and (
            previous.table != line.table
            or (starts_paragraph and len(run) >= _LINES_AT_ONCE and not whole_table)
        ):
            yield run, starts
            run, starts = [], []
        run.append(line)
        starts.append(starts_paragraph)
    if run:
        yield run, starts
