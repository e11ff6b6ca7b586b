"""The three agreements: who the connecting party is, who signed for it, when, and whether it did.

The party block and the signature block are found by their labels and by layout (columns), and the
connecting party is told from MedCom by name: the block that is not MedCom's.
"""
from __future__ import annotations

import re
from typing import Any

from ..problems import problem
from ..values import clean, cvr_digits, cvr_valid, date_norm, looks_like_name, org_like
from .kinds import is_sdn_template
from .labels import Hit, column_of, find_labels, is_label, label_of
from .page import Line, PdfContent
from .signatures import (
    evidence_pages,
    evidence_signers,
    party_signer,
    sig_field_valid,
    signer_title,
    typed_signature,
)

US = re.compile(r"medcom", re.I)
SIG_HEADING = re.compile(
    r"^\s*(?:\d+[.)]?\s*|§\s*\d+\.?\s*)?(?:underskrifter|signaturer|signatures|signing|underskrivelse"
    r"|parternes\s+underskrift(?:er)?|signature\s+of\s+the\s+parties|execution|underskrevet\s+af\s+parterne)\s*:?\s*$",
    re.I)
SECTION_END = re.compile(r"^\s*(?:bilag|annex|appendix|appendiks|underskriftsside|signature\s+page|§)", re.I)
AGREEMENT_FIELDS = ("organisation", "cvr", "signatory_name", "signatory_title", "signature_date", "signed")
REQUIRED = {"organisation": "the organisation's name", "cvr": "the CVR number",
            "signatory_name": "the name of the person signing", "signature_date": "the date of signing"}


