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

from ..values import clean, find_date, looks_like_name
from .labels import find_labels
from .page import Line, PdfContent

# Words that mark a signing service's evidence page (Penneo, Visma Addo, Scrive, DocuSign, Signicat,
# Adobe Sign, and home-grown services alike): a heading about the signing, or the service's words.
_EVIDENCE_MARKERS = re.compile(
    r"underskriftsside|underskriftsbevis|signeringsbevis|signaturside|bevis\s+for\s+underskrift"
    r"|signature\s+page|signing\s+page|signature\s+certificate|certificate\s+of\s+completion"
    r"|audit\s+(?:trail|log)|revisionsspor|transaktionslog|signing\s+(?:log|evidence|record)"
    r"|dokumentnøgle|document\s+(?:key|id)|envelope\s+id|transaction\s+id|signerings-?id"
    r"|verifikat|transaktion|signeringsattest|signing\s+certificate|underskrivere|signers?\s+events?"
    r"|(?:underskrevet|signeret)\s+(?:digitalt|elektronisk|med|via)|(?:digitally|electronically)\s+signed"
    r"|signed\s+(?:with|via|using)\b"
    r"|penneo|addo|scrive|docusign|signicat|adobe\s+sign|esignatur|validsign|mitid|nemid|bankid",
    re.I)
_SIGNER_LABELS = re.compile(
    r"^\s*(?:underskriver(?:ens\s+navn)?|underskrevet\s+af|signeret\s+af|signer(?:'s)?(?:\s+name)?|signed\s+by"
    r"|signatory|navn|name)\s*:?\s*(.*)$", re.I)
_ROLE_LABELS = re.compile(r"^\s*(?:rolle|role|titel|title|stilling|position|på\s+vegne\s+af|on\s+behalf\s+of"
                          r"|organisation|organization|virksomhed|company)\s*:\s*(.*)$", re.I)
_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d{2}(?::\d{2})?(?![\d.:])|\dT\d{2}:\d{2}")
# a time that is not the moment of signing ("Sent: ...", "Viewed: ...")
_OTHER_EVENT = re.compile(r"\b(?:sent|sendt|afsendt|viewed|vist|set|åbnet|opened|created|oprettet|delivered|leveret"
                          r"|udløb\w*|expir\w*|invit\w*|udsendt)\b", re.I)
_NAME = r"[A-ZÆØÅÄÖÜÉ][\w'’.-]+(?:\s+(?:[A-ZÆØÅÄÖÜÉ][\w'’.-]+|von|van|de|af|la|du|der))*(?:\s+[A-ZÆØÅÄÖÜÉ][\w'’.-]+)"
_PROSE_SIGNER = re.compile(rf"(?:signed|underskrevet|signeret|godkendt|approved)(?:\s+(?:digitalt|elektronisk|digitally"
                           rf"|electronically))?\s+(?:af|by)\s*:?\s*({_NAME})")
_LEADING_NAME = re.compile(rf"^\s*({_NAME})(?=\s*[,(]|\s+(?:har|has|signed|underskrev|signerede)\b|\s*$)")
# words that make a capitalised phrase a heading, a service or an organisation rather than a person
_NOT_PERSON = re.compile(
    r"kommune|region|hospital|sygehus|klinik|clinic|apotek|pharma|lab|\baps\b|a/s|i/s|\bab\b|\bas\b|ltd|inc|gmbh"
    r"|medcom|health|system|data|service|center|centre|praksis|lægerne|partner|group|gruppen"
    r"|certifi|complet|event|signer|signatur|signing|document|dokument|envelope|verifikat|transak|underskri"
    r"|penneo|addo|scrive|docusign|visma|mitid|nemid|bankid|signicat|adobe|page|side|bevis|audit|trail|log"
    r"|summary|oversigt|history|historik|status|record|details|detaljer|\bid\b", re.I)


@dataclass
class Signer:
    name: str
    role: str | None
    date: str | None
    page: int


def _timestamp(text: str) -> str | None:
    """The date of a moment of signing written in text ("2026-11-18 09:12:33 UTC", "Signed: 11/18/2026 |
    09:12 AM"), or None for a bare date or another event ("Sent: ...")."""
    found = find_date(text)
    if not found or not _CLOCK.search(text[found[1]:]) and not _CLOCK.search(text[:found[1]]):
        return None
    if _OTHER_EVENT.search(text[:found[1]]):
        return None
    return found[0].isoformat()


