"""The explorer and the findings page in a real browser: Debian's headless Chromium via selenium.

Clicking a point must list exactly the CSV rows behind it, filters must narrow the list, and
every number on the findings page must equal its table's. Skipped, with the reason, when
Chromium, its driver or selenium is not installed; nothing is downloaded.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from policytext.io import read_table
from policytext.report.explorer import Sources, write_explorer
from policytext.report.findings import fmt, fmt_p, write_findings
from tests.support.chromium import HEADLESS_FLAGS
from tests.support.report import build_results, terms_options

CHROMEDRIVER = Path("/usr/bin/chromedriver")


def chromium_binary() -> str:
    """The Chromium executable, or skip the test saying what is missing."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium chromium-driver)")
    if not CHROMEDRIVER.is_file():
        pytest.skip(f"{CHROMEDRIVER} is missing (apt-get install -y chromium-driver)")
    return binary


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium session with a throw-away profile."""
    binary = chromium_binary()
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="policytext-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (*HEADLESS_FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A results folder with its explorer and findings pages written."""
    root = tmp_path_factory.mktemp("browser")
    results = build_results(root)
    options = terms_options()
    write_findings(results, options, results / "findings.html")
    write_explorer(
        Sources(
            results_dir=results,
            manifest=root / "corpus" / "manifest.csv",
            html_path=results / "explorer.html",
            concepts=options["focus"],
            terms_options=options,
            cap=25,
        )
    )
    return results


def listed(driver) -> list[tuple[str, str]]:
    """The (doc_id, position) of every passage the page lists."""
    from selenium.webdriver.common.by import By

    return [
        (item.get_attribute("data-doc"), item.get_attribute("data-position"))
        for item in driver.find_elements(By.CSS_SELECTOR, "#passage-list li.passage")
    ]


