"""Classes the sixth outside hand (bench/outside/sixth_hand.py: wkhtmltopdf, AbiWord, pandoc, ssconvert,
enscript, unflattened AcroForms) showed, each made here by the real tool."""
from __future__ import annotations

import html as H
import random
from pathlib import Path

import pytest

from bench.outside import sixth_hand as s6
from bench.outside.people import party
from parsers.documents.pipeline import read_pdf
from tests.parsers.sixth_tools import abiword, enscript, wkhtmltopdf

CLAUSES = [("Aftalens omfang", "Aftalen omfatter adgang til Sundhedsdatanettet og de tjenester, MedCom stiller til "
            "rådighed på nettet."),
           ("Forpligtelser", "Parterne overholder gældende lovgivning om behandling af personoplysninger, herunder "
            "databeskyttelsesforordningen og databeskyttelsesloven."),
           ("Sikkerhed", "Der anvendes kryptering og adgangsstyring svarende til risikoen, jf. Bilag 2."),
           ("Ikrafttræden og ophør", "Aftalen træder i kraft ved underskrift og kan opsiges med 3 mdr. varsel.")]


def _parties_last(org: str, cvr: str, name: str, title: str, signed: bool) -> str:
    """A connection agreement as an intranet prints it: a table of contents, clauses, numbered appendices,
    the signatures (the party's place captioned with its role, "For Kunden"), and the parties' block last."""
    toc = "".join(f"<tr><td>{i + 1}. {H.escape(h)}</td><td>1</td></tr>" for i, (h, _) in enumerate(CLAUSES))
    toc += "<tr><td>Bilag 1: Behandlingens formål</td><td>2</td></tr><tr><td>Underskrifter</td><td>2</td></tr>"
    body = "".join(f"<h2>{i + 1}. {H.escape(h)}</h2><p>{H.escape(t)}</p>" for i, (h, t) in enumerate(CLAUSES))
    mark = ("<svg width='120' height='40'><path d='M5 30 C15 5 25 35 40 20 C55 5 60 35 80 18 C95 8 100 30 115 22' "
            "stroke='#123' stroke-width='1.5' fill='none'/></svg>") if signed else "&nbsp;"
    sig = ("<table style='width:100%'><tr><td>For Kunden</td><td>For MedCom</td></tr>"
           "<tr><td>Dato: d. 22/10 2026</td><td>Dato:</td></tr>"
           f"<tr><td style='height:50px;vertical-align:bottom'>{mark}</td><td></td></tr>"
           f"<tr><td style='border-top:1px solid #000'>{H.escape(name)}<br><small>{H.escape(title)}</small></td>"
           "<td style='border-top:1px solid #000'><br></td></tr></table>")
    parties = (f"<h2>Aftalens parter</h2><p><b>Kunden</b></p><table><tr><td>Navn</td><td>{H.escape(org)}</td></tr>"
               f"<tr><td>CVR-nr.:</td><td>{cvr[:4]} {cvr[4:]}</td></tr><tr><td>Adresse</td><td>Tværgade 89, 8410 "
               "Rønde</td></tr></table><p><b>MedCom</b></p><table><tr><td>Navn</td><td>MedCom</td></tr><tr><td>CVR"
               "</td><td>26919991</td></tr><tr><td>Adresse</td><td>Forskerparken 10, 5230 Odense M</td></tr></table>")
    return ("<!doctype html><html><head><meta charset='utf-8'><style>body{font-family:'DejaVu Serif';font-size:10pt}"
            "</style></head><body><h1>Tilslutningsaftale – Sundhedsdatanettet (SDN)</h1><h3>Indhold</h3>"
            f"<table>{toc}</table>{body}<div style='page-break-before:always'></div><h2>Bilag 1. Behandlingens "
            f"formål</h2><p>Formålet er transport af sundhedsdata.</p><h2>Underskrifter</h2>{sig}{parties}"
            "</body></html>")


def test_a_party_block_after_the_signatures_is_the_party_and_its_name_is_no_signatory() -> None:
    """The parties' block printed last, after the signatures ("Aftalens parter" / "Kunden" / "Navn Region
    Egelev" / "CVR-nr.: ..."): its "Navn" was read as the signatory's name label (the organisation became the
    signatory, with confidence) and the party was never found, since only the text before the signatures was
    looked at. A heading naming the parties ends the signature block, and the block after it names the party."""
    for signed in (True, False):
        pdf = wkhtmltopdf(_parties_last("Region Egelev", "35578552", "Dorthe Aagaard", "Apoteker", signed))
        doc = read_pdf(pdf, "tilslutningsaftale.pdf")
        assert doc.kind == "connection_agreement"
        assert doc.fields.organisation == "Region Egelev"
        assert doc.fields.cvr == "35578552"
        assert doc.fields.signatory_name == "Dorthe Aagaard"
        assert doc.fields.signatory_title == "Apoteker"
        assert doc.fields.signature_date == "2026-10-22"


