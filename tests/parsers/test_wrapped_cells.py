"""A value that wraps in its cell of the signature block is read whole, and only on evidence of a wrap:
a title set after a tab ("Position: <tab> Chief Operating" / "Officer", the rest back at the line's left
edge), a title in a narrow table cell, and a line below that fits beside the value (a row of its own)."""
from __future__ import annotations

import textwrap

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from parsers import read_pdf
from parsers.documents.page import read_content

from .agreement_docs import EN_CONN_CLAUSES, H1, H2, P, build, clauses, table
from .pdfmaker import pdf

HEAD = ["Connection agreement – SDN", "Health Data Network – MedCom template", "The Party",
        "Name: Kystby Data A/S", "CVR no.: 29189919", "MedCom", "Name: MedCom", "CVR no.: 26919991"]


def _clauses(items: list[tuple], y: float) -> float:
    """The agreement's clauses, drawn line by line from `y` down; where they end."""
    for heading, body in EN_CONN_CLAUSES:
        items.append((62, y, heading))
        y += 14
        for part in textwrap.wrap(body, 95):
            items.append((62, y, part))
            y += 13
    return y


_EN_HEAD: list[tuple] = [(62, 60, "Connection agreement – SDN"), (62, 76, "Health Data Network – MedCom template"),
                         (62, 100, "Name: Kystby Data A/S"), (62, 116, "CVR no.: 29189919")]


def _tabbed(title_lines: list[str]) -> bytes:
    """The agreement drawn line by line, the signature block in two columns with values set at a tab."""
    items: list[tuple] = []
    y = 60.0
    for text in HEAD:
        items.append((62, y, text))
        y += 16
    y = _clauses(items, y)
    items += [(62, y + 10, "Signatures"), (64, y + 30, "For MedCom"), (302, y + 30, "For Kystby Data A/S"),
              (302, y + 45, "Date: 14 November 2026"), (302, y + 60, "Signature"), (302, y + 75, "Karin Holm"),
              (64, y + 60, "Name:"), (302, y + 90, "Name:"), (440, y + 90, "Karin Holm"), (302, y + 105, "Position:")]
    items.append((440, y + 105, title_lines[0]))
    items += [(302, y + 105 + 12.5 * (n + 1), t) for n, t in enumerate(title_lines[1:])]
    return pdf([items])


def test_a_title_wrapped_after_a_tab_is_read_whole() -> None:
    """"Chief Operating" runs to the column's edge; "Officer" starts the next line at the line's left edge."""
    data = _tabbed(["Chief Operating Officer of", "Kystby"])
    f = read_pdf(data, "tabbed.pdf").as_json()["fields"]
    assert f["signatory_title"] == "Chief Operating Officer of Kystby"
    assert f["signatory_name"] == "Karin Holm"


def test_a_line_that_would_have_fitted_is_not_the_rest() -> None:
    """A short title with room beside it: the word below is no wrap of it (it would have fitted)."""
    f = read_pdf(_tabbed(["CEO", "Kystby"]), "roomy.pdf").as_json()["fields"]
    assert f["signatory_title"] == "CEO"


def test_a_title_wrapped_in_a_narrow_table_cell() -> None:
    flow = [P("Connection agreement", H1), P("Health Data Network – MedCom template"),
            table([["The Party", "MedCom"], ["Name: Kystby Data A/S", "Name: MedCom"],
                   ["CVR no.: 29189919", "CVR no.: 26919991"]], [220, 220])]
    flow += clauses(EN_CONN_CLAUSES) + [P("Signatures", H2), table(
        [["For MedCom", "For the Party"], ["Date:", "Date: 14 November 2026"], ["Name:", "Name: Karin Holm"],
         ["Title:", "Title: Chief Operating Officer"]], [300, 120])]
    data = build(flow)
    assert any(ln.text.strip() == "Officer" for ln in read_content(data).lines), "the fixture must wrap"
    f = read_pdf(data, "narrow.pdf").as_json()["fields"]
    assert (f["signatory_title"], f["signatory_name"]) == ("Chief Operating Officer", "Karin Holm")


