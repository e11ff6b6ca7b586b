"""The webhook stage: events stored by a decision ([export] webhook_url) are POSTed from their durable row.

At least once, never lost: a row is marked sent only after the receiver answered 2xx; a failure keeps it
queued for a later attempt (waits growing to six hours, never given up: staff see it in `last_error`); a
process that died in the middle leaves the row "sending", taken again after ten minutes. A repeat the
receiver may get after such a crash carries the same body, signature and Idempotency-Key, so it can drop it.
"""
from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, ClassVar

from sqlmodel import Session, col, select, update

from ..export import signature
from ..store.db import session_scope
from ..store.models import WebhookRow
from .context import StageContext
from .stage import Stage

log = logging.getLogger(__name__)
STALE = timedelta(minutes=10)  # a "sending" row older than this was left by a process that died
BATCH = 50


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after each failure, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=6))


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> str | None:
    """POST the event; None when the receiver took it (2xx), else why not."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - an http(s) URL by config
            status = answer.status
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"[:300]
    return None if 200 <= status < 300 else f"HTTP {status}"


class WebhookStage(Stage[int]):
    name: ClassVar[str] = "webhooks"

    def claim(self, ctx: StageContext) -> Iterator[int]:
        if not ctx.cfg.export.webhook_url:
            return
        with session_scope(ctx.engine) as s:
            s.execute(update(WebhookRow).where(col(WebhookRow.status) == "sending",
                                               col(WebhookRow.claimed_at) < ctx.now - STALE).values(status="queued"))
        with Session(ctx.engine) as s:
            due = list(s.exec(select(WebhookRow.id).where(
                WebhookRow.status == "queued", col(WebhookRow.next_attempt_at) <= ctx.now)
                .order_by(col(WebhookRow.id)).limit(BATCH)))
        for event_id in due:
            if ctx.stopping:
                return
            if event_id is not None:
                yield event_id

    def handle(self, ctx: StageContext, work: int) -> int:
        export = ctx.cfg.export
        assert export.webhook_url
        with session_scope(ctx.engine) as s:  # taken by this process alone (another's update finds no row)
            moved: Any = s.execute(update(WebhookRow).where(col(WebhookRow.id) == work,
                                                            col(WebhookRow.status) == "queued")
                                   .values(status="sending", claimed_at=ctx.now, attempts=WebhookRow.attempts + 1))
            if getattr(moved, "rowcount", 0) != 1:
                return 0
            row = s.get(WebhookRow, work)
            assert row is not None
            body, key, kind, attempts = row.body.encode(), row.event_key, row.kind, row.attempts
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "sdn-mailbot",
                   "X-Mailbot-Event": kind, "Idempotency-Key": key,
                   "X-Mailbot-Signature": signature(export.secret.get_secret_value(), body)}
        error = post(export.webhook_url, body, headers, export.timeout_seconds)
        with session_scope(ctx.engine) as s:
            row = s.get(WebhookRow, work)
            assert row is not None
            if error is None:
                row.status, row.sent_at, row.last_error = "sent", ctx.now, None
            else:
                row.status, row.next_attempt_at, row.last_error = "queued", ctx.now + backoff(attempts), error
                log.warning("webhook: event %s not taken (attempt %d): %s", key, attempts, error)
            s.add(row)
        return 1 if error is None else 0

    def give_up(self, ctx: StageContext, work: int, exc: Exception) -> int:
        """A failure of this process (not the receiver's): the row stays "sending" and is taken again later."""
        log.error("webhook: event row %d: %s", work, exc)
        return 0
