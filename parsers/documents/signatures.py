"""Evidence that a party signed: a cryptographic /Sig field, a signing service's evidence page,
a typed name on the signature line, or a drawn signature image in the party's block.

Digital signatures are validated in `signing.validation`; the judgement of them all is `signing.judgement`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..values import clean, find_date, looks_like_name, org_like
from . import vocabulary
from .job_titles import job_title, title_and_name, title_only
from .labels import column_of, find_labels
from .page_types import Dispute, Line, PdfContent, Segment

# Words that mark a signing service's evidence page (Penneo, Visma Addo, Scrive, DocuSign, Signicat,
# Adobe Sign, and home-grown services alike): a heading about the signing, or the service's words.
_EVIDENCE_MARKERS = re.compile(
    r"underskriftsside|underskriftsbevis|signeringsbevis|signaturside|bevis\s+for\s+(?:\w+\s+)?(?:underskrift|signering)"
    r"|signature\s+page|signing\s+page|signature\s+certificate|certificate\s+of\s+completion"
    r"|audit\s+(?:trail|log)|revisionsspor|transaktionslog|signing\s+(?:log|evidence|record)"
    r"|dokumentnøgle|document\s+(?:key|id)|envelope\s+id|transaction\s+id|signerings-?id"
    r"|verifikat|transaktion|signeringsattest|signing\s+certificate|underskrivere|signers?\s+events?"
    r"|(?:underskrevet|signeret)\s+(?:digitalt|elektronisk|med|via)|(?:digitally|electronically)\s+signed"
    r"|signed\s+(?:with|via|using)\b"
    r"|penneo|addo|scrive|docusign|signicat|adobe\s+(?:acrobat\s+)?sign|esignatur|validsign|mitid|nemid|bankid"
    # the certificates' own headings and ids, Danish and English (DocuSign's "Fuldførelsescertifikat" and
    # "Konvolut-id", Adobe Acrobat Sign's "audit report", Scrive's "Verification", Verified, Criipto)
    r"|fuldførelsescertifikat|færdiggørelsescertifikat|konvolut-?\s?id|signer\s+events?"
    r"|audit\s+report|revisionsrapport|revisionsspor|signature\s+evidence|underskriftsbevis"
    r"|signing\s+parties|signed\s+by\s+the\s+following|underskrevet\s+af\s+følgende|have\s+signed\s+electronically"
    r"|(?:document|dokument|transaktions|transaction|signing|signerings)-?\s?id\b|e-signed|criipto"
    # a receipt or record of the signing ("Kvittering for elektronisk underskrift", "Record of electronic
    # signature"), and the services named by it (Oneflow, Dokobit)
    r"|kvittering\s+for\s+(?:elektronisk\s+|digital\s+)?(?:underskrift|signering)"
    r"|record\s+of\s+(?:electronic\s+|digital\s+|completed\s+)?(?:signature|signing)|oneflow|dokobit"
    # "Every signer below has signed the document electronically" (a service's record in its own words)
    r"|signed\s+(?:the\s+)?(?:document|agreement)\s+electronically"
    # more services, and an envelope's words in Danish ("Forsendelses-ID", "Forsendelse i gang")
    r"|zoho\s+sign|signrequest|forsendelses-?\s?id|forsendelse\s+i\s+gang|envelope\s+in\s+progress"
    r"|proof\s+of\s+e-?signing|digital\s+signering",
    re.I)
# words an agreement's own signature block uses too ("Underskriver: ..."): two different ones are needed
_WEAK_MARKERS = re.compile(r"\b(?:underskriver\w*|verification|verified|signer(?:s|ne)?|tidsstempel|timestamp"
                           r"|identitet|identity|serienummer|serial\s+number)\b", re.I)
_SIGNER_LABELS = re.compile(
    r"^\s*(?:underskriver(?:ens\s+navn)?|underskrevet\s+af|signeret\s+af|signer(?:'s)?(?:\s+name)?|signed\s+by"
    r"|signatory|navn|name)"
    # a numbered signer ("Underskriver 1:", "Signatory 2:", "Signer #1:"): the number is no part of the name
    r"(?:\s+(?:nr\.|no\.|#)?\s*\d{1,2}(?=\s*:))?\s*:?\s*(.*)$", re.I)
_ROLE_LABELS = re.compile(r"^\s*(?:rolle|role|titel|title|stilling|position|på\s+vegne\s+af|on\s+behalf\s+of"
                          r"|organisation|organization|virksomhed|company)\s*:\s*(.*)$", re.I)
_CLOCK = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d{2}(?::\d{2})?(?![\d.:])|\dT\d{2}:\d{2}")
# a time that is not the moment of signing ("Sent: ...", "Viewed: ...")
_OTHER_EVENT = re.compile(r"\b(?:sent|sendt|afsendt|viewed|vist|set|åbnet|opened|created|oprettet|delivered|leveret"
                          r"|udløb\w*|expir\w*|invit\w*|udsendt)\b", re.I)
_NAME = r"[A-ZÆØÅÄÖÜÉ][\w'’.-]+(?:\s+(?:[A-ZÆØÅÄÖÜÉ][\w'’.-]+|von|van|de|af|la|du|der))*(?:\s+[A-ZÆØÅÄÖÜÉ][\w'’.-]+)"
_PROSE_SIGNER = re.compile(rf"(?:signed|underskrevet|signeret|godkendt|approved)(?:\s+(?:digitalt|elektronisk|digitally"
                           rf"|electronically))?\s+(?:af|by)\s*:?\s*({_NAME})")
# a signer's name at the start of a line: alone, before its role in brackets or after a comma, before
# "har underskrevet", or before its e-mail address ("Hanne Ryberg hanne@kystby.example", DocuSign's signer; "Lærke
# Riis <laeri@havrum.example>", a mail client's way)
_LEADING_NAME = re.compile(rf"^\s*({_NAME})(?=\s*[,(]|\s+(?:har|has|signed|underskrev|signerede)\b|\s*$"
                           r"|\s+<?[\w.+-]+@[\w-]+\.|\s+MedCom\b|\s+\d{1,4}[-./]\d{1,2}[-./]\d)")
# a signer's status that says it has not signed ("Sent – not signed", "Afventer underskrift", "Pending"), or an
# envelope's status that stops short of signed ("Status: Sent", DocuSign's round not finished): no time that
# follows on the page is its
_NOT_YET = re.compile(r"\bnot\s+(?:yet\s+)?signed\b|\bikke\s+(?:\w+\s+)?(?:underskrevet|signeret)\b|\bafventer\b"
                      r"|\bmangler\s+(?:stadig|endnu)\b|\bstill\s+outstanding\b"
                      r"|\bpending\b|\bwaiting\s+for\b|\bawaiting\b|\bout\s+for\s+signature\b"
                      r"|\bstatus\s*:?\s*(?:sent|sendt|afsendt|delivered|leveret|created|oprettet|viewed|åbnet"
                      r"|opened|in\s+progress|i\s+gang|udsendt)\s*(?:$|[–\-,.;(]|\n)", re.I | re.M)
# words that make a capitalised phrase a heading, a service or an organisation rather than a person
_NOT_PERSON = re.compile(
    r"kommune|region|hospital|sygehus|klinik|clinic|apotek|pharma|lab|\baps\b|a/s|i/s|\bab\b|\bas\b|ltd|inc|gmbh"
    r"|medcom|health|system|data|service|center|centre|praksis|lægerne|partner|group|gruppen"
    r"|certifi|complet|event|signer|signatur|signing|document|dokument|envelope|verifikat|transak|underskri"
    r"|penneo|addo|scrive|docusign|visma|mitid|nemid|bankid|signicat|adobe|page|side|bevis|audit|trail|log"
    r"|summary|oversigt|history|historik|status|record|details|detaljer|\bid\b"
    # a service's words about how a signature was made ("Pre-selected Style", wrapped from DocuSign's
    # "Signature Adoption:"; "Security Level", "Email Authentication")
    r"|\bstyle\b|adoption|pre-?selected|\buploaded\b|security|authenticat|\bip\b"
    # an envelope's events ("Certified Delivered", its "fi" ligature sometimes mapped to another letter)
    r"|deliver|\bviewed\b|\bsent\b|\bdeclined\b|\bvoided\b"
    # a role in the agreement, as a block's heading names it ("(DEN TILSLUTTEDE PART)", "the data controller")
    r"|\bpart(?:en|y|erne|ies)?\b|tilsluttede|connecting|dataansvarlig|controller|processor|databehandler"
    r"|[()]", re.I)


_ON_BEHALF = re.compile(r"^\s*(?:for|on\s+behalf|på\s+vegne)\b", re.I)  # "For Parten": a block's heading


@dataclass
class Signer:
    name: str
    role: str | None
    date: str | None
    page: int
    email: str | None = None  # the signer's address, as DocuSign and Acrobat Sign print it beside the name


_MEDCOM = re.compile(r"medcom", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MAIL_CUT = re.compile(r"[\w.+-]+@[\w.-]*[-.]")      # an address cut at a hyphen or a dot: its rest below
_MAIL_TAIL = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.I)
_INITIALS = re.compile(r"[A-ZÆØÅ]{1,4}")
_FURNITURE = re.compile(r"skabelon|template|styregruppe|steering\s+group", re.I)  # a running footer's words


_LOCAL = ZoneInfo("Europe/Copenhagen")
# a time given in UTC ("09:12:33 UTC", "08:00:12 AM GMT", "2026-11-18T23:05:00Z", "+00:00")
_UTC_CLOCK = re.compile(r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?"
                        r"\s*(?:-\s*)?(?:\(?\s*(?:UTC|GMT|Z)\b|Z(?![\w])|[+]00:?00\b)")


def _local_date(day: dt.date, text: str) -> dt.date:
    """The Danish date of a moment written in UTC: 23:40 UTC on the 18th is the 19th in Copenhagen."""
    m = _UTC_CLOCK.search(text)
    if m is None:
        return day
    hour, minute = int(m.group(1)) % 24, int(m.group(2))
    if m.group(3):
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    moment = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)
    return moment.astimezone(_LOCAL).date()


# the word after a clock where a time zone is written ("23:40:12 GM[T", OCR's "UIC"), with an AM/PM before it
_ZONE_WORD = re.compile(r"(?<![\d.:])\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:-\s*)?\(?\s*"
                        r"([^\s\d()]{2,6})")
_ZONES = ("UTC", "GMT", "CET", "CEST")


def zone_in_doubt(text: str) -> str | None:
    """The word after a moment's clock that looks like a time zone but is none OCR read surely ("GM[T", "UIC",
    "G.MT"): the zone the day depends on near midnight cannot be read, so the day is in doubt. None when the
    zone is read, or no such word stands there."""
    m = _ZONE_WORD.search(text)
    if m is None or _UTC_CLOCK.search(text):
        return None
    word = m.group(1).upper()
    letters = re.sub(r"[^A-Z]", "", word)
    if word in _ZONES or not 2 <= len(letters) <= 4:
        return None
    near = any(sum(a == b for a, b in zip(letters, z, strict=False)) >= 2 or
               len(letters) >= 2 and letters in z for z in _ZONES)
    return m.group(1) if near else None


def doubtful_day(text: str) -> str | None:
    """The date of a moment of signing whose day depends on a time zone OCR did not read surely: read as UTC
    it would be another day in Copenhagen ("2026-11-26 - 23:40:12 GM[T" is the 27th if that was GMT).
    None when the zone is read or the day is the same either way."""
    found = find_date(text)
    word = zone_in_doubt(text[found[1]:]) if found else None
    if found is None or word is None:
        return None
    as_utc = _local_date(found[0], text[found[1]:].replace(word, "UTC", 1))
    return found[0].isoformat() if as_utc != found[0] else None


def _timestamp(text: str) -> str | None:
    """The (Danish) date of a moment of signing written in text ("2026-11-18 09:12:33 UTC", "Signed:
    11/18/2026 | 09:12 AM"), or None for a bare date or another event ("Sent: ...")."""
    found = find_date(text)
    if not found or not _CLOCK.search(text[found[1]:]) and not _CLOCK.search(text[:found[1]]):
        return None
    if _OTHER_EVENT.search(text[:found[1]]):
        return None
    return _local_date(found[0], text[found[1]:]).isoformat()


_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")


def _writes_month_first(lines: list[Line]) -> bool:
    """An evidence page written the American way (DocuSign's "10/1/2026 | 08:00:29 AM"): a 12-hour clock
    (AM/PM, also wrapped onto a line of its own) beside slashed dates, or a slashed date that can only
    be month first (11/25/2026), and none that can only be day first."""
    text = "\n".join(ln.text for ln in lines)
    dates = [(int(a), int(b)) for a, b, _ in _SLASHED.findall(text)]
    if not dates or any(a > 12 >= b for a, b in dates):
        return False
    return any(b > 12 >= a for a, b in dates) or bool(re.search(r"(?<![\w])(?:AM|PM)(?![\w])", text))


def _month_first(text: str) -> str:
    """A slashed date written month first, rewritten day first (as find_date reads it): 10/1/2026 -> 1/10/2026."""
    return _SLASHED.sub(lambda m: f"{m.group(2)}/{m.group(1)}/{m.group(3)}", text)


_BARE_CLOCK = re.compile(
    r"^\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:\(?\s*(?:UTC|GMT|CES?T)\)?)?\s*$")


def _page_lines(content: PdfContent, page: int) -> list[Line]:
    """A page's lines, with a signing time whose clock wrapped in its table cell joined again: a cell
    holding only a date ("2026-11-22") with, right under it at the same left edge, a cell holding only a
    clock ("08:08:55") is one moment of signing, as a narrow "Signed (UTC)" column prints it; so is a line
    ending in a date ("... · Time: 2026-10-28") over a line holding only a clock ("10:39:42 UTC") that starts
    no further right: a paragraph that wrapped inside its moment."""
    lines = content.page_lines(page)
    out: list[Line] = []
    taken: set[int] = set()  # id() of clock segments joined to the line above
    for i, ln in enumerate(lines):
        segments = [seg for seg in ln.segments if id(seg) not in taken]
        if not segments:
            continue
        below = lines[i + 1] if i + 1 < len(lines) else None
        clocks = [b for b in below.segments if _BARE_CLOCK.match(b.text)] \
            if below is not None and below.top - ln.bottom < 1.5 * (ln.bottom - ln.top) else []
        joined: list[Segment] = []
        for seg in segments:
            clock = None
            if clocks and not _CLOCK.search(seg.text) and find_date(seg.text):
                clock = next((b for b in clocks if abs(b.x0 - seg.x0) <= 3), None)
            if (clock is None and clocks and seg is segments[-1] and below is not None and len(below.segments) == 1
                    and below.segments[0].x0 <= seg.x0 + 3 and not _CLOCK.search(seg.text)
                    and (day := find_date(seg.text)) is not None and day[2] == len(seg.text.rstrip())):
                clock = below.segments[0]
            if clock is not None:
                taken.add(id(clock))
                joined.append(Segment(seg.words + clock.words))
            else:
                joined.append(seg)
        out.append(Line(ln.page, ln.top, ln.bottom, joined))
    return out


def evidence_pages(content: PdfContent) -> list[int]:
    """Pages that are a signing service's evidence: its words and at least one moment of signing, or (a
    round not finished) its words and a signer's status that says it has not signed yet ("Afventer
    underskrift"): such a page is no part of the agreement's signature block, and its dates ("Sendt af ...
    den 01.10.2026") are never the party's signing date."""
    out: list[int] = []
    for page in content.pages_read:
        text = "\n".join(ln.text for ln in content.page_lines(page))
        weak = {m.group(0).casefold()[:8] for m in _WEAK_MARKERS.finditer(text)}
        if (_EVIDENCE_MARKERS.search(text) or len(weak) >= 2) and (
                _NOT_YET.search(text) or any(_timestamp(s.text) for ln in _page_lines(content, page)
                                             for s in ln.segments)):
            out.append(page)
    return out


def _person(name: str) -> str | None:
    name = re.sub(r"\s+(?:von|van|de|af|la|du|der)$", "", clean(name) or "")
    if not name or _NOT_PERSON.search(name) or len(name.split()) > 5:
        return None
    return name


def _names_side_by_side(ln: Line) -> bool:
    return len(ln.segments) >= 2 and all(_person(s.text) and looks_like_name(s.text) for s in ln.segments)


def _signers_in_columns(ln: Line) -> bool:
    """A row of a signer table set with a column per signer: a signer's label ("Navn", "Name", "Underskriver")
    in the first cell, and two or more cells beside it that are each a person's name."""
    first = _SIGNER_LABELS.match(ln.segments[0].text) if ln.segments else None
    return first is not None and not first.group(1).strip() and len(ln.segments) >= 3 and \
        all(_person(s.text) and looks_like_name(s.text) for s in ln.segments[1:])


def _columns_read(lines: list[Line], i: int) -> tuple[list[list[str]], int]:
    """A signer table with a column per signer (the row labels down the first column: name, title, status, time),
    from its names row at line i down to its last row: each signer's column read as labelled lines ("Navn: X",
    "Status: Underskrevet", "Tidspunkt: ..."), the signers one after the other; and the line after the table."""
    head = lines[i]
    cols = [s.x0 for s in head.segments]
    rows: list[Line] = []
    k = i
    while k < len(lines) and len(lines[k].segments) >= 2 and abs(lines[k].segments[0].x0 - cols[0]) <= 5 \
            and (k == i or not _signers_in_columns(lines[k])) and lines[k].segments[0].x1 < cols[1]:
        rows.append(lines[k])
        k += 1
    out: list[list[str]] = []
    for c in range(1, len(cols)):
        for row in rows:
            label = row.segments[0].text.strip().rstrip(":")
            value = " ".join(s.text for s in row.segments[1:] if column_of(s.x0, cols) == c).strip()
            if value:
                out.append([f"{label}: {value}"])
    return out, k


def _reading_order(lines: list[Line]) -> list[list[str]]:
    """The cells of an evidence page line by line; signers' blocks set side by side (a name heading each
    column, its role, method and time below) are read column by column, so that one signer's time is
    never taken for the other's; so is a table with a column per signer under a row label."""
    out: list[list[str]] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if _signers_in_columns(ln):
            cells, i = _columns_read(lines, i)
            out.extend(cells)
            continue
        if not _names_side_by_side(ln):
            out.append([s.text for s in ln.segments])
            i += 1
            continue
        cols = [s.x0 for s in ln.segments]
        streams: list[list[list[str]]] = [[] for _ in cols]
        while i < len(lines) and lines[i].segments[0].x0 >= cols[0] - 5 and (
                lines[i] is ln or not _names_side_by_side(lines[i])):
            for seg in lines[i].segments:
                streams[column_of(seg.x0, cols)].append([seg.text])
            i += 1
        for stream in streams:
            out.extend(stream)
    return out


def awaited(content: PdfContent, pages: list[int], names: list[str | None]) -> bool:
    """A signing service's page says it still waits for one of `names` (the party's signatory or the party):
    "Waiting for Karen Lund (Egelev Apotek) to sign", "Afventer underskrift fra Karen Lund", a signer's row
    "Karen Lund | Egelev Apotek | Afventer". The party signs through the service, so a name printed in its block
    is no signature of it. The status may stand on its own line under the signer's ("Karen Lund (Egelev Apotek)" /
    "Afventer underskrift – invitation sendt"): the line above it names whom it is about."""
    wanted = [n.casefold() for n in names if n and len(n) >= 5]
    for page in pages:
        lines = content.page_lines(page)
        for k, ln in enumerate(lines):
            about = ln.text if k == 0 else f"{lines[k - 1].text}\n{ln.text}"
            if _NOT_YET.search(ln.text) and any(n in about.casefold() for n in wanted):
                return True
    return False


def evidence_signers(content: PdfContent, pages: list[int] | None = None,
                     expected: str | None = None) -> list[Signer]:
    """Signers listed on signing-service evidence pages, each with the date they signed.

    Reads labelled lists ("Signed by: ... / Timestamp: ..."), prose ("Signed by X via Penneo on ...",
    "X har underskrevet ... den ...") and unlabelled blocks (a name, its role lines, a timestamp); on a page
    where none is found, the agreement's `expected` signatory named on it with its one moment (_named_signer).
    """
    out: list[Signer] = []
    waiting: set[int] = set()
    pages = pages if pages is not None else evidence_pages(content)
    for page in pages:
        current: Signer | None = None
        roles: list[str] = []
        cut_mail: str | None = None
        lines = _page_lines(content, page)
        if page - 1 not in pages and page - 1 in content.pages_read:
            lines = _table_begun(_page_lines(content, page - 1), lines) + lines
        month_first = _writes_month_first(lines)
        for cells in _reading_order(lines):
            first = cells[0]
            joined = " ".join(cells)
            name: str | None = None
            rest = ""
            m = _SIGNER_LABELS.match(first if len(cells) > 1 else joined)
            if m and len(cells) > 1 and not m.group(1) and all(_COLUMN_HEAD.match(c) for c in cells[1:]):
                continue  # a signer table's head row ("Name | Title | Signed (UTC) | e-ID"): no signer's name
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
                # a bare name-like line right under a signer who has no time yet is that signer's
                # organisation or role ("Klara Kløver (KK)" / "Kløverhøj Lægehus" / "Signeret ...")
                second = current is not None and current.date is None and len(roles) < 2 and len(cells) == 1
                who, title = _title_apart(lm.group(1)) if lm else ("", "")
                if lm and _person(who) and looks_like_name(who) and not second \
                        and not org_like(who) and not title_only(who):
                    name, rest = who, f"{title}, {first[lm.end():]}" if title else first[lm.end():]
            signed_for = ""
            if name is None:
                name, signed_for = _signer_in_row(cells)
            if name is not None:
                current = Signer(_person(name) or name, None, None, page)
                cut_mail = None
                out.append(current)
                mail = _EMAIL.search(joined)
                current.email = mail.group(0) if mail else None
                rest = clean(re.sub(r"^[\s,;(]+|[\s,;)]+$", "", rest)) or ""
                roles = [rest] if rest and not _timestamp(rest) and not re.search(r"[@:]", rest) \
                    and not _INITIALS.fullmatch(rest) else []
                # the role may follow on the same line: "Karen Lund (Kystby Kommune) har underskrevet"
                paren = re.search(r"\(([^()]{3,60})\)", joined)
                if paren and not roles and not re.fullmatch(r"[A-ZÆØÅ]{1,4}", paren.group(1)):
                    roles.append(paren.group(1))
                if signed_for:
                    roles = [signed_for]
                # a signer table's row ("Name | Title | Signed (UTC) | e-ID"): the cell after the name
                if not roles and len(cells) > 1 and cells[0].strip().startswith(name):
                    after = re.split(r"\s*\d", clean(cells[1]) or "")[0]  # its time may run into it
                    if after and len(after) <= 60 and not _timestamp(after) and not re.search(r"[@:\d]", after) \
                            and not _INITIALS.fullmatch(after):  # DocuSign's initials column ("HR")
                        roles.append(after)
            elif current is not None:
                # in a table of signer events (DocuSign: the signer's name, e-mail, title and security level
                # down its first column, the signature and the times beside them) the signer's own lines
                # are its first cell
                own = cells[0] if len(cells) > 1 else joined
                mail = _EMAIL.search(joined)  # "E-mail: | hanne@kystby.example"; never a footer's address
                if mail and current.email is None and current.date is None and not _FURNITURE.search(joined):
                    current.email = mail.group(0)
                rm = _ROLE_LABELS.match(joined)
                # an address broken at the column's edge ("dorthe.eskildsen@egelev-" / "sundhed.example"): neither
                # piece is a role, and the signer's title follows a line lower
                tail = cut_mail is not None and bool(_MAIL_TAIL.fullmatch(own.strip()))
                if tail and current.email is None:
                    current.email = f"{cut_mail}{own.strip()}"
                cut = _MAIL_CUT.fullmatch(own.strip())
                # kept over a line between (a time's "AM" wrapped in the next column) until the rest comes
                cut_mail = own.strip() if cut else None if tail else cut_mail
                if tail or cut:
                    pass
                elif rm and rm.group(1).strip():
                    roles.append(clean(rm.group(1)) or "")
                elif (len(own) <= 60 and not re.search(r"[@:\d]", own) and len(roles) < 4
                      and current.date is None):
                    roles.append(clean(own) or "")
                elif current.date is not None and len(cells) == 1 and len(own) <= 60 and \
                        (_MEDCOM.search(own) or org_like(own)) and not re.search(r"[@:\d]", own):
                    roles.append(clean(own) or "")  # whom the signer signed for, under its time (Verified)
                elif current.date is not None and not any(job_title(r) for r in roles) and len(cells) > 1 \
                        and title_only(own) and job_title(own) and not re.search(r"[@:\d]", own):
                    # DocuSign's first column, one line lower than its times when the address above wrapped
                    roles.append(clean(own) or "")
            if current is not None and current.date is None and _NOT_YET.search(joined):
                waiting.add(id(current))  # its own lines say it has not signed: a later time is someone else's
            if current is not None and id(current) not in waiting:
                for cell in cells if len(cells) > 1 else [joined]:
                    moment = _month_first(cell) if month_first else cell
                    when = _timestamp(moment)
                    if when and current.date is None:
                        current.date = when
                        if when == doubtful_day(moment):  # its day hangs on a zone OCR misread: staff confirm
                            content.disputes.append(Dispute(page, when, zone_in_doubt(moment), "zone"))
                current.role = ", ".join(r for r in roles if r) or None
        if not any(s.page == page and s.date for s in out):
            out += _named_signer(lines, page, month_first, expected)
    return [s for s in out if s.date]


def _signer_in_row(cells: list[str]) -> tuple[str | None, str]:
    """(name, organisation) of a signer table's row that starts with whom the signer signed for ("Kystby
    Apotek | Karen Lund | karen@... | 30/11/2026 12.12"): a person's name in a later cell, a moment of signing
    in the row, the first cell words only (whom it signed for). A row that starts with its moment, a log by time
    ("10/28/2026 07:45:13 AM | Karen Lund | Kystby Apotek | Signer"), names the signer in a later cell and whom
    it signed for in the first cell after that which is no role, time or address; never a row of another event
    ("Viewed", "Sent") or of one still awaited. (None, "") for any other row."""
    if len(cells) >= 3 and _timestamp(cells[0]) and not any(_OTHER_EVENT.search(c) or _NOT_YET.search(c)
                                                            for c in cells):
        cells = [*_moment_apart(cells[0]), *cells[1:]]
        for k, c in enumerate(cells[1:], 1):
            who = clean(c) or ""
            if _person(who) and looks_like_name(who) and not org_like(who) and not title_only(who) \
                    and not _EMAIL.search(who):
                rest = [clean(x) or "" for x in cells[k + 1:] if not _timestamp(x) and not _EMAIL.search(x)
                        and not _WEAK_MARKERS.fullmatch(x.strip()) and not re.search(r"\d", x)]
                return who, rest[0] if rest else ""
        return None, ""
    if len(cells) < 3 or re.search(r"[\d@:]", cells[0]) or not any(_timestamp(c) for c in cells[1:]):
        return None, ""
    for c in cells[1:]:
        who = clean(c) or ""
        if _person(who) and looks_like_name(who) and not org_like(who) and not title_only(who) \
                and not _EMAIL.search(who):
            return who, clean(cells[0]) or cells[0]
    return None, ""


_MOMENTS_CLOCK = re.compile(r"\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
                            r"(?:\(?(?:UTC|GMT|CES?T|Z)\)?)?\s*")


def _moment_apart(cell: str) -> list[str]:
    """A log row's first cell as its moment and what was set close after it, in the next column (MuPDF's
    table: "10/13/2026 11:41:19 AM UTC Cecilie Bødker" one cell, the name a word space after the zone): the
    moment, and the name as a cell of its own; the cell as it is where nothing follows its date and clock."""
    found = find_date(cell)
    m = _MOMENTS_CLOCK.match(cell, found[2]) if found else None
    if not m or not _CLOCK.search(m.group(0)) or not cell[m.end():].strip():
        return [cell]
    return [cell[:m.end()].strip(), cell[m.end():].strip()]


def _table_begun(before: list[Line], lines: list[Line]) -> list[Line]:
    """The rows of a table that began at the foot of the page before and goes on at the top of this one (a signer
    table broken by the page: its names row there, its status and times here): the last rows of that page, above
    its page number, whose cells start where this page's first row's cells do (two or more of them)."""
    first = next((ln for ln in lines if len(ln.segments) >= 2), None)
    if first is None or first is not next(iter(lines), None):
        return []
    edges = [s.x0 for s in first.segments]
    rows = list(before)
    while rows and re.fullmatch(r"\W*\d{1,3}\W*", rows[-1].text.strip()):
        rows.pop()  # the page number at the foot
    taken: list[Line] = []
    for ln in reversed(rows):
        if len(ln.segments) < 2 or abs(ln.segments[0].x0 - edges[0]) > 3 or \
                any(min(abs(s.x0 - e) for e in edges) > 3 for s in ln.segments):
            break
        taken.insert(0, ln)
    return taken if any(_signers_in_columns(ln) for ln in taken) else []


def _named_signer(lines: list[Line], page: int, month_first: bool, expected: str | None) -> list[Signer]:
    """The signer of a service's page none of whose lines starts with a signer: the agreement's own signatory
    (`expected`, as its block prints the name) named whole on the page, and one moment of signing, with nothing
    saying a signer has not signed. A page of short lines set one under the other may have had the signer's line
    joined to the value above it as that value's wrapped end ("Dokument: <title> Asger Aagaard, IT-chef, ...");
    two moments leave it unread (whose time is whose?)."""
    if not expected or not looks_like_name(expected):
        return []
    cells = [s.text for ln in lines for s in ln.segments]
    if any(_NOT_YET.search(c) for c in cells):
        return []
    moments = {w for c in cells if (w := _timestamp(_month_first(c) if month_first else c))}
    wanted = _name_parts(expected)
    named = any(" ".join(wanted) in " ".join(_name_parts(c)) for c in cells) and len(wanted) >= 2
    return [Signer(expected, None, moments.pop(), page)] if named and len(moments) == 1 else []


def _title_apart(text: str) -> tuple[str, str]:
    """A signer's name and the job title run into it from the next cell ("Nikolaj Christoffersen
    Hospitalsdirektør", a signer table's name and title cells closer than a word's gap): (name, title), the
    title "" when the words end in none. The name keeps at least two words."""
    words: list[str] = []
    for w in text.split():  # "ChristoffersenHospitalsdirektør": the two cells with no space between
        glued = re.match(r"^(.*[a-zæøå])([A-ZÆØÅ][\w-]+)$", w)
        words += [glued.group(1), glued.group(2)] if glued and title_only(glued.group(2)) else [w]
    for k in range(len(words) - 2, 0, -1):
        tail = " ".join(words[-k:])
        if title_only(tail) and job_title(tail):
            return " ".join(words[:-k]), tail
    return text, ""


def _name_parts(text: str | None) -> list[str]:
    return [p for p in re.split(r"[\s,]+", vocabulary.norm(text or "")) if p]


def same_person(listed: str, printed: str | None) -> bool:
    """The evidence page's signer is the block's signatory by the parts of the name, not the whole string:
    the identity service prints the legal name ("Nikolaj Christoffersen" for "Nikolaj Henrik Wulff
    Christoffersen", or the other way round), so the first and the last name agree and the shorter name's
    parts are, in order, the longer one's. A title run into either ("..., Hospitalsdirektør") is no part."""
    a, b = (_name_parts(_title_apart((title_and_name(t) or (t, ""))[0])[0]) for t in (listed, printed or ""))
    if len(a) < 2 or len(b) < 2:
        return a == b and bool(a)
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short[0] != long_[0] or short[-1] != long_[-1]:
        return False
    it = iter(long_)
    return all(part in it for part in short)


_COLUMN_HEAD = re.compile(
    r"^\s*(?:title|titel|stilling|position|rolle|role|signed|signeret|underskrevet|tidspunkt|time|tid|date|dato"
    r"|method|metode|e-?id|mitid|e-?mail|ip|status|organi[sz]ation|company|virksomhed|på\s+vegne|on\s+behalf)\b",
    re.I)


# a signing service's role of a person in the signing, never a job title
SIGNING_ROLE = re.compile(r"(?:signer|signatory|signee|approver|underskriver|godkender|signatar|signerer)"
                           r"(?:\s*\(\w+\))?", re.I)


def signer_title(signer: Signer, organisation: str | None) -> str | None:
    """The signer's job title among its role pieces: not an organisation, not MedCom, and no piece of the
    organisation's own name ("Egelev Medical GmbH, dansk filial" under the signer is no title "dansk filial")."""
    role = re.sub(r"\s+", " ", signer.role or "")
    if organisation:
        role = re.sub(re.escape(re.sub(r"\s+", " ", organisation).strip()), ",", role, flags=re.I)
    branch = set(vocabulary.words("branch_words"))
    for piece in re.split(r"\s*[,;]\s*", role):
        piece = clean(piece) or ""
        if not piece or (organisation and piece.casefold() == organisation.casefold()):
            continue
        if piece.endswith("-") or organisation and organisation.casefold().startswith(piece.casefold()):
            continue  # a word broken at its cell's edge, or the organisation's name cut there ("Hørsholt Journalsys-")
        if SIGNING_ROLE.fullmatch(piece):
            continue  # the service's role column ("Signer", "Underskriver"): what the person did, not their title
        if organisation and not job_title(piece) and \
                set(vocabulary.norm(piece).split()) <= set(vocabulary.norm(organisation).split()):
            continue  # words of the organisation's name, its cell wrapped ("Sønderå" over "Health Software ApS")
        if branch & set(vocabulary.norm(piece).split()) and not job_title(piece):
            continue  # a branch's words ("dansk filial", "NUF"): the organisation's name, cut at its comma
        if re.search(r"medcom", piece, re.I) or re.search(r"[@\d]", piece):
            continue
        if _NOT_PERSON.search(piece) and not (job_title(piece) and title_only(piece)):
            continue  # an organisation ("Region Lindholt"), but "Hospitalsdirektør" is a title
        if _INITIALS.fullmatch(piece) and not job_title(piece):
            continue  # a signer's initials ("HR") or a clock's wrapped "AM", not a title
        return piece
    return None


def party_signer(signers: list[Signer], name: str | None, organisation: str | None,
                 title: str | None = None) -> Signer | None:
    """The evidence-page signer that is the connecting party (not MedCom): the block's signatory by name,
    or by name and title where the page's signer and title cells ran together ("Viggo Christoffersen
    Direktør", a long name leaving less than a word's gap before the title column)."""
    def norm(t: str | None) -> str:
        return re.sub(r"\s+", " ", (t or "")).strip().casefold()

    for s in signers:
        if name and (norm(s.name) == norm(name) or title and norm(s.name) == f"{norm(name)} {norm(title)}"):
            return s
    for s in signers:  # the same person by the parts of the name ("Nikolaj Christoffersen", MitID's)
        if name and not _MEDCOM.search(f"{s.role or ''} {s.email or ''}") and same_person(s.name, name):
            return s
    for s in signers:
        if organisation and norm(organisation) and norm(organisation) in norm(s.role):
            return s
    others = [s for s in signers if not any(_MEDCOM.search(t or "") for t in (s.role, s.name, s.email))]
    # with no name to go by, the one signer that is not MedCom's; two or more that the page does not tell
    # apart (no organisation, no e-mail) are a person's to judge, never a guess
    return others[0] if len(others) == 1 and not name else None


def typed_signatures(lines: list[Line], consumed: set[tuple[int, int]]) -> Iterator[str]:
    """Names written on the signature line, likeliest first: the value of a "Signature:" label, the signer a
    line in the block names as having signed ("Underskrevet digitalt med Signicat af Karen Lund, ...": the
    party's own statement of its signing, as good as a typed name), then name-like cells that are no
    labelled value. The core judges which is a mark (the block's own organisation, "Fysioterapi Hvidmose"
    over a typed "Hanne Nørgaard", is none); the reader lists them."""
    for h in find_labels(lines, ["signature"]):
        if h.value and looks_like_name(re.sub(r"^/s/\s*", "", h.value)) and not _ON_BEHALF.match(h.value) \
                and not (h.how == "below" and _printed_below(lines, h.line, h.value, consumed)):
            yield h.value
    for ln in lines:
        for seg in ln.segments:
            m = _SIGNED_THROUGH.match(seg.text)
            if m and not _NOT_YET.search(seg.text) and _person(m.group(1)) and not _NOT_PERSON.search(m.group(1)):
                yield m.group(1)
    cells = [(i, j, seg) for i, ln in enumerate(lines) for j, seg in enumerate(ln.segments) if (i, j) not in consumed]
    # a name in a hand's face (italic, script) first: the block's plain name-like cells (the party's name
    # under its heading, "Fysioterapi Lindholt") come before it on the page and are no signature
    cells.sort(key=lambda c: not all(SCRIPT_FACE.search(w.face) for w in c[2].words))
    for i, _, seg in cells:
        # "/s/ Karen Lund", "/Karen Lund/": a conformed signature, the name typed after the signature mark or
        # between slashes
        text = re.sub(r"^\s*(?:/s/|p\.\s?p\.?)\s*", "", seg.text, flags=re.I)  # "p.p. Ida Aagaard": signed for
        text = re.sub(r"^\s*/([^/]{3,60})/\s*$", r"\1", text)
        # a job title printed under the rule ("Chief Operating Officer") is no one's signature, nor is the
        # document's own title in the page's footer ("Connection Agreement")
        if looks_like_name(text) and not find_date(text) and not _NOT_PERSON.search(text) and not title_only(text) \
                and not _ON_BEHALF.match(text) and not _printed_name(lines, i, seg) \
                and vocabulary.is_whole(text, "titles") is None:
            yield text


# a block's line saying who signed, and how ("Underskrevet digitalt med Signicat af Karen Lund", "Signed
# electronically through Scrive by Karen Lund"): past tense, at the start of its cell
_SIGNED_THROUGH = re.compile(
    rf"^\s*(?i:(?:underskrevet|signeret|signed)(?:\s+(?:digitalt|elektronisk|digitally|electronically))?"
    rf"(?:\s+(?:med|via|gennem|with|through|using)\s+[\w .'-]{{2,30}}?)?\s+(?:af|by))\s*:?\s*({_NAME})")
SCRIPT_FACE = re.compile(r"italic|oblique|script|chancery|z003|cursive|hand", re.I)


def _printed_below(lines: list[Line], i: int, value: str, consumed: set[tuple[int, int]]) -> bool:
    """The value under a signature caption ("Underskrift / Signature" under the rule) is the name printed
    under it, with its title below, as a block prints it whether or not anyone signed, or a cell the block
    already placed as printed (blocks.under_rule): never a name typed as the signature."""
    below = lines[i + 1].segments if i + 1 < len(lines) else []
    cells = [(j, sg) for j, sg in enumerate(below) if sg.text.strip() == value.strip()]
    return any((i + 1, j) in consumed for j, _ in cells) or bool(cells) and _printed_name(lines, i + 1, cells[0][1])


def _printed_name(lines: list[Line], i: int, seg: Segment) -> bool:
    """A name printed under the signature rule, not a signature: written with its title ("Direktør, Hanne
    Ryberg"), or with a job title on the next line under it ("Hanne Ryberg" / "Kommunaldirektør"), and not
    written a second time above it, nor in a hand's face (italic, script). A signature table without
    labels prints the signatory so whether or not anyone signed."""
    if seg.text.lstrip().startswith("/") or any(SCRIPT_FACE.search(w.face) for w in seg.words):
        return False
    if title_and_name(seg.text):
        return True
    below = next((ln for ln in lines[i + 1:i + 2] if ln.page == lines[i].page), None)
    under = [sg for sg in below.segments if abs(sg.x0 - seg.x0) <= 4] if below is not None else []
    if not under or not job_title(under[0].text) or title_and_name(under[0].text):
        return False
    same = re.sub(r"\s+", " ", seg.text).strip().casefold()
    return not any(re.sub(r"\s+", " ", sg.text).strip().casefold() == same
                   for ln in lines[:i] for sg in ln.segments)
