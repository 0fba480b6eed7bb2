"""The à la carte (ALC) transform: from the average vector of a word's contexts to its vector.

Khodak et al. (2018) observe that a word's vector is close to a linear map A of the average
vector u_w of the words around its occurrences. A is estimated from the corpus by weighted
least squares over the vocabulary,

    A = argmin_A  sum_w  log(c_w) * || v_w - A u_w ||^2,

with c_w the word's corpus count, as conText's ``compute_transform`` does with its ``log``
weighting (words seen once have weight 0). u_w averages the vectors of every in-vocabulary
token within ``window`` tokens either side of each occurrence of w (a window never crosses a
paragraph), exactly the contexts the instances are later embedded from.

In this module the map is stored as ``transform`` = A transposed, so that a row vector of
context averages ``u`` is embedded as ``u @ transform``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from policytext.errors import UserError

logger = logging.getLogger(__name__)

TRANSFORM_FILE = "transform.npy"


def paragraph_ids(tokens: Sequence[str], index: Mapping[str, int]) -> np.ndarray:
    """Row of each token in the vocabulary, -1 for a token without a vector."""
    return np.fromiter(
        (index.get(token, -1) for token in tokens), dtype=np.int64, count=len(tokens)
    )


def window_sums(
    ids: np.ndarray, vectors: np.ndarray, *, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each position of a paragraph: the sum of its context vectors and their number.

    The context of position i is positions i-window .. i+window except i itself; tokens
    without a vector (id -1) take up their place in the window but add nothing.
    """
    valid = ids >= 0
    rows = np.zeros((len(ids), vectors.shape[1]))
    rows[valid] = vectors[ids[valid]]
    prefix = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(rows, axis=0)])
    valid_prefix = np.concatenate([[0], np.cumsum(valid)])
    positions = np.arange(len(ids))
    low = np.maximum(positions - window, 0)
    high = np.minimum(positions + window + 1, len(ids))
    sums = prefix[high] - prefix[low] - rows
    counts = valid_prefix[high] - valid_prefix[low] - valid
    return sums, counts


def context_averages(
    paragraphs: Iterable[Sequence[str]],
    index: Mapping[str, int],
    vectors: np.ndarray,
    *,
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """u_w for every vocabulary word, and how many context tokens it averages.

    Reads the paragraphs once; memory is one vocabulary-sized matrix, whatever the corpus.
    A word whose occurrences have no context token with a vector gets a zero row and count 0.
    """
    totals = np.zeros_like(vectors, dtype=np.float64)
    context_tokens = np.zeros(len(vectors), dtype=np.int64)
    for tokens in paragraphs:
        ids = paragraph_ids(tokens, index)
        sums, counts = window_sums(ids, vectors, window=window)
        valid = ids >= 0
        np.add.at(totals, ids[valid], sums[valid])
        np.add.at(context_tokens, ids[valid], counts[valid])
    averages = totals / np.maximum(context_tokens, 1)[:, None]
    return averages, context_tokens


def fit_transform(
    vectors: np.ndarray, averages: np.ndarray, counts: np.ndarray, context_tokens: np.ndarray
) -> np.ndarray:
    """The weighted least-squares transform (A transposed): ``averages @ T`` ~ ``vectors``.

    Each word is weighted by the log of its corpus count; words with a count of 1 or without
    any context token carry no weight. When fewer words carry weight than the vectors have
    dimensions (a tiny corpus) the fit is not unique: the minimum-norm solution is used and
    a warning says so, rather than stopping the whole workflow.
    """
    weights = np.where((counts > 1) & (context_tokens > 0), np.log(np.maximum(counts, 1)), 0.0)
    used = weights > 0
    dim = vectors.shape[1]
    if used.sum() == 0:
        raise UserError(
            "context: no word occurs twice with a context word; the ALC transform cannot be "
            "estimated from this corpus"
        )
    if used.sum() <= dim:
        logger.warning(
            "only %d words occur twice or more with a context, not more than the %d dimensions "
            "of the vectors: the ALC transform is not identified (minimum-norm fit used); "
            "use a smaller context.dim or a larger corpus",
            int(used.sum()),
            dim,
        )
    root = np.sqrt(weights[used])[:, None]
    solution, *_ = np.linalg.lstsq(root * averages[used], root * vectors[used], rcond=None)
    return solution


def embed(context_average: np.ndarray, transform: np.ndarray) -> np.ndarray:
    """The ALC embedding of one or more context averages (rows)."""
    return context_average @ transform
