"""Issue 22, documents laid out otherwise (made by the real tools: Chromium, Ghostscript): a cell's value
wrapped in a two-column form, a signatory line run across into MedCom's column, a footer drawn over a form's
last row, and an organisation whose name does not look like one. Each was read as a confident wrong value or
as an unsigned agreement."""
from __future__ import annotations

import html
import io

import pdfplumber

from parsers import read_pdf

from . import tools
from .agreement_docs import DA_CONN_CLAUSES, EN_DPA_CLAUSES

CSS = ("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt} td{vertical-align:top}"
       "table.out{width:100%;table-layout:fixed} table.out>tbody>tr>td{width:50%}"
       "table.in{width:100%;table-layout:fixed} table.in td.l{width:45%}")


def _cells(rows: list[tuple[str, str]]) -> str:
    e = html.escape
    return "<table class='in'>" + "".join(f"<tr><td class='l'>{e(a)}</td><td>{e(b)}</td></tr>" for a, b in rows) \
        + "</table>"


def _page(body: str, css: str = CSS) -> str:
    return (f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>{css}</style></head>"
            f"<body>{body}</body></html>")


def _lines_of(data: bytes, word: str) -> set[int]:
    """The rounded tops of the lines of the text layer that hold `word`."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return {round(w["top"]) for page in pdf.pages for w in page.extract_words() if w["text"] == word}


def _texts(data: bytes) -> list[str]:
    """The text layer's lines (pdfplumber's), one string each."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [ln.strip() for page in pdf.pages for ln in (page.extract_text() or "").splitlines()]


def two_column_form(org: str, email: str) -> str:
    """Sections 1-4 in the left column, 5-7 in the right, label | value cells in each."""
    left = ("<h3>1. Organisation</h3>" + _cells([("Organisationens navn", org), ("CVR-nr.", "29189846")])
            + "<h3>2. Type</h3>" + _cells([("Organisationstype", "☒ Region ☐ Kommune")])
            + "<h3>3. Tilslutning</h3>" + _cells([("Tilsluttes via", "☒ Direkte ☐ KMD")])
            + "<h3>4. Installationsadresse</h3>"
            + _cells([("Adresse", "Skovvej 12"), ("Postnr. og by", "7400 Herning")]))
    right = ("<h3>5. Kontaktperson</h3>"
             + _cells([("Navn", "Sofie Kragh"), ("E-mail", email), ("Telefon", "20 30 40 50")])
             + "<h3>6. Teknisk kontaktperson</h3>"
             + _cells([("Navn", "Bo Lind"), ("E-mail", "bo.lind@hvidmose-it.example"), ("Telefon", "21 31 41 51")])
             + "<h3>7. IP-adresser</h3>" + _cells([("Netværk 1", "10.20.30.0/24"), ("Netværk 2", "10.20.31.0/24")]))
    return _page("<h1>Informationsskema – tilslutning til Sundhedsdatanettet</h1>"
                 f"<table class='out'><tr><td>{left}</td><td>{right}</td></tr></table>")


def test_a_value_wrapped_in_its_cell_of_a_two_column_form_is_read_whole() -> None:
    """"Hospitalsenheden" / "Hvidmose" in the left column's value cell, the right column's "Navn" beside it: the
    next column begins at its headings, a gutter left of its cells, so "Hvidmose" had no room on the line above
    and is the name's rest (read alone, "Hospitalsenheden" was a confident wrong organisation)."""
    tools.ensure("chromium")
    data = tools.chromium_print(two_column_form("Hospitalsenheden Hvidmose", "sofie.kragh@hvidmose-it.example"))
    assert _lines_of(data, "Hospitalsenheden") != _lines_of(data, "Hvidmose"), "the fixture must wrap"
    f = read_pdf(data, "form.pdf").as_json()["fields"]
    assert f["organisation"] == "Hospitalsenheden Hvidmose"
    assert f["org_contact"]["email"] == "sofie.kragh@hvidmose-it.example"
    assert f["technical_contacts"][0]["email"] == "bo.lind@hvidmose-it.example"
    assert f["ip_scopes"] == ["10.20.30.0/24", "10.20.31.0/24"]


