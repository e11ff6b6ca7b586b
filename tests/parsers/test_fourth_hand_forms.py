"""Information forms laid out by the fourth outside hand's tools (issue 22, the classes its seeds left open),
each drawn here by the real tool: a browser's ruled contacts table whose every cell wraps, a person named
after a role label, the browser's own radio buttons and check boxes."""
from __future__ import annotations

import pytest

from parsers.documents.pipeline import read_pdf

from .tools import chromium_print, ensure

TABLE_CSS = ("body{font-family:'Liberation Sans',sans-serif;font-size:%spt;margin:14mm}"
             "dl{display:grid;grid-template-columns:max-content auto;gap:1mm 5mm;margin:0} dt{font-weight:bold}"
             "dd{margin:0} table{border-collapse:collapse;width:100%%} thead{display:table-header-group}"
             "th,td{border-bottom:1px solid #bbb;text-align:left;padding:2mm} th{background:#e8eef3}")


def _contacts_table_form(size: float, rows: list[tuple[str, ...]], head: tuple[str, ...]) -> bytes:
    ensure("chromium")
    table = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
             + "".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in rows) + "</tbody></table>")
    page = (f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>{TABLE_CSS % size}</style>"
            "</head><body><h1>Tilmelding til SDN</h1>"
            "<h2>Virksomheden</h2><dl><dt>Virksomhedens navn</dt><dd>Region Egelev</dd>"
            "<dt>CVR-nr.</dt><dd>29 19 06 96</dd></dl>"
            f"<h2>Kontakter</h2>{table}"
            "<h2>Netværk (CIDR)</h2><ul><li>10.20.30.0/24</li></ul>"
            "<h2>Adresse for opstilling</h2><dl><dt>Adresse</dt><dd>Industrivænget 49</dd>"
            "<dt>Postnr. og by</dt><dd>4900 Nakskov</dd></dl></body></html>")
    return chromium_print(page)


@pytest.mark.parametrize("size", [10.5, 15])
def test_a_ruled_table_row_whose_cells_wrap_or_stand_centred_is_one_contact(size: float) -> None:
    """A browser's contacts table with a role column, set so large that every cell of a row wraps ("Jens" /
    "Winther", "jens.winther@egelev-" / "sundhed.example", "IT-" / "driftskontakt"), a cell of one line
    standing in the middle of the row's height. Read line by line, the role cell "Hovedkontakt" stood on a line
    of its own, so the organisation's contact was taken as the first technical contact (a confident wrong
    value) and its phone was cut. The row between two of the table's borders is one contact, its role the
    first cell's."""
    rows = [("Hovedkontakt", "Jens Winther", "jens.winther@egelev-sundhed.example", "+45 4497 6371"),
            ("IT-driftskontakt", "Ulla Eskildsen", "ules@egelev-sundhed.example", "(+45) 76 44 81 01"),
            ("IT-driftskontakt", "Hanne Pape", "hanne.pape@egelev-sundhed.example", "+45 7645 4748")]
    doc = read_pdf(_contacts_table_form(size, rows, ("Rolle", "Fulde navn", "Mail", "Direkte nummer")),
                   "Tilmelding.pdf")
    assert doc.kind == "information_form"
    f = doc.fields
    assert (f.org_contact.name, f.org_contact.email, f.org_contact.phone) == (
        "Jens Winther", "jens.winther@egelev-sundhed.example", "+4544976371")
    assert [(t.name, t.email, t.phone) for t in f.technical_contacts] == [
        ("Ulla Eskildsen", "ules@egelev-sundhed.example", "+4576448101"),
        ("Hanne Pape", "hanne.pape@egelev-sundhed.example", "+4576454748")]


