"""Classes the twelfth outside hand (bench/outside/twelfth_hand.py: LuaLaTeX with OpenType fonts, htmldoc, groff -ms
with tbl) showed, each made here by that hand's own items and producers at test time, and read as `mailbot parse`
reads them."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bench.outside import twelfth_hand as t12
from bench.outside.people import Party
from parsers.documents.pipeline import read_pdf_all

It = t12.It


def _party(seed: int, ptype: str | None = None, language: str = "da") -> Party:
    return replace(t12.own_party(random.Random(seed), ptype), language=language)


def _read(items: list[It], tmp_path: Path, engine: str, lang: str, name: str = "dokument.pdf") -> list[dict[str, Any]]:
    out = tmp_path / name
    t12.render_pdf(engine, items, out, random.Random(5), lang)
    return [d.as_json() for d in read_pdf_all(out.read_bytes(), name)]


def _codes(doc: dict[str, Any]) -> set[str]:
    return {p["code"] for p in doc["problems"]}


def _unsure(doc: dict[str, Any]) -> set[str]:
    return {p.get("field") for p in doc["problems"] if p["code"] == "uncertain"}


def _bilingual_form(p: Party) -> list[It]:
    """A form as a two-column table, each label in Danish and English ("Navn / Name"), the CVR and the postcode
    one digit a box, the party type ticked ✓ among options marked ✗, a footnote, an instruction and a closing
    line that hold an address in a sentence."""
    c, t, a = p.org_contact, p.technical[0], p.installation
    return [
        It("title", "Informationsskema til SDN-tilslutning / Information form"),
        It("para", "Udfyldes med blokbogstaver og returneres til sdn@medcom.example sammen med aftalerne."),
        It("head", "Del A – Virksomhedsoplysninger"),
        It("row", "Organisationens juridiske navn / Legal name of organisation", p.organisation),
        It("row", "CVR-nr. / CVR no.", p.cvr, comb=True),
        It("note", "CVR-nr. er et 8-cifret nummer fra Det Centrale Virksomhedsregister."),
        It("head", "Del B – Kontaktperson for aftalen"),
        It("row", "Navn / Name", c.name), It("row", "E-postadresse / E-mail address", c.email),
        It("row", "Telefonnr. / Telephone", c.local_phone),
        It("head", "Del C – Teknisk ansvarlige (kontaktes af TDC)"),
        It("row", "Navn / Name", t.name), It("row", "E-postadresse / E-mail address", t.email),
        It("row", "Telefonnr. / Telephone", t.local_phone),
        It("head", "Del D – Opstillingsadresse for SD-WAN-udstyr"),
        It("row", "Gadenavn og nr. / Street and no.", a.street),
        It("row", "Postnummer / Postcode", a.postcode, comb=True),
        It("row", "Bynavn / Town", a.city),
        It("head", "Del E – IP-adresseområder"),
        *[It("row", "Netværk i CIDR-notation / Network in CIDR notation", n) for n in p.ip_scopes],
        It("head", "Del F – Organisationsform"),
        It("ticks", "Sæt ét kryds", opts=[(v, k == p.party_type) for k, v in t12.TYPES["da"].items()]),
        It("head", "Del G – Tilslutningsvej"),
        It("ticks", "", opts=[("Direkte (egen forbindelse)", True), ("Gennem KMD", False),
                              ("Gennem systemleverandør: ______", False)]),
        It("para", "Skemaet er gennemgået af MedCom, Postboks 1234, 5230 Odense M, tlf. 6543 2100."),
    ]


def test_a_bilingual_form_with_combed_boxes_and_ticks_beside_crosses(tmp_path: Path) -> None:
    """LuaLaTeX's two-column form: "Navn / Name" was no label (the names read as "Name Ulla Vestergaard
    E-postadresse" once the form was taken for a letter, its labels' English words counted as a sentence's),
    each combed box round a digit was read as an empty check box ("[ ] 6840 [ ] [ ] [ ]", the postcode lost),
    and ✗ (not chosen beside ✓) as ticked: the first option, "Regional enhed", read with confidence."""
    p = replace(_party(21, "pharmacy"), connected_via=None)
    doc = _read(_bilingual_form(p), tmp_path, "lualatex", "da")[0]
    f = doc["fields"]
    assert f["organisation"] == p.organisation
    assert f["cvr"] == p.cvr
    assert f["org_contact"]["name"] == p.org_contact.name
    assert f["technical_contacts"][0]["name"] == p.technical[0].name
    assert f["installation_address"] == {"street": p.installation.street, "postcode": p.installation.postcode,
                                         "city": p.installation.city}
    assert f["party_type"] == "pharmacy"
    assert f["connected_via"] is None
    assert "missing_field" not in _codes(doc)


def _agreement(p: Party, signing: str, engine: str, service: str = "signrequest", seed: int = 3) -> list[It]:
    a = t12.Agr(p, "connection_agreement", signing, service, engine, 0.5)
    return t12.agreement_items(random.Random(seed), a)


@pytest.mark.parametrize(("engine", "seed", "organisation"), [
    ("groff", 22, None), ("htmldoc", 22, None), ("lualatex", 1, "Arbejdsmedicinsk Laboratorium Mølleby ApS")])
def test_the_name_printed_under_a_signature_caption_is_no_signature(tmp_path: Path, engine: str, seed: int,
                                                                     organisation: str | None) -> None:
    """Nobody signed: an empty rule, "Underskrift / Signature" under it, the printed name and title under that.
    The name under the (two-language) caption was taken for the signature: an unsigned agreement accepted (again
    on held-out outside check seed 5307 with LuaLaTeX, a long name justified over three lines in its caption)."""
    from dataclasses import replace

    p = _party(seed, "municipality")
    p = replace(p, organisation=organisation or p.organisation)
    doc = _read(_agreement(p, "unsigned", engine, seed=seed), tmp_path, engine, "da")[0]
    assert doc["fields"]["signed"] is False
    assert "not_signed" in _codes(doc) or "signed" in _unsure(doc)


@pytest.mark.parametrize("engine", ["htmldoc", "groff"])
def test_a_pending_envelope_in_other_words_is_no_signature(tmp_path: Path, engine: str) -> None:
    """Zoho Sign's page "Forsendelse i gang" says who is "Mangler stadig" and lists MedCom as signed: not seen as a
    service's page, MedCom's signer in its table was taken for the party's typed signature."""
    p = _party(23, "region")
    doc = _read(_agreement(p, "pending", engine, "zoho"), tmp_path, engine, "da")[0]
    assert doc["fields"]["signed"] is False