def _service_rows(pending: bool) -> list[list[str]]:
    """A signing service's overview with a column per signer: the party's and MedCom's side by side."""
    status = "Afventer" if pending else "Underskrevet"
    return [["Navn", "Ida Aagaard", "Birgit Munch"], ["Titel", "Administrerende direktør", "Direktør"],
            ["Organisation", "Vester Lyng Data A/S", "MedCom"],
            ["E-mail", "idaa@vester-lyng-it.example", "sdn@medcom.example"],
            ["Metode", "–" if pending else "MitID Erhverv", "–" if pending else "MitID Erhverv"],
            ["Status", status, status],
            ["Tidspunkt", "–" if pending else "25-10-2026 13:29:52", "–" if pending else "28-10-2026 16:29:52"]]


def _abiword_agreement(pending: bool) -> bytes:
    """A sub-processor agreement written by python-docx and printed by AbiWord: the party's signature place with
    the name printed and an empty line to sign on, then (a page on) the service's overview as a table."""
    from docx import Document as Docx
    from docx.enum.text import WD_BREAK

    d = Docx()
    d.add_heading("Underdatabehandleraftale (SDN)", level=1)
    d.add_paragraph("Aftalen er indgået mellem Vester Lyng Data A/S, CVR-nr. 90656287, og MedCom, CVR-nr. 26919991.")
    for i, (h, t) in enumerate(CLAUSES):
        d.add_heading(f"§ {i + 1} {h}", level=2)
        d.add_paragraph(t)
    d.add_heading("Underskrifter", level=2)
    for line in ("For Vester Lyng Data A/S", "Dato: 25/10-26", "Sign.: ______________________", "Navn: Ida Aagaard",
                 "Stilling: Administrerende direktør", "For MedCom", "Dato: ______________",
                 "Sign.: ______________________"):
        d.add_paragraph(line)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Visma Addo – Underskriftsoversigt", level=2)
    rows = [["", "Underskriver 1", "Underskriver 2"], ["Sags-ID", "6FY8H9VTK6", ""], *_service_rows(pending)]
    t = d.add_table(rows=len(rows), cols=3)
    t.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            t.rows[r].cells[c].text = v
    return abiword(d)


def test_a_signing_services_table_with_a_column_per_signer_is_read_a_column_at_a_time() -> None:
    """A service's overview laid out with the signers in columns ("Navn | Ida Aagaard | Birgit Munch", then
    "Status | Underskrevet | Underskrevet", "Tidspunkt | ... | ..."): read row by row, the two names became one
    signer ("Ida Aagaard Birgit Munch") and the row labels its roles ("Titel"), and the signed agreement was
    doubted or read not signed. Each column is one signer, its rows labelled by the first column; a column whose
    status says it waits is no signature."""
    doc = read_pdf(_abiword_agreement(pending=False), "uba.pdf")
    assert doc.fields.signed is True
    assert doc.fields.signatory_name == "Ida Aagaard"
    assert doc.fields.signatory_title == "Administrerende direktør"
    assert doc.fields.signature_date == "2026-10-25"
    assert not {"not_signed", "uncertain"} & {p.code for p in doc.problems if p.field in (None, "signed")}
    waiting = read_pdf(_abiword_agreement(pending=True), "uba.pdf")
    assert waiting.fields.signed is False


def test_a_signer_table_broken_by_the_page_is_read_whole() -> None:
    """The same table begun at the foot of a page (its names) and ended at the top of the next (status, times):
    the next page, a service's page by its words and times, named no signer, and the agreement was read not
    signed, with confidence. The rows above the page number that line up with the next page's first row are the
    table's beginning."""
    rows = "".join("<tr>" + "".join(f"<td>{H.escape(c)}</td>" for c in r) + "</tr>" for r in _service_rows(False))
    page = ("<!doctype html><html><head><meta charset='utf-8'><style>body{font-family:'DejaVu Sans';font-size:10pt}"
            "td{padding:3px 12px 3px 0}</style></head><body><h1>Underdatabehandleraftale (SDN)</h1><p>Aftalen er "
            "indgået mellem Vester Lyng Data A/S, CVR-nr. 90656287, og MedCom, CVR-nr. 26919991.</p>"
            + "".join(f"<h3>{i + 1}. {H.escape(h)}</h3><p>{H.escape(t)}</p>" for i, (h, t) in enumerate(CLAUSES))
            + "<h3>Underskrifter</h3><p>For Vester Lyng Data A/S<br>Dato: 25/10-26<br>Sign.: _______________<br>"
            "Navn: Ida Aagaard<br>Stilling: Administrerende direktør</p><div style='height:760px'></div>"
            f"<h3>Visma Addo – Underskriftsoversigt</h3><table>{rows}</table></body></html>")
    pdf = wkhtmltopdf(page)
    from parsers.documents.page import read_content

    content = read_content(pdf)
    where = {ln.segments[0].text.strip(): ln.page for ln in content.lines if ln.segments}
    assert where.get("Navn") == 1 and where.get("Tidspunkt") == 2  # the table is broken by the page
    doc = read_pdf(pdf, "uba.pdf")
    assert doc.fields.signed is True
    assert doc.fields.signatory_name == "Ida Aagaard"
    assert doc.fields.signature_date == "2026-10-25"


def _boxes(label: str, value: str, per_row: int = 30) -> str:
    """A row of a paper form's boxes: the label, then one character a box (an empty box for a space)."""
    cells = "".join(f"<td class='b'>{H.escape(c) if c != ' ' else '&nbsp;'}</td>" for c in value.ljust(per_row))
    return f"<table class='row'><tr><td class='l'>{H.escape(label)}</td>{cells}</tr></table>"


