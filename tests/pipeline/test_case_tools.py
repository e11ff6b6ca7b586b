"""Staff's case tools end to end, on SQLite and PostgreSQL: merge, move, split, take/release and search
(mailbot/cases.py), each through the case machine, with the mails it causes sent as for any decision."""
from __future__ import annotations

from sqlmodel import Session, col, select

from mailbot import cases
from mailbot.clock import parse_now
from mailbot.pipeline.digest import digest_facts
from mailbot.store.models import CaseRow, InboundRow, TimelineRow
from tests.pipeline import mails
from tests.pipeline.conftest import STAFF, Bot, steps

IB = ("Ib Tandpleje", "ib@vestby-tand.example")
AT = parse_now("2026-11-09T10:02:00+01:00")  # staff act between two cycles


def _ids(bot: Bot, ref: str) -> list[int]:
    with Session(bot.app.engine) as s:
        row = s.exec(select(CaseRow).where(CaseRow.ref == ref)).one()
        return [i for i in s.exec(select(InboundRow.id).where(InboundRow.case_id == row.id)
                                  .order_by(col(InboundRow.id))).all() if i is not None]


def _timeline(bot: Bot, ref: str, kind: str) -> list[TimelineRow]:
    with Session(bot.app.engine) as s:
        row = s.exec(select(CaseRow).where(CaseRow.ref == ref)).one()
        return list(s.exec(select(TimelineRow).where(TimelineRow.case_id == row.id, TimelineRow.kind == kind)))


def _two_cases(bot: Bot) -> tuple[str, str]:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T10:00:00+01:00")
    bot.deliver(mails.mail(IB, "Tilslutning til SDN", "Hej MedCom\n\nVi vil gerne tilsluttes SDN.\n\nIb",
                           "2026-11-03T09:00:00+01:00"))
    bot.cycle("2026-11-03T10:00:00+01:00")
    a, b = (c["ref"] for c in bot.cases())
    return a, b


def test_merged_cases_answer_to_both_references(bot: Bot) -> None:
    a, b = _two_cases(bot)
    ok, message = cases.merge(bot.app, a, b, STAFF, now=parse_now("2026-11-04T09:00:00+01:00"))
    assert ok, message
    (case,) = bot.cases()
    assert case["ref"] == a and {c["email"] for c in case["contacts"]} >= {IB[1], mails.PARTY[1]}
    assert len(_ids(bot, a)) == 2  # the other's mail moved here
    (merged,) = _timeline(bot, a, "merged")
    assert merged.actor == STAFF and b in merged.text
    # Ib answers the starter pack of the case that is gone: by its reference, the survivor takes it
    bot.deliver(mails.agreements(b, sender=IB))
    sent = bot.cycle("2026-11-09T10:00:00+01:00")
    assert ("information_form_request", IB[1]) in steps(sent)
    assert all(f"[{a}]" in str(m["Subject"]) for m in sent)
    assert bot.case()["state"] == "awaiting_information_form"
    assert cases.merge(bot.app, a, b, STAFF) == (False, f"{a} and {b} are already one case ({a})")
    assert cases.search(bot.app.engine, b) == [a]
    # a new organisation's case never takes the merged case's reference (SQLite would reuse its id)
    bot.deliver(mails.mail(("Kim Ny", "kim@nordby-kommune.example"), "Tilslutning til SDN", "Nordby vil gerne på SDN.",
                           "2026-11-10T09:00:00+01:00"))
    bot.cycle("2026-11-10T10:00:00+01:00")
    assert [c["ref"] for c in bot.cases() if c["ref"] != a][0] not in (a, b)


