"""The term stage: concept matching, contexts, frames, rates, keyness and the command."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
import yaml

from policytext.corpus.documents import UsableDocument
from policytext.errors import UserError
from policytext.io import read_table, write_table
from policytext.periods import Event
from policytext.terms.commands import terms_command
from policytext.terms.match import (
    compile_concept,
    frame_hits,
    match_paragraph,
    normalise_word,
    parse_concepts,
    parse_frames,
)
from policytext.terms.rates import RATE_KEYS
from policytext.terms.scan import context_positions, scan_document
from policytext.terms.tables import (
    TermsOptions,
    TermsTally,
    event_side,
    keyness_rows,
    parse_options,
)
from policytext.text.tokenize import tokenize, tokenize_document, write_tokens

PROJECT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((PROJECT / "config.yaml").read_text(encoding="utf-8"))
DEFAULT_CONCEPTS = parse_concepts(CONFIG["terms"]["concepts"])


def count(text: str, concept: str) -> int:
    """Hits of one default concept in a text (tokenised like the workflow does)."""
    chosen = [c for c in DEFAULT_CONCEPTS if c.name == concept]
    return sum(
        1 for paragraph in tokenize_document(text) for match in match_paragraph(paragraph, chosen)
    )


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Co-production", "co-production"),
        ("coproduction", "co-production"),
        ("co production", "co-production"),
        ("co-produce", "co-production"),
        ("co-produces", "co-production"),
        ("co-produced", "co-production"),
        ("co-producing", "co-production"),
        ("co-producers", "co-production"),
        ("Co‑Production", "co-production"),  # non-breaking hyphen, capitals
        ("co-creation", "co-creation"),
        ("cocreate", "co-creation"),
        ("co-created", "co-creation"),
        ("co creators", "co-creation"),
        ("co-design", "co-design"),
        ("codesigned", "co-design"),
        ("co-designing", "co-design"),
        ("co-designers", "co-design"),
        ("participation", "participation"),
        ("participatory", "participation"),
        ("person-centred", "person-centred"),
        ("person centred", "person-centred"),
        ("person-centered", "person-centred"),
        ("lived experience", "lived-experience"),
        ("experts by experience", "lived-experience"),
        ("integration", "integration"),
        ("integrated", "integration"),
        ("partnerships", "partnership"),
        ("preventative", "prevention"),
        ("preventive", "prevention"),
        ("empowerment", "empowerment"),
        ("empowering", "empowerment"),
        ("community assets", "community-assets"),
        ("asset-based", "community-assets"),
        ("co-production-led", "co-production"),
        ("outcome-focused", "outcomes"),
    ],
)
def test_each_variant_matches_once(text: str, concept: str) -> None:
    assert count(f"We value {text} here.", concept) == 1


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("disintegration", "integration"),
        ("reintegration", "integration"),
        ("co-product", "co-production"),
        ("production", "co-production"),
        ("co-operation", "co-production"),
        ("creation", "co-creation"),
        ("design", "co-design"),
        ("participants", "participation"),
        ("disempowerment", "empowerment"),
        ("person", "person-centred"),
        ("experience", "lived-experience"),
        ("partner", "partnership"),
    ],
)
def test_near_misses_do_not_match(text: str, concept: str) -> None:
    assert count(f"We value {text} here.", concept) == 0


def test_a_variant_split_across_paragraphs_does_not_match() -> None:
    assert count("We believe in co\n\nproduction of services.", "co-production") == 0
    assert count("We believe in co production of services.", "co-production") == 1


def test_match_positions_cover_the_variant_tokens() -> None:
    concepts = parse_concepts({"co-production": [r"co[- ]?production"]})
    tokens = ["co", "production", "and", "co-production", "a", "co-production-led", "plan"]
    spans = [(m.start, m.end) for m in match_paragraph(tokens, concepts)]
    assert spans == [(0, 2), (3, 4), (5, 6)]


def test_a_bad_pattern_is_a_user_error_naming_the_concept() -> None:
    with pytest.raises(UserError, match="co-production"):
        compile_concept("co-production", ["co(production"])


def test_an_unknown_focus_concept_is_a_user_error() -> None:
    with pytest.raises(UserError, match="terms.focus"):
        parse_options({"concepts": {"a": ["a"]}, "focus": ["b"]})


def test_context_positions_are_a_union_without_the_matches() -> None:
    assert context_positions([(2, 3), (4, 5)], window=2, length=8) == [0, 1, 3, 5, 6]


def test_frames_count_lemmas_and_phrases_in_context() -> None:
    frames = parse_frames(
        {"cost": ["cost", "value for money"], "trust": ["trust", "relationship"]}, lemmatize=True
    )
    text = "the costs of relationships show value for money and trust"
    lemmas = [normalise_word(word, lemmatize=True) for word in tokenize(text)]
    hits = frame_hits(lemmas, range(len(lemmas)), frames)
    assert hits == {"cost": 2, "trust": 2}
    # Only the positions in the context count.
    assert frame_hits(lemmas, [1], frames) == {"cost": 1, "trust": 0}


def test_frames_without_lemmatisation_need_the_exact_token() -> None:
    frames = parse_frames({"cost": ["cost"]}, lemmatize=False)
    assert frame_hits(["costs", "cost"], [0, 1], frames) == {"cost": 1}


def scan_text(text: str, **options):
    """Scan a text with the default concepts and two small frames."""
    settings = {"kwic_window": 3, "context_window": 3, "lemmatize": True} | options
    frames = parse_frames({"cost": ["cost", "budget"], "trust": ["trust"]}, lemmatize=True)
    return scan_document(
        tokenize_document(text), concepts=DEFAULT_CONCEPTS, frames=frames, **settings
    )


def test_kwic_windows_stop_at_paragraph_edges() -> None:
    scan = scan_text("Co-production works well for all.\n\nWe cut costs by co-design")
    lines = {line.concept: line for line in scan.kwic}
    first, second = lines["co-production"], lines["co-design"]
    assert (first.left, first.match, first.right) == ("", "co-production", "works well for")
    assert (first.paragraph, first.position) == (0, 0)
    assert (second.left, second.match, second.right) == ("cut costs by", "co-design", "")
    assert (second.paragraph, second.position) == (1, 9)


def test_scan_counts_frames_only_near_mentions() -> None:
    text = "Trust and budget matter. Budget budget.\n\nFar away trust budget cost cost."
    scan = scan_text("Budgets and co-production build trust. " + text)
    # Context of co-production: "budgets and" | "build trust trust" (3 tokens each side);
    # the budgets and trusts further on are outside it.
    assert scan.frame_hits["co-production"] == {"cost": 1, "trust": 2}
    assert scan.context_tokens["co-production"] == 5


def options_for_tests(**changes) -> TermsOptions:
    """Small options: default concepts, few resamples."""
    base = {"concepts": CONFIG["terms"]["concepts"], "bootstrap_n": 200}
    return parse_options(base | changes)


def make_info(doc_id: str, year: int, doc_type: str, period: str = "p1") -> UsableDocument:
    return UsableDocument(doc_id, year, doc_type, period, dt.date(year, 7, 1))


def test_event_sides_respect_the_window() -> None:
    event = Event(dt.date(2014, 4, 1), "Act", "act")
    assert event_side(dt.date(2014, 4, 1), event, window_years=5) == "after"
    assert event_side(dt.date(2014, 3, 31), event, window_years=5) == "before"
    assert event_side(dt.date(2001, 1, 1), event, window_years=5) is None
    assert event_side(dt.date(2001, 1, 1), event, window_years=None) == "before"


def test_keyness_finds_words_key_for_each_side() -> None:
    options = options_for_tests(keyness_min_count=2, keyness_top_n=5)
    tally = TermsTally(options)
    tally.add(make_info("g", 2015, "government"), scan_text("budget efficiency " * 10 + "care"))
    tally.add(make_info("t", 2015, "third_sector"), scan_text("community voice " * 10 + "care"))
    rows = keyness_rows(tally)
    key_for = {row["word"]: row["key_for"] for row in rows}
    assert key_for["budget"] == "government"
    assert key_for["community"] == "third_sector"
    assert "care" not in key_for or rows[0]["log_likelihood"] > 0
    budget = next(row for row in rows if row["word"] == "budget")
    assert budget["log_ratio"] > 0 and budget["reference_count"] == 0


def write_small_corpus(root: Path) -> tuple[Path, Path]:
    """A documents table and tokens folder with four documents, one of them not usable."""
    texts = {
        "gov-2012": (2012, "government", "snp_2011", "We co-produce services.\n\nCost matters."),
        "gov-2018": (2018, "government", "snp_2016", "Co-production and co-design of care."),
        "ts-2018": (2018, "third_sector", "snp_2016", "Co-creation builds trust with people."),
        "broken": (2018, "government", "snp_2016", ""),
    }
    rows = []
    for doc_id, (year, doc_type, period, text) in texts.items():
        write_tokens(root / "tokens" / f"{doc_id}.txt", tokenize_document(text))
        status = "ok" if text else "no_text"
        rows.append(
            {"doc_id": doc_id, "title": doc_id, "publisher": "x", "doc_type": doc_type,
             "year": year, "date": "", "period": period, "status": status,
             "usable": status == "ok"}
        )  # fmt: skip
    documents = write_table(root / "documents.csv", rows, list(rows[0]))
    return documents, root / "tokens"


def run_command(root: Path, out: Path) -> int:
    documents, tokens = write_small_corpus(root)
    options = dict(CONFIG["terms"], periods=CONFIG["periods"], events=CONFIG["events"])
    return terms_command(
        ["--documents", str(documents), "--tokens-dir", str(tokens),
         "--options", json.dumps(options, default=str), "--out-dir", str(out)]
    )  # fmt: skip


def test_terms_command_writes_every_table_from_usable_documents(tmp_path: Path) -> None:
    assert run_command(tmp_path, tmp_path / "terms") == 0
    out = tmp_path / "terms"
    hits = read_table(out / "doc_hits.csv")
    assert {row["doc_id"] for row in hits} == {"gov-2012", "gov-2018", "ts-2018"}
    rates = read_table(out / "rates.csv")
    assert list(rates[0])[:10] == [
        "concept", "year", "group", "docs", "tokens", "hits", "rate_per_10k",
        "ci_low", "ci_high", "doc_share",
    ]  # fmt: skip
    cell = next(
        r
        for r in rates
        if (r["concept"], r["year"], r["group"]) == ("co-production", "2018", "all")
    )
    assert (cell["docs"], cell["hits"], cell["doc_share"]) == ("2", "1", "0.5")
    kwic = read_table(out / "kwic" / "co-production.csv")
    assert [(r["doc_id"], r["match"]) for r in kwic] == [
        ("gov-2012", "co-produce"),
        ("gov-2018", "co-production"),
    ]
    for name in ("collocates.csv", "frames.csv", "keyness.csv"):
        assert (out / name).is_file()
    frames = read_table(out / "frames.csv")
    assert {r["period"] for r in frames} == {"snp_2011", "snp_2016", "all"}


def test_terms_command_is_byte_identical_across_runs(tmp_path: Path) -> None:
    run_command(tmp_path / "one", tmp_path / "one" / "terms")
    run_command(tmp_path / "two", tmp_path / "two" / "terms")
    first = sorted((tmp_path / "one" / "terms").rglob("*.csv"))
    assert first
    for path in first:
        twin = tmp_path / "two" / "terms" / path.relative_to(tmp_path / "one" / "terms")
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_a_missing_tokens_file_is_a_user_error(tmp_path: Path) -> None:
    documents, tokens = write_small_corpus(tmp_path)
    (tokens / "gov-2012.txt").unlink()
    with pytest.raises(UserError, match="gov-2012"):
        terms_command(
            ["--documents", str(documents), "--tokens-dir", str(tokens), "--options",
             json.dumps({"concepts": CONFIG["terms"]["concepts"]}), "--out-dir",
             str(tmp_path / "out")]
        )  # fmt: skip


def test_schema_defaults_match_config_and_code() -> None:
    schema = yaml.safe_load(
        (PROJECT / "workflow" / "schemas" / "config.schema.yaml").read_text(encoding="utf-8")
    )
    properties = schema["properties"]["terms"]["properties"]
    assert set(properties) == set(CONFIG["terms"])
    for key, spec in properties.items():
        assert spec.get("description"), key
        assert spec["default"] == CONFIG["terms"][key], key
    code_defaults = TermsOptions(concepts=[], frames=[])
    for key in RATE_KEYS:
        assert getattr(code_defaults.rates, key) == properties[key]["default"], key
    for key in ("lemmatize", "kwic_window", "context_window", "bootstrap_n",
                "bootstrap_seed", "ci_level", "collocate_min_count", "collocate_top_n",
                "keyness_top_n", "keyness_min_count", "keyness_smoothing",
                "keyness_event_window_years"):  # fmt: skip
        assert getattr(code_defaults, key) == properties[key]["default"], key
    assert list(code_defaults.focus) == properties["focus"]["default"]
    assert [list(pair) for pair in code_defaults.keyness_groups] == properties["keyness_groups"][
        "default"
    ]


def test_tokenize_keeps_the_variants_the_patterns_expect() -> None:
    assert tokenize("Co‑production, co production") == ["co-production", "co", "production"]
    assert math.isclose(len(DEFAULT_CONCEPTS), len(CONFIG["terms"]["concepts"]))
