"""KWIC lines carry their page and sentence; every other term table is unchanged by pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytext.io import read_table
from policytext.terms.commands import terms_command
from policytext.text.tokenize import tokenize_document, write_tokens
from tests.support.report import build_results, terms_options


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kwic")
    build_results(root)
    return root


def test_pdf_lines_have_pages_and_web_lines_none(root: Path) -> None:
    kwic = read_table(root / "results" / "terms" / "kwic" / "co-production.csv")
    pages = {row["doc_id"]: set() for row in kwic}
    for row in kwic:
        pages[row["doc_id"]].add(row["page"])
    assert pages["doc00"] == {"1", "3"}  # the mention on page 1 and its repeat on page 3
    assert pages["doc09"] == {"1", "2", "3"}  # page 2 holds "We value co-production."
    assert pages["doc11"] == {""}  # a web page has no pages


def test_each_line_sits_in_its_sentence(root: Path) -> None:
    kwic = read_table(root / "results" / "terms" / "kwic" / "co-production.csv")
    assert {row["sentence"] for row in kwic} == {
        "Services will be designed through co-production with people.",
        "Real co-production means sharing power.",
        "We value co-production.",
    }


def test_other_tables_are_byte_identical_without_pages(root: Path, tmp_path: Path) -> None:
    results = root / "results"
    for text in (results / "text").glob("*.txt"):
        document = tokenize_document(text.read_text(encoding="utf-8"))
        write_tokens(tmp_path / "tokens" / text.name, document)
    terms_command(
        ["--documents", str(results / "documents.csv"), "--tokens-dir", str(tmp_path / "tokens"),
         "--options", json.dumps(terms_options(), default=str),
         "--out-dir", str(tmp_path / "terms")]
    )  # fmt: skip
    for path in sorted((tmp_path / "terms").glob("*.csv")):
        if path.name == "changes.csv":  # the fixture replaces it with fixed test rows
            continue
        if path.name == "keyness.csv":  # the fixture sets its test values; compare the rest
            overridden = {"p_value", "q_value", "significant"}
            fixture, plain_rows = read_table(results / "terms" / path.name), read_table(path)
            assert [
                {k: v for k, v in row.items() if k not in overridden} for row in plain_rows
            ] == [{k: v for k, v in row.items() if k not in overridden} for row in fixture]
            continue
        assert path.read_bytes() == (results / "terms" / path.name).read_bytes(), path.name
    plain = read_table(tmp_path / "terms" / "kwic" / "co-production.csv")
    paged = read_table(results / "terms" / "kwic" / "co-production.csv")
    assert {row["page"] for row in plain} == {""} and {row["sentence"] for row in plain} == {""}
    strip = ("page", "sentence")
    assert [{k: v for k, v in row.items() if k not in strip} for row in plain] == [
        {k: v for k, v in row.items() if k not in strip} for row in paged
    ]
