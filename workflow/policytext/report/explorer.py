"""The evidence explorer: one self-contained HTML page from every figure's number to its passages.

``results/explorer.html`` draws four small charts from the tables (concept trends by year and
group from ``terms/rates.csv``, key words from ``terms/keyness.csv``, frame shares from
``terms/frames.csv`` and topic shares from ``topics/prevalence.csv``). Clicking a point, bar or
cell lists the passages behind it:

- a trend point (concept x year x group): the concept's KWIC lines in that year's documents of
  that group; their number is the cell's ``hits``;
- a frame cell (concept x period x group x frame): the concept's mentions whose contexts were
  counted for the cell; their number is the cell's ``mentions``;
- a keyness bar (comparison x word): the word's uses in the documents of the side it is key
  for; their number is that side's count in ``keyness.csv``;
- a topic-share point (topic x year x group): that year's documents, heaviest in the topic
  first, with their weight from ``topics/doc_topics.csv``.

Each passage shows its KWIC line, its sentence, the document's title, publisher, year,
doc_type and page, and links to the source file at that page (``file.pdf#page=N``), relative
to the page's own folder. Filters (period, doc_type, publisher, free text) narrow the list.

The page embeds its data as JSON and draws with its own small script and inline SVG: no
library, no network, so it works from a folder or an e-mail attachment. To stay small on
large corpora it embeds at most ``cap`` passages per cell (the first ones in doc_id and
position order) and says so whenever a cell has more; the full sets stay in the CSVs.
A table that is absent (its stage not run) leaves a note in its panel instead of a chart.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policytext.errors import UserError

logger = logging.getLogger(__name__)

DEFAULT_CAP = 25
ALL = "all"


@dataclass
class Sources:
    """Where the explorer reads from and what it needs to know about the corpus."""

    results_dir: Path
    manifest: Path
    html_path: Path
    concepts: Sequence[str]
    terms_options: Mapping[str, Any] = field(default_factory=dict)
    cap: int = DEFAULT_CAP


def read_optional(path: Path) -> list[dict[str, str]] | None:
    """A table's rows, or None when the file does not exist (its stage was not run)."""
    from policytext.io import read_table

    return read_table(path) if path.is_file() else None


def number(value: str | None) -> float | None:
    """A CSV cell as a float; empty (not estimated) as None."""
    if value is None or value.strip() == "":
        return None
    return float(value)


def source_links(manifest: Path, html_path: Path) -> dict[str, tuple[str, bool]]:
    """Each document's source file as a link relative to the HTML page, and whether it is paged."""
    from policytext.io import read_table
    from policytext.text.pages import is_paged

    if not manifest.is_file():
        raise UserError(f"{manifest}: manifest not found")
    links = {}
    for row in read_table(manifest):
        target = (manifest.parent / row.get("file", "")).resolve()
        relative = os.path.relpath(target, html_path.resolve().parent)
        links[row["doc_id"]] = (Path(relative).as_posix(), is_paged(row.get("file", "")))
    return links


def document_table(sources: Sources) -> tuple[list[list[Any]], dict[str, int]]:
    """The usable documents as rows ``[doc_id, title, publisher, year, doc_type, period,
    href, paged]`` and the index of each doc_id."""
    from policytext.io import read_table

    path = sources.results_dir / "documents.csv"
    if not path.is_file():
        raise UserError(f"{path}: documents table not found; run the documents rule first")
    links = source_links(sources.manifest, sources.html_path)
    rows = []
    for row in read_table(path):
        if row.get("usable", "").lower() != "true":
            continue
        href, paged = links.get(row["doc_id"], ("", False))
        rows.append(
            [
                row["doc_id"],
                row.get("title", ""),
                row.get("publisher", ""),
                int(row["year"]),
                row.get("doc_type", ""),
                row.get("period", ""),
                href,
                paged,
            ]
        )
    rows.sort(key=lambda item: item[0])
    return rows, {row[0]: index for index, row in enumerate(rows)}


def capped(items: Iterable[Any], keys: Iterable[tuple[Any, ...]], cap: int) -> list[Any]:
    """The items that are among the first ``cap`` of at least one of their keys' cells."""
    seen: Counter[tuple[Any, ...]] = Counter()
    kept = []
    for item, item_keys in zip(items, keys, strict=True):
        wanted = False
        for key in item_keys:
            seen[key] += 1
            wanted = wanted or seen[key] <= cap
        if wanted:
            kept.append(item)
    return kept


