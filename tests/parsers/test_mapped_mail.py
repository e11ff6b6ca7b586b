"""A large stored mail is mapped, its base64 body decoded a piece at a time and its pages let go: the very
same reading as of its bytes (parsers/mail/mapped.py, reader._lift_large_base64)."""
from __future__ import annotations

import base64
import binascii
import mmap
import os
import random
from email.message import EmailMessage
from pathlib import Path

import pytest

from parsers import bounded
from parsers.mail import mapped, reader
from parsers.mail.reader import mail_file_reading, read_mail

from . import containermaker as cm
from .pdfmaker import pdf

AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])


def _mail(tmp_path: Path, *attachments: tuple[str, bytes]) -> tuple[bytes, Path]:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Karen <karen@scan-kommune.example>", "sdn@medcom.example", "Aftale"
    msg.set_content("Hermed aftalen.\n")
    for name, data in attachments:
        maintype, subtype = ("application", "pdf") if name.endswith(".pdf") else ("application", "octet-stream")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    raw = msg.as_bytes()
    path = tmp_path / "mail.eml"
    path.write_bytes(raw)
    return raw, path


def test_a_large_mail_read_from_its_file_reads_as_its_bytes(tmp_path: Path) -> None:
    raw, path = _mail(tmp_path, ("aftale.pdf", AGREEMENT + b"%" + os.urandom(2_500_000)),
                      ("log.bin", os.urandom(1_500_000)))
    with mapped.mail_bytes(path, reader.LIFT_ABOVE_BYTES) as held:
        assert isinstance(held, mmap.mmap)  # large: mapped, not read in
    from_file = mail_file_reading(path).as_json()
    assert from_file == read_mail(raw).as_json()
    assert [(d["filename"], d["fields"].get("cvr")) for d in from_file["documents"]] == [("aftale.pdf", "29189846")]
    small, small_path = _mail(tmp_path, ("aftale.pdf", AGREEMENT))
    with mapped.mail_bytes(small_path, reader.LIFT_ABOVE_BYTES) as held:
        assert held == small  # small: simply read
    assert mail_file_reading(small_path).as_json() == read_mail(small).as_json()


def test_a_worker_given_the_path_reads_the_file_as_its_bytes(tmp_path: Path) -> None:
    raw, path = _mail(tmp_path, ("aftale.pdf", AGREEMENT + b"%" + os.urandom(1_500_000)))
    try:
        by_path, by_bytes = [d.as_json() for d in bounded.read_mails_bounded([path, raw], timeout_s=120, parallel=1)]
    finally:
        bounded.close_workers()
    assert by_path == by_bytes and by_path["documents"][0]["fields"].get("cvr") == "29189846"


def _mapping_rss_kb(path: Path) -> int:
    """The resident size of this process's mapping of `path` (/proc/self/smaps)."""
    lines = Path("/proc/self/smaps").read_text().splitlines()
    for i, line in enumerate(lines):
        if line.endswith(str(path)):
            return next(int(x.split()[1]) for x in lines[i + 1:] if x.startswith("Rss:"))
    raise AssertionError("not mapped")


@pytest.mark.skipif(not hasattr(mmap, "MADV_DONTNEED") or not Path("/proc/self/smaps").exists(),
                    reason="needs Linux's madvise and /proc")
def test_the_mapped_mail_is_let_go_once_its_body_is_decoded(tmp_path: Path) -> None:
    # the mechanism, not a figure: the mail's pages are not held beside the attachment decoded from them
    data = os.urandom(3_000_000)
    _, path = _mail(tmp_path, ("log.bin", data))
    with mapped.mail_bytes(path) as held:
        assert isinstance(held, mmap.mmap)
        bytes(held)  # every page read in
        assert _mapping_rss_kb(path) > 3_000
        rest = reader._lift_large_base64(held)
        assert _mapping_rss_kb(path) < 1024
        assert len(rest) < 10_000 and list(reader._LIFTED.bodies.values()) == [data]
    reader._LIFTED.bodies = {}


def _old_lift(raw: bytes, start: int) -> tuple[int, bytes] | None:
    """What decoding the body whole gave (as before): (end, decoded), None where it was not lifted."""
    end = raw.find(b"\n--", start)
    end = len(raw) if end < 0 else end + 1
    body = raw[start:end]
    if len(body) <= reader.LIFT_ABOVE_BYTES or reader._BASE64_BODY.fullmatch(body) is None:
        return None
    try:
        return end, binascii.a2b_base64(body)
    except ValueError:
        return None


def _bodies() -> list[bytes]:
    """Bodies around the pieces' edges: line lengths that split groups of four, CRLF and LF, padding at the
    end, inside, or lost, a stray character."""
    rnd = random.Random(23)
    out = []
    for size in (4_000, 4_001, 4_002, 5_555, 9_000):
        data = rnd.randbytes(size)
        for width in (76, 75, 77, 64, 1):
            encoded = base64.b64encode(data)
            lines = b"\n".join(encoded[i:i + width] for i in range(0, len(encoded), width)) + b"\n"
            out += [lines, lines.replace(b"\n", b"\r\n"), lines.rstrip(b"=\n") + b"\n"]
        encoded = base64.b64encode(data[:1000]) + base64.b64encode(data[1000:])  # padding inside
        out += [encoded, encoded + b"=", encoded[:2000] + b"!" + encoded[2000:]]
    return out


def test_a_body_decoded_in_pieces_is_the_body_decoded_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "LIFT_ABOVE_BYTES", 3_000)
    lifted = 0
    for piece in (1_000, 1_001, 4_096):
        monkeypatch.setattr(reader, "_PIECE", piece)
        for body in _bodies():
            head = b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            for tail in (b"", b"--frontier--\r\n"):
                raw = head + body + tail
                assert reader._decode_body(raw, len(head)) == _old_lift(raw, len(head)), (piece, len(body), tail)
                lifted += reader._decode_body(raw, len(head)) is not None
    assert lifted > 100  # most of them are whole base64


def test_a_clear_signed_large_mail_from_its_file_is_checked_over_the_bytes_as_sent(tmp_path: Path) -> None:
    signer = cm.identity("Mette Holm", "Vestby Kommune", cvr="29189854")
    large = AGREEMENT + b"%" + os.urandom(1_500_000)
    raw = cm.clear_signed(cm.inner_entity([("aftale.pdf", "application/pdf", large)]), signer)
    path = tmp_path / "signed.eml"
    path.write_bytes(raw)
    from_file = mail_file_reading(path).as_json()
    assert from_file == read_mail(raw).as_json()
    assert from_file["message"]["smime"]["valid"] and from_file["message"]["smime"]["kind"] == "clear"


def test_a_large_mail_with_bare_cr_line_endings_reads_from_its_file_as_its_bytes(tmp_path: Path) -> None:
    raw, _ = _mail(tmp_path, ("aftale.pdf", AGREEMENT + b"%" + os.urandom(1_500_000)))
    old_mac = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    path = tmp_path / "cr.eml"
    path.write_bytes(old_mac)
    from_file = mail_file_reading(path).as_json()
    assert from_file == read_mail(old_mac).as_json()
    assert [(d["filename"], d["fields"].get("cvr")) for d in from_file["documents"]] == [("aftale.pdf", "29189846")]
