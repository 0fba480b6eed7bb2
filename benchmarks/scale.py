"""Wall time and peak memory of each stage of the workflow on generated corpora of growing size.

Usage (from the repository root, in a venv where policytext is installed, so that the rules
find the ``policytext`` command):

    PYTHONPATH=. python benchmarks/scale.py [--sizes 100 1000 5000] [--cores 2] [--workdir DIR]

For each size N it generates a demo corpus of N documents with 2-3 pages (plus the demo's four
broken files), runs the whole workflow with ``snakemake --cores C`` into a fresh results
folder, and prints, from Snakemake's benchmark files (results/benchmarks/, one per job, with
``s`` and ``max_rss``):

- per step (the first part of a benchmark path, e.g. ``extract`` for extract/b07.tsv) and per
  stage (the rule file, workflow/rules/<stage>.smk): jobs, the sum of the jobs' wall times,
  milliseconds per document, and the largest peak RSS of any one job. (The benchmark files'
  cpu_time is kept in the JSON only: Snakemake samples it, and misses short-lived child
  processes such as the per-document extraction workers, so it undercounts badly.)
- Snakemake's own overhead. ``wall`` is the snakemake call's wall time. ``ideal`` is how long
  the same jobs, with their measured durations, would take on C cores with no overhead at all:
  a list schedule that honours the dependencies (read from the run's log) and each job's
  threads, always starting the job with the longest chain of work behind it first. Overhead is
  ``wall - ideal``: start-up (parsing, reading the manifest, building the DAG), gaps between
  jobs, and each job's bookkeeping (output checks, metadata). ``start-up`` is the time from
  launch to the first job's start (from .snakemake/metadata). Also printed, for comparison,
  the cruder ``wall - sum(job s) / C``, which counts as overhead every second a core idled
  because the DAG had nothing to run (e.g. while the single-core corpus-level jobs run);
- the peak RSS of the snakemake process itself (VmHWM, polled every half second), and the
  largest peak RSS of any one process of the run (wait4's rusage of the whole process tree:
  exact, where the benchmark files sample memory once a second for a job's first 30 s and
  then every 30 s, and can miss a short peak).

Every new rule that has a ``benchmark:`` is picked up without change (a topic stage included).
The machine's load average is printed with each run, since other jobs inflate every time.
All numbers are also written as JSON (``--out``).
"""

from __future__ import annotations

import argparse
import csv
import heapq
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from policytext.demo.generator import generate_demo_corpus
from tests.support.workflow import snakemake_command

PROJECT = Path(__file__).resolve().parents[1]
JOB_HEADER = re.compile(r"^(local)?rule (\S+):$")
JOB_FIELD = re.compile(r"^    (\w+): (.*)$")


@dataclass
class Job:
    """One job of a run, as Snakemake's log announced it, with its benchmark numbers."""

    rule: str
    jobid: int
    local: bool
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    benchmark: str = ""
    threads: int = 1
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    max_rss_mb: float = 0.0


def parse_jobs(log_text: str) -> list[Job]:
    """Every job block (``rule X:`` / ``localrule X:`` and its indented fields) in a log."""
    jobs: dict[int, Job] = {}
    current: Job | None = None
    for line in log_text.splitlines():
        header = JOB_HEADER.match(line)
        if header:
            current = Job(rule=header.group(2), jobid=-1, local=bool(header.group(1)))
            continue
        found = JOB_FIELD.match(line) if current is not None else None
        if not found:
            current = None
            continue
        key, value = found.groups()
        if key in ("input", "output"):
            setattr(current, key + "s", [part for part in value.split(", ") if part])
        elif key == "benchmark":
            current.benchmark = value
        elif key == "threads":
            current.threads = int(value)
        elif key == "jobid":
            current.jobid = int(value)
            jobs[current.jobid] = current
    return [jobs[jobid] for jobid in sorted(jobs)]


def read_benchmark(path: Path) -> dict[str, float]:
    """A Snakemake benchmark file's first data row (s, max_rss, cpu_time, ...) as numbers."""
    with path.open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle, delimiter="\t"))
    return {key: float(value) for key, value in row.items() if re.fullmatch(r"[\d.]+", value)}


