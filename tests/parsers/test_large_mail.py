"""Large mail is parsed in pieces and its base64 decoded in one pass, to the very same result."""
from __future__ import annotations

import base64
import binascii
import email
import email.policy
import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from parsers import read_mail
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
    reading = read_mail(raw)
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