def test_rows_between_borders_are_joined_only_inside_the_table() -> None:
    """The lines over and under a ruled table (its heading, the paragraph after it) are no row of it, and a
    table's rows are never joined to each other: each border ends a row."""
    from parsers.documents.page import read_content

    rows = [("Hovedkontakt", "Jens Winther", "jens@egelev.example", "+45 4497 6371"),
            ("Driftskontakt", "Ulla Eskildsen", "ules@egelev.example", "+45 7644 8101")]
    lines = read_content(_contacts_table_form(15, rows, ("Rolle", "Navn", "Mail", "Telefon"))).lines
    texts = [ln.text for ln in lines]
    assert "Kontakter" in texts
    assert "Rolle Navn Mail Telefon" in texts
    joined = [t for t in texts if "Winther" in t or "Eskildsen" in t]
    assert joined == ["Hovedkontakt Jens Winther jens@egelev.example +45 4497 6371",
                      "Driftskontakt Ulla Eskildsen ules@egelev.example +45 7644 8101"]


@pytest.mark.parametrize("heading", ["Hovedkontakt", "Aftalekontakt"])
def test_a_heading_that_is_a_compound_ending_in_contact_opens_the_organisations_contact(heading: str) -> None:
    """A reportlab form in two halves, its parts named by bold headings of one word. A Danish compound names
    what it is by its last part: "Hovedkontakt" (main contact) is a contact, as "Driftskontakt" is a technical
    one. Not known as a heading, its person was read as part of the other half's address part and the
    organisation's contact was left empty."""
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=landscape(A4))
    width, height = landscape(A4)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(40, height - 45, "Stamdata til Sundhedsdatanettet")

    def part(x: float, y: float, title: str, rows: list[tuple[str, str]]) -> float:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(x, y, title)
        c.setFont("Helvetica", 9)
        for label, value in rows:
            y -= 14
            c.drawString(x, y, label)
            c.setFont("Courier", 9)
            c.drawString(x + 150, y, value)
            c.setFont("Helvetica", 9)
        return y - 22

    y = part(40, height - 80, "Virksomheden", [("Virksomhedens navn", "Egelev Laboratorium ApS"),
                                                ("CVR-nr.", "29190696")])
    y = part(40, y, "Opstillingsadresse", [("Adresse", "Nørregade 137"), ("Postnr.", "4850"),
                                            ("By", "Stubbekøbing")])
    y = part(40, y, "Opkobling", [("Kobles på gennem KMD", "Nej"), ("Kobles på gennem systemleverandør", "Nej")])
    part(40, y, "Netværksoplysninger", [("IP-net 1", "10.101.114.0/26")])
    y2 = part(width / 2, height - 80, heading, [("Kontaktperson", "Rasmus Dalgas"),
                                                 ("E-mail", "rasmus@egelev-it.example"), ("Telefon", "+4536349891")])
    part(width / 2, y2, "Driftskontakt", [("Kontaktperson", "Karoline Frost"),
                                          ("E-mail", "kafr@egelev-it.example"), ("Telefon", "+4532776979")])
    c.save()
    doc = read_pdf(buf.getvalue(), "Stamdata.pdf")
    assert doc.kind == "information_form"
    f = doc.fields
    assert (f.org_contact.name, f.org_contact.email) == ("Rasmus Dalgas", "rasmus@egelev-it.example")
    assert [t.name for t in f.technical_contacts] == ["Karoline Frost"]
    assert f.installation_address.street == "Nørregade 137"


