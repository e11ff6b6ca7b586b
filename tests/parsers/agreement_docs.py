"""Agreements written and laid out as other organisations do (reportlab platypus: tables, footers, italic
typed names, signing services' evidence pages in English and Danish), each with what a careful reader
takes from it. Fictional parties and services' wordings in our own words; domains are `.example`.

`DOCS` maps a name to (PDF bytes, truth); `confident_wrong(doc, truth)` lists what a reading got wrong
without saying it was unsure: the measure issue 22 asks to bring to 0.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_SS = getSampleStyleSheet()
BODY = _SS["BodyText"]
H1 = _SS["Heading1"]
H2 = _SS["Heading2"]
ITALIC = ParagraphStyle("typed", parent=BODY, fontName="Times-Italic", fontSize=14)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8)
GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])


# an empty signature block and a service's page listing two signers, neither named as MedCom's nor as the
# party's: which one is the party's signatory the file does not say, so a person judges (signed is
# `uncertain`, never "not signed" to the party, and no name is guessed)
SIGNERS_UNTOLD = {"signers_untold": True}


@dataclass
class Truth:
    kind: str
    organisation: str | None = None
    cvr: str | None = None
    signatory_name: str | None = None
    signature_date: str | None = None
    signed: bool = True
    wrong_template: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def build(flow: list[Any], footer: str | None = None) -> bytes:
    """A4 PDF of platypus flowables, with a footer line on every page."""
    buf = io.BytesIO()

    def on_page(c: Canvas, _doc: Any) -> None:
        if footer:
            c.setFont("Helvetica", 7)
            c.drawString(60, 30, footer)
            c.drawRightString(A4[0] - 60, 30, f"Side {c.getPageNumber()}")

    SimpleDocTemplate(buf, pagesize=A4, leftMargin=60, rightMargin=60, topMargin=60, bottomMargin=60
                      ).build(flow, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def P(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(text, style)


def table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    t = Table([[P(c) if isinstance(c, str) else c for c in r] for r in rows], colWidths=widths)
    t.setStyle(GRID)
    return t


# ------------------------------------------------------------------ the SDN templates' clauses, re-typeset

DA_DPA_CLAUSES = [
    ("§ 1. Baggrund", "Aftalen fastsætter de rettigheder og forpligtelser, der gælder, når MedCom som databehandler "
     "behandler personoplysninger på vegne af den dataansvarlige i forbindelse med SDN."),
    ("§ 2. Instruks", "Databehandleren behandler alene personoplysninger efter dokumenteret instruks fra den "
     "dataansvarlige, jf. Bilag 1."),
    ("§ 3. Sikkerhed", "Databehandleren gennemfører passende tekniske og organisatoriske foranstaltninger og "
     "bistår den dataansvarlige ved brud på persondatasikkerheden."),
    ("§ 4. Underdatabehandlere", "Databehandleren anvender SDN-leverandøren som underdatabehandler, jf. Bilag 2."),
]
EN_DPA_CLAUSES = [
    ("§ 1. Background", "This agreement sets out the rights and obligations that apply when MedCom as data "
     "processor processes personal data on behalf of the data controller in connection with SDN."),
    ("§ 2. Instructions", "The data processor processes personal data only on documented instructions from the "
     "data controller, see Annex 1."),
    ("§ 3. Security", "The data processor implements appropriate technical and organisational measures and "
     "assists the data controller in the event of a personal data breach."),
    ("§ 4. Sub-processors", "The data processor uses the SDN provider as sub-processor, see Annex 2."),
]
EN_CONN_CLAUSES = [
    ("§ 1. Purpose", "This agreement sets out the terms on which the Party is connected to and uses the Danish "
     "Health Data Network (SDN), which MedCom operates on behalf of the Danish health sector."),
    ("§ 2. Obligations of the Party", "The Party uses SDN for health-care purposes only and keeps its contact "
     "persons and IP scope up to date. The Party is responsible for its local network and for local network "
     "competence during the installation."),
    ("§ 3. Technical connection", "When the agreement is approved, MedCom sends an information form. On that "
     "basis MedCom orders the connection from the SDN provider, who agrees the installation date with the "
     "Party. The SDN provider takes part remotely only."),
    ("§ 4. Term and termination", "The agreement enters into force when signed by both parties and may be "
     "terminated in writing with six months' notice to the end of a month."),
]
DA_CONN_CLAUSES = [
    ("§ 1. Aftalens formål", "Denne aftale fastlægger vilkårene for, at Parten tilsluttes og anvender "
     "Sundhedsdatanettet (SDN), som MedCom driver og koordinerer på vegne af det danske sundhedsvæsen."),
    ("§ 2. Partens forpligtelser", "Parten anvender alene SDN til sundhedsfaglige formål og holder sine "
     "kontaktpersoner og sit IP-scope opdateret. Parten er selv ansvarlig for sit lokale netværk og for den "
     "nødvendige lokale netværkskompetence ved installationen."),
    ("§ 3. Teknisk tilslutning", "Når aftalen er godkendt, sender MedCom et informationsskema. På grundlag af "
     "skemaet bestiller MedCom tilslutningen hos SDN-leverandøren, som aftaler installationsdato med Parten."),
    ("§ 4. Ikrafttræden og opsigelse", "Aftalen træder i kraft, når den er underskrevet af begge parter, og kan "
     "opsiges skriftligt med seks måneders varsel til udgangen af en måned."),
]


def clauses(items: list[tuple[str, str]], numbered: bool = False) -> list[Any]:
    out: list[Any] = []
    for n, (head, body) in enumerate(items, 1):
        if numbered:  # "2. Obligations of the Party" instead of "§ 2. ..."
            head = f"{n}. " + head.split(". ", 1)[1]
        out += [P(head, H2), P(body)]
    return out


# ------------------------------------------------------------------ signing services' evidence pages (own words)

def docusign_like(signer: str, mail: str, utc: str, other: str = "Mads Holm") -> list[Any]:
    """A certificate of completion: envelope id, a summary, a signer table with UTC times."""
    return [P("Certificate of Completion", H1),
            P("Envelope Id: 4C1D2E3F-0A1B-4C5D-9E8F-7A6B5C4D3E2F"),
            P("Status: Completed. All parties listed below have signed electronically."),
            Spacer(1, 8),
            table([["Signer", "E-mail", "Signed (UTC)", "Authentication"],
                   [signer, mail, utc, "MitID"],
                   [other + ", MedCom", "mh@medcom.example", "2026-11-20 08:02:11 UTC", "MitID"]],
                  [110, 140, 130, 80])]


def adobe_like(signer: str, mail: str, when: str) -> list[Any]:
    """An Adobe Acrobat Sign style audit report: events, each with a date and time."""
    return [P("Audit report", H1),
            P("Created: 2026-11-17    By: SDN sekretariat (sdn@medcom.example)    Status: Signed"),
            P("Transaction ID: CBJCHBCAABAA7xYzQwErTy"),
            Spacer(1, 8),
            P('"Databehandleraftale" history', H2),
            P("Document created by SDN sekretariat (sdn@medcom.example)<br/>2026-11-17 - 13:02:44 GMT"),
            P(f"Document emailed to {signer} ({mail}) for signature<br/>2026-11-17 - 13:03:10 GMT"),
            P(f"Email viewed by {signer} ({mail})<br/>2026-11-18 - 07:55:01 GMT"),
            P(f"Document e-signed by {signer} ({mail})<br/>Signature Date: {when} - Time Source: server"),
            P("Agreement completed.<br/>2026-11-18 - 08:01:00 GMT")]


def penneo_en(signer: str, title: str, org: str, utc: str) -> list[Any]:
    return [P("The signatures in this document are legally binding. The document is signed using Penneo "
              "secure digital signature. The identity of the signers has been recorded, and is listed below."),
            P('"By my signature I confirm all dates and content in this document."'),
            Spacer(1, 8),
            table([[P(f"<b>{signer}</b><br/>{title}<br/>On behalf of: {org}<br/>Serial number: "
                      f"PID:9208-2002-2-771133<br/>IP: 192.0.2.10<br/>{utc}"),
                    P("<b>Mads Holm</b><br/>MedCom<br/>Serial number: PID:9208-2002-2-112233<br/>IP: 192.0.2.11"
                      "<br/>2026-11-21 10:00:01 UTC")]], [220, 220]),
            P("Penneo document key: QWERT-ASDFG-ZXCVB-12345-67890", SMALL)]


def addo_da(signer: str, mail: str, local: str) -> list[Any]:
    return [P("Underskrevet med Visma Addo", H1),
            P("Dokumentet er underskrevet elektronisk af nedenstående underskrivere."),
            table([["Underskriver", "E-mail", "Tidspunkt", "Metode"],
                   [signer, mail, local, "MitID"],
                   ["Mads Holm (MedCom)", "mh@medcom.example", "21-11-2026 10:00:01", "MitID"]],
                  [110, 150, 110, 70]),
            P("Transaktions-ID: 7d1a-44c2-9e0f", SMALL)]


def scrive_en(signer: str, org: str, when: str) -> list[Any]:
    return [P("Verification", H1), P("Transaction 09222115557463301122"),
            P("Document: Connection Agreement"), P("Signing parties", H2),
            P(f"{signer}<br/>{org}<br/>Signed {when}"),
            P("Mads Holm<br/>MedCom<br/>Signed 2026-11-21 10:00:01 CET"),
            P("Events", H2), P(f"{signer} authenticated with MitID and signed the document, {when}")]


def verified_da(signer: str, utc: str) -> list[Any]:
    return [P("Underskrivere", H1),
            P("Dette dokument er underskrevet digitalt via Verified. Underskrifterne er bekræftet med MitID."),
            table([["Navn", "Metode", "Tidspunkt (UTC)"],
                   [signer, "MitID", utc],
                   ["Mads Holm", "MitID", "2026-11-21T09:00:01Z"]], [150, 100, 160]),
            P("Dokument-ID: 5f0c9b1e-2222-4e3a-a1b2-c3d4e5f60718", SMALL)]


def criipto_en(signer: str, utc: str) -> list[Any]:
    return [P("Signature evidence", H1),
            P("This document was signed with Criipto Signatures. Each signer was identified with MitID."),
            P(f"Signer: {signer}<br/>Identity: MitID (Denmark)<br/>Signed at: {utc}"),
            P("Signer: Mads Holm<br/>Identity: MitID (Denmark)<br/>Signed at: 2026-11-21 09:00:01 UTC")]


# ------------------------------------------------------------------ the documents

def _party_table_en(org: str, cvr: str, left: str = "The Party", right: str = "MedCom",
                    extra: list[list[str]] | None = None) -> Table:
    rows = [[left, right], [f"Name: {org}", "Name: MedCom"], [f"CVR no.: {cvr}", "CVR no.: 26919991"],
            ["Address: Havnevej 4, 7000 Fredericia", "Address: Forskerparken 10, 5230 Odense M"]]
    return table(rows + (extra or []), [220, 220])


def sig_table(date: str, name: str, title: str, signature: Any = "", lang: str = "en") -> Table:
    lab = ("Date", "Signature", "Name", "Title") if lang == "en" else ("Dato", "Underskrift", "Navn", "Titel")
    head = ["For the Party", "For MedCom"] if lang == "en" else ["For Parten", "For MedCom"]
    return table([head, [f"{lab[0]}: {date}", f"{lab[0]}:"], [P(f"{lab[1]}:"), P(f"{lab[1]}:")],
                  [signature, ""], [f"{lab[2]}: {name}", f"{lab[2]}:"], [f"{lab[3]}: {title}", f"{lab[3]}:"]],
                 [220, 220])


FOOTER_DA = "Skabelon godkendt af MedComs styregruppe 12.03.2024 · version 3.1"
FOOTER_EN = "Template approved by MedCom's steering group on 12 March 2024 · version 3.1"


def conn_en_tables_italic() -> tuple[bytes, Truth]:
    """Party block and signature block as tables; the typed name in italics in its own cell."""
    flow = [P("Connection Agreement", H1), P("Danish Health Data Network (SDN)"), Spacer(1, 6),
            P("This agreement is made between the following parties:"), _party_table_en("Lindholm Care ApS",
                                                                                        "29189919")]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2),
                                        sig_table("14 November 2026", "Anna Lindholm", "CEO",
                                                   P("Anna Lindholm", ITALIC))]
    return build(flow, FOOTER_EN), Truth("connection_agreement", "Lindholm Care ApS", "29189919", "Anna Lindholm",
                                         "2026-11-14")


def dpa_en_foreign_columns() -> tuple[bytes, Truth]:
    """A controller | processor table with a foreign registration number beside the Danish CVR."""
    party = table([["Data controller", "Data processor"],
                   ["Nordvik Helse AS", "MedCom"],
                   ["Org. no. (Norway): 998 877 665", "CVR: 26919991"],
                   ["Danish CVR: 29189919", "Forskerparken 10"],
                   ["Storgata 1, 0155 Oslo", "5230 Odense M"]], [220, 220])
    flow = [P("Data Processor Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("This agreement is made between the following parties:"), party]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2),
                                       sig_table("2026-11-16", "Ingrid Berg", "Managing Director",
                                                  P("Ingrid Berg", ITALIC))]
    return build(flow, FOOTER_EN), Truth("data_processor_agreement", "Nordvik Helse AS", "29189919", "Ingrid Berg",
                                         "2026-11-16")


def dpa_en_numbered_headings_docusign() -> tuple[bytes, Truth]:
    """Clause headings numbered "2. Obligations of the data controller" right under the party block; the
    block is unsigned on paper and a DocuSign-like certificate of completion says who signed, in UTC."""
    flow = [P("Data Processor Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("1. Parties", H2), P("Data controller"), P("Name: Kildeby Lægehus I/S"), P("CVR: 35 41 71 68"),
            P("Data processor"), P("Name: MedCom"), P("CVR: 26919991"),
            P("2. Obligations of the data controller", H2),
            P("The data controller is responsible for the lawfulness of the processing of personal data in SDN."),
            P("3. Instructions", H2), P(EN_DPA_CLAUSES[1][1]), P("4. Security", H2), P(EN_DPA_CLAUSES[2][1]),
            P("5. Signatures", H2),
            table([["For the data controller", "For the data processor"], ["Date:", "Date:"], ["Name:", "Name:"],
                   ["Signature:", "Signature:"]], [220, 220]),
            PageBreak()] + docusign_like("Sofie Kildeby", "sk@kildeby.example", "2026-11-18 23:40:05 UTC")
    return build(flow), Truth("data_processor_agreement", "Kildeby Lægehus I/S", "35417168", "Sofie Kildeby",
                              "2026-11-19")


def dpa_da_cvr_first_adobe() -> tuple[bytes, Truth]:
    """A party block written CVR first, name below; an Adobe Acrobat Sign style audit report."""
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Mellem nedenstående parter er indgået følgende aftale:"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"],
                   ["CVR-nr.: 29189919", "CVR-nr.: 26919991"],
                   ["Organisation: Vesterå Kommune", "Organisation: MedCom"],
                   ["Adresse: Torvet 1, 6000 Kolding", "Adresse: Forskerparken 10, 5230 Odense M"]], [220, 220])]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2),
                                       sig_table("", "", "", lang="da"), PageBreak()]
    flow += adobe_like("Jens Vesterå", "jv@vestera.example", "2026-11-18 - 08:00:12 AM GMT")
    return build(flow, FOOTER_DA), Truth("data_processor_agreement", "Vesterå Kommune", "29189919", "Jens Vesterå",
                                         "2026-11-18")


def conn_da_penneo_en() -> tuple[bytes, Truth]:
    flow = [P("Tilslutningsaftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Mellem nedenstående parter er indgået følgende aftale:"),
            table([["Parten", "MedCom"], ["Organisation: Solbakken Apotek", "Organisation: MedCom"],
                   ["CVR-nr.: 35417168", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_CONN_CLAUSES) + [P("Underskrifter", H2), sig_table("", "", "", lang="da"), PageBreak()]
    flow += penneo_en("Lone Sol", "Apoteker", "Solbakken Apotek", "2026-11-19 22:15:40 UTC")
    return build(flow, FOOTER_DA), Truth("connection_agreement", "Solbakken Apotek", "35417168", "Lone Sol",
                                         "2026-11-19")


def sub_da_addo() -> tuple[bytes, Truth]:
    flow = [P("Underdatabehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Mellem nedenstående parter er indgået følgende aftale:"),
            table([["Underdatabehandleren", "Databehandleren (MedCom)"],
                   ["Virksomhedens navn: Netgrid Systems A/S", "Virksomhedens navn: MedCom"],
                   ["CVR-nummer: 29189919", "CVR-nummer: 26919991"]], [220, 220]),
            P("§ 1. Baggrund", H2), P("Underdatabehandleren behandler personoplysninger på vegne af "
                                      "databehandleren i forbindelse med drift af SDN."),
            P("§ 2. Instruks", H2), P("Underdatabehandleren handler alene efter databehandlerens instruks."),
            P("Underskrifter", H2), sig_table("", "", "", lang="da"), PageBreak()]
    flow += addo_da("Peter Grid", "pg@netgrid.example", "20-11-2026 14:22:09")
    return build(flow, FOOTER_DA), Truth("sub_data_processor_agreement", "Netgrid Systems A/S", "29189919",
                                         "Peter Grid", "2026-11-20")


def conn_en_scrive() -> tuple[bytes, Truth]:
    flow = [P("Connection Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("This agreement is made between the following parties:"), _party_table_en("Østerby Klinik ApS",
                                                                                        "35417168")]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), sig_table("", "", ""), PageBreak()]
    flow += scrive_en("Mette Øster", "Østerby Klinik ApS", "2026-11-17 09:30:12 CET")
    return build(flow, FOOTER_EN), Truth("connection_agreement", "Østerby Klinik ApS", "35417168", "Mette Øster",
                                         "2026-11-17")


def dpa_da_verified() -> tuple[bytes, Truth]:
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Mellem nedenstående parter er indgået følgende aftale:"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"],
                   ["Organisation: Bakkely Tandklinik", "Organisation: MedCom"],
                   ["CVR-nr.: 35417168", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), sig_table("", "", "", lang="da"), PageBreak()]
    flow += verified_da("Hanne Bakke", "2026-11-18T23:05:00Z")
    return build(flow, FOOTER_DA), Truth("data_processor_agreement", "Bakkely Tandklinik", "35417168",
                                         "Hanne Bakke", "2026-11-19", extra=SIGNERS_UNTOLD)


def dpa_en_criipto() -> tuple[bytes, Truth]:
    flow = [P("Data Processor Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("This agreement is made between the following parties:"),
            _party_table_en("Fjeldsted Lab ApS", "29189919", "The Data Controller", "The Data Processor (MedCom)")]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2), sig_table("", "", ""), PageBreak()]
    flow += criipto_en("Ole Fjeldsted", "2026-11-18 10:11:12 UTC")
    return build(flow, FOOTER_EN), Truth("data_processor_agreement", "Fjeldsted Lab ApS", "29189919",
                                         "Ole Fjeldsted", "2026-11-18", extra=SIGNERS_UNTOLD)


def conn_da_typed_above_line() -> tuple[bytes, Truth]:
    """A typed signature above the signature line, the labels under it, sequential blocks."""
    flow = [P("Tilslutningsaftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Parten"), P("Organisation: Mølleå Lægepraksis"), P("CVR-nr.: 29189919"),
            P("MedCom"), P("CVR-nr.: 26919991")]
    flow += clauses(DA_CONN_CLAUSES) + [
        P("Underskrifter", H2), P("For Parten"), P("Mølleå, den 12. november 2026"), Spacer(1, 10),
        P("Karin Mølle", ITALIC), P("______________________________"), P("Underskrift"),
        P("Navn: Karin Mølle"), P("Titel: Praktiserende læge"), Spacer(1, 14),
        P("For MedCom"), P("Dato:"), P("______________________________"), P("Underskrift"), P("Navn:")]
    return build(flow, FOOTER_DA), Truth("connection_agreement", "Mølleå Lægepraksis", "29189919", "Karin Mølle",
                                         "2026-11-12")


def conn_da_footer_date_unsigned() -> tuple[bytes, Truth]:
    """Filled in but neither dated nor signed: the footer's approval date is not a signing date."""
    flow = [P("Tilslutningsaftale", H1), P("Sundhedsdatanettet (SDN)"),
            table([["Parten", "MedCom"], ["Organisation: Rosendal Kommune", "Organisation: MedCom"],
                   ["CVR-nr.: 29189919", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_CONN_CLAUSES) + [P("Underskrifter", H2),
                                        sig_table("", "Bo Rosendal", "Direktør", lang="da")]
    return build(flow, FOOTER_DA), Truth("connection_agreement", "Rosendal Kommune", "29189919", "Bo Rosendal",
                                         None, signed=False)


def dpa_en_party_medcom_cvr_rows() -> tuple[bytes, Truth]:
    """Row labels in the first column, party and MedCom in the next two (a three-column table)."""
    party = table([["", "Data controller", "Data processor"],
                   ["Name", "Grønhøj Hospice", "MedCom"],
                   ["CVR", "35417168", "26919991"],
                   ["Address", "Skovvej 9, 8600 Silkeborg", "Forskerparken 10, 5230 Odense M"]], [90, 175, 175])
    flow = [P("Data Processor Agreement", H1), P("Danish Health Data Network (SDN)"), party]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2),
                                       sig_table("15 November 2026", "Per Grønhøj", "Director",
                                                  P("Per Grønhøj", ITALIC))]
    return build(flow, FOOTER_EN), Truth("data_processor_agreement", "Grønhøj Hospice", "35417168", "Per Grønhøj",
                                         "2026-11-15")


# ---- own templates: a party's data processor agreement, written on its own template, that names SDN

OWN_DA = [
    ("1. Præambel", "Disse bestemmelser fastsætter databehandlerens rettigheder og forpligtelser, når denne "
     "foretager behandling af personoplysninger på vegne af den dataansvarlige, herunder i forbindelse med SDN."),
    ("2. Den dataansvarliges rettigheder og forpligtelser", "Den dataansvarlige er ansvarlig for at sikre, at "
     "behandlingen af personoplysninger sker i overensstemmelse med databeskyttelsesforordningen."),
    ("3. Databehandleren handler efter instruks", "Databehandleren må kun behandle personoplysninger efter "
     "dokumenteret instruks fra den dataansvarlige, medmindre det kræves i henhold til EU-retten."),
    ("4. Fortrolighed", "Databehandleren sikrer, at kun de personer, der aktuelt er autoriseret hertil, har "
     "adgang til personoplysningerne."),
    ("5. Behandlingssikkerhed", "Under hensyntagen til det aktuelle tekniske niveau gennemfører "
     "databehandleren passende foranstaltninger."),
    ("6. Anvendelse af underdatabehandlere", "Databehandleren må ikke gøre brug af en underdatabehandler uden "
     "forudgående generel skriftlig godkendelse fra den dataansvarlige."),
    ("7. Overførsel til tredjelande", "Enhver overførsel til tredjelande sker alene på grundlag af "
     "dokumenteret instruks."),
    ("8. Sletning og tilbagelevering", "Ved ophør af tjenesterne sletter databehandleren alle "
     "personoplysninger."),
]
OWN_EN = [
    ("Clause 1 Purpose and scope", "These clauses ensure compliance with Article 28 of the GDPR when the "
     "processor processes personal data for the controller, including traffic on the Health Data Network (SDN)."),
    ("Clause 2 Invariability of the clauses", "The parties undertake not to modify the clauses, except for "
     "adding information to the annexes."),
    ("Clause 3 Interpretation", "Where these clauses use terms defined in the regulation, those terms have the "
     "same meaning as in that regulation."),
    ("Clause 4 Hierarchy", "In the event of a contradiction between these clauses and other agreements, these "
     "clauses prevail."),
    ("Clause 5 Docking clause", "Any entity that is not a party may accede to these clauses at any time."),
    ("Clause 6 Description of processing", "The details of the processing operations are specified in Annex "
     "II."),
    ("Clause 7 Obligations of the parties", "The processor shall process personal data only on documented "
     "instructions from the controller."),
    ("Clause 8 Assistance to the controller", "The processor shall promptly notify the controller of any "
     "request it has received from the data subject."),
]


def own_dpa_da() -> tuple[bytes, Truth]:
    flow = [P("Databehandleraftale", H1), P("mellem Hedeby Kommune (dataansvarlig) og MedCom (databehandler) "
                                             "om behandling af personoplysninger i Sundhedsdatanettet (SDN)"),
            table([["Den dataansvarlige", "Databehandleren"], ["Hedeby Kommune", "MedCom"],
                   ["CVR 29189919", "CVR 26919991"]], [220, 220])]
    flow += clauses(OWN_DA) + [P("Underskrifter", H2),
                               sig_table("10.11.2026", "Ane Hede", "Kommunaldirektør", P("Ane Hede", ITALIC),
                                          lang="da")]
    return build(flow, "Hedeby Kommune · Standard databehandleraftale v7"), Truth(
        "data_processor_agreement", "Hedeby Kommune", "29189919", "Ane Hede", "2026-11-10", wrong_template=True)


def own_dpa_en() -> tuple[bytes, Truth]:
    flow = [P("Data Processing Agreement", H1),
            P("Standard contractual clauses between Bayside Medical Ltd (controller) and MedCom (processor) for "
              "the Danish Health Data Network (SDN)"),
            _party_table_en("Bayside Medical Ltd", "35417168", "Controller", "Processor")]
    flow += clauses(OWN_EN) + [P("Signatures", H2),
                               sig_table("2026-11-09", "Tom Bay", "Data Protection Officer", P("Tom Bay", ITALIC))]
    return build(flow, "Bayside Medical Ltd · DPA template 2025"), Truth(
        "data_processor_agreement", "Bayside Medical Ltd", "35417168", "Tom Bay", "2026-11-09", wrong_template=True)


def sdn_dpa_retyped_numbered() -> tuple[bytes, Truth]:
    """The SDN template's clauses re-typeset by the party with numbers instead of §: still the template."""
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN) – skabelon godkendt af MedComs styregruppe"),
            P("Mellem nedenstående parter er indgået følgende aftale:"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"], ["Organisation: Lyngå Kommune",
                                                                        "Organisation: MedCom"],
                   ["CVR-nr.: 29189919", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_DPA_CLAUSES, numbered=True) + [
        P("Underskrifter", H2), sig_table("03-11-2026", "Eva Lyng", "Direktør", P("Eva Lyng", ITALIC), lang="da")]
    return build(flow), Truth("data_processor_agreement", "Lyngå Kommune", "29189919", "Eva Lyng", "2026-11-03")


