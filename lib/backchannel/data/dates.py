"""Partial dates written at the precision the sources give (YYYY, YYYY-MM, YYYY-MM-DD)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISIONS = ("year", "month", "day")
# The pattern that marks a field as a partial date in data/datapackage.json.
SCHEMA_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


class PartialDate(NamedTuple):
    """A date known to a year, a month or a day, with the first and last day it may mean."""

    text: str
    precision: str
    first: dt.date
    last: dt.date


def parse(text: str) -> PartialDate:
    """Parse `text`; raise ValueError naming what is wrong (month 13, 30 February...)."""
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return PartialDate(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist: {text!r}")
    month_days = calendar.monthrange(year, month)[1]
    if day is None:
        return PartialDate(text, "month", dt.date(year, month, 1), dt.date(year, month, month_days))
    if not 1 <= day <= month_days:
        raise ValueError(f"day {day} does not exist in {year}-{month:02d}: {text!r}")
    exact = dt.date(year, month, day)
    return PartialDate(text, "day", exact, exact)


def in_words(text) -> str:
    """A partial date as a reader writes it, at its own precision: '2014-12-17' -> '17 December 2014',
    '2013-06' -> 'June 2013', '2013' -> '2013'."""
    date = parse(str(text))
    if date.precision == "year":
        return date.text
    month = calendar.month_name[date.first.month]
    return f"{month} {date.first.year}" if date.precision == "month" else f"{date.first.day} {month} {date.first.year}"


def span_in_words(start, end=None, open_end: str | None = None) -> str:
    """A period from `start` to `end` in words; one date when both are the same; when `end` is blank,
    'to `open_end`' or, without one, 'onwards'."""
    blank = end is None or str(end) in ("", "nan", "NaT", "<NA>", "None")
    if blank:
        return f"{in_words(start)} " + (f"to {open_end}" if open_end else "onwards")
    if str(start) == str(end):
        return in_words(start)
    first, last = parse(str(start)), parse(str(end))
    order = PRECISIONS.index
    if order(first.precision) < order(last.precision) and first.first <= last.first <= first.last:
        # 'January 2025' to '14 January 2025': a start known to the month, an end known to the day within it
        return f"{in_words(start)}, until {in_words(end)}"
    if order(first.precision) > order(last.precision) and last.first <= first.first <= last.last:
        # "26 October 1962" to "October 1962": an end known only to the month or year the talks began in
        return f"from {in_words(start)}, ending in {in_words(end)}"
    return f"{in_words(start)} to {in_words(end)}"


AS_OF_ENV = "BACKCHANNEL_AS_OF"


def as_of(value=None) -> dt.date:
    """The day the reports count "today" from: `value`, else $BACKCHANNEL_AS_OF, else today (UTC).

    The build sets one date for every report, so the same data and date always give the same pages."""
    import os

    text = str(value or os.environ.get(AS_OF_ENV) or "").strip()
    if not text:
        return dt.datetime.now(dt.timezone.utc).date()
    try:
        day = parse(text)
    except ValueError as exc:
        raise ValueError(f"as-of date: {exc}; give a day as YYYY-MM-DD, e.g. 2026-12-06") from None
    if day.precision != "day":
        raise ValueError(f"as-of date {text!r} is not a day; give it as YYYY-MM-DD, e.g. 2026-12-06")
    return day.first
