"""Layout by region on small drawn PDFs: columns under full-width blocks, tables, margins,
turned pages, page boundaries and the record of what was dropped (issue #11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.extract.engines import extract_document, extraction_table
from policytext.io import read_table
from policytext.text.tokenize import paragraphs, tokenize
from tests.support.pages import FONT, new_pdf, sentences, wrap
from tests.support.scoring import score_text

ENGINES = ["pdfplumber", "pypdfium2"]
TABLE = [["Area", "Budget", "Staff", "Target", "Year"]] + [
    [name, str(100 * i), str(10 * i), str(i), str(2020 + i)]
    for i, name in enumerate(["Lothian", "Grampian", "Highland", "Fife"], start=1)
]


def read(path: Path, engine: str, **options) -> object:
    return extract_document(path, engine=engine, timeout=None, **options)


@pytest.fixture(scope="module")
def title_over_columns(tmp_path_factory) -> tuple[Path, str]:
    """A full-width title and abstract above two columns, as in a conference paper."""
    path = tmp_path_factory.mktemp("regions") / "title.pdf"
    canvas, sheet = new_pdf(path)
    y = sheet.block("Partnership working in community care", 60, 50, 475, size=16)
    y = sheet.block(" ".join(sentences(5, seed=1)), 60, y, 475)
    sheet.columns(sentences(24, seed=2), y + 10)
    canvas.save()
    return path, "\n".join(sheet.truth)


@pytest.fixture(scope="module")
def table_across_columns(tmp_path_factory) -> tuple[Path, str]:
    """Two columns, a full-width table of short cells, two columns again."""
    path = tmp_path_factory.mktemp("regions") / "table.pdf"
    canvas, sheet = new_pdf(path)
    y = sheet.columns(sentences(10, seed=3), 60)
    y = sheet.table(TABLE, y + 10, ruled=False)
    sheet.columns(sentences(10, seed=4), y + 10)
    canvas.save()
    return path, "\n".join(sheet.truth)


def read_in_order(sample: tuple[Path, str], engine: str) -> object:
    """Extract a drawn sample and check its words come out whole and in order."""
    path, truth = sample
    result = read(path, engine)
    score = score_text(truth, result.text)
    recall, precision = score.recall, score.precision
    assert recall >= 0.995 and precision >= 0.995, (recall, precision)
    return result


@pytest.mark.parametrize("engine", ENGINES)
def test_full_width_title_and_abstract_break_the_column_flow(title_over_columns, engine) -> None:
    read_in_order(title_over_columns, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_full_width_table_breaks_two_columns(table_across_columns, engine) -> None:
    result = read_in_order(table_across_columns, engine)
    assert "Grampian" not in result.text
    assert result.dropped_tables == 5 * len(TABLE)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("ruled", [False, True])
def test_table_narrower_than_the_page_still_closes_the_columns_above(
    tmp_path, engine, ruled
) -> None:
    """A full-width table whose cells end inside the first column leaves the gutter free
    through it; the columns above are still read before it, and those below after it."""
    path = tmp_path / "narrow_table.pdf"
    canvas, sheet = new_pdf(path)
    y = sheet.columns(sentences(8, seed=21), 60)
    y = sheet.table(TABLE, y + 16, ruled=ruled, width=200)
    sheet.columns(sentences(8, seed=22), y + 16)
    canvas.save()
    result = read_in_order((path, "\n".join(sheet.truth)), engine)
    assert "Grampian" not in result.text


@pytest.mark.parametrize("engine", ENGINES)
def test_figure_across_the_columns_closes_them_and_one_inside_a_column_does_not(
    tmp_path, engine
) -> None:
    """An empty band across both columns (a chart without a text layer) breaks them; the
    same space inside the second column, beside the first column's running text, does not."""
    across, inside = tmp_path / "across.pdf", tmp_path / "inside.pdf"
    canvas, sheet = new_pdf(across)
    y = sheet.columns(sentences(6, seed=23), 60)
    sheet.columns(sentences(8, seed=24), y + 150)
    canvas.save()
    read_in_order((across, "\n".join(sheet.truth)), engine)
    canvas, sheet = new_pdf(inside)
    y = 60.0
    for paragraph in sentences(10, seed=25):
        y = sheet.block(paragraph, 60, y, 227)
    y = 60.0
    for index, paragraph in enumerate(sentences(6, seed=26)):
        y = sheet.block(paragraph, 307, y + (150 if index == 3 else 0), 227)
    canvas.save()
    read_in_order((inside, "\n".join(sheet.truth)), engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_one_justified_line_with_wide_gaps_is_no_table_row(tmp_path, engine) -> None:
    """Three columns, the middle one's lines set half a line lower (as below a heading):
    the one-word last line of a paragraph in the first column and a short line spread
    across the third (justified) make a row with a table row's gaps. One such row is no
    table, so it must not cut the columns into runs read across each other."""
    path = tmp_path / "justified.pdf"
    canvas, sheet = new_pdf(path)
    columns = [wrap(" ".join(sentences(6, seed=seed)), 145, 9)[:16] for seed in (27, 28, 29)]
    columns[0][6] = "funded."
    columns[2][6] = "Care   is   in   plan"
    canvas.setFont(FONT, 9)
    for x, drop, lines in zip((60, 225, 390), (0, 5, 0), columns, strict=True):
        for index, line in enumerate(lines):
            y = sheet.height - 80 - drop - 11 * index
            if "   " in line:
                for word, offset in zip(line.split(), (0, 40, 80, 115), strict=True):
                    canvas.drawString(x + offset, y, word)
            else:
                canvas.drawString(x, y, line)
    canvas.save()
    read_in_order((path, "\n".join(" ".join(lines) for lines in columns)), engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("every", [1, 5])
def test_margin_line_numbers_are_dropped_and_their_lines_kept(tmp_path, engine, every) -> None:
    path = tmp_path / "numbered.pdf"
    canvas, sheet = new_pdf(path)
    lines = sentences(25, seed=5, words=7)
    canvas.setFont("Helvetica", 11)
    for index, line in enumerate(lines, start=1):
        y = sheet.height - 80 - 22 * index
        if index % every == 0:
            canvas.drawRightString(70, y, str(index))
        canvas.drawString(90, y, line)
    canvas.save()
    result = read(path, engine)
    score = score_text(" ".join(lines), result.text)
    recall, precision = score.recall, score.precision
    assert recall == 1.0 and precision == 1.0, result.text[:300]
    assert result.dropped_margin_numbers == 25 // every
    assert result.dropped_tables == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_wide_gaps_make_a_table_only_with_rules(tmp_path, engine) -> None:
    """Two-part lines (a label and its text at a tab stop) stay prose unless ruled."""
    texts = {}
    for ruled in (False, True):
        path = tmp_path / f"tabs_{ruled}.pdf"
        canvas, sheet = new_pdf(path)
        canvas.setFont("Helvetica", 10)
        for index, line in enumerate(sentences(6, seed=6, words=6)):
            y = sheet.height - 100 - 16 * index
            canvas.drawString(60, y, f"Item {index + 1}")
            canvas.drawString(200, y, line)
            if ruled:
                canvas.line(60, y - 4, 500, y - 4)
        canvas.save()
        texts[ruled] = read(path, engine)
    assert texts[False].dropped_tables == 0 and "Item 3" in texts[False].text
    ruled = texts[True]
    assert ruled.dropped_tables == ruled.dropped["pdf_words"] and ruled.status == "no_text"
    assert "image-only" not in ruled.message and "left out" in ruled.message


@pytest.fixture(scope="module")
def turned(tmp_path_factory) -> tuple[Path, list[str]]:
    """Page 1 /Rotate 90 with text drawn turned; page 2 text running down a portrait sheet;
    page 3 upright text with a rotated axis label."""
    path = tmp_path_factory.mktemp("regions") / "turned.pdf"
    canvas, sheet = new_pdf(path)
    parts = [sentences(12, seed=seed, words=9) for seed in (7, 8, 9)]
    for page, angle in ((0, 90), (1, -90)):
        if page == 0:
            canvas.setPageRotation(90)
        canvas.saveState()
        if angle == 90:
            canvas.translate(sheet.width, 0)
        else:
            canvas.translate(0, sheet.height)
        canvas.rotate(angle)
        canvas.setFont("Helvetica", 10)
        for index, line in enumerate(parts[page]):
            canvas.drawString(60, sheet.width - 60 - 14 * index, line)
        canvas.restoreState()
        canvas.showPage()
        canvas.setPageRotation(0)
    canvas.setFont("Helvetica", 10)
    for index, line in enumerate(parts[2]):
        canvas.drawString(80, sheet.height - 80 - 14 * index, line)
    canvas.saveState()
    canvas.translate(40, 400)
    canvas.rotate(90)
    canvas.drawString(0, 0, "Rate per 10,000 tokens")
    canvas.restoreState()
    canvas.save()
    return path, [" ".join(part) for part in parts]


@pytest.mark.parametrize("engine", ENGINES)
def test_turned_pages_are_read_and_stray_labels_counted(turned, engine) -> None:
    path, truth = turned
    result = read(path, engine)
    assert result.status == "ok"
    pages = result.text.split("\f")
    assert len(pages) == 3
    for page, expected in zip(pages, truth, strict=True):
        score = score_text(expected, page)
        assert (score.recall, score.precision) == (1.0, 1.0), page[:200]
    assert result.dropped_rotated == len(tokenize("Rate per 10,000 tokens"))
    assert result.dropped["examples"]["rotated_words"]


def test_form_feeds_mark_pages_and_do_not_glue_paragraphs(turned) -> None:
    path, _ = turned
    text = read(path, "pdfplumber").text
    assert text.count("\f") == 2
    assert all("\f" not in token for token in tokenize(text))
    assert all("\f" not in paragraph for paragraph in paragraphs(text))
    assert len(paragraphs(text)) >= 3


@pytest.mark.parametrize("engine", ENGINES)
def test_margin_labels_are_not_spliced_into_sentences(tmp_path, engine) -> None:
    """A CAUTION label in small type beside an indented paragraph (as in IRS instructions)."""
    path = tmp_path / "caution.pdf"
    canvas, sheet = new_pdf(path)
    lines = sentences(8, seed=10, words=8)
    for index, line in enumerate(lines):
        y = sheet.height - 100 - 12 * index
        canvas.setFont("Helvetica", 10)
        indent = 100 if 2 <= index <= 5 else 60
        canvas.drawString(indent, y, line)
    canvas.setFont("Helvetica-Bold", 5)
    canvas.drawString(62, sheet.height - 100 - 12 * 3, "CAUTION")
    canvas.save()
    text = " ".join(read(path, engine).text.split())
    assert all(line in text for line in lines), text
    assert text.count("CAUTION") == 1


def test_heavy_losses_are_warned_and_short_documents_flagged(tmp_path) -> None:
    path = tmp_path / "tables.pdf"
    canvas, sheet = new_pdf(path)
    y = sheet.block(" ".join(sentences(3, seed=11)), 60, 60, 475)
    rows = TABLE + [[f"Area{i}", "1", "2", "3", "4"] for i in range(30)]
    sheet.table(rows, y, ruled=True)
    canvas.save()
    result = read(path, "pdfplumber")
    assert result.status == "ok" and result.drop_warning
    assert result.dropped_share > 0.5
    assert "pages 1 (" in result.message and "mostly tables" in result.message
    records = [
        {**result.record(), "doc_id": "tables"},
        *(
            {**result.record(), "doc_id": f"long{i}", "words": 1000, "drop_warning": False}
            for i in range(3)
        ),
        {**result.record(), "doc_id": "broken", "status": "corrupt", "words": 0},
    ]
    extraction_table(records, tmp_path / "extraction.csv")
    rows = {row["doc_id"]: row for row in read_table(tmp_path / "extraction.csv")}
    assert rows["tables"]["short"] == "true" and rows["long0"]["short"] == "false"
    assert rows["broken"]["short"] == ""
    assert float(rows["tables"]["dropped_share"]) == result.dropped_share


@pytest.mark.parametrize("engine", ENGINES)
def test_columns_with_a_narrow_gutter_are_read_one_after_the_other(tmp_path, engine) -> None:
    # A gutter of 0.82 em (8.2 pt at 10 pt type; LaTeX's two-column default is 1 em, and
    # dense newsletters go narrower) is still a gutter: wider than a word space, and
    # free in every row of the columns.
    path = tmp_path / "narrow.pdf"
    canvas, sheet = new_pdf(path)
    sheet.columns(sentences(24, seed=12), 60, gutter=8.2)
    canvas.save()
    read_in_order((path, "\n".join(sheet.truth)), engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_spaced_letters_and_text_printed_twice_are_read_as_words(tmp_path, engine) -> None:
    """Designed reports set headings with wide letter-spacing ("S U M M A R Y"), and fake
    bold prints a heading twice a fraction of a point apart: pdfminer's characters read as
    one letter a word, or each letter twice (``IInntteeggrraattiioonn``)."""
    path = tmp_path / "headings.pdf"
    canvas, sheet = new_pdf(path)
    spaced = "A GUIDE TO CO-PRODUCTION IN CARE"
    heading = canvas.beginText(60, sheet.height - 80)
    heading.setFont(FONT, 14)
    heading.setCharSpace(4)  # 0.29 em between letters, 0.85 em between words
    heading.textLine(spaced)
    heading.setCharSpace(0)
    canvas.drawText(heading)
    bold = "Integration of health and social care"
    canvas.setFont(FONT, 12)
    for shift in (0.0, 0.4):
        canvas.drawString(60 + shift, sheet.height - 110, bold)
    body = wrap(" ".join(sentences(12, seed=31, words=11)), sheet.width - 120, 10)
    canvas.setFont(FONT, 10)
    for row, line in enumerate(body):
        canvas.drawString(60, sheet.height - 140 - 13 * row, line)
    # A line of the body's own letters set a touch apart (tracking under the tolerance).
    tracked = canvas.beginText(60, sheet.height - 140 - 13 * len(body))
    tracked.setFont(FONT, 10)
    tracked.setCharSpace(1)
    tracked.textLine("We set out how we will work in a new way.")
    canvas.drawText(tracked)
    canvas.save()
    text = read(path, engine).text
    expected = [spaced, bold, *body, "We set out how we will work in a new way."]
    assert tokenize(text) == tokenize(" ".join(expected))
