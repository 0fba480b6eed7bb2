"""Benchmark text extraction: word accuracy, speed and peak memory.

Usage (from the repository root):

    PYTHONPATH=workflow:. python benchmarks/extract.py [--corpus corpus/demo] [--skip-memory]
    PYTHONPATH=workflow:. python benchmarks/extract.py --speed-only ../shared/corpus/real/pdf
    PYTHONPATH=workflow:. python benchmarks/extract.py --speed-only FOLDER --passes 3
    PYTHONPATH=workflow:. python benchmarks/extract.py --memory-only
    PYTHONPATH=workflow:. python benchmarks/extract.py --alone pypdfium2 FOLDER
    PYTHONPATH=workflow:. python benchmarks/extract.py --garbage pypdfium2 FOLDER

Accuracy: for every document of the corpus whose expected status is ``ok``, the extracted
text is scored against the ground truth (``truth/text/{doc_id}.txt``) by
:func:`tests.support.scoring.score_text` (the scorer of the typeset corpus too): tokens of
:func:`policytext.text.tokenize.tokenize` aligned with difflib; *recall* is matched words
over true words, *precision* matched words over extracted words (leftover running heads and
page numbers count against it). Reported per engine and per column count, for our two engines
and for plain pdfplumber ``page.extract_text()``. Without ``--corpus``, generated sample
PDFs (tests/support/samples.py) are used.

Speed: pages per second on the same files, each method in turn, in this process, by wall
clock and by this process's CPU time (steadier on a shared machine: other jobs slow the wall
clock of every method, not by the same share); ``vs_plain`` compares CPU time. Each call is
timed with garbage left by the calls before it collected (see :func:`timed_extract`).

Memory (``--memory-only`` for this table alone): peak resident memory (``VmHWM``) of a fresh
process extracting generated PDFs of 31, 303 and 1,115 pages with each engine, beside the
same process's memory after importing the libraries; ``added_kb_per_page`` is the peak's
growth per page from the engine's previous, shorter document (flat memory keeps it near the
text's own size, ``text_kb_per_page``).

One engine alone (``--alone ENGINE FOLDER``): the CPU seconds of one pass of the engine
over the folder's PDFs, the least of three passes in this process after a warm-up on three
files (imports done), and the median: the engine's own speed, without plain
``extract_text()``'s minute-to-minute swings in the ratio. Run it alternately for two
versions of the engine (``PYTHONPATH=<worktree>/workflow:.``) to compare them.

Garbage (``--garbage ENGINE FOLDER [--rounds 8]``): the engine's CPU seconds a pass when
timed right after plain ``extract_text()`` of each file, with that call's garbage collected
first or not, and alone: why :func:`timed_extract` collects before it starts the clocks.

Order on real PDFs without truth (``--order FOLDER``): the share of raw pypdfium2 text's word
bigrams (content-stream order) that each method keeps, per document, with tables kept
(:func:`tests.support.scoring.bigrams`); columns read straight across, or labels
spliced into sentences, lose the bigrams at every spliced line end.
"""

from __future__ import annotations

import argparse
import csv
import gc
import math
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from statistics import fmean, median, stdev

from policytext.extract.engines import extract_document
from policytext.text.tokenize import tokenize

METHODS = ("plain_extract_text", "pdfplumber", "pypdfium2")


def extract_with(method: str, path: Path) -> tuple[str, int]:
    """The text and page count of ``path`` with one method (plain ``extract_text()`` as in
    :func:`tests.support.scoring.plain_extract_text`, pages separated by form feeds)."""
    from tests.support.scoring import plain_extract_text

    if method == "plain_extract_text":
        text = plain_extract_text(path)
        return text, text.count("\f") + 1
    result = extract_document(path, engine=method, timeout=None)
    return result.text, result.pages or 0


