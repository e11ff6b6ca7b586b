"""What an operating system writes beside a party's files is never a document: a zip made on a Mac ("Compress"
in Finder) carries `__MACOSX/._Aftale.pdf` (AppleDouble, RFC 1740) and `.DS_Store`, an old Apple Mail sends a
file as multipart/appledouble with its `application/applefile` header, and a folder copied from Windows brings
`Thumbs.db` and `desktop.ini`. Before, `._Aftale.pdf` was read as a PDF (`not_pdf`, a document of no kind: the case
stopped for staff and the party could be told its agreement is no PDF) and `.DS_Store` named for staff. The
AppleDouble headers are written here after RFC 1740 (no free tool on Linux writes them)."""
from __future__ import annotations

import struct
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from parsers import read_mail
from tests.parsers import containermaker as cm
from tests.parsers.mailmaker import headers
from tests.parsers.pdfmaker import pdf

AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])


def apple_double() -> bytes:
    """An AppleDouble header file (RFC 1740): magic, version, filler, one entry: Finder Info ("PDF ", "CARO")."""
    finder = b"PDF CARO" + bytes(24)
    return struct.pack(">II16sH", 0x00051607, 0x00020000, b"Mac OS X        ", 1) + \
        struct.pack(">III", 9, 26 + 12, len(finder)) + finder


def _names(reading: dict) -> tuple[list[str], list[str], list[str]]:  # type: ignore[type-arg]
    return ([d["filename"] for d in reading["documents"]], [p["code"] for p in reading["message"]["problems"]],
            reading["message"]["ignored_attachments"])


def test_a_zip_made_on_a_mac_gives_its_documents_and_nothing_else() -> None:
    data = cm.zip_of({"Aftaler/Tilslutningsaftale.pdf": AGREEMENT,
                      "__MACOSX/Aftaler/._Tilslutningsaftale.pdf": apple_double(),
                      "Aftaler/.DS_Store": b"\x00\x00\x00\x01Bud1" + bytes(200),
                      "Aftaler/Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
                      "Aftaler/desktop.ini": b"[.ShellClassInfo]\r\nIconResource=x\r\n"})
    reading = read_mail(cm.mail_with([("Aftaler.zip", "application/zip", data)])).as_json()
    docs, problems, ignored = _names(reading)
    assert docs == ["Aftaler.zip/Tilslutningsaftale.pdf"]
    assert reading["documents"][0]["kind"] == "connection_agreement"
    assert problems == []
    assert len(ignored) == 4 and any("._Tilslutningsaftale.pdf" in w and "AppleDouble" in w for w in ignored)


def test_an_old_apple_mails_appledouble_part_is_the_pdf_alone() -> None:
    m = MIMEMultipart("mixed")
    headers(m, "Eva Sand <Eva.Sand@nord-kommune.example>", "Aftale")
    m.attach(MIMEText("Hej\n\nHer er aftalen.\n"))
    double = MIMEMultipart("appledouble")
    for sub, data in (("applefile", apple_double()), ("pdf", AGREEMENT)):
        part = MIMEApplication(data, sub)
        part.add_header("Content-Disposition", "attachment", filename="Tilslutningsaftale.pdf")
        double.attach(part)
    m.attach(double)
    reading = read_mail(m.as_bytes()).as_json()
    docs, problems, ignored = _names(reading)
    assert [(d["filename"], d["kind"]) for d in reading["documents"]] == \
        [("Tilslutningsaftale.pdf", "connection_agreement")]
    assert problems == [] and len(ignored) == 1


def test_a_file_named_like_a_system_file_that_is_a_pdf_is_still_read() -> None:
    reading = read_mail(cm.mail_with([("._Tilslutningsaftale.pdf", "application/pdf", AGREEMENT)])).as_json()
    assert [d["kind"] for d in reading["documents"]] == ["connection_agreement"]
