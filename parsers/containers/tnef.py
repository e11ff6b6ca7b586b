"""Outlook's winmail.dat (TNEF, MS-OXTNEF) with tnefparse: each attached file, and the files of a
message embedded in it, and what the party wrote where Outlook kept the body in it (`_said`). Every
attribute's checksum is checked: a damaged winmail.dat is named, not read half-way. TNEF stores files
uncompressed, so its files are never larger than the mail that carried them."""
from __future__ import annotations

import logging
import mimetypes
from typing import Any

from ..problems import new_problem
from .base import Allowance, Attachment, Said, Unwrapped, joined

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


def _decoded(value: Any, tnef: Any) -> str:
    """A body as text: bytes in UTF-8 where they are, else in the stream's OEM code page (attOemCodepage,
    Windows-1252 for Danish Outlook), which TNEF's own text attributes are written in."""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            page = getattr(tnef, "codepage", None)
            name = page if isinstance(page, str) and page else f"cp{page}" if isinstance(page, int) and page \
                else "cp1252"
            try:
                value = value.decode(name, "replace")
            except LookupError:
                value = value.decode("cp1252", "replace")
    return _text(value)


def _file_name(a: Any, tnef: Any) -> str:
    """An attached file's name: its MAPI long file name, else its title (attAttachTitle), which Outlook writes in
    the OEM code page: tnefparse decodes the title as UTF-8 only, and a Danish name ("Rønnebæk.eml") was lost, so
    a forwarded mail inside was not known as one and not opened."""
    try:
        return _text(a.long_filename()) or _text(a.name)
    except UnicodeDecodeError:
        return _decoded(getattr(a, "_name", b""), tnef).strip("\x00").strip()
    except Exception:  # noqa: BLE001 - a name the library cannot give: the file is still read, unnamed
        return ""


def _said(tnef: Any, name: str) -> list[Said]:
    """What the party wrote, where Outlook kept its rich-text mail's body in the winmail.dat (the mail's own
    text part is then empty or a stub): the plain body, else the HTML one, else the compressed RTF's HTML or
    text (RTFDE, which extract-msg brings, takes out what Outlook encapsulated in it); a damaged body is none."""
    plain, html = _decoded(tnef.body, tnef), _decoded(tnef.htmlbody, tnef)
    if not plain and not html:
        try:
            rtf = tnef.rtfbody
            if isinstance(rtf, bytes) and rtf.lstrip().startswith(b"{\\rtf"):
                from RTFDE.deencapsulate import DeEncapsulator

                de = DeEncapsulator(rtf)
                de.deencapsulate()
                html = _text(getattr(de, "html", "") or "")
                plain = "" if html else _text(getattr(de, "text", "") or "")
        except Exception:  # noqa: BLE001 - RTF that is not Outlook's encapsulation, or damaged: no text
            plain, html = "", ""
    return [Said(name, plain, html)] if plain or html else []


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
    out.texts += _said(tnef, att.name)
    for i, a in enumerate(tnef.attachments, 1):
        fname = _file_name(a, tnef)
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
        refused = allowance.take(name, len(data))
        if refused is not None:
            out.problems.append(refused)
            continue
        out.files.append(Attachment(name, ctype, data))
    return out
