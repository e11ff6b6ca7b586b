"""A digitally signed agreement counts only while it is the document that was signed.

Everything is generated here: a reportlab agreement with a CVR form field (filled before signing),
a self-signed certificate made with `cryptography`, and pyhanko signing the party's signature field.
Then incremental updates after signing: changed page content, a changed or newly filled form value,
bytes altered inside the signed range, and, as the allowed case, MedCom countersigning.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields as sig_fields
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from parsers import read_pdf

W, H = A4
PARTY_FIELD, MEDCOM_FIELD = "PartensUnderskrift", "MedComUnderskrift"


def codes(doc: dict[str, Any]) -> set[str]:
    return {p["code"] for p in doc["problems"]}


def agreement(typed_name: bool = False) -> bytes:
    """A two-page Tilslutningsaftale; the CVR and a remarks field are AcroForm text fields."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 18)
    c.drawString(60, H - 60, "Tilslutningsaftale")
    c.setFont("Helvetica", 10)
    texts = ["Aftale om tilslutning til Sundhedsdatanettet (SDN)", "Parten", "Organisation: Kystby Kommune",
             "CVR-nr.:", "Adresse: Havnevej 1, 7000 Kystby", "MedCom", "Organisation: MedCom",
             "CVR-nr.: 26919991", "Bemærkninger:"]
    for i, t in enumerate(texts):
        c.drawString(60, H - 100 - 18 * i, t)
    c.acroForm.textfield(name="cvr", x=130, y=H - 100 - 18 * 3 - 4, width=120, height=14,
                         value="11576133", borderWidth=0)            # filled in before signing: fine
    c.acroForm.textfield(name="remarks", x=140, y=H - 100 - 18 * 8 - 4, width=300, height=14,
                         value="", borderWidth=0)
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(60, H - 80, "Underskrifter")
    c.drawString(60, H - 110, "For Parten")
    c.drawString(320, H - 110, "For MedCom")
    rows = [("Dato: 18.11.2026", "Dato:"), ("Navn: Karen Lund", "Navn:"), ("Titel: Direktør", "Titel:")]
    for i, (left, right) in enumerate(rows):
        c.drawString(60, H - 140 - 20 * i, left)
        c.drawString(320, H - 140 - 20 * i, right)
    c.drawString(60, H - 230, "Underskrift:" + ("  Karen Lund" if typed_name else ""))
    c.drawString(320, H - 230, "Underskrift:")
    c.showPage()
    c.save()
    data = buf.getvalue()
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    sig_fields.append_signature_field(w, sig_fields.SigFieldSpec(PARTY_FIELD, on_page=1,
                                                                 box=(140, H - 275, 290, H - 240)))
    sig_fields.append_signature_field(w, sig_fields.SigFieldSpec(MEDCOM_FIELD, on_page=1,
                                                                 box=(400, H - 275, 550, H - 240)))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def make_signer(common_name: str, organisation: str | None = None, serial: str | None = None,
                pem_to: Path | None = None) -> signers.SimpleSigner:
    """A self-signed certificate and key; `serial` as MitID Erhverv writes it ("CVR:12345678-UID:...")."""
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.COUNTRY_NAME, "DK")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if serial:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    name = x509.Name(attrs)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365)).sign(key, hashes.SHA256()))
    if pem_to is not None:
        pem_to.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    a_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    a_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return signers.SimpleSigner(signing_cert=a_cert, signing_key=a_key,
                                cert_registry=SimpleCertificateStore.from_certs([a_cert]))


def sign(data: bytes, field: str, signer: signers.SimpleSigner, **meta: Any) -> bytes:
    """Sign `field` (a new field name makes an invisible signature, as signing services do)."""
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)),
                     signers.PdfSignatureMetadata(field_name=field, **meta), signer=signer, output=out)
    return out.getvalue()


