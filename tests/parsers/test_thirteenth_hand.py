"""The thirteenth outside hand (bench/outside/thirteenth_hand.py: MuPDF's HTML engine, XeLaTeX, RTF through
LibreOffice): its documents are made by the real tools at test time, and the truth each carries is what the page
shows (so a reading that finds the values can score right); then the classes it showed, each read as `mailbot
parse` reads them."""
from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from bench.outside import thirteenth_hand as t13
from bench.outside.people import Party


def _party(seed: int, ptype: str | None = None) -> Party:
    return t13.own_party(random.Random(seed), ptype)


def _page_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    return re.sub(r"\s+", " ", text)


def _squeezed(s: str) -> str:
    return re.sub(r"[\s\-]", "", s)


def _shown(value: str, text: str) -> bool:
    """Each word of `value` is on the page (a narrow cell may wrap it after a space or a hyphen, and the lines
    of cells side by side come out interleaved)."""
    return all(_squeezed(piece) in _squeezed(text) for piece in re.split(r"[\s\-]+", value) if piece)


@pytest.mark.parametrize(("engine", "layout", "empty"), [("mupdf", "roles", ""), ("mupdf", "under", "tech_phone"),
                                                         ("xelatex", "kv", "site"), ("xelatex", "letter", ""),
                                                         ("rtf", "kv", "ip_scopes"), ("rtf", "roles", "")])
def test_a_forms_truth_is_on_its_page(tmp_path: Path, engine: str, layout: str, empty: str) -> None:
    rng = random.Random(f"{engine}{layout}")
    p = _party(rng.randint(0, 699), rng.choice(t13.PARTY_TYPES))
    doc = t13.form(rng, p, "skema.pdf", engine, layout, empty)
    doc.draw(tmp_path / doc.name)
    text = _page_text(tmp_path / doc.name)
    truth: dict[str, Any] = doc.truth["documents"][0]  # type: ignore[index]
    f = truth["fields"]
    assert truth["problems"] == (["missing_field"] if empty and layout != "letter" else [])
    people = [f["org_contact"], *f["technical_contacts"]]
    values = [f["organisation"], *[c["name"] for c in people], *[c["email"] for c in people], *f["ip_scopes"],
              *[v for v in f["installation_address"].values() if v]]
    for v in values:
        assert _shown(v, text), v
    for c in people:  # a phone as any of this hand's ways writes it: its eight digits in a row
        if c["phone"]:
            assert c["phone"][3:] in re.sub(r"\D", "", text)
    assert f["cvr"] in re.sub(r"\D", "", text)


@pytest.mark.parametrize(("engine", "signing"), [("mupdf", "evidence"), ("xelatex", "picture"), ("rtf", "typed"),
                                                 ("xelatex", "pending"), ("mupdf", "blank"), ("rtf", "unsigned")])
def test_an_agreements_truth_is_on_its_page(tmp_path: Path, engine: str, signing: str) -> None:
    rng = random.Random(f"{engine}{signing}")
    p = _party(rng.randint(0, 699), "municipality")
    doc = t13.agreement(rng, p, "data_processor_agreement", engine, signing, "docusign", "aftale.pdf")
    doc.draw(tmp_path / doc.name)
    text = _page_text(tmp_path / doc.name)
    truth: dict[str, Any] = doc.truth["documents"][0]  # type: ignore[index]
    f = truth["fields"]
    assert f["signed"] is (signing in ("evidence", "picture", "typed"))
    assert _shown(f["organisation"], text)
    assert f["cvr"] in re.sub(r"\D", "", text)
    if f["signatory_name"]:
        assert _shown(f["signatory_name"], text)
    if signing == "pending":
        assert ("Not yet signed" in text) or ("Ikke underskrevet endnu" in text)


# ---------------------------------------------------------------- what the hand showed (seeds 130 and 131)

def _read(doc: Any, tmp_path: Path) -> dict[str, Any]:
    from parsers.documents.pipeline import read_pdf_all

    out = tmp_path / doc.name
    doc.draw(out)
    return read_pdf_all(out.read_bytes(), doc.name)[0].as_json()


def _with(p: Party, **changes: Any) -> Party:
    return replace(p, **changes)


def _people(p: Party) -> Party:
    """Contacts whose addresses are long enough to wrap in a narrow column, on a domain with hyphens."""
    dom = "mosede-strand-sundhed.example"
    c = replace(p.org_contact, email=f"{p.org_contact.email.split('@')[0]}@{dom}")
    techs = [replace(t, email=f"{t.email.split('@')[0]}.drift@{dom}") for t in (p.technical * 2)[:2]]
    techs[1] = replace(techs[1], name="Sigrid Solberg", phone="+4587302827", local_phone="87 30 28 27")
    return replace(p, org_contact=c, technical=techs)