@pytest.mark.parametrize(("service", "lang"), [("signrequest", "da"), ("esignatur", "da"), ("zoho", "en")])
def test_a_signer_table_that_starts_with_the_organisation(tmp_path: Path, service: str, lang: str) -> None:
    """A service's certificate whose signer table reads "Organisation | Underskriver | E-post | Signeret": the
    signer's name in the second cell was never found (only a first cell was looked at), and a signed agreement
    read as unsigned with confidence."""
    p = _party(24, "laboratory", lang)
    doc = _read(_agreement(p, "evidence", "htmldoc", service), tmp_path, "htmldoc", lang)[0]
    f = doc["fields"]
    assert f["signed"] is True
    assert f["signature_date"] == p.signature_date.isoformat()


def _typed_as(items: list[It], mark: str) -> list[It]:
    for it in items:
        if it.kind == "sign":
            it.blocks[0]["sig"] = mark
    return items


@pytest.mark.parametrize(("engine", "mark"), [("htmldoc", "p.p. {}"), ("groff", "/{}/"), ("groff", "{}")])
def test_typed_signatures_with_pp_and_slashes(tmp_path: Path, engine: str, mark: str) -> None:
    """A typed signature in italics: "p.p. Ida Aagaard" was no name; groff's italic "/Kasper Pape/" right under
    the block's heading ("For Analysecenter Ilulik ApS") was joined to it as the heading's wrapped rest. Both read
    as unsigned, with confidence."""
    p = _party(25, "private_hospital")
    items = _typed_as(_agreement(p, "typed", engine), mark.format(p.signatory.name))
    doc = _read(items, tmp_path, engine, "da")[0]
    assert doc["fields"]["signed"] is True


def test_a_block_heading_is_never_the_signatory(tmp_path: Path) -> None:
    """Two signatories of the party and MedCom side by side, a witness below: the signatory was read as "For
    MedCom", MedCom's block heading, with confidence."""
    p = _party(26, "it_supplier")
    a = t12.Agr(p, "sub_data_processor_agreement", "two", "penneo", "lualatex-land", 0.5)
    doc = _read(t12.agreement_items(random.Random(7), a), tmp_path, "lualatex-land", "da")[0]
    name = doc["fields"]["signatory_name"]
    assert name is None or not name.lower().startswith("for ")
    assert name in (None, p.signatory.name) or "signatory_name" in _unsure(doc)