def add_text(signed: bytes, text: bytes) -> bytes:
    """An incremental update that writes more text onto page 1."""
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    font = generic.DictionaryObject({generic.NameObject("/Type"): generic.NameObject("/Font"),
                                     generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                                     generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")})
    resources = generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
        {generic.NameObject("/FX"): w.add_object(font)})})
    stream = generic.StreamObject(stream_data=b"BT /FX 10 Tf 60 420 Td (" + text + b") Tj ET")
    w.add_stream_to_page(0, w.add_object(stream), resources=resources)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def set_field(signed: bytes, name: str, value: str) -> bytes:
    """An incremental update that sets a text field's value and appearance, as a PDF editor does."""
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    for ref in w.root["/AcroForm"]["/Fields"]:
        fo = ref.get_object()
        if fo.get("/T") != name:
            continue
        fo["/V"] = generic.TextStringObject(value)
        x0, y0, x1, y1 = (float(v) for v in fo["/Rect"])
        ap = generic.StreamObject({
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [generic.FloatObject(0), generic.FloatObject(0), generic.FloatObject(x1 - x0),
                 generic.FloatObject(y1 - y0)])},
            stream_data=b"/Tx BMC BT /Helv 10 Tf 2 3 Td (" + value.encode("latin-1") + b") Tj ET EMC")
        fo["/AP"] = generic.DictionaryObject({generic.NameObject("/N"): w.add_object(ap)})
        w.update_container(fo)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def party() -> signers.SimpleSigner:
    return make_signer("Karen Lund")


@pytest.fixture(scope="module")
def signed(party: signers.SimpleSigner) -> bytes:
    return sign(agreement(), PARTY_FIELD, party)


def test_intact_signed_pdf_reads_signed(signed: bytes) -> None:
    doc = read_pdf(signed, "Tilslutningsaftale_Kystby_underskrevet.pdf").as_json()
    assert doc["kind"] == "connection_agreement"
    f = doc["fields"]
    assert (f["organisation"], f["cvr"]) == ("Kystby Kommune", "11576133")  # the form value filled in first
    assert (f["signatory_name"], f["signatory_title"], f["signature_date"]) == \
        ("Karen Lund", "Direktør", "2026-11-18")
    assert f["signed"] is True
    assert codes(doc) == {"signer_untrusted"}  # valid, but no trust root is configured
    assert doc["signatures"] == [{"signer": "Karen Lund", "organisation": None, "cvr": None, "valid": True,
                                  "covers_document": True, "trusted": False, "role": "party"}]


def assert_changed_after_signing(doc: dict[str, Any]) -> None:
    assert doc["fields"]["signed"] is False
    assert codes(doc) == {"not_signed", "changed_after_signing"}
    msg = next(p["message"] for p in doc["problems"] if p["code"] == "not_signed")
    assert "changed after" in msg
    assert [s["covers_document"] for s in doc["signatures"]] == [False]


def test_page_text_added_after_signing_is_not_signed(signed: bytes) -> None:
    changed = add_text(signed, b"Tillaeg: MedCom betaler alle udgifter.")
    doc = read_pdf(changed, "a.pdf").as_json()
    assert_changed_after_signing(doc)
    assert doc["fields"]["organisation"] == "Kystby Kommune"


def test_cvr_value_changed_after_signing_is_not_signed(signed: bytes) -> None:
    changed = set_field(signed, "cvr", "29189919")
    doc = read_pdf(changed, "a.pdf").as_json()
    assert doc["fields"]["cvr"] == "29189919"  # what the document says now ...
    assert_changed_after_signing(doc)          # ... but nobody signed that
    assert "cvr" in doc["problems"][0]["message"]


def test_empty_field_filled_after_signing_is_not_signed(signed: bytes) -> None:
    doc = read_pdf(set_field(signed, "remarks", "Gaelder kun til 2027"), "a.pdf").as_json()
    assert_changed_after_signing(doc)


def test_bytes_changed_inside_the_signed_range_is_not_signed(signed: bytes) -> None:
    tampered = signed.replace(b"/Helvetica", b"/Helvetico", 1)
    assert tampered != signed
    doc = read_pdf(tampered, "a.pdf").as_json()
    assert doc["fields"]["signed"] is False
    assert {"not_signed", "signature_invalid"} <= codes(doc)


def test_typed_name_does_not_rescue_a_changed_signed_pdf(party: signers.SimpleSigner) -> None:
    signed = sign(agreement(typed_name=True), PARTY_FIELD, party)
    assert read_pdf(signed, "a.pdf").as_json()["fields"]["signed"] is True
    doc = read_pdf(set_field(signed, "cvr", "29189919"), "a.pdf").as_json()
    assert_changed_after_signing(doc)


def test_medcom_countersigning_afterwards_keeps_the_party_signed(signed: bytes) -> None:
    both = sign(signed, MEDCOM_FIELD, make_signer("Mads MedCom"))
    doc = read_pdf(both, "a.pdf").as_json()
    assert doc["fields"]["signed"] is True
    assert codes(doc) == {"signer_untrusted"}
    assert [(s["signer"], s["role"], s["covers_document"]) for s in doc["signatures"]] == \
        [("Karen Lund", "party", True), ("Mads MedCom", "medcom", True)]
