"""The information form answered in the text of a mail ("Teknisk kontakt: ...", an HTML table).

Some parties do not fill in the form but write its answers into the mail. The mail's own new text
(quoted history left out) is laid out as the page model (lines, and table rows as cells: plain-text
lines with tabs, HTML <tr>/<td>) and read by the information form's reader, so labels, values and
their checks are the form's own. It counts only when the text clearly holds form details: a network
or a technical contact with an e-mail address, and at least one more of the form's fields. An
ordinary mail with a signature (a name, a phone number) gives nothing. A mail that answers the form in
sentences ("Our technical contact is ...") is read by the letter reader (parsers/documents/prose.py), the
same that reads a letter attached as a PDF, under the same rule: three of the form's subjects answered.

What is read is a document of kind information_form named "(mail body)", marked `from_mail` and
`uncertain`: a staff member confirms it before it is used, as for a scan. What the party wrote in a message
the mail carries (an Outlook item attached, a mail forwarded as an attachment) is its words too
(`held_forms`), read the same way when the mail's own text holds no form.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from mailbot.core.vocabulary import DocumentKind

from ..containers import Said
from ..problems import new_problem
from ..reading import Document, FormFields
from ..values import IP_TOKEN
from .quoting import new_text

FILENAME = "(mail body)"
MAX_CHARS = 20_000   # of the mail's new text: a form is a page, a longer text is a letter or a thread
MAX_CONFIDENCE = 0.55
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TECH = re.compile(r"tekni(?:sk|ske)|technical|it-?\s?kontakt|it-?\s?ansvarlig", re.I)
_LABEL_LINE = re.compile(r"^\s*[^\W\d][\w .()/-]{1,40}:\s*\S", re.M)


class _Rows(HTMLParser):
    """HTML as lines of text, a table row's cells separated by tabs; quoted replies left out."""

    _BREAK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr", "pre", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head", "title", "blockquote"):
            self.skip += 1
        elif tag in self._BREAK:
            self.out.append("\n")
        elif tag in ("td", "th"):
            self.out.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title", "blockquote"):
            self.skip = max(0, self.skip - 1)
        elif tag in self._BREAK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data.replace("\n", " "))


def html_lines(markup: str) -> str:
    p = _Rows()
    try:
        p.feed(markup)
        p.close()
    except Exception:  # noqa: BLE001 - broken markup: what was read so far
        pass
    text = "".join(p.out).replace("\xa0", " ")
    text = re.sub(r"[ \r\f\v]+", " ", text)
    text = re.sub(r" *\t *", "\t", text)
    return re.sub(r"\n\s*\n+", "\n", text)


def _promising(text: str) -> bool:
    """Cheap first look: a network, or a technical contact's e-mail, and a few "label: value" lines."""
    network = bool(IP_TOKEN.search(text) and re.search(r"\d+\.\d+\.\d+\.\d+", text))
    tech = bool(_TECH.search(text) and _EMAIL.search(text))
    labels = len(_LABEL_LINE.findall(text)) + text.count("\t")
    return (network or tech) and labels >= 2


def _label_and_parts(line: str) -> list[str]:
    """"Teknisk kontakt: Bo Berg, bo@x.example, 87654321" as the cells a form would have: the label,
    then each part of the value (a name, an e-mail address, a phone number; a street, "7000 Kystby")."""
    m = re.match(r"^([^\W\d][\w .()/-]{1,40}(?:\([^()]{1,40}\))?\s*:)\s*(.+)$", line)  # "(navn, e-mail):" too
    if not m or "," not in m.group(2):
        return [line]
    parts = [p.strip() for p in re.split(r",\s*|;\s*", m.group(2)) if p.strip()]
    typed = [p for p in parts if _EMAIL.search(p) or re.fullmatch(r"[+\d][\d ]{6,}", p)
             or re.fullmatch(r"\d{4}\s+\S.*", p)]
    return [m.group(1), *parts] if typed and len(parts) <= 5 else [line]


