"""Trust in mail (issue 14): spoofed staff commands, machines recognised. Each mail goes through the
embedded Maildir and one cycle of the runner (what `mailbot run --once` runs); each asserts that nothing
moved and nothing went to a machine or a stranger."""
from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from . import mails
from .conftest import Bot, steps
from .test_staff import FOREIGN, _foreign_case_waiting_for_the_steering_group

AR = "Authentication-Results: mx.medcom.example; "


def _with_headers(raw: bytes, *headers: str, drop_from: bool = False) -> bytes:
    """raw with headers put on top (as receiving servers add them) and, if asked, its From removed."""
    lines = raw.split(b"\n")
    if drop_from:
        lines = [ln for ln in lines if not ln.lower().startswith(b"from:")]
    return b"".join(h.encode("utf-8") + b"\n" for h in headers) + b"\n".join(lines)


def _godkend(ref: str) -> bytes:
    return mails.staff(ref, "GODKEND", at="2026-11-04T10:00:00+01:00")


def _unmoved(bot: Bot, out: list, ref: str) -> None:
    case = bot.case()
    assert case["ref"] == ref and case["state"] == "awaiting_steering_group"
    assert all(m["X-SDN-Step"] == "staff_notice" for m in out), steps(out)
    assert FOREIGN[1] not in {str(m["To"]) for m in out}


@pytest.mark.parametrize("headers", [
    # three A-R headers of our own server, the fail only in the third
    (AR + "spf=pass smtp.mailfrom=medcom.example; dkim=pass header.d=medcom.example; dmarc=pass "
     "header.from=medcom.example", AR + "arc=none", AR + "dkim=fail header.d=medcom.example; dmarc=fail "
     "header.from=medcom.example"),
    # a comment that spells pass before the real verdicts
    (AR + "spf=pass (mx.medcom.example: domain of dkim=pass.dmarc=pass@attacker.example designates 192.0.2.1) "
     "smtp.mailfrom=attacker.example; dkim=fail header.d=medcom.example; dmarc=fail header.from=medcom.example",),
], ids=["fail-in-third-header", "pass-in-a-comment"])
def test_a_fail_in_any_authentication_results_stops_a_staff_command(bot: Bot, headers: tuple[str, ...]) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    bot.deliver(_with_headers(_godkend(ref), *headers))
    _unmoved(bot, bot.cycle("2026-11-04T10:05:00+01:00"), ref)


@pytest.mark.parametrize("from_headers", [
    ["From: anne.staff@medcom.example <evil@attacker.example>"],
    ["From: =?utf-8?q?anne.staff=40medcom.example?="],
    ["From: Anne Staff <anne.staff@medcom.example>", "From: Eve <evil@attacker.example>"],
    ["From : Anne Staff <anne.staff@medcom.example>", "From: Eve <evil@attacker.example>"],
], ids=["name-is-an-address", "address-in-encoded-word", "two-from", "from-space-colon"])
def test_a_from_that_cannot_be_believed_gives_no_staff_command(bot: Bot, from_headers: list[str]) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    bot.deliver(_with_headers(_godkend(ref), *from_headers, drop_from=True))
    _unmoved(bot, bot.cycle("2026-11-04T10:05:00+01:00"), ref)


def test_a_kelvin_sign_domain_does_not_pass_for_the_case_domain(bot: Bot) -> None:
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    forged = _with_headers(mails.agreements(ref), "From: Eve <eve@vestby-\u212aommune.example>", drop_from=True)
    bot.deliver(forged)
    out = bot.cycle("2026-11-09T09:00:00+01:00")
    assert bot.case()["state"] == "awaiting_agreements"
    assert all(m["X-SDN-Step"] == "staff_notice" for m in out), steps(out)
    assert "eve@vestby-kommune.example" not in [c["email"] for c in bot.case()["contacts"]]


def test_staff_command_needs_the_reference_in_the_subject(bot: Bot) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    raw = mails.mail(mails.STAFF, "SV: godkendelse", f"GODKEND\n\n> Sag {ref} venter på styregruppen\n",
                     "2026-11-04T10:00:00+01:00")
    bot.deliver(raw)
    _unmoved(bot, bot.cycle("2026-11-04T10:05:00+01:00"), ref)


@pytest.fixture
def verified_bot(tmp_path: Path, db_url: str) -> Bot:
    return Bot(tmp_path, db_url, extra={"trust": {"authserv_ids": ["mx.medcom.example"]}})


