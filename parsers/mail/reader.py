"""read_mail: one e-mail as a `Reading` (written out, the contract's object), tolerant of the malformed mail
real life sends.

mail-parser (the design's mail reader) reads the parsed MIME tree: ``mailparser.MailParser(tree)`` walks
every part and reports its defects, and its header diagnostics (addresses, dates, Received, MIME
headers, charsets); those are the mail's ``malformed_mail`` problem. The standard library does what
mail-parser falls short of, each measured on the shared corpus and real-world mail (158 mails):

- **bytes to tree, size budget**: ``mailparser.parse_from_bytes`` parses the bytes in one go
  (``email.message_from_bytes``): for a mail with a 25 MB PDF the reading adds 254 MB to the process's
  peak, against 92 MB when email's feed parser gets the bytes in 1 MB pieces (``_parse_mime``;
  ``bench/reader_memory.py``). mail-parser reads the tree built that way at no extra cost (92 MB), and a
  large base64 body is decoded in one pass (``_decoded_payload``);
- **strict From, for trust** (``sender.strict_from``): mail-parser's addresses are lenient (a quoted
  local part taken apart, ``@domain`` kept) and disagree with the raw header on 4 From and 6 To lines;
- **headers as sent** (``_Headers``): the raw header block, 8-bit bytes read as UTF-8 or windows-1252
  and encoded-words decoded by us; mail-parser turns 8-bit header bytes into U+FFFD and drops headers
  after a line without a colon (4 subjects, 3 Message-IDs differ); bare-CR mail is made CRLF first
  (``normalise_line_endings``);
- **bodies and attachments** (``_walk``, ``_part_text``): the body is the party's own text only, decoded
  by its bytes where the charset label lies and format=flowed unwrapped; mail-parser counts a forwarded
  message/rfc822's text as the body and decodes by the label (13 bodies differ), and misses a PDF sent
  without a name; nested message/rfc822 (also base64-encoded by Exchange, or an ``.eml`` attachment)
  is opened by us, with the ``MAX_PARTS`` / ``MAX_DEPTH`` budgets;
- **the Date**: email's ``parsedate_to_datetime`` keeps the offset as written (mail-parser normalises odd
  offsets such as ``-0459`` and gives none for 2 dates we read);
- **containers and S/MIME** (issue 23): the walk opens an S/MIME body (opaque-signed or encrypted) and
  reads the mail inside like any mail, checking clear and opaque signatures into ``message.smime``
  (``_walk``, ``_open_smime``, ``_check_clear``); each attachment is turned into the files inside it by
  ``attachment_files`` (``parsers/containers``: ZIP, winmail.dat, .msg, .p7m, .eml, within the
  ``[limits]`` container budgets) and each file is read where a PDF attachment is, or named in a problem.
"""
from __future__ import annotations

import base64
import binascii
import email
import email.feedparser
import email.policy
import io
import logging
import mimetypes
import quopri
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

import mailparser

from mailbot.core.judgements import mismatch
from mailbot.core.refs import DEFAULT_PREFIX, find_ref, ref_in_message_id

from .. import budget
from ..containers import Allowance, Attachment, Said, Unwrapped, carried, smime, unwrap
from ..containers.base import BINHEX_TYPES
from ..documents import AGREEMENTS
from ..documents.dispatch import Attachment as DocFile
from ..documents.dispatch import AttachmentsRead, read_attachments, what_is
from ..problems import new_problem
from ..reading import Document, Problem, Reading
from ..reading import Message as MessageReading
from ..values import cvr_valid
from . import binhex, elsewhere, mapped, openpgp, uuencoded, yencoded
from .automated import classify_automated, machine_hints
from .body_form import held_forms, read_body_form
from .html_text import html_to_text
from .language import detect_language
from .mapped import Raw
from .mime_text import bytes_to_text, decode_words, html_charset, raw_headers, unflow
from .quoting import new_text
from .returned import delivery_report, is_our_mail, quoted_message_ids
from .sender import auth_summary, parse_auth_results, strict_from

FORWARDED_TEXT_MAX = 20_000  # characters of a forwarded mail's words kept beside the mail's own

MAX_PARTS = 500
MAX_DEPTH = 12
logging.getLogger("mailparser").setLevel(logging.ERROR)  # it warns of every content type it does not show


MAILPARSER_MAX_RECODED = 1_000_000
MAILPARSER_MAX_HEADERS = 1_000  # its header diagnostics cost ~4 KB a header: 200,000 lines took 860 MB


def _mail_parser(msg: Message) -> mailparser.MailParser | None:
    """mail-parser's reading of the tree; None when it cannot read it or should not (the standard
    library's defects are used then).

    Size budget: mail-parser keeps a base64 attachment as the string already in the tree (no copy), but
    re-encodes every other attachment (8bit, binary, quoted-printable) to base64, two more copies of it;
    a mail with such a part over 1 MB, or a part with more than 1,000 header lines, is not given to it."""
    try:
        for i, part in enumerate(msg.walk()):
            if i > MAX_PARTS or len(part) > MAILPARSER_MAX_HEADERS:
                return None
            if part.is_multipart():
                continue
            cte = str(part.get("Content-Transfer-Encoding", "") or "").strip().lower()
            body = part.get_payload()
            if cte != "base64" and isinstance(body, str) and len(body) > MAILPARSER_MAX_RECODED:
                return None
        return mailparser.MailParser(msg)
    except Exception:  # RecursionError included: a deeply nested message is still read by us
        return None


def _defects(msg: Message, parsed: mailparser.MailParser | None) -> list[str]:
    """Every part's MIME defects and mail-parser's header diagnostics, by name."""
    if parsed is None:
        return _encoded_messages_sound(msg, [type(d).__name__ for d in getattr(msg, "defects", [])])
    try:
        found = [str(c) for c in parsed.defects_categories]
        if "CharsetDecodeDefect" in found and not _text_undecoded(parsed.defects):
            found.remove("CharsetDecodeDefect")
        return _encoded_messages_sound(msg, found)
    except Exception:
        return [type(d).__name__ for d in getattr(msg, "defects", [])]


_SEPARATOR = "MissingHeaderBodySeparatorDefect"


