"""The Danish working-day calendar across Christmas and Easter."""
from __future__ import annotations

from mailbot.core.calendar import add_working_days, is_working_day, working_days_between

from .helpers import at


def test_weekend_is_skipped() -> None:
    assert add_working_days(at("2026-11-06T10:00:00"), 1) == at("2026-11-09T10:00:00")  # Fri -> Mon


def test_christmas_2026() -> None:
    # 23 Dec (Wed) + 1 -> 24, 25, 26 closed, 27 Sun, so 28 Dec (Mon)
    assert add_working_days(at("2026-12-23T09:00:00"), 1) == at("2026-12-28T09:00:00")
    # 28, 29, 30 Dec, then 31 Dec and 1 Jan closed, 2-3 Jan weekend: 5 working days end on 6 Jan
    assert add_working_days(at("2026-12-23T09:00:00"), 5) == at("2027-01-05T09:00:00")


def test_easter_2027() -> None:
    # Maundy Thursday 25 Mar, Good Friday 26 Mar, Easter Monday 29 Mar 2027
    for day in ("2027-03-25", "2027-03-26", "2027-03-29"):
        assert not is_working_day(at(day + "T00:00:00").date())
    assert add_working_days(at("2027-03-24T12:00:00"), 1) == at("2027-03-30T12:00:00")


def test_working_days_between() -> None:
    assert working_days_between(at("2026-11-02T09:08:00"), at("2026-11-06T15:00:00")) == 4
    assert working_days_between(at("2026-11-02T09:08:00"), at("2026-11-10T10:00:00")) == 6
    assert working_days_between(at("2026-11-10T10:00:00"), at("2026-11-02T10:00:00")) == 0
