"""A small results folder for the report's tests: real term tables, plus the tables of stages
that may not have run (changes, context, topic contrasts) written as their contracts say.

The term tables come from the real ``policytext terms`` command over texts with form feeds
between pages, so KWIC pages, sentences and counts are the code's own; the other tables are
fixed inputs whose every number the findings page must repeat exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from policytext.io import read_table, write_table
from policytext.terms.commands import terms_command
from policytext.text.pages import tokenize_pages
from policytext.text.tokenize import write_tokens
from tests.support.paths import PROJECT

CONFIG = yaml.safe_load((PROJECT / "config.yaml").read_text(encoding="utf-8"))

GOVERNMENT_PAGE = (
    "The Scottish Government sets the budget. Efficiency savings matter for the budget.\n\n"
    "Services will be designed through co-production with people. Dr. Reid agreed, "
    "e.g. in Leith."
)
THIRD_SECTOR_PAGE = (
    "Community groups give people a voice. Community voice shapes local care.\n\n"
    "Real co-production means sharing power. Co-design follows."
)


def document_text(index: int, doc_type: str) -> str:
    """A document of three pages; later documents mention co-production more often."""
    body = GOVERNMENT_PAGE if doc_type == "government" else THIRD_SECTOR_PAGE
    extra = " ".join(["We value co-production."] * (index // 3))
    pages = [body, f"{extra} Other matters follow here.", body]
    return "\f".join(pages) + "\n"


def document_rows() -> list[dict[str, object]]:
    """Twelve documents 2008-2019, alternating doc_type, the last one a web page."""
    rows = []
    for index in range(12):
        year = 2008 + index
        doc_type = "government" if index % 2 == 0 else "third_sector"
        period = "snp_2007" if year <= 2010 else "snp_2011" if year <= 2015 else "snp_2016"
        doc_id = f"doc{index:02d}"
        rows.append(
            {
                "doc_id": doc_id,
                "title": f"Report {index} </script> & co",
                "publisher": "Scottish Government" if doc_type == "government" else "SCVO",
                "doc_type": doc_type,
                "year": year,
                "date": "",
                "period": period,
                "status": "ok",
                "usable": True,
                "file": f"pdf/{doc_id}.pdf" if index < 11 else f"web/{doc_id}.html",
            }
        )
    return rows


def terms_options() -> dict:
    """The demo's terms options with thresholds small enough for twelve documents."""
    return dict(
        CONFIG["terms"],
        periods=CONFIG["periods"],
        events=CONFIG["events"],
        bootstrap_n=100,
        min_docs=1,
        min_docs_per_cell=1,
        keyness_min_count=2,
        keyness_min_docs=3,
        keyness_min_tokens=100,
        keyness_permutations=200,
        keyness_event_window_years=None,
    )


