"""Provenance of a run: the config as run, each document's checksum, software versions.

``provenance.json`` lets a reader tie every result to its inputs and software. It holds no
timestamps, so two runs of the same inputs and code give the same bytes.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from policytext import __version__
from policytext.corpus.manifest import DEFAULT_DOC_TYPES, load_manifest
from policytext.io import sha256_file

#: Packages whose versions can change results; all are recorded.
TRACKED_PACKAGES = (
    "snakemake",
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "gensim",
    "nltk",
    "numpy",
    "scipy",
    "pandas",
    "matplotlib",
    "simplemma",
    "stopwordsiso",
    "trafilatura",
    "python-docx",
    "reportlab",
)


def package_versions(names: tuple[str, ...] = TRACKED_PACKAGES) -> dict[str, str]:
    """Installed versions of ``names`` (``not installed`` where absent), by name."""
    versions = {}
    for name in sorted(names):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(folder: Path) -> dict[str, Any]:
    """The project's git commit and whether its tracked files had local changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown (not a git checkout)", "dirty": None}
    return {"commit": commit, "dirty": dirty}


def document_checksums(manifest: Path, doc_types: list[str]) -> list[dict[str, Any]]:
    """Each document's file, its sha256 now, and the sha256 the manifest expects."""
    rows = []
    for document in load_manifest(manifest, doc_types=doc_types):
        present = document.path.is_file()
        rows.append(
            {
                "doc_id": document.doc_id,
                "file": document.file,
                "sha256": sha256_file(document.path) if present else None,
                "expected_sha256": document.sha256 or None,
            }
        )
    return rows


def build_provenance(config: dict[str, Any], *, project_dir: Path) -> dict[str, Any]:
    """The whole provenance record for a run with ``config``."""
    manifest = Path(config["manifest"])
    return {
        "policytext": {"version": __version__, **git_commit(project_dir)},
        "python": platform.python_version(),
        "packages": package_versions(),
        "config": config,
        "documents": document_checksums(manifest, list(config.get("doc_types", DEFAULT_DOC_TYPES))),
    }