def kwic_lines(
    sources: Sources, docs: list[list[Any]], index: Mapping[str, int]
) -> tuple[list[list[Any]], list[str]]:
    """Embedded KWIC lines ``[concept, doc, page, position, left, match, right, sentence]``.

    A line is kept when it is among the first ``cap`` of its trend cell (year x group) or of
    its frame cell (period x group), for either its doc_type or ``all``.
    """
    lines: list[list[Any]] = []
    notes = []
    for concept_index, concept in enumerate(sources.concepts):
        rows = read_optional(sources.results_dir / "terms" / "kwic" / f"{concept}.csv")
        if rows is None:
            notes.append(f"terms/kwic/{concept}.csv is absent: no passages for {concept}")
            continue
        items, keys = [], []
        for row in rows:
            doc = index.get(row["doc_id"])
            if doc is None:
                continue
            _, _, _, year, doc_type, period, _, _ = docs[doc]
            items.append(
                [
                    concept_index,
                    doc,
                    int(row["page"]) if row.get("page") else None,
                    int(row["position"]),
                    row["left"],
                    row["match"],
                    row["right"],
                    row.get("sentence", ""),
                ]
            )
            keys.append(
                [
                    ("y", year, ALL),
                    ("y", year, doc_type),
                    ("p", period, ALL),
                    ("p", period, doc_type),
                ]
            )
        lines += capped(items, keys, sources.cap)
    return lines, notes


def keyword_sides(sources: Sources, docs: list[list[Any]]) -> dict[int, set[tuple[str, str]]]:
    """For each document: the (comparison, side) pairs of keyness.csv it belongs to."""
    import datetime as dt

    from policytext.periods import parse_events
    from policytext.terms.tables import event_name, event_side

    options = sources.terms_options
    window = options.get("keyness_event_window_years", 5)
    events = parse_events(options.get("events") or [])
    pairs = [tuple(pair) for pair in options.get("keyness_groups", [])]
    dates = document_days(sources.results_dir / "documents.csv")
    sides: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for doc, row in enumerate(docs):
        doc_id, doc_type = row[0], row[4]
        for target, reference in pairs:
            if doc_type in (target, reference):
                sides[doc].add((f"{target}_vs_{reference}", doc_type))
        day: dt.date = dates[doc_id]
        for event in events:
            side = event_side(day, event, window_years=window)
            if side:
                sides[doc].add((f"{event_name(event)}_after_vs_before", side))
    return sides


def document_days(path: Path) -> dict[str, Any]:
    """Each document's day as the terms stage dates it (its date, else 1 July of its year)."""
    from policytext.io import read_table
    from policytext.periods import document_day

    return {
        row["doc_id"]: document_day(int(row["year"]), row.get("date") or None)
        for row in read_table(path)
    }


def keyness_items(rows: list[dict[str, str]]) -> list[list[Any]]:
    """Embedded keyness bars ``[comparison, word, key_for, count, log_ratio, significant]``."""
    items = []
    for row in rows:
        if not row.get("word"):
            continue
        on_target = row["key_for"] == row["target"]
        count = int(row["target_count"] if on_target else row["reference_count"])
        significant = row.get("significant", "").lower()
        items.append(
            [
                row["comparison"],
                row["word"],
                row["key_for"],
                count,
                number(row.get("log_ratio")),
                None if significant == "" else significant == "true",
            ]
        )
    return items


def keyword_lines(
    sources: Sources, docs: list[list[Any]], bars: list[list[Any]]
) -> list[list[Any]]:
    """Uses of each key word in the documents of its side, first ``cap`` per bar.

    Rows ``[bar, doc, page, position, left, match, right, sentence]``, where ``bar`` indexes
    ``bars``. The tokens files are read in doc_id order, so the kept uses are the first ones.
    """
    from policytext.text import iter_token_paragraphs
    from policytext.text.pages import locate_in_files

    wanted: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for bar, (comparison, word, key_for, *_rest) in enumerate(bars):
        wanted[(comparison, key_for)][word] = bar
    sides = keyword_sides(sources, docs)
    window = int(sources.terms_options.get("kwic_window", 10))
    kept: Counter[int] = Counter()
    lines: list[list[Any]] = []
    tokens_dir = sources.results_dir / "tokens"
    for doc, row in enumerate(docs):
        words: dict[str, list[int]] = defaultdict(list)
        for side in sorted(sides.get(doc, ())):
            for word, bar in wanted.get(side, {}).items():
                words[word].append(bar)
        if not words:
            continue
        tokens_path = tokens_dir / f"{row[0]}.txt"
        found = []
        offset = 0
        for paragraph, tokens in enumerate(iter_token_paragraphs(tokens_path)):
            for start, token in enumerate(tokens):
                for bar in words.get(token, ()):
                    if kept[bar] < sources.cap:
                        kept[bar] += 1
                        found.append((bar, paragraph, offset + start, tokens, start))
            offset += len(tokens)
        if not found:
            continue
        places = locate_in_files(
            tokens_path,
            sources.results_dir / "text" / f"{row[0]}.txt",
            [(paragraph, position) for _, paragraph, position, _, _ in found],
            paged=row[7],
        )
        for (bar, _, position, tokens, start), (page, sentence) in zip(found, places, strict=True):
            lines.append(
                [
                    bar,
                    doc,
                    page,
                    position,
                    " ".join(tokens[max(0, start - window) : start]),
                    tokens[start],
                    " ".join(tokens[start + 1 : start + 1 + window]),
                    sentence,
                ]
            )
    return lines


