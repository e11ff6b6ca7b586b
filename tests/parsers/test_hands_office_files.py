"""Office files an outside hand makes, read as the file itself (the `own` delivery: what the party sends instead of
the PDF its tool would print): the eighth hand's python-docx form sets each person's name, mail and phone as a table
inside the cell beside the person's role (`cell.add_table`, which leaves the cell's empty paragraph above it, so
the role stands on a line of its own in the PDF). The layout ran the role into the table's first row ("Aftaleansvarlig
| Navn | Signe Aagaard"), the agreement contact was not found and read as the first technical contact, with
confidence; the party would have been asked for it."""
from __future__ import annotations

import random
from typing import Any

import pytest

from bench.outside import eighth_hand as e8
from bench.outside.people import party
from parsers import reading_of


@pytest.mark.parametrize(("seed", "language"), [(3, "da"), (8, "en"), (21, "da")])
def test_a_role_beside_a_table_in_its_cell_heads_that_persons_rows(seed: int, language: str) -> None:
    rng = random.Random(seed)
    p = party(rng, "pharmacy", language)
    a = e8.Answers(random.Random(seed), p)
    [doc] = reading_of(e8._docx_header_form(random.Random(seed), a), "skema.docx").as_json()["documents"]
    fields: dict[str, Any] = doc["fields"]
    assert fields["org_contact"]["name"] == a.contact[0]
    assert [t["name"] for t in fields["technical_contacts"]] == [t[0] for t in a.techs]
    assert "org_contact" not in {f for p in doc["problems"] for f in p.get("fields") or []}


def _ninth_writer_form(seed: int, to: str) -> tuple[bytes, Any]:
    """The ninth hand's Writer form with form controls (text fields and check boxes, its .fodt) saved by
    LibreOffice as `to`, and its answers."""
    from bench.outside import ninth_hand as n9
    from tests.parsers import officemaker as om
    from tests.servers.libreoffice import ensure_libreoffice

    ensure_libreoffice()
    p = n9.ninth_party(random.Random(seed), "pharmacy")
    a = n9.Answers(random.Random(seed), p, "", False)
    return om.soffice_convert(n9._writer_controls(random.Random(seed), a).encode(), ".fodt", to), a


def _told(reading: dict[str, Any]) -> list[str]:
    """What of the reading the core would tell the party as wrong or missing (deliveries.accusing: the core's rule)."""
    from bench.outside.deliveries import accusing

    return accusing(reading)


def test_a_writer_forms_text_fields_are_read_as_its_answers() -> None:
    """A form filled in Writer keeps each answer in a text field control (form:text's current value, drawn where
    its draw:control stands), in no paragraph: every typed answer was lost, and the party would have been told
    its network and address were missing."""
    data, a = _ninth_writer_form(3, "odt")
    reading = reading_of(data, "skema.odt").as_json()
    [doc] = reading["documents"]
    assert doc["fields"]["ip_scopes"] == a.nets
    assert doc["fields"]["installation_address"]["street"] == a.site[0]
    # a field stands apart from its label, as in the form's PDF: "1.1 Full legal name: | <field>" (run into the
    # label's cell, the organisation and a town after "Postcode: 2750" were not read)
    assert doc["fields"]["organisation"] == a.p.organisation
    assert doc["fields"]["installation_address"]["city"] == a.site[2]
    assert _told(reading) == []


def test_a_writer_form_saved_as_word_has_controls_nobody_reads_so_the_party_is_told_nothing() -> None:
    """The same form saved as .docx: LibreOffice writes its text fields as ActiveX controls (w:control), their
    answers in binary parts no reader here takes. The document is `uncertain` naming them (before: organisation,
    networks and address `missing_field`, told to the party)."""
    data, _ = _ninth_writer_form(3, "docx")
    reading = reading_of(data, "skema.docx").as_json()
    [doc] = reading["documents"]
    assert any(p["code"] == "uncertain" and "ActiveX" in p["message"] for p in doc["problems"])
    assert _told(reading) == []


def test_a_form_set_as_impress_slides_is_read_from_its_text_boxes() -> None:
    """The ninth hand's form as Impress slides (one part a slide, each label and its answer in text boxes side by
    side), sent as the .odp LibreOffice saves: named for staff as a format the bot does not read, every answer
    lost. Now each slide is a page, boxes level with each other a row (`odf._Walker.slides`)."""
    from bench.outside import ninth_hand as n9
    from tests.parsers import officemaker as om
    from tests.servers.libreoffice import ensure_libreoffice

    ensure_libreoffice()
    p = n9.ninth_party(random.Random(11), "laboratory")
    a = n9.Answers(random.Random(11), p, "", False)
    odp = om.soffice_convert(n9._impress_slides(random.Random(11), a).encode(), ".fodp", "odp")
    reading = reading_of(odp, "skema.odp").as_json()
    [doc] = reading["documents"]
    f = doc["fields"]
    assert doc["kind"] == "information_form"
    assert (f["organisation"], f["cvr"]) == (p.organisation, p.cvr)
    assert f["ip_scopes"] == a.nets
    assert [t["email"] for t in f["technical_contacts"]] == [t[1] for t in a.techs]
    assert _told(reading) == []
