"""A company's legal form ("A/S", "ApS", "I/S", "GmbH", "NUF") set on a line of its own under its name, as a
letterhead or a party block may set it: the name is whole only with it ("Tandlægerne Lønstrup" is another name than
"Tandlægerne Lønstrup I/S"). One rule for the agreement and the form reader (the fourteenth hand's letterheads)."""
from __future__ import annotations

from . import vocabulary
from .page_types import Line


def legal_form_below(lines: list[Line], org: str | None) -> str | None:
    """The name with its legal form when a letterhead or party block sets the form on a line of its own
    ("Tandlægerne Lønstrup" over "I/S", right-aligned or flush left): without it the name is another's. The
    form's line holds only the form, right under a text run that is the name whole, flush with its left or
    right edge."""
    forms = vocabulary.words("legal_forms")
    if org and vocabulary.norm(org) in forms:  # the form alone was read: the name is the line right above it
        return _name_above(lines, org) or org
    if not org or vocabulary.norm(org).split(" ")[-1] in forms:
        return org
    for k, ln in enumerate(lines[:-1]):
        seg = next((sg for sg in ln.segments if sg.text.strip() == org), None)
        nxt = lines[k + 1]
        if seg is None or nxt.page != ln.page or len(nxt.segments) != 1:
            continue
        form = nxt.segments[0]
        height = max(6.0, ln.bottom - ln.top)
        if vocabulary.norm(form.text) in forms and nxt.top - ln.bottom <= 0.9 * height and \
                (abs(form.x0 - seg.x0) <= 3 or abs(form.x1 - seg.x1) <= 3):
            return f"{org} {form.text.strip()}"
    return org


def _name_above(lines: list[Line], form: str) -> str | None:
    """The name and `form` when `form` stands alone on a line right under a line of one text run flush with it
    (left or right), a run of words with no digit, "@" or ":" (no label, number or address)."""
    for k in range(1, len(lines)):
        ln, above = lines[k], lines[k - 1]
        if len(ln.segments) != 1 or ln.segments[0].text.strip() != form or len(above.segments) != 1 \
                or above.page != ln.page:
            continue
        seg, name = ln.segments[0], above.segments[0]
        height = max(6.0, above.bottom - above.top)
        text = name.text.strip()
        if ln.top - above.bottom <= 0.9 * height and (abs(seg.x0 - name.x0) <= 3 or abs(seg.x1 - name.x1) <= 3) \
                and not any(ch.isdigit() or ch in "@:" for ch in text) and len(text.split()) >= 2:
            return f"{text} {form}"
    return None
