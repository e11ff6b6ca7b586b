"""Outgoing mail templates: every step renders in both languages and says what it must say."""
from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import jinja2
import pytest

from mailbot.pipeline.digest import digest_view
from mailbot.templating import (
    STEPS,
    TEMPLATE_DIR,
    RenderedMail,
    available_steps,
    render_mail,
)
from mailbot.wording import longdate, problem_text

CONTRACT_STEPS = [
    "starter_pack", "agreements_incomplete", "steering_group_pending", "rejected",
    "information_form_request", "clarification", "tdc_order", "forwarded_to_tdc",
    "installation_confirmed", "connected", "reminder", "staff_notice", "staff_digest",
]
PARTY_STEPS = [s for s in CONTRACT_STEPS if s not in ("tdc_order", "staff_notice", "staff_digest")]
RECIPIENTS = {
    "party": {"name": "Anna Jensen", "email": "anna@aalborg.dk", "role": "party"},
    "tdc": {"name": None, "email": "sdn-levering@tdc.dk", "role": "tdc"},
    "staff": {"name": None, "email": "staff@medcom.dk", "role": "staff"},
}


def make_context(step: str, lang: str = "da", **overrides: Any) -> dict[str, Any]:
    """A realistic context, as the render stage supplies it, for a municipality mid-process."""
    role = "tdc" if step == "tdc_order" else "staff" if step.startswith("staff_") else "party"
    case = {
        "ref": "SDN-2026-0042",
        "organisation": "Aalborg Kommune",
        "cvr": "29189420",
        "party_type": "municipality",
        "umbrella": None,
        "state": "awaiting_agreements",
        "installation_at": datetime(2027, 1, 14, 9, 0),
        "ip_scopes": ["10.20.0.0/24", "10.21.4.0/22"],
        "installation_address": {"street": "Boulevarden 13", "postcode": "9000", "city": "Aalborg"},
        "org_contact": {"name": "Anna Jensen", "email": "anna@aalborg.dk", "phone": "+4512345678"},
        "technical_contacts": [{"name": "Bo Nielsen", "email": "bo@aalborg.dk", "phone": "+4587654321"}],
        "contacts": [
            {"name": "Anna Jensen", "email": "anna@aalborg.dk", "phone": "+4512345678", "role": "org_contact"},
        ],
    }
    context: dict[str, Any] = {
        "lang": lang,
        "step": step,
        "case": case,
        "recipient": dict(RECIPIENTS[role]),
        "required_documents": ["connection_agreement", "data_processor_agreement"],
        "received_documents": ["connection_agreement"],
        "problems": [],
        "attachments": [],
        "reason": None,
        "reminder_for": None,
        "reminder_number": 1,
        "medcom": {"address": "sdn@medcom.dk", "name": "MedCom", "phone": "(+45) 6543 2030"},
        "tdc_kind": None,
        "notice": {
            "kind": "steering_group",
            "summary": "Udenlandsk part med godkendte aftaler afventer styregruppen.",
            "details": ["Aftaler modtaget 2026-11-18"],
            "from": None,
            "subject": None,
        },
        "digest": {
            "generated_at": datetime(2026, 11, 20, 7, 0),
            "since": datetime(2026, 11, 19, 7, 0),
            "counts": {"connected": 4, "awaiting_agreements": 2},
            "changes": [{"ref": "SDN-2026-0042", "organisation": "Aalborg Kommune", "from_state": "inquiry",
                         "to_state": "awaiting_agreements", "at": datetime(2026, 11, 19, 10, 31)}],
            "waiting": [{"ref": "SDN-2026-0039", "organisation": "Apoteket Nord", "state": "awaiting_agreements",
                         "waiting_on": "party", "since": datetime(2026, 11, 2, 9, 0), "working_days": 13}],
            "attention": [{"ref": "SDN-2026-0031", "organisation": "Region Nordjylland",
                           "reason": "Påmindelser opbrugt"}],
            "upcoming": [{"ref": "SDN-2026-0028", "organisation": "Region Midtjylland",
                          "installation_at": datetime(2027, 1, 14, 9, 0)}],
            "unmatched": [{"from": "info@example.com", "subject": "Spørgsmål om SDN",
                           "received_at": datetime(2026, 11, 19, 12, 5), "reason": "intet sagsnummer"}],
        },
    }
    if step == "agreements_incomplete":
        context["problems"] = [
            {"code": "not_signed", "message": "not signed", "document_kind": "data_processor_agreement",
             "filename": "DBA underskrevet.pdf"},
            {"code": "invalid_cvr", "message": "bad cvr", "document_kind": "connection_agreement",
             "detail": "12345678"},
        ]
        context["received_documents"] = []
    if step == "clarification":
        context["problems"] = [
            {"code": "missing_field", "message": "no tech contact", "field": "technical_contacts",
             "document_kind": "information_form"},
            {"code": "ip_scope_overlap", "message": "overlaps Region Nordjylland's 10.20.0.0/16",
             "field": "ip_scopes", "detail": "10.20.0.0/24"},
        ]
    if step == "reminder":
        context["reminder_for"] = "information_form_request"
        context["reminder_number"] = 2
    if step == "rejected":
        context["reason"] = "Formålet med tilslutningen er ikke beskrevet."
    context.update(overrides)
    if step == "staff_digest":  # the render stage adds the digest's view of its facts, as here
        context["view"] = digest_view(context["digest"])
    return context


