"""Whole cases from the outside documents, replayed through the real daemon (issue 22: "never a wrong word").

    .venv/bin/python bench/outside/cases.py [--seed 31] [--count 8] [--keep DIR] [--delivery D] [--hand fifth] [-v]

Each case is a party's correspondence as real parties write it, made of the outside generator's documents
(rendered by Chromium, LibreOffice, pdftk, Ghostscript, mutool): an inquiry, then the agreements and the
information form in one mail or several, replies in the thread, a foreign party without a Danish CVR, an
unsigned agreement, a form with a field truly left empty, a scan, a form written in the mail body, a form
sent while the steering group decides, a question between the documents that staff answer and RESUME. Every mail
goes through `mailbot run --once --now T` on the embedded defaults (a Maildir inbox, an `.eml` outbox) as
`../shared/tools/run-scenarios` does; time is advanced between the party's mails so reminders could fire, and
staff's decisions are mails from a staff address (`GODKEND`).

With `--delivery` (deliveries.py) the party's documents arrive another way: as the Word or Writer file, the
form as a spreadsheet, phone photos or screenshots of the pages, one zip, the mail forwarded by a colleague as
an attachment, or S/MIME-signed. Photos, screenshots and Word agreements are for staff to confirm, so for
those the party's steps after them are not expected; a wrong word to the party still counts.

What is checked: each case's final state, and every mail to the party. A mail saying something is missing,
unsigned or wrong (`agreements_incomplete`, `clarification`, a `reminder`) that the case's documents do not
bear out is a **wrong word**. Printed: cases reaching their right state (N of M), wrong words, and per case
what went wrong. The expectations are the domain's (shared/spec/domain.md), written here from what each
case's party sent, never from what the bot does.
"""
from __future__ import annotations

import argparse
import email.utils
import json
import random
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.outside import deliveries  # noqa: E402
from bench.outside import eighth_hand as e8  # noqa: E402
from bench.outside import eleventh_hand as e11  # noqa: E402
from bench.outside import fifth_hand as f5  # noqa: E402
from bench.outside import fourteenth_hand as t14  # noqa: E402
from bench.outside import mail_hand as mh  # noqa: E402
from bench.outside import ninth_hand as n9  # noqa: E402
from bench.outside import seventh_hand as s7  # noqa: E402
from bench.outside import sixth_hand as s6  # noqa: E402
from bench.outside import tenth_hand as t10  # noqa: E402
from bench.outside import thirteenth_hand as t13  # noqa: E402
from bench.outside import twelfth_hand as t12  # noqa: E402
from bench.outside.agreements import PARTY_BLOCKS, agreement  # noqa: E402
from bench.outside.forms import FORM_LAYOUTS, information_form  # noqa: E402
from bench.outside.generate import render_all  # noqa: E402
from bench.outside.model import Document  # noqa: E402
from bench.outside.people import Party, Person, party, person  # noqa: E402
from bench.outside.render_reportlab import RLDocument  # noqa: E402
from mailbot.core.agreement_texts import AGREEMENTS  # noqa: E402  (MedCom's published agreement text, which parties sign)

CPH = ZoneInfo("Europe/Copenhagen")
MEDCOM = "sdn@medcom.example"
TDC = ["sdn-levering@tdc-erhverv.example", "tdc-erhverv.example"]
STAFF = "anne.staff@medcom.example"
AFTER_WORKING_DAYS = 5  # the reminder deadline in the bench's configuration
# what parties type into a PDF with text: every tool but the picture-only ones
WRITTEN_TOOLS = ["chromium", "libreoffice", "libreoffice-docx", "pdftk", "ghostscript", "mutool-clean"]
SIGNED = ["typed", "penneo", "addo", "slash", "docusign", "italic", "acrobat", "scrive", "drawn", "verified",
          "penneo_page", "docusign_coc", "acrobat_audit", "scrive_verifikat", "verified_mitid", "addo_page"]
# the steps that tell a party something is missing, unsigned or wrong: said only on evidence
ACCUSING = {"agreements_incomplete", "clarification", "reminder"}
# new kinds go at the end: a seed's first cases stay the cases they were
KINDS = ["thread", "foreign", "unsigned", "empty_field", "scan", "body_form", "exempt", "one_mail",
         "steering_meanwhile", "question",
         # whole cases across several mails, with TDC and staff (not in the default count: --count 20)
         "spread", "form_first", "corrected_form", "signed_twice", "colleague", "quoted_reply", "forward",
         "docs_and_question", "signing_service", "tdc",
         # an out-of-office reply between our request and the form; an agreement with a mistyped CVR, corrected
         "auto_reply", "corrected_agreement",
         # answers to our own mails (cases9, from domain.md): only the missing agreement, in reply to our list; all
         # again after a question staff answered; the two agreements from two people of the party; the form, and
         # the agreements weeks later past a reminder; a delivery report of our starter pack; an English reply to
         # our Danish mail; the agreements signed by two signatories of the party
         "only_missing", "resend_all", "two_senders", "late_agreements", "bounce", "english_reply",
         "two_signatories",
         # cases10, from domain.md: the agreements as two mails a minute apart (the second a reply to the first),
         # read in one cycle; a reply to our reminder saying "see attached" with the same files again and the
         # form; the mail server's out-of-office first, the answer later; a new contact person from another
         # address of the organisation; a question whether a document arrived; TDC's date in its subject only;
         # a corrected form after TDC's order
         "two_mails", "see_attached", "away_first", "new_contact", "received", "tdc_subject", "form_after_order",
         # the inquiry, and minutes later the signed agreements in a mail of its own, read in one run
         "inquiry_then_agreements",
         # "here are the agreements" with nothing attached, and minutes later the same mail with them
         "forgot_attachment",
         # cases11, from domain.md: reminded of the form, the party answers "we sent it last week" with nothing
         # attached (it never arrived; a person answers), then sends it again; the agreements from a colleague who
         # is on Cc of the thread (a reply to all, the contact on Cc); TDC's mailbox answers our order by itself
         # (never answered), then TDC gives the date in other words; a newer version of one agreement beside the
         # form, after the agreements were approved
         "sent_already", "cc_colleague", "tdc_away", "newer_version"]
DEFAULT_COUNT = 10  # a seed's first ten cases, as they were before the kinds after "question"
SIGNING_SERVICE = "no-reply@signing-service.example"  # a signing service's notification: a machine
DOC_NAMES = {
    "information_form": {"da": "Informationsskema {org}", "en": "Information form {org}"},
    "connection_agreement": {"da": "Tilslutningsaftale {org} underskrevet", "en": "Connection agreement {org} signed"},
    "data_processor_agreement": {"da": "Databehandleraftale {org}", "en": "Data processing agreement {org}"},
    "sub_data_processor_agreement": {"da": "Underdatabehandleraftale {org}", "en": "Sub-processor agreement {org}"},
}


# --- what a case is -----------------------------------------------------------------------------------

@dataclass
class Pdf:
    kind: str
    doc: Document
    tool: str


@dataclass
class Mail:
    """One mail of the party (or staff): its words and its attachments, by index into the case's PDFs."""

    subject: str
    body: str
    pdfs: list[int] = field(default_factory=list)
    from_staff: bool = False
    in_thread: bool = True  # a reply: In-Reply-To our last mail and the case reference in the subject
    # who else writes: "tdc" (a reply to the order), "colleague" (another address of the party's domain),
    # "signing" (the signing service's machine, never to be answered); "" the party's contact or staff
    sender: str = ""
    quote: bool = False  # the reply quotes our last mail to the party below its own words
    forwarded: bool = False  # forwarded by the contact from a colleague ("VS:", "Fwd:")
    auto: bool = False  # the party's mailbox answered by itself (out of office): never to be answered
    bounce: bool = False  # a delivery report (RFC 3464) of our last mail to the party, the whole mail returned
    # a reply to the party's own previous mail (sent a minute earlier), not to ours: In-Reply-To that mail
    reply_to_own: bool = False
    writer: Person | None = None  # the party's person who writes (None: the contact of the inquiry)
    cc: str = ""  # who else the mail goes to: "contact" (the party's contact), "colleague" (another of the party)
    what: str = ""  # what the mail says (`_words`' keys, "inquiry"): another hand words it anew (mail_hand.py)


@dataclass
class Step:
    """One cycle of the daemon at `at`: a mail delivered first, or none (a tick); what may reach the party."""

    at: datetime
    what: str
    mail: Mail | None = None
    expect: tuple[str, ...] = ()  # party steps that must be sent in this cycle
    may: tuple[str, ...] = ()  # party steps that may be (the party's documents give positive evidence)
    may_about: tuple[str, ...] = ()  # the fields or documents such a mail may name
    also: tuple[Mail, ...] = ()  # more mails delivered before the same cycle (they arrived together)


@dataclass
class CaseSpec:
    name: str
    kind: str
    party: Party
    pdfs: list[Pdf]
    steps: list[Step]
    final_state: str
    needs_attention: bool = False


@dataclass
class Outcome:
    case: CaseSpec
    state: str | None = None
    needs_attention: bool | None = None
    wrong_words: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    party_mails: list[str] = field(default_factory=list)
    error: str | None = None
    approvals: int = 0  # staff approvals beyond the case's own (a reading staff had to confirm first)

    @property
    def right_state(self) -> bool:
        return self.error is None and self.state == self.case.final_state

    @property
    def right(self) -> bool:
        return self.right_state and not self.wrong_words and not self.faults


# --- composing cases -----------------------------------------------------------------------------------

