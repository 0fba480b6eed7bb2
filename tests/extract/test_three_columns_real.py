"""Reading order on a real three-column document with sidebars (issue #11).

The 2007 IRS instructions for Form 1040NR (in ``shared/corpus/layouts``, never committed)
are set in three narrow columns, with CAUTION and TIP notes beside an icon (the note's
first lines wrap round the icon, the rest run on under it) and a full-width title block.
There is no truth text, so the test holds sentences read off the printed pages by eye
(``pdftotext -layout`` and the rendered pages), each of which crosses a column break, a
page break or the lines round an icon: each must come out unbroken, with no sidebar, label
or heading spliced into it. Only the first four pages are read (copied into a temporary
PDF), so that the test takes seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.extract.engines import extract_document
from policytext.text import tokenize
from tests.support.cases import cases_with_known_gaps
from tests.support.paths import PROJECT

NAME = "us_irs_2007_instructions_1040nr_three_column.pdf"
#: ``shared/`` beside the repository, or beside the folder of git worktrees holding it.
SOURCE = next(
    (
        folder / NAME
        for folder in (
            PROJECT.parent / "shared" / "corpus" / "layouts",
            PROJECT.parent.parent / "shared" / "corpus" / "layouts",
        )
        if (folder / NAME).is_file()
    ),
    PROJECT.parent / "shared" / "corpus" / "layouts" / NAME,
)
PAGES = 4

pytestmark = pytest.mark.skipif(
    not SOURCE.is_file(),
    reason=f"{NAME} not found at {SOURCE} (a real PDF kept in shared/, outside the repo)",
)

#: Sentences checked by eye on pages 1-4, by what they cross.
SENTENCES = {
    "p1_column_1_to_2": (
        "If you are filing the return for an estate or trust, you will use a different "
        "address this year."
    ),
    "p1_column_2_to_3": (
        "You may be able to take an IRA deduction if you were covered by a retirement plan "
        "and your 2008 modified AGI is less than $63,000 ($105,000) if a qualifying "
        "widow(er))."
    ),
    "p1_caution_note": (
        "At the time these instructions went to print, Congress was considering legislation "
        "that would increase the amounts above."
    ),
    "p1_before_caution_note": (
        "The AMT exemption amount is decreased to $33,750 ($45,000 if a qualifying "
        "widow(er); $22,500 if married filing separately)."
    ),
    "p1_after_caution_note": (
        "If you were covered by a retirement plan, you may be able to take an IRA deduction "
        "if your 2007 modified adjusted gross income (AGI) is less than $62,000 ($103,000 "
        "if a qualifying widow(er))."
    ),
    "p2_column_2_to_3": (
        "Generally, you are treated as present in the United States on any day that you are "
        "physically present in the country at any time during the day."
    ),
    "p3_column_1_to_2": (
        "A personal representative can be an executor, administrator, or anyone who is in "
        "charge of the deceased person's property."
    ),
    "p3_caution_note_first": (
        "A child born on January 1, 1990, is considered to be age 18 at the end of 2007."
    ),
    "p3_caution_note_second": "Do not use Form 8814 for such a child.",
    "p3_column_2_to_3": (
        "On one of the dividend payments, the withholding agent incorrectly withheld at a "
        "rate of 30% (instead of 15%)."
    ),
    "p3_to_p4_page_break": (
        "Also, enter the type of income (for example, dividends, royalties) and amount in "
        "the appropriate space."
    ),
    "p3_caution_note_in_column_2": (
        "If you are filing Form 1040NR for a foreign trust, you may have to file Form "
        "3520-A, Annual Information Return of Foreign Trust With a U.S. Owner, on or before "
        "March 17, 2008."
    ),
}

#: (engine, sentence) cases that still fail, with what the engine does there (none now:
#: the title block's right-hand lines, 'Department of the Treasury Internal Revenue
#: Service', were read inside p1_column_2_to_3 until a run's title block was read apart).
KNOWN_GAPS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def first_pages(tmp_path_factory) -> Path:
    """The document's first pages, copied into a PDF of their own."""
    import pypdfium2

    source = pypdfium2.PdfDocument(SOURCE)
    copy = pypdfium2.PdfDocument.new()
    copy.import_pages(source, list(range(PAGES)))
    path = tmp_path_factory.mktemp("irs") / "first_pages.pdf"
    copy.save(path)
    copy.close()
    source.close()
    return path


@pytest.fixture(scope="module")
def words_read(first_pages) -> dict[str, str]:
    """Each engine's text of the first pages, as tokens joined by single spaces."""
    texts = {}
    for engine in ("pdfplumber", "pypdfium2"):
        result = extract_document(first_pages, engine=engine, timeout=None)
        assert result.status == "ok", result.message
        texts[engine] = f" {' '.join(tokenize(result.text))} "
    return texts


def _cases() -> list[object]:
    """Every (engine, sentence) case; the known gaps marked as strict expected failures."""
    pairs = [(engine, name) for engine in ("pdfplumber", "pypdfium2") for name in SENTENCES]
    return cases_with_known_gaps(pairs, KNOWN_GAPS, ids=True)


@pytest.mark.parametrize(("engine", "name"), _cases())
def test_sentence_across_a_break_is_read_unbroken(words_read, engine, name) -> None:
    sentence = " ".join(tokenize(SENTENCES[name]))
    text = words_read[engine]
    assert f" {sentence} " in text, (
        f"{engine} breaks {name!r}; its first words are read as: "
        f"{text[text.find(sentence[:30]) :][:300] if sentence[:30] in text else 'not found'}"
    )


@pytest.mark.parametrize("engine", ["pdfplumber", "pypdfium2"])
def test_title_block_beside_the_columns_gutter_is_read_before_the_columns(
    words_read, engine
) -> None:
    """Page 1's title block: '2007' and the form's title on the left, the issuing
    department on the right, over the gutter between the second and third columns and far
    above their text. The department's lines are read with the title, before the first
    column's first sentence."""
    text = words_read[engine]
    department = " ".join(tokenize("Internal Revenue Service"))
    first_column = " ".join(tokenize("Section references are to the Internal Revenue Code"))
    title = " ".join(tokenize("U.S. Nonresident Alien Income Tax Return"))
    assert -1 < text.find(department) < text.find(title) < text.find(first_column)
