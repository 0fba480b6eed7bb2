"""The term counts against the demo corpus's planted ground truth.

The demo corpus (corpus/demo) plants mentions of co-production, co-creation and co-design
in every spelling the study cares about and records the counts in truth/concepts.csv. On
the truth text, tokenised by the shared tokeniser and counted by the term stage's matcher,
the hits per year must equal the planted counts, and the rates must follow the planted
rates.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml

from policytext.io import read_table
from policytext.terms.match import match_paragraph, parse_concepts
from policytext.text.tokenize import tokenize_document

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "corpus" / "demo"
TRUTH = DEMO / "truth"
PLANTED = ("co-production", "co-creation", "co-design")


def demo_or_skip() -> Path:
    """The demo corpus's truth folder, or skip saying why."""
    if not (TRUTH / "concepts.csv").is_file() or not (TRUTH / "text").is_dir():
        pytest.skip(f"demo corpus truth not found at {TRUTH} (generate it with demo-corpus)")
    return TRUTH


@pytest.fixture(scope="module")
def counted() -> dict[str, object]:
    """Planted and counted hits, and tokens, per year for the planted concepts."""
    truth = demo_or_skip()
    config = yaml.safe_load((PROJECT / "config.yaml").read_text(encoding="utf-8"))
    concepts = [c for c in parse_concepts(config["terms"]["concepts"]) if c.name in PLANTED]
    years = {row["doc_id"]: int(row["year"]) for row in read_table(DEMO / "manifest.csv")}
    planted: Counter[tuple[str, int]] = Counter()
    for row in read_table(truth / "concepts.csv"):
        planted[(row["concept"], years[row["doc_id"]])] += int(row["count"])
    found: Counter[tuple[str, int]] = Counter()
    tokens: Counter[int] = Counter()
    for path in sorted((truth / "text").glob("*.txt")):
        year = years[path.stem]
        for paragraph in tokenize_document(path.read_text(encoding="utf-8")):
            tokens[year] += len(paragraph)
            for match in match_paragraph(paragraph, concepts):
                found[(match.concept, year)] += 1
    return {"planted": planted, "found": found, "tokens": tokens}


@pytest.mark.parametrize("concept", PLANTED)
def test_hits_per_year_equal_the_planted_counts(counted, concept: str) -> None:
    planted, found = counted["planted"], counted["found"]
    years = sorted(counted["tokens"])
    assert {y: found[(concept, y)] for y in years} == {y: planted[(concept, y)] for y in years}


@pytest.mark.parametrize("concept", PLANTED)
def test_rates_correlate_with_the_planted_rates(counted, concept: str) -> None:
    tokens = counted["tokens"]
    years = sorted(tokens)
    ours = np.array([counted["found"][(concept, y)] / tokens[y] for y in years])
    planted = np.array([counted["planted"][(concept, y)] / tokens[y] for y in years])
    assert planted.std() > 0, "the planted rates should vary between years"
    assert np.corrcoef(ours, planted)[0, 1] >= 0.99
