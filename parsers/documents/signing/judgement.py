"""What the reader sees of the party's signing of one agreement (one page range of a PDF), for the core to judge.

The reading: every digital signature of the file validated (validation.py) and placed (the party's box,
MedCom's, elsewhere or invisible), a signing service's evidence page and the party's signer on it, a drawing
or a typed name in the party's block, whether the party's signature place was found empty. Whether that is
signed enough is judged once, in the core (`mailbot/core/judgements/signing.py`), for PDFs and editable
files alike; this module gathers the evidence and writes each signature's entry as the contract shows it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mailbot.core.judgements import signing
from mailbot.core.judgements.signing import MEDCOM_CVR

from ...reading import Signature
from ..labels import find_labels
from ..page_types import Line, PdfContent, SigField
from ..signatures import (
    SCRIPT_FACE,
    awaited,
    evidence_pages,
    evidence_signers,
    party_signer,
    signer_title,
    typed_signatures,
)
from .blocks import (
    SIG_HEADING,
    US,
    caption_value,
    consume,
    drawn_signature,
    party_column,
    signature_section,
    title_over_name,
    under_rule,
    without_furniture,
)
from .validation import SignatureCheck, check_all

__all__ = ["MEDCOM_CVR", "Judgement", "judge_signing", "signing_evidence"]


@dataclass
class Judgement:
    """The evidence the reader saw, the core's judgement of it, and each signature as the contract shows it."""
    seen: signing.SigningEvidence
    judged: signing.Judged
    signatures: list[Signature] = field(default_factory=list)


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


# a signed field or byte range no check could read
_UNREADABLE = {"signer": None, "organisation": None, "cvr": None, "valid": False, "covers_document": False,
               "trusted": False, "note": "unreadable"}


def judge_signing(content: PdfContent, pages: Iterable[int] | None, organisation: str | None,
                  cvr: str | None, signatory: str | None, title: str | None = None) -> Judgement:
    """Did the party (organisation, CVR, signatory as the agreement names them) sign the agreement on
    these pages? The evidence read here, judged by the core."""
    seen, entries = signing_evidence(content, pages, signing.Party(organisation, cvr, signatory), title)
    judged = signing.judge(seen)
    roles = list(judged.roles) + [None] * (len(entries) - len(judged.roles))
    return Judgement(seen, judged, [e if role is None else e.model_copy(update={"role": role})
                                    for e, role in zip(entries, roles, strict=False)])


def signing_evidence(content: PdfContent, pages: Iterable[int] | None, party: signing.Party,
                     title: str | None = None) -> tuple[signing.SigningEvidence, list[Signature]]:
    """What the file shows of the party's signing of the agreement on these pages, and each signature's
    entry (contracts.md `signatures`, its role still to be judged). Every digital signature of the file is
    validated; a visible one counts for the agreement whose pages hold it, an invisible one (zero-size box)
    for every agreement in the file."""
    page_set = set(pages) if pages is not None else set(content.pages_read) or {ln.page for ln in content.lines}
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
        elif not h.value and h.key in ("name", "title"):
            h.value = caption_value(party_lines, h)  # the printed name under its small caption: no signature
        consume(party_lines, h, consumed)

    # digital signatures: each checked, and where its box stands
    checks = check_all(content.data) if b"/ByteRange" in content.data else []
    digital: list[signing.DigitalSignature] = []
    entries: list[Signature] = []
    section_pages = {ln.page for ln in section}
    for c in checks:
        sf = _field_of(c, content.sig_fields)
        invisible = _invisible(sf)
        if not invisible and sf is not None and sf.page not in page_set:
            continue  # another agreement's signature in the same file
        entries.append(c.public())
        in_section = not invisible and sf is not None and party_x is not None and sf.page in section_pages
        in_party_box = in_section and sf is not None and party_x is not None and \
            party_x[0] - 20 <= (sf.bbox[0] + sf.bbox[2]) / 2 <= party_x[1]
        digital.append(signing.DigitalSignature(
            signer=c.signer, organisation=c.organisation, cvr=c.cvr, email=c.email, valid=c.valid,
            checked=c.checked, covers_document=c.covers_document, trusted=c.trusted, changed=c.changed,
            error=c.error, signing_time=c.signing_time,
            place="party" if in_party_box else "other" if in_section else "elsewhere"))

    # a signed /Sig field pyHanko could not read at all, or a byte range in a file whose structure is damaged
    read = {c.field_name.split(".")[-1] for c in checks}
    unreadable = tuple(sf.name for sf in content.sig_fields if sf.signed and sf.name.split(".")[-1] not in read
                       and (_invisible(sf) or sf.page in page_set))
    damaged = not checks and not unreadable and bool(re.search(rb"/ByteRange\s*\[", content.data))
    entries += [Signature.model_validate(_UNREADABLE) for _ in range(len(unreadable) + damaged)]

    # a signing service's evidence page, and the party's signer on it
    listed = evidence_signers(content, ev_pages, party.signatory)
    signer = party_signer(listed, party.signatory, party.organisation, title)
    service = signing.ServiceSigner(signer.name, signer_title(signer, party.organisation), signer.date) \
        if signer else None

    # a drawing and a typed name in the party's block (not its heading, "For Fjordby Kommune")
    drawn = bool(section) and drawn_signature(content, section, party_x)
    # the block's first line is its heading ("For Fjordby Kommune"), unless a cell of it is in a hand's face
    # (script, italic): the party's signature, standing first where the section's heading was the block's own
    headings = {(0, k) for k, seg in enumerate(party_lines[0].segments)
                if not all(SCRIPT_FACE.search(w.face) for w in seg.words)} if party_lines else set()
    printed = under_rule(content, party_lines)  # a name under the signature's rule is printed, not signed
    placed = title_over_name(party_lines)  # the name under the rule with the title over it: printed too
    if placed is not None:
        printed |= {(placed[0], 0)}
    typed = next((t for t in typed_signatures(party_lines, consumed | headings | printed)
                  if signing.typed_mark(t, party)), None)
    waits = signer is None and awaited(content, ev_pages, [party.signatory, party.organisation])
    if typed and waits:
        typed = None  # the service still waits for the party's signature: the name in the block is printed
    seen = signing.SigningEvidence(
        party=party, digital=tuple(digital), unreadable_fields=unreadable, damaged=damaged,
        service_signer=service,
        service_listed=tuple(f"{x.name} ({x.date})" for x in listed if not US.search(f"{x.name} {x.role or ''}")),
        drawn=drawn, typed=typed, place_empty=_place_empty(content, section, party_lines), service_awaits=waits,
        file_ocr=bool(content.ocr_pages), file_evidence_page=bool(evidence_pages(content)),
        file_signature_bytes=b"/ByteRange" in content.data,
        ocr=any(p in page_set for p in content.ocr_pages))
    return seen, entries


def _place_empty(content: PdfContent, section: list[Line], party_lines: list[Line]) -> bool:
    """The party's block was found with its signature place (a signature label with nothing after it, an
    empty signature field) and no drawing stands in the block in any column."""
    if not party_lines:
        return False
    pages = {ln.page for ln in section}
    # the section's heading ("Signatures", "Underskrifter") is no signature place: left alone, it means the
    # party's block itself was not told apart (a caption not seen as one), which says nothing of a signature
    place = any(h.value is None and not SIG_HEADING.match(party_lines[h.line].text)
                for h in find_labels(party_lines, ["signature"], below=False)) or any(
        not sf.signed and sf.page in pages for sf in content.sig_fields)
    return place and not drawn_signature(content, section, None)
