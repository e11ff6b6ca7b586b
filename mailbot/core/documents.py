"""Judging what a party sent: is the set of agreements complete and valid, is the form qualified?

Pure functions over the parser's readings (contracts.md section 1), so every rule is testable alone.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import drafts, i18n, labels
from .case import AcceptedAgreement, Case
from .judgements import broken_address, mismatch, missing, signing, template
from .readings import Document, FormFields, Problem, Signature
from .rules import Rules
from .states import AGREEMENT_KINDS, FORM_KIND
from .vocabulary import DocumentKind, PartyType, ProblemCode

_DOC_BLOCKING = {"unreadable", "encrypted", "too_large", "timeout", "parse_error"}
# what only a person can settle: the reader is unsure (or read a scan by OCR), or the PDF is none of
# the documents. These go to staff, never to the party as if the party had made a mistake.
FOR_STAFF = {"uncertain", "unknown_document"}
# an agreement's fields the decision does not rest on (domain.md: the template filled in with organisation, CVR,
# signatory and date, and signed): a doubt about one is told to staff beside the case, it holds nothing
NOT_DECIDING = frozenset({"signatory_title"})


# what staff are told of a problem's evidence (certainty.py): whether the reader saw the place empty
_EVIDENCE_WORDS = {
    "not_found": i18n.N_("the reader did not find where this is written; it may be there"),
    "found_empty": i18n.N_("found empty"),
    "unreadable": i18n.N_("found, but the reader could not read it"),
    "disagree": i18n.N_("two readings disagree"),
}

# a document not among those read, where an attachment was not read or placed: it may be that one
_NOT_AMONG_READ = i18n.N_("not among the documents read; an attachment the bot could not read or place may be it")


def staff_details(problems: Iterable[Problem], language: str = "da") -> tuple[str, ...]:
    """One line per problem for a staff notice (in the staff language): the file, the problem and the field
    in staff's words, what the reader said, and whether it saw the thing's place empty or did not find it."""
    words = i18n.words(language)
    unnamed = words.gettext("document")
    out = []
    for p in problems:
        said = p.message or str(p.code)
        if p.code in labels.PROBLEM_LABELS:
            said = f"{labels.problem_label(p, language)} – {said}"
        line = f"{p.filename or unnamed}: {said}"
        evidence = (_NOT_AMONG_READ if p.code == "missing_document" and p.evidence == "not_found"
                    else _EVIDENCE_WORDS.get(str(p.evidence)))
        out.append(f"{line} ({words.gettext(evidence)})" if evidence else line)
    return tuple(out)


# for staff, not the party: a valid signature whose certificate chains to no configured trust root
# (the party may have used a signing service MedCom has not listed); it does not stop the agreement
_STAFF_ONLY = {"signer_untrusted"}


_SUMMARY_FIELDS = ("organisation", "cvr", "party_type", "connected_via", "signatory_name", "signature_date", "signed",
                   "org_contact", "technical_contacts", "ip_scopes", "installation_address")


# a field whose empty value is an answer: a party connected directly is connected via nobody
_MAY_BE_NONE = frozenset({"connected_via"})


def _said(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(str(v) for v in value.values() if v not in (None, "", [], {}))
    if isinstance(value, list | tuple):
        return "; ".join(_said(v) for v in value)
    return str(value)


def _unread(key: str, value: Any) -> list[str]:
    """The paths of a field the reading holds no value for: the field, or the parts of it left empty
    (`installation_address.city`, `technical_contacts.0.phone`)."""
    if value in (None, "", [], {}):
        return [key]
    if isinstance(value, dict):
        return [f"{key}.{k}" for k, v in value.items() if v in (None, "", [], {})]
    if isinstance(value, list):
        return [path for n, v in enumerate(value) for path in _unread(f"{key}.{n}", v) if path != f"{key}.{n}"]
    return []


def reading_summary(docs: list[Document], language: str = "da") -> tuple[str, ...]:
    """What was read, one line per document, for the staff notice beside what was not: staff see at once
    which values the bot holds and which it lacks, each field named in their words."""
    words = i18n.words(language)
    out = []
    for doc in docs:
        fields = doc.fields.as_json()
        got = [f"{labels.field_label(k, language)}: {_said(fields[k])}" for k in _SUMMARY_FIELDS
               if k in fields and fields[k] not in (None, "", [], {}) and _said(fields[k])]
        unread = [labels.field_label(path, language) for k in _SUMMARY_FIELDS if k in fields and k not in _MAY_BE_NONE
                  for path in _unread(k, fields[k])]
        nothing = words.gettext("nothing")
        line = words.gettext("Read from {file} ({kind}): {fields}").format(
            file=doc.filename or words.gettext("document"), kind=doc.kind,
            fields="; ".join(got) or nothing)
        if unread:
            line += ". " + words.gettext("Not read: {fields}").format(fields="; ".join(unread))
        out.append(line)
    return tuple(out)


def problem(code: str, message: str, **extra: Any) -> Problem:
    """A problem the judgement finds; extras that are None are left out (as the readers write theirs)."""
    return Problem.model_validate({"code": code, "message": message,
                                   **{k: v for k, v in extra.items() if v is not None}})


def amended(p: Problem, **changes: Any) -> Problem:
    """`p` with some keys set anew (added at the end, as a dict's would be), validated again."""
    return Problem.model_validate(p.as_json() | changes)


def describe_signature(s: Signature) -> str:
    """How the reader judged one signature (contracts.md `signatures`), for staff."""
    org = ", ".join(x for x in (s.organisation, f"CVR {s.cvr}" if s.cvr else None) if x)
    who = (s.signer or "an unnamed signer") + (f" ({org})" if org else "")
    if not s.valid:
        state = "NOT VALID"
    elif not s.covers_document:
        state = "valid, but the document was CHANGED after signing"
    else:
        state = "valid, covers the document, " + ("verified (trusted root)" if s.trusted
                                                  else "not verified (no trusted root)")
    role = {"party": "; the party's signature", "medcom": "; MedCom's signature",
            "service": "; a signing service's seal", "other": "; NOT the party's signature"}.get(str(s.role), "")
    return f"{who}: {state}{role}" + (f" ({s.note})" if s.note else "")


def _doc_problems(doc: Document) -> list[Problem]:
    """The reader's problems of one document, as the judgement's own, each naming its document; a
    missing_field naming several fields becomes one problem per field, so the party's mail can name each in
    the party's language."""
    out = []
    for read in doc.problems:
        given = read.model_fields_set
        p = amended(read, **({} if "filename" in given else {"filename": doc.filename}),
                    **({} if "document_kind" in given else {"document_kind": doc.kind}))
        out += missing.each_field(p)
    return out


def _asked_of(case: Case, probs: list[Problem]) -> list[Problem]:
    """The problems that are questions for this party. A foreign party has no Danish CVR to give: its absence
    is no mistake of the party's, and a number read as its CVR that fails the check is more likely its home
    registration than a typo, so staff judge that (staff see the party anyway, at the steering group)."""
    if case.party_type != PartyType.FOREIGN:
        return probs
    out = []
    for p in probs:
        if p.code == "missing_field" and p.field == "cvr":
            continue
        if p.code == "invalid_cvr":
            p = amended(p, code="uncertain", field="cvr")
        out.append(p)
    return out


def _held_by_case(case: Case, probs: list[Problem]) -> list[Problem]:
    """The form's doubts and absences that matter: not those about the organisation's name, or an absent
    CVR, where the case holds them from the signed agreements (what goes to TDC is the case's; a CVR read
    in the form is still checked against the agreements')."""
    held = {"organisation"} if case.organisation else set()
    out = []
    for p in probs:
        about = p.field
        if about in held and p.code in ("uncertain", "missing_field"):
            continue
        if about == "cvr" and case.cvr and p.code == "missing_field":
            continue
        out.append(p)
    return out


def stated_by_form(case: Case, docs: list[Document], rules: Rules) -> Case:
    """An information form sent with the agreements states the party type and how the party is connected
    outright. They decide which agreements are required and whether the steering group must approve, so
    they beat a guess from the inquiry's words (a "Lægehuset" the words did not place would go to the
    steering group). Only a form read whole counts: not a scan, not the mail's text, no doubt on the field."""
    for doc in docs:
        fields = doc.form()
        if fields is None or doc.ocr or doc.from_mail:
            continue
        doubted = {p.field for p in doc.problems if p.code in FOR_STAFF}
        if None in doubted:  # the whole reading is in doubt
            continue
        ptype = fields.party_type
        if ptype and "party_type" not in doubted and ptype != case.party_type:
            case = case.with_(party_type=ptype)
        via = fields.connected_via
        if via and "connected_via" not in doubted and not case.umbrella:
            case = case.with_(umbrella=rules.exempt_umbrella(case.party_type, via))
    return case


@dataclass
class AgreementVerdict:
    accepted: dict[str, AcceptedAgreement] = field(default_factory=dict)  # all valid kinds, old and new
    newly_accepted: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    forms: list[Document] = field(default_factory=list)  # information forms sent early
    staff: list[Problem] = field(default_factory=list)  # readings only a person can confirm
    organisation: str | None = None
    cvr: str | None = None
    required: list[DocumentKind] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)   # for staff only (_STAFF_ONLY)
    signatures: list[str] = field(default_factory=list)    # how each signature was judged, per file
    drafts: list[str] = field(default_factory=list)        # unsigned drafts beside their signed copies, set aside

    @property
    def complete(self) -> bool:
        return not self.missing and not self.problems and all(k in self.accepted for k in self.required)


