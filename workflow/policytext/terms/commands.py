"""The term stage's commands: terms (every table), term-figures, frames-sample, frames-validate.

Each ``*_command`` takes the arguments after the command's name and returns an exit status;
``policytext.cli`` dispatches to them. The work itself is done by the stage's modules.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

import numpy as np

from policytext.corpus.documents import read_usable_documents
from policytext.errors import UserError
from policytext.io import write_table
from policytext.options import configure_logging, options_from_json, stage_parser
from policytext.terms.figures import draw_term_figures
from policytext.terms.tables import (
    parse_options,
    tally_corpus,
    write_terms_tables,
)
from policytext.terms.validation import (
    SAMPLE_KEY_COLUMNS,
    VALIDATION_COLUMNS,
    dictionary_frames,
    read_codes,
    read_mentions,
    sample_mentions,
    validation_rows,
)
from policytext.text.pages import paged_documents

logger = logging.getLogger(__name__)


def terms_command(argv: list[str]) -> int:
    """``policytext terms``: rates, KWIC, collocates, frames and keyness for a corpus."""
    parser = stage_parser("terms", terms_command.__doc__)
    parser.add_argument("--documents", type=Path, required=True, help="results/documents.csv")
    parser.add_argument("--tokens-dir", type=Path, required=True, help="folder of tokens files")
    parser.add_argument("--options", default="{}", help="JSON: the terms section, periods, events")
    parser.add_argument("--out-dir", type=Path, required=True, help="folder for the tables")
    parser.add_argument("--text-dir", type=Path, help="extracted texts: KWIC sentences")
    parser.add_argument("--manifest", type=Path, help="the manifest: pages of PDF documents")
    args = parser.parse_args(argv)
    configure_logging()
    options = parse_options(options_from_json(args.options))
    paged = paged_documents(args.manifest) if args.manifest else frozenset()
    documents = read_usable_documents(args.documents)
    if not documents:
        raise UserError(f"{args.documents}: no usable documents; check extraction.csv")
    tally = tally_corpus(documents, args.tokens_dir, options, text_dir=args.text_dir, paged=paged)
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


def frames_sample_command(argv: list[str]) -> int:
    """``policytext frames-sample``: a stratified sample of concept mentions to code by frame
    (see :mod:`policytext.terms.validation`)."""
    parser = stage_parser("frames-sample", frames_sample_command.__doc__)
    parser.add_argument("--terms-dir", type=Path, required=True, help="results/terms")
    parser.add_argument("--documents", type=Path, required=True, help="results/documents.csv")
    parser.add_argument("--options", default="{}", help="JSON: the terms section")
    parser.add_argument("--per-cell", type=int, default=20, help="mentions per period x doc_type")
    parser.add_argument("--seed", type=int, default=2011, help="seed of the draw")
    parser.add_argument("--out", type=Path, required=True, help="CSV to write")
    args = parser.parse_args(argv)
    configure_logging()
    if args.per_cell < 1:
        raise UserError(f"--per-cell {args.per_cell}: must be at least 1")
    options = parse_options(options_from_json(args.options))
    periods = {info.doc_id: info.period for info in read_usable_documents(args.documents)}
    mentions = read_mentions(args.terms_dir, options.focus, periods)
    if not mentions:
        raise UserError(f"{args.terms_dir}: no mentions of {list(options.focus)} to sample")
    sample = sample_mentions(mentions, per_cell=args.per_cell, rng=np.random.default_rng(args.seed))
    frame_names = [frame.name for frame in options.frames]
    write_table(args.out, sample, SAMPLE_KEY_COLUMNS + frame_names)
    logger.info("wrote %d mentions to code to %s", len(sample), args.out)
    return 0


def frames_validate_command(argv: list[str]) -> int:
    """``policytext frames-validate``: precision, recall and Krippendorff's alpha of the frame
    dictionaries against coded samples (see :mod:`policytext.terms.validation`)."""
    parser = stage_parser("frames-validate", frames_validate_command.__doc__)
    parser.add_argument("--coded", type=Path, nargs="+", required=True, help="coded CSV files")
    parser.add_argument("--options", default="{}", help="JSON: the terms section")
    parser.add_argument("--out", type=Path, required=True, help="CSV to write")
    args = parser.parse_args(argv)
    configure_logging()
    options = parse_options(options_from_json(args.options))
    frame_names = [frame.name for frame in options.frames]
    codes = read_codes(args.coded, frame_names)
    dictionary = {
        code["sample_id"]: dictionary_frames(
            code["left"], code["right"], options.frames, lemmatize=options.lemmatize
        )
        for code in codes
    }
    rows = validation_rows(codes, dictionary, frame_names)
    write_table(args.out, rows, VALIDATION_COLUMNS)
    for row in rows:
        logger.info(
            "%s: precision %s, recall %s, alpha %s",
            row["frame"],
            *(format(row[key], ".2f") for key in ("precision", "recall", "alpha")),
        )
    return 0
