"""Operations in process: dry run, failed mail and reprocessing, retention, health, leadership, log redaction."""
from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from mailbot import logs
from mailbot.cli import main
from mailbot.clock import DANISH, parse_now
from mailbot.config import ConfigError, from_dict, secrets_of
from mailbot.daemon import Leadership, digest_schedule
from mailbot.ops import purge
from mailbot.store import raw as raw_store
from mailbot.store.db import make_engine
from mailbot.store.models import InboundRow, OutboundRow, TimelineRow

from . import mails
from .conftest import STAFF, Bot, steps
from .test_daemon_processes import write_config

PARTY = mails.PARTY[1]
BASE = {"addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                      "staff": [STAFF]},
        "local": {"inbox": "inbox", "outbox": "outbox"}, "digest": {"enabled": False}}


def _sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bot.db'}"


def _outbound(bot: Bot) -> list[OutboundRow]:
    with Session(bot.app.engine) as s:
        return list(s.exec(select(OutboundRow).order_by(OutboundRow.id)))  # type: ignore[arg-type]


def _inbound(bot: Bot) -> list[InboundRow]:
    with Session(bot.app.engine) as s:
        return list(s.exec(select(InboundRow).order_by(InboundRow.id)))  # type: ignore[arg-type]


def test_dry_run_records_but_sends_nothing_and_switching_it_off_sends_no_stale_mail(tmp_path: Path) -> None:
    dry = Bot(tmp_path, _sqlite(tmp_path), extra={"daemon": {"dry_run": True}})
    dry.deliver(mails.inquiry())
    assert dry.cycle("2026-11-02T09:15:00+01:00") == []
    assert dry.case()["state"] == "awaiting_agreements"  # processed and recorded
    (out,) = _outbound(dry)
    assert out.step == "starter_pack" and out.status == "dry_run" and out.raw  # rendered, kept, not sent
    assert len(list((tmp_path / "inbox" / "new").iterdir())) == 1  # the mailbox is left as it was

    live = Bot(tmp_path, _sqlite(tmp_path))  # dry run switched off: the old mail stays unsent
    assert live.cycle("2026-11-03T09:15:00+01:00") == []
    assert [o.status for o in _outbound(live)] == ["dry_run"]
    assert list((tmp_path / "inbox" / "new").iterdir()) == []  # now it is filed
    from mailbot.views import outbox_resend

    assert outbox_resend(live.app.engine, out.id)[0]  # a person may still send one that should go
    assert steps(live.cycle("2026-11-03T09:20:00+01:00")) == [("starter_pack", PARTY)]


def test_failed_mail_is_kept_filed_staff_told_and_reprocessed_once_after_a_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    data: dict[str, Any] = {**BASE, "database": {"url": _sqlite(tmp_path)}}
    config = write_config(tmp_path / "bot.toml", data)
    bot = Bot(tmp_path, _sqlite(tmp_path))
    raw = mails.inquiry()
    bot.deliver(raw)

    def broken(raw: bytes | Path, *_: Any) -> None:
        text = (raw.read_bytes() if isinstance(raw, Path) else raw).decode()  # the stage hands over a file
        raise RuntimeError(f"a bug in the reader near {text[-40:]!r}")  # quotes the mail

    monkeypatch.setattr("mailbot.pipeline.parse.read_mail", broken)
    monkeypatch.setattr("mailbot.pipeline.parse.read_mails", lambda raws, *_: [broken(r) for r in raws])  # parallel
    (notice,) = bot.cycle("2026-11-02T09:15:00+01:00")
    assert notice["X-SDN-Step"] == "staff_notice" and STAFF in str(notice["To"])
    body = notice.get_body(("plain",)).get_content()
    assert "mailbot reprocess 1" in body and "a bug in the reader" in body
    assert "ParseStage failed on row 1: RuntimeError" in caplog.text
    assert "Mette Holm" not in caplog.text  # the log names the row, never what the mail says
    (row,) = _inbound(bot)
    with Session(bot.app.engine) as s:
        assert row.outcome == "failed" and raw_store.read(s, row) == raw  # the raw mail is archived unchanged
    (filed,) = (tmp_path / "inbox" / ".Failed" / "cur").iterdir()
    assert filed.read_bytes() == raw
    assert bot.cases() == []

    monkeypatch.undo()  # the fix is deployed
    assert main(["reprocess", "99", "--config", str(config)]) == 1
    assert main(["reprocess", "--failed", "--config", str(config)]) == 0
    assert "#1: queued again (was failed)" in capsys.readouterr().out
    assert steps(bot.cycle("2026-11-02T10:15:00+01:00")) == [("starter_pack", PARTY)]
    assert _inbound(bot)[0].outcome == "processed" and bot.case()["state"] == "awaiting_agreements"
    assert main(["reprocess", "1", "--config", str(config)]) == 1  # processed mail is never run again
    assert bot.cycle("2026-11-02T11:15:00+01:00") == []
    assert filed.exists()  # the mailbox copy stays in the failed folder