def _leader_form(name_label: str) -> bytes:
    """reportlab: "Label: ........ value" lines under plain headings, each contact's name after a label that
    names the person by their role rather than as a name."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    y = A4[1] - 60
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, y, "SDN sign-up sheet")
    y -= 30

    def head(text: str) -> None:
        nonlocal y
        c.setFont("Helvetica-Bold", 11)
        c.drawString(60, y, text)
        y -= 17

    def row(label: str, value: str) -> None:
        nonlocal y
        c.setFont("Helvetica", 10)
        c.drawString(60, y, f"{label}: " + "." * max(4, 40 - len(label)) + f" {value}")
        y -= 17

    head("Legal entity")
    row("Legal entity", "Skovlund Kommune")
    row("CVR", "5174 1420")
    head("Administrative contact")
    row(name_label, "Asger Hjort")
    row("E-mail", "asger.hjort@skovlund.example")
    row("Telephone no.", "(+45) 64 12 92 65")
    head("IT operations contacts")
    row(name_label, "Sofie Riis")
    row("E-mail", "sofie@skovlund.example")
    row("Telephone no.", "5192 4424")
    head("Network details")
    row("Network (CIDR)", "10.222.200.0/25")
    head("Where the equipment goes")
    row("Street", "Gammel Kongevej 122")
    row("Postcode and town", "1801 Frederiksberg C")
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("label", ["Contact person", "Responsible person", "Kontaktperson"])
def test_a_label_naming_a_persons_role_before_leaders_names_the_contact(label: str) -> None:
    """"Contact person: ........ Asger Hjort": a label that names a person by their role, its dotted leaders
    run up to the name. The name was lost (the contact read with its address and phone, no name: a confident
    wrong value); the leaders are no part of the value."""
    doc = read_pdf(_leader_form(label), "Information form.pdf")
    assert doc.kind == "information_form"
    f = doc.fields
    assert (f.org_contact.name, f.org_contact.email) == ("Asger Hjort", "asger.hjort@skovlund.example")
    assert [(t.name, t.email) for t in f.technical_contacts] == [("Sofie Riis", "sofie@skovlund.example")]


def test_a_heading_or_a_label_after_a_role_label_is_no_name() -> None:
    """The rule asks for a name-like value: a role label followed by a heading's words or another label is no
    person."""
    from parsers.documents.form import _generic_named

    assert _generic_named("Contact person: ....... Asger Hjort", "") == ("name", "Asger Hjort")
    assert _generic_named("Driftsansvarlig: Ulla Bo", "") == ("name", "Ulla Bo")
    assert _generic_named("Contact person:", "Asger Hjort") == ("name", "")
    assert _generic_named("Contact person:", "E-mail Address") is None
    assert _generic_named("Contact person: Skovlund Kommune", "") is None
    assert _generic_named("E-mail: Asger Hjort", "") is None
    assert _generic_named("Postnr. og by: Frederiksberg C", "") is None


def _fieldset_form(types: str, via: str) -> bytes:
    ensure("chromium")
    css = ("body{font-family:'Liberation Sans',sans-serif;font-size:10.5pt;margin:14mm} fieldset{margin:0 0 5mm}"
           ".g{display:grid;grid-template-columns:1fr 1fr;gap:2mm 6mm} label{display:block;font-size:8pt}"
           ".opt{display:inline-flex;align-items:center;margin-right:5mm}"
           "input[type=text]{width:100%;border:1px solid #888;font-size:10.5pt;box-sizing:border-box}")

    def inp(label: str, value: str) -> str:
        return f"<div><label>{label}</label><input type='text' value='{value}'></div>"
    body = ("<h1>Tilmelding til Sundhedsdatanettet</h1>"
            f"<fieldset><legend>Virksomheden</legend><div class='g'>{inp('Virksomhedens navn', 'Egelev Apotek')}"
            f"{inp('CVR-nr.', '3971 4280')}</div></fieldset>"
            f"<fieldset><legend>Virksomhedstype</legend>{types}</fieldset>"
            f"<fieldset><legend>Opkobling</legend>{via}</fieldset>"
            "<fieldset><legend>Administrativ kontakt</legend><div class='g'>"
            f"{inp('Navn', 'Hanne Iversen')}{inp('Mail', 'hanne@egelev.example')}{inp('Tlf.nr.', '4129 6434')}"
            "</div></fieldset><fieldset><legend>Driftsansvarlig</legend><div class='g'>"
            f"{inp('Navn', 'Ulla Riis')}{inp('Mail', 'ulla@egelev.example')}{inp('Tlf.nr.', '+45 4011 0309')}"
            f"</div></fieldset><fieldset><legend>Netværksoplysninger</legend>{inp('Subnet 1', '10.20.30.0/24')}"
            "</fieldset><fieldset><legend>Opstillingsadresse</legend><div class='g'>"
            f"{inp('Adresse', 'Industrivænget 49')}{inp('Postnr. og by', '4900 Nakskov')}</div></fieldset>")
    return chromium_print(f"<!doctype html><html lang='da'><head><meta charset='utf-8'><style>{css}</style></head>"
                          f"<body>{body}</body></html>")


def _opt(kind: str, name: str, label: str, on: bool) -> str:
    return f"<span class='opt'><input type='{kind}' name='{name}'{' checked' if on else ''}>&nbsp;{label}</span>"


TYPES = [("Kommune", False), ("Region", False), ("Apotek", True), ("Laboratorium (privat)", False)]


@pytest.mark.parametrize("kind", ["radio", "checkbox"])
@pytest.mark.parametrize("kmd", [True, False])
def test_a_browsers_drawn_radio_buttons_and_check_boxes_are_read_as_ticks(kind: str, kmd: bool) -> None:
    """The browser's own radio buttons and check boxes, printed: a ring with a filled dot (or a filled box with
    a white tick) for the checked one, an empty ring (or box) for the others, none of it text. The checked
    option is the party type, and "Kobles på gennem KMD: (•) Ja ( ) Nej" answers the question (both were
    left empty: the options stood with no box the reader could see)."""
    types = "".join(_opt(kind, "type", label, on) for label, on in TYPES)
    via = (f"<div>Kobles på gennem KMD: {_opt('radio', 'k', 'Ja', kmd)}{_opt('radio', 'k', 'Nej', not kmd)}</div>"
           f"<div>Kobles på gennem systemleverandør: {_opt('radio', 'v', 'Ja', False)}"
           f"{_opt('radio', 'v', 'Nej', True)}</div>")
    doc = read_pdf(_fieldset_form(types, via), "Tilmelding.pdf")
    assert doc.kind == "information_form"
    assert doc.fields.party_type == "pharmacy"
    assert doc.fields.connected_via == ("KMD" if kmd else None)
    assert not any(p.code == "uncertain" and p.field in ("party_type", "connected_via") for p in doc.problems)


def test_a_drawn_control_whose_mark_cannot_be_told_is_for_staff() -> None:
    """A ring whose ink stands off its centre (drawn here as SVG) is neither a checked radio button nor an
    empty one: the options it belongs to are `uncertain`, never guessed."""
    ring = ("<svg width='12' height='12' style='vertical-align:middle'><circle cx='6' cy='6' r='5' stroke='#555' "
            "fill='white'/>{}</svg>")
    odd = ring.format("<circle cx='8.5' cy='8.5' r='1.6' fill='#06f'/>")
    empty = ring.format("")
    types = "".join(f"<span class='opt'>{odd if label == 'Apotek' else empty}&nbsp;{label}</span>"
                    for label, _ in TYPES)
    doc = read_pdf(_fieldset_form(types, "<div>Kobles på gennem KMD: Nej</div>"), "Tilmelding.pdf")
    assert doc.kind == "information_form"
    assert doc.fields.party_type is None or any(p.code == "uncertain" and p.field == "party_type"
                                                for p in doc.problems)


def test_an_answer_in_its_cell_and_a_provider_named_over_its_caption() -> None:
    """"Connected through a system vendor | Yes" (the answer in the next cell, no question mark) is a question
    answered, never the provider's name ("a system vendor Yes"); the vendor's name set over its small caption
    "Which vendor" is the provider."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    y = A4[1] - 60
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, y, "SDN: about you")
    y -= 30

    def head(text: str) -> None:
        nonlocal y
        c.setFont("Helvetica-Bold", 11)
        c.drawString(50, y, text)
        y -= 22

    def fields(pairs: list[tuple[str, str]]) -> None:
        nonlocal y
        for j, (label, value) in enumerate(pairs):
            c.setFont("Courier", 10)
            c.drawString(52 + j * 260, y, value)
            c.line(50 + j * 260, y - 3, 290 + j * 260, y - 3)
            c.setFont("Helvetica", 6.5)
            c.drawString(50 + j * 260, y - 10, label)
        y -= 30

    head("Company")
    fields([("Registered name", "Egelev Apotek"), ("CVR", "39714280")])
    head("What are you?")
    fields([("Type", "Pharmacy")])
    head("Connection")
    fields([("Access through KMD", "No"), ("Connected through a system vendor", "Yes")])
    fields([("Which vendor", "Clinea Data")])
    head("Main contact")
    fields([("Contact person", "Hanne Iversen"), ("E-mail", "hanne@egelev.example")])
    fields([("Phone", "4129 6434")])
    head("IT operations")
    fields([("Contact person", "Ulla Riis"), ("E-mail", "ulla@egelev.example")])
    head("Network details")
    fields([("Subnet", "10.20.30.0/24")])
    head("Installation site")
    fields([("Address", "Industrivænget 49"), ("Postcode and town", "4900 Nakskov")])
    c.save()
    doc = read_pdf(buf.getvalue(), "Information form.pdf")
    assert doc.kind == "information_form"
    assert doc.fields.connected_via == "Clinea Data"


