"""Someone else's digital seal over a whole agreement (an archive's, a mail gateway's: pyHanko, an invisible
signature by a certificate naming a system): not the party's signature of its block, and no evidence that the
party did not sign either. What the party's block shows stands, the seal is for staff to judge, and the party
is told nothing of it."""
from __future__ import annotations

import pytest

from mailbot.core.certainty import certain
from mailbot.core.documents import amended
from mailbot.core.readings import Document
from parsers import read_pdf

from .test_signed_then_changed import agreement, make_signer, sign


def told(doc: Document) -> list[str]:
    """The codes of the problems the party may be told (each named with its document, as the case machine does)."""
    named = [amended(p, filename=doc.filename, document_kind=doc.kind) for p in doc.problems]
    return [p.code for p in named if certain(p, [doc])]


@pytest.fixture(scope="module", params=[("Dokumentarkiv segl", "Arkivservice ApS"), ("Scanner 3", None)])
def seal(request: pytest.FixtureRequest) -> object:
    name, organisation = request.param
    return make_signer(name, organisation)


def test_a_seal_over_a_typed_signature_leaves_it_signed_for_staff_to_confirm(seal: object) -> None:
    doc = read_pdf(sign(agreement(typed_name=True), "Arkivsegl", seal), "Tilslutningsaftale.pdf")  # type: ignore[arg-type]
    assert doc.kind == "connection_agreement"
    assert doc.fields.signed is True  # type: ignore[union-attr]
    assert not any(p.code == "not_signed" for p in doc.problems)
    assert any(p.code == "uncertain" and p.field == "signed" for p in doc.problems)
    assert told(doc) == []


def test_a_seal_over_an_unsigned_agreement_is_not_the_party_s_signature(seal: object) -> None:
    doc = read_pdf(sign(agreement(), "Arkivsegl", seal), "Tilslutningsaftale.pdf")  # type: ignore[arg-type]
    assert doc.fields.signed is False  # type: ignore[union-attr]
    assert [s.role for s in doc.signatures] == ["other"]
    assert any(p.code == "uncertain" and p.field == "signed" for p in doc.problems)
    # whether the party signed is for a person: no word to the party on a seal's evidence
    assert told(doc) == []
