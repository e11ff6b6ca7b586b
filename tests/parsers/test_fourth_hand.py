"""Classes the fourth outside hand (bench/outside/fourth_hand.py) showed, each drawn here by the real tool: a
Word file written by python-docx and converted by LibreOffice, HTML printed by Chromium, reportlab."""
from __future__ import annotations

import io
import shutil

import pytest
from docx import Document as DocxDocument

from parsers.documents.pipeline import read_pdf

from .officemaker import soffice_convert

needs_soffice = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                   reason="LibreOffice is installed by tests/servers/libreoffice.py")


TERMS = [("1. Baggrund", "MedCom driver Sundhedsdatanettet, som sundhedsvæsenets parter bruger til at udveksle "
                         "data sikkert. Denne aftale fastsætter vilkårene for partens brug af nettet."),
         ("2. Forpligtelser", "Parten holder sine netværks- og kontaktoplysninger opdaterede og giver kun relevant "
                              "personale adgang."),
         ("3. Personoplysninger", "Oplysninger behandles efter instruks og i overensstemmelse med "
                                  "databeskyttelsesforordningen."),
         ("4. Ikrafttræden og opsigelse", "Aftalen træder i kraft ved underskrift og kan opsiges med tre måneders "
                                          "varsel.")]


def _docx_agreement(role: str, org: str, cvr: str, address: str, title: str = "Databehandleraftale (SDN)") -> bytes:
    """A Word agreement as a clerk writes it: the parties in a grid table under a merged "Parter" row, a
    role row ("Dataansvarlig | Databehandler") over the rows of names; then terms and a signature table."""
    doc = DocxDocument()
    doc.add_heading(title, level=1)
    rows = [("", role, "Databehandler"), ("Navn", org, "MedCom"), ("CVR", cvr, "26919991"),
            ("Adresse", address, "Forskerparken 10, 5230 Odense M")]
    t = doc.add_table(rows=len(rows) + 1, cols=3)
    t.style = "Table Grid"
    top = t.rows[0].cells[0].merge(t.rows[0].cells[2])
    top.text = "Parter"
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t.rows[i + 1].cells[j].text = v
    for h, text in TERMS:
        doc.add_heading(h, level=2)
        doc.add_paragraph(text)
    s = doc.add_table(rows=5, cols=2)
    for i, (a, b) in enumerate(((f"For {org}", "For MedCom"), ("Dato: 25/10/2026", "Dato: ____________"),
                                ("Underskrift: ______________________", "Underskrift: ______________________"),
                                ("Navn: Ulla Aagaard", "Navn:"), ("Titel: Vicedirektør", "Titel:"))):
        s.rows[i].cells[0].text, s.rows[i].cells[1].text = a, b
    buf = io.BytesIO()
    doc.save(buf)
    return soffice_convert(buf.getvalue(), ".docx", "pdf")


@needs_soffice
@pytest.mark.parametrize(("org", "cvr"), [("Lægehuset Havrum", "23962292"),        # the role heading over it
                                          ("Lægehuset Mosede Strand", "49976305"),  # wrapped, the CVR under it
                                          ("Vester Lyng Laboratorium ApS", "22429345")])
def test_a_word_tables_rows_are_not_one_wrapped_cell(org: str, cvr: str) -> None:
    """A grid table's rows stand as close as a cell's wrapped lines; the rule between them is the border no
    wrap crosses. Read as a wrap, the role heading "Dataansvarlig" and the name under it were one value
    ("Dataansvarlig Lægehuset Havrum"), or a wrapped name took the next row's CVR with it (confident wrong)."""
    pdf = _docx_agreement("Dataansvarlig", org, cvr, "Præstevænget 15, 8620 Kjellerup")
    doc = read_pdf(pdf, "Databehandleraftale.pdf")
    assert doc.fields.organisation == org
    assert doc.fields.cvr == cvr