DOCS: dict[str, Callable[[], tuple[bytes, Truth]]] = {
    f.__name__: f for f in (
        conn_en_tables_italic, dpa_en_foreign_columns, dpa_en_numbered_headings_docusign, dpa_da_cvr_first_adobe,
        conn_da_penneo_en, sub_da_addo, conn_en_scrive, dpa_da_verified, dpa_en_criipto, conn_da_typed_above_line,
        conn_da_footer_date_unsigned, dpa_en_party_medcom_cvr_rows, own_dpa_da, own_dpa_en, sdn_dpa_retyped_numbered)
}

FIELDS = ("organisation", "cvr", "signatory_name", "signature_date", "signed")


def uncertain_fields(doc: dict[str, Any]) -> set[str | None]:
    return {p.get("field") for p in doc["problems"] if p["code"] == "uncertain"}


def confident_wrong(doc: dict[str, Any], truth: Truth) -> list[str]:
    """The fields read wrong with no `uncertain` naming them (a document-wide `uncertain` covers all)."""
    unsure = uncertain_fields(doc)
    codes = {p["code"] for p in doc["problems"]}
    out: list[str] = []
    if doc["kind"] != truth.kind:
        out.append(f"kind={doc['kind']}")
    if truth.wrong_template:
        if "wrong_template" not in codes and None not in unsure and "template" not in unsure:
            out.append("accepted own template")
        return out
    if "wrong_template" in codes:
        out.append("wrong_template on the SDN template")
    if None in unsure:
        return out
    for key in FIELDS:
        got = doc["fields"].get(key)
        want = getattr(truth, key)
        if key == "signed" and want is True and got is False:
            if "not_signed" in codes and "signed" not in unsure:
                out.append("signed=False")
            continue
        if got is not None and got != want and key not in unsure:
            out.append(f"{key}={got!r}")
    return out


