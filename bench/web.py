"""bench: the staff web view over 10,000 cases (not a test; prints figures, fails nothing).

    .venv/bin/python bench/web.py            (BENCH_CASES=1000 for a quick look)

Seeds a SQLite database with BENCH_CASES cases (contacts, timelines, one mail in with a reading and two
out per case), starts the real `mailbot web` on loopback, and times the overview and one case page over
HTTP with a staff session (median of 15), each against one bare SELECT of the same rows with sqlite3; and the
confirm view of one queue item (the case, its evidence and its place in the queue).
"""
from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from mailbot.app import App  # noqa: E402
from mailbot.clock import SystemClock  # noqa: E402
from mailbot.config import from_dict  # noqa: E402
from mailbot.store.models import CaseRow, ContactRow, InboundRow, OutboundRow, TimelineRow  # noqa: E402
from mailbot.web import auth  # noqa: E402
from tests.servers._util import free_port, wait_for_port  # noqa: E402

N = int(os.environ.get("BENCH_CASES", "10000"))
STATES = ["inquiry", "awaiting_agreements", "awaiting_steering_group", "awaiting_information_form",
          "clarification", "sent_to_tdc", "installation_scheduled", "connected", "rejected"]
STAFF = "anne.staff@medcom.example"


def seed(app: App) -> None:
    t0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    reading = {"message": {"from": "x@p.example"}, "documents": [{"filename": "Informationsskema.pdf",
               "kind": "information_form", "fields": {"organisation": "Org", "cvr": "29189846",
                                                      "ip_scopes": ["10.1.0.0/24"]}, "problems": []}]}
    with app.engine.begin() as conn:
        for start in range(0, N, 1000):
            ids = range(start + 1, min(N, start + 1000) + 1)
            conn.execute(insert(CaseRow), [{
                "id": i, "ref": f"SDN-2026-{i:05d}", "state": STATES[i % len(STATES)],
                "organisation": f"Kommune {i}", "cvr": f"{10000000 + i}", "party_type": "municipality",
                "language": "da", "needs_attention": i % 17 == 0, "attention_reason": "a person must look"
                if i % 17 == 0 else None, "on_hold": False, "data": {"ip_scopes": [f"10.{i % 250}.0.0/24"]},
                "created_at": t0 + timedelta(minutes=i), "updated_at": t0 + timedelta(minutes=2 * i)} for i in ids])
            conn.execute(insert(ContactRow), [{"case_id": i, "email": f"kontakt{i}@k{i}.example",
                                               "name": f"Kontakt {i}", "role": "sender"} for i in ids])
            conn.execute(insert(InboundRow), [{
                "id": i, "sha256": f"{i:064d}", "source_key": f"k{i}", "message_id": f"<{i}@p.example>", "size": 10,
                "raw": b"Subject: x\r\n\r\nx", "status": "done", "outcome": "processed", "filed": True,
                "sender": f"kontakt{i}@k{i}.example", "subject": "Tilslutning", "reading": reading, "case_id": i,
                "received_at": t0 + timedelta(minutes=i)} for i in ids])
            conn.execute(insert(OutboundRow), [{
                "message_id": f"<o{i}.{k}@medcom.example>", "case_id": i, "step": "starter_pack", "role": "party",
                "language": "da", "to_addrs": [f"kontakt{i}@k{i}.example"], "cc_addrs": [], "references": [],
                "attachments": [], "context": {}, "status": "sent", "subject": "Tilslutning til SDN",
                "raw": b"x", "created_at": t0 + timedelta(minutes=i)} for i in ids for k in range(2)])
            conn.execute(insert(TimelineRow), [{
                "case_id": i, "at": t0 + timedelta(minutes=i, seconds=k), "kind": "state" if k % 2 else "mail_queued",
                "text": f"step {k} of case {i}", "actor": "system", "detail": {}} for i in ids for k in range(6)])


