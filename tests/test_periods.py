"""Periods and events from the config: parsing, placement of documents, bad dates."""

import datetime as dt

import pytest
import yaml

from policytext.errors import UserError
from policytext.periods import (
    document_day,
    parse_date,
    parse_events,
    parse_periods,
    period_of,
)
from tests.support.paths import PROJECT


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2014", dt.date(2014, 1, 1)), ("2014-04", dt.date(2014, 4, 1)), (2011, dt.date(2011, 1, 1))],
)
def test_parse_date_accepts_partial_dates(value, expected):
    assert parse_date(value, key="k") == expected


def test_parse_date_names_the_key():
    with pytest.raises(UserError, match=r"events\[2\]\.date: '2014-13-01'"):
        parse_date("2014-13-01", key="events[2].date")


def test_overlapping_periods_are_refused():
    raw = [
        {"name": "a", "start": "2000", "end": "2005"},
        {"name": "b", "start": "2004", "end": "2008"},
    ]
    with pytest.raises(UserError, match="'a' and 'b' overlap"):
        parse_periods(raw)


def test_year_only_documents_go_to_the_period_holding_july():
    periods = parse_periods(
        [
            {"name": "snp_2007", "start": "2007-05-03", "end": "2011-05-05"},
            {"name": "snp_2011", "start": "2011-05-05"},
        ]
    )
    assert period_of(document_day(2011), periods) == "snp_2011"
    assert period_of(document_day(2011, "2011-03-01"), periods) == "snp_2007"
    assert period_of(document_day(2001), periods) is None


def test_event_year_fraction():
    (event,) = parse_events([{"date": "2014-04-01", "label": "Act"}])
    assert event.year_fraction == pytest.approx(2014 + 90 / 365)


def test_default_config_periods_and_events_parse():
    config = yaml.safe_load((PROJECT / "config.yaml").read_text(encoding="utf-8"))
    periods = parse_periods(config["periods"])
    events = parse_events(config["events"])
    assert periods[0].start == dt.date(1999, 5, 6)
    christie = [event for event in events if event.name == "christie"]
    assert christie and christie[0].date == dt.date(2011, 6, 29)
