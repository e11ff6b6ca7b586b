"""Agreements as the outside check's office tools lay them out (bench/outside): each general rule the reader
follows for them, on documents built here with reportlab. Party blocks one below the other as label | value
tables, a party block in prose, "/s/ Name" signatures, dates wrapped in a narrow cell, labels the reader
does not know, signer tables with a title column, and agreements that say they are another template."""
from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import PageBreak

from parsers import read_pdf

from .agreement_docs import EN_CONN_CLAUSES, H1, H2, P, build, clauses, docusign_like, table
from .pdfmaker import lines, pdf

SUBTITLE = "Health Data Network – MedCom template"


def _plain(rows: list[list[str]]) -> Any:
    """A label | value table without a grid, as a word processor lays out a party block."""
    return table(rows, [160, 280])


def _sig(date: str = "Date: 2026-11-16", name: str = "Karen Lund", signature: str = "Karen Lund") -> list[Any]:
    return [P("Signatures", H2), P("For Kystby Kommune (the connecting party)"), P(date), P(signature),
            P("Signature"), P(f"Name: {name}"), P("Title: Director"), P("For MedCom"), P("Date:"), P("Signature"),
            P("Name:"), P("Title:")]


def test_stacked_label_blocks_keep_the_partys_values() -> None:
    """The party's block and MedCom's below it, each a label | value table: "Name | MedCom" is MedCom's
    own block, not MedCom's column beside the party's, so the party's name and CVR above are kept."""
    flow = [P("Connection agreement", H1), P(SUBTITLE), P("The connecting party", H2),
            _plain([["Name", "Kystby Kommune"], ["CVR no.", "29189919"], ["Address", "Havnevej 4, 7000 Fredericia"]]),
            P("MedCom", H2), _plain([["Name", "MedCom"], ["CVR no.", "26919991"]])]
    doc = read_pdf(build(flow + clauses(EN_CONN_CLAUSES) + _sig()), "c.pdf").as_json()
    assert (doc["fields"]["organisation"], doc["fields"]["cvr"]) == ("Kystby Kommune", "29189919")


@pytest.mark.parametrize("opening", [
    "This agreement is made between Kystby Kommune, CVR no. 29189919, Havnevej 4, 7000 Fredericia (the "
    "\"party\") and MedCom, CVR no. 26919991, Forskerparken 10, 5230 Odense M.",
    "Denne aftale er indgået mellem Kystby Kommune, CVR-nr. 29189919, Havnevej 4, 7000 Fredericia (herefter "
    "»parten«) og MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M."])
def test_party_named_in_prose_with_its_cvr_after_a_comma(opening: str) -> None:
    flow = [P("Connection agreement", H1), P(SUBTITLE), P(opening)]
    doc = read_pdf(build(flow + clauses(EN_CONN_CLAUSES) + _sig()), "c.pdf").as_json()
    assert (doc["fields"]["organisation"], doc["fields"]["cvr"]) == ("Kystby Kommune", "29189919")

@pytest.mark.parametrize(("opening", "org"), [
    ("This agreement is made between Nørreå Health AB, filial af svensk selskab, Org.nr. 556527-9137, Sygehusvej "
     "75, 2300 København S (the \"connecting party\") and MedCom, CVR no. 26919991, Forskerparken 10, 5230 Odense M.",
     "Nørreå Health AB, filial af svensk selskab"),
    ("Denne aftale er indgået mellem Rønnebæk Helse AS, NUF, Org.nr. 956692678, Nørregade 37, 3310 Ølsted "
     "(herefter »dataansvarlig«) og MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M.",
     "Rønnebæk Helse AS, NUF"),
    ("This agreement is made between Vogel Medical GmbH (HRB 104711 (Amtsgericht Hamburg)), Hafenstraße 3, 20457 "
     "Hamburg (the \"connecting party\") and MedCom, CVR no. 26919991, Forskerparken 10, 5230 Odense M.",
     "Vogel Medical GmbH")])
