"""The fourteenth outside hand (bench/outside/fourteenth_hand.py: PyMuPDF's Story and Inkscape, printed again by
pdftocairo, pdftops + ps2pdf, qpdf and pdfjam): its documents are made by the real tools at test time, and the truth
each carries is what the page shows (so a reading that finds the values can score right)."""
from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from bench.outside import fourteenth_hand as t14
from bench.outside.people import Party


def _party(seed: int, ptype: str | None = None) -> Party:
    return t14.own_party(random.Random(seed), ptype)


def _page_text(pdf: Path) -> str:
    """The words as poppler's pdftotext puts them together (each text run kept whole)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def _squeezed(s: str) -> str:
    return re.sub(r"[\s\-–]", "", s)


def _shown(value: str, text: str) -> bool:
    """Each word of `value` is on the page (a cell may wrap it, a letterhead sets the legal suffix apart)."""
    return all(_squeezed(piece) in _squeezed(text) for piece in re.split(r"[\s\-]+", value) if piece)


@pytest.mark.parametrize(("maker", "layout", "printed", "empty"), [
    ("story", "merge", "cairo", ""), ("story", "colour", "none", "tech_phone"), ("inkscape", "bullets", "qpdf", ""),
    ("inkscape", "longtable", "2up", "site"), ("inkscape", "colour", "none", "ip_scopes"),
    ("story", "bullets", "2up", "")])
def test_a_forms_truth_is_on_its_page(tmp_path: Path, maker: str, layout: str, printed: str, empty: str) -> None:
    rng = random.Random(f"{maker}{layout}{printed}")
    p = _party(rng.randint(0, 699), rng.choice(t14.PARTY_TYPES))
    doc = t14.form(rng, p, "skema.pdf", maker, layout, printed, empty)
    doc.draw(tmp_path / doc.name)
    text = _page_text(tmp_path / doc.name)
    truth: dict[str, Any] = doc.truth["documents"][0]  # type: ignore[index]
    f = truth["fields"]
    assert truth["problems"] == (["missing_field"] if empty and layout not in ("merge", "bullets") else [])
    people = [f["org_contact"], *f["technical_contacts"]]
    values = [f["organisation"], *[c["name"] for c in people], *[c["email"] for c in people], *f["ip_scopes"],
              *[v for v in f["installation_address"].values() if v]]
    for v in values:
        assert _shown(v, text), v
    digits = re.sub(r"\D", "", text)
    for c in people:  # a phone as this hand writes it ("0045 ..", "+47 ..", "+49 .."): its digits in a row
        if c["phone"]:
            assert c["phone"][3:] in digits
    assert f["cvr"] in digits


def test_a_story_printed_through_postscript_keeps_its_look_but_not_its_letters(tmp_path: Path) -> None:
    """MuPDF writes CID fonts; `pdftops` + `ps2pdf` keep their glyphs but drop the map back to letters, so the text
    layer of such a print is shifted codes ("0QMZTOJOHFS" for "Oplysninger"): the page shows the truth, the text
    layer does not (a reader must not trust it)."""
    rng = random.Random(11)
    p = _party(9, "pharmacy")
    doc = t14.form(rng, p, "skema.pdf", "story", "colour", "ps")
    doc.draw(tmp_path / doc.name)
    assert not _shown(p.organisation, _page_text(tmp_path / doc.name))


def test_a_foreign_branch_has_phones_abroad_and_a_register_number() -> None:
    seen = {p.org_contact.phone[:3] for p in (_party(s, "foreign") for s in range(40))}
    assert {"+47", "+49"} <= seen
    assert all(_party(s, "foreign").foreign_reg for s in range(10))


def test_the_long_table_repeats_its_header_on_the_next_page(tmp_path: Path) -> None:
    rng = random.Random(3)
    p = _party(5, "laboratory")
    doc = t14.form(rng, p, "skema.pdf", "inkscape", "longtable", "none")
    doc.draw(tmp_path / doc.name)
    with pdfplumber.open(tmp_path / doc.name) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    assert len(pages) >= 2
    assert all(("Felt" in t and "Oplysning" in t) or ("Field" in t and "Details" in t) for t in pages)


@pytest.mark.parametrize(("maker", "signing", "printed", "service"), [
    ("story", "evidence", "none", "penneo"), ("inkscape", "scan", "cairo", ""), ("story", "pending", "qpdf", "addo"),
    ("inkscape", "evidence", "ps", "scrive"), ("story", "typed", "2up", ""), ("inkscape", "blank", "qpdf", ""),
    ("story", "evidence", "cairo", "docusign"), ("inkscape", "unsigned", "none", "")])
def test_an_agreements_truth_is_on_its_page(tmp_path: Path, maker: str, signing: str, printed: str,
                                            service: str) -> None:
    rng = random.Random(f"{maker}{signing}{printed}")
    p = _party(rng.randint(0, 699), "laboratory")
    doc = t14.agreement(rng, p, "data_processor_agreement", maker, signing, service or "criipto", "aftale.pdf",
                        printed)
    doc.draw(tmp_path / doc.name)
    text = _page_text(tmp_path / doc.name)
    truth: dict[str, Any] = doc.truth["documents"][0]  # type: ignore[index]
    f = truth["fields"]
    assert f["signed"] is (signing in ("evidence", "scan", "typed"))
    assert _shown(f["organisation"], text)
    assert f["cvr"] in re.sub(r"\D", "", text)
    if f["signatory_name"] and signing != "scan":  # a scanned signature page has no text layer
        assert _shown(f["signatory_name"], text)
    if signing == "scan":
        assert "Underskrifter" not in text and "Signatures" not in text.split("Annex")[-1]
    if signing == "pending":
        assert ("afventer underskrift" in text) or ("awaiting signature" in text)


# ---------------------------------------------------------------- what the hand showed (seeds 150 and 151)

def _letterhead_agreement(tmp_path: Path, ptype: str, signing: str, maker: str) -> tuple[dict[str, Any], Party]:
    """An agreement whose party block is a letterhead: the name, its legal form on a line of its own, the CVR."""
    from parsers.documents.pipeline import read_pdf_all

    for seed in range(300):
        p = _party(seed, ptype)
        if len(t14.org_lines(p.organisation)) < 2:
            continue
        items = t14.agreement_items(random.Random(seed), t14.Agr(p, "data_processor_agreement", signing, "penneo",
                                                                  float(seed)))
        if not any(it.kind == "letterhead" for it in items):
            continue
        out = tmp_path / "aftale.pdf"
        t14.render_pdf(maker, items, out, random.Random(seed), p.language, "none")
        return read_pdf_all(out.read_bytes(), out.name)[0].as_json(), p
    raise AssertionError("no party with a legal form in a letterhead")


@pytest.mark.parametrize(("ptype", "signing", "maker"), [("practitioner", "typed", "story"),
                                                          ("foreign", "blank", "inkscape"),
                                                          ("private_hospital", "evidence", "inkscape")])
def test_a_legal_form_on_a_line_of_its_own_is_part_of_the_name(tmp_path: Path, ptype: str, signing: str,
                                                               maker: str) -> None:
    """"Tandlægerne Lønstrup" over "I/S" (a letterhead, right-aligned): the name was read without its legal form,
    with confidence, another organisation's name (seed 150: 5 agreements), or as "A/S" alone."""
    got, p = _letterhead_agreement(tmp_path, ptype, signing, maker)
    assert got["fields"]["organisation"] == p.organisation


