"""Document-level work in batches: which batch a document belongs to, and running a batch.

Snakemake spends a roughly fixed time on every job, which dominates once a corpus has
thousands of documents (about 140 ms a job at 5,000 jobs on this project's machines). So
documents are extracted and tokenised in batches. A document's batch comes from a hash of
its doc_id, not from its position in the manifest, so adding a document changes one batch
only, and re-extracts at most that batch.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from policytext.corpus.manifest import Document

log = logging.getLogger(__name__)


def batch_of(doc_id: str, batches: int) -> str:
    """The batch of ``doc_id`` among ``batches``, as a zero-padded name such as ``b07``.

    >>> batch_of("gov_2014_001", 16)
    'b14'
    """
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big") % batches
    return f"b{number:0{len(str(batches - 1))}d}"


#: Documents per batch aimed at by ``batches: auto``. Snakemake writes a metadata record per
#: output that repeats the whole batch's inputs, a cost growing with the square of the batch
#: size: at 5,000 documents 16 batches spent 18% of the run on it, 64 batches 7.6%.
AUTO_DOCS_PER_BATCH = 80
AUTO_MIN_BATCHES = 16


def batch_count(setting: int | str, n_docs: int) -> int:
    """The number of batches for a corpus of ``n_docs``: ``setting`` itself, or for ``auto``
    the smallest power of two, at least 16, that keeps batches near 80 documents.

    A power of two changes only when the corpus doubles past 1,280, 2,560, 5,120...
    documents, so between those sizes adding a document still re-extracts one batch.

    >>> batch_count("auto", 160), batch_count("auto", 5000), batch_count(8, 5000)
    (16, 64, 8)
    """
    if setting != "auto":
        return int(setting)
    wanted = max(AUTO_MIN_BATCHES, math.ceil(n_docs / AUTO_DOCS_PER_BATCH))
    return 1 << (wanted - 1).bit_length()


def assign_batches(doc_ids: Iterable[str], batches: int) -> dict[str, list[str]]:
    """Non-empty batches by name, each with its sorted doc_ids, in name order."""
    assigned: dict[str, list[str]] = {}
    for doc_id in sorted(doc_ids):
        assigned.setdefault(batch_of(doc_id, batches), []).append(doc_id)
    return dict(sorted(assigned.items()))


def process_document(
    document: Document, *, results: Path, options: dict, corpus_root: Path
) -> tuple[str, float]:
    """Extract and tokenise one document into ``results``; returns its status and seconds."""
    from policytext.extract.engines import extract_document, write_outputs
    from policytext.text.tokenize import tokenize_document, write_tokens

    result = extract_document(
        document.path,
        doc_id=document.doc_id,
        engine=options["engine"],
        timeout=options["timeout"] or None,
        tables=options["tables"],
        sha256=document.sha256 or None,
        corpus_root=corpus_root,
        ocr=bool(options["ocr"]),
    )
    seconds, result.seconds = result.seconds, None  # wall time goes to the log, not results
    text_path = results / "text" / f"{document.doc_id}.txt"
    write_outputs(result, text_path, results / "extraction" / f"{document.doc_id}.json")
    tokens = tokenize_document(result.text) if result.status == "ok" else []
    write_tokens(results / "tokens" / f"{document.doc_id}.txt", tokens)
    return result.status, seconds


def run_batch(
    documents: Sequence[Document], *, results: Path, options: dict, corpus_root: Path
) -> None:
    """Process each document of a batch, logging one progress line per document."""
    started = time.perf_counter()
    for index, document in enumerate(documents, start=1):
        status, seconds = process_document(
            document, results=results, options=options, corpus_root=corpus_root
        )
        elapsed = time.perf_counter() - started
        log.info(
            "[%d/%d] %s: %s in %.1f s (batch %.0f s so far)",
            index,
            len(documents),
            document.doc_id,
            status,
            seconds,
            elapsed,
        )