def test_retention_purges_mail_and_documents_but_keeps_cases_and_timeline(tmp_path: Path, db_url: str) -> None:
    bot = Bot(tmp_path, db_url, extra={"retention": {"raw_mail_days": 30}})
    first = mails.inquiry()
    bot.deliver(first)
    bot.cycle("2026-11-02T09:15:00+01:00")
    ref = bot.case()["ref"]
    bot.deliver(mails.agreements(ref))
    bot.cycle("2026-12-20T09:15:00+01:00")  # a newer mail, inside the retention time
    counts = purge(bot.app.engine, bot.cfg, parse_now("2026-12-21T03:00:00+01:00"))
    assert counts == {"inbound": 1, "outbound": 1}
    old, new = _inbound(bot)
    assert old.raw == b"" and old.raw_ref is None and old.sha256 and old.sender == PARTY and old.subject
    with Session(bot.app.engine) as s:  # the kept file or large object went too; the newer one is there
        assert raw_store.read(s, old) == b"" and raw_store.read(s, new).startswith(b"From")
    assert old.reading is not None and "body_text" not in old.reading["message"]
    assert "Vestby Kommune ønsker" not in str(old.reading) and old.reading["purged_at"]
    assert raw_store.held(new) and new.reading and new.reading["documents"][0]["fields"]  # newer mail untouched
    first_out = _outbound(bot)[0]
    assert first_out.raw is None and first_out.status == "sent" and first_out.to_addrs == [PARTY]
    with Session(bot.app.engine) as s:
        assert s.exec(select(TimelineRow)).first() is not None
    assert bot.case()["ref"] == ref
    assert purge(bot.app.engine, bot.cfg, parse_now("2026-12-21T04:00:00+01:00")) == {"inbound": 0, "outbound": 0}
    bot.deliver(first)  # the same bytes again: the kept hash still knows them
    bot.cycle("2026-12-21T09:15:00+01:00")
    assert len(_inbound(bot)) == 2 and not any(m["X-SDN-Step"] == "starter_pack" for m in bot.new_mail())


def test_health_line_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "bot.toml", {**BASE, "database": {"url": _sqlite(tmp_path)},
                                                  "health": {"max_fetch_age_minutes": 10}})
    assert main(["health", "--config", str(config)]) == 3  # no database yet
    assert capsys.readouterr().out.startswith("UNKNOWN: the database cannot be read")
    bot = Bot(tmp_path, _sqlite(tmp_path))
    assert main(["health", "--config", str(config)]) == 2
    assert capsys.readouterr().out.startswith("CRITICAL: no successful fetch yet")
    bot.deliver(mails.inquiry())
    now = datetime.now(DANISH)
    bot.cycle(now.isoformat())
    assert main(["health", "--config", str(config)]) == 0
    line = capsys.readouterr().out
    assert line.startswith("OK") and "inbound queue 0" in line and "last send 20" in line
    bot.deliver(mails.mail(mails.PARTY, "x", "y", "2026-11-02T09:12:00+01:00"))
    bot.app.runner().cycle(now - timedelta(hours=2), fetch=True)  # stored two hours ago ...
    with Session(bot.app.engine) as s:  # ... and still waiting (as if the parser were stuck)
        row = _inbound(bot)[-1]
        row.status, row.outcome = "stored", None
        s.add(row)
        s.commit()
    assert main(["health", "--config", str(config)]) == 2
    assert "a mail has waited 2 h to be processed" in capsys.readouterr().out


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_leadership_is_exclusive_and_lost_with_the_connection(db_url: str) -> None:
    a, b = Leadership(make_engine(db_url)), Leadership(make_engine(db_url))
    assert a.check() and not b.check() and a.check()
    a.release()  # as when the leader's process ends
    assert b.check() and not a.check()
    with make_engine(db_url).connect() as admin:  # the database drops the leader's session (a restart)
        admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                           "AND pid <> pg_backend_pid()"))
        admin.commit()
    assert not b.check()  # it notices, and stops leading
    assert a.check() or b.check()  # and the next check elects one of them again
    assert not (a.leading and b.leading)


def test_log_filter_blanks_secrets_in_messages_and_tracebacks() -> None:
    cfg = from_dict({**BASE, "mailbox": {"host": "imap.medcom.example", "password": "pw-imap-secret"},
                     "smtp": {"host": "smtp.medcom.example", "password": "pw-smtp-secret"},
                     "database": {"url": "postgresql+psycopg://bot:pw-db-secret@127.0.0.1/bot"}})
    assert sorted(secrets_of(cfg)) == ["pw-db-secret", "pw-imap-secret", "pw-smtp-secret"]
    stream = io.StringIO()
    root = logging.getLogger()
    before = root.level
    logs.setup("INFO", "json", secrets_of(cfg), stream=stream)
    try:
        log = logging.getLogger("mailbot.test")
        log.warning("login as sdn with %s failed", "pw-imap-secret")
        try:
            raise ConnectionError("postgresql+psycopg://bot:pw-db-secret@127.0.0.1/bot refused")
        except ConnectionError:
            log.exception("database gone")
    finally:
        logs.setup(logging.getLevelName(before), "text", ())
        root.setLevel(before)
    out = stream.getvalue()
    assert "pw-" not in out, out
    assert "with *** failed" in out and "bot:***@" in out and "database gone" in out and "traceback" in out


