"""The information form written as a letter in prose (issue 22), by a hand other than the outside check's:
sentences in other orders, roles named in other words, contacts in a bulleted list, Danish and English,
in a PDF (reportlab's paragraphs and lists, wrapped as a word processor wraps them) and in a mail's body.
A cover letter that announces the form, and an unrelated letter, are no form; what a letter does not say
is not found (staff), never found empty (which would ask the party)."""
from __future__ import annotations

import io
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from parsers import read_mail
from parsers.addresses import find_address
from parsers.documents.pipeline import read_pdf
from parsers.documents.prose import Unit, _connected_via, _party_type
from tests.parsers import tools
from tests.parsers.mailmaker import from_kystby
from tests.parsers.pdfmaker import lines, pdf


def letter(*paras: str | list[str]) -> bytes:
    """A letter as a word processor sets it: paragraphs wrapped to the page, a list as bullets."""
    buf = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    story: list[Any] = []
    for p in paras:
        if isinstance(p, list):
            story.append(ListFlowable([ListItem(Paragraph(x, style)) for x in p], bulletType="bullet"))
        else:
            story.append(Paragraph(p, style))
        story.append(Spacer(1, 6))
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


DA_LETTER = letter(
    "Lægerne i Kystby I/S",
    "Til MedCom",
    "Vedrørende tilslutning til Sundhedsdatanettet",
    "Udstyret ønskes placeret hos os på Lyngbyvej 2, 2. sal, 2800 Kongens Lyngby. Vi er en almen lægepraksis "
    "med fire læger, og vi er ikke tilsluttet via KMD, men via vores lægesystemleverandør Novax.",
    "Ansvarlig for aftalen hos os er praksisleder Hanne Holm, som kan kontaktes på hanne.holm@kystby-laeger.example "
    "eller på 23 45 67 89.",
    "Vores tekniske kontaktpersoner er:",
    ["Bo Berg, bo.berg@kystby-it.example, tlf. 87 65 43 21",
     "Eva Eng, eva@kystby-it.example, tlf. 41 22 33 44"],
    "Praksis har CVR-nr. 29189919, og de netværk der skal åbnes, er 10.40.12.0/24 og 10.40.13.0/25.",
    "Med venlig hilsen",
    "Anna Holm (anna@kystby-laeger.example, 20 30 40 50)",
)

EN_LETTER = letter(
    "Dear MedCom,",
    "We are writing on behalf of Nordsund Private Hospital A/S, CVR 29189919, which is to join the Health Data "
    "Network. We are a private hospital.",
    "Jens Hansen (jens.hansen@nordsund.example, +45 20 30 40 50) is our contact person for the connection. "
    "For technical matters, please contact our IT manager Bo Berg at bo.berg@nordsund.example or 87 65 43 21.",
    "Please open 172.20.30.0/24 for us. We are connected directly to the network, not via KMD.",
    "Our equipment should be installed at Vestergade 12, 1. sal, 8000 Aarhus C. Technical staff will be on site.",
    "Kind regards,",
    "Karen Lund",
)


def test_a_danish_letter_in_other_words_and_order_is_read_as_the_form() -> None:
    doc = read_pdf(DA_LETTER, "brev.pdf").as_json()
    assert doc["kind"] == "information_form"
    f = doc["fields"]
    assert f["cvr"] == "29189919" and f["party_type"] == "practitioner" and f["connected_via"] == "Novax"
    assert f["org_contact"] == {"name": "Hanne Holm", "email": "hanne.holm@kystby-laeger.example",
                                "phone": "+4523456789"}
    assert f["technical_contacts"] == [
        {"name": "Bo Berg", "email": "bo.berg@kystby-it.example", "phone": "+4587654321"},
        {"name": "Eva Eng", "email": "eva@kystby-it.example", "phone": "+4541223344"}]
    assert f["ip_scopes"] == ["10.40.12.0/24", "10.40.13.0/25"]
    # the town of two words after its postcode, whole; the floor kept with the street
    assert f["installation_address"] == {"street": "Lyngbyvej 2, 2. sal", "postcode": "2800", "city": "Kongens Lyngby"}
    # the signer of the letter (after "Med venlig hilsen") is no contact
    assert "Anna Holm" not in str(f)


