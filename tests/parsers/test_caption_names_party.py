"""A party block's justified line ("Hospitalsenheden" ... "Bøgeskov" at the right margin, TCPDF; held-out
outside check seed 4330, the tenth hand) read as label and value, the organisation taken as "Bøgeskov" with
confidence. The signature place's caption prints the name whole; it ends with the words read."""
from __future__ import annotations

from parsers.documents.agreements import _named_in_caption
from parsers.documents.page_types import Line, Segment, Word


def _line(top: float, *cells: tuple[float, str]) -> Line:
    return Line(1, top, top + 10, [Segment([Word(t, x, x + 5.5 * len(t), top, top + 10) for t in [text]])
                                   for x, text in cells])


LINES = [_line(100, (60, "Hospitalsenheden"), (480, "Bøgeskov")), _line(115, (60, "CVR"), (480, "76878889")),
         _line(600, (60, "For and on behalf of Hospitalsenheden Bøgeskov"), (330, "For MedCom"))]


def test_the_caption_that_ends_with_the_name_read_gives_it_whole() -> None:
    assert _named_in_caption(LINES, "Bøgeskov") == "Hospitalsenheden Bøgeskov"
    assert _named_in_caption(LINES, "Hospitalsenheden Bøgeskov") == "Hospitalsenheden Bøgeskov"


def test_a_caption_naming_another_or_medcom_changes_nothing() -> None:
    assert _named_in_caption(LINES, "Region Bøgeskov") == "Region Bøgeskov"
    other = [_line(600, (60, "For Region Hvidmose"), (330, "For MedCom"))]
    assert _named_in_caption(other, "Hvidmose Kommune") == "Hvidmose Kommune"
    assert _named_in_caption([_line(600, (60, "On behalf of MedCom"))], "MedCom") == "MedCom"
