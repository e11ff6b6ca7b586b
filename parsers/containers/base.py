"""The common shape of every container: an attachment in, its files and problems out, within budgets."""
from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import NamedTuple

from ..budget import Budgets, hit
from ..problems import new_problem
from ..reading import Problem
from .checks import Signed


class Attachment(NamedTuple):
    """One file: its name as the party sees it ("archive.zip/inner.pdf"), its type and its bytes."""

    name: str
    content_type: str
    data: bytes


class Said(NamedTuple):
    """The text a party wrote in a message a container held (an Outlook item's body, a saved mail's text): the
    party's own words, read as a mail's text is (a form written in it counts), never as an attachment."""

    name: str   # the message's name as the party sees it ("VS Aftale.msg")
    plain: str
    html: str = ""


@dataclass
class Unwrapped:
    """What one attachment held: the files to read, the texts written in messages it held, and problems naming
    what was not opened."""

    files: list[Attachment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    signatures: list[Signed] = field(default_factory=list)  # S/MIME signed files: who signed
    texts: list[Said] = field(default_factory=list)


@dataclass
class Allowance:
    """One mail's share of the container budgets: what has been unpacked so far."""

    budgets: Budgets = field(default_factory=Budgets)
    unpacked: int = 0

    def over(self, key: str, what: str) -> Problem:
        """A `too_large` problem for a budget hit, recorded as a hit too (the parse worker then leaves)."""
        message = f"{what} (limits.{key})"
        hit(key, message)
        return new_problem("too_large", f"An attachment is beyond what is read safely: {message}.", limit=key)

    def room(self) -> int:
        """Bytes one more entry may inflate to: the per-entry budget or what is left of the mail's."""
        return max(0, min(self.budgets.max_archive_entry_bytes, self.budgets.max_unpacked_bytes - self.unpacked))

    def bound(self, room: int) -> str:
        """The budget that made `room` what it is (`room()`'s value): the per-entry one, or the mail's."""
        return "max_archive_entry_bytes" if room == self.budgets.max_archive_entry_bytes else "max_unpacked_bytes"

    def take(self, name: str, size: int) -> Problem | None:
        """A file of `size` bytes a container holds whole (an Outlook item's or a winmail.dat's attachment, stored
        uncompressed) counted as unpacked; or, past the room left, the `too_large` problem naming it (counted under
        the mail's budget, as msg.py and tnef.py always said)."""
        room = self.room()
        if size > room:
            return self.over("max_unpacked_bytes", f"{name} is {size:,} bytes, more than {room:,} can be read")
        self.unpacked += size
        return None


Opener = Callable[[Attachment, Allowance], Unwrapped]

_ZIP_DOCUMENTS = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".docm", ".xlsm", ".epub", ".jar", ".pages",
                  ".numbers")
_RAR_TYPES = ("application/x-rar-compressed", "application/vnd.rar", "application/x-rar")
_SMIME_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime")
BINHEX_TYPES = ("application/mac-binhex40", "application/mac-binhex", "application/binhex", "application/x-binhex40")
_BINHEX = b"(This file must be converted"


def container_kind(att: Attachment) -> str | None:
    """Which container an attachment is, by its bytes first and then its type and name; None: a file."""
    lname = att.name.lower()
    head = att.data[:8]
    ctype = att.content_type.lower()
    if head[:4] == b"\x78\x9f\x3e\x22" or ctype == "application/ms-tnef" or lname.endswith("winmail.dat"):
        return "tnef"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06") or ctype in ("application/zip", "application/x-zip-compressed"):
        # Office and ODF files are ZIPs too, but they are documents: the document readers take them
        return None if lname.endswith(_ZIP_DOCUMENTS) or _document_package(att.data) else "zip"
    if head[:6] == b"7z\xbc\xaf\x27\x1c" or ctype == "application/x-7z-compressed" or lname.endswith(".7z"):
        return "7z"
    if head[:6] == b"Rar!\x1a\x07" or ctype in _RAR_TYPES or lname.endswith(".rar"):
        return "rar"
    if _compressed(att.data, ctype, lname):
        return "compressed"
    if att.data[257:262] == b"ustar" or ctype == "application/x-tar" or lname.endswith(".tar"):
        return "tar"
    ole = head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if ole and (lname.endswith(".msg") or ctype == "application/vnd.ms-outlook"):
        return "msg"
    if ctype in _SMIME_TYPES or lname.endswith(".p7m"):
        return "pkcs7"
    if lname.endswith(".eml") or ctype == "message/rfc822":
        return "eml"
    if lname.endswith(".hqx") or ctype in BINHEX_TYPES or att.data[:300].lstrip().startswith(_BINHEX):
        return "binhex"
    return None


_COMPRESSED_TYPES = ("application/gzip", "application/x-gzip", "application/x-bzip2", "application/x-xz",
                     "application/x-compressed-tar", "application/x-gtar")


def compression(data: bytes) -> str | None:
    """"gz", "bz2" or "xz" by the stream's magic bytes, else None (the kind is told here; tar.py opens it)."""
    if data[:2] == b"\x1f\x8b":
        return "gz"
    if data[:3] == b"BZh" and data[4:10] == b"1AY&SY":
        return "bz2"
    if data[:6] == b"\xfd7zXZ\x00":
        return "xz"
    return None


def _compressed(data: bytes, ctype: str, lname: str) -> bool:
    """A .gz, .tgz, .bz2 or .xz file (by its magic, else its type or name): one compressed file (tar.py)."""
    return compression(data) is not None or ctype in _COMPRESSED_TYPES \
        or lname.endswith((".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz"))


def _document_package(data: bytes) -> bool:
    """A ZIP that is a document by its parts (a Word file or a Pages file renamed, or sent without a name): the
    document readers take it, it is no archive."""
    from ..documents.dispatch import zip_document

    return zip_document(data) is not None


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


def message_text(name: str, msg: Message) -> list[Said]:
    """What was written in a message (its text parts that are no attached file), as one Said; none if empty."""
    plain: list[str] = []
    html: list[str] = []
    for i, part in enumerate(msg.walk()):
        if i > 500:
            break
        try:
            ctype = part.get_content_type()
            if part.is_multipart() or ctype not in ("text/plain", "text/html") or part.get_filename() \
                    or (part.get_content_disposition() or "").lower() == "attachment":
                continue
            data = part.get_payload(decode=True)
            charset = part.get_content_charset() or "utf-8"
            text = data.decode(charset, "replace") if isinstance(data, bytes) else ""
        except (LookupError, ValueError, TypeError):
            continue
        (plain if ctype == "text/plain" else html).append(text)
    said = Said(name, "\n".join(plain), "\n".join(html))
    return [said] if said.plain.strip() or said.html.strip() else []


def open_eml(att: Attachment, allowance: Allowance) -> Unwrapped:
    """A message saved as a file: its attachments and what was written in it."""
    msg = email.message_from_bytes(att.data, policy=email.policy.compat32)
    return Unwrapped(files=message_files(att.name, msg), texts=message_text(att.name, msg))
