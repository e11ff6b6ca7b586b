"""OAuth2 access tokens for XOAUTH2 logins (Microsoft 365 and Google switched basic auth off).

Two ways to get a token, chosen by `[mailbox.oauth2] provider`:
- "msal": client credentials of an Entra ID app (MSAL), the usual unattended set-up for Microsoft 365;
- "refresh_token": a long-lived refresh token traded at `token_url`; providers rotate it on every use,
  so the new one is persisted through a `SecretStore` (lose it and a human must consent again).

Tokens are cached and renewed a minute before they expire, so a login never carries a token that dies
mid-session. Tokens and secrets never go into logs or exception messages.
"""
from __future__ import annotations

import json
import logging
import os
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from mailbot.config import OAuth2Config

log = logging.getLogger(__name__)

REFRESH_MARGIN_S = 60.0


class OAuth2Error(Exception):
    """No token could be had; the message names the provider's error code, never a secret."""


class OAuth2Unavailable(OAuth2Error):
    """The token endpoint could not be reached (network, 5xx): try again later."""


class TokenAnswer(BaseModel):
    """A token endpoint's (or MSAL's) answer, success or error (RFC 6749 sections 5.1 and 5.2), validated
    where it arrives. Leniently: a value of the wrong type counts as not given, so a strange answer is
    reported for what it lacks, never raised as a validation error."""

    model_config = ConfigDict(extra="ignore")

    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: float | None = None  # seconds; None: not said (an hour, see _Cached.set)
    error: str | None = None
    error_description: str = ""

    @field_validator("access_token", "refresh_token", "error", mode="before")
    @classmethod
    def _text_or_none(cls, value: object) -> str | None:
        return value or None if isinstance(value, str) else None

    @field_validator("error_description", mode="before")
    @classmethod
    def _text(cls, value: object) -> str:
        return value if isinstance(value, str) else ""

    @field_validator("expires_in", mode="before")
    @classmethod
    def _seconds(cls, value: object) -> float | None:
        try:
            return float(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else None
        except ValueError:
            return None


class TokenProvider(Protocol):
    """Hands out a currently valid access token."""

    def token(self) -> str: ...


class SecretStore(Protocol):
    """Durable place for a rotated refresh token."""

    def load(self) -> str | None: ...

    def save(self, secret: str) -> None: ...


def xoauth2_string(user: str, token: str) -> str:
    """The SASL XOAUTH2 initial response (before base64), as IMAP and SMTP servers expect it."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


class FileSecretStore:
    """A refresh token in a file readable only by its owner (0600), replaced atomically."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def load(self) -> str | None:
        try:
            value = self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return value or None

    def save(self, secret: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".secret-", dir=self.path.parent)  # mkstemp makes it 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secret + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class MemorySecretStore:
    """For tests and for a refresh token that need not survive a restart."""

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret

    def load(self) -> str | None:
        return self.secret

    def save(self, secret: str) -> None:
        self.secret = secret


class _Cached:
    """A token and its expiry on the injected clock; thread-safe renewal."""

    def __init__(self, clock: Callable[[], float], margin_s: float) -> None:
        self.clock = clock
        self.margin_s = margin_s
        self.value: str | None = None
        self.expires_at = 0.0
        self.lock = threading.Lock()

    def fresh(self) -> str | None:
        if self.value and self.clock() < self.expires_at - self.margin_s:
            return self.value
        return None

    def set(self, value: str, expires_in: float | None) -> None:
        lifetime = 3600.0 if expires_in is None else expires_in  # providers that omit it issue hour-long tokens
        self.value = value
        self.expires_at = self.clock() + lifetime


class MsalClientCredentials:
    """Client-credentials tokens from Microsoft Entra ID via MSAL (app-only access to the mailbox)."""

    def __init__(self, cfg: OAuth2Config, *, app: Any = None, clock: Callable[[], float] = time.time,
                 margin_s: float = REFRESH_MARGIN_S, authority: str | None = None,
                 http_client: Any = None) -> None:
        if not cfg.client_id:
            raise OAuth2Error("oauth2.client_id is missing")
        self.cfg = cfg
        self.authority = authority or f"https://login.microsoftonline.com/{cfg.tenant or 'organizations'}"
        # a requests.Session for a private authority (tests: loopback HTTPS with our own CA)
        self.http_client = http_client
        self._app = app  # built lazily: MSAL fetches the tenant's metadata when constructed
        self._cache = _Cached(clock, margin_s)

    def _application(self) -> Any:
        if self._app is None:
            import msal

            try:  # a private authority (http_client given) is none Microsoft's instance discovery knows
                self._app = msal.ConfidentialClientApplication(
                    self.cfg.client_id, client_credential=self.cfg.client_secret.get_secret_value(),
                    authority=self.authority, http_client=self.http_client,
                    instance_discovery=False if self.http_client is not None else None)
            except Exception as exc:  # MSAL raises ValueError and requests' errors alike
                raise OAuth2Unavailable(f"MSAL could not reach the authority {self.authority}: "
                                        f"{type(exc).__name__}") from None
        return self._app

    def token(self) -> str:
        with self._cache.lock:
            cached = self._cache.fresh()
            if cached:
                return cached
            try:
                result = self._application().acquire_token_for_client(scopes=[self.cfg.scope])
            except OAuth2Error:
                raise
            except Exception as exc:
                raise OAuth2Unavailable(f"MSAL token request failed: {type(exc).__name__}") from None
            answer = TokenAnswer.model_validate(result if isinstance(result, dict) else {})
            if answer.access_token is None:
                raise OAuth2Error(f"MSAL refused a token: {answer.error or 'unknown error'}: "
                                  f"{answer.error_description}".strip())
            self._cache.set(answer.access_token, answer.expires_in)
            log.info("oauth2: new access token from MSAL for client %s", self.cfg.client_id)
            return answer.access_token


class RefreshTokenProvider:
    """Trades a refresh token for access tokens at `cfg.token_url` (RFC 6749 section 6).

    The refresh token comes from the store (the newest rotation) or else from the config; whenever the
    endpoint returns a new one it is saved before the access token is used, so a crash right after a
    rotation does not strand the bot with a spent refresh token.
    """

    def __init__(self, cfg: OAuth2Config, store: SecretStore, *, clock: Callable[[], float] = time.time,
                 margin_s: float = REFRESH_MARGIN_S, timeout_s: float = 30.0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        if not cfg.token_url:
            raise OAuth2Error("oauth2.token_url is missing (needed for provider = \"refresh_token\")")
        if not cfg.client_id:
            raise OAuth2Error("oauth2.client_id is missing")
        self.cfg = cfg
        self.store = store
        self.timeout_s = timeout_s
        self.ssl_context = ssl_context
        self._cache = _Cached(clock, margin_s)

    def token(self) -> str:
        with self._cache.lock:
            cached = self._cache.fresh()
            if cached:
                return cached
            refresh = self.store.load() or self.cfg.refresh_token.get_secret_value()
            if not refresh:
                raise OAuth2Error("no refresh token: set oauth2.refresh_token (or _env) for the first run")
            form = {"grant_type": "refresh_token", "refresh_token": refresh, "client_id": self.cfg.client_id}
            if self.cfg.client_secret:
                form["client_secret"] = self.cfg.client_secret.get_secret_value()
            if self.cfg.scope:
                form["scope"] = self.cfg.scope
            body = self._post(form)
            access = body.access_token
            if access is None:
                raise OAuth2Error("token endpoint answered without an access_token")
            rotated = body.refresh_token
            if rotated is not None and rotated != refresh:
                self.store.save(rotated)
                log.info("oauth2: refresh token rotated and saved")
            self._cache.set(access, body.expires_in)
            return access

    def _post(self, form: dict[str, str]) -> TokenAnswer:
        data = urllib.parse.urlencode(form).encode()
        req = urllib.request.Request(self.cfg.token_url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s, context=self.ssl_context) as resp:
                return _json_object(resp.read())
        except urllib.error.HTTPError as exc:
            try:
                detail = _json_object(exc.read())
            except OAuth2Error:
                detail = TokenAnswer()
            code = detail.error or f"HTTP {exc.code}"
            text = detail.error_description
            if exc.code >= 500 or exc.code == 429:
                raise OAuth2Unavailable(f"token endpoint unavailable: {code} {text}".strip()) from None
            # invalid_grant: the refresh token was revoked or expired; a human must consent again
            raise OAuth2Error(f"token endpoint refused the refresh token: {code} {text}".strip()) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise OAuth2Unavailable(f"token endpoint {self.cfg.token_url} unreachable: {reason}") from None


def _json_object(raw: bytes) -> TokenAnswer:
    """The endpoint's answer: a JSON object, read as a `TokenAnswer` (the HTTP edge)."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise OAuth2Error("token endpoint answered with something that is not JSON") from None
    if not isinstance(value, dict):
        raise OAuth2Error("token endpoint answered with JSON that is not an object")
    try:
        return TokenAnswer.model_validate(value)
    except ValidationError:  # the validators take any value; kept so that no answer ever raises past here
        raise OAuth2Error("token endpoint answered with JSON that is not a token answer") from None


def make_token_provider(cfg: OAuth2Config, store: SecretStore | None = None) -> TokenProvider:
    """The provider `cfg.provider` names; the refresh-token flow needs a store for rotations."""
    if cfg.provider == "msal":
        return MsalClientCredentials(cfg)
    if cfg.provider == "refresh_token":
        if store is None:
            raise OAuth2Error("provider = \"refresh_token\" needs a SecretStore for rotated tokens")
        return RefreshTokenProvider(cfg, store)
    raise OAuth2Error(f"unknown oauth2 provider {cfg.provider!r}")