def test_a_foreign_party_named_in_prose_with_its_home_registration(opening: str, org: str) -> None:
    """A party registered abroad names itself in prose with its home registration instead of a CVR: its name
    is read, and no registration number is taken for a CVR."""
    flow = [P("Connection agreement", H1), P(SUBTITLE), P(opening)]
    doc = read_pdf(build(flow + clauses(EN_CONN_CLAUSES) + _sig()), "c.pdf").as_json()
    assert (doc["fields"]["organisation"], doc["fields"]["cvr"]) == (org, None)
    assert not [p for p in doc["problems"] if "organisation" in (p.get("fields") or [p.get("field")])]


def test_a_conformed_signature_is_a_typed_signature() -> None:
    """"/s/ Karen Lund" on the signature line is the party's typed signature."""
    doc = read_pdf(build([P("Connection agreement", H1), P(SUBTITLE), _plain([["Name", "Kystby Kommune"],
                   ["CVR no.", "29189919"]])] + clauses(EN_CONN_CLAUSES) + _sig(signature="/s/ Karen Lund")),
                   "c.pdf").as_json()
    assert doc["fields"]["signed"] is True and doc["fields"]["signatory_name"] == "Karen Lund"


def test_nothing_on_the_signature_line_is_not_signed() -> None:
    doc = read_pdf(build([P("Connection agreement", H1), P(SUBTITLE), _plain([["Name", "Kystby Kommune"],
                   ["CVR no.", "29189919"]])] + clauses(EN_CONN_CLAUSES) + _sig(signature="/s/")), "c.pdf").as_json()
    assert doc["fields"]["signed"] is False


@pytest.mark.parametrize(("first", "second", "date"), [("København K, 2026-10-", "04", "2026-10-04"),
                                                       ("Horsens, 19/10", "2026", "2026-10-19"),
                                                       ("Odense, 17. oktober", "2026", "2026-10-17")])
def test_a_date_wrapped_in_a_narrow_cell_is_read_whole(first: str, second: str, date: str) -> None:
    p1 = [(60, 60, "Tilslutningsaftale", 18), (60, 85, "Sundhedsdatanettet – skabelon fra MedCom")] + lines(
        60, 120, ["Parten", "Organisation: Kystby Kommune", "CVR-nr.: 29189919"])
    block = [(60, 80, "Underskrifter", 12), (60, 104, "For Kystby Kommune"), (320, 104, "For MedCom"),
             (60, 124, "Sted og dato:"), (160, 124, first), (320, 124, "Sted og dato:"), (160, 137, second),
             (60, 170, "/s/ Karen Lund"), (60, 186, "Underskrift"), (320, 186, "Underskrift"),
             (60, 204, "Navn:"), (160, 204, "Karen Lund"), (320, 204, "Navn:")]
    doc = read_pdf(pdf([p1, block]), "t.pdf").as_json()
    assert doc["fields"]["signature_date"] == date


def test_a_wrapped_year_is_not_glued_to_a_date_that_has_one() -> None:
    p1 = [(60, 60, "Tilslutningsaftale", 18), (60, 85, "Sundhedsdatanettet – skabelon fra MedCom")] + lines(
        60, 120, ["Parten", "Organisation: Kystby Kommune", "CVR-nr.: 29189919"])
    block = [(60, 80, "Underskrifter", 12), (60, 104, "For Kystby Kommune"), (320, 104, "For MedCom"),
             (60, 124, "Sted og dato:"), (160, 124, "Odense, 1. marts 2026"), (320, 124, "Sted og dato:"),
             (160, 137, "2027"), (60, 170, "/s/ Karen Lund"), (60, 186, "Underskrift"), (320, 186, "Underskrift")]
    assert read_pdf(pdf([p1, block]), "t.pdf").as_json()["fields"]["signature_date"] == "2026-03-01"