DL_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 15pt; margin: 14mm; }
dl { display: grid; grid-template-columns: max-content auto; gap: 1mm 5mm; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; } .row { display: flex; gap: 10mm; } .row > div { flex: 1; }
</style></head><body><h1>SDN sign-up sheet</h1><p>All fields are required.</p>
<div class="row"><div><h2>Legal entity</h2><dl><dt>Company name</dt><dd>Region Lindholt</dd>
<dt>Registered number (CVR)</dt><dd>92654168</dd></dl></div>
<div><h2>Site address</h2><dl><dt>Street</dt><dd>Bakkevej 128</dd><dt>Postcode</dt><dd>2670</dd>
<dt>Town</dt><dd>Greve</dd></dl></div></div>
<h2>Main contact</h2><dl><dt>Name</dt><dd>Asger Krøyer</dd><dt>E-mail</dt><dd>asger@lindholt.example</dd></dl>
</body></html>"""


def test_a_long_number_under_a_name_is_the_next_rows_value_not_its_wrap() -> None:
    """Definition lists side by side, printed by Chromium in a large face: the organisation's name wraps in its
    narrow column ("Region" / "Lindholt") and the next row's value, the CVR, stands right under it at the
    column's start, its label before it. The number would not have fitted after "Lindholt", but a CVR or a
    phone under words is a value of its own, never a wrapped name's end (joined, the organisation was read
    "Region Lindholt 92654168": a confident wrong value)."""
    from parsers.documents.page import read_content

    from .tools import chromium_print, ensure

    ensure("chromium")
    cells = [sg.text for ln in read_content(chromium_print(DL_FORM)).lines for sg in ln.segments]
    assert "Region Lindholt" in cells
    assert "92654168" in cells


def test_the_documents_title_is_never_the_party() -> None:
    """An agreement drawn with reportlab: its title ends in words a name might ("... (Health Data Network)"),
    the parties stand under "Controller:" and "Processor:" on lines of their own, with no name label. The
    party is the name over its CVR, never the title (it was read as the organisation: a confident wrong
    value)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    y = A4[1] - 60
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, y, "Data Processing Agreement (Health Data Network)")
    y -= 30
    for role, lines in (("Controller:", ["Tandlægerne i Kragsø I/S", "CVR-nr. 52531020",
                                         "Gammel Kongevej 140, 1328 København K"]),
                        ("Processor:", ["MedCom", "CVR-nr. 26919991", "Forskerparken 10, 5230 Odense M"])):
        c.setFont("Helvetica-Bold", 9)
        c.drawString(50, y, role)
        c.setFont("Helvetica", 10)
        for line in lines:
            y -= 13
            c.drawString(70, y, line)
        y -= 22
    for i, (h, text) in enumerate((("Background", "MedCom runs the Health Data Network, which Danish health-care "
                                                  "parties use to exchange data securely."),
                                   ("Personal data", "Data are processed on instruction and in line with the "
                                                     "General Data Protection Regulation."))):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(50, y, f"§{i + 1} {h}")
        c.setFont("Helvetica", 9.5)
        c.drawString(50, y - 13, text)
        y -= 36
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, y - 20, "On behalf of Tandlægerne i Kragsø I/S")
    c.setFont("Helvetica", 10)
    c.drawString(50, y - 40, "Place and date: København K, November 10th 2026")
    c.drawString(50, y - 90, "Signature: ______________________________")
    c.drawString(50, y - 124, "Name")
    c.drawString(160, y - 124, "Oliver Pape")
    c.drawString(50, y - 142, "Position")
    c.drawString(160, y - 142, "Head of IT")
    c.save()
    doc = read_pdf(buf.getvalue(), "DPA.pdf")
    assert doc.fields.organisation == "Tandlægerne i Kragsø I/S"
    assert doc.fields.cvr == "52531020"


# one party's form, as the three tools below write it: labels and values, the party type, how it connects
FORM = {"org": ("Virksomhedens navn", "Skovlund Laboratorium ApS"), "cvr": ("CVR-nr.", "85 83 54 83"),
        "contact": [("Fulde navn", "Dorthe Eskildsen"), ("E-mail", "dorthe@skovlund.example"),
                    ("Telefon", "+45 9456 7099")],
        "tech": [("Fulde navn", "Ida Hjort"), ("E-mail", "ida.hjort@skovlund.example"), ("Telefon", "5026 1738")],
        "net": ("Netværk (CIDR)", "172.30.43.0/24"),
        "site": [("Adresse", "Industrivænget 86"), ("Postnr. og by", "1735 København V")]}


