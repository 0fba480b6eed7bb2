"""Page layout for the demo corpus: our own line breaking and column flow on a reportlab canvas.

The demo generator needs to know exactly which words land on which page, column and line, so
that it can write the text a perfect extractor would return. reportlab's platypus would hide
that, so this module lays text out itself:

* :func:`break_line` fills one line greedily, measuring words with ``pdfmetrics.stringWidth``.
  A word that does not fit may be split at its own hyphen (``co-`` / ``production``, in every
  document) or, in documents that hyphenate, at a syllable-like boundary (``finan-`` /
  ``cial``). A split never happens on the last line of a column, so a split word always
  continues on the next line of the same column.
* :class:`Flow` places headings, paragraphs and tables into columns and pages, reserves room
  for footnotes at the bottom of a page when a line carries a footnote reference, and can roll
  back a group of blocks that would run past the document's last page.
* :func:`render_document` draws the planned pages (title page, running header, footer with a
  page number, body lines, table grids, footnotes) on a canvas with ``invariant=1``.

The *truth* of each page is kept beside the drawing: the true words of each paragraph piece in
reading order (columns left to right, then the page's footnotes).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

logger = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 62.0
MARGIN_RIGHT = 62.0
MARGIN_TOP = 78.0
MARGIN_BOTTOM = 72.0
GUTTER = 18.0
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SERIF = "DejaVuSerif"
FONT_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf", SERIF: "DejaVuSerif.ttf"}

#: Typographic ligatures drawn instead of letter pairs in documents that use them; ``ffi``
#: first so that it is not consumed as ``f`` + ``fi``.
LIGATURES = (("ffi", "\ufb03"), ("fi", "\ufb01"), ("fl", "\ufb02"))

FOOTNOTE_SIZE = 7.0
FOOTNOTE_LEADING = 8.6
FOOTNOTE_RULE_SPACE = 15.0
MAX_FOOTNOTES_PER_PAGE = 3

_VOWELS = set("aeiouy")
_DIGRAPHS = {"ch", "ck", "gh", "ph", "sh", "th", "wh", "qu", "ng"}
#: Consonant pairs that open a syllable together (``ex|plain``, ``re|cruit``): never split.
_BLENDS = {a + b for a in "bcdfgkpt" for b in "lr"} | {"sc", "sk", "sp", "st", "sw"}
_WORD_CORE = re.compile(r"^([A-Za-z]+)([^A-Za-z]*)$")
_NO_SYLLABLE_SPLIT = re.compile(r"^co-?(produc|creat|design)", re.IGNORECASE)


def font_folder() -> Path:
    """The folder of DejaVu TrueType fonts that ship with matplotlib."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


#: Name records kept in the embedded fonts: copyright, family, style, unique id, full name,
#: version, PostScript name and the licence URL. The full licence text (about 15 kB) would
#: otherwise be copied into every subset of every document.
KEPT_NAME_IDS = {0, 1, 2, 3, 4, 5, 6, 14}


def slim_font(path: Path) -> io.BytesIO:
    """The font at ``path`` without hinting and long name records, for smaller subsets.

    Hinting only helps on low-resolution screens; the glyph outlines and metrics (and so every
    measured width) are unchanged. The font's own timestamps are kept, so the bytes are the
    same in every run.
    """
    from fontTools.ttLib import TTFont as FontFile
    from fontTools.ttLib.tables import ttProgram

    font = FontFile(os.fspath(path), recalcTimestamp=False)
    for tag in ("fpgm", "prep", "cvt ", "hdmx", "gasp", "LTSH", "VDMX"):
        if tag in font:
            del font[tag]
    glyphs = font["glyf"]
    for glyph_name in font.getGlyphOrder():
        glyph = glyphs[glyph_name]
        if hasattr(glyph, "program"):
            glyph.program = ttProgram.Program()
            glyph.program.fromBytecode(b"")
    font["name"].names = [rec for rec in font["name"].names if rec.nameID in KEPT_NAME_IDS]
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    return buffer


