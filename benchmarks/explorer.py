"""Size and speed of the evidence explorer (and the pages behind it) at 5,000 documents.

Usage (from the repository root, in the project's venv):

    python benchmarks/explorer.py SEED_RESULTS [--docs 5000] [--cap 25] [--workdir DIR]

SEED_RESULTS is a finished run's results folder (e.g. of the demo corpus); its usable
documents' texts and tokens are copied under new ids until there are ``--docs`` documents
(same years, types and publishers, so cells grow as a real corpus would). Then it times:

- ``policytext terms`` with pages and sentences (``--text-dir``, ``--manifest``) and without,
  the difference being the cost of locating every KWIC line;
- the explorer's build (``write_explorer``) and the size of the HTML it writes;
- the findings page's build;
- in headless Chromium (if installed): the page's load (navigation start to load end) and
  one click on the busiest trend point until its passages are listed (timed inside the page).

Topic tables are simulated (six topics, Dirichlet weights, seed 1), since the topic stage is
not under test here. Prints one line per measure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from policytext.io import read_table, write_table
from policytext.report.explorer import Sources, write_explorer
from policytext.report.findings import write_findings
from policytext.terms.tables import terms_command


def replicate(seed: Path, out: Path, docs: int) -> None:
    """Copy the seed run's usable documents under new ids until there are ``docs``."""
    usable = [row for row in read_table(seed / "documents.csv") if row["usable"] == "true"]
    rows, manifest = [], []
    for index in range(docs):
        source = usable[index % len(usable)]
        doc_id = f"{source['doc_id']}-c{index // len(usable)}"
        for folder in ("text", "tokens"):
            (out / folder).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(
                seed / folder / f"{source['doc_id']}.txt", out / folder / f"{doc_id}.txt"
            )
        rows.append({**source, "doc_id": doc_id})
        columns = ("doc_id", "title", "publisher", "doc_type", "year")
        manifest.append({key: rows[-1][key] for key in columns} | {"file": f"pdf/{doc_id}.pdf"})
    rows.sort(key=lambda row: row["doc_id"])
    write_table(out / "documents.csv", rows, list(rows[0]))
    write_table(out / "manifest.csv", manifest, list(manifest[0]))


def simulate_topics(out: Path, *, topics: int = 6) -> None:
    """Topic weights per document and their mean by year and group (not a fitted model)."""
    rng = np.random.default_rng(1)
    documents = read_table(out / "documents.csv")
    weights = rng.dirichlet(np.full(topics, 0.5), size=len(documents))
    rows = [
        {"doc_id": row["doc_id"], "topic": topic + 1, "weight": float(weights[i, topic])}
        for i, row in enumerate(documents)
        for topic in range(topics)
    ]
    write_table(out / "topics" / "doc_topics.csv", rows, ["doc_id", "topic", "weight"])
    cells: dict[tuple[int, str, str], list[float]] = {}
    for i, row in enumerate(documents):
        for group in ("all", row["doc_type"]):
            for topic in range(topics):
                cells.setdefault((topic + 1, row["year"], group), []).append(weights[i, topic])
    prevalence = [
        {"topic": topic, "year": year, "group": group, "docs": len(values),
         "mean": float(np.mean(values)), "ci_low": float(np.min(values)),
         "ci_high": float(np.max(values))}
        for (topic, year, group), values in sorted(cells.items())
    ]  # fmt: skip
    write_table(out / "topics" / "prevalence.csv", prevalence, list(prevalence[0]))


def timed(label: str, function, *args) -> float:
    """Run ``function(*args)``; print its wall and CPU time, return the CPU time (which other
    jobs on a shared machine disturb less than the wall time)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    function(*args)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"{label}: {seconds:.1f} s wall, {cpu:.1f} s CPU")
    return cpu


def browser_times(html: Path) -> None:
    """Load time and one click's time in headless Chromium, if it is installed."""
    binary = shutil.which("chromium")
    if binary is None or not Path("/usr/bin/chromedriver").is_file():
        print("browser: chromium not installed, skipped")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(html.as_uri())
        load = driver.execute_script(
            "const t = performance.timing; return t.loadEventEnd - t.navigationStart;"
        )
        print(f"browser load (navigation start to load end): {load / 1000:.2f} s")
        click = driver.execute_script(
            """
            const points = Array.from(document.querySelectorAll('circle.point'));
            const busiest = points.reduce((a, b) =>
              Number(b.querySelector('title').textContent.split(', ')[1].split(' ')[0]) >
              Number(a.querySelector('title').textContent.split(', ')[1].split(' ')[0]) ? b : a);
            const start = performance.now();
            busiest.dispatchEvent(new MouseEvent('click', {bubbles: true}));
            return [performance.now() - start,
                    document.querySelectorAll('#passage-list li').length,
                    document.getElementById('selection-count').dataset.total];
            """
        )
        print(f"browser click on the busiest trend point: {click[0]:.0f} ms, "
              f"{click[1]} passages listed of {click[2]}")  # fmt: skip
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    """Parse the arguments, build the corpus and print every measure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seed", type=Path, help="a finished run's results folder")
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--cap", type=int, default=25)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--no-plain", action="store_true", help="skip the terms run without pages (saves time)"
    )
    args = parser.parse_args()
    out = args.workdir or Path(tempfile.mkdtemp(prefix="explorer-bench-"))
    replicate(args.seed, out, args.docs)
    config = yaml.safe_load(Path("config.yaml").read_text(encoding="utf-8"))
    options = dict(config["terms"], periods=config["periods"], events=config["events"])
    common = ["--documents", str(out / "documents.csv"), "--tokens-dir", str(out / "tokens"),
              "--options", json.dumps(options, default=str)]  # fmt: skip
    print(f"{args.docs} documents in {out}")
    paged = timed("terms with pages and sentences", terms_command,
                  [*common, "--out-dir", str(out / "terms"), "--text-dir", str(out / "text"),
                   "--manifest", str(out / "manifest.csv")])  # fmt: skip
    if not args.no_plain:
        plain = timed("terms without pages and sentences", terms_command,
                      [*common, "--out-dir", str(out / "terms_plain")])  # fmt: skip
        print(f"cost of pages and sentences: {paged - plain:.1f} s CPU")
    lines = sum(len(read_table(path)) for path in (out / "terms" / "kwic").glob("*.csv"))
    print(f"KWIC lines (all concepts): {lines}")
    simulate_topics(out)
    html = out / "explorer.html"
    sources = Sources(results_dir=out, manifest=out / "manifest.csv", html_path=html,
                      concepts=options["focus"], terms_options=options, cap=args.cap)  # fmt: skip
    timed(f"explorer build (cap {args.cap})", write_explorer, sources)
    print(f"explorer size: {html.stat().st_size / 1e6:.1f} MB")
    timed("findings page build", write_findings, out, options, out / "findings.html")
    browser_times(html)


if __name__ == "__main__":
    main()