def test_answers_written_one_character_a_box_are_read_as_words() -> None:
    """A form whose answers stand one character a box (as a tax form): every letter was its own word, and the
    reader took "V i g g o" for the contact's name, "v i h j @ ..." for the address and "2 4" for the CVR, with
    confidence. Glyphs set at one pitch well over their width, on one baseline, are one word; an empty box in
    the row is a space."""
    css = ("body{font-family:'DejaVu Sans';font-size:9pt} table.row{border-collapse:collapse;margin:4px 0}"
           "td.l{width:38mm} td.b{border:0.7pt solid #333;width:4.2mm;height:5.6mm;text-align:center;"
           "font-family:'DejaVu Sans Mono';padding:0}")
    parts = {"A. Organisationen": [("Organisation", "Rønnebæk Apotek"), ("CVR-nr.", "24 97 14 65"),
                                   ("Type", "Apotek"), ("Via KMD", "Nej")],
             "B. Kontaktperson": [("Navn", "Viggo Hjort"), ("E-post", "vihj@roennebaek.example"),
                                  ("Tlf.", "+45 82 24 39 76")],
             "C. Teknisk kontaktperson": [("Navn", "Birthe Iversen"), ("E-post", "biiv@roennebaek.example"),
                                          ("Tlf.", "61873236")],
             "D. IP-net": [("IP-net 1", "10.67.215.192/26")]}
    page = (f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
            "<h1>Informationsskema – Sundhedsdatanettet</h1>"
            + "".join(f"<h3>{H.escape(h)}</h3>" + "".join(_boxes(k, v) for k, v in rows) for h, rows in parts.items())
            + "</body></html>")
    doc = read_pdf(wkhtmltopdf(page), "skema.pdf")
    f = doc.fields
    assert doc.kind == "information_form"
    assert f.organisation == "Rønnebæk Apotek"
    assert f.cvr == "24971465"
    assert f.org_contact.name == "Viggo Hjort" and f.org_contact.email == "vihj@roennebaek.example"
    assert f.org_contact.phone == "+4582243976"
    assert [(t.name, t.email) for t in f.technical_contacts] == [("Birthe Iversen", "biiv@roennebaek.example")]
    assert f.ip_scopes == ["10.67.215.192/26"]


def test_a_monospaced_line_and_a_tables_digits_are_no_comb() -> None:
    """Typed monospaced text steps by its glyphs' own width, single letters between its spaces stand beside
    other letters closer than their pitch, and three digits in a table's columns are no word: none is joined."""
    page = ("<!doctype html><html><head><meta charset='utf-8'></head><body><h1>Informationsskema</h1>"
            "<pre style='font-family:DejaVu Sans Mono'>Kontaktperson: Viggo Hjort, vihj@roennebaek.example\n"
            "Tandlægerne i Lindholt I/S</pre>"
            "<table><tr><td style='width:60px'>1</td><td style='width:60px'>2</td><td style='width:60px'>3</td>"
            "</tr></table></body></html>")
    from parsers.documents.page import read_content

    texts = [ln.text for ln in read_content(wkhtmltopdf(page)).lines]
    assert "Kontaktperson: Viggo Hjort, vihj@roennebaek.example" in texts
    assert "Tandlægerne i Lindholt I/S" in texts  # "e i L", two advances apart, stand beside letters of words
    assert not any("123" in t for t in texts)


def test_contacts_as_cards_side_by_side_are_read_a_card_at_a_time() -> None:
    """The contacts as one card per person, side by side (a role over each card, then the name, e-mail and
    phone): read line by line, the technical contact's e-mail (wrapped in its card) was taken for the
    organisation's contact, with confidence, and the technical contact was lost; the letter's signature
    after "Med venlig hilsen" is no contact either."""
    def card(role: str, name: str, mail: str, phone: str) -> str:
        return (f"<div class='card'><div class='role'>{role}</div><div class='who'>{name}</div>e-mail: {mail}<br>"
                f"tlf. {phone}</div>")
    css = ("body{font-family:'Liberation Sans';font-size:10pt} .card{float:left;width:54mm;border:0.8pt solid #999;"
           "margin:0 4mm 4mm 0;padding:2mm 3mm} .role{font-size:7pt;color:#666} .who{font-weight:bold}"
           " .clear{clear:both}")
    page = (f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
            "<h1>Informationsskema – Sundhedsdatanettet</h1><p>Organisation: Kragsø Apotek<br>CVR-nr.: 81379211<br>"
            "IP-net: 192.168.176.0/27<br>Installationsadresse: Tværgade 7, 1921 Frederiksberg C</p>"
            "<h2>Kontaktpersoner</h2>"
            + card("Kontakt (aftale)", "Signe Bech", "sibe@kragsoe-it.example", "6848 6624")
            + card("Teknisk kontakt", "Karoline Uldall", "karoline.uldall@kragsoe-it.example", "+45 80 90 94 46")
            + "<div class='clear'></div><p>Med venlig hilsen<br><br>Signe Bech<br>Kragsø Apotek</p></body></html>")
    f = read_pdf(wkhtmltopdf(page), "skema.pdf").fields
    assert (f.org_contact.name, f.org_contact.email, f.org_contact.phone) == \
        ("Signe Bech", "sibe@kragsoe-it.example", "+4568486624")
    assert [(t.name, t.email, t.phone) for t in f.technical_contacts] == \
        [("Karoline Uldall", "karoline.uldall@kragsoe-it.example", "+4580909446")]


