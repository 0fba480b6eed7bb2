"""The embedded demo corpus: synthetic policy PDFs with known text, themes and concept counts.

:func:`generate_demo_corpus` writes a manifest, one PDF per document and the ground truth
beside them (``truth/``): the text a perfect extractor would return, planted concept counts,
theme shares, layout facts and the status each deliberately broken file should get. It is
deterministic: the same arguments give the same bytes in every file, because all choices come
from one ``random.Random(seed)`` and the PDFs are written by reportlab with ``invariant=1``.

Example::

    from pathlib import Path
    from policytext.demo.generator import generate_demo_corpus
    generate_demo_corpus(Path("corpus/demo"), n_docs=160, seed=2011)

The content model (themes, trends, concepts) lives in :mod:`policytext.demo.content`, the page
layout in :mod:`policytext.demo.layout`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from policytext.demo.content import (
    CONCEPT_PATTERNS,
    CONCEPTS,
    GENERIC_HEADINGS,
    THEME_BY_NAME,
    THEME_LIST,
    THEMES,
    Theme,
    concept_rate,
    concept_sentence,
    theme_sentence,
    theme_weight,
    weighted_choice,
)
from policytext.demo.layout import (
    SANS,
    SERIF,
    Block,
    DocumentStyle,
    Flow,
    TitlePage,
    Word,
    font_folder,
    plain_flate_streams,
    register_fonts,
    render_document,
    title_lines,
    truth_paragraphs,
)
from policytext.errors import UserError
from policytext.io import write_table

if TYPE_CHECKING:
    import PIL.Image

logger = logging.getLogger(__name__)

MANIFEST_COLUMNS = ("doc_id", "title", "publisher", "doc_type", "year", "file", "date", "sha256")
DOCUMENT_COLUMNS = (
    "doc_id",
    "pages",
    "columns",
    "has_table",
    "has_footnotes",
    "hyphenated_breaks",
    "ligatures",
    "expected_status",
)
#: Body text size (pt) by number of columns; headings are 1.5 pt larger.
BODY_SIZES = {1: 10.5, 2: 9.5, 3: 8.5}
TYPE_PREFIX = {"government": "gov", "third_sector": "tsr", "audit": "aud"}
TYPE_SHARE = (("government", 0.45), ("third_sector", 0.35), ("audit", 0.20))
ACCENTS = {
    "government": (0.0, 0.29, 0.55),
    "third_sector": (0.52, 0.18, 0.45),
    "audit": (0.0, 0.45, 0.42),
}
THIRD_SECTOR_PUBLISHERS = (
    "Carers Together Scotland",
    "Independent Living Alliance Scotland",
    "Community Voices Network",
    "Scottish Forum for Voluntary Action",
    "Highland Older People's Partnership",
)
AUDIT_PUBLISHERS = (
    "Scottish Public Audit Office",
    "Accounts Panel for Scotland",
    "Care Standards Inspectorate Scotland",
)
#: The Scottish Executive took the name Scottish Government on 3 September 2007.
RENAMED = dt.date(2007, 9, 3)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
BAD_FILES = (
    # (kind, doc_type, year, expected status)
    ("image_only", "government", 2009, "no_text"),
    ("encrypted", "audit", 2018, "encrypted"),
    ("truncated", "third_sector", 2013, "corrupt"),
    ("html", "third_sector", 2021, "unsupported"),
)


@dataclass(frozen=True)
class DocumentSpec:
    """Everything decided about one document before its text is written."""

    doc_id: str
    doc_type: str
    year: int
    date: dt.date
    publisher: str
    title: str
    short_title: str
    kicker: str
    pages: int
    style: DocumentStyle
    has_table: bool
    seed: int
    bad: str = ""  # "", or one of the BAD_FILES kinds


@dataclass
class DocumentResult:
    """What was written for one document: its truth and layout facts."""

    spec: DocumentSpec
    data: bytes
    text: str | None
    pages: int
    has_footnotes: bool
    has_table: bool
    hyphenated_breaks: int
    ligatures: int
    concept_counts: dict[str, int]
    theme_shares: dict[str, float]
    status: str
    has_text: bool = True
    sha256: str = ""


# -- planning ---------------------------------------------------------------------------------
def publisher_for(doc_type: str, date: dt.date, rng: random.Random) -> str:
    """A publisher plausible for the type and date (Scottish Executive before the rename)."""
    if doc_type == "government":
        if rng.random() < 0.2:
            if date.year >= 2016:
                return "Forthvale Health and Social Care Partnership"
            return "Glenmuir Council"
        return "Scottish Executive" if date < RENAMED else "Scottish Government"
    if doc_type == "third_sector":
        return rng.choice(THIRD_SECTOR_PUBLISHERS)
    return rng.choice(AUDIT_PUBLISHERS)


def title_for(doc_type: str, year: int, theme: Theme, rng: random.Random) -> tuple[str, str, str]:
    """(title, short running-header title, title-page kicker) for a document."""
    label = theme.label
    if doc_type == "government":
        options = (
            (f"{label}: A Strategy for Scotland", "Strategy"),
            (f"{label}: Guidance for Partners", "Guidance"),
            (f"{label}: Action Plan {year} to {year + 3}", "Action plan"),
            (f"{label}: A Consultation", "Consultation"),
        )
    elif doc_type == "third_sector":
        options = (
            (f"{label}: Voices from the Front Line", "Report"),
            (f"Annual Review {year}: {label}", "Annual review"),
            (f"{label}: Our Response to the Consultation", "Consultation response"),
            (f"Listening to People: {label}", "Briefing"),
        )
    else:
        options = (
            (f"{label}: Progress Report", "Audit report"),
            (f"{label}: An Audit Review", "Audit report"),
            (f"{label}: Performance Update {year}", "Performance update"),
        )
    title, kicker = rng.choice(options)
    short = title.split(":")[0] if len(title.split(":")[0]) > 12 else title.split(":")[-1].strip()
    return title, short, kicker


def theme_weights(year: int, doc_type: str) -> list[tuple[str, float]]:
    """Each theme's weight for a document, as (theme, weight) in the fixed theme order."""
    return [(theme, theme_weight(theme, year, doc_type)) for theme in THEMES]


