"""The hostile suite of issue 16, generated here (nothing downloaded): 16 mails built to cost memory,
then ordinary inquiries that must still be answered. bench/run.py measures the bot's whole process tree
over them (`hostile`) against the 400 MB budget.
"""
from __future__ import annotations

import email.utils
import random
import zlib
from email.message import EmailMessage

from tests.robustness import hostile as corpus

SENDER = "Mette Holm <mette.holm@vestby-kommune.example>"


def _mail(subject: str, attachments: list[tuple[str, bytes, str]], extra_headers: int = 0) -> bytes:
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Nov 2026 09:12:00 +0100"
    msg["Message-ID"] = email.utils.make_msgid(domain="vestby-kommune.example")
    msg.set_content("Hermed dokumenterne.\n")
    for name, data, ctype in attachments:
        maintype, _, subtype = ctype.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    raw = msg.as_bytes()
    if extra_headers:
        head = b"".join(b"X-Filler-%d: %d\n" % (i, i) for i in range(extra_headers))
        raw = head + raw
    return raw


def many_pages(n: int) -> bytes:
    """An n-page PDF: every page its own object and its own small content stream."""
    first_page = 3
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n]
    for i in range(n):
        stream = b"BT /F1 12 Tf 72 720 Td (Side %d) Tj ET" % (i + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
                       % (first_page + 2 * i + 1))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return corpus.pdf_from_objects(objects)


def many_images(n: int) -> bytes:
    """A one-page PDF that places one small image n times."""
    img = zlib.compress(bytes(random.Random(7).randbytes(16 * 16 * 3)))
    ops = b"".join(b"q 8 0 0 8 %d %d cm /Im1 Do Q\n" % (10 + (i % 60) * 9, 10 + (i // 60) * 9) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(img) + img + b"\nendstream",
    ]
    return corpus.pdf_from_objects(objects)


def nested(depth: int) -> bytes:
    head = (f"From: {SENDER}\r\nTo: sdn@medcom.example\r\nSubject: Dybt\r\nMIME-Version: 1.0\r\n"
            f"Message-ID: {email.utils.make_msgid(domain='vestby-kommune.example')}\r\n").encode()
    opening = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth))
    closing = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\r\n\r\nDybt inde.\r\n" + closing


def suite(scale: float = 1.0) -> list[tuple[str, bytes]]:
    """The 16 hostile mails, as (name, raw); `scale` shrinks the large ones for a quick look."""
    def mb(n: int) -> int:
        return max(1, int(n * scale))

    by_name = {c.name: c for c in corpus.CASES}
    pdf = "application/pdf"
    return [
        ("pdf inflating to 800 MB", _mail("Aftale", [("Tilslutningsaftale.pdf", corpus.pdf_bomb(mb(800)), pdf)])),
        ("20,000-page pdf", _mail("Aftale", [("Tilslutningsaftale.pdf", many_pages(max(300, int(20_000 * scale))),
                                               pdf)])),
        ("40 MB file", _mail("Stor fil", [("Stor.pdf", b"%PDF-1.4\n" + b"\0" * (mb(40) << 20), pdf)])),
        ("1,000 attachments", by_name["a_thousand_attachments"].build()),
        ("MIME 300 levels deep", nested(300)),
        ("200,000 header lines", _mail("Mange headere", [], extra_headers=int(200_000 * max(scale, 0.1)))),
        ("pdf with 5,000 images", _mail("Billeder", [("Billeder.pdf", many_images(5000), pdf)])),
        ("12 MB random attachment", _mail("Bilag", [("bilag.bin", random.Random(12).randbytes(mb(12) << 20),
                                                     "application/octet-stream")])),
        ("2 MB header line", by_name["endless_header_line"].build()),
        ("binary garbage", by_name["binary_garbage"].build()),
        ("boundary never closed", by_name["boundary_never_closed"].build()),
        ("zip calling itself pdf", by_name["zip_pdf_polyglot"].build()),
        ("truncated pdf", by_name["truncated_pdf"].build()),
        ("bad base64", by_name["bad_base64"].build()),
        ("header injection", by_name["crlf_in_encoded_subject"].build()),
        ("paths in pdf names", by_name["pdf_with_path_in_name"].build()),
    ]


def inquiries(n: int) -> list[tuple[str, bytes]]:
    """n ordinary first inquiries from parties of their own (each must be answered), as (sender, raw)."""
    out = []
    for i in range(n):
        sender = f"kontakt{i}@hostil{i}-kommune.example"
        msg = EmailMessage()
        msg["From"] = f"Kontakt {i} <{sender}>"
        msg["To"] = "MedCom SDN <sdn@medcom.example>"
        msg["Subject"] = "Tilslutning til Sundhedsdatanettet"
        msg["Date"] = "Mon, 02 Nov 2026 10:12:00 +0100"
        msg["Message-ID"] = email.utils.make_msgid(f"hostil{i}", domain=f"hostil{i}-kommune.example")
        msg.set_content(f"Kære MedCom\n\nVi vil gerne tilsluttes Sundhedsdatanettet (SDN). Hvad er de næste "
                        f"skridt?\n\nMed venlig hilsen\nKontakt {i}\nHostil{i} Kommune\n")
        out.append((sender, msg.as_bytes()))
    return out
