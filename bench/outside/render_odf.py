"""Blocks to a flat OpenDocument text (.fodt) that LibreOffice lays out itself: tab stops with dotted
leaders, real tables, page breaks and paragraph styles, as a clerk's Writer document has them."""
from __future__ import annotations

import random
from xml.sax.saxutils import escape

from bench.outside import model

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')
FONTS = ["Liberation Serif", "Liberation Sans", "DejaVu Sans", "Nimbus Roman", "C059"]


def _styles(font: str, size: float) -> str:
    return f"""
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.08cm"/>
  <style:text-properties fo:font-family="'{font}'" fo:font-size="{size}pt"/></style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="{size + 6}pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Sub" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-size="{size - 1.5}pt" fo:color="#555555"/></style:style>
 <style:style style:name="H" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.12cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="{size + 1.5}pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Lead" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties><style:tab-stops>
   <style:tab-stop style:position="16cm" style:type="right" style:leader-style="dotted" style:leader-text="."/>
  </style:tab-stops></style:paragraph-properties></style:style>
 <style:style style:name="Tab" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties><style:tab-stops><style:tab-stop style:position="5.5cm"/></style:tab-stops>
  </style:paragraph-properties></style:style>
 <style:style style:name="Small" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="{size - 2.5}pt" fo:color="#555555"/></style:style>
 <style:style style:name="It" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="Script" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-family="'Z003'" fo:font-size="16pt"/></style:style>
 <style:style style:name="Rule" style:family="paragraph" style:parent-style-name="Small">
  <style:paragraph-properties fo:border-top="0.5pt solid #000000" fo:margin-bottom="0.3cm"/></style:style>
 <style:style style:name="HB" style:family="paragraph" style:parent-style-name="H">
  <style:paragraph-properties fo:background-color="#1f4e79" fo:padding="0.08cm"/>
  <style:text-properties fo:color="#ffffff"/></style:style>
 <style:style style:name="Box" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:border="0.6pt solid #444444" fo:padding="0.1cm" fo:margin-bottom="0.2cm"/>
  </style:style>
 <style:style style:name="Ans" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:margin-left="0.8cm"/></style:style>
 <style:style style:name="RuleN" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:border-top="0.5pt solid #000000" fo:padding-top="0.05cm"/></style:style>
 <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:break-before="page"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.6cm" fo:margin-bottom="1.4cm" fo:margin-left="2.2cm" fo:margin-right="2cm"/>
  <style:footer-style/></style:page-layout>
 <style:style style:name="Tb" style:family="table-cell"><style:table-cell-properties fo:padding="0.06cm"
   fo:border="0.5pt solid #777777"/></style:style>
 <style:style style:name="Tn" style:family="table-cell"><style:table-cell-properties fo:padding="0.04cm"
   fo:border="none"/></style:style>
 <style:style style:name="Sect2" style:family="section"><style:section-properties>
   <style:columns fo:column-count="2" fo:column-gap="0.8cm"/></style:section-properties></style:style>
 <style:style style:name="Tw" style:family="table"><style:table-properties style:width="16.8cm"
   style:rel-width="100%" table:align="margins"/></style:style>
</office:automatic-styles>
"""


def _p(text: str, style: str = "Standard") -> str:
    lines = "<text:line-break/>".join(escape(x) for x in text.split("\n"))
    return f'<text:p text:style-name="{style}">{lines}</text:p>'


def _table(rows: list[list[str]], border: bool, bold_first: bool = False) -> str:
    cell = "Tb" if border else "Tn"
    n = max(len(r) for r in rows)
    out = [f'<table:table table:style-name="Tw"><table:table-column table:number-columns-repeated="{n}"/>']
    for i, r in enumerate(rows):
        out.append("<table:table-row>")
        for c in r + [""] * (n - len(r)):
            out.append(f'<table:table-cell table:style-name="{cell}" office:value-type="string">'
                       + "".join(_p(part, 'H' if bold_first and i == 0 and c else 'Standard') for part in c.split("\n"))
                       + "</table:table-cell>")
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def _fields(f: model.Fields) -> str:
    if f.style in ("question", "qbox"):
        return "".join(_p(q) + _p(v or " ", "Box" if f.style == "qbox" else "Ans") for q, v in f.rows)
    if f.style == "below":
        out = []
        for i in range(0, len(f.rows), 3):
            part = f.rows[i:i + 3]
            cells = "".join(f'<table:table-cell table:style-name="Tn" office:value-type="string">'
                            f"{_p(' ')}{_p(v or ' ')}{_p(lab, 'Rule')}</table:table-cell>" for lab, v in part)
            out.append(f'<table:table table:style-name="Tw"><table:table-column table:number-columns-repeated='
                       f'"{len(part)}"/><table:table-row>{cells}</table:table-row></table:table>')
        return "".join(out)
    if f.style == "table":
        return _table([[lab, v] for lab, v in f.rows], True)
    if f.style == "stacked":
        return "".join(_p(lab, "Small") + _p(v or " ") for lab, v in f.rows)
    if f.style == "leaders":
        return "".join(f'<text:p text:style-name="Lead">{escape(lab)}<text:tab/>{escape(v)}</text:p>'
                       for lab, v in f.rows)
    colon = "" if f.style in ("nocolon", "overlap") else ":"
    return "".join(f'<text:p text:style-name="Tab">{escape(lab)}{colon}<text:tab/>{escape(v)}</text:p>'
                   for lab, v in f.rows)


