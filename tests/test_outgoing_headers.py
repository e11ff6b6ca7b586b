"""What the party's mail client shows is what we wrote: every header of every step in every language holds to
RFC 5322 (folding) and RFC 2047 (encoded words), read by a strict reader of our own, not by Python's lenient one.

Python 3.11's folder wrote `=?utf-8?q??=` (an empty encoded word) before an en dash and folded right after
`Subject:`; these tests failed on that (10 of the 52 mails below) before `mailbot/pipeline/headers.py`.
"""
from __future__ import annotations

import base64
import binascii
import email
import re
from email import policy
from pathlib import Path

import pytest

from mailbot.config import from_dict
from mailbot.pipeline.context import StageContext
from mailbot.pipeline.headers import encoded_words, mailbox, unstructured
from mailbot.pipeline.render import build_message, header_text
from mailbot.templating import languages, render_mail
from tests.robustness.test_headers import _ctx, _out
from tests.test_templating import CONTRACT_STEPS, make_context

_ENCODED = re.compile(r"=\?([^?\s]*)\?([^?\s]*)\?([^?\s]*)\?=")
_Q_TEXT = re.compile(r"(?:[\x21-\x3c\x3e\x40-\x7e]|=[0-9A-F]{2})+")  # no space, '?', '=' but as =XX
_B_TEXT = re.compile(r"[A-Za-z0-9+/]+={0,2}")  # base64, padded to a multiple of four
_FIELD = re.compile(r"[\x21-\x39\x3b-\x7e]+")  # RFC 5322 2.2: printable ASCII but ':'

ORGANISATIONS = ("Aalborg Kommune",
                 "Æblehøj Kommune – Sundhed og Omsorg, Forvaltningen for Ældre og Handicappede i Syd",
                 "Ørestad Lægehus — „Dr. Ødegaard“ & partnere",
                 "Ærø Apotek: “=?utf-8?q?x?=” (fra Søby)")


def strict_encoded_word(word: str) -> str:
    """One RFC 2047 encoded word, decoded on its own; AssertionError on anything RFC 2047 does not allow."""
    assert len(word) <= 75, f"encoded word over 75 characters: {word}"
    m = _ENCODED.fullmatch(word)
    assert m, f"not an encoded word: {word}"
    charset, encoding, text = m.groups()
    assert charset.lower() == "utf-8", word
    assert text, f"empty encoded text: {word}"
    if encoding.lower() == "q":
        assert _Q_TEXT.fullmatch(text), f"bad Q text: {word}"
        data = re.sub(rb"=([0-9A-F]{2})", lambda g: bytes([int(g.group(1), 16)]), text.replace("_", " ").encode())
    else:
        assert encoding.lower() == "b", word
        assert _B_TEXT.fullmatch(text) and len(text) % 4 == 0, f"bad base64 text: {word}"
        try:
            data = base64.b64decode(text, validate=True)
        except binascii.Error as e:
            raise AssertionError(f"bad base64 in {word}: {e}") from e
    try:
        return data.decode("utf-8")  # strict: a word split inside a character fails here
    except UnicodeDecodeError as e:
        raise AssertionError(f"encoded word split inside a character: {word}") from e


def strict_unfold(name: str, lines: list[str]) -> str:
    """A header's value, unfolded and decoded the strict way: encoded words only as whole whitespace-
    separated tokens, whitespace between two adjacent encoded words dropped (RFC 2047 6.2)."""
    first = lines[0][len(name) + 1:]
    assert first.strip(), f"{name}: folded right after the field name"
    for line in lines:
        assert len(line) <= 998, f"{name}: line over 998 characters"
        assert all(" " <= c <= "~" or c == "\t" for c in line), f"{name}: raw 8-bit or control in {line!r}"
    tokens = " ".join([first, *[x.strip() for x in lines[1:]]]).split()
    out: list[str] = []
    previous_encoded = False
    for token in tokens:
        if "=?" in token and _ENCODED.search(token):
            # an encoded word must be a whole token (in a phrase, a quoted-string must not hold one)
            assert _ENCODED.fullmatch(token), f"{name}: encoded word glued to text: {token}"
            text = strict_encoded_word(token)
            if previous_encoded:
                out[-1] += text
            else:
                out.append(text)
            previous_encoded = True
        else:
            out.append(token)
            previous_encoded = False
    return " ".join(out)