def test_an_english_letter_names_the_person_before_the_role_and_says_not_via_kmd() -> None:
    doc = read_pdf(EN_LETTER, "letter.pdf").as_json()
    assert doc["kind"] == "information_form"
    f = doc["fields"]
    assert f["organisation"] == "Nordsund Private Hospital A/S" and f["cvr"] == "29189919"
    assert f["party_type"] == "private_hospital"
    assert f["connected_via"] is None  # "directly, not via KMD" is no KMD
    assert f["org_contact"] == {"name": "Jens Hansen", "email": "jens.hansen@nordsund.example", "phone": "+4520304050"}
    assert f["technical_contacts"] == [{"name": "Bo Berg", "email": "bo.berg@nordsund.example",
                                        "phone": "+4587654321"}]
    assert f["installation_address"] == {"street": "Vestergade 12, 1. sal", "postcode": "8000", "city": "Aarhus C"}
    assert f["ip_scopes"] == ["172.20.30.0/24"]
    assert not [p for p in doc["problems"] if p["code"] in ("uncertain", "missing_field")]


def test_what_a_letter_does_not_say_is_not_found_never_found_empty() -> None:
    doc = read_pdf(letter(
        "Kære MedCom",
        "Vores kontaktperson er Jens Hansen (jens@kystby.example, 20 30 40 50). Teknisk kontakt er Bo Berg "
        "(bo@kystby.example, 87 65 43 21). Udstyret skal stå på Havnevej 1, 7000 Fredericia.",
        "Venlig hilsen", "Kystby Kommune"), "brev.pdf").as_json()
    assert doc["kind"] == "information_form"
    missing = [p for p in doc["problems"] if p["code"] == "missing_field"]
    assert missing and {p["evidence"] for p in missing} == {"not_found"}
    assert "ip_scopes" in {f for p in missing for f in p.get("fields", [p.get("field")])}


def test_a_role_in_doubt_is_uncertain_not_confident() -> None:
    doc = read_pdf(letter(
        "Kære MedCom",
        "Kontaktperson er vores IT-chef Bo Berg (bo@kystby.example, 87 65 43 21). Netværket er 10.1.2.0/24, og "
        "udstyret skal installeres på Havnevej 1, 7000 Fredericia.", "Venlig hilsen"), "brev.pdf").as_json()
    assert doc["kind"] == "information_form"
    assert any(p["code"] == "uncertain" and str(p.get("field", "")).startswith(("technical_contacts", "org_contact"))
               for p in doc["problems"])


def test_a_cover_letter_that_announces_the_form_is_no_form() -> None:
    """Read as a form with its fields empty, it would make the bot ask the party for them: a wrong word."""
    for text in (
        ["Kære MedCom", "Hermed fremsendes vores udfyldte informationsskema og de underskrevne aftaler som "
         "vedhæftede filer. Har I spørgsmål, er I velkomne til at kontakte vores kontaktperson Anna Holm "
         "(anna@kystby.example, 20 30 40 50).", "Med venlig hilsen", "Kystby Kommune"],
        ["Dear MedCom,", "Please find attached our information form. Our technical contact Bo Berg "
         "(bo@kystby.example, 87 65 43 21) has filled in the networks and the installation address in it.",
         "Kind regards,", "Anna Holm"],
    ):
        doc = read_pdf(letter(*text), "følgebrev.pdf").as_json()
        assert doc["kind"] != "information_form", text[1]
        assert not [p for p in doc["problems"] if p["code"] == "missing_field"]


def test_an_unrelated_letter_is_no_form() -> None:
    doc = read_pdf(letter(
        "Kære MedCom",
        "Vi inviterer til informationsmøde om Sundhedsdatanettet den 4. marts på Vestergade 12, 8000 Aarhus C. "
        "Tilmelding til Jens Hansen (jens@kystby.example, 20 30 40 50).", "Venlig hilsen", "Kystby Kommune"),
        "invitation.pdf").as_json()
    assert doc["kind"] != "information_form"


def test_the_same_prose_in_a_mail_body_is_read_for_staff_to_confirm() -> None:
    body = ("Kære MedCom\n\nVi er en kommune og tilsluttes via KMD. Vores kontaktperson for aftalen er\n"
            "Jens Hansen (jens@kystby.example, 20 30 40 50), og de tekniske spørgsmål kan rettes til\n"
            "Bo Berg (bo@kystby.example, 87 65 43 21).\n\nUdstyret skal opstilles på Havnevej 1, 7000 Fredericia,\n"
            "og netværket er 10.1.2.0/24.\n\nMed venlig hilsen\nAnna Holm\nKystby Kommune\n")
    docs = [d for d in read_mail(_mail(body)).as_json()["documents"] if d.get("from_mail")]
    assert len(docs) == 1
    doc = docs[0]
    f = doc["fields"]
    assert doc["kind"] == "information_form" and f["connected_via"] == "KMD" and f["party_type"] == "municipality"
    assert f["org_contact"]["name"] == "Jens Hansen" and f["technical_contacts"][0]["email"] == "bo@kystby.example"
    assert f["installation_address"] == {"street": "Havnevej 1", "postcode": "7000", "city": "Fredericia"}
    assert any(p["code"] == "uncertain" and p.get("from_mail") for p in doc["problems"])


