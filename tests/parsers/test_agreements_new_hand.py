"""Agreements as a new hand returns them (issue 22, the outside check's second generator): annexes with
other organisations before a signature page of its own, parties named only in the preamble (MedCom first,
or on lines of their own), a cover page, a closing signature table with the signatory printed under the
rule without labels or written title first ("Direktør, Hanne Ryberg"), and signing services' pages that
list MedCom's signer first. Each test builds the PDF it reads (reportlab)."""
from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import PageBreak

from parsers import read_pdf
from parsers.documents.job_titles import title_and_name

from .agreement_docs import (
    DA_DPA_CLAUSES,
    EN_DPA_CLAUSES,
    FOOTER_DA,
    FOOTER_EN,
    H1,
    H2,
    ITALIC,
    P,
    build,
    clauses,
    table,
)


def _sign_table(party: list[Any], medcom: list[Any], signature: Any = "") -> Any:
    """The closing table: "For den dataansvarlige" | "For databehandleren", the signature over a rule, the
    party's lines under it as given (no labels), MedCom's printed name under its own rule."""
    rows = [["For den dataansvarlige", "For databehandleren"], ["Region Lindholt", "MedCom"], [signature, ""],
            ["_" * 30, "_" * 30]]
    rows += [[a, b] for a, b in zip(party, medcom + [""] * (len(party) - len(medcom)), strict=True)]
    return table(rows, [220, 220])


def _fields(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    doc = read_pdf(data, "aftale.pdf").as_json()
    return doc["fields"], doc["problems"]


def test_an_annexs_sub_processor_is_not_the_party() -> None:
    """The party named in the preamble; an annex before the signature page lists an approved sub-processor
    with its own valid CVR in a "Navn | CVR-nr." table: never the party's name or CVR."""
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Denne aftale er indgået mellem Region Lindholt, CVR-nr. 29189919, Kirkestræde 23, 1212 København K "
              "(herefter »den dataansvarlige«) og MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M.")]
    flow += clauses(DA_DPA_CLAUSES) + [PageBreak(), P("Bilag B – Godkendte underdatabehandlere", H2),
                                       table([["Navn", "CVR-nr.", "Adresse"],
                                              ["Netforbindelse Syd A/S", "56982264", "Teglholmsgade 1, 2450 Kbh SV"]]),
                                       P("Bilag C – Kontaktpersoner", H2),
                                       P("Kontaktperson hos Region Lindholt: Søren Aagaard, soaa@lindholt.example"),
                                       PageBreak(), P("Underskrifter", H2),
                                       _sign_table(["Hanne Ryberg", "Kommunaldirektør", "3/11-2026"],
                                                   ["Henrik Wulff Christensen", "Direktør"], P("Hanne Ryberg", ITALIC))]
    f, _ = _fields(build(flow, FOOTER_DA))
    assert (f["organisation"], f["cvr"]) == ("Region Lindholt", "29189919")


def test_party_named_second_in_the_preamble_after_medcom() -> None:
    """"mellem MedCom, CVR-nr. 26919991, ... (herefter 'Databehandleren') og Region Hvidmose, CVR-nr. ...":
    the party is the one that is not MedCom, wherever it stands."""
    flow = [P("Databehandleraftale", H1),
            P("Aftalen er indgået mellem MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M (herefter "
              "'Databehandleren') og Region Hvidmose, CVR-nr. 52890535, Industrivænget 139, 1310 København K "
              "(herefter 'den Dataansvarlige').")]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2),
                                       _sign_table(["Oliver Lykke", "Regionsdirektør", "3. nov. 2026"], [],
                                                   P("Oliver Lykke", ITALIC))]
    f, _ = _fields(build(flow, FOOTER_DA))
    assert (f["organisation"], f["cvr"]) == ("Region Hvidmose", "52890535")


def test_parties_on_lines_of_their_own_in_the_preamble() -> None:
    """A lawyer's preamble: "Mellem" / the party's name, CVR and address on lines of their own / "(herefter
    'Kunden')" / "og" / MedCom's lines."""
    lines = ["Mellem", "Lindholt Kommune", "CVR-nr. 29189919", "Kirkestræde 23", "1212 København K",
             "(herefter 'Kunden')", "og", "MedCom", "CVR-nr. 26919991", "Forskerparken 10", "5230 Odense M",
             "(herefter 'MedCom')"]
    flow = [P("Tilslutningsaftale", H1)] + [P(x) for x in lines]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2),
                                       _sign_table(["Hanne Ryberg", "Kommunaldirektør", "03-11-2026"], [],
                                                   P("Hanne Ryberg", ITALIC))]
    f, _ = _fields(build(flow, FOOTER_DA))
    assert (f["organisation"], f["cvr"]) == ("Lindholt Kommune", "29189919")


