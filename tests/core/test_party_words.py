"""Every mail the machine can send a party, over every kind of reading, state and staff action (issue 22):
no mail says something is missing, wrong or unsigned without positive evidence, a field found empty is
asked for exactly, and no request or reminder asks for what the party sent but the bot could not read or
is unsure of. Enumerated, not sampled: the readings are the few kinds of evidence there are.

Mails the party may get and what they rest on (the audit): the starter pack (an inquiry whose files, if any,
were all read and recognised); agreements_incomplete (every problem certain, every attachment read, no earlier
mail waiting for a person); steering_group_pending and forwarded_to_tdc (agreements or form judged complete,
or a person's APPROVE); information_form_request (everything the party sent read, no form among it, or a
person's APPROVE after being told); clarification (the form's problems certain and everything beside it
read); a reminder (the case waits on the party and no person is to read anything first, nothing unread kept);
installation_confirmed and connected (TDC's word); rejected (a person's REJECT only)."""
from __future__ import annotations

import itertools
from typing import Any

import pytest

from mailbot.core.certainty import ABSENCE, DOUBT
from mailbot.core.events import PartyMail, StaffCommand, Tick
from mailbot.core.machine import decide
from mailbot.core.readings import Problem
from mailbot.core.states import State
from mailbot.wording import missing_documents

from .helpers import SETTINGS, UNSIGNED, agreement, at, case, empty, form, party_mail, unfound

NOW = at("2026-11-16T10:00:00")
LATER = at("2026-12-14T10:00:00")  # past every reminder's working days
CA, DPA, FORM = "connection_agreement", "data_processor_agreement", "information_form"
SCAN = {"code": "uncertain", "message": "The document is a scan (page 1 read by OCR)"}
POSITIVE = {"found_empty", "confirmed", "invalid"}