# ------------------------------------------------------------------ a second batch, written after the first was read

def conn_da_tall_name_cell() -> tuple[bytes, Truth]:
    """Label column and value column with the name wrapped over two lines, vertically centred."""
    t = Table([[P("Organisation"), P("Lægehuset Hvidsten I/S<br/>(ydernummer 041277)")],
               [P("CVR-nr."), P("29189919")], [P("Adresse"), P("Bygaden 2, 8983 Gjerlev J")]], colWidths=[120, 300])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    flow = [P("Tilslutningsaftale", H1), P("Sundhedsdatanettet (SDN)"), P("Parten", H2), t,
            P("MedCom", H2), P("CVR-nr. 26919991")]
    flow += clauses(DA_CONN_CLAUSES) + [P("Underskrifter", H2),
                                        sig_table("11.11.2026", "Lars Hvid", "Praktiserende læge",
                                                   P("Lars Hvid", ITALIC), lang="da")]
    return build(flow, FOOTER_DA), Truth("connection_agreement", "Lægehuset Hvidsten I/S", "29189919", "Lars Hvid",
                                         "2026-11-11")


def dpa_en_heading_after_empty_name() -> tuple[bytes, Truth]:
    flow = [P("Data Processor Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("This agreement is made between Kløverhøj Lægehus (CVR 29189919) as data controller and MedCom "
              "(CVR 26919991) as data processor."),
            P("Name of the data controller:"),
            P("2. Obligations of the data controller", H2),
            P("The data controller is responsible for the lawfulness of the processing of personal data in SDN."),
            P("3. Instructions", H2), P(EN_DPA_CLAUSES[1][1]), P("4. Security", H2), P(EN_DPA_CLAUSES[2][1]),
            P("5. Sub-processors", H2), P(EN_DPA_CLAUSES[3][1]),
            P("Signatures", H2), sig_table("", "", ""), PageBreak(),
            P("Verifikat", H1), P("Transaktion 09222115557469990001"), P("Underskrivere", H2),
            P("Klara Kløver (KK)<br/>Kløverhøj Lægehus<br/>klara@kloeverhoej.example<br/>Signeret 2026-11-18 "
              "21:14:02 UTC"),
            P("Mads Holm (MH)<br/>MedCom<br/>Signeret 2026-11-19 08:00:00 UTC")]
    return build(flow), Truth("data_processor_agreement", "Kløverhøj Lægehus", "29189919", "Klara Kløver",
                              "2026-11-18")


