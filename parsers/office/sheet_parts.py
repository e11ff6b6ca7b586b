"""What a workbook shows beyond its cells' values, read from its package's parts (openpyxl keeps none of it):

- check boxes and option buttons drawn as form controls (Excel's Developer tab, the way a clerk's form offers
  "Kommune / Region / Privat praksis"): each sits over a cell, with its own label or beside one, ticked or not.
  Every Excel since 2007 describes them in the sheet's VML drawing (`x:ClientData ObjectType="Checkbox"`, its
  `x:Anchor` in cells, `x:Checked`), and Excel 2010 on also in `xl/ctrlProps` (`checked="Checked"`), which is
  the state when both are there; a box linked to a cell (`fmlaLink`) also writes TRUE/FALSE there, which the
  control already says;
- hidden sheets, rows and columns (a template's lists for its drop-downs, a helper column's formulas, the
  cells its check boxes write TRUE/FALSE into): the party never saw them, so they are not the party's answers.

The parts are read with regular expressions, not an XML parser: Excel's VML is not always well-formed XML
(an unclosed `<br>` in a label), and package.py refused any DTD or entity before.
"""
from __future__ import annotations

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

MAX_CONTROLS = 500
MAX_PART_BYTES = 20_000_000  # a VML drawing or a sheet's XML searched for its hidden rows


@dataclass(frozen=True)
class Control:
    """A check box or option button over the sheet: its cell (0-based row and column), label, state."""
    row: int
    column: int
    text: str
    checked: bool
    link: str = ""  # the cell it writes TRUE/FALSE into ("$D$4"), if any


@dataclass
class SheetView:
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)  # 1-based, as Excel numbers them
    hidden_columns: set[int] = field(default_factory=set)  # 1-based (A is 1)
    controls: list[Control] = field(default_factory=list)
    activex: int = 0  # ActiveX controls (a check box's state in a binary part nothing here reads)


