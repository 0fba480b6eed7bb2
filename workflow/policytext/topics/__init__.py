"""Topics: LDA topic models over the corpus, chosen by a sweep over K and seeds.

- ``corpus``: the modelling units and dictionary built from the token files.
- ``sweep``: one fit of the K × seed sweep, its scores, and the rule that chooses K.
- ``analysis``: labels, prevalence, concept topics and dynamics from the chosen model.
- ``effects``: year x doc_type effects pooled over seeds, period contrasts, minimum data.
- ``commands``: the ``topics-*`` commands the rules call.
- ``figures``: the stage's figures, drawn from its tables.
"""
