"""policytext: how a concept is framed over time in policy documents.

The package holds one module per workflow stage (``corpus``, ``extract``, ``text``,
``terms``, ``topics``, ``figures``, ``report``) and the ``policytext`` command in ``cli``.
Each stage is a set of plain functions that the Snakemake rules call through the command.
"""

__version__ = "0.1.0"