def flat(text: str | None) -> str:
    """Whitespace collapsed: the text body is wrapped, so a phrase may span lines."""
    return " ".join((text or "").split())


def render(step: str, lang: str = "da", **overrides: Any) -> RenderedMail:
    return render_mail(step, lang, make_context(step, lang, **overrides))


def with_case(step: str, lang: str = "da", **case_changes: Any) -> RenderedMail:
    context = make_context(step, lang)
    context["case"].update(case_changes)
    return render_mail(step, lang, context)


# --------------------------------------------------------------------------- every step, both languages

@pytest.mark.parametrize("lang", ["da", "en"])
def test_available_steps_are_exactly_the_contract_steps(lang: str) -> None:
    assert available_steps() == CONTRACT_STEPS
    assert list(STEPS) == CONTRACT_STEPS
    files = {p.name[: -len(".txt.j2")] for p in (TEMPLATE_DIR / lang).glob("*.txt.j2")
             if not p.name.startswith("_")}
    assert files == set(CONTRACT_STEPS)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("step", CONTRACT_STEPS)
def test_every_step_renders(step: str, lang: str) -> None:
    mail = render(step, lang)
    assert mail.subject.strip()
    assert "[SDN-" not in mail.subject
    assert "\n" not in mail.subject
    assert mail.text.strip()
    if step != "staff_digest":
        assert "SDN-2026-0042" in flat(mail.text)  # the reference the reply must keep
    if step in PARTY_STEPS:
        signature = "Med venlig hilsen" if lang == "da" else "Kind regards"
        assert signature in mail.text and "(+45) 6543 2030" in mail.text and "sdn@medcom.dk" in mail.text
        assert ("sendt automatisk" if lang == "da" else "sent automatically") in flat(mail.text)
    if step in PARTY_STEPS or step == "staff_digest":
        assert mail.html is not None and mail.html.lstrip().startswith("<!DOCTYPE html>")
    else:
        assert mail.html is None
    assert all(len(line) <= 100 for line in mail.text.splitlines() if " " in line.strip())


@pytest.mark.parametrize("lang", ["da", "en"])
def test_danish_and_english_differ(lang: str) -> None:
    other = "en" if lang == "da" else "da"
    assert render("starter_pack", lang).text != render("starter_pack", other).text


# --------------------------------------------------------------------------- language

def test_unknown_language_falls_back_to_danish() -> None:
    danish = render("starter_pack", "da")
    for language in ("fr", "", "xx-YY"):
        mail = render_mail("starter_pack", language, make_context("starter_pack", language))
        assert mail == danish
    assert "Kære Anna Jensen" in danish.text


