"""7-Zip archives (.7z) with py7zr (pure Python, no 7z binary), within the same budgets as a ZIP: the number of
files, what one file and the whole mail may inflate to and the inflation ratio are checked against the archive's
own listing before anything is inflated, and again while inflating (a listing that lies stops at the budget:
each file is written into a buffer that refuses to grow past what is left). An archive with a password is
`encrypted`, for staff; a damaged one is named."""
from __future__ import annotations

import io
import mimetypes
from typing import Any

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, joined

_PIECE = 1 << 20


class _Over(Exception):
    """A file inflated past what the budgets leave."""


def _factory(limit_one: int, limit_all: int) -> Any:
    """A py7zr writer factory whose buffers stop the extraction (by raising) once a file passes `limit_one`
    bytes or all of them together `limit_all`."""
    from py7zr.io import Py7zIO, WriterFactory

    total = [0]

    class Capped(Py7zIO):
        def __init__(self) -> None:
            self.buffer = io.BytesIO()

        def write(self, s: bytes | bytearray) -> int:
            total[0] += len(s)
            if self.buffer.tell() + len(s) > limit_one or total[0] > limit_all:
                raise _Over
            return self.buffer.write(s)

        def read(self, size: int | None = None) -> bytes:
            return self.buffer.read(size)

        def seek(self, offset: int, whence: int = 0) -> int:
            return self.buffer.seek(offset, whence)

        def flush(self) -> None:
            self.buffer.flush()

        def size(self) -> int:
            return len(self.buffer.getbuffer())

    class Factory(WriterFactory):
        def __init__(self) -> None:
            self.products: dict[str, Capped] = {}

        def create(self, filename: str) -> Capped:
            self.products[filename] = Capped()
            return self.products[filename]

    return Factory()


def open_7z(att: Attachment, allowance: Allowance) -> Unwrapped:
    import py7zr

    b = allowance.budgets
    out = Unwrapped()
    damaged = (py7zr.exceptions.ArchiveError, py7zr.exceptions.Bad7zFile, py7zr.exceptions.CrcError,
               py7zr.exceptions.UnsupportedCompressionMethodError, py7zr.exceptions.DecompressionError,
               py7zr.exceptions.InternalError, EOFError, OSError, ValueError, KeyError, IndexError, TypeError)
    try:
        with py7zr.SevenZipFile(io.BytesIO(att.data), mode="r") as z:
            if z.needs_password():
                out.problems.append(new_problem("encrypted", f"The archive {att.name} is protected with a password and "
                                                "could not be opened; a staff member will ask for it.",
                                                filename=att.name))
                return out
            files = [i for i in z.list() if not i.is_directory]
            if len(files) > b.max_archive_entries:
                out.problems.append(allowance.over("max_archive_entries", f"the archive {att.name} holds "
                                                   f"{len(files):,} files, more than {b.max_archive_entries:,}"))
                return out
            claimed = sum(int(i.uncompressed or 0) for i in files)
            if claimed > b.max_archive_ratio * max(len(att.data), 1) and claimed > _PIECE:
                out.problems.append(allowance.over("max_archive_ratio", f"{att.name} would inflate "
                                                   f"{claimed // max(len(att.data), 1):,} times"))
                return out
            left = max(0, b.max_unpacked_bytes - allowance.unpacked)
            biggest = max((int(i.uncompressed or 0) for i in files), default=0)
            if biggest > b.max_archive_entry_bytes or claimed > left:
                key = "max_archive_entry_bytes" if biggest > b.max_archive_entry_bytes else "max_unpacked_bytes"
                out.problems.append(allowance.over(key, f"{att.name} inflates to {claimed:,} bytes, more than "
                                                   f"{min(left, b.max_archive_entry_bytes):,} can be read"))
                return out
            factory = _factory(b.max_archive_entry_bytes, left)
            z.extract(factory=factory)
    except (_Over, py7zr.exceptions.DecompressionBombError):
        out.problems.append(allowance.over("max_unpacked_bytes", f"{att.name} inflates to more than its listing says "
                                           "and than can be read"))
        return out
    except py7zr.exceptions.PasswordRequired:
        out.problems.append(new_problem("encrypted", f"The archive {att.name} is protected with a password and could "
                                        "not be opened; a staff member will ask for it.", filename=att.name))
        return out
    except damaged as exc:
        out.problems.append(new_problem("unsupported_attachment", f"The archive {att.name} could not be opened "
                                        f"({exc or type(exc).__name__}); a staff member will look at it.",
                                        filename=att.name))
        return out
    for filename, product in factory.products.items():
        data = product.buffer.getvalue()
        allowance.unpacked += len(data)
        ctype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        out.files.append(Attachment(joined(att.name, filename), ctype, data))
    return out
