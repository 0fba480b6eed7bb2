"""A mention's context: the window either side, inside its own paragraph only."""

from __future__ import annotations

import numpy as np

from policytext.context.instances import document_mentions, mention_context
from policytext.terms.match import parse_concepts

CONCEPTS = parse_concepts({"co-production": [r"co[- ]?production"]})


def test_the_window_stops_at_the_paragraph_edge_and_skips_the_match():
    tokens = ["alpha", "beta", "co", "production", "gamma", "delta", "epsilon"]
    assert mention_context(tokens, 2, 4, window=2) == ["alpha", "beta", "gamma", "delta"]
    assert mention_context(tokens, 2, 4, window=9) == ["alpha", "beta", "gamma", "delta", "epsilon"]


def test_each_mention_is_the_transform_of_its_own_paragraphs_context():
    words = ["alpha", "beta", "gamma", "delta"]
    index = {word: row for row, word in enumerate(words)}
    vectors = np.eye(4)
    transform = 2 * np.eye(4)
    paragraphs = [
        ["alpha", "alpha", "alpha"],
        ["co-production", "beta", "unknown"],  # the previous paragraph is out of reach
        ["gamma", "co-production", "delta"],
        ["co-production"],  # no context at all
    ]
    rows, embeddings = document_mentions(
        paragraphs, CONCEPTS, index=index, vectors=vectors, transform=transform, window=3
    )
    assert [(row["paragraph"], row["position"], row["context_tokens"]) for row in rows] == [
        (2, 0, 1),
        (3, 1, 2),
        (4, 0, 0),
    ]
    first, second = embeddings["co-production"]
    np.testing.assert_allclose(first, [0, 2, 0, 0])
    np.testing.assert_allclose(second, [0, 0, 1, 1])
