"""Classes the tenth outside hand (bench/outside/tenth_hand.py: TCPDF, pycairo, content streams written by hand,
pyHanko) showed, each made here by that hand's own page model and producers at test time, and read as `mailbot
parse` reads them."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from bench.outside import tenth_hand as t10
from bench.outside.people import Party, party
from parsers.documents.pipeline import read_pdf_all

It = t10.It


def _party(seed: int, language: str, kind: str = "municipality") -> Party:
    return party(random.Random(seed), kind, language)


def _agreement(p: Party, head: list[It], signatures: list[It], kind: str = "data_processor_agreement") -> list[It]:
    """MedCom's template (its clauses, as the hand retypes them) between a party block and a signature block."""
    items = [It("title", t10.TITLES[(kind, p.language)][1])] + head
    for h, text in t10._renumber(random.Random(1), t10._template_clauses(kind, p.language), p.language):
        items += [It("h", h), It("p", text)]
    return items + signatures


def _roles(p: Party, who: str) -> list[It]:
    return [It("h", f"{who}:"), It("p", p.organisation), It("p", f"CVR-nr. {p.cvr}"), It("p", p.office.street),
            It("p", f"{p.office.postcode} {p.office.city}"), It("gap"), It("h", "Databehandleren:"),
            It("p", "MedCom, CVR-nr. 26919991"), It("p", "Forskerparken 10, 5230 Odense M")]


def _read(items: list[It], tmp_path: Path, producer: str, name: str = "aftale.pdf") -> list[dict[str, Any]]:
    t10.ensure()
    out = tmp_path / name
    rng = random.Random(7)
    if producer == "tcpdf":
        t10.tcpdf_pdf(items, out, rng)
    elif producer == "cairo":
        t10.cairo_pdf(items, out, rng)
    else:
        t10.raw_pdf(items, out, rng, producer, xobject=False)
    return [d.as_json() for d in read_pdf_all(out.read_bytes(), name)]


def _codes(doc: dict[str, Any]) -> set[str]:
    return {p["code"] for p in doc["problems"]}


@pytest.mark.parametrize("producer", ["cairo", "kern"])
def test_the_partys_block_under_medcoms_empty_one_is_read(tmp_path: Path, producer: str) -> None:
    """The signatures one under the other, MedCom's empty block first, then "For Bøgeskov Apotek" with the
    party's date, a name in a script face and the printed name: the party's caption reads like a person's name,
    so MedCom's block was taken to run on over it and the party's block was dropped: a signed agreement read
    as not signed, with confidence."""
    p = _party(41, "da", "pharmacy")
    date = t10.t_date(random.Random(3), p.signature_date, "da").replace("T", " ")
    signatures = [It("h", "Underskrifter"), It("h", "For MedCom"), It("kv", "Dato", ""), It("gap"),
                  It("rule", "Underskrift"), It("kv", "Navn", ""), It("kv", "Titel", ""), It("gap"),
                  It("h", f"For {p.organisation}"), It("kv", "Dato", f"{p.signature_date:%d.%m.%Y}"),
                  It("script", p.signatory.name), It("rule", "Underskrift"), It("kv", "Navn", p.signatory.name),
                  It("kv", "Titel", p.signatory_title)]
    assert date
    doc = _read(_agreement(p, _roles(p, "Kunden"), signatures), tmp_path, producer)[0]
    assert doc["fields"]["signed"] is True
    assert doc["fields"]["signatory_name"] == p.signatory.name
    assert doc["fields"]["signature_date"] == p.signature_date.isoformat()
    assert "not_signed" not in _codes(doc)


