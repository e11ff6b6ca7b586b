"""What every stage needs: the configuration, the database and the clock."""
from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from ..config import Config
from ..core.machine import Settings
from ..core.rules import Rules


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
        r = self.cfg.reminders
        return Settings(
            tdc_order=self.cfg.addresses.tdc_order, staff=self.cfg.addresses.staff,
            rules=Rules(**dataclasses.asdict(self.cfg.rules)),
            after_working_days=r.after_working_days, max_reminders=r.max_reminders,
            installation_grace_working_days=r.installation_grace_working_days,
            reminder_policy=r.policy, tz=self.cfg.tz,
            staff_language=self.cfg.addresses.staff_language, tdc_language=self.cfg.addresses.tdc_language,
        )
