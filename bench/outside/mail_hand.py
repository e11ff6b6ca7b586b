"""The party's and TDC's mails written by another hand (issue 22: "what parties really send"), for
`cases.py --mails mailhand`.

Written from the domain (shared/spec/domain.md, contracts.md, seed/) and from how mail programs shape a
mail, never from the bot's reader. A party writes with one mail program all through its case:

- Outlook: HTML only, Word's HTML (`MsoNormal`, `<o:p>`), a signature with the logo inline (`cid:`), the
  organisation's long disclaimer, our whole mail quoted below under "Fra:/Sendt:/Til:/Emne:"; sometimes the
  attachments inside a `winmail.dat` (TNEF);
- iPhone / Apple Mail: "Sendt fra min iPhone", "Den 7. dec. 2026 kl. 10.12 skrev …:" and `>` lines, the
  PDFs inline between two text parts;
- Gmail: text and HTML, "Den man. 7. dec. 2026 kl. 10.12 skrev … <…>:", a `gmail_quote` div;
- Thunderbird: `format=flowed` text, "-- " signature;
- webmail: ISO-8859-1 quoted-printable text, a Roundcube quote header;
- webmail HTML: only an HTML part, the signature (and a form written in the mail) in a table.

The words are a clerk's, Danish or English, formal or curt, sometimes with typos: the answer on top and our
whole mail quoted below (so our words "mangler", "underskrevet", "ikke modtaget" are in the mail, not the
party's), a document said to come later, "vedhæftet finder I…", "se venligst vedhæftede", a question whether
we received it, "we are not connected via any supplier", the party's CVR and EAN in its signature.
TDC writes from Outlook too: its own words (cases.py's), an order number, its disclaimer, our order quoted.

Everything is drawn from a `random.Random` the caller gives (seeded by the case): the same case gives the
same mails.
"""
from __future__ import annotations

import html
import random
import struct
import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from bench.outside.people import Party

CLIENTS = ["outlook", "iphone", "gmail", "thunderbird", "webmail", "webhtml"]
_DA_MON = ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."]
_DA_WDAY = ["man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."]
_DA_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
_DA_DAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
# a small PNG (1x1, transparent): the logo in a signature
LOGO = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360"
                     "00000000050001a5f645400000000049454e44ae426082")
DOC_DA = {"connection_agreement": "tilslutningsaftalen", "data_processor_agreement": "databehandleraftalen",
          "sub_data_processor_agreement": "underdatabehandleraftalen", "information_form": "informationsskemaet"}
DOC_EN = {"connection_agreement": "the connection agreement", "data_processor_agreement":
          "the data processing agreement", "sub_data_processor_agreement": "the sub-processor agreement",
          "information_form": "the information form"}
# the slips a clerk makes in a hurry: Danish and English
TYPOS = {"vedhæftet": "vedhæftede", "underskrevne": "underskrevene", "aftalerne": "aftalerne", "Hermed": "Hermed",
         "informationsskemaet": "informationskemaet", "venlig": "venling", "modtaget": "modtget",
         "attached": "attatched", "received": "recieved", "agreements": "agreemnets", "regards": "regrads",
         "signed": "singed", "please": "pls"}


@dataclass(frozen=True)
class Writer:
    """Who writes the mail: their name and address, and the organisation they sign for."""

    name: str
    email: str
    title: str
    phone: str


@dataclass(frozen=True)
class Ours:
    """Our last mail to the writer, as their program quotes it below their words."""

    text: str
    subject: str
    at: datetime
    to: str  # the writer's own address, as our mail was addressed to it


@dataclass(frozen=True)
class Words:
    """A mail's words: the greeting, the paragraphs, the closing (the signature is the program's)."""

    greeting: str
    paragraphs: list[str]
    closing: str


def client_of(key: str) -> str:
    """The mail program a writer uses, the same for all their mails."""
    return random.Random("mailhand-client:" + key).choice(CLIENTS)


