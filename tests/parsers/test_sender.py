"""Who wrote a mail: the strict From and Authentication-Results read by authres (pure)."""
from __future__ import annotations

import json

import pytest

from parsers.mail.reader import read_mail
from parsers.mail.sender import AuthHeader, auth_verdict, parse_auth_results
from parsers.reading import AuthResultsHeader


def _mail(*headers: str) -> bytes:
    return ("\r\n".join(headers) + "\r\nTo: sdn@medcom.example\r\nSubject: Hej\r\n\r\nHej\r\n").encode()


@pytest.mark.parametrize("from_header", [
    "From: Anna <anna@vestby.example>", "From: =?utf-8?q?S=C3=B8ren?= <s@vestby.example>",
    "From: \"Hansen, Søren\" <s@vestby.example>", "From: anna@vestby.example (Anna)",
])
def test_ordinary_from_headers_are_believed(from_header: str) -> None:
    msg = read_mail(_mail(from_header)).as_json()["message"]
    assert msg["from_untrusted"] is None and "@vestby.example" in msg["from"]


@pytest.mark.parametrize("headers", [
    ("From: staff@medcom.example <evil@attacker.example>",),
    ("From: =?utf-8?q?staff=40medcom.example?=",),
    ("From: a@medcom.example", "From: b@attacker.example"),
    ("From : a@medcom.example", "From: b@attacker.example"),
    ("From: Eve <eve@\u212aommune.example>",),
    ("From: Eve <eve@\u212bhus.example>",),
    ("From: a@x.example, b@y.example",),
])
def test_a_from_that_is_not_what_it_seems_is_untrusted(headers: tuple[str, ...]) -> None:
    msg = read_mail(_mail(*headers)).as_json()["message"]
    assert msg["from_untrusted"], msg["from"]
    assert any(p["code"] == "untrusted_sender" for p in msg["problems"])


def test_comments_never_count_and_every_header_is_read() -> None:
    comment = parse_auth_results(["mx.medcom.example; spf=pass (domain of dkim=pass.dmarc=pass@attacker.example) "
                                  "smtp.mailfrom=attacker.example; dkim=fail header.d=medcom.example; dmarc=fail "
                                  "header.from=medcom.example"])
    assert auth_verdict(comment, "staff@medcom.example") == "fail"
    three = parse_auth_results(["mx.medcom.example; dmarc=pass header.from=medcom.example",
                                "mx.medcom.example; arc=none",
                                "mx.medcom.example; dmarc=fail header.from=medcom.example"])
    assert auth_verdict(three, "staff@medcom.example") == "fail"


def test_only_configured_servers_and_the_from_domain_count() -> None:
    ours = ("mx.medcom.example",)
    foreign = parse_auth_results(["mx.attacker.example; dmarc=pass header.from=medcom.example"])
    assert auth_verdict(foreign, "staff@medcom.example", ours) == "none"
    # a fail from a server that is not ours says nothing about our mail when ours are configured
    assert auth_verdict(parse_auth_results(["mx.attacker.example; dmarc=fail header.from=medcom.example"]),
                        "staff@medcom.example", ours) == "none"
    other_domain = parse_auth_results(["mx.medcom.example; dmarc=pass header.from=attacker.example"])
    assert auth_verdict(other_domain, "staff@medcom.example", ours) == "none"
    good = parse_auth_results(["MX.medcom.example; dmarc=pass header.from=medcom.example"])
    assert auth_verdict(good, "staff@medcom.example", ours) == "pass"
    dkim = parse_auth_results(["mx.medcom.example; dkim=pass header.d=mail.medcom.example"])
    assert auth_verdict(dkim, "staff@medcom.example", ours) == "pass"
    assert auth_verdict([], "staff@medcom.example", ours) == "none"
    assert auth_verdict(parse_auth_results(["garbage ;;; ="]), "staff@medcom.example", ours) == "none"


def test_bounce_structure_decides_before_list_headers() -> None:
    raw = (b"From: MAILER-DAEMON\r\nTo: sdn@medcom.example\r\nPrecedence: bulk\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
           b"Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; anna@vestby.example\r\nAction: failed\r\n"
           b"Status: 5.1.1\r\n\r\n--b--\r\n")
    msg = read_mail(raw).msg
    assert msg.automated == "bounce" and msg.delivery is not None
    assert msg.delivery.action == "failed" and msg.delivery.recipients == ["anna@vestby.example"]
    delayed = read_mail(raw.replace(b"Action: failed", b"Action: delayed")).msg
    assert delayed.automated == "bounce" and delayed.delivery is not None and delayed.delivery.action == "delayed"


def test_flufl_finds_a_sendmail_style_bounce_without_report_structure() -> None:
    """No multipart/report, a sender that is no mailer-daemon, Precedence: bulk: flufl.bounce's text
    detectors find the failed recipient and the bounce wins over the list header."""
    raw = (b"From: Mail Gateway <gateway@vestby.example>\r\nTo: sdn@medcom.example\r\n"
           b"Subject: Returned mail: see transcript for details\r\nPrecedence: bulk\r\n\r\n"
           b"The original message was received at Tue, 3 Nov 2026 10:00:00 +0100\r\n\r\n"
           b"   ----- The following addresses had permanent fatal errors -----\r\n<anna@vestby.example>\r\n\r\n"
           b"   ----- Transcript of session follows -----\r\n550 5.1.1 User unknown\r\n")
    msg = read_mail(raw).as_json()["message"]
    assert msg["delivery"] and msg["delivery"]["recipients"] == ["anna@vestby.example"]
    assert msg["automated"] == "bounce"
    human = read_mail(raw.replace(b"Precedence: bulk\r\n", b"").replace(b"Returned mail: see transcript for details",
                                                                        b"Se venligst nedenfor")).as_json()["message"]
    assert human["automated"] is None  # the same text from a person (a quoted bounce) is no bounce


def test_a_display_name_that_repeats_the_address_is_ordinary() -> None:
    msg = read_mail(_mail('From: "anna@vestby.example" <anna@vestby.example>')).as_json()["message"]
    assert msg["from_untrusted"] is None and msg["from"] == "anna@vestby.example"


@pytest.mark.parametrize("values", [
    ["mx.medcom.example; dmarc=pass header.from=medcom.example"],
    ["mx.medcom.example; dkim=pass header.d=mail.medcom.example"],
    ["mx.medcom.example; dkim=fail header.d=medcom.example",
     "mx.medcom.example; dmarc=pass header.from=medcom.example"],
    ["mx.attacker.example; dmarc=pass header.from=medcom.example"],
    ["garbage ;;; ="],
])
def test_a_stored_reading_s_headers_get_the_verdict_they_had_when_read(values: list[str]) -> None:
    """The trust verdict reads a stored reading's JSON loaded into the model (mailbot/trust.py): the same
    verdict as the headers as read, and the mail's reading stores them as `public` writes them."""
    headers = parse_auth_results(values)
    stored = [h.public() for h in headers]
    loaded = [AuthHeader.stored(AuthResultsHeader.model_validate(json.loads(json.dumps(h)))) for h in stored]
    for ours in ((), ("mx.medcom.example",)):
        as_read = auth_verdict(headers, "staff@medcom.example", ours)
        assert auth_verdict(loaded, "staff@medcom.example", ours) == as_read
    raw = _mail("From: staff@medcom.example", *(f"Authentication-Results: {v}" for v in values))
    assert read_mail(raw).as_json()["message"]["auth"]["headers"] == stored
