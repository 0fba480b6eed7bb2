"""The term stage's commands: terms (every table) and term-figures.

Each ``*_command`` takes the arguments after the command's name and returns an exit status;
``policytext.cli`` dispatches to them. The work itself is done by the stage's modules.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from policytext.corpus.documents import read_usable_documents
from policytext.errors import UserError
from policytext.options import configure_logging, options_from_json, stage_parser
from policytext.terms.figures import draw_term_figures
from policytext.terms.tables import (
    parse_options,
    tally_corpus,
    write_terms_tables,
)

logger = logging.getLogger(__name__)


def terms_command(argv: list[str]) -> int:
    """``policytext terms``: rates, KWIC, collocates, frames and keyness for a corpus."""
    parser = stage_parser("terms", terms_command.__doc__)
    parser.add_argument("--documents", type=Path, required=True, help="results/documents.csv")
    parser.add_argument("--tokens-dir", type=Path, required=True, help="folder of tokens files")
    parser.add_argument("--options", default="{}", help="JSON: the terms section, periods, events")
    parser.add_argument("--out-dir", type=Path, required=True, help="folder for the tables")
    args = parser.parse_args(argv)
    configure_logging()
    options = parse_options(options_from_json(args.options))
    documents = read_usable_documents(args.documents)
    if not documents:
        raise UserError(f"{args.documents}: no usable documents; check extraction.csv")
    tally = tally_corpus(documents, args.tokens_dir, options)
    totals = Counter()
    for _, _, hits in tally.documents:
        totals.update(hits)
    logger.info("%d usable documents; hits: %s", len(documents), dict(sorted(totals.items())))
    write_terms_tables(tally, args.out_dir)
    return 0


def term_figures_command(argv: list[str]) -> int:
    """``policytext term-figures``: draw the term stage's figures from its tables."""
    parser = stage_parser("term-figures", term_figures_command.__doc__)
    parser.add_argument("--terms-dir", type=Path, required=True, help="results/terms")
    parser.add_argument("--options", default="{}", help="JSON: the terms section, periods, events")
    parser.add_argument("--out-dir", type=Path, required=True, help="results/figures")
    args = parser.parse_args(argv)
    configure_logging()
    options = options_from_json(args.options)
    written = draw_term_figures(args.terms_dir, args.out_dir, options)
    logger.info("wrote %d figure files", len(written))
    return 0
