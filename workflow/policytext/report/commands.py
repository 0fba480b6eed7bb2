"""The report's commands: ``findings``, ``explorer`` and ``export-passages``.

Each parses its arguments and calls the pure builders in :mod:`policytext.report.findings`,
:mod:`policytext.report.explorer` and :mod:`policytext.report.export`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from policytext.cli import options_from_json
from policytext.errors import UserError


def findings_command(argv: Sequence[str]) -> int:
    """``policytext findings``: write results/findings.html from the tables."""
    from policytext.report.findings import write_findings

    parser = argparse.ArgumentParser(
        prog="policytext findings", description="Write the findings page from the tables."
    )
    parser.add_argument("--results-dir", type=Path, required=True, help="the results folder")
    parser.add_argument("--options", default="{}", help="JSON: the terms section and periods")
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    args = parser.parse_args(list(argv))
    if not args.results_dir.is_dir():
        raise UserError(f"{args.results_dir}: results folder not found")
    write_findings(args.results_dir, options_from_json(args.options), args.out)
    return 0


def explorer_command(argv: Sequence[str]) -> int:
    """``policytext explorer``: write the evidence explorer (results/explorer.html)."""
    from policytext.report.explorer import DEFAULT_CAP, Sources, write_explorer

    parser = argparse.ArgumentParser(
        prog="policytext explorer", description="Write the evidence explorer page."
    )
    parser.add_argument("--results-dir", type=Path, required=True, help="the results folder")
    parser.add_argument("--manifest", type=Path, required=True, help="the corpus manifest")
    parser.add_argument("--options", default="{}", help="JSON: the terms section, periods, events")
    parser.add_argument("--cap", type=int, default=DEFAULT_CAP, help="passages embedded per cell")
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    args = parser.parse_args(list(argv))
    if args.cap < 1:
        raise UserError(f"--cap must be at least 1, not {args.cap}")
    options = options_from_json(args.options)
    write_explorer(
        Sources(
            results_dir=args.results_dir,
            manifest=args.manifest,
            html_path=args.out,
            concepts=list(options.get("focus", [])),
            terms_options=options,
            cap=args.cap,
        )
    )
    return 0


def export_passages_command(argv: Sequence[str]) -> int:
    """``policytext export-passages``: a selection of KWIC lines as CSV and DOCX."""
    from policytext.report.export import (
        Selection,
        select_passages,
        write_passages_csv,
        write_passages_docx,
    )

    parser = argparse.ArgumentParser(
        prog="policytext export-passages",
        description="Export a selection of concordance lines, with citations, for coding.",
    )
    parser.add_argument("--results-dir", type=Path, default=Path("results"))
    parser.add_argument("--concept", required=True, help="a concept of terms.concepts")
    parser.add_argument("--doc-type", action="append", default=[], help="repeat for several")
    parser.add_argument("--year-from", type=int, help="first year (inclusive)")
    parser.add_argument("--year-to", type=int, help="last year (inclusive)")
    parser.add_argument("--period", action="append", default=[], help="repeat for several")
    parser.add_argument("--publisher", action="append", default=[], help="repeat for several")
    parser.add_argument("--search", default="", help="text the line, sentence or title contains")
    parser.add_argument("--csv", type=Path, help="CSV file to write")
    parser.add_argument("--docx", type=Path, help="DOCX file to write")
    args = parser.parse_args(list(argv))
    if not args.csv and not args.docx:
        raise UserError("give --csv FILE, --docx FILE or both")
    if args.year_from and args.year_to and args.year_from > args.year_to:
        raise UserError(f"--year-from {args.year_from} is after --year-to {args.year_to}")
    selection = Selection(
        concept=args.concept,
        doc_types=tuple(args.doc_type),
        year_from=args.year_from,
        year_to=args.year_to,
        periods=tuple(args.period),
        publishers=tuple(args.publisher),
        search=args.search,
    )
    passages = select_passages(args.results_dir, selection)
    if args.csv:
        write_passages_csv(args.csv, passages)
    if args.docx:
        write_passages_docx(args.docx, passages, selection)
    print(f"{len(passages)} passage(s): {selection.describe()}")
    return 0