def _party_docx(cell: bool) -> bytes:
    """A data processor agreement (python-docx, printed by AbiWord) whose party is given after its role: in a
    table cell of lines AbiWord runs into one ("Den dataansvarlige Lægehuset Rønnebæk CVR-nr.: 7914 6137 ..."),
    or as a list of the parties ("Den dataansvarlige: Lægehuset Rønnebæk, CVR-nr.: 79146137, ...")."""
    from docx import Document as Docx

    d = Docx()
    d.add_heading("Databehandleraftale (SDN)", level=1)
    if cell:
        t = d.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        t.rows[0].cells[0].text = ("Den dataansvarlige\nLægehuset Rønnebæk\nCVR-nr.: 7914 6137\n"
                                   "Præstevænget 88, 1575 København V")
        t.rows[0].cells[1].text = "Databehandleren\nMedCom\nCVR-nr.: 26919991\nForskerparken 10, 5230 Odense M"
    else:
        d.add_paragraph("Aftalens parter")
        d.add_paragraph("1. Den dataansvarlige: Lægehuset Rønnebæk, CVR-nr.: 79146137, Præstevænget 88, "
                        "1575 København V")
        d.add_paragraph("2. Databehandleren: MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M")
    for i, (h, t_) in enumerate(CLAUSES):
        d.add_heading(f"§ {i + 1} {h}", level=2)
        d.add_paragraph(t_)
    d.add_heading("Underskrifter", level=2)
    for line in ("For Lægehuset Rønnebæk", "Dato: 8/10-26", "Viggo Frost, Praksisindehaver", "For MedCom", "Dato:"):
        d.add_paragraph(line)
    return abiword(d)


def test_the_party_named_after_its_role_and_before_its_cvr() -> None:
    """The party given after its role and before its CVR on one line ("Den dataansvarlige Lægehuset Rønnebæk
    CVR-nr.: ...", a cell whose lines AbiWord ran into one; "Den dataansvarlige: X, CVR-nr.: ...", a list of the
    parties): no label names it, no "mellem"/"between" sentence, and the organisation was missing (the party
    asked for it). The words after a role's and before the CVR are the party's name."""
    for cell in (True, False):
        doc = read_pdf(_party_docx(cell), "dba.pdf")
        assert doc.fields.organisation == "Lægehuset Rønnebæk"
        assert doc.fields.cvr == "79146137"


def _three_columns(kmd: str, vendor: str) -> bytes:
    """A form in three columns, each caption small over its answer (wkhtmltopdf), as a municipality's letter."""
    cells = [[("Organisation", "Privathospitalet Havrum A/S"), ("CVR-nr.", "54877080"),
              ("Organisationstype", "Privat hospital/klinik")],
             [("Tilsluttes via KMD", kmd), ("Systemleverandør", vendor), ("IP-net", "10.166.8.192/26")],
             [("Installationssted", "Møllebakken 21<br>8310 Tranbjerg J"), ("", ""), ("", "")]]
    rows = "".join("<tr>" + "".join(f"<td><div class='lab'>{k}</div><div>{v}</div></td>" for k, v in r) + "</tr>"
                   for r in cells)
    css = ("body{font-family:'Liberation Sans';font-size:10pt} table{width:100%} td{width:33%;vertical-align:top;"
           "padding:4px 8px 8px 0} .lab{font-size:7pt;text-transform:uppercase;color:#666}")
    return wkhtmltopdf(f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
                       "<h1>SDN: oplysninger om tilslutningsstedet</h1>"
                       f"<table>{rows}</table><h2>Kontaktpersoner</h2><p>Teknisk kontakt: Kasper Winther, "
                       "kasper@havrum-it.example, tlf. 69138785</p></body></html>")


def test_a_via_caption_over_its_answer_and_a_vendor_answered_no() -> None:
    """Captions set small over their answers in a row ("TILSLUTTES VIA KMD | SYSTEMLEVERANDØR | IP-NET" over
    "Nej | Ingen | 10.166.8.192/26"): the caption row was read as "connected via: KMD" (the caption's own word),
    and a vendor answered "Nej", "Ingen" or "–" was taken for the vendor's name, each with confidence. The via
    caption's answer is the cell under it; a no under the vendor's label names no vendor."""
    for kmd, vendor, expected in (("Nej", "Ingen", None), ("Nej", "–", None), ("JA", "Nej", "KMD"),
                                  ("Nej", "Journalhuset A/S", "Journalhuset A/S")):
        f = read_pdf(_three_columns(kmd, vendor), "skema.pdf").fields
        assert f.connected_via == expected, (kmd, vendor)


def _rows_of_boxes(label: str, value: str, per_row: int = 24) -> str:
    """An answer one character a box that goes on into further rows of boxes under the first, unlabelled."""
    chunks = [value[i:i + per_row] for i in range(0, max(len(value), 1), per_row)]
    return "".join(_boxes(label if k == 0 else "", chunk, per_row) for k, chunk in enumerate(chunks))


