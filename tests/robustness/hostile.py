"""Hostile and broken mail, made by hand: each case names what it attacks and what must become of it.

Every case is built here (no corpus on disk): malformed MIME, missing and duplicated headers, wrong
charsets and transfer encodings, a 50 MB attachment, a thousand attachments, deep nesting, zero-byte and
truncated PDFs, a PDF decompression bomb, a ZIP that calls itself a PDF, header injection, and hostile
containers: a zip bomb, nested archives, an encrypted entry, a TNEF with a bad checksum, a forged S/MIME
signature.
"""
from __future__ import annotations

import base64
import email.utils
import gzip
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from tests.parsers import containermaker
from tests.pipeline import mails

SENDER = "Mette Holm <mette.holm@vestby-kommune.example>"
EVIL = "evil@attacker.example"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    # a word the ledger's reason or the reading's problems must contain when the mail is not plainly
    # processed (None: any outcome with a reason will do)
    expect: str | tuple[str, ...] | None = None


def _headers(subject: str = "Tilslutning til SDN", sender: str = SENDER, extra: str = "") -> bytes:
    mid = email.utils.make_msgid(domain="vestby-kommune.example")
    return (f"From: {sender}\r\nTo: sdn@medcom.example\r\nSubject: {subject}\r\n"
            f"Date: Mon, 02 Nov 2026 09:12:00 +0100\r\nMessage-ID: {mid}\r\n{extra}").encode()


def _with_pdfs(pdfs: list[tuple[str, bytes]], subject: str = "Hermed aftalerne", *,
               ctype: tuple[str, str] = ("application", "pdf")) -> bytes:
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 02 Nov 2026 09:12:00 +0100"
    msg["Message-ID"] = email.utils.make_msgid(domain="vestby-kommune.example")
    msg.set_content("Hermed dokumenterne.\n")
    for name, data in pdfs:
        msg.add_attachment(data, maintype=ctype[0], subtype=ctype[1], filename=name)
    return msg.as_bytes()


