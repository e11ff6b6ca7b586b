"""Large mail is parsed in pieces and its base64 decoded in one pass, to the very same result."""
from __future__ import annotations

import base64
import binascii
import email
import email.policy
import os
import tracemalloc
from email.message import EmailMessage
from pathlib import Path

import pytest

from parsers import read_mail
from parsers.mail import reader
from parsers.mail.reader import _decoded_payload, _parse_mime

from .pdfmaker import pdf

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "mails"


def _big_mail(pdf_bytes: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Karen <karen@scan-kommune.example>"
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = "Aftale"
    msg.set_content("Hermed aftalen.\n")
    msg.add_attachment(pdf_bytes, maintype="application", subtype="pdf", filename="aftale.pdf")
    return msg.as_bytes()


def test_a_large_pdf_attachment_is_decoded_to_the_same_bytes_and_read() -> None:
    document = pdf([[(72, 72, "Databehandleraftale")]]) + b"%" + os.urandom(1_500_000)  # past the 1 MB mark
    raw = _big_mail(document)
    part = [p for p in _parse_mime(raw, email.policy.default).walk() if p.get_filename()][0]
    assert _decoded_payload(part) == document
    reading = read_mail(raw).as_json()
    assert [d["filename"] for d in reading["documents"]] == ["aftale.pdf"]


def test_broken_base64_falls_back_to_emails_lenient_decoder() -> None:
    body = base64.encodebytes(b"%PDF-1.4\n" + os.urandom(1_200_001)).rstrip().rstrip(b"=")  # padding lost
    raw = (b"From: k@scan-kommune.example\nSubject: x\nMIME-Version: 1.0\nContent-Type: application/pdf; "
           b"name=a.pdf\nContent-Disposition: attachment; filename=a.pdf\nContent-Transfer-Encoding: base64\n\n"
           + body + b"\n")
    with pytest.raises(binascii.Error):
        binascii.a2b_base64(body)
    msg = _parse_mime(raw, email.policy.default)
    assert _decoded_payload(msg) == msg.get_payload(decode=True)
    assert _decoded_payload(msg).startswith(b"%PDF-1.4")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_parsing_in_pieces_gives_the_same_message_for_every_corpus_mail() -> None:
    for path in sorted(CORPUS.glob("*.eml")):
        raw = path.read_bytes()
        whole = email.message_from_bytes(raw, policy=email.policy.default)
        assert _parse_mime(raw, email.policy.default).as_bytes() == whole.as_bytes(), path.name


def _read_unlifted(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    with monkeypatch.context() as m:
        m.setattr(reader, "LIFT_ABOVE_BYTES", 10**12)
        return read_mail(raw).as_json()


def test_a_large_base64_body_is_lifted_before_parsing_and_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    agreement = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                      (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Karen <karen@scan-kommune.example>", "sdn@medcom.example", "Aftale"
    msg.set_content("Hermed aftalen.\n")
    msg.add_attachment(agreement + b"%" + os.urandom(2_500_000), maintype="application", subtype="pdf",
                       filename="aftale.pdf")
    msg.add_attachment(os.urandom(1_500_000), maintype="application", subtype="octet-stream", filename="log.bin")
    raw = msg.as_bytes()
    assert len(reader._lift_large_base64(raw)) < 10_000  # both bodies lifted, the rest is the mail
    lifted = read_mail(raw).as_json()
    assert lifted == _read_unlifted(raw, monkeypatch)
    assert [(d["filename"], d["fields"].get("cvr")) for d in lifted["documents"]] == [("aftale.pdf", "29189846")]
    assert not reader._LIFTED.bodies  # nothing kept for the next mail


def test_text_parts_and_broken_bodies_are_not_lifted(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Hej, her er vores log.\n" * 60_000).encode()
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "k@scan-kommune.example", "sdn@medcom.example", "Log"
    msg.set_content(text.decode(), cte="base64")
    raw = msg.as_bytes()
    assert reader._lift_large_base64(raw) == raw  # a text part is read as text, never a placeholder
    assert "Hej, her er vores log." in read_mail(raw).as_json()["message"]["body_text"]
    body = base64.encodebytes(b"%PDF-1.4\n" + os.urandom(1_200_001)).rstrip().rstrip(b"=")  # padding lost
    broken = (b"From: k@scan-kommune.example\nSubject: x\nMIME-Version: 1.0\nContent-Type: application/pdf; "
              b"name=a.pdf\nContent-Disposition: attachment; filename=a.pdf\nContent-Transfer-Encoding: base64\n\n"
              + body + b"\n")
    assert reader._lift_large_base64(broken) == broken  # email's lenient decoder reads it, as before
    assert read_mail(broken).as_json() == _read_unlifted(broken, monkeypatch)


def test_reading_a_large_attachment_holds_about_its_decoded_size() -> None:
    # memory, not time: email's parser alone held the base64 body about three times over as lines
    raw = _big_mail(b"%PDF-1.4\n" + os.urandom(8_000_000))
    tracemalloc.start()
    try:
        read_mail(raw).as_json()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2.2 * 8_000_000, peak


def test_mail_parser_is_not_given_a_part_with_thousands_of_header_lines() -> None:
    # its header diagnostics took 860 MB for 200,000 lines; the standard library's defects are used
    head = "".join(f"X-Filler-{i}: {i}\r\n" for i in range(2_000))
    raw = (f"From: k@scan-kommune.example\r\nTo: sdn@medcom.example\r\nSubject: x\r\n{head}\r\nHej\r\n").encode()
    msg = _parse_mime(raw, email.policy.default)
    assert reader._mail_parser(msg) is None
    few = _parse_mime(b"From: k@scan-kommune.example\r\nSubject: x\r\n\r\nHej\r\n", email.policy.default)
    assert reader._mail_parser(few) is not None
    assert read_mail(raw).as_json()["message"]["from"] == "k@scan-kommune.example"