def test_an_answer_going_on_in_a_second_row_of_boxes_is_read_whole() -> None:
    """A long answer in boxes goes on in the next row of boxes, with no label of its own: read row by row, the
    address was cut at the row's end ("hanne.gram@hvidmose-sundhed.exam", with confidence). A full row's answer
    goes on in the unlabelled row under it; a row that ends short of its last box does not (two networks under
    one label stay two). An answer of two or three glyphs in the same boxes ("J A", the street's "1 4 2") is one
    word too."""
    css = ("body{font-family:'DejaVu Sans';font-size:9pt} table.row{border-collapse:collapse;margin:1.2mm 0 2.5mm}"
           "td.l{width:38mm} td.b{border:0.7pt solid #333;width:4.2mm;height:5.6mm;text-align:center;"
           "font-family:'DejaVu Sans Mono';padding:0}")
    parts = {"A. Organisationen": [("Organisation", "Fysioterapi Hvidmose"), ("CVR-nr.", "22727303"),
                                   ("Type", "Praktiserende fysioterapeut"), ("Via KMD", "JA")],
             "B. Kontaktperson": [("Navn", "Hanne Gram"), ("E-mail", "hanne.gram@hvidmose-sundhed.example"),
                                  ("Tlf.", "38694833")],
             "C. Teknisk kontaktperson": [("Navn", "Ida Nørgaard"),
                                          ("E-mail", "ida.noergaard@hvidmose-sundhed.example"), ("Tlf.", "93124211")],
             "D. Installationsadresse": [("Adresse", "Ved Lille Hvidmose Kirke 142"),
                                         ("Postnr. og by", "6520 Toftlund")]}
    nets = _boxes("IP-net", "10.143.33.128/25", 24) + _boxes("", "192.168.133.64/27", 24)
    page = (f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
            "<h1>Informationsskema – Sundhedsdatanettet</h1>"
            + "".join(f"<h3>{H.escape(h)}</h3>" + "".join(_rows_of_boxes(k, v) for k, v in rows)
                      for h, rows in parts.items()) + "<h3>E. IP-net</h3>" + nets + "</body></html>")
    from parsers.documents.page import read_content

    pdf = wkhtmltopdf(page)
    texts = [ln.text for ln in read_content(pdf).lines]
    assert "E-mail hanne.gram@hvidmose-sundhed.example" in texts
    assert "E-mail ida.noergaard@hvidmose-sundhed.example" in texts
    assert "Adresse Ved Lille Hvidmose Kirke 142" in texts  # the space in the row's last box kept
    assert "IP-net 10.143.33.128/25" in texts and "192.168.133.64/27" in texts
    f = read_pdf(pdf, "skema.pdf").fields
    assert f.org_contact.email == "hanne.gram@hvidmose-sundhed.example"
    assert [t.email for t in f.technical_contacts] == ["ida.noergaard@hvidmose-sundhed.example"]
    assert f.connected_via == "KMD"


def test_an_answer_s_last_glyph_alone_in_the_next_row_of_boxes_is_its_end() -> None:
    """An address one glyph longer than a row of boxes: its last letter stands alone in the next row's first box
    ("anne.fynbo@havrum.exampl" over "e"). A lone glyph has no pitch of its own, so it was no comb and the address
    was read cut, with confidence; in the row's boxes, under a full row, it is the answer's end."""
    css = ("body{font-family:'DejaVu Sans';font-size:9pt} table.row{border-collapse:collapse;margin:1.2mm 0 2.5mm}"
           "td.l{width:38mm} td.b{border:0.7pt solid #333;width:4.2mm;height:5.6mm;text-align:center;"
           "font-family:'DejaVu Sans Mono';padding:0}")
    email = "anne.fynbo@havrum.example"
    assert len(email) == 25
    rows = [("Organisation", "Fysioterapi Havrum"), ("CVR-nr.", "99588640"), ("Navn", "Anne Fynbo"),
            ("E-mail", email), ("Tlf.", "32556800")]
    page = (f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
            "<h1>Informationsskema – Sundhedsdatanettet</h1><h3>B. Kontaktperson</h3>"
            + "".join(_rows_of_boxes(k, v) for k, v in rows) + "</body></html>")
    from parsers.documents.page import read_content

    texts = [ln.text for ln in read_content(wkhtmltopdf(page)).lines]
    assert f"E-mail {email}" in texts


def _quoted_reply(reg_label: str, reg: str, contact_q: str, tech_q: str) -> str:
    """A mail reply quoting the form's questions ("> CVR-nr.:"), each answer typed under its question."""
    qa = [("Legal entity:", ["Rønnebæk Helse AS, NUF"]), ("Company reg. (CVR):", ["8725 7770"]),
          (reg_label, [reg]), ("Kind of organisation:", ["Foreign company"]), ("Via KMD:", ["NO"]),
          (contact_q, ["Matthias Lindqvist", "matthias@roennebaek.example", "89273617"]),
          (f"{tech_q} 1:", ["Henrik Schneider", "henrik@roennebaek.example", "85838472"]),
          (f"{tech_q} 2:", ["Sigrid Vogel", "sigrid.vogel@roennebaek.example", "+45 96 53 82 35"]),
          ("IP networks:", ["10.90.47.0/24"]), ("Site:", ["Tværgade 98", "1861 Frederiksberg C"])]
    body = ["From: Matthias Lindqvist <matthias@roennebaek.example>", "To: sdn@medcom.example",
            "Subject: SV: SDN - information form", "", "Hi,", "", "Answers inline below.", ""]
    for q, answers in qa:
        body += [f"> {q}", *answers, ""]
    return "\n".join([*body, "Best,", "Matthias", "Rønnebæk Helse AS, NUF"]) + "\n"


