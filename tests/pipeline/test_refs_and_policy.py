"""References past 9,999 and a custom prefix, and a reminder rule from configuration, through real pipeline
runs on SQLite and PostgreSQL (the Bot of conftest.py: Maildir in, .eml out, the real database)."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, col, select

from mailbot.store.models import CaseRow, InboundRow

from . import mails
from .conftest import Bot, steps

PARTY = mails.PARTY[1]


def _seed_case_ids(bot: Bot, last_id: int) -> None:
    """Make the next case's id last_id + 1, as a database that has opened that many cases would."""
    with Session(bot.app.engine) as s:
        if bot.app.engine.dialect.name == "postgresql":
            s.exec(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), :n)").bindparams(n=last_id))  # type: ignore[call-overload]
        else:  # SQLite gives max(rowid) + 1: an old, closed case holds the last id
            now = datetime(2025, 1, 1, tzinfo=UTC)
            s.add(CaseRow(id=last_id, ref=f"OLD-2025-{last_id}", state="rejected", created_at=now, updated_at=now))
        s.commit()


def _new(bot: Bot) -> list[dict[str, object]]:
    return [c for c in bot.cases() if not str(c["ref"]).startswith("OLD-")]


def test_a_case_past_10000_is_found_again_by_its_reference(tmp_path: Path, db_url: str) -> None:
    bot = Bot(tmp_path, db_url)
    _seed_case_ids(bot, 10_041)
    bot.deliver(mails.inquiry())
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    (case,) = _new(bot)
    assert case["ref"] == "SDN-2026-10042"
    assert out[0]["Subject"].startswith("[SDN-2026-10042] ") and out[0]["X-SDN-Case"] == "SDN-2026-10042"
    bot.deliver(mails.agreements("SDN-2026-10042"))
    assert steps(bot.cycle("2026-11-09T09:15:00+01:00")) == [("information_form_request", PARTY)]
    assert _new(bot)[0]["state"] == "awaiting_information_form"
    with Session(bot.app.engine) as s:
        readings = [r.reading or {} for r in s.exec(select(InboundRow).order_by(col(InboundRow.id)))]
    assert readings[-1]["message"]["case_ref"] == "SDN-2026-10042"
    # a staff command is obeyed only with the case's reference in the subject: it is read back
    bot.deliver(mails.staff("SDN-2026-10042", "HOLD"))
    bot.cycle("2026-11-10T09:15:00+01:00")
    assert _new(bot)[0]["ref"] == "SDN-2026-10042"
    with Session(bot.app.engine) as s:
        assert s.exec(select(CaseRow).where(CaseRow.ref == "SDN-2026-10042")).one().on_hold


def test_a_custom_prefix_is_written_and_read_back(tmp_path: Path, db_url: str) -> None:
    bot = Bot(tmp_path, db_url, extra={"general": {"case_ref_prefix": "Hdn"}})
    _seed_case_ids(bot, 123_455)
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    (case,) = _new(bot)
    assert case["ref"] == "HDN-2026-123456"
    # a staff command by mail needs the reference in the subject: read with the configured prefix
    bot.deliver(mails.staff("HDN-2026-123456", "NOTE ringede til Mette"))
    bot.cycle("2026-11-03T09:15:00+01:00")
    from mailbot.views import case_timeline

    assert "ringede til Mette" in (case_timeline(bot.app.engine, "HDN-2026-123456") or "")


def test_a_reminder_rule_from_configuration_runs_in_the_pipeline(tmp_path: Path, db_url: str) -> None:
    # one row: the party is reminded after 2 working days, three times; today's default would wait 5
    bot = Bot(tmp_path, db_url, extra={"reminders": {"rule": [
        {"state": "awaiting_agreements", "remind": "party", "after_working_days": 2, "times": 3}]}})
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")  # Monday: the starter pack
    assert bot.cycle("2026-11-03T10:00:00+01:00") == []
    out = bot.cycle("2026-11-04T10:00:00+01:00")  # two working days later
    assert steps(out) == [("reminder", PARTY)]
    assert out[0]["Subject"].startswith("[") and "Påmindelse" in str(out[0]["Subject"])
