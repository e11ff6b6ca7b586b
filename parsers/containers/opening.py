"""Opening an attachment whatever container it is: which module opens each kind, and the recursion into
what they hold. Apart from base.py (the shapes every format shares), so that the formats import base and
this module imports them, with no circle."""
from __future__ import annotations

from ..problems import new_problem
from .base import Allowance, Attachment, Opener, Unwrapped, container_kind, open_eml


def _openers() -> dict[str, Opener]:
    from . import msg, sevenzip, smime, tnef, zip  # noqa: A004 - the module is named for the format

    return {"zip": zip.open_zip, "7z": sevenzip.open_7z, "tnef": tnef.open_tnef, "msg": msg.open_msg,
            "pkcs7": smime.open_signed_file, "eml": open_eml}


def unwrap(att: Attachment, allowance: Allowance, depth: int = 0) -> Unwrapped:
    """The files inside `att` (itself when it is no container), containers opened to
    `max_archive_depth`; never raises for bad input (MemoryError aside: the parse child reports it)."""
    kind = container_kind(att)
    if kind is None:
        return Unwrapped(files=[att])
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
    out = Unwrapped(problems=list(opened.problems), signatures=list(opened.signatures), texts=list(opened.texts))
    for child in opened.files:
        inner = unwrap(child, allowance, depth + 1)
        out.files += inner.files
        out.problems += inner.problems
        out.signatures += inner.signatures
        out.texts += inner.texts
    return out
