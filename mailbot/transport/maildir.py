"""The embedded mailbox: a Maildir folder. Mail stays in new/ until the ledger has its final outcome."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .base import FetchedMail, Outcome

_SUBFOLDER = {"needs_attention": ".Needs-attention", "failed": ".Failed"}


class MaildirInbox:
    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("new", "cur", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)

    def fetch_new(self, settle: Callable[[], None] | None = None) -> Iterator[FetchedMail]:
        """Every mail in new/ (a mail stays there until it is filed, so there is no cursor to `settle`)."""
        for path in sorted((self.root / "new").iterdir(), key=lambda p: (p.stat().st_mtime_ns, p.name)):
            if not path.is_file() or path.name.startswith("."):
                continue
            try:
                raw = path.read_bytes()
            except FileNotFoundError:  # another daemon filed it meanwhile
                continue
            yield FetchedMail(f"maildir:{path.name}", raw)

    def known(self, source_key: str) -> bool:
        return (self.root / "new" / source_key.removeprefix("maildir:")).exists()

    def acknowledge(self, mail: FetchedMail, outcome: Outcome) -> None:
        name = mail.source_key.removeprefix("maildir:")
        src = self.root / "new" / name
        folder = self.root / _SUBFOLDER[outcome] if outcome in _SUBFOLDER else self.root
        for sub in ("new", "cur", "tmp"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        try:
            os.replace(src, folder / "cur" / f"{name}:2,S")
        except FileNotFoundError:
            pass  # already filed: acknowledging twice is harmless

    def acknowledge_all(self, mails: list[FetchedMail], outcome: Outcome) -> None:
        for mail in mails:
            self.acknowledge(mail, outcome)

    def close(self) -> None:
        return None