def test_operations_config_is_checked() -> None:
    for bad in ({"logging": {"format": "xml"}}, {"logging": {"level": "LOUD"}}, {"metrics": {"port": 70000}},
                {"daemon": {"leader_check_seconds": 0}}, {"retention": {"raw_mail_days": -1}}):
        with pytest.raises(ConfigError, match=next(iter(bad))):
            from_dict({**BASE, **bad})
    cfg = from_dict(BASE)
    assert (cfg.metrics.port, cfg.metrics.host, cfg.retention.raw_mail_days, cfg.daemon.dry_run) == (
        0, "127.0.0.1", 0, False)
    assert digest_schedule(cfg) == {"day_of_week": "mon-fri", "hour": 7, "minute": 0}
    every_day = from_dict({**BASE, "digest": {"time": "16:45", "working_days_only": False}})
    assert digest_schedule(every_day) == {"day_of_week": "*", "hour": 16, "minute": 45}


def test_the_shipped_production_config_loads() -> None:
    from mailbot.config import load

    root = Path(__file__).resolve().parents[2]
    env = {"MAILBOT_IMAP_PASSWORD": "i", "MAILBOT_SMTP_PASSWORD": "s",
           "MAILBOT_DATABASE_URL": "postgresql+psycopg://bot:db-pw@db.medcom.example/bot"}
    cfg = load(root / "deploy" / "mailbot.production.toml", env=env)
    assert cfg.logging.format == "json" and cfg.metrics.port == 9464 and cfg.retention.raw_mail_days == 365
    assert cfg.database_url.startswith("postgresql") and "db-pw" in secrets_of(cfg)
    example = load(root / "config.example.toml", env=env)
    assert example.daemon.dry_run is False and example.metrics.port == 0


def test_a_stop_ends_the_cycle_after_the_mail_in_hand_and_loses_nothing(tmp_path: Path) -> None:
    import threading

    from mailbot.transport.maildir import MaildirInbox

    stop = threading.Event()

    class StopAfterFirst(MaildirInbox):
        """A real Maildir whose first mail arrives together with SIGTERM."""

        def fetch_new(self, settle: Any = None) -> Any:
            for mail in super().fetch_new(settle):
                yield mail
                stop.set()

    bot = Bot(tmp_path, _sqlite(tmp_path))
    bot.deliver(mails.inquiry())
    bot.deliver(mails.mail(("Jens Berg", "jens.berg@oestby-kommune.example"), "Tilslutning til SDN",
                           "Østby Kommune vil gerne tilsluttes SDN.", "2026-11-02T09:13:00+01:00"))
    runner = bot.app.runner()
    runner.inbox, runner.stop = StopAfterFirst(bot.cfg.local.inbox), stop
    counts = runner.cycle(parse_now("2026-11-02T09:15:00+01:00"))
    assert counts == {"sent": 0, "fetched": 1}  # the stage in hand finished; no later stage started
    assert len(_inbound(bot)) == 1 and _inbound(bot)[0].status == "stored"
    assert len(list((tmp_path / "inbox" / "new").iterdir())) == 2  # nothing filed, nothing lost
    assert sorted(t for _, t in steps(bot.cycle("2026-11-02T09:20:00+01:00"))) == [
        "jens.berg@oestby-kommune.example", PARTY]  # after the restart: each answered once
    assert bot.cycle("2026-11-02T09:25:00+01:00") == []


def test_the_daemon_schedules_each_job_and_the_digest_on_weekdays_at_its_time(tmp_path: Path) -> None:
    from mailbot.app import App
    from mailbot.daemon import Daemon

    cfg = from_dict({**BASE, "database": {"url": _sqlite(tmp_path)}, "digest": {"enabled": True, "time": "08:30"},
                     "daemon": {"tick_minutes": 5}}, base=tmp_path)
    daemon = Daemon(App.open(cfg))
    daemon.schedule()
    jobs = {j.id: j for j in daemon.scheduler.get_jobs()}
    assert sorted(jobs) == ["digest", "fetch", "housekeeping", "leader", "reminders", "send"]
    fields = {f.name: str(f) for f in jobs["digest"].trigger.fields}
    assert (fields["day_of_week"], fields["hour"], fields["minute"]) == ("mon-fri", "8", "30")
    assert jobs["reminders"].trigger.interval.total_seconds() == 300


def test_run_once_dry_run_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "bot.toml", {**BASE, "database": {"url": _sqlite(tmp_path)}})
    bot = Bot(tmp_path, _sqlite(tmp_path))
    bot.deliver(mails.inquiry())
    assert main(["run", "--once", "--dry-run", "--now", "2026-11-02T09:15:00+01:00", "--config", str(config)]) == 0
    assert bot.new_mail() == [] and [o.status for o in _outbound(bot)] == ["dry_run"]
    assert main(["outbox", "list", "--status", "dry_run", "--config", str(config)]) == 0
    assert "starter_pack" in capsys.readouterr().out