def plan_documents(
    *,
    n_docs: int,
    seed: int,
    first_year: int,
    last_year: int,
    min_pages: int,
    max_pages: int,
    bad_files: bool,
) -> list[DocumentSpec]:
    """Decide type, year, publisher, title, length and layout of every document."""
    rng = random.Random(seed)
    years = list(range(first_year, last_year + 1))
    width = max(3, len(str(n_docs + len(BAD_FILES))))
    kinds: list[tuple[str, str, int]] = []
    for index in range(n_docs):
        year = years[index * len(years) // n_docs] if n_docs >= len(years) else rng.choice(years)
        doc_type = weighted_choice(rng, TYPE_SHARE)
        kinds.append(("", doc_type, year))
    if bad_files:
        for kind, doc_type, year in (bad[:3] for bad in BAD_FILES):
            kinds.append((kind, doc_type, min(max(year, first_year), last_year)))
    specs = []
    for index, (bad, doc_type, year) in enumerate(kinds):
        date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        publisher = publisher_for(doc_type, date, rng)
        theme = THEME_BY_NAME[weighted_choice(rng, theme_weights(year, doc_type))]
        title, short_title, kicker = title_for(doc_type, year, theme, rng)
        columns = weighted_choice(rng, (("1", 0.45), ("2", 0.45), ("3", 0.10)))
        body_size = BODY_SIZES[int(columns)]
        style = DocumentStyle(
            columns=int(columns),
            body_font=rng.choice((SERIF, SANS)),
            body_size=body_size,
            hyphenate=rng.random() < 0.6,
            ligatures=rng.random() < 0.45,
            footnotes=rng.random() < 0.4,
            footer_format=rng.choice(("Page {n}", "{n}", "{n} of {total}", "Page {n} of {total}")),
            footer_align=rng.choice(("center", "right")),
            header_left=short_title,
            header_right=publisher,
            accent=ACCENTS[doc_type],
            numbered_headings=rng.random() < 0.5,
        )
        # Skewed towards short documents (mean about a third of the way up), as real
        # briefings and responses outnumber long strategies.
        pages = min_pages + int((max_pages - min_pages + 1) * rng.random() ** 2)
        if bad:
            pages = min(pages, 4)
        specs.append(
            DocumentSpec(
                doc_id=f"{TYPE_PREFIX[doc_type]}_{year}_{index:0{width}d}",
                doc_type=doc_type,
                year=year,
                date=date,
                publisher=publisher,
                title=title,
                short_title=short_title,
                kicker=kicker,
                pages=pages,
                style=style,
                has_table=rng.random() < 0.35,
                seed=rng.getrandbits(32),
                bad=bad,
            )
        )
    return specs


# -- content ----------------------------------------------------------------------------------
_FOOTNOTE_SOURCES = (
    "Commission on the Future Delivery of Public Services",
    "Independent Review of Adult Social Care",
    "National Health and Wellbeing Outcomes Framework",
    "Social Care Workforce Survey",
    "National Standards for Community Engagement",
    "Health and Social Care Delivery Plan",
)


def footnote_text(rng: random.Random, spec: DocumentSpec) -> str:
    """A citation-like footnote (concept-free, so that planted counts stay exact)."""
    year = rng.randint(max(2000, spec.year - 6), spec.year)
    source = rng.choice(_FOOTNOTE_SOURCES)
    detail = rng.choice(
        (
            f"See section {rng.randint(2, 9)}.",
            f"Table {rng.randint(1, 6)}, page {rng.randint(4, 80)}.",
            "Figures are for the financial year.",
            "Based on the most recent published data.",
        )
    )
    return f"{source} ({year}). {detail}"


def paragraph_block(
    rng: random.Random, spec: DocumentSpec, weights: list[tuple[str, float]]
) -> Block:
    """A paragraph of 3-6 sentences, mostly from one theme, with planted concept mentions."""
    theme = THEME_BY_NAME[weighted_choice(rng, weights)]
    rates = [(c, concept_rate(c, spec.year, spec.doc_type)) for c in CONCEPTS]
    total_rate = sum(rate for _, rate in rates) / 100
    words: list[Word] = []
    themes: list[str] = []
    counts: Counter[str] = Counter()
    used: set[str] = set()
    for _ in range(rng.randint(3, 6)):
        sentence_theme = (
            theme if rng.random() < 0.8 else THEME_BY_NAME[weighted_choice(rng, weights)]
        )
        if total_rate and rng.random() < total_rate:
            concept = weighted_choice(rng, rates)
            sentence = concept_sentence(rng, sentence_theme, concept)
            counts[concept] += 1
        else:
            sentence = theme_sentence(rng, sentence_theme, used=used)
        themes.append(sentence_theme.name)
        tokens = layout_words(sentence)
        note = footnote_text(rng, spec) if spec.style.footnotes and rng.random() < 0.1 else None
        words += [Word(token) for token in tokens[:-1]] + [Word(tokens[-1], note)]
    return Block("paragraph", words, sentence_themes=themes, concept_counts=dict(counts))


#: A planted spaced variant ("co production") is laid out as one word, so that a line, column
#: or page break (with footnotes between the pages) never separates its halves.
_LAYOUT_WORD = re.compile(r"\bco produc\w*|\S+", re.IGNORECASE)


def layout_words(sentence: str) -> list[str]:
    """The words of a sentence as the layout places them (spaced concept variants whole).

    >>> layout_words("Staff said co production takes time.")
    ['Staff', 'said', 'co production', 'takes', 'time.']
    """
    return _LAYOUT_WORD.findall(sentence)


def table_block(rng: random.Random, spec: DocumentSpec) -> Block:
    """A small table of figures by year (drawn with a grid; not part of the true text)."""
    narrow = spec.style.columns == 3
    header = ["Area", str(spec.year - 1), str(spec.year)] + ([] if narrow else ["Change"])
    areas = ("North", "South", "East", "West", "Central", "Islands")
    rows = [header]
    for area in rng.sample(areas, rng.randint(3, 5)):
        before, after = rng.randint(40, 900), rng.randint(40, 900)
        row = [area, str(before), str(after)]
        if not narrow:
            row.append(f"{(after - before) / before * 100:+.1f}%")
        rows.append(row)
    return Block("table", rows=rows)


def heading_block(text: str, number: int, spec: DocumentSpec) -> Block:
    """A section heading, numbered ("2. Background") in documents that number them."""
    label = f"{number}. {text}" if spec.style.numbered_headings else text
    return Block("heading", [Word(word) for word in label.split()])


def content_groups(rng: random.Random, spec: DocumentSpec) -> Iterator[list[Block]]:
    """An endless stream of block groups: sections open with a heading and one paragraph."""
    weights = theme_weights(spec.year, spec.doc_type)
    section = 0
    tables_left = rng.randint(1, 2) if spec.has_table else 0
    while True:
        section += 1
        if section == 1:
            heading = "Introduction"
        else:
            theme = THEME_BY_NAME[weighted_choice(rng, weights)]
            heading = rng.choice(theme.headings + GENERIC_HEADINGS[1:4])
        yield [heading_block(heading, section, spec), paragraph_block(rng, spec, weights)]
        for _ in range(rng.randint(2, 5)):
            yield [paragraph_block(rng, spec, weights)]
            if tables_left and rng.random() < 0.3:
                tables_left -= 1
                yield [table_block(rng, spec)]


def short_paragraph(rng: random.Random, spec: DocumentSpec) -> Block:
    """A two-sentence paragraph used to fill the last page after a longer one did not fit."""
    weights = theme_weights(spec.year, spec.doc_type)
    theme = THEME_BY_NAME[weighted_choice(rng, weights)]
    used: set[str] = set()
    sentences = [theme_sentence(rng, theme, used=used) for _ in range(2)]
    words = [Word(token) for token in " ".join(sentences).split()]
    return Block("paragraph", words, sentence_themes=[theme.name] * 2)


def lay_out(spec: DocumentSpec) -> Flow:
    """Fill the document's body pages with generated blocks."""
    rng = random.Random(spec.seed)
    body_pages = spec.pages - 1
    final_fill = rng.uniform(0.5, 1.0) if body_pages == 1 else rng.uniform(0.35, 1.0)
    flow = Flow(spec.style, body_pages=body_pages, final_fill=final_fill)
    key = 0
    for group in content_groups(rng, spec):
        keys = list(range(key, key + len(group)))
        key += len(group)
        if not flow.place_group(group, keys):
            break
    for _ in range(20):  # fill the tail (and make sure the last page exists)
        if not flow.place_group([short_paragraph(rng, spec)], [key]):
            break
        key += 1
    return flow


# -- documents --------------------------------------------------------------------------------
def count_concepts(text: str) -> dict[str, int]:
    """Mentions of each concept in ``text`` by :data:`CONCEPT_PATTERNS`."""
    return {concept: len(CONCEPT_PATTERNS[concept].findall(text)) for concept in CONCEPTS}


def title_page(spec: DocumentSpec) -> TitlePage:
    date_line = f"{MONTHS[spec.date.month - 1]} {spec.year}"
    return TitlePage(spec.title, spec.publisher, date_line, spec.kicker)


def build_document(spec: DocumentSpec, *, encrypt: object | None = None) -> DocumentResult:
    """Lay out and render one well-formed document; return its bytes and its truth."""
    flow = lay_out(spec)
    title = title_page(spec)
    buffer = io.BytesIO()
    render_document(
        buffer,
        title=title,
        style=spec.style,
        pages=flow.pages,
        encrypt=encrypt,
        subject=f"{spec.doc_type} {spec.year}",
    )
    front = [title.kicker, title.title, title.publisher, title.date_line]
    paragraphs = truth_paragraphs(front, flow.pages, join=" ".join)
    text = "\n\n".join(paragraphs) + "\n"
    planted: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    for block in flow.placed:
        planted.update(block.concept_counts)
        themes.update(block.sentence_themes)
    counts = count_concepts(text)
    if counts != {concept: planted[concept] for concept in CONCEPTS}:
        raise AssertionError(f"{spec.doc_id}: planted {dict(planted)} but text has {counts}")
    n_sentences = sum(themes.values())
    return DocumentResult(
        spec=spec,
        data=buffer.getvalue(),
        text=text,
        pages=len(flow.pages) + 1,
        has_footnotes=any(page.footnotes for page in flow.pages),
        has_table=any(page.tables for page in flow.pages),
        hyphenated_breaks=flow.hyphenated,
        ligatures=flow.ligatures,
        concept_counts=counts,
        theme_shares={theme: themes[theme] / n_sentences for theme in THEMES},
        status="ok",
    )


def image_only_pdf(spec: DocumentSpec) -> bytes:
    """A 'scanned' document: each page is a picture of text, with no text layer at all."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    rng = random.Random(spec.seed)
    buffer = io.BytesIO()
    with plain_flate_streams():
        pdf = rl_canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
        pdf.setTitle(spec.title)
        for page_number in range(spec.pages):
            image = scanned_page_image(rng, spec, page_number)
            pdf.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
            pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def scanned_page_image(rng: random.Random, spec: DocumentSpec, page_number: int) -> PIL.Image.Image:
    """One A4 page at 100 dpi as a greyscale PIL image of generated paragraphs."""
    from PIL import Image, ImageDraw, ImageFont

    weights = theme_weights(spec.year, spec.doc_type)
    font = ImageFont.truetype(str(font_folder() / "DejaVuSerif.ttf"), 15)
    bold = ImageFont.truetype(str(font_folder() / "DejaVuSans-Bold.ttf"), 26)
    image = Image.new("L", (827, 1169), 255)
    draw = ImageDraw.Draw(image)
    y = 100
    if page_number == 0:
        for line in title_lines(spec.title):
            draw.text((86, y + 100), line, font=bold, fill=30)
            y += 34
        draw.text((86, y + 120), f"{spec.publisher}, {spec.year}", font=font, fill=30)
        y += 240
    while y < 1000:
        line = ""
        for word in paragraph_block(rng, spec, weights).words:
            candidate = f"{line} {word.text}".strip()
            if draw.textlength(candidate, font=font) > 650:
                draw.text((86, y), line, font=font, fill=20)
                y, line = y + 22, word.text
            else:
                line = candidate
        draw.text((86, y), line, font=font, fill=20)
        y += 40
    draw.text((405, 1110), str(page_number + 1), font=font, fill=60)
    return image


def html_page(spec: DocumentSpec) -> bytes:
    """A web page saved under a .pdf name, as happens when a download link serves HTML."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{spec.title} | {spec.publisher}</title></head>\n<body>\n"
        f"<h1>{spec.title}</h1>\n<p>This publication is available to download as a PDF. "
        "If the download does not start, please use the link below.</p>\n"
        '<p><a href="#">Download the report (PDF)</a></p>\n</body>\n</html>\n'
    ).encode()


