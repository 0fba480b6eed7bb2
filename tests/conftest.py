"""Shared pytest fixtures. Builders and paths live in tests/support/, which tests import."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


@pytest.fixture
def write_manifest(tmp_path: Path):
    """Write a manifest CSV from rows (dicts) into tmp_path; returns its path."""

    def write(rows: list[dict[str, str]], *, name: str = "manifest.csv") -> Path:
        path = tmp_path / name
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write
