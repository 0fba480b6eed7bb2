"""Splitting a paragraph into sentences without trained data.

nltk's punkt model is not available offline, so sentences are found by a rule: a sentence
ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets after it) that is followed
by white space and then by a capital letter, a digit or an opening quote or bracket. Three
kinds of full stop do not end a sentence: one after a known abbreviation (``e.g.``, ``Dr.``,
``No.``, ``para.``), one after a single letter (an initial, as in ``J. Smith``) and one after
an initialism written with stops (``U.K.``). The rule errs towards joining two sentences
rather than cutting one, since a passage shown whole is safer to read than a passage cut.

Sentences only ever end at white space, so the tokens of a paragraph are exactly the tokens
of its sentences, one after another: a token position can be mapped to its sentence.
"""

from __future__ import annotations

import re

#: Lower-case abbreviations (without their final stop) after which a stop never ends a
#: sentence: titles, references inside documents, Latin and common English shortenings.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "rev", "hon", "sr", "jr", "st", "cllr", "rt",
        "no", "nos", "vol", "vols", "p", "pp", "para", "paras", "sec", "sect", "ch", "chap",
        "fig", "figs", "art", "reg", "sch", "cf", "al", "eg", "ie", "etc", "vs", "viz",
        "approx", "ca", "c", "est", "dept", "govt", "co", "ltd", "inc", "plc", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ed", "eds",
        "op", "ibid", "n.b", "e.g", "i.e", "et al",
    }
)  # fmt: skip

# A candidate end: terminal punctuation, closing marks, then the white space after it.
_CANDIDATE = re.compile(r"[.!?]+[\"')\]\u2019\u201d]*(\s+)")
# What a new sentence may start with: a capital, a digit, or an opening mark before one.
_OPENING = re.compile(r"[\"'(\[\u2018\u201c]*[A-Z0-9\u00c0-\u00de]")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_LIST_NUMBER = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,5})[.)]*$", re.IGNORECASE)


def _word_before(text: str, stop: int) -> str:
    """The word that ends at ``stop`` (the index of the punctuation), without opening marks."""
    start = max(text.rfind(" ", 0, stop), text.rfind("\n", 0, stop)) + 1
    return text[start:stop].lstrip("\"'([\u2018\u201c")


def _ends_sentence(text: str, found: re.Match[str]) -> bool:
    """Whether the candidate end ``found`` in ``text`` really ends a sentence."""
    if not _OPENING.match(text, found.end()):
        return False
    if text[found.start()] != ".":
        return True
    word = _word_before(text, found.start())
    if not word:
        return True
    lowered = word.lower()
    if lowered in ABBREVIATIONS or _INITIALISM.match(word):
        return False
    return not (len(word) == 1 and word.isalpha())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, white space excluded.

    >>> text = "Dr. Smith met the U.K. team, e.g. in Leith. It went well! Next: 2020."
    >>> [text[start:end] for start, end in sentence_spans(text)]
    ['Dr. Smith met the U.K. team, e.g. in Leith.', 'It went well!', 'Next: 2020.']
    """
    spans = []
    start = len(text) - len(text.lstrip())
    for found in _CANDIDATE.finditer(text):
        if found.start() < start or not _ends_sentence(text, found):
            continue
        if _LIST_NUMBER.match(text[start : found.start(1)]):
            continue  # "3. Third point": a list number opens its sentence, it is not one
        spans.append((start, found.start(1)))
        start = found.end()
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text)]
