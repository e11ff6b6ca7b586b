"""`make bench`, part two: does the cost of a mail stay flat as cases grow, and what does the bot cost
beside a neighbour? Prints ratios and budgets, never fails anything.

    .venv/bin/python bench/scale.py     (BENCH_CASES=100,10000 for a quick look; BENCH_ONLY=cost,audit,backlog;
                                         BENCH_DBS=sqlite or postgresql)

- cost: route + decide per mail at 100, 10,000 and 100,000 cases, on SQLite and on a throwaway PostgreSQL
  15 (tests/servers), each database seeded directly (tests/pipeline/seed.py: contacts, IP scopes, ten
  ledger rows and ten sent mails per case). 40 mails already read (half information forms from a case's
  contact, half new inquiries) are routed and decided by the real stages; one warm-up round, then the median
  of four, as a ratio to the 100-case figure; goal <= 1.3. Every form goes to a case of its own (set to
  wait for its form) with an IP scope of its own, so each size does the same work.
- audit: at 100,000 cases and 1,000,000 ledger rows, every statement the whole pipeline issues for a
  case's three mails (inquiry, agreements, form: fetch, parse, route, decide, render, send, file) is
  explained (tests/pipeline/sqlplans.py); goal: no full scan of a big table.
- backlog: bench/run.py's 1,000-mail backlog (bot / bare baseline, same run), quiet and with a busy-loop
  child process beside both (a neighbour on the two cores); goals <= 0.8 and <= 1.0.
"""
from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402
from sqlmodel import col  # noqa: E402

from mailbot.clock import parse_now  # noqa: E402
from mailbot.pipeline.context import StageContext  # noqa: E402
from mailbot.pipeline.decide import DecideStage  # noqa: E402
from mailbot.pipeline.route import RouteStage  # noqa: E402
from mailbot.store.models import CaseRow, InboundRow  # noqa: E402
from tests.pipeline import mails  # noqa: E402
from tests.pipeline.conftest import Bot  # noqa: E402
from tests.pipeline.seed import seed  # noqa: E402
from tests.pipeline.sqlplans import captured, plans, report  # noqa: E402

SIZES = [int(x) for x in os.environ.get("BENCH_CASES", "100,10000,100000").split(",") if x.strip()]
DBS = [x.strip() for x in os.environ.get("BENCH_DBS", "sqlite,postgresql").split(",") if x.strip()]
ONLY = {s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()}
LEDGER_PER_CASE = 10
MAILS = 40
ROUNDS = 4  # counted, after one warm-up round; 5 x 20 forms go to 100 distinct cases even at 100 cases


@contextmanager
def database(kind: str, pg: Any) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new database on the bench's PostgreSQL cluster."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="scale-sqlite-"))
        try:
            yield f"sqlite:///{folder / 'bot.db'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(pg.url)
    name = f"scale_{secrets.token_hex(4)}"
    conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def readings() -> tuple[dict[str, Any], dict[str, Any]]:
    """What the parse stage makes of an information form and of an inquiry (read once, for real)."""
    import parsers

    return parsers.read_mail(mails.form("SDN-2025-000003")).as_json(), parsers.read_mail(mails.inquiry()).as_json()


def form_cases(n_cases: int, round_: int) -> list[int]:
    """The cases whose contacts send a form in this round: a different case for every form of every round,
    so that each size does the same work (at 100 cases only 11 wait for a form; a second form to one of
    them would take a cheaper path than a first)."""
    forms = MAILS // 2
    return [(round_ * forms + j) % n_cases + 1 for j in range(forms)]


