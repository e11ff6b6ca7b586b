"""The clock at the edge: the core never reads the time, the shell hands it in (and `--now` fixes it)."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

DANISH = ZoneInfo("Europe/Copenhagen")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def __init__(self, tz: ZoneInfo = DANISH) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)


class FixedClock:
    """A replayed moment: a scenario across weeks runs in seconds."""

    def __init__(self, moment: datetime, tz: ZoneInfo = DANISH) -> None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        self.moment = moment.astimezone(tz)

    def now(self) -> datetime:
        return self.moment


def parse_now(text: str, tz: ZoneInfo = DANISH) -> datetime:
    """An ISO 8601 moment; without an offset it is Danish local time."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def local(moment: datetime | None, tz: ZoneInfo = DANISH) -> datetime | None:
    """Stored moments come back from SQLite without an offset; they were written in UTC or local time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)
