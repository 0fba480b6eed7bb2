"""Sample documents with known text for the extraction tests and benchmark.

Not a test module itself (it holds no tests): builders that draw PDFs with reportlab from a
known list of paragraphs, and return the ground truth — the body text in reading order, with
running heads, page numbers, footnote markers and table cells left out, footnotes after the
body of their page. Layout features are switched on by keyword: columns, running heads,
footnotes, a table, ligature characters, words broken at line ends with hyphens.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "DejaVuSans"
_FONT_FILE = None

VOCABULARY = [
    "the",
    "council",
    "will",
    "support",
    "people",
    "and",
    "communities",
    "to",
    "shape",
    "services",
    "that",
    "matter",
    "to",
    "them",
    "health",
    "social",
    "care",
    "partnership",
    "outcomes",
    "evidence",
    "planning",
    "integration",
    "welfare",
    "financial",
    "sustainability",
    "commissioning",
    "collaborative",
    "improvement",
    "independent",
    "living",
    "carers",
    "families",
    "practitioners",
    "organisations",
    "government",
    "strategy",
    "national",
    "local",
    "engagement",
    "participation",
    "community",
    "empowerment",
    "investment",
    "prevention",
    "inequalities",
    "workforce",
    "leadership",
    "accountability",
    "principles",
    "approach",
    "delivery",
    "resources",
    "scrutiny",
    "citizens",
    "voluntary",
    "sector",
    "housing",
    "education",
    "employment",
    "transport",
    "digital",
    "innovation",
]
COMPOUNDS = ["co-production", "co-design", "person-centred", "self-directed", "well-being"]
LIGATURE_WORDS = ["\ufb01nancial", "e\ufb00ective", "o\ufb03ce", "\ufb02ow", "signi\ufb01cant"]


def font_name() -> str:
    """Register DejaVuSans (shipped with matplotlib; it has the ligature glyphs) once."""
    global _FONT_FILE
    if _FONT_FILE is None:
        import matplotlib

        _FONT_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_FILE)))
    return FONT


def make_paragraphs(
    count: int, *, seed: int = 1, words: tuple[int, int] = (40, 90), ligatures: bool = False
) -> list[str]:
    """``count`` paragraphs of made-up policy prose, reproducible from ``seed``."""
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(count):
        length = rng.randint(*words)
        chosen = []
        for position in range(length):
            roll = rng.random()
            if roll < 0.06:
                chosen.append(rng.choice(COMPOUNDS))
            elif ligatures and roll < 0.14:
                chosen.append(rng.choice(LIGATURE_WORDS))
            else:
                chosen.append(rng.choice(VOCABULARY))
            if position == 0:
                chosen[0] = chosen[0].capitalize()
        paragraphs.append(" ".join(chosen) + ".")
    return paragraphs


@dataclass
class Layout:
    """Where and how the body text is drawn."""

    columns: int = 1
    font_size: float = 10.0
    margin: float = 60.0
    gutter: float = 24.0
    header: str | None = None
    page_numbers: bool = False
    footnotes: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None
    table_after: int = 1
    hyphenate: bool = True


def _split_for_fit(word: str, room: float, size: float) -> tuple[str, str] | None:
    """Break ``word`` into a head ending in a hyphen that fits ``room``, and the rest."""
    if "-" in word:
        head, tail = word.split("-", 1)
        if pdfmetrics.stringWidth(head + "-", FONT, size) <= room and len(tail) >= 3:
            return head + "-", tail
        return None
    if len(word) < 8 or not word.isalpha():
        return None
    for cut in range(len(word) - 3, 2, -1):
        head = word[:cut] + "-"
        if pdfmetrics.stringWidth(head, FONT, size) <= room:
            return head, word[cut:]
    return None


class _Writer:
    """Flows words into lines, columns and pages, remembering the truth page by page."""

    def __init__(self, path: Path, layout: Layout, *, encrypt: str | None = None) -> None:
        font_name()
        self.layout = layout
        options = {}
        if encrypt:
            from reportlab.lib.pdfencrypt import StandardEncryption

            options["encrypt"] = StandardEncryption(encrypt, ownerPassword=encrypt + "-owner")
        self.canvas = canvas.Canvas(str(path), pagesize=A4, invariant=1, **options)
        self.width, self.height = A4
        self.leading = layout.font_size * 1.35
        usable = self.width - 2 * layout.margin - (layout.columns - 1) * layout.gutter
        self.column_width = usable / layout.columns
        self.bottom = layout.margin + (70 if layout.footnotes else 20)
        self.page = 0
        self.truth_pages: list[list[str]] = []
        self.footnotes_pending = list(layout.footnotes)
        self.marker = 0
        self._markers: dict[int, str] = {}
        self._new_page()

    def _new_page(self) -> None:
        if self.page:
            self._finish_page()
        self.page += 1
        self.truth_pages.append([])
        self.column = 0
        self.y = self.height - self.layout.margin - 20
        self.page_footnotes: list[str] = []

    def _finish_page(self) -> None:
        c, layout = self.canvas, self.layout
        if layout.header:
            c.setFont(FONT, 8)
            c.drawString(layout.margin, self.height - layout.margin + 10, layout.header)
        if layout.page_numbers:
            c.setFont(FONT, 8)
            c.drawCentredString(self.width / 2, layout.margin - 25, str(self.page))
        if self.page_footnotes:
            y = layout.margin + 50
            for number, note in self.page_footnotes:
                c.setFont(FONT, 7)
                c.drawString(layout.margin, y, f"{number} {note}")
                self.truth_pages[-1] += ["\n\n", note]
                y -= 10
        c.showPage()

    def _x(self) -> float:
        return self.layout.margin + self.column * (self.column_width + self.layout.gutter)

    def _next_line(self) -> None:
        self.y -= self.leading
        if self.y < self.bottom:
            self.column += 1
            self.y = self.height - self.layout.margin - 20
            if self.column >= self.layout.columns:
                self._new_page()

    def paragraph(self, text: str, *, marker_after: int | None = None) -> None:
        """Draw one paragraph; a footnote marker follows word ``marker_after`` if given."""
        size = self.layout.font_size
        space = pdfmetrics.stringWidth(" ", FONT, size)
        self.truth_pages[-1].append("\n\n")
        line: list[str] = []
        line_width = 0.0
        for index, word in enumerate(text.split()):
            width = pdfmetrics.stringWidth(word, FONT, size)
            gap = space if line else 0.0
            if line_width + gap + width > self.column_width:
                room = self.column_width - line_width - gap
                last_on_page = (
                    self.y - self.leading < self.bottom and self.column == self.layout.columns - 1
                )
                hyphenate = self.layout.hyphenate and not last_on_page
                split = _split_for_fit(word, room, size) if hyphenate else None
                if split:
                    self.truth_pages[-1].append(word)
                    self._draw_line(line + [split[0]])
                    self._next_line()
                    line, line_width = [split[1]], pdfmetrics.stringWidth(split[1], FONT, size)
                    continue
                self._draw_line(line)
                self._next_line()
                line, line_width, gap = [], 0.0, 0.0
            self.truth_pages[-1].append(word)
            line.append(word)
            line_width += gap + width
            if marker_after == index and self.footnotes_pending:
                self.marker += 1
                self.page_footnotes.append((self.marker, self.footnotes_pending.pop(0)))
                self._markers[(len(line) - 1)] = str(self.marker)
        if line:
            self._draw_line(line)
        self._next_line()
        self.y -= self.leading * 0.6

    def _draw_line(self, words: list[str]) -> None:
        c, size = self.canvas, self.layout.font_size
        x = self._x()
        space = pdfmetrics.stringWidth(" ", FONT, size)
        for position, word in enumerate(words):
            c.setFont(FONT, size)
            c.drawString(x, self.y, word)
            x += pdfmetrics.stringWidth(word, FONT, size)
            marker = self._markers.pop(position, None)
            if marker:
                c.setFont(FONT, size * 0.6)
                c.drawString(x + 0.3, self.y + size * 0.4, marker)
                x += pdfmetrics.stringWidth(marker, FONT, size * 0.6)
            x += space
        self._markers.clear()

    def table(self, rows: list[list[str]]) -> None:
        """Draw a ruled table across the current column; its cells are not in the truth."""
        c, size = self.canvas, self.layout.font_size * 0.9
        cell_width = self.column_width / len(rows[0])
        self._next_line()
        for row in rows:
            for number, cell in enumerate(row):
                c.setFont(FONT, size)
                c.drawString(self._x() + number * cell_width + 3, self.y, cell)
            c.line(self._x(), self.y - 4, self._x() + self.column_width, self.y - 4)
            self._next_line()
        self._next_line()

    def close(self) -> str:
        self._finish_page()
        self.canvas.save()
        text = " ".join(" ".join(page) for page in self.truth_pages)
        return "\n\n".join(part.strip() for part in text.split("\n\n") if part.strip()) + "\n"


def build_pdf(
    path: Path, paragraphs: list[str], layout: Layout | None = None, *, encrypt: str | None = None
) -> str:
    """Draw ``paragraphs`` into a PDF at ``path``; return the ground-truth text."""
    layout = layout or Layout()
    writer = _Writer(path, layout, encrypt=encrypt)
    for number, paragraph in enumerate(paragraphs):
        marker_after = 5 if (layout.footnotes and number == 0) else None
        writer.paragraph(paragraph, marker_after=marker_after)
        if layout.table and number == layout.table_after:
            writer.table(layout.table)
    return writer.close()


def build_image_only_pdf(path: Path, *, pages: int = 2) -> None:
    """A PDF whose pages carry only drawn shapes: no text layer at all."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in range(pages):
        c.setFillGray(0.3 + 0.1 * page)
        c.rect(100, 300, 300, 200, fill=1)
        c.showPage()
    c.save()


SAMPLE_TABLE = [
    ["Area", "Budget", "Staff", "Target"],
    ["Lothian", "4200", "310", "2025"],
    ["Grampian", "3100", "255", "2026"],
    ["Highland", "1900", "140", "2027"],
]