def dpa_da_docusign_danish() -> tuple[bytes, Truth]:
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Mellem nedenstående parter er indgået følgende aftale:"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"], ["Organisation: Skovlund Kommune",
                                                                        "Organisation: MedCom"],
                   ["CVR-nr.: 41234563", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), sig_table("", "", "", lang="da"), PageBreak(),
                                       P("Fuldførelsescertifikat", H1),
                                       P("Konvolut-id: 0B3C5D7E-1111-2222-3333-444455556666"),
                                       P("Status: Fuldført"), P("Underskriverhændelser", H2),
                                       table([["Underskriver", "Tidsstempel"],
                                              [P("Sune Skov<br/>sune@skovlund.example<br/>Kommunaldirektør"),
                                               P("Sendt: 17-11-2026 09:00:00 (UTC)<br/>Underskrevet: 18-11-2026 "
                                                 "23:10:00 (UTC)")],
                                              [P("Mads Holm<br/>MedCom"), P("Underskrevet: 20-11-2026 10:00:00 "
                                                                            "(UTC)")]], [220, 220])]
    return build(flow, FOOTER_DA), Truth("data_processor_agreement", "Skovlund Kommune", "41234563", "Sune Skov",
                                         "2026-11-19")


def conn_en_adobe_pm() -> tuple[bytes, Truth]:
    flow = [P("Connection Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("This agreement is made between the following parties:"), _party_table_en("Holtegaard Pharmacy",
                                                                                        "41234571")]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), sig_table("", "", ""), PageBreak()]
    flow += adobe_like("Signe Holt", "sh@holtegaard.example", "2026-11-18 - 11:50:00 PM GMT")
    return build(flow, FOOTER_EN), Truth("connection_agreement", "Holtegaard Pharmacy", "41234571", "Signe Holt",
                                         "2026-11-19")


