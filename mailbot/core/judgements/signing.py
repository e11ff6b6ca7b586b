"""Did the party sign the agreement ("signed enough")? Decided here once, for a PDF and an editable file alike.

The reader gathers what it saw (`SigningEvidence`: each digital signature as pyHanko checked it and where
its box stands, a signing service's evidence page, a drawn or typed mark in the party's block, whether the
party's signature place was found empty, an editable file's pictures and XML signature); `judge` weighs it.

Evidence, strongest first: a digital signature by the party that is valid and covers the document; a
signing service's evidence page naming the party's signer; a drawn signature or a typed name in the
party's block. Nothing outweighs a broken signature or a change after signing: then it is not signed.
`not_signed` is told to a party only on positive evidence (certainty.py): a signature that positively does
not hold (`invalid`), the party's signature place found empty with nothing anywhere else in the file that
could be a signature, or a signing service's page saying it still awaits the party's signer (`found_empty`);
short of that the problem says `not_found` or `unreadable` and a person judges. A page read by OCR holds its
signature in the picture: no `not_signed` at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..vocabulary import ProblemCode
from . import Problem, problem

MEDCOM_CVR = "26919991"
_MEDCOM = re.compile(r"medcom", re.I)
# a heading above the party's block ("For Fjordby Kommune", "On behalf of", "På vegne af"), not a name
_HEADING = re.compile(r"^(?:for|on\s+behalf|på\s+vegne)\b", re.I)

HOW_TO_SIGN = ("An agreement must be signed: please save it as a PDF and sign the PDF digitally (for "
               "example with MitID Erhverv), or print it, sign it by hand and send us the scanned pages.")

Verdict = Literal["signed", "not_signed", "uncertain"]
# where a digital signature's visible box stands: in the party's block, in another block of the signature
# section (MedCom's), or elsewhere (another page, outside the section, or invisible: a zero-size box)
Place = Literal["party", "other", "elsewhere"]
# what a digital signature is judged to be: the party's, MedCom's countersignature, someone else's, or the
# seal of a signing service whose evidence page names the party; None for one that does not hold
Role = Literal["party", "medcom", "other", "service"]


@dataclass(frozen=True)
class Party:
    """The party as the agreement names it: whose signature is wanted."""
    organisation: str | None = None
    cvr: str | None = None
    signatory: str | None = None


@dataclass(frozen=True)
class DigitalSignature:
    """One digital signature that counts for this agreement, as the reader checked it (pyHanko)."""
    signer: str | None = None          # the certificate's subject CN
    organisation: str | None = None    # its O
    cvr: str | None = None
    email: str | None = None
    valid: bool = False                # its bytes match and the signer's key made it
    checked: bool = False              # the validation ran: `valid` False is then positive evidence
    covers_document: bool = False      # nothing after it but what its permissions allow
    trusted: bool = False              # chains to a configured trust root
    changed: str | None = None         # what was changed after signing, in words
    error: str | None = None           # why it is broken, in words
    signing_time: str | None = None    # YYYY-MM-DD
    place: Place = "elsewhere"


@dataclass(frozen=True)
class ServiceSigner:
    """The signer a signing service's evidence page names as the party's (signatures.py `party_signer`)."""
    name: str
    title: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class EditableFile:
    """An agreement in a Word or ODF file, which cannot carry a signature the bot can verify."""
    what: str                          # "The Word file Aftale.docx"
    pictures: int = 0                  # pictures anywhere in it (one may be a pasted signature)
    xml_signature: bool = False        # the package carries an XML digital signature part
    read_as_signed: bool = False       # its laid-out pages read as signed (a typed name on the signature line)


@dataclass(frozen=True)
class SigningEvidence:
    """What the reader saw of the party's signing of one agreement; nothing here is judged yet."""
    party: Party = Party()
    digital: tuple[DigitalSignature, ...] = ()     # in the file's order
    unreadable_fields: tuple[str, ...] = ()        # signed signature fields pyHanko could not read at all
    damaged: bool = False                          # the file holds a signature's byte range, none readable
    service_signer: ServiceSigner | None = None
    service_listed: tuple[str, ...] = ()           # evidence-page signers not MedCom's, "name (date)"
    drawn: bool = False                            # a drawing or picture in the party's block
    typed: str | None = None                       # a name-like text on the party's signature line
    place_empty: bool = False                      # the party's signature place found, nothing in or near it
    # a signing service's page says it still waits for the party's signer ("Afventer underskrift fra Karen
    # Lund", "Awaiting signature from ..."), and names no signer of the party: the service's own word
    service_awaits: bool = False
    file_ocr: bool = False                         # a page of the file was read by OCR
    file_evidence_page: bool = False               # the file holds a signing service's evidence page
    file_signature_bytes: bool = False             # the file holds a digital signature's byte range
    ocr: bool = False                              # a page of this agreement was read by OCR
    editable: EditableFile | None = None