def test_a_cover_page_naming_medcom_does_not_hide_the_partys_cvr() -> None:
    """A cover page "between X and MedCom", then the party's block whose CVR label reads "Company no. (CVR)":
    the CVR is the party's, MedCom named in a sentence on another page is no block of MedCom's."""
    flow = [P("Data Processing Agreement", H1), P("between Privathospitalet Nørreå A/S and MedCom"),
            P("Privathospitalet Nørreå A/S"), PageBreak(),
            table([["", "The Controller", "MedCom"], ["Name", "Privathospitalet Nørreå A/S", "MedCom"],
                   ["Company no. (CVR)", "64701002", "26919991"], ["Address", "Rådhustorvet 14", "Forskerparken 10"]])]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2),
                                       table([["Date: 26.11.2026"], ["Signature:"], [P("Lærke Hjort", ITALIC)],
                                              ["Name: Lærke Hjort"], ["Title: Managing Director"]])]
    f, _ = _fields(build(flow, FOOTER_EN))
    assert (f["organisation"], f["cvr"]) == ("Privathospitalet Nørreå A/S", "64701002")


def test_signatory_written_title_first() -> None:
    """"Name and title: Director, Matthias Lindqvist" and, without a label, "Direktør, Hanne Ryberg" under the
    rule: the name is the person's, the title the title."""
    flow = [P("Data Processing Agreement", H1),
            P("This agreement is made between Region Lindholt, CVR no. 29189919, and MedCom, CVR no. 26919991.")]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2),
                                       table([["For the Controller", "For the Processor"],
                                              ["Date: 12 Nov 2026", "Date:"], [P("Matthias Lindqvist", ITALIC), ""],
                                              ["Name and title: Director, Matthias Lindqvist", "Name:"]])]
    f, _ = _fields(build(flow, FOOTER_EN))
    assert (f["signatory_name"], f["signatory_title"], f["signed"]) == ("Matthias Lindqvist", "Director", True)

    flow = [P("Databehandleraftale", H1),
            P("Denne aftale er indgået mellem Region Lindholt, CVR-nr. 29189919, og MedCom, CVR-nr. 26919991.")]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2),
                                       _sign_table(["Direktør, Hanne Ryberg", "3/11-2026"], [])]
    f, problems = _fields(build(flow, FOOTER_DA))
    assert (f["signatory_name"], f["signatory_title"]) == ("Hanne Ryberg", "Direktør")
    assert f["signed"] is False  # the printed name is no signature
    assert not any(p["code"] == "missing_field" for p in problems)


def test_unlabelled_name_and_title_under_the_rule() -> None:
    """The signatory printed under the rule with its title on the next line and no labels: read as the
    signatory; with no signature above it that name is no typed signature (not signed), with the name
    also written above the rule it is (signed)."""
    def agreement(signature: Any) -> bytes:
        flow = [P("Underdatabehandleraftale", H1),
                P("Denne aftale er indgået mellem Vester Lyng Data A/S, CVR-nr. 29189919, og MedCom, CVR-nr. "
                  "26919991.")]
        flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2),
                                           _sign_table(["Hanne Juhl", "Kommunaldirektør", "2026-10-25"],
                                                       ["Henrik Wulff Christensen", "Direktør"], signature)]
        return build(flow, FOOTER_DA)

    f, problems = _fields(agreement(""))
    assert (f["signatory_name"], f["signatory_title"], f["signed"]) == ("Hanne Juhl", "Kommunaldirektør", False)
    assert [p["code"] for p in problems if p["code"] in ("not_signed", "missing_field")] == ["not_signed"]
    f, problems = _fields(agreement("Hanne Juhl"))
    assert (f["signatory_name"], f["signatory_title"], f["signed"]) == ("Hanne Juhl", "Kommunaldirektør", True)
    assert not any(p["code"] in ("not_signed", "missing_field") for p in problems)