def test_a_mail_moved_to_another_case_is_decided_there(bot: Bot) -> None:
    a, b = _two_cases(bot)
    # Ib names case B in the subject, but the agreements carry case A's CVR: the clues disagree, so the mail
    # is put on no case and staff are told
    bot.deliver(mails.agreements(b, sender=IB))
    bot.cycle("2026-11-09T10:00:00+01:00")
    with Session(bot.app.engine) as s:
        (moved,) = s.exec(select(InboundRow.id).where(col(InboundRow.case_id).is_(None))).all()
    assert moved is not None
    ok, message = cases.move_mail(bot.app, moved, a, STAFF, now=AT)
    assert ok, message
    sent = bot.cycle("2026-11-09T10:05:00+01:00")
    assert ("information_form_request", IB[1]) in steps(sent) and all(f"[{a}]" in str(m["Subject"]) for m in sent)
    assert next(c for c in bot.cases() if c["ref"] == a)["state"] == "awaiting_information_form"
    assert moved in _ids(bot, a)
    (entry,) = _timeline(bot, a, "mail_moved")
    assert entry.actor == STAFF and "from no case" in entry.text
    # and on from A to B, where it is decided again (B accepts the agreements); A records that it left
    ok, message = cases.move_mail(bot.app, moved, b, STAFF, now=AT)
    assert ok, message
    assert moved in _ids(bot, b) and moved not in _ids(bot, a)
    assert [t.actor for t in _timeline(bot, a, "mail_moved")] == [STAFF, STAFF]
    assert next(c for c in bot.cases() if c["ref"] == b)["state"] == "awaiting_information_form"
    assert cases.move_mail(bot.app, moved, b, STAFF, now=AT)[0] is False  # already there
    assert cases.move_mail(bot.app, 10**12, a, STAFF)[0] is False


def test_split_opens_a_case_for_the_other_organisation_and_the_first_forgets_its_people(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T10:00:00+01:00")
    a = bot.case()["ref"]
    other = ("Ib Tandpleje", "ib@vestby-kommune.example")  # the learned domain: the mail joins case A
    bot.deliver(mails.mail(other, f"SV: [{a}] Tilslutning til SDN",
                           "Hej\n\nJeg skriver for Vestby Tandpleje, en anden klinik, som også vil på SDN.\n\nIb",
                           "2026-11-03T09:00:00+01:00"))
    bot.cycle("2026-11-03T10:00:00+01:00")
    theirs = _ids(bot, a)[-1]
    assert other[1] in {c["email"] for c in bot.case()["contacts"]}
    ok, message = cases.split(bot.app, a, [theirs], STAFF, now=parse_now("2026-11-03T10:02:00+01:00"))
    assert ok, message
    sent = bot.cycle("2026-11-03T10:05:00+01:00")
    new = next(c for c in bot.cases() if c["ref"] != a)
    assert ("starter_pack", other[1]) in steps(sent)
    assert {c["email"] for c in new["contacts"]} == {other[1]}
    first = next(c for c in bot.cases() if c["ref"] == a)
    assert other[1] not in {c["email"] for c in first["contacts"]}  # A never writes to Ib about itself
    assert _ids(bot, new["ref"]) == [theirs]
    assert "split off" in _timeline(bot, new["ref"], "mail_moved")[0].text


def test_take_release_and_search(bot: Bot) -> None:
    a, b = _two_cases(bot)
    assert cases.ownership(bot.app, a, STAFF, take=True)[0]
    assert next(c for c in bot.cases() if c["ref"] == a)["owner"] == STAFF
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{a}] Spørgsmål", "Hvornår kommer udstyret?",
                           "2026-11-04T09:00:00+01:00"))
    bot.cycle("2026-11-04T10:00:00+01:00")  # a question without the agreements: the case needs a person
    with Session(bot.app.engine) as s:
        facts = digest_facts(s, parse_now("2026-11-05T07:00:00+01:00"), None)
    assert [(x.ref, x.owner) for x in facts.attention] == [(a, STAFF)]
    assert [t.actor for t in _timeline(bot, a, "owner")] == [STAFF]
    assert cases.ownership(bot.app, a, STAFF, take=False)[0]
    assert next(c for c in bot.cases() if c["ref"] == a)["owner"] is None
    assert cases.search(bot.app.engine, "VESTBY-TAND") == [b]  # a contact's address, any case
    assert cases.search(bot.app.engine, "tilslutning til sdn") == [b, a]  # mail subjects, newest first
    assert cases.search(bot.app.engine, "50%_") == []  # LIKE's wildcards are text
    assert cases.search(bot.app.engine, "  ") == []
