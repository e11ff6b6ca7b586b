"""Outlook items saved as .msg (extract-msg): the files attached to the item, and those of items
attached to it in turn, and what the party wrote in each (its body: a form may be written there). A .msg is
an OLE compound file; its attachments are stored uncompressed, so they are never larger than the mail that
carried them."""
from __future__ import annotations

import logging
import mimetypes
from typing import Any

from ..problems import new_problem
from .base import Allowance, Attachment, Said, Unwrapped, joined

for _name in ("extract_msg", "olefile", "RTFDE"):
    logging.getLogger(_name).setLevel(logging.CRITICAL + 1)  # they log what they skip; we report it


def _text(item: Any, name: str) -> list[Said]:
    """What the party wrote in the item: its plain body and its HTML body where it has one of its own (extract-msg
    writes one from the plain body or the RTF; a damaged body is no text)."""
    def prop(attr: str) -> str:
        try:
            value = getattr(item, attr, None)
        except Exception:  # noqa: BLE001 - extract-msg and RTFDE raise their own on a damaged body
            return ""
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return value if isinstance(value, str) else ""

    plain = prop("body")
    said = Said(name, plain, "" if plain.strip() else prop("htmlBody"))
    return [said] if said.plain.strip() or said.html.strip() else []


def _files(item: Any, name: str, allowance: Allowance, out: Unwrapped, depth: int) -> None:
    from extract_msg.enums import AttachmentType

    out.texts += _text(item, name)
    attachments = list(getattr(item, "attachments", None) or [])
    if len(attachments) > allowance.budgets.max_archive_entries:
        out.problems.append(allowance.over("max_archive_entries", f"{name} holds {len(attachments):,} files, "
                                           f"more than {allowance.budgets.max_archive_entries:,}"))
        return
    for i, a in enumerate(attachments, 1):
        fname = str(getattr(a, "longFilename", None) or getattr(a, "shortFilename", None)
                    or getattr(a, "displayName", None) or "").strip()
        inner = joined(name, fname or f"attachment-{i}")
        kind = getattr(a, "type", None)
        if kind == AttachmentType.MSG and depth < allowance.budgets.max_archive_depth:
            _files(a.data, inner, allowance, out, depth + 1)
            continue
        data = getattr(a, "data", None)
        if kind != AttachmentType.DATA or not isinstance(data, bytes) or not data:
            out.problems.append(new_problem("unsupported_attachment", f"{inner} in the Outlook item could not be read "
                                        f"({getattr(kind, 'name', 'unknown').lower()} attachment).", filename=inner))
            continue
        refused = allowance.take(inner, len(data))
        if refused is not None:
            out.problems.append(refused)
            continue
        ctype = str(getattr(a, "mimetype", None) or "") or mimetypes.guess_type(fname)[0] \
            or "application/octet-stream"
        out.files.append(Attachment(inner, ctype, data))


def open_msg(att: Attachment, allowance: Allowance) -> Unwrapped:
    import extract_msg

    out = Unwrapped()
    try:
        item = extract_msg.openMsg(att.data, strict=False)
    except Exception as exc:  # extract-msg raises its own and olefile's errors on a damaged file
        out.problems.append(new_problem("unsupported_attachment", f"The Outlook item {att.name} could not be opened "
                                    f"({type(exc).__name__}); please send the files as ordinary attachments.",
                                    filename=att.name))
        return out
    try:
        _files(item, att.name, allowance, out, 0)
    finally:
        try:
            item.close()
        except Exception:
            pass
    return out
