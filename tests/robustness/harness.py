"""The daemon as an operator runs it, for the crash and outage tests: a real `mailbot run` subprocess
against a real Dovecot, a real SMTP server and a real database, and the checks of "nothing lost,
nothing twice" made from the outside (the database, the IMAP folders, the SMTP server's mail).
"""
from __future__ import annotations

import email
import email.utils
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from imapclient import IMAPClient
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from mailbot.store import raw as raw_store
from mailbot.store.models import InboundRow, OutboundRow
from tests.pipeline import mails

STAFF = "anne.staff@medcom.example"
TDC_ORDER = "sdn-levering@tdc-erhverv.example"
PROCESSED = "SDN/Behandlet"
ATTENTION = "SDN/Kræver opmærksomhed"
FAILED = "SDN/Fejlet"
ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------------- the backlog
@dataclass
class Backlog:
    """Mails as they arrive at sdn@, and what each kind must lead to."""

    raws: list[bytes] = field(default_factory=list)
    parties: set[str] = field(default_factory=set)  # each wrote one inquiry: one answer, exactly once
    machines: set[str] = field(default_factory=set)  # auto-replies: never answered
    strangers: int = 0  # replies to an unknown case: staff are told, the stranger is not answered
    # inquiries large enough to be fetched in pieces (write_config's [limits]): kept once, byte for byte; each
    # carries a file the bot cannot read, so it goes to staff and its party hears nothing yet
    large: list[bytes] = field(default_factory=list)
    raised: set[str] = field(default_factory=set)


