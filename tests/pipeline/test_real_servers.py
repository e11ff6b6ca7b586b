"""The whole bot against a real Dovecot (IMAP) and a real SMTP server, on SQLite and PostgreSQL."""
from __future__ import annotations

import email
from email import policy
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

from mailbot.app import App
from mailbot.clock import parse_now
from mailbot.config import from_dict
from mailbot.views import cases_json

from . import mails
from .real_app import FOLDERS, imap_session, one_cycle, real_app

PARTY = mails.PARTY[1]


def _bot(tmp_path: Path, db_url: str, account: Any, sink: Any, **smtp: Any) -> App:
    return real_app(tmp_path, db_url, account, sink, mailbox=FOLDERS, smtp={"max_attempts": 2, **smtp})


def _imap(account: Any) -> IMAPClient:
    return imap_session(account)


def _cycle(app: App, at: str) -> None:
    one_cycle(app, at)


def test_imap_in_smtp_out(tmp_path: Path, db_url: str, imap_account: Any, smtp_sink: Any) -> None:
    app = _bot(tmp_path, db_url, imap_account, smtp_sink)
    with _imap(imap_account) as c:
        c.append("INBOX", mails.inquiry())
    _cycle(app, "2026-11-02T09:15:00+01:00")
    (sent,) = smtp_sink.messages()
    msg = email.message_from_bytes(sent.raw, policy=policy.default)
    assert msg["X-SDN-Step"] == "starter_pack" and sent.rcpt_tos == [PARTY]
    assert sent.mail_from == "sdn@medcom.example"
    with _imap(imap_account) as c:
        assert c.select_folder("INBOX")[b"EXISTS"] == 0  # filed after the commit
        assert c.select_folder("SDN/Behandlet")[b"EXISTS"] == 1
        (uid,) = c.search("ALL")
        assert b"\\Seen" not in c.get_flags([uid])[uid]  # BODY.PEEK: the bot did not mark it read
        # a stranger's mail goes to the needs-attention folder (a name with æøå)
        c.append("INBOX", mails.mail(("X", "x@elsewhere.example"), "SV: [SDN-2026-9999] hej", "hej",
                                     "2026-11-02T10:00:00+01:00"))
    _cycle(app, "2026-11-02T10:05:00+01:00")
    with _imap(imap_account) as c:
        assert c.select_folder("SDN/Kræver opmærksomhed")[b"EXISTS"] == 1
    _cycle(app, "2026-11-02T10:10:00+01:00")  # nothing new: nothing fetched twice, nothing sent twice
    assert len(smtp_sink.messages()) == 2  # the starter pack and the staff notice
    assert cases_json(app.engine)[0]["state"] == "awaiting_agreements"


def test_smtp_temporary_failure_is_retried_and_permanent_failure_raised(tmp_path: Path, db_url: str,
                                                                       imap_account: Any, smtp_sink: Any) -> None:
    app = _bot(tmp_path, db_url, imap_account, smtp_sink)
    smtp_sink.rules.rcpt[PARTY] = (451, "4.3.0 try again later")
    with _imap(imap_account) as c:
        c.append("INBOX", mails.inquiry())
    _cycle(app, "2026-11-02T09:15:00+01:00")
    assert smtp_sink.messages() == []
    smtp_sink.rules.rcpt[PARTY] = (550, "5.1.1 no such user")
    _cycle(app, "2026-11-02T11:15:00+01:00")  # after the backoff: now refused for good
    sent = [email.message_from_bytes(m.raw, policy=policy.default) for m in smtp_sink.messages()]
    assert [str(m["X-SDN-Step"]) for m in sent] == ["staff_notice"]
    case = cases_json(app.engine)[0]
    assert case["needs_attention"] and "starter_pack" in case["attention_reason"]
    _cycle(app, "2026-11-02T13:15:00+01:00")
    assert len(smtp_sink.messages()) == 1  # the refused mail is not tried again


def test_xoauth2_mailbox_keeps_the_rotated_refresh_token_in_the_database(tmp_path: Path, imap_account: Any,
                                                                         dovecot: Any, smtp_sink: Any) -> None:
    from sqlmodel import Session

    from mailbot.store.db import get_setting
    from tests.servers.oauth2_endpoint import TokenEndpoint

    with TokenEndpoint(refresh_token="rt-0") as ep:
        dovecot.add_token("at-1", imap_account.username)  # the first access token the endpoint issues
        cfg = from_dict({
            "addresses": {"medcom": "sdn@medcom.example", "tdc": ["sdn-levering@tdc-erhverv.example"],
                          "staff": ["anne.staff@medcom.example"]},
            "database": {"url": f"sqlite:///{tmp_path / 'bot.db'}"},
            "mailbox": {"host": imap_account.host, "port": imap_account.ssl_port, "security": "ssl",
                        "username": imap_account.username, "ca_file": imap_account.ca_file, "idle": False,
                        "auth": "xoauth2", "oauth2": {"provider": "refresh_token", "client_id": "sdn-mailbot",
                                                       "refresh_token_env": "RT", "token_url": ep.token_url}},
            "smtp": {"host": smtp_sink.host, "port": smtp_sink.port, "security": "none"},
            "digest": {"enabled": False},
        }, base=tmp_path, env={"RT": "rt-0"})
        app = App.open(cfg)
        with _imap(imap_account) as c:
            c.append("INBOX", mails.inquiry())
        _cycle(app, "2026-11-02T09:15:00+01:00")
    assert [m.rcpt_tos for m in smtp_sink.messages()] == [[PARTY]]
    with Session(app.engine) as s:
        assert get_setting(s, "oauth2_refresh_token:imap") == {"token": "rt-1"}


