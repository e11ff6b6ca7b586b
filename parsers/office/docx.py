"""A Word (.docx) file as blocks for the page model: paragraphs, tables, content controls, form fields.

python-docx opens the package (its lxml parser resolves no entities; package.py refused any DTD
before). Its `paragraph.text` misses what parties fill in most: the text inside content controls
(w:sdt) and the state of check boxes, so the body's XML is walked here in document order:

- a content control showing its placeholder ("Klik eller tryk her for at skrive tekst") is empty;
- a check box (a content control's w14:checkbox, a legacy form field's w:checkBox, a Wingdings box
  symbol, a ☒/☐ character) becomes "[X]" or "[ ]", as the PDF reader writes a ticked box;
- a legacy text form field's value is the text of its result, which is ordinary text; a legacy drop-down
  (FORMDROPDOWN) has none, so its chosen entry (w:ddList's w:result) is written; a mail merge's field never
  merged («Navn») is empty;
- deleted text of tracked changes (w:delText) and text moved away (w:moveFrom) are not read, insertions
  are: what the party sees with the changes shown as they will stand; of markup-compatibility alternatives
  only the first choice is (the fallback repeats it); hidden text (w:vanish, by the run or its character
  style) is not read either: Word neither shows nor prints it (an old answer or a template's note kept hidden);
- a first page with a header of its own (w:titlePg) has it read atop the first page (the party's letterhead);
- an ActiveX form control (w:control; LibreOffice saves a Writer form's text fields so) keeps its answer in a
  binary part read by nothing here: counted, so the document is `uncertain` and the party is told nothing
  missing on its word;
- a page starts where Word starts one: a page break in the text (w:br w:type="page"), or a paragraph set
  to begin a page, by its own properties or its style's (w:pageBreakBefore, as LibreOffice and many house
  styles write it). A signing service's page after the agreement is told by being a page of its own.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from .layout import BOLD, Block, PageBreak, Paragraph, Table, blank_kept
from .remarks import Remark

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MAX_BLOCKS = 20_000

# Wingdings code points Word writes for box symbols (w:sym w:char)
_SYM_ON = {"F0FE", "F0FD", "FE", "FD", "F078", "F0FB"}
_SYM_OFF = {"F0A8", "A8", "F06F", "6F", "F071"}


@dataclass
class WordFile:
    blocks: list[Block]
    pictures: int = 0             # drawings and pictures (a pasted signature may be one)
    digitally_signed: bool = False  # the package carries an XML digital signature part
    notes: list[str] = field(default_factory=list)
    header: list[Block] = field(default_factory=list)  # the running header, printed atop every page
    footer: list[Block] = field(default_factory=list)  # the running footer, printed at every page's foot
    remarks: list[Remark] = field(default_factory=list)  # the comments (word/comments.xml), at their lines
    controls: int = 0  # ActiveX form controls (a Writer form saved as Word has its text fields so): answers unread
    revisions: int = 0  # tracked changes not yet accepted or rejected that touch text (insertions, deletions, moves)


def _revisions(body: Any) -> int:
    """The tracked changes in the body that touch text: the party has not decided which words stand, so the
    document as it will stand (insertions in, deletions out) is for staff to confirm. A paragraph mark or a run's
    formatting marked changed (an empty w:ins/w:del in w:rPr) changes no word."""
    tags = (f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo")
    return sum(1 for el in body.iter(*tags)
               if any((t.text or "").strip() for t in el.iter(f"{W}t", f"{W}delText")))


def _on(el: Any, name: str) -> bool | None:
    """A boolean child's value (<w:checked/> is on; w:val="0"/"false" is off); None when absent."""
    child = el.find(name)
    if child is None:
        return None
    val = child.get(f"{W}val", child.get(f"{W14}val"))
    return val is None or val.lower() not in ("0", "false", "off")



def _set(props: Any, prop: str, style: str, styled: frozenset[str]) -> bool:
    """A toggle of a paragraph's or run's properties (`props`: w:pPr, w:rPr) is on: set there, else by its style
    (`style`: w:pStyle, w:rStyle) being one of `styled`, the styles that set it (Word's order: own, then style)."""
    if props is None:
        return False
    own = _on(props, f"{W}{prop}")
    if own is not None:
        return own
    named = props.find(f"{W}{style}")
    return named is not None and named.get(f"{W}val") in styled

@dataclass
class _Field:
    """A complex field being read (w:fldChar begin ... separate ... end): its instruction and where in the
    paragraph's text its shown result starts."""
    instruction: str = ""
    result_at: int | None = None
    chosen_at: int | None = None  # where a drop-down's chosen entry was written (it has no result of its own)


