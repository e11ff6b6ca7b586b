"""Is an agreement on MedCom's SDN template? Decided here once (`wrong_template`, or `uncertain` for a person).

The reader measures (parsers/documents/templates.py `compare`: how many of the templates' sentences the
document holds, how many clause headings of its own it has, which marks it carries); this module judges the
measure, and writes the problems. Many own clauses and few SDN sentences is positive evidence of another
template; a document in between is for a person to judge. The case machine judges the one thing the reader
cannot know: that the other version of the data processor agreement is the one this party must sign.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..vocabulary import ProblemCode
from . import Problem, problem

Verdict = Literal["sdn", "own", "unsure"]
NO_TEMPLATE_TEXT = 0.1   # below this share of the templates' sentences, a clause holds none of their text
CLAUSED = 3              # clause headings that make a document an agreement with clauses (not a one-page cover)


@dataclass
class TemplateMatch:
    coverage: float      # share of the best-matching SDN template's clause sentences found in the document
    own_clauses: int     # clause headings that are none of the SDN templates' headings
    sdn_clauses: int     # clause headings that are
    marks: int           # the templates' subtitle, opening sentence and MedCom heading found
    own_examples: tuple[str, ...] = ()
    medcom_mark: bool = False    # it calls itself MedCom's template
    declared_own: bool = False   # it calls itself another template (GDPR standard clauses, the party's own terms)


def verdict(m: TemplateMatch, ocr: bool = False) -> Verdict:
    """"sdn", "own" (clearly another template: clauses of its own, few of the templates' sentences and
    none of their framing words) or "unsure". An OCR reading is never "own": its text may have lost the
    very sentences that would show the template. Nor is a document that calls itself MedCom's template
    ("Template approved by the MedCom steering group" in its footer) over clauses in other words: the party
    may have retyped the template; a person compares, the party is told nothing wrong."""
    if m.coverage >= 0.35 or (m.marks >= 2 and m.coverage >= 0.2) or m.marks >= 3:
        return "sdn"
    if m.own_clauses >= 4 and m.coverage < 0.25 and m.marks == 0 and not m.medcom_mark and not ocr:
        return "own"
    if m.declared_own and not m.medcom_mark and m.own_clauses >= 1 and m.coverage < 0.25:
        return "own"  # it says what it is, and nothing says it is MedCom's (positive evidence, read or OCR'd)
    if (m.declared_own and not m.medcom_mark and m.coverage < NO_TEMPLATE_TEXT and not ocr
            and m.own_clauses + m.sdn_clauses >= CLAUSED):
        # it says what it is, and its clauses, though headed in the templates' words ("Instruks", "Sikkerhed"), hold
        # hardly a sentence of their text: the headings are borrowed, the agreement is another
        return "own"
    if m.own_clauses >= 2 or m.coverage < 0.25 and m.own_clauses >= 1:
        return "unsure"
    if m.coverage < NO_TEMPLATE_TEXT and m.own_clauses + m.sdn_clauses >= CLAUSED:
        # clauses under headings like the templates' ("Instruks", "Sikkerhed") but hardly a sentence of their text:
        # another agreement that borrows the headings, or the template retyped; a person compares
        return "unsure"
    return "sdn"  # a short document without clauses of its own: nothing says it is another template


def not_about_sdn() -> Problem:
    """The document names none of the Health Data Network: no SDN agreement at all."""
    return problem(ProblemCode.WRONG_TEMPLATE.value, "This is not the SDN template from MedCom (it does not "
                   "concern the Health Data Network); please use and sign MedCom's template.")


def judged(m: TemplateMatch, ocr: bool = False) -> list[Problem]:
    """The problems the measure gives: `wrong_template` on positive evidence of another template, `uncertain`
    (field `template`) when a person must compare, none for MedCom's."""
    said = verdict(m, ocr)
    if said == "own":
        why = (f"its clauses, e.g. {', '.join(repr(x) for x in m.own_examples)}, are not the template's"
               if m.own_examples else "it says so itself, and its clauses hold none of the template's text")
        return [problem(ProblemCode.WRONG_TEMPLATE.value, "This is not the SDN template from MedCom but another "
                        f"agreement ({why}); please use and sign MedCom's template.", coverage=m.coverage)]
    if said == "unsure":
        return [problem(ProblemCode.UNCERTAIN.value, "This agreement may be written on another template than "
                        f"MedCom's: {m.own_clauses} of its clauses are not the template's and "
                        f"{round(m.coverage * 100)}% of the template's sentences were found; a staff member must "
                        "compare it with the SDN template.", field="template", coverage=m.coverage)]
    return []


def other_version(filename: Any, kind: Any, required: str) -> Problem:
    """A data processor agreement of the version this party does not sign, where the other is required."""
    return problem(ProblemCode.WRONG_TEMPLATE.value, f"{filename}: the other version of the data processor "
                   "agreement is required", filename=filename, document_kind=kind, detail=required,
                   evidence="recognised")