def test_a_co_signatory_beside_the_signatory_is_in_doubt(tmp_path: Path) -> None:
    """The party's signatory and a co-signatory side by side on one line ("p.p. Hanne Aagaard | Mette Gram"): the
    co-signatory was read as the party's signatory, with confidence. Which one signs as "the" signatory is for staff."""
    p = _party(30, "practitioner")
    a = t12.Agr(p, "connection_agreement", "two", "penneo", "lualatex-land", 0.5)
    doc = _read(t12.agreement_items(random.Random(9), a), tmp_path, "lualatex-land", "da")[0]
    name = doc["fields"]["signatory_name"]
    assert name in (None, p.signatory.name) or "signatory_name" in _unsure(doc)
    assert doc["fields"]["signed"] is True


def _with_site_left_empty(items: list[It]) -> list[It]:
    """The installation address's rows left empty, a note under them ("Ikke postboks")."""
    out: list[It] = []
    for it in items:
        if it.kind == "row" and it.a.startswith(("Gadenavn", "Postnummer", "Bynavn")):
            it = replace(it, b="")
        out.append(it)
        if it.kind == "row" and it.a.startswith("Bynavn"):
            out.append(It("margin", "Ikke postboks"))
    return out


@pytest.mark.parametrize("engine", ["lualatex", "htmldoc"])
def test_a_note_under_an_empty_town_is_no_town(tmp_path: Path, engine: str) -> None:
    """The site's rows left empty, a note "Ikke postboks" under the town's: the note was read as the town, with
    confidence. Under an empty label only a town we know is taken for the town."""
    p = _party(27, "laboratory")
    doc = _read(_with_site_left_empty(_bilingual_form(p)), tmp_path, engine, "da")[0]
    assert doc["fields"]["installation_address"].get("city") in (None, "")
    assert "missing_field" in _codes(doc)


def test_a_marginal_note_beside_the_cvr_is_no_cvr(tmp_path: Path) -> None:
    """A landscape page with the note "CVR-nr. er et 8-cifret nummer ..." in the margin beside the table: the note's
    "8-cifret nummer" was read as the CVR and the party told that its CVR fails the modulus-11 check."""
    p = _party(28, "public_hospital")
    doc = _read(_bilingual_form(p), tmp_path, "lualatex-land", "da")[0]
    assert doc["fields"]["cvr"] == p.cvr
    assert "invalid_cvr" not in _codes(doc)
    # the organisation's label wraps ("... / Legal name of or-" over "ganisation", the note beside): never empty
    assert doc["fields"]["organisation"] == p.organisation
    assert "missing_field" not in _codes(doc)


def test_options_answered_ja_and_nej(tmp_path: Path) -> None:
    """htmldoc's options each opened by "Ja: X" or "Nej": "Nej Offentligt drevet sygehus" was read as the
    organisation's name and no option as chosen; the chosen one on the next page after the page's number."""
    p = replace(_party(29, "pharmacy"), connected_via="XMO")
    items = _bilingual_form(p)
    items[0:0] = []
    for it in items:
        if it.kind == "ticks" and it.opts and it.opts[0][0].startswith("Direkte"):
            it.opts = [("Direkte (egen forbindelse)", False), ("Gennem KMD", False),
                       ("Gennem systemleverandør: XMO", True)]
    out = tmp_path / "skema.pdf"
    html = t12.html_render(items, random.Random(1), "da").replace("[x]", "Ja: X").replace("[ ]", "Nej")
    html = html.replace("(X)", "Ja: X").replace("( )", "Nej")
    (tmp_path / "skema.html").write_text(html, encoding="utf-8")
    t12.ensure()
    t12._run(["htmldoc", "--webpage", "--charset", "utf-8", "--size", "a4", "-f", str(out), "skema.html"], tmp_path)
    doc = [d.as_json() for d in read_pdf_all(out.read_bytes(), "skema.pdf")][0]
    f = doc["fields"]
    assert f["organisation"] == p.organisation
    assert f["party_type"] == "pharmacy"
    assert f["connected_via"] == "XMO"


@pytest.mark.parametrize("organisation", ["Fertilitetsklinikken Strandkær ApS",
                                          "Arbejdsmedicinsk Laboratorium Mølleby ApS"])
