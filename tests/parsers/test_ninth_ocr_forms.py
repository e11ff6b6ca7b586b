"""The ninth outside hand's information forms read by OCR (bench/outside/ninth_hand.py): set by paps, every glyph
an outline with no text layer, questions numbered "1.1 / 2.2" with their answers in a right column, options typed
as "( )" and "(x)". Made here by that hand's own functions and real tools (paps, ps2pdf, Tesseract) at test time."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from bench.outside import ninth_hand as n9
from bench.outside.people import Party
from parsers.documents.labels import label_of
from parsers.documents.pipeline import read_pdf


def _party(seed: int, kind: str, language: str) -> Party:
    return replace(n9.ninth_party(random.Random(seed), kind), language=language)


def _paps_form(tmp_path: Path, p: Party, same: bool = False) -> Path:
    a = n9.Answers(random.Random(1), p, same=same)
    out = tmp_path / f"form-{p.language}.pdf"
    n9._make(lambda w: n9._paps(w, n9._paps_numbered(random.Random(2), a)), out)
    return out


def test_a_questions_number_before_its_label() -> None:
    """"1.1 Organisationens fulde navn Region Tornby": a question's number with no stop after it, or as OCR reads
    it (its first figure read as an "l"), hid the label, and the whole line was read as the organisation."""
    assert label_of("1.1 Organisationens fulde navn Region Tornby") == ("organisation", "Region Tornby")
    assert label_of("1.1 Full legal name Region Lindholt") == ("organisation", "Region Lindholt")
    assert label_of("l Organisationens fulde navn") == ("organisation", "")
    assert label_of("1.2. Navn: Anne Lykke") == ("name", "Anne Lykke")


@pytest.mark.parametrize(("language", "kind"), [("da", "pharmacy"), ("en", "region")])
def test_a_numbered_plain_text_form(tmp_path: Path, language: str, kind: str) -> None:
    """Parts numbered apart from their headings ("1  OM JERES ORGANISATION") and questions naming the contact's
    role with the person beside them ("2.2 Kontakt for det tekniske   Lasse Lindhardt", "Jørgen Gram (navn)"): no
    part was opened, the organisation was read with its question in front of it and the contacts' names were
    lost; the phone of one contact ran into the next question's number ("+45)843335252.2")."""
    p = _party(61, kind, language)
    doc = read_pdf(_paps_form(tmp_path, p).read_bytes(), "form.pdf").as_json()
    f = doc["fields"]
    assert f["organisation"] == p.organisation
    assert f["org_contact"]["name"] == p.org_contact.name
    assert f["org_contact"]["phone"] in (p.org_contact.phone, None)
    assert [t["name"] for t in f["technical_contacts"]] == [t.name for t in p.technical]
    assert all(t["phone"] in (s.phone, None) for t, s in zip(f["technical_contacts"], p.technical, strict=True))
    assert f["installation_address"]["street"] in (p.installation.street, None)
    assert "uncertain" in {pr["code"] for pr in doc["problems"]}  # a page read by OCR is for staff to confirm
