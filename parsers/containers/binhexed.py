"""A BinHex 4.0 file (`.hqx`, `application/mac-binhex40`) that arrives inside another container (a zip, a saved
mail, an Outlook item): the file it holds, decoded by parsers/mail/binhex.py, under its own name
(`Mail.zip/Aftale.hqx/Aftale.pdf`); one that does not decode whole is named for staff. A mail's own BinHex parts
are decoded by the mail reader, under their plain names."""
from __future__ import annotations

import mimetypes

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, joined


def open_binhex(att: Attachment, allowance: Allowance) -> Unwrapped:
    from ..mail.binhex import file_of

    got = file_of(att.data.decode("latin-1"))
    if got is None or got[1] is None:
        return Unwrapped(problems=[new_problem("unsupported_attachment", f"The file {att.name} (BinHex, as old Mac "
                                               "mail programs send files) did not decode whole and was not read; a "
                                               "staff member will look at it.", filename=att.name)])
    name = joined(att.name, got[0] if got[0] != "binhex-file" else att.name.rsplit("/", 1)[-1].removesuffix(".hqx"))
    refused = allowance.take(name, len(got[1]))
    if refused is not None:
        return Unwrapped(problems=[refused])
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Unwrapped(files=[Attachment(name, ctype, got[1])])