def add_benchmarks(jobs: list[Job]) -> None:
    """Fill each job's seconds, CPU seconds and peak RSS from its benchmark file, if any."""
    for job in jobs:
        if job.benchmark and Path(job.benchmark).is_file():
            numbers = read_benchmark(Path(job.benchmark))
            job.seconds = numbers.get("s", 0.0)
            job.cpu_seconds = numbers.get("cpu_time", 0.0)
            job.max_rss_mb = numbers.get("max_rss", 0.0)


def dependencies(jobs: list[Job]) -> dict[int, set[int]]:
    """For each job, the jobs that made one of its inputs."""
    producer = {path: job.jobid for job in jobs for path in job.outputs}
    return {
        job.jobid: {producer[path] for path in job.inputs if path in producer} - {job.jobid}
        for job in jobs
    }


def longest_chains(jobs: list[Job], needs: dict[int, set[int]]) -> dict[int, float]:
    """Each job's duration plus the longest chain of jobs that wait for it (its 'bottom level')."""
    by_id = {job.jobid: job for job in jobs}
    waiting: dict[int, set[int]] = defaultdict(set)
    for jobid, required in needs.items():
        for other in required:
            waiting[other].add(jobid)
    chain: dict[int, float] = {}

    def visit(jobid: int) -> float:
        if jobid not in chain:
            after = max((visit(other) for other in waiting[jobid]), default=0.0)
            chain[jobid] = by_id[jobid].seconds + after
        return chain[jobid]

    sys.setrecursionlimit(max(10_000, 4 * len(jobs)))
    for job in jobs:
        visit(job.jobid)
    return chain


def ideal_makespan(jobs: list[Job], cores: int) -> float:
    """Seconds a zero-overhead scheduler needs for ``jobs`` on ``cores`` (critical path first)."""
    needs = dependencies(jobs)
    chain = longest_chains(jobs, needs)
    by_id = {job.jobid: job for job in jobs}
    remaining = {jobid: set(required) for jobid, required in needs.items()}
    waiting: dict[int, list[int]] = defaultdict(list)
    for jobid, required in needs.items():
        for other in required:
            waiting[other].append(jobid)
    ready = [(-chain[jobid], jobid) for jobid, required in remaining.items() if not required]
    heapq.heapify(ready)
    running: list[tuple[float, int]] = []
    now, free, done = 0.0, cores, 0
    while done < len(jobs):
        postponed = []
        while ready:
            priority, jobid = heapq.heappop(ready)
            threads = min(by_id[jobid].threads, cores)
            if threads <= free:
                free -= threads
                heapq.heappush(running, (now + by_id[jobid].seconds, jobid))
            else:
                postponed.append((priority, jobid))
        for item in postponed:
            heapq.heappush(ready, item)
        now, finished = heapq.heappop(running)
        free += min(by_id[finished].threads, cores)
        done += 1
        for jobid in waiting[finished]:
            remaining[jobid].discard(finished)
            if not remaining[jobid]:
                heapq.heappush(ready, (-chain[jobid], jobid))
    return now


def rule_stages(rules_dir: Path) -> list[tuple[str, str, bool]]:
    """(name or name prefix, stage, is_prefix) for every rule in workflow/rules/*.smk."""
    found = []
    for path in sorted(rules_dir.glob("*.smk")):
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"^\s*rule\s+(\w+)\s*:", text, flags=re.MULTILINE):
            found.append((name, path.stem, False))
        for prefix in re.findall(r"\bname:\s*f?[\"']([\w]+)\{", text):
            found.append((prefix, path.stem, True))
    return found


def stage_of(rule: str, stages: list[tuple[str, str, bool]]) -> str:
    """The rule file (stage) that defines ``rule``; the Snakefile's own rules are 'Snakefile'."""
    for name, stage, is_prefix in stages:
        if rule == name or (is_prefix and rule.startswith(name)):
            return stage
    return "Snakefile"


def step_of(job: Job, results: Path) -> str:
    """The first part of the job's benchmark path under results/benchmarks (e.g. 'extract')."""
    path = Path(job.benchmark)
    if not path.is_relative_to(results / "benchmarks"):
        return job.rule
    return path.relative_to(results / "benchmarks").parts[0].removesuffix(".tsv")