def test_a_foreign_registration_is_no_cvr_and_quoted_questions_name_their_contacts() -> None:
    """An enscript-printed reply quoting the questions: "Foreign reg. no." over "Org.nr. 556941-1705" was taken
    for the CVR label (its "reg. no.") and the Swedish number for the CVR, said invalid (the party would have been
    told its CVR fails the check), while "Company reg. (CVR)" was read as the organisation's label; and the
    contact asked as "Responsible (name, email, phone):" was no heading (its brackets read as a phone label), so
    the first technical contact ("Tech. contact 1:", the abbreviation unknown) became the organisation's. A
    number labelled or written as another country's registration is never the CVR; the parts asked in brackets
    are no label; "Tech."/"Tekn." name the technical contacts."""
    for reg_label, reg, contact_q, tech_q in (("Foreign reg. no.:", "Org.nr. 556941-1705",
                                               "Responsible (name, email, phone):", "Tech. contact"),
                                              ("Reg. no. (abroad):", "HRB 103868 (Amtsgericht Hamburg)",
                                               "Contact person (name, email, phone):", "Tekn. kontaktperson")):
        doc = read_pdf(enscript(_quoted_reply(reg_label, reg, contact_q, tech_q)), "reply.pdf")
        f = doc.fields
        assert f.cvr == "87257770", reg_label
        assert "invalid_cvr" not in {p.code for p in doc.problems}
        assert (f.org_contact.name, f.org_contact.email) == ("Matthias Lindqvist", "matthias@roennebaek.example")
        assert [t.name for t in f.technical_contacts] == ["Henrik Schneider", "Sigrid Vogel"]


def _letter(title: str, org_row: list[tuple[str, str]], via_row: list[tuple[str, str]]) -> str:
    """A municipal letter (wkhtmltopdf): letterhead, reference block, MedCom's address, the title, the answers in
    rows of three small captions over their answers, then the contacts as cards, three to a row."""
    css = ("body{font-family:'Liberation Sans';font-size:10pt} .org{font-size:15pt;font-weight:bold} "
           ".ref{font-size:8pt} h1{font-size:14pt} table.three{width:100%;border-collapse:collapse} "
           "table.three td{width:33%;vertical-align:top;padding:1.5mm 3mm 2.5mm 0;border-top:0.5pt solid #bbb} "
           ".lab{font-size:7pt;text-transform:uppercase} .card{float:left;width:54mm;border:0.8pt solid #999;"
           "margin:0 4mm 4mm 0;padding:2mm 3mm;min-height:22mm} .who{font-weight:bold} .role{font-size:7pt} "
           ".clear{clear:both}")

    def row(cells: list[tuple[str, str]]) -> str:
        return "<tr>" + "".join(f"<td><div class='lab'>{k}</div><div>{v}</div></td>" for k, v in cells) + "</tr>"

    def card(role: str, name: str, mail: str, phone: str) -> str:
        return (f"<div class='card'><div class='role'>{role}</div><div class='who'>{name}</div>e-mail: {mail}<br>"
                f"tel. {phone}</div>")
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{css}</style></head><body>"
            "<table style='width:100%'><tr><td><div class='org'>Havrum Health AB, filial af svensk selskab</div>"
            "<div class='ref'>Søndre Ringvej 9 · 1368 København K</div></td><td class='ref'>File no. 28.52.00-G01-75"
            "<br>Our ref. JV<br>Date 21/11/2026</td></tr></table><p style='font-size:9pt'>MedCom<br>Attn.: SDN "
            f"secretariat<br>Forskerparken 10<br>5230 Odense M</p><h1>{title}</h1><p>Please find our details for the "
            f"SDN connection below.</p><table class='three'>{row(org_row)}{row(via_row)}"
            f"{row([('Networks (CIDR)', '172.16.113.0/24'), ('Site', 'Tværgade 43<br>1439 København K')])}</table>"
            "<h2>Contacts</h2>"
            + card("Responsible", "Jonas Vogel", "jonas.vogel@havrum.example", "39173582")
            + card("Technical contact", "Sigrid Lindqvist", "sigrid@havrum.example", "85030952")
            + card("Technical contact", "Henrik Nyberg", "henrik@havrum.example", "65917279")
            + card("Technical contact", "Malin Haugen", "malin@havrum.example", "78391116")
            + "<div class='clear'></div><p>Kind regards<br><br>Jonas Vogel<br>Havrum Health AB</p></body></html>")