_UNMERGED = re.compile(r"^\s*«[^«»]*»\s*$")  # a mail merge's field not yet merged shows «Its name»


class _Walker:
    def __init__(self, breaking: frozenset[str] = frozenset(), bold: frozenset[str] = frozenset(),
                 vanishing: frozenset[str] = frozenset()) -> None:
        self.pictures = 0
        self.controls = 0  # ActiveX form controls (w:control): their answers are in binary parts not read here
        self.vanishing = vanishing  # character styles whose text is hidden
        self.fields: list[_Field] = []
        self.breaking = breaking  # paragraph styles that begin a page
        self.bold = bold  # paragraph styles set in a bold face
        self.anchors: dict[str, str] = {}  # a comment's id -> the text of the paragraph it is anchored in

    def in_bold(self, p: Any) -> bool:
        """Every run of the paragraph with text is bold: by its own properties (w:b), else by its style's."""
        ppr = p.find(f"{W}pPr")
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        styled = style is not None and style.get(f"{W}val") in self.bold
        runs = [r for r in p.iter(f"{W}r") if any((t.text or "").strip() for t in r.iter(f"{W}t"))]
        if not runs:
            return False
        for r in runs:
            rpr = r.find(f"{W}rPr")
            own = _on(rpr, f"{W}b") if rpr is not None else None
            if not (own if own is not None else styled):
                return False
        return True

    def starts_page(self, p: Any) -> bool:
        """The paragraph is set to begin a page (w:pageBreakBefore), by its own properties or its style."""
        return _set(p.find(f"{W}pPr"), "pageBreakBefore", "pStyle", self.breaking)

    # ------------------------------------------------------------------ inline content of a paragraph
    def inline(self, el: Any, out: list[str]) -> None:
        """Text of a paragraph's content into out; "\n" is a line break, "\f" a page break."""
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag == f"{W}tab" or tag == f"{W}ptab":
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\f" if child.get(f"{W}type") == "page" else "\n")
            elif tag == f"{W}sym":
                code = (child.get(f"{W}char") or "").upper()
                out.append(" [X] " if code in _SYM_ON else " [ ] " if code in _SYM_OFF else "")
            elif tag == f"{W}fldChar":
                self.field_char(child, out)
            elif tag == f"{W}instrText":
                if self.fields:
                    self.fields[-1].instruction += child.text or ""
            elif tag == f"{W}sdt":
                self.sdt_inline(child, out)
            elif tag == f"{MC}AlternateContent":
                choice = child.find(f"{MC}Choice")
                if choice is not None:
                    self.inline(choice, out)
            elif tag in (f"{W}drawing", f"{W}pict", f"{W}object"):
                self.pictures += 1
                self.controls += sum(1 for _ in child.iter(f"{W}control"))
                for box in child.iter(f"{W}txbxContent"):  # a text box's paragraphs, as cells of this line
                    for p in box.iter(f"{W}p"):
                        out.append("\t")
                        self.inline(p, out)
            elif tag in (f"{W}delText", f"{W}del", f"{W}moveFrom", f"{W}rPr", f"{W}pPr", f"{W}sdtPr"):
                continue  # tracked deletions and text moved away: not what the party's document shows
            elif tag == f"{W}r" and self.hidden(child):
                continue  # hidden text (w:vanish): neither shown nor printed, so never the party's answer
            elif tag == f"{W}fldSimple":
                self.simple_field(child, out)
            else:  # runs, hyperlinks, smart tags, insertions, fields' results: their text, in order
                self.inline(child, out)

    def hidden(self, r: Any) -> bool:
        """The run is hidden text (w:vanish), by its own properties or its character style."""
        return _set(r.find(f"{W}rPr"), "vanish", "rStyle", self.vanishing)

    def simple_field(self, fld: Any, out: list[str]) -> None:
        """A simple field (w:fldSimple): its shown result, except a mail merge's never merged («Navn»)."""
        shown: list[str] = []
        self.inline(fld, shown)
        if not ((fld.get(f"{W}instr") or "").strip().upper().startswith("MERGEFIELD")
                and _UNMERGED.match("".join(shown))):
            out.extend(shown)

    def field_char(self, char: Any, out: list[str]) -> None:
        """A field's begin, separate or end: a legacy check box's state and a legacy drop-down's chosen entry
        (neither has a result of its own), and a mail merge's field left unmerged («Navn») read as empty."""
        kind = char.get(f"{W}fldCharType")
        if kind == "begin":
            f = _Field()
            self.fields.append(f)
            box = char.find(f"{W}ffData/{W}checkBox")
            if box is not None:
                checked = _on(box, f"{W}checked")
                if checked is None:
                    checked = bool(_on(box, f"{W}default"))
                out.append(" [X] " if checked else " [ ] ")
            listing = char.find(f"{W}ffData/{W}ddList")
            if listing is not None:
                entries = [e.get(f"{W}val") or "" for e in listing.findall(f"{W}listEntry")]
                at = listing.find(f"{W}result")
                if at is None:
                    at = listing.find(f"{W}default")
                try:
                    k = int(at.get(f"{W}val") or 0) if at is not None else 0
                except ValueError:
                    k = 0
                if 0 <= k < len(entries):
                    f.chosen_at = len(out)
                    out.append(entries[k])
        elif kind == "separate" and self.fields:
            self.fields[-1].result_at = len(out)
        elif kind == "end" and self.fields:
            f = self.fields.pop()
            if f.result_at is None or f.result_at > len(out):
                return
            shown = "".join(out[f.result_at:])
            if f.chosen_at is not None and shown.strip():
                del out[f.chosen_at]  # a drop-down that did write its result: the result is what shows
            elif f.instruction.strip().upper().startswith("MERGEFIELD") and _UNMERGED.match(shown):
                del out[f.result_at:]

    def sdt_inline(self, sdt: Any, out: list[str]) -> None:
        pr = sdt.find(f"{W}sdtPr")
        content = sdt.find(f"{W}sdtContent")
        if pr is not None:
            box = pr.find(f"{W14}checkbox")
            if box is not None:
                out.append(" [X] " if _on(box, f"{W14}checked") else " [ ] ")
                return
            if pr.find(f"{W}showingPlcHdr") is not None:
                return  # the control still shows its prompt: nothing was filled in
        if content is not None:
            self.inline(content, out)

    # ------------------------------------------------------------------ blocks
    def paragraph(self, p: Any) -> list[Block]:
        parts: list[str] = []
        self.fields = []  # a field left open by a damaged paragraph does not reach into the next
        self.inline(p, parts)
        text = "".join(parts)
        for mark in (*p.iter(f"{W}commentRangeStart"), *p.iter(f"{W}commentReference")):
            self.anchors.setdefault(mark.get(f"{W}id") or "", " ".join(text.replace("\t", " ").split()))
        blocks: list[Block] = [PageBreak()] if self.starts_page(p) else []
        bold = self.in_bold(p)
        for n, page in enumerate(text.split("\f")):
            if n:
                blocks.append(PageBreak())
            for line in page.split("\n"):
                cells = [c.strip() for c in line.split("\t")]
                if any(cells):
                    blocks.append(Paragraph(cells, bold))
        if not text.strip():
            blocks.append(Paragraph([]))  # an empty paragraph: space (a cell keeps it between its lines: blank_kept)
        return blocks

    def cell_paragraphs(self, tc: Any) -> list[str]:
        out: list[str] = []
        blocks = self.blocks(tc)
        for b in blocks:
            if isinstance(b, Paragraph):
                # its own cells (a tab): kept apart in the layout; a bold one marked so
                out.append((BOLD if b.bold else "") + "\t".join(c for c in b.cells if c))
            elif isinstance(b, Table):  # a table inside a cell: its rows as lines of the cell
                out.extend("\t".join(" ".join(q.removeprefix(BOLD) for q in p) for p in row) for row in b.rows)
        kept = blank_kept(out)
        if kept and len(blocks) > 1 and isinstance(blocks[0], Paragraph) and not blocks[0].cells \
                and isinstance(blocks[1], Table):
            # an empty paragraph over a table set in the cell (python-docx's cell.add_table, Word's nested table
            # under the cell's first line) is printed as a line: the table starts under the row's first line, so
            # a role beside it ("Aftaleansvarlig") heads its rows as in the PDF, not run into the first of them
            kept.insert(0, "")
        return kept

    def table(self, tbl: Any) -> Table:
        rows: list[list[list[str]]] = []
        for tr in _children(tbl, f"{W}tr"):
            rows.append([self.cell_paragraphs(tc) for tc in _children(tr, f"{W}tc")])
        return Table(rows)

    def blocks(self, parent: Any) -> list[Block]:
        out: list[Block] = []
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                out.extend(self.paragraph(child))
            elif tag == f"{W}tbl":
                out.append(self.table(child))
            elif tag == f"{W}sdt":  # a block-level content control: its paragraphs and tables
                pr = child.find(f"{W}sdtPr")
                if pr is not None and pr.find(f"{W}showingPlcHdr") is not None:
                    continue
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag in (f"{W}customXml", f"{W}ins", f"{W}smartTag"):
                out.extend(self.blocks(child))
            elif tag == f"{MC}AlternateContent":
                choice = child.find(f"{MC}Choice")
                if choice is not None:
                    out.extend(self.blocks(choice))
            if len(out) > MAX_BLOCKS:
                break
        return out


