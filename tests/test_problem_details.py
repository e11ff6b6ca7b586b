"""The reader names missing fields by key, so mails can name each one in the party's language."""
from __future__ import annotations

import parsers
from mailbot.blank_forms import attachment_path


def test_blank_agreement_names_every_missing_field() -> None:
    doc = parsers.read_pdf(attachment_path("connection_agreement", "da").read_bytes(),
                           "Tilslutningsaftale.pdf").as_json()
    (missing,) = [p for p in doc["problems"] if p["code"] == "missing_field"]
    assert missing["fields"] == ["organisation", "cvr", "signatory_name", "signature_date"]


def test_blank_information_form_names_its_missing_parts() -> None:
    doc = parsers.read_pdf(attachment_path("information_form", "en").read_bytes(), "Information_form.pdf").as_json()
    (missing,) = [p for p in doc["problems"] if p["code"] == "missing_field"]
    assert {"technical_contacts", "ip_scopes", "installation_address", "org_contact"} <= set(missing["fields"])


def _form_with(networks: list[str]) -> dict:  # type: ignore[type-arg]
    from mailbot.demo import fill

    values = {"org_name": "Vestby Kommune", "org_cvr": "29189846", "orgcontact_name": "Anna",
              "orgcontact_email": "anna@vestby-kommune.example", "tech1_name": "Tom",
              "tech1_email": "tom@vestby-kommune.example", "tech1_phone": "21436587",
              "installation_street": "Torvet 1", "installation_postcode": "9999", "installation_city": "Vestby"}
    values.update({f"ipscope_{i}": n for i, n in enumerate(networks, 1)})
    return parsers.read_pdf(fill("information_form", values, checks=("type_municipality",)), "skema.pdf").as_json()



def test_host_bits_are_explained_with_the_network_meant() -> None:
    from mailbot.wording import problem_text

    (p,) = [p for p in _form_with(["10.1.2.3/24"])["problems"] if p["code"] == "invalid_ip_scope"]
    assert (p["detail"], p["network"], p["reason"]) == ("10.1.2.3/24", "10.1.2.0/24", "host_bits")
    assert "værtsbits" in problem_text(p, "da") and "10.1.2.0/24" in problem_text(p, "da")
    assert "host bits" in problem_text(p, "en")


def test_networks_of_one_form_that_overlap_are_both_named() -> None:
    from mailbot.wording import problem_text

    (p,) = [p for p in _form_with(["10.50.0.0/16", "10.50.8.0/24"])["problems"] if p["code"] == "ip_scope_overlap"]
    assert p["networks"] == ["10.50.0.0/16", "10.50.8.0/24"]
    text = problem_text(p, "da")
    assert "10.50.0.0/16" in text and "10.50.8.0/24" in text and "hinanden" in text


def test_overlap_with_another_party_never_names_it() -> None:
    from mailbot.core.case import Case
    from mailbot.core.documents import evaluate_form
    from mailbot.core.readings import Document
    from mailbot.wording import problem_text

    doc = _form_with(["10.60.0.0/24"])
    (found,) = evaluate_form(Case(ref="SDN-2026-0001"), Document.model_validate(doc),
                             (("SDN-2026-0042", "10.60.0.0/16"),))
    assert found.other_case == "SDN-2026-0042"
    p = found.as_json()  # as the party's mail's context holds it
    for lang in ("da", "en"):
        assert "10.60.0.0/24" in problem_text(p, lang) and "SDN-2026-0042" not in problem_text(p, lang)


def test_an_invalid_e_mail_is_named_with_whose_it_is() -> None:
    from mailbot.demo import fill
    from mailbot.wording import problem_text

    doc = parsers.read_pdf(fill("information_form", {
        "org_name": "Vestby Kommune", "org_cvr": "29189846", "orgcontact_name": "Anna",
        "orgcontact_email": "anna@vestby-kommune.example", "tech1_name": "Tom", "tech1_email": "tom@vestby",
        "tech1_phone": "21436587", "ipscope_1": "10.42.0.0/24", "installation_street": "Torvet 1",
        "installation_postcode": "9999", "installation_city": "Vestby"}, checks=("type_municipality",)),
        "s.pdf").as_json()
    (p,) = [p for p in doc["problems"] if p["code"] == "invalid_email"]
    assert (p["detail"], p["field"]) == ("tom@vestby", "technical_contacts[0]")
    assert "»tom@vestby« for en af de tekniske kontaktpersoner" in problem_text(p, "da")
