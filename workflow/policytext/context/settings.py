"""The ``context`` config section, checked, with the term stage's concepts and the periods.

A covariate is a column of the manifest (kept in documents.csv) or ``period``; naming one
that the manifest does not have is a :class:`~policytext.errors.UserError` raised before
any vector is trained (the rule file calls :func:`check_covariates` while the workflow is
built, and the commands call it again on documents.csv).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policytext.corpus.documents import BOOKKEEPING_COLUMNS
from policytext.errors import UserError
from policytext.periods import Event, Period, parse_events, parse_periods
from policytext.schema import with_defaults
from policytext.terms.match import Concept, parse_concepts

#: Columns that identify a document or describe its file and extraction: never covariates.
NOT_COVARIATES = BOOKKEEPING_COLUMNS | {"doc_id", "title"}
#: The covariate made from the config's periods rather than from a manifest column.
PERIOD = "period"


@dataclass(frozen=True)
class VectorOptions:
    """How word vectors are obtained: ``source`` is ``train`` or a word2vec file's path."""

    source: str = "train"
    dim: int = 100
    window: int = 6
    min_count: int = 5
    epochs: int = 10
    seed: int = 2023


@dataclass(frozen=True)
class ContextOptions:
    """The settings of the regression and neighbour steps (defaults as in the schema)."""

    concepts: list[Concept]
    covariates: tuple[str, ...] = ("doc_type", PERIOD)
    window: int = 6
    seed: int = 2023
    bootstrap_n: int = 200
    permutations: int = 500
    ci_level: float = 0.95
    min_instances: int = 10
    min_documents: int = 2
    neighbours: int = 10
    event_window_years: float | None = 5
    periods: list[Period] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def vector_options(raw: Mapping[str, Any]) -> VectorOptions:
    """The word-vector settings from the merged JSON options (schema defaults for the rest)."""
    raw = with_defaults("context", dict(raw))
    keys = ("dim", "window", "min_count", "epochs", "seed")
    values = {key: int(raw[key]) for key in keys if key in raw}
    return VectorOptions(source=str(raw.get("vectors", "train")), **values)


def chosen_concepts(raw: Mapping[str, Any]) -> list[Concept]:
    """The concepts to embed: ``concepts`` (or ``terms.focus``), patterns from ``terms.concepts``.

    Raises UserError naming any concept that ``terms.concepts`` does not define.
    """
    defined = parse_concepts(raw.get("concept_patterns") or {})
    names = raw.get("concepts") or raw.get("focus") or []
    if not names:
        raise UserError("context.concepts is empty and terms.focus too; name a concept to embed")
    by_name = {concept.name: concept for concept in defined}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise UserError(
            f"context.concepts names {unknown}, not defined in terms.concepts; "
            f"choose from {sorted(by_name)}"
        )
    return [by_name[name] for name in names]


def context_options(raw: Mapping[str, Any]) -> ContextOptions:
    """Build :class:`ContextOptions` from the merged JSON options (context section + terms'
    concept patterns and focus + periods + events); missing keys take the schema's defaults."""
    raw = with_defaults("context", dict(raw))
    integers = ("window", "seed", "bootstrap_n", "permutations", "min_instances")
    values: dict[str, Any] = {key: int(raw[key]) for key in integers if key in raw}
    if "min_documents" in raw:
        values["min_documents"] = max(2, int(raw["min_documents"]))
    if "neighbours" in raw:
        values["neighbours"] = int(raw["neighbours"])
    if "ci_level" in raw:
        values["ci_level"] = float(raw["ci_level"])
    if "event_window_years" in raw:
        window = raw["event_window_years"]
        values["event_window_years"] = None if window is None else float(window)
    covariates = tuple(str(name) for name in raw.get("covariates", ContextOptions.covariates))
    if len(set(covariates)) != len(covariates):
        raise UserError(f"context.covariates lists a column twice: {list(covariates)}")
    return ContextOptions(
        concepts=chosen_concepts(raw),
        covariates=covariates,
        periods=parse_periods(raw.get("periods") or []),
        events=parse_events(raw.get("events") or []),
        **values,
    )


def check_covariates(covariates: Sequence[str], columns: Iterable[str], *, source: str) -> None:
    """Raise UserError when a covariate is neither ``period`` nor a column of ``source``.

    ``columns`` are the manifest's (or documents.csv's) column names; ``source`` names the
    file in the message so the user knows where to add the column.
    """
    available = {str(column) for column in columns} - NOT_COVARIATES
    available.add(PERIOD)
    missing = [name for name in covariates if name not in available]
    if missing:
        raise UserError(
            f"context.covariates names {missing}, which {source} does not have; "
            f"add the column to the manifest or choose from {sorted(available)}"
        )


def figure_stems(covariates: Sequence[str]) -> list[str]:
    """The file stems (under results/figures) that ``policytext context-figures`` writes:
    the coefficient norms, one neighbours figure per configured covariate, the period shift."""
    safe = [
        re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_") or "covariate" for name in covariates
    ]
    return ["context_norms", *(f"context_neighbours_{name}" for name in safe), "context_shift"]


def rule_options(config: Mapping[str, Any], *keys: str) -> str:
    """The ``context`` keys a rule uses, with the concepts, periods and events, as JSON.

    Passing only the keys a job reads makes Snakemake rerun just the jobs whose settings
    changed (a new ``permutations`` does not retrain the vectors).
    """
    import json

    options = {key: config["context"][key] for key in keys}
    options.update(
        concept_patterns=config["terms"]["concepts"],
        focus=config["terms"]["focus"],
        periods=config["periods"],
        events=config["events"],
    )
    return json.dumps(options, sort_keys=True)


def manifest_columns(documents: Iterable[Any]) -> set[str]:
    """The columns of a manifest, from its loaded documents (fixed columns and covariates)."""
    columns = {"doc_id", "title", "publisher", "doc_type", "year", "file", "date", "url"}
    for document in documents:
        columns |= set(document.covariates)
    return columns
