"""Crash test: a backlog in Dovecot, the daemon SIGKILLed at random moments and restarted, again and again.

At the end every mail is processed exactly once (one ledger row with an outcome, filed in one folder)
and nobody got any mail twice (per Message-ID, and per recipient, step and case). A kill that lands
between the SMTP server's "250" and the commit leaves the mail `uncertain` for a person (see
mailbot/pipeline/send.py): the test accepts that, but only with a staff notice naming the mail.
"""
from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.servers.smtp_sink import SmtpSink

from .harness import (
    DaemonProcess,
    append_all,
    build_backlog,
    check_exactly_once,
    engine_for,
    quiet,
    wait_until,
    write_config,
)

# `make test` kills 8 times (the seeded moments cover start-up, fetch, parse, send and filing); `make bench` runs
# the long loop, CRASH_ITERATIONS=20 or more
KILLS = int(os.environ.get("CRASH_ITERATIONS", "8"))
SEED = 20261125


@pytest.mark.imap
@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_sigkill_at_random_moments_loses_nothing_and_repeats_nothing(
        backend: str, tmp_path: Path, imap_account: Any, own_sink: SmtpSink, request: pytest.FixtureRequest) -> None:
    db_url = request.getfixturevalue("pg_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'bot.db'}"
    # a few hundred on PostgreSQL (production); fewer on SQLite, which serialises everything anyway
    # a few large mails among them, fetched in pieces, so kills also land between fetch and store
    backlog = (build_backlog(inquiries=230, with_agreements=30, auto_replies=25, strangers=15, large=6)
               if backend == "postgresql" else
               build_backlog(inquiries=160, with_agreements=15, auto_replies=15, strangers=10, large=6))
    append_all(imap_account, backlog.raws)
    daemon = DaemonProcess(write_config(tmp_path, db_url, imap_account, own_sink.port), imap_account.password,
                           tmp_path / "daemon.log")
    engine = engine_for(db_url)
    rng = random.Random(SEED)
    kills_during_work = 0  # how many kills found mail still in hand (reported, not asserted: it is timing)
    try:
        for _ in range(KILLS):
            daemon.start()
            time.sleep(rng.uniform(0.3, 3.0))  # start-up, fetch, parse, decide, send or file: wherever it is
            assert daemon.alive(), daemon.log_tail()
            kills_during_work += not quiet(engine, len(backlog.raws))
            daemon.kill()
        daemon.start()
        wait_until(lambda: quiet(engine, len(backlog.raws)), 150, "the backlog to be processed", daemon)
        daemon.wait_cycled()
        assert daemon.terminate() == 0
        # mail a kill left in `sending` is stale after 15 minutes: then it becomes `uncertain`, staff are told
        daemon.run_once((datetime.now(UTC) + timedelta(minutes=20)).isoformat())
        figures = check_exactly_once(engine, own_sink, imap_account, backlog)
    finally:
        if daemon.proc is not None:
            daemon.kill()
        engine.dispose()
    print(f"crash test ({backend}): {KILLS} kills, {kills_during_work} during work; {figures}")