def _run_together(party_value: str) -> bytes:
    """A signature table whose cells stand closer than a word gap, as a word processor prints narrow ones:
    the two column headings run into one cell, and so does the party's title with MedCom's label."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    head = "For Kystby Data A/S (the connecting party)"
    medcom = 64 + stringWidth(head, "Helvetica", 10) + 8  # MedCom's column starts 8 pt after the heading

    def value_x(text: str) -> float:  # a value that ends 8 pt before MedCom's column
        return medcom - 8 - stringWidth(text, "Helvetica", 10)

    items: list[tuple] = [(62, 60, "Connection agreement – SDN"), (62, 76, "Health Data Network – MedCom template"),
                          (62, 100, "Company" + "." * 90 + "Kystby Data A/S"),
                          (62, 116, "CVR no." + "." * 96 + "29189919"),
                          (62, 140, "Company" + "." * 90 + "MedCom"), (62, 156, "CVR no." + "." * 96 + "26919991")]
    y = _clauses(items, 180.0)
    items += [(62, y + 10, "Signatures"), (64, y + 30, head), (medcom, y + 30, "For MedCom"),
              (64, y + 48, "Date:"), (value_x("14 November 2026"), y + 48, "14 November 2026"),
              (medcom, y + 48, "Date:"), (64, y + 66, "Name:"), (value_x("Karin Holm"), y + 66, "Karin Holm"),
              (medcom, y + 66, "Name:"), (64, y + 84, "Title:"), (value_x(party_value), y + 84, party_value),
              (medcom, y + 84, "Title:"), (64, y + 102, "Signature:"),
              (value_x("/s/ Karin Holm"), y + 102, "/s/ Karin Holm"), (medcom, y + 102, "Signature:")]
    return pdf([items])


def test_cells_run_together_are_read_apart() -> None:
    """Dotted leaders do not make a label a sentence; headings and a value run into the next column's
    heading or label are cut where that one starts."""
    data = _run_together("Managing")
    assert any("Managing Title:" in ln.text for ln in read_content(data).lines), "the fixture must run together"
    f = read_pdf(data, "together.pdf").as_json()["fields"]
    assert (f["organisation"], f["cvr"]) == ("Kystby Data A/S", "29189919")
    assert (f["signatory_title"], f["signatory_name"], f["signed"]) == ("Managing", "Karin Holm", True)


def _date_then_typed(size: float) -> bytes:
    """A dated row whose value ends near MedCom's column, the party's typed name right under it."""
    items = list(_EN_HEAD)
    y = _clauses(items, 140.0)
    items += [(62, y + 10, "Signatures"), (64, y + 30, "For Kystby Data A/S"), (302, y + 30, "For MedCom"),
              (64, y + 46, "Date:"), (230, y + 46, "2026-11-30"), (302, y + 46, "Date:"),
              (64, y + 46 + 13.5, "Kasper Frost", size), (64, y + 80, "Signature"), (302, y + 80, "Signature"),
              (64, y + 96, "Name: Kasper Frost"), (302, y + 96, "Name:")]
    return pdf([items])


def test_a_typed_name_under_a_date_is_a_signature_not_its_rest() -> None:
    """A name in a larger hand right under the date is the party's typed signature: the date is whole."""
    f = read_pdf(_date_then_typed(14), "typed.pdf").as_json()["fields"]
    assert (f["signature_date"], f["signed"], f["signatory_name"]) == ("2026-11-30", True, "Kasper Frost")


