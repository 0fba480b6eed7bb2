"""Simulated corpora with over-dispersed word use, for calibrating document-level tests.

Each document has a log-normal length; each word has a Zipf-like base rate, and each
document's own rate of the word is the base rate times a gamma(shape, 1/shape) factor, so
that words cluster in documents as they do in real text (shape 0.7 is strong clustering).
A planted effect multiplies the rates of chosen words in the documents of one label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np


def simulate_documents(
    *,
    documents: int,
    vocabulary: int,
    rng: np.random.Generator,
    mean_tokens: float = 600.0,
    shape: float = 0.7,
    boosted: Sequence[int] = (),
    boost: float = 1.0,
    boosted_docs: Sequence[int] = (),
) -> list[Counter[str]]:
    """Word counts of ``documents`` simulated documents over words ``w0 .. w{vocabulary-1}``.

    Words listed in ``boosted`` have their rate multiplied by ``boost`` in the documents whose
    index is in ``boosted_docs`` (the planted difference).
    """
    base = 1.0 / np.arange(1, vocabulary + 1)
    base /= base.sum()
    lengths = rng.lognormal(np.log(mean_tokens) - 0.5 * 0.6**2, 0.6, size=documents)
    words = [f"w{index}" for index in range(vocabulary)]
    chosen = set(boosted_docs)
    corpus = []
    for index in range(documents):
        rates = base * rng.gamma(shape, 1.0 / shape, size=vocabulary)
        if index in chosen and len(boosted):
            rates[list(boosted)] *= boost
        counts = rng.poisson(rates / rates.sum() * lengths[index])
        corpus.append(Counter({words[i]: int(c) for i, c in enumerate(counts) if c}))
    return corpus
