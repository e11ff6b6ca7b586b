"""The command line as scripts and staff use it (contracts.md section 2 and 4), as real subprocesses."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from mailbot.demo import deliver

from .local_config import local_config
from .pipeline import mails

BOT = [sys.executable, "-m", "mailbot"]


def _config(tmp: Path) -> Path:
    return local_config(tmp, digest={"enabled": False})


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    p = subprocess.run(BOT + list(args), capture_output=True, text=True, timeout=120)
    if ok:
        assert p.returncode == 0, p.stderr
    return p


def test_run_once_cases_and_staff_commands(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    deliver(tmp_path / "inbox", mails.inquiry())
    run("run", "--once", "--config", str(cfg), "--now", "2026-11-02T09:15:00+01:00")
    (case,) = json.loads(run("cases", "--json", "--config", str(cfg)).stdout)
    assert case["state"] == "awaiting_agreements" and case["cvr"] == "29189846"
    assert set(case) >= {"ref", "state", "organisation", "cvr", "party_type", "contacts", "ip_scopes",
                         "installation_date", "needs_attention", "updated_at"}
    assert case["contacts"][0]["email"] == mails.PARTY[1]
    ref = case["ref"]
    run("case", "note", ref, "ringet", "til", "kommunen", "--config", str(cfg), "--by", "anne.staff@medcom.example")
    run("case", "hold", ref, "--config", str(cfg))
    assert json.loads(run("cases", "--json", "--config", str(cfg)).stdout)[0]["on_hold"] is True
    run("case", "resume", ref, "--config", str(cfg))
    run("case", "reject", ref, "--reason", "ikke en sundhedsaktør", "--config", str(cfg))
    shown = run("case", "show", ref, "--config", str(cfg)).stdout
    assert "ringet til kommunen [anne.staff@medcom.example]" in shown and "rejected" in shown
    # the command was given now (the real clock), so the cycle that sends it runs after it
    run("run", "--once", "--config", str(cfg), "--now", "2099-01-05T09:15:00+01:00")
    steps = sorted(p.read_text().split("X-SDN-Step: ")[1].split()[0] for p in (tmp_path / "outbox").glob("*.eml"))
    assert steps == ["rejected", "starter_pack"]
    assert run("case", "show", "SDN-2026-9999", "--config", str(cfg), ok=False).returncode == 1


def test_parse_prints_json_and_fails_only_for_unreadable_paths(tmp_path: Path) -> None:
    eml = tmp_path / "m.eml"
    eml.write_bytes(mails.inquiry())
    out = json.loads(run("parse", str(eml)).stdout)
    assert out["message"]["from"] == mails.PARTY[1] and out["documents"] == []
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 this is not a PDF at all")
    assert json.loads(run("parse", str(junk)).stdout)["documents"][0]["kind"] == "unknown"
    assert run("parse", str(tmp_path / "missing.eml"), ok=False).returncode != 0


def test_configuration_error_names_the_key(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[reminders]\nafter_working_days = "ten"\n')
    p = run("cases", "--config", str(cfg), ok=False)
    assert p.returncode == 2 and "reminders.after_working_days" in p.stderr


def test_daemon_handles_mail_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    proc = subprocess.Popen(BOT + ["run", "--config", str(cfg)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "MAILBOT_LOG": "INFO"})
    try:
        deliver(tmp_path / "inbox", mails.inquiry(at="2026-11-25T09:00:00+01:00"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((tmp_path / "outbox").glob("*.eml")):
            time.sleep(0.2)
        assert list((tmp_path / "outbox").glob("*.eml")), "the daemon sent nothing"
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()[-2000:]
