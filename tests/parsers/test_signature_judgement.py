"""How each digital signature is judged: invisible ones, who signed, trust, permitted form fills, and the
page range of each agreement in a file that holds two. Real pyHanko signatures, self-signed test
certificates made here with `cryptography`."""
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields as sig_fields
from pyhanko.sign.fields import MDPPerm
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from mailbot.core.judgements.signing import Party
from parsers import read_pdf
from parsers.documents.page import read_content
from parsers.documents.signing import configure, judge_signing
from parsers.documents.signing.judgement import signing_evidence
from tests.parsers.test_signed_then_changed import (
    MEDCOM_FIELD,
    PARTY_FIELD,
    agreement,
    codes,
    make_signer,
    set_field,
    sign,
)

H = A4[1]


@pytest.fixture(autouse=True)
def no_trust_roots() -> Iterator[None]:
    configure([])
    yield
    configure([])


def test_invisible_signature_alone_reads_signed() -> None:
    signed = sign(agreement(), "Signature1", make_signer("Karen Lund"))  # a new field: zero-size box
    doc = read_pdf(signed, "a.pdf").as_json()
    assert doc["fields"]["signed"] is True
    assert codes(doc) == {"signer_untrusted"}
    assert [s["signer"] for s in doc["signatures"]] == ["Karen Lund"]


