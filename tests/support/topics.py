"""A synthetic corpus with planted themes, for the topic-model tests and benchmarks.

Each theme has its own vocabulary; each paragraph keeps to one theme, drawn from the
document's theme proportions, which drift with the year (theme 0 rises, theme 1 falls, the
others stay level), plus a shared filler vocabulary that appears everywhere (and so is
dropped by the no_above filter).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from policytext.cli import main
from policytext.io import write_table
from policytext.text.tokenize import write_tokens

THEMES = {
    "care": [
        "carer",
        "respite",
        "dementia",
        "homecare",
        "nursing",
        "residential",
        "frailty",
        "wellbeing",
    ]
    + ["packages", "domiciliary", "reablement", "hospice"],
    "money": [
        "budget",
        "funding",
        "finance",
        "efficiency",
        "savings",
        "procurement",
        "investment",
        "costs",
    ]
    + ["spending", "audit", "value", "allocation"],
    "voice": [
        "participation",
        "citizens",
        "voice",
        "engagement",
        "dialogue",
        "consultation",
        "panel",
        "lived",
    ]
    + ["experience", "empowerment", "advocacy", "forum"],
    "digital": [
        "digital",
        "technology",
        "telecare",
        "online",
        "platform",
        "data",
        "analytics",
        "software",
    ]
    + ["broadband", "innovation", "app", "network"],
}
FILLER = ["policy", "scotland", "government", "public", "service", "local", "national", "approach"]
YEARS = list(range(2010, 2020))
SYLLABLES = ["ba", "ke", "lo", "mu", "ri", "sa", "te", "vo"]


def pseudo_words(stem: str, count: int) -> list[str]:
    """``count`` made-up words starting with ``stem`` (letters only, so none is dropped)."""
    return [stem + a + b for a in SYLLABLES for b in SYLLABLES][:count]


DOC_TYPES = ["government", "third_sector", "audit"]


def planted_proportions(year: int, rng: np.random.Generator) -> np.ndarray:
    """Theme proportions for a document of ``year``: care rises, money falls."""
    position = (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
    base = np.array([0.1 + 0.5 * position, 0.6 - 0.5 * position, 0.25, 0.25])
    return rng.dirichlet(base * 2)


def write_synthetic_corpus(
    folder: Path,
    *,
    docs_per_year: int = 6,
    tokens_per_doc: int = 400,
    seed: int = 7,
    extra_words: int = 28,
) -> dict[str, object]:
    """Write documents.csv and tokens/ under ``folder``; return the truth.

    Each theme draws from its 12 real words plus ``extra_words`` made-up ones, so that no
    single word is in every document.
    """
    themes = {name: words + pseudo_words(name, extra_words) for name, words in THEMES.items()}
    rng = np.random.default_rng(seed)
    zipf = []
    for words in themes.values():
        weights = 1 / np.arange(1, len(words) + 1)
        zipf.append(weights / weights.sum())
    names = list(THEMES)
    rows, truth = [], {}
    for year in YEARS:
        for index in range(docs_per_year):
            doc_id = f"doc{year}_{index:02d}"
            doc_type = DOC_TYPES[index % len(DOC_TYPES)]
            proportions = planted_proportions(year, rng)
            paragraphs = []
            # Zipf-like word weights inside each theme, as in real text.
            for _ in range(tokens_per_doc // 40):
                # a paragraph keeps to one theme, drawn from the document's proportions
                theme = rng.choice(len(names), p=proportions)
                drawn = rng.choice(themes[names[theme]], size=32, p=zipf[theme])
                words = [str(word) for word in drawn]
                words += [str(word) for word in rng.choice(FILLER, size=8)]
                paragraphs.append(words)
            if index == 0:
                paragraphs[0] += ["co-production", "of", "care", "and", "co", "design"]
            write_tokens(folder / "tokens" / f"{doc_id}.txt", paragraphs)
            rows.append(
                {
                    "doc_id": doc_id,
                    "title": doc_id,
                    "publisher": "x",
                    "doc_type": doc_type,
                    "year": year,
                    "date": "",
                    "period": "early" if year < 2015 else "late",
                    "status": "ok",
                    "usable": "true",
                }
            )
            truth[doc_id] = dict(zip(names, proportions.tolist(), strict=True))
    rows.append({**rows[0], "doc_id": "broken", "status": "corrupt", "usable": "false"})
    write_table(folder / "documents.csv", rows, list(rows[0]))
    return {"proportions": truth, "themes": themes}


# --- the demo corpus's truth, and how well a model recovers it ------------------------------

DEMO = Path(__file__).resolve().parents[2] / "corpus" / "demo"


def write_demo_inputs(folder: Path, *, demo: Path = DEMO, config_path: Path | None = None) -> int:
    """documents.csv and tokens/ from the demo corpus's truth texts (a perfect extraction).

    Periods come from config.yaml. Returns the number of documents written.
    """
    import csv

    import yaml

    from policytext.periods import document_day, parse_periods, period_of
    from policytext.text.tokenize import tokenize_document

    config_path = config_path or DEMO.parents[1] / "config.yaml"
    periods = parse_periods(yaml.safe_load(config_path.read_text(encoding="utf-8"))["periods"])
    with (demo / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    rows = []
    for entry in manifest:
        text = demo / "truth" / "text" / f"{entry['doc_id']}.txt"
        if not text.is_file():
            continue
        write_tokens(
            folder / "tokens" / f"{entry['doc_id']}.txt",
            tokenize_document(text.read_text(encoding="utf-8")),
        )
        day = document_day(int(entry["year"]), entry.get("date") or None)
        rows.append(
            {
                "doc_id": entry["doc_id"],
                "doc_type": entry["doc_type"],
                "year": entry["year"],
                "period": period_of(day, periods) or "",
                "usable": "true",
            }
        )
    write_table(folder / "documents.csv", rows, ["doc_id", "doc_type", "year", "period", "usable"])
    return len(rows)


def read_demo_truth(demo: Path = DEMO) -> tuple[dict[str, dict[str, float]], dict[str, list[str]]]:
    """Planted proportions {doc_id: {theme: share}} and vocabularies {theme: [word, ...]}."""
    from policytext.io import read_table

    proportions: dict[str, dict[str, float]] = {}
    for row in read_table(demo / "truth" / "themes.csv"):
        proportions.setdefault(row["doc_id"], {})[row["theme"]] = float(row["proportion"])
    vocabulary: dict[str, list[str]] = {}
    for row in read_table(demo / "truth" / "themes_vocabulary.csv"):
        vocabulary.setdefault(row["theme"], []).append(row["word"])
    return proportions, vocabulary


def recovery(
    top_words: list[list[str]],
    vocabulary: dict[str, list[str]],
    theta: np.ndarray,
    doc_ids: list[str],
    years: list[int],
    proportions: dict[str, dict[str, float]],
    *,
    top: int = 10,
) -> dict[str, dict[str, float]]:
    """Match planted themes to topics one-to-one and score each match.

    A theme's vocabulary is passed through the model's own term filter (lemmas, stopwords),
    since the model can only show words it keeps. The matching maximises the summed top-10
    overlap (Hungarian). Per theme: ``topic`` (1-based), ``overlap`` (how many of the topic's top
    10 terms are a theme word or a phrase holding one, e.g. ``recruitment_retention``),
    ``possible`` (theme words the model keeps), and ``trend_r`` (Pearson r
    between the topic's yearly mean share and the theme's yearly mean planted share).
    """
    from scipy.optimize import linear_sum_assignment

    from policytext.topics.corpus import make_term_filter

    keep = make_term_filter()
    themes = sorted(vocabulary)
    kept = {theme: set(keep(vocabulary[theme])) for theme in themes}
    overlap = np.array(
        [
            [
                sum(bool(set(word.split("_")) & kept[theme]) for word in words[:top])
                for words in top_words
            ]
            for theme in themes
        ]
    )
    rows, cols = linear_sum_assignment(-overlap)
    distinct_years = sorted(set(years))
    year_index = np.array([distinct_years.index(year) for year in years])
    result = {}
    for row, col in zip(rows, cols, strict=True):
        theme = themes[row]
        planted = np.array([proportions[doc_id].get(theme, 0.0) for doc_id in doc_ids])
        topic_by_year = [theta[year_index == i, col].mean() for i in range(len(distinct_years))]
        planted_by_year = [planted[year_index == i].mean() for i in range(len(distinct_years))]
        result[theme] = {
            "topic": int(col) + 1,
            "overlap": int(overlap[row, col]),
            "possible": len(kept[theme]),
            "trend_r": float(np.corrcoef(topic_by_year, planted_by_year)[0, 1]),
        }
    return result


# --- running the stage ---------------------------------------------------------------------


def run(command: str, *args: str | Path, options: dict) -> None:
    """One ``policytext`` command in this process; fails the test on a non-zero status."""
    argv = [command, *map(str, args), "--options", json.dumps(options)]
    assert main(argv) == 0, argv


def run_topics_stage(inputs: Path, out: Path, options: dict) -> Path:
    """Every topics-* command in order, as the rules chain them; returns the topics folder."""
    topics = out / "topics"
    corpus, model = topics / "corpus", topics / "model"
    run(
        "topics-corpus",
        "--documents",
        inputs / "documents.csv",
        "--tokens-dir",
        inputs / "tokens",
        "--out-dir",
        corpus,
        options=options,
    )
    fits = []
    for k in options["k_range"]:
        for seed in options["seeds"]:
            fits.append(topics / "sweep" / f"k{k}_seed{seed}.json")
            run(
                "topics-fit",
                "--corpus-dir",
                corpus,
                "--k",
                str(k),
                "--seed",
                str(seed),
                "--out",
                fits[-1],
                "--state",
                fits[-1].with_suffix(".npz"),
                options=options,
            )
    run(
        "topics-select",
        *fits,
        "--corpus-dir",
        corpus,
        "--out",
        topics / "selection.csv",
        "--choice",
        topics / "choice.json",
        options=options,
    )
    run(
        "topics-model",
        "--corpus-dir",
        corpus,
        "--choice",
        topics / "choice.json",
        "--sweep-dir",
        topics / "sweep",
        "--out-dir",
        topics,
        options=options,
    )
    common = ("--corpus-dir", corpus, "--model-dir", model)
    run("topics-prevalence", *common, "--out", topics / "prevalence.csv", options=options)
    run(
        "topics-effects",
        *common,
        "--labels",
        topics / "labels.csv",
        "--out",
        topics / "effects.csv",
        "--out-by-year",
        topics / "effects_by_year.csv",
        "--contrasts",
        topics / "contrasts.csv",
        options=options,
    )
    run("topics-dynamics", *common, "--out", topics / "dynamics.csv", options=options)
    run(
        "topics-concepts",
        *common,
        "--tokens-dir",
        inputs / "tokens",
        "--out",
        topics / "concept_topics.csv",
        options=options,
    )
    return topics
