"""The context stage's commands: vectors and transform; effects and neighbours.

``policytext context-vectors`` trains (or reads) the word vectors and estimates the ALC
transform; ``policytext context-effects`` embeds every concept mention and writes
instances.csv, effects.csv, neighbours.csv, neighbour_ratios.csv and shift.csv. Both check
the covariates against documents.csv before any other work.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from policytext.context import alc, neighbours, regression
from policytext.context.instances import (
    INSTANCE_COLUMNS,
    ConceptEmbeddings,
    embed_corpus,
    tokens_path,
)
from policytext.context.settings import (
    PERIOD,
    ContextOptions,
    check_covariates,
    context_options,
    vector_options,
)
from policytext.context.vectors import (
    CorpusParagraphs,
    WordVectors,
    corpus_vocabulary,
    count_words,
    load_vectors,
    read_vectors_file,
    save_vectors,
    train_word2vec,
)
from policytext.corpus.documents import UsableDocument, read_usable_documents
from policytext.io import write_table
from policytext.options import configure_logging, options_from_json, stage_parser

logger = logging.getLogger(__name__)


#: Covariates that are fields of a document rather than entries of its other columns.
DOCUMENT_FIELDS = ("doc_type", "year", PERIOD)


def covariate_value(document: UsableDocument, name: str) -> str:
    """A document's value of a covariate ('' when it has none)."""
    if name == "doc_type":
        return document.doc_type
    if name == "year":
        return str(document.year)
    if name == PERIOD:
        return document.period
    return str(document.covariates.get(name, "") or "")


def usable_documents(documents_csv: Path, covariates: Sequence[str]) -> list[UsableDocument]:
    """documents.csv's usable documents, after checking that every covariate is a column."""
    documents = read_usable_documents(documents_csv)
    columns = set(DOCUMENT_FIELDS).union(*(document.covariates for document in documents))
    check_covariates(covariates, columns, source=str(documents_csv))
    return documents


def build_vectors(paths: Sequence[Path], raw: dict) -> tuple[WordVectors, np.ndarray]:
    """Word vectors (trained or read) for the corpus vocabulary, and the ALC transform."""
    settings = vector_options(raw)
    paragraphs = CorpusParagraphs(paths)
    counts = count_words(paragraphs)
    if settings.source == "train":
        found = train_word2vec(
            paragraphs,
            dim=settings.dim,
            window=settings.window,
            min_count=settings.min_count,
            epochs=settings.epochs,
            seed=settings.seed,
        )
    else:
        found = read_vectors_file(Path(settings.source))
    vectors = corpus_vocabulary(found, counts, min_count=settings.min_count)
    averages, context_tokens = alc.context_averages(
        paragraphs, vectors.index(), vectors.vectors, window=settings.window
    )
    transform = alc.fit_transform(vectors.vectors, averages, vectors.counts, context_tokens)
    return vectors, transform


def context_vectors_command(argv: list[str]) -> int:
    """``policytext context-vectors``: word vectors and the ALC transform of a corpus."""
    parser = stage_parser("context-vectors", context_vectors_command.__doc__)
    parser.add_argument("--documents", type=Path, required=True, help="results/documents.csv")
    parser.add_argument("--tokens-dir", type=Path, required=True, help="folder of tokens files")
    parser.add_argument("--options", default="{}", help="JSON: the context section")
    parser.add_argument("--out-dir", type=Path, required=True, help="folder for the model")
    args = parser.parse_args(argv)
    configure_logging()
    raw = options_from_json(args.options)
    context_options(raw)
    documents = usable_documents(args.documents, raw.get("covariates", ContextOptions.covariates))
    paths = [tokens_path(args.tokens_dir, document.doc_id) for document in documents]
    vectors, transform = build_vectors(paths, raw)
    save_vectors(args.out_dir, vectors)
    np.save(args.out_dir / alc.TRANSFORM_FILE, transform, allow_pickle=False)
    logger.info("%d words with vectors of %d dimensions", len(vectors.words), transform.shape[0])
    return 0


def covariate_for(
    name: str, documents: Sequence[UsableDocument], options: ContextOptions
) -> regression.Covariate:
    """A configured covariate's values for ``documents`` and its level order."""
    values = tuple(covariate_value(document, name) for document in documents)
    present = set(values) - {""}
    if name == PERIOD:
        order = tuple(period.name for period in options.periods if period.name in present)
        order += tuple(sorted(present - set(order)))
    else:
        order = tuple(sorted(present))
    return regression.Covariate(name, values, order)


def event_covariates(
    documents: Sequence[UsableDocument], options: ContextOptions
) -> list[regression.Covariate]:
    """Before/after each event (within ``event_window_years``), ``before`` as reference."""
    from policytext.terms.tables import event_name, event_side

    covariates = []
    for event in options.events:
        values = tuple(
            event_side(document.day, event, window_years=options.event_window_years) or ""
            for document in documents
        )
        name = f"{regression.EVENT_PREFIX}{event_name(event)}"
        covariates.append(
            regression.Covariate(name, values, ("before", "after"), "before", report_missing=False)
        )
    return covariates