class Clock:
    """The case's time: working-day mornings, so a reminder falls due only where the bench lets it."""

    def __init__(self, rng: random.Random) -> None:
        start = datetime(2026, 11, 2, 9, 0, tzinfo=CPH)
        self.t = start + timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 400))
        while self.t.weekday() >= 5:
            self.t += timedelta(days=1)

    def after(self, working_days: int, rng: random.Random | None = None) -> datetime:
        t = self.t
        n = 0
        while n < working_days:
            t += timedelta(days=1)
            if t.weekday() < 5:
                n += 1
        if rng is not None:
            t += timedelta(minutes=rng.randint(-60, 240))
        self.t = t
        return t


def _required(p: Party) -> list[str]:
    """The agreements the party must send (domain.md): no connection agreement when an umbrella covers it."""
    exempt = (p.party_type == "municipality" and p.connected_via == "KMD") or (
        p.party_type == "practitioner" and p.connected_via not in (None, "KMD"))
    dpa = "sub_data_processor_agreement" if p.party_type == "it_supplier" else "data_processor_agreement"
    return ([] if exempt else ["connection_agreement"]) + [dpa]


def _inquiry(p: Party) -> Mail:
    who = p.org_contact
    if p.language == "en":
        via = ""
        if p.connected_via == "KMD" and p.party_type == "municipality":
            via = " We are connected through KMD."
        elif p.connected_via and p.party_type == "practitioner":
            via = f" Our medical system provider is {p.connected_via}."
        cvr = f" Our CVR number is {p.cvr}." if p.cvr else (f" We are registered abroad ({p.foreign_reg})."
                                                            if p.foreign_reg else "")
        body = (f"Dear MedCom\n\n{p.organisation} would like to be connected to the Health Data Network (SDN).{cvr}"
                f"{via}\n\nWhat do you need from us?\n\nKind regards\n{who.name}\n{p.organisation}\n")
        return Mail(f"Connection to SDN - {p.organisation}", body, in_thread=False, what="inquiry")
    via = ""
    if p.connected_via == "KMD" and p.party_type == "municipality":
        via = " Vi er tilsluttet via KMD."
    elif p.connected_via and p.party_type == "practitioner":
        via = f" Vores lægesystemleverandør er {p.connected_via}."
    cvr = f" Vores CVR-nr. er {p.cvr}." if p.cvr else ""
    body = (f"Kære MedCom\n\n{p.organisation} ønsker at blive tilsluttet Sundhedsdatanettet (SDN).{cvr}{via}\n\n"
            f"Hvad skal I bruge fra os?\n\nMed venlig hilsen\n{who.name}\n{p.organisation}\n")
    return Mail(f"Tilslutning til SDN - {p.organisation}", body, in_thread=False, what="inquiry")


def staff_approve() -> Mail:
    """Staff approve what waits on them (the steering group's decision, a scan, a form in a mail's text)."""
    return Mail("SV: {ref} Styregruppen", "GODKEND\n\nAnne\n", from_staff=True)


def staff_resume() -> Mail:
    """Staff have answered the party's question by phone and resume the case."""
    return Mail("SV: {ref} Spørgsmål", "GENOPTAG\n\nJeg har ringet til dem.\nAnne\n", from_staff=True)


def _words(p: Party, what: str) -> tuple[str, str]:
    da = {"agreements": ("Underskrevne aftaler", "Hermed de underskrevne aftaler."),
          "agreement": ("Aftale", "Hermed aftalen. Den anden følger."),
          "rest": ("Resten", "Hermed resten."),
          "form": ("Informationsskema", "Hermed det udfyldte informationsskema."),
          "all": ("Aftaler og informationsskema", "Hermed de underskrevne aftaler og informationsskemaet."),
          "signed_again": ("Aftale underskrevet", "Beklager, her er den underskrevne udgave."),
          "corrected": ("Rettet aftale", "Beklager, CVR-nummeret var skrevet forkert. Her er den rettede aftale."),
          "away": ("Fraværende", "Jeg er på kursus og læser ikke mail før mandag. Haster det, så ring til "
                                 "hovednummeret."),
          "form_again": ("Rettet informationsskema", "Hermed skemaet igen, nu helt udfyldt."),
          "question": ("Spørgsmål", "Hvornår kan vi forvente at høre fra TDC, og skal vi selv bestille udstyr?"),
          "scan": ("Scannet", "Vi har printet, underskrevet og scannet. Se vedhæftede."),
          "see_attached": ("Aftaler og skema", "Se vedhæftede."),
          "received": ("Modtaget?", "Har I modtaget vores underskrevne aftaler? Vi har ikke hørt noget."),
          "form_fixed": ("Opdateret informationsskema", "Vi har rettet en oplysning i informationsskemaet. Hermed "
                                                        "den opdaterede udgave.")}
    en = {"agreements": ("Signed agreements", "Please find the signed agreements attached."),
          "agreement": ("Agreement", "Here is the agreement; the other follows."),
          "rest": ("The rest", "Here is the rest."),
          "form": ("Information form", "Please find the completed information form attached."),
          "all": ("Agreements and information form", "Please find the signed agreements and the form attached."),
          "signed_again": ("Signed agreement", "Sorry, here is the signed version."),
          "corrected": ("Corrected agreement", "Sorry, the CVR number was mistyped. Here is the corrected agreement."),
          "away": ("Out of office", "I am out of the office until Monday with limited access to e-mail. For urgent "
                                    "matters, please call our main number."),
          "form_again": ("Corrected information form", "Here is the form again, now complete."),
          "question": ("Question", "When can we expect to hear from TDC, and do we order the equipment ourselves?"),
          "scan": ("Scanned", "We printed, signed and scanned the documents. See attached."),
          "see_attached": ("Agreements and form", "See attached."),
          "received": ("Received?", "Did you receive our signed agreements? We have not heard anything."),
          "form_fixed": ("Updated information form", "We corrected a detail in the information form. Please find "
                                                     "the updated version attached.")}
    subject, body = (en if p.language == "en" else da)[what]
    return subject, f"{body}\n\n{p.org_contact.name}\n{p.organisation}\n"


def _body_form(p: Party) -> str:
    """The information form answered in the mail's own text, as a clerk writes it."""
    en = p.language == "en"
    lines = ["Hi" if en else "Hej", "", ("Here is the information for the form:" if en
                                         else "Her er oplysningerne til skemaet:"), ""]
    lines.append(f"{'Organisation' if en else 'Organisation'}: {p.organisation}")
    if p.cvr:
        lines.append(f"CVR: {p.cvr}")
    for t in p.technical:
        lines.append(f"{'Technical contact' if en else 'Teknisk kontakt'}: {t.name}, {t.email}, {t.local_phone}")
    lines.append(f"{'IP ranges' if en else 'IP-adresser'}: {', '.join(p.ip_scopes)}")
    a = p.installation
    lines.append(f"{'Installation address' if en else 'Installationsadresse'}: {a.street}, {a.postcode} {a.city}")
    lines += ["", p.org_contact.name, p.organisation, ""]
    return "\n".join(lines)


def compose(seed: int, count: int, hand: str = "outside") -> list[CaseSpec]:
    """`count` cases, each of one of KINDS in turn, drawn from `seed`; with `hand` "fifth" the party's documents
    are the fifth hand's (fifth_hand.py: LaTeX, groff, WeasyPrint), its layouts in turn."""
    rng = random.Random(seed)
    f5.reset()
    s6.reset()
    s7.reset()
    e8.reset()
    n9.reset()
    t10.reset()
    e11.reset()
    t12.reset()
    t13.reset()
    t14.reset()
    return [_compose(rng, i, KINDS[i % len(KINDS)], hand) for i in range(count)]


# the fifth hand's signing for the outside generator's (cases pick from SIGNED, the unsigned ones by name)
_FIFTH_SIGNING = {"typed": "typed", "slash": "typed", "italic": "typed", "drawn": "drawn", "unsigned": "unsigned",
                  "blank": "blank", "pending": "pending"}


def _fifth(rng: random.Random, q: Party, what: str, signing: str | None, fname: str) -> Document:
    """The fifth hand's document of kind `what` for party `q`: its form layouts and agreement layouts in turn."""
    if what == "information_form":
        i = f5._counter["form"]
        f5._counter["form"] += 1
        return f5.form(rng, q, f5.FORM_LAYOUTS[i % len(f5.FORM_LAYOUTS)], fname)
    i = f5._counter["agr"]
    f5._counter["agr"] += 1
    how = _FIFTH_SIGNING.get(signing or "", "evidence" if signing else rng.choice(["typed", "drawn", "evidence"]))
    service = f5.SERVICES[f5._counter["service"] % len(f5.SERVICES)]
    if how in ("evidence", "pending"):
        f5._counter["service"] += 1
    return f5.agreement(rng, q, what, f5.AGREEMENT_LAYOUTS[i % len(f5.AGREEMENT_LAYOUTS)], how, service, fname)


# each hand's documents for a case: (rng, party, kind of document, signing or None, file name) -> Document
HANDS: dict[str, Callable[[random.Random, Party, str, str | None, str], Document | RLDocument]] = {
    "fifth": _fifth, "sixth": s6.case_document, "seventh": s7.case_document, "eighth": e8.case_document,
    "ninth": n9.case_document, "tenth": t10.case_document, "eleventh": e11.case_document,
    "twelfth": t12.case_document, "thirteenth": t13.case_document,
    "fourteenth": t14.case_document}


