"""An unsigned draft beside its signed copy (issue 22, the `signed_twice` case): decided here once.

Parties attach the agreement they filled in and the copy they signed, or send a draft again after the
signed copy was accepted. When the mail or the case holds a signed copy of an agreement read with
certainty, that agreement is received: an unsigned draft of the same agreement is set aside. It is no
problem to tell the party (`not_signed`), and not one of "two files read as one kind" that may hide another
document (certainty.py), so it neither holds the case for staff nor makes the bot ask for anything.

Only a plain draft is set aside: read from text (not OCR), its only problems an absent signature or empty
fields (a doubt on one field at most), no template doubt, and no CVR other than the signed copy's. Anything
else about the second file is judged as before (a person looks where the reading is in doubt).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .readings import AgreementFields, Document
from .vocabulary import AGREEMENT_KINDS, ProblemCode

# what a signed copy may carry and still be read with certainty: a note for staff only
_STAFF_ONLY = frozenset({ProblemCode.SIGNER_UNTRUSTED})
# what an unsigned draft says of itself: nobody signed it, its fields are empty (a blank template)
_DRAFT_PROBLEMS = frozenset({ProblemCode.NOT_SIGNED, ProblemCode.MISSING_FIELD})


def _signed_copy(doc: Document) -> bool:
    """An agreement read from text as signed, with nothing in doubt."""
    fields = doc.agreement()
    return (doc.kind in AGREEMENT_KINDS and fields is not None and fields.signed is True and not doc.ocr
            and not doc.from_mail and all(p.code in _STAFF_ONLY for p in doc.problems))


def _plain_draft(doc: Document) -> bool:
    """An agreement read from text as not signed, whose only problems say that it is not signed or not
    filled in (a doubt on one named field is allowed; one on the template or the whole document is not)."""
    fields = doc.agreement()
    if doc.kind not in AGREEMENT_KINDS or fields is None or fields.signed is True or doc.ocr or doc.from_mail:
        return False
    for p in doc.problems:
        if p.code in _DRAFT_PROBLEMS or p.code in _STAFF_ONLY:
            continue
        if p.code == ProblemCode.UNCERTAIN and p.field and p.field != "template":
            continue
        return False
    return True


def superseded(documents: Iterable[Document], held: Mapping[str, AgreementFields] | None = None) -> frozenset[str]:
    """The files that are unsigned drafts of an agreement signed beside them (in `documents`) or already
    accepted by the case (`held`, by kind), their CVR (where read) that of the signed copy. A draft named as
    a signed copy of the mail is not told apart from it by name, so it is not set aside."""
    docs = list(documents)
    signed: dict[str, set[str | None]] = {str(k): {f.cvr} for k, f in (held or {}).items()}
    names = set()
    for doc in docs:
        fields = doc.agreement()
        if fields is not None and _signed_copy(doc):
            signed.setdefault(str(doc.kind), set()).add(fields.cvr)
            names.add(doc.filename)
    out = set()
    for doc in docs:
        fields = doc.agreement()
        copies = signed.get(str(doc.kind))
        if fields is None or not copies or doc.filename in names or not _plain_draft(doc):
            continue
        if fields.cvr is None or fields.cvr in copies:
            out.add(doc.filename)
    return frozenset(out)
