"""The core's judgement of "signed enough" (mailbot/core/judgements/signing.py): evidence in, verdict out.

Pure: each row is what a reader could have seen of one agreement, and what the judgement must say of it.
The rule above all: `not_signed` is certain (and the verdict `not_signed`) only on positive evidence."""
from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest

from mailbot.core.certainty import certain
from mailbot.core.judgements import signing
from mailbot.core.judgements.signing import DigitalSignature, EditableFile, Party, ServiceSigner, SigningEvidence
from mailbot.core.readings import Problem

PARTY = Party(organisation="Kystby Kommune", cvr="29189919", signatory="Karen Lund")
THEIRS = DigitalSignature(signer="Karen Lund", organisation="Kystby Kommune", cvr="29189919", valid=True,
                          checked=True, covers_document=True, trusted=True, signing_time="2026-11-18", place="party")
MEDCOM = DigitalSignature(signer="Mads Holm", organisation="MedCom", cvr="26919991", valid=True, checked=True,
                          covers_document=True, trusted=True, place="other")
OTHER = DigitalSignature(signer="Ole Berg", organisation="Nabo ApS", cvr="12345674", valid=True, checked=True,
                         covers_document=True, trusted=True, place="party")
SEAL = replace(OTHER, signer="Penneo A/S", organisation="Penneo A/S", cvr="35633766", trusted=False,
               place="elsewhere")
BYTES = {"file_signature_bytes": True}  # a reader that saw a digital signature also saw its byte range


def seen(*digital: DigitalSignature, **kw: Any) -> SigningEvidence:
    extra = BYTES if digital else {}
    return SigningEvidence(party=PARTY, digital=digital, **{**extra, **kw})


# (what was seen, verdict, the not_signed problem's evidence or None, the marks found for a signature (a broken
# signature stops the looking; someone else's certificate in the party's place outweighs them), problem codes)
TABLE = [
    ("nothing seen at all", seen(), "uncertain", "not_found", [], []),
    ("the party's signature place found empty", seen(place_empty=True), "not_signed", "found_empty", [], []),
    ("an empty place, but a page of the file read by OCR", seen(place_empty=True, file_ocr=True),
     "uncertain", "not_found", [], []),
    ("an empty place, but a signing service's page in the file", seen(place_empty=True, file_evidence_page=True),
     "uncertain", "not_found", [], []),
    ("an empty place, but a signature's byte range in the file", seen(place_empty=True, file_signature_bytes=True),
     "uncertain", "not_found", [], []),
    ("this agreement read by OCR: its signature is in the picture", seen(place_empty=True, ocr=True),
     "uncertain", None, [], []),
    ("the party's valid, trusted signature", seen(THEIRS), "signed", None, ["signature"], []),
    ("the party's valid signature, untrusted root", seen(replace(THEIRS, trusted=False)), "signed", None,
     ["signature"], ["signer_untrusted"]),
    ("a signature that positively does not verify", seen(replace(THEIRS, valid=False, error="bytes differ")),
     "not_signed", "invalid", [], ["signature_invalid"]),
    ("a signature the check could not read", seen(replace(THEIRS, valid=False, checked=False, error="?")),
     "uncertain", "unreadable", [], ["signature_invalid"]),
    ("changed after signing: a typed name and a drawing do not help",
     seen(replace(THEIRS, covers_document=False, changed="a field was filled in"), typed="Karen Lund", drawn=True),
     "not_signed", "invalid", [], ["changed_after_signing"]),
    ("MedCom's certificate in the party's place", seen(replace(MEDCOM, place="party"), typed="Karen Lund"),
     "not_signed", "invalid", ["typed"], ["signer_mismatch"]),
    ("MedCom's countersignature alone", seen(MEDCOM, place_empty=True), "uncertain", "not_found", [], []),
    ("MedCom's countersignature and the party's", seen(MEDCOM, THEIRS), "signed", None, ["signature"], []),
    ("someone else's certificate in the party's place", seen(OTHER, drawn=True), "not_signed", "invalid", ["image"],
     ["signer_mismatch"]),
    ("someone not MedCom in MedCom's place", seen(replace(OTHER, place="other")), "uncertain", "not_found", [],
     ["signer_mismatch"]),
    ("a signing service's seal over a page naming the party's signer",
     seen(SEAL, service_signer=ServiceSigner("Karen Lund", "Direktør", "2026-11-19"), file_evidence_page=True),
     "signed", None, ["evidence_page"], ["signer_untrusted"]),
    ("a signing service's page naming others than the party's signatory",
     seen(service_listed=("Ole Berg (2026-11-18)",), file_evidence_page=True), "uncertain", "not_found", [],
     ["uncertain"]),
    ("a signing service's page that still awaits the party's signer", seen(service_awaits=True,
                                                                            file_evidence_page=True),
     "not_signed", "found_empty", [], []),
    ("a service awaiting the party, but another signer it lists is not recognisably MedCom",
     seen(service_awaits=True, service_listed=("Ole Berg (2026-11-18)",), file_evidence_page=True), "uncertain",
     "not_found", [], ["uncertain"]),
    ("a service awaiting the party, but a page of the file read by OCR",
     seen(service_awaits=True, file_evidence_page=True, file_ocr=True), "uncertain", "not_found", [], []),
    ("a service awaiting the party, but a signature's byte range in the file",
     seen(service_awaits=True, file_evidence_page=True, file_signature_bytes=True), "uncertain", "not_found", [],
     []),
    ("a service awaiting the party, and a drawing in the party's block", seen(service_awaits=True, drawn=True),
     "signed", None, ["image"], []),
    ("a signed field the check could not read", seen(unreadable_fields=("Party",), file_signature_bytes=True,
                                                     drawn=True), "uncertain", "unreadable", [], ["signature_invalid"]),
    ("a byte range in a damaged file", seen(damaged=True, file_signature_bytes=True), "uncertain", "unreadable",
     [], ["signature_invalid"]),
    ("a drawing in the party's block", seen(drawn=True), "signed", None, ["image"], []),
    ("a name typed on the signature line", seen(typed="Karen Lund"), "signed", None, ["typed"], []),
    ("the block's heading is no typed name", seen(typed="For Kystby Kommune", place_empty=True), "not_signed",
     "found_empty", [], []),
    ("the organisation's own name is no typed name", seen(typed="Kystby Kommune"), "uncertain", "not_found", [],
     []),
]