def _auto_reply(i: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Fraværsbesked <fravaer{i}@region{i}.example>"
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = "Automatisk svar: Tilslutning til SDN"
    msg["Date"] = email.utils.format_datetime(email.utils.localtime())
    msg["Message-ID"] = email.utils.make_msgid(domain=f"region{i}.example")
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_content("Jeg er på ferie til og med mandag.\n")
    return msg.as_bytes()


def valid_cvrs() -> Iterator[str]:
    """CVR numbers that pass the modulus-11 check, none of them a real company's concern here."""
    from stdnum.dk import cvr

    n = 30000000
    while True:
        n += 1
        if cvr.is_valid(str(n)):
            yield str(n)


def _large_inquiry(i: int) -> bytes:
    """An inquiry with a 1.5 MB attachment: over write_config's stream_above_bytes, so fetched in pieces."""
    import random

    msg = EmailMessage()
    msg["From"] = f"Stor {i} <stor{i}@storby{i}-kommune.example>"
    msg["To"] = "sdn@medcom.example"
    msg["Subject"] = f"Tilslutning til SDN – Storby {i} Kommune"
    msg["Date"] = email.utils.format_datetime(email.utils.localtime())
    msg["Message-ID"] = email.utils.make_msgid(domain=f"storby{i}-kommune.example")
    msg.set_content(f"Kære MedCom\n\nStorby {i} Kommune ønsker at blive tilsluttet SDN.\n\nStor {i}\n")
    msg.add_attachment(random.Random(i).randbytes(1_500_000), maintype="application", subtype="octet-stream",
                       filename="oversigt.bin")
    return msg.as_bytes().replace(b"\n", b"\r\n")


def build_backlog(inquiries: int, with_agreements: int, auto_replies: int, strangers: int,
                  large: int = 0) -> Backlog:
    """Realistic intake built by the project's own generators (tests/pipeline/mails.py, the demo's forms)."""
    out = Backlog()
    at = "2026-11-02T09:12:00+01:00"
    cvrs = valid_cvrs()
    for i in range(inquiries + with_agreements):
        party = (f"Kontakt {i}", f"kontakt{i}@testby{i}-kommune.example")
        org = f"Testby {i} Kommune"
        body = f"Kære MedCom\n\n{org} ønsker at blive tilsluttet SDN.\n\n{party[0]}"
        attached: tuple[tuple[str, bytes], ...] = ()
        if i >= inquiries:  # signed agreements with the first mail, each organisation its own CVR
            cvr = next(cvrs)
            attached = (("Tilslutningsaftale.pdf", mails.agreement("connection_agreement", org, cvr)),
                        ("Databehandleraftale.pdf", mails.agreement("data_processor_agreement", org, cvr)))
        out.raws.append(mails.mail(party, f"Tilslutning til SDN – Testby {i} Kommune", body, at, pdfs=attached))
        out.parties.add(party[1])
    for i in range(auto_replies):
        out.raws.append(_auto_reply(i))
        out.machines.add(f"fravaer{i}@region{i}.example")
    for i in range(strangers):
        out.raws.append(mails.mail((f"Ukendt {i}", f"ukendt{i}@andetsteds.example"),
                                   f"SV: [SDN-2026-{9000 + i}] spørgsmål", "Hvad er status?", at))
    out.strangers = strangers
    for i in range(large):
        out.large.append(_large_inquiry(i))
        out.raws.append(out.large[-1])
        out.raised.add(f"stor{i}@storby{i}-kommune.example")
    return out


def append_all(account: Any, raws: list[bytes]) -> None:
    with imap(account) as c:
        for raw in raws:
            c.append("INBOX", raw)


def imap(account: Any) -> IMAPClient:
    client = IMAPClient(account.host, port=account.port, ssl=False, timeout=10)
    client.login(account.username, account.password)
    return client


# ---------------------------------------------------------------------------------------------- the daemon
def write_config(folder: Path, db_url: str, account: Any, smtp_port: int, **mailbox: Any) -> Path:
    """A production-like config file; the test's servers on loopback, a one-second poll."""
    mb = {"host": account.host, "port": account.port, "security": "starttls", "username": account.username,
          "password_env": "CRASH_IMAP_PASSWORD", "ca_file": account.ca_file, "idle": False,
          "poll_seconds": 1, "timeout_seconds": 5, "processed_folder": PROCESSED,
          "needs_attention_folder": ATTENTION, "failed_folder": FAILED, **mailbox}
    text = "\n".join([
        "[addresses]", 'medcom = "sdn@medcom.example"', f'tdc = ["{TDC_ORDER}", "tdc-erhverv.example"]',
        f'staff = ["{STAFF}"]', "[database]", f"url = {json.dumps(db_url)}",
        "[mailbox]", *(f"{k} = {json.dumps(v)}" for k, v in mb.items()),
        "[smtp]", 'host = "127.0.0.1"', f"port = {smtp_port}", 'security = "none"', "timeout_seconds = 5",
        "[digest]", "enabled = false",
        "[limits]", "stream_above_bytes = 1000000", "fetch_piece_bytes = 262144", "",
    ])
    path = folder / "mailbot.toml"
    path.write_text(text, encoding="utf-8")
    return path


class DaemonProcess:
    """`python -m mailbot run --config F` as its own process group (its parser children included)."""

    def __init__(self, config: Path, password: str, log: Path) -> None:
        self.config = config
        self.env = {**os.environ, "CRASH_IMAP_PASSWORD": password, "MAILBOT_LOG": "INFO",
                    "PYTHONPATH": str(ROOT)}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0

    def start(self, *args: str) -> None:
        self.log.touch()
        self.started_at = self.log.stat().st_size
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(self.config),
                                          *args], env=self.env, stdout=out, stderr=out, cwd=self.config.parent,
                                         start_new_session=True)

    def wait_cycled(self, timeout_s: float = 60) -> None:
        """Until this run has logged that it started: the daemon installs its signal handlers before that line."""
        def cycled() -> bool:
            with self.log.open("rb") as f:
                f.seek(self.started_at)
                return b"daemon started" in f.read()
        wait_until(cycled, timeout_s, "the daemon's first cycle", self)

    def kill(self) -> None:
        """SIGKILL: no handler runs, no transaction is finished, no connection is closed politely."""
        assert self.proc is not None
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        self.proc = None

    def terminate(self, timeout_s: float = 60) -> int:
        """SIGTERM, as systemd stops it; returns the exit status."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout_s)
        finally:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # parser children, if any were left
            except ProcessLookupError:
                pass
        self.proc = None
        return code

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def run_once(self, now: str) -> None:
        """One `run --once --now` cycle, as an operator would after the daemon stopped."""
        with self.log.open("ab") as out:
            subprocess.run([sys.executable, "-m", "mailbot", "run", "--once", "--now", now, "--config",
                            str(self.config)], env=self.env, stdout=out, stderr=out, check=True,
                           cwd=self.config.parent, timeout=120)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# ---------------------------------------------------------------------------------------------- the checks
def engine_for(db_url: str) -> Engine:
    return create_engine(db_url, pool_pre_ping=True)


def quiet(engine: Engine, expected: int) -> bool:
    """Every mail of the backlog is in the ledger with its outcome, filed, and nothing waits to be sent."""
    try:
        with Session(engine) as s:
            inbound = s.exec(select(InboundRow.status, InboundRow.filed)).all()
            waiting = s.exec(select(OutboundRow.id).where(OutboundRow.status.in_(("queued", "rendered")))).all()  # type: ignore[attr-defined]
    except DBAPIError:  # the daemon has not created its tables yet
        return False
    return len(inbound) == expected and all(st == "done" and filed for st, filed in inbound) and not waiting


def _load_factor() -> float:
    """How much slower than a quiet machine this one runs now (other suites beside it): 1 to 4."""
    return max(1.0, min(4.0, os.getloadavg()[0] / (os.cpu_count() or 1)))


def wait_until(predicate: Any, timeout_s: float, what: str, daemon: DaemonProcess | None = None) -> None:
    """A generous bound, not a timing: it stretches with the machine's load, so a busy machine is no failure."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s * _load_factor():
        if predicate():
            return
        if daemon is not None and daemon.proc is not None and not daemon.alive():
            raise AssertionError(f"the daemon died while waiting for {what}:\n{daemon.log_tail()}")
        time.sleep(0.5)
    raise AssertionError(f"timed out after {time.monotonic() - start:.0f} s waiting for {what}"
                         + (f":\n{daemon.log_tail()}" if daemon else ""))


