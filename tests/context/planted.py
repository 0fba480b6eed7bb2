"""A planted-framing corpus: the concept's contexts differ by doc_type, and nowhere else.

Every document mixes common filler words (Zipf-distributed) with both framing vocabularies,
so each framing word is frequent in every document of both types. Only the words around a
mention of ``co-production`` differ: in ``government`` documents they come mostly from
vocabulary A, in ``third_sector`` documents mostly from vocabulary B. A ``placebo`` column
holds random labels unrelated to anything. Documents are written as tokens files (one
paragraph a line) beside a documents.csv like the workflow's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policytext.corpus.manifest import DOCUMENT_COLUMNS as MANIFEST_DOCUMENT_COLUMNS
from policytext.io import write_table
from policytext.text import write_tokens

CONCEPT = "co-production"
DOC_TYPES = ("government", "third_sector")
DOCUMENT_COLUMNS = [*MANIFEST_DOCUMENT_COLUMNS, "placebo"]
PERIODS = [
    {"name": "early", "start": "2000-01-01", "end": "2010-01-01"},
    {"name": "late", "start": "2010-01-01"},
]
SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pe", "da", "gu", "zo", "fe", "ba")


@dataclass(frozen=True)
class PlantedCorpus:
    """Where the corpus was written and what was planted."""

    documents_csv: Path
    tokens_dir: Path
    vocabulary_a: tuple[str, ...]
    vocabulary_b: tuple[str, ...]


def pseudo_words(count: int, rng: np.random.Generator, *, taken: set[str]) -> list[str]:
    """``count`` new made-up words (no stopword, no digit): three syllables while they last
    (14 ** 3 = 2,744 words), then four."""
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES, size=3 if len(taken) < 2000 else 4))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


def planted_corpus(
    folder: Path,
    *,
    documents: int = 60,
    paragraphs: int = 8,
    paragraph_tokens: int = 40,
    mentions_per_document: int = 4,
    framing_share: float = 0.6,
    filler_words: int = 300,
    framing_words: int = 12,
    seed: int = 0,
) -> PlantedCorpus:
    """Write a planted corpus under ``folder`` (tokens/ and documents.csv); see the module.

    Each mention goes in its own paragraph (``mentions_per_document <= paragraphs``), with
    each of the 6 tokens either side drawn from the document type's vocabulary with
    probability ``framing_share``.
    """
    rng = np.random.default_rng(seed)
    taken: set[str] = set()
    filler = pseudo_words(filler_words, rng, taken=taken)
    zipf = 1.0 / np.arange(1, filler_words + 1)
    zipf /= zipf.sum()
    vocabulary_a = tuple(pseudo_words(framing_words, rng, taken=taken))
    vocabulary_b = tuple(pseudo_words(framing_words, rng, taken=taken))
    framing = [*vocabulary_a, *vocabulary_b]
    tokens_dir = folder / "tokens"
    rows = []
    for number in range(documents):
        doc_id = f"doc{number:04d}"
        doc_type = DOC_TYPES[number % 2]
        planted = vocabulary_a if doc_type == DOC_TYPES[0] else vocabulary_b

        def filler_or_framing(size: int) -> list[str]:
            words = list(rng.choice(filler, size=size, p=zipf))
            for position in np.flatnonzero(rng.random(size) < 0.08):
                words[position] = str(rng.choice(framing))
            return words

        body = [filler_or_framing(paragraph_tokens) for _ in range(paragraphs)]
        for chosen in rng.choice(paragraphs, size=mentions_per_document, replace=False):
            paragraph = body[int(chosen)]
            at = int(rng.integers(7, paragraph_tokens - 7))
            for offset in [*range(-6, 0), *range(1, 7)]:
                if rng.random() < framing_share:
                    paragraph[at + offset] = str(rng.choice(planted))
            paragraph[at] = CONCEPT
        write_tokens(tokens_dir / f"{doc_id}.txt", body)
        year = int(rng.integers(2004, 2017))
        rows.append(
            {
                "doc_id": doc_id,
                "title": f"Document {number}",
                "publisher": "Publisher",
                "doc_type": doc_type,
                "year": year,
                "date": "",
                "period": "early" if year < 2010 else "late",
                "status": "ok",
                "usable": True,
                "placebo": str(rng.choice(["red", "blue"])),
            }
        )
    documents_csv = write_table(folder / "documents.csv", rows, DOCUMENT_COLUMNS)
    return PlantedCorpus(documents_csv, tokens_dir, vocabulary_a, vocabulary_b)


def planted_options(**overrides: object) -> dict:
    """The merged --options JSON of a small, fast context run on a planted corpus."""
    options = {
        "concept_patterns": {CONCEPT: ["co[- ]?production"]},
        "focus": [CONCEPT],
        "concepts": None,
        "covariates": ["doc_type", "period", "placebo"],
        "vectors": "train",
        "window": 6,
        "dim": 30,
        "min_count": 3,
        "epochs": 10,
        "seed": 7,
        "bootstrap_n": 50,
        "permutations": 99,
        "min_instances": 10,
        "min_documents": 2,
        "neighbours": 10,
        "ci_level": 0.95,
        "event_window_years": None,
        "periods": PERIODS,
        "events": [{"date": "2010-01-01", "label": "Reform", "name": "reform"}],
    }
    options.update(overrides)
    return options


def placebo_p_values(
    corpus: PlantedCorpus, model_dir: Path, *, replicates: int, permutations: int, seed: int
) -> list[float]:
    """p-values of fresh random placebo labels, fitted with doc_type as the stage does.

    The mention embeddings are made once (vectors from ``model_dir``); each replicate draws
    new labels, so the p-values sample the test's null distribution.
    """
    from policytext.context import regression
    from policytext.context.commands import covariate_for, embed_mentions, usable_documents
    from policytext.context.settings import context_options

    options = context_options(planted_options(bootstrap_n=10, permutations=permutations))
    documents = usable_documents(corpus.documents_csv, options.covariates)
    _, _, by_concept = embed_mentions(documents, corpus.tokens_dir, model_dir, options)
    embeddings = by_concept[CONCEPT]
    counts, sums = embeddings.arrays(0)
    by_id = {document.doc_id: document for document in documents}
    mentioned = [by_id[doc_id] for doc_id in embeddings.doc_ids]
    doc_type = covariate_for("doc_type", mentioned, options)
    rng = np.random.default_rng(seed)
    p_values = []
    for replicate in range(replicates):
        labels = tuple(str(label) for label in rng.choice(["a", "b"], size=len(mentioned)))
        placebo = regression.Covariate("placebo", labels, ("a", "b"))
        rows = regression.fit_effects(
            CONCEPT, [doc_type, placebo], counts, sums, options=options, key=f"r{replicate}"
        )
        p_values += [row["p_value"] for row in rows if row["covariate"] == "placebo"]
    return p_values
