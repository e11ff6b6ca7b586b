"""Score readings against truth files the way ../shared/corpus/score does (same normal forms, one field
per truth key, the problem codes as a set, the document count), and count what matters more than
accuracy: confident wrong values and dangerous answers."""
from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SCORED_CODES = {"not_signed", "missing_field", "invalid_cvr", "mismatch", "wrong_template", "unreadable",
                "encrypted", "invalid_ip_scope", "ip_scope_overlap", "invalid_email", "invalid_phone", "too_large"}
AGREEMENTS = {"connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"}
# letters a Danish, English, Swedish, Norwegian or German name or address is written with
_PLAIN = re.compile(r"^[0-9A-Za-zÆØÅæøåÄÖÜäöüßÉéÈèÁáÓóÍíÜü \t.,;:/()&'’\"@+\-–_#*]*$")


def _text(v: Any) -> str | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(v))).strip()


def _email(v: Any) -> str | None:
    t = _text(v)
    return t.lower() if t else None


def _phone(v: Any) -> str | None:
    t = _text(v)
    return re.sub(r"\s+", "", t) if t else None


def _exact(v: Any) -> Any:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    return v.strip() if isinstance(v, str) else v


def _bool(v: Any) -> Any:
    return v if isinstance(v, bool) else f"<not a boolean: {v!r}>"


def _cidr(v: Any) -> str | None:
    t = _text(v)
    if t is None:
        return None
    try:
        return str(ipaddress.ip_network(t, strict=True))
    except ValueError:
        return f"<invalid: {t}>"


def _contact(v: Any) -> dict[str, Any]:
    v = v if isinstance(v, dict) else {}
    return {"name": _text(v.get("name")), "email": _email(v.get("email")), "phone": _phone(v.get("phone"))}


def _address(v: Any) -> dict[str, Any]:
    v = v if isinstance(v, dict) else {}
    pc = v.get("postcode")
    return {"street": _text(v.get("street")), "postcode": _text(str(pc) if isinstance(pc, int) else pc),
            "city": _text(v.get("city"))}


