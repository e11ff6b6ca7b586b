"""Where a mail's own new text ends and quoted or forwarded history begins."""
from __future__ import annotations

import re

_MARKERS = [
    re.compile(r"^\s*-{2,}\s*(?:original\s+message|oprindelig\s+(?:meddelelse|besked|e-?mail)|"
               r"videresendt\s+(?:meddelelse|besked|e-?mail|mail)|forwarded\s+(?:message|e-?mail)|"
               r"ursprüngliche\s+nachricht|weitergeleitete\s+nachricht|vidarebefordrat\s+meddelande|"
               r"ursprungligt\s+meddelande|opprinnelig\s+melding|videresendt\s+melding|"
               r"begin\s+forwarded\s+message)\s*:?\s*-{0,}\s*$", re.I),
    re.compile(r"^\s*(?:begin\s+forwarded\s+message|start\s+på\s+videresendt\s+besked)\s*:?\s*$", re.I),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*-{10,}\s*$"),
    re.compile(r"^\s*>"),
    re.compile(r"^\s*(?:den|d\.)\s.{3,120}\sskrev\s.{0,200}:\s*$", re.I),
    re.compile(r"^\s*on\s.{3,200}\swrote:\s*$", re.I),
    re.compile(r"^\s*am\s.{3,200}\sschrieb\s.{0,200}:\s*$", re.I),
    re.compile(r"^.{0,200}\s(?:skrev|wrote)\s*:\s*$", re.I),
]
_ATTRIBUTION = _MARKERS[5:8]  # "Den ... skrev", "On ... wrote", "Am ... schrieb"
_HEADER_BLOCK = re.compile(r"^\s*\*?(?:fra|from|von)\s*:\*?\s*\S", re.I)
_HEADER_NEXT = re.compile(r"^\s*\*?(?:sendt|sent|dato|date|til|to|emne|subject|gesendet)\s*:", re.I)


def new_text(body: str) -> str:
    """The text above the first quoted/forwarded history marker, stripped."""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if any(p.match(line) for p in _MARKERS):
            return "\n".join(lines[:i]).strip()
        # an attribution line the client wrapped ("... skrev MedCom SDN <" / "sdn@medcom.dk>:")
        if i + 1 < len(lines) and len(line) < 200 and lines[i + 1].strip() and re.search(r"\d", line) \
                and not any(p.match(lines[i + 1]) for p in _MARKERS) \
                and any(p.match(line.rstrip() + " " + lines[i + 1].strip()) for p in _ATTRIBUTION):
            return "\n".join(lines[:i]).strip()
        if _HEADER_BLOCK.match(line) and any(_HEADER_NEXT.match(x) for x in lines[i + 1:i + 4]):
            return "\n".join(lines[:i]).strip()
    return body.strip()
