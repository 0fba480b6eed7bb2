"""A truth corpus for PDF extraction, typeset by LibreOffice Writer and headless Chromium.

The project's own PDF generators (the demo corpus, ``tests/test_extract_samples.py``) were
written beside the code that reads them, so a perfect score on them proves little. Here the
text is known but the typesetting is done by two programs this project did not write:

* **LibreOffice Writer** renders ODT documents (built with odfpy) through
  ``soffice --headless --convert-to pdf``: its own line breaking, justification, section
  columns, footnotes, running heads, line numbering and tables.
* **Chromium** prints HTML with CSS multi-column layout (``--print-to-pdf``), with
  ``@page`` margin boxes as running heads and page numbers.

Long words carry soft hyphens (U+00AD) at syllable breaks, so both programs hyphenate
justified text at line ends without needing hyphenation dictionaries.

The truth of each document follows the project's extraction contract (the demo truth and
``tests/test_extract_samples.py``): the body text in reading order, paragraph by paragraph,
with titles, headings and the abstract kept; running heads, page numbers, footnote markers,
margin line numbers and table cells left out; footnotes after the body of their page. What
should be left out is written beside it, one line each, so that a scorer can count leaks.

Run ``python -m tests.support.typeset --out tests/data/typeset`` (from the repository root)
to regenerate the committed corpus; it needs ``soffice`` and ``chromium`` on the PATH.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path

from policytext.io import write_table
from tests.support.chromium import HEADLESS_FLAGS

SOFT_HYPHEN = "\u00ad"
#: Long words with their syllable breaks marked by ``|`` (where a soft hyphen goes).
LONG_WORDS = [
    "ac|count|abil|ity",
    "com|mis|sion|ing",
    "in|ter|dis|ci|pli|nary",
    "de|cen|tral|isa|tion",
    "in|fra|struc|ture",
    "sus|tain|abil|ity",
    "im|ple|men|ta|tion",
    "pro|fes|sion|als",
    "ac|ces|si|bil|ity",
    "in|equal|ities",
    "col|lab|or|a|tion",
    "par|tic|i|pa|tion",
    "trans|for|ma|tion",
    "op|por|tu|ni|ties",
    "re|spon|si|bil|ities",
    "or|gan|isa|tions",
    "prac|ti|tion|ers",
    "pre|ven|ta|tive",
    "dis|pro|por|tion|ately",
    "com|mu|ni|ties",
    "en|gage|ment",
    "gov|er|nance",
    "in|te|gra|tion",
    "re|ha|bil|i|ta|tion",
    "ex|pe|ri|ences",
    "per|for|mance",
    "in|vest|ment",
    "en|vi|ron|men|tal",
    "con|sul|ta|tion",
    "rel|a|tion|ships",
    "ad|min|is|tra|tive",
    "ev|al|u|a|tion",
    "in|de|pen|dence",
    "pri|ori|ti|sa|tion",
    "en|title|ments",
]
#: Hyphenated compounds that keep their hyphen (the project tokenises them as one word).
COMPOUNDS = [
    "co-production",
    "co-design",
    "co-operation",
    "person-centred",
    "well-being",
    "self-directed",
    "decision-making",
    "community-led",
    "long-term",
]
SUBJECTS = [
    "the partnership",
    "integration authorities",
    "local councils",
    "third-sector organisations",
    "health boards",
    "the government",
    "community planning partners",
    "unpaid carers",
    "front-line staff",
    "the inspectorate",
    "service users",
    "housing associations",
]
VERBS = [
    "should strengthen",
    "will prioritise",
    "must demonstrate",
    "have begun to examine",
    "continue to support",
    "are expected to review",
    "can improve",
    "need to rethink",
    "have promised",
    "will publish",
]
OBJECT_NOUNS = [
    "the quality of care",
    "local budgets",
    "their reporting duties",
    "the balance of spending",
    "shared outcomes",
    "the workforce plan",
    "the annual review",
    "support for families",
    "the national framework",
    "data on waiting times",
]
CONNECTORS = [
    "so that",
    "because",
    "while",
    "although",
    "and",
    "whereas",
    "provided that",
    "before",
]
CLAUSES = [
    "{word} remains uneven across the country",
    "people ask for more {word} in everyday decisions",
    "the evidence on {word} is still thin",
    "{compound} depends on trust and time",
    "budgets for {word} have fallen in real terms",
    "{compound} is named in every plan but rarely funded",
    "the report links {word} with {word2}",
    "{word} and {compound} are treated as separate goals",
]
HEAD_TEXT = "Scottish Health and Care Policy Review"
AREAS = ["Fife", "Tayside", "Lothian", "Highland", "Borders", "Grampian", "Lanarkshire"]
SPEAKERS = ["a carer", "a ward nurse", "a council officer", "a volunteer", "a service user"]


def plain(word: str) -> str:
    """A marked word as it reads: the syllable marks removed."""
    return word.replace("|", "")


def soft(text: str) -> str:
    """Marked text as it is typeset: soft hyphens at the syllable marks."""
    return text.replace("|", SOFT_HYPHEN)


class Prose:
    """Seeded policy-like English: sentences with long words and hyphenated compounds.

    Text comes out *marked* (``|`` at syllable breaks); :func:`plain` gives the truth and
    :func:`soft` the typeset form.
    """

    def __init__(self, seed: int, *, extra_sentences: int = 0) -> None:
        self.rng = random.Random(seed)
        self.extra_sentences = extra_sentences

    def sentence(self) -> str:
        """One sentence, capitalised, ending with a full stop."""
        rng = self.rng
        clause = rng.choice(CLAUSES).format(
            word=rng.choice(LONG_WORDS),
            word2=rng.choice(LONG_WORDS),
            compound=rng.choice(COMPOUNDS),
        )
        parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECT_NOUNS)]
        if rng.random() < 0.5:
            parts.append(f"for {rng.choice(LONG_WORDS)}")
        parts += [rng.choice(CONNECTORS), clause]
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: tuple[int, int] = (3, 6)) -> str:
        """A paragraph of a few sentences (``extra_sentences`` more at both bounds, at
        least one)."""
        low, high = (max(1, bound + self.extra_sentences) for bound in sentences)
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def heading(self) -> str:
        """A short section heading."""
        word = self.rng.choice(LONG_WORDS)
        topic = self.rng.choice(["Funding", "Evidence", "Outcomes", "Delivery", "Scrutiny"])
        return f"{topic} and {word}"

    def footnote(self) -> str:
        """A footnote: a short source note."""
        return f"See the {self.rng.choice(LONG_WORDS)} review, chapter {self.rng.randint(2, 9)}."

    def sidebar(self, side: str) -> Block:
        """A boxed case study, set beside the text on ``side``."""
        area = self.rng.choice(AREAS)
        return Block("box", self.paragraph((2, 3)), heading=f"Case study: {area}", side=side)

    def pull_quote(self) -> Block:
        """A pull quote: a remark in quotation marks, and who said it."""
        remark = self.sentence().removesuffix(".")
        speaker = f"{self.rng.choice(SPEAKERS)} in {self.rng.choice(AREAS)}"
        return Block("box", f"\u201c{remark}.\u201d {speaker}", side="centre")

    def table(self, rows: int = 5, columns: int = 4) -> list[list[str]]:
        """A table of short cells: a header row, then area names and figures."""
        header = ["Area", "Budget", "Staff", "Change", "Waiting", "Target"][:columns]
        body = []
        for area in self.rng.sample(AREAS, rows - 1):
            figures = [f"{self.rng.randint(10, 990)}" for _ in range(columns - 1)]
            body.append([area, *figures])
        return [header, *body]


@dataclass
class Block:
    """A unit of the document: ``title``, ``abstract``, ``heading``, ``paragraph``, ``table``,
    ``box`` or ``page_break``. Text is marked (see :class:`Prose`); a paragraph may carry a
    footnote, whose marker follows the paragraph's last word.

    A ``box`` (a sidebar or pull quote, with an optional ``heading``) is set apart from the
    running text, which wraps round it: on the ``right`` or ``left`` of the paragraph after
    it, or in the ``centre`` of a two-column grid (Chromium), across the gutter."""

    kind: str
    text: str = ""
    note: str = ""
    rows: list[list[str]] = field(default_factory=list)
    heading: str = ""
    side: str = "right"


@dataclass
class Region:
    """Blocks set in ``columns`` columns with ``gap`` between them (a CSS/ODF length).

    ``widths`` makes the columns unequal (relative widths, e.g. ``(2, 1)``): Writer still
    flows the text from one column into the next; Chromium, whose CSS columns are always
    equal, sets the blocks side by side in a grid, the first share of the blocks on the left,
    so such a region must fit on one page for the reading order to hold (checked by
    :attr:`Spec.pages`). A table in a Chromium multi-column region spans all its columns.
    """

    blocks: list[Block]
    columns: int = 1
    gap: str = "0.6cm"
    widths: tuple[int, ...] = ()


@dataclass
class Spec:
    """One document of the corpus: what it holds and how it is typeset."""

    doc_id: str
    family: str
    typesetter: str  # "libreoffice" | "chromium"
    description: str
    regions: list[Region]
    running_head: str = ""
    page_numbers: str = ""  # "" | "plain" | "of" ("Page 2 of 3")
    line_numbers: int = 0  # Writer's line numbering, every n-th line; 0 = none
    landscape: bool = False
    rotate: bool = False  # portrait page, text drawn turned, /Rotate 90 to read it
    font_size: float = 10.5
    font_family: str = "Liberation Serif"
    #: Page margins in cm, (top and bottom, left and right); () = the typesetter's default
    #: (:data:`DEFAULT_MARGINS`).
    margins: tuple[float, float] = ()
    ruled_tables: bool = True
    #: Chromium only (Writer always gets them, and writes "-" only where it breaks a line):
    #: soft hyphens in the HTML, which Chromium keeps, every one, in its text layer.
    soft_hyphens: bool = False
    pages: int = 0  # the page count the layout is built to give (checked); 0 = unchecked


#: Page margins in cm (top and bottom, left and right) of the committed corpus.
DEFAULT_MARGINS = {"libreoffice": (1.6, 2.2), "chromium": (1.8, 2.0)}
#: Fonts a variant may be set in: families Debian ships (fonts-liberation, fonts-dejavu),
#: with the CSS generic family to fall back on.
VARIANT_FONTS = {
    "Liberation Serif": "serif",
    "Liberation Sans": "sans-serif",
    "DejaVu Serif": "serif",
    "DejaVu Sans": "sans-serif",
}
#: The narrowest gutter a variant may have, in cm (about 8.5 pt): LaTeX's two-column
#: default is 10 pt, and the committed corpus's narrowest is 0.32 cm (1em of 9 pt type).
MIN_GUTTER_CM = 0.3
POINT_CM = 2.54 / 72


@dataclass(frozen=True)
class Geometry:
    """How a variant of the corpus differs from the committed one (variant 0): other prose
    seeds, another font, type size, gutters, margins and paragraph lengths, so that layout
    logic can be checked on documents it was not tuned to."""

    variant: int = 0
    font_family: str = "Liberation Serif"
    font_scale: float = 1.0
    gap_scale: float = 1.0
    margin_scale: float = 1.0
    extra_sentences: int = 0

    def describe(self) -> str:
        """The geometry in words, for the manifest's ``layout`` column."""
        return (
            f"variant {self.variant}: {self.font_family}, type x{self.font_scale}, "
            f"gutters x{self.gap_scale}, margins x{self.margin_scale}, "
            f"{self.extra_sentences:+d} sentences a paragraph"
        )


