"""Files uuencoded into a mail's plain text ("begin 644 Aftale.pdf" ... "end"), as old mail programs, some
gateways and scripts still send them: the file is the party's attachment, so it is taken out of the text and
read as one; left in, the text would hold a page of noise and the core would find the document missing.

A block that does not decode (a line cut, the "end" lost) is still a file the party meant to send: it is
returned without bytes, so that the reader names it for staff."""
from __future__ import annotations

import binascii
import re
from typing import NamedTuple

MAX_BLOCKS = 10
# "begin <mode> <name>": the mode three or four octal digits, the name the rest of the line
_BEGIN = re.compile(r"^begin(?:-base64)? ([0-7]{3,4}) (\S.*?)[ \t]*$")


class Block(NamedTuple):
    """One uuencoded file: its name, its bytes (None: it did not decode whole) and where it stood."""

    name: str
    data: bytes | None
    start: int  # its first and last line in the text
    end: int
    how: str = "uuencoded"  # how it was written in ("in BinHex", "in yEnc": binhex.py, yencoded.py)


def _decoded(lines: list[str], base64_lines: bool) -> bytes | None:
    """The lines between "begin" and "end" decoded, or None where one of them is not uuencoding."""
    out = bytearray()
    if base64_lines:  # "begin-base64" (GNU uuencode -m): base64 lines up to "===="
        try:
            return binascii.a2b_base64("".join(ln.strip() for ln in lines if ln.strip() != "===="), strict_mode=True)
        except (binascii.Error, ValueError):
            return None
    for line in lines:
        if not line.strip():
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            try:  # some encoders pad short lines wrongly: the length byte says how much is meant
                n = (ord(line[0]) - 32) & 63
                out += binascii.a2b_uu(line[:((n + 2) // 3) * 4 + 1])
            except (binascii.Error, IndexError):
                return None
    return bytes(out)


def blocks(text: str) -> list[Block]:
    """The uuencoded files in a text, in order (at most MAX_BLOCKS)."""
    lines = text.split("\n")
    found: list[Block] = []
    i = 0
    while i < len(lines) and len(found) < MAX_BLOCKS:
        m = _BEGIN.match(lines[i].rstrip("\r"))
        if not m:
            i += 1
            continue
        base64_lines = lines[i].startswith("begin-base64")
        end = next((j for j in range(i + 1, len(lines))
                    if lines[j].rstrip("\r").strip() == ("====" if base64_lines else "end")), None)
        if end is None:  # no end: the file was cut
            body = lines[i + 1:]
            found.append(Block(m.group(2), None, i, len(lines) - 1))
            break
        body = [ln.rstrip("\r") for ln in lines[i + 1:end]]
        if not base64_lines and body and body[-1] in ("`", " "):
            body = body[:-1]  # the zero-length line before "end"
        data = _decoded(body, base64_lines)
        found.append(Block(m.group(2), data if data else None, i, end))
        i = end + 1
    return found


def without(text: str, found: list[Block]) -> str:
    """The text with each block replaced by a line naming its file, as a mail program shows it."""
    if not found:
        return text
    lines = text.split("\n")
    for b in reversed(found):
        lines[b.start:b.end + 1] = [f"[{b.name}]"]
    return "\n".join(lines)
