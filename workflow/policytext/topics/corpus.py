"""The topic-model corpus: lemmas, stopwords, phrases and a filtered dictionary, streamed.

Each usable document's tokens file (one paragraph a line) is turned into model terms:

1. every token is lemmatised with simplemma (English);
2. stopwords (stopwordsiso "en", plus the config's ``stopwords_extra``), tokens holding a
   digit, and tokens shorter than ``min_token_length`` letters are dropped;
3. gensim Phrases, trained on the paragraphs with fixed settings (:data:`PHRASE_SETTINGS`),
   joins frequent word pairs into one term (``social_care``, ``third_sector``);
4. the model is fitted on *units*: paragraphs (``unit: paragraph``, the default; a
   paragraph with fewer than :data:`MIN_UNIT_TERMS` terms is not a unit of its own) or whole
   documents (``unit: document``). Long policy documents mix many themes; their paragraphs
   mostly keep to one, so topics fitted on paragraphs come out sharper (on the demo corpus,
   see BENCHMARKS.md). Every document-level output then comes from the whole document's
   words, inferred under the fitted model;
5. a Dictionary is built over the units and filtered by unit frequency (``no_below`` units
   at least, ``no_above`` share of units at most, ``keep_n`` words at most).

The prepared corpus is written once and read by every fit: ``texts.txt`` (one unit a line,
its terms in order; the coherence scorer reads it), ``dictionary.txt`` (gensim's text
format), ``corpus.mm`` (the units' bags of words in Matrix Market format, streamed by
gensim), ``documents.mm`` (the documents' bags of words), ``documents.txt`` (one document a
line) and ``documents.csv`` (doc_id, year, doc_type, period, terms, units, in corpus order).
Every pass streams from disk, so memory grows with the vocabulary, not with the corpus.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policytext.corpus.documents import UsableDocument
from policytext.errors import UserError
from policytext.io import read_table, write_table
from policytext.text.tokenize import iter_token_paragraphs

logger = logging.getLogger(__name__)

#: Phrase detection settings, fixed so that results do not hinge on tuning them: a pair
#: becomes a term when it occurs at least 5 times and its normalised PMI is at least 0.7.
#: One round only: a second round on templated text glued whole clauses together.
PHRASE_SETTINGS: dict[str, Any] = {"min_count": 5, "threshold": 0.7, "scoring": "npmi"}
PHRASE_ROUNDS = 1

#: File names inside the prepared-corpus folder.
TEXTS = "texts.txt"
DOCUMENT_TEXTS = "documents.txt"
DICTIONARY = "dictionary.txt"
CORPUS = "corpus.mm"
DOCUMENT_CORPUS = "documents.mm"
DOCUMENTS = "documents.csv"
DOCUMENT_COLUMNS = ("doc_id", "year", "doc_type", "period", "terms", "units")
#: Every file of the prepared corpus (the .mm files come with a .mm.index).
FILES = (
    TEXTS,
    DOCUMENT_TEXTS,
    DICTIONARY,
    CORPUS,
    CORPUS + ".index",
    DOCUMENT_CORPUS,
    DOCUMENT_CORPUS + ".index",
    DOCUMENTS,
)
#: A paragraph with fewer terms than this joins the document's leftover unit.
MIN_UNIT_TERMS = 5
UNITS = ("paragraph", "document")


@functools.lru_cache(maxsize=1)
def base_stopwords() -> frozenset[str]:
    """The stopwordsiso English list (ships its data; no download)."""
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("en"))


@functools.lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The simplemma English lemma of a lower-case token (``services`` -> ``service``)."""
    import simplemma

    return simplemma.lemmatize(token, lang="en").lower()


def make_term_filter(*, extra_stopwords: Iterable[str] = (), min_length: int = 3):
    """A function from raw tokens to kept lemmas: stopwords, digits and short tokens out.

    A token is dropped when it or its lemma is a stopword, when it holds a digit, or when
    it has fewer than ``min_length`` letters or digits.

    >>> keep = make_term_filter(extra_stopwords=["scottish"])
    >>> keep(["the", "services", "of", "2014", "nhs", "scottish", "co-production", "at"])
    ['service', 'nhs', 'co-production']
    """
    stopwords = base_stopwords() | {word.lower() for word in extra_stopwords}

    def keep(tokens: Sequence[str]) -> list[str]:
        kept = []
        for token in tokens:
            if token in stopwords or any(char.isdigit() for char in token):
                continue
            word = lemma(token)
            if word in stopwords or sum(char.isalnum() for char in word) < min_length:
                continue
            kept.append(word)
        return kept

    return keep