def variant_geometry(variant: int) -> Geometry:
    """The geometry of corpus variant ``variant``, drawn from a generator seeded by it
    (variant 0 is the committed corpus: every factor 1)."""
    if variant < 0:
        raise ValueError(f"a corpus variant is a number >= 0, not {variant}")
    if variant == 0:
        return Geometry()
    rng = random.Random(f"typeset variant {variant}")
    return Geometry(
        variant=variant,
        font_family=rng.choice(sorted(VARIANT_FONTS)),
        font_scale=round(rng.uniform(0.9, 1.12), 2),
        gap_scale=round(rng.uniform(0.6, 1.5), 2),
        margin_scale=round(rng.uniform(0.7, 1.4), 2),
        extra_sentences=rng.choice([-1, 1, 2]),
    )


def scaled_gap(gap: str, *, scale: float, font_size: float) -> str:
    """A CSS/ODF gutter (``cm`` or ``em``) times ``scale``, in cm, never under
    :data:`MIN_GUTTER_CM`."""
    if gap.endswith("em"):
        centimetres = float(gap.removesuffix("em")) * font_size * POINT_CM
    else:
        centimetres = float(gap.removesuffix("cm"))
    return f"{max(MIN_GUTTER_CM, centimetres * scale):.2f}cm"


def apply_geometry(spec: Spec, geometry: Geometry) -> Spec:
    """``spec`` typeset with ``geometry``'s font, type size, gutters and margins (the text,
    already drawn, is not touched); unchanged for variant 0."""
    if geometry.variant == 0:
        return spec
    font_size = round(spec.font_size * geometry.font_scale * 2) / 2
    regions = [
        replace(region, gap=scaled_gap(region.gap, scale=geometry.gap_scale, font_size=font_size))
        for region in spec.regions
    ]
    vertical, horizontal = DEFAULT_MARGINS[spec.typesetter]
    return replace(
        spec,
        regions=regions,
        font_size=font_size,
        font_family=geometry.font_family,
        margins=(
            round(vertical * geometry.margin_scale, 2),
            round(horizontal * geometry.margin_scale, 2),
        ),
        description=f"{spec.description}; {geometry.describe()}",
    )


