"""Blocks to HTML, with one of several house styles (fonts, tables, leaders, label above value)."""
from __future__ import annotations

import random
from html import escape

from bench.outside import model

CSS_VARIANTS = [
    "body{font-family:'Liberation Serif',serif;font-size:11pt;margin:18mm 20mm}",
    "body{font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;margin:12mm 15mm} "
    "h2{background:#e8eef5;padding:2px 4px}",
    "body{font-family:'Liberation Sans',Arial,sans-serif;font-size:10pt;margin:20mm} h2{border-bottom:1px solid #333;"
    "text-transform:uppercase;font-size:10pt;letter-spacing:.05em}",
    "body{font-family:'Nimbus Sans',sans-serif;font-size:10.5pt;margin:15mm 25mm} h1{color:#064} h2{color:#064}",
]
BASE = """
@page { size: A4; margin: 0 }
h1{font-size:16pt;margin:0 0 2pt} .sub{font-size:9pt;color:#555;margin-bottom:10pt}
h2{font-size:11.5pt;margin:12pt 0 4pt}
table{border-collapse:collapse;margin:3pt 0 6pt} td,th{padding:2pt 6pt;vertical-align:top;text-align:left}
table.b td, table.b th{border:0.6pt solid #777}
.kv td.l{width:42%} .stk{margin:0 0 5pt} .stk .l{font-size:7.5pt;color:#555} .stk .v{border-bottom:0.5pt solid #999}
.lead{display:flex;margin:2pt 0} .lead .l{white-space:nowrap} .lead .d{flex:1;border-bottom:1.2pt dotted #555;
 margin:0 3pt 3pt} .lead .v{white-space:nowrap}
.cols{display:flex;gap:12mm} .cols>div{flex:1}
.sig{margin:18pt 0 6pt;width:70mm} .sig .s{font-family:'Z003','URW Chancery L',cursive;font-size:15pt;height:18pt}
.sig .r{border-top:0.7pt solid #000;font-size:8pt}
.foot{position:fixed;bottom:8mm;font-size:7.5pt;color:#666}
.pb{break-after:page} .small{font-size:8pt;color:#555} .it{font-style:italic}
h2.band{background:#1f4e79;color:#fff;padding:3pt 6pt;border:0}
.q{margin:6pt 0 1pt} .a{margin:0 0 4pt 8mm} .qb{border:0.8pt solid #444;padding:3pt 5pt;margin:1pt 0 6pt;min-height:1em}
table.blw td{padding:10pt 8pt 0 0;width:33%} table.blw td.r{border-top:0.7pt solid #000;font-size:7.5pt;padding-top:1pt}
table.mx td{padding:1pt 10pt 1pt 0}
"""
MARKS = {"glyph": ("☒", "☐"), "bracket": ("[x]", "[ ]")}


def _lines(v: str) -> str:
    return "<br>".join(escape(x) for x in v.split("\n"))


def _fields(f: model.Fields) -> str:
    if f.style in ("question", "qbox"):
        cls = "qb" if f.style == "qbox" else "a"
        return "".join(f"<div class=q>{escape(q)}</div><div class={cls}>{_lines(v) or '&nbsp;'}</div>"
                       for q, v in f.rows)
    if f.style == "below":
        out = []
        for i in range(0, len(f.rows), 3):
            part = f.rows[i:i + 3]
            vals = "".join(f"<td>{_lines(v) or '&nbsp;'}</td>" for _, v in part)
            labs = "".join(f"<td class=r>{escape(lab)}</td>" for lab, _ in part)
            out.append(f"<table class=blw style='width:100%'><tr>{vals}</tr><tr>{labs}</tr></table>")
        return "".join(out)
    if f.style == "table":
        rows = "".join(f"<tr><td class=l>{escape(lab)}</td><td>{escape(v)}</td></tr>" for lab, v in f.rows)
        return f"<table class='kv b' style='width:100%'>{rows}</table>"
    if f.style == "stacked":
        return "".join(f"<div class=stk><div class=l>{escape(lab)}</div>"
                       f"<div class=v>{escape(v) or '&nbsp;'}</div></div>" for lab, v in f.rows)
    if f.style == "leaders":
        return "".join(f"<div class=lead><span class=l>{escape(lab)}</span><span class=d></span>"
                       f"<span class=v>{escape(v)}</span></div>" for lab, v in f.rows)
    if f.style == "overlap":
        # the value is placed at a fixed column; a long label runs on under it, as in many office forms
        return "".join(f"<div style='position:relative;height:1.35em'><span style='white-space:nowrap'>"
                       f"{escape(lab)}</span><span style='position:absolute;left:32mm;top:0'>{escape(v)}</span></div>"
                       for lab, v in f.rows)
    colon = "" if f.style == "nocolon" else ":"
    rows = "".join(f"<tr><td class=l>{escape(lab)}{colon}</td><td>{escape(v)}</td></tr>" for lab, v in f.rows)
    return f"<table class=kv>{rows}</table>"


