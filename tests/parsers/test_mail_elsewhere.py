"""What a mail points to instead of carrying it: a sharing link, a file referred to (message/external-body), a
piece of a split message (message/partial), a calendar invitation. Each is named for staff and keeps the core from
saying a document is missing; none is read as a document or told to the party."""
from __future__ import annotations

from email.message import EmailMessage
from email.mime.base import MIMEBase

from mailbot.core import certainty
from parsers import read_mail
from tests.parsers.mailmaker import from_kystby

ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1@kystby.example\r\n"
       "SUMMARY:Opstartsmøde om tilslutning\r\n  til SDN\r\nDTSTART:20261210T090000Z\r\nEND:VEVENT\r\n"
       "END:VCALENDAR\r\n")


def _named(raw: bytes) -> list[str]:
    reading = read_mail(raw)
    assert reading.message is not None
    problems = reading.message.problems
    # the core may say no document is missing beside it, and staff are told the attachments were not read
    assert not certainty.all_read(reading.documents, problems)
    return [p.message for p in problems if p.code == "unsupported_attachment"]


def test_a_sharing_link_instead_of_an_attachment_is_named_for_staff() -> None:
    m = from_kystby("Underskrevne aftaler")
    m.set_content("Hej MedCom\n\nVi har underskrevet aftalerne. I kan hente dem her:\n"
                  "https://we.tl/t-k3YxQ9Lm2a\n\nMed venlig hilsen\nEva Sand\n")
    named = _named(m.as_bytes())
    assert any("https://we.tl/t-k3YxQ9Lm2a" in t for t in named)


def test_a_link_only_in_an_html_mail_is_found_by_its_target() -> None:
    m = from_kystby("Aftaler delt med dig")
    m.set_content('<p>Eva Sand har delt en fil med dig.</p><p><a href="https://kystby-my.sharepoint.com/:b:/g/'
                  'personal/eva/EaBc12?e=x9">Tilslutningsaftale.pdf</a></p>', subtype="html")
    named = _named(m.as_bytes())
    assert any("sharepoint.com/:b:/g/personal/eva/EaBc12" in t for t in named)


def test_a_link_quoted_from_an_earlier_mail_is_not_the_party_s() -> None:
    m = from_kystby("Re: Aftaler")
    m.set_content("Tak, vi vender tilbage.\n\n> Hent dem her: https://we.tl/t-old\n")
    reading = read_mail(m.as_bytes())
    assert reading.message is not None
    assert not reading.message.problems


def test_a_file_referred_to_by_an_external_body_is_no_document() -> None:
    m = from_kystby("Aftaler")
    m.set_content("Hermed vores aftale.\n")
    m.make_mixed()
    ext = MIMEBase("message", "external-body", **{"access-type": "URL",
                                                   "URL": "https://filer.kystby.example/aftale.pdf"})
    ext.set_payload("Content-Type: application/pdf\n\n")
    m.attach(ext)
    reading = read_mail(m.as_bytes())
    assert not reading.documents  # before: the referring headers were read as an unknown document
    assert any("https://filer.kystby.example/aftale.pdf" in t for t in _named(m.as_bytes()))


def test_a_piece_of_a_split_message_is_named_not_read() -> None:
    outer = from_kystby("Aftaler (1/2)")
    outer.set_content("x")
    outer.set_type("message/partial")
    outer.set_param("id", "split-1@kystby.example")
    outer.set_param("number", "1")
    outer.set_param("total", "2")
    outer.set_payload("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf; "
                      "name=Aftale.pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n")
    reading = read_mail(outer.as_bytes())
    assert not reading.documents
    assert any("part 1 of 2" in t for t in _named(outer.as_bytes()))


def test_a_calendar_invitation_is_named_once_with_its_event() -> None:
    m: EmailMessage = from_kystby("Invitation: Opstartsmøde")
    m.set_content("Vi foreslår et møde.\n")
    m.add_alternative(ICS, subtype="calendar", params={"method": "REQUEST"})
    m.add_attachment(ICS.encode(), maintype="text", subtype="calendar", filename="invite.ics")
    named = _named(m.as_bytes())
    invites = [t for t in named if "calendar invitation" in t]
    assert len(invites) == 1, named  # the invitation and its .ics are one event
    assert "Opstartsmøde om tilslutning til SDN" in invites[0] and "2026-12-10 09:00 UTC" in invites[0]
