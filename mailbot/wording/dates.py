"""Dates in a mail's language: Babel formats them in the catalog's locale after the pattern the catalog
gives, in the configured `[general] timezone` (every reader is there)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..clock import zone
from ..core.i18n import DEFAULT_LANGUAGE
from .names import words


def _local(value: datetime) -> datetime:
    """Aware datetimes are shown in the configured `[general] timezone` (every reader is there)."""
    if value.tzinfo is None:
        return value
    return value.astimezone(zone())


def _as_date_or_datetime(value: Any) -> date | datetime | None:
    """Accept ISO strings too, because values may come straight from JSON or the database."""
    if value is None or value == "":
        return None
    if isinstance(value, date):  # datetime is a date subclass
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def longdate(value: Any, time: bool = True, lang: str = DEFAULT_LANGUAGE) -> str:
    """``14. januar 2027 kl. 09.00`` / ``14 January 2027 at 09:00``; a date alone has no time part.

    Babel formats it in the catalog's locale (the mail's language, never the server's), after the
    pattern the catalog gives.
    """
    w = words(lang)
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return w.pgettext("date", "not yet set") if value in (None, "") else str(value)
    if isinstance(parsed, datetime):
        parsed = _local(parsed)
        if not time:
            parsed = parsed.date()
    if isinstance(parsed, datetime):
        return w.format_datetime(parsed, w.pgettext("date pattern", "d MMMM y 'at' HH:mm"))
    return w.format_date(parsed, w.pgettext("date pattern", "d MMMM y"))


def shortdate(value: Any, time: bool = True, lang: str = DEFAULT_LANGUAGE) -> str:
    """Compact date for tables and lists: ``14.01.2027 09.00`` / ``2027-01-14 09:00``."""
    w = words(lang)
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return "" if value in (None, "") else str(value)
    if isinstance(parsed, datetime) and not time:
        parsed = _local(parsed).date()
    if isinstance(parsed, datetime):
        return w.format_datetime(_local(parsed), w.pgettext("short date pattern", "yyyy-MM-dd HH:mm"))
    return w.format_date(parsed, w.pgettext("short date pattern", "yyyy-MM-dd"))