def _word_form_with_leaders() -> bytes:
    """A Word form of paragraphs "Label<tab>value" whose tab stop has a dotted leader, headings in Word's
    styles, converted by LibreOffice; the KMD question answered "Nej" after the leader."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm

    doc = DocxDocument()
    doc.add_heading("Stamdata til Sundhedsdatanettet", level=1)

    def line(label: str, value: str) -> None:
        par = doc.add_paragraph()
        par.paragraph_format.tab_stops.add_tab_stop(Cm(6), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.DOTS)
        par.add_run(f"{label}\t{value}")

    doc.add_heading("Virksomheden", level=2)
    line(*FORM["org"])
    line(*FORM["cvr"])
    doc.add_heading("Virksomhedstype", level=2)
    for option, on in (("Kommune", False), ("Apotek", False), ("Laboratorium (privat)", True)):
        doc.add_paragraph(f"{'☒' if on else '☐'} {option}")
    doc.add_heading("Adgang til nettet", level=2)
    line("Adgang via KMD", "Nej")
    line("Kobles på gennem systemleverandør", "Nej")
    doc.add_heading("Administrativ kontakt", level=2)
    for pair in FORM["contact"]:
        line(*pair)
    doc.add_heading("Driftsansvarlig", level=2)
    for pair in FORM["tech"]:
        line(*pair)
    doc.add_heading("Netværksoplysninger", level=2)
    line(*FORM["net"])
    doc.add_heading("Adresse for opstilling", level=2)
    for pair in FORM["site"]:
        line(*pair)
    buf = io.BytesIO()
    doc.save(buf)
    return soffice_convert(buf.getvalue(), ".docx", "pdf")


def _browser_form_with_radio_buttons() -> bytes:
    """Fieldsets whose yes/no answers are the browser's own radio buttons (drawn circles, no text mark)."""
    from .tools import chromium_print, ensure

    ensure("chromium")

    def inp(label: str, value: str) -> str:
        return f"<div><label>{label}</label><input type='text' value='{value}'></div>"

    def radio(q: str, name: str, yes: bool) -> str:
        return (f"<div>{q}: <input type='radio' name='{name}'{' checked' if yes else ''}> Ja "
                f"<input type='radio' name='{name}'{'' if yes else ' checked'}> Nej</div>")
    css = ("body{font-family:'Liberation Sans',sans-serif;font-size:10.5pt;margin:14mm} fieldset{margin:0 0 5mm}"
           ".g{display:grid;grid-template-columns:1fr 1fr;gap:2mm 6mm} label{display:block;font-size:8pt}"
           "input[type=text]{width:100%;border:1px solid #888;font-size:10.5pt;box-sizing:border-box}")
    body = (f"<h1>Stamdata til Sundhedsdatanettet</h1>"
            f"<fieldset><legend>Virksomheden</legend><div class='g'>{inp(*FORM['org'])}{inp(*FORM['cvr'])}</div>"
            f"</fieldset><fieldset><legend>Adgang til nettet</legend>{radio('Adgang via KMD', 'k', False)}"
            f"{radio('Kobles på gennem systemleverandør', 'v', False)}</fieldset>"
            f"<fieldset><legend>Administrativ kontakt</legend><div class='g'>"
            + "".join(inp(*p) for p in FORM["contact"]) + "</div></fieldset>"
            "<fieldset><legend>Driftsansvarlig</legend><div class='g'>"
            + "".join(inp(*p) for p in FORM["tech"]) + "</div></fieldset>"
            f"<fieldset><legend>Netværksoplysninger</legend>{inp(*FORM['net'])}</fieldset>"
            "<fieldset><legend>Adresse for opstilling</legend><div class='g'>"
            + "".join(inp(*p) for p in FORM["site"]) + "</div></fieldset>")
    return chromium_print(f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>{css}</style></head>"
                          f"<body>{body}</body></html>")


