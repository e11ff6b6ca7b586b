"""Outlook's winmail.dat (TNEF, MS-OXTNEF) with tnefparse: each attached file, and the files of a
message embedded in it. Every attribute's checksum is checked: a damaged winmail.dat is named, not read
half-way. TNEF stores files uncompressed, so its files are never larger than the mail that carried them."""
from __future__ import annotations

import logging
import mimetypes
from typing import Any

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, joined

logging.getLogger("tnefparse").setLevel(logging.CRITICAL + 1)  # it logs each bad checksum; we report it


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "").strip("\x00").strip()


def _objects(data: bytes) -> int:
    """How many attributes a TNEF stream holds, counted from their headers alone: tnefparse copies the
    rest of the stream for each one, so a stream of a million tiny attributes is refused before it."""
    n, offset = 0, 6
    while offset + 12 < len(data):
        offset += 11 + int.from_bytes(data[offset + 5:offset + 9], "little")
        n += 1
    return n


def open_tnef(att: Attachment, allowance: Allowance) -> Unwrapped:
    from tnefparse.tnef import TNEF

    out = Unwrapped()
    most = 20 * allowance.budgets.max_archive_entries  # a file is three or four attributes, a message ~20
    if _objects(att.data) > most:
        out.problems.append(allowance.over("max_archive_entries", f"{att.name} holds more than {most:,} "
                                           "Outlook attributes"))
        return out
    try:
        tnef = TNEF(att.data, do_checksum=True)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError, LookupError) as exc:
        out.problems.append(new_problem("unsupported_attachment", f"The Outlook attachment {att.name} (winmail.dat) "
                                    f"could not be read ({type(exc).__name__}); please send the files as ordinary "
                                    "attachments.", filename=att.name))
        return out
    if not all(getattr(o, "good_checksum", True) for o in tnef.objects):
        out.problems.append(new_problem("unsupported_attachment", f"The Outlook attachment {att.name} (winmail.dat) is "
                                    "damaged (a checksum does not match); please send the files as ordinary "
                                    "attachments.", filename=att.name))
        return out
    if len(tnef.attachments) > allowance.budgets.max_archive_entries:
        out.problems.append(allowance.over("max_archive_entries", f"{att.name} holds {len(tnef.attachments):,} "
                                           f"files, more than {allowance.budgets.max_archive_entries:,}"))
        return out
    for i, a in enumerate(tnef.attachments, 1):
        try:
            fname = _text(a.long_filename()) or _text(a.name)
        except Exception:
            fname = ""
        name = joined(att.name, fname or f"attachment-{i}")
        data = a.data if isinstance(a.data, bytes) else b""
        if getattr(a, "embed", None) is not None:  # an attached Outlook message: its own TNEF, opened in turn
            name, ctype = joined(att.name, fname or f"message-{i}") + ".dat", "application/ms-tnef"
        else:
            ctype = mimetypes.guess_type(fname)[0] or "application/octet-stream"
        if not data:
            out.problems.append(new_problem("unsupported_attachment", f"{name} in the Outlook attachment holds no "
                                        "file that can be read.", filename=name))
            continue
        room = allowance.room()
        if len(data) > room:
            out.problems.append(allowance.over("max_unpacked_bytes", f"{name} is {len(data):,} bytes, more than "
                                               f"{room:,} can be read"))
            continue
        allowance.unpacked += len(data)
        out.files.append(Attachment(name, ctype, data))
    return out
