"""The ALC transform and context averages, checked against their definitions with numpy."""

from __future__ import annotations

import numpy as np
import pytest

from policytext.context.alc import context_averages, fit_transform, window_sums


def brute_force_averages(paragraphs, index, vectors, window):
    """u_w by the definition: average of every context token's vector over all occurrences."""
    totals = np.zeros_like(vectors)
    numbers = np.zeros(len(vectors))
    for tokens in paragraphs:
        for position, token in enumerate(tokens):
            if token not in index:
                continue
            for other in range(max(0, position - window), min(len(tokens), position + window + 1)):
                if other != position and tokens[other] in index:
                    totals[index[token]] += vectors[index[tokens[other]]]
                    numbers[index[token]] += 1
    return totals / np.maximum(numbers, 1)[:, None], numbers


def test_window_sums_leave_out_the_word_itself_and_stop_at_the_paragraph_edge():
    vectors = np.arange(12, dtype=float).reshape(4, 3)
    ids = np.array([0, 1, -1, 2, 3])
    sums, counts = window_sums(ids, vectors, window=2)
    assert counts.tolist() == [1, 2, 4, 2, 1]
    np.testing.assert_allclose(sums[0], vectors[1])  # position 2 has no vector
    np.testing.assert_allclose(sums[2], vectors[0] + vectors[1] + vectors[2] + vectors[3])
    np.testing.assert_allclose(sums[4], vectors[2])


def test_context_averages_match_the_definition_on_random_paragraphs():
    rng = np.random.default_rng(3)
    words = [f"w{number}" for number in range(30)]
    index = {word: row for row, word in enumerate(words[:25])}  # five words without vectors
    vectors = rng.normal(size=(25, 4))
    paragraphs = [list(rng.choice(words, size=int(rng.integers(1, 20)))) for _ in range(40)]
    averages, numbers = context_averages(paragraphs, index, vectors, window=3)
    expected, expected_numbers = brute_force_averages(paragraphs, index, vectors, 3)
    np.testing.assert_allclose(averages, expected, atol=1e-12)
    assert numbers.tolist() == expected_numbers.tolist()


def test_transform_is_the_log_count_weighted_least_squares_solution():
    rng = np.random.default_rng(5)
    words, dim = 200, 6
    averages = rng.normal(size=(words, dim))
    truth = rng.normal(size=(dim, dim))
    vectors = averages @ truth + 0.3 * rng.normal(size=(words, dim))
    counts = rng.integers(1, 500, size=words)
    context_tokens = np.where(rng.random(words) < 0.1, 0, 5)
    transform = fit_transform(vectors, averages, counts, context_tokens)
    weights = np.where((counts > 1) & (context_tokens > 0), np.log(counts), 0.0)
    # Normal equations of argmin sum_w log(c_w) ||v_w - A u_w||^2, written out.
    gram = averages.T @ (weights[:, None] * averages)
    expected = np.linalg.solve(gram, averages.T @ (weights[:, None] * vectors))
    np.testing.assert_allclose(transform, expected, atol=1e-10)
    # Words seen once or without contexts carry no weight: changing them changes nothing.
    moved = vectors.copy()
    moved[weights == 0] += 100.0
    np.testing.assert_allclose(
        fit_transform(moved, averages, counts, context_tokens), transform, atol=1e-10
    )


def test_transform_recovers_a_planted_linear_map():
    rng = np.random.default_rng(9)
    averages = rng.normal(size=(2000, 5))
    truth = rng.normal(size=(5, 5))
    vectors = averages @ truth + 0.01 * rng.normal(size=(2000, 5))
    transform = fit_transform(vectors, averages, np.full(2000, 50), np.full(2000, 10))
    np.testing.assert_allclose(transform, truth, atol=0.01)


@pytest.mark.parametrize("words", [3, 5])
def test_too_few_words_for_the_dimensions_still_gives_a_transform(words, caplog):
    rng = np.random.default_rng(1)
    transform = fit_transform(
        rng.normal(size=(words, 5)),
        rng.normal(size=(words, 5)),
        np.full(words, 10),
        np.full(words, 3),
    )
    assert transform.shape == (5, 5)
    assert "not identified" in caplog.text