def test_regional_language_codes_are_understood() -> None:
    assert render_mail("connected", "en-GB", make_context("connected")).text.startswith("Dear Anna Jensen")


def test_unknown_step_raises_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="no_such_step"):
        render_mail("no_such_step", "da", make_context("starter_pack"))


def test_missing_context_key_fails_loudly() -> None:
    context = make_context("starter_pack")
    del context["medcom"]
    with pytest.raises(jinja2.UndefinedError):
        render_mail("starter_pack", "da", context)
    context = make_context("tdc_order")
    del context["case"]["ip_scopes"]
    with pytest.raises((KeyError, jinja2.UndefinedError)):
        render_mail("tdc_order", "da", context)


def test_caller_context_is_not_modified() -> None:
    context = make_context("starter_pack", "xx")
    before = copy.deepcopy(context)
    render_mail("starter_pack", "xx", context)
    assert context == before


# --------------------------------------------------------------------------- starter pack facts

def test_starter_pack_lists_the_agreements_and_the_controller_version() -> None:
    mail = render("starter_pack", "da", attachments=["Tilslutningsaftale.pdf", "Databehandleraftale.pdf"])
    assert "- Tilslutningsaftale\n" in mail.text
    assert "- Databehandleraftale\n" in mail.text
    assert "- Underdatabehandleraftale" not in flat(mail.text)
    assert "dataansvarlige" in flat(mail.text)
    assert "Tilslutningsaftale.pdf" in flat(mail.text)
    assert "forhåndsgodkendt" in flat(mail.text)
    assert "TDC Erhverv" in flat(mail.text) and "informationsskema" in flat(mail.text)


def test_starter_pack_names_the_sub_processor_version_for_a_supplier() -> None:
    context = make_context("starter_pack", "en",
                           required_documents=["connection_agreement", "sub_data_processor_agreement"])
    context["case"]["party_type"] = "it_supplier"
    mail = render_mail("starter_pack", "en", context)
    assert "- Sub-data Processor Agreement\n" in mail.text
    assert "- Data Processor Agreement\n" not in mail.text
    assert "As you are a data processor" in flat(mail.text)
    assert "As you are a data controller" not in flat(mail.text)


@pytest.mark.parametrize("lang,exempt_phrase", [
    ("da", "skal I ikke indgå en separat tilslutningsaftale"),
    ("en", "you do not need a separate Connection Agreement"),
])
def test_umbrella_exemption_only_when_umbrella_is_set(lang: str, exempt_phrase: str) -> None:
    plain = render("starter_pack", lang)
    assert exempt_phrase not in flat(plain.text)
    assert plain.html is not None and exempt_phrase not in flat(plain.html)

    context = make_context("starter_pack", lang, required_documents=["data_processor_agreement"])
    context["case"]["umbrella"] = "KMD"
    exempt = render_mail("starter_pack", lang, context)
    assert exempt_phrase in flat(exempt.text)
    assert exempt.html is not None and exempt_phrase in flat(exempt.html)
    assert "KMD" in flat(exempt.text)
    # the Data Processor Agreement is still required
    assert ("Databehandleraftale" if lang == "da" else "Data Processor Agreement") in flat(exempt.text)
    assert ("stadig underskrives" if lang == "da" else "still sign") in flat(exempt.text)


def test_umbrella_with_provider_name() -> None:
    context = make_context("starter_pack", "da", required_documents=["data_processor_agreement"])
    context["case"].update(umbrella="WebPatient A/S", party_type="practitioner")
    mail = render_mail("starter_pack", "da", context)
    assert "aftalen mellem WebPatient A/S og MedCom" in flat(mail.text)


def test_foreign_party_is_told_about_the_steering_group() -> None:
    mail = with_case("starter_pack", "en", party_type="foreign")
    assert "steering group" in flat(mail.text)
    assert "so your connection needs no separate approval" not in flat(mail.text)


