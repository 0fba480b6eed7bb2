"""Where the project, the demo corpus and the real PDFs in shared/ are."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "corpus" / "demo"
REAL = PROJECT.parent / "shared" / "corpus" / "real"


def real_corpus_or_skip() -> Path:
    """The real PDFs' folder, or skip the test saying why."""
    if not (REAL / "manifest.csv").is_file():
        pytest.skip(f"real PDFs not found at {REAL} (they live in shared/, outside the repo)")
    return REAL
