"""One pass over a document's tokens: concept hits, KWIC lines, context words and frames.

:func:`scan_document` reads a document paragraph by paragraph and returns only counts and
the concordance lines, so a corpus of any size is processed one document at a time.

Contexts. The context of a concept in a paragraph is the set of token positions within
``context_window`` tokens either side of any of its matches, minus the matched tokens, and
never crossing the paragraph's edge. Positions are counted once however many matches they
are near, so two close mentions do not double-count the words between them. Collocates are
the context tokens that are not stopwords (stopwordsiso "en"), have a letter and two or more
characters; frames are counted over all context tokens.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from policytext.terms.match import Concept, Frame, frame_hits, match_paragraph, normalise_word


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English stopwords from stopwordsiso (shipped with the package, no download)."""
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("en"))


def is_content_word(token: str) -> bool:
    """True for a token worth counting as a collocate or keyword.

    >>> [is_content_word(word) for word in ["the", "2011", "x", "co-production"]]
    [False, False, False, True]
    """
    return len(token) > 1 and any(char.isalpha() for char in token) and token not in stopwords()


@dataclass(frozen=True)
class KwicLine:
    """A concordance line: the match with up to ``kwic_window`` tokens either side."""

    concept: str
    paragraph: int
    position: int
    left: str
    match: str
    right: str


@dataclass
class DocumentScan:
    """What one document contributes to every table of the term stage."""

    tokens: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    kwic: list[KwicLine] = field(default_factory=list)
    context_words: dict[str, Counter[str]] = field(default_factory=dict)
    context_tokens: Counter[str] = field(default_factory=Counter)
    frame_hits: dict[str, Counter[str]] = field(default_factory=dict)
    words: Counter[str] = field(default_factory=Counter)


def context_positions(spans: Sequence[tuple[int, int]], *, window: int, length: int) -> list[int]:
    """Sorted token positions within ``window`` of any span, excluding the spans themselves.

    >>> context_positions([(3, 4)], window=2, length=5)
    [1, 2, 4]
    """
    inside: set[int] = set()
    near: set[int] = set()
    for start, end in spans:
        inside.update(range(start, end))
        near.update(range(max(0, start - window), start))
        near.update(range(end, min(length, end + window)))
    return sorted(near - inside)


def scan_document(
    paragraphs: Iterable[Sequence[str]],
    *,
    concepts: Sequence[Concept],
    frames: Sequence[Frame],
    kwic_window: int,
    context_window: int,
    lemmatize: bool,
) -> DocumentScan:
    """Count concept hits, collect KWIC lines and tally context words and frame hits.

    ``paragraphs`` is a document's tokenised paragraphs (as read from its tokens file).
    """
    scan = DocumentScan()
    order = {concept.name: index for index, concept in enumerate(concepts)}
    for paragraph_index, tokens in enumerate(paragraphs):
        offset = scan.tokens
        scan.tokens += len(tokens)
        scan.words.update(tokens)
        matches = match_paragraph(tokens, concepts)
        if not matches:
            continue
        matches.sort(key=lambda match: (match.start, order[match.concept]))
        lemmas: list[str] | None = None
        spans_by_concept: dict[str, list[tuple[int, int]]] = {}
        for match in matches:
            scan.hits[match.concept] += 1
            spans_by_concept.setdefault(match.concept, []).append((match.start, match.end))
            scan.kwic.append(
                KwicLine(
                    match.concept,
                    paragraph_index,
                    offset + match.start,
                    " ".join(tokens[max(0, match.start - kwic_window) : match.start]),
                    " ".join(tokens[match.start : match.end]),
                    " ".join(tokens[match.end : match.end + kwic_window]),
                )
            )
        for concept_name, spans in spans_by_concept.items():
            positions = context_positions(spans, window=context_window, length=len(tokens))
            scan.context_tokens[concept_name] += len(positions)
            words = scan.context_words.setdefault(concept_name, Counter())
            words.update(tokens[p] for p in positions if is_content_word(tokens[p]))
            if frames:
                if lemmas is None:
                    lemmas = [normalise_word(token, lemmatize=lemmatize) for token in tokens]
                counts = scan.frame_hits.setdefault(concept_name, Counter())
                counts.update(frame_hits(lemmas, positions, frames))
    return scan
