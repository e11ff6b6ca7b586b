"""What the bot may tell a party: only what the reading is certain of (issue 22).

A party is told that something is missing, wrong or unsigned only on positive evidence. The reader says
what it saw in each problem's `"evidence"` (README, *How documents are read*):

- `found_empty`: the thing's place was found and nothing is in it (a label or form field with no value,
  a section holding only its labels, a signature block with its signature line empty);
- `not_found`: the reader did not find the place; the thing may be there in a form it does not read;
- `recognised`: the document was positively recognised as another template or version;
- `invalid`: a thing was found and is positively wrong (a signature whose bytes or value do not verify,
  a document changed after signing, someone else's certificate in the party's place);
- `unreadable`: a thing was found but could not be read (a signature pyHanko cannot parse);
- `confirmed`: a person (staff) confirmed the reading.

A problem that says something is *absent* (`missing_field`, `not_signed`, `missing_document`) is certain
only with `found_empty`, `invalid` (for `not_signed`) or `confirmed`; without evidence it is not: a field
that is null is what the reader did not find, not what the party left out. A problem about a value or a
document that was read (`invalid_cvr`, `mismatch`, `wrong_template`, `ip_scope_overlap`, ...) is certain
unless its evidence says otherwise or the reading itself is in doubt (read by OCR, `uncertain` on that
field or on the whole document). The reader's own limits (a PDF it could not read, a timeout) are never
the party's mistake.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import drafts, readings
from .readings import Problem
from .vocabulary import DocumentKind, ProblemCode

# absence: said only on positive evidence
ABSENCE = frozenset({ProblemCode.MISSING_FIELD, ProblemCode.NOT_SIGNED, ProblemCode.MISSING_DOCUMENT})
DOUBT = frozenset({"not_found", "unreadable", "disagree"})
# the reader could not read a document (or a part of the mail): what it holds is unknown
UNREAD = frozenset({ProblemCode.UNREADABLE, ProblemCode.TOO_LARGE, ProblemCode.TIMEOUT, ProblemCode.PARSE_ERROR})
# a document only a person can place or confirm
UNSURE = frozenset({ProblemCode.UNCERTAIN, ProblemCode.UNKNOWN_DOCUMENT})
# the mail's own problems that mean an attachment was not read (it may be the document we lack)
# (an encrypted mail or file: OpenPGP, or S/MIME without MedCom's key, may hold every document)
UNREAD_ATTACHMENT = frozenset({ProblemCode.UNSUPPORTED_ATTACHMENT, ProblemCode.NOT_PDF, ProblemCode.TOO_LARGE,
                               ProblemCode.TIMEOUT, ProblemCode.PARSE_ERROR, ProblemCode.MALFORMED_MAIL,
                               ProblemCode.ENCRYPTED})
# told to staff only, never to the party (a signing service MedCom has not listed is no mistake)
STAFF_ONLY = frozenset({ProblemCode.SIGNER_UNTRUSTED})


def _key(p: Problem) -> tuple[Any, Any]:
    return p.filename, p.document_kind or (p.model_extra or {}).get("kind")


def _doubted(documents: Iterable[readings.Document]) -> tuple[set[tuple[Any, Any]], set[tuple[Any, Any, Any]]]:
    """The documents whose reading is in doubt as a whole, and the (document, field) pairs in doubt. A doubt
    about one entry or part of a field (`technical_contacts[1]`) is a doubt about the field: which row is
    which is not certain then, so no problem of any of its entries is told to the party."""
    whole: set[tuple[Any, Any]] = set()
    fields: set[tuple[Any, Any, Any]] = set()
    for doc in documents:
        key = (doc.filename, doc.kind)
        if doc.ocr:
            whole.add(key)
        for p in doc.problems:
            if p.code in UNSURE | UNREAD and not p.field:
                whole.add(key)
            elif p.code == ProblemCode.UNCERTAIN and p.field:
                fields.add((*key, readings.field_root(p.field)))
    return whole, fields


def certain(p: Problem, documents: Iterable[readings.Document] = ()) -> bool:
    """May the party be told this problem? `documents` are the readings it came from (for their doubts)."""
    code = p.code
    evidence = p.evidence
    if code in UNSURE | UNREAD or code in STAFF_ONLY:
        return False
    if evidence == "confirmed":
        return True
    whole, fields = _doubted(documents)
    if _key(p) in whole or (p.field and (*_key(p), readings.field_root(p.field)) in fields):
        return False
    if code in ABSENCE:
        return evidence == "found_empty" or (evidence == "invalid" and code == ProblemCode.NOT_SIGNED)
    return evidence not in DOUBT


def read_in_doubt(documents: Iterable[readings.Document]) -> tuple[str, ...]:
    """The files whose reading is in doubt as a whole (read by OCR, or `uncertain` of the whole document): what
    they were read as may not be what they are (a scanned form read as an agreement)."""
    whole, _ = _doubted(documents)
    return tuple(dict.fromkeys(str(name) for name, _kind in whole))


def all_read(documents: Iterable[readings.Document], mail_problems: Iterable[readings.Problem] = ()) -> bool:
    """Was every attachment of the mail recognised as one of the documents and read? Only then can the
    bot say that a document is missing: an unknown, unsure or unread one could be it. A doubt about one field
    of a document read whole (an information form's address read in part) leaves it that document: it is
    no other one, so what the mail lacks beside it is still known (the field's doubt goes to staff with it)."""
    if any(p.code in UNREAD_ATTACHMENT for p in mail_problems):
        return False
    for doc in documents:
        if doc.kind == DocumentKind.UNKNOWN or doc.ocr:
            return False
        if any(p.code in UNSURE | UNREAD and not (p.code == ProblemCode.UNCERTAIN and p.field) for p in doc.problems):
            return False
    return True


def unread_parts(documents: Iterable[readings.Document], mail_problems: Iterable[readings.Problem] = ()
                 ) -> tuple[str, ...]:
    """What of a party's mail the bot did not read or recognise, by file (or the reader's words where it
    names none): any of it may be the document the bot would otherwise ask for. An unreadable or encrypted
    attachment, a document of no known kind or one the reader could not read, and two files read as one kind
    (one of them may be another document, taken for the first), but not an unsigned draft beside its signed
    copy (drafts.py)."""
    out: list[str] = []
    for p in mail_problems:
        if p.code in UNREAD_ATTACHMENT:
            out.append(p.filename or p.message or str(p.code))
    docs = list(documents)
    set_aside = drafts.superseded(docs)  # an unsigned draft beside its signed copy hides nothing
    files_per_kind: dict[Any, list[str]] = {}
    for doc in docs:
        files_per_kind.setdefault(doc.kind, [])
        if doc.filename in set_aside:
            continue
        if doc.filename not in files_per_kind[doc.kind]:
            files_per_kind[doc.kind].append(doc.filename)
        if doc.kind == DocumentKind.UNKNOWN or any(
                p.code in UNREAD | {ProblemCode.UNKNOWN_DOCUMENT} and not p.field for p in doc.problems):
            out.append(doc.filename)
    out += [name for files in files_per_kind.values() if len(files) > 1 for name in files]
    return tuple(dict.fromkeys(out))


def may_say_missing(documents: Iterable[readings.Document], mail_problems: Iterable[readings.Problem] = (),
                    raised: bool = False) -> bool:
    """May the bot tell the party that a document is missing? Only when every attachment of this mail was
    recognised and read (`all_read`), and no earlier mail of the case waits for a person (`raised`: the case
    needs attention): the document not in this mail may be the one staff are reading in that one. Two files
    read as the same kind are a doubt too: one of them may be the missing document, taken for the other
    (a connection agreement read as a second information form); the same file attached twice is one, and so
    is an unsigned draft beside its signed copy (drafts.py)."""
    docs = list(documents)
    set_aside = drafts.superseded(docs)  # an unsigned draft beside its signed copy is no second document
    files_per_kind: dict[Any, set[Any]] = {}
    for doc in docs:
        if doc.filename not in set_aside:
            files_per_kind.setdefault(doc.kind, set()).add(doc.filename)
    if any(len(files) > 1 for files in files_per_kind.values()):
        return False
    return not raised and all_read(docs, mail_problems)


def split(problems: Iterable[Problem], documents: Iterable[readings.Document] = ()
          ) -> tuple[list[Problem], list[Problem]]:
    """(certain, not certain): what may go to the party, and what a person must settle first."""
    docs = list(documents)
    sure: list[Problem] = []
    unsure: list[Problem] = []
    for p in problems:
        (sure if certain(p, docs) else unsure).append(p)
    return sure, unsure
