"""`make bench`: the bot measured the way an operator and a peer would, printed as one table.

    .venv/bin/python bench/run.py            (BENCH_SCALE=0.1 for a quick look; BENCH_ONLY=idle,latency,...;
                                              BENCH_GROWTH=100,1000 leaves out the 20-minute 10,000 point)

Real Dovecot and a real SMTP sink on loopback (the test servers in tests/servers), the real CLI and
daemon as subprocesses. Timings on this shared machine are noisy, so the throughput figures are ratios
against a bare baseline run side by side in the same run (bench/baseline.py), and every run prints the
machine it ran on. Nothing here is a test: no figure fails a build.

Benchmarks (sizes times BENCH_SCALE):
- backlog: 1,000 realistic mails (about 40 % with one to three PDFs), `mailbot run --once` from an empty
  database, against the baseline (fetch, mail-parser, one pdfplumber pass); goal <= 1.2 x the baseline;
- idle: one cycle of a running bot over a mailbox holding 50,000 mails it has already processed, no new
  mail; goal < 50 ms and not one byte of old mail downloaded (also on the first poll after a start);
- latency: the daemon with IDLE, APPEND of a mail -> its reply at the SMTP sink, p50/p95 over 50 mails;
- memory: peak PSS of the bot's whole process tree for one mail with a 25 MB PDF (goal < 200 MB), and
  over the backlog;
- hostile: issue 16's 16 hostile mails (bench/hostile.py, generated) then 5 inquiries, one `run --once`:
  the whole tree's peak PSS and RSS sum against 400 MB, every inquiry answered;
- growth: throughput and peak RSS at 100, 1,000 and 10,000 mails (per-mail time should stay flat).
"""
from __future__ import annotations

import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import mails  # noqa: E402

from tests.servers.dovecot import DovecotServer  # noqa: E402
from tests.servers.smtp_sink import SmtpSink  # noqa: E402

PY = sys.executable
MAILBOT = [PY, "-m", "mailbot"]
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ONLY = {s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()}


def scaled(n: int, least: int = 10) -> int:
    return max(least, int(n * SCALE))


# -- measuring ----------------------------------------------------------------------------------
@dataclass
class Measured:
    seconds: float
    peak_mb: float  # the whole process tree at its largest moment, PSS (shared pages counted once)
    peak_rss_sum_mb: float  # the same moment's plain RSS sum, which counts pages shared after fork twice
    peak_single_rss_mb: float  # the largest single process
    peak_main_rss_mb: float  # the bot's own process, without its parse children
    returncode: int
    output: str = ""
    peak_parts: str = ""  # the processes at the peak: what each was and its PSS, e.g. "bot 120, worker 60 + 58"


def _pss(pid: int) -> int:
    """Proportional set size in bytes: a page shared by n processes counts 1/n in each."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def measure(cmd: list[str], cwd: Path, timeout_s: float = 7200) -> Measured:
    """Run cmd, timing it and sampling the RSS of it and all its children."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = peak_rss = peak_single = peak_main = 0
    peak_parts: list[tuple[str, int]] = []
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_rss, peak_single, peak_main, peak_parts
        try:
            top = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                procs = [top, *top.children(recursive=True)]
                pss = rss = 0
                parts: list[tuple[str, int]] = []
                for p in procs:
                    try:
                        one = p.memory_info().rss
                    except psutil.Error:
                        continue
                    rss += one
                    share = _pss(p.pid) or one
                    pss += share
                    parts.append((_role(p, proc.pid), share))
                    peak_single = max(peak_single, one)
                    if p.pid == proc.pid:
                        peak_main = max(peak_main, one)
                if pss > peak:
                    peak, peak_rss, peak_parts = pss, rss, parts
            except psutil.Error:
                return
            stop.wait(0.02)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, _ = proc.communicate(timeout=timeout_s)
    seconds = time.perf_counter() - t0
    stop.set()
    watcher.join()
    return Measured(seconds, peak / 1e6, peak_rss / 1e6, peak_single / 1e6, peak_main / 1e6, proc.returncode,
                    out.decode(errors="replace")[-3000:], _parts(peak_parts))