class TokenParagraphs:
    """Re-iterable stream of every document's paragraphs as kept lemmas."""

    def __init__(self, token_files: Sequence[Path], keep) -> None:
        self.token_files = token_files
        self.keep = keep

    def __iter__(self) -> Iterator[list[str]]:
        for path in self.token_files:
            for paragraph in iter_token_paragraphs(path):
                terms = self.keep(paragraph)
                if terms:
                    yield terms


def train_phrases(paragraphs: Iterable[list[str]] | TokenParagraphs) -> list[Any]:
    """Train :data:`PHRASE_ROUNDS` rounds of frozen gensim phrase models, each on the last."""
    from gensim.models.phrases import Phrases

    models: list[Any] = []
    for _ in range(PHRASE_ROUNDS):
        stream = PhrasedStream(paragraphs, models)
        phrases = Phrases(stream, **PHRASE_SETTINGS)
        models.append(phrases.freeze())
    return models


class PhrasedStream:
    """Re-iterable stream of paragraphs with every phrase model applied in turn."""

    def __init__(self, paragraphs, models: Sequence[Any]) -> None:
        self.paragraphs = paragraphs
        self.models = list(models)

    def __iter__(self) -> Iterator[list[str]]:
        for paragraph in self.paragraphs:
            yield apply_phrases(paragraph, self.models)


def apply_phrases(terms: list[str], models: Sequence[Any]) -> list[str]:
    """Join the phrases each model has learned, in order."""
    for model in models:
        terms = model[terms]
    return list(terms)


def document_units(path: Path, keep, phrase_models: Sequence[Any], *, unit: str) -> list[list[str]]:
    """One document's model terms split into fitting units (kept lemmas, phrases joined).

    ``unit="document"`` gives one unit. ``unit="paragraph"`` gives one unit per paragraph
    of at least :data:`MIN_UNIT_TERMS` terms; shorter paragraphs (headings, captions) are
    pooled into one last unit, so that no term is lost.
    """
    units: list[list[str]] = []
    leftover: list[str] = []
    for paragraph in iter_token_paragraphs(path):
        kept = keep(paragraph)
        if not kept:
            continue
        terms = apply_phrases(kept, phrase_models)
        if unit == "paragraph" and len(terms) >= MIN_UNIT_TERMS:
            units.append(terms)
        else:
            leftover.extend(terms)
    if unit == "document":
        return [leftover]
    return units + ([leftover] if leftover else [])


