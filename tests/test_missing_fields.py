"""The reader names missing fields by key, so mails can name each one in the party's language."""
from __future__ import annotations

import parsers
from mailbot.blank_forms import attachment_path


def test_blank_agreement_names_every_missing_field() -> None:
    doc = parsers.read_pdf(attachment_path("connection_agreement", "da").read_bytes(), "Tilslutningsaftale.pdf")
    (missing,) = [p for p in doc["problems"] if p["code"] == "missing_field"]
    assert missing["fields"] == ["organisation", "cvr", "signatory_name", "signature_date"]


def test_blank_information_form_names_its_missing_parts() -> None:
    doc = parsers.read_pdf(attachment_path("information_form", "en").read_bytes(), "Information_form.pdf")
    (missing,) = [p for p in doc["problems"] if p["code"] == "missing_field"]
    assert {"technical_contacts", "ip_scopes", "installation_address", "org_contact"} <= set(missing["fields"])
