"""Tar archives and single compressed files (.tar, .tar.gz/.tgz, .gz, .bz2, .xz), as Linux and macOS users and
some document systems send them, with the standard library only (tarfile, zlib, bz2, lzma), within the same
budgets as a ZIP: a compressed stream is inflated in 1 MB pieces that stop at what is left of the budgets (and
at `max_archive_ratio`), a tar's listing is checked before any member is read, and only regular files are taken
(links, devices and folders are not files a party sends). A damaged archive is named for staff."""
from __future__ import annotations

import bz2
import io
import lzma
import mimetypes
import tarfile
import zlib
from typing import Any

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, compression, joined

_PIECE = 1 << 20
_SUFFIXES = {".tgz": ".tar", ".tbz2": ".tar", ".txz": ".tar", ".gz": "", ".bz2": "", ".xz": ""}


class _Over(Exception):
    """The stream inflated past what the budgets leave."""


def is_tar(data: bytes) -> bool:
    """A POSIX (ustar) or GNU tar by the magic of its first header."""
    return data[257:262] == b"ustar"


def _decompressor(kind: str) -> Any:
    if kind == "gz":
        return zlib.decompressobj(wbits=31)
    return bz2.BZ2Decompressor() if kind == "bz2" else lzma.LZMADecompressor()


def _inflated(data: bytes, kind: str, limit: int) -> bytes:
    """The stream's bytes (every member of a gzip or bzip2 file written in several pieces), raising _Over past
    `limit`."""
    out = bytearray()
    rest = data
    while rest:
        d = _decompressor(kind)
        pending = rest
        while True:
            piece = d.decompress(pending, _PIECE) if kind == "gz" else d.decompress(pending, max_length=_PIECE)
            out += piece
            if len(out) > limit:
                raise _Over
            pending = d.unconsumed_tail if kind == "gz" else b""
            done = d.eof
            if done or (not piece and not pending and (kind == "gz" or d.needs_input)):
                break
        if not done:
            raise EOFError("the compressed stream ends before its end")
        rest = d.unused_data.lstrip(b"\x00")
        if rest and compression(rest) != kind:
            break  # padding or trailing bytes after the last member
    return bytes(out)


def _inner_name(name: str) -> str:
    """"Aftale.pdf.gz" -> "Aftale.pdf", "bilag.tgz" -> "bilag.tar"; a name without such an ending keeps it."""
    lower = name.lower()
    for suffix, becomes in _SUFFIXES.items():
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)] + becomes
    return name + " (unpacked)"


def open_compressed(att: Attachment, allowance: Allowance) -> Unwrapped:
    """A .gz, .bz2 or .xz file: the one file it holds (a tar in it is opened in turn, as any container is)."""
    b = allowance.budgets
    out = Unwrapped()
    kind = compression(att.data) or {"bz2": "bz2", "xz": "xz"}.get(att.name.lower().rsplit(".", 1)[-1], "gz")
    room = allowance.room()
    limit = min(room, max(b.max_archive_ratio * max(len(att.data), 1), _PIECE))
    try:
        data = _inflated(att.data, kind, limit)
    except _Over:
        if limit < room:
            out.problems.append(allowance.over("max_archive_ratio", f"{att.name} would inflate more than "
                                               f"{b.max_archive_ratio:,} times"))
        else:
            key = allowance.bound(room)
            out.problems.append(allowance.over(key, f"{att.name} inflates to more than {room:,} bytes"))
        return out
    except (zlib.error, OSError, EOFError, ValueError, lzma.LZMAError) as exc:
        out.problems.append(new_problem("unsupported_attachment", f"The compressed file {att.name} could not be "
                                        f"opened ({exc or type(exc).__name__}); a staff member will look at it.",
                                        filename=att.name))
        return out
    allowance.unpacked += len(data)
    inner = _inner_name(att.name.rsplit("/", 1)[-1])
    if is_tar(data) and not inner.lower().endswith(".tar"):
        inner += ".tar"
    out.files.append(Attachment(joined(att.name, inner), mimetypes.guess_type(inner)[0] or
                                "application/octet-stream", data))
    return out


def open_tar(att: Attachment, allowance: Allowance) -> Unwrapped:
    """A tar archive: each regular file in it, checked against the budgets by the listing first."""
    b = allowance.budgets
    out = Unwrapped()
    try:
        with tarfile.open(fileobj=io.BytesIO(att.data), mode="r:") as tf:
            members = []
            for m in tf:
                if m.isfile():
                    members.append(m)
                if len(members) > b.max_archive_entries:
                    out.problems.append(allowance.over("max_archive_entries", f"the archive {att.name} holds more "
                                                       f"than {b.max_archive_entries:,} files"))
                    return out
            for m in members:
                name = joined(att.name, m.name)
                room = allowance.room()
                if m.size > room:
                    key = allowance.bound(room)
                    out.problems.append(allowance.over(key, f"{name} is {m.size:,} bytes, more than {room:,} can be "
                                                       "read"))
                    continue
                f = tf.extractfile(m)
                if f is None:
                    continue
                data = f.read(m.size)
                allowance.unpacked += len(data)
                out.files.append(Attachment(name, mimetypes.guess_type(m.name)[0] or "application/octet-stream",
                                            data))
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        out.problems.append(new_problem("unsupported_attachment", f"The archive {att.name} could not be opened "
                                        f"({exc or type(exc).__name__}); a staff member will look at it.",
                                        filename=att.name))
    return out
