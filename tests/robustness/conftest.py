"""Fixtures of the robustness tests: a database per test (PostgreSQL or SQLite) and servers to stop."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.servers.smtp_sink import SmtpSink


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    """A fresh database on the session's PostgreSQL, dropped afterwards."""
    base = make_url(postgres_url)
    name = f"r_{secrets.token_hex(6)}"
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def own_sink(tmp_path: Path) -> Iterator[SmtpSink]:
    """An SMTP server of this test alone, so it can be stopped and restarted underneath the daemon."""
    sink = SmtpSink(tmp_path / "sent")
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()
