"""Terms: concept rates, concordances (KWIC), collocates, frames and keyness.

- ``match``: concepts and frames from the config, and matching them in token paragraphs.
- ``scan``: one pass over a document that counts everything the tables need.
- ``stats``: the statistics behind each table.
- ``tables``: the ``terms`` command that writes every table of the stage.
- ``figures``: the stage's figures, drawn from its tables.
"""

from collections.abc import Mapping
from typing import Any

from policytext.terms.match import Concept, Frame, parse_concepts, parse_frames

__all__ = ["Concept", "Frame", "figure_stems", "parse_concepts", "parse_frames"]


def figure_stems(config: Mapping[str, Any]) -> list[str]:
    """The file stems (under results/figures) that ``policytext term-figures`` writes."""
    return [
        "terms_trends",
        "terms_trends_related",
        "terms_doc_share",
        "terms_sectors",
        "terms_frames",
        "terms_frames_groups",
        *(f"terms_collocates_{concept}" for concept in config["terms"]["focus"]),
        "terms_keyness",
        "terms_keyness_events",
    ]
