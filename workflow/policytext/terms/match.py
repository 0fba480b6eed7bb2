"""Concepts and frames from the config, and matching them in tokenised paragraphs.

A concept is a named family of regular expressions, matched over one paragraph's tokens
joined by single spaces, so that a multi-token variant such as ``co production`` matches
while a match can never run from one paragraph into the next. Every match must start and end
at a token edge or at a hyphen inside a compound token: ``integration`` does not match inside
``disintegration`` and ``outcome`` does not match the start of ``outcomes`` unless the
pattern says so, while ``co-production`` is found in ``co-production-led``.

A frame is a named list of words or phrases; context tokens are compared by their simplemma
lemmas (when lemmatisation is on), so that ``resources`` counts for ``resource``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from policytext.errors import UserError

CONCEPT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Concept:
    """A named family of spelling variants, compiled into one whole-token regex."""

    name: str
    patterns: tuple[str, ...]
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Match:
    """One concept mention: token positions ``start`` (inclusive) to ``end`` (exclusive)."""

    concept: str
    start: int
    end: int


@dataclass(frozen=True)
class Frame:
    """A named word list: single lemmas, and phrases as tuples of lemmas."""

    name: str
    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


def compile_concept(name: str, patterns: Sequence[str]) -> Concept:
    """Compile a concept's patterns into one regex anchored at token boundaries.

    Raises UserError naming the concept and pattern when a pattern is not a valid regex.
    """
    if not CONCEPT_NAME.match(name):
        raise UserError(
            f"terms.concepts: {name!r} is not a valid concept name; use lower-case letters, "
            "digits, '-' and '_' (it becomes a file name)"
        )
    if not patterns:
        raise UserError(f"terms.concepts.{name}: give at least one pattern")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise UserError(
                f"terms.concepts.{name}: pattern {pattern!r} is not a valid regex ({error})"
            ) from error
    alternatives = "|".join(f"(?:{pattern})" for pattern in patterns)
    regex = re.compile(f"(?<![^ -])(?:{alternatives})(?![^ -])", re.IGNORECASE)
    return Concept(name, tuple(patterns), regex)


def parse_concepts(raw: Mapping[str, Sequence[str]]) -> list[Concept]:
    """Concepts from the config mapping ``name -> [patterns]``, in config order."""
    if not raw:
        raise UserError("terms.concepts is empty; name at least one concept and its patterns")
    return [
        compile_concept(str(name), [str(p) for p in patterns]) for name, patterns in raw.items()
    ]


def match_paragraph(tokens: Sequence[str], concepts: Iterable[Concept]) -> list[Match]:
    """Every concept mention in one paragraph, sorted by position then concept order.

    Matches of one concept never overlap; matches of different concepts may (a paragraph
    mentioning ``community assets`` can also count for a concept matching ``assets``).

    >>> concepts = parse_concepts({"co-production": [r"co[- ]?production"]})
    >>> match_paragraph("we value co production and coproduction".split(), concepts)
    [Match(concept='co-production', start=2, end=4), Match(concept='co-production', start=5, end=6)]
    """
    line = " ".join(tokens)
    offsets = []
    position = 0
    for token in tokens:
        offsets.append(position)
        position += len(token) + 1
    matches = []
    for concept in concepts:
        for found in concept.regex.finditer(line):
            if found.end() == found.start():
                continue
            # The match covers the tokens from the one it starts in to the one it ends in.
            matches.append(
                Match(
                    concept.name,
                    bisect_right(offsets, found.start()) - 1,
                    bisect_left(offsets, found.end()),
                )
            )
    return matches


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The token's English lemma by simplemma (no downloads); unknown words come back as is."""
    import simplemma

    return simplemma.lemmatize(token, lang="en").lower()


def normalise_word(word: str, *, lemmatize: bool) -> str:
    """A token as frames compare it: its lemma, or itself when lemmatisation is off."""
    return lemma(word) if lemmatize else word


def parse_frames(raw: Mapping[str, Sequence[str]], *, lemmatize: bool) -> list[Frame]:
    """Frames from the config mapping ``name -> [words or phrases]``.

    Each entry is tokenised with the shared tokeniser and lemmatised like the context tokens
    it is compared with; an entry of several tokens is a phrase.
    """
    from policytext.text.tokenize import tokenize

    frames = []
    for name, entries in raw.items():
        words: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        for entry in entries:
            parts = tuple(normalise_word(token, lemmatize=lemmatize) for token in tokenize(entry))
            if len(parts) == 1:
                words.add(parts[0])
            elif parts:
                phrases.add(parts)
            else:
                raise UserError(f"terms.frames.{name}: entry {entry!r} has no word in it")
        frames.append(Frame(str(name), frozenset(words), tuple(sorted(phrases))))
    return frames


def frame_hits(
    lemmas: Sequence[str], positions: Iterable[int], frames: Sequence[Frame]
) -> dict[str, int]:
    """How many of the context ``positions`` in a paragraph's ``lemmas`` hit each frame.

    A single word counts at its position; a phrase counts once when it starts at a context
    position. A word listed in two frames counts for both.
    """
    hits = dict.fromkeys((frame.name for frame in frames), 0)
    for position in positions:
        word = lemmas[position]
        for frame in frames:
            if word in frame.words:
                hits[frame.name] += 1
            for phrase in frame.phrases:
                if phrase[0] == word and tuple(lemmas[position : position + len(phrase)]) == phrase:
                    hits[frame.name] += 1
    return hits
