"""Read what parties really send: mails, agreements, information forms, TDC replies, staff commands.

Pure library code (no database, no network). See contracts.md section 1 for the output contract.
"""
from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

from .documents import read_pdf, read_pdf_all
from .mail import read_mail, read_staff_command, read_tdc_reply
from .reading import Document, Reading

if TYPE_CHECKING:
    from .containers import Unwrapped

__all__ = ["read_path", "read_mail", "read_pdf", "read_pdf_all", "read_tdc_reply", "read_staff_command"]


def read_path(path: pathlib.Path) -> Reading:
    """The reading of a file (`reading_of` its bytes; `as_json()` writes the contract's object). Raises
    OSError only when the file cannot be read."""
    return reading_of(pathlib.Path(path).read_bytes(), pathlib.Path(path).name)


def reading_of(data: bytes, name: str) -> Reading:
    """The reading of a file's bytes: a PDF if it starts with %PDF, a Word, Excel, ODF file or a picture by
    its name and bytes (documents/dispatch.py), else a mail."""
    from .documents.dispatch import read_file
    from .documents.pipeline import read_pdf_all
    from .mail.reader import read_mail

    if data[:1024].lstrip().startswith(b"%PDF"):
        return _pdf_file(data, name, read_pdf_all(data, name))
    return read_file(data, name) or _container_file(data, name) or read_mail(data)


def _pdf_file(data: bytes, name: str, documents: list[Document]) -> Reading:
    """A PDF given on its own, and the files it carries (an annex embedded in it) read as a mail's attachments."""
    from .containers import Allowance, Attachment, carried

    found = carried(Attachment(name, "application/pdf", data), Allowance())
    if not found.files and not found.problems:
        return Reading(message=None, documents=documents)
    return _files_reading(found, name, documents)


def _container_file(data: bytes, name: str) -> Reading | None:
    """An Outlook item, a ZIP, 7z or RAR archive or a winmail.dat given on its own (`mailbot parse Aftale.msg`):
    the files it holds read as a mail's attachments are (a .msg was read as a mail, and was nothing but MIME
    defects), and a form written in an item's body as the mail's text is; None for any other file."""
    from .containers import Allowance, Attachment, unwrap
    from .containers.base import container_kind

    if container_kind(Attachment(name, "", data)) not in ("msg", "zip", "tnef", "7z", "rar"):
        return None
    return _files_reading(unwrap(Attachment(name, "", data), Allowance()), name)


def _files_reading(found: Unwrapped, name: str, before: list[Document] | None = None) -> Reading:
    """What a container (or a PDF carrying files) held, read as a mail's attachments are, after `before`."""
    from mailbot.core.vocabulary import DocumentKind

    from .documents.dispatch import Attachment as DocFile
    from .documents.dispatch import read_attachments
    from .mail.body_form import held_forms
    from .reading import OtherFields

    got = read_attachments([DocFile(f.name, f.content_type, f.data) for f in found.files])
    if not any(d.kind == DocumentKind.INFORMATION_FORM for d in got.documents):
        got.documents += held_forms(found.texts)  # a form the party wrote in the item itself: its words
    docs = (before or []) + got.documents + [
        Document(filename=p.filename or name, kind=DocumentKind.UNKNOWN, fields=OtherFields(), problems=[p])
        for p in found.problems + got.problems]
    return Reading(message=None, documents=docs, ignored_attachments=got.ignored)
