"""The term stage's figures: drawn from the tables, every promised file, the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from policytext.io import write_table
from policytext.periods import parse_events, parse_periods
from policytext.terms import figure_stems
from policytext.terms.commands import terms_command
from policytext.terms.figures import clip_periods, draw_term_figures, event_key, events_in
from policytext.text.tokenize import tokenize_document, write_tokens

PROJECT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((PROJECT / "config.yaml").read_text(encoding="utf-8"))
SENTENCES = [
    "We co-produce services with people who use them, building trust and saving costs.",
    "Co-design of care with carers improves quality and outcomes for communities.",
    "Partnership and integration matter; budgets are under pressure and risk grows.",
    "Co-creation draws on community assets and lived experience to shape decisions.",
]


def options() -> dict:
    """The default terms options with the configured periods and events."""
    return dict(CONFIG["terms"], periods=CONFIG["periods"], events=CONFIG["events"],
                bootstrap_n=100, collocate_min_count=1, keyness_min_count=2)  # fmt: skip


def build_tables(root: Path) -> Path:
    """Term tables for a small two-sector corpus spanning 2009-2022."""
    rows = []
    for index, year in enumerate(range(2009, 2023)):
        for doc_type in ("government", "third_sector"):
            doc_id = f"{doc_type[:3]}-{year}"
            text = "\n\n".join(SENTENCES[(index + k) % 4] for k in range(3 + index % 3))
            write_tokens(root / "tokens" / f"{doc_id}.txt", tokenize_document(text))
            rows.append(
                {"doc_id": doc_id, "doc_type": doc_type, "year": year, "date": "",
                 "period": "snp_2011" if 2011 < year < 2016 else "snp_2016", "usable": True}
            )  # fmt: skip
    write_table(root / "documents.csv", rows, list(rows[0]))
    out = root / "terms"
    terms_command(
        ["--documents", str(root / "documents.csv"), "--tokens-dir", str(root / "tokens"),
         "--options", json.dumps(options(), default=str), "--out-dir", str(out)]
    )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("termplots")
    terms = build_tables(root)
    return terms, draw_term_figures(terms, root / "figures", json.loads(json.dumps(
        options(), default=str)))  # fmt: skip


def test_every_promised_figure_is_written_as_png_and_svg(figures) -> None:
    _, written = figures
    expected = {f"{stem}.{ext}" for stem in figure_stems(CONFIG) for ext in ("png", "svg")}
    assert {path.name for path in written} == expected
    assert all(path.stat().st_size > 1000 for path in written)


def test_figures_are_byte_identical_when_redrawn(figures, tmp_path: Path) -> None:
    terms, written = figures
    again = draw_term_figures(terms, tmp_path, json.loads(json.dumps(options(), default=str)))
    for first, second in zip(sorted(written), sorted(again), strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_periods_are_cut_to_the_plotted_years() -> None:
    periods = clip_periods(parse_periods(CONFIG["periods"]), 2009, 2023)
    assert periods[0].name == "snp_2007" and periods[0].start.year == 2009
    assert periods[-1].end.year == 2023
    assert all(period.name != "after_2026" for period in periods)


def test_event_key_numbers_only_the_events_in_range() -> None:
    events = events_in(parse_events(CONFIG["events"]), 2009, 2023)
    key = event_key(events)
    assert key.startswith("Events: 1\u00a0")
    assert "Changing" not in key
    assert f"{len(events)}\u00a0" in key
