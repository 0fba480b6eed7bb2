"""Normalising and tokenising document text: the one tokeniser every stage shares.

A token is a run of letters and digits, optionally joined by internal hyphens or apostrophes,
so that compounds such as ``co-production`` and ``person-centred`` stay whole. Tokens are
lower-cased; typographic dashes, quotes and ligatures are folded to ASCII first. A tokens
file holds one paragraph per line, tokens separated by single spaces, which keeps it
streamable and readable with standard tools.
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

# Characters folded before tokenising: hyphens and dashes used inside words, curly quotes.
_FOLD = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2212": "-",  # minus sign
    "\u00ad": "",  # soft hyphen: invisible, never a word boundary
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
}

# Possessive quantifiers (no backtracking): a letter run can never end on a hyphen or an
# apostrophe, so giving characters back could not make another match; this is faster.
_TOKEN = re.compile(r"[^\W_]++(?:[-'][^\W_]++)*+")
# The same tokens in ASCII text, where the letters and digits are these ranges: a third
# faster than testing each character's Unicode category.
_ASCII_TOKEN = re.compile(r"[0-9A-Za-z]++(?:[-'][0-9A-Za-z]++)*+")
#: A possessive that ends a token, in the text: ``'s`` after a letter or digit, and not
#: followed by one, nor by a hyphen or an apostrophe and one (which would go on with the
#: token). Matched from its ``'s``, found by a fast scan for the literal.
_POSSESSIVE_END = re.compile(r"'s(?<=[^\W_]'s)(?![^\W_]|[-'][^\W_])")


def normalise(text: str) -> str:
    """Fold Unicode to NFKC (ligatures become letters) and typographic marks to ASCII.

    >>> normalise("ﬁnancial “co‑production”")
    'financial "co-production"'
    """
    if text.isascii():
        return text  # NFKC leaves ASCII as it is, and every folded character is beyond it
    text = unicodedata.normalize("NFKC", text)
    # One replace a character, where it occurs: many times faster than str.translate.
    for mark, folded in _FOLD.items():
        if mark in text:
            text = text.replace(mark, folded)
    return text


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lower-case word tokens, keeping hyphenated compounds whole.

    >>> tokenize("Co-production isn't new: the Christie Commission's 2011 report.")
    ['co-production', "isn't", 'new', 'the', 'christie', 'commission', '2011', 'report']
    """
    folded = normalise(text).lower()
    if "'s" in folded:
        # Possessives are cut from the text before its tokens are found, in one search:
        # cutting them from the tokens would copy every token of a long text once more.
        folded = _POSSESSIVE_END.sub("", folded)
    return (_ASCII_TOKEN if folded.isascii() else _TOKEN).findall(folded)


def count_tokens(pieces: Iterable[str]) -> int:
    """How many tokens :func:`tokenize` finds in ``pieces`` joined by spaces, without
    making them all at once: a thousand pieces at a time (no token runs over a space), so
    that a long document's count holds a thousand pieces' tokens at the most.

    >>> count_tokens(["Co-production", "isn't", "ﬁnancial", "people’s"])
    4
    """
    pieces = iter(pieces)
    count = 0
    while batch := list(itertools.islice(pieces, _COUNT_BATCH)):
        count += _count_batch(batch)
    return count


#: Pieces counted in one search by :func:`count_tokens`.
_COUNT_BATCH = 1000


def _count_batch(pieces: list[str]) -> int:
    """The tokens of ``pieces`` joined by spaces.

    No piece is folded differently for the pieces round it, so the pieces in ASCII are
    counted apart from the others: by where the ASCII pattern's tokens start
    (:func:`_count_ascii_tokens`), and without lower-casing, which in ASCII turns no
    letter into a non-letter. The others are folded as :func:`tokenize` folds them, and
    counted the same way when that leaves them in ASCII (curly quotes do). Possessives are
    not cut: cutting ``'s`` shortens a token, and never removes one.
    """
    ascii_pieces, others = split_ascii(pieces)
    count = _count_ascii_tokens(" ".join(ascii_pieces))
    if not others:
        return count
    folded = normalise(" ".join(others)).lower()
    if folded.isascii():
        return count + _count_ascii_tokens(folded)
    return count + len(_TOKEN.findall(folded))


#: Each ASCII character as its part in a token: ``a`` for a letter or digit, ``-`` for a
#: mark that joins two runs of them (hyphen, apostrophe), a space for anything else.
_TOKEN_PARTS = bytes(
    ord("a") if chr(code).isalnum() else ord("-") if chr(code) in "-'" else ord(" ")
    for code in range(128)
).ljust(256, b" ")


def _count_ascii_tokens(text: str) -> int:
    """How many tokens ``_ASCII_TOKEN`` finds in ASCII ``text``, counted without making
    them: a token starts at a letter or digit after anything but another, unless a single
    joining mark stands between it and one (``co-production`` is one token, ``well--being``
    two). Counting those starts in the text's parts (``_TOKEN_PARTS``) takes a third of the
    time of finding the tokens; no two of the three patterns counted can overlap, nor any
    of them itself."""
    parts = b"  " + text.encode("ascii").translate(_TOKEN_PARTS)
    return parts.count(b" a") + parts.count(b" -a") + parts.count(b"--a")


def split_ascii(pieces: Iterable[str]) -> tuple[list[str], list[str]]:
    """The pieces all in ASCII, and the others, each in their order: ASCII text can be
    searched with patterns of plain character ranges, faster than Unicode categories."""
    ascii_pieces: list[str] = []
    others: list[str] = []
    for piece in pieces:
        (ascii_pieces if piece.isascii() else others).append(piece)
    return ascii_pieces, others


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at blank lines, joining the lines inside each one."""
    blocks = re.split(r"\n\s*\n", text)
    joined = (" ".join(line.strip() for line in block.splitlines()) for block in blocks)
    return [block for block in joined if block.strip()]


def tokenize_document(text: str) -> list[list[str]]:
    """Tokenise a document paragraph by paragraph, dropping paragraphs with no tokens."""
    tokenized = (tokenize(paragraph) for paragraph in paragraphs(text))
    return [tokens for tokens in tokenized if tokens]


def write_tokens(path: str | os.PathLike[str], document: list[list[str]]) -> Path:
    """Write a tokenised document: one paragraph a line, tokens joined by single spaces."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(" ".join(tokens) + "\n" for tokens in document)
    path.write_text(body, encoding="utf-8")
    return path


def read_tokens(path: str | os.PathLike[str]) -> list[list[str]]:
    """Read a tokens file back into paragraphs of tokens."""
    return list(iter_token_paragraphs(path))


def iter_token_paragraphs(path: str | os.PathLike[str]) -> Iterator[list[str]]:
    """Stream the paragraphs of a tokens file without loading it whole."""
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            tokens = line.split()
            if tokens:
                yield tokens