def register_fonts() -> None:
    """Register the three (slimmed) DejaVu fonts with reportlab once per process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, slim_font(font_folder() / filename)))


def ligate(text: str) -> tuple[str, int]:
    """Replace ffi, fi and fl by their ligature characters; return the text and how many.

    >>> ligate("efficient financial flow")
    ('e\\ufb03cient \\ufb01nancial \\ufb02ow', 3)
    """
    count = 0
    for letters, ligature in LIGATURES:
        count += text.count(letters)
        text = text.replace(letters, ligature)
    return text, count


class Measure:
    """Cached string widths for one font and size."""

    def __init__(self, font: str, size: float) -> None:
        self.font = font
        self.size = size
        self._cache: dict[str, float] = {}
        self.space = self(" ")

    def __call__(self, text: str) -> float:
        width = self._cache.get(text)
        if width is None:
            width = pdfmetrics.stringWidth(text, self.font, self.size)
            self._cache[text] = width
        return width


@dataclass(frozen=True)
class Word:
    """One true word of running text, with the footnote whose reference follows it, if any."""

    text: str
    footnote: str | None = None


@dataclass
class Block:
    """A heading, a paragraph or a table, with the generator's record of what it contains."""

    kind: str  # "heading" | "paragraph" | "table"
    words: list[Word] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    sentence_themes: list[str] = field(default_factory=list)
    concept_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Piece:
    """The part of one word drawn on one line; ``split`` when the word goes on next line."""

    word_index: int
    text: str
    starts_word: bool
    split: bool


def syllable_splits(word: str) -> list[int]:
    """Positions where an ordinary word may be hyphenated (crude but plausible rules).

    A split lies between two consonants that are not a digraph (``com|munity``) or before a
    single consonant that follows a vowel and precedes one (``finan|cial`` is VC|CV). At least
    three letters stay on each side; words that start like a concept are never split here.

    >>> syllable_splits("community")
    [3, 5]
    """
    match = _WORD_CORE.match(word)
    if not match or _NO_SYLLABLE_SPLIT.match(word):
        return []
    core = match.group(1)
    lower = core.lower()
    if len(core) < 7:
        return []
    positions = []
    for k in range(3, len(core) - 2):
        left, right = lower[k - 1], lower[k]
        both_consonants = left not in _VOWELS and right not in _VOWELS
        if (
            both_consonants
            and lower[k - 1 : k + 1] not in _DIGRAPHS | _BLENDS
            and lower[k] != lower[k + 1]
            or left in _VOWELS
            and right not in _VOWELS
            and lower[k + 1] in _VOWELS
        ):
            positions.append(k)
    return positions


def compound_splits(word: str) -> list[int]:
    """Positions just after each inner hyphen of a compound (``co-|production``)."""
    return [k + 1 for k, char in enumerate(word) if char == "-" and 0 < k < len(word) - 2]


def break_line(
    words: Sequence[Word],
    cursor: tuple[int, int],
    width: float,
    measure: Measure,
    *,
    marker_width: float,
    allow_split: bool,
    hyphenate: bool,
) -> tuple[list[Piece], tuple[int, int]]:
    """Fill one line from ``cursor`` (word index, characters of it already drawn).

    Returns the pieces drawn on the line and the cursor after it. A word too long for an empty
    line is drawn anyway, so the loop always advances.
    """
    index, offset = cursor
    pieces: list[Piece] = []
    used = 0.0
    while index < len(words):
        word = words[index]
        fragment = word.text[offset:]
        gap = measure.space if pieces else 0.0
        needed = measure(fragment) + (marker_width if word.footnote else 0.0)
        if used + gap + needed <= width:
            pieces.append(Piece(index, fragment, offset == 0, False))
            used += gap + needed
            index, offset = index + 1, 0
            continue
        if allow_split:
            room = width - used - gap
            candidates = compound_splits(fragment)
            if hyphenate:
                candidates += syllable_splits(fragment)
            for split_at in sorted(set(candidates), reverse=True):
                head = fragment[:split_at]
                shown = head if head.endswith("-") else head + "-"
                if measure(shown) <= room:
                    pieces.append(Piece(index, shown, offset == 0, True))
                    return pieces, (index, offset + split_at)
        if not pieces:
            pieces.append(Piece(index, fragment, offset == 0, False))
            index, offset = index + 1, 0
        break
    return pieces, (index, offset)


