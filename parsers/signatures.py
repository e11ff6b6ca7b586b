"""Evidence that a party signed: a cryptographic /Sig field, a signing service's evidence page,
a typed name on the signature line, or a drawn signature image in the party's block.

A /Sig field only counts when pyhanko finds the signature intact and the document not changed
after signing beyond filling in forms or adding later signatures.
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any

from .fields import clean, date_norm, find_date
from .layout import find_labels
from .pdf_text import Line, PdfContent

# Words that mark a signing service's evidence page (Penneo, Visma Addo, Scrive, DocuSign, Signicat,
# Adobe Sign, and home-grown services alike): a heading about the signing, or the service's words.
_EVIDENCE_MARKERS = re.compile(
    r"underskriftsside|underskriftsbevis|signeringsbevis|signaturside|bevis\s+for\s+underskrift"
    r"|signature\s+page|signing\s+page|signature\s+certificate|certificate\s+of\s+completion"
    r"|audit\s+(?:trail|log)|revisionsspor|transaktionslog|signing\s+(?:log|evidence|record)"
    r"|dokumentnøgle|document\s+(?:key|id)|envelope\s+id|transaction\s+id|signerings-?id"
    r"|penneo|addo|scrive|docusign|signicat|adobe\s+sign|esignatur|validsign|mitid|nemid|bankid",
    re.I)
_SIGNER_LABELS = re.compile(
    r"^\s*(?:underskriver|underskrevet\s+af|signeret\s+af|signer(?:'s)?(?:\s+name)?|signed\s+by|signatory"
    r"|underskriverens\s+navn|navn|name)\s*:?\s*(.*)$", re.I)
_ROLE_LABELS = re.compile(r"^\s*(?:rolle|role|titel|title|stilling|position|på\s+vegne\s+af|on\s+behalf\s+of)"
                          r"\s*:?\s*(.*)$", re.I)
_TIME_LABELS = re.compile(r"^\s*(?:tidspunkt|tid|time|tidsstempel|timestamp|signed\s+at|signed\s+on|"
                          r"underskrevet|signeret|dato|date)\s*:?\s*(.*)$", re.I)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\b")


@dataclass
class Signer:
    name: str
    role: str | None
    date: str | None
    page: int


def evidence_signers(content: PdfContent) -> list[Signer]:
    """Signers listed on signing-service evidence pages (with a time of signing)."""
    out: list[Signer] = []
    for page in content.pages_read:
        lines = content.page_lines(page)
        text = "\n".join(ln.text for ln in lines)
        if not _EVIDENCE_MARKERS.search(text) or not _CLOCK.search(text):
            continue
        current: Signer | None = None
        for ln in lines:
            cells = [s.text for s in ln.segments]
            joined = " ".join(cells)
            for label_re, kind in ((_SIGNER_LABELS, "name"), (_ROLE_LABELS, "role"), (_TIME_LABELS, "time")):
                m = label_re.match(cells[0] if len(cells) > 1 else joined)
                if not m:
                    continue
                value = clean(" ".join(cells[1:]) if len(cells) > 1 else m.group(1))
                if not value:
                    break
                if kind == "name" and re.search(r"[A-Za-zÆØÅæøå]", value):
                    current = Signer(value, None, None, page)
                    out.append(current)
                elif kind == "role" and current is not None:
                    current.role = value
                elif kind == "time" and current is not None and _CLOCK.search(value):
                    current.date = date_norm(value)
                break
    return [s for s in out if s.date]


def party_signer(signers: list[Signer], name: str | None, organisation: str | None) -> Signer | None:
    """The evidence-page signer that is the connecting party (not MedCom)."""
    def norm(t: str | None) -> str:
        return re.sub(r"\s+", " ", (t or "")).strip().casefold()

    for s in signers:
        if name and norm(s.name) == norm(name):
            return s
    for s in signers:
        if organisation and norm(organisation) and norm(organisation) in norm(s.role):
            return s
    others = [s for s in signers if "medcom" not in norm(s.role) and "medcom" not in norm(s.name)]
    return others[0] if others and not name else None


def sig_field_valid(data: bytes, field_name: str) -> tuple[bool, str]:
    """(counts as signed?, why not). Uses pyhanko; no network, no trust in the certificate needed."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.errors import SignatureValidationError  # noqa: F401
        from pyhanko_certvalidator import ValidationContext
    except Exception:  # pragma: no cover - pyhanko is a dependency
        return True, ""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
        chosen = next((s for s in sigs if s.field_name == field_name.split(".")[-1]), None)
        if chosen is None and sigs:
            chosen = sigs[0]
        if chosen is None:
            return False, "the signature field holds no readable signature"
        vc = ValidationContext(allow_fetching=False, trust_roots=[])
        status = validate_pdf_signature(chosen, vc)
    except Exception as exc:
        return False, f"the signature could not be validated ({type(exc).__name__})"
    if not status.intact or not status.valid:
        return False, "the signature does not match the document: it was changed after signing"
    level = getattr(getattr(status, "modification_level", None), "name", "NONE")
    if level not in ("NONE", "LTA_UPDATES", "FORM_FILLING") or getattr(status, "docmdp_ok", True) is False:
        return False, "the document was changed after it was signed (the page content was altered)"
    if level == "FORM_FILLING":
        # Later signatures (MedCom countersigning) are fine; a form value filled in or changed after
        # the party signed (say the CVR) is not what the party signed. pyhanko's list of changed
        # fields also names fields it merely saw touched, so compare the values themselves.
        try:
            before = _form_values(reader.get_historical_root(chosen.signed_revision))
            after = _form_values(reader.root)
        except Exception as exc:
            return False, f"the changes made after signing could not be checked ({type(exc).__name__})"
        changed = sorted(k for k, v in after.items() if before.get(k, _ABSENT) != v)
        if changed:
            return False, ("the document was changed after it was signed (form field "
                           + ", ".join(f"'{v}'" for v in changed[:5]) + " was filled in or changed)")
    return True, ""


