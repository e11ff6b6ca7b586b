"""Information forms by a new hand (issue 22; bench/outside/forms_newhand.py found each class): labels
under their values or in a header row, a contact written in one cell, a generic "Kontaktperson:" label,
a tick after its option, options printed with no box, a title naming the network, and wordings of
other organisations (Norwegian and Swedish labels, "Opkobling", "Kontaktperson for aftalen")."""
from __future__ import annotations

from typing import Any

from parsers.documents.page import read_content
from tests.parsers.form_reading import read_form

from .layouts import BOLD, Page, render


def _fields(p: Page) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return read_form(read_content(render([p])))


def _uncertain(problems: list[dict[str, Any]]) -> set[str]:
    return {p.get("field", "") for p in problems if p["code"] == "uncertain"}


def test_labels_under_their_values_are_never_a_value() -> None:
    """Values on a rule with each label under its value, as on a signature line: the label beside the
    organisation's label ("Danish company number (CVR)", a wording no vocabulary has whole) is the next
    field's label, not the organisation's name."""
    p = Page()
    p.line("Connecting to the Health Data Network", size=15, font=BOLD, step=26)
    p.heading("Organisation")
    p.row([(60, "Havrum Kommune"), (220, "15 62 26 95")])
    p.row([(60, "Name of organisation"), (220, "Danish company number (CVR)")])
    f, problems = _fields(p)
    assert f["organisation"] == "Havrum Kommune"  # neither the label nor the title naming the network
    assert f["cvr"] == "15622695"


def test_a_header_row_of_labels_holds_its_values_below() -> None:
    p = Page().heading("Organisation")
    p.row([(60, "Organisation (legal name)"), (260, "VAT/CVR number")], font=BOLD)
    p.row([(60, "Skovlund Kommune"), (260, "DK31527147")])
    f, _ = _fields(p)
    assert f["organisation"] == "Skovlund Kommune" and f["cvr"] == "31527147"


def test_a_contact_written_in_one_cell_keeps_its_name() -> None:
    """A numbered question answered on the line below with name, e-mail and phone in one cell, or the
    e-mail and phone in brackets: the name is what stands between the separators."""
    p = Page().heading("1) What is your organisation's legal name?").line("Klinik Hvidmose ApS", x=80)
    p.heading("5) Whom should MedCom contact about the agreement?")
    p.line("Jens Mørch, jens.moerch@hvidmose.example, +45 31 60 76 30", x=80)
    p.heading("6) Who are your technical contacts?")
    p.line("Frederikke Iversen (frederikke@hvidmose.example, tlf. 21906431)", x=80)
    p.line("Birthe Pape, birthe.pape@hvidmose.example, (+45) 2112 2045", x=80)
    f, _ = _fields(p)
    assert f["org_contact"] == {"name": "Jens Mørch", "email": "jens.moerch@hvidmose.example", "phone": "+4531607630"}
    assert [c["name"] for c in f["technical_contacts"]] == ["Frederikke Iversen", "Birthe Pape"]
    assert [c["phone"] for c in f["technical_contacts"]] == ["+4521906431", "+4521122045"]


def test_a_generic_contact_word_before_a_persons_name_is_the_name_label() -> None:
    p = Page().heading("Kontaktperson for aftalen")
    p.pair("Kontaktperson:", "Gustav Eskildsen").pair("E-mailadresse:", "gustav@egelev.example")
    p.pair("Telefon:", "0045 64644887")
    p.heading("IT-ansvarlig")
    p.pair("Kontaktperson:", "Sofie Winther").pair("E-post:", "sofie@egelev.example").pair("Mobil:", "5743 6309")
    f, _ = _fields(p)
    assert f["org_contact"] == {"name": "Gustav Eskildsen", "email": "gustav@egelev.example", "phone": "+4564644887"}
    assert f["technical_contacts"] == [{"name": "Sofie Winther", "email": "sofie@egelev.example",
                                        "phone": "+4557436309"}]


def test_a_tick_after_its_option_marks_it() -> None:
    """✓ set after the chosen option, the others bare: the option before the tick is the answer (before,
    the bare "Through KMD" was read as the answer)."""
    p = Page().heading("Organisation category").line("Tick one")
    for t in ["Municipality", "Region", "Pharmacy ✓", "Other"]:
        p.line(t)
    p.heading("Connection").line("Tick one")
    for t in ["Directly", "Through KMD", "Through a system vendor: Journalhuset A/S ✓"]:
        p.line(t)
    f, _ = _fields(p)
    assert f["party_type"] == "pharmacy"
    assert f["connected_via"] == "Journalhuset A/S"