def _compose(rng: random.Random, i: int, kind: str, hand: str = "outside") -> CaseSpec:  # noqa: C901 - one recipe per kind, kept together
    ptype = {"foreign": "foreign", "steering_meanwhile": "foreign",
             "exempt": rng.choice(["municipality", "practitioner"])}.get(kind)
    if kind == "signing_service":  # placed by its CVR: a Danish party (drawn only here: older kinds keep their draws)
        ptype = rng.choice(["region", "public_hospital", "private_hospital", "municipality"])
    if kind in ("thread", "one_mail") and rng.random() < 0.25:
        ptype = "it_supplier"
    p = party(rng, ptype)
    if kind in ("foreign", "steering_meanwhile"):
        p = replace(p, cvr="")  # no Danish CVR: registered abroad only
    if kind == "exempt":
        p = replace(p, connected_via="KMD" if p.party_type == "municipality" else rng.choice(["Novax", "XMO"]))
    elif p.party_type in ("municipality", "practitioner"):
        p = replace(p, connected_via=None)  # not exempt: this case's party signs every agreement
    name = f"c{i + 1:02d}-{kind}"
    pdfs: list[Pdf] = []

    def make(what: str, *, signing: str | None = None, tool: str | None = None, who: Party | None = None,
             layout: str | None = None) -> int:
        q = who or p
        stem = DOC_NAMES[what][q.language].format(org=q.organisation).replace("/", "-")
        fname, n = stem + ".pdf", 1
        while any(x.doc.name == fname for x in pdfs):  # a second version of a document: its own file
            n += 1
            fname = f"{stem} v{n}.pdf"
        own = HANDS.get(hand)
        if own is not None and tool in (None, hand):
            pdfs.append(Pdf(what, own(rng, q, what, signing, fname), hand))
            return len(pdfs) - 1
        if what == "information_form":
            doc = information_form(rng, q, layout or rng.choice(FORM_LAYOUTS), fname)
        else:
            # the party signs MedCom's template (the text the starter pack attached), laid out by its own tools
            template = AGREEMENTS[(what, q.language)]
            doc = agreement(rng, q, what, rng.choice(PARTY_BLOCKS), signing or rng.choice(SIGNED), fname,
                            clauses=template.clauses + (template.annex or []))
        pdfs.append(Pdf(what, doc, tool or rng.choice(WRITTEN_TOOLS)))
        return len(pdfs) - 1

    clock = Clock(rng)
    needed = _required(p)
    steering = p.party_type == "foreign"
    steps: list[Step] = [Step(clock.t, "inquiry", _inquiry(p), expect=("starter_pack",))]

    def answer(what: str, idx: list[int], **kw: object) -> Mail:
        subject, body = _words(p, what)
        return Mail(subject, body, idx, what=what, **kw)  # type: ignore[arg-type]

    def signed(**kw: object) -> Mail:
        """The mail with every agreement the party must send, signed."""
        return answer("agreements", [make(k) for k in needed], **kw)

    def form_step(what: str = "the information form", days: int = 2, **kw: object) -> None:
        """The information form in a mail of its own, after the agreements: the case goes to TDC."""
        steps.append(Step(clock.after(days, rng), what, answer("form", [make("information_form")], **kw),
                          expect=("forwarded_to_tdc",)))

    def agreements_then(mail: Mail, what: str, form_with: bool) -> None:
        """The mail that completes the agreements, and the steering group's approval where it is needed."""
        if steering:
            steps.append(Step(clock.after(2, rng), what, mail, expect=("steering_group_pending",)))
            steps.append(Step(clock.after(AFTER_WORKING_DAYS + 3), "time passes (the steering group meets)"))
            after = ("forwarded_to_tdc",) if form_with else ("information_form_request",)
            steps.append(Step(clock.after(1), "staff approve (steering group)", staff_approve(), expect=after))
        else:
            steps.append(Step(clock.after(2, rng), what, mail,
                              expect=("forwarded_to_tdc",) if form_with else ("information_form_request",)))

    final = "sent_to_tdc"
    if kind in ("thread", "foreign", "exempt"):
        order = rng.choice(["apart", "together", "split"]) if kind == "thread" else rng.choice(["apart", "together"])
        docs = [make(k) for k in needed]
        form = make("information_form")
        if order == "together":
            agreements_then(answer("all", [*docs, form]), "agreements and the form in one mail", True)
        else:
            if order == "split" and len(docs) > 1:
                steps.append(Step(clock.after(1, rng), "one agreement first", answer("agreement", docs[:1]),
                                  may=("agreements_incomplete",), may_about=tuple(needed[1:])))
                agreements_then(answer("rest", docs[1:]), "the other agreement", False)
            else:
                agreements_then(answer("agreements", docs), "the signed agreements", False)
            steps.append(Step(clock.after(2, rng), "the information form", answer("form", [form]),
                              expect=("forwarded_to_tdc",)))
    elif kind == "one_mail":
        docs = [make(k) for k in needed]
        form = make("information_form")
        subject, body = _words(p, "all")
        first = _inquiry(p)
        steps[0] = Step(clock.t, "everything in the first mail",
                        Mail(first.subject, first.body + "\n" + body, [*docs, form], in_thread=False,
                             what="inquiry_all"),
                        expect=("forwarded_to_tdc",) if not steering else ("steering_group_pending",))
    elif kind == "unsigned":
        bad = rng.randrange(len(needed))
        docs = [make(k, signing=rng.choice(["unsigned", "blank"]) if j == bad else None)
                for j, k in enumerate(needed)]
        steps.append(Step(clock.after(2, rng), "agreements, one of them not signed", answer("agreements", docs),
                          may=("agreements_incomplete",), may_about=(needed[bad],)))
        fixed = make(needed[bad])
        steps.append(Step(clock.after(2, rng), "the signed agreement", answer("signed_again", [fixed]),
                          expect=("information_form_request",)))
        form_step()
    elif kind == "empty_field":
        steps.append(Step(clock.after(2, rng), "the signed agreements", signed(), expect=("information_form_request",)))
        empty = rng.choice(["ip_scopes", "technical_contacts"])
        lacking = (replace(p, ip_scopes=[""]) if empty == "ip_scopes"
                   else replace(p, technical=[Person("", "", "", "")]))
        steps.append(Step(clock.after(2, rng), f"the form with {empty} left empty",
                          answer("form", [make("information_form", who=lacking)]),
                          may=("clarification",), may_about=(empty,)))
        steps.append(Step(clock.after(2, rng), "the form again, complete",
                          answer("form_again", [make("information_form")]), expect=("forwarded_to_tdc",)))
    elif kind == "scan":
        scanned = rng.choice(["agreements", "form"])
        if scanned == "agreements":
            docs = [make(k, tool="ghostscript-image") for k in needed]
            steps.append(Step(clock.after(2, rng), "scanned agreements", answer("scan", docs)))
            steps.append(Step(clock.after(AFTER_WORKING_DAYS + 3), "time passes (staff look at the scan)"))
            steps.append(Step(clock.after(1), "staff approve the scanned agreements", staff_approve(),
                              expect=("information_form_request",)))
            form_step()
        else:
            steps.append(Step(clock.after(2, rng), "the signed agreements", signed(),
                              expect=("information_form_request",)))
            steps.append(Step(clock.after(2, rng), "a scanned information form",
                              answer("scan", [make("information_form", tool="ghostscript-image")])))
            steps.append(Step(clock.after(AFTER_WORKING_DAYS + 3), "time passes (staff look at the scan)"))
            steps.append(Step(clock.after(1), "staff approve the form", staff_approve(), expect=("forwarded_to_tdc",)))
    elif kind == "steering_meanwhile":
        # a foreign party sends the form while the steering group decides: it is not asked for again
        steps.append(Step(clock.after(2, rng), "the signed agreements", signed(), expect=("steering_group_pending",)))
        steps.append(Step(clock.after(2, rng), "the information form while the steering group decides",
                          answer("form", [make("information_form")])))
        steps.append(Step(clock.after(AFTER_WORKING_DAYS + 3), "time passes (the steering group meets)"))
        steps.append(Step(clock.after(1), "staff approve (steering group)", staff_approve(),
                          expect=("forwarded_to_tdc",)))
    elif kind == "question":
        # the party asks a question between its documents; staff answer it by phone and RESUME the case
        steps.append(Step(clock.after(2, rng), "the signed agreements", signed(), expect=("information_form_request",)))
        steps.append(Step(clock.after(1, rng), "a question, no attachment", answer("question", [])))
        steps.append(Step(clock.after(AFTER_WORKING_DAYS + 2), "time passes (staff call the party)"))
        steps.append(Step(clock.after(1), "staff resume the case", staff_resume()))
        form_step()
    elif kind == "body_form":
        steps.append(Step(clock.after(2, rng), "the signed agreements", signed(), expect=("information_form_request",)))
        subject, _ = _words(p, "form")
        steps.append(Step(clock.after(2, rng), "the form written in the mail",
                          Mail(subject, _body_form(p), what="body_form")))
        steps.append(Step(clock.after(AFTER_WORKING_DAYS + 3), "time passes (staff read the mail)"))
        steps.append(Step(clock.after(1), "staff approve the form", staff_approve(), expect=("forwarded_to_tdc",)))
    else:
        final = _several_mails(kind, p, rng, clock, steps, needed, make, answer, agreements_then, signed, form_step)
    # the party has sent everything: time passes, nothing may be asked of it again
    steps.append(Step(clock.after(AFTER_WORKING_DAYS * 3 + 2), "three reminder periods later"))
    return CaseSpec(name, kind, p, pdfs, steps, final)


_DA_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
_DA_DAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]


def _da_date(t: datetime) -> str:
    return f"{_DA_DAYS[t.weekday()]} den {t.day}. {_DA_MONTHS[t.month - 1]} {t.year}"


