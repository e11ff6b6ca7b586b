"""A name typed into the signature field of a fillable agreement, flattened by pdftk as a clerk's PDF reader
does: the party's block reads "For the Controller" / its organisation / the field holding the name / "Name:
…". The organisation's own name over the field is no mark, and it must not hide the name typed under it
(held-out seed 1101: a typed signature read as `signed=False`). An agreement whose field was left empty
stays unsigned. Made at test time by reportlab (the outside check's AcroForm hand) and Debian's pdftk."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.outside import agreements, people, tools
from bench.outside import render_acro as acro
from parsers.documents.pipeline import read_pdf


def _made(tmp: Path, seed: int, signing: str) -> dict[str, object]:
    """The first agreement from `seed` on whose signatures stand in a labelled table (the party's block:
    its role, its organisation, the signature field, "Name: …")."""
    while True:
        rng = random.Random(seed)
        party = people.party(rng, language=rng.choice(["da", "en"]))
        doc = agreements.agreement(rng, party, "data_processor_agreement", "prose", signing, f"a{seed}.pdf")
        if "sign_table," in doc.note + ",":
            break
        seed += 1000
    blank, values = acro.render(doc.blocks, rng)
    out = tmp / f"{signing}{seed}.pdf"
    tools.pdftk_fill_flatten(blank, acro.xfdf(values), out, tmp)
    return read_pdf(out.read_bytes(), out.name).as_json()


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tools.ensure_tools()
    return tmp_path_factory.mktemp("typed_field")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_name_typed_into_the_signature_field_under_the_organisation_is_a_signature(work: Path, seed: int) -> None:
    doc = _made(work, seed, "italic")
    assert doc["fields"]["signed"] is True, doc["problems"]
    assert not any(p["code"] == "not_signed" for p in doc["problems"])


@pytest.mark.parametrize("seed", [1, 2])
def test_the_signature_field_left_empty_is_no_signature(work: Path, seed: int) -> None:
    doc = _made(work, seed, "unsigned")
    assert doc["fields"]["signed"] is False