def _encoded_messages_sound(msg: Message, found: list[str]) -> list[str]:
    """An attached mail (message/rfc822) sent base64-encoded, as some Exchange servers and gateways forward one: the
    standard library parses the base64 text as the mail's headers (a missing header/body separator), while the
    attachment reader decodes it and reads the mail inside. That defect, when only such parts carry it, is no
    malformed mail (a sound forwarded mail went to staff)."""
    if _SEPARATOR not in found:
        return found
    try:
        encoded: set[int] = set()
        elsewhere = False
        for part in msg.walk():
            cte = str(part.get("Content-Transfer-Encoding", "") or "").strip().lower()
            if part.get_content_type() == "message/rfc822" and cte == "base64":
                encoded |= {id(x) for x in (part.get_payload() or []) if isinstance(x, Message)}
            elif id(part) not in encoded and any(type(d).__name__ == _SEPARATOR for d in part.defects):
                elsewhere = True
    except Exception:  # noqa: BLE001 - a tree not walked: the defects stand as found
        return found
    return found if elsewhere or not encoded else [d for d in found if d != _SEPARATOR]


def _text_undecoded(defects: object) -> bool:
    """mail-parser's CharsetDecodeDefect is about a text part (a body in the wrong charset): it also decodes every
    part without a file name as text, so a nameless PDF's bytes (Apple Mail's and many scanners' parts) would make a
    sound mail `malformed_mail`; those are not counted."""
    return any(str(ctype).startswith("text/") and any("CharsetDecodeDefect" in str(m) for m in said)
               for d in (defects if isinstance(defects, list) else []) if isinstance(d, dict)
               for ctype, said in d.items() if isinstance(said, list))


def _decode_raw_header(value: str) -> str:
    try:
        return decode_words(value)
    except Exception:
        return value


class _Headers:
    """Header access that never raises: the raw header block first (8-bit bytes read as UTF-8 or
    windows-1252, encoded-words decoded by us), the parsed message as fallback."""

    def __init__(self, msg: Message, raw: bytes) -> None:
        self.msg = msg
        self.broken: list[str] = []
        try:
            self.raw = raw_headers(raw)
        except Exception:
            self.raw = []

    def get(self, name: str) -> str | None:
        vals = self.get_all(name)
        return vals[0] if vals else None

    def get_all(self, name: str) -> list[str]:
        return [_decode_raw_header(v) for v in self.get_all_raw(name)]

    def get_all_raw(self, name: str) -> list[str]:
        """Unfolded values with the encoded-words still encoded (address lists are split on those)."""
        if self.raw:
            return [v for n, v in self.raw if n == name.lower()]
        try:
            return [str(v) for v in (self.msg.get_all(name) or [])]
        except Exception:
            self.broken.append(name)
            return []


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, lower-case address) pairs; an unquoted comma in a display name
    ("Hansen, Søren <s@x>") joins the stray word to the next name instead of becoming an address."""
    try:
        pairs = getaddresses(values)
    except Exception:
        pairs = []
    out: list[tuple[str, str]] = []
    stray: list[str] = []
    for name, addr in pairs:
        addr = (addr or "").strip().strip("<>").lower()
        # names as written, whitespace collapsed: a CR/LF or other control character smuggled in by an
        # encoded-word never reaches a greeting, a timeline or a header
        name = " ".join(_CONTROL.sub(" ", _decode_raw_header(name)).split()) if name else ""
        if not addr:
            continue
        if "@" not in addr and not name:
            stray.append(addr)
            continue
        if stray and "@" in addr:
            name = ", ".join([" ".join(stray)] + ([name] if name else []))
            stray = []
        out.append((name, addr))
    if not out and stray:
        out = [("", a) for a in stray]
    if not any("@" in a for _, a in out) and any("=?" in v for v in values):
        # the whole header, address included, in one encoded-word (some clients do): decode first
        decoded = [_decode_raw_header(v) for v in values]
        if decoded != values:
            return _addresses(decoded)
    return out


def _part_text(part: Message) -> str:
    """A text part's text, decoded by its bytes where the label lies; format=flowed unwrapped."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        try:
            raw = part.get_payload()
        except Exception:
            raw = ""
        return raw if isinstance(raw, str) else ""
    try:
        charset = part.get_param("charset")
        charset = email.utils.collapse_rfc2231_value(charset) if isinstance(charset, tuple) else charset
    except Exception:
        charset = None
    if not charset and part.get_content_type() == "text/html":
        charset = html_charset(payload)
    text = bytes_to_text(payload, charset if isinstance(charset, str) else None)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        flowed = str(part.get_param("format") or "").lower() == "flowed"
        delsp = str(part.get_param("delsp") or "").lower() == "yes"
    except Exception:
        flowed = delsp = False
    if flowed and part.get_content_type() == "text/plain":
        text = unflow(text, delsp)
    return text


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        try:
            param = part.get_param("name")
            name = email.utils.collapse_rfc2231_value(param) if isinstance(param, tuple) else param
        except Exception:
            name = None
    if name and "=?" in name:
        name = _decode_raw_header(name)
    return unicodedata.normalize("NFC", name.strip()) if isinstance(name, str) and name.strip() else None


def _inner_message(part: Message) -> Message | None:
    """The message inside a message/rfc822 part, also where a client base64-encoded it (Exchange does)
    or attached it as application/octet-stream "x.eml"; None when the part holds no message."""
    try:
        ctype = part.get_content_type()
        cte = str(part.get("Content-Transfer-Encoding", "") or "").strip().lower()
        name = (part.get_filename() or "").lower()
    except Exception:
        return None
    try:
        if ctype == "message/rfc822" and cte not in ("base64", "quoted-printable"):
            payload = part.get_payload()
            sub = payload[0] if isinstance(payload, list) and payload else payload
            return sub if isinstance(sub, Message) else None
        if ctype == "message/rfc822":
            payload = part.get_payload()
            sub = payload[0] if isinstance(payload, list) and payload else payload
            text = sub.as_string() if isinstance(sub, Message) else str(payload or "")
            data = quopri.decodestring(text.encode("ascii", "replace")) if cte == "quoted-printable" \
                else base64.b64decode(re.sub(r"[^A-Za-z0-9+/=]", "", text) + "==", validate=False)
        elif name.endswith(".eml") and not part.is_multipart():
            raw = part.get_payload(decode=True)
            data = raw if isinstance(raw, bytes) else b""
        else:
            return None
        if not re.match(rb"^\s*[!-9;-~]+[ \t]*:", data[:2000]):
            return None
        return email.message_from_bytes(data, policy=email.policy.default)
    except Exception:
        return None


