"""A real SMTP server (aiosmtpd) on loopback that keeps every mail it accepts, for tests and the harness.

Each accepted mail becomes NNNNNN-<id>.eml plus NNNNNN-<id>.json ({"mail_from", "rcpt_tos"}) in a folder,
so a test (or `run-scenarios --sent-dir D`) reads exactly what went over the wire. Chosen recipients,
senders or the DATA stage can be told to answer 4xx or 5xx, so the sender's error mapping is tested against
real SMTP replies rather than mocks. TLS comes as STARTTLS or implicit SSL; AUTH can be required (only over
TLS, like a real submission server).

Standalone: `python -m tests.servers.smtp_sink --port N --dir D [--tls starttls|ssl --cert C --key K]
[--auth USER:PASSWORD]`.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import ssl
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.servers._util import free_port, wait_for_port, wait_port_closed


@dataclass
class Received:
    """One mail as the sink stored it."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    path: Path


@dataclass
class SinkRules:
    """Which answers to give instead of 250; keys are lower-case addresses, values (code, text)."""

    rcpt: dict[str, tuple[int, str]] = field(default_factory=dict)
    mail_from: dict[str, tuple[int, str]] = field(default_factory=dict)
    data: tuple[int, str] | None = None  # answer to the end of DATA, for every mail
    hang_up_after_data: int = 0  # store this many mails, then drop the connection instead of answering
    # hold the answer to RCPT for these addresses until `release` is set (a slow server, so a test can
    # kill the sender in the middle of the exchange); `stalled` is set when one such RCPT arrived
    stall_rcpt: set[str] = field(default_factory=set)
    stalled: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    def clear(self) -> None:
        self.stall_rcpt.clear()
        self.stalled.clear()
        self.release.clear()
        self.rcpt.clear()
        self.mail_from.clear()
        self.data = None
        self.hang_up_after_data = 0


