"""Operations under faults (issue 18), against real Dovecot, aiosmtpd, SQLite and PostgreSQL: nothing is
moved in the mailbox before its outcome, reads never wait for a writer, and a crash while sending leaves
no mail undelivered unless the final "." had gone out."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from mailbot.app import App
from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.fetch import FetchStage

from . import mails


def _bot(tmp_path: Path, db_url: str, account: Any, sink: Any, *, dry_run: bool = False, **more: Any) -> App:
    cfg = from_dict({
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": db_url},
        "mailbox": {"host": account.host, "port": account.port, "security": "starttls", "username": account.username,
                    "password": account.password, "ca_file": account.ca_file, "idle": False,
                    "processed_folder": "SDN/Behandlet", "needs_attention_folder": "SDN/Kræver opmærksomhed"},
        "smtp": {"host": sink.host, "port": sink.port, "security": "none", "max_attempts": 3},
        "digest": {"enabled": False},
        "daemon": {"dry_run": dry_run},
        **more,
    }, base=tmp_path)
    return App.open(cfg)


def _imap(account: Any) -> IMAPClient:
    client = IMAPClient(account.host, port=account.port, ssl=False)
    client.login(account.username, account.password)
    return client


def _cycle(app: App, at: str) -> dict[str, int]:
    runner = app.runner()
    try:
        return runner.cycle(parse_now(at))
    finally:
        runner.inbox.close()
        runner.sender.close()


def _folders(account: Any) -> dict[str, int]:
    with _imap(account) as c:
        return {name: c.select_folder(name, readonly=True)[b"EXISTS"] for flags, _, name in c.list_folders()
                if b"\\Noselect" not in flags}


def test_a_duplicate_is_never_moved_in_a_dry_run(tmp_path: Path, db_url: str, imap_account: Any,
                                                 smtp_sink: Any) -> None:
    raw = mails.inquiry()
    with _imap(imap_account) as c:
        c.append("INBOX", raw)
        c.append("INBOX", raw)
    app = _bot(tmp_path, db_url, imap_account, smtp_sink, dry_run=True)
    _cycle(app, "2026-11-02T09:15:00+01:00")
    assert _folders(imap_account) == {"INBOX": 2}  # nothing moved, no folder created
    assert smtp_sink.messages() == []


def test_a_duplicate_is_filed_with_its_originals_outcome_and_only_after_it(tmp_path: Path, db_url: str,
                                                                          imap_account: Any, smtp_sink: Any) -> None:
    # a stranger's mail: its outcome is needs_attention, so a copy filed as "processed" at fetch would show
    raw = mails.mail(("X", "x@elsewhere.example"), "SV: [SDN-2026-9999] hej", "hej", "2026-11-02T10:00:00+01:00")
    with _imap(imap_account) as c:
        c.append("INBOX", raw)
        c.append("INBOX", raw)
    app = _bot(tmp_path, db_url, imap_account, smtp_sink)
    runner = app.runner()
    try:
        ctx = StageContext(app.cfg, app.engine, parse_now("2026-11-02T10:05:00+01:00"))
        assert FetchStage(runner.inbox).run(ctx) == 1
    finally:
        runner.inbox.close()
    assert _folders(imap_account) == {"INBOX": 2}  # stored, not yet decided: the copy stays beside it
    _cycle(app, "2026-11-02T10:06:00+01:00")
    assert _folders(imap_account) == {"INBOX": 0, "SDN/Kræver opmærksomhed": 2}
    _cycle(app, "2026-11-02T10:07:00+01:00")  # a restart's rescan does not bring the copy back
    assert _folders(imap_account) == {"INBOX": 0, "SDN/Kræver opmærksomhed": 2}