def parsed_rows(n_cases: int, round_: int, form: dict[str, Any], inquiry: dict[str, Any]) -> list[dict[str, Any]]:
    """MAILS ledger rows in status `parsed`: forms from the contacts of cases that wait for one (each with
    its own new IP scope, so every form is accepted), and inquiries from new senders. Each round takes other
    cases and senders."""
    rows = []
    targets = iter(form_cases(n_cases, round_))
    for k in range(MAILS):
        if k % 2 == 0:
            i = next(targets)
            ref, sender = f"SDN-2025-{i:06d}", f"kontakt{i}@k{i}.example"
            reading = copy.deepcopy(form)
            msg = reading["message"]
            msg.update({"from": sender, "subject": f"SV: [{ref}] Informationsskema", "case_ref": ref,
                        "subject_ref": ref, "in_reply_to": None, "references": []})
            for doc in reading.get("documents") or []:
                fields = doc.setdefault("fields", {})
                fields["cvr"] = f"{10000000 + i}"
                if fields.get("ip_scopes"):  # 100.64.0.0/10: clear of the seeded scopes and of each other
                    fields["ip_scopes"] = [f"100.{64 + round_}.{k}.0/24"]
        else:
            sender = f"ny{round_}x{k}@nyby{round_}x{k}.example"
            reading = copy.deepcopy(inquiry)
            reading["message"].update({"from": sender, "cvrs": [f"{30000000 + round_ * MAILS + k}"]})  # a new party
        rows.append({"sha256": f"bench{round_}x{k}", "source_key": f"bench:{round_}:{k}", "size": 1, "raw": b"x",
                     "status": "parsed", "filed": False, "sender": sender, "subject": reading["message"].get("subject"),
                     "reading": reading, "attempts": 0})
    return rows


