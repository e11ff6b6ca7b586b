"""Staff decisions by mail (contracts.md section 4): the first non-empty body line is a command."""
from __future__ import annotations

import re

from .quoting import new_text

_COMMANDS = {
    "approve": "approve", "godkend": "approve", "godkendt": "approve",
    "reject": "reject", "afvis": "reject", "afvist": "reject",
    "note": "note", "notat": "note",
    "hold": "hold", "pause": "hold",
    "resume": "resume", "genoptag": "resume",
}
_LINE = re.compile(r"^\s*[*_]*([A-Za-zÆØÅæøå]+)[*_]*\s*[:.!-]?\s*(.*)$")


def read_staff_command(text: str) -> dict[str, str] | None:
    """{"command", "argument"} from the first non-empty line, or None when it is no command.

    REJECT and NOTE take the rest of the line plus the following lines up to quoted history or a
    signature separator; the other commands take the rest of their line.
    """
    body = new_text(text or "")
    lines = body.splitlines()
    idx = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if idx is None:
        return None
    m = _LINE.match(lines[idx])
    if not m:
        return None
    cmd = _COMMANDS.get(m.group(1).lower())
    if cmd is None:
        return None
    arg = m.group(2).strip()
    if cmd in ("reject", "note"):
        more: list[str] = []
        for ln in lines[idx + 1:]:
            if ln.strip() in ("--", "-- ") or re.match(r"^\s*(?:mvh|med venlig hilsen|venlig hilsen|regards|"
                                                        r"best regards|kind regards|hilsen)\b", ln, re.I):
                break
            more.append(ln.rstrip())
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(more).strip()) if p.strip()]
        # a short last paragraph ("Anne", "Bo Staff") is the sender's signature, not the reason
        if paragraphs and len(paragraphs[-1].split()) <= 3 and not re.search(r"[.,;:!?]", paragraphs[-1]):
            paragraphs.pop()
        extra = "\n\n".join(paragraphs)
        arg = "\n".join(x for x in (arg, extra) if x)
    return {"command": cmd, "argument": arg}
