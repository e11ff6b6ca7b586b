"""Text out of mail bytes as clients really write them: mislabelled charsets, raw 8-bit headers,
encoded-words split inside a character, format=flowed. Never raises."""
from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re

# Labels that say nothing reliable about the bytes: decide from the bytes themselves
_NO_LABEL = {"", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "unknown", "8bit", "default", "none",
             "x-user-defined", "us_ascii", "ansi_x3.4-1968"}
# Single-byte Western labels: in practice windows-1252 (what browsers do), and often UTF-8 in disguise
_WESTERN = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "cp819", "windows-1252", "cp1252",
            "iso-8859-15", "iso8859-15", "latin-9", "latin9", "x-cp1252", "ansi"}


def _codec(label: str) -> str | None:
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mixed(data: bytes) -> str:
    """UTF-8 with stray single-byte characters (a cp1252 text pasted into a UTF-8 mail): each invalid
    byte read as windows-1252."""
    text = data.decode("utf-8", "surrogateescape")
    return re.sub(r"[\udc80-\udcff]", lambda m: bytes([ord(m.group()) - 0xDC00]).decode("cp1252", "replace"), text)


def bytes_to_text(data: bytes, declared: str | None = None) -> str:
    """Decode body or header bytes: ASCII as is; valid UTF-8 wins over a missing, ASCII or single-byte
    Western label (UTF-8 that is not UTF-8 is vanishingly rare); another label is trusted when the bytes
    fit it; else windows-1252, else latin-1."""
    label = (declared or "").strip().strip("\"'").lower()
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        pass
    if label in _NO_LABEL or label in _WESTERN or _codec(label) in ("utf-8", "cp1252", "latin-1", "iso8859-15"):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if _codec(label) == "utf-8" and len(_UTF8_SEQ.findall(data)) >= 1:
            return _mixed(data)
        if label in ("iso-8859-15", "iso8859-15", "latin-9", "latin9"):
            return data.decode("iso8859-15")
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    name = _codec(label)
    if name:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
    for cs in ("utf-8", "cp1252"):
        try:
            return data.decode(cs)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def html_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed to plain lines: a line ending in a space continues on the next line
    of the same quote depth; with delsp=yes that space is not part of the text."""
    out: list[str] = []
    buf: str | None = None
    depth_buf = 0
    for line in text.split("\n"):
        line = line.rstrip("\r")
        m = re.match(r"^(>+)", line)
        depth = len(m.group(1)) if m else 0
        body = line[depth:]
        if body.startswith(" "):
            body = body[1:]  # space-stuffing
        flowed = body.endswith(" ") and body != "-- "
        if flowed and delsp:
            body = body[:-1]
        if buf is not None and depth == depth_buf:
            buf += body
        else:
            if buf is not None:
                out.append(("> " * depth_buf if depth_buf else "") + buf)
            buf, depth_buf = body, depth
        if not flowed:
            out.append(("> " * depth_buf if depth_buf else "") + buf)
            buf = None
    if buf is not None:
        out.append(("> " * depth_buf if depth_buf else "") + buf)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- headers

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?]*?)\?=")


def _word_bytes(enc: str, payload: str) -> bytes:
    if enc.lower() == "b":
        p = re.sub(r"[^A-Za-z0-9+/]", "", payload)
        try:
            return base64.b64decode(p + "=" * (-len(p) % 4))
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=False)


def decode_words(value: str) -> str:
    """RFC 2047 encoded-words decoded; whitespace between two encoded-words dropped; adjacent words of
    one charset joined as bytes first, so a character split over two words survives."""
    parts: list[tuple[str | None, str | bytes]] = []  # (charset or None for plain text, content)
    pos = 0
    for m in _ENCODED_WORD.finditer(value):
        between = value[pos:m.start()]
        prev_word = bool(parts) and parts[-1][0] is not None
        if between and not (prev_word and not between.strip()):
            parts.append((None, between))
        charset = m.group(1).split("*", 1)[0].lower()  # RFC 2231 language suffix
        data = _word_bytes(m.group(2), m.group(3))
        if parts and parts[-1][0] == charset:
            last = parts[-1][1]
            parts[-1] = (charset, (last if isinstance(last, bytes) else b"") + data)
        else:
            parts.append((charset, data))
        pos = m.end()
    if pos < len(value):
        parts.append((None, value[pos:]))
    out = []
    for charset, content in parts:
        out.append(content if isinstance(content, str) else bytes_to_text(content, charset))
    return "".join(out)


def raw_headers(raw: bytes) -> list[tuple[str, str]]:
    """(name, unfolded value) of the top-level header block, undecoded encoded-words, raw 8-bit bytes
    read as UTF-8 or windows-1252."""
    raw = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    m = re.search(rb"\r?\n\r?\n", raw[:1_000_000])
    block = raw[:m.start()] if m else raw[:1_000_000]
    out: list[tuple[str, bytes]] = []
    for line in re.split(rb"\r?\n", block):
        if line[:1] in (b" ", b"\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + b" " + line.strip())
            continue
        hm = re.match(rb"^([!-9;-~]+)[ \t]*:(.*)$", line)
        if hm:
            out.append((hm.group(1).decode("ascii").lower(), hm.group(2).strip()))
    return [(n, bytes_to_text(v)) for n, v in out]
