"""Reading order and cleaning on generated PDFs with known text, with both engines."""

from __future__ import annotations

import random
import statistics
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from policytext.extract import layout
from policytext.extract.blocks import GroupedBlock
from policytext.extract.engines import extract_document
from policytext.extract.layout import PageWords, Word, join_lines, layout_text, prose_words
from policytext.text.tokenize import tokenize
from tests.support.pages import sentences
from tests.support.samples import (
    SAMPLE_TABLE,
    Layout,
    build_pdf,
    make_paragraphs,
)
from tests.support.scoring import score_text

ENGINES = ["pdfplumber", "pypdfium2"]
HEADER = "Scottish Policy Review 2024"

LAYOUTS = {
    "one_column": Layout(header=HEADER, page_numbers=True),
    "two_columns": Layout(columns=2, header=HEADER, page_numbers=True),
    "three_columns_small_type": Layout(columns=3, font_size=8, page_numbers=True),
    "footnote": Layout(columns=2, footnotes=["Audit Scotland report on integration, 2018."]),
    "table": Layout(table=SAMPLE_TABLE),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Every layout drawn once: name -> (pdf, ground truth)."""
    folder = tmp_path_factory.mktemp("layouts")
    built = {}
    for seed, (name, drawing) in enumerate(LAYOUTS.items(), start=1):
        paragraphs = make_paragraphs(14, seed=seed, ligatures=True)
        built[name] = (
            folder / f"{name}.pdf",
            build_pdf(folder / f"{name}.pdf", paragraphs, drawing),
        )
    return built


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_reads_words_in_order(samples, name: str, engine: str) -> None:
    path, truth = samples[name]
    result = extract_document(path, engine=engine, timeout=None)
    score = score_text(truth, result.text)
    assert result.status == "ok"
    assert score.recall >= 0.995, f"{name}/{engine}: recall {score.recall:.4f}"
    assert score.precision >= 0.995, f"{name}/{engine}: precision {score.precision:.4f}"


@pytest.mark.parametrize("engine", ENGINES)
def test_running_heads_and_page_numbers_are_dropped_and_recorded(samples, engine: str) -> None:
    path, _ = samples["two_columns"]
    result = extract_document(path, engine=engine, timeout=None)
    assert "Scottish Policy Review" not in result.text
    assert result.dropped["running_head_lines"] == result.pages
    assert result.dropped["page_numbers"] == result.pages
    assert HEADER in result.dropped["examples"]["running_head_lines"]


@pytest.mark.parametrize("engine", ENGINES)
def test_two_columns_read_left_column_first(samples, engine: str) -> None:
    path, truth = samples["two_columns"]
    text = extract_document(path, engine=engine, timeout=None).text
    first_paragraph = truth.split("\n\n")[0]
    # The first paragraph is long enough to wrap over many lines of the left column.
    assert tokenize(first_paragraph) == tokenize(text)[: len(tokenize(first_paragraph))]


@pytest.mark.parametrize("engine", ENGINES)
def test_footnote_marker_is_dropped_and_note_follows_body(samples, engine: str) -> None:
    path, truth = samples["footnote"]
    result = extract_document(path, engine=engine, timeout=None)
    assert result.dropped["footnote_markers"] >= 1
    body_words = tokenize(truth.split("\n\n")[0])
    assert tokenize(result.text)[: len(body_words)] == body_words
    assert "Audit Scotland report on integration, 2018." in result.text


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("mode", ["drop", "mark", "keep"])
def test_table_rows_follow_the_tables_option(samples, engine: str, mode: str) -> None:
    path, truth = samples["table"]
    result = extract_document(path, engine=engine, timeout=None, tables=mode)
    if mode == "drop":
        assert "Grampian" not in result.text
        assert result.dropped["table_cells"] == 16
        assert score_text(truth, result.text).precision >= 0.995
    elif mode == "mark":
        assert "[table]\nArea | Budget | Staff | Target\nLothian | 4200 | 310 | 2025" in result.text
    else:
        assert "Grampian 3100 255 2026" in result.text


@pytest.mark.parametrize("engine", ENGINES)
def test_ligatures_are_unfolded(samples, engine: str) -> None:
    path, truth = samples["one_column"]
    text = extract_document(path, engine=engine, timeout=None).text
    assert "\ufb01" not in text and "\ufb00" not in text
    assert "financial" in tokenize(truth) and "financial" in tokenize(text)


@pytest.mark.parametrize("engine", ENGINES)
def test_small_type_words_are_not_run_together(samples, engine: str) -> None:
    path, truth = samples["three_columns_small_type"]
    text = extract_document(path, engine=engine, timeout=None).text
    vocabulary = set(tokenize(truth))
    unknown = [word for word in tokenize(text) if word not in vocabulary]
    assert unknown == []


def test_paragraph_breaks_are_kept(samples) -> None:
    path, truth = samples["one_column"]
    text = extract_document(path, timeout=None).text
    assert [tokenize(p) for p in text.split("\n\n")] == [tokenize(p) for p in truth.split("\n\n")]


# ---------------------------------------------------------------- hyphenation, unit level


@pytest.mark.parametrize(
    ("lines", "vocabulary", "expected"),
    [
        (["the financ-", "ial year"], {}, "the financial year"),
        (["co-", "production matters"], {}, "co-production matters"),
        (["co-", "production"], {"coproduction": 3}, "coproduction"),
        (["care is person-", "centred"], {"person-centred": 2}, "care is person-centred"),
        (["the re-", "port"], {"report": 1}, "the report"),
        (["non-", "EU nationals"], {}, "non-EU nationals"),
        (["a sub-", "committee"], {"subcommittee": 4, "sub-committee": 1}, "a subcommittee"),
        (["co-", "production"], {"coproduction": 4, "co-production": 1}, "co-production"),
        (["medium-", "term plans"], {"medium": 2, "term": 3}, "medium-term plans"),
        (["self-", "directed support"], {}, "self-directed support"),
    ],
)
def test_line_end_hyphens_follow_the_documents_vocabulary(lines, vocabulary, expected) -> None:
    joined = join_lines(lines, [True] + [False] * (len(lines) - 1), Counter(vocabulary))
    assert joined == [expected]


# Writer exports a soft hyphen inside a frame as a space glyph that draws nothing, and
# breaks the line there without a hyphen: the word's two pieces end and start two lines.
@pytest.mark.parametrize(
    ("lines", "vocabulary", "expected"),
    [
        (
            ["for consul", "tation while"],
            {"consultation": 2, "consul": 1, "tation": 1},
            "for consultation while",
        ),
        (
            ["on profession", "als is thin"],
            {"professionals": 1, "profession": 1, "als": 1, "is": 4},
            "on professionals is thin",
        ),
        (
            ["budgets for in", "tegration."],
            {"integration": 3, "in": 40, "tegration": 1},
            "budgets for integration.",
        ),
        (
            ["work with", "in the plan"],
            {"within": 2, "with": 10, "in": 30},
            "work with in the plan",
        ),
        (["the consul", "tation"], {"consul": 1, "tation": 1}, "the consul tation"),
        (
            ["the Consul", "General"],
            {"consulgeneral": 1, "consul": 1, "general": 1},
            "the Consul General",
        ),
        (["care for", "people"], {"forpeople": 1, "for": 9, "people": 5}, "care for people"),
        # A first piece after a mark or a digit is no word's start: the lines stay apart.
        (["see (consul", "tation"], {"consultation": 3}, "see (consul tation"),
        (["in 2consul", "tation"], {"consultation": 3}, "in 2consul tation"),
        # A first piece longer than the paragraph's end that is searched first.
        (
            ["see " + "x" * 70 + "ab", "cd here"],
            {"x" * 70 + "abcd": 1},
            "see " + "x" * 70 + "abcd here",
        ),
    ],
)
def test_a_word_split_at_a_line_end_without_a_hyphen_is_rejoined_only_when_used_whole(
    lines, vocabulary, expected
) -> None:
    joined = join_lines(lines, [True, False], Counter(vocabulary), prose=Counter(vocabulary))
    assert joined == [expected]
    # Without the document's prose words (plain-text input), lines join with a space.
    assert join_lines(lines, [True, False], Counter(vocabulary)) == [" ".join(lines)]


def test_a_second_piece_that_only_ever_starts_a_line_is_no_word_of_its_own() -> None:
    """Writer breaks a word too long for a narrow frame without a hyphen, and the second
    piece (``tion``) starts its line after every such break: counted there, it outnumbers
    the whole word; only its uses inside a line count against the join. A first piece used
    inside lines (``in`` / ``tangible``) keeps two words apart."""
    lines = ["the balance of spending for decentralisa", "tion so that decentralisa"]
    texts = [*lines, "tion and co-production", "for decentralisation before co-design"]
    prose, edges = prose_words(texts), layout.line_edge_words(texts)
    # A compound ends no line as a word of its own (a piece of one has no hyphen).
    assert edges == Counter(["the", "decentralisa", "tion", "decentralisa", "tion", "for"])
    joined = join_lines(lines, [True, False], prose, prose=prose, line_edges=edges)
    assert joined == ["the balance of spending for decentralisation so that decentralisa"]
    # Without the line edges, the piece's two lines outnumber the whole word's one use.
    assert join_lines(lines, [True, False], prose, prose=prose) == [" ".join(lines)]
    pair = ["an interest in", "tangible property"]
    texts = [
        *pair,
        "a share in",
        "tangible goods",
        "and intangible assets",
        "set out in the plan in May",
    ]
    prose, edges = prose_words(texts), layout.line_edge_words(texts)
    joined = join_lines(pair, [True, False], prose, prose=prose, line_edges=edges)
    assert joined == [" ".join(pair)]


def test_prose_words_leave_out_addresses_names_in_mixed_case_and_compounds() -> None:
    text = "See the OutputSpecification at www.gov.scot/Output for co-production, Output."
    assert prose_words([text]) == Counter(["see", "the", "at", "www", "for", "output"])


def _line(
    text: str, top: float, x0: float = 72.0, size: float = 10.0, *, space: float = 0.3
) -> list[Word]:
    """A line's words, each half the size wide a letter, ``space`` of the size apart."""
    words, x = [], x0
    for part in text.split():
        width = len(part) * size * 0.5
        words.append(Word(part, x, x + width, top, top + size, size))
        x += width + size * space
    return words


def _slide_pages(last_lines: dict[int, tuple[str, float, float]]) -> list[PageWords]:
    """Four pages of eight lines of body text (10 pt) each, a page's ``last_lines`` entry
    (text, top, size) set below them."""
    words = make_paragraphs(2, seed=19)[0].split() + make_paragraphs(2, seed=20)[0].split()
    pages = []
    for number in range(1, 5):
        lines = [words.pop() + " " + words.pop() + " " + words.pop() for _ in range(8)]
        page = [w for row, line in enumerate(lines) for w in _line(line, 100 + 12 * row)]
        if number in last_lines:
            text, top, size = last_lines[number]
            page += _line(text, top, size=size)
        pages.append(PageWords(number, 595, 842, page))
    return pages


def test_a_body_line_read_the_same_on_two_pages_is_kept() -> None:
    # LibreOffice Impress: the last lines of two slides' paragraphs, at the foot of one text
    # frame, read 'public voice.' at one height; they were dropped as a running head.
    tail = ("public voice.", 196.0, 10.0)
    result = layout_text(_slide_pages({1: tail, 3: tail}))
    assert result.text.count("public voice.") == 2
    assert "running_head_lines" not in result.dropped
    # The same line in small type in the bottom margin is a running foot, and is dropped;
    # so is one in the body's type below the margin, well apart from the body (LaTeX's
    # heads), as the line would be in a document of three pages or more.
    for apart in [("public voice.", 800.0, 8.0), ("public voice.", 70.0, 10.0)]:
        result = layout_text(_slide_pages({1: apart, 3: apart}))
        assert "public voice." not in result.text
        assert result.dropped["running_head_lines"] == 2


def test_a_callout_beside_a_column_is_read_after_it() -> None:
    # LibreOffice Impress: a narrow text frame in 18 pt type beside a slide's body frame,
    # its lines two words long, too short to be found as prose; read across, each of them
    # was spliced into a line of the body.
    body = [
        "social the strategy partnership national welfare education",
        "self-directed.",
        "community accountability scrutiny well-being welfare",
        "inequalities prevention social strategy that them",
        "practitioners.",
        "principles principles integration health sector inequalities",
        "independent council.",
    ]
    callout = ["sector approach", "organisations prevention", "inequalities education", "strategy."]
    tops = [116, 136, 164, 184, 204, 231, 251]
    words = [w for line, top in zip(body, tops, strict=True) for w in _line(line, top, 43, 18.0)]
    words += [w for row, line in enumerate(callout) for w in _line(line, 145 + 20 * row, 539, 18.0)]
    text = layout_text([PageWords(1, 794, 446, words)]).text
    # Kept whole, after the body's lines beside it: between two of its paragraphs.
    assert tokenize(text) == tokenize(" ".join(body[:5] + callout + body[5:]))


def test_narrow_frames_side_by_side_are_read_one_after_another() -> None:
    # LibreOffice Impress: three frames side by side in 18 pt type, two to five words a
    # line. The runs as pdfium read them on a slide of benchmarks/impress_slides.py (left
    # and right edge of each line): the middle frame's rows are too short to be found as
    # prose, and its first lines were read across the first frame's.
    frames = [
        [
            (43, 205, "Community planning"),
            (44, 261, "partners need to rethink the"),
            (43, 180, "quality of care for"),
            (43, 211, "consultation although"),
            (43, 191, "transformation and"),
            (43, 250, "community-led are treated"),
            (43, 187, "as separate goals."),
        ],
        [
            (284, 466, "The partnership should"),
            (284, 427, "strengthen shared"),
            (284, 488, "outcomes for prioritisation"),
            (284, 474, "although the report links"),
            (284, 422, "opportunities with"),
            (284, 369, "evaluation."),
        ],
        [
            (525, 712, "The government should"),
            (525, 721, "strengthen the workforce"),
            (526, 696, "plan provided that co-"),
            (525, 738, "operation depends on trust"),
            (525, 597, "and time."),
        ],
    ]
    words = [
        Word(text, x0, x1, 105 + 20 * row, 123 + 20 * row, 18.0)
        for lines in frames
        for row, (x0, x1, text) in enumerate(lines)
    ]
    text = layout_text([PageWords(1, 794, 446, words)]).text
    expected = " ".join(line for lines in frames for _, _, line in lines)
    assert tokenize(text) == tokenize(expected.replace("co- operation", "co-operation"))


def test_layout_text_joins_hyphenated_word_across_pages() -> None:
    pages = [
        PageWords(1, 595, 842, _line("planning for the commis-", 100)),
        PageWords(2, 595, 842, _line("sioning of services", 100)),
    ]
    # The word is whole, and the page boundary (one form feed) follows it.
    assert layout_text(pages).text == "planning for the commissioning\fof services\n"


def test_layout_text_drops_raised_small_marker_only() -> None:
    words = _line("evidence shows", 100)
    marker = Word("3", words[-1].x1 + 0.5, words[-1].x1 + 3.5, 98.5, 105.0, 6.0)
    same_size_digit = _line("in 2018", 100, x0=200)
    page = PageWords(1, 595, 842, words + [marker] + same_size_digit)
    result = layout_text([page])
    assert result.text == "evidence shows in 2018\n"
    assert result.dropped["footnote_markers"] == 1


def test_empty_pages_give_empty_text() -> None:
    assert layout_text([PageWords(1, 595, 842, [])]).text == ""


def _spread(cells: list[tuple[str, float]], top: float, size: float = 10.0) -> list[Word]:
    """Words placed at given x positions (a justified line with wide gaps)."""
    return [Word(text, x, x + len(text) * size * 0.5, top, top + size, size) for text, x in cells]


def test_three_justified_lines_sharing_only_their_margins_are_no_table() -> None:
    """Three justified lines of a narrow column, each split by wide gaps, share the column's
    two margins; two of them also happen to share an edge inside. That is no table: a third
    edge must be shared by all three rows."""
    words = (
        _line("The partnership will publish support for families", 88)
        + _spread([("provided", 72), ("that", 140), ("prioritisation", 180)], 100)
        + _spread([("separate", 72), ("goals", 140), ("are", 190), ("treated", 237)], 112)
        + _spread([("Third-sector", 72), ("groups", 160), ("plan", 212), ("more", 252)], 124)
        + _line("in everyday decisions across the country", 136)
    )
    result = layout_text([PageWords(1, 595, 842, words)])
    assert "table_cells" not in result.dropped
    assert "separate goals are treated Third-sector groups" in result.text


def test_a_river_of_stretched_word_spaces_is_no_gutter() -> None:
    """Three justified lines of one column, their spaces stretched to 11, 18 and 15 points,
    leave a band at x 189-200 free of words (wider than a gutter): the line above and the
    line below cross it. The band is one of each line's word spaces, all of one width, not a
    gutter between two columns, so the lines are read whole, one after another."""
    lines = [
        "Integration authorities need to rethink data on the",
        "planning partners are expected to review",
        "local budgets and the evidence on",
        "governance is still thin. Third-sector",
        "organisations need to rethink local budgets before",
    ]
    words = _line(lines[0], 100)
    for row, text in enumerate(lines[1:4], start=1):
        words += _justified(text, 100 + 12 * row, 72.0, 230.0)
    words += _line(lines[4], 148)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    assert tokenize(text) == tokenize(" ".join(lines))


def test_justified_lines_over_a_rule_are_no_table() -> None:
    """A column's last three lines, justified, their spaces stretched past a table's gaps
    (18 to 22 points at 10-point type), end half a line above a rule (the top border of a
    table set below them). Their words stand equally far apart, line by line, as a
    table's cells do not: they are prose, and kept."""
    lines = [
        "Third-sector organisations can improve the",
        "framework for organisations while trust",
        "Third-sector organisations continue to",
        "support support for families for",
        "transformation before investment and",
    ]
    words = []
    for row, text in enumerate(lines):
        words += _justified(text, 100 + 12 * row, 72.0, 230.0)
    rule = (72.0, 166.0, 330.0, 166.5)
    result = layout_text([PageWords(1, 595, 842, words, rules=[rule])])
    assert "table_cells" not in result.dropped
    assert tokenize(result.text) == tokenize(" ".join(lines))


BESIDE_BOX = [
    "The partnership will publish shared outcomes for",
    "families and the report links evaluation with",
    "integration authorities because budgets for",
    "accountability have fallen in real terms while",
    "the inspectorate continue to support local",
    "budgets for communities and the government",
]
UNDER_BOX = [
    "should strengthen the quality of care so that people ask for more of it today.",
    "Health boards will publish the annual review for integration in every area.",
]
BOX = [
    "Case study: Fife",
    "Carers in Fife asked for",
    "more respite and were",
    "offered it within a",
    "month of the review and",
    "said that it helped them.",
]


def test_text_wrapped_round_a_box_is_read_to_its_sentence_end_before_the_box() -> None:
    words = []
    for row, (text, box) in enumerate(zip(BESIDE_BOX, BOX, strict=True)):
        words += _line(text, 100 + 12 * row) + _line(box, 100 + 12 * row, x0=360)
    for row, text in enumerate(UNDER_BOX, start=len(BOX)):
        words += _line(text, 100 + 12 * row)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    expected = [*BESIDE_BOX, UNDER_BOX[0], *BOX, UNDER_BOX[1]]
    assert tokenize(text) == tokenize(" ".join(expected))


NARROWED = [
    "Community planning",
    "partners have begun",
    "to examine the spend",
    "for experiences. The",
    "inspectorate will",
    "support data on",
    "waiting times before",
    "the partnership and",
    "communities remain",
    "uneven across the",
]
SIDEBAR = [
    "Case study: Fife",
    "The partnership",
    "need to rethink",
    "the balance of",
    "spending while the",
    "evidence on care",
    "is still thin.",
]


def test_a_sidebar_in_a_columns_foot_is_read_at_a_sentence_end_not_inside_one() -> None:
    """A sidebar in smaller type set in the foot of the left column, the column's text
    narrowed beside it; the column's last sentence runs on into the right column, and no
    line beside the sidebar ends a sentence. The sidebar is read after the first sentence
    end beside it (inside a line), not after the column's last line, inside a sentence."""
    source = [" ".join(sentences(30, seed=29)).split()]
    top = [_fill(source, 220) for _ in range(10)]
    right = ["country. Service users will", *[_fill(source, 220) for _ in range(19)]]
    words = []
    for row, text in enumerate(top + NARROWED):
        words += _line(text, 100 + 12 * row, x0=60)
    for row, text in enumerate(SIDEBAR):
        words += _line(text, 218 + 12 * row, x0=190, size=8.6)
    for row, text in enumerate(right):
        words += _line(text, 100 + 12 * row, x0=310)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    narrowed = " ".join(NARROWED).partition("experiences. ")
    expected = [*top, narrowed[0] + narrowed[1], *SIDEBAR, narrowed[2], *right]
    assert tokenize(text) == tokenize(" ".join(expected))


def test_a_note_running_on_under_its_label_is_read_in_order() -> None:
    label = _line("CAUTION", 100, size=6.0)
    note = [
        "At the time these instructions went to",
        "print, Congress was considering a law that",
        "would increase the amounts given above and",
    ]
    words = label + [
        w for row, line in enumerate(note) for w in _line(line, 100 + 12 * row, x0=120)
    ]
    words += _line("change the figures in the table on page 4 of the form.", 136)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    rest = "change the figures in the table on page 4 of the form."
    assert tokenize(text) == tokenize(" ".join(["CAUTION", *note, rest]))


def test_footnote_numbers_set_apart_from_their_notes_are_dropped() -> None:
    # Writer sets each note's number in a hanging indent: the gap after the numbers lines
    # up down the notes, wide enough to be read as a gutter between two narrow columns.
    body = make_paragraphs(1, seed=5)[0].split()
    words = [
        w for row in range(20) for w in _line(" ".join(body[row * 8 : row * 8 + 8]), 100 + 12 * row)
    ]
    notes = ["See the rehabilitation review, chapter 3.", "See the entitlements review, chapter 8."]
    for row, note in enumerate(notes, start=1):
        top = 700 + 14 * (row - 1)
        words += _line(str(row), top, size=7.6) + _line(note, top, x0=89.0, size=7.6)
    words += _line("1", 790, x0=295.0, size=7.6)  # the page number
    result = layout_text([PageWords(1, 595, 842, words)])
    assert tokenize(result.text)[-len(tokenize(" ".join(notes))) :] == tokenize(" ".join(notes))
    assert result.dropped["footnote_markers"] == 2


def _fill(paragraphs: list[list[str]], width: float, size: float = 10.0) -> str:
    """A line of as many words of the first of ``paragraphs`` (taken off its front) as fit
    ``width`` as :func:`_line` sets them; a paragraph's last line ends it."""
    words, line, used = paragraphs[0], [], 0.0
    while words:
        extra = len(words[0]) * size * 0.5 + (size * 0.3 if line else 0.0)
        if line and used + extra > width:
            break
        line.append(words.pop(0))
        used += extra
    if not words:
        paragraphs.pop(0)
    return " ".join(line)


QUOTE = ['"Families asked for', "more respite and were", 'offered it in a month."']
LONG_QUOTE = [
    '"Third-sector groups',
    "have promised the",
    "balance of spending",
    "for professionals",
    "whereas people ask",
    "for more say in",
    "everyday decisions",
    "about the care they",
    'are offered."',
]


@pytest.mark.parametrize(
    ("first_row", "offset", "gutter", "quote"),
    [
        (4, -30.0, 20.0, QUOTE),
        (13, 40.0, 12.0, QUOTE),
        (8, 0.0, 32.0, QUOTE),
        (6, 0.0, 16.0, LONG_QUOTE),
    ],
    ids=[
        "high-left-offset",
        "low-right-offset-narrow-gutter",
        "centred-wide-gutter",
        "long-quote-longer-than-the-gutter-above-or-below",
    ],
)
def test_a_quote_over_the_gutter_leaves_each_column_whole(
    first_row: int, offset: float, gutter: float, quote: list[str]
) -> None:
    """A pull quote set across the gutter, both columns wrapping round it: each column is
    read whole, not band by band round the quote, and the quote whole at a sentence end.
    A long quote cuts the gutter into stretches shorter than the band beside the quote,
    which is then the longest run of rows any band splits (as in Chromium's print of a
    quote in a CSS float)."""
    column, left_x0, size = 220.0, 60.0, 10.0
    right_x0 = left_x0 + column + gutter
    centre = left_x0 + column + gutter / 2 + offset
    box_left, box_right = centre - 75, centre + 75
    told = sentences(60, seed=7)
    source = [" ".join(told[at : at + 3]).split() for at in range(0, len(told), 3)]
    beside = range(first_row, first_row + len(quote) + 1)
    words, columns = [], ([], [])
    for side, x0 in enumerate((left_x0, right_x0)):
        for row in range(20):
            left, right = x0, x0 + column
            if row in beside:  # the text wraps round the quote, a gutter's width from it
                left, right = (left, box_left - 12) if side == 0 else (box_right + 12, right)
            text = _fill(source, right - left)
            columns[side].append(text)
            words += _line(text, 100 + 12 * row, x0=left)
    for row, text in enumerate(quote):
        width = len(text) * size * 0.5 + (len(text.split()) - 1) * size * 0.2
        words += _line(text, 105 + 12 * (first_row + row), x0=centre - width / 2)
    text = " ".join(layout_text([PageWords(1, 595, 842, words)]).text.split())
    before, found, after = text.partition(" ".join(quote))
    assert found
    assert before.rstrip().endswith(".")
    assert tokenize(before + " " + after) == tokenize(" ".join([*columns[0], *columns[1]]))


def _justified(text: str, top: float, x0: float, width: float, size: float = 10.0) -> list[Word]:
    """A line set as :func:`_line` sets it, its spaces stretched to fill ``width``."""
    words = _line(text, top, x0=x0, size=size)
    stretch = (x0 + width - words[-1].x1) / max(len(words) - 1, 1)
    for index, word in enumerate(words):
        word.x0, word.x1 = word.x0 + index * stretch, word.x1 + index * stretch
    return words


def test_the_first_word_of_a_justified_line_below_a_narrower_stretch_is_no_label() -> None:
    """A column narrowed round a box (the box already taken out) widens again below it; the
    first justified line below starts left of the narrow lines, its stretched spaces half
    an em or more (pypdfium2 reads Chromium's words apart there). Its first word stands alone left
    of a band that runs up beside the narrow lines, but it is a word of the line, not a
    label: the column is read line by line in order."""
    source = [" ".join(sentences(8, seed=19)).split()]
    narrow = [_fill(source, 160) for _ in range(6)]
    justified = "terms. Unpaid carers must plan the care of"
    wide = [_fill(source, 216) for _ in range(3)]
    words = []
    for row, text in enumerate(narrow):  # a box a line, as pypdfium2 reads unstretched lines
        boxes = _line(text, 100 + 12 * row, x0=376)
        words.append(Word(text, boxes[0].x0, boxes[-1].x1, boxes[0].top, boxes[0].bottom, 10.0))
    line = _justified(justified, 172, 306, 216)
    assert line[1].x0 - line[0].x1 >= 5.0  # half an em: as wide as a label's margin
    words += line
    for row, text in enumerate(wide, start=1):
        words += _line(text, 172 + 12 * row, x0=306)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    assert tokenize(text) == tokenize(" ".join([*narrow, justified, *wide]))


def test_a_title_block_either_side_of_the_gutter_is_read_before_the_columns() -> None:
    """A cover over three columns (as the IRS instructions' first page): a large title and a
    subtitle on the left, over the first two columns, its last line just above them; the
    issuing department in two lines of body type on the right, over the third column and
    far above it. The gutter between the second and third columns is clear down the whole
    block; the department's lines are still read with the title, not between the second
    column and the third."""
    source = [" ".join(sentences(24, seed=23)).split()]
    words = _line("Annual Report", 100, x0=60, size=28.0)
    words += _line("Department of Health", 106, x0=420) + _line("and Social Care", 118, x0=420)
    words += _line("on Integration", 160, x0=60, size=28.0)
    words += _line("Guidance for integration authorities", 200, x0=60, size=14.0)
    columns: list[str] = []
    for x0 in (60.0, 230.0, 400.0):
        for row in range(14):
            columns.append(_fill(source, 150))
            words += _line(columns[-1], 230 + 12 * row, x0=x0)
    read = tokenize(layout_text([PageWords(1, 595, 842, words)]).text)
    body = tokenize(" ".join(columns))
    title = "Annual Report Department of Health and Social Care on Integration Guidance for"
    # The block is read line by line, as any block without columns: its order is its own.
    assert read[len(read) - len(body) :] == body
    assert Counter(read[: len(read) - len(body)]) == Counter(
        tokenize(title + " integration authorities")
    )


def test_a_column_run_over_into_two_lines_of_the_next_is_read_before_them() -> None:
    """Writer fills the left column first: a section whose text runs over by two lines
    leaves a right column too short to be found as running text. The two lines are read
    after the left column, not line by line across from the heading beside them."""
    source = [" ".join(sentences(10, seed=11)).split()]
    left = [_fill(source, 200) for _ in range(16)]
    right = [_fill(source, 200), " ".join(source[0][:3])]
    words = _line("Delivery and evaluation", 100, x0=60, size=12.0)
    for row, text in enumerate(left[:-1]):
        words += _justified(text, 124 + 12 * row, 60, 220)
    words += _line(left[-1], 124 + 12 * (len(left) - 1), x0=60)
    words += _justified(right[0], 101, 300, 220) + _line(right[1], 113, x0=300)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    expected = ["Delivery and evaluation", *left, *right]
    assert tokenize(text) == tokenize(" ".join(expected))


def test_the_middle_column_of_a_table_over_two_columns_is_no_pull_quote() -> None:
    """A table of three columns of short prose above two columns of text: its middle
    cells sit across the gutter, with text beside them and the columns going on below,
    but above them is only the table's header row, not two columns of text. The table is
    read before the columns, its middle cells in their rows."""
    cells = [
        ("We know what the", "We know the problem", "We know what the"),
        ("problem is but have", "and have a solution", "problem and have"),
        ("no solutions in mind.", "in mind to test.", "several solutions."),
    ]
    words = _line("Different types of question", 100, x0=200)
    words += _line("General", 118, x0=120) + _line("Specific", 118, x0=270)
    words += _line("Comparative", 118, x0=420)
    for row, (left, middle, right) in enumerate(cells):
        top = 130 + 12 * row
        words += _line(left, top, x0=120) + _line(middle, top, x0=270) + _line(right, top, x0=420)
    source = [" ".join(sentences(12, seed=13)).split()]
    columns = ([], [])
    for row in range(12):
        for side, x0 in enumerate((110.0, 330.0)):
            text = _fill(source, 200)
            columns[side].append(text)
            words += _line(text, 190 + 12 * row, x0=x0)
    text = " ".join(layout_text([PageWords(1, 595, 842, words)]).text.split())
    table, _, body = text.partition(columns[0][0])
    assert all(middle in table for _, middle, _ in cells)
    assert tokenize(columns[0][0] + " " + body) == tokenize(" ".join([*columns[0], *columns[1]]))


LARGE_QUOTE = ['"Carers asked for', "respite and were", "offered it within", 'a month of asking."']


@pytest.mark.parametrize(
    ("right_drop", "wrapped_rows"),
    [(6.0, 5), (0.0, 3)],
    ids=["columns-not-level", "last-line-over-a-column-line"],
)
def test_a_larger_quote_over_the_gutter_is_found_whatever_the_rows_beside_it(
    right_drop: float, wrapped_rows: int
) -> None:
    """A pull quote in larger type across the gutter. With the right column's lines set
    half a line lower than the left's (a heading above pushed them down), no row of the
    page holds both columns; with the quote's last line printed over the first line that
    runs full width under it again, no empty band marks the quote's edges in that row.
    Either way each column is read whole and the quote whole at a sentence end."""
    column, left_x0, gutter, big = 220.0, 60.0, 20.0, 11.5
    right_x0 = left_x0 + column + gutter
    centre = left_x0 + column + gutter / 2
    box_left, box_right = centre - 80, centre + 80
    told = sentences(60, seed=17)
    source = [" ".join(told[at : at + 3]).split() for at in range(0, len(told), 3)]
    first_row = 6
    beside = range(first_row, first_row + wrapped_rows)
    words, columns = [], ([], [])
    for side, x0 in enumerate((left_x0, right_x0)):
        for row in range(20):
            left, right = x0, x0 + column
            if row in beside:
                left, right = (left, box_left - 12) if side == 0 else (box_right + 12, right)
            text = _fill(source, right - left)
            columns[side].append(text)
            words += _line(text, 100 + 12 * row + side * right_drop, x0=left)
    for row, text in enumerate(LARGE_QUOTE):
        width = len(text) * big * 0.5 + (len(text.split()) - 1) * big * 0.3
        top = 99 + 12 * (first_row + row) + right_drop / 2
        words += _line(text, top, x0=centre - width / 2, size=big)
    text = " ".join(layout_text([PageWords(1, 595, 842, words)]).text.split())
    before, quote, after = text.partition(" ".join(LARGE_QUOTE))
    assert quote
    assert before.rstrip().endswith(".")
    assert tokenize(before + " " + after) == tokenize(" ".join([*columns[0], *columns[1]]))


def _ruled_table(rows: list[list[tuple[str, float]]], top: float, right: float) -> tuple:
    """A table's words (each cell at its x, 14 points a row, a header cell's wrapped rest
    in a row of its own) and its rules: one above each row and one below the last."""
    words, rules, tops = [], [], []
    for row in rows:
        words += _spread(row, top)
        tops.append(top)
        top += 10 if len(row) == 1 else 14
    rules = [
        (72.0, t - 3, right, t - 2.5) for t, row in zip(tops, rows, strict=True) if len(row) > 1
    ]
    return words, rules + [(72.0, top - 3, right, top - 2.5)], top


TABLE_ROWS = [
    [("Area", 72), ("Cost", 112), ("Chang", 152), ("Waiting", 209)],
    [("e", 152)],
    *[
        [(name, 72), ("228", 112), ("738", 152), ("126", 209)]
        for name in ("Fife", "Mull", "Skye", "Bute")
    ],
]


def test_a_wrapped_header_cell_stays_in_its_table() -> None:
    """A header cell too narrow for its word wraps it (``Chang`` / ``e``): the line of its
    rest holds one short piece under the cell's left edge. It goes on the table's run of
    rows, so the whole ruled table is dropped, header included."""
    words, rules, bottom = _ruled_table(TABLE_ROWS, 130, 330)
    above = _line("Spending and staff fell in every area over the year.", 100)
    below = _line("Health boards will publish the annual review in spring.", bottom + 10)
    result = layout_text([PageWords(1, 595, 842, above + words + below, rules=rules)])
    assert tokenize(result.text) == tokenize(
        "Spending and staff fell in every area over the year. "
        "Health boards will publish the annual review in spring."
    )


def test_a_table_wider_than_a_column_takes_its_heading_and_rows_from_the_columns() -> None:
    """Two columns (gutter at x 222-250), then a table's heading under the left column, a
    ruled table wider than the column whose header's last cell reaches over the gutter
    while its other rows end short of it, then two columns again. The gutter runs on
    through the table's rows and past the heading; the heading is read after both columns
    above (not spliced into the left column's last sentence), the table dropped, and the
    columns below read from their first lines."""
    source = [" ".join(sentences(12, seed=31)).split()]
    columns: list[list[str]] = [[], [], [], []]
    words = []
    for part, (x0, first, count) in enumerate(((72, 100, 6), (250, 100, 6))):
        for row in range(count):
            columns[part].append(_fill(source, 150))
            words += _justified(columns[part][-1], first + 12 * row, x0, 150)
    heading = "Spending and staff by area"
    words += _line(heading, 184)
    table, rules, bottom = _ruled_table(TABLE_ROWS, 204, 330)
    words += table
    below = "Delivery and commissioning"
    words += _line(below, bottom + 12)
    for part, x0 in ((2, 72), (3, 250)):
        for row in range(6):
            columns[part].append(_fill(source, 150))
            top = bottom + 12 + 14 + 12 * row if part == 2 else bottom + 12 + 12 * row
            words += _justified(columns[part][-1], top, x0, 150)
    result = layout_text([PageWords(1, 595, 842, words, rules=rules)])
    expected = [*columns[0], *columns[1], heading, below, *columns[2], *columns[3]]
    assert tokenize(result.text) == tokenize(" ".join(expected))


NARROW_BESIDE_BOX = [
    "Health boards",
    "must publish",
    "local budgets",
    "although care",
    "is named in",
    "every plan but",
    "rarely funded.",
    "Local councils",
    "have begun to",
    "examine the",
]


def test_a_narrow_justified_column_beside_a_box_is_read_before_the_box() -> None:
    """Text wrapped round a box in a narrow column holds two or three words a line, too
    few to be found as prose by its words; but its lines are justified, each from the
    column's left edge to its right, so the band beyond is the column's margin. The
    column is read to its sentence end below the box, then the box (set smaller and
    ragged, beside it), not line by line across."""
    words = []
    for row, text in enumerate(NARROW_BESIDE_BOX):
        words += _justified(text, 100 + 11 * row, 72, 92)
    for row, text in enumerate(BOX + ["Carers in Fife"]):
        words += _line(text, 100 + 11 * row, x0=176, size=8.6)
    under = [
        "workforce plan so that people ask for more of the services they use today.",
        "Health boards will publish the annual review for integration in spring.",
    ]
    for row, text in enumerate(under, start=len(NARROW_BESIDE_BOX)):
        words += _line(text, 100 + 11 * row)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    expected = [*NARROW_BESIDE_BOX, under[0], *BOX, "Carers in Fife", under[1]]
    assert tokenize(text) == tokenize(" ".join(expected))


def test_the_three_justified_lines_of_a_last_page_are_read_before_the_two_beside_them() -> None:
    """A document's last page holds three lines of the left column, justified from edge to
    edge, and two of the right (a full line, then the paragraph's short last one): too few
    to be found as prose on the right, and the left column does not go on below them.
    Justified to the column's width, the left lines are a column all the same; the page
    is read column by column, not line by line across."""
    left = [
        "The partnership can improve the balance of",
        "spending provided that care is named in",
        "every plan but rarely funded. The local",
    ]
    right = ["partnership have promised local budgets", "and care depends on trust."]
    words = []
    for row, text in enumerate(left):
        words += _justified(text, 100 + 12 * row, 72, 216)
    words += _justified(right[0], 100, 302, 216) + _line(right[1], 112, x0=302)
    text = layout_text([PageWords(1, 595, 842, words)]).text
    assert tokenize(text) == tokenize(" ".join(left + right))


def test_line_numbers_in_a_narrow_gutter_beside_the_other_columns_line_ends_are_dropped() -> None:
    """The right column's lines are numbered every fifth line (90 to 110) in a gutter of
    28 points, right-aligned 14 points from the column: the left column's justified lines
    end 2 points before a two-digit number and under a three-digit one, set 4 points
    higher. Each number has text beside it on one side only, and the numbers stand in a
    column of their own (the page number below them is no part of it): they are dropped,
    and both columns read whole."""
    source = [" ".join(sentences(20, seed=41)).split()]
    left = [_fill(source, 200) for _ in range(25)]
    right = [_fill(source, 200) for _ in range(25)]
    words = []
    for row in range(25):
        words += _justified(left[row], 96 + 12 * row, 72, 211.5)
        words += _justified(right[row], 100 + 12 * row, 311.7, 212)
        number = 86 + row
        if number % 5 == 0:
            text = str(number)
            words.append(
                Word(text, 297.5 - 6 * len(text), 297.5, 99 + 12 * row, 111 + 12 * row, 12)
            )
    words.append(Word("1", 295.7, 299.9, 780, 788, 8.4))
    result = layout_text([PageWords(1, 595, 842, words)])
    assert tokenize(result.text) == tokenize(" ".join(left + right))
    assert result.dropped["words"]["margin_numbers"] == 5


def test_line_numbers_printed_over_the_left_columns_line_ends_are_dropped() -> None:
    """As Writer sets every fifth line number of the right column in a gutter narrower than
    the numbers (held-out variant 5): the two-digit numbers, right-aligned 3 points past
    the left column's justified edge, reach 7 points back over its line ends. The line
    ends, all at one edge, are no other text in the numbers' column: the numbers are
    dropped and both columns read whole. Numbers over line ends that stop at different
    places are left in (nothing says the ends are one column's edge), as before."""
    source = [" ".join(sentences(20, seed=43)).split()]
    left = [_fill(source, 200) for _ in range(25)]
    right = [_fill(source, 200) for _ in range(25)]

    def page(justified: bool) -> list[Word]:
        words = []
        for row in range(25):
            width = 217.0 if justified else 212.0 + 2.0 * (row % 4)  # ends at 284-290
            words += _justified(left[row], 96 + 12 * row, 72, width)
            words += _justified(right[row], 96 + 12 * row, 300, 212)
            if row % 5 == 4:
                text = str(50 + row + 1)
                words.append(Word(text, 282, 292, 97 + 12 * row, 107 + 12 * row, 9.9))
        return words

    result = layout_text([PageWords(1, 595, 842, page(justified=True))])
    assert tokenize(result.text) == tokenize(" ".join(left + right))
    assert result.dropped["words"]["margin_numbers"] == 5
    ragged = layout_text([PageWords(1, 595, 842, page(justified=False))])
    assert "margin_numbers" not in ragged.dropped


def test_columns_whose_lines_are_single_runs_are_no_justified_line() -> None:
    """pypdfium2 gives each column's line as one run of words when its spaces are not
    stretched: a row of three columns is then three boxes, two gutters apart, and the
    gutters are equal. Equal gaps between boxes of several words are no justified line's
    spaces: the three lines of a last page are read column by column."""
    columns = [
        ["demonstrate the national", "framework for rehabilitation", "provided that access and"],
        ["co-design are treated as", "separate goals. Third-sector", "organisations must show"],
        ["support for families for", "investment so that care", "depends on trust and time."],
    ]
    words = []
    for index, lines in enumerate(columns):
        x0 = 55 + 167 * index
        for row, text in enumerate(lines):
            words.append(Word(text, x0, x0 + 152, 42 + 12 * row, 52 + 12 * row, 10.0))
    text = layout_text([PageWords(1, 595, 842, words)]).text
    assert tokenize(text) == tokenize(" ".join(line for lines in columns for line in lines))


@pytest.mark.parametrize("tables", ["drop", "mark", "keep"])
def test_lines_stored_on_disk_give_the_text_and_record_kept_in_memory(
    samples, monkeypatch: pytest.MonkeyPatch, tables: str
) -> None:
    """A long document's laid-out lines wait in a temporary file between the page pass and
    the document pass; read back from disk, they give what they give held in memory."""
    path, _ = samples["table"]
    kept = extract_document(path, engine="pypdfium2", timeout=None, tables=tables)
    files: list[object] = []

    def counted_file(*args: object, **kwargs: object) -> object:
        files.append(real_file(*args, **kwargs))
        return files[-1]

    real_file = tempfile.TemporaryFile
    monkeypatch.setattr(layout, "_LINES_IN_MEMORY", 1)
    monkeypatch.setattr(tempfile, "TemporaryFile", counted_file)
    stored = extract_document(path, engine="pypdfium2", timeout=None, tables=tables)
    assert len(files) == 1, "the lines did not go to a file on disk"
    assert stored.text == kept.text
    assert stored.record() | {"seconds": 0} == kept.record() | {"seconds": 0}
    assert (stored.dropped.get("table_cells", 0) > 0) == (tables == "drop")


@pytest.mark.parametrize("count", [0, 1, 2, 7, 10, 501])
def test_line_pitch_tally_gives_the_median_of_the_pitches(count: int) -> None:
    """The pitches are tallied by value, not kept one by one: the median is still the
    median of every pitch, the mean of the two middle ones for an even count."""
    rng = random.Random(count)
    bottoms = [72.0]
    for _ in range(count):
        bottoms.append(
            bottoms[-1] + rng.choice([11.5, 12.0, 12.0, 13.25]) + rng.random() * (count % 3)
        )
    tally = layout._Pitches()
    for bottom in bottoms:
        tally.add(layout.StoredLine("a line", 1, bottom - 10, bottom, 10, 0, False, False, []))
    pitches = [lower - upper for upper, lower in zip(bottoms, bottoms[1:], strict=False)]
    assert tally.median == (statistics.median(pitches) if pitches else 0.0)


def _page_under_a_small_head(number: int, head: str, body: list[str]) -> PageWords:
    """A page with ``head`` in small type alone at the top of its margin, over lines of
    ``body`` text."""
    words = _line(head, 30, size=7.0)
    for row, text in enumerate(body):
        words += _line(text, 100 + 14 * row)
    return PageWords(number, 595, 842, words)


def test_small_head_alone_in_the_margin_of_a_one_page_document_is_dropped() -> None:
    """A one-page document has no title page: small type alone at its top, well apart
    from the body, is a running head, as on any later page. The first page of a longer
    document keeps it (a title page's publisher or series line)."""
    head = "Scottish Health and Care Policy Review"
    first = ["Services were planned", "with the people who", "use them in 2019."]
    second = ["The board met", "four times that year", "and agreed a plan."]
    alone = layout_text([_page_under_a_small_head(1, head, first)])
    assert head not in alone.text and "Services were planned" in alone.text
    assert alone.dropped["examples"]["running_head_lines"] == [head]
    longer = layout_text(
        [_page_under_a_small_head(1, head, first), _page_under_a_small_head(2, "Annex", second)]
    )
    assert longer.text.startswith(head)
    assert longer.dropped["examples"]["running_head_lines"] == ["Annex"]


def test_the_rows_a_block_is_read_in_are_those_its_words_group_into() -> None:
    """The segmentation hands on the rows it grouped a block's words into (a title above
    two columns, each column): they are the rows that grouping the block's words again
    gives, word for word, so the block's lines are those it would have without them."""
    words = _line("A title set across both of the columns above them", 80, size=14.0)
    for row in range(8):
        words += _line(f"left column line {row} of the text", 110 + 12 * row, x0=72.0)
        words += _line(f"right column line {row} of the text", 110 + 12 * row, x0=320.0)
    blocks = layout.segment_region(words)
    assert len(blocks) == 3
    for block in blocks:
        assert isinstance(block, GroupedBlock)
        expected = layout._group_lines(list(block))
        rows = layout._block_rows(block)
        assert [[id(word) for word in row] for row in rows] == [
            [id(word) for word in row] for row in expected
        ]


def test_gutter_bands_shared_by_two_rows_are_every_wide_enough_overlap() -> None:
    """What two rows' free bands share (each list left to right, apart or touching) is
    every overlap of a band of one with a band of the other at least the width wide, left
    to right: the same as testing every pair."""
    rng = random.Random(11)

    def bands() -> list[tuple[float, float]]:
        edges = sorted(rng.choice([rng.randint(0, 40), rng.random() * 40]) for _ in range(8))
        return [(edges[i], edges[i + 1]) for i in range(0, rng.randint(0, 4) * 2, 2)]

    for _ in range(2000):
        ours, others, width = bands(), bands(), rng.choice([0.5, 3.0, 6.0])
        every_pair = [
            (max(a0, b0), min(a1, b1))
            for a0, a1 in ours
            for b0, b1 in others
            if min(a1, b1) - max(a0, b0) >= width
        ]
        assert layout._intersect(ours, others, width) == every_pair


def _run(text: str, x0: float, x1: float, top: float, size: float = 10.0) -> Word:
    """One box of words, as pypdfium2 gives a run of text (its spaces inside the box)."""
    return Word(text, x0, x1, top, top + size, size)


def _two_columns(rows: int, *, gutter: tuple[float, float], top: float = 100.0) -> list[Word]:
    """Rows of two columns of runs, the left ending and the right starting at ``gutter``."""
    words = []
    for row in range(rows):
        y = top + 14 * row
        words.append(_run(f"left column line {row} of the text", 72.0, gutter[0], y))
        words.append(_run(f"right column line {row} of the text", gutter[1], 340.0, y))
    return words


def test_a_gutter_may_narrow_by_overhanging_glyphs_over_its_rows() -> None:
    """A gutter of 0.85 em whose rows' edges reach into it by turns (pdfium's boxes hug the
    ink of an overhanging f or a quotation mark) is still one gutter: each row leaves
    0.82 em free, all of them together 0.79 em, under the 0.8 em asked of a row."""
    words = _two_columns(10, gutter=(200.0, 208.5))
    words[-4] = _run("left column line 8 ends in staff", 72.0, 200.3, words[-4].top)
    words[-1] = _run("right column line 9 of the text", 208.2, 340.0, words[-1].top)
    rows = layout._group_lines(words)
    run = layout._column_run(rows)
    assert run is not None and run[:2] == (0, 10)
    assert 200.3 < run[2] < 208.2


def test_one_line_wide_word_space_over_a_lower_column_top_is_no_gutter() -> None:
    """The last lines of a one-column paragraph (pypdfium2 runs: a justified line cut at
    its one wide word space), a heading under them on the left and a column whose top is
    set lower on the right leave a band free from the wide space down: only that line has
    words on both sides of it, and the column's text starts far right of it."""
    words = [
        _run("Unpaid carers should strengthen the", 53.0, 271.5, 100.0),
        _run("quality of care before people ask for more", 280.8, 543.0, 100.0),
        _run("communities in everyday decisions.", 53.0, 248.6, 114.0),
        _run("expected to review the workforce plan", 306.8, 542.8, 128.0),
        _run("Evidence and integration", 53.7, 229.8, 142.0, size=12.6),
        _run("because community-led depends on trust", 307.2, 543.5, 158.0),
    ]
    rows = layout._group_lines(words)
    assert layout._column_run(rows) is None
    # One line alone, its runs starting where the column's rows do, may be a gutter's.
    assert not layout._lines_across(([words[:1]], [words[1:2]]), 10.0)
    assert layout._lines_across(([words[:1], []], [words[1:2], words[3:4]]), 10.0)


def test_a_heading_under_the_left_column_is_read_after_the_columns() -> None:
    """A section in two columns ends; the next one's heading, narrower than the left column,
    lies under it in the gutter's run, and the section under it is set across the page.
    The heading is read with that section, not spliced into the left column's sentence
    that runs on to the top of the right column."""
    words = _two_columns(6, gutter=(200.0, 215.0))
    heading = _run("Funding and evaluation", 72.0, 180.0, 100.0 + 14 * 6 + 6, size=12.6)
    below = _run("The government will publish the national framework", 72.0, 340.0, 210.0)
    blocks = layout.segment_region(words + [heading, below])
    order = [word.text for block in blocks for word in block]
    assert order.index("right column line 5 of the text") < order.index(heading.text)
    assert order.index(heading.text) < order.index(below.text)
    assert all(not word.text.startswith("right") for word in blocks[0])


def test_only_a_straight_gutter_narrows_below_its_width() -> None:
    """A gutter's band may narrow below the width through a row whose ink reaches a little
    into it (at most the overhang on a side), not through a row whose wide word space lies
    a point over: three justified lines' spaces, each wide enough, make a river."""
    straight = layout._intersect([(377.14, 385.65)], [(377.33, 386.63)], 8.4, slack=0.525)
    assert straight == [(377.33, 385.65)]
    river = layout._intersect([(363.09, 371.17)], [(363.98, 375.64)], 8.4, slack=0.525)
    assert river == []
    # A band still as wide as the gutter narrows by any amount; without slack, none below.
    assert layout._intersect([(360.0, 380.0)], [(365.0, 374.0)], 8.4, slack=0.525) == [
        (365.0, 374.0)
    ]
    assert layout._intersect([(377.14, 385.65)], [(377.33, 386.63)], 8.4) == []


BROKEN_BOX = [
    "Case study: Fife",
    "The partnership",
    "need to rethink",
    "the balance of",
    "spending while the",
]
BOX_GOES_ON = ["evidence on care", "is still thin and", "uneven in places."]


def _page_with_box_beside(
    number: int,
    above: list[str],
    box: list[str],
    beside: list[str],
    below: list[str],
    *,
    box_side: str,
) -> PageWords:
    """A page of full-width lines, then a box in smaller type on ``box_side`` (left or
    right) of a column of body text, then full-width lines again."""
    box_x0, beside_x0 = (60, 250) if box_side == "left" else (400, 60)
    words = []
    for row, text in enumerate(above):
        words += _line(text, 60 + 12 * row, x0=60)
    top = 60 + 12 * len(above)
    for row, text in enumerate(box):
        words += _line(text, top + 12 * row, x0=box_x0, size=8.6)
    for row, text in enumerate(beside):
        words += _line(text, top + 12 * row, x0=beside_x0)
    below_top = top + 12 * max(len(box), len(beside))
    for row, text in enumerate(below):
        words += _line(text, below_top + 12 * row, x0=60)
    return PageWords(number, 595, 842, words)


def _without_run(tokens: list[str], run: list[str]) -> list[str] | None:
    """``tokens`` with the first occurrence of ``run`` (consecutive) taken out; None if
    ``run`` does not occur whole."""
    for start in range(len(tokens) - len(run) + 1):
        if tokens[start : start + len(run)] == run:
            return tokens[:start] + tokens[start + len(run) :]
    return None


@pytest.mark.parametrize("box_side", ["left", "right"])
@pytest.mark.parametrize("goes_on", [True, False], ids=["continued", "new-box"])
def test_a_box_broken_across_a_page_is_read_whole_where_it_starts(
    goes_on: bool, box_side: str
) -> None:
    """A box in smaller type runs over the foot of a page beside the column that runs over
    too; its second piece, set at the top of the next page, starts in lower case. The box is
    read whole where it starts, and the body's sentence over the page break unbroken, one
    form feed between the pages. A box at the next page's top that starts afresh (a
    capital: another box) is read on that page, whole too."""
    source = [" ".join(sentences(60, seed=31)).split()]
    above = [_fill(source, 480) for _ in range(58)]
    width = 270 if box_side == "left" else 300
    beside = [_fill(source, width) for _ in range(len(BROKEN_BOX) - 1)] + ["run over the"]
    next_box = BOX_GOES_ON if goes_on else ["Case study: Angus", *BOX_GOES_ON[1:]]
    beside_next = ["page break, and", *[_fill(source, width) for _ in range(4)]]
    below = [_fill(source, 480) for _ in range(6)]
    pages = [
        _page_with_box_beside(1, above, BROKEN_BOX, beside, [], box_side=box_side),
        _page_with_box_beside(2, [], next_box, beside_next, below, box_side=box_side),
    ]
    text = layout_text(pages).text
    tokens = tokenize(text)
    boxes = [BROKEN_BOX + next_box] if goes_on else [BROKEN_BOX, next_box]
    for box in boxes:
        tokens = _without_run(tokens, tokenize(" ".join(box)))
        assert tokens is not None, f"{box[0]!r} is not read whole: {text!r}"
    assert tokens == tokenize(" ".join([*above, *beside, *beside_next, *below]))
    assert text.count("\f") == 1


def test_list_labels_in_a_hanging_indent_are_read_with_their_items() -> None:
    """Texinfo sets a list's labels (``A.``, ``B.``, ...) 0.7 em left of their items, and
    the gap lines up down the list like a margin of labels (the GNU FDL's list in a
    manual's appendix): each label opens its item's first line, so it is read there, not
    with the others before the list."""
    items = [
        ["Use in the Title Page a title distinct from that", "of the Document, and from those of"]
        + ["previous versions."],
        ["List on the Title Page, as authors, one or more"]
        + ["persons responsible for authorship of the", "modifications in the Modified Version."],
        ["State on the Title page the name of the", "publisher of the Modified Version."],
        ["Preserve all the copyright notices of the"]
        + ["Document, and add an appropriate copyright", "notice for your modifications."],
        ["Include an unaltered copy of this License."],
    ]
    words = _line("You must do these things in the Modified Version:", 80.0, 72.0, 10.9, space=0.25)
    expected = ["You must do these things in the Modified Version:"]
    top = 82.5
    for label, item in zip("ABCDE", items, strict=True):
        top += 15.6  # items 2.5 points further apart than their lines
        # The labels end 7.2 points left of the items.
        words += _line(f"{label}.", top, 114.4, 10.9, space=0.25)
        for row, text in enumerate(item):
            words += _line(text, top + 13.1 * row, 133.2, 10.9, space=0.25)
        top += 13.1 * (len(item) - 1)
        expected += [f"{label}.", *item]
    text = layout_text([PageWords(1, 595, 842, words)]).text
    assert tokenize(text) == tokenize(" ".join(expected))


def test_a_heading_whose_first_word_stands_a_word_space_apart_is_read_whole() -> None:
    """On a LaTeX title page, a large first word (``X``) or a section's number a word space
    from the rest of its line is no margin of labels: read as one, ``X`` was dropped as a
    page number, and the number read before the title. The words' boxes are those of a
    real title page (pdfTeX, pdfplumber's words), with other words."""
    boxes = [
        ("Shared", 165.8, 249.8, 69.4, 24.8),
        ("Records", 256.7, 374.6, 69.4, 24.8),
        ("Database", 381.5, 491.8, 69.4, 24.8),
        ("X", 137.2, 148.6, 108.5, 17.2),
        ("Desktop", 153.4, 221.3, 108.5, 17.2),
        ("Group", 226.1, 277.4, 108.5, 17.2),
        ("(www.example.org)", 287.0, 520.4, 108.5, 17.2),
        ("Ann", 259.6, 325.6, 157.9, 17.2),
        ("Example", 330.4, 397.9, 157.9, 17.2),
        ("ann", 269.8, 303.7, 184.9, 12.0),
        ("at", 307.0, 317.6, 184.9, 12.0),
        ("example.org", 320.9, 387.8, 184.9, 12.0),
        ("1.", 71.7, 86.1, 236.0, 17.2),
        ("Introduction", 90.9, 190.9, 236.0, 17.2),
        ("1.1.", 119.6, 143.5, 277.6, 14.3),
        ("Version", 147.5, 199.2, 277.6, 14.3),
    ]
    words = [Word(text, x0, x1, top, top + size, size) for text, x0, x1, top, size in boxes]
    body = sentences(6, seed=21, words=11)
    for row, text in enumerate(body):
        words += _line(text, 313.9 + 13 * row, 119.6, 10.0, space=0.25)
    result = layout_text([PageWords(1, 609.7, 789.0, words)])
    expected = [text for text, *_ in boxes] + body
    assert tokenize(result.text) == tokenize(" ".join(expected))
    assert result.dropped.get("page_numbers", 0) == 0


def test_a_two_word_label_beside_a_paragraph_is_not_spliced_into_it() -> None:
    """A heading of two words in large type in a left margin, level with a paragraph's
    second line (a real strategy's page): too wide for a margin of labels, it has a band
    between its words, which is no reason to read its second word with that line."""
    paragraph = [
        "We will provide online services as",
        "part of a wider, user-focused service",
        "offering. As we encourage this shift",
        "we will be mindful of citizens who",
        "do not always wish to use digital",
        "channels.",
    ]
    words = [
        w
        for row, text in enumerate(paragraph)
        for w in _line(text, 596 + 13 * row, 310, 12, space=0.25)
    ]
    words += [Word("User", 34.0, 84.0, 601.2, 625.2, 24.0)]
    words += [Word("services", 89.0, 176.0, 601.2, 625.2, 24.0)]
    text = layout_text([PageWords(1, 595, 842, words)]).text
    assert " ".join(tokenize(" ".join(paragraph))) in " ".join(tokenize(text))