@dataclass
class Sent:
    rcpt: str
    step: str
    case: str
    message_id: str
    subject: str
    body: str


def sent_mail(sink: Any) -> list[Sent]:
    out = []
    for m in sink.messages():
        msg = email.message_from_bytes(m.raw, policy=policy.default)
        body = msg.get_body(("plain",))
        text = " ".join((body.get_content() if body is not None else "").split())  # unwrapped
        for rcpt in m.rcpt_tos:
            out.append(Sent(rcpt.lower(), str(msg["X-SDN-Step"]), str(msg["X-SDN-Case"] or ""),
                            str(msg["Message-ID"]), str(msg["Subject"]), text))
    return out


def folder_message_ids(account: Any) -> dict[str, list[str]]:
    """Message-IDs in INBOX and in each folder the bot files into."""
    out: dict[str, list[str]] = {}
    with imap(account) as c:
        for folder in ("INBOX", PROCESSED, ATTENTION, FAILED):
            if not c.folder_exists(folder):
                out[folder] = []
                continue
            c.select_folder(folder, readonly=True)
            uids = c.search("ALL")
            data = c.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]) if uids else {}
            out[folder] = [bytes(v[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"]).decode().split(":", 1)[1].strip()
                           for v in data.values()]
    return out


def check_exactly_once(engine: Engine, sink: Any, account: Any, backlog: Backlog) -> dict[str, Any]:
    """The invariants; returns figures for the report. Raises AssertionError naming what broke."""
    sent = sent_mail(sink)
    with Session(engine) as s:
        inbound = s.exec(select(InboundRow)).all()
        outbound = s.exec(select(OutboundRow)).all()
    # every mail once in the ledger, with an outcome, filed in exactly one folder, none left in INBOX
    assert len(inbound) == len(backlog.raws), (len(inbound), len(backlog.raws))
    assert len({r.message_id for r in inbound}) == len(backlog.raws)
    assert all(r.status == "done" and r.outcome and r.filed for r in inbound), \
        [(r.id, r.status, r.outcome, r.filed) for r in inbound if not (r.status == "done" and r.filed)]
    # the large mails, fetched in pieces by a daemon that may have been killed mid-way: whole, byte for byte
    with Session(engine) as s:
        kept = {raw_store.read(s, r) for r in inbound if r.size > 1_000_000}
    assert set(backlog.large) <= kept, f"{len(set(backlog.large) - kept)} large mails not kept whole"
    folders = folder_message_ids(account)
    assert folders["INBOX"] == [], f"{len(folders['INBOX'])} mails left in INBOX"
    filed = [mid for f in (PROCESSED, ATTENTION, FAILED) for mid in folders[f]]
    twice = [m for m, n in Counter(filed).items() if n > 1]
    missing = {r.message_id for r in inbound} - set(filed)
    assert not twice and not missing, f"in the folders twice: {twice}; missing: {missing}; {folders}"
    # nothing sent twice: one copy per Message-ID, and per (recipient, step, case) for everyone but staff
    per_id = Counter((x.message_id, x.rcpt) for x in sent)
    assert not [k for k, n in per_id.items() if n > 1], [k for k, n in per_id.items() if n > 1]
    per_step = Counter((x.rcpt, x.step, x.case) for x in sent if x.rcpt != STAFF)
    assert not [k for k, n in per_step.items() if n > 1], [k for k, n in per_step.items() if n > 1]
    # each inquiry decided once: one case per party, never a machine or a stranger answered
    to_parties = {x.rcpt for x in sent if x.rcpt in backlog.parties}
    assert not {x.rcpt for x in sent} - backlog.parties - {STAFF, TDC_ORDER}, "mail to a stranger or a machine"
    # an inquiry with a file not read: no starter pack (the file may be the agreements), staff are told of it
    for party in backlog.raised:
        assert any(x.rcpt == STAFF and party in x.body for x in sent), party
    by_status = Counter(o.status for o in outbound)
    # nothing lost: every row is sent, or (a kill between the server's 250 and our commit) left for a person
    assert set(by_status) <= {"sent", "uncertain"}, by_status
    sent_ids = {x.message_id for x in sent}
    assert all(o.message_id in sent_ids for o in outbound if o.status == "sent")
    uncertain = [o for o in outbound if o.status == "uncertain"]
    # staff were told about each, by its number, so `mailbot outbox resend` can follow
    for o in (o for o in uncertain if o.role != "staff"):
        assert any(x.rcpt == STAFF and f"outbox resend {o.id}" in x.body for x in sent), o.id
    unanswered = backlog.parties - to_parties
    assert all(any(p in o.to_addrs for o in uncertain) for p in unanswered), sorted(unanswered)[:5]
    # the strangers: staff told once per mail
    stranger_notices = [x for x in sent if x.rcpt == STAFF and "andetsteds.example" in x.body]
    assert len(stranger_notices) == backlog.strangers, len(stranger_notices)
    return {"inbound": len(inbound), "sent": len(sent), "uncertain": len(uncertain),
            "outcomes": dict(Counter(r.outcome for r in inbound))}
