"""Statuses, the two commands and the other file types of policytext.extract.engines."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from policytext.cli import main
from policytext.errors import UserError
from policytext.extract.commands import extract_command, extraction_table_command
from policytext.extract.engines import (
    RECORD_COLUMNS,
    TABLE_COLUMNS,
    _mostly_right_to_left,
    _mostly_unmeasured,
    _printed,
    extract_document,
    reads_as_text,
)
from policytext.filetypes import sniff_type
from policytext.io import read_table
from policytext.text.tokenize import tokenize
from tests.support.samples import Layout, build_image_only_pdf, build_pdf, make_paragraphs

PROSE = "Co-production means working with people who use services. " * 12


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Good and broken documents of every kind."""
    folder = tmp_path_factory.mktemp("documents")
    paragraphs = make_paragraphs(3, seed=9)
    good = folder / "good.pdf"
    build_pdf(good, paragraphs, Layout(page_numbers=True))
    encrypted = folder / "locked.pdf"
    build_pdf(encrypted, paragraphs, encrypt="secret")
    image_only = folder / "scan.pdf"
    build_image_only_pdf(image_only, pages=3)
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    html_as_pdf = folder / "page.pdf"
    html = folder / "page.html"
    html.write_text(
        "<!DOCTYPE html><html><head><title>Strategy</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<main><h1>Our strategy</h1><p>{PROSE}</p><p>{PROSE}</p></main>"
        "<footer>Cookie settings. Copyright.</footer></body></html>",
        encoding="utf-8",
    )
    html_as_pdf.write_bytes(html.read_bytes())
    text = folder / "notes.txt"
    text.write_text(f"{PROSE}\n\nSecond para-\ngraph here.\n", encoding="utf-8")
    word = folder / "report.docx"
    document = docx.Document()
    document.add_paragraph("Integration of health and social care.")
    document.add_paragraph(PROSE)
    document.save(str(word))
    binary = folder / "image.pdf.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    empty = folder / "empty.pdf"
    empty.write_bytes(b"")
    return {
        "good": good,
        "encrypted": encrypted,
        "image_only": image_only,
        "truncated": truncated,
        "html_as_pdf": html_as_pdf,
        "html": html,
        "text": text,
        "docx": word,
        "binary": binary,
        "empty": empty,
    }


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
@pytest.mark.parametrize(
    ("name", "status", "message_part"),
    [
        ("good", "ok", ""),
        ("encrypted", "encrypted", "password"),
        ("image_only", "no_text", "image-only PDF: 3 pages without a text layer"),
        ("truncated", "corrupt", "cannot be parsed"),
        ("binary", "unsupported", "not a PDF, HTML, DOCX or text file"),
        ("empty", "no_text", "empty"),
    ],
)
def test_each_pdf_case_gets_its_status(files, engine, name, status, message_part) -> None:
    result = extract_document(files[name], engine=engine, timeout=60)
    assert result.status == status
    assert message_part in result.message
    if status != "ok":
        assert result.text == ""


def test_missing_file_is_reported(tmp_path: Path) -> None:
    result = extract_document(tmp_path / "gone.pdf")
    assert result.status == "missing"
    assert "gone.pdf" in result.message


def test_html_saved_as_pdf_is_recognised_and_refused(files) -> None:
    assert sniff_type(files["html_as_pdf"]) == "html"
    result = extract_document(files["html_as_pdf"])
    assert result.status == "unsupported"
    assert "named .pdf but its bytes are html" in result.message


def test_html_page_gives_its_main_text(files) -> None:
    result = extract_document(files["html"])
    assert result.status == "ok"
    assert result.engine == "html"
    assert "Co-production means working with people" in result.text
    assert "Cookie settings" not in result.text and "Home" not in result.text


def test_text_and_docx_files_are_read(files) -> None:
    text = extract_document(files["text"])
    assert text.status == "ok" and "Second paragraph here." in text.text
    word = extract_document(files["docx"])
    assert word.status == "ok"
    assert word.text.startswith("Integration of health and social care.\n\n")


