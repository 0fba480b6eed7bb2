"""The package's modules, read as source: what a linter of ours does not check."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted((ROOT / "workflow" / "policytext").rglob("*.py"))


def redefined_names(source: str) -> list[str]:
    """Functions and classes defined twice at the top of a module's ``source``.

    The later definition silently replaces the earlier one for every caller, those above
    it too. ruff's F811 reports only a name redefined before any use of it: an extraction
    helper named like an older one further up ``layout.py`` replaced it twice in one
    session, and only a failing extraction showed it.
    """
    counts = Counter(
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    )
    return sorted(name for name, count in counts.items() if count > 1)


def test_redefined_names_are_found() -> None:
    source = "def helper():\n    return 1\n\n\ndef user():\n    return helper()\n\n\n"
    assert redefined_names(source + "def helper():\n    return 2\n") == ["helper"]
    assert redefined_names(source) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_function_and_class_is_defined_once(path: Path) -> None:
    assert redefined_names(path.read_text(encoding="utf-8")) == []