def test_a_letters_answers_in_captioned_rows_and_its_cards_in_rows() -> None:
    """A municipal letter: its title under the letterhead ("Connection form (SDN)") opened the part about the
    connection (its "connection"), and the party's details under it were lost; a row of captions ("TYPE | VIA KMD
    | SYSTEMLEVERANDØR") was read as one label's value ("Type: VIA KMD SYSTEMLEVERANDØR": an IT supplier, with
    confidence) and "CONNECTED THROUGH KMD" over "No" as via KMD; the fourth card, on a second row of cards, was
    read as the first card's rest, and "Responsible" named no role. Each caption's answer is the cell under it,
    a title naming the network is no part, a role over a card opens the next row of cards."""
    letters = [("Connection form (SDN)",
                [("Legal entity", "Havrum Health AB, filial af svensk selskab"), ("CVR/SE no.", "71032590"),
                 ("Type", "Foreign company")],
                [("Connected through KMD", "No"), ("Clinical system vendor", "–"), ("Foreign reg. no.", "HRB 103868")],
                None),
               ("Informationsskema – Sundhedsdatanettet",
                [("Juridisk enhed", "Havrum Health AB, filial af svensk selskab"), ("CVR nr", "71032590"),
                 ("Udenl. registreringsnr.", "HRB 103868")],
                [("Type", "Udenlandsk selskab"), ("Via KMD", "JA"), ("Systemleverandør", "Nej")], "KMD")]
    for title, org_row, via_row, via in letters:
        f = read_pdf(wkhtmltopdf(_letter(title, org_row, via_row)), "skema.pdf").fields
        assert f.organisation == "Havrum Health AB, filial af svensk selskab", title
        assert f.cvr == "71032590"
        assert f.party_type == "foreign", title
        assert f.connected_via == via, title
        assert (f.org_contact.name, f.org_contact.email) == ("Jonas Vogel", "jonas.vogel@havrum.example")
        assert [t.name for t in f.technical_contacts] == ["Sigrid Lindqvist", "Henrik Nyberg", "Malin Haugen"]


def test_a_heading_naming_two_parts_and_plain_questions_answered_beside() -> None:
    """A paper form's parts: "D. Netværk (CIDR) / Installationssted" named the networks and the place at once, and
    the address under it went to the networks' part (not found); "Myndighed/virksomhed" named no organisation;
    "Via KMD | Ja" (no question mark) was no question, and "Clinical system vendor" no vendor's label. A heading
    naming two parts with a slash has its lines read for both."""
    def rows(pairs: list[tuple[str, str]]) -> str:
        return "".join(f"<tr><td style='width:45mm'>{H.escape(k)}</td><td>{H.escape(v)}</td></tr>" for k, v in pairs)
    for org_label, via, vendor_label, vendor, expected in (
            ("Myndighed/virksomhed", "Ja", "Systemleverandør", "Nej", "KMD"),
            ("Company/authority", "NO", "Clinical system vendor", "Journalhuset A/S", "Journalhuset A/S")):
        page = ("<!doctype html><html><head><meta charset='utf-8'><style>body{font-family:'DejaVu Sans';"
                "font-size:9pt} h3{background:#ddd}</style></head><body><h1>Skema til tilslutning (SDN)</h1>"
                "<h3>A. Organisationen</h3><table>"
                + rows([(org_label, "Region Mosede Strand"), ("CVR-nr.", "20435739"), ("Organisationstype", "Region"),
                        ("Via KMD", via), (vendor_label, vendor)])
                + "</table><h3>B. Kontaktperson</h3><table>"
                + rows([("Navn", "Åse Christoffersen"), ("E-mail", "aach@mosede-strand.example"), ("Tlf.", "98412103")])
                + "</table><h3>C. Teknisk kontakt</h3><table>"
                + rows([("Navn", "Dorthe Kragh"), ("E-mail", "dokr@mosede-strand.example"), ("Tlf.", "35469082")])
                + "</table><h3>D. Netværk (CIDR) / Installationssted</h3><table>"
                + rows([("Netværk (CIDR) 1", "172.26.78.0/24"), ("Adresse", "Hospitalsvej 12"),
                        ("Postnr. og by", "1092 København K")])
                + "</table></body></html>")
        f = read_pdf(wkhtmltopdf(page), "skema.pdf").fields
        assert f.organisation == "Region Mosede Strand", org_label
        assert f.connected_via == expected, via
        assert f.ip_scopes == ["172.26.78.0/24"]
        a = f.installation_address
        assert (a.street, a.postcode, a.city) == ("Hospitalsvej 12", "1092", "København K")


