"""Which way an e-mail address broken at a line's end reads (issue 22: a confident wrong address reaches TDC).

A typesetter breaks a long address in its domain and the page cannot tell whether a hyphen stood there:
Chromium breaks after the address's own hyphen and prints none ("pernille@boegeskov" / "sundhed.example"),
LibreOffice and groff hyphenate a word of it and print theirs ("pernille@boegeskov-" / "sundhed.example" for
"boegeskovsundhed"). The reader reads the address both ways (`ways`, the first as joined); an address seen
whole elsewhere tells which: the way whose domain another whole address has. The reader asks with the form's
own addresses printed on one line; the case machine asks again with the addresses the party's own mails came
from. Where none tells, or both, nothing is decided: the address is `uncertain`, for staff.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence


def domain_name(address: str) -> str:
    """The domain without its last part ("aalund-sundhed" of "x@aalund-sundhed.example"): where a hyphen may
    stand or not (a top-level domain holds none), the same whether that last part was cut or not."""
    domain = address.rsplit("@", 1)[-1].lower().rstrip(".,;:)")  # a list's comma after it is none of it
    return domain.rsplit(".", 1)[0]


def names(addresses: Iterable[str]) -> frozenset[str]:
    """The domains' names of addresses seen whole: what `told` decides by."""
    return frozenset(domain_name(a) for a in addresses if "@" in a)


def told(ways: Sequence[str], known: Collection[str]) -> str | None:
    """The way an address broken at a line's end reads, told by `known` (the `domain_name`s of addresses
    seen whole): the one way whose domain's name is known; None where none is, or more than one (both
    domains seen whole: which one this address has is still unknown)."""
    found = {way for way in ways if domain_name(way) in known}
    return found.pop() if len(found) == 1 else None
