"""Build hook: compile the layout module with mypyc where a C compiler is at hand.

Everything else about the package is declared in ``pyproject.toml``. The layout analysis
(:mod:`policytext.extract.layout`) is most of the pypdfium2 engine's own time; mypyc turns
the same typed Python into a C extension, about a fifth faster per document, with the same
output (``tests/extract/test_compiled.py``). Where it cannot be built (no compiler, or
``POLICYTEXT_PURE_PYTHON=1`` at install), the package installs and runs as plain Python.

Beside the extension, the build writes the SHA-256 of the source it compiled
(``layout.compiled-from``): ``policytext.extract`` uses the extension only while the
source still matches it, so that an edited ``layout.py`` is never shadowed by an older
build (see :mod:`policytext.extract.compiled`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

#: The modules compiled, by source path, and the file beside each extension that names the
#: source's hash.
COMPILED = {"policytext.extract.layout": Path("workflow/policytext/extract/layout.py")}
HASH_SUFFIX = ".compiled-from"


class BuildExtRecordingSource(build_ext):
    """``build_ext`` that records, beside each compiled module, the hash of its source."""

    def run(self) -> None:
        super().run()
        for name, source in COMPILED.items():
            built = Path(self.get_ext_fullpath(name))
            if built.exists():
                digest = hashlib.sha256(source.read_bytes()).hexdigest()
                built.with_name(source.stem + HASH_SUFFIX).write_text(digest + "\n")


def compiled_extensions() -> list:
    """mypyc's extensions for :data:`COMPILED` (none when asked for plain Python, or when
    mypyc cannot be imported); each optional, so that a failed compile leaves plain Python."""
    if os.environ.get("POLICYTEXT_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    extensions = mypycify(["--ignore-missing-imports", *map(str, COMPILED.values())], opt_level="3")
    for extension in extensions:
        extension.optional = True
    return extensions


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": BuildExtRecordingSource})
