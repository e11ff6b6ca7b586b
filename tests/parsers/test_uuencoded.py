"""A file uuencoded into the mail's plain text (old mail programs, gateways, scripts): made by GNU sharutils'
`uuencode` at test time, read as an attachment, never a page of noise in the text while the core calls the
document missing."""
from __future__ import annotations

import shutil
import subprocess
from email.message import EmailMessage

import pytest

from parsers import read_mail
from parsers.mail import uuencoded

from .mailmaker import headers
from .pdfmaker import pdf

FORM = pdf([[(60, 60, "Informationsskema", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
             (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])


@pytest.fixture(scope="module")
def uuencode() -> str:
    if shutil.which("uuencode") is None:
        from tests.servers._util import apt_install

        apt_install("sharutils")
    found = shutil.which("uuencode")
    assert found
    return found


def encoded(tool: str, data: bytes, name: str, base64: bool = False) -> str:
    out = subprocess.run([tool, *(["-m"] if base64 else []), name], input=data, capture_output=True, check=True)
    return out.stdout.decode("ascii")


def mail(body: str) -> bytes:
    m = EmailMessage()
    headers(m, "Eva Sand <Eva.Sand@nord-kommune.example>", "Informationsskema")
    m.set_content(body)
    return m.as_bytes()


@pytest.mark.parametrize("base64", [False, True])
def test_a_uuencoded_pdf_in_the_text_is_read_as_its_attachment(uuencode: str, base64: bool) -> None:
    body = "Hej\n\nHer er skemaet.\n\n" + encoded(uuencode, FORM, "Informationsskema.pdf", base64) + \
        "\nVenlig hilsen\nEva\n"
    got = read_mail(mail(body))
    assert [d.filename for d in got.documents] == ["Informationsskema.pdf"]
    assert got.documents[0].kind == "information_form"
    assert got.message is not None
    text = got.message.body_text
    assert "[Informationsskema.pdf]" in text and "Venlig hilsen" in text and "begin" not in text


def test_a_cut_block_is_named_for_staff(uuencode: str) -> None:
    lines = encoded(uuencode, FORM, "Tilslutningsaftale.pdf").splitlines()
    body = "Hej\n\n" + "\n".join(lines[:len(lines) // 2]) + "\n"  # the mail cut off in the middle of the file
    got = read_mail(mail(body))
    assert got.message is not None
    named = [p for p in got.message.problems if p.code == "unsupported_attachment"]
    assert [p.filename for p in named] == ["Tilslutningsaftale.pdf"]
    assert got.documents == []


def test_begin_in_ordinary_words_is_no_file() -> None:
    assert uuencoded.blocks("We begin the work in May.\nbegin with the form\nend\n") == []