def _empty_block_then(evidence: list[Any]) -> bytes:
    flow = [P("Databehandleraftale", H1),
            P("Denne aftale er indgået mellem Lindholt Kommune, CVR-nr. 29189919, og MedCom, CVR-nr. 26919991.")]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2),
                                       table([["For den dataansvarlige", "For databehandleren"], ["Dato:", "Dato:"],
                                              ["Underskrift:", "Underskrift:"], ["Navn:", "Navn:"]]), PageBreak()]
    return build(flow + evidence, FOOTER_DA)


@pytest.mark.parametrize("one_line", [False, True])
def test_docusign_certificate_with_medcoms_signer_first(one_line: bool) -> None:
    """DocuSign's Certificate Of Completion lists MedCom's signer first (the envelope's routing order), each
    with e-mail, title and initials (the e-mail on the name's line where the column is wide): the party's
    signer is the one whose e-mail is not MedCom's, its title the title (not the initials), its date the
    "Signed" time, not "Sent" or "Viewed"."""
    def signer(name: str, mail: str, title: str, initials: str, sent: str, signed: str) -> list[list[str]]:
        if one_line:
            name, mail = f"{name} {mail}", ""
        return [[name, initials, f"Sent: {sent}"], [mail, "Signature Adoption:", f"Viewed: {sent}"],
                [title, "Pre-selected Style", f"Signed: {signed}"],
                ["Security Level: Email", "Using IP Address: 93.162.44.10", ""]]
    page = [P("Certificate Of Completion", H1), P("Envelope Id: 8C1F2A3B92EAB728B91BBB57CDB8DD75 Status: Completed"),
            P("Time Zone: (UTC+01:00) Brussels, Copenhagen, Madrid, Paris"),
            table([["Signer Events", "Signature", "Timestamp"],
                   *signer("Henrik Wulff Christensen", "hwc@medcom.example", "Direktør", "HWC",
                           "11/28/2026 | 05:17:22 AM", "11/29/2026 | 01:11:14 PM"),
                   *signer("Nikolaj Dalgas", "nikolaj.dalgas@lindholt.example", "Managing Director", "ND",
                           "11/28/2026 | 05:17:22 AM", "11/28/2026 | 09:13:22 AM")], [170, 150, 150])]
    f, _ = _fields(_empty_block_then(page))
    assert (f["signatory_name"], f["signatory_title"], f["signature_date"], f["signed"]) == \
        ("Nikolaj Dalgas", "Managing Director", "2026-11-28", True)


def test_docusign_certificate_with_the_signers_address_wrapped_at_the_column_edge() -> None:
    """A long address breaks at its hyphen ("dorthe.eskildsen@egelev-" / "sundhed.example"), so the title
    stands a row lower, beside the IP address and under the "Signed" time (held-out seed 1101): the tail is
    no role, and the title is still the title."""
    def signer(name: str, mail: str, title: str, initials: str, sent: str, signed: str) -> list[list[str]]:
        head, tail = mail.split("-", 1)
        return [[name, initials, f"Sent: {sent}"], [head + "-", "Signature Adoption:", f"Viewed: {sent}"],
                [tail, "Pre-selected Style", f"Signed: {signed}"], [title, "Using IP Address: 93.162.44.10", ""],
                ["Security Level: Email", "", ""]]
    page = [P("Certificate Of Completion", H1), P("Envelope Id: 8C1F2A3B92EAB728B91BBB57CDB8DD75 Status: Completed"),
            table([["Signer Events", "Signature", "Timestamp"],
                   *signer("Henrik Wulff Christensen", "hwc@medcom-sdn.example", "Direktør", "HWC",
                           "11/28/2026 | 05:17:22 AM", "11/29/2026 | 01:11:14 PM"),
                   *signer("Dorthe Eskildsen", "dorthe.eskildsen@egelev-sundhed.example", "Apoteker", "DE",
                           "11/28/2026 | 05:17:22 AM", "11/28/2026 | 09:13:22 AM")], [170, 150, 150])]
    f, _ = _fields(_empty_block_then(page))
    assert (f["signatory_name"], f["signatory_title"], f["signature_date"], f["signed"]) == \
        ("Dorthe Eskildsen", "Apoteker", "2026-11-28", True)


