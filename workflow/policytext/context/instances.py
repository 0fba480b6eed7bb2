"""Concept mentions and the ALC embedding of each one's context.

A mention is a match of a concept's patterns in a paragraph's tokens (the term stage's
matcher, :func:`policytext.terms.match.match_paragraph`). Its context is the ``window``
tokens before the match and the ``window`` tokens after it, in the same paragraph only;
the tokens of the match itself are left out. The mention's embedding is the ALC transform
applied to the average vector of its context tokens that have a vector. A mention with no
such token has no embedding: it is listed in instances.csv with ``context_tokens`` 0 and
left out of every estimate.

Because the ALC embedding is linear in the context average, a document's mentions are kept
as their count and the sum of their embeddings; that is all the regression, the bootstrap
and the permutations need, and it keeps memory at one row per document and concept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from policytext.corpus.documents import UsableDocument
from policytext.errors import UserError
from policytext.terms.match import Concept, match_paragraph

INSTANCE_COLUMNS = ["concept", "doc_id", "paragraph", "position", "match", "context_tokens"]


@dataclass
class ConceptEmbeddings:
    """Per document: how many embedded mentions of one concept, and the sum of embeddings."""

    concept: str
    doc_ids: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    sums: list[np.ndarray] = field(default_factory=list)

    def add(self, doc_id: str, embeddings: Sequence[np.ndarray]) -> None:
        """Record a document's mention embeddings (nothing when it has none)."""
        if embeddings:
            self.doc_ids.append(doc_id)
            self.counts.append(len(embeddings))
            self.sums.append(np.sum(embeddings, axis=0))

    def arrays(self, dim: int) -> tuple[np.ndarray, np.ndarray]:
        """Counts (documents,) and sums (documents, dim) as arrays."""
        counts = np.array(self.counts, dtype=np.float64)
        sums = np.vstack(self.sums) if self.sums else np.zeros((0, dim))
        return counts, sums


def mention_context(tokens: Sequence[str], start: int, end: int, *, window: int) -> list[str]:
    """The tokens within ``window`` before ``start`` and after ``end`` (same paragraph)."""
    return [*tokens[max(0, start - window) : start], *tokens[end : end + window]]


def document_mentions(
    paragraphs: Iterable[Sequence[str]],
    concepts: Sequence[Concept],
    *,
    index: Mapping[str, int],
    vectors: np.ndarray,
    transform: np.ndarray,
    window: int,
) -> tuple[list[dict[str, object]], dict[str, list[np.ndarray]]]:
    """Every mention of the concepts in one document: instance rows, and embeddings by concept."""
    rows: list[dict[str, object]] = []
    embeddings: dict[str, list[np.ndarray]] = {concept.name: [] for concept in concepts}
    for number, tokens in enumerate(paragraphs, start=1):
        for match in match_paragraph(tokens, concepts):
            context = mention_context(tokens, match.start, match.end, window=window)
            ids = [index[token] for token in context if token in index]
            rows.append(
                {
                    "concept": match.concept,
                    "paragraph": number,
                    "position": match.start,
                    "match": " ".join(tokens[match.start : match.end]),
                    "context_tokens": len(ids),
                }
            )
            if ids:
                embeddings[match.concept].append(vectors[ids].mean(axis=0) @ transform)
    return rows, embeddings


def tokens_path(tokens_dir: Path, doc_id: str) -> Path:
    """A usable document's tokens file; UserError when it is missing."""
    path = tokens_dir / f"{doc_id}.txt"
    if not path.is_file():
        raise UserError(f"{path}: tokens file of usable document {doc_id} not found")
    return path


def embed_corpus(
    documents: Sequence[UsableDocument],
    tokens_dir: Path,
    concepts: Sequence[Concept],
    *,
    index: Mapping[str, int],
    vectors: np.ndarray,
    transform: np.ndarray,
    window: int,
) -> tuple[list[dict[str, object]], dict[str, ConceptEmbeddings]]:
    """Embed every mention in the corpus, one document at a time.

    Returns the instance rows (sorted by concept, doc_id, paragraph, position) and the
    per-document embedding sums of each concept.
    """
    from policytext.text import iter_token_paragraphs

    rows: list[dict[str, object]] = []
    by_concept = {concept.name: ConceptEmbeddings(concept.name) for concept in concepts}
    for document in documents:
        paragraphs = iter_token_paragraphs(tokens_path(tokens_dir, document.doc_id))
        found, embeddings = document_mentions(
            paragraphs, concepts, index=index, vectors=vectors, transform=transform, window=window
        )
        rows += [{**row, "doc_id": document.doc_id} for row in found]
        for name, vectors_of_concept in embeddings.items():
            by_concept[name].add(document.doc_id, vectors_of_concept)
    order = {concept.name: number for number, concept in enumerate(concepts)}
    rows.sort(
        key=lambda row: (order[row["concept"]], row["doc_id"], row["paragraph"], row["position"])
    )
    return rows, by_concept