def test_a_wrapped_label_keeps_its_value_from_being_taken_for_a_signature() -> None:
    """"Name in block" over "letters:", the name beside the first line: the name is the label's value (the
    signatory), not a typed signature; nothing stands at the signature label, so it is not signed."""
    items = list(_EN_HEAD)
    y = _clauses(items, 140.0)
    items += [(62, y + 10, "Signatures"), (64, y + 30, "For MedCom"), (321, y + 30, "For Kystby Data A/S"),
              (64, y + 46, "Date:"), (321, y + 46, "Date:"), (366, y + 46, "09.10.2026"),
              (64, y + 70, "Signature"), (321, y + 80, "Signature"),
              (64, y + 92, "Name in block"), (64, y + 103, "letters:"),
              (321, y + 103, "Name in block"), (415, y + 103, "Sigrid Solberg"), (321, y + 114, "letters:"),
              (64, y + 125, "Position:"), (321, y + 128, "Position:"), (415, y + 128, "Director")]
    doc = read_pdf(pdf([items]), "wrapped-label.pdf").as_json()
    f = doc["fields"]
    assert (f["signatory_name"], f["signed"]) == ("Sigrid Solberg", False)


@pytest.mark.parametrize("when", ["10/1/2026 | 08:00:29 AM", "1/10/2026 08:00:29 UTC", "10/1/2026 | 04:31:43 PM"])
def test_an_evidence_page_written_month_first(when: str) -> None:
    """DocuSign writes 10/1/2026 with a 12-hour clock: the 1st of October, not the 10th of January; a
    slashed date without such a sign stays day first as Danes write it."""
    from reportlab.platypus import PageBreak

    from .agreement_docs import DA_DPA_CLAUSES, docusign_like, sig_table
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"], ["Organisation: Kystby Kommune",
                   "Organisation: MedCom"], ["CVR-nr.: 29189919", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), sig_table("", "Karen Lund", "Direktør", lang="da"),
                                       PageBreak()]
    doc = read_pdf(build(flow + docusign_like("Karen Lund", "kl@kystby.example", when)), "d.pdf").as_json()
    assert (doc["fields"]["signature_date"], doc["fields"]["signed"]) == ("2026-10-01", True)


@pytest.mark.parametrize(("cell", "want"), [("Nørreå Health AB, filial af<br/>svensk selskab",
                                              "Nørreå Health AB, filial af svensk selskab"),
                                             ("Nørreå Health AB, filial af", None)])
def test_an_organisation_cut_short_in_its_cell(cell: str, want: str | None) -> None:
    """A name that cannot end where it does ("..., filial af") goes on in the line below its start; with
    nothing there it is not given as the name: `uncertain`, for staff."""
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            table([["", "Dataansvarlig", "Databehandler"], ["Navn", P(cell), "MedCom"],
                   ["CVR", "41679336", "26919991"]], [80, 160, 160])]
    from .agreement_docs import DA_DPA_CLAUSES, sig_table
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), sig_table("2026-10-01", "Karen Lund", "Direktør",
                                                                        "Karen Lund", lang="da")]
    doc = read_pdf(build(flow), "d.pdf").as_json()
    assert doc["fields"]["organisation"] == want
    if want is None:
        assert any(p["code"] == "uncertain" and p.get("field") == "organisation" for p in doc["problems"])


def test_a_signing_time_wrapped_in_its_cell_is_still_a_moment_of_signing() -> None:
    """A signing service's signer table with a narrow "Signed (UTC)" column prints the date and, under it, the
    clock: the page is still the evidence that the party signed (before, the page was not seen as evidence and
    the party was told its signed agreement was unsigned)."""
    from reportlab.platypus import PageBreak

    from .agreement_docs import DA_DPA_CLAUSES, sig_table
    flow = [P("Databehandleraftale", H1), P("Sundhedsdatanettet (SDN)"),
            table([["Den dataansvarlige", "Databehandleren (MedCom)"], ["Organisation: Kystby Kommune",
                   "Organisation: MedCom"], ["CVR-nr.: 29189919", "CVR-nr.: 26919991"]], [220, 220])]
    flow += clauses(DA_DPA_CLAUSES) + [P("Underskrifter", H2), sig_table("", "", "", lang="da"), PageBreak()]
    flow += [P("Signing evidence – Verified", H1), P("Document ID ZMQSW-QQQ9N-N92ZP-E882L"),
             P("All parties listed below have signed electronically with an approved e-ID."),
             table([["Name", "Title", "Signed (UTC)", "e-ID"], ["Karen Lund", "Direktør", "2026-11-22<br/>08:08:55",
                    "MitID"], ["Lone Kirkegaard", "MedCom", "2026-11-28<br/>12:41:32", "MitID"]], [130, 130, 70, 60])]
    fields = read_pdf(build(flow), "v.pdf").as_json()["fields"]
    assert (fields["signed"], fields["signature_date"], fields["signatory_name"]) == (True, "2026-11-22", "Karen Lund")


