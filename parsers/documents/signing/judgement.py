"""The judgement of whether the party signed one agreement (one page range of a PDF).

Evidence, strongest first: a digital signature by the party that is valid and covers the document; a
signing service's evidence page naming the party's signer; a drawn signature or a typed name in the
party's block. Nothing outweighs a broken signature or a change after signing: then it is not signed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ...problems import problem
from ..labels import find_labels
from ..page_types import Line, PdfContent, SigField
from ..signatures import evidence_pages, evidence_signers, party_signer, signer_title, typed_signature
from .blocks import US, consume, drawn_signature, party_column, signature_section, without_furniture
from .validation import SignatureCheck, check_all

MEDCOM_CVR = "26919991"


@dataclass
class Judgement:
    """Signed or not, and why: the evidence, the problems, and each signature as the contract shows it."""
    signed: bool = False
    evidence: list[str] = field(default_factory=list)   # "signature", "evidence_page", "image", "typed"
    problems: list[dict[str, str]] = field(default_factory=list)
    signatures: list[dict[str, Any]] = field(default_factory=list)
    date: str | None = None
    signatory_name: str | None = None     # named by an evidence page or the party's certificate
    signatory_title: str | None = None
    why_not: str = ""                     # for the not_signed message
    # the not_signed problem's evidence (mailbot/core/certainty.py): "found_empty" (the party's signature
    # place was found and nothing is in it or anywhere near), "invalid" (a signature that positively does
    # not hold), "unreadable" (one that could not be read), else "not_found"
    absence: str = "not_found"


def _norm(text: str | None) -> str:
    return re.sub(r"[\s.,]+", " ", (text or "")).strip().casefold()


def _same_person(a: str | None, b: str | None) -> bool:
    """Same first and last name ("Karen Lund" and "Karen M. Lund")."""
    x, y = _norm(a).split(), _norm(b).split()
    return bool(x and y) and x[0] == y[0] and x[-1] == y[-1]


def _same_org(a: str | None, b: str | None) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x == y or x in y or y in x)


def is_medcom(c: SignatureCheck) -> bool:
    return c.cvr == MEDCOM_CVR or any(US.search(t or "") for t in (c.organisation, c.signer, c.email))


def _who(c: SignatureCheck) -> str:
    bits = [c.signer or "an unnamed signer"]
    org = ", ".join(x for x in (c.organisation, f"CVR {c.cvr}" if c.cvr else None) if x)
    return bits[0] + (f" ({org})" if org else "")


def _field_of(c: SignatureCheck, fields: list[SigField]) -> SigField | None:
    for sf in fields:
        if sf.name == c.field_name or sf.name.split(".")[-1] == c.field_name.split(".")[-1]:
            return sf
    return None


def _invisible(sf: SigField | None) -> bool:
    if sf is None:
        return True
    x0, top, x1, bottom = sf.bbox
    return abs(x1 - x0) < 1 or abs(bottom - top) < 1


def _party_match(c: SignatureCheck, organisation: str | None, cvr: str | None,
                 signatory: str | None) -> tuple[bool, bool]:
    """(the certificate is the party's, it is someone else's). The certificate's strongest identity
    decides: its CVR, else its organisation, else the person (the agreement's signatory)."""
    if c.cvr and cvr:
        return c.cvr == cvr, c.cvr != cvr
    if c.organisation and organisation:
        same = _same_org(c.organisation, organisation)
        return same, not same
    if c.signer and signatory:
        same = _same_person(c.signer, signatory)
        return same, not same
    return False, False


def judge_signing(content: PdfContent, pages: Iterable[int] | None, organisation: str | None,
                  cvr: str | None, signatory: str | None, title: str | None = None) -> Judgement:
    """Did the party (organisation, CVR, signatory as the agreement names them) sign the agreement on
    these pages? Every digital signature of the file is validated; a visible one counts for the
    agreement whose pages hold it, an invisible one (zero-size box) for every agreement in the file."""
    page_set = set(pages) if pages is not None else set(content.pages_read) or {ln.page for ln in content.lines}
    j = Judgement()
    ev_pages = [p for p in evidence_pages(content) if p in page_set]
    mine = without_furniture([ln for ln in content.lines if ln.page in page_set])
    lines = [ln for ln in mine if ln.page not in ev_pages]
    start, end = signature_section(lines)
    if start < 0 and ev_pages:
        lines = mine
        start, end = signature_section(lines)
    section = lines[start:end] if start >= 0 else []
    party_lines, party_x = party_column(section, max((ln.segments[-1].x1 for ln in lines), default=None))
    consumed: set[tuple[int, int]] = set()
    for h in find_labels(party_lines, ["date", "name", "title", "signature"]):
        if h.key == "signature":
            h.value = None  # what stands at the signature label is the signature, not a value to set aside
        consume(party_lines, h, consumed)

    # 1. digital signatures
    checks = check_all(content.data) if b"/ByteRange" in content.data else []
    party_sigs: list[SignatureCheck] = []
    foreign: list[tuple[SignatureCheck, dict[str, Any], bool]] = []  # neither the party's nor MedCom's
    blocking: list[str] = []
    positive = False  # a blocking reason that is positive evidence (not the reader's limit)
    section_pages = {ln.page for ln in section}
    for c in checks:
        sf = _field_of(c, content.sig_fields)
        invisible = _invisible(sf)
        if not invisible and sf is not None and sf.page not in page_set:
            continue  # another agreement's signature in the same file
        entry = c.public()
        if c.changed or c.error:
            entry["note"] = c.changed or c.error
        j.signatures.append(entry)
        in_party_box = (not invisible and sf is not None and party_x is not None and sf.page in section_pages
                        and party_x[0] - 20 <= (sf.bbox[0] + sf.bbox[2]) / 2 <= party_x[1])
        in_other_box = (not invisible and sf is not None and party_x is not None and sf.page in section_pages
                        and not in_party_box)
        if not c.valid:
            msg = f"The signature by {_who(c)} is not valid: {c.error}."
            j.problems.append(problem("signature_invalid", msg,
                                      **({} if c.checked else {"evidence": "unreadable"})))
            blocking.append(c.error or "a signature is not valid")
            positive = positive or c.checked
            continue
        if not c.covers_document:
            j.problems.append(problem("changed_after_signing", f"Signed by {_who(c)}, but {c.changed}."))
            blocking.append(c.changed or "the document was changed after it was signed")
            positive = True
            continue
        medcom = is_medcom(c)
        matches, conflicts = _party_match(c, organisation, cvr, signatory)
        entry["role"] = "medcom" if medcom else "party" if matches or not conflicts else "other"
        if medcom:
            if in_party_box:
                j.problems.append(problem("signer_mismatch", f"The party's signature field is signed by "
                                          f"{_who(c)}, MedCom's own certificate, not by the party."))
                j.why_not = j.why_not or "its signature field is signed by MedCom, not by the party"
            continue  # MedCom's countersignature: fine, but not the party's
        if in_other_box and not matches:
            j.problems.append(problem("signer_mismatch", f"MedCom's signature field is signed by {_who(c)}, "
                                      "who is not MedCom."))
            continue
        if matches or not conflicts:
            party_sigs.append(c)
        else:
            foreign.append((c, entry, in_party_box))

    # a signed /Sig field pyHanko could not read at all is a signature nobody can vouch for
    seen = {c.field_name.split(".")[-1] for c in checks}
    for sf in content.sig_fields:
        if sf.signed and sf.name.split(".")[-1] not in seen and (_invisible(sf) or sf.page in page_set):
            j.signatures.append({"signer": None, "organisation": None, "cvr": None, "valid": False,
                                 "covers_document": False, "trusted": False, "note": "unreadable"})
            j.problems.append(problem("signature_invalid", f"The digital signature in field '{sf.name}' "
                                      "could not be read, so it cannot be validated.", evidence="unreadable"))
            blocking.append("a digital signature in it could not be read")

    if not checks and re.search(rb"/ByteRange\s*\[", content.data) and not blocking:
        j.signatures.append({"signer": None, "organisation": None, "cvr": None, "valid": False,
                             "covers_document": False, "trusted": False, "note": "unreadable"})
        j.problems.append(problem("signature_invalid", "The file holds a digital signature that could not be "
                                  "read (the file's structure is damaged), so it cannot be validated.",
                                  evidence="unreadable"))
        blocking.append("a digital signature in it could not be read")

    if blocking:
        # A broken signature or a change after signing: whatever else shows a signature (a typed name, an
        # image, an evidence page) came with a document that is not the one signed.
        j.why_not = blocking[0]
        j.absence = "invalid" if positive else "unreadable"
        return j

    for c in party_sigs:
        j.evidence.append("signature")
        j.date = j.date or c.signing_time
        j.signatory_name = j.signatory_name or c.signer
        if not c.trusted:
            j.problems.append(problem("signer_untrusted", f"The signature by {_who(c)} is valid, but its "
                                      "certificate chains to none of the trusted roots ([signatures] "
                                      "trust_roots); check the signing service."))

    # 2. a signing service's evidence page
    listed = evidence_signers(content, ev_pages)
    signer = party_signer(listed, signatory, organisation, title)
    unmatched = [x for x in listed if not US.search(f"{x.name} {x.role or ''}")]
    if signer:
        j.evidence.append("evidence_page")
        j.signatory_name = j.signatory_name or signer.name
        j.signatory_title = signer_title(signer, organisation)
        j.date = j.date or signer.date

    for c, entry, in_party_box in foreign:
        if signer and not in_party_box:
            entry["role"] = "service"  # a signing service's seal over the evidence page that names the party
            if not c.trusted:
                j.problems.append(problem("signer_untrusted", f"The signing service's seal by {_who(c)} is "
                                          "valid, but its certificate chains to none of the trusted roots "
                                          "([signatures] trust_roots)."))
            continue
        named = ", ".join(x for x in (organisation, f"CVR {cvr}" if cvr else None, signatory) if x)
        j.problems.append(problem("signer_mismatch", f"The signature by {_who(c)} is not the party's "
                                  f"(the agreement names {named})."))
        j.why_not = j.why_not or f"the digital signature is by {_who(c)}, not by the party"

    # 3. a drawn signature, 4. a typed name (not a heading such as "For Fjordby Kommune")
    if section and drawn_signature(content, section, party_x):
        j.evidence.append("image")
    headings = {(0, k) for k in range(len(party_lines[0].segments))} if party_lines else set()
    typed = typed_signature(party_lines, consumed | headings)
    if typed and not re.match(r"^(?:for|on\s+behalf|på\s+vegne)\b", typed, re.I) and \
            not (organisation and organisation.casefold() in typed.casefold()):
        j.evidence.append("typed")

    if j.why_not and "signature" not in j.evidence and "evidence_page" not in j.evidence:
        j.absence = "invalid"
        return j  # a digital signature by someone else is in the party's place: a typed name does not help
    j.signed = bool(j.evidence)
    if not j.signed and unmatched:
        # a signing service says someone other than MedCom signed, but not recognisably the party's
        # signatory: whether the party signed is for a person to judge, not "not signed" to the party
        names = ", ".join(f"{x.name} ({x.date})" for x in unmatched[:3])
        j.problems.append(problem("uncertain", f"A signing service's evidence page lists {names}, who is not "
                                  f"recognisably the party's signatory ({signatory or 'not named'}); a staff member "
                                  "must judge whether the party signed.", field="signed", seen=names[:200]))
    elif not j.signed and _found_empty(content, section, party_lines):
        j.absence = "found_empty"
    return j


def _found_empty(content: PdfContent, section: list[Line], party_lines: list[Line]) -> bool:
    """Positive evidence that the party did not sign: its block was found with its signature place (a
    signature label, an empty signature field) and nothing is there, and nothing anywhere else in the file
    could be a signature (no digital signature, no signing service's page, no drawing in the block in any
    column, no page read by OCR). Short of that the reader cannot tell unsigned from unseen."""
    if not party_lines or content.ocr_pages or evidence_pages(content) or b"/ByteRange" in content.data:
        return False
    pages = {ln.page for ln in section}
    place = any(h.value is None for h in find_labels(party_lines, ["signature"], below=False)) or any(
        not sf.signed and sf.page in pages for sf in content.sig_fields)
    return place and not drawn_signature(content, section, None)