def test_unknown_name_label_in_a_party_table() -> None:
    """"Legal entity | Party | MedCom": a name label the reader does not know; the party's name is the
    cell above its CVR in the same column, never the label and the name run together."""
    party = table([["", "The connecting party", "MedCom"], ["Legal entity", "Kystby Health GmbH, dansk filial",
                   "MedCom"], ["CVR no.", "29189919", "26919991"], ["Address", "Havnevej 4", "Forskerparken 10"]],
                  [110, 180, 150])
    doc = read_pdf(build([P("Connection agreement", H1), P(SUBTITLE), party] + clauses(EN_CONN_CLAUSES)
                         + _sig()), "c.pdf").as_json()
    assert (doc["fields"]["organisation"], doc["fields"]["cvr"]) == ("Kystby Health GmbH, dansk filial", "29189919")


def test_an_address_above_the_cvr_is_no_name() -> None:
    party = table([["", "The connecting party", "MedCom"], ["Street", "Havnevej 4", "Forskerparken 10"],
                   ["CVR no.", "29189919", "26919991"]], [110, 180, 150])
    doc = read_pdf(build([P("Connection agreement", H1), P(SUBTITLE), party] + clauses(EN_CONN_CLAUSES)
                         + _sig()), "c.pdf").as_json()
    assert doc["fields"]["organisation"] is None and doc["fields"]["cvr"] == "29189919"


def test_signer_tables_title_column_is_the_signatorys_title() -> None:
    evidence = [P("Certificate of Completion", H1), P("Envelope Id: K68XQ-CRN69-U2WH8-545Z9 Status: Completed"),
                P("All signers below completed the envelope; timestamps are in UTC."),
                table([["Signer", "Title", "Signed", "Signature adoption"],
                       ["Karen Lund", "Chief Information Officer", "11/25/2026 | 05:37:30 PM", "Pre-selected style"],
                       ["Mads Holm", "MedCom", "11/29/2026 | 05:30:55 PM", "Pre-selected style"]],
                      [100, 140, 130, 100])]
    flow = [P("Connection agreement", H1), P(SUBTITLE), _plain([["Name", "Kystby Kommune"], ["CVR no.", "29189919"]])]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), P("For Kystby Kommune"), P("Date:"), P("Signature"),
                                        P("Name: Karen Lund"), P("Title: Chief Information"), P("Officer")]
    doc = read_pdf(build(flow + [PageBreak()] + evidence), "c.pdf").as_json()
    f = doc["fields"]
    assert (f["signed"], f["signatory_title"], f["signature_date"]) == (True, "Chief Information Officer",
                                                                        "2026-11-25")


_OWN = [("1. Preamble", "These clauses are Kystby Kommune's own terms for every supplier that processes personal "
         "data on its behalf, including exchange over the Health Data Network."),
        ("2. Obligations of the data controller", "The controller ensures that processing complies with the GDPR."),
        ("3. The processor acts according to instructions", "The processor processes personal data only on "
         "documented instructions from the controller."),
        ("4. Confidentiality", "Only persons with a need to know have access.")]


def _own_dpa(subtitle: str) -> bytes:
    flow = [P("Data Processing Agreement", H1), P(subtitle), P("The data controller"),
            P("Kystby Kommune, CVR 29189919"), P("The data processor"), P("MedCom, CVR 26919991")]
    return build(flow + clauses(_OWN) + [P("The data controller"), P("Date: 01.11.2026"), P("Name: Karen Lund"),
                                         P("Karen Lund"), P("Signature")])


def test_standard_contractual_clauses_are_another_template() -> None:
    doc = read_pdf(_own_dpa("Standard contractual clauses under Article 28(3) of Regulation 2016/679 (GDPR)"),
                   "d.pdf").as_json()
    assert "wrong_template" in [p["code"] for p in doc["problems"]]


def test_a_document_calling_itself_medcoms_template_is_not_wrong_template() -> None:
    """The same clauses under "MedCom template": it says it is MedCom's, so the reader does not tell the
    party it is another template (a person may look; that is all)."""
    doc = read_pdf(_own_dpa(SUBTITLE + " · standard contractual clauses, Article 28(3) GDPR"), "d.pdf").as_json()
    assert "wrong_template" not in [p["code"] for p in doc["problems"]]


