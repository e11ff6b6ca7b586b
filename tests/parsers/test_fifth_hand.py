"""Classes the fifth outside hand (bench/outside/fifth_hand.py: LaTeX, groff, WeasyPrint) showed, each drawn
here by the real tool: groff -ms (and tbl) to PostScript, then Ghostscript's ps2pdf, as a Unix user prints."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from parsers.documents.pipeline import read_pdf
from tests.servers._util import apt_install


def groff_pdf(source: str) -> bytes:
    """groff -ms (tbl too) to PostScript and ps2pdf to PDF; groff's Debian package (small) installed when missing."""
    if not shutil.which("groff") or not Path("/usr/share/groff/current/tmac/s.tmac").exists() \
            or not shutil.which("ps2pdf"):
        apt_install("groff", "ghostscript")
    ps = subprocess.run(["groff", "-Kutf8", "-t", "-ms", "-Tps", "-dpaper=a4", "-P-pa4"], input=source.encode(),
                        capture_output=True, check=True, timeout=60).stdout
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "in.ps").write_bytes(ps)
        subprocess.run(["ps2pdf", "-sPAPERSIZE=a4", "in.ps", "out.pdf"], cwd=d, check=True, capture_output=True,
                       timeout=60)
        return (Path(d) / "out.pdf").read_bytes()


TERMS = ["Aftalen regulerer partens adgang til og brug af Sundhedsdatanettet, som MedCom stiller til rådighed.",
         "Behandling af personoplysninger sker alene efter dokumenteret instruks og i overensstemmelse med "
         "gældende databeskyttelsesregler.",
         "Aftalen er gældende fra underskriften og kan opsiges skriftligt med tre måneders varsel."]


def _agreement(org: str, cvr: str, sign: list[str], evidence: list[str]) -> str:
    """A data processor agreement in groff -ms: the parties in a sentence, numbered clauses, the party's
    signature place (lines `sign`), and a signing service's page (`evidence`) after a page break."""
    src = [".TL", "Databehandleraftale vedrørende Sundhedsdatanettet", ".LP",
           f"Aftalen er indgået mellem {org}, CVR-nr. {cvr}, Bakkevej 4, 8000 Aarhus C (herefter »den "
           "dataansvarlige«), og MedCom, CVR-nr. 26919991, Forskerparken 10, 5230 Odense M "
           "(herefter »databehandleren«)."]
    for t in TERMS:
        src += [".NH", "", ".PP", t]
    src += [".sp 2", ".LP", f"\\fBFor {org}\\fP", ".sp"]
    for line in sign:
        src += [".br", line]
    if evidence:
        src += [".bp", ".LP"]
        for line in evidence:
            src += [".br", line]
    return "\n".join(src) + "\n"


def test_an_envelope_whose_status_says_sent_is_a_round_not_finished_and_its_sent_date_no_signing_date() -> None:
    """DocuSign's certificate of a round not finished says "Status: Sent" and gives the day it was sent
    ("Sent: 10/18/2026") with no clock: that day was read as the party's signing date, a confident wrong date on
    an unsigned agreement. A service's status that says sent (not completed) is no signature."""
    pdf = groff_pdf(_agreement(
        "Mosede Strand Sygehus", "75406681",
        ["Dato: ________________________", ".sp 2", "____________________________________", "Underskrift",
         "Navn: Jens Lykke", "Stilling: Digitaliseringschef"],
        ["\\fBCertificate Of Completion\\fP", "Envelope Id: 71EB6205-A77D",
         "Subject: Databehandleraftale vedrørende Sundhedsdatanettet", "Status: Sent", "Signer Events",
         "Jens Lykke jens.lykke@mosede-strand.example", "Digitaliseringschef", "Sent: 10/18/2026"]))
    doc = read_pdf(pdf, "dba.pdf")
    assert doc.fields.signature_date is None
    assert doc.fields.signed is False
    assert "not_signed" in {p.code for p in doc.problems}


