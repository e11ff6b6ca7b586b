"""SmtpSender against a real aiosmtpd server (tests/servers/smtp_sink.py): delivery, TLS, AUTH, errors."""
from __future__ import annotations

import base64
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.config import SmtpConfig
from mailbot.transport.base import PermanentFailure, TemporaryFailure
from mailbot.transport.smtp import RecipientsRefused, SmtpSender
from tests.servers._util import TlsFiles, free_port, make_tls_files
from tests.servers.smtp_sink import SmtpSink
from tests.transport.helpers import make_mail

FROM = "sdn@medcom.example"


def cfg_for(sink: SmtpSink, **kw: object) -> SmtpConfig:
    base: dict[str, object] = {"host": sink.host, "port": sink.port, "security": "none", "timeout_seconds": 10.0}
    base.update(kw)
    return SmtpConfig(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def secure_sink(tmp_path: Path, tls: TlsFiles, request: pytest.FixtureRequest) -> Iterator[SmtpSink]:
    mode = getattr(request, "param", "starttls")
    sink = SmtpSink(tmp_path / "sent", tls=mode, cert_file=tls.cert_file, key_file=tls.key_file,
                    auth=("mailbot", "S3cret-pw-77"), auth_required=True)
    with sink:
        yield sink


def test_plain_delivery_stores_exact_bytes_and_envelope(smtp_sink: SmtpSink) -> None:
    raw = make_mail("Velkommen")
    with SmtpSender(cfg_for(smtp_sink)) as sender:
        sender.send(raw, FROM, ["it@region.example", "cc@region.example"], "<m1@medcom.example>")
    (got,) = smtp_sink.messages()
    assert got.mail_from == FROM
    assert got.rcpt_tos == ["it@region.example", "cc@region.example"]
    assert got.raw.rstrip(b"\r\n") == raw.rstrip(b"\r\n")
    assert got.path.with_suffix(".json").exists()


def test_one_connection_is_reused_and_redialled_after_server_hangup(smtp_sink: SmtpSink) -> None:
    sender = SmtpSender(cfg_for(smtp_sink))
    try:
        sender.send(make_mail("1"), FROM, ["a@x.example"], "<1@m.example>")
        first = sender._conn
        sender.send(make_mail("2"), FROM, ["a@x.example"], "<2@m.example>")
        assert sender._conn is first
        # the server closes idle connections (as real ones do after a few minutes)
        assert first is not None
        first.sock.shutdown(socket.SHUT_RDWR)  # type: ignore[union-attr]
        sender.send(make_mail("3"), FROM, ["a@x.example"], "<3@m.example>")
        assert sender._conn is not first
    finally:
        sender.close()
    assert len(smtp_sink.messages()) == 3


def test_temporary_recipient_failure(smtp_sink: SmtpSink) -> None:
    smtp_sink.rules.rcpt["busy@x.example"] = (451, "4.3.0 try again later")
    with SmtpSender(cfg_for(smtp_sink)) as sender:
        with pytest.raises(TemporaryFailure, match="451"):
            sender.send(make_mail("t"), FROM, ["busy@x.example"], "<t@m.example>")
        # the session is still usable after the refused transaction
        sender.send(make_mail("u"), FROM, ["ok@x.example"], "<u@m.example>")
    assert [m.rcpt_tos for m in smtp_sink.messages()] == [["ok@x.example"]]


def test_permanent_recipient_failure(smtp_sink: SmtpSink) -> None:
    smtp_sink.rules.rcpt["gone@x.example"] = (550, "5.1.1 no such user")
    with SmtpSender(cfg_for(smtp_sink)) as sender:
        with pytest.raises(PermanentFailure, match="5.1.1") as info:
            sender.send(make_mail("p"), FROM, ["gone@x.example"], "<p@m.example>")
    assert not isinstance(info.value, TemporaryFailure)
    assert isinstance(info.value, RecipientsRefused) and list(info.value.refused) == ["gone@x.example"]
    assert smtp_sink.messages() == []


def test_partial_refusal_names_the_refused_and_delivers_to_the_rest(smtp_sink: SmtpSink) -> None:
    smtp_sink.rules.rcpt["gone@x.example"] = (550, "5.1.1 no such user")
    with SmtpSender(cfg_for(smtp_sink)) as sender:
        with pytest.raises(RecipientsRefused) as info:
            sender.send(make_mail("mix"), FROM, ["ok@x.example", "gone@x.example"], "<mix@m.example>")
    assert info.value.refused == {"gone@x.example": (550, "5.1.1 no such user")}
    assert info.value.accepted == ["ok@x.example"]
    assert "gone@x.example" in str(info.value)
    assert [m.rcpt_tos for m in smtp_sink.messages()] == [["ok@x.example"]]


def test_mixed_4xx_and_5xx_with_nobody_accepting_is_permanent(smtp_sink: SmtpSink) -> None:
    smtp_sink.rules.rcpt["busy@x.example"] = (452, "4.2.2 mailbox full")
    smtp_sink.rules.rcpt["gone@x.example"] = (550, "5.1.1 no such user")
    with SmtpSender(cfg_for(smtp_sink)) as sender:
        with pytest.raises(RecipientsRefused) as info:
            sender.send(make_mail("m"), FROM, ["busy@x.example", "gone@x.example"], "<m@m.example>")
    assert list(info.value.refused) == ["gone@x.example"]


@pytest.mark.parametrize(("stage", "code", "expected"), [
    ("mail_from", 451, TemporaryFailure), ("mail_from", 553, PermanentFailure),
    ("data", 452, TemporaryFailure), ("data", 554, PermanentFailure),
])
def test_sender_and_data_refusals(smtp_sink: SmtpSink, stage: str, code: int,
                                  expected: type[Exception]) -> None:
    if stage == "mail_from":
        smtp_sink.rules.mail_from[FROM] = (code, f"{code // 100}.0.0 refused")
    else:
        smtp_sink.rules.data = (code, f"{code // 100}.0.0 refused")
    with SmtpSender(cfg_for(smtp_sink)) as sender:
        with pytest.raises(expected, match=str(code)) as info:
            sender.send(make_mail("x"), FROM, ["a@x.example"], "<x@m.example>")
    other = PermanentFailure if expected is TemporaryFailure else TemporaryFailure
    assert not isinstance(info.value, other)
    assert smtp_sink.messages() == []


def test_nobody_listening_is_temporary() -> None:
    cfg = SmtpConfig(host="127.0.0.1", port=free_port(), security="none", timeout_seconds=5.0)
    with SmtpSender(cfg) as sender:
        with pytest.raises(TemporaryFailure, match="ConnectionRefused"):
            sender.send(b"x", FROM, ["a@x.example"], "<x@m.example>")


def test_silent_server_times_out_as_temporary() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)  # accepts TCP, never says 220
    try:
        cfg = SmtpConfig(host="127.0.0.1", port=listener.getsockname()[1], security="none", timeout_seconds=1.0)
        start = time.monotonic()
        with pytest.raises(TemporaryFailure):
            SmtpSender(cfg).send(b"x", FROM, ["a@x.example"], "<x@m.example>")
        assert time.monotonic() - start < 10
    finally:
        listener.close()