def _children(el: Any, tag: str) -> list[Any]:
    """Rows of a table or cells of a row, also where a content control or a custom XML element wraps them."""
    out: list[Any] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                out.extend(_children(inner, tag))
    return out


def _breaking_styles(document: Any, part: str = "pPr", prop: str = "pageBreakBefore",
                     kind: str = "paragraph") -> frozenset[str]:
    """The ids of the paragraph styles that begin a page (or whose `part` sets `prop` on: "rPr", "b" for the
    bold ones; of `kind` "character": "rPr", "vanish" for the hidden ones), their own setting or the one they are
    based on."""
    try:
        root = document.styles.element
    except Exception:  # noqa: BLE001 - a file without a styles part: no style begins a page
        return frozenset()
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    for st in root.iter(f"{W}style"):
        sid = st.get(f"{W}styleId")
        if not sid or st.get(f"{W}type") != kind:
            continue
        ppr = st.find(f"{W}{part}")
        own[sid] = _on(ppr, f"{W}{prop}") if ppr is not None else None
        parent = st.find(f"{W}basedOn")
        if parent is not None and parent.get(f"{W}val"):
            based[sid] = str(parent.get(f"{W}val"))

    def breaks(sid: str) -> bool:
        for _ in range(20):  # a chain of styles based on each other; a loop in a hostile file ends here
            if own.get(sid) is not None:
                return bool(own[sid])
            if sid not in based:
                return False
            sid = based[sid]
        return False

    return frozenset(sid for sid in own if breaks(sid))


