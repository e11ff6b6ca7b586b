"""The office tools that turn a document into a PDF, each called the way its users call it.

Missing tools are installed with the project's own apt helper (tests/servers/_util.py)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGES = {"soffice": "libreoffice-writer-nogui", "chromium": "chromium", "pdftk": "pdftk-java",
            "mutool": "mupdf-tools", "gs": "ghostscript", "pdftotext": "poppler-utils", "uuencode": "sharutils"}
TOOLS = ["chromium", "libreoffice", "libreoffice-docx", "pdftk", "ghostscript", "mutool-clean", "mutool-convert",
         "ghostscript-image"]
# drawn by reportlab's canvas and platypus in the generator itself (render_reportlab.py): only on `--tools reportlab`,
# so the default set and its figures stay as they were
EXTRA_TOOLS = ["reportlab", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
               "thirteenth", "fourteenth"]
# `fourth` (fourth_hand.py): Word files written by python-docx and converted by LibreOffice, HTML printed by
# Chromium and reportlab canvases, in a fourth hand's layouts and words; only on `--tools fourth`
# `fifth` (fifth_hand.py): LaTeX, groff (-ms, tbl, ps2pdf) and WeasyPrint in a fifth hand's; only on `--tools fifth`
# `sixth` (sixth_hand.py): wkhtmltopdf, AbiWord, pandoc, ssconvert, enscript and unflattened AcroForms; `--tools sixth`
# `seventh` (seventh_hand.py): fpdf2, Typst, rsvg-convert (SVG) and groff -mom -Tpdf; `--tools seventh`
# `eighth` (eighth_hand.py): LibreOffice Calc and Draw, pango-view, xhtml2pdf, python-docx headers; `--tools eighth`
# `ninth` (ninth_hand.py): Impress, Writer form controls (filled AcroForm), paps, Tesseract sandwiches, pdftocairo and
# pdftops round trips; `--tools ninth`
# `tenth` (tenth_hand.py): agreements by TCPDF (PHP), pycairo, hand-written content streams (pikepdf), pyHanko
# `eleventh` (eleventh_hand.py): hand-written PostScript (ps2pdf), WeasyPrint CSS, pdfLaTeX, img2pdf pictures
# `twelfth` (twelfth_hand.py): LuaLaTeX with OpenType fonts (luaotfload), htmldoc, groff -ms with tbl
# `thirteenth` (thirteenth_hand.py): MuPDF's HTML engine (mutool convert), XeLaTeX (xdvipdfmx), RTF through LibreOffice
# `fourteenth` (fourteenth_hand.py): PyMuPDF's Story and Inkscape (SVG), printed again by pdftocairo, pdftops+ps2pdf,
# qpdf (object streams, linearised) and pdfjam (2-up)


def ensure_tools() -> None:
    """Install the Debian packages of any missing tool (needs root, as CI has)."""
    missing = [pkg for exe, pkg in PACKAGES.items() if shutil.which(exe) is None]
    if missing:
        from tests.servers._util import apt_install
        apt_install(*missing, "fonts-dejavu-core", "fonts-liberation", "fonts-urw-base35")


def _run(cmd: list[str], timeout: float = 180) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-500:]}")


def chromium(html: str, out: Path, work: Path) -> None:
    src = work / (out.stem + ".html")
    src.write_text(html, encoding="utf-8")
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    _run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
          f"--user-data-dir={work / 'chromium-profile'}", f"--print-to-pdf={out}", src.as_uri()])
    if not out.exists():
        raise RuntimeError(f"chromium wrote no {out.name}")


def libreoffice(sources: list[Path], outdir: Path, work: Path, fmt: str = "pdf") -> None:
    """One soffice run converts many files; a private profile keeps it apart from any other soffice."""
    if not sources:
        return
    profile = (work / "lo-profile").as_uri()
    for i in range(0, len(sources), 20):
        _run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", fmt,
              "--outdir", str(outdir), *map(str, sources[i:i + 20])], timeout=600)


def pdftk_fill_flatten(blank: bytes, xfdf: bytes, out: Path, work: Path) -> None:
    b, d = work / (out.stem + ".blank.pdf"), work / (out.stem + ".xfdf")
    b.write_bytes(blank)
    d.write_bytes(xfdf)
    _run(["pdftk", str(b), "fill_form", str(d), "output", str(out), "flatten"])


def ghostscript(src: Path, out: Path) -> None:
    _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", "-dCompatibilityLevel=1.5",
          "-o", str(out), str(src)])


def ghostscript_image(src: Path, out: Path) -> None:
    """Pages as pictures only (what a print-to-image or a scanner gives): no text layer at all."""
    _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfimage24", "-r150", "-o", str(out), str(src)])


def mutool_clean(src: Path, out: Path) -> None:
    _run(["mutool", "clean", "-gggz", "-s", str(src), str(out)])


def mutool_convert(src: Path, out: Path) -> None:
    _run(["mutool", "convert", "-F", "pdf", "-o", str(out), str(src)])


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="sdn-outside-"))


# ---------------------------------------------------------------- after the hand: what a party's tools do to a PDF
# Any hand's PDF (`run.py --post`) passed once more through a tool a party, a scanner or an archive runs over it
# before mailing: the hands' own tools write the layers, these rewrite them.

def pdftk_flatten(src: Path, out: Path) -> None:
    _run(["pdftk", str(src), "output", str(out), "flatten"])


def pdftocairo(src: Path, out: Path) -> None:
    """poppler's cairo writer: every page redrawn, fonts embedded again as subsets."""
    _run(["pdftocairo", "-pdf", str(src), str(out)])


