"""The whole pipeline on the embedded transports, against SQLite and a real PostgreSQL."""
from __future__ import annotations

import email.utils
from typing import Any

from sqlmodel import Session, select

from mailbot.store import raw as raw_store
from mailbot.store.models import InboundRow, OutboundRow

from . import mails
from .conftest import STAFF, TDC_ORDER, Bot, steps

PARTY = mails.PARTY[1]


def test_inquiry_to_connected_with_headers_and_ledger(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    assert steps(out) == [("starter_pack", PARTY)]
    m = out[0]
    ref = bot.case()["ref"]
    assert m["X-SDN-Case"] == ref and m["Subject"].startswith(f"[{ref}] ")
    assert m["Auto-Submitted"] == "auto-replied" and m["In-Reply-To"]
    assert m["Message-ID"].startswith(f"<{ref}.")
    assert sorted(p.get_filename() for p in m.iter_attachments()) == ["Databehandleraftale.pdf",
                                                                        "Tilslutningsaftale.pdf"]
    # the raw mail is kept in the ledger and the Maildir copy is filed away
    with Session(bot.app.engine) as s:
        (row,) = s.exec(select(InboundRow)).all()
        kept = raw_store.read(s, row)  # kept once, beside the database (mailbot/store/raw.py)
        assert row.raw_ref and row.raw == b"" and (kept.startswith(b"From:") or b"Message-ID" in kept)
        assert row.status == "done" and row.filed and row.outcome == "processed"
    assert list((bot.cfg.local.inbox / "new").iterdir()) == []
    assert len(list((bot.cfg.local.inbox / "cur").iterdir())) == 1

    bot.deliver(mails.agreements(ref))
    assert steps(bot.cycle("2026-11-09T09:15:00+01:00")) == [("information_form_request", PARTY)]
    bot.deliver(mails.form(ref))
    out = bot.cycle("2026-11-16T09:15:00+01:00")
    assert [s for s, _ in steps(out)] == ["forwarded_to_tdc", "tdc_order"]
    order = next(m for m in out if m["X-SDN-Step"] == "tdc_order")
    assert order["To"] == TDC_ORDER and order["Auto-Submitted"] == "auto-generated"
    assert [p.get_filename() for p in order.iter_attachments()] == ["Informationsskema.pdf"]
    assert bot.case()["ip_scopes"] == ["10.42.0.0/24", "10.42.8.0/22"]

    bot.deliver(mails.tdc(ref, "Installationen er aftalt til 14. januar 2027 kl. 09.00."))
    assert [s for s, _ in steps(bot.cycle("2026-11-20T13:03:00+01:00"))] == ["installation_confirmed"]
    assert bot.case()["installation_date"] == "2027-01-14"
    bot.deliver(mails.tdc(ref, "Installationen er gennemført og testet.", "2027-01-14T11:30:00+01:00"))
    out = bot.cycle("2027-01-14T11:33:00+01:00")
    told = {email.utils.getaddresses([str(m["To"])])[0][1] for m in out if m["X-SDN-Step"] == "connected"}
    assert told == {PARTY, STAFF}
    assert bot.case()["state"] == "connected"
    # a repeated cycle at the same moment sends nothing
    assert bot.cycle("2027-01-14T11:33:00+01:00") == []


def test_same_mail_twice_is_processed_once(bot: Bot) -> None:
    raw = mails.inquiry()
    bot.deliver(raw)
    bot.deliver(raw)
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    assert steps(out) == [("starter_pack", PARTY)]
    assert len(bot.cases()) == 1
    assert list((bot.cfg.local.inbox / "new").iterdir()) == []  # the copy is filed too


def test_crash_before_sending_loses_nothing(bot: Bot) -> None:
    from mailbot.clock import parse_now
    from mailbot.pipeline.context import StageContext
    from mailbot.pipeline.decide import DecideStage
    from mailbot.pipeline.fetch import FetchStage
    from mailbot.pipeline.parse import ParseStage
    from mailbot.pipeline.route import RouteStage

    bot.deliver(mails.inquiry())
    runner = bot.app.runner()
    ctx = StageContext(bot.cfg, bot.app.engine, parse_now("2026-11-02T09:15:00+01:00"))
    FetchStage(runner.inbox).run(ctx)
    ParseStage().run(ctx)
    RouteStage().run(ctx)
    DecideStage().run(ctx)  # ... and the process dies here: the mail is queued, not sent
    assert bot.new_mail() == []
    out = bot.cycle("2026-11-02T09:20:00+01:00")  # a new process
    assert steps(out) == [("starter_pack", PARTY)]
    assert bot.cycle("2026-11-02T09:25:00+01:00") == []


def test_crash_between_send_and_mark_leaves_one_copy(bot: Bot) -> None:
    """The SMTP server took the mail, then we died before marking it sent."""
    from mailbot.transport.files import FileSender

    class DiesAfterSending(FileSender):
        def send(self, raw: bytes, mail_from: str, rcpt_to: list[str], message_id: str,
                 before_final_dot: Any = None) -> None:
            super().send(raw, mail_from, rcpt_to, message_id, before_final_dot)
            raise KeyboardInterrupt("power cut")

    bot.deliver(mails.inquiry())
    runner = bot.app.runner()
    runner.sender = DiesAfterSending(bot.cfg.local.outbox)
    from mailbot.clock import parse_now

    try:
        runner.cycle(parse_now("2026-11-02T09:15:00+01:00"))
    except KeyboardInterrupt:
        pass
    with Session(bot.app.engine) as s:
        assert [o.status for o in s.exec(select(OutboundRow))] == ["delivering"]
    bot.cycle("2026-11-02T09:16:00+01:00")  # its sender is gone: written again at once, same Message-ID
    with Session(bot.app.engine) as s:
        assert [o.status for o in s.exec(select(OutboundRow))] == ["sent"]
    assert len(list(bot.cfg.local.outbox.glob("*.eml"))) == 1


def test_spoofed_sender_with_valid_reference_changes_nothing_and_gets_nothing(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    stranger = ("Fjordby IT", "it-support@vestby-kommune-sikker.example")
    bot.deliver(mails.mail(stranger, f"SV: [{ref}] Tilslutning til SDN",
                           "Vi har skiftet adresse, send alt hertil.", "2026-11-03T10:00:00+01:00",
                           pdfs=(("Informationsskema.pdf", mails.information_form()),)))
    out = bot.cycle("2026-11-03T10:05:00+01:00")
    assert all(stranger[1] not in str(m["To"]) + str(m["Cc"] or "") for m in out)
    assert [m["X-SDN-Step"] for m in out] == ["staff_notice"]
    case = bot.case()
    assert case["state"] == "awaiting_agreements" and case["ip_scopes"] == []
    assert stranger[1] not in [c["email"] for c in case["contacts"]]


def test_machines_get_no_answer(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    auto = mails.mail(mails.PARTY, f"Automatisk svar: [{ref}] Tilslutning", "Jeg er på ferie.",
                      "2026-11-02T09:16:00+01:00")
    auto = auto.replace(b"MIME-Version", b"Auto-Submitted: auto-replied\nMIME-Version", 1)
    listmail = mails.mail(("Nyt", "news@list.example"), "Nyhedsbrev", "Læs mere", "2026-11-02T09:17:00+01:00"
                          ).replace(b"MIME-Version", b"List-Id: <news.list.example>\nMIME-Version", 1)
    bot.deliver(auto)
    bot.deliver(listmail)
    assert bot.cycle("2026-11-02T09:20:00+01:00") == []
    assert bot.case()["state"] == "awaiting_agreements" and len(bot.cases()) == 1


def test_a_signing_service_s_signed_agreement_counts_and_the_machine_gets_no_answer(bot: Bot) -> None:
    # the party sends the data processor agreement; the signing service mails the signed connection agreement
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{ref}] Aftale", "Hermed databehandleraftalen.",
                           "2026-11-03T09:00:00+01:00",
                           pdfs=(("Databehandleraftale.pdf", mails.agreement("data_processor_agreement")),)))
    assert steps(bot.cycle("2026-11-03T09:05:00+01:00")) == [("agreements_incomplete", PARTY)]
    service = mails.mail(("Signing Service", "no-reply@signing-service.example"),
                         "Dokumentet er underskrevet: Tilslutningsaftale", "Alle har underskrevet. Kan ikke besvares.",
                         "2026-11-04T09:00:00+01:00",
                         pdfs=(("Tilslutningsaftale.pdf", mails.agreement("connection_agreement")),))
    bot.deliver(service.replace(b"MIME-Version", b"Auto-Submitted: auto-generated\nMIME-Version", 1))
    assert steps(bot.cycle("2026-11-04T09:05:00+01:00")) == [("information_form_request", PARTY)]
    assert bot.case()["state"] == "awaiting_information_form"


