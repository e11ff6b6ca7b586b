"""The real-world mail and PDFs of ../shared/realworld through the whole daemon, not only `mailbot parse`.

A real `mailbot run` process reads them all from its Maildir (each PDF attached to a party's mail):
every one must end processed or quarantined with a reason, the daemon must stay up throughout and
stop cleanly on SIGTERM, and no mail may go to anyone but a case's contacts, TDC or staff.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import Session, select

from mailbot.demo import deliver
from mailbot.store.models import InboundRow, OutboundRow
from mailbot.views import cases_json
from tests.pipeline import mails

from .harness import ROOT, STAFF, TDC_ORDER, DaemonProcess, engine_for, quiet, wait_until

REALWORLD = ROOT.parent / "shared" / "realworld"
SKIP = {"LICENSE", "README.md", "files.json", ".gitattributes"}


def _corpus() -> list[bytes]:
    raws = []
    for p in sorted((REALWORLD / "mail").rglob("*")):
        if p.is_file() and p.name not in SKIP and not p.name.endswith(".json"):
            raws.append(p.read_bytes())
    pdfs = sorted(p for d in ("pdf-pdfplumber", "pdf-sample-files") for p in (REALWORLD / d).rglob("*.pdf"))
    for i, p in enumerate(pdfs):
        party = (f"Part {i}", f"part{i}@realworld{i}.example")
        raws.append(mails.mail(party, f"Tilslutning til SDN – {p.stem}", "Hermed dokumentet.",
                               "2026-11-02T09:00:00+01:00", pdfs=((p.name, p.read_bytes()),)))
    return raws


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="../shared/realworld is not beside the checkout "
                    "(the real-world corpus is shared reference material, not part of the repository)")
def test_realworld_mail_and_pdfs_through_the_daemon(tmp_path: Path) -> None:
    raws = _corpus()
    distinct = len({hashlib.sha256(r).hexdigest() for r in raws})
    config = tmp_path / "mailbot.toml"
    db_url = f"sqlite:///{tmp_path / 'bot.db'}"
    config.write_text("\n".join([
        "[addresses]", 'medcom = "sdn@medcom.example"', f'tdc = ["{TDC_ORDER}", "tdc-erhverv.example"]',
        f'staff = ["{STAFF}"]', "[database]", f"url = {json.dumps(db_url)}",
        "[local]", 'inbox = "inbox"', 'outbox = "outbox"', "[limits]", "parse_timeout_seconds = 30.0",
        "[digest]", "enabled = false", ""]), encoding="utf-8")
    for raw in raws:
        deliver(tmp_path / "inbox", raw)
    daemon = DaemonProcess(config, "", tmp_path / "daemon.log")
    engine = engine_for(db_url)
    try:
        daemon.start()
        wait_until(lambda: quiet(engine, distinct), 240, "every real-world mail to be handled", daemon)
        daemon.wait_cycled()
        assert daemon.terminate() == 0
    finally:
        if daemon.proc is not None:
            daemon.kill()
    with Session(engine) as s:
        inbound = s.exec(select(InboundRow)).all()
        outbound = s.exec(select(OutboundRow)).all()
    engine.dispose()
    assert len(inbound) == distinct
    for row in inbound:
        assert row.status == "done" and row.outcome in ("processed", "needs_attention", "failed"), row.id
        if row.outcome != "processed":
            assert row.reason, (row.id, row.sender, row.subject)
    assert list((tmp_path / "inbox" / "new").iterdir()) == []  # all filed out of the inbox
    cases = cases_json(engine)
    known = {c["email"] for case in cases for c in case["contacts"]} | {STAFF, TDC_ORDER}
    strangers = [a for o in outbound for a in o.to_addrs + o.cc_addrs if a not in known]
    assert strangers == []
    assert {o.status for o in outbound} <= {"sent"}, Counter(o.status for o in outbound)
    print(f"realworld through the daemon: {len(raws)} files, {distinct} distinct mails; "
          f"{dict(Counter(r.outcome for r in inbound))}; sent {len(outbound)}")
