"""Term tracking and framing: how often each concept is used, near which words, in which frames.

Reads documents.csv (usable documents only) and each document's tokens file, one document at
a time, and writes under the output folder (results/terms/):

- ``rates.csv``: per concept x year x group (each doc_type, ``all`` standardised to a fixed
  doc_type mix, and ``all_raw`` pooled): documents, tokens, hits, rate per 10,000 tokens with
  its model interval, the share of documents that mention the concept (``doc_share``), and a
  ``reason`` when a cell is not estimated (see :mod:`policytext.terms.rates`).
- ``changes.csv``: per concept and group, tests of change between consecutive periods and at
  each event (an interrupted time series), with BH q values (see :mod:`policytext.terms.rates`).
- ``doc_hits.csv``: per document and concept, its hits and tokens.
- ``kwic/{concept}.csv``: every mention with its left and right context.
- ``collocates.csv``: words over-represented near each concept, per period and overall.
- ``frames.csv``: how often each frame's words occur near each concept, per period x group,
  with intervals; ``frame_words.csv``: which dictionary words carry each frame.
- ``keyness.csv``: words key to one group of documents against another, and to the years
  after each event against the years before it, tested with documents as the unit.

How the numbers are computed
----------------------------
Rates and changes. A concept's hits are its matches in the tokens (see
:mod:`policytext.terms.match`); the model behind rates and their changes, and why, is in
:mod:`policytext.terms.rates` and :mod:`policytext.stats.counts`.

Collocates, frames and keyness: see :mod:`policytext.terms.collocates`,
:mod:`policytext.terms.frames` and :mod:`policytext.terms.keyness`, and the README's Methods.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policytext.corpus.documents import UsableDocument
from policytext.errors import UserError
from policytext.periods import Event, Period, parse_events, parse_periods
from policytext.terms.collocates import (
    COLLOCATE_COLUMNS,
    CollocateSettings,
    ContextCounts,
    collocate_rows,
)
from policytext.terms.frames import (
    FRAME_COLUMNS,
    FRAME_WORD_COLUMNS,
    DocumentFrames,
    FrameSettings,
    frame_cell_rows,
    frame_word_rows,
)
from policytext.terms.keyness import (
    KEYNESS_COLUMNS,
    ComparisonSets,
    DocumentWordStore,
    KeynessSettings,
    compare_sets,
)
from policytext.terms.match import Concept, Frame, parse_concepts, parse_frames
from policytext.terms.rates import (
    CHANGE_COLUMNS,
    RATE_COLUMNS,
    RATE_KEYS,
    RateDocument,
    RateSettings,
    changes_rows,
    rates_rows,
)
from policytext.terms.scan import DocumentScan, is_content_word, scan_document
from policytext.terms.stats import (
    cell_rng,
)
from policytext.text.pages import locate_in_files

logger = logging.getLogger(__name__)

ALL = "all"
DOC_HIT_COLUMNS = ["doc_id", "concept", "hits", "tokens"]
KWIC_COLUMNS = [
    "doc_id",
    "year",
    "doc_type",
    "left",
    "match",
    "right",
    "paragraph",
    "position",
    "page",
    "sentence",
]


@dataclass(frozen=True)
class TermsOptions:
    """The ``terms`` config section (defaults as in the schema), with periods and events."""

    concepts: list[Concept]
    frames: list[Frame]
    focus: tuple[str, ...] = ("co-production", "co-creation", "co-design")
    lemmatize: bool = True
    kwic_window: int = 10
    context_window: int = 10
    bootstrap_n: int = 1000
    bootstrap_seed: int = 2011
    ci_level: float = 0.95
    fdr: float = 0.05
    collocate_min_count: int = 3
    collocate_min_docs: int = 2
    collocate_top_n: int = 20
    frames_min_mentions: int = 10
    keyness_top_n: int = 20
    keyness_min_count: int = 10
    keyness_word_min_docs: int = 3
    keyness_min_docs: int = 5
    keyness_min_tokens: int = 1000
    keyness_prior_tokens: float = 500.0
    keyness_permutations: int = 10000
    keyness_smoothing: float = 0.5
    keyness_event_window_years: float | None = 5
    keyness_groups: tuple[tuple[str, str], ...] = (("government", "third_sector"),)
    periods: list[Period] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rates: RateSettings = field(default_factory=RateSettings)

    def keyness_settings(self) -> KeynessSettings:
        """The options :func:`policytext.terms.keyness.compare_sets` needs."""
        return KeynessSettings(
            min_count=self.keyness_min_count,
            min_word_docs=self.keyness_word_min_docs,
            min_docs=self.keyness_min_docs,
            min_tokens=self.keyness_min_tokens,
            prior_tokens=self.keyness_prior_tokens,
            permutations=self.keyness_permutations,
            fdr=self.fdr,
            top_n=self.keyness_top_n,
            smoothing=self.keyness_smoothing,
        )

    def collocate_settings(self) -> CollocateSettings:
        """The options :func:`policytext.terms.collocates.collocate_rows` needs."""
        return CollocateSettings(
            min_count=self.collocate_min_count,
            min_docs=self.collocate_min_docs,
            top_n=self.collocate_top_n,
            fdr=self.fdr,
        )

    def frame_settings(self) -> FrameSettings:
        """The options :func:`policytext.terms.frames.frame_cell_rows` needs."""
        return FrameSettings(
            min_mentions=self.frames_min_mentions,
            bootstrap_n=self.bootstrap_n,
            ci_level=self.ci_level,
        )


SCALAR_KEYS = (
    "lemmatize",
    "kwic_window",
    "context_window",
    "bootstrap_n",
    "bootstrap_seed",
    "ci_level",
    "fdr",
    "collocate_min_count",
    "collocate_min_docs",
    "collocate_top_n",
    "frames_min_mentions",
    "keyness_top_n",
    "keyness_min_count",
    "keyness_word_min_docs",
    "keyness_min_docs",
    "keyness_min_tokens",
    "keyness_prior_tokens",
    "keyness_permutations",
    "keyness_smoothing",
    "keyness_event_window_years",
)


def parse_options(raw: Mapping[str, Any]) -> TermsOptions:
    """Build :class:`TermsOptions` from the merged JSON options (terms section + periods/events).

    Raises UserError for an unknown focus concept or a malformed keyness group.
    """
    lemmatize = bool(raw.get("lemmatize", True))
    concepts = parse_concepts(raw.get("concepts") or {})
    names = {concept.name for concept in concepts}
    focus = tuple(raw.get("focus", TermsOptions.focus))
    unknown = [name for name in focus if name not in names]
    if unknown:
        raise UserError(
            f"terms.focus names {unknown} which are not in terms.concepts; "
            f"choose from {sorted(names)}"
        )
    groups = []
    for pair in raw.get("keyness_groups", TermsOptions.keyness_groups):
        if len(pair) != 2:
            raise UserError(f"terms.keyness_groups: {pair!r} must be [target, reference]")
        groups.append((str(pair[0]), str(pair[1])))
    scalars = {key: raw[key] for key in SCALAR_KEYS if key in raw}
    periods = parse_periods(raw.get("periods") or [])
    events = parse_events(raw.get("events") or [])
    rates = RateSettings(
        ci_level=raw.get("ci_level", TermsOptions.ci_level),
        seed=raw.get("bootstrap_seed", TermsOptions.bootstrap_seed),
        periods=periods,
        events=events,
        **{key: raw[key] for key in RATE_KEYS if key in raw},
    )
    return TermsOptions(
        concepts=concepts,
        frames=parse_frames(raw.get("frames") or {}, lemmatize=lemmatize),
        focus=focus,
        keyness_groups=tuple(groups),
        periods=periods,
        events=events,
        rates=rates,
        **scalars,
    )


def event_name(event: Event) -> str:
    """The event's id: its ``name``, else its label made into an id."""
    return event.name or re.sub(r"[^a-z0-9]+", "_", event.label.lower()).strip("_")


