"""Make the outside set: documents for seeded parties, rendered by real office tools, each with a truth file.

    python -m bench.outside.generate OUTDIR [--count 64] [--seed 22] [--tools chromium,pdftk]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

from bench.outside import eighth_hand as e8
from bench.outside import eleventh_hand as e11
from bench.outside import fifth_hand as f5
from bench.outside import fourteenth_hand as t14
from bench.outside import fourth_hand as fh
from bench.outside import ninth_hand as n9
from bench.outside import render_acro as acro
from bench.outside import render_html as html
from bench.outside import render_odf as odf
from bench.outside import render_reportlab as rl
from bench.outside import seventh_hand as s7
from bench.outside import sixth_hand as s6
from bench.outside import tenth_hand as t10
from bench.outside import thirteenth_hand as t13
from bench.outside import tools
from bench.outside import twelfth_hand as t12
from bench.outside.agreements import PARTY_BLOCKS, SIGNINGS, agreement, own_template_dpa
from bench.outside.forms import FORM_LAYOUTS, information_form
from bench.outside.model import Document
from bench.outside.people import party

# what each tool's documents are, in turn: forms, the three agreements, unsigned and own-template ones
MIX = ["form", "connection_agreement", "form", "data_processor_agreement", "form",
       "sub_data_processor_agreement", "own_template", "connection_agreement", "form", "data_processor_agreement"]
FILE_NAMES = {
    "form": {"da": ["Informationsskema {org}", "SDN informationsskema - {org}", "Udfyldt skema {org}"],
             "en": ["Information form {org}", "SDN site information - {org}", "Completed form {org}"]},
    "connection_agreement": {"da": ["Tilslutningsaftale {org}", "Tilslutningsaftale - {org} - underskrevet"],
                             "en": ["Connection agreement {org}", "SDN agreement {org} signed"]},
    "data_processor_agreement": {"da": ["Databehandleraftale {org}", "DBA {org}"],
                                 "en": ["Data processing agreement {org}", "DPA {org}"]},
    "sub_data_processor_agreement": {"da": ["Underdatabehandleraftale {org}"], "en": ["Sub-processor agreement {org}"]},
    "own_template": {"da": ["Databehandleraftale {org}"], "en": ["Data processing agreement {org}"]},
}


def _name(rng: random.Random, i: int, tool: str, what: str, org: str, lang: str) -> str:
    base = rng.choice(FILE_NAMES[what][lang]).format(org=org)
    if rng.random() < 0.1:
        base = rng.choice(["Dokument1", "scan0001", "aftale_endelig"])
    return f"{i:02d} {tool} - {base}.pdf".replace("/", "-")


# only the agreements (`--only agreements`): the three SDN agreements and the party's own template
AGREEMENT_MIX = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement",
                 "connection_agreement", "data_processor_agreement", "own_template"]


def plan(count: int, seed: int, tool_names: list[str], form_layouts: list[str] | None = None,
         mix: list[str] | None = None) -> list[tuple[str, Document]]:
    """(tool, document) pairs: every tool gets every kind and layout in turn; with `form_layouts`, only
    information forms in those layouts; with `mix`, only those kinds."""
    kinds = mix or MIX
    rng = random.Random(seed)
    out: list[tuple[str, Document]] = []
    form_i = sign_i = 0
    rl.reset()
    fh.reset()
    f5.reset()
    s6.reset()
    s7.reset()
    e8.reset()
    n9.reset()
    t10.reset()
    e11.reset()
    t12.reset()
    t13.reset()
    t14.reset()
    for i in range(count):
        t, round_ = i % len(tool_names), i // len(tool_names)
        tool = tool_names[t]
        what = kinds[(round_ + t) % len(kinds)]  # each tool runs through every kind, the tools out of step
        if form_layouts:
            what = "form"
        if tool == "reportlab":  # a third hand: its own layouts and words, drawn on reportlab's canvas
            out.append((tool, rl.document(rng, what, lambda p, i=i, w=what: _name(
                rng, i + 1, "reportlab", w, p.organisation, p.language))))
            continue
        if tool == "fourth":  # a fourth hand: Word (python-docx), Chromium and reportlab in its own layouts
            out.append((tool, fh.document(rng, what, lambda p, i=i, w=what: _name(
                rng, i + 1, "fourth", w, p.organisation, p.language))))
            continue
        if tool == "fifth":  # a fifth hand: LaTeX, groff and WeasyPrint in its own layouts and words
            out.append((tool, f5.document(rng, what, lambda p, i=i, w=what: _name(
                rng, i + 1, "fifth", w, p.organisation, p.language))))
            continue
        if tool == "sixth":  # a sixth hand: wkhtmltopdf, AbiWord, pandoc, ssconvert, enscript, unflattened AcroForms
            out.append((tool, s6.document(rng, what, lambda p, i=i, w=what: _name(
                rng, i + 1, "sixth", w, p.organisation, p.language))))
            continue
        if tool == "seventh":  # a seventh hand: fpdf2, Typst, rsvg-convert (SVG) and groff -mom -Tpdf
            out.append((tool, s7.document(rng, what, lambda p, i=i, w=what: _name(
                rng, i + 1, "seventh", w, p.organisation, p.language))))
            continue
        if tool == "eighth":  # an eighth hand: LibreOffice Calc and Draw, pango-view, xhtml2pdf, python-docx headers
            out.append((tool, e8.document(rng, what, lambda p, i=i, w=what: _name(
                rng, i + 1, "eighth", w, p.organisation, p.language))))
            continue
        if tool == "ninth":  # a ninth hand: Impress, Writer form controls, paps, Tesseract sandwiches, pdftocairo
            out.append((tool, n9.document(rng, what, lambda p, i=i, w=what: _name(
                rng, i + 1, "ninth", w, p.organisation, p.language))))
            continue
        if tool == "tenth":  # a tenth hand: agreements by TCPDF (PHP), pycairo, raw content streams, pyHanko
            out.append((tool, t10.document(rng, what, lambda p, w, i=i: _name(
                rng, i + 1, "tenth", w, p.organisation, p.language))))
            continue
        if tool == "eleventh":  # an eleventh hand: hand-written PostScript, WeasyPrint, pdfLaTeX, img2pdf
            out.append((tool, e11.document(rng, what, lambda p, w, i=i: _name(
                rng, i + 1, "eleventh", w, p.organisation, p.language))))
            continue
        if tool == "twelfth":  # a twelfth hand: LuaLaTeX with OpenType fonts, htmldoc, groff -ms with tbl
            out.append((tool, t12.document(rng, what, lambda p, w, i=i: _name(
                rng, i + 1, "twelfth", w, p.organisation, p.language))))
            continue
        if tool == "thirteenth":  # a thirteenth hand: MuPDF's HTML engine, XeLaTeX, RTF through LibreOffice
            out.append((tool, t13.document(rng, what, lambda p, w, i=i: _name(
                rng, i + 1, "thirteenth", w, p.organisation, p.language))))
            continue
        if tool == "fourteenth":  # a fourteenth hand: PyMuPDF Story, Inkscape, printed again (Cairo, PS, qpdf, 2-up)
            out.append((tool, t14.document(rng, what, lambda p, w, i=i: _name(
                rng, i + 1, "fourteenth", w, p.organisation, p.language))))
            continue
        ptype = "it_supplier" if what == "sub_data_processor_agreement" else None
        if ptype is None and rng.random() < 0.12:
            ptype = "foreign"
        p = party(rng, ptype)
        name = _name(rng, i + 1, tool, what, p.organisation, p.language)
        if what == "form":
            layouts = form_layouts or FORM_LAYOUTS
            doc = information_form(rng, p, layouts[form_i % len(layouts)], name)
            form_i += 1
        elif what == "own_template":
            doc = own_template_dpa(rng, p, name)
        else:
            # the party block in turn per kind would repeat with the signings; a draw keeps them apart
            doc = agreement(rng, p, what, rng.choice(PARTY_BLOCKS), SIGNINGS[sign_i % len(SIGNINGS)], name)
            sign_i += 1
        out.append((tool, doc))
    return out


def render_all(items: list[tuple[str, Document]], outdir: Path, seed: int) -> list[Path]:
    """Render every document with its tool into outdir; write X.truth.json beside X.pdf. Returns the PDFs."""
    tools.ensure_tools()
    outdir.mkdir(parents=True, exist_ok=True)
    work = tools.scratch()
    rng = random.Random(seed + 1)
    made: list[Path] = []
    lo_src: dict[str, list[Path]] = {"pdf": [], "docx": []}
    later: list[tuple[str, Document, Path]] = []
    try:
        for tool, doc in items:
            out = outdir / doc.name
            stem = f"d{len(made) + len(later):03d}"
            # mutool convert refuses Type 3 fonts, which Chromium makes of Type 1 fonts: LibreOffice feeds it
            if isinstance(doc, rl.RLDocument):
                doc.draw(out)
                made.append(out)
            elif tool == "chromium" or (tool in ("ghostscript", "mutool-clean", "ghostscript-image")
                                      and rng.random() < 0.5):
                src = work / f"{stem}.pdf"
                tools.chromium(html.render(doc.blocks, rng, doc.language), src, work)
                later.append((tool, doc, src))
            elif tool == "pdftk":
                blank, values = acro.render(doc.blocks, rng)
                if values:
                    tools.pdftk_fill_flatten(blank, acro.xfdf(values), out, work)
                else:  # a letter has no fields to fill: the PDF is as printed
                    out.write_bytes(blank)
                made.append(out)
            else:
                fodt = work / f"{stem}.fodt"
                fodt.write_text(odf.render(doc.blocks, rng, doc.language), encoding="utf-8")
                lo_src["docx" if tool == "libreoffice-docx" else "pdf"].append(fodt)
                later.append((tool, doc, work / f"{stem}.pdf"))
            _truth(doc, tool, out)
        if lo_src["docx"]:
            docx_dir = work / "docx"
            docx_dir.mkdir()
            tools.libreoffice(lo_src["docx"], docx_dir, work, "docx")
            tools.libreoffice(sorted(docx_dir.glob("*.docx")), work, work, "pdf")
        tools.libreoffice(lo_src["pdf"], work, work, "pdf")
        for tool, doc, src in later:
            out = outdir / doc.name
            if tool == "ghostscript":
                tools.ghostscript(src, out)
            elif tool == "ghostscript-image":
                tools.ghostscript_image(src, out)
            elif tool == "mutool-clean":
                tools.mutool_clean(src, out)
            elif tool == "mutool-convert":
                tools.mutool_convert(src, out)
            else:
                shutil.copyfile(src, out)
            made.append(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return made


def _truth(doc: Document, tool: str, out: Path) -> None:
    truth = dict(doc.truth)
    note = dict(part.split("=", 1) for part in doc.note.split(";") if "=" in part)
    truth["_outside"] = {"tool": tool, "layout": doc.layout, "language": doc.language, "signing": note.get("signing"),
                         "variants": [v for v in note.get("variants", "").split(",") if v]}
    out.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--count", type=int, default=64)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--tools", default=",".join(tools.TOOLS))
    a = ap.parse_args(argv)
    made = render_all(plan(a.count, a.seed, a.tools.split(",")), a.outdir, a.seed)
    print(f"{len(made)} documents in {a.outdir}")


if __name__ == "__main__":
    main()
