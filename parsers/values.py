"""Normalisers and validators for the values parties write: CVR, e-mail, phone, dates, networks.

Each returns the contract's normal form, or None when the value cannot be understood, so callers
can report a precise problem instead of guessing.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import re
import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.dk import cvr as stdnum_cvr

MONTHS: dict[str, int] = {
    # Danish
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    # abbreviations (both languages)
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))


def clean(text: str | None) -> str | None:
    """Collapse whitespace and NFC-normalise; empty becomes None."""
    if text is None:
        return None
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text))).strip()
    return t or None


# ------------------------------------------------------------------------------------------ CVR
def cvr_digits(text: str | None) -> str | None:
    """The 8 digits of a CVR number as written ("12 34 56 78", "DK12345678"), else None."""
    if not text:
        return None
    m = re.search(r"(?<!\d)(\d[\d \u00a0.-]{6,12}\d)(?!\d)", text)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    return digits if len(digits) == 8 else None


def cvr_valid(cvr: str | None) -> bool:
    """Modulus-11 check of a Danish CVR number."""
    return bool(cvr) and bool(stdnum_cvr.is_valid(cvr or ""))


# ---------------------------------------------------------------------------------------- e-mail
EMAIL_TOKEN = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
# the ends of domains the parties' addresses have: an address read without one of these at its end may be cut
TOP_LEVEL_DOMAINS = ("example", "info", "com", "org", "net", "dk", "eu", "se", "no", "de", "nu", "io")


def email_norm(text: str | None) -> tuple[str | None, bool]:
    """(lower-cased address, valid?). Syntax only: no DNS look-ups, ever."""
    t = clean(text)
    if not t:
        return None, False
    # a space read beside the "@" (OCR, or a font's wide spacing): "soiv @ aalund.example"
    t = re.sub(r"(?<=[\w.-])\s?@\s?(?=[\w-]+\.[\w.-]+)", "@", t)
    # an address broken inside its local part where its cell wrapped ("bjarke.christofferse n@birkelund.example"):
    # the value is the two pieces and nothing else, the first a local part's (lower case, dotted), so the piece
    # after the space alone ("n@birkelund.example") is no address the party wrote
    t = re.sub(r"^([a-z0-9_%+-]+(?:[._-][a-z0-9_%+-]+)+)\s([a-z0-9._%+-]+@[\w-]+\.[\w.-]+)$", r"\1\2", t)
    m = EMAIL_TOKEN.search(t)
    addr = (m.group(0) if m else t).strip(".").lower()
    if addr.startswith("mailto:"):
        addr = addr[7:]
    try:
        validate_email(addr, check_deliverability=False)
        return addr, True
    except EmailNotValidError:
        return addr, False


# ----------------------------------------------------------------------------------------- phone
PHONE_TOKEN = re.compile(r"(?<![\w@.])(?:\+|00)?\d[\d \u00a0().-]{6,18}\d(?![\w@])")


def phone_like(text: str, *, short: bool = False) -> bool:
    """Digits that can be a phone number: at least eight (any number of them when `short`, a number
    in a phone column to be reported invalid), and no date, network or journal number ("2024-118723",
    "24/08812")."""
    t = text.strip()
    digits = re.sub(r"\D", "", t)
    if re.fullmatch(r"(?:\+45[\s-]?)?\d\d(?:([-\s.])\d\d)(?:\1\d\d){2}", t):
        return True  # eight digits in four pairs ("24-11-64-88"): no date, whose first three pairs it may look like
    if not digits or len(digits) < (1 if short else 8) or len(digits) > 15 or "/" in t or find_date(t) is not None:
        return False
    dotted = re.search(r"\d+\.\d+\.\d+", t) and not re.search(r"(?<![\d.])\d\d(?:\.\d\d){3}(?![\d.])", t)
    if dotted or re.search(r"(?<!\d)(?:19|20)\d\d-\d{3,}", t):
        return False  # "10.1.2.0", "12.03.24", "2024-118723"; a phone in pairs ("12.34.56.78") is one
    return True


def phone_norm(text: str | None) -> tuple[str | None, bool]:
    """(E.164 form or the text as written, valid?). Eight bare digits are a Danish number."""
    t = clean(text)
    if not t:
        return None, False
    raw = re.sub(r"[^\d+]", "", t)
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        num = phonenumbers.parse(raw, "DK")
    except phonenumbers.NumberParseException:
        return t, False
    # Possible (right length for the country) rather than valid: fictional and newly
    # opened Danish number ranges fail is_valid_number although people really use them.
    if not phonenumbers.is_possible_number(num):
        return t, False
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164), True


# ----------------------------------------------------------------------------------------- dates
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./ ](\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})[-./](\d{1,2})[-./](\d{2})(?![\d])"), "dmy2"),
    # "29. oktober 2026", "29th October 2026", "29th of October 2026"
    (re.compile(rf"(?<!\d)(\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?:de[nr]\s+)?({MONTH_RE})\.?,?\s*(\d{{4}})",
                re.I), "d_mon_y"),
    (re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s*(\d{{4}})", re.I), "mon_d_y"),
]


def find_date(text: str | None) -> tuple[dt.date, int, int] | None:
    """First full date (with year) written in text, with its span. Day-first, as in Denmark."""
    if not text:
        return None
    best: tuple[dt.date, int, int] | None = None
    for pat, kind in _DATE_PATTERNS:
        for m in pat.finditer(text):
            g = m.groups()
            try:
                if kind == "ymd":
                    d = dt.date(int(g[0]), int(g[1]), int(g[2]))
                elif kind == "dmy":
                    day, month = int(g[0]), int(g[1])
                    if month > 12 >= day:  # "11/18/2026" can only be American, month first
                        day, month = month, day
                    d = dt.date(int(g[2]), month, day)
                elif kind == "dmy2":
                    d = dt.date(2000 + int(g[2]), int(g[1]), int(g[0]))
                elif kind == "d_mon_y":
                    d = dt.date(int(g[2]), MONTHS[g[1].lower()], int(g[0]))
                else:
                    d = dt.date(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
            except (ValueError, KeyError):
                continue
            if best is None or m.start() < best[1]:
                best = (d, m.start(), m.end())
            break
    return best


def date_norm(text: str | None) -> str | None:
    """A written date as YYYY-MM-DD, else None. The common spellings are matched directly; what they
    miss ("the 18th of November 2026", "18 novembre 2026") is left to dateparser, day first."""
    found = find_date(text)
    if found:
        return found[0].isoformat()
    if not text or len(text) > 120 or not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text) \
            or not re.search(r"[^\W\d_]{3,}", text):
        return None
    try:
        from dateparser.search import search_dates

        hits = search_dates(text, languages=["da", "en"], settings={
            "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"})
    except Exception:  # dateparser raises on odd input; no date is the honest answer
        return None
    return hits[0][1].date().isoformat() if hits else None


# -------------------------------------------------------------------------------------- networks
IP_TOKEN = re.compile(
    r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:\s*(?:-|–|—|to|til)\s*\d{1,3}(?:\.\d{1,3}){3}"
    r"|\s*/\s*(\d{1,3}(?:\.\d{1,3}){3}|\d{1,3})|\s+(?:net)?mask\s*:?\s*\d{1,3}(?:\.\d{1,3}){3}"
    r"|,?\s+(?:\(?\s*(?:subnet\s*)?(?:net)?mask\s*:?\s*)?(255\.\d{1,3}\.\d{1,3}\.\d{1,3})\)?)?(?![\w.])"
    r"|(?<![\w:])([0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}/\d{1,3})(?![\w:])"
)
MIN_IPV4_PREFIX = 16   # anything broader than a /16 is not one party's SDN scope
MIN_IPV6_PREFIX = 32


def network_norm(token: str) -> tuple[str | None, list[str]]:
    """(normalised CIDR or None, reasons it is not acceptable as written).

    Host bits set: the network is normalised but flagged, because the party must confirm what it
    meant. A bare address becomes a /32 (flagged). Public, far too broad, loopback, multicast
    and link-local ranges are flagged: the SDN scope is a party's private internal networks.
    """
    reasons: list[str] = []
    t = re.sub(r"\s+", " ", token.strip())
    rng = re.fullmatch(r"(\S+?)\s*(?:-|–|—|to|til)\s*(\S+)", t)
    if rng:
        return range_norm(rng.group(1), rng.group(2))
    t = re.sub(r"(?i),?\s*\(?\s*(?:subnet\s*)?(?:net)?mask\s*:?\s*|,\s*", " ", t).rstrip(")").strip()
    m = re.fullmatch(r"(\S+?)\s*(?:/\s*(\S+)|\s+(\S+))?", t)
    if not m:
        return None, ["not a network"]
    addr, prefix, mask = m.group(1), m.group(2), m.group(3)
    if prefix is None and mask is None:
        reasons.append("no prefix length given")
        spec = addr
    else:
        spec = f"{addr}/{prefix if prefix is not None else mask}"
    try:
        net = ipaddress.ip_network(spec, strict=False)
    except ValueError:
        return None, ["not a valid network"]
    try:
        ipaddress.ip_network(spec, strict=True)
    except ValueError:
        reasons.append(f"host bits set (the network is {net})")
    if net.version == 4 and net.prefixlen < MIN_IPV4_PREFIX:
        reasons.append(f"far too broad (/{net.prefixlen}; at most /{MIN_IPV4_PREFIX})")
    if net.version == 6 and net.prefixlen < MIN_IPV6_PREFIX:
        reasons.append(f"far too broad (/{net.prefixlen})")
    if net.is_loopback or net.is_multicast or net.is_link_local or net.is_unspecified:
        reasons.append("not a usable network (loopback, multicast, link-local or unspecified)")
    elif not net.is_private and not _is_shared(net):
        reasons.append("a public address range, not an internal network")
    return str(net), reasons


def range_norm(first: str, last: str) -> tuple[str | None, list[str]]:
    """A range written as "10.1.0.0 - 10.1.0.255": the network it is, when it is exactly one."""
    try:
        a, b = ipaddress.IPv4Address(first), ipaddress.IPv4Address(last)
    except ValueError:
        return None, ["not a valid address range"]
    if b < a:
        return None, ["the range ends before it starts"]
    nets = list(ipaddress.summarize_address_range(a, b))
    if len(nets) != 1:
        return None, [f"the range is not one network (it spans {', '.join(str(n) for n in nets[:4])})"]
    net, reasons = network_norm(str(nets[0]))
    return net, reasons


def _is_shared(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    """Carrier-grade NAT space (100.64.0.0/10) is used internally too."""
    return isinstance(net, ipaddress.IPv4Network) and net.subnet_of(ipaddress.IPv4Network("100.64.0.0/10"))


def overlapping(nets: list[str]) -> list[tuple[str, str]]:
    """Pairs of the given networks that overlap (in the order given)."""
    parsed = [ipaddress.ip_network(n) for n in nets]
    out: list[tuple[str, str]] = []
    for i, a in enumerate(parsed):
        for b in parsed[i + 1:]:
            if a.version == b.version and a.overlaps(b):
                out.append((str(a), str(b)))
    return out


def looks_like_name(text: str | None) -> bool:
    """A person's name as typed: 2-5 capitalised words of letters, no digits or @."""
    t = clean(text)
    if not t or len(t) > 60 or re.search(r"[\d@:/]", t):
        return False
    words = [w for w in re.split(r"[\s]+", t) if w]
    if not 2 <= len(words) <= 5:
        return False
    if len(words[-1]) == 1:
        from .postcodes import is_town

        if is_town(t):  # a postal district ("København K", "Aarhus C"): a town under its postcode, no one's name
            return False
    caps = [w for w in words if w[0].isupper()]
    small = {"von", "van", "de", "la", "af", "der", "den", "og", "du"}
    return all(w[0].isupper() or w.lower() in small for w in words) and len(caps) >= 2


