"""Taking a named attachment back out of a stored .eml (the party's form goes on to TDC as they sent it)."""
from __future__ import annotations

import email
from email import policy
from email.message import Message


def _walk(msg: Message) -> list[tuple[str | None, bytes]]:
    found: list[tuple[str | None, bytes]] = []
    for part in msg.walk():
        if part.get_content_type() == "message/rfc822":
            for inner in part.get_payload() or []:
                if isinstance(inner, Message):
                    found += _walk(inner)
            continue
        if part.is_multipart():
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001 - broken transfer encoding: skip the part
            continue
        if isinstance(payload, bytes) and (payload[:1024].lstrip().startswith(b"%PDF") or part.get_filename()):
            found.append((part.get_filename(), payload))  # a PDF, or a named file (a Word or Excel form)
    return found


def find_attachment(raw: bytes, filename: str | None) -> bytes | None:
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    parts = _walk(msg)
    for name, data in parts:
        if filename and name and _same(name, filename):
            return data
    # an unnamed PDF stands for itself; a wanted file of another kind (a Word form, a form read from the
    # mail's text) is never replaced by the one PDF the mail happens to hold
    wanted_pdf = not filename or filename.strip().lower().endswith(".pdf")
    pdfs = [data for _, data in parts if data[:1024].lstrip().startswith(b"%PDF")]
    return pdfs[0] if len(pdfs) == 1 and wanted_pdf else None


def _same(a: str, b: str) -> bool:
    from email.header import decode_header, make_header

    try:
        a = str(make_header(decode_header(a)))
    except Exception:  # noqa: BLE001
        pass
    return a.strip().lower() == b.strip().lower()