def test_an_inquiry_in_prose_is_no_form_in_the_mail_body() -> None:
    body = ("Kære MedCom\n\nKystby Kommune ønsker at blive tilsluttet Sundhedsdatanettet (SDN). Vores CVR-nummer er "
            "29189919, og vi tilsluttes via KMD.\n\nMed venlig hilsen\nAnna Holm\nanna@kystby.example\n20 30 40 50\n")
    assert not [d for d in read_mail(_mail(body)).as_json()["documents"] if d.get("from_mail")]


def _mail(body: str) -> bytes:
    m = from_kystby("Tilslutning til SDN")
    m.set_content(body)
    return m.as_bytes()


def test_a_town_of_two_words_after_its_postcode_is_read_whole() -> None:
    for text, city in (("Vestergade 12, 8000 Aarhus C. Technical contacts are", "Aarhus C"),
                       ("Lyngbyvej 2 2800 Kongens Lyngby", "Kongens Lyngby"),
                       ("Industrivænget 13, 4291 Ruds Vedby, og", "Ruds Vedby"),
                       ("Nørregade 3, 6400 Sønderborg.", "Sønderborg"),
                       ("Søndre Ringvej 12, 6715 Esbjerg N Technical", "Esbjerg N")):
        found = find_address(text)
        assert found is not None and found.city == city and found.whole_town, text
    # a district the postcode list does not have: the official town, and the doubt said
    found = find_address("Vestergade 12, 4000 Roskilde Øst.")
    assert found is not None and found.city == "Roskilde" and not found.whole_town


def test_a_grid_form_s_address_with_a_floor_under_its_heading_is_read_whole() -> None:
    data = pdf([lines(60, 60, ["Informationsskema", "Organisation: Kystby Kommune", "CVR: 29189919",
                               "Installationsadresse", "Vestergade 12, 1. sal, 8000 Aarhus C",
                               "Teknisk kontakt", "Navn: Bo Berg", "E-mail: bo@kystby.example"])])
    doc = read_pdf(data, "skema.pdf").as_json()
    assert doc["fields"]["installation_address"] == {"street": "Vestergade 12, 1. sal", "postcode": "8000",
                                                     "city": "Aarhus C"}