def test_options_printed_without_boxes_are_no_answer() -> None:
    """"Directly / Through KMD / Through a system vendor" with no box and no mark: the boxes were lost in
    printing, so the way of connecting is `uncertain`, never the one option that names KMD."""
    p = Page().heading("Connection").line("Tick one")
    for t in ["Directly", "Through KMD", "Through a system vendor: ________"]:
        p.line(t)
    f, problems = _fields(p)
    assert f["connected_via"] is None
    assert "connected_via" in _uncertain(problems)


def test_other_organisations_wordings() -> None:
    """A Norwegian party's labels, and Danish headings the reader did not know ("Opkobling", "Fysisk
    placering af udstyr"): each part read under its own heading."""
    p = Page().heading("Virksomhet")
    p.pair("Organisasjonsnavn:", "Haugen Helse AS, NUF").pair("Dansk CVR-nummer:", "DK63925284")
    p.heading("Kontaktperson for avtalen")
    p.pair("Navn:", "Ingrid Solberg").pair("E-postadresse:", "ingrid@haugen.example")
    p.pair("Telefon:", "+45 12 34 56 78")
    p.heading("Opkobling").line("☐ Direkte ☒ Via KMD ☐ Via systemleverandør: …………")
    p.heading("Fysisk placering af udstyr")
    p.pair("Gateadresse:", "Søndre Ringvej 88").pair("Postnummer:", "1670").pair("Poststed:", "København V")
    f, _ = _fields(p)
    assert f["organisation"] == "Haugen Helse AS, NUF" and f["cvr"] == "63925284"
    assert f["org_contact"] == {"name": "Ingrid Solberg", "email": "ingrid@haugen.example", "phone": "+4512345678"}
    assert f["connected_via"] == "KMD"
    assert f["installation_address"] == {"street": "Søndre Ringvej 88", "postcode": "1670", "city": "København V"}


