"""What one reading may spend: pages, objects and images per PDF, and bytes inflated from its streams.

The budgets come from `[limits]` (mailbot/config/sections.py) and are set once in each bounded child
(parsers/bounded.py) before it reads; the readers ask `current()`. A reader that would go over a budget
stops there and says which budget it hit (`hits()`), so the mail is kept and shown to staff with the
reason instead of growing until the address-space limit ends the child. Pure apart from the one
process-wide current value (each child reads one mail).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Budgets:
    max_pdf_pages: int = 200  # more pages: the first half and the last tenth of this are read
    max_pdf_objects: int = 20_000  # objects in a PDF's cross-reference table; more: not read at all
    max_pdf_images: int = 500  # images over all pages of one PDF; more: reading stops there
    max_inflated_bytes: int = 50_000_000  # bytes one PDF's compressed streams may inflate to, together
    # containers (parsers/containers: ZIP, TNEF, Outlook .msg, S/MIME), over one mail
    max_archive_entries: int = 1_000  # entries in one archive; more: it is not opened
    max_archive_depth: int = 3  # containers inside containers (a ZIP in a ZIP in a winmail.dat)
    max_archive_entry_bytes: int = 25_000_000  # what one entry may inflate to
    max_unpacked_bytes: int = 50_000_000  # what all the mail's containers may unpack to, together
    max_archive_ratio: int = 100  # inflated size over compressed size of one entry (a zip bomb's mark)


class BudgetExceeded(Exception):
    """A reader would go over a budget; `key` is the [limits] key that says how much is allowed."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass
class _State:
    budgets: Budgets = field(default_factory=Budgets)
    inflated: int = 0
    hits: list[tuple[str, str]] = field(default_factory=list)
    every_hit: list[tuple[str, str]] = field(default_factory=list)  # over all documents of the reading


_state = _State()


def use(budgets: Budgets) -> None:
    """Set the budgets of this process (a bounded child, before it reads)."""
    global _state
    _state = _State(budgets)
    install()


def current() -> Budgets:
    return _state.budgets


def start_document() -> None:
    """A new PDF: its inflate allowance starts again, its hits are its own."""
    _state.inflated = 0
    _state.hits = []


def hit(key: str, message: str) -> None:
    """Record that a budget was hit (once per key and document)."""
    if all(k != key for k, _ in _state.hits):
        _state.hits.append((key, message))
    if all(k != key for k, _ in _state.every_hit):
        _state.every_hit.append((key, message))


def hits() -> list[tuple[str, str]]:
    """(limits key, what happened) of every budget the current document hit."""
    return list(_state.hits)


def all_hits() -> list[tuple[str, str]]:
    """Every budget any document of this reading hit (first occurrence of each key)."""
    return list(_state.every_hit)


def pages_to_read(n: int, max_pages: int) -> list[int]:
    """Which pages (0-based) of an n-page PDF are read within max_pages: all, or the head and the tail
    (the first half and the last tenth of the budget: titles at the front, signatures at the back)."""
    if n <= max_pages:
        return list(range(n))
    head = max(1, max_pages // 2)
    tail = min(max_pages - head, max_pages // 10)
    return list(range(head)) + list(range(n - tail, n))


def inflate(data: bytes, limit: int) -> bytes:
    """zlib.decompress that never produces more than `limit` bytes: BudgetExceeded instead. A truncated
    stream raises zlib.error as zlib.decompress does."""
    d = zlib.decompressobj()
    out = bytearray()
    tail = data
    while True:  # in pieces: a bomb is stopped at the limit, never first inflated into one huge buffer
        out += d.decompress(tail, min(limit + 1 - len(out), _INFLATE_PIECE) or 1)
        tail = d.unconsumed_tail
        if len(out) > limit:
            raise BudgetExceeded("max_inflated_bytes", f"a compressed stream inflates to more than {limit:,} bytes")
        if d.eof or not tail:
            break
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return bytes(out)


_INFLATE_PIECE = 1 << 20


def _spend(n: int) -> None:
    _state.inflated += n
    limit = _state.budgets.max_inflated_bytes
    if _state.inflated > limit:
        message = f"its compressed streams inflate to more than {limit:,} bytes (limits.max_inflated_bytes)"
        hit("max_inflated_bytes", message)
        raise BudgetExceeded("max_inflated_bytes", message)


class _BoundedDecompressor:
    """zlib.decompressobj() within the current document's allowance (pdfminer's damaged-stream path)."""

    def __init__(self, *args: Any) -> None:
        self._d = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        left = max(0, current().max_inflated_bytes - _state.inflated)
        out = self._d.decompress(data, min(max_length, left + 1) if max_length else left + 1)
        _spend(len(out))
        if self._d.unconsumed_tail:  # more would come than the allowance holds
            _spend(current().max_inflated_bytes + 1)
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._d.flush(*args)
        _spend(len(out))
        return out


class _BoundedZlib:
    """Stands in for the `zlib` module inside pdfminer.pdftypes: every Flate stream a PDF holds is
    inflated within the document's allowance (a 1 MB stream that inflates to 800 MB stops at the budget)."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        left = max(0, current().max_inflated_bytes - _state.inflated)
        try:
            out = inflate(data, left)
        except BudgetExceeded:
            _spend(left + 1)
            raise
        _spend(len(out))
        return out

    @staticmethod
    def decompressobj(*args: Any) -> _BoundedDecompressor:
        return _BoundedDecompressor(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def install() -> None:
    """Route pdfminer's Flate decoding through the budget (idempotent)."""
    try:
        from pdfminer import pdftypes
    except ImportError:  # pragma: no cover - pdfminer comes with pdfplumber
        return
    if not isinstance(getattr(pdftypes, "zlib", None), _BoundedZlib):
        setattr(pdftypes, "zlib", _BoundedZlib())  # noqa: B010 - pdfminer's module global, not an export