def choose(driver, select_id: str, value: str) -> None:
    """Pick an option of a select box by its value."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, select_id)).select_by_value(value)


def open_explorer(driver, pages: Path) -> None:
    """Load the explorer from the folder, as a researcher opening the file would."""
    driver.get((pages / "explorer.html").as_uri())
    assert not driver.get_log("browser") if hasattr(driver, "get_log") else True


def test_clicking_a_trend_point_lists_exactly_its_kwic_rows(browser, pages: Path) -> None:
    from selenium.webdriver.common.by import By

    open_explorer(browser, pages)
    choose(browser, "group", "all_raw")  # one document a year: the pooled group is estimated
    point = browser.find_element(
        By.CSS_SELECTOR, 'circle.point[data-year="2017"][data-group="all_raw"]'
    )
    point.click()
    kwic = read_table(pages / "terms" / "kwic" / "co-production.csv")
    expected = [(row["doc_id"], row["position"]) for row in kwic if row["year"] == "2017"]
    assert expected and listed(browser) == expected
    rates = read_table(pages / "terms" / "rates.csv")
    hits = next(
        row["hits"]
        for row in rates
        if (row["concept"], row["year"], row["group"]) == ("co-production", "2017", "all_raw")
    )
    count = browser.find_element(By.ID, "selection-count")
    assert count.get_attribute("data-total") == hits == str(len(expected))
    first = browser.find_element(By.CSS_SELECTOR, "#passage-list li.passage")
    assert kwic_row(kwic, *listed(browser)[0])["sentence"] in first.text
    link = first.find_element(By.CSS_SELECTOR, "a").get_attribute("href")
    page = kwic_row(kwic, *listed(browser)[0])["page"]
    assert link.endswith(f"corpus/pdf/{listed(browser)[0][0]}.pdf#page={page}")


def kwic_row(rows: list[dict[str, str]], doc_id: str, position: str) -> dict[str, str]:
    """The KWIC row of a listed passage."""
    return next(row for row in rows if (row["doc_id"], row["position"]) == (doc_id, position))


def searchable(row: dict[str, str]) -> str:
    """What the free-text filter searches: the KWIC line and its sentence (and the title)."""
    return " ".join(row[key] for key in ("left", "match", "right", "sentence")).lower()


def test_filters_narrow_a_frame_cell_to_the_matching_rows(browser, pages: Path) -> None:
    from selenium.webdriver.common.by import By

    open_explorer(browser, pages)
    cell = browser.find_element(
        By.CSS_SELECTOR, 'rect.cell[data-period="snp_2011"][data-group="all"]'
    )
    cell.click()
    documents = {row["doc_id"]: row for row in read_table(pages / "documents.csv")}
    kwic = read_table(pages / "terms" / "kwic" / "co-production.csv")
    in_period = [
        (row["doc_id"], row["position"])
        for row in kwic
        if documents[row["doc_id"]]["period"] == "snp_2011"
    ]
    assert listed(browser) == in_period
    choose(browser, "filter-doc-type", "third_sector")
    narrowed = [key for key in in_period if documents[key[0]]["doc_type"] == "third_sector"]
    assert 0 < len(narrowed) < len(in_period)
    assert listed(browser) == narrowed
    choose(browser, "filter-doc-type", "")
    browser.find_element(By.ID, "filter-text").send_keys("sharing power")
    searched = [key for key in in_period if "sharing power" in searchable(kwic_row(kwic, *key))]
    assert 0 < len(searched) < len(in_period)
    assert listed(browser) == searched


def test_clicking_a_keyness_bar_lists_the_words_uses(browser, pages: Path) -> None:
    from selenium.webdriver.common.by import By

    open_explorer(browser, pages)
    choose(browser, "comparison", "government_vs_third_sector")
    browser.find_element(By.CSS_SELECTOR, 'rect.bar[data-word="budget"]').click()
    row = next(
        row
        for row in read_table(pages / "terms" / "keyness.csv")
        if (row["comparison"], row["word"]) == ("government_vs_third_sector", "budget")
    )
    items = browser.find_elements(By.CSS_SELECTOR, "#passage-list li.passage")
    assert len(items) == int(row["target_count"])
    documents = {row["doc_id"]: row for row in read_table(pages / "documents.csv")}
    assert {documents[doc]["doc_type"] for doc, _ in listed(browser)} == {"government"}
    assert all("budget" in item.find_element(By.TAG_NAME, "b").text for item in items)


def test_clicking_a_topic_point_lists_that_years_documents(browser, pages: Path) -> None:
    from selenium.webdriver.common.by import By

    open_explorer(browser, pages)
    choose(browser, "topic", "2")
    browser.find_element(
        By.CSS_SELECTOR, 'circle.tpoint[data-year="2012"][data-group="all"]'
    ).click()
    documents = {row["doc_id"]: row for row in read_table(pages / "documents.csv")}
    expected = [
        row["doc_id"]
        for row in read_table(pages / "topics" / "doc_topics.csv")
        if row["topic"] == "2" and documents[row["doc_id"]]["year"] == "2012"
    ]
    assert [doc for doc, _ in listed(browser)] == expected


def test_every_number_on_the_findings_page_equals_its_table(browser, pages: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get((pages / "findings.html").as_uri())
    numbers = browser.find_elements(By.CSS_SELECTOR, "span.num")
    assert len(numbers) > 20
    keys = {
        "terms/rates.csv": ("concept", "year", "group"),
        "terms/changes.csv": ("concept", "group", "kind", "event", "from", "to"),
        "terms/keyness.csv": ("comparison", "key_for", "word"),
        "topics/contrasts.csv": ("topic", "group", "from", "to"),
    }
    tables = {
        name: {"|".join(row[key] for key in columns): row for row in read_table(pages / name)}
        for name, columns in keys.items()
    }
    for number in numbers:
        table = number.get_attribute("data-table")
        row = tables[table][number.get_attribute("data-row")]
        column = number.get_attribute("data-column")
        value = float(row[column])
        shown = fmt_p(value) if column in ("p_value", "q_value") else fmt(value)
        assert number.text == shown, (table, row, column)
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "rate ratio 2.46 [1.3, 4.64]" in text
    assert "snp_2011 to snp_2016" not in text  # not significant, so not a finding
