"""MedCom's own blank, fillable (AcroForm) PDFs: the three agreements and the information form,
in Danish and English. `python -m mailbot.blank_forms OUTDIR` writes them.

Only the standard library and reportlab are used, so the attachments can be rebuilt anywhere. The
agreements' words are in `mailbot.core.agreement_texts`, where the reader compares with them too.
"""
from __future__ import annotations

import pathlib
import sys
from typing import TYPE_CHECKING

from .core.agreement_texts import AGREEMENTS

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

ATTACHMENTS = pathlib.Path(__file__).resolve().parent.parent / "outbox_templates" / "attachments"

FILENAMES: dict[tuple[str, str], str] = {
    ("connection_agreement", "da"): "Tilslutningsaftale.pdf",
    ("connection_agreement", "en"): "Connection_Agreement.pdf",
    ("data_processor_agreement", "da"): "Databehandleraftale.pdf",
    ("data_processor_agreement", "en"): "Data_Processor_Agreement.pdf",
    ("sub_data_processor_agreement", "da"): "Underdatabehandleraftale.pdf",
    ("sub_data_processor_agreement", "en"): "Sub-data_Processor_Agreement.pdf",
    ("information_form", "da"): "Informationsskema.pdf",
    ("information_form", "en"): "Information_form.pdf",
}


def attachment_path(kind: str, language: str) -> pathlib.Path:
    """The committed blank PDF of a kind (connection_agreement, data_processor_agreement,
    sub_data_processor_agreement, information_form) in a language (da, en)."""
    lang = "en" if language == "en" else "da"
    try:
        return ATTACHMENTS / FILENAMES[(kind, lang)]
    except KeyError:
        raise ValueError(f"no blank form of kind {kind!r}") from None


W, H = 595.2755905511812, 841.8897637795277  # A4 in points, as reportlab's pagesizes.A4
LEFT = 68.0


class _Page:
    """A canvas with a cursor running down the page and automatic page breaks."""

    def __init__(self, c: Canvas, header: str) -> None:
        self.c, self.header, self.y, self.page = c, header, H - 70.0, 1
        self._head()

    def _head(self) -> None:
        self.c.setFont("Helvetica", 8)
        self.c.drawString(LEFT - 6, H - 38, self.header)

    def need(self, h: float) -> None:
        if self.y - h < 70:
            self.c.setFont("Helvetica", 8)
            self.c.drawRightString(W - 62, 35, str(self.page))
            self.c.showPage()
            self.page += 1
            self.y = H - 70.0
            self._head()

    def text(self, s: str, size: float = 10, bold: bool = False, gap: float = 4) -> None:
        self.need(size + gap)
        self.c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.c.drawString(LEFT, self.y, s)
        self.y -= size + gap

    def para(self, s: str, size: float = 10) -> None:
        words, line = s.split(), ""
        for w in words:
            if self.c.stringWidth(line + " " + w, "Helvetica", size) > W - 2 * LEFT:
                self.text(line, size, gap=3)
                line = w
            else:
                line = (line + " " + w).strip()
        if line:
            self.text(line, size, gap=3)
        self.y -= 6

    def field(self, label: str, name: str, x_field: float = 200, width: float = 260) -> None:
        self.need(26)
        self.c.setFont("Helvetica", 10)
        self.c.drawString(LEFT, self.y, label)
        self.c.acroForm.textfield(name=name, tooltip=label, x=x_field, y=self.y - 5, width=width, height=18,
                                  borderStyle="underlined", borderWidth=1, fontSize=10, forceBorder=True)
        self.y -= 25

    def finish(self) -> None:
        self.c.setFont("Helvetica", 8)
        self.c.drawRightString(W - 62, 35, str(self.page))
        self.c.save()