def _list(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def g(v: Any) -> Any:
        if v is None:
            return []
        return [f(x) for x in v] if isinstance(v, list) else [f"<not a list: {v!r}>"]
    return g


FIELD_NORM: dict[str, Callable[[Any], Any]] = {
    "organisation": _text, "cvr": _exact, "signatory_name": _text, "signatory_title": _text,
    "signature_date": _exact, "signed": _bool, "party_type": _exact, "connected_via": _text,
    "org_contact": _contact, "technical_contacts": _list(_contact), "ip_scopes": _list(_cidr),
    "installation_address": _address,
}


def _codes(v: Any) -> list[str]:
    out = set()
    for p in v or []:
        p = p.get("code") if isinstance(p, dict) else p
        if isinstance(p, str) and p.strip():
            out.add(p.strip())
    return sorted(out)


def _strings(v: Any) -> list[str]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return [s for x in v.values() for s in _strings(x)]
    if isinstance(v, list):
        return [s for x in v for s in _strings(x)]
    return []


def glyph_garbage(value: Any) -> bool:
    """A value holding characters no name, address or number of ours is written with (cid codes, accents
    a re-encoded font made up, private-use or replacement characters, a tick box's glyph)."""
    return any(not _PLAIN.match(s) or "(cid:" in s for s in _strings(value))


def _empty(v: Any) -> bool:
    """Nothing read: null, blank, or a contact/address/list whose every part is."""
    if isinstance(v, dict):
        return all(_empty(x) for x in v.values())
    if isinstance(v, list):
        return all(_empty(x) for x in v)
    return v is None or (isinstance(v, str) and not v.strip())


@dataclass
class Result:
    """The score of one file."""

    good: int = 0
    total: int = 0
    mismatches: list[str] = field(default_factory=list)
    confident_wrong: list[str] = field(default_factory=list)
    dangerous: list[str] = field(default_factory=list)


def _names(field: Any, key: str) -> bool:
    """Whether a problem's `field` is `key` or a part of it (`technical_contacts[0]`, `org_contact.email`):
    a doubt about one entry or part of a field is a doubt about that field, and about no other
    (`technical_contacts[0]` is no doubt about `org_contact`, `ip_scope` none about `ip_scopes`)."""
    name = str(field)
    return name == key or (name.startswith(key) and name[len(key)] in ".[")


def _flagged(od: dict[str, Any], key: str) -> bool:
    """Whether the reading says it is unsure of `key`, as the bot takes it (`mailbot/core/certainty.py`: an
    `uncertain` problem on the field, or on no field, which is the whole document, as a scan's is). A field
    is named by the problem's `field` only: a message's words or another field's problem do not send this
    field to staff, so they do not flag it."""
    for p in od.get("problems") or []:
        if isinstance(p, dict) and p.get("code") == "uncertain":
            if not p.get("field") or _names(p["field"], key):
                return True
    return False


def compare(truth: dict[str, Any], out: Any) -> Result:
    """Score one reading `out` (the JSON of `mailbot parse`) against its truth."""
    r = Result()

    def check(label: str, exp: Any, got: Any) -> bool:
        r.total += 1
        if exp == got:
            r.good += 1
            return True
        r.mismatches.append(f"{label}: expected {exp!r}, got {got!r}")
        return False

    out = out if isinstance(out, dict) else {}
    tdocs = truth.get("documents") or []
    odocs = [d for d in (out.get("documents") or []) if isinstance(d, dict)]
    check("documents.count", len(tdocs), len(odocs))

    def key(v: Any) -> str:
        return unicodedata.normalize("NFC", str(v or "")).strip().casefold()

    used: set[int] = set()
    pairs: list[tuple[dict[str, Any], int | None]] = []
    for td in tdocs:
        j = next((j for j, od in enumerate(odocs)
                  if j not in used and key(od.get("filename")) == key(td.get("filename"))), None)
        if j is not None:
            used.add(j)
        pairs.append((td, j))
    rest = [j for j in range(len(odocs)) if j not in used]
    pairs = [(td, j if j is not None else (rest.pop(0) if rest else None)) for td, j in pairs]
    for td, j in pairs:
        od = odocs[j] if j is not None else {}
        tag = str(td.get("filename"))
        if ("kind" in td and not check(f"{tag}.kind", td["kind"], _exact(od.get("kind")))
                and od.get("kind") not in (None, "unknown")):
            r.confident_wrong.append(f"kind {od.get('kind')!r}")
        fields: dict[str, Any] = od["fields"] if isinstance(od.get("fields"), dict) else {}
        tfields: dict[str, Any] = td.get("fields") or {}
        for k, exp in tfields.items():
            f: Callable[[Any], Any] = FIELD_NORM.get(k, _text)
            got = fields.get(k)
            if not check(f"{tag}.fields.{k}", f(exp), f(got)):
                if od and not _flagged(od, k) and not _empty(got):
                    r.confident_wrong.append(f"{k}={got!r}")
                if glyph_garbage(got) and not _flagged(od, k):
                    r.dangerous.append(f"glyph garbage in {k}: {got!r}")
        got_codes = _codes(od.get("problems"))
        if "problems" in td:
            exp_codes = _codes(td["problems"])
            scored = SCORED_CODES | set(exp_codes)
            check(f"{tag}.problems", exp_codes, [c for c in got_codes if c in scored])
        exp_codes = _codes(td.get("problems"))
        # accepted as a signed SDN agreement: an agreement kind, read as signed, nothing flagged
        accepted = (od.get("kind") in AGREEMENTS and fields.get("signed") is True
                    and not {"uncertain", "wrong_template"} & set(got_codes))
        if accepted and "wrong_template" in exp_codes:
            r.dangerous.append("own-template agreement accepted as the signed SDN agreement")
        if accepted and tfields.get("signed") is False:
            r.dangerous.append("unsigned agreement accepted as signed")
    return r