def qpdf(src: Path, out: Path) -> None:
    """qpdf's object streams and linearisation (what a web upload's optimiser does)."""
    if shutil.which("qpdf") is None:
        from tests.servers._util import apt_install
        apt_install("qpdf")
    r = subprocess.run(["qpdf", "--object-streams=generate", "--linearize", str(src), str(out)],
                       capture_output=True, text=True, timeout=180)
    if r.returncode not in (0, 3):  # 3: warnings, the file written
        raise RuntimeError(f"qpdf failed ({r.returncode}): {r.stderr[-500:]}")


def pyhanko_stamp(src: Path, out: Path) -> None:
    """An archive's or a mail gateway's digital seal over the whole file (pyHanko, an invisible signature by a
    certificate naming the system, not the party's signatory): the document's own signing is unchanged."""
    import datetime as dt
    import io

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dokumentarkiv segl"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Arkivservice ApS"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "DK")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365)).sign(key, hashes.SHA256()))
    a_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    a_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=a_cert, signing_key=a_key,
                                  cert_registry=SimpleCertificateStore.from_certs([a_cert]))
    buf = io.BytesIO()
    with src.open("rb") as f:
        writer = IncrementalPdfFileWriter(f, strict=False)
        signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Arkivsegl", reason="Arkiveret"),
                         signer=signer, output=buf)
    out.write_bytes(buf.getvalue())


def tesseract_layer(src: Path, out: Path) -> None:
    """What ocrmypdf and a scanner's "searchable PDF" give: each page a picture (150 dpi) with Tesseract's
    words laid over it as invisible text (`tesseract ... pdf`), the pages joined again."""
    with tempfile.TemporaryDirectory(prefix="sdn-tess-") as tmp:
        _run(["pdftoppm", "-r", "150", "-png", str(src), f"{tmp}/p"])
        pages = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            _run(["tesseract", str(png), str(png.with_suffix("")), "-l", "dan+eng", "pdf"], timeout=300)
            pages.append(str(png.with_suffix(".pdf")))
        if len(pages) == 1:
            shutil.copyfile(pages[0], out)
        else:
            _run(["pdfunite", *pages, str(out)])


