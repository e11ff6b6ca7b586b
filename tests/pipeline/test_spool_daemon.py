"""A daemon SIGKILLed with its reader children while it parses leaves temporary copies (its children's
folders; on PostgreSQL also the mails copied out for them): the next daemon's runner sweeps them all."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from mailbot.app import App
from mailbot.config import load

from . import mails
from .conftest import Bot, write_config

GUARD_S = 180  # against a hang, never a measure


def _ours(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("mailbot-"))


def test_a_sigkilled_daemon_leaves_copies_the_next_runner_sweeps(
        bot: Bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    config = tmp_path / "mailbot.toml"
    write_config(config, {
        "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example"]},
        "database": {"url": bot.db_url},
        "local": {"inbox": str(bot.cfg.local.inbox), "outbox": str(bot.cfg.local.outbox)},
        "digest": {"enabled": False}})
    for i in range(6):
        bot.deliver(mails.inquiry(sender=(f"Part {i}", f"part{i}@kommune{i}.example")))
    daemon = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(config)],
                              env={**os.environ, "TMPDIR": str(tmp)}, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + GUARD_S
        while not any(n.startswith("mailbot-child-") for n in _ours(tmp)):
            assert daemon.poll() is None, "the daemon ended before it parsed"
            assert time.monotonic() < deadline, "no reader child started"
            time.sleep(0.05)
    finally:
        os.killpg(daemon.pid, signal.SIGKILL)  # the daemon, its fork server and its readers: no finally runs
        daemon.wait()
    time.sleep(1.0)  # a reader child's orphan watch would have removed its folder by now: none is left alive
    left = _ours(tmp)
    assert any(n.startswith("mailbot-child-") for n in left), left
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    App.open(load(config)).runner()
    assert _ours(tmp) == []
