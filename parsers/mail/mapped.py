"""A stored mail read from its file without holding its bytes: mapped, and its pages let go once read.

A worker used to read a 34 MB mail (a 25 MB PDF in base64) into memory and hold it to the end of the
reading, beside the 25 MB PDF decoded from it: 59 MB of the worker's peak (bench/reader_memory.py). A
mapped file's pages are the kernel's page cache, in this process only while touched; `release` takes them
out of it again (MADV_DONTNEED: a clean file page is dropped from this process, never lost, and read
again from the cache if touched later). So the large base64 body is decoded piece by piece with each
piece's pages let go (`parsers/mail/reader.py`, `_lift_large_base64`), and what stays is the decoded PDF.

The stored file never changes (content-addressed, or the parse stage's own copy); were it cut short
while mapped, the reading would stop with SIGBUS, which the bounded worker reports as a failed reading.
"""
from __future__ import annotations

import contextlib
import errno
import io
import mmap
from collections.abc import Iterator
from pathlib import Path

Raw = bytes | mmap.mmap  # a mail's bytes, or its file mapped read-only

MAP_ABOVE_BYTES = 1_000_000  # smaller mail is simply read: nothing in it is large enough to lift
PIECE = 1 << 20
_PAGE = mmap.PAGESIZE


@contextlib.contextmanager
def mail_bytes(path: Path, map_above: int = MAP_ABOVE_BYTES) -> Iterator[Raw]:
    """The mail in `path`: its bytes, or, above `map_above` bytes, the file mapped read-only (unmapped
    when the reading is done)."""
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        if size <= map_above:
            f.seek(0)
            yield f.read()
            return
        try:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as exc:
            if exc.errno != errno.ENOMEM:
                raise
            # past the worker's address-space limit, as reading it in would be: the same MemoryError, so
            # the mail gets the problem too_large (limits.parse_memory_mb)
            raise MemoryError(f"mapping a mail of {size} bytes") from exc
    try:
        yield mapped
    finally:
        with contextlib.suppress(BufferError):  # a view still alive: unmapped when it goes
            mapped.close()


def release(raw: Raw, start: int = 0, end: int | None = None) -> None:
    """Let go of the pages of raw[start:end] a mapped mail has read in (nothing for bytes): the page holding
    `end` stays, the one holding `start` goes (touched again, it is read in again from the cache)."""
    if not isinstance(raw, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED"):
        return
    end = len(raw) if end is None else min(end, len(raw))
    first = start // _PAGE * _PAGE  # a page touched again later is simply read in again from the cache
    last = end if end == len(raw) else end // _PAGE * _PAGE
    if last > first:
        with contextlib.suppress(OSError, ValueError):
            raw.madvise(mmap.MADV_DONTNEED, first, last - first)


def as_bytes(raw: Raw) -> bytes:
    """The mail as bytes: itself, or a mapped mail copied a piece at a time, each piece's pages let go, so
    the copy never sits beside the whole mapped file."""
    if isinstance(raw, bytes):
        return raw
    out = io.BytesIO()
    for start in range(0, len(raw), PIECE):
        out.write(raw[start:start + PIECE])
        release(raw, start, start + PIECE)
    return out.getvalue()