def ocrmypdf_scan(src: Path, out: Path) -> None:
    """A scanner's "searchable PDF" as ocrmypdf makes it: each page scanned (200 dpi, grey, turned 1-3 degrees
    by the file's name, JPEG at quality 60), the pictures joined into a PDF and ocrmypdf's Tesseract words
    grafted onto each page as an invisible form XObject (`ocrmypdf -l dan+eng`; PyPI's ocrmypdf, a dev tool)."""
    import io
    import sys
    import zlib

    from PIL import Image

    turn = 1.0 + (zlib.crc32(src.name.encode()) % 200) / 100.0
    with tempfile.TemporaryDirectory(prefix="sdn-ocrmypdf-") as tmp:
        _run(["pdftoppm", "-r", "200", "-gray", "-png", str(src), f"{tmp}/p"])
        pictures = []
        for png in sorted(Path(tmp).glob("p-*.png")):
            page = Image.open(png).convert("L").rotate(turn, resample=Image.Resampling.BICUBIC, fillcolor=255)
            buf = io.BytesIO()
            page.save(buf, "JPEG", quality=60)
            pictures.append(Image.open(io.BytesIO(buf.getvalue())))
        scan = Path(tmp) / "scan.pdf"
        pictures[0].save(scan, "PDF", resolution=200, save_all=True, append_images=pictures[1:])
        _run([str(Path(sys.executable).with_name("ocrmypdf")), "-q", "-l", "dan+eng", "--output-type", "pdf",
              str(scan), str(out)], timeout=600)


POST = {"pdftk-flatten": pdftk_flatten, "mutool-clean": mutool_clean, "mutool-convert": mutool_convert,
        "ghostscript": ghostscript, "pdftocairo": pdftocairo, "qpdf": qpdf, "pyhanko": pyhanko_stamp,
        "tesseract-layer": tesseract_layer, "ocrmypdf": ocrmypdf_scan}


def hand(meta: dict[str, object]) -> str:
    """Whose document it is: the generator's, the new hand's forms, reportlab's third hand, the fourth hand,
    or (a hand added later) its tool's name."""
    from bench.outside.forms import NEW_HAND

    tool, layout = str(meta.get("tool", "?")), str(meta.get("layout", ""))
    if tool in ("reportlab", "fourth"):
        return tool
    if layout in NEW_HAND:
        return "newhand"
    if tool in TOOLS:
        return "generator"
    return tool


def post_process(directory: Path, posts: list[str]) -> None:
    """Every PDF of the set passed through each of `posts` in turn into its own file ("NN hand>post - name.pdf",
    its truth with `tool` "hand>post"); the hand's own PDFs are left out of the set (kept as "none" only when
    asked for). A tool that fails on a file is said so on stderr and the copy left out."""
    import json
    import sys

    for pdf in sorted(directory.glob("*.pdf")):
        truth_path = pdf.with_suffix(".truth.json")
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        meta = dict(truth.get("_outside") or {})
        number, _, rest = pdf.name.partition(" ")
        rest = rest.split(" - ", 1)[-1]
        for post in posts:
            out = directory / f"{number} {hand(meta)}>{post} - {rest}"
            try:
                if post == "none":
                    shutil.copyfile(pdf, out)
                else:
                    POST[post](pdf, out)
            except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as exc:
                print(f"post {post} failed on {pdf.name}: {exc}", file=sys.stderr)
                out.unlink(missing_ok=True)
                continue
            copy = dict(truth)
            copy["documents"] = [{**d, "filename": out.name} for d in truth.get("documents") or []]
            copy["_outside"] = {**meta, "tool": f"{hand(meta)}>{post}", "hand_tool": meta.get("tool")}
            out.with_suffix(".truth.json").write_text(json.dumps(copy, ensure_ascii=False, indent=2),
                                                      encoding="utf-8")
        pdf.unlink()
        truth_path.unlink()
