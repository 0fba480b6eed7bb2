"""The report stage's commands: provenance, config-reference.

Each ``*_command`` takes the arguments after the command's name and returns an exit status;
``policytext.cli`` dispatches to them. The work itself is done by the stage's modules.
"""

from __future__ import annotations

import json
from pathlib import Path

from policytext.io import write_json
from policytext.options import stage_parser
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
