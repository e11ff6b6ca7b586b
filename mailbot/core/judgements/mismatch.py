"""Do the party's documents disagree on who the party is? Decided here once for the reader and the machine.

Three places ask, with one rule: the agreements of one mail must name one organisation and CVR (the reader
flags those that differ from the rest: `in_one_mail`), an agreement must carry the CVR of those accepted
before it, and the information form that of the agreements (`other_cvr`). The problem is `mismatch`: a value
that was read and differs, certain unless the reading itself is in doubt (certainty.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from stdnum.dk import cvr as dk_cvr

from ..vocabulary import ProblemCode
from . import Problem, problem


def norm_org(name: str | None) -> str:
    """An organisation's name as compared: case, spaces, dots and commas do not make another name."""
    return re.sub(r"[\s.,]+", " ", (name or "")).strip().casefold()


def in_one_mail(parties: Sequence[Mapping[str, Any]]) -> list[bool]:
    """For each agreement of one mail (its fields), whether it names another party than the rest: the
    (CVR, organisation) most of them name is the party's; when no one pair is most named, every one differs.
    A CVR that fails the modulus-11 check names nobody (a typo: that agreement's `invalid_cvr` says so), so
    it neither outvotes the valid CVR beside it nor makes that agreement differ."""
    keys = [(_checked(p.get("cvr")), norm_org(p.get("organisation"))) for p in parties]
    if len({k[0] for k in keys if k[0]}) <= 1 and len({k[1] for k in keys if k[1]}) <= 1:
        return [False] * len(keys)
    counts: dict[tuple[Any, str], int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    best = max(counts.values())
    majority = [k for k, c in counts.items() if c == best]
    return [len(majority) > 1 or k != majority[0] for k in keys]


def _checked(cvr: Any) -> Any:
    """The CVR as compared: one that fails the modulus-11 check is no party's."""
    return cvr if not isinstance(cvr, str) or dk_cvr.is_valid(cvr) else None


def in_one_mail_problem(fields: Mapping[str, Any], parties: Sequence[Mapping[str, Any]]) -> Problem:
    """The `mismatch` of an agreement that names another party than the rest of its mail. Two CVR numbers are
    a fact; two readings of a name with no CVR between them to tell may be the reader's (a name cut at a wrap,
    a letter mis-decoded): that one is `disagree`, so a person looks before the party is told (certainty.py)."""
    names_only = len({_checked(p.get("cvr")) for p in parties if _checked(p.get("cvr"))}) <= 1
    return problem(ProblemCode.MISMATCH.value, "The organisation or CVR number differs between the agreements in "
                   f"this mail ({fields.get('organisation')}, CVR {fields.get('cvr')}).",
                   field="organisation" if names_only else "cvr", **({"evidence": "disagree"} if names_only else {}))


def other_cvr(cvr: str | None, known: Iterable[str | None]) -> str | None:
    """The first CVR already known that differs from `cvr`; None when they agree or one is not known."""
    if not cvr:
        return None
    return next((k for k in known if k and k != cvr), None)


def cvr_problem(cvr: str, other: str, *, form: bool, **where: Any) -> Problem:
    """The `mismatch` of a document's CVR against the one known: the form's against the agreements', or an
    agreement's against another agreement's."""
    said = (f"the form's CVR {cvr} differs from the agreements' CVR {other}" if form
            else f"CVR {cvr} differs from CVR {other} in another agreement")
    return problem(ProblemCode.MISMATCH.value, said, field="cvr", **where)