def test_checksum_mismatch_names_both_hashes(files) -> None:
    actual = hashlib.sha256(files["good"].read_bytes()).hexdigest()
    good = extract_document(files["good"], sha256=actual.upper())
    assert good.status == "ok"
    result = extract_document(files["good"], sha256="0" * 64)
    assert result.status == "checksum_mismatch"
    assert actual in result.message and "0" * 64 in result.message


def test_path_outside_corpus_root_is_refused(files, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    link = corpus / "escape.pdf"
    link.symlink_to(files["good"])
    result = extract_document(corpus / ".." / ".." / files["good"].name, corpus_root=corpus)
    assert result.status == "unsupported"
    assert "outside the corpus folder" in result.message
    assert extract_document(link, corpus_root=corpus).status == "unsupported"


def test_file_inside_corpus_root_is_read(files) -> None:
    result = extract_document(files["good"], corpus_root=files["good"].parent)
    assert result.status == "ok"


def test_hanging_parse_is_stopped_after_the_timeout(files, monkeypatch) -> None:
    import policytext.extract.engines as extract

    def hang(path: Path, engine: str, tables: str) -> dict:
        time.sleep(60)
        return {}

    monkeypatch.setattr(extract, "_read_document", hang)
    result = extract_document(files["good"], timeout=0.5)
    assert result.status == "timeout"
    assert "0.5 s" in result.message


def test_crashing_parser_is_reported_as_corrupt(files, monkeypatch) -> None:
    import os

    import policytext.extract.engines as extract

    monkeypatch.setattr(extract, "_read_document", lambda *args: os._exit(3))
    result = extract_document(files["good"], timeout=30)
    assert result.status == "corrupt"
    assert "exit code 3" in result.message


def test_counts_match_the_text(files) -> None:
    result = extract_document(files["good"])
    assert result.pages == 1
    assert result.chars == len(result.text)
    assert result.words == len(tokenize(result.text))


def test_unknown_engine_is_a_user_error(files) -> None:
    with pytest.raises(UserError, match="unknown engine"):
        extract_document(files["good"], engine="tesseract")


# ---------------------------------------------------------------- commands


def run_extract(path: Path, out: Path, doc_id: str, *extra: str) -> dict:
    text, record = out / f"{doc_id}.txt", out / f"{doc_id}.json"
    status = extract_command(
        [str(path), "--doc-id", doc_id, "--text", str(text), "--record", str(record), *extra]
    )
    assert status == 0
    return json.loads(record.read_text(encoding="utf-8"))


def test_extract_command_writes_text_and_record(files, tmp_path: Path) -> None:
    record = run_extract(files["good"], tmp_path, "good", "--engine", "pypdfium2")
    assert set(record) == set(RECORD_COLUMNS) | {"engine", "dropped"}
    assert record["status"] == "ok" and record["engine"] == "pypdfium2"
    assert record["dropped"]["page_numbers"] == 1
    assert record["dropped_page_numbers"] == 1 and record["drop_warning"] is False
    assert 0 < record["dropped_share"] < 0.05
    assert record["seconds"] == round(record["seconds"], 1)
    text = (tmp_path / "good.txt").read_text(encoding="utf-8")
    assert len(text) == record["chars"] > 100


def test_extract_command_writes_empty_text_for_a_bad_file(files, tmp_path: Path) -> None:
    record = run_extract(files["encrypted"], tmp_path, "locked")
    assert record["status"] == "encrypted"
    assert (tmp_path / "locked.txt").read_text(encoding="utf-8") == ""
    missing = run_extract(tmp_path / "absent.pdf", tmp_path, "absent")
    assert missing["status"] == "missing"


def test_extraction_table_is_sorted_and_reproducible(files, tmp_path: Path) -> None:
    records = [
        tmp_path / "b.json",
        tmp_path / "a.json",
    ]
    run_extract(files["good"], tmp_path, "b")
    run_extract(files["image_only"], tmp_path, "a")
    out = tmp_path / "extraction.csv"
    assert extraction_table_command([*map(str, records), "--out", str(out)]) == 0
    first = out.read_bytes()
    rows = read_table(out)
    assert list(rows[0]) == TABLE_COLUMNS
    assert [row["doc_id"] for row in rows] == ["a", "b"]
    assert [row["status"] for row in rows] == ["no_text", "ok"]
    assert all(row["seconds"] == "" for row in rows)
    run_extract(files["good"], tmp_path, "b")
    extraction_table_command([*map(str, records), "--out", str(out)])
    assert out.read_bytes() == first
    extraction_table_command([*map(str, records), "--out", str(out), "--timings"])
    assert all(row["seconds"] != "" for row in read_table(out))


def test_strict_table_names_every_bad_document(files, tmp_path: Path, capsys) -> None:
    run_extract(files["good"], tmp_path, "good")
    run_extract(files["image_only"], tmp_path, "scan")
    run_extract(files["truncated"], tmp_path, "broken")
    out = tmp_path / "extraction.csv"
    argv = [str(tmp_path / f"{name}.json") for name in ("good", "scan", "broken")]
    assert main(["extraction-table", *argv, "--out", str(out), "--strict"]) == 2
    error = capsys.readouterr().err
    assert "scan (no_text: image-only PDF" in error and "broken (corrupt:" in error
    assert "good" not in error.split("strict mode")[1]
    assert len(read_table(out)) == 3


def test_extraction_table_rejects_a_broken_record(tmp_path: Path) -> None:
    record = tmp_path / "x.json"
    record.write_text('{"doc_id": "x"}', encoding="utf-8")
    with pytest.raises(UserError, match="x.json lacks status"):
        extraction_table_command([str(record), "--out", str(tmp_path / "t.csv")])


def test_ocr_request_without_ocrmypdf_says_so(files, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "")
    result = extract_document(files["image_only"], ocr=True)
    assert result.status == "no_text"
    assert "OCR requested but ocrmypdf is not installed" in result.message


def test_cross_check_names_pages_where_words_ran_together(files) -> None:
    from policytext.extract.engines import _cross_check, _pdfplumber_pages

    pages = list(_pdfplumber_pages(files["good"]))
    numbers = [page.number for page in pages]
    found = [sum(len(word.text.split()) for word in page.words) for page in pages]
    assert _cross_check(files["good"], numbers, found) == ([], len(pages))
    found[0] = 1  # as if every word on the first page had run into one
    (note,), _ = _cross_check(files["good"], numbers, found)
    assert "under 90% of pypdfium2's words on pages 1" in note


def test_outputs_are_identical_across_runs(files, tmp_path: Path) -> None:
    first = run_extract(files["good"], tmp_path / "one", "good")
    second = run_extract(files["good"], tmp_path / "two", "good")
    first.pop("seconds"), second.pop("seconds")
    assert first == second
    text_one = (tmp_path / "one" / "good.txt").read_bytes()
    assert text_one == (tmp_path / "two" / "good.txt").read_bytes()


def _pdf_with_a_shared_content_stream(path: Path, *, head: str, bodies: list[str]) -> None:
    """A PDF whose pages all draw one shared, Flate-compressed content stream (``head``,
    near the top) and then a stream of their own (one of ``bodies``, lower down)."""
    import zlib

    def stream(text: str, top: int) -> bytes:
        content = zlib.compress(f"BT /F1 12 Tf 72 {top} Td ({text}) Tj ET".encode("ascii"))
        length = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        return length + content + b"\nendstream"

    pages = len(bodies)
    first_page = 5 + pages
    kids = " ".join(f"{first_page + index} 0 R" for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(head, 780),
        *(stream(body, 600) for body in bodies),
        *(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents [4 0 R %d 0 R] >>" % (5 + index)
            for index in range(pages)
        ),
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    xref += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    path.write_bytes(body + xref + trailer % (len(objects) + 1, len(body)))


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
def test_pages_sharing_one_content_stream_are_all_read(tmp_path: Path, engine: str) -> None:
    # The pdfplumber engine takes each page's content streams out of pdfminer's object
    # cache when the page is done (pdfminer would keep every stream); a stream drawn again
    # by the next page must then be read again, not found missing or empty.
    path = tmp_path / "shared.pdf"
    bodies = ["Words of the first page.", "Words of the second page.", "Words of the third."]
    _pdf_with_a_shared_content_stream(path, head="Annual report of the board", bodies=bodies)
    result = extract_document(path, engine=engine, timeout=None)
    assert result.status == "ok", result.message
    assert [page.strip() for page in result.text.split("\f")] == bodies
    assert result.dropped["running_head_lines"] == 3  # the shared head, read on every page
    assert result.dropped["pdf_words"] == 3 * 5 + 5 + 5 + 4


def _draw_runs(path: Path, lines: list[list[tuple[str, str]]]) -> None:
    """A one-page PDF of ``lines``, each drawn as one text object of (font, text) runs in
    11 pt type, one line every 16 pt from the top."""
    page = canvas.Canvas(str(path), pagesize=A4)
    for row, parts in enumerate(lines):
        text = page.beginText(72, 780 - 16 * row)
        for font, words in parts:
            text.setFont(font, 11)
            text.textOut(words)
        page.drawText(text)
    page.save()


def test_pypdfium2_keeps_the_spaces_around_words_set_in_other_type(tmp_path: Path) -> None:
    # Each change of font starts a text run in the middle of a line, the space before the
    # next word belonging to the run after it: the runs must be cut where pdfium starts
    # them, or the space goes and the words run together.
    path = tmp_path / "mixed.pdf"
    _draw_runs(
        path,
        [
            [("Helvetica", "Which "), ("Helvetica-Bold", "interventions"), ("Helvetica", " equip")],
            [("Times-Roman", "the "), ("Times-Italic", "office"), ("Times-Roman", " went home")],
        ],
    )
    result = extract_document(path, engine="pypdfium2", timeout=None)
    assert result.text == "Which interventions equip the office went home\n"


def test_pypdfium2_keeps_the_space_after_an_italic_word_whose_last_glyph_overhangs(
    tmp_path: Path,
) -> None:
    # An italic f reaches past its advance into the next word's space (by a seventh of the
    # font size in Times-Italic): the roman run after it starts inside the italic run's box,
    # and must still be read as going on from it, space and all.
    path = tmp_path / "overhang.pdf"
    _draw_runs(
        path, [[("Times-Roman", "the "), ("Times-Italic", "staff"), ("Times-Roman", " of the")]]
    )
    result = extract_document(path, engine="pypdfium2", timeout=None)
    assert result.text == "the staff of the\n"


def test_pypdfium2_cuts_a_line_set_across_a_column_gutter(tmp_path: Path) -> None:
    # A typesetter may set a column's last lines and the lines beside them in the next column
    # as one text object each, the gutter a jump inside it: pdfium's rectangle then spans
    # both columns, and unless the run is cut at the gutter the rows are read across.
    left = [
        "Councils will publish a plan for each",
        "area, and the plan will say how people",
        "who use services took part in writing",
        "it and how their views changed it. The",
        "board reviews every plan in the spring",
        "and reports on them all to ministers.",
    ]
    right = [
        "Carers asked for shorter forms and for",
        "one named contact in each team. Both",
        "requests were met in two of the areas",
        "by the end of the year, and the others",
        "have set dates for doing the same in",
        "their own plans for the coming year.",
    ]
    path = tmp_path / "gutter.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica", 10)
    font = page.beginText().getCode().split()[1]  # the font's name in the page's resources
    # Ragged right, with a gutter of 1.4 em after the longest line.
    column = 72 + max(page.stringWidth(line, "Helvetica", 10) for line in left) + 14
    for row, (first, second) in enumerate(zip(left, right, strict=True)):
        top = 700 - 12 * row
        if row < 4:
            page.drawString(72, top, first)
            page.drawString(column, top, second)
        else:  # one text object across the gutter, a jump in thousandths of the size
            jump = (column - 72 - page.stringWidth(first, "Helvetica", 10)) * 100
            page.addLiteral(f"BT {font} 10 Tf 72 {top} Td [({first}) {-jump:.1f} ({second})] TJ ET")
    page.save()
    result = extract_document(path, engine="pypdfium2", timeout=None)
    words = " ".join(result.text.split())
    assert " ".join(left) in words
    assert " ".join(right) in words


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
def test_a_pdf_opened_again_every_few_pages_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    # pdfium keeps what it parsed until the document is closed, so a long document is
    # opened again every PAGES_PER_OPENING pages (the pypdfium2 engine; the pdfplumber
    # engine's word-count check): the pages must come out as from one opening.
    import policytext.extract.engines as extract

    path = tmp_path / "long.pdf"
    build_pdf(path, make_paragraphs(30, seed=4), Layout(columns=2, page_numbers=True))
    once = extract_document(path, engine=engine, timeout=None)
    monkeypatch.setattr(extract, "PAGES_PER_OPENING", 2)
    again = extract_document(path, engine=engine, timeout=None)
    assert once.pages > 4
    assert again.text == once.text
    assert again.record() | {"seconds": 0} == once.record() | {"seconds": 0}


def test_pypdfium2_reads_a_pages_rules_while_the_page_is_open(tmp_path: Path) -> None:
    # A page's ruling lines are read only when the layout asks for them, which it does
    # while the page is open; once the page is closed, rules not read by then raise an
    # error instead of reading freed memory.
    from policytext.extract.engines import _pdfium_pages

    path = tmp_path / "ruled.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        page.drawString(72, 700, "Above the rule")
        page.line(72, 690, 300, 690)
        page.showPage()
    page.save()
    pages = _pdfium_pages(path)
    first = next(pages)
    (rule,) = list(first.rules)
    assert rule == pytest.approx((72, A4[1] - 690, 300, A4[1] - 690), abs=1.5)
    second = next(pages)  # the first page is closed now
    assert list(first.rules) == [rule]  # read while it was open, and kept
    pages.close()  # closes the second page, its rules never read
    with pytest.raises(RuntimeError):
        list(second.rules)


TYPESET_PDF = Path(__file__).parents[1] / "data" / "typeset" / "pdf"


def _without_unicode_maps(source: Path, target: Path) -> Path:
    """``source`` with its fonts' ``ToUnicode`` maps unnamed (a name of the same length,
    so that the file's offsets hold): their glyphs map to no text, as in PDFs from tools
    that leave the maps out."""
    target.write_bytes(source.read_bytes().replace(b"/ToUnicode", b"/XoUnicode"))
    return target


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
def test_text_without_unicode_is_left_out_and_named(tmp_path: Path, engine: str) -> None:
    """LibreOffice's fonts (CID-keyed) without their ToUnicode maps read as pdfminer's
    ``(cid:N)`` and as pdfium's control characters: a document's worth of junk tokens, or
    an 'image-only' message, before. Such pages are left out, counted, and named."""
    import pypdfium2

    unmapped = _without_unicode_maps(TYPESET_PDF / "lo_two_columns.pdf", tmp_path / "u.pdf")
    whole = extract_document(unmapped, engine=engine, timeout=None)
    assert whole.status == "no_text"
    assert "Unicode" in whole.message and "image-only" not in whole.message
    # A readable page before the two unmapped ones reads as it does alone (its running
    # head aside: judged against the document's other pages, it is kept).
    readable = pypdfium2.PdfDocument(TYPESET_PDF / "lo_one_column.pdf")
    for name in ("alone", "mixed"):
        document = pypdfium2.PdfDocument.new()
        document.import_pages(readable, [0])
        if name == "mixed":
            document.import_pages(pypdfium2.PdfDocument(unmapped))
        document.save(tmp_path / f"{name}.pdf")
    result = extract_document(tmp_path / "mixed.pdf", engine=engine, timeout=None)
    alone = extract_document(tmp_path / "alone.pdf", engine=engine, timeout=None)
    assert result.status == "ok"
    assert "pages 2, 3" in result.message and "Unicode" in result.message
    assert result.dropped["pages_without_unicode"] == 2
    words, alone_words = tokenize(result.text), tokenize(alone.text)
    assert " ".join(alone_words) in " ".join(words) and len(words) - len(alone_words) <= 8
    assert "cid" not in words and len(alone_words) > 200


def _type3_page(target: Path, lines: list[str]) -> Path:
    """A page of ``lines`` typeset by matplotlib in its Type 3 fonts, whose glyph codes are
    the characters themselves, with the fonts' ``ToUnicode`` maps unnamed: as TeX's
    bitmap fonts and many printer drivers write text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"pdf.fonttype": 3}):
        figure = plt.figure(figsize=(8.27, 11.69))
        for index, line in enumerate(lines):
            figure.text(0.08, 0.92 - 0.03 * index, line, fontsize=10)
        figure.savefig(target.with_suffix(".mapped.pdf"))
        plt.close(figure)
    return _without_unicode_maps(target.with_suffix(".mapped.pdf"), target)


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
def test_glyph_codes_that_are_letters_are_read(tmp_path: Path, engine: str) -> None:
    """Fonts without Unicode maps whose glyph codes are the letters (pdfium reads a glyph
    as its code) are read, not left out: with pypdfium2, TeX Live's Type 3 documentation
    PDFs (a 24-page thesis, a journal's class guide) were 'no_text' before. pdfium reads
    a ligature's code as a control character ('financial' as 'nancial': matplotlib sets
    'fi' as one glyph), which the message says; pdfminer reads it by its glyph's name."""
    lines = [line.strip() + "." for line in make_paragraphs(2, seed=11)[0].split(". ")[:12]]
    source = _type3_page(tmp_path / "type3.pdf", lines)
    result = extract_document(source, engine=engine, timeout=None)
    assert result.status == "ok", result.message
    assert result.dropped["pages_without_unicode"] == 0
    truth, found = tokenize(" ".join(lines)), tokenize(result.text)
    if engine == "pdfplumber":
        assert found == truth
        return
    assert "read from their glyphs' codes" in result.message and "(pages 1)" in result.message
    whole = [word for word in truth if "fi" not in word and "fl" not in word]
    assert [word for word in found if word in set(whole)] == whole
    assert len(found) == len(truth) > len(whole)  # each word read, some without 'fi'


def test_glyph_numbers_read_as_shifted_letters_are_left_out(tmp_path: Path) -> None:
    """Chromium's fonts without their maps read, with pdfium, as letters shifted along the
    alphabet (``2XWFRPHV`` for ``Outcomes``): printable, but no text; still left out."""
    unmapped = _without_unicode_maps(TYPESET_PDF / "ch_two_columns.pdf", tmp_path / "u.pdf")
    result = extract_document(unmapped, engine="pypdfium2", timeout=None)
    assert result.status == "no_text" and "Unicode" in result.message


def test_reads_as_text_tells_letters_from_glyph_numbers() -> None:
    """Prose in English, Gaelic and capitals-led titles reads as text; the same prose
    shifted as glyph numbers shift it, control characters, and Cyrillic read as Latin-1
    do not."""
    prose = (
        "Integrated health and social care partnerships plan services with the people "
        "who use them, and with their carers, across every part of Scotland."
    )
    gaelic = "Tha na com-pàirteachasan a' dealbhadh sheirbheisean còmhla ris na daoine."
    assert reads_as_text(prose) and reads_as_text(gaelic)
    assert reads_as_text("Shaping Services Together: A Review Of Co-production In Scotland")
    shifted = "".join(chr(ord(char) - 29) if char != " " else " " for char in prose)
    assert not reads_as_text(shifted)
    assert not reads_as_text("".join(chr(1 + ord(char) % 30) for char in prose))
    cyrillic = "Министерство науки и высшего образования Российской Федерации, Москва"
    assert not reads_as_text(cyrillic.encode("cp1251").decode("latin-1"))
    assert not reads_as_text("Co-production")  # too few letters to tell


def test_characters_beyond_the_basic_plane_keep_their_runs_in_place(tmp_path: Path) -> None:
    """pdfium lists a mathematical letter or an emoji as two halves (or, in LuaLaTeX's
    PDFs, whole) while its text counts them otherwise: every run after the first such
    character took its neighbours' words before ('a nd', 'therate'; 135 of 504 words of
    a Chromium page read in place). Lines typeset by matplotlib read whole, in order."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lines = [
        f"Outcomes improved for {count} people where the rate 𝑟 rose in area 𝑛 {count}."
        for count in range(20)
    ]
    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Serif"}):
        figure = plt.figure(figsize=(8.27, 11.69))
        for index, line in enumerate(lines):
            figure.text(0.08, 0.92 - 0.03 * index, line, fontsize=10)
        figure.savefig(tmp_path / "plane.pdf")
        plt.close(figure)
    result = extract_document(tmp_path / "plane.pdf", engine="pypdfium2", timeout=None)
    assert tokenize(result.text) == tokenize(" ".join(lines))
    assert "\ufffd" not in result.text  # no half of a character left alone


def test_a_page_of_glyphs_without_widths_is_unmeasured() -> None:
    """pdfminer places a glyph of a font it could not read where the one before it
    starts (no width): most such glyphs on a page send it to pdfium; a few do not."""

    def chars(widths: list[float]) -> list[dict[str, object]]:
        return [{"text": "a", "x0": 10.0, "x1": 10.0 + width} for width in widths]

    spaces = [{"text": " ", "x0": 0.0, "x1": 0.0}] * 20
    assert _mostly_unmeasured(_printed(chars([0.0] * 6 + [5.0] * 4) + spaces))
    assert not _mostly_unmeasured(_printed(chars([0.0] * 4 + [5.0] * 6) + spaces))


def test_a_page_mostly_in_a_right_to_left_script_goes_to_pdfium() -> None:
    def chars(text: str) -> list[dict[str, object]]:
        return [{"text": char} for char in text]

    assert _mostly_right_to_left(chars("שירותי בריאות 2024 and care"))
    assert _mostly_right_to_left(chars("الرعاية الصحية والاجتماعية"))
    assert not _mostly_right_to_left(chars("Integration, 2014: שירותי"))
    assert not _mostly_right_to_left(chars("Café, naïve, Gàidhlig"))


def _with_page_misplaced(source: Path, target: Path) -> Path:
    """``source`` with its last page object's entry in the cross-reference table one byte
    off (as in a TeX Live thesis whose table misses 68 objects by a byte): pdfminer skips
    the page, silently; pdfium cannot load it."""
    import re

    data = source.read_bytes()
    page = [int(m.group(1)) for m in re.finditer(rb"(\d+) 0 obj\s*<<\s*/Type\s*/Page\b", data)][-1]
    table = data.rfind(b"\nxref")
    header = re.match(rb"\nxref\s*\n(\d+) (\d+)\s*\n", data[table:])
    assert header is not None
    entry = table + header.end() + 20 * (page - int(header.group(1)))
    offset = int(data[entry : entry + 10]) + 1
    target.write_bytes(data[:entry] + b"%010d" % offset + data[entry + 10 :])
    return target


def test_a_page_no_parser_can_find_is_named_and_none_is_lost_silently(tmp_path: Path) -> None:
    """pdfium could not load a page whose object is misplaced and raised a traceback; the
    pdfplumber engine read the page before it alone, status ok, with no word of the
    other (a 5-page TeX Live manual read as its last page). Now the page is named as
    missing, and a document where pdfminer finds fewer pages than pdfium counts is read
    with pdfium, as the message says."""
    source = _with_page_misplaced(TYPESET_PDF / "lo_two_columns.pdf", tmp_path / "lost.pdf")
    for engine in ("pypdfium2", "pdfplumber"):
        result = extract_document(source, engine=engine, timeout=None)
        assert result.status == "ok" and result.pages == 2, engine
        assert "pages 2 could not be parsed and are missing" in result.message, engine
    assert "pdfminer found 1 of the PDF's 2 pages" in result.message
    assert result.engine == "pypdfium2"
