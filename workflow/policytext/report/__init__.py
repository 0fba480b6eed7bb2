"""Report: provenance of a run and the README sections generated from the project's files.

- ``provenance``: the config, checksums and software versions of a run (no timestamps).
- ``reference``: the README's configuration reference, generated from the config schema.
"""
