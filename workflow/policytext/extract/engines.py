"""Extraction: one document's body text, cleaned, in reading order, with a status record.

Every document gets an :class:`ExtractionResult` whose ``status`` says what happened:

========================  ===============================================================
``ok``                    text extracted (the message may note pages without text)
``no_text``               the file holds no text layer (image-only PDF, empty file)
``encrypted``             the PDF needs a password
``corrupt``               the file could not be parsed, or the parser crashed
``unsupported``           not a PDF, HTML, DOCX or text file; bytes that contradict the
                          extension (an HTML page named .pdf); or outside ``--corpus-root``
``missing``               the file does not exist
``timeout``               the parser ran longer than the timeout and was stopped
``checksum_mismatch``     the file's sha256 differs from the manifest's
========================  ===============================================================

A problem with one document never raises: the command writes an empty text file and the
record, and exits 0, so one bad file cannot stop a run. ``policytext extraction-table
--strict`` turns any status but ``ok`` into an error naming the documents.

A file whose resolved path lies outside ``--corpus-root`` is refused with status
``unsupported`` (it is never opened), so that a manifest cannot read files elsewhere on
the machine while the rest of the corpus still runs.

Engines: ``pdfplumber`` (default, the most faithful word boxes) and ``pypdfium2`` (the fast
option, about 11 times faster, with text runs instead of words); both feed the same
layout and cleaning in :mod:`policytext.extract.layout`. The file type comes from the bytes
(:func:`policytext.filetypes.sniff_type`); where the extension names a different type
(an HTML page saved as ``.pdf``), the file is refused as ``unsupported`` with the reason,
because such a file is nearly always a failed download, not the document.

The parse runs in a child process (``fork``) that is killed after ``timeout`` seconds.
Wall-clock ``seconds`` are kept in the JSON record only; ``extraction.csv`` leaves them
empty unless ``--timings`` is given, so that the table is byte-identical across runs.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import json
import logging
import math
import multiprocessing
import re
import shutil
import statistics
import string
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from policytext.errors import UserError
from policytext.extract.formats import read_docx, read_html, read_text_file
from policytext.extract.layout import PageWords, Word, layout_text, turn_upright
from policytext.filetypes import promised_type, sniff_type
from policytext.io import sha256_file, write_json, write_table
from policytext.text.tokenize import count_tokens

logger = logging.getLogger(__name__)

STATUSES = (
    "ok",
    "no_text",
    "encrypted",
    "corrupt",
    "unsupported",
    "missing",
    "timeout",
    "checksum_mismatch",
)
ENGINES = ("pdfplumber", "pypdfium2")
TABLE_MODES = ("drop", "mark", "keep")
#: Words left out of the body text by reason: record field and extraction.csv column.
DROPPED_COLUMNS = {
    "running_heads": "dropped_running_heads",
    "page_numbers": "dropped_page_numbers",
    "tables": "dropped_tables",
    "rotated": "dropped_rotated",
    "margin_numbers": "dropped_margin_numbers",
    "footnote_markers": "dropped_footnote_markers",
}
RECORD_COLUMNS = [
    "doc_id",
    "status",
    "pages",
    "chars",
    "words",
    "seconds",
    "message",
    "dropped_share",
    *DROPPED_COLUMNS.values(),
    "drop_warning",
]
TABLE_COLUMNS = [*RECORD_COLUMNS, "short"]
#: A document that loses more than this share of its PDF's words is warned about.
WARN_DROPPED_SHARE = 0.2
#: A page that loses more than this share of its words is named in the warning ...
WARN_PAGE_SHARE = 0.5
#: ... when it had at least this many words (a title page losing its running head is not).
WARN_PAGE_MIN_WORDS = 20
#: A document is short when it has under this share of the median words of ok documents.
SHORT_SHARE = 0.1
#: Pages read from one opening of a PDF by the pypdfium2 engine. pdfium keeps every object
#: it parses, each page's content streams among them (a few kilobytes a page), until the
#: document is closed: a long document is opened again after this many pages, so that
#: memory stays flat with its length (an opening costs under a millisecond).
PAGES_PER_OPENING = 100
#: What a glyph that its font maps to no Unicode text reads as: pdfminer writes
#: ``(cid:13)`` for one, which would count as the words ``cid`` and ``13``; U+FFFD is no
#: part of any word.
UNMAPPED_GLYPH = "\ufffd"
#: Characters of a pdfium page tested for a Unicode mapping, evenly spread: a page whose
#: fonts have no mapping fails at nearly all of them (the rest are the spaces and line
#: breaks pdfium adds), a page of the real PDFs seen here at no more than 1 in 500.
UNMAPPED_SAMPLES = 32
#: Text that pdfium read from glyph codes (its fonts give no Unicode) is kept when it reads
#: as writing in the Latin script: at least :data:`UNMAPPED_MIN_LETTERS` Latin letters,
#: these a quarter or more of its characters but spaces and ASCII punctuation, at least
#: half of its letters in lower case, and vowels (accents aside) between the two shares
#: below. pdfium reads such a glyph as its code, which fonts in a standard encoding (TeX's
#: Type 3 bitmap fonts, many printer drivers' fonts) make the letter itself; fonts that
#: number their glyphs instead read as control characters, or as letters shifted along
#: the alphabet (``2XWFRPHV`` for ``Outcomes``: capitals, 17% vowels), and a code page read
#: as another (Cyrillic read as Latin-1) as accented vowels (92%). On 4,786 pages of real
#: text (the 21 real PDFs and 713 of TeX Live's documentation PDFs), vowels made 22.5% to
#: 50% of the Latin letters.
UNMAPPED_TEXT_VOWELS = (0.2, 0.6)
#: Fewer Latin letters than this are too few to tell text from glyph codes.
UNMAPPED_MIN_LETTERS = 20
#: The vowels of :data:`UNMAPPED_TEXT_VOWELS`, as accents stripped leave them.
_VOWELS = frozenset("aeiouyAEIOUY")
#: What to do about pages whose text has no Unicode mapping: OCR reads their images (the
#: --ocr option skips pages that have a text layer, so it does not reach them).
UNMAPPED_ADVICE = "OCR the file (ocrmypdf --force-ocr) or supply a version with text"
#: And with pdfium, which has no other way to a glyph's text: pdfminer reads some such
#: fonts (simple fonts, and Chromium's) by their glyphs' names.
UNMAPPED_ADVICE_PDFIUM = (
    f"{UNMAPPED_ADVICE}, or try the pdfplumber engine, which reads some such fonts by their "
    f"glyphs' names"
)
#: A line of the extracted text that holds something.
_TEXT_LINE = re.compile(r"[^\n]+")
#: Gap between characters, as a share of the font size, that starts a new word (pdfplumber).
#: pdfplumber's default is a fixed 3 points, which runs words together in small type.
X_TOLERANCE_RATIO = 0.15


@dataclass
class ExtractionResult:
    """One document's text and the record of how it was extracted."""

    doc_id: str
    status: str
    pages: int | None = None
    chars: int = 0
    words: int = 0
    seconds: float = 0.0
    message: str = ""
    engine: str = ""
    dropped: dict[str, Any] = field(default_factory=dict)
    dropped_share: float | None = None
    dropped_running_heads: int | None = None
    dropped_page_numbers: int | None = None
    dropped_tables: int | None = None
    dropped_rotated: int | None = None
    dropped_margin_numbers: int | None = None
    dropped_footnote_markers: int | None = None
    drop_warning: bool = False
    text: str = ""

    def record(self) -> dict[str, Any]:
        """The JSON record: every field except the text."""
        record = asdict(self)
        del record["text"]
        return record


class _DocumentProblem(Exception):
    """A per-document failure with its status; caught and turned into a result."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# ---------------------------------------------------------------------------- engines


def _pdfplumber_pages(path: Path) -> Iterator[PageWords]:
    """Word boxes of every page with pdfplumber, one page at a time, each closed when read."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as error:
        raise _open_problem(error.args[0] if error.args else error) from error
    with pdf, _PdfiumFallback(path) as fallback:
        for page in _one_page_at_a_time(pdf):
            try:
                words = _pdfplumber_page(page, page.page_number)
            except Exception as error:  # noqa: BLE001 - one bad page must not lose the rest
                logger.warning("%s page %d: %s", path, page.page_number, error)
                words = PageWords(page.page_number, 0.0, 0.0, [], failed=True)
            finally:
                page.close()
                _forget_contents(page)
            if words.pdfium_reason:
                yield from fallback.page(page.page_number, words.pdfium_reason)
            else:
                yield words


class _PdfiumFallback:
    """The pdfium document of a file read with pdfplumber, opened when a page is first read
    with it (see :meth:`page`) and closed with the context."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf: Any = None

    def __enter__(self) -> _PdfiumFallback:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pdf is not None:
            self.pdf.close()

    def page(self, number: int, reason: str) -> Iterator[PageWords]:
        """Page ``number`` (from 1) read with pdfium, marked with the ``reason`` why (see
        :func:`_pdfium_reason`)."""
        import pypdfium2 as pdfium

        if self.pdf is None:
            self.pdf = pdfium.PdfDocument(str(self.path))
        for words in _read_pdfium_page(_pdfium_load(self.pdf, number - 1), number, self.path):
            words.pdfium_reason = reason
            yield words


def _one_page_at_a_time(pdf: Any) -> Iterator[Any]:
    """The pages of a pdfplumber document, each made when it is wanted, as pdfplumber
    makes them (numbered from 1, each page's ``doctop`` the height of the pages before
    it).

    ``pdf.pages`` makes every page at once and keeps them all for the life of the
    document, each holding its content streams: memory would grow with the length.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    doctop = 0
    for number, page_object in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        page = Page(pdf, page_object, page_number=number, initial_doctop=doctop)
        doctop += page.height
        yield page


