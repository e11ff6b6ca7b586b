"""The shipped Danish postcode list and the checks the document reader makes with it (pure, no network)."""
from __future__ import annotations

from importlib import resources

import pytest

from parsers.postcodes import is_postcode, match_town, split_postcode_town, town_of


def test_data_file_ships_in_the_package_with_its_source_line() -> None:
    text = resources.files("parsers").joinpath("data", "postcodes_dk.tsv").read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    assert header.startswith("#") and "DAWA" in header and "MIT" in header
    codes = [row.split("\t")[0] for row in rows]
    assert len(codes) == len(set(codes)) > 1000
    assert all(len(code) == 4 and code.isdigit() for code in codes)


@pytest.mark.parametrize(
    ("code", "town"),
    [
        ("9400", "Nørresundby"),
        ("1050", "København K"),
        ("2100", "København Ø"),
        ("2450", "København SV"),
        ("2000", "Frederiksberg"),
        ("1850", "Frederiksberg C"),
        ("8000", "Aarhus C"),
        ("0800", "Høje Taastrup"),
        ("5601", "Lyø"),
    ],
)
def test_known_postcodes_have_their_official_names(code: str, town: str) -> None:
    assert is_postcode(code)
    assert town_of(code) == town


@pytest.mark.parametrize("code", ["0001", "9999", "1000", "3900", "800", "94000", "abcd", ""])
def test_codes_not_in_the_list_are_rejected(code: str) -> None:
    assert not is_postcode(code)
    assert town_of(code) is None
    assert match_town(code, "København K") == 0.0


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("9400", "Nørresundby"),
        ("9400", "NØRRESUNDBY"),
        ("9400", "Norresundby"),
        ("9400", "Noerresundby"),
        ("9000", "Ålborg"),
        ("1050", "Kbh. K"),
        ("1050", "kbh k"),
        ("1050", "Kobenhavn K"),
        ("2100", "Koebenhavn Ø"),
        ("2100", "Kbh. Ø"),
        ("2400", "København N.V."),
        ("2450", "Kbh SV"),
    ],
)
def test_spellings_of_the_official_name_match_fully(code: str, written: str) -> None:
    assert match_town(code, written) == 1.0


def test_a_missing_district_is_close_but_not_exact() -> None:
    assert 0.8 <= match_town("1050", "København") < 1.0
    assert 0.8 <= match_town("1850", "Frederiksberg") < 1.0


def test_the_wrong_copenhagen_district_scores_low() -> None:
    # One letter apart, but another postcode's town: a plain ratio would say about 0.9.
    assert match_town("2100", "København N") <= 0.5
    assert match_town("2450", "København S") <= 0.5
    assert match_town("2100", "København Ø") > match_town("2100", "København N")


def test_typos_score_high_and_other_towns_low() -> None:
    typo = match_town("9400", "Nørresundb")
    assert 0.85 <= typo < 1.0
    assert match_town("9400", "Aarhus") < 0.5
    assert match_town("9400", "") == 0.0
    assert match_town("9400", "  ...  ") == 0.0


@pytest.mark.parametrize(
    "text",
    ["DK-9400 Nørresundby", "9400 Nørresundby", "9400, Nørresundby", "  dk 9400  Nørresundby ", "DK–9400 Nørresundby"],
)
def test_split_postcode_and_town(text: str) -> None:
    assert split_postcode_town(text) == ("9400", "Nørresundby")


def test_split_keeps_a_multi_word_town() -> None:
    assert split_postcode_town("1050 København K") == ("1050", "København K")


@pytest.mark.parametrize("text", ["9400", "94001 Nørresundby", "940 Nørresundby", "Nørresundby", "9400 1234", ""])
def test_split_refuses_what_is_not_postcode_and_town(text: str) -> None:
    assert split_postcode_town(text) is None


def test_split_checks_shape_only_so_caller_can_tell_which_part_is_wrong() -> None:
    assert split_postcode_town("9999 Nowhere") == ("9999", "Nowhere")
    assert not is_postcode("9999")