def test_with_authserv_ids_a_staff_command_needs_a_pass_from_our_server(verified_bot: Bot) -> None:
    bot = verified_bot
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    bot.deliver(_godkend(ref))  # no Authentication-Results at all
    bot.deliver(_with_headers(_godkend(ref), "Authentication-Results: mx.attacker.example; dmarc=pass "
                              "header.from=medcom.example"))  # a pass, but not from our server
    bot.deliver(_with_headers(_godkend(ref), AR + "dmarc=pass header.from=attacker.example"))  # not aligned
    _unmoved(bot, bot.cycle("2026-11-04T10:05:00+01:00"), ref)
    bot.deliver(_with_headers(mails.staff(ref, "GODKEND", at="2026-11-04T11:00:00+01:00"),
                              AR + "spf=pass smtp.mailfrom=medcom.example; dmarc=pass header.from=medcom.example"))
    bot.cycle("2026-11-04T11:05:00+01:00")
    assert bot.case()["state"] == "awaiting_information_form"


# ------------------------------------------------------------------------------------------ machines


def _dsn(to_party: str, our_id: str, action: str, sender: str = "MAILER-DAEMON",
         extra: tuple[str, ...] = ()) -> bytes:
    """A delivery status notification as Postfix writes it (RFC 3464), from a sender without a domain."""
    boundary = "B0UNDARY"
    status = {"failed": "5.1.1", "delayed": "4.4.7", "delivered": "2.0.0"}[action]
    text = (f"Return-Path: <>\r\nFrom: {sender}\r\nTo: sdn@medcom.example\r\n"
            + "".join(h + "\r\n" for h in extra)
            + "Subject: Mail delivery notification\r\n"
            "Date: Tue, 3 Nov 2026 10:00:00 +0100\r\n"
            "Message-ID: <dsn.1@mx.vestby-kommune.example>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: multipart/report; report-type=delivery-status; boundary=\"{boundary}\"\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.\r\n\r\n"
            f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
            "Reporting-MTA: dns; mx.vestby-kommune.example\r\n\r\n"
            f"Final-Recipient: rfc822; {to_party}\r\nAction: {action}\r\nStatus: {status}\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            f"From: sdn@medcom.example\r\nTo: {to_party}\r\nMessage-ID: {our_id}\r\nSubject: hello\r\n\r\n"
            f"--{boundary}--\r\n")
    return text.encode()


def _started(bot: Bot) -> tuple[str, str]:
    bot.deliver(mails.inquiry())
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    (starter,) = [m for m in out if m["X-SDN-Step"] == "starter_pack"]
    return bot.case()["ref"], str(starter["Message-ID"])


def test_a_bounce_from_a_bare_mailer_daemon_with_precedence_bulk_raises_the_case(bot: Bot) -> None:
    ref, our_id = _started(bot)
    bot.deliver(_dsn(mails.PARTY[1], our_id, "failed", extra=("Precedence: bulk",)))
    out = bot.cycle("2026-11-03T10:05:00+01:00")
    assert bot.case()["needs_attention"] and bot.case()["state"] == "awaiting_agreements"
    assert [str(m["To"]) for m in out if m["X-SDN-Step"] != "staff_notice"] == []


@pytest.mark.parametrize("action", ["delivered", "delayed"])
def test_delivered_and_delayed_reports_are_recorded_not_raised(bot: Bot, action: str) -> None:
    ref, our_id = _started(bot)
    bot.deliver(_dsn(mails.PARTY[1], our_id, action, sender="MAILER-DAEMON@mx.vestby-kommune.example"))
    out = bot.cycle("2026-11-03T10:05:00+01:00")
    assert out == [] and not bot.case()["needs_attention"]


def test_a_sieve_reject_raises_the_case(bot: Bot) -> None:
    ref, our_id = _started(bot)
    boundary = "SIEVE"
    raw = (f"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.vestby-kommune.example>\r\n"
           f"To: <sdn@medcom.example>\r\nSubject: Automatically rejected mail\r\nAuto-Submitted: auto-replied "
           f"(rejected)\r\nMessage-ID: <rej.1@mx.vestby-kommune.example>\r\nMIME-Version: 1.0\r\nContent-Type: "
           f"multipart/report; report-type=disposition-notification; boundary=\"{boundary}\"\r\n\r\n"
           f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nYour message was automatically rejected by Sieve.\r\n"
           f"\r\n--{boundary}\r\nContent-Type: message/disposition-notification\r\n\r\n"
           f"Reporting-UA: mx.vestby-kommune.example; Dovecot Mail Delivery Agent\r\n"
           f"Final-Recipient: rfc822; {mails.PARTY[1]}\r\nOriginal-Message-ID: {our_id}\r\n"
           f"Disposition: automatic-action/MDN-sent-automatically; deleted\r\n\r\n--{boundary}--\r\n").encode()
    bot.deliver(raw)
    out = bot.cycle("2026-11-03T10:05:00+01:00")
    assert bot.case()["needs_attention"]
    assert [m for m in out if m["X-SDN-Step"] != "staff_notice"] == []


