"""Corpus: the manifest, the documents table, and the commands that make and check them.

- ``manifest``: reading and validating ``manifest.csv`` (every problem at once), ``init-corpus``
  and ``check-corpus``, and the documents table that joins the manifest with extraction status
  and periods.
- ``fetch``: the explicit download step (never part of a default run).
- ``figures``: the corpus composition and extraction-loss figures.
"""

from collections.abc import Mapping
from typing import Any

from policytext.corpus.manifest import Document, load_manifest, validate_manifest

__all__ = ["Document", "figure_stems", "load_manifest", "validate_manifest"]


def figure_stems(config: Mapping[str, Any]) -> list[str]:
    """The file stems (under results/figures) that ``policytext corpus-figures`` writes."""
    return ["corpus_composition", "extraction_losses"]
