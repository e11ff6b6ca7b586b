"""Information forms with other wordings and structures than the corpus: label:value lines, a
two-column table, filled AcroForm fields and check boxes; party types as boxes or text; umbrellas
written out; networks as CIDR lists, netmasks or ranges; phone numbers and e-mails as people write them.
"""
from __future__ import annotations

import io
import pathlib
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from parsers import read_pdf

W, H = A4
DEJAVU = pathlib.Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
if DEJAVU.exists():
    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
FONT = "DejaVu" if DEJAVU.exists() else "Helvetica"
needs_symbols = pytest.mark.skipif(not DEJAVU.exists(), reason="no font with ballot-box glyphs")

EXPECTED: dict[str, Any] = {
    "organisation": "Kystby Kommune", "cvr": "29189919", "party_type": "municipality", "connected_via": "KMD",
    "org_contact": {"name": "Anna Holm", "email": "anna.holm@kystby.example", "phone": "+4512345678"},
    "technical_contacts": [{"name": "Bo Berg", "email": "bo.berg@kystby.example", "phone": "+4587654321"}],
    "ip_scopes": ["10.1.0.0/24", "10.2.0.0/24"],
    "installation_address": {"street": "Havnevej 1", "postcode": "7000", "city": "Kystby"},
}


def form(style: str = "colon", party: str = "[X] Kommune   [ ] Region   [ ] Apotek", via: str = "Tilsluttes via: KMD",
         nets: tuple[str, ...] = ("10.1.0.0/24", "10.2.0.0/24"), phone: str = "+45 12 34 56 78",
         email: str = "ANNA.HOLM@KYSTBY.EXAMPLE", org_l: str = "Organisationsnavn", cvr_l: str = "CVR-nummer") -> bytes:
    """style: "colon" (Label: value), "table" (label cell | value cell) or "acro" (filled text fields)."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    y = [60.0]

    def text(x: float, s: str, size: float = 10) -> None:
        c.setFont(FONT, size)
        c.drawString(x, H - y[0], s)

    def line(s: str, size: float = 10) -> None:
        text(60, s, size)
        y[0] += 18

    def kv(label: str, value: str) -> None:
        if style == "colon":
            text(60, f"{label}: {value}")
        elif style == "table":
            text(60, label)
            text(250, value)
        else:
            text(60, label)
            c.acroForm.textfield(name=f"f{int(y[0])}", value=value, x=250, y=H - y[0] - 4, width=250, height=14,
                                 borderWidth=0, fontSize=9)
        y[0] += 18

    line("Informationsskema – tilslutning til Sundhedsdatanettet (SDN)", 14)
    y[0] += 10
    line("1. Oplysninger om organisationen", 12)
    kv(org_l, "Kystby Kommune")
    kv(cvr_l, "29189919")
    if not party.lower().startswith("partstype"):
        line("2. Partstype", 12)
    line(party)
    line("3. Tilslutning", 12)
    line(via)
    line("4. Organisatorisk kontaktperson", 12)
    kv("Navn", "Anna Holm")
    kv("E-mail", email)
    kv("Telefon", phone)
    line("5. Teknisk kontaktperson", 12)
    kv("Navn", "Bo Berg")
    kv("E-mail", "bo.berg@kystby.example")
    kv("Telefon", "0045 87654321")
    line("6. SDN IP-scope", 12)
    for n in nets:
        line(n)
    line("7. Installationsadresse", 12)
    kv("Adresse", "Havnevej 1")
    kv("Postnr. og by", "7000 Kystby")
    c.showPage()
    c.save()
    return buf.getvalue()


def assert_form(doc: dict[str, Any], **changes: Any) -> None:
    assert doc["kind"] == "information_form"
    assert doc["fields"] == {**EXPECTED, **changes}
    assert doc["problems"] == []


STYLES = ["colon", "table", "acro"]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("org_l", ["Virksomhedens navn", "Navn på organisation", "Organisation", "Organisationens navn",
                                   "Organisationsnavn"])
def test_organisation_labels(style: str, org_l: str) -> None:
    assert_form(read_pdf(form(style, org_l=org_l), "f.pdf").as_json())


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("cvr_l", ["CVR nummer", "CVR-nr.", "Company registration no.", "CVR"])
def test_cvr_labels(style: str, cvr_l: str) -> None:
    assert_form(read_pdf(form(style, cvr_l=cvr_l), "f.pdf").as_json())


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("phone", ["+45 12 34 56 78", "0045 12345678", "12 34 56 78", "12345678", "(+45) 12 34 56 78",
                                   "+45 1234 5678"])
def test_phone_forms(style: str, phone: str) -> None:
    assert_form(read_pdf(form(style, phone=phone), "f.pdf").as_json())


@pytest.mark.parametrize("party, expected", [
    ("[X] Kommune   [ ] Region   [ ] Apotek", "municipality"),
    ("Partstype: Apotek", "pharmacy"),
    ("Partstype: Region", "region"),
    ("Partstype: Privathospital", "private_hospital"),
    ("(x) Praktiserende læge", "practitioner"),
    ("[x] Laboratorium", "laboratory"),
    ("X Kommune", "municipality"),
])
def test_party_type_as_box_or_text(party: str, expected: str) -> None:
    assert_form(read_pdf(form(party=party), "f.pdf").as_json(), party_type=expected)


@needs_symbols
@pytest.mark.parametrize("party, expected", [
    ("☐ Kommune   ☒ Region   ☐ Apotek", "region"),
    ("☐ Kommune  ☐ Region  ☒ Privat hospital", "private_hospital"),
    ("☑ Apotek", "pharmacy"),
    ("■ Kommune  □ Region", "municipality"),
])
def test_party_type_as_ballot_box_glyphs(party: str, expected: str) -> None:
    assert_form(read_pdf(form(party=party), "f.pdf").as_json(), party_type=expected)


@pytest.mark.parametrize("via, expected", [
    ("Tilsluttes via: KMD", "KMD"),
    ("Connected via: system provider: Medi-Link A/S", "Medi-Link A/S"),
    ("[X] KMD   [ ] Systemleverandør   [ ] Ingen", "KMD"),
    ("[ ] KMD   [X] Systemleverandør: Medi-Link A/S   [ ] Ingen", "Medi-Link A/S"),
    ("[ ] KMD   [ ] Systemleverandør   [X] Ingen (direkte)", None),
    ("Tilsluttes via: Systemleverandør (Medi-Link A/S)", "Medi-Link A/S"),
    ("Tilsluttes via: direkte", None),
    ("Tilsluttes via: Ingen", None),
    ("Tilslutning via lægesystemleverandør: Medi-Link A/S", "Medi-Link A/S"),
    ("Tilsluttes via: Medi-Link A/S", "Medi-Link A/S"),
])
def test_connected_via_wordings(via: str, expected: str | None) -> None:
    assert_form(read_pdf(form(via=via), "f.pdf").as_json(), connected_via=expected)


@pytest.mark.parametrize("nets", [
    ("10.1.0.0/24, 10.2.0.0/24",),
    ("10.1.0.0/24; 10.2.0.0/24",),
    ("10.1.0.0/24 og 10.2.0.0/24",),
    ("10.1.0.0 255.255.255.0", "10.2.0.0 255.255.255.0"),
    ("10.1.0.0/255.255.255.0", "10.2.0.0/24"),
    ("10.1.0.0 netmask 255.255.255.0", "10.2.0.0 (mask 255.255.255.0)"),
    ("10.1.0.0 - 10.1.0.255", "10.2.0.0-10.2.0.255"),
    ("Net 1: 10.1.0.0/24", "Net 2: 10.2.0.0 / 24"),
])
def test_ip_scope_notations(nets: tuple[str, ...]) -> None:
    assert_form(read_pdf(form(nets=nets), "f.pdf").as_json())


def test_range_that_is_not_one_network_is_flagged() -> None:
    doc = read_pdf(form(nets=("10.1.0.0 - 10.1.1.7", "10.2.0.0/24")), "f.pdf").as_json()
    assert doc["fields"]["ip_scopes"] == ["10.2.0.0/24"]
    assert {p["code"] for p in doc["problems"]} == {"invalid_ip_scope"}


def acroform_with_boxes(party: str, via: str, en: bool = False) -> bytes:
    """Every value a filled AcroForm field; party type and umbrella as real check boxes."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    y = [60.0]

    def text(x: float, s: str, size: float = 10) -> None:
        c.setFont("Helvetica", size)
        c.drawString(x, H - y[0], s)

    def field(x: float, name: str, value: str, w: float = 220) -> None:
        c.acroForm.textfield(name=name, value=value, x=x, y=H - y[0] - 4, width=w, height=14, borderWidth=0,
                             fontSize=9)

    def boxes(prefix: str, options: list[str], chosen: str, step: float) -> None:
        x = 60.0
        for opt in options:
            c.acroForm.checkbox(name=f"{prefix}_{opt}", x=x, y=H - y[0] - 3, size=10, checked=opt == chosen,
                                buttonStyle="cross", borderWidth=0.5)
            text(x + 14, opt)
            x += step
        y[0] += 24

    text(60, "Information form - Health Data Network (SDN)" if en else "Informationsskema - Sundhedsdatanettet (SDN)",
         14)
    y[0] += 30
    text(60, "Organisation", 12)
    y[0] += 18
    text(60, "Name of organisation" if en else "Navn på organisation")
    field(250, "org", "Region Kyst")
    y[0] += 18
    text(60, "Company registration no." if en else "CVR nummer")
    field(250, "cvr", "29 18 99 19")
    y[0] += 24
    text(60, "Type of party" if en else "Partstype", 12)
    y[0] += 18
    boxes("pt", ["Kommune", "Region", "Apotek", "Andet"], party, 110)
    text(60, "Connected via" if en else "Tilsluttes via", 12)
    y[0] += 18
    boxes("via", ["KMD", "Systemleverandør", "Ingen"], via, 130)
    y[0] -= 6
    text(60, "Name of system provider" if en else "Navn på systemleverandør")
    field(250, "provider", "Medi-Link A/S" if via == "Systemleverandør" else "")
    y[0] += 24
    text(60, "Organisational contact" if en else "Organisatorisk kontaktperson", 12)
    y[0] += 18
    for label, value in (("Navn", "Anna Holm"), ("E-mail", "ANNA.HOLM@REGIONKYST.EXAMPLE"),
                         ("Telefon", "+45 12 34 56 78")):
        text(60, label)
        field(250, f"oc_{label}", value)
        y[0] += 18
    y[0] += 6
    text(60, "Technical contacts" if en else "Tekniske kontaktpersoner", 12)
    y[0] += 18
    text(60, "Navn")
    text(200, "E-mail")
    text(400, "Telefon")
    y[0] += 18
    for i, (n, e, p) in enumerate((("Bo Berg", "BO.BERG@REGIONKYST.EXAMPLE", "0045 87654321"),
                                   ("Eva Lund", "eva.lund@regionkyst.example", "12 34 56 79"))):
        field(60, f"tn{i}", n, 130)
        field(200, f"te{i}", e, 190)
        field(400, f"tp{i}", p, 120)
        y[0] += 18
    y[0] += 6
    text(60, "SDN IP scope", 12)
    y[0] += 18
    field(60, "ip", "10.1.0.0/24, 10.2.0.0 255.255.255.0", 400)
    y[0] += 24
    text(60, "Installation address" if en else "Installationsadresse", 12)
    y[0] += 18
    for label, value in (("Adresse", "Havnevej 1"), ("Postnummer", "7000"), ("By", "Kystby")):
        text(60, label)
        field(250, f"ad_{label}", value)
        y[0] += 18
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("party, party_type", [("Region", "region"), ("Apotek", "pharmacy"),
                                               ("Kommune", "municipality")])
@pytest.mark.parametrize("via, connected_via", [("Systemleverandør", "Medi-Link A/S"), ("KMD", "KMD"),
                                                ("Ingen", None)])
@pytest.mark.parametrize("en", [False, True])
def test_acroform_with_check_boxes(party: str, party_type: str, via: str, connected_via: str | None, en: bool) -> None:
    doc = read_pdf(acroform_with_boxes(party, via, en), "f.pdf").as_json()
    f = doc["fields"]
    assert (f["organisation"], f["cvr"], f["party_type"], f["connected_via"]) == \
        ("Region Kyst", "29189919", party_type, connected_via)
    assert f["org_contact"] == {"name": "Anna Holm", "email": "anna.holm@regionkyst.example", "phone": "+4512345678"}
    assert f["technical_contacts"] == [
        {"name": "Bo Berg", "email": "bo.berg@regionkyst.example", "phone": "+4587654321"},
        {"name": "Eva Lund", "email": "eva.lund@regionkyst.example", "phone": "+4512345679"}]
    assert f["ip_scopes"] == ["10.1.0.0/24", "10.2.0.0/24"]
    assert f["installation_address"] == {"street": "Havnevej 1", "postcode": "7000", "city": "Kystby"}
    assert doc["problems"] == []