def event_side(day: dt.date, event: Event, *, window_years: float | None) -> str | None:
    """``before`` or ``after`` the event (the event day counts as after), or None if outside.

    With a window, only documents dated within ``window_years`` of the event take part.
    """
    distance_days = (day - event.date).days
    if window_years is not None and abs(distance_days) > window_years * 365.25:
        return None
    return "after" if distance_days >= 0 else "before"


@dataclass
class TermsTally:
    """Running totals over documents: everything the tables need, and nothing more."""

    options: TermsOptions
    documents: list[tuple[UsableDocument, int, dict[str, int]]] = field(default_factory=list)
    kwic: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    context_words: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    context_word_docs: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    context_docs: Counter[tuple[str, str]] = field(default_factory=Counter)
    frame_docs: dict[tuple[str, str, str], list[DocumentFrames]] = field(
        default_factory=lambda: defaultdict(list)
    )
    frame_words: dict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    period_words: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    word_store: DocumentWordStore = field(default_factory=DocumentWordStore)
    word_rows: list[int] = field(default_factory=list)

    def add(
        self,
        info: UsableDocument,
        scan: DocumentScan,
        places: Sequence[tuple[int | None, str]] | None = None,
    ) -> None:
        """Fold one document's scan into the totals; ``places`` are its KWIC lines' pages
        and sentences (see :func:`policytext.text.pages.locate_passages`)."""
        self.documents.append((info, scan.tokens, dict(scan.hits)))
        places = places or [(None, "")] * len(scan.kwic)
        for line, (page, sentence) in zip(scan.kwic, places, strict=True):
            self.kwic[line.concept].append(
                {
                    "doc_id": info.doc_id,
                    "year": info.year,
                    "doc_type": info.doc_type,
                    "left": line.left,
                    "match": line.match,
                    "right": line.right,
                    "paragraph": line.paragraph,
                    "position": line.position,
                    "page": page,
                    "sentence": sentence,
                }
            )
        periods = [ALL] + ([info.period] if info.period else [])
        groups = [ALL, info.doc_type]
        content = Counter({w: n for w, n in scan.words.items() if is_content_word(w)})
        for period in periods:
            self.period_words[period].update(content)
            for concept, words in scan.context_words.items():
                self.context_words[(concept, period)].update(words)
                self.context_word_docs[(concept, period)].update(words.keys())
                self.context_docs[(concept, period)] += 1
            for group in groups:
                for concept, hits in scan.frame_hits.items():
                    self.frame_docs[(concept, period, group)].append(
                        DocumentFrames(
                            hits=dict(hits),
                            mentions=scan.hits[concept],
                            context_tokens=scan.context_tokens[concept],
                        )
                    )
        for concept, words in scan.frame_words.items():
            self.frame_words[concept].update(words)
        self.word_rows.append(self.word_store.add(content))


