"""What staff read instead of a reading's keys and codes: each part of a field path, and each problem code,
in the staff member's language (the catalogs' "field label" and "problem label"). The staff web view and
the staff notices the case machine writes name fields and problems with the same words."""
from __future__ import annotations

from . import i18n
from .readings import Problem
from .vocabulary import Np_

FIELD_LABELS: dict[str, str] = {
    "organisation": Np_("field label", "Organisation"),
    "cvr": Np_("field label", "CVR number"),
    "party_type": Np_("field label", "Party type"),
    "connected_via": Np_("field label", "Connected via"),
    "org_contact": Np_("field label", "Organisational contact person"),
    "technical_contacts": Np_("field label", "Technical contact person"),
    "ip_scopes": Np_("field label", "SDN IP scope"),
    "installation_address": Np_("field label", "Installation address"),
    "name": Np_("field label", "name"),
    "email": Np_("field label", "e-mail"),
    "phone": Np_("field label", "phone"),
    "street": Np_("field label", "street"),
    "postcode": Np_("field label", "postcode"),
    "city": Np_("field label", "city"),
    "signatory_name": Np_("field label", "Signatory"),
    "signatory_title": Np_("field label", "Signatory's title"),
    "signature_date": Np_("field label", "Date of signature"),
    "signed": Np_("field label", "Signed"),
}
PROBLEM_LABELS: dict[str, str] = {
    "missing_field": Np_("problem label", "Missing"),
    "uncertain": Np_("problem label", "Uncertain reading"),
    "invalid_email": Np_("problem label", "Not a valid e-mail address"),
    "invalid_phone": Np_("problem label", "Not a valid phone number"),
    "invalid_ip_scope": Np_("problem label", "Not a valid network"),
    "ip_scope_overlap": Np_("problem label", "Overlaps a network in use"),
    "mismatch": Np_("problem label", "Differs from the agreements"),
    "invalid_cvr": Np_("problem label", "Not a valid CVR number"),
    "not_signed": Np_("problem label", "Not signed"),
    "wrong_template": Np_("problem label", "Not the SDN template"),
    "unknown_document": Np_("problem label", "Not one of the SDN documents"),
    "unreadable": Np_("problem label", "Cannot be read"),
}


def field_label(path: str | None, lang: str) -> str:
    """`technical_contacts.0.phone` as staff read it: "Technical contact person 1 – phone"."""
    words = i18n.words(lang)
    parts = [x for x in str(path or "").split(".") if x]
    out: list[str] = []
    for part in parts:
        if part.isdigit() and out:
            out[-1] += f" {int(part) + 1}"
        else:
            source = FIELD_LABELS.get(part)
            out.append(words.pgettext("field label", source) if source else part)
    return " – ".join(out)


def problem_label(problem: Problem, lang: str) -> str:
    """A problem as staff read it: "Missing: SDN IP scope", or the reader's own words for the rest."""
    words = i18n.words(lang)
    source = PROBLEM_LABELS.get(problem.code)
    what = words.pgettext("problem label", source) if source else str(problem.code)
    field = problem.field or next(iter(problem.fields or []), None)
    detail = field_label(field, lang) if field else problem.message
    return f"{what}: {detail}" if detail else what