def test_an_address_broken_at_its_cells_edge_over_a_row_of_captions() -> None:
    """Labels under their values: the e-mail's cell is too narrow, its last letter wraps onto the caption
    row, where the captions of the other columns stand beside it. The piece under the address's start is
    its rest (before, the address was read cut, "…@hvidmose.exampl", with no doubt)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .layouts import REGULAR

    email = "emil.kroeyer@hvidmose.exampl"
    end = 222 + stringWidth(email, REGULAR, 10)
    p = Page().heading("Kontaktperson vedr. aftalen")
    p.at(64, 120, "Emil Krøyer").at(222, 120, email).at(end + 4, 120, "0045 52354150")
    p.at(64, 131, "Kontaktperson").at(222, 131, "e").at(end + 4, 131, "Telefon")
    p.at(222, 145, "E-mail")
    p.y = 170
    f, problems = _fields(p)
    assert f["org_contact"]["email"] == "emil.kroeyer@hvidmose.example"
    assert f["org_contact"]["phone"] == "+4552354150"


def test_a_network_that_ends_a_sentence_keeps_its_prefix() -> None:
    """"... must be opened: 192.168.212.0/27. We connect ...": the full stop is the sentence's (before, the
    network was read without its prefix, a host, and called invalid)."""
    p = Page().heading("IP addresses")
    p.line("The following networks must be opened: 192.168.212.0/27. We connect directly.")
    p.line("Og desuden 10.20.30.0/24.")
    f, problems = _fields(p)
    assert f["ip_scopes"] == ["192.168.212.0/27", "10.20.30.0/24"]
    assert not [x for x in problems if x["code"] == "invalid_ip_scope"]


def test_a_numbered_questionnaire_with_answers_under_its_questions() -> None:
    """Questions that name their field only by words the reader had no role for ("What is your Danish CVR
    number?", "Hvor skal udstyret leveres?") and the connection answered "Ja, via Novax" under its question."""
    p = Page()
    for q, a in [("1) Hvad er organisationens juridiske navn?", "Mosede Strand Software ApS"),
                 ("2) What is your Danish CVR number?", "DK72432452"),
                 ("4) Skal I tilsluttes via KMD eller en systemleverandør?", "Ja, via Novax"),
                 ("7) Hvilke netværk (IP-adresser) skal åbnes?", "10.3.221.192/26"),
                 ("8) Hvor skal udstyret leveres?", "Rådhustorvet 51")]:
        p.line(q).line(a, x=85)
    p.line("1102 København K", x=85)
    f, _ = _fields(p)
    assert f["cvr"] == "72432452"
    assert f["connected_via"] == "Novax"
    assert f["installation_address"] == {"street": "Rådhustorvet 51", "postcode": "1102", "city": "København K"}


def test_no_and_how_under_the_question_is_no_umbrella() -> None:
    p = Page().line("4) Will you connect through KMD or a system vendor?").line("No, directly", x=85)
    p.line("5) Who is the contact person?").line("Anne Bech, anne@x.example, 12345678", x=85)
    f, problems = _fields(p)
    assert f["connected_via"] is None and "connected_via" not in _uncertain(problems)


def test_header_rows_each_over_one_value() -> None:
    """A table per part with its labels in a header row: the party type under "Organisationstype", the
    connection under "Opkobling", the street under "Vej og nr."."""
    p = Page().heading("Organisationstype").line("Organisationstype", font=BOLD)
    p.line("Privathospital / privat klinik")
    p.heading("Opkobling").line("Opkobling", font=BOLD).line("Ja, via Clinea Data")
    p.heading("Opstillingsadresse")
    p.row([(64, "Vej og nr."), (223, "Postnr."), (382, "By")], font=BOLD)
    p.row([(64, "Industrivænget 3"), (223, "1954"), (382, "Frederiksberg C")])
    f, _ = _fields(p)
    assert f["party_type"] == "private_hospital"
    assert f["connected_via"] == "Clinea Data"
    assert f["installation_address"] == {"street": "Industrivænget 3", "postcode": "1954", "city": "Frederiksberg C"}


def test_a_caption_under_a_whole_address_is_no_part_of_it() -> None:
    """The same layout with the address whole: the caption "E-post" under it is the column's label, never
    the address's tail ("…@skovlund.examplee-post")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .layouts import REGULAR

    email = "matthias.lindqvist@skovlund.example"
    end = 222 + stringWidth(email, REGULAR, 10)
    p = Page().heading("Tekniska kontakter")
    p.at(64, 120, "Matthias Lindqvist").at(222, 120, email).at(end + 4, 120, "22436617")
    p.at(64, 131, "Namn").at(222, 131, "E-post").at(end + 4, 131, "Telefon")
    p.y = 160
    f, _ = _fields(p)
    assert f["technical_contacts"] == [{"name": "Matthias Lindqvist", "email": email, "phone": "+4522436617"}]


def test_a_cross_before_one_option_of_a_matrix() -> None:
    """Options side by side, a cross typed before the chosen one in its own cell."""
    p = Page().heading("We are").line("Tick one")
    p.row([(57, "Municipality"), (174, "Region"), (333, "X Public hospital")])
    p.row([(57, "Private laboratory"), (174, "IT supplier"), (333, "Other")])
    p.heading("Installation site").line("Industrivænget 20, 1664 København V")
    f, _ = _fields(p)
    assert f["party_type"] == "public_hospital"
    assert f["installation_address"] == {"street": "Industrivænget 20", "postcode": "1664", "city": "København V"}


def test_a_tick_between_two_options_belongs_to_the_one_it_stands_by() -> None:
    """"Region ✓" in one cell and "Public hospital" in the next, or "Direkte ✓" a cell's gap before "Via
    KMD": the tick marks the option it stands against, not the next one (before, "✓ Public hospital" and
    "✓ Via KMD" were read)."""
    p = Page().heading("Organisation category").line("Tick one")
    p.row([(57, "Municipality"), (172, "Region ✓"), (331, "Public hospital")])
    p.row([(57, "Pharmacy"), (172, "Other")])
    p.heading("Forbindelse til SDN").line("Sæt kryds")
    p.row([(64, "Direkte ✓"), (222, "Via KMD"), (381, "Via systemleverandør: …………")])
    f, _ = _fields(p)
    assert f["party_type"] == "region"
    assert f["connected_via"] is None


def test_a_header_row_whose_labels_the_reader_reads_only_in_part() -> None:
    """"Legal entity | Danish company number (CVR)" and "Organisasjonsnavn | CVR-nr. (Danmark)" over their
    values; the type's part headed "We are", its answer a type's words: never the organisation."""
    p = Page().line("Connecting to the Health Data Network", size=15, font=BOLD, step=26)
    p.heading("Organisation")
    p.row([(49, "Legal entity"), (222, "Danish company number (CVR)")])
    p.row([(49, "Hospitalsenheden Egelev"), (222, "DK-95210023")])
    p.heading("We are").line("We are").line("Public hospital")
    f, _ = _fields(p)
    assert f["organisation"] == "Hospitalsenheden Egelev" and f["party_type"] == "public_hospital"
    q = Page().heading("Virksomhet")
    q.row([(56, "Organisasjonsnavn"), (216, "CVR-nr. (Danmark)"), (376, "Organisasjonsnummer")])
    q.row([(58, "Egelev Health AB, filial af svensk selskab"), (218, "DK-77224734"), (378, "Org.nr. 556537-7810")])
    g, _ = _fields(q)
    assert g["organisation"] == "Egelev Health AB, filial af svensk selskab" and g["cvr"] == "77224734"


def test_an_address_found_alone_by_its_at_sign_is_never_called_invalid() -> None:
    """A footer printed over a heading interleaves their letters ("FSp.ø rIgPsm-åal:d sdrne-ssuspepoormt@
    mråeddcoemr..."): the "@" makes a token that is no address. Alone, with no label, name or phone, it is
    `uncertain` for staff, never `invalid_email` to the party; a labelled bad address stays invalid."""
    p = Page().heading("Tekniske kontaktpersoner")
    p.pair("Fulde navn:", "Mette Hjort").pair("Mail:", "mehj@tornby.example").pair("Telefon:", "+45 29 29 41 08")
    p.line("FSp.ø rIgPsm-åal:d sdrne-ssuspepoormt@mråeddcoemr. e(xCamIpDle ·R Sk)ema udfyldt 26.10.2026")
    f, problems = _fields(p)
    assert "invalid_email" not in {x["code"] for x in problems}
    assert f["technical_contacts"][0] == {"name": "Mette Hjort", "email": "mehj@tornby.example", "phone": "+4529294108"}
    q = Page().heading("Tekniske kontaktpersoner")
    q.pair("Fulde navn:", "Mette Hjort").pair("Mail:", "mehj@tornby").pair("Telefon:", "+45 29 29 41 08")
    _, problems = _fields(q)
    assert "invalid_email" in {x["code"] for x in problems}


def test_questions_numbered_in_words() -> None:
    """"Spørgsmål 1: Hvad hedder organisationen?": a question named and numbered before its words sets its
    part as "1)" does (before, every answer fell into the organisation's part)."""
    p = Page()
    for q, a in [("Spørgsmål 1: Hvad hedder organisationen?", "Skovlund Kommune"),
                 ("Spørgsmål 2: Oplys CVR/SE-nr.", "DK-18086026"),
                 ("Spørgsmål 3: Hvilken type organisation er I?", "Kommune"),
                 ("Spørgsmål 4: Skal I tilsluttes via KMD eller en systemleverandør?", "Ja, via KMD"),
                 ("Spørgsmål 5: Hvem kan MedCom kontakte om aftalen?", "Jens Thrane, jeth@skovlund.example, 5739 3485"),
                 ("Spørgsmål 6: Hvem er jeres IT-ansvarlige / tekniske kontaktpersoner?",
                  "Kasper Uldall, kaul@skovlund.example, 0045 67733094"),
                 ("Spørgsmål 8: Hvad er adressen for opstilling af udstyret?", "Kirkestræde 106")]:
        p.line(q).line(a, x=64)
    p.line("1823 Frederiksberg C", x=64)
    f, _ = _fields(p)
    assert (f["organisation"], f["cvr"], f["party_type"], f["connected_via"]) == (
        "Skovlund Kommune", "18086026", "municipality", "KMD")
    assert f["org_contact"] == {"name": "Jens Thrane", "email": "jeth@skovlund.example", "phone": "+4557393485"}
    assert [c["name"] for c in f["technical_contacts"]] == ["Kasper Uldall"]
    assert f["installation_address"] == {"street": "Kirkestræde 106", "postcode": "1823", "city": "Frederiksberg C"}


def test_a_swedish_form_is_a_text_layer_that_decodes() -> None:
    """A foreign party's form in its own words (Swedish labels, few Danish or English words): its text
    layer decodes. Before, too few of its words were Danish or English ones, the page was taken for a
    broken text layer and sent to OCR (under load: `unreadable`, the party asked to send it again)."""
    import pdfplumber

    from parsers.documents.page import broken_text

    p = Page().line("Uppgifter till MedCom – anslutning till SDN", size=14, font=BOLD, step=24)
    p.heading("Organisation")
    p.row([(60, "Juridisk person"), (260, "CVR-nr (Danmark)"), (400, "Org.nr i Sverige")])
    p.row([(60, "Skovlund Medical AB, filial"), (260, "14796304"), (400, "Org.nr. 915577487")])
    p.heading("Typ av verksamhet").line("Utländsk organisation")
    p.heading("Anslutning").line("Ja, via KMD")
    for head, people in [("Kontaktperson", [("Katrin Nyberg", "kany")]),
                         ("Teknisk kontaktperson", [("Matthias Krüger", "matthias.kruger"),
                                                    ("Sigrid Bergström", "sigrid.bergstrom")])]:
        p.heading(head).row([(60, "Fullständigt namn"), (220, "E-postadress"), (420, "Mobil")], font=BOLD)
        for name, local in people:
            p.row([(60, name), (220, f"{local}@skovlund.example"), (420, "+45 5840 5380")])
    p.heading("Adress för utrustningen")
    p.row([(60, "Gatuadress"), (220, "Postnummer"), (420, "Postort")], font=BOLD)
    p.row([(60, "Lupinvej 26"), (220, "7600"), (420, "Struer")])
    p.heading("Nätverk").line("172.23.73.0/24").line("10.45.187.128/25")
    data = render([p])
    with pdfplumber.open(__import__("io").BytesIO(data)) as pdf:
        assert not broken_text(pdf.pages[0].chars)
    f, _ = read_form(read_content(data))
    assert f["installation_address"] == {"street": "Lupinvej 26", "postcode": "7600", "city": "Struer"}
    assert [c["name"] for c in f["technical_contacts"]] == ["Matthias Krüger", "Sigrid Bergström"]


def test_a_name_beside_its_cvr_with_its_caption_rows_below() -> None:
    """Labels under their values: the name and the CVR set close enough to run into one cell, or the
    name's caption pushed two rows down; the name is what stands before the party's CVR on its row."""
    p = Page().heading("ORGANISATION")
    p.row([(57, "Nørreå Medical GmbH, dansk filial DK-52851181"), (378, "Org.nr. 991962339")])
    p.row([(57, "Name of organisation"), (217, "Danish company number (CVR)"), (378, "Registration number")])
    f, _ = _fields(p)
    assert f["organisation"] == "Nørreå Medical GmbH, dansk filial" and f["cvr"] == "52851181"
    q = Page().heading("Organisation")
    q.row([(64, "Kragsø Health AB, filial af svensk selskab"), (322, "DK-25449878"), (420, "HRB 31065")])
    q.row([(322, "SE-nr. (CVR)"), (420, "(Amtsgericht)")])
    q.row([(64, "Navn på organisation"), (420, "Udenlandsk reg.nr.")])
    g, _ = _fields(q)
    assert g["organisation"] == "Kragsø Health AB, filial af svensk selskab" and g["cvr"] == "25449878"


def test_a_header_row_with_a_label_the_reader_reads_in_part() -> None:
    """"Contact | E-mail address | Mobile no." over each contact's row: the header cell beside "E-mail
    address" is never its value (before, the e-mail was read "mobile no" and a contact made of it)."""
    p = Page().heading("Point of contact")
    p.row([(49, "Contact"), (160, "E-mail address"), (400, "Mobile no.")], font=BOLD)
    p.row([(49, "Emil Riis"), (160, "emri@roennebaek.example"), (400, "+4599689455")])
    p.heading("IT contacts")
    p.row([(49, "Contact"), (160, "E-mail address"), (400, "Mobile phone no.")], font=BOLD)
    p.row([(49, "Dorthe Bødker"), (160, "dorthe@roennebaek.example"), (400, "+45 43 31 23 84")])
    f, _ = _fields(p)
    assert f["org_contact"] == {"name": "Emil Riis", "email": "emri@roennebaek.example", "phone": "+4599689455"}
    assert f["technical_contacts"] == [{"name": "Dorthe Bødker", "email": "dorthe@roennebaek.example",
                                        "phone": "+4543312384"}]


def test_a_foreign_companys_danish_branch_is_named_with_its_branch() -> None:
    """A branch of a foreign company names itself by the company and the branch after a comma ("Fjeldså
    Health AB, filial af svensk selskab", "…GmbH, dansk filial", "…AS, NUF"): the whole is the organisation,
    read under a question as under a label. It had been no organisation, and the form's organisation missing."""
    for name in ("Fjeldså Health AB, filial af svensk selskab", "Nordal Medical GmbH, dansk filial",
                 "Vika Helse AS, NUF"):
        p = Page().heading("1) What is the name of the organisation?").line(name, x=80)
        p.heading("2) Please state your CVR number").line("50 47 14 03", x=80)
        f, problems = _fields(p)
        assert f["organisation"] == name
        assert "organisation" not in {q.get("field") for q in problems}


def test_a_text_layer_drawn_word_by_word_without_spaces_is_read_as_text() -> None:
    """A PDF writer that draws no space glyphs and places each word on its own (Ghostscript's pdfwrite does)
    has a text layer whose glyphs run together when joined: it is still a text layer of Danish words, read
    as text, not taken for a broken one and sent to OCR (where the form went to staff)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from parsers import read_pdf

    from .layouts import REGULAR

    p = Page()

    def words(x: float, text: str) -> None:
        for w in text.split():
            p.at(x, p.y, w)
            x += stringWidth(w + " ", REGULAR, 10)

    rows = [[(60, "Tilslutning til SDN")], [(60, "Organisationens navn"), (300, "CVR/SE-nr.")],
            [(60, "Klinik Mosede Strand ApS"), (300, "DK53505848")], [(60, "Organisationstype")],
            [(60, "Privathospital / privat klinik")], [(60, "Daglig kontaktperson")],
            [(60, "Kontaktperson"), (220, "E-mail"), (400, "Mobilnr.")],
            [(60, "Emil Mørch"), (220, "emmo@mosede-strand.example"), (400, "+45 3908 1849")],
            [(60, "Driftsansvarlige")], [(60, "Kontaktperson"), (220, "E-mail"), (400, "Mobilnr.")],
            [(60, "Rasmus Bødker"), (220, "rabo@mosede-strand.example"), (400, "(+45) 5653 0996")],
            [(60, "Anne Nørgaard"), (220, "anne.noergaard@mosede-strand.example"), (400, "+45 4787 5300")],
            [(60, "Lasse Frost"), (220, "lasse.frost@mosede-strand.example"), (400, "+45 2112 2045")],
            [(60, "Mette Bech"), (220, "mette.bech@mosede-strand.example"), (400, "+45 7100 5334")],
            [(60, "Viggo Holm"), (220, "viggo.holm@mosede-strand.example"), (400, "+45 5384 0055")],
            [(60, "Opstillingsadresse")], [(60, "Adresse"), (220, "Postnummer"), (400, "By")],
            [(60, "Bakkevej 115"), (220, "1128"), (400, "København K")], [(60, "IP-adresser")], [(60, "Subnet")],
            [(60, "192.168.230.64/27")], [(60, "Klinik Mosede Strand ApS · Opkobling nej, direkte forbindelse")]]
    for row in rows:
        for x, text in row:
            words(x, text)
        p.y += 17
    doc = read_pdf(render([p]), "skema.pdf").as_json()
    assert doc["ocr"] is False
    f = doc["fields"]
    assert (f["organisation"], f["party_type"]) == ("Klinik Mosede Strand ApS", "private_hospital")
    assert [c["name"] for c in f["technical_contacts"]] == ["Rasmus Bødker", "Anne Nørgaard", "Lasse Frost",
                                                      "Mette Bech", "Viggo Holm"]
    assert f["installation_address"] == {"street": "Bakkevej 115", "postcode": "1128", "city": "København K"}


def test_a_tick_after_an_option_ends_it_and_the_next_option_is_no_wrap() -> None:
    """Options one under another at a tight pitch, the tick after the chosen one ("Privat laboratorium ✓"),
    and cells of other lines starting just right of it: the next option ("IT-leverandør") is an option of its
    own, not the chosen one's wrapped end. Joined to it, the type read was the IT supplier's."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .layouts import REGULAR

    p = Page().heading("Organisation").pair("Juridisk enhed", "Fjeldså Laboratorium ApS").pair("CVR-nr.", "64303627")
    p.heading("Type af organisation").line("Sæt kryds")
    for option in ("Kommune", "Region", "Apotek"):
        p.line(option, step=11.2)
    p.line("Privat laboratorium", step=0).at(60 + stringWidth("Privat laboratorium ", REGULAR, 10), p.y, "✓")
    p.y += 11.2
    for option in ("IT-leverandør", "Udenlandsk organisation", "Andet"):
        p.line(option, step=11.2)
    edge = 60 + stringWidth("Privat laboratorium ✓", REGULAR, 10) + 20
    p.heading("Forbindelse til SDN")
    for label in ("Via KMD:", "Via systemleverandør:", "Andet:"):
        p.line(label, step=0).at(edge, p.y, "…………")
        p.y += 14
    f, _ = _fields(p)
    assert f["party_type"] == "laboratory"


def test_a_caption_set_three_quarters_of_its_value_names_it() -> None:
    """Chromium's "below" layout: the value in 9.5 pt, its caption in 7.5 pt right under it ("Fysioterapi
    Havrum" over "Juridisk enhed"). The caption is smaller by less than a quarter; before, only captions under
    three quarters of their value's height were read as captions, and the organisation was not found."""
    p = Page().heading("Organisation")
    p.at(43, p.y, "Fysioterapi Havrum", 9.5).at(300, p.y, "35592741", 9.5)
    p.y += 12
    p.at(43, p.y, "Juridisk enhed", 7.5).at(300, p.y, "Virksomhedens CVR", 7.5)
    p.y += 24
    p.heading("Type af organisation")
    f, _ = _fields(p)
    assert f["organisation"] == "Fysioterapi Havrum" and f["cvr"] == "35592741"


def test_a_question_answered_after_a_leader_of_underscores() -> None:
    """RTF's tab stop drawn as a line of underscores between the question and its answer ("Are you connected
    through KMD?: ______ No"): the leader was kept in the answer, "______ No" read as the name of the one the
    party is connected through, with confidence."""
    p = Page().heading("7. Connection")
    p.line("Are you connected through KMD?: ______ No")
    p.line("Are you connected through a system vendor? Which?: ______ No")
    f, _ = _fields(p)
    assert f["connected_via"] is None
    q = Page().heading("7. Forbindelse")
    q.line("Er I tilsluttet via KMD?: ...... Ja")
    g, _ = _fields(q)
    assert g["connected_via"] == "KMD"


def test_three_words_justified_after_a_label_that_ends_as_far_from_them() -> None:
    """LuaLaTeX's bilingual form (held-out seed): "Organisationens juridiske navn / Legal" | "Arbejdsmedicinsk
    Laboratorium  Kildevang" justified in its cell over "ApS", the gap after the label as wide as the justified
    spaces (13 pt): the line was taken for running text, the three words stayed three cells, and the name was read
    "Arbejdsmedicinsk ApS" with confidence. A label of several words set with a word's spaces is a cell of its own."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .layouts import REGULAR

    label = "Organisationens juridiske navn / Legal"
    p = Page().heading("Del A – Virksomhedsoplysninger")
    y, lx = p.y, 266 - stringWidth(label, REGULAR, 10)  # the labels left-aligned, the longest 13 pt before its value
    p.at(lx, y, label)
    x = 279.0
    for word in ("Arbejdsmedicinsk", "Laboratorium", "Kildevang"):
        p.at(x, y, word)
        x += stringWidth(word, REGULAR, 10) + 12.5
    p.at(lx, y + 12, "name of organisation").at(279, y + 12, "ApS")
    p.y = y + 26
    p.row([(lx, "CVR-nr. / CVR no."), (279, "63462020")])
    f, _ = _fields(p)
    assert f["organisation"] == "Arbejdsmedicinsk Laboratorium Kildevang ApS"