def test_two_parts_side_by_side_on_a_page_in_one_column_are_read_apart() -> None:
    """Chromium: the party's details and the installation site as two definition lists side by side under their
    headings, the rest of the form across the page under them, the type asked in words of the form's own ("Hvad
    er I?"). The page is in one column but for those two parts, so it was read line by line and the address's
    labels stood in the party's part: the installation address was not found. The left part is read before the
    right one, down to the next heading set as theirs."""
    ensure("chromium")
    types = "".join(f"<div>{'&#x2611;' if on else '&#x2610;'} {label}</div>" for label, on in TYPES)
    page = ("<!doctype html><html lang='da'><head><meta charset='utf-8'><style>"
            "body{font-family:'Liberation Sans',sans-serif;font-size:10.5pt;margin:14mm}"
            "dl{display:grid;grid-template-columns:max-content auto;gap:1mm 5mm;margin:0} dt{font-weight:bold}"
            "dd{margin:0} .row{display:flex;gap:10mm} .row>div{flex:1}</style></head><body>"
            "<h1>Tilmelding til SDN</h1><div class='row'>"
            "<div><h2>Juridisk enhed</h2><dl><dt>Registreret navn</dt><dd>Egelev Apotek</dd>"
            "<dt>CVR-nr.</dt><dd>3971 4280</dd></dl></div>"
            "<div><h2>Installation site</h2><dl><dt>Gade</dt><dd>Rådhustorvet 73</dd><dt>Postnr.</dt><dd>5491</dd>"
            "<dt>By</dt><dd>Blommenslyst</dd></dl></div></div>"
            f"<h2>Hvad er I?</h2>{types}"
            "<h2>Kontaktperson</h2><dl><dt>Navn</dt><dd>Ida Hjort</dd><dt>E-mail</dt><dd>ida@egelev.example</dd>"
            "<dt>Telefon</dt><dd>+45 5026 1738</dd></dl>"
            "<h2>Netværk (CIDR)</h2><ul><li>172.30.43.0/24</li></ul></body></html>")
    doc = read_pdf(chromium_print(page), "Informationsskema.pdf")
    assert doc.kind == "information_form"
    f = doc.fields
    assert (f.organisation, f.cvr, f.party_type) == ("Egelev Apotek", "39714280", "pharmacy")
    a = f.installation_address
    assert (a.street, a.postcode, a.city) == ("Rådhustorvet 73", "5491", "Blommenslyst")


