"""The real-server fixtures themselves: they must work on a fresh machine before anything trusts them."""
from __future__ import annotations

import imaplib
import ssl

import psycopg
import pytest

from tests.servers.dovecot import DovecotServer
from tests.servers.fixtures import ImapAccount
from tests.servers.postgres import PostgresServer


@pytest.mark.postgres
def test_postgres_url_connects(postgres_url: str, postgres_server: PostgresServer) -> None:
    assert postgres_url.startswith("postgresql+psycopg://")
    assert "@127.0.0.1:" in postgres_url
    with psycopg.connect(postgres_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        assert conn.execute("SELECT current_database()").fetchone() == ("mailbot_test",)
        conn.execute("CREATE TABLE IF NOT EXISTS t (name text)")
        conn.execute("INSERT INTO t VALUES ('Kræver opmærksomhed')")
        assert conn.execute("SELECT name FROM t").fetchone() == ("Kræver opmærksomhed",)
    # the password is required over TCP (scram), as in production
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=postgres_server.port, dbname="mailbot_test",
                        user=postgres_server.user, password="wrong", connect_timeout=5)


@pytest.mark.postgres
def test_postgres_server_is_removed_after_close() -> None:
    with PostgresServer(database="other") as pg:
        root = pg.root
        with psycopg.connect(pg.dsn) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    assert not root.exists()


@pytest.mark.imap
def test_dovecot_offers_what_the_inbox_relies_on(imap_account: ImapAccount, dovecot: DovecotServer) -> None:
    client = imaplib.IMAP4(imap_account.host, imap_account.port, timeout=10)
    try:
        client.login(imap_account.username, imap_account.password)
        typ, data = client.capability()  # the post-login list; the greeting's is shorter
        caps = set(data[0].decode().upper().split())
    finally:
        client.logout()
    assert {"IDLE", "MOVE", "UIDPLUS", "CONDSTORE", "NAMESPACE"} <= caps, caps
    ctx = ssl.create_default_context(cafile=imap_account.ca_file)
    with imaplib.IMAP4_SSL(imap_account.host, imap_account.ssl_port, ssl_context=ctx, timeout=10) as tls:
        tls.login(imap_account.username, imap_account.password)
    assert dovecot.running
