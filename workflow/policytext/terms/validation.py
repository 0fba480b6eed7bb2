"""Validating the frame dictionaries against people's coding of concept mentions.

``policytext frames-sample`` draws a stratified sample of concept mentions from the KWIC
tables: up to ``--per-cell`` mentions from every period x doc_type cell, at random with a
fixed seed, so that small periods and sectors are not swamped by large ones. It writes them
with an empty ``coder`` column and one empty column per frame; a coder fills in their id and
a 1 for each frame the mention's words express (a blank or 0 means not).

``policytext frames-validate`` reads one or more coded files (one per coder, or one with a
row per mention and coder) and compares the codes with the frames the dictionary finds in
the same words (the mention's left and right context as shown to the coder, lemmatised like
the term stage does). Per frame, over every (mention, coder) pair: ``precision`` is the share
of the dictionary's calls a coder agreed with, ``recall`` the share of a coder's calls the
dictionary made. With two or more coders, ``alpha`` is Krippendorff's alpha for nominal data
(present/absent) between them, computed from the coincidence matrix as in Krippendorff
(2011), "Computing Krippendorff's alpha-reliability". The KWIC window (``kwic_window``) is the
text coders see; keep it equal to ``context_window`` (the default) so that the dictionary is
validated on the window it is used with.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from policytext.errors import UserError
from policytext.io import read_table
from policytext.terms.match import Frame, frame_word_hits, normalise_word

VALIDATION_COLUMNS = [
    "frame",
    "mentions",
    "coders",
    "codes",
    "coded_yes",
    "dictionary_yes",
    "both_yes",
    "precision",
    "recall",
    "alpha",
    "reason",
]
SAMPLE_KEY_COLUMNS = [
    "sample_id",
    "concept",
    "doc_id",
    "year",
    "period",
    "doc_type",
    "position",
    "left",
    "match",
    "right",
    "coder",
]
YES = {"1", "yes", "y", "x", "true"}
NO = {"", "0", "no", "n", "false"}


def krippendorff_alpha_nominal(units: Iterable[Sequence[Any]]) -> float:
    """Krippendorff's alpha for nominal data; each unit is the values its coders gave.

    Missing values are left out of a unit; units with fewer than two values are not pairable
    and are ignored. Built from the coincidence matrix (Krippendorff 2011, "Computing
    Krippendorff's alpha-reliability"): alpha = 1 - (n - 1) * sum of off-diagonal
    coincidences / sum over c != k of n_c n_k. NaN when every value is the same.

    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> round(krippendorff_alpha_nominal(zip(a, b)), 3)
    0.095
    """
    coincidences: Counter[tuple[Any, Any]] = Counter()
    for unit in units:
        values = [value for value in unit if value is not None]
        if len(values) < 2:
            continue
        weight = 1.0 / (len(values) - 1)
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    coincidences[(first, second)] += weight
    marginals: Counter[Any] = Counter()
    for (first, _), weight in coincidences.items():
        marginals[first] += weight
    total = sum(marginals.values())
    disagreement = sum(w for (first, second), w in coincidences.items() if first != second)
    expected = sum(marginals[c] * marginals[k] for c in marginals for k in marginals if c != k)
    if expected == 0:
        return math.nan
    return 1.0 - (total - 1) * disagreement / expected


def dictionary_frames(left: str, right: str, frames: Sequence[Frame], *, lemmatize: bool) -> set:
    """The frames the dictionary finds in a mention's left and right context words."""

    hits: set[str] = set()
    for side in (left, right):
        lemmas = [normalise_word(token, lemmatize=lemmatize) for token in side.split()]
        found = frame_word_hits(lemmas, range(len(lemmas)), frames)
        hits.update(name for (name, _), count in found.items() if count)
    return hits


def sample_mentions(
    mentions: Sequence[Mapping[str, Any]], *, per_cell: int, rng: np.random.Generator
) -> list[dict[str, Any]]:
    """Up to ``per_cell`` mentions from every period x doc_type cell, drawn without
    replacement, in a stable order (cell, then concept, doc_id, position)."""
    cells: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for mention in mentions:
        cells.setdefault((str(mention["period"]), str(mention["doc_type"])), []).append(mention)
    chosen = []
    for cell in sorted(cells):
        members = sorted(cells[cell], key=lambda m: (m["concept"], m["doc_id"], int(m["position"])))
        picks = rng.choice(len(members), size=min(per_cell, len(members)), replace=False)
        chosen += [members[index] for index in sorted(picks)]
    return [{**mention, "sample_id": index} for index, mention in enumerate(chosen, start=1)]


def validation_rows(
    codes: Sequence[Mapping[str, Any]],
    dictionary: Mapping[str, set],
    frame_names: Sequence[str],
) -> list[dict[str, Any]]:
    """Precision, recall and alpha of each frame.

    ``codes``: one mapping per (mention, coder) with ``sample_id``, ``coder`` and a 0/1 per
    frame; ``dictionary``: the frames the dictionary finds for each sample_id.
    """
    coders = sorted({str(code["coder"]) for code in codes})
    mentions = sorted({str(code["sample_id"]) for code in codes})
    rows = []
    for frame in frame_names:
        coded = [(str(code["sample_id"]), int(code[frame])) for code in codes]
        found = [frame in dictionary[sample] for sample, _ in coded]
        coded_yes = sum(value for _, value in coded)
        dictionary_yes = sum(found)
        both = sum(1 for (_, value), hit in zip(coded, found, strict=True) if value and hit)
        by_mention: dict[str, list[int]] = {}
        for sample, value in coded:
            by_mention.setdefault(sample, []).append(value)
        alpha = krippendorff_alpha_nominal(by_mention.values()) if len(coders) > 1 else math.nan
        rows.append(
            {
                "frame": frame,
                "mentions": len(mentions),
                "coders": len(coders),
                "codes": len(coded),
                "coded_yes": coded_yes,
                "dictionary_yes": dictionary_yes,
                "both_yes": both,
                "precision": both / dictionary_yes if dictionary_yes else math.nan,
                "recall": both / coded_yes if coded_yes else math.nan,
                "alpha": alpha,
                "reason": "" if len(coders) > 1 else "one_coder: no alpha",
            }
        )
    return rows


# --- I/O at the edges ---------------------------------------------------------------------


def read_mentions(terms_dir: Path, concepts: Sequence[str], periods: Mapping[str, str]):
    """The KWIC rows of ``concepts`` with each document's period (from documents.csv)."""
    mentions = []
    for concept in concepts:
        path = terms_dir / "kwic" / f"{concept}.csv"
        if not path.is_file():
            raise UserError(f"{path}: concordance not found; run the terms rule first")
        for row in read_table(path):
            mentions.append({**row, "concept": concept, "period": periods.get(row["doc_id"], "")})
    return mentions


def read_codes(paths: Sequence[Path], frame_names: Sequence[str]) -> list[dict[str, Any]]:
    """Coded rows (those with a coder) of every file, frame codes as 0/1.

    Raises UserError naming the file, line and column of a missing column or a code that is
    neither yes (1, yes, x, true) nor no (0, no, false, blank).
    """
    codes = []
    for path in paths:
        if not path.is_file():
            raise UserError(f"{path}: coded file not found")
        rows = read_table(path)
        needed = ["sample_id", "coder", "left", "right", *frame_names]
        missing = [column for column in needed if rows and column not in rows[0]]
        if missing:
            raise UserError(f"{path}: columns {missing} missing; code the frames-sample file")
        for line, row in enumerate(rows, start=2):
            if not row["coder"].strip():
                continue
            coded = {key: row[key] for key in ("sample_id", "left", "right")}
            coded["coder"] = row["coder"].strip()
            for frame in frame_names:
                value = row[frame].strip().lower()
                if value not in YES | NO:
                    raise UserError(
                        f"{path}, line {line}, column {frame}: {row[frame]!r} is not 1 or 0"
                    )
                coded[frame] = int(value in YES)
            codes.append(coded)
    if not codes:
        raise UserError(f"{', '.join(map(str, paths))}: no coded rows (fill in the coder column)")
    return codes