def build_agreement(kind: str, language: str, out: pathlib.Path) -> None:
    """One blank fillable agreement."""
    a = AGREEMENTS[(kind, language)]
    from reportlab.pdfgen.canvas import Canvas  # only to write a PDF (the readers import the texts alone)

    c = Canvas(str(out), pagesize=(W, H))
    c.setTitle(f"{a.title} – SDN")
    c.setAuthor("MedCom")
    p = _Page(c, f"{a.title} – SDN")
    p.text(a.title, 18, bold=True, gap=10)
    p.text(a.subtitle, 10, gap=12)
    p.text(a.intro, 10, gap=10)
    p.text(a.party_heading, 11, bold=True, gap=8)
    for label, name in zip(a.labels, ("party_organisation", "party_cvr", "party_address", "party_postcode_city"),
                           strict=True):
        p.field(label, name)
    p.y -= 6
    p.text(a.medcom_heading, 11, bold=True, gap=6)
    for label, value in zip(a.labels, ("MedCom", "26919991", "Forskerparken 10", "5230 Odense M"), strict=True):
        p.text(f"{label}: {value}", 10, gap=5)
    p.y -= 10
    for heading, body in a.clauses:
        p.text(heading, 11, bold=True, gap=5)
        p.para(body)
    # signature block: the party on the left, MedCom on the right
    p.need(200)
    p.text(a.signatures, 12, bold=True, gap=14)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(LEFT, p.y, a.party_heading)
    c.drawString(320, p.y, a.medcom_heading)
    p.y -= 26
    d, s, n, t = a.sig_labels
    for label, key, height in ((d, "date", 18), (s, "signature", 30), (n, "name", 18), (t, "title", 18)):
        for x, side in ((LEFT, "party"), (320.0, "medcom")):
            c.setFont("Helvetica", 10)
            c.drawString(x, p.y, f"{label}:")
            c.acroForm.textfield(name=f"{side}_{key}", tooltip=f"{label} ({side})", x=x + 62, y=p.y - 5,
                                 width=150, height=height, borderStyle="underlined", borderWidth=1,
                                 fontSize=10, forceBorder=True)
        p.y -= height + 14
    if a.annex:
        p.need(2000)
        for heading, body in a.annex:
            p.text(heading, 12, bold=True, gap=8)
            p.para(body)
    p.finish()


_FORM = {
    "da": {
        "title": "Informationsskema – tilslutning til Sundhedsdatanettet (SDN)",
        "intro": "Udfyld skemaet og returnér det til MedCom. Oplysningerne videregives til SDN-leverandøren.",
        "s1": "1. Organisation", "org": "Organisation", "cvr": "CVR-nr.", "type": "Partstype:",
        "types": [("region", "Region"), ("municipality", "Kommune"), ("public_hospital", "Offentligt sygehus"),
                  ("private_hospital", "Privat sygehus"), ("practitioner", "Praksis"), ("pharmacy", "Apotek"),
                  ("laboratory", "Laboratorium"), ("it_supplier", "It-leverandør"), ("foreign", "Udenlandsk"),
                  ("other", "Andet")],
        "s2": "2. Tilsluttes via",
        "via": [("kmd", "KMD"), ("provider", "Systemleverandør"), ("none", "Ingen (direkte tilslutning)")],
        "provider": "Navn på systemleverandør",
        "s3": "3. Organisatorisk kontaktperson", "name": "Navn", "email": "E-mail", "phone": "Telefon",
        "s4": "4. Tekniske kontaktpersoner", "contact": "Teknisk kontaktperson",
        "s5": "5. SDN IP-scope", "net": "Netværk (CIDR)",
        "s6": "6. Installationsadresse", "street": "Adresse", "postcode": "Postnr.", "city": "By",
        "footer": "MedCom · SDN informationsskema",
    },
    "en": {
        "title": "Information form – connection to the Danish Health Data Network (SDN)",
        "intro": "Please complete the form and return it to MedCom. The details are passed on to the SDN provider.",
        "s1": "1. Organisation", "org": "Organisation", "cvr": "CVR no.", "type": "Type of party:",
        "types": [("region", "Region"), ("municipality", "Municipality"), ("public_hospital", "Public hospital"),
                  ("private_hospital", "Private hospital"), ("practitioner", "Practice"), ("pharmacy", "Pharmacy"),
                  ("laboratory", "Laboratory"), ("it_supplier", "IT supplier"), ("foreign", "Foreign party"),
                  ("other", "Other")],
        "s2": "2. Connected via",
        "via": [("kmd", "KMD"), ("provider", "System provider"), ("none", "None (direct connection)")],
        "provider": "Name of system provider",
        "s3": "3. Organisational contact person", "name": "Name", "email": "E-mail", "phone": "Phone",
        "s4": "4. Technical contact persons", "contact": "Technical contact",
        "s5": "5. SDN IP scope", "net": "Network (CIDR)",
        "s6": "6. Installation address", "street": "Street", "postcode": "Postcode", "city": "City",
        "footer": "MedCom · SDN information form",
    },
}


