"""The staff view's words: English source strings here, each language's in mailbot/locale's catalogs.

Templates ask for a word by its key (``t("queue")``); the key names the source string below, and the
catalog of the page's language says it (a language without a catalog gets the default's).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypedDict

from pydantic import ValidationError

from ..core import i18n
from ..core.i18n import Np_
from ..core.labels import FIELD_LABELS, PROBLEM_LABELS, field_label, problem_label  # noqa: F401 (staff notices say them too)
from ..core.readings import Problem
from ..core.vocabulary import ProblemCode
from ..wording import party_type_name, state_name

WORDS: dict[str, str] = {
    "title": Np_("web", "SDN cases"),
    "overview": Np_("web", "Overview"),
    "queue": Np_("web", "Needs a human"),
    "sign_out": Np_("web", "Sign out"),
    "sign_in": Np_("web", "Sign in"),
    "sign_in_intro": Np_("web", "Enter your MedCom address. If it is one of the SDN mailbox's "
                             "staff addresses, you get a link that works once, for 15 minutes."),
    "address": Np_("web", "Your address"),
    "send_link": Np_("web", "Send me a link"),
    "link_sent": Np_("web", "If the address is a staff address, a link has "
                         "been sent to it. It works once, for 15 minutes."),
    "link_confirm": Np_("web", "Sign in as staff with this link? The link can be used only once."),
    "link_bad": Np_("web", "This link does not work: it has been used, has expired or is wrong. Ask for a new one."),
    "too_many": Np_("web", "Too many attempts. Wait a quarter of an hour and try again."),
    "refused": Np_("web", "Refused: this page is for signed-in staff only, "
                       "and the form must come from the page itself."),
    "not_found": Np_("web", "Not found."),
    "funnel": Np_("web", "Cases per state"),
    "cases": Np_("web", "Cases"),
    "open": Np_("web", "open"),
    "in_all": Np_("web", "in all"),
    "need_human": Np_("web", "need a human"),
    "search": Np_("web", "Search (case, organisation, CVR, contact, mail subject)"),
    "state": Np_("web", "State"),
    "any_state": Np_("web", "any"),
    "only_human": Np_("web", "only those needing a human"),
    "filter": Np_("web", "Show"),
    "case": Np_("web", "Case"),
    "organisation": Np_("web", "Organisation"),
    "changed": Np_("web", "Changed"),
    "reason": Np_("web", "Reason"),
    "since": Np_("web", "Since"),
    "shown_of": Np_("web", "showing {shown} of {total}"),
    "nothing": Np_("web", "None."),
    "on_hold": Np_("web", "on hold"),
    "contacts": Np_("web", "Contacts"),
    "timeline": Np_("web", "Timeline"),
    "mail_in": Np_("web", "Mail in"),
    "mail_out": Np_("web", "Mail out"),
    "documents": Np_("web", "Documents"),
    "problems": Np_("web", "Problems"),
    "no_problems": Np_("web", "no problems"),
    "signatures": Np_("web", "Signatures"),
    "show_page": Np_("web", "show the page"),
    "decide": Np_("web", "Decision"),
    "approve": Np_("web", "Approve"),
    "reject": Np_("web", "Reject"),
    "reject_reason": Np_("web", "Reason (sent to the party)"),
    "note": Np_("web", "Note"),
    "hold": Np_("web", "Hold"),
    "resume": Np_("web", "Resume"),
    "reading": Np_("web", "The information form as the bot read it"),
    "reading_help": Np_("web", 'Correct a value, or tick "right", and save: the form '
                            "is judged again at once and the case moves on."),
    "field": Np_("web", "Field"),
    "value": Np_("web", "Value"),
    "right": Np_("web", "right"),
    "save_reading": Np_("web", "Save and judge again"),
    "uncertain": Np_("web", "uncertain"),
    "done": Np_("web", "Recorded"),
    "page": Np_("web", "Page"),
    "fields_found": Np_("web", "Fields the bot found"),
    "no_positions": Np_("web", "The reading carries no positions, so the fields are listed beside the page."),
    "confidence": Np_("web", "confidence"),
    "no_pdf": Np_("web", "The PDF is no longer kept (purged after the retention period)."),
    "back": Np_("web", "Back to the case"),
    "installation": Np_("web", "Installation"),
    "signed_in_as": Np_("web", "Signed in as"),
    "export": Np_("web", "Export"),
    "export_help": Np_("web", "The approved parties (cases whose agreements are approved) for the agreement "
                             "system: CVR, party type, organisational and technical contacts, and the dates of "
                             "each agreement."),
    "approved_since": Np_("web", "Approved on or after"),
    "download": Np_("web", "Download"),
    "approved_count": Np_("web", "Approved parties in all: {count}"),
    "tools": Np_("web", "Case tools"),
    "confirm_view": Np_("web", "Confirm"),
    "queue_empty": Np_("web", "Nothing needs a human now."),
    "item_of": Np_("web", "{total} waiting for a person"),
    "why_person": Np_("web", "Why a person is needed"),
    "proposed": Np_("web", "What happens when you confirm"),
    "proposed_form": Np_("web", "The reading is taken as right (with what you changed), the form is judged again, "
                                "and the case moves on: to TDC and a mail to the party when nothing is missing."),
    "proposed_approve": Np_("web", "The case is approved as by APPROVE, and the party gets the next step."),
    "confirm_next": Np_("web", "Confirm and go to the next"),
    "approve_next": Np_("web", "Approve and go to the next"),
    "skip": Np_("web", "Skip"),
    "their_words": Np_("web", "The mail's own words"),
    "open_case": Np_("web", "The whole case"),
    "owner": Np_("web", "Taken by"),
    "take": Np_("web", "Take the case"),
    "release": Np_("web", "Release the case"),
    "merge_ref": Np_("web", "Reference of a case that is the same organisation"),
    "merge": Np_("web", "Merge it into this case"),
    "move_ref": Np_("web", "Move this mail to case"),
    "move": Np_("web", "Move"),
    "split_pick": Np_("web", "split off"),
    "split": Np_("web", "Split the mail ticked \"split off\" into a new case"),
    "tool_refused": Np_("web", "Not done"),
}


def translator(lang: str) -> Any:
    words = i18n.words(lang)

    def t(key: str, **kw: Any) -> str:
        source = WORDS.get(key)
        text = words.pgettext("web", source) if source else key
        return text.format(**kw) if kw else text

    return t


class Helpers(TypedDict):
    """What every page's template may call: its words, and the core's labels in the page's language."""

    t: Callable[..., str]
    lang: str
    state_name: Callable[[str], str]
    party_type_name: Callable[[str | None], str]
    field_label: Callable[[str | None], str]
    problem_label: Callable[[Problem | Mapping[str, object]], str]


def _problem(p: Problem | Mapping[str, object]) -> Problem:
    """A problem as a page holds it: the model, or its JSON as a stored reading or case row gives it (one
    that is no problem at all is shown as a doubt, for a person: a page never fails on a stored value)."""
    if isinstance(p, Problem):
        return p
    try:
        return Problem.model_validate(p)
    except ValidationError:
        return Problem(code=ProblemCode.UNCERTAIN, message=str(p.get("message") or ""))


def helpers(lang: str) -> Helpers:
    return {"t": translator(lang), "lang": lang, "state_name": lambda s: state_name(s, lang=lang),
            "party_type_name": lambda p: party_type_name(p, lang=lang),
            "field_label": lambda path: field_label(path, lang),
            "problem_label": lambda p: problem_label(_problem(p), lang)}
