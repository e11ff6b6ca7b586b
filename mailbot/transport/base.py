"""Small interfaces the pipeline talks to, so IMAP/Maildir and SMTP/file outboxes are interchangeable."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

Outcome = Literal["processed", "needs_attention", "failed"]


@dataclass(frozen=True)
class FetchedMail:
    """One mail as the mailbox handed it over, before anything trusts it."""

    source_key: str  # unique within the mailbox, e.g. "maildir:<name>" or "imap:INBOX:<uidvalidity>:<uid>"
    raw: bytes = b""
    # a large mail is never held whole: it was fetched in pieces into this file (removed by `discard`)
    path: Path | None = None
    sha256: str | None = None  # of the bytes, when known (hashed while they were spooled)

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else len(self.raw)

    def head(self, n: int) -> bytes:
        """The first n bytes (headers), without reading a spooled mail whole."""
        if self.path is None:
            return self.raw[:n]
        with open(self.path, "rb") as f:
            return f.read(n)

    def pieces(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The bytes in pieces of at most `size`."""
        if self.path is None:
            for start in range(0, len(self.raw), size):
                yield self.raw[start:start + size]
            return
        with open(self.path, "rb") as f:
            while piece := f.read(size):
                yield piece

    def discard(self) -> None:
        """Remove the spool file (the mail is stored, or will be fetched again)."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class Inbox(Protocol):
    """Where mail arrives. Mail is only moved away after the database has committed it."""

    def fetch_new(self, settle: Callable[[], None] | None = None) -> Iterator[FetchedMail]:
        """Yield mail not yet acknowledged; may yield a mail again after a crash. An inbox that remembers how
        far it has read calls `settle` (the consumer's commit) before it moves past yielded mail."""
        ...

    def acknowledge(self, mail: FetchedMail, outcome: Outcome) -> None:
        """Called after the ledger commit: file the mail away (processed / needs-attention / failed)."""
        ...

    def acknowledge_all(self, mails: list[FetchedMail], outcome: Outcome) -> None:
        """`acknowledge` for several mails of one outcome at once (IMAP: one MOVE of their UID set)."""
        ...

    def close(self) -> None: ...


class CursorStore(Protocol):
    """Durable memory of how far an IMAP folder has been read (UIDVALIDITY and last UID)."""

    def load(self, mailbox: str, folder: str) -> tuple[int | None, int]:
        """Return (uidvalidity, last_uid); (None, 0) when never read."""
        ...

    def save(self, mailbox: str, folder: str, uidvalidity: int, last_uid: int) -> None: ...


class TemporaryFailure(Exception):
    """The mail could not be sent now; try again later (4xx, connection refused, timeout)."""


class PermanentFailure(Exception):
    """The mail will never be accepted as it is (5xx); a human must look."""


class UncertainDelivery(Exception):
    """The whole mail reached the server but its answer did not reach us (the connection died after the
    final "."): it may have been accepted. Sending again could give the recipient a second copy."""


class Sender(Protocol):
    """Where outgoing mail goes."""

    # True when sending the same Message-ID again cannot give the recipient a second copy (a file named
    # by the Message-ID); False for SMTP, where a mail whose fate is unknown must not simply go out again
    idempotent: bool

    def send(self, raw: bytes, mail_from: str, rcpt_to: list[str], message_id: str,
             before_final_dot: Callable[[], None] | None = None) -> None:
        """Deliver one mail or raise TemporaryFailure / PermanentFailure. `before_final_dot` is called
        at the last moment the mail can still be withheld (SMTP: all of DATA sent but the final "."); if
        it raises, the mail is not delivered and its exception propagates."""
        ...

    def close(self) -> None: ...
