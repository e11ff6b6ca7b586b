"""Read what parties really send: mails, agreements, information forms, TDC replies, staff commands.

Pure library code (no database, no network). See contracts.md section 1 for the output contract.
"""
from __future__ import annotations

import pathlib
from typing import Any

from .documents import read_pdf, read_pdf_all
from .mail import read_mail, read_staff_command, read_tdc_reply
from .reading import Reading

__all__ = ["read_path", "read_mail", "read_pdf", "read_pdf_all", "read_tdc_reply", "read_staff_command"]


def read_path(path: pathlib.Path) -> dict[str, Any]:
    """The contract object for a file, as JSON (`reading_of` written out). Raises OSError only when the
    file cannot be read."""
    return reading_of(pathlib.Path(path).read_bytes(), pathlib.Path(path).name).as_json()


def reading_of(data: bytes, name: str) -> Reading:
    """The reading of a file's bytes: a PDF if it starts with %PDF, a Word, Excel, ODF file or a picture by
    its name and bytes (documents/dispatch.py), else a mail."""
    from .documents.dispatch import read_file
    from .documents.pipeline import pdf_documents
    from .mail.reader import mail_reading

    if data[:1024].lstrip().startswith(b"%PDF"):
        return Reading(message=None, documents=pdf_documents(data, name))
    return read_file(data, name) or mail_reading(data)
