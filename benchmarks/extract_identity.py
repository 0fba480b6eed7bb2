"""Check that a change to extraction leaves its output byte-identical (a speed-up's guard).

Usage (from the repository root):

    PYTHONPATH=workflow:. python benchmarks/extract_identity.py --write /tmp/before \
        tests/data/typeset/pdf corpus/demo/pdf /work/shared/corpus/real/pdf \
        /work/shared/corpus/layouts
    # ... change the code ...
    PYTHONPATH=workflow:. python benchmarks/extract_identity.py --check /tmp/before \
        tests/data/typeset/pdf corpus/demo/pdf /work/shared/corpus/real/pdf \
        /work/shared/corpus/layouts

Every PDF in the given folders (default: the committed typeset and demo corpora) is
extracted with each engine (in this process, ``timeout=None``); ``--write`` stores each
document's text and its record (every field but the wall-clock ``seconds``), ``--check``
extracts again and compares with what was stored, naming every document whose text or
record differs, and exits 1 if any does. Run both with the same folders and engines.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from policytext.extract.engines import ENGINES, extract_document

DEFAULT_FOLDERS = (Path("tests/data/typeset/pdf"), Path("corpus/demo/pdf"))


def folder_label(folder: Path) -> str:
    """A short name for a folder of PDFs: its parent's name and its own (``real_pdf``)."""
    resolved = folder.resolve()
    return f"{resolved.parent.name}_{resolved.name}"


def documents(folders: list[Path]) -> list[tuple[str, Path]]:
    """(key, path) of every PDF in ``folders``; the key names the folder and the file."""
    found = []
    for folder in folders:
        if not folder.is_dir():
            print(f"skipping {folder}: not a folder", file=sys.stderr)
            continue
        label = folder_label(folder)
        found += [(f"{label}/{path.name}", path) for path in sorted(folder.glob("*.pdf"))]
    return found


def output_of(path: Path, engine: str, tables: str) -> dict[str, object]:
    """The text and record (without ``seconds``) of one document with one engine."""
    result = extract_document(path, engine=engine, timeout=None, tables=tables)
    record = result.record()
    del record["seconds"]
    return {"text": result.text, "record": record}


def stored_paths(root: Path, engine: str, key: str) -> tuple[Path, Path]:
    """Where the text and the record of one document and engine are kept."""
    base = root / engine / key
    return base.with_suffix(".txt"), base.with_suffix(".json")


def write(root: Path, engine: str, key: str, output: dict[str, object]) -> None:
    """Store one document's output."""
    text_path, record_path = stored_paths(root, engine, key)
    text_path.parent.mkdir(parents=True, exist_ok=True)
    text_path.write_text(str(output["text"]), encoding="utf-8")
    record_path.write_text(
        json.dumps(output["record"], indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def differences(root: Path, engine: str, key: str, output: dict[str, object]) -> list[str]:
    """What differs between a stored output and a fresh one (empty when identical)."""
    text_path, record_path = stored_paths(root, engine, key)
    if not text_path.exists() or not record_path.exists():
        return ["not stored"]
    found = []
    if text_path.read_text(encoding="utf-8") != output["text"]:
        found.append("text")
    stored = json.loads(record_path.read_text(encoding="utf-8"))
    fresh = json.loads(json.dumps(output["record"]))
    names = sorted(set(stored) | set(fresh))
    found += [f"record.{name}" for name in names if stored.get(name) != fresh.get(name)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, help="store the outputs in this folder")
    action.add_argument("--check", type=Path, help="compare with the outputs stored here")
    parser.add_argument("folders", type=Path, nargs="*", help="folders of PDFs")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--tables", choices=("drop", "mark", "keep"), default="drop")
    args = parser.parse_args()
    found = documents(args.folders or list(DEFAULT_FOLDERS))
    changed = 0
    started = time.perf_counter()
    for engine in args.engines:
        for key, path in found:
            output = output_of(path, engine, args.tables)
            if args.write:
                write(args.write, engine, key, output)
                continue
            problems = differences(args.check, engine, key, output)
            if problems:
                changed += 1
                print(f"DIFFERS {engine} {key}: {', '.join(problems)}")
    seconds = time.perf_counter() - started
    verb = "wrote" if args.write else "checked"
    print(
        f"{verb} {len(found)} PDFs x {len(args.engines)} engines in {seconds:.0f} s; "
        f"{changed} differ"
    )
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
