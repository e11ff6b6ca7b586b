"""The same truth rendered into many layouts, wordings and box styles: the reader must read its
meaning, not one wording. Prints the figures the README quotes."""
from __future__ import annotations

import io
import shutil
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from parsers import read_pdf, read_pdf_all

from .generator import FORM_TRUTH, Style, information_form, score, styles

UNSURE = 0.6


def _wrong(got: Any, want: Any) -> bool:
    """A value that says something false; a part left out (None) is missing, not wrong."""
    if got is None:
        return False
    if isinstance(got, dict) and isinstance(want, dict):
        return any(_wrong(v, want.get(k)) for k, v in got.items())
    if isinstance(got, list) and isinstance(want, list):
        return len(got) > len(want) or any(_wrong(g, w) for g, w in zip(got, want, strict=False))
    return bool(got != want)


def confident_wrong(doc: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """Fields whose value is wrong (not merely missing) and that the reader did not flag."""
    flagged = {p.get("field") for p in doc["problems"] if p["code"] == "uncertain"}
    if any(p["code"] == "uncertain" and p.get("field") is None for p in doc["problems"]):
        return []  # the whole reading goes to staff
    out = []
    for key, want in truth.items():
        got = doc["fields"].get(key)
        if not _wrong(got, want) or key in flagged:
            continue
        if doc.get("confidence", {}).get(key, 1.0) >= UNSURE:
            out.append(key)
    return out


def measure(what: str, kind: str, truth: dict[str, Any],
            renderings: list[tuple[str, bytes]]) -> tuple[float, list[str]]:
    """(field accuracy, confidently wrong fields) of the reader over named renderings of one truth;
    prints the figure the README quotes."""
    right = total = 0
    wrong_confident: list[str] = []
    for name, data in renderings:
        doc = read_pdf(data, "generated.pdf").as_json()
        assert doc["kind"] == kind, name
        r, t, _ = score(doc["fields"], truth)
        right, total = right + r, total + t
        wrong_confident += [f"{name}:{k}" for k in confident_wrong(doc, truth)]
    print(f"\ngenerated {what}: field accuracy {right / total:.3f} over {total} fields")
    return right / total, wrong_confident


def test_information_forms_in_forty_layouts_are_read() -> None:
    accuracy, wrong_confident = measure("information forms", "information_form", FORM_TRUTH,
                                        [(str(st), information_form(st)) for st in styles(40)])
    assert accuracy >= 0.95
    assert wrong_confident == []


UNSEEN = {"org": "Betegnelse", "cvr": "Nøgletal", "name": "Person", "email": "Adressering", "phone": "Kanal",
          "street": "Sted", "postcode": "Kode", "city": "Egn", "title": "Skema til brug for MedCom"}


@pytest.mark.parametrize("layout", ["inline", "table", "stacked"])
def test_labels_never_seen_still_give_typed_values_and_nothing_confidently_wrong(layout: str) -> None:
    doc = read_pdf(information_form(Style(layout=layout, extra=UNSEEN)), "form.pdf").as_json()
    assert doc["kind"] == "information_form"  # its sections and networks say so
    f = doc["fields"]
    assert f["ip_scopes"] == FORM_TRUTH["ip_scopes"]
    emails = {c["email"] for c in f["technical_contacts"]} | {f["org_contact"]["email"]}
    assert "bo.berg@kystby.example" in emails
    assert confident_wrong(doc, FORM_TRUTH) == []


def test_none_ticked_in_drawn_boxes_is_none_and_lost_boxes_are_uncertain() -> None:
    doc = read_pdf(information_form(Style(boxes="drawn")), "form.pdf").as_json()
    assert doc["fields"]["connected_via"] is None and doc["fields"]["party_type"] == "municipality"
    kmd = read_pdf(information_form(Style(boxes="drawn"), dict(FORM_TRUTH, connected_via="KMD")), "form.pdf").as_json()
    assert kmd["fields"]["connected_via"] == "KMD"
    # printed to PDF without its boxes: the options are there, no mark can be seen
    lost = read_pdf(information_form(Style(boxes="brackets", extra={})).replace(b"[x] ", b"    ")
                    .replace(b"[ ] ", b"    "), "form.pdf").as_json()
    assert lost["fields"]["connected_via"] != "KMD"


def test_a_page_turned_by_rotate_is_read_upright() -> None:
    doc = read_pdf(information_form(Style(rotate=True)), "form.pdf").as_json()
    r, t, wrong = score(doc["fields"], FORM_TRUTH)
    assert r == t, wrong


def _page(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for i, t in enumerate(lines):
        c.drawString(60, 780 - 16 * i, t)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_pdf_that_is_none_of_the_documents_says_so() -> None:
    doc = read_pdf(_page(["Faktura 2026-1187", "Konsulentbistand, 12 timer", "I alt: 14.500,00 kr."] * 3),
                   "f.pdf").as_json()
    assert doc["kind"] == "unknown"
    assert [p["code"] for p in doc["problems"]] == ["unknown_document"]


def test_a_text_layer_of_wrong_letters_is_not_trusted() -> None:
    rot13 = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          "nopqrstuvwxyzabcdefghijklmNOPQRSTUVWXYZABCDEFGHIJKLM")
    text = ["Tilslutningsaftale", "Organisation: Kystby Kommune", "CVR-nr.: 29189919"] + \
        ["Parten forpligter sig til at anvende nettet alene til sundhedsfaglige formål og efter aftalen."] * 12
    doc = read_pdf(_page([t.translate(rot13) for t in text]), "a.pdf").as_json()
    codes = {p["code"] for p in doc["problems"]}
    assert codes & {"unreadable", "uncertain"}, codes
    assert doc["fields"].get("cvr") in (None, "29189919")


def test_two_documents_in_one_pdf_are_read_as_two() -> None:
    import pypdf

    writer = pypdf.PdfWriter()
    agreement = _page(["Tilslutningsaftale", "Parten", "Organisation: Kystby Kommune", "CVR-nr.: 29189919",
                       "Sundhedsdatanettet (SDN) forbinder parterne."])
    for data in (agreement, information_form(Style())):
        writer.append(pypdf.PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    docs = [d.as_json() for d in read_pdf_all(out.getvalue(), "samlet.pdf")]
    assert [d["kind"] for d in docs] == ["connection_agreement", "information_form"]
    assert docs[1]["fields"]["ip_scopes"] == FORM_TRUTH["ip_scopes"]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tests/run.sh installs tesseract-ocr")
def test_a_scan_is_read_by_ocr_and_sent_to_staff_to_confirm() -> None:
    import pdfplumber
    from PIL import Image

    with pdfplumber.open(io.BytesIO(information_form(Style(layout="inline")))) as pdf:
        image = pdf.pages[0].to_image(resolution=200).original.convert("L")
    buf = io.BytesIO()
    Image.Image.save(image, buf, format="PDF", resolution=200.0)
    doc = read_pdf(buf.getvalue(), "scan.pdf").as_json()
    assert doc["ocr"] is True
    assert doc["kind"] == "information_form"
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])
    assert max(doc["confidence"].values()) < UNSURE
    assert "10.1.0.0/24" in doc["fields"]["ip_scopes"]