@pytest.mark.parametrize(("engine", "seed"), [("mupdf", 41), ("rtf", 21)])
def test_contacts_as_columns_with_wrapped_addresses_keep_their_phones(tmp_path: Path, engine: str, seed: int) -> None:
    """The roles as columns (contact | technician 1 | technician 2), an address wrapped in its narrow cell: the
    rows under the wrapped one were no part of the table, so the phones row was read as one label with three
    values; each person's phone went to the wrong person or none (seed 130: 10 confident wrong values in 6
    forms)."""
    p = _people(_party(seed, "laboratory"))
    got = _read(t13.form(random.Random(seed), p, "skema.pdf", engine, "roles"), tmp_path)["fields"]
    want = [p.org_contact, *p.technical]
    assert got["org_contact"]["phone"] == want[0].phone
    assert [c["phone"] for c in got["technical_contacts"]] == [t.phone for t in want[1:]]
    assert [c["name"] for c in got["technical_contacts"]] == [t.name for t in want[1:]]


def _via_form(p: Party, engine: str, answers: list[tuple[str, str]]) -> Any:
    rng = random.Random(7)
    doc = t13.form(rng, p, "skema.pdf", engine, "kv")
    items = t13.form_items(random.Random(7), p, "", "kv")
    at = next(i for i, it in enumerate(items) if it.kind == "head" and it.a == t13.W[p.language]["s_via"])
    items[at + 1:] = [It("kv", q, a) for q, a in answers] + [It("small", t13.W[p.language]["foot"])]

    def draw(out: Path) -> None:
        t13.render_pdf(engine, items, out, random.Random(8), p.language)

    return replace(doc, draw=draw)


It = t13.It


def test_a_follow_up_question_is_no_vendor(tmp_path: Path) -> None:
    """"Are you connected through a system vendor? Which?: No" (RTF, the answer past the tab stop): the follow-up
    question with the answer was read as the vendor's name, "Which?: No", with confidence (seed 130: 3 forms,
    each a dangerous answer)."""
    p = _with(_party(3, "laboratory"), language="en", connected_via=None)
    w = t13.W["en"]
    got = _read(_via_form(p, "rtf", [(w["kmd"], "No"), (w["prov"], "No")]), tmp_path)["fields"]
    assert got["connected_via"] is None


@pytest.mark.parametrize(("lang", "kmd", "vendor", "want"), [("en", "Yes", "No", "KMD"),
                                                              ("da", "Nej", "Ja, Clinea Data", "Clinea Data")])
def test_questions_answered_on_the_line_under_them(tmp_path: Path, lang: str, kmd: str, vendor: str,
                                                   want: str) -> None:
    """MuPDF sets each answer under its question ("Are you connected through KMD?:" over "Yes"; "... en
    systemleverandør? Hvilken?:" over "Ja, Clinea Data"): the colon after the question mark hid the question, so
    the connection was read as direct."""
    p = _with(_party(4, "laboratory"), language=lang, connected_via=want)
    w = t13.W[lang]
    got = _read(_via_form(p, "mupdf", [(w["kmd"], kmd), (w["prov"], vendor)]), tmp_path)["fields"]
    assert got["connected_via"] == want


@pytest.mark.parametrize(("engine", "service", "lang"), [("mupdf", "addo", "en"), ("rtf", "signicat", "en"),
                                                         ("xelatex", "criipto", "da")])
def test_a_signer_table_that_starts_with_the_time(tmp_path: Path, engine: str, service: str, lang: str) -> None:
    """A service's page whose signer table starts with the moment ("10/28/2026 07:45:13 AM UTC | Katrin Schneider |
    Sønderå Diagnostics AB | Signer"): no signer was found, and a signed agreement was read as unsigned (seed
    130: 6 agreements)."""
    p = _with(_party(11, "pharmacy"), language=lang)
    doc = t13.agreement(random.Random(11), p, "data_processor_agreement", engine, "evidence", service, "a.pdf")
    got = _read(doc, tmp_path)
    assert got["fields"]["signed"] is True
    assert got["fields"]["signature_date"] == p.signature_date.isoformat()
    assert "not_signed" not in {x["code"] for x in got["problems"]}


