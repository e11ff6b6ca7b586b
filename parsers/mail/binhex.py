"""Files in BinHex 4.0 (RFC 1741: `application/mac-binhex40`, or written into the text: "(This file must be
converted with BinHex 4.0)" and the file between two colons), as old Mac mail programs (Eudora, Claris Emailer)
and their gateways send them. The standard library's binhex module is gone (Python 3.11), so it is decoded here:
six bits a character, then the run-length coding (0x90), then the header (name, Finder type and creator, the
forks' lengths) and the data fork, each checked by its CRC; the resource fork is a Mac's own, not the file.

A file whose characters, lengths or CRCs do not hold is still a file the party meant to send: it is returned
without bytes, so the reader names it for staff, never reads half of it."""
from __future__ import annotations

import binascii
import re
import struct

from .uuencoded import MAX_BLOCKS, Block

_ALPHABET = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
_INTRO = re.compile(r"^\(This file must be converted", re.I | re.M)  # "with BinHex 4.0)"; macutils says otherwise
MAX_BYTES = 60_000_000  # one file; a mail's part is refused before this by the mail's own size limit


_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TO_BASE64 = str.maketrans(_ALPHABET, _BASE64)  # the same six bits a character, in another alphabet
_SPACE = str.maketrans("", "", " \t\r\n")


def _six_bits(chars: str) -> bytes | None:
    """The characters between the colons as bytes; None at a character outside BinHex's alphabet."""
    chars = chars.translate(_SPACE)
    if chars.strip(_ALPHABET):
        return None
    chars = chars[:len(chars) - len(chars) % 4 if len(chars) % 4 == 1 else len(chars)]  # a last lone char: no byte
    try:
        return binascii.a2b_base64(chars.translate(_TO_BASE64) + "=" * (-len(chars) % 4))
    except (binascii.Error, ValueError):
        return None


def _expanded(data: bytes) -> bytes | None:
    """The run-length coding undone: `b 0x90 n` is b n times, `0x90 0x00` a 0x90; None where it does not hold."""
    out = bytearray()
    i = 0
    while i < len(data):
        at = data.find(b"\x90", i)
        if at < 0:
            out += data[i:]
            break
        out += data[i:at]
        if at + 1 >= len(data):
            return None
        n = data[at + 1]
        if n == 0:
            out.append(0x90)
        elif not out:
            return None
        else:
            out += bytes([out[-1]]) * (n - 1)
        if len(out) > MAX_BYTES:
            return None
        i = at + 2
    return bytes(out)


def _checked(part: bytes, crc: bytes) -> bool:
    return len(crc) == 2 and binascii.crc_hqx(part, 0) == struct.unpack(">H", crc)[0]


def decoded(chars: str) -> tuple[str, bytes] | None:
    """(the file's name, its data fork) from the characters between the colons; None where anything is wrong."""
    raw = _six_bits(chars)
    data = _expanded(raw) if raw is not None else None
    if not data:
        return None
    n = data[0]
    head = data[:1 + n + 1 + 4 + 4 + 2 + 4 + 4]
    if len(head) < 1 + n + 19 or not _checked(head, data[len(head):len(head) + 2]):
        return None
    name = head[1:1 + n].decode("mac_roman", "replace")
    dlen = struct.unpack(">I", head[-8:-4])[0]
    at = len(head) + 2
    fork = data[at:at + dlen]
    if len(fork) != dlen or not dlen or not _checked(fork, data[at + dlen:at + dlen + 2]):
        return None
    return name, fork


def file_of(text: str) -> tuple[str, bytes | None] | None:
    """A BinHex part's file: (its name, its bytes, None where it does not decode whole); None: no BinHex here."""
    found = blocks(text if _INTRO.search(text) or not text.lstrip().startswith(":") else
                   "(This file must be converted with BinHex 4.0)\n" + text.lstrip())  # the line left out
    return (found[0].name, found[0].data) if found else None


def blocks(text: str) -> list[Block]:
    """The BinHex files in a text, in order (at most MAX_BLOCKS): each from its "(This file must be converted"
    line to the line of its closing colon."""
    lines = text.split("\n")
    found: list[Block] = []
    i = 0
    while i < len(lines) and len(found) < MAX_BLOCKS:
        if not _INTRO.match(lines[i].strip()):
            i += 1
            continue
        rest = "\n".join(lines[i + 1:])
        opening = rest.find(":")
        closing = rest.find(":", opening + 1) if opening >= 0 else -1
        if opening < 0 or rest[:opening].strip() or closing < 0:  # no file after the line, or cut
            found.append(Block("binhex-file", None, i, len(lines) - 1, "in BinHex"))
            break
        end = i + 1 + rest[:closing].count("\n")
        got = decoded(rest[opening + 1:closing])
        name = got[0].strip() if got is not None and got[0].strip() else "binhex-file"
        found.append(Block(name, got[1] if got is not None else None, i, end, "in BinHex"))
        i = end + 1
    return found
