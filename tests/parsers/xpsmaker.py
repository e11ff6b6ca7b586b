"""A minimal XPS document as Windows' "Microsoft XPS Document Writer" lays one out (ECMA-388 / the XPS 1.0
specification): the package's root relationship to a FixedDocumentSequence, one FixedDocument, a FixedPage per
page whose text is Glyphs elements (each run's UnicodeString, its font a TrueType part of the package: Debian's
DejaVu Sans). No free program writes XPS text (Ghostscript's xpswrite draws it as shapes), so this measures the
reader against our reading of the specification, no more."""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import quoteattr

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
NS = "http://schemas.microsoft.com/xps/2005/06"
TYPES = ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="fdseq" ContentType="application/vnd.ms-package.xps-fixeddocumentsequence'
         '+xml"/><Default Extension="fdoc" ContentType="application/vnd.ms-package.xps-fixeddocument+xml"/><Default '
         'Extension="fpage" ContentType="application/vnd.ms-package.xps-fixedpage+xml"/><Default Extension="rels" '
         'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="ttf" '
         'ContentType="application/vnd.ms-opentype"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Type="http://schemas.microsoft.com/xps/2005/06/fixedrepresentation" '
             'Target="/FixedDocumentSequence.fdseq" Id="R0"/></Relationships>')


def xps(pages: list[list[str]], size: float = 13) -> bytes:
    """An XPS document whose pages hold these lines of text, top down, on A4 (96 units an inch)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("FixedDocumentSequence.fdseq", f'<FixedDocumentSequence xmlns="{NS}"><DocumentReference '
                   'Source="/Documents/1/FixedDocument.fdoc"/></FixedDocumentSequence>')
        refs = "".join(f'<PageContent Source="/Documents/1/Pages/{n}.fpage"/>' for n in range(1, len(pages) + 1))
        z.writestr("Documents/1/FixedDocument.fdoc", f'<FixedDocument xmlns="{NS}">{refs}</FixedDocument>')
        for n, lines in enumerate(pages, start=1):
            runs = "".join(f'<Glyphs Fill="#FF000000" FontUri="/Resources/Fonts/DejaVuSans.ttf" FontRenderingEmSize='
                           f'"{size}" OriginX="72" OriginY="{96 + 22 * i}" UnicodeString={quoteattr(t)}/>'
                           for i, t in enumerate(lines) if t)
            z.writestr(f"Documents/1/Pages/{n}.fpage", f'<FixedPage Width="793.76" Height="1122.56" xmlns="{NS}" '
                       f'xml:lang="da-DK">{runs}</FixedPage>')
        z.write(FONT, "Resources/Fonts/DejaVuSans.ttf")
    return out.getvalue()