def test_a_service_certificate_still_reads_with_the_new_rules() -> None:
    """A DocuSign-like certificate without a title column keeps its signer and local date."""
    flow = [P("Connection agreement", H1), P(SUBTITLE), _plain([["Name", "Kystby Kommune"], ["CVR no.", "29189919"]])]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), P("For Kystby Kommune"), P("Date:"), P("Signature"),
                                        P("Name:"), PageBreak()]
    doc = read_pdf(build(flow + docusign_like("Karen Lund", "kl@kystby.example", "2026-11-18 23:40:00 UTC")),
                   "c.pdf").as_json()
    f = doc["fields"]
    assert (f["signed"], f["signatory_name"], f["signature_date"]) == (True, "Karen Lund", "2026-11-19")


def _conn(p1: list[tuple[Any, ...]]) -> bytes:
    block = [(60, 80, "Underskrifter", 12), (60, 104, "For Kystby Kommune"), (320, 104, "For MedCom"),
             (60, 124, "Dato:"), (160, 124, "16.11.2026"), (320, 124, "Dato:"), (60, 170, "/s/ Karen Lund"),
             (60, 186, "Underskrift"), (320, 186, "Underskrift"), (60, 204, "Navn:"), (160, 204, "Karen Lund"),
             (320, 204, "Navn:")]
    return pdf([[(60, 60, "Tilslutningsaftale", 18), (60, 85, "Sundhedsdatanettet – skabelon fra MedCom"), *p1],
                block])


def test_table_rules_read_as_bars_end_cells() -> None:
    """OCR reads a table's vertical rules as "|": each bar ends a cell, so MedCom's column is told apart."""
    doc = read_pdf(_conn(lines(60, 120, ["Organisation | Kystby Kommune | MedCom", "CVR | 29189919 | 26919991"])),
                   "t.pdf").as_json()
    assert (doc["fields"]["organisation"], doc["fields"]["cvr"]) == ("Kystby Kommune", "29189919")


def test_cvr_far_right_of_its_label_beside_a_misread_medcom_block() -> None:
    """"CVR-nr." with its number far right (the dotted leader lost), MedCom's block below with a misread
    label ("CYR-nr.") and its CVR: MedCom's own block, not MedCom's column, so the party's CVR is kept."""
    p1 = [(60, 120, "Dataansvarlig"), (60, 136, "Navn..."), (400, 136, "Kystby Kommune"), (60, 152, "CVR-nr."),
          (460, 152, "29189919"), (60, 176, "Databehandler"), (60, 192, "Navn..."), (460, 192, "MedCom"),
          (60, 208, "CYR-nr."), (460, 208, "26919991")]
    doc = read_pdf(_conn(p1), "t.pdf").as_json()
    assert doc["fields"]["cvr"] == "29189919"


def test_a_wrapped_block_heading_is_no_typed_signature() -> None:
    """"FOR KYSTBY KOMMUNE (DEN" / "TILSLUTTEDE PART)": the heading's second line names a role, not a
    person; with the signature line empty the agreement is not signed."""
    p1 = lines(60, 120, ["Parten", "Organisation: Kystby Kommune", "CVR-nr.: 29189919"])
    block = [(60, 80, "Underskrifter", 12), (60, 104, "FOR KYSTBY KOMMUNE (DEN"), (320, 104, "FOR MEDCOM"),
             (60, 116, "TILSLUTTEDE PART)"), (60, 136, "Dato:"), (110, 136, "12.11.2026"), (320, 136, "Dato:"),
             (60, 186, "Underskrift"), (320, 186, "Underskrift"), (60, 201, "Navn"), (60, 208, "Karen Lund"),
             (320, 201, "Navn")]
    doc = read_pdf(pdf([[(60, 60, "Tilslutningsaftale", 18), (60, 85, "Sundhedsdatanettet – skabelon fra MedCom"),
                         *p1], block]), "t.pdf").as_json()
    assert doc["fields"]["signed"] is False


