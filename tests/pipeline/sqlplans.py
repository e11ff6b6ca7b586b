"""The SQL a piece of work issues, and whether any of it reads a whole big table (EXPLAIN).

Shared by tests/pipeline/test_query_plans.py (a modest database, in the suite) and bench/scale.py (the
audit at 100,000 cases and 1,000,000 ledger rows).

- SQLite: `EXPLAIN QUERY PLAN`; a `SCAN` of a big table (with or without an index: a full index scan
  reads it all as well) is a full scan, a `SEARCH` is not.
- PostgreSQL: `EXPLAIN (FORMAT JSON)` with `enable_seqscan = off`, so that the plan says whether an index
  *can* answer (on a small table the planner rightly prefers reading it whole): a `Seq Scan` of a big table,
  or an index scan with no index condition (the whole index, for its order), is a full scan.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

BIG_TABLES = frozenset({"cases", "inbound", "outbound", "timeline", "contacts", "case_scopes"})
_SKIP = re.compile(r"pg_advisory|pg_try_advisory|^\s*SELECT 1\s*$|alembic_version|pg_catalog|sqlite_master|"
                   r"^\s*(PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW)", re.I)


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Any


@dataclass(frozen=True)
class Plan:
    sql: str
    lines: tuple[str, ...]
    full_scans: tuple[str, ...]  # the big tables read whole


@contextmanager
def captured(engine: Engine) -> Iterator[list[Statement]]:
    """Every statement sent to the database meanwhile (SQLAlchemy's before_cursor_execute)."""
    out: list[Statement] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if not executemany:
            out.append(Statement(statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield out
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _explainable(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("SELECT", "UPDATE", "DELETE", "WITH") and not _SKIP.search(sql)


def distinct(statements: list[Statement]) -> list[Statement]:
    """One of each statement text (the first parameters seen)."""
    seen: dict[str, Statement] = {}
    for st in statements:
        if _explainable(st.sql):
            seen.setdefault(st.sql, st)
    return list(seen.values())


def _aliases(sql: str) -> dict[str, str]:
    names = {t: t for t in BIG_TABLES}
    for table, alias in re.findall(r"\b(" + "|".join(BIG_TABLES) + r")\s+(?:AS\s+)?([a-z_][a-z0-9_]*)", sql, re.I):
        names.setdefault(alias.lower(), table.lower())
    return names


def plans(engine: Engine, statements: list[Statement]) -> list[Plan]:
    out = []
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        postgres = engine.dialect.name == "postgresql"
        if postgres:
            cur.execute("SET enable_seqscan = off")
        for st in distinct(statements):
            if postgres:
                cur.execute("EXPLAIN (FORMAT JSON) " + st.sql, st.params)
                tree = cur.fetchone()[0]
                tree = json.loads(tree) if isinstance(tree, str) else tree
                lines: list[str] = []
                scans: list[str] = []
                _walk(tree[0]["Plan"], lines, scans, 0)
            else:
                cur.execute("EXPLAIN QUERY PLAN " + st.sql, st.params or ())
                lines = [str(r[3]) for r in cur.fetchall()]
                names = _aliases(st.sql)
                scans = [names[m.group(1).lower()] for line in lines
                         if (m := re.match(r"SCAN (\w+)", line)) and m.group(1).lower() in names]
            out.append(Plan(st.sql, tuple(lines), tuple(scans)))
        raw.rollback()
    finally:
        raw.close()
    return out


def _walk(node: dict[str, Any], lines: list[str], scans: list[str], depth: int) -> None:
    kind = node.get("Node Type", "")
    rel = node.get("Relation Name")
    cond = node.get("Index Cond") or node.get("Recheck Cond") or ""
    lines.append("  " * depth + f"{kind}" + (f" on {rel}" if rel else "") +
                 (f" using {node['Index Name']}" if node.get("Index Name") else "") + (f" ({cond})" if cond else ""))
    if rel in BIG_TABLES and (kind == "Seq Scan" or (kind in ("Index Scan", "Index Only Scan") and not cond)):
        scans.append(rel)
    for child in node.get("Plans") or []:
        _walk(child, lines, scans, depth + 1)


def report(found: list[Plan], *, only_scans: bool = False) -> str:
    parts = []
    for p in found:
        if only_scans and not p.full_scans:
            continue
        sql = " ".join(p.sql.split())
        parts.append(("FULL SCAN of " + ", ".join(p.full_scans) + ": " if p.full_scans else "") + sql[:400]
                     + "\n    " + "\n    ".join(p.lines))
    return "\n".join(parts)
