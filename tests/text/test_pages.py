"""Pages and sentences: form feeds carried into tokens files, KWIC lines placed in both."""

from __future__ import annotations

import pytest

from policytext.errors import UserError
from policytext.text.pages import (
    is_paged,
    locate_in_files,
    locate_passages,
    paged_paragraphs,
    read_page_layout,
    tokenize_pages,
)
from policytext.text.sentences import split_sentences
from policytext.text.tokenize import read_tokens, tokenize_document, write_tokens

PAGED_TEXT = (
    "Co-production matters. Dr. Smith said so in the U.K. report.\n\n"
    "A paragraph that runs on\fto the next page. It ends here.\n\n"
    "\f\fAfter an empty page, e.g. this one. Last words!"
)


def test_form_feeds_leave_paragraphs_and_tokens_unchanged():
    without = PAGED_TEXT.replace("\f", " ")
    assert [p.tokens for p in paged_paragraphs(PAGED_TEXT)] == tokenize_document(without)
    assert tokenize_document(PAGED_TEXT) == tokenize_document(without)


def test_each_token_gets_one_plus_the_form_feeds_before_it():
    paragraphs = list(paged_paragraphs(PAGED_TEXT))
    assert set(paragraphs[0].pages) == {1}
    second = dict(zip(paragraphs[1].tokens, paragraphs[1].pages, strict=True))
    assert (second["on"], second["to"], second["ends"]) == (1, 2, 2)
    assert set(paragraphs[2].pages) == {4}


def test_tokens_file_keeps_tokens_for_every_reader_and_the_pages_for_the_layout(tmp_path):
    path = write_tokens(tmp_path / "doc.txt", tokenize_pages(PAGED_TEXT))
    assert read_tokens(path) == tokenize_document(PAGED_TEXT)
    layout = read_page_layout(path)
    tokens = [token for paragraph in read_tokens(path) for token in paragraph]
    pages = [layout.page_of(position) for position in range(len(tokens))]
    expected = [page for p in paged_paragraphs(PAGED_TEXT) for page in p.pages]
    assert pages == expected
    assert layout.paragraph_starts == [0, 11, 23]


def test_a_text_without_form_feeds_writes_the_same_bytes_as_before(tmp_path):
    text = PAGED_TEXT.replace("\f", "")
    old = write_tokens(tmp_path / "old.txt", tokenize_document(text)).read_bytes()
    assert write_tokens(tmp_path / "new.txt", tokenize_pages(text)).read_bytes() == old


def test_a_match_is_placed_in_its_sentence_and_page(tmp_path):
    tokens_path = write_tokens(tmp_path / "doc.txt", tokenize_pages(PAGED_TEXT))
    layout = read_page_layout(tokens_path)
    # "report" (last word of paragraph 0), "next" (paragraph 1, page 2), "last" (page 4)
    places = [(0, 10), (1, 18), (2, 31)]
    located = locate_passages(PAGED_TEXT, layout, places, paged=True)
    assert located == [
        (1, "Dr. Smith said so in the U.K. report."),
        (2, "A paragraph that runs on to the next page."),
        (4, "Last words!"),
    ]
    assert [page for page, _ in locate_passages(PAGED_TEXT, layout, places, paged=False)] == [
        None
    ] * 3


def test_text_that_no_longer_matches_its_tokens_is_a_user_error(tmp_path):
    tokens_path = write_tokens(tmp_path / "tokens.txt", tokenize_pages(PAGED_TEXT))
    text_path = tmp_path / "text.txt"
    text_path.write_text("Only one paragraph now.", encoding="utf-8")
    with pytest.raises(UserError, match="text.txt"):
        locate_in_files(tokens_path, text_path, [(0, 0)], paged=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rose. It fell.", ["It rose.", "It fell."]),
        ("See para. 4 and Fig. 2 for details.", ["See para. 4 and Fig. 2 for details."]),
        ("J. K. Smith wrote it. Then?", ["J. K. Smith wrote it.", "Then?"]),
        (
            "In the U.K. Government plans, etc. and more.",
            ["In the U.K. Government plans, etc. and more."],
        ),
        (
            '"Co-production is key." (Christie, 2011) The end',
            ['"Co-production is key."', "(Christie, 2011) The end"],
        ),
        ("3. Third point. 2.1 Next one", ["3. Third point.", "2.1 Next one"]),
        ("no capital after. so one sentence", ["no capital after. so one sentence"]),
        ("Heading without a stop", ["Heading without a stop"]),
    ],
)
def test_sentence_splitter_handles_abbreviations_initials_and_lists(text, expected):
    assert split_sentences(text) == expected


def test_sentences_cover_every_token_of_a_paragraph():
    from policytext.text import tokenize

    text = "We co-produce. Mr. Brown's team (est. 2011) agreed! Did they? Yes: 2014."
    assert [t for s in split_sentences(text) for t in tokenize(s)] == tokenize(text)


def test_only_pdf_files_are_paged():
    assert [is_paged(name) for name in ("a.pdf", "b.PDF", "c.html", "d.docx", "e.txt")] == [
        True,
        True,
        False,
        False,
        False,
    ]


def real_pdf_texts(count: int) -> list[tuple[str, str, int]]:
    """pdftotext's text (pages ended by form feeds) of a few real PDFs, with their page count."""
    import shutil
    import subprocess

    from tests.support.paths import real_corpus_or_skip

    folder = real_corpus_or_skip() / "pdf"
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdftotext, pdfinfo) is not installed")
    texts = []
    for path in sorted(folder.glob("*.pdf"))[:count]:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
        pages = int(
            next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:]
        )
        texts.append((path.name, text, pages))
    return texts


@pytest.mark.real
def test_real_pdfs_pages_and_sentences_from_pdftotext() -> None:
    """On text typeset by others (pdftotext ends every page with a form feed): pages count
    as pdfinfo says, tokens are those of the text without pages, sentences cover them all."""
    from policytext.text import tokenize

    for name, text, pages in real_pdf_texts(6):
        paragraphs = list(paged_paragraphs(text))
        assert [p.tokens for p in paragraphs] == tokenize_document(text), name
        assert text.count("\f") == pages, name
        assert max(p.pages[-1] for p in paragraphs) <= pages, name
        for paragraph in paragraphs:
            covered = [t for s in split_sentences(paragraph.text) for t in tokenize(s)]
            assert covered == paragraph.tokens, name
