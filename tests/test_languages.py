"""Languages: adding one is adding a catalog and a template folder; one without a catalog gets the default's
words, explicitly; staff and TDC mail follow [addresses] staff_language and tdc_language."""
from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from mailbot import templating, wording
from mailbot.config import from_dict
from mailbot.core import i18n
from mailbot.core.case import Case
from mailbot.core.events import MailRef, PartyMail, Tick
from mailbot.core.machine import Settings, decide
from mailbot.core.states import State
from tests.test_templating import make_context

LOCALE = Path(i18n.__file__).parent.parent / "locale"  # mailbot/locale


@pytest.fixture
def swedish(tmp_path: Path) -> Iterator[Path]:
    """A throwaway third language: a template folder (the English mails, one of them in Swedish) and a
    catalog with a few words, beside the shipped ones."""
    templates = tmp_path / "templates"
    shutil.copytree(templating.TEMPLATE_DIR / "en", templates / "sv")
    for path in (templates / "sv").glob("*.j2"):
        path.write_text(path.read_text(encoding="utf-8").replace('"en/', '"sv/'), encoding="utf-8")
    confirmed = templates / "sv" / "installation_confirmed.txt.j2"
    confirmed.write_text(confirmed.read_text(encoding="utf-8").replace(
        "SDN connection: installation scheduled for", "SDN-anslutning: installation planerad till"),
        encoding="utf-8")
    catalog = Catalog(locale="sv", domain="mailbot")
    catalog.add("d MMMM y 'at' HH:mm", "d MMMM y 'kl.' HH.mm", context="date pattern")
    catalog.add("not stated", "inte angivet", context="value")
    catalog.add("Municipality", "Kommun", context="party type")
    (tmp_path / "locale" / "sv" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "locale" / "sv" / "LC_MESSAGES" / "mailbot.po").open("wb") as fh:
        write_po(fh, catalog)
    templating.set_template_dirs([templates, templating.TEMPLATE_DIR])
    i18n.set_locale_dirs([tmp_path / "locale", LOCALE])
    try:
        yield tmp_path
    finally:
        templating.set_template_dirs([templating.TEMPLATE_DIR])
        i18n.set_locale_dirs([LOCALE])


def test_a_third_language_is_a_catalog_and_a_template_folder(swedish: Path) -> None:
    assert "sv" in templating.languages() and "sv" in i18n.languages()
    mail = templating.render_mail("installation_confirmed", "sv-SE", make_context("installation_confirmed", "sv"))
    # the template folder's wording, Babel's Swedish month and the catalog's date pattern
    assert mail.subject == "SDN-anslutning: installation planerad till 14 januari 2027 kl. 09.00"
    assert wording.party_type_name("municipality", "sv") == "Kommun"
    assert wording.party_type_name(None, "sv") == "inte angivet"
    assert wording.join_and(["a", "b", "c"], "sv") == "a, b och c"  # Babel's Swedish list pattern


def test_a_language_without_a_catalog_gets_the_default_words_and_says_so(
        swedish: Path, caplog: pytest.LogCaptureFixture) -> None:
    (swedish / "locale" / "sv" / "LC_MESSAGES" / "mailbot.po").unlink()
    i18n.reset()
    with caplog.at_level(logging.WARNING, logger="mailbot.core.i18n"):
        mail = templating.render_mail("installation_confirmed", "sv", make_context("installation_confirmed", "sv"))
    # the Swedish template still, but every filter's word is the default language's (Danish), not English
    assert mail.subject == "SDN-anslutning: installation planerad till 14. januar 2027 kl. 09.00"
    assert wording.party_type_name("municipality", "sv") == "Kommune"
    assert any("no catalog for language 'sv'" in r.getMessage() for r in caplog.records)
    assert i18n.words("sv").language == i18n.DEFAULT_LANGUAGE


def test_languages_are_negotiated_over_the_catalogs() -> None:
    assert i18n.negotiate("en-GB") == "en"
    assert i18n.negotiate("DA_dk") == "da"
    assert i18n.negotiate("fr") == i18n.DEFAULT_LANGUAGE
    assert i18n.negotiate("") == i18n.DEFAULT_LANGUAGE


def test_every_catalog_translates_every_source_string() -> None:
    """A wording added in the code but not in a catalog would silently be English in a Danish mail."""
    with (LOCALE / "mailbot.pot").open("rb") as fh:
        template = read_po(fh)
    with (LOCALE / "da" / "LC_MESSAGES" / "mailbot.po").open("rb") as fh:
        danish = read_po(fh)
    ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    translated = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in danish
                  if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])}
    assert ids - translated == set()
    assert ids, "the template lists the source strings"


# --------------------------------------------------------------------------- staff and TDC languages

def test_staff_and_tdc_languages_are_configured() -> None:
    cfg = from_dict({"addresses": {"staff_language": "en", "tdc_language": "EN"}})
    assert (cfg.addresses.staff_language, cfg.addresses.tdc_language) == ("en", "en")
    default = from_dict({})
    assert (default.addresses.staff_language, default.addresses.tdc_language) == ("da", "da")


NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _settings(staff: str = "da", tdc: str = "da") -> Settings:
    return Settings(tdc_order="order@tdc.example", staff=("staff@medcom.example",), staff_language=staff,
                    tdc_language=tdc)


def test_staff_notices_are_written_in_the_staff_language() -> None:
    case = Case(ref="SDN-2027-0001", state=State.AWAITING_AGREEMENTS, primary_email="a@kommune.example")
    mail = PartyMail(sender="a@kommune.example", sender_name=None, language="da", body_text="Hej",
                     mail=MailRef(1, "<m1@kommune.example>", subject="Spørgsmål"))
    for language, said in (("da", "Parten skrev uden at vedlægge aftalerne"),
                           ("en", "The party wrote without attaching the agreements")):
        d = decide(case, mail, NOW, _settings(staff=language))
        notice = next(m for m in d.mails if m.step == "staff_notice")
        assert notice.language == language
        assert notice.context["reason"].startswith(said)
        assert d.case.attention_reason == notice.context["reason"]


def test_tdc_reminders_go_in_the_tdc_language() -> None:
    case = Case(ref="SDN-2027-0001", state=State.SENT_TO_TDC, primary_email="a@kommune.example",
                waiting_since=datetime(2027, 1, 4, 9, 0, tzinfo=UTC), waiting_for="tdc_order")
    d = decide(case, Tick(), NOW, _settings(tdc="en"))
    assert [(m.step, m.role, m.language) for m in d.mails] == [("reminder", "tdc", "en")]


# --------------------------------------------------------------------------- the terminal

def test_cli_messages_come_from_the_catalogs(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from mailbot.cli import main

    monkeypatch.delenv("MAILBOT_LANGUAGE", raising=False)
    assert main(["reprocess"]) == 2
    assert capsys.readouterr().err.strip() == "mailbot reprocess: give mail numbers or --failed"
    monkeypatch.setenv("MAILBOT_LANGUAGE", "da_DK.UTF-8")
    assert main(["reprocess"]) == 2
    assert capsys.readouterr().err.strip() == "mailbot reprocess: angiv mailnumre eller --failed"
    monkeypatch.setenv("MAILBOT_LANGUAGE", "fr")  # no catalog: the terminal stays English
    assert main(["parse", "/no/such/file.eml"]) == 2
    assert capsys.readouterr().err.strip() == "mailbot parse: cannot read /no/such/file.eml"
