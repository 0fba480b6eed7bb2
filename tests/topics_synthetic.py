"""A synthetic corpus with planted themes, for the topic-model tests and benchmarks.

Each theme has its own vocabulary; each document mixes the themes in known proportions that
drift with the year (theme 0 rises, theme 1 falls, the others stay level), plus a shared
filler vocabulary that appears everywhere (and so is dropped by the no_above filter).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from policytext.tables import write_table
from policytext.text import write_tokens

THEMES = {
    "care": "carer respite dementia homecare nursing residential frailty wellbeing".split()
    + "packages domiciliary reablement hospice".split(),
    "money": "budget funding finance efficiency savings procurement investment costs".split()
    + "spending audit value allocation".split(),
    "voice": "participation citizens voice engagement dialogue consultation panel lived".split()
    + "experience empowerment advocacy forum".split(),
    "digital": "digital technology telecare online platform data analytics software".split()
    + "broadband innovation app network".split(),
}
FILLER = "policy scotland government public service local national approach".split()
YEARS = list(range(2010, 2020))
SYLLABLES = "ba ke lo mu ri sa te vo".split()


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
    folder: Path, *, docs_per_year: int = 6, tokens_per_doc: int = 400, seed: int = 7,
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
                drawn = rng.choice(len(names), size=32, p=proportions)
                words = [str(rng.choice(themes[names[theme]], p=zipf[theme])) for theme in drawn]
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
