"""Meaning in context: embedding regression of concept mentions (conText, in Python).

The stage follows Rodriguez, Spirling & Stewart, "Embedding Regression: Models for
Context-Specific Description and Inference" (APSR 2023), implemented in R as conText, on top
of à la carte (ALC) embeddings (Khodak et al., "A La Carte Embedding", ACL 2018):

1. word vectors, trained on the corpus (gensim Word2Vec, one worker, fixed seed) or read
   from a word2vec text or binary file (:mod:`policytext.context.vectors`);
2. the ALC transform A, which maps the average vector of a word's contexts onto the word's
   own vector (:mod:`policytext.context.alc`);
3. one ALC embedding per concept mention, from the words around it
   (:mod:`policytext.context.instances`);
4. a multivariate regression of those embeddings on document covariates, with the norm of
   each coefficient, cluster-bootstrap intervals and permutation p-values
   (:mod:`policytext.context.regression`);
5. nearest neighbours of each level's embedding, ratios of similarity between two levels,
   and the shift from one period to the next (:mod:`policytext.context.neighbours`).

Commands live in :mod:`policytext.context.commands`, figures in
:mod:`policytext.context.figures`, settings in :mod:`policytext.context.settings`.
"""

from collections.abc import Mapping
from typing import Any

from policytext.context import settings

__all__ = ["figure_stems"]


def figure_stems(config: Mapping[str, Any]) -> list[str]:
    """The file stems (under results/figures) that ``policytext context-figures`` writes."""
    return settings.figure_stems(config["context"]["covariates"])