def build_bad_document(spec: DocumentSpec) -> DocumentResult:
    """A deliberately unreadable file; its truth text is absent."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    status = {kind: status for kind, _, _, status in BAD_FILES}[spec.bad]
    pages = spec.pages
    if spec.bad == "image_only":
        data = image_only_pdf(spec)
    elif spec.bad == "encrypted":
        encryption = StandardEncryption("demo-password", canPrint=0, strength=128)
        readable = build_document(spec, encrypt=encryption)
        data, pages = readable.data, readable.pages
    elif spec.bad == "truncated":
        readable = build_document(spec)
        data, pages = readable.data[: len(readable.data) // 2], readable.pages
    else:
        data, pages = html_page(spec), 0
    return DocumentResult(
        spec=spec,
        data=data,
        text=None,
        pages=pages,
        has_footnotes=False,
        has_table=False,
        hyphenated_breaks=0,
        ligatures=0,
        concept_counts={},
        theme_shares={},
        status=status,
        has_text=False,
    )


# -- writing ----------------------------------------------------------------------------------
def generate_demo_corpus(
    out_dir: Path,
    *,
    n_docs: int = 160,
    seed: int = 2011,
    first_year: int = 2005,
    last_year: int = 2024,
    min_pages: int = 2,
    max_pages: int = 20,
    bad_files: bool = True,
) -> None:
    """Write the demo corpus (manifest, PDFs, truth, README) into ``out_dir``.

    Args:
        out_dir: folder to write; files of an earlier run that this run does not make are
            removed from its ``pdf/`` and ``truth/text/`` folders.
        n_docs: number of well-formed documents (the bad files come on top).
        seed: the one seed every choice derives from.
        first_year, last_year: publication years, spread evenly over the documents.
        min_pages, max_pages: page count range, title page included (at least 2).
        bad_files: add the four deliberately unreadable files.
    """
    check_arguments(n_docs, first_year, last_year, min_pages, max_pages)
    register_fonts()
    out_dir = Path(out_dir)
    specs = plan_documents(
        n_docs=n_docs,
        seed=seed,
        first_year=first_year,
        last_year=last_year,
        min_pages=min_pages,
        max_pages=max_pages,
        bad_files=bad_files,
    )
    (out_dir / "pdf").mkdir(parents=True, exist_ok=True)
    (out_dir / "truth" / "text").mkdir(parents=True, exist_ok=True)
    results = []
    for spec in specs:
        result = build_bad_document(spec) if spec.bad else build_document(spec)
        results.append(write_document(out_dir, result))
    results.sort(key=lambda result: result.spec.doc_id)
    remove_stale_files(out_dir, results)
    write_manifest(out_dir, results)
    write_truth_tables(out_dir, results)
    arguments = {
        "n_docs": n_docs,
        "seed": seed,
        "first_year": first_year,
        "last_year": last_year,
        "min_pages": min_pages,
        "max_pages": max_pages,
        "bad_files": bad_files,
    }
    (out_dir / "README.md").write_text(readme_text(results, arguments), encoding="utf-8")


def check_arguments(
    n_docs: int, first_year: int, last_year: int, min_pages: int, max_pages: int
) -> None:
    """Raise UserError for impossible generator arguments."""
    if n_docs < 1:
        raise UserError(f"--n-docs must be at least 1, got {n_docs}")
    if first_year > last_year:
        raise UserError(f"--first-year {first_year} is after --last-year {last_year}")
    if min_pages < 2 or max_pages < min_pages:
        raise UserError(
            f"pages must satisfy 2 <= --min-pages <= --max-pages, got {min_pages} and {max_pages}"
        )


def write_document(out_dir: Path, result: DocumentResult) -> DocumentResult:
    """Write one document's file and truth text; return the result without its bytes."""
    doc_id = result.spec.doc_id
    (out_dir / "pdf" / f"{doc_id}.pdf").write_bytes(result.data)
    if result.text is not None:
        (out_dir / "truth" / "text" / f"{doc_id}.txt").write_text(result.text, encoding="utf-8")
    # Keep memory flat for large corpora: the bytes and text are on disk now.
    return replace(
        result,
        data=b"",
        text=None,
        has_text=result.text is not None,
        sha256=hashlib.sha256(result.data).hexdigest(),
    )