def rate_items(rows: list[dict[str, str]], concepts: Sequence[str]) -> list[list[Any]]:
    """Embedded trend points ``[concept, year, group, hits, rate, ci_low, ci_high, reason]``."""
    return [
        [
            row["concept"],
            int(row["year"]),
            row["group"],
            int(row["hits"]) if row.get("hits") else None,
            number(row.get("rate_per_10k")),
            number(row.get("ci_low")),
            number(row.get("ci_high")),
            row.get("reason", ""),
        ]
        for row in rows
        if row["concept"] in concepts
    ]


def frame_items(rows: list[dict[str, str]], concepts: Sequence[str]) -> list[list[Any]]:
    """Embedded frame cells ``[concept, period, group, frame, hits, share, mentions]``."""
    return [
        [
            row["concept"],
            row["period"],
            row["group"],
            row["frame"],
            int(row["hits"]),
            number(row.get("share")),
            int(row["mentions"]),
        ]
        for row in rows
        if row["concept"] in concepts and row["period"] != ALL
    ]


def topic_items(
    prevalence: list[dict[str, str]], labels: list[dict[str, str]] | None
) -> list[list[Any]]:
    """Embedded topic points ``[topic, label, year, group, docs, mean, ci_low, ci_high]``."""
    names = {row["topic"]: row.get("label", "") for row in labels or []}
    return [
        [
            int(row["topic"]),
            names.get(row["topic"], ""),
            int(row["year"]),
            row["group"],
            int(row["docs"]),
            number(row.get("mean")),
            number(row.get("ci_low")),
            number(row.get("ci_high")),
        ]
        for row in prevalence
        if row.get("topic")  # a reason row (no stable topic structure) has no topic
    ]


def topic_documents(
    rows: list[dict[str, str]], docs: list[list[Any]], index: Mapping[str, int], cap: int
) -> list[list[Any]]:
    """Documents behind topic points ``[topic, doc, weight]``, heaviest first, ``cap`` per
    topic x year x group (doc_type and ``all``)."""
    ordered = []
    for row in rows:
        doc = index.get(row.get("doc_id", ""))
        if doc is not None and row.get("topic"):
            ordered.append((int(row["topic"]), -float(row["weight"]), docs[doc][0], doc))
    ordered.sort()
    items, keys = [], []
    for topic, negative_weight, _, doc in ordered:
        items.append([topic, doc, -negative_weight])
        year, doc_type = docs[doc][3], docs[doc][4]
        keys.append([(topic, year, ALL), (topic, year, doc_type)])
    return capped(items, keys, cap)


def explorer_data(sources: Sources) -> dict[str, Any]:
    """Everything the page embeds, from the tables; absent tables become notes."""
    docs, index = document_table(sources)
    results = sources.results_dir
    notes: list[str] = []
    rates = read_optional(results / "terms" / "rates.csv")
    frames = read_optional(results / "terms" / "frames.csv")
    keyness = read_optional(results / "terms" / "keyness.csv")
    prevalence = read_optional(results / "topics" / "prevalence.csv")
    doc_topics = read_optional(results / "topics" / "doc_topics.csv")
    for name, table in (
        ("terms/rates.csv", rates),
        ("terms/frames.csv", frames),
        ("terms/keyness.csv", keyness),
        ("topics/prevalence.csv", prevalence),
    ):
        if table is None:
            notes.append(f"{name} is absent (its stage was not run): its chart is left out")
    lines, kwic_notes = kwic_lines(sources, docs, index)
    bars = keyness_items(keyness or [])
    period_names = [period["name"] for period in sources.terms_options.get("periods", [])]
    return {
        "cap": sources.cap,
        "concepts": list(sources.concepts),
        "periods": period_names,
        "docs": docs,
        "rates": rate_items(rates or [], sources.concepts),
        "frames": frame_items(frames or [], sources.concepts),
        "lines": lines,
        "keyness": bars,
        "keylines": keyword_lines(sources, docs, bars) if bars else [],
        "topics": topic_items(prevalence or [], read_optional(results / "topics" / "labels.csv")),
        "topicdocs": topic_documents(doc_topics or [], docs, index, sources.cap)
        if prevalence
        else [],
        "notes": notes + kwic_notes,
    }


def render_explorer(data: Mapping[str, Any]) -> str:
    """The explorer page: inline style, script and data; nothing fetched from anywhere."""
    from importlib.resources import files

    assets = files("policytext.report") / "assets"
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    payload = payload.replace("</", "<\\/")  # a title with "</script>" must not end the block
    return (
        (assets / "explorer.html")
        .read_text(encoding="utf-8")
        .replace("/*STYLE*/", (assets / "explorer.css").read_text(encoding="utf-8"))
        .replace("/*SCRIPT*/", (assets / "explorer.js").read_text(encoding="utf-8"))
        .replace("/*DATA*/", payload)
    )


def write_explorer(sources: Sources) -> Path:
    """Build and write the explorer page; returns its path."""
    html = render_explorer(explorer_data(sources))
    sources.html_path.parent.mkdir(parents=True, exist_ok=True)
    sources.html_path.write_text(html, encoding="utf-8")
    return sources.html_path
