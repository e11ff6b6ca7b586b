"""mail-parser reads the parsed tree: every part's defects and its header diagnostics become the mail's
malformed_mail problem; within a size budget, and never at the cost of the reading."""
from __future__ import annotations

import email.policy
import os

from parsers import read_mail
from parsers.mail import reader


def _defects_problem(raw: bytes) -> str | None:
    found = [p["message"] for p in read_mail(raw).as_json()["message"]["problems"] if p["code"] == "malformed_mail"]
    return found[0] if found else None


CLEAN = (b"From: Karen <karen@kommune.example>\r\nTo: sdn@medcom.example\r\nSubject: Aftale\r\n"
         b"Date: Tue, 03 Nov 2026 10:00:00 +0100\r\nMessage-ID: <a@kommune.example>\r\n\r\nHej\r\n")


def test_a_clean_mail_has_no_defects() -> None:
    assert _defects_problem(CLEAN) is None


def test_a_bad_date_header_is_a_defect_mail_parser_finds() -> None:
    raw = CLEAN.replace(b"Tue, 03 Nov 2026 10:00:00 +0100", b"sometime next week")
    said = _defects_problem(raw)
    assert said is not None and "DateHeaderDefect" in said
    assert read_mail(raw).as_json()["message"]["date"] is None


def test_a_defect_inside_a_part_is_reported_not_only_the_top_levels() -> None:
    raw = (b"From: k@kommune.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=OUT\r\n\r\n--OUT\r\nContent-Type: text/plain\r\n\r\nHej\r\n"
           b"--OUT\r\nContent-Type: multipart/alternative; boundary=IN\r\n\r\nno inner boundary at all\r\n"
           b"--OUT--\r\n")
    top = email.message_from_bytes(raw, policy=email.policy.default)
    assert not top.defects  # the standard library's top level alone says nothing
    said = _defects_problem(raw)
    assert said is not None and "StartBoundaryNotFoundDefect" in said
    assert read_mail(raw).as_json()["message"]["body_text"].strip() == "Hej"


def test_a_large_attachment_mail_parser_would_copy_is_read_without_it() -> None:
    pdf = b"%PDF-1.4\n" + os.urandom(600_000).hex().encode()  # 1.2 MB of 8bit text-safe bytes
    raw = (b"From: k@kommune.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + pdf)
    msg = reader._parse_mime(raw, email.policy.default)
    assert reader._mail_parser(msg) is None
    small = raw[:2000]
    assert reader._mail_parser(reader._parse_mime(small, email.policy.default)) is not None
    reader_docs = read_mail(raw).as_json()["documents"]
    assert [d["filename"] for d in reader_docs] == ["a.pdf"]