def test_a_legal_form_under_a_name_wrapped_twice_beside_another_list_is_its_end() -> None:
    """Definition lists side by side, the geometry Chromium gave one in a large face (drawn here with reportlab):
    the organisation's name wraps twice in its narrow column ("Kragsø" / "Laboratorium" / "ApS"), the other
    list's row standing beside its second line. That line is joined where it wrapped; the legal form under it,
    a line further down, is the name's end too (read "Kragsø Laboratorium": a confident wrong value)."""
    from .layouts import BOLD, Page, render

    p = Page()
    p.at(67, 80, "Stamdata til Sundhedsdatanettet", 16, BOLD)
    p.at(67, 110, "Blanketten sendes i udfyldt stand til MedCom sammen med de underskrevne aftaler.", 10.5)
    p.at(67, 148, "Virksomheden", 13, BOLD).at(320, 148, "Hvor står udstyret", 13, BOLD)
    p.at(67, 176, "Virksomhedens navn", 10.5, BOLD).at(218, 176, "Kragsø", 10.5)
    p.at(320, 176, "Vej og nr.", 10.5, BOLD).at(385, 176, "Ved Kæret 133", 10.5)
    p.at(218, 188, "Laboratorium", 10.5).at(320, 190, "Postnr./by", 10.5, BOLD).at(385, 190, "1576 København V", 10.5)
    p.at(218, 200, "ApS", 10.5)
    p.at(67, 215, "CVR-nummer (virksomhed)", 10.5, BOLD).at(218, 215, "78 35 50 26", 10.5)
    p.at(67, 245, "Hovedkontakt", 13, BOLD)
    p.at(67, 265, "Navn", 10.5, BOLD).at(218, 265, "Ida Hjort", 10.5)
    p.at(67, 280, "E-mail", 10.5, BOLD).at(218, 280, "ida@kragsoe.example", 10.5)
    p.at(67, 295, "Telefon", 10.5, BOLD).at(218, 295, "+45 5026 1738", 10.5)
    p.at(67, 325, "Netværk (CIDR)", 13, BOLD).at(97, 345, "10.44.104.128/25", 10.5)
    doc = read_pdf(render([p]), "Informationsskema.pdf")
    assert doc.kind == "information_form"
    assert doc.fields.organisation == "Kragsø Laboratorium ApS" or any(
        p.code == "uncertain" and p.field == "organisation" for p in doc.problems)
    assert doc.fields.organisation != "Kragsø Laboratorium"