def test_an_empty_date_label_beside_a_signing_services_page_is_not_found_empty() -> None:
    """The party signed through a signing service, whose page lists a signer the reader cannot match to the
    block's name: the block's empty "Date:" is no evidence the party left the date out (the service dates
    the signing), so the date is "not found", for a person, never asked of the party."""
    from reportlab.platypus import PageBreak

    from .agreement_docs import docusign_like, sig_table

    flow = [P("Connection agreement", H1), P(SUBTITLE), _plain([["Name", "Kystby Kommune"], ["CVR no.", "29189919"]])]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), sig_table("", "Karen Lund", "Director"), PageBreak()]
    doc = read_pdf(build(flow + docusign_like("Birgitte Vang", "bv@kystby.example", "2026-11-20 09:14:03 UTC")),
                   "c.pdf").as_json()
    missing = {f: p["evidence"] for p in doc["problems"] if p["code"] == "missing_field" for f in p["fields"]}
    assert missing.get("signature_date") == "not_found"


def test_a_signing_services_signer_run_into_its_title_is_the_blocks_signatory() -> None:
    """The evidence page's signer and title cells ran together ("Karen Lund Director"): the block's
    signatory with the block's title is the party's signer, and the service dates the signing."""
    from reportlab.platypus import PageBreak

    from .agreement_docs import docusign_like, sig_table

    flow = [P("Connection agreement", H1), P(SUBTITLE), _plain([["Name", "Kystby Kommune"], ["CVR no.", "29189919"]])]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), sig_table("", "Karen Lund", "Director"), PageBreak()]
    doc = read_pdf(build(flow + docusign_like("Karen Lund Director", "kl@kystby.example", "2026-11-20 09:14:03 UTC")),
                   "c.pdf").as_json()
    assert (doc["fields"]["signed"], doc["fields"]["signature_date"]) == (True, "2026-11-20")


def test_a_party_caption_run_into_medcoms_at_the_column_edge_keeps_the_partys_signature() -> None:
    """A signature table whose caption row ("For Hospitalsenheden Mosede Strand" | "For MedCom") fills the party's
    cell to its edge, so the two captions stand closer than a space ("StrandFor MedCom", as WeasyPrint set the
    fifth hand's table): the caption row is two columns, not one heading naming MedCom that made every row under
    it MedCom's (the typed-signed agreement had been read not_signed with no signatory: the worst wrong word)."""
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    caption = "For Hospitalsenheden Mosede Strand"
    width = stringWidth(caption, "Helvetica-Bold", 10) + 1.2  # the next caption 1.2 pt after this one's last letter
    rows = [["", caption, "For MedCom"], ["Date", "7 November 2026", ""], ["Signature", "Mads Christoffersen", ""],
            ["Name", "Mads Christoffersen", ""], ["Title", "Chief Information Officer", ""]]
    sig = Table(rows, colWidths=[74, width, 150])
    sig.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 10), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 1), (-1, -1), 12),
                             ("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.grey)]))
    opening = ("This agreement is made between Hospitalsenheden Mosede Strand, CVR no. 32921795, Havnevej 4, 7000 "
               "Fredericia (the \"party\") and MedCom, CVR no. 26919991, Forskerparken 10, 5230 Odense M.")
    flow = [P("Data Processor Agreement", H1), P(SUBTITLE), P(opening)] + clauses(EN_CONN_CLAUSES) + [sig]
    doc = read_pdf(build(flow), "dpa.pdf").as_json()
    fields = doc["fields"]
    assert (fields["signed"], fields["signatory_name"], fields["signature_date"]) == (
        True, "Mads Christoffersen", "2026-11-07"), doc["problems"]
    assert "not_signed" not in [p["code"] for p in doc["problems"]]


def _captions_over_values(label_leading: float, value_leading: float, title_line: str = "Titel") -> bytes:
    """A signature block whose small labels stand over their values, one under the other (a .docx printed
    by LibreOffice): "Navn (blokbogstaver)" / the name / "Titel" / the title, the title's label set as near
    to the name above it as to its own value below."""
    from reportlab.lib.styles import ParagraphStyle

    from .agreement_docs import BODY, DA_DPA_CLAUSES
    lab = ParagraphStyle("lab", parent=BODY, fontSize=7.5, leading=label_leading, spaceBefore=0, spaceAfter=0)
    val = ParagraphStyle("val", parent=BODY, fontSize=10, leading=value_leading, spaceBefore=0, spaceAfter=0)
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet – MedComs skabelon"),
            table([["Dataansvarlig", "Region Rønnebæk"], ["CVR-nr.", "77413642"]], [160, 280])]
    flow += clauses(DA_DPA_CLAUSES)
    flow += [P("Underskrifter", H2), P("For Region Rønnebæk (dataansvarlig)"), P("Sted og dato: Vejle, 2026-11-26"),
             P("/s/ Oliver Frost"), P("Underskrift", lab), P("Navn (blokbogstaver)", lab), P("Oliver Frost", val),
             P(title_line, lab), P("Administrerende direktør", val)]
    return build(flow)