def test_staff_command_by_mail_only_from_staff(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    bot.deliver(mails.staff(ref, "AFVIS ikke en sundhedsaktør", sender=("Mallory", "mallory@evil.example")))
    bot.cycle("2026-11-03T09:00:00+01:00")
    assert bot.case()["state"] == "awaiting_agreements"
    bot.deliver(mails.staff(ref, "AFVIS ikke en sundhedsaktør", at="2026-11-03T10:00:00+01:00"))
    out = bot.cycle("2026-11-03T10:05:00+01:00")
    assert bot.case()["state"] == "rejected"
    assert ("rejected", PARTY) in steps(out)


def test_loop_breaker_holds_mail_beyond_the_daily_limit(tmp_path, db_url) -> None:  # type: ignore[no-untyped-def]
    bot = Bot(tmp_path, db_url, extra={"limits": {"max_automatic_mails_per_recipient_per_day": 1}})
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    bot.deliver(mails.agreements(ref, at="2026-11-02T10:00:00+01:00"))
    out = bot.cycle("2026-11-02T10:05:00+01:00")
    assert [m["X-SDN-Step"] for m in out] == ["staff_notice"]  # the information form request is held
    with Session(bot.app.engine) as s:
        held = s.exec(select(OutboundRow).where(OutboundRow.status == "held")).all()
        assert [o.step for o in held] == ["information_form_request"]


def test_scope_overlapping_another_case_asks_for_clarification(bot: Bot) -> None:
    from mailbot.demo import agreement, fill

    other = ("Per Hansen", "per@oestby-kommune.example")
    bot.deliver(mails.inquiry())
    bot.deliver(mails.mail(other, "Tilslutning til SDN", "Østby Kommune, CVR 81409668", "2026-11-02T09:01:00+01:00"))
    bot.cycle("2026-11-02T09:15:00+01:00")
    refs = {c["cvr"]: c["ref"] for c in bot.cases()}
    bot.deliver(mails.agreements(refs["29189846"]))
    bot.deliver(mails.form(refs["29189846"], at="2026-11-09T08:50:00+01:00"))
    bot.cycle("2026-11-09T09:15:00+01:00")
    assert next(c for c in bot.cases() if c["cvr"] == "29189846")["state"] == "sent_to_tdc"
    form2 = fill("information_form", {
        "org_name": "Østby Kommune", "org_cvr": "81409668", "orgcontact_name": other[0], "orgcontact_email": other[1],
        "tech1_name": "Tina", "tech1_email": "tina@oestby-kommune.example", "tech1_phone": "21436587",
        "ipscope_1": "10.42.0.0/16", "installation_street": "Torvet 2", "installation_postcode": "9998",
        "installation_city": "Østby"}, checks=("type_municipality",))
    bot.deliver(mails.mail(other, f"SV: [{refs['81409668']}] aftaler og skema", "Vedhæftet.",
                           "2026-11-18T09:00:00+01:00",
                           pdfs=(("T.pdf", agreement("connection_agreement", "Østby Kommune", "81409668")),
                                 ("D.pdf", agreement("data_processor_agreement", "Østby Kommune", "81409668")),
                                 ("skema.pdf", form2))))
    out = bot.cycle("2026-11-18T09:15:00+01:00")
    second = next(c for c in bot.cases() if c["cvr"] == "81409668")
    assert second["state"] == "clarification"
    (clar,) = [m for m in out if m["X-SDN-Step"] == "clarification"]
    body = clar.get_body(("plain",)).get_content()
    assert "10.42.0.0/16" in body and refs["29189846"] not in body and "Vestby" not in body


def test_message_id_threading_finds_the_case_without_subject_reference(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    (starter,) = bot.cycle("2026-11-02T09:15:00+01:00")
    raw = mails.mail(("Jens Other", "jens@vestby-kommune.example"), "SV: Tilslutning", "Hermed aftalerne",
                     "2026-11-09T08:00:00+01:00", reply_to=starter["Message-ID"],
                     pdfs=(("a.pdf", mails.agreement("connection_agreement")),
                           ("b.pdf", mails.agreement("data_processor_agreement"))))
    bot.deliver(raw)
    out = bot.cycle("2026-11-09T08:05:00+01:00")
    assert len(bot.cases()) == 1 and bot.case()["state"] == "awaiting_information_form"
    assert email.utils.parseaddr(str(out[0]["To"]))[1] == "jens@vestby-kommune.example"


def test_a_mail_that_cannot_be_rendered_is_kept_and_raised_to_staff(bot: Bot) -> None:
    from mailbot.clock import parse_now

    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    with Session(bot.app.engine) as s:
        case_id = s.exec(select(OutboundRow)).one().case_id
        s.add(OutboundRow(message_id="<broken@medcom.example>", case_id=case_id, step="no_such_step",
                          to_addrs=[PARTY], created_at=parse_now("2026-11-02T09:20:00+01:00")))
        s.commit()
    out = bot.cycle("2026-11-02T09:25:00+01:00")
    assert [m["X-SDN-Step"] for m in out] == ["staff_notice"]
    assert "no_such_step" in out[0].get_body(("plain",)).get_content()
    with Session(bot.app.engine) as s:
        broken = s.exec(select(OutboundRow).where(OutboundRow.step == "no_such_step")).one()
        assert broken.status == "failed" and broken.attempts == 3 and "unknown mail step" in (broken.last_error or "")
