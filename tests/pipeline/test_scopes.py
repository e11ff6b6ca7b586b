"""The indexed IP-scope overlap check gives exactly today's answer (every other case's networks, compared
one by one with `ipaddress`), on SQLite and on the real PostgreSQL, kept in step on every write."""
from __future__ import annotations

import ipaddress
import random
from dataclasses import replace
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text
from sqlmodel import Session, col, select

from mailbot.core.documents import _overlaps
from mailbot.core.machine import decide
from mailbot.core.states import State
from mailbot.decisions import decide_with_scopes, settings
from mailbot.store.cases import load_case, new_case, save_case
from mailbot.store.db import alembic_config, make_engine
from mailbot.store.models import CaseRow, CaseScopeRow
from mailbot.store.scopes import overlapping_scopes, scope_range, scope_rows
from tests.core.helpers import form, party_mail

from .conftest import Bot

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
STATES = [State.INQUIRY, State.AWAITING_INFORMATION_FORM, State.CLARIFICATION, State.SENT_TO_TDC, State.CONNECTED,
          State.REJECTED]


def random_scope(rnd: random.Random, wide: bool = True) -> str:
    """Networks packed into small spaces so that nesting and overlap are common; some are no network.
    Without `wide`, no short prefixes and no catch-alls (so that most forms overlap nothing)."""
    kind = rnd.random() if wide else rnd.random() * 0.9
    if kind < 0.55:
        addr = ipaddress.IPv4Address(0x0A000000 + rnd.randrange(1 << (20 if wide else 17)))  # in 10.0.0.0/12
        net = f"{addr}/{rnd.choice([8, 12, 14, 16, 20, 22, 24, 26, 28, 30, 32] if wide else [22, 24, 26, 28, 32])}"
        return net if rnd.random() < 0.2 else str(ipaddress.ip_network(net, strict=False))  # host bits set
    if kind < 0.9:
        addr = ipaddress.IPv6Address((0x20010DB8 << 96) + (rnd.randrange(1 << 24) << 80) + rnd.randrange(1 << 16))
        prefixes = [29, 32, 40, 48, 56, 64, 96, 112, 128] if wide else [64, 96, 112, 128]
        return str(ipaddress.ip_network(f"{addr}/{rnd.choice(prefixes)}", strict=False))
    return rnd.choice(["0.0.0.0/0", "::/0", "10.1.2.300/24", "not a network", "", "192.168.1.0/24",
                       "fe80::/10", "10.0.0.1", "2001:db8::1"])


def every_other_scope(s: Session, case_id: int | None) -> tuple[tuple[str, str], ...]:
    """The check as it was: load every case, keep the others' networks unless the case was rejected."""
    out: list[tuple[str, str]] = []
    for row in s.exec(select(CaseRow).where(CaseRow.id != case_id).order_by(col(CaseRow.id))):
        if row.state == "rejected":
            continue
        out += [(row.ref, scope) for scope in (row.data or {}).get("ip_scopes") or []]
    return tuple(out)


def expected(s: Session, candidates: list[str], me: int | None) -> tuple[tuple[str, str], ...]:
    return tuple(o for o in every_other_scope(s, me) if any(_overlaps(c, o[1]) for c in candidates))


def seed(s: Session, rnd: random.Random, n: int, wide: bool = True) -> list[int]:
    ids = []
    for _ in range(n):
        row, case = new_case(s, NOW, "SDN")
        save_case(s, row, case.with_(state=rnd.choice(STATES),
                                     ip_scopes=tuple(random_scope(rnd, wide) for _ in range(rnd.randrange(4)))))
        assert row.id is not None
        ids.append(row.id)
    return ids