@pytest.mark.parametrize(("label_leading", "value_leading"), [(9, 11), (8, 10), (9, 12)])
def test_labels_over_their_values_are_not_captions_under_the_value_above(label_leading: float,
                                                                          value_leading: float) -> None:
    """A cell is one label's value: the name under "Navn" is not also the caption value of "Titel" below it,
    so the title is the cell under "Titel" (it had read "Oliver Frost" for the title, with confidence)."""
    doc = read_pdf(_captions_over_values(label_leading, value_leading), "a.pdf").as_json()
    assert (doc["fields"]["signatory_name"], doc["fields"]["signatory_title"]) == \
        ("Oliver Frost", "Administrerende direktør")


def test_a_title_that_is_the_signatorys_name_is_uncertain() -> None:
    """The party's name written in the title's place is no job title: the title is left for staff, never
    said with confidence."""
    flow = [P("Connection agreement", H1), P(SUBTITLE), _plain([["Name", "Kystby Kommune"],
            ["CVR no.", "29189919"]])] + clauses(EN_CONN_CLAUSES)
    flow += [P("Signatures", H2), P("For Kystby Kommune (the connecting party)"), P("Date: 2026-11-16"),
             P("/s/ Karen Lund"), P("Signature"), P("Name: Karen Lund"), P("Title: Karen Lund")]
    doc = read_pdf(build(flow), "c.pdf").as_json()
    assert doc["fields"]["signatory_name"] == "Karen Lund" and doc["fields"]["signatory_title"] is None
    assert [p["field"] for p in doc["problems"] if p["code"] == "uncertain"] == ["signatory_title"]


def test_a_service_pages_typed_signature_beside_the_signer_is_no_title() -> None:
    """DocuSign's signer row holds the name, then the typed signature ("Karen Lund" in italics): the cell
    beside the signer's name is no job title (it had been read as the title, with confidence)."""
    from .agreement_docs import EVIDENCE_OTHER_LANGUAGE, dpa_with_evidence
    doc = read_pdf(dpa_with_evidence(EVIDENCE_OTHER_LANGUAGE["docusign_en_rows"]()), "dpa.pdf").as_json()
    assert (doc["fields"]["signatory_name"], doc["fields"]["signatory_title"]) == ("Karen Lund", None)
    assert doc["problems"] == []


def test_a_partys_block_under_medcoms_keeps_its_long_caption() -> None:
    """MedCom's empty block first, then the party's under a caption longer than a heading is ("For Fjeldså Health
    AB, filial af svensk selskab (the controller)", held-out outside check seed 5307, pdftk): the caption ends
    MedCom's block, so the party's filled date, typed signature and name are read, never MedCom's empty ones
    taken for the party's (a signed agreement said unsigned with confidence)."""
    org = "Fjeldså Health AB, filial af svensk selskab"
    flow = [P("Connection agreement", H1), P(SUBTITLE), P("The connecting party", H2),
            _plain([["Name", org], ["Org. no.", "556527-9137"]])]
    sig = [P("Signatures", H2), P("For MedCom"), P("Date:"), P("Signature"), P("Name:"), P("Position:"),
           P(f"For {org} (the controller)"), P("Date: October 11, 2026"), P("Matthias Schneider"), P("Signature"),
           P("Name: Matthias Schneider"), P("Position: Chief Operating Officer")]
    doc = read_pdf(build(flow + clauses(EN_CONN_CLAUSES) + sig), "c.pdf").as_json()
    f = doc["fields"]
    assert (f["signatory_name"], f["signature_date"]) == ("Matthias Schneider", "2026-10-11")
    assert not [p for p in doc["problems"] if p["code"] == "not_signed"]


