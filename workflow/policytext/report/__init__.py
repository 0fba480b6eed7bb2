"""Report: the pages that answer the study's question, provenance, and generated README parts.

- ``findings``: the findings page, written from the tables (the report's landing page).
- ``explorer``: the evidence explorer, the passages behind every plotted point (one HTML
  file; its script and style are in ``assets/``).
- ``export``: selected concordance lines with citations, as CSV and DOCX, for coding.
- ``commands``: the command-line entry points of the stage.
- ``provenance``: the config, checksums and software versions of a run (no timestamps).
- ``reference``: the README's configuration reference, generated from the config schema.
"""
