"""Outage test: the IMAP server and the SMTP server stop and come back underneath a running daemon.

The daemon must keep running through every outage, and at the end every mail is processed exactly
once and nobody got any mail twice (the same checks as the crash test).
"""
from __future__ import annotations

import random
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mailbot.transport.imap import ImapInbox
from tests.servers.dovecot import DovecotServer
from tests.servers.fixtures import ImapAccount
from tests.servers.smtp_sink import SmtpSink

from .harness import (
    DaemonProcess,
    append_all,
    build_backlog,
    check_exactly_once,
    engine_for,
    folder_message_ids,
    wait_until,
    write_config,
)

SEED = 7


@pytest.fixture
def own_dovecot() -> Iterator[DovecotServer]:
    """A Dovecot of this test alone, since it is stopped and restarted (on the same ports)."""
    server = DovecotServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


def _account(server: DovecotServer) -> ImapAccount:
    user, password = f"o{secrets.token_hex(4)}", secrets.token_urlsafe(10)
    server.add_user(user, password)
    return ImapAccount(server.host, server.port, server.ssl_port, user, password, str(server.ca_file))


@pytest.mark.imap
def test_imap_and_smtp_servers_restarted_underneath_the_daemon(
        tmp_path: Path, own_dovecot: DovecotServer, own_sink: SmtpSink, pg_url: str) -> None:
    account = _account(own_dovecot)
    backlog = build_backlog(inquiries=110, with_agreements=10, auto_replies=10, strangers=5)
    outages = ["imap", "smtp", "both", "smtp", "imap", "both"]
    chunks = [backlog.raws[i::len(outages)] for i in range(len(outages))]
    daemon = DaemonProcess(write_config(tmp_path, pg_url, account, own_sink.port), account.password,
                           tmp_path / "daemon.log")
    engine = engine_for(pg_url)
    rng = random.Random(SEED)
    try:
        daemon.start()
        daemon.wait_cycled()
        # mail arrives, and at a random moment of its handling a server goes away for a random while
        for chunk, which in zip(chunks, outages, strict=True):
            append_all(account, chunk)
            time.sleep(rng.uniform(0.5, 2.0))
            if which in ("imap", "both"):
                own_dovecot.stop()
            if which in ("smtp", "both"):
                own_sink.stop()
            time.sleep(rng.uniform(1.0, 3.0))
            assert daemon.alive(), daemon.log_tail()
            if which in ("imap", "both"):
                own_dovecot.start()
            if which in ("smtp", "both"):
                own_sink.start()
        assert daemon.alive(), daemon.log_tail()

        def all_filed() -> bool:
            return folder_message_ids(account)["INBOX"] == [] and _inbound_done(engine, len(backlog.raws))

        try:
            wait_until(all_filed, 120, "every mail fetched, decided and filed", daemon)
        except BaseException:
            print("DOVECOT LOG\n" + own_dovecot.log_tail(80))
            raise
        assert daemon.terminate() == 0
        # mail whose sending failed in an outage waits out its backoff (minutes): let that time pass
        daemon.run_once((datetime.now(UTC) + timedelta(hours=2)).isoformat())
        figures = check_exactly_once(engine, own_sink, account, backlog)
    finally:
        if daemon.proc is not None:
            daemon.kill()
        engine.dispose()
    assert "mailbox" in daemon.log.read_text(errors="replace")  # the outages were seen and logged
    print(f"outage test: {len(outages)} outages; {figures}")


def _inbound_done(engine: object, expected: int) -> bool:
    from sqlmodel import Session, select

    from mailbot.store.models import InboundRow

    with Session(engine) as s:  # type: ignore[call-overload]
        rows = s.exec(select(InboundRow.status, InboundRow.filed)).all()
    return len(rows) == expected and all(st == "done" and filed for st, filed in rows)


@pytest.mark.imap
def test_a_move_cut_off_halfway_is_not_filed_twice(imap_account: ImapAccount) -> None:
    """Dovecot killed mid-MOVE leaves the mail in both folders; the retried move only removes it from INBOX."""
    from mailbot.transport.imap import parse_source_key
    from tests.transport.helpers import MemoryCursors, admin, append, mailbox_cfg, subjects_in

    append(imap_account, "one", "two")
    with ImapInbox(mailbox_cfg(imap_account), MemoryCursors(), mailbox_name="sdn") as inbox:
        first, second = list(inbox.fetch_new())
        target = inbox.server_folder(inbox.cfg.processed_folder)
        _, uidvalidity, uid = parse_source_key(first.source_key)
        with admin(imap_account) as c:  # the server copied "one" and died before the expunge
            c.create_folder(target)
            c.select_folder("INBOX")
            c.copy([uid], target)
        inbox._cut_off.add((uidvalidity, uid))  # what a dropped connection during that MOVE records
        inbox.acknowledge(first, "processed")
        inbox.acknowledge(second, "processed")
    assert subjects_in(imap_account, "INBOX") == []
    assert sorted(subjects_in(imap_account, target)) == ["one", "two"]


def test_an_smtp_server_dying_before_its_answer_gets_the_mail_once(tmp_path: Path, smtp_sink: SmtpSink) -> None:
    """The whole mail went out, then the connection died before the "250": the server may have it (this one
    does). Sending again could give the party a second copy, so the mail is left `uncertain` for staff."""
    from email import message_from_bytes, policy

    from sqlmodel import Session, select

    from mailbot.app import App
    from mailbot.clock import parse_now
    from mailbot.config import from_dict
    from mailbot.demo import deliver
    from mailbot.store.models import OutboundRow
    from tests.pipeline import mails

    cfg = from_dict({
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": f"sqlite:///{tmp_path / 'bot.db'}"}, "local": {"inbox": "inbox"},
        "smtp": {"host": smtp_sink.host, "port": smtp_sink.port, "security": "none", "timeout_seconds": 5},
        "digest": {"enabled": False},
    }, base=tmp_path)
    app = App.open(cfg)
    deliver(cfg.local.inbox, mails.inquiry())
    smtp_sink.rules.hang_up_after_data = 1
    for at in ("2026-11-02T09:15:00+01:00", "2026-11-02T12:15:00+01:00", "2026-11-03T09:15:00+01:00"):
        runner = app.runner()
        try:
            runner.cycle(parse_now(at))
        finally:
            runner.sender.close()
    sent = [message_from_bytes(m.raw, policy=policy.default) for m in smtp_sink.messages()]
    assert sorted(str(m["X-SDN-Step"]) for m in sent) == ["staff_notice", "starter_pack"]
    notice = next(m for m in sent if m["X-SDN-Step"] == "staff_notice")
    with Session(app.engine) as s:
        (row,) = s.exec(select(OutboundRow).where(OutboundRow.step == "starter_pack")).all()
    assert row.status == "uncertain" and f"outbox resend {row.id}" in " ".join(
        notice.get_body(("plain",)).get_content().split())
