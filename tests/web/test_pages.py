"""The staff view's page data are typed at the page's edge: a mail's stored reading loads into the document
model (problems as `Problem`s, a document with its place in the mail), the case's JSON column as the core
holds it; a stored reading this version cannot load is shown as a doubt for a person, not a broken page."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from mailbot.core.readings import Problem
from mailbot.core.vocabulary import ProblemCode
from mailbot.store.db import make_engine, migrate
from mailbot.store.models import CaseRow, InboundRow
from mailbot.web import queries

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
READING = {"message": {"from": "anna@aalborg.example", "subject": "Skema", "body_text": "Hermed skemaet.",
                       "problems": [{"code": "unsupported_attachment", "message": "billede.heic"}]},
           "documents": [{"filename": "skema.pdf", "kind": "information_form", "fields": {"cvr": "29189420"},
                          "problems": [{"code": "uncertain", "field": "cvr", "message": "?"}]}]}
FORM = {"organisation": "Aalborg Kommune", "cvr": "29189420", "ip_scopes": ["10.20.0.0/24"]}


def _case(tmp_path: Path, readings: list[object]) -> queries.CasePage:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    with Session(engine) as s:
        row = CaseRow(ref="SDN-2026-0001", state="clarification", created_at=NOW, updated_at=NOW,
                      data={"form": FORM, "form_attachment": {"inbound": 1, "filename": "skema.pdf"},
                            "form_problems": [{"code": "uncertain", "field": "cvr", "message": "?"}]})
        s.add(row)
        s.flush()
        for n, reading in enumerate(readings):
            s.add(InboundRow(sha256=f"{n:064d}", source_key=f"k{n}", raw=b"", case_id=row.id, status="done",
                             reading=reading, received_at=NOW))
        s.commit()
    page = queries.case_page(engine, "SDN-2026-0001")
    assert page is not None
    return page


def test_a_case_page_holds_the_reading_as_the_document_model(tmp_path: Path) -> None:
    page = _case(tmp_path, [READING])
    (mail,) = page.mails_in
    assert [p.code for p in mail.problems] == [ProblemCode.UNSUPPORTED_ATTACHMENT]
    (doc,) = mail.documents
    assert (doc.index, doc.filename, doc.kind, doc.fields) == (0, "skema.pdf", "information_form", {"cvr": "29189420"})
    assert all(isinstance(p, Problem) for p in doc.problems) and doc.problems[0].field == "cvr"
    assert page.form is not None and page.form.cvr == "29189420" and page.correctable
    rows = queries.form_rows(page.form, page.form_problems)
    (cvr,) = [r for r in rows if r.path == "cvr"]
    assert cvr.uncertain and cvr.value == "29189420"
    shown = queries.evidence(page)
    assert shown.doc is not None and shown.doc.filename == "skema.pdf" and shown.mail is mail


def test_a_stored_reading_this_version_cannot_load_is_shown_as_a_doubt(tmp_path: Path) -> None:
    page = _case(tmp_path, [{"documents": "not a list"}, READING])
    broken, fine = page.mails_in
    assert [p.code for p in broken.problems] == [ProblemCode.UNCERTAIN] and broken.documents == []
    assert [d.filename for d in fine.documents] == ["skema.pdf"]