@dataclass
class Judged:
    """The judgement: signed or not and on what evidence, the problems, and each digital signature's role."""
    verdict: Verdict = "uncertain"
    evidence: list[str] = field(default_factory=list)   # "signature", "evidence_page", "image", "typed"
    problems: list[Problem] = field(default_factory=list)
    not_signed: Problem | None = None
    roles: list[Role | None] = field(default_factory=list)   # one per `SigningEvidence.digital`
    date: str | None = None
    signatory_name: str | None = None     # named by the party's certificate or an evidence page
    signatory_title: str | None = None
    confidence: float | None = None       # the reading's confidence in `signed`, where the judgement sets it

    @property
    def signed(self) -> bool:
        return self.verdict == "signed"


def _norm(text: str | None) -> str:
    return re.sub(r"[\s.,]+", " ", (text or "")).strip().casefold()


def _same_person(a: str | None, b: str | None) -> bool:
    """Same first and last name ("Karen Lund" and "Karen M. Lund")."""
    x, y = _norm(a).split(), _norm(b).split()
    return bool(x and y) and x[0] == y[0] and x[-1] == y[-1]


def _same_org(a: str | None, b: str | None) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x == y or x in y or y in x)


def is_medcom(s: DigitalSignature) -> bool:
    """MedCom's own certificate: its CVR, or MedCom in its organisation, name or e-mail."""
    return s.cvr == MEDCOM_CVR or any(_MEDCOM.search(t or "") for t in (s.organisation, s.signer, s.email))


def party_match(s: DigitalSignature, party: Party) -> tuple[bool, bool]:
    """(the certificate is the party's, it is someone else's). Its strongest identity decides: its CVR,
    else its organisation, else the person (the agreement's signatory); with none to compare, neither."""
    if s.cvr and party.cvr:
        return s.cvr == party.cvr, s.cvr != party.cvr
    if s.organisation and party.organisation:
        same = _same_org(s.organisation, party.organisation)
        return same, not same
    if s.signer and party.signatory:
        same = _same_person(s.signer, party.signatory)
        return same, not same
    return False, False


def who(s: DigitalSignature) -> str:
    """The signer as a message names them: "Karen Lund (Kystby Kommune, CVR 29189919)"."""
    org = ", ".join(x for x in (s.organisation, f"CVR {s.cvr}" if s.cvr else None) if x)
    return (s.signer or "an unnamed signer") + (f" ({org})" if org else "")


def typed_mark(typed: str | None, party: Party) -> bool:
    """A typed name on the signature line is a mark, not a heading ("For Fjordby Kommune") nor the
    organisation's own name."""
    return bool(typed) and not _HEADING.match(typed or "") and \
        not (party.organisation and party.organisation.casefold() in (typed or "").casefold())


