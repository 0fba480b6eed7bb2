"""The findings page: what changed, by how much and how sure, written from the tables.

``results/findings.html`` is the report's landing page. Every sentence on it is generated
from a table of the results folder, never typed by hand, and every number in it is marked
with the table, row and column it comes from (``data-table``, ``data-row``, ``data-column``),
so that a reader, or a test, can check it against the CSV. For each focus concept it states:

- its level in the first and last period that have estimated years: the lowest and highest
  yearly rate of that period (``terms/rates.csv``, group ``all``) with their intervals;
- the changes across periods and events that the tests call significant
  (``terms/changes.csv``: ``significant`` true, i.e. q below the configured FDR);
- the strongest context differences (``context/effects.csv``, if the stage was run): the
  largest norms whose p value is below 0.05.

Then, for the corpus as a whole: the significant key words of each comparison
(``terms/keyness.csv``), the topics whose share changes significantly
(``topics/contrasts.csv``), and what could not be estimated (every row with a ``reason``).

The wording is cautious and exact: numbers to three significant figures with their interval,
"significant" only where the table says so, and "no ... is significant" where none is. A
table that is absent (its stage not run) or lacks the test columns is named with what that
means for the page; nothing is guessed in its place.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALL = "all"
ALL_RAW = "all_raw"
GROUP_WORDS = {ALL: "all documents", ALL_RAW: "all documents pooled"}
#: Context differences shown per concept, strongest first.
CONTEXT_TOP = 3
#: Key words named per comparison and side, in the table's rank order.
KEYWORDS_TOP = 10
CONTEXT_ALPHA = 0.05


def fmt(value: float) -> str:
    """A number to three significant figures, without trailing zeros or exponent for
    everyday magnitudes.

    >>> [fmt(x) for x in (3.14159, 44.0, 0.000123, 12345.6, 0.0)]
    ['3.14', '44', '0.000123', '12300', '0']
    """
    if value == 0:
        return "0"
    text = f"{value:.3g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        if int(exponent) > 0:
            return str(round(value, -int(exponent) + 2)).removesuffix(".0")
        return f"{value:.{-int(exponent) + 2}f}".rstrip("0").rstrip(".")
    return text


def fmt_p(value: float) -> str:
    """A p or q value: three significant figures, or ``< 0.001``."""
    return "< 0.001" if value < 0.001 else f"= {fmt(value)}"


@dataclass(frozen=True)
class Source:
    """A table's results-relative path and one row's key within it, for ``data-*`` marks."""

    table: str
    row: str


def num(value: str, source: Source, column: str, *, as_p: bool = False) -> str:
    """A number from a table as HTML, marked with where it comes from."""
    number = float(value)
    text = fmt_p(number) if as_p else fmt(number)
    return (
        f'<span class="num" data-table="{html.escape(source.table)}" '
        f'data-row="{html.escape(source.row)}" data-column="{column}">{html.escape(text)}</span>'
    )


def interval(row: Mapping[str, str], source: Source, estimate: str) -> str:
    """``estimate [ci_low, ci_high]`` of a row as marked HTML."""
    return (
        f"{num(row[estimate], source, estimate)} "
        f"[{num(row['ci_low'], source, 'ci_low')}, {num(row['ci_high'], source, 'ci_high')}]"
    )


def links(figure: str | None, table: str) -> str:
    """Links to a figure (PNG, under figures/) and a table, relative to the results folder."""
    parts = [f'<a href="figures/{figure}.png">figure</a>'] if figure else []
    parts.append(f'<a href="{table}">table</a>')
    return f' <span class="links">({", ".join(parts)})</span>'


def esc(text: str) -> str:
    """Text from a table, escaped for HTML."""
    return html.escape(str(text))


def is_true(value: str | None) -> bool:
    """A table's boolean cell."""
    return (value or "").strip().lower() == "true"


def filled(value: str | None) -> bool:
    """True when a cell holds a value (an empty cell is not estimated)."""
    return bool((value or "").strip())


@dataclass
class Tables:
    """The tables the page reads; None for a table that is absent."""

    rates: list[dict[str, str]] | None
    changes: list[dict[str, str]] | None
    keyness: list[dict[str, str]] | None
    context: list[dict[str, str]] | None
    contrasts: list[dict[str, str]] | None

    @classmethod
    def read(cls, results_dir: Path) -> Tables:
        """Read every table the page may use from ``results_dir``."""
        from policytext.report.explorer import read_optional

        return cls(
            rates=read_optional(results_dir / "terms" / "rates.csv"),
            changes=read_optional(results_dir / "terms" / "changes.csv"),
            keyness=read_optional(results_dir / "terms" / "keyness.csv"),
            context=read_optional(results_dir / "context" / "effects.csv"),
            contrasts=read_optional(results_dir / "topics" / "contrasts.csv"),
        )


