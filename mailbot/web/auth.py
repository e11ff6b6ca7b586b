"""Who may look: staff only, by a one-time link mailed to a configured staff address.

The signing key lives in the database (`settings`), so several web processes and restarts share it.
A link is signed and recorded by the hash of its nonce; using it marks the record used in a locked
transaction, so it works once, for `LINK_MINUTES`. The session is a signed cookie (HttpOnly,
SameSite=Strict, Secure under https) naming a server-side record (`web_sessions`) that sign-out and
expiry end, checked against the staff list on every request, so removing an address from the
configuration ends its sessions too. Every form carries a CSRF token derived from the
session (or, before sign-in, from a random cookie).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from ..store.db import lock_one, session_scope
from ..store.models import SettingRow, WebSessionRow

LINK_MINUTES = 15
SECRET_KEY = "web_secret"
LINK_PREFIX = "web_link:"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(engine: Engine) -> bytes:
    """The signing key, made once and shared through the database."""
    for _ in range(2):
        with Session(engine) as s:
            row = s.get(SettingRow, SECRET_KEY)
            if row is not None:
                return bytes.fromhex(row.value["key"])
        try:
            with session_scope(engine) as s:
                s.add(SettingRow(key=SECRET_KEY, value={"key": secrets.token_hex(32)}))
        except IntegrityError:
            continue  # another web process made it at the same moment: read theirs
    raise RuntimeError("no web signing key")


@dataclass
class Signer:
    key: bytes

    def sign(self, *parts: str) -> str:
        body = _b64("\x1f".join(parts).encode())
        mac = _b64(hmac.new(self.key, body.encode(), hashlib.sha256).digest()[:20])
        return f"{body}.{mac}"

    def unsign(self, token: str | None) -> list[str] | None:
        if not token or token.count(".") != 1 or len(token) > 2000:
            return None
        body, mac = token.split(".")
        want = _b64(hmac.new(self.key, body.encode(), hashlib.sha256).digest()[:20])
        if not hmac.compare_digest(mac, want):
            return None
        try:
            return _unb64(body).decode().split("\x1f")
        except (ValueError, UnicodeDecodeError):
            return None

    def csrf(self, anchor: str) -> str:
        return _b64(hmac.new(self.key, f"csrf\x1f{anchor}".encode(), hashlib.sha256).digest()[:18])


def _link_key(nonce: str) -> str:
    return LINK_PREFIX + hashlib.sha256(nonce.encode()).hexdigest()


def issue_link(engine: Engine, signer: Signer, email: str, now: datetime) -> str:
    """A signed one-time token for `email`, recorded (by its nonce's hash) so it can be used only once."""
    nonce = secrets.token_urlsafe(18)
    expires = now + timedelta(minutes=LINK_MINUTES)
    with session_scope(engine) as s:
        # forget links that can no longer be used (each record is small; this keeps the table from growing)
        for row in s.exec(select(SettingRow).where(col(SettingRow.key).startswith(LINK_PREFIX))).all():
            if datetime.fromisoformat(row.value.get("expires", "1970-01-01T00:00:00+00:00")) < now:
                s.exec(delete(SettingRow).where(col(SettingRow.key) == row.key))
        s.add(SettingRow(key=_link_key(nonce), value={"email": email, "expires": expires.isoformat(),
                                                      "used": False}))
    return signer.sign("link", email, str(int(expires.timestamp())), nonce)


def use_link(engine: Engine, signer: Signer, token: str, now: datetime) -> str | None:
    """The staff address the link was made for, once; None when forged, expired or used before."""
    parts = signer.unsign(token)
    if not parts or len(parts) != 4 or parts[0] != "link":
        return None
    _, email, expires, nonce = parts
    if not expires.isdigit() or int(expires) < now.timestamp():
        return None
    with session_scope(engine) as s:
        row = s.exec(lock_one(s, select(SettingRow).where(SettingRow.key == _link_key(nonce)))).first()
        if row is None or row.value.get("used") or row.value.get("email") != email:
            return None
        row.value = dict(row.value, used=True, used_at=now.isoformat())
        s.add(row)
    return email


def peek_link(signer: Signer, token: str, now: datetime) -> bool:
    """Whether a link looks usable (signed, not expired), without using it: the page that asks to confirm."""
    parts = signer.unsign(token)
    return bool(parts and len(parts) == 4 and parts[0] == "link" and parts[2].isdigit()
                and int(parts[2]) >= now.timestamp())


def _session_key(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def make_session(engine: Engine, signer: Signer, email: str, now: datetime, hours: int) -> str:
    """A signed session cookie for `email`, recorded server-side so that sign-out or expiry ends it."""
    sid = secrets.token_urlsafe(18)
    expires = now + timedelta(hours=hours)
    with session_scope(engine) as s:
        # sessions long over are forgotten (a row per sign-in; this keeps the table small)
        s.exec(delete(WebSessionRow).where(col(WebSessionRow.expires_at) < now - timedelta(days=1)))
        s.add(WebSessionRow(id=_session_key(sid), email=email, created_at=now, expires_at=expires))
    return signer.sign("session", email, str(int(expires.timestamp())), sid)


def read_session(engine: Engine, signer: Signer, cookie: str | None, now: datetime,
                 staff: tuple[str, ...]) -> tuple[str, str] | None:
    """(staff address, session id) of a valid session cookie for a still-configured staff address whose
    server-side record is neither ended (signed out) nor expired."""
    parts = signer.unsign(cookie)
    if not parts or len(parts) != 4 or parts[0] != "session" or not parts[2].isdigit():
        return None
    if int(parts[2]) < now.timestamp() or parts[1] not in staff:
        return None
    with Session(engine) as s:
        row = s.get(WebSessionRow, _session_key(parts[3]))
    if row is None or row.ended_at is not None or row.email != parts[1] or not row.expires_at \
            or row.expires_at <= now:
        return None
    return parts[1], parts[3]


def end_session(engine: Engine, signer: Signer, cookie: str | None, now: datetime) -> None:
    """Sign-out: the session's record is ended, so its cookie (wherever a copy of it is) reads nothing."""
    parts = signer.unsign(cookie)
    if not parts or len(parts) != 4 or parts[0] != "session":
        return
    with session_scope(engine) as s:
        row = s.get(WebSessionRow, _session_key(parts[3]))
        if row is not None and row.ended_at is None:
            row.ended_at = now
            s.add(row)


class RateLimit:
    """At most `limit` attempts per key in `window` seconds (in this process; one web process is the norm)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        t = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > 10_000:  # a flood of distinct keys must not grow memory without bound
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > t - self.window}
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= t - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(t)
            return True
