"""Running the workflow from tests: Snakemake on the project's Snakefile in a folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.paths import PROJECT


def snakemake_command(workdir: Path, *args: str, cores: int = 2) -> tuple[list[str], dict]:
    """The command line and environment that run this interpreter's Snakemake in ``workdir``.

    The interpreter's folder goes first on PATH, so that the rules' ``policytext`` command is
    the one installed beside this Python.
    """
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [
        sys.executable,
        "-m",
        "snakemake",
        "--snakefile",
        str(PROJECT / "Snakefile"),
        "--directory",
        str(workdir),
        "--cores",
        str(cores),
        *args,
    ]
    return command, env


def snakemake(workdir: Path, *args: str, config: dict | None = None) -> subprocess.CompletedProcess:
    """Run Snakemake on the project's Snakefile in ``workdir``; returns the finished process."""
    command, env = snakemake_command(workdir, *args)
    if config is not None:
        overlay = workdir / "test-config.json"
        overlay.write_text(json.dumps(config), encoding="utf-8")
        command += ["--configfile", str(overlay)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