def _paper_form_labels_under_values(registration: bool = False) -> bytes:
    """reportlab: each value on a rule with its label small under it, two fields to a line, as on a paper
    form; the two connection questions side by side, each answered "Nej" above its label."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    y = A4[1] - 60
    c.setFont("Times-Bold", 18)
    c.drawString(50, y, "Stamdata til Sundhedsdatanettet")
    y -= 30

    def head(text: str) -> None:
        nonlocal y
        c.setFont("Times-Bold", 12)
        c.drawString(50, y, text)
        y -= 24

    def fields(rows: list[tuple[str, str]]) -> None:
        nonlocal y
        for i in range(0, len(rows), 2):
            for j, (label, value) in enumerate(rows[i:i + 2]):
                x = 50 + j * 257
                c.setFont("Times-Roman", 11)
                c.drawString(x + 2, y, value)
                c.line(x, y - 3, x + 237, y - 3)
                c.setFont("Helvetica", 6.5)
                c.setFillColor(colors.grey)
                c.drawString(x, y - 11, label)
                c.setFillColor(colors.black)
            y -= 30

    head("Virksomheden")
    fields([FORM["org"], FORM["cvr"]])
    if registration:
        fields([("Registrering i hjemlandet", "HRB 151841 (Amtsgericht Hamburg)")])
    head("Adgang til nettet")
    fields([("Kobles på gennem KMD", "Nej"), ("Kobles på gennem systemleverandør", "Nej")])
    head("Administrativ kontakt")
    fields(FORM["contact"])
    head("Driftsansvarlig")
    fields(FORM["tech"])
    head("Netværksoplysninger")
    fields([FORM["net"]])
    head("Adresse for opstilling")
    fields(FORM["site"])
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("make", [pytest.param(_word_form_with_leaders, marks=needs_soffice),
                                  _browser_form_with_radio_buttons, _paper_form_labels_under_values],
                         ids=["word-leaders", "chromium-radio", "reportlab-labels-under"])
def test_kmd_named_in_an_unanswered_or_answered_no_question_is_not_via_kmd(make: object) -> None:
    """"Adgang via KMD ........ Nej" (a leader between question and answer), "Adgang via KMD: ( ) Ja (•) Nej"
    (the browser's radio buttons, their marks not text) and "Nej" over "Kobles på gennem KMD" (the label
    under its value): none says the party connects through KMD. Each was read "KMD", a confident wrong value
    the fourth hand showed; when the answer cannot be read, the field is not KMD either."""
    assert callable(make)
    doc = read_pdf(make(), "Stamdata.pdf")
    assert doc.kind == "information_form"
    assert doc.fields.connected_via != "KMD"


def test_a_label_set_small_under_its_value_is_that_values_caption() -> None:
    """A paper form drawn with reportlab: each value on a rule, its label small and grey under it. The label's
    value is the one above it, never the next field's under it (the organisation was read as the foreign
    registration under its caption, "HRB 151841 (Amtsgericht Hamburg)", and the address's town as the next
    caption, "Postnr.": confident wrong values)."""
    doc = read_pdf(_paper_form_labels_under_values(registration=True), "Stamdata.pdf")
    assert doc.kind == "information_form"
    f = doc.fields
    assert f.organisation == "Skovlund Laboratorium ApS"
    assert f.cvr == "85835483"
    assert f.installation_address.street == "Industrivænget 86"
    assert (f.installation_address.postcode, f.installation_address.city) == ("1735", "København V")


def test_a_contacts_tables_role_column_in_words_of_its_own_sets_each_rows_role() -> None:
    """One table of every contact under the operations heading, printed by Chromium, its first column naming
    each row's role in words of the form's own ("Kontakt vedr. aftalen", "Driftskontakt"): the row of the
    contact for the agreement is the organisation's contact, not a technical one (it was read as the first
    technical contact and the organisation's contact left empty)."""
    from .tools import chromium_print, ensure

    ensure("chromium")
    rows = [("Kontakt vedr. aftalen", "Nikolaj Winther", "nikolaj@egelev.example", "+45 8185 5925"),
            ("Driftskontakt", "Cecilie Lindhardt", "cecilie@egelev.example", "9985 4940"),
            ("Driftskontakt", "Sofie Pape", "sofie@egelev.example", "(+45) 30 57 94 32")]
    table = ("<table><thead><tr><th>Rolle</th><th>Navn</th><th>Mail</th><th>Tlf.nr.</th></tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in rows) + "</tbody></table>")
    page = ("<!doctype html><html lang='da'><head><meta charset='utf-8'><style>"
            "body{font-family:'Liberation Sans',sans-serif;font-size:10.5pt;margin:14mm}"
            "dl{display:grid;grid-template-columns:max-content auto;gap:1mm 5mm} dt{font-weight:bold} dd{margin:0}"
            "table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #bbb;text-align:left;padding:2mm}"
            "</style></head><body><h1>Tilmeldingsblanket – SDN</h1>"
            "<h2>Virksomheden</h2><dl><dt>Virksomhedens navn</dt><dd>Region Egelev</dd>"
            "<dt>CVR-nr.</dt><dd>29 19 06 96</dd></dl>"
            f"<h2>Driftsansvarlig</h2>{table}"
            "<h2>Netværk (CIDR)</h2><ul><li>10.20.30.0/24</li></ul>"
            "<h2>Adresse for opstilling</h2><dl><dt>Adresse</dt><dd>Industrivænget 49</dd>"
            "<dt>Postnr. og by</dt><dd>4900 Nakskov</dd></dl></body></html>")
    doc = read_pdf(chromium_print(page), "Tilmelding.pdf")
    assert doc.kind == "information_form"
    assert doc.fields.org_contact.name == "Nikolaj Winther"
    assert [t.name for t in doc.fields.technical_contacts] == ["Cecilie Lindhardt", "Sofie Pape"]


def test_a_small_label_as_near_its_value_below_as_the_line_above_is_no_caption() -> None:
    """A signature block (as the outside check's agreements print it): the name, then "Titel" set small, then
    the title under it at the same pitch. The small label is as near the line below as the name above it, so
    it is the title's label over its value, not a caption under the name (it was read as the name for a day)."""
    from parsers.documents.labels import find_labels
    from parsers.documents.page import read_content

    from .layouts import Page, render

    p = Page()
    p.at(64, 130, "Navn (blokbogstaver)", 7)
    p.at(64, 144, "Katrin Lindqvist", 11)
    p.at(64, 156, "Titel", 7)
    p.at(64, 170.5, "Laboratoriechef", 11)
    hits = find_labels(read_content(render([p])).lines, ["title"])
    assert [h.value for h in hits] == ["Laboratoriechef"]


def test_a_name_wrapped_in_a_definition_list_beside_another_is_read_whole() -> None:
    """Two definition lists side by side, printed by Chromium: the organisation's name wraps in its narrow
    column ("Skovlund" / "Apotek") while the other list's row stands on the same line as the rest. The rest
    in the name's own column, nothing before it, is the name's end (read "Skovlund" alone: a confident wrong
    value)."""
    from .tools import chromium_print, ensure

    ensure("chromium")
    page = ("<!doctype html><html lang='da'><head><meta charset='utf-8'><style>"
            "body{font-family:'Liberation Sans',sans-serif;font-size:10.5pt;margin:14mm}"
            "dl{display:grid;grid-template-columns:max-content auto;gap:1mm 5mm;margin:0} dt{font-weight:bold}"
            "dd{margin:0} .row{display:flex;gap:10mm} .row>div{flex:1}</style></head><body>"
            "<h1>SDN: oplysninger om jer</h1><div class='row'>"
            "<div><h2>Virksomheden</h2><dl><dt>Virksomhedens navn</dt><dd>Skovlund Apotek</dd>"
            "<dt>CVR-nummer (virksomhed)</dt><dd>1826 0409</dd></dl></div>"
            "<div><h2>Hvor står udstyret</h2><dl><dt>Adresse</dt><dd>Præstevænget 99</dd>"
            "<dt>Postnr. og by</dt><dd>1302 København K</dd></dl></div></div>"
            "<h2>Hovedkontakt</h2><dl><dt>Navn</dt><dd>Ida Hjort</dd><dt>E-mail</dt><dd>ida@skovlund.example</dd>"
            "<dt>Telefon</dt><dd>+45 5026 1738</dd></dl>"
            "<h2>Netværk (CIDR)</h2><ul><li>172.30.43.0/24</li></ul></body></html>")
    doc = read_pdf(chromium_print(page), "Informationsskema.pdf")
    assert doc.kind == "information_form"
    assert doc.fields.organisation == "Skovlund Apotek"
