"""Showing the configuration: `mailbot config check` prints the one in force as TOML, every secret blanked,
and the log filter learns every secret it must blank wherever one turns up."""
from __future__ import annotations

import dataclasses
import json
from typing import Any

from pydantic import SecretStr

from .environment import Table
from .errors import blank_url
from .sections import Config


def effective(cfg: Config) -> Table:
    """The configuration in force, in the file's shape (one table a section, as `Config` declares them),
    with every secret blanked."""
    dumped: Table = cfg.model_dump(mode="json")
    out = {name: table for name, table in dumped.items() if table is not None}  # no [mailbox]: the Maildir
    out["database"]["url"] = _blank_password(cfg.database.url)
    out["reminders"]["rule"] = [dataclasses.asdict(r) for r in cfg.reminders.policy]
    out["rules"]["exemptions"] = {k: list(v) for k, v in cfg.rules.exemptions}
    return out


def secrets_of(cfg: Config) -> list[str]:
    """Every secret the configuration holds, so the log filter can blank them wherever they turn up."""
    found = [value.get_secret_value() for value in _secret_values(cfg)]
    if "://" in cfg.database.url:
        from sqlalchemy.engine import make_url

        try:
            found.append(make_url(cfg.database.url).password or "")
        except Exception:  # noqa: BLE001 - an odd URL: the engine will say so
            pass
    return [s for s in found if s and len(s) >= 3]


def _secret_values(section: object) -> list[SecretStr]:
    """Every `SecretStr` in a section and the tables below it (the models say which keys are secret)."""
    if isinstance(section, SecretStr):
        return [section]
    if isinstance(section, Config):
        values: list[object] = [getattr(section, name) for name in type(section).model_fields]
    elif dataclasses.is_dataclass(section) and not isinstance(section, type):
        values = [getattr(section, f.name) for f in dataclasses.fields(section)]
    else:
        return []
    return [secret for value in values for secret in _secret_values(value)]


def _blank_password(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        u = make_url(url)
        return u.render_as_string(hide_password=True) if u.password else url
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy reads: blank what could be a password
        return blank_url(url)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def as_toml(tables: Table) -> str:
    """The effective configuration as TOML (unset values as comments: TOML has no null)."""
    lines: list[str] = []

    def table(name: str, body: Table, header: str) -> None:
        lines.append(header)
        subs: list[tuple[str, Any]] = []
        for key, value in body.items():
            if isinstance(value, dict):
                subs.append((key, value))
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                subs.append((key, value))
            elif value is None:
                lines.append(f"# {key} = (not set)")
            else:
                lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
        for key, value in subs:
            if isinstance(value, dict):
                table(f"{name}.{key}", value, f"[{name}.{key}]")
            else:
                for row in value:
                    table(f"{name}.{key}", row, f"[[{name}.{key}]]")

    for name, body in tables.items():
        table(name, body, f"[{name}]")
    return "\n".join(lines)