_ATTR = re.compile(r"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(tag: str) -> dict[str, str]:
    return {m[1].split(":")[-1] if m[1].startswith(("r:", "x:", "o:", "v:")) else m[1]: html.unescape(m[2] or m[3])
            for m in _ATTR.finditer(tag)}


def _text(z: zipfile.ZipFile, name: str) -> str:
    try:
        info = z.getinfo(name)
    except KeyError:
        return ""
    if info.file_size > MAX_PART_BYTES:
        return ""
    return z.read(info).decode("utf-8", "replace")


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type's last word, target part's path in the package)."""
    folder, base = posixpath.split(part)
    out: dict[str, tuple[str, str]] = {}
    for m in re.finditer(r"<Relationship\b[^>]*>", _text(z, posixpath.join(folder, "_rels", base + ".rels"))):
        a = _attrs(m[0])
        target = a.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[a.get("Id", "")] = (a.get("Type", "").rsplit("/", 1)[-1], path)
    return out


_SHAPE = re.compile(r"<v:shape\b([^>]*)>(.*?)</v:shape>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def _vml_controls(vml: str) -> dict[str, Control]:
    """The check boxes and option buttons of a VML drawing, by their shape's number ("1025")."""
    out: dict[str, Control] = {}
    for m in _SHAPE.finditer(vml):
        body = m[2]
        kind = re.search(r"""<x:ClientData\b[^>]*ObjectType\s*=\s*["'](\w+)["']""", body, re.I)
        if not kind or kind[1].lower() not in ("checkbox", "radio"):
            continue
        anchor = re.search(r"<x:Anchor>\s*([\d\s,]+)</x:Anchor>", body, re.I)
        if not anchor:
            continue
        n = [int(x) for x in re.findall(r"\d+", anchor[1])]
        if len(n) < 8:
            continue
        # the row under the box's middle (a box often straddles two rows), at Excel's default 20 px a row
        top, bottom = n[2] * 20 + n[3], n[6] * 20 + n[7]
        row = max(n[2], min(n[6], (top + bottom) // 2 // 20))
        checked = re.search(r"<x:Checked>\s*(\d)\s*</x:Checked>", body, re.I)
        link = re.search(r"<x:FmlaLink>\s*([^<]+?)\s*</x:FmlaLink>", body, re.I)
        box = re.search(r"<v:textbox\b[^>]*>(.*?)</v:textbox>", body, re.S | re.I)
        words = html.unescape(_TAG.sub(" ", box[1])) if box else ""
        shape = re.search(r"\d+$", _attrs(f"<x {m[1]}>").get("id", "") or "")
        out[shape[0] if shape else str(len(out))] = Control(
            row, n[0], re.sub(r"\s+", " ", words).strip(), bool(checked and checked[1] == "1"),
            link[1].strip() if link else "")
        if len(out) >= MAX_CONTROLS:
            break
    return out


def _sheet(z: zipfile.ZipFile, part: str) -> SheetView:
    view = SheetView()
    xml = _text(z, part)
    view.hidden_rows = {int(m[1]) for m in re.finditer(r"<row\b[^>]*?\br=\"(\d+)\"[^>]*?\bhidden=\"(?:1|true)\"", xml)}
    view.hidden_rows |= {int(m[1]) for m in re.finditer(r"<row\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*?\br=\"(\d+)\"",
                                                         xml)}
    for m in re.finditer(r"<(?:\w+:)?col\b[^>]*>", xml):
        a = _attrs(m[0])
        if a.get("hidden") in ("1", "true") and a.get("min", "").isdigit() and a.get("max", "").isdigit():
            view.hidden_columns |= set(range(int(a["min"]), min(int(a["max"]), 16384) + 1))
    rels = _rels(z, part)
    controls: dict[str, Control] = {}
    for kind, target in rels.values():
        if kind == "vmlDrawing":
            controls.update(_vml_controls(_text(z, target)))
    # Excel 2010 on: <control shapeId="1025" r:id="rId3"> -> ctrlProps/ctrlPropN.xml, the box's own state
    for m in re.finditer(r"<(?:\w+:)?control\b[^>]*>", xml):
        a = _attrs(m[0])
        shape, rid = a.get("shapeId", ""), a.get("id", "")
        if rels.get(rid, ("", ""))[0] == "control" or rels.get(rid, ("", ""))[1].startswith("xl/activeX/"):
            view.activex += 1  # its state is in xl/activeX/activeXN.bin, which nothing here reads
            continue
        if shape not in controls or rid not in rels:
            continue
        props = re.search(r"<(?:\w+:)?formControlPr\b[^>]*>", _text(z, rels[rid][1]))
        if props:
            pa = _attrs(props[0])
            c = controls[shape]
            controls[shape] = Control(c.row, c.column, c.text, pa.get("checked", "").lower() == "checked",
                                      c.link or pa.get("fmlaLink", ""))
    view.controls = list(controls.values())
    return view


def sheet_views(data: bytes) -> dict[str, SheetView]:
    """Each sheet's view by its name, for a package package.py has checked. Never raises: a part it cannot
    make out leaves that sheet as its cells show it."""
    try:
        z = zipfile.ZipFile(BytesIO(data))
        book = _text(z, "xl/workbook.xml")
        rels = _rels(z, "xl/workbook.xml")
        out: dict[str, SheetView] = {}
        for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
            a = _attrs(m[0])
            name = a.get("name", "")
            target = rels.get(a.get("id", ""), ("", ""))[1]
            try:
                view = _sheet(z, target) if target else SheetView()
            except Exception:  # noqa: BLE001 - a damaged part: the sheet as its cells show it
                view = SheetView()
            view.hidden = a.get("state", "visible") in ("hidden", "veryHidden")
            out[name] = view
        return out
    except Exception:  # noqa: BLE001 - the cells are read by openpyxl whatever this finds
        return {}


def activex_controls(data: bytes) -> int:
    """The ActiveX controls on a workbook's visible sheets (Excel's Developer tab, "ActiveX Controls"): a check box or
    a text box whose state only its binary part holds, so the cells around it do not say what the party answered."""
    return sum(v.activex for v in sheet_views(data).values() if not v.hidden)


_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


def cell_at(ref: str) -> tuple[int, int] | None:
    """A cell reference ("$D$4", "Ark1!$D$4") as 0-based (row, column), else None."""
    m = _CELL.match(ref.rsplit("!", 1)[-1].strip().upper())
    if not m:
        return None
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]) - 1, col - 1


def place(rows: list[list[str]], controls: list[Control]) -> None:
    """Each control written into the grid as the party sees it: "[X] Kommune" where a box with its own label
    stands; a box without one ticks the label beside it ("[X]" before the next cell's text); a linked cell's
    TRUE/FALSE, which only repeats the box, is left out."""
    for c in controls:
        at = cell_at(c.link) if c.link else None
        if at is not None and at[0] < len(rows) and at[1] < len(rows[at[0]]) \
                and rows[at[0]][at[1]] in ("[X]", "[ ]"):
            rows[at[0]][at[1]] = ""
    for c in sorted(controls, key=lambda c: (c.row, c.column)):
        mark = "[X]" if c.checked else "[ ]"
        while len(rows) <= c.row:
            rows.append([])
        row = rows[c.row]
        while len(row) <= c.column:
            row.append("")
        if c.text:
            row[c.column] = f"{mark} {c.text}" + (f" {row[c.column]}" if row[c.column] else "")
            continue
        beside = next((k for k in range(c.column, min(len(row), c.column + 3)) if row[k]), None)
        if beside is None:
            row[c.column] = mark
        elif not row[beside].startswith(("[X]", "[ ]")):
            row[beside] = f"{mark} {row[beside]}"