def _agreement(signer: str, cell_padding: str) -> str:
    """A connection agreement whose signature block stands in two columns that overlap ("Navn og titel:
    Hospitalsdirektør, Nikolaj Henrik Wulff Christoffersen" runs into MedCom's column, where MedCom's
    "Christensen" / "Direktør" stand under its own line), and a signing service's evidence page after it: a
    table "Name | Title | Signed (UTC) | e-ID" with the identity service's shorter name of the party's signer."""
    clauses = "".join(f"<h3>{h}</h3><p>{b}</p>" for h, b in DA_CONN_CLAUSES)
    td = f"style='padding:{cell_padding};text-align:left'"
    rows = [("Name", "Title", "Signed (UTC)", "e-ID"), (signer, "Hospitalsdirektør", "2026-10-02 11:00:51", "MitID"),
            ("Mette Christensen", "Direktør, MedCom", "2026-10-03 08:12:00", "MitID")]
    table = "".join("<tr>" + "".join(f"<td {td}>{c}</td>" for c in row) + "</tr>" for row in rows)
    css = ("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt} p.s{margin:0 0 4pt 0}"
           ".blk{position:relative;height:140pt} .l{position:absolute;left:0;width:40%}"
           ".r{position:absolute;left:42%;width:22%}")
    return _page(
        "<h1>Aftale om tilslutning til Sundhedsdatanettet</h1><p>Parten: Hospitalsenheden Hvidmose</p>"
        f"<p>CVR-nr.: 29189846</p><p>MedCom, CVR-nr. 26919991</p>{clauses}<h2>Underskrifter</h2><div class=blk>"
        "<div class=l><p class=s>For den tilsluttede part</p><p class=s>Dato: 2. oktober 2026</p>"
        "<p class=s>Navn og titel: Hospitalsdirektør, Nikolaj Henrik Wulff Christoffersen</p></div>"
        "<div class=r><p class=s>For MedCom</p><p class=s>Dato: 3. oktober 2026</p>"
        "<p class=s>Navn og titel: Mette Christensen</p><p class=s>Direktør</p></div></div>"
        "<div style='page-break-before:always'><h1>Underskrifter</h1><p>Dette dokument er underskrevet digitalt "
        "via Verified. Underskrifterne er bekræftet med MitID.</p>"
        f"<table style='border-collapse:collapse'>{table}</table><p>Dokument-ID: 5f0c9b1e-2222-4e3a</p></div>",
        css)


def test_the_party_s_signer_on_the_evidence_page_is_matched_by_the_parts_of_the_name() -> None:
    """MitID's "Nikolaj Christoffersen" is the block's "Nikolaj Henrik Wulff Christoffersen": the agreement is
    signed (read unsigned, it would be the worst wrong word), also where the table's name and title cells ran
    together ("Nikolaj ChristoffersenHospitalsdirektør", no padding) and its head row is no signer."""
    tools.ensure("chromium")
    for padding in ["3pt", "0"]:
        doc = read_pdf(tools.chromium_print(_agreement("Nikolaj Christoffersen", padding)), "a.pdf").as_json()
        f = doc["fields"]
        assert (f["signed"], f["signature_date"]) == (True, "2026-10-02"), padding
        assert (f["signatory_name"], f["signatory_title"]) == ("Nikolaj Henrik Wulff Christoffersen",
                                                               "Hospitalsdirektør")
        assert not [p for p in doc["problems"] if p["code"] == "not_signed"]
        # named after its role's label: an organisation though no word of it says so (not read before)
        assert f["organisation"] == "Hospitalsenheden Hvidmose"


def test_another_person_on_the_evidence_page_signs_nothing_for_the_party() -> None:
    """A signer whose last name is not the signatory's ("Nikolaj Kristensen") is no evidence that the party
    signed: not read as signed, and never said to be unsigned on evidence of an empty place."""
    tools.ensure("chromium")
    doc = read_pdf(tools.chromium_print(_agreement("Nikolaj Kristensen", "3pt")), "a.pdf").as_json()
    assert doc["fields"]["signed"] is not True
    assert all(p.get("evidence") != "found_empty" for p in doc["problems"] if p["code"] == "not_signed")