def ean(p: Party) -> str:
    """A public party's EAN location number (13 digits, GS1 Denmark's 5798 prefix), as invoices need it."""
    r = random.Random("ean:" + p.organisation)
    digits = "5798" + "".join(str(r.randint(0, 9)) for _ in range(8))
    odd = sum(int(d) for d in digits[::2])
    even = sum(int(d) for d in digits[1::2])
    return digits + str((10 - (odd + 3 * even) % 10) % 10)


def typos(text: str, rng: random.Random, rate: float) -> str:
    """A hurried clerk's slips in a few words (never in names, numbers or addresses: only these words)."""
    for right, wrong in TYPOS.items():
        if right != wrong and right in text and rng.random() < rate:
            text = text.replace(right, wrong, 1)
    return text


# --- the words -----------------------------------------------------------------------------------------

def words(what: str, p: Party, attached: list[str], needed: list[str], rng: random.Random,  # noqa: C901
          fallback: str, form_in_table: bool = False) -> Words:
    """The party's words for one mail of its case (`what` as cases.py's `answer`), `attached` the kinds of
    the documents it carries, `needed` the agreements the party must send."""
    en = p.language == "en"
    formal = rng.random() < 0.5
    names = DOC_EN if en else DOC_DA
    hellos = {(True, True): ["Dear MedCom,", "Dear SDN team,", "Hello,"], (True, False): ["Hi,", "Hi", "Hello"],
              (False, True): ["Kære MedCom", "Til MedCom", "Kære SDN-team"],
              (False, False): ["Hej", "Hej,", "Hej MedCom"]}
    byes = {(True, True): ["Kind regards", "Best regards", "Yours sincerely"], (True, False): ["Best", "BR", "Thanks"],
            (False, True): ["Med venlig hilsen", "Venlig hilsen"], (False, False): ["Mvh", "Vh", "Hilsen"]}
    hello, bye = rng.choice(hellos[en, formal]), rng.choice(byes[en, formal])
    coming = [k for k in needed if k not in attached]
    not_via = p.connected_via is None and p.party_type in ("municipality", "practitioner")
    paras: list[str]
    if what == "inquiry" or what == "inquiry_all":
        via = ""
        if p.connected_via == "KMD" and p.party_type == "municipality":
            via = (" Our systems reach SDN through KMD, as with other municipalities." if en else
                   " Vi er på SDN gennem KMD ligesom de andre kommuner.")
        elif p.connected_via and p.party_type == "practitioner":
            via = (f" We use {p.connected_via} as our medical system, and they connect us." if en else
                   f" Vores lægesystem er fra {p.connected_via}, som står for forbindelsen.")
        elif not_via:
            via = (" We are not connected via any supplier." if en else " Vi er ikke tilsluttet via nogen leverandør.")
        first = (f"We are interested in connecting {p.organisation} to the Danish Health Data Network (SDN).{via}"
                 if en else f"Vi vil gerne have {p.organisation} koblet på Sundhedsdatanettet.{via}")
        paras = [first, "Could you tell us how to proceed?" if en else "Kan I fortælle hvordan vi kommer videre?"]
        if what == "inquiry_all":
            paras.append("To save time we have already filled in and signed the agreements and the information "
                         "form; please find them attached." if en else
                         "For at spare tid har vi allerede udfyldt og underskrevet aftalerne og "
                         "informationsskemaet - vedhæftet finder I dem.")
    elif what == "agreements":
        one = len(attached) == 1
        paras = [rng.choice(["Please find the signed agreement attached.", "Attached is our signed agreement."]
                            if one else ["Please find the signed agreements attached.", "Attached are our signed "
                                         "agreements.", "Please see attached - both agreements, signed."]) if en else
                 rng.choice(["Vedhæftet finder I den underskrevne aftale.", "Hermed aftalen i underskrevet stand."]
                            if one else ["Vedhæftet finder I de underskrevne aftaler.", "Se venligst vedhæftede "
                                         "aftaler, nu underskrevet af vores direktør.",
                                         "Hermed aftalerne i underskrevet stand."])]
        if rng.random() < 0.4:
            paras.append("Let me know if anything else is needed." if en else "Sig endelig til hvis I skal bruge mere.")
    elif what == "agreement":
        later = ", ".join(names[k] for k in coming) or ("the other agreement" if en else "den anden aftale")
        paras = [("Attached is the first of the agreements, signed." if en else
                  "Vedhæftet finder I den første aftale, underskrevet."),
                 (f"{later[0].upper() + later[1:]} will follow later this week - it is with our director for "
                  "signature." if en else
                  f"{later[0].upper() + later[1:]} kommer senere - den ligger til underskrift hos direktøren.")]
    elif what == "rest":
        paras = [rng.choice(["And here is the rest, signed.", "As promised, the remaining agreement is attached."])
                 if en else rng.choice(["Og her kommer resten, underskrevet.", "Som lovet: den sidste aftale, "
                                        "se venligst vedhæftede."])]
    elif what == "form":
        paras = [rng.choice(["Please find the completed information form attached.", "Attached is the "
                             "information form, filled in."]) if en else
                 rng.choice(["Vedhæftet finder I det udfyldte informationsskema.", "Hermed informationsskemaet, se "
                             "venligst vedhæftede."])]
        if not_via and rng.random() < 0.6:
            paras.append("As noted on the form, we are not connected via any supplier." if en else
                         "Som skrevet i skemaet er vi ikke tilsluttet via nogen leverandør.")
    elif what == "all":
        paras = ["Attached are the signed agreements and the completed information form." if en else
                 "Vedhæftet finder I de underskrevne aftaler og det udfyldte informationsskema."]
    elif what == "signed_again":
        paras = ["Apologies - the signature was missing on the one I sent. Here is the signed copy." if en else
                 "Undskyld, der manglede en underskrift på den jeg sendte. Her er den underskrevne udgave."]
    elif what == "corrected":
        paras = ["You are right, our CVR number had two digits swapped. The corrected agreement is attached." if en
                 else "I har ret, der var byttet om på to cifre i CVR-nummeret. Vedhæftet er den rettede aftale."]
    elif what == "form_again":
        paras = ["Here is the form again, now with everything filled in." if en else
                 "Her er skemaet igen, nu med det hele udfyldt."]
    elif what == "question":
        paras = [rng.choice(["Did you receive the agreements we sent? We have not heard back yet.",
                             "When can we expect TDC to contact us, and do we have to order the equipment ourselves?"])
                 if en else
                 rng.choice(["Har I modtaget de aftaler vi sendte? Vi har ikke hørt noget endnu.",
                             "Hvornår kan vi forvente at TDC kontakter os, og skal vi selv bestille udstyret?"])]
    elif what == "scan":
        paras = ["We printed, signed and scanned the papers, see attached." if en else
                 "Vi har printet, skrevet under og scannet papirerne ind - se venligst vedhæftede."]
    elif what == "away":
        back = (datetime(2026, 1, 1) + timedelta(days=rng.randint(0, 360)))
        paras = [f"I am out of the office and return on {back:%d %B}. I do not read mail meanwhile. For urgent "
                 "matters please call our switchboard." if en else
                 f"Jeg er på ferie og tilbage {back.day}. {_DA_MONTHS[back.month - 1]}. Jeg læser ikke mail i "
                 "perioden. Haster det, så ring til hovednummeret."]
        return Words("", paras, "")
    elif what == "body_form":
        paras = ["Here are the details for the information form:" if en else "Her er oplysningerne til skemaet:"]
        if not form_in_table:
            paras.append("\n".join(f"{k}: {v}" for k, v in form_rows(p)))
    else:  # a mail cases.py words itself (a colleague's, a question beside the documents): its words, dressed
        lines = [ln for ln in fallback.strip().splitlines()]
        return Words("", ["\n".join(lines)], "")
    text = [typos(x, rng, 0.3 if not formal else 0.05) for x in paras]
    return Words(hello, text, bye)


