"""Demo: the deterministic generator of the embedded demo corpus and its ground truth.

- ``content``: the synthetic prose, planted concept rates and theme trends.
- ``layout``: typesetting with reportlab (columns, running heads, hyphenation, ligatures).
- ``generator``: the ``demo-corpus`` command that writes PDFs, manifest and truth.
"""
