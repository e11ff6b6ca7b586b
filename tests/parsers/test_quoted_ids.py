"""A bounce's reading carries the Message-IDs of ours it quotes, so the route stage never reads the raw mail."""
from __future__ import annotations

from parsers import read_mail
from parsers.mail.returned import QUOTE_SCAN_BYTES, quoted_message_ids

OURS = "<SDN-2026-0042.starter_pack.k3x@medcom.example>"


def _returned(text: str, sender: str = "MAILER-DAEMON@mx.vestby-kommune.example",
              subject: str = "Undelivered Mail Returned to Sender") -> bytes:
    return (f"From: Mail Delivery System <{sender}>\nTo: sdn@medcom.example\nSubject: {subject}\n"
            "Date: Mon, 02 Nov 2026 09:20:00 +0100\nMessage-ID: <b1@mx.vestby-kommune.example>\n"
            "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
            f"--b\nContent-Type: text/plain\n\n{text}\n--b\nContent-Type: message/delivery-status\n\n"
            "Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; gone@vestby-kommune.example\nAction: failed\n"
            "Status: 5.1.1\n--b--\n").encode()


def test_a_bounce_carries_our_quoted_message_ids_and_nothing_else() -> None:
    raw = _returned(f"Your message {OURS} could not be delivered.\nIn-Reply-To: <SDN-2026-0042@medcom.example>\n"
                    "References: <CAK1x@mail.example> <SDN-2026-0042.clarification.q@medcom.example>")
    msg = read_mail(raw).as_json()["message"]
    assert msg["automated"] == "bounce"
    # a reference not followed by a dot is no Message-ID of ours, a stranger's is not ours at all
    assert msg["quoted_message_ids"] == [OURS, "<SDN-2026-0042.clarification.q@medcom.example>"]


def test_a_person_quoting_our_message_id_is_no_bounce_and_carries_none() -> None:
    raw = (f"From: Anna <anna@vestby-kommune.example>\nTo: sdn@medcom.example\nSubject: Svar\n"
           f"Date: Mon, 02 Nov 2026 09:20:00 +0100\nMessage-ID: <a1@vestby-kommune.example>\n\n"
           f"Som svar på {OURS}: hermed.\n").encode()
    assert read_mail(raw).as_json()["message"]["quoted_message_ids"] == []


def test_only_the_first_two_megabytes_are_looked_in() -> None:
    assert quoted_message_ids(OURS.encode()) == [OURS]
    assert quoted_message_ids(b"x" * QUOTE_SCAN_BYTES + OURS.encode()) == []
    assert quoted_message_ids((OURS + " ").encode() * 3) == [OURS]  # each once
    assert quoted_message_ids(OURS.replace("SDN", "XYZ").encode(), "XYZ") == [OURS.replace("SDN", "XYZ")]
