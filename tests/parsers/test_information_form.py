"""Information forms in other layouts: tables with other labels, English, problems of every kind."""
from __future__ import annotations

from parsers import read_pdf

from .pdfmaker import pdf


def form(contacts: list[tuple], nets: list[str], address: bool = True, party: str = "[x] Laboratory") -> bytes:
    items: list[tuple] = [(60, 50, "Registration form for the Health Data Network (SDN)", 14),
                          (60, 80, "About the organisation"), (60, 100, "Company name"), (230, 100, "Labtek ApS"),
                          (60, 118, "CVR number"), (230, 118, "29189846"),
                          (60, 140, "Type of party"), (60, 158, f"[ ] Region   {party}   [ ] Other"),
                          (60, 185, "Connected via"), (60, 203, "[ ] KMD   [ ] System provider   [x] None"),
                          (60, 230, "Administrative contact"), (60, 248, "Full name: Eva Sand"),
                          (60, 266, "Mail: eva@labtek.example"), (60, 284, "Phone: 0045 20304050"),
                          (60, 310, "Technical contacts"), (60, 328, "Contact name"), (220, 328, "Email address"),
                          (420, 328, "Telephone")]
    y = 346
    for name, mail, phone in contacts:
        items += [(60, y, name), (220, y, mail), (420, y, phone)]
        y += 18
    items += [(60, y + 10, "IP scope")]
    y += 28
    for n in nets:
        items += [(60, y, f"Subnet: {n}")]
        y += 18
    items += [(60, y + 10, "Installation address")]
    if address:
        items += [(60, y + 28, "Street: Labvej 1"), (60, y + 46, "Postcode and city: 8000 Aarhus C")]
    return pdf([items])


def codes(doc: dict) -> set[str]:
    return {p["code"] for p in doc["problems"]}


def test_clean_english_form() -> None:
    doc = read_pdf(form([("Bo Lind", "Bo@Labtek.example", "21 22 23 24")], ["10.40.0.0/24", "192.168.3.0/28"]),
                   "f.pdf").as_json()
    f = doc["fields"]
    assert doc["kind"] == "information_form"
    assert (f["organisation"], f["cvr"], f["party_type"], f["connected_via"]) == \
        ("Labtek ApS", "29189846", "laboratory", None)
    assert f["org_contact"] == {"name": "Eva Sand", "email": "eva@labtek.example", "phone": "+4520304050"}
    assert f["technical_contacts"] == [{"name": "Bo Lind", "email": "bo@labtek.example", "phone": "+4521222324"}]
    assert f["ip_scopes"] == ["10.40.0.0/24", "192.168.3.0/28"]
    assert f["installation_address"] == {"street": "Labvej 1", "postcode": "8000", "city": "Aarhus C"}
    assert codes(doc) == set()


def test_network_problems() -> None:
    assert codes(read_pdf(form([("Bo Lind", "bo@l.example", "21222324")], ["10.40.0.5/24"]), "f.pdf").as_json()) == \
        {"invalid_ip_scope"}
    assert codes(read_pdf(form([("Bo Lind", "bo@l.example", "21222324")], ["10.0.0.0/8"]), "f.pdf").as_json()) == \
        {"invalid_ip_scope"}
    assert codes(read_pdf(form([("Bo Lind", "bo@l.example", "21222324")], ["8.8.8.0/24"]), "f.pdf").as_json()) == \
        {"invalid_ip_scope"}
    bad = read_pdf(form([("Bo Lind", "bo@l.example", "21222324")], ["10.1.256.0/24", "10.2.0.0/24"]), "f.pdf").as_json()
    assert codes(bad) == {"invalid_ip_scope"} and bad["fields"]["ip_scopes"] == ["10.2.0.0/24"]
    overlap = read_pdf(form([("Bo Lind", "bo@l.example", "21222324")], ["10.5.0.0/16", "10.5.4.0/22"]),
                       "f.pdf").as_json()
    assert codes(overlap) == {"ip_scope_overlap"}


def test_contact_and_address_problems() -> None:
    doc = read_pdf(form([("Bo Lind", "bo@labtek", "2122")], ["10.40.0.0/24"]), "f.pdf").as_json()
    assert {"invalid_email", "invalid_phone"} <= codes(doc)
    none = read_pdf(form([], ["10.40.0.0/24"], address=False), "f.pdf").as_json()
    assert codes(none) == {"missing_field"}
    assert none["fields"]["technical_contacts"] == []
    assert none["fields"]["installation_address"] == {"street": None, "postcode": None, "city": None}
    msg = next(p["message"] for p in none["problems"] if p["code"] == "missing_field")
    assert "technical contact" in msg and "installation address" in msg


def test_party_types_from_boxes() -> None:
    for label, expected in (("[x] Municipality", "municipality"), ("[X] Privat sygehus", "private_hospital"),
                            ("[x] Apotek", "pharmacy"), ("[x] Foreign party", "foreign")):
        doc = read_pdf(form([("Bo Lind", "bo@l.example", "21222324")], ["10.4.0.0/24"], party=label), "f.pdf").as_json()
        assert doc["fields"]["party_type"] == expected