def read_agreement(content: PdfContent) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Fields (contracts.md section 1) and problems of one agreement."""
    fields: dict[str, Any] = {k: None for k in AGREEMENT_FIELDS}
    fields["signed"] = False
    problems: list[dict[str, str]] = []
    if not is_sdn_template(content):
        problems.append(problem("wrong_template", "This is not the SDN template from MedCom (it does not "
                                "concern the Health Data Network); please use and sign MedCom's template."))
        _fill_party(content.lines, fields)
        return fields, problems

    ev_pages = evidence_pages(content)
    signers = evidence_signers(content, ev_pages)
    lines = [ln for ln in content.lines if ln.page not in ev_pages]
    start, end = _signature_section(lines)
    if start < 0 and ev_pages:  # the signing service printed the signature block on its own page
        lines = content.lines
        start, end = _signature_section(lines)
    _fill_party(lines[:start] if start > 0 else lines, fields)

    section = lines[start:end] if start >= 0 else []
    party_lines, party_x = _party_column(section)
    sig_hits = find_labels(party_lines, ["date", "name", "title", "signature"])
    consumed: set[tuple[int, int]] = set()
    for h in sig_hits:
        _consume(party_lines, h, consumed)
        if h.key == "signature":
            continue
        if h.value and not is_label(h.value):
            key = {"date": "signature_date", "name": "signatory_name", "title": "signatory_title"}[h.key]
            if fields[key] is None:
                fields[key] = date_norm(h.value) if h.key == "date" else _tidy(h.value)
    _place_and_date(party_lines, fields)
    evidence: list[str] = []
    not_signed_why = ""

    # a typed name on the signature line (not a heading such as "For Fjordby Kommune")
    headings = {(0, j) for j in range(len(party_lines[0].segments))} if party_lines else set()
    typed = typed_signature(party_lines, consumed | headings)
    if typed and not re.match(r"^(?:for|on\s+behalf|på\s+vegne)\b", typed, re.I) and \
            not (fields["organisation"] and fields["organisation"].casefold() in typed.casefold()):
        evidence.append("typed")

    # a cryptographic signature in the party's block
    pages = {ln.page for ln in section}
    for sf in content.sig_fields:
        if not sf.signed or (pages and sf.page not in pages):
            continue
        if party_x is not None and not (party_x[0] - 20 <= (sf.bbox[0] + sf.bbox[2]) / 2 <= party_x[1]):
            continue
        ok, why = sig_field_valid(content.data, sf.name)
        if ok:
            evidence.append("sig")
            if fields["signature_date"] is None and sf.signing_time:
                m = re.match(r"D:(\d{4})(\d{2})(\d{2})", sf.signing_time)
                if m:
                    fields["signature_date"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        else:
            not_signed_why = why

    # a drawn signature image in the party's block
    if section and _drawn_signature(content, section, party_x):
        evidence.append("image")

    # a signing service's evidence page
    signer = party_signer(signers, fields["signatory_name"], fields["organisation"])
    if signer:
        evidence.append("evidence")
        fields["signatory_name"] = fields["signatory_name"] or signer.name
        if fields["signatory_title"] is None:
            fields["signatory_title"] = signer_title(signer, fields["organisation"])
        fields["signature_date"] = fields["signature_date"] or signer.date

    if not_signed_why and "sig" not in evidence:
        # The party's own digital signature no longer matches the document: whatever else shows a
        # signature (a typed name, an image, an evidence page) came with a changed document, so the
        # agreement is not the one that was signed.
        evidence = []
    fields["signed"] = bool(evidence)
    if fields["cvr"] and not cvr_valid(fields["cvr"]):
        problems.append(problem("invalid_cvr", f"The CVR number {fields['cvr']} fails the modulus-11 check."))
    missing = [k for k in REQUIRED if not fields[k]]
    if missing:
        problems.append(problem("missing_field", "Missing: " + ", ".join(REQUIRED[k] for k in missing) + ".",
                                fields=missing))
    if not fields["signed"]:
        problems.append(problem("not_signed", "The agreement is not signed by the party"
                                + (f": {not_signed_why}." if not_signed_why else ".")))
    return fields, problems


def _consume(lines: list[Line], h: Hit, consumed: set[tuple[int, int]]) -> None:
    ln = lines[h.line]
    for j, s in enumerate(ln.segments):
        if abs(s.x0 - h.x0) < 1:
            consumed.add((h.line, j))
            if h.value and j + 1 < len(ln.segments) and ln.segments[j + 1].text.strip() == h.value:
                consumed.add((h.line, j + 1))
    if h.value and h.line + 1 < len(lines):
        for j, s in enumerate(lines[h.line + 1].segments):
            if s.text.strip() == h.value:
                consumed.add((h.line + 1, j))


def _signature_section(lines: list[Line]) -> tuple[int, int]:
    """(first, end) line indexes of the signature block; (-1, -1) when there is none."""
    start = -1
    for i in range(len(lines) - 1, -1, -1):
        if SIG_HEADING.match(lines[i].text):
            start = i
            break
    if start < 0:
        # no heading: the last run of date/name labels
        hits = [h for h in find_labels(lines, ["date", "name", "title"], below=False)]
        if not hits:
            return -1, -1
        last = hits[-1].line
        first = last
        for h in reversed(hits):
            if last - h.line <= 12:
                first = h.line
        start = max(0, first - 2)
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if SECTION_END.match(lines[i].text) or lines[i].page > lines[start].page + 1:
            end = i
            break
    return start, end


def _party_column(section: list[Line]) -> tuple[list[Line], tuple[float, float] | None]:
    """The lines (or parts of lines) of the party's own signature block, and its x-range."""
    for k, ln in enumerate(section[:8]):
        segs = ln.segments
        if len(segs) >= 2 and any(US.search(s.text) for s in segs) and not any(US.search(s.text) is None and
                                                                              is_label(s.text) for s in segs):
            cols = [s.x0 for s in segs]
            ours = next(i for i, s in enumerate(segs) if US.search(s.text))
            party = next(i for i, s in enumerate(segs) if i != ours)
            out: list[Line] = []
            for other in section[k:]:
                keep = [s for s in other.segments if column_of(s.x0, cols) == party]
                if keep:
                    out.append(Line(other.page, other.top, other.bottom, keep))
            right = cols[party + 1] if party + 1 < len(cols) else 10_000.0
            return out, (cols[party], right)
    # blocks one below the other: drop MedCom's block (from its heading to the next heading)
    out = []
    skipping = False
    for ln in section:
        t = ln.text.strip()
        heading = len(ln.segments) == 1 and label_of(t) is None and len(t) < 60 and not re.search(r"\d", t)
        if heading and US.search(t):
            skipping = True
            continue
        if heading and skipping and not looks_like_name(t):
            skipping = False
        if not skipping:
            out.append(ln)
    return out, None


