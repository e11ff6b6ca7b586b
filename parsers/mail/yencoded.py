"""Files yEncoded into a mail's text ("=ybegin line=128 size=1481 name=Aftale.pdf" ... "=yend size=1481
crc32=..."), as news readers and some scripts send them. yEnc writes 8-bit bytes into the text, so the part's
bytes as sent are decoded, never its text (a charset would change them): each byte less 42, one after "=" less
64 more; the size and the CRC-32 "=yend" gives must hold.

A file that does not decode whole (a size or a CRC that does not hold, the "=yend" lost) or that is one piece
of several ("=ypart": the rest in other mails) is still a file the party meant to send: it is returned without
bytes, so that the reader names it for staff."""
from __future__ import annotations

import re
import zlib

from .uuencoded import MAX_BLOCKS, Block

_BEGIN = re.compile(rb"^=ybegin (.*)$")
_KEY = re.compile(rb"(\w+)=(\S+)")


def _keys(line: bytes) -> dict[bytes, bytes]:
    """A header line's keys ("name" is the rest of the line: a name may hold spaces)."""
    head, _, name = line.partition(b" name=")
    keys = dict(_KEY.findall(head))
    if name.strip():
        keys[b"name"] = name.strip()
    return keys


_LESS_42 = bytes((b - 42) & 0xFF for b in range(256))


def _decoded(lines: list[bytes]) -> bytes:
    """Each byte less 42; a byte after "=" less 64 more (an escape never ends a line: yEnc writes none)."""
    out = bytearray()
    for line in lines:
        first, *escaped = line.rstrip(b"\r").split(b"=")
        out += first.translate(_LESS_42)
        for chunk in escaped:
            if chunk:
                out.append((chunk[0] - 106) & 0xFF)
                out += chunk[1:].translate(_LESS_42)
    return bytes(out)


def _crc_holds(said: bytes | None, data: bytes) -> bool:
    """The CRC-32 "=yend" gives is the data's (none given: the size alone checks it)."""
    if said is None:
        return True
    try:
        return int(said, 16) == zlib.crc32(data)
    except ValueError:
        return False


def in_text(found: list[Block], text: str) -> list[Block]:
    """The blocks found in the part's bytes, placed at their lines in the part's text (the k-th "=ybegin" line
    there to the "=yend" after it): the text may be laid out otherwise (format=flowed), never the header lines."""
    lines = text.split("\n")
    begins = [i for i, line in enumerate(lines) if line.startswith("=ybegin ")]
    out = []
    for k, b in enumerate(found):
        start = begins[k] if k < len(begins) else b.start
        end = next((j for j in range(start + 1, len(lines)) if lines[j].startswith("=yend")), len(lines) - 1)
        out.append(b._replace(start=start, end=end))
    return out


def blocks(raw: bytes) -> list[Block]:
    """The yEncoded files in a text part's bytes as sent, in order (at most MAX_BLOCKS), at their lines there."""
    lines = raw.split(b"\n")
    found: list[Block] = []
    i = 0
    while i < len(lines) and len(found) < MAX_BLOCKS:
        m = _BEGIN.match(lines[i].rstrip(b"\r"))
        if not m:
            i += 1
            continue
        keys = _keys(m.group(1))
        name = keys.get(b"name", b"yenc-file").decode("utf-8", "replace")
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(b"=yend")), None)
        if end is None:  # cut
            found.append(Block(name, None, i, len(lines) - 1, "in yEnc"))
            break
        body = lines[i + 1:end]
        piece = bool(body) and body[0].startswith(b"=ypart")
        data = _decoded(body) if not piece else b""
        tail = _keys(lines[end].rstrip(b"\r")[5:])
        whole = not piece and bool(data) and str(len(data)).encode() == keys.get(b"size") == tail.get(b"size") \
            and _crc_holds(tail.get(b"crc32"), data)
        found.append(Block(name, data if whole else None, i, end, "in yEnc"))
        i = end + 1
    return found
