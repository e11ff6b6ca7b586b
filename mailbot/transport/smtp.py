"""Outgoing mail over SMTP (smtplib), as a `Sender`.

The pipeline's outbox retries on `TemporaryFailure` and asks a human on `PermanentFailure`, so the
mapping of SMTP replies is the point of this module:
- 4xx replies, refused/dropped connections, timeouts, TLS handshakes that fail -> TemporaryFailure;
- 5xx to MAIL FROM, to DATA, or to every recipient -> PermanentFailure;
- 5xx to only some recipients: the server took the mail for the others, so sending again would
  duplicate it for them. We raise `RecipientsRefused` (a PermanentFailure) naming the refused
  recipients (`refused`, with codes), and `accepted` lists who got it. When every recipient is refused,
  only 4xx is temporary; any 5xx among them makes it permanent (`refused` holds the 5xx ones).
- any partial acceptance (5xx or 4xx for some recipients) raises `RecipientsRefused`, a PermanentFailure,
  because a retry would send the mail twice to those who have it;
- a certificate that does not verify is TemporaryFailure (with a message naming smtp.ca_file).

One connection is reused across sends (a daemon cycle sends a handful of mails); a server that hung up
in between is redialled once. Passwords never go into logs.
"""
from __future__ import annotations

import logging
import re
import smtplib
import socket
import ssl
from collections.abc import Callable

from mailbot.config import SmtpConfig
from mailbot.transport.base import PermanentFailure, TemporaryFailure, UncertainDelivery
from mailbot.transport.oauth2 import OAuth2Error, TokenProvider, xoauth2_string

log = logging.getLogger(__name__)


class RecipientsRefused(PermanentFailure):
    """Some or all recipients were refused for good; `accepted` got the mail (if any)."""

    def __init__(self, message: str, refused: dict[str, tuple[int, str]], accepted: list[str]) -> None:
        super().__init__(message)
        self.refused = refused
        self.accepted = accepted


def _text(msg: bytes | str) -> str:
    return msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)


def _failure_for(code: int) -> type[TemporaryFailure] | type[PermanentFailure]:
    """SMTP's own rule: 5xx will never succeed as it is, 4xx may later."""
    return PermanentFailure if code >= 500 else TemporaryFailure