@dataclass
class _Envelopes:
    """What the walk found in S/MIME envelopes: each signature's check, and problems naming what it
    could not open. `sources` are the bytes a clear-signed part is found in, exactly as sent."""

    sources: list[Raw] = field(default_factory=list)
    checks: list[smime.Signed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


_PKCS7_MIME = ("application/pkcs7-mime", "application/x-pkcs7-mime")


def _where(inside_attached: bool) -> str:
    return "an attached message" if inside_attached else "the mail"


def _open_smime(part: Message, env: _Envelopes, inside_attached: bool) -> tuple[Message | None, bool]:
    """The mail inside an opaque-signed or encrypted S/MIME body, its signature checked, and whether the
    walk is done with the part: (None, False) when it holds a file rather than a mail (read as an
    attachment then), (None, True) when it could not be opened (named in a problem)."""
    try:
        data = part.get_payload(decode=True)
        smime_type = str(part.get_param("smime-type") or "").lower()
    except Exception:
        return None, False
    if not isinstance(data, bytes) or not data or smime_type in ("certs-only",):
        return None, False
    if _filename(part) and not smime_type:  # a signed file (x.pdf.p7m) sent as such: read as an attachment
        return None, False
    opened = smime.open_envelope(data, _where(inside_attached), "opaque")
    if opened.content is not None and not smime.looks_like_mime(opened.content):
        return None, False
    env.problems += opened.problems
    if opened.check is not None:
        env.checks.append(smime.Signed(opened.check, attached=inside_attached))
    if opened.content is None:
        return None, True
    env.sources.append(opened.content)
    try:
        return email.message_from_bytes(opened.content, policy=email.policy.default), True
    except Exception:
        env.problems.append(new_problem("malformed_mail", "The content of the S/MIME envelope of "
                                        f"{_where(inside_attached)} could not be parsed."))
        return None, True


def _signed_bytes(msg: Message, env: _Envelopes) -> bytes | None:
    """The first part of a multipart/signed exactly as sent (between its first two boundary lines)."""
    boundary = msg.get_boundary()
    if not boundary:
        return None
    delim = b"--" + boundary.encode("utf-8", "replace")
    for src in env.sources:
        start = src.find(delim + b"\r\n")
        if start < 0:
            start = src.find(delim + b"\n")
        if start < 0:
            continue
        start = src.find(b"\n", start) + 1
        end = src.find(b"\n" + delim, start)
        if end < 0:
            continue
        content = src[start:end]
        content = content[:-1] if content.endswith(b"\r") else content
        return content
    return None


def _check_clear(msg: Message, env: _Envelopes, inside_attached: bool) -> None:
    """A clear-signed (multipart/signed) part's signature checked over its first part as sent."""
    try:
        protocol = str(msg.get_param("protocol") or "").lower()
        payload = msg.get_payload()
    except Exception:
        return
    if "pkcs7-signature" not in protocol or not isinstance(payload, list) or len(payload) < 2:
        return
    content = _signed_bytes(msg, env)
    try:
        second = payload[1]
        signature = second.get_payload(decode=True) if isinstance(second, Message) else None
    except Exception:
        signature = None
    if content is None or not isinstance(signature, bytes):
        # (a clear-signed message forwarded inside another, re-encoded on the way): not checkable, which
        # says nothing about the signature; recorded as unchecked, no problem
        env.checks.append(smime.Signed(smime.SmimeCheck(kind="clear", error="the signed part could not be found "
                                                        "as sent, so the signature was not checked"),
                                       attached=inside_attached))
        return
    else:
        check = smime.verify_clear(content, signature)
        if not check.valid and b"\r\n" not in content:  # stored with bare LF: the signed form is CRLF
            crlf = smime.verify_clear(content.replace(b"\n", b"\r\n"), signature)
            check = crlf if crlf.valid else check
    env.checks.append(smime.Signed(check, attached=inside_attached))
    env.problems += smime.check_problems(check, _where(inside_attached))


def _walk(msg: Message, depth: int = 0, inside_attached: bool = False,
          env: _Envelopes | None = None) -> Iterator[tuple[Message, bool]]:
    """(part, inside an attached message?) for every leaf part, attached messages and the content of
    S/MIME envelopes included (their signatures checked into `env`)."""
    env = env if env is not None else _Envelopes()
    if depth > MAX_DEPTH:
        return
    try:
        ctype = msg.get_content_type()
    except Exception:
        ctype = "application/octet-stream"
    if ctype in elsewhere.NOT_HERE:  # a file kept elsewhere, a piece of a split message: named, not opened
        yield msg, inside_attached
        return
    inner = _inner_message(msg) if ctype == "message/rfc822" or not msg.is_multipart() else None
    if inner is not None:
        yield from _walk(inner, depth + 1, True, env)
        return
    if ctype in _PKCS7_MIME and not msg.is_multipart():
        content, done = _open_smime(msg, env, inside_attached)
        if content is not None:
            yield from _walk(content, depth + 1, inside_attached, env)
        if done:
            return
    if msg.is_multipart():
        if ctype == "multipart/signed":
            _check_clear(msg, env, inside_attached)
        try:
            payload = msg.get_payload()
        except Exception:
            payload = []
        for sub in payload if isinstance(payload, list) else [payload]:
            if isinstance(sub, Message):
                yield from _walk(sub, depth + 1, inside_attached, env)
        return
    if ctype == "message/rfc822":
        return
    yield msg, inside_attached


def _written_in(part: Message, text: str) -> list[uuencoded.Block]:
    """The files written into a text part: uuencoded, in BinHex or in yEnc (from the part's bytes: yEnc is 8-bit),
    in the order they stand, none inside another."""
    found = uuencoded.blocks(text) if "\nbegin" in "\n" + text else []
    if "(This file must be converted" in text:
        found += binhex.blocks(text)
    if "\n=ybegin " in "\n" + text:
        raw = part.get_payload(decode=True)
        found += yencoded.in_text(yencoded.blocks(raw), text) if isinstance(raw, bytes) else []
    out: list[uuencoded.Block] = []
    for b in sorted(found, key=lambda b: b.start):
        if not out or b.start > out[-1].end:
            out.append(b)
    return out


def _binhex_part(part: Message, problems: list[Problem]) -> Message | None:
    """A BinHex part (`application/mac-binhex40`, or a `.hqx` file) as the file it holds; None where it does not
    decode whole, named in `problems` for staff (before: read as it stood, a PDF that was `not_pdf`)."""
    name = _filename(part)
    raw = part.get_payload(decode=True)
    got = binhex.file_of(raw.decode("latin-1") if isinstance(raw, bytes) else "")
    if got is None or got[1] is None:
        problems.append(new_problem("unsupported_attachment", f"The file {name or 'in BinHex'} (BinHex, as old Mac "
                                    "mail programs send files) did not decode whole and was not read; a staff member "
                                    "will look at it.", filename=name or "binhex-file"))
        return None
    own = got[0] if got[0] != "binhex-file" else (name or "binhex-file").removesuffix(".hqx")
    file = EmailMessage()
    maintype, subtype = (mimetypes.guess_type(own)[0] or "application/octet-stream").split("/", 1)
    file.set_content(got[1], maintype=maintype, subtype=subtype, filename=own, disposition="attachment")
    return file


def _uuencoded_files(walker: list[tuple[Message, bool]],
                     problems: list[Problem]) -> tuple[list[tuple[Message, bool]], dict[int, str]]:
    """The walk with each file uuencoded into a plain text part (`uuencoded.py`) added as an attachment beside
    it, and those parts' texts without the blocks (by the part's id); a block that does not decode is named in
    `problems`, for staff."""
    out: list[tuple[Message, bool]] = []
    texts: dict[int, str] = {}
    for part, attached in walker:
        try:
            if part.get_content_type() in BINHEX_TYPES or (_filename(part) or "").lower().endswith(".hqx"):
                file = _binhex_part(part, problems)
                if file is not None:
                    out.append((file, attached))
                continue
        except Exception:  # noqa: BLE001 - a part whose headers do not parse is read as before
            pass
        out.append((part, attached))
        try:
            if part.get_content_type() != "text/plain" or _filename(part) \
                    or (part.get_content_disposition() or "").lower() == "attachment":
                continue
        except Exception:  # noqa: BLE001 - a part whose headers do not parse is read as before
            continue
        text = _part_text(part)
        found = _written_in(part, text)
        if not found:
            continue
        texts[id(part)] = uuencoded.without(text, found)
        for b in found:
            if b.data is None:
                problems.append(new_problem(
                    "unsupported_attachment", f"The file {b.name}, written into the mail's text ({b.how}), is "
                    "not whole and was not read; a staff member will look at it.", filename=b.name))
                continue
            file = EmailMessage()
            maintype, subtype = (mimetypes.guess_type(b.name)[0] or "application/octet-stream").split("/", 1)
            file.set_content(b.data, maintype=maintype, subtype=subtype, filename=b.name, disposition="attachment")
            out.append((file, attached))
    return out, texts


# Exchange turns the text a mail program (Apple Mail, iOS) writes after an attachment into attachments of its own,
# "ATT00001.htm" and "ATT00002.txt": the rest of the party's own text (a greeting, often answers), not files it sent
_EXCHANGE_REST = re.compile(r"^ATT\d{5}\.(?:htm|html|txt)$", re.I)


def _text_of(part: Message, texts: dict[int, str]) -> str:
    """A text part's text, without the files uuencoded into it (`_uuencoded_files`)."""
    return texts[id(part)] if id(part) in texts else _part_text(part)


def _invitation(part: Message) -> elsewhere.Invitation | None:
    """A calendar part's event (an invitation's text/calendar, an .ics attached), else None."""
    try:
        data = _decoded_payload(part)
    except Exception:  # noqa: BLE001 - a part that cannot be decoded is read as any attachment is
        return None
    return elsewhere.invitation(data) if isinstance(data, bytes) else None


def _is_pdf(part: Message, name: str | None, payload: bytes) -> bool:
    ctype = part.get_content_type()
    if ctype.startswith("text/") and not (name or "").lower().endswith(".pdf"):
        return False
    if ctype.startswith("image/"):
        return False
    return ctype in ("application/pdf", "application/x-pdf") or (name or "").lower().endswith(".pdf") \
        or payload[:1024].lstrip().startswith(b"%PDF")


def attachment_files(name: str, ctype: str, payload: bytes,
                     allowance: Allowance) -> tuple[list[Attachment], Unwrapped]:
    """One attachment as the files to read: itself, or what its containers hold (ZIP, winmail.dat, .msg,
    .p7m, .eml; parsers/containers), within the mail's container budgets. Returns (files, the Unwrapped
    with problems naming what was not opened and the signatures of signed files)."""
    found = unwrap(Attachment(name, ctype, payload), allowance)
    return found.files, found


def _is_pdf_file(f: Attachment) -> bool:
    """A file out of a container that is a PDF (by its bytes or its name)."""
    return f.data[:1024].lstrip().startswith(b"%PDF") or f.name.lower().endswith(".pdf") \
        or f.content_type in ("application/pdf", "application/x-pdf")


def _ref_in(text: str, prefix: str) -> str | None:
    """A case reference (mailbot.core.refs: any number of digits, the configured prefix)."""
    return find_ref(text, prefix)


def _ref_in_ids(ids: list[str], prefix: str) -> str | None:
    for mid in ids:
        ref = ref_in_message_id(mid, prefix)
        if ref:
            return ref
    return None


def _report_text(part: Message) -> str:
    """The text of a report part (headers of a returned message, a delivery or disposition report);
    the parser splits message/delivery-status into blocks of headers."""
    try:
        payload = part.get_payload()
    except Exception:
        return ""
    if isinstance(payload, list):
        return "\n".join(f"{k}: {v}" for sub in payload if isinstance(sub, Message) for k, v in sub.items())
    return _part_text(part)


def _history_refs(msg: Message, prefix: str) -> list[str | None]:
    """Case references in returned headers and reports (bounces, receipts): their Subject, their
    Message-ID and the report's Original-Message-ID."""
    found: list[str | None] = []
    for i, part in enumerate(msg.walk()):
        if i > MAX_PARTS:
            break
        try:
            ctype = part.get_content_type()
        except Exception:
            continue
        if ctype in ("text/rfc822-headers", "message/disposition-notification", "message/delivery-status"):
            text = _report_text(part)
            subj = re.search(r"(?im)^subject:[ \t]*(.*(?:\n[ \t].*)*)", text)
            found.append(_ref_in(_decode_raw_header(subj.group(1)), prefix) if subj else None)
            found.append(_ref_in_ids(re.findall(r"<[^<>\s]+>", " ".join(
                re.findall(r"(?im)^(?:original-)?message-id:[ \t]*(.*)", text))), prefix))
    return found


def _attached_headers(msg: Message, depth: int = 0) -> Iterator[Message]:
    """Every message inside msg (forwarded or returned messages), outermost first."""
    if depth > MAX_DEPTH:
        return
    try:
        inner = _inner_message(msg) if not msg.is_multipart() or msg.get_content_type() == "message/rfc822" \
            else None
        if inner is not None:
            yield inner
            yield from _attached_headers(inner, depth + 1)
            return
        payload = msg.get_payload() if msg.is_multipart() else None
    except Exception:
        return
    for sub in payload if isinstance(payload, list) else []:
        if isinstance(sub, Message):
            yield from _attached_headers(sub, depth + 1)


_UNSUPPORTED = re.compile(r"\.(?:zip|7z|rar|gz|tgz|tar|dat|tnef|docx?|xlsx?|odt|rtf|p7m|msg)$", re.I)


def _content_kind_note(ctype: str, name: str | None, payload: bytes) -> str | None:
    """A description of an attachment that may hold documents we do not open (archives, Outlook's
    TNEF winmail.dat, Word files, S/MIME envelopes), else None."""
    lname = (name or "").lower()
    if ctype == "application/ms-tnef" or lname == "winmail.dat" or payload[:4] == b"\x78\x9f\x3e\x22":
        return f"{name or 'winmail.dat'} (Outlook TNEF)"
    if payload[:4] == b"PK\x03\x04" and not lname.endswith((".docx", ".xlsx", ".odt", ".pptx")):
        return f"{name or 'an attachment'} (ZIP archive)"
    if ctype in ("application/zip", "application/x-zip-compressed", "application/x-7z-compressed",
                 "application/x-rar-compressed", "application/vnd.rar", "application/gzip",
                 "application/pkcs7-mime", "application/x-pkcs7-mime") or _UNSUPPORTED.search(lname):
        return name or ctype
    return None


def _parse_mime(raw: bytes, policy: Any) -> Message:
    """email.message_from_bytes, fed in 1 MB pieces as email's own file parser does: the same message,
    but a 34 MB mail (a 25 MB PDF) peaks at about 95 MB instead of 265 MB (bench/run.py, memory)."""
    parser = email.feedparser.BytesFeedParser(policy=policy)
    for start in range(0, len(raw), 1 << 20):
        parser.feed(raw[start:start + (1 << 20)])
    return parser.close()


# A base64 body larger than this is decoded straight from the mail's bytes before the MIME parser sees it,
# _PIECE (1 MB) of it at a time.
LIFT_ABOVE_BYTES = 1_000_000
_PIECE = 1 << 20
_BASE64_CTE = re.compile(rb"(?im)^content-transfer-encoding:[ \t]*base64[ \t]*\r?$")
_BASE64_BODY = re.compile(rb"[A-Za-z0-9+/=\r\n]*")
_CONTENT_TYPE = re.compile(rb"(?im)^content-type:[ \t]*([a-z0-9.+-]+)/")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


class _Lifted(threading.local):
    """placeholder -> decoded body, for the mail this thread is reading"""

    def __init__(self) -> None:
        self.bodies: dict[bytes, bytes] = {}


_LIFTED = _Lifted()


def _lift_large_base64(raw: Raw) -> bytes:
    """The mail with each large base64 body replaced by a one-line placeholder, the body decoded once.

    email's feed parser keeps a body as a list of its lines and then joins them: a 34 MB base64 PDF held
    about 95 MB as lines and their join before it was even decoded (bench/run.py, memory). Decoded here
    from a view of the bytes, the same PDF costs its 25 MB; from a mapped file (`mapped.mail_bytes`), a
    piece at a time with each piece's pages let go, so the mail and its PDF are never held side by side.
    Only a body whose part's headers say base64 and which runs whole to the next boundary line (or the
    end) is lifted; anything else is parsed as before, so a malformed mail reads exactly as it did."""
    lifted = _LIFTED.bodies = {}
    if len(raw) <= LIFT_ABOVE_BYTES:
        return mapped.as_bytes(raw)
    view = memoryview(raw) if isinstance(raw, bytes) else None

    def cut(start: int, end: int) -> bytes | memoryview:
        if view is not None:
            return view[start:end]
        piece = raw[start:end]
        mapped.release(raw, start, end)
        return piece

    pieces: list[bytes | memoryview] = []
    done = pos = 0
    # searched on from where the last body ended, never again through a body already read (a mapped
    # mail's pages would be read in again)
    while (cte := _BASE64_CTE.search(raw, pos)) is not None:
        pos = cte.end()
        blank = _BLANK_LINE.search(raw, cte.end())
        if blank is None:
            break
        # the part's header block: from the line after the last boundary or blank line before the CTE
        head_start = max(raw.rfind(b"\n--", 0, cte.start()), raw.rfind(b"\n\n", 0, cte.start()),
                         raw.rfind(b"\n\r\n", 0, cte.start()), 0)
        head = raw[head_start:blank.start()]
        kind = _CONTENT_TYPE.search(head)
        # text and containers are read as text or parsed on (no Content-Type means text/plain)
        if kind is None or kind.group(1).lower() in (b"text", b"message", b"multipart") or b"\n--" in head[3:]:
            continue
        start = blank.end()
        body = _decode_body(raw, start)
        if body is None:
            continue
        end, decoded = body
        key = b"SDN-LIFTED-%d-%d" % (len(lifted), len(decoded))
        lifted[key] = decoded
        pieces += [cut(done, start), base64.b64encode(key), b"\r\n"]
        done = pos = end
    if not lifted:
        mapped.release(raw)
        return mapped.as_bytes(raw)
    pieces.append(cut(done, len(raw)))
    mapped.release(raw)
    return b"".join(pieces)


def _decode_body(raw: Raw, start: int) -> tuple[int, bytes] | None:
    """(end, decoded) of the base64 body from `start` to the next boundary line (or the mail's end), decoded
    a piece at a time, or None when it is not lifted: not larger than LIFT_ABOVE_BYTES, a character outside
    base64, or bad padding (email's lenient decoder reads it then). The same bytes as decoding it whole: each
    piece but the last is decoded in whole groups of four characters, and a body with padding before its end
    (where the decoder stops) is decoded whole."""
    out = io.BytesIO()
    carry = b""
    pos = end = start
    final = False
    while not final:
        stop = raw.find(b"\n--", pos, pos + _PIECE + 2)
        final = stop >= 0 or pos + _PIECE >= len(raw)
        end = stop + 1 if stop >= 0 else min(pos + _PIECE, len(raw))
        piece = raw[pos:end]
        mapped.release(raw, pos, end)
        if _BASE64_BODY.fullmatch(piece) is None:
            return None
        data = carry + piece.translate(None, b"\r\n")
        if not final and b"=" in data:
            return _decode_whole(raw, start)
        whole = len(data) if final else len(data) - len(data) % 4
        try:
            out.write(binascii.a2b_base64(data[:whole]))
        except ValueError:  # bad padding
            return None
        carry = data[whole:]
        pos = end
    if end - start <= LIFT_ABOVE_BYTES:
        return None
    return end, out.getvalue()


def _decode_whole(raw: Raw, start: int) -> tuple[int, bytes] | None:
    """_decode_body's answer for a body with padding inside it, decoded in one go."""
    end = raw.find(b"\n--", start)
    end = len(raw) if end < 0 else end + 1
    body = memoryview(raw)[start:end] if isinstance(raw, bytes) else raw[start:end]
    if end - start <= LIFT_ABOVE_BYTES or _BASE64_BODY.fullmatch(body) is None:
        return None
    try:
        return end, binascii.a2b_base64(body)
    except ValueError:
        return None


def _decoded_payload(part: Message) -> Any:
    """part.get_payload(decode=True), but a large base64 body is decoded in one pass (email's decoder
    splits it into lines first: 156 MB at its peak for a 25 MB PDF, here 60 MB). Same bytes."""
    cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    body = part.get_payload() if cte == "base64" and not part.is_multipart() else None
    if _LIFTED.bodies and isinstance(body, str) and len(body) < 100 and body.strip().isascii():
        try:
            lifted = _LIFTED.bodies.get(binascii.a2b_base64(body.strip()))
        except ValueError:
            lifted = None
        if lifted is not None:
            return lifted
    if isinstance(body, str) and len(body) > 1_000_000:
        try:  # straight from the str (ASCII only): no third copy of a 34 MB body as bytes first
            return binascii.a2b_base64(body)
        except ValueError:  # binascii.Error, or a non-ASCII character
            pass  # odd characters or padding: email's lenient decoder below
    return part.get_payload(decode=True)


def normalise_line_endings(raw: Raw) -> Raw:
    """A mail written with bare CR line endings (old Mac tools, some gateways) as CRLF, so that every
    reader sees its headers; the stored bytes stay as they came."""
    head = raw[:65536]
    if b"\r" in head and re.search(rb"\r(?!\n)", head):
        return re.sub(rb"\r\n?", b"\r\n", raw)
    return raw


def mail_file_reading(path: Path, ref_prefix: str = DEFAULT_PREFIX) -> Reading:
    """read_mail of the mail in a file, a large one mapped rather than read (`mapped.mail_bytes`)."""
    with mapped.mail_bytes(path, LIFT_ABOVE_BYTES) as raw:
        return read_mail(raw, ref_prefix)


def read_mail(raw: Raw, ref_prefix: str = DEFAULT_PREFIX) -> Reading:
    """The reading of one e-mail (its bytes, or its file mapped: `mail_file_reading`): its message and
    documents."""
    problems: list[Problem] = []
    size = len(raw)
    raw_as_sent = normalise_line_endings(raw)  # a clear-signed part is checked over these bytes
    if raw_as_sent is not raw:
        mapped.release(raw)  # a mapped mail copied with CRLF line endings: its pages are not needed again
    raw = _lift_large_base64(raw_as_sent)
    try:
        msg: Message = _parse_mime(raw, email.policy.default)
    except MemoryError:  # the parse child's address-space budget: parsers/bounded.py reports it
        raise
    except Exception:
        try:
            msg = _parse_mime(raw, email.policy.compat32)
        except Exception:
            msg = Message()
        problems.append(new_problem("malformed_mail", "The mail could not be parsed as MIME; read as far as possible."))
    h = _Headers(msg, raw)

    from_raw = h.get_all_raw("From")
    from_pairs = _addresses(from_raw)
    sender_name, from_addr = (from_pairs[0] if from_pairs else ("", None))
    from_untrusted = strict_from(from_raw, [a for _, a in from_pairs])
    if from_untrusted:
        problems.append(new_problem("untrusted_sender", f"The sender cannot be believed: {from_untrusted}."))
    to = [a for _, a in _addresses(h.get_all_raw("To"))]
    cc = [a for _, a in _addresses(h.get_all_raw("Cc"))]
    reply_to = [a for _, a in _addresses(h.get_all_raw("Reply-To"))]
    subject = re.sub(r"\s+", " ", h.get("Subject") or "").strip()
    date = None
    raw_date = h.get("Date")
    if raw_date:
        try:
            date = parsedate_to_datetime(raw_date).isoformat()
        except Exception:
            date = None
    msgid = (h.get("Message-ID") or "").strip() or None
    in_reply_to = (h.get("In-Reply-To") or "").strip() or None
    refs = re.findall(r"<[^<>\s]+>", " ".join(h.get_all("References")))

    try:
        report_type = msg.get_param("report-type")
        report_type = report_type if isinstance(report_type, str) else None
        top_type = msg.get_content_type()
    except Exception:
        report_type, top_type = None, "text/plain"
    report = delivery_report(msg, size, top_type == "multipart/report"
                             or machine_hints(h.get, h.get_all, from_addr, subject))
    ours_returned = any(is_our_mail(sub, ref_prefix) for sub in _attached_headers(msg))
    failed = report is not None and report.action in ("failed", "unknown")
    automated = classify_automated(h.get, h.get_all, top_type, report_type, from_addr, subject,
                                   bounce=("dsn" if report and report.detected_by == "dsn" else "heuristic")
                                   if failed else ("returned" if ours_returned else None))
    if report is not None and automated != "bounce" and report.action in ("delivered", "delayed", "relayed"):
        automated = "bounce"  # a delivery report of any kind is a machine's; route records it only
    # our Message-IDs a bounce quotes place it (route.py), read here so that no stage reads the raw mail again
    quoted = quoted_message_ids(raw_as_sent, ref_prefix) if automated == "bounce" else []

    # ---------------------------------------------------------------- body and attachments
    plain: list[str] = []
    html: list[str] = []
    files: list[tuple[DocFile, bool, str | None]] = []  # (file, inside an attached message?, Content-ID)
    envelopes = _Envelopes(sources=[raw_as_sent])
    allowance = Allowance(budget.current())
    signed_files: list[smime.Signed] = []
    held: list[Said] = []  # what was written in the messages the mail carries (an Outlook item, a forwarded mail)
    held_plain: list[str] = []
    held_html: list[str] = []
    invitations: list[elsewhere.Invitation] = []  # one per event: an invitation's text/calendar and its .ics
    n = 0
    try:
        walker = list(_walk(msg, env=envelopes))
    except MemoryError:
        raise
    except Exception:
        walker = []
        problems.append(new_problem("malformed_mail", "The MIME structure is broken."))
    problems += envelopes.problems
    walker, texts = _uuencoded_files(walker, problems)
    for part, attached in walker:
        n += 1
        if n > MAX_PARTS:
            problems.append(new_problem("too_large",
                                        f"The mail has more than {MAX_PARTS} parts; the rest was skipped."))
            break
        try:
            ctype = part.get_content_type()
            disposition = (part.get_content_disposition() or "").lower()
        except Exception:
            continue
        name = _filename(part)
        if ctype in elsewhere.NOT_HERE:
            if not attached or not (automated or ours_returned):
                problems.append(new_problem("unsupported_attachment", elsewhere.not_here_message(part),
                                            filename=name or ctype))
            continue
        if ctype == "text/calendar" or (name or "").lower().endswith((".ics", ".vcs")):
            invited = _invitation(part)
            if invited is not None:
                if invited not in invitations:
                    invitations.append(invited)
                continue
        if ctype in ("text/plain", "text/html") and not attached and (not name or _EXCHANGE_REST.match(name)):
            # (a text without a name is the party's own words even where its mail program marked it an attachment)
            (plain if ctype == "text/plain" else html).append(_text_of(part, texts))
            continue
        if ctype.startswith(("multipart/", "message/")) and not (name or "").lower().endswith(".pdf") \
                and not (name and disposition == "attachment"):
            continue
        if ctype in ("text/plain", "text/html") and attached and disposition != "attachment" and not name:
            (held_plain if ctype == "text/plain" else held_html).append(_text_of(part, texts))
            continue  # what the party wrote in a message forwarded as an attachment: its words, read below
        if ctype.startswith("text/") and not name:
            continue  # an unnamed text part beside the body (an alternative, a calendar's text): the mail's text
        try:
            payload = _decoded_payload(part)
        except Exception:
            payload = None
        if not isinstance(payload, bytes):
            continue
        if not payload and not _is_pdf(part, name, payload):
            if name and not attached:
                problems.append(new_problem("unsupported_attachment", f"The attachment {name} is empty (0 bytes).",
                                        filename=name))
            continue
        returned = attached and bool(automated or ours_returned)
        try:
            cid = str(part.get("Content-ID", "") or "").strip().strip("<>") or None
        except Exception:
            cid = None
        if _is_pdf(part, name, payload) or what_is(name, ctype, payload) != "other":
            # a document, a picture, a signature part or a format named as refused: the dispatch's, as it
            # is (a Word file is a ZIP inside, and an Apple Pages file too, but neither is an archive)
            pdf = _is_pdf(part, name, payload)
            files.append((DocFile(name, "application/pdf" if pdf else ctype, payload,
                                  inline=disposition == "inline"), attached, cid))
            if not returned:  # the files a PDF or an Office file carries (an annex embedded in it) are read too
                inside = carried(Attachment(name or f"attachment-{n}{'.pdf' if pdf else ''}", ctype, payload),
                                 allowance)
                problems += inside.problems
                signed_files += inside.signatures
                held += inside.texts
                files += [(DocFile(f.name, "application/pdf" if _is_pdf_file(f) else f.content_type, f.data),
                           attached, None) for f in inside.files]
            continue
        unpacked, found = attachment_files(name or f"attachment-{n}", ctype, payload, allowance)
        if returned:
            continue  # a returned message carries our own attachments, not the party's
        problems += found.problems
        signed_files += found.signatures
        held += found.texts
        for f in unpacked:
            itself = f.data is payload  # no container: the attachment itself
            if itself:
                note = _content_kind_note(ctype, name, payload)
                if note:  # a container that could not be opened
                    problems.append(new_problem("unsupported_attachment", f"The attachment {note} was not opened: only "
                                            "PDF, Word, Excel, OpenDocument files and pictures are read, and "
                                            "ZIP, 7-Zip, winmail.dat, Outlook and S/MIME files are opened; a staff "
                                            "member will look at it.", filename=name or note))
                    continue
            kind = "application/pdf" if not itself and _is_pdf_file(f) else f.content_type
            files.append((DocFile(f.name if not itself else name, kind, f.data,
                                  inline=itself and disposition == "inline"), attached, cid if itself else None))

    referenced = {m.lower() for t in html for m in re.findall(r"(?i)cid:([^\"'\s>)]+)", t)}
    for a, _, cid in files:
        a.referenced = bool(cid and cid.lower() in referenced)
    read = AttachmentsRead()
    mine = [a for a, attached, _ in files if not (attached and (automated or ours_returned))]
    # a returned message (ours, or inside a machine's mail) carries our PDFs, not the party's
    if mine:
        read = read_attachments(mine)
    documents: list[Document] = read.documents
    problems.extend(read.problems)

    # inline PGP: a clear-signed text is read as what it signs; an encrypted one is for staff
    plain = [openpgp.clear_text(t) for t in plain]
    if any(openpgp.encrypted(t) for t in plain):
        problems.append(new_problem("encrypted", "The mail's text is encrypted with OpenPGP and the bot holds no key "
                                    "to open it; a staff member will read it."))

    def _visible(t: str) -> bool:
        return bool(re.sub(r"[\s\u200b\u200c\u200d\u2060\ufeff]+", "", t))

    body_text = "\n".join(t for t in plain if _visible(t)) if any(_visible(t) for t in plain) \
        else "\n".join(html_to_text(t) for t in html)
    body_text = body_text.replace("\r\n", "\n").replace("\r", "\n")
    body_new = new_text(body_text)
    # the words of a mail forwarded as an attachment (a colleague's "Videresender" over the party's inquiry): the
    # party's own, where it names its medical-system provider; nothing from a delivery report or our own returned
    held_text = "" if automated or ours_returned else (
        "\n".join(t for t in held_plain if _visible(t)) if any(_visible(t) for t in held_plain)
        else "\n".join(html_to_text(t) for t in held_html))
    held_text = held_text.replace("\r\n", "\n").replace("\r", "\n")[:FORWARDED_TEXT_MAX]
    if not (automated or ours_returned):
        for inv in invitations:
            problems.append(new_problem("unsupported_attachment", elsewhere.invitation_message(inv),
                                        filename=inv.summary or "invitation.ics"))
        for link in elsewhere.shared_links(body_new, [] if any(_visible(t) for t in plain) else html):
            problems.append(new_problem("unsupported_attachment", elsewhere.link_message(link), filename=link))
    if not (automated or ours_returned) and not any(d.kind == "information_form" for d in documents):
        try:
            in_body = read_body_form("\n".join(t for t in plain if _visible(t)), html)
        except Exception:  # noqa: BLE001 - the mail's text never stops the reading of the mail
            in_body = None
        if in_body is not None:
            documents.append(in_body)
        else:  # else the party's words in a message the mail carries: a forwarded mail, an Outlook item
            forwarded = [Said("(forwarded message)", "\n".join(held_plain), "\n".join(held_html))] \
                if held_plain or held_html else []
            documents += held_forms(forwarded + held)

    # ---------------------------------------------------------------- case reference
    # strongest first: the subject, our own Message-IDs in the thread, the new text, the headers of
    # attached or returned messages, then anything quoted
    candidates: list[Any] = [
        lambda: _ref_in(subject, ref_prefix),
        lambda: _ref_in_ids(([in_reply_to] if in_reply_to else []) + list(reversed(refs)), ref_prefix),
        lambda: _ref_in(body_new, ref_prefix),
        lambda: next((r for r in _history_refs(msg, ref_prefix) if r), None),
        lambda: next((r for sub in _attached_headers(msg)
                      for r in (_ref_in(_decode_raw_header(str(sub.get("Subject", "") or "")), ref_prefix),
                                _ref_in_ids([str(sub.get("Message-ID", "") or "").strip()], ref_prefix)) if r), None),
        lambda: _ref_in(body_text, ref_prefix),
    ]
    case_ref = None
    for cand in candidates:
        try:
            case_ref = cand()
        except Exception:
            case_ref = None
        if case_ref:
            break

    language = detect_language(subject, body_new or body_text, h.get("Content-Language"), ref_prefix)

    cvrs: list[str] = []
    for text in (subject, body_text):
        for mm in re.finditer(r"(?i)(cvr[\w.\s-]{0,12}?[:.]?\s*)?(?<![\d+])(\d{8}|\d{2}\s\d{2}\s\d{2}\s\d{2})(?![\d])",
                              text):
            digits = re.sub(r"\D", "", mm.group(2))
            spaced = " " in mm.group(2)
            if spaced and not mm.group(1):
                continue
            before = text[max(0, mm.start() - 15):mm.start()].lower()
            if not mm.group(1) and re.search(r"tlf|telefon|phone|mobil|\+45|fax|konto|reg", before):
                continue
            if cvr_valid(digits) and digits not in cvrs:
                cvrs.append(digits)

    auth_headers = parse_auth_results(h.get_all_raw("Authentication-Results"))
    auth = {**auth_summary(auth_headers), "headers": [a.public() for a in auth_headers]}
    for name in h.broken:
        problems.append(new_problem("malformed_header", f"The {name} header is malformed."))
    defects = _defects(msg, _mail_parser(msg))
    if defects:
        problems.append(new_problem("malformed_mail", "MIME defects: " + ", ".join(sorted(set(defects)))[:300]))

    _LIFTED.bodies = {}  # read: a lifted body is not kept for the next mail
    _cross_check(documents)
    message = MessageReading.model_validate({
        "message_id": msgid, "from": from_addr, "to": to, "subject": subject, "date": date,
        "in_reply_to": in_reply_to, "references": refs, "case_ref": case_ref, "automated": automated,
        "language": language, "cc": cc, "reply_to": reply_to, "sender_name": sender_name or None,
        "body_text": body_text, "body_new_text": body_new, "body_forwarded_text": held_text, "cvrs": cvrs,
        "auth": auth, "problems": problems,
        "from_untrusted": from_untrusted, "subject_ref": _ref_in(subject, ref_prefix),
        "delivery": report.public() if report is not None else None,
        "quoted_message_ids": quoted,
        "ignored_attachments": read.ignored,
        # who signed the mail with S/MIME (the outermost signature), and every signed file
        "smime": next((s.public() for s in envelopes.checks if not s.attached), None),
        "smime_all": [s.public() for s in envelopes.checks + signed_files],
    })
    return Reading(message=message, documents=documents)


def _cross_check(documents: list[Document]) -> None:
    """Agreements of one mail must name the same organisation and CVR: flag each one that differs (the
    judgement is the core's, mailbot/core/judgements/mismatch.py, over the fields as the contract writes
    them)."""
    agreements = [d for d in documents if d.kind in AGREEMENTS and
                  not any(p.code == "wrong_template" for p in d.problems)]
    if len(agreements) < 2:
        return
    parties = [d.fields.as_json() for d in agreements]
    for d, fields, differs in zip(agreements, parties, mismatch.in_one_mail(parties), strict=True):
        if differs:
            d.problems.append(mismatch.in_one_mail_problem(fields, parties))