# -- truth -----------------------------------------------------------------------------------
def truth_text(spec: Spec) -> str:
    """The body text in reading order: paragraphs separated by blank lines; the footnotes of
    a page after that page's body (pages end at ``page_break`` blocks)."""
    paragraphs: list[str] = []
    notes: list[str] = []
    for region in spec.regions:
        for block in region.blocks:
            if block.kind == "page_break":
                paragraphs += notes
                notes = []
            elif block.kind not in ("table", "box"):
                paragraphs.append(plain(block.text))
                if block.note:
                    notes.append(plain(block.note))
    paragraphs += notes
    return "\n\n".join(paragraphs) + "\n"


def box_texts(spec: Spec) -> list[str]:
    """What each box of the document holds (its heading, a line break, its text): read apart
    from the body, as a block of its own, wherever it comes."""
    return [
        "\n".join(filter(None, [block.heading, plain(block.text)]))
        for region in spec.regions
        for block in region.blocks
        if block.kind == "box"
    ]


def dropped_lines(spec: Spec, *, pages: int) -> list[tuple[str, str]]:
    """What the extraction should leave out, as (reason, text): running heads, page numbers,
    margin line numbers (described, since Writer decides the line breaks) and table rows."""
    lines = [("running_head", spec.running_head)] * pages if spec.running_head else []
    for number in range(1, pages + 1) if spec.page_numbers else ():
        label = str(number) if spec.page_numbers == "plain" else f"Page {number} of {pages}"
        lines.append(("page_number", label))
    if spec.line_numbers:
        lines.append(("line_numbers", f"every {spec.line_numbers} lines, left of each column"))
    for region in spec.regions:
        for block in region.blocks:
            lines += [("table_row", " ".join(row)) for row in block.rows]
    return lines


