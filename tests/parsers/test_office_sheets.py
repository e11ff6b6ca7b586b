"""The information form kept in a spreadsheet the way clerks keep one: the options listed with a cross in the
next column, and the contacts on sheets of their own named for what they hold (issue 22, the outside check's
`xlsx` delivery). Every workbook is made here with openpyxl."""
from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from parsers import reading_of
from tests.parsers.generator import FORM_TRUTH, score


def workbook(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    wb = openpyxl.Workbook()
    first = True
    for title, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def form_sheets(type_cross: str = "X", tech_sheet: str = "Teknisk kontakt") -> bytes:
    t = FORM_TRUTH
    oc, tc, a = t["org_contact"], t["technical_contacts"][0], t["installation_address"]
    main = [["Informationsskema"], ["Tilslutning til Sundhedsdatanettet (SDN)"], [],
            ["A. Organisationen"], ["Organisationens navn", t["organisation"]], ["CVR-nummer", t["cvr"]], [],
            ["B. Type af part"], ["Kommune", type_cross], ["Region", None], ["Apotek", None], [],
            ["C. Tilsluttes via"], ["KMD", None], ["Systemleverandør", None], ["Ingen af delene", "X"], [],
            ["D. Administrativ kontaktperson"], ["Navn", oc["name"]], ["E-mail", oc["email"]],
            ["Telefon", oc["phone"]], [],
            ["F. IP-adresser"], *[[n] for n in t["ip_scopes"]], [],
            ["G. Installationsadresse"], ["Adresse", a["street"]], ["Postnummer", a["postcode"]], ["By", a["city"]]]
    tech = [["Navn", "E-mail", "Telefon"], [tc["name"], tc["email"], tc["phone"]]]
    return workbook([("Informationsskema", main), (tech_sheet, tech)])


def read(data: bytes) -> dict[str, Any]:
    (doc,) = reading_of(data, "Informationsskema.xlsx").as_json()["documents"]
    assert isinstance(doc, dict)
    return doc


def test_options_crossed_in_the_next_column_are_ticked_boxes() -> None:
    doc = read(form_sheets())
    assert doc["kind"] == "information_form"
    assert doc["fields"]["party_type"] == "municipality"


def test_a_sheet_named_for_its_contacts_says_whose_contacts_its_table_holds() -> None:
    fields = read(form_sheets())["fields"]
    good, total, wrong = score(fields, FORM_TRUTH)
    assert good == total, wrong


def test_a_sheet_left_with_its_default_name_adds_no_heading() -> None:
    """"Ark2" says nothing of what its table holds: its contact is not taken for a technical contact."""
    fields = read(form_sheets(tech_sheet="Ark2"))["fields"]
    assert fields["org_contact"]["name"] == FORM_TRUTH["org_contact"]["name"]
    assert not any(c.get("name") == "Ark2" for c in fields["technical_contacts"])


def test_a_column_of_crosses_without_options_left_open_is_no_choice() -> None:
    """Every option crossed (a column of check marks copied down) chooses nothing: no type is read."""
    t = FORM_TRUTH
    rows = [["Informationsskema"], ["Organisationens navn", t["organisation"]], ["CVR-nummer", t["cvr"]], [],
            ["B. Type af part"], ["Kommune", "X"], ["Region", "X"], ["Apotek", "X"]]
    doc = read(workbook([("Ark1", rows)]))
    assert doc["fields"]["party_type"] is None


def test_one_record_laid_across_a_wide_sheet_is_read_label_by_label() -> None:
    """An export's shape: a header row whose labels name their section, over one row of values."""
    t = FORM_TRUTH
    oc, tc, a = t["org_contact"], t["technical_contacts"][0], t["installation_address"]
    pairs = [("Organisationen – Organisationens navn", t["organisation"]), ("Organisationen – CVR-nummer", t["cvr"]),
             ("Administrativ kontaktperson – Navn", oc["name"]), ("Administrativ kontaktperson – E-mail", oc["email"]),
             ("Administrativ kontaktperson – Telefon", oc["phone"]), ("Teknisk kontaktperson – Navn", tc["name"]),
             ("Teknisk kontaktperson – E-mail", tc["email"]), ("Teknisk kontaktperson – Telefon", tc["phone"]),
             ("IP-adresser – IP-område 1", t["ip_scopes"][0]), ("IP-adresser – IP-område 2", t["ip_scopes"][1]),
             ("Installationsadresse – Adresse", a["street"]), ("Installationsadresse – Postnummer", a["postcode"]),
             ("Installationsadresse – By", a["city"])]
    rows: list[list[Any]] = [[p[0] for p in pairs], [p[1] for p in pairs], [],
                             ["Informationsskema"], ["B. Type af part"], ["Kommune", "X"], ["Region", None]]
    fields = read(workbook([("Informationsskema", rows)]))["fields"]
    good, total, wrong = score(fields, FORM_TRUTH)
    assert good == total, wrong


def test_a_table_of_records_is_not_laid_out_label_by_label() -> None:
    """Three contacts under one narrow header row stay a table: each row one contact."""
    rows: list[list[Any]] = [["Informationsskema"], ["Organisationens navn", FORM_TRUTH["organisation"]], [],
                             ["E. Teknisk kontaktperson"], ["Navn", "E-mail", "Telefon"],
                             ["Bo Berg", "bo.berg@kystby.example", "+4587654321"],
                             ["Ida Krog", "ida.krog@kystby.example", "+4522334455"]]
    fields = read(workbook([("Ark1", rows)]))["fields"]
    assert [c["name"] for c in fields["technical_contacts"]] == ["Bo Berg", "Ida Krog"]


def test_a_questionnaire_exported_across_a_sheet_reads_each_answer_under_its_question() -> None:
    """An online form's export: every header repeats the form's title before its numbered question, and a
    contact's name, e-mail and phone stand on lines of their own in one cell (Alt+Enter)."""
    t = FORM_TRUTH
    oc, tc, a = t["org_contact"], t["technical_contacts"][0], t["installation_address"]
    title = "Information for MedCom – connection to SDN – "
    questions = ["1) What is your organisation's legal name?", "2) Please state your CVR number",
                 "3) What type of organisation are you?", "4) Will you connect through KMD or a system vendor?",
                 "5) Who is the contact person for the agreement? (name, e-mail, phone)",
                 "6) Who are your technical contacts?", "7) Which networks (IP ranges) should be opened?",
                 "8) What is the delivery address for the equipment?"]
    answers = [t["organisation"], f"DK-{t['cvr']}", "Municipality", "No, directly",
               f"{oc['name']}\n{oc['email']}\n{oc['phone']}",
               f"{tc['name']}\n{tc['email']}\n{tc['phone']}\nIda Krog\nida.krog@kystby.example\n+4522334455",
               "\n".join(t["ip_scopes"]), f"{a['street']}\n{a['postcode']} {a['city']}"]
    fields = read(workbook([("Information form", [[title + q for q in questions], answers])]))["fields"]
    assert fields["connected_via"] is None  # "No, directly" is no umbrella called "No"
    assert fields["org_contact"] == oc
    assert fields["technical_contacts"] == [tc, {"name": "Ida Krog", "email": "ida.krog@kystby.example",
                                                 "phone": "+4522334455"}]
    assert fields["ip_scopes"] == t["ip_scopes"]
    assert fields["installation_address"] == a


def test_numbers_a_spreadsheet_stored_as_numbers_read_as_the_clerk_typed_them() -> None:
    """A CVR typed into a number cell is a float, a phone an int, and a postcode under 1000 is kept by its
    cell's "0000" format only: each is read as the digits the clerk sees, never "29189919.0" or "800"."""
    t = FORM_TRUTH
    oc = t["org_contact"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r in [["Informationsskema"], ["A. Organisationen"], ["Organisationens navn", t["organisation"]],
              ["CVR-nummer", float(t["cvr"])], [], ["D. Administrativ kontaktperson"], ["Navn", oc["name"]],
              ["E-mail", oc["email"]], ["Telefon", int(oc["phone"].removeprefix("+45"))], [],
              ["G. Installationsadresse"], ["Adresse", "Havnevej 1"], ["Postnummer", 800], ["By", "Høje Taastrup"]]:
        ws.append(r)
    ws["B13"].number_format = "0000"
    buf = io.BytesIO()
    wb.save(buf)
    fields = read(buf.getvalue())["fields"]
    assert fields["cvr"] == t["cvr"]
    assert fields["org_contact"] == oc
    assert fields["installation_address"] == {"street": "Havnevej 1", "postcode": "0800", "city": "Høje Taastrup"}


def _connection_grid(kmd: str) -> list[list[Any]]:
    """"Tilsluttes via KMD" and "... via systemleverandør" with a cross under "Ja" or "Nej" (kmd: which for KMD;
    the provider is always "Nej")."""
    t = FORM_TRUTH
    return [["Informationsskema"], ["1. Part"], ["Navn", t["organisation"]], ["CVR-nr.", t["cvr"]], [],
            ["3. Hvordan tilsluttes I?"], [None, "Ja", "Nej"],
            ["Tilsluttes via KMD", "X" if kmd == "Ja" else None, "X" if kmd == "Nej" else None],
            ["Tilsluttes via systemleverandør", None, "X"],
            # the form's own headings follow, their values given elsewhere in the workbook
            ["4. Kontaktperson (administrativ)"], ["5. Teknisk kontakt"], ["Kontakt 1"], ["Kontakt 2"]]


def test_crosses_under_a_nej_column_are_answers_no_not_ticked_options() -> None:
    """A grid of questions answered by a cross under "Ja" or "Nej": a cross under "Nej" is no choice of KMD (it
    was read as "[X] Tilsluttes via KMD", a confident wrong umbrella)."""
    assert read(workbook([("Informationsskema", _connection_grid("Nej"))]))["fields"]["connected_via"] is None
    assert read(workbook([("Informationsskema", _connection_grid("Ja"))]))["fields"]["connected_via"] == "KMD"


@pytest.mark.parametrize("parent", ["5. Teknisk kontakt", "Teknisk kontakt"])
def test_numbered_contacts_across_a_sheet_belong_where_the_sheets_own_form_sets_them(parent: str) -> None:
    """"Kontakt 1 – Navn" says whose contact only through the form printed under the record, where "Kontakt 1"
    stands under "5. Teknisk kontakt": both contacts are technical (they were lost)."""
    t = FORM_TRUTH
    oc, tc = t["org_contact"], t["technical_contacts"][0]
    pairs = [("Part – Navn", t["organisation"]), ("Part – CVR-nr.", t["cvr"]),
             ("Kontaktperson (administrativ) – Fulde navn", oc["name"]),
             ("Kontaktperson (administrativ) – Mail", oc["email"]),
             ("Kontaktperson (administrativ) – Direkte telefon", oc["phone"]),
             ("Kontakt 1 – Fulde navn", tc["name"]), ("Kontakt 1 – Mail", tc["email"]),
             ("Kontakt 1 – Direkte telefon", tc["phone"]), ("Kontakt 2 – Fulde navn", "Ida Krog"),
             ("Kontakt 2 – Mail", "ida.krog@kystby.example"), ("Kontakt 2 – Direkte telefon", "+4522334455")]
    rows: list[list[Any]] = [[p[0] for p in pairs], [p[1] for p in pairs], [],
                             ["SDN – informationsskema for ny tilslutning"], ["1. Part"],
                             ["4. Kontaktperson (administrativ)"], [parent], ["Kontakt 1"], ["Kontakt 2"],
                             ["6. IP-adresseområder (CIDR)"]]
    fields = read(workbook([("Informationsskema", rows)]))["fields"]
    assert fields["org_contact"] == oc
    assert fields["technical_contacts"] == [tc, {"name": "Ida Krog", "email": "ida.krog@kystby.example",
                                                 "phone": "+4522334455"}]


_EXPORT_PAIRS = [("The organisation – Name", "org"), ("The organisation – CVR number", "cvr"),
                 ("Contact person at the organisation – Name", "oc.name"),
                 ("Contact person at the organisation – E-mail", "oc.email"),
                 ("Contact person at the organisation – Mobile", "oc.phone"),
                 ("IT operations contacts – Name", "tc.name"), ("IT operations contacts – E-mail", "tc.email"),
                 ("IT operations contacts – Mobile", "tc.phone"), ("IP ranges to be opened – Range 1", "ip0"),
                 ("IP ranges to be opened – Range 2", "ip1"), ("Site address for the equipment – Address", "street"),
                 ("Site address for the equipment – Post code", "postcode"),
                 ("Site address for the equipment – City", "city")]


def _export_value(key: str) -> str:
    t = FORM_TRUTH
    people = {"oc": t["org_contact"], "tc": t["technical_contacts"][0]}
    if "." in key:
        who, what = key.split(".")
        return str(people[who][what])
    return str({"org": t["organisation"], "cvr": t["cvr"], "ip0": t["ip_scopes"][0], "ip1": t["ip_scopes"][1],
                **t["installation_address"]}[key])


def test_a_record_over_the_forms_own_headings_is_read_under_them() -> None:
    """An export's record across the top, over the form it came from: a long title (one cell, running on over the
    empty cells beside it), the sections' own headings, the options with a cross in the next column. Each section's
    values belong under its heading there: read at the top, "The organisation" was taken as the label of "Name"
    ("Name Kystby Kommune", a confident wrong organisation), a contact's name ran into its "E-mail", and the title,
    wrapped at the column's width, was read as the organisation."""
    headings = ["The organisation", "Type of organisation", "Contact person at the organisation",
                "IT operations contacts", "IP ranges to be opened", "Site address for the equipment"]
    rows: list[list[Any]] = [
        [p[0] for p in _EXPORT_PAIRS], [_export_value(p[1]) for p in _EXPORT_PAIRS], [],
        ["Information form – connection to the Health Data Network (SDN)"],
        ["To be completed by the connecting organisation and returned to MedCom by e-mail."],
        *[[f"{chr(65 + k)}. {h}"] for k, h in enumerate(headings[:2])],
        ["Tick one"], ["Municipality", "X"], ["Region", None], ["Pharmacy", None],
        *[[f"{chr(67 + k)}. {h}"] for k, h in enumerate(headings[2:])]]
    doc = read(workbook([("Information form", rows)]))
    good, total, wrong = score(doc["fields"], FORM_TRUTH)
    assert good == total, wrong
    assert not [p for p in doc["problems"] if p["code"] == "missing_field"]


def test_a_questionnaire_with_its_answers_beside_the_questions_reads_every_contact() -> None:
    """Numbered questions in column A and the answers beside them in B, the technical contacts one a line in one
    cell ("Name, e-mail, phone"): each answer is under its question and each line a contact of its own (the second
    and third were read as "Ida Krog," with the phone of the last lost, and its contact asked for again)."""
    t = FORM_TRUTH
    oc, tc, a = t["org_contact"], t["technical_contacts"][0], t["installation_address"]
    rows: list[list[Any]] = [
        ["Tilslutning til SDN"],
        ["1. Hvad er organisationens juridiske navn?", t["organisation"]],
        ["2. Hvad er organisationens CVR-nummer?", t["cvr"]],
        ["3. Hvilken type organisation er I?", "Kommune"],
        ["4. Skal I tilsluttes via KMD eller en systemleverandør?", "Nej, direkte"],
        ["5. Hvem er kontaktperson for aftalen? (navn, e-mail og telefon)",
         f"{oc['name']}, {oc['email']}, {oc['phone']}"],
        ["6. Hvem er jeres IT-ansvarlige / tekniske kontaktpersoner?",
         f"{tc['name']}, {tc['email']}, {tc['phone']}\nIda Krog, ida.krog@kystby.example, 22 33 44 55\n"
         "Emil Dalgas, emil.dalgas@kystby.example, +45 7693 0246"],
        ["7. Oplys de IP-adresseområder, der skal have adgang", "\n".join(t["ip_scopes"])],
        ["8. Hvor skal udstyret leveres?", f"{a['street']}, {a['postcode']} {a['city']}"]]
    doc = read(workbook([("Informationsskema", rows)]))
    fields = doc["fields"]
    assert fields["party_type"] == "municipality" and fields["org_contact"] == oc
    assert fields["technical_contacts"] == [
        tc, {"name": "Ida Krog", "email": "ida.krog@kystby.example", "phone": "+4522334455"},
        {"name": "Emil Dalgas", "email": "emil.dalgas@kystby.example", "phone": "+4576930246"}]
    assert fields["installation_address"] == a
    assert not [p for p in doc["problems"] if p["code"] == "missing_field"]


def test_options_numbered_in_a_column_before_them_are_still_ticked_by_their_cross() -> None:
    """A row number before each option ("6 | Kommune | X"): the cross is still the option's (the type was lost and
    asked for again)."""
    t = FORM_TRUTH
    rows: list[list[Any]] = [["Informationsskema"], [1, "Organisationens navn", t["organisation"]],
                             [2, "CVR-nummer", t["cvr"]], [], [None, "B. Type af part"], [3, "Kommune", "X"],
                             [4, "Region", None], [5, "Apotek", None]]
    doc = read(workbook([("Ark1", rows)]))
    assert doc["fields"]["party_type"] == "municipality"
    assert not [p for p in doc["problems"] if "party_type" in (p.get("fields") or [p.get("field")])]