# --------------------------------------------------------------------------- problems and missing documents

def test_agreements_incomplete_names_each_problem_and_missing_document() -> None:
    problems = [
        {"code": "not_signed", "message": "x", "document_kind": "data_processor_agreement", "filename": "dba.pdf"},
        {"code": "missing_field", "message": "x", "field": "signature_date", "document_kind": "connection_agreement"},
        {"code": "mismatch", "message": "x", "field": "cvr"},
    ]
    mail = render("agreements_incomplete", "da", problems=problems, received_documents=[],
                  required_documents=["connection_agreement", "data_processor_agreement"])
    assert "Databehandleraftalen (dba.pdf) er ikke underskrevet." in flat(mail.text)
    assert "Tilslutningsaftalen mangler dato for underskriften." in flat(mail.text)
    assert "CVR-nummeret er ikke ens" in flat(mail.text)
    assert "Vi mangler stadig" not in flat(mail.text)  # both documents arrived, with faults

    only_one = render("agreements_incomplete", "en", problems=[], received_documents=["connection_agreement"])
    assert "We are still missing:\n\n- Data Processor Agreement, filled in and signed" in only_one.text


def test_missing_document_problem_is_listed_as_missing() -> None:
    problems = [{"code": "missing_document", "message": "x", "document_kind": "data_processor_agreement"}]
    mail = render("agreements_incomplete", "da", problems=problems, required_documents=[],
                  received_documents=["connection_agreement"])
    assert "- Databehandleraftale, udfyldt og underskrevet" in flat(mail.text)


def test_clarification_asks_precise_questions_and_never_names_the_other_party() -> None:
    for lang in ("da", "en"):
        mail = render("clarification", lang)
        assert "10.20.0.0/24" in flat(mail.text)
        assert "Region Nordjylland" not in flat(mail.text)
        assert mail.html is not None and "Region Nordjylland" not in flat(mail.html)
        assert "1. " in flat(mail.text) and "2. " in flat(mail.text)
    assert "Hvem er jeres tekniske kontaktperson" in render("clarification", "da").text


@pytest.mark.parametrize("code", [
    "not_signed", "missing_field", "invalid_cvr", "mismatch", "wrong_template", "unreadable", "encrypted",
    "invalid_ip_scope", "ip_scope_overlap", "invalid_email", "invalid_phone", "too_large", "missing_document",
    "timeout", "parse_error",
])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_problem_text_covers_every_code(code: str, lang: str) -> None:
    problem = {"code": code, "message": "RAW-MESSAGE", "field": "cvr", "document_kind": "connection_agreement",
               "filename": "aftale.pdf", "detail": "10.1.0.0/16"}
    text = problem_text(problem, lang)
    assert text and text[0].isupper() and text.endswith(".")
    assert "RAW-MESSAGE" not in text  # a known code is explained in our own words
    assert "_" not in text  # no raw codes or field names leak into the mail


def test_problem_text_field_words_and_fallback() -> None:
    assert "installationsadresse" in problem_text(
        {"code": "missing_field", "message": "x", "field": "installation_address"}, "da")
    ip_scopes = {"code": "missing_field", "message": "x", "field": "ip_scopes"}
    assert "The SDN IP scope (networks in CIDR form" in problem_text(ip_scopes, "en")
    assert problem_text({"code": "brand_new", "message": "Something odd happened"}, "da") == \
        "Something odd happened."
    overlap = problem_text({"code": "ip_scope_overlap", "message": "overlaps Region Syddanmark",
                            "detail": "10.9.0.0/16"}, "da")
    assert "10.9.0.0/16" in overlap and "Syddanmark" not in overlap


# --------------------------------------------------------------------------- dates

def test_longdate_in_both_languages() -> None:
    when = datetime(2027, 1, 14, 9, 0)
    assert longdate(when, lang="da") == "14. januar 2027 kl. 09.00"
    assert longdate(when, lang="en") == "14 January 2027 at 09:00"
    assert longdate(date(2027, 5, 3), lang="da") == "3. maj 2027"
    assert longdate(date(2027, 5, 3), lang="en") == "3 May 2027"
    assert longdate("2027-10-01", lang="da") == "1. oktober 2027"


