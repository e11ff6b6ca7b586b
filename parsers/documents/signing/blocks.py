"""Where the signature block of an agreement is, and which part of it is the party's (not MedCom's)."""
from __future__ import annotations

import re
from dataclasses import replace

from ...values import MONTH_RE, clean, find_date, looks_like_name, org_like
from ..job_titles import job_title, title_and_name, title_only
from ..labels import Hit, column_of, find_labels, is_label, label_of
from ..page_types import Line, PdfContent, Segment, Word
from ..signatures import SCRIPT_FACE

US = re.compile(r"medcom", re.I)
SIG_HEADING = re.compile(
    r"^\s*(?:\d+[.)]?\s*|§\s*\d+\.?\s*)?(?:underskrifter|signaturer|signatures|signing|underskrivelse"
    r"|parternes\s+underskrift(?:er)?|signature\s+of\s+the\s+parties|execution|underskrevet\s+af\s+parterne)\s*:?\s*$",
    re.I)
# a line about the template itself, not about this signing: "Skabelon godkendt af MedComs styregruppe
# 12.03.2024", "Template approved ... version 3.1", "Side 2 af 4"
_TEMPLATE_NOTE = re.compile(r"skabelon|template|godkendt\s+af|approved\s+by|styregruppe|steering\s+group|version\s*\d"
                            r"|\bv\d+(?:\.\d+)+\b|\b(?:side|page)\s+\d+\s+(?:af|of)\s+\d+", re.I)
# a heading over the parties' own block ("Aftalens parter", "Parterne", "Parties to the agreement"): printed after
# the signatures, it ends the signature block (its "Navn" is the party's name, no signatory's)
PARTIES_HEADING = re.compile(r"^\s*(?:\d+[.)]?\s*)?(?:(?:aftalens\s+)?parter(?:ne)?|(?:the\s+)?parties"
                             r"(?:\s+to\s+(?:the|this)\s+agreement)?)\s*:?\s*$", re.I)
_SIG_PAGE = re.compile(r"^\s*(?:underskriftsside|signature\s+page)\s*:?\s*$", re.I)
SECTION_END = re.compile(r"^\s*(?:bilag|annex|appendix|appendiks|underskriftsside|signature\s+page|§)", re.I)


def consume(lines: list[Line], h: Hit, consumed: set[tuple[int, int]]) -> None:
    """Mark the cells of a label and its value as used, so they are not taken for a typed signature."""
    ln = lines[h.line]
    for j, s in enumerate(ln.segments):
        if abs(s.x0 - h.x0) < 1:
            consumed.add((h.line, j))
            if h.value and j + 1 < len(ln.segments) and ln.segments[j + 1].text.strip() == h.value:
                consumed.add((h.line, j + 1))
            if h.how == "before" and j > 0 and ln.segments[j - 1].text.strip() == h.value:
                consumed.add((h.line, j - 1))  # "Lærke Skovbo | (navn)": the value stands before its label
    if h.value and h.line + 1 < len(lines):
        for j, s in enumerate(lines[h.line + 1].segments):
            if s.text.strip() == h.value:
                consumed.add((h.line + 1, j))


