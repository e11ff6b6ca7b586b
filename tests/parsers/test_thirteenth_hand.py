"""The thirteenth outside hand (bench/outside/thirteenth_hand.py: MuPDF's HTML engine, XeLaTeX, RTF through
LibreOffice): its documents are made by the real tools at test time, and the truth each carries is what the page
shows (so a reading that finds the values can score right); then the classes it showed, each read as `mailbot
parse` reads them."""
from __future__ import annotations

import random
import re
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