def group_order(names: Iterable[str]) -> list[str]:
    """``all`` first, then the doc_types alphabetically."""
    return [ALL] + sorted(set(names) - {ALL})


def rate_documents(tally: TermsTally) -> list[RateDocument]:
    """The tallied documents as the rate tables take them."""
    return [
        RateDocument(info.doc_id, info.year, info.doc_type, info.period, info.day, tokens, hits)
        for info, tokens, hits in tally.documents
    ]


def doc_hits_rows(tally: TermsTally) -> list[dict[str, Any]]:
    """One row per document and concept (zero hits included), sorted by doc_id."""
    rows = []
    for info, tokens, hits in sorted(tally.documents, key=lambda item: item[0].doc_id):
        for concept in tally.options.concepts:
            rows.append(
                {
                    "doc_id": info.doc_id,
                    "concept": concept.name,
                    "hits": hits.get(concept.name, 0),
                    "tokens": tokens,
                }
            )
    return rows


def kwic_rows(tally: TermsTally, concept: str) -> list[dict[str, Any]]:
    """The concept's concordance lines sorted by doc_id, then position in the document."""
    return sorted(tally.kwic.get(concept, []), key=lambda row: (row["doc_id"], row["position"]))


def period_order(options: TermsOptions, present: Iterable[str]) -> list[str]:
    """Configured periods in time order (those present), then ``all``."""
    present = set(present)
    return [period.name for period in options.periods if period.name in present] + [ALL]


def collocates_rows(tally: TermsTally) -> list[dict[str, Any]]:
    """Collocates per concept and period (see :mod:`policytext.terms.collocates`)."""
    options = tally.options
    settings = options.collocate_settings()
    rows = []
    for concept in options.concepts:
        for period in period_order(options, tally.period_words):
            key = (concept.name, period)
            if not tally.context_docs.get(key):
                continue
            counts = ContextCounts(
                context_words=tally.context_words[key],
                context_word_docs=tally.context_word_docs[key],
                context_docs=tally.context_docs[key],
                period_words=tally.period_words[period],
            )
            rows += collocate_rows(concept.name, period, counts, settings)
    return rows


def frames_rows(tally: TermsTally) -> list[dict[str, Any]]:
    """Frame shares with intervals per concept x period x group (see :mod:`.frames`)."""
    options = tally.options
    settings = options.frame_settings()
    frame_names = [frame.name for frame in options.frames]
    present_periods = {period for _, period, _ in tally.frame_docs}
    groups = group_order(group for _, _, group in tally.frame_docs)
    rows = []
    for concept in options.concepts:
        for period in period_order(options, present_periods):
            for group in groups:
                documents = tally.frame_docs.get((concept.name, period, group))
                if not documents:
                    continue
                rows += frame_cell_rows(
                    {"concept": concept.name, "period": period, "group": group},
                    documents,
                    frame_names,
                    settings,
                    rng=cell_rng(options.bootstrap_seed, "frames", concept.name, period, group),
                )
    return rows


def frame_words_rows(tally: TermsTally) -> list[dict[str, Any]]:
    """Which dictionary entries carry each frame, per concept (``frame_words.csv``)."""
    frame_names = [frame.name for frame in tally.options.frames]
    rows = []
    for concept in tally.options.concepts:
        rows += frame_word_rows(concept.name, tally.frame_words.get(concept.name, {}), frame_names)
    return rows