def test_a_name_justified_apart_in_its_cell_is_read_whole_from_the_caption(tmp_path: Path,
                                                                          organisation: str) -> None:
    """groff's tbl sets the party's name filled in its narrow cell: "Fertilitetsklinikken" ... "Strandkær" at the
    cell's right edge, "ApS" on the next line. The word set apart was taken for another cell and the name read
    "Fertilitetsklinikken ApS" with confidence (held-out seed 8852). The signature place's caption ("For
    Fertilitetsklinikken Strandkær ApS") prints it whole and holds every word read, in order."""
    p = replace(_party(25, "private_hospital"), organisation=organisation)
    doc = _read(_agreement(p, "typed", "groff"), tmp_path, "groff", "da")[0]
    got = doc["fields"]["organisation"]
    assert got == organisation or "organisation" in _unsure(doc), got


def test_a_name_whose_caption_goes_on_is_in_doubt(tmp_path: Path) -> None:
    """"Kildevang Sygehus, Arbejdsmedicinsk Klinik" filled and hyphenated in groff's narrow cell ("Kildevang" ...
    "Sygehus," ... "Arbe-"): only "Kildevang" was read, with confidence. The caption "For Kildevang Sygehus, ..."
    begins with it and goes on: whole or in part, a person decides."""
    organisation = "Kildevang Sygehus, Arbejdsmedicinsk Klinik"
    p = replace(_party(26, "public_hospital", "en"), organisation=organisation)
    doc = _read(_agreement(p, "typed", "groff"), tmp_path, "groff", "en")[0]
    got = doc["fields"]["organisation"]
    assert got == organisation or "organisation" in _unsure(doc), got


def test_crosses_beside_a_tick_across_a_page_break_are_not_chosen(tmp_path: Path) -> None:
    """LuaLaTeX breaks the page inside the list of party types: "✓ Privat sundhedsinstitution" among ✗ on the
    first page, "✗ Apotek", "✗ Privat laboratorium" ... alone on the next, under the page's number. The crosses
    on the second page, no tick beside them there, were read as chosen: "pharmacy" with confidence (held-out
    seed 8852). The list goes on over the break, and its ✓ makes every ✗ in it a "no"."""
    import pdfplumber

    p = replace(_party(21, "private_hospital"), connected_via=None)
    items = _bilingual_form(p)
    at = next(k for k, it in enumerate(items) if it.a.startswith("Del F"))
    items[at:at] = [It("row", "Bemærkning / Note", f"Linje {k + 1}") for k in range(17)]
    out = tmp_path / "skema.pdf"
    t12.render_pdf("lualatex", items, out, random.Random(0), "da")  # its ticks ✓ and ✗
    pages = [pg.extract_text() or "" for pg in pdfplumber.open(out).pages]
    assert "✓ Privat sundhed" in pages[0] and "✗ Apotek" in pages[1]  # the break falls inside the list
    doc = read_pdf_all(out.read_bytes(), "skema.pdf")[0].as_json()
    assert doc["fields"]["party_type"] == "private_hospital"  # "Privat sundhedsinstitution", read as such


@pytest.mark.parametrize("engine", ["lualatex", "htmldoc", "groff"])
def test_a_co_signatory_between_the_party_and_medcom_is_no_signatory(tmp_path: Path, engine: str) -> None:
    """The party's place, a co-signatory's ("Medunderskriver", a caption without "For") and MedCom's side by
    side, the party's caption wrapped onto two lines so that its block stands a line lower than the
    co-signatory's: the co-signatory's cells were read as the party's block (only the "For" captions told the
    columns apart) and the co-signatory taken for the party's signatory, with confidence."""
    p = _party(2, None)
    a = t12.Agr(p, "sub_data_processor_agreement", "two", "penneo", engine, 0.5)
    items = t12.agreement_items(random.Random(14), a)
    second = next(b for it in items if it.kind == "sign" for b in it.blocks if b["for"] == t12.AW["da"]["second"])
    doc = _read(items, tmp_path, engine, "da")[0]
    f = doc["fields"]
    assert f["signed"] is True
    assert f["signatory_name"] != second["name"]
    assert f["signatory_name"] in (None, p.signatory.name) or "signatory_name" in _unsure(doc)
    assert f["signatory_title"] in (None, p.signatory_title) or "signatory_title" in _unsure(doc)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_party_name_justified_in_its_groff_cell(tmp_path: Path, seed: int) -> None:
    """groff's tbl sets a `T{` cell justified: a party's name too long for its cell is spread to the cell's edge,
    its spaces widened alike ("Præhospital    Transport    Mølleby" over "A/S", "Stenhøj  Sygehus,  Arbe-" over
    "jdsmedicinsk Klinik"), the break maybe inside a word at a hyphen. Each widened space was taken for a gap
    between cells: the rest was put after the first word ("Præhospital A/S Transport Mølleby"), or not joined and
    the name read as its first words or first line ("Stenhøj"), with confidence."""
    p = t12.own_party(random.Random(seed), None)
    p = replace(p, language="en" if seed % 2 else "da")
    a = t12.Agr(p, "connection_agreement", "typed", "penneo", "groff", 0.5)
    doc = _read(t12.agreement_items(random.Random(seed * 7), a), tmp_path, "groff", p.language)[0]
    assert doc["fields"]["organisation"] == p.organisation or "organisation" in _unsure(doc)
    assert doc["fields"]["organisation"] is not None


