"""What a RAR archive's own headers say about its encryption, read here (plain byte walking, nothing inflated):
libarchive 3.6 marks no RAR 5 entry encrypted and fails on an archive whose headers are encrypted (RAR's `-hp`)
as on a damaged one, so without this an encrypted RAR would be named as damaged, not as encrypted.

RAR 5 (RARLAB's "RAR 5.0 archive format"): after the signature, blocks of CRC32, header size, type and flags
(vints); an archive encryption header (type 4) means every header after it is encrypted; a file header (type
2) whose extra area holds a file encryption record (type 1) is an encrypted file. RAR 4: the main header's
flag 0x0080 means encrypted headers, a file header's flag 0x0004 an encrypted file."""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

RAR4 = b"Rar!\x1a\x07\x00"
RAR5 = b"Rar!\x1a\x07\x01\x00"
_MAX_BLOCKS = 5000  # a walk over more headers than an archive within the budgets holds stops: not told


@dataclass(frozen=True)
class Encryption:
    """Whether the headers are encrypted (nothing inside can be listed), and the names of encrypted files."""

    headers: bool = False
    files: frozenset[str] = field(default_factory=frozenset)


class _Short(Exception):
    """The bytes end inside a header."""


def _vint(data: bytes, at: int) -> tuple[int, int]:
    """RAR 5's variable-length integer at `at`: (value, the offset after it)."""
    value = shift = 0
    if at < 0:
        raise _Short
    for i in range(at, min(at + 10, len(data))):
        value |= (data[i] & 0x7F) << shift
        if not data[i] & 0x80:
            return value, i + 1
        shift += 7
    raise _Short


def _rar5(data: bytes) -> Encryption:
    at, files = len(RAR5), set()
    for _ in range(_MAX_BLOCKS):
        if at + 4 >= len(data):
            break
        size, body = _vint(data, at + 4)
        end = body + size
        kind, p = _vint(data, body)
        flags, p = _vint(data, p)
        extra = datasize = 0
        if flags & 0x01:
            extra, p = _vint(data, p)
        if flags & 0x02:
            datasize, p = _vint(data, p)
        if kind == 4:  # archive encryption header: everything after it is encrypted
            return Encryption(headers=True)
        if kind == 2 and extra:
            name = _rar5_name(data, p)
            if name is not None and _rar5_encrypted_extra(data, end - extra, end):
                files.add(name)
        if kind == 5:  # end of archive
            break
        at = end + datasize
    return Encryption(files=frozenset(files))


def _rar5_name(data: bytes, p: int) -> str | None:
    fflags, p = _vint(data, p)
    _, p = _vint(data, p)  # unpacked size
    _, p = _vint(data, p)  # attributes
    p += (4 if fflags & 0x02 else 0) + (4 if fflags & 0x04 else 0)  # mtime, data CRC32
    _, p = _vint(data, p)  # compression
    _, p = _vint(data, p)  # host OS
    length, p = _vint(data, p)
    if p + length > len(data):
        raise _Short
    return data[p:p + length].decode("utf-8", "replace")


def _rar5_encrypted_extra(data: bytes, at: int, end: int) -> bool:
    while at < end:
        size, p = _vint(data, at)
        kind, _ = _vint(data, p)
        if kind == 1:
            return True
        if size == 0:
            return False
        at = p + size
    return False


def _rar4(data: bytes) -> Encryption:
    at, files = len(RAR4), set()
    for _ in range(_MAX_BLOCKS):
        if at + 7 > len(data):
            break
        _, kind, flags, size = struct.unpack_from("<HBHH", data, at)
        if size < 7:
            break
        if kind == 0x73 and flags & 0x0080:  # main header: the headers are encrypted
            return Encryption(headers=True)
        added = 0
        if kind == 0x74:  # file header: packed size, then the name after fixed fields
            if at + 32 > len(data):
                raise _Short
            added = struct.unpack_from("<I", data, at + 7)[0]
            high = struct.unpack_from("<I", data, at + 32)[0] if flags & 0x0100 and at + 36 <= len(data) else 0
            added += high << 32
            length = struct.unpack_from("<H", data, at + 26)[0]
            start = at + 32 + (8 if flags & 0x0100 else 0)
            name = data[start:start + length].split(b"\x00")[0].decode("latin-1")
            if flags & 0x0004:
                files.add(name.replace("\\", "/"))
        elif flags & 0x8000 and at + 11 <= len(data):  # a block with data after its header
            added = struct.unpack_from("<I", data, at + 7)[0]
        if kind == 0x7B:  # end of archive
            break
        at += size + added
    return Encryption(files=frozenset(files))


def encryption(data: bytes) -> Encryption | None:
    """What the archive's headers say about its encryption; None for no RAR or headers that end too soon to tell
    (libarchive then says what it can)."""
    try:
        if data.startswith(RAR5):
            return _rar5(data)
        if data.startswith(RAR4):
            return _rar4(data)
    except (_Short, struct.error, IndexError):
        return None
    return None
