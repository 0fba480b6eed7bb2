"""What a corpus can support, judged from its manifest before anything is extracted (#16).

``policytext check-corpus`` prints this design summary after validating the manifest:

- documents per year x doc_type (a compact table) and the empty cells among them;
- tiny documents it can see without extracting: words of text, HTML and Word files (read as
  the extract stage reads them), pages of PDFs;
- which analyses the corpus can support, each with the rule that decides it and, when it
  cannot, the reason: trends over years, comparisons between doc_types, changes between
  periods and around events, topic models (with the largest K the data allow) and embedding
  regression.

The thresholds are the config's, never constants of this module: the defaults declared in
``workflow/schemas/config.schema.yaml`` overlaid with the config files given (as Snakemake
does), so the summary applies the same minimums as the stages. A rule whose key the schema
does not declare is left out (that stage does not apply it). Everything here except
:func:`measure_document` and :func:`load_design_config` is a pure function of the manifest's
documents and the config.
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policytext.corpus.manifest import Document
from policytext.errors import UserError
from policytext.periods import (
    Event,
    document_day,
    parse_events,
    parse_periods,
    period_of,
)
from policytext.schema import load_schema, section_defaults

logger = logging.getLogger(__name__)

#: The config every run loads first (the Snakefile's ``configfile``), overlaid by the user's.
WORKFLOW_CONFIG = Path(__file__).resolve().parents[3] / "config.yaml"


@dataclass(frozen=True)
class DocumentSize:
    """What can be measured of a document without extracting it.

    ``kind`` is ``pdf``, ``text``, ``html``, ``docx``, ``unknown`` or ``missing``; ``pages``
    is known for PDFs, ``words`` (tokens) and ``paragraphs`` for the other readable kinds.
    """

    doc_id: str
    kind: str
    pages: int | None = None
    words: int | None = None
    paragraphs: int | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether the corpus supports one analysis: the rule's keys, and what it can do or why not."""

    analysis: str
    supported: bool
    detail: str
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesignSummary:
    """Everything check-corpus prints about the corpus's design."""

    counts: Mapping[tuple[int, str], int]
    years: tuple[int, ...]
    doc_types: tuple[str, ...]
    empty_cells: tuple[tuple[int, str], ...]
    tiny: tuple[tuple[str, str], ...]
    verdicts: tuple[Verdict, ...]
    tiny_checked: bool = True


# --- the config: schema defaults overlaid with config files --------------------------------


