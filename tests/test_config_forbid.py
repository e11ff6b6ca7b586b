"""A configuration that refuses typos: every section forbids unknown keys and names the nearest known one;
the environment's overrides; `mailbot config check`; and every entry point failing at start on a bad key,
as real subprocesses (no traceback, a non-zero exit, the key named)."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from mailbot.config import Config, ConfigError, as_toml, effective, from_dict, load

ROOT = Path(__file__).resolve().parent.parent
BOT = [sys.executable, "-m", "mailbot"]


def _error(data: dict, env: dict[str, str] | None = None) -> str:  # type: ignore[type-arg]
    with pytest.raises(ConfigError) as err:
        from_dict(data, base=Path("/tmp"), env=env or {})
    return str(err.value)


@pytest.mark.parametrize("section", [s for s in Config.model_fields if s not in ("mailbox", "smtp")])
def test_every_section_refuses_an_unknown_key(section: str) -> None:
    assert f"{section}.no_such_key: unknown key" in _error({section: {"no_such_key": 1}})


@pytest.mark.parametrize("data, message", [
    ({"daemon": {"dryrun": True}}, "daemon.dryrun: unknown key; did you mean daemon.dry_run?"),
    ({"deamon": {"dry_run": True}}, "deamon: unknown section; did you mean daemon?"),
    ({"reminders": {"max_reminder": 3}}, "did you mean reminders.max_reminders?"),
    ({"mailbox": {"host": "h", "pasword_env": "X"}}, "did you mean mailbox.password_env?"),
    ({"mailbox": {"host": "h", "auth": "xoauth2", "oauth2": {"clientid": "c"}}},
     "mailbox.oauth2.clientid: unknown key; did you mean mailbox.oauth2.client_id?"),
    ({"reminders": {"rule": [{"state": "clarification"}, {"state": "inquiry", "afer_working_days": 3}]}},
     "reminders.rule[2].afer_working_days: unknown key; did you mean reminders.rule[2].after_working_days?"),
    ({"digest": {"tme": "07:00"}}, "did you mean digest.time?"),
    ({"general": {"timezone": "Europe/Kobenhavn"}}, "general.timezone: 'Europe/Kobenhavn' is not a time zone"),
    ({"general": {"case_ref_prefix": "SDN-"}}, "general.case_ref_prefix"),
    ({"addresses": {"staff_language": "de"}}, "addresses.staff_language: 'de' has no templates"),
])
def test_the_key_is_named_and_the_nearest_known_one_suggested(data: dict, message: str) -> None:  # type: ignore[type-arg]
    assert message in _error(data)


def test_every_key_of_the_example_and_the_contract_is_known() -> None:
    cfg = load(ROOT / "config.example.toml", env={"MAILBOT_IMAP_PASSWORD": "i", "MAILBOT_SMTP_PASSWORD": "s"})
    assert cfg.addresses.staff_language == cfg.addresses.tdc_language == "da"
    contract = (Path(ROOT.parent / "shared/spec/contracts.md"))
    if contract.is_file():  # contracts.md section 3's example loads as it is
        text = contract.read_text().split("## 3.", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
        from_dict(tomllib.loads(text), base=Path("/tmp"), env={})


def test_the_environment_sets_keys_and_is_checked_like_the_file(tmp_path: Path) -> None:
    env = {"MAILBOT_DAEMON__DRY_RUN": "true", "MAILBOT_ADDRESSES__STAFF": '["a@medcom.example", "B@medcom.example"]',
           "MAILBOT_MAILBOX__HOST": "imap.medcom.example", "MAILBOT_MAILBOX__PORT": "1993",
           "MAILBOT_LOG": "DEBUG", "MAILBOT_IMAP_PASSWORD": "x"}  # variables without "__" are not keys
    cfg = from_dict({"daemon": {"dry_run": False}, "mailbox": {"host": "file.example"}}, tmp_path, env)
    assert cfg.daemon.dry_run is True  # the environment wins over the file
    assert cfg.addresses.staff == ("a@medcom.example", "b@medcom.example")
    assert cfg.mailbox is not None and (cfg.mailbox.host, cfg.mailbox.port) == ("imap.medcom.example", 1993)
    message = _error({}, {"MAILBOT_DAEMON__DRYRUN": "true"})
    assert "daemon.dryrun: unknown key; did you mean daemon.dry_run?" in message
    assert "MAILBOT_DAEMON__DRYRUN" in message


def test_secrets_are_secret_and_the_sections_keep_their_shape(tmp_path: Path) -> None:
    cfg = from_dict({"smtp": {"host": "h", "password": "Hemmelig-42"}, "mailbox": {"host": "h", "security": "none"}},
                    tmp_path, {})
    assert cfg.smtp is not None and cfg.smtp.port == 587 and "Hemmelig-42" not in repr(cfg)
    assert cfg.smtp.password.get_secret_value() == "Hemmelig-42"
    assert cfg.mailbox is not None and cfg.mailbox.port == 143
    # the sections are still dataclasses: code and tests elsewhere replace fields as before
    assert dataclasses.replace(cfg.daemon, dry_run=True).dry_run is True
    with pytest.raises(ValueError):
        dataclasses.replace(cfg.daemon, poll_seconds="often")
    shown = as_toml(effective(cfg))
    assert "Hemmelig-42" not in shown and 'password = "**********"' in shown


def test_config_check_prints_the_effective_configuration_with_secrets_blanked(tmp_path: Path) -> None:
    cfg = tmp_path / "bot.toml"
    cfg.write_text('[database]\nurl_env = "DB_URL"\n[smtp]\nhost = "smtp.example"\npassword = "Hemmelig-42"\n'
                   '[daemon]\ndry_run = true\n')
    env = {**os.environ, "DB_URL": "postgresql+psycopg://bot:Db-Hemmelig@db.example/bot"}
    env.pop("MAILBOT_CONFIG", None)
    p = subprocess.run(BOT + ["config", "check", "--config", str(cfg)], capture_output=True, text=True, env=env,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "Hemmelig" not in p.stdout and "db.example" in p.stdout
    shown = tomllib.loads(p.stdout)  # TOML, so it can be compared or kept
    assert shown["daemon"]["dry_run"] is True and shown["smtp"]["port"] == 587
    assert shown["reminders"]["rule"][0]["state"] == "inquiry"
    p = subprocess.run(BOT + ["config", "check", "--json", "--config", str(cfg)], capture_output=True, text=True,
                       env=env, timeout=120)
    assert json.loads(p.stdout)["general"]["timezone"] == "Europe/Copenhagen" and "Hemmelig" not in p.stdout


@pytest.mark.parametrize("argv", [["config", "check"], ["run", "--once"], ["run"], ["web"], ["cases"]])
def test_every_entry_point_fails_at_start_on_a_misspelt_key(tmp_path: Path, argv: list[str]) -> None:
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n[daemon]\ndryrun = true\n')
    p = subprocess.run(BOT + argv + ["--config", str(cfg)], capture_output=True, text=True, timeout=120,
                       env={k: v for k, v in os.environ.items() if k != "MAILBOT_CONFIG"})
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "daemon.dryrun: unknown key; did you mean daemon.dry_run?" in p.stderr
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "bot.db").exists()  # nothing was started


def test_the_demo_fails_at_start_on_a_misspelt_override(tmp_path: Path) -> None:
    p = subprocess.run(BOT + ["demo", "--dir", str(tmp_path / "demo")], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "MAILBOT_DAEMON__DRYRUN": "true"})
    assert p.returncode == 2 and "daemon.dryrun" in p.stderr and "Traceback" not in p.stderr
    assert "===" not in p.stdout  # the conversation never began


@pytest.mark.parametrize("data, label", [
    ({"database": {"url": 987654}}, "database.url"),
    ({"mailbox": {"host": "h", "password": 987654}}, "mailbox.password"),
    ({"smtp": {"host": "h", "auth": "xoauth2", "oauth2": {"client_id": "c", "client_secret": 987654}}},
     "smtp.oauth2.client_secret"),
    ({"smime": {"password": 987654}}, "smime.password"),
])
def test_a_wrong_secret_is_named_but_never_shown(data: dict, label: str) -> None:  # type: ignore[type-arg]
    """The sections say which keys are secret (`secrets`); a bad value there is not echoed."""
    message = _error(data)
    assert f"{label}: expected a string (the value is not shown: it is a secret)" in message
    assert "987654" not in message


def test_a_wrong_value_that_is_no_secret_is_shown() -> None:
    assert "987654" in _error({"web": {"base_url": 987654}})
