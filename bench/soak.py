"""Soak: pour every mail of a folder (the shared corpus, the real-world fixtures) into a fresh bot at once.

    .venv/bin/python bench/soak.py ../shared/corpus/mails ../shared/realworld/mail

Prints what became of them: nothing may crash the cycle, every mail must end with an outcome, and no
mail may go to an address that is neither a case contact, TDC nor staff.
"""
from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

from sqlmodel import Session, select

from mailbot.app import App
from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.demo import deliver
from mailbot.store.models import InboundRow, OutboundRow
from mailbot.views import cases_json

SKIP = {"LICENSE", "README.md", "files.json", ".gitattributes"}


def main(folders: list[str]) -> int:
    work = Path(tempfile.mkdtemp(prefix="soak-"))
    cfg = from_dict({
        "addresses": {"medcom": "sdn@medcom.example",
                      "tdc": ["sdn-levering@tdc-erhverv.example", "tdc-erhverv.example"],
                      "staff": ["anne.staff@medcom.example", "bo.staff@medcom.example"]},
        "database": {"url": "sqlite:///bot.db"}, "local": {"inbox": "inbox", "outbox": "outbox"},
    }, base=work)
    app = App.open(cfg)
    files = sorted(p for f in folders for p in Path(f).rglob("*")
                   if p.is_file() and p.name not in SKIP and not p.name.endswith(".json"))
    for p in files:
        deliver(cfg.local.inbox, p.read_bytes())
    runner = app.runner()
    runner.cycle(parse_now("2026-11-20T10:00:00+01:00"))
    runner.cycle(parse_now("2026-11-20T10:05:00+01:00"))
    with Session(app.engine) as s:
        inbound = s.exec(select(InboundRow)).all()
        outbound = s.exec(select(OutboundRow)).all()
    cases = cases_json(app.engine)
    known = {c["email"] for case in cases for c in case["contacts"]} | set(cfg.addresses.staff)
    tdc = cfg.addresses.tdc
    strangers = [a for o in outbound for a in o.to_addrs + o.cc_addrs
                 if a not in known and a not in tdc and a.rsplit("@", 1)[-1] not in tdc]
    print(f"files: {len(files)}  distinct mails in the ledger: {len(inbound)}")
    print("inbound:", dict(Counter((r.status, r.outcome) for r in inbound)))
    print("with errors:", sum(1 for r in inbound if r.last_error))
    print("automated:", dict(Counter(r.automated for r in inbound if r.automated)))
    print(f"cases opened: {len(cases)}  states: {dict(Counter(c['state'] for c in cases))}")
    print("outgoing:", dict(Counter((o.step, o.status) for o in outbound)))
    print("mail to strangers:", strangers or "none")
    unfinished = [r.id for r in inbound if r.status != "done"]
    print("unfinished:", unfinished or "none")
    return 0 if not strangers and not unfinished else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["../shared/corpus/mails", "../shared/realworld/mail"]))
