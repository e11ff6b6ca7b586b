"""Mails of one party read in one run of the daemon: what the first asked for and the second brought is not
asked for (a request still queued when its case has moved on is withdrawn, `store.cases.withdraw_stale`)."""
from __future__ import annotations

from sqlmodel import Session, select

from mailbot.store.models import OutboundRow, TimelineRow

from . import mails
from .conftest import Bot, steps

PARTY = mails.PARTY[1]


def _started(bot: Bot) -> str:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref: str = bot.case()["ref"]
    return ref


def test_agreements_in_two_mails_a_minute_apart_ask_for_nothing(bot: Bot) -> None:
    ref = _started(bot)
    subject = f"SV: [{ref}] Tilslutning til SDN"
    first = mails.mail(mails.PARTY, subject, "Hermed den ene aftale. Den anden følger.", "2026-11-09T08:40:00+01:00",
                       pdfs=(("Tilslutningsaftale.pdf", mails.agreement("connection_agreement")),))
    bot.deliver(first)
    bot.deliver(mails.mail(mails.PARTY, "SV: " + subject, "Og her er den anden.", "2026-11-09T08:41:00+01:00",
                           pdfs=(("Databehandleraftale.pdf", mails.agreement("data_processor_agreement")),)))
    # read together: the party is not told the data processor agreement is missing, only asked for the form
    assert steps(bot.cycle("2026-11-09T08:45:00+01:00")) == [("information_form_request", PARTY)]
    assert bot.case()["state"] == "awaiting_information_form"
    with Session(bot.app.engine) as s:
        withdrawn = s.exec(select(OutboundRow).where(OutboundRow.status == "withdrawn")).all()
        assert [o.step for o in withdrawn] == ["agreements_incomplete"] and withdrawn[0].raw is None
        entries = s.exec(select(TimelineRow).where(TimelineRow.kind == "mail_withdrawn")).all()
        assert [e.outbound_id for e in entries] == [withdrawn[0].id]
    assert bot.cycle("2026-11-09T08:50:00+01:00") == []  # and it is never sent later


def test_the_agreements_and_the_form_in_two_mails_read_together_go_to_tdc(bot: Bot) -> None:
    ref = _started(bot)
    bot.deliver(mails.agreements(ref, at="2026-11-09T08:40:00+01:00"))
    bot.deliver(mails.form(ref, at="2026-11-09T08:41:00+01:00"))
    # not asked for the form it sent a minute after the agreements
    assert [s for s, _ in steps(bot.cycle("2026-11-09T08:45:00+01:00"))] == ["forwarded_to_tdc", "tdc_order"]


def test_a_request_the_case_still_wants_is_sent(bot: Bot) -> None:
    ref = _started(bot)
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{ref}] Tilslutning til SDN", "Hermed den ene aftale.",
                           "2026-11-09T08:40:00+01:00",
                           pdfs=(("Tilslutningsaftale.pdf", mails.agreement("connection_agreement")),)))
    assert steps(bot.cycle("2026-11-09T08:45:00+01:00")) == [("agreements_incomplete", PARTY)]
