"""Terms: concept rates, concordances (KWIC), collocates, frames and keyness.

- ``match``: concepts and frames from the config, and matching them in token paragraphs.
- ``scan``: one pass over a document that counts everything the tables need.
- ``stats``: the statistics behind each table.
- ``tables``: the ``terms`` command that writes every table of the stage.
- ``figures``: the stage's figures, drawn from its tables.
"""

from policytext.terms.match import Concept, Frame, parse_concepts, parse_frames

__all__ = ["Concept", "Frame", "parse_concepts", "parse_frames"]