@dataclass(frozen=True)
class DocumentStyle:
    """The typographic choices of one document."""

    columns: int
    body_font: str
    body_size: float
    hyphenate: bool
    ligatures: bool
    footnotes: bool
    footer_format: str  # "Page {n}", "{n}", "{n} of {total}", "Page {n} of {total}"
    footer_align: str  # "center" | "right"
    header_left: str
    header_right: str
    accent: tuple[float, float, float]
    numbered_headings: bool

    @property
    def leading(self) -> float:
        return round(self.body_size * 1.32, 2)

    @property
    def column_width(self) -> float:
        return (TEXT_WIDTH - GUTTER * (self.columns - 1)) / self.columns

    @property
    def heading_size(self) -> float:
        return self.body_size + 1.5

    @property
    def paragraph_gap(self) -> float:
        return round(self.body_size * 0.75, 2)


@dataclass
class TextLine:
    """One line of drawn text as runs of (text, font, size, rise)."""

    x: float
    y: float
    runs: list[tuple[str, str, float, float]]
    colour: tuple[float, float, float] = (0.0, 0.0, 0.0)


@dataclass
class TableDrawing:
    """A table grid at (x, top) with equal-width columns."""

    x: float
    top: float
    width: float
    row_height: float
    font_size: float
    rows: list[list[str]]


@dataclass
class PagePlan:
    """What goes on one body page, and the true text it carries."""

    number: int
    lines: list[TextLine] = field(default_factory=list)
    tables: list[TableDrawing] = field(default_factory=list)
    footnotes: list[tuple[int, list[str]]] = field(default_factory=list)
    footnote_height: float = 0.0
    chunks: list[tuple[object, list[str]]] = field(default_factory=list)


class Overflow(Exception):
    """Raised when placing a block would need a page beyond the document's last page."""


@dataclass
class Checkpoint:
    pages: int
    lines: int
    tables: int
    footnotes: int
    footnote_height: float
    chunks: int
    column: int
    y: float
    footnote_number: int
    placed: int
    hyphenated: int
    ligatures: int