class SmtpSender:
    """`Sender` over SMTP with none/starttls/ssl, optional AUTH (password or XOAUTH2), CA verification."""

    idempotent = False  # a mail handed to SMTP cannot be taken back: never resend one whose fate is unknown

    def __init__(self, cfg: SmtpConfig, *, token_provider: TokenProvider | None = None,
                 local_hostname: str | None = None,
                 smtp_factory: Callable[..., smtplib.SMTP] | None = None) -> None:
        if cfg.security not in ("none", "starttls", "ssl"):
            raise ValueError(f"smtp.security: {cfg.security!r}")
        self.cfg = cfg
        self.token_provider = token_provider
        self.local_hostname = local_hostname
        self._factory = smtp_factory
        self._conn: smtplib.SMTP | None = None

    def _ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=self.cfg.ca_file)
        if not self.cfg.verify_certificates:
            log.warning("smtp: certificate verification is switched off (smtp.verify_certificates)")
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def _open(self) -> smtplib.SMTP:
        cfg = self.cfg
        conn: smtplib.SMTP
        if self._factory is not None:
            conn = self._factory(cfg)
        elif cfg.security == "ssl":
            conn = smtplib.SMTP_SSL(cfg.host, cfg.port, local_hostname=self.local_hostname,
                                    timeout=cfg.timeout_seconds, context=self._ssl_context())
        else:
            conn = smtplib.SMTP(cfg.host, cfg.port, local_hostname=self.local_hostname,
                                timeout=cfg.timeout_seconds)
        try:
            _no_delay(conn)
            conn.ehlo()
            if cfg.security == "starttls":
                if not conn.has_extn("starttls"):
                    raise PermanentFailure(f"smtp {cfg.host}:{cfg.port} does not offer STARTTLS "
                                           "(smtp.security = \"starttls\")")
                conn.starttls(context=self._ssl_context())
                conn.ehlo()
            if self.token_provider is not None:
                user, token = cfg.username, self.token_provider.token()
                conn.auth("XOAUTH2", lambda challenge=None: xoauth2_string(user, token),
                          initial_response_ok=True)
            elif cfg.username:
                conn.login(cfg.username, cfg.password.get_secret_value())
        except BaseException:
            _close_quietly(conn)
            raise
        return conn

    def _connection(self) -> smtplib.SMTP:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def send(self, raw: bytes, mail_from: str, rcpt_to: list[str], message_id: str,
             before_final_dot: Callable[[], None] | None = None) -> None:
        """Deliver one mail or raise TemporaryFailure / PermanentFailure (see module docstring).

        MAIL, RCPT, DATA and the message go out step by step; `before_final_dot` runs after the message and
        before the final ".", the one moment after which the server may have taken the mail. If it raises,
        the connection is dropped without the "." (the server discards what it had) and the error goes on."""
        if not rcpt_to:
            raise PermanentFailure(f"{message_id}: no recipients")
        for attempt in (1, 2):
            try:
                self._send_once(raw, mail_from, rcpt_to, message_id, before_final_dot)
                return
            except smtplib.SMTPServerDisconnected as exc:
                # a reused connection the server has closed meanwhile: dial again once
                self._drop()
                if attempt == 2:
                    raise TemporaryFailure(f"{message_id}: server disconnected: {exc}") from None
                log.info("smtp: connection was closed by the server, reconnecting")

    def _send_once(self, raw: bytes, mail_from: str, rcpt_to: list[str], message_id: str,
                   before_final_dot: Callable[[], None] | None = None) -> None:
        where = f"{message_id} via {self.cfg.host}:{self.cfg.port}"
        try:
            conn = self._connection()
            refused = _deliver(conn, mail_from, rcpt_to, raw, before_final_dot)
        except _Withheld as exc:
            self._drop()  # no "." was sent: the server throws the half-sent mail away
            raise exc.cause from None
        except (smtplib.SMTPServerDisconnected, UncertainDelivery):
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            self._reset()
            codes = {r: (int(c), _text(m)) for r, (c, m) in exc.recipients.items()}
            permanent = {r: cm for r, cm in codes.items() if cm[0] >= 500}
            detail = "; ".join(f"{r}: {c} {m}" for r, (c, m) in codes.items())
            if not permanent:
                raise TemporaryFailure(f"{where}: all recipients deferred: {detail}") from None
            raise RecipientsRefused(f"{where}: recipients refused: {detail}", permanent, []) from None
        except smtplib.SMTPSenderRefused as exc:
            self._reset()
            cls = _failure_for(exc.smtp_code)
            raise cls(f"{where}: sender {exc.sender} refused: {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except smtplib.SMTPDataError as exc:
            self._reset()
            cls = _failure_for(exc.smtp_code)
            raise cls(f"{where}: message refused: {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            # 535 is wrong credentials (a human must fix the config); 454 is a temporary auth failure
            cls = _failure_for(exc.smtp_code)
            raise cls(f"{where}: authentication failed ({exc.smtp_code}); check smtp.username/password") \
                from None
        except smtplib.SMTPNotSupportedError as exc:
            self._drop()
            raise PermanentFailure(f"{where}: {exc}") from None
        except smtplib.SMTPResponseException as exc:
            self._drop()
            cls = _failure_for(exc.smtp_code)
            raise cls(f"{where}: {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except ssl.SSLCertVerificationError as exc:
            self._drop()
            # temporary: a server's botched certificate renewal gets fixed; the outbox's attempt limit
            # still brings a lasting misconfiguration to a human
            raise TemporaryFailure(f"{where}: TLS certificate not trusted ({exc.verify_message}); "
                                   "see smtp.ca_file") from None
        except OAuth2Error as exc:
            self._drop()
            raise TemporaryFailure(f"{where}: no OAuth2 token: {exc}") from None
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            raise TemporaryFailure(f"{where}: {type(exc).__name__}: {exc}") from None
        if refused:
            codes = {r: (int(c), _text(m)) for r, (c, m) in refused.items()}
            accepted = [r for r in rcpt_to if r not in refused]
            detail = "; ".join(f"{r}: {c} {m}" for r, (c, m) in codes.items())
            log.warning("smtp: %s accepted for %s, refused for %s", message_id, accepted, detail)
            raise RecipientsRefused(f"{where}: accepted for {', '.join(accepted)} but refused for {detail}",
                                    codes, accepted)
        log.info("smtp: %s sent to %d recipient(s)", message_id, len(rcpt_to))

    def _reset(self) -> None:
        """After a refused transaction the session is still good; RSET it for the next mail."""
        if self._conn is None:
            return
        try:
            self._conn.rset()
        except (OSError, smtplib.SMTPException):
            self._drop()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            _close_quietly(conn)

    def close(self) -> None:
        """QUIT politely; a dead connection is just closed."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            _close_quietly(conn)

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _no_delay(conn: smtplib.SMTP) -> None:
    """Nagle's algorithm off. A mail goes out as its body and then, after `before_final_dot`, the three bytes
    of ".": with Nagle on, those wait for the server to acknowledge the body, which it delays (40 ms on
    Linux), so every mail cost 40 ms of nothing (bench/run.py's backlog: 7 of the send stage's 10 s)."""
    sock = getattr(conn, "sock", None)
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # not a TCP socket after all: nothing to switch off
            pass


class _Withheld(Exception):
    """`before_final_dot` raised: the "." was never sent. Carries the caller's exception."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _deliver(conn: smtplib.SMTP, mail_from: str, rcpt_to: list[str], raw: bytes,
             before_final_dot: Callable[[], None] | None = None) -> dict[str, tuple[int, bytes]]:
    """smtplib's sendmail, step by step, so that a connection lost after the whole mail was sent (its
    fate unknown) is told apart from one lost before (safe to try again): the former raises
    UncertainDelivery. Between the message and its final "." the caller commits that the "." is about to
    go (`before_final_dot`); a crash before that commit leaves a mail that was certainly not delivered.
    Otherwise it raises and returns what sendmail would."""
    conn.ehlo_or_helo_if_needed()
    options = [f"SIZE={len(raw)}"] if conn.does_esmtp and conn.has_extn("size") else []
    code, resp = conn.mail(mail_from, options)
    if code != 250:
        _reset_quietly(conn, code)
        raise smtplib.SMTPSenderRefused(code, resp, mail_from)
    refused: dict[str, tuple[int, bytes]] = {}
    for rcpt in rcpt_to:
        code, resp = conn.rcpt(rcpt)
        if code not in (250, 251):
            refused[rcpt] = (code, resp)
        if code == 421:
            conn.close()
            raise smtplib.SMTPRecipientsRefused(refused)
    if len(refused) == len(rcpt_to):
        _reset_quietly(conn, 0)
        raise smtplib.SMTPRecipientsRefused(refused)
    code, resp = conn.docmd("DATA")
    if code != 354:
        _reset_quietly(conn, code)
        raise smtplib.SMTPDataError(code, resp)
    body = re.sub(rb"(?m)^\.", b"..", re.sub(rb"\r\n|\n|\r", b"\r\n", raw))
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    conn.send(body)  # raising here, the final "." never left: nothing was delivered
    if before_final_dot is not None:
        try:
            before_final_dot()
        except Exception as exc:  # noqa: BLE001 - handed on to the caller once the connection is dropped
            raise _Withheld(exc) from exc
    try:
        conn.send(b".\r\n")
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        conn.close()  # some of the three bytes may have left: from here on the fate is unknown
        raise UncertainDelivery(f"the connection was lost while the final '.' was sent ({exc})") from None
    try:
        code, resp = conn.getreply()
    except (smtplib.SMTPServerDisconnected, OSError) as exc:
        conn.close()
        raise UncertainDelivery(f"the connection was lost after the whole mail was sent ({exc})") from None
    if code != 250:
        _reset_quietly(conn, code)
        raise smtplib.SMTPDataError(code, resp)
    return refused


def _reset_quietly(conn: smtplib.SMTP, code: int) -> None:
    if code == 421:
        conn.close()
        return
    try:
        conn.rset()
    except (OSError, smtplib.SMTPException):
        pass


def _close_quietly(conn: smtplib.SMTP) -> None:
    try:
        conn.close()
    except Exception:  # noqa: BLE001 - the socket is being thrown away anyway
        pass
