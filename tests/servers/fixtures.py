"""Session-wide pytest fixtures for the real servers.

Enable with `pytest_plugins = ["tests.servers.fixtures"]` in tests/conftest.py.

Each server starts once per test session (Dovecot ~0.5 s, PostgreSQL ~1 s, installing the Debian package
on a fresh machine ~10 s) and is stopped and removed at the end. Tests get isolation cheaply instead:
`imap_account` is a fresh Dovecot user (an empty mailbox) per test, `smtp_sink` is emptied per test.
"""
from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers.dovecot import DovecotServer
from tests.servers.postgres import PostgresServer
from tests.servers.smtp_sink import SmtpSink


@dataclass(frozen=True)
class ImapAccount:
    """Credentials of one fresh mailbox on the session's Dovecot."""

    host: str
    port: int  # plain IMAP, STARTTLS offered
    ssl_port: int  # implicit TLS
    username: str
    password: str
    ca_file: str


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """A running Dovecot (plain + TLS listeners; `ca_file` verifies it; `add_user`, `add_token`)."""
    server = DovecotServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def imap_account(dovecot: DovecotServer) -> ImapAccount:
    """A new user with an empty INBOX, so tests never see each other's mail."""
    username = f"u{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(10)
    dovecot.add_user(username, password)
    return ImapAccount(dovecot.host, dovecot.port, dovecot.ssl_port, username, password,
                       str(dovecot.ca_file))


@pytest.fixture(scope="session")
def _smtp_sink_session() -> Iterator[SmtpSink]:
    with tempfile.TemporaryDirectory(prefix="smtp-sink-") as folder:
        sink = SmtpSink(Path(folder) / "sent")
        sink.start()
        try:
            yield sink
        finally:
            sink.stop()


@pytest.fixture
def smtp_sink(_smtp_sink_session: SmtpSink) -> SmtpSink:
    """A plain SMTP sink on loopback (no TLS, no AUTH), emptied and with no failure rules."""
    _smtp_sink_session.clear()
    return _smtp_sink_session


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A running throwaway PostgreSQL 15 cluster with one empty database."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """`postgresql+psycopg://user:password@127.0.0.1:PORT/mailbot_test` for SQLAlchemy/SQLModel."""
    return postgres_server.url