def _doc(d: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return {**d, **kw}


def _form_without(field: str, problem: dict[str, Any]) -> dict[str, Any]:
    f = form(problems=[problem])
    f["fields"][field] = [] if field == "ip_scopes" else None
    return f


# (name, documents, whether the reading is sure of each of them)
AGREEMENTS: dict[str, list[dict[str, Any]]] = {
    "none": [],
    "ca": [agreement(CA)],
    "both": [agreement(CA), agreement(DPA)],
    "unsigned_empty": [agreement(CA, signed=False, problems=[UNSIGNED]), agreement(DPA)],
    "unsigned_unfound": [agreement(CA, signed=False, problems=[dict(UNSIGNED, evidence="not_found")]),
                         agreement(DPA)],
    "unsigned_no_evidence": [agreement(CA, signed=False, problems=[{"code": "not_signed", "message": "?"}]),
                             agreement(DPA)],
    "scan": [_doc(agreement(CA, problems=[SCAN]), ocr=True), agreement(DPA)],
    "field_doubt": [agreement(CA, problems=[{"code": "uncertain", "field": "cvr", "message": "cvr?"}]),
                    agreement(DPA)],
}
FORMS: dict[str, list[dict[str, Any]]] = {
    "none": [],
    "ok": [form()],
    "ip_empty": [_form_without("ip_scopes", empty("ip_scopes"))],
    "ip_unfound": [_form_without("ip_scopes", unfound("ip_scopes"))],
    "ip_no_evidence": [_form_without("ip_scopes", {"code": "missing_field", "field": "ip_scopes", "message": "?"})],
    "ip_doubt": [form(problems=[{"code": "uncertain", "field": "ip_scopes", "message": "ip?"}])],
    "scan": [_doc(form(problems=[SCAN]), ocr=True)],
    "address_empty": [_form_without("installation_address", empty("installation_address"))],
    # two readings of the form disagree on its CVR (the text layer and the picture): disputed, not wrong
    "cvr_disputed": [form(cvr="29189847", problems=[{"code": "invalid_cvr", "field": "cvr", "evidence": "disagree",
                                                     "message": "the CVR reads two ways"}])],
}
UNREAD_DOC = {"filename": "bilag.pdf", "kind": "unknown", "fields": {},
              "problems": [{"code": "unreadable", "message": "could not be read"}]}
UNKNOWN_DOC = {"filename": "brev.pdf", "kind": "unknown", "fields": {},
               "problems": [{"code": "unknown_document", "message": "none of the documents"}]}
DOC_FILE = Problem.model_validate({"code": "unsupported_attachment", "filename": "skema.doc",
                                   "message": "skema.doc: a Word 97 file"})
EXTRAS: dict[str, tuple[list[dict[str, Any]], tuple[Problem, ...]]] = {
    "none": ([], ()), "unreadable": ([UNREAD_DOC], ()), "unknown": ([UNKNOWN_DOC], ()), "doc_file": ([], (DOC_FILE,)),
}
EMPTIED = {"ip_empty": "ip_scopes", "address_empty": "installation_address"}
STATES = {
    State.INQUIRY: {},
    State.AWAITING_AGREEMENTS: {"waiting_since": NOW, "waiting_for": "starter_pack"},
    State.AWAITING_STEERING_GROUP: {"party_type": "foreign", "waiting_since": NOW,
                                    "waiting_for": "steering_group_pending"},
    State.AWAITING_INFORMATION_FORM: {"waiting_since": NOW, "waiting_for": "information_form_request"},
    State.CLARIFICATION: {"waiting_since": NOW, "waiting_for": "clarification"},
}
ACTIONS = ("none", "approve", "resume")


def _mail(agreements: str, form_: str, extra: str) -> PartyMail:
    docs, problems = EXTRAS[extra]
    m = party_mail(*AGREEMENTS[agreements], *FORMS[form_], *docs)
    return PartyMail(**{**m.__dict__, "problems": problems})


def _sure_of(what: str, agreements: str, form_: str, extra: str) -> bool:
    """Everything the party sent was read, and the reading doubts none of `what` (the agreements, the form,
    or both): a doubt about the form says nothing of an agreement's signature, an unread file says something
    of every document."""
    sure_agreements = agreements not in {"scan", "field_doubt"}
    sure_form = form_ not in {"ip_doubt", "scan", "cvr_disputed"}
    return extra == "none" and {"agreements": sure_agreements, "form": sure_form,
                                "all": sure_agreements and sure_form}[what]


def _check(mail: Any, agreements: str, form_: str, extra: str, staff: bool) -> None:
    step, ctx = str(mail.step), mail.context
    if step in {"agreements_incomplete", "clarification"}:
        what = "agreements" if step == "agreements_incomplete" else "form"
        assert _sure_of(what, agreements, form_, extra), f"{step} while the reading was unsure"
        for p in ctx.get("problems") or []:
            assert p.get("evidence") not in DOUBT, f"{step} says {p['code']} on {p.get('evidence')}"
            if p["code"] in ABSENCE:
                assert p.get("evidence") in POSITIVE, f"{step} says {p['code']} on {p.get('evidence')}"
    if step == "agreements_incomplete":
        sent = {d["kind"] for d in AGREEMENTS[agreements]}
        missing = missing_documents(ctx["required_documents"], ctx["received_documents"], ctx["problems"])
        assert not sent & set(missing), f"{missing} said missing, sent {sent}"
    if step == "clarification" and form_ in {"ip_empty", "address_empty"}:
        (asked,) = ctx["problems"]  # a field found empty: exactly that field is asked for
        assert asked["code"] == "missing_field" and (asked.get("fields") or [asked.get("field")]) == [EMPTIED[form_]]
    if step == "information_form_request":
        assert (extra == "none" and agreements != "scan") or staff, "the form asked for beside a file not read"
        assert form_ == "none", "the form asked for when the party had sent one"
    if step == "starter_pack":
        assert extra == "none" or staff, "the starter pack asks for what may be in a file not read"
    if step == "reminder":
        about = ctx.get("reminder_for")
        what = ("agreements" if about in {"starter_pack", "agreements_incomplete"} else
                "form" if about in {"information_form_request", "clarification"} else "all")
        assert _sure_of(what, agreements, form_, extra) or staff, (
            f"a reminder ({about}) for what the party sent but the bot could not read or was unsure of")
    assert step != "rejected"


CASES = list(itertools.product(STATES, AGREEMENTS, FORMS, EXTRAS, ACTIONS))


@pytest.mark.parametrize("state", list(STATES))
def test_no_party_mail_without_evidence(state: State) -> None:
    for _, agreements, form_, extra, action in (c for c in CASES if c[0] == state):
        c = case(state, **STATES[state])
        d1 = decide(c, _mail(agreements, form_, extra), NOW, SETTINGS)
        runs = [(d1, False)]
        after = d1.case
        if action != "none":
            d2 = decide(after, StaffCommand("staff@medcom.example", action), NOW, SETTINGS)
            runs.append((d2, True))
            after = d2.case
        runs.append((decide(after, Tick(), LATER, SETTINGS), action != "none"))
        for d, staff in runs:
            for m in d.mails:
                if m.role == "party":
                    try:
                        _check(m, agreements, form_, extra, staff)
                    except AssertionError as err:
                        raise AssertionError(f"{state} {agreements}/{form_}/{extra} then {action}: {err}") from err


def test_a_field_found_empty_is_asked_for_and_nothing_else() -> None:
    for name in ("ip_empty", "address_empty"):
        c = case(State.AWAITING_INFORMATION_FORM, **STATES[State.AWAITING_INFORMATION_FORM])
        d = decide(c, _mail("none", name, "none"), NOW, SETTINGS)
        assert [str(m.step) for m in d.mails if m.role == "party"] == ["clarification"]


# the agreements in two mails (one first, the other in reply), with staff acting in between or not
FIRST: dict[str, tuple[list[dict[str, Any]], tuple[Problem, ...]]] = {
    "ca": ([agreement(CA)], ()), "ca_beside_doc": ([agreement(CA)], (DOC_FILE,)),
    "ca_scan": ([_doc(agreement(CA, problems=[SCAN]), ocr=True)], ()), "unknown": ([UNKNOWN_DOC], ()),
}
SECOND: dict[str, tuple[list[dict[str, Any]], tuple[Problem, ...]]] = {
    "dpa": ([agreement(DPA)], ()), "dpa_beside_doc": ([agreement(DPA)], (DOC_FILE,)),
    "dpa_unsigned": ([agreement(DPA, signed=False, problems=[UNSIGNED])], ()),
    "dpa_scan": ([_doc(agreement(DPA, problems=[SCAN]), ocr=True)], ()), "nothing": ([], ()),
}


def _sent(docs: list[dict[str, Any]], problems: tuple[Problem, ...]) -> PartyMail:
    m = party_mail(*docs)
    return PartyMail(**{**m.__dict__, "problems": problems})


@pytest.mark.parametrize("first", list(FIRST))
def test_agreements_in_two_mails_are_never_called_missing_when_sent(first: str) -> None:
    for second, action in itertools.product(SECOND, ("none", "resume", "approve")):
        c = case(State.AWAITING_AGREEMENTS, **STATES[State.AWAITING_AGREEMENTS])
        d1 = decide(c, _sent(*FIRST[first]), NOW, SETTINGS)
        after = d1.case
        staff = action != "none"
        if staff:
            after = decide(after, StaffCommand("staff@medcom.example", action), NOW, SETTINGS).case
        d2 = decide(after, _sent(*SECOND[second]), NOW, SETTINGS)
        tick = decide(d2.case, Tick(), LATER, SETTINGS)
        sure_first = first == "ca"
        # what a person settled (RESUME: dealt with; APPROVE: in order) is staff's word on the first mail
        sent = {d["kind"] for d in (SECOND[second][0] if staff else FIRST[first][0] + SECOND[second][0])}
        for d in (d2, tick):
            for m in (m for m in d.mails if m.role == "party"):
                where = f"{first} then {action} then {second}: {m.step}"
                if m.step == "agreements_incomplete":
                    ctx = m.context
                    assert sure_first or staff, where
                    assert second in {"dpa_unsigned", "nothing"} or staff, where
                    assert not SECOND[second][1], where
                    missing = missing_documents(ctx["required_documents"], ctx["received_documents"], ctx["problems"])
                    assert not sent & set(missing), f"{where} calls {missing} missing"
                    for p in ctx["problems"]:
                        assert p["code"] not in ABSENCE or p.get("evidence") in POSITIVE, where
                if m.step == "information_form_request":
                    assert (sure_first and not SECOND[second][1]) or staff, where
                if m.step == "reminder":
                    assert (sure_first and second in {"dpa", "dpa_unsigned", "nothing"}) or staff, where
