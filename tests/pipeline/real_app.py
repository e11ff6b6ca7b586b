"""The bot's App against the real servers the tests start (Dovecot, aiosmtpd), and an IMAP session of the
test's own to look at the mailbox: one configuration for the tests that run the whole pipeline on them."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from mailbot.app import App
from mailbot.config import from_dict

FOLDERS = {"processed_folder": "SDN/Behandlet", "needs_attention_folder": "SDN/Kræver opmærksomhed"}


def real_app(tmp_path: Path, db_url: str, account: Any, sink: Any, *, mailbox: dict[str, Any] | None = None,
             smtp: dict[str, Any] | None = None, **sections: Any) -> App:
    """The App on `account` (IMAP, STARTTLS, no IDLE) and `sink` (SMTP), with MedCom's, TDC's and staff's
    addresses, no digest, and the given settings laid over the mailbox and SMTP sections and added as
    sections of their own."""
    cfg = from_dict({
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": db_url},
        "mailbox": {"host": account.host, "port": account.port, "security": "starttls", "username": account.username,
                    "password": account.password, "ca_file": account.ca_file, "idle": False, **(mailbox or {})},
        "smtp": {"host": sink.host, "port": sink.port, "security": "none", **(smtp or {})},
        "digest": {"enabled": False},
        **sections,
    }, base=tmp_path)
    return App.open(cfg)


def imap_session(account: Any) -> IMAPClient:
    """The test's own IMAP session on the bot's mailbox."""
    client = IMAPClient(account.host, port=account.port, ssl=False)
    client.login(account.username, account.password)
    return client


def one_cycle(app: App, at: str) -> None:
    """One whole cycle of the daemon's runner at `at`, its mailbox and SMTP connections closed after."""
    from mailbot.clock import parse_now

    runner = app.runner()
    try:
        runner.cycle(parse_now(at))
    finally:
        runner.inbox.close()
        runner.sender.close()
