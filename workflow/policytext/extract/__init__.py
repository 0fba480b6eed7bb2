"""Extraction: each document's body text in reading order, with a record of what was lost.

- ``engines``: the pdfplumber and pypdfium2 engines, statuses, the per-document record.
- ``layout``: the shared layout analysis (columns, running heads, tables, hyphenation).
- ``formats``: plain text, HTML and DOCX readers and file-type sniffing.
- ``batches``: one Snakemake job per batch of documents, assigned by a hash of doc_id.
"""
