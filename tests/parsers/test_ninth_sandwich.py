"""The ninth outside hand's sandwich forms (bench/outside/ninth_hand.py, `s9-sandwich`): its Writer form with the
answers in form controls, rasterised at 200 dpi and OCR'd by Tesseract into a picture with an invisible text layer
over it, which the reader reads by OCR as the scan it is. Made here by that hand's own functions and real tools
(LibreOffice, pdftoppm, Tesseract) at test time."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pdfplumber

from bench.outside import ninth_hand as n9
from bench.outside.people import Address, Person
from parsers.documents import ocr, ocr_numbers


def _word(line: tuple[int, ...], text: str, x0: float, top: float, conf: float = 90.0) -> ocr.Read:
    return (line, text, x0, x0 + 20.0 * len(text), top, top + 33.0, conf)


def test_an_address_its_cell_broke_twice_is_one_span_of_its_three_pieces() -> None:
    """A narrow table cell broke "matthias.kruger@mosede-strand-sundhed.example" inside the local part and at a
    hyphen ("matthias.krugeræm" over "osede-strand-" over "sundhed.example"), "henrik@mosede-strand-..." at both
    hyphens: the first was not read again at all (its start ends in no hyphen) and the second was read without
    its middle piece ("henrik@mosede-sundhed.example", a wrong address). All pieces under the start, to the
    domain's end, are one span; words of other cells beside them are not in it, and a word under the start that
    is no piece of an address ends it."""
    a, b, c = (22, 1, 1), (22, 1, 2), (22, 1, 3)
    read = [_word(a, "Matthias", 248, 1783), _word(a, "matthias.krugeræm", 917, 1783, 59.0),
            _word(a, "+4596264379", 1366, 1783), _word(b, "osede-strand-", 918, 1831),
            _word(c, "sundhed.example", 918, 1881)]
    assert (1, 3, 4) in ocr._reread_spans(read)
    d, e, f = (29, 1, 1), (29, 1, 2), (29, 1, 3)
    hyphens = [_word(d, "henrikæmosede-", 917, 2159), _word(d, "+45", 1366, 2159),
               _word(e, "strand-", 918, 2207), _word(f, "sundhed.example", 918, 2255)]
    hyphens[0] = (*hyphens[0][:4], 2150.0, 2200.0, 89.0)  # the "@" read as "æ" stands taller than its line
    assert ocr._reread_spans(hyphens) == [(0, 2, 3)]
    other = [_word(d, "henrikæmosede-", 917, 2159), _word(e, "(3)", 918, 2207),
             _word(f, "sundhed.example", 918, 2255)]
    assert all(0 not in span for span in ocr._reread_spans(other))
    plain = [_word(d, "Region", 917, 2159), _word(e, "Hovedstaden", 918, 2207)]
    assert ocr._reread_spans(plain) == []


def test_a_four_figure_number_is_what_two_of_three_readings_read() -> None:
    """A postcode in its field's box read "4972" on the page and "1072" from its crop at two sizes: two readings
    alike stand; three unlike leave the word unsure (not found), never a guess; a crop read as nothing abstains."""
    word = ((45, 1, 1), "4972", 473.0, 560.0, 2910.0, 2943.0, 79.0)
    assert ocr_numbers.voted(word, ["1072", "1072"], 39.0)[1] == "1072"
    assert ocr_numbers.voted(word, ["4972", "1072"], 39.0)[1:] == word[1:]
    assert ocr_numbers.voted(word, ["", ""], 39.0) == word
    unsure = ocr_numbers.voted(word, ["1072", "1079"], 39.0)
    assert unsure[1] == "4972" and unsure[6] == 39.0
    assert ocr_numbers.voted(word, ["", "1072"], 39.0)[6] == 39.0
    assert ocr_numbers.voted(word, ["10792", "10792"], 39.0)[6] == 39.0  # two alike, but no postcode
    sure = ((9, 1, 1), "3397", 584.0, 650.0, 560.0, 593.0, 96.0)
    assert ocr_numbers.wanted([sure, word, (*word[:6], 20.0)]) == [1, 2]  # a number read surely costs no run


def test_a_sandwich_form_s_wrapped_addresses_and_postcode(tmp_path: Path) -> None:
    """The hand's sandwich form with long addresses in its contacts' table, each broken twice by its narrow cell,
    and a postcode in its box: every address is read whole or not at all (never a piece of it, never a piece
    left over as the next value), the postcode as it is printed, and the ticked party type."""
    p = n9.ninth_party(random.Random(94), "foreign")
    domain = "mosede-strand-sundhed.example"
    org = Person("Matthias Krüger", f"matthias.kruger@{domain}", "+4596264379", "+4596264379")
    techs = [org, Person("Henrik Krüger", f"henrik@{domain}", "+4552057532", "+45 52 05 75 32"),
             Person("Lars-Erik Haugen", f"laha@{domain}", "+4521168537", "21 16 85 37")]
    p = replace(p, language="en", org_contact=org, technical=techs,
                installation=Address("Lupinvej 88, 4. th.", "1072", "København K"))
    a = n9.Answers(random.Random(1), p)
    out = tmp_path / "sandwich.pdf"
    n9._make(lambda w: n9._sandwich(w, n9._office(w, "skema.fodt", n9._writer_controls(random.Random(2), a))), out)
    with pdfplumber.open(out) as pdf:
        read = ocr.read_page(pdf.pages[0], 300.0)
    assert read is not None
    words = [r[1] for r in read if r[6] >= ocr.MIN_CONFIDENCE]
    addresses = [w for w in words if "@" in w and "medcom" not in w]
    assert addresses and all(w in {t.email for t in techs} for w in addresses)
    assert not [w for w in words if w.rstrip("-") in ("strand", "osede-strand") or w == "sundhed.example"]
    assert "1072" in words
    lines: dict[tuple[object, ...], list[str]] = {}
    for r in read:
        lines.setdefault(r[0], []).append(r[1])
    ticked = [" ".join(ws[1:]) for ws in lines.values() if ws[0] == "☒"]
    # the scanner's page shows the form as printed, its party type ticked (the hand flattens it before pdftoppm)
    assert any(t.startswith("Company registered") for t in ticked)


def test_a_column_of_tick_boxes_read_as_one_tall_word_is_its_boxes(tmp_path: Path) -> None:
    """The sandwich form's party-type boxes, one under the other, read by Tesseract as one tall word
    ("OQOQOOODODOD", a line of its own read as noise): its band was read again by Tesseract (0.4 s of CPU a page)
    to find them. The boxes are found by their ink, each put before its option's words, and told ticked or not;
    a tall word that is letters, not boxes, is left for the band re-read."""
    from PIL import Image, ImageDraw

    picture = Image.new("L", (900, 600), 255)
    draw = ImageDraw.Draw(picture)
    options = ["Region", "Kommune", "Apotek", "Laboratorium"]
    read: list[ocr.Read] = []
    for k, option in enumerate(options):
        top = 100 + 80 * k
        draw.rectangle((100, top, 136, top + 36), outline=0, width=3)
        if option == "Apotek":
            draw.line((106, top + 6, 130, top + 30), fill=0, width=4)
            draw.line((106, top + 30, 130, top + 6), fill=0, width=4)
        read.append(((2, k, 1), option, 180.0, 180.0 + 25 * len(option), top + 2.0, top + 34.0, 95.0))
    read.append(((9, 1, 1), "OQOQOOOD", 98.0, 139.0, 98.0, 100.0 + 80 * 3 + 38, 0.0))
    path = str(tmp_path / "page.png")
    picture.save(path)
    boxed = ocr._ticks(path, ocr._box_columns(path, read))
    assert [r[1] for r in boxed] == ["☐", "Region", "☐", "Kommune", "☒", "Apotek", "☐", "Laboratorium"]
    assert all(boxed[2 * k][0] == boxed[2 * k + 1][0] for k in range(4))
    letters = Image.new("L", (900, 600), 255)
    ImageDraw.Draw(letters).text((100, 100), "O\nQ\nO\nQ", fill=0)
    letters.save(path)
    assert ocr._box_columns(path, read) == read


def test_an_address_its_cell_broke_inside_the_domain_s_end_is_one_span() -> None:
    """"malin&hvidmose.ex" over "ample": the cell broke the address inside "example", and the piece above (an
    address as Danish reads it, "&" for its "@") was read again alone and kept cut ("malin@hvidmose.ex", wrong).
    A domain whose last part begins a domain's end goes on under it; one that is a whole end does not."""
    a, b = (23, 1, 1), (23, 1, 2)
    read = [_word(a, "malin&hvidmose.ex", 917, 1783), _word(a, "65", 1431, 1783), _word(b, "ample", 918, 1831)]
    assert ocr._reread_spans(read) == [(0, 2)]
    whole = [_word(a, "malin@hvidmose.dk", 917, 1783), _word(b, "Kontakt", 918, 1831)]
    assert ocr._reread_spans(whole) == []
