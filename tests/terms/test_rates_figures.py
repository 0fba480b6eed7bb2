"""Trend figures: bands from the model, and a note instead of an empty or absurd axis."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from policytext.terms.figures import figure_sectors, figure_trends, trend_problem


def rate_row(concept, year, group, rate, *, reason="", docs=4) -> dict:
    estimated = rate is not None
    return {
        "concept": concept,
        "year": year,
        "group": group,
        "docs": docs,
        "tokens": 10_000,
        "hits": 5,
        "rate_per_10k": rate if estimated else float("nan"),
        "ci_low": rate / 2 if estimated else float("nan"),
        "ci_high": rate * 2 if estimated else float("nan"),
        "doc_share": 0.5,
        "reason": reason or float("nan"),
    }


def panel_texts(figure) -> list[str]:
    return [text.get_text() for axes in figure.axes for text in axes.texts]


def draw(function, rows, concepts):
    figure = function(pd.DataFrame(rows), concepts, periods=[], events=[], min_docs=2, min_years=3)
    texts = panel_texts(figure)
    limits = [axes.get_xlim() for axes in figure.axes if axes.get_visible()]
    plt.close(figure)
    return texts, limits


def test_a_single_year_gets_a_note_and_an_axis_around_that_year() -> None:
    rows = [rate_row("co-production", 2015, group, 5.0) for group in ("all", "all_raw", "gov")]
    texts, limits = draw(figure_trends, rows, ["co-production"])
    assert any("not_estimated: 1 year < 3" in text for text in texts)
    assert limits == [(2015.0, 2016.0)]


def test_a_concept_with_no_estimated_year_shows_the_tables_reason() -> None:
    rows = [
        rate_row("co-design", year, "all", None, reason="few_docs: third_sector 1 < 2")
        for year in (2010, 2011, 2012, 2013)
    ]
    texts, _ = draw(figure_trends, rows, ["co-design"])
    assert any("few_docs: third_sector 1 < 2" in text for text in texts)


def test_sector_panels_name_the_concepts_they_cannot_draw() -> None:
    rows = [rate_row("co-production", year, "gov", 4.0 + year % 3) for year in range(2010, 2016)]
    rows += [rate_row("co-design", 2012, "gov", None, reason="few_docs: 1 < 2")]
    texts, _ = draw(figure_sectors, rows, ["co-production", "co-design"])
    assert any("co-design: few_docs: 1 < 2" in text for text in texts)
    assert not any("co-production:" in text for text in texts)


def test_a_huge_band_is_cut_and_the_cut_is_said() -> None:
    rows = [rate_row("co-production", year, "all", 5.0) for year in range(2010, 2016)]
    rows.append(rate_row("co-production", 2016, "all", 6.0) | {"ci_high": 2500.0})
    figure = figure_trends(
        pd.DataFrame(rows), ["co-production"], periods=[], events=[], min_docs=2, min_years=3
    )
    top = figure.axes[0].get_ylim()[1]
    title = figure._suptitle.get_text()
    plt.close(figure)
    assert top < 30
    assert "bands cut at 3x" in title


@pytest.mark.parametrize(("years", "expected"), [(3, ""), (2, "not_estimated: 2 years < 3")])
def test_trend_problem_counts_estimated_years(years: int, expected: str) -> None:
    cell = pd.DataFrame([rate_row("c", 2010 + n, "all", 1.0) for n in range(years)])
    assert trend_problem(cell, min_years=3) == expected
