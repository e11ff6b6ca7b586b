"""What a mail points to instead of carrying it (issue 22): a link to a file-sharing service where the
attachment should be, a MIME part that only refers to a file kept elsewhere (message/external-body), one
piece of a message split by its sender's program (message/partial), and a calendar invitation.

None of them is a document the bot can read, and none is the party's mistake: each is named for staff
(`unsupported_attachment`, which also keeps the core from saying a document is missing beside it), never
a request to the party. The bot fetches no link and joins no pieces.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message

# file-sharing services parties send documents through, by the host of their sharing links
_SHARING_HOSTS = (r"we\.tl|wetransfer\.com|1drv\.ms|onedrive\.live\.com|[\w-]+\.sharepoint\.com|dropbox\.com|db\.tt"
                  r"|drive\.google\.com|docs\.google\.com|(?:app\.)?box\.com|filemail\.com|icloud\.com|tresorit\.com"
                  r"|swisstransfer\.com|transfernow\.net|mega\.nz|pcloud\.link|sendanywhere\.com|smash\.gg"
                  r"|jumbomail\.me|securemail\.[\w.-]+|sikkermail\.[\w.-]+")
_SHARE = re.compile(rf"https?://(?:[\w-]+\.)*(?:{_SHARING_HOSTS})/[^\s<>\"')\]]+", re.I)
# a link straight to a document file on any host ("https://x.example/aftale.pdf")
_FILE = re.compile(r"https?://[^\s<>\"')\]]+?\.(?:pdf|docx?|xlsx?|odt|ods|rtf|zip|7z|rar|msg)(?:[?#][^\s<>\"')\]]*)?"
                   r"(?=[\s<>\"')\]]|[.,;:!]?$|[.,;:!]\s)", re.I)
_HREF = re.compile(r"""href\s*=\s*["']?(https?://[^"'\s>]+)""", re.I)
MAX_LINKS = 5
NOT_HERE = ("message/external-body", "message/partial")


def shared_links(text: str, html: Sequence[str] = ()) -> list[str]:
    """Links to shared or downloadable files in the party's new text (and, where the mail has only HTML, in
    its links' targets), in order, each once, at most MAX_LINKS."""
    found: list[str] = []
    sources = [text, *(" ".join(_HREF.findall(h)) for h in html)]
    for source in sources:
        for pattern in (_SHARE, _FILE):
            for m in pattern.finditer(source):
                link = m.group(0).rstrip(".,;:!")
                if link not in found and not any(link.startswith(f) or f.startswith(link) for f in found):
                    found.append(link)
    return found[:MAX_LINKS]


def link_message(link: str) -> str:
    return (f"The mail links to a file instead of attaching it ({link}); the bot does not fetch links, "
            "so a staff member will look at it.")


def _param(part: Message, name: str) -> str:
    try:
        value = part.get_param(name)
    except Exception:  # noqa: BLE001 - a broken header: the parameter is not there
        return ""
    return value if isinstance(value, str) else ""


def not_here_message(part: Message) -> str:
    """Why a message/external-body or message/partial part was not read, with what it says of itself."""
    if part.get_content_type() == "message/partial":
        number, total, ident = _param(part, "number"), _param(part, "total"), _param(part, "id")
        which = f"part {number} of {total}" if number and total else f"part {number}" if number else "one part"
        return (f"The mail is {which} of a message its sender's program split into pieces (message/partial"
                f"{', id ' + ident if ident else ''}); the bot does not join the pieces, so a staff member will "
                "read them.")
    access = _param(part, "access-type") or "unknown"
    where = _param(part, "URL") or _param(part, "name") or _param(part, "site")
    return (f"An attachment is not in the mail but only referred to (message/external-body, access-type {access}"
            f"{': ' + where if where else ''}); the bot does not fetch it, so a staff member will look at it.")


@dataclass(frozen=True)
class Invitation:
    summary: str
    start: str
    method: str


def _unfolded(text: str) -> list[str]:
    """An iCalendar's content lines, folded lines joined again (RFC 5545 3.1)."""
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()


def invitation(data: bytes) -> Invitation | None:
    """The first event of an iCalendar object (text/calendar, an .ics), else None."""
    text = data[:200_000].decode("utf-8", "replace")
    if "BEGIN:VCALENDAR" not in text.upper():
        return None
    values: dict[str, str] = {}
    in_event = False
    for line in _unfolded(text):
        key, _, value = line.partition(":")
        name = key.split(";", 1)[0].strip().upper()
        if name == "BEGIN" and value.strip().upper() == "VEVENT":
            in_event = True
        elif name == "END" and value.strip().upper() == "VEVENT":
            break
        elif name == "METHOD" or (in_event and name in ("SUMMARY", "DTSTART")):
            values.setdefault(name, value.strip().replace("\\,", ",").replace("\\;", ";").replace("\\n", " "))
    start = values.get("DTSTART", "")
    m = re.match(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})\d{0,2})?(Z?)", start)
    if m:
        start = f"{m[1]}-{m[2]}-{m[3]}" + (f" {m[4]}:{m[5]}" + (" UTC" if m[6] else "") if m[4] else "")
    return Invitation(values.get("SUMMARY", "")[:200], start, values.get("METHOD", "").upper())


def invitation_message(inv: Invitation) -> str:
    what = "a calendar invitation" if inv.method in ("", "REQUEST", "PUBLISH") else \
        f"a calendar message ({inv.method.lower()})"
    about = ", ".join(f"“{x}”" if i == 0 else x for i, x in enumerate((inv.summary, inv.start)) if x)
    return (f"The mail carries {what}{' (' + about + ')' if about else ''}; the bot does not answer "
            "invitations, so a staff member will.")