@dataclass
class Page:
    """The page being written: sections of sentences, and notes on what is missing."""

    sections: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, title: str, items: list[str]) -> None:
        """Add a section of items (each one sentence, already HTML)."""
        self.sections.append((title, items))


def absent(table: str, consequence: str) -> str:
    """The sentence for a table that is not there."""
    message = f"{esc(table)} is absent (its stage was not run): {consequence}."
    return f'<span class="absent">{message}</span>'


def rate_source(row: Mapping[str, str]) -> Source:
    """The key of a rates.csv row."""
    return Source("terms/rates.csv", f"{row['concept']}|{row['year']}|{row['group']}")


def level_sentence(concept: str, period: str, rows: list[dict[str, str]], *, first: bool) -> str:
    """The level of a concept in one period: its lowest and highest yearly estimate."""
    low = min(rows, key=lambda row: (float(row["rate_per_10k"]), row["year"]))
    high = max(rows, key=lambda row: (float(row["rate_per_10k"]), row["year"]))
    which = "first" if first else "last"
    years = sorted({row["year"] for row in rows})
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    if low is high:
        level = f"was {interval(low, rate_source(low), 'rate_per_10k')} ({esc(low['year'])})"
    else:
        level = (
            f"ranged from {interval(low, rate_source(low), 'rate_per_10k')} ({esc(low['year'])}) "
            f"to {interval(high, rate_source(high), 'rate_per_10k')} ({esc(high['year'])})"
        )
    return (
        f"In the {which} period with estimates, {esc(period)} ({span}), the yearly rate of "
        f"{esc(concept)} {level} per 10,000 tokens ({GROUP_WORDS[low['group']]})."
        + links("terms_trends", "terms/rates.csv")
    )