@pytest.mark.parametrize("what, evidence, verdict, absence, marks, codes", TABLE, ids=[row[0] for row in TABLE])
def test_evidence_to_verdict(what: str, evidence: SigningEvidence, verdict: str, absence: str | None,
                             marks: list[str], codes: list[str]) -> None:
    j = signing.judge(evidence)
    assert (j.verdict, j.signed, j.evidence) == (verdict, verdict == "signed", marks), what
    assert (j.not_signed.evidence if j.not_signed else None) == absence, what
    assert [p.code for p in j.problems] == codes, what


def test_a_party_is_told_not_signed_exactly_when_the_verdict_is_not_signed() -> None:
    """Over every combination of the marks and doubts a reader can see, the not_signed problem is certain
    (certainty.py: the party may be told) if and only if the verdict is `not_signed`, and never beside a mark."""
    flags = ("place_empty", "drawn", "file_ocr", "file_evidence_page", "file_signature_bytes", "ocr", "damaged",
             "service_awaits")
    sigs = [(), (THEIRS,), (OTHER,), (replace(THEIRS, valid=False, error="x"),),
            (replace(THEIRS, valid=False, checked=False, error="x"),), (replace(MEDCOM, place="party"),)]
    for on in itertools.product((False, True), repeat=len(flags)):
        for digital in sigs:
            for typed in (None, "Karen Lund"):
                e = seen(*digital, typed=typed, **dict(zip(flags, on, strict=True)))
                j = signing.judge(e)
                told = j.not_signed is not None and certain(Problem.model_validate(j.not_signed))
                assert told == (j.verdict == "not_signed"), e
                if j.not_signed and j.not_signed.evidence == "found_empty":
                    assert not (e.drawn or e.typed or e.digital or e.ocr or e.file_ocr), e
                if not j.signed:  # not signed: said, except where OCR read the page (its signature is in the picture)
                    assert (j.not_signed is None) == e.ocr, e
                assert not (j.signed and j.not_signed), e


def test_roles_and_what_the_party_s_signature_names() -> None:
    j = signing.judge(seen(MEDCOM, THEIRS, replace(THEIRS, valid=False, error="x")))
    assert j.roles == ["medcom", "party", None] and j.verdict == "not_signed"  # the broken one has no role, and blocks
    j = signing.judge(seen(MEDCOM, THEIRS))
    assert (j.roles, j.signatory_name, j.date) == (["medcom", "party"], "Karen Lund", "2026-11-18")
    j = signing.judge(seen(SEAL, service_signer=ServiceSigner("Karen Lund", "Direktør", "2026-11-19")))
    assert (j.roles, j.signatory_title, j.date) == (["service"], "Direktør", "2026-11-19")


