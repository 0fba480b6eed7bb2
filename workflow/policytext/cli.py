"""The ``policytext`` command: one subcommand per stage, called by the Snakemake rules.

Each subcommand lives in its stage's module as a function that takes the remaining arguments
and returns an exit status. Only the chosen stage's module is imported, so that a quick
command does not pay for importing gensim or matplotlib.

A :class:`~policytext.errors.UserError` ends the command with its message on stderr and exit
status 2, without a traceback: it reports a mistake in the input, not a bug.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from policytext import __version__
from policytext.errors import UserError

#: subcommand -> ("module:function", one-line help). The function takes ``argv`` and
#: returns an exit status.
COMMANDS: dict[str, tuple[str, str]] = {
    "check-corpus": ("policytext.corpus.commands:check_corpus_command", "validate a manifest"),
    "init-corpus": (
        "policytext.corpus.commands:init_corpus_command",
        "write a manifest for a folder",
    ),
    "demo-corpus": ("policytext.demo.commands:demo_corpus_command", "generate the demo corpus"),
    "extract": ("policytext.extract.commands:extract_command", "extract one document's text"),
    "extract-batch": (
        "policytext.extract.commands:extract_batch_command",
        "extract and tokenise one batch of the manifest's documents",
    ),
    "extraction-table": (
        "policytext.extract.commands:extraction_table_command",
        "gather extraction records into extraction.csv",
    ),
    "documents": (
        "policytext.corpus.commands:documents_command",
        "join the manifest with extraction status and periods",
    ),
    "corpus-figures": (
        "policytext.corpus.commands:corpus_figures_command",
        "draw the corpus composition and what extraction lost",
    ),
    "config-reference": (
        "policytext.report.commands:config_reference_command",
        "print the README's configuration reference",
    ),
    "terms": (
        "policytext.terms.commands:terms_command",
        "term rates, KWIC, collocates, frames, keyness",
    ),
    "term-figures": (
        "policytext.terms.commands:term_figures_command",
        "draw the term-stage figures",
    ),
    "provenance": (
        "policytext.report.commands:provenance_command",
        "record the config, checksums and software of a run",
    ),
    "fetch": (
        "policytext.corpus.commands:fetch_command",
        "download the manifest's documents (explicit step)",
    ),
    "topics-corpus": (
        "policytext.topics.commands:topics_corpus_command",
        "prepare the topic-model corpus",
    ),
    "topics-fit": (
        "policytext.topics.commands:topics_fit_command",
        "fit and score one LDA of the K sweep",
    ),
    "topics-select": (
        "policytext.topics.commands:topics_select_command",
        "score stability, choose K",
    ),
    "topics-model": (
        "policytext.topics.commands:topics_model_command",
        "fit the chosen topic model",
    ),
    "topics-prevalence": (
        "policytext.topics.commands:topics_prevalence_command",
        "topic share by year",
    ),
    "topics-effects": (
        "policytext.topics.commands:topics_effects_command",
        "effects of year and doc_type",
    ),
    "topics-concepts": (
        "policytext.topics.commands:topics_concepts_command",
        "topics carrying concepts",
    ),
    "topics-dynamics": (
        "policytext.topics.commands:topics_dynamics_command",
        "topic words by period",
    ),
    "topics-figure": ("policytext.topics.commands:topics_figure_command", "draw a topic figure"),
}


def usage() -> str:
    """The help text listing every subcommand."""
    width = max(len(name) for name in COMMANDS)
    lines = [f"policytext {__version__}", "", "usage: policytext COMMAND [ARGS...]", ""]
    lines += [f"  {name:<{width}}  {help_text}" for name, (_, help_text) in COMMANDS.items()]
    lines += ["", "Run 'policytext COMMAND --help' for a command's options."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a stage's subcommand; returns the process exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(usage())
        return 0
    if args[0] == "--version":
        print(__version__)
        return 0
    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        print(f"policytext: unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        return 2
    target, _ = COMMANDS[command]
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    try:
        return int(function(rest) or 0)
    except UserError as error:
        print(f"policytext {command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
