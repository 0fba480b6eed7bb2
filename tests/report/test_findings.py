"""The findings page states what the tables say, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policytext.errors import UserError
from policytext.io import read_table, write_table
from policytext.report.commands import findings_command
from policytext.report.findings import Tables, findings_page, fmt, fmt_p, render_findings
from tests.support.report import build_results, terms_options


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_results(tmp_path_factory.mktemp("findings"))


def page_text(results: Path) -> str:
    """The findings page's text, tags removed."""
    html = render_findings(findings_page(Tables.read(results), terms_options()), fdr=0.05)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&lt;", "<")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.14159, "3.14"),
        (44.0, "44"),
        (0.000123, "0.000123"),
        (12345.6, "12300"),
        (-0.0394, "-0.0394"),
    ],
)
def test_numbers_have_three_significant_figures(value: float, shown: str) -> None:
    assert fmt(value) == shown


def test_p_values_below_a_thousandth_are_not_shown_as_zero() -> None:
    assert (fmt_p(0.0002), fmt_p(0.0049)) == ("< 0.001", "= 0.0049")


def test_significant_changes_are_stated_with_interval_and_q(results: Path) -> None:
    text = page_text(results)
    assert (
        "co-production (all) rose from snp_2007 to snp_2011: rate ratio 2.46 [1.3, 4.64] "
        "(p = 0.00123, q = 0.0049)" in text
    )
    assert (
        "co-production (third_sector) fell at the event christie, beyond the background trend"
        in text
    )
    assert "snp_2011 to snp_2016" not in text


def test_levels_come_from_the_rates_of_the_first_and_last_period(results: Path) -> None:
    rates = [
        row
        for row in read_table(results / "terms" / "rates.csv")
        if (row["concept"], row["group"]) == ("co-production", "all_raw")
    ]
    first = [row for row in rates if row["year"] in {"2008", "2009", "2010"}]
    low = min(first, key=lambda row: float(row["rate_per_10k"]))
    text = page_text(results)
    lowest = fmt(float(low["rate_per_10k"]))
    assert f"snp_2007 (2008–2010), the yearly rate of co-production ranged from {lowest}" in text
    assert "In the last period with estimates, snp_2016 (2016–2019)" in text


def test_nothing_significant_is_said_in_so_many_words(results: Path) -> None:
    text = page_text(results)
    none = "across periods or events is significant"
    assert f"No change of co-creation {none} (0 tested, 0 not testable)" in text
    assert f"No change of co-design {none} (0 tested, 1 not testable)" in text


def test_key_words_and_topics_list_only_significant_rows(results: Path) -> None:
    text = page_text(results)
    assert (
        "In government_vs_third_sector, 1 word(s) are significantly more frequent in "
        "government: budget" in text
    )
    assert "efficiency" not in text.split("Key words")[1].split("Topics")[0]
    assert (
        "The share of topic 2 (care services, all) rose from snp_2007 to snp_2016: "
        "difference 0.0812 [0.0311, 0.131] (q = 0.0021)" in text
    )
    assert "topic 1 " not in text


def test_rows_with_a_reason_are_listed_as_not_estimated(results: Path) -> None:
    assert (
        "terms/changes.csv: 1 row(s) not estimated because of few_docs (e.g. “few_docs: 1 < 2”)"
        in page_text(results)
    )


def test_absent_tables_are_named_not_guessed(tmp_path: Path, results: Path) -> None:
    text = page_text(tmp_path)
    assert "terms/rates.csv is absent (its stage was not run): no levels can be given." in text
    assert "topics/contrasts.csv is absent" in text
    assert "context/effects.csv is absent" in page_text(results)


def test_context_differences_show_the_strongest_with_p_below_005(tmp_path: Path) -> None:
    rows = [
        {"concept": "co-production", "covariate": "doc_type", "level": level,
         "reference": "government", "norm": norm, "ci_low": norm / 2, "ci_high": norm * 2,
         "p_value": p, "instances": 40, "documents": 9}
        for level, norm, p in (("third_sector", 0.42, 0.01), ("audit", 0.9, 0.2),
                               ("parliament", 0.3, 0.04))
    ]  # fmt: skip
    write_table(tmp_path / "context" / "effects.csv", rows, list(rows[0]))
    text = page_text(tmp_path)
    assert (
        "differ between doc_type third_sector and government: difference norm 0.42 "
        "[0.21, 0.84] (p = 0.01, 40 mentions in 9 documents)" in text
    )
    assert "audit" not in text
    assert text.index("third_sector and government") < text.index("parliament and government")


def test_keyness_without_a_test_is_not_reported_as_a_finding(tmp_path: Path) -> None:
    rows = [{"comparison": "a_vs_b", "target": "a", "reference": "b", "word": "care",
             "key_for": "a", "log_ratio": 1.0, "rank": 1}]  # fmt: skip
    write_table(tmp_path / "terms" / "keyness.csv", rows, list(rows[0]))
    assert "its key words are not reported as findings" in page_text(tmp_path)


def test_the_command_writes_the_same_bytes_twice(tmp_path: Path, results: Path) -> None:
    import json

    options = json.dumps(terms_options(), default=str)
    for name in ("one.html", "two.html"):
        findings_command(
            ["--results-dir", str(results), "--options", options, "--out", str(tmp_path / name)]
        )
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()
    with pytest.raises(UserError, match="results folder not found"):
        findings_command(
            ["--results-dir", str(tmp_path / "nope"), "--out", str(tmp_path / "x.html")]
        )


def test_a_table_without_a_reason_column_is_named(tmp_path: Path) -> None:
    rows = [{"concept": "co-production", "year": 2010, "group": "all", "hits": 3,
             "rate_per_10k": 2.0, "ci_low": 1.0, "ci_high": 3.0}]  # fmt: skip
    write_table(tmp_path / "terms" / "rates.csv", rows, list(rows[0]))
    assert "terms/rates.csv has no reason column" in page_text(tmp_path)