def schema_defaults(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The config an empty config file gets: every top-level default, sections filled in.

    >>> schema_defaults(load_schema())["terms"]["focus"]
    ['co-production', 'co-creation', 'co-design']
    """
    config: dict[str, Any] = {}
    for key, rule in schema.get("properties", {}).items():
        if "default" not in rule:
            continue
        value = rule["default"]
        if isinstance(value, dict) and "properties" in rule:
            value = {**section_defaults(key), **value}
        config[key] = value
    return config


def overlay_config(base: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``overlay``, section by section (as Snakemake merges config files)."""
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = overlay_config(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_design_config(configfiles: Sequence[Path] = ()) -> dict[str, Any]:
    """The schema's defaults overlaid with each config file in turn (YAML or JSON).

    Give the workflow's ``config.yaml`` first (:data:`WORKFLOW_CONFIG`), then the files
    passed to ``snakemake --configfile``, to get the config a run will use.
    """
    config = schema_defaults(load_schema())
    for path in configfiles:
        if not path.is_file():
            raise UserError(f"config file {path} does not exist; give --configfile PATH")
        try:
            overlay = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise UserError(f"{path}: not valid YAML or JSON ({error})") from error
        if not isinstance(overlay, dict):
            raise UserError(f"{path}: a config file must hold a mapping of keys to values")
        config = overlay_config(config, overlay)
    return config


def setting(config: Mapping[str, Any], key: str) -> Any:
    """The value of a dotted key (``terms.min_docs_per_cell``), or None when not declared."""
    value: Any = config
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


# --- measuring documents (the only file reading) --------------------------------------------


def measure_document(document: Document) -> DocumentSize:
    """Pages of a PDF, or words and paragraphs of a text, HTML or Word file, read as extract does.

    A file that cannot be read is measured as ``unknown``: extraction will report it.
    """
    from policytext.extract.formats import read_docx, read_html, read_text_file
    from policytext.filetypes import sniff_type
    from policytext.text.tokenize import tokenize_document

    if not document.path.is_file():
        return DocumentSize(document.doc_id, "missing")
    kind = sniff_type(document.path)
    readers = {"text": read_text_file, "html": read_html, "docx": read_docx}
    try:
        if kind == "pdf":
            import pypdfium2

            pdf = pypdfium2.PdfDocument(str(document.path))
            try:
                return DocumentSize(document.doc_id, kind, pages=len(pdf))
            finally:
                pdf.close()
        if kind in readers:
            paragraphs = tokenize_document(readers[kind](document.path))
            words = sum(len(paragraph) for paragraph in paragraphs)
            return DocumentSize(document.doc_id, kind, words=words, paragraphs=len(paragraphs))
    except Exception as error:  # a broken file is extraction's to report, with its status
        logger.info("could not measure %s: %s", document.path, error)
    return DocumentSize(document.doc_id, "unknown")


# --- the design table -----------------------------------------------------------------------


def design_counts(documents: Iterable[Document]) -> Counter[tuple[int, str]]:
    """Documents per (year, doc_type)."""
    return Counter((document.year, document.doc_type) for document in documents)


def empty_cells(counts: Mapping[tuple[int, str], int]) -> list[tuple[int, str]]:
    """(year, doc_type) pairs with no document, among the years and doc_types that have some.

    Years between the first and the last with no document at all count as empty too.
    """
    if not counts:
        return []
    years = sorted({year for year, _ in counts})
    doc_types = sorted({doc_type for _, doc_type in counts})
    return [
        (year, doc_type)
        for year in range(years[0], years[-1] + 1)
        for doc_type in doc_types
        if not counts.get((year, doc_type))
    ]


def tiny_documents(sizes: Sequence[DocumentSize], *, share: float) -> list[tuple[str, str]]:
    """(doc_id, why) for documents far shorter than the rest, before extraction.

    The extract stage's rule (``extract.short_share``): fewer words than ``share`` times the
    median. Words are counted for text, HTML and Word files, against their own median; PDFs'
    words are known only after extraction, so their pages stand in, against the median PDF.
    """
    flagged = []
    for unit in ("words", "pages"):
        measured = [(size.doc_id, getattr(size, unit)) for size in sizes]
        measured = [(doc_id, value) for doc_id, value in measured if value is not None]
        if not measured:
            continue
        median = statistics.median(value for _, value in measured)
        flagged += [
            (doc_id, f"{value} {unit} < {share:g} x the median {median:g}")
            for doc_id, value in measured
            if value < share * median
        ]
    return sorted(flagged)


# --- which analyses the corpus supports -----------------------------------------------------


def doc_days(documents: Iterable[Document]) -> list[tuple[Document, dt.date]]:
    """Each document with the day the stages place it on (its date, else 1 July)."""
    return [(document, document_day(document.year, document.date)) for document in documents]


def trend_verdict(documents: Sequence[Document], config: Mapping[str, Any]) -> Verdict:
    """Rates over years: enough distinct years for a trend, and which cells are estimable."""
    years = sorted({document.year for document in documents})
    # A trend needs two years whatever the config says; the rates stage may ask for more.
    min_years = max(2, setting(config, "terms.min_years_for_trend") or 2)
    min_cell = setting(config, "terms.min_docs_per_cell")
    keys = ("terms.min_years_for_trend", "terms.min_docs_per_cell")
    counts = design_counts(documents)
    if len(years) < min_years:
        reason = f"not_estimated: {len(years)} year{'s' if len(years) != 1 else ''}"
        return Verdict("trends over years", False, f"{reason} < {min_years}", keys)
    detail = f"{len(years)} years ({years[0]}-{years[-1]})"
    if min_cell is not None:
        estimable = sum(count >= min_cell for count in counts.values())
        detail += (
            f"; {estimable} of {len(counts)} year x doc_type cells have >= {min_cell} documents"
        )
        if estimable < len(counts):
            detail += " (the others: few_docs)"
    return Verdict("trends over years", True, detail, keys)


def sides_reason(sides: Sequence[tuple[str, int]], minimum: int, *, groups: bool = True) -> str:
    """Why a two-sided comparison cannot run (empty when it can), worded as the stages word it.

    Groups with no document at all are ``one_sided`` (keyness's wording); the sides of an
    event are only ever ``few_docs`` (the change test's wording).

    >>> sides_reason([("government", 2), ("third_sector", 1)], 2)
    'few_docs: third_sector 1 < 2'
    """
    for name, count in sides:
        if groups and count == 0:
            return f"one_sided: no documents in {name}"
    for name, count in sides:
        if count < minimum:
            return f"few_docs: {name} {count} < {minimum}"
    return ""


def group_verdicts(documents: Sequence[Document], config: Mapping[str, Any]) -> list[Verdict]:
    """Keyness between the configured doc_type pairs: enough documents on each side."""
    minimum = setting(config, "terms.keyness_min_docs") or 1
    per_type = Counter(document.doc_type for document in documents)
    verdicts = []
    for target, reference in setting(config, "terms.keyness_groups") or []:
        sides = [(target, per_type[target]), (reference, per_type[reference])]
        reason = sides_reason(sides, minimum)
        detail = reason or f"{per_type[target]} and {per_type[reference]} documents"
        verdicts.append(
            Verdict(
                f"compare {target} vs {reference}", not reason, detail, ("terms.keyness_min_docs",)
            )
        )
    return verdicts


def period_verdict(documents: Sequence[Document], config: Mapping[str, Any]) -> Verdict:
    """Changes between consecutive periods: how many pairs have enough documents on both sides."""
    periods = parse_periods(setting(config, "periods") or [])
    minimum = setting(config, "terms.min_docs_per_cell") or 1
    per_period = Counter(period_of(day, periods) for _, day in doc_days(documents))
    pairs = list(zip(periods, periods[1:], strict=False))
    testable = [
        f"{first.name}->{second.name}"
        for first, second in pairs
        if per_period[first.name] >= minimum and per_period[second.name] >= minimum
    ]
    keys = ("periods", "terms.min_docs_per_cell")
    name = "changes between periods"
    if not pairs:
        return Verdict(name, False, f"not_estimated: {len(periods)} period(s) configured", keys)
    if not testable:
        used = sum(1 for period in periods if per_period[period.name])
        return Verdict(
            name,
            False,
            f"few_docs: no consecutive periods both with >= {minimum} documents "
            f"(documents fall in {used} of {len(periods)} periods)",
            keys,
        )
    return Verdict(
        name, True, f"{len(testable)} of {len(pairs)} pairs: {', '.join(testable)}", keys
    )


def event_sides(
    days: Sequence[dt.date], event: Event, *, window_years: float | None
) -> tuple[list[dt.date], list[dt.date]]:
    """The days within the window before the event, and those on or after it."""
    near = [
        day
        for day in days
        if window_years is None or abs((day - event.date).days) <= window_years * 365.25
    ]
    return [day for day in near if day < event.date], [day for day in near if day >= event.date]


def event_verdict(event: Event, days: Sequence[dt.date], config: Mapping[str, Any]) -> Verdict:
    """One event's before/after, as the change test and keyness will judge it.

    The change test (rates) needs ``terms.min_docs_per_cell`` documents on each side within
    ``terms.event_window_years`` and ``terms.min_years_for_trend`` distinct years; keyness
    needs ``terms.keyness_min_docs`` on each side within ``terms.keyness_event_window_years``.
    """
    name = f"event {event.name or event.label} ({event.date.isoformat()})"
    keys = (
        "terms.event_window_years",
        "terms.min_docs_per_cell",
        "terms.min_years_for_trend",
        "terms.keyness_event_window_years",
        "terms.keyness_min_docs",
    )
    window = setting(config, "terms.event_window_years")
    if window is None:
        window = setting(config, "terms.keyness_event_window_years")
    before, after = event_sides(days, event, window_years=window)
    change = sides_reason(
        [("before", len(before)), ("after", len(after))],
        setting(config, "terms.min_docs_per_cell") or 1,
        groups=False,
    )
    years = len({day.year for day in before + after})
    min_years = setting(config, "terms.min_years_for_trend") or 1
    if not change and years < min_years:
        change = f"not_estimated: {years} years < {min_years}"
    keyness_before, keyness_after = event_sides(
        days, event, window_years=setting(config, "terms.keyness_event_window_years")
    )
    keyness = sides_reason(
        [("before", len(keyness_before)), ("after", len(keyness_after))],
        setting(config, "terms.keyness_min_docs") or 1,
        groups=False,
    )
    tests = (
        f"change test and keyness: {change}"
        if change and change == keyness
        else f"change test: {change or 'yes'}; keyness: {keyness or 'yes'}"
    )
    detail = f"{len(before)} before, {len(after)} after; {tests}"
    return Verdict(name, not (change and keyness), detail, keys)


def topic_verdict(
    documents: Sequence[Document], sizes: Sequence[DocumentSize], config: Mapping[str, Any]
) -> Verdict:
    """Topic models: enough documents, and the largest K the fitting units allow.

    The vocabulary's cap (``topics.min_words_per_topic``) is known only after extraction, so
    the K given here is an upper bound.
    """
    keys = ("topics.min_documents", "topics.min_units_per_topic", "topics.min_words_per_topic")
    name = "topic models"
    min_documents = setting(config, "topics.min_documents") or 1
    per_topic = setting(config, "topics.min_units_per_topic")
    sweep = sorted(setting(config, "topics.k_range") or [])
    if len(documents) < min_documents:
        reason = f"few_docs: {len(documents)} < {min_documents}"
        return Verdict(name, False, f"{reason}; no stable topic structure can be found", keys)
    units = units_for_topics(documents, sizes, unit=setting(config, "topics.unit"))
    if per_topic is None or units is None:
        unknown = "" if per_topic is None else "; K is capped by the units once text is extracted"
        return Verdict(name, True, f"{len(documents)} documents; K from {sweep}{unknown}", keys)
    limit = units // per_topic
    if limit < 2:
        reason = f"k_exceeds_data: {units} units / {per_topic} per topic allow K <= {limit}"
        return Verdict(name, False, f"{reason}; no stable topic structure can be found", keys)
    detail = f"K <= {limit} ({units} units / {per_topic} per topic; the vocabulary may lower it)"
    capped = [str(k) for k in sweep if k > limit]
    if capped:
        detail += f"; K = {', '.join(capped)} of the sweep will not be fitted"
    return Verdict(name, True, detail, keys)


def units_for_topics(
    documents: Sequence[Document], sizes: Sequence[DocumentSize], *, unit: str | None
) -> int | None:
    """The topic model's fitting units: documents, or paragraphs (None while any is unknown).

    PDFs' paragraphs are known only after extraction.
    """
    if unit == "document":
        return len(documents)
    counted = {size.doc_id: size.paragraphs for size in sizes if size.paragraphs is not None}
    if any(document.doc_id not in counted for document in documents):
        return None
    return sum(counted[document.doc_id] for document in documents)


def topic_effects_verdict(documents: Sequence[Document], config: Mapping[str, Any]) -> Verdict:
    """Topic effects over time and doc_type: distinct years, and documents per doc_type."""
    min_years = setting(config, "topics.min_years")
    min_per_type = setting(config, "topics.min_docs_per_type")
    keys = ("topics.min_years", "topics.min_docs_per_type")
    name = "topic effects by year and doc_type"
    if min_years is None or min_per_type is None:
        return Verdict(name, True, "no minimum declared in this version", keys)
    years = len({document.year for document in documents})
    if years < min_years:
        return Verdict(name, False, f"not_estimated: {years} year(s) < {min_years}", keys)
    per_type = Counter(document.doc_type for document in documents)
    kept = sorted(doc_type for doc_type, count in per_type.items() if count >= min_per_type)
    left_out = sorted(set(per_type) - set(kept))
    detail = f"{years} years; doc_types modelled: {', '.join(kept) or 'none (pooled)'}"
    if left_out:
        detail += f"; left out (few_docs < {min_per_type}): {', '.join(left_out)}"
    return Verdict(name, True, detail, keys)


def embedding_verdicts(documents: Sequence[Document], config: Mapping[str, Any]) -> list[Verdict]:
    """Embedding regression: each covariate needs two levels with enough documents."""
    covariates = setting(config, "context.covariates")
    minimum = setting(config, "context.min_documents")
    if covariates is None or minimum is None:
        return []
    periods = parse_periods(setting(config, "periods") or [])
    instances = setting(config, "context.min_instances")
    verdicts = []
    for covariate in covariates:
        levels = Counter(covariate_level(document, covariate, periods) for document in documents)
        levels.pop("", None)
        enough = sorted(level for level, count in levels.items() if count >= minimum)
        name = f"embedding regression on {covariate}"
        keys = ("context.min_documents", "context.min_instances")
        if len(enough) < 2:
            verdicts.append(
                Verdict(
                    name,
                    False,
                    f"not_estimated: {len(enough)} level(s) with >= {minimum} documents "
                    f"({len(levels)} level(s) in all)",
                    keys,
                )
            )
        else:
            verdicts.append(
                Verdict(
                    name,
                    True,
                    f"{len(enough)} levels with >= {minimum} documents; each also needs "
                    f">= {instances} mentions, counted after extraction",
                    keys,
                )
            )
    return verdicts


def covariate_level(document: Document, covariate: str, periods) -> str:
    """A document's level of a context covariate: a manifest column, or its period."""
    if covariate == "period":
        return period_of(document_day(document.year, document.date), periods) or ""
    if covariate in ("doc_type", "publisher", "year"):
        return str(getattr(document, covariate))
    return document.covariates.get(covariate, "")


def design_summary(
    documents: Sequence[Document], sizes: Sequence[DocumentSize], config: Mapping[str, Any]
) -> DesignSummary:
    """The design table, empty cells, tiny documents and every analysis's verdict.

    Only documents whose file exists are counted: a missing one will not be usable.
    """
    present = {size.doc_id for size in sizes if size.kind not in ("missing",)}
    share = setting(config, "extract.short_share")
    usable = [document for document in documents if document.doc_id in present]
    counts = design_counts(usable)
    days = [day for _, day in doc_days(usable)]
    verdicts = [
        trend_verdict(usable, config),
        *group_verdicts(usable, config),
        period_verdict(usable, config),
        *(
            event_verdict(event, days, config)
            for event in parse_events(setting(config, "events") or [])
        ),
        topic_verdict(usable, sizes, config),
        topic_effects_verdict(usable, config),
        *embedding_verdicts(usable, config),
    ]
    return DesignSummary(
        counts=dict(counts),
        years=tuple(sorted({year for year, _ in counts})),
        doc_types=tuple(sorted({doc_type for _, doc_type in counts})),
        empty_cells=tuple(empty_cells(counts)),
        tiny=tuple(tiny_documents(sizes, share=share) if share is not None else ()),
        verdicts=tuple(verdicts),
        tiny_checked=share is not None,
    )


# --- printing -------------------------------------------------------------------------------


def format_table(summary: DesignSummary) -> list[str]:
    """Documents per year (rows) x doc_type (columns), with totals."""
    headers = ["year", *summary.doc_types, "all"]
    rows = []
    for year in summary.years:
        cells = [summary.counts.get((year, doc_type), 0) for doc_type in summary.doc_types]
        rows.append([str(year), *(str(cell) if cell else "." for cell in cells), str(sum(cells))])
    totals = [
        sum(summary.counts.get((year, t), 0) for year in summary.years) for t in summary.doc_types
    ]
    rows.append(["all", *map(str, totals), str(sum(totals))])
    widths = [max(len(row[index]) for row in [headers, *rows]) for index in range(len(headers))]
    return [
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        for row in [headers, *rows]
    ]


def format_summary(summary: DesignSummary) -> str:
    """The summary as check-corpus prints it."""
    lines = [
        "Documents per year x doc_type ('.' = none):",
        *("  " + line for line in format_table(summary)),
    ]
    if summary.empty_cells:
        cells = ", ".join(f"{year} {doc_type}" for year, doc_type in summary.empty_cells)
        lines.append(f"Empty cells ({len(summary.empty_cells)}): {cells}")
    else:
        lines.append("Empty cells: none")
    if not summary.tiny_checked:
        lines.append("Tiny documents: not checked (no extract.short_share in this version)")
    for doc_id, why in summary.tiny:
        lines.append(f"warning: tiny document {doc_id}: {why}; it carries little weight")
    lines.append("What this corpus can support:")
    for verdict in summary.verdicts:
        mark = "yes" if verdict.supported else "no "
        lines.append(f"  {mark}  {verdict.analysis}: {verdict.detail}")
    return "\n".join(lines)
