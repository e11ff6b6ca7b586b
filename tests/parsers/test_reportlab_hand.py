"""Documents drawn as a programmer draws them with reportlab (issue 22's third hand, bench/outside/
render_reportlab.py): a signature table of flowables with no labels but the date's, a job title printed under
the rule, a signing service's status page of a round not finished, a KMD question answered by a bare
"Nej" in the next cell or by ticking one of two drawn boxes, a provider's label with a note in brackets and
the name under it. Each test draws the PDF it reads."""
from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from parsers import read_pdf

W, H = A4
ST = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=14, spaceAfter=6)
H1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=12)
TERMS = ["Parterne er enige om, at organisationen kobles på Sundhedsdatanettet på de vilkår, der fremgår af denne "
         "aftale og MedComs gældende driftsbeskrivelse.",
         "Personoplysninger behandles kun efter instruks fra den dataansvarlige og opbevares ikke længere end "
         "nødvendigt.",
         "Aftalen kan opsiges af begge parter med tre måneders skriftligt varsel."]
PARTY = ("Mellem Egelev Apotek, CVR-nr. 29189919, Kirkestræde 23, 1212 København K (herefter den dataansvarlige) og "
         "MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M (herefter databehandleren) er indgået følgende "
         "aftale.")


def _drawn_signature() -> io.BytesIO:
    img = Image.new("RGBA", (360, 110), (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(10, 70), (40, 30), (70, 90), (110, 20), (150, 80), (200, 40), (260, 75)],
                             fill=(10, 20, 90, 255), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return buf


def _platypus_agreement(signature: Any, title: str = "Apoteker") -> bytes:
    """A data processing agreement built of flowables, its signature table unlabelled: "For <party> | For MedCom",
    the signature over a rule drawn under the whole row, then the name, the title and "<town>, <date>"."""
    buf = io.BytesIO()
    story: list[Any] = [Paragraph("Databehandleraftale om Sundhedsdatanettet (SDN)", H1), Paragraph(PARTY, ST)]
    story += [Paragraph(f"<b>{i + 1}.</b> {t}", ST) for i, t in enumerate(TERMS)]
    story.append(Spacer(1, 30))
    rows = [[Paragraph("<b>For Egelev Apotek</b>", ST), Paragraph("<b>For MedCom</b>", ST)], [signature, ""],
            [Paragraph("Jørgen Lindhardt", ST), ""], [Paragraph(title, ST), ""],
            [Paragraph("Broby, 17. oktober 2026", ST), Paragraph("Sted og dato", ST)]]
    t = Table(rows, colWidths=[240, 240], rowHeights=[None, 50, None, None, None])
    t.setStyle(TableStyle([("LINEBELOW", (0, 1), (-1, 1), 0.7, colors.black), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(t)
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def _read(data: bytes) -> tuple[dict[str, Any], list[str]]:
    doc = read_pdf(data, "aftale.pdf").as_json()
    return doc["fields"], [p["code"] for p in doc["problems"]]


def test_a_job_title_printed_under_the_rule_is_no_signature() -> None:
    """Nothing above the rule; the signatory's name and "Chief Operating Officer" printed under it: not signed
    (the title was once taken for a typed name)."""
    fields, codes = _read(_platypus_agreement("", "Chief Operating Officer"))
    assert fields["signed"] is not True
    assert "not_signed" in codes
    assert fields["signatory_name"] == "Jørgen Lindhardt"


def test_a_typed_signature_over_an_unlabelled_party_caption_counts() -> None:
    """The name typed in an italic face above the rule, under the caption "For Egelev Apotek": signed."""
    typed = Paragraph("<i>Jørgen Lindhardt</i>", ParagraphStyle("s", fontName="Times-Italic", fontSize=16, leading=20))
    fields, codes = _read(_platypus_agreement(typed))
    assert fields["signed"] is True and "not_signed" not in codes
    assert fields["signature_date"] == "2026-10-17"


def test_a_drawn_signature_between_caption_and_rule_counts() -> None:
    fields, codes = _read(_platypus_agreement(RLImage(_drawn_signature(), 150, 44)))
    assert fields["signed"] is True and "not_signed" not in codes


def _canvas_block(c: Canvas, y: float) -> None:
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, y, "For Egelev Apotek")
    c.drawString(300, y, "For MedCom")
    for x in (50, 300):
        c.setFont("Helvetica", 9)
        c.drawString(x, y - 30, "Dato:")
        c.line(x, y - 80, x + 200, y - 80)
        c.drawString(x, y - 89, "Underskrift")
        c.drawString(x, y - 106, "Navn (blokbogstaver):")
        c.drawString(x, y - 122, "Stilling:")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50 + c.stringWidth("Navn (blokbogstaver):", "Helvetica", 9), y - 106, "Ulla Abildgaard")
    c.drawString(50 + c.stringWidth("Stilling:", "Helvetica", 9), y - 122, "Direktør")


def test_a_signing_rounds_status_page_is_neither_a_signature_nor_a_date() -> None:
    """The agreement as printed (no signature) and a service's page in its own words: the party's signer
    "Afventer underskrift", MedCom's too, a "Sendt ... den 01.10.2026" line. Not signed, and no signing date."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(50, H - 60, "Databehandleraftale om Sundhedsdatanettet (SDN)")
    y = H - 90
    for text in [PARTY, *TERMS]:
        c.setFont("Helvetica", 9)
        for k in range(0, len(text), 100):
            c.drawString(50, y, text[k:k + 100])
            y -= 13
        y -= 6
    _canvas_block(c, y - 30)
    c.showPage()
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, H - 60, "SignKlar – Bevis for digital underskrift")
    c.setFont("Helvetica", 9)
    c.drawString(50, H - 85, "Dokument: Databehandleraftale om Sundhedsdatanettet (SDN)")
    c.drawString(50, H - 98, "Sendt af: MedCom den 01.10.2026")
    for i, row in enumerate([["Underskriver", "Organisation", "Status"], ["Ulla Abildgaard", "Egelev Apotek",
                             "Afventer underskrift"], ["Lone Kirkegaard", "MedCom", "Afventer underskrift"]]):
        for x, cell in zip((50, 170, 330), row, strict=True):
            c.drawString(x, H - 130 - 17 * i, cell)
    c.showPage()
    c.save()
    fields, codes = _read(buf.getvalue())
    assert fields["signed"] is not True
    assert fields["signature_date"] is None
    assert "not_signed" in codes


def _form(draw: Any) -> dict[str, Any]:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(50, H - 50, "Informationsskema – tilslutning til Sundhedsdatanettet")
    c.setFont("Helvetica", 10)
    rows = [("Organisationens navn", "Egelev Apotek"), ("CVR-nr.", "29189919")]
    for i, (a, b) in enumerate(rows):
        c.drawString(50, H - 90 - 16 * i, a)
        c.drawString(250, H - 90 - 16 * i, b)
    draw(c, H - 150)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(50, H - 300, "Teknisk kontakt")
    c.setFont("Helvetica", 10)
    for i, (a, b) in enumerate([("Navn", "Mette Thrane"), ("E-mail", "meth@egelev.example"), ("Telefon", "85631705")]):
        c.drawString(50, H - 320 - 16 * i, a)
        c.drawString(250, H - 320 - 16 * i, b)
    c.showPage()
    c.save()
    return read_pdf(buf.getvalue(), "skema.pdf").as_json()["fields"]


def _box(c: Canvas, x: float, y: float, on: bool) -> None:
    c.rect(x, y, 8, 8)
    if on:
        c.line(x + 1.2, y + 1.2, x + 6.8, y + 6.8)
        c.line(x + 1.2, y + 6.8, x + 6.8, y + 1.2)



def _kmd_no_then_provider(c: Canvas, y: float, question: str, provider: str) -> None:
    """The KMD question at `y` answered "Nej" in drawn boxes, then a ruled cell whose small noted label
    "Systemleverandør (hvis I kobles på gennem den)" stands over the provider's name."""
    c.setFont("Helvetica", 9)
    c.drawString(50, y, question)
    for x, word, on in ((150, "Ja", False), (200, "Nej", True)):
        _box(c, x, y - 1, on)
        c.drawString(x + 12, y, word)
    c.rect(50, y - 46, 300, 28)
    c.setFont("Helvetica", 6.5)
    c.drawString(52.5, y - 26, "Systemleverandør (hvis I kobles på gennem den)")
    c.setFont("Helvetica", 10)
    c.drawString(54, y - 40, provider)

def test_a_kmd_question_answered_no_in_the_next_cell_is_not_kmd() -> None:
    """"Tilsluttes via KMD | Nej" (cells, no "?" or ":" between): the answer is no, never "via KMD"."""
    def draw(c: Canvas, y: float) -> None:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, "Tilslutning")
        c.setFont("Helvetica", 10)
        c.drawString(50, y - 20, "Tilsluttes via KMD")
        c.drawString(250, y - 20, "Nej")
    assert _form(draw)["connected_via"] is None


def test_boxes_under_a_kmd_question_and_a_provider_under_its_noted_label() -> None:
    """"Tilsluttes via KMD  [ ] Ja  [X] Nej" in drawn boxes crossed by two lines, then a ruled cell whose small
    label "Systemleverandør (hvis I kobles på gennem den)" stands over the provider's name: the provider."""
    def draw(c: Canvas, y: float) -> None:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, "Tilslutning")
        _kmd_no_then_provider(c, y - 20, "Tilsluttes via KMD", "Clinea Data")
    assert _form(draw)["connected_via"] == "Clinea Data"