def build_results(root: Path) -> Path:
    """Write a corpus under ``root/corpus`` and its results under ``root/results``."""
    corpus, results = root / "corpus", root / "results"
    rows = document_rows()
    manifest_rows = []
    for row in rows:
        path = corpus / str(row["file"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
        manifest_rows.append({key: row[key] for key in ("doc_id", "title", "publisher",
                                                         "doc_type", "year", "file")})  # fmt: skip
        index = int(str(row["doc_id"])[3:])
        text = document_text(index, str(row["doc_type"]))
        if index == 11:
            text = text.replace("\f", "\n\n")  # a web page has no pages
        (results / "text").mkdir(parents=True, exist_ok=True)
        (results / "text" / f"{row['doc_id']}.txt").write_text(text, encoding="utf-8")
        write_tokens(results / "tokens" / f"{row['doc_id']}.txt", tokenize_pages(text))
    write_table(corpus / "manifest.csv", manifest_rows, list(manifest_rows[0]))
    columns = [key for key in rows[0] if key != "file"]
    write_table(results / "documents.csv", rows, columns)
    terms_command(
        ["--documents", str(results / "documents.csv"), "--tokens-dir", str(results / "tokens"),
         "--text-dir", str(results / "text"), "--manifest", str(corpus / "manifest.csv"),
         "--options", json.dumps(terms_options(), default=str),
         "--out-dir", str(results / "terms")]
    )  # fmt: skip
    write_stage_tables(results)
    return results


def write_stage_tables(results: Path) -> None:
    """Tables of the stages that may not have run, with test columns as the contracts say."""
    changes = [
        {"concept": "co-production", "group": "all", "kind": "period", "from": "snp_2007",
         "to": "snp_2011", "ratio": 2.4567, "ci_low": 1.3012, "ci_high": 4.6389,
         "p_value": 0.00123, "q_value": 0.0049, "significant": True, "reason": ""},
        {"concept": "co-production", "group": "all", "kind": "period", "from": "snp_2011",
         "to": "snp_2016", "ratio": 1.1, "ci_low": 0.8, "ci_high": 1.5,
         "p_value": 0.41, "q_value": 0.55, "significant": False, "reason": ""},
        {"concept": "co-production", "group": "third_sector", "kind": "event", "from": "before",
         "to": "after", "event": "christie", "ratio": 0.5012, "ci_low": 0.3, "ci_high": 0.84,
         "p_value": 0.0002, "q_value": 0.0008, "significant": True, "reason": ""},
        {"concept": "co-design", "group": "all", "kind": "event", "from": "before", "to": "after",
         "event": "covid19", "ratio": None, "ci_low": None, "ci_high": None, "p_value": None,
         "q_value": None, "significant": None, "reason": "few_docs: 1 < 2"},
    ]  # fmt: skip
    write_table(results / "terms" / "changes.csv", changes,
                ["concept", "group", "kind", "from", "to", "event", "ratio", "ci_low", "ci_high",
                 "p_value", "q_value", "significant", "reason"])  # fmt: skip
    keyness = read_table(results / "terms" / "keyness.csv")
    for index, row in enumerate(row for row in keyness if row["word"]):
        row["p_value"] = 0.001 * (index + 1)
        row["q_value"] = 0.004 * (index + 1)
        row["significant"] = row["word"] in {"budget", "community", "voice"}
    columns = list(keyness[0]) if keyness else []
    write_table(results / "terms" / "keyness.csv", keyness, columns)
    contrasts = [
        {"topic": 2, "label": "care services", "group": "all", "from": "snp_2007",
         "to": "snp_2016", "difference": 0.0812, "ci_low": 0.0311, "ci_high": 0.1313,
         "p_value": 0.0004, "q_value": 0.0021, "significant": True},
        {"topic": 1, "label": "budget", "group": "all", "from": "snp_2007", "to": "snp_2016",
         "difference": -0.01, "ci_low": -0.05, "ci_high": 0.03, "p_value": 0.6,
         "q_value": 0.6, "significant": False},
    ]  # fmt: skip
    write_table(results / "topics" / "contrasts.csv", contrasts, list(contrasts[0]))
    write_topic_tables(results)


def write_topic_tables(results: Path) -> None:
    """Prevalence by year and each document's topic weights, for two topics."""
    documents = read_table(results / "documents.csv")
    weights = []
    for index, row in enumerate(documents):
        first = round(0.2 + 0.05 * index, 4)
        weights.append({"doc_id": row["doc_id"], "topic": 1, "weight": first})
        weights.append({"doc_id": row["doc_id"], "topic": 2, "weight": round(1 - first, 4)})
    write_table(results / "topics" / "doc_topics.csv", weights, ["doc_id", "topic", "weight"])
    prevalence = []
    years = {row["doc_id"]: (row["year"], row["doc_type"]) for row in documents}
    for topic in (1, 2):
        for group in ("all", "government", "third_sector"):
            by_year: dict[str, list[float]] = {}
            for weight in weights:
                year, doc_type = years[weight["doc_id"]]
                if weight["topic"] == topic and group in ("all", doc_type):
                    by_year.setdefault(year, []).append(weight["weight"])
            for year, values in sorted(by_year.items()):
                mean = sum(values) / len(values)
                prevalence.append({"topic": topic, "year": year, "group": group,
                                   "docs": len(values), "mean": mean, "ci_low": mean - 0.05,
                                   "ci_high": mean + 0.05})  # fmt: skip
    write_table(results / "topics" / "prevalence.csv", prevalence, list(prevalence[0]))
    labels = [{"topic": 1, "label": "budget"}, {"topic": 2, "label": "care services"}]
    write_table(results / "topics" / "labels.csv", labels, ["topic", "label"])