def test_installation_confirmed_states_the_date_and_remote_only() -> None:
    da = render("installation_confirmed", "da")
    assert "14. januar 2027 kl. 09.00" in da.subject
    assert "14. januar 2027 kl. 09.00" in flat(da.text)
    assert "fjernadgang" in flat(da.text) and "lokal netværkskompetence" in flat(da.text)
    assert "opsætningsvejledning" in flat(da.text)
    assert da.html is not None and "14. januar 2027 kl. 09.00" in flat(da.html)
    en = render("installation_confirmed", "en")
    assert "14 January 2027 at 09:00" in flat(en.text) and "remotely only" in flat(en.text)


# --------------------------------------------------------------------------- TDC, staff, digest

def test_tdc_order_carries_the_case_data() -> None:
    context = make_context("tdc_order", attachments=["Informationsskema SDN-2026-0042.pdf"])
    context["case"]["umbrella"] = "KMD"
    mail = render_mail("tdc_order", "da", context)
    for expected in ("Aalborg Kommune", "29189420", "Kommune", "KMD", "Bo Nielsen", "bo@aalborg.dk",
                     "10.20.0.0/24", "10.21.4.0/22", "Boulevarden 13, 9000 Aalborg", "SDN-2026-0042",
                     "Informationsskema SDN-2026-0042.pdf", "installationsdato"):
        assert expected in flat(mail.text), expected
    assert mail.text.startswith("Kære TDC Erhverv,")


def test_reminder_to_tdc_asks_for_an_installation_date() -> None:
    context = make_context("reminder", reminder_for="tdc_order", recipient=dict(RECIPIENTS["tdc"]))
    mail = render_mail("reminder", "da", context)
    assert "installationsdato" in flat(mail.text) and "Påmindelse nr. 2" in mail.subject


def test_reminder_for_agreements_names_what_is_missing() -> None:
    mail = render("reminder", "en", reminder_for="starter_pack", reminder_number=1, received_documents=[])
    assert mail.subject.startswith("Reminder:")
    assert "- Connection Agreement, filled in and signed" in flat(mail.text)
    assert "- Data Processor Agreement, filled in and signed" in flat(mail.text)


def test_connected_for_staff_differs_from_party() -> None:
    party = render("connected", "da")
    staff = render("connected", "da", recipient=dict(RECIPIENTS["staff"]))
    assert "Velkommen" in flat(party.text) and "Velkommen" not in flat(staff.text)
    assert "afsluttet" in flat(staff.text)


@pytest.mark.parametrize("lang,approve", [("da", "GODKEND"), ("en", "APPROVE")])
def test_staff_notice_tells_the_human_what_to_do(lang: str, approve: str) -> None:
    mail = render("staff_notice", lang)
    assert "Udenlandsk part med godkendte aftaler afventer styregruppen." in flat(mail.text)
    assert approve in flat(mail.text) and "HOLD" in flat(mail.text) and "RESUME" in flat(mail.text)
    assert "SDN-2026-0042" in flat(mail.text)


@pytest.mark.parametrize("lang, headings, commands", [
    ("da", ("DET SÅ BOTTEN", "BOTTEN FORESLÅR", "SÅDAN SVARER DU"), ("GODKEND", "AFVIS <begrundelse til parten>")),
    ("en", ("WHAT THE BOT SAW", "WHAT THE BOT PROPOSES", "HOW TO ANSWER"),
     ("APPROVE", "REJECT <reason for the party>")),
])
def test_staff_notice_says_what_was_seen_proposed_and_how_to_answer(lang: str, headings: tuple[str, ...],
                                                                    commands: tuple[str, ...]) -> None:
    text = render("staff_notice", lang).text
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)  # seen, then proposed, then how to answer
    assert "Aftaler modtaget 2026-11-18" in text[positions[0]:positions[1]]  # what the bot saw
    answer = text[positions[2]:]
    for command in commands:  # the exact first lines to write, each on its own line
        assert f"\n    {command}\n" in answer, command
    assert "[SDN-2026-0042]" in answer