def header_blocks(raw: bytes) -> list[list[list[str]]]:
    """Every part's header block as a list of headers, each its physical lines (CRLF only)."""
    text = raw.decode("latin-1")  # a body may be 8bit; each header line is checked for ASCII below
    assert "\n" not in text.replace("\r\n", ""), "a bare LF"
    blocks: list[list[list[str]]] = []
    boundaries = set(re.findall(r'boundary="([^"]+)"', text))
    chunks = [text]
    for b in boundaries:
        chunks = [piece for chunk in chunks for piece in chunk.split("--" + b)]
    for chunk in chunks:
        chunk = chunk.removeprefix("\r\n")
        if not chunk or chunk.startswith("--") or "\r\n\r\n" not in chunk:
            continue
        head = chunk.split("\r\n\r\n", 1)[0]
        if not re.match(r"[\x21-\x39\x3b-\x7e]+:", head):
            continue  # a preamble or a body
        headers: list[list[str]] = []
        for line in head.split("\r\n"):
            if line[:1] in (" ", "\t"):
                assert headers, "a continuation line before any header"
                headers[-1].append(line)
            else:
                assert _FIELD.fullmatch(line.split(":", 1)[0]), f"bad field name in {line!r}"
                headers.append([line])
        blocks.append(headers)
    return blocks


def check_mail(raw: bytes) -> dict[str, str]:
    """Every header of every part read strictly; the top block's values returned, decoded."""
    blocks = header_blocks(raw)
    assert blocks
    top: dict[str, str] = {}
    for i, headers in enumerate(blocks):
        for lines in headers:
            name = lines[0].split(":", 1)[0]
            value = strict_unfold(name, lines)
            if name.lower() in ("subject", "from"):
                assert all(len(x) <= 78 for x in lines), f"{name}: a line over 78 characters: {lines}"
            if i == 0:
                top[name.lower()] = value
    return top


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("step", CONTRACT_STEPS)
def test_every_step_in_every_language_has_headers_a_strict_reader_accepts(step: str, lang: str,
                                                                          tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    for organisation in ORGANISATIONS:
        context = make_context(step, lang)
        context["case"]["organisation"] = organisation
        mail = render_mail(step, lang, context)
        subject = f"{mail.subject} – {organisation}"
        raw = build_message(ctx, _out(language=lang, step=step), "SDN-2026-0042", subject, mail.text, mail.html,
                            [(f"Informationsskema – {organisation}.pdf", b"%PDF-1.4\n")])
        top = check_mail(raw)
        assert top["subject"] == f"[SDN-2026-0042] {header_text(subject, 500)}"  # "=?" in a name is defused
        # and Python's own reader agrees with ours
        assert str(email.message_from_bytes(raw, policy=policy.default)["Subject"]) == top["subject"]


@pytest.mark.parametrize("name", ["MedCom SDN", "MedCom – SDN", 'MedCom "SDN", Odense', "Sundhedsdatanettet (SDN) ÆØÅ"])
def test_the_from_display_name_is_written_as_rfc_2047_allows_in_a_phrase(name: str, tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    cfg = from_dict({"addresses": {"medcom": "sdn@medcom.example", "medcom_name": name, "tdc": ["t@tdc.example"]},
                     "database": {"url": f"sqlite:///{tmp_path / 'y.db'}"}}, base=tmp_path)
    ctx = StageContext(cfg, None, ctx.now)  # type: ignore[arg-type]
    raw = build_message(ctx, _out(), None, "Hej", "tekst", None, [])
    top = check_mail(raw)
    shown = email.message_from_bytes(raw, policy=policy.default)["From"]
    assert shown.addresses[0].display_name == name and shown.addresses[0].addr_spec == "sdn@medcom.example"
    assert top["from"].endswith("<sdn@medcom.example>")


def test_the_folder_splits_at_characters_and_never_leaves_a_word_empty() -> None:
    text = "æ" * 200 + " – " + "日本" * 40 + " 🙂" * 30
    for word in encoded_words(text):
        strict_encoded_word(word)
    lines = unstructured("Subject", text).removesuffix("\r\n").split("\r\n")
    assert strict_unfold("Subject", lines) == text
    assert all(len(x) <= 78 for x in lines)
    one = mailbox("From", "Ø" * 60, "a@b.example").removesuffix("\r\n").split("\r\n")
    assert strict_unfold("From", one) == "Ø" * 60 + " <a@b.example>"


@pytest.mark.parametrize("bad", ["Subject: =?utf-8?q??= x", "Subject:\r\n x", "Subject: a=?utf-8?q?b?=",
                                 "Subject: =?utf-8?b?/w==?=", "Subject: =?utf-8?b?w4?= x",
                                 "Subject: =?utf-8?q?=C3?= =?utf-8?q?=86?="])
def test_the_strict_reader_refuses_what_rfc_2047_forbids(bad: str) -> None:
    """The checker above can fail: each of these is a header some folder has written."""
    lines = bad.split("\r\n")
    with pytest.raises(AssertionError):
        strict_unfold("Subject", lines)
