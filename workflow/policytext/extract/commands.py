"""The extraction stage's commands: extract, extract-batch, extraction-table.

Each ``*_command`` takes the arguments after the command's name and returns an exit status;
``policytext.cli`` dispatches to them. The work itself is done by the stage's modules.
"""

from __future__ import annotations

import logging
from pathlib import Path

from policytext.corpus.manifest import DEFAULT_DOC_TYPES, load_manifest
from policytext.errors import UserError
from policytext.extract.batches import batch_of, run_batch
from policytext.extract.engines import (
    ENGINES,
    SHORT_SHARE,
    TABLE_MODES,
    extract_document,
    extraction_table,
    read_record,
    write_outputs,
)
from policytext.options import configure_logging, options_from_json, stage_parser
from policytext.schema import section_defaults, with_defaults

logger = logging.getLogger(__name__)


def extract_command(argv: list[str]) -> int:
    """``policytext extract FILE --doc-id ID --text OUT.txt --record OUT.json [options]``."""
    parser = stage_parser("extract", extract_command.__doc__)
    parser.add_argument("file", type=Path, help="the document (PDF, HTML, DOCX or text)")
    parser.add_argument("--doc-id", required=True, help="the document's id in the manifest")
    parser.add_argument("--text", type=Path, required=True, help="text file to write")
    parser.add_argument("--record", type=Path, required=True, help="JSON record to write")
    defaults = section_defaults("extract")
    parser.add_argument("--engine", choices=ENGINES, default=defaults["engine"])
    parser.add_argument(
        "--timeout", type=float, default=defaults["timeout"], help="seconds (0: no limit)"
    )
    parser.add_argument("--tables", choices=TABLE_MODES, default=defaults["tables"])
    parser.add_argument("--sha256", default=None, help="expected checksum of the file")
    parser.add_argument("--corpus-root", type=Path, default=None, help="refuse files outside")
    parser.add_argument("--ocr", action="store_true", help="OCR pages without text (ocrmypdf)")
    args = parser.parse_args(argv)
    result = extract_document(
        args.file,
        doc_id=args.doc_id,
        engine=args.engine,
        timeout=args.timeout or None,
        tables=args.tables,
        sha256=args.sha256 or None,
        corpus_root=args.corpus_root,
        ocr=args.ocr,
    )
    write_outputs(result, args.text, args.record)
    return 0


def extraction_table_command(argv: list[str]) -> int:
    """``policytext extraction-table RECORD.json... --out extraction.csv [--strict]``."""
    parser = stage_parser("extraction-table", extraction_table_command.__doc__)
    parser.add_argument("records", type=Path, nargs="+", help="JSON records from extract")
    parser.add_argument("--out", type=Path, required=True, help="extraction.csv to write")
    parser.add_argument("--strict", action="store_true", help="fail unless every status is ok")
    parser.add_argument("--timings", action="store_true", help="fill the seconds column")
    parser.add_argument(
        "--short-share",
        type=float,
        default=section_defaults("extract").get("short_share", SHORT_SHARE),
        help="flag ok documents with fewer words than this share of the median (default 0.1)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.short_share <= 1:
        raise UserError(f"--short-share must lie between 0 and 1, not {args.short_share}")
    rows = extraction_table(
        [read_record(path) for path in args.records],
        args.out,
        timings=args.timings,
        short_share=args.short_share,
    )
    short = [row["doc_id"] for row in rows if row["short"]]
    if short:
        logger.warning(
            "%d documents are far shorter than the median (under %g of it; cover or landing "
            "pages?): %s",
            len(short),
            args.short_share,
            ", ".join(short),
        )
    bad = [row for row in rows if row["status"] != "ok"]
    if args.strict and bad:
        listing = "; ".join(f"{row['doc_id']} ({row['status']}: {row['message']})" for row in bad)
        raise UserError(
            f"{len(bad)} of {len(rows)} documents did not extract cleanly (strict mode): "
            f"{listing}. Table written to {args.out}."
        )
    return 0


def extract_batch_command(argv: list[str]) -> int:
    """``policytext extract-batch``: extract and tokenise the documents of one batch."""
    parser = stage_parser("extract-batch", extract_batch_command.__doc__)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--batch", required=True, help="batch name, e.g. b03")
    parser.add_argument("--batches", type=int, required=True, help="number of batches")
    parser.add_argument("--results", type=Path, required=True, help="the results folder")
    parser.add_argument("--options", default="{}", help="JSON: the config's extract section")
    parser.add_argument("--doc-types", nargs="+", default=list(DEFAULT_DOC_TYPES))
    args = parser.parse_args(argv)
    configure_logging()
    documents = load_manifest(args.manifest, doc_types=args.doc_types)
    members = [doc for doc in documents if batch_of(doc.doc_id, args.batches) == args.batch]
    logger.info("batch %s: %d document(s)", args.batch, len(members))
    run_batch(
        members,
        results=args.results,
        options=with_defaults("extract", options_from_json(args.options)),
        corpus_root=args.manifest.resolve().parent,
    )
    return 0