def judge(e: SigningEvidence) -> Judged:
    """Signed, not signed or for a person to judge, from the evidence alone (pure)."""
    if e.editable is not None:
        return _judge_editable(e.editable)
    j = Judged(roles=[None] * len(e.digital))
    party = e.party
    why_not = ""
    blocking: list[str] = []
    positive = False  # a blocking reason that is positive evidence (not the reader's limit)
    mine: list[DigitalSignature] = []
    foreign: list[tuple[int, DigitalSignature]] = []  # neither the party's nor MedCom's
    for n, s in enumerate(e.digital):
        if not s.valid:
            j.problems.append(problem(ProblemCode.SIGNATURE_INVALID.value,
                                      f"The signature by {who(s)} is not valid: {s.error}.",
                                      evidence=None if s.checked else "unreadable"))
            blocking.append(s.error or "a signature is not valid")
            positive = positive or s.checked
            continue
        if not s.covers_document:
            j.problems.append(problem(ProblemCode.CHANGED_AFTER_SIGNING.value, f"Signed by {who(s)}, but {s.changed}."))
            blocking.append(s.changed or "the document was changed after it was signed")
            positive = True
            continue
        medcom = is_medcom(s)
        matches, conflicts = party_match(s, party)
        # a certificate naming nothing to compare is the party's only in the party's own signature place: over
        # the file (invisible, elsewhere) it may be anyone's (an archive's seal on an unsigned agreement)
        theirs = matches or (not conflicts and s.place == "party")
        j.roles[n] = "medcom" if medcom else "party" if theirs else "other"
        if medcom:
            if s.place == "party":
                j.problems.append(problem(ProblemCode.SIGNER_MISMATCH.value, "The party's signature field is "
                                          f"signed by {who(s)}, MedCom's own certificate, not by the party."))
                why_not = why_not or "its signature field is signed by MedCom, not by the party"
            continue  # MedCom's countersignature: fine, but not the party's
        if s.place == "other" and not matches:
            j.problems.append(problem(ProblemCode.SIGNER_MISMATCH.value, f"MedCom's signature field is signed "
                                      f"by {who(s)}, who is not MedCom."))
            continue
        if theirs:
            mine.append(s)
        else:
            foreign.append((n, s))

    for name in e.unreadable_fields:
        # a signed field pyHanko could not read at all is a signature nobody can vouch for
        j.problems.append(problem(ProblemCode.SIGNATURE_INVALID.value, f"The digital signature in field '{name}' "
                                  "could not be read, so it cannot be validated.", evidence="unreadable"))
        blocking.append("a digital signature in it could not be read")
    if e.damaged and not blocking:
        j.problems.append(problem(ProblemCode.SIGNATURE_INVALID.value, "The file holds a digital signature that "
                                  "could not be read (the file's structure is damaged), so it cannot be "
                                  "validated.", evidence="unreadable"))
        blocking.append("a digital signature in it could not be read")

    if blocking:
        # A broken signature or a change after signing: whatever else shows a signature (a typed name, an
        # image, an evidence page) came with a document that is not the one signed.
        return _unsigned(j, e, blocking[0], "invalid" if positive else "unreadable")

    for s in mine:
        j.evidence.append("signature")
        j.date = j.date or s.signing_time
        j.signatory_name = j.signatory_name or s.signer
        if not s.trusted:
            j.problems.append(problem(ProblemCode.SIGNER_UNTRUSTED.value, f"The signature by {who(s)} is valid, "
                                      "but its certificate chains to none of the trusted roots ([signatures] "
                                      "trust_roots); check the signing service."))

    signer = e.service_signer
    if signer:
        j.evidence.append("evidence_page")
        j.signatory_name = j.signatory_name or signer.name
        j.signatory_title = signer.title
        j.date = j.date or signer.date

    for n, s in foreign:
        if signer and s.place != "party":
            j.roles[n] = "service"  # a signing service's seal over the evidence page that names the party
            if not s.trusted:
                j.problems.append(problem(ProblemCode.SIGNER_UNTRUSTED.value, "The signing service's seal by "
                                          f"{who(s)} is valid, but its certificate chains to none of the trusted "
                                          "roots ([signatures] trust_roots)."))
            continue
        named = ", ".join(x for x in (party.organisation, f"CVR {party.cvr}" if party.cvr else None,
                                      party.signatory) if x)
        if s.place != "party":
            # someone else's signature over the file, not in the party's place (an archive's or a mail gateway's
            # seal, a colleague's certificate): not the party's signature, and no evidence that the party did
            # not sign its block either; a person judges, the party is told nothing of it
            if party_match(s, party)[1]:
                j.problems.append(problem(ProblemCode.SIGNER_MISMATCH.value, f"The signature by {who(s)} is not "
                                          f"the party's (the agreement names {named}).", field="signed"))
            j.problems.append(problem(ProblemCode.UNCERTAIN.value, f"The file carries a digital signature by "
                                      f"{who(s)}, who is not recognisably the party ({named or 'not named'}), outside "
                                      "the party's signature "
                                      "place; a staff member must judge whether the party signed.",
                                      field="signed", seen=who(s)[:200]))
            continue
        j.problems.append(problem(ProblemCode.SIGNER_MISMATCH.value, f"The signature by {who(s)} is not the "
                                  f"party's (the agreement names {named})."))
        why_not = why_not or f"the digital signature is by {who(s)}, not by the party"

    if e.drawn:
        j.evidence.append("image")
    if typed_mark(e.typed, party):
        j.evidence.append("typed")

    if why_not and "signature" not in j.evidence and "evidence_page" not in j.evidence:
        # a digital signature by someone else is in the party's place: a typed name or a drawing does not help
        return _unsigned(j, e, why_not, "invalid")
    if j.evidence:
        j.verdict = "signed"
        return j
    absence = "not_found"
    if e.service_listed:
        # a signing service says someone other than MedCom signed, but not recognisably the party's
        # signatory: whether the party signed is for a person to judge, not "not signed" to the party
        names = ", ".join(e.service_listed[:3])
        j.problems.append(problem(ProblemCode.UNCERTAIN.value, f"A signing service's evidence page lists {names}, "
                                  "who is not recognisably the party's signatory "
                                  f"({party.signatory or 'not named'}); a staff member must judge whether the "
                                  "party signed.", field="signed", seen=names[:200]))
    elif found_empty(e):
        absence = "found_empty"
    elif awaits_party(e):
        absence = "found_empty"
        why_not = "the signing service's page says it still awaits the party's signature"
    return _unsigned(j, e, why_not, absence)


