"""Case references: written and read by one pair (mailbot/core/refs.py), any number of digits (pure)."""
from __future__ import annotations

import pytest

from mailbot.core.refs import check_prefix, find_ref, find_refs, format_ref, is_ref, ref_in_message_id


@pytest.mark.parametrize("n, ref", [(1, "SDN-2026-0001"), (42, "SDN-2026-0042"), (9999, "SDN-2026-9999"),
                                    (10_042, "SDN-2026-10042"), (99_999, "SDN-2026-99999"),
                                    (100_000, "SDN-2026-100000"), (1_234_567, "SDN-2026-1234567")])
def test_written_and_read_back_past_99999(n: int, ref: str) -> None:
    assert format_ref("SDN", 2026, n) == ref
    assert find_ref(f"SV: [{ref}] Tilslutning", "SDN") == ref
    assert ref_in_message_id(f"<{ref}.starter_pack.ab12@medcom.example>", "SDN") == ref
    assert is_ref(ref.lower(), "SDN")


def test_the_prefix_is_the_configured_one() -> None:
    assert format_ref("kom", 2027, 10_001) == "KOM-2027-10001"
    assert find_ref("Re: [KOM-2027-10001] svar", "KOM") == "KOM-2027-10001"
    assert find_ref("Re: [SDN-2027-10001] svar", "KOM") is None  # another prefix is not ours
    assert find_ref("Re: [KOM-2027-10001] svar", "SDN") is None
    assert ref_in_message_id("<SDN-2026-0042.reminder.x@medcom.example>", "KOM") is None


def test_what_people_and_mail_programs_make_of_a_reference() -> None:
    # Word's and Outlook's dashes, an underscore, a space, lower case: all read as the reference
    for text in ("sdn-2026-10042", "SDN\u20132026\u201310042", "SDN_2026_10042", "SDN 2026 10042", "SDN2026-10042"):
        assert find_ref(f"om {text}.", "SDN") == "SDN-2026-10042", text
    assert find_refs("SDN-2026-0042 og SDN-2026-123456", "SDN") == ["SDN-2026-0042", "SDN-2026-123456"]


@pytest.mark.parametrize("text", ["SDN-2026-042", "SDN-2026-00421", "XSDN-2026-0042", "SDN-2026-0042-7",
                                  "SDN-26-0042", "ISDN-2026-1234"])
def test_what_is_not_a_reference(text: str) -> None:
    assert find_ref(text, "SDN") is None


@pytest.mark.parametrize("bad", ["", "S", "SDN-X", "1SDN", "ÆØÅ", "ABCDEFGHIJK"])
def test_a_prefix_is_letters_and_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_prefix(bad)
    assert check_prefix("sdn") == "SDN"