@pytest.mark.parametrize("certificate, role", [
    (DigitalSignature(signer="Karen M. Lund"), "party"),                   # the signatory, by first and last name
    (DigitalSignature(signer="Ole Berg"), "other"),
    (DigitalSignature(organisation="Kystby Kommune, IT"), "party"),       # the organisation, when no CVR
    (DigitalSignature(organisation="Nabo ApS", signer="Karen Lund"), "other"),  # the strongest identity decides
    (DigitalSignature(cvr="29189919", organisation="Other name"), "party"),
    (DigitalSignature(), "other"),           # nothing to compare, over the file: anyone's (an archive's seal)
    (DigitalSignature(email="it@medcom.example"), "medcom"),
])
def test_whose_certificate_it_is(certificate: DigitalSignature, role: str) -> None:
    s = replace(certificate, valid=True, checked=True, covers_document=True, trusted=True, place="elsewhere")
    assert signing.judge(seen(s)).roles == [role]


def test_a_certificate_naming_nothing_to_compare_is_the_party_s_in_the_party_s_place() -> None:
    s = DigitalSignature(valid=True, checked=True, covers_document=True, trusted=True, place="party")
    j = signing.judge(seen(s))
    assert (j.roles, j.verdict) == (["party"], "signed")


ARCHIVE = replace(OTHER, signer="Dokumentarkiv segl", organisation="Arkivservice ApS", cvr=None, place="elsewhere")


@pytest.mark.parametrize("seal", [ARCHIVE, replace(ARCHIVE, organisation=None, signer="Scanner 3")])
def test_someone_else_s_seal_over_the_file_is_for_staff_never_a_word_to_the_party(seal: DigitalSignature) -> None:
    """An archive's or a gateway's seal (pyHanko, invisible) over an agreement: not the party's signature, and
    not evidence that the party did not sign; what the party's block shows stands, and a person judges."""
    unsigned = signing.judge(seen(seal, place_empty=True))
    assert unsigned.verdict == "uncertain" and not unsigned.signed and unsigned.roles == ["other"]
    assert unsigned.not_signed is not None and not certain(unsigned.not_signed)
    assert any(p.code == "uncertain" and p.field == "signed" for p in unsigned.problems)
    typed = signing.judge(seen(seal, typed="Karen Lund"))
    assert typed.verdict == "signed" and typed.evidence == ["typed"]
    assert any(p.code == "uncertain" and p.field == "signed" for p in typed.problems)
    assert all(p.field == "signed" for p in typed.problems)  # a mismatch, if said, is in doubt with it
    blank = SigningEvidence(party=Party(organisation="Kystby Kommune"), digital=(seal,), **BYTES)
    assert not signing.judge(blank).signed  # nothing names the party's signatory: still not the party's


def test_an_editable_file_is_not_signed_unless_something_may_be_a_signature() -> None:
    plain = EditableFile("The Word file Aftale.docx")
    j = signing.judge(SigningEvidence(editable=plain))
    assert j.verdict == "not_signed" and j.problems == [] and j.not_signed is not None
    assert j.not_signed.evidence == "found_empty" and j.not_signed.as_json()["how_to_sign"] == signing.HOW_TO_SIGN
    assert j.not_signed.message.startswith("The Word file Aftale.docx is the agreement")
    maybes = ((replace(plain, pictures=2), "a picture"), (replace(plain, read_as_signed=True), "a typed name"),
              (replace(plain, xml_signature=True, pictures=1), "an XML digital signature"))
    for maybe, seen_as in maybes:
        j = signing.judge(SigningEvidence(editable=maybe))
        assert (j.verdict, j.not_signed, j.confidence) == ("uncertain", None, 0.3)
        assert [(p.code, p.field, p.as_json()["seen"]) for p in j.problems] == [("uncertain", "signed", seen_as)]


def test_the_machine_s_own_not_signed_is_never_certain() -> None:
    """An agreement read as unsigned whose reader wrote no not_signed: the machine says so, as not found."""
    p = signing.unseen("Aftale.pdf", "connection_agreement")
    assert (p.code, p.evidence, p.filename) == ("not_signed", "not_found", "Aftale.pdf")
    assert not certain(Problem.model_validate(p))