def test_a_wrapped_block_letters_label_is_no_signatory_and_the_service_s_signer_signs() -> None:
    """The block's labels wrap in their narrow cells ("Navn" / "(blokbogstaver):") and nothing is written after
    them; the service's audit page says the party's signer e-signed. The label's tail is no signatory's name,
    and the one signer who is not MedCom's is the party's: signed, on that day."""
    tools.ensure("chromium")
    clauses = "".join(f"<h3>{h}</h3><p>{b}</p>" for h, b in DA_CONN_CLAUSES)
    col = ("<td style='width:9%'>Dato:<br><br>Underskrift<br><br>Navn (blokbogstaver):<br>Stilling:</td>"
           "<td style='width:41%'></td>")
    audit = ("<div style='page-break-before:always'><h2>Final Audit Report 2026-10-05</h2>"
             "<p>Transaction ID: CBJCHBCAABAAvqvh2-0umhoo</p><p>Document created by Åse Eskildsen "
             "(aaes@aalund.example)<br>2026-10-01 - 1:04:12 PM GMT</p><p>Document e-signed by Åse Eskildsen "
             "(aaes@aalund.example)<br>Signature Date: 2026-10-02 - 2:04:12 PM GMT - Time Source: server</p>"
             "<p>Document e-signed by Mette Christensen (mc@medcom.example)<br>Signature Date: 2026-10-05 - "
             "6:17:41 AM GMT - Time Source: server</p><p>Agreement completed.</p><p>Adobe Acrobat Sign</p></div>")
    data = tools.chromium_print(_page(
        "<h1>Aftale om tilslutning til Sundhedsdatanettet</h1><p>Parten: Ålund Software ApS</p>"
        f"<p>CVR-nr.: 29189846</p><p>MedCom, CVR-nr. 26919991</p>{clauses}<h2>Underskrifter</h2>"
        "<table style='width:100%'><tr><td colspan=2>For MedCom</td><td colspan=2>For Ålund Software ApS</td></tr>"
        f"<tr>{col}{col}</tr></table>{audit}"))
    assert any(ln.startswith("(blokbogstaver):") for ln in _texts(data)), "the fixture must wrap"
    doc = read_pdf(data, "a.pdf").as_json()
    f = doc["fields"]
    assert (f["signed"], f["signature_date"]) == (True, "2026-10-02")
    assert f["signatory_name"] in (None, "Åse Eskildsen")


def _questions(answers: list[tuple[str, str]], indent: str = "0") -> str:
    e = html.escape
    return _page("<h1>Information form – connection to the Health Data Network</h1>" + "".join(
        f"<p><b>{e(q)}</b><br><span style='margin-left:{indent}'>{e(a)}</span></p>" if a else f"<p><b>{e(q)}</b></p>"
        for q, a in answers))


QUESTIONS = [("What is your CVR number?", "29189846"),
             ("What type of organisation are you?", "☒ Private practice ☐ Municipality ☐ Region"),
             ("Who is your contact person?", "Sofie Kragh, sofie@lindholt.example, 20 30 40 50"),
             ("Who is your technical contact?", "Bo Lind, bo@lindholt.example, 21 31 41 51"),
             ("Where should the equipment be installed?", "Skovvej 12, 7400 Herning"),
             ("Which IP ranges should be opened?", "10.20.30.0/24")]


def test_the_answer_to_the_question_for_the_organisation_s_name_is_its_name() -> None:
    """"What is the name of your organisation?" over "Fysioterapi Lindholt": no word of the answer is one an
    organisation's name is known by, but the question says what it is (before: not read at all), also where the
    answer stands indented under its numbered question (the outside check's seed 73)."""
    tools.ensure("chromium")
    for question, indent in [("What is the name of your organisation?", "0"), ("Hvad hedder jeres organisation?", "0"),
                             ("Spørgsmål 1: Hvad er organisationens juridiske navn?", "16pt")]:
        data = tools.chromium_print(_questions([(question, "Fysioterapi Lindholt"), *QUESTIONS], indent))
        f = read_pdf(data, "form.pdf").as_json()["fields"]
        assert (f["organisation"], f["cvr"]) == ("Fysioterapi Lindholt", "29189846"), question


def test_a_note_or_the_next_question_under_the_name_question_is_no_name() -> None:
    """Under the question a note in brackets, or no answer at all (the next question follows): no name."""
    tools.ensure("chromium")
    for answer in ["(as registered in the CVR register)", ""]:
        data = tools.chromium_print(_questions([("What is the name of your organisation?", answer), *QUESTIONS]))
        assert read_pdf(data, "form.pdf").as_json()["fields"]["organisation"] is None, answer