# -- LibreOffice (ODT) -----------------------------------------------------------------------
class _OdtWriter:
    """Turns a :class:`Spec` into an ODT document with odfpy."""

    def __init__(self, spec: Spec) -> None:
        from odf.opendocument import OpenDocumentText

        self.spec = spec
        self.doc = OpenDocumentText()
        self.styles: dict[str, object] = {}
        self.counter = 0
        self.break_next = False
        self.pending_box: Block | None = None
        self.columns = 1  # of the region being written
        self._page_setup()

    def _style(self, name: str, family: str, *properties: object, automatic: bool = True):
        """A named style holding ``properties``, added once."""
        from odf.style import Style

        if name not in self.styles:
            made = Style(name=name, family=family)
            for element in properties:
                made.addElement(element)
            target = self.doc.automaticstyles if automatic else self.doc.styles
            target.addElement(made)
            self.styles[name] = made
        return self.styles[name]

    def _paragraph_style(self, kind: str) -> object:
        """The paragraph style of a block kind (and its page-break-before variant)."""
        from odf.style import ParagraphProperties, TextProperties

        size = self.spec.font_size
        looks = {
            "title": ({"fontsize": f"{size * 1.8:.1f}pt", "fontweight": "bold"}, "center"),
            "heading": ({"fontsize": f"{size * 1.15:.1f}pt", "fontweight": "bold"}, "start"),
            "abstract": ({"fontsize": f"{size:.1f}pt", "fontstyle": "italic"}, "justify"),
            "paragraph": ({"fontsize": f"{size:.1f}pt"}, "justify"),
            "footnote": ({"fontsize": f"{size * 0.8:.1f}pt"}, "justify"),
            "cell": ({"fontsize": f"{size * 0.9:.1f}pt"}, "start"),
            "box_heading": ({"fontsize": f"{size:.1f}pt", "fontweight": "bold"}, "start"),
            "box": ({"fontsize": f"{size * 0.9:.1f}pt"}, "start"),
            "pull_quote": (
                {"fontsize": f"{size * 1.15:.1f}pt", "fontstyle": "italic"},
                "center",
            ),
            "head": ({"fontsize": f"{size * 0.8:.1f}pt"}, "center"),
        }
        text_looks, align = looks[kind]
        name = f"P_{kind}" + ("_break" if self.break_next else "")
        paragraph = {"textalign": align, "marginbottom": "0.18cm", "margintop": "0cm"}
        if kind in ("title", "heading"):
            paragraph.update(margintop="0.25cm", keepwithnext="always")
        if self.break_next:
            paragraph["breakbefore"] = "page"
        style = self._style(
            name,
            "paragraph",
            ParagraphProperties(**paragraph),
            TextProperties(fontfamily=self.spec.font_family, hyphenate="false", **text_looks),
        )
        self.break_next = False
        return style

    def _page_setup(self) -> None:
        """Page size and margins, running head and foot, line numbering."""
        from odf.style import (
            Footer,
            FooterStyle,
            Header,
            HeaderFooterProperties,
            HeaderStyle,
            MasterPage,
            PageLayout,
            PageLayoutProperties,
        )
        from odf.text import LinenumberingConfiguration, P, PageCount, PageNumber

        spec = self.spec
        width, height = ("29.7cm", "21cm") if spec.landscape else ("21cm", "29.7cm")
        vertical, horizontal = spec.margins or DEFAULT_MARGINS["libreoffice"]
        layout = PageLayout(name="PageLayout")
        layout.addElement(
            PageLayoutProperties(
                pagewidth=width,
                pageheight=height,
                printorientation="landscape" if spec.landscape else "portrait",
                margintop=f"{vertical}cm",
                marginbottom=f"{vertical}cm",
                marginleft=f"{horizontal}cm",
                marginright=f"{horizontal}cm",
            )
        )
        header_style, footer_style = HeaderStyle(), FooterStyle()
        header_style.addElement(HeaderFooterProperties(minheight="0.5cm", marginbottom="0.5cm"))
        footer_style.addElement(HeaderFooterProperties(minheight="0.5cm", margintop="0.5cm"))
        layout.addElement(header_style)
        layout.addElement(footer_style)
        self.doc.automaticstyles.addElement(layout)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        if spec.running_head:
            header = Header()
            header.addElement(P(stylename=self._paragraph_style("head"), text=spec.running_head))
            master.addElement(header)
        if spec.page_numbers:
            footer = Footer()
            line = P(stylename=self._paragraph_style("head"))
            if spec.page_numbers == "of":
                line.addText("Page ")
            line.addElement(PageNumber(selectpage="current", numformat="1"))
            if spec.page_numbers == "of":
                line.addText(" of ")
                line.addElement(PageCount(numformat="1"))
            footer.addElement(line)
            master.addElement(footer)
        self.doc.masterstyles.addElement(master)
        if spec.line_numbers:
            self.doc.styles.addElement(
                LinenumberingConfiguration(
                    numberlines="true",
                    increment=str(spec.line_numbers),
                    restartonpage="true",
                    offset="0.5cm",
                    numberposition="left",
                    numformat="1",
                )
            )

    def _section(self, region: Region) -> object:
        """A text section with ``region.columns`` equal columns."""
        from odf.style import Column, Columns, SectionProperties
        from odf.text import Section

        self.counter += 1
        columns = Columns(columncount=str(region.columns), columngap=region.gap)
        half = f"{float(region.gap.removesuffix('cm')) / 2:.2f}cm"
        for index in range(region.columns):
            columns.addElement(
                Column(
                    relwidth=f"{region.widths[index] * 1000 if region.widths else 1000}*",
                    startindent="0cm" if index == 0 else half,
                    endindent="0cm" if index == region.columns - 1 else half,
                )
            )
        properties = SectionProperties(editable="false")
        properties.addElement(columns)
        style = self._style(f"Sect{self.counter}", "section", properties)
        return Section(name=f"Section{self.counter}", stylename=style)

    def _table(self, block: Block) -> object:
        """A table of short cells, ruled or not."""
        from odf.style import TableCellProperties, TableProperties
        from odf.table import Table, TableCell, TableColumn, TableRow
        from odf.text import P

        self.counter += 1
        border = "0.5pt solid #000000" if self.spec.ruled_tables else "none"
        table_style = self._style(
            "Tbl", "table", TableProperties(width="12cm", align="left", margintop="0.2cm")
        )
        cell_style = self._style(
            "TblCell", "table-cell", TableCellProperties(border=border, padding="0.08cm")
        )
        table = Table(name=f"Table{self.counter}", stylename=table_style)
        table.addElement(TableColumn(numbercolumnsrepeated=str(len(block.rows[0]))))
        for row in block.rows:
            line = TableRow()
            for cell in row:
                element = TableCell(stylename=cell_style, valuetype="string")
                element.addElement(P(stylename=self._paragraph_style("cell"), text=cell))
                line.addElement(element)
            table.addElement(line)
        return table

    def _frame(self, box: Block) -> object:
        """A box as a bordered frame anchored to the next paragraph, which wraps round it
        (ODF 1.2, section 20.384 ``style:wrap``): a shaded sidebar on the left or right of
        the paragraph, or a pull quote centred on the page a little below the paragraph's
        top, which the text of both columns wraps round."""
        from odf.draw import Frame, TextBox
        from odf.style import GraphicProperties
        from odf.text import P

        if box.side not in ("left", "right", "centre"):
            raise ValueError(f"Writer sets a box on the left, right or centre, not {box.side!r}")
        centred = box.side == "centre"
        placing = (
            {"horizontalpos": "center", "horizontalrel": "page-content", "fill": "none"}
            if centred
            else {"horizontalpos": box.side, "horizontalrel": "paragraph", "fill": "solid"}
        )
        if not centred:
            placing.update(fillcolor="#e4e4e4", flowwithtext="true")
        style = self._style(
            f"Box_{box.side}",
            "graphic",
            GraphicProperties(
                wrap="parallel",
                numberwrappedparagraphs="no-limit",
                verticalpos="from-top" if centred else "top",
                verticalrel="paragraph",
                border="0.5pt solid #000000",
                padding="0.2cm",
                marginleft="0.35cm",
                marginright="0.35cm",
                marginbottom="0.2cm",
                **placing,
            ),
        )
        self.counter += 1
        width = "6cm" if centred else "6.5cm" if self.columns == 1 else "3.6cm"
        frame = Frame(
            name=f"Box{self.counter}",
            stylename=style,
            anchortype="paragraph",
            width=width,
            **({"y": "5cm"} if centred else {}),
        )
        text_box = TextBox(minheight="1cm")
        if box.heading:
            text_box.addElement(P(stylename=self._paragraph_style("box_heading"), text=box.heading))
        looks = "pull_quote" if centred else "box"
        text_box.addElement(P(stylename=self._paragraph_style(looks), text=soft(box.text)))
        frame.addElement(text_box)
        return frame

    def _block(self, block: Block) -> object | None:
        """The ODF element of one block (``None`` for a page break, which marks the next,
        and for a box, which goes into the next paragraph as a frame)."""
        from odf.text import Note, NoteBody, NoteCitation, P

        if block.kind == "page_break":
            self.break_next = True
            return None
        if block.kind == "box":
            self.pending_box = block
            return None
        if block.kind == "table":
            return self._table(block)
        paragraph = P(stylename=self._paragraph_style(block.kind))
        if self.pending_box is not None:
            paragraph.addElement(self._frame(self.pending_box))
            self.pending_box = None
        paragraph.addText(soft(block.text))
        if block.note:
            self.counter += 1
            note = Note(id=f"ftn{self.counter}", noteclass="footnote")
            note.addElement(NoteCitation(text="1"))
            body = NoteBody()
            body.addElement(P(stylename=self._paragraph_style("footnote"), text=soft(block.note)))
            note.addElement(body)
            paragraph.addElement(note)
        return paragraph

    def save(self, path: Path) -> None:
        """Write the document's regions and save the ODT at ``path``."""
        for region in self.spec.regions:
            self.columns = region.columns
            container = self.doc.text if region.columns == 1 else self._section(region)
            for block in region.blocks:
                element = self._block(block)
                if element is not None:
                    container.addElement(element)
            if container is not self.doc.text:
                self.doc.text.addElement(container)
        if self.pending_box is not None:
            raise ValueError(f"{self.spec.doc_id}: a box must come before a paragraph")
        self.doc.save(str(path))