def _letter(lang: str) -> str:
    """A letter to MedCom in groff -ms giving the form's answers in prose paragraphs (justified, as -ms sets
    them), its subject line naming the party too."""
    if lang == "da":
        paras = ["Til MedCom, SDN", ".sp 2", ".LP", "\\fBTilslutning af Klinik Bøgeskov ApS\\fP", ".sp", ".LP",
                 "Kære MedCom", ".PP",
                 "Hermed vores oplysninger til tilslutningen til Sundhedsdatanettet. Vi er et privathospital og "
                 "hedder Klinik Bøgeskov ApS, CVR-nr. 7540 6681.", ".PP",
                 "Vi tilslutter os selv, altså hverken gennem KMD eller en systemleverandør.", ".PP",
                 "Udstyret skal installeres på adressen Lupinvej 12, 8920 Randers NV. Følgende net skal på SDN: "
                 "10.13.97.0/24.", ".PP",
                 "Teknisk kontaktperson er Ulla Abildgaard (ulla.abildgaard@boegeskov.example, tlf. 93 61 24 04).",
                 ".PP", "Kontaktperson for aftalen er undertegnede, Dorthe Skovbo, som kan træffes på "
                 "dosk@boegeskov.example eller 65 94 29 88.", ".sp", ".LP", "Med venlig hilsen", ".sp 2", ".br",
                 "Dorthe Skovbo"]
    else:
        paras = ["To MedCom, SDN", ".sp 2", ".LP", "\\fBConnection of Hvidmose Laboratorium ApS\\fP", ".sp", ".LP",
                 "Dear MedCom", ".PP",
                 "Please find our details for the connection to the Health Data Network. We are a private laboratory "
                 "named Hvidmose Laboratorium ApS, CVR no. 7540 6681.", ".PP",
                 "We connect ourselves, neither through KMD nor through a system vendor.", ".PP",
                 "The equipment is to be installed at Tværgade 55, 8410 Rønde. These networks are to be on SDN: "
                 "172.27.61.0/24.", ".PP",
                 "Our technical contact is Søren Christoffersen (soeren@hvidmose.example, phone 67 87 59 53).", ".PP",
                 "The contact for the agreement is the undersigned, Cecilie Frost, who can be reached at "
                 "cefr@hvidmose.example or 27 66 15 90.", ".sp", ".LP", "Kind regards", ".sp 2", ".br", "Cecilie Frost"]
    return ".nr PS 11\n.nr VS 14\n.LP\n" + "\n".join(paras) + "\n"


def test_a_letter_that_connects_neither_through_kmd_nor_a_vendor_is_connected_directly() -> None:
    """"Vi tilslutter os selv, altså hverken gennem KMD eller en systemleverandør" was read as via KMD: a
    confident wrong umbrella. "Hverken"/"neither" negates what follows it in its clause."""
    for lang in ("da", "en"):
        doc = read_pdf(groff_pdf(_letter(lang)), "skema.pdf")
        assert doc.kind == "information_form"
        assert doc.fields.connected_via is None, lang
        uncertain = {f for p in doc.problems if p.code == "uncertain" for f in (p.fields or [])}
        assert "connected_via" not in uncertain


def test_a_letter_names_the_party_after_hedder_or_named_not_by_its_subject_line() -> None:
    """"Vi er et privathospital og hedder Klinik Bøgeskov ApS, CVR-nr. ...": the name after "hedder"/"named"
    is the party; the subject line "Tilslutning af Klinik Bøgeskov ApS" was taken for its name instead."""
    for lang, org in (("da", "Klinik Bøgeskov ApS"), ("en", "Hvidmose Laboratorium ApS")):
        doc = read_pdf(groff_pdf(_letter(lang)), "skema.pdf")
        assert doc.fields.organisation == org
        assert doc.fields.cvr == "75406681"


