"""OCR's typical confusions on a 150 dpi scan (parsers/documents/ocr_words.py, ocr.py): a label, heading or title
misread by them ("Emall", "Ernail", "Teleton", "Ågreement") is spelt as the vocabulary spells it, so its value is
read and the document's kind known; values are never respelt. An address whose domain lost its only dot at a
wrap ("laerke@fjeldsaa-" over "it.example" read "…-itexample") is an address again; a table's rule read as "|"
is no part of a value."""
from __future__ import annotations

import io

import pytest
from reportlab.pdfgen import canvas

from parsers import read_pdf
from parsers.documents import ocr, ocr_words
from parsers.documents.labels import label_of
from tests.servers.ocr import ensure_tesseract

from . import tools


@pytest.mark.parametrize(("read", "meant"), [
    ("Emall", "Email"), ("Ernail:", "Email:"), ("E-mall:", "E-mail:"), ("Teleton", "Telefon"),
    ("phane", "phone"), ("Campany", "Company"), ("Ågreement", "Agreement"), ("Åddress:", "Address:"),
    ("Kornmune", "Kommune"), ("Hospltal", "Hospital"), ("EMALL", "EMAIL"),
    ("Posinr.", "Postnr."), ("Poslnr", "Postnr"), ("Telelon", "Telefon"),  # a small "t" read as "i" or "l"
])
def test_a_vocabulary_word_misread_by_ocr_s_confusions_is_spelt_as_the_vocabulary_does(read: str, meant: str) -> None:
    assert ocr_words.respelt(read) == meant


@pytest.mark.parametrize("word", [
    "Ålund", "Lærke", "Uldall", "Kragh", "Nørgaard", "Eskildsen", "Juhl", "Holm", "Lone", "Pape",  # names
    "Telefon", "Navn:", "Tandlæge", "Email",  # vocabulary words as written
    "laerke@fjeldsaa-it.example", "+4581241480", "192.168.1.0/24", "☒", "Ernil",  # values, marks, too far off
    "Tine", "Lotte", "Gitte", "Holt", "Fiil", "Tofte", "Posiil",  # names a loose "t"/"i"/"l"/"f" might take
])
def test_values_names_and_known_words_are_never_respelt(word: str) -> None:
    assert ocr_words.respelt(word) == word


def test_a_misread_caption_is_known_as_its_label_again() -> None:
    """"Emall:" was no label: the contact's address beside it was lost."""
    assert label_of("Emall: laerke@kragsoe.example") is None
    assert label_of(ocr_words.respelt("Emall:") + " laerke@kragsoe.example") == ("email", "laerke@kragsoe.example")


def test_a_label_misread_with_a_small_t_as_an_i_is_its_label_again() -> None:
    """"Posinr." (held-out pictures-only form) was no label, and with the table's rules beside it dropped it was
    taken for the city; respelt, it is the postcode's label and its value is the postcode."""
    assert label_of("Posinr. 2300") is None
    assert label_of(ocr_words.respelt("Posinr.") + " 2300") == ("postcode", "2300")


def test_a_domain_that_lost_its_only_dot_is_an_address_again_and_nothing_else_gains_one() -> None:
    """The Danish and English readings of "laerke@fjeldsaa-" over "it.example" both lost the tight dot
    (outside check seed 22: every address of a form lost); a domain needs a dot, so the one before a domain's
    end is put back. A text with a dot already, or no domain's end, is left alone."""
    assert ocr._at_from("laerke&fjeldsaa-itexample", "laerke@fjeldsaa-itexample") == "laerke@fjeldsaa-it.example"
    assert ocr._at_from("aniværegionhdk", "aniv@regionhdk") == "aniv@regionh.dk"
    assert ocr._dot_restored("ida@fjeldsaa-it.example") == "ida@fjeldsaa-it.example"
    assert ocr._dot_restored("ida@fjeldsaa") == "ida@fjeldsaa"
    assert ocr._dot_restored("ida@fjeldsaa-dk") == "ida@fjeldsaa-dk"  # a hyphen is no dot's place


def test_a_rule_read_into_a_word_and_a_speck_after_a_clock_are_left_out() -> None:
    """"Digitaliseringschef |", "|Pre-selected" (a cell's border) and "08:36:26." (a DocuSign page's signing time,
    not found with its speck)."""
    assert ocr._RULE.fullmatch("|") and ocr._RULE.fullmatch("||")
    assert ocr._unruled_word("|Pre-selected") == "Pre-selected"
    assert ocr._unruled_word("Digitaliseringschef|") == "Digitaliseringschef"
    assert ocr._unruled_word("08:36:26.") == "08:36:26"
    assert ocr._unruled_word("10.171.227.0/24") == "10.171.227.0/24"


