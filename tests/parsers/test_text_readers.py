"""TDC replies, staff commands and the bounded runner."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from parsers import read_staff_command, read_tdc_reply
from parsers.bounded import _run, read_mail_bounded
from parsers.reading import Reading

CET = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=CET)


@pytest.mark.parametrize("text, when", [
    ("Installationen er aftalt til 14. januar 2027 kl. 09.00.", "2027-01-14T09:00:00+01:00"),
    ("Vi installerer torsdag den 14. januar 2027 kl. 9 hos jer.", "2027-01-14T09:00:00+01:00"),
    ("Installation aftalt 3/2-2027 kl 10", "2027-02-03T10:00:00+01:00"),
    ("Installation planned 2027-02-03 10:00", "2027-02-03T10:00:00+01:00"),
    ("Teknikeren kommer 3. feb. 2027", "2027-02-03T00:00:00+01:00"),
    ("The installation is scheduled for February 3, 2027 at 10:00.", "2027-02-03T10:00:00+01:00"),
    ("Installation booked for 3 February 2027.", "2027-02-03T00:00:00+01:00"),
    ("Installationen sker den 5. marts kl. 8.", "2027-03-05T08:00:00+01:00"),
    ("Installationen er planlagt til den 2. december kl. 13.30.", "2026-12-02T13:30:00+01:00"),
])
def test_installation_dates(text: str, when: str) -> None:
    assert read_tdc_reply(text, NOW) == {"kind": "installation_date", "when": when}


def test_other_tdc_kinds_and_quoted_history() -> None:
    assert read_tdc_reply("Udstyret er afsendt i dag.", NOW)["kind"] == "equipment_shipped"
    assert read_tdc_reply("The SD-WAN equipment was shipped today.", NOW)["kind"] == "equipment_shipped"
    assert read_tdc_reply("Installationen er gennemført og testet.", NOW)["kind"] == "installed"
    assert read_tdc_reply("We would like a coordination meeting first.", NOW)["kind"] == "coordination_meeting"
    assert read_tdc_reply("Hvilken adresse skal udstyret leveres til?\n", NOW)["kind"] == "question"
    quoted = ("Tak, vi vender tilbage.\n\n-----Original Message-----\nFra: MedCom\n"
              "Installation ønskes 14. januar 2027 kl. 9. Udstyret er afsendt?")
    assert read_tdc_reply(quoted, NOW) == {"kind": "unknown", "when": None}


@pytest.mark.parametrize("subject, when", [
    ("SV: [SDN-2026-0042] Installation hos Egelev Kommune mandag den 14. december 2026 kl. 09.00",
     "2026-12-14T09:00:00+01:00"),
    ("SV: SV: [SDN-2026-0042] Installationsdato 3. februar 2027 kl. 10.30", "2027-02-03T10:30:00+01:00"),
    ("RE: [SDN-2026-0042] Installation date 03 February 2027 at 10:30", "2027-02-03T10:30:00+01:00"),
])
def test_an_installation_date_in_the_subject_alone(subject: str, when: str) -> None:
    body = "Hej MedCom\n\nSe emnefeltet.\n\nMed venlig hilsen\nTDC Erhverv Levering"
    assert read_tdc_reply(body, NOW, subject) == {"kind": "installation_date", "when": when}
    assert read_tdc_reply(body, NOW)["kind"] == "unknown"  # the subject is read only where the caller gives it


def test_the_subject_is_read_alone_and_only_when_the_body_says_nothing() -> None:
    # our reminder's subject names the installation date; the body's date is when TDC received the order
    reminder = "SV: [SDN-2026-0042] Påmindelse: installationsdato for SDN-tilslutning af Egelev Kommune"
    assert read_tdc_reply("Vi modtog bestillingen den 3. december 2026 og vender tilbage.", NOW, reminder) == {
        "kind": "unknown", "when": None}
    # our order's subject, its CVR and reference are no date
    order = "SV: [SDN-2026-0042] Bestilling af SDN-tilslutning: Egelev Kommune (CVR 29189919)"
    assert read_tdc_reply("Tak.", NOW, order) == {"kind": "unknown", "when": None}
    # the body's own news wins over a subject
    assert read_tdc_reply("Udstyret er afsendt i dag.", NOW, "SV: Installation 14. januar 2027 kl. 9")[
        "kind"] == "equipment_shipped"


def test_staff_commands() -> None:
    assert read_staff_command("\n  GODKEND\n\nAnne") == {"command": "approve", "argument": ""}
    assert read_staff_command("approve") == {"command": "approve", "argument": ""}
    rej = read_staff_command("AFVIS Ingen dansk samarbejdspart.\nSe referat.\n\nAnne\n\n> citat\n> AFVIS x")
    assert rej == {"command": "reject", "argument": "Ingen dansk samarbejdspart.\nSe referat."}
    assert read_staff_command("Note: ringede til Eva") == {"command": "note", "argument": "ringede til Eva"}
    assert read_staff_command("pause")["command"] == "hold"
    assert read_staff_command("GENOPTAG")["command"] == "resume"
    assert read_staff_command("Hej, kan I godkende?") is None
    assert read_staff_command("") is None


def _slow(_: bytes) -> Reading:
    time.sleep(120)
    return Reading()


def _boom(_: bytes) -> Reading:
    raise RuntimeError("boom")


def test_bounded_runner_limits() -> None:
    t0 = time.monotonic()
    out = _run(_slow, (b"",), 0.5, 512, False, None)
    assert time.monotonic() - t0 < 60  # the reader was stopped, not waited for (it would take 120 s)
    assert out.msg.problems[0].code == "timeout" and out.documents == []
    crashed = _run(_boom, (b"",), 5, 512, True, "x.pdf")
    assert crashed.documents[0].problems[0].code == "parse_error"
    big = read_mail_bounded(b"x" * 2000, max_bytes=1000).as_json()
    assert big["message"]["problems"][0]["code"] == "too_large"
    ok = read_mail_bounded(b"From: a@b.example\r\nSubject: [SDN-2026-0001] x\r\n\r\nHej\r\n").as_json()
    assert ok["message"]["case_ref"] == "SDN-2026-0001"