def test_verified_page_naming_medcom_under_its_signers_time() -> None:
    """Verified's page: each signer's name, "signeret med MitID <date>", then whom they signed for. MedCom's
    signer listed first is known by that line; the party's is the other."""
    page = [P("Underskrifter", H1), P("Dokument-ID: 9QX4-SPZ5"),
            P("Dette dokument er signeret med MitID via Verified."),
            P("Lone Kirkegaard", H2), P("signeret med MitID 13.10.2026 kl. 09:12"), P("MedCom"),
            P("Asger Krøyer", H2), P("signeret med MitID 09.10.2026 kl. 14:02"), P("Lindholt Kommune")]
    f, _ = _fields(_empty_block_then(page))
    assert (f["signatory_name"], f["signature_date"], f["signed"]) == ("Asger Krøyer", "2026-10-09", True)


def test_signers_a_page_does_not_tell_apart_are_for_a_person() -> None:
    """Penneo's page lists two signers, neither with an organisation, and the block names nobody: which one
    is the party's the file does not say. No name is guessed; whether the party signed is `uncertain`."""
    page = [P("Underskrifterne i dette dokument er juridisk bindende. Dokumentet er underskrevet via Penneo™ "
              "sikker digital underskrift."),
            table([[P("Lone Kirkegaard<br/>Underskriver<br/>Serienummer: PID:9208-2002-2-968096639828<br/>"
                      "2026-12-03 07:48:01 UTC"),
                    P("Rasmus Winther<br/>Underskriver<br/>Serienummer: UI:DK-939040225825<br/>"
                      "2026-11-30 18:04:53 UTC")]], [220, 220]),
            P("Penneo dokumentnøgle: XQL99-WDWA9-CPNST-VQR6E-98QX4-SPZ5A")]
    f, problems = _fields(_empty_block_then(page))
    assert (f["signatory_name"], f["signature_date"]) == (None, None)
    assert any(p["code"] == "uncertain" and p.get("field") == "signed" for p in problems)
    assert not any(p.get("evidence") == "found_empty" for p in problems)


def test_a_paragraph_is_not_a_signers_name() -> None:
    """Guard: a heading like "For den dataansvarlige" over an organisation is never the signatory."""
    flow = [P("Databehandleraftale", H1),
            P("Denne aftale er indgået mellem Lindholt Kommune, CVR-nr. 29189919, og MedCom, CVR-nr. 26919991.")]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), _sign_table(["", "", ""], [])]
    f, _ = _fields(build(flow, FOOTER_DA))
    assert f["signatory_name"] is None and f["signed"] is False


def test_a_pending_signers_row_takes_no_later_time() -> None:
    """A service's page of a round not finished: the party's row says "Sent – not signed", MedCom's row
    (its name run into "MedCom") has a time. That time is MedCom's: the party has not signed."""
    page = [P("Certificate Of Completion", H1), P("Envelope Id: 6CHGL-2548N Status: Sent"),
            P("Status: out for signature. Not every signer has signed the document yet."),
            table([["Signer", "Title", "Signed"], ["Birthe Eskildsen", "Apoteker", "Sent – not signed"],
                   ["Henrik Wulff Christensen MedCom", "", "10/3/2026 | 12:32:16 PM"]], [170, 100, 170])]
    flow = [P("Databehandleraftale", H1),
            P("Denne aftale er indgået mellem Bøgeskov Apotek, CVR-nr. 29189919, og MedCom, CVR-nr. 26919991.")]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2),
                                       table([["For den dataansvarlige"], ["Dato: 1/10 2026"], ["Underskrift:"],
                                              ["Navn: Birthe Eskildsen"], ["Titel: Apoteker"]]), PageBreak()]
    f, problems = _fields(build(flow + page, FOOTER_DA))
    assert f["signed"] is False and any(p["code"] == "not_signed" for p in problems)