@pytest.mark.parametrize("town", ["Kildevang", "Strandkær"])
def test_a_word_hyphenated_at_a_justified_cells_end(tmp_path: Path, town: str) -> None:
    """groff's form, the organisation justified in its cell and hyphenated at the line's end ("Kildevang
    Sygehus,   Arbe-" over "jdsmedicinsk Klinik"): read "Kildevang jdsmedicinsk Klinik", then "... Arbe-jdsmedicinsk
    Klinik", with confidence. A justified line's hyphen between small letters is the typesetter's, not the name's."""
    p = replace(_party(31, "public_hospital"), organisation=f"{town} Sygehus, Arbejdsmedicinsk Klinik")
    doc = _read(_bilingual_form(p), tmp_path, "groff", "da")[0]
    assert doc["fields"]["organisation"] == p.organisation or "organisation" in _unsure(doc)
    assert doc["fields"]["organisation"] is not None


@pytest.mark.parametrize("name", ["Rasmus Christoffersen", "Frederikke Østergaard-Holm"])
def test_a_typed_rule_under_a_typed_name_is_no_part_of_it(tmp_path: Path, name: str) -> None:
    """htmldoc's block: "p.p. Rasmus Christoffersen" typed over the signature's rule, typed as underscores
    ("______________________") and reaching further right than the name: the rule was joined to the name as its
    wrapped rest, the typed signature no longer seen, and a signed agreement read as not signed with confidence
    (a wrong word to the party)."""
    p = _party(32, "municipality")
    p = replace(p, signatory=replace(p.signatory, name=name))
    items = _typed_as(_agreement(p, "typed", "htmldoc"), f"p.p. {name}")
    doc = _read(items, tmp_path, "htmldoc", "da")[0]
    assert doc["fields"]["signed"] is True
    assert "not_signed" not in _codes(doc)


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_a_margin_note_under_a_wrapped_label_is_no_value(tmp_path: Path, seed: int) -> None:
    """LuaLaTeX's landscape form in English: "Organisationens juridiske navn / Legal" over "name of organisation",
    the name beside the first line, and the margin note "The CVR number is the 8-digit Danish company registration
    number" (justified, hyphenated, joined whole) beginning on the label's second line, far right of the value's
    column: the note was taken for the value under the name, and read as the organisation, with confidence."""
    p = replace(t12.own_party(random.Random(33), "pharmacy"), language="en", organisation="Strandkær Svaneapotek")
    items = t12.form_items(random.Random(seed), p, "", "lualatex-land")
    doc = _read(items, tmp_path, "lualatex-land", "en")[0]
    assert doc["fields"]["organisation"] in (None, p.organisation) or "organisation" in _unsure(doc)


@pytest.mark.parametrize(("organisation", "seed"), [("Arbejdsmedicinsk Laboratorium Mølleby ApS", 0),
                                                    ("Fertilitetsklinikken Strandkær ApS", 1)])
