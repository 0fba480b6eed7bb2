"""The report stage's commands: provenance, config-reference, findings, explorer and
export-passages.

Each ``*_command`` takes the arguments after the command's name and returns an exit status;
``policytext.cli`` dispatches to them. The work itself is done by the stage's modules.
"""

from __future__ import annotations

import json
from pathlib import Path

from policytext.errors import UserError
from policytext.io import write_json
from policytext.options import options_from_json, stage_parser
from policytext.report.provenance import build_provenance
from policytext.report.reference import BEGIN, END, config_reference


def provenance_command(argv: list[str]) -> int:
    """``policytext provenance --config JSON --out provenance.json --config-out config.json``."""
    parser = stage_parser("provenance", provenance_command.__doc__)
    parser.add_argument("--config", required=True, help="the run's config as a JSON string")
    parser.add_argument("--project-dir", type=Path, default=Path(__file__).parents[3])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config-out", type=Path, help="also write the config as run")
    args = parser.parse_args(argv)
    config = json.loads(args.config)
    record = build_provenance(config, project_dir=args.project_dir)
    write_json(args.out, record, ascii_only=True)
    if args.config_out:
        write_json(args.config_out, config, ascii_only=True)
    return 0


def config_reference_command(argv: list[str]) -> int:
    """``policytext config-reference [--update README.md]``: print or update the table."""
    parser = stage_parser("config-reference", config_reference_command.__doc__)
    parser.add_argument("--update", type=Path, help="rewrite this README's generated section")
    args = parser.parse_args(argv)
    table = config_reference()
    if not args.update:
        print(table)
        return 0
    text = args.update.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    args.update.write_text(f"{text[:start]}\n{table}\n{text[end:]}", encoding="utf-8")
    return 0


def findings_command(argv: list[str]) -> int:
    """``policytext findings``: write results/findings.html from the tables."""
    from policytext.report.findings import write_findings

    parser = stage_parser("findings", findings_command.__doc__)
    parser.add_argument("--results-dir", type=Path, required=True, help="the results folder")
    parser.add_argument("--options", default="{}", help="JSON: the terms section and periods")
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    args = parser.parse_args(argv)
    if not args.results_dir.is_dir():
        raise UserError(f"{args.results_dir}: results folder not found")
    write_findings(args.results_dir, options_from_json(args.options), args.out)
    return 0


def explorer_command(argv: list[str]) -> int:
    """``policytext explorer``: write the evidence explorer (results/explorer.html)."""
    from policytext.report.explorer import DEFAULT_CAP, Sources, write_explorer

    parser = stage_parser("explorer", explorer_command.__doc__)
    parser.add_argument("--results-dir", type=Path, required=True, help="the results folder")
    parser.add_argument("--manifest", type=Path, required=True, help="the corpus manifest")
    parser.add_argument("--options", default="{}", help="JSON: the terms section, periods, events")
    parser.add_argument("--cap", type=int, default=DEFAULT_CAP, help="passages embedded per cell")
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    args = parser.parse_args(argv)
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


def export_passages_command(argv: list[str]) -> int:
    """``policytext export-passages``: a selection of KWIC lines as CSV and DOCX."""
    from policytext.report.export import (
        Selection,
        select_passages,
        write_passages_csv,
        write_passages_docx,
    )

    parser = stage_parser("export-passages", export_passages_command.__doc__)
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
    args = parser.parse_args(argv)
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