def test_a_legal_form_alone_is_no_name() -> None:
    from parsers.documents.agreements import org_rejected

    assert all(org_rejected(v) for v in ("A/S", "I/S", "NUF", "GmbH", "ApS"))
    assert org_rejected("Tandlægerne Lønstrup I/S") is None


def test_a_postal_district_under_the_technicians_is_no_technician(tmp_path: Path) -> None:
    """One long table, the technicians' rows, then the site's "Postnummer | 1161" and "By | København K": the
    town was read as a fourth technician's name, with confidence (seed 150: 2 forms). A postal district ("København
    K", "Aarhus C") is a town under its postcode, no one's name."""
    from parsers.documents.pipeline import read_pdf_all

    seed = next(s for s in range(700) if re.search(r" [A-Z]$", _party(s, "laboratory").installation.city))
    p = _party(seed, "laboratory")
    doc = t14.form(random.Random(seed), p, "skema.pdf", "inkscape", "longtable", "none")
    doc.draw(tmp_path / doc.name)
    got = read_pdf_all((tmp_path / doc.name).read_bytes(), doc.name)[0].as_json()["fields"]
    assert [c["name"] for c in got["technical_contacts"]] == [t.name for t in p.technical]


@pytest.mark.parametrize("maker", ["inkscape"])
def test_contacts_in_a_bulleted_list_keep_their_names(tmp_path: Path, maker: str) -> None:
    """"• Emil Lykke, emil@x.example, +45 98963008" and "• Åse Hjort – aase@x.example – 0045 36 44 45 16": the
    bullet was read as part of the name, so no name was found; each contact had a mail and a phone and no name,
    with confidence (seed 150: 9 values in 5 forms)."""
    from parsers.documents.pipeline import read_pdf_all

    p = _party(33, "municipality")
    doc = t14.form(random.Random(33), p, "skema.pdf", maker, "bullets", "none")
    doc.draw(tmp_path / doc.name)
    got = read_pdf_all((tmp_path / doc.name).read_bytes(), doc.name)[0].as_json()["fields"]
    assert got["org_contact"]["name"] == p.org_contact.name
    assert [c["name"] for c in got["technical_contacts"]] == [t.name for t in p.technical]


