"""Information forms laid out and worded as other organisations write them, with the truth of each.

Written independently of the reader's vocabulary: sections lettered ("A.") or numbered ("1."), whose
heading names the role (the organisation's contact, the technical contacts, the place of installation,
the network) with the same generic labels (name, mail, phone, address) under each; label and value as
separate text runs on one baseline, some drawn over each other; a footer with a journal number and
MedCom's mail; party types and umbrellas written as words, with negations.

`measure` compares a reading with the truth and counts confident wrong values: values that differ
from the truth and carry no `uncertain` problem naming their field.
"""
from __future__ import annotations

import io
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

W, H = A4
_DEJAVU = pathlib.Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_DEJAVU_BOLD = pathlib.Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
if _DEJAVU.exists() and _DEJAVU_BOLD.exists():
    pdfmetrics.registerFont(TTFont("DejaVu", str(_DEJAVU)))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(_DEJAVU_BOLD)))
    REGULAR, BOLD = "DejaVu", "DejaVu-Bold"
else:
    REGULAR, BOLD = "Helvetica", "Helvetica-Bold"


@dataclass
class Page:
    """A page drawn top-down: each call puts one text run at (x, y from the top)."""

    items: list[tuple[float, float, str, float, str]] = field(default_factory=list)
    y: float = 60.0

    def at(self, x: float, y: float, text: str, size: float = 10, font: str = REGULAR) -> Page:
        self.items.append((x, y, text, size, font))
        return self

    def line(self, text: str, x: float = 60, size: float = 10, font: str = REGULAR, step: float = 17) -> Page:
        self.at(x, self.y, text, size, font)
        self.y += step
        return self

    def heading(self, text: str, size: float = 11) -> Page:
        self.y += 8
        return self.line(text, size=size, font=BOLD, step=20)

    def pair(self, label: str, value: str, value_x: float = 220, label_font: str = REGULAR) -> Page:
        """Label and value as two runs on one baseline (a table's cells, a filled field)."""
        self.at(60, self.y, label, font=label_font)
        if value:
            self.at(value_x, self.y, value)
        self.y += 17
        return self

    def row(self, cells: list[tuple[float, str]], font: str = REGULAR) -> Page:
        for x, t in cells:
            self.at(x, self.y, t, font=font)
        self.y += 17
        return self


