"""Every digital signature in a PDF, checked with pyHanko: intact, covering the document as signed,
changed afterwards only as its permissions allow, by whom (from the certificate), and trusted or not.

No network: revocation is not fetched; trust is the configured roots (`[signatures] trust_roots`) only.
"""
from __future__ import annotations

import io
import logging
import os
import re
from dataclasses import dataclass
from typing import Any

from ...reading import Signature

# where the configured trust roots reach the readers, also those in forked or fork-server children
TRUST_ENV = "MAILBOT_SIGNATURE_TRUST_ROOTS"
_roots_cache: dict[str, list[Any]] = {}


@dataclass
class SignatureCheck:
    """What one /Sig field's signature is worth."""
    field_name: str
    signer: str | None = None          # subject CN of the signing certificate
    organisation: str | None = None    # subject O
    cvr: str | None = None             # from serialNumber "CVR:12345678-..." or organizationIdentifier
    email: str | None = None
    valid: bool = False                # the signature's bytes match and the signer's key made it
    covers_document: bool = False      # nothing after it but what its permissions allow
    trusted: bool = False              # chains to a configured trust root
    changed: str | None = None         # what was changed after signing, in words
    error: str | None = None           # why the signature is broken, in words
    signing_time: str | None = None    # YYYY-MM-DD the signer's software claims
    revision: int = 0
    certify: bool = False
    checked: bool = False              # the validation ran: a `valid` of False is positive (issue 22)

    def public(self) -> Signature:
        """The contract's entry (contracts.md section 1, `signatures`); what was changed or broken is its note."""
        note = {"note": self.changed or self.error} if self.changed or self.error else {}
        return Signature.model_validate({
            "signer": self.signer, "organisation": self.organisation, "cvr": self.cvr, "valid": self.valid,
            "covers_document": self.covers_document, "trusted": self.trusted, **note})


def configure(trust_roots: list[str] | tuple[str, ...]) -> None:
    """Use these PEM files as the trusted roots from now on (also in child processes started later)."""
    if trust_roots:
        os.environ[TRUST_ENV] = os.pathsep.join(str(p) for p in trust_roots)
    else:
        os.environ.pop(TRUST_ENV, None)


def trust_roots() -> list[Any]:
    """The configured roots as asn1crypto certificates; an unreadable file is skipped (and logged once)."""
    spec = os.environ.get(TRUST_ENV, "")
    if spec in _roots_cache:
        return _roots_cache[spec]
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    out: list[Any] = []
    for path in [p for p in spec.split(os.pathsep) if p]:
        try:
            data = open(path, "rb").read()
            blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            out.extend(asn1_x509.Certificate.load(b) for b in blobs)
        except Exception as exc:
            logging.getLogger("mailbot.signatures").warning("trust root %s could not be read (%s)", path,
                                                            type(exc).__name__)
    _roots_cache[spec] = out
    return out


_CVR_IN = re.compile(r"(?:CVR|NTRDK)\s*[:\-]?\s*(\d{8})(?!\d)", re.I)


def identity(cert: Any) -> dict[str, str | None]:
    """Who a certificate names: CN, O, CVR (MitID Erhverv: serialNumber "CVR:12345678-UID:...";
    eIDAS: organizationIdentifier "NTRDK-12345678"), e-mail."""
    subject = cert.subject.native if cert is not None else {}

    def one(key: str) -> str | None:
        v = subject.get(key)
        if isinstance(v, list):
            v = v[0] if v else None
        return re.sub(r"\s+", " ", str(v)).strip() or None if v else None

    cvr = None
    for key in ("serial_number", "organization_identifier", "organization_name"):
        m = _CVR_IN.search(one(key) or "")
        if m:
            cvr = m.group(1)
            break
    org = one("organization_name")
    if org:
        org = re.sub(r"\s*//?\s*CVR\s*:?\s*\d{8}\s*$", "", org, flags=re.I) or None
    return {"signer": one("common_name"), "organisation": org, "cvr": cvr, "email": one("email_address")}


def _quiet() -> None:
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def check_all(data: bytes) -> list[SignatureCheck]:
    """A check of every signed /Sig field in the file, in signing order; [] when pyHanko cannot read it."""
    _quiet()
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except Exception:
        return []
    return [_check(reader, s) for s in sigs]


