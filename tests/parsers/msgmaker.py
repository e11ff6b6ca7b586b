"""Outlook .msg files made by the tests: no Python library writes them (extract-msg and olefile only
read), so this is a minimal writer of the two formats involved, after their specifications.

- MS-CFB (compound file, version 3: 512-byte sectors, 64-byte mini sectors, streams under 4,096 bytes
  in the mini stream). Each storage's children hang as a chain of right siblings, all black: a valid
  binary search tree in the specification's name order, but not balanced as its red-black rule asks
  (readers do not rely on it; fine for small test files).
- MS-OXMSG: the message's and each attachment's property stream (`__properties_version1.0`), variable
  properties as `__substg1.0_<tag>` streams, attachments as `__attach_version1.0_#<n>` storages (by
  value: PR_ATTACH_DATA_BIN) and attached Outlook items as an embedded message storage
  (`__substg1.0_3701000D`).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class Node:
    name: str
    data: bytes | None = None  # a stream; None: a storage
    children: list[Node] = field(default_factory=list)


def _key(n: Node) -> tuple[int, str]:
    return (len(n.name), n.name.upper())  # MS-CFB 2.6.4: shorter names first, then case-insensitive


def compound_file(root_children: list[Node]) -> bytes:
    """The compound file holding these storages and streams under its root."""
    root = Node("Root Entry", None, root_children)
    entries: list[Node] = []

    def number(n: Node) -> None:
        entries.append(n)
        for c in sorted(n.children, key=_key):
            number(c)

    number(root)
    index = {id(n): i for i, n in enumerate(entries)}
    fat: list[int] = []
    sectors: list[bytes] = []

    def chain(data: bytes) -> int:
        if not data:
            return END
        start = len(sectors)
        count = (len(data) + SECTOR - 1) // SECTOR
        for i in range(count):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(start + i + 1 if i < count - 1 else END)
        return start

    starts: dict[int, int] = {}
    mini = bytearray()
    minifat: list[int] = []
    for n in entries[1:]:
        if n.data is None:
            continue
        if len(n.data) >= CUTOFF:
            starts[id(n)] = chain(n.data)
        elif n.data:
            first = len(mini) // MINI
            count = (len(n.data) + MINI - 1) // MINI
            mini += n.data.ljust(count * MINI, b"\0")
            minifat += [first + i + 1 if i < count - 1 else END for i in range(count)]
            starts[id(n)] = first
        else:
            starts[id(n)] = END
    mini_start = chain(bytes(mini))
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += struct.pack("<I", FREE) * ((-len(minifat)) % (SECTOR // 4))
    minifat_start = chain(minifat_bytes) if minifat else END

    def entry(n: Node) -> bytes:
        name = n.name.encode("utf-16-le") + b"\0\0"
        kids = sorted(n.children, key=_key)
        siblings = sorted(next(p for p in entries if any(c is n for c in p.children)).children, key=_key) \
            if n is not root else [n]
        pos = next(i for i, c in enumerate(siblings) if c is n)
        right = index[id(siblings[pos + 1])] if pos + 1 < len(siblings) else NOSTREAM
        kind = 5 if n is root else (1 if n.data is None else 2)
        start, size = (mini_start, len(mini)) if n is root else \
            (starts.get(id(n), 0), len(n.data)) if n.data is not None else (0, 0)
        return (name.ljust(64, b"\0") + struct.pack("<HBB", len(name), kind, 1)
                + struct.pack("<III", NOSTREAM, right, index[id(kids[0])] if kids else NOSTREAM)
                + bytes(16) + struct.pack("<I", 0) + bytes(16) + struct.pack("<IQ", start, size))

    directory = b"".join(entry(n) for n in entries)
    empty = b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) \
        + bytes(48)
    directory += empty * ((-len(entries)) % (SECTOR // 128))
    dir_start = chain(directory)
    # the FAT describes every sector, its own included
    n_fat = 1
    while (len(sectors) + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    fat_start = len(sectors)
    fat += [FATSECT] * n_fat
    fat += [FREE] * (n_fat * (SECTOR // 4) - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    difat = [fat_start + i for i in range(n_fat)] + [FREE] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, CUTOFF, minifat_start,
                                       (len(minifat_bytes) // SECTOR) if minifat else 0, END, 0)
              + b"".join(struct.pack("<I", v) for v in difat))
    assert len(header) == SECTOR
    return header + b"".join(sectors) + fat_bytes


# -------------------------------------------------------------------------------------------- MS-OXMSG
PT_LONG, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x0003, 0x001F, 0x0102, 0x000D


def _props(header: bytes, fixed: dict[int, int], variable: dict[int, bytes]) -> bytes:
    out = header
    for tag, value in fixed.items():
        out += struct.pack("<IIQ", tag, 6, value)
    for tag, value in variable.items():
        size = len(value) + (2 if tag & 0xFFFF == PT_UNICODE else 0)
        out += struct.pack("<IIII", tag, 6, size, 0)
    return out


def _strings(props: dict[int, str | bytes]) -> tuple[list[Node], dict[int, bytes]]:
    nodes, variable = [], {}
    for tag, value in props.items():
        data = value.encode("utf-16-le") if isinstance(value, str) else value
        nodes.append(Node(f"__substg1.0_{tag:08X}", data))
        variable[tag] = data
    return nodes, variable


def _message(subject: str, files: list[tuple[str, str, bytes]], items: list[tuple[str, list[Node]]],
             top: bool, body: str = "Hermed aftalen.") -> list[Node]:
    """The storages and streams of one message: its properties (the body as PidTagBody), its attached files and
    items."""
    strings, variable = _strings({0x001A001F: "IPM.Note", 0x0037001F: subject, 0x1000001F: body})
    n_att = len(files) + len(items)
    head = struct.pack("<QIIIIQ", 0, 0, n_att, 0, n_att, 0) if top else struct.pack("<QIIII", 0, 0, n_att, 0, n_att)
    nodes = [Node("__properties_version1.0", _props(head, {}, variable)), *strings]
    for i, (name, mime, data) in enumerate(files):
        a_strings, a_var = _strings({0x3707001F: name, 0x3704001F: name[:12], 0x370E001F: mime, 0x37010102: data})
        props = _props(bytes(8), {0x37050003: 1, 0x0E210003: i}, a_var)
        nodes.append(Node(f"__attach_version1.0_#{i:08X}", None,
                          [Node("__properties_version1.0", props), *a_strings]))
    for j, (name, inner) in enumerate(items, len(files)):
        a_strings, a_var = _strings({0x3707001F: name, 0x3001001F: name})
        props = _props(bytes(8), {0x37050003: 5, 0x0E210003: j}, a_var)
        embedded = Node(f"__substg1.0_{0x3701000D:08X}", None, inner)
        nodes.append(Node(f"__attach_version1.0_#{j:08X}", None,
                          [Node("__properties_version1.0", props), *a_strings, embedded]))
    if top:
        nodes.append(Node("__nameid_version1.0", None, [Node("__substg1.0_00020102", b""),
                                                          Node("__substg1.0_00030102", b""),
                                                          Node("__substg1.0_00040102", b"")]))
    return nodes


def outlook_item(subject: str, files: list[tuple[str, str, bytes]],
                 attached_items: list[tuple[str, str, list[tuple[str, str, bytes]]]] | None = None,
                 body: str = "Hermed aftalen.") -> bytes:
    """A .msg holding these files, and Outlook items (name, subject, files) attached to it; `body` is the text
    the party wrote in it."""
    items = [(name, _message(sub, inner, [], top=False)) for name, sub, inner in attached_items or []]
    return compound_file(_message(subject, files, items, top=True, body=body))