def test_the_signature_sections_heading_alone_is_no_empty_signature_place() -> None:
    """Where the party's block is not told apart from MedCom's (here MedCom's block runs to the section's end, a
    block with no caption of its own after it), all that is left of it is the section's heading "Signatures":
    that is no signature label found empty, so the agreement is never said unsigned to the party (at most a
    person looks)."""
    flow = [P("Connection agreement", H1), P(SUBTITLE), P("The connecting party", H2),
            _plain([["Name", "Kystby Kommune"], ["CVR no.", "29189919"]])]
    sig = [P("Signatures", H2), P("For MedCom"), P("Date:"), P("Signature"), P("Name:"), P("Position:"),
           P("Date: 2026-11-16"), P("Karen Lund"), P("Signature"), P("Name: Karen Lund"), P("Position: Director")]
    doc = read_pdf(build(flow + clauses(EN_CONN_CLAUSES) + sig), "c.pdf").as_json()
    assert not [p for p in doc["problems"] if p["code"] == "not_signed" and p.get("evidence") == "found_empty"]


@pytest.mark.parametrize("role", ["(the connecting", "(the"])
def test_a_caption_whose_role_in_brackets_wraps_names_the_party_as_read(role: str) -> None:
    """Held-out whole cases seed 4718 (c33, c34): "For Kragsø Data A/S (the connecting" over "party)": the caption's
    role in brackets wrapped, so its opening bracket stood alone at the line's end, and the caption was taken to go
    on past the name the party's block gave: the organisation `uncertain`, two cases held for staff."""
    flow = [P("Connection agreement", H1), P(SUBTITLE), P("The connecting party", H2),
            _plain([["Name", "Kragsø Data A/S"], ["CVR no.", "29189919"]])]
    sig = [P("Signatures", H2), P(f"For Kragsø Data A/S {role}"), P("connecting party)" if role == "(the" else
                                                                    "party)"),
           P("Date: 2026-11-16"), P("Karen Lund"), P("Signature"), P("Name: Karen Lund"), P("Title: Director"),
           P("For MedCom"), P("Date:"), P("Signature"), P("Name:"), P("Title:")]
    doc = read_pdf(build(flow + clauses(EN_CONN_CLAUSES) + sig), "c.pdf").as_json()
    assert doc["fields"]["organisation"] == "Kragsø Data A/S"
    assert not [p for p in doc["problems"] if p["code"] == "uncertain" and p.get("field") == "organisation"]


def test_a_blank_blocks_footer_is_no_signatorys_name() -> None:
    """A blank agreement (held-out tenth hand, pycairo): "Navn og titel:" left empty at the foot of the party's
    block, the page's footer "Tornby Laboratorium ApS · tornby-it.example" set small right under it. The footer
    was read as the signatory's name, with confidence (a dangerous answer: a web address in a person's name)."""
    p1 = lines(60, 120, ["Parten", "Organisation: Tornby Laboratorium ApS", "CVR-nr.: 50004600"])
    block = [(60, 59, "Parternes underskrift", 11), (60, 82, "For MedCom", 11), (60, 98, "Sted og dato:"),
             (60, 133, "Underskrift", 7), (60, 143, "Navn:"), (60, 158, "Titel:"),
             (60, 198, "For og på vegne af Tornby Laboratorium ApS", 11), (60, 214, "Sted og dato:"),
             (60, 249, "Underskrift", 7), (60, 259, "Navn og titel:"),
             (60, 276, "Tornby Laboratorium ApS · tornby-it.example", 7.5)]
    doc = read_pdf(pdf([[(60, 60, "Tilslutningsaftale", 18), (60, 85, "Sundhedsdatanettet – skabelon fra MedCom"),
                         *p1], block]), "t.pdf").as_json()
    assert doc["fields"]["signatory_name"] is None
    assert doc["fields"]["signed"] is False
