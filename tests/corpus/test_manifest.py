"""Manifest validation, the documents table, and init-corpus on a folder of files."""

from pathlib import Path

import pytest

from policytext.cli import main
from policytext.corpus.manifest import (
    documents_table,
    init_corpus,
    load_manifest,
    validate_manifest,
)
from policytext.errors import UserError
from policytext.periods import parse_periods


def row(doc_id="a", **fields):
    base = {
        "doc_id": doc_id,
        "title": "A title",
        "publisher": "Scottish Government",
        "doc_type": "government",
        "year": "2014",
        "file": f"{doc_id}.txt",
    }
    base.update(fields)
    return base


@pytest.fixture
def corpus_dir(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Text of {name}.", encoding="utf-8")
    return tmp_path


def test_a_good_manifest_loads_sorted_with_covariates(corpus_dir, write_manifest):
    path = write_manifest([row("b", region="north"), row("a", region="south")])
    documents = load_manifest(path)
    assert [document.doc_id for document in documents] == ["a", "b"]
    assert documents[0].covariates == {"region": "south"}
    assert documents[0].path == (corpus_dir / "a.txt").resolve()


def test_every_problem_is_reported_with_line_and_column(corpus_dir, write_manifest):
    path = write_manifest(
        [
            row("a"),
            row("a"),  # duplicate
            row("Bad Id", file="b.txt"),
            row("c", year="20x4", doc_type="charity", date="2015-01-01"),
            row("d", file="../outside.txt"),
            row("e", file="e.txt"),  # missing: a warning
        ]
    )
    _, problems = validate_manifest(path)
    described = [problem.describe(path) for problem in problems]
    expected = [
        (3, "doc_id", "duplicate doc_id 'a' (first on line 2)"),
        (4, "doc_id", "'Bad Id' is not a valid id"),
        (5, "year", "'20x4' is not a year"),
        (5, "doc_type", "unknown doc_type 'charity'"),
        (6, "file", "points outside the corpus folder"),
        (7, "file", "e.txt does not exist"),
    ]
    for line, column, message in expected:
        assert any(f"{path}:{line} [{column}]" in text and message in text for text in described), (
            line,
            column,
            described,
        )
    assert [problem.fatal for problem in problems if problem.line == 7] == [False]


def test_load_manifest_raises_one_error_listing_all_problems(corpus_dir, write_manifest):
    path = write_manifest([row("a", year="x"), row("b", doc_type="blog")])
    with pytest.raises(UserError) as error:
        load_manifest(path)
    message = str(error.value)
    assert "2 problem(s)" in message and ":2 [year]" in message and ":3 [doc_type]" in message


def test_a_manifest_in_another_encoding_is_named(tmp_path):
    path = tmp_path / "manifest.csv"
    text = "doc_id,title,publisher,doc_type,year,file\na,Caf\xe9 report,P,government,2014,a.txt\n"
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(UserError, match=r"manifest.csv:2: the manifest is not UTF-8"):
        load_manifest(path)


def test_missing_columns_are_named(write_manifest):
    path = write_manifest([{"doc_id": "a", "title": "t"}])
    _, problems = validate_manifest(path)
    assert "missing column(s) publisher, doc_type, year, file" in problems[0].message


def test_check_corpus_command_prints_all_and_exits_1(corpus_dir, write_manifest, capsys):
    path = write_manifest([row("a"), row("b", year="1")])
    assert main(["check-corpus", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:3 [year]" in out and "1 document(s) usable, 1 error(s)" in out


def test_documents_table_keeps_failed_documents_and_assigns_periods(corpus_dir, write_manifest):
    path = write_manifest([row("a", year="2012"), row("b", year="2009")])
    documents = load_manifest(path)
    periods = parse_periods(
        [
            {"name": "early", "start": "2007-05-03", "end": "2011-05-05"},
            {"name": "late", "start": "2011-05-05"},
        ]
    )
    rows = documents_table(documents, {"a": "ok", "b": "corrupt"}, periods=periods)
    assert [(r["doc_id"], r["period"], r["status"], r["usable"]) for r in rows] == [
        ("a", "late", "ok", True),
        ("b", "early", "corrupt", False),
    ]


def test_init_corpus_guesses_and_flags(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "Christie Commission 2011.txt").write_text("report", encoding="utf-8")
    (folder / "notes.html").write_text("<p>x</p>", encoding="utf-8")
    (folder / "ignored.xlsx").write_bytes(b"x")
    rows = init_corpus(folder)
    assert [r["doc_id"] for r in rows] == ["christie_commission_2011", "notes"]
    assert rows[0]["year"] == "2011" and "year (from file name)" in rows[0]["check"]
    assert rows[1]["year"] == "" and "year (not found" in rows[1]["check"]
    assert main(["init-corpus", str(folder)]) == 0
    manifest = folder / "manifest.csv"
    assert manifest.read_text(encoding="utf-8").startswith("doc_id,title,publisher,doc_type")
    assert main(["init-corpus", str(folder)]) == 2  # refuses to overwrite
    assert "pass --force" in capsys.readouterr().err


def test_init_corpus_reads_pdf_metadata_title(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    folder = tmp_path / "pdfs"
    folder.mkdir()
    canvas = Canvas(str(folder / "doc.pdf"), invariant=1)
    canvas.setTitle("Health and Social Care Delivery Plan")
    canvas.drawString(72, 720, "Health and Social Care Delivery Plan, December 2016")
    canvas.save()
    (rows,) = [init_corpus(Path(folder))]
    assert rows[0]["title"] == "Health and Social Care Delivery Plan"
    assert rows[0]["year"] == "2016"


def test_invalid_options_json_is_a_clear_error(tmp_path, capsys):
    argv = ["documents", "--manifest", "m.csv", "--extraction", "e.csv", "--out", "o.csv"]
    assert main([*argv, "--options", "{not json"]) == 2
    assert "--options is not valid JSON" in capsys.readouterr().err