def org_like(text: str) -> bool:
    """A line that names an organisation: it holds a word organisations are named with ("Kommune",
    "A/S", "Apotek"; vocabulary.toml's organisation_suffixes), and is no label, number or address."""
    from .documents import vocabulary  # the vocabulary lives with the document reader

    t = vocabulary.norm(text)
    if not t or len(text) > 80 or re.search(r"medcom", text, re.I) or re.search(r"\d{3,}|@|:|[\[\]☐☒☑■□]", text):
        return False
    head, comma, tail = text.rpartition(",")
    if comma and head.strip() and set(vocabulary.norm(tail).split()) & set(vocabulary.words("branch_words")):
        if re.search(r"\s(?:i|og|af|for|ved|til|hos|of|and|in|von|der|des)$", tail.rstrip(), re.I):
            return False  # "…AB, filial af": a name cut short, whose rest is elsewhere
        t = vocabulary.norm(head)  # "Tornby Health AB, filial af svensk selskab": the company's own name decides
    toks = t.split()
    suffixes = set(vocabulary.words("organisation_suffixes"))
    # the word that makes it an organisation ends its name ("Fjordby Kommune", "Nordsund Health", "Region
    # Nord", "Kildegården A/S"), so a sentence about a network or health data is not one
    return len(toks) <= 7 and (any(tok in suffixes for tok in toks[-2:]) or " ".join(toks[-2:]) in suffixes)


def after_unknown_label(text: str) -> str:
    """The value behind a label nobody knows ("Betegnelse: Kystby Kommune" -> "Kystby Kommune")."""
    return re.sub(r"^[^:\d@]{1,30}:\s*", "", text).strip()
