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


# --- reads never wait for a writer ----------------------------------------------------------------------

def _write_config(path: Path, db_url: str, **more: Any) -> Path:
    import json

    lines = ['[addresses]', 'medcom = "sdn@medcom.example"', 'tdc = ["sdn-levering@tdc-erhverv.example"]',
             'staff = ["anne.staff@medcom.example"]', '[database]', f'url = {json.dumps(db_url)}',
             '[local]', f'inbox = {json.dumps(str(path.parent / "inbox"))}',
             f'outbox = {json.dumps(str(path.parent / "outbox"))}']
    for section, keys in more.items():
        lines.append(f"[{section}]")
        lines.extend(f"{k} = {json.dumps(v)}" for k, v in keys.items())
    path.write_text("\n".join(lines) + "\n")
    return path


def _mailbot(*args: str) -> tuple[int, str, str, float]:
    import subprocess
    import sys
    import time

    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "mailbot", *args], capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


def _hold_write_lock(db_url: str) -> Any:
    """Another process's writer in the middle of a long transaction (a stuck daemon, a big batch)."""
    from sqlalchemy import text

    from mailbot.store.db import make_engine

    conn = make_engine(db_url).connect()
    conn.execute(text("UPDATE inbound SET updated_at = updated_at"))  # SQLite: BEGIN IMMEDIATE, held
    conn.execute(text("UPDATE outbound SET attempts = attempts"))  # PostgreSQL: every row locked
    return conn


def test_health_and_read_commands_answer_while_a_writer_holds_the_database(tmp_path: Path, db_url: str) -> None:
    from .conftest import Bot

    bot = Bot(tmp_path, db_url)
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    config = _write_config(tmp_path / "bot.toml", db_url)
    writer = _hold_write_lock(db_url)
    try:
        code, out, err, _ = _mailbot("health", "--config", str(config))
        assert code == 2 and out.startswith("CRITICAL") and "outbox queue 0" in out, (out, err)
        # the command's own start-up (imports) is most of it: bound the wait for the database, not Python
        code, out, err, took = _mailbot("cases", "--json", "--config", str(config))
        assert code == 0 and '"state": "awaiting_agreements"' in out, err
        assert took < 20
        for args in (["status", "--now", "2026-11-02T10:00:00+01:00"], ["outbox", "list"]):
            code, out, err, _ = _mailbot(*args, "--config", str(config))
            assert code == 0, (args, err)
        # and in process, where only the database counts: well under the old 30 s busy wait
        import time

        from mailbot.ops import health
        from mailbot.store.db import make_read_engine

        start = time.monotonic()
        h = health(make_read_engine(db_url))
        assert time.monotonic() - start < 1.0 and h.unprocessed == 0 and h.last_send is not None
    finally:
        writer.rollback()
        writer.close()


def test_health_never_creates_a_missing_database(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "bot.db"
    config = _write_config(tmp_path / "bot.toml", f"sqlite:///{target}")
    code, out, err, _ = _mailbot("health", "--config", str(config))
    assert code == 3 and out.startswith("UNKNOWN: the database cannot be read") and len(out.splitlines()) == 1
    assert not target.exists() and not target.parent.exists()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_metrics_answer_while_a_writer_holds_the_database_and_report_a_database_error(
        tmp_path: Path, db_url: str, caplog: Any) -> None:
    import logging
    import time
    import urllib.request

    from sqlalchemy import text

    from mailbot.metrics import Metrics
    from mailbot.store.db import make_engine, make_read_engine

    from .conftest import Bot

    bot = Bot(tmp_path, db_url)
    bot.deliver(mails.inquiry())
    bot.cycle("2026-11-02T09:15:00+01:00")
    port = _free_port()
    metrics = Metrics(make_read_engine(db_url), bot.cfg)
    metrics.serve("127.0.0.1", port)
    writer = _hold_write_lock(db_url)
    try:
        start = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as resp:
            body = resp.read().decode()
        assert time.monotonic() - start < 1.0
        assert "mailbot_database_readable 1.0" in body and "mailbot_inbound_unprocessed 0.0" in body
        writer.rollback()
        writer.close()
        # a database that cannot be read: still an answer, quickly, and one log line through the logger
        if db_url.startswith("sqlite"):
            return  # a WAL reader has nothing left to fail on while the file is there (see the health test)
        broken = make_engine(db_url).connect()
        broken.execute(text("LOCK TABLE inbound IN ACCESS EXCLUSIVE MODE"))  # a migration, say
        caplog.set_level(logging.WARNING, logger="mailbot.metrics")
        start = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as resp:
            assert resp.status == 200
            body = resp.read().decode()
        assert time.monotonic() - start < 10  # the short read timeout, not 30 s
        assert "mailbot_database_readable 0.0" in body and "mailbot_events" in body
        (record,) = [r for r in caplog.records if r.name == "mailbot.metrics"]
        assert "cannot be read" in record.getMessage() and record.exc_info is None
        broken.rollback()
        broken.close()
    finally:
        metrics.close()
