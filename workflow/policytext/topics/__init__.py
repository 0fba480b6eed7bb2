"""Topics: LDA topic models over the corpus, chosen by a sweep over K and seeds.

- ``corpus``: the modelling units and dictionary built from the token files.
- ``sweep``: one fit of the K × seed sweep, its scores, and the rule that chooses K.
- ``analysis``: labels, prevalence, concept topics and dynamics from the chosen model.
- ``effects``: year x doc_type effects pooled over seeds, period contrasts, minimum data.
- ``commands``: the ``topics-*`` commands the rules call.
- ``figures``: the stage's figures, drawn from its tables.
"""

from collections.abc import Mapping
from typing import Any

#: figure -> the tables under results/topics it is drawn from (``policytext topics-figure``).
FIGURE_TABLES: dict[str, tuple[str, ...]] = {
    "selection": ("selection.csv", "choice.json"),
    "prevalence": ("prevalence.csv", "labels.csv"),
    "effects": ("effects_by_year.csv", "labels.csv"),
    "contrasts": ("contrasts.csv", "labels.csv"),
    "concepts": ("concept_topics.csv",),
    "words": ("topic_words.csv", "labels.csv"),
    "dynamics": ("dynamics.csv", "labels.csv"),
}


def figure_stems(config: Mapping[str, Any]) -> list[str]:
    """The file stems (under results/figures) that the topic figures are written to."""
    return [f"topics_{name}" for name in FIGURE_TABLES]
