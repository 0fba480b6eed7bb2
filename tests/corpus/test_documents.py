"""The one reader of documents.csv that every analysis stage uses."""

from __future__ import annotations

import datetime as dt

import pytest

from policytext.corpus.documents import MISSING_DOC_TYPE, read_usable_documents
from policytext.errors import UserError
from policytext.io import write_table

COLUMNS = ["doc_id", "title", "year", "date", "doc_type", "period", "usable", "region"]


def write_documents(path, rows):
    write_table(path, rows, COLUMNS)
    return path


def row(doc_id, year="2015", *, usable="true", doc_type="government", date="", region="north"):
    return {
        "doc_id": doc_id,
        "title": f"Title {doc_id}",
        "year": year,
        "date": date,
        "doc_type": doc_type,
        "period": "snp_2011",
        "usable": usable,
        "region": region,
    }


def test_only_usable_rows_are_read_sorted_by_doc_id(tmp_path):
    path = write_documents(
        tmp_path / "documents.csv", [row("b"), row("c", usable="false"), row("a")]
    )
    assert [document.doc_id for document in read_usable_documents(path)] == ["a", "b"]


def test_a_document_is_placed_at_its_date_else_mid_year(tmp_path):
    path = write_documents(tmp_path / "d.csv", [row("a", date="2015-03-02"), row("b")])
    dated, undated = read_usable_documents(path)
    assert dated.day == dt.date(2015, 3, 2)
    assert undated.day.year == 2015 and undated.day != dated.day


def test_other_columns_are_kept_as_covariates_and_bookkeeping_is_not(tmp_path):
    path = write_documents(tmp_path / "d.csv", [row("a", region="south")])
    (document,) = read_usable_documents(path)
    assert document.covariates["region"] == "south"
    assert document.covariates["title"] == "Title a"
    assert "usable" not in document.covariates and "doc_id" not in document.covariates


def test_a_missing_doc_type_gets_the_one_default(tmp_path):
    path = write_documents(tmp_path / "d.csv", [row("a", doc_type="")])
    assert read_usable_documents(path)[0].doc_type == MISSING_DOC_TYPE


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([row("a", year="20x5")], "line 2: year '20x5' is not a year"),
        ([row("a", usable="false")], "no usable documents"),
    ],
)
def test_bad_tables_name_the_file_and_line(tmp_path, rows, message):
    path = write_documents(tmp_path / "d.csv", rows)
    with pytest.raises(UserError, match=message):
        read_usable_documents(path)


def test_a_missing_table_says_which_rule_makes_it(tmp_path):
    with pytest.raises(UserError, match="run the documents rule first"):
        read_usable_documents(tmp_path / "absent.csv")
