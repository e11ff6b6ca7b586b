"""A Word form's fields read as the party sees them (python-docx writes the document, the fields' XML as Word
writes it): a legacy drop-down (FORMDROPDOWN) shows its chosen entry, which is in no run of text; a mail merge's
field never merged shows «its name», which is no value (a complex field or a w:fldSimple); hidden text is
not shown; a first page's own header is; tracked changes not yet accepted show the inserted text
and neither the deleted nor the moved-away text, and make the document `uncertain` for staff."""
from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml

from parsers.office import read_office
from tests.parsers.generator import FORM_TRUTH

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _runs(p: Any, *xml: str) -> None:
    for x in xml:
        p._p.append(parse_xml(x.replace("<w:r>", f"<w:r {W_NS}>", 1) if x.startswith("<w:r>") else x))


def _dropdown(p: Any, entries: list[str], chosen: int) -> None:
    items = "".join(f'<w:listEntry w:val="{e}"/>' for e in entries)
    _runs(p, f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Dropdown1"/><w:enabled/>'
             f'<w:calcOnExit w:val="0"/><w:ddList><w:result w:val="{chosen}"/>{items}</w:ddList></w:ffData>'
             "</w:fldChar></w:r>",
          '<w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>',
          '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _merge_field(p: Any, name: str, shown: str) -> None:
    _runs(p, '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
          f'<w:r><w:instrText xml:space="preserve"> MERGEFIELD {name} \\* MERGEFORMAT </w:instrText></w:r>',
          '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
          f'<w:r><w:t>{shown}</w:t></w:r>', '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _changed(p: Any, deleted: str, inserted: str) -> None:
    meta = 'w:author="Anna Holm" w:date="2026-11-16T09:00:00Z"'
    _runs(p, f'<w:del {W_NS} w:id="1" {meta}><w:r><w:delText>{deleted}</w:delText></w:r></w:del>',
          f'<w:ins {W_NS} w:id="2" {meta}><w:r><w:t>{inserted}</w:t></w:r></w:ins>')


def _form(org: Any, party: Any, phone: Any, prepare: Any = None, org_line: bool = True) -> bytes:
    t = FORM_TRUTH
    d = docx.Document()
    if prepare is not None:
        d = prepare(d)
    d.add_heading("Informationsskema", 1)
    d.add_paragraph("Tilslutning til Sundhedsdatanettet (SDN)")
    d.add_heading("A. Organisationen", 2)
    if org_line:
        org(d.add_paragraph("Organisationens navn: "))
    d.add_paragraph(f"CVR-nummer: {t['cvr']}")
    d.add_heading("B. Type af part", 2)
    party(d.add_paragraph("Type af part: "))
    d.add_heading("D. Administrativ kontaktperson", 2)
    oc = t["org_contact"]
    d.add_paragraph(f"Navn: {oc['name']}")
    d.add_paragraph(f"E-mail: {oc['email']}")
    phone(d.add_paragraph("Telefon: "))
    d.add_heading("E. Teknisk kontaktperson", 2)
    tc = t["technical_contacts"][0]
    for label, v in (("Navn", tc["name"]), ("E-mail", tc["email"]), ("Telefon", tc["phone"])):
        d.add_paragraph(f"{label}: {v}")
    d.add_heading("F. IP-adresser", 2)
    for net in t["ip_scopes"]:
        d.add_paragraph(net)
    d.add_heading("G. Installationsadresse", 2)
    a = t["installation_address"]
    for label, v in (("Adresse", a["street"]), ("Postnummer", a["postcode"]), ("By", a["city"])):
        d.add_paragraph(f"{label}: {v}")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _read(data: bytes) -> Any:
    (doc,) = read_office(data, "Informationsskema.docx", "docx")
    assert doc.kind == "information_form"
    return doc


def _typed(text: str) -> Any:
    return lambda p: p.add_run(text)


def test_a_legacy_drop_down_shows_its_chosen_entry() -> None:
    doc = _read(_form(_typed("Kystby Kommune"), lambda p: _dropdown(p, ["Kommune", "Region", "Apotek"], 1),
                      _typed("12345678")))
    assert doc.form().party_type == "region"  # before: the drop-down's answer was in no text, so no type


def test_a_mail_merge_field_never_merged_is_no_organisation() -> None:
    doc = _read(_form(lambda p: _merge_field(p, "Organisation", "«Organisation»"), _typed("Kommune"),
                      _typed("12345678")))
    assert doc.form().organisation != "«Organisation»"  # before: the field's name was read as the party's
    merged = _read(_form(lambda p: _merge_field(p, "Organisation", "Kystby Kommune"), _typed("Kommune"),
                         _typed("12345678")))
    assert merged.form().organisation == "Kystby Kommune"  # a merged field's result is its value


def test_a_simple_merge_field_never_merged_is_no_organisation() -> None:
    """The same as a w:fldSimple, as Word writes a field it need not split into runs."""
    def simple(shown: str) -> Any:
        return lambda p: _runs(p, f'<w:fldSimple {W_NS} w:instr=" MERGEFIELD Organisation "><w:r><w:t>{shown}</w:t>'
                                  "</w:r></w:fldSimple>")

    assert _read(_form(simple("«Organisation»"), _typed("Kommune"), _typed("12345678"))).form().organisation is None
    assert _read(_form(simple("Kystby Kommune"), _typed("Kommune"), _typed("12345678"))).form().organisation == \
        "Kystby Kommune"


def test_hidden_text_is_not_the_answer() -> None:
    """Text formatted hidden (w:vanish), as a run or by its character style, is neither shown nor printed by Word:
    an old answer kept hidden is no part of the value (before: "Gammel Kommune Kystby Kommune" and a phone
    "9999999912345678", with no doubt)."""
    def org(p: Any) -> None:
        _runs(p, f'<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">Gammel Kommune </w:t></w:r>')
        p.add_run("Kystby Kommune")

    def phone(p: Any) -> None:
        p.add_run("99999999").style = "Skjult"
        _runs(p, f'<w:r {W_NS}><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>12345678</w:t></w:r>')

    def styled(d: Any) -> Any:
        from docx.enum.style import WD_STYLE_TYPE

        d.styles.add_style("Skjult", WD_STYLE_TYPE.CHARACTER).font.hidden = True
        return d

    form = _read(_form(org, _typed("Kommune"), phone, prepare=styled)).form()
    assert form.organisation == "Kystby Kommune"
    assert form.org_contact.phone == "+4512345678"


def test_hidden_text_saved_by_libreoffice_is_not_the_answer() -> None:
    """The same Word file saved by LibreOffice as .odt: the hidden runs become spans of a text style with
    text:display="none" (before: read into the organisation and the phone, with no doubt)."""
    from tests.parsers import officemaker as om
    from tests.servers.libreoffice import ensure_libreoffice

    ensure_libreoffice()

    def org(p: Any) -> None:
        _runs(p, f'<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">Gammel Kommune </w:t></w:r>')
        p.add_run("Kystby Kommune")

    def phone(p: Any) -> None:
        _runs(p, f'<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t>99999999</w:t></w:r>')
        p.add_run("12345678")

    odt = om.soffice_convert(_form(org, _typed("Kommune"), phone), ".docx", "odt")
    (doc,) = read_office(odt, "Informationsskema.odt", "odt")
    assert doc.form().organisation == "Kystby Kommune"
    assert doc.form().org_contact.phone == "+4512345678"


def test_a_first_page_header_of_its_own_is_read() -> None:
    """A letterhead in the first page's own header (w:titlePg), which Word prints atop page 1 only: its
    organisation is the party's (before: lost, and the organisation asked for as missing)."""
    def letterhead(d: Any) -> Any:
        s = d.sections[0]
        s.different_first_page_header_footer = True
        s.first_page_header.paragraphs[0].text = f"Organisationens navn: {FORM_TRUTH['organisation']}"
        s.header.paragraphs[0].text = "Side 2"
        return d

    form = _read(_form(lambda p: None, _typed("Kommune"), _typed("12345678"), prepare=letterhead,
                       org_line=False)).form()
    assert form.organisation == FORM_TRUTH["organisation"]


def test_tracked_changes_read_as_the_party_sees_them() -> None:
    def moved(p: Any) -> None:  # "12345678" moved away from here (and kept elsewhere): not shown here
        _runs(p, f'<w:moveFrom {W_NS} w:id="3" w:author="Anna Holm"><w:r><w:t>99999999</w:t></w:r></w:moveFrom>',
              f'<w:r {W_NS}><w:t>12345678</w:t></w:r>')

    doc = _read(_form(lambda p: _changed(p, "Kystby Kommun", "Kystby Kommune"), _typed("Kommune"), moved))
    form = doc.form()
    assert form.organisation == "Kystby Kommune"
    assert form.org_contact.phone == "+4512345678"  # before: the moved-away digits ran into the phone
    # which words stand is the party's decision, not yet made: staff confirm, the party is told nothing on it
    doubts = [p.message for p in doc.problems if p.code == "uncertain"]
    assert len(doubts) == 1 and "3 tracked changes not yet accepted" in doubts[0]


def test_a_change_of_formatting_alone_leaves_the_document_certain() -> None:
    def marked(p: Any) -> None:  # a paragraph mark tracked as inserted, a run's bold as changed: no word changes
        p._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {W_NS}><w:ins w:id="7" w:author="Anna Holm"/></w:rPr>'))
        p.add_run("Kystby Kommune")

    doc = _read(_form(marked, _typed("Kommune"), _typed("12345678")))
    assert doc.form().organisation == "Kystby Kommune"
    assert not [p for p in doc.problems if p.code == "uncertain"]


@pytest.mark.parametrize(("instruction", "entries", "chosen", "expected"), [
    ("Tick one", ["Municipality", "Region", "Private hospital or clinic", "Foreign organisation"], 2,
     "private_hospital"),
    ("Sæt kryds", ["Kommune", "Region", "Privathospital / privat klinik", "Udenlandsk organisation"], 2,
     "private_hospital"),
    ("Tick one", ["Municipality", "Region", "Private hospital or clinic", "Foreign organisation"], 3, "foreign"),
])
def test_an_instruction_beside_a_drop_down_is_no_organisation_and_its_answer_is_the_type(
        instruction: str, entries: list[str], chosen: int, expected: str) -> None:
    """ "Tick one<tab>[drop-down]" in the organisation's part, the name on a line of its own without a label: the
    chosen entry is the party's type, never its name (before: "Private hospital or clinic" was read as the
    organisation, with no doubt, and the type was missing)."""
    t = FORM_TRUTH
    d = docx.Document()
    d.add_heading("Information form", 1)
    d.add_paragraph("Connection to the Health Data Network (SDN)")
    d.add_heading("1. Organisation", 2)
    _dropdown(d.add_paragraph(f"{instruction}\t"), entries, chosen)
    d.add_paragraph(t["organisation"])
    d.add_paragraph(f"CVR number:\t{t['cvr']}")
    d.add_heading("4. Technical contact", 2)
    tc = t["technical_contacts"][0]
    for label, v in (("Name", tc["name"]), ("E-mail", tc["email"]), ("Phone", tc["phone"])):
        d.add_paragraph(f"{label}:\t{v}")
    buf = io.BytesIO()
    d.save(buf)
    form = _read(buf.getvalue()).form()
    assert form.organisation in (t["organisation"], None)  # the name, or not found: never the chosen entry
    assert form.organisation != entries[chosen]
    assert form.party_type == expected
