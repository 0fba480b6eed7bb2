"""The workflow's JSON schemas, and the config defaults they declare.

``workflow/schemas/config.schema.yaml`` is the one place a config default is written: the
workflow validates the user's config against it (which fills the defaults in), the README's
configuration reference is generated from it, and a command run by hand, outside Snakemake,
takes its defaults from it through :func:`section_defaults`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
CONFIG_SCHEMA = SCHEMA_DIR / "config.schema.yaml"
MANIFEST_SCHEMA = SCHEMA_DIR / "manifest.schema.yaml"


@functools.cache
def load_schema(path: Path = CONFIG_SCHEMA) -> dict[str, Any]:
    """The parsed schema at ``path`` (read once per process)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def section_defaults(section: str) -> dict[str, Any]:
    """The default of every key of a top-level config section that declares one.

    >>> section_defaults("extract")["engine"]
    'pdfplumber'
    """
    properties = load_schema()["properties"][section].get("properties", {})
    return {key: node["default"] for key, node in properties.items() if "default" in node}


def with_defaults(section: str, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` over the section's schema defaults (the options win)."""
    return {**section_defaults(section), **options}
