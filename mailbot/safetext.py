"""Untrusted text (a stranger's subject, an organisation's name from a PDF, a display name) made safe
for each place it is shown. One function per place, because each place is attacked differently:
a terminal by escape sequences, Rich by its markup, a mail header by line breaks and bidi overrides,
a greeting by links and length."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

# C0 and C1 controls and DEL (ESC starts every terminal escape: OSC 52 clipboard writes, clear screen)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# bidi embeddings, overrides and isolates, and the marks that reorder text (Trojan Source, RFC 8264)
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")
_LINK = re.compile(r"(?i)\b(?:https?://|www\.|ftp://)\S*|\S+\.(?:[a-z]{2,24})(?:/\S*)?(?=\s|$)")
GREETING_MAX = 60


def _visible_escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal(value: Any) -> str:
    """For the terminal: control, escape and bidi characters shown as visible escapes (\\x1b, \\u202e);
    newlines and tabs stay (case show prints whole bodies)."""
    text = "" if value is None else str(value)
    return _BIDI.sub(lambda m: _visible_escape(m.group()), _CONTROLS.sub(lambda m: _visible_escape(m.group()), text))


def terminal_line(value: Any) -> str:
    """For one cell or line of terminal output: as terminal(), and line breaks shown too."""
    return terminal(value).replace("\n", "\\n").replace("\t", " ")


def rich(value: Any) -> str:
    """For Rich: terminal-safe, then markup escaped so "[/] [bold red]" is shown, never parsed."""
    from rich.markup import escape

    return escape(terminal_line(value))


def header(value: Any, limit: int = 200) -> str:
    """For a mail header or subject: controls, line breaks and bidi overrides removed, whitespace
    collapsed, bounded length."""
    text = "" if value is None else str(value)
    text = _BIDI.sub("", _CONTROLS.sub(" ", _LINE_BREAKS.sub(" ", text)))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def greeting(value: Any, limit: int = GREETING_MAX) -> str | None:
    """A name fit to greet someone with ("Kære <name>"): letters, spaces and the punctuation of names
    only, no address, no link, at most `limit` characters; None when nothing like a name is left."""
    text = header(value, 1000)
    if not text or "@" in text or _LINK.search(text):
        return None
    text = unicodedata.normalize("NFKC", text)
    if any(not (ch.isalpha() or ch in " .'-’,") for ch in text):
        return None
    text = " ".join(text.split()).strip(" ,.-")
    if not text or len(text) > limit:
        return None
    return text