def test_roles_inside_list_items_a_list_without_bullets_and_roles_named_after_the_person() -> None:
    """Letters partly set as lists look like a grid to the label reader; the sentences' reading answers more."""
    listed = read_pdf(letter(
        "Til MedCom", "Hermed vores svar til brug for tilslutningen af Tandklinikken Nord ApS (CVR 29189919).",
        "Kontaktoplysninger:", ["Kontaktperson: Jens P. Hansen, jens@nord.example, 20 30 40 50",
                                "Teknisk kontakt: Bo Berg, bo@nord-it.example, 87 65 43 21",
                                "Driftsansvarlig: Eva Eng, eva@nord-it.example, 41 22 33 44"],
        "Vi er en tandlægepraksis og tilsluttes via vores systemleverandør Plenum A/S. Netværket 10.9.8.0/24 skal "
        "åbnes.", "Udstyret leveres til Storegade 5, 6400 Sønderborg.", "Venlig hilsen", "Jens P. Hansen"),
        "a.pdf").as_json()
    f = listed["fields"]
    assert listed["kind"] == "information_form" and f["organisation"] == "Tandklinikken Nord ApS"
    assert f["org_contact"]["name"] == "Jens P. Hansen" and f["connected_via"] == "Plenum A/S"
    assert [t["name"] for t in f["technical_contacts"]] == ["Bo Berg", "Eva Eng"]
    english = read_pdf(letter(
        "Dear MedCom,", "Here is what you asked for about Kystby Pharmacy, CVR 29189919.", "Our IT contacts are:",
        "Bo Berg, bo@kystby.example, +45 87 65 43 21", "Eva Eng, eva@kystby.example, +45 41 22 33 44",
        "The person responsible for the agreement is Jens Hansen, who can be reached at jens@kystby.example or "
        "20 30 40 50.", "We are a pharmacy. The connection goes through KMD. The router is to be placed at Torvet 1, "
        "4000 Roskilde.", "Our networks: 10.1.1.0/24, 10.1.2.0/24.", "Best regards,",
        "Karen Lund, IT Manager, karen@kystby.example"), "b.pdf").as_json()
    f = english["fields"]
    assert f["organisation"] == "Kystby Pharmacy" and f["party_type"] == "pharmacy" and f["connected_via"] == "KMD"
    assert f["org_contact"]["email"] == "jens@kystby.example"
    assert [t["email"] for t in f["technical_contacts"]] == ["bo@kystby.example", "eva@kystby.example"]
    after = read_pdf(letter(
        "Kære MedCom", "Vi, Region Kystby (CVR 29189919), tilsluttes ikke via KMD men gennem leverandøren "
        "Systematic A/S.", "Vores IT-afdeling ved Bo Berg (bo@kystby.example, 87654321) er teknisk kontakt, og Jens "
        "Hansen (jens@kystby.example, 20304050) er kontaktperson.", "Udstyret skal installeres på Alléen 15, 4180 "
        "Sorø.", "IP-scope: 10.50.0.0/22.", "Mvh", "Bo"), "c.pdf").as_json()
    f = after["fields"]
    assert f["organisation"] == "Region Kystby" and f["connected_via"] == "Systematic A/S"
    assert f["org_contact"]["name"] == "Jens Hansen" and [t["name"] for t in f["technical_contacts"]] == ["Bo Berg"]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Vi tilsluttes direkte og ikke via KMD.", (True, None)),
    ("We connect through our system vendor Medisys Nord ApS. The equipment is ours.", (True, "Medisys Nord ApS")),
    ("Vi er ikke tilsluttet via KMD, men via vores lægesystemleverandør Novax.", (True, "Novax")),
    ("The connection goes through KMD.", (True, "KMD")),
    ("Hermed sender vi oplysningerne til brug for tilslutningen af Kystby Kommune til Sundhedsdatanettet.",
     (False, None)),
    # a question alone, its answer in a cell of its own (held-out fourteenth hand, PyMuPDF Story): read as KMD
    ("Går tilslutningen gennem KMD eller en systemleverandør?", (False, None)),
    ("Går tilslutningen gennem KMD eller en systemleverandør?: Nej, direkte", (True, None)),
])
def test_the_connection_said_in_a_sentence(sentence: str, expected: tuple[bool, str | None]) -> None:
    assert _connected_via([Unit(sentence)]) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Vi er en almen lægepraksis med fire læger.", "practitioner"),
    ("Organisationstype: kommune.", "municipality"),
    ("Type of organisation: private hospital or clinic.", "private_hospital"),
    ("Vi er en del af Region Nord.", None),  # part of a region names no type of its own
    ("We are not a hospital.", None),
])
def test_the_party_type_said_in_a_sentence(sentence: str, expected: str | None) -> None:
    assert _party_type([Unit(sentence)]) == expected


HTML_LETTER = """<html><body style="font-family:serif;font-size:11pt;width:15cm">
<p>Nordhavn Apotek<br>Havnegade 3<br>5000 Odense C</p>
<p>Kære MedCom</p>
<p>Som aftalt sender vi her de oplysninger, I skal bruge for at koble Nordhavn Apotek (CVR 29189919) på
Sundhedsdatanettet. Vi er et apotek, og forbindelsen går direkte, ikke gennem KMD.</p>
<p>Spørgsmål om aftalen besvares af vores kontaktperson Mette Lind (mette.lind@nordhavn.example, 61 23 45 67).
Driften varetages af:</p>
<ul><li>Søren Kirk, soeren@nordhavn-it.example, 40 11 22 33</li>
<li>Lone Bech, lone@nordhavn-it.example, +45 40 11 22 44</li></ul>
<p>Routeren skal sættes op i vores lager på Industrivej 40, 5260 Odense S, og de lokale netværk er 192.168.40.0/24
og 192.168.41.0/24.</p>
<p>Med venlig hilsen<br>Mette Lind<br>Nordhavn Apotek</p>
</body></html>"""


