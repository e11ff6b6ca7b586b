"""A questionnaire's numbered questions with each answer set under its question (LaTeX's enumerate, the answer in
another face) read as label-then-value rows.

A person reads "1. Organisationens officielle navn" over "Lægehuset Vester Lyng" as the question and its answer:
the answer stands under the question's words, past its number, one line's space below at most, in a face of its
own (the party's answer, not the form's print), and it is a line alone: the next numbered question, or a gap,
follows it. Questions about people are left as they are (their answers run over several lines: a name, an
address, a phone), and so is any answer that is itself a label."""
from __future__ import annotations

import re
from collections.abc import Callable

from .labels import is_label, label_of
from .page_types import Line, Segment, Word

_NUMBER = re.compile(r"\d{1,2}[.)]")


def _face(words: list[Word]) -> str:
    """The face's name without its size ("LMRoman10-Regular"): a question and its answer differ in it."""
    faces = {w.face.rsplit(" ", 1)[0] for w in words}
    return faces.pop() if len(faces) == 1 else ""


def _answer_under(q: Line, a: Line, after: Line | None) -> bool:
    if len(q.segments) != 1 or len(a.segments) != 1 or q.page != a.page:
        return False
    words, answer = q.segments[0].words, a.segments[0]
    size = q.bottom - q.top
    if len(words) < 2 or not _NUMBER.fullmatch(words[0].text) or abs(answer.x0 - words[1].x0) > 3:
        return False
    if not 0 <= a.top - q.bottom < 1.2 * size or not _face(words[1:]) or _face(answer.words) in ("", _face(words[1:])):
        return False
    if is_label(answer.text) or label_of(answer.text) is not None or _NUMBER.match(answer.text):
        return False
    # a line alone: the next line is another question (numbered, at the question's edge) or stands a gap below
    return after is None or after.page != a.page or after.top - a.bottom >= 0.8 * size \
        or bool(after.segments) and abs(after.segments[0].x0 - words[0].x0) <= 3


def questions_answered(lines: list[Line], role_of: Callable[[Line], str | None],
                       people: set[str] | None = None) -> list[Line]:
    """The lines with each numbered question and the one-line answer under it made one row: the question's words
    (its number left out) and the answer. `role_of` is the form reader's heading role (form.heading_role, given by
    the caller: form imports this module); `people` are the roles whose questions stay as they are."""

    out: list[Line] = []
    i = 0
    while i < len(lines):
        q = lines[i]
        a = lines[i + 1] if i + 1 < len(lines) else None
        after = lines[i + 2] if i + 2 < len(lines) else None
        if a is not None and _answer_under(q, a, after) \
                and role_of(q) not in (people if people is not None else {"org_contact", "tech"}):
            out.append(Line(q.page, q.top, a.bottom, [Segment(q.segments[0].words[1:]), a.segments[0]]))
            i += 2
            continue
        out.append(q)
        i += 1
    return out
