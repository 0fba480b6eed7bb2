"""Corpus composition and extraction-loss tables, and the figures drawn from them."""

import json

from policytext.cli import main
from policytext.corpus.figures import composition, losses
from policytext.io import read_table


def test_composition_counts_each_year_type_and_usability():
    documents = [
        {"year": "2014", "doc_type": "government", "usable": "true"},
        {"year": "2014", "doc_type": "government", "usable": "true"},
        {"year": "2014", "doc_type": "audit", "usable": "false"},
        {"year": "2009", "doc_type": "audit", "usable": "true"},
    ]
    assert composition(documents) == [
        {"year": 2009, "doc_type": "audit", "usable": "true", "docs": 1},
        {"year": 2014, "doc_type": "audit", "usable": "false", "docs": 1},
        {"year": 2014, "doc_type": "government", "usable": "true", "docs": 2},
    ]


def test_losses_keep_counts_and_skip_examples_and_zeros():
    records = [
        {
            "doc_id": "b",
            "status": "ok",
            "dropped": {"examples": {"page_numbers": ["1"]}, "page_numbers": 12, "table_cells": 0},
        },
        {"doc_id": "a", "status": "corrupt", "dropped": {}},
    ]
    assert losses(records) == [{"doc_id": "b", "status": "ok", "kind": "page_numbers", "count": 12}]


def test_command_writes_tables_and_both_figure_formats(tmp_path):
    documents = tmp_path / "documents.csv"
    documents.write_text(
        "doc_id,year,doc_type,usable,status\na,2014,government,true,ok\nb,2015,audit,false,"
        "encrypted\n",
        encoding="utf-8",
    )
    records = []
    for doc_id, status, dropped in (("a", "ok", {"running_head_lines": 4}), ("b", "encrypted", {})):
        path = tmp_path / f"{doc_id}.json"
        path.write_text(json.dumps({"doc_id": doc_id, "status": status, "dropped": dropped}))
        records.append(str(path))
    argv = [
        "corpus-figures",
        "--documents",
        str(documents),
        "--records",
        *records,
        "--tables-dir",
        str(tmp_path / "t"),
        "--figures-dir",
        str(tmp_path / "f"),
    ]
    assert main(argv) == 0
    assert read_table(tmp_path / "t" / "extraction_losses.csv") == [
        {"doc_id": "a", "status": "ok", "kind": "running_head_lines", "count": "4"}
    ]
    names = sorted(path.name for path in (tmp_path / "f").iterdir())
    assert names == [
        "corpus_composition.png",
        "corpus_composition.svg",
        "extraction_losses.png",
        "extraction_losses.svg",
    ]