def evidence_pages(content: PdfContent) -> list[int]:
    """Pages that are a signing service's evidence: its words and at least one moment of signing."""
    out: list[int] = []
    for page in content.pages_read:
        lines = content.page_lines(page)
        text = "\n".join(ln.text for ln in lines)
        if _EVIDENCE_MARKERS.search(text) and any(_timestamp(s.text) for ln in lines for s in ln.segments):
            out.append(page)
    return out


def _person(name: str) -> str | None:
    name = re.sub(r"\s+(?:von|van|de|af|la|du|der)$", "", clean(name) or "")
    if not name or _NOT_PERSON.search(name) or len(name.split()) > 5:
        return None
    return name


def evidence_signers(content: PdfContent, pages: list[int] | None = None) -> list[Signer]:
    """Signers listed on signing-service evidence pages, each with the date they signed.

    Reads labelled lists ("Signed by: ... / Timestamp: ..."), prose ("Signed by X via Penneo on ...",
    "X har underskrevet ... den ...") and unlabelled blocks (a name, its role lines, a timestamp).
    """
    out: list[Signer] = []
    for page in pages if pages is not None else evidence_pages(content):
        current: Signer | None = None
        roles: list[str] = []
        for ln in content.page_lines(page):
            cells = [s.text for s in ln.segments]
            first = cells[0]
            joined = " ".join(cells)
            name: str | None = None
            rest = ""
            m = _SIGNER_LABELS.match(first if len(cells) > 1 else joined)
            if m:
                value = clean(" ".join(cells[1:]) if len(cells) > 1 and not m.group(1) else m.group(1)) or ""
                nm = re.match(rf"^{_NAME}", value)
                if nm and not _NOT_PERSON.search(nm.group(0)):
                    name, rest = nm.group(0), value[nm.end():]
            if name is None:
                pm = _PROSE_SIGNER.search(joined)
                if pm and _person(pm.group(1)):
                    name, rest = pm.group(1), ""
            if name is None:
                lm = _LEADING_NAME.match(first)
                if lm and _person(lm.group(1)) and looks_like_name(lm.group(1)):
                    name, rest = lm.group(1), first[lm.end():]
            if name is not None:
                current = Signer(_person(name) or name, None, None, page)
                out.append(current)
                rest = clean(re.sub(r"^[\s,;(]+|[\s,;)]+$", "", rest)) or ""
                roles = [rest] if rest and not _timestamp(rest) and not re.search(r"[@:]", rest) \
                    and not re.fullmatch(r"[A-ZÆØÅ]{1,4}", rest) else []
                # the role may follow on the same line: "Karen Lund (Kystby Kommune) har underskrevet"
                paren = re.search(r"\(([^()]{3,60})\)", joined)
                if paren and not roles and not re.fullmatch(r"[A-ZÆØÅ]{1,4}", paren.group(1)):
                    roles.append(paren.group(1))
            elif current is not None:
                rm = _ROLE_LABELS.match(joined)
                if rm and rm.group(1).strip():
                    roles.append(clean(rm.group(1)) or "")
                elif (len(joined) <= 60 and not re.search(r"[@:\d]", joined) and len(roles) < 4
                      and current.date is None):
                    roles.append(clean(joined) or "")
            if current is not None:
                for cell in cells if len(cells) > 1 else [joined]:
                    when = _timestamp(cell)
                    if when and current.date is None:
                        current.date = when
                current.role = ", ".join(r for r in roles if r) or None
    return [s for s in out if s.date]


def signer_title(signer: Signer, organisation: str | None) -> str | None:
    """The signer's job title among its role pieces: not an organisation, not MedCom."""
    for piece in re.split(r"\s*[,;]\s*", signer.role or ""):
        piece = clean(piece) or ""
        if not piece or (organisation and piece.casefold() == organisation.casefold()):
            continue
        if re.search(r"medcom", piece, re.I) or _NOT_PERSON.search(piece) or re.search(r"[@\d]", piece):
            continue
        return piece
    return None


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
    for h in find_labels(lines, ["signature"], below=False):
        if h.value and looks_like_name(re.sub(r"^/s/\s*", "", h.value)):
            return h.value
    for i, ln in enumerate(lines):
        for j, seg in enumerate(ln.segments):
            if (i, j) in consumed:
                continue
            if looks_like_name(seg.text) and not find_date(seg.text) and not _NOT_PERSON.search(seg.text):
                return seg.text
    return None
