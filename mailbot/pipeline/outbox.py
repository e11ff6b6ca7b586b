"""Sending what is queued now, outside a cycle's turn: the one loop the runner, the web view and the
command line share (rendering can queue a notice, so it goes round a few times)."""
from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy.engine import Engine

from ..config import Config
from ..transport.base import Sender
from .context import StageContext
from .render import RenderStage
from .send import SendStage

ROUNDS = 3  # render, send, and the notices those raise (a held or unwritable mail), and theirs


def send_queued(cfg: Config, engine: Engine, sender: Sender, now: datetime,
                stop: threading.Event | None = None) -> int:
    """Render and send whatever is queued as of `now`; the number of mails sent."""
    ctx = StageContext(cfg, engine, now, stop)
    sent = 0
    for _ in range(ROUNDS):
        if not RenderStage().run(ctx):
            break
        sent += SendStage(sender).run(ctx)
    return sent
