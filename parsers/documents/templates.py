"""Is this agreement MedCom's SDN template, or a party's own template that only names SDN?

The SDN templates' clauses are in `mailbot.core.agreement_texts` (the blank PDFs the bot sends carry them).
A document is compared with them by meaning of text, not by layout: how many of the templates' clause sentences it
contains (fuzzily, so a re-typeset or OCR'd copy still counts), and how many clause headings of its own
it has that no SDN template has. Many own clauses and few SDN sentences is positive evidence of another
template; a document in between is for a person to judge. That judgement (`verdict`, and the problems it
gives) is the core's, `mailbot/core/judgements/template.py`; `TemplateMatch` and `verdict` are imported here
as they always were.
"""
from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz

from mailbot.core.agreement_texts import AGREEMENTS
from mailbot.core.judgements.template import TemplateMatch, verdict

from .page_types import Line

__all__ = ["TemplateMatch", "compare", "verdict"]

SENTENCE_FOUND = 82.0    # rapidfuzz partial_ratio at which a template sentence counts as present
HEADING_SAME = 80.0      # token_set_ratio at which a heading is one of the templates' headings
MAX_TEXT = 40_000        # the clauses are at the start; a long annex need not be searched (cost stays bounded)
# a numbered clause heading: "3. Databehandleren handler efter instruks", "§ 2 Instruks", "Clause 7 ..."
# or lettered ("Afsnit A. Baggrund", "Part B. Instructions", "Section C – Security")
_CLAUSE_HEADING = re.compile(r"^\s*(?:(?:§\s*)?\d{1,2}(?:\.\d{1,2})?[.)]?|(?:clause|article|artikel|punkt|section)"
                             r"\s+\d{1,2}[.:]?|(?:afsnit|del|part|section|clause|punkt)\s+(?-i:[A-H])\b[.:]?\s*[–-]?)"
                             r"\s+([A-ZÆØÅ][^\d:]{2,70})$", re.I)


# the document says it is MedCom's template ("skabelon fra MedCom", "MedCom template", "template approved by
# MedCom's steering group")
_MEDCOM_MARK = re.compile(r"(?:skabelon|template)\W+(?:\w+\W+){0,4}medcom|medcom\W*s?\W+(?:\w+\W+){0,3}"
                          r"(?:skabelon|template)", re.I)
# the document says it is another template: the GDPR's standard contractual clauses (Article 28(3), the
# Commission's or Datatilsynet's template), the party's own terms or template ("egen skabelon", "egne vilkår"), or
# the one agreement the party makes with all its suppliers ("indgår denne databehandleraftale med alle sine
# leverandører", "concludes this ... agreement with every supplier"): MedCom's template is made for SDN alone
_OWN_DECLARED = re.compile(r"standard\s*kontrakt\s*bestemmelser|standard\s+contractual\s+clauses"
                           r"|artikel\s+28\s*,?\s*stk\.?\s*3|article\s+28\s*\(\s*3\s*\)"
                           r"|\beg(?:en|ne|et)\s+(?:standard\s*)?(?:bestemmelser|vilkår|betingelser|skabelon)"
                           r"|\bown\s+(?:standard\s+)?(?:terms|clauses|conditions|template)"
                           r"|\bmed\s+(?:alle|samtlige)\s+(?:sine|vores|vore)\s+(?:leverandører|databehandlere)"
                           r"|\bwith\s+(?:all|every|each)\s+(?:of\s+)?(?:its\s+|our\s+)?"
                           r"(?:suppliers?|vendors?|processors?)\b"
                           # terms the party sets for every supplier ("Leverandørvilkår", "Supplier terms", "Disse
                           # vilkår gælder for alle leverandører", "These terms apply to every supplier")
                           r"|\bleverandørvilkår|\bsupplier\s+terms\b|\b(?:gælder\s+for|apply\s+to)\s+(?:alle|samtlige|"
                           r"every|all|each)\s+(?:of\s+)?(?:its\s+|our\s+)?(?:leverandører|databehandlere|suppliers?|"
                           r"vendors?|processors?)\b"
                           # an addendum to the party's contract with its vendor ("Tillæg om databeskyttelse til
                           # leverandørkontrakt", "Data protection addendum to the vendor contract"): MedCom's
                           # templates are agreements of their own, no party's contract's addendum
                           r"|\btillæg\s+(?:om\s+\w+\s+)?til\s+(?:\w+\s+)?(?:leverandør|service|hoved|kunde)\w*"
                           r"(?:kontrakt|aftale)|\baddendum\s+to\s+(?:the|our|its|your)?\s*(?:\w+\s+)?"
                           r"(?:vendor|supplier|service|master|customer)\s+(?:contract|agreement)", re.I)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()


@functools.cache
def _marks() -> tuple[str, ...]:
    """The templates' own words around the clauses: the subtitle naming MedCom's approval, the opening
    sentence, MedCom's party heading."""
    out = {_norm(x) for a in AGREEMENTS.values() for x in (a.subtitle, a.intro, a.medcom_heading)
           if len(x) >= 15}  # "MedCom" alone is no mark of the template
    return tuple(sorted(out))


@functools.cache
def _templates() -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """(kind, language) -> (clause sentences, clause headings without their numbers), normalised."""
    out: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for key, a in AGREEMENTS.items():
        sentences: list[str] = []
        headings: list[str] = []
        for head, body in a.clauses + (a.annex or []):
            headings.append(_norm(re.sub(r"^\s*(?:§\s*)?\d+\.?\s*|^(?:bilag|annex)\s+\d+:\s*", "", head, flags=re.I)))
            sentences += [_norm(s) for s in re.split(r"(?<=[.!?])\s+", body) if len(s) > 30]
        headings.append(_norm(a.signatures))
        out[key] = (sentences, headings)
    return out


def compare(lines: list[Line]) -> TemplateMatch:
    """How much of the SDN templates the document (these lines) holds, and how many clauses of its own."""
    text = _norm("\n".join(ln.text for ln in lines))[:MAX_TEXT]
    coverage = 0.0
    for sentences, _ in _templates().values():
        if sentences:
            found = sum(1 for s in sentences if fuzz.partial_ratio(s, text, score_cutoff=SENTENCE_FOUND))
            coverage = max(coverage, found / len(sentences))
    known = [h for _, heads in _templates().values() for h in heads]
    marks = sum(1 for m in _marks() if fuzz.partial_ratio(m, text, score_cutoff=88.0))
    own = sdn = 0
    examples: list[str] = []
    for ln in lines:
        m = _CLAUSE_HEADING.match(ln.text)
        if not m or len(ln.text.split()) > 10:
            continue
        head = _norm(m.group(1))
        if any(fuzz.token_set_ratio(head, k) >= HEADING_SAME for k in known):
            sdn += 1
        else:
            own += 1
            examples.append(ln.text.strip())
    raw = "\n".join(ln.text for ln in lines)[:MAX_TEXT]
    return TemplateMatch(round(coverage, 2), own, sdn, marks, tuple(examples[:3]),
                         bool(_MEDCOM_MARK.search(raw)), bool(_OWN_DECLARED.search(raw)))
