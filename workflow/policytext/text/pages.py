"""Pages in text and tokens: where each token and each concordance line sits.

Extraction separates the pages of a paged document (PDF) by a form feed ``\\f`` in
``text/{doc_id}.txt``. A form feed is white space to the tokeniser, so it never splits a
paragraph that runs on to the next page: the paragraphs and tokens of a text are the same
with or without its form feeds. To carry the page into the tokens file without changing its
tokens, a page break is written there as a ``\\f`` item of its own before the first token of
the new page (one per break, so an empty page leaves two). ``str.split()`` treats ``\\f`` as
white space, so every reader that splits a line on white space sees exactly the tokens it
saw before; :func:`read_page_layout` counts the breaks.

The page of a token is 1 plus the number of form feeds before it in the text. Whether a
page is shown at all depends on the document's format (:func:`is_paged`): HTML, TXT and DOCX
have no pages, so their page stays empty.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_BREAK = "\f"
#: File types (see :mod:`policytext.filetypes`) whose text has pages.
PAGED_TYPES = frozenset({"pdf"})
_PARAGRAPH_GAP = re.compile(r"(\n\s*\n)")


@dataclass(frozen=True)
class PagedParagraph:
    """One paragraph of a text: its words as one line, its tokens and each token's page."""

    text: str
    tokens: list[str]
    pages: list[int]


def is_paged(file_name: str) -> bool:
    """True when a document's file is in a paged format (its KWIC lines carry a page).

    >>> is_paged("pdf/report.PDF"), is_paged("web/page.html")
    (True, False)
    """
    from policytext.filetypes import promised_type

    return promised_type(Path(file_name)) in PAGED_TYPES


def paged_paragraphs(text: str) -> Iterator[PagedParagraph]:
    """The paragraphs of ``text`` that have tokens, each token with its page.

    Paragraphs and tokens are exactly those of :func:`policytext.text.tokenize_document`:
    the text is cut at blank lines, lines are joined by spaces, and a form feed only moves
    the page on.

    >>> [(p.tokens, p.pages) for p in paged_paragraphs("One two\\fthree.\\n\\n\\fFour")]
    [(['one', 'two', 'three'], [1, 1, 2]), (['four'], [3])]
    """
    from policytext.text import tokenize

    page = 1
    for index, piece in enumerate(_PARAGRAPH_GAP.split(text)):
        if index % 2:
            page += piece.count(PAGE_BREAK)
            continue
        texts, tokens, pages = [], [], []
        for offset, segment in enumerate(piece.split(PAGE_BREAK)):
            joined = " ".join(line.strip() for line in segment.splitlines()).strip()
            segment_tokens = tokenize(joined)
            texts.append(joined)
            tokens += segment_tokens
            pages += [page + offset] * len(segment_tokens)
        page += piece.count(PAGE_BREAK)
        if tokens:
            yield PagedParagraph(" ".join(part for part in texts if part), tokens, pages)


def tokenize_pages(text: str) -> list[list[str]]:
    """Tokenise a document for its tokens file, with a ``\\f`` item before each new page.

    Without form feeds in ``text`` this equals :func:`policytext.text.tokenize_document`.

    >>> tokenize_pages("One two\\fthree.\\n\\n\\f\\fFour")
    [['one', 'two', '\\x0c', 'three'], ['\\x0c', '\\x0c', 'four']]
    """
    document = []
    current = 1
    for paragraph in paged_paragraphs(text):
        items = []
        for token, page in zip(paragraph.tokens, paragraph.pages, strict=True):
            items += [PAGE_BREAK] * (page - current)
            current = page
            items.append(token)
        document.append(items)
    return document


@dataclass(frozen=True)
class PageLayout:
    """Where a tokens file's paragraphs start and its pages break, in document tokens."""

    paragraph_starts: list[int]
    break_offsets: list[int]

    def page_of(self, position: int) -> int:
        """The page of the token at document ``position`` (1 for a text with no breaks)."""
        return 1 + bisect_right(self.break_offsets, position)


def read_page_layout(path: str | os.PathLike[str]) -> PageLayout:
    """Paragraph starts and page breaks of a tokens file, as token offsets in the document."""
    starts: list[int] = []
    breaks: list[int] = []
    position = 0
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            items = line.rstrip("\n").split(" ")
            tokens = [item for item in items if item and item != PAGE_BREAK]
            if not tokens:
                continue
            starts.append(position)
            for item in items:
                if item == PAGE_BREAK:
                    breaks.append(position)
                elif item:
                    position += 1
    return PageLayout(starts, breaks)


def _sentence_token_ends(paragraph: PagedParagraph) -> list[tuple[int, str]]:
    """For each sentence of a paragraph: the token count up to its end, and its text."""
    from policytext.text import tokenize
    from policytext.text.sentences import sentence_spans

    ends = []
    total = 0
    for start, end in sentence_spans(paragraph.text):
        sentence = paragraph.text[start:end]
        total += len(tokenize(sentence))
        ends.append((total, " ".join(sentence.split())))
    return ends


def locate_passages(
    text: str, layout: PageLayout, places: list[tuple[int, int]], *, paged: bool
) -> list[tuple[int | None, str]]:
    """The page (None when not ``paged``) and sentence of each ``(paragraph, position)``.

    ``paragraph`` indexes the tokens file's paragraphs and ``position`` is a document token
    offset, as in a KWIC line; ``text`` is the document's extracted text and ``layout`` its
    tokens file's layout. Raises ValueError when the text no longer matches the tokens.
    """
    paragraphs = list(paged_paragraphs(text))
    if len(paragraphs) != len(layout.paragraph_starts):
        raise ValueError(
            f"the text has {len(paragraphs)} paragraphs but its tokens file "
            f"{len(layout.paragraph_starts)}; re-run tokenisation"
        )
    sentences: dict[int, list[tuple[int, str]]] = {}
    located = []
    for paragraph, position in places:
        if paragraph not in sentences:
            sentences[paragraph] = _sentence_token_ends(paragraphs[paragraph])
        offset = position - layout.paragraph_starts[paragraph]
        sentence = next((text for end, text in sentences[paragraph] if offset < end), "")
        located.append((layout.page_of(position) if paged else None, sentence))
    return located


def locate_in_files(
    tokens_path: Path, text_path: Path | None, places: list[tuple[int, int]], *, paged: bool
) -> list[tuple[int | None, str]]:
    """:func:`locate_passages` for a document's tokens and text files.

    Without ``text_path`` only the pages are found (from the tokens file) and every sentence
    is empty. Raises UserError naming the files when the text is missing or does not match
    the tokens.
    """
    from policytext.errors import UserError

    layout = read_page_layout(tokens_path)
    if text_path is None:
        return [(layout.page_of(position) if paged else None, "") for _, position in places]
    if not text_path.is_file():
        raise UserError(f"{text_path}: text file not found (needed for KWIC sentences)")
    try:
        return locate_passages(text_path.read_text(encoding="utf-8"), layout, places, paged=paged)
    except ValueError as error:
        raise UserError(f"{text_path} and {tokens_path}: {error}") from error


def paged_documents(manifest: Path) -> frozenset[str]:
    """The doc_ids of a manifest whose files are in a paged format (see :func:`is_paged`)."""
    from policytext.errors import UserError
    from policytext.io import read_table

    if not manifest.is_file():
        raise UserError(f"{manifest}: manifest not found")
    return frozenset(row["doc_id"] for row in read_table(manifest) if is_paged(row.get("file", "")))