def _drawn_signature(content: PdfContent, section: list[Line], party_x: tuple[float, float] | None) -> bool:
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


def _fill_party(lines: list[Line], fields: dict[str, Any]) -> None:
    """Organisation and CVR of the connecting party: the labelled block that is not MedCom's."""
    hits = find_labels(lines, ["organisation", "cvr", "name"], below=True)
    blocks: list[dict[str, Any]] = []
    for h in hits:
        if h.key in ("organisation", "name"):
            if h.key == "name" and any(b["org_key"] == "organisation" for b in blocks):
                continue
            blocks.append({"org": h.value if h.value and not is_label(h.value) else None,
                           "org_key": h.key, "x0": h.x0, "line": h.line, "cvr": None, "cvr_raw": None})
        elif h.key == "cvr" and blocks:
            near = [b for b in blocks if b["cvr_raw"] is None and h.line - b["line"] <= 6]
            if near:
                b = min(near, key=lambda b: (abs(b["x0"] - h.x0), h.line - b["line"]))
                b["cvr_raw"] = h.value or ""
                b["cvr"] = cvr_digits(h.value)
        elif h.key == "cvr" and not blocks:
            blocks.append({"org": None, "org_key": "", "x0": h.x0, "line": h.line,
                           "cvr": cvr_digits(h.value), "cvr_raw": h.value or ""})
    theirs = [b for b in blocks if not (b["org"] and US.search(b["org"]))]
    if not any(b["org"] or b["cvr"] for b in theirs):
        theirs = []
    if theirs:
        b = theirs[0]
        fields["organisation"] = clean(b["org"])
        fields["cvr"] = b["cvr"]
    if not fields["organisation"] or not fields["cvr"]:
        text = "\n".join(ln.text for ln in lines)
        m = re.search(r"(?:mellem|between)\s+(.{3,80}?)\s*\(\s*(?:CVR|company\s+reg)[^)]*?([\d ]{8,11})\s*\)",
                      text, re.I | re.S)
        if m and not US.search(m.group(1)):
            fields["organisation"] = fields["organisation"] or clean(m.group(1))
            fields["cvr"] = fields["cvr"] or cvr_digits(m.group(2))
    if not fields["organisation"] or not fields["cvr"]:
        _party_by_type(lines, fields)




def _tidy(value: str) -> str | None:
    """A value without what a label left in front of it (": Frederik Frølund", "- Karen Lund")."""
    return clean(re.sub(r"^[\s:;.,\-–—_|]+", "", value))


def _place_and_date(lines: list[Line], fields: dict[str, Any]) -> None:
    """A signing date written without its label, as place and date on one line ("Fjordby, den 18.
    november 2026") in the party's block."""
    if fields["signature_date"] is not None:
        return
    for ln in lines:
        for seg in ln.segments:
            found = date_norm(seg.text)
            if found and len(seg.text) < 80:
                fields["signature_date"] = found
                return


def _party_by_type(lines: list[Line], fields: dict[str, Any]) -> None:
    """Where no label names them: the one valid CVR outside MedCom's block is the party's, and the
    organisation is the organisation-like line of its block."""
    cvrs: list[tuple[int, str]] = []
    for i, ln in enumerate(lines):
        for m in re.finditer(r"(?<!\d)(?:DK[\s-]?)?(\d{2}\s?\d{2}\s?\d{2}\s?\d{2})(?!\d)", ln.text):
            digits = re.sub(r"\D", "", m.group(1))
            block = " ".join(x.text for x in lines[max(0, i - 4):i + 1])
            if cvr_valid(digits) and not US.search(block):
                cvrs.append((i, digits))
    if not fields["cvr"] and len({c for _, c in cvrs}) == 1:
        fields["cvr"] = cvrs[0][1]
    if not fields["organisation"]:
        start = cvrs[0][0] if cvrs else len(lines)
        near = [ln.text for ln in lines[max(0, start - 5):start + 1]] if cvrs else []
        for text in near + [ln.text for ln in lines[:40]]:
            cell = text.strip()
            if org_like(cell) and label_of(cell) is None:
                fields["organisation"] = clean(cell)
                return
