"""policytext: how a concept is framed over time in policy documents.

One subpackage per workflow stage, each a set of plain functions with its command-line entry
points in ``commands.py``:

- ``corpus``: the manifest, the documents table, the fetch step, corpus figures;
- ``extract``: each document's text in reading order, with what was lost;
- ``text``: the one normaliser and tokeniser;
- ``terms``: rates, concordances, collocates, frames, keyness;
- ``topics``: LDA topic models, their choice of K, prevalence and effects;
- ``report``: provenance and the README's generated reference;
- ``demo``: the generator of the embedded demo corpus.

Shared modules: ``io`` (tables, JSON, checksums), ``errors``, ``options`` (what every command
shares), ``schema`` (config defaults), ``filetypes``, ``periods``, ``figure_style``; ``cli``
dispatches ``policytext COMMAND`` to the stage that owns it.
"""

__version__ = "0.1.0"