def evaluate_agreements(case: Case, docs: list[Document], rules: Rules) -> AgreementVerdict:
    """Accept each valid required agreement; name every problem of the rest and what is still missing."""
    required = rules.required_documents(case)
    v = AgreementVerdict(accepted=dict(case.agreements), required=required)
    candidates: list[Document] = []
    received: set[str] = set()
    set_aside = drafts.superseded(docs, case.agreements)
    for doc in docs:
        kind = doc.kind
        if doc.filename in set_aside:  # the agreement is received signed: its draft asks nothing
            v.drafts.append(doc.filename)
            continue
        probs = _asked_of(case, _doc_problems(doc))
        if kind == FORM_KIND:
            v.forms.append(doc)
            continue
        if kind not in AGREEMENT_KINDS:
            v.staff += [p for p in probs if p.code in FOR_STAFF]
            v.problems += [p for p in probs if p.code in _DOC_BLOCKING]
            continue
        aside = [p for p in probs if p.code in FOR_STAFF and p.field in NOT_DECIDING]
        if aside and kind in required:
            v.notices += [amended(p, read=doc.fields.as_json()) for p in aside]
            probs = [p for p in probs if p not in aside]
        unsure = [p for p in probs if p.code in FOR_STAFF]
        if unsure and kind in required:
            # a scan or a reading the bot is not sure of: staff confirm it (APPROVE), the party is not told
            # it made a mistake it may not have made; the timeline keeps what was read beside the doubt
            v.staff += [amended(p, read=doc.fields.as_json()) for p in unsure]
            received.add(kind)
            continue
        if kind not in required:
            other_dpa = {DocumentKind.DATA_PROCESSOR_AGREEMENT, DocumentKind.SUB_DATA_PROCESSOR_AGREEMENT} - {kind}
            if kind != DocumentKind.CONNECTION_AGREEMENT and other_dpa & set(required):
                v.problems.append(template.other_version(
                    doc.filename, kind, next(iter(other_dpa & set(required)))))
            continue  # e.g. a connection agreement from an exempt party: not needed, not judged
        received.add(kind)
        agreement = doc.agreement()
        signed = agreement.signed if agreement is not None else None
        v.signatures += [f"{doc.filename}: {describe_signature(sg)}" for sg in doc.signatures]
        v.notices += [p for p in probs if p.code in _STAFF_ONLY]
        probs = [p for p in probs if p.code not in _STAFF_ONLY]
        if signed is False and not any(p.code == "not_signed" for p in probs):
            # the reader said nothing of a signature block: not evidence that it is empty
            probs.append(signing.unseen(doc.filename, kind))
        if probs:
            v.problems += probs
        else:
            candidates.append(doc)

    # organisation and CVR must agree across every accepted document
    known = [f.cvr for f in v.accepted.values()]
    for doc in candidates:
        fields = doc.fields.as_json()
        cvr = fields.get("cvr")
        other = mismatch.other_cvr(cvr, known)
        if cvr and other is not None:
            v.problems.append(mismatch.cvr_problem(
                cvr, other, form=False, filename=doc.filename, document_kind=doc.kind))
            continue
        v.accepted[doc.kind] = AcceptedAgreement.model_validate(dict(fields, filename=doc.filename))
        v.newly_accepted.append(doc.kind)
        known.append(cvr)
    v.missing = [k for k in required if k not in v.accepted and k not in received]
    for f in v.accepted.values():
        v.organisation = v.organisation or f.organisation
        v.cvr = v.cvr or f.cvr
    return v