@pytest.mark.parametrize("language", ["da", "en"])
def test_name_and_title_on_one_line_after_pp(tmp_path: Path, language: str) -> None:
    """"Navn og titel: p.p. Søren Holm, Kommunaldirektør": the whole value was read as the title (with the
    name in it), the name not at all; and "p.p." stayed in front of the signer's name."""
    p = _party(42, language)
    da = language == "da"
    signatures = [It("h", "Underskrifter" if da else "Signatures"),
                  It("h", f"For {p.organisation}"), It("kv", "Dato" if da else "Date", f"{p.signature_date:%d.%m.%Y}"),
                  It("script", p.signatory.name), It("rule", "Underskrift" if da else "Signature"),
                  It("kv", "Navn og titel" if da else "Name and title",
                     f"p.p. {p.signatory.name}, {p.signatory_title}")]
    doc = _read(_agreement(p, _roles(p, "Kunden"), signatures), tmp_path, "tcpdf")[0]
    assert doc["fields"]["signatory_name"] == p.signatory.name
    assert doc["fields"]["signatory_title"] == p.signatory_title


@pytest.mark.parametrize(("language", "producer"), [("da", "tcpdf"), ("en", "tcpdf"), ("da", "split"), ("en", "cairo")])
def test_a_remark_that_the_party_was_named_above_is_no_part_of_its_name(tmp_path: Path, language: str,
                                                                         producer: str) -> None:
    """The party on its letterhead, then "Den dataansvarlige: Region Kragsø (som ovenfor)": the remark was read
    into the organisation's name, with confidence."""
    p = _party(43, language, "region")
    o = p.office
    da = language == "da"
    head = [It("two", p.organisation, f"{o.street}, {o.postcode} {o.city}"),
            It("small", f"CVR-nr. {p.cvr}" if da else f"CVR no. {p.cvr}"), It("gap"),
            It("h", "Parter" if da else "Parties"),
            It("kv", "Aftalepart" if da else "Connecting organisation",
               f"{p.organisation} ({'som ovenfor' if da else 'as above'})"),
            It("kv", "MedCom", "MedCom, CVR: 26 91 99 91, Forskerparken 10, 5230 Odense M")]
    signatures = [It("h", "Underskrifter"), It("h", f"For {p.organisation}"),
                  It("kv", "Dato", f"{p.signature_date:%d.%m.%Y}"), It("script", p.signatory.name),
                  It("rule", "Underskrift"), It("kv", "Navn", p.signatory.name), It("kv", "Titel", p.signatory_title)]
    doc = _read(_agreement(p, head, signatures, "connection_agreement"), tmp_path, producer)[0]
    assert doc["fields"]["organisation"] == p.organisation


def test_a_justified_line_never_gives_the_kind_of_organisation_for_its_name(tmp_path: Path) -> None:
    """TCPDF justifies a short line across the page ("Egelev          Kommune"): the words stand as cells apart,
    and the last was read as the organisation's name, "Kommune", with confidence."""
    p = _party(44, "da")
    head = [It("h", "Kunden:"), It("p", p.organisation), It("p", f"CVR: {p.cvr}"), It("p", p.office.street),
            It("gap"), It("h", "Databehandleren:"), It("p", "MedCom, CVR-nr. 26919991")]
    signatures = [It("h", "Underskrifter"), It("h", f"For {p.organisation}"),
                  It("kv", "Dato", f"{p.signature_date:%d.%m.%Y}"), It("script", p.signatory.name),
                  It("rule", "Underskrift"), It("kv", "Navn", p.signatory.name), It("kv", "Titel", p.signatory_title)]
    doc = _read(_agreement(p, head, signatures), tmp_path, "tcpdf")[0]
    assert doc["fields"]["organisation"] in (p.organisation, None)


@pytest.mark.parametrize(("language", "producer"), [("da", "cairo"), ("en", "tcpdf")])
def test_a_role_beside_medcoms_value_is_no_column_of_parties(tmp_path: Path, language: str, producer: str) -> None:
    """The parties as "role: value" lines, the party's first ("The Customer: Ålund Laboratorium ApS"), MedCom's
    under it ("The Data Processor: MedCom, CVR no. 26919991, ..."): MedCom's value was taken for a column of a
    party table, and the party's value in the same column was dropped with it, so its name was not found."""
    p = _party(45, language, "laboratory")
    da = language == "da"
    head = [It("two", p.organisation, f"{p.office.street}, {p.office.postcode} {p.office.city}"),
            It("h", "Parter" if da else "Parties"),
            It("kv", "Kunden" if da else "The Customer", p.organisation),
            It("kv", "CVR-nr." if da else "CVR no.", p.cvr),
            It("kv", "Databehandleren" if da else "The Data Processor",
               "MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M")]
    signatures = [It("h", "Underskrifter" if da else "Signatures"), It("h", f"For {p.organisation}"),
                  It("kv", "Dato" if da else "Date", f"{p.signature_date:%d.%m.%Y}"), It("script", p.signatory.name),
                  It("rule", "Underskrift"), It("kv", "Navn" if da else "Name", p.signatory.name),
                  It("kv", "Titel" if da else "Title", p.signatory_title)]
    doc = _read(_agreement(p, head, signatures), tmp_path, producer)[0]
    assert doc["fields"]["organisation"] == p.organisation
    assert doc["fields"]["cvr"] == p.cvr