class TextLines:
    """Re-iterable stream of the documents in a texts file (one document a line)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def __iter__(self) -> Iterator[list[str]]:
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                yield line.split()


class BagOfWords:
    """Re-iterable stream of bag-of-words vectors for the documents in a texts file."""

    def __init__(self, texts: TextLines, dictionary) -> None:
        self.texts = texts
        self.dictionary = dictionary

    def __iter__(self):
        for terms in self.texts:
            yield self.dictionary.doc2bow(terms)


def prepare_corpus(
    documents: Sequence[UsableDocument],
    tokens_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    options: Mapping[str, Any],
) -> dict[str, int]:
    """Write the prepared corpus (texts, dictionary, Matrix Market corpus, documents) to out_dir.

    Returns counts for the log: documents, vocabulary before and after filtering, terms.
    Raises UserError when a tokens file is missing or the filters leave no vocabulary.
    """
    from gensim.corpora import Dictionary, MmCorpus

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    token_files = [Path(tokens_dir) / f"{document.doc_id}.txt" for document in documents]
    missing = [str(path) for path in token_files if not path.is_file()]
    if missing:
        raise UserError(f"tokens files missing for usable documents: {', '.join(missing[:5])}")
    keep = make_term_filter(
        extra_stopwords=options.get("stopwords_extra", []),
        min_length=int(options.get("min_token_length", 3)),
    )
    unit = str(options.get("unit", "paragraph"))
    if unit not in UNITS:
        raise UserError(f"topics.unit: {unit!r} is not one of {', '.join(UNITS)}")
    phrase_models = train_phrases(TokenParagraphs(token_files, keep))

    term_counts, unit_counts = [], []
    with (
        (out_dir / TEXTS).open("w", encoding="utf-8") as units_file,
        (out_dir / DOCUMENT_TEXTS).open("w", encoding="utf-8") as documents_file,
    ):
        for path in token_files:
            units = document_units(path, keep, phrase_models, unit=unit)
            for terms in units:
                units_file.write(" ".join(terms) + "\n")
            everything = [term for terms in units for term in terms]
            documents_file.write(" ".join(everything) + "\n")
            term_counts.append(len(everything))
            unit_counts.append(len(units))

    texts = TextLines(out_dir / TEXTS)
    dictionary = Dictionary(texts)
    vocabulary_before = len(dictionary)
    dictionary.filter_extremes(
        no_below=int(options.get("no_below", 3)),
        no_above=float(options.get("no_above", 0.5)),
        keep_n=int(options.get("keep_n", 20000)),
    )
    dictionary.compactify()
    if len(dictionary) == 0:
        # Not fatal: too little text for a topic model is a finding (no K is allowed, and
        # every topic table says so), not a broken run.
        logger.warning(
            "topics: the document-frequency filters (no_below, no_above) left no words; "
            "no topic model can be fitted (lower topics.no_below or raise topics.no_above)"
        )
    dictionary.save_as_text(str(out_dir / DICTIONARY), sort_by_word=True)
    # Reload so the ids match the text file exactly (save_as_text keeps ids, but a reload
    # is what every fit does, and this keeps the corpus and the fits on one mapping).
    dictionary = Dictionary.load_from_text(str(out_dir / DICTIONARY))
    MmCorpus.serialize(str(out_dir / CORPUS), BagOfWords(texts, dictionary), id2word=dictionary)
    MmCorpus.serialize(
        str(out_dir / DOCUMENT_CORPUS),
        BagOfWords(TextLines(out_dir / DOCUMENT_TEXTS), dictionary),
        id2word=dictionary,
    )

    write_table(
        out_dir / DOCUMENTS,
        (
            {
                "doc_id": document.doc_id,
                "year": document.year,
                "doc_type": document.doc_type,
                "period": document.period,
                "terms": count,
                "units": units,
            }
            for document, count, units in zip(documents, term_counts, unit_counts, strict=True)
        ),
        DOCUMENT_COLUMNS,
    )
    return {
        "documents": len(documents),
        "vocabulary": vocabulary_before,
        "kept": len(dictionary),
        "terms": sum(term_counts),
        "units": sum(unit_counts),
    }


@dataclass
class PreparedCorpus:
    """The prepared corpus on disk, opened for streaming."""

    folder: Path
    dictionary: Any
    corpus: Any
    document_corpus: Any
    documents: list[UsableDocument]

    @property
    def texts(self) -> TextLines:
        """The units' terms, one list per unit (for coherence)."""
        return TextLines(self.folder / TEXTS)

    @property
    def units(self) -> int:
        """How many fitting units the model is fitted on."""
        return len(self.corpus)


def load_prepared(folder: str | os.PathLike[str]) -> PreparedCorpus:
    """Open a folder written by :func:`prepare_corpus`."""
    from gensim.corpora import Dictionary, MmCorpus

    folder = Path(folder)
    for name in FILES:
        if not (folder / name).is_file():
            raise UserError(f"{folder / name} is missing; run 'policytext topics-corpus' first")
    dictionary = Dictionary.load_from_text(str(folder / DICTIONARY))
    corpus = MmCorpus(str(folder / CORPUS))
    document_corpus = MmCorpus(str(folder / DOCUMENT_CORPUS))
    documents = [
        UsableDocument(row["doc_id"], int(row["year"]), row["doc_type"], row["period"])
        for row in read_table(folder / DOCUMENTS)
    ]
    return PreparedCorpus(folder, dictionary, corpus, document_corpus, documents)
