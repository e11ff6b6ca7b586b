"""The shipped systemd units: `systemd-analyze verify` accepts them, and both may write where the embedded
SQLite database lives (a WAL reader writes the -shm file: without it `mailbot health` exits 3 on a healthy
bot)."""
from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
STATE = "/var/lib/sdn-mailbot"


def _service(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / name).read_text())
    return parser["Service"]


@pytest.mark.parametrize("unit", ["sdn-mailbot.service", "sdn-mailbot-health.service"])
def test_units_may_write_the_sqlite_state_directory_and_start_in_it(unit: str) -> None:
    service = _service(unit)
    assert service.get("ProtectSystem") == "strict"
    assert STATE in service.get("ReadWritePaths", "").split()
    assert service.get("WorkingDirectory") == STATE  # a relative SQLite path means one file for both
    production = (DEPLOY / "mailbot.production.toml").read_text()
    assert f"sqlite:///{STATE}/" in production  # the path the comment offers is the one the units allow


def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here")
    mailbot = ROOT / ".venv" / "bin" / "mailbot"
    for unit in DEPLOY.glob("sdn-mailbot*"):
        if unit.suffix not in (".service", ".timer"):
            continue
        text = unit.read_text().replace("/opt/sdn-mailbot/.venv/bin/mailbot", str(mailbot))
        # the secrets file exists only on a real host
        text = text.replace("EnvironmentFile=/etc/", "EnvironmentFile=-/etc/")
        (tmp_path / unit.name).write_text(text)
    units = sorted(str(p) for p in tmp_path.iterdir())
    done = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, timeout=120)
    complaints = [line for line in (done.stdout + done.stderr).splitlines()
                  if "sdn-mailbot" in line or "Unknown" in line or "Failed" in line]
    assert done.returncode == 0 and not complaints, done.stdout + done.stderr
