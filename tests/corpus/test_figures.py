"""Corpus composition and extraction-loss tables, and the figures drawn from them."""

import json

from policytext.cli import main
from policytext.corpus.figures import composition, losses, status_counts
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


def test_losses_count_words_by_reason_and_skip_zeros():
    records = [
        {
            "doc_id": "b",
            "status": "ok",
            "dropped": {
                "examples": {"page_numbers": ["1"]},
                "page_numbers": 12,
                "words": {"page_numbers": 12, "tables": 0},
                "pages_without_text": 1,
                "pages_without_unicode": 2,
            },
        },
        {"doc_id": "a", "status": "corrupt", "dropped": {}},
    ]
    assert losses(records) == [
        {"doc_id": "b", "status": "ok", "kind": "page_numbers", "unit": "words", "count": 12},
        {"doc_id": "b", "status": "ok", "kind": "pages_without_text", "unit": "pages", "count": 1},
        {
            "doc_id": "b",
            "status": "ok",
            "kind": "pages_without_unicode",
            "unit": "pages",
            "count": 2,
        },
    ]


def test_status_counts_add_warned_and_short_documents():
    records = [
        {"doc_id": "a", "status": "ok", "drop_warning": True},
        {"doc_id": "b", "status": "ok", "drop_warning": False},
        {"doc_id": "c", "status": "no_text"},
    ]
    extraction = [{"doc_id": "b", "short": "true"}, {"doc_id": "a", "short": "false"}]
    assert status_counts(records, extraction) == {
        "ok": 2,
        "no_text": 1,
        "ok: lost many words": 1,
        "ok: short": 1,
    }


def test_command_writes_tables_and_both_figure_formats(tmp_path):
    documents = tmp_path / "documents.csv"
    documents.write_text(
        "doc_id,year,doc_type,usable,status\na,2014,government,true,ok\nb,2015,audit,false,"
        "encrypted\n",
        encoding="utf-8",
    )
    records = []
    dropped_a = {"running_head_lines": 4, "words": {"running_heads": 9}}
    for doc_id, status, dropped in (("a", "ok", dropped_a), ("b", "encrypted", {})):
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
        {"doc_id": "a", "status": "ok", "kind": "running_heads", "unit": "words", "count": "9"}
    ]
    names = sorted(path.name for path in (tmp_path / "f").iterdir())
    assert names == [
        "corpus_composition.png",
        "corpus_composition.svg",
        "extraction_losses.png",
        "extraction_losses.svg",
    ]
