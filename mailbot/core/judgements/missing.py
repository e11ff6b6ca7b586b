"""Is a required field missing, and on what evidence? Decided here once for every reader and the machine.

The required items of each kind are listed here; a reader says only what it saw (the values, and which
items' places it found empty), and this module says what is missing. The evidence is what
`mailbot/core/certainty.py` describes: a field is `found_empty` only when every item missing of it was
seen empty; `confirmed` when a person looked at it; otherwise `not_found` (the reader did not find it,
which is no proof the party left it out).
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import readings
from ..vocabulary import ProblemCode
from . import Problem, problem

# an agreement's required fields, and what each is called in a problem's message
AGREEMENT_REQUIRED = {"organisation": "the organisation's name", "cvr": "the CVR number",
                      "signatory_name": "the name of the person signing", "signature_date": "the date of signing"}
ADDRESS_PARTS = ("street", "postcode", "city")
CONTACT_PARTS = (("name", "name"), ("email", "e-mail"), ("phone", "phone"))
# the order the evidence groups are written in (a reader's found_empty first, as it always was)
_EVIDENCE_ORDER = ("found_empty", "confirmed", "not_found")


@dataclass(frozen=True)
class Item:
    """One required thing with no value: the reading's field it belongs to, which part of it (a contact's
    `email`, the address's `street`, `email_or_phone`), which of a list (1 for the first technical contact),
    and what it is called in the problem's message."""

    field: str
    label: str
    part: str | None = None
    index: int | None = None


def _empty(value: Any) -> bool:
    return value in (None, "", [], {}, ())


def form_items(fields: Mapping[str, Any], *, invalid_scopes: bool = False) -> list[Item]:
    """The information form's required items that have no value, in the order a party reads them.
    `invalid_scopes`: networks were written but none is valid (that problem is said instead)."""
    out = []
    for key, label in (("organisation", "organisation"), ("cvr", "CVR number"), ("party_type", "type of party")):
        if _empty(fields.get(key)):
            out.append(Item(key, label))
    oc = fields.get("org_contact") or {}
    if _empty(oc.get("name")):
        out.append(Item("org_contact", "organisational contact person's name", "name"))
    if _empty(oc.get("email")) and _empty(oc.get("phone")):
        out.append(Item("org_contact", "organisational contact person's e-mail or phone", "email_or_phone"))
    contacts = fields.get("technical_contacts") or []
    if not contacts:
        out.append(Item("technical_contacts", "technical contact person (name, e-mail, phone)"))
    for i, c in enumerate(contacts, 1):
        c = c if isinstance(c, Mapping) else {}
        out += [Item("technical_contacts", f"technical contact {i}'s {label}", key, i)
                for key, label in CONTACT_PARTS if _empty(c.get(key))]
    if not fields.get("ip_scopes") and not invalid_scopes:
        out.append(Item("ip_scopes", "SDN IP scope (networks in CIDR form)"))
    addr = fields.get("installation_address") or {}
    out += [Item("installation_address", f"installation address ({k})", k) for k in ADDRESS_PARTS
            if _empty(addr.get(k) if isinstance(addr, Mapping) else None)]
    return out


def agreement_items(fields: Mapping[str, Any], unsure: Collection[str] = ()) -> list[Item]:
    """An agreement's required fields that have no value; a field the reader is unsure of is not missing
    (its `uncertain` problem says so instead)."""
    return [Item(k, label) for k, label in AGREEMENT_REQUIRED.items() if _empty(fields.get(k)) and k not in unsure]


def judged(items: Sequence[Item], evidence: Callable[[Item], str]) -> list[Problem]:
    """The `missing_field` problems of these items: one per evidence, naming its fields (`fields`) and items
    (the message). A field's evidence is its items' when they all agree, else `not_found`."""
    per_field: dict[str, set[str]] = {}
    for it in items:
        per_field.setdefault(it.field, set()).add(evidence(it))
    said = {f: next(iter(e)) if len(e) == 1 else "not_found" for f, e in per_field.items()}
    out = []
    for ev in _EVIDENCE_ORDER:
        group = [it for it in items if said[it.field] == ev]
        if group:
            out.append(problem(ProblemCode.MISSING_FIELD.value, "Missing: " + ", ".join(it.label for it in group)
                               + ".", fields=list(dict.fromkeys(it.field for it in group)), evidence=ev))
    return out


def each_field(p: readings.Problem) -> list[readings.Problem]:
    """A `missing_field` naming several fields as one problem per field (`field`), so a mail can name each in
    the party's language; any other problem as it is. Neither keeps the list (`fields`)."""
    kept = readings.Problem.model_validate({k: v for k, v in p.as_json().items() if k != "fields"})
    if p.code == ProblemCode.MISSING_FIELD and p.fields and "field" not in p.model_fields_set:
        return [kept.model_copy(update={"field": f}) for f in p.fields]
    return [kept]


def unproven(found: Iterable[Problem], unsure: Collection[Any]) -> list[Problem]:
    """The problems without the absences a second reading leaves unproven: a field the reader is unsure of
    (its page's text layer lies, a mark lies across two boxes) is not missing, and an agreement whose
    signature block cannot be read is not unsigned; staff see the `uncertain` problem instead."""
    out = []
    for p in found:
        if p.code == ProblemCode.NOT_SIGNED and "signed" in unsure:
            continue
        if p.code == ProblemCode.MISSING_FIELD:
            said: list[str | None] = [*p.fields] if p.fields else [p.field]
            named = [f for f in said if f not in unsure]
            if not named:
                continue
            if p.fields:
                p = p.model_copy(update={"fields": named})
        out.append(p)
    return out


def judged_again(have: Iterable[readings.Problem], fields: Mapping[str, Any], confirmed: Collection[str] = (),
                 *, invalid_scopes: bool = False) -> list[readings.Problem]:
    """A form's missing fields judged again from its values (after a person corrected the reading): one
    problem per missing field that `have` does not already name; `confirmed` fields a person looked at."""
    named = {q.field for p in have for q in each_field(p) if q.code == ProblemCode.MISSING_FIELD}
    items = [it for it in form_items(fields, invalid_scopes=invalid_scopes) if it.field not in named]
    found = judged(items, lambda it: "confirmed" if it.field in confirmed else "not_found")
    return [q for p in found for q in each_field(p)]
