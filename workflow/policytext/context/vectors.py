"""Word vectors for the context stage: trained on the corpus, or read from a word2vec file.

Training uses gensim's Word2Vec (CBOW) with one worker thread and a fixed seed, reading the
tokens files paragraph by paragraph on every pass, so memory does not grow with the corpus
and the vectors are the same bytes on every run. A file of pre-trained vectors (GloVe,
fastText or word2vec, in word2vec text or binary format; a text file without the
``count dim`` header line is read too) is used instead when ``context.vectors`` names one.
Nothing is ever downloaded.

Either way, only words seen at least ``min_count`` times in the corpus are kept, ordered by
corpus count (most frequent first, ties alphabetical): the ALC transform and the
neighbours are about this corpus's vocabulary.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policytext.errors import UserError

logger = logging.getLogger(__name__)

VECTORS_FILE = "vectors.npy"
VOCABULARY_FILE = "vocabulary.csv"
VOCABULARY_COLUMNS = ["word", "count"]


@dataclass(frozen=True)
class WordVectors:
    """The corpus vocabulary with a vector per word: ``vectors[i]`` belongs to ``words[i]``."""

    words: tuple[str, ...]
    counts: np.ndarray
    vectors: np.ndarray

    def index(self) -> dict[str, int]:
        """Word -> row of ``vectors``."""
        return {word: row for row, word in enumerate(self.words)}

    def unit(self) -> np.ndarray:
        """The vectors scaled to length 1 (a zero vector stays zero)."""
        lengths = np.linalg.norm(self.vectors, axis=1, keepdims=True)
        return self.vectors / np.where(lengths > 0, lengths, 1.0)


class CorpusParagraphs:
    """The paragraphs (token lists) of tokens files, read afresh on every iteration."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)

    def __iter__(self) -> Iterator[list[str]]:
        from policytext.text import iter_token_paragraphs

        for path in self.paths:
            yield from iter_token_paragraphs(path)


def count_words(paragraphs: Iterable[Sequence[str]]) -> Counter[str]:
    """How often each token occurs in the corpus."""
    counts: Counter[str] = Counter()
    for tokens in paragraphs:
        counts.update(tokens)
    return counts


def train_word2vec(
    paragraphs: Iterable[list[str]],
    *,
    dim: int,
    window: int,
    min_count: int,
    epochs: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """Train CBOW Word2Vec on the paragraphs; one worker thread so results are reproducible.

    Returns word -> vector. ``paragraphs`` must be iterable more than once.
    """
    from gensim.models import Word2Vec

    model = Word2Vec(
        sentences=paragraphs,
        vector_size=dim,
        window=window,
        min_count=min_count,
        epochs=epochs,
        seed=seed,
        workers=1,
        sg=0,
    )
    return {word: model.wv[word] for word in model.wv.index_to_key}


def has_word2vec_header(path: Path) -> bool:
    """True when a text vectors file starts with the ``count dim`` line of word2vec."""
    with path.open("rb") as handle:
        first = handle.readline().split()
    return len(first) == 2 and all(part.isdigit() for part in first)


def is_binary(path: Path) -> bool:
    """True when the file's first kilobyte after the header is not UTF-8 text."""
    with path.open("rb") as handle:
        handle.readline()
        sample = handle.read(1024)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A cut in the middle of a multi-byte character at the end is still text.
        return error.start < len(sample) - 4
    return b"\x00" in sample


def read_vectors_file(path: Path) -> dict[str, np.ndarray]:
    """Read pre-trained vectors in word2vec binary or text format (with or without header).

    Raises UserError naming the file when it is missing or cannot be read as vectors.
    """
    from gensim.models import KeyedVectors

    if not path.is_file():
        raise UserError(
            f"context.vectors: {path} not found; give a word2vec text or binary file, "
            "or 'train' to train vectors on the corpus"
        )
    binary = is_binary(path)
    try:
        vectors = KeyedVectors.load_word2vec_format(
            str(path), binary=binary, no_header=not binary and not has_word2vec_header(path)
        )
    except (ValueError, UnicodeDecodeError, EOFError) as error:
        raise UserError(
            f"context.vectors: {path} is not a word2vec text or binary file ({error})"
        ) from error
    return {word: vectors[word] for word in vectors.index_to_key}


def corpus_vocabulary(
    vectors: dict[str, np.ndarray], counts: Counter[str], *, min_count: int
) -> WordVectors:
    """Keep the words with a vector and at least ``min_count`` corpus uses, most frequent first.

    Raises UserError when no corpus word has a vector (wrong file, or min_count too high).
    """
    kept = [word for word, count in counts.items() if count >= min_count and word in vectors]
    kept.sort(key=lambda word: (-counts[word], word))
    if len(kept) < 2:
        raise UserError(
            f"context: only {len(kept)} corpus word(s) have a vector and at least "
            f"{min_count} uses; lower context.min_count or check context.vectors"
        )
    matrix = np.stack([np.asarray(vectors[word], dtype=np.float64) for word in kept])
    return WordVectors(
        words=tuple(kept),
        counts=np.array([counts[word] for word in kept], dtype=np.int64),
        vectors=matrix,
    )


def save_vectors(model_dir: Path, vectors: WordVectors) -> list[Path]:
    """Write the vectors (``vectors.npy``, float64) and ``vocabulary.csv`` (word, count)."""
    from policytext.io import write_table

    model_dir.mkdir(parents=True, exist_ok=True)
    path = model_dir / VECTORS_FILE
    np.save(path, vectors.vectors, allow_pickle=False)
    rows = [
        {"word": word, "count": int(count)}
        for word, count in zip(vectors.words, vectors.counts, strict=True)
    ]
    return [path, write_table(model_dir / VOCABULARY_FILE, rows, VOCABULARY_COLUMNS)]


def load_vectors(model_dir: Path) -> WordVectors:
    """Read what :func:`save_vectors` wrote."""
    from policytext.io import read_table

    for name in (VECTORS_FILE, VOCABULARY_FILE):
        if not (model_dir / name).is_file():
            raise UserError(f"{model_dir / name} not found; run the context_vectors rule first")
    rows = read_table(model_dir / VOCABULARY_FILE)
    matrix = np.load(model_dir / VECTORS_FILE, allow_pickle=False)
    return WordVectors(
        words=tuple(row["word"] for row in rows),
        counts=np.array([int(row["count"]) for row in rows], dtype=np.int64),
        vectors=matrix,
    )
