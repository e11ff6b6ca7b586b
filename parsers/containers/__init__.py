"""Containers a party's office wraps documents in, opened within the `[limits]` budgets.

`unwrap(attachment, allowance)` turns one attachment into the files inside it, recursively: a ZIP
(`zip.py`), Outlook's winmail.dat (`tnef.py`), an Outlook item (`msg.py`), a message saved as .eml, an
S/MIME signed file (`smime.py`, "x.pdf.p7m"), and the files a PDF carries (`pdf_files.py`: its embedded
files and file attachment annotations; the PDF itself comes back too, to be read as it is). What is not a
container comes back as itself; what cannot be opened is named in a problem; what a party wrote in a
message held (an Outlook item's body) comes back as its text (`Said`), for the mail reader to read as the
party's words. The caller reads each file it gets back as it reads an attachment of the mail
(parsers/mail/reader.py), so a PDF in a ZIP in a winmail.dat reads like a PDF.
S/MIME bodies of the mail itself are opened by the reader's walk (`smime.open_entity`).
"""
from __future__ import annotations

from .base import Allowance, Attachment, Said, Unwrapped, container_kind
from .opening import carried, unwrap

__all__ = ["Allowance", "Attachment", "Said", "Unwrapped", "carried", "container_kind", "unwrap"]