def test_indexed_overlap_gives_the_answer_of_comparing_every_case(db_url: str) -> None:
    rnd = random.Random(16)
    engine = make_engine(db_url)
    from mailbot.store.db import migrate

    migrate(engine)
    with Session(engine) as s:
        ids = seed(s, rnd, 250)
        s.commit()
        for _round in range(2):
            hits = 0
            for _ in range(300):
                candidates = [random_scope(rnd) for _ in range(rnd.choice([1, 1, 2, 3]))]
                me = rnd.choice([*ids, None])
                want = expected(s, candidates, me)
                assert overlapping_scopes(s, candidates, me) == want, (candidates, me)
                hits += bool(want)
            assert hits > 50  # the generator really produces overlaps (and non-overlaps) to compare
            # every write keeps the index in step: new scopes, scopes removed, a case rejected or reopened
            for case_id in rnd.sample(ids, 80):
                row, case = load_case(s, case_id)
                save_case(s, row, case.with_(state=rnd.choice(STATES), ip_scopes=tuple(
                    random_scope(rnd) for _ in range(rnd.randrange(4)))))
            s.commit()
        # the table says exactly what the cases say
        for case_id in ids:
            row, case = load_case(s, case_id)
            stored = [(r.pos, r.scope) for r in s.exec(select(CaseScopeRow).where(CaseScopeRow.case_id == case_id)
                                                       .order_by(col(CaseScopeRow.pos)))]
            assert stored == [(r["pos"], r["scope"]) for r in scope_rows(case_id, list(case.ip_scopes))]


def test_scope_ranges_compare_as_the_addresses_do() -> None:
    rnd = random.Random(4)
    for _ in range(2000):
        a, b = random_scope(rnd), random_scope(rnd)
        ra, rb = scope_range(a), scope_range(b)
        if ra is None or rb is None:
            assert not _overlaps(a, b)
            continue
        assert (ra.family == rb.family and ra.lo <= rb.hi and ra.hi >= rb.lo) == _overlaps(a, b)
    assert scope_range("10.0.0.5/24") == ("10.0.0.0/24", 4, 24, f"{0x0A000000:032x}", f"{0x0A0000FF:032x}")
    assert scope_range(["10.0.0.0/8"]) is None and scope_range("10.1.2.300/24") is None


def test_decision_with_indexed_scopes_equals_the_decision_with_every_case(bot: Bot) -> None:
    rnd = random.Random(7)
    with Session(bot.app.engine) as s:
        seed(s, rnd, 120, wide=False)
        s.commit()
        clarified = 0
        for _ in range(60):
            row, case = new_case(s, NOW, "SDN")
            save_case(s, row, case.with_(state=State.AWAITING_INFORMATION_FORM))
            row, case = load_case(s, row.id or 0)
            event = party_mail(form(scopes=[random_scope(rnd, wide=rnd.random() < 0.1)
                                            for _ in range(rnd.choice([1, 2]))]))
            want = decide(case, replace(event, other_scopes=every_other_scope(s, row.id)), NOW, settings(bot.cfg))
            got = decide_with_scopes(s, bot.cfg, NOW, row.id, case, event)
            assert got == want
            clarified += got.case.state == State.CLARIFICATION
            s.rollback()
        assert 5 < clarified < 60  # both outcomes were compared


def test_migration_backfills_existing_cases(db_url: str) -> None:
    engine = make_engine(db_url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    data = {1: ["10.42.0.0/24", "10.42.8.0/22", "nonsense"], 2: [], 3: ["2001:db8::/32"], 4: ["10.42.0.0/16"]}
    with engine.begin() as conn:
        for case_id, scopes in data.items():
            conn.execute(text("INSERT INTO cases (id, ref, state, language, needs_attention, on_hold, data) VALUES "
                              "(:id, :ref, 'sent_to_tdc', 'da', false, false, :data)"),
                         {"id": case_id, "ref": f"SDN-2026-{case_id:04d}",
                          "data": '{"ip_scopes": ' + str(scopes).replace("'", '"') + "}"})
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with Session(engine) as s:
        stored = [(r.case_id, r.pos, r.scope) for r in s.exec(select(CaseScopeRow).order_by(
            col(CaseScopeRow.case_id), col(CaseScopeRow.pos)))]
        assert stored == [(1, 0, "10.42.0.0/24"), (1, 1, "10.42.8.0/22"), (3, 0, "2001:db8::/32"),
                          (4, 0, "10.42.0.0/16")]
        assert overlapping_scopes(s, ["10.42.9.0/24"], 4) == (("SDN-2026-0001", "10.42.8.0/22"),)
        assert overlapping_scopes(s, ["10.42.9.0/24"], None) == (("SDN-2026-0001", "10.42.8.0/22"),
                                                                 ("SDN-2026-0004", "10.42.0.0/16"))
        assert overlapping_scopes(s, ["2001:db8:1::/48", "192.0.2.0/24"], None) == (("SDN-2026-0003", "2001:db8::/32"),)
