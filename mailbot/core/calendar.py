"""Danish working days: weekends and Danish public holidays (the `holidays` package) do not count."""
from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("DK", years=year).keys())
    # Christmas Eve and New Year's Eve are not statutory holidays but public offices are closed
    days |= {date(year, 12, 24), date(year, 12, 31)}
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def add_working_days(start: datetime, n: int, tz: tzinfo | None = None) -> datetime:
    """The moment n working days after start, at the same time of day, the days counted in tz (the
    configured `[general] timezone`; without one, start's own zone)."""
    current = start.astimezone(tz) if tz is not None and start.tzinfo is not None else start
    remaining = n
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current.date()):
            remaining -= 1
    return current


def working_days_between(start: datetime, end: datetime, tz: tzinfo | None = None) -> int:
    """Whole working days that have passed from start to end (0 if end is before start), counted in tz."""
    count = 0
    current = start.astimezone(tz) if tz is not None and start.tzinfo is not None else start
    while True:
        nxt = add_working_days(current, 1)
        if nxt > end:
            return count
        count += 1
        current = nxt