def keyness_comparisons(tally: TermsTally) -> list[ComparisonSets]:
    """The configured group pairs, then after vs before every event, with their documents.

    Neighbouring events' windows overlap, so one document can sit in several comparisons;
    within a comparison the two sides never share a document.
    """
    options = tally.options
    labelled = [
        (info, row) for (info, _, _), row in zip(tally.documents, tally.word_rows, strict=True)
    ]
    comparisons = []
    for target, reference in options.keyness_groups:
        comparisons.append(
            ComparisonSets(
                f"{target}_vs_{reference}",
                target,
                reference,
                tuple(row for info, row in labelled if info.doc_type == target),
                tuple(row for info, row in labelled if info.doc_type == reference),
            )
        )
    window = options.keyness_event_window_years
    for event in options.events:
        sides = [(event_side(info.day, event, window_years=window), row) for info, row in labelled]
        comparisons.append(
            ComparisonSets(
                f"{event_name(event)}_after_vs_before",
                "after",
                "before",
                tuple(row for side, row in sides if side == "after"),
                tuple(row for side, row in sides if side == "before"),
            )
        )
    return comparisons


def keyness_rows(tally: TermsTally) -> list[dict[str, Any]]:
    """Keyness of every comparison (see :mod:`policytext.terms.keyness`); a comparison that
    cannot run gives one row with its reason."""
    options = tally.options
    settings = options.keyness_settings()
    rows = []
    for sets in keyness_comparisons(tally):
        found = compare_sets(
            tally.word_store,
            sets,
            settings,
            rng=cell_rng(options.bootstrap_seed, "keyness", sets.comparison),
        )
        if found and found[0].get("reason"):
            logger.warning("keyness %s not run: %s", sets.comparison, found[0]["reason"])
        rows += found
    return rows


# --- I/O at the edges ---------------------------------------------------------------------


def tally_corpus(
    documents: Sequence[UsableDocument],
    tokens_dir: Path,
    options: TermsOptions,
    *,
    text_dir: Path | None = None,
    paged: frozenset[str] = frozenset(),
) -> TermsTally:
    """Scan every usable document's tokens file, one at a time, into one tally.

    KWIC lines get their page when the document is in ``paged`` and their sentence when
    ``text_dir`` holds the extracted texts.
    """
    from policytext.text.tokenize import iter_token_paragraphs

    tally = TermsTally(options)
    for info in documents:
        path = tokens_dir / f"{info.doc_id}.txt"
        if not path.is_file():
            raise UserError(f"{path}: tokens file of usable document {info.doc_id} not found")
        scan = scan_document(
            iter_token_paragraphs(path),
            concepts=options.concepts,
            frames=options.frames,
            kwic_window=options.kwic_window,
            context_window=options.context_window,
            lemmatize=options.lemmatize,
        )
        places = None
        if scan.kwic and (text_dir or info.doc_id in paged):
            places = locate_in_files(
                path,
                text_dir / f"{info.doc_id}.txt" if text_dir else None,
                [(line.paragraph, line.position) for line in scan.kwic],
                paged=info.doc_id in paged,
            )
        tally.add(info, scan, places)
    return tally


def write_terms_tables(tally: TermsTally, out_dir: Path) -> list[Path]:
    """Write every table of the term stage under ``out_dir``."""
    from policytext.io import write_table

    concepts = [concept.name for concept in tally.options.concepts]
    documents = rate_documents(tally)
    written = [
        write_table(
            out_dir / "rates.csv",
            rates_rows(documents, concepts, tally.options.rates),
            RATE_COLUMNS,
        ),
        write_table(
            out_dir / "changes.csv",
            changes_rows(documents, concepts, tally.options.rates),
            CHANGE_COLUMNS,
        ),
        write_table(out_dir / "doc_hits.csv", doc_hits_rows(tally), DOC_HIT_COLUMNS),
        write_table(out_dir / "collocates.csv", collocates_rows(tally), COLLOCATE_COLUMNS),
        write_table(out_dir / "frames.csv", frames_rows(tally), FRAME_COLUMNS),
        write_table(out_dir / "frame_words.csv", frame_words_rows(tally), FRAME_WORD_COLUMNS),
        write_table(out_dir / "keyness.csv", keyness_rows(tally), KEYNESS_COLUMNS),
    ]
    for concept in tally.options.concepts:
        written.append(
            write_table(
                out_dir / "kwic" / f"{concept.name}.csv",
                kwic_rows(tally, concept.name),
                KWIC_COLUMNS,
            )
        )
    return written