# --- quoting our mail -------------------------------------------------------------------------------------

def _da_short(t: datetime) -> str:
    return f"{t.day}. {_DA_MON[t.month - 1]} {t.year}"


def quote_head(client: str, ours: Ours, en: bool) -> str:
    """The line or block a program writes above the mail it quotes."""
    t = ours.at
    who = "MedCom SDN <sdn@medcom.example>"
    if client == "iphone":
        return (f"On {t:%d %b %Y}, at {t:%H.%M}, {who} wrote:" if en else
                f"Den {_da_short(t)} kl. {t:%H.%M} skrev {who}:")
    if client == "gmail":
        return (f"On {t:%a, %b %d, %Y} at {t:%H:%M} {who} wrote:" if en else
                f"Den {_DA_WDAY[t.weekday()]} {_da_short(t)} kl. {t:%H.%M} skrev {who}:")
    if client == "thunderbird":
        return (f"On {t:%d-%m-%Y} {t:%H:%M}, MedCom SDN wrote:" if en else
                f"Den {t:%d-%m-%Y} kl. {t:%H:%M} skrev MedCom SDN:")
    if client in ("webmail", "webhtml"):
        return (f"On {t:%Y-%m-%d} {t:%H:%M}, MedCom SDN wrote:" if en else
                f"Den {t:%Y-%m-%d} {t:%H:%M}, skrev MedCom SDN:")
    if en:
        return (f"From: MedCom SDN <sdn@medcom.example>\nSent: {t:%A, %B %d, %Y %I:%M %p}\nTo: {ours.to}\n"
                f"Subject: {ours.subject}")
    return (f"Fra: MedCom SDN <sdn@medcom.example>\nSendt: {_DA_DAYS[t.weekday()]} den {t.day}. "
            f"{_DA_MONTHS[t.month - 1]} {t.year} {t:%H.%M}\nTil: {ours.to}\nEmne: {ours.subject}")