def test_unsigned_agreement_without_typed_name_is_not_signed() -> None:
    doc = read_pdf(agreement(), "a.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert doc["signatures"] == []
    assert "not_signed" in codes(doc)


def test_invisible_signature_then_cvr_changed_is_not_signed() -> None:
    signed = sign(agreement(), "Signature1", make_signer("Karen Lund"))
    doc = read_pdf(set_field(signed, "cvr", "29189919"), "a.pdf").as_json()
    assert doc["fields"]["cvr"] == "29189919"
    assert doc["fields"]["signed"] is False
    assert {"changed_after_signing", "not_signed"} <= codes(doc)
    msg = next(p["message"] for p in doc["problems"] if p["code"] == "changed_after_signing")
    assert "'cvr'" in msg and "Karen Lund" in msg


def test_corrupted_invisible_signature_with_typed_name_is_not_signed() -> None:
    signed = sign(agreement(typed_name=True), "Signature1", make_signer("Karen Lund"))
    begin = signed.rindex(b"/Contents <") + len(b"/Contents <")
    start = begin + len(signed[begin:signed.index(b">", begin)].rstrip(b"0")) - 20  # in the signature value
    broken = signed[:start] + (b"0" if signed[start:start + 1] != b"0" else b"1") + signed[start + 1:]
    doc = read_pdf(broken, "a.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert {"signature_invalid", "not_signed"} <= codes(doc)
    assert doc["signatures"][0]["valid"] is False


def test_medcom_certificate_in_the_party_box_is_a_mismatch() -> None:
    signed = sign(agreement(typed_name=True), PARTY_FIELD, make_signer("Mads Hansen", "MedCom", "CVR:26919991-UID:1"))
    doc = read_pdf(signed, "a.pdf").as_json()
    assert doc["fields"]["signed"] is False  # the typed name does not make it the party's signature
    assert {"signer_mismatch", "not_signed"} <= codes(doc)
    assert doc["signatures"][0]["cvr"] == "26919991"


def test_certificate_of_another_organisation_is_a_mismatch() -> None:
    other = make_signer("Karen Lund", "Fjordby Kommune", "CVR:29189919-UID:12345678")
    doc = read_pdf(sign(agreement(), "Signature1", other), "a.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert "signer_mismatch" in codes(doc)
    assert doc["signatures"][0]["organisation"] == "Fjordby Kommune"


def test_mitid_erhverv_certificate_matching_the_cvr_is_the_party() -> None:
    # a colleague signed (not the named signatory), but the certificate is the party's: CVR matches
    colleague = make_signer("Jens Holm", "Kystby Kommune", "CVR:11576133-UID:55667788")
    doc = read_pdf(sign(agreement(), PARTY_FIELD, colleague), "a.pdf").as_json()
    assert doc["fields"]["signed"] is True
    assert doc["signatures"][0] | {} == {"signer": "Jens Holm", "organisation": "Kystby Kommune",
                                          "cvr": "11576133", "valid": True, "covers_document": True,
                                          "trusted": False, "role": "party"}


def test_configured_trust_root_makes_it_verified(tmp_path: Path) -> None:
    pem = tmp_path / "root.pem"
    party = make_signer("Karen Lund", pem_to=pem)
    configure([str(pem)])
    doc = read_pdf(sign(agreement(), PARTY_FIELD, party), "a.pdf").as_json()
    assert doc["fields"]["signed"] is True
    assert codes(doc) == set()
    assert doc["signatures"][0]["trusted"] is True
    configure([str(tmp_path / "other.pem")])  # a root that is not this signer's (and not readable)
    doc = read_pdf(sign(agreement(), PARTY_FIELD, party), "a.pdf").as_json()
    assert doc["signatures"][0]["trusted"] is False and "signer_untrusted" in codes(doc)


def test_form_fill_the_certification_allows_keeps_it_signed() -> None:
    signed = sign(agreement(), PARTY_FIELD, make_signer("Karen Lund"), certify=True,
                  docmdp_permissions=MDPPerm.FILL_FORMS)
    filled = set_field(signed, "remarks", "Kontakt IT-afdelingen")
    doc = read_pdf(filled, "a.pdf").as_json()
    assert doc["fields"]["signed"] is True, doc["problems"]
    assert doc["signatures"][0]["covers_document"] is True
    # ... but even then a value the signer saw may not be changed
    doc = read_pdf(set_field(signed, "cvr", "29189919"), "a.pdf").as_json()
    assert doc["fields"]["signed"] is False and "changed_after_signing" in codes(doc)


def test_no_changes_certification_forbids_the_fill() -> None:
    signed = sign(agreement(), PARTY_FIELD, make_signer("Karen Lund"), certify=True,
                  docmdp_permissions=MDPPerm.NO_CHANGES)
    doc = read_pdf(set_field(signed, "remarks", "Kontakt IT-afdelingen"), "a.pdf").as_json()
    assert doc["fields"]["signed"] is False and "changed_after_signing" in codes(doc)


def two_agreements() -> bytes:
    """An unsigned connection agreement (pages 1-2) followed by a data processor agreement (pages 3-4)
    whose party box holds a signature field."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for title in ("Tilslutningsaftale", "Databehandleraftale"):
        c.setFont("Helvetica", 18)
        c.drawString(60, H - 60, title)
        c.setFont("Helvetica", 10)
        for i, t in enumerate(["Aftale om Sundhedsdatanettet (SDN)", "Parten", "Organisation: Kystby Kommune",
                               "CVR-nr.: 11576133", "MedCom", "Organisation: MedCom", "CVR-nr.: 26919991"]):
            c.drawString(60, H - 100 - 18 * i, t)
        c.showPage()
        c.setFont("Helvetica", 10)
        c.drawString(60, H - 80, "Underskrifter")
        c.drawString(60, H - 110, "For Parten")
        c.drawString(320, H - 110, "For MedCom")
        for i, (left, right) in enumerate([("Dato: 18.11.2026", "Dato:"), ("Navn: Karen Lund", "Navn:")]):
            c.drawString(60, H - 140 - 20 * i, left)
            c.drawString(320, H - 140 - 20 * i, right)
        c.drawString(60, H - 230, "Underskrift:")
        c.drawString(320, H - 230, "Underskrift:")
        c.showPage()
    c.save()
    w = IncrementalPdfFileWriter(io.BytesIO(buf.getvalue()))
    sig_fields.append_signature_field(w, sig_fields.SigFieldSpec("DPA_Party", on_page=3,
                                                                 box=(140, H - 275, 290, H - 240)))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def pages_of(content: Any, first: int, last: int) -> set[int]:
    """The pages first..last (1-based) as the page model numbers them."""
    pages = sorted({ln.page for ln in content.lines})
    return set(pages[first - 1:last])


def test_two_agreements_each_judged_on_its_own_pages() -> None:
    signed = sign(two_agreements(), "DPA_Party", make_signer("Karen Lund"))
    content = read_content(signed)
    first = judge_signing(content, pages_of(content, 1, 2), "Kystby Kommune", "11576133", "Karen Lund")
    second = judge_signing(content, pages_of(content, 3, 4), "Kystby Kommune", "11576133", "Karen Lund")
    assert (first.judged.signed, first.signatures) == (False, [])
    assert second.judged.signed is True and [s.signer for s in second.signatures] == ["Karen Lund"]
    assert second.judged.evidence == ["signature"]


def test_invisible_signature_counts_for_every_agreement_in_the_file() -> None:
    signed = sign(two_agreements(), "Signature1", make_signer("Karen Lund"))
    content = read_content(signed)
    judged = [judge_signing(content, pages_of(content, a, b), "Kystby Kommune", "11576133", "Karen Lund")
              for a, b in ((1, 2), (3, 4))]
    assert [j.judged.signed for j in judged] == [True, True]


def test_medcom_countersignature_then_party_change_is_not_signed() -> None:
    party = sign(agreement(), PARTY_FIELD, make_signer("Karen Lund"))
    both = sign(party, MEDCOM_FIELD, make_signer("Mads MedCom", "MedCom"))
    doc = read_pdf(set_field(both, "cvr", "29189919"), "a.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert [s["covers_document"] for s in doc["signatures"]] == [False, False]


def test_mailbot_parse_reads_trust_roots_from_the_config(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    (tmp_path / "roots").mkdir()
    party = make_signer("Karen Lund", pem_to=tmp_path / "roots" / "party.pem")
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(sign(agreement(), PARTY_FIELD, party))
    cfg = tmp_path / "mailbot.toml"
    cfg.write_text('[signatures]\ntrust_roots = ["roots/party.pem"]\n')  # relative to the config file
    bot = [sys.executable, "-m", "mailbot", "parse"]
    without = json.loads(subprocess.run(bot + [str(pdf)], capture_output=True, check=True, text=True).stdout)
    with_roots = json.loads(subprocess.run(bot + [str(pdf), "--config", str(cfg)], capture_output=True,
                                           check=True, text=True).stdout)
    assert [s["trusted"] for s in without["documents"][0]["signatures"]] == [False]
    assert [s["trusted"] for s in with_roots["documents"][0]["signatures"]] == [True]
    assert "signer_untrusted" not in {p["code"] for p in with_roots["documents"][0]["problems"]}


def test_a_missing_trust_root_is_a_config_error(tmp_path: Path) -> None:
    from mailbot.config import ConfigError, from_dict

    with pytest.raises(ConfigError, match="signatures.trust_roots"):
        from_dict({"signatures": {"trust_roots": ["nowhere.pem"]}}, base=tmp_path, env={})


def test_a_signature_pyhanko_cannot_read_is_not_overruled_by_a_typed_name() -> None:
    signed = sign(agreement(typed_name=True), PARTY_FIELD, make_signer("Karen Lund"))
    # break the cross-reference of the last revision: pdfminer still reads the pages, pyHanko not the signature
    cut = signed.rindex(b"startxref")
    broken = signed[:cut] + b"startxref\n999999\n%%EOF\n"
    doc = read_pdf(broken, "a.pdf").as_json()
    assert doc["fields"]["signed"] is False


def test_a_signing_service_seal_over_its_evidence_page_is_not_a_mismatch() -> None:
    from tests.parsers.test_variants_agreements import EVIDENCE, dpa_with_evidence

    seal = make_signer("Penneo Sealing", "Penneo A/S", "CVR:35633766-UID:1")
    sealed = sign(dpa_with_evidence(EVIDENCE["penneo"], block_filled=False), "Signature1", seal)
    doc = read_pdf(sealed, "dpa.pdf").as_json()
    assert (doc["fields"]["signed"], doc["fields"]["signatory_name"]) == (True, "Karen Lund")
    assert codes(doc) == {"signer_untrusted"}
    assert [(s["organisation"], s["role"]) for s in doc["signatures"]] == [("Penneo A/S", "service")]
    # the same seal without an evidence page naming the party is somebody else's signature
    doc = read_pdf(sign(agreement(), "Signature1", seal), "a.pdf").as_json()
    assert doc["fields"]["signed"] is False and "signer_mismatch" in codes(doc)


def test_the_reader_hands_the_core_where_each_signature_stands_and_what_it_saw() -> None:
    """The reader judges nothing: it says where each signature's box stands (the party's place, MedCom's,
    invisible), and that an unsigned agreement's signature place was found empty; the core judges."""
    party = Party("Kystby Kommune", "11576133", "Karen Lund")
    unsigned, _ = signing_evidence(read_content(agreement()), None, party)
    assert (unsigned.digital, unsigned.place_empty, unsigned.file_signature_bytes) == ((), True, False)
    assert (unsigned.drawn, unsigned.typed, unsigned.service_signer) == (False, None, None)
    typed, _ = signing_evidence(read_content(agreement(typed_name=True)), None, party)
    assert typed.typed == "Karen Lund"
    three = sign(sign(sign(agreement(), PARTY_FIELD, make_signer("Karen Lund")), MEDCOM_FIELD,
                      make_signer("Mads MedCom", "MedCom")), "Signature1", make_signer("Karen Lund"))
    seen, entries = signing_evidence(read_content(three), None, party)
    assert [(s.signer, s.place) for s in seen.digital] == [
        ("Karen Lund", "party"), ("Mads MedCom", "other"), ("Karen Lund", "elsewhere")]
    assert seen.file_signature_bytes and [e.signer for e in entries] == ["Karen Lund", "Mads MedCom", "Karen Lund"]
    assert all(e.role is None for e in entries)  # whose each one is, the core says
