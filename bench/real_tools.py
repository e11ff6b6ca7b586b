"""Dangerous answers on PDFs made with real tools: the project's own forms and agreements, filled as a
party fills them (pypdf), then passed through pdftk flatten, mutool convert/clean, Ghostscript, poppler;
and the information form as a web page printed by Chromium and LibreOffice.

    .venv/bin/python bench/real_tools.py [--quick] [--show]

A dangerous answer is what would reach a party or TDC wrong: a value read wrong with no `uncertain`
problem on it (nor on the whole document), an unsigned agreement read as signed or a signed one as
unsigned without `uncertain`, or glyph codes in a value (`(cid:12)`, private-use or replacement
characters). Goal: 0 for every tool. Also printed: fields read right, and fields left `uncertain`.

Figures (issue 22, before -> after the second readings): pdftk flatten 13 -> 0, mutool convert 38 -> 0,
Ghostscript 1 -> 0, mutool clean / pdftocairo / Chromium 0 -> 0, LibreOffice 3 -> 3 (its table cells run
into one text segment: "Underskrift: Søren Ærø Underskrift: Mette Jensen", a matter of line formation).
Since then LibreOffice 3 -> 2 (cells run together cut apart in the page model) -> 0 (2026-12-06: the typed
name that wraps in its narrow cell, "Søren" over "Ærø", joined again in the signature block): 0 in all.
"""
from __future__ import annotations

import argparse
import io
import logging
import pathlib
import re
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from pypdf import PdfReader, PdfWriter  # noqa: E402

from mailbot.blank_forms import build_agreement, build_information_form  # noqa: E402
from parsers import read_pdf_all  # noqa: E402
from tests.parsers import generator  # noqa: E402
from tests.parsers.tools import HTML_TOOLS, PDF_TOOLS, agreement_html, form_html  # noqa: E402

FORM_A: dict[str, Any] = {
    "organisation": "Æblehøj Kommune", "cvr": "29189919", "party_type": "municipality", "connected_via": None,
    "org_contact": {"name": "Søren Ærø", "email": "soren.aero@aeblehoj.example", "phone": "+4512345678"},
    "technical_contacts": [{"name": "Åse Brøndum", "email": "ase@aeblehoj.example", "phone": "+4587654321"}],
    "ip_scopes": ["10.1.0.0/24"],
    "installation_address": {"street": "Østergade 12", "postcode": "7000", "city": "Fredericia"},
}
FORM_B: dict[str, Any] = dict(FORM_A, organisation="Apoteket Nørrebro", cvr="29189846", party_type="pharmacy",
                              connected_via="KMD")
AGREEMENT: dict[str, Any] = {"organisation": "Æblehøj Kommune", "cvr": "29189919", "signatory_name": "Søren Ærø",
                             "signatory_title": "Direktør", "signature_date": "2027-01-12", "signed": True}
KINDS = ["connection_agreement", "data_processor_agreement", "sub_data_processor_agreement"]
_VIA_KEY = {None: "via_none", "KMD": "via_kmd"}