def test_a_no_to_the_question_of_kmd_is_no_umbrella(tmp_path: Path) -> None:
    """"Går tilslutningen gennem KMD eller en systemleverandør?: Nej, direkte tilslutning" in a form read as
    sentences: the question's "gennem KMD" was read as the answer, `connected_via: "KMD"` with confidence (seed
    151); a party connected directly would be told it is exempt from the connection agreement."""
    from parsers.documents.pipeline import read_pdf_all

    seed = next(s for s in range(700) if _party(s, "municipality").connected_via is None)
    p = _party(seed, "municipality")
    doc = t14.form(random.Random(seed), p, "skema.pdf", "story", "bullets", "cairo")
    doc.draw(tmp_path / doc.name)
    got = read_pdf_all((tmp_path / doc.name).read_bytes(), doc.name)[0].as_json()
    uncertain = {q.get("field") for q in got["problems"] if q["code"] == "uncertain"}
    assert got["fields"]["connected_via"] is None or "connected_via" in uncertain


def test_a_forms_letterhead_keeps_the_legal_form(tmp_path: Path) -> None:
    """A form whose only statement of the name is its letterhead, "Tandlægerne Lønstrup" over "I/S": the name was
    read without its legal form, with confidence (seed 151)."""
    from parsers.documents.pipeline import read_pdf_all

    seed = next(s for s in range(700) if len(t14.org_lines(_party(s, "practitioner").organisation)) == 2)
    p = _party(seed, "practitioner")
    items = [it for it in t14.form_items(random.Random(seed), p, "", "colour") if it.a != t14.Q[p.language]["org"]]
    t14.render_pdf("inkscape", items, tmp_path / "skema.pdf", random.Random(seed), p.language, "none")
    got = read_pdf_all((tmp_path / "skema.pdf").read_bytes(), "skema.pdf")[0].as_json()["fields"]
    assert got["organisation"] in (p.organisation, None)
