"""A large mail over real Dovecot: fetched in pieces (never one literal), kept once, byte-identical, on
SQLite (a content-addressed file beside the database) and PostgreSQL (a large object)."""
from __future__ import annotations

import hashlib
import random
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient
from sqlmodel import Session, select

from mailbot.app import App
from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.fetch import FetchStage
from mailbot.store import raw as raw_store
from mailbot.store.models import InboundRow
from tests.transport.helpers import admin, make_mail

pytestmark = pytest.mark.imap
STAFF = "anne.staff@medcom.example"
PIECE = 1_000_000


def big_mail(megabytes: int) -> bytes:
    """A party's mail with an attachment of random bytes: about `megabytes` MB on the wire."""
    msg = EmailMessage()
    msg["From"] = "Karen Scan <karen@scan-kommune.example>"
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = "Stort bilag"
    msg["Message-ID"] = "<stort-bilag@scan-kommune.example>"
    msg.set_content("Hermed et stort bilag.\n")
    data = random.Random(30).randbytes(megabytes * 1_000_000 * 3 // 4)
    msg.add_attachment(data, maintype="application", subtype="octet-stream", filename="bilag.bin")
    return msg.as_bytes().replace(b"\n", b"\r\n")


def _app(tmp_path: Path, db_url: str, acc: Any, smtp: Any) -> App:
    cfg = from_dict({
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"], "staff": [STAFF]},
        "database": {"url": db_url},
        "mailbox": {"host": acc.host, "port": acc.port, "security": "none", "username": acc.username,
                    "password": acc.password, "idle": False},
        "smtp": {"host": smtp.host, "port": smtp.port, "security": "none"},
        "digest": {"enabled": False},
        "limits": {"max_mail_bytes": 40_000_000, "stream_above_bytes": 4_000_000, "fetch_piece_bytes": PIECE},
    }, base=tmp_path)
    return App.open(cfg)


class FetchLog:
    """Every FETCH the bot sends and the largest literal any answer held."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.items: list[list[str]] = []
        self.largest = 0
        original = IMAPClient.fetch

        def fetch(client: IMAPClient, messages: Any, data: Any, modifiers: Any = None) -> Any:
            self.items.append([d.decode() if isinstance(d, bytes) else str(d) for d in data])
            answer = original(client, messages, data, modifiers)
            for fields in answer.values():
                for value in fields.values():
                    if isinstance(value, bytes):
                        self.largest = max(self.largest, len(value))
            return answer

        monkeypatch.setattr(IMAPClient, "fetch", fetch)


def test_a_30_mb_mail_is_fetched_in_pieces_and_stored_once_byte_identical(
        tmp_path: Path, db_url: str, imap_account: Any, smtp_sink: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    big, small = big_mail(30), make_mail("lille")
    assert len(big) > 30_000_000
    with admin(imap_account) as c:
        c.append("INBOX", small)
        c.append("INBOX", big)
    app = _app(tmp_path, db_url, imap_account, smtp_sink)
    log = FetchLog(monkeypatch)
    runner = app.runner()
    try:
        runner.cycle(parse_now("2026-11-02T09:15:00+01:00"))
    finally:
        runner.inbox.close()
        runner.sender.close()
    pieces = [i for i in log.items if any(x.startswith("BODY.PEEK[]<") for x in i)]
    assert len(pieces) >= 30  # ~31 pieces of 1 MB for the large mail
    assert ["BODY.PEEK[]"] in log.items  # the small one in one go, as before
    assert log.largest <= PIECE  # no answer ever held more than one piece
    with Session(app.engine) as s:
        rows = {r.subject: r for r in s.exec(select(InboundRow))}
        row = rows["Stort bilag"]
        kept = raw_store.read(s, row)
        assert kept == big and row.sha256 == hashlib.sha256(big).hexdigest() and row.size == len(big)
        assert row.raw == b"" and row.raw_ref  # not in the row: once, in the raw store
        assert row.status == "done" and row.filed
        assert raw_store.read(s, rows["lille"]) == small
    if db_url.startswith("sqlite"):
        files = [p for p in (tmp_path / "raw").rglob("*.eml") if ".spool" not in p.parts]
        assert sorted(p.name for p in files) == sorted(f"{r.sha256}.eml" for r in rows.values())
        assert not any((tmp_path / "raw" / ".spool").iterdir())  # the spool file went once stored
        assert row.raw_ref == f"file:{row.sha256[:2]}/{row.sha256}.eml"
    else:
        assert row.raw_ref.startswith("lo:")


def test_a_crash_between_fetch_and_store_loses_nothing(
        tmp_path: Path, db_url: str, imap_account: Any, smtp_sink: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The process dies after the pieces are spooled but before the row commits: the cursor has not moved,
    nothing half-stored counts, and the next start stores the mail once, whole."""
    big = big_mail(6)
    with admin(imap_account) as c:
        c.append("INBOX", big)
    app = _app(tmp_path, db_url, imap_account, smtp_sink)

    class Crash(BaseException):
        pass

    put = raw_store.put

    def dies(*args: Any) -> None:
        put(*args)  # the raw store has the bytes (a file, or a large object in the open transaction)
        raise Crash  # and the process dies before the row commits

    monkeypatch.setattr(raw_store, "put", dies)
    inbox, _ = app.inbox()
    with pytest.raises(Crash):
        FetchStage(inbox).run(StageContext(app.cfg, app.engine, parse_now("2026-11-02T09:15:00+01:00")))
    inbox.close()
    monkeypatch.undo()
    with Session(app.engine) as s:
        assert s.exec(select(InboundRow)).all() == []
    app2 = _app(tmp_path, db_url, imap_account, smtp_sink)
    runner = app2.runner()
    try:
        runner.cycle(parse_now("2026-11-02T09:16:00+01:00"))
    finally:
        runner.inbox.close()
        runner.sender.close()
    with Session(app2.engine) as s:
        (row,) = s.exec(select(InboundRow)).all()
        assert raw_store.read(s, row) == big and row.status == "done" and row.filed
    if db_url.startswith("sqlite"):
        assert not any((tmp_path / "raw" / ".spool").iterdir())
