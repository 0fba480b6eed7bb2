"""Extraction: each document's body text in reading order, with a record of what was lost.

- ``engines``: the pdfplumber and pypdfium2 engines, statuses, the per-document record.
- ``layout``: the shared layout analysis (columns, running heads, tables, hyphenation).
- ``formats``: plain text, HTML and DOCX readers and file-type sniffing.
- ``batches``: one Snakemake job per batch of documents, assigned by a hash of doc_id.
- ``compiled``: whether ``layout`` runs as its mypyc build (see ``setup.py``) or its source.
- ``blocks``: a block of words grouped into rows (plain Python beside the compiled layout).
"""

from policytext.extract.compiled import choose_layout

#: ``compiled`` when the layout runs as mypyc's extension, ``python`` when as its source.
LAYOUT_BUILD = choose_layout()
