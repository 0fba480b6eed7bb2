"""The cluster test's comparer: what it ignores, what it normalises, and what it catches."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cluster.compare_results import compare_folders, main

REPORT = """<html><script id="timeline">
var timeline_spec = {{"values": [{{"rule": "terms", "starttime": "{start}"}}]}};
</script><script id="results">{{"path": "{folder}/terms/rates.csv", "data": "{data}"}}</script>
<script id="runtimes">var runtimes = {{"runtime": {runtime}}};</script></html>
"""


def make_results(root: Path, name: str, *, start: str = "2026-01-01T10:00:00") -> Path:
    """A small results folder as the workflow writes it, naming itself where the real one does."""
    folder = root / name
    (folder / "terms").mkdir(parents=True)
    (folder / "logs").mkdir()
    (folder / "benchmarks").mkdir()
    (folder / "terms" / "rates.csv").write_bytes(b"concept,year,hits\nco-production,2014,3\n")
    (folder / "documents.csv").write_bytes(b"doc_id,usable\ngov_2014_001,true\n")
    (folder / "config.json").write_text(f'{{"results": "{folder}"}}\n', encoding="utf-8")
    (folder / "provenance.json").write_text(f'{{"out": "{folder}/x"}}\n', encoding="utf-8")
    (folder / "report.html").write_text(
        REPORT.format(start=start, folder=folder, data="Y28tcHJvZHVjdGlvbg==", runtime=1.5),
        encoding="utf-8",
    )
    (folder / "logs" / "terms.log").write_text(f"ran on {name} at {start}\n", encoding="utf-8")
    (folder / "benchmarks" / "terms.tsv").write_text(f"s\n{len(name)}.0\n", encoding="utf-8")
    return folder


def test_runs_that_differ_only_in_folder_name_timings_and_logs_agree(tmp_path):
    first = make_results(tmp_path, "results_local")
    second = make_results(tmp_path, "results_slurm", start="2026-01-01T11:30:07")
    assert compare_folders(first, second) == []
    assert main([str(first), str(second)]) == 0


def test_a_changed_table_byte_is_caught(tmp_path):
    first = make_results(tmp_path, "results_local")
    second = make_results(tmp_path, "results_slurm")
    (second / "terms" / "rates.csv").write_bytes(b"concept,year,hits\nco-production,2014,4\n")
    problems = compare_folders(first, second)
    assert len(problems) == 1
    assert problems[0].startswith("differs: terms/rates.csv")
    assert main([str(first), str(second)]) == 1


def test_a_missing_file_is_caught_on_either_side(tmp_path):
    first = make_results(tmp_path, "results_local")
    second = make_results(tmp_path, "results_slurm")
    (first / "documents.csv").unlink()
    (second / "terms" / "extra.csv").write_bytes(b"x\n")
    assert compare_folders(first, second) == [
        f"only in {second}: documents.csv",
        f"only in {second}: terms/extra.csv",
    ]


@pytest.mark.parametrize("name", ["config.json", "provenance.json", "report.html"])
def test_a_real_change_in_a_file_that_names_the_folder_is_caught(tmp_path, name):
    first = make_results(tmp_path, "results_local")
    second = make_results(tmp_path, "results_slurm")
    path = second / name
    path.write_text(path.read_text(encoding="utf-8").replace("results", "RESULTS", 1), "utf-8")
    problems = compare_folders(first, second)
    assert [problem.split(" (")[0] for problem in problems] == [f"differs: {name}"]


def test_content_outside_the_timing_blocks_of_the_report_is_compared(tmp_path):
    first = make_results(tmp_path, "results_local")
    second = make_results(tmp_path, "results_slurm")
    report = second / "report.html"
    report.write_text(
        report.read_text(encoding="utf-8").replace("Y28tcHJvZHVjdGlvbg==", "Y28tZGVzaWdu"),
        encoding="utf-8",
    )
    assert [problem.split(" (")[0] for problem in compare_folders(first, second)] == [
        "differs: report.html"
    ]


def test_folders_with_the_same_name_are_refused(tmp_path):
    first = make_results(tmp_path / "a", "results")
    second = make_results(tmp_path / "b", "results")
    assert main([str(first), str(second)]) == 2
