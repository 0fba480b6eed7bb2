"""Frames: shares with document-bootstrap and Wilson intervals, frame words, validation."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from policytext.errors import UserError
from policytext.io import read_table, write_table
from policytext.terms.commands import frames_sample_command, frames_validate_command
from policytext.terms.frames import (
    DocumentFrames,
    FrameSettings,
    frame_cell_rows,
    frame_word_rows,
    wilson_interval,
)
from policytext.terms.match import parse_frames
from policytext.terms.validation import (
    krippendorff_alpha_nominal,
    sample_mentions,
    validation_rows,
)

KEY = {"concept": "co-production", "period": "p", "group": "all"}


def test_wilson_interval_matches_a_hand_worked_value() -> None:
    # 2 of 3: centre (2/3 + z^2/6) / (1 + z^2/3) = 0.5731, half-width 0.3654 (z = 1.96)
    low, high = wilson_interval(2, 3, level=0.95)
    assert (low, high) == pytest.approx((0.2077, 0.9385), abs=1e-4)


def test_one_mention_does_not_make_a_confident_share() -> None:
    one = [DocumentFrames(hits={"cost": 2, "trust": 1}, mentions=1, context_tokens=20)]
    rows = frame_cell_rows(KEY, one, ["cost", "trust"], FrameSettings(bootstrap_n=200),
                           rng=np.random.default_rng(1))  # fmt: skip
    cost = rows[0]
    assert cost["share"] == pytest.approx(2 / 3)
    # One document: the bootstrap has no spread, so the Wilson interval carries it.
    assert (cost["ci_low"], cost["ci_high"]) == pytest.approx((0.2077, 0.9385), abs=1e-4)
    assert cost["reason"] == "few_mentions: 1 < 10"
    assert (cost["mentions"], cost["docs"], cost["per_1k_context"]) == (1, 1, 100.0)


def test_clustered_frame_words_widen_the_interval_beyond_wilson() -> None:
    # 10 documents; all 'cost' words come from two of them: shares swing with resampling.
    documents = [DocumentFrames({"cost": 0, "trust": 10}, 2, 50) for _ in range(8)]
    documents += [DocumentFrames({"cost": 40, "trust": 0}, 2, 50) for _ in range(2)]
    rows = frame_cell_rows(KEY, documents, ["cost", "trust"], FrameSettings(bootstrap_n=500),
                           rng=np.random.default_rng(1))  # fmt: skip
    cost = rows[0]
    assert cost["share"] == pytest.approx(80 / 160)
    wilson = wilson_interval(80, 160, level=0.95)
    assert cost["ci_high"] - cost["ci_low"] > 2 * (wilson[1] - wilson[0])
    assert cost["reason"] == "" and cost["mentions"] == 20


def test_frame_words_show_which_entries_carry_a_frame() -> None:
    hits = {("community_assets", "community"): 9, ("community_assets", "asset"): 1,
            ("impacts", "change"): 2}  # fmt: skip
    rows = frame_word_rows("c", hits, ["community_assets", "impacts", "barriers"])
    assert [(r["frame"], r["word"], r["hits"], r["share_of_frame"]) for r in rows] == [
        ("community_assets", "community", 9, 0.9),
        ("community_assets", "asset", 1, 0.1),
        ("impacts", "change", 2, 1.0),
    ]


def test_alpha_matches_krippendorffs_binary_example() -> None:
    # Krippendorff (2011), section A: two observers, ten units, alpha = 0.095.
    first = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    second = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha_nominal(zip(first, second, strict=True)) == pytest.approx(
        0.095, abs=5e-4
    )


def test_alpha_matches_krippendorffs_example_with_missing_values() -> None:
    # Krippendorff (2011), section C: four observers, 12 units, missing data; nominal 0.743.
    n = None
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    assert krippendorff_alpha_nominal(zip(*coders, strict=True)) == pytest.approx(0.743, abs=5e-4)


def test_perfect_agreement_is_one_and_no_variation_is_undefined() -> None:
    assert krippendorff_alpha_nominal([(0, 0), (1, 1), (0, 0)]) == 1.0
    assert math.isnan(krippendorff_alpha_nominal([(1, 1), (1, 1)]))


def test_precision_and_recall_pool_every_mention_and_coder() -> None:
    codes = [
        {"sample_id": "1", "coder": "a", "cost": 1},
        {"sample_id": "1", "coder": "b", "cost": 1},
        {"sample_id": "2", "coder": "a", "cost": 0},
        {"sample_id": "2", "coder": "b", "cost": 1},
        {"sample_id": "3", "coder": "a", "cost": 0},
        {"sample_id": "3", "coder": "b", "cost": 0},
    ]
    dictionary = {"1": {"cost"}, "2": set(), "3": {"cost"}}
    (row,) = validation_rows(codes, dictionary, ["cost"])
    # dictionary yes on 1 and 3: 4 pairs, coders agree on 2 -> precision 0.5
    # coders yes on 3 pairs, dictionary has 2 of them -> recall 2/3
    assert (row["dictionary_yes"], row["coded_yes"], row["both_yes"]) == (4, 3, 2)
    assert row["precision"] == 0.5 and row["recall"] == pytest.approx(2 / 3)
    # units (1,1), (0,1), (0,0): o_11 = 2, o_00 = 2, o_01 = o_10 = 1; n_0 = n_1 = 3, n = 6
    # alpha = 1 - (6 - 1) * 2 / (2 * 3 * 3) = 4/9
    assert row["alpha"] == pytest.approx(4 / 9)


def test_sample_is_stratified_by_period_and_doc_type() -> None:
    mentions = [
        {"concept": "c", "doc_id": f"d{i}", "position": i, "period": period, "doc_type": kind}
        for i, (period, kind) in enumerate(
            [("p1", "gov")] * 30 + [("p1", "ts")] * 2 + [("p2", "gov")] * 5
        )
    ]
    sample = sample_mentions(mentions, per_cell=4, rng=np.random.default_rng(1))
    cells = [(row["period"], row["doc_type"]) for row in sample]
    assert cells.count(("p1", "gov")) == 4 and cells.count(("p1", "ts")) == 2
    assert cells.count(("p2", "gov")) == 4
    assert [row["sample_id"] for row in sample] == list(range(1, 11))


def write_kwic(root: Path) -> tuple[Path, Path]:
    """A terms folder with one concept's concordance, and its documents table."""
    kwic = [
        {"doc_id": "a", "year": 2015, "doc_type": "government", "left": "cut the budget",
         "match": "co-production", "right": "builds trust", "paragraph": 0, "position": 3},
        {"doc_id": "b", "year": 2019, "doc_type": "third_sector", "left": "a",
         "match": "co-production", "right": "for everyone", "paragraph": 0, "position": 1},
    ]  # fmt: skip
    write_table(root / "terms" / "kwic" / "co-production.csv", kwic, list(kwic[0]))
    documents = [
        {"doc_id": "a", "year": 2015, "doc_type": "government", "period": "p1", "usable": True},
        {"doc_id": "b", "year": 2019, "doc_type": "third_sector", "period": "p2", "usable": True},
    ]
    write_table(root / "documents.csv", documents, list(documents[0]))
    return root / "terms", root / "documents.csv"


