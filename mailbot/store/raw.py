"""The raw mail, kept once: outside the ledger row, never several whole copies in the daemon's memory.

Where it goes depends on the database, because several daemons may share one PostgreSQL from different
hosts, and a file beside the database on one host is not there for the others:
- PostgreSQL: a large object (`lo_from_bytea` / `lo_put` in 1 MB pieces, `lo_get` to read), written in the
  same transaction as the ledger row, so a crash leaves both or neither; every daemon and the web view on
  any host read it through the database.
- SQLite (one host by nature): a content-addressed file beside the database,
  `<db dir>/raw/ab/abcdef….eml` (the SHA-256 of its bytes), written to a temporary name, fsynced and renamed
  into place before the row commits. A crash between the two leaves a file without a row: the mail is
  fetched again, its file is the same name and the same bytes.
- An in-memory SQLite database (tests, `mailbot parse`): in the row's `raw` column, as before.

The row says which: `raw_ref` is `lo:<oid>` or `file:ab/<sha256>.eml`; `None` means `raw` holds the bytes
(every row written before this store existed stays readable that way).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from .. import spool as spool_files
from .models import InboundRow

PIECE = 1 << 20  # bytes moved at a time, to or from the store


class Source(Protocol):
    """What the store takes: a mail's bytes in pieces (FetchedMail, or plain bytes via `pieces_of`)."""

    def pieces(self) -> Iterator[bytes]: ...


def pieces_of(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), PIECE):
        yield data[start:start + PIECE]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_root(engine: Engine) -> Path | None:
    """`<db dir>/raw` for a SQLite file; None for PostgreSQL or an in-memory database."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).resolve().parent / "raw"


def spool_dir(engine: Engine) -> Path | None:
    """Where a large mail is fetched to in pieces: beside the raw store on SQLite (the same disk), else
    the system's temporary folder (None)."""
    root = file_root(engine)
    if root is None:
        return None
    (root / ".spool").mkdir(parents=True, exist_ok=True)
    return root / ".spool"


def kind(engine: Engine) -> str:
    """'lo' (PostgreSQL large objects), 'file' (beside a SQLite file) or 'inline' (in the row)."""
    if engine.url.get_backend_name() == "postgresql":
        return "lo"
    return "file" if file_root(engine) is not None else "inline"


def sync_folders(folders: set[Path]) -> None:
    """fsync the folders files were renamed into (`write_file` with `folders`), before their rows commit."""
    for folder in sorted(folders):
        _fsync_dir(folder)


def write_file(root: Path, digest: str, pieces: Iterable[bytes], folders: set[Path] | None = None) -> str:
    """Write a content-addressed file atomically (temporary name, fsync, rename, fsync the folder). Given
    `folders`, the folder is added there instead of fsynced: the caller fsyncs each once (`sync_folders`)
    before the rows naming the files commit."""
    folder = root / digest[:2]
    target = folder / f"{digest}.eml"
    ref = f"file:{digest[:2]}/{digest}.eml"
    folder.mkdir(parents=True, exist_ok=True)
    spool = root / ".spool"  # the same disk, so the rename below is atomic; swept if this process is killed
    spool.mkdir(exist_ok=True)
    fd, tmp = spool_files.temp_file(spool, spool_files.STORE)
    check = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in pieces:
                check.update(piece)
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        if check.hexdigest() != digest:
            raise ValueError("the mail's bytes changed while they were stored")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if folders is None:
        _fsync_dir(folder)
    else:
        folders.add(folder)
    return ref


