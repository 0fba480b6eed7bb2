"""Political periods and dated policy events, shared by the term and topic stages.

``periods`` and ``events`` come from the config. A document belongs to the period that
contains its date; a document with only a year is placed on the 1st of July of that year,
so that a year split between two administrations goes to the one that held most of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policytext.errors import UserError


@dataclass(frozen=True)
class Period:
    """A political or policy era: ``start`` inclusive, ``end`` exclusive (None: ongoing)."""

    name: str
    start: dt.date
    end: dt.date | None
    label: str = ""

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` falls in this period."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Event:
    """A dated policy event drawn as a vertical line on time-series figures."""

    date: dt.date
    label: str
    name: str = ""

    @property
    def year_fraction(self) -> float:
        """The event's position on a year axis (2014-04-01 -> about 2014.25)."""
        start = dt.date(self.date.year, 1, 1)
        days = (dt.date(self.date.year + 1, 1, 1) - start).days
        return self.date.year + (self.date - start).days / days


def parse_date(value: Any, *, key: str) -> dt.date:
    """Read a config date given as YYYY, YYYY-MM or YYYY-MM-DD; ``key`` names it in errors."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    parts = text.split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise UserError(
            f"{key}: {text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
        ) from error


def parse_periods(raw: Iterable[Mapping[str, Any]]) -> list[Period]:
    """Build periods from config entries ``{name, start, end?, label?}``, sorted by start.

    Raises UserError when a period ends before it starts or two periods overlap.
    """
    periods = []
    for index, entry in enumerate(raw):
        key = f"periods[{index}]"
        start = parse_date(entry["start"], key=f"{key}.start")
        end = parse_date(entry["end"], key=f"{key}.end") if entry.get("end") else None
        if end is not None and end <= start:
            raise UserError(f"{key} ({entry['name']}): end {end} is not after start {start}")
        periods.append(Period(str(entry["name"]), start, end, str(entry.get("label", ""))))
    periods.sort(key=lambda period: period.start)
    for earlier, later in zip(periods, periods[1:], strict=False):
        if earlier.end is None or earlier.end > later.start:
            raise UserError(
                f"periods {earlier.name!r} and {later.name!r} overlap; "
                "give each period an end no later than the next one's start"
            )
    return periods


def parse_events(raw: Iterable[Mapping[str, Any]]) -> list[Event]:
    """Build events from config entries ``{date, label, name?}``, sorted by date."""
    events = [
        Event(
            parse_date(entry["date"], key=f"events[{index}].date"),
            str(entry["label"]),
            str(entry.get("name", "")),
        )
        for index, entry in enumerate(raw)
    ]
    return sorted(events, key=lambda event: event.date)


def document_day(year: int, date: str | None = None) -> dt.date:
    """The day used to place a document in time: its date, else the 1st of July of its year."""
    if date:
        return dt.date.fromisoformat(date)
    return dt.date(int(year), 7, 1)


def period_of(day: dt.date, periods: Sequence[Period]) -> str | None:
    """The name of the period containing ``day``, or None when no period does."""
    for period in periods:
        if period.contains(day):
            return period.name
    return None