def _role(p: psutil.Process, top: int) -> str:
    """What a process of the bot's tree is: the bot itself, a parse worker (a fork of it), or a program."""
    if p.pid == top:
        return "bot"
    try:
        name = p.name()
    except psutil.Error:
        return "?"
    return "worker" if name.startswith("python") else name


def _parts(parts: list[tuple[str, int]]) -> str:
    """The processes at the peak by role, largest first: "bot 131, worker 84 + 80, tesseract 40" (MB PSS)."""
    by_role: dict[str, list[int]] = {}
    for role, pss in parts:
        by_role.setdefault(role, []).append(pss)
    ordered = sorted(by_role.items(), key=lambda kv: -sum(kv[1]))
    return ", ".join(f"{role} " + " + ".join(f"{v / 1e6:.0f}" for v in sorted(vs, reverse=True))
                     for role, vs in ordered)


@dataclass
class Row:
    figure: str
    value: str
    goal: str
    ok: bool | None  # None: information, no goal


@dataclass
class Bench:
    work: Path
    dovecot: DovecotServer
    sink: SmtpSink
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _users: int = 0

    def account(self, content: list[bytes]) -> tuple[str, str]:
        """A fresh Dovecot user whose INBOX holds `content`, indexed by the server before we measure."""
        self._users += 1
        user, password = f"bench{self._users}", "bench-pw"
        self.dovecot.add_user(user, password)
        mails.fill_maildir(self.dovecot.maildir(user), content)
        from imapclient import IMAPClient
        with IMAPClient(self.dovecot.host, port=self.dovecot.port, ssl=False, timeout=600) as c:
            c.login(user, password)
            c.select_folder("INBOX")  # Dovecot assigns UIDs and builds its index now, not during the run
        return user, password

    def config(self, name: str, user: str, password: str, *, idle: bool = False,
               max_mail_bytes: int = 25_000_000) -> Path:
        folder = self.work / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        cfg = folder / "mailbot.toml"
        cfg.write_text(f"""
[mailbox]
host = "{self.dovecot.host}"
port = {self.dovecot.port}
security = "none"
username = "{user}"
password = "{password}"
idle = {"true" if idle else "false"}
poll_seconds = 60

[smtp]
host = "{self.sink.host}"
port = {self.sink.port}
security = "none"

[addresses]
medcom = "sdn@medcom.example"
tdc = ["sdn-levering@tdc-erhverv.example", "tdc-erhverv.example"]
staff = ["anne.staff@medcom.example"]

[database]
url = "sqlite:///{folder / 'bot.db'}"

[local]
inbox = "{folder / 'inbox'}"
outbox = "{folder / 'outbox'}"

[limits]
max_mail_bytes = {max_mail_bytes}
""")
        return cfg

    def add(self, figure: str, value: str, goal: str = "", ok: bool | None = None) -> None:
        self.rows.append(Row(figure, value, goal, ok))
        print(f"  {figure}: {value}" + (f"  (goal {goal})" if goal else ""), flush=True)


def done_count(cfg: Path) -> tuple[int, int]:
    """(mails in the ledger, of which finished) after a bot run."""
    db = cfg.parent / "bot.db"
    with sqlite3.connect(db) as con:
        total, = con.execute("select count(*) from inbound").fetchone()
        done, = con.execute("select count(*) from inbound where status = 'done'").fetchone()
    return total, done


# -- backlog and growth ---------------------------------------------------------------------------
def backlog(b: Bench, n: int, *, with_baseline: bool = True) -> tuple[Measured | None, Measured]:
    """The baseline and the bot over the same n mails, one after the other, each on its own copy."""
    content = mails.build(n)
    user_bot, pw = b.account(content)
    base = None
    if with_baseline:
        user_base, _ = b.account(content)
        base = measure([PY, str(ROOT / "bench" / "baseline.py"), b.dovecot.host, str(b.dovecot.port), user_base,
                        pw], b.work)
        if base.returncode != 0:
            raise RuntimeError(f"baseline failed: {base.output}")
    cfg = b.config(f"backlog-{n}", user_bot, pw)
    bot = measure([*MAILBOT, "run", "--once", "--config", str(cfg)], cfg.parent)
    if bot.returncode != 0:
        raise RuntimeError(f"bot failed: {bot.output}")
    total, done = done_count(cfg)
    if total != n or done != n:
        b.notes.append(f"backlog {n}: the bot finished {done} of {total} stored mails (of {n})")
    return base, bot


