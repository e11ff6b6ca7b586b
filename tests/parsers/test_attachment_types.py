"""Nothing a party attaches is silently ignored: every MIME type and file extension the reader knows,
and common ones it does not read, end as a document, a problem naming the file, or an attachment left
alone with its reason."""
from __future__ import annotations

import pytest

from parsers import read_mail
from parsers.documents import dispatch
from tests.parsers import officemaker as om
from tests.parsers.mailmaker import from_kystby

LOGO = om.logo()
OTHERS = [("aftaler.zip", "application/zip"), ("winmail.dat", "application/ms-tnef"),
          ("smime.p7m", "application/pkcs7-mime"), ("Videresendt.msg", "application/vnd.ms-outlook"),
          ("noter.txt", "text/plain"), ("liste.csv", "text/csv"), ("møde.ics", "text/calendar"),
          ("kontakt.vcf", "text/vcard"), ("data.json", "application/json"), ("besked.mp3", "audio/mpeg"),
          ("film.mp4", "video/mp4"), ("fil.bin", "application/octet-stream"), ("side.html", "text/html"),
          ("Tilslutningsaftale.pdf", "application/pdf"), ("smime.p7s", "application/pkcs7-signature"),
          ("signature.asc", "application/pgp-signature"), ("Aftale.pdf.sig", "application/octet-stream"),
          ("OpenPGP_0x5B694B46.asc", "application/pgp-keys"), ("encrypted.asc", "application/pgp-encrypted"),
          ("Aftale.pdf.pgp", "application/octet-stream"), ("Aftale.xps", "application/vnd.ms-xpsdocument"),
          ("aftaler.tar.gz", "application/gzip"), ("aftaler.tar", "application/x-tar"),
          ("Slides.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]


def cases() -> list[tuple[str, str, bytes]]:
    out: list[tuple[str, str, bytes]] = []
    for ctype, fmt in dispatch.OFFICE_TYPES.items():
        out.append((f"typed-{fmt}", ctype, om.word_form() if fmt in ("docx", "odt") else om.excel_form()))
    for ext, fmt in dispatch.OFFICE_EXTENSIONS.items():
        out.append((f"fil{ext}", "application/octet-stream", om.word_form() if fmt == "docx" else om.excel_form()))
    for ext in dispatch.IMAGE_EXTENSIONS:
        out.append((f"billede{ext}", "application/octet-stream", LOGO))
    for ext in dispatch.LEGACY:
        out.append((f"gammel{ext}", "application/octet-stream", b"\xd0\xcf\x11\xe0" + b"\0" * 200))
    for ctype, ext in dispatch.LEGACY_TYPES.items():
        out.append((f"typed{ext}-{ctype.replace('/', '_')}", ctype, b"\xd0\xcf\x11\xe0" + b"\0" * 200))
    out += [(name, ctype, b"not what it says " * 20) for name, ctype in OTHERS]
    return out


def _mail(name: str, ctype: str, data: bytes) -> bytes:
    m = from_kystby("Dokumenter")
    m.set_content("Hermed.\n")
    main, sub = ctype.split("/")
    if main == "text":
        m.add_attachment(data.decode("latin-1"), subtype=sub, filename=name)
    else:
        m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return m.as_bytes()


@pytest.mark.parametrize("name,ctype,data", cases(), ids=[c[0] for c in cases()])
def test_every_attachment_is_read_or_named(name: str, ctype: str, data: bytes) -> None:
    out = read_mail(_mail(name, ctype, data)).as_json()
    read = [d for d in out["documents"] if d["filename"] == name]
    named = [p for p in out["message"]["problems"] if name in p.get("message", "")]
    ignored = [w for w in out["message"]["ignored_attachments"] if w.startswith(name)]
    assert read or named or ignored, out
    if ctype.startswith("image/") or name.endswith(dispatch.IMAGE_EXTENSIONS):
        assert ignored  # a small picture: left alone, and said so
    if ctype in dispatch.OFFICE_TYPES or name.endswith(tuple(dispatch.OFFICE_EXTENSIONS)):
        assert read and read[0]["kind"] == "information_form"
