"""Small helpers for the transport tests: an in-memory CursorStore and mail to append."""
from __future__ import annotations

import dataclasses
import uuid
from email.message import EmailMessage
from email.utils import formatdate

from imapclient import IMAPClient

from mailbot.config import MailboxConfig
from tests.servers.fixtures import ImapAccount


class MemoryCursors:
    """CursorStore in a dict, with a log of saves so tests can see what was persisted."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], tuple[int, int]] = {}
        self.saves: list[tuple[str, str, int, int]] = []

    def load(self, mailbox: str, folder: str) -> tuple[int | None, int]:
        uv, uid = self.data.get((mailbox, folder), (None, 0))
        return uv, uid

    def save(self, mailbox: str, folder: str, uidvalidity: int, last_uid: int) -> None:
        self.data[(mailbox, folder)] = (uidvalidity, last_uid)
        self.saves.append((mailbox, folder, uidvalidity, last_uid))


def make_mail(subject: str, body: str = "Hej\n") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Region Test <it@region.example>"
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@region.example>"
    msg.set_content(body)
    return msg.as_bytes().replace(b"\n", b"\r\n")


def mailbox_cfg(acc: ImapAccount, **overrides: object) -> MailboxConfig:
    cfg = MailboxConfig(host=acc.host, port=acc.port, security="none", username=acc.username,
                        password=acc.password, ca_file=acc.ca_file, timeout_seconds=10.0,
                        poll_seconds=1, idle_seconds=30)
    return dataclasses.replace(cfg, **overrides)  # type: ignore[arg-type]


def admin(acc: ImapAccount) -> IMAPClient:
    """A second, independent connection: 'someone else' delivering or looking at the mailbox."""
    client = IMAPClient(acc.host, port=acc.port, ssl=False, timeout=10)
    client.login(acc.username, acc.password)
    return client


def append(acc: ImapAccount, *subjects: str, folder: str = "INBOX") -> None:
    with admin(acc) as client:
        for s in subjects:
            client.append(folder, make_mail(s))


def subjects_in(acc: ImapAccount, folder: str) -> list[str]:
    """Subjects of the mail in a folder (server name), read without setting \\Seen."""
    with admin(acc) as client:
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        data = client.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]) if uids else {}
        out = []
        for uid in sorted(data):
            header = data[uid][b"BODY[HEADER.FIELDS (SUBJECT)]"].decode()
            out.append(header.split(":", 1)[1].strip())
        return out