def remove_stale_files(out_dir: Path, results: list[DocumentResult]) -> None:
    """Delete PDFs and truth texts of an earlier run that this run did not write."""
    pdfs = {f"{r.spec.doc_id}.pdf" for r in results}
    texts = {f"{r.spec.doc_id}.txt" for r in results if r.has_text}
    for path in (out_dir / "pdf").glob("*.pdf"):
        if path.name not in pdfs:
            path.unlink()
    for path in (out_dir / "truth" / "text").glob("*.txt"):
        if path.name not in texts:
            path.unlink()


def write_manifest(out_dir: Path, results: list[DocumentResult]) -> None:
    """Write manifest.csv (rows in the order given: callers sort by doc_id)."""
    manifest = [
        {
            "doc_id": r.spec.doc_id,
            "title": r.spec.title,
            "publisher": r.spec.publisher,
            "doc_type": r.spec.doc_type,
            "year": r.spec.year,
            "file": f"pdf/{r.spec.doc_id}.pdf",
            "date": r.spec.date.isoformat(),
            "sha256": r.sha256,
        }
        for r in results
    ]
    write_table(out_dir / "manifest.csv", manifest, MANIFEST_COLUMNS)


def write_truth_tables(out_dir: Path, results: list[DocumentResult]) -> None:
    """Write concepts.csv, themes.csv, themes_vocabulary.csv and documents.csv."""
    truth = out_dir / "truth"
    readable = [result for result in results if result.has_text]
    concepts = [
        {"doc_id": r.spec.doc_id, "concept": concept, "count": r.concept_counts[concept]}
        for r in readable
        for concept in CONCEPTS
    ]
    write_table(truth / "concepts.csv", concepts, ("doc_id", "concept", "count"))
    themes = [
        {"doc_id": r.spec.doc_id, "theme": theme, "proportion": r.theme_shares[theme]}
        for r in readable
        for theme in sorted(THEMES)
    ]
    write_table(truth / "themes.csv", themes, ("doc_id", "theme", "proportion"))
    vocabulary = [
        {"theme": theme.name, "word": word}
        for theme in sorted(THEME_LIST, key=lambda t: t.name)
        for word in sorted(theme.characteristic)
    ]
    write_table(truth / "themes_vocabulary.csv", vocabulary, ("theme", "word"))
    documents = [
        {
            "doc_id": r.spec.doc_id,
            "pages": r.pages,
            "columns": r.spec.style.columns,
            "has_table": r.has_table,
            "has_footnotes": r.has_footnotes,
            "hyphenated_breaks": r.hyphenated_breaks,
            "ligatures": r.ligatures,
            "expected_status": r.status,
        }
        for r in results
    ]
    write_table(truth / "documents.csv", documents, DOCUMENT_COLUMNS)


