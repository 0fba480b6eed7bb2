"""Which build of the layout module runs: mypyc's extension, while it matches its source.

Where the package was installed with a C compiler at hand, ``setup.py`` compiled
:mod:`policytext.extract.layout` with mypyc into an extension beside ``layout.py``, and
recorded the SHA-256 of the source it compiled in ``layout.compiled-from``. Python imports
an extension before a source file of the same name, so an edited ``layout.py`` would be
shadowed by the older build; :func:`choose_layout` runs first (from the package's
``__init__``) and loads the source instead wherever the two differ, or wherever
``POLICYTEXT_PURE_PYTHON`` is set. Both builds give the same output
(``tests/extract/test_compiled.py``); the extension is only faster.

Two things behave otherwise once compiled, and ``layout.py`` avoids both where a page's
words or a document's lines would be held: a nested function keeps its scope in a
reference cycle (freed only by the collector's rare full pass), and a generator
expression assigned to a name is built as a whole list. The tests check both.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

#: The module that may be compiled, and the environment variable that asks for its source.
LAYOUT = "policytext.extract.layout"
PURE_PYTHON = "POLICYTEXT_PURE_PYTHON"
#: Beside the extension: the SHA-256 of the source it was compiled from (see setup.py).
RECORD_SUFFIX = ".compiled-from"


def compiled_is_current(extension: Path, source: Path) -> bool:
    """True when ``extension`` was compiled from ``source`` as it is now: the hash recorded
    beside it at build time is the source's."""
    record = extension.with_name(source.stem + RECORD_SUFFIX)
    try:
        recorded = record.read_text(encoding="ascii").strip()
        current = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return False
    return recorded == current


def choose_layout() -> str:
    """Make :data:`LAYOUT` the compiled extension or its source, before anything imports it;
    return which (``compiled`` or ``python``).

    The source is loaded where no extension was built, where ``POLICYTEXT_PURE_PYTHON`` is
    set, or where the extension is older than the source (logged, with how to rebuild it).
    """
    loaded = sys.modules.get(LAYOUT)
    if loaded is not None:
        return "python" if str(loaded.__file__).endswith(".py") else "compiled"
    spec = importlib.util.find_spec(LAYOUT)
    if spec is None or spec.origin is None or spec.origin.endswith(".py"):
        return "python"
    extension = Path(spec.origin)
    source = extension.with_name("layout.py")
    if not source.exists():
        return "compiled"  # installed without its source: the extension is all there is
    if not os.environ.get(PURE_PYTHON):
        if compiled_is_current(extension, source):
            return "compiled"
        logger.warning(
            "%s has changed since it was compiled: running it as plain Python (slower); "
            "`pip install -e .` compiles it again",
            source,
        )
    _load_source(source)
    return "python"


def _load_source(source: Path) -> None:
    """Import :data:`LAYOUT` from its source file, ahead of the extension beside it."""
    spec = importlib.util.spec_from_file_location(LAYOUT, source)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {source}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[LAYOUT] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[LAYOUT]
        raise