def server_cpu(pg: Any, database: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends serving this database (0 for SQLite: it runs in
    ours); not the cluster's own workers (autovacuum, checkpointer), whose timing is theirs."""
    if pg is None:
        return 0.0
    import psutil

    total = 0.0
    for p in psutil.process_iter(["cmdline"]):
        try:
            if f" {database} " in " ".join(p.info["cmdline"] or []) + " ":
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            continue
    return total


def cost_round(bot: Bot, n_cases: int, round_: int, form: dict[str, Any], inquiry: dict[str, Any],
               pg: Any = None) -> tuple[float, float, float]:
    """One round of MAILS mails through route + decide: seconds per mail of wall clock, of this process's CPU
    and of the database server's (the backends serving this database; 0 for SQLite, which runs in ours)."""
    ctx = StageContext(bot.cfg, bot.app.engine, parse_now("2026-11-16T09:15:00+01:00"))
    database = bot.app.engine.url.database or ""
    with bot.app.engine.begin() as conn:
        conn.execute(update(CaseRow).where(col(CaseRow.id).in_(form_cases(n_cases, round_)))
                     .values(state="awaiting_information_form"))
        conn.execute(insert(InboundRow), parsed_rows(n_cases, round_, form, inquiry))
    t0, c0, s0 = time.perf_counter(), time.process_time(), server_cpu(pg, database)
    routed = RouteStage().run(ctx)
    decided = DecideStage().run(ctx)
    assert routed == decided == MAILS, (routed, decided)
    return ((time.perf_counter() - t0) / MAILS, (time.process_time() - c0) / MAILS,
            (server_cpu(pg, database) - s0) / MAILS)


def old_check_seconds(bot: Bot) -> float:
    """How long the check as it was took once: every case loaded for its networks (before case_scopes)."""
    from sqlmodel import Session, select

    t0 = time.perf_counter()
    with Session(bot.app.engine) as s:
        out: list[tuple[str, str]] = []
        for row in s.exec(select(CaseRow).where(CaseRow.id != -1)):
            if row.state != "rejected":
                out += [(row.ref, scope) for scope in (row.data or {}).get("ip_scopes") or []]
    return time.perf_counter() - t0


def audit(bot: Bot) -> list[Any]:
    """The whole pipeline for a new case's three mails, every statement explained."""
    runner = bot.app.runner()
    with captured(bot.app.engine) as statements:
        bot.deliver(mails.inquiry(sender=("Audit", "audit@revision.example")))
        runner.cycle(parse_now("2026-11-02T09:15:00+01:00"), timed=False)
        ref = next(m for m in bot.new_mail() if m["X-SDN-Step"] == "starter_pack")["X-SDN-Case"]
        bot.deliver(mails.agreements(ref, sender=("Audit", "audit@revision.example")))
        runner.cycle(parse_now("2026-11-09T09:15:00+01:00"), timed=False)
        bot.deliver(mails.form(ref, sender=("Audit", "audit@revision.example")))
        runner.cycle(parse_now("2026-11-16T09:15:00+01:00"), timed=False)
    return plans(bot.app.engine, statements)


def serve(kind: str, n: int, url: str, pg_url: str | None) -> None:
    """A child process holding one seeded database: `round K` runs a cost round and answers its figures,
    `finish` runs the old check and the audit and answers the table's rows. One JSON line per answer."""
    form, inquiry = readings()
    b = run.Bench(Path(tempfile.gettempdir()), None, None)  # type: ignore[arg-type]
    pg = type("PG", (), {"url": pg_url})() if pg_url else None
    work = Path(tempfile.mkdtemp(prefix=f"scale-{kind}-{n}-"))
    bot = Bot(work, url)
    t0 = time.perf_counter()
    seed(bot.app.engine, cases=n, ledger=n * LEDGER_PER_CASE)
    answer({"seeded": time.perf_counter() - t0})
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "round":
            answer({"round": cost_round(bot, n, int(arg), form, inquiry, pg)})
            continue
        if not ONLY or "cost" in ONLY:
            old = old_check_seconds(bot)
            b.add(f"{kind}: the old overlap check (load every case) at {n} cases, once",
                  f"{old * 1000:.1f} ms (per form decided, before case_scopes)")
        if (not ONLY or "audit" in ONLY) and n == max(SIZES):
            found = audit(bot)
            scans = [p for p in found if p.full_scans]
            (work.parent / f"scale-audit-{kind}.txt").write_text(report(found))
            b.add(f"{kind}: EXPLAIN of {len(found)} statements, {n} cases / {n * LEDGER_PER_CASE} "
                  "ledger rows", f"{len(scans)} full scans of a big table", "0", not scans)
            if scans:
                print(report(scans, only_scans=True), file=sys.stderr, flush=True)
        answer({"rows": [dataclasses.asdict(r) for r in b.rows]})
        break
    bot.app.engine.dispose()
    shutil.rmtree(work, ignore_errors=True)


def answer(obj: dict[str, Any]) -> None:
    print("@@" + json.dumps(obj), flush=True)


class Child:
    """The parent's side of a `serve` child: commands in, the next answer out (other output passed on)."""

    def __init__(self, kind: str, n: int, url: str, pg: Any) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, str(n), url,
                                      pg.url if pg is not None and kind == "postgresql" else ""],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, command: str | None = None) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if command:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        for line in self.proc.stdout:
            if line.startswith("@@"):
                found: dict[str, Any] = json.loads(line[2:])
                return found
            print(line, end="", flush=True)
        raise RuntimeError(f"scale child exited with {self.proc.wait()}")

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=600)


