"""Collocates: log ratio (size-free), NPMI and G2 by nltk, BH q-values and documents behind each."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from policytext.terms.collocates import (
    CollocateSettings,
    ContextCounts,
    association,
    collocate_rows,
)


def test_association_matches_hand_worked_values() -> None:
    # Table: 6 of the word's 10 uses are among the 100 context tokens of a 1,000-token period.
    log_ratio, npmi, g2 = association(6, 100, 10, 1000)
    # log2((6.5 / 100) / (4.5 / 900)) = log2(13)
    assert log_ratio == pytest.approx(math.log2(13))
    # PMI = log2(6 * 1000 / (100 * 10)) = log2(6), over -log2(6 / 1000)
    assert npmi == pytest.approx(math.log2(6) / -math.log2(6 / 1000))
    # G2 over the cells [[6, 94], [4, 896]] with expected [[1, 99], [9, 891]]
    expected = 2 * (
        6 * math.log(6) + 94 * math.log(94 / 99) + 4 * math.log(4 / 9) + 896 * math.log(896 / 891)
    )
    assert g2 == pytest.approx(expected)


def test_log_ratio_compares_across_period_sizes_where_g2_does_not() -> None:
    small = association(6, 100, 10, 1000)
    large = association(60, 1000, 100, 10_000)
    assert large[0] == pytest.approx(small[0], abs=0.1)
    assert large[2] == pytest.approx(10 * small[2])


def counts(**docs: int) -> ContextCounts:
    """Context counts of a 1,000-token period with 100 context tokens over 4 documents."""
    context = Counter({"trust": 8, "budget": 5, "care": 4, "people": 83})
    period = Counter({"trust": 10, "budget": 5, "care": 40, "people": 945})
    word_docs = Counter({"trust": 3, "budget": 1, "care": 3, "people": 4}) | Counter(docs)
    return ContextCounts(context, word_docs, 4, period)


def test_collocates_are_ranked_by_log_ratio_and_one_document_ones_are_unranked() -> None:
    rows = collocate_rows("co-production", "all", counts(), CollocateSettings())
    by_word = {row["collocate"]: row for row in rows}
    # trust: 8 of 10 uses in 10% of the tokens; log2((8.5 / 100) / (2.5 / 900)) = log2(30.6)
    assert by_word["trust"]["log_ratio"] == pytest.approx(math.log2(30.6))
    assert by_word["trust"]["expected"] == pytest.approx(1.0)
    assert by_word["trust"]["rank"] == 1 and by_word["trust"]["significant"]
    assert by_word["trust"]["docs"] == 3
    # budget: all 5 uses in the contexts, but of one document: listed, not ranked
    budget = by_word["budget"]
    assert budget["log_ratio"] > by_word["trust"]["log_ratio"]
    assert budget.get("rank") is None and budget["reason"] == "few_docs: 1 < 2"
    # care (4 in context, 4 expected) and people (repelled) are not collocates
    assert "care" not in by_word and "people" not in by_word
    assert [row["collocate"] for row in rows] == ["trust", "budget"]


def test_q_values_adjust_the_g2_p_values_by_benjamini_hochberg() -> None:
    rows = collocate_rows("c", "all", counts(budget=2), CollocateSettings(top_n=10))
    for row in rows:
        assert row["q_value"] >= row["p_value"]
    assert rows[0]["collocate"] == "budget"  # now from two documents, it leads


def test_a_period_with_contexts_in_one_document_is_not_estimated() -> None:
    single = ContextCounts(Counter({"trust": 9}), Counter({"trust": 1}), 1, Counter({"trust": 9}))
    rows = collocate_rows("c", "p", single, CollocateSettings())
    assert rows == [
        {"concept": "c", "period": "p", "context_tokens": 9, "period_tokens": 9,
         "context_docs": 1, "reason": "few_docs: 1 < 2"}
    ]  # fmt: skip
