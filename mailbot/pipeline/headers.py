"""Our own writing of the headers that carry words (Subject, the From display name), after RFC 5322 and 2047.

Why not the email package's folder: on Python 3.11 it writes an empty encoded word (`=?utf-8?q??=`) before
an en dash and folds right after `Subject:`; RFC 2047 forbids empty encoded text, some clients show it raw,
and the same family of folding bugs made a large provider refuse mail (CPython gh-144156). The rules here
are few and fixed, so they hold on every Python:
- a word of plain ASCII stays as it is; a run of words with other letters becomes encoded words, each at
  most 66 characters (RFC 2047 allows 75), never split inside a character, never empty, the spaces of
  the run encoded within;
- lines are folded at spaces only, at most 78 characters where a word allows it, never right after the
  field's name.
"""
from __future__ import annotations

import base64
import re
from email.policy import SMTP, EmailPolicy
from typing import Any

MAX_LINE = 78  # RFC 5322 2.1.1: SHOULD be no more than 78 characters
MAX_WORD = 75  # RFC 2047 2: an encoded word is at most 75 characters
# ours are shorter, so that one fits on the field name's own line too ("Subject: " + 66 < 78)
WORD = 66
_PREFIX = "=?utf-8?q?"
_SUFFIX = "?="
# RFC 2047 5(3): the characters a Q-encoded word may carry as themselves, in any position (phrase rules,
# the strictest, so the same words serve a Subject and a display name)
_Q_SAFE = re.compile(r"[A-Za-z0-9!*+\-/]")
# an ASCII word may stay plain unless a reader would take it for an encoded word or it holds controls
_PLAIN = re.compile(r"[\x21-\x7e]+")
_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+")  # RFC 5322 3.2.3: a phrase of atoms
_PRINTABLE = re.compile(r"[\x20-\x7e]+")


def _q_char(ch: str) -> str:
    if ch == " ":
        return "_"
    if _Q_SAFE.fullmatch(ch):
        return ch
    return "".join(f"={b:02X}" for b in ch.encode("utf-8"))


def _b_words(text: str) -> list[str]:
    """Base64 words of at most WORD characters, each holding whole characters."""
    prefix = "=?utf-8?b?"
    room = (WORD - len(prefix) - len(_SUFFIX)) // 4 * 3  # bytes one word holds
    words: list[str] = []
    chunk = b""
    for ch in text:
        b = ch.encode("utf-8")
        if chunk and len(chunk) + len(b) > room:
            words.append(prefix + base64.b64encode(chunk).decode("ascii") + _SUFFIX)
            chunk = b""
        chunk += b
    if chunk:
        words.append(prefix + base64.b64encode(chunk).decode("ascii") + _SUFFIX)
    return words


def _q_words(text: str) -> list[str]:
    """Q-encoded words of at most WORD characters, each holding whole characters."""
    room = WORD - len(_PREFIX) - len(_SUFFIX)
    words: list[str] = []
    body = ""
    for ch in text:
        q = _q_char(ch)
        if body and len(body) + len(q) > room:
            words.append(_PREFIX + body + _SUFFIX)
            body = ""
        body += q
    if body:
        words.append(_PREFIX + body + _SUFFIX)
    return words


def encoded_words(text: str) -> list[str]:
    """`text` as RFC 2047 encoded words (Q where it is shorter, as for mostly Latin text; else base64)."""
    q, b = _q_words(text), _b_words(text)
    return q if sum(map(len, q)) <= sum(map(len, b)) else b


def _tokens(text: str) -> list[str]:
    """The header's words: plain ASCII words as they are, each run of other words as encoded words."""
    tokens: list[str] = []
    run: list[str] = []
    for word in text.split():
        if _PLAIN.fullmatch(word) and "=?" not in word:
            if run:
                tokens += encoded_words(" ".join(run))
                run = []
            tokens.append(word)
        else:
            run.append(word)
    if run:
        tokens += encoded_words(" ".join(run))
    return tokens


def _fold(name: str, tokens: list[str]) -> str:
    """`Name: token token` folded at spaces into lines of at most MAX_LINE characters where words allow;
    the first word always stays on the name's line. Ends with CRLF."""
    lines = [f"{name}:"]
    for i, token in enumerate(tokens):
        if i and len(lines[-1]) + 1 + len(token) > MAX_LINE:
            lines.append(" " + token)
        else:
            lines[-1] += " " + token
    return "\r\n".join(lines) + "\r\n"


def unstructured(name: str, text: str) -> str:
    """An unstructured header such as Subject (RFC 5322 3.6.5), written and folded."""
    return _fold(name, _tokens(text))


def mailbox(name: str, display_name: str | None, address: str) -> str:
    """A header of one mailbox with its display name: ASCII names as a quoted string when they need it,
    others as encoded words (RFC 2047 5(3): in a phrase, never inside quotes)."""
    words: list[str] = []
    shown = " ".join((display_name or "").split())
    if _ATEXT.fullmatch(shown) and "=?" not in shown:
        words = shown.split()
    elif _PRINTABLE.fullmatch(shown) and "=?" not in shown:
        words = ['"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"']
    elif shown:
        words = encoded_words(shown)
    return _fold(name, [*words, f"<{address}>"] if words else [address])


class _OurHeaders(EmailPolicy):
    """The SMTP policy, with Subject and From written by this module instead of the email package."""

    def fold(self, name: str, value: Any) -> str:
        return self._ours(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        ours = self._ours(name, value)
        return ours.encode("ascii") if ours else super().fold_binary(name, value)

    @staticmethod
    def _ours(name: str, value: Any) -> str | None:
        key = name.lower()
        if key == "subject":
            return unstructured(name, str(value))
        addresses: tuple[Any, ...] = tuple(getattr(value, "addresses", ()))
        if key == "from" and len(addresses) == 1:
            return mailbox(name, addresses[0].display_name, addresses[0].addr_spec)
        return None


POLICY: EmailPolicy = _OurHeaders(linesep=SMTP.linesep)  # the SMTP policy is the default one with CRLF
