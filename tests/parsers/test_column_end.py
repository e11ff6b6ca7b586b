"""A label that ends its column on a form printed in columns (CSS columns, Ghostscript): its value flowed to the
top of the next column, so nothing under it is no evidence that the party left it empty; the party is never
asked for it (issue 22: a case's party was asked for a city it had given, 'Postdistrikt' the left column's last
line and 'Stokkemarke' the right column's first)."""
from __future__ import annotations

from parsers import read_pdf

from .pdfmaker import pdf

LEFT = [("A. Part", 100), ("Juridisk navn", 118), ("Bøgeskov Kommune", 128), ("CVR-nummer", 144),
        ("DK-78406267", 151), ("B. Organisationens kontaktperson", 179), ("Navn", 196), ("Birthe Kragh", 206),
        ("E-post", 222), ("birthe.kragh@boegeskov.example", 232), ("Mobil", 247), ("+45 83 74 34 69", 256),
        ("C. Tekniske kontaktpersoner", 281), ("Navn", 300), ("Søren Thrane", 306), ("E-post", 321),
        ("soth@boegeskov.example", 332), ("Mobil", 349), ("5974 3517", 359), ("D. Installationssted", 385),
        ("Gade/vej", 403), ("Lupinvej 1", 412), ("Postnr.", 428), ("4952", 437)]
RIGHT = [("E. Netværk", 113), ("1   10.81.191.192/26", 150), ("F. Hvilken type organisation er I?", 209),
         ("X  Kommune", 256), ("G. Tilslutningsform", 437), ("Forbindelse via:  Ingen – direkte forbindelse", 461)]


def _form(city_line: list[tuple[float, float, str]]) -> bytes:
    page: list[tuple[float, float, str] | tuple[float, float, str, float]] = [
        (42, 50, "Oplysninger til brug for opkobling på SDN", 14)]
    page += [(42, y + 8, text) for text, y in LEFT] + [(315, y + 8, text) for text, y in RIGHT] + city_line
    page += [(42, 820, "Spørgsmål: sdn-support@medcom.example · Skema udfyldt 05.10.2026", 7)]
    return pdf([page])


def test_a_label_ending_its_column_is_no_place_found_empty() -> None:
    doc = read_pdf(_form([(42, 462, "Postdistrikt"), (312, 95, "Stokkemarke")]), "skema.pdf").as_json()
    assert doc["fields"]["installation_address"]["street"] == "Lupinvej 1"
    missing = [p for p in doc["problems"] if p["code"] == "missing_field"]
    assert all(p.get("evidence") != "found_empty" for p in missing)


def test_a_label_with_its_column_going_on_under_it_is_found_empty() -> None:
    """The same label with the column's next part under it: the party left the city out."""
    doc = read_pdf(_form([(42, 462, "Postdistrikt"), (42, 490, "H. Bemærkninger"), (42, 505, "Ingen")]),
                   "skema.pdf").as_json()
    assert any(p["code"] == "missing_field" and p.get("evidence") == "found_empty"
               and "installation_address" in p.get("fields", []) for p in doc["problems"])