def test_bare_cr_mail_from_a_machine_gets_no_starter_pack(bot: Bot) -> None:
    # the receiving server's own header with CRLF, the rest of the mail with bare CR
    raw = ("Received: from mx.example by mx.medcom.example\r\nFrom: Vacation <vacation@mx.example>\r\n"
           "Auto-Submitted: auto-replied\rTo: sdn@medcom.example\rSubject: Tilslutning til SDN\r"
           "Message-ID: <cr.1@mx.example>\r\r"
           "Vestby Kommune ønsker at blive tilsluttet SDN. CVR-nr. 29189846.\r").encode()
    bot.deliver(raw)
    out = bot.cycle("2026-11-02T09:15:00+01:00")
    assert out == [] and bot.cases() == []
    from sqlmodel import Session, select

    from mailbot.store.models import InboundRow

    with Session(bot.app.engine) as s:
        (row,) = s.exec(select(InboundRow)).all()
        msg = (row.reading or {})["message"]
        assert (msg["from"], msg["automated"], msg["subject"]) == ("vacation@mx.example", "auto_reply",
                                                                   "Tilslutning til SDN")
        assert (row.route or {})["action"] == "record"


def test_returned_blank_forms_in_an_unknown_bounce_format_are_not_the_partys(bot: Bot) -> None:
    """A party's gateway returns our starter pack whole in a format no detector knows: its forms are ours."""
    ref, our_id = _started(bot)
    starter = next(p for p in sorted(bot.cfg.local.outbox.glob("*.eml")))
    returned = EmailMessage()
    returned["From"] = "Gateway <gw-notice@vestby-kommune.example>"
    returned["To"] = "sdn@medcom.example"
    returned["Subject"] = "[SPAM-GUARD] message held"
    returned["Message-ID"] = "<gw.1@vestby-kommune.example>"
    returned.set_content("The attached message was held by policy.")
    returned.add_attachment(starter.read_bytes(), maintype="message", subtype="rfc822")
    bot.deliver(returned.as_bytes())
    out = bot.cycle("2026-11-03T10:05:00+01:00")
    assert bot.case()["state"] == "awaiting_agreements"
    assert [m for m in out if m["X-SDN-Step"] != "staff_notice"] == []


# ------------------------------------------------------------------------------------------ notices


def test_a_flood_from_one_stranger_gives_one_notice_an_hour_counted_in_it_and_the_digest(bot: Bot) -> None:
    ref = _foreign_case_waiting_for_the_steering_group(bot)
    stranger = ("Mallory", "mallory@elsewhere.example")
    for i in range(40):
        bot.deliver(mails.mail(stranger, f"Re: [{ref}] agreements", "x" * 1500 + f" {i}",
                               "2026-11-04T10:00:00+01:00"))
    out = bot.cycle("2026-11-04T10:05:00+01:00")
    notices = [m for m in out if m["X-SDN-Step"] == "staff_notice"]
    assert len(notices) == 1 and all(stranger[1] not in str(m["To"]) for m in out)
    text = notices[0].get_body(("plain",)).get_content()
    assert "39 lignende" in text and "x" * 400 not in text
    assert bot.case()["state"] == "awaiting_steering_group"
    # an hour later the next one is a notice of its own again
    bot.deliver(mails.mail(stranger, f"Re: [{ref}] agreements", "igen", "2026-11-04T11:30:00+01:00"))
    assert [m["X-SDN-Step"] for m in bot.cycle("2026-11-04T11:35:00+01:00")] == ["staff_notice"]
    from sqlmodel import Session

    from mailbot.clock import parse_now
    from mailbot.pipeline.digest import digest_facts

    with Session(bot.app.engine) as s:
        assert digest_facts(s, parse_now("2026-11-05T07:00:00+01:00"), None).merged_notices == 39


def _pass(raw: bytes, domain: str = "vestby-kommune.example") -> bytes:
    return _with_headers(raw, AR + f"spf=pass smtp.mailfrom={domain}; dmarc=pass header.from={domain}")


COLLEAGUE = ("Jens Holm", "jens.holm@vestby-kommune.example")


@pytest.mark.parametrize("inquiry_verified", [True, False], ids=["verified-inquiry", "unverified-inquiry"])
def test_with_authserv_ids_only_a_verified_mail_teaches_the_case_its_domain(verified_bot: Bot,
                                                                           inquiry_verified: bool) -> None:
    bot = verified_bot
    first = mails.inquiry()
    bot.deliver(_pass(first) if inquiry_verified else first)
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    bot.deliver(_pass(mails.agreements(ref, sender=COLLEAGUE)))
    out = bot.cycle("2026-11-09T09:00:00+01:00")
    moved = bot.case()["state"] != "awaiting_agreements"
    assert moved is inquiry_verified, (bot.case()["state"], steps(out))
    if not inquiry_verified:
        assert COLLEAGUE[1] not in {str(m["To"]) for m in out}
