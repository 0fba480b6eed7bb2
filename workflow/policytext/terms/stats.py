"""Statistics for the term stage: per-cell random streams.

Rates are in :mod:`policytext.terms.rates`; collocate, frame and keyness statistics in
:mod:`.collocates`, :mod:`.frames` and :mod:`.keyness`.
"""

from __future__ import annotations

import zlib

import numpy as np

PER_10K = 10_000.0


def cell_rng(seed: int, *key: object) -> np.random.Generator:
    """A random generator for one table cell, fixed by ``seed`` and the cell's ``key``.

    Seeding each cell from its own key (not from a shared stream) keeps every interval the
    same whatever cells are added, removed or computed first.
    """
    digest = zlib.crc32("|".join(str(part) for part in key).encode("utf-8"))
    return np.random.default_rng([int(seed), digest])