def _contact_lines(cells: list[str]) -> list[list[str]] | None:
    """A contact written on one line ("Teknisk kontakt:", "Bo Berg", "bo@x.example", "87654321") as the
    form asks for it: the section's heading, then name, e-mail and phone each under its own label,
    the label chosen by the value's type."""
    from ..documents import vocabulary

    head = cells[0].rstrip(":").strip()
    if len(cells) < 2 or vocabulary.match_start(head, "sections", ["tech", "org_contact"], fuzzy=False) is None:
        return None
    out = [[head]]
    for part in cells[1:]:
        if _EMAIL.fullmatch(part):
            out.append(["E-mail:", part])
        elif re.fullmatch(r"(?:tlf\.?|telefon|phone|mobil)?\s*[+\d][\d ]{6,}", part, re.I):
            out.append(["Telefon:", re.sub(r"(?i)^(?:tlf\.?|telefon|phone|mobil)\s*", "", part)])
        elif re.fullmatch(r"[^\W\d_][^\d@,]{2,60}", part):
            out.append(["Navn:", part])
        else:
            return None
    return out


def _blocks(text: str) -> list[Any]:
    from ..office.layout import Paragraph, Table

    blocks: list[Any] = []
    rows: list[list[list[str]]] = []
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"\t| {3,}", line.strip())]
        if len(cells) == 1:
            cells = _label_and_parts(cells[0])
        contact = _contact_lines(cells)
        if contact is not None:
            if rows:
                blocks.append(Table(rows))
                rows = []
            blocks += [Paragraph([" ".join(c)]) for c in contact]
            continue
        cells = [c for c in cells if c] or []
        if not cells:
            continue
        if len(cells) > 1:
            rows.append([[c] for c in cells])
            continue
        if rows:
            blocks.append(Table(rows))
            rows = []
        blocks.append(Paragraph(cells))
    if rows:
        blocks.append(Table(rows))
    return blocks


_QUOTED = re.compile(r"^\s*>+\s?")


