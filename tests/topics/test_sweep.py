"""The sweep's saved fits and its one-pass coherence give what a refit and per-fit scoring give."""

from __future__ import annotations

import numpy as np
import pytest

from policytext.errors import UserError
from policytext.topics.sweep import (
    add_coherence,
    fit_lda,
    npmi_coherence,
    restore_lda,
    save_state,
    top_words,
)
from tests.support.topics import pseudo_words

OPTIONS = {"passes": 3, "iterations": 50, "chunksize": 2000, "alpha": "symmetric"}


@pytest.fixture(scope="module")
def small_corpus():
    """Texts drawn from three word pools, their dictionary and bag-of-words corpus."""
    from gensim.corpora import Dictionary

    rng = np.random.default_rng(7)
    pools = [pseudo_words(stem, 12) for stem in ("care", "fund", "vote")]
    texts = []
    for _ in range(60):
        weights = rng.dirichlet([0.3, 0.3, 0.3])
        texts.append([pools[rng.choice(3, p=weights)][rng.integers(12)] for _ in range(40)])
    dictionary = Dictionary(texts)
    return texts, dictionary, [dictionary.doc2bow(text) for text in texts]


@pytest.mark.parametrize("alpha", ["symmetric", "auto"])
def test_a_restored_fit_infers_the_same_shares_as_a_refit(small_corpus, tmp_path, alpha):
    _, dictionary, corpus = small_corpus
    options = {**OPTIONS, "alpha": alpha}
    fitted = fit_lda(corpus, dictionary, k=3, seed=5, options=options)
    save_state(fitted, tmp_path / "fit.npz")
    restored = restore_lda(tmp_path / "fit.npz", dictionary, k=3, seed=5, options=options)
    refit = fit_lda(corpus, dictionary, k=3, seed=5, options=options)

    assert np.array_equal(restored.state.get_lambda(), refit.state.get_lambda())
    assert np.array_equal(restored.alpha, refit.alpha)
    for model in (restored, refit):
        model.random_state = np.random.RandomState(5)
    assert np.array_equal(restored.inference(corpus)[0], refit.inference(corpus)[0])


def test_a_state_of_another_shape_is_a_user_error(small_corpus, tmp_path):
    _, dictionary, corpus = small_corpus
    save_state(fit_lda(corpus, dictionary, k=3, seed=1, options=OPTIONS), tmp_path / "fit.npz")
    with pytest.raises(UserError, match="K=4"):
        restore_lda(tmp_path / "fit.npz", dictionary, k=4, seed=1, options=OPTIONS)


def test_coherence_of_all_fits_at_once_equals_each_fit_scored_alone(small_corpus):
    texts, dictionary, corpus = small_corpus
    records = [
        {
            "k": k,
            "seed": 1,
            "top_words": top_words(
                fit_lda(corpus, dictionary, k=k, seed=1, options=OPTIONS), topn=8
            ),
        }
        for k in (2, 3)
    ] + [{"k": 9, "seed": 1, "skipped": "k_exceeds_data"}]
    add_coherence(records, texts, dictionary)

    for record in records[:2]:
        alone = npmi_coherence(record["top_words"], texts, dictionary)
        assert record["coherence_per_topic"] == pytest.approx(alone, abs=1e-12)
        assert record["coherence_npmi"] == pytest.approx(float(np.mean(alone)), abs=1e-12)
    assert "coherence_npmi" not in records[2]