class Flow:
    """Places blocks into the columns of at most ``body_pages`` pages (page 1 is the title)."""

    def __init__(self, style: DocumentStyle, *, body_pages: int, final_fill: float) -> None:
        self.style = style
        self.body_pages = body_pages
        self.final_fill = final_fill
        self.body = Measure(style.body_font, style.body_size)
        self.heading = Measure(SANS_BOLD, style.heading_size)
        self.note = Measure(style.body_font, FOOTNOTE_SIZE)
        self.marker_size = round(style.body_size * 0.62, 2)
        self.marker = Measure(style.body_font, self.marker_size)
        self.pages: list[PagePlan] = []
        self.column = 0
        self.y = 0.0
        self.footnote_number = 0
        self.placed: list[Block] = []
        self.hyphenated = 0
        self.ligatures = 0
        self._new_page()

    # -- geometry -------------------------------------------------------------------------
    @property
    def page(self) -> PagePlan:
        return self.pages[-1]

    @property
    def top(self) -> float:
        return PAGE_HEIGHT - MARGIN_TOP

    def limit(self) -> float:
        """The lowest y a line may reach in the current column."""
        bottom = MARGIN_BOTTOM + self.page.footnote_height
        if len(self.pages) == self.body_pages:
            bottom = max(bottom, self.top - self.final_fill * (self.top - MARGIN_BOTTOM))
        return bottom

    def column_x(self) -> float:
        return MARGIN_LEFT + self.column * (self.style.column_width + GUTTER)

    def at_column_top(self) -> bool:
        return self.y >= self.top

    def _new_page(self) -> None:
        self.pages.append(PagePlan(number=len(self.pages) + 2))
        self.column = 0
        self.y = self.top

    def next_column(self) -> None:
        if self.column + 1 < self.style.columns:
            self.column += 1
            self.y = self.top
            return
        if len(self.pages) >= self.body_pages:
            raise Overflow
        self._new_page()

    # -- checkpoints ----------------------------------------------------------------------
    def checkpoint(self) -> Checkpoint:
        page = self.page
        return Checkpoint(
            len(self.pages),
            len(page.lines),
            len(page.tables),
            len(page.footnotes),
            page.footnote_height,
            len(page.chunks),
            self.column,
            self.y,
            self.footnote_number,
            len(self.placed),
            self.hyphenated,
            self.ligatures,
        )

    def rollback(self, mark: Checkpoint) -> None:
        del self.pages[mark.pages :]
        page = self.page
        del page.lines[mark.lines :]
        del page.tables[mark.tables :]
        del page.footnotes[mark.footnotes :]
        del page.chunks[mark.chunks :]
        page.footnote_height = mark.footnote_height
        self.column, self.y = mark.column, mark.y
        self.footnote_number = mark.footnote_number
        del self.placed[mark.placed :]
        self.hyphenated, self.ligatures = mark.hyphenated, mark.ligatures

    def place_group(self, blocks: Sequence[Block], keys: Sequence[object]) -> bool:
        """Place blocks together; on overflow undo them all and return False."""
        mark = self.checkpoint()
        try:
            for block, key in zip(blocks, keys, strict=True):
                self.place(block, key)
        except Overflow:
            self.rollback(mark)
            return False
        return True

    # -- placing --------------------------------------------------------------------------
    def place(self, block: Block, key: object) -> None:
        if block.kind == "table":
            self._place_table(block)
        elif block.kind == "heading":
            self._place_heading(block, key)
        else:
            self._place_text(block, key, measure=self.body, leading=self.style.leading)
        self.placed.append(block)

    def _count_lines(self, words: Sequence[Word], measure: Measure) -> int:
        cursor, lines = (0, 0), 0
        while cursor[0] < len(words):
            _, cursor = break_line(
                words,
                cursor,
                self.style.column_width,
                measure,
                marker_width=0.0,
                allow_split=False,
                hyphenate=False,
            )
            lines += 1
        return lines

    def _place_heading(self, block: Block, key: object) -> None:
        leading = round(self.style.heading_size * 1.3, 2)
        lines = self._count_lines(block.words, self.heading)
        space_before = 0.0 if self.at_column_top() else self.style.leading * 1.1
        needed = space_before + lines * leading + 2 * self.style.leading
        if self.y - needed < self.limit():
            self.next_column()
            space_before = 0.0
        self.y -= space_before
        self._place_text(
            block, key, measure=self.heading, leading=leading, splittable=False, heading=True
        )
        self.y -= self.style.leading * 0.25

    def _place_text(
        self,
        block: Block,
        key: object,
        *,
        measure: Measure,
        leading: float,
        splittable: bool = True,
        heading: bool = False,
    ) -> None:
        words = block.words
        if not heading and not self.at_column_top():
            self.y -= self.style.paragraph_gap
        cursor = (0, 0)
        while cursor[0] < len(words):
            if self.y - leading < self.limit():
                self.next_column()
            allow_split = splittable and self.y - 2 * leading >= self.limit()
            pieces, cursor = break_line(
                words,
                cursor,
                self.style.column_width,
                measure,
                marker_width=self.marker("0") * 1.2 if not heading else 0.0,
                allow_split=allow_split,
                hyphenate=self.style.hyphenate,
            )
            baseline = self.y - measure.size
            self.y -= leading
            runs = self._runs(words, pieces, measure)
            colour = self.style.accent if heading else (0.0, 0.0, 0.0)
            self.page.lines.append(TextLine(self.column_x(), baseline, runs, colour))
            self._add_truth(key, [words[p.word_index].text for p in pieces if p.starts_word])
            self.hyphenated += sum(1 for piece in pieces if piece.split)

    def _runs(
        self, words: Sequence[Word], pieces: Sequence[Piece], measure: Measure
    ) -> list[tuple[str, str, float, float]]:
        """Turn pieces into drawn runs, adding footnote markers where a footnote fits."""
        runs: list[tuple[str, str, float, float]] = []
        current: list[str] = []
        for piece in pieces:
            text = piece.text
            if self.style.ligatures:
                text, count = ligate(text)
                self.ligatures += count
            current.append(text)
            word = words[piece.word_index]
            if word.footnote and not piece.split and self._accept_footnote(word.footnote):
                runs.append((" ".join(current), measure.font, measure.size, 0.0))
                marker = str(self.footnote_number)
                runs.append((marker, measure.font, self.marker_size, measure.size * 0.38))
                current = [""]
        if current and any(current):
            runs.append((" ".join(current), measure.font, measure.size, 0.0))
        return runs

    def _accept_footnote(self, text: str) -> bool:
        """Reserve room for a footnote on this page if the rules allow; True if reserved."""
        page = self.page
        if not self.style.footnotes or self.column != 0:
            return False
        if len(page.footnotes) >= MAX_FOOTNOTES_PER_PAGE:
            return False
        note_words = [Word(word) for word in text.split()]
        lines = self._count_note_lines(note_words)
        height = lines * FOOTNOTE_LEADING + (0.0 if page.footnotes else FOOTNOTE_RULE_SPACE)
        if self.y - 3 * self.style.leading < self.limit() + height:
            return False
        self.footnote_number += 1
        if self.style.ligatures:
            self.ligatures += sum(ligate(word.text)[1] for word in note_words)
        page.footnotes.append((self.footnote_number, [w.text for w in note_words]))
        page.footnote_height += height
        return True

    def _count_note_lines(self, words: Sequence[Word]) -> int:
        cursor, lines = (0, 0), 0
        while cursor[0] < len(words):
            _, cursor = break_line(
                words,
                cursor,
                TEXT_WIDTH - 10,
                self.note,
                marker_width=0.0,
                allow_split=False,
                hyphenate=False,
            )
            lines += 1
        return lines

    def _add_truth(self, key: object, words: list[str]) -> None:
        if not words:
            return
        chunks = self.page.chunks
        if chunks and chunks[-1][0] == key:
            chunks[-1][1].extend(words)
        else:
            chunks.append((key, list(words)))

    def _place_table(self, block: Block) -> None:
        font_size = round(self.style.body_size - 1.0, 2)
        row_height = round(font_size * 2.0, 2)
        height = row_height * len(block.rows)
        space = self.style.paragraph_gap * 1.5
        if self.y - space - height < self.limit():
            self.next_column()
        if self.y - height < self.limit():
            return  # does not fit even an empty column: leave it out
        if not self.at_column_top():
            self.y -= space
        drawing = TableDrawing(
            self.column_x(), self.y, self.style.column_width, row_height, font_size, block.rows
        )
        self.page.tables.append(drawing)
        self.y -= height + space


