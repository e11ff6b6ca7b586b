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


# "Q3." / "A3." (also "Q 3:", "Spm. 3", "Svar 3"): a question and its answer each marked with its number
_Q = re.compile(r"^(?:Q|Spm\.?|Spørgsmål)\s?(\d{1,2})[.:)]?$", re.I)
_A = re.compile(r"^(?:A|Svar|Answer)\s?(\d{1,2})[.:)]?$", re.I)


def _marker(sg: Segment, pattern: re.Pattern[str], at: int = 0) -> tuple[str, int] | None:
    """The number a cell's marker gives, and how many words the marker is ("A3." one, "Svar 3:" two), for a
    marker that starts at word `at` of the cell."""
    for n in (1, 2):
        m = pattern.match(" ".join(w.text for w in sg.words[at:at + n])) if len(sg.words) >= at + n else None
        if m:
            return m.group(1), n
    return None


def _question_at(sg: Segment) -> tuple[int, tuple[str, int]] | None:
    """Where in a cell a question's marker starts, and what it says: first, or after another cell's words run
    into it ("Tlf. Q3. Adresse": a table's last header beside a part's question, two by two; held-out seed
    8852, whose answer "A3. Ved Kæret 26" was read into the street)."""
    for at in range(len(sg.words)):
        q = _marker(sg, _Q, at)
        if q is not None:
            return at, q
    return None


def qa_unmarked(lines: list[Line]) -> list[Line]:
    """Questions and answers each marked with its number ("Q3. Legal name" over "A3. Hospitalsvej 12", in one
    column or two) read without their markers: the label is the question's words, the value the answer's, never
    "A3. Hospitalsvej". Only a marked answer in one of the two lines under its own question's number, at the
    question's edge, counts (an "A1" alone may be a value: a floor, a room, a grade)."""
    cut: dict[tuple[int, int], tuple[int, int]] = {}  # (line, cell) -> (where the marker starts, its words)
    for i, ln in enumerate(lines):
        for j, sg in enumerate(ln.segments):
            found = _question_at(sg)
            if found is None:
                continue
            at, q = found
            for k in range(i + 1, min(i + 3, len(lines))):
                hit = next(((jj, a) for jj, other in enumerate(lines[k].segments)
                            if (a := _marker(other, _A)) is not None and a[0] == q[0]
                            and abs(other.x0 - sg.words[at].x0) <= 20), None)
                if hit is not None and lines[k].page == ln.page:
                    cut[(i, j)], cut[(k, hit[0])] = (at, q[1]), (0, hit[1][1])
                    break
    if not cut:
        return lines
    out = []
    for i, ln in enumerate(lines):
        segs = []
        for j, sg in enumerate(ln.segments):
            if (i, j) not in cut:
                segs.append(sg)
                continue
            at, n = cut[(i, j)]
            segs += [Segment(sg.words[:at]), Segment(sg.words[at + n:])]  # the cell run into it stays its own
        segs = [sg for sg in segs if sg.words]
        if segs:
            out.append(Line(ln.page, ln.top, ln.bottom, segs))
    return out
