"""The embedded outbox: every outgoing mail becomes one .eml file named by its Message-ID.

Writing the same Message-ID twice replaces the file, so a resend after a crash leaves one copy.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path


class FileSender:
    idempotent = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def path_for(self, message_id: str) -> Path:
        digest = hashlib.sha256(message_id.encode()).hexdigest()[:24]
        return self.folder / f"{digest}.eml"

    def send(self, raw: bytes, mail_from: str, rcpt_to: list[str], message_id: str,
             before_final_dot: Callable[[], None] | None = None) -> None:
        if before_final_dot is not None:
            before_final_dot()
        target = self.path_for(message_id)
        tmp = self.folder / f".{target.name}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)

    def close(self) -> None:
        return None
