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
A LibreOffice file (`.odt`, `.ods`, `.odp`) carries its objects otherwise (ODF 1.3 part 2, 3.16; LibreOffice's
own way for foreign objects): an embedded Writer, Calc or Impress document is a folder of parts (`Object 1/`,
its kind in `META-INF/manifest.xml`), taken out as a file of its own (`Brev.odt/Object 1.ods`: the folder's parts
under a `mimetype` part); a chart, a formula or a drawing is part of the page; an OLE object (a Word file with a
PDF embedded as an icon, saved by LibreOffice) is a compound file at the package's root (`Obj12345678`), read as
above. `ObjectReplacements/` holds only the pictures shown in their place.
A part past the budgets is `too_large`; one that cannot be opened is named for staff."""
from __future__ import annotations

import io
import mimetypes
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass

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


@dataclass(frozen=True)
class _Embedded:
    """One embedded object: its name in the package and its parts (one; or an ODF object's folder of parts,
    `suffix` the file it is rebuilt as)."""

    name: str
    parts: tuple[zipfile.ZipInfo, ...]
    suffix: str = ""
    mimetype: str = ""


def _embeddings(z: zipfile.ZipFile) -> list[_Embedded]:
    infos = z.infolist()[:5000]
    if any(i.filename == "mimetype" for i in infos):
        return _odf_objects(z, infos)
    found = [i for i in infos if not i.is_dir() and posixpath.dirname(i.filename).split("/")[-1] == "embeddings"
             and i.filename.split("/")[0] in ("word", "xl", "ppt")]
    if not found:
        return []
    charts = _chart_data(z, [i.filename for i in infos])
    return [_Embedded(posixpath.basename(i.filename), (i,)) for i in found if i.filename not in charts]


# an ODF object that is a document of the party's (read as one), by its media type; a chart, a formula, a drawing
# object is part of the page
_ODF_DOCUMENTS = {"application/vnd.oasis.opendocument.text": ".odt",
                  "application/vnd.oasis.opendocument.spreadsheet": ".ods",
                  "application/vnd.oasis.opendocument.presentation": ".odp"}
_ODF_PAGE = ("chart", "formula", "graphics", "drawing", "image")
_ODF_OWN = ("META-INF", "Configurations2", "Thumbnails", "Pictures", "ObjectReplacements")
_ODF_ROOT = ("mimetype", "content.xml", "styles.xml", "meta.xml", "settings.xml", "manifest.rdf")


def _kinds(z: zipfile.ZipFile) -> dict[str, str]:
    """Each manifest entry's media type by its path ("Object 1/" -> the spreadsheet type); none from a manifest
    that is missing or not XML."""
    import defusedxml.ElementTree as SafeET

    ns = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
    try:
        with z.open("META-INF/manifest.xml") as f:
            root = SafeET.fromstring(f.read(1 << 20))
    except Exception:  # noqa: BLE001 - no manifest, or a damaged one: the objects' content tells their kind
        return {}
    return {str(e.get(f"{ns}full-path") or ""): str(e.get(f"{ns}media-type") or "")
            for e in root.iter(f"{ns}file-entry")}


def _body_kind(z: zipfile.ZipFile, content: str) -> str:
    """An object's kind from its content.xml when its manifest does not say: the element under office:body."""
    try:
        with z.open(content) as f:
            head = f.read(1 << 20)
    except Exception:  # noqa: BLE001 - a damaged part: a kind not said, so the object is named for staff
        return ""
    found = re.search(rb"<office:body>\s*<office:([a-z]+)", head)
    return f"application/vnd.oasis.opendocument.{found.group(1).decode()}" if found else ""


def _head(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's first eight bytes; none for a part that does not open."""
    try:
        with z.open(info) as f:
            return f.read(8)
    except Exception:  # noqa: BLE001 - damaged, or compressed by a method zipfile lacks
        return b""


def _odf_objects(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> list[_Embedded]:
    """An ODF package's embedded objects: the folders holding a content.xml (LibreOffice's `Object 1/`), and the
    OLE objects at its root (`Obj12345678`, told by their first bytes)."""
    folders: dict[str, list[zipfile.ZipInfo]] = {}
    out: list[_Embedded] = []
    for i in infos:
        top, _, rest = i.filename.partition("/")
        if i.is_dir() or top in _ODF_OWN:
            continue
        if rest:
            folders.setdefault(top, []).append(i)
        elif top not in _ODF_ROOT and i.file_size >= 512 and _head(z, i) in (_OLE, b""):
            out.append(_Embedded(top, (i,)))  # (a part that does not open: named for staff when taken out)
    kinds = _kinds(z) if folders else {}
    for top, parts in folders.items():
        if not any(p.filename == f"{top}/content.xml" for p in parts):
            continue  # not an object (a folder a producer keeps its own data in)
        kind = kinds.get(f"{top}/") or _body_kind(z, f"{top}/content.xml")
        if kind.rsplit(".", 1)[-1] in _ODF_PAGE:
            continue
        out.append(_Embedded(top, tuple(parts), _ODF_DOCUMENTS.get(kind, ".odf"), kind))
    return out


def _rebuilt(obj: _Embedded, data: dict[str, bytes]) -> bytes:
    """An ODF object's folder of parts as the file it is (its parts at the root, its media type in `mimetype`,
    stored first as ODF requires), so the readers take it as they take an .odt or .ods."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(zipfile.ZipInfo("mimetype"), obj.mimetype.encode("ascii", "replace"), zipfile.ZIP_STORED)
        for path, part in data.items():
            out.writestr(path[len(obj.name) + 1:], part)
    return buf.getvalue()


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


def _inflated(z: zipfile.ZipFile, obj: _Embedded, room: int) -> bytes:
    """The object's bytes (an ODF object's folder rebuilt as its file), stopping past `room` whatever the headers
    said."""
    data: dict[str, bytes] = {}
    left = room
    for info in obj.parts:
        with z.open(info) as f:
            data[info.filename] = f.read(left + 1)
        left -= len(data[info.filename])
        if left < 0:
            raise ValueError("larger than its header says")
    return _rebuilt(obj, data) if obj.suffix else data[obj.parts[0].filename]


def carried(att: Attachment, allowance: Allowance) -> Unwrapped:
    """The files the Office file `att` carries, each under its name; nothing when it carries none."""
    out = Unwrapped()
    try:
        z = zipfile.ZipFile(io.BytesIO(att.data))
        parts = _embeddings(z)
    except Exception:  # noqa: BLE001 - the document reader says what is wrong with the file itself
        return out
    for obj in parts[:_MAX_PARTS]:
        base = obj.name
        ratio = allowance.budgets.max_archive_ratio
        size = sum(i.file_size for i in obj.parts)
        packed = sum(i.compress_size for i in obj.parts)
        if size > (1 << 20) and size > ratio * max(packed, 1):
            out.problems.append(allowance.over("max_archive_ratio", f"{att.name}/{base} would inflate "
                                               f"{size // max(packed, 1):,} times"))
            continue
        room = allowance.room()
        if size > room:
            out.problems.append(allowance.over(allowance.bound(room), f"{att.name}/{base} is {size:,} bytes, more "
                                               f"than {room:,} can be read"))
            continue
        if obj.suffix == ".odf":
            out.problems.append(new_problem("unsupported_attachment", f"The object {base} embedded in {att.name} is "
                                            f"of a kind the bot does not read ({obj.mimetype or 'not said'}); a staff "
                                            "member will look at it.", filename=f"{att.name}/{base}"))
            continue
        try:
            data = _inflated(z, obj, room)
            name = base + obj.suffix
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
