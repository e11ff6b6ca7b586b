"""A database full of history, written directly with bulk inserts (no pipeline): cases with contacts,
IP scopes and timelines, a ledger of processed mail and an outbox of sent mail.

Used by tests/pipeline/test_query_plans.py (a few thousand rows) and bench/scale.py (100,000 cases,
1,000,000 ledger rows). The big tables are generated inside the database (`generate_series` on
PostgreSQL, a recursive CTE on SQLite), so a million rows take seconds, not minutes.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, insert, text
from sqlalchemy.engine import Engine

from mailbot.store.models import CaseRow, CaseScopeRow, ContactRow, UTCDateTime
from mailbot.store.scopes import scope_rows

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # long before the mails the tests and benches send
STATES = ["inquiry", "awaiting_agreements", "awaiting_steering_group", "awaiting_information_form",
          "clarification", "sent_to_tdc", "installation_scheduled", "connected", "rejected"]


def case_scope(i: int) -> str:
    """A distinct /24 per case, in 10.0.0.0/8 and then 172.16.0.0/12 (the bot's own tests use 10.42.x)."""
    i += 1000 if i >= 42 * 256 else 0  # keep clear of 10.42.0.0/16
    if i < 65536:
        return f"10.{i // 256}.{i % 256}.0/24"
    i -= 65536
    return f"172.{16 + (i // 65536) % 16}.{(i // 256) % 256}.{i % 256}/32"


def seed(engine: Engine, cases: int, ledger: int, *, outbox: int | None = None, timeline_per_case: int = 3) -> None:
    outbox = ledger if outbox is None else outbox
    pg = engine.dialect.name == "postgresql"
    t0 = bindparam("t0", T0, type_=UTCDateTime())

    def series(n: int, select: str) -> str:
        if pg:
            return f"{select} FROM generate_series(1, {n}) AS g(i)"
        return f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n}) {select} FROM g"

    def j(expr: str) -> str:
        return f"CAST({expr} AS json)" if pg else expr

    blob = "convert_to('x', 'UTF8')" if pg else "CAST('x' AS BLOB)"
    with engine.begin() as conn:
        for start in range(0, cases, 5000):
            ids = range(start + 1, min(cases, start + 5000) + 1)
            conn.execute(insert(CaseRow), [{
                "id": i, "ref": f"SDN-2025-{i:06d}", "state": STATES[i % len(STATES)], "organisation": f"Kommune {i}",
                "cvr": f"{10000000 + i}", "party_type": "municipality", "language": "da", "domain": f"k{i}.example",
                "needs_attention": i % 17 == 0, "on_hold": False,
                "data": {"ip_scopes": [case_scope(i)], "primary_email": f"kontakt{i}@k{i}.example"},
                "created_at": T0, "updated_at": T0} for i in ids])
            conn.execute(insert(ContactRow), [{"case_id": i, "email": f"kontakt{i}@k{i}.example",
                                               "name": f"Kontakt {i}", "role": "sender"} for i in ids])
            conn.execute(insert(CaseScopeRow), [r for i in ids for r in scope_rows(i, [case_scope(i)])])
        # the ledger: processed, filed mail, each of some case
        conn.execute(text(series(ledger, f"""
            INSERT INTO inbound (id, sha256, source_key, message_id, size, raw, status, outcome, filed, sender,
                                 subject, case_id, attempts, received_at, updated_at)
            SELECT i, 'seed' || CAST(i AS TEXT), 'seed:' || CAST(i AS TEXT),
                   '<seed' || CAST(i AS TEXT) || '@k.example>',
                   1, {blob}, 'done', 'processed', TRUE, 'kontakt' || CAST(i % {cases} + 1 AS TEXT) || '@k.example',
                   'Tilslutning', i % {cases} + 1, 0, :t0, :t0""")).bindparams(t0))
        who = f"CAST(i % {cases} + 1 AS TEXT)"
        to = j("'[\"kontakt' || " + who + " || '@k' || " + who + " || '.example\"]'")
        empty, obj = j("'[]'"), j("'{}'")
        conn.execute(text(series(outbox, f"""
            INSERT INTO outbound (message_id, case_id, step, role, language, to_addrs, cc_addrs, "references",
                                  attachments, context, status, subject, raw, attempts, created_at, sent_at,
                                  next_attempt_at)
            SELECT '<SDN-2025-' || {who} || '.seed' || CAST(i AS TEXT) || '@medcom.example>',
                   i % {cases} + 1, 'starter_pack', 'party', 'da', {to}, {empty}, {empty}, {empty}, {obj}, 'sent',
                   'Tilslutning til SDN', {blob}, 1, :t0, :t0, :t0""")).bindparams(t0))
        conn.execute(text(series(cases * timeline_per_case, f"""
            INSERT INTO timeline (case_id, at, kind, text, actor, detail)
            SELECT i % {cases} + 1, :t0, 'state', 'seeded', 'system', {obj}""")).bindparams(t0))
        if pg:  # the sequences behind the ids we wrote ourselves
            for table in ("cases", "inbound"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    if pg:  # vacuumed, analysed and checkpointed now, so that neither an autovacuum of a million new rows nor
        # the writing out of their dirty buffers falls into a measurement
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
