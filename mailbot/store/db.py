"""Engine, migrations and the few SQL idioms that differ between SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, create_engine, select
from sqlmodel.sql.expression import SelectOfScalar

from .models import MailboxCursorRow, SettingRow

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
T = TypeVar("T")
_MIGRATION_LOCK = 0x5D4E_4D41  # PostgreSQL advisory lock id: one daemon migrates at a time
ROW_ID_MAX = 2**31 - 1  # ids are INTEGER columns: a larger number from a person never reaches the database


def is_row_id(n: int) -> bool:
    """Whether a number someone typed can be a row id at all (PostgreSQL refuses one over 32 bits)."""
    return 0 < n <= ROW_ID_MAX


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy's recipe: we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # one writer at a time, decided at BEGIN: a daemon and a `run --once` on one SQLite file
            # queue behind each other instead of failing on a stale snapshot
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


READ_TIMEOUT_SECONDS = 2  # a read-only path answers quickly or says why; it never queues behind a writer


class DatabaseMissing(Exception):
    """A read-only path was pointed at a SQLite file that does not exist (it must not create one)."""


def make_read_engine(url: str, timeout_s: float = READ_TIMEOUT_SECONDS) -> Engine:
    """An engine for the read-only paths (`health`, metrics, `cases`, `status`, `case show`, the digest
    preview): deferred read transactions that never take the write lock. On SQLite (WAL) a reader sees the
    last committed snapshot while a writer holds the lock; on PostgreSQL READ COMMITTED, read-only, with a
    short statement and lock timeout. Neither ever waits long: a stuck database gives an error, fast."""
    if url.startswith("sqlite"):
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if path and path != ":memory:" and not Path(path).exists():
            raise DatabaseMissing(f"no database file at {path}")
        engine = create_engine(url, connect_args={"timeout": timeout_s})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
            cur.execute("PRAGMA query_only=ON")  # a bug here can never write
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN DEFERRED")  # a snapshot at the first read; no write lock, ever

        return engine
    ms = int(timeout_s * 1000)
    return create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED", connect_args={
        "connect_timeout": max(1, int(timeout_s)),
        "options": f"-c statement_timeout={ms} -c lock_timeout={ms} -c default_transaction_read_only=on"})


def alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to head; on PostgreSQL under an advisory lock so several daemons may start at once."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def schema_current(url: str) -> bool:
    """True when the database exists and its schema is at head (read without any write lock)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    try:
        engine = make_read_engine(url)
    except DatabaseMissing:
        return False
    try:
        with engine.connect() as conn:
            heads = set(MigrationContext.configure(conn).get_current_heads())
    except Exception:  # noqa: BLE001 - no table yet, or unreadable: the writer's migration will tell
        return False
    finally:
        engine.dispose()
    return heads == set(ScriptDirectory.from_config(alembic_config()).get_heads())


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def xact_lock(session: Session, name: str) -> None:
    """Serialise one kind of work across daemons sharing PostgreSQL, until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": name})


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[bool]:
    """Yield True if this daemon may do the named work now; on PostgreSQL only one daemon at a time may
    (a session advisory lock, released at the end), so two daemons never fetch the same mail."""
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn:
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(hashtext(:n))"), {"n": name}).scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:n))"), {"n": name})
                conn.commit()


def like_literal(text: str) -> str:
    """text matched literally by LIKE ... ESCAPE '\\' (e.g. a value's JSON text inside a JSON column)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def claim(session: Session, stmt: SelectOfScalar[T]) -> SelectOfScalar[T]:
    """Rows another daemon holds are skipped, not waited for (PostgreSQL); SQLite has one writer anyway."""
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update(skip_locked=True)
    return stmt


def lock_one(session: Session, stmt: SelectOfScalar[T]) -> SelectOfScalar[T]:
    """A row this transaction must hold while it decides (e.g. a case): wait for it on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return stmt.with_for_update()
    return stmt


class DbCursorStore:
    """The IMAP cursor (UIDVALIDITY, last UID) kept in the database beside the ledger."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def load(self, mailbox: str, folder: str) -> tuple[int | None, int]:
        with Session(self.engine) as s:
            row = s.exec(select(MailboxCursorRow).where(
                MailboxCursorRow.mailbox == mailbox, MailboxCursorRow.folder == folder)).first()
            return (row.uidvalidity, row.last_uid) if row else (None, 0)

    def save(self, mailbox: str, folder: str, uidvalidity: int, last_uid: int) -> None:
        with session_scope(self.engine) as s:
            row = s.exec(lock_one(s, select(MailboxCursorRow).where(
                MailboxCursorRow.mailbox == mailbox, MailboxCursorRow.folder == folder))).first()
            if row is None:
                row = MailboxCursorRow(mailbox=mailbox, folder=folder)
            if row.uidvalidity == uidvalidity and row.last_uid > last_uid:
                return  # another daemon got further: never move the cursor back
            row.uidvalidity, row.last_uid = uidvalidity, last_uid
            s.add(row)


def ledger_keys(engine: Engine) -> Callable[[list[str]], set[str]]:
    """For ImapInbox(known=...): which of these source keys the ledger already holds."""
    from .models import InboundRow

    def known(keys: list[str]) -> set[str]:
        found: set[str] = set()
        with Session(engine) as s:
            for i in range(0, len(keys), 500):
                found.update(s.exec(select(InboundRow.source_key).where(
                    col(InboundRow.source_key).in_(keys[i:i + 500]))))
                # duplicate copies waiting to be filed beside their original (pipeline/fetch.py)
                found.update(k[len("copy:"):] for k in s.exec(select(SettingRow.key).where(
                    col(SettingRow.key).in_(["copy:" + k for k in keys[i:i + 500]]))))
        return found

    return known


def get_setting(session: Session, key: str) -> dict[str, Any]:
    row = session.get(SettingRow, key)
    return dict(row.value) if row else {}


def put_setting(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.get(SettingRow, key) or SettingRow(key=key)
    row.value = value
    session.add(row)


class DbSecretStore:
    """A rotated OAuth2 refresh token, kept in the database so every daemon sharing it uses the newest."""

    def __init__(self, engine: Engine, key: str = "oauth2_refresh_token") -> None:
        self.engine = engine
        self.key = key

    def load(self) -> str | None:
        with Session(self.engine) as s:
            value = get_setting(s, self.key).get("token")
            return str(value) if value else None

    def save(self, secret: str) -> None:
        with session_scope(self.engine) as s:
            put_setting(s, self.key, {"token": secret})
