"""Files in BinHex 4.0 (old Mac mail programs: an `application/mac-binhex40` part, or written into the text) and
in yEnc (news readers, scripts: 8-bit lines in the text), made by the real tools at test time (oldmacmaker.py):
the PDF inside is read as an attachment; one that does not decode whole is named for staff. Before, a BinHex part
was read as it stood (a `.pdf` that is `not_pdf`, which the party could be told), and a file in the text was
passed over unseen, so the core could call the document missing."""
from __future__ import annotations

from email.message import EmailMessage

from parsers import read_mail

from .mailmaker import headers
from .oldmacmaker import binhexed, yencoded
from .pdfmaker import pdf

AGREEMENT = pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                  (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]])
NAME = "Tilslutningsaftale Nord.pdf"


def _mail(body: bytes, attach: tuple[str, str, bytes] | None = None, charset: str = "utf-8") -> bytes:
    m = EmailMessage()
    headers(m, "Eva Sand <Eva.Sand@nord-kommune.example>", "Tilslutningsaftale")
    if attach is None:  # the file in the text: one 8-bit text part, as the program sends it
        m["MIME-Version"] = "1.0"
        m["Content-Type"] = f"text/plain; charset={charset}"
        m["Content-Transfer-Encoding"] = "8bit"
        return bytes(m) + body if bytes(m).endswith(b"\n\n") else bytes(m) + b"\n" + body
    m.set_content(body.decode())
    name, ctype, data = attach
    main, sub = ctype.split("/")
    m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return m.as_bytes()


def _agreements(raw: bytes) -> list[str]:
    got = read_mail(raw)
    return [d.filename for d in got.documents if d.kind == "connection_agreement"]


def test_a_binhex_part_is_read_as_the_pdf_it_holds() -> None:
    raw = _mail(b"Hej MedCom\n\nHer er aftalen.\n", (NAME, "application/mac-binhex40", binhexed(NAME, AGREEMENT)
                                                     .encode()))
    got = read_mail(raw)
    assert [(d.filename, d.kind) for d in got.documents] == [(NAME, "connection_agreement")]
    assert got.as_json()["documents"][0]["fields"]["cvr"] == "29189846"


def test_binhex_in_the_text_is_read_and_taken_out_of_it() -> None:
    body = f"Hej MedCom\n\nHer er aftalen.\n\n{binhexed(NAME, AGREEMENT)}\nVenlig hilsen\nEva\n"
    got = read_mail(_mail(body.encode()))
    assert [d.filename for d in got.documents] == [NAME]
    assert got.message is not None
    text = got.message.body_text
    assert f"[{NAME}]" in text and "Venlig hilsen" in text and "must be converted" not in text


def test_a_damaged_binhex_file_is_named_for_staff() -> None:
    hqx = binhexed(NAME, AGREEMENT)
    at = hqx.index(":") + 200
    damaged = hqx[:at] + ("A" if hqx[at] != "A" else "B") + hqx[at + 1:]  # one character changed: a CRC fails
    for raw in (_mail(f"Hej\n\n{damaged}\n".encode()),
                _mail(b"Hej\n", (NAME, "application/mac-binhex40", damaged.encode()))):
        got = read_mail(raw)
        assert got.documents == []
        assert got.message is not None
        assert [p.code for p in got.message.problems] == ["unsupported_attachment"]


def test_yenc_in_the_text_is_read_from_the_parts_bytes() -> None:
    for charset in ("iso-8859-1", "utf-8"):  # the 8-bit lines are no text in either
        raw = _mail(b"Hej MedCom\r\n\r\nHer er aftalen.\r\n\r\n" + yencoded(NAME, AGREEMENT) + b"\r\nHilsen Eva\r\n",
                    charset=charset)
        assert _agreements(raw) == [NAME]
        got = read_mail(raw)
        assert got.message is not None and "=ybegin" not in got.message.body_text


def test_a_yenc_file_cut_or_in_pieces_is_named_for_staff() -> None:
    whole = yencoded(NAME, AGREEMENT)
    lines = whole.split(b"\r\n")
    cut = b"\r\n".join(lines[:len(lines) // 2])
    piece = lines[0].replace(b"=ybegin ", b"=ybegin part=1 total=2 ") + b"\r\n=ypart begin=1 end=700\r\n" \
        + b"\r\n".join(lines[1:])
    wrong_size = whole.replace(f"size={len(AGREEMENT)}".encode(), f"size={len(AGREEMENT) + 1}".encode())
    for body in (cut, piece, wrong_size):
        got = read_mail(_mail(b"Hej\r\n\r\n" + body + b"\r\n", charset="iso-8859-1"))
        assert got.documents == []
        assert got.message is not None
        assert [(p.code, p.filename) for p in got.message.problems] == [("unsupported_attachment", NAME)]


def test_a_binhex_file_in_a_zip_is_read_and_a_damaged_one_named() -> None:
    """A .hqx kept in a zip (or a saved mail, an Outlook item) is a container of its own (containers/binhexed.py):
    before, it was named for staff as a file the bot does not read, or, named .pdf, read as one that is `not_pdf`."""
    from tests.parsers import containermaker as cm

    hqx = binhexed(NAME, AGREEMENT)
    damaged = hqx[:hqx.index(":") + 200] + "!!" + hqx[hqx.index(":") + 202:]
    archive = cm.zip_of({"Aftale.hqx": hqx.encode(), "Kopi.pdf": damaged.encode()})
    got = read_mail(cm.mail_with([("Aftaler.zip", "application/zip", archive)])).as_json()
    assert [(d["filename"], d["kind"]) for d in got["documents"]] == [(f"Aftaler.zip/Aftale.hqx/{NAME}",
                                                                       "connection_agreement")]
    assert [(p["code"], p["filename"]) for p in got["message"]["problems"]] == [("unsupported_attachment",
                                                                                 "Aftaler.zip/Kopi.pdf")]
