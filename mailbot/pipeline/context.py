"""What every stage needs: the configuration, the database and the clock."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from ..config import Config
from ..core.machine import Settings
from ..decisions import settings


@dataclass
class StageContext:
    cfg: Config
    engine: Engine
    now: datetime
    stop: threading.Event | None = None  # set on SIGTERM: stages end after the row in hand

    @property
    def stopping(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    @property
    def settings(self) -> Settings:
        return settings(self.cfg)
