"""The common shape of every container: an attachment in, its files and problems out, within budgets."""
from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, NamedTuple

from ..budget import Budgets, hit
from ..problems import problem


class Attachment(NamedTuple):
    """One file: its name as the party sees it ("archive.zip/inner.pdf"), its type and its bytes."""

    name: str
    content_type: str
    data: bytes


@dataclass
class Unwrapped:
    """What one attachment held: the files to read, and problems naming what was not opened."""

    files: list[Attachment] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)  # S/MIME signed files: who signed


@dataclass
class Allowance:
    """One mail's share of the container budgets: what has been unpacked so far."""

    budgets: Budgets = field(default_factory=Budgets)
    unpacked: int = 0

    def over(self, key: str, what: str) -> dict[str, Any]:
        """A `too_large` problem for a budget hit, recorded as a hit too (the parse worker then leaves)."""
        message = f"{what} (limits.{key})"
        hit(key, message)
        return problem("too_large", f"An attachment is beyond what is read safely: {message}.", limit=key)

    def room(self) -> int:
        """Bytes one more entry may inflate to: the per-entry budget or what is left of the mail's."""
        return max(0, min(self.budgets.max_archive_entry_bytes, self.budgets.max_unpacked_bytes - self.unpacked))


Opener = Callable[[Attachment, Allowance], Unwrapped]

_ZIP_DOCUMENTS = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".docm", ".xlsm", ".epub", ".jar")
_SMIME_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime")


def container_kind(att: Attachment) -> str | None:
    """Which container an attachment is, by its bytes first and then its type and name; None: a file."""
    lname = att.name.lower()
    head = att.data[:8]
    ctype = att.content_type.lower()
    if head[:4] == b"\x78\x9f\x3e\x22" or ctype == "application/ms-tnef" or lname.endswith("winmail.dat"):
        return "tnef"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06") or ctype in ("application/zip", "application/x-zip-compressed"):
        # Office and ODF files are ZIPs too, but they are documents: the document readers take them
        return None if lname.endswith(_ZIP_DOCUMENTS) else "zip"
    ole = head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if ole and (lname.endswith(".msg") or ctype == "application/vnd.ms-outlook"):
        return "msg"
    if ctype in _SMIME_TYPES or lname.endswith(".p7m"):
        return "pkcs7"
    if lname.endswith(".eml") or ctype == "message/rfc822":
        return "eml"
    return None


def _openers() -> dict[str, Opener]:
    from . import msg, smime, tnef, zip  # noqa: A004 - the module is named for the format

    return {"zip": zip.open_zip, "tnef": tnef.open_tnef, "msg": msg.open_msg, "pkcs7": smime.open_signed_file,
            "eml": open_eml}


def unwrap(att: Attachment, allowance: Allowance, depth: int = 0) -> Unwrapped:
    """The files inside `att` (itself when it is no container), containers opened to
    `max_archive_depth`; never raises for bad input (MemoryError aside: the parse child reports it)."""
    kind = container_kind(att)
    if kind is None:
        return Unwrapped(files=[att])
    if depth >= allowance.budgets.max_archive_depth:
        return Unwrapped(problems=[allowance.over(
            "max_archive_depth", f"{att.name} is a container nested more than "
            f"{allowance.budgets.max_archive_depth} deep")])
    try:
        opened = _openers()[kind](att, allowance)
    except MemoryError:
        raise
    except Exception as exc:  # a library's surprise on hostile bytes: named, never a crash
        return Unwrapped(problems=[problem("unsupported_attachment", f"The attachment {att.name} could not be "
                                           f"opened ({type(exc).__name__}); a member of staff should look at it.",
                                           filename=att.name)])
    out = Unwrapped(problems=list(opened.problems), signatures=list(opened.signatures))
    for child in opened.files:
        inner = unwrap(child, allowance, depth + 1)
        out.files += inner.files
        out.problems += inner.problems
        out.signatures += inner.signatures
    return out


def joined(outer: str, inner: str) -> str:
    """"archive.zip/inner.pdf": the inner name without folders or odd characters, under the outer one."""
    base = re.split(r"[\\/]", inner.strip())[-1] if inner.strip() else ""
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "unnamed"
    return f"{outer}/{base}"


def message_files(name: str, msg: Message) -> list[Attachment]:
    """The attached files of a message (not its body text): an .eml in a ZIP, a message in a .msg."""
    out: list[Attachment] = []
    for i, part in enumerate(msg.walk()):
        if i > 500:
            break
        if part.is_multipart():
            continue
        try:
            fname = part.get_filename()
            ctype = part.get_content_type()
            disposition = (part.get_content_disposition() or "").lower()
            if ctype in ("text/plain", "text/html") and not fname and disposition != "attachment":
                continue
            data = part.get_payload(decode=True)
        except Exception:
            continue
        if isinstance(data, bytes) and data:
            out.append(Attachment(joined(name, fname or f"part-{i}"), ctype, data))
    return out


def open_eml(att: Attachment, allowance: Allowance) -> Unwrapped:
    """A message saved as a file: its attachments."""
    msg = email.message_from_bytes(att.data, policy=email.policy.compat32)
    return Unwrapped(files=message_files(att.name, msg))