@pytest.mark.parametrize(("who", "producer"), [("The Customer", "cairo"), ("Aftalepart", "tcpdf")])
def test_a_role_on_its_own_line_names_the_party_on_the_next(tmp_path: Path, who: str, producer: str) -> None:
    """"The Customer:" on a line of its own, the party's name on the next and its CVR under it: a name that does
    not end in a word like "Kommune" ("Hospitalsenheden Havrum") was not found, though its role says what it is."""
    p = _party(46, "en", "public_hospital")
    p.organisation = "Hospitalsenheden Havrum"
    signatures = [It("h", "Signatures"), It("h", f"For {p.organisation}"),
                  It("kv", "Date", f"{p.signature_date:%d.%m.%Y}"), It("script", p.signatory.name),
                  It("rule", "Signature"), It("kv", "Name", p.signatory.name), It("kv", "Title", p.signatory_title)]
    doc = _read(_agreement(p, _roles(p, who), signatures), tmp_path, producer)[0]
    assert doc["fields"]["organisation"] == p.organisation


def test_the_next_columns_label_run_into_a_value_is_no_part_of_it(tmp_path: Path) -> None:
    """The signature blocks side by side, the party's "Name and title: p.p. X, Chief Executive Officer" running up
    to MedCom's "Name:" so the two runs touch ("...OfficerName:"): the label was read into the title (and the
    name lost), with confidence."""
    p = _party(47, "en", "pharmacy")
    p.signatory.name, p.signatory_title = "Rasmus Gram", "Chief Executive Officer"
    signatures = [It("h", "Signatures"),
                  It("pair:h:h", f"For {p.organisation}", "For MedCom"),
                  It("pair:kv:kv", f"Date: {p.signature_date:%d.%m.%Y}", "Date:"),
                  It("pair:script:gap", p.signatory.name, ""),
                  It("pair:rule:rule", "Signature", "Signature"),
                  It("pair:kv:kv", f"Name and title: p.p. {p.signatory.name}, {p.signatory_title}", "Name:"),
                  It("pair:gap:kv", "", "Title:")]
    doc = _read(_agreement(p, _roles(p, "The Customer"), signatures), tmp_path, "kern")[0]
    assert doc["fields"]["signatory_name"] == p.signatory.name
    assert doc["fields"]["signatory_title"] == p.signatory_title


@pytest.mark.parametrize(("service", "language"), [("penneo", "da"), ("scrive", "da"), ("addo", "en")])
def test_another_agreements_evidence_page_names_no_party(tmp_path: Path, service: str, language: str) -> None:
    """A data processor agreement not signed, with the evidence page of the party's connection agreement after
    it ("Dokument: Aftale om tilslutning til SDN"): the page is read as a document of its own, and its signer's
    row ("Underskriver, Lindholt Kommune") was read as that agreement's organisation, with confidence. A
    service's page alone holds no party block: the party is not found there (staff see it), and the data
    processor agreement stays not signed."""
    p = _party(80, language)
    t10.ensure()
    out = tmp_path / "dpa.pdf"
    t10.agreement(random.Random(0), p, "data_processor_agreement", "s10-raw", "other_agreement", service,
                  out.name).draw(out)
    docs = [d.as_json() for d in read_pdf_all(out.read_bytes(), out.name)]
    assert all(d["fields"]["organisation"] in (p.organisation, None) for d in docs)
    dpa = next(d for d in docs if d["kind"] == "data_processor_agreement")
    assert dpa["fields"]["signed"] is False