def test_a_title_on_the_line_under_the_name_is_no_part_of_it(tmp_path: Path) -> None:
    """XeLaTeX's signature place: "Navn: Viggo Skovbo" over "Laboratoriechef", read as one name, "Viggo Skovbo
    Laboratoriechef", with confidence (seed 130: 3 agreements)."""
    for seed in (4, 5, 6):
        p = _with(_party(seed, "laboratory"), language="da", signatory_title="Laboratoriechef")
        doc = t13.agreement(random.Random(seed), p, "data_processor_agreement", "xelatex", "typed", "addo", "a.pdf")
        got = _read(doc, tmp_path)["fields"]
        assert got["signatory_name"] == p.signatory.name
        assert got["signatory_title"] in ("Laboratoriechef", None)  # not found under a wrapped date: for staff


def test_a_name_typed_in_italics_beside_a_wrapped_date_is_a_signature(tmp_path: Path) -> None:
    """"Dato: Aarhus, den 24." over "november 2026", the typed name "Rasmus Winther" in italics beside it in the
    same run: the name was read as the date's tail and set aside with it, and the signature place found empty:
    `not_signed` on the evidence "found_empty", a wrong word to a party that signed."""
    p = _with(_party(6, "laboratory"), language="da", signatory_title="Laboratoriechef")
    doc = t13.agreement(random.Random(6), p, "data_processor_agreement", "xelatex", "typed", "addo", "a.pdf")
    got = _read(doc, tmp_path)
    assert got["fields"]["signed"] is True
    assert "not_signed" not in {x["code"] for x in got["problems"]}


@pytest.mark.parametrize("seed", [18, 48])
def test_a_signature_table_with_the_date_first(tmp_path: Path, seed: int) -> None:
    """RTF's signature table, "Dato | Underskrift", each row "31-10-2026 | For Parten" over the typed name and
    "Navn og stilling: ...": the row's date and MedCom's heading were taken for two blocks side by side (MedCom's
    date read as the party's, with confidence), and a page titled "Underskriftsside" ended the block before it
    began (read unsigned)."""
    p = _with(_party(seed, "practitioner"), language="da")
    for k in range(4):  # the party block and the signature page are drawn: several draws cover both
        doc = t13.agreement(random.Random(seed * 10 + k), p, "connection_agreement", "rtf", "typed", "addo",
                            "a.pdf")
        got = _read(doc, tmp_path)["fields"]
        assert got["signed"] is True
        assert got["signature_date"] == p.signature_date.isoformat()
        assert got["signatory_name"] == p.signatory.name


@pytest.mark.parametrize("seed", [31, 33, 34])
def test_contacts_as_columns_under_a_wrapped_head(tmp_path: Path, seed: int) -> None:
    """Four people as columns, the head "Kontakt vedr. aftalen" wrapped in its cell (seed 131): the line's space it
    took was read as a blank row ending the table before its first row, and the organisation's contact was read as
    the first technician, with confidence."""
    p = _with(_people(_party(31, "laboratory")), language="da")
    p = replace(p, technical=[*p.technical, replace(p.technical[0], name="Gustav Frost", phone="+4595027400",
                                                    local_phone="95 02 74 00",
                                                    email="gustav@mosede-strand-sundhed.example")])
    got = _read(t13.form(random.Random(seed), p, "skema.pdf", "mupdf", "roles"), tmp_path)["fields"]
    assert got["org_contact"]["name"] == p.org_contact.name
    assert [c["name"] for c in got["technical_contacts"]] == [t.name for t in p.technical]
    assert [c["phone"] for c in got["technical_contacts"]] == [t.phone for t in p.technical]


@pytest.mark.parametrize(("lang", "title"), [("en", "Chief Executive Officer"), ("en", "Managing Director"),
                                             ("da", "Kommunaldirektør")])
def test_a_name_and_title_wrapped_in_their_cell(tmp_path: Path, lang: str, title: str) -> None:
    """RTF's signature table, "Name and title: Søren Thrane, Chief Executive" over "Officer" (or "Navn og stilling:
    Oliver Skovbo," over "Kommunaldirektør"), the cell too narrow for the line: the name was read with the comma
    and the title cut short ("Chief Executive") or lost, with confidence (held-out seed, 3 agreements)."""
    p = _with(_party(22, "laboratory"), language=lang, signatory_title=title)
    p = _with(p, signatory=replace(p.signatory, name="Søren Christoffersen Thrane"))
    doc = t13.agreement(random.Random(22), p, "connection_agreement", "rtf", "typed", "addo", "a.pdf")
    got = _read(doc, tmp_path)["fields"]
    assert got["signatory_name"] == "Søren Christoffersen Thrane"
    assert got["signatory_title"] == title