def test_a_title_first_signatory_under_a_sub_processors_dpa_title() -> None:
    """"Name and title: Chief Executive Officer, Asger Christoffersen" (title first, under one label), under
    a "Sub-Processor Data Processing Agreement" (a sub-processor agreement, not a DPA) whose parties are
    named "Between X, company reg. no. (CVR) ..." after a cover page naming MedCom."""
    flow = [P("Sub-Processor Data Processing Agreement", H1), P("between Tornby Software ApS and MedCom"),
            PageBreak(), P("Sub-Processor Data Processing Agreement", H2),
            P("Between Tornby Software ApS, company reg. no. (CVR) 33104960, Søndre Ringvej 135, 9400 Nørresundby "
              "(hereinafter \"the Processor\") and MedCom, company reg. no. (CVR) 26919991, Forskerparken 10, "
              "5230 Odense M (hereinafter \"the Sub-processor\").")]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2),
                                       table([["On behalf of the Processor", "For the Sub-processor"],
                                              [P("Asger Christoffersen", ITALIC), ""],
                                              ["Name and title: Chief Executive Officer, Asger Christoffersen",
                                               "Name:"], ["Date: 7 November 2026", "Date:"]], [310, 130])]
    doc = read_pdf(build(flow, FOOTER_EN), "sub.pdf").as_json()
    f = doc["fields"]
    assert doc["kind"] == "sub_data_processor_agreement"
    assert (f["organisation"], f["cvr"]) == ("Tornby Software ApS", "33104960")
    assert (f["signatory_name"], f["signatory_title"]) == ("Asger Christoffersen", "Chief Executive Officer")


def test_a_footers_medcom_address_is_not_the_signers() -> None:
    """Visma Addo's page names one signer with its e-mail; the running footer under it carries MedCom's
    address. The signer is the party's (its own e-mail), not taken for MedCom's by the footer's."""
    page = [P("Signed via Visma Addo", H1), P("Nikolaj Skovbo", H2),
            table([["E-mail:", "nikolaj@havrum.example"], ["Signed:", "09-11-2026 18:54:15"],
                   ["Method:", "MitID Erhverv"]], [100, 200])]
    flow = [P("Data processing agreement", H1),
            P("This agreement is made between Hospitalsenheden Havrum, CVR no. 17702858, and MedCom, CVR no. "
              "26919991.")]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2), table([["For the Controller"], ["Date:"], ["Name:"]]),
                                       PageBreak()]
    footer = "Template approved by the MedCom steering group 14 March 2024 · sdn@medcom.example"
    f, _ = _fields(build(flow + page, footer))
    assert (f["signatory_name"], f["signature_date"], f["signed"]) == ("Nikolaj Skovbo", "2026-11-09", True)


def test_a_partys_caption_over_an_empty_signature_block_is_no_signatory() -> None:
    """An unsigned agreement whose signature block is captioned with the party ("For Tornby Health AB, filial
    af svensk selskab (dataansvarlig)") over empty "Underskrift", "Navn (blokbogstaver)" and "Stilling"
    lines: the caption is an organisation with its role, never the signatory's name and title."""
    caption = "For Tornby Health AB, filial af svensk selskab (dataansvarlig)"
    assert title_and_name(caption) is None
    assert title_and_name("Direktør, Hanne Ryberg") == ("Hanne Ryberg", "Direktør")
    flow = [P("Databehandleraftale", H1),
            P("Denne aftale er indgået mellem Tornby Health AB, filial af svensk selskab, CVR-nr. 29189919, og "
              "MedCom, CVR-nr. 26919991.")]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), P(caption), P("Dato:"), P("Underskrift"),
                                       P("Navn (blokbogstaver)"), P("Stilling"), P("For MedCom"), P("Dato:"),
                                       P("Underskrift"), P("Navn (blokbogstaver):"), P("Stilling:")]
    f, _ = _fields(build(flow, FOOTER_DA))
    assert (f["signatory_name"], f["signatory_title"], f["signed"]) == (None, None, False)


@pytest.mark.parametrize("layout", ["one_cell", "label_value"])
def test_a_date_whose_day_and_year_wrapped_to_the_next_line(layout: str) -> None:
    """"Place and date: København V, October" / "17, 2026": a narrow cell wrapped the date after its month,
    in the label's own cell or in the value cell beside it. The date is the two parts together; the
    month alone is no date (it was read as none and the date asked for)."""
    if layout == "one_cell":
        place = [[P("Place and date: København V, October<br/>17, 2026"), P("Place and date:")]]
    else:
        place = [[P("Place and date:"), P("København V, October<br/>17, 2026"), P("Place and date:")]]
    width = [200, 240] if layout == "one_cell" else [90, 110, 240]
    blank = [""] * (len(width) - 2)
    rows = [["On behalf of the Party", *blank, "For MedCom"], ["Lindholt Laboratorium ApS", *blank, "MedCom"],
            *place, [P("/s/ Mette Iversen"), *blank, ""], ["Name: Mette Iversen", *blank, "Henrik Wulff Christensen"],
            ["Title: Director", *blank, "Direktør"]]
    flow = [P("Data Processing Agreement", H1),
            P("This agreement is made between Lindholt Laboratorium ApS, CVR no. 29189919, and MedCom, CVR no. "
              "26919991.")]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2), table(rows, width)]
    f, problems = _fields(build(flow, FOOTER_EN))
    assert f["signature_date"] == "2026-10-17"
    assert not any(p["code"] == "missing_field" for p in problems)


