"""A mailbox that is down: the daemon keeps going, staff get one notice, and one when it is back."""
from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path

from mailbot.app import App
from mailbot.clock import FixedClock, parse_now
from mailbot.config import from_dict
from mailbot.daemon import Daemon
from mailbot.transport.maildir import MaildirInbox

from .conftest import Bot


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_outage_notice_once_then_recovery(tmp_path: Path) -> None:
    cfg = from_dict({
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
        "local": {"outbox": "outbox"},
        "mailbox": {"host": "127.0.0.1", "port": _closed_port(), "security": "none", "username": "sdn",
                    "password": "x", "outage_notice_minutes": 60, "timeout_seconds": 2},
        "digest": {"enabled": False},
    }, base=tmp_path)
    app = App.open(cfg)
    daemon = Daemon(app)
    sent = Bot.__new__(Bot)  # only for reading the outbox
    sent.cfg, sent.seen = cfg, set()

    for minute, expect in ((0, []), (30, []), (61, ["mailbox_outage"]), (120, [])):
        daemon.clock = FixedClock(parse_now("2026-11-02T10:00:00+01:00") + timedelta(minutes=minute))
        daemon.cycle()
        new = Bot.new_mail(sent)
        kinds = [m.get_body(("plain",)).get_content() for m in new]
        assert len(kinds) == len(expect), (minute, kinds)
        # a notice without a case: the subject is the label alone, no dangling ":"
        assert all(not str(m["Subject"]).rstrip().endswith(":") for m in new), [m["Subject"] for m in new]
    daemon.runner.inbox = MaildirInbox(tmp_path / "inbox")
    daemon.clock = FixedClock(parse_now("2026-11-02T12:30:00+01:00"))
    daemon.cycle()
    (back,) = Bot.new_mail(sent)
    assert back["X-SDN-Step"] == "staff_notice" and not str(back["Subject"]).rstrip().endswith(":")
    daemon.cycle()
    assert Bot.new_mail(sent) == []