def test_a_provider_after_a_noted_label_on_one_baseline() -> None:
    """"Systemleverandør (hvis I kobles på gennem den):" and the name set right against the margin, after a
    "Tilsluttes via KMD: Nej" that answers only KMD: the provider, not none."""
    def draw(c: Canvas, y: float) -> None:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, "Tilslutning")
        c.setFont("Helvetica-Bold", 10)
        c.drawString(50, y - 20, "Tilsluttes via KMD:")
        c.drawString(50, y - 36, "Systemleverandør (hvis I kobles på gennem den):")
        c.setFont("Helvetica", 10)
        c.drawRightString(W - 50, y - 20, "Nej")
        c.drawRightString(W - 50, y - 36, "Clinea Data")
    assert _form(draw)["connected_via"] == "Clinea Data"


def _letterhead_form(pages: list[list[tuple[str, str]]], turned: int | None = None) -> dict[str, Any]:
    """A form on the party's letterhead (its name and address set right at the top of every page), one part a
    page, each label above its value; page `turned` stored with /Rotate 90 and its drawing turned back."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for i, rows in enumerate(pages):
        c.setPageRotation(0)
        pw, ph = W, H
        if i == turned:
            c.setPageRotation(90)
            c.translate(W, 0)
            c.rotate(90)
            pw, ph = H, W
        c.setFont("Helvetica-Bold", 10)
        c.drawRightString(pw - 50, ph - 60, "Nørreå Apotek")
        c.setFont("Helvetica", 8)
        c.drawRightString(pw - 50, ph - 71, "Søndre Ringvej 98")
        c.drawRightString(pw - 50, ph - 81, "1053 København K")
        y = ph - 130
        if i == 0:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(50, y, "Informationsskema – tilslutning til Sundhedsdatanettet")
            y -= 26
        for label, value in rows:
            if not value:
                c.setFont("Helvetica-Bold", 12)
                c.drawString(50, y, label)
                y -= 24
                continue
            c.setFont("Helvetica", 8)
            c.drawString(50, y, label)
            c.setFont("Helvetica", 11)
            c.drawString(50, y - 13, value)
            y -= 32
        c.showPage()
    c.save()
    return read_pdf(buf.getvalue(), "skema.pdf").as_json()["fields"]


def test_a_letterhead_on_every_page_is_no_contact() -> None:
    """The party's name at the top of every page is page furniture: never a technical contact (it was read as
    one with no e-mail or phone); a numbered contact heading ("Teknisk kontakt 2") opens that contact."""
    fields = _letterhead_form([
        [("1. Organisationen", ""), ("Organisationens navn", "Nørreå Apotek"), ("CVR-nr.", "29189919")],
        [("2. Teknisk kontakt 1", ""), ("Navn", "Mette Thrane"), ("E-mail", "meth@noerreaa.example"),
         ("Telefon", "85631705"), ("Teknisk kontakt 2", ""), ("Navn", "Asger Kragh"),
         ("E-mail", "askr@noerreaa.example"), ("Telefon", "88282330")],
        [("3. Netværk", ""), ("IP-net", "10.192.10.0/24")]], turned=1)
    assert fields["organisation"] == "Nørreå Apotek"
    assert [t["name"] for t in fields["technical_contacts"]] == ["Mette Thrane", "Asger Kragh"]


def test_an_address_run_into_the_next_cells_country_code() -> None:
    """An e-mail address longer than its table cell runs into the phone's "+45" with no gap: the address
    without the "+45", the phone whole."""
    buf = io.BytesIO()
    story: list[Any] = [Paragraph("Informationsskema – tilslutning til Sundhedsdatanettet", H1),
                        Paragraph("Teknisk kontakt", H1)]
    email = "rasmus.uldall@mosede-strand-it.example"
    wide = stringWidth(email, "Helvetica", 9.5)  # the column as wide as the address: it ends where "+45" starts
    story.append(Table([["Navn", "E-mail", "Telefon"], ["Rasmus Uldall", email, "+45 34 51 72 21"]],
                       colWidths=[150, wide, 120], style=TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 9.5)])))
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    (tech,) = read_pdf(buf.getvalue(), "skema.pdf").as_json()["fields"]["technical_contacts"]
    assert tech["email"] == "rasmus.uldall@mosede-strand-it.example"
    assert tech["phone"] == "+4534517221"


def test_a_cross_in_a_column_beside_the_options() -> None:
    """The types of party as a table with a narrow column for the cross ("Privat klinik | X"): that option."""
    def draw(c: Canvas, y: float) -> None:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, "Organisationstype")
        c.setFont("Helvetica", 10)
        for i, (option, on) in enumerate((("Apotek", False), ("Kommune", False), ("Privat klinik", True))):
            c.drawString(60, y - 20 - 18 * i, option)
            c.rect(340, y - 24 - 18 * i, 30, 18)
            if on:
                c.drawString(350, y - 20 - 18 * i, "X")
    assert _form(draw)["party_type"] == "private_hospital"


def test_a_kmd_question_as_a_heading_answered_under_it_and_a_numbered_master_data_part() -> None:
    """"1. Stamoplysninger" opens the organisation's part (it once opened a part of no use); the question
    "Kobles I på via KMD?" in small print over its answer "Ja" (a label over its value, the question taken
    for the connection's heading): via KMD."""
    fields = _letterhead_form([
        [("1. Stamoplysninger", ""), ("Klinikkens navn", "Privathospitalet Skovlund A/S"),
         ("Virksomhedens CVR", "29189919"), ("Kobles I på via KMD?", "Ja")],
        [("2. Teknisk kontakt", ""), ("Navn", "Lasse Riis"), ("E-mail", "lasse.riis@skovlund.example"),
         ("Telefon", "99110540")]])
    assert fields["organisation"] == "Privathospitalet Skovlund A/S"
    assert fields["cvr"] == "29189919"
    assert fields["connected_via"] == "KMD"


def test_a_kmd_question_answered_in_the_next_cell_under_the_type_options() -> None:
    """No heading between the options of the type and "Kobles I på via KMD? | Ja" (a table's row): via KMD,
    and "Nej" in the same place: not."""
    def draw(answer: str) -> Any:
        def at(c: Canvas, y: float) -> None:
            c.setFont("Helvetica-Bold", 12)
            c.drawString(50, y, "Organisationstype")
            c.setFont("Helvetica", 10)
            c.drawString(60, y - 20, "Apotek")
            c.drawString(350, y - 20, "X")
            c.drawString(60, y - 38, "Kommune")
            c.drawString(60, y - 64, "Kobles I på via KMD?")
            c.drawString(300, y - 64, answer)
        return at
    assert _form(draw("Ja"))["connected_via"] == "KMD"
    assert _form(draw("Nej"))["connected_via"] is None


def test_a_kmd_label_over_a_bare_no_and_a_provider_over_its_name() -> None:
    """"Tilsluttes via KMD" in small print over "Nej" (no "?"), then the provider's noted label over its name:
    the provider, never "via KMD" (it was read as KMD: the label's own words)."""
    fields = _letterhead_form([
        [("1. Organisationen", ""), ("Organisationens navn", "Tandlægerne i Lindholt I/S"), ("CVR-nr.", "29189919"),
         ("Tilsluttes via KMD", "Nej"), ("Systemleverandør (hvis I kobles på gennem den)", "Medisys Nord ApS")],
        [("2. Teknisk kontakt", ""), ("Navn", "Lasse Riis"), ("E-mail", "lasse.riis@lindholt.example"),
         ("Telefon", "99110540")]])
    assert fields["connected_via"] == "Medisys Nord ApS"


def test_boxes_for_kmd_and_a_provider_with_no_heading_of_their_own() -> None:
    """Under the type's options, with no heading for the connection: "Kobles I på via KMD?  [ ] Ja  [X] Nej" and
    the provider's ruled cell under it: the provider (it was read as none)."""
    def draw(c: Canvas, y: float) -> None:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, "Organisationstype")
        c.setFont("Helvetica", 9)
        for i, (option, on) in enumerate((("Apotek", True), ("Kommune", False))):
            _box(c, 50 + 80 * i, y - 21, on)
            c.drawString(62 + 80 * i, y - 20, option)
        _kmd_no_then_provider(c, y - 40, "Kobles I på via KMD?", "Novax")
    assert _form(draw)["connected_via"] == "Novax"


def test_a_software_house_named_after_a_kmd_no() -> None:
    """"Kobles I på via KMD? | Nej" and "Via systemhus | Multimed" as a table's rows under the type's options: the
    software house is the provider."""
    def draw(c: Canvas, y: float) -> None:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, "Organisationstype")
        c.setFont("Helvetica", 10)
        c.drawString(60, y - 20, "Apotek")
        c.drawString(350, y - 20, "X")
        c.drawString(60, y - 46, "Kobles I på via KMD?")
        c.drawString(300, y - 46, "Nej")
        c.drawString(60, y - 64, "Via systemhus")
        c.drawString(300, y - 64, "Multimed")
    assert _form(draw)["connected_via"] == "Multimed"