def corpus_documents(corpus: Path) -> list[dict[str, object]]:
    """The documents expected to extract, with their PDF path, truth and column count."""
    with (corpus / "manifest.csv").open(encoding="utf-8") as handle:
        manifest = {row["doc_id"]: row for row in csv.DictReader(handle)}
    with (corpus / "truth" / "documents.csv").open(encoding="utf-8") as handle:
        truth_rows = list(csv.DictReader(handle))
    documents = []
    for row in truth_rows:
        if row.get("expected_status", "ok") != "ok" or row["doc_id"] not in manifest:
            continue
        path = corpus / manifest[row["doc_id"]]["file"]
        if path.suffix.lower() != ".pdf":
            continue
        truth = (corpus / "truth" / "text" / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
        documents.append(
            {"doc_id": row["doc_id"], "path": path, "truth": truth, "group": row["columns"]}
        )
    return documents


def sample_documents(folder: Path) -> list[dict[str, object]]:
    """Generated samples with known text, used when no corpus is given."""
    from tests.support.samples import SAMPLE_TABLE, Layout, build_pdf, make_paragraphs

    layouts = {
        "one_column": ("1", Layout(header="Scottish Policy Review", page_numbers=True)),
        "two_columns": (
            "2",
            Layout(
                columns=2,
                header="Scottish Policy Review",
                page_numbers=True,
                footnotes=["Audit Scotland, 2018."],
            ),
        ),
        "three_columns": ("3", Layout(columns=3, font_size=8, page_numbers=True)),
        "table": ("1", Layout(table=SAMPLE_TABLE, page_numbers=True)),
    }
    documents = []
    for seed, (name, (group, layout)) in enumerate(layouts.items(), start=1):
        path = folder / f"{name}.pdf"
        paragraphs = make_paragraphs(30, seed=seed, ligatures=True)
        truth = build_pdf(path, paragraphs, layout)
        documents.append({"doc_id": name, "path": path, "truth": truth, "group": group})
    return documents


def timed_extract(method: str, path: Path) -> tuple[str, int, float, float]:
    """The text and page count of ``path`` with one method, and the wall and CPU seconds.

    Garbage that an earlier call left in reference cycles is collected first, outside the
    clocks: each method is timed with its own garbage, as it is when the workflow runs one
    engine a process. Left to the collector's thresholds, pdfminer's cycles (plain
    ``extract_text()``, the pdfplumber engine) were collected during whichever call came
    next: the pypdfium2 engine, timed right after plain ``extract_text()`` of each file,
    spent 0.021-0.030 s a pass over the 21 real PDFs in the collector, against 0.005-0.007
    s with that garbage collected first, or alone (``--garbage``; BENCHMARKS.md, "Session
    19"). Collections that a method's own allocations set off stay in its time.
    """
    gc.collect()
    started, started_cpu = time.perf_counter(), time.process_time()
    text, pages = extract_with(method, path)
    return text, pages, time.perf_counter() - started, time.process_time() - started_cpu


def accuracy(documents: list[dict[str, object]]) -> dict[tuple[str, str], list[int]]:
    """Per method and column group: [true words, extracted words, matched words, pages, s,
    CPU s]."""
    from tests.support.scoring import score_text

    totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0, 0.0])
    for document in documents:
        for method in METHODS:
            text, pages, elapsed, cpu = timed_extract(method, Path(document["path"]))
            score = score_text(str(document["truth"]), text)
            for key in ((method, str(document["group"])), (method, "all")):
                row = totals[key]
                row[0] += score.truth_words
                row[1] += score.found_words
                row[2] += score.matched_words
                row[3] += pages
                row[4] += elapsed
                row[5] += cpu
            if score.recall < 0.995 or score.precision < 0.995:
                print(
                    f"  {method:<18} {document['doc_id']}: recall {score.recall:.4f} "
                    f"precision {score.precision:.4f}",
                    file=sys.stderr,
                )
    return totals


MEMORY_SCRIPT = """
import re, sys
from pathlib import Path
from policytext.extract.engines import extract_document

def peak_kb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec
    return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

import pdfplumber, pypdfium2  # the baseline holds the libraries, as every run does
baseline = peak_kb()
result = extract_document(Path(sys.argv[1]), engine=sys.argv[2], timeout=None)
print(result.pages, baseline, peak_kb(), len(result.text))
"""

