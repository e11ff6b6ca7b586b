"""Files a PDF carries: its embedded files (the document's `/EmbeddedFiles`, a PDF portfolio's) and the files of
its file attachment annotations (the paper clip on a page). Parties send "the agreement with its annex" so: the
annex is read as an attachment of the mail would be, under the PDF's name ("Aftale.pdf/Bilag.pdf"), within the
same budgets as an archive's files; what cannot be taken out is named for staff, never dropped unseen.

pypdf finds the files (its objects only: nothing is drawn or run); each file's stream is inflated here, in
pieces, refusing to grow past what the budgets leave, so a bomb stops at the budget with `too_large`."""
from __future__ import annotations

import io
import mimetypes
import zlib
from collections.abc import Iterator
from typing import Any

from ..problems import new_problem
from .base import Allowance, Attachment, Unwrapped, joined

_PIECE = 1 << 20
_MAX_PAGES = 500       # pages whose annotations are looked at
_MAX_NODES = 2000      # name-tree nodes and annotations looked at, all together


def may_carry(data: bytes) -> bool:
    """Could this PDF carry files? An embedded file's stream says `/EmbeddedFile` in the clear (a stream is
    never inside an object stream); an annotation or the name tree may be compressed, so a PDF with object
    streams is looked into too."""
    return data[:1024].lstrip().startswith(b"%PDF") and (
        b"/EmbeddedFile" in data or b"/FileAttachment" in data or b"/ObjStm" in data)


def _name_tree(node: Any, budget: list[int], depth: int = 0) -> Iterator[Any]:
    """The values of a PDF name tree (/Names pairs, /Kids below), within `budget` nodes."""
    if depth > 20 or budget[0] <= 0 or not hasattr(node, "get"):
        return
    budget[0] -= 1
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        for i in range(1, min(len(names), 2 * _MAX_NODES), 2):
            budget[0] -= 1
            if budget[0] <= 0:
                return
            yield names[i].get_object()
    for kid in (node.get("/Kids") or [])[:_MAX_NODES]:
        yield from _name_tree(kid.get_object(), budget, depth + 1)


def _file_specs(reader: Any) -> Iterator[Any]:
    """Every file specification the PDF holds: in the document's /EmbeddedFiles, then on its pages' file
    attachment annotations."""
    budget = [_MAX_NODES]
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    if tree is not None:
        yield from _name_tree(tree.get_object(), budget)
    for n, page in enumerate(reader.pages):
        if n >= _MAX_PAGES or budget[0] <= 0:
            return
        for annot in (page.get("/Annots") or [])[:_MAX_NODES]:
            budget[0] -= 1
            a = annot.get_object()
            if hasattr(a, "get") and a.get("/Subtype") == "/FileAttachment" and a.get("/FS") is not None:
                yield a["/FS"].get_object()


def _inflate(raw: bytes, limit: int) -> bytes | None:
    """A FlateDecode stream's bytes, or None when they pass `limit` (whatever the file says of its size)."""
    d = zlib.decompressobj()
    out = bytearray()
    data = raw
    while data:
        out += d.decompress(data, min(_PIECE, limit + 1 - len(out)) or 1)
        if len(out) > limit:
            return None
        data = d.unconsumed_tail
    return bytes(out)


def _spec_name(spec: Any, n: int) -> str:
    if not hasattr(spec, "get"):
        return f"embedded-{n}"
    for key in ("/UF", "/F"):
        value = spec.get(key)
        if value is not None and str(value).strip():
            return str(value)
    return f"embedded-{n}"


def _open(data: bytes) -> list[Any] | None:
    """The file specifications of a PDF, or None when pypdf cannot open it or it has a password."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None  # the PDF reader names an encrypted PDF
        return [s for s in _file_specs(reader) if hasattr(s, "get") and s.get("/EF") is not None]
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot walk: the PDF reader reports on the PDF itself
        return None


def carries_any(data: bytes) -> bool:
    """Does this PDF carry at least one file?"""
    return may_carry(data) and bool(_open(data))


def carried(att: Attachment, allowance: Allowance) -> Unwrapped:
    """The files `att` (a PDF) carries, each as an attachment under the PDF's name, within the budgets; problems
    name what could not be taken out. Nothing (no files, no problems) when it carries none or pypdf cannot open
    it (the PDF reader then says what is wrong with the PDF itself)."""
    out = Unwrapped()
    specs = _open(att.data) if may_carry(att.data) else None
    if not specs:
        return out
    b = allowance.budgets
    seen: set[int] = set()
    for n, spec in enumerate(specs, start=1):
        name = joined(att.name, _spec_name(spec, n))
        try:
            ef = spec["/EF"].get_object()
            ref = ef.get("/UF") or ef.get("/F")
            if ref is None:
                continue  # a specification naming no file inside the PDF carries nothing
            key = getattr(ref, "idnum", id(ref))
            if key in seen:
                continue  # the same file listed twice (the name tree and an annotation)
            seen.add(key)
            if len(seen) > b.max_archive_entries:
                out.problems.append(allowance.over("max_archive_entries", f"the PDF {att.name} carries more than "
                                                   f"{b.max_archive_entries:,} files"))
                break
            stream = ref.get_object()
            raw = bytes(getattr(stream, "_data", b"") or b"")
            filters = stream.get("/Filter")
            filters = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged specification: named, never dropped
            out.problems.append(new_problem("unsupported_attachment", f"The file {name} carried in the PDF could not "
                                            f"be taken out ({type(exc).__name__}); a staff member will look at it.",
                                            filename=name))
            continue
        room = allowance.room()
        key_hit = allowance.bound(room)
        if filters == ["/FlateDecode"] and stream.get("/DecodeParms") is None:
            data = _inflate(raw, room)
        elif not filters:
            data = raw if len(raw) <= room else None
        else:
            out.problems.append(new_problem("unsupported_attachment", f"The file {name} carried in the PDF is "
                                            f"compressed in a way that is not read ({' '.join(filters)}); a staff "
                                            "member will look at it.", filename=name))
            continue
        if data is None:
            out.problems.append(allowance.over(key_hit, f"{name} (carried in the PDF) inflates to more than {room:,} "
                                               "bytes"))
            continue
        if len(data) > _PIECE and len(data) > b.max_archive_ratio * max(len(raw), 1):
            out.problems.append(allowance.over("max_archive_ratio", f"{name} (carried in the PDF) inflates "
                                               f"{len(data) // max(len(raw), 1):,} times"))
            continue
        allowance.unpacked += len(data)
        subtype = str(stream.get("/Subtype") or "").lstrip("/").replace("#2F", "/")
        ctype = mimetypes.guess_type(name)[0] or (subtype if "/" in subtype else "application/octet-stream")
        out.files.append(Attachment(name, ctype, data))
    return out
