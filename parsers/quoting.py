"""Where a mail's own new text ends and quoted or forwarded history begins."""
from __future__ import annotations

import re

_MARKERS = [
    re.compile(r"^\s*-{2,}\s*(?:original\s+message|oprindelig\s+meddelelse|videresendt\s+meddelelse|"
               r"forwarded\s+message|ursprüngliche\s+nachricht|begin\s+forwarded\s+message)\s*-{0,}\s*$", re.I),
    re.compile(r"^\s*(?:begin\s+forwarded\s+message|start\s+på\s+videresendt\s+besked)\s*:?\s*$", re.I),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*-{10,}\s*$"),
    re.compile(r"^\s*>"),
    re.compile(r"^\s*(?:den|d\.)\s.{3,120}\sskrev\s.{0,200}:\s*$", re.I),
    re.compile(r"^\s*on\s.{3,200}\swrote:\s*$", re.I),
    re.compile(r"^\s*am\s.{3,200}\sschrieb\s.{0,200}:\s*$", re.I),
    re.compile(r"^.{0,200}\s(?:skrev|wrote)\s*:\s*$", re.I),
]
_HEADER_BLOCK = re.compile(r"^\s*\*?(?:fra|from|von)\s*:\*?\s*\S", re.I)
_HEADER_NEXT = re.compile(r"^\s*\*?(?:sendt|sent|dato|date|til|to|emne|subject|gesendet)\s*:", re.I)


def new_text(body: str) -> str:
    """The text above the first quoted/forwarded history marker, stripped."""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if any(p.match(line) for p in _MARKERS):
            return "\n".join(lines[:i]).strip()
        if _HEADER_BLOCK.match(line) and any(_HEADER_NEXT.match(x) for x in lines[i + 1:i + 4]):
            return "\n".join(lines[:i]).strip()
    return body.strip()
