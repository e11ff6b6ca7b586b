"""A moment of signing near midnight whose time zone OCR misread ("23:40:12 GM[T"): the Danish day depends on the
zone (23:40 GMT on the 26th is the 27th in Copenhagen), so the date read is `uncertain`, never a sure wrong day."""
from __future__ import annotations

from reportlab.platypus import PageBreak

from parsers import read_pdf
from parsers.documents.signatures import doubtful_day, zone_in_doubt

from .agreement_docs import (
    EN_CONN_CLAUSES,
    FOOTER_EN,
    H1,
    H2,
    P,
    _party_table_en,
    adobe_like,
    build,
    clauses,
    sig_table,
)


def _agreement(when: str) -> bytes:
    """An English connection agreement signed through an Acrobat Sign style audit report, its moment `when`."""
    flow = [P("Connection Agreement", H1), P("Danish Health Data Network (SDN)"),
            P("This agreement is made between the following parties:"),
            _party_table_en("Holtegaard Pharmacy", "41234571")]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), sig_table("", "", ""), PageBreak()]
    flow += adobe_like("Signe Holt", "sh@holtegaard.example", when)
    return build(flow, FOOTER_EN)


def _date_problems(when: str) -> tuple[object, list[dict[str, object]]]:
    doc = read_pdf(_agreement(when), "connection agreement.pdf").as_json()
    return doc["fields"]["signature_date"], [p for p in doc["problems"] if p["code"] == "uncertain"
                                             and p.get("field") == "signature_date"]


def test_a_misread_zone_near_midnight_leaves_the_day_uncertain() -> None:
    date, unsure = _date_problems("2026-11-26 - 11:40:12 PM GM[T")
    assert date == "2026-11-26" and unsure and "GM[T" in str(unsure[0]["message"])


def test_a_zone_read_or_a_day_the_zone_does_not_change_stays_sure() -> None:
    assert _date_problems("2026-11-26 - 11:40:12 PM GMT") == ("2026-11-27", [])
    assert _date_problems("2026-11-26 - 10:40:12 AM GM[T") == ("2026-11-26", [])


def test_which_words_after_a_clock_are_a_zone_in_doubt() -> None:
    assert [zone_in_doubt(t) for t in ("23:40:12 GM[T", "23:40 UIC", "23:40 (G.MT)", "23:40 GMT", "11:40 PM",
                                       "23:40 Kongens Lyngby", "23:40:12 CET")] == \
        ["GM[T", "UIC", "G.MT", None, None, None, None]
    assert doubtful_day("2026-11-26 - 23:40:12 GM[T") == "2026-11-26"
    assert doubtful_day("2026-11-26 - 12:40:12 GM[T") is None