def _checks(c: model.Checks) -> str:
    if c.per_line > 1:
        cells = [f"<td>{escape(t)}</td>" if c.mark == "xcol" and not on else
                 f"<td><b>X</b> {escape(t)}</td>" if c.mark == "xcol" else
                 f"<td>{escape(model.marked(c.mark, on, t))}</td>"
                 for t, on in c.options]
        rows = "".join("<tr>" + "".join(cells[i:i + c.per_line]) + "</tr>" for i in range(0, len(cells), c.per_line))
        return f"<p>{escape(c.question)}</p><table class=mx>{rows}</table>"
    if c.mark not in ("xcol", "glyph", "bracket"):
        return f"<p>{escape(c.question)}</p>" + "".join(f"<div>{escape(model.marked(c.mark, on, t))}</div>"
                                                        for t, on in c.options)
    if c.mark == "xcol":
        rows = "".join(f"<tr><td style='width:8mm;text-align:center'>{'X' if on else ''}</td><td>{escape(t)}</td></tr>"
                       for t, on in c.options)
        return f"<p>{escape(c.question)}</p><table class=b>{rows}</table>"
    on_m, off_m = MARKS[c.mark]
    items = "".join(f"<div>{on_m if on else off_m} {escape(t)}</div>" for t, on in c.options)
    return f"<p>{escape(c.question)}</p>{items}"


def _sign_cell(c: model.SignCell) -> str:
    """A party's place in a signature table: who it is, the signature over a drawn rule, the lines under it."""
    above = "".join(f"<div>{escape(t)}</div>" for t in c.above)
    if c.style == "drawn" and c.signature:
        sig = ("<svg width='50mm' height='20pt' viewBox='0 0 200 40'><path d='M5 28 C 25 2, 30 40, 55 18 S 90 8, 100 30"
               " S 140 30, 150 8 L 160 30 C 170 18, 185 14, 195 24' fill='none' stroke='#124' stroke-width='2'/></svg>")
    else:
        s = ("/s/ " + c.signature if c.style == "slash" else c.signature) if c.signature else ""
        cls = {"script": "s", "italic": "it"}.get(c.style, "")
        sig = f"<div class='{cls}' style='height:20pt'>{escape(s)}</div>"
    below = "".join(f"<div>{escape(t)}</div>" for t in c.below or [])
    return (f"{above}<div class=sig style='margin:22pt 0 0;width:auto'>{sig}</div>"
            f"<div style='border-top:0.7pt solid #000;padding-top:2pt'>{below}</div>")


def block_html(b: model.Block) -> str:
    if isinstance(b, model.Title):
        return f"<h1>{escape(b.text)}</h1>" + (f"<div class=sub>{escape(b.sub)}</div>" if b.sub else "")
    if isinstance(b, model.Heading):
        return f"<h2 class=band>{escape(b.text)}</h2>" if b.band else f"<h2>{escape(b.text)}</h2>"
    if isinstance(b, model.Para):
        cls = " ".join(c for c, on in (("it", b.italic), ("small", b.small)) if on)
        return f"<p class='{cls}'>{_lines(b.text)}</p>"
    if isinstance(b, model.Fields):
        return _fields(b)
    if isinstance(b, model.Grid):
        head = "".join(f"<th>{escape(h)}</th>" for h in b.header)
        rows = "".join("<tr>" + "".join(f"<td>{_lines(c)}</td>" for c in r) + "</tr>" for r in b.rows)
        return f"<table class='{'b' if b.borders else ''}'><tr>{head}</tr>{rows}</table>"
    if isinstance(b, model.Checks):
        return _checks(b)
    if isinstance(b, model.Columns) and b.flow:
        return ("<div style='column-count:2;column-gap:10mm'>" + "".join(block_html(x) for x in b.left + b.right)
                + "</div>")
    if isinstance(b, model.Columns):
        return ("<div class=cols><div>" + "".join(block_html(x) for x in b.left) + "</div><div>"
                + "".join(block_html(x) for x in b.right) + "</div></div>")
    if isinstance(b, model.SignLine):
        s = ("/s/ " + b.signature if b.style == "slash" else b.signature) if b.signature else ""
        cls = {"script": "s", "italic": "it"}.get(b.style, "")
        if b.style == "drawn" and b.signature:
            return ("<div class=sig><svg width='60mm' height='18pt' viewBox='0 0 200 40'><path d='M5 30 C 20 0, 35 45,"
                    " 50 20 S 80 5, 95 28 S 130 35, 140 10 L 150 32 C 160 20, 175 15, 195 22' fill='none' "
                    f"stroke='#123' stroke-width='2'/></svg><div class=r>{escape(b.caption)}</div></div>")
        return (f"<div class=sig><div class='{cls}' style='height:18pt'>{escape(s)}</div>"
                f"<div class=r>{escape(b.caption)}</div></div>")
    if isinstance(b, model.SignTable):
        cells = "".join(f"<td style='width:{100 // len(b.cells)}%;padding-right:10mm'>{_sign_cell(c)}</td>"
                        for c in b.cells)
        return f"<table style='width:100%;margin-top:14pt'><tr>{cells}</tr></table>"
    if isinstance(b, model.PageBreak):
        return "<div class=pb></div>"
    if isinstance(b, model.Footer):
        return f"<div class=foot>{escape(b.text)}</div>"
    raise TypeError(b)


def render(blocks: list[model.Block], rng: random.Random, lang: str) -> str:
    css = rng.choice(CSS_VARIANTS)
    body = "".join(block_html(b) for b in blocks)
    return (f"<!doctype html><html lang={lang}><head><meta charset=utf-8><style>{BASE}{css}</style></head>"
            f"<body>{body}</body></html>")