def test_crash_after_smtp_accepted_gives_no_second_copy(tmp_path: Path, db_url: str, imap_account: Any,
                                                        smtp_sink: Any) -> None:
    """The server took the mail, then the process died before recording it: the party sees one copy."""
    from mailbot.transport.smtp import SmtpSender
    from mailbot.views import outbox_list, outbox_resend

    app = _bot(tmp_path, db_url, imap_account, smtp_sink)
    with _imap(imap_account) as c:
        c.append("INBOX", mails.inquiry())
    runner = app.runner()
    real_send = SmtpSender.send

    def send_then_die(self: SmtpSender, *a: Any, **kw: Any) -> None:
        real_send(self, *a, **kw)
        raise KeyboardInterrupt("power cut")

    runner.sender.send = send_then_die.__get__(runner.sender)  # type: ignore[method-assign]
    try:
        runner.cycle(parse_now("2026-11-02T09:15:00+01:00"))
    except KeyboardInterrupt:
        pass
    runner.inbox.close()
    _cycle(app, "2026-11-02T09:16:00+01:00")  # too soon to tell: nothing happens
    _cycle(app, "2026-11-02T09:45:00+01:00")  # stale: marked uncertain, staff told, not resent
    steps = [str(email.message_from_bytes(m.raw, policy=policy.default)["X-SDN-Step"]) for m in smtp_sink.messages()]
    assert sorted(steps) == ["staff_notice", "starter_pack"]
    (line,) = outbox_list(app.engine, "uncertain")
    ok, _ = outbox_resend(app.engine, int(line.split()[0]))  # staff checked the log: it never left
    assert ok
    _cycle(app, "2026-11-02T10:00:00+01:00")
    assert len(smtp_sink.messages()) == 3


def test_restart_files_a_mail_left_behind_without_downloading_it_again(tmp_path: Path, db_url: str,
                                                                       imap_account: Any, smtp_sink: Any,
                                                                       monkeypatch: Any) -> None:
    """Committed, then the move was lost: the next process files it by its key; the ledger has its bytes."""
    from mailbot.transport.imap import ImapInbox

    app = _bot(tmp_path, db_url, imap_account, smtp_sink)
    with _imap(imap_account) as c:
        c.append("INBOX", mails.inquiry())
    runner = app.runner()

    def power_cut(self: ImapInbox, *a: Any) -> None:
        raise RuntimeError("power cut before the move")

    runner.inbox.acknowledge_all = power_cut.__get__(runner.inbox)  # type: ignore[method-assign]
    runner.cycle(parse_now("2026-11-02T09:15:00+01:00"))
    runner.inbox.close()
    with _imap(imap_account) as c:
        assert c.select_folder("INBOX")[b"EXISTS"] == 1
    downloads: list[object] = []
    real_fetch = IMAPClient.fetch

    def counting_fetch(self: IMAPClient, messages: Any, data: Any, modifiers: Any = None) -> Any:
        downloads.append(messages)
        return real_fetch(self, messages, data, modifiers)

    monkeypatch.setattr(IMAPClient, "fetch", counting_fetch)
    _cycle(app, "2026-11-02T09:20:00+01:00")  # a new process: its first fetch rescans the folder
    assert downloads == []
    with _imap(imap_account) as c:
        assert c.select_folder("INBOX")[b"EXISTS"] == 0
        assert c.select_folder("SDN/Behandlet")[b"EXISTS"] == 1
    assert len(smtp_sink.messages()) == 1


def test_daemon_wakes_on_imap_idle(tmp_path: Path, imap_account: Any, smtp_sink: Any) -> None:
    """With polling every 10 minutes, a mail is still answered within seconds: IDLE starts the cycle."""
    import os
    import signal
    import subprocess
    import sys
    import time

    cfg = tmp_path / "bot.toml"
    cfg.write_text(f"""
[addresses]
medcom = "sdn@medcom.example"
tdc = ["sdn-levering@tdc-erhverv.example"]
staff = ["anne.staff@medcom.example"]
[database]
url = "sqlite:///{tmp_path / 'bot.db'}"
[mailbox]
host = "{imap_account.host}"
port = {imap_account.port}
security = "starttls"
ca_file = "{imap_account.ca_file}"
username = "{imap_account.username}"
password_env = "IMAP_PW"
poll_seconds = 600
[smtp]
host = "{smtp_sink.host}"
port = {smtp_sink.port}
security = "none"
[digest]
enabled = false
""")
    proc = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(cfg)],
                            env={**os.environ, "IMAP_PW": imap_account.password, "MAILBOT_LOG": "INFO"},
                            stderr=subprocess.PIPE)
    try:
        time.sleep(3)  # the first cycle has run and IDLE is waiting
        with _imap(imap_account) as c:
            c.append("INBOX", mails.inquiry(at="2026-11-25T09:00:00+01:00"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not smtp_sink.messages():
            time.sleep(0.2)
        assert [m.rcpt_tos for m in smtp_sink.messages()] == [[PARTY]]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert imap_account.password not in err.decode()
