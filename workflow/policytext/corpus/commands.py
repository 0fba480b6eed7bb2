"""The corpus stage's commands: check-corpus, init-corpus, documents, corpus-figures, fetch.

Each ``*_command`` takes the arguments after the command's name and returns an exit status;
``policytext.cli`` dispatches to them. The work itself is done by the stage's modules.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from policytext.corpus.design import (
    WORKFLOW_CONFIG,
    design_summary,
    format_summary,
    load_design_config,
    measure_document,
)
from policytext.corpus.fetch import (
    FAILED,
    FetchOptions,
    fetch_manifest,
    summarise,
    write_atomically,
)
from policytext.corpus.figures import (
    COMPOSITION_COLUMNS,
    LOSSES_COLUMNS,
    composition,
    losses,
    plot_composition,
    plot_losses,
    status_counts,
)
from policytext.corpus.manifest import (
    DEFAULT_DOC_TYPES,
    DOCUMENT_COLUMNS,
    REQUIRED_COLUMNS,
    documents_table,
    init_corpus,
    load_manifest,
    validate_manifest,
)
from policytext.errors import UserError
from policytext.io import read_table, write_table
from policytext.options import configure_logging, stage_parser


def check_corpus_command(argv: list[str]) -> int:
    """``policytext check-corpus MANIFEST``: every problem, then what the corpus can support.

    Exit 1 if any problem is fatal (or, with ``--strict``, any warning about the manifest).
    The design summary (:mod:`policytext.corpus.design`) applies the config's thresholds: the
    schema's defaults, overlaid with the workflow's config.yaml and each ``--configfile``.
    """
    parser = stage_parser("check-corpus", check_corpus_command.__doc__)
    parser.add_argument("manifest", type=Path)
    parser.add_argument(
        "--configfile",
        type=Path,
        action="append",
        default=[],
        help="config file(s) laid over the workflow's config.yaml, as for snakemake "
        "--configfile; the design summary's thresholds come from the result",
    )
    parser.add_argument(
        "--doc-types", nargs="+", help="allowed doc_type values (default: the config's doc_types)"
    )
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    args = parser.parse_args(argv)
    defaults = [WORKFLOW_CONFIG] if WORKFLOW_CONFIG.is_file() else []
    config = load_design_config([*defaults, *args.configfile])
    documents, problems = validate_manifest(
        args.manifest, doc_types=args.doc_types or config["doc_types"]
    )
    for problem in problems:
        print(problem.describe(args.manifest))
    fatal = sum(problem.fatal for problem in problems)
    warnings = len(problems) - fatal
    print(
        f"{args.manifest}: {len(documents)} document(s) usable, {fatal} error(s), "
        f"{warnings} warning(s)"
    )
    if documents:
        documents = sorted(documents, key=lambda document: document.doc_id)
        sizes = [measure_document(document) for document in documents]
        sources = ", ".join(["the schema's defaults", *map(str, [*defaults, *args.configfile])])
        print(f"Design summary (thresholds from {sources}):")
        print(format_summary(design_summary(documents, sizes, config)))
    return 1 if fatal or (args.strict and warnings) else 0


def init_corpus_command(argv: list[str]) -> int:
    """``policytext init-corpus DIR``: write DIR/manifest.csv with flagged guesses."""
    parser = stage_parser("init-corpus", init_corpus_command.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--doc-type", default="other", help="doc_type for every row (check it)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing manifest")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        raise UserError(f"{args.folder} is not a folder")
    manifest = args.folder / "manifest.csv"
    if manifest.exists() and not args.force:
        raise UserError(f"{manifest} exists; pass --force to overwrite it")
    rows = init_corpus(args.folder, doc_type=args.doc_type)
    columns = [*REQUIRED_COLUMNS, "sha256", "check"]
    write_table(manifest, rows, columns)
    unsure = sum(1 for row in rows if not row["year"])
    print(f"wrote {manifest}: {len(rows)} document(s); {unsure} without a year.", file=sys.stderr)
    print(
        "Check the title, year, publisher and doc_type of each row (see the 'check' column),"
        f" then run: policytext check-corpus {manifest}",
        file=sys.stderr,
    )
    return 0


def documents_command(argv: list[str]) -> int:
    """``policytext documents``: write documents.csv (manifest + status + period)."""

    from policytext.io import read_table
    from policytext.options import options_from_json
    from policytext.periods import parse_periods

    parser = stage_parser("documents", documents_command.__doc__)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--extraction", type=Path, required=True, help="extraction.csv")
    parser.add_argument("--options", default="{}", help="JSON: doc_types, periods")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    options = options_from_json(args.options)
    documents = load_manifest(args.manifest, doc_types=options.get("doc_types", DEFAULT_DOC_TYPES))
    statuses = {row["doc_id"]: row["status"] for row in read_table(args.extraction)}
    periods = parse_periods(options.get("periods", []))
    rows = documents_table(documents, statuses, periods=periods)
    covariates = sorted({key for row in rows for key in row} - set(DOCUMENT_COLUMNS))
    write_table(args.out, rows, [*DOCUMENT_COLUMNS, *covariates])
    return 0


def corpus_figures_command(argv: list[str]) -> int:
    """``policytext corpus-figures``: composition and extraction-loss tables and figures."""
    parser = stage_parser("corpus-figures", corpus_figures_command.__doc__)
    parser.add_argument("--documents", type=Path, required=True, help="documents.csv")
    parser.add_argument("--records", type=Path, nargs="+", required=True, help="extraction JSON")
    parser.add_argument("--extraction", type=Path, default=None, help="extraction.csv (short)")
    parser.add_argument("--tables-dir", type=Path, required=True)
    parser.add_argument("--figures-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    documents = read_table(args.documents)
    records = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(args.records)]
    composition_rows = composition(documents)
    loss_rows = losses(records)
    write_table(args.tables_dir / "composition.csv", composition_rows, COMPOSITION_COLUMNS)
    write_table(args.tables_dir / "extraction_losses.csv", loss_rows, LOSSES_COLUMNS)
    plot_composition(composition_rows, args.figures_dir / "corpus_composition")
    extraction = read_table(args.extraction) if args.extraction else []
    statuses = status_counts(records, extraction)
    plot_losses(loss_rows, statuses, args.figures_dir / "extraction_losses")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``policytext fetch`` argument parser."""
    defaults = FetchOptions()
    parser = stage_parser(
        "fetch", "Download the manifest's documents over https and pin their sha256."
    )
    parser.add_argument("manifest", type=Path, help="the corpus manifest.csv")
    parser.add_argument("--lock", type=Path, help="lock file (default: MANIFEST.lock.csv)")
    parser.add_argument(
        "--accept-changed",
        action="store_true",
        help="keep downloads whose sha256 differs from the pin, and re-pin them",
    )
    parser.add_argument("--timeout", type=float, default=defaults.timeout, help="seconds")
    parser.add_argument("--retries", type=int, default=defaults.retries)
    parser.add_argument("--backoff", type=float, default=defaults.backoff, help="seconds")
    parser.add_argument("--max-bytes", type=int, default=defaults.max_bytes)
    parser.add_argument("--only", nargs="+", metavar="DOC_ID", help="fetch these rows only")
    parser.add_argument(
        "--allow-http-localhost",
        action="store_true",
        help="allow plain http to 127.0.0.1/localhost (for testing against a local server)",
    )
    parser.add_argument("--summary", type=Path, help="also write the summary to this file")
    return parser


def fetch_command(argv: Sequence[str]) -> int:
    """``policytext fetch``: exit 0 when every document is in place, 1 when any failed."""
    args = build_parser().parse_args(list(argv))
    if args.timeout <= 0 or args.retries < 0 or args.max_bytes <= 0 or args.backoff < 0:
        raise UserError("--timeout and --max-bytes must be positive, --retries non-negative")
    configure_logging()
    options = FetchOptions(
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        max_bytes=args.max_bytes,
        accept_changed=args.accept_changed,
        allow_http_localhost=args.allow_http_localhost,
    )
    outcomes = fetch_manifest(args.manifest, lock=args.lock, only=args.only, options=options)
    summary = summarise(outcomes, manifest=args.manifest)
    print(summary)
    if args.summary:
        write_atomically(args.summary, (summary + "\n").encode("utf-8"))
    return 1 if any(o.status == FAILED for o in outcomes) else 0
