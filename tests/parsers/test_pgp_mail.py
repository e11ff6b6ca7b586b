"""OpenPGP mail as clients send it, made by GnuPG in the test (tests/parsers/pgpmaker.py): the documents inside
are read, the signature is never taken for a document nor named as a file the bot could not read, and what is
encrypted is said to be, for staff."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from parsers import read_mail
from tests.parsers import pgpmaker as pm
from tests.pipeline import mails

AGREEMENT = mails.agreement("connection_agreement")
FILES = [("Tilslutningsaftale.pdf", AGREEMENT)]


@pytest.fixture(scope="module")
def gpg() -> Iterator[pm.Gpg]:
    with pm.gnupg() as g:
        yield g


def read(raw: bytes) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    out = read_mail(raw).as_json()
    return out["documents"], out["message"]


def signed_and_read(docs: list[dict[str, Any]], msg: dict[str, Any], signature: str) -> None:
    assert [(d["filename"], d["kind"]) for d in docs] == [("Tilslutningsaftale.pdf", "connection_agreement")]
    assert msg["problems"] == []
    (ignored,) = msg["ignored_attachments"]
    assert ignored.startswith(signature + ":") and "signature" in ignored


def test_a_pgp_mime_signed_mail_reads_its_documents_and_leaves_the_signature_alone(gpg: pm.Gpg) -> None:
    docs, msg = read(pm.pgp_mime_signed(gpg, FILES))
    signed_and_read(docs, msg, "signature.asc")
    assert msg["body_text"].startswith("Hej MedCom")


@pytest.mark.parametrize("sig_type,suffix,armor", [("application/octet-stream", ".sig", False),
                                                   ("application/pgp-signature", ".asc", True)])
def test_an_inline_pgp_files_detached_signature_is_no_unreadable_attachment(gpg: pm.Gpg, sig_type: str,
                                                                            suffix: str, armor: bool) -> None:
    """Enigmail's inline PGP: each file followed by its own signature (a binary .sig sent as octet-stream, named
    before as a format the bot does not read), and the text clear-signed, read without its armour."""
    docs, msg = read(pm.inline_signed(gpg, FILES, sig_type, suffix, armor))
    signed_and_read(docs, msg, "Tilslutningsaftale.pdf" + suffix)
    assert "BEGIN PGP" not in msg["body_text"] and "Hermed den underskrevne aftale." in msg["body_text"]


def test_a_pgp_mime_encrypted_mail_is_encrypted_for_staff_not_two_unknown_files(gpg: pm.Gpg) -> None:
    docs, msg = read(pm.pgp_mime_encrypted(gpg, FILES))
    assert docs == []
    assert [p["code"] for p in msg["problems"]] == ["encrypted"]
    assert "OpenPGP" in msg["problems"][0]["message"] and "staff" in msg["problems"][0]["message"]
    assert [i.split(":")[0] for i in msg["ignored_attachments"]] == ["application/pgp-encrypted"]


def test_an_inline_encrypted_text_is_said_to_be_encrypted(gpg: pm.Gpg) -> None:
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = pm.SENDER, "sdn@medcom.example", "Aftale"
    m.set_content(gpg.encrypted(pm.TEXT.encode()).decode())
    _, msg = read(m.as_bytes())
    assert [p["code"] for p in msg["problems"]] == ["encrypted"]


def test_an_attached_public_key_is_left_alone_with_its_reason(gpg: pm.Gpg) -> None:
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = pm.SENDER, "sdn@medcom.example", "Aftale"
    m.set_content(pm.TEXT)
    m.add_attachment(AGREEMENT, maintype="application", subtype="pdf", filename="Tilslutningsaftale.pdf")
    key = gpg.run("--export", "--armor", "anna.holm@kystby.example")
    m.add_attachment(key, maintype="application", subtype="pgp-keys", filename="OpenPGP_0x5B694B46.asc")
    docs, msg = read(m.as_bytes())
    assert len(docs) == 1 and msg["problems"] == []
    (why,) = msg["ignored_attachments"]
    assert why.startswith("OpenPGP_0x5B694B46.asc:") and "public key" in why
