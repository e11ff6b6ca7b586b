"""Readings carry where each value stands on its page (parsers/documents/positions.py), and the staff view
outlines them there, an uncertain one highlighted (mailbot/web/app.py render_page)."""
from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from mailbot.web.app import OUTLINE, UNSURE, render_page
from parsers.documents.page import read_content
from parsers.documents.positions import locate
from parsers.reading import AgreementFields, Document, FormFields

HEIGHT = A4[1]


def _pdf(rows: list[tuple[float, float, str]], pages: int = 1) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(pages):
        for x, y, text in rows:
            c.drawString(x, HEIGHT - y, text if n == 0 else f"{text} (side {n + 1})")
        c.showPage()
    c.save()
    return buf.getvalue()


ROWS = [(60, 100, "Organisation:"), (200, 100, "Æblehøj Kommune"),
        (60, 130, "CVR-nr.:"), (200, 130, "29 18 98 46"),
        (60, 160, "Telefon:"), (200, 160, "30 59 30 86"),
        (60, 190, "Netværk:"), (200, 190, "10.20.0.0/24"), (320, 190, "10.21.4.0/22")]


def test_each_value_is_found_in_its_own_words_not_with_its_label() -> None:
    content = read_content(_pdf(ROWS))
    fields = {"organisation": "Æblehøj Kommune", "cvr": "29189846", "org_contact": {"phone": "+4530593086"},
              "ip_scopes": ["10.20.0.0/24", "10.21.4.0/22"], "party_type": "municipality",
              "installation_address": {"city": "Vestby"}}
    found = locate(content, FormFields.model_validate(fields))
    assert set(found) == {"organisation", "cvr", "org_contact.phone", "ip_scopes.0", "ip_scopes.1"}
    for path, (x, y) in {"organisation": (200, 100), "cvr": (200, 130), "org_contact.phone": (200, 160),
                         "ip_scopes.0": (200, 190), "ip_scopes.1": (320, 190)}.items():
        x0, top, x1, bottom = found[path].bbox
        assert found[path].page == 1
        assert abs(x0 - x) < 2 and top < y < bottom + 3 and x1 > x0  # the value, where it was drawn
        assert x1 < 318 or path == "ip_scopes.1"  # not the next value on the line (drawn at x=320)
    assert found["organisation"].bbox[0] > 150  # never the label before it


def test_a_value_the_page_does_not_show_has_no_position_never_a_guess() -> None:
    content = read_content(_pdf(ROWS))
    fields = AgreementFields(organisation="Vestby Kommune", cvr="12345674", signed=True)
    assert locate(content, fields) == {}


def test_the_page_is_drawn_with_each_value_outlined_and_an_uncertain_one_highlighted() -> None:
    pdf = _pdf(ROWS)
    spots = locate(read_content(pdf), AgreementFields(organisation="Æblehøj Kommune", cvr="29189846"))
    found = Document.model_validate({"positions": {k: v.as_json() for k, v in spots.items()}}).positions  # stored

    def colours(png: bytes | None) -> set[tuple[int, int, int]]:
        assert png is not None
        return {c[:3] for _, c in Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 20) or []}

    plain = colours(render_page(pdf, 1, {}))
    outlined = colours(render_page(pdf, 1, found))
    unsure = colours(render_page(pdf, 1, found, frozenset({"cvr"})))
    assert OUTLINE not in plain and OUTLINE in outlined and UNSURE not in outlined
    assert UNSURE in unsure and OUTLINE in unsure
    assert render_page(pdf, 2, found) is None  # a page the PDF does not have
