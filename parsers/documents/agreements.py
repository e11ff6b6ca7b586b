"""The three agreements: who the connecting party is, who signed for it, when, and whether it did.

The party block and the signature block are found by their labels and by layout (columns), and the
connecting party is told from MedCom by name: the block that is not MedCom's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mailbot.core.judgements import missing, template

from ..problems import new_problem
from ..reading import AgreementFields, Problem, Signature
from ..values import after_unknown_label, clean, cvr_digits, cvr_valid, date_norm, looks_like_name, org_like
from . import vocabulary
from .job_titles import job_title, title_and_name, title_only
from .kinds import is_sdn_template, title_of
from .labels import Hit, column_of, find_labels, is_label, label_of
from .legal_forms import legal_form_below
from .page import Line, PdfContent, Segment, Word
from .signatures import SIGNING_ROLE, evidence_pages
from .signing import judge_signing
from .signing.blocks import (
    PARTIES_HEADING,
    US,
    caption_value,
    party_column,
    signature_section,
    title_over_name,
    without_furniture,
)
from .signing.judgement import MEDCOM_CVR
from .templates import compare

AGREEMENT_FIELDS = ("organisation", "cvr", "signatory_name", "signatory_title", "signature_date", "signed")


@dataclass
class _Reading:
    """The agreement's values as the reader gathers them, made the document model's fields once (`done`)."""

    organisation: str | None = None
    cvr: str | None = None
    signatory_name: str | None = None
    signatory_title: str | None = None
    signature_date: str | None = None
    signed: bool = False
    org_seen: list[tuple[str, str]] = field(default_factory=list)  # cells under the label that are no name

    def done(self) -> AgreementFields:
        """The fields as contracts.md writes them, every one given (in `AGREEMENT_FIELDS` order)."""
        return AgreementFields.model_validate({k: getattr(self, k) for k in AGREEMENT_FIELDS})


@dataclass
class _Block:
    """A labelled party block: its name (None when what stands there is no name), whose label gave it, where it
    starts, and the CVR read under it (`cvr_raw` as written, `cvr_danish` when labelled as a Danish CVR)."""

    org: str | None
    org_key: str
    x0: float
    line: int
    cvr: str | None = None
    cvr_raw: str | None = None
    cvr_danish: bool = False


@dataclass
class AgreementReading:
    """One agreement as read: its fields, its signatures (the document's, contracts.md) and its problems."""

    fields: AgreementFields
    signatures: list[Signature]
    problems: list[Problem]


def read_agreement(content: PdfContent, pages: Iterable[int] | None = None) -> AgreementReading:
    """Fields (contracts.md section 1), signatures and problems of one agreement: the whole file, or these
    pages of it."""
    fields = _Reading()
    problems: list[Problem] = []
    if not is_sdn_template(content):
        problems.append(template.not_about_sdn())
        _fill_party(content.lines, fields)
        return AgreementReading(fields.done(), [], problems)

    page_set = set(pages) if pages is not None else None
    mine = without_furniture([ln for ln in content.lines if page_set is None or ln.page in page_set])
    match = compare([ln for ln in content.lines if page_set is None or ln.page in page_set])
    judged = template.judged(match, ocr=bool(content.ocr_pages))
    problems += judged
    if any(p.code == "wrong_template" for p in judged):
        # positive evidence: clauses of its own, hardly a sentence of MedCom's templates
        _fill_party(mine, fields)
        return AgreementReading(fields.done(), [], problems)
    ev_pages = [p for p in evidence_pages(content) if page_set is None or p in page_set]
    lines = [ln for ln in mine if ln.page not in ev_pages]
    start, end = signature_section(lines)
    if start < 0 and ev_pages:  # the signing service printed the signature block on its own page
        lines = mine
        start, end = signature_section(lines)
    opening = _before_annexes(lines[:start] if start > 0 else lines)
    if ev_pages and all(ln.page in ev_pages for ln in mine) and not match.sdn_clauses and match.coverage < 0.1:
        # a signing service's evidence page alone (another agreement's, sent after this one), none of the
        # template's clauses beside it: its signer's row ("Underskriver, Lindholt Kommune") is no party block,
        # so the party is not read from it (not found)
        opening = []
    _fill_party(opening, fields)
    if not fields.organisation and not fields.cvr and 0 <= start < end < len(lines) \
            and PARTIES_HEADING.match(lines[end].text):
        # the parties' block printed last, after the signatures, under its own heading
        _fill_party(_before_annexes(lines[end:]), fields)

    fields.organisation = _named_in_caption(lines, fields.organisation)
    fields.organisation = legal_form_below(lines, fields.organisation)
    fields.organisation, hyphen_in_doubt = _line_hyphen(lines, fields.organisation)
    section = lines[start:end] if start >= 0 else []
    right = max((ln.segments[-1].x1 for ln in lines), default=None)
    party_lines, column = party_column(section, right)
    for h in find_labels(party_lines, ["date", "name", "title"]):
        if not h.value and h.key in ("name", "title"):
            h.value = caption_value(party_lines, h)
        value = h.value
        if value and h.key in ("name", "title") and h.how == "inline":
            value = _wrapped_in_cell(party_lines, h, value)
        if value and not is_label(value) and not (h.key == "name" and _organisation_named(value, fields)) \
                and not (h.key == "title" and _no_title(h, fields)):
            key = {"date": "signature_date", "name": "signatory_name", "title": "signatory_title"}[h.key]
            if getattr(fields, key) is None:
                setattr(fields, key, _date_at(party_lines, h) if h.key == "date" else _tidy(value))
            if h.key == "name" and h.how == "inline" and value == h.value and "," not in value \
                    and fields.signatory_title is None:
                fields.signatory_title = _title_under(party_lines, h)
    _signatory_lines(party_lines, fields)
    _place_and_date(party_lines, fields)
    if fields.signatory_name and _CAPTION.match(fields.signatory_name.lstrip()):
        fields.signatory_name = None  # "For MedCom", "på vegne af Parten": a block's heading, never a person

    # the signature judgement (parsers/documents/signing): every digital signature, evidence pages,
    # a drawn signature, a typed name
    j = judge_signing(content, page_set, fields.organisation, fields.cvr, fields.signatory_name,
                      fields.signatory_title)
    fields.signed = j.judged.signed
    edge = column[1] if column and column[1] < 10_000 else right or 0.0
    fields.signatory_name = _whole_name(fields.signatory_name, party_lines, edge, j.seen.typed,
                                        j.judged.signatory_name) or without_pp(j.judged.signatory_name)
    title, judged_title = fields.signatory_title, j.judged.signatory_title
    if judged_title and fields.signatory_name and judged_title.casefold() == fields.signatory_name.casefold():
        judged_title = None  # a service page's cell beside the signer's name (its typed signature): no title
    if title and judged_title and len(judged_title) > len(title) and \
            judged_title.casefold().startswith(title.casefold()):
        title = judged_title  # the block's title wrapped ("Chief Information" / "Officer"): the whole one
    fields.signatory_title = _captions_apart(title or judged_title, fields.signatory_name)
    fields.signature_date = fields.signature_date or j.judged.date
    problems.extend(j.judged.problems)
    if (title or judged_title) and fields.signatory_title is None:
        problems.append(new_problem("uncertain", f"The signatory's title could not be told apart from the captions "
                                    f"read with it: {title or judged_title!r}.", field="signatory_title",
                                    seen=str(title or judged_title)[:200]))
    if fields.cvr and not cvr_valid(fields.cvr):
        problems.append(new_problem("invalid_cvr", f"The CVR number {fields.cvr} fails the modulus-11 check."))
    seen = fields.org_seen
    unsure: set[str] = set()
    if fields.signatory_title and fields.signatory_name and \
            fields.signatory_title.casefold() == fields.signatory_name.casefold():
        # one cell read for both: a person's name is no job title, and which label it belongs to is not known
        problems.append(new_problem("uncertain", f"The signatory's title could not be read: {fields.signatory_title!r}"
                                    " was found in its place, the same as the signatory's name.",
                                    field="signatory_title", seen=fields.signatory_title[:200]))
        fields.signatory_title = None
        unsure.add("signatory_title")
    if fields.signatory_name and _two_signers(party_lines):
        # two people sign for the party side by side (a co-signatory): which is "the" signatory is not known
        problems.append(new_problem("uncertain", f"Two people sign for the party; {fields.signatory_name!r} was read "
                                    "as its signatory.", field="signatory_name", seen=fields.signatory_name[:200]))
        unsure.add("signatory_name")
    longer = _caption_goes_on(lines, fields.organisation)
    if longer:
        problems.append(new_problem("uncertain", f"The party's block names the organisation {fields.organisation!r}; "
                                    f"its signature place is captioned {longer!r}.", field="organisation",
                                    seen=longer[:200]))
        unsure.add("organisation")
    if fields.organisation and hyphen_in_doubt:
        problems.append(new_problem("uncertain", f"The organisation's name {fields.organisation!r} was read from two "
                                    "lines, a word broken at a hyphen: whether the hyphen is the name's or the "
                                    "line's is not known.", field="organisation", seen=fields.organisation[:200]))
        unsure.add("organisation")
    if not fields.organisation and seen:
        # the place of the name was found, but what is there is no name: a person must look
        value, why = seen[0]
        problems.append(new_problem("uncertain", f"The organisation's name could not be read: under its label "
                                    f"stands {value!r}, which is {why}.", field="organisation", seen=value[:200]))
        unsure.add("organisation")
    # evidence (mailbot/core/certainty.py): the signatory's name and the date are "found_empty" when their
    # labels stand in the party's block with nothing after them; anything else the reader did not find
    empty_labels = {{"date": "signature_date", "name": "signatory_name"}.get(h.key) for h in
                    find_labels(party_lines, ["date", "name"])
                    if (not h.value or is_label(h.value)) and caption_value(party_lines, h) is None}
    if ev_pages or j.signatures or b"/ByteRange" in content.data:
        # a signing service's page or a digital signature dates and names the signing elsewhere: an empty
        # date or name label in the block is no evidence that the party left them out
        empty_labels -= {"signature_date", "signatory_name"}
    empty_labels |= _empty_party_labels(opening)
    done = fields.done()
    problems += missing.judged(missing.agreement_items(done.as_json(), unsure),
                               lambda it: "found_empty" if it.field in empty_labels else "not_found")
    if j.judged.not_signed is not None:  # judged in the core (mailbot/core/judgements/signing.py)
        problems.append(j.judged.not_signed)
    return AgreementReading(done, j.signatures, problems)


def _two_signers(lines: list[Line]) -> bool:
    """A line of the party's block holds two persons' names side by side (its signatory and a co-signatory)."""
    return any(sum(1 for sg in ln.segments if looks_like_name(without_pp(sg.text) or "") and not org_like(sg.text)
                   and not job_title(sg.text)) >= 2 for ln in lines)


def _whole_name(block: str | None, lines: list[Line], edge: float, *signed_as: str | None) -> str | None:
    """The block's printed name, or the whole of it where it was read cut at its cell's edge: a name the party
    signed with (typed or in a script face on the signature line, or on a service's evidence page) that begins
    with the printed name's words and goes on ("Navn (blokbogstaver): Kasper" over "Lindhardt", signed "Kasper
    Lindhardt"). The signature is the same person's name, so the printed one is that name cut short, but only
    where the printed name stopped at its cell's edge (`_cut_short`): a name with room after it is whole."""
    if not block:
        return block
    words = block.casefold().split()
    for name in signed_as:
        whole = without_pp(clean(name or "") or None)
        if whole and len(words) < len(whole.split()) <= 5 and whole.casefold().split()[:len(words)] == words \
                and looks_like_name(whole) and _cut_short(lines, block, whole.split()[len(words)], edge):
            return whole
    return block


def _cut_short(lines: list[Line], printed: str, going_on: str, edge: float) -> bool:
    """The printed name stopped at its cell's edge, before the word `going_on` its signature goes on with: that
    word begins the line right under the name, in the name's cell (it wrapped there), or it would not have fitted
    between the name's end and `edge` (the next column, or the right edge of the page's text), at the width the
    name's own letters take."""
    for at, ln in enumerate(lines):
        cell = next((sg for sg in ln.segments if sg.text.rstrip().casefold().endswith(printed.casefold())), None)
        if cell is None:
            continue
        height = max(6.0, ln.bottom - ln.top)
        below = lines[at + 1] if at + 1 < len(lines) else None
        if below is not None and below.page == ln.page and below.top - ln.bottom <= 0.8 * height and any(
                abs(sg.x0 - cell.x0) <= 3 and sg.words[0].text.casefold() == going_on.casefold()
                for sg in below.segments):
            return True
        per_letter = (cell.x1 - cell.x0) / max(1, len(cell.text))
        if cell.x1 + per_letter * (len(going_on) + 1) > edge:
            return True
    return False


# an annex's heading: "Bilag A – Instruks", "Bilag 2:", "Appendix B - Approved sub-processors", "Annex 1"
_ANNEX = re.compile(r"^\s*(?:bilag|annex|appendix|appendiks|anlage)\s+(?:[A-Z]|\d{1,2}|[IVX]{1,4})\b(?!\.\d)", re.I)


def _before_annexes(lines: list[Line]) -> list[Line]:
    """The agreement without its annexes: an annex lists other organisations (approved sub-processors with
    their own CVR) and other people (contact persons), never the party that signs. The annexes start at
    the first line, after the agreement's opening, that is an annex's heading ("Bilag B – Godkendte
    underdatabehandlere"): a short line starting with the word and its letter or number."""
    for i, ln in enumerate(lines):
        if i > 0 and len(ln.text) < 100 and _ANNEX.match(ln.text) and ln.text.strip()[0].isupper():
            return lines[:i]
    return lines


_RULE_EDGE = re.compile(r"^\s*[_.…]{4,}\s*|\s*[_.…]{4,}\s*$")  # a signature's rule at a line's start or end


def _signatory_lines(lines: list[Line], fields: _Reading) -> None:
    """The signatory written without labels or as one value: "Direktør, Hanne Ryberg" (title first or
    last, under a name label or on a line of its own), or a name with its job title on the next line
    under the signature rule ("Hanne Ryberg" / "Kommunaldirektør"). Only a person's name beside a job
    title counts, so a block's heading or an organisation never becomes the signatory."""
    if fields.signatory_name:
        fields.signatory_name = without_pp(fields.signatory_name)
    both = title_and_name(without_pp(fields.signatory_title)) if fields.signatory_title else None
    if both and (fields.signatory_name is None or fields.signatory_name.casefold() == both[0].casefold()):
        # "Navn og titel: Søren Holm, Kommunaldirektør" read under the title's label: a name and a title
        fields.signatory_name, fields.signatory_title = both
    if fields.signatory_name and title_only(fields.signatory_name):
        # a title read for the name ("Name and title: Chief Executive Officer, Asger Christoffersen" cut
        # short): the name is the person beside the title on its line, else not known
        beside = next((split for ln in lines if (split := title_and_name(_value_of(ln)))), None)
        fields.signatory_name = beside[0] if beside else None
        fields.signatory_title = fields.signatory_title or (beside[1] if beside else None)
    if fields.signatory_name:
        split = title_and_name(fields.signatory_name) or _title_run_on(fields.signatory_name)
        if split:
            fields.signatory_name = split[0]
            fields.signatory_title = fields.signatory_title or split[1]
        return
    found: tuple[str, str] | None = None
    for k, ln in enumerate(lines):
        # a signature's rule joined before the typed name ("_______ Hanne Kragh, Praksisindehaver") is no part of it
        text = _RULE_EDGE.sub("", ln.segments[0].text).strip()
        if len(ln.segments) != 1 or not text or US.search(text) or org_like(text) or _CAPTION.match(text):
            continue  # a place's caption ("For Fodklinikken Lindholt") over the title names no signatory
        split = title_and_name(text)
        if split:
            found = split
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        below = _RULE_EDGE.sub("", nxt.text).strip() if nxt is not None else ""
        if nxt is not None and looks_like_name(text) and not job_title(text) and len(nxt.segments) == 1 \
                and abs(nxt.segments[0].x0 - ln.segments[0].x0) <= 4 and job_title(below) \
                and title_and_name(below) is None:
            found = (clean(text) or text, clean(below) or below)
    placed = title_over_name(lines)
    found = found or (placed[1:] if placed else None)
    if found:
        fields.signatory_name = found[0]
        fields.signatory_title = fields.signatory_title or found[1]


def _under_label(lines: list[Line], h: Hit, gap: float) -> str | None:
    """The text of the line right under a label's line when it is one cell at the label's edge, no more than
    `gap` line heights below, and no label or block caption; else None."""
    if h.line + 1 >= len(lines):
        return None
    ln, nxt = lines[h.line], lines[h.line + 1]
    if nxt.page != ln.page or len(nxt.segments) != 1 or abs(nxt.segments[0].x0 - h.x0) > 4 \
            or nxt.top - ln.bottom > gap * (ln.bottom - ln.top):
        return None
    text = nxt.segments[0].text.strip()
    return None if is_label(text) or label_of(text) is not None or _CAPTION.match(text) else text


def _title_under(lines: list[Line], h: Hit) -> str | None:
    """A job title alone on the line right under "Name: Mads Bech", at the label's edge ("Head of IT"): the
    signatory's title, printed without its label. Anything else there (a label, a date, a name) is none."""
    text = _under_label(lines, h, 0.8)
    return clean(text) if text is not None and job_title(text) and title_only(text) else None


def _wrapped_in_cell(lines: list[Line], h: Hit, value: str) -> str:
    """A signatory's name or title with its rest on the line under it, in the same cell ("Name and title: Søren
    Thrane, Chief Executive" over "Officer", "Navn og stilling: Oliver Skovbo," over "Kommunaldirektør"): the
    value and its rest, when the line under starts at the label's edge, follows close, and is a job title's
    words, or follows a value that ends in a comma. Anything else under it (a date, a label, a caption, a
    sentence) is no rest."""
    rest = _under_label(lines, h, 0.6)
    if not rest or len(rest) > 40 or re.search(r"[@\d:]", rest) or not title_only(rest):
        return value
    joined = f"{value.rstrip()} {rest}"
    tail = (title_and_name(joined) or (None, joined))[1]
    if value.rstrip().endswith(",") or (title_only(tail) and job_title(tail) and not job_title(value.split(",")[-1])):
        return joined
    return value


def _title_run_on(text: str) -> tuple[str, str] | None:
    """(name, title) of a name whose title ran on after it with no comma ("Viggo Skovbo Laboratoriechef": the
    title set on the line under "Navn: Viggo Skovbo", joined to it as its wrapped rest): a person's name of two
    or more words, then words that are a job title and nothing else. None for anything else."""
    words = text.split()
    for k in range(2, len(words)):
        name, title = " ".join(words[:k]), " ".join(words[k:])
        if title_only(title) and looks_like_name(name) and not job_title(name) and not org_like(name):
            return name, title
    return None


_IN_BRACKETS = re.compile(r"\(([^()]{1,24})\)")


def _captions_apart(title: str | None, name: str | None) -> str | None:
    """The title alone where a signer table's cells carry their captions after their values and two were read as
    one ("Katrin Solberg (name) Director", "Direktør (stilling)"): a caption in brackets that names a field is
    no part of a value, the value before "(title)" is the title, a value before another field's caption
    ("(name)") is that field's; a title whose caption is lost is the words after the last caption, if they
    read as a job title. A person's name is never a title."""
    if not title:
        return title
    pieces: list[tuple[str, str | None]] = []  # (value, the field its caption names)
    at = 0
    for m in _IN_BRACKETS.finditer(title):
        named = label_of(m.group(1).strip())
        if named is None:
            continue
        pieces.append((title[at:m.start()].strip(" ,;:-"), named[0]))
        at = m.end()
    if not pieces:
        return title
    rest = title[at:].strip(" ,;:-")
    mine = [v for v, key in pieces if key == "title" and v]
    if mine:
        return mine[-1]
    if rest and job_title(rest) and not (name and name.casefold() in rest.casefold()):
        return rest
    return None


def _organisation_named(value: str, fields: _Reading) -> bool:
    """A "Name" label's value that names an organisation (the party's own, or any "… A/S", "… Kommune"), or a
    page's footer under an empty block: the party's block read for the signature block, its name no signatory's."""
    own = fields.organisation and value.strip().casefold() == fields.organisation.strip().casefold()
    return bool(own) or org_like(value) or _FOOTER_LIKE.search(value) is not None


# a page's running footer under an empty block ("Tornby Laboratorium ApS · tornby-it.example"): a mail or web
# address, or the middle dot that parts a footer's pieces; no person's name or job title holds one
_FOOTER_LIKE = re.compile(r"@|·|\b[\w-]+\.(?:[a-z]{2,})\b")


def _no_title(h: Hit, fields: _Reading) -> bool:
    """A "Title" label's value that is no job title: a signing role ("Signer"), a web or mail address (a page
    footer under an empty block, "Lægehuset Lindholt · lindholt-sundhed.example"), or, found under the label, the
    party's name or words of it alone (the same footer justified apart, "Lægehuset")."""
    value = h.value or ""
    if _FOOTER_LIKE.search(value) and not job_title(value):
        return True
    if SIGNING_ROLE.fullmatch(value.strip()):
        return True  # "Role | Signer", a signing service's table: what the person did in the signing
    words = set(vocabulary.norm(value).split())
    own = set(vocabulary.norm(fields.organisation or "").split())
    return h.how == "below" and (bool(words) and words <= own or _organisation_named(value, fields))


# a signature place's caption: "For Egelev Apotek", "On behalf of ...", "På vegne af ..."
# (the longest wording first, so that a match's end is where the name begins)
_CAPTION = re.compile(r"^(?:for\s+and\s+on\s+behalf\s+of|for|on\s+behalf\s+of|på\s+vegne\s+af)\s+", re.I)


def _named_in_caption(lines: list[Line], organisation: str | None) -> str | None:
    """The organisation, whole, where the party block gave only some of its words: a justified line set its words
    apart ("Hospitalsenheden" ... "Bøgeskov" at the right margin, TCPDF; held-out seed 4330, tenth hand), and
    the first was taken for a label; or a name filled in a narrow cell ("Fertilitetsklinikken" ... "Strandkær"
    over "ApS", groff's tbl; held-out seed 8852, twelfth hand), and the word set apart was taken for another
    cell. The signature place's caption prints the name whole ("For Fertilitetsklinikken Strandkær ApS"); a
    caption that ends with the words read, or holds them all in order from its first word to its last, with a
    few more, names it."""
    if not organisation:
        return organisation
    read = organisation.casefold().split()
    for named in _captioned(lines):
        words = named.casefold().split()
        if len(read) < len(words) <= len(read) + 3 \
                and (words[-len(read):] == read or words[0] == read[0] and _in_order(read, words)):
            return named
    return organisation


def _captioned(lines: list[Line]) -> list[str]:
    """The names the signature places' captions print for a party (never MedCom's)."""
    out = []
    for text in (sg.text for ln in lines for sg in ln.segments):
        m = _CAPTION.match(text)
        named = clean(text[m.end():].rstrip(" :")) or "" if m else ""
        # "(the connecting party)": its role, not its name; "(the connecting" with "party)" wrapped to the next line
        # ("For Hospitalsenheden Kragsø (den tilsluttede" / "part)"): an opened bracket is a role, no part of the name
        named = re.sub(r"\s*\([^()]*\)?\s*$", "", named)
        if named[:1].isupper() and "medcom" not in text.casefold():
            out.append(named)
    return out


def _caption_goes_on(lines: list[Line], organisation: str | None) -> str | None:
    """A caption whose name begins with the whole organisation read and goes on ("For Kildevang Sygehus,
    Arbejdsmedicinsk Klinik" where the party block gave "Kildevang": its justified, hyphenated cell set the rest
    apart; held-out seed 8852). Either may be the party's name (a department after it is no mistake), so the
    two readings disagree: a person looks."""
    read = [w.strip(",.") for w in (organisation or "").casefold().split()]
    for named in _captioned(lines):
        words = [w.strip(",.") for w in named.casefold().split()]
        if read and len(words) > len(read) and words[:len(read)] == read:
            return named
    return None


def _in_order(read: list[str], words: list[str]) -> bool:
    """Are the words read all in `words`, in their order, the last read being the last of them?"""
    rest = iter(words)
    return all(w in rest for w in read) and words[-1] == read[-1]


# a hyphen between two small letters: where a word was broken at a line's end (a justified cell, "Ældreple-" over
# "jen"), the hyphen is the line's, not the name's; a name seldom holds one there
_HYPHEN = re.compile(r"(?<=[a-zæøå])-(?=[a-zæøå])")


def _line_hyphen(lines: list[Line], organisation: str | None) -> tuple[str | None, bool]:
    """The organisation without a hyphen its cell's line break put in ("Stenhøj Sygehus, Arbe-jdsmedicinsk
    Klinik", groff's justified cell), where a signature place's caption names it whole without it; and whether
    such a hyphen is left in doubt (no caption tells: the name is for staff)."""
    if not organisation or not _HYPHEN.search(organisation):
        return organisation, False
    whole = _HYPHEN.sub("", organisation)
    if any(named.casefold() == whole.casefold() for named in _captioned(lines)):
        return whole, False
    return organisation, True


# "p.p." (per procurationem) before a signer's name: the person signs for the party, and is the signatory
_PP = re.compile(r"^\s*(?:p\.\s?p\.?|pp\.|per\s+pro\.?)\s+(?=\S)", re.I)


def without_pp(name: str | None) -> str | None:
    """A signer's name without the "p.p." written before it ("p.p. Anne Frost" -> "Anne Frost")."""
    return _PP.sub("", name) if name else name


def _value_of(ln: Line) -> str:
    """A line's value without its label and without the next column's label run into it ("Name and title:
    Direktør, Hanne Ryberg Navn:" -> "Direktør, Hanne Ryberg")."""
    text = ln.segments[0].text
    text = text.split(":", 1)[1] if ":" in text else text
    return re.sub(r"\s+\w+:\s*$", "", text).strip()


def _empty_party_labels(lines: list[Line]) -> set[str]:
    """The party block's labels (organisation, CVR) that stand with nothing after them, where no such
    label anywhere holds a value but MedCom's: evidence that the party left them empty."""
    hits = find_labels(lines, ["organisation", "cvr"])
    out = set()
    for key in ("organisation", "cvr"):
        mine = [h for h in hits if h.key == key]
        filled = [h for h in mine if h.value and not is_label(h.value) and not US.search(h.value)
                  and cvr_digits(h.value) != MEDCOM_CVR]
        if mine and not filled and any(not h.value or is_label(h.value) for h in mine):
            out.add(key)
    return out


# a heading that names a role in the agreement, not who holds it ("Data controller", "Databehandleren",
# "The Party", "For den dataansvarlige")
_ROLE = re.compile(r"(?:\b(?:for|the|den|det|and|og|on\s+behalf\s+of|på\s+vegne\s+af)\b|[|/&]|"
                   r"\b(?:sub-?\s*)?(?:data\s*)?(?:controller|processor)s?\b|\b(?:under)?databehandler(?:en|e)?\b"
                   r"|\bdataansvarlig(?:e)?\b|\b(?:tilslutnings|aftale)?part(?:en|y|erne|ies)?\b|\btilslut(?:ter|tende|tede|tet)\b"
                   r"|\bconnect(?:ing|ed)(?:\s+organi[sz]ation)?\b"
                   r"|\bkunde(?:n)?\b|\bcustomer\b"
                   r"|[()\s:.,–-])+", re.I)
_HEADING = re.compile(r"^\s*(?:§\s*)?\d{1,2}(?:\.\d{1,2})*[.)]?\s+\S|^\s*(?:clause|article|artikel|punkt|afsnit"
                      r"|section|bilag|annex|appendix)\s+\d", re.I)


def org_rejected(value: str | None) -> str | None:
    """Why a cell cannot be the organisation's name, or None when it can: it is a number (a CVR), a
    clause heading, the document's title, a role heading, a label (with its value), or the tail of a label."""
    v = (value or "").strip()
    if not v:
        return "empty"
    letters = re.sub(r"[^\w]|[\d_]", "", v)
    if len(letters) < 2 or (cvr_digits(v) and len(letters) <= 4):
        return "a number"
    if _HEADING.match(v):
        return "a clause heading"
    if v.casefold().strip(" .,:") in vocabulary.words("organisation_suffixes") or \
            vocabulary.norm(v) in vocabulary.words("legal_forms"):  # "A/S" alone: a letterhead's line of its own
        return "only the kind of organisation ('Kommune'), not its name"  # a justified line's words set apart
    if title_of(v, strict=True) is not None:
        return "the document's title"  # "Data Processing Agreement (Health Data Network)" ends as a name might
    if not _ROLE.sub("", v).strip():
        return "the heading of a role"
    if label_of(v) is not None or is_label(v):
        return "a label"
    if v[0].islower() or not (v[0].isalnum() or v[0] in "(\"'"):
        return "the tail of a label"
    if re.search(r"\s[a-zæøå]{3,}\.$", v):
        return "the end of a sentence"  # "Danish health sector.": a wrapped paragraph's last line, no name
    return None


def _split_repeated_labels(lines: list[Line]) -> list[Line]:
    """Two cells run together into one ("Navn: MedCom Navn: Ringkøbing Tandlæger I/S", a narrow table whose
    cells are closer than a word gap): a cell that holds its own label a second time is two cells."""
    out: list[Line] = []
    for ln in _split_bars(lines):
        segs: list[Segment] = []
        for sg in ln.segments:
            texts = [w.text.casefold() for w in sg.words]
            k = next((n + 1 for n, t in enumerate(texts[:4]) if t.endswith(":")), 0)
            cut = next((i for i in range(k + 1, len(texts) - k + 1) if k and texts[i:i + k] == texts[:k]), 0)
            segs += [Segment(sg.words[:cut]), Segment(sg.words[cut:])] if cut else [sg]
        out.append(Line(ln.page, ln.top, ln.bottom, segs) if len(segs) != len(ln.segments) else ln)
    return out


def _split_bars(lines: list[Line]) -> list[Line]:
    """A table's rules read as text ("Organisation | Kystby Kommune | MedCom", OCR reads a vertical rule as
    a bar): each bar between words ends a cell."""
    out: list[Line] = []
    for ln in lines:
        segs: list[Segment] = []
        for sg in ln.segments:
            cell: list[Word] = []
            for w in sg.words:
                if w.text.strip() in ("|", "¦"):
                    if cell:
                        segs.append(Segment(cell))
                    cell = []
                else:
                    cell.append(w)
            if cell:
                segs.append(Segment(cell))
        out.append(Line(ln.page, ln.top, ln.bottom, segs) if segs else ln)
    return out


def _medcom_columns(lines: list[Line]) -> list[Line]:
    """The lines with MedCom's column of a party table taken out: where a row has cells side by side and
    one of them is MedCom's (its name or its CVR), every row of that table keeps only the other cells
    (controller | processor, party | MedCom, or a label column and both parties)."""
    out = list(lines)
    done: set[int] = set()
    for i, ln in enumerate(lines):
        segs = ln.segments
        if i in done or len(segs) < 2:
            continue
        ours = [k for k, sg in enumerate(segs) if US.search(sg.text) or MEDCOM_CVR in re.sub(r"\D", "", sg.text)]
        if len(ours) != 1 or all(US.search(sg.text) for sg in segs):
            continue
        others = [sg.text for k, sg in enumerate(segs) if k != ours[0]]
        if all(is_label(re.sub(r"[\s.…_]+$", "", t)) or not _ROLE.sub("", t).strip() for t in others):
            # "Name | MedCom", "The Data Processor: | MedCom, CVR ...": a label (or a role) and MedCom's value
            # in a row of its own, not a column of parties
            continue
        if not US.search(segs[ours[0]].text) and not any(len(re.sub(r"\D", "", t)) >= 6 for t in others):
            continue  # MedCom's CVR with no number beside it (a misread label, "CYR-nr."): MedCom's own block
        cols = [sg.x0 for sg in segs]
        table = [i]
        for step in (-1, 1):  # the rows above and below that belong to the same table
            k = i + step
            while 0 <= k < len(lines) and lines[k].page == ln.page:
                prev = lines[k - step]
                gap = abs(lines[k].top - prev.top)
                if gap > 3 * max(8.0, prev.bottom - prev.top) or lines[k].segments[0].x0 < cols[0] - 8:
                    break
                if len(lines[k].segments) < 2 and lines[k].segments[0].x1 > cols[ours[0]] + 40 \
                        and len(lines[k].text) > 60:
                    break  # a paragraph across the page
                table.append(k)
                k += step
        for k in table:
            done.add(k)
            keep = [sg for sg in lines[k].segments if column_of(sg.x0, cols) != ours[0]]
            if len(keep) != len(lines[k].segments):
                out[k] = Line(lines[k].page, lines[k].top, lines[k].bottom, keep) if keep else \
                    Line(lines[k].page, lines[k].top, lines[k].bottom, [])
    return [ln for ln in out if ln.segments]


def _says_cvr(lines: list[Line], h: Hit) -> bool:
    """The label says CVR (or SE), not another registration number ("Business ID", "Org. no.")."""
    cell = next((sg.text for sg in lines[h.line].segments if abs(sg.x0 - h.x0) < 1), lines[h.line].text)
    value = h.value or ""
    label = cell.split(":")[0] if ":" in cell else cell[:-len(value)] if value and cell.endswith(value) else cell
    return bool(re.search(r"\b(?:cvr|se)\b", label[:40], re.I))


def _cvr_of(value: str | None, danish: bool) -> str | None:
    """Eight digits under a CVR label; under another registration label ("Business ID: 1234567-8", a
    Finnish number has eight digits too) only a number that passes the CVR check."""
    digits = cvr_digits(value)
    return digits if danish or cvr_valid(digits) else None


def _fill_party(lines: list[Line], fields: _Reading) -> None:
    """Organisation and CVR of the connecting party: the labelled block that is not MedCom's."""
    cells = _split_repeated_labels(lines)
    lines = _medcom_columns(cells)
    hits = find_labels(lines, ["organisation", "cvr", "name"], below=True)
    blocks: list[_Block] = []
    for h in hits:
        if h.key == "cvr" and not h.value:  # "CVR-nr. ........ 12345678": a number alone far right in its row
            nums = [sg.text for sg in lines[h.line].segments if sg.x0 > h.x0 + 1 and
                    re.fullmatch(r"(?:DK[\s-]?)?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}", sg.text.strip())]
            h.value = nums[0] if len(nums) == 1 else None
        if h.key == "cvr" and cvr_digits(h.value) == MEDCOM_CVR:
            continue  # MedCom's own CVR, wherever it stands
        if h.key in ("organisation", "name"):
            if h.key == "name" and any(b.org_key == "organisation" for b in blocks):
                continue
            why = org_rejected(h.value) if h.value else "empty"
            if h.value and why != "empty" and why is not None:
                fields.org_seen.append((h.value, why))
            blocks.append(_Block(h.value if h.value and why is None else None, h.key, h.x0, h.line))
        elif h.key == "cvr" and blocks:
            danish = _says_cvr(lines, h)
            near = [b for b in blocks if (b.cvr_raw is None or danish and not b.cvr_danish)
                    and h.line - b.line <= 6]
            if near:
                b = min(near, key=lambda b: (abs(b.x0 - h.x0), h.line - b.line))
                b.cvr_raw = h.value or ""
                b.cvr = _cvr_of(h.value, danish)
                b.cvr_danish = danish
        elif h.key == "cvr" and not blocks:
            danish = _says_cvr(lines, h)
            blocks.append(_Block(None, "", h.x0, h.line, _cvr_of(h.value, danish), h.value or "", danish))
    theirs = [b for b in blocks if not (b.org and US.search(b.org))]
    if not any(b.org or b.cvr for b in theirs):
        theirs = []
    if theirs:
        b = theirs[0]
        org = _org_wrapped(lines, b.line, clean(_without_reference(b.org)), cells)
        if org and _DANGLING.search(org):  # "Nørreå Health AB, filial af": cut short, the rest not found
            fields.org_seen.append((org, "cut short (it ends in a word that needs more after it)"))
            org = None
        fields.organisation = org or (_name_above_cvr(lines, b.line) if b.cvr else None)
        fields.cvr = b.cvr
    if not fields.organisation or not fields.cvr:
        text = " ".join(ln.text for ln in lines)
        # "between X (CVR 12345678)", "mellem X, CVR-nr. 12345678, <address> (herefter 'Kunden') og MedCom",
        # MedCom first ("mellem MedCom, CVR-nr. ... og X, CVR-nr. ..."), or the parties on lines of their own
        # ("Mellem" / "X" / "CVR-nr. ..." / "og" / "MedCom" ...): each party named, the one that is not MedCom
        for m in _prose_parties(_PROSE_PARTY, text):
            org, cvr = _without_label(_after_role(m.group(1))), cvr_digits(m.group(2))
            if cvr != MEDCOM_CVR:
                fields.organisation = fields.organisation or clean(org)
                fields.cvr = fields.cvr or cvr
                break
        # a party registered abroad: "between X, Org.nr. 556527-9137, <address>" or "X (HRB 104711)": the
        # name, and no CVR from a number that is another country's
        if not fields.organisation:
            fields.organisation = next((clean(m.group(1)) for m in _prose_parties(_PROSE_FOREIGN, text)), None)
    if not fields.organisation:
        fields.organisation = _defined_party(lines)
    if not fields.organisation:
        _named_before_cvr(lines, fields)
    if not fields.organisation or not fields.cvr:
        _party_by_type(lines, fields)
    fields.organisation = _without_reference(fields.organisation)




# a party given after its role, then its CVR, in one line or cell: "Kunden: Fjeldså Data A/S, CVR-nr.: 17215744,
# Lupinvej 46" (a list of the parties), "Den dataansvarlige Tornby Apotek CVR-nr.: 5174 1420" (a cell's lines run
# into one): the words before the CVR, the role's words first
_BEFORE_CVR = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?(.{3,120}?)\s*(?:\(\s*|,\s*|\s)(?:CVR|company\s+reg)[^\d]{0,24}?"
                         r"(\d{2}[\s.]?\d{2}[\s.]?\d{2}[\s.]?\d{2})(?![\d.]\d)", re.I)


def _role_then_name(words: str) -> str | None:
    """The name after the longest run of a role's words at the start ("Den dataansvarlige" / "Lægehuset
    Rønnebæk"), or None when the words start with no role."""
    parts = words.split()
    for k in range(min(len(parts) - 1, 4), 0, -1):
        role = " ".join(parts[:k])
        if re.search(r"[^\W\d_]{3}", role) and not _ROLE.sub("", role).strip():
            return clean(" ".join(parts[k:]).lstrip(":").strip())
    return None


# words that name a party's role in an agreement (not articles alone: "Den Blå Klinik" keeps its "Den")
_ROLE_WORD = re.compile(r"controller|processor|databehandler|dataansvarlig|part|tilslut|connecting|kunde|customer",
                        re.I)


def _without_label(words: str) -> str:
    """A party table's cells run together into prose ("Name Hvidmose Telemedizin GmbH, CVR ..."): the name
    without its row's label in front (a value never starts with its own label)."""
    hit = label_of(words, ["organisation", "name"])
    return hit[1] if hit is not None and hit[1] and words[:len(words) - len(hit[1])].strip() else words


def _after_role(words: str) -> str:
    """A party named in prose or a table's cells run together after its role's heading ("between The controller
    Hospitalsenheden Kragsø, CVR ..."): the name without the role's words before it."""
    rest = _role_then_name(words)
    if rest and _ROLE_WORD.search(words[:len(words) - len(rest)]):
        return rest
    return words


def _named_before_cvr(lines: list[Line], fields: _Reading) -> None:
    """The party named after its role and before its CVR in one line or cell (`_BEFORE_CVR`): the first words are
    a role's only, the name is no one's but the party's (not MedCom, not a heading or label), and the CVR is not
    MedCom's. The one such name; two different ones are left for the other rules."""
    found: list[tuple[str, str]] = []
    for ln in lines:
        for text in dict.fromkeys([ln.text, *(sg.text for sg in ln.segments)]):
            m = _BEFORE_CVR.match(text)
            org = _role_then_name(m.group(1)) if m else None
            cvr = cvr_digits(m.group(2)) if m else None
            if m and org and cvr and cvr != MEDCOM_CVR and not US.search(org) and org_rejected(org) is None:
                found.append((org, cvr))
    if len(set(found)) == 1:
        fields.organisation = found[0][0]
        fields.cvr = fields.cvr or found[0][1]


def _prose_parties(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Each party named in prose: the pattern tried at every "mellem"/"between" and "og"/"and" in turn (a
    match that ran from one party's word over to another's is no hindrance to the next), keeping the names
    that are neither MedCom nor anything but a name."""
    for a in _PARTY_WORD.finditer(text):
        m = pattern.match(text, a.start())
        if m and not US.search(m.group(1)) and not re.search(r"\bCVR\b", m.group(1), re.I) \
                and org_rejected(m.group(1)) is None:
            yield m


_PARTY_WORD = re.compile(r"\b(?:mellem|between|og|and)\b", re.I)
# a party named in prose, each after "mellem"/"between" or "og"/"and" (the other party), with its CVR (its pairs
# of digits may stand apart with spaces or dots: "CVR-nr. 40.51.73.40")
_PROSE_PARTY = re.compile(
    r"\b(?:mellem|between|og|and)\b\s*:?\s+([^()]{3,80}?)\s*(?:\(\s*|,\s*|\s)(?:CVR|company\s+reg)[^\d]{0,24}?"
    r"(\d{2}[\s.]?\d{2}[\s.]?\d{2}[\s.]?\d{2})(?![\d.]\d)", re.I)
# the party named in prose followed by a registration of another country (a Swedish or Norwegian
# organisation number, a German Handelsregister entry, a business or VAT id)
_PROSE_FOREIGN = re.compile(
    r"\b(?:mellem|between|og|and)\b\s*:?\s+([^()]{3,80}?)\s*(?:\(\s*|,\s*)(?:org(?:anisation)?s?\.?\s*-?\s*n(?:r|o|umm?er)\b"
    r"|organi[sz]ation\s+(?:no|number)\b|HR[AB]\b|reg(?:istration|istrerings)?\.?\s*-?\s*(?:no|nr|number|nummer)\b"
    r"|business\s+id\b|VAT\b|KvK\b|Y-tunnus\b|company\s+(?:no|number)\b)[^\n()]{0,30}?\d", re.I | re.S)
_DANGLING = re.compile(r"(?:\b(?:af|of|for|og|and|i|in|til|to|von|van|de|der|und|the)|[,&/-])\s*$", re.I)


# a remark after a name that points elsewhere in the document: "Region Kragsø (som ovenfor)", "X (see above)"
_REFERENCE = re.compile(r"\s*\((?:som|se|jf\.?|as|see|cf\.?)\s+(?:ovenfor|ovenstående|oven\s+for|above|herover)"
                        r"\)\s*$", re.I)


def _without_reference(org: str | None) -> str | None:
    """The organisation's name without a remark that it was named above: the remark is no part of the name."""
    return clean(_REFERENCE.sub("", org)) if org else org


def _org_wrapped(lines: list[Line], at: int, org: str | None, cells: list[Line] | None = None) -> str | None:
    """An organisation's name that wrapped in its cell ("Nørreå Health AB, filial af" over "svensk
    selskab"): the next line's cell that starts where the name does, a few words with no label and no
    digits, is the rest of the name only on evidence of a wrap: the name cannot end where it does (a
    dangling "af", "of", "&", a comma), or the next line holds nothing else and its first word would not
    have fitted in the cell: before the next cell of the row (in `cells`, the lines with MedCom's column
    still in them), or the right edge of the page's text where the cell is the row's last."""
    if not org or at + 1 >= len(lines):
        return org
    # the name read under its column's heading ("Role | Name | CVR no." over the party's row): its own row
    at = next((k for k in range(at, min(at + 3, len(lines)))
               if any(sg.text.rstrip().endswith(org) for sg in lines[k].segments)), at)
    if at + 1 >= len(lines):
        return org
    dangling = bool(_DANGLING.search(org))
    row, nxt = lines[at], lines[at + 1]
    cell = next((sg for sg in row.segments if sg.text.rstrip().endswith(org)), None)
    if cell is None or nxt.page != row.page:
        return org
    gap, height = nxt.top - row.bottom, max(6.0, row.bottom - row.top)
    # a row whose cells wrapped over three text rows may be read as two lines, a text row's gap between them
    if gap > 0.8 * height and not (gap <= 1.6 * height and _row_goes_on(row, nxt, cell)):
        return org
    n = len(org.split())
    start = cell.x0 if cell.text.strip() == org or n >= len(cell.words) else cell.words[len(cell.words) - n].x0
    rest = [sg for sg in nxt.segments if abs(sg.x0 - start) <= 3]
    if not rest and at + 2 < len(lines) and not any(sg.x0 < cell.x1 and sg.x1 > start for sg in nxt.segments) \
            and _row_goes_on(row, nxt, cell):
        # the next line holds only another cell's rest (the address's town): the name's may be on the line below
        below = lines[at + 2]
        if below.page == row.page and below.top - nxt.bottom <= 0.8 * max(6.0, row.bottom - row.top):
            rest, nxt = [sg for sg in below.segments if abs(sg.x0 - start) <= 3], below
            if rest and _row_goes_on(row, nxt, cell):
                text = rest[0].text.strip()
                if len(rest) == 1 and len(rest[0].words) <= 4 and not re.search(r"\d|:", text) \
                        and label_of(text) is None and not US.search(text):
                    return clean(f"{org} {text}")
            return org
    if len(rest) != 1:
        return org
    text = rest[0].text.strip()
    if len(rest[0].words) > 4 or re.search(r"\d|:", text) or label_of(text) is not None or US.search(text):
        return org
    if not dangling and _row_goes_on(row, nxt, cell):
        return _org_wrapped(lines, at + 1, clean(f"{org} {text}"), cells) if at + 2 < len(lines) else \
            clean(f"{org} {text}")
    if not dangling:
        height = max(6.0, row.bottom - row.top)
        first = rest[0].words[0]
        right = max(ln.segments[-1].x1 for ln in lines if ln.page == row.page) - 1
        whole = next((ln for ln in cells or [] if ln.page == row.page and abs(ln.top - row.top) < 1), row)
        beside = [sg.x0 for sg in whole.segments if sg.x0 > cell.x1]
        if beside:  # the next cell's text starts past its padding and the cell's own
            right = min(beside) - 2 * 0.2 * height
        same_size = abs((nxt.bottom - nxt.top) - height) <= 0.15 * height
        if cell is not row.segments[-1] or len(nxt.segments) != 1 or not same_size or \
                cell.x1 + 0.2 * height + (first.x1 - first.x0) < right:
            return org
    return clean(f"{org} {text}")


def _row_goes_on(row: Line, nxt: Line, cell: Segment) -> bool:
    """A row of the parties' table wraps on to the next line: the row holds a registration number in a cell
    right of the name, and the next line has nothing under it (a new row of the table has a number of its
    own; "Vester Lyng | 55349444 | Tværgade 53," over "Apotek | | 4140 Borup")."""
    numbers = [sg for sg in row.segments if sg.x0 > cell.x1
               and re.fullmatch(r"(?:DK-?|CVR[\s.:-]*(?:nr\.?|no\.?)?\s*)?\d[\d .]{6,12}\d", sg.text.strip(), re.I)]
    return bool(numbers) and not any(sg.x0 < n.x1 and sg.x1 > n.x0 for n in numbers for sg in nxt.segments)


def _date_at(lines: list[Line], h: Hit) -> str | None:
    """The date under a date label; a date wrapped in a narrow cell ("2026-10-" / "04", "19/10" / "2026")
    continues on the next line as a number alone."""
    found = date_norm(h.value or "")
    if found or h.line + 1 >= len(lines):
        return found
    nxt = lines[h.line + 1].text.strip()
    value = (h.value or "").rstrip()
    if re.fullmatch(r"\d{1,4}", nxt) and re.search(r"\d[-./]$", value):
        return date_norm(value + nxt)
    if re.fullmatch(r"(?:19|20)\d\d", nxt) and not re.search(r"(?:19|20)\d\d", value):
        sep = re.search(r"\d{1,2}([-./])\d{1,2}$", value)  # "19/10" / "2026", "17. oktober" / "2026"
        return date_norm(value + (sep.group(1) if sep else " ") + nxt)
    return _date_rest(lines[h.line], lines[h.line + 1], value)


def _date_rest(line: Line, nxt: Line, value: str) -> str | None:
    """A date whose day and year went on to the next line of its cell ("København V, October" / "17,
    2026"): that line's first cell starts where a cell of the label's line starts (the label's, or the
    value's beside it) and holds only numbers, and the date is whole only with both parts."""
    if nxt.page != line.page or not nxt.segments or not re.search(r"[^\W\d_]{3,}\.?$", value):
        return None
    rest, text = nxt.segments[0], nxt.segments[0].text.strip()
    if all(abs(rest.x0 - seg.x0) > 6 for seg in line.segments) or \
            not re.fullmatch(r"\d{1,4}[.,]?(?:\s+\d{2,4})?", text):
        return None
    return date_norm(f"{value} {text}")


# the party named with the term the agreement calls it by: "Region Kragsø (herefter Parten)", "Klinik Egelev ApS
# (hereinafter referred to as 'the Party')", on a line of its own or after "mellem"/"between"
_DEFINED = re.compile(r"^\s*(?:(?:mellem|between)\s+)?(?P<org>[^()\d:]{3,90}?)\s*,?\s*\((?:herefter|i det følgende|"
                      r"hereinafter|hereafter)\b[^()]{1,50}\)\s*(?:,|og|and)?\s*$", re.I)


def _defined_party(lines: list[Line]) -> str | None:
    """The one organisation that is given the agreement's defined term for the party ("(herefter Parten)"),
    not MedCom, not a heading or a label; two different ones are left to the other rules."""
    found = {clean(m.group("org")) for ln in lines if (m := _DEFINED.match(ln.text))
             and not US.search(m.group("org")) and org_rejected(m.group("org")) is None}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _name_above_cvr(lines: list[Line], at: int) -> str | None:
    """The party's name in a label | value table whose name label the reader does not know ("Legal
    entity", "Juridisk enhed"): the value cell in the CVR value's column, in the row right above the CVR
    row, its label cell in the CVR label's column. Not a known label's value (an address, a phone), not
    a number, heading or role."""
    if not 0 < at < len(lines) or len(lines[at].segments) < 2:
        return None
    row, above = lines[at], lines[at - 1]
    if above.page != row.page or len(above.segments) != 2 or abs(above.segments[0].x0 - row.segments[0].x0) > 6:
        return None
    label, value = above.segments
    known = label_of(label.text)
    if abs(value.x0 - row.segments[1].x0) > 6 or known is not None and known[0] != "organisation":
        return None
    text = value.text.strip()
    if US.search(text) or re.search(r"\d", text) or org_rejected(text) is not None or len(text) > 80:
        return None
    return clean(text)


# the next column's label run into a value's end with no space ("Chief Executive OfficerName:"): two text runs
# that touch on one baseline
_GLUED_LABEL = re.compile(r"(?<=[a-zæøå.)])([A-ZÆØÅ][\w ]{1,20}:)\s*$")


def _tidy(value: str) -> str | None:
    """A value without what a label left in front of it (": Frederik Frølund", "- Karen Lund") or glued to its
    end ("Direktør" + "Navn:")."""
    value = re.sub(r"^[\s:;.,\-–—_|]+", "", value)
    glued = _GLUED_LABEL.search(value)
    if glued and is_label(glued.group(1)):
        value = value[:glued.start()]
    return clean(value)


def _place_and_date(lines: list[Line], fields: _Reading) -> None:
    """A signing date written without its label, as place and date on one line ("Fjordby, den 18.
    november 2026") in the party's block."""
    if fields.signature_date is not None:
        return
    for ln in lines:
        for seg in ln.segments:
            found = date_norm(seg.text)
            if found and len(seg.text) < 80:
                fields.signature_date = found
                return


def _in_medcoms_block(lines: list[Line], i: int) -> bool:
    """Whether line i stands in MedCom's block: MedCom named on the line itself, or as a block's name or
    heading (a short cell) on one of the four lines above it on its page. MedCom named in a sentence
    ("between X and MedCom" on a cover page) is no block of MedCom's."""
    if US.search(lines[i].text):
        return True
    return any(US.search(sg.text) and len(sg.text) <= 40 for ln in lines[max(0, i - 4):i]
               if ln.page == lines[i].page for sg in ln.segments)


def _named_by_role(lines: list[Line]) -> str | None:
    """The party named after its role's label ("Parten: Hospitalsenheden Hvidmose", "The Party: ...",
    "Dataansvarlig: ..."): the label says what the value is, so its words need not look like an organisation's.
    Not MedCom, no number, a few words that can be a name (`org_rejected`), the one such line."""
    found: list[str] = []
    for k, ln in enumerate(lines):
        m = re.match(r"^\s*([^:]{2,40}):\s*(\S.*)?$", ln.text)
        if m is None or _ROLE.sub("", m.group(1)).strip() or not re.search(r"[^\W\d_]{3}", m.group(1)):
            continue  # the label's words are a role's only ("Parten", "Den tilsluttede part", "Data controller")
        text = m.group(2)
        if text is None:  # the role on a line of its own, the name on the next ("The Customer:" / "Region X")
            if k + 1 >= len(lines) or lines[k + 1].page != ln.page:
                continue
            text = lines[k + 1].text
        value = clean(text) or ""
        if US.search(value) or re.search(r"\d|@", value) or len(value.split()) > 8 or org_rejected(value) is not None:
            continue
        found.append(value)
    return found[0] if len(set(found)) == 1 else None


def _party_by_type(lines: list[Line], fields: _Reading) -> None:
    """Where no label names them: the one valid CVR outside MedCom's block is the party's, and the
    organisation is the organisation-like line of its block."""
    cvrs: list[tuple[int, str]] = []
    for i, ln in enumerate(lines):
        for m in re.finditer(r"(?<!\d)(?:DK[\s-]?)?(\d{2}\s?\d{2}\s?\d{2}\s?\d{2})(?!\d)", ln.text):
            digits = re.sub(r"\D", "", m.group(1))
            if cvr_valid(digits) and not _in_medcoms_block(lines, i) and digits != MEDCOM_CVR:
                cvrs.append((i, digits))
    if not fields.cvr and len({c for _, c in cvrs}) == 1:
        fields.cvr = cvrs[0][1]
    if not fields.organisation:
        start = cvrs[0][0] if cvrs else len(lines)
        def value_cell(ln: Line) -> str:  # a row of label and value cells: the value ("Legal entity | X A/S")
            return ln.segments[-1].text if len(ln.segments) == 2 and not re.search(r"\d", ln.segments[0].text) \
                else ln.text

        named = _named_by_role(lines[:40])
        if named:
            fields.organisation = named
            return
        near = [value_cell(ln) for ln in lines[max(0, start - 5):start + 1]] if cvrs else []
        for text in near + [value_cell(ln) for ln in lines[:40]]:
            cell = after_unknown_label(text)
            if org_like(cell) and org_rejected(cell) is None:
                fields.organisation = clean(cell)
                return
