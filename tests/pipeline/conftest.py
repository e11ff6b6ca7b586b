"""A fresh bot (database, Maildir inbox, .eml outbox) per test, on SQLite and on the real PostgreSQL."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from mailbot.app import App
from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.demo import deliver
from mailbot.views import cases_json

from ..local_config import STAFF, TDC_ORDER, write_config

__all__ = ["STAFF", "TDC_ORDER", "write_config"]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    base = make_url(request.getfixturevalue("postgres_url"))
    name = f"t_{secrets.token_hex(6)}"
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Bot:
    """The bot as a user meets it: mail in, cycles at chosen moments, mail out, cases listed."""

    root: Path
    db_url: str
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        data: dict[str, Any] = {
            "addresses": {"medcom": "sdn@medcom.example", "tdc": [TDC_ORDER, "tdc-erhverv.example"],
                          "staff": [STAFF, "bo.staff@medcom.example"]},
            "database": {"url": self.db_url},
            "local": {"inbox": "inbox", "outbox": "outbox"},
            "reminders": {"after_working_days": 5, "max_reminders": 1},
            "digest": {"enabled": False},
        }
        for k, v in self.extra.items():
            data.setdefault(k, {}).update(v)
        self.cfg = from_dict(data, base=self.root)
        self.app = App.open(self.cfg)
        self.seen: set[str] = set()

    def deliver(self, raw: bytes) -> None:
        deliver(self.cfg.local.inbox, raw)

    def cycle(self, at: str) -> list[Any]:
        runner = self.app.runner()
        runner.cycle(parse_now(at))
        return self.new_mail()

    def new_mail(self) -> list[Any]:
        import email
        from email import policy

        out = []
        for p in sorted(self.cfg.local.outbox.glob("*.eml")):
            if p.name in self.seen:
                continue
            self.seen.add(p.name)
            out.append(email.message_from_bytes(p.read_bytes(), policy=policy.default))
        return out

    def cases(self) -> list[dict[str, Any]]:
        return cases_json(self.app.engine)

    def case(self) -> dict[str, Any]:
        (only,) = self.cases()
        return only


@pytest.fixture
def bot(tmp_path: Path, db_url: str) -> Bot:
    return Bot(tmp_path, db_url)


def steps(mails: list[Any]) -> list[tuple[str, str]]:
    return sorted((str(m["X-SDN-Step"]), str(m["To"])) for m in mails)