def summarise(jobs: list[Job], key: Callable[[Job], str], n_docs: int) -> list[dict]:
    """Jobs, summed seconds and CPU seconds, largest peak RSS and s/document per group."""
    groups: dict[str, list[Job]] = defaultdict(list)
    for job in jobs:
        if job.benchmark:
            groups[key(job)].append(job)
    rows = []
    for name, members in sorted(groups.items()):
        seconds = sum(job.seconds for job in members)
        rows.append(
            {
                "name": name,
                "jobs": len(members),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(sum(job.cpu_seconds for job in members), 2),
                "max_rss_mb": round(max(job.max_rss_mb for job in members), 1),
                "ms_per_doc": round(1000 * seconds / n_docs, 2),
            }
        )
    return rows


def first_job_start(run_dir: Path) -> float | None:
    """The earliest job start time (epoch seconds) in the run's .snakemake/metadata."""
    starts = []
    for path in (run_dir / ".snakemake" / "metadata").iterdir():
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("starttime"):
            starts.append(record["starttime"])
    return min(starts, default=None)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM) in MB, or 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.MULTILINE)
    return int(found.group(1)) / 1000 if found else 0.0


def run_workflow(
    run_dir: Path, manifest: Path, results: Path, cores: int, configfile: Path | None
) -> dict:
    """Run the whole workflow once; returns wall seconds, launch time, peak RSS, the log."""
    command, env = snakemake_command(
        run_dir,
        *(["--configfile", str(configfile)] if configfile else []),
        "--config",
        f"manifest={manifest}",
        f"results={results}",
        cores=cores,
    )
    log_path = run_dir / "snakemake.log"
    launched, started = time.time(), time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        peak = 0.0
        while True:
            peak = max(peak, peak_rss_mb(process.pid))
            # wait4 (not poll) to get the rusage of the whole finished process tree
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.5)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text(encoding="utf-8")
    if process.returncode != 0:
        raise SystemExit(f"snakemake failed (exit {process.returncode}); see {log_path}")
    return {
        "wall": wall,
        "launched": launched,
        "snakemake_peak_mb": peak,
        # Linux: the largest peak RSS of any one process in the tree (snakemake or a job's)
        "largest_process_mb": usage.ru_maxrss / 1000,
        "log": text,
    }


def corpus_for(workdir: Path, n_docs: int, seed: int) -> tuple[Path, float | None]:
    """The generated corpus of ``n_docs`` documents (made unless already there) and its time."""
    folder = workdir / f"corpus_{n_docs}"
    manifest = folder / "manifest.csv"
    if manifest.is_file() and (folder / ".complete").is_file():
        return manifest, None
    started = time.perf_counter()
    generate_demo_corpus(folder, n_docs=n_docs, min_pages=2, max_pages=3, seed=seed)
    (folder / ".complete").write_text(f"{n_docs} {seed}\n", encoding="utf-8")
    return manifest, time.perf_counter() - started


def measure(
    workdir: Path, n_docs: int, *, cores: int, seed: int, configfile: Path | None = None
) -> dict:
    """Generate (or reuse) a corpus of ``n_docs``, run the workflow afresh, collect the numbers."""
    manifest, generate_seconds = corpus_for(workdir, n_docs, seed)
    run_dir = workdir / f"run_{n_docs}{'_' + configfile.stem if configfile else ''}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    results = run_dir / "results"
    load_before = os.getloadavg()
    run = run_workflow(run_dir, manifest, results, cores, configfile)
    load_after = os.getloadavg()
    jobs = parse_jobs(run["log"])
    add_benchmarks(jobs)
    ideal = ideal_makespan(jobs, cores)
    job_seconds = sum(job.seconds for job in jobs)
    first_start = first_job_start(run_dir)
    stages = rule_stages(PROJECT / "workflow" / "rules")
    wall = run["wall"]
    return {
        "documents": n_docs,
        "cores": cores,
        "configfile": str(configfile) if configfile else None,
        "generate_seconds": None if generate_seconds is None else round(generate_seconds, 1),
        "wall_seconds": round(wall, 1),
        "job_seconds": round(job_seconds, 1),
        "cpu_seconds": round(sum(job.cpu_seconds for job in jobs), 1),
        "ideal_seconds": round(ideal, 1),
        "overhead_seconds": round(wall - ideal, 1),
        "overhead_share": round((wall - ideal) / wall, 4),
        "naive_overhead_share": round((wall - job_seconds / cores) / wall, 4),
        "startup_seconds": None if first_start is None else round(first_start - run["launched"], 1),
        "jobs": len(jobs),
        "snakemake_peak_mb": round(run["snakemake_peak_mb"], 1),
        "largest_process_mb": round(run["largest_process_mb"], 1),
        "ms_per_doc": round(1000 * wall / n_docs, 1),
        "load_before": [round(value, 2) for value in load_before],
        "load_after": [round(value, 2) for value in load_after],
        "steps": summarise(jobs, lambda job: step_of(job, results), n_docs),
        "stages": summarise(jobs, lambda job: stage_of(job.rule, stages), n_docs),
        "job_list": [asdict(job) | {"inputs": len(job.inputs)} for job in jobs],
    }