def read_docx(data: bytes, names: list[str]) -> WordFile:
    """The blocks of a Word file whose package was checked (package.open_package)."""
    import docx  # local: only a mail with a Word file pays for importing it

    document = docx.Document(io.BytesIO(data))
    walker = _Walker(_breaking_styles(document), _breaking_styles(document, "rPr", "b"),
                     _breaking_styles(document, "rPr", "vanish", "character"))
    blocks: list[Block] = []
    running: dict[str, list[Block]] = {"header": [], "footer": []}
    for part in running:  # the first section's header and footer: on every page, as the PDF of the file has them
        try:
            own = getattr(document.sections[0], part)
            if not own.is_linked_to_previous:
                running[part] = [b for b in walker.blocks(own._element) if isinstance(b, Paragraph) and b.cells]
        except Exception:  # noqa: BLE001 - a file without a usable header or footer: the body is what matters
            pass
    try:  # a first page with a header of its own (w:titlePg): what it says stands atop the first page only
        first = document.sections[0]
        if first.different_first_page_header_footer and not first.first_page_header.is_linked_to_previous:
            blocks.extend(b for b in walker.blocks(first.first_page_header._element)
                          if isinstance(b, Paragraph) and b.cells)
    except Exception:  # noqa: BLE001 - a file without a usable first-page header: the body is what matters
        pass
    blocks.extend(walker.blocks(document.element.body))
    signed = any(n.startswith("_xmlsignatures/") and n.endswith(".xml") for n in names)
    remarks = _comments(data, walker.anchors) if "word/comments.xml" in names else []
    return WordFile(blocks, walker.pictures, signed, header=running["header"], footer=running["footer"],
                    remarks=remarks, controls=walker.controls, revisions=_revisions(document.element.body))


def _comments(data: bytes, anchors: dict[str, str]) -> list[Remark]:
    """The file's comments (word/comments.xml, in a package package.py checked), each with its author and the
    paragraph it is anchored in; a damaged comments part is read as none (the body is what matters)."""
    import zipfile

    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ElementTree.fromstring(z.read("word/comments.xml"), forbid_dtd=True)
    except Exception:  # noqa: BLE001 - a damaged comments part: the comments are not read, the body is
        return []
    out: list[Remark] = []
    walker = _Walker()
    for c in root.iter(f"{W}comment"):
        lines: list[str] = []
        for p in c.iter(f"{W}p"):
            parts: list[str] = []
            walker.inline(p, parts)
            lines.append(" ".join("".join(parts).split()))
        out.append(Remark(" ".join(x for x in lines if x), anchors.get(c.get(f"{W}id") or "", ""),
                          c.get(f"{W}author") or ""))
    return out
