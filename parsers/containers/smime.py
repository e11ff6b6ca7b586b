"""S/MIME: signed mail and files are opened and their signature checked, encrypted mail opened with
MedCom's own key when `[smime]` names it.

- **Signed** (opaque `application/pkcs7-mime; smime-type=signed-data`, a `.p7m` file, or clear-signed
  `multipart/signed`): pyHanko validates the CMS signature as it does a PDF's (`validate_detached_cms`):
  the content's digest unchanged, the signer's key made the signature, and the certificate chains to
  `[signatures] trust_roots` (no network). Who signed comes from the certificate as for PDFs
  (`signing.validation.identity`: MitID Erhverv / OCES3 `organizationIdentifier` NTRDK-<CVR>, OCES2
  `CVR:` in the serialNumber, the e-mail address).
- **Encrypted** (enveloped-data): cryptography's `pkcs7_decrypt_der` with the key and certificate that
  `configure` handed down (environment variables, so the bounded parse children inherit them).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from ..coroutines import run
from ..documents.signing.validation import _quiet, identity, trust_roots
from ..problems import new_problem
from ..reading import Problem
from .base import Allowance, Attachment, Unwrapped
from .checks import Signed as Signed  # the readers name them smime.Signed, smime.SmimeCheck
from .checks import SmimeCheck as SmimeCheck

KEY_ENV, CERT_ENV, PASSWORD_ENV = "MAILBOT_SMIME_KEY", "MAILBOT_SMIME_CERT", "MAILBOT_SMIME_PASSWORD"


def configure(key_file: str, cert_file: str, password: str = "") -> None:
    """Use this key and certificate to open encrypted mail from now on (also in children started later)."""
    for env, value in ((KEY_ENV, key_file), (CERT_ENV, cert_file), (PASSWORD_ENV, password)):
        if value:
            os.environ[env] = value
        else:
            os.environ.pop(env, None)



def content_info(data: bytes) -> Any:
    """The CMS ContentInfo of DER, PEM or base64 bytes; ValueError when it is none."""
    from asn1crypto import cms, pem

    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    elif data[:1] != b"\x30":
        import base64

        data = base64.b64decode(re.sub(rb"[^A-Za-z0-9+/=]", b"", data) + b"==")
    info = cms.ContentInfo.load(data)
    info.native  # noqa: B018 - parses it all now: a damaged structure fails here, not later
    return info


def _signer_cert(signed_data: Any) -> Any:
    """The certificate that names the signer (by issuer and serial, or key identifier)."""
    sid = signed_data["signer_infos"][0]["sid"]
    for choice in signed_data["certificates"] or []:
        cert = choice.chosen
        if getattr(cert, "issuer_serial", None) is None:
            continue
        if sid.name == "issuer_and_serial_number" and \
                cert.issuer == sid.chosen["issuer"] and cert.serial_number == sid.chosen["serial_number"].native:
            return cert
        if sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native:
            return cert
    return None


def verify(signed_data: Any, content: bytes | None, kind: str) -> SmimeCheck:
    """pyHanko's validation of a CMS signature, offline, against the trust roots: over `content` when the
    signature is detached (clear-signed), over the content it holds when `content` is None."""
    from pyhanko.sign.validation.generic_cms import async_validate_cms_signature, async_validate_detached_cms
    from pyhanko.sign.validation.status import StandardCMSSignatureStatus
    from pyhanko_certvalidator import ValidationContext

    _quiet()
    check = SmimeCheck(kind=kind)
    try:
        if len(signed_data["signer_infos"]) == 0:
            check.error = "the signature holds no signer"
            return check
        cert = _signer_cert(signed_data)
    except Exception:
        cert = None
    if cert is None:
        check.error = "the signature holds no readable signing certificate"
        return check
    check.__dict__.update(identity(cert))
    try:
        vc = ValidationContext(allow_fetching=False, trust_roots=trust_roots())
        status = run(
            async_validate_detached_cms(content, signed_data, signer_validation_context=vc) if content is not None
            else async_validate_cms_signature(signed_data, StandardCMSSignatureStatus,  # type: ignore[call-overload]
                                              validation_context=vc))
    except Exception as exc:
        check.error = f"the signature could not be validated ({type(exc).__name__})"
        return check
    check.valid = bool(status.intact and status.valid)
    check.trusted = bool(check.valid and status.trusted)
    if not status.intact:
        check.error = "the signed content was changed after signing"
    elif not status.valid:
        check.error = "the signature does not verify with its certificate (it is damaged or forged)"
    return check


def check_problems(check: SmimeCheck, what: str) -> list[Problem]:
    """Problems for staff when a signature does not hold or its signer is not trusted."""
    who = check.organisation or check.signer or check.email or "an unknown signer"
    if not check.valid and check.signer is None and check.organisation is None:  # nothing readable to check
        return [new_problem("signature_invalid", f"The S/MIME signature of {what} could not be verified: "
                        f"{check.error or 'it could not be read'}.")]
    if not check.valid:
        return [new_problem("signature_invalid", f"The S/MIME signature of {what} ({who}) does not hold: "
                        f"{check.error or 'it could not be verified'}.")]
    if not check.trusted:
        return [new_problem("signer_untrusted", f"The S/MIME signature of {what} is valid, but {who}'s certificate "
                        "does not chain to a configured trust root ([signatures] trust_roots).")]
    return []


@dataclass
class Opened:
    """An S/MIME envelope opened: the content inside (a MIME entity or a file) and what it was worth."""

    content: bytes | None
    check: SmimeCheck | None
    problems: list[Problem]


def _decrypt(data: bytes, what: str) -> tuple[bytes | None, list[Problem]]:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_der_private_key, load_pem_private_key, pkcs7

    key_file, cert_file = os.environ.get(KEY_ENV, ""), os.environ.get(CERT_ENV, "")
    if not (key_file and cert_file):
        return None, [new_problem("encrypted", f"{what} is encrypted (S/MIME) and no key to open it is configured "
                              "([smime] key_file, cert_file); a member of staff should read it.")]
    try:
        password = os.environ.get(PASSWORD_ENV, "").encode() or None
        key_bytes = open(key_file, "rb").read()
        key = load_pem_private_key(key_bytes, password) if b"-----BEGIN" in key_bytes \
            else load_der_private_key(key_bytes, password)
        cert_bytes = open(cert_file, "rb").read()
        cert = x509.load_pem_x509_certificate(cert_bytes) if b"-----BEGIN" in cert_bytes \
            else x509.load_der_x509_certificate(cert_bytes)
    except Exception as exc:
        return None, [new_problem("encrypted", f"{what} is encrypted (S/MIME); the configured key could not be loaded "
                              f"({type(exc).__name__}), so a member of staff should read it.")]
    try:
        der = content_info(data).dump()
        return pkcs7.pkcs7_decrypt_der(der, cert, key, []), []  # type: ignore[arg-type]
    except Exception as exc:
        return None, [new_problem("encrypted", f"{what} is encrypted (S/MIME) and could not be opened with MedCom's "
                              f"key ({type(exc).__name__}: perhaps encrypted to another recipient); a member of "
                              "staff should read it.")]


def open_envelope(data: bytes, what: str, kind: str = "opaque") -> Opened:
    """An application/pkcs7-mime body or .p7m file: signed content with its check, or decrypted content."""
    try:
        info = content_info(data)
        ctype = info["content_type"].native
    except Exception as exc:
        return Opened(None, None, [new_problem("unsupported_attachment", f"{what} is an S/MIME envelope that could not "
                                           f"be read ({type(exc).__name__}).")])
    if ctype == "enveloped_data":
        content, problems = _decrypt(data, what)
        return Opened(content, None, problems)
    if ctype != "signed_data":
        return Opened(None, None, [new_problem("unsupported_attachment", f"{what} is an S/MIME envelope of a kind that "
                                           f"is not read ({ctype}).")])
    signed = info["content"]
    inner = signed["encap_content_info"]["content"]
    content = inner.native if inner.native is not None else None
    if not isinstance(content, bytes):
        return Opened(None, None, [new_problem("unsupported_attachment", f"{what} is an S/MIME signature without the "
                                           "content it signs.")])
    check = verify(signed, None, kind)
    return Opened(content, check, check_problems(check, what))


def verify_clear(content: bytes, signature: bytes) -> SmimeCheck:
    """A multipart/signed mail's signature over its first part's bytes, as sent."""
    try:
        info = content_info(signature)
        if info["content_type"].native != "signed_data":
            raise ValueError("not signed-data")
    except Exception as exc:
        return SmimeCheck(kind="clear", error=f"the signature part could not be read ({type(exc).__name__})")
    return verify(info["content"], content, "clear")


def looks_like_mime(data: bytes) -> bool:
    """Whether bytes begin with a MIME header (the content of a signed or encrypted mail)."""
    return re.match(rb"^\s*[!-9;-~]+[ \t]*:", data[:2000]) is not None


def open_signed_file(att: Attachment, allowance: Allowance) -> Unwrapped:
    """A .p7m file (a signed document, or a mail's envelope attached as a file): what it holds."""
    opened = open_envelope(att.data, att.name, "file")
    out = Unwrapped(problems=opened.problems)
    if opened.check is not None:
        out.signatures.append(Signed(opened.check, file=att.name))
    if opened.content is None:
        return out
    if len(opened.content) > allowance.room():
        out.problems.append(allowance.over("max_unpacked_bytes", f"{att.name} holds {len(opened.content):,} bytes"))
        return out
    allowance.unpacked += len(opened.content)
    base = re.sub(r"(?i)\.p7m$", "", att.name) if att.name.lower().endswith(".p7m") else att.name + ".content"
    if looks_like_mime(opened.content):
        out.files.append(Attachment(base + ".eml", "message/rfc822", opened.content))
    else:
        out.files.append(Attachment(base, "application/octet-stream", opened.content))
    return out
