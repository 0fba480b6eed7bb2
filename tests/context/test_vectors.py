"""Pre-trained vectors in word2vec text (with or without header) and binary formats."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from gensim.models import KeyedVectors

from policytext.context.vectors import corpus_vocabulary, read_vectors_file

WORDS = ["care", "community", "co-production", "partnership"]


@pytest.fixture
def keyed() -> KeyedVectors:
    vectors = KeyedVectors(vector_size=4)
    rng = np.random.default_rng(0)
    vectors.add_vectors(WORDS, rng.normal(size=(4, 4)).astype(np.float32))
    return vectors


@pytest.mark.parametrize("form", ["text", "binary", "glove"])
def test_each_format_reads_the_same_vectors(keyed, tmp_path, form):
    path = tmp_path / f"vectors.{form}"
    keyed.save_word2vec_format(str(path), binary=form == "binary", write_header=form != "glove")
    found = read_vectors_file(path)
    assert sorted(found) == sorted(WORDS)
    for word in WORDS:
        np.testing.assert_allclose(found[word], keyed[word], rtol=1e-5)


def test_only_corpus_words_seen_often_enough_are_kept_most_frequent_first(keyed):
    vectors = {word: keyed[word] for word in WORDS}
    counts = Counter({"care": 9, "community": 9, "partnership": 2, "unvectored": 50})
    kept = corpus_vocabulary(vectors, counts, min_count=3)
    assert kept.words == ("care", "community")
    assert kept.counts.tolist() == [9, 9]
    np.testing.assert_allclose(kept.vectors[1], keyed["community"], rtol=1e-6)