def test_agreements_with_party_blocks_and_dates_written_every_way_are_read() -> None:
    from .generator import AGREEMENT_TRUTH, DATES, PARTY_BLOCKS, agreement

    renderings = [(f"{block}-{words}-{date}", agreement(block, words, date))
                  for block in PARTY_BLOCKS for words in ("da", "en") for date in DATES]
    accuracy, wrong_confident = measure("agreements", "connection_agreement", AGREEMENT_TRUTH, renderings)
    assert accuracy >= 0.95
    assert wrong_confident == []


@pytest.mark.parametrize("label", ["Underskriverens fulde navn", "Navn på tegningsberettiget", "Name of signatory",
                                   "Printed name", "Signatory's full name"])
def test_a_signatory_label_never_leaves_its_tail_in_the_name(label: str) -> None:
    data = _page(["Tilslutningsaftale", "Parten", "Organisation: Kystby Kommune", "CVR-nr.: 29189919",
                  "Parten tilsluttes Sundhedsdatanettet (SDN).", "Underskrifter", "For Parten",
                  "Dato: 18.11.2026", f"{label}: Frederik Frølund", "Underskrift: Frederik Frølund"])
    doc = read_pdf(data, "a.pdf").as_json()
    assert doc["fields"]["signatory_name"] == "Frederik Frølund"


def test_form_fields_with_generic_names_take_their_meaning_from_the_tooltip() -> None:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 14)
    c.drawString(60, 780, "Informationsskema")
    for i, (tip, value) in enumerate([("Organisationens navn", "Kystby Kommune"), ("CVR-nummer", "29189919"),
                                      ("Teknisk kontakt, e-mail", "bo.berg@kystby.example")]):
        c.acroForm.textfield(name=f"Tekst{i + 1}", tooltip=tip, value=value, x=200, y=740 - 22 * i, width=220,
                             height=14, borderWidth=0)
    c.showPage()
    c.save()
    doc = read_pdf(buf.getvalue(), "skema.pdf").as_json()
    assert doc["fields"]["organisation"] == "Kystby Kommune"
    assert doc["fields"]["cvr"] == "29189919"


@pytest.mark.parametrize("title", ["Skemaet udfyldes, når tilslutningsaftalen og databehandleraftalen er underskrevet",
                                   "Oplysninger til TDC Erhverv om jeres SDN-forbindelse", "Bilag B"])
def test_a_form_is_a_form_whatever_its_title_and_whatever_agreement_it_mentions(title: str) -> None:
    doc = read_pdf(information_form(Style(extra={"title": title})), "bilag.pdf").as_json()
    assert doc["kind"] == "information_form"
    assert doc["fields"]["ip_scopes"] == FORM_TRUTH["ip_scopes"]


def test_an_agreement_whose_party_labels_nobody_knows_is_read_by_type() -> None:
    data = _page(["Tilslutningsaftale", "Parten", "Betegnelse: Kystby Kommune", "Nøgletal: 29 18 99 19", "MedCom",
                  "Betegnelse: MedCom", "Nøgletal: 26919991", "Parten tilsluttes Sundhedsdatanettet (SDN).",
                  "Underskrifter", "Dato: 18.11.2026", "Navn: Frederik Frølund", "Underskrift: Frederik Frølund"])
    f = read_pdf(data, "aftale.pdf").as_json()["fields"]
    assert (f["organisation"], f["cvr"]) == ("Kystby Kommune", "29189919")
