"""Mail signed and encrypted with OpenPGP as mail clients send it, made by GnuPG itself (installed by
tests/servers/_util.apt_install when missing) with a throwaway key in a temporary home: PGP/MIME signed
(RFC 3156 multipart/signed), PGP/MIME encrypted (multipart/encrypted), and inline PGP (a clear-signed text and
each attachment with its detached signature beside it, as Enigmail and Mailvelope send them)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage, Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

from tests.servers._util import apt_install

SENDER = "Anna Holm <anna.holm@kystby.example>"
TEXT = "Hej MedCom\n\nHermed den underskrevne aftale.\n\nAnna Holm\n"


class Gpg:
    """gpg with its own home and one signing and encryption key (no passphrase)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.gpg("--quick-gen-key", SENDER, "ed25519", "sign", "1d")
        fpr = next(line.split(":")[9] for line in self.gpg("--list-keys", "--with-colons").splitlines()
                   if line.startswith("fpr:"))
        self.gpg("--quick-add-key", fpr, "cv25519", "encr", "1d")

    def gpg(self, *args: str, data: bytes = b"") -> str:
        return self.run(*args, data=data).decode("utf-8", "replace")

    def run(self, *args: str, data: bytes = b"") -> bytes:
        exe = shutil.which("gpg")
        assert exe
        p = subprocess.run([exe, "--homedir", str(self.home), "--batch", "--yes", "--pinentry-mode", "loopback",
                            "--passphrase", "", *args], input=data, capture_output=True, check=True, timeout=60)
        return p.stdout

    def detached(self, data: bytes, armor: bool = True) -> bytes:
        return self.run("--detach-sign", *(["--armor"] if armor else []), data=data)

    def clearsigned(self, text: str) -> str:
        return self.gpg("--clearsign", data=text.encode())

    def encrypted(self, data: bytes) -> bytes:
        return self.run("--encrypt", "--armor", "--recipient", "anna.holm@kystby.example", data=data)


@contextmanager
def gnupg() -> Iterator[Gpg]:
    if shutil.which("gpg") is None:
        apt_install("gnupg")
    with tempfile.TemporaryDirectory(prefix="sdn-gpg-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir(mode=0o700)
        try:
            yield Gpg(home)
        finally:
            subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], capture_output=True, check=False)


def _headers(m: Message, subject: str) -> None:
    m["From"] = SENDER
    m["To"] = "sdn@medcom.example"
    m["Subject"] = subject
    m["Date"] = "Mon, 02 Nov 2026 09:12:00 +0100"
    m["Message-ID"] = "<pgp@kystby.example>"


def _content(files: list[tuple[str, bytes]]) -> MIMEMultipart:
    inner = MIMEMultipart("mixed")
    inner.attach(MIMEText(TEXT, "plain", "utf-8"))
    for name, data in files:
        part = MIMEApplication(data, "pdf")
        part.add_header("Content-Disposition", "attachment", filename=name)
        inner.attach(part)
    return inner


def pgp_mime_signed(g: Gpg, files: list[tuple[str, bytes]]) -> bytes:
    """RFC 3156: multipart/signed over the content exactly as sent (CRLF line ends, up to the CRLF before the
    next boundary), signature.asc beside it; gpg verifies it over those bytes."""
    signed = _content(files).as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").rstrip(b"\r\n")
    sig = g.detached(signed).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    b = "pgp-signed-boundary"
    head = EmailMessage()
    _headers(head, "Underskrevet aftale")
    return (head.as_bytes().replace(b"\n", b"\r\n").rstrip(b"\r\n") + b"\r\nMIME-Version: 1.0\r\n"
            + f'Content-Type: multipart/signed; micalg=pgp-sha512; protocol="application/pgp-signature"; '
              f'boundary="{b}"\r\n\r\n--{b}\r\n'.encode()
            + signed + f"\r\n--{b}\r\n".encode()
            + b'Content-Type: application/pgp-signature; name="signature.asc"\r\n'
              b'Content-Description: OpenPGP digital signature\r\n'
              b'Content-Disposition: attachment; filename="signature.asc"\r\n\r\n'
            + sig + f"\r\n--{b}--\r\n".encode())


def pgp_mime_encrypted(g: Gpg, files: list[tuple[str, bytes]]) -> bytes:
    """RFC 3156: multipart/encrypted, the version part and the encrypted content (encrypted.asc)."""
    version = MIMEApplication(b"Version: 1\n", "pgp-encrypted", _encoder=lambda p: None)
    version.add_header("Content-Description", "PGP/MIME version identification")
    body = MIMEApplication(g.encrypted(_content(files).as_bytes()), "octet-stream", _encoder=lambda p: None)
    body.add_header("Content-Disposition", "inline", filename="encrypted.asc")
    outer = MIMEMultipart("encrypted", protocol="application/pgp-encrypted")
    outer.attach(version)
    outer.attach(body)
    _headers(outer, "Aftale (krypteret)")
    return outer.as_bytes()


def inline_signed(g: Gpg, files: list[tuple[str, bytes]], sig_type: str = "application/pgp-signature",
                  suffix: str = ".sig", armor: bool = False) -> bytes:
    """Inline PGP: the text clear-signed in the body, each file followed by its detached signature file."""
    m = EmailMessage()
    _headers(m, "Underskrevet aftale")
    m.set_content(g.clearsigned(TEXT))
    for name, data in files:
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
        main, sub = sig_type.split("/")
        m.add_attachment(g.detached(data, armor=armor), maintype=main, subtype=sub, filename=name + suffix)
    return m.as_bytes()