def test_unreadable_document_notice_proposes_qualifying_the_form_by_hand() -> None:
    notice = {"kind": "needs_attention", "summary": "The party answered without a corrected form",
              "details": ["Informationsskema.pdf could not be read: encrypted"], "from": "bo@aalborg.dk",
              "subject": "SV: informationsskema"}
    context = make_context("staff_notice", notice=notice)
    context["case"]["state"] = "clarification"
    text = render_mail("staff_notice", "da", context).text
    assert "Informationsskema.pdf could not be read: encrypted" in text and "bo@aalborg.dk" in text
    assert "\n    GODKEND\n" in text and "\n    RESUME\n" in text
    context["case"]["state"] = "awaiting_agreements"
    assert "\n    GODKEND\n" not in render_mail("staff_notice", "da", context).text


def test_staff_notice_without_a_case() -> None:
    context = make_context("staff_notice", "en", case=None,
                           notice={"kind": "mailbox_outage", "summary": "IMAP login failed.", "details": [],
                                   "from": None, "subject": None})
    mail = render_mail("staff_notice", "en", context)
    assert mail.subject == "Mailbox unreachable"
    assert "IMAP login failed." in flat(mail.text)


def test_digest_lists_everything_in_both_formats() -> None:
    mail = render("staff_digest", "da", case=None)
    assert mail.subject == "Dagligt overblik over SDN-sager 20. november 2026"
    text = flat(mail.text)
    assert text.index("Afventer aftaler") < text.index("Tilsluttet")  # process order, not dict order
    for expected in ("SDN-2026-0031", "Påmindelser opbrugt", "SDN-2026-0039", "13 arbejdsdage",
                     "14. januar 2027 kl. 09.00", "info@example.com", "intet sagsnummer"):
        assert expected in text, expected
    assert mail.html is not None and "<table" in flat(mail.html) and ">13</strong></td>" in flat(mail.html)


def test_html_escapes_the_organisation_name() -> None:
    hostile = "<script>alert('x')</script> & Co"
    for step in ("starter_pack", "connected", "agreements_incomplete"):
        context = make_context(step)
        context["case"]["organisation"] = hostile
        mail = render_mail(step, "da", context)
        assert mail.html is not None
        assert "<script>" not in flat(mail.html)
        assert "&lt;script&gt;" in flat(mail.html)
        assert hostile in flat(mail.text)  # plain text is not escaped
    context = make_context("staff_digest")
    context["digest"]["attention"][0]["organisation"] = hostile
    html = render_mail("staff_digest", "en", context).html
    assert html is not None and "<script>" not in html and "&lt;script&gt;" in html


def test_subject_never_spans_lines() -> None:
    context = make_context("tdc_order")
    context["case"]["organisation"] = "Aalborg\nKommune\r\nBcc: evil@example.com"
    subject = render_mail("tdc_order", "da", context).subject
    assert "\n" not in subject and "\r" not in subject


def test_aware_datetimes_are_shown_in_danish_time() -> None:
    utc = datetime(2027, 1, 14, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen (CET)
    assert longdate(utc, lang="da") == "14. januar 2027 kl. 09.00"
    assert longdate(None, lang="en") == "not yet set"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_staff_notice_links_to_the_case_page_only_when_the_web_view_has_an_address(lang: str) -> None:
    ref = make_context("staff_notice", lang)["case"]["ref"]
    linked = render("staff_notice", lang, web_url="https://sdn-bot.medcom.example")
    assert f"https://sdn-bot.medcom.example/case/{ref}" in linked.text
    assert "/case/" not in render("staff_notice", lang).text
    assert "/case/" not in render("staff_notice", lang, web_url=None).text
