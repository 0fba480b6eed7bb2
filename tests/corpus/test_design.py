"""The design summary of check-corpus: what a corpus can support, before anything runs (#16)."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest

from policytext.cli import main
from policytext.corpus.design import (
    DocumentSize,
    design_counts,
    design_summary,
    empty_cells,
    event_verdict,
    format_summary,
    group_verdicts,
    load_design_config,
    measure_document,
    schema_defaults,
    tiny_documents,
    topic_verdict,
    trend_verdict,
)
from policytext.corpus.manifest import Document, load_manifest
from policytext.periods import parse_events
from policytext.schema import load_schema
from tests.support.degenerate import huge_and_tiny_corpus, one_sector_corpus, three_document_corpus
from tests.support.paths import real_corpus_or_skip


def document(doc_id: str, doc_type: str = "government", year: int = 2015, date: str = ""):
    return Document(doc_id, doc_id, "p", doc_type, year, f"{doc_id}.txt", Path(doc_id), date)


def sizes_of(*words: int) -> list[DocumentSize]:
    return [DocumentSize(f"d{i}", "text", words=n, paragraphs=1) for i, n in enumerate(words)]


def test_schema_defaults_fill_every_declared_key_of_nested_sections():
    schema = load_schema()
    config = schema_defaults(schema)
    for section in ("terms", "topics", "extract"):
        declared = schema["properties"][section]["properties"]
        with_default = {key for key, rule in declared.items() if "default" in rule}
        assert with_default <= set(config[section]), section


def test_a_config_file_overrides_one_key_and_keeps_its_siblings(tmp_path):
    overlay = tmp_path / "mine.yaml"
    overlay.write_text("topics:\n  k_range: [2, 3]\n", encoding="utf-8")
    defaults = load_design_config([])
    config = load_design_config([overlay])
    assert config["topics"]["k_range"] == [2, 3]
    assert config["topics"]["seeds"] == defaults["topics"]["seeds"]
    assert config["terms"] == defaults["terms"]


def test_empty_cells_include_years_inside_the_range_with_no_document():
    counts = design_counts([document("a", "government", 2014), document("b", "third_sector", 2016)])
    assert empty_cells(counts) == [
        (2014, "third_sector"),
        (2015, "government"),
        (2015, "third_sector"),
        (2016, "government"),
    ]


def test_a_document_far_shorter_than_the_median_is_tiny():
    flagged = tiny_documents(sizes_of(300, 320, 2400, 7, 310), share=0.1)
    assert flagged == [("d3", "7 words < 0.1 x the median 310")]


def test_documents_of_similar_ordinary_length_are_not_tiny():
    assert tiny_documents(sizes_of(180, 200, 23), share=0.1) == []


def test_a_one_page_pdf_is_flagged_among_long_pdfs_only():
    long_pdfs = [DocumentSize(f"p{n}", "pdf", pages=n) for n in (1, 12, 20, 30)]
    short_pdfs = [DocumentSize(f"p{n}", "pdf", pages=n) for n in (1, 2, 9)]
    assert [doc_id for doc_id, _ in tiny_documents(long_pdfs, share=0.1)] == ["p1"]
    assert tiny_documents(short_pdfs, share=0.1) == []


def test_the_tiny_rule_is_the_extract_stages_when_it_declares_one():
    engines = importlib.import_module("policytext.extract.engines")
    share = load_design_config([]).get("extract", {}).get("short_share")
    if share is None or not hasattr(engines, "short_documents"):
        pytest.skip("the extract stage flags no short documents in this version (layout, #16)")
    words = [300, 320, 2400, 7, 310, 29, 31]
    rows = [{"status": "ok", "words": count} for count in words]
    expected = [
        f"d{i}" for i, short in enumerate(engines.short_documents(rows, short_share=share)) if short
    ]
    assert [doc_id for doc_id, _ in tiny_documents(sizes_of(*words), share=share)] == expected


def test_one_year_supports_no_trend_and_says_why():
    verdict = trend_verdict([document("a"), document("b")], load_design_config([]))
    assert not verdict.supported
    assert verdict.detail.startswith("not_estimated: 1 year")


def test_a_one_sector_corpus_cannot_compare_sectors():
    config = {"terms": {"keyness_groups": [["government", "third_sector"]]}}
    (verdict,) = group_verdicts([document("a"), document("b")], config)
    assert not verdict.supported
    assert verdict.detail == "one_sided: no documents in third_sector"


def test_a_comparison_with_too_few_documents_on_one_side_names_that_side():
    config = {"terms": {"keyness_groups": [["government", "third_sector"]], "keyness_min_docs": 2}}
    documents = [document("a"), document("b"), document("c", "third_sector")]
    (verdict,) = group_verdicts(documents, config)
    assert verdict.detail == "few_docs: third_sector 1 < 2"


def test_an_event_needs_documents_on_both_sides_within_the_window():
    (event,) = parse_events([{"date": "2015-07-24", "name": "act", "label": "Act"}])
    days = [dt.date(year, 7, 1) for year in (2012, 2014, 2014, 2016, 2018)]
    verdict = event_verdict(event, days, event_config(window=2))
    assert not verdict.supported
    assert verdict.detail == "2 before, 1 after; change test and keyness: few_docs: after 1 < 2"
    wider = event_verdict(event, days, event_config(window=3))
    assert wider.supported
    assert wider.detail == "2 before, 2 after; change test: yes; keyness: yes"


def event_config(*, window: float) -> dict:
    return {
        "terms": {
            "event_window_years": window,
            "keyness_event_window_years": window,
            "min_docs_per_cell": 2,
            "keyness_min_docs": 2,
        }
    }


def test_topics_cap_k_by_paragraphs_and_refuse_below_two():
    config = {
        "topics": {"k_range": [4, 6, 8], "min_documents": 2, "min_units_per_topic": 10},
    }
    documents = [document("d0"), document("d1")]
    sizes = [DocumentSize("d0", "text", words=900, paragraphs=30)]
    sizes.append(DocumentSize("d1", "text", words=900, paragraphs=30))
    verdict = topic_verdict(documents, sizes, config)
    assert verdict.supported
    assert verdict.detail.startswith("K <= 6 (60 units / 10 per topic")
    assert "K = 8 of the sweep will not be fitted" in verdict.detail
    few = [DocumentSize("d0", "text", paragraphs=6), DocumentSize("d1", "text", paragraphs=6)]
    refused = topic_verdict(documents, few, config)
    assert not refused.supported
    assert "no stable topic structure" in refused.detail


def test_the_topic_cap_agrees_with_the_topic_stage():
    sweep = importlib.import_module("policytext.topics.sweep")
    if not hasattr(sweep, "k_limit"):
        pytest.skip("the topic stage declares no K limit in this version (topics branch, #16)")
    options = load_design_config([])["topics"] | {"unit": "document"}
    for count in (3, 12, 40, 95):
        documents = [document(f"d{i}") for i in range(count)]
        verdict = topic_verdict(documents, [], {"topics": options})
        limit = sweep.k_limit(documents=count, units=count, vocabulary=10**6, options=options)
        assert verdict.supported == (limit >= 2), count
        if limit >= 2:
            assert verdict.detail.startswith(f"K <= {limit} "), count


def test_text_files_are_measured_in_words_and_paragraphs(tmp_path):
    manifest = three_document_corpus(tmp_path)
    sizes = [measure_document(doc) for doc in load_manifest(manifest)]
    assert [size.kind for size in sizes] == ["text"] * 3
    assert all(150 < size.words < 300 and size.paragraphs >= 6 for size in sizes)


def test_real_pdfs_are_measured_in_pages():
    folder = real_corpus_or_skip()
    documents = [doc for doc in load_manifest(folder / "manifest.csv") if doc.path.is_file()]
    poster = next(doc for doc in documents if "poster" in doc.doc_id)
    assert measure_document(poster).pages == 1
    declared = {doc.doc_id: int(doc.covariates["pages"]) for doc in documents}
    for doc in documents[:5]:
        assert measure_document(doc).pages == declared[doc.doc_id]


def test_the_summary_of_a_huge_and_tiny_corpus_warns_about_each_tiny_document(tmp_path):
    documents = load_manifest(huge_and_tiny_corpus(tmp_path))
    sizes = [measure_document(doc) for doc in documents]
    summary = design_summary(documents, sizes, {"extract": {"short_share": 0.1}})
    assert sorted(doc_id for doc_id, _ in summary.tiny) == [f"tiny_{n}" for n in range(1, 6)]
    text = format_summary(summary)
    assert text.count("warning: tiny document") == 5


def test_check_corpus_prints_the_design_of_a_three_document_corpus(tmp_path, capsys):
    manifest = three_document_corpus(tmp_path)
    assert main(["check-corpus", str(manifest)]) == 0
    out = capsys.readouterr().out
    assert "  year  government  third_sector  all\n  2015           2             1    3" in out
    assert "no   trends over years: not_estimated: 1 year" in out
    assert "Empty cells: none" in out


def test_check_corpus_uses_the_thresholds_of_a_config_file(tmp_path, capsys):
    manifest = one_sector_corpus(tmp_path / "corpus")
    overlay = tmp_path / "mine.json"
    overlay.write_text('{"terms": {"keyness_groups": [["government", "audit"]]}}', "utf-8")
    assert main(["check-corpus", str(manifest), "--configfile", str(overlay)]) == 0
    out = capsys.readouterr().out
    assert "compare government vs audit: one_sided: no documents in audit" in out
    assert str(overlay) in out


def test_a_missing_config_file_is_a_clear_error(tmp_path, capsys):
    manifest = three_document_corpus(tmp_path)
    assert main(["check-corpus", str(manifest), "--configfile", str(tmp_path / "no.yaml")]) == 2
    assert "no.yaml does not exist" in capsys.readouterr().err