@pytest.mark.parametrize("tool", sorted(tools.HTML_TOOLS))
def test_a_letter_printed_by_an_office_tool_is_read_as_the_form(tool: str) -> None:
    """The letterhead's address is the party's postal address, never the installation's."""
    if tool == "chromium":
        tools.ensure("chromium")
    doc = read_pdf(tools.HTML_TOOLS[tool](HTML_LETTER), "brev.pdf").as_json()
    f = doc["fields"]
    assert doc["kind"] == "information_form"
    assert f["organisation"] == "Nordhavn Apotek" and f["cvr"] == "29189919" and f["party_type"] == "pharmacy"
    assert f["connected_via"] is None
    assert f["org_contact"] == {"name": "Mette Lind", "email": "mette.lind@nordhavn.example", "phone": "+4561234567"}
    assert [t["email"] for t in f["technical_contacts"]] == ["soeren@nordhavn-it.example", "lone@nordhavn-it.example"]
    assert f["installation_address"] == {"street": "Industrivej 40", "postcode": "5260", "city": "Odense S"}
    assert f["ip_scopes"] == ["192.168.40.0/24", "192.168.41.0/24"]


def test_a_filled_form_whose_values_hold_words_is_no_letter() -> None:
    """MedCom's own form filled in, contacts' names written as phrases ("Eve Holm, who is the head of our IT
    and ..."): the values stand in the form's fields, a grid by definition, never a letter's
    sentences. Read as a letter, the form had lost its organisation and contacts and read a wrong type."""
    from mailbot.demo import fill

    data = fill("information_form", {
        "org_name": "Vestby Kommune", "org_cvr": "29189846",
        "orgcontact_name": "Eve Holm, who is the head of our IT and the one to ask about it",
        "orgcontact_email": "eve@vestby-kommune.example", "orgcontact_phone": "30 59 30 86",
        "tech1_name": "Jonas Krag, who runs the network for us", "tech1_email": "jonas.krag@vestby-kommune.example",
        "tech1_phone": "+45 21 43 65 87", "ipscope_1": "10.42.0.0/24", "installation_street": "Torvet 1",
        "installation_postcode": "9999", "installation_city": "Vestby"}, checks=("type_municipality", "via_none"))
    doc = read_pdf(data, "Informationsskema.pdf").as_json()
    f = doc["fields"]
    assert (f["organisation"], f["party_type"]) == ("Vestby Kommune", "municipality")
    assert f["technical_contacts"][0]["email"] == "jonas.krag@vestby-kommune.example"


@pytest.mark.parametrize(("text", "name"), [
    ("Postnr. og by 1710 København V Primær Matthias Bergström mabe@bergstrom.example (+45) 28 58 09 55",
     "Matthias Bergström"),
    ("Juridisk navn Apoteket Guldager Navn Sofie Østergaard sofie@guldager.example 5568 0965", "Sofie Østergaard"),
    ("Stedfortræder Anne Bech anne@bech.example 2233 4455", "Anne Bech")])
def test_a_name_holds_no_town_rank_or_label(text: str, name: str) -> None:
    """Two parts read across as one text (the eleventh hand's parts two by two, held out): the town after its
    postcode, a table's rank and the name were read as one name, "København V Primær Matthias Bergström", with
    confidence; so were a label and the organisation before it. The name is the words after them."""
    from parsers.documents.prose import _persons

    assert [p.name for p in _persons(text)] == [name]


@pytest.mark.parametrize("first", ["Signe", "Signa", "Mette"])
def test_a_first_name_near_a_labels_word_is_a_name(first: str) -> None:
    """Held-out whole cases seed 4718 (c04): "Tekniske spørgsmål kan rettes til Signe Winther (...)": "Signe" was
    taken for a form's label (near "signed"), so no person was named there and the technician was not found. A
    word in a name's place is a label's only when it is one as written, not when it is merely near one."""
    doc = read_pdf(letter(
        "Kære MedCom",
        "Hermed sender vi oplysningerne til brug for tilslutningen af Lægehuset Ålund (CVR 29189919).",
        "Vores kontaktperson for aftalen er Sofie Uldall (sofie.uldall@aalund.example, tlf. +45 2271 3925).",
        f"Tekniske spørgsmål kan rettes til {first} Winther (winther@aalund.example, tlf. 75 45 11 10).",
        "Følgende netværk skal åbnes: 172.30.252.0/24. Vi tilsluttes direkte og ikke via KMD.",
        "Udstyret skal opstilles på Rådhustorvet 57, 1605 København V.",
        "Med venlig hilsen", "Kasper Iversen"), "brev.pdf").as_json()
    assert doc["fields"]["technical_contacts"] == [
        {"name": f"{first} Winther", "email": "winther@aalund.example", "phone": "+4575451110"}]
