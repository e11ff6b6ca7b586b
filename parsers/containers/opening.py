"""Opening an attachment whatever container it is: which module opens each kind, and the recursion into
what they hold. Apart from base.py (the shapes every format shares), so that the formats import base and
this module imports them, with no circle."""
from __future__ import annotations

from ..problems import new_problem
from .base import Allowance, Attachment, Opener, Unwrapped, container_kind, open_eml


def _openers() -> dict[str, Opener]:
    from . import binhexed, msg, rar, sevenzip, smime, tar, tnef, zip  # noqa: A004 - the module is named for the format

    return {"zip": zip.open_zip, "7z": sevenzip.open_7z, "rar": rar.open_rar, "tnef": tnef.open_tnef,
            "msg": msg.open_msg, "pkcs7": smime.open_signed_file, "eml": open_eml, "tar": tar.open_tar,
            "compressed": tar.open_compressed, "binhex": binhexed.open_binhex}


# an archive is sent to carry files: one giving none is named, never passed over
_ARCHIVES = ("zip", "7z", "rar", "tar", "compressed")


def unwrap(att: Attachment, allowance: Allowance, depth: int = 0) -> Unwrapped:
    """The files inside `att` (itself when it is no container), containers opened to
    `max_archive_depth`; never raises for bad input (MemoryError aside: the parse child reports it)."""
    kind = container_kind(att)
    if kind is None:
        found = carried(att, allowance, depth)
        found.files.insert(0, att)
        return found
    if depth >= allowance.budgets.max_archive_depth:
        return Unwrapped(problems=[allowance.over(
            "max_archive_depth", f"{att.name} is a container nested more than "
            f"{allowance.budgets.max_archive_depth} deep")])
    try:
        opened = _openers()[kind](att, allowance)
    except MemoryError:
        raise
    except Exception as exc:  # a library's surprise on hostile bytes: named, never a crash
        return Unwrapped(problems=[new_problem("unsupported_attachment", f"The attachment {att.name} could not be "
                                           f"opened ({type(exc).__name__}); a member of staff should look at it.",
                                           filename=att.name)])
    if kind in _ARCHIVES and not opened.files and not opened.problems:  # nothing in it, or nothing it says
        opened.problems.append(new_problem("unsupported_attachment", f"The archive {att.name} holds no files the bot "
                                           "could take out; a staff member will look at it.", filename=att.name))
    return _opened(opened, allowance, depth)


def _opened(opened: Unwrapped, allowance: Allowance, depth: int) -> Unwrapped:
    """What a container held, each file unwrapped in turn one level deeper."""
    out = Unwrapped(problems=list(opened.problems), signatures=list(opened.signatures), texts=list(opened.texts))
    for child in opened.files:
        inner = unwrap(child, allowance, depth + 1)
        out.files += inner.files
        out.problems += inner.problems
        out.signatures += inner.signatures
        out.texts += inner.texts
    return out


def carried(att: Attachment, allowance: Allowance, depth: int = 0) -> Unwrapped:
    """The files a PDF carries (its embedded files, its file attachment annotations: `pdf_files`) or an Office file
    (its embedded objects: `office_files`), unwrapped in turn; nothing for a file that carries none. The file itself
    is not among them."""
    from . import office_files, pdf_files

    if office_files.may_carry(att.data):  # a Word, Excel or PowerPoint file with objects embedded in it
        if depth >= allowance.budgets.max_archive_depth:
            return Unwrapped(problems=[allowance.over(
                "max_archive_depth", f"{att.name} is an Office file carrying files, nested more than "
                f"{allowance.budgets.max_archive_depth} deep")])
        return _opened(office_files.carried(att, allowance), allowance, depth)
    if not pdf_files.may_carry(att.data):
        return Unwrapped()
    if depth >= allowance.budgets.max_archive_depth:
        if not pdf_files.carries_any(att.data):
            return Unwrapped()
        return Unwrapped(problems=[allowance.over(
            "max_archive_depth", f"{att.name} is a PDF carrying files, nested more than "
            f"{allowance.budgets.max_archive_depth} deep")])
    return _opened(pdf_files.carried(att, allowance), allowance, depth)