def _forget_contents(page: Any) -> None:
    """Take a read page's content streams out of pdfminer's object cache.

    pdfminer keeps every object it parses for the life of the document; the content
    streams, each page's own and some kilobytes each, are what grows with its length.
    A stream that another page shares is parsed from the file again there.
    """
    cache = getattr(page.pdf.doc, "_cached_objs", None)
    if cache is None:  # a pdfminer without the cache keeps nothing to take out
        return
    for stream in page.page_obj.contents:
        cache.pop(getattr(stream, "objid", None), None)


def _pdfplumber_page(page: Any, number: int) -> PageWords:
    """One page's words; a page whose text mostly runs up or down the sheet is turned.

    pdfminer has already applied ``/Rotate``, so its width and height are swapped here to
    match. Words at an angle to most of the page's text are left out, and recorded.
    """
    from pdfplumber.utils.text import WordExtractor

    width, height = float(page.width), float(page.height)
    if page.rotation in (90, 270) and width < height:
        width, height = height, width
    chars, lines, rects = _page_objects(page)
    printed = _printed(chars)
    if _mostly_unmapped(printed):
        return PageWords(number, width, height, [], unmapped=True)
    reason = _pdfium_reason(printed)
    if reason:
        return PageWords(number, width, height, [], pdfium_reason=reason)
    options = {"x_tolerance_ratio": X_TOLERANCE_RATIO, "extra_attrs": ["size"]}
    extractor = WordExtractor(x_tolerance_ratio=X_TOLERANCE_RATIO, extra_attrs=["size", "upright"])
    found = [
        _without_overprint(extractor, word)
        for word in extractor.extract_words(chars, return_chars=True)
    ]
    upright = [w for w in found if w["upright"]]
    if len(upright) == len(found):
        rotated: list[str] = []
    elif not _mostly_rotated(printed):
        # Stray labels at an angle: read them turned, so that they count as words.
        turned, _ = _turn_chars(chars, width, height)
        rotated = [w["text"] for w in WordExtractor(**options).extract_words(turned)]
    else:
        turned, _ = _turn_chars(chars, width, height)
        upright = WordExtractor(**options).extract_words(turned)
        rotated = [w["text"] for w in found if w["upright"]]
        width, height = height, width
    return PageWords(
        number=number,
        width=width,
        height=height,
        words=[
            Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"])
            for w in _join_spaced_letters(upright)
        ],
        rotated=rotated,
        rules=_pdfplumber_rules(lines, rects),
    )


def _page_objects(page: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict]]:
    """A pdfplumber page's characters, lines and rectangles, with only the keys used here.

    ``page.chars`` would give the same characters, but pdfplumber resolves every attribute
    of every object first (colours, graphic state, paths), which is two thirds of the time
    it takes to read a page. This walks pdfminer's layout of the page in the same order and
    places each object as pdfplumber does (``Page.process_object``: top and bottom from the
    page height and the MediaBox, x shifted by the MediaBox's left edge), so pdfplumber's
    own word extractor gives the same words from these.
    """
    from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect

    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    chars: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []

    def placed(obj: Any) -> dict[str, Any]:
        top = (height - obj.y1) + mb_top
        x0, x1 = (obj.x0 + mb_x0, obj.x1 + mb_x0) if mb_x0 != 0 else (obj.x0, obj.x1)
        bottom = (height - obj.y0) + mb_top
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom}

    def walk(objects: list[Any]) -> None:
        for obj in objects:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                box = placed(obj)
                box["doctop"] = page.initial_doctop + box["top"]
                text = obj.get_text()
                if text.startswith("(cid:"):  # pdfminer's name for a glyph without text
                    text = UNMAPPED_GLYPH
                box.update(text=text, upright=obj.upright, size=obj.size)
                chars.append(box | {"matrix": obj.matrix})
            elif isinstance(obj, LTLine):
                lines.append(placed(obj))
            elif isinstance(obj, LTRect):
                rects.append(placed(obj) | {"stroke": obj.stroke})

    walk(page.layout._objs)
    return chars, lines, rects


def _without_overprint(extractor: Any, word: dict[str, Any]) -> dict[str, Any]:
    """A word (with its ``chars``, left to right) whose characters drawn twice over
    themselves are kept once: fake bold and shadows print the same text again a fraction
    of a point away, which reads as ``IInntteeggrraattiioonn``. A character is drawn over
    the one before it when it has the same text within a tenth of the size along the line
    (the narrowest letter, an ``l``, advances a fifth)."""
    chars = word.pop("chars")
    kept = [chars[0]]
    for char in chars[1:]:
        last = kept[-1]
        if not (
            char["text"] == last["text"]
            and abs(char["x0"] - last["x0"]) < 0.1 * char["size"]
            and abs(char["top"] - last["top"]) < 0.1 * char["size"]
        ):
            kept.append(char)
    return word if len(kept) == len(chars) else extractor.merge_chars(kept)


#: Letters set apart by up to this share of their size (letter-spacing, "S U M M A R Y")
#: are still read as words when they run on evenly; see :func:`_join_spaced_letters`.
MAX_LETTER_SPACING = 0.6
#: Fewest letters in a row, each read as a word of its own, that are taken for spaced text.
MIN_SPACED_LETTERS = 4


