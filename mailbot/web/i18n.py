"""The staff view's words, in Danish (the default) and English."""
from __future__ import annotations

from typing import Any

from ..templating import party_type_name, state_name

WORDS: dict[str, dict[str, str]] = {
    "title": {"da": "SDN-sager", "en": "SDN cases"},
    "overview": {"da": "Oversigt", "en": "Overview"},
    "queue": {"da": "Kræver en person", "en": "Needs a human"},
    "sign_out": {"da": "Log ud", "en": "Sign out"},
    "sign_in": {"da": "Log ind", "en": "Sign in"},
    "sign_in_intro": {"da": "Skriv din MedCom-adresse. Er den en af SDN-postkassens medarbejderadresser, får du "
                            "et link, der virker én gang i 15 minutter.",
                      "en": "Enter your MedCom address. If it is one of the SDN mailbox's staff addresses, you "
                            "get a link that works once, for 15 minutes."},
    "address": {"da": "Din adresse", "en": "Your address"},
    "send_link": {"da": "Send mig et link", "en": "Send me a link"},
    "link_sent": {"da": "Hvis adressen er en medarbejderadresse, er der nu sendt et link til den. Linket virker "
                        "én gang i 15 minutter.",
                  "en": "If the address is a staff address, a link has been sent to it. It works once, for 15 "
                        "minutes."},
    "link_confirm": {"da": "Log ind som medarbejder med dette link? Linket kan kun bruges én gang.",
                     "en": "Sign in as staff with this link? The link can be used only once."},
    "link_bad": {"da": "Linket virker ikke: det er brugt, udløbet eller forkert. Bed om et nyt.",
                 "en": "This link does not work: it has been used, has expired or is wrong. Ask for a new one."},
    "too_many": {"da": "For mange forsøg. Vent et kvarter, og prøv igen.",
                 "en": "Too many attempts. Wait a quarter of an hour and try again."},
    "refused": {"da": "Afvist: siden er kun for indloggede medarbejdere, og formularen skal komme fra siden selv.",
                "en": "Refused: this page is for signed-in staff only, and the form must come from the page "
                      "itself."},
    "not_found": {"da": "Findes ikke.", "en": "Not found."},
    "funnel": {"da": "Sager pr. status", "en": "Cases per state"},
    "cases": {"da": "Sager", "en": "Cases"},
    "open": {"da": "åbne", "en": "open"},
    "in_all": {"da": "i alt", "en": "in all"},
    "need_human": {"da": "kræver en person", "en": "need a human"},
    "search": {"da": "Søg (sag, organisation, CVR, kontakt)", "en": "Search (case, organisation, CVR, contact)"},
    "state": {"da": "Status", "en": "State"},
    "any_state": {"da": "alle", "en": "any"},
    "only_human": {"da": "kun dem der kræver en person", "en": "only those needing a human"},
    "filter": {"da": "Vis", "en": "Show"},
    "case": {"da": "Sag", "en": "Case"},
    "organisation": {"da": "Organisation", "en": "Organisation"},
    "changed": {"da": "Ændret", "en": "Changed"},
    "reason": {"da": "Årsag", "en": "Reason"},
    "since": {"da": "Siden", "en": "Since"},
    "shown_of": {"da": "viser {shown} af {total}", "en": "showing {shown} of {total}"},
    "nothing": {"da": "Ingen.", "en": "None."},
    "on_hold": {"da": "i bero", "en": "on hold"},
    "contacts": {"da": "Kontakter", "en": "Contacts"},
    "timeline": {"da": "Forløb", "en": "Timeline"},
    "mail_in": {"da": "Mail ind", "en": "Mail in"},
    "mail_out": {"da": "Mail ud", "en": "Mail out"},
    "documents": {"da": "Dokumenter", "en": "Documents"},
    "problems": {"da": "Problemer", "en": "Problems"},
    "no_problems": {"da": "ingen problemer", "en": "no problems"},
    "signatures": {"da": "Underskrifter", "en": "Signatures"},
    "show_page": {"da": "vis siden", "en": "show the page"},
    "decide": {"da": "Afgørelse", "en": "Decision"},
    "approve": {"da": "Godkend", "en": "Approve"},
    "reject": {"da": "Afvis", "en": "Reject"},
    "reject_reason": {"da": "Begrundelse (sendes til parten)", "en": "Reason (sent to the party)"},
    "note": {"da": "Note", "en": "Note"},
    "hold": {"da": "Sæt i bero", "en": "Hold"},
    "resume": {"da": "Genoptag", "en": "Resume"},
    "reading": {"da": "Informationsskemaet som botten læste det", "en": "The information form as the bot read it"},
    "reading_help": {"da": "Ret en værdi, eller sæt flueben ved »rigtig«, og gem: skemaet vurderes igen med det "
                           "samme, og sagen går videre.",
                     "en": "Correct a value, or tick \"right\", and save: the form is judged again at once and "
                           "the case moves on."},
    "field": {"da": "Felt", "en": "Field"},
    "value": {"da": "Værdi", "en": "Value"},
    "right": {"da": "rigtig", "en": "right"},
    "save_reading": {"da": "Gem og vurdér igen", "en": "Save and judge again"},
    "uncertain": {"da": "usikker", "en": "uncertain"},
    "done": {"da": "Registreret", "en": "Recorded"},
    "page": {"da": "Side", "en": "Page"},
    "fields_found": {"da": "Felter botten fandt", "en": "Fields the bot found"},
    "no_positions": {"da": "Læsningen har ingen positioner, så felterne står ved siden af siden.",
                     "en": "The reading carries no positions, so the fields are listed beside the page."},
    "confidence": {"da": "sikkerhed", "en": "confidence"},
    "no_pdf": {"da": "PDF'en findes ikke længere (slettet efter opbevaringsperioden).",
               "en": "The PDF is no longer kept (purged after the retention period)."},
    "back": {"da": "Tilbage til sagen", "en": "Back to the case"},
    "installation": {"da": "Installation", "en": "Installation"},
    "signed_in_as": {"da": "Logget ind som", "en": "Signed in as"},
}


def translator(lang: str) -> Any:
    def t(key: str, **kw: Any) -> str:
        text = WORDS.get(key, {}).get(lang) or WORDS.get(key, {}).get("da") or key
        return text.format(**kw) if kw else text

    return t


def helpers(lang: str) -> dict[str, Any]:
    return {"t": translator(lang), "lang": lang, "state_name": lambda s: state_name(s, lang=lang),
            "party_type_name": lambda p: party_type_name(p, lang=lang)}