OPTIONS = json.dumps(
    {"concepts": {"co-production": ["co[- ]?production"]}, "focus": ["co-production"],
     "frames": {"cost": ["budget", "cost"], "trust": ["trust"]}}
)  # fmt: skip


def test_sample_then_validate_end_to_end(tmp_path: Path) -> None:
    terms, documents = write_kwic(tmp_path)
    sample = tmp_path / "sample.csv"
    args = ["--terms-dir", str(terms), "--documents", str(documents), "--options", OPTIONS]
    assert frames_sample_command([*args, "--per-cell", "5", "--out", str(sample)]) == 0
    rows = read_table(sample)
    assert list(rows[0])[-3:] == ["coder", "cost", "trust"]
    assert {row["coder"] + row["cost"] + row["trust"] for row in rows} == {""}
    first = sample.read_bytes()
    assert frames_sample_command([*args, "--per-cell", "5", "--out", str(sample)]) == 0
    assert sample.read_bytes() == first
    # One coder: mention a has cost and trust; mention b has no frame but the coder says cost.
    coded = []
    for row in rows:
        is_a = row["doc_id"] == "a"
        coded.append({**row, "coder": "ann", "cost": "1", "trust": "1" if is_a else ""})
    write_table(tmp_path / "ann.csv", coded, list(rows[0]))
    out = tmp_path / "validation.csv"
    validate = ["--coded", str(tmp_path / "ann.csv"), "--options", OPTIONS, "--out", str(out)]
    assert frames_validate_command(validate) == 0
    result = {row["frame"]: row for row in read_table(out)}
    assert (result["cost"]["precision"], result["cost"]["recall"]) == ("1", "0.5")
    assert (result["trust"]["precision"], result["trust"]["recall"]) == ("1", "1")
    assert result["cost"]["alpha"] == "" and result["cost"]["reason"] == "one_coder: no alpha"


def test_a_bad_code_is_a_user_error_naming_file_line_and_column(tmp_path: Path) -> None:
    rows = [{"sample_id": 1, "coder": "ann", "left": "", "right": "", "cost": "maybe",
             "trust": ""}]  # fmt: skip
    path = write_table(tmp_path / "coded.csv", rows, list(rows[0]))
    with pytest.raises(UserError, match=r"coded.csv, line 2, column cost: 'maybe'"):
        frames_validate_command(["--coded", str(path), "--options", OPTIONS,
                                 "--out", str(tmp_path / "v.csv")])  # fmt: skip


def test_frames_dictionary_phrases_count_in_frame_words() -> None:
    frames = parse_frames({"cost": ["value for money"]}, lemmatize=True)
    assert frames[0].phrases == (("value", "for", "money"),)


def test_frames_figure_prints_intervals_and_greys_thin_columns() -> None:
    import pandas as pd

    from policytext.terms.figures import figure_frames

    one = [DocumentFrames(hits={"cost": 2, "trust": 1}, mentions=1, context_tokens=20)]
    many = [DocumentFrames(hits={"cost": 1, "trust": 3}, mentions=2, context_tokens=20)] * 10
    rows = []
    for period, documents in (("p1", one), ("p2", many)):
        key = {"concept": "c", "period": period, "group": "all"}
        rows += frame_cell_rows(key, documents, ["cost", "trust"], FrameSettings(bootstrap_n=50),
                                rng=np.random.default_rng(1))  # fmt: skip
    figure = figure_frames(
        pd.DataFrame(rows), ["c"], by="period", fixed={"group": "all"}, min_mentions=10
    )
    axes = figure.axes[0]
    texts = {text.get_text(): text.get_color() for text in axes.texts}
    assert "67\n21\u201394" in texts and texts["67\n21\u201394"] == "0.45"  # greyed
    assert [label.get_text() for label in axes.get_xticklabels()] == ["p1 (1)", "p2 (20)"]