def convert_with_soffice(sources: list[Path], out: Path) -> None:
    """Render ODT/DOCX files to PDF in ``out`` with one headless LibreOffice run, using a
    private profile so that parallel runs do not share (and lock) a user installation."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("soffice not found: install Debian's libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="typeset-lo-") as profile:
        finished = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    missing = [source.name for source in sources if not (out / f"{source.stem}.pdf").is_file()]
    if missing:
        raise RuntimeError(
            f"soffice wrote no PDF for {', '.join(missing)} (it exits 0 all the same): "
            f"{finished.stderr.strip() or finished.stdout.strip()}"
        )


# -- Chromium (HTML) -------------------------------------------------------------------------
def html_document(spec: Spec) -> str:
    """The HTML of a spec: CSS multi-column regions, ``@page`` margin boxes as running head
    and page numbers; a rotated spec is one portrait page with the text turned -90 degrees."""
    size = spec.font_size
    margin_boxes = ""
    if spec.running_head:
        margin_boxes += f'@top-center {{ content: "{spec.running_head}"; font-size: 8pt; }}'
    if spec.page_numbers:
        label = '"Page " counter(page) " of " counter(pages)'
        label = label if spec.page_numbers == "of" else "counter(page)"
        margin_boxes += f"@bottom-center {{ content: {label}; font-size: 8pt; }}"
    page = "A4 landscape" if spec.landscape else "A4"
    rotated = ""
    if spec.rotate:
        page, margin_boxes = "210mm 297mm", ""
        rotated = (
            ".turned { position: absolute; left: 0; top: 0; width: 297mm; height: 210mm;"
            " padding: 16mm 20mm; box-sizing: border-box; transform-origin: top left;"
            " transform: translate(0, 297mm) rotate(-90deg); overflow: hidden; }"
        )
    border = "0.5pt solid black" if spec.ruled_tables else "none"
    vertical, horizontal = spec.margins or DEFAULT_MARGINS["chromium"]
    margin = "0" if spec.rotate else f"{vertical * 10:g}mm {horizontal * 10:g}mm"
    generic = VARIANT_FONTS.get(spec.font_family, "serif")
    css = (
        f"@page {{ size: {page}; margin: {margin}; {margin_boxes} }}"
        f"body {{ margin: 0; font-family: '{spec.font_family}', {generic}; font-size: {size}pt;"
        " line-height: 1.3; }"
        "p { margin: 0 0 0.45em; text-align: justify; hyphens: manual; }"
        f"h1 {{ font-size: {size * 1.8:.1f}pt; text-align: center; margin: 0 0 0.6em; }}"
        f"h2 {{ font-size: {size * 1.15:.1f}pt; margin: 0.6em 0 0.3em; break-after: avoid; }}"
        ".abstract { font-style: italic; margin: 0 2em 1em; }"
        f"table {{ border-collapse: collapse; margin: 0.5em 0 0.8em; font-size: {size * 0.9}pt; }}"
        f"td {{ border: {border}; padding: 2pt 8pt; }}"
        ".break { break-before: page; }" + rotated + (_BOX_CSS if _has_boxes(spec) else "")
    )
    parts = []
    for region in spec.regions:
        if region.widths:
            parts.append(_html_grid(region, soft_hyphens=spec.soft_hyphens))
            continue
        style = (
            ""
            if region.columns == 1
            else f' style="column-count: {region.columns}; column-gap: {region.gap};"'
        )
        parts.append(f"<div{style}>")
        pending_break = False
        for block in region.blocks:
            if block.kind == "page_break":
                pending_break = True
                continue
            attribute = ' class="break"' if pending_break else ""
            if block.kind == "table" and region.columns > 1:
                attribute += ' style="column-span: all;"'
            pending_break = False
            parts.append(_html_block(block, attribute, soft_hyphens=spec.soft_hyphens))
        parts.append("</div>")
    body = "\n".join(parts)
    if spec.rotate:
        body = f'<div class="turned">\n{body}\n</div>'
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{spec.doc_id}</title><style>{css}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


#: Boxes: a floated, bordered and shaded ``aside``; a pull quote between two ruled lines,
#: centred over the gutter of a two-column grid, with a hole cut for it in each column by a
#: float that a zero-width float pushes down (so the holes and the quote line up).
_BOX_CSS = (
    ".box { width: 36%; padding: 0.5em 0.8em; border: 1pt solid #333; background: #e8e8e8;"
    " font-size: 0.92em; }"
    ".box h3 { font-size: 1em; margin: 0 0 0.3em; }"
    ".box p { margin: 0; text-align: left; }"
    ".box-right { float: right; margin: 0.2em 0 0.6em 1.2em; }"
    ".box-left { float: left; margin: 0.2em 1.2em 0.6em 0; }"
    ".pulled { position: relative; }"
    ".drop { width: 0; height: 14em; }"
    ".hole { clear: both; width: 7em; height: 10em; }"
    ".hole-right .drop, .hole-right .hole { float: right; }"
    ".hole-left .drop, .hole-left .hole { float: left; }"
    ".pull { position: absolute; top: 14em; left: 50%; height: 10em; box-sizing: border-box;"
    " transform: translateX(-50%); display: flex; align-items: center; margin: 0;"
    " padding: 0 0.8em; border-top: 2pt solid #333; border-bottom: 2pt solid #333; }"
    ".pull p { margin: 0; font-size: 1.15em; font-style: italic; text-align: center; }"
)


def _has_boxes(spec: Spec) -> bool:
    """Whether any block of ``spec`` is a box."""
    return any(block.kind == "box" for region in spec.regions for block in region.blocks)


def _html_grid(region: Region, *, soft_hyphens: bool) -> str:
    """Unequal columns as a CSS grid: the blocks shared out in order, by column width. A
    ``centre`` box becomes a pull quote over the gutter of two columns."""
    quotes = [block for block in region.blocks if block.kind == "box" and block.side == "centre"]
    blocks = [block for block in region.blocks if block not in quotes]
    if quotes and (len(quotes) > 1 or len(region.widths) != 2):
        raise ValueError("a pull quote is set over the gutter of two columns, one a region")
    tracks = " ".join(f"{width}fr" for width in region.widths)
    total, start, cells = sum(region.widths), 0, []
    for index, width in enumerate(region.widths):
        last = index == len(region.widths) - 1
        end = len(blocks) if last else start + round(len(blocks) * width / total)
        hole = ""
        if quotes:
            side = "right" if index == 0 else "left"
            hole = (
                f'<div class="hole-{side}"><div class="drop"></div><div class="hole"></div></div>'
            )
        html = "".join(
            _html_block(block, "", soft_hyphens=soft_hyphens) for block in blocks[start:end]
        )
        cells.append(f"<div>{hole}{html}</div>")
        start = end
    if quotes:
        text = escape(soft(quotes[0].text) if soft_hyphens else plain(quotes[0].text))
        width = f"calc(14em + {region.gap})"
        cells.append(f'<blockquote class="pull" style="width: {width};"><p>{text}</p></blockquote>')
    style = f"display: grid; grid-template-columns: {tracks}; column-gap: {region.gap};"
    pulled = ' class="pulled"' if quotes else ""
    return f'<div{pulled} style="{style}">' + "".join(cells) + "</div>"


def _html_block(block: Block, attribute: str, *, soft_hyphens: bool) -> str:
    """One block as an HTML element (no footnotes: CSS in Chromium has none)."""
    text = escape(soft(block.text) if soft_hyphens else plain(block.text))
    if block.kind == "title":
        return f"<h1{attribute}>{text}</h1>"
    if block.kind == "heading":
        return f"<h2{attribute}>{text}</h2>"
    if block.kind == "abstract":
        return f'<p class="abstract">{text}</p>'
    if block.kind == "box":
        heading = f"<h3>{escape(block.heading)}</h3>" if block.heading else ""
        return f'<aside class="box box-{block.side}">{heading}<p>{text}</p></aside>'
    if block.kind == "table":
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
            for row in block.rows
        )
        return f"<table{attribute}>{rows}</table>"
    return f"<p{attribute}>{text}</p>"


def print_with_chromium(html: Path, pdf: Path) -> None:
    """Print an HTML file to PDF with headless Chromium and a throwaway profile."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise RuntimeError("chromium not found: install Debian's chromium")
    with tempfile.TemporaryDirectory(prefix="typeset-chromium-") as profile:
        subprocess.run(
            [
                chromium,
                *HEADLESS_FLAGS,
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )


def turn_pages(pdf: Path) -> None:
    """Set ``/Rotate 90`` on every page, so that text drawn bottom-to-top reads across."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        page.set_rotation(90)
    with tempfile.NamedTemporaryFile(dir=pdf.parent, suffix=".pdf", delete=False) as handle:
        document.save(handle)
    document.close()
    Path(handle.name).replace(pdf)


# -- the corpus ------------------------------------------------------------------------------
def _body(prose: Prose, paragraphs: int, *, heading_every: int = 3) -> list[Block]:
    """Running text: ``paragraphs`` paragraphs with a heading before every few."""
    blocks = []
    for index in range(paragraphs):
        if index % heading_every == 0:
            blocks.append(Block("heading", prose.heading()))
        blocks.append(Block("paragraph", prose.paragraph()))
    return blocks


def _front(prose: Prose) -> list[Block]:
    """A full-width title and abstract."""
    return [
        Block("title", f"Review of {plain(prose.heading()).lower()}"),
        Block("heading", "Abstract"),
        Block("abstract", prose.paragraph((4, 6))),
    ]


def _footnoted_pages(prose: Prose, pages: int, per_page: int) -> list[Block]:
    """Pages ending in explicit page breaks, each with two footnoted paragraphs, so that
    the truth knows which footnotes belong to which page."""
    blocks: list[Block] = []
    for page in range(pages):
        if page:
            blocks.append(Block("page_break"))
        blocks.append(Block("heading", prose.heading()))
        for index in range(per_page):
            note = prose.footnote() if index in (0, per_page - 2) else ""
            blocks.append(Block("paragraph", prose.paragraph((3, 4)), note=note))
    return blocks


def _with_boxes(prose: Prose, paragraphs: int, boxes: dict[int, str]) -> list[Block]:
    """Running text with a boxed case study before some paragraphs: ``boxes`` maps a
    paragraph's index to the side its box is set on."""
    blocks: list[Block] = []
    for block in _body(prose, paragraphs):
        index = sum(earlier.kind == "paragraph" for earlier in blocks)
        if block.kind == "paragraph" and index in boxes:
            blocks.append(prose.sidebar(boxes[index]))
        blocks.append(block)
    return blocks


def _with_table(prose: Prose, *, before: int, after: int, columns: int = 4) -> list[Block]:
    """Running text broken by a table of short cells."""
    return [
        *_body(prose, before),
        Block("table", rows=prose.table(rows=6, columns=columns)),
        *_body(prose, after),
    ]


#: Prose seeds of variant ``v`` start at ``v * VARIANT_SEED_STRIDE + 1``.
VARIANT_SEED_STRIDE = 1000


def corpus_specs(variant: int = 0) -> list[Spec]:
    """Every document of the corpus, each from its own seed. Variant 0 is the committed
    corpus; another variant (see :func:`variant_geometry`) has the same families and
    documents, with other prose seeds and other geometry. A document built to a fixed page
    count keeps its paragraph lengths or shortens them, so that it still fits."""
    head, specs = HEAD_TEXT, []
    geometry = variant_geometry(variant)

    def add(doc_id: str, family: str, typesetter: str, description: str, **options) -> None:
        extra = geometry.extra_sentences
        prose = Prose(
            seed=variant * VARIANT_SEED_STRIDE + len(specs) + 1,
            extra_sentences=min(extra, 0) if options.get("pages") else extra,
        )
        regions = options.pop("build")(prose)
        spec = Spec(doc_id, family, typesetter, description, regions, **options)
        specs.append(apply_geometry(spec, geometry))

    for typesetter, prefix in (("libreoffice", "lo"), ("chromium", "ch")):
        chromium = typesetter == "chromium"
        add(
            f"{prefix}_one_column",
            "one_column",
            typesetter,
            "one justified column, running head, 'Page N of M' foot",
            build=lambda prose: [Region(_body(prose, 10))],
            running_head=head,
            page_numbers="of",
        )
        add(
            f"{prefix}_two_columns",
            "two_columns",
            typesetter,
            "two columns, " + ("wide gutter (3em)" if chromium else "narrow gutter (0.5cm)"),
            build=lambda prose, gap=("3em" if chromium else "0.5cm"): [
                Region(_body(prose, 12), columns=2, gap=gap)
            ],
            running_head=head,
            page_numbers="plain",
        )
        add(
            f"{prefix}_three_columns",
            "three_columns",
            typesetter,
            "three columns in 9 pt type, " + ("1em gutter" if chromium else "0.35cm gutter"),
            build=lambda prose, gap=("1em" if chromium else "0.35cm"): [
                Region(_body(prose, 14), columns=3, gap=gap)
            ],
            font_size=9.0,
            page_numbers="plain",
        )
        add(
            f"{prefix}_title_abstract",
            "title_abstract",
            typesetter,
            "full-width title and abstract above two columns",
            build=lambda prose, gap=("1.5em" if chromium else "0.8cm"): [
                Region(_front(prose)),
                Region(_body(prose, 10), columns=2, gap=gap),
            ],
            running_head=head,
            page_numbers="plain",
        )
        add(
            f"{prefix}_mixed_columns",
            "mixed_columns",
            typesetter,
            "one column, then two columns from mid-page, then one, then two again",
            build=lambda prose, gap=("2em" if chromium else "0.6cm"): [
                Region(_body(prose, 2)),
                Region(_body(prose, 4), columns=2, gap=gap),
                Region(_body(prose, 2)),
                Region(_body(prose, 6), columns=2, gap=gap),
            ],
            page_numbers="of",
        )
        add(
            f"{prefix}_running_heads",
            "running_heads",
            typesetter,
            "three pages with a running head and page numbers",
            build=lambda prose: [Region(_body(prose, 18))],
            running_head=head,
            page_numbers="plain" if chromium else "of",
        )
        add(
            f"{prefix}_landscape",
            "landscape",
            typesetter,
            "landscape A4 page, " + ("three columns" if chromium else "two columns"),
            build=lambda prose, columns=(3 if chromium else 2): [
                Region(_front(prose)[:1]),
                Region(_body(prose, 12), columns=columns, gap="0.8cm"),
            ],
            landscape=True,
            running_head=head,
            page_numbers="plain",
        )
        for ruled in (True, False):
            kind = "ruled" if ruled else "unruled"
            add(
                f"{prefix}_table_{kind}",
                "tables",
                typesetter,
                f"one column broken by a {kind} table of short cells (cells are not body text)",
                build=lambda prose: [Region(_with_table(prose, before=3, after=3))],
                ruled_tables=ruled,
                page_numbers="plain",
            )
        add(
            f"{prefix}_hyphenated",
            "hyphenated",
            typesetter,
            "narrow justified columns, long words broken at soft hyphens"
            + (" (kept as U+00AD in the text layer)" if chromium else ""),
            build=lambda prose: [Region(_body(prose, 12), columns=3, gap="0.4cm")],
            font_size=10.0,
            page_numbers="plain",
            soft_hyphens=True,
        )
    add(
        "ch_rotated",
        "landscape",
        "chromium",
        "portrait page with /Rotate 90, the text drawn turned: reads as landscape",
        build=lambda prose: [
            Region(_front(prose)[:1]),
            Region([Block("paragraph", prose.paragraph((3, 4))) for _ in range(5)], columns=2),
        ],
        rotate=True,
        pages=1,
    )
    add(
        "lo_footnotes",
        "footnotes",
        "libreoffice",
        "one column, two footnotes a page, three pages",
        build=lambda prose: [Region(_footnoted_pages(prose, pages=3, per_page=4))],
        running_head=head,
        page_numbers="plain",
        pages=3,
    )
    add(
        "lo_footnotes_columns",
        "footnotes",
        "libreoffice",
        "two columns, two full-width footnotes a page, two pages",
        build=lambda prose: [
            Region(_footnoted_pages(prose, pages=2, per_page=6), columns=2, gap="0.6cm")
        ],
        page_numbers="plain",
        pages=2,
    )
    for every, columns in ((1, 1), (5, 1), (5, 2)):
        add(
            f"lo_line_numbers_{every}_{columns}col",
            "line_numbers",
            "libreoffice",
            f"Writer's line numbering, every {'line' if every == 1 else f'{every}th line'}, "
            + ("left margin" if columns == 1 else "two columns: numbers also in the gutter"),
            build=lambda prose, columns=columns: [
                Region(_body(prose, 8), columns=columns, gap="1cm")
            ],
            line_numbers=every,
            page_numbers="plain",
        )
    _add_later_families(add)
    return specs


def _add_later_families(add: Callable[..., None]) -> None:
    """Families added after the first version of the corpus; added last, so that the
    documents before them keep their seeds (and their PDFs and truth). In Writer the
    full-width table has a heading above it: a table straight after a column section is
    pushed to the next page, leaving the section unbalanced."""
    for typesetter, prefix in (("libreoffice", "lo"), ("chromium", "ch")):
        add(
            f"{prefix}_spanning_table",
            "spanning_table",
            typesetter,
            "two columns broken by a full-width table, two columns again below it",
            build=lambda prose, lo=(typesetter == "libreoffice"): (
                [
                    Region(_body(prose, 2), columns=2),
                    Region(
                        [
                            Block("heading", "Spending and staff by area"),
                            Block("table", rows=prose.table(rows=6, columns=5)),
                        ]
                    ),
                    Region(_body(prose, 4), columns=2),
                ]
                if lo
                else [Region(_with_table(prose, before=4, after=4, columns=5), columns=2)]
            ),
            running_head=HEAD_TEXT,
            page_numbers="plain",
        )
        add(
            f"{prefix}_unequal_columns",
            "unequal_columns",
            typesetter,
            "two unequal columns (2:1), the narrow one on the right",
            build=lambda prose: [Region(_body(prose, 7), columns=2, gap="0.7cm", widths=(2, 1))],
            page_numbers="plain",
            pages=1,
        )
    _add_box_families(add)


def _add_box_families(add: Callable[..., None]) -> None:
    """Sidebars and pull quotes (issue #11: kept apart, never spliced into a sentence):
    Writer frames beside the text, which wraps round them, in one column and in the first
    of two; Chromium's floated ``aside`` boxes, and a pull quote centred over the gutter of
    two columns, as magazines and third-sector reports set them. Writer's frames sit near
    the top of a page: a frame that its paragraph carries over a page break (with
    ``flow-with-text``) is not drawn at all, in Writer 7.4."""
    add(
        "lo_sidebar_frame",
        "sidebars",
        "libreoffice",
        "one column wrapping round two shaded, bordered frames (right on page 1, left at the "
        "top of page 2)",
        build=lambda prose: [
            Region(
                _with_boxes(prose, 6, {1: "right"})
                + [Block("page_break")]
                + _with_boxes(prose, 6, {0: "left"})
            )
        ],
        running_head=HEAD_TEXT,
        page_numbers="plain",
    )
    add(
        "lo_sidebar_columns",
        "sidebars",
        "libreoffice",
        "two columns, a shaded, bordered frame at the right of the first, wrapped",
        build=lambda prose: [Region(_with_boxes(prose, 10, {2: "right"}), columns=2, gap="0.6cm")],
        page_numbers="plain",
    )
    add(
        "ch_sidebar_aside",
        "sidebars",
        "chromium",
        "one column wrapping round two floated, bordered, shaded asides (right, then left)",
        build=lambda prose: [Region(_with_boxes(prose, 12, {1: "right", 8: "left"}))],
        running_head=HEAD_TEXT,
        page_numbers="plain",
    )
    add(
        "ch_pull_quote",
        "pull_quote",
        "chromium",
        "two columns (a grid) with a pull quote centred over the gutter, both columns "
        "wrapping round it",
        build=lambda prose: [
            Region(
                [Block("title", f"Review of {plain(prose.heading()).lower()}")]
                + [prose.pull_quote()]
                + _body(prose, 6),
                columns=2,
                gap="0.8cm",
                widths=(1, 1),
            )
        ],
        page_numbers="plain",
        pages=1,
    )
    add(
        "lo_pull_quote",
        "pull_quote",
        "libreoffice",
        "two columns with a bordered pull quote centred over the gutter, both columns "
        "wrapping round it",
        build=lambda prose: [
            Region(_front(prose)[:1]),
            Region([prose.pull_quote(), *_body(prose, 8)], columns=2, gap="0.8cm"),
        ],
        page_numbers="plain",
    )


#: Where the committed corpus (variant 0) lives, relative to the repository root.
COMMITTED = Path("tests/data/typeset")
MANIFEST_COLUMNS = ["doc_id", "family", "typesetter", "pages", "file", "truth", "dropped", "layout"]


def build_corpus(
    out: Path, *, only: Callable[[Spec], bool] = lambda spec: True, variant: int = 0
) -> list[dict]:
    """Typeset every chosen document of corpus ``variant`` into ``out``:
    ``pdf/{doc_id}.pdf``, ``truth/{doc_id}.txt`` (the body text),
    ``truth/{doc_id}.dropped.tsv`` (reason, text) and ``manifest.csv``. Sources (ODT, HTML)
    are built in a temporary folder."""
    specs = [spec for spec in corpus_specs(variant) if only(spec)]
    (out / "pdf").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="typeset-src-") as folder:
        sources = Path(folder)
        odts = []
        for spec in specs:
            pdf = out / "pdf" / f"{spec.doc_id}.pdf"
            pdf.unlink(missing_ok=True)  # so that a failed conversion cannot leave an old one
            if spec.typesetter == "libreoffice":
                odts.append(sources / f"{spec.doc_id}.odt")
                _OdtWriter(spec).save(odts[-1])
            else:
                html = sources / f"{spec.doc_id}.html"
                html.write_text(html_document(spec), encoding="utf-8")
                print_with_chromium(html, pdf)
                if spec.rotate:
                    turn_pages(pdf)
        if odts:
            convert_with_soffice(odts, out / "pdf")
    rows = [_write_truth(spec, out) for spec in specs]
    manifest = out / "manifest.csv"
    existing = []
    if manifest.is_file():
        chosen = {row["doc_id"] for row in rows}
        with manifest.open(encoding="utf-8") as handle:
            existing = [row for row in csv.DictReader(handle) if row["doc_id"] not in chosen]
    write_table(manifest, sorted(existing + rows, key=lambda row: row["doc_id"]), MANIFEST_COLUMNS)
    return rows