def bench_backlog(b: Bench) -> None:
    growth = [int(x) for x in os.environ.get("BENCH_GROWTH", "100,1000,10000").split(",") if x.strip()]
    sizes = sorted({scaled(n) for n in growth} | {scaled(1000)}) if "growth" in ONLY or not ONLY \
        else [scaled(1000)]
    main_n = scaled(1000)
    per_mail: dict[int, tuple[float, float]] = {}
    for n in sizes:
        print(f"backlog of {n} mails ...", flush=True)
        base, bot = backlog(b, n, with_baseline=n == main_n)  # growth is about the bot's own curve
        per_mail[n] = (bot.seconds / n, bot.peak_mb)
        if base is not None:
            ratio = bot.seconds / base.seconds
            b.add(f"backlog {n} mails: bot / baseline time", f"{ratio:.2f} ({bot.seconds:.1f} s vs "
                  f"{base.seconds:.1f} s; {n / bot.seconds:.1f} mails/s)", "<= 1.20", ratio <= 1.2)
            b.add(f"backlog {n} mails: peak memory, all processes", mem(bot), "< 250 MB", bot.peak_mb < 250)
    if len(per_mail) > 1:
        first = min(per_mail)
        for n, (bot_s, peak) in sorted(per_mail.items()):
            growth = bot_s / per_mail[first][0]
            b.add(f"growth {n} mails: time per mail vs {first} mails", f"{growth:.2f} ({bot_s * 1000:.0f} ms/mail, "
                  f"peak {peak:.0f} MB PSS)", "<= 1.3 (linear)", growth <= 1.3)


