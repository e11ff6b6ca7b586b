"""TDC's replies in the wordings and date forms people really write, Danish and English, with our
order quoted below them (the quote must never count)."""
from __future__ import annotations

import datetime as dt

import pytest

from parsers import read_tdc_reply

CET = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=CET)

OUR_ORDER_QUOTED = {
    "outlook_da": "\n\nFra: SDN MedCom <sdn@medcom.example>\nSendt: 20. november 2026 10:31\nTil: TDC levering\n"
                  "Emne: SDN-2026-0042 Bestilling\n\nInstallation ønskes 14. januar 2027 kl. 9. Er udstyret afsendt?",
    "outlook_en": "\n\nFrom: SDN MedCom <sdn@medcom.example>\nSent: Friday, November 20, 2026 10:31 AM\n"
                  "To: TDC delivery\nSubject: SDN-2026-0042 Order\n\nPlease confirm the installation is completed.",
    "gmail": "\n\nDen fre. 20. nov. 2026 kl. 10.31 skrev SDN MedCom <sdn@medcom.example>:\n"
             "> Vi bestiller hermed installation den 14. januar 2027 kl. 9.\n> Er udstyret afsendt?",
    "none": "",
}


@pytest.mark.parametrize("quote", sorted(OUR_ORDER_QUOTED))
@pytest.mark.parametrize("text, when", [
    ("Installationen er aftalt til 14. januar 2027 kl. 09.00.", "2027-01-14T09:00:00+01:00"),
    ("Vi har booket tekniker til 3/2-2027 kl 10.", "2027-02-03T10:00:00+01:00"),
    ("Installation: 2027-02-03 10:00", "2027-02-03T10:00:00+01:00"),
    ("Teknikeren kommer d. 3.2.2027 kl. 10:30 og installerer routeren.", "2027-02-03T10:30:00+01:00"),
    ("Vi installerer onsdag den 3. februar kl. 10.", "2027-02-03T10:00:00+01:00"),       # no year: next one
    ("Installationen er planlagt til den 2. december kl. 13.30.", "2026-12-02T13:30:00+01:00"),
    ("Montering er fastlagt til den 3.2. kl. 10", "2027-02-03T10:00:00+01:00"),
    ("Installationsdato: 03-02-2027, kl. 10.00", "2027-02-03T10:00:00+01:00"),
    ("The installation is scheduled for 3 February 2027 at 10:00.", "2027-02-03T10:00:00+01:00"),
    ("Our technician will install the equipment on Wednesday 3 February 2027 at 10 am.",
     "2027-02-03T10:00:00+01:00"),
    ("Installation booked for February 3, 2027 at 2 pm.", "2027-02-03T14:00:00+01:00"),
])
def test_installation_date_forms(text: str, when: str, quote: str) -> None:
    reply = f"Hej MedCom\n\n{text}\n\nMed venlig hilsen\nTDC Erhverv Levering{OUR_ORDER_QUOTED[quote]}"
    assert read_tdc_reply(reply, NOW) == {"kind": "installation_date", "when": when}


@pytest.mark.parametrize("text", [
    "Udstyret er sendt med GLS i dag og forventes leveret i morgen.",
    "Routeren er afsendt til jeres adresse.",
    "SD-WAN-udstyret er nu på vej til jer.",
    "The router has been dispatched today via PostNord.",
    "We have shipped the SD-WAN box; tracking number 1234.",
    "Equipment shipped. Track & trace: 00370712345678",
])
def test_equipment_shipped(text: str) -> None:
    for quote in OUR_ORDER_QUOTED.values():
        assert read_tdc_reply(text + quote, NOW)["kind"] == "equipment_shipped"


@pytest.mark.parametrize("text", [
    "Installationen er udført og forbindelsen er testet OK.",
    "Installationen er gennemført og testet.",
    "Forbindelsen er nu etableret og testet.",
    "Linjen er oprettet og i drift.",
    "The installation has been completed and tested successfully.",
    "The connection is now live.",
    "Installation done, all tests passed.",
    "The SDN line is up and running.",
])
def test_installed(text: str) -> None:
    for quote in OUR_ORDER_QUOTED.values():
        assert read_tdc_reply(text + quote, NOW)["kind"] == "installed"


@pytest.mark.parametrize("text, when", [
    ("Før installationen vil vi gerne holde et koordineringsmøde med jer. Passer tirsdag den 12. januar kl. 13?",
     "2027-01-12T13:00:00+01:00"),
    ("Can we set up a coordination call before the installation?", None),
    ("Vi foreslår et opstartsmøde på Teams.", None),
    ("Vi skal bruge et møde med jeres IT-afdeling inden installationen.", None),
    ("We would like to schedule a short meeting with your IT department on 12 January 2027 at 13:00.",
     "2027-01-12T13:00:00+01:00"),
])
def test_coordination_meeting(text: str, when: str | None) -> None:
    got = read_tdc_reply(text, NOW)
    assert got["kind"] == "coordination_meeting"
    if when:
        assert got["when"] == when


def test_technician_showing_up_is_not_a_meeting() -> None:
    got = read_tdc_reply("Teknikeren vil møde op den 3. februar 2027 kl. 10 og installere udstyret.", NOW)
    assert got == {"kind": "installation_date", "when": "2027-02-03T10:00:00+01:00"}


def test_a_time_is_not_a_date() -> None:
    got = read_tdc_reply("Installationen sker den 14. januar 2027 fra kl. 10.05.", NOW)
    assert got == {"kind": "installation_date", "when": "2027-01-14T10:05:00+01:00"}


@pytest.mark.parametrize("text", ["Hvilken adresse skal udstyret leveres til?",
                                  "Could you confirm the contact person on site?"])
def test_questions(text: str) -> None:
    assert read_tdc_reply(text + OUR_ORDER_QUOTED["outlook_da"], NOW) == {"kind": "question", "when": None}


@pytest.mark.parametrize("quote", sorted(k for k in OUR_ORDER_QUOTED if k != "none"))
def test_only_our_quoted_order_is_unknown(quote: str) -> None:
    assert read_tdc_reply("Tak, vi vender tilbage." + OUR_ORDER_QUOTED[quote], NOW) == {"kind": "unknown",
                                                                                        "when": None}
