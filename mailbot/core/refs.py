"""Case references: `SDN-2026-0042`, `SDN-2026-10042`. Written by `format_ref` and recognised by
`find_refs`, the one pair every part of the program uses (new cases, subjects, Message-IDs, routing,
the language guess, the web search), so a reference written can always be read back.

The number has at least four digits and as many as it needs; the prefix is `[general] case_ref_prefix`.
"""
from __future__ import annotations

import re
from functools import lru_cache

DEFAULT_PREFIX = "SDN"
MIN_DIGITS = 4
# the dashes Word and Outlook substitute, an underscore or a space are read as the dash
_DASH = r"[ \-\u2010-\u2015_]"
# the number as format_ref writes it: four digits, or more without a leading zero (SDN-2026-00421 is not ours)
_NUMBER = rf"\d{{{MIN_DIGITS}}}|[1-9]\d{{{MIN_DIGITS},}}"


def check_prefix(prefix: str) -> str:
    """A prefix is 2 to 10 letters or digits, starting with a letter; references are upper case."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,9}", prefix or ""):
        raise ValueError(f"{prefix!r} is not a reference prefix (2 to 10 letters or digits, e.g. SDN)")
    return prefix.upper()


def format_ref(prefix: str, year: int, n: int) -> str:
    """The reference of case number n opened in year: at least four digits, more when it needs them."""
    return f"{prefix.upper()}-{year:04d}-{n:0{MIN_DIGITS}d}"


@lru_cache(maxsize=16)
def _pattern(prefix: str) -> re.Pattern[str]:
    p = re.escape(prefix.upper())
    return re.compile(rf"(?<![\w-]){p}{_DASH}?(\d{{4}}){_DASH}({_NUMBER})(?![\w-])", re.I)


@lru_cache(maxsize=16)
def _id_pattern(prefix: str) -> re.Pattern[str]:
    # our Message-IDs: <SDN-2026-0042.starter_pack.abc@medcom.example> (a dot may stand for a dash)
    return re.compile(rf"^\s*<?\s*{re.escape(prefix.upper())}[-.](\d{{4}})[-.]({_NUMBER})(?![\d])", re.I)


def find_refs(text: str | None, prefix: str) -> list[str]:
    """Every reference in a text, in order, written the way format_ref writes it."""
    return [format_ref(prefix, int(m.group(1)), int(m.group(2))) for m in _pattern(prefix).finditer(text or "")]


def find_ref(text: str | None, prefix: str) -> str | None:
    """The first reference in a text, or None."""
    m = _pattern(prefix).search(text or "")
    return format_ref(prefix, int(m.group(1)), int(m.group(2))) if m else None


def ref_in_message_id(message_id: str | None, prefix: str) -> str | None:
    """The reference at the start of one of our Message-IDs, or None."""
    m = _id_pattern(prefix).match(message_id or "")
    return format_ref(prefix, int(m.group(1)), int(m.group(2))) if m else None


def is_ref(text: str | None, prefix: str) -> bool:
    """The text is one reference and nothing else (a search box, a URL)."""
    t = (text or "").strip()
    return bool(t) and find_ref(t, prefix) is not None and _pattern(prefix).fullmatch(t) is not None
