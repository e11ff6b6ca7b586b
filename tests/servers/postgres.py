"""A throwaway PostgreSQL 15 cluster on loopback, so the store is tested on the production database too.

initdb/pg_ctl refuse to run as root, so they run as the `postgres` user (created by the Debian package)
or else `nobody`, owning a temporary folder that holds the data, the log and the unix socket.
Password authentication (scram) over TCP is on, so the URL we hand out is the kind production uses.
"""
from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.servers._util import apt_install, chown_tree, free_port, wait_port_closed

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def ensure_installed() -> None:
    """Install PostgreSQL 15 from Debian when initdb is missing (fresh CI machine)."""
    if not (PG_BIN / "initdb").exists():
        apt_install("postgresql-15")
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"postgresql-15 installed but {PG_BIN / 'initdb'} is missing")


def _run_as_user() -> str | None:
    """Whom to run the server as: None when we are not root (then we are already unprivileged)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("neither a postgres nor a nobody user exists to run PostgreSQL as")


class PostgresServer:
    """One cluster with one database; `url` is an SQLAlchemy URL for psycopg 3."""

    def __init__(self, database: str = "mailbot_test", user: str = "mailbot") -> None:
        ensure_installed()
        self.root = Path(tempfile.mkdtemp(prefix="pg"))
        os.chmod(self.root, 0o755)
        self.data = self.root / "data"
        self.log_file = self.root / "postgres.log"
        self.host = "127.0.0.1"
        self.port = free_port()
        self.database = database
        self.user = user
        self.password = secrets.token_urlsafe(12)
        self.os_user = _run_as_user()
        self._running = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"

    @property
    def dsn(self) -> str:
        """A libpq connection string, for plain psycopg without SQLAlchemy."""
        return (f"host={self.host} port={self.port} dbname={self.database} user={self.user} "
                f"password={self.password}")

    def _cmd(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.os_user, "--"] if self.os_user else []
        return [*prefix, *args]

    def _run(self, *args: str) -> None:
        result = subprocess.run(self._cmd(*args), capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}\n{log}")

    def start(self) -> PostgresServer:
        if self._running:
            return self
        if not self.data.exists():
            pwfile = self.root / "pwfile"
            pwfile.write_text(self.password + "\n")
            if self.os_user:
                chown_tree(self.root, self.os_user)
            self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", self.user, "-E", "UTF8",
                      "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256",
                      f"--pwfile={pwfile}")
            pwfile.unlink()
        opts = (f"-c listen_addresses={self.host} -p {self.port} -k {self.root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file), "-o", opts,
                  "-w", "-t", "60", "start")
        self._running = True
        if not self._database_exists():
            self._run(str(PG_BIN / "createdb"), "-h", str(self.root), "-p", str(self.port), "-U", self.user,
                      self.database)
        return self

    def _database_exists(self) -> bool:
        result = subprocess.run(
            self._cmd(str(PG_BIN / "psql"), "-h", str(self.root), "-p", str(self.port),
                      "-U", self.user, "-d", "postgres", "-tAc",
                      f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'"),
            capture_output=True, text=True, cwd=self.root)
        return result.stdout.strip() == "1"

    def stop(self) -> None:
        if not self._running:
            return
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
        self._running = False
        wait_port_closed(self.port)

    def close(self) -> None:
        """Stop the cluster and remove it; nothing of it survives the test session."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
