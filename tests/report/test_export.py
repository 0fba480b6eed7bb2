"""Exporting passages for qualitative coding: the selection, the CSV and the DOCX."""

from __future__ import annotations

from pathlib import Path

import pytest

from policytext.errors import UserError
from policytext.io import read_table
from policytext.report.commands import export_passages_command
from policytext.report.export import PASSAGE_COLUMNS, Selection, select_passages
from tests.support.report import build_results


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_results(tmp_path_factory.mktemp("export"))


def test_filters_select_exactly_the_matching_lines(results: Path) -> None:
    kwic = read_table(results / "terms" / "kwic" / "co-production.csv")
    chosen = select_passages(
        results, Selection("co-production", doc_types=("third_sector",), year_from=2016)
    )
    expected = [
        (row["doc_id"], row["position"])
        for row in kwic
        if row["doc_type"] == "third_sector" and int(row["year"]) >= 2016
    ]
    assert expected and [(row["doc_id"], row["position"]) for row in chosen] == expected


def test_period_publisher_and_search_narrow_further(results: Path) -> None:
    everything = select_passages(results, Selection("co-production"))
    in_period = select_passages(results, Selection("co-production", periods=("snp_2011",)))
    assert 0 < len(in_period) < len(everything)
    assert {row["period"] for row in in_period} == {"snp_2011"}
    by_publisher = select_passages(results, Selection("co-production", publishers=("SCVO",)))
    assert {row["doc_type"] for row in by_publisher} == {"third_sector"}
    searched = select_passages(results, Selection("co-production", search="SHARING POWER"))
    assert searched and all(
        "sharing power" in " ".join(row[k] for k in ("left", "right", "sentence")).lower()
        for row in searched
    )


def test_citations_name_title_publisher_year_and_page(results: Path) -> None:
    rows = select_passages(results, Selection("co-production", year_to=2008))
    assert rows[0]["citation"] == "Report 0 </script> & co, Scottish Government, 2008, p. 1"
    web = select_passages(results, Selection("co-production", year_from=2019))
    assert web and web[0]["citation"] == "Report 11 </script> & co, SCVO, 2019"


def test_the_command_writes_csv_and_docx_one_paragraph_a_passage(
    results: Path, tmp_path: Path
) -> None:
    import docx

    csv_path, docx_path = tmp_path / "p.csv", tmp_path / "p.docx"
    status = export_passages_command(
        ["--results-dir", str(results), "--concept", "co-production", "--doc-type",
         "third_sector", "--year-from", "2016", "--csv", str(csv_path), "--docx", str(docx_path)]
    )  # fmt: skip
    assert status == 0
    rows = read_table(csv_path)
    assert list(rows[0]) == PASSAGE_COLUMNS
    paragraphs = [p.text for p in docx.Document(str(docx_path)).paragraphs]
    passages = [text for text in paragraphs if " — " in text]
    assert len(passages) == len(rows)
    assert passages[0] == f"{rows[0]['sentence']} — {rows[0]['citation']}"


def test_bad_selections_are_user_errors(results: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="nope.csv: not found"):
        select_passages(results, Selection("nope"))
    with pytest.raises(UserError, match="--csv FILE, --docx FILE"):
        export_passages_command(["--results-dir", str(results), "--concept", "co-production"])
    with pytest.raises(UserError, match="is after"):
        export_passages_command(
            ["--results-dir", str(results), "--concept", "co-production", "--year-from",
             "2019", "--year-to", "2010", "--csv", str(tmp_path / "x.csv")]
        )  # fmt: skip