# -- idle ---------------------------------------------------------------------------------------
def bench_idle(b: Bench) -> None:
    n = scaled(50_000, 100)
    print(f"idle poll over {n} processed mails ...", flush=True)
    content = mails.build(n, pdf_share=0.0)
    user, pw = b.account(content)
    cfg_path = b.config("idle", user, pw)
    from imapclient import IMAPClient

    from mailbot.app import App
    from mailbot.clock import parse_now
    from mailbot.config import load
    from mailbot.store.db import DbCursorStore

    cfg = load(cfg_path)
    app = App.open(cfg)
    with IMAPClient(b.dovecot.host, port=b.dovecot.port, ssl=False) as c:
        c.login(user, pw)
        uidvalidity = int(c.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"])
        uids = sorted(c.search(["ALL"]))
    # the ledger as the bot left it: every mail stored, done and filed (still in the folder, as when a
    # shared mailbox keeps mail in INBOX), and the cursor at the newest UID
    import hashlib
    with app.engine.begin() as con:
        from mailbot.store.models import InboundRow
        con.execute(InboundRow.__table__.insert(), [
            {"sha256": hashlib.sha256(raw).hexdigest(), "source_key": f"imap:INBOX:{uidvalidity}:{uid}",
             "size": len(raw), "raw": raw, "status": "done", "outcome": "processed", "filed": True,
             "attempts": 0} for uid, raw in zip(uids, content, strict=True)])
    mb = cfg.mailbox
    assert mb is not None
    DbCursorStore(app.engine).save(f"{mb.username}@{mb.host}:{mb.port}", mb.folder, uidvalidity, uids[-1])

    downloaded = [0]
    original = IMAPClient.fetch

    def counting_fetch(self: IMAPClient, messages: object, data: object, modifiers: object = None) -> object:
        out = original(self, messages, data, modifiers)  # type: ignore[arg-type]
        downloaded[0] += sum(len(x) for v in out.values() for k, x in v.items()  # whole or in pieces (<offset>)
                             if isinstance(k, bytes) and k.startswith(b"BODY[") and isinstance(x, bytes))
        return out

    IMAPClient.fetch = counting_fetch  # type: ignore[method-assign]
    try:
        runner = app.runner()
        now = parse_now("2026-11-20T10:00:00+01:00")
        t0 = time.perf_counter()
        runner.cycle(now)
        first = time.perf_counter() - t0
        first_bytes = downloaded[0]
        polls = []
        for _ in range(9):
            t0 = time.perf_counter()
            runner.cycle(now)
            polls.append(time.perf_counter() - t0)
        steady_bytes = downloaded[0] - first_bytes
        runner.inbox.close()
        # the least a poll can cost: SELECT and UID SEARCH above the cursor on an open connection
        with IMAPClient(b.dovecot.host, port=b.dovecot.port, ssl=False) as c:
            c.login(user, pw)
            bare = []
            for _ in range(9):
                t0 = time.perf_counter()
                c.select_folder("INBOX")
                c.search(["UID", f"{uids[-1] + 1}:*"])
                bare.append(time.perf_counter() - t0)
    finally:
        IMAPClient.fetch = original  # type: ignore[method-assign]
    poll = statistics.median(polls)
    b.add(f"idle poll, {n} processed mails in INBOX (median of 9)",
          f"{poll * 1000:.0f} ms (bare SELECT+SEARCH {statistics.median(bare) * 1000:.1f} ms)", "< 50 ms", poll < 0.05)
    b.add("idle poll: old mail downloaded", f"{steady_bytes} bytes", "0", steady_bytes == 0)
    b.add("first poll after a start (rescan for unfiled mail)",
          f"{first * 1000:.0f} ms, {first_bytes} bytes downloaded", "0 bytes", first_bytes == 0)


# -- latency with IDLE ----------------------------------------------------------------------------
def bench_latency(b: Bench) -> None:
    n = scaled(50, 5)
    print(f"latency with IDLE over {n} mails ...", flush=True)
    user, pw = b.account([])
    cfg = b.config("latency", user, pw, idle=True)
    inquiries = mails.inquiries(n + 1)
    daemon = subprocess.Popen([*MAILBOT, "run", "--config", str(cfg)], cwd=cfg.parent,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from imapclient import IMAPClient
    latencies: list[float] = []
    missed = 0
    try:
        with IMAPClient(b.dovecot.host, port=b.dovecot.port, ssl=False) as c:
            c.login(user, pw)
            for i, (sender, raw) in enumerate(inquiries):
                t0 = time.perf_counter()
                c.append("INBOX", raw)
                if not wait_for(lambda s=sender: any(s in m.rcpt_tos for m in b.sink.messages()), 30):  # type: ignore[misc]
                    missed += 1
                    continue
                if i > 0:  # the first one warms up the daemon (connections, the parser's fork server)
                    latencies.append(time.perf_counter() - t0)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(30)
        except subprocess.TimeoutExpired:
            daemon.kill()
    if len(latencies) < 2:
        b.add("latency APPEND -> reply (IDLE)", f"no replies ({missed} missed)", "p95 < 3 s", False)
        return
    qs = statistics.quantiles(latencies, n=20, method="inclusive")
    p50, p95 = statistics.median(latencies), qs[18]
    b.add(f"latency APPEND -> reply with IDLE, p50 over {len(latencies)}", f"{p50:.2f} s")
    b.add(f"latency APPEND -> reply with IDLE, p95 over {len(latencies)}",
          f"{p95:.2f} s (max {max(latencies):.2f} s, {missed} missed)", "< 3 s", p95 < 3 and missed == 0)


def wait_for(cond: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return False


# -- memory -------------------------------------------------------------------------------------
def bench_memory(b: Bench) -> None:
    print("memory with a 25 MB attachment ...", flush=True)
    user, pw = b.account([mails.big_attachment_mail(25)])
    cfg = b.config("memory", user, pw, max_mail_bytes=40_000_000)
    bot = measure([*MAILBOT, "run", "--once", "--config", str(cfg)], cfg.parent)
    total, done = done_count(cfg)
    b.add("one mail with a 25 MB PDF: peak memory, all processes", f"{mem(bot)}; {bot.seconds:.1f} s, "
          f"{done}/{total} done", "< 200 MB", bot.peak_mb < 200 and done == 1)


def bench_hostile(b: Bench) -> None:
    """Issue 16's hostile suite (bench/hostile.py) and then ordinary inquiries, in one `run --once`: the
    whole process tree's peak against 400 MB, and every inquiry answered."""
    import hostile

    suite = hostile.suite(SCALE)
    ordinary = hostile.inquiries(5)
    print(f"hostile suite: {len(suite)} mails ({sum(len(r) for _, r in suite) / 1e6:.0f} MB) and "
          f"{len(ordinary)} inquiries ...", flush=True)
    user, pw = b.account([raw for _, raw in suite] + [raw for _, raw in ordinary])
    cfg = b.config("hostile", user, pw)
    bot = measure([*MAILBOT, "run", "--once", "--config", str(cfg)], cfg.parent)
    total, done = done_count(cfg)
    answered = sum(any(sender in m.rcpt_tos for m in b.sink.messages()) for sender, _ in ordinary)
    with sqlite3.connect(cfg.parent / "bot.db") as con:
        kept = con.execute("SELECT count(*) FROM inbound WHERE outcome = 'needs_attention'").fetchone()[0]
    b.add(f"hostile suite ({len(suite)} mails) + {len(ordinary)} inquiries: peak memory, all processes",
          f"{mem(bot)}; {bot.seconds:.0f} s", "< 400 MB", bot.peak_mb < 400)
    b.add("hostile suite: inquiries answered, mails done, kept for staff",
          f"{answered}/{len(ordinary)} answered; {done}/{total} done; {kept} need attention", f"{len(ordinary)}/"
          f"{len(ordinary)}", answered == len(ordinary) and done == total == len(suite) + len(ordinary))


def mem(m: Measured) -> str:
    return (f"{m.peak_mb:.0f} MB PSS (RSS summed {m.peak_rss_sum_mb:.0f} MB, "
            f"largest process {m.peak_single_rss_mb:.0f} MB, the bot's own {m.peak_main_rss_mb:.0f} MB; "
            f"at the peak, MB PSS: {m.peak_parts})")


# -- the table ----------------------------------------------------------------------------------
def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.1f} GiB RAM, "
            f"Python {platform.python_version()}, load average {load:.1f} at the start")


def table(b: Bench) -> str:
    w = max(len(r.figure) for r in b.rows)
    v = max(len(r.value) for r in b.rows)
    lines = [f"{'figure':<{w}}  {'measured':<{v}}  {'goal':<14}  result", "-" * (w + v + 28)]
    for r in b.rows:
        verdict = "" if r.ok is None else ("pass" if r.ok else "MISS")
        lines.append(f"{r.figure:<{w}}  {r.value:<{v}}  {r.goal:<14}  {verdict}")
    return "\n".join(lines)


def main() -> int:
    started = time.perf_counter()
    desc = machine()
    print(f"machine: {desc}\nBENCH_SCALE={SCALE:g}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="mailbot-bench-"))
    with DovecotServer() as dovecot, SmtpSink(work / "sink").start() as sink:
        b = Bench(work, dovecot, sink)
        for name, fn in [("backlog", bench_backlog), ("idle", bench_idle), ("latency", bench_latency),
                         ("memory", bench_memory), ("hostile", bench_hostile)]:
            if ONLY and name not in ONLY and not (name == "backlog" and "growth" in ONLY):
                continue
            fn(b)
    shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"sdn-mailbot benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, BENCH_SCALE={SCALE:g}")
    print(f"machine: {desc}; took {(time.perf_counter() - started) / 60:.1f} min")
    print(table(b))
    for note in b.notes:
        print("note:", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
