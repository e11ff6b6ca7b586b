"""Configuration: every key of contracts.md section 3, secrets from the environment, errors that name the key."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mailbot.config import Config, ConfigError, from_dict, load

ROOT = Path(__file__).resolve().parent.parent


def test_example_config_loads_with_secrets_from_the_environment() -> None:
    cfg = load(ROOT / "config.example.toml", env={"MAILBOT_IMAP_PASSWORD": "imap-secret",
                                                  "MAILBOT_SMTP_PASSWORD": "smtp-secret"})
    assert cfg.mailbox is not None and cfg.mailbox.ca_file is None
    assert cfg.mailbox.password.get_secret_value() == "imap-secret"
    assert cfg.smtp is not None and cfg.smtp.password.get_secret_value() == "smtp-secret"
    assert cfg.addresses.tdc_order == "sdn-levering@tdc.dk"
    assert dict(cfg.rules.exemptions)["municipality"] == ("KMD",)
    assert "imap-secret" not in repr(cfg) and "smtp-secret" not in repr(cfg)


def test_the_example_shows_every_section() -> None:
    """config.example.toml is where an operator reads what can be set: each section `Config` declares
    has its table there (a new section without one fails here)."""
    tables = tomllib.loads((ROOT / "config.example.toml").read_text(encoding="utf-8"))
    assert sorted(Config.model_fields) == sorted(tables)


def test_embedded_defaults_need_no_servers(tmp_path: Path) -> None:
    cfg = from_dict({}, base=tmp_path, env={})
    assert cfg.mailbox is None and cfg.smtp is None
    assert cfg.database_url == f"sqlite:///{tmp_path / 'var/mailbot.db'}"
    assert cfg.local.inbox == tmp_path / "var/inbox"


@pytest.mark.parametrize("data, key", [
    ({"mailbox": {"host": "h", "port": "143"}}, "mailbox.port"),
    ({"mailbox": {"port": 143}}, "mailbox.host"),
    ({"mailbox": {"host": "h", "security": "tls"}}, "mailbox.security"),
    ({"mailbox": {"host": "h", "password_env": "NOPE"}}, "mailbox.password_env"),
    ({"smtp": {"host": "h", "port": 700000}}, "smtp.port"),
    ({"addresses": {"medcom": "not-an-address"}}, "addresses.medcom"),
    ({"addresses": {"tdc": ["tdc.dk"]}}, "addresses.tdc"),
    ({"addresses": {"staff": "x"}}, None),
    ({"reminders": {"after_working_days": 0}}, "reminders.after_working_days"),
    ({"reminders": {"max_reminders": True}}, "reminders.max_reminders"),
    ({"database": {"url": "nothing"}}, "database.url"),
    ({"digest": {"hour": 25}}, "digest.hour"),
    ({"digest": {"time": "7"}}, "digest.time"),
    ({"digest": {"time": "24:00"}}, "digest.time"),
    ({"digest": {"time": "07:30", "hour": 7}}, "digest"),
    ({"rules": {"exemptions": ["KMD"]}}, "rules.exemptions"),
    ({"mailbox": {"host": "h", "auth": "xoauth2"}}, "mailbox.oauth2"),
])
def test_errors_name_the_key(tmp_path: Path, data: dict, key: str | None) -> None:  # type: ignore[type-arg]
    if key is None:  # a single staff address given as a string is accepted
        assert from_dict(data, base=tmp_path, env={}).addresses.staff == ("x",)
        return
    with pytest.raises(ConfigError) as err:
        from_dict(data, base=tmp_path, env={})
    assert key in str(err.value)


def test_unreadable_toml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[mailbox\nhost = 1")
    with pytest.raises(ConfigError, match="bad.toml"):
        load(bad)


def test_a_mistyped_secret_is_not_echoed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        from_dict({"smtp": {"host": "h", "password": 918273645}}, base=tmp_path, env={})
    assert "smtp.password" in str(err.value) and "918273645" not in str(err.value)


@pytest.mark.parametrize("table, expected", [
    ({}, (7, 0, "07:00")),
    ({"hour": 9}, (9, 0, "09:00")),           # the older key still works
    ({"time": "07:30"}, (7, 30, "07:30")),
    ({"time": "6.45"}, (6, 45, "06:45")),
])
def test_digest_time_of_day(tmp_path: Path, table: dict, expected: tuple) -> None:  # type: ignore[type-arg]
    d = from_dict({"digest": table}, base=tmp_path, env={}).digest
    assert (d.hour, d.minute, d.time) == expected
    assert d.working_days_only is True
