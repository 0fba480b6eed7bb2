"""The demo corpus generator: deterministic files, truthful ground truth, broken files as told."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.utils.exceptions import PdfminerException

from policytext.demo.commands import demo_corpus_command
from policytext.demo.generator import (
    BODY_SIZES,
    MANIFEST_COLUMNS,
    build_document,
    generate_demo_corpus,
    plan_documents,
)
from policytext.demo.layout import (
    FOOTNOTE_SIZE,
    GUTTER,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_TOP,
    TEXT_WIDTH,
    Measure,
    Word,
    break_line,
    ligate,
    register_fonts,
)
from policytext.errors import UserError
from policytext.io import read_table
from policytext.text.tokenize import tokenize

REPO = Path(__file__).resolve().parents[2]
SMALL = {"n_docs": 8, "seed": 7, "min_pages": 2, "max_pages": 5}

# Written here independently of the generator's own patterns.
MENTION = {
    "co-production": r"\bco[- ]?produc(tion|e|ed|ing)\b",
    "co-creation": r"\bco[- ]?creat(ion|e|ed|ing)\b",
    "co-design": r"\bco[- ]?design(ed|ing)?\b",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "corpus"
    generate_demo_corpus(out, **SMALL)
    return out


def documents(corpus: Path) -> dict[str, dict[str, str]]:
    return {row["doc_id"]: row for row in read_table(corpus / "truth" / "documents.csv")}


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_generations_give_identical_bytes(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_demo_corpus(again, **SMALL)
    first, second = all_files(corpus), all_files(again)
    assert sorted(first) == sorted(second)
    assert len(first) > 8 * 2
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []


def test_another_seed_gives_other_documents(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate_demo_corpus(other, **{**SMALL, "seed": 8})
    assert (other / "manifest.csv").read_bytes() != (corpus / "manifest.csv").read_bytes()


def test_manifest_has_the_contract_columns_and_true_checksums(corpus: Path) -> None:
    header = (corpus / "manifest.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(MANIFEST_COLUMNS)
    rows = read_table(corpus / "manifest.csv")
    assert len(rows) == SMALL["n_docs"] + 4
    assert [row["doc_id"] for row in rows] == sorted(row["doc_id"] for row in rows)
    for row in rows:
        assert re.fullmatch(r"[a-z0-9_-]+", row["doc_id"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
        assert row["date"].startswith(row["year"])
        data = (corpus / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert row["doc_type"] in {"government", "third_sector", "audit"}


def test_truth_concept_counts_equal_a_regex_count_over_the_truth_text(corpus: Path) -> None:
    rows = read_table(corpus / "truth" / "concepts.csv")
    assert {row["concept"] for row in rows} == set(MENTION)
    total = 0
    for row in rows:
        text = (corpus / "truth" / "text" / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
        found = len(re.findall(MENTION[row["concept"]], text, flags=re.IGNORECASE))
        assert int(row["count"]) == found, row
        total += found
    assert total > 0


def test_documents_table_gives_the_page_count_pdfplumber_sees(corpus: Path) -> None:
    for doc_id, row in documents(corpus).items():
        if row["expected_status"] not in {"ok", "no_text"}:
            continue
        with pdfplumber.open(corpus / "pdf" / f"{doc_id}.pdf") as pdf:
            assert len(pdf.pages) == int(row["pages"]), doc_id
        assert SMALL["min_pages"] <= int(row["pages"]) <= SMALL["max_pages"]


def test_theme_shares_of_each_document_sum_to_one(corpus: Path) -> None:
    shares: dict[str, float] = {}
    for row in read_table(corpus / "truth" / "themes.csv"):
        shares[row["doc_id"]] = shares.get(row["doc_id"], 0.0) + float(row["proportion"])
    assert len(shares) == SMALL["n_docs"]
    assert all(abs(total - 1) < 1e-4 for total in shares.values())


def test_truth_text_has_no_ligatures_dangling_hyphens_or_page_furniture(corpus: Path) -> None:
    docs = documents(corpus)
    for doc_id, row in docs.items():
        path = corpus / "truth" / "text" / f"{doc_id}.txt"
        if row["expected_status"] != "ok":
            assert not path.exists()
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search("[\ufb01-\ufb03]", text)
        assert not re.search(r"\w-(\s|$)", text), "a line-end hyphen was left in"
        assert not re.search(r"\bPage \d+\b|\b\d+ of \d+\b", text)
        assert "\n\n\n" not in text


def test_pdfplumber_finds_every_truth_word_of_a_single_column_document(corpus: Path) -> None:
    docs = documents(corpus)
    single = [d for d, r in docs.items() if r["columns"] == "1" and r["expected_status"] == "ok"]
    assert single, "the fixed seed should give at least one single-column document"
    doc_id = single[0]
    with pdfplumber.open(corpus / "pdf" / f"{doc_id}.pdf") as pdf:
        extracted = "\n".join(page.extract_text() or "" for page in pdf.pages)
    extracted = unicodedata.normalize("NFKC", extracted)
    found = set(tokenize(re.sub(r"-\n", "", extracted))) | set(
        tokenize(re.sub(r"-\n", "-", extracted))
    )
    truth = (corpus / "truth" / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
    missing = sorted(set(tokenize(truth)) - found)
    assert missing == []


def hyphen_free_tokens(text: str) -> list[str]:
    """Tokens with line-end breaks joined and every hyphen removed, to compare word order."""
    joined = re.sub(r"-\n", "", unicodedata.normalize("NFKC", text))
    return [token.replace("-", "") for token in tokenize(joined)]


def body_page_text(page: pdfplumber.page.Page, columns: int) -> str:
    """One body page read the way the truth is defined: columns by size filter, then notes."""
    body = BODY_SIZES[columns]
    width = (TEXT_WIDTH - GUTTER * (columns - 1)) / columns
    kept = {round(body, 1), round(body + 1.5, 1)}
    parts = []
    for column in range(columns):
        x0 = MARGIN_LEFT + column * (width + GUTTER) - 1
        region = page.crop((x0, MARGIN_TOP - 5, x0 + width + 2, page.height - MARGIN_BOTTOM + 3))
        text_only = region.filter(lambda obj: round(obj.get("size", 0), 1) in kept)
        parts.append(text_only.extract_text() or "")
    notes = page.filter(lambda obj: round(obj.get("size", 0), 1) == FOOTNOTE_SIZE)
    parts.append(notes.extract_text() or "")
    return "\n".join(parts)


def test_truth_text_is_the_body_text_in_reading_order_for_every_layout(corpus: Path) -> None:
    docs = documents(corpus)
    readable = [d for d, row in docs.items() if row["expected_status"] == "ok"]
    assert {docs[d]["columns"] for d in readable} >= {"1", "2"}
    for doc_id in readable:
        columns = int(docs[doc_id]["columns"])
        with pdfplumber.open(corpus / "pdf" / f"{doc_id}.pdf") as pdf:
            pages = [body_page_text(page, columns) for page in pdf.pages[1:]]
        truth = (corpus / "truth" / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        body_truth = "\n\n".join(truth.split("\n\n")[4:])  # after the title page's four
        assert hyphen_free_tokens("\n".join(pages)) == hyphen_free_tokens(body_truth), doc_id


@pytest.mark.slow
def test_committed_truth_texts_match_their_pdfs_word_for_word() -> None:
    folder = REPO / "corpus" / "demo"
    if not (folder / "manifest.csv").exists():
        pytest.skip("corpus/demo is not in this checkout")
    readable = [(d, row) for d, row in documents(folder).items() if row["expected_status"] == "ok"]
    mismatched = []
    for doc_id, row in readable[::4]:  # a quarter of them (all of them take minutes)
        with pdfplumber.open(folder / "pdf" / f"{doc_id}.pdf") as pdf:
            pages = []
            for page in pdf.pages[1:]:
                pages.append(body_page_text(page, int(row["columns"])))
                page.close()
        truth = (folder / "truth" / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        body_truth = "\n\n".join(truth.split("\n\n")[4:])
        if hyphen_free_tokens("\n".join(pages)) != hyphen_free_tokens(body_truth):
            mismatched.append(doc_id)
    assert mismatched == []


def test_ligature_documents_draw_ligature_characters(corpus: Path) -> None:
    docs = documents(corpus)
    with_ligatures = [d for d, row in docs.items() if int(row["ligatures"]) > 0]
    assert with_ligatures
    with pdfplumber.open(corpus / "pdf" / f"{with_ligatures[0]}.pdf") as pdf:
        chars = "".join(c["text"] for page in pdf.pages for c in page.chars)
    assert re.search("[\ufb01-\ufb03]", chars)


@pytest.mark.parametrize("status", ["encrypted", "corrupt", "unsupported"])
def test_unreadable_files_make_pdfplumber_raise(corpus: Path, status: str) -> None:
    doc_id = next(d for d, row in documents(corpus).items() if row["expected_status"] == status)
    with pytest.raises(PdfminerException), pdfplumber.open(corpus / "pdf" / f"{doc_id}.pdf") as pdf:
        for page in pdf.pages:
            page.extract_text()


def test_image_only_file_has_pages_with_images_but_no_characters(corpus: Path) -> None:
    doc_id = next(d for d, row in documents(corpus).items() if row["expected_status"] == "no_text")
    with pdfplumber.open(corpus / "pdf" / f"{doc_id}.pdf") as pdf:
        assert len(pdf.pages) >= 2
        assert all(page.chars == [] for page in pdf.pages)
        assert all(page.images for page in pdf.pages)


def test_html_file_with_a_pdf_name_is_html(corpus: Path) -> None:
    doc_id = next(
        d for d, row in documents(corpus).items() if row["expected_status"] == "unsupported"
    )
    assert (corpus / "pdf" / f"{doc_id}.pdf").read_bytes().startswith(b"<!DOCTYPE html>")


def test_compound_at_a_line_end_is_split_at_its_own_hyphen() -> None:
    register_fonts()
    measure = Measure("DejaVuSerif", 10)
    words = [Word("partners"), Word("value"), Word("co-production"), Word("today")]
    width = measure("partners value co-") + 1
    pieces, cursor = break_line(
        words, (0, 0), width, measure, marker_width=0, allow_split=True, hyphenate=False
    )
    assert [p.text for p in pieces] == ["partners", "value", "co-"]
    assert cursor == (2, 3)
    rest, _ = break_line(
        words, cursor, 500, measure, marker_width=0, allow_split=True, hyphenate=False
    )
    assert [p.text for p in rest] == ["production", "today"]


def test_ordinary_word_is_hyphenated_only_when_the_document_hyphenates() -> None:
    register_fonts()
    measure = Measure("DejaVuSans", 10)
    words = [Word("local"), Word("communities")]
    width = measure("local commu-") + 1
    options = {"marker_width": 0, "allow_split": True}
    split, _ = break_line(words, (0, 0), width, measure, hyphenate=True, **options)
    whole, _ = break_line(words, (0, 0), width, measure, hyphenate=False, **options)
    assert [p.text for p in split] == ["local", "commu-"]
    assert [p.text for p in whole] == ["local"]


def test_ligate_replaces_ffi_before_fi() -> None:
    assert ligate("efficient fifty flow") == ("e\ufb03cient \ufb01fty \ufb02ow", 3)


def test_impossible_arguments_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--min-pages"):
        demo_corpus_command([str(tmp_path), "--min-pages", "1"])
    with pytest.raises(UserError, match="--first-year"):
        demo_corpus_command([str(tmp_path), "--first-year", "2020", "--last-year", "2010"])


def test_default_arguments_reproduce_the_committed_corpus() -> None:
    manifest = REPO / "corpus" / "demo" / "manifest.csv"
    if not manifest.exists():
        pytest.skip("corpus/demo/manifest.csv is not in this checkout")
    committed = {row["doc_id"]: row["sha256"] for row in read_table(manifest)}
    specs = plan_documents(
        n_docs=160,
        seed=2011,
        first_year=2005,
        last_year=2024,
        min_pages=2,
        max_pages=20,
        bad_files=True,
    )
    register_fonts()
    readable = [spec for spec in specs if not spec.bad]
    for spec in (readable[0], readable[len(readable) // 2]):
        data = build_document(spec).data
        assert hashlib.sha256(data).hexdigest() == committed[spec.doc_id], spec.doc_id