def _overlaps(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_network(a, strict=False).overlaps(ipaddress.ip_network(b, strict=False))
    except ValueError:
        return False


# what the form's judgement derives from the values itself: met again in a stored judgement's problems (a person
# corrected the reading), they are judged anew, never carried twice
_JUDGED_HERE = {(ProblemCode.MISMATCH, "cvr"), (ProblemCode.IP_SCOPE_OVERLAP, "ip_scopes")}


def evaluate_form(case: Case, doc: Document, other_scopes: tuple[tuple[str, str], ...]) -> list[Problem]:
    """Every question the party must answer before the form can go to TDC."""
    fields = doc.form() or FormFields()
    probs = _held_by_case(case, [p for p in _asked_of(case, _doc_problems(doc))
                                 if (p.code, p.field) not in _JUDGED_HERE])
    codes = {p.code for p in probs}
    if codes & _DOC_BLOCKING:
        return probs

    # an empty value the reader raised no problem for is what it did not find, not what the party left out;
    # a person's confirmation of the reading is evidence
    probs += _held_by_case(case, _asked_of(case, [
        amended(p, filename=doc.filename, document_kind=FORM_KIND) for p in
        missing.judged_again(probs, fields.as_json(), set(doc.confirmed), invalid_scopes="invalid_ip_scope" in codes)]))
    other = mismatch.other_cvr(fields.cvr, [case.cvr])
    if other is not None and fields.cvr:
        probs.append(mismatch.cvr_problem(fields.cvr, other, form=True, filename=doc.filename,
                                          document_kind=FORM_KIND))
    for scope in fields.ip_scopes:
        for other_ref, other in other_scopes:
            if other_ref != case.ref and _overlaps(scope, other):
                probs.append(problem(
                    "ip_scope_overlap", f"{scope} overlaps a network already used by another SDN party",
                    field="ip_scopes", detail=scope, other_case=other_ref, filename=doc.filename,
                    document_kind=FORM_KIND))
                break
    return probs


def told_addresses(case: Case, doc: Document) -> tuple[Document, tuple[str, ...]]:
    """The form with each address the reader read in two ways (broken at a line's end, a hyphen there or not:
    an `uncertain` problem with its `ways`) read the way the party's own mails tell (`broken_address.told`,
    by the addresses the case's mails came from), its doubt dropped; and the addresses so told. An address
    a form gave is no evidence of another read in the same doubt; where none tells, the doubt stays for staff."""
    form = doc.form()
    if form is None:
        return doc, ()
    known = broken_address.names(c.email for c in case.contacts if c.role == "sender")
    fields = form.as_json()
    kept: list[Problem] = []
    told: list[str] = []
    for p in doc.problems:
        ways = p.ways or [] if p.code == ProblemCode.UNCERTAIN else []
        way = broken_address.told(ways, known)
        person = _person_at(fields, p.field or "") if way else None
        if way is None or person is None or str(person.get("email") or "").lower() not in ways:
            kept.append(p)
            continue
        person["email"] = way
        told.append(way)
    if not told:
        return doc, ()
    return doc.model_copy(update={"fields": FormFields.model_validate(fields), "problems": kept}), tuple(told)


def _person_at(fields: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The contact a problem's field names in the form's JSON (`org_contact`, `technical_contacts[1]`)."""
    m = re.fullmatch(r"(org_contact|technical_contacts)(?:\[(\d+)\])?", path)
    if m is None:
        return None
    value = fields.get(m.group(1))
    if m.group(2) is not None:
        index = int(m.group(2))
        value = value[index] if isinstance(value, list) and index < len(value) else None
    return value if isinstance(value, dict) else None
