"""Shared fixtures: paths to the project, the demo corpus and the real PDFs in shared/."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
DEMO = PROJECT / "corpus" / "demo"
REAL = PROJECT.parent / "shared" / "corpus" / "real"


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


def real_corpus_or_skip() -> Path:
    """The real PDFs' folder, or skip the test saying why."""
    if not (REAL / "manifest.csv").is_file():
        pytest.skip(f"real PDFs not found at {REAL} (they live in shared/, outside the repo)")
    return REAL