def print_run(numbers: dict) -> None:
    """One run's numbers as Markdown tables (overall, per stage, per step)."""
    print(
        f"\n### {numbers['documents']} documents, {numbers['cores']} cores,"
        f" config overlay {numbers.get('configfile')}"
        f" (load average before {numbers['load_before']}, after {numbers['load_after']})\n"
    )
    print(
        f"wall {numbers['wall_seconds']} s ({numbers['ms_per_doc']} ms/document); "
        f"{numbers['jobs']} jobs ran {numbers['job_seconds']} s; "
        f"ideal schedule {numbers['ideal_seconds']} s; "
        f"overhead {numbers['overhead_seconds']} s = {100 * numbers['overhead_share']:.1f}% "
        f"of wall (wall - job s/cores: {100 * numbers['naive_overhead_share']:.1f}%); "
        f"start-up to first job {numbers['startup_seconds']} s; "
        f"snakemake process peak RSS {numbers['snakemake_peak_mb']} MB; largest peak RSS of"
        f" any one process of the run {numbers['largest_process_mb']} MB; "
        f"corpus generation {numbers['generate_seconds']} s (not in wall)"
    )
    for title, rows in (("stage", numbers["stages"]), ("step", numbers["steps"])):
        print(f"\n| {title} | jobs | job s (sum) | ms/document | peak RSS MB (largest job) |")
        print("|---|---|---|---|---|")
        for row in rows:
            print(
                f"| {row['name']} | {row['jobs']} | {row['seconds']} | {row['ms_per_doc']} |"
                f" {row['max_rss_mb']} |"
            )


def run_key(n_docs: int, configfile: Path | None) -> str:
    """The run's key in the JSON: the size, plus the overlay's name when one was given."""
    return f"{n_docs}" + (f" {configfile.stem}" if configfile else "")


def sort_key(key: str) -> tuple[int, str]:
    """Order runs by size, then overlay name."""
    size, _, overlay = key.partition(" ")
    return int(size), overlay


def main(argv: list[str] | None = None) -> int:
    """Measure every requested size in turn and print (and save) the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated corpora")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/policytext-scale"))
    parser.add_argument("--out", type=Path, default=PROJECT / "benchmarks" / "out" / "scale.json")
    parser.add_argument(
        "--configfile",
        type=Path,
        help="a config overlay for every run (e.g. extract: {batches: 64}); its name is kept",
    )
    parser.add_argument(
        "--print-only", action="store_true", help="print the numbers saved in --out, run nothing"
    )
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    measured = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    if args.print_only:
        for key in sorted(measured, key=sort_key):
            print_run(measured[key])
    for n_docs in [] if args.print_only else args.sizes:
        overlay = args.configfile.resolve() if args.configfile else None
        numbers = measure(
            args.workdir.resolve(), n_docs, cores=args.cores, seed=args.seed, configfile=overlay
        )
        measured[run_key(n_docs, overlay)] = numbers
        print_run(numbers)
        args.out.write_text(json.dumps(measured, indent=1, sort_keys=True), encoding="utf-8")
    print(
        "\n| documents | wall s | ms/document | jobs' s (sum) | ideal s | overhead (wall - ideal)"
        " | wall - job s/cores | start-up s | snakemake peak MB | largest process MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for key in sorted(measured, key=sort_key):
        row = measured[key]
        print(
            f"| {key} | {row['wall_seconds']} | {row['ms_per_doc']} |"
            f" {row['job_seconds']} | {row['ideal_seconds']} |"
            f" {row['overhead_seconds']} s = {100 * row['overhead_share']:.1f}% |"
            f" {100 * row['naive_overhead_share']:.1f}% | {row['startup_seconds']} |"
            f" {row['snakemake_peak_mb']} | {row['largest_process_mb']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
