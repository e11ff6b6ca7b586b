"""XPS documents (Windows' "Microsoft XPS Document Writer"): converted to PDF by mutool and read, every document
`uncertain` for staff and nothing told to the party on it; before, the package was opened as a ZIP archive and
each of its parts named for staff one by one (the form's answers lost)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bench.outside.deliveries import accusing
from parsers import read_mail, reading_of
from tests.parsers import containermaker as cm
from tests.parsers.generator import FORM_TRUTH
from tests.parsers.xpsmaker import xps

T = FORM_TRUTH
FORM = [["Informationsskema", "Tilslutning til Sundhedsdatanettet (SDN)", "", "A. Organisationen",
         f"Organisationens navn: {T['organisation']}", f"CVR-nummer: {T['cvr']}", "", "B. Type af part",
         "[X] Kommune    [ ] Region    [ ] Apotek", "", "D. Administrativ kontaktperson",
         f"Navn: {T['org_contact']['name']}", f"E-mail: {T['org_contact']['email']}",
         f"Telefon: {T['org_contact']['phone']}", "", "E. Teknisk kontaktperson",
         f"Navn: {T['technical_contacts'][0]['name']}", f"E-mail: {T['technical_contacts'][0]['email']}",
         f"Telefon: {T['technical_contacts'][0]['phone']}", "", "F. IP-adresser", *T["ip_scopes"], "",
         "G. Installationsadresse", f"Adresse: {T['installation_address']['street']}",
         f"Postnummer: {T['installation_address']['postcode']}", f"By: {T['installation_address']['city']}"]]


@pytest.fixture(scope="module", autouse=True)
def mutool() -> None:
    if shutil.which("mutool") is None:
        from tests.servers._util import apt_install

        apt_install("mupdf-tools")


@pytest.mark.parametrize(("name", "ctype"), [("Informationsskema.xps", "application/vnd.ms-xpsdocument"),
                                             ("", "application/octet-stream")])
def test_an_xps_form_is_read_for_staff(name: str, ctype: str) -> None:
    reading = read_mail(cm.mail_with([(name, ctype, xps(FORM))])).as_json()
    [doc] = reading["documents"]
    assert doc["kind"] == "information_form"
    assert (doc["fields"]["organisation"], doc["fields"]["cvr"]) == (T["organisation"], T["cvr"])
    assert doc["fields"]["ip_scopes"] == T["ip_scopes"]
    assert any(p["code"] == "uncertain" and "XPS" in p["message"] for p in doc["problems"])
    assert not [p for p in reading["message"]["problems"] if p["code"] == "unsupported_attachment"]
    assert accusing(reading) == []


def test_an_xps_printed_by_ghostscript_is_one_document_not_its_parts(tmp_path: Path) -> None:
    """Ghostscript's xpswrite draws the text as shapes: nothing to read but pictures, so the document is for staff,
    one document under the file's name and never a request to the party."""
    from tests.parsers.pdfmaker import pdf

    src = tmp_path / "Tilslutningsaftale.pdf"
    src.write_bytes(pdf([[(60, 60, "Tilslutningsaftale", 16), (60, 90, "Sundhedsdatanettet (SDN)"),
                          (60, 130, "Organisation: Kommune Nord"), (60, 150, "CVR-nr.: 29189846")]]))
    out = tmp_path / "Tilslutningsaftale.xps"
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=xpswrite", f"-sOutputFile={out}", str(src)],
                   check=True)
    reading = read_mail(cm.mail_with([(out.name, "application/vnd.ms-xpsdocument", out.read_bytes())])).as_json()
    assert {d["filename"] for d in reading["documents"]} == {"Tilslutningsaftale.xps"}
    assert all(any(p["code"] == "uncertain" for p in d["problems"]) for d in reading["documents"])
    assert not [p for p in reading["message"]["problems"] if p["code"] == "unsupported_attachment"]
    assert accusing(reading) == []


def test_an_xps_given_alone_is_read() -> None:
    got = reading_of(xps(FORM), "skema.oxps").as_json()
    assert [d["kind"] for d in got["documents"]] == ["information_form"]
