"""Topic models over time: the ``policytext topics-*`` commands and their file I/O.

The stage runs in steps, one command each, so that Snakemake can run the K sweep in
parallel and rerun only what a change touches:

``topics-corpus``
    documents.csv + tokens files -> the prepared corpus (:mod:`policytext.topics.corpus`).
``topics-fit``
    one LDA fit at one K and seed -> a JSON record of its bound, diversity and top words,
    and the fit's state (``.npz``: what inference needs) (:mod:`policytext.topics.sweep`).
``topics-select``
    every fit's record -> coherence for all fits in one pass over the texts,
    ``selection.csv`` and ``choice.json`` (the chosen K and seed).
``topics-model``
    the chosen K's fits with every seed, restored from their states ->
    ``topic_words.csv``, ``doc_topics.csv``,
    ``labels.csv`` (the chosen seed's model), ``alignment.csv`` (how each other seed's
    topics match it) and the parameters (``model/lambda.npy``, ``model/gamma.npy``, and
    ``model/gamma_seeds.npy``, every seed's document shares in the chosen topic order).
``topics-prevalence``, ``topics-effects``, ``topics-concepts``, ``topics-dynamics``
    the model's parameters -> ``prevalence.csv``, ``effects.csv`` + ``effects_by_year.csv``
    + ``contrasts.csv`` (:mod:`policytext.topics.effects`), ``concept_topics.csv``,
    ``dynamics.csv`` (:mod:`policytext.topics.analysis`).

When the data allow no K, or no K is stable (:mod:`policytext.topics.sweep`), every table
is still written, as one row whose ``reason`` says that no stable topic structure was found.

Every command takes ``--options JSON``: the keys of the config's ``topics`` section it uses
(plus ``periods`` and, for concepts, the term stage's ``terms.concepts`` patterns as
``concept_patterns``). Results are byte-identical
for the same inputs: fixed seeds, one process for every step whose result could depend on
threads (run with ``OMP_NUM_THREADS=1`` and friends, as the rules do).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from policytext.errors import UserError
from policytext.io import read_table, write_json, write_table
from policytext.options import configure_logging, options_from_json, stage_parser
from policytext.topics import FIGURE_TABLES

if TYPE_CHECKING:
    from policytext.topics.corpus import PreparedCorpus

logger = logging.getLogger(__name__)

#: Defaults for every ``topics`` option (the schema repeats them for the workflow).
DEFAULTS: dict[str, Any] = {
    "k": "auto",
    "unit": "paragraph",
    "k_range": [4, 6, 8, 10],
    "seeds": [1, 2, 3],
    "passes": 10,
    "iterations": 100,
    "chunksize": 2000,
    "alpha": "symmetric",
    "no_below": 3,
    "no_above": 0.5,
    "keep_n": 20000,
    "min_token_length": 3,
    "stopwords_extra": [],
    "top_n": 10,
    "stability_threshold": 0.5,
    "topic_words": 20,
    "bootstrap": 500,
    "spline_df": 4,
    "effect_simulations": 100,
    "dynamics_words": 10,
    "concepts": ["co-production", "co-creation", "co-design"],
    "seed": 2024,
    "fdr": 0.05,
    "min_documents": 5,
    "min_units_per_topic": 10,
    "min_words_per_topic": 10,
    "min_years": 2,
    "min_docs_per_type": 5,
}

MODEL_DIR = "model"
LAMBDA = "lambda.npy"
GAMMA = "gamma.npy"
GAMMA_SEEDS = "gamma_seeds.npy"
#: The reason row of every table when the stage found no topic structure.
NO_STRUCTURE_REASON = "no_structure: no stable topic structure was found (see selection.csv)"


def resolve_options(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """Config options over the defaults; an unknown ``alpha`` or ``k`` raises UserError."""
    options = {**DEFAULTS, **(raw or {})}
    if options["unit"] not in ("paragraph", "document"):
        raise UserError(f"topics.unit: {options['unit']!r} is not paragraph or document")
    if options["alpha"] not in ("symmetric", "asymmetric", "auto"):
        raise UserError(
            f"topics.alpha: {options['alpha']!r} is not one of symmetric, asymmetric, auto"
        )
    k = options["k"]
    if not (k == "auto" or (isinstance(k, int) and k >= 2)):
        raise UserError(f"topics.k: {k!r} must be 'auto' or an integer of at least 2")
    return options


def parse_options(text: str | None) -> dict[str, Any]:
    """The ``--options`` JSON, resolved against :data:`DEFAULTS`."""
    return resolve_options(options_from_json(text))


def single_threaded() -> None:
    """Warn when BLAS may use several threads (results could then differ in the last bits)."""
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(name) != "1":
            logger.warning("%s is not 1; set it for byte-identical results", name)


def parser_for(name: str, description: str) -> argparse.ArgumentParser:
    """An argument parser with the shared ``--options``."""
    parser = stage_parser(name, description)
    parser.add_argument("--options", default="{}", help="the config's topics section as JSON")
    return parser


@dataclass(frozen=True)
class AnalysisInputs:
    """What every analysis of the chosen model starts from: its arguments, options and corpus."""

    args: argparse.Namespace
    options: dict[str, Any]
    prepared: PreparedCorpus


def analysis_inputs(
    name: str,
    description: str,
    argv: Sequence[str],
    *,
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> AnalysisInputs:
    """Parse an analysis command (``--corpus-dir``, ``--model-dir``, ``--out``, ``--options``,
    plus its own arguments), set up logging, and load the prepared corpus."""
    from policytext.topics.corpus import load_prepared

    parser = parser_for(name, description)
    parser.add_argument("--corpus-dir", type=Path, required=True)
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    if add_arguments is not None:
        add_arguments(parser)
    args = parser.parse_args(argv)
    configure_logging()
    return AnalysisInputs(args, parse_options(args.options), load_prepared(args.corpus_dir))


# --- corpus, sweep, selection ---------------------------------------------------------------


def topics_corpus_command(argv: Sequence[str]) -> int:
    """``policytext topics-corpus``: write the prepared corpus for every fit."""
    from policytext.corpus.documents import read_usable_documents
    from policytext.topics.corpus import prepare_corpus

    parser = parser_for("topics-corpus", "Prepare lemmas, phrases and the dictionary.")
    parser.add_argument("--documents", type=Path, required=True, help="results/documents.csv")
    parser.add_argument("--tokens-dir", type=Path, required=True, help="results/tokens")
    parser.add_argument("--out-dir", type=Path, required=True, help="folder to write")
    args = parser.parse_args(argv)
    configure_logging()
    options = parse_options(args.options)
    documents = read_usable_documents(args.documents)
    counts = prepare_corpus(documents, args.tokens_dir, args.out_dir, options=options)
    logger.info("prepared corpus: %s", counts)
    return 0


def topics_fit_command(argv: Sequence[str]) -> int:
    """``policytext topics-fit``: fit and score one model of the K sweep."""
    from policytext.topics.corpus import load_prepared
    from policytext.topics.sweep import fit_lda, limit_reason, save_no_state, save_state, score_fit

    parser = parser_for("topics-fit", "Fit LDA at one K and seed and score it.")
    parser.add_argument("--corpus-dir", type=Path, required=True)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="JSON record to write")
    parser.add_argument("--state", type=Path, required=True, help="the fit's state (.npz)")
    args = parser.parse_args(argv)
    configure_logging()
    single_threaded()
    options = parse_options(args.options)
    prepared = load_prepared(args.corpus_dir)
    skipped = limit_reason(
        args.k,
        documents=len(prepared.documents),
        units=prepared.units,
        vocabulary=len(prepared.dictionary),
        options=options,
    )
    if skipped:
        logger.warning("K=%d not fitted: %s", args.k, skipped)
        write_rounded_json(args.out, {"k": args.k, "seed": args.seed, "skipped": skipped})
        save_no_state(args.state)
        return 0
    model = fit_lda(prepared.corpus, prepared.dictionary, k=args.k, seed=args.seed, options=options)
    record = score_fit(model, prepared, k=args.k, seed=args.seed, top_n=int(options["top_n"]))
    write_rounded_json(args.out, record)
    save_state(model, args.state)
    logger.info("K=%d seed=%d bound per word %.4f", args.k, args.seed, record["bound"])
    return 0


def write_rounded_json(path: Path, value: Any) -> None:
    """Write JSON with rounded floats (stable bytes) through the shared writer."""
    write_json(path, rounded(value), indent=1, ascii_only=True)


def rounded(value: Any, digits: int = 10) -> Any:
    """Floats rounded to ``digits`` significant digits, recursively."""
    if isinstance(value, float):
        return float(f"{value:.{digits}g}")
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item, digits) for item in value]
    return value


def topics_select_command(argv: Sequence[str]) -> int:
    """``policytext topics-select``: gather the sweep into selection.csv and choose K."""
    from policytext.topics.corpus import load_prepared
    from policytext.topics.sweep import SELECTION_COLUMNS, add_coherence, selection_table

    parser = parser_for("topics-select", "Score coherence and stability; choose K.")
    parser.add_argument("fits", nargs="+", type=Path, help="records written by topics-fit")
    parser.add_argument("--corpus-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="selection.csv")
    parser.add_argument("--choice", type=Path, required=True, help="choice.json")
    args = parser.parse_args(argv)
    configure_logging()
    options = parse_options(args.options)
    records = [json.loads(path.read_text(encoding="utf-8")) for path in args.fits]
    single_threaded()
    prepared = load_prepared(args.corpus_dir)
    add_coherence(records, prepared.texts, prepared.dictionary)
    # Rounded as the records are written, so that the table does not depend on where the
    # coherence was computed.
    records = [rounded(record) for record in records]
    fixed = options["k"] if isinstance(options["k"], int) else None
    rows, choice = selection_table(
        records, threshold=float(options["stability_threshold"]), fixed_k=fixed
    )
    write_table(args.out, rows, SELECTION_COLUMNS)
    write_rounded_json(args.choice, choice)
    for row in rows:
        if row["reason"]:
            logger.info("K=%d seed=%d: %s", row["k"], row["seed"], row["reason"])
    logger.info("%s (seed %d)", choice["reason"], choice["seed"])
    return 0


# --- the chosen model -----------------------------------------------------------------------


def state_path(sweep_dir: Path, *, k: int, seed: int) -> Path:
    """Where ``topics-fit`` writes the state of the fit at K and seed."""
    return sweep_dir / f"k{k}_seed{seed}.npz"


def restored_parameters(prepared, sweep_dir: Path, *, k: int, seed: int, options):
    """The sweep's fit at K and seed: its lambda (K x V) and every document's gamma (D x K).

    The fit is restored from its state (:func:`policytext.topics.sweep.restore_lda`), so it
    equals a refit with the same seed; documents are inferred from the seed's random state.
    """
    from policytext.topics.sweep import restore_lda

    path = state_path(sweep_dir, k=k, seed=seed)
    if not path.is_file():
        raise UserError(
            f"{path}: the sweep's fit at K={k}, seed {seed} is missing; rerun the workflow"
        )
    model = restore_lda(path, prepared.dictionary, k=k, seed=seed, options=options)
    lam = np.asarray(model.state.get_lambda(), dtype=np.float64)
    model.random_state = np.random.RandomState(seed)
    gammas = []
    chunk: list[Any] = []
    for bow in prepared.document_corpus:
        chunk.append(bow)
        if len(chunk) == int(options["chunksize"]):
            gammas.append(model.inference(chunk)[0])
            chunk = []
    if chunk:
        gammas.append(model.inference(chunk)[0])
    gamma = np.vstack(gammas).astype(np.float64)
    return lam, gamma


def vocabulary_of(dictionary) -> list[str]:
    """Words by id."""
    return [dictionary[index] for index in range(len(dictionary))]


LABEL_COLUMNS = (
    "topic",
    "label",
    "label_top",
    "label_frex",
    "top_words",
    "frex_words",
    "alignment",
    "reason",
)
ALIGNMENT_COLUMNS = ("topic", "label", "seed", "matched_topic", "similarity", "reason")


def topics_model_command(argv: Sequence[str]) -> int:
    """``policytext topics-model``: the chosen model's words and shares.

    The chosen K's fits with every seed of the sweep are restored from their states; the
    other seeds' topics are aligned to the chosen seed's
    (:func:`policytext.topics.effects.align_seeds`) so that the effects can pool them.
    """
    from policytext.topics.corpus import load_prepared

    parser = parser_for("topics-model", "The chosen model's words, shares, labels.")
    parser.add_argument("--corpus-dir", type=Path, required=True)
    parser.add_argument("--choice", type=Path, required=True, help="choice.json")
    parser.add_argument("--sweep-dir", type=Path, required=True, help="the fits' states")
    parser.add_argument("--out-dir", type=Path, required=True, help="results/topics")
    args = parser.parse_args(argv)
    configure_logging()
    single_threaded()
    options = parse_options(args.options)
    choice = json.loads(args.choice.read_text(encoding="utf-8"))
    prepared = load_prepared(args.corpus_dir)
    if int(choice["k"]) == 0:
        write_no_structure_model(args.out_dir, prepared)
        logger.warning("%s: tables written as reason rows", choice["reason"])
        return 0
    write_model_tables(
        args.out_dir, prepared, choice=choice, sweep_dir=args.sweep_dir, options=options
    )
    return 0


def write_model_tables(
    out: Path, prepared, *, choice: Mapping[str, Any], sweep_dir: Path, options
) -> None:
    """The chosen K's fit with every seed: write the arrays, words, shares, labels, alignment."""
    from policytext.topics.analysis import label_rows, topic_word_probabilities, topic_word_rows
    from policytext.topics.effects import align_seeds, alignment_rows

    k, chosen = int(choice["k"]), int(choice["seed"])
    seeds = sorted({chosen, *map(int, options["seeds"])})
    lambdas, gammas = {}, {}
    for seed in seeds:
        lambdas[seed], gammas[seed] = restored_parameters(
            prepared, sweep_dir, k=k, seed=seed, options=options
        )
    betas = {seed: topic_word_probabilities(lam) for seed, lam in lambdas.items()}
    alignment = align_seeds(betas, chosen=chosen)
    vocabulary = vocabulary_of(prepared.dictionary)
    (out / MODEL_DIR).mkdir(parents=True, exist_ok=True)
    np.save(out / MODEL_DIR / LAMBDA, lambdas[chosen])
    np.save(out / MODEL_DIR / GAMMA, gammas[chosen])
    np.save(
        out / MODEL_DIR / GAMMA_SEEDS,
        np.stack([gammas[seed][:, alignment.orders[seed]] for seed in seeds]),
    )
    write_table(
        out / "topic_words.csv",
        topic_word_rows(betas[chosen], vocabulary, topn=int(options["topic_words"])),
        ("topic", "rank", "word", "weight", "reason"),
    )
    gamma = gammas[chosen]
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    write_table(
        out / "doc_topics.csv",
        (
            {"doc_id": document.doc_id, "topic": topic + 1, "weight": theta[row, topic]}
            for row, document in enumerate(prepared.documents)
            for topic in range(theta.shape[1])
        ),
        ("doc_id", "topic", "weight", "reason"),
    )
    labels = label_rows(betas[chosen], vocabulary, topn=int(options["top_n"]))
    agreement = alignment.mean_similarity(chosen)
    for row, value in zip(labels, agreement, strict=True):
        row["alignment"] = value
        row["reason"] = "" if len(seeds) > 1 else "alignment not measured: 1 seed"
    write_table(out / "labels.csv", labels, LABEL_COLUMNS)
    write_table(
        out / "alignment.csv",
        alignment_rows(alignment, chosen=chosen, labels=[row["label"] for row in labels])
        or [{"topic": "", "reason": "not_estimated: 1 seed only"}],
        ALIGNMENT_COLUMNS,
    )
    logger.info(
        "model: K=%d seed=%d, %d documents; alignment over seeds %s: %s",
        k,
        chosen,
        len(theta),
        seeds,
        np.round(agreement, 3).tolist(),
    )