def test_contacts_as_columns_with_a_phone_left_empty(tmp_path: Path) -> None:
    """The roles as columns, the contact's address wrapped in its cell and the technician's phone left empty
    ("Phone | 61 24 20 99 |" with nothing in the last cell): the phones row had fewer cells than the heads and
    was read apart from the table, so the contact's phone was given to the technician and the technician's empty
    phone was not seen (held-out seed: the phone went to TDC's contact with confidence)."""
    p = _people(_party(41, "laboratory"))
    p = replace(p, technical=p.technical[:1])
    got = _read(t13.form(random.Random(41), p, "skema.pdf", "mupdf", "roles", empty="tech_phone"), tmp_path)
    f = got["fields"]
    assert f["org_contact"]["phone"] == p.org_contact.phone
    assert [c["phone"] for c in f["technical_contacts"]] == [None]
    assert "missing_field" in {x["code"] for x in got["problems"]}


def test_contacts_as_columns_whose_heads_run_together(tmp_path: Path) -> None:
    """Four people as columns whose heads are set closer than a word's gap ("Kontakt vedr. aftalen Driftskontakt
    1" one run): the table had one head too few, the contact and the first technician were read as one person
    ("Søren Hjort Pernille Nørgaard", two phones in one) with confidence."""
    p = _with(_party(31, "laboratory"), language="da")
    t0 = p.technical[0]
    p = replace(p, technical=[t0, replace(t0, name="Gustav Frost", phone="+4595027400", local_phone="95 02 74 00",
                                          email="gf@havrum.example"),
                              replace(t0, name="Asger Gram", phone="+4586851112", local_phone="86851112",
                                      email="asger@havrum.example")])
    got = _read(t13.form(random.Random(4), p, "skema.pdf", "mupdf", "roles"), tmp_path)["fields"]
    assert got["org_contact"]["name"] == p.org_contact.name
    assert [c["name"] for c in got["technical_contacts"]] == [t.name for t in p.technical]
    assert [c["phone"] for c in got["technical_contacts"]] == [t.phone for t in p.technical]


def test_contacts_as_columns_with_an_address_filling_its_cell(tmp_path: Path) -> None:
    """A contact's address ending right at its cell's edge ("gustav.aagaard@birkelund.example" in a narrow
    column) looked cut by the cell, as LibreOffice Calc cuts one, so the table was not read as columns and the
    contacts were read across the rows: names and addresses of different people together, with confidence.
    An address whose domain another address in the table has whole was not cut."""
    p = _with(_party(31, "laboratory"), language="da")
    p = replace(p, technical=[*p.technical, replace(p.technical[0], name="Gustav Frost", phone="+4595027400",
                                                    local_phone="95 02 74 00", email="gf@havrum.example")][:2])
    got = _read(t13.form(random.Random(1), p, "skema.pdf", "mupdf", "roles"), tmp_path)["fields"]
    assert got["org_contact"]["email"] == p.org_contact.email
    assert [(c["name"], c["email"]) for c in got["technical_contacts"]] == [(t.name, t.email) for t in p.technical]


def test_a_title_under_the_labelled_name_and_an_organisation_wrapped_in_the_signer_table(tmp_path: Path) -> None:
    """XeLaTeX's signature place "Name: Mads Bech" over "Head of IT", and Criipto's signer table whose
    organisation cell wrapped ("Sønderå" over "Health Software ApS"): the block's title was not read, and the
    first word of the organisation was taken for the signer's title, "Sønderå", with confidence."""
    for seed in range(16, 22):
        p = _with(_party(seed, "it_supplier"), language="en", organisation="Sønderå Health Software ApS",
                  signatory_title="Head of IT")
        doc = t13.agreement(random.Random(seed), p, "sub_data_processor_agreement", "xelatex", "evidence", "criipto",
                            "a.pdf")
        got = _read(doc, tmp_path)["fields"]
        assert got["signatory_title"] in ("Head of IT", None), seed
        assert got["signatory_name"] == p.signatory.name


@pytest.mark.parametrize("seed", [1, 2, 7])
def test_a_name_wrapped_in_a_column_of_key_value_lines(tmp_path: Path, seed: int) -> None:
    """XeLaTeX's `multicols`, each "Registered name: value" a justified paragraph in a narrow column: the name
    wraps to the paragraph's start under its label, the widened spaces cut the label into cells ("Registered |
    name:"), and the right column's label starts a gutter away ("... Diag- Foreign registration no.:"). The
    name was read cut ("Ørsted Strand Diagnostics AB,") or run into the next column ("Ørsted Strand Diag-
    Foreign"), with confidence (seed 130: document 3)."""
    p = _with(_party(seed, "foreign"), organisation="Ørsted Strand Diagnostics AB, Danmarksfilial", language="en")
    got = _read(t13.form(random.Random(seed), p, "skema.pdf", "xelatex", "kv"), tmp_path)
    assert got["fields"]["organisation"] == p.organisation


