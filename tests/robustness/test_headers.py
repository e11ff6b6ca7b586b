"""Nothing from a mail reaches an outgoing header unsanitised.

The trap this guards: Python's email package decodes an encoded-word in a value it is *given*
(msg["Subject"] = "... =?utf-8?b?DQpCY2M6...?=") and writes the decoded CR LF out raw, so an
organisation name, a Message-ID or a file name from a party's mail could add a "Bcc:" to our mail.
"""
from __future__ import annotations

import base64
import email
from datetime import UTC, datetime
from email import policy
from pathlib import Path

import pytest

from mailbot.config import from_dict
from mailbot.demo import fill
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.render import OUR_HEADERS, build_message, check_headers, header_text, safe_filename
from mailbot.store.models import OutboundRow
from tests.pipeline import mails
from tests.pipeline.conftest import TDC_ORDER, Bot

EVIL = "evil@attacker.example"
INJECT = "=?utf-8?b?" + base64.b64encode(f"Hej\r\nBcc: {EVIL}\r\n".encode()).decode() + "?="


def _headers_of(raw: bytes) -> list[tuple[str, str]]:
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    return [(k, v) for part in msg.walk() for k, v in part.items()]


def _ctx(tmp_path: Path) -> StageContext:
    cfg = from_dict({"addresses": {"medcom": "sdn@medcom.example", "tdc": [TDC_ORDER]},
                     "database": {"url": f"sqlite:///{tmp_path / 'x.db'}"}}, base=tmp_path)
    return StageContext(cfg, None, datetime(2026, 11, 2, 9, tzinfo=UTC))  # type: ignore[arg-type]


def _out(**kw: object) -> OutboundRow:
    base: dict[str, object] = {"message_id": "<SDN-2026-0001.1@medcom.example>", "step": "tdc_order",
                               "to_addrs": [TDC_ORDER], "language": "da",
                               "created_at": datetime(2026, 11, 2, 9, tzinfo=UTC)}
    return OutboundRow(**{**base, **kw})


def test_header_text_and_safe_filename() -> None:
    assert header_text("Vestby\r\nBcc: x@y.example  Kommune") == "Vestby Bcc: x@y.example Kommune"
    assert "=?" not in header_text(INJECT) and "\n" not in header_text(INJECT)
    assert header_text("a\u2028b\x00c\x85d") == "a b c d"
    assert safe_filename("../../etc/cron.d/evil.pdf") == "evil.pdf"
    assert safe_filename("C:\\Users\\x\\skema.pdf") == "skema.pdf"
    assert safe_filename("skema\r\nBcc: x.pdf") == "skema Bcc: x.pdf"
    assert safe_filename("..") == "dokument.pdf" and safe_filename(None, "x.pdf") == "x.pdf"


def test_build_message_keeps_injected_text_out_of_the_headers(tmp_path: Path) -> None:
    out = _out(in_reply_to=INJECT, references=["<ok@vestby-kommune.example>", INJECT, "junk <a@b.example>"])
    raw = build_message(_ctx(tmp_path), out, "SDN-2026-0001", f"Bestilling: {INJECT} Kommune", "tekst", None,
                        [(f"../../skema\r\nBcc: {EVIL}.pdf", b"%PDF-1.4\n")])
    headers = _headers_of(raw)
    assert {k.lower() for k, _ in headers} <= OUR_HEADERS
    assert not [v for k, v in headers if EVIL in v and k.lower() not in ("subject", "content-disposition")]
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert "\n" not in str(msg["Subject"]) and "Bcc" not in msg
    assert msg["In-Reply-To"] is None  # not a message id at all: left out
    assert str(msg["References"]) == "<ok@vestby-kommune.example> <a@b.example>"
    (att,) = msg.iter_attachments()
    assert att.get_filename() == f"skema Bcc: {EVIL}.pdf"


@pytest.mark.parametrize("bad", [f"x@y.example\r\nBcc: {EVIL}", "just a name", "a@b.example, c@d.example"])
def test_build_message_refuses_a_recipient_that_is_not_one_address(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        build_message(_ctx(tmp_path), _out(to_addrs=[bad]), None, "x", "tekst", None, [])


def test_check_headers_refuses_a_header_we_never_write() -> None:
    check_headers(b"From: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\n\r\nbody\r\n")
    with pytest.raises(ValueError):
        check_headers(f"From: a@b.example\r\nBcc: {EVIL}\r\n\r\nbody\r\n".encode())
    with pytest.raises(ValueError):
        check_headers(b"From: a@b.example\r\nTo: c@d.example\r\nTo: e@f.example\r\n\r\nbody\r\n")


def test_an_organisation_name_and_a_file_name_from_the_party_reach_tdc_harmlessly(tmp_path: Path) -> None:
    """The whole way: the organisation named in the party's PDFs goes into the subject of the order to TDC,
    and the form goes along under the party's file name."""
    bot = Bot(tmp_path, f"sqlite:///{tmp_path / 'bot.db'}")
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    org = f"Vestby {INJECT} Kommune"
    pdfs = tuple((n, mails.agreement(kind, org=org)) for n, kind in (
        ("Tilslutningsaftale.pdf", "connection_agreement"), ("Databehandleraftale.pdf", "data_processor_agreement")))
    bot.deliver(mails.mail(mails.PARTY, f"SV: [{ref}] aftaler", "Hermed.", "2026-11-09T08:40:00+01:00", pdfs=pdfs))
    bot.cycle("2026-11-09T09:15:00+01:00")
    form = fill("information_form", {
        "org_name": org, "org_cvr": "29189846", "orgcontact_name": "Mette Holm", "orgcontact_email": mails.PARTY[1],
        "orgcontact_phone": "30 59 30 86", "tech1_name": "Jonas Krag", "tech1_email": "jonas@vestby-kommune.example",
        "tech1_phone": "+45 21 43 65 87", "ipscope_1": "10.42.0.0/24", "installation_street": "Rådhuspladsen 1",
        "installation_postcode": "9999", "installation_city": "Vestby"}, checks=("type_municipality", "via_none"))
    raw = mails.mail(mails.PARTY, f"SV: [{ref}] skema", "Hermed.", "2026-11-16T09:00:00+01:00",
                     pdfs=(("PLACEHOLDER.pdf", form),))
    raw = raw.replace(b'filename="PLACEHOLDER.pdf"',
                      b"filename*=utf-8''..%2F..%2Fskema%0D%0ABcc%3A%20" + EVIL.replace("@", "%40").encode() + b".pdf")
    bot.deliver(raw)
    out = bot.cycle("2026-11-16T09:15:00+01:00")
    order = next(m for m in out if m["X-SDN-Step"] == "tdc_order")
    headers = _headers_of(order.as_bytes(policy=policy.SMTP))
    assert {k.lower() for k, _ in headers} <= OUR_HEADERS
    assert "Bcc" not in order and str(order["To"]) == TDC_ORDER
    assert "Vestby" in str(order["Subject"]) and "\n" not in str(order["Subject"])
    assert "= ?utf-8?b?" in str(order["Subject"])  # the name came through, its encoded-word defused
    assert [p.get_filename() for p in order.iter_attachments()] == [f"skema Bcc: {EVIL}.pdf"]
