"""A mail's headers as mail programs write them, for the reader's tests (extras as keywords, `_` for `-`)."""
from __future__ import annotations

from typing import Any


def headers(m: Any, frm: str = "Eva Sand <Eva.Sand@nord-kommune.example>", subject: str = "Aftaler", *,
            to: str = "MedCom SDN <sdn@medcom.example>", date: str = "Tue, 10 Nov 2026 09:12:00 +0100",
            message_id: str = "<a1b2c3@nord-kommune.example>", **extra: str) -> Any:
    m["From"] = frm
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = date
    m["Message-ID"] = message_id
    for k, v in extra.items():
        m[k.replace("_", "-")] = v
    return m


def from_kystby(subject: str) -> Any:
    """A new mail from Anna Holm of Kystby Kommune to sdn@, with its own Message-ID: the party most reader
    tests write as."""
    import email.utils
    from email.message import EmailMessage

    return headers(EmailMessage(), "Anna Holm <anna.holm@kystby.example>", subject, to="sdn@medcom.example",
                   date="Mon, 16 Nov 2026 09:00:00 +0100", message_id=email.utils.make_msgid(domain="kystby.example"))
