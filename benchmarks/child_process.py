"""Running one ``policytext`` command in a child process and measuring it, for benchmarks.

Each benchmark script imports this from its own folder. The child runs single-threaded with
a fixed hash seed, as the workflow's rules do, so that timings are of the same work.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    **os.environ,
    "PYTHONPATH": f"{ROOT / 'workflow'}{os.pathsep}{ROOT}",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
}


def run_policytext(argv: list[str]) -> tuple[float, float, float]:
    """Run ``policytext ARGV``; returns (wall seconds, CPU seconds, peak memory in MB).

    CPU time is reported beside wall time because the machine is shared: wall time grows
    with other people's load, CPU time does not. A failed command ends the benchmark with
    the end of its stderr.
    """
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "policytext.cli", *argv],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"failed: {argv}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