# -- truth ---------------------------------------------------------------------------------
def page_truth(page: PagePlan) -> list[tuple[object, list[str]]]:
    """The page's true text pieces in reading order: columns, then footnotes."""
    notes = [(("footnote", number), words) for number, words in page.footnotes]
    return list(page.chunks) + notes


def truth_paragraphs(
    title_page: Sequence[str], pages: Sequence[PagePlan], *, join: Callable[[list[str]], str]
) -> list[str]:
    """Merge consecutive pieces of the same paragraph across columns and pages."""
    paragraphs = list(title_page)
    last_key: object = None
    pending: list[str] = []
    for page in pages:
        for key, words in page_truth(page):
            if key == last_key:
                pending.extend(words)
                continue
            if pending:
                paragraphs.append(join(pending))
            last_key, pending = key, list(words)
    if pending:
        paragraphs.append(join(pending))
    return paragraphs


# -- drawing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TitlePage:
    """The title page text: wrapped title lines, publisher and date line."""

    title: str
    publisher: str
    date_line: str
    kicker: str  # small label above the title, e.g. "Report" (drawn, but part of the truth)


def title_lines(title: str) -> list[str]:
    """Wrap the title for the title page (28 pt bold, no hyphenation)."""
    measure = Measure(SANS_BOLD, 26)
    words = [Word(w) for w in title.split()]
    cursor, lines = (0, 0), []
    while cursor[0] < len(words):
        pieces, cursor = break_line(
            words,
            cursor,
            TEXT_WIDTH - 20,
            measure,
            marker_width=0.0,
            allow_split=False,
            hyphenate=False,
        )
        lines.append(" ".join(p.text for p in pieces))
    return lines


