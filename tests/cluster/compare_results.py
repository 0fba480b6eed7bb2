"""Compare two results folders of the workflow byte for byte, as the cluster test needs.

Usage: python tests/cluster/compare_results.py RESULTS_A RESULTS_B

Every file must be present in both folders with identical bytes, except:
- ``logs/`` and ``benchmarks/`` (timings and host names), which are skipped;
- ``config.json`` and ``provenance.json``, which name the results folder: they are compared
  after replacing folder B's name by folder A's;
- ``report.html``, which also embeds each job's start and end time: compared after the
  folder name is replaced and its two timing blocks (runtimes, timeline) are emptied.
Prints each difference and exits 1 when there is any, 0 when the folders agree.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
from pathlib import Path

log = logging.getLogger(__name__)

#: Top-level folders whose contents differ between runs by design.
SKIPPED_FOLDERS = ("logs", "benchmarks")

#: Files that name the results folder; compared once the folder's name is replaced.
NAMING_FILES = ("config.json", "provenance.json", "report.html")

#: Script blocks of Snakemake's report that hold wall-clock times of the run.
TIMING_BLOCK = re.compile(r'(<script id="(?:runtimes|timeline)">).*?(</script>)', re.DOTALL)


def result_files(folder: Path) -> list[str]:
    """Relative paths (POSIX) of every file under ``folder`` outside the skipped folders."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] not in SKIPPED_FOLDERS
    )


def comparable_bytes(path: Path, *, folder_name: str, replacement: str) -> bytes:
    """The file's bytes, with the results folder's name replaced in files that name it."""
    data = path.read_bytes()
    if path.name not in NAMING_FILES:
        return data
    data = data.replace(folder_name.encode("utf-8"), replacement.encode("utf-8"))
    if path.name == "report.html":
        data = TIMING_BLOCK.sub(r"\1\2", data.decode("utf-8")).encode("utf-8")
    return data


def first_difference(first: bytes, second: bytes) -> str:
    """Where two byte strings first differ, with a little context, for the failure message."""
    offset = next(
        (index for index, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )
    start = max(0, offset - 40)
    return (
        f"sizes {len(first)} and {len(second)}, first difference at byte {offset}: "
        f"{first[start : offset + 40]!r} vs {second[start : offset + 40]!r}"
    )


def compare_folders(first: Path, second: Path) -> list[str]:
    """Every difference between two results folders, one message each; empty if they agree."""
    problems = []
    files_first, files_second = result_files(first), result_files(second)
    for name in sorted(set(files_first) - set(files_second)):
        problems.append(f"only in {first}: {name}")
    for name in sorted(set(files_second) - set(files_first)):
        problems.append(f"only in {second}: {name}")
    for name in sorted(set(files_first) & set(files_second)):
        data_first = comparable_bytes(first / name, folder_name=first.name, replacement="RESULTS")
        data_second = comparable_bytes(
            second / name, folder_name=second.name, replacement="RESULTS"
        )
        if data_first != data_second:
            problems.append(f"differs: {name} ({first_difference(data_first, data_second)})")
    return problems


def digest(folder: Path) -> str:
    """One sha256 over the compared files' names and contents, to print with the result."""
    total = hashlib.sha256()
    for name in result_files(folder):
        total.update(name.encode("utf-8"))
        total.update(comparable_bytes(folder / name, folder_name=folder.name, replacement="R"))
    return total.hexdigest()


def main(argv: list[str]) -> int:
    """Compare the two folders named on the command line; 0 if they agree, 1 if not."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if len(argv) != 2:
        log.error("usage: compare_results.py RESULTS_A RESULTS_B")
        return 2
    first, second = (Path(arg).resolve() for arg in argv)
    for folder in (first, second):
        if not folder.is_dir():
            log.error("%s is not a folder: run the workflow into it first", folder)
            return 2
    if first.name == second.name:
        log.error("the two results folders need different names (both are %s)", first.name)
        return 2
    problems = compare_folders(first, second)
    for problem in problems:
        log.error("%s", problem)
    compared = len(result_files(first))
    if problems:
        log.error("%d difference(s) among %d files", len(problems), compared)
        return 1
    log.info("%d files identical (sha256 of all: %s)", compared, digest(first))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