def year_periods(options: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    """Each configured period's name and the first and last calendar year it touches."""
    spans = []
    for period in options.get("periods", []):
        start = int(str(period["start"])[:4])
        end = int(str(period["end"])[:4]) if period.get("end") else 9999
        spans.append((period["name"], start, end))
    return spans


def estimated_rates(rates: list[dict[str, str]], concept: str, group: str) -> list[dict]:
    """The concept's estimated yearly rows of one group (``all``: standardised to a fixed
    doc_type mix; ``all_raw``: every document pooled, used when no year has the former)."""
    return [
        row
        for row in rates
        if row["concept"] == concept
        and row["group"] == group
        and filled(row.get("rate_per_10k"))
        and not filled(row.get("reason"))
    ]


def level_items(concept: str, tables: Tables, options: Mapping[str, Any]) -> list[str]:
    """Sentences on the concept's level in the first and last period with estimates."""
    if tables.rates is None:
        return [absent("terms/rates.csv", "no levels can be given")]
    estimated = estimated_rates(tables.rates, concept, ALL) or estimated_rates(
        tables.rates, concept, ALL_RAW
    )
    by_period = []
    for name, start, end in year_periods(options):
        # A period's years: those it starts in up to the year before the next one starts.
        rows = [row for row in estimated if start <= int(row["year"]) < max(end, start + 1)]
        if rows:
            by_period.append((name, rows))
    if not by_period:
        return [f"No yearly rate of {esc(concept)} could be estimated in any period."]
    if len(by_period) == 1:
        name, rows = by_period[0]
        return [level_sentence(concept, name, rows, first=True)]
    return [
        level_sentence(concept, by_period[0][0], by_period[0][1], first=True),
        level_sentence(concept, by_period[-1][0], by_period[-1][1], first=False),
    ]


def change_source(row: Mapping[str, str]) -> Source:
    """The key of a changes.csv row."""
    return Source(
        "terms/changes.csv",
        f"{row['concept']}|{row['group']}|{row['kind']}|{row.get('event', '')}|"
        f"{row['from']}|{row['to']}",
    )


def change_sentence(row: Mapping[str, str]) -> str:
    """One significant change as a sentence."""
    source = change_source(row)
    ratio = float(row["ratio"])
    direction = "rose" if ratio > 1 else "fell"
    p_value = num(row["p_value"], source, "p_value", as_p=True)
    tests = f"p {p_value}, q {num(row['q_value'], source, 'q_value', as_p=True)}"
    if row["kind"] == "event":
        what = (
            f"at the event {esc(row.get('event') or row['to'])}, beyond the background trend"
            if row.get("event")
            else f"from {esc(row['from'])} to {esc(row['to'])} around the event"
        )
    else:
        what = f"from {esc(row['from'])} to {esc(row['to'])}"
    return (
        f"{esc(row['concept'])} ({esc(row['group'])}) {direction} {what}: rate ratio "
        f"{interval(row, source, 'ratio')} ({tests})." + links("terms_trends", "terms/changes.csv")
    )


def change_items(concept: str, tables: Tables) -> list[str]:
    """Sentences on the concept's significant changes, or that none is significant."""
    if tables.changes is None:
        return [absent("terms/changes.csv", "changes across periods and events were not tested")]
    rows = [row for row in tables.changes if row["concept"] == concept]
    tested = [row for row in rows if filled(row.get("p_value"))]
    significant = [row for row in tested if is_true(row.get("significant"))]
    if not significant:
        return [
            f"No change of {esc(concept)} across periods or events is significant "
            f"({len(tested)} tested, {len(rows) - len(tested)} not testable)."
            + links("terms_trends", "terms/changes.csv")
        ]
    return [change_sentence(row) for row in significant]


def context_items(concept: str, tables: Tables) -> list[str]:
    """Sentences on the concept's strongest context differences (embedding regression)."""
    if tables.context is None:
        return [absent("context/effects.csv", "context differences are not reported")]
    rows = [
        row
        for row in tables.context
        if row["concept"] == concept
        and filled(row.get("norm"))
        and filled(row.get("p_value"))
        and float(row["p_value"]) < CONTEXT_ALPHA
    ]
    if not rows:
        return [
            f"No context difference of {esc(concept)} has p below {CONTEXT_ALPHA}."
            + links(None, "context/effects.csv")
        ]
    rows.sort(key=lambda row: (-float(row["norm"]), row["covariate"], row["level"]))
    items = []
    for row in rows[:CONTEXT_TOP]:
        source = Source(
            "context/effects.csv",
            f"{row['concept']}|{row['covariate']}|{row['level']}|{row['reference']}",
        )
        p_value = num(row["p_value"], source, "p_value", as_p=True)
        counts = f"{esc(row.get('instances', ''))} mentions in {esc(row.get('documents', ''))}"
        items.append(
            f"The contexts of {esc(concept)} differ between {esc(row['covariate'])} "
            f"{esc(row['level'])} and {esc(row['reference'])}: difference norm "
            f"{interval(row, source, 'norm')} (p {p_value}, {counts} documents)."
            + links(None, "context/effects.csv")
        )
    return items


def keyness_source(row: Mapping[str, str]) -> Source:
    """The key of a keyness.csv row."""
    return Source("terms/keyness.csv", f"{row['comparison']}|{row['key_for']}|{row['word']}")


def keyness_items(tables: Tables) -> list[str]:
    """Sentences naming the significant key words of each comparison."""
    if tables.keyness is None:
        return [absent("terms/keyness.csv", "no key words are reported")]
    rows = [row for row in tables.keyness if filled(row.get("word"))]
    if rows and "significant" not in rows[0]:
        return [
            "terms/keyness.csv has no significance test (no <code>significant</code> column): "
            "its key words are not reported as findings."
        ]
    items = []
    comparisons = sorted({row["comparison"] for row in tables.keyness})
    for comparison in comparisons:
        in_comparison = [row for row in rows if row["comparison"] == comparison]
        significant = [row for row in in_comparison if is_true(row.get("significant"))]
        figure = (
            "terms_keyness_events" if comparison.endswith("_after_vs_before") else "terms_keyness"
        )
        if not significant:
            items.append(
                f"In {esc(comparison)}, no word is significantly key "
                f"({len(in_comparison)} listed)." + links(figure, "terms/keyness.csv")
            )
            continue
        for side in sorted({row["key_for"] for row in significant}):
            words = sorted(
                (row for row in significant if row["key_for"] == side),
                key=lambda row: float(row.get("rank") or 0),
            )
            named = ", ".join(
                f"{esc(row['word'])} (log ratio "
                f"{num(row['log_ratio'], keyness_source(row), 'log_ratio')})"
                for row in words[:KEYWORDS_TOP]
            )
            more = f" and {len(words) - KEYWORDS_TOP} more" if len(words) > KEYWORDS_TOP else ""
            items.append(
                f"In {esc(comparison)}, {len(words)} word(s) are significantly more frequent in "
                f"{esc(side)}: {named}{more}." + links(figure, "terms/keyness.csv")
            )
    return items or ["terms/keyness.csv lists no comparison."]


def topic_items(tables: Tables) -> list[str]:
    """Sentences on topics whose share changes significantly between periods."""
    if tables.contrasts is None:
        return [absent("topics/contrasts.csv", "changes of topic shares are not reported")]
    significant = [row for row in tables.contrasts if is_true(row.get("significant"))]
    if not significant:
        tested = sum(1 for row in tables.contrasts if filled(row.get("p_value")))
        return [
            f"No topic's share changes significantly between periods ({tested} contrasts tested)."
            + links("topics_prevalence", "topics/contrasts.csv")
        ]
    items = []
    for row in significant:
        source = Source(
            "topics/contrasts.csv", f"{row['topic']}|{row['group']}|{row['from']}|{row['to']}"
        )
        direction = "rose" if float(row["difference"]) > 0 else "fell"
        items.append(
            f"The share of topic {esc(row['topic'])} ({esc(row.get('label', ''))}, "
            f"{esc(row['group'])}) {direction} from {esc(row['from'])} to {esc(row['to'])}: "
            f"difference {interval(row, source, 'difference')} "
            f"(q {num(row['q_value'], source, 'q_value', as_p=True)})."
            + links("topics_prevalence", "topics/contrasts.csv")
        )
    return items


def not_estimated_items(tables: Tables) -> list[str]:
    """What could not be estimated: rows with a ``reason``, counted per table and reason."""
    items = []
    for table, rows in (
        ("terms/rates.csv", tables.rates),
        ("terms/changes.csv", tables.changes),
        ("terms/keyness.csv", tables.keyness),
        ("topics/contrasts.csv", tables.contrasts),
        ("context/effects.csv", tables.context),
    ):
        if rows and "reason" not in rows[0]:
            items.append(
                f"{esc(table)} has no <code>reason</code> column: rows it could not estimate "
                "cannot be listed here." + links(None, table)
            )
            continue
        reasons = Counter(
            row["reason"].split(":")[0] for row in rows or [] if filled(row.get("reason"))
        )
        for reason, count in sorted(reasons.items()):
            examples = [
                row["reason"]
                for row in rows or []
                if filled(row.get("reason")) and row["reason"].split(":")[0] == reason
            ]
            items.append(
                f"{esc(table)}: {count} row(s) not estimated because of {esc(reason)} "
                f"(e.g. “{esc(examples[0])}”)." + links(None, table)
            )
    if not items:
        return ["No row of the tables present has a reason: nothing was left unestimated."]
    return items


def findings_page(tables: Tables, options: Mapping[str, Any]) -> Page:
    """The page's sections, in reading order."""
    page = Page()
    for concept in options.get("focus", []):
        items = level_items(concept, tables, options)
        items += change_items(concept, tables)
        items += context_items(concept, tables)
        page.add(f"{concept}", items)
    page.add("Key words", keyness_items(tables))
    page.add("Topics", topic_items(tables))
    page.add("What could not be estimated", not_estimated_items(tables))
    return page


STYLE = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 1.5rem auto; color: #222;
  line-height: 1.5; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
li { margin-bottom: 0.4rem; } .links { font-size: 0.85rem; } .absent { color: #8a4b00; }
.num { font-variant-numeric: tabular-nums; }
"""


def render_findings(page: Page, *, fdr: float | None) -> str:
    """The page as a complete HTML document (no script, no external resource)."""
    threshold = f" (false discovery rate {fmt(fdr)})" if fdr is not None else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>policytext: findings</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Findings</h1>",
        "<p>Generated from the tables of this results folder. Numbers are estimates with "
        "their intervals in brackets; “significant” is the tables' own verdict after "
        f"Benjamini–Hochberg correction{threshold}. Each item links to its figure and table. "
        'Open the <a href="explorer.html">evidence explorer</a> to read the passages behind '
        "any point.</p>",
    ]
    for title, items in page.sections:
        parts.append(f"<section><h2>{esc(title)}</h2><ul>")
        parts += [f"<li>{item}</li>" for item in items]
        parts.append("</ul></section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_findings(results_dir: Path, options: Mapping[str, Any], out: Path) -> Path:
    """Read the tables, write the findings page; returns its path."""
    page = findings_page(Tables.read(results_dir), options)
    fdr = options.get("fdr")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_findings(page, fdr=float(fdr) if fdr is not None else None), "utf-8")
    return out
