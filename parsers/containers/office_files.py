"""Files a Word, Excel or PowerPoint file carries (Insert > Object): the package's `*/embeddings/` parts. Parties
send "the agreement in this Word file" so: an embedded PDF, a workbook or a document is read as an attachment of
the mail is, under the Office file's name ("Bilag.docx/Tilslutningsaftale.pdf"), within the container budgets; the
Office file itself is read as before.

What an embedding part holds:
- an Office file kept whole (Word 2007 on stores an embedded workbook or document as its own package:
  `Microsoft_Excel_Worksheet.xlsx`), a PDF or a picture: that file;
- an OLE object (`oleObjectN.bin`, a compound file read by olefile): a file embedded as an icon (Windows'
  Packager, the `\\x01Ole10Native` stream: its name and bytes), or an Acrobat document (its `CONTENTS` stream,
  a PDF); any other OLE object (an equation, a chart, an old Excel sheet) is part of what the page shows, and not
  a file the party attached.
A part past the budgets is `too_large`; one that cannot be opened is named for staff."""
from __future__ import annotations

import io
import mimetypes
import posixpath
import re
import struct
import zipfile

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, joined

_MAX_PARTS = 50  # embeddings looked at in one file
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _chart_data(z: zipfile.ZipFile, names: list[str]) -> set[str]:
    """The embedded workbooks that hold a chart's numbers (Office keeps each chart's data as an embedded .xlsx the
    chart's relationships point to): part of the page, not a file the party attached."""
    out: set[str] = set()
    for rels in names:
        folder = posixpath.dirname(posixpath.dirname(rels))
        if "/charts/" not in f"/{folder}/" or not rels.endswith(".rels"):
            continue
        for target in re.findall(rb'Target="([^"]+)"', z.read(rels)[:100_000]):
            t = target.decode("utf-8", "replace")
            out.add(t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(folder, t)))
    return out


def _embeddings(z: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = z.infolist()[:5000]
    found = [i for i in infos if not i.is_dir() and posixpath.dirname(i.filename).split("/")[-1] == "embeddings"
             and i.filename.split("/")[0] in ("word", "xl", "ppt")]
    if not found:
        return []
    charts = _chart_data(z, [i.filename for i in infos])
    return [i for i in found if i.filename not in charts]


def may_carry(data: bytes) -> bool:
    """Is this an Office package with embedded objects?"""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return bool(_embeddings(z))
    except Exception:  # noqa: BLE001 - not a readable ZIP: nothing carried
        return False


def _ole10native(blob: bytes) -> tuple[str, bytes] | None:
    """(file name, bytes) of Packager's Ole10Native stream: its size, a word, the file's name and its source path
    (each ending in NUL), two double words, the temporary path (NUL), then the file's size and bytes."""
    def string(at: int) -> tuple[str, int]:
        end = blob.index(b"\x00", at)
        return blob[at:end].decode("latin-1"), end + 1

    try:
        name, at = string(6)
        _, at = string(at)
        _, at = string(at + 8)
        size = struct.unpack("<I", blob[at:at + 4])[0]
        data = blob[at + 4:at + 4 + size]
    except (ValueError, struct.error):
        return None
    return (re.split(r"[\\/]", name)[-1] or "embedded file", data) if len(data) == size else None


def _from_ole(data: bytes) -> tuple[str | None, bytes] | None:
    """The file an OLE object holds, if it is a file: (its own name or None, its bytes)."""
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if ole.exists("\x01Ole10Native"):
            return _ole10native(ole.openstream("\x01Ole10Native").read())
        if ole.exists("CONTENTS"):
            contents = ole.openstream("CONTENTS").read()
            if contents[:1024].lstrip().startswith(b"%PDF"):
                return None, contents
        for package in ("Package", "package"):  # an Office 2007 file embedded in an OLE wrapper
            if ole.exists(package):
                return None, ole.openstream(package).read()
    return None


def carried(att: Attachment, allowance: Allowance) -> Unwrapped:
    """The files the Office file `att` carries, each under its name; nothing when it carries none."""
    out = Unwrapped()
    try:
        z = zipfile.ZipFile(io.BytesIO(att.data))
        parts = _embeddings(z)
    except Exception:  # noqa: BLE001 - the document reader says what is wrong with the file itself
        return out
    for info in parts[:_MAX_PARTS]:
        base = posixpath.basename(info.filename)
        ratio = allowance.budgets.max_archive_ratio
        if info.file_size > (1 << 20) and info.file_size > ratio * max(info.compress_size, 1):
            out.problems.append(allowance.over("max_archive_ratio", f"{att.name}/{base} would inflate "
                                               f"{info.file_size // max(info.compress_size, 1):,} times"))
            continue
        room = allowance.room()
        if info.file_size > room:
            out.problems.append(allowance.over("max_archive_entry_bytes" if room == allowance.budgets.
                                               max_archive_entry_bytes else "max_unpacked_bytes",
                                               f"{att.name}/{base} is {info.file_size:,} bytes, more than {room:,} "
                                               "can be read"))
            continue
        try:
            with z.open(info) as f:
                data = f.read(room + 1)
            if len(data) > room:
                raise ValueError("larger than its header says")
            name = base
            if data[:8] == _OLE:
                found = _from_ole(data)
                if found is None:
                    continue  # an object the page shows (an equation, a chart): no file the party attached
                own, data = found
                name = own or (base.rsplit(".", 1)[0] + (".pdf" if data[:5] == b"%PDF-" else ".bin"))
        except Exception as exc:  # noqa: BLE001 - a damaged part or OLE object: named for staff
            out.problems.append(new_problem("unsupported_attachment", f"The object {base} embedded in {att.name} "
                                            f"could not be taken out ({type(exc).__name__}); a staff member will "
                                            "look at it.", filename=f"{att.name}/{base}"))
            continue
        allowance.unpacked += len(data)
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        out.files.append(Attachment(joined(att.name, name), ctype, data))
    return out
