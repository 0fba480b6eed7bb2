"""The explorer's embedded data: bounded, complete up to the cap, and offline."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from policytext.io import read_table
from policytext.report.explorer import Sources, explorer_data, render_explorer
from tests.support.report import build_results, terms_options


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explorer")
    build_results(root)
    return root


def sources(root: Path, *, cap: int = 25) -> Sources:
    options = terms_options()
    return Sources(
        results_dir=root / "results",
        manifest=root / "corpus" / "manifest.csv",
        html_path=root / "results" / "explorer.html",
        concepts=options["focus"],
        terms_options=options,
        cap=cap,
    )


def test_every_trend_cell_embeds_its_first_rows_up_to_the_cap(root: Path) -> None:
    data = explorer_data(sources(root, cap=2))
    docs = data["docs"]
    concept = data["concepts"].index("co-production")
    embedded = {(docs[line[1]][0], line[3]) for line in data["lines"] if line[0] == concept}
    kwic = read_table(root / "results" / "terms" / "kwic" / "co-production.csv")
    for year in {row["year"] for row in kwic}:
        for group in ("all", "government", "third_sector"):
            cell = [
                (row["doc_id"], int(row["position"]))
                for row in kwic
                if row["year"] == year and group in ("all", row["doc_type"])
            ]
            assert set(cell[:2]) <= embedded
    assert len(embedded) < len(kwic)  # the cap bites on this corpus


def test_rate_points_carry_the_tables_hits(root: Path) -> None:
    data = explorer_data(sources(root))
    rates = read_table(root / "results" / "terms" / "rates.csv")
    expected = {
        (row["concept"], int(row["year"]), row["group"]): int(row["hits"])
        for row in rates
        if row["concept"] in data["concepts"]
    }
    assert {(r[0], r[1], r[2]): r[3] for r in data["rates"]} == expected


def test_key_word_uses_are_counted_like_keyness(root: Path) -> None:
    data = explorer_data(sources(root, cap=1000))
    per_bar = {}
    for line in data["keylines"]:
        per_bar[line[0]] = per_bar.get(line[0], 0) + 1
    for index, bar in enumerate(data["keyness"]):
        assert per_bar.get(index, 0) == bar[3], bar


def test_links_are_relative_and_only_pdfs_have_pages(root: Path) -> None:
    data = explorer_data(sources(root))
    docs = {doc[0]: doc for doc in data["docs"]}
    assert docs["doc00"][6] == "../corpus/pdf/doc00.pdf" and docs["doc00"][7] is True
    assert docs["doc11"][6] == "../corpus/web/doc11.html" and docs["doc11"][7] is False
    pages = {docs_id: set() for docs_id in docs}
    for line in data["lines"]:
        pages[data["docs"][line[1]][0]].add(line[2])
    assert pages["doc11"] == {None}
    assert pages["doc00"] == {1, 3}


def test_the_page_is_self_contained(root: Path) -> None:
    html = render_explorer(explorer_data(sources(root)))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script src" not in html and "<link" not in html
    assert html.count("</script>") == 2  # a title holding "</script>" is escaped
    payload = html.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    assert json.loads(payload)["docs"][0][1] == "Report 0 </script> & co"


def test_absent_tables_leave_notes_not_errors(tmp_path: Path, root: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    shutil.rmtree(copy / "results" / "topics")
    (copy / "results" / "terms" / "keyness.csv").unlink()
    data = explorer_data(sources(copy))
    assert data["topics"] == [] and data["keylines"] == []
    assert any("topics/prevalence.csv is absent" in note for note in data["notes"])
    assert any("terms/keyness.csv is absent" in note for note in data["notes"])