def fill(blank: pathlib.Path, values: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _form_values(t: dict[str, Any]) -> dict[str, str]:
    oc, tc, addr = t["org_contact"], t["technical_contacts"][0], t["installation_address"]
    return {"org_name": t["organisation"], "org_cvr": t["cvr"], f"type_{t['party_type']}": "/Yes",
            _VIA_KEY[t["connected_via"]]: "/Yes", "orgcontact_name": oc["name"], "orgcontact_email": oc["email"],
            "orgcontact_phone": oc["phone"], "tech1_name": tc["name"], "tech1_email": tc["email"],
            "tech1_phone": tc["phone"], "ipscope_1": t["ip_scopes"][0], "installation_street": addr["street"],
            "installation_postcode": addr["postcode"], "installation_city": addr["city"]}


def material(quick: bool) -> list[tuple[str, bytes, dict[str, Any]]]:
    """(name, PDF, truth) of the documents every tool is given."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="bench-real-"))
    out: list[tuple[str, bytes, dict[str, Any]]] = []
    for lang in ("da",) if quick else ("da", "en"):
        blank = tmp / f"form-{lang}.pdf"
        build_information_form(lang, blank)
        for tag, truth in (("A", FORM_A), ("B", FORM_B)):
            out.append((f"blank form {lang} {tag}", fill(blank, _form_values(truth)), truth))
        for kind in KINDS[:1] if quick else KINDS:
            path = tmp / f"{kind}-{lang}.pdf"
            build_agreement(kind, lang, path)
            base = {"party_organisation": AGREEMENT["organisation"], "party_cvr": AGREEMENT["cvr"],
                    "party_date": "12-01-2027", "party_name": AGREEMENT["signatory_name"],
                    "party_title": AGREEMENT["signatory_title"]}
            out.append((f"{kind} {lang} signed", fill(path, base | {"party_signature": "Søren Ærø"}), AGREEMENT))
            out.append((f"{kind} {lang} unsigned", fill(path, base), dict(AGREEMENT, signed=False)))
    truth = dict(generator.FORM_TRUTH, organisation="Æblehøj Kommune")
    for boxes in ("drawn", "acro", "glyph"):
        style = generator.Style(layout="inline", boxes=boxes, words="da")
        out.append((f"generated form {boxes}", generator.information_form(style, truth), truth))
    out.append(("generated agreement", generator.agreement(truth=dict(generator.AGREEMENT_TRUTH)),
                generator.AGREEMENT_TRUTH))
    return out


_GLYPHS = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\ufffd\x00-\x08]")


def _strings(v: Any) -> list[str]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return [s for x in v.values() for s in _strings(x)]
    if isinstance(v, list):
        return [s for x in v for s in _strings(x)]
    return []


def judge(doc: dict[str, Any], truth: dict[str, Any]) -> tuple[int, int, int, list[str]]:
    """(right, uncertain, dangerous, what was dangerous) of one reading against its truth."""
    unsure = {p.get("field") for p in doc["problems"] if p.get("code") == "uncertain"}
    whole = None in unsure or doc.get("ocr")
    fields = doc["fields"]
    right = uncertain = 0
    danger: list[str] = []
    for key, want in truth.items():
        got = fields.get(key)
        flagged = whole or key in unsure
        if got == want:
            right += 1
        elif flagged:
            uncertain += 1
        elif key == "signed" or got not in (None, [], {}) and not (isinstance(got, dict) and not any(got.values())):
            danger.append(f"{key}={got!r} (truth {want!r})")
        if not flagged and any(_GLYPHS.search(s) for s in _strings(got)):
            danger.append(f"glyph codes in {key}={got!r}")
    return right, uncertain, len(danger), danger


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="Danish material only, one agreement kind")
    ap.add_argument("--show", action="store_true", help="print each dangerous answer")
    args = ap.parse_args()
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "No fields to update on this page"
    docs = material(args.quick)
    passes: dict[str, list[tuple[str, bytes, dict[str, Any]]]] = {"original (pypdf/reportlab)": docs}
    for tool, fn in PDF_TOOLS.items():
        made = []
        for name, data, truth in docs:
            try:
                made.append((name, fn(data), truth))
            except Exception as exc:  # noqa: BLE001 - a tool that refuses a file is reported, not fatal
                print(f"{tool} refused {name}: {exc}", file=sys.stderr)
        passes[tool] = made
    pages: list[tuple[str, Callable[[str], str], dict[str, Any]]] = [
        ("html form", lambda css: form_html(FORM_A, css), FORM_A),
        ("html agreement signed", lambda css: agreement_html(AGREEMENT, True, css), AGREEMENT),
        ("html agreement unsigned", lambda css: agreement_html(AGREEMENT, False, css), dict(AGREEMENT, signed=False)),
    ]
    for tool, hfn in HTML_TOOLS.items():
        passes[tool] = [(f"{name} {n}", hfn(page(css)), truth) for name, page, truth in pages
                        for n, css in (("plain", ""), ("serif", "body{font-family:serif;font-size:10pt}"))]
    print(f"{'tool':28} {'docs':>4} {'fields':>6} {'right':>6} {'uncertain':>9} {'dangerous':>9} {'s/doc':>6}")
    total = 0
    for tool, made in passes.items():
        n_fields = right = unsure = danger = 0
        t0 = time.perf_counter()
        notes = []
        for name, data, truth in made:
            doc = read_pdf_all(data, "x.pdf")[0].as_json()
            r, u, d, what = judge(doc, truth)
            n_fields += len(truth)
            right, unsure, danger = right + r, unsure + u, danger + d
            notes += [f"    {name}: {w}" for w in what]
        secs = (time.perf_counter() - t0) / max(1, len(made))
        total += danger
        print(f"{tool:28} {len(made):>4} {n_fields:>6} {right:>6} {unsure:>9} {danger:>9} {secs:>6.2f}")
        if args.show:
            print("\n".join(notes)) if notes else None
    print(f"dangerous answers in all: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
