"""ZIP archives (the standard library's zipfile), each entry inflated in pieces within the budgets: the
number of entries, what one entry and the whole mail may inflate to, and the inflation ratio, so a zip
bomb stops at the budget with `too_large` naming the archive instead of filling memory."""
from __future__ import annotations

import io
import mimetypes
import zipfile

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, joined

_PIECE = 1 << 20


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The entry's bytes, or None when it inflates to more than `limit` (whatever its header claims)."""
    out = bytearray()
    with zf.open(info) as f:
        while True:
            piece = f.read(min(_PIECE, limit + 1 - len(out)) or 1)
            if not piece:
                return bytes(out)
            out += piece
            if len(out) > limit:
                return None


def open_zip(att: Attachment, allowance: Allowance) -> Unwrapped:
    b = allowance.budgets
    out = Unwrapped()
    try:
        zf = zipfile.ZipFile(io.BytesIO(att.data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        out.problems.append(new_problem("unsupported_attachment", f"The archive {att.name} could not be opened "
                                    f"({exc or type(exc).__name__}).", filename=att.name))
        return out
    files = [i for i in infos if not i.is_dir()]
    if len(files) > b.max_archive_entries:
        out.problems.append(allowance.over("max_archive_entries", f"the archive {att.name} holds {len(files):,} "
                                           f"files, more than {b.max_archive_entries:,}"))
        return out
    for info in files:
        name = joined(att.name, info.filename)
        if info.flag_bits & 0x1:
            out.problems.append(new_problem("encrypted", f"{name} is encrypted with a password and could not be read; "
                                        "please send it without a password.", filename=name))
            continue
        if info.file_size > b.max_archive_ratio * max(info.compress_size, 1) and info.file_size > _PIECE:
            out.problems.append(allowance.over("max_archive_ratio", f"{name} would inflate "
                                               f"{info.file_size // max(info.compress_size, 1):,} times"))
            continue
        room = allowance.room()
        if info.file_size > room:
            key = allowance.bound(room)
            out.problems.append(allowance.over(key, f"{name} inflates to {info.file_size:,} bytes, more than "
                                               f"{room:,} can be read"))
            continue
        try:
            data = _read_entry(zf, info, room)
        except NotImplementedError:  # a compression method zipfile lacks (Deflate64, LZMA variants...)
            out.problems.append(new_problem("unsupported_attachment", f"{name} is compressed in a way that cannot be "
                                        "read; please send it as a plain ZIP or the file itself.", filename=name))
            continue
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
            out.problems.append(new_problem("unsupported_attachment", f"{name} in the archive is damaged "
                                        f"({exc or type(exc).__name__}).", filename=name))
            continue
        if data is None:  # its header lied about its size
            key = allowance.bound(room)
            out.problems.append(allowance.over(key, f"{name} inflates to more than {room:,} bytes"))
            continue
        allowance.unpacked += len(data)
        ctype = mimetypes.guess_type(info.filename)[0] or "application/octet-stream"
        out.files.append(Attachment(name, ctype, data))
    return out