def test_a_name_run_on_into_medcoms_label_beside_it() -> None:
    """Two signature blocks side by side whose rows do not line up: the party's "Emil Abildgaard" a word gap
    before MedCom's "Stilling:", a little lower, where MedCom's column begins on the lines above. The name
    is the party's signatory's and the label MedCom's; read as one cell, the party's name had been found
    empty and asked for (a wrong word: the name is there)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .layouts import REGULAR, Page, render

    p = Page().line("Databehandleraftale", size=15, step=26).line("Sundhedsdatanettet (SDN)")
    p.line("Denne aftale er indgået mellem Ålund Data A/S, CVR-nr. 29189919, og MedCom, CVR-nr. 26919991.")
    for text in ("1. Databehandleren behandler personoplysninger på vegne af den dataansvarlige.",
                 "2. Databehandleren sikrer fortrolighed og passende sikkerhed."):
        p.line(text)
    medcom = 216 + stringWidth("Emil Abildgaard", REGULAR, 10) + 5.7  # a word gap after the party's name
    p.line("Underskrifter", size=12, step=24)
    p.row([(60, "For Ålund Data A/S (databehandler)"), (medcom, "For MedCom")])
    p.row([(60, "Dato:"), (216, "26. november 2026"), (medcom, "Dato:")])
    p.row([(60, "Underskrift"), (medcom, "Underskrift")])
    p.at(medcom, p.y - 12, "Navn (blokbogstaver):").at(medcom, p.y + 2.3, "Stilling:")
    p.row([(60, "Navn (blokbogstaver):"), (216, "Emil Abildgaard")]).row([(60, "Stilling:"), (216, "Direktør")])
    f, problems = _fields(render([p]))
    assert (f["signatory_name"], f["signatory_title"]) == ("Emil Abildgaard", "Direktør")
    assert [q["code"] for q in problems if q["code"] in ("missing_field", "not_signed")] == ["not_signed"]


def test_a_partys_name_that_nearly_fills_its_column_beside_medcoms() -> None:
    """A party table "Legal entity | the party | MedCom" whose party name nearly fills its column: MedCom's
    cell follows it a little more than a word gap away, where MedCom's column starts on the rows below.
    The name is the party's alone; read as one cell with "MedCom" it had been no organisation and no CVR,
    and the agreement went to staff."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .layouts import REGULAR, Page, render

    name = "Hospitalsenheden Mosede Strand"
    medcom = 223 + stringWidth(name, REGULAR, 10) + 8.5
    p = Page().line("Connection agreement", size=15, step=26).line("Health Data Network (SDN)")
    p.row([(223, "The connecting party"), (medcom, "MedCom")])
    p.row([(64, "Legal entity"), (223, name), (medcom, "MedCom")])
    p.row([(64, "Company no. (CVR)"), (223, "59960946"), (medcom, "26919991")])
    p.row([(64, "Address"), (223, "Præstevænget 91"), (medcom, "Forskerparken 10")])
    p.row([(64, "Postcode/town"), (223, "8300 Odder"), (medcom, "5230 Odense M")])
    for text in ("§ 1. Purpose", "This agreement sets out the terms on which the Party is connected to and uses the",
                 "Danish Health Data Network (SDN), which MedCom operates on behalf of the Danish health sector.",
                 "Signatures", "For the Party", "Date: 2026-11-10", "Name: Pernille Uldall",
                 "Title: Chief Operating Officer", "Signature: Pernille Uldall"):
        p.line(text)
    f, _ = _fields(render([p]))
    assert (f["organisation"], f["cvr"]) == (name, "59960946")


