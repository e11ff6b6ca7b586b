"""Read what parties really send: mails, agreements, information forms, TDC replies, staff commands.

Pure library code (no database, no network). See contracts.md section 1 for the output contract.
"""
from __future__ import annotations

import pathlib
from typing import Any

from .documents import read_pdf, read_pdf_all
from .mail import read_mail, read_staff_command, read_tdc_reply

__all__ = ["read_path", "read_mail", "read_pdf", "read_pdf_all", "read_tdc_reply", "read_staff_command"]


def read_path(path: pathlib.Path) -> dict[str, Any]:
    """The contract object for a file: a PDF if it starts with %PDF, a Word, Excel, ODF file or a
    picture by its name and bytes (documents/dispatch.py), else a mail.

    Raises OSError only when the file cannot be read.
    """
    from .documents.dispatch import read_file

    data = pathlib.Path(path).read_bytes()
    if data[:1024].lstrip().startswith(b"%PDF"):
        return {"message": None, "documents": read_pdf_all(data, pathlib.Path(path).name)}
    return read_file(data, pathlib.Path(path).name) or read_mail(data)
