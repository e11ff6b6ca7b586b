"""`mailbot run` as real processes: leader failover on PostgreSQL, clean stop, metrics, health, and logs
that carry neither secrets nor mail bodies."""
from __future__ import annotations

import email
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from imapclient import IMAPClient

from tests.servers._util import free_port

from . import mails
from .conftest import write_config

ROOT = Path(__file__).resolve().parents[2]
OTHER = ("Jens Berg", "jens.berg@oestby-kommune.example")


class Bot:
    """One `mailbot run` process with its log file."""

    def __init__(self, config: Path, log: Path) -> None:
        self.log = log
        env = {k: v for k, v in os.environ.items() if k not in ("MAILBOT_LOG", "MAILBOT_CONFIG")}
        self.proc = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(config)],
                                     cwd=config.parent, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=log.open("wb"))

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line.strip()]

    def said(self, text: str) -> bool:
        return any(text in e["message"] for e in self.lines())

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=60)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


@pytest.fixture
def bots() -> Iterator[list[Bot]]:
    started: list[Bot] = []
    yield started
    for b in started:
        b.kill()


def until(what: str, check: Callable[[], bool], bots: list[Bot], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    logs = "\n".join(b.log.read_text(errors="replace")[-3000:] for b in bots)
    raise AssertionError(f"never happened: {what}\n{logs}")


def sent_steps(outbox: Path) -> list[tuple[str, str]]:
    out = []
    for p in sorted(outbox.glob("*.eml")):
        m = email.message_from_bytes(p.read_bytes(), policy=policy.default)
        out.append((str(m["X-SDN-Step"]), str(m["To"])))
    return out


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_leader_dies_and_another_instance_takes_over(tmp_path: Path, db_url: str, bots: list[Bot]) -> None:
    from mailbot.demo import deliver

    config = write_config(tmp_path / "bot.toml", {
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": db_url},
        "local": {"inbox": "inbox", "outbox": "outbox"},
        "digest": {"enabled": False},
        "daemon": {"leader_check_seconds": 1, "poll_seconds": 1, "send_seconds": 1},
        "logging": {"format": "json", "level": "INFO"},
    })
    first = Bot(config, tmp_path / "first.log")
    bots.append(first)
    until("the first instance leads", lambda: first.said("this instance leads"), bots)
    second = Bot(config, tmp_path / "second.log")
    bots.append(second)
    until("the second instance knows it follows", lambda: second.said("another instance leads"), bots)

    deliver(tmp_path / "inbox", mails.inquiry())
    until("the first party's starter pack", lambda: len(sent_steps(tmp_path / "outbox")) == 1, bots)
    assert not second.said("this instance leads")

    first.proc.send_signal(signal.SIGKILL)  # the leader dies without a word
    first.proc.wait(timeout=30)
    until("the second instance takes over", lambda: second.said("this instance leads"), bots)
    deliver(tmp_path / "inbox", mails.mail(OTHER, "Tilslutning til SDN – Østby Kommune",
                                           "Kære MedCom\n\nØstby Kommune vil gerne tilsluttes SDN.\n\nJens Berg",
                                           "2026-11-03T10:00:00+01:00"))
    until("the second party's starter pack, and both mails filed",
          lambda: len(sent_steps(tmp_path / "outbox")) == 2 and not any((tmp_path / "inbox" / "new").iterdir()),
          bots)

    assert second.stop() == 0  # SIGTERM: a clean stop
    assert second.said("daemon stopped")
    assert sorted(sent_steps(tmp_path / "outbox")) == sorted(
        [("starter_pack", mails.PARTY[1]), ("starter_pack", OTHER[1])])
    assert len(list((tmp_path / "inbox" / "cur").iterdir())) == 2  # both filed, each once


def test_daemon_over_imap_and_smtp_logs_no_secret_and_no_body(tmp_path: Path, imap_account: Any, smtp_sink: Any,
                                                                bots: list[Bot]) -> None:
    """JSON logs at DEBUG with an IMAP password configured: neither it nor a body phrase appears. The metrics
    endpoint answers and `mailbot health` says OK once mail has been fetched and sent."""
    body_phrase = "Hemmelig-brødtekst-4711"
    port = free_port()
    config = write_config(tmp_path / "bot.toml", {
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
        "mailbox": {"host": imap_account.host, "port": imap_account.port, "security": "starttls",
                    "username": imap_account.username, "password": imap_account.password,
                    "ca_file": imap_account.ca_file, "idle": True, "poll_seconds": 1},
        "smtp": {"host": smtp_sink.host, "port": smtp_sink.port, "security": "none"},
        "digest": {"enabled": False},
        "daemon": {"leader_check_seconds": 1, "send_seconds": 1},
        "logging": {"format": "json", "level": "DEBUG"},
        "metrics": {"port": port},
    })
    bot = Bot(config, tmp_path / "bot.log")
    bots.append(bot)
    until("the daemon leads", lambda: bot.said("this instance leads"), bots)
    with IMAPClient(imap_account.host, port=imap_account.port, ssl=False) as c:
        c.login(imap_account.username, imap_account.password)
        c.append("INBOX", mails.mail(mails.PARTY, "Tilslutning til SDN – Vestby Kommune",
                                     f"Kære MedCom\n\nVi vil tilsluttes SDN. {body_phrase}\nCVR 29189846.",
                                     "2026-11-02T09:12:00+01:00"))
    until("the starter pack over SMTP", lambda: len(smtp_sink.messages()) == 1, bots)


    def scrape() -> str:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()

    # the counter moves when the cycle that sent the mail has ended
    until("the sent counter", lambda: 'mailbot_events_total{event="sent"} 1.0' in scrape(), bots)
    scraped = scrape()
    assert "mailbot_leader 1.0" in scraped and 'mailbot_events_total{event="fetched"} 1.0' in scraped
    assert "mailbot_last_fetch_timestamp_seconds" in scraped and "mailbot_outbox_waiting 0.0" in scraped

    health = subprocess.run([sys.executable, "-m", "mailbot", "health", "--config", str(config)],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert health.returncode == 0, health.stdout + health.stderr
    assert health.stdout.startswith("OK") and "outbox queue 0" in health.stdout

    assert bot.stop(signal.SIGINT) == 0
    text = bot.log.read_text(encoding="utf-8")
    assert bot.lines() and all({"time", "level", "logger", "message"} <= set(e) for e in bot.lines())
    assert imap_account.password not in text
    assert body_phrase not in text
    assert bot.said("daemon stopped")