def _flow(text: str, width: int = 72) -> str:
    """format=flowed (RFC 3676): long lines broken with a trailing space, quoted lines kept quoted."""
    out: list[str] = []
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:].lstrip(" ") if depth else line
        prefix = ">" * depth + (" " if depth else "")
        if body.startswith((" ", "From ")) and not depth:
            body = " " + body  # space-stuffed
        if line == "-- ":
            out.append(line)
            continue
        if depth and not body:
            out.append(">" * depth)
            continue
        parts = textwrap.wrap(body, width - len(prefix), break_long_words=False, break_on_hyphens=False,
                              drop_whitespace=False) or [""]
        parts = [x for x in parts if x] or [""]
        for i, seg in enumerate(parts):
            soft = i < len(parts) - 1
            out.append(prefix + (seg.rstrip(" ") + " " if soft else seg.rstrip(" ")))
    return "\n".join(out)


# --- the programs ---------------------------------------------------------------------------------------

def _signature(w: Writer, p: Party, en: bool, rng: random.Random) -> list[str]:
    lines = [w.name]
    if w.title:
        lines.append(w.title)
    lines.append(p.organisation)
    a = p.office
    lines.append(f"{a.street}, {a.postcode} {a.city}")
    lines.append(("Phone " if en else "Tlf. ") + w.phone)
    if p.cvr and rng.random() < 0.7:
        lines.append(f"CVR-nr. {p.cvr}" + (f" | EAN-nr. {ean(p)}" if p.party_type in (
            "municipality", "region", "public_hospital") or rng.random() < 0.3 else ""))
    return lines


DISCLAIMER_DA = ("Denne e-mail og eventuelle vedhæftede filer er fortrolige og kun beregnet for modtageren. "
                 "Hvis du har modtaget denne e-mail ved en fejl, bedes du straks give afsender besked og slette "
                 "mailen. Mailen må ikke videresendes uden afsenders samtykke. Følsomme personoplysninger må ikke "
                 "sendes til denne adresse, men skal sendes via sikker post. Læs om hvordan vi behandler "
                 "personoplysninger på vores hjemmeside.")
DISCLAIMER_EN = ("This e-mail and any files transmitted with it are confidential and intended solely for the "
                 "addressee. If you have received it in error, please notify the sender and delete it. Any "
                 "unauthorised use, disclosure or copying is prohibited. Sensitive personal data must not be "
                 "sent to this address unsigned or unencrypted.")

_WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" \
xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8">\
<meta name=Generator content="Microsoft Word 15 (filtered medium)"><!--[if !mso]><style>
v\\:* {behavior:url(#default#VML);}
o\\:* {behavior:url(#default#VML);}
</style><![endif]--><style><!--
/* Font Definitions */
@font-face
	{font-family:"Cambria Math";
	panose-1:2 4 5 3 5 4 6 3 2 4;}
@font-face
	{font-family:Calibri;
	panose-1:2 15 5 2 2 2 4 3 2 4;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	font-size:11.0pt;
	font-family:"Calibri",sans-serif;
	mso-fareast-language:EN-US;}
a:link, span.MsoHyperlink
	{mso-style-priority:99;
	color:#0563C1;
	text-decoration:underline;}
span.EmailStyle18
	{mso-style-type:personal-reply;
	font-family:"Calibri",sans-serif;
	color:windowtext;}
.MsoChpDefault
	{mso-style-type:export-only;
	font-size:10.0pt;}
@page WordSection1
	{size:612.0pt 792.0pt;
	margin:70.85pt 56.7pt 70.85pt 56.7pt;}
div.WordSection1
	{page:WordSection1;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]--></head>"""


def _mso(text: str, style: str = "") -> str:
    st = f" style='{style}'" if style else ""
    if not text.strip():
        return "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
    return f"<p class=MsoNormal><span{st}>{html.escape(text)}<o:p></o:p></span></p>\n"


def _outlook_html(w: Words, sig: list[str], cid: str, quote: str | None, en: bool, disclaimer: str) -> str:
    lang = "EN-GB" if en else "DA"
    out = [_WORD_HEAD, f"<body lang={lang} link=\"#0563C1\" vlink=\"#954F72\" style='word-wrap:break-word'>"
           "<div class=WordSection1>\n"]
    if w.greeting:
        out += [_mso(w.greeting), _mso("")]
    for para in w.paragraphs:
        for line in para.split("\n"):
            out.append(_mso(line))
        out.append(_mso(""))
    if w.closing:
        out.append(_mso(w.closing))
    out.append(_mso(""))
    for i, line in enumerate(sig):
        out.append(_mso(line, "font-size:9.0pt;color:#1F3864" + (";font-weight:bold" if i == 0 else "")))
    out.append(f"<p class=MsoNormal><span style='mso-fareast-language:DA'><img width=160 height=48 "
               f"style='width:1.6666in;height:.5in' id=\"Billede_x0020_1\" src=\"cid:{cid}\" alt=\"Logo\">"
               "</span><o:p></o:p></p>\n")
    out.append(_mso(disclaimer, "font-size:7.5pt;color:gray"))
    if quote is not None:
        head, _, body = quote.partition("\n\n")
        out.append(_mso(""))
        out.append("<div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
                   "<p class=MsoNormal>")
        for line in head.split("\n"):
            label, _, rest = line.partition(": ")
            out.append(f"<b><span lang={lang}>{html.escape(label)}:</span></b><span lang={lang}> "
                       f"{html.escape(rest)}<br></span>")
        out.append("<o:p></o:p></p></div></div>\n")
        for line in body.split("\n"):
            out.append(_mso(line))
    out.append("</div></body></html>")
    return "".join(out)


def _tnef(files: list[tuple[str, bytes, str]]) -> bytes:
    """An Outlook winmail.dat (MS-OXTNEF) carrying the attachments: the message's version, code page and class,
    then per attachment its rendering, title (the file name) and data."""
    def attr(level: int, ident: int, data: bytes) -> bytes:
        return struct.pack("<BII", level, ident, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)

    out = struct.pack("<IH", 0x223E9F78, random.Random(len(files)).randint(1, 0xFFFF))
    out += attr(1, 0x00089006, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += attr(1, 0x00069007, struct.pack("<II", 1252, 0))  # attOemCodepage
    out += attr(1, 0x00078008, b"IPM.Microsoft Mail.Note\0")  # attMessageClass
    for name, data, _ in files:
        out += attr(2, 0x00069002, struct.pack("<HIIHHI", 1, 0xFFFFFFFF, 0, 0, 0, 0))  # attAttachRenddata
        out += attr(2, 0x00018010, name.encode("cp1252", "replace") + b"\0")  # attAttachTitle
        out += attr(2, 0x0006800F, data)  # attAttachData
    return out


def _plain(w: Words, sig: list[str], quote: str | None, client: str, en: bool, forward: bool) -> tuple[str, str, str]:
    """The words above any attachment, the closing and signature after them, and the quote as the program
    marks it (`>` lines; a forwarded mail as it is, below its header)."""
    top: list[str] = []
    if w.greeting:
        top += [w.greeting, ""]
    for para in w.paragraphs:
        top += [para, ""]
    end: list[str] = []
    if w.closing:
        end.append(w.closing)
    if client == "iphone":
        end += [sig[0].split()[0], "", "Sent from my iPhone" if en else "Sendt fra min iPhone"]
    elif client == "thunderbird":
        end += ["", "-- ", *sig]
    else:
        end += [*sig]
    below = ""
    if quote is not None:
        head, _, body = quote.partition("\n\n")
        below = head + "\n" + ("\n" + body if forward else
                               "\n".join(">" + (" " + ln if ln else "") for ln in body.split("\n")))
    return "\n".join(top), "\n".join(end) + "\n", below


def party_message(head: EmailMessage, client: str, w: Words, writer: Writer, p: Party,  # noqa: C901
                  files: list[tuple[str, bytes, str]], quote: str | None, rng: random.Random,
                  form_table: list[tuple[str, str]] | None = None, forward: bool = False) -> EmailMessage:
    """The mail `head` (its headers set) with a body and attachments as `client` writes them; `quote` is the
    mail below the writer's words (its header block, a blank line, its text)."""
    en = p.language == "en"
    sig = _signature(writer, p, en, rng)
    msg = EmailMessage()
    for k, v in head.items():
        msg[k] = v
    if client == "outlook":
        cid = f"image001.png@01DB{rng.getrandbits(16):04X}.{rng.getrandbits(32):08X}"
        disclaimer = DISCLAIMER_EN if en else DISCLAIMER_DA
        msg.set_content(_outlook_html(w, sig, cid, quote, en, disclaimer), subtype="html")
        msg.add_related(LOGO, "image", "png", cid=f"<{cid}>", filename="image001.png", disposition="inline")
        if files and rng.random() < 0.2:
            msg.add_attachment(_tnef(files), "application", "ms-tnef", filename="winmail.dat")
            return msg
        for name, data, mime in files:
            main, sub = mime.split("/", 1)
            msg.add_attachment(data, main, sub, filename=name)
        return msg
    top, end, below = _plain(w, sig, quote, client, en, forward)
    if client == "iphone":
        # Apple's shape: the words, the files inline, then the closing and the quote in a text part of its own
        after = end + ("\n" + below + "\n" if below else "")
        if not files:
            msg.set_content(top + "\n" + after)
            return msg
        msg.set_content(top + "\n")
        msg.make_mixed()
        for name, data, mime in files:
            main, sub = mime.split("/", 1)
            part = EmailMessage()
            part.set_content(data, main, sub, filename=name, disposition="inline")
            msg.attach(part)
        tail = EmailMessage()
        tail.set_content("\n" + after)
        msg.attach(tail)
        return msg
    text = top + "\n" + end + ("\n" + below + "\n" if below else "")
    if client == "gmail":
        h = "<div dir=\"ltr\">" + "".join(f"<div>{html.escape(x) or '<br>'}</div>"
                                          for x in (top + "\n" + end).split("\n")) + "</div>"
        if quote is not None:
            qhead, _, qbody = quote.partition("\n\n")
            h += ("<br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">"
                  + html.escape(qhead).replace("\n", "<br>") + "<br></div><blockquote class=\"gmail_quote\" "
                  "style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">"
                  + "<br>".join(html.escape(x) for x in qbody.split("\n")) + "</blockquote></div>")
        msg.set_content(text)
        msg.add_alternative(h, subtype="html")
    elif client == "thunderbird":
        msg.set_content(_flow(text), cte="8bit", params={"format": "flowed"})
    elif client == "webmail":
        latin = text.encode("iso-8859-1", "replace").decode("iso-8859-1")
        msg.set_content(latin, charset="iso-8859-1", cte="quoted-printable")
    else:  # webhtml: one HTML part; the signature, and a form written in the mail, in tables
        rows = "".join(f"<tr><td style=\"font-weight:bold\">{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
                       for k, v in (form_table or []))
        body = "".join(f"<p>{html.escape(x)}</p>" for x in ([w.greeting] if w.greeting else []) + w.paragraphs)
        table = f"<table border=\"1\" cellpadding=\"4\">{rows}</table>" if rows else ""
        close = f"<p>{html.escape(w.closing)}</p>" if w.closing else ""
        sigt = ("<table><tr><td><b>" + html.escape(sig[0]) + "</b></td></tr>"
                + "".join(f"<tr><td style=\"font-size:small\">{html.escape(x)}</td></tr>" for x in sig[1:])
                + "</table>")
        qh = ""
        if quote is not None:
            qhead, _, qbody = quote.partition("\n\n")
            qh = (f"<p>{html.escape(qhead).replace(chr(10), '<br>')}</p><blockquote style=\"border-left:2px solid "
                  "#1010ff;padding-left:5px\">" + "<br>".join(html.escape(x) for x in qbody.split("\n"))
                  + "</blockquote>")
        msg.set_content(f"<html><body>{body}{table}{close}{sigt}{qh}</body></html>", subtype="html")
    for name, data, mime in files:
        main, sub = mime.split("/", 1)
        msg.add_attachment(data, main, sub, filename=name)
    return msg


def form_rows(p: Party) -> list[tuple[str, str]]:
    """The information form's answers as a clerk sets them in a table in the mail."""
    en = p.language == "en"
    rows = [("Organisation", p.organisation)]
    if p.cvr:
        rows.append(("CVR", p.cvr))
    for i, t in enumerate(p.technical, 1):
        rows.append(((f"Technical contact {i}" if en else f"Teknisk kontakt {i}"), f"{t.name}, {t.email}, "
                     f"{t.local_phone}"))
    rows.append(("IP ranges" if en else "IP-adresser", ", ".join(p.ip_scopes)))
    a = p.installation
    rows.append(("Installation address" if en else "Installationsadresse", f"{a.street}, {a.postcode} {a.city}"))
    return rows


# --- TDC ---------------------------------------------------------------------------------------------------

TDC_DISCLAIMER = ("TDC Erhverv - en del af TDC NET og Nuuday. Denne e-mail kan indeholde fortrolige oplysninger. "
                  "Er du ikke den rette modtager, bedes du give afsender besked og slette e-mailen. "
                  "Svar venligst ikke på denne mail med ændringer til ordren uden at angive ordrenummeret.")


def tdc_message(head: EmailMessage, body: str, ours: Ours | None, rng: random.Random) -> EmailMessage:
    """TDC's delivery staff's reply from Outlook: their words, an order number, the disclaimer, our order quoted."""
    text = body.strip()
    greeting, _, rest = text.partition("\n\n")
    core, _, closing = rest.rpartition("\n\n") if "\n\n" in rest else (rest, "", "")
    order = f"Ordrenr.: 1-{rng.randint(10**8, 10**9 - 1)}"
    paras = [core, order]
    if rng.random() < 0.5:
        paras.append(f"Sagsbehandler: {rng.choice(['Kim', 'Tina', 'Morten', 'Jesper'])} "
                     f"{rng.choice(['Holm', 'Bak', 'Lund'])}, direkte tlf. 70 11 {rng.randint(10, 99)} "
                     f"{rng.randint(10, 99)}")
    w = Words(greeting, paras, closing.split("\n")[0] if closing else "Med venlig hilsen")
    lines = ["TDC Erhverv Levering", "SDN / SD-WAN leverancer", "Teglholmsgade 1, 0900 København C"]
    cid = f"image001.png@01DB{rng.getrandbits(16):04X}.{rng.getrandbits(32):08X}"
    quote = None
    if ours is not None and ours.text.strip():
        quote = quote_head("outlook", ours, False) + "\n\n" + ours.text.strip()
    msg = EmailMessage()
    for k, v in head.items():
        msg[k] = v
    msg.set_content(_outlook_html(w, lines, cid, quote, False, TDC_DISCLAIMER), subtype="html")
    msg.add_related(LOGO, "image", "png", cid=f"<{cid}>", filename="image001.png", disposition="inline")
    return msg


def forward_head(client: str, mate: Writer, to: Writer, subject: str, at: datetime, en: bool) -> str:
    """The block a program writes above a mail it forwards."""
    if client == "outlook":
        if en:
            return (f"From: {mate.name} <{mate.email}>\nSent: {at:%A, %B %d, %Y %I:%M %p}\nTo: {to.name} "
                    f"<{to.email}>\nSubject: {subject}")
        return (f"Fra: {mate.name} <{mate.email}>\nSendt: {_DA_DAYS[at.weekday()]} den {at.day}. "
                f"{_DA_MONTHS[at.month - 1]} {at.year} {at:%H.%M}\nTil: {to.name} <{to.email}>\nEmne: {subject}")
    if en:
        return (f"---------- Forwarded message ---------\nFrom: {mate.name} <{mate.email}>\nDate: {at:%a, %b %d, %Y}"
                f" at {at:%H:%M}\nSubject: {subject}\nTo: {to.name} <{to.email}>")
    return (f"---------- Videresendt besked ----------\nFra: {mate.name} <{mate.email}>\nDato: {_DA_WDAY[at.weekday()]}"
            f" {_da_short(at)} kl. {at:%H.%M}\nEmne: {subject}\nTil: {to.name} <{to.email}>")


# --- one mail of a case ---------------------------------------------------------------------------------

class CaseMail(Protocol):
    """What cases.py's `Mail` tells this hand."""

    what: str
    body: str
    sender: str
    quote: bool
    forwarded: bool
    auto: bool
    in_thread: bool


def message(m: CaseMail, head: EmailMessage, p: Party, files: list[tuple[str, bytes, str]], kinds: list[str],
            needed: list[str], ours: Ours | None, mate: Writer, at: datetime, rng: random.Random) -> EmailMessage:
    """The party's (or TDC's) mail `m` of a case, written by this hand: `head` its headers, `files` its
    attachments (`kinds` their documents' kinds), `ours` our last mail to the writer, quoted in a reply."""
    en = p.language == "en"
    if m.sender == "tdc":
        return tdc_message(head, m.body, ours, rng)
    c = p.org_contact
    title = rng.choice(["IT-konsulent", "Systemadministrator", "Sekretær", ""] if not en else
                       ["IT consultant", "System administrator", "Office manager", ""])
    writer = mate if m.sender == "colleague" else Writer(c.name, c.email, title, c.local_phone)
    client = client_of(writer.email)
    if m.auto:
        return party_message(head, "outlook" if client == "outlook" else "webmail",
                             words("away", p, kinds, needed, rng, m.body), writer, p, [], None, rng)
    table = client == "webhtml" and m.what == "body_form"
    w = words(m.what, p, kinds, needed, rng, m.body, form_in_table=table)
    quote = None
    if m.forwarded:  # the contact forwards a colleague's mail that carried the documents
        own = Words(w.greeting, ["Forwarding from my colleague, see the attachments." if en else
                                 "Videresender fra min kollega - se vedhæftede."], w.closing)
        when = at - timedelta(hours=rng.randint(1, 30))
        inner = "\n\n".join([x for x in [w.greeting, *w.paragraphs, w.closing] if x] + [mate.name])
        quote = forward_head(client, mate, writer, "SDN", when, en) + "\n\n" + inner
        return party_message(head, client, own, writer, p, files, quote, rng, forward=True)
    if ours is not None and ours.text.strip() and m.in_thread and (
            m.quote or client == "outlook" or rng.random() < 0.7):
        quote = quote_head(client, ours, en) + "\n\n" + ours.text.strip()
    return party_message(head, client, w, writer, p, files, quote, rng, form_table=form_rows(p) if table else None)