def _tbl_form(note: str) -> str:
    """An information form as a boxed groff tbl table (bold labels, answers in Courier), the networks' label
    saying how a network is written, and a footnote (-ms .FS/.FE) saying it again."""
    rows = [("Organisationens officielle navn", "Lægehuset Hvidmose"), ("Organisationens CVR-nummer", "7540 6681"),
            ("Organisationstype", "Praksis under sygesikringen"), ("Tilsluttes via KMD?", "Nej"),
            ("Kontaktperson for aftalen", "Torben Aagaard, toaa@hvidmose.example, 83 96 58 71"),
            (f"IP-net på SDN ({note})", "192.168.160.32/27"),
            ("Installationsadresse", "Engtoften 77, 1829 Frederiksberg C")]
    src = [".nr PS 10", ".nr VS 13", ".TL", "SDN \\- jeres oplysninger", ".LP", ".ad l", ".TS", "allbox tab(^);",
           "lb lw(7.5c)fCR."]
    src += [f"T{{\n{k}\nT}}^T{{\n{v}\nT}}" for k, v in rows]
    src += [".TE", ".FS", note, ".FE", ".sp", ".LP", "\\fBTekniske kontaktpersoner\\fP", ".TS", "box tab(^);",
            "lb lb lb", "l l l.", "Fulde navn^E-post^Telefonnummer", "_",
            "Ulla Abildgaard^ulla.abildgaard@hvidmose.example^+45 93612404",
            "Lasse Bødker^labo@hvidmose.example^5100 5642", ".TE"]
    return "\n".join(src) + "\n"


def test_a_network_given_as_the_instructions_example_is_no_network_of_the_party() -> None:
    """A note on the form, "Angiv net i CIDR-notation, fx 10.0.0.0/24", gave 10.0.0.0/24 as one of the party's
    networks: a confident wrong scope. A network right after "fx", "f.eks.", "e.g." is an example."""
    for note in ("Angiv net i CIDR-notation, fx 10.0.0.0/24", "Give networks in CIDR notation, e.g. 10.0.0.0/24",
                 "skriv nettet med præfiks, for eksempel: 10.0.0.0/24"):
        doc = read_pdf(groff_pdf(_tbl_form(note)), "skema.pdf")
        assert doc.kind == "information_form"
        assert doc.fields.ip_scopes == ["192.168.160.32/27"], note


def test_words_set_closer_than_3_pt_in_small_type_are_still_words() -> None:
    """groff sets 10-11 pt Times with spaces of 2.5-2.75 pt and draws no space glyphs; pdfplumber's fixed 3 pt
    rule ran them together ("EgelevData A/S", "LærkeRiis": confident wrong names; the party sentence
    "AftalenerindgåetmellemEgelev..." not read at all). A gap of a fifth of the type's size parts two words."""
    pdf = groff_pdf(".nr PS 10\n" + _agreement(
        "Egelev Data A/S", "4946 7613",
        ["Dato: 3.11.2026", ".sp", "\\fI\\s+4Lærke Riis\\s0\\fP", ".br", "____________________________________",
         "Underskrift", "Navn: Lærke Riis", "Stilling: Direktør"], []))
    doc = read_pdf(pdf, "dba.pdf")
    assert doc.fields.organisation == "Egelev Data A/S"
    assert doc.fields.cvr == "49467613"
    assert doc.fields.signatory_name == "Lærke Riis"
    assert doc.fields.signature_date == "2026-11-03"


def test_a_signer_written_with_the_address_in_angle_brackets_is_the_signer_of_its_status_line() -> None:
    """Visma Addo's flow in this hand's words: "Lærke Riis <laeri@egelev.example>" then "Status: Underskrevet
    13-10-2026 10:22 (MitID)". The name before an address in angle brackets was not taken for a signer, so the
    signing date was missing on a signed agreement."""
    pdf = groff_pdf(_agreement(
        "Havrum Software ApS", "4946 7613",
        ["Dato:", ".sp 2", "____________________________________", "Underskrift", "Navn: Lærke Riis",
         "Stilling: Direktør"],
        ["\\fBVisma Addo Sign \\(en underskriftsforløb\\fP", "Forsendelse 8F3A21C0-77D2, oprettet 12-10-2026",
         "Lærke Riis <laeri@havrum.example>", "Status: Underskrevet 13-10-2026 10:22 (MitID)"]))
    doc = read_pdf(pdf, "dba.pdf")
    assert doc.fields.signed is True
    assert doc.fields.signature_date == "2026-10-13"
    assert doc.fields.signatory_name == "Lærke Riis"


