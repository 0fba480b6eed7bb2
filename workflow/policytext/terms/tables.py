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
- ``frames.csv``: how often each frame's words occur near each concept, per period x group.
- ``keyness.csv``: words key to one group of documents against another, and to the years
  after each event against the years before it.

How the numbers are computed
----------------------------
Rates and changes. A concept's hits are its matches in the tokens (see
:mod:`policytext.terms.match`); the model behind rates and their changes, and why, is in
:mod:`policytext.terms.rates` and :mod:`policytext.stats.counts`.

Collocates. For each concept and period the 2x2 table of a content word's occurrences inside
and outside the concept's contexts (see :mod:`policytext.terms.scan`) gives the expected
count, a signed Dunning log-likelihood (positive: attracted) and NPMI (-1..1). Words seen at
least ``collocate_min_count`` times in the contexts and attracted (count above expected) are
kept, the ``collocate_top_n`` with the highest log-likelihood per concept and period.

Frames. In each concept's contexts, ``hits`` counts the tokens whose lemma is in the frame's
list (a phrase counts once at its first word). ``share`` is the frame's hits over the hits of
all frames in the same contexts (the frames' shares of framing language sum to 1);
``per_1k_context`` is hits per 1,000 context tokens, comparable across cells.

Keyness. Word counts of two sets of documents are compared with Dunning's G2 and a smoothed
Log Ratio (binary log of the ratio of relative frequencies, ``keyness_smoothing`` added to
both counts): groups named in ``keyness_groups`` (target vs reference), and for every event
the documents dated within ``keyness_event_window_years`` after it (target) against those
within that many years before it (reference). Content words only (as for collocates), with at
least ``keyness_min_count`` uses in the two together; the ``keyness_top_n`` words with the
highest G2 in each direction are kept.
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
    contingency_g2,
    log_likelihood_g2,
    log_ratio,
    npmi,
)

logger = logging.getLogger(__name__)

