"""Structured logging for an unattended daemon: one line per event, JSON when configured, never a secret.

Log lines name mails by their ledger id, source key and size, never by body; a filter also blanks every
configured secret (passwords, OAuth2 secrets, the database password) wherever it would appear, including
in tracebacks, because an exception message from a library may quote what it was given.
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

REDACTED = "***"
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RedactSecrets(logging.Filter):
    """Replaces each secret in the message, its arguments and the exception text before any handler sees it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = self._clean(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        record.exc_info = None if record.exc_text else record.exc_info
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, extra fields, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def where(exc: BaseException) -> str:
    """An exception as type and the place it was raised, without its message: a message may quote a mail
    (the whole message is kept with the row in the database, where the mail itself is)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno} in {last.name}"


_SECRETS: list[str] = []


def current_secrets() -> list[str]:
    """The secrets the last `setup` was given: for a line printed to a terminal outside the logger."""
    return list(_SECRETS)


def setup(level: str, fmt: str = "text", secrets: Iterable[str] = (), stream: TextIO | None = None) -> None:
    """Replace our handler on the root logger with one that writes to stderr (journald picks it up)."""
    secrets = list(secrets)
    _SECRETS[:] = secrets
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._mailbot = True  # type: ignore[attr-defined]  # others' handlers (pytest's) are left alone
    handler.setFormatter(JsonFormatter() if fmt == "json"
                         else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_mailbot", False):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    for noisy in ("apscheduler", "imapclient", "pdfminer", "urllib3", "msal"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