def sub_en_three_columns_slash_s() -> tuple[bytes, Truth]:
    party = table([["", "Data Processor", "Sub-processor (MedCom)"],
                   ["Company", "Lundgren Journal AB", "MedCom"],
                   ["Registration no.", "SE 556677-8899", "—"],
                   ["Danish CVR", "41234598", "26919991"]], [100, 170, 170])
    flow = [P("Sub-data Processor Agreement", H1), P("Danish Health Data Network (SDN)"), party,
            P("§ 1. Background", H2), P("The data processor uses MedCom as sub-processor for the transport over SDN."),
            P("§ 2. Instructions", H2), P("The sub-processor processes personal data only on instructions."),
            P("Signatures", H2),
            table([["", "Data Processor", "MedCom"], ["Date", "2026-11-13", ""], ["Signature", "/s/ Erik Lundgren", ""],
                   ["Name", "Erik Lundgren", ""], ["Title", "CTO", ""]], [100, 170, 170])]
    return build(flow, FOOTER_EN), Truth("sub_data_processor_agreement", "Lundgren Journal AB", "41234598",
                                         "Erik Lundgren", "2026-11-13")


def conn_da_penneo_medcom_left() -> tuple[bytes, Truth]:
    flow = [P("Tilslutningsaftale", H1), P("Sundhedsdatanettet (SDN)"),
            table([["MedCom", "Parten"], ["Organisation: MedCom", "Organisation: Egebjerg Kommune"],
                   ["CVR-nr.: 26919991", "CVR-nr.: 41234563"]], [220, 220])]
    flow += clauses(DA_CONN_CLAUSES) + [P("Underskrifter", H2), sig_table("", "", "", lang="da"), PageBreak(),
                                        P("Underskrifterne i dette dokument er juridisk bindende. Dokumentet er "
                                          "underskrevet via Penneo sikker digital underskrift."),
                                        table([[P("<b>Mads Holm</b><br/>MedCom<br/>Serienummer: PID:9208-1<br/>"
                                                  "2026-11-10 08:00:00 UTC"),
                                                P("<b>Eva Egebjerg</b><br/>Kommunaldirektør<br/>På vegne af: Egebjerg "
                                                  "Kommune<br/>Serienummer: PID:9208-2<br/>2026-11-12 13:30:00 UTC")]],
                                              [220, 220]),
                                        P("Penneo dokumentnøgle: AAAAA-BBBBB-CCCCC", SMALL)]
    return build(flow, FOOTER_DA), Truth("connection_agreement", "Egebjerg Kommune", "41234563", "Eva Egebjerg",
                                         "2026-11-12")