def readme_text(results: list[DocumentResult], arguments: dict[str, object]) -> str:
    """The corpus README, generated so that its numbers always match the files."""
    good = [r for r in results if r.status == "ok"]
    bad = [r for r in results if r.status != "ok"]
    types = Counter(r.spec.doc_type for r in results)
    years = sorted({r.spec.year for r in results})
    totals = Counter()
    for r in good:
        totals.update(r.concept_counts)
    columns = Counter(r.spec.style.columns for r in good)
    flags = " ".join(
        f"--{key.replace('_', '-')} {value}"
        for key, value in arguments.items()
        if key != "bad_files"
    )
    if not arguments["bad_files"]:
        flags += " --no-bad-files"
    lines = [
        "# Demo corpus (synthetic)",
        "",
        "Every document here is **synthetic**: written by `policytext demo-corpus` from sentence",
        "templates, with fictional or borrowed publisher names. Nothing is quoted from a real",
        "publication, and no real body wrote or endorsed these texts. The corpus exists to test",
        "and demonstrate the workflow against a known ground truth.",
        "",
        "## How it was made",
        "",
        "- Generator: `workflow/policytext/demo/generator.py` (content: `content.py`, layout: "
        "`layout.py`), reportlab with `invariant=1` and subset DejaVu fonts from matplotlib.",
        "- Regenerate, byte for byte, from the repository root:",
        "",
        "  ```",
        f"  PYTHONPATH=workflow python -m policytext.cli demo-corpus corpus/demo {flags}",
        "  ```",
        "",
        f"  Made with {library_versions()}; other versions of these libraries may change the",
        "  PDF bytes (and so the manifest checksums), not the truth files.",
        f"- {len(good)} readable documents and {len(bad)} deliberately broken files; "
        f"{len(years)} years ({years[0]}-{years[-1]}); types: "
        + ", ".join(f"{t} {types[t]}" for t in sorted(types))
        + ".",
        f"- Layout: {columns[1]} one-column, {columns[2]} two-column, {columns[3]} three-column "
        "documents; a title page, a running header and a page-number footer (formats vary), "
        "headings, paragraph spacing, line-end hyphenation (ordinary words in some documents, "
        "compounds at their own hyphen in all), ligature characters (U+FB01-FB03) in some, "
        "drawn tables and footnotes with superscript references in some.",
        "- Planted concept mentions in total: "
        + ", ".join(f"{c} {totals[c]}" for c in CONCEPTS)
        + ".",
        "",
        "## Planted concept mentions by year",
        "",
        "Mean mentions per readable document (from `truth/concepts.csv`):",
        "",
        *trend_table(good),
        "",
        "## Files",
        "",
        "- `manifest.csv`: `doc_id,title,publisher,doc_type,year,file,date,sha256`.",
        "- `pdf/{doc_id}.pdf`: the documents, including the broken ones.",
        "- `truth/text/{doc_id}.txt`: the text a perfect extractor returns: the title page",
        "  (label, title, publisher, month and year: one paragraph each),",
        "  headings, paragraphs and footnotes in reading order (per page: columns left to right,",
        "  then that page's footnotes), one blank line between paragraphs, line-end hyphenation",
        "  undone (`financ-`/`ial` is `financial`, `co-`/`production` is `co-production`),",
        "  ligatures as plain letters; no running headers, footers, page numbers, footnote",
        "  reference markers or table cells. A paragraph interrupted by a page's footnotes is",
        "  split there. Absent for the broken files.",
        "- `truth/concepts.csv`: `doc_id,concept,count` of planted mentions of `co-production`,",
        "  `co-creation` and `co-design` (all spellings and inflections: co-production,",
        "  coproduction, co production, Co-Production, co-produce(d), co-producing; co-creation,",
        "  cocreation, co-create(d), co-creating; co-design, codesign, co-designed,",
        "  co-designing), zero rows included. Each count equals the matches of",
        "  `\\bco[-\\s]?produc(tion|e|ed|ing)\\b` (and the same shape for `creat` and `design`,",
        "  `design(ed|ing)?`), ignoring case, in the truth text.",
        "- `truth/themes.csv`: `doc_id,theme,proportion`: share of the document's body sentences",
        "  written from each theme (headings, title page and footnotes not counted).",
        "- `truth/themes_vocabulary.csv`: `theme,word`: each theme's characteristic words.",
        "- `truth/documents.csv`: `doc_id,pages,columns,has_table,has_footnotes,"
        "hyphenated_breaks,ligatures,expected_status`; `hyphenated_breaks` counts words split",
        "  at a line end, `ligatures` the ligature characters drawn, `expected_status` is `ok`",
        "  or the status an extractor should report.",
        "",
        "## Broken files",
        "",
    ]
    descriptions = {
        "no_text": "image-only pages (a picture of text, no text layer)",
        "encrypted": "encrypted with a user password (`demo-password`)",
        "corrupt": "a valid PDF cut in half",
        "unsupported": "an HTML page saved with a .pdf extension",
    }
    lines += [f"- `{r.spec.doc_id}`: {descriptions[r.status]}; expected `{r.status}`." for r in bad]
    lines += [
        "",
        "## Planted trends",
        "",
        "Theme weights and concept rates are explicit functions of year and document type in",
        "`workflow/policytext/demo/content.py` (`theme_weight`, `concept_rate`):",
        "",
        "- co-production: rare before the Christie Commission (2011), rising to 2019; twice as",
        "  common in third-sector documents, less in audit reports.",
        "- co-design: rare until 2016, rising to 2023. co-creation: none before 2015, rare after.",
        "- Themes: integration rises 2013-2016; self-directed support rises 2010-2014 then eases;",
        "  community empowerment rises 2014-2016; prevention steps up after 2011 and dips in",
        "  2020-2021; workforce grows after 2019 (and is strong in audit reports); the pandemic",
        "  theme appears in 2020 and fades by 2024.",
        "",
    ]
    return "\n".join(lines)


def library_versions() -> str:
    """The versions of the libraries whose output is embedded in the corpus files."""
    from importlib.metadata import version

    names = ("reportlab", "fonttools", "pillow", "matplotlib")
    return ", ".join(f"{name} {version(name)}" for name in names)


def trend_table(results: list[DocumentResult]) -> list[str]:
    """A Markdown table of mean planted mentions per document by year."""
    header = ["| year | documents | " + " | ".join(CONCEPTS) + " |"]
    header.append("|---" * (len(CONCEPTS) + 2) + "|")
    rows = []
    for year in sorted({r.spec.year for r in results}):
        docs = [r for r in results if r.spec.year == year]
        means = [sum(r.concept_counts[c] for r in docs) / len(docs) for c in CONCEPTS]
        rows.append(f"| {year} | {len(docs)} | " + " | ".join(f"{m:.1f}" for m in means) + " |")
    return header + rows
