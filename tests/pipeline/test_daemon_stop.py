"""SIGTERM stops the daemon cleanly wherever it lands: inside a lock the interrupted code holds, during any
stage (a slow one included), or past `[daemon] stop_timeout_seconds`; the next run finishes the work once."""
from __future__ import annotations

import concurrent.futures
import email
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path

import pytest

from mailbot.daemon import StopSignals
from mailbot.demo import deliver

from . import mails

ROOT = Path(__file__).resolve().parents[2]

# the daemon with one stage made slow: it marks the moment that stage is in hand, then takes `slow` seconds
SLOW_STAGE = """
import pathlib, sys, time
from mailbot.pipeline import runner
stage, marker, slow = sys.argv[1], pathlib.Path(sys.argv[2]), float(sys.argv[3])
cls = getattr(runner, stage)
real = cls.run
def run(self, ctx):
    if not marker.exists():
        marker.write_text(stage)
        time.sleep(slow)
    return real(self, ctx)
cls.run = run
from mailbot.cli import main
sys.exit(main(sys.argv[4:]))
"""


def test_a_signal_inside_the_locks_the_main_thread_holds_still_stops() -> None:
    """The regression: the handler used to shut the scheduler down itself, in the main thread that ran the
    scheduler; a SIGTERM landing while that thread was inside its pool's submit (or its wake-up event) waited
    on a lock its own interrupted frame held, forever. Here the signal lands while this (the main) thread
    holds those very locks and logging's: the handler returns and the stop is asked for."""
    assert threading.current_thread() is threading.main_thread()  # where Python runs signal handlers
    pool = concurrent.futures.ThreadPoolExecutor(1)
    wake = threading.Event()
    held = [pool._shutdown_lock, concurrent.futures.thread._global_shutdown_lock, wake._cond,
            *(h.lock for h in logging.getLogger().handlers if h.lock is not None)]
    signals = StopSignals()
    signals.install()
    try:
        for lock in held:
            lock.acquire()
        try:
            os.kill(os.getpid(), signal.SIGTERM)  # handled here, inside the locks
            os.kill(os.getpid(), signal.SIGINT)
        finally:
            for lock in reversed(held):
                lock.release()
        assert [signals.wait(), signals.wait()] == [signal.SIGTERM, signal.SIGINT]
    finally:
        signals.close()
        pool.shutdown()


def _config(tmp_path: Path, stop_timeout_s: float) -> Path:
    config = tmp_path / "mailbot.toml"
    config.write_text("\n".join([
        "[addresses]", 'medcom = "sdn@medcom.example"', 'tdc = ["sdn-levering@tdc-erhverv.example"]',
        'staff = ["anne.staff@medcom.example"]', "[database]",
        f"url = {json.dumps('sqlite:///' + str(tmp_path / 'bot.db'))}",
        "[local]", 'inbox = "inbox"', 'outbox = "outbox"', "[digest]", "enabled = false",
        "[daemon]", f"stop_timeout_seconds = {stop_timeout_s}", ""]), encoding="utf-8")
    return config


def _replies(outbox: Path) -> list[tuple[str, str]]:
    out = []
    for p in sorted(outbox.glob("*.eml")):
        m = email.message_from_bytes(p.read_bytes(), policy=policy.default)
        out.append((str(m["X-SDN-Step"]), str(m["To"])))
    return out


def _stop_in(stage: str, slow_s: float, stop_timeout_s: float, tmp_path: Path) -> tuple[int, str]:
    """Run the daemon over one inquiry with `stage` slow, SIGTERM it while that stage is in hand; its exit
    status and log."""
    config = _config(tmp_path, stop_timeout_s)
    deliver(tmp_path / "inbox", mails.inquiry())
    marker, log = tmp_path / "in-stage", tmp_path / "daemon.log"
    env = {**{k: v for k, v in os.environ.items() if k != "MAILBOT_CONFIG"}, "MAILBOT_LOG": "INFO",
           "PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", SLOW_STAGE, stage, str(marker), str(slow_s), "run",
                                 "--config", str(config)], cwd=tmp_path, env=env, stdout=out, stderr=out,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)  # a hang fails here (the daemon's own limit is far below it)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return code, log.read_text(errors="replace")


def _run_once(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "mailbot", "run", "--once", "--config", str(tmp_path / "mailbot.toml")],
                   cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True, timeout=120,
                   capture_output=True)


@pytest.mark.parametrize("stage", ["FetchStage", "ParseStage", "RouteStage", "DecideStage", "RenderStage",
                                   "SendStage", "FileStage"])
def test_sigterm_during_a_slow_stage_ends_after_it_and_the_next_run_finishes_once(
        stage: str, tmp_path: Path) -> None:
    code, log = _stop_in(stage, slow_s=1.5, stop_timeout_s=60, tmp_path=tmp_path)
    assert code == 0, log
    assert "daemon stopped" in log and "abandoning" not in log, log
    _run_once(tmp_path)
    assert _replies(tmp_path / "outbox") == [("starter_pack", mails.PARTY[1])]  # answered, and once
    assert list((tmp_path / "inbox" / "new").iterdir()) == []  # filed


def test_a_stage_slower_than_the_stop_timeout_is_abandoned_and_taken_up_again(tmp_path: Path) -> None:
    code, log = _stop_in("DecideStage", slow_s=600, stop_timeout_s=1, tmp_path=tmp_path)
    assert code == 0, log
    assert "abandoning it (its rows are durable)" in log and "daemon stopped" not in log, log
    _run_once(tmp_path)
    assert _replies(tmp_path / "outbox") == [("starter_pack", mails.PARTY[1])]