@pytest.mark.parametrize("secure_sink", ["starttls", "ssl"], indirect=True)
def test_tls_with_auth_and_ca_file(secure_sink: SmtpSink, tls: TlsFiles,
                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cfg = cfg_for(secure_sink, security=secure_sink.tls, username="mailbot", password="S3cret-pw-77",
                  ca_file=str(tls.ca_file))
    with SmtpSender(cfg) as sender:
        sender.send(make_mail("tls"), FROM, ["a@x.example"], "<tls@m.example>")
    assert len(secure_sink.messages()) == 1
    assert secure_sink.authenticator is not None and secure_sink.authenticator.attempts == 1
    assert "S3cret-pw-77" not in caplog.text


def _nagle_off(sender: SmtpSender) -> bool:
    sock = sender._conn.sock if sender._conn is not None else None
    assert sock is not None
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


@pytest.mark.parametrize("secure_sink", ["starttls", "ssl"], indirect=True)
def test_final_dot_is_not_held_back_by_nagle_over_tls(secure_sink: SmtpSink, tls: TlsFiles) -> None:
    cfg = cfg_for(secure_sink, security=secure_sink.tls, username="mailbot", password="S3cret-pw-77",
                  ca_file=str(tls.ca_file))
    with SmtpSender(cfg) as sender:
        sender.send(make_mail("tls"), FROM, ["a@x.example"], "<nd@m.example>")
        assert _nagle_off(sender)


def test_final_dot_is_not_held_back_by_nagle(smtp_sink: SmtpSink) -> None:
    """The "." goes in a write of its own after the body; with Nagle on it waits for the server's delayed
    acknowledgement of the body (40 ms a mail on Linux)."""
    with SmtpSender(cfg_for(smtp_sink)) as sender:
        sender.send(make_mail("1"), FROM, ["a@x.example"], "<nd1@m.example>")
        assert _nagle_off(sender)


@pytest.mark.parametrize("secure_sink", ["starttls", "ssl"], indirect=True)
def test_untrusted_certificate_fails(secure_sink: SmtpSink, tls: TlsFiles) -> None:
    cfg = cfg_for(secure_sink, security=secure_sink.tls, username="mailbot", password="S3cret-pw-77",
                  ca_file=str(tls.other_ca_file))
    with SmtpSender(cfg) as sender:
        with pytest.raises(TemporaryFailure, match="certificate"):
            sender.send(make_mail("x"), FROM, ["a@x.example"], "<x@m.example>")
    assert secure_sink.messages() == []


def test_wrong_password_is_permanent_and_not_in_the_message(secure_sink: SmtpSink, tls: TlsFiles) -> None:
    cfg = cfg_for(secure_sink, security="starttls", username="mailbot", password="Not-It-93",
                  ca_file=str(tls.ca_file))
    with SmtpSender(cfg) as sender:
        with pytest.raises(PermanentFailure, match="authentication failed") as info:
            sender.send(make_mail("x"), FROM, ["a@x.example"], "<x@m.example>")
    assert "Not-It-93" not in str(info.value)


def test_no_auth_where_the_server_requires_it_is_permanent(secure_sink: SmtpSink, tls: TlsFiles) -> None:
    cfg = cfg_for(secure_sink, security="starttls", ca_file=str(tls.ca_file))
    with SmtpSender(cfg) as sender:
        with pytest.raises(PermanentFailure, match="530"):
            sender.send(make_mail("x"), FROM, ["a@x.example"], "<x@m.example>")


def test_starttls_demanded_but_not_offered(smtp_sink: SmtpSink) -> None:
    with SmtpSender(cfg_for(smtp_sink, security="starttls")) as sender:
        with pytest.raises(PermanentFailure, match="STARTTLS"):
            sender.send(make_mail("x"), FROM, ["a@x.example"], "<x@m.example>")


def test_xoauth2_sends_the_sasl_string(tmp_path: Path, tls: TlsFiles) -> None:
    """aiosmtpd has no XOAUTH2; a handler method of the sink's shape checks what arrives."""
    seen: list[str] = []

    class Tokens:
        def token(self) -> str:
            return "access-Tok-5"

    sink = SmtpSink(tmp_path / "sent", tls="starttls", cert_file=tls.cert_file, key_file=tls.key_file)

    async def auth_XOAUTH2(server: object, args: list[str]) -> object:  # noqa: N802 - aiosmtpd naming
        from aiosmtpd.smtp import AuthResult

        seen.append(base64.b64decode(args[1]).decode())
        return AuthResult(success=True)

    sink.handler.auth_XOAUTH2 = auth_XOAUTH2  # type: ignore[attr-defined]
    sink.controller.SMTP_kwargs["auth_require_tls"] = True
    with sink:
        cfg = cfg_for(sink, security="starttls", username="sdn@medcom.example", ca_file=str(tls.ca_file))
        with SmtpSender(cfg, token_provider=Tokens()) as sender:
            sender.send(make_mail("o"), FROM, ["a@x.example"], "<o@m.example>")
    assert seen == ["user=sdn@medcom.example\x01auth=Bearer access-Tok-5\x01\x01"]
    assert len(sink.messages()) == 1


def test_sink_standalone_process(tmp_path: Path) -> None:
    """`python -m tests.servers.smtp_sink --port N --dir D` is what the scenario harness starts."""
    import json
    import smtplib
    import subprocess
    import sys

    port = free_port()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "tests.servers.smtp_sink", "--port", str(port),
                             "--dir", str(tmp_path / "out")], cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["port"] == port
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as c:
            c.sendmail(FROM, ["a@x.example"], make_mail("cli"))
        metas = list((tmp_path / "out").glob("*.json"))
        assert len(metas) == 1
        assert json.loads(metas[0].read_text()) == {"mail_from": FROM, "rcpt_tos": ["a@x.example"]}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0


def test_sink_survives_concurrent_senders(smtp_sink: SmtpSink) -> None:
    def send(i: int) -> None:
        with SmtpSender(cfg_for(smtp_sink)) as s:
            s.send(make_mail(f"c{i}"), FROM, ["a@x.example"], f"<c{i}@m.example>")
    threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({m.path for m in smtp_sink.messages()}) == 8