ALL = "all"
DOC_HIT_COLUMNS = ["doc_id", "concept", "hits", "tokens"]
KWIC_COLUMNS = ["doc_id", "year", "doc_type", "left", "match", "right", "paragraph", "position"]
COLLOCATE_COLUMNS = [
    "concept",
    "period",
    "collocate",
    "count",
    "expected",
    "log_likelihood",
    "npmi",
    "collocate_total",
    "context_tokens",
    "period_tokens",
    "rank",
]
FRAME_COLUMNS = [
    "concept",
    "period",
    "group",
    "frame",
    "hits",
    "context_tokens",
    "share",
    "per_1k_context",
    "mentions",
]
KEYNESS_COLUMNS = [
    "comparison",
    "target",
    "reference",
    "word",
    "target_count",
    "reference_count",
    "log_likelihood",
    "log_ratio",
    "key_for",
    "rank",
    "target_tokens",
    "reference_tokens",
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
    collocate_min_count: int = 3
    collocate_top_n: int = 20
    keyness_top_n: int = 20
    keyness_min_count: int = 10
    keyness_smoothing: float = 0.5
    keyness_event_window_years: float | None = 5
    keyness_groups: tuple[tuple[str, str], ...] = (("government", "third_sector"),)
    periods: list[Period] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rates: RateSettings = field(default_factory=RateSettings)


SCALAR_KEYS = (
    "lemmatize",
    "kwic_window",
    "context_window",
    "bootstrap_n",
    "bootstrap_seed",
    "ci_level",
    "collocate_min_count",
    "collocate_top_n",
    "keyness_top_n",
    "keyness_min_count",
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
    frame_hits: dict[tuple[str, str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    frame_context: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    mentions: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    period_words: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    group_words: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    event_words: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )

    def add(self, info: UsableDocument, scan: DocumentScan) -> None:
        """Fold one document's scan into the totals."""
        self.documents.append((info, scan.tokens, dict(scan.hits)))
        for line in scan.kwic:
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
                }
            )
        periods = [ALL] + ([info.period] if info.period else [])
        groups = [ALL, info.doc_type]
        content = Counter({w: n for w, n in scan.words.items() if is_content_word(w)})
        for period in periods:
            self.period_words[period].update(content)
            for concept, words in scan.context_words.items():
                self.context_words[(concept, period)].update(words)
            for group in groups:
                for concept, hits in scan.hits.items():
                    self.mentions[(concept, period, group)] += hits
                for concept, counts in scan.frame_hits.items():
                    self.frame_hits[(concept, period, group)].update(counts)
                    self.frame_context[(concept, period, group)] += scan.context_tokens[concept]
        self.group_words[info.doc_type].update(content)
        window = self.options.keyness_event_window_years
        for event in self.options.events:
            side = event_side(info.day, event, window_years=window)
            if side:
                self.event_words[(event_name(event), side)].update(content)


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
    """Top collocates per concept and period (see the module docstring)."""
    options = tally.options
    totals = {period: sum(words.values()) for period, words in tally.period_words.items()}
    rows = []
    for concept in options.concepts:
        for period in period_order(options, tally.period_words):
            context = tally.context_words.get((concept.name, period))
            if not context:
                continue
            context_total = sum(context.values())
            period_total = totals[period]
            scored = []
            for word, count in context.items():
                if count < options.collocate_min_count:
                    continue
                word_total = tally.period_words[period][word]
                expected = context_total * word_total / period_total
                if count <= expected:
                    continue
                scored.append(
                    {
                        "concept": concept.name,
                        "period": period,
                        "collocate": word,
                        "count": count,
                        "expected": expected,
                        "log_likelihood": contingency_g2(
                            count, context_total, word_total, period_total
                        ),
                        "npmi": npmi(count, context_total, word_total, period_total),
                        "collocate_total": word_total,
                        "context_tokens": context_total,
                        "period_tokens": period_total,
                    }
                )
            scored.sort(key=lambda row: (-row["log_likelihood"], row["collocate"]))
            for rank, row in enumerate(scored[: options.collocate_top_n], start=1):
                rows.append({**row, "rank": rank})
    return rows


def frames_rows(tally: TermsTally) -> list[dict[str, Any]]:
    """Frame hits in each concept's contexts per period x group, with shares."""
    options = tally.options
    present_periods = {period for _, period, _ in tally.frame_context}
    groups = group_order(group for _, _, group in tally.frame_context)
    rows = []
    for concept in options.concepts:
        for period in period_order(options, present_periods):
            for group in groups:
                key = (concept.name, period, group)
                context_tokens = tally.frame_context.get(key, 0)
                if not context_tokens:
                    continue
                hits = tally.frame_hits[key]
                all_hits = sum(hits.values())
                for frame in options.frames:
                    count = hits.get(frame.name, 0)
                    rows.append(
                        {
                            "concept": concept.name,
                            "period": period,
                            "group": group,
                            "frame": frame.name,
                            "hits": count,
                            "context_tokens": context_tokens,
                            "share": count / all_hits if all_hits else float("nan"),
                            "per_1k_context": 1000.0 * count / context_tokens,
                            "mentions": tally.mentions[key],
                        }
                    )
    return rows


def keyness_pair(
    comparison: str,
    target: tuple[str, Counter[str]],
    reference: tuple[str, Counter[str]],
    options: TermsOptions,
) -> list[dict[str, Any]]:
    """Key words of ``target`` against ``reference`` and vice versa, top N each way."""
    target_name, target_words = target
    reference_name, reference_words = reference
    target_total = sum(target_words.values())
    reference_total = sum(reference_words.values())
    scored = []
    for word in set(target_words) | set(reference_words):
        a, b = target_words.get(word, 0), reference_words.get(word, 0)
        if a + b < options.keyness_min_count:
            continue
        ratio = log_ratio(a, b, target_total, reference_total, smoothing=options.keyness_smoothing)
        scored.append(
            {
                "comparison": comparison,
                "target": target_name,
                "reference": reference_name,
                "word": word,
                "target_count": a,
                "reference_count": b,
                "log_likelihood": log_likelihood_g2(a, b, target_total, reference_total),
                "log_ratio": ratio,
                "key_for": target_name
                if a / target_total > b / reference_total
                else reference_name,
                "target_tokens": target_total,
                "reference_tokens": reference_total,
            }
        )
    rows = []
    for side in (target_name, reference_name):
        chosen = [row for row in scored if row["key_for"] == side]
        chosen.sort(key=lambda row: (-row["log_likelihood"], row["word"]))
        rows += [
            {**row, "rank": rank}
            for rank, row in enumerate(chosen[: options.keyness_top_n], start=1)
        ]
    return rows


def keyness_rows(tally: TermsTally) -> list[dict[str, Any]]:
    """Keyness for each configured group pair and before/after each event (when both exist)."""
    options = tally.options
    rows = []
    for target, reference in options.keyness_groups:
        if not tally.group_words.get(target) or not tally.group_words.get(reference):
            logger.warning("keyness %s vs %s skipped: a group has no documents", target, reference)
            continue
        rows += keyness_pair(
            f"{target}_vs_{reference}",
            (target, tally.group_words[target]),
            (reference, tally.group_words[reference]),
            options,
        )
    for event in options.events:
        name = event_name(event)
        after, before = (
            tally.event_words.get((name, "after")),
            tally.event_words.get((name, "before")),
        )
        if not after or not before:
            logger.warning("keyness around %s skipped: no documents on one side", name)
            continue
        rows += keyness_pair(
            f"{name}_after_vs_before", ("after", after), ("before", before), options
        )
    return rows


# --- I/O at the edges ---------------------------------------------------------------------


def tally_corpus(
    documents: Sequence[UsableDocument], tokens_dir: Path, options: TermsOptions
) -> TermsTally:
    """Scan every usable document's tokens file, one at a time, into one tally."""
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
        tally.add(info, scan)
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