def _unsigned(j: Judged, e: SigningEvidence, why: str, absence: str) -> Judged:
    """Not signed, with the `not_signed` problem's evidence (`absence`): certain only when it is positive
    (`invalid`, `found_empty`). A page read by OCR holds its signature in the picture: no `not_signed`."""
    if e.ocr:
        j.verdict = "uncertain"
        return j
    j.verdict = "not_signed" if absence in ("invalid", "found_empty") else "uncertain"
    j.not_signed = problem(ProblemCode.NOT_SIGNED.value, "The agreement is not signed by the party"
                           + (f": {why}." if why else "."), evidence=absence)
    return j


def found_empty(e: SigningEvidence) -> bool:
    """Positive evidence that the party did not sign: its signature place was found with nothing in or near
    it, and nothing anywhere else in the file could be a signature (no digital signature, no signing
    service's page, no page read by OCR). Short of that unsigned cannot be told from unseen."""
    return e.place_empty and not (e.file_ocr or e.file_evidence_page or e.file_signature_bytes)


def awaits_party(e: SigningEvidence) -> bool:
    """Positive evidence from the signing service itself: its page says it still waits for the party's signer,
    and nothing else in the file could be the party's signature (no digital signature's bytes, no page read by
    OCR, no other signer listed). A round not finished is not signed, and the party may be told so."""
    return e.service_awaits and not (e.file_ocr or e.file_signature_bytes or e.damaged or e.unreadable_fields
                                     or e.service_listed or e.service_signer)


def _judge_editable(f: EditableFile) -> Judged:
    """A Word or ODF agreement: not signed, or (something like a signature in it) for a person to judge."""
    if f.xml_signature or f.pictures or f.read_as_signed:
        why = "an XML digital signature" if f.xml_signature else "a picture" if f.pictures else "a typed name"
        return Judged(verdict="uncertain", confidence=0.3, problems=[problem(
            ProblemCode.UNCERTAIN.value, f"{f.what} is an agreement with {why} where a signature may be; an "
            "editable file cannot carry a signature the bot can verify, so a staff member must decide whether it "
            "is signed.", field="signed", seen=why)])
    # positive evidence: an editable file with nothing where a signature could be (no typed name, no picture,
    # no XML signature) is not signed, and the party may be told so
    return Judged(verdict="not_signed", not_signed=problem(
        ProblemCode.NOT_SIGNED.value, f"{f.what} is the agreement, but a Word or LibreOffice file is not signed. "
        f"{HOW_TO_SIGN}", how_to_sign=HOW_TO_SIGN, evidence="found_empty"))


def unseen(filename: str | None, kind: str | None) -> Problem:
    """An agreement read as not signed whose reader said nothing of its signature block (the machine's
    judgement of a reading without the reader's own `not_signed`): not evidence that it is empty."""
    return problem(ProblemCode.NOT_SIGNED.value, "the document is not signed", filename=filename,
                   document_kind=kind, evidence="not_found")