def _asked(question: str) -> str | None:
    """What a quoted question asks, as a label: its words before the first colon or question mark, without a
    list's bullet or number ("- tekniske kontaktpersoner: navn, e-mail og ..." -> "tekniske kontaktpersoner").
    Its explanation and examples ("i CIDR-form (fx 10.20.0.0/24)") are ours, never the party's answer: a
    question holding a number, an address or a network in its words is not taken at all."""
    head = re.split(r"[:?]", question, maxsplit=1)[0]
    head = re.sub(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s*", "", head).strip()
    if not head or len(head) > 60 or re.search(r"\d|@", head):
        return None
    return head


def interleaved(plain: str) -> str | None:
    """The party's answers written under the quoted questions of the mail it answers ("> Teknisk kontakt:" /
    "Bo Berg, bo@x.example, 87654321"), each answer with the question it stands under, as the form pairs them;
    None unless at least two answers stand between quoted lines. The quoted text is otherwise history
    (`new_text` ends at it), so the answers were lost with it. A run of the party's lines after another of its
    own (a greeting under the last answer) answers nothing."""
    lines = plain.splitlines()
    first = next((i for i, ln in enumerate(lines) if _QUOTED.match(ln)), None)
    if first is None:
        return None
    out: list[str] = []
    question: str | None = None  # the last quoted line with words, while no line of the party's came after it
    run: list[str] = []
    answers = 0

    def close() -> None:
        nonlocal answers, question
        label = _asked(question) if question is not None else None
        if run and label:
            answers += 1
            out.extend(f"{label}: {line}" for line in run)  # each line its answer, as "Label: value" is read
        question = None if run else question
        run.clear()

    for ln in lines[first:]:
        if _QUOTED.match(ln):
            close()
            said = _QUOTED.sub("", ln).strip()
            question = said or question
        elif ln.strip():
            run.append(ln.strip())
        else:
            close()
    close()
    return "\n".join(out) if answers >= 2 else None


def _clearly_a_form(fields: FormFields) -> bool:
    """A network or a technical contact with an e-mail address, and at least one more field."""
    networks = bool(fields.ip_scopes)
    tech = any(c.email for c in fields.technical_contacts)
    address = fields.installation_address
    more = [bool(fields.organisation), bool(fields.cvr), bool(fields.party_type),
            bool(fields.org_contact and any(fields.org_contact.model_dump().values())),
            bool(address and (address.street or address.postcode))]
    return (networks or tech) and (sum(more) + (networks and tech)) >= 1


def read_body_form(plain: str, html: list[str]) -> Document | None:
    """The information form written in the mail's text, or None when the text holds no form: labels and
    values as the form has them, else the form's answers written as a letter (parsers/documents/prose.py)."""
    from ..documents.pipeline import read_page_model
    from ..office.layout import lay_out

    candidates = [new_text(plain)[:MAX_CHARS]] if plain.strip() else []
    # the HTML's lines where it holds a table, or where it is all the mail has (Outlook's Word HTML: one <p> a line)
    candidates += [new_text(html_lines(h))[:MAX_CHARS] for h in html if "<t" in h.lower() or not plain.strip()]
    between = interleaved(plain[:4 * MAX_CHARS]) if plain.strip() else None
    candidates += [between[:MAX_CHARS]] if between else []
    for text in candidates:
        if not _promising(text):
            continue
        content = lay_out(_blocks(text))
        if not content.has_text:
            continue
        try:
            docs = read_page_model(content, FILENAME, kind=DocumentKind.INFORMATION_FORM)
        except Exception:  # noqa: BLE001 - a mail's text never breaks the reading of the mail
            continue
        doc = docs[0] if docs else None
        form = doc.form() if doc is not None else None
        if doc is None or form is None or not _clearly_a_form(form):
            continue
        return _from_mail(doc)
    letters = [new_text(plain)[:MAX_CHARS]] if plain.strip() else [new_text(html_lines(h))[:MAX_CHARS] for h in html]
    for text in letters:
        doc = _letter(text)
        if doc is not None:
            return _from_mail(doc)
    return None


def held_forms(texts: list[Said]) -> list[Document]:
    """The information form written in a message the mail carries (an Outlook item's body, a forwarded mail's
    text): the party's own words, read as the mail's text is and named for the message ("VS Skema.msg/(mail
    body)"); the first message holding one gives it, as one mail gives one form from its text."""
    for said in texts:
        try:
            doc = read_body_form(said.plain, [said.html] if said.html.strip() else [])
        except Exception:  # noqa: BLE001 - a held message's text never stops the reading of the mail
            doc = None
        if doc is not None:
            return [doc.model_copy(update={"filename": f"{said.name}/{FILENAME}"})]
    return []


def _letter(text: str) -> Document | None:
    """The form's answers written as a letter in the mail (the prose reader's, as for a PDF letter): only
    when its sentences answer three of the form's subjects with values, and no more than announce a form."""
    from ..documents import prose
    from ..documents.pipeline import read_page_model
    from ..office.layout import Paragraph, lay_out

    content = lay_out([Paragraph([line]) for line in text.splitlines() if line.strip()])
    try:
        if prose.form_subjects(content.lines) < 3 or not prose.in_prose(content):
            return None
        docs = read_page_model(content, FILENAME, kind=DocumentKind.INFORMATION_FORM)
    except Exception:  # noqa: BLE001 - a mail's text never breaks the reading of the mail
        return None
    return docs[0] if docs and docs[0].form() is not None else None


def _from_mail(doc: Document) -> Document:
    """A form read from the mail's text: `from_mail`, `uncertain` for a staff member to confirm, and no
    field surer than MAX_CONFIDENCE."""
    from ..documents.pipeline import amended

    problems = [*doc.problems, new_problem(
        "uncertain", "The information form's details were read from the text of the mail, not from the form; "
        "a staff member must confirm them before they are used.", field=None, from_mail=True)]
    return amended(doc, problems=problems, source="mail_body", from_mail=True,
                   confidence={k: min(v, MAX_CONFIDENCE) for k, v in doc.confidence.items()})