def concept_rows(
    embeddings: ConceptEmbeddings,
    concept,
    by_id: dict[str, UsableDocument],
    vectors: WordVectors,
    unit_words: np.ndarray,
    options: ContextOptions,
) -> dict[str, list[dict]]:
    """Every table's rows for one concept."""
    documents = [by_id[doc_id] for doc_id in embeddings.doc_ids]
    counts, sums = embeddings.arrays(unit_words.shape[1])
    configured = [covariate_for(name, documents, options) for name in options.covariates]
    events = event_covariates(documents, options)
    tables: dict[str, list[dict]] = {"effects": [], "neighbours": [], "ratios": [], "shift": []}
    if not documents:
        for covariate in [*configured, *events]:
            tables["effects"].append(
                {
                    "concept": concept.name,
                    "covariate": covariate.name,
                    "instances": 0,
                    "documents": 0,
                    "reason": "no_instances: no mention has a context word with a vector",
                }
            )
        return tables
    effects = regression.fit_effects(
        concept.name, configured, counts, sums, options=options, key="covariates"
    )
    for covariate in events:
        effects += regression.fit_effects(
            concept.name, [covariate], counts, sums, options=options, key=covariate.name
        )
    order = [covariate.name for covariate in [*configured, *events]]
    levels = {
        covariate.name: (*covariate.order, regression.MISSING)
        for covariate in [*configured, *events]
    }
    tables["effects"] = regression.sort_effect_rows(effects, order, levels)
    data = neighbours.concept_data(concept, counts, sums, unit_words, vectors.words)
    references = {
        row["covariate"]: row["reference"] for row in effects if row.get("norm") is not None
    }
    for covariate in [*configured, *events]:
        tables["neighbours"] += neighbours.level_neighbours(data, covariate, options=options)
        if covariate.name in references:
            tables["ratios"] += neighbours.ratio_rows(
                data, covariate, references[covariate.name], options=options
            )
    periods = covariate_for(PERIOD, documents, options)
    tables["shift"] = neighbours.shift_rows(data, periods, options=options)
    return tables


def embed_mentions(
    documents: Sequence[UsableDocument], tokens_dir: Path, model_dir: Path, options: ContextOptions
) -> tuple[WordVectors, list[dict[str, object]], dict[str, ConceptEmbeddings]]:
    """Load the model from ``model_dir`` and embed every mention of the chosen concepts."""
    vectors = load_vectors(model_dir)
    transform = np.load(model_dir / alc.TRANSFORM_FILE, allow_pickle=False)
    instances, by_concept = embed_corpus(
        documents,
        tokens_dir,
        options.concepts,
        index=vectors.index(),
        vectors=vectors.vectors,
        transform=transform,
        window=options.window,
    )
    return vectors, instances, by_concept


def context_effects_command(argv: list[str]) -> int:
    """``policytext context-effects``: embed mentions; effects, neighbours, ratios, shift."""
    parser = stage_parser("context-effects", context_effects_command.__doc__)
    parser.add_argument("--documents", type=Path, required=True, help="results/documents.csv")
    parser.add_argument("--tokens-dir", type=Path, required=True, help="folder of tokens files")
    parser.add_argument("--model-dir", type=Path, required=True, help="context-vectors' folder")
    parser.add_argument("--options", default="{}", help="JSON: context section, concepts, periods")
    parser.add_argument("--out-dir", type=Path, required=True, help="folder for the tables")
    args = parser.parse_args(argv)
    configure_logging()
    options = context_options(options_from_json(args.options))
    documents = usable_documents(args.documents, options.covariates)
    vectors, instances, by_concept = embed_mentions(
        documents, args.tokens_dir, args.model_dir, options
    )
    write_table(args.out_dir / "instances.csv", instances, INSTANCE_COLUMNS)
    by_id = {document.doc_id: document for document in documents}
    unit_words = vectors.unit()
    tables: dict[str, list[dict]] = {"effects": [], "neighbours": [], "ratios": [], "shift": []}
    for concept in options.concepts:
        logger.info(
            "%s: %d documents with mentions", concept.name, len(by_concept[concept.name].doc_ids)
        )
        for name, rows in concept_rows(
            by_concept[concept.name], concept, by_id, vectors, unit_words, options
        ).items():
            tables[name] += rows
    write_table(args.out_dir / "effects.csv", tables["effects"], regression.EFFECT_COLUMNS)
    write_table(args.out_dir / "neighbours.csv", tables["neighbours"], neighbours.NEIGHBOUR_COLUMNS)
    write_table(args.out_dir / "neighbour_ratios.csv", tables["ratios"], neighbours.RATIO_COLUMNS)
    write_table(args.out_dir / "shift.csv", tables["shift"], neighbours.SHIFT_COLUMNS)
    return 0


def context_figures_command(argv: list[str]) -> int:
    """``policytext context-figures``: draw the meaning-in-context figures."""
    from policytext.context.figures import draw_context_figures

    parser = stage_parser("context-figures", context_figures_command.__doc__)
    parser.add_argument("--context-dir", type=Path, required=True, help="results/context")
    parser.add_argument("--out-dir", type=Path, required=True, help="folder for the figures")
    parser.add_argument("--options", default="{}", help="JSON: the context section")
    args = parser.parse_args(argv)
    configure_logging()
    options = options_from_json(args.options)
    covariates = [str(name) for name in options.get("covariates", ContextOptions.covariates)]
    draw_context_figures(args.context_dir, args.out_dir, covariates)
    return 0