def _check(reader: Any, sig: Any) -> SignatureCheck:
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from ...coroutines import run

    name = str(sig.field_name or "")
    check = SignatureCheck(field_name=name)
    try:
        check.revision = sig.signed_revision
    except Exception:
        pass
    try:
        cert = sig.signer_cert
        check.__dict__.update(identity(cert))
    except Exception:
        check.error = "the signature holds no readable signing certificate"
        return check
    try:
        when = sig.self_reported_timestamp
        check.signing_time = when.date().isoformat() if when else None
    except Exception:
        pass
    try:
        check.certify = sig.docmdp_level is not None
    except Exception:
        pass
    try:
        vc = ValidationContext(allow_fetching=False, trust_roots=trust_roots())
        status = run(async_validate_pdf_signature(sig, vc))
    except Exception as exc:
        check.error = f"the signature could not be validated ({type(exc).__name__})"
        return check
    check.checked = True
    check.valid = bool(status.intact and status.valid)
    if not check.valid:
        check.error = ("the signed bytes were altered after signing" if not status.intact else
                       "the signature value does not verify with its certificate (it is damaged or forged)")
        return check
    check.trusted = bool(status.trusted)
    check.changed = _changes(reader, sig, status)
    check.covers_document = check.changed is None
    return check


def _changes(reader: Any, sig: Any, status: Any) -> str | None:
    """What was changed after the signature beyond what it allows, in words; None when nothing was."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification

    diff = status.diff_result
    if isinstance(diff, SuspiciousModification | PdfError) or (diff is not None and not hasattr(
            diff, "modification_level")):
        return "the document was changed after it was signed (" + _short(str(diff)) + ")"
    level = status.modification_level
    if level is None:
        return "the changes made after signing could not be checked"
    if status.docmdp_ok is False:
        return f"the document was changed after it was signed beyond what the signature allows ({level.name})"
    if level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return None
    perm = _permission(sig)
    if level == ModificationLevel.ANNOTATIONS and perm != 3:
        return "an annotation was added after signing, which the signature does not allow"
    if level in (ModificationLevel.FORM_FILLING, ModificationLevel.ANNOTATIONS):
        try:
            before = _form_values(reader.get_historical_root(sig.signed_revision))
            after = _form_values(reader.root)
        except Exception as exc:
            return f"the changes made after signing could not be checked ({type(exc).__name__})"
        changed = sorted(k for k, v in after.items() if before.get(k, _ABSENT) != v)
        # A field that held a value when signed is what the signer agreed to: changing it is never a fill.
        # An empty field filled afterwards is allowed only where the signer said so (a certification
        # allowing form filling, or a field lock that leaves that field open).
        refilled = [k for k in changed if before.get(k, _ABSENT)[0] not in ("", "None")]
        if refilled:
            return ("the document was changed after it was signed (form field "
                    + ", ".join(f"'{k}'" for k in refilled[:5]) + " changed its value)")
        open_fields = _open_fields(sig)
        closed = [k for k in changed if perm not in (2, 3) and not (open_fields and k in open_fields)]
        if closed:
            return ("the document was changed after it was signed (form field "
                    + ", ".join(f"'{k}'" for k in closed[:5]) + " was filled in, which the signature "
                    "does not allow)")
        return None
    return f"the document was changed after it was signed ({level.name.lower().replace('_', ' ')})"


def _permission(sig: Any) -> int:
    """The DocMDP permission the signature (or the document's certification) grants explicitly; 0 without."""
    try:
        level = sig.docmdp_level
        return int(level.value) if level is not None else 0
    except Exception:
        return 0


def _open_fields(sig: Any) -> set[str] | None:
    """Fields the signature's FieldMDP lock explicitly leaves open (Exclude); None without such a lock."""
    try:
        spec = sig.fieldmdp
    except Exception:
        return None
    if spec is None or getattr(spec.action, "name", "") != "EXCLUDE":
        return None
    return {str(f) for f in spec.fields or ()}


def _short(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[:160] + ("…" if len(text) > 160 else "") if text else "a change pyHanko does not allow"


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