#: Paragraphs of the generated documents for the memory test: 31, 303 and 1,115 pages.
MEMORY_DOCUMENTS = (162, 1620, 6000)


def peak_memory(folder: Path) -> list[tuple[str, int, float, float, int]]:
    """Peak resident memory (MB) of a fresh process extracting generated PDFs of 31, 303
    and 1,115 pages, per engine: (engine, pages, after imports, peak, characters of text)."""
    from tests.support.samples import Layout, build_pdf, make_paragraphs

    results = []
    for paragraphs in MEMORY_DOCUMENTS:
        path = folder / f"long_{paragraphs}.pdf"
        build_pdf(
            path, make_paragraphs(paragraphs, seed=7, words=(60, 100)), Layout(page_numbers=True)
        )
        for engine in ("pdfplumber", "pypdfium2"):
            output = subprocess.run(
                [sys.executable, "-c", MEMORY_SCRIPT, str(path), engine],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            pages, baseline, peak, chars = map(int, output)
            results.append((engine, pages, baseline / 1024, peak / 1024, chars))
    return results


def print_memory(rows: list[tuple[str, int, float, float, int]]) -> None:
    """The memory table: each document's growth over the baseline per page, and the
    growth per page added since the engine's previous (shorter) document, which is what
    stays flat when memory does not grow with the length."""
    print(
        "\nengine       pages  after_imports_mb  peak_mb  growth_kb_per_page  "
        "added_kb_per_page  text_kb_per_page"
    )
    previous: dict[str, tuple[int, float]] = {}
    for engine, pages, baseline, peak, chars in rows:
        growth = 1024 * (peak - baseline) / pages
        if engine in previous:
            shorter_pages, shorter_peak = previous[engine]
            added = f"{1024 * (peak - shorter_peak) / (pages - shorter_pages):.1f}"
        else:
            added = "-"
        previous[engine] = (pages, peak)
        print(
            f"{engine:<12} {pages:>5}  {baseline:>16.0f}  {peak:>7.0f}  {growth:>18.0f}  "
            f"{added:>17}  {chars / 1024 / pages:>16.1f}"
        )


def speed_only(paths: list[Path], *, passes: int = 1, by_method: bool = False) -> None:
    """Pages per second of each method on PDFs without ground truth.

    File by file, each file read by every method in turn; or, ``by_method``, each method
    over every file before the next method, as the workflow runs an engine over a batch.
    Each method first reads the smallest file once, untimed (:func:`warm_up`). With more
    than one pass, the methods take turns in the opposite order on every other pass (so
    that none always runs after the same one), each pass has its table, and the ratios to
    plain ``extract_text()`` of every pass close the output, with their median and their
    geometric mean's 95% interval (:func:`ratio_interval`).
    """
    warm_up(paths)
    ratios: dict[str, list[float]] = {method: [] for method in METHODS}
    for number in range(passes):
        order = METHODS if number % 2 == 0 else METHODS[::-1]
        seconds = {method: [0.0, 0.0] for method in METHODS}
        pages = dict.fromkeys(METHODS, 0)
        turns = (
            [(method, path) for method in order for path in paths]
            if by_method
            else [(method, path) for path in paths for method in order]
        )
        for method, path in turns:
            _, count, elapsed, cpu = timed_extract(method, path)
            seconds[method][0] += elapsed
            seconds[method][1] += cpu
            pages[method] += count
        label = f", pass {number + 1} of {passes}" if passes > 1 else ""
        print(f"# speed on {len(paths)} PDFs, {pages['plain_extract_text']} pages{label}")
        rows = {method: (pages[method], *seconds[method]) for method in METHODS}
        print_speed(rows)
        for method in METHODS:
            ratios[method].append(rows["plain_extract_text"][2] / rows[method][2])
    if passes > 1:
        for method in METHODS[1:]:
            each = ", ".join(f"{ratio:.2f}x" for ratio in ratios[method])
            low, middle, high = ratio_interval(ratios[method])
            print(
                f"# {method} vs plain by pass: {each}; median {median(ratios[method]):.2f}x; "
                f"geometric mean {middle:.2f}x, 95% interval {low:.2f}x-{high:.2f}x"
            )


def warm_up(paths: list[Path]) -> None:
    """Run each method once on the smallest of ``paths``, untimed: the first call of each
    imports its libraries (pdfplumber 0.14 s, pypdfium2 and the engine's lazy set-up
    0.02 s, measured on 3 December 2026), which a pass would otherwise charge to one file.
    """
    smallest = min(paths, key=lambda path: path.stat().st_size)
    for method in METHODS:
        extract_with(method, smallest)


def ratio_interval(ratios: list[float]) -> tuple[float, float, float]:
    """The geometric mean of the passes' speed ratios with its 95% t-interval (lower,
    mean, upper): the passes' log ratios taken as independent draws around the method's
    true log ratio, the machine's minute-to-minute load their noise."""
    from scipy import stats

    logs = [math.log(ratio) for ratio in ratios]
    centre = fmean(logs)
    margin = stats.t.ppf(0.975, len(logs) - 1) * stdev(logs) / math.sqrt(len(logs))
    return math.exp(centre - margin), math.exp(centre), math.exp(centre + margin)


def print_speed(rows: dict[str, tuple[int, float, float]]) -> None:
    """The speed table: per method (pages, wall seconds, CPU seconds)."""
    print("method              pages  seconds  cpu_s  pages_per_cpu_s  vs_plain")
    plain_pages, _, plain_cpu = rows["plain_extract_text"]
    for method, (pages, seconds, cpu) in rows.items():
        ratio = (pages / cpu) / (plain_pages / plain_cpu)
        print(
            f"{method:<19} {pages:>5} {seconds:>8.2f} {cpu:>6.2f} {pages / cpu:>16.1f}  "
            f"{ratio:>7.2f}x"
        )


def engine_alone(engine: str, paths: list[Path], *, passes: int = 3) -> None:
    """Print the least and the median CPU seconds of ``passes`` passes of ``engine``."""
    for path in paths[:3]:
        extract_with(engine, path)
    seconds = []
    for _ in range(passes):
        started = time.process_time()
        for path in paths:
            extract_with(engine, path)
        seconds.append(time.process_time() - started)
    print(
        f"{engine} alone on {len(paths)} PDFs: least {min(seconds):.3f} s, median "
        f"{median(seconds):.3f} s of {passes} passes"
    )


def garbage_effect(engine: str, paths: list[Path], *, rounds: int = 8) -> None:
    """Print what garbage left by plain ``extract_text()`` costs ``engine`` timed after it.

    After a warm-up (:func:`warm_up`), each round times three passes of the engine over
    ``paths``, file by file, in turn (the order reversed every other round): right after
    plain ``extract_text()`` of the same file, as the speed table ran them before
    :func:`timed_extract` collected garbage; after it with its garbage collected first;
    and alone. Printed: each variant's median CPU seconds a pass, its passes, and the
    median seconds spent in the cyclic collector.
    """
    from tests.support.scoring import plain_extract_text

    warm_up(paths)
    in_collector = [0.0, 0.0]  # seconds so far, and when the running collection started

    def clock(phase: str, _info: dict) -> None:
        if phase == "start":
            in_collector[1] = time.process_time()
        else:
            in_collector[0] += time.process_time() - in_collector[1]

    variants = ("after_plain", "after_plain_collected", "alone")
    seconds: dict[str, list[float]] = {variant: [] for variant in variants}
    collecting: dict[str, list[float]] = {variant: [] for variant in variants}
    gc.callbacks.append(clock)
    try:
        for number in range(rounds):
            for variant in variants if number % 2 == 0 else variants[::-1]:
                spent = collected = 0.0
                for path in paths:
                    if variant != "alone":
                        plain_extract_text(path)
                    if variant == "after_plain_collected":
                        gc.collect()
                    before, started = in_collector[0], time.process_time()
                    extract_with(engine, path)
                    spent += time.process_time() - started
                    collected += in_collector[0] - before
                seconds[variant].append(spent)
                collecting[variant].append(collected)
    finally:
        gc.callbacks.remove(clock)
    print(f"# {engine} on {len(paths)} PDFs, CPU seconds a pass, {rounds} rounds")
    for variant in variants:
        each = ", ".join(f"{value:.3f}" for value in seconds[variant])
        print(
            f"{variant:<22} median {median(seconds[variant]):.3f} s ({each}); "
            f"in the collector {median(collecting[variant]):.4f} s"
        )


def order_check(paths: list[Path]) -> None:
    """Bigram recall of raw pypdfium2 text by each method, per document and pooled."""
    from tests.support.scoring import bigrams, raw_pypdfium2_pages

    kept = dict.fromkeys(METHODS, 0)
    total = 0
    print("document                                         " + "  ".join(METHODS))
    for path in paths:
        wanted = bigrams(tokenize("\n".join(raw_pypdfium2_pages(path, hyphen="-"))))
        total += sum(wanted.values())
        shares = []
        for method in METHODS:
            if method == "plain_extract_text":
                text = extract_with(method, path)[0]
            else:
                text = extract_document(path, engine=method, timeout=None, tables="keep").text
            matched = sum((wanted & bigrams(tokenize(text))).values())
            kept[method] += matched
            shares.append(f"{matched / max(sum(wanted.values()), 1):.3f}")
        print(
            f"{path.stem[:48]:<48} "
            + "  ".join(f"{v:>{len(m)}}" for v, m in zip(shares, METHODS, strict=True))
        )
    print("pooled".ljust(49) + "  ".join(f"{kept[m] / total:>{len(m)}.3f}" for m in METHODS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder with truth/")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-only", action="store_true", help="only the peak memory table")
    parser.add_argument(
        "--speed-only", type=Path, default=None, help="time the methods on a folder of PDFs"
    )
    parser.add_argument(
        "--passes", type=int, default=1, help="passes over the folder for --speed-only"
    )
    parser.add_argument(
        "--by-method",
        action="store_true",
        help="--speed-only: each method over every file in turn, not each file in turn",
    )
    parser.add_argument(
        "--order", type=Path, default=None, help="bigram recall of raw pypdfium2 text, per PDF"
    )
    parser.add_argument(
        "--alone", nargs=2, metavar=("ENGINE", "FOLDER"), help="one engine's CPU seconds a pass"
    )
    parser.add_argument(
        "--garbage",
        nargs=2,
        metavar=("ENGINE", "FOLDER"),
        help="the engine's seconds after plain extract_text(), garbage collected or not",
    )
    parser.add_argument("--rounds", type=int, default=8, help="rounds for --garbage")
    args = parser.parse_args()
    if args.garbage:
        engine, folder = args.garbage
        garbage_effect(engine, sorted(Path(folder).glob("*.pdf")), rounds=args.rounds)
        return
    if args.alone:
        engine, folder = args.alone
        engine_alone(engine, sorted(Path(folder).glob("*.pdf")))
        return
    if args.memory_only:
        with tempfile.TemporaryDirectory() as folder:
            print_memory(peak_memory(Path(folder)))
        return
    if args.order:
        order_check(sorted(args.order.glob("*.pdf")))
        return
    if args.speed_only:
        speed_only(
            sorted(args.speed_only.glob("*.pdf")), passes=args.passes, by_method=args.by_method
        )
        return
    with tempfile.TemporaryDirectory() as folder:
        if args.corpus:
            documents = corpus_documents(args.corpus)
            source = str(args.corpus)
        else:
            documents = sample_documents(Path(folder))
            source = "generated samples"
        print(f"# extraction benchmark on {source}: {len(documents)} documents")
        totals = accuracy(documents)
        print("\nmethod              columns  true_words  found_words  recall   precision")
        for (method, group), row in sorted(totals.items()):
            true_words, found, matched = row[0], row[1], row[2]
            print(
                f"{method:<19} {group:<8} {true_words:>10} {found:>12}  "
                f"{matched / true_words:.4f}   {matched / max(found, 1):.4f}"
            )
        print()
        print_speed({method: tuple(totals[(method, "all")][3:6]) for method in METHODS})
        if not args.skip_memory:
            print_memory(peak_memory(Path(folder)))


if __name__ == "__main__":
    main()