def own_dpa_en_sections() -> tuple[bytes, Truth]:
    own = [("Section 1 Definitions", "Terms have the meaning given in the GDPR."),
           ("Section 2 Subject matter", "The processor provides hosting of the patient portal; traffic may pass "
            "the Danish Health Data Network (SDN)."),
           ("Section 3 Duration", "This agreement runs for the term of the main contract."),
           ("Section 4 Rights of the controller", "The controller may audit the processor once a year."),
           ("Section 5 Obligations of the processor", "The processor keeps records of processing."),
           ("Section 6 Liability", "Liability is limited to the fees paid in the last twelve months."),
           ("Section 7 Governing law", "Danish law applies.")]
    flow = [P("Data Processing Agreement", H1),
            table([["Controller", "Processor"], ["Name: Birkelund Clinic ApS", "Name: MedCom"],
                   ["CVR: 41234571", "CVR: 26919991"]], [220, 220])]
    flow += clauses(own) + [P("Signatures", H2), sig_table("2026-11-02", "Bo Birk", "CEO", P("Bo Birk", ITALIC))]
    return build(flow), Truth("data_processor_agreement", "Birkelund Clinic ApS", "41234571", "Bo Birk",
                              "2026-11-02", wrong_template=True)


def conn_da_all_empty() -> tuple[bytes, Truth]:
    flow = [P("Tilslutningsaftale", H1), P("Sundhedsdatanettet (SDN)"),
            table([["Parten", "MedCom"], ["Organisation: Tårnby Lægehus", "Organisation: MedCom"],
                   ["CVR-nr.: 41234598", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_CONN_CLAUSES) + [P("Underskrifter", H2), sig_table("", "", "", lang="da")]
    return build(flow, FOOTER_DA), Truth("connection_agreement", "Tårnby Lægehus", "41234598", None, None,
                                         signed=False)


def dpa_en_verified_english() -> tuple[bytes, Truth]:
    flow = [P("Data Processor Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("This agreement is made between the following parties:"),
            _party_table_en("Ravnsborg Dental ApS", "41234563", "The Data Controller", "The Data Processor (MedCom)")]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2), sig_table("", "", ""), PageBreak(),
                                       P("Signed by the following parties", H1),
                                       P("This document has been signed electronically with Verified."),
                                       P("Rikke Ravn<br/>Signed with MitID at 2026-11-18 23:59 UTC"),
                                       P("Mads Holm<br/>Signed with MitID at 2026-11-20 09:00 UTC"),
                                       P("Document ID: 3c1e-9a77", SMALL)]
    return build(flow, FOOTER_EN), Truth("data_processor_agreement", "Ravnsborg Dental ApS", "41234563", "Rikke Ravn",
                                         "2026-11-19", extra=SIGNERS_UNTOLD)


DOCS2: dict[str, Callable[[], tuple[bytes, Truth]]] = {
    f.__name__: f for f in (
        conn_da_tall_name_cell, dpa_en_heading_after_empty_name, dpa_da_docusign_danish, conn_en_adobe_pm,
        sub_en_three_columns_slash_s, conn_da_penneo_medcom_left, own_dpa_en_sections, conn_da_all_empty,
        dpa_en_verified_english)
}


# ------------------------------------------------------------------ each service's evidence page, the other language

def _addo_en() -> list[Any]:
    return [P("Signed with Visma Addo", H1), P("The document has been signed electronically by the signers below."),
            table([["Signer", "E-mail", "Time (UTC)", "Method"],
                   ["Karen Lund", "kl@kystby.example", "2026-11-18 23:12:00 UTC", "MitID"],
                   ["Mads Holm (MedCom)", "mh@medcom.example", "2026-11-20 10:00:00 UTC", "MitID"]],
                  [100, 130, 130, 60]), P("Transaction ID: 88aa-11bb", SMALL)]


def _criipto_da() -> list[Any]:
    return [P("Signeringsbevis", H1), P("Dokumentet er underskrevet med Criipto Signatures. Underskriverne er "
                                        "identificeret med MitID."),
            P("Underskriver: Karen Lund<br/>Identitet: MitID<br/>Underskrevet: 2026-11-18 23:12:00 UTC"),
            P("Underskriver: Mads Holm<br/>Identitet: MitID<br/>Underskrevet: 2026-11-20 10:00:00 UTC")]


def _adobe_da() -> list[Any]:
    return [P("Revisionsrapport", H1), P("Oprettet: 2026-11-17   Status: Underskrevet"),
            P("Transaktions-id: CBJCHBCAABAA0000"),
            P("Dokument oprettet af SDN sekretariat (sdn@medcom.example)<br/>2026-11-17 - 13:02:44 GMT"),
            P("Dokument sendt til Karen Lund (kl@kystby.example) til underskrift<br/>2026-11-17 - 13:03:10 GMT"),
            P("Dokumentet er e-signeret af Karen Lund (kl@kystby.example)<br/>Underskriftsdato: 2026-11-18 - "
              "23:12:00 GMT - Tidskilde: server"),
            P("Aftalen er fuldført.<br/>2026-11-18 - 23:13:00 GMT")]


def _penneo_da_list() -> list[Any]:
    return [P("Underskrifterne i dette dokument er juridisk bindende. Dokumentet er underskrevet via Penneo sikker "
              "digital underskrift. Underskrivernes identiteter er blevet registreret, og informationerne er listet "
              "herunder."),
            P("<b>Karen Lund</b><br/>Direktør<br/>På vegne af: Kystby Kommune<br/>Serienummer: PID:9208-3<br/>"
              "IP: 192.0.2.5<br/>2026-11-18 23:12:00 UTC"),
            P("<b>Mads Holm</b><br/>MedCom<br/>Serienummer: PID:9208-4<br/>2026-11-20 10:00:00 UTC")]


def _docusign_en_rows() -> list[Any]:
    return [P("Certificate Of Completion", H1), P("Envelope Id: 11112222333344445555666677778888"),
            P("Signer Events", H2),
            table([["Signer Events", "Signature", "Timestamp"],
                   [P("Karen Lund<br/>kl@kystby.example<br/>Security Level: Email, Account Authentication"),
                    P("<i>Karen Lund</i><br/>Signature Adoption: Pre-selected Style"),
                    P("Sent: 11/17/2026 | 01:03 PM<br/>Viewed: 11/18/2026 | 10:55 PM<br/>Signed: 11/18/2026 | "
                      "11:12 PM")]], [150, 140, 150]),
            P("Envelope Summary Events", H2), P("Completed   Security Checked   11/18/2026 | 11:12 PM")]


EVIDENCE_OTHER_LANGUAGE = {"addo_en": _addo_en, "criipto_da": _criipto_da, "adobe_da": _adobe_da,
                           "penneo_da_list": _penneo_da_list, "docusign_en_rows": _docusign_en_rows}


def dpa_with_evidence(evidence: list[Any]) -> bytes:
    """An SDN data processor agreement whose party block is empty on paper, then the service's page."""
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Mellem nedenstående parter er indgået følgende aftale:"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"], ["Organisation: Kystby Kommune",
                                                                        "Organisation: MedCom"],
                   ["CVR-nr.: 29189919", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), sig_table("", "", "", lang="da"), PageBreak()]
    return build(flow + evidence, FOOTER_DA)
