"""The layout module's two builds: which one runs, and that mypyc's gives the source's output."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import policytext
import policytext.extract as extract
from policytext.extract import compiled, layout
from policytext.extract.engines import extract_document
from tests.support.paths import PROJECT, REAL

TYPESET = PROJECT / "tests" / "data" / "typeset" / "pdf"

needs_compiled = pytest.mark.skipif(
    extract.LAYOUT_BUILD != "compiled",
    reason="the layout runs as plain Python here (installed without a C compiler, with "
    "POLICYTEXT_PURE_PYTHON set, or layout.py edited since it was compiled: "
    "`pip install -e .` compiles it again): there is no compiled build to check",
)


def _run_python(
    code: str, *args: str, path: Path, pure: bool = False
) -> subprocess.CompletedProcess:
    """Run ``code`` (with ``args`` as ``sys.argv[1:]``) in a new interpreter importing
    policytext from ``path``."""
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_PYTHON}
    env["PYTHONPATH"] = os.pathsep.join([str(path), str(PROJECT)])
    if pure:
        env[compiled.PURE_PYTHON] = "1"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )


def test_the_record_names_the_source_compiled(tmp_path: Path) -> None:
    source = tmp_path / "layout.py"
    source.write_text("x = 1\n")
    extension = tmp_path / "layout.cpython-311-x86_64-linux-gnu.so"
    extension.write_bytes(b"")
    assert not compiled.compiled_is_current(extension, source)  # no record: a stranger
    record = tmp_path / f"layout{compiled.RECORD_SUFFIX}"
    record.write_text(hashlib.sha256(b"x = 1\n").hexdigest() + "\n")
    assert compiled.compiled_is_current(extension, source)
    source.write_text("x = 2\n")
    assert not compiled.compiled_is_current(extension, source)


def test_the_source_runs_when_asked_for() -> None:
    code = (
        "import policytext.extract as e, policytext.extract.layout as l; "
        "print(e.LAYOUT_BUILD, l.__file__)"
    )
    build, file = _run_python(code, path=PROJECT / "workflow", pure=True).stdout.split()
    assert build == "python" and file.endswith("layout.py")


@needs_compiled
def test_an_edited_source_is_not_shadowed_by_an_older_build(tmp_path: Path) -> None:
    package = tmp_path / "policytext"
    shutil.copytree(
        Path(policytext.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    code = (
        "import policytext.extract as e, policytext.extract.layout as l; "
        "print(e.LAYOUT_BUILD, l.__file__)"
    )
    assert _run_python(code, path=tmp_path).stdout.split()[0] == "compiled"
    layout = package / "extract" / "layout.py"
    layout.write_text(layout.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = _run_python(code, path=tmp_path)
    build, file = edited.stdout.split()
    assert build == "python" and Path(file) == layout
    assert "has changed since it was compiled" in edited.stderr


def _outputs(paths: list[Path], engine: str) -> dict[str, dict]:
    """Text and record (without the seconds) of each PDF with ``engine``, by file name."""
    outputs = {}
    for path in paths:
        result = extract_document(path, engine=engine, timeout=None)
        record = result.record()
        del record["seconds"]
        outputs[path.name] = {"text": result.text, "record": record}
    return outputs


@needs_compiled
@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_the_compiled_build_gives_the_source_output(engine: str) -> None:
    # The committed typeset corpus (LibreOffice and Chromium), and the real PDFs where they
    # are; the pdfplumber engine on the typeset corpus alone (it takes ten times longer).
    paths = sorted(TYPESET.glob("*.pdf"))
    if engine == "pypdfium2" and (REAL / "pdf").is_dir():
        paths += sorted((REAL / "pdf").glob("*.pdf"))
    code = (
        "import json, sys; from pathlib import Path; "
        "from tests.extract.test_compiled import _outputs; "
        "import policytext.extract as e; assert e.LAYOUT_BUILD == 'python'; "
        f"print(json.dumps(_outputs([Path(p) for p in sys.argv[1:]], {engine!r})))"
    )
    pure = _run_python(code, *map(str, paths), path=PROJECT / "workflow", pure=True)
    expected = json.loads(pure.stdout)
    found = json.loads(json.dumps(_outputs(paths, engine)))
    assert len(found) == len(paths) > 30
    differing = [name for name in found if found[name] != expected[name]]
    assert not differing, f"the compiled layout reads these differently: {differing}"


@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_a_document_read_leaves_no_cycle_holding_its_words(engine: str) -> None:
    # Memory stays flat with a document's length only if each page's words are freed as
    # soon as the page is laid out. Compiled by mypyc, a nested function holds its scope
    # in a reference cycle, which kept the words until the collector's rare full pass.
    paths = sorted(TYPESET.glob("*.pdf"))[:12]
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for path in paths:
            extract_document(path, engine=engine, timeout=None)
        gc.collect()
        held = Counter(type(item).__name__ for item in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert held["Word"] == 0 and held["StoredLine"] == 0 and held["Line"] == 0, held


def test_the_document_pass_reads_the_stored_pages_one_at_a_time() -> None:
    # mypyc compiles a generator expression assigned to a name as a list: the kept lines
    # of every page were read back at once (the pypdfium2 engine's peak at 1,115 pages
    # rose from 58 to 74 MB). Each page here holds a table row, counted as dropped when
    # its page is read: by the first kept line, no more than two pages may have been.
    pages = 40
    with layout._LineStore() as store:
        for page in range(pages):
            store.add(
                [
                    layout.StoredLine(
                        "a b | c", page + 1, 10.0, 20.0, 10.0, 0, True, False, ["a b", "c"]
                    ),
                    layout.StoredLine(
                        "running text",
                        page + 1,
                        30.0,
                        40.0,
                        10.0,
                        0,
                        False,
                        False,
                        ["running text"],
                    ),
                ]
            )
        dropped = layout._Dropped()
        lines = layout._kept_lines(store, set(), tables="drop", body=10.0, dropped=dropped)
        assert next(lines).text == "running text"
        assert 1 <= dropped.counts["table_cells"] // 2 <= 2
        assert sum(1 for _ in lines) == pages - 1
        assert dropped.counts["table_cells"] // 2 == pages
