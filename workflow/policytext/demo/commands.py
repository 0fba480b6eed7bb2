"""The demo corpus's command: demo-corpus.

Each ``*_command`` takes the arguments after the command's name and returns an exit status;
``policytext.cli`` dispatches to them. The work itself is done by the stage's modules.
"""

from __future__ import annotations

import time
from pathlib import Path

from policytext.demo.generator import generate_demo_corpus
from policytext.options import stage_parser


def demo_corpus_command(argv: list[str]) -> int:
    """``policytext demo-corpus OUT``: generate the demo corpus into OUT."""
    parser = stage_parser("demo-corpus", demo_corpus_command.__doc__)
    parser.add_argument("out", type=Path, help="folder to write (e.g. corpus/demo)")
    parser.add_argument("--n-docs", type=int, default=160, help="readable documents (default 160)")
    parser.add_argument("--seed", type=int, default=2011, help="random seed (default 2011)")
    parser.add_argument("--first-year", type=int, default=2005)
    parser.add_argument("--last-year", type=int, default=2024)
    parser.add_argument("--min-pages", type=int, default=2, help="title page included")
    parser.add_argument("--max-pages", type=int, default=20)
    parser.add_argument("--no-bad-files", action="store_true", help="leave out the broken files")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate_demo_corpus(
        args.out,
        n_docs=args.n_docs,
        seed=args.seed,
        first_year=args.first_year,
        last_year=args.last_year,
        min_pages=args.min_pages,
        max_pages=args.max_pages,
        bad_files=not args.no_bad_files,
    )
    seconds = time.perf_counter() - started
    print(
        f"wrote {args.n_docs} documents to {args.out} in {seconds:.1f} s "
        f"({args.n_docs / seconds:.1f} documents/s)"
    )
    return 0
