"""The IP-scope overlap check as an indexed query, and the scope table kept in step with the cases.

The case machine compares a form's networks with those of every other (not rejected) case
(`core.documents.evaluate_form`). Handing it every case's networks meant loading every case for each
decision; instead the shell asks the `case_scopes` index for the networks that overlap the ones being
judged and hands over only those, in the order the full list had (case id, then place in the list), so
the machine's answer is the same.

Two networks (CIDR blocks) overlap exactly when one contains the other. On PostgreSQL that is
`net && :net` on a GiST index (`inet_ops`). On SQLite the ranges are fixed-width hex text (32 digits, so
IPv6's 128-bit numbers compare as text) and `lo <= :hi AND hi >= :lo` is answered by two index searches,
both bounded by what they find: the stored networks inside the candidate (`lo` between its `lo` and
`hi`), and those containing it, whose `lo` is the candidate's first address cut to one of its shorter
prefixes (at most 33 or 129 index lookups).
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypedDict

from sqlalchemy import bindparam, text
from sqlmodel import Session, col, delete, select

from .models import CaseScopeRow

HEX = 32  # digits of the widest address (IPv6, 128 bits)


class ScopeRange(NamedTuple):
    net: str  # the network, host bits cleared ("10.0.0.5/24" -> "10.0.0.0/24")
    family: int
    prefix: int
    lo: str
    hi: str


def scope_range(scope: Any) -> ScopeRange | None:
    """A scope as the case machine reads it (`ip_network(..., strict=False)`), or None when it is no
    network (the machine then finds no overlap with it either)."""
    if not isinstance(scope, str):
        return None
    try:
        net = ipaddress.ip_network(scope, strict=False)
    except (ValueError, TypeError):
        return None
    return ScopeRange(str(net), net.version, net.prefixlen, f"{int(net.network_address):0{HEX}x}",
                      f"{int(net.broadcast_address):0{HEX}x}")


def _supernet_starts(r: ScopeRange) -> list[str]:
    """The first address of every network that contains `r` (one per shorter or equal prefix)."""
    bits = 32 if r.family == 4 else 128
    lo = int(r.lo, 16)
    return [f"{lo & (((1 << p) - 1) << (bits - p)):0{HEX}x}" for p in range(r.prefix + 1)]


def sync_scopes(s: Session, case_id: int, scopes: Sequence[Any]) -> None:
    """Make the case's rows in `case_scopes` say what its `ip_scopes` say (in the caller's transaction)."""
    want = [(pos, str(scope), r) for pos, scope in enumerate(scopes) if (r := scope_range(scope)) is not None]
    have = list(s.exec(select(CaseScopeRow).where(CaseScopeRow.case_id == case_id).order_by(col(CaseScopeRow.pos))))
    if [(row.pos, row.scope) for row in have] == [(pos, scope) for pos, scope, _ in want]:
        return
    s.exec(delete(CaseScopeRow).where(col(CaseScopeRow.case_id) == case_id))
    for pos, scope, r in want:
        s.add(CaseScopeRow(case_id=case_id, pos=pos, scope=scope, net=r.net, family=r.family, lo=r.lo, hi=r.hi))
    s.flush()


class ScopeRowValues(TypedDict):
    """One `case_scopes` row's columns, as a bulk insert takes them."""

    case_id: int
    pos: int
    scope: str
    net: str
    family: int
    lo: str
    hi: str


def scope_rows(case_id: int, scopes: Sequence[Any]) -> list[ScopeRowValues]:
    """The rows for one case, for bulk inserts (the migration's backfill, the benches' seeding)."""
    return [{"case_id": case_id, "pos": pos, "scope": str(scope), "net": r.net, "family": r.family, "lo": r.lo,
             "hi": r.hi} for pos, scope in enumerate(scopes) if (r := scope_range(scope)) is not None]


_PG = text("""
SELECT s.case_id, s.pos, s.scope, c.ref FROM case_scopes s JOIN cases c ON c.id = s.case_id
WHERE s.net && CAST(:net AS cidr) AND s.case_id <> :me AND c.state <> 'rejected'
""")

_SQLITE = text("""
SELECT s.case_id, s.pos, s.scope, c.ref FROM case_scopes s JOIN cases c ON c.id = s.case_id
WHERE s.id IN (
    SELECT id FROM case_scopes WHERE family = :family AND lo >= :lo AND lo <= :hi
    UNION
    SELECT id FROM case_scopes WHERE family = :family AND lo IN :starts AND hi >= :hi
) AND s.lo <= :hi AND s.hi >= :lo AND s.case_id <> :me AND c.state <> 'rejected'
""").bindparams(bindparam("starts", expanding=True))


def overlapping_scopes(s: Session, scopes: Iterable[Any], exclude_case: int | None) -> tuple[tuple[str, str], ...]:
    """(case reference, scope) of every other case's network that overlaps one of `scopes`, rejected
    cases left out, in case id and list order: what `evaluate_form` needs, from the index alone."""
    me = exclude_case if exclude_case is not None else -1
    found: dict[tuple[int, int], tuple[str, str]] = {}
    postgres = s.get_bind().dialect.name == "postgresql"
    for r in {r for scope in scopes if (r := scope_range(scope)) is not None}:
        if postgres:
            rows = s.execute(_PG, {"net": r.net, "me": me})
        else:
            rows = s.execute(_SQLITE, {"family": r.family, "lo": r.lo, "hi": r.hi, "starts": _supernet_starts(r),
                                       "me": me})
        for case_id, pos, scope, ref in rows:
            found[(case_id, pos)] = (ref, scope)
    return tuple(found[k] for k in sorted(found))