def _draw_title_page(canvas: rl_canvas.Canvas, title: TitlePage, style: DocumentStyle) -> None:
    canvas.setFillColorRGB(*style.accent)
    canvas.rect(0, PAGE_HEIGHT - 170, PAGE_WIDTH, 170, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(SANS_BOLD, 13)
    canvas.drawString(MARGIN_LEFT, PAGE_HEIGHT - 110, title.kicker)
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    y = PAGE_HEIGHT - 260
    canvas.setFont(SANS_BOLD, 26)
    for line in title_lines(title.title):
        canvas.drawString(MARGIN_LEFT, y, line)
        y -= 33
    canvas.setFont(style.body_font, 15)
    canvas.drawString(MARGIN_LEFT, y - 30, title.publisher)
    canvas.setFont(style.body_font, 12)
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    canvas.drawString(MARGIN_LEFT, y - 52, title.date_line)
    canvas.setStrokeColorRGB(*style.accent)
    canvas.setLineWidth(3)
    canvas.line(MARGIN_LEFT, 110, MARGIN_LEFT + 120, 110)


def _draw_header_footer(
    canvas: rl_canvas.Canvas, style: DocumentStyle, number: int, total: int
) -> None:
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    canvas.setFont(style.body_font, 7.5)
    header_y = PAGE_HEIGHT - 44
    canvas.drawString(MARGIN_LEFT, header_y, style.header_left)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, header_y, style.header_right)
    canvas.setStrokeColorRGB(*style.accent)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_LEFT, header_y - 6, PAGE_WIDTH - MARGIN_RIGHT, header_y - 6)
    footer = style.footer_format.format(n=number, total=total)
    canvas.setFont(style.body_font, 8.5)
    if style.footer_align == "center":
        canvas.drawCentredString(PAGE_WIDTH / 2, 40, footer)
    else:
        canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, 40, footer)


def _draw_table(canvas: rl_canvas.Canvas, table: TableDrawing, style: DocumentStyle) -> None:
    accent = style.accent
    n_cols = max(len(row) for row in table.rows)
    cell_width = table.width / n_cols
    bottom = table.top - table.row_height * len(table.rows)
    canvas.setFillColorRGB(*[0.85 + 0.15 * c for c in accent])
    canvas.rect(table.x, table.top - table.row_height, table.width, table.row_height, 0, 1)
    canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
    canvas.setLineWidth(0.5)
    for r in range(len(table.rows) + 1):
        y = table.top - r * table.row_height
        canvas.line(table.x, y, table.x + table.width, y)
    for c in range(n_cols + 1):
        x = table.x + c * cell_width
        canvas.line(x, table.top, x, bottom)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(table.rows):
        font = SANS_BOLD if r == 0 else style.body_font
        canvas.setFont(font, table.font_size)
        y = table.top - (r + 1) * table.row_height + table.row_height * 0.35
        for c, cell in enumerate(row):
            canvas.drawString(table.x + c * cell_width + 3, y, cell)