def bench_scale(b: run.Bench) -> None:
    """Each size lives in a child process of its own, seeded once, and the sizes take their rounds in turn
    (the order reversed every round). Measured one after the other in one process, the later size paid for
    the earlier one's heap; measured one after the other at all, the machine's speed drifted between them
    (on this shared machine by up to two times within minutes). In turn, both drifts fall on every size."""
    from tests.servers.postgres import PostgresServer

    pg = PostgresServer() if "postgresql" in DBS else None
    if pg is not None:
        pg.start()
    try:
        for kind in DBS:
            with contextlib.ExitStack() as stack:
                children: dict[int, Child] = {}
                for n in SIZES:
                    url = stack.enter_context(database(kind, pg))
                    children[n] = child = Child(kind, n, url, pg)
                    stack.callback(child.close)
                    print(f"{kind}: seeded {n} cases, {n * LEDGER_PER_CASE} ledger rows and sent mails in "
                          f"{child.ask()['seeded']:.0f} s", flush=True)
                rounds: dict[int, list[tuple[float, float, float]]] = {n: [] for n in SIZES}
                if not ONLY or "cost" in ONLY:
                    for round_ in range(ROUNDS + 1):
                        for n in SIZES if round_ % 2 == 0 else SIZES[::-1]:
                            got = children[n].ask(f"round {round_}")["round"]
                            if round_:  # the first round warms the caches (connections, statements, templates)
                                rounds[n].append((got[0], got[1], got[2]))
                for n in SIZES:
                    b.rows += [run.Row(**r) for r in children[n].ask("finish")["rows"]]
                    if rounds[n]:
                        print(f"  {kind} at {n} cases, rounds in ms per mail, wall (CPU ours + the server's): "
                              + ", ".join(f"{w * 1000:.1f} ({o * 1000:.1f} + {t * 1000:.1f})" for w, o, t in rounds[n]),
                              flush=True)
            per_mail = {n: (statistics.median(r[0] for r in rs), statistics.median(r[1] + r[2] for r in rs))
                        for n, rs in rounds.items() if rs}
            if per_mail:
                first = min(per_mail)
                for n, (wall, cpu) in sorted(per_mail.items()):
                    ratio, cpu_ratio = wall / per_mail[first][0], cpu / per_mail[first][1]
                    b.add(f"{kind}: route + decide per mail at {n} cases vs {first}, CPU",
                          f"{cpu_ratio:.2f} ({cpu * 1000:.2f} ms vs {per_mail[first][1] * 1000:.2f} ms)", "<= 1.3",
                          cpu_ratio <= 1.3)
                    b.add(f"{kind}: route + decide per mail at {n} cases vs {first}, wall clock",
                          f"{ratio:.2f} ({wall * 1000:.2f} ms vs {per_mail[first][0] * 1000:.2f} ms)", "<= 1.3",
                          ratio <= 1.3)
    finally:
        if pg is not None:
            pg.close()


@contextmanager
def neighbour() -> Iterator[None]:
    """A second CPU-bound process on the machine (a busy loop), as production will have neighbours."""
    child = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        child.kill()
        child.wait()


def bench_neighbour(b: run.Bench) -> None:
    n = run.scaled(1000)
    for label, goal, beside in (("no added neighbour", 0.8, False), ("beside a busy-loop neighbour", 1.0, True)):
        print(f"backlog of {n} mails, {label} ...", flush=True)
        with neighbour() if beside else _nothing():
            load = os.getloadavg()[0]
            base, bot = run.backlog(b, n)
        assert base is not None
        ratio = bot.seconds / base.seconds
        b.add(f"backlog {n} mails {label}: bot / baseline time",
              f"{ratio:.2f} ({bot.seconds:.1f} s vs {base.seconds:.1f} s; load {load:.1f})", f"<= {goal}",
              ratio <= goal)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main() -> int:
    if sys.argv[1:2] == ["--serve"]:
        kind, n, url, pg_url = sys.argv[2:6]
        serve(kind, int(n), url, pg_url or None)
        return 0
    from tests.servers.dovecot import DovecotServer
    from tests.servers.smtp_sink import SmtpSink

    started = time.perf_counter()
    desc = run.machine()
    print(f"machine: {desc}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="mailbot-scale-"))
    if not ONLY or ONLY & {"cost", "audit"}:
        b0 = run.Bench(work, None, None)  # type: ignore[arg-type]
        bench_scale(b0)
        rows = b0.rows
    else:
        rows = []
    if not ONLY or "backlog" in ONLY:
        with DovecotServer() as dovecot, SmtpSink(work / "sink").start() as sink:
            b1 = run.Bench(work, dovecot, sink)
            bench_neighbour(b1)
            rows += b1.rows
    shutil.rmtree(work, ignore_errors=True)
    out = run.Bench(work, None, None, rows=rows)  # type: ignore[arg-type]
    print()
    print(f"sdn-mailbot scale benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {desc}; load now {os.getloadavg()[0]:.1f}; took {(time.perf_counter() - started) / 60:.1f} min")
    print(run.table(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