def test_a_two_word_line_justified_in_a_form_cell_is_read_whole(tmp_path: Path, organisation: str, seed: int) -> None:
    """groff's form sets the organisation justified in its `T{` cell: "Arbejdsmedicinsk" at the cell's start and
    "Laboratorium" pushed to its right edge, "Mølleby ApS" on the next line under the first word. One widened space
    could not show the line was justified, so the word set apart was taken for another cell and the rest joined to
    the first: "Arbejdsmedicinsk Mølleby ApS", with confidence (held-out; a form has no signature caption to mend
    it). The second word ends at the table's rule and starts no column: the line is the cell's, its rest after it."""
    p = replace(t12.own_party(random.Random(seed), "laboratory"), organisation=organisation,
                language="en" if seed % 2 else "da")
    doc = _read(t12.form_items(random.Random(seed), p, "", "groff"), tmp_path, "groff", p.language)[0]
    assert doc["fields"]["organisation"] == organisation


@pytest.mark.parametrize(("engine", "lang"), [("lualatex", "da"), ("htmldoc", "en"), ("groff", "da"), ("groff", "en")])
def test_the_partys_own_data_protection_addendum_is_another_template(tmp_path: Path, engine: str, lang: str) -> None:
    """The party's own "Tillæg om databeskyttelse til leverandørkontrakt" / "Data protection addendum to the vendor
    contract" (MedCom its vendor, clauses "§ 1 Anvendelse" ... "§ 4 Ophør" holding none of the template's sentences)
    was read as no document of the connection at all (`unknown`): an addendum on data protection is a data processor
    agreement, and one to the party's own contract says by its title that it is not MedCom's template (positive
    evidence: `wrong_template`), never accepted as the SDN agreement."""
    p = replace(_party(41, "laboratory"), language=lang)
    a = t12.Agr(p, "data_processor_agreement", "own", "penneo", engine, 0.3)
    doc = _read(t12.own_template_items(random.Random(4), a), tmp_path, engine, lang)[0]
    assert doc["kind"] == "data_processor_agreement"
    assert "wrong_template" in _codes(doc)
    assert "not_signed" not in _codes(doc) and "missing_field" not in _codes(doc)


@pytest.mark.parametrize("seed", [0, 1])
def test_an_address_groff_hyphenated_in_its_domain_is_told_by_the_forms_other_addresses(tmp_path: Path,
                                                                                          seed: int) -> None:
    """groff hyphenates the words of an address in its narrow `T{` cell: "cecilie.overgaard@aalund-sund-" over
    "hed.example" (the typesetter's hyphen, read with confidence: "aalund-sund-hed.example"), and
    "karoline@aalund-sundhed.exam-" over "ple" (a top-level domain holds no hyphen: in doubt before). A hyphen at
    an address's break may be the typesetter's or the address's own: the form's other addresses tell which (the
    name "aalund-sundhed"), else staff look; never a confident guess (seed 124's form 35)."""
    p = t12.own_party(random.Random(seed), "public_hospital")
    p = replace(p, organisation="Mølleby Sygehus, Arbejdsmedicinsk Klinik", language="da",
                org_contact=replace(p.org_contact, name="Karoline Iversen", email="karoline@aalund-sundhed.example"),
                technical=[replace(p.technical[0], name="Cecilie Overgaard",
                                   email="cecilie.overgaard@aalund-sundhed.example")])
    doc = _read(t12.form_items(random.Random(seed), p, "", "groff"), tmp_path, "groff", "da")[0]
    f = doc["fields"]
    for field, got, want in [("org_contact", f["org_contact"]["email"], p.org_contact.email),
                             ("technical_contacts[0]", f["technical_contacts"][0]["email"], p.technical[0].email)]:
        assert got == want, (field, got)
    assert not _unsure(doc) & {"org_contact", "technical_contacts[0]"}


def test_a_name_hyphenated_at_its_cells_end_is_not_sure(tmp_path: Path) -> None:
    """groff's form: "Hospice Lyngå (selvejende institu-" over "tion)" in its tbl cell: where nothing showed the rest
    would not have fitted, it was not joined and the name cut at the broken word read with confidence (twelfth seed
    126: document 21); where it was joined, the hyphen stayed ("institu-tion)"), since the page cannot tell the
    typesetter's hyphen from the word's. Either is `uncertain` now: a name ending in a broken word, or holding a
    hyphen between small letters inside a word."""
    p = replace(_party(21, "private_hospital"), organisation="Hospice Lyngå (selvejende institution)", language="da")
    doc = t12.form(random.Random(21), p, "skema.pdf", "groff")
    doc.draw(tmp_path / doc.name)
    got = read_pdf_all((tmp_path / doc.name).read_bytes(), doc.name)[0].as_json()
    assert got["fields"]["organisation"] == p.organisation or "organisation" in _unsure(got)