# ---------------------------------------------------------------------------------------------- PDFs
def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF from its object bodies (1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_bomb(inflated_mb: int = 1024) -> bytes:
    """A one-page PDF whose content stream inflates from about a megabyte to `inflated_mb` MB."""
    comp = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * (1 << 16)
    parts = [comp.compress(chunk) for _ in range((inflated_mb << 20) // len(chunk))]
    stream = b"".join(parts) + comp.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return pdf_from_objects(objs)


def zip_as_pdf(compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive holding an agreement; stored uncompressed it is a PDF polyglot (%PDF near the start)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        z.writestr("Tilslutningsaftale.pdf", mails.agreement("connection_agreement"))
    return buf.getvalue()


def _forged_smime() -> bytes:
    """An opaque-signed mail whose signed text was changed after signing (its signature no longer holds)."""
    signer = containermaker.identity("Mette Holm", "Vestby Kommune", cvr="29189854")
    raw = containermaker.opaque_signed(containermaker.inner_entity([], text="Vi tilmelder os med 10 pladser.\n"),
                                       signer)
    head, body = raw.split(b"\r\n\r\n", 1)
    forged = base64.b64decode(body).replace(b"10 pladser", b"90 pladser")
    return head + b"\r\n\r\n" + base64.encodebytes(forged)


# ---------------------------------------------------------------------------------------------- the cases
def _nested(depth: int) -> bytes:
    head = _headers(extra="MIME-Version: 1.0\r\n")
    open_parts = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
                          for i in range(depth))
    close = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    return head + open_parts + b"Content-Type: text/plain\r\n\r\nDybt inde.\r\n" + close


def _many_attachments(n: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = "Tusind bilag"
    msg["Message-ID"] = email.utils.make_msgid(domain="vestby-kommune.example")
    msg.set_content("Mange bilag.\n")
    tiny = mails.agreement("connection_agreement")
    for i in range(n):
        if i % 10 == 0:
            msg.add_attachment(tiny, maintype="application", subtype="pdf", filename=f"aftale-{i}.pdf")
        else:
            msg.add_attachment(b"x" * 64, maintype="application", subtype="octet-stream", filename=f"bilag-{i}.bin")
    return msg.as_bytes()


def _big_attachment(mb: int) -> bytes:
    return _with_pdfs([("Stor.pdf", b"%PDF-1.4\n" + b"\0" * (mb << 20))])


def _encoded(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


CASES: list[Case] = [
    # malformed MIME
    Case("no_headers_at_all", lambda: b"just some bytes, no header, no blank line"),
    Case("binary_garbage", lambda: bytes(range(256)) * 64),
    Case("empty", lambda: b""),
    Case("boundary_never_closed", lambda: _headers(extra='MIME-Version: 1.0\r\nContent-Type: multipart/mixed; '
                                                   'boundary="abc"\r\n') + b"\r\n--abc\r\nContent-Type: text/plain"
                                                   b"\r\n\r\nhej\r\n--abc\r\nContent-Type: application/pdf\r\n"),
    Case("boundary_missing", lambda: _headers(extra="MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n")
         + b"\r\n--x\r\n\r\nhej\r\n--x--\r\n"),
    Case("header_line_without_colon", lambda: _headers(extra="This is not a header\r\n") + b"\r\nhej\r\n"),
    Case("endless_header_line", lambda: _headers(extra="X-Long: " + "a" * 2_000_000 + "\r\n") + b"\r\nhej\r\n"),
    Case("nul_bytes_in_headers", lambda: _headers(subject="Hej\0med\0nul") + b"\r\nhej\0\r\n"),
    # missing and duplicated headers
    Case("no_from", lambda: b"To: sdn@medcom.example\r\nSubject: hvem er jeg\r\n\r\nhej\r\n",
         expect="no sender address"),
    Case("no_date_no_message_id", lambda: f"From: {SENDER}\r\nSubject: Tilslutning\r\n\r\nhej\r\n".encode()),
    Case("two_froms", lambda: _headers(extra=f"From: {EVIL}\r\n") + b"\r\nhej\r\n"),
    Case("two_subjects_two_message_ids", lambda: _headers(extra="Subject: [SDN-2026-0001] anden\r\n"
                                                          "Message-ID: <dup@x.example>\r\n") + b"\r\nhej\r\n"),
    Case("from_without_address", lambda: _headers(sender="Bare et navn") + b"\r\nhej\r\n",
         expect="no valid sender address"),
    Case("from_group_syntax", lambda: _headers(sender="undisclosed-recipients:;") + b"\r\nhej\r\n"),
    # charsets and transfer encodings
    Case("undeclared_latin1", lambda: _headers(extra="Content-Type: text/plain\r\n")
         + b"\r\nK\xe6re MedCom, vi \xf8nsker SDN.\r\n"),
    Case("wrong_charset_declared", lambda: _headers(extra="Content-Type: text/plain; charset=utf-8\r\n")
         + b"\r\nK\xe6re MedCom \xff\xfe\r\n"),
    Case("unknown_charset", lambda: _headers(extra="Content-Type: text/plain; charset=x-klingon-7\r\n")
         + b"\r\nhej\r\n"),
    Case("charset_in_encoded_word_unknown", lambda: _headers(subject="=?x-bogus?q?hej?=") + b"\r\nhej\r\n"),
    Case("bad_base64", lambda: _headers(extra="Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n")
         + b"\r\n!!!! not base64 at all ####\r\n"),
    Case("bad_quoted_printable", lambda: _headers(extra="Content-Type: text/plain\r\n"
                                                  "Content-Transfer-Encoding: quoted-printable\r\n")
         + b"\r\n=ZZ=\r\n=\r\n"),
    Case("unknown_transfer_encoding", lambda: _headers(extra="Content-Type: text/plain\r\n"
                                                       "Content-Transfer-Encoding: x-uuencode-ish\r\n")
         + b"\r\nbegin 644 x\r\n"),
    # size and shape
    Case("attachment_50_mb", lambda: _big_attachment(50), expect="the limit is 25 MB"),
    Case("a_thousand_attachments", lambda: _many_attachments(1000), expect="more than 500 parts"),
    Case("nested_multipart_200_deep", lambda: _nested(200)),
    # PDFs that are not what they say
    Case("zero_byte_pdf", lambda: _with_pdfs([("Tilslutningsaftale.pdf", b"")]), expect="empty (0 bytes)"),
    Case("truncated_pdf", lambda: _with_pdfs([("Tilslutningsaftale.pdf",
                                               mails.agreement("connection_agreement")[:3000])]),
         expect="could not be opened as a PDF"),
    Case("pdf_decompression_bomb", lambda: _with_pdfs([("Tilslutningsaftale.pdf", pdf_bomb())]),
         expect=("limits.max_inflated_bytes", "expands to more than can be read safely",
                 "The PDF could not be read (page 1")),
    Case("zip_calling_itself_pdf", lambda: _with_pdfs([("Tilslutningsaftale.pdf", zip_as_pdf())]), expect="not_pdf"),
    Case("zip_pdf_polyglot", lambda: _with_pdfs([("Tilslutningsaftale.pdf", zip_as_pdf(zipfile.ZIP_STORED))]),
         expect="not_pdf"),
    Case("pdf_with_path_in_name", lambda: _with_pdfs([("../../../../etc/cron.d/evil.pdf",
                                                       mails.agreement("connection_agreement")),
                                                      ("/tmp/abs.pdf", mails.agreement("data_processor_agreement"))])),
    # header injection in names and subjects
    Case("crlf_in_encoded_subject", lambda: _headers(subject=_encoded(f"Hej\r\nBcc: {EVIL}\r\n\r\nbody"))
         + b"\r\nhej\r\n"),
    Case("crlf_in_encoded_from_name", lambda: _headers(
        sender=f"{_encoded(f'Mette{chr(13)}{chr(10)}Bcc: {EVIL}')} <mette.holm@vestby-kommune.example>")
         + b"\r\nhej\r\n"),
    Case("encoded_word_address_trick", lambda: _headers(
        sender=f"{_encoded(EVIL + ' <' + EVIL + '>')} <mette.holm@vestby-kommune.example>") + b"\r\nhej\r\n"),
    # containers (issue 23): each a clear reason, within [limits]
    Case("zip_bomb", lambda: _with_pdfs([("aftale.zip", containermaker.zip_bomb(200))], ctype=("application", "zip")),
         expect="limits.max_archive_ratio"),
    Case("sevenzip_bomb", lambda: _with_pdfs([("aftale.7z", containermaker.seven_zip({"a.pdf": bytes(60 << 20)}))],
                                             ctype=("application", "x-7z-compressed")),
         expect="limits.max_archive_ratio"),
    Case("gzip_bomb", lambda: _with_pdfs([("aftale.pdf.gz", gzip.compress(bytes(60 << 20)))],
                                         ctype=("application", "gzip")),
         expect="limits.max_archive_ratio"),
    Case("zip_nested_8_deep", lambda: _with_pdfs([("aftale.zip", containermaker.nested_zip(
        8, mails.agreement("connection_agreement")))], ctype=("application", "zip")),
         expect="limits.max_archive_depth"),
    Case("zip_encrypted_entry", lambda: _with_pdfs([("aftale.zip", containermaker.encrypted_entry_zip(
        mails.agreement("connection_agreement")))], ctype=("application", "zip")), expect="encrypted with a password"),
    Case("tnef_bad_checksum", lambda: _with_pdfs([("winmail.dat", containermaker.winmail_dat(
        [("Tilslutningsaftale.pdf", mails.agreement("connection_agreement"))], bad_checksum=True))],
        ctype=("application", "ms-tnef")), expect="a checksum does not match"),
    Case("pdf_carrying_a_bomb", lambda: _with_pdfs([("Tilslutningsaftale.pdf", containermaker.pdf_carrying(
        mails.agreement("connection_agreement"), [("bilag.pdf", b"x")],
        raw_stream=zlib.compress(bytes(60 << 20), 9)))]), expect="limits.max_archive_entry_bytes"),
    Case("rar_cut_short", lambda: _with_pdfs([("aftale.rar", b"Rar!\x1a\x07\x01\x00" + bytes(300))],
                                             ctype=("application", "vnd.rar")), expect="aftale.rar"),
    Case("smime_signature_forged", lambda: _forged_smime(), expect="does not hold"),
    Case("smime_garbage_envelope", lambda: _headers(extra="MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; "
                                                    "smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n")
         + b"\r\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\r\n", expect="could not be read"),
    Case("crlf_in_attachment_name", lambda: _with_pdfs([("PLACEHOLDER.pdf", mails.agreement("connection_agreement"))])
         .replace(b'filename="PLACEHOLDER.pdf"', b"filename*=utf-8''aftale.pdf%0D%0ABcc%3A%20" + EVIL.encode())),
]
