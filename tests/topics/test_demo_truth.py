"""Recovery of the demo corpus's planted themes by the topic stage (needs corpus/demo/truth).

The model is made as the workflow makes it, with config.yaml's topic settings and seeds, but
with ``topics.k`` set to 6, the number of planted themes: three seeds are fitted and the
run with the best variational bound is kept (the seed rule in policytext.topics.sweep). It
runs on the truth texts tokenised by the shared tokeniser, so that the test measures the
topic model and not the PDF extraction.

Thresholds, and why:
- overlap: how many of the matched topic's top 10 terms are the theme's words (or phrases
  holding one). The kept vocabulary has about 330 terms, so a topic unrelated to a theme
  would hold 10 * 10 / 330 = 0.3 of its words on average. Asserted: every theme >= 1, at
  least five of the six >= 2, and a mean >= 3 (ten times chance). Not higher, because the
  themes share their general words (health, care, people, council), the theme lists name
  only ten words each (some changed or dropped by the lemmatiser and stopword list), and
  the pandemic theme, present only in 2020-2024 documents, shares them with the rising
  co-production language: at K = 6 one topic carries both, with "pandemic" in its top
  words but the rest of the pandemic list lower down.
- trend_r >= 0.9 for every theme: the yearly mean share of the matched topic correlates
  with the yearly mean planted proportion over the 20 years. The planted curves are steps
  and ramps around dated events; r >= 0.9 means the topic shows the same rise and fall.
Measured values: see BENCHMARKS.md, "Topic models".
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from policytext.io import read_table
from tests.support.topics import (
    DEMO,
    read_demo_truth,
    recovery,
    run_topics_stage,
    write_demo_inputs,
)

K = 6


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_model(tmp_path_factory):
    if not (DEMO / "truth" / "themes.csv").is_file():
        pytest.skip(f"demo corpus truth not found at {DEMO / 'truth'}")
    inputs = tmp_path_factory.mktemp("demo_inputs")
    write_demo_inputs(inputs)
    config = yaml.safe_load((DEMO.parents[1] / "config.yaml").read_text(encoding="utf-8"))
    options = {**config["topics"], "k": K, "k_range": [K], "bootstrap": 50}
    options["effect_simulations"] = 20
    topics = run_topics_stage(inputs, tmp_path_factory.mktemp("demo_run"), options)
    words: dict[int, list[str]] = {}
    for row in read_table(topics / "topic_words.csv"):
        words.setdefault(int(row["topic"]), []).append(row["word"])
    rows = read_table(topics / "doc_topics.csv")
    doc_ids = list(dict.fromkeys(row["doc_id"] for row in rows))
    theta = np.array([float(row["weight"]) for row in rows]).reshape(len(doc_ids), K)
    years = {row["doc_id"]: int(row["year"]) for row in read_table(inputs / "documents.csv")}
    proportions, vocabulary = read_demo_truth()
    scores = recovery(
        [words[topic] for topic in sorted(words)],
        vocabulary,
        theta,
        doc_ids,
        [years[doc_id] for doc_id in doc_ids],
        proportions,
    )
    print(json.dumps(scores, indent=1, sort_keys=True))
    return scores


def test_every_planted_theme_is_recovered_by_its_own_topic(demo_model):
    overlaps = {theme: score["overlap"] for theme, score in demo_model.items()}
    assert len({score["topic"] for score in demo_model.values()}) == K
    assert min(overlaps.values()) >= 1, overlaps
    assert sum(overlap >= 2 for overlap in overlaps.values()) >= K - 1, overlaps
    assert np.mean(list(overlaps.values())) >= 3, overlaps


def test_recovered_prevalence_follows_the_planted_trend(demo_model):
    trends = {theme: round(score["trend_r"], 3) for theme, score in demo_model.items()}
    assert min(trends.values()) >= 0.9, trends