def build_information_form(language: str, out: pathlib.Path) -> None:
    """The blank fillable information form."""
    t = _FORM[language]
    from reportlab.pdfgen.canvas import Canvas  # only to write a PDF (the readers import the texts alone)

    c = Canvas(str(out), pagesize=(W, H))
    c.setTitle(str(t["title"]))
    c.setAuthor("MedCom")
    p = _Page(c, str(t["footer"]))
    p.text(str(t["title"]), 14, bold=True, gap=10)
    p.para(str(t["intro"]))
    p.text(str(t["s1"]), 12, bold=True, gap=8)
    p.field(str(t["org"]), "org_name")
    p.field(str(t["cvr"]), "org_cvr")
    p.text(str(t["type"]), 10, gap=8)
    types = list(t["types"])
    for row in range(0, len(types), 3):
        p.need(20)
        for k, (key, label) in enumerate(types[row:row + 3]):
            x = LEFT + 156 * k
            c.acroForm.checkbox(name=f"type_{key}", tooltip=label, x=x, y=p.y - 3, size=11,
                                buttonStyle="cross", borderWidth=1, forceBorder=True)
            c.setFont("Helvetica", 10)
            c.drawString(x + 16, p.y, label)
        p.y -= 19
    p.y -= 6
    p.text(str(t["s2"]), 12, bold=True, gap=8)
    p.need(20)
    for k, (key, label) in enumerate(list(t["via"])):
        x = LEFT + 156 * k
        c.acroForm.checkbox(name=f"via_{key}", tooltip=label, x=x, y=p.y - 3, size=11, buttonStyle="cross",
                            borderWidth=1, forceBorder=True)
        c.setFont("Helvetica", 10)
        c.drawString(x + 16, p.y, label)
    p.y -= 22
    p.field(str(t["provider"]), "via_provider_name")
    p.y -= 4
    p.text(str(t["s3"]), 12, bold=True, gap=8)
    for key in ("name", "email", "phone"):
        p.field(str(t[key]), f"orgcontact_{key}")
    p.y -= 4
    p.text(str(t["s4"]), 12, bold=True, gap=8)
    for i in (1, 2, 3):
        for key in ("name", "email", "phone"):
            p.field(str(t[key]), f"tech{i}_{key}")
        p.y -= 6
    p.text(str(t["s5"]), 12, bold=True, gap=8)
    for i in (1, 2, 3, 4):
        p.field(f"{t['net']} {i}", f"ipscope_{i}")
    p.y -= 4
    p.text(str(t["s6"]), 12, bold=True, gap=8)
    for key in ("street", "postcode", "city"):
        p.field(str(t[key]), f"installation_{key}")
    p.finish()


def build_all(outdir: pathlib.Path) -> list[pathlib.Path]:
    """Every blank form, in both languages, into outdir."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for (kind, lang), name in FILENAMES.items():
        path = outdir / name
        if kind == "information_form":
            build_information_form(lang, path)
        else:
            build_agreement(kind, lang, path)
        written.append(path)
    return written


if __name__ == "__main__":
    target = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ATTACHMENTS
    for p in build_all(target):
        print(p)