def _captioned_block(typed: bool) -> str:
    """A data processing agreement whose signature block is two nested tables side by side: "Date:" | "29th
    October 2026", the typed name on the line under it (or nothing), and under it small captions
    ("Signature", "Name in block letters", "Title") each over its value; MedCom's column left empty, so its
    rows stand lower than the party's and its heading a line below the party's."""
    def col(who: str, name: str, title: str, date: str, typed_name: str) -> str:
        rows = [f"<td colspan=2><b>For {who}</b></td>", f"<td width='60%'>Date:</td><td>{date}</td>",
                f"<td colspan=2>{typed_name or '&nbsp;'}</td>", "<td colspan=2><font size=1>Signature</font></td>",
                "<td colspan=2><font size=1>Name in block letters</font></td>", f"<td colspan=2>{name}</td>",
                "<td colspan=2><font size=1>Title</font></td>", f"<td colspan=2>{title}</td>"]
        return ("<td width='50%'><table width='100%' cellpadding=0 cellspacing=0>"
                + "".join(f"<tr>{r}</tr>" for r in rows) + "</table></td>")
    clauses = "".join(f"<h3>{h}</h3><p>{b}</p>" for h, b in EN_DPA_CLAUSES)
    party = col("Mosede Strand Health AB (the controller)", "Matthias Krüger", "Chief Operating Officer",
                "29th October 2026", "Matthias Krüger" if typed else "")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'></head><body><h1>Data processing agreement"
            "</h1><p>Data controller: Mosede Strand Health AB</p><p>CVR: 59325825</p><p>Data processor: MedCom, "
            f"CVR 26919991</p>{clauses}<h2>Signatures</h2><table width='100%' cellpadding=0 cellspacing=0><tr>"
            f"{party}{col('MedCom', '', '', '', '')}</tr></table></body></html>")


def test_a_signature_block_of_captions_in_columns_that_do_not_line_up() -> None:
    """Chromium sets the party's and MedCom's columns side by side with their rows apart, LibreOffice one under
    the other with wide rows. The date is whole ("29th October 2026", the typed name under it no part of it),
    MedCom's heading a line lower drops none of the party's rows, and the name under its small caption is the
    signatory (before: read unsigned with the name missing, both said to be found empty). Without the typed
    name the agreement is unsigned, the printed name under its caption no signature."""
    tools.ensure("chromium")
    for make in (tools.chromium_print, tools.libreoffice_print):
        f = read_pdf(make(_captioned_block(typed=True)), "a.pdf").as_json()["fields"]
        assert (f["signed"], f["signature_date"]) == (True, "2026-10-29"), make.__name__
        assert (f["signatory_name"], f["signatory_title"]) == ("Matthias Krüger", "Chief Operating Officer")
        doc = read_pdf(make(_captioned_block(typed=False)), "a.pdf").as_json()
        assert doc["fields"]["signed"] is False, make.__name__
        assert doc["fields"]["signatory_name"] == "Matthias Krüger"


def test_a_party_s_role_wrapped_out_of_its_caption_is_no_longer_name() -> None:
    """The signature place captioned "For Mosede Strand Health AB (the" / "controller)", its role in brackets
    wrapped at the line's end: the opened bracket was read as the caption's name going on past the party's,
    and a complete, signed agreement held for staff (the outside hand's `spread` case, seed 136)."""
    tools.ensure("chromium")
    page = _captioned_block(typed=True).replace("Health AB (the controller)</b>", "Health AB (the<br>controller)</b>")
    doc = read_pdf(tools.chromium_print(page), "a.pdf").as_json()
    assert doc["fields"]["organisation"] == "Mosede Strand Health AB"
    assert not [p for p in doc["problems"] if p["code"] == "uncertain" and p.get("field") == "organisation"]


def _footer_over_networks(left: str, size: str) -> str:
    """A form whose network table ends at the bottom of its first page, under a running footer in small print
    (fixed, so on every page) that Chromium draws over the table's last row."""
    def rows(pairs: list[tuple[str, str]]) -> str:
        return "<table style='width:100%'>" + "".join(f"<tr><td style='width:40%'>{a}</td><td>{b}</td></tr>"
                                                       for a, b in pairs) + "</table>"
    foot = (f"<div style='position:fixed;bottom:8mm;left:{left};right:0;font-size:{size};color:#444'>MedCom · "
            "Informationsskema til Sundhedsdatanettet · version 3.2 · side</div>")
    body = ("<div style='position:relative;height:245mm'><h1>Informationsskema – tilslutning til Sundhedsdatanettet"
            "</h1><h3>1. Organisation</h3>" + rows([("Organisationens navn", "Hvidmose Kommune"),
                                                    ("CVR-nr.", "29189846"), ("Organisationstype", "☒ Kommune")])
            + "<h3>2. Kontaktperson</h3>" + rows([("Navn", "Sofie Kragh"), ("E-mail", "sofie@hvidmose.example"),
                                                  ("Telefon", "20 30 40 50")])
            + "<h3>3. Teknisk kontaktperson</h3>" + rows([("Navn", "Bo Lind"), ("E-mail", "bo@hvidmose.example"),
                                                          ("Telefon", "21 31 41 51")])
            + "<h3>4. Installationsadresse</h3>" + rows([("Adresse", "Skovvej 12"), ("Postnr. og by", "7400 Herning")])
            + "<h3>5. Tilslutning</h3>" + rows([("Tilsluttes via", "☒ Direkte ☐ KMD")])
            + "<div style='position:absolute;bottom:0;width:100%'><h3>6. IP-adresser der skal åbnes for</h3>"
            + rows([("Netværk 1", "10.20.30.0/24"), ("Netværk 2", "10.20.31.0/24"), ("Netværk 3", "10.20.32.0/24")])
            + "</div></div><h3>7. Bemærkninger</h3><p>Ingen.</p>")
    return _page(body + foot, "@page{size:A4;margin:20mm} body{font-family:'DejaVu Sans',sans-serif;font-size:10pt;"
                 "margin:0}")


