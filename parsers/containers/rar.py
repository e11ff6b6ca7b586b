"""RAR archives (RAR 4 and RAR 5), read by libarchive (Debian's libarchive13, through the libarchive-c binding)
with only its RAR readers switched on, within the same budgets as a ZIP: the number of files, what one file and the
whole mail may inflate to and the inflation ratio, checked against each file's header before it is inflated and
again while it is (a header that lies stops at the budget: each file is read in pieces and dropped once it passes
what is left). An encrypted file, or an archive whose headers are encrypted (nothing in it can be listed), is
`encrypted`, for staff: by libarchive's mark, or by the archive's own headers (`rar_headers`: libarchive 3.6 marks
no RAR 5 file and fails on encrypted headers as on damage); a file libarchive cannot inflate (a damaged or
multi-volume archive) is named, never dropped.
libarchive's RAR code is C: the reading runs in the parse child, whose memory and time are capped
(parsers/bounded.py), so a fault there costs that mail's reading (kept for staff), not the bot."""
from __future__ import annotations

import ctypes
import mimetypes
from typing import Any

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, joined
from .rar_headers import encryption

_PIECE = 1 << 20


def _libarchive() -> Any | None:
    """The libarchive-c module, or None when the library is not on this machine."""
    try:
        import libarchive
        import libarchive.ffi
    except (ImportError, OSError, AttributeError, TypeError):
        return None
    return libarchive


def _encrypted(entry: Any) -> bool:
    from libarchive import ffi

    fn = getattr(ffi.libarchive, "archive_entry_is_encrypted", None)
    pointer = getattr(entry, "_entry_p", None)
    return bool(fn is not None and pointer is not None and fn(ctypes.c_void_p(pointer)) > 0)


def _named(name: str, why: str) -> Unwrapped:
    return Unwrapped(problems=[new_problem("unsupported_attachment", f"The archive {name} {why}; a staff member will "
                                           "look at it.", filename=name)])


def open_rar(att: Attachment, allowance: Allowance) -> Unwrapped:
    lib = _libarchive()
    if lib is None:
        return _named(att.name, "is a RAR archive, and no RAR reader is installed on this machine (libarchive)")
    told = encryption(att.data)
    if told is not None and told.headers:
        return Unwrapped(problems=[new_problem("encrypted", f"The archive {att.name} is protected with a password "
                                               "(even its list of files is encrypted) and could not be opened; a "
                                               "staff member will ask for it.", filename=att.name)])
    locked = told.files if told is not None else frozenset()
    b = allowance.budgets
    out = Unwrapped()
    inflated = 0
    fmt = "rar5" if att.data.startswith(b"Rar!\x1a\x07\x01") else "rar"
    try:
        with lib.memory_reader(att.data, format_name=fmt, filter_name="none") as archive:
            count = 0
            for entry in archive:
                if not entry.isreg:
                    continue  # folders, links: nothing to read
                count += 1
                name = joined(att.name, str(entry.pathname or ""))
                if count > b.max_archive_entries:
                    out.problems.append(allowance.over("max_archive_entries", f"the archive {att.name} holds more "
                                                       f"than {b.max_archive_entries:,} files"))
                    break
                if _encrypted(entry) or str(entry.pathname or "").replace("\\", "/") in locked:
                    out.problems.append(new_problem("encrypted", f"{name} is encrypted with a password and could not "
                                                    "be read; please send it without a password.", filename=name))
                    continue
                room = allowance.room()
                key = allowance.bound(room)
                claimed = int(entry.size or 0)
                if claimed > _PIECE and claimed > b.max_archive_ratio * max(len(att.data), 1):
                    out.problems.append(allowance.over("max_archive_ratio", f"{name} would inflate "
                                                       f"{claimed // max(len(att.data), 1):,} times"))
                    continue
                if claimed > room:
                    out.problems.append(allowance.over(key, f"{name} inflates to {claimed:,} bytes, more than {room:,} "
                                                       "can be read"))
                    continue
                data = bytearray()
                try:
                    for block in entry.get_blocks(_PIECE):
                        data += block
                        if len(data) > room:
                            break
                except lib.ArchiveError as exc:
                    out.problems.append(new_problem("unsupported_attachment", f"{name} in the archive could not be "
                                                    f"read ({_short(exc)}); it may be encrypted or damaged. A staff "
                                                    "member will look at it.", filename=name))
                    continue
                if len(data) > room:  # its header lied about its size
                    out.problems.append(allowance.over(key, f"{name} inflates to more than {room:,} bytes"))
                    continue
                inflated += len(data)
                if inflated > _PIECE and inflated > b.max_archive_ratio * max(len(att.data), 1):
                    out.problems.append(allowance.over("max_archive_ratio", f"{att.name} would inflate "
                                                       f"{inflated // max(len(att.data), 1):,} times"))
                    break
                allowance.unpacked += len(data)
                ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
                out.files.append(Attachment(name, ctype, bytes(data)))
    except lib.ArchiveError as exc:
        out.problems += _named(att.name, f"could not be opened ({_short(exc)}); it may be damaged, encrypted or one "
                               "part of several").problems
    return out


def _short(exc: BaseException) -> str:
    """libarchive's message without the pointers libarchive-c appends."""
    return str(exc.args[0] if exc.args else exc).split(" (errno=")[0][:160] or type(exc).__name__