def _sign_cell(c: model.SignCell) -> str:
    """Who signs, the signature, then the lines under the rule (the first of them carries the rule)."""
    s = ("/s/ " + c.signature if c.style == "slash" else c.signature) if c.signature else " "
    below = c.below or [" "]
    return ("".join(_p(t) for t in c.above) + _p(" ") + _p(s, {"script": "Script", "italic": "It"}.get(c.style,
                                                                                                   "Standard"))
            + _p(below[0], "RuleN") + "".join(_p(t) for t in below[1:]))


def block_odf(b: model.Block) -> str:
    if isinstance(b, model.Title):
        return _p(b.text, "Title") + (_p(b.sub, "Sub") if b.sub else "")
    if isinstance(b, model.Heading):
        return _p(b.text, "HB" if b.band else "H")
    if isinstance(b, model.Para):
        return _p(b.text, "Small" if b.small else "It" if b.italic else "Standard")
    if isinstance(b, model.Fields):
        return _fields(b)
    if isinstance(b, model.Grid):
        return _table([b.header] + b.rows, b.borders, bold_first=True)
    if isinstance(b, model.Checks) and b.per_line > 1:
        cells = [("X " + t if on else t) if b.mark == "xcol" else model.marked(b.mark, on, t) for t, on in b.options]
        rows = [cells[i:i + b.per_line] for i in range(0, len(cells), b.per_line)]
        return _p(b.question) + _table(rows, False)
    if isinstance(b, model.Checks) and b.mark not in ("xcol", "glyph", "bracket"):
        return _p(b.question) + "".join(_p(model.marked(b.mark, on, t)) for t, on in b.options)
    if isinstance(b, model.Checks):
        if b.mark == "xcol":
            return _p(b.question) + _table([["X" if on else "", t] for t, on in b.options], True)
        on_m, off_m = ("☒", "☐") if b.mark == "glyph" else ("[X]", "[  ]")
        return _p(b.question) + "".join(_p(f"{on_m if on else off_m} {t}") for t, on in b.options)
    if isinstance(b, model.Columns) and b.flow:
        inner = "".join(block_odf(x) for x in b.left + b.right)
        return f'<text:section text:style-name="Sect2" text:name="Spalter">{inner}</text:section>'
    if isinstance(b, model.Columns):
        left = "".join(block_odf(x) for x in b.left)
        right = "".join(block_odf(x) for x in b.right)
        return ('<table:table table:style-name="Tw"><table:table-column table:number-columns-repeated="2"/>'
                f'<table:table-row><table:table-cell table:style-name="Tn" office:value-type="string">{left}'
                f'</table:table-cell><table:table-cell table:style-name="Tn" office:value-type="string">{right}'
                "</table:table-cell></table:table-row></table:table>")
    if isinstance(b, model.SignLine):
        s = ("/s/ " + b.signature if b.style == "slash" else b.signature) if b.signature else " "
        return _p(s, {"script": "Script", "italic": "It"}.get(b.style, "Standard")) + _p(b.caption, "Rule")
    if isinstance(b, model.SignTable):
        n = len(b.cells)
        cells = "".join(f'<table:table-cell table:style-name="Tn" office:value-type="string">{_sign_cell(c)}'
                        "</table:table-cell>" for c in b.cells)
        return (f'<table:table table:style-name="Tw"><table:table-column table:number-columns-repeated="{n}"/>'
                f"<table:table-row>{cells}</table:table-row></table:table>")
    if isinstance(b, model.PageBreak):
        return _p("", "Break")
    if isinstance(b, model.Footer):
        return ""  # drawn in the page footer
    raise TypeError(b)


def render(blocks: list[model.Block], rng: random.Random, lang: str) -> str:
    font = rng.choice(FONTS)
    size = rng.choice([9.5, 10.0, 11.0])
    footer = next((b.text for b in blocks if isinstance(b, model.Footer)), "")
    body = "".join(block_odf(b) for b in blocks)
    # a page break paragraph must start the next page's content, not stand alone before it
    body = body.replace(_p("", "Break"), "<text:p text:style-name=\"Break\"/>")
    master = ('<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
              f"<style:footer>{_p(footer, 'Small')}</style:footer></style:master-page></office:master-styles>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
            f'office:mimetype="application/vnd.oasis.opendocument.text">{_styles(font, size)}{master}'
            f'<office:body><office:text>{body}</office:text></office:body></office:document>')
