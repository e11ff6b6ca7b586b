"""Every kind of staff notice is complete in every language: its subject in every catalog, its branch in
every template that switches on the kind."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from mailbot import templating
from mailbot.core import i18n
from mailbot.core.vocabulary import NoticeKind
from tests.test_templating import make_context

TEMPLATES = Path(templating.__file__).resolve().parent.parent / "outbox_templates"


@pytest.mark.parametrize("lang", i18n.languages())
def test_every_kind_is_worded_in_every_catalog(lang: str) -> None:
    path = Path(templating.__file__).parent / "locale" / lang / "LC_MESSAGES" / "mailbot.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    for kind in NoticeKind:
        message = catalog.get(kind.label, context="notice kind")
        assert message is not None and message.string, (lang, kind)


@pytest.mark.parametrize("lang", templating.languages())
def test_every_kind_has_its_subject_and_its_branch_in_every_template(lang: str) -> None:
    source = (TEMPLATES / lang / "staff_notice.txt.j2").read_text()
    named = set(re.findall(r'notice\.kind == "(\w+)"', source))
    assert named == {str(k) for k in NoticeKind}  # each kind has its branch, and no branch names a lost kind
    subjects = set()
    for kind in NoticeKind:
        notice = {"kind": kind, "summary": "s", "details": ["https://view.example/login/x"], "from": None,
                  "subject": None}
        mail = templating.render_mail("staff_notice", lang, make_context("staff_notice", lang, notice=notice))
        label = i18n.words(lang).pgettext("notice kind", kind.label)
        assert mail.subject.startswith(label) and str(kind) not in mail.subject
        subjects.add(label)
    assert len(subjects) == len(NoticeKind)  # no two kinds read alike