def test_a_signature_heading_that_opens_two_pages_is_no_running_header() -> None:
    """"Underskrifter" opens the signature page and again the signing service's page after it (as a Word
    file's page break prints it): the heading is the document's own, not a running header. Taken for
    furniture, the block was lost and an annex's date ("01.02.2025.") was read as the signing date."""
    from reportlab.platypus import PageBreak

    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            P("Denne aftale er indgået mellem Birkelund Data A/S, CVR-nr. 32605915, og MedCom, CVR-nr. 26919991.")]
    flow += clauses(DA_DPA_CLAUSES) + [PageBreak(), P("Bilag A – Instruks", H2),
                                       P("Behandlingen omfatter krypterede data. Bilaget er senest ændret"),
                                       P("01.02.2025."), PageBreak(), P("Underskrifter", H2),
                                       _sign_table(["Lasse Mørch", "Laboratoriechef", "Dato: 11-11-2026"],
                                                   ["Henrik Wulff Christensen", "Direktør"], P("Lasse Mørch", ITALIC)),
                                       PageBreak(), P("Underskrifter", H2),
                                       P("Dette dokument er signeret med MitID via Verified."),
                                       P("Lasse Mørch"), P("signeret med MitID 11.11.2026 kl. 10:58"),
                                       P("Birkelund Data A/S")]
    f, _ = _fields(build(flow))
    assert f["signature_date"] == "2026-11-11"
    assert (f["signatory_name"], f["signatory_title"]) == ("Lasse Mørch", "Laboratoriechef")


def test_a_name_in_a_hand_s_face_is_the_signature_not_the_party_s_name_above_it() -> None:
    """The party's block names the party in two capitalised words ("Fysioterapi Lindholt", like a person's
    name) above the signatory's name typed in an italic face: the italic name is the typed signature. The
    party's name had been taken for it, rejected as no mark, and the signed agreement read as unsigned."""
    rows = [["On behalf of the Party", "For MedCom"], ["Fysioterapi Lindholt", "MedCom"],
            ["Place and date: København K, 04.11.2026", "Place and date:"], [P("Dorthe Frost", ITALIC), ""],
            ["Name: Dorthe Frost", "Name:"], ["Title: Chief Information Officer", "Title:"]]
    flow = [P("Data Processing Agreement", H1),
            P("This agreement is made between Fysioterapi Lindholt, CVR no. 84229830, and MedCom, CVR no. 26919991.")]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2), table(rows, [240, 200])]
    f, problems = _fields(build(flow, FOOTER_EN))
    assert (f["signatory_name"], f["signed"]) == ("Dorthe Frost", True)
    assert not any(p["code"] in ("not_signed", "missing_field") for p in problems)


@pytest.mark.parametrize("event", ["Certified Delivered", "Certiüed Delivered"])
def test_an_envelopes_events_are_no_signers(event: str) -> None:
    """A DocuSign certificate's envelope summary ("Envelope Sent", "Certified Delivered" with its own time;
    a writer may map the "fi" ligature to another letter) lists events, not people: the one signer that is
    not MedCom's is still the party's, and the agreement signed (it had been two signers to tell apart)."""
    from .agreement_docs import dpa_with_evidence

    evidence = [P("Certificate Of Completion", H1), P("Envelope Id: DF7F701B7741E43CB28FA9CB3C14B047"),
                table([["Signer Events", "Signature", "Timestamp"],
                       ["Lone Kirkegaard\nlk@medcom.example", "LK", "Signed: 10/29/2026 | 07:23:52 PM"],
                       ["Kasper Juhl\nkaju@kystby.example", "KJ", "Signed: 10/27/2026 | 12:24:49 PM"]]),
                P("Envelope Summary Events", H2),
                table([["Envelope Sent", "Hashed/Encrypted", "10/27/2026 | 08:16:49 AM"],
                       [event, "Security Checked", "10/29/2026 | 07:20:52 PM"],
                       ["Completed", "Security Checked", "10/29/2026 | 07:23:52 PM"]])]
    f, problems = _fields(dpa_with_evidence(evidence))
    assert (f["signatory_name"], f["signature_date"], f["signed"]) == ("Kasper Juhl", "2026-10-27", True)
    assert not any(p["code"] in ("not_signed", "missing_field") for p in problems)
