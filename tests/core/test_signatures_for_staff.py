"""How signature judgements reach staff: an unverified but valid signature does not stop the agreement,
and the timeline and the steering group's notice say how each signature was judged."""
from __future__ import annotations

from mailbot.core.documents import describe_signature
from mailbot.core.machine import decide
from mailbot.core.readings import Signature
from mailbot.core.states import State
from mailbot.wording import problem_text

from .helpers import SETTINGS, agreement, at, case, party_mail, steps

NOW = at("2026-11-16T10:00:00")
CA, DPA = "connection_agreement", "data_processor_agreement"
PARTY_SIG = {"signer": "Anna Berg", "organisation": "Vestby Kommune", "cvr": "29189846", "valid": True,
             "covers_document": True, "trusted": False, "role": "party"}


def signed_with(kind: str, sig: dict, problems: list | None = None) -> dict:  # type: ignore[type-arg]
    doc = agreement(kind, problems=problems)
    doc["signatures"] = [sig]
    return doc


def test_unverified_signature_is_accepted_and_told_to_staff() -> None:
    untrusted = [{"code": "signer_untrusted", "message": "not verified"}]
    d = decide(case(), party_mail(signed_with(CA, PARTY_SIG, untrusted), agreement(DPA)), NOW, SETTINGS)
    assert set(d.case.agreements) == {CA, DPA}          # not a rejection ...
    assert d.case.state == State.AWAITING_INFORMATION_FORM
    assert all(step != "agreements_incomplete" for step, _ in steps(d))
    notes = [t for t in d.timeline if t.kind == "signatures"]
    assert len(notes) == 1 and "Anna Berg (Vestby Kommune, CVR 29189846)" in notes[0].text
    assert "not verified" in notes[0].text                # ... but staff see it
    assert notes[0].detail.as_json()["problems"][0]["code"] == "signer_untrusted"


def test_signature_problems_still_stop_the_agreement() -> None:
    changed = dict(PARTY_SIG, covers_document=False, note="form field 'cvr' changed its value")
    probs = [{"code": "changed_after_signing", "message": "x"},
             {"code": "not_signed", "message": "y", "evidence": "invalid"}]
    d = decide(case(), party_mail(signed_with(CA, changed, probs), agreement(DPA)), NOW, SETTINGS)
    assert CA not in d.case.agreements
    assert [s for s, _ in steps(d)] == ["agreements_incomplete"]
    note = next(t for t in d.timeline if t.kind == "signatures")
    assert "CHANGED after signing" in note.text and "'cvr'" in note.text


def test_describe_signature_says_who_and_how() -> None:
    assert describe_signature(Signature.model_validate(dict(PARTY_SIG, trusted=True))) == \
        "Anna Berg (Vestby Kommune, CVR 29189846): valid, covers the document, verified (trusted root); " \
        "the party's signature"
    assert describe_signature(Signature(signer="Mads", valid=False, note="damaged")).startswith("Mads: NOT VALID")
    assert "NOT the party's" in describe_signature(Signature.model_validate(dict(PARTY_SIG, role="other")))


def test_party_reads_signature_problems_in_its_language() -> None:
    for code in ("changed_after_signing", "signature_invalid", "signer_mismatch"):
        p = {"code": code, "message": "ENGLISH READER MESSAGE", "document_kind": CA, "filename": "a.pdf"}
        da, en = problem_text(p, "da"), problem_text(p, "en")
        assert "ENGLISH READER MESSAGE" not in da + en and "a.pdf" in da + en and da != en