def _weekday_after(t: datetime, days: int, hour: int) -> datetime:
    d = (t + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _tdc_words(rng: random.Random, what: str, p: Party, when: datetime | None = None) -> str:
    """TDC's replies as its delivery staff word them: a date proposed, moved, the box shipped, the job closed."""
    org = p.organisation
    day = _da_date(when) if when else ""
    hm = f"{when:%H.%M}" if when else ""
    choices = {
        "proposal": [f"Hej MedCom\n\nVi kan tilbyde installation hos {org} {day} kl. {hm}. Giv besked, hvis "
                     "datoen ikke passer.",
                     f"Hej\n\nTeknikeren er booket til opsætning af SDN-forbindelsen hos {org} {day} kl. {hm}.",
                     f"Hello\n\nWe propose to install the SDN connection at {org} on {when:%d %B %Y} at "
                     f"{when:%H:%M}. Please let us know if this does not suit the customer." if when else ""],
        "moved": [f"Hej igen\n\nVores tekniker er desværre blevet syg. Installationen hos {org} er flyttet til {day} "
                  f"kl. {hm}.",
                  f"Hej\n\nNy dato for installationen: {day} kl. {hm}. Den tidligere aftalte dato udgår.",
                  f"Hello\n\nThe installation at {org} has been moved to {when:%d %B %Y} at {when:%H:%M}."
                  if when else ""],
        "shipped": ["Hej\n\nUdstyret (SD-WAN boks med opsætningsvejledning) er afsendt med GLS i dag. "
                    "Trackingnummer 00340434161234567890.",
                    "Hello\n\nThe SD-WAN equipment has been shipped to the customer today."],
        "done": ["Hej\n\nInstallationen er afsluttet, og forbindelsen er testet.",
                 f"Hej MedCom\n\nOpgaven hos {org} er afsluttet. Forbindelsen er oppe og testet OK.",
                 "Hello\n\nThe installation is completed and tested; the line is live."],
    }
    return rng.choice(choices[what]) + "\n\nMed venlig hilsen\nTDC Erhverv Levering\n"


def _mistyped(cvr: str) -> str:
    """`cvr` with its first two different neighbouring digits swapped: a typo the modulus-11 check always
    catches (neighbouring weights differ, and 11 is prime)."""
    i = next(n for n in range(len(cvr) - 1) if cvr[n] != cvr[n + 1])
    return cvr[:i] + cvr[i + 1] + cvr[i] + cvr[i + 2:]


def _several_mails(kind: str, p: Party, rng: random.Random, clock: Clock, steps: list[Step], needed: list[str],
                   make: Callable[..., int], answer: Callable[..., Mail],
                   agreements_then: Callable[[Mail, str, bool], None], signed: Callable[..., Mail],
                   form_step: Callable[..., None]) -> str:
    """Whole cases across several mails and days, with colleagues, signing services, TDC and staff; returns
    the case's expected final state."""
    en = p.language == "en"
    if kind == "spread":
        # one agreement now, the other a week later (before the reminder is due)
        docs = [make(k) for k in needed]
        steps.append(Step(clock.after(1, rng), "one agreement now", answer("agreement", docs[:1]),
                          may=("agreements_incomplete",), may_about=tuple(needed[1:])))
        clock.after(4)
        agreements_then(answer("rest", docs[1:]), "the other agreement a week later", False)
        form_step()
    elif kind == "form_first":
        form = make("information_form")
        steps.append(Step(clock.after(1, rng), "the information form before the agreements", answer("form", [form]),
                          may=("agreements_incomplete",), may_about=tuple(needed)))
        agreements_then(signed(), "the signed agreements", True)
    elif kind == "corrected_form":
        # the form with a field left empty comes early, beside one agreement; the corrected form replaces it
        empty = rng.choice(["ip_scopes", "technical_contacts"])
        lacking = (replace(p, ip_scopes=[""]) if empty == "ip_scopes"
                   else replace(p, technical=[Person("", "", "", "")]))
        docs = [make(k) for k in needed]
        steps.append(Step(clock.after(1, rng), f"one agreement and the form with {empty} left empty",
                          answer("agreement", [docs[0], make("information_form", who=lacking)]),
                          may=("agreements_incomplete",), may_about=tuple(needed[1:])))
        steps.append(Step(clock.after(1, rng), "the corrected form", answer("form_again", [make("information_form")]),
                          may=("agreements_incomplete",), may_about=tuple(needed[1:])))
        agreements_then(answer("rest", docs[1:]), "the other agreement", True)
    elif kind == "signed_twice":
        # the same agreement twice in one mail: the unsigned draft and the signed copy
        twice = rng.randrange(len(needed))
        draft = make(needed[twice], signing=rng.choice(["unsigned", "blank"]))
        docs = [make(k) for k in needed]
        files = [draft, *docs] if rng.random() < 0.5 else [*docs, draft]
        agreements_then(answer("agreements", files), "the agreements, one of them also as an unsigned draft", False)
        form_step()
    elif kind == "colleague":
        # a second person of the organisation sends the agreements from another address of the same domain
        agreements_then(signed(sender="colleague"), "the agreements from a colleague's address", False)
        form_step()
    elif kind == "quoted_reply":
        # replies that quote our request below the party's words (its labels are not the party's answers)
        agreements_then(signed(quote=True), "the agreements, quoting the starter pack", False)
        form_step("the information form, quoting our request", quote=True)
    elif kind == "forward":
        agreements_then(signed(forwarded=True, in_thread=False), "a colleague's mail with the agreements, forwarded",
                        False)
        form_step("the information form, forwarded", forwarded=True)
    elif kind == "docs_and_question":
        subject, body = _words(p, "agreements")
        ask = ("\nOne question: do we order the SD-WAN equipment ourselves, and when will TDC contact us?\n" if en
               else "\nEt spørgsmål: skal vi selv bestille SD-WAN-udstyret, og hvornår kontakter TDC os?\n")
        agreements_then(Mail(subject, body.replace("\n\n", ask + "\n", 1), [make(k) for k in needed]),
                        "the agreements and a question", False)
        form_step()
    elif kind == "signing_service":
        # the party signs one agreement through a signing service, which mails the signed document itself
        own = [make(k) for k in needed[1:]]
        served = make(needed[0], signing=rng.choice(["penneo_page", "docusign_coc", "addo_page", "verified_mitid",
                                                     "scrive_verifikat"]))
        steps.append(Step(clock.after(1, rng), "the agreement signed by hand", answer("agreement", own),
                          may=("agreements_incomplete",), may_about=(needed[0],)))
        title = DOC_NAMES[needed[0]][p.language].format(org=p.organisation).removesuffix(" underskrevet")
        body = ("All signers have signed the document. The signed document is attached.\n\n"
                "This is an automatic message; replies are not read.\n" if en else
                "Alle underskrivere har underskrevet dokumentet. Det underskrevne dokument er vedhæftet.\n\n"
                "Denne mail er sendt automatisk og kan ikke besvares.\n")
        served_mail = Mail(("Document signed: " if en else "Dokumentet er underskrevet: ") + title, body, [served],
                           in_thread=False, sender="signing")
        agreements_then(served_mail, "the signing service sends the signed agreement", False)
        form_step()
    elif kind == "auto_reply":
        # the contact is away: its mailbox answers our request by itself; the form follows days later
        agreements_then(signed(), "the signed agreements", False)
        clock.t += timedelta(minutes=rng.randint(5, 90))
        steps.append(Step(clock.t, "an out-of-office reply to our request", answer("away", [], auto=True)))
        form_step(days=3)
    elif kind == "corrected_agreement":
        # one agreement with its CVR mistyped (two digits swapped: the check fails); corrected after we asked
        bad = rng.randrange(len(needed))
        typo = replace(p, cvr=_mistyped(p.cvr)) if p.cvr else p
        docs = [make(k, who=typo if j == bad else None) for j, k in enumerate(needed)]
        steps.append(Step(clock.after(2, rng), "the agreements, one with its CVR mistyped", answer("agreements", docs),
                          may=("agreements_incomplete",), may_about=(needed[bad],)))
        steps.append(Step(clock.after(2, rng), "the corrected agreement", answer("corrected", [make(needed[bad])]),
                          expect=("information_form_request",)))
        form_step()
    elif kind == "only_missing":
        # one agreement first; told what is missing, the party replies to our mail with only that agreement
        docs = [make(k) for k in needed]
        steps.append(Step(clock.after(1, rng), "one agreement", answer("agreement", docs[:1]),
                          may=("agreements_incomplete",), may_about=tuple(needed[1:])))
        agreements_then(answer("rest", docs[1:], quote=True), "only the missing agreement, in reply to our list", False)
        form_step()
    elif kind == "resend_all":
        # a question staff answer by phone (RESUME); then the party sends everything again, the form with it
        docs = [make(k) for k in needed]
        agreements_then(answer("agreements", docs), "the signed agreements", False)
        steps.append(Step(clock.after(1, rng), "a question, no attachment", answer("question", [])))
        steps.append(Step(clock.after(2), "staff call the party and resume the case", staff_resume()))
        steps.append(Step(clock.after(1, rng), "the agreements again and the form",
                          answer("all", [*[make(k) for k in needed], make("information_form")]),
                          expect=("forwarded_to_tdc",)))
    elif kind == "two_senders":
        # two people of the organisation, each from their own address, send one agreement each: the second, who
        # signed it, in a mail of their own (not a reply to ours: they were not on our thread)
        docs = [make(k) for k in needed]
        steps.append(Step(clock.after(1, rng), "one agreement from the contact", answer("agreement", docs[:1]),
                          may=("agreements_incomplete",), may_about=tuple(needed[1:])))
        mate = colleague(p)
        title = DOC_NAMES[needed[1]][p.language].format(org=p.organisation)
        body = (f"Hi\n\nPlease find attached the agreement signed on behalf of {p.organisation}.\n\n" if en else
                f"Hej\n\nHermed aftalen underskrevet på vegne af {p.organisation}.\n\n") + f"{mate.name}\n"
        agreements_then(Mail(title, body, docs[1:], sender="colleague", in_thread=False),
                        "the other agreement from a colleague, a mail of their own", False)
        form_step()
    elif kind == "late_agreements":
        # the form first; the agreements come weeks later, after a reminder of them (which the party may get)
        form = make("information_form")
        steps.append(Step(clock.after(1, rng), "the information form before the agreements", answer("form", [form]),
                          may=("agreements_incomplete",), may_about=tuple(needed)))
        for n in (1, 2):  # the party may be reminded of the agreements it has not sent: twice
            steps.append(Step(clock.after(AFTER_WORKING_DAYS + 1), f"time passes (reminder {n} of the agreements)",
                              may=("reminder",)))
        agreements_then(signed(), "the signed agreements, weeks later", True)
    elif kind == "bounce":
        # the contact's mailbox forwards to a closed address: its server returns our starter pack (with the blank
        # agreements attached) as a delivery report; the contact got it, and answers as usual
        clock.t += timedelta(minutes=rng.randint(2, 30))
        steps.append(Step(clock.t, "a delivery report of our starter pack", Mail("", "", bounce=True)))
        agreements_then(signed(), "the signed agreements", False)
        form_step()
    elif kind == "english_reply":
        # a Danish party's IT person answers our Danish mails in English (the documents are Danish)
        english = replace(p, language="en")

        def in_english(what: str, idx: list[int]) -> Mail:
            subject, body = _words(english, what)
            return Mail(subject, body, idx, what=what)
        agreements_then(in_english("agreements", [make(k) for k in needed]), "the agreements, a mail in English",
                        False)
        steps.append(Step(clock.after(2, rng), "the information form, a mail in English",
                          in_english("form", [make("information_form")]), expect=("forwarded_to_tdc",)))
    elif kind == "two_signatories":
        # each agreement signed by another person of the party (the director one, the head of IT the other)
        other = replace(p, signatory=person(rng, p.domain, p.party_type == "foreign"),
                        signatory_title="IT-chef" if p.language == "da" else "Head of IT")
        docs = [make(k, who=other if j else None) for j, k in enumerate(needed)]
        agreements_then(answer("agreements", docs), "the agreements, signed by two people", False)
        form_step()
    elif kind == "two_mails":
        # one agreement, and a minute later the other in a reply to that mail ("SV: SV: ..."): the daemon reads both
        # before it answers, so nothing is missing
        docs = [make(k) for k in needed]
        n = len(steps)
        agreements_then(answer("agreement", docs[:1]), "the agreements as two mails a minute apart", False)
        steps[n] = replace(steps[n], also=(answer("rest", docs[1:], reply_to_own=True),))
        form_step()
    elif kind == "see_attached":
        # reminded of the form, the party answers our reminder "see attached" with the agreements again and the form
        docs = [make(k) for k in needed]
        agreements_then(answer("agreements", docs), "the signed agreements", False)
        steps.append(Step(clock.after(AFTER_WORKING_DAYS + 1), "time passes (a reminder of the form)",
                          may=("reminder",)))
        steps.append(Step(clock.after(1, rng), "\"see attached\" to our reminder: the agreements again, the form",
                          answer("see_attached", [*docs, make("information_form")], quote=True),
                          expect=("forwarded_to_tdc",)))
    elif kind == "away_first":
        # the contact's mail server answers our starter pack by itself; the contact answers days later
        clock.t += timedelta(minutes=rng.randint(1, 5))
        steps.append(Step(clock.t, "an out-of-office reply to our starter pack", answer("away", [], auto=True)))
        clock.after(3)
        agreements_then(signed(), "the signed agreements, back at work", False)
        form_step()
    elif kind == "new_contact":
        # the contact leaves; a new person of the organisation takes over, writing from their own address a mail of
        # their own (our reference in the subject) with the form that names them
        agreements_then(signed(), "the signed agreements", False)
        new = successor(p)
        old = p.org_contact.name
        body = (f"Hi MedCom\n\nI have taken over the SDN connection from {old}, who has left {p.organisation}. "
                "Please find the information form attached and write to me from now on.\n\n" if en else
                f"Hej MedCom\n\nJeg har overtaget SDN-tilslutningen fra {old}, som er stoppet hos {p.organisation}. "
                "Hermed informationsskemaet; skriv gerne til mig fremover.\n\n") + f"{new.name}\n{p.organisation}\n"
        form = make("information_form", who=replace(p, org_contact=new))
        steps.append(Step(clock.after(3, rng), "a new contact person sends the form from their own address",
                          Mail("{ref} " + ("Information form" if en else "Informationsskema"), body, [form],
                               in_thread=False, writer=new), expect=("forwarded_to_tdc",)))
    elif kind == "received":
        # between its documents the party asks whether its agreements arrived (no attachment); the form follows
        agreements_then(signed(), "the signed agreements", False)
        steps.append(Step(clock.after(1, rng), "a question whether the agreements arrived", answer("received", [])))
        form_step()
    elif kind == "tdc_subject":
        # TDC's reply gives the installation date in its subject only
        agreements_then(answer("all", [*[make(k) for k in needed], make("information_form")]),
                        "agreements and the form in one mail", True)
        when = _weekday_after(clock.t, 10, rng.choice([8, 9, 12]))
        month = _DA_MONTHS[when.month - 1]
        subject = rng.choice([f"Installation hos {p.organisation} {_da_date(when)} kl. {when:%H.%M}",
                              f"Installationsdato {when.day}. {month} {when.year} kl. {when:%H.%M}",
                              f"Installation date {when:%d %B %Y} at {when:%H:%M}"])
        body = rng.choice(["Hej MedCom\n\nSe emnefeltet.", "Hej\n\nBekræfter hermed ovenstående.",
                           "Hello\n\nAs per the subject."]) + "\n\nMed venlig hilsen\nTDC Erhverv Levering\n"
        steps.append(Step(clock.after(2, rng), "TDC's installation date in its subject only",
                          Mail(subject, body, sender="tdc"), expect=("installation_confirmed",)))
        return "installation_scheduled"
    elif kind == "form_after_order":
        # everything in one mail; after our order to TDC the party sends a corrected form (a person decides)
        agreements_then(answer("all", [*[make(k) for k in needed], make("information_form")]),
                        "agreements and the form in one mail", True)
        steps.append(Step(clock.after(2, rng), "a corrected form after TDC's order",
                          answer("form_fixed", [make("information_form")])))
    elif kind == "forgot_attachment":
        # the party forgets the attachments and sends the mail again minutes later, with them ("Glemte bilagene")
        subject, body = _words(p, "agreements")
        steps.append(Step(clock.after(2, rng), "\"here are the agreements\" with nothing attached",
                          Mail(subject, body)))
        again = ("Sorry, I forgot the attachments. Here they are.\n\n" if en
                 else "Undskyld, jeg glemte bilagene. Her er de.\n\n") + f"{p.org_contact.name}\n{p.organisation}\n"
        soon = steps[-1].at + timedelta(minutes=rng.randint(2, 9))
        n = len(steps)
        agreements_then(Mail(subject, again, [make(k) for k in needed]), "the same mail again, with the agreements",
                        False)
        steps[n] = replace(steps[n], at=soon)
        form_step()
    elif kind == "inquiry_then_agreements":
        # the inquiry, and before our answer the signed agreements in a new mail of the same person (not a reply:
        # nothing of ours to reply to yet); the daemon reads both in one run
        subject, body = _words(p, "agreements")
        late = Mail(subject, body, [make(k) for k in needed], in_thread=False)
        steering = p.party_type == "foreign"
        steps[0] = Step(clock.t, "the inquiry, and the agreements minutes later in a mail of its own", steps[0].mail,
                        also=(late,), expect=("steering_group_pending",) if steering else ("information_form_request",))
        if steering:
            steps.append(Step(clock.after(AFTER_WORKING_DAYS + 3), "time passes (the steering group meets)"))
            steps.append(Step(clock.after(1), "staff approve (steering group)", staff_approve(),
                              expect=("information_form_request",)))
        form_step()
    elif kind in ("sent_already", "cc_colleague", "tdc_away", "newer_version"):
        return _cases11(kind, p, rng, clock, steps, needed, make, answer, agreements_then)
    elif kind == "tdc":
        # TDC's replies worded otherwise (a date proposed, then moved; shipped; "afsluttet"), staff in between
        agreements_then(answer("all", [*[make(k) for k in needed], make("information_form")]),
                        "agreements and the form in one mail", True)
        first = _weekday_after(clock.t, 12, rng.choice([9, 10, 13]))
        moved = _weekday_after(first, 7, rng.choice([8, 10, 12]))
        order = "Bestilling af SDN-tilslutning"
        steps.append(Step(clock.after(2, rng), "TDC proposes an installation date",
                          Mail(order, _tdc_words(rng, "proposal", p, first), sender="tdc"),
                          expect=("installation_confirmed",)))
        steps.append(Step(clock.after(1, rng), "staff note in the middle",
                          Mail("SV: {ref} Notat", "NOTE Kunden har ringet og bekræftet datoen.\n\nAnne\n",
                               from_staff=True)))
        steps.append(Step(clock.after(2, rng), "TDC moves the date",
                          Mail(order, _tdc_words(rng, "moved", p, moved), sender="tdc"),
                          expect=("installation_confirmed",)))
        steps.append(Step(clock.after(2, rng), "TDC ships the equipment",
                          Mail(order, _tdc_words(rng, "shipped", p), sender="tdc")))
        while clock.t < moved:
            clock.after(1)
        steps.append(Step(clock.after(1, rng), "TDC closes the job",
                          Mail(order, _tdc_words(rng, "done", p), sender="tdc"), expect=("connected",)))
        return "connected"
    return "sent_to_tdc"


def _cases11(kind: str, p: Party, rng: random.Random, clock: Clock, steps: list[Step], needed: list[str],
             make: Callable[..., int], answer: Callable[..., Mail],
             agreements_then: Callable[[Mail, str, bool], None]) -> str:
    """Four kinds of real correspondence (cases11), their expectations from domain.md; returns the final state."""
    en = p.language == "en"
    sign = f"\n\n{p.org_contact.name}\n{p.organisation}\n"
    if kind == "sent_already":
        # reminded of the form (rightly: none arrived), the party answers that it sent it last week, attaching
        # nothing; a person must answer that (the party is neither told again nor reminded meanwhile), and the
        # party sends the form again
        agreements_then(answer("agreements", [make(k) for k in needed]), "the signed agreements", False)
        steps.append(Step(clock.after(AFTER_WORKING_DAYS + 1), "time passes (a reminder of the form)",
                          may=("reminder",)))
        body = ("We sent the information form last week - did you not receive it?" if en else
                "Vi sendte informationsskemaet i sidste uge - har I ikke modtaget det?") + sign
        steps.append(Step(clock.after(1, rng), "\"we sent it last week\" to our reminder, nothing attached",
                          Mail("Information form" if en else "Informationsskema", body, quote=True,
                               what="sent_already")))
        steps.append(Step(clock.after(AFTER_WORKING_DAYS + 2), "time passes (staff look for the form)"))
        steps.append(Step(clock.after(1, rng), "the information form again",
                          answer("form", [make("information_form")]), expect=("forwarded_to_tdc",)))
    elif kind == "cc_colleague":
        # the contact's inquiry has a colleague on Cc; the colleague answers our starter pack to all (the contact
        # on Cc) with the signed agreements: the party's documents, from the party's domain, in the thread
        first = steps[0].mail
        assert first is not None
        steps[0] = replace(steps[0], mail=replace(first, cc="colleague"))
        agreements_then(answer("agreements", [make(k) for k in needed], sender="colleague", cc="contact"),
                        "the agreements from the colleague on Cc, a reply to all", False)
        steps.append(Step(clock.after(2, rng), "the information form", answer("form", [make("information_form")]),
                          expect=("forwarded_to_tdc",)))
    elif kind == "tdc_away":
        # TDC's order mailbox answers our order by itself (a machine: never answered, the case waits on TDC as
        # before); days later TDC gives the installation date in its own words
        agreements_then(answer("all", [*[make(k) for k in needed], make("information_form")]),
                        "agreements and the form in one mail", True)
        clock.t += timedelta(minutes=rng.randint(1, 20))
        away = ("Tak for din henvendelse. Vi har modtaget din mail og behandler den hurtigst muligt. Svartiden er "
                "pt. op til 5 arbejdsdage.\n\nDette er et automatisk svar.\n\nTDC Erhverv Levering\n")
        steps.append(Step(clock.t, "TDC's mailbox answers our order by itself",
                          Mail("Bestilling af SDN-tilslutning", away, sender="tdc", auto=True)))
        when = _weekday_after(clock.t, 9, rng.choice([8, 9, 13]))
        words = rng.choice([
            f"Hi MedCom\n\nThe SD-WAN installation at {p.organisation} is booked for {when:%A %d %B %Y}, "
            f"{when:%H:%M}. The customer's IT contact must be on site.",
            f"Hej MedCom\n\nVi har planlagt installationen hos {p.organisation} til {_da_date(when)} kl. "
            f"{when:%H.%M}. Kunden bedes sikre adgang til teknikrummet.",
            f"Dear MedCom,\n\nWe confirm installation on {when:%d %B %Y} at {when:%H:%M} at {p.organisation}."])
        steps.append(Step(clock.after(3, rng), "TDC gives the installation date in its own words",
                          Mail("Bestilling af SDN-tilslutning", words + "\n\nMed venlig hilsen\nTDC Erhverv\n",
                               sender="tdc"), expect=("installation_confirmed",)))
        return "installation_scheduled"
    elif kind == "newer_version":
        # the agreements are approved; with the form, the party sends a newer version of one agreement (re-signed
        # by its head of IT): nothing is missing or wrong, the form goes to TDC
        agreements_then(answer("agreements", [make(k) for k in needed]), "the signed agreements", False)
        newer = rng.randrange(len(needed))
        other = replace(p, signatory=person(rng, p.domain, p.party_type == "foreign"),
                        signatory_title="IT-chef" if p.language == "da" else "Head of IT")
        body = ("Please find the information form attached, and a newer version of one of the agreements, now "
                "signed by our head of IT; please use that one." if en else
                "Hermed informationsskemaet og en nyere udgave af den ene aftale, nu underskrevet af vores IT-chef; "
                "brug venligst den.") + sign
        steps.append(Step(clock.after(2, rng), "the form and a newer version of one agreement",
                          Mail("Information form" if en else "Informationsskema", body,
                               [make(needed[newer], who=other), make("information_form")], what="newer_version"),
                          expect=("forwarded_to_tdc",)))
    return "sent_to_tdc"


TDC_TECHNICIAN = "levering.sdn@tdc-erhverv.example"  # TDC's replies come from its domain, not the order address
_MATES = ["Mette Kjær", "Lars Vestergaard", "Sofie Dam", "Jonas Lind"]


def colleague(p: Party) -> Person:
    """A second person of the party's organisation, writing from another address of its domain."""
    name = next(n for n in _MATES if n != p.org_contact.name)
    local = name.lower().replace(" ", ".").replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return Person(name, f"{local}@{p.domain}", "+4570000000", "70 00 00 00")


def successor(p: Party) -> Person:
    """The person who takes over as the party's contact during the case, at an address of the party's domain."""
    mate = colleague(p)
    name = next(n for n in _MATES if n not in (p.org_contact.name, mate.name))
    local = name.lower().replace(" ", ".").replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return Person(name, f"{local}@{p.domain}", "+4570000001", "70 00 00 01")


def quoted(text: str, at: datetime, rng: random.Random, language: str) -> str:
    """Our last mail below the party's own words, as mail programs quote it: "> " lines, or Outlook's header."""
    when = at - timedelta(hours=rng.randint(2, 60))
    if rng.random() < 0.5:
        head = (f"Den {when:%d.%m.%Y} kl. {when:%H.%M} skrev MedCom SDN <{MEDCOM}>:" if language == "da"
                else f"On {when:%a, %d %b %Y at %H:%M}, MedCom SDN <{MEDCOM}> wrote:")
        return "\n\n" + head + "\n" + "\n".join("> " + line for line in text.splitlines()) + "\n"
    if language == "da":
        head = f"Fra: MedCom SDN <{MEDCOM}>\nSendt: {when:%d. %m. %Y %H:%M}\nTil: {MEDCOM}\nEmne: SDN"
    else:
        head = f"From: MedCom SDN <{MEDCOM}>\nSent: {when:%A, %d %B %Y %H:%M}\nTo: {MEDCOM}\nSubject: SDN"
    return "\n\n-----Original Message-----\n" + head + "\n\n" + text + "\n"


def delivery_report(original: Path | None, p: Party, at: datetime, rng: random.Random) -> bytes:
    """Postfix's report (RFC 3464) that a copy of our mail, forwarded by the contact's mailbox to a closed
    address, was refused: the whole mail returned below it, its attachments included."""
    if original is None:
        raise RuntimeError("a delivery report of a mail never sent to the party")
    host = f"mail.{p.domain}"
    gone = f"{p.org_contact.email.split('@')[0]}.old@{p.domain}"
    boundary = f"{rng.getrandbits(64):016X}.{int(at.timestamp())}/{host}"
    head = "\r\n".join([
        f"From: Mail Delivery System <MAILER-DAEMON@{host}>", f"To: {MEDCOM}",
        "Subject: Undelivered Mail Returned to Sender", f"Date: {email.utils.format_datetime(at)}",
        f"Message-ID: <{rng.getrandbits(48):012x}@{host}>", "Auto-Submitted: auto-replied", "MIME-Version: 1.0",
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"', "", ""])
    text = (f"This is the mail system at host {host}.\r\n\r\nI'm sorry to have to inform you that your message "
            "could not\r\nbe delivered to one or more recipients. It's attached below.\r\n\r\n"
            f"<{gone}>: host {host}[192.0.2.25] said: 550 5.1.1\r\n    <{gone}>: Recipient address rejected: "
            "User unknown in virtual mailbox table\r\n")
    status = (f"Reporting-MTA: dns; {host}\r\nArrival-Date: {email.utils.format_datetime(at)}\r\n\r\n"
              f"Final-Recipient: rfc822; {gone}\r\nOriginal-Recipient: rfc822;{p.org_contact.email}\r\n"
              "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <" + gone + ">: Recipient "
              "address rejected: User unknown in virtual mailbox table\r\n")
    parts = [("text/plain; charset=us-ascii", text.encode()), ("message/delivery-status", status.encode()),
             ("message/rfc822", original.read_bytes())]
    body = b"".join(f"--{boundary}\r\nContent-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n"
                    for ctype, data in parts)
    return head.encode() + b"This is a MIME-encapsulated message.\r\n\r\n" + body + f"--{boundary}--\r\n".encode()


def forwarded(body: str, mate: Person, p: Party, at: datetime, rng: random.Random) -> str:
    """The contact forwards a colleague's mail that carried the documents (the attachments come along)."""
    when = at - timedelta(hours=rng.randint(1, 30))
    if p.language == "da":
        own = f"Hej MedCom\n\nVideresender fra min kollega, se vedhæftede.\n\n{p.org_contact.name}\n"
        head = (f"---------- Videresendt meddelelse ----------\nFra: {mate.name} <{mate.email}>\n"
                f"Dato: {when:%d.%m.%Y %H:%M}\nEmne: SDN\nTil: {p.org_contact.name} <{p.org_contact.email}>")
    else:
        own = f"Hi MedCom\n\nForwarding from my colleague, see the attachments.\n\n{p.org_contact.name}\n"
        head = (f"---------- Forwarded message ---------\nFrom: {mate.name} <{mate.email}>\n"
                f"Date: {when:%a, %d %b %Y at %H:%M}\nSubject: SDN\nTo: {p.org_contact.name} <{p.org_contact.email}>")
    return own + "\n" + head + "\n\n" + body.replace(p.org_contact.name, mate.name)


# --- replaying a case through the daemon ------------------------------------------------------------------

def _tdc_address(a: str) -> bool:
    return a in TDC or a.endswith("@" + TDC[1])


def _run(cmd: list[str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


class Replay:
    """One case in its own data directory: the daemon's cycles, and what it sent."""

    def __init__(self, spec: CaseSpec, work: Path, docs: Path, mailbot: list[str], delivery: str = "pdf",
                 mails: str = "own") -> None:
        self.spec, self.work, self.docs, self.mailbot = spec, work, docs, mailbot
        self.delivery = delivery
        self.mails = mails  # "mailhand": the party's and TDC's mails written by mail_hand.py
        self.ours: dict[str, mh.Ours] = {}  # our last mail to the party and to TDC, as their replies quote it
        self.rng = random.Random(spec.name)
        self.ca = deliveries.ThrowawayCA(work) if delivery == "smime" else None
        self.cfg = work / "config.toml"
        self.inbox, self.outbox = work / "inbox", work / "outbox"
        self.seen: set[str] = set()
        self.ref: str | None = None
        self.last_to_party: str | None = None
        self.last_to_tdc: str | None = None
        self.last_party_text = ""  # our last mail to the party, as its reply quotes it
        self.last_party_file: Path | None = None  # and its file, as a delivery report returns it
        self.last_from_party: tuple[str, str] | None = None  # the party's last mail: Message-ID and subject
        for d in (self.inbox / "new", self.inbox / "cur", self.inbox / "tmp", self.outbox):
            d.mkdir(parents=True, exist_ok=True)
        self.cfg.write_text("\n".join([
            "[local]", f'inbox = "{self.inbox}"', f'outbox = "{self.outbox}"', "",
            "[addresses]", f'medcom = "{MEDCOM}"', "tdc = " + json.dumps(TDC), f'staff = ["{STAFF}"]', "",
            "[database]", f'url = "sqlite:///{work / "mailbot.db"}"', "",
            "[reminders]", f"after_working_days = {AFTER_WORKING_DAYS}", "max_reminders = 2", ""]))

    def cycle(self, at: datetime) -> None:
        p = _run([*self.mailbot, "run", "--once", "--config", str(self.cfg), "--now", at.isoformat()])
        if p.returncode != 0:
            raise RuntimeError(f"run --once at {at} exited {p.returncode}: {p.stderr.strip()[-600:]}")

    def cases(self) -> list[dict[str, object]]:
        p = _run([*self.mailbot, "cases", "--json", "--config", str(self.cfg)])
        if p.returncode != 0:
            raise RuntimeError(f"cases --json exited {p.returncode}: {p.stderr.strip()[-400:]}")
        out: list[dict[str, object]] = json.loads(p.stdout)
        return out

    def deliver(self, m: Mail, at: datetime) -> None:
        p = self.spec.party
        if m.bounce:
            self._deliver_raw(delivery_report(self.last_party_file, p, at, self.rng))
            return
        msg = EmailMessage()
        mate = colleague(p)
        writer = m.writer or p.org_contact
        sender = {"tdc": (TDC_TECHNICIAN, "TDC Erhverv Levering"), "colleague": (mate.email, mate.name),
                  "signing": (SIGNING_SERVICE, "Signing Service")}.get(m.sender) or (
            (STAFF, "Anne Staff") if m.from_staff else (writer.email, writer.name))
        msg["From"] = email.utils.formataddr((sender[1], sender[0]))
        msg["To"] = f"MedCom SDN <{MEDCOM}>"
        if m.cc:
            cc = p.org_contact if m.cc == "contact" else mate
            msg["Cc"] = email.utils.formataddr((cc.name, cc.email))
        subject = m.subject.replace("{ref}", f"[{self.ref}]" if self.ref else "")
        thread = self.last_to_tdc if m.sender == "tdc" else self.last_to_party
        if m.in_thread and not m.from_staff:
            subject = ("SV: " if p.language == "da" or m.sender == "tdc" else "RE: ") + (
                f"[{self.ref}] " if self.ref else "") + subject
        if m.forwarded:
            subject = ("VS: " if p.language == "da" else "Fwd: ") + subject
        msg["Subject"] = subject
        msg["Date"] = email.utils.format_datetime(at - timedelta(minutes=3))
        msg["Message-ID"] = email.utils.make_msgid(domain=sender[0].split("@")[1])
        if m.sender == "signing":
            msg["Auto-Submitted"] = "auto-generated"
        if m.auto:  # as Exchange and Gmail mark an out-of-office reply (some only by its subject)
            danish = p.language == "da" or m.sender == "tdc"
            subject = ("Automatisk svar: " if danish else "Automatic reply: ") + subject.removeprefix(
                "SV: ").removeprefix("RE: ")
            msg.replace_header("Subject", subject)
            if self.rng.random() < 0.5:
                msg["Auto-Submitted"] = "auto-replied"
            msg["X-Auto-Response-Suppress"] = "All"
        if m.reply_to_own and self.last_from_party:
            # Outlook's reply to its own sent mail: "SV: SV: ..." in reply to it, the thread kept in References
            msg.replace_header("Subject", ("SV: " if p.language == "da" else "RE: ") + self.last_from_party[1])
            msg["In-Reply-To"] = self.last_from_party[0]
            msg["References"] = " ".join(filter(None, [thread, self.last_from_party[0]]))
        elif m.in_thread and not m.from_staff and thread:
            msg["In-Reply-To"] = thread
            msg["References"] = thread
        if self.mails == "mailhand" and not m.from_staff and m.sender != "signing":
            self._deliver_raw(self._by_mail_hand(m, msg, at))
            return
        body = m.body
        if m.quote and self.last_party_text:
            body += quoted(self.last_party_text, at, self.rng, p.language)
        if m.forwarded:
            body = forwarded(body, mate, p, at, self.rng)
        if not m.from_staff and not m.sender and not m.auto:
            self.last_from_party = (str(msg["Message-ID"]), str(msg["Subject"]))
        msg.set_content(body)
        files = [self.docs / self.spec.pdfs[i].doc.name for i in m.pdfs]
        how = "pdf" if m.from_staff else self.delivery
        for fname, data, mime in deliveries.attachments(how, files, self.rng, p.language):
            main, sub = mime.split("/", 1)
            msg.add_attachment(data, maintype=main, subtype=sub, filename=fname)
        self._deliver_raw(deliveries.wrapped(how, msg, self.ca, p.language))

    def _by_mail_hand(self, m: Mail, head: EmailMessage, at: datetime) -> bytes:
        """The mail written by mail_hand.py: its own words, mail program and quoting; the same documents."""
        p = self.spec.party
        files = [self.docs / self.spec.pdfs[i].doc.name for i in m.pdfs]
        attached = deliveries.attachments(self.delivery, files, self.rng, p.language)
        mate = colleague(p)
        ours = self.ours.get("tdc" if m.sender == "tdc" else "party")
        msg = mh.message(m, head, p, attached, [self.spec.pdfs[i].kind for i in m.pdfs], _required(p), ours,
                         mh.Writer(mate.name, mate.email, "", mate.local_phone), at,
                         random.Random(f"mailhand:{self.spec.name}:{at.isoformat()}"))
        return deliveries.wrapped(self.delivery, msg, self.ca, p.language)

    def _deliver_raw(self, raw: bytes) -> None:
        name = f"{time.time_ns()}.bench"
        (self.inbox / "tmp" / name).write_bytes(raw)
        (self.inbox / "tmp" / name).rename(self.inbox / "new" / name)

    def sent(self) -> list[dict[str, object]]:
        """The mails written to the outbox since the last call, as run-scenarios reads them."""
        out = []
        for f in sorted(self.outbox.glob("*.eml")):
            if f.name in self.seen:
                continue
            self.seen.add(f.name)
            msg = BytesParser(policy=policy.default).parsebytes(f.read_bytes())
            tos = [a.lower() for _, a in email.utils.getaddresses(msg.get_all("To", []) + msg.get_all("Cc", []))]
            text = msg.get_body(preferencelist=("plain",))
            out.append({"step": str(msg.get("X-SDN-Step") or "").strip(), "case": str(msg.get("X-SDN-Case") or ""),
                        "to": tos, "message_id": str(msg.get("Message-ID") or "").strip(), "file": str(f),
                        "subject": str(msg.get("Subject") or ""),
                        "text": text.get_content() if text is not None else ""})
        return out

    def context(self, message_id: str) -> dict[str, object]:
        """What the bot put in one outgoing mail (its problems), from the database the daemon wrote."""
        with sqlite3.connect(self.work / "mailbot.db") as db:
            row = db.execute("SELECT context FROM outbound WHERE message_id = ?", (message_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else {}

    def play(self) -> Outcome:
        spec = self.spec
        o = Outcome(spec)
        party_domain = spec.party.domain
        for n, step in enumerate(spec.steps):
            if step.mail is not None:
                self.deliver(step.mail, step.at)
            for k, more in enumerate(step.also, 1):  # a minute apart, read in the same cycle
                self.deliver(more, step.at + timedelta(minutes=k))
            self.cycle(step.at + timedelta(minutes=len(step.also)))
            sent = self.sent()
            if step.mail is not None and step.mail.auto and step.mail.sender == "tdc":
                # TDC's mailbox answered by itself: a machine, never answered (domain.md, RFC 3834)
                o.faults += [f"step {n} ({step.what}): {m['step']} sent in answer to TDC's automatic reply"
                             for m in sent if any(_tdc_address(str(a)) for a in m["to"])]  # type: ignore[attr-defined]
            if step.mail is not None and step.mail.from_staff:
                sent += self._staff_settles(step, o)
            got = []
            for m in sent:
                if m["case"] and not self.ref:
                    self.ref = str(m["case"])
                tos = [str(a) for a in m["to"]]  # type: ignore[attr-defined]
                if any(_tdc_address(a) for a in tos):
                    self.last_to_tdc = str(m["message_id"])
                    self.ours["tdc"] = mh.Ours(str(m.get("text") or ""), str(m.get("subject") or ""), step.at, tos[0])
                if SIGNING_SERVICE in tos:
                    o.wrong_words.append(f"step {n} ({step.what}): {m['step']} sent to the signing service")
                if any(a.startswith("mailer-daemon@") for a in tos):
                    o.wrong_words.append(f"step {n} ({step.what}): {m['step']} sent to a delivery report's sender")
                to_party = any(a.endswith("@" + party_domain) for a in tos)
                if not to_party:
                    continue
                self.last_to_party = str(m["message_id"])
                self.last_party_text = str(m.get("text") or "")
                self.last_party_file = Path(str(m["file"]))
                self.ours["party"] = mh.Ours(self.last_party_text, str(m.get("subject") or ""), step.at, tos[0])
                got.append(str(m["step"]))
                o.party_mails.append(f"{n}:{m['step']}")
                o.wrong_words += self._judge(n, step, m)
            for e in step.expect:
                if e not in got:
                    o.faults.append(f"step {n} ({step.what}): expected {e}, the party got "
                                    f"{', '.join(got) or 'nothing'}")
            extra = [g for g in got if g not in step.expect and g not in step.may and g not in ACCUSING]
            if extra:
                o.faults.append(f"step {n} ({step.what}): unexpected {', '.join(extra)} to the party")
        mine = [c for c in self.cases() if c.get("ref") == self.ref] or self.cases()[:1]
        if mine:
            o.state, o.needs_attention = str(mine[0].get("state")), bool(mine[0].get("needs_attention"))
            if o.state != spec.final_state:
                reason = mine[0].get("attention_reason")
                o.faults.append(f"final state {o.state}, expected {spec.final_state}"
                                + (f" (needs attention: {reason})" if reason else ""))
        else:
            o.faults.append("no case was opened")
        return o

    def _staff_settles(self, step: Step, o: Outcome) -> list[dict[str, object]]:
        """Staff read documents that are in order and approve what the bot raises until nothing waits on them
        (a reading to confirm, then the steering group): at most two more approvals, each counted."""
        out: list[dict[str, object]] = []
        for extra in range(1, 3):
            mine = [c for c in self.cases() if c.get("ref") == self.ref]
            if not mine or not (mine[0].get("needs_attention") or mine[0].get("state") == "awaiting_steering_group"):
                break
            at = step.at + timedelta(minutes=10 * extra)
            assert step.mail is not None
            self.deliver(step.mail, at)
            self.cycle(at)
            o.approvals += 1
            out += self.sent()
        return out

    def _judge(self, n: int, step: Step, m: dict[str, object]) -> list[str]:
        """A mail to the party that says something is missing, unsigned or wrong: is it borne out?"""
        kind = str(m["step"])
        if kind not in ACCUSING:
            return []
        ctx = self.context(str(m["message_id"]))
        # an agreement's problems are about a document (which may be asked again), a form's about a field
        key = ("document_kind", "field") if kind == "agreements_incomplete" else ("field", "document_kind")
        said = sorted({str(p.get(key[0]) or p.get(key[1]) or p.get("code"))
                       for p in ctx.get("problems") or [] if isinstance(p, dict)})  # type: ignore[attr-defined]
        if kind in step.may and all(s in step.may_about for s in said):
            return []
        what = ", ".join(said) or str(ctx.get("reminder_for") or "")
        return [f"step {n} ({step.what}): {kind} to the party about {what or '?'}"]


# --- the whole run -----------------------------------------------------------------------------------

def render(specs: list[CaseSpec], outdir: Path, seed: int, delivery: str = "pdf") -> None:
    """Every case's PDFs with their tools, each case in its own folder (their names are the party's), and the
    office files a delivery sends instead."""
    for spec in specs:
        d = outdir / spec.name
        if not all((d / p.doc.name).exists() for p in spec.pdfs):  # a kept run's files are the same files
            render_all([(p.tool, p.doc) for p in spec.pdfs], d, seed)
        deliveries.office_copies([p.doc for p in spec.pdfs], delivery, d, seed)


def fresh_data_directory(w: Path) -> Path:
    """A case's data directory, emptied: a run kept in the same folder (`--keep`) replays onto a new database,
    inbox and outbox, never the last run's (whose case, mails and outbox would be read as this run's). The
    documents live beside it (`documents/`) and are kept."""
    if w.exists():
        shutil.rmtree(w)
    w.mkdir(parents=True)
    return w


def replay_all(specs: list[CaseSpec], docs: Path, work: Path, mailbot: list[str], jobs: int = 2,
               delivery: str = "pdf", mails: str = "own") -> list[Outcome]:
    def one(spec: CaseSpec) -> Outcome:
        w = fresh_data_directory(work / spec.name)
        try:
            return Replay(spec, w, docs / spec.name, mailbot, delivery, mails).play()
        except Exception as exc:  # a crash of the bot is a result, not the bench's end
            return Outcome(spec, error=f"{type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(one, specs))


def report(outcomes: list[Outcome], verbose: bool = False) -> str:
    n = len(outcomes)
    right = sum(o.right_state for o in outcomes)
    clean = sum(o.right for o in outcomes)
    wrong = sum(len(o.wrong_words) for o in outcomes)
    lines = [f"end-to-end cases: {right} of {n} reach their right state; {clean} of {n} with every mail as "
             f"expected; wrong words to parties: {wrong} (in {sum(1 for o in outcomes if o.wrong_words)} cases)"]
    for o in outcomes:
        s = o.case
        tools = ",".join(sorted({p.tool for p in s.pdfs}))
        mark = "ok " if o.right else ("WRONG WORD" if o.wrong_words else "MISS")
        lines.append(f"  {mark:<10} {s.name:<16} {s.party.party_type:<16} {s.party.language} "
                     f"state {o.state or '-'} (expected {s.final_state})  tools {tools}"
                     + (f"  staff approved {o.approvals} more time(s)" if o.approvals else ""))
        for w in o.wrong_words:
            lines.append(f"      WRONG WORD {w}")
        for f in o.faults:
            lines.append(f"      {f}")
        if o.error:
            lines.append(f"      ERROR {o.error}")
        if verbose:
            lines.append(f"      party mails: {' '.join(o.party_mails) or '-'}")
            for i, st in enumerate(s.steps):
                files = ", ".join(f"{s.pdfs[j].doc.name} [{s.pdfs[j].tool}, {s.pdfs[j].doc.layout}]"
                                  for j in (st.mail.pdfs if st.mail else []))
                lines.append(f"      {i}: {st.at:%Y-%m-%d %H:%M} {st.what}" + (f": {files}" if files else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT,
                    help=f"cases of KINDS in turn (default {DEFAULT_COUNT}; 20 for every kind)")
    ap.add_argument("--kinds", help="only these kinds of case (comma-separated: " + ",".join(KINDS) + ")")
    ap.add_argument("--keep", type=Path, help="keep the documents and each case's data directory here (documents "
                    "already there, of the same seed and hand, are read again, not drawn again; each case's data "
                    "directory is made afresh on every run)")
    ap.add_argument("--mailbot", default=str(ROOT / ".venv" / "bin" / "mailbot"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--delivery", default="pdf", choices=["pdf", *deliveries.DELIVERIES],
                    help="how the party's documents arrive (deliveries.py)")
    ap.add_argument("--hand", default="outside", choices=["outside", *HANDS],
                    help="whose documents the parties send: the outside generator's, or the fifth hand's")
    ap.add_argument("--mails", default="own", choices=["own", "mailhand"],
                    help="who writes the party's and TDC's mails: this file, or mail_hand.py's other hand")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    specs = compose(a.seed, a.count, a.hand)
    if a.kinds:
        specs = [s for s in specs if s.kind in a.kinds.split(",")]
    with tempfile.TemporaryDirectory(prefix="sdn-outside-cases-") as tmp:
        base = a.keep or Path(tmp)
        docs, work = base / "documents", base / "cases"
        render(specs, docs, a.seed, a.delivery)
        outcomes = replay_all(specs, docs, work, shlex.split(a.mailbot), a.jobs, a.delivery, a.mails)
        print(f"delivery: {a.delivery}" + (" (staff confirm these documents: the steps after them are not expected "
                                           "of the bot; wrong words still count)" if a.delivery in deliveries.FOR_STAFF
                                           else ""))
        print(report(outcomes, a.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