def test_a_footer_drawn_over_the_last_network_row_keeps_the_row() -> None:
    """The footer on the last row's line (over its label, or across its value and the row above, wrapped: a
    plain reading of the text layer interleaves the two, "2s0id.e32.0/24"), as Chromium prints it and as
    Ghostscript re-draws it: every network is read, the footer is none."""
    tools.ensure("chromium", "gs")
    for left, size in [("0", "7pt"), ("190pt", "9pt")]:
        printed = tools.chromium_print(_footer_over_networks(left, size))
        footer, row = max(_lines_of(printed, "Sundhedsdatanettet")), max(_lines_of(printed, "Netværk"))
        assert abs(footer - row) <= 16, "the fixture's footer must stand on the last row"
        for data in (printed, tools.gs_pdfwrite(printed)):
            f = read_pdf(data, "form.pdf").as_json()["fields"]
            assert f["ip_scopes"] == ["10.20.30.0/24", "10.20.31.0/24", "10.20.32.0/24"], (left, size)
            assert f["organisation"] == "Hvidmose Kommune"


def test_a_signing_date_broken_after_its_day_is_one_date() -> None:
    """"Sted og dato: Holmegaard, den 30." over "november 2026" in the party's cell, broken by hand with room
    left on the line (the outside check's seed 53 had it from a word processor): the day and its month and
    year are one date by their meaning, whatever the room."""
    tools.ensure("chromium")
    clauses = "".join(f"<h3>{h}</h3><p>{b}</p>" for h, b in DA_CONN_CLAUSES)
    data = tools.chromium_print(_page(
        "<h1>Aftale om tilslutning til Sundhedsdatanettet</h1><p>Parten: Tornby Kommune</p><p>CVR-nr.: 29189846</p>"
        f"<p>MedCom, CVR-nr. 26919991</p>{clauses}<h2>Underskrifter</h2><table style='width:100%'>"
        "<tr><td style='width:50%'>For Parten</td><td>For MedCom</td></tr><tr><td>Tornby Kommune</td><td>MedCom</td>"
        "</tr><tr><td>Sted og dato: Holmegaard, den 30.<br>november 2026</td><td>Sted og dato:</td></tr>"
        "<tr><td>Navn og titel: Vicedirektør, Jens Riis</td><td>Henrik Wulff Christensen, Direktør</td></tr></table>"))
    f = read_pdf(data, "a.pdf").as_json()["fields"]
    assert f["signature_date"] == "2026-11-30"
    assert (f["signatory_name"], f["signatory_title"]) == ("Jens Riis", "Vicedirektør")


def test_a_name_s_next_line_in_its_cell_that_had_room_beside_it_is_taken_in_doubt() -> None:
    """"Hospitalsenheden" over "Hvidmose" in the name's cell, though "Hvidmose" had room beside it by all the page
    shows (a line break in the cell, or a cell narrower than its column): read alone, "Hospitalsenheden" was a
    confident wrong organisation; read with it, staff confirm."""
    tools.ensure("chromium")
    page = two_column_form("Hospitalsenheden HVIDMOSE_BREAK", "sofie@hvidmose.example").replace(
        " HVIDMOSE_BREAK", "<br>Hvidmose").replace("table.out>tbody>tr>td{width:50%}",
                                                   "table.out>tbody>tr>td:first-child{width:66%}")
    data = tools.chromium_print(page)
    assert _lines_of(data, "Hospitalsenheden") != _lines_of(data, "Hvidmose"), "the fixture must break the name"
    reading = read_pdf(data, "form.pdf").as_json()
    assert reading["fields"]["organisation"] == "Hospitalsenheden Hvidmose"
    assert [p["code"] for p in reading["problems"] if p.get("field") == "organisation"] == ["uncertain"]
    assert reading["fields"]["cvr"] == "29189846"
