"""The outside check's other deliveries (bench/outside/deliveries.py): each file is what it says it is and
carries its document, and a picture's problem counts against the reader only when the party would be told it.
The reader's figures on them are measured by `bench/outside/run.py --deliveries`, not asserted here."""
from __future__ import annotations

import email
import io
import random
import zipfile
from email import policy
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bench.outside import deliveries
from bench.outside.forms import FORM_LAYOUTS, information_form
from bench.outside.people import party


def a_form() -> Any:
    rng = random.Random(3)
    return information_form(rng, party(rng, None), FORM_LAYOUTS[0], "01 xlsx - Informationsskema.pdf")


def test_the_spreadsheet_holds_the_forms_values(tmp_path: Path) -> None:
    doc = a_form()
    out = tmp_path / "f.xlsx"
    deliveries.spreadsheet(doc, random.Random(1), out)
    wb = openpyxl.load_workbook(out)
    cells = {str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    fields = doc.truth["documents"][0]["fields"]
    assert fields["organisation"] in cells
    assert any(fields["technical_contacts"][0]["name"] in c for c in cells)


def test_zip_and_forwarded_mail_carry_the_file() -> None:
    doc = a_form()
    inner = deliveries.party_mail(doc, ("post@x.example", "X"),
                                  [("z.zip", deliveries.zipped([("a.pdf", b"%PDF-1.4")]), "application/zip")],
                                  "Sun, 06 Dec 2026 10:00:00 +0100")
    fw = deliveries.forwarded(inner, ("kollega@x.example", "Kollega"), "da", "Sun, 06 Dec 2026 10:05:00 +0100")
    msg = email.message_from_bytes(fw.as_bytes(), policy=policy.default)
    (att,) = list(msg.iter_attachments())  # type: ignore[attr-defined]
    assert att.get_content_type() == "message/rfc822"
    (z,) = list(att.get_content().iter_attachments())
    assert zipfile.ZipFile(io.BytesIO(z.get_content())).read("a.pdf") == b"%PDF-1.4"


def reading(ocr: bool, evidence: str) -> dict[str, Any]:
    return {"message": None, "documents": [{
        "filename": "IMG_1.jpg", "kind": "information_form", "ocr": ocr, "fields": {},
        "problems": [{"code": "missing_field", "field": "ip_scopes", "evidence": evidence, "message": "x"}]}]}


def test_the_nested_delivery_is_a_pdf_in_a_saved_mail_in_a_zip() -> None:
    doc = a_form()
    inner = deliveries.party_mail(doc, ("post@x.example", "X"), [("a.pdf", b"%PDF-1.4", "application/pdf")],
                                  "Sun, 06 Dec 2026 10:00:00 +0100")
    outer, inside = deliveries.nested(inner, ("kollega@x.example", "Kollega"), "da", "Sun, 06 Dec 2026 10:05:00 +0100")
    msg = email.message_from_bytes(outer.as_bytes(), policy=policy.default)
    (att,) = list(msg.iter_attachments())  # type: ignore[attr-defined]
    zname, saved = inside.split("/")
    assert att.get_filename() == zname
    eml = zipfile.ZipFile(io.BytesIO(att.get_content())).read(saved)
    (pdf,) = list(email.message_from_bytes(eml, policy=policy.default).iter_attachments())  # type: ignore[attr-defined]
    assert pdf.get_content() == b"%PDF-1.4"


@pytest.mark.parametrize("delivery", ["heic", "webp"])
def test_a_photo_delivery_is_saved_in_its_format(tmp_path: Path, delivery: str) -> None:
    from PIL import Image

    page = tmp_path / "page.png"
    Image.new("RGB", (620, 877), "white").save(page)
    fmt, _, _ = deliveries.PHOTOS[delivery]
    data = deliveries.photograph(page, random.Random(1), fmt)
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    assert Image.open(io.BytesIO(data)).format == fmt


@pytest.mark.parametrize("ocr,evidence,told", [(True, "found_empty", False), (False, "found_empty", True),
                                               (False, "not_found", False)])
def test_a_pictures_problem_counts_only_when_the_party_would_be_told(ocr: bool, evidence: str, told: bool) -> None:
    assert bool(deliveries.accusing(reading(ocr, evidence))) is told


@pytest.mark.parametrize("inline", [False, True])
def test_the_pgp_delivery_carries_the_file_and_a_signature_gpg_accepts(tmp_path: Path, inline: bool) -> None:
    """PGP/MIME (multipart/signed over the content as sent) or inline PGP (a .sig beside the file): the file is
    there unchanged, and gpg itself verifies the signature over what the mail carries."""
    import shutil
    import subprocess

    if shutil.which("gpg") is None:
        from tests.servers._util import apt_install

        apt_install("gnupg")
    mail = deliveries.party_mail(a_form(), ("post@x.example", "X"), [("a.pdf", b"%PDF-1.4 x", "application/pdf")],
                                 "Sun, 06 Dec 2026 10:00:00 +0100")
    g = deliveries.ThrowawayGpg(tmp_path)
    try:
        raw = deliveries.pgp_signed(mail, g, inline=inline)
        msg = email.message_from_bytes(raw, policy=policy.default)
        if inline:
            files = {a.get_filename(): a.get_content() for a in msg.iter_attachments()}  # type: ignore[attr-defined]
            signed, sig = files["a.pdf"], files["a.pdf.sig"]
        else:
            assert msg.get_content_type() == "multipart/signed"
            line = b"--" + str(msg.get_boundary()).encode()
            # the first part's bytes as sent: after the first boundary line, up to the CRLF before the next
            signed = raw.split(line + b"\r\n", 1)[1].split(b"\r\n" + line, 1)[0]
            sig = msg.get_payload()[1].get_payload(decode=True)  # type: ignore[index]
        (tmp_path / "data").write_bytes(signed)
        (tmp_path / "data.sig").write_bytes(sig)
        subprocess.run(["gpg", "--homedir", str(g.home), "--batch", "--verify", str(tmp_path / "data.sig"),
                        str(tmp_path / "data")], check=True, capture_output=True, timeout=60)
    finally:
        g.close()


@pytest.mark.parametrize("delivery", deliveries.CLIENT_MAILS)
@pytest.mark.parametrize("seed", [1, 2])  # Apple Mail's two ways (mixed, alternative with related) are drawn
def test_a_client_mail_carries_the_pdf_and_the_reader_reads_it_by_that_name(delivery: str, seed: int) -> None:
    from parsers import read_mail
    from tests.parsers.generator import information_form as reportlab_form
    from tests.parsers.generator import styles

    doc = a_form()
    raw, name = deliveries.client_mail(delivery, doc, ("post@kystby.example", "Søren Ærbø"),
                                       reportlab_form(styles(1)[0]), "Mon, 07 Dec 2026 09:00:00 +0100",
                                       random.Random(seed))
    out = read_mail(raw).as_json()
    assert [d["kind"] for d in out["documents"]] == ["information_form"]
    if delivery != "noname":
        assert out["documents"][0]["filename"] == name
    if delivery == "danishname":
        assert b"filename*0*=utf-8''" in raw  # written as RFC 2231, in pieces
    assert not out["message"]["problems"]  # a sound mail: its sender's Danish name encoded, nothing unread


def test_the_own_delivery_sends_a_hands_office_file_where_it_made_one() -> None:
    """The eighth hand's python-docx form is delivered as that .docx; a form it sets with pango has no office file
    and takes the hand's other delivery."""
    from bench.outside import eighth_hand

    rng = random.Random(5)
    p = party(rng, None)
    word = eighth_hand.form(rng, p, "s8-docx-header", "01 eighth - Skema.pdf")
    pango = eighth_hand.form(rng, p, "s8-pango-questions", "02 eighth - Skema.pdf")
    assert [d for d, _ in deliveries.by_hands([("x", word), ("x", pango)], ["own", "zip"])] == ["own", "zip"]
    assert word.source is not None and pango.source is None
    name, data = word.source()
    assert name == "skema.docx" and zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert p.organisation.split()[0] in zipfile.ZipFile(io.BytesIO(data)).read("word/header1.xml").decode() + \
        zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()


@pytest.mark.parametrize("delivery", ["uuencode", "targz", "fax", "maczip", "odtobject", "binhex", "yenc"])
def test_the_old_ways_carry_the_pdf_and_the_reader_finds_it(delivery: str, tmp_path: Path) -> None:
    """A PDF uuencoded into the text (GNU uuencode), in a .tar.gz (GNU tar) or as a fax's multi-page TIFF
    (Ghostscript): the mail carries one document, read under the name the delivery gives it."""
    from bench.outside import tools
    from parsers import read_mail
    from tests.parsers.generator import information_form as reportlab_form
    from tests.parsers.generator import styles

    tools.ensure_tools()
    doc = a_form()
    pdf = tmp_path / "d000.pdf"
    pdf.write_bytes(reportlab_form(styles(1)[0]))
    files = deliveries.attachments(delivery, [pdf], random.Random(1), "da", names=["Informationsskema.pdf"])
    raw = deliveries.wrapped(delivery, deliveries.party_mail(doc, ("post@kystby.example", "Søren"), files,
                                                             "Mon, 07 Dec 2026 09:00:00 +0100"), None, "da")
    msg = email.message_from_bytes(raw, policy=policy.default)
    if delivery == "uuencode":
        assert not list(msg.iter_attachments()) and b"begin 644 Informationsskema.pdf" in raw  # type: ignore[attr-defined]
    out = read_mail(raw).as_json()
    assert [d["kind"] for d in out["documents"] if d["kind"] != "unknown"] == ["information_form"]
    assert [d["filename"] for d in out["documents"] if d["kind"] != "unknown"][0] == {
        "uuencode": "Informationsskema.pdf", "targz": "Aftaler og skema.tar.gz/Aftaler og skema.tar/"
        "Informationsskema.pdf", "fax": files[0][0], "maczip": "Aftaler.zip/Informationsskema.pdf",
        "odtobject": "Brev til MedCom.odt/Informationsskema.pdf", "binhex": "Informationsskema.pdf",
        "yenc": "Informationsskema.pdf"}[delivery]


def test_the_strict_delivery_is_a_strict_word_file_the_reader_reads(tmp_path: Path) -> None:
    """LibreOffice's .docx of the Writer source, saved as Strict Open XML: its namespaces are Strict ones, and the
    reader finds the form in it (before: `unreadable`)."""
    from bench.outside import render_odf, tools
    from parsers import read_mail

    tools.ensure_tools()
    doc = a_form()
    src = tmp_path / "d000.fodt"
    src.write_text(render_odf.render(doc.blocks, random.Random(1), doc.language), encoding="utf-8")
    made = deliveries.office_files([src], "strict", tmp_path)[src]
    assert made.suffix == ".docx"
    package = zipfile.ZipFile(made)
    assert b"http://purl.oclc.org/ooxml/wordprocessingml/main" in package.read("word/document.xml")
    assert b"schemas.openxmlformats.org/wordprocessingml" not in package.read("word/document.xml")
    raw = deliveries.party_mail(doc, ("post@kystby.example", "Søren"),
                                [("Informationsskema.docx", made.read_bytes(), deliveries.MIME[".docx"])],
                                "Mon, 07 Dec 2026 09:00:00 +0100").as_bytes()
    [read] = read_mail(raw).as_json()["documents"]
    assert read["kind"] == "information_form"
    assert read["fields"]["organisation"] == doc.truth["documents"][0]["fields"]["organisation"]