def test_a_signer_log_whose_name_runs_into_its_time(tmp_path: Path) -> None:
    """MuPDF's signer table, "10/13/2026 11:41:19 AM UTC Cecilie Bødker | Region Vindeby, Regional IT | Signer":
    the time cell and the name a word space apart, one cell: no signer was found, and a Scrive-signed agreement
    was read unsigned (seed 131: document 62)."""
    p = _with(_party(19, "region"), language="en", organisation="Region Vindeby, Regional IT")
    p = replace(p, signatory=replace(p.signatory, name="Cecilie Bødker"))
    doc = t13.agreement(random.Random(19), p, "connection_agreement", "mupdf", "evidence", "scrive", "a.pdf")
    got = _read(doc, tmp_path)
    assert got["fields"]["signed"] is True
    assert got["fields"]["signature_date"] == p.signature_date.isoformat()
    assert "not_signed" not in {x["code"] for x in got["problems"]}



@pytest.mark.parametrize("seed", [17, 19])
def test_a_party_name_justified_in_its_tex_cell(tmp_path: Path, seed: int) -> None:
    """XeLaTeX's party table (label | the Party | MedCom, `p{}` columns): a name too long for its cell is justified,
    its two words pushed to the cell's edges ("Hørsholt      Journalsystemer | MedCom" over "A/S"), a gap wider
    than a word space, as two segments or one. The rest was joined after the first word, "Hørsholt A/S", or before
    the second, "Hørsholt A/S Journalsystemer", with confidence."""
    p = _with(_party(seed, "it_supplier"), language="en", organisation="Hørsholt Journalsystemer A/S")
    doc = t13.agreement(random.Random(seed), p, "sub_data_processor_agreement", "xelatex", "evidence", "criipto",
                        "a.pdf")
    assert _read(doc, tmp_path)["fields"]["organisation"] == p.organisation


def test_a_ligatures_own_code_is_read_as_its_letters(tmp_path: Path) -> None:
    """XeLaTeX's Latin Modern maps its "ffi" glyph to "ﬀi", the ff ligature's own code: "Chief Executive Oﬀicer" was
    read as the signatory's title with confidence, a code no party wrote (seed 132: two agreements, each a
    dangerous answer)."""
    from parsers.documents.page import read_content

    items = [It("title", "Signatures"), It("para", "Name: Ingrid Krüger, Chief Executive Officer, Staff Affairs")]
    for seed in (4, 5, 7):  # the hand draws its face: Latin Modern Roman (4, 5) and another
        out = tmp_path / f"{seed}.pdf"
        t13.render_pdf("xelatex", items, out, random.Random(seed), "en")
        text = " ".join(ln.text for ln in read_content(out.read_bytes()).lines)
        assert not re.search("[\ufb00-\ufb06]", text), text
        assert "Chief Executive Officer, Staff Affairs" in text


def test_technicians_in_balanced_columns_are_read_one_column_after_the_other(tmp_path: Path) -> None:
    """XeLaTeX's `multicols` balances "Driftskontakt 1", its "Navn: | Mail: | Telefon:" and "Driftskontakt 2" down
    the left column and the second technician's lines at the top of the right one ("Navn: Dorthe Dalgas | Navn:
    Dorthe Thrane"), the first one's address running into the gutter: read across the page, the first technician
    was lost, with confidence (seed 130: document 33)."""
    p = _with(_party(7, "municipality"), language="da")
    t0 = replace(p.technical[0], name="Dorthe Dalgas", email="dorthe.dalgas@egelev-sundhed.example",
                 phone="+4533302876", local_phone="33 30 28 76")
    t1 = replace(t0, name="Dorthe Thrane", email="dorthe.thrane@egelev-sundhed.example", phone="+4586957398",
                 local_phone="86 95 73 98")
    p = replace(p, technical=[t0, t1])
    got = _read(t13.form(random.Random(7), p, "skema.pdf", "xelatex", "kv"), tmp_path)["fields"]
    assert [(c["name"], c["phone"]) for c in got["technical_contacts"]] == [(t.name, t.phone) for t in p.technical]