def without_furniture(lines: list[Line]) -> list[Line]:
    """The lines without page furniture: a running header or footer (the first or last line of a page
    whose text, digits aside, recurs at the edge of most pages) and notes about the template (its
    approval date, version, page numbers), so that a footer's date is never read as the signing date."""
    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.strip().casefold())

    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    edges: dict[str, set[int]] = {}
    for page, lns in by_page.items():
        for ln in {id(lns[0]): lns[0], id(lns[-1]): lns[-1]}.values():
            edges.setdefault(key(ln), set()).add(page)
    # furniture stands on most pages; a heading that opens two of four pages (the signature page and a signing
    # service's page after it, both "Underskrifter") is the document's own, and the signatures' heading is
    # never furniture: it is what the signature block is found by
    running = max(2, len(by_page) // 2 + 1)
    return [ln for ln in lines if not (len(edges.get(key(ln), ())) >= running and len(by_page) >= 2
                                       and not SIG_HEADING.match(ln.text))
            and not (_TEMPLATE_NOTE.search(ln.text) and len(ln.text) < 160)]


def signature_section(lines: list[Line]) -> tuple[int, int]:
    """(first, end) line indexes of the signature block; (-1, -1) when there is none."""
    start = -1
    hits: list[Hit] = []
    for i in range(len(lines) - 1, -1, -1):
        if SIG_HEADING.match(lines[i].text):
            start = i
            break
    if start < 0:
        # no heading: the last run of date/name labels
        hits = list(find_labels(lines, ["date", "name", "title"], below=False))
        caption_at = _medcoms_caption(lines)
        if caption_at is not None and (not hits or caption_at > hits[-1].line):
            # the places' captions ("For Egelev Apotek | For MedCom") after every label: a block without
            # labels (title over the rule, the name under it), the labels above it the parties' own block
            start = _partys_caption_above(lines, caption_at)
        elif not hits:
            return -1, -1
    if start < 0:
        last = hits[-1].line
        first = last
        for h in reversed(hits):
            if last - h.line <= 12:
                first = h.line
        start = max(0, first - 2)
        # the labels under a page of their own's title ("Underskriftsside", "Signature page"): the block starts at
        # the title, which then ends nothing (elsewhere it ends the block: a service's page follows)
        titled = next((j for j in range(first, max(-1, first - 4), -1) if _SIG_PAGE.match(lines[j].text)), None)
        if titled is not None:
            start = titled
        # an unlabelled signature table: the parties' captions ("For Egelev Apotek | For MedCom") stand over
        # the signature, the printed name and title, with only the date labelled; the block starts there
        caption = next((i for i in range(first - 1, max(-1, first - 7), -1)
                        if _FOR.match(lines[i].segments[0].text) and lines[i].page == lines[first].page), None)
        if caption is not None and US.search(lines[caption].segments[0].text):
            caption = _partys_caption_above(lines, caption)
        if caption is not None:
            start = min(start, caption)
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if SECTION_END.match(lines[i].text) or PARTIES_HEADING.match(lines[i].text) \
                or lines[i].page > lines[start].page + 1:
            end = i
            break
    return start, end


def _medcoms_caption(lines: list[Line]) -> int | None:
    """The last line holding MedCom's place's caption ("For MedCom", "On behalf of MedCom"), if any."""
    return next((i for i in range(len(lines) - 1, -1, -1)
                 if any(_FOR.match(sg.text) and US.search(sg.text) for sg in lines[i].segments)), None)


def _partys_caption_above(lines: list[Line], at: int) -> int:
    """Where the signature places start when MedCom's caption is at line `at`: the party's own caption when it
    stands above MedCom's on its page (the places one under the other), else MedCom's line."""
    return next((i for i in range(at - 1, max(-1, at - 10), -1)
                 if _FOR.match(lines[i].segments[0].text) and not US.search(lines[i].text)
                 and lines[i].page == lines[at].page), at)


def _body_columns(rows: list[Line], heads: list[Segment]) -> list[float]:
    """The left edges of a table's columns, one per heading cell. Headings may be centred over their
    column ("For MedCom" starting right of where the cells below start), so the edges are the body rows'
    when a row has as many cells as there are headings and each heading's middle lies in its cell's column."""
    aligned = any(abs(sg.x0 - h.x0) <= 8 for row in rows for sg in row.segments for h in heads[1:])
    if aligned:
        return [h.x0 for h in heads]  # cells start where the headings do: the headings are the columns
    for row in rows:
        if len(row.segments) != len(heads):
            continue
        edges = [sg.x0 for sg in row.segments]
        if all(column_of((h.x0 + h.x1) / 2 - 15, edges) == i for i, h in enumerate(heads)):
            return edges
    return [h.x0 for h in heads]


def party_column(section: list[Line], margin: float | None = None) -> tuple[list[Line], tuple[float, float] | None]:
    """The lines (or parts of lines) of the party's own signature block, and its x-range. `margin` is
    where the page's text ends on the right (the widest line of the agreement), the edge a last column's
    text wraps at."""
    section = [_labels_apart(ln) for ln in [_heads_apart(ln) for ln in section[:8]] + section[8:]]
    section = [_faces_apart(ln) for ln in section]
    for k, ln in enumerate(section[:8]):
        segs = ln.segments
        by_role = _medcoms_role(segs)
        if len(segs) >= 2 and (any(US.search(s.text) for s in segs) or by_role is not None) and not any(
                US.search(s.text) is None and is_label(s.text) for s in segs) and not _dated_heading(ln):
            cols = _body_columns(section[k + 1:k + 8], segs)
            ours = next((i for i, s in enumerate(segs) if US.search(s.text)), by_role)
            assert ours is not None
            party = next(i for i, s in enumerate(segs) if i != ours)
            out: list[Line] = []
            for other in section[k:]:
                keep = [s for s in other.segments if column_of(s.x0, cols) == party]
                if keep:
                    out.append(_cells_of(other, keep))
            right = cols[party + 1] if party + 1 < len(cols) else 10_000.0
            widest = max(s.x1 for ln in section for s in ln.segments)
            edge = right - 10 if party + 1 < len(cols) else max(margin or 0.0, widest) - 4
            return join_wrapped(labels_wrapped(out), edge), (cols[party], right)
    staggered = _staggered_columns(section, margin)
    if staggered is not None:
        return staggered
    # blocks one below the other: drop MedCom's block (from its heading to the next heading)
    out = []
    skipping = False
    for ln in section:
        # a table with the date in its first column and the block beside it ("29-11-2026 | For Parten"): the
        # block's heading is the cell after the date; a block's caption may be long ("For Fjeldså Health AB, filial
        # af svensk selskab (the controller)"): a "For ..." line that is no sentence heads a block at any length a
        # name and its role take
        t = (ln.segments[-1] if _dated_heading(ln) else ln).text.strip()
        heading = (len(ln.segments) == 1 or _dated_heading(ln)) and label_of(t) is None \
            and not re.search(r"\d", t) \
            and (len(t) < 60 or bool(_FOR.match(t)) and len(t) < 160 and not t.endswith("."))
        if heading and US.search(t):
            skipping = True
            continue
        if heading and skipping and ((not looks_like_name(t) and not job_title(t)) or _FOR.match(t)):
            # the next block's caption ("For Bøgeskov Apotek" reads as a name, yet is none); MedCom's signer's
            # title over its rule ("Direktør") is MedCom's block still, not the next one's heading
            skipping = False
        if not skipping:
            out.append(ln)
    return out, None


def _faces_apart(ln: Line) -> Line:
    """A name typed in a hand's face (italic, script) run into the cell before it, set upright ("Dato: Aarhus, den
    24. Rasmus Winther", a date cell too full to leave a gap the page model parts at): two cells, so the typed
    signature is never read as the date's tail and set aside with it."""
    segs: list[Segment] = []
    for seg in ln.segments:
        at = next((k for k, w in enumerate(seg.words) if k > 0 and SCRIPT_FACE.search(w.face)
                   and not SCRIPT_FACE.search(seg.words[k - 1].face)), None)
        if at is not None and all(SCRIPT_FACE.search(w.face) for w in seg.words[at:]) \
                and looks_like_name(" ".join(w.text for w in seg.words[at:])):
            segs += [Segment(seg.words[:at]), Segment(seg.words[at:])]
        else:
            segs.append(seg)
    return ln if len(segs) == len(ln.segments) else Line(ln.page, ln.top, ln.bottom, segs)


def _dated_heading(ln: Line) -> bool:
    """A row of a signature table whose first cell is a date and whose second is a block's heading ("Vejle, den
    2. december 2026 | For MedCom"): the blocks stand one under the other, the date column beside them; such a
    row is never two blocks side by side."""
    if len(ln.segments) != 2:
        return False
    found = find_date(ln.segments[0].text)
    return found is not None and not ln.segments[0].text[found[2]:].strip(" .,") and \
        _FOR.match(ln.segments[1].text) is not None


# the roles in the SDN agreements' headings: MedCom is always the (sub-)processor, the party the controller (in the
# data processor agreement) or the processor (in the sub-data processor agreement)
_SUB_PROCESSOR = re.compile(r"\b(?:underdatabehandler(?:en)?|sub-?\s*(?:data\s*)?processor)\b", re.I)
_PROCESSOR = re.compile(r"\b(?:databehandler(?:en)?|(?:data\s*)?processor)\b", re.I)
_CONTROLLER = re.compile(r"\b(?:dataansvarlig(?:e)?|(?:data\s*)?controller)\b", re.I)


def _cells_of(line: Line, keep: list[Segment]) -> Line:
    """The party's cells of a line, as a line of their own: their own top and bottom, not those of the line the
    other column's cells made ("Christoffersen" wrapped under the party's "Name: Emil" stands on the line of
    MedCom's "Title:" set four points higher; measured by the whole line, the rest seemed set larger)."""
    words = [w for sg in keep for w in sg.words]
    return Line(line.page, min(w.top for w in words), max(w.bottom for w in words), keep)


def _medcoms_role(segs: list[Segment]) -> int | None:
    """Which of two role headings side by side is MedCom's when neither names MedCom ("The controller | The
    processor", "Databehandleren | Underdatabehandleren"): the sub-processor beside a processor, the processor
    beside a controller. None when the headings are not two such roles."""
    if len(segs) != 2 or any(len(sg.text) > 40 or re.search(r"\d", sg.text) for sg in segs):
        return None
    subs = [i for i, sg in enumerate(segs) if _SUB_PROCESSOR.search(sg.text)]
    procs = [i for i, sg in enumerate(segs) if _PROCESSOR.search(sg.text) and i not in subs]
    ctrls = [i for i, sg in enumerate(segs) if _CONTROLLER.search(sg.text)]
    if len(subs) == 1 and len(procs) == 1:
        return subs[0]
    if len(procs) == 1 and len(ctrls) == 1 and procs != ctrls:
        return procs[0]
    return None


def _staggered_columns(section: list[Line], margin: float | None) -> tuple[list[Line], tuple[float, float]] | None:
    """Two blocks side by side whose rows do not line up (each column a table of its own, MedCom's empty
    rows lower than the party's filled ones, so "For MedCom" stands a line below "For Kystby ApS"): the
    party's block is its column's cells, told by where the two headings start, never the lines from MedCom's
    heading down (that would drop the party's rows set between MedCom's)."""
    heads = [(k, sg) for k, ln in enumerate(section[:10]) for sg in ln.segments if _FOR.match(sg.text)]
    ours = [(k, sg) for k, sg in heads if US.search(sg.text)]
    theirs = [(k, sg) for k, sg in heads if not US.search(sg.text)]
    if len(ours) != 1 or len(theirs) != 1 or abs(ours[0][1].x0 - theirs[0][1].x0) < 100 \
            or section[ours[0][0]].page != section[theirs[0][0]].page:
        return None
    mine = theirs[0][1]
    first = min(ours[0][0], theirs[0][0])
    cols = sorted({ours[0][1].x0, mine.x0, *_other_blocks(section[first:], [ours[0][0] - first,
                                                                            theirs[0][0] - first], mine)})
    party = cols.index(mine.x0)
    out: list[Line] = []
    for other in section[first:]:
        keep = [sg for sg in other.segments if column_of(sg.x0, cols) == party]
        if keep:
            out.append(_cells_of(other, keep))
    last = party + 1 >= len(cols)
    right = 10_000.0 if last else cols[party + 1]
    widest = max(sg.x1 for ln in section for sg in ln.segments)
    edge = max(margin or 0.0, widest) - 4 if last else right - 10
    return join_wrapped(labels_wrapped(out), edge), (cols[party], right)


def _other_blocks(lines: list[Line], captions: list[int], mine: Segment) -> set[float]:
    """Where blocks other than the two captioned ones start: a cell on a caption's line clear of the party's
    caption ("Medunderskriver", a co-signatory's caption with no "For") whose left edge is a column's, other
    cells below starting there too. The party's block ends where the next one starts, so that a co-signatory
    set between the party and MedCom is never read as the party's signatory."""
    out: set[float] = set()
    for k in set(captions):
        for sg in lines[k].segments:
            if mine.x0 - 3 <= sg.x0 <= mine.x1 or _FOR.match(sg.text):
                continue
            below = sum(1 for ln in lines[k + 1:] for other in ln.segments if abs(other.x0 - sg.x0) <= 3)
            if below >= 2:
                out.add(sg.x0)
    return out


def caption_value(lines: list[Line], h: Hit) -> str | None:
    """The value under a label set as a small caption ("Name in block letters" in 7 pt, the name in 12 pt on
    the next line of its column, further below than the caption's own height would allow a value): the next
    line, at the label's left edge, no label, within twice the value's height. A value in a larger hand is
    that caption's, and a label whose value stands there is no place found empty."""
    ln = lines[h.line]
    nxt = lines[h.line + 1] if h.line + 1 < len(lines) else None
    if nxt is None or nxt.page != ln.page:
        return None
    cell = next((sg for sg in nxt.segments if abs(sg.x0 - h.x0) <= 8), None)
    size = nxt.bottom - nxt.top
    if cell is None or size <= (ln.bottom - ln.top) or not 0 <= nxt.top - ln.bottom <= 2 * max(8.0, size):
        return None
    text = clean(cell.text) or ""
    if not text or is_label(text) or label_of(text) is not None or US.search(text):
        return None
    return text


def labels_wrapped(lines: list[Line]) -> list[Line]:
    """A label wrapped in its cell ("Name in block" over "letters:", its value beside the first line) is
    one label again: the lower-case tail ending in a colon joins the cell above it at the same left edge
    when the two make a known label, so the value beside it is read as that label's (not taken for a
    typed signature)."""
    out = list(lines)
    for k in range(1, len(out)):
        prev, ln = out[k - 1], out[k]
        if not prev.segments or not ln.segments:
            continue
        tail = ln.segments[0]
        head = prev.segments[0]
        if ln.page != prev.page or not re.fullmatch(r"\(?[a-zæøå][\w ()-]{0,30}:", tail.text.strip()) \
                or abs(tail.x0 - head.x0) > 3 or head.text.rstrip().endswith(":") or len(head.words) > 5:
            continue
        whole = f"{head.text} {tail.text}"
        hit = label_of(whole)
        if hit is None or hit[1]:
            continue
        out[k - 1] = Line(prev.page, prev.top, max(prev.bottom, ln.bottom),
                          [Segment(head.words + tail.words), *prev.segments[1:]])
        out[k] = Line(ln.page, ln.top, ln.bottom, ln.segments[1:])
    return [ln for ln in out if ln.segments]


def _heads_apart(ln: Line) -> Line:
    """Two column headings run together into one cell ("For Skovlund Data A/S (den tilsluttede For
    MedCom": narrow cells closer than a word gap) are two cells, cut where "For" (or "On behalf of", "På
    vegne af") starts again with a capital, one of the two being MedCom's."""
    segs: list[Segment] = []
    for sg in ln.segments:
        head = _FOR.match(sg.text)
        words = _unglued(sg.words) if head else sg.words
        cut = next((i for i in range(1, len(words)) if head and words[i].text == words[0].text
                    and words[i].x0 >= words[i - 1].x1), 0)
        parts = [words[:cut], words[cut:]] if cut else [sg.words]
        if cut and sum(bool(US.search(" ".join(w.text for w in p))) for p in parts) != 1:
            parts = [sg.words]
        segs += [Segment(p) for p in parts]
    return Line(ln.page, ln.top, ln.bottom, segs) if len(segs) != len(ln.segments) else ln


def _unglued(words: list[Word]) -> list[Word]:
    """The first heading's last word run into the second heading's first ("Mosede StrandFor MedCom": a caption
    that overflows its cell up to the next column's edge, the gap under a space's width) parted where the
    heading's first word starts again with its capital after a small letter; its place shared out by letters."""
    first = words[0].text
    out: list[Word] = []
    for i, w in enumerate(words):
        n = len(first)
        if i and len(w.text) > n + 1 and w.text.endswith(first) and w.text[-n - 1].islower():
            at = w.x0 + (w.x1 - w.x0) * (len(w.text) - n) / len(w.text)
            out += [replace(w, text=w.text[:-n], x1=at), replace(w, text=first, x0=at)]
        else:
            out.append(w)
    return out


def _labels_apart(ln: Line) -> Line:
    """A value run together with the next column's label ("Titel: | Administrerende Titel:", the party's
    title and MedCom's label closer than a word gap): a cell that holds, after other words, a label the
    line already has in a cell of its own is two cells, cut where the label starts."""
    labels = {tuple(w.text for w in sg.words) for sg in ln.segments
              if len(sg.words) <= 4 and sg.text.endswith(":") and is_label(sg.text)}
    if not labels:
        return ln
    segs: list[Segment] = []
    for sg in ln.segments:
        texts = [w.text for w in sg.words]
        cut = next((i for i in range(1, len(texts)) for lab in labels if tuple(texts[i:i + len(lab)]) == lab), 0)
        segs += [Segment(sg.words[:cut]), Segment(sg.words[cut:])] if cut else [sg]
    return Line(ln.page, ln.top, ln.bottom, segs) if len(segs) != len(ln.segments) else ln


_FOR = re.compile(r"^(?:For|On\s+behalf\s+of|På\s+vegne\s+af)\s")


def join_wrapped(lines: list[Line], right: float) -> list[Line]:
    """The lines of one table column with a cell's wrapped text joined again: "Underskrift: Søren" over
    "Ærø" is one cell whose name did not fit ("Søren Ærø"), as a word processor wraps a narrow cell. A
    line is the rest of the one above only on positive evidence of a wrap: it sits right under it (the
    line pitch), starts at that cell's left edge (or its line's, where a tab set the value apart), is a
    few words in the same size that are no label and no date, under no whole date, and its first word
    would not have fitted on the line above:
    before `right` (the column's right edge, less what the cells' padding may take), or, where the rows
    of the column stand apart and this line does not (a row's padding missing), before the end of the
    column's widest line. Anything short of that stays a line of its own."""
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if b.page == a.page
                     and b.top > a.top)
    row_pitch = pitches[len(pitches) // 2] if pitches else 0.0
    # (a line running past the column's edge, a page footer under the block, is none of the column's)
    widest = max((ln.segments[-1].x1 for ln in lines if ln.segments[-1].x1 <= right + 10), default=right)
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and _wraps(prev, ln, right, widest, row_pitch):
            cell = prev.segments[-1]
            glue = "" if re.search(r"[-/]$", cell.text) and re.match(r"\d", ln.text) else None
            words = list(cell.words)
            for w in ln.segments[0].words:
                if glue is not None and words:  # "2027-01-" / "12": one token, as it was written
                    last = words[-1]
                    words[-1] = Word(last.text + w.text, last.x0, w.x1, last.top, max(last.bottom, w.bottom),
                                     last.source, last.run)
                    glue = None
                else:
                    words.append(w)
            out[-1] = Line(prev.page, prev.top, max(prev.bottom, ln.bottom), [*prev.segments[:-1], Segment(words)])
            continue
        out.append(ln)
    return out


_SLANT = re.compile(r"italic|oblique", re.I)


def _slanted(seg: Segment) -> bool:
    """Every word of the cell set in an italic or oblique face (as far as the page tells its faces)."""
    return bool(seg.words) and all(_SLANT.search(w.face) for w in seg.words)


def _wraps(prev: Line, ln: Line, right: float, widest: float, row_pitch: float) -> bool:
    """Is `ln` the wrapped rest of `prev`'s last cell? (see join_wrapped)"""
    if ln.page != prev.page or len(ln.segments) != 1:
        return False
    cell, rest = prev.segments[-1], ln.segments[0]
    if cell.text.rstrip().endswith(":"):
        return False  # a label with nothing after it: nothing of it wraps
    height = max(6.0, ln.bottom - ln.top)
    last = max(6.0, max(w.bottom - w.top for w in cell.words))
    if abs(height - last) > 0.15 * last:
        return False  # a wrap goes on in the same size; a name in a larger hand under a date is a signature
    if _slanted(rest) and not _slanted(cell):
        return False  # nor in another face: a name in italics under the block's upright heading is typed on its line
    if find_date(cell.text) and not re.fullmatch(r"\d{1,4}", rest.text.strip()):
        return False  # a date is whole ("14 November" / "2026" aside); what stands under it is another thing
    pitch = ln.top - (prev.bottom - height)  # from the last line of what `prev` holds now
    if not 0 < pitch <= 1.5 * height or min(abs(rest.x0 - cell.x0), abs(rest.x0 - prev.x0)) > 3:
        return False  # a wrap starts at the cell's left edge, or at its paragraph's ("Position: <tab> Chief …")
    text = rest.text.strip()
    if re.fullmatch(r"[_.…]{4,}", text.replace(" ", "")):
        return False  # a signature's rule typed as underscores (or dots) under a typed name: the rule, no wrap of it
    if re.search(r"(?<![\d.])\d{1,2}\.?$", cell.text) and re.fullmatch(rf"(?:{MONTH_RE})\.?,?\s+\d{{4}}", text, re.I) \
            and find_date(f"{cell.text} {text}"):
        return True  # a date broken after its day ("den 30." / "november 2026"): the day and month kept apart
    if len(rest.words) > 4 or len(text) > 40 or ":" in text or label_of(text) is not None or is_label(text) \
            or US.search(text) or find_date(text) or SIG_HEADING.match(text):
        return False
    reach = cell.x1 + 0.2 * height + (rest.words[0].x1 - rest.words[0].x0)
    return reach >= right or (pitch <= 0.75 * row_pitch and reach >= widest - 4)


def drawn_signature(content: PdfContent, section: list[Line], party_x: tuple[float, float] | None) -> bool:
    """A drawn signature (an image or a pen curve) in the party's block, not a frame or a logo."""
    pages = {ln.page for ln in section}
    for im in content.images:
        if im.page not in pages:
            continue
        x0, top, x1, bottom = im.bbox
        width = content.page_widths.get(im.page, 600.0)
        small = x1 - x0 < 30 or bottom - top < 2 if im.kind == "curve" else x1 - x0 < 15 or bottom - top < 8
        if small or x1 - x0 > 0.7 * width:
            continue
        lines = [ln for ln in section if ln.page == im.page]
        if not lines or bottom < lines[0].top - 5 or top > lines[-1].bottom + 40:
            continue
        if party_x is not None and not (party_x[0] - 30 <= (x0 + x1) / 2 <= party_x[1]):
            continue
        inside = [ln for ln in lines if ln.top >= top - 1 and ln.bottom <= bottom + 1]
        if im.kind == "curve" and (len(inside) >= 2 or bottom - top > 120):
            continue  # a frame around the block, not a signature
        return True
    return False


def under_rule(content: PdfContent, lines: list[Line]) -> set[tuple[int, int]]:
    """The cells printed right under a free-standing rule (a signature's line, with nothing drawn right under
    the cell, as a table's row would have): the rule's caption, the signer's printed name or title, never
    the signature, which stands on or above its rule. A cell in a hand's face (script, italic) or a
    conformed "/s/" is left for the signature's judgement."""
    out: set[tuple[int, int]] = set()
    for i, ln in enumerate(lines):
        rules = [r.bbox for r in content.rules if r.page == ln.page]
        if not rules:
            continue
        height = max(6.0, ln.bottom - ln.top)
        for j, sg in enumerate(ln.segments):
            if sg.text.lstrip().startswith("/") or any(_HAND.search(w.face) for w in sg.words):
                continue
            mid = (sg.x0 + min(sg.x1, sg.x0 + 40)) / 2

            def spans(r: tuple[float, float, float, float], mid: float = mid) -> bool:
                return r[0] - 2 <= mid <= r[2] + 2 and r[2] - r[0] >= 60

            above = any(spans(r) and 0 <= ln.top - r[3] <= 0.8 * height + 2 for r in rules)
            below = any(spans(r) and -2 <= r[1] - ln.bottom <= height for r in rules)
            if above and not below:
                out.add((i, j))
                if label_of(sg.text, ["signature"]) is not None:
                    out |= _printed_after_caption(lines, i, sg.x0)
    return out


def _printed_after_caption(lines: list[Line], i: int, x0: float) -> set[tuple[int, int]]:
    """The cells under a signature's caption that stands right under its rule ("Underskrift / Signature" over
    "Pernille Hjort" / "Direktør" / the date, LuaLaTeX): the signer's printed name, title and date, at the caption's
    left edge, line after line; a signature stands on or above its rule, never under the rule's caption."""
    out: set[tuple[int, int]] = set()
    prev = lines[i]
    for k in range(i + 1, min(i + 4, len(lines))):
        ln = lines[k]
        if ln.page != prev.page or ln.top - prev.bottom > 1.0 * max(6.0, ln.bottom - ln.top):
            break
        cells = [j for j, sg in enumerate(ln.segments) if abs(sg.x0 - x0) <= 3]
        if not cells or any(_HAND.search(w.face) for w in ln.segments[cells[0]].words):
            break
        out.add((k, cells[0]))
        prev = ln
    return out


_HAND = re.compile(r"italic|oblique|script|chancery|z003|cursive|hand", re.I)

def title_over_name(lines: list[Line]) -> tuple[int, str, str] | None:
    """(line, name, title) of a block that prints the title over the signature's rule and the name under it
    ("Kommunaldirektør" / signature / rule / "Sofie Holm"): a job title on a line of its own, then within three
    lines at its left edge a person's name in the print's face, only a signature (a hand's face) between. That
    name is printed, the signatory's, never a signature of it."""
    for k, ln in enumerate(lines):
        title = clean(ln.segments[0].text) or ""
        if len(ln.segments) != 1 or not job_title(title) or (looks_like_name(title) and not title_only(title)) \
                or title_and_name(title) or US.search(title):
            continue
        for i in range(k + 1, min(k + 4, len(lines))):
            nxt = lines[i]
            if nxt.page != ln.page or len(nxt.segments) != 1:
                break
            text = clean(nxt.segments[0].text) or ""
            if not looks_like_name(text) or job_title(text) or org_like(text) or US.search(text):
                break
            if all(_HAND.search(w.face) for w in nxt.segments[0].words):
                continue  # the signature, set anywhere over its rule
            if abs(nxt.segments[0].x0 - ln.segments[0].x0) > 4:
                break
            return i, text, title
    return None