def test_a_service_page_of_short_lines_names_its_signer_even_where_a_line_was_taken_for_a_wrap() -> None:
    """Scrive's verification in this hand's words, lines set with .br: "Dokument: <title>" is the page's
    longest line, so the signer's line under it ("Asger Aagaard, IT-chef, Hospitalsenheden Vester Lyng") was
    read as that value's wrapped end, no signer was found, and a signed agreement was read as unsigned (a
    wrong word to the party). One person named on a service's page with one moment of signing is its signer."""
    pdf = groff_pdf(_agreement(
        "Hospitalsenheden Vester Lyng", "7583 1854",
        ["Dato:", ".sp 2", "____________________________________", "Underskrift", "Navn: Asger Aagaard",
         "Stilling: IT-chef"],
        ["\\fB\\s+2Verifikat\\s0\\fP", ".sp", "Transaktion F5834B7C-290C",
         "Dokument: Databehandleraftale vedrørende Sundhedsdatanettet",
         "Asger Aagaard, IT-chef, Hospitalsenheden Vester Lyng",
         "Underskrevet 2026-11-26 09:52:50 CET, identificeret med MitID"]))
    doc = read_pdf(pdf, "dba.pdf")
    assert doc.fields.signed is True
    assert doc.fields.signature_date == "2026-11-26"


def test_a_tables_next_row_in_columns_sized_to_their_widest_entry_is_no_wrap() -> None:
    """tbl sizes each column to its widest entry and draws no rules between rows, so every cell of a row is
    "full" and the next row's cells were read as their wrapped ends: "Ulla Abildgaard Lasse Bødker", the second
    address joined to the first (a confident wrong contact list). A row with a whole address under a whole
    address, or a phone number, in the columns of the row above is a row of its own."""
    doc = read_pdf(groff_pdf(_tbl_form("CIDR")), "skema.pdf")
    assert [(c.name, c.email, c.phone) for c in doc.fields.technical_contacts] == [
        ("Ulla Abildgaard", "ulla.abildgaard@hvidmose.example", "+4593612404"),
        ("Lasse Bødker", "labo@hvidmose.example", "+4551005642")]


def test_a_letter_names_its_vendor_after_a_comma_and_its_type_after_a_mail_merge_article() -> None:
    """"Tilslutningen sker gennem vores systemleverandør, Medisys Nord ApS." (the vendor after a comma) and "Vi er
    et/en region" (a mail merge's article for any type) were both missed."""
    src = _letter("da").replace("Vi er et privathospital og", "Vi er et/en region og").replace(
        "Vi tilslutter os selv, altså hverken gennem KMD eller en systemleverandør.",
        "Tilslutningen sker gennem vores systemleverandør, Medisys Nord ApS.")
    doc = read_pdf(groff_pdf(src), "skema.pdf")
    assert doc.fields.connected_via == "Medisys Nord ApS"
    assert doc.fields.party_type == "region"


def test_a_space_glyph_drawn_over_the_next_word_ends_no_word() -> None:
    """ps2pdf, given groff's justified PostScript, may set a line's space glyph a word early, over the next
    word's letters ("Bakkev ej91," for "Bakkevej 91,"): the installation address was lost. Where the glyphs on
    either side touch, the page shows no gap and no word ends there."""
    src = _letter("en").replace(
        "The equipment is to be installed at Tværgade 55, 8410 Rønde. These networks are to be on SDN: "
        "172.27.61.0/24.",
        "The equipment is to be installed at Bakkevej 91, 9940 Læsø. These networks are to be on SDN: "
        "10.133.96.0/24, 10.84.191.0/24.").replace(
        "We are a private laboratory named Hvidmose Laboratorium ApS",
        "We are a practice under public health insurance named Lægehuset Nørreå")
    doc = read_pdf(groff_pdf(src), "skema.pdf")
    a = doc.fields.installation_address
    assert (a.street, a.postcode, a.city) == ("Bakkevej 91", "9940", "Læsø")