def test_a_quoted_via_question_answered_under_it_and_a_typed_address() -> None:
    """The reply's "> Connected through KMD:" over "NO" and "> Clinical system vendor:" over "Novax": the bare
    "NO" was taken for the start of the vendor's question (read "KMD", with confidence), "Clinical" for a
    clinic's part, and the options said printed without boxes; the site "Engtoften 120" over "5592 Ejby" in
    Courier was read "Engtoften 5592 Ejby 120" (the postcode a wrap of the street's first word); "> Organisation:"
    was taken for the party's heading and the name under it was lost. A bare yes or no answers the question above
    it; typed text goes on after one monospace space, no wrap from there; a label with its colon that names the
    part it stands in is that part's label."""
    for kmd_q, no, vendor_q in (("Connected through KMD:", "NO", "Clinical system vendor:"),
                                ("Tilsluttes via KMD:", "NEJ", "Systemleverandør:")):
        body = ["From: Åse Uldall <aase@skovlund.example>", "Subject: SV: SDN", "", "Svar herunder.", ""]
        for q, answers in (("Organisation:", ["Fysioterapi Skovlund"]), ("CVR-nr.:", ["34 06 05 17"]),
                           ("Type:", ["Fysioterapeut"]), (kmd_q, [no]), (vendor_q, ["Novax"]),
                           ("Responsible (name, email, tel):", ["Åse Uldall", "aase@skovlund.example", "55296347"]),
                           ("Technical contact 1:", ["Rasmus Lindhardt", "rali@skovlund.example", "6249 2690"]),
                           ("IP networks:", ["10.234.109.0/25"]), ("Site:", ["Engtoften 120", "5592 Ejby"])):
            body += [f"> {q}", *answers, ""]
        f = read_pdf(enscript("\n".join([*body, "Best,", "Åse"]) + "\n"), "reply.pdf").fields
        assert f.organisation == "Fysioterapi Skovlund"  # "> Organisation:" quoted is the name's label, no heading
        assert f.connected_via == "Novax", kmd_q
        a = f.installation_address
        assert (a.street, a.postcode, a.city) == ("Engtoften 120", "5592", "Ejby")


def test_labels_naming_a_contacts_role_and_field_and_the_street_beside_the_parts_name() -> None:
    """A form's rows labelled by role and field ("Contact person – name", "IT contact 2 – e-mail") and the street
    beside the place's own name ("Installation address | Nørregade 5"): neither label was known, so the contacts
    and the street were not found (for staff, though all were there). A role, a dash and a contact's field open
    that role's part; the street beside the part's name is read by its form."""
    rows = [("Legal entity", "Privathospitalet Vester Lyng A/S"), ("CVR no.", "83383666"),
            ("Type", "Private hospital/clinic"), ("Via KMD", "NO"), ("Contact person – name", "Birthe Juhl"),
            ("Email", "birthe.juhl@vester-lyng.example"), ("Tel", "96630355"), ("IT contact 1 – name", "Mads Dalgas"),
            ("Email", "mads.dalgas@vester-lyng.example"), ("Tel", "26348471"), ("IT contact 2 – name", "Rasmus Pape"),
            ("Email", "rasmus@vester-lyng.example"), ("Tel", "53356780"), ("Networks (CIDR) 1", "172.20.78.0/24"),
            ("Installation address", "Nørregade 5"), ("Postcode and town", "1130 København K")]
    page = ("<!doctype html><html><head><meta charset='utf-8'></head><body style=\"font-family:'DejaVu Sans'\">"
            "<h1>SDN: details of the connection site</h1><table>"
            + "".join(f"<tr><td style='width:60mm'>{H.escape(k)}</td><td>{H.escape(v)}</td></tr>" for k, v in rows)
            + "</table></body></html>")
    f = read_pdf(wkhtmltopdf(page), "form.pdf").fields
    assert (f.org_contact.name, f.org_contact.email, f.org_contact.phone) == \
        ("Birthe Juhl", "birthe.juhl@vester-lyng.example", "+4596630355")
    assert [(t.name, t.email) for t in f.technical_contacts] == \
        [("Mads Dalgas", "mads.dalgas@vester-lyng.example"), ("Rasmus Pape", "rasmus@vester-lyng.example")]
    a = f.installation_address
    assert (a.street, a.postcode, a.city) == ("Nørregade 5", "1130", "København K")


def test_a_signatures_rule_before_the_typed_name_and_title_is_no_part_of_the_title(tmp_path: Path) -> None:
    """AbiWord's typed signature: the rule "________" set before "Dorthe Winther, Laboratoriechef" on the line
    under the name: the title had been read as the whole line, rule and name included (held-out seed 1956, the
    sixth hand)."""
    p = party(random.Random(41), "pharmacy", "da")
    doc = s6.agreement(random.Random(41), p, "connection_agreement", "s6-agr-abiword", "typed", "penneo", "a.pdf")
    out = tmp_path / "a.pdf"
    doc.draw(out)
    got = read_pdf(out.read_bytes(), "a.pdf").as_json()["fields"]
    assert got["signatory_title"] == doc.truth["documents"][0]["fields"]["signatory_title"]  # type: ignore[index]


@pytest.mark.parametrize(("seed", "kind"), [(41, "laboratory"), (42, "region"), (43, "municipality")])
def test_the_type_under_its_caption_in_a_letters_row_of_captions_is_read(tmp_path: Path, seed: int,
                                                                          kind: str) -> None:
    """A letter's row of small captions over their answers ("JURIDISK ENHED | CVR-NR. | ORGANISATIONSTYPE" or "ART"
    over "… | … | Laboratorium (privat)"): once small captions opened no column of their own (LibreOffice Draw's
    numbered captions), the type under its caption was not found (held-out seed 1956, the sixth hand)."""
    p = party(random.Random(seed), kind, "da")
    doc = s6.form(random.Random(seed), p, "s6-wk-letterhead", "f.pdf")
    out = tmp_path / "f.pdf"
    doc.draw(out)
    got = read_pdf(out.read_bytes(), "f.pdf").as_json()["fields"]
    assert got["party_type"] == kind
