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