_ABSENT = ("", b"")


def _form_values(root: Any) -> dict[str, tuple[str, bytes]]:
    """{field name: (value, appearance)} of the terminal non-signature form fields of a revision."""
    out: dict[str, tuple[str, bytes]] = {}

    def appearance(d: Any) -> bytes:
        try:
            n = d["/AP"]["/N"]
            n = n.get_object() if hasattr(n, "get_object") else n
            if hasattr(n, "data"):
                return bytes(n.data)
            return repr(sorted((str(k), bytes(v.get_object().data)) for k, v in n.items())).encode()
        except Exception:
            return b""

    def walk(kids: Any, prefix: str, ft: Any, depth: int) -> None:
        if depth > 12:
            return
        for ref in kids or []:
            d = ref.get_object()
            t = d.get("/T")
            name = f"{prefix}.{t}" if prefix and t is not None else str(t) if t is not None else prefix
            ftype = d.get("/FT", ft)
            sub = d.get("/Kids")
            if sub and any("/T" in k.get_object() for k in sub):
                walk(sub, name, ftype, depth + 1)
                continue
            if ftype == "/Sig":
                continue
            widgets = [k.get_object() for k in sub] if sub else [d]
            out[name] = (str(d.get("/V", "")), b"".join(appearance(w) for w in widgets))

    acroform = root.get("/AcroForm")
    if acroform is not None:
        walk(acroform.get_object().get("/Fields"), "", None, 0)
    return out


def typed_signature(lines: list[Line], consumed: set[tuple[int, int]]) -> str | None:
    """A name written on the signature line: a name-like cell that is no labelled value, or the
    value of a "Signature:" label."""
    from .fields import looks_like_name
    for h in find_labels(lines, ["signature"], below=False):
        if h.value and looks_like_name(re.sub(r"^/s/\s*", "", h.value)):
            return h.value
    for i, ln in enumerate(lines):
        for j, seg in enumerate(ln.segments):
            if (i, j) in consumed:
                continue
            if looks_like_name(seg.text) and not find_date(seg.text):
                return seg.text
    return None
