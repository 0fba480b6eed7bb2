"""Topics: LDA topic models over the corpus, chosen by a sweep over K and seeds.

- ``corpus``: the modelling units and dictionary built from the token files.
- ``sweep``: one fit of the K × seed sweep, its scores, and the rule that chooses K.
- ``analysis``: prevalence, effects, concept topics and dynamics from the chosen model.
- ``commands``: the ``topics-*`` commands the rules call.
- ``figures``: the stage's figures, drawn from its tables.
"""
