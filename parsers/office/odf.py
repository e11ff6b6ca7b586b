"""An OpenDocument text (.odt) or spreadsheet (.ods) as blocks for the page model.

content.xml is parsed with defusedxml (no DTD, no entities, no external references) and walked in
document order: paragraphs and headings, lists, sections, tables (a spreadsheet is tables), text
boxes in frames, and check boxes (a form's: its state in office:forms, its place a draw:control; a
Word legacy check box LibreOffice kept as a field:fieldmark); a form's text fields, combo and list boxes
show their current value where their draw:control stands (a Writer form's answers are in no paragraph).
Repeated rows and columns (a spreadsheet's empty tail is "1,048,000 rows like this") are bounded. A
spreadsheet's sheets are read as an .xlsx's are (xlsx.sheet_table), hidden sheets, rows and columns left out
and a form control's check box in the cell it is anchored to.
A page starts where LibreOffice starts one: before a paragraph whose style (its own automatic style, or the
named style in styles.xml it derives from) breaks the page before it (fo:break-before="page"), and after
one that breaks it after; so a signing service's page after the agreement is a page of its own. The page
style's header and footer (styles.xml) stand atop and at the foot of every page, as printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .layout import BOLD, Block, PageBreak, Paragraph, Table, blank_kept
from .remarks import Remark
from .sheet_parts import Control, place

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
FORM = "{urn:oasis:names:tc:opendocument:xmlns:form:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
_LEVEL = 6.0  # points: text boxes whose tops are this close stand on one level of a slide
FIELD = "{urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
MAX_ROWS = 2_000
MAX_COLUMNS = 40
MAX_REPEAT = 3        # a repeated row or cell with content is laid out at most this often
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
ROW_H = 0.1778 * 72   # LibreOffice Calc's default row height and column width, in points
COLUMN_W = 0.889 * 72


@dataclass
class OdfFile:
    blocks: list[Block]
    pictures: int = 0
    header: list[Paragraph] = field(default_factory=list)  # the first page style's, printed atop every page
    footer: list[Paragraph] = field(default_factory=list)  # and at every page's foot
    remarks: list[Remark] = field(default_factory=list)  # the comments (office:annotation), at their lines


class _Walker:
    def __init__(self, boxes: dict[str, tuple[bool, str]],
                 breaks: dict[str, tuple[bool, bool]] | None = None, bold: frozenset[str] = frozenset()) -> None:
        self.boxes = boxes
        self.typed: dict[str, str] = {}  # a form's text, list and number controls by id: what each shows
        self.pictures = 0
        self.breaks = breaks or {}  # paragraph style -> (page break before, page break after)
        self.bold = bold  # paragraph styles set in a bold face
        self.hidden: frozenset[str] = frozenset()  # paragraph and text styles whose text is hidden
        self.bold_cells: frozenset[str] = frozenset()  # a spreadsheet's cell styles set in a bold face
        self.hidden_tables: frozenset[str] = frozenset()  # table styles that do not display their sheet
        self.row_heights: dict[str, float] = {}  # row style -> height in points
        self.column_widths: dict[str, float] = {}  # column style -> width in points
        self.remarks: list[Remark] = []  # comments, anchored at the paragraph or cell they stand in

    def annotation(self, el: Any) -> None:
        """A comment: its own paragraphs' text and author, kept apart from the text it stands in."""
        lines: list[str] = []
        for p in el.iter(f"{TEXT}p"):
            parts: list[str] = []
            self.inline(p, parts)
            lines.append(" ".join("".join(parts).split()))
        author = el.find(f"{DC}creator")
        self.remarks.append(Remark(" ".join(x for x in lines if x), "",
                                   (author.text or "") if author is not None else ""))

    def inline(self, el: Any, out: list[str]) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            tag = child.tag
            if tag == f"{TEXT}s":
                out.append(" " * min(int(child.get(f"{TEXT}c", "1") or 1), 50))
            elif tag == f"{TEXT}tab":
                out.append("\t")
            elif tag == f"{TEXT}line-break":
                out.append("\n")
            elif tag == f"{OFFICE}annotation":
                self.annotation(child)  # a comment: not the paragraph's text, kept for staff (remarks.py)
            elif tag in (f"{TEXT}note", f"{TEXT}tracked-changes"):
                pass
            elif (child.get(f"{TEXT}style-name") or "") in self.hidden or (
                    tag == f"{TEXT}hidden-text" and (child.get(f"{TEXT}is-hidden") or "true") == "true"):
                pass  # hidden text (a style with text:display="none"): neither shown nor printed, never an answer
            elif tag == f"{FIELD}fieldmark" and "CHECKBOX" in (child.get(f"{FIELD}type") or "").upper():
                # a Word legacy check box as LibreOffice keeps it: checked when its parameter says so
                on = any(p.get(f"{FIELD}name") == "Checkbox_Checked" and (p.get(f"{FIELD}value") or "") == "true"
                         for p in child.iter(f"{FIELD}param"))
                out.append(" [X] " if on else " [ ] ")
            elif tag == f"{DRAW}control":
                state = self.boxes.get(child.get(f"{DRAW}control", ""))
                if state is not None:
                    out.append(f" {'[X]' if state[0] else '[ ]'} {state[1]} ")
                typed = self.typed.get(child.get(f"{DRAW}control", ""))
                if typed:
                    out.append(f"\t{typed}\t")  # a field drawn apart from its label: a cell of its own
            elif tag == f"{DRAW}frame":
                if child.find(f"{DRAW}image") is not None:
                    self.pictures += 1
                for box in child.iter(f"{DRAW}text-box"):
                    for p in box.iter(f"{TEXT}p"):
                        out.append("\t")
                        self.inline(p, out)
            else:
                self.inline(child, out)
            if child.tail:
                out.append(child.tail)

    def paragraph(self, p: Any) -> list[Block]:
        if (p.get(f"{TEXT}style-name") or "") in self.hidden:
            return []  # a hidden paragraph: not shown, not printed
        parts: list[str] = []
        before_remarks = len(self.remarks)
        self.inline(p, parts)
        self.anchor(before_remarks, "".join(parts))
        style = p.get(f"{TEXT}style-name") or ""
        before, after = self.breaks.get(style, (False, False))
        out: list[Block] = [PageBreak()] if before else []
        for line in "".join(parts).split("\n"):
            cells = [c.strip() for c in line.split("\t")]
            if any(cells):
                out.append(Paragraph(cells, style in self.bold))
        if not "".join(parts).strip():
            out.append(Paragraph([]))  # an empty paragraph: space (a cell keeps it between its lines: blank_kept)
        return [*out, PageBreak()] if after else out

    def cell(self, tc: Any) -> list[str]:
        if tc.get(f"{OFFICE}value-type") == "boolean":
            return ["[X]" if (tc.get(f"{OFFICE}boolean-value") or "").lower() == "true" else "[ ]"]
        out: list[str] = []
        before_remarks = len(self.remarks)
        for note in tc.findall(f"{OFFICE}annotation"):  # a spreadsheet cell's comment
            self.annotation(note)
        for b in self.blocks(tc):
            if isinstance(b, Paragraph):
                # its own cells (a tab): kept apart in the layout; a bold one marked so
                out.append((BOLD if b.bold else "") + "\t".join(c for c in b.cells if c))
            elif isinstance(b, Table):
                out.extend("\t".join(" ".join(q.removeprefix(BOLD) for q in p) for p in row) for row in b.rows)
        self.anchor(before_remarks, " ".join(x.removeprefix(BOLD) for x in out))
        return blank_kept(out)

    def anchor(self, since: int, text: str) -> None:
        """The comments found since `since` that have no line yet stand at `text`."""
        for r in self.remarks[since:]:
            if not r.anchor:
                r.anchor = " ".join(text.replace("\t", " ").split())

    def rows(self, el: Any, out: list[list[list[str]]]) -> None:
        for child in el:
            if len(out) >= MAX_ROWS:
                return
            if child.tag == f"{TABLE}table-row":
                cells: list[list[str]] = []
                for tc in child:
                    if tc.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                        continue
                    text = self.cell(tc)
                    repeat = int(tc.get(f"{TABLE}number-columns-repeated", "1") or 1)
                    cells.extend([text] * min(repeat, MAX_REPEAT if text else MAX_COLUMNS))
                    if len(cells) >= MAX_COLUMNS:
                        break
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    repeat = int(child.get(f"{TABLE}number-rows-repeated", "1") or 1)
                    out.extend([cells] * min(repeat, MAX_REPEAT))
            elif child.tag in (f"{TABLE}table-header-rows", f"{TABLE}table-rows", f"{TABLE}table-row-group"):
                self.rows(child, out)

    def sheet(self, table: Any) -> Table | None:
        """A spreadsheet's table as an .xlsx sheet is read (xlsx.sheet_table): its cells' texts, a form control's
        check box in the cell it is anchored to, and nothing hidden (a sheet whose style does not display it,
        collapsed rows and columns: the template's lists and helpers the party never saw)."""
        from .xlsx import sheet_table

        if table.get(f"{TABLE}style-name") in self.hidden_tables:
            return None
        hidden_columns: set[int] = set()
        k = 0
        for col in table.iter(f"{TABLE}table-column"):
            n = min(int(col.get(f"{TABLE}number-columns-repeated", "1") or 1), MAX_COLUMNS + 1)
            if col.get(f"{TABLE}visibility") in ("collapse", "filter"):
                hidden_columns |= set(range(k, k + n))
            k += n
            if k > MAX_COLUMNS:
                break
        drawn = self.drawn_controls(table)
        plain: list[list[str]] = []
        bold: set[str] = set()  # the texts of bold cells (headings, as the sheet prints them)
        at: list[int] = []  # each row of plain: its row in the sheet (hidden and repeated rows counted)
        for n, row in self.sheet_rows(table, {r for _, r, _ in drawn}):
            at.append(n)
            cells: list[str] = []
            for tc in row:
                if tc.tag not in (f"{TABLE}table-cell", f"{TABLE}covered-table-cell"):
                    continue
                paragraphs = self.cell(tc)
                text = "\n".join(p.removeprefix(BOLD) for p in paragraphs)
                if text and (tc.get(f"{TABLE}style-name") in self.bold_cells
                             or all(p.startswith(BOLD) for p in paragraphs)):
                    bold.add(text)
                for ctl in tc.iter(f"{DRAW}control"):  # a form control anchored to the cell
                    state = self.boxes.get(ctl.get(f"{DRAW}control", ""))
                    if state is not None:
                        text = " ".join(x for x in ("[X]" if state[0] else "[ ]", state[1], text) if x)
                repeat = int(tc.get(f"{TABLE}number-columns-repeated", "1") or 1)
                cells.extend([text] * min(repeat, MAX_REPEAT if text else MAX_COLUMNS))
                if len(cells) >= MAX_COLUMNS:
                    break
            plain.append(cells)
            if len(plain) >= MAX_ROWS:
                break
        # the check boxes drawn over the sheet (table:shapes, placed by position): over the cells they stand on
        controls = []
        for ctl, row_n, col_n in drawn:
            state = self.boxes.get(ctl.get(f"{DRAW}control", ""))
            if state is not None and row_n in at and col_n not in hidden_columns:
                controls.append(Control(at.index(row_n), col_n, state[1], state[0]))
        place(plain, controls)
        plain = [[c for j, c in enumerate(r) if j not in hidden_columns] for r in plain]
        return sheet_table(table.get(f"{TABLE}name") or "", plain, bold)

    def drawn_controls(self, table: Any) -> list[tuple[Any, int, int]]:
        """The form controls drawn over a sheet (its table:shapes), each with the row under its middle and the
        column under its left edge, from the rows' heights and the columns' widths (their styles; LibreOffice's
        defaults where none is set)."""
        shapes = table.find(f"{TABLE}shapes")
        if shapes is None:
            return []
        drawn = [c for c in shapes.iter(f"{DRAW}control")][:500]
        if not drawn:
            return []
        heights: list[tuple[int, float]] = []  # (rows repeated, height in points), in order
        for row in self.all_rows(table):
            n = int(row.get(f"{TABLE}number-rows-repeated", "1") or 1)
            heights.append((n, self.row_heights.get(row.get(f"{TABLE}style-name") or "", ROW_H)))
        widths: list[tuple[int, float]] = []
        for col in table.iter(f"{TABLE}table-column"):
            n = int(col.get(f"{TABLE}number-columns-repeated", "1") or 1)
            widths.append((n, self.column_widths.get(col.get(f"{TABLE}style-name") or "", COLUMN_W)))

        def index(pos: float, spans: list[tuple[int, float]], default: float) -> int:
            k, edge = 0, 0.0
            for n, size in spans:
                size = size if size > 0 else default
                if pos < edge + n * size:
                    return k + int((pos - edge) // size)
                k, edge = k + n, edge + n * size
            return k + int((pos - edge) // default)

        out = []
        for c in drawn:
            x, y = _points(c.get(f"{SVG}x")), _points(c.get(f"{SVG}y"))
            h = _points(c.get(f"{SVG}height"))
            if x is None or y is None:
                continue
            out.append((c, index(y + (h or 0) / 2, heights, ROW_H), index(x + 1, widths, COLUMN_W)))
        return out

    def all_rows(self, el: Any) -> Any:
        for child in el:
            if child.tag == f"{TABLE}table-row":
                yield child
            elif child.tag in (f"{TABLE}table-header-rows", f"{TABLE}table-rows", f"{TABLE}table-row-group"):
                yield from self.all_rows(child)

    def sheet_rows(self, el: Any, wanted: set[int]) -> Any:
        """A spreadsheet table's visible rows in order, each with its row number in the sheet (a repeated row
        given a few times, up to a bound, its repeats counted; a repeat a control stands on (`wanted`) always)."""
        n = 0
        for row in self.all_rows(el):
            repeat = int(row.get(f"{TABLE}number-rows-repeated", "1") or 1)
            if row.get(f"{TABLE}visibility") not in ("collapse", "filter"):
                filled = any(True for tc in row if tc.get(f"{OFFICE}value-type") or len(tc))
                bound = MAX_REPEAT if filled else 2
                for k in sorted({*range(min(repeat, bound)), *(w - n for w in wanted if n <= w < n + repeat)}):
                    yield n + k, row
            n += repeat

    def blocks(self, parent: Any) -> list[Block]:
        out: list[Block] = []
        for child in parent:
            tag = child.tag
            if tag in (f"{TEXT}p", f"{TEXT}h"):
                out.extend(self.paragraph(child))
            elif tag == f"{TABLE}table" and parent.tag == f"{OFFICE}spreadsheet":
                sheet = self.sheet(child)
                if sheet is not None:
                    if out:
                        out.append(PageBreak())  # each sheet its own page
                    out.append(sheet)
            elif tag == f"{TABLE}table":
                rows: list[list[list[str]]] = []
                self.rows(child, rows)
                out.append(Table(rows))
            elif tag in (f"{TEXT}list", f"{TEXT}list-item", f"{TEXT}list-header", f"{TEXT}section",
                         f"{OFFICE}text", f"{OFFICE}spreadsheet"):
                out.extend(self.blocks(child))
            elif tag == f"{OFFICE}presentation":
                out.extend(self.slides(child))
        return out

    def slides(self, presentation: Any) -> list[Block]:
        """An Impress presentation: each slide a page, its text boxes by where they stand. Boxes whose tops are level
        are a row of a table (a label in one box and its answer in the one beside it, as a form set as slides has
        them), a box alone on its level is lines of text. The speaker's notes are not the slide's."""
        out: list[Block] = []
        for n, page in enumerate(presentation.iter(f"{DRAW}page")):
            if n:
                out.append(PageBreak())
            boxes: list[tuple[float, float, list[str]]] = []
            self.shapes(page, boxes)
            boxes.sort(key=lambda b: (b[0], b[1]))
            rows: list[list[list[str]]] = []
            level: list[tuple[float, float, list[str]]] = []
            for box in [*boxes, (float("inf"), 0.0, [])]:
                if level and box[0] - level[0][0] <= _LEVEL:
                    level.append(box)
                    continue
                if len(level) > 1:
                    rows.append([b[2] for b in sorted(level, key=lambda b: b[1])])
                elif level:
                    if rows:
                        out.append(Table(rows))
                        rows = []
                    out.extend(Paragraph(line.split("\t")) for line in level[0][2])
                level = [box]
            if rows:
                out.append(Table(rows))
            if len(out) > MAX_ROWS:
                break
        return out

    def shapes(self, el: Any, into: list[tuple[float, float, list[str]]]) -> None:
        """The text boxes under `el` (frames and shapes, in groups too) as (top, left, lines), notes left out."""
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == f"{PRESENTATION}notes":
                continue
            y, x = _points(child.get(f"{SVG}y")), _points(child.get(f"{SVG}x"))
            if tag in (f"{DRAW}frame", f"{DRAW}custom-shape", f"{DRAW}rect") and y is not None and x is not None:
                lines: list[str] = []
                for p in child.iter(f"{TEXT}p"):
                    for b in self.paragraph(p):
                        if isinstance(b, Paragraph) and b.cells:
                            lines.append("\t".join(c for c in b.cells if c))
                if lines:
                    into.append((y, x, lines))
            else:
                self.shapes(child, into)


_UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}


def _points(length: str | None) -> float | None:
    """An ODF length ("0.1776in", "0.452cm") in points, else None."""
    m = re.match(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|in|cm|mm|pc|px)\s*$", length or "")
    return float(m[1]) * _UNITS[m[2]] if m else None


def _boxes(root: Any) -> dict[str, tuple[bool, str]]:
    """Form check boxes by control id: (checked, label)."""
    out: dict[str, tuple[bool, str]] = {}
    for box in root.iter(f"{FORM}checkbox"):
        key = box.get(f"{FORM}id") or box.get(XML_ID) or ""
        state = (box.get(f"{FORM}current-state") or box.get(f"{FORM}state") or "").lower()
        out[key] = (state == "checked", box.get(f"{FORM}label") or "")
    return out


_TYPED = ("text", "textarea", "formatted-text", "number", "date", "time", "combobox")


def _typed(root: Any) -> dict[str, str]:
    """What a form's typing controls show, by control id: a text field's (and a combo box's) current value, a
    list box's selected entries. A form filled in Writer keeps its answers there, in no paragraph's text."""
    out: dict[str, str] = {}
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag.startswith(FORM):
            continue
        kind = tag[len(FORM):]
        if kind in _TYPED:
            value = el.get(f"{FORM}current-value")
            if value is None:
                value = el.get(f"{FORM}value")
        elif kind == "listbox":
            chosen = [o for o in el.iter(f"{FORM}option") if (o.get(f"{FORM}current-selected") or
                                                              o.get(f"{FORM}selected") or "") == "true"]
            value = ", ".join(o.get(f"{FORM}label") or o.get(f"{FORM}value") or "" for o in chosen)
        else:
            continue
        key = el.get(f"{FORM}id") or el.get(XML_ID) or ""
        if key and value and value.strip():
            out[key] = " ".join(value.split())
    return out


def _style_props(roots: list[Any], part: str, keys: tuple[str, ...], family: str = "paragraph"
                 ) -> tuple[dict[str, tuple[str | None, ...]], dict[str, str]]:
    """Each paragraph (or `family`) style's own values of `keys` in its `part` ("text-properties"...; None where
    unset), and the style it derives from; content.xml's automatic styles and styles.xml's named ones alike."""
    own: dict[str, tuple[str | None, ...]] = {}
    parent: dict[str, str] = {}
    for root in roots:
        for st in root.iter(f"{STYLE}style"):
            name = st.get(f"{STYLE}name")
            if not name or st.get(f"{STYLE}family") != family:
                continue
            props = st.find(f"{STYLE}{part}")
            own[name] = tuple(props.get(k) if props is not None else None for k in keys)
            if st.get(f"{STYLE}parent-style-name"):
                parent[name] = str(st.get(f"{STYLE}parent-style-name"))
    return own, parent


def _inherited(name: str, k: int, own: dict[str, tuple[str | None, ...]], parent: dict[str, str]) -> str | None:
    """The style's value `k`: its own, else its parent's, up the chain."""
    for _ in range(20):  # a chain of parents; a loop in a hostile file ends here
        value = own[name][k] if name in own else None
        if value is not None:
            return value
        if name not in parent:
            return None
        name = parent[name]
    return None


def _hidden_styles(roots: list[Any]) -> frozenset[str]:
    """Paragraph and text styles whose text is hidden (text:display="none", LibreOffice's hidden character
    format), their own setting or their parent's."""
    out: set[str] = set()
    for family in ("paragraph", "text"):
        own, parent = _style_props(roots, "text-properties", (f"{TEXT}display",), family)
        out |= {n for n in {*own, *parent} if _inherited(n, 0, own, parent) == "none"}
    return frozenset(out)


def _bold_styles(roots: list[Any], family: str = "paragraph") -> frozenset[str]:
    """Paragraph (or `family`: a spreadsheet's "table-cell") styles whose text is set bold (fo:font-weight), their
    own setting or their parent's."""
    own, parent = _style_props(roots, "text-properties", (f"{FO}font-weight",), family)
    return frozenset(n for n in {*own, *parent}
                     if _inherited(n, 0, own, parent) in ("bold", "600", "700", "800", "900"))


def _page_breaks(roots: list[Any]) -> dict[str, tuple[bool, bool]]:
    """Paragraph styles that break the page (before, after), their own setting or their parent's."""
    own, parent = _style_props(roots, "paragraph-properties", (f"{FO}break-before", f"{FO}break-after"))
    breaks = {n: (_inherited(n, 0, own, parent) == "page", _inherited(n, 1, own, parent) == "page") for n in own}
    return {n: b for n, b in breaks.items() if any(b)}


def read_odf(content_xml: bytes, styles_xml: bytes | None = None) -> OdfFile:
    """The blocks of an ODF file's content.xml (from a package checked by package.open_package); its
    styles.xml gives the named styles that break pages."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(content_xml, forbid_dtd=True)
    body = root.find(f"{OFFICE}body")
    if body is None:
        return OdfFile([])
    roots = [root]
    if styles_xml:
        try:
            roots.insert(0, ElementTree.fromstring(styles_xml, forbid_dtd=True))
        except Exception:  # noqa: BLE001 - damaged styles: the text is read without its page breaks
            pass
    walker = _Walker(_boxes(root), _page_breaks(roots), _bold_styles(roots))
    walker.typed = _typed(root)
    walker.bold_cells = _bold_styles(roots, "table-cell")
    walker.hidden = _hidden_styles(roots)
    for r in roots:
        for st in r.iter(f"{STYLE}style"):
            for props, key, into in ((f"{STYLE}table-row-properties", f"{STYLE}row-height", walker.row_heights),
                                     (f"{STYLE}table-column-properties", f"{STYLE}column-width",
                                      walker.column_widths)):
                el = st.find(props)
                size = _points(el.get(key)) if el is not None else None
                if size is not None and st.get(f"{STYLE}name"):
                    into[str(st.get(f"{STYLE}name"))] = size
    walker.hidden_tables = frozenset(
        str(st.get(f"{STYLE}name")) for r in roots for st in r.iter(f"{STYLE}style")
        if st.get(f"{STYLE}family") == "table" and any(
            (tp.get(f"{TABLE}display") or "").lower() == "false" for tp in st.iter(f"{STYLE}table-properties")))
    blocks = walker.blocks(body)
    running = _running(walker, roots[0]) if len(roots) > 1 else {}
    return OdfFile(blocks, walker.pictures, header=running.get("header", []), footer=running.get("footer", []),
                   remarks=walker.remarks)


def _running(walker: _Walker, styles: Any) -> dict[str, list[Paragraph]]:
    """The header and footer of the page style the text opens with (styles.xml's first master page, LibreOffice's
    "Standard"/"Default Page Style"), as paragraphs."""
    page = next(styles.iter(f"{STYLE}master-page"), None)
    out: dict[str, list[Paragraph]] = {}
    for part in ("header", "footer"):
        el = page.find(f"{STYLE}{part}") if page is not None else None
        if el is not None:
            out[part] = [b for b in walker.blocks(el) if isinstance(b, Paragraph) and b.cells]
    return out