def _write_truth(spec: Spec, out: Path) -> dict[str, str]:
    """Check the typeset PDF against its spec; write the truth files; the manifest row."""
    import pypdfium2

    pdf = out / "pdf" / f"{spec.doc_id}.pdf"
    document = pypdfium2.PdfDocument(pdf)
    pages = len(document)
    document.close()
    if spec.pages and pages != spec.pages:
        raise RuntimeError(
            f"{pdf}: the layout was built for {spec.pages} pages but came out as {pages}; "
            "the truth's footnote order would be wrong (shorten the pages' text)"
        )
    truth = out / "truth" / f"{spec.doc_id}.txt"
    truth.write_text(truth_text(spec), encoding="utf-8")
    dropped = out / "truth" / f"{spec.doc_id}.dropped.tsv"
    lines = [f"{reason}\t{text}\n" for reason, text in dropped_lines(spec, pages=pages)]
    dropped.write_text("reason\ttext\n" + "".join(lines), encoding="utf-8")
    boxes = out / "truth" / f"{spec.doc_id}.boxes.txt"
    boxes.unlink(missing_ok=True)
    if box_texts(spec):
        boxes.write_text("\n\n".join(box_texts(spec)) + "\n", encoding="utf-8")
    return {
        "doc_id": spec.doc_id,
        "family": spec.family,
        "typesetter": spec.typesetter,
        "pages": str(pages),
        "file": f"pdf/{spec.doc_id}.pdf",
        "truth": f"truth/{spec.doc_id}.txt",
        "dropped": f"truth/{spec.doc_id}.dropped.tsv",
        "layout": spec.description,
    }


def main(argv: list[str] | None = None) -> None:
    """Command line: typeset the corpus (or the documents named) into a folder."""
    parser = argparse.ArgumentParser(description="Typeset the extraction truth corpus.")
    parser.add_argument("--out", type=Path, default=COMMITTED)
    parser.add_argument(
        "--variant",
        type=int,
        default=0,
        help="0: the committed corpus; another number: a held-out corpus with other seeds "
        "and geometry (write it outside the repository)",
    )
    parser.add_argument("doc_ids", nargs="*", help="only these documents (default: all)")
    args = parser.parse_args(argv)
    if args.variant < 0:
        parser.error(f"--variant must be 0 or more, not {args.variant}")
    if args.variant and args.out.resolve() == COMMITTED.resolve():
        parser.error(f"--variant {args.variant} would overwrite the committed corpus; give --out")
    chosen = set(args.doc_ids)
    rows = build_corpus(
        args.out, only=lambda spec: not chosen or spec.doc_id in chosen, variant=args.variant
    )
    for row in rows:
        print(f"{row['doc_id']:<28} {row['family']:<15} {row['pages']:>2} pages")


if __name__ == "__main__":
    main()