def median_ms(fn: object, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    db = tmp / "bot.db"
    port = free_port()
    data = {"addresses": {"medcom": "sdn@medcom.example", "tdc": ["order@tdc.example"], "staff": [STAFF]},
            "database": {"url": f"sqlite:///{db}"}, "local": {"inbox": "inbox", "outbox": "outbox"},
            "web": {"port": port}}
    app = App.open(from_dict(data, base=tmp))
    t = time.perf_counter()
    seed(app)
    print(f"seeded {N} cases in {time.perf_counter() - t:.1f} s")
    signer = auth.Signer(auth.load_secret(app.engine))
    cookie = "sdn_session=" + auth.make_session(app.engine, signer, STAFF, SystemClock().now(), 8)
    (tmp / "web.toml").write_text(
        f'[addresses]\nmedcom = "sdn@medcom.example"\ntdc = ["order@tdc.example"]\nstaff = ["{STAFF}"]\n'
        f'[database]\nurl = "sqlite:///{db}"\n[local]\ninbox = "{tmp}/inbox"\noutbox = "{tmp}/outbox"\n'
        f'[web]\nport = {port}\n', encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "web", "--config", str(tmp / "web.toml")], cwd=tmp)
    try:
        wait_for_port(port, 60)
        ref = f"SDN-2026-{N // 2:05d}"
        asked = f"SDN-2026-{(N // 2) // 17 * 17:05d}"  # a case in the queue (every 17th needs a human)

        def get(path: str) -> None:
            req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
            with urllib.request.urlopen(req, timeout=30) as r:
                body = r.read()
                assert r.status == 200 and (b'id="cases"' in body or b'id="timeline"' in body or b'id="queue"' in body
                                            or b'id="confirm"' in body)

        get("/")  # warm up: imports, templates, caches
        get(f"/case/{ref}")
        con = sqlite3.connect(db)

        def select_overview() -> None:
            con.execute("SELECT state, count(*) FROM cases GROUP BY state").fetchall()
            con.execute("SELECT id, ref, state, organisation, cvr, party_type, needs_attention, attention_reason, "
                        "on_hold, updated_at, installation_at FROM cases ORDER BY updated_at DESC, id DESC "
                        "LIMIT 200").fetchall()

        def select_case() -> None:
            (cid,) = con.execute("SELECT id FROM cases WHERE ref = ?", (ref,)).fetchone()
            con.execute("SELECT * FROM cases WHERE id = ?", (cid,)).fetchall()
            con.execute("SELECT * FROM timeline WHERE case_id = ?", (cid,)).fetchall()

        rows = [
            (f"overview (/, funnel + 200 newest of {N} cases)", median_ms(lambda: get("/")),
             median_ms(select_overview)),
            ("overview searched (/?q=Kommune 4321)", median_ms(lambda: get("/?q=Kommune%204321")),
             median_ms(select_overview)),
            (f"queue (/queue, {len(range(17, N + 1, 17))} need a human)", median_ms(lambda: get("/queue")),
             median_ms(lambda: con.execute("SELECT * FROM cases WHERE needs_attention").fetchall())),
            (f"case page (/case/{ref})", median_ms(lambda: get(f"/case/{ref}")), median_ms(select_case)),
            (f"confirm view (/confirm/{asked}, its queue of {len(range(17, N + 1, 17))})",
             median_ms(lambda: get(f"/confirm/{asked}")),
             median_ms(lambda: (select_case(), con.execute("SELECT * FROM cases WHERE needs_attention").fetchall()))),
        ]
        print(f"{'page':58} {'HTTP, median of 15':>20} {'bare SELECT':>12} {'ratio':>8}   goal")
        for name, page_ms, sel_ms in rows:
            print(f"{name:58} {page_ms:17.1f} ms {sel_ms:9.2f} ms {page_ms / sel_ms:8.1f}   "
                  f"{'pass' if page_ms < 1000 else 'MISS'} (< 1 s)")
    finally:
        proc.terminate()
        proc.wait(20)


if __name__ == "__main__":
    main()