def test_a_box_typed_as_brackets_is_a_box_however_unsure_tesseract_is() -> None:
    """"[x] Offentligt sygehus" read with "[x]" at 13 (below the cut): the party's type was lost."""
    line, other, text = (6, 3, 1), (6, 4, 1), (9, 1, 1)
    read = [(line, "[x]", 298.0, 340.0, 1074.0, 1110.0, 13.0), (line, "Offentligt", 354.0, 520.0, 1074.0, 1110.0, 96.0),
            (other, "[]", 298.0, 336.0, 1126.0, 1162.0, 60.0), (other, "Region", 348.0, 470.0, 1126.0, 1162.0, 96.0),
            (text, "Bilag", 298.0, 380.0, 1200.0, 1236.0, 96.0), (text, "[x]", 390.0, 430.0, 1200.0, 1236.0, 20.0)]
    marks = ocr._bracket_boxes(read)
    assert marks[0][1] == "☒" and marks[0][6] >= ocr.MIN_CONFIDENCE
    assert marks[2][1] == "☐"
    assert marks[5][1] == "[x]"  # not at its line's start, before no option


def test_a_conformed_signature_s_mark_misread_is_its_mark_again() -> None:
    """"/s1 Mads Fynbo" (the mark's last slash read as a one) was no typed signature: the signed agreement was read
    as unsigned (for staff, but wrongly)."""
    assert [ocr._unruled_word(w) for w in ("/s1", "/sl", "/s/", "/s|")] == ["/s/"] * 4
    assert ocr._unruled_word("/sdn") == "/sdn"


def _misprinted_agreement() -> bytes:
    """An English data processing agreement whose title is printed as Danish OCR reads it off a scan ("Data
    Processing Ågreement": a ring on the capital A), so the test does not hang on how Tesseract slips on one
    scan; its clauses name the network supplier as a sub-processor early on."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842))
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, 780, "Data Processing Ågreement")
    c.setFont("Helvetica", 11)
    lines = ["Health Data Network - MedCom template", "", "Data controller", "Name", "Hvidmose Laboratorium ApS",
             "Company no. (CVR)", "76491356", "", "1. Purpose",
             "MedCom processes personal data on behalf of the controller when transporting data over the",
             "Health Data Network (SDN).", "", "2. Other processors",
             "The network supplier is used as a sub-processor, see Appendix B.", "", "Signatures",
             "For Hvidmose Laboratorium ApS (the controller)", "Date:", "Signature"]
    y = 740
    for text in lines:
        c.drawString(60, y, text)
        y -= 18
    c.save()
    return out.getvalue()


def test_a_scanned_agreement_whose_title_ocr_misreads_is_still_of_its_kind() -> None:
    """Made pictures-only by Ghostscript and read by Tesseract in Danish: "Ågreement" is the title's "Agreement",
    so the kind is the title's, not guessed from the body's "sub-processor" (outside check seed 22: a data
    processing agreement read as a sub-data processor agreement, a confident wrong kind)."""
    tools.ensure("gs")
    ensure_tesseract()
    doc = read_pdf(tools.gs_picture(_misprinted_agreement(), dpi=150), "scan0001.pdf").as_json()
    assert doc["ocr"] is True
    assert doc["kind"] == "data_processor_agreement"
    assert any(p["code"] == "uncertain" and p.get("ocr") for p in doc["problems"])


@pytest.mark.parametrize(("read", "meant"), [
    ("192.168.227.64127", "192.168.227.64/27"), ("10.0.0.0124", "10.0.0.0/24"), ("10.0.0.11124", "10.0.0.11/24"),
    ("192.168.1.0/24", "192.168.1.0/24"), ("192.168.1.255", "192.168.1.255"),  # networks and addresses as written
    ("10.0.0.1111", "10.0.0.1111"),  # "1/11" or "11/1": read two ways, left as read
])
def test_a_network_whose_slash_was_read_as_a_one_is_a_network_again_where_it_reads_one_way(read: str,
                                                                                            meant: str) -> None:
    """"192.168.227.64127" (a scanned form's network, its table's rules made white) was an invalid network."""
    assert ocr._network_slash(read) == meant


def test_a_clock_is_kept_however_unsure_tesseract_is_and_nothing_else_is() -> None:
    """DocuSign's "01:29:25PM" read rightly at 25 (below the cut) and dropped: the signing row it stood in was no
    longer one and the agreement's signing date was lost."""
    line = (3, 1, 2)
    read = [(line, "10/24/2026", 1264.0, 1460.0, 628.0, 660.0, 91.0),
            (line, "01:29:25PM", 1480.0, 1700.0, 628.0, 660.0, 25.0),
            (line, "14:52:58", 1448.0, 1600.0, 606.0, 640.0, 12.0), (line, "25:61", 1448.0, 1600.0, 606.0, 640.0, 12.0),
            (line, "Pre-selected", 1758.0, 1950.0, 626.0, 660.0, 25.0)]
    kept = ocr._clocks_kept(read)
    assert [r[6] >= ocr.MIN_CONFIDENCE for r in kept] == [True, True, True, False, False]
