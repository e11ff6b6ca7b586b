"""One cycle of the whole pipeline; the daemon runs it on a schedule, `run --once` runs it once."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine

from ..config import Config
from ..transport.base import Inbox, Sender
from .context import StageContext
from .decide import DecideStage
from .fetch import FetchStage
from .file import FileStage
from .parse import ParseStage
from .render import RenderStage
from .route import RouteStage
from .send import SendStage
from .tick import DigestStage, TickStage

log = logging.getLogger(__name__)


@dataclass
class Runner:
    cfg: Config
    engine: Engine
    inbox: Inbox
    sender: Sender
    source_prefix: str
    counts: dict[str, int] = field(default_factory=dict)

    def cycle(self, now: datetime, *, fetch: bool = True) -> dict[str, int]:
        ctx = StageContext(self.cfg, self.engine, now)
        stages = [
            ("fetched", FetchStage(self.inbox).run if fetch else None),
            ("parsed", ParseStage().run),
            ("routed", RouteStage().run),
            ("decided", DecideStage().run),
            ("ticked", TickStage().run),
            ("digests", DigestStage().run),
            ("rendered", RenderStage().run),
            ("sent", SendStage(self.sender).run),
            ("filed", FileStage(self.inbox, self.source_prefix).run),
        ]
        counts: dict[str, int] = {}
        for name, run in stages:
            if run is None:
                continue
            counts[name] = run(ctx)
        # sending can queue mail of its own (a notice that a mail was held or refused): send it now
        for _ in range(3):
            if not RenderStage().run(ctx):
                break
            counts["sent"] += SendStage(self.sender).run(ctx)
        log.info("cycle at %s: %s", now.isoformat(), counts)
        return counts