def _join_spaced_letters(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``words`` (pdfplumber's, line by line), with runs of letters read one to a word
    because they are set apart (letter-spacing wider than the word-break tolerance, as
    designed reports set headings) joined into the words they spell.

    A run is :data:`MIN_SPACED_LETTERS` or more one-character words in a row on one line,
    in one size, less than an em and a fifth apart, three in four of them letters. The
    narrowest quarter of its gaps is the letter spacing, at most :data:`MAX_LETTER_SPACING`
    of the size; a gap over half as wide again (a word space on top of it) ends a word.
    pdfium reads such text from the font's spacing, which pdfminer's characters do not
    keep.
    """
    joined: list[dict[str, Any]] = []
    start = 0
    while start < len(words):
        end = start + 1
        while end < len(words) and _in_a_row(words[end - 1], words[end]):
            end += 1
        if end - start < MIN_SPACED_LETTERS:
            joined += words[start:end]  # most words: longer than a letter, or few in a row
        else:
            joined += _spelled_words(words[start:end])
        start = end
    return joined


def _in_a_row(left: dict[str, Any], right: dict[str, Any]) -> bool:
    """True when two one-character words stand next to each other on one line, in one
    size, as spaced letters and the word spaces between them do."""
    size = left["size"]
    return (
        len(left["text"]) == 1
        and len(right["text"]) == 1
        and right["size"] == size
        and abs(right["top"] - left["top"]) <= 0.2 * size
        and 0 <= right["x0"] - left["x1"] <= 1.2 * size
    )


def _spelled_words(run: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The words a run of :data:`MIN_SPACED_LETTERS` or more one-character words spells,
    when it is spaced letters (see :func:`_join_spaced_letters`); else the run as it is."""
    letters = sum(1 for word in run if word["text"].isalpha())
    if 4 * letters < 3 * len(run):
        return run
    size = run[0]["size"]
    gaps = [right["x0"] - left["x1"] for left, right in zip(run, run[1:], strict=False)]
    spacing = sorted(gaps)[len(gaps) // 4]
    if spacing > MAX_LETTER_SPACING * size:
        return run
    pieces, piece = [], [run[0]]
    for gap, letter in zip(gaps, run[1:], strict=True):
        if gap > 1.5 * spacing + 0.05 * size:
            pieces.append(piece)
            piece = []
        piece.append(letter)
    pieces.append(piece)
    return [
        piece[0]
        | {
            "text": "".join(letter["text"] for letter in piece),
            "x1": piece[-1]["x1"],
            "top": min(letter["top"] for letter in piece),
            "bottom": max(letter["bottom"] for letter in piece),
        }
        for piece in pieces
    ]


def _printed(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A page's characters that print (spaces left out), which the tests of a whole page
    below weigh: found once a page."""
    return [char for char in chars if not char["text"].isspace()]


def _most(printed: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool]) -> bool:
    """True when more than half of a page's ``printed`` characters pass ``test``."""
    return 2 * sum(1 for char in printed if test(char)) > len(printed)


def _mostly_unmapped(printed: list[dict[str, Any]]) -> bool:
    """True when most printed characters of a page (see :func:`_printed`) are glyphs
    without text (see :data:`UNMAPPED_GLYPH`)."""
    return _most(printed, lambda char: char["text"] == UNMAPPED_GLYPH)


#: Why the pdfplumber engine reads a page with pdfium (see :func:`_pdfium_reason`), as the
#: message says it.
PDFIUM_REASONS = {
    "widths": (
        "pdfminer could not read their fonts and gave their glyphs no widths, which piles "
        "each line's letters up out of order"
    ),
    "right_to_left": (
        "their text is in a right-to-left script, whose letters pdfminer gives in the "
        "order they are drawn, each word reversed"
    ),
}


def _pdfium_reason(printed: list[dict[str, Any]]) -> str:
    """Why pdfminer's printed characters of a page (see :func:`_printed`) cannot be read
    into words, so that pdfium reads the page (a key of :data:`PDFIUM_REASONS`), or ''
    when they can."""
    if _mostly_unmeasured(printed):
        return "widths"
    if _mostly_right_to_left(printed):
        return "right_to_left"
    return ""


def _mostly_right_to_left(printed: list[dict[str, Any]]) -> bool:
    """True when most letters of a page are in a right-to-left script (Arabic, Hebrew,
    Persian...): pdfminer gives a line's characters left to right as drawn, and pdfium
    each run's in the order they are read."""
    text = "".join(char["text"] for char in printed)
    if text.isascii():
        return False
    letters = [char for char in text if char.isalpha()]
    backwards = sum(1 for char in letters if unicodedata.bidirectional(char) in ("R", "AL"))
    return 2 * backwards > len(letters)


def _mostly_unmeasured(printed: list[dict[str, Any]]) -> bool:
    """True when most printed characters of a page (see :func:`_printed`) have no width:
    pdfminer could not read their fonts (an object table whose offsets miss them), and
    places each glyph where the one before it starts, so that a line's letters pile up in
    a few places and are read out of order ('ableT' for 'Table') or dropped as overprinted
    ('oficial')."""
    return _most(printed, lambda char: char["x1"] <= char["x0"])


def _mostly_rotated(printed: list[dict[str, Any]]) -> bool:
    """True when most printed characters of a page (see :func:`_printed`) are set at an
    angle (a turned page)."""
    return _most(printed, lambda char: not char["upright"])


def _turn_chars(
    chars: list[dict[str, Any]], width: float, height: float
) -> tuple[list[dict[str, Any]], str]:
    """The page's rotated characters turned upright, and the direction they ran."""
    up = sum(1 for char in chars if not char["upright"] and char["matrix"][1] > 0)
    down = sum(1 for char in chars if not char["upright"] and char["matrix"][1] < 0)
    direction = "btt" if up >= down else "ttb"
    turned = []
    for char in chars:
        if char["upright"] or (char["matrix"][1] > 0) != (direction == "btt"):
            continue
        box = Word("", char["x0"], char["x1"], char["top"], char["bottom"], char["size"])
        x0, x1, top, bottom = turn_upright(box, width, height, direction)
        # pdfminer gives a rotated character's advance as its size: use its height.
        turned.append(
            {**char, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top}
            | {"upright": True, "size": bottom - top}
        )
    turned.sort(key=lambda char: (round(char["top"]), char["x0"]))
    return turned, direction


def _pdfplumber_rules(
    lines: list[dict[str, Any]], rects: list[dict[str, Any]]
) -> list[tuple[float, float, float, float]]:
    """Ruling lines of a page as boxes (x0, top, x1, bottom): lines, and stroked box edges."""
    rules = [(line["x0"], line["top"], line["x1"], line["bottom"]) for line in lines]
    for rect in rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if x1 - x0 < 2.0 or bottom - top < 2.0:
            rules.append((x0, top, x1, bottom))
        elif rect.get("stroke"):
            rules += [(x0, top, x1, top), (x0, bottom, x1, bottom)]
            rules += [(x0, top, x0, bottom), (x1, top, x1, bottom)]
    return rules


def _pdfium_rules(page: Any, height: float) -> list[tuple[float, float, float, float]]:
    """Thin path objects of a pdfium page (rules, table borders) as (x0, top, x1, bottom).

    Only the page's own objects count (not those inside form XObjects). They are read
    through pdfium's C functions (see :func:`_bare_pdfium`): a Python object for each of a
    chart's thousands of objects (``page.get_objects``) costs more than the rest of the
    page's parse.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    bare = _bare_pdfium()
    count = bare.count_objects(page.raw)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    left, bottom, right, top = _BOUNDS
    # Looked up once: a chart's page has thousands of objects.
    raw, get_object, object_type = page.raw, bare.get_object, bare.object_type
    unknown, path = pdfium_c.FPDF_PAGEOBJ_UNKNOWN, pdfium_c.FPDF_PAGEOBJ_PATH
    rules = []
    for index in range(count):
        item = get_object(raw, index)
        if not item:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = object_type(item)
        if kind == unknown:
            raise pdfium.PdfiumError("Failed to determine pageobject type.")
        if kind != path:
            continue
        if not bare.object_bounds(item, *_BOUNDS_REFS):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        if right.value - left.value <= 3.0 or top.value - bottom.value <= 3.0:
            rules.append((left.value, height - top.value, right.value, height - bottom.value))
    return rules


class _PageRules:
    """The ruling lines of an open pdfium page (see :func:`_pdfium_rules`), read when the
    layout first asks for them.

    Only a run of lines split into cells needs them (on a page in seven of the real PDFs),
    and reading them walks every object of the page, thousands on a chart's. They can be
    read until :meth:`close`, which comes before the page is closed.
    """

    def __init__(self, page: Any, height: float) -> None:
        self._page: Any = page
        self._height = height
        self._rules: list[tuple[float, float, float, float]] | None = None

    def __iter__(self) -> Iterator[tuple[float, float, float, float]]:
        if self._rules is None:
            if self._page is None:
                raise RuntimeError("the rules of a closed pdfium page cannot be read")
            self._rules = _pdfium_rules(self._page, self._height)
        return iter(self._rules)

    def close(self) -> None:
        """Forget the page (about to be closed): rules not read by now never will be."""
        self._page = None


_BOUNDS = [ctypes.c_float() for _ in range(4)]
_BOUNDS_REFS = [ctypes.byref(value) for value in _BOUNDS]


def _open_problem(error: BaseException) -> _DocumentProblem:
    """Classify an exception raised while opening a PDF."""
    name = type(error).__name__
    text = str(error) or name
    if "Password" in name or "Encryption" in name or "password" in text.lower():
        return _DocumentProblem(
            "encrypted", "the PDF is password-protected; supply an unlocked copy"
        )
    return _DocumentProblem(
        "corrupt", f"the PDF cannot be parsed ({name}: {text}); re-download or repair the file"
    )


def _pdfium_pages(path: Path) -> Iterator[PageWords]:
    """Text runs of every page with pypdfium2 (one box per run of words), one page at a time."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise _open_problem(error) from error
    for index, page in enumerate(_pdfium_each_page(pdf, path)):
        yield from _read_pdfium_page(page, index + 1, path)


def _unloaded_page(number: int, path: Path) -> PageWords:
    """A page pdfium could not load, counted as failed (its number is named)."""
    logger.warning("%s page %d: pdfium cannot load the page", path, number)
    return PageWords(number, 0.0, 0.0, [], failed=True)


def _read_pdfium_page(page: Any, number: int, path: Path) -> Iterator[PageWords]:
    """The words of one pdfium page, numbered ``number``, of the file ``path``: yielded
    while the page is open, so that its rules can be read as it is laid out, and the page
    closed after."""
    import pypdfium2 as pdfium

    if page is None:
        yield _unloaded_page(number, path)
        return
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        unicode = _pdfium_unicode(textpage)
        if unicode == "none":
            textpage.close()
            words, rules = PageWords(number, width, height, [], unmapped=True), None
        else:
            runs = _pdfium_runs(textpage)
            textpage.close()
            words = _pdfium_page(number, runs, width, height)
            words.rules = rules = _PageRules(page, height)
            words.from_codes = unicode == "codes"
    except pdfium.PdfiumError as error:
        logger.warning("%s page %d: %s", path, number, error)
        words, rules = PageWords(number, 0.0, 0.0, [], failed=True), None
    try:
        yield words
    finally:
        if rules is not None:
            rules.close()
        page.close()


def _pdfium_unicode(textpage: Any) -> str:
    """Where a pdfium text page's text comes from: ``mapped`` (its fonts map most of
    :data:`UNMAPPED_SAMPLES` characters spread over the page to Unicode), else ``codes``
    when the text pdfium reads from the glyphs' codes reads as text (see
    :func:`reads_as_text`), else ``none`` (letters shifted by a few places, ``2XWFRPHV``
    for ``Outcomes``, or control characters)."""
    bare, raw = _bare_pdfium(), textpage.raw
    chars = textpage.count_chars()
    tested = range(0, chars, max(1, chars // UNMAPPED_SAMPLES))
    failed = sum(1 for char in tested if bare.unicode_error(raw, char) == 1)
    if 2 * failed <= len(tested):
        return "mapped"
    return "codes" if reads_as_text(textpage.get_text_range()) else "none"


def reads_as_text(text: str) -> bool:
    """True when ``text``, read from glyph codes without Unicode, reads as writing in the
    Latin script (see :data:`UNMAPPED_TEXT_VOWELS`): glyph codes that are the letters
    themselves, not glyph numbers nor another code page."""
    letters = [char for char in text if char.isalpha()]
    bases = (unicodedata.normalize("NFKD", char)[0] for char in letters)
    latin = [base for base in bases if base.isascii()]
    # Spaces and marks aside (a contents page's dot leaders): control characters count.
    others = sum(1 for char in text if not char.isspace() and char not in string.punctuation)
    if len(latin) < max(UNMAPPED_MIN_LETTERS, others / 4):
        return False
    lower = sum(1 for char in letters if char.islower())
    vowels = sum(1 for base in latin if base in _VOWELS) / len(latin)
    low, high = UNMAPPED_TEXT_VOWELS
    return 2 * lower >= len(letters) and low <= vowels <= high


def _pdfium_each_page(pdf: Any, path: Path) -> Iterator[Any]:
    """Each page of ``pdf``, the pdfium document of the file ``path``, in order (None for a
    page pdfium cannot load: an object it cannot find); the caller closes each page, and
    the document is closed at the end.

    The document is opened again every :data:`PAGES_PER_OPENING` pages: pdfium frees what
    it parsed of the pages read so far only when the document is closed.
    """
    import pypdfium2 as pdfium

    try:
        for index in range(len(pdf)):
            if index and index % PAGES_PER_OPENING == 0:
                pdf.close()
                pdf = pdfium.PdfDocument(str(path))
            yield _pdfium_load(pdf, index)
    finally:
        pdf.close()


def _pdfium_load(pdf: Any, index: int) -> Any:
    """Page ``index`` of the pdfium document ``pdf``, or None where pdfium cannot load it."""
    import pypdfium2 as pdfium

    try:
        return pdf[index]
    except pdfium.PdfiumError:
        return None


def _pdfium_page(
    number: int,
    runs: list[tuple[str, float, float, float, float, str]],
    width: float,
    height: float,
) -> PageWords:
    """A page of pdfium runs; a page whose text mostly runs up or down the sheet is turned."""
    words: dict[str, list[Word]] = {"ltr": [], "btt": [], "ttb": []}
    for text, left, right, top, bottom, direction in _merge_runs(runs):
        word = _run_word(text, left, right, height - top, height - bottom)
        if word is not None:
            words[direction].append(word)
    if words["btt"] or words["ttb"]:
        main = max(words, key=lambda way: sum(len(w.text.split()) for w in words[way]))
    else:
        main = "ltr"
    if not words[main] or main == "ltr":
        rotated = [word.text for word in words["btt"] + words["ttb"]]
        return PageWords(number, width, height, words["ltr"], rotated=rotated)
    upright = []
    for word in words[main]:
        x0, x1, top, bottom = turn_upright(word, width, height, main)
        upright.append(Word(word.text, x0, x1, top, bottom, bottom - top))
    rotated = [word.text for direction in words if direction != main for word in words[direction]]
    return PageWords(number, height, width, upright, rotated=rotated)


def _merge_runs(
    runs: list[tuple[str, float, float, float, float, str]],
) -> list[tuple[str, float, float, float, float, str]]:
    """Join runs that continue one another on a line into one run, keeping the text's spaces.

    Chromium places every glyph on its own, so pdfium gives one run per character, and its
    word spaces (which justification may squeeze below a tenth of the font size) live only
    in the text layer. Consecutive runs in one direction on the same baseline are joined
    when the next starts within half the font size of where the previous ends (a column
    gutter or a table cell is wider), or up to :data:`OVERHANG` before it, so a run's text
    keeps the spaces pdfium put in it.
    """
    merged: list[tuple[str, float, float, float, float, str]] = []
    for run in runs:
        if not merged or not _continues(merged[-1], run):
            merged.append(run)
            continue
        last = merged[-1]
        text = last[0]
        if last[5] != "ltr" and text.endswith("\n"):
            # pdfium may end a sideways glyph's text with a line break though the line
            # goes on: a word space where the glyphs stand a quarter of an em apart
            # (letters of a word stand closer, side bearings included), else nothing.
            start, _end, _base, size = _along(run)
            space = start - _along(last)[1] > 0.25 * size
            text = text.rstrip("\r\n") + (" " if space else "")
        merged[-1] = (
            text + run[0],
            min(last[1], run[1]),
            max(last[2], run[2]),
            max(last[3], run[3]),
            min(last[4], run[4]),
            last[5],
        )
    return merged


def _along(run: Any) -> tuple[float, float, float, float]:
    """(start, end, baseline, size) of a run along its own reading direction.

    Upright runs advance to the right on a baseline at their bottom; runs going up the
    sheet (``btt``) advance upwards with their baseline on the right, and runs going down
    (``ttb``) advance downwards with it on the left. PDF space: up is larger.
    """
    _text, left, right, top, bottom, direction = run
    if direction == "ltr":
        return left, right, bottom, top - bottom
    if direction == "btt":
        return bottom, top, right, right - left
    return -top, -bottom, left, right - left


#: How far, in font sizes, a run's glyph box may reach past where the next run starts on
#: its line: an italic glyph overhangs its advance (Times-Italic's f by a seventh of the
#: size, into the space after it), and two italic glyphs in runs of their own overlap from
#: both sides (Times-Italic's ff by 0.29 of the size); a run that starts farther back is set
#: over the line, not along it.
OVERHANG = 0.3


def _continues(last: tuple, run: tuple) -> bool:
    """True when ``run`` goes on the line of ``last`` from where it ends (for upright text,
    unless pdfium ended ``last`` with a line break)."""
    if run[5] != last[5] or (run[5] == "ltr" and "\n" in last[0]):
        return False
    if run[5] == "ltr":  # most runs: _along's values, read without building them
        last_end, last_base, size = last[2], last[4], last[3] - last[4]
        start, base = run[1], run[4]
    else:
        _start, last_end, last_base, size = _along(last)
        start, _end, base, _size = _along(run)
    return abs(base - last_base) < 0.2 * size and (
        last_end - OVERHANG * size <= start <= last_end + 0.5 * size
    )


_QUARTER_DIRECTIONS = {3: "btt", 1: "ttb"}


def _direction(angle: float) -> str:
    """Reading direction of a pdfium character angle (radians, clockwise): ltr, btt or ttb."""
    quarter = round(angle / (math.pi / 2)) % 4
    return _QUARTER_DIRECTIONS.get(quarter, "ltr")


def _pdfium_runs(textpage: Any) -> list[tuple[str, float, float, float, float, str]]:
    """The text runs of a pdfium text page, in content order.

    Each run is (text, left, right, top, bottom, direction), with the direction ``ltr``,
    ``btt`` (running up the page) or ``ttb`` (running down) from the angle of its first
    character.

    A run is one of pdfium's text rectangles. Its text is the page's text (read once, see
    :func:`_page_text`) from the rectangle's first character (see :func:`_run_starts`) to
    the next rectangle's;
    ``get_text_bounded`` would scan the whole page for each box, which is quadratic on
    dense pages. Where a start has no place in the page's text, or the cut crosses a line
    break (a text object set on two lines), the text is read from the box instead.

    pdfium's boxes hug the glyphs, so that ``mes.`` is lower than ``Health``; the box is
    rebuilt across the line from the first letter's baseline and font size instead (see
    :func:`_run_box`). A run set across a column gutter is cut there
    (:func:`_split_at_gutters`).
    """
    bare = _bare_pdfium()
    raw = textpage.raw
    chars = textpage.count_chars()
    first = _first_glyph(bare, raw, chars)
    # Counting the page's rectangles makes pdfium keep them for GetRect: read them now,
    # before the search for their starts counts rectangles of other spans.
    count = bare.count_rects(raw, 0, -1)
    boxes = _rects(bare, raw, count)
    full, tidy = _page_text(bare, raw, chars)
    # One text character per page character (see _page_text): a character's index in the
    # page is its index in the text.
    starts = [*_run_starts(bare, raw, first, boxes, full=full), len(full)]
    runs = []
    # The index of each run's first character, None where its text is read from its box.
    firsts: list[int | None] = []
    for index, (left, bottom, right, top) in enumerate(boxes):
        begin, end = starts[index], starts[index + 1]
        if begin is None or end is None or end < begin:
            text = textpage.get_text_bounded(left, bottom, right, top)
            middle = textpage.get_index((left + right) / 2, (bottom + top) / 2, 2.0, 2.0)
            angle = bare.angle(raw, middle) if middle is not None else 0.0
            runs.append((text, left, right, top, bottom, _direction(angle)))
            firsts.append(None)
            continue
        text = full[begin:end]
        bounded = "\n" in text.strip()
        if bounded:
            text = textpage.get_text_bounded(left, bottom, right, top)
        lead = len(text) - len(text.lstrip())
        if not bounded:
            right = _ink_right(bare, raw, text, begin, right)
        runs.append((text, *_run_box(bare, raw, begin + lead, left, bottom, right, top)))
        firsts.append(None if bounded else begin)
    runs = _split_at_gutters(bare, raw, runs, firsts)
    if tidy:
        runs = [(_tidied(run[0]), *run[1:]) for run in runs]
    return runs


def _page_text(bare: Any, raw: Any, chars: int) -> tuple[str, bool]:
    """A pdfium text page's text, one character for each of its ``chars`` characters, and
    whether its runs' text must be tidied (see :func:`_tidied`).

    pdfium's text (``FPDFText_GetText``, as ``get_text_range`` reads it) mostly has one
    UTF-16 unit for each character, read here one character a unit: a pair of halves of
    a character beyond the Basic Multilingual Plane (mathematical letters, emoji), which
    pdfium lists as two, decoded as one would put every later index one place off. Where
    the text has fewer or more units than the page has characters, it is read character
    by character (see :func:`_page_characters`): pdfium's index translation
    (``FPDFText_GetTextIndexFromCharIndex``) does not count the characters it lists whole
    beyond that plane and leaves out of its text, so that on a page of LuaLaTeX's
    mathematics every run after the first such letter took its neighbours' words.
    """
    buffer = (ctypes.c_ushort * (2 * chars + 2))()
    # The units written, less the NUL that ends them: counted, not read out one by one (a
    # list of a page's thousands of units is made only where it is joined as they are).
    units = max(bare.get_text(raw, 0, chars, buffer) - 1, 0)
    if units != chars:
        return _page_characters(bare, raw, chars), True
    text = bytes(buffer)[: 2 * chars].decode("utf-16-le", "surrogatepass")
    if len(text) == chars:
        return text, False
    return "".join(map(chr, buffer[:chars])), True


#: Characters that pdfium leaves out of a page's text unless it made them as a line end's
#: hyphen (``IsControlChar`` in pdfium's ``core/fpdftext/cpdf_textpage.cpp``).
_PDFIUM_CONTROL = frozenset((0x2, 0x3, 0x93, 0x94, 0x96, 0x97, 0x98, 0xFFFE))


def _page_characters(bare: Any, raw: Any, chars: int) -> str:
    """The page's text read one character at a time (``FPDFText_GetUnicode``), those that
    pdfium leaves out of its text (:data:`_PDFIUM_CONTROL`, and characters without
    Unicode) as NUL, taken out of each run by :func:`_tidied`."""
    codes = [bare.unicode(raw, char) for char in range(chars)]
    for char, code in enumerate(codes):
        if code in _PDFIUM_CONTROL and not bare.is_hyphen(raw, char):
            codes[char] = 0
    return "".join(chr(code) if code < 0x110000 else UNMAPPED_GLYPH for code in codes)


def _tidied(text: str) -> str:
    """A run's text (see :func:`_page_text`) without NUL, with each pair of surrogates made
    the one character it stands for (a lone half, the replacement character)."""
    text = text.replace("\x00", "")
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _ink_right(bare: Any, raw: Any, text: str, begin: int, right: float) -> float:
    """The right edge of a run's last glyph, where the run ends its line in spaces (its
    rectangle's right edge is ``right``); ``text`` is the run's text from text index
    ``begin``.

    pdfium's rectangle takes in a space set at a line's end (LibreOffice ends each line of
    ragged text with one), a third of an em wide: beside a box framed tight round its
    text, that closes a gutter which pdfplumber's words, spaces left out, leave open.
    Spaces inside a line stay in the runs' rectangles: runs of one line are joined across
    them (see :func:`_merge_runs`).
    """
    line = text.rstrip("\r\n")
    inked = line.rstrip()
    if not inked or len(line) == len(text) or len(inked) == len(line):
        return right
    last = _glyph_sides(bare, raw, begin + len(inked) - 1)[1]
    return last if last < right else right


#: Glyphs farther apart than this share of the font size, on one run's line, stand either
#: side of a column gutter or between a table's cells: a gutter narrower than the font
#: size would crowd the columns, and a word space, even stretched by justification, is
#: mostly narrower (a wider one at a column's edge splits a line's run harmlessly: the
#: layout joins the pieces again as words of one line).
GUTTER_GAP = 1.0

#: The narrowest column, in font sizes: where lines start nearer than this right of a
#: column's edge, they are indented (a paragraph's first line, a list's items), and a run
#: that reaches across them from the edge crosses no gutter.
NARROWEST_COLUMN = 6.0

#: Spaces between two words of a run.
_INNER_SPACES = re.compile(r"(?<=\S) +(?=\S)")


def _split_at_gutters(
    bare: Any,
    raw: Any,
    runs: list[tuple[str, float, float, float, float, str]],
    firsts: list[int | None],
) -> list[tuple[str, float, float, float, float, str]]:
    """A page's runs, each run that crosses a column gutter cut there.

    pdfium's rectangle follows a text object, and a text object may run on across a
    column gutter (a line of one column and the line beside it in the next, set as one),
    or across a table's cells; the layout cannot cut a box. A run can only cross a gutter
    where it reaches across the left edge of a column (:func:`_column_edges`) with room for
    a gutter before it, so only there are its characters looked at (:func:`_cut_run`), a
    few for each edge crossed: a pass over every character of the page would cost more
    than reading the runs. ``firsts`` holds each run's first character (None where the
    run's text was read from its box).
    """
    edges = _column_edges(runs)
    if len(edges) < 2:
        return runs  # a gutter lies between two columns
    crossing = [
        (index, beyond)
        for index, (_text, left, right, top, bottom, _way) in enumerate(runs)
        if (beyond := bisect.bisect_right(edges, left + GUTTER_GAP * (top - bottom))) < len(edges)
        and edges[beyond] < right
        and firsts[index] is not None
    ]
    if not crossing:
        return runs
    split, done = [], 0
    for index, beyond in crossing:
        run = runs[index]
        crossed = edges[beyond : bisect.bisect_left(edges, run[2])]
        split += runs[done:index] + _cut_run(bare, raw, run, firsts[index], crossed)
        done = index + 1
    return split + runs[done:]


def _column_edges(runs: list[tuple[str, float, float, float, float, str]]) -> list[float]:
    """The left edges of a page's columns (and of tables' cells), ascending.

    An edge is where three lines or more start within a point of one another, and
    :data:`NARROWEST_COLUMN` font sizes right of the edge before it at least (nearer lie
    indents). A run starts a line where pdfium ended the run before it with a line break,
    or where it does not go on from the run before it within :data:`GUTTER_GAP` (a word set
    in other type starts a run mid-line).
    """
    starts = sorted(
        (run[1], run[3] - run[4])
        for before, run in zip(runs, runs[1:], strict=False)
        if run[5] == "ltr"
        and (
            before[0][-1:] == "\n"
            or not before[2] < run[1] < before[2] + GUTTER_GAP * (run[3] - run[4])
        )
    )
    edges: list[float] = []
    reach = -math.inf
    for (left, size), (third, _size) in zip(starts, starts[2:], strict=False):
        if third - left <= 1.0 and left > reach:
            edges.append(left)
            reach = left + NARROWEST_COLUMN * size
    return edges


def _cut_run(
    bare: Any,
    raw: Any,
    run: tuple[str, float, float, float, float, str],
    first: int,
    edges: list[float],
) -> list[tuple[str, float, float, float, float, str]]:
    """An upright run cut at each of the ``edges`` it crosses where the glyphs either side
    stand farther apart than :data:`GUTTER_GAP`.

    A line of the next column starts at its edge (or an indent past it), so the gap to
    judge is the space before the run's first word that starts there, found by halving
    the run's spaces (pdfium puts a space wherever glyphs jump apart) on the left sides of
    the words' first glyphs. Text set sideways is rarely set in columns and is left whole.
    """
    text, left, right, top, bottom, direction = run
    if direction != "ltr":
        return [run]
    size = top - bottom
    spaces = [space.span() for space in _INNER_SPACES.finditer(text)]
    pieces = []
    piece_start, piece_left = 0, left
    for edge in edges:
        low, high = 0, len(spaces)
        while low < high:
            middle = (low + high) // 2
            if _glyph_sides(bare, raw, first + spaces[middle][1])[0] < edge - 0.25 * size:
                low = middle + 1
            else:
                high = middle
        if low == len(spaces) or spaces[low][1] <= piece_start:
            continue
        space_start, cut = spaces[low]
        word_left = _glyph_sides(bare, raw, first + cut)[0]
        end = _glyph_sides(bare, raw, first + space_start - 1)[1]
        if word_left - end > GUTTER_GAP * size:
            pieces.append((text[piece_start:cut], piece_left, end, top, bottom, direction))
            piece_start, piece_left = cut, word_left
    pieces.append((text[piece_start:], piece_left, right, top, bottom, direction))
    return pieces


def _glyph_sides(bare: Any, raw: Any, char: int) -> tuple[float, float]:
    """(left, right) of character ``char``'s glyph box; NaN, which compares false with
    every number, where pdfium has no such character."""
    if not bare.char_box(raw, char, *_CHAR_BOX_REFS):
        return math.nan, math.nan
    return _CHAR_BOX[0].value, _CHAR_BOX[1].value


@functools.cache
def _bare_pdfium() -> SimpleNamespace:
    """pdfium's C functions that are called for every text run or page object, bare.

    pypdfium2 declares the C types of each function's arguments, and ctypes converts and
    checks every argument of every call, which takes longer than pdfium's own work on a
    chart's thousands of runs. These are the same functions with only their return type;
    callers pass exactly the C types: pypdfium2's handles, ints, and ``ctypes.byref`` of
    the buffers written into (``_BOX``, ``_CHAR_BOX``, ``_ORIGIN``, ``_BOUNDS``,
    ``matrix_buffer`` here).
    A page object comes back as a handle (:class:`_Handle`) to pass on as it is.

    They are called holding the GIL (``PYFUNCTYPE``, pdfium's functions never touch
    Python): each call is over in about a microsecond or less, and releasing the lock and
    taking it back for each (``CFUNCTYPE``) cost a percent of the engine's time; another
    thread, if there were one, waits no longer than for a line of Python.
    """
    import pypdfium2.raw as pdfium_c

    def bare(name: str, restype: Any) -> Any:
        address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
        return ctypes.PYFUNCTYPE(restype)(address)

    # An FS_MATRIX's six floats (a, b, c, d, e, f), as an array: read in one slice.
    matrix = (ctypes.c_float * 6)()
    return SimpleNamespace(
        count_rects=bare("FPDFText_CountRects", ctypes.c_int),
        get_text=bare("FPDFText_GetText", ctypes.c_int),
        unicode=bare("FPDFText_GetUnicode", ctypes.c_uint),
        is_hyphen=bare("FPDFText_IsHyphen", ctypes.c_int),
        get_rect=bare("FPDFText_GetRect", ctypes.c_int),
        char_box=bare("FPDFText_GetCharBox", ctypes.c_int),
        font_size=bare("FPDFText_GetFontSize", ctypes.c_double),
        matrix=bare("FPDFText_GetMatrix", ctypes.c_int),
        angle=bare("FPDFText_GetCharAngle", ctypes.c_float),
        origin=bare("FPDFText_GetCharOrigin", ctypes.c_int),
        unicode_error=bare("FPDFText_HasUnicodeMapError", ctypes.c_int),
        count_objects=bare("FPDFPage_CountObjects", ctypes.c_int),
        get_object=bare("FPDFPage_GetObject", _Handle),
        object_type=bare("FPDFPageObj_GetType", ctypes.c_int),
        object_bounds=bare("FPDFPageObj_GetBounds", ctypes.c_int),
        matrix_buffer=matrix,
        matrix_ref=ctypes.byref(matrix),
    )


class _Handle(ctypes.c_void_p):
    """A pdfium handle returned as it is (ctypes turns a plain ``c_void_p`` into an int,
    which a bare function would take for a C int)."""


def _first_glyph(bare: Any, raw: Any, chars: int) -> int | None:
    """The page's first character that starts a text rectangle (None if none does).

    pdfium leaves out of its rectangles the characters it made up (spaces, line breaks)
    and those whose glyph box is narrower or lower than 0.01; the rectangle of one such
    character alone is empty.
    """
    left, top, right, bottom = _BOX_REFS
    for char in range(chars):
        bare.count_rects(raw, char, 1)
        bare.get_rect(raw, 0, left, top, right, bottom)
        if _BOX[2].value > _BOX[0].value:
            return char
    return None


def _run_starts(
    bare: Any,
    raw: Any,
    first: int | None,
    boxes: list[tuple[float, float, float, float]],
    *,
    full: str,
) -> list[int | None]:
    """The first character of each of the page's text rectangles, whose ``boxes`` are
    (left, bottom, right, top).

    pdfium cuts the page's characters, in order, into rectangles, starting a new one where
    the text object changes (leaving out the characters of :func:`_first_glyph`), and
    ``FPDFText_CountRects(start, n)`` counts the rectangles of the ``n`` characters from
    ``start``. Most runs are whole lines, so a rectangle's characters are counted up to
    the next line break in the page's text ``full`` first (one text character for each
    page character, see :func:`_page_text`): when they make one rectangle, the next
    starts after the longest span of one (:func:`_run_length`); else it starts within the
    line (:func:`_first_rect_length`), and the rest of the line holds one rectangle
    fewer, without counting them again. A start that cannot be found
    leaves it and the rest of the page's starts None.
    """
    count_rects, find, count = bare.count_rects, full.find, len(boxes)
    starts = [first]
    start = first
    # The characters from ``start`` to the next line's first, and their rectangles.
    line: tuple[int, int] | None = None
    while start is not None and len(starts) < count:
        if line is None:
            line_end = find("\n", start)
            # The characters up to the next line's first (1 on the page's last line).
            guess = max(line_end + 1 - start, 1) if line_end >= 0 else 1
            line = guess, count_rects(raw, start, guess)
        guess, rects = line
        if rects < 2:
            length = _run_length(count_rects, raw, start, guess)
            line = None
        else:
            index = len(starts) - 1
            last = boxes[min(index + rects, count) - 1]
            length = _first_rect_length(count_rects, raw, start, guess, boxes[index], last)
            line = guess - length, rects - 1
        start = None if length is None else start + length
        starts.append(start)
    return starts + [None] * (count - len(starts))


def _run_length(count_rects: Any, raw: Any, start: int, guess: int) -> int | None:
    """The characters of the text rectangle that starts at ``start``, whose ``guess``
    characters from it make one rectangle: the longest span from it that pdfium counts as
    one rectangle (``count_rects`` is ``FPDFText_CountRects``), found by doubling and
    halving (None when the page ends within one rectangle)."""
    if count_rects(raw, start, guess + 1) > 1:
        return guess
    low, high = guess + 1, 2 * guess + 2
    while count_rects(raw, start, high) < 2:
        if count_rects(raw, start + high, 1) == 0:
            return None  # past the page's last character
        low, high = high, 2 * high
    return _halve(count_rects, raw, start, low, high)


def _halve(count_rects: Any, raw: Any, start: int, low: int, high: int) -> int:
    """The longest span from ``start`` of one rectangle, given that ``low`` characters
    from it make one and ``high`` more than one."""
    while high - low > 1:
        middle = (low + high) // 2
        if count_rects(raw, start, middle) < 2:
            low = middle
        else:
            high = middle
    return low


def _first_rect_length(
    count_rects: Any,
    raw: Any,
    start: int,
    guess: int,
    box: tuple[float, float, float, float],
    last: tuple[float, float, float, float],
) -> int:
    """The characters of the text rectangle ``box`` that starts at ``start``, the first of
    those of the ``guess`` characters from it, which end with the rectangle ``last``.

    The search starts where the rectangle's share of the line's width puts its end (most
    often within a character or two of it) and widens from there by doubling steps: on
    average half the calls of halving the whole line, each over a shorter span.
    """
    left, right, end = box[0], box[2], last[2]
    if not left < right < end:
        return _halve(count_rects, raw, start, 1, guess)
    estimate = min(max(round(guess * (right - left) / (end - left)), 1), guess - 1)
    step = 1
    if count_rects(raw, start, estimate) < 2:
        low = estimate
        while low + step < guess and count_rects(raw, start, low + step) < 2:
            low, step = low + step, 2 * step
        return _halve(count_rects, raw, start, low, min(low + step, guess))
    high = estimate
    while high - step > 1 and count_rects(raw, start, high - step) > 1:
        high, step = high - step, 2 * step
    return _halve(count_rects, raw, start, max(high - step, 1), high)


def _run_box(
    bare: Any, raw: Any, char: int, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float, str]:
    """A run's (left, right, top, bottom, direction), across the line from the baseline.

    Across the line the box is rebuilt from character ``char``'s origin and size (ascent
    0.75, descent 0.25 of the size; left and right for text set sideways), as pdfplumber
    reports it, so that lines and raised footnote markers are judged the same way with both
    engines. ``top`` and ``bottom`` are in PDF space (up is larger).
    """
    size, direction = _size_direction(bare, raw, char) if char >= 0 else (0.0, "ltr")
    across = top - bottom if direction == "ltr" else right - left
    if size < 0.8 * across:
        # The nominal size ignores a scaled text matrix (size 1, scaled by 10): judge
        # the size from the glyph box instead.
        size = across / 0.9
    if size and bare.origin(raw, char, *_ORIGIN_REFS):
        x, y = _ORIGIN[0].value, _ORIGIN[1].value
        # Across the line, a glyph's top is 0.75 of the size above its baseline: to
        # the left of it for text running up the sheet, to the right running down.
        if direction == "ltr":
            top, bottom = y + 0.75 * size, y - 0.25 * size
        elif direction == "btt":
            left, right = x - 0.75 * size, x + 0.25 * size
        else:
            left, right = x - 0.25 * size, x + 0.75 * size
    return left, right, top, bottom, direction


def _size_direction(bare: Any, raw: Any, char: int) -> tuple[float, str]:
    """The size a character is drawn at, and its reading direction (see :func:`_direction`).

    The size is its nominal font size scaled by its matrix: Chromium sets text at its CSS
    pixel size inside a 0.75 scale (px to pt), so the nominal size alone overstates it by
    a third, as pdfplumber's ``size`` does not. pdfium's angle of a character is that of
    its matrix's first column (``atan2(c, a)``); when that column points right along the
    line (``c`` zero, ``a`` positive), the angle is 0 without asking.
    """
    size = bare.font_size(raw, char)
    if bare.matrix(raw, char, bare.matrix_ref):
        a, b, c, d = bare.matrix_buffer[:4]  # one slice: each field read costs a lookup
        scale = math.sqrt(abs(a * d - b * c))
        if scale > 0:
            size *= scale
        if c == 0 and a > 0:
            return size, "ltr"
    return size, _direction(bare.angle(raw, char))


def _rects(bare: Any, raw: Any, count: int) -> list[tuple[float, float, float, float]]:
    """The first ``count`` text rectangles (as counted last) as (left, bottom, right, top)."""
    get_rect, (left, top, right, bottom) = bare.get_rect, _BOX
    boxes = []
    for index in range(count):
        get_rect(raw, index, *_BOX_REFS)
        boxes.append((left.value, bottom.value, right.value, top.value))
    return boxes


# Buffers the C functions write into: a box (left, top, right, bottom), an origin (x, y).
_BOX = [ctypes.c_double() for _ in range(4)]
_BOX_REFS = [ctypes.byref(value) for value in _BOX]
# A character's box, in the order FPDFText_GetCharBox writes it: left, right, bottom, top.
_CHAR_BOX = [ctypes.c_double() for _ in range(4)]
_CHAR_BOX_REFS = [ctypes.byref(value) for value in _CHAR_BOX]
_ORIGIN = [ctypes.c_double() for _ in range(2)]
_ORIGIN_REFS = [ctypes.byref(value) for value in _ORIGIN]


def _run_word(text: str, left: float, right: float, top: float, bottom: float) -> Word | None:
    """One pdfium text run as a single box (it may hold several words separated by spaces);
    None for a run of spaces alone."""
    # pdfium marks a hyphen at a line end as U+0002 (bounded) or U+FFFE (range): a hyphen.
    text = " ".join(text.replace("\x02", "-").replace("\ufffe", "-").split())
    return Word(text, left, right, top, bottom, bottom - top) if text else None


ENGINE_READERS = {"pdfplumber": _pdfplumber_pages, "pypdfium2": _pdfium_pages}


# ---------------------------------------------------------------------------- one document


def _read_document(path: Path, engine: str, tables: str) -> dict[str, Any]:
    """Parse one file into text and counts; raises _DocumentProblem for a known failure."""
    kind = sniff_type(path)
    claimed = promised_type(path)
    if claimed and kind != claimed:
        raise _DocumentProblem(
            "unsupported",
            f"the file is named {path.suffix} but its bytes are "
            f"{'not a known document type' if kind == 'unknown' else kind} (an error or "
            f"login page saved by a failed download looks like this); re-fetch it, or "
            f"rename it to match its content",
        )
    if kind == "pdf":
        return _read_pdf(path, engine, tables)
    readers = {"text": read_text_file, "html": read_html, "docx": read_docx}
    if kind not in readers:
        raise _DocumentProblem(
            "unsupported",
            "not a PDF, HTML, DOCX or text file (judged from its bytes); convert it to PDF or text",
        )
    try:
        text = readers[kind](path)
    except Exception as error:  # noqa: BLE001 - a broken file is a status, not a crash
        raise _DocumentProblem("corrupt", f"cannot read the {kind} file: {error}") from error
    return {"text": text, "pages": None, "engine": kind, "dropped": {}, "message": ""}


@dataclass
class _PageTally:
    """What the checks after the layout need of each page, noted as the pages go by; each
    page's words only when ``count_words`` (for the pdfplumber engine's cross-check)."""

    count_words: bool = False
    numbers: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    unmapped: list[int] = field(default_factory=list)
    from_codes: list[int] = field(default_factory=list)
    #: Pages the pdfplumber engine read with pdfium, by reason (see :data:`PDFIUM_REASONS`).
    read_with_pdfium: dict[str, list[int]] = field(default_factory=dict)
    empty: list[int] = field(default_factory=list)
    words: list[int] = field(default_factory=list)

    def note(self, pages: Iterator[PageWords]) -> Iterator[PageWords]:
        """Pass ``pages`` on, noting each one's number, state and word count on the way."""
        for page in pages:
            self.numbers.append(page.number)
            if page.failed:
                self.failed.append(page.number)
            elif page.unmapped:
                self.unmapped.append(page.number)
            elif not page.words:
                self.empty.append(page.number)
            if page.from_codes:
                self.from_codes.append(page.number)
            if page.pdfium_reason:
                self.read_with_pdfium.setdefault(page.pdfium_reason, []).append(page.number)
            if self.count_words:
                upright = sum(len(word.text.split()) for word in page.words)
                self.words.append(upright + len(page.rotated))
            yield page


def _read_pdf(path: Path, engine: str, tables: str) -> dict[str, Any]:
    """One PDF read with ``engine``; with pdfplumber, read with pdfium instead where
    pdfminer finds fewer pages than pdfium counts (it skips a page whose objects it cannot
    find, silently), saying so."""
    outcome, total = _read_pdf_with(path, engine, tables)
    if total is None or outcome["pages"] >= total:
        return outcome
    fallback, _ = _read_pdf_with(path, "pypdfium2", tables)
    note = (
        f"pdfminer found {outcome['pages']} of the PDF's {total} pages (it could not read "
        f"the others' objects): the document was read with pdfium"
    )
    fallback["message"] = "; ".join(filter(None, [note, fallback["message"]]))
    return fallback


def _read_pdf_with(path: Path, engine: str, tables: str) -> tuple[dict[str, Any], int | None]:
    """One PDF read with ``engine``: its text, pages and record fields, and the message;
    and, with pdfplumber, the pages pdfium counts (from the cross-check; None with
    pypdfium2, or where pdfium cannot open the file)."""
    tally = _PageTally(count_words=engine == "pdfplumber")
    result = layout_text(tally.note(ENGINE_READERS[engine](path)), tables=tables)
    pages, failed, empty = len(tally.numbers), tally.failed, tally.empty
    unmapped = tally.unmapped
    if pages and len(failed) == pages:
        raise _DocumentProblem("corrupt", f"none of the {pages} pages could be parsed")
    notes = []
    if unmapped and result.text:
        notes.append(
            f"{len(unmapped)} of {pages} pages have text whose fonts give it no Unicode "
            f"(pages {_page_list(unmapped)}): it cannot be read and is left out; "
            f"{_unmapped_advice(engine)}"
        )
    if tally.from_codes and result.text:
        notes.append(
            f"{len(tally.from_codes)} of {pages} pages were read from their glyphs' codes, "
            f"their fonts giving no Unicode (pages {_page_list(tally.from_codes)}): "
            f"ligatures (fi, fl) and symbols may be missing from their words; the "
            f"pdfplumber engine reads such glyphs by their names"
        )
    for reason, numbers in sorted(tally.read_with_pdfium.items()):
        notes.append(
            f"{len(numbers)} of {pages} pages were read with pdfium (pages "
            f"{_page_list(numbers)}): {PDFIUM_REASONS[reason]}"
        )
    if empty and result.text:
        notes.append(
            f"{len(empty)} of {pages} pages without a text layer "
            f"(pages {_page_list(empty)}); enable OCR for them or supply a text version"
        )
    if failed:
        notes.append(f"pages {_page_list(failed)} could not be parsed and are missing")
    pdfium_pages = None
    if engine == "pdfplumber":
        skip = set(unmapped).union(*tally.read_with_pdfium.values())
        checked, pdfium_pages = _cross_check(path, tally.numbers, tally.words, skip=skip)
        notes += checked
    warnings = drop_warnings(result.dropped)
    for warning in warnings:
        logger.warning("%s: %s", path, warning)
    notes += warnings
    dropped = dict(result.dropped)
    dropped["pages_without_text"] = len(empty)
    dropped["pages_without_unicode"] = len(unmapped)
    return {
        "text": result.text,
        "pages": pages,
        "engine": engine,
        "dropped": dropped,
        "message": "; ".join(notes),
        "empty_pages": len(empty),
        "unmapped_pages": len(unmapped),
        "drop_warning": bool(warnings),
    }, pdfium_pages


def _unmapped_advice(engine: str) -> str:
    """What to do about text without Unicode, read with ``engine``."""
    return UNMAPPED_ADVICE_PDFIUM if engine == "pypdfium2" else UNMAPPED_ADVICE


def drop_warnings(dropped: dict[str, Any]) -> list[str]:
    """Warnings for a document that lost much of its PDF's words, naming pages and reasons.

    A document warns when it lost more than ``WARN_DROPPED_SHARE`` of its words, or when a
    page of at least ``WARN_PAGE_MIN_WORDS`` words lost more than ``WARN_PAGE_SHARE`` of them.
    """
    warnings = []
    words = dropped.get("words", {})
    share = dropped.get("share", 0.0)
    if share > WARN_DROPPED_SHARE:
        reasons = ", ".join(
            f"{reason.replace('_', ' ')} {count:,}"
            for reason, count in sorted(words.items(), key=lambda item: -item[1])
            if count
        )
        warnings.append(
            f"{share:.0%} of the PDF's {dropped.get('pdf_words', 0):,} words were left out "
            f"({reasons}); check the text, or set extract.tables to mark if tables hold prose"
        )
    heavy = []
    for page, counts in dropped.get("pages", {}).items():
        lost = sum(counts["dropped"].values())
        if counts["words"] >= WARN_PAGE_MIN_WORDS and lost > WARN_PAGE_SHARE * counts["words"]:
            main = max(counts["dropped"], key=counts["dropped"].get).replace("_", " ")
            heavy.append(f"{page} ({lost} of {counts['words']}, mostly {main})")
    if heavy:
        warnings.append(f"{len(heavy)} pages lost over half their words: pages {_page_list(heavy)}")
    return warnings


def _cross_check(
    path: Path,
    numbers: list[int],
    found: list[int],
    *,
    skip: set[int] | frozenset[int] = frozenset(),
) -> tuple[list[str], int | None]:
    """Compare pdfplumber's word count with pypdfium2's; a shortfall means words run together.

    ``numbers`` are the pages read and ``found`` pdfplumber's words on each; pages in
    ``skip`` (text without Unicode, left out, and pages read with pdfium) are not
    compared. pypdfium2 is about 11 times faster, so the check costs a few percent. Pages
    where pdfplumber finds under 90% of pdfium's words are named in the message. Returns
    the message (none, or one) and the pages pdfium counts in the file (None where it
    cannot open it), which :func:`_read_pdf` compares with pdfminer's.
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return [], None
    total = len(pdf)
    short = []
    pages = _pdfium_each_page(pdf, path)
    try:
        for number, words, page in zip(numbers, found, pages, strict=False):
            if number in skip or page is None:
                if page is not None:
                    page.close()
                continue
            count = _pdfium_word_count(page)
            if count >= 20 and words < 0.9 * count:
                short.append(number)
    finally:
        pages.close()
    if not short:
        return [], total
    return [
        f"pdfplumber found under 90% of pypdfium2's words on pages {_page_list(short)} "
        f"(words may be run together); compare with --engine pypdfium2"
    ], total


def _pdfium_word_count(page: Any) -> int:
    """Words on ``page`` by pdfium's plain text (the page is closed after)."""
    textpage = page.get_textpage()
    try:
        return len(textpage.get_text_range().split())
    finally:
        textpage.close()
        page.close()


def _page_list(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


def _child(connection: Any, path: Path, engine: str, tables: str) -> None:
    """Child-process entry: parse and send back the outcome."""
    try:
        connection.send(("done", _read_document(path, engine, tables)))
    except _DocumentProblem as problem:
        connection.send(("problem", (problem.status, problem.message)))
    except Exception as error:  # noqa: BLE001 - reported as a corrupt document
        connection.send(("problem", ("corrupt", f"parser failed: {type(error).__name__}: {error}")))
    finally:
        connection.close()


def _run_with_timeout(path: Path, engine: str, tables: str, timeout: float | None) -> dict:
    """Parse in a child process stopped after ``timeout`` seconds (in-process if None)."""
    if timeout is None:
        return _read_document(path, engine, tables)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, path, engine, tables), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise _DocumentProblem(
                "timeout",
                f"parsing took longer than {timeout:g} s and was stopped; raise the timeout "
                f"or try --engine pypdfium2",
            )
        try:
            outcome, payload = receiver.recv()
        except EOFError:
            process.join(5)
            raise _DocumentProblem(
                "corrupt",
                f"the parser crashed (exit code {process.exitcode}); repair or replace the file",
            ) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if outcome == "problem":
        raise _DocumentProblem(*payload)
    return payload


def extract_document(
    path: Path,
    *,
    doc_id: str | None = None,
    engine: str = "pdfplumber",
    timeout: float | None = 120,
    tables: str = "drop",
    sha256: str | None = None,
    corpus_root: Path | None = None,
    ocr: bool = False,
) -> ExtractionResult:
    """Extract one document's clean body text; never raises for a bad document.

    Args:
        path: the file (may be missing: status ``missing``).
        doc_id: the id in the record (default: the file's stem).
        engine: ``pdfplumber`` or ``pypdfium2`` (PDFs only).
        timeout: seconds before the parse is stopped (None: no child process, no limit).
        tables: ``drop``, ``mark`` or ``keep`` table rows (see
            :func:`policytext.extract.layout.layout_text`).
        sha256: the expected checksum; a different one gives ``checksum_mismatch``.
        corpus_root: refuse (``unsupported``) a file that resolves outside this folder.
        ocr: run ``ocrmypdf`` on PDFs with pages lacking text, when it is installed.

    Returns:
        The result; ``status`` and ``message`` say what happened.

    Example:
        >>> extract_document(Path("nowhere.pdf")).status
        'missing'
    """
    if engine not in ENGINES:
        raise UserError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if tables not in TABLE_MODES:
        raise UserError(f"unknown tables mode {tables!r}; choose one of {', '.join(TABLE_MODES)}")
    path = Path(path)
    doc_id = doc_id or path.stem
    started = time.perf_counter()
    result = ExtractionResult(doc_id=doc_id, status="ok", engine=engine)
    try:
        _check_file(path, sha256=sha256, corpus_root=corpus_root)
        outcome = _run_with_timeout(path, engine, tables, timeout)
        if ocr and outcome.get("empty_pages"):
            outcome = _with_ocr(path, outcome, engine, tables, timeout)
        _fill(result, outcome)
    except _DocumentProblem as problem:
        result.status, result.message = problem.status, problem.message
    result.seconds = round(time.perf_counter() - started, 1)
    logger.info("%s: %s (%s)", doc_id, result.status, result.message or "no remarks")
    return result


def _check_file(path: Path, *, sha256: str | None, corpus_root: Path | None) -> None:
    if corpus_root is not None:
        root = Path(corpus_root).resolve()
        if not path.resolve().is_relative_to(root):
            raise _DocumentProblem(
                "unsupported",
                f"{path} resolves to {path.resolve()}, outside the corpus folder {root}; "
                f"move the file into the corpus folder or correct the manifest's file column",
            )
    if not path.is_file():
        raise _DocumentProblem(
            "missing", f"file not found: {path}; fetch it or correct the manifest's file column"
        )
    if sha256:
        actual = sha256_file(path)
        if actual.lower() != sha256.strip().lower():
            raise _DocumentProblem(
                "checksum_mismatch",
                f"sha256 of {path} is {actual}, the manifest expects {sha256.strip().lower()}; "
                f"the file changed since the manifest was written: re-fetch it or update sha256",
            )
    if path.stat().st_size == 0:
        raise _DocumentProblem("no_text", f"{path} is empty (0 bytes)")


def _fill(result: ExtractionResult, outcome: dict[str, Any]) -> None:
    text = outcome["text"]
    result.text = text
    result.pages = outcome["pages"]
    result.engine = outcome["engine"]
    result.dropped = outcome["dropped"]
    result.message = outcome["message"]
    result.drop_warning = outcome.get("drop_warning", False)
    words = result.dropped.get("words")
    if words is not None:
        result.dropped_share = result.dropped.get("share", 0.0)
        for reason, column in DROPPED_COLUMNS.items():
            setattr(result, column, words.get(reason, 0))
    result.chars = len(text)
    # Lines one at a time, not a list of them all (a copy of a long text): no token runs
    # over a line end, and a line without text holds none.
    result.words = count_tokens(line.group() for line in _TEXT_LINE.finditer(text))
    if result.words == 0:
        result.text, result.chars = "", 0
        result.status = "no_text"
        if result.dropped.get("pdf_words"):
            message = (
                f"no body text: all {result.dropped['pdf_words']:,} words of the PDF's text "
                f"layer were left out (see the dropped_* columns); set extract.tables to mark "
                f"if its tables hold the text"
            )
        elif outcome.get("unmapped_pages"):
            message = (
                f"text without Unicode: the fonts of {outcome['unmapped_pages']} of "
                f"{result.pages} pages give their glyphs no Unicode, so the text cannot be "
                f"read; {_unmapped_advice(result.engine)}"
            )
        elif result.pages:
            message = (
                f"image-only PDF: {result.pages} pages without a text layer; enable OCR "
                f"(--ocr, needs ocrmypdf) or supply a text version"
            )
        else:
            message = "no text found in the file; supply a version with text"
        ocr_note = outcome.get("ocr_note")
        result.message = f"{message}; {ocr_note}" if ocr_note else message


def _with_ocr(
    path: Path, outcome: dict[str, Any], engine: str, tables: str, timeout: float | None
) -> dict[str, Any]:
    """Re-extract after adding a text layer with ocrmypdf; note in the message what happened."""
    ocrmypdf = shutil.which("ocrmypdf")
    if ocrmypdf is None:
        outcome["ocr_note"] = "OCR requested but ocrmypdf is not installed"
        outcome["message"] = "; ".join(filter(None, [outcome["message"], outcome["ocr_note"]]))
        return outcome
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "ocr.pdf"
        completed = subprocess.run(
            [ocrmypdf, "--skip-text", "--quiet", str(path), str(output)],
            capture_output=True,
            text=True,
            timeout=None if timeout is None else timeout * 10,
            check=False,
        )
        if completed.returncode != 0 or not output.exists():
            outcome["ocr_note"] = f"OCR failed: {completed.stderr.strip()[:200]}"
            outcome["message"] = "; ".join(filter(None, [outcome["message"], outcome["ocr_note"]]))
            return outcome
        redone = _run_with_timeout(output, engine, tables, timeout)
    redone["message"] = f"OCR (ocrmypdf) used on {outcome['empty_pages']} pages without text"
    return redone


# ---------------------------------------------------------------------------- commands


def write_outputs(result: ExtractionResult, text_path: Path, record_path: Path) -> None:
    """Write the text (empty for a failed document) and the JSON record."""
    text_path.parent.mkdir(parents=True, exist_ok=True)
    record_path.parent.mkdir(parents=True, exist_ok=True)
    text_path.write_text(result.text if result.status == "ok" else "", encoding="utf-8")
    write_json(record_path, result.record())


def read_record(path: Path) -> dict[str, Any]:
    """Read one extraction record, checking it has the fields the table needs."""
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"extraction record not found: {path}") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{path} is not valid JSON ({error}); re-run its extract job") from None
    missing = [column for column in RECORD_COLUMNS if column not in record]
    if missing:
        raise UserError(f"{path} lacks {', '.join(missing)}; re-run its extract job")
    return record


def extraction_table(
    records: list[dict[str, Any]],
    out: Path,
    *,
    timings: bool = False,
    short_share: float = SHORT_SHARE,
) -> list[dict[str, Any]]:
    """Write ``extraction.csv`` sorted by doc_id; ``seconds`` stays empty unless ``timings``.

    ``short`` flags an ok document with fewer than ``short_share`` times the median words of
    the ok documents (a cover page or a landing page saved instead of the report).
    """
    rows = sorted(
        ({column: record.get(column) for column in RECORD_COLUMNS} for record in records),
        key=lambda row: row["doc_id"],
    )
    for row, short in zip(rows, short_documents(rows, short_share=short_share), strict=True):
        row["short"] = short
    ids = [row["doc_id"] for row in rows]
    duplicates = sorted({doc_id for doc_id in ids if ids.count(doc_id) > 1})
    if duplicates:
        raise UserError(f"several records for doc_id {', '.join(duplicates)}")
    if not timings:
        for row in rows:
            row["seconds"] = None
    write_table(out, rows, TABLE_COLUMNS)
    return rows


def short_documents(rows: list[dict[str, Any]], *, short_share: float) -> list[bool | None]:
    """For each row, whether it is far shorter than the median ok document (None: not ok)."""
    words = sorted(int(row["words"]) for row in rows if row["status"] == "ok")
    if not words:
        return [None] * len(rows)
    median = statistics.median(words)
    return [
        int(row["words"]) < short_share * median if row["status"] == "ok" else None for row in rows
    ]