def _draw_lines(canvas: rl_canvas.Canvas, lines: Sequence[TextLine]) -> None:
    colour: tuple[float, float, float] | None = None
    for line in lines:
        if line.colour != colour:
            canvas.setFillColorRGB(*line.colour)
            colour = line.colour
        x = line.x
        for text, font, size, rise in line.runs:
            canvas.setFont(font, size)
            canvas.drawString(x, line.y + rise, text)
            x += pdfmetrics.stringWidth(text, font, size)


def _draw_footnotes(canvas: rl_canvas.Canvas, page: PagePlan, style: DocumentStyle) -> None:
    if not page.footnotes:
        return
    note = Measure(style.body_font, FOOTNOTE_SIZE)
    top = MARGIN_BOTTOM + page.footnote_height
    canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_LEFT, top - 5, MARGIN_LEFT + 90, top - 5)
    y = top - FOOTNOTE_RULE_SPACE + 2
    canvas.setFillColorRGB(0.15, 0.15, 0.15)
    for number, words in page.footnotes:
        canvas.setFont(style.body_font, FOOTNOTE_SIZE * 0.75)
        canvas.drawString(MARGIN_LEFT, y - 1 + FOOTNOTE_SIZE * 0.35, str(number))
        cursor = (0, 0)
        note_words = [Word(w) for w in words]
        canvas.setFont(style.body_font, FOOTNOTE_SIZE)
        while cursor[0] < len(note_words):
            pieces, cursor = break_line(
                note_words,
                cursor,
                TEXT_WIDTH - 10,
                note,
                marker_width=0.0,
                allow_split=False,
                hyphenate=False,
            )
            text = " ".join(p.text for p in pieces)
            if style.ligatures:
                text, _ = ligate(text)
            canvas.drawString(MARGIN_LEFT + 10, y - 1, text)
            y -= FOOTNOTE_LEADING


def render_document(
    target: str | os.PathLike[str] | io.BytesIO,
    *,
    title: TitlePage,
    style: DocumentStyle,
    pages: Sequence[PagePlan],
    encrypt: object | None = None,
    subject: str = "",
) -> None:
    """Draw the title page and the planned body pages into a PDF at ``target``."""
    with plain_flate_streams():
        _render(target, title=title, style=style, pages=pages, encrypt=encrypt, subject=subject)


@contextlib.contextmanager
def plain_flate_streams() -> Iterator[None]:
    """Write page streams as Flate only: reportlab's default ASCII85 layer adds a quarter."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _render(
    target: str | os.PathLike[str] | io.BytesIO,
    *,
    title: TitlePage,
    style: DocumentStyle,
    pages: Sequence[PagePlan],
    encrypt: object | None,
    subject: str,
) -> None:
    canvas = rl_canvas.Canvas(
        target if isinstance(target, io.BytesIO) else os.fspath(target),
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        encrypt=encrypt,
    )
    canvas.setTitle(title.title)
    canvas.setAuthor(title.publisher)
    canvas.setSubject(subject)
    canvas.setCreator("policytext demo-corpus")
    total = len(pages) + 1
    _draw_title_page(canvas, title, style)
    canvas.showPage()
    for page in pages:
        _draw_header_footer(canvas, style, page.number, total)
        for table in page.tables:
            _draw_table(canvas, table, style)
        _draw_lines(canvas, page.lines)
        _draw_footnotes(canvas, page, style)
        canvas.showPage()
    canvas.save()
