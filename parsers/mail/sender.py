"""Who wrote a mail, as far as the headers can tell: one strict From, and the Authentication-Results
of the receiving servers read with an RFC 8601 parser (authres), comments ignored."""
from __future__ import annotations

import email.policy
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import authres

from ..reading import AuthResultsHeader

_ADDRESS_LIKE = re.compile(r"[^\s@<>\"()]+@[^\s@<>\"()]+")


def _domain_changes(addr: str) -> bool:
    """True when the address is not what it looks like after normalisation: compatibility characters
    (KELVIN SIGN becomes "k" under .lower() and NFKC; U+212B becomes "å"), or a domain IDNA rewrites."""
    if addr.isascii():
        return False
    if unicodedata.normalize("NFKC", addr) != addr or unicodedata.normalize("NFC", addr) != addr:
        return True
    if any(not c.isascii() and c.lower().isascii() for c in addr):
        return True
    domain = addr.rsplit("@", 1)[-1]
    try:
        round_trip = domain.encode("idna").decode("idna")
    except (UnicodeError, ValueError):
        return True
    return round_trip != domain.lower()


def strict_from(raw_values: list[str], lenient_all: list[str]) -> str | None:
    """Why the From may not be believed, or None: exactly one From header with exactly one address,
    read by the standard library's strict header parser, the same address the lenient reader found,
    written outside any encoded-word, under a display name that is no address, unchanged by NFKC/IDNA."""
    if not raw_values:
        return None  # no sender at all: nobody to believe or not (route says "no sender address")
    if len(raw_values) != 1:
        return f"{len(raw_values)} From headers"
    value = raw_values[0]
    if len(lenient_all) != 1:
        return "the From header does not hold exactly one address"
    lenient = lenient_all[0]
    try:
        header = email.policy.strict.header_factory("from", value)
        addresses = list(header.addresses)
    except Exception:
        return "the From header cannot be read by a strict parser"
    real = [a for a in addresses if a.domain]
    if len(real) != 1:
        return "the From header does not hold exactly one address"
    if any(a.username and not a.domain and _ADDRESS_LIKE.search(a.username) for a in addresses):
        return "the From header holds an address inside an encoded-word"
    a = real[0]
    spec = f"{a.username}@{a.domain}"
    if spec.lower() != lenient.lower():
        return f"the From header reads as {spec!r} to a strict parser but {lenient!r} to a lenient one"
    if "=?" in value and spec.lower() not in value.lower():
        return "the From address is written inside an encoded-word"
    # a display name that is itself an address, other than the real one ("a@x" <a@x> is what many clients
    # write; "Anna, see anna@x" is a name with an address in it, and is not taken for one)
    firsts = [(b.display_name or "").strip(" \t\"'<>()[]").split(maxsplit=1) for b in addresses]
    named = {f[0].strip("<>\"'(),;:").lower() for f in firsts if f and _ADDRESS_LIKE.fullmatch(
        f[0].strip("<>\"'(),;:"))}
    if named - {spec.lower()}:
        return "the From display name is itself an address"
    if _domain_changes(spec):
        return "the From address changes under Unicode (NFKC) or IDNA normalisation"
    return None


def _aligned(domain: str | None, from_domain: str) -> bool:
    """Relaxed alignment (RFC 7489 3.1): the same domain, or one a subdomain of the other."""
    if not domain:
        return False
    d, f = domain.lower().rstrip("."), from_domain.lower().rstrip(".")
    return d == f or d.endswith("." + f) or f.endswith("." + d)


@dataclass
class AuthResult:
    """One method's result in an Authentication-Results header (dkim=pass header.d=...)."""

    method: str
    result: str
    header_from: str | None = None
    header_d: str | None = None


@dataclass
class AuthHeader:
    """One Authentication-Results header: which server wrote it, and its results. A header authres cannot
    parse is `unparsed`, with no results, so that it is never read as a pass."""

    authserv_id: str | None
    results: list[AuthResult] = field(default_factory=list)
    unparsed: bool = False

    def public(self) -> dict[str, object]:
        """As the reading holds it (`message.auth.headers`)."""
        if self.unparsed:
            return {"authserv_id": self.authserv_id, "unparsed": True, "results": []}
        return {"authserv_id": self.authserv_id, "results": [asdict(r) for r in self.results]}

    @classmethod
    def stored(cls, header: AuthResultsHeader) -> AuthHeader:
        """A header as a stored reading holds it (`public` written out, loaded from the ledger)."""
        results = [AuthResult(r.method, r.result, r.header_from, r.header_d) for r in header.results]
        return cls(header.authserv_id, results, header.unparsed)


def parse_auth_results(values: list[str]) -> list[AuthHeader]:
    """Every Authentication-Results header, as read by authres."""
    out: list[AuthHeader] = []
    for value in values[:50]:
        try:
            parsed = authres.AuthenticationResultsHeader.parse("Authentication-Results: " + value)
        except Exception:
            out.append(AuthHeader(None, unparsed=True))
            continue
        results = []
        for r in parsed.results:
            props = {f"{p.type}.{p.name}".lower(): str(p.value) for p in (r.properties or [])}
            results.append(AuthResult(str(r.method).lower(), str(r.result).lower(), props.get("header.from"),
                                      props.get("header.d") or props.get("header.i", "").rsplit("@", 1)[-1] or None))
        out.append(AuthHeader(str(parsed.authserv_id or "").lower() or None, results))
    return out


def auth_verdict(headers: Sequence[AuthHeader], from_addr: str | None,
                 authserv_ids: tuple[str, ...] = ()) -> str:
    """"pass", "fail" or "none" for the From the bot uses; `headers` as read, or as a stored reading holds
    them (`AuthHeader.stored`, mailbot/trust.py).

    With authserv_ids only those servers' headers count; a DMARC pass whose header.from is the From's
    domain, or a DKIM pass aligned with it, is a pass. A dkim or dmarc fail in any counted header is a
    fail, whatever else the headers say."""
    from_domain = (from_addr or "").rsplit("@", 1)[-1].lower() if from_addr and "@" in from_addr else ""
    wanted = {i.lower() for i in authserv_ids}
    counted = [h for h in headers if not wanted or (h.authserv_id or "") in wanted]
    verdict = "none"
    for h in counted:
        for r in h.results:
            if r.method in ("dmarc", "dkim") and r.result in ("fail", "permerror"):
                return "fail"
            if not from_domain:
                continue
            if r.method == "dmarc" and r.result == "pass" and (r.header_from or "").lower().rstrip(".") == from_domain:
                verdict = "pass"
            elif r.method == "dkim" and r.result == "pass" and _aligned(r.header_d, from_domain):
                verdict = "pass"
    return verdict


def auth_summary(headers: list[AuthHeader]) -> dict[str, str | None]:
    """The old {"dmarc", "dkim", "spf"} summary, now over every header: a fail anywhere wins."""
    out: dict[str, str | None] = {"dmarc": None, "dkim": None, "spf": None}
    for h in headers:
        for r in h.results:
            if r.method in out and (out[r.method] is None or r.result == "fail"):
                out[r.method] = r.result
    return out
