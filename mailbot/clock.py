"""The clock at the edge: the core never reads the time, the shell hands it in (and `--now` fixes it).

Moments are shown and counted in the configured `[general] timezone`: the process takes it from its
configuration at start (`use_zone`, called by `App.open` and the command line), and the pure core gets
it explicitly (`Settings.tz`).
"""
from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from .config import DEFAULT_TIMEZONE

DANISH = ZoneInfo(DEFAULT_TIMEZONE)  # the default zone under its older name; the configured one is zone()
_zone: tzinfo = DANISH


def use_zone(tz: tzinfo) -> None:
    """The configured zone, for this process's clock, stored moments and dates in mails."""
    global _zone
    _zone = tz


def zone() -> tzinfo:
    return _zone


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def __init__(self, tz: tzinfo | None = None) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz or _zone)


class FixedClock:
    """A replayed moment: a scenario across weeks runs in seconds."""

    def __init__(self, moment: datetime, tz: tzinfo | None = None) -> None:
        tz = tz or _zone
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        self.moment = moment.astimezone(tz)

    def now(self) -> datetime:
        return self.moment


def parse_now(text: str, tz: tzinfo | None = None) -> datetime:
    """An ISO 8601 moment; without an offset it is local time in the configured zone."""
    tz = tz or _zone
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def local(moment: datetime | None, tz: tzinfo | None = None) -> datetime | None:
    """Stored moments come back from SQLite without an offset; they were written in UTC or local time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz or _zone)