def put(s: Session, digest: str, source: Source, folders: set[Path] | None = None) -> str | None:
    """Store a mail's bytes once; return the row's `raw_ref` (None: the caller keeps them in `raw`).

    On PostgreSQL the large object belongs to `s`'s transaction: it commits or rolls back with the row.
    A file's folder is fsynced at once, or, given `folders`, left there for the caller (`sync_folders`).
    """
    engine = s.get_bind()
    assert isinstance(engine, Engine)
    how = kind(engine)
    if how == "inline":
        return None
    if how == "file":
        root = file_root(engine)
        assert root is not None
        return write_file(root, digest, source.pieces(), folders)
    conn = s.connection()
    oid: int | None = None
    offset = 0
    for piece in source.pieces():
        if oid is None:
            oid = int(conn.execute(text("SELECT lo_from_bytea(0, :b)"), {"b": piece}).scalar_one())
        else:
            conn.execute(text("SELECT lo_put(:o, :off, :b)"), {"o": oid, "off": offset, "b": piece})
        offset += len(piece)
    if oid is None:  # an empty mail
        oid = int(conn.execute(text("SELECT lo_from_bytea(0, ''::bytea)")).scalar_one())
    return f"lo:{oid}"


def _file_path(engine: Engine, ref: str) -> Path:
    root = file_root(engine)
    if root is None:
        raise ValueError(f"raw mail {ref!r} is a file, but the database is not a SQLite file")
    rel = ref.removeprefix("file:")
    if "/" not in rel or ".." in rel or rel.startswith("/"):
        raise ValueError(f"not a raw mail reference: {ref!r}")
    return root / rel


def pieces(s: Session, row: InboundRow, limit: int | None = None) -> Iterator[bytes]:
    """The row's raw mail in pieces (at most `limit` bytes in all), wherever it is kept."""
    ref = row.raw_ref
    left = limit if limit is not None else -1
    if not ref:
        data = row.raw or b""
        yield data if limit is None else data[:limit]
        return
    engine = s.get_bind()
    assert isinstance(engine, Engine)
    if ref.startswith("file:"):
        with open(_file_path(engine, ref), "rb") as f:
            while left:
                piece = f.read(PIECE if left < 0 else min(PIECE, left))
                if not piece:
                    return
                left -= len(piece) if left > 0 else 0
                yield piece
        return
    oid = int(ref.removeprefix("lo:"))
    conn = s.connection()
    offset = 0
    while left:
        size = PIECE if left < 0 else min(PIECE, left)
        piece = bytes(conn.execute(text("SELECT lo_get(:o, :off, :n)"),
                                   {"o": oid, "off": offset, "n": size}).scalar_one() or b"")
        if not piece:
            return
        offset += len(piece)
        left -= len(piece) if left > 0 else 0
        yield piece
        if len(piece) < size:
            return


def read(s: Session, row: InboundRow, limit: int | None = None) -> bytes:
    """The row's raw mail (or its first `limit` bytes): for the few readers that need bytes in hand."""
    return b"".join(pieces(s, row, limit))


def held(row: InboundRow) -> bool:
    """Whether the row still has its raw mail (retention purges it)."""
    return bool(row.raw_ref) or bool(row.raw)


@contextlib.contextmanager
def as_path(s: Session, row: InboundRow, spool: Path | None = None) -> Iterator[Path]:
    """A file holding the row's raw mail, for a parse child to read: the stored file itself on SQLite,
    else a temporary copy written in pieces (removed afterwards)."""
    engine = s.get_bind()
    assert isinstance(engine, Engine)
    if row.raw_ref and row.raw_ref.startswith("file:"):
        yield _file_path(engine, row.raw_ref)
        return
    # named by this process, in the spool a starting daemon sweeps: removed even if this process is killed
    fd, name = spool_files.temp_file(spool if spool is not None else spool_dir(engine), spool_files.RAW)
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in pieces(s, row):
                out.write(piece)
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def purge(s: Session, row: InboundRow) -> None:
    """Forget the row's raw mail (retention): the large object or file goes, the row stays."""
    ref, row.raw_ref, row.raw = row.raw_ref, None, b""
    if not ref:
        return
    engine = s.get_bind()
    assert isinstance(engine, Engine)
    if ref.startswith("lo:"):
        s.connection().execute(text("SELECT lo_unlink(:o)"), {"o": int(ref.removeprefix("lo:"))})
    else:
        with contextlib.suppress(FileNotFoundError):
            _file_path(engine, ref).unlink()
