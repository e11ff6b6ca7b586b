"""`[general] timezone` reaches the clock, working days, the digest's hour and the dates in mails."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailbot import clock
from mailbot.config import from_dict
from mailbot.pipeline.digest import digest_due
from mailbot.wording import longdate

from . import mails
from .conftest import Bot

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def _restore_zone() -> Iterator[None]:
    before = clock.zone()
    yield
    clock.use_zone(before)


def test_the_digest_goes_out_at_the_configured_zones_hour(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 3, 11, 30, tzinfo=UTC)  # 12:30 in Copenhagen, 06:30 in New York
    cph = from_dict({"digest": {"time": "07:00"}}, tmp_path, {})
    ny = from_dict({"digest": {"time": "07:00"}, "general": {"timezone": "America/New_York"}}, tmp_path, {})
    assert digest_due(moment, cph, None) is True
    assert digest_due(moment, ny, None) is False
    assert digest_due(datetime(2026, 11, 3, 12, 5, tzinfo=UTC), ny, None) is True


def test_dates_in_mails_and_the_clock_follow_the_zone() -> None:
    clock.use_zone(NEW_YORK)
    assert longdate(datetime(2027, 1, 14, 14, 0, tzinfo=UTC)) == "14. januar 2027 kl. 09.00"
    assert clock.parse_now("2027-01-14T09:00").utcoffset() == NEW_YORK.utcoffset(datetime(2027, 1, 14))
    assert clock.SystemClock().now().tzinfo is NEW_YORK


def test_a_case_in_another_zone_end_to_end(tmp_path: Path) -> None:
    bot = Bot(tmp_path, f"sqlite:///{tmp_path / 'bot.db'}", extra={"general": {"timezone": "America/New_York"}})
    bot.deliver(mails.inquiry(at="2026-11-02T09:12:00-05:00"))
    (starter,) = bot.cycle("2026-11-02T09:15:00-05:00")
    assert str(starter["Date"]).endswith("-0500")
    ref = bot.case()["ref"]
    bot.deliver(mails.agreements(ref))
    bot.cycle("2026-11-09T09:15:00-05:00")
    bot.deliver(mails.form(ref))
    bot.cycle("2026-11-16T09:15:00-05:00")
    # TDC writes a local time with no zone: it is New York's, and the party reads it back as written
    bot.deliver(mails.tdc(ref, "Installationen er aftalt til 14. januar 2027 kl. 09.00."))
    (confirmed,) = bot.cycle("2026-11-20T13:03:00-05:00")
    assert confirmed["X-SDN-Step"] == "installation_confirmed"
    assert "14. januar 2027 kl. 09.00" in confirmed.get_body(("plain",)).get_content()
    assert bot.case()["installation_date"] == "2027-01-14"