def render(pages: list[Page]) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for p in pages:
        for x, y, text, size, font in p.items:
            c.setFont(font, size)
            c.drawString(x, H - y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def footer(p: Page, text: str) -> Page:
    return p.at(60, H - 30, text, size=7)


@dataclass
class Case:
    name: str
    pdf: Callable[[], bytes]
    truth: dict[str, Any]


def contact(name: str | None, email: str | None, phone: str | None) -> dict[str, str | None]:
    return {"name": name, "email": email, "phone": phone}


def address(street: str | None, postcode: str | None, city: str | None) -> dict[str, str | None]:
    return {"street": street, "postcode": postcode, "city": city}


# ------------------------------------------------------------------------------------------ cases
def _dk_lettered() -> bytes:
    p = Page()
    p.line("Oplysninger til brug for tilslutning til Sundhedsdatanettet", size=14, font=BOLD, step=26)
    p.heading("A. Organisationen")
    p.line("Navn: Havbakke Kommune")
    p.line("CVR-nr.: 62336420")
    p.line("Type: Kommune")
    p.heading("B. Organisationens kontaktperson")
    p.line("Navn: Lise Holm")
    p.line("E-mail: lise.holm@havbakke.example")
    p.line("Telefon: 33 44 55 66")
    p.heading("C. Tekniske kontaktpersoner")
    p.line("Navn: Per Dam")
    p.line("E-mail: per.dam@havbakke.example")
    p.line("Telefon: 40 50 60 70")
    p.heading("D. Adresse for installation")
    p.line("Adresse: Rådhusvej 3")
    p.line("Postnummer: 6200")
    p.line("By: Aabenraa")
    p.heading("E. SDN IP-område")
    p.line("10.20.30.0/24")
    p.heading("F. Tilslutning")
    p.line("Vi tilsluttes direkte, ikke via KMD.")
    footer(p, "Returneres til sdn@medcom.example   J.nr. 2024-118723   Side 1 af 1")
    return render([p])


def _en_numbered_table() -> bytes:
    p = Page()
    p.line("Health Data Network (SDN) - connection details", size=14, font=BOLD, step=26)
    p.heading("1. The organisation")
    p.pair("Name", "Northwick Public Hospital")
    p.pair("Registration no.", "67302230")
    p.pair("Kind of organisation", "Public hospital")
    p.pair("Via KMD or a system provider?", "No")
    p.heading("2. Contact person of the organisation")
    p.pair("Name", "Helen Marsh")
    p.pair("Mail", "helen.marsh@northwick.example")
    p.pair("Phone", "+45 21 43 65 87")
    p.heading("3. Technical contacts")
    p.pair("Name", "Omar Said")
    p.pair("Mail", "omar.said@northwick.example")
    p.pair("Phone", "+45 31 42 53 64")
    p.heading("4. Place of installation")
    p.pair("Address", "Kirkebakken 14")
    p.pair("Postcode", "5000")
    p.pair("City", "Odense C")
    p.heading("5. Network (SDN IP range)")
    p.pair("Network", "172.20.8.0/22")
    footer(p, "MedCom - sdn@medcom.example - form version 2.3 - 01.02.2023")
    return render([p])


def _dk_numbered_contacts_table() -> bytes:
    p = Page()
    p.line("Bestilling af SDN-forbindelse", size=14, font=BOLD, step=26)
    p.heading("1. Oplysninger om parten")
    p.pair("Navn", "Solsiden Apotek")
    p.pair("CVR", "94956587")
    p.pair("Parttype", "Apotek")
    p.heading("2. Kontaktperson hos organisationen")
    p.pair("Navn", "Mette Krog")
    p.pair("Mail", "mk@solsiden-apotek.example")
    p.pair("Telefon", "86 12 34 56")
    p.heading("3. Teknisk kontakt")
    p.row([(60, "Navn"), (200, "Mail"), (400, "Telefon")], font=BOLD)
    p.row([(60, "Jonas Vinter"), (200, "jv@it-partner.example"), (400, "22 33 44 55")])
    p.row([(60, "Sara Lund"), (200, "sl@it-partner.example"), (400, "22 33 44 66")])
    p.heading("4. Installationssted")
    p.pair("Adresse", "Søndergade 12")
    p.pair("Postnr.", "8000")
    p.pair("By", "Aarhus C")
    p.heading("5. Netværk")
    p.pair("IP-adresser", "192.168.50.0/24")
    p.pair("Tilsluttes via", "direkte (ikke KMD)")
    p.line("Dato: 03-04-2024   J.nr.: 2024-00417")
    return render([p])


def _en_lettered_inline() -> bytes:
    p = Page()
    p.line("SDN information form", size=14, font=BOLD, step=26)
    p.heading("A. Party")
    p.line("Organisation: Brightlab ApS")
    p.line("CVR: 12701179")
    p.line("Type of party: Private laboratory")
    p.heading("B. The organisation's contact person")
    p.line("Name: Karen Blix")
    p.line("E-mail: karen@brightlab.example")
    p.line("Telephone: 70 80 90 10")
    p.heading("C. Technical contact")
    p.line("Name: Ulf Berg")
    p.line("E-mail: ulf@brightlab.example")
    p.line("Telephone: 61 62 63 64")
    p.heading("D. Address of installation")
    p.line("Street: Industrivej 7")
    p.line("Postcode: 2600")
    p.line("Town: Glostrup")
    p.heading("E. SDN network / IP scope")
    p.line("10.77.1.0/24, 10.77.2.0/24")
    p.heading("F. Connection")
    p.line("Connected directly, not via KMD or a system provider.")
    p.line("Date: 14.05.2024")
    footer(p, "Journal no. 2024-33871 / sdn@medcom.example")
    return render([p])


def _dk_practice_plain() -> bytes:
    p = Page()
    p.line("Skema: tilslutning af lægepraksis til SDN", size=13, font=BOLD, step=26)
    p.heading("A. Praksis")
    p.pair("Navn", "Lægerne i Vestby")
    p.pair("CVR-nummer", "49445415")
    p.pair("Partstype", "almen lægepraksis")
    p.pair("Tilslutning via", "Systemleverandør: Novax A/S")
    p.heading("B. Kontaktperson for organisationen")
    p.pair("Navn", "Hanne Friis")
    p.pair("E-mail", "hf@vestbylaeger.example")
    p.pair("Telefon", "97 11 22 33")
    p.heading("C. IT-kontaktperson")
    p.pair("Navn", "Mads Kirk")
    p.pair("E-mail", "mk@novax.example")
    p.pair("Telefon", "70 20 30 40")
    p.heading("D. Installationsadresse")
    p.pair("Adresse", "Torvet 2")
    p.pair("Postnr. og by", "6800 Varde")
    p.heading("E. IP-adresser")
    p.pair("Net 1", "10.9.9.0/26")
    footer(p, "MedCom, Forskerparken 10, 5230 Odense M · sdn@medcom.example")
    return render([p])


def _overlap_runs_dk() -> bytes:
    """Values typed into fields drawn over the end of their labels: separate runs on one baseline."""
    p = Page()
    p.line("Informationsskema - Sundhedsdatanettet", size=14, font=BOLD, step=26)
    p.heading("1. Organisation")
    p.at(60, p.y, "Organisation ................................")
    p.at(140, p.y, "Nordlys Privathospital A/S")
    p.y += 17
    p.at(60, p.y, "CVR-nr. ..........")
    p.at(110, p.y, "67329996")
    p.y += 17
    p.line("Partstype: Privathospital")
    p.heading("2. Organisatorisk kontaktperson")
    p.at(60, p.y, "Navn (blokbogstaver):")
    p.at(118, p.y, "Bækgaard")
    p.y += 17
    p.line("E-mail: sb@nordlys.example")
    p.line("Telefon: 45 45 12 12")
    p.heading("3. Teknisk kontaktperson")
    p.at(60, p.y, "Navn:")
    p.at(80, p.y, "Ib Thygesen")
    p.y += 17
    p.line("E-mail: it@nordlys.example")
    p.line("Telefon: 45 45 13 13")
    p.heading("4. Installationsadresse")
    p.at(60, p.y, "Adresse:")
    p.at(92, p.y, "Strandvejen 100")
    p.y += 17
    p.line("Postnummer og by: 2900 Hellerup")
    p.heading("5. IP-scope")
    p.line("172.16.40.0/24")
    p.line("Tilsluttes via: ingen")
    return render([p])


def _en_overlap_and_footer() -> bytes:
    p = Page()
    p.line("Connection to the Health Data Network - information", size=13, font=BOLD, step=26)
    p.heading("A. Details of the organisation")
    p.at(60, p.y, "Legal name:")
    p.at(108, p.y, "Eastgate Care Centre")
    p.y += 17
    p.line("Company registration number: 88701933")
    p.line("Category: Municipality")
    p.heading("B. Organisation's contact person")
    p.at(60, p.y, "Name in block letters:")
    p.at(150, p.y, "ANNE VOSS")
    p.y += 17
    p.line("Email: anne.voss@eastgate.example")
    p.line("Phone: +45 50 60 70 80")
    p.heading("C. Technical contact persons")
    p.line("Name: Rolf Eng")
    p.line("Email: rolf.eng@eastgate.example")
    p.line("Phone: 88 77 66 55")
    p.heading("D. Installation")
    p.line("Address: Østergade 5")
    p.line("Postcode and town: 4000 Roskilde")
    p.heading("E. Networks to be connected")
    p.line("10.55.0.0/24")
    p.line("Connection via KMD or a system provider: none")
    footer(p, "Return to sdn@medcom.example. Ref. 2024-4411. Page 1/1")
    return render([p])


def _dk_hospital_section_words() -> bytes:
    p = Page()
    p.line("Tilmelding til SDN", size=14, font=BOLD, step=26)
    p.heading("A. Stamdata")
    p.line("Organisationens navn: Vesthavn Sygehus")
    p.line("CVR: 41668881")
    p.line("Organisationstype: Offentligt sygehus")
    p.heading("B. Ansvarlig kontaktperson i organisationen")
    p.line("Navn: Ole Rask")
    p.line("Mail: ole.rask@vesthavn.example")
    p.line("Tlf.: 76 54 32 10")
    p.heading("C. Teknisk ansvarlige")
    p.line("1) Navn: Tina Bro, mail: tina.bro@vesthavn.example, tlf. 76 54 32 11")
    p.line("2) Navn: Kim Lyng, mail: kim.lyng@vesthavn.example, tlf. 76 54 32 12")
    p.heading("D. Hvor skal forbindelsen installeres?")
    p.line("Adresse: Sygehusvej 1")
    p.line("Postnr.: 6700")
    p.line("By: Esbjerg")
    p.heading("E. IP-område til SDN")
    p.line("10.101.0.0/23")
    p.heading("F. Sker tilslutningen via KMD eller en systemleverandør?")
    p.line("Nej")
    footer(p, "Journalnummer 24/08812 - 12.01.2024")
    return render([p])


CASES: list[Case] = [
    Case("dk_lettered", _dk_lettered, {
        "organisation": "Havbakke Kommune", "cvr": "62336420", "party_type": "municipality", "connected_via": None,
        "org_contact": contact("Lise Holm", "lise.holm@havbakke.example", "+4533445566"),
        "technical_contacts": [contact("Per Dam", "per.dam@havbakke.example", "+4540506070")],
        "ip_scopes": ["10.20.30.0/24"], "installation_address": address("Rådhusvej 3", "6200", "Aabenraa")}),
    Case("en_numbered_table", _en_numbered_table, {
        "organisation": "Northwick Public Hospital", "cvr": "67302230", "party_type": "public_hospital",
        "connected_via": None,
        "org_contact": contact("Helen Marsh", "helen.marsh@northwick.example", "+4521436587"),
        "technical_contacts": [contact("Omar Said", "omar.said@northwick.example", "+4531425364")],
        "ip_scopes": ["172.20.8.0/22"], "installation_address": address("Kirkebakken 14", "5000", "Odense C")}),
    Case("dk_numbered_contacts_table", _dk_numbered_contacts_table, {
        "organisation": "Solsiden Apotek", "cvr": "94956587", "party_type": "pharmacy", "connected_via": None,
        "org_contact": contact("Mette Krog", "mk@solsiden-apotek.example", "+4586123456"),
        "technical_contacts": [contact("Jonas Vinter", "jv@it-partner.example", "+4522334455"),
                               contact("Sara Lund", "sl@it-partner.example", "+4522334466")],
        "ip_scopes": ["192.168.50.0/24"], "installation_address": address("Søndergade 12", "8000", "Aarhus C")}),
    Case("en_lettered_inline", _en_lettered_inline, {
        "organisation": "Brightlab ApS", "cvr": "12701179", "party_type": "laboratory", "connected_via": None,
        "org_contact": contact("Karen Blix", "karen@brightlab.example", "+4570809010"),
        "technical_contacts": [contact("Ulf Berg", "ulf@brightlab.example", "+4561626364")],
        "ip_scopes": ["10.77.1.0/24", "10.77.2.0/24"],
        "installation_address": address("Industrivej 7", "2600", "Glostrup")}),
    Case("dk_practice_plain", _dk_practice_plain, {
        "organisation": "Lægerne i Vestby", "cvr": "49445415", "party_type": "practitioner",
        "connected_via": "Novax A/S",
        "org_contact": contact("Hanne Friis", "hf@vestbylaeger.example", "+4597112233"),
        "technical_contacts": [contact("Mads Kirk", "mk@novax.example", "+4570203040")],
        "ip_scopes": ["10.9.9.0/26"], "installation_address": address("Torvet 2", "6800", "Varde")}),
    Case("overlap_runs_dk", _overlap_runs_dk, {
        "organisation": "Nordlys Privathospital A/S", "cvr": "67329996", "party_type": "private_hospital",
        "connected_via": None,
        "org_contact": contact("Bækgaard", "sb@nordlys.example", "+4545451212"),
        "technical_contacts": [contact("Ib Thygesen", "it@nordlys.example", "+4545451313")],
        "ip_scopes": ["172.16.40.0/24"], "installation_address": address("Strandvejen 100", "2900", "Hellerup")}),
    Case("en_overlap_and_footer", _en_overlap_and_footer, {
        "organisation": "Eastgate Care Centre", "cvr": "88701933", "party_type": "municipality",
        "connected_via": None,
        "org_contact": contact("ANNE VOSS", "anne.voss@eastgate.example", "+4550607080"),
        "technical_contacts": [contact("Rolf Eng", "rolf.eng@eastgate.example", "+4588776655")],
        "ip_scopes": ["10.55.0.0/24"], "installation_address": address("Østergade 5", "4000", "Roskilde")}),
    Case("dk_hospital_section_words", _dk_hospital_section_words, {
        "organisation": "Vesthavn Sygehus", "cvr": "41668881", "party_type": "public_hospital", "connected_via": None,
        "org_contact": contact("Ole Rask", "ole.rask@vesthavn.example", "+4576543210"),
        "technical_contacts": [contact("Tina Bro", "tina.bro@vesthavn.example", "+4576543211"),
                               contact("Kim Lyng", "kim.lyng@vesthavn.example", "+4576543212")],
        "ip_scopes": ["10.101.0.0/23"], "installation_address": address("Sygehusvej 1", "6700", "Esbjerg")}),
]


# A second set, written after the reader's rules were: unnumbered and "Part 2:" headings, technical
# contacts last with a footer under them, dates and journal numbers beside contacts, values drawn first.
def _en_unnumbered_questions() -> bytes:
    p = Page()
    p.line("Joining the Health Data Network", size=15, font=BOLD, step=28)
    p.heading("Who are you?")
    p.pair("Organisation", "Fernhill Dental Clinic ApS", value_x=200)
    p.pair("CVR", "62336420", value_x=200)
    p.pair("Type", "Dental practice", value_x=200)
    p.heading("Who should we contact in your organisation?")
    p.pair("Name", "Nina Olsen", value_x=200)
    p.pair("E-mail", "nina@fernhill.example", value_x=200)
    p.pair("Phone", "20 30 40 50", value_x=200)
    p.heading("Where will the connection be installed?")
    p.pair("Address", "Bredgade 40", value_x=200)
    p.pair("Post code and town", "7100 Vejle", value_x=200)
    p.heading("Which networks should be reachable?")
    p.pair("", "10.66.6.0/24", value_x=200)
    p.heading("Will you connect through KMD or a system provider?")
    p.line("No - we connect directly.")
    p.heading("Who can we call about the technical set-up?")
    p.pair("Name", "Tom Brink", value_x=200)
    p.pair("E-mail", "tom@brink-it.example", value_x=200)
    p.pair("Phone", "31 31 31 31", value_x=200)
    footer(p, "Send to sdn@medcom.example  |  Ref 2024-0912-7713  |  Version 01.09.2023")
    return render([p])


def _dk_del_headings() -> bytes:
    p = Page()
    p.line("Tilslutningsskema", size=15, font=BOLD, step=28)
    p.heading("Del 1: Parten")
    p.line("Navn: Midtby Kommune")
    p.line("CVR-nr.: 67302230")
    p.heading("Del 2: Kontaktperson hos parten")
    p.line("Navn: Birthe Lauridsen")
    p.line("Mail: bila@midtby.example")
    p.line("Telefon: 87 87 87 00")
    p.heading("Del 3: Placering af udstyr")
    p.line("Adresse: Vestergade 8, 9000 Aalborg")
    p.heading("Del 4: Netværk")
    p.line("10.30.0.0/22")
    p.line("Tilslutning: ikke via KMD - egen forbindelse")
    p.heading("Del 5: Teknisk kontaktperson")
    p.line("Navn: Ali Hassan")
    p.line("Mail: ali.hassan@midtby.example")
    p.line("Telefon: 87 87 87 11")
    p.line("Oprettet: 12.03.2024")
    footer(p, "MedCom · Forskerparken 10 · 5230 Odense M · tlf. 65 43 21 00 · sdn@medcom.example · J.nr. 2023-112233")
    return render([p])


def _dk_values_drawn_first() -> bytes:
    """A filled-in form flattened with its values drawn before the printed labels, partly over them."""
    p = Page()
    values = Page()
    p.line("Oplysningsskema SDN", size=15, font=BOLD, step=28)
    p.heading("A. Organisation")
    values.at(150, p.y, "Kildebo Privat Laboratorium")
    p.line("Organisationens navn:")
    values.at(125, p.y, "94956587")
    p.line("CVR-nummer:")
    values.at(104, p.y, "Privat laboratorium")
    p.line("Parttype:")
    p.heading("B. Kontaktperson i organisationen")
    values.at(88, p.y, "Jens Holm")
    p.line("Navn:")
    values.at(90, p.y, "jh@kildebo.example")
    p.line("E-mail:")
    values.at(98, p.y, "98 76 54 32")
    p.line("Telefon:")
    p.heading("C. Teknisk kontakt")
    values.at(75, p.y, "Lars Mørk")
    p.line("Navn:")
    values.at(90, p.y, "lm@kildebo.example")
    p.line("E-mail:")
    values.at(98, p.y, "98 76 54 33")
    p.line("Telefon:")
    p.heading("D. Installationsadresse")
    values.at(100, p.y, "Kildevej 2")
    p.line("Adresse:")
    values.at(108, p.y, "9000")
    p.line("Postnr.:")
    values.at(72, p.y, "Aalborg")
    p.line("By:")
    p.heading("E. IP-adresser")
    p.line("192.168.77.0/25")
    p.heading("F. Tilsluttes via KMD?")
    values.at(60, p.y, "Nej")
    p.y += 17
    values.items.extend(p.items)
    return render([values])


def _dk_more_parts_after() -> bytes:
    """Parts the form reader does not use after the technical contacts: billing, remarks, signature."""
    p = Page()
    p.line("Informationsskema til SDN", size=15, font=BOLD, step=28)
    p.heading("1. Organisation")
    p.pair("Navn", "Søby Apotek")
    p.pair("CVR-nr.", "49445415")
    p.pair("Type", "Apotek")
    p.heading("2. Kontaktperson")
    p.pair("Navn", "Eva Kjær")
    p.pair("E-mail", "ek@soebyapotek.example")
    p.pair("Telefon", "62 62 62 62")
    p.heading("3. Installationsadresse")
    p.pair("Adresse", "Havnegade 4, 5960 Marstal")
    p.heading("4. IP-adresser")
    p.pair("IP", "10.12.12.0/28")
    p.heading("5. Teknisk kontakt")
    p.pair("Navn", "Jakob Hvid")
    p.pair("E-mail", "jh@apotek-it.example")
    p.pair("Telefon", "62 62 62 63")
    p.heading("6. Fakturering")
    p.pair("Kontaktperson", "Bente Skov")
    p.pair("E-mail", "bogholderi@soebyapotek.example")
    p.heading("7. Bemærkninger")
    p.line("Vi ønsker opstart hurtigst muligt.")
    p.heading("8. Underskrift")
    p.pair("Navn", "Eva Kjær")
    p.pair("Dato", "02.05.2024")
    return render([p])


CASES2: list[Case] = [
    Case("dk_more_parts_after", _dk_more_parts_after, {
        "organisation": "Søby Apotek", "cvr": "49445415", "party_type": "pharmacy", "connected_via": None,
        "org_contact": contact("Eva Kjær", "ek@soebyapotek.example", "+4562626262"),
        "technical_contacts": [contact("Jakob Hvid", "jh@apotek-it.example", "+4562626263")],
        "ip_scopes": ["10.12.12.0/28"], "installation_address": address("Havnegade 4", "5960", "Marstal")}),
    Case("en_unnumbered_questions", _en_unnumbered_questions, {
        "organisation": "Fernhill Dental Clinic ApS", "cvr": "62336420", "party_type": "practitioner",
        "connected_via": None,
        "org_contact": contact("Nina Olsen", "nina@fernhill.example", "+4520304050"),
        "technical_contacts": [contact("Tom Brink", "tom@brink-it.example", "+4531313131")],
        "ip_scopes": ["10.66.6.0/24"], "installation_address": address("Bredgade 40", "7100", "Vejle")}),
    Case("dk_del_headings", _dk_del_headings, {
        "organisation": "Midtby Kommune", "cvr": "67302230", "party_type": None, "connected_via": None,
        "org_contact": contact("Birthe Lauridsen", "bila@midtby.example", "+4587878700"),
        "technical_contacts": [contact("Ali Hassan", "ali.hassan@midtby.example", "+4587878711")],
        "ip_scopes": ["10.30.0.0/22"], "installation_address": address("Vestergade 8", "9000", "Aalborg")}),
    Case("dk_values_drawn_first", _dk_values_drawn_first, {
        "organisation": "Kildebo Privat Laboratorium", "cvr": "94956587", "party_type": "laboratory",
        "connected_via": None,
        "org_contact": contact("Jens Holm", "jh@kildebo.example", "+4598765432"),
        "technical_contacts": [contact("Lars Mørk", "lm@kildebo.example", "+4598765433")],
        "ip_scopes": ["192.168.77.0/25"], "installation_address": address("Kildevej 2", "9000", "Aalborg")}),
]


# A third set, written and measured once before any rule was changed for it.
def _en_roman() -> bytes:
    p = Page()
    p.line("SDN - application for a connection", size=15, font=BOLD, step=28)
    p.heading("I. Applicant")
    p.pair("Applicant", "Riverside Hospital")
    p.pair("CVR number", "62336420")
    p.pair("Type of applicant", "Hospital (public)")
    p.heading("II. Person responsible at the applicant")
    p.pair("Full name", "Clara Dahl")
    p.pair("E-mail address", "clara.dahl@riverside.example")
    p.pair("Direct line", "+45 44 55 66 77")
    p.heading("III. IT support contact")
    p.pair("Full name", "Emil Storm")
    p.pair("E-mail address", "emil.storm@riverside.example")
    p.pair("Direct line", "+45 44 55 66 78")
    p.heading("IV. Equipment location")
    p.pair("Street and number", "Åvej 21")
    p.pair("Postcode", "8800")
    p.pair("Town", "Viborg")
    p.heading("V. Addressing (SDN subnets)")
    p.pair("Subnet 1", "10.88.0.0/24")
    p.pair("Subnet 2", "10.88.1.0/24")
    p.pair("Umbrella", "none")
    return render([p])


def _dk_colon_headings() -> bytes:
    p = Page()
    p.line("Oplysninger - tilslutning til SDN", size=15, font=BOLD, step=28)
    p.heading("Kunden:")
    p.line("Navn: Østerby Kommune")
    p.line("CVR: 94956587")
    p.line("Kundetype: Kommune")
    p.heading("Kontaktperson hos kunden:")
    p.line("Navn: Lone Vig")
    p.line("Mail: lovi@oesterby.example")
    p.line("Tlf.: 99 88 77 66")
    p.heading("Teknisk kontaktperson hos kunden:")
    p.line("Navn: Bjarne Tang")
    p.line("Mail: bjta@oesterby.example")
    p.line("Tlf.: 99 88 77 55")
    p.heading("Installeres på adressen:")
    p.line("Adresse: Torvegade 1, 8300 Odder")
    p.heading("IP-net til SDN:")
    p.line("10.150.10.0/24")
    p.line("Via KMD: ja")
    return render([p])


def _dk_role_column() -> bytes:
    p = Page()
    p.line("Tilslutning til Sundhedsdatanettet", size=15, font=BOLD, step=28)
    p.heading("1. Part")
    p.pair("Navn", "Klinik Nordlys ApS")
    p.pair("CVR", "67302230")
    p.pair("Partstype", "Privatklinik")
    p.heading("2. Kontaktpersoner")
    p.row([(60, "Rolle"), (170, "Navn"), (270, "E-mail"), (450, "Telefon")], font=BOLD)
    p.row([(60, "Organisatorisk"), (170, "Maja Lind"), (270, "ml@nordlys-klinik.example"), (450, "33 22 11 00")])
    p.row([(60, "Teknisk"), (170, "Aksel Bo"), (270, "ab@nordlys-klinik.example"), (450, "33 22 11 01")])
    p.heading("3. Installationsadresse")
    p.pair("Adresse", "Nørregade 3")
    p.pair("Postnr. og by", "1165 København K")
    p.heading("4. IP-adresser")
    p.pair("", "192.168.10.0/24")
    return render([p])


def _dk_two_columns() -> bytes:
    """Sections set in two columns: the party and its contact on the left, the rest on the right."""
    p = Page()
    p.at(40, 50, "Oplysningsskema - Sundhedsdatanettet", size=15, font=BOLD)
    left = [("A. Organisation", BOLD), ("Navn: Bølgeby Kommune", REGULAR), ("CVR: 88701933", REGULAR),
            ("Partstype: Kommune", REGULAR), ("", REGULAR), ("B. Kontaktperson", BOLD), ("Navn: Rikke Sand", REGULAR),
            ("Mail: risa@boelgeby.example", REGULAR), ("Telefon: 72 72 72 72", REGULAR)]
    right = [("C. Teknisk kontakt", BOLD), ("Navn: Peder Ask", REGULAR), ("Mail: peas@boelgeby.example", REGULAR),
             ("Telefon: 72 72 72 73", REGULAR), ("", REGULAR), ("D. Installationsadresse", BOLD),
             ("Adresse: Strandgade 2", REGULAR), ("Postnr. og by: 3000 Helsingør", REGULAR), ("", REGULAR),
             ("E. IP-adresser", BOLD), ("10.200.0.0/24", REGULAR)]
    for i, (t, font) in enumerate(left):
        if t:
            p.at(40, 90 + 17 * i, t, font=font)
    for i, (t, font) in enumerate(right):
        if t:
            p.at(310, 90 + 17 * i, t, font=font)
    return render([p])


CASES3: list[Case] = [
    Case("dk_two_columns", _dk_two_columns, {
        "organisation": "Bølgeby Kommune", "cvr": "88701933", "party_type": "municipality", "connected_via": None,
        "org_contact": contact("Rikke Sand", "risa@boelgeby.example", "+4572727272"),
        "technical_contacts": [contact("Peder Ask", "peas@boelgeby.example", "+4572727273")],
        "ip_scopes": ["10.200.0.0/24"], "installation_address": address("Strandgade 2", "3000", "Helsingør")}),
    Case("en_roman", _en_roman, {
        "organisation": "Riverside Hospital", "cvr": "62336420", "party_type": "public_hospital",
        "connected_via": None,
        "org_contact": contact("Clara Dahl", "clara.dahl@riverside.example", "+4544556677"),
        "technical_contacts": [contact("Emil Storm", "emil.storm@riverside.example", "+4544556678")],
        "ip_scopes": ["10.88.0.0/24", "10.88.1.0/24"], "installation_address": address("Åvej 21", "8800", "Viborg")}),
    Case("dk_colon_headings", _dk_colon_headings, {
        "organisation": "Østerby Kommune", "cvr": "94956587", "party_type": "municipality", "connected_via": "KMD",
        "org_contact": contact("Lone Vig", "lovi@oesterby.example", "+4599887766"),
        "technical_contacts": [contact("Bjarne Tang", "bjta@oesterby.example", "+4599887755")],
        "ip_scopes": ["10.150.10.0/24"], "installation_address": address("Torvegade 1", "8300", "Odder")}),
    Case("dk_role_column", _dk_role_column, {
        "organisation": "Klinik Nordlys ApS", "cvr": "67302230", "party_type": "private_hospital",
        "connected_via": None,
        "org_contact": contact("Maja Lind", "ml@nordlys-klinik.example", "+4533221100"),
        "technical_contacts": [contact("Aksel Bo", "ab@nordlys-klinik.example", "+4533221101")],
        "ip_scopes": ["192.168.10.0/24"], "installation_address": address("Nørregade 3", "1165", "København K")}),
]


# ------------------------------------------------------------------------------------------ measure
@dataclass
class Measure:
    right: int = 0
    total: int = 0
    confident_wrong: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def _flat(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields as comparable leaves: "org_contact.name", "technical_contacts[0].phone", ..."""
    out: dict[str, Any] = {}
    for k, v in fields.items():
        if k == "org_contact" or k == "installation_address":
            for sub, x in (v or {}).items():
                if not sub.startswith("_"):
                    out[f"{k}.{sub}"] = x
        elif k == "technical_contacts":
            for i, c in enumerate(v or []):
                for sub in ("name", "email", "phone"):
                    out[f"{k}[{i}].{sub}"] = c.get(sub)
        elif k == "ip_scopes":
            out[k] = sorted(v or [])
        else:
            out[k] = v
    return out


def _flagged(doc: dict[str, Any], leaf: str) -> bool:
    top = leaf.split(".")[0].split("[")[0]
    for p in doc.get("problems", []):
        if p.get("code") != "uncertain":
            continue
        named = [p.get("field")] + list(p.get("fields") or [])
        if any(n and (n == top or leaf.startswith(str(n)) or str(n).startswith(top)) for n in named):
            return True
    return False


def measure(doc: dict[str, Any], truth: dict[str, Any], m: Measure | None = None, name: str = "") -> Measure:
    m = m or Measure()
    got, want = _flat(doc.get("fields") or {}), _flat(truth)
    for leaf in sorted(set(got) | set(want)):
        g, w = got.get(leaf), want.get(leaf)
        m.total += 1
        if g == w:
            m.right += 1
        elif g in (None, [], "") or _flagged(doc, leaf):
            m.flagged.append(f"{name}:{leaf}")
        else:
            m.confident_wrong.append(f"{name}:{leaf}={g!r} (truth {w!r})")
    return m


# ----------------------------------------------------------------- headings in capitals, grids, wraps
def _dk_caps_grid() -> bytes:
    """Unnumbered headings set in capitals, "Ja | Nej" columns with a cross under one, a table whose
    e-mail cell wraps, the street's label above its value and the town under "Postdistrikt"."""
    p = Page()
    p.line("Informationsskema – tilslutning til Sundhedsdatanettet", size=14, font=BOLD, step=26)
    p.heading("DEN TILSLUTTENDE ORGANISATION")
    p.pair("Navn", "Lyngbakke Kommune")
    p.pair("CVR-nummer", "62336420")
    p.heading("TILSLUTNINGSFORM")
    p.row([(300, "Ja"), (350, "Nej")])
    p.row([(60, "Tilsluttes via KMD"), (352, "X")])
    p.row([(60, "Tilsluttes via systemleverandør"), (302, "X")])
    p.pair("Leverandørens navn:", "Journalhuset A/S")
    p.heading("PRIMÆR KONTAKT HOS ORGANISATIONEN")
    p.line("Fulde navn")
    p.line("Hanne Krogh")
    p.line("E-post")
    p.line("hakr@lyngbakke.example")
    p.heading("IT-ANSVARLIGE (DRIFT)")
    p.row([(60, "Navn"), (180, "E-post"), (330, "Mobil")])
    p.row([(60, "Ole Tang"), (180, "ole.tang@lyngbakke-"), (330, "51 52 53 54")])
    p.row([(180, "drift.example")])
    p.heading("ADRESSE HVOR UDSTYRET SKAL INSTALLERES")
    p.pair("Gade/vej", "Møllevej 12")
    p.pair("Postnr.", "8800")
    p.pair("Postdistrikt", "Viborg")
    p.heading("IP-ADRESSER DER SKAL ÅBNES FOR")
    p.pair("Netværk 1", "10.44.0.0/24")
    return render([p])


def _en_plain_columns() -> bytes:
    """Two columns whose headings are plain words ("Party" beside "Main contact"), the party's name and
    an e-mail address wrapped in their cells, the CVR field holding words only."""
    p = Page()
    p.line("Health Data Network: information for connecting a new party", size=13, font=BOLD, step=26)
    y = 100.0
    rows: list[tuple[float, str, float, str]] = [
        (60, "Party", 320, "Main contact"),
        (60, "Legal name of the organisation:", 320, "Full name:"),
        (60, "Kommune", 320, "Mail:"),
        (60, "Company reg. no. (CVR):", 320, "lise.holm@fjordvik-sundhed.example"),
        (60, "Type of organisation", 320, "Direct line:"),
        (60, "☒ Municipality", 320, "Technical contact(s)"),
        (60, "☐ Region", 320, "Full name:"),
        (60, "Connection route", 320, "Mail:"),
        (60, "Connected via KMD or a system vendor?:", 320, "fjordvik-sundhed.example"),
        (60, "", 320, "Direct line:"),
        (60, "Delivery address of the SDN equipment", 320, "Network ranges"),
        (60, "Street and number:", 320, "Network 1:"),
        (60, "Postcode and town:", 320, ""),
    ]
    values = {1: ((210, "Fjordvik"), (450, "Lise Holm")), 3: ((210, "Foreign company"), None),
              4: (None, (450, "61 62 63 64")), 6: (None, (450, "Aske Lund")),
              7: (None, (450, "aske.lund@")), 8: ((240, "No"), None), 9: (None, (450, "61 62 63 65")),
              11: ((210, "Kirkegade 3"), (450, "10.77.0.0/24")), 12: ((210, "7100 Vejle"), None)}
    for i, (lx, left, rx, right) in enumerate(rows):
        font = BOLD if left in ("Party", "Type of organisation", "Connection route",
                                "Delivery address of the SDN equipment") else REGULAR
        if left:
            p.at(lx, y, left, font=font)
        if right:
            p.at(rx, y, right, font=BOLD if right in ("Main contact", "Technical contact(s)", "Network ranges")
                 else REGULAR)
        for v in values.get(i, ()):
            if v:
                p.at(v[0], y, v[1])
        y += 15
    return render([p])


CASES4: list[Case] = [
    Case("dk_caps_grid", _dk_caps_grid, {
        "organisation": "Lyngbakke Kommune", "cvr": "62336420", "party_type": None,
        "connected_via": "Journalhuset A/S",
        "org_contact": contact("Hanne Krogh", "hakr@lyngbakke.example", None),
        "technical_contacts": [contact("Ole Tang", "ole.tang@lyngbakke-drift.example", "+4551525354")],
        "ip_scopes": ["10.44.0.0/24"], "installation_address": address("Møllevej 12", "8800", "Viborg")}),
    Case("en_plain_columns", _en_plain_columns, {
        "organisation": "Fjordvik Kommune", "cvr": None, "party_type": "municipality", "connected_via": None,
        "org_contact": contact("Lise Holm", "lise.holm@fjordvik-sundhed.example", "+4561626364"),
        "technical_contacts": [contact("Aske Lund", "aske.lund@fjordvik-sundhed.example", "+4561626365")],
        "ip_scopes": ["10.77.0.0/24"], "installation_address": address("Kirkegade 3", "7100", "Vejle")}),
]