@pytest.mark.parametrize("medcom_last", [False, True])
@pytest.mark.parametrize(("name", "want"), [
    ("Nørreå Health AB, filial af svensk selskab", "Nørreå Health AB, filial af svensk selskab"),
    ("Kystby Kommune Sundhed", "Kystby Kommune")])
def test_an_organisation_wrapped_in_its_cell(name: str, want: str, medcom_last: bool) -> None:
    """The party's column is the table's last, reaching the page's right edge, or MedCom's stands right of
    it: a name whose next word would not have fitted in the cell goes on in the line below ("... filial af
    svensk" / "selskab", no dangling word to tell it); a line that would have fitted beside the name
    ("Sundhed", set on its own line) is a line of its own, not the name's rest."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from .agreement_docs import EN_DPA_CLAUSES, sig_table

    body = getSampleStyleSheet()["BodyText"]
    head, _, tail = name.rpartition(" ")
    if want == name:  # room for all but the last word: the word processor wraps it
        cell = name
        width = stringWidth(head, body.fontName, body.fontSize) + 12 + 4
    else:  # the last word set on a line of its own, though it would have fitted
        cell = f"{head}<br/>{tail}"
        width = 260.0
    rows = [["", "Data processor", "Data controller"], ["Legal entity", "MedCom", cell],
            ["CVR no.", "26919991", "41679336"]]
    widths = [120, 475 - 120 - width, width]
    if medcom_last:
        rows, widths = [[r[0], r[2], r[1]] for r in rows], [120, width, 475 - 120 - width]
    flow = [P("Data processor agreement", H1), P("Health Data Network – MedCom template"), table(rows, widths)]
    flow += clauses(EN_DPA_CLAUSES) + [P("Signatures", H2), sig_table("2026-10-01", "Karen Lund", "Director",
                                                                      "Karen Lund")]
    doc = read_pdf(build(flow), "d.pdf").as_json()
    assert doc["fields"]["organisation"] == want


def test_a_name_typed_under_the_party_s_caption_is_no_wrapped_rest_of_it() -> None:
    """"For Klinisk Laboratorium Skovlund ApS:" cut by the page model at a column's start (the "(navn)"
    captions beside the block start where "ApS:" does), "/Karin Holm/" typed under it: the caption's text went
    on one space after its first cell, it ended there, so the name under it is the typed signature, not the
    caption's rest (read as one, the block had no signature, and the party would have been told its signed
    agreement was unsigned: the ninth hand on held-out seed 2583)."""
    items = list(_EN_HEAD)
    y = _clauses(items, 140.0)
    caption = "For Klinisk Laboratorium Skovlund"
    # the caption's last word one wide word space on (3.5 pt: LibreOffice's DejaVu Serif), where the captions
    # of the block's fields start: a column's start, so the page model cuts the caption's line there
    after = 64 + stringWidth(caption, "Helvetica", 10) + 3.5
    items += [(62, y + 10, "Signatures"), (64, y + 30, caption), (after, y + 30, "ApS:"), (64, y + 42, "/Karin Holm/"),
              (64, y + 54, "________________________________"), (64, y + 66, "Karin Holm"), (after, y + 66, "(navn)"),
              (64, y + 80, "Administrerende direktør"), (after, y + 80, "(stilling)"),
              (64, y + 94, "30. november 2026"), (after, y + 94, "(dato)")]
    f = read_pdf(pdf([items]), "caption.pdf").as_json()["fields"]
    assert (f["signed"], f["signatory_name"]) == (True, "Karin Holm")
