"""Several daemons on one database: no mail is processed twice, no mail is sent twice."""
from __future__ import annotations

import email
import subprocess
import sys
from collections import Counter
from email import policy
from pathlib import Path

from mailbot.demo import deliver, mail

from .conftest import Bot

CVRS = ["29189846", "81409668", "12345674", "56932437", "57770694", "11576133", "23890054", "65602040"]


def test_parallel_daemons_process_and_send_each_mail_once(tmp_path: Path, db_url: str) -> None:
    bot = Bot(tmp_path, db_url)  # migrates the database once, like the first daemon to start
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f"""
[addresses]
medcom = "sdn@medcom.example"
tdc = ["sdn-levering@tdc-erhverv.example"]
staff = ["anne.staff@medcom.example"]
[database]
url = "{db_url}"
[local]
inbox = "{bot.cfg.local.inbox}"
outbox = "{bot.cfg.local.outbox}"
[digest]
hour = 0
""")
    for i, cvr in enumerate(CVRS):
        raw = mail((f"Kontakt {i}", f"k{i}@kommune{i}.example"), "Tilslutning til SDN",
                   f"Kommune nummer {i} ønsker tilslutning. CVR {cvr}.", "2026-11-02T09:00:00+01:00")
        deliver(bot.cfg.local.inbox, raw)
        if i % 3 == 0:
            deliver(bot.cfg.local.inbox, raw)  # the same mail delivered twice
    procs = [subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--once", "--config", str(cfg), "--now",
                               "2026-11-02T09:15:00+01:00"], stderr=subprocess.PIPE) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=240)
        assert p.returncode == 0, err.decode()[-3000:]
    cases = bot.cases()
    assert sorted(c["cvr"] for c in cases) == sorted(CVRS)
    sent = [email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in bot.cfg.local.outbox.glob("*.eml")]
    per_step = Counter(str(m["X-SDN-Step"]) for m in sent)
    assert per_step == {"starter_pack": len(CVRS), "staff_digest": 1}
    assert len({str(m["To"]) for m in sent if m["X-SDN-Step"] == "starter_pack"}) == len(CVRS)
    assert list((bot.cfg.local.inbox / "new").iterdir()) == []


def test_only_one_daemon_reads_the_mailbox_at_a_time(tmp_path: Path, db_url: str) -> None:
    from mailbot.clock import parse_now
    from mailbot.store.db import exclusive

    from . import mails

    bot = Bot(tmp_path, db_url)
    bot.deliver(mails.inquiry())
    runner = bot.app.runner()
    with exclusive(bot.app.engine, f"mailbox:{runner.source_prefix}") as first:
        assert first
        counts = runner.cycle(parse_now("2026-11-02T09:15:00+01:00"))  # a second daemon meanwhile
        on_postgres = bot.app.engine.dialect.name == "postgresql"
        assert counts["fetched"] == (0 if on_postgres else 1)
    if on_postgres:
        assert runner.cycle(parse_now("2026-11-02T09:16:00+01:00"))["fetched"] == 1
    assert len(bot.cases()) == 1