def test_a_ruled_rows_cells_set_close_are_cut_at_the_columns_edges() -> None:
    """A contacts table whose cells' borders are drawn cell by cell (reportlab here, as a browser does): a role
    long enough to reach its column's edge runs into the name beside it, and read as one cell the name was
    "Driftsansvarlig Sofie Overgaard" (a confident wrong value). The row's cells are cut at the column edges the
    borders show."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    edges = [60.0, 130.0, 230.0, 400.0, 520.0]
    rows = [("Rolle", "Navn", "E-mail", "Telefon"),
            ("Hovedkontakt", "Viggo Lindhardt", "viggo@lindholt.example", "+45 5099 7183"),
            ("Driftsansvarlig", "Åse Abildgaard", "aase@lindholt.example", "+45 5313 8660"),
            ("Driftsansvarligeste", "Sofie Overgaard", "soov@lindholt.example", "+45 9342 3069")]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    top = A4[1] - 60
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, top, "Stamdata til Sundhedsdatanettet")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(60, top - 30, "Virksomhedens navn")
    c.drawString(200, top - 30, "Lindholt Apotek")
    c.drawString(60, top - 45, "CVR-nr.")
    c.drawString(200, top - 45, "18260409")
    c.setFont("Helvetica-Bold", 13)
    c.drawString(60, top - 80, "IT-drift")
    y = top - 105
    for row in rows:
        for k, text in enumerate(row):
            c.setFont("Helvetica-Bold" if row is rows[0] else "Helvetica", 10)
            x = edges[k] + 2
            c.drawString(x, y, text)
        for a, b in zip(edges, edges[1:], strict=False):
            c.line(a, y - 6, b, y - 6)  # each cell's own border, meeting the next one's
        y -= 22
    c.setFont("Helvetica-Bold", 13)
    c.drawString(60, y - 20, "Netværk (CIDR)")
    c.setFont("Helvetica", 10)
    c.drawString(60, y - 38, "192.168.97.0/27")
    c.save()
    doc = read_pdf(buf.getvalue(), "Informationsskema.pdf")
    assert doc.kind == "information_form"
    names = [t.name for t in doc.fields.technical_contacts]
    assert names == ["Åse Abildgaard", "Sofie Overgaard"]