class _Handler:
    """aiosmtpd handler: applies the rules, stores accepted mail."""

    def __init__(self, folder: Path, rules: SinkRules) -> None:
        self.folder = folder
        self.rules = rules
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str,  # noqa: N802
                          mail_options: list[str]) -> str:
        rule = self.rules.mail_from.get(address.lower())
        if rule:
            return f"{rule[0]} {rule[1]}"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,  # noqa: N802
                          rcpt_options: list[str]) -> str:
        rule = self.rules.rcpt.get(address.lower())
        if rule:
            return f"{rule[0]} {rule[1]}"
        if address.lower() in self.rules.stall_rcpt:
            self.rules.stalled.set()
            while not self.rules.release.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.rules.data:
            return f"{self.rules.data[0]} {self.rules.data[1]}"
        raw = envelope.original_content or b""
        with self._lock:
            stem = f"{next(self._counter):06d}-{uuid.uuid4().hex[:8]}"
        eml = self.folder / f"{stem}.eml"
        eml.write_bytes(raw)
        # the .json is written last: its presence means the .eml is complete; written aside and renamed, so
        # that a reader never finds it empty (with Nagle off the bot delivers fast enough to see that)
        meta = self.folder / f"{stem}.json.part"
        meta.write_text(json.dumps({"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}))
        os.replace(meta, self.folder / f"{stem}.json")
        if self.rules.hang_up_after_data > 0:  # a server that dies between storing and answering
            self.rules.hang_up_after_data -= 1
            server.transport.abort()
        return "250 Message accepted for delivery"


class _Authenticator:
    """aiosmtpd authenticator with one username/password pair."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username.encode()
        self.password = password.encode()
        self.attempts = 0

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                 auth_data: Any) -> AuthResult:
        self.attempts += 1
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == self.username
              and auth_data.password == self.password)
        return AuthResult(success=ok, handled=False)


class _ImplicitTlsSMTP(SMTP):
    """aiosmtpd only counts TLS that came by STARTTLS as TLS; on an implicit-TLS listener every
    connection is encrypted, so mark it, and "AUTH only over TLS" then works as on a real port 465."""

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        if transport.get_extra_info("sslcontext") is not None and self._tls_protocol is None:
            self._tls_protocol = transport  # only its truth is looked at outside STARTTLS


class _ImplicitTlsController(Controller):
    """Controller whose start-up probe speaks TLS, since the listener does (implicit SSL, port 465)."""

    def factory(self) -> SMTP:
        return _ImplicitTlsSMTP(self.handler, **self.SMTP_kwargs)

    def _trigger_server(self) -> None:
        import socket

        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        with socket.create_connection((self.hostname, self.port), timeout=5) as raw:
            with ctx.wrap_socket(raw) as s:
                s.recv(1024)


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 storing mail under `folder`.

    tls: "none", "starttls" (offered; required before AUTH) or "ssl" (implicit TLS).
    auth: (username, password) to offer AUTH PLAIN/LOGIN; `auth_required` refuses mail without it.
    """

    def __init__(self, folder: Path, *, port: int | None = None, tls: str = "none",
                 cert_file: Path | None = None, key_file: Path | None = None,
                 auth: tuple[str, str] | None = None, auth_required: bool = False,
                 require_starttls: bool = False) -> None:
        if tls not in ("none", "starttls", "ssl"):
            raise ValueError(f"tls must be none, starttls or ssl, not {tls!r}")
        if tls != "none" and not (cert_file and key_file):
            raise ValueError("a TLS sink needs cert_file and key_file")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.tls = tls
        self.rules = SinkRules()
        self.handler = _Handler(self.folder, self.rules)
        self.authenticator = _Authenticator(*auth) if auth else None
        server_ctx: ssl.SSLContext | None = None
        if tls != "none":
            server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            server_ctx.load_cert_chain(str(cert_file), str(key_file))
        kwargs: dict[str, Any] = {
            "hostname": self.host, "port": self.port, "enable_SMTPUTF8": True,
            "server_hostname": "sink.test.example", "ready_timeout": 10.0,
        }
        if self.authenticator:
            kwargs.update(authenticator=self.authenticator, auth_required=auth_required,
                          auth_require_tls=tls != "none")
        else:
            kwargs.update(auth_require_tls=False)
        controller_cls: type[Controller] = Controller
        if tls == "starttls":
            kwargs.update(tls_context=server_ctx, require_starttls=require_starttls)
        elif tls == "ssl":
            kwargs.update(ssl_context=server_ctx)
            controller_cls = _ImplicitTlsController
        self.controller = controller_cls(self.handler, **kwargs)
        self._started = False

    def start(self) -> SmtpSink:
        if not self._started:
            if self.controller.loop.is_closed():  # stopped before: aiosmtpd closes its loop on stop
                self.controller.loop = asyncio.new_event_loop()
            self.controller.start()
            wait_for_port(self.port)
            self._started = True
        return self

    def stop(self) -> None:
        if self._started:
            self.controller.stop()
            self._started = False

    def restart(self) -> SmtpSink:
        """Stop (open sessions are dropped) and listen again on the same port, as a restarted server."""
        self.stop()
        wait_port_closed(self.port)
        return self.start()

    def messages(self) -> list[Received]:
        """Every stored mail, oldest first."""
        out = []
        for meta in sorted(self.folder.glob("*.json")):
            env = json.loads(meta.read_text())
            eml = meta.with_suffix(".eml")
            out.append(Received(env["mail_from"], env["rcpt_tos"], eml.read_bytes(), eml))
        return out

    def clear(self) -> None:
        """Forget stored mail and failure rules, so one session-wide sink serves many tests."""
        for p in list(self.folder.glob("*.json")) + list(self.folder.glob("*.eml")):
            p.unlink(missing_ok=True)
        self.rules.clear()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="SMTP sink storing mail as .eml + .json envelope files")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--tls", choices=("none", "starttls", "ssl"), default="none")
    parser.add_argument("--cert", type=Path)
    parser.add_argument("--key", type=Path)
    parser.add_argument("--auth", help="USER:PASSWORD to offer AUTH (required over TLS)")
    args = parser.parse_args(argv)
    auth = tuple(args.auth.split(":", 1)) if args.auth else None
    sink = SmtpSink(args.dir, port=args.port, tls=args.tls, cert_file=args.cert, key_file=args.key,
                    auth=auth, auth_required=bool(auth))  # type: ignore[arg-type]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    sink.start()
    print(json.dumps({"host": sink.host, "port": sink.port, "dir": str(sink.folder)}), flush=True)
    try:
        stop.wait()
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