def test_an_agreement_on_its_services_pages_keeps_its_party(tmp_path: Path) -> None:
    """pango-view sets the agreement and a pending service's receipt so that every page reads as evidence (the
    eighth hand, seed 71): the agreement's own clauses stand there, so its party block is read as before."""
    from bench.outside import eighth_hand as e8

    p = party(random.Random(18), "practitioner", "da")
    doc = e8.agreement(random.Random(18), p, "connection_agreement", "s8-agr-pango", "pending", "addo", "agr.pdf")
    out = tmp_path / "agr.pdf"
    doc.draw(out)
    got = [d.as_json() for d in read_pdf_all(out.read_bytes(), out.name)]
    assert (got[0]["fields"]["organisation"], got[0]["fields"]["cvr"]) == (p.organisation, p.cvr)
    assert got[0]["fields"]["signed"] is False


@pytest.mark.parametrize("layout", ["s10-tcpdf", "s10-cairo", "s10-raw"])
def test_a_blank_blocks_footer_is_no_signatorys_title(tmp_path: Path, layout: str) -> None:
    """A blank agreement: "Titel:" left empty at the foot of the party's block, the page's footer "Lægehuset
    Lindholt · lindholt-sundhed.example" (TCPDF justifies it apart: "Lægehuset | Lindholt | · | ...") right under
    it. The footer was read as the signatory's title, with confidence."""
    t10.ensure()
    rng = random.Random(1)
    p = party(rng, rng.choice(["municipality", "practitioner", "pharmacy", "region"]), rng.choice(["da", "en"]))
    d = t10.agreement(random.Random(1), p, "connection_agreement", layout, "blank", "penneo", "aftale.pdf")
    out = tmp_path / "aftale.pdf"
    d.draw(out)
    f = read_pdf_all(out.read_bytes(), "aftale.pdf")[0].as_json()["fields"]
    assert f["signatory_title"] is None
    assert f["signed"] is False


def test_a_justified_agreement_is_no_form(tmp_path: Path) -> None:
    """TCPDF justifies every line of the agreement, its last ones too: each word stands apart as a cell of its
    own ("Danish | Health | Data | Network | (SDN)", "competence | during | the | installation."), and the lone
    words "Network" and "installation." were read as the form's headings; with the service's IP addresses the
    agreement was read as an information form, its CVR as "24", with confidence."""
    t10.ensure()
    p = party(random.Random(18), "municipality", "en")
    d = t10.agreement(random.Random(18), p, "connection_agreement", "s10-tcpdf", "evidence", "mitid", "aftale.pdf")
    out = tmp_path / "aftale.pdf"
    d.draw(out)
    doc = read_pdf_all(out.read_bytes(), "aftale.pdf")[0].as_json()
    assert doc["kind"] == "connection_agreement"
    assert doc["fields"]["cvr"] in (p.cvr, None)


@pytest.mark.parametrize("seed", [24, 26, 29, 59])
def test_a_completion_record_before_the_clauses_is_no_information_form(tmp_path: Path, seed: int) -> None:
    """Penneo's completion record first (a signer's IP address in it), then TCPDF's English connection agreement:
    its clause "3) Technical connection" was taken for the technical contacts' part, a justified line's word
    "Network" for the networks' part and a paragraph's last word "installation." for the installation's: an
    information form, "A/S" its organisation (held-out seed 8852). A clause naming the connection is no part of
    the form's, and a sentence's last word alone is no heading."""
    t10.ensure()
    p = _party(seed, "en", "private_hospital")
    doc = t10.agreement(random.Random(seed), p, "connection_agreement", "s10-tcpdf", "evidence", "penneo",
                        "agreement.pdf")
    out = tmp_path / "agreement.pdf"
    doc.draw(out)
    read = [d.as_json() for d in read_pdf_all(out.read_bytes(), "agreement.pdf")]
    assert [d["kind"] for d in read] == ["connection_agreement"], [(d["kind"], d["fields"]) for d in read]