def write_no_structure_model(out: Path, prepared) -> None:
    """Empty arrays and one reason row per table, when no K passed the selection."""
    vocabulary = len(prepared.dictionary)
    documents = len(prepared.documents)
    (out / MODEL_DIR).mkdir(parents=True, exist_ok=True)
    np.save(out / MODEL_DIR / LAMBDA, np.zeros((0, vocabulary)))
    np.save(out / MODEL_DIR / GAMMA, np.zeros((documents, 0)))
    np.save(out / MODEL_DIR / GAMMA_SEEDS, np.zeros((0, documents, 0)))
    reason = [{"reason": NO_STRUCTURE_REASON}]
    write_table(out / "topic_words.csv", reason, ("topic", "rank", "word", "weight", "reason"))
    write_table(out / "doc_topics.csv", reason, ("doc_id", "topic", "weight", "reason"))
    write_table(out / "labels.csv", reason, LABEL_COLUMNS)
    write_table(out / "alignment.csv", reason, ALIGNMENT_COLUMNS)


def load_model_arrays(model_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """lambda and gamma written by topics-model."""
    for name in (LAMBDA, GAMMA):
        if not (model_dir / name).is_file():
            raise UserError(f"{model_dir / name} is missing; run 'policytext topics-model' first")
    return np.load(model_dir / LAMBDA), np.load(model_dir / GAMMA)


def period_names(options: Mapping[str, Any]) -> list[str]:
    """The configured period names in time order."""
    from policytext.periods import parse_periods

    return [period.name for period in parse_periods(options.get("periods", []))]


def topics_prevalence_command(argv: Sequence[str]) -> int:
    """``policytext topics-prevalence``: mean topic share by year and group, over seeds."""
    from policytext.topics.analysis import prevalence_rows

    inputs = analysis_inputs("topics-prevalence", "Mean topic share by year and group.", argv)
    args, options, prepared = inputs.args, inputs.options, inputs.prepared
    gammas = load_seed_gammas(args.model_dir)
    columns = ("topic", "year", "group", "docs", "mean", "ci_low", "ci_high", "reason")
    if gammas.shape[-1] == 0:
        write_reason_row(args.out, columns)
        return 0
    rows = prevalence_rows(
        gammas / gammas.sum(axis=2, keepdims=True),
        [document.year for document in prepared.documents],
        [document.doc_type for document in prepared.documents],
        samples=int(options["bootstrap"]),
        seed=int(options["seed"]),
    )
    write_table(args.out, rows, columns)
    return 0


def topics_effects_command(argv: Sequence[str]) -> int:
    """``policytext topics-effects``: year (a spline) x doc_type effects, pooled over seeds."""
    from policytext.topics.effects import (
        BY_YEAR_COLUMNS,
        CONTRAST_COLUMNS,
        EFFECT_COLUMNS,
        EffectLimits,
        effect_tables,
        no_topics_tables,
    )

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--labels", type=Path, required=True, help="labels.csv")
        parser.add_argument("--out-by-year", type=Path, required=True, help="effects_by_year.csv")
        parser.add_argument("--contrasts", type=Path, required=True, help="contrasts.csv")

    inputs = analysis_inputs(
        "topics-effects",
        "Effects of year and doc_type on topic shares.",
        argv,
        add_arguments=add_arguments,
    )
    args, options, prepared = inputs.args, inputs.options, inputs.prepared
    single_threaded()
    gammas = load_seed_gammas(args.model_dir)
    if gammas.shape[-1] == 0:
        result = no_topics_tables(NO_STRUCTURE_REASON)
    else:
        result = effect_tables(
            list(gammas),
            [document.year for document in prepared.documents],
            [document.doc_type for document in prepared.documents],
            [document.period for document in prepared.documents],
            labels=[row["label"] for row in read_table(args.labels)],
            period_order=period_names(options),
            df=int(options["spline_df"]),
            simulations=int(options["effect_simulations"]),
            seed=int(options["seed"]),
            fdr=float(options["fdr"]),
            limits=EffectLimits(
                min_years=int(options["min_years"]),
                min_docs_per_type=int(options["min_docs_per_type"]),
            ),
        )
    for row in result.effects:
        if row["reason"] and row["topic"]:
            logger.info(
                "topic %s %s %s: %s", row["topic"], row["term"], row["level"], row["reason"]
            )
    write_table(args.out, result.effects, EFFECT_COLUMNS)
    write_table(args.out_by_year, result.by_year, BY_YEAR_COLUMNS)
    write_table(args.contrasts, result.contrasts, CONTRAST_COLUMNS)
    return 0


def load_seed_gammas(model_dir: Path) -> np.ndarray:
    """Every seed's gamma in the chosen topic order (seeds x D x K), written by topics-model."""
    path = model_dir / GAMMA_SEEDS
    if not path.is_file():
        raise UserError(f"{path} is missing; run 'policytext topics-model' first")
    return np.load(path)


def write_reason_row(path: Path, columns: Sequence[str]) -> None:
    """A table of one row saying that no topic structure was found."""
    write_table(path, [{"reason": NO_STRUCTURE_REASON}], columns)


def topics_dynamics_command(argv: Sequence[str]) -> int:
    """``policytext topics-dynamics``: each topic's top words in each period."""
    from policytext.topics.analysis import dynamics_rows, expected_topic_word_counts

    inputs = analysis_inputs("topics-dynamics", "Each topic's top words per period.", argv)
    args, options, prepared = inputs.args, inputs.options, inputs.prepared
    lam, gamma = load_model_arrays(args.model_dir)
    columns = ("topic", "period", "rank", "word", "weight", "reason")
    if gamma.shape[1] == 0:
        write_reason_row(args.out, columns)
        return 0
    periods = [document.period or "none" for document in prepared.documents]
    counts = expected_topic_word_counts(gamma, lam, prepared.document_corpus, periods)
    rows = dynamics_rows(
        counts,
        period_names(options),
        vocabulary_of(prepared.dictionary),
        topn=int(options["dynamics_words"]),
    )
    write_table(args.out, rows, columns)
    return 0


# --- concepts -------------------------------------------------------------------------------


def read_doc_hits(path: Path, doc_ids: Sequence[str], concepts: Sequence[str] | None = None):
    """Per-document hits by concept and tokens from the term stage's doc_hits.csv."""
    rows = read_table(path)
    index = {doc_id: position for position, doc_id in enumerate(doc_ids)}
    names = sorted({row["concept"] for row in rows}) if concepts is None else list(concepts)
    hits = {name: np.zeros(len(doc_ids)) for name in names}
    tokens = np.zeros(len(doc_ids))
    for row in rows:
        position = index.get(row["doc_id"])
        if position is None:
            continue
        tokens[position] = float(row["tokens"])
        if row["concept"] in hits:
            hits[row["concept"]][position] = float(row["hits"])
    return hits, tokens


def count_concept_hits(patterns, tokens_dir: Path, doc_ids: Sequence[str]):
    """Concept hits and token counts per document, matched on each tokens paragraph.

    For running the command without the term stage (``--tokens-dir``); the workflow's rule
    passes the term stage's ``--doc-hits`` instead.
    """
    from policytext.text.tokenize import iter_token_paragraphs

    hits = {name: np.zeros(len(doc_ids)) for name in patterns}
    tokens = np.zeros(len(doc_ids))
    for position, doc_id in enumerate(doc_ids):
        for paragraph in iter_token_paragraphs(tokens_dir / f"{doc_id}.txt"):
            tokens[position] += len(paragraph)
            line = " ".join(paragraph)
            for name, pattern in patterns.items():
                hits[name][position] += len(pattern.findall(line))
    return hits, tokens


CONCEPT_COLUMNS = (
    "concept",
    "period",
    "topic",
    "docs",
    "docs_with_concept",
    "hits",
    "share",
    "weighted_share",
    "lift",
    "correlation",
    "token_share",
    "reason",
)


def topics_concepts_command(argv: Sequence[str]) -> int:
    """``policytext topics-concepts``: which topics carry the co-creation concepts."""
    from policytext.topics.analysis import (
        concept_patterns,
        concept_topic_rows,
        concept_word_ids,
        expected_topic_word_counts,
    )

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--tokens-dir", type=Path, help="results/tokens (when no --doc-hits)")
        parser.add_argument("--doc-hits", type=Path, help="the term stage's terms/doc_hits.csv")

    inputs = analysis_inputs(
        "topics-concepts",
        "Topics that carry each concept, per period.",
        argv,
        add_arguments=add_arguments,
    )
    args, options, prepared = inputs.args, inputs.options, inputs.prepared
    lam, gamma = load_model_arrays(args.model_dir)
    if gamma.shape[1] == 0:
        write_reason_row(args.out, CONCEPT_COLUMNS)
        return 0
    theta = gamma / gamma.sum(axis=1, keepdims=True)
    doc_ids = [document.doc_id for document in prepared.documents]
    names = list(options["concepts"])
    patterns = concept_patterns(options.get("concept_patterns"))
    unknown = [name for name in names if name not in patterns]
    if unknown and not args.doc_hits:
        raise UserError(
            f"topics.concepts: {', '.join(unknown)} not among the concepts "
            f"({', '.join(patterns)}); name concepts defined in terms.concepts"
        )
    patterns = {name: pattern for name, pattern in patterns.items() if name in names}
    if args.doc_hits:
        hits, tokens = read_doc_hits(args.doc_hits, doc_ids, names)
    elif args.tokens_dir:
        hits, tokens = count_concept_hits(patterns, args.tokens_dir, doc_ids)
    else:
        raise UserError("topics-concepts needs --doc-hits or --tokens-dir")
    periods = [document.period or "none" for document in prepared.documents]
    vocabulary = vocabulary_of(prepared.dictionary)
    word_ids = concept_word_ids(patterns, vocabulary)
    token_counts: dict[str, dict[str, np.ndarray]] = {}
    if any(word_ids.values()):
        counts = expected_topic_word_counts(gamma, lam, prepared.document_corpus, periods)
        for concept, ids in word_ids.items():
            if not ids:
                continue
            by_period = {period: matrix[:, ids].sum(axis=1) for period, matrix in counts.items()}
            by_period["all"] = sum(by_period.values())
            token_counts[concept] = by_period
    for concept, ids in word_ids.items():
        logger.info("%s: model words %s", concept, [vocabulary[i] for i in ids] or "none")
    rows = concept_topic_rows(theta, periods, hits, tokens, token_counts, period_names(options))
    write_table(args.out, rows, CONCEPT_COLUMNS)
    return 0


def topics_figure_command(argv: Sequence[str]) -> int:
    """``policytext topics-figure NAME``: draw one topic figure from the stage's tables."""
    parser = stage_parser("topics-figure", topics_figure_command.__doc__)
    parser.add_argument("name", choices=sorted(FIGURE_TABLES))
    parser.add_argument("--topics-dir", type=Path, required=True, help="results/topics")
    parser.add_argument("--out", type=Path, required=True, help="figure stem (no suffix)")
    parser.add_argument("--options", default="{}", help="periods and events as JSON")
    args = parser.parse_args(argv)
    options = options_from_json(args.options)
    from policytext.topics.figures import DRAW

    stem = args.out.with_suffix("") if args.out.suffix in {".png", ".svg"} else args.out
    DRAW[args.name](args.topics_dir, stem, options=options)
    return 0
