"""Build one contract in every format hetong reads, from ``consulting.txt`` (the source of truth).

Regenerate with ``python samples/formats/build.py`` from the repository root (the outputs are committed,
so CI never needs LibreOffice). It needs, besides the project's Python dependencies (python-docx, Pillow):

    apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils

Outputs, all next to this script:

- ``consulting.docx``: python-docx, one paragraph per line of the .txt, numbers typed as text (no Word
  list numbering). Byte-identical on every run (fixed core properties and zip timestamps).
- ``consulting.doc``: LibreOffice, Word 97-2003 binary.
- ``consulting.pdf``: LibreOffice ``writer_pdf_Export`` (text layer; long paragraphs wrap over lines).
- ``consulting-rtf.doc``: LibreOffice RTF export, saved under a .doc name (a common mislabelled file).
- ``consulting-html.doc``: LibreOffice HTML export, saved under a .doc name ("Save as web page" files).
- ``consulting-scan.pdf``: consulting.pdf rasterised by ``pdftoppm -r 200 -gray`` and wrapped back into a
  PDF of JPEG page images (quality 60): no text layer, as a scanner makes it.
- ``seed-scan.pdf``: the seed contract (``samples/seed.txt``, web-page noise and all, one paragraph per
  non-empty line) printed the same way and scanned at 200 dpi: its outline must match the text version's.

LibreOffice stamps the conversion time (and a PDF /ID derived from it) into its outputs; the script
overwrites those with fixed values, so a rebuild with the same LibreOffice and fonts is byte-identical
(checked with LibreOffice 7.4.7, Debian 12). Another LibreOffice or font set changes the layout: rebuild,
run ``pytest tests/test_formats.py`` and review the gaps it reports.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "consulting.txt"
PROFILE = "file:///tmp/lo-profile-hetong"  # a private LibreOffice profile: no clash with a running office
FIXED = dt.datetime(2024, 6, 18, 10, 0, 0)
ARTICLE = re.compile(r"^第[一二三四五六七八九十]+条")

#: (output name, LibreOffice --convert-to target, extension LibreOffice gives the file)
CONVERSIONS = (
    ("consulting.doc", "doc:MS Word 97", "doc"),
    ("consulting.pdf", "pdf:writer_pdf_Export", "pdf"),
    ("consulting-rtf.doc", "rtf:Rich Text Format", "rtf"),
    ("consulting-html.doc", "html:HTML (StarWriter)", "html"),
)


def set_fonts(style, east_asia: str, size: int) -> None:
    """Give a style explicit fonts (the template's theme fonts would otherwise win)."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(
        0,
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{east_asia}"/>'
        ),
    )
    style.font.size = Pt(size)


def build_docx(lines: list[str]) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(3.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    set_fonts(normal, "宋体", 12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.25

    for i, text in enumerate(lines):
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(text)
        if i == 0:  # the title
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(12)
            run.bold = True
            run.font.size = Pt(18)
        elif ARTICLE.match(text):
            paragraph.paragraph_format.space_before = Pt(6)
            run.bold = True
        elif text.startswith("（以下无正文）"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    props = doc.core_properties
    props.title = lines[0]
    props.author = props.last_modified_by = "何振东"
    props.comments = ""
    props.revision = 2
    props.created = props.modified = FIXED
    raw = io.BytesIO()
    doc.save(raw)
    return restamp(raw.getvalue())


def restamp(data: bytes) -> bytes:
    """Rewrite the zip with fixed member timestamps so the .docx is byte-identical on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 0
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    return exe


def convert(docx: Path, target: str, workdir: Path) -> None:
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={PROFILE}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(workdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def fix_stamps(data: bytes, ext: str) -> bytes:
    """Overwrite the conversion time LibreOffice stamps into a file with FIXED (in a PDF with values of
    the same length, so the cross-reference offsets stay right)."""
    if ext == "pdf":
        data = re.sub(rb"/CreationDate\(D:\d{14}", lambda m: m.group(0)[:-14] + b"20240618100000", data)
        # /ID is derived from the time too; keep its length, fix its value
        data = re.sub(rb"/ID \[ <([0-9A-F]+)>(\s*)<([0-9A-F]+)> \]", _fixed_id, data)
        data = re.sub(
            rb"/DocChecksum /([0-9A-F]+)", lambda m: b"/DocChecksum /" + b"0" * len(m.group(1)), data
        )
    elif ext == "html":
        data = re.sub(
            rb'(content=")\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?', rb"\g<1>2024-06-18T10:00:00", data
        )
    elif ext == "rtf":
        data = re.sub(
            rb"(\\(?:creatim|revtim|printim))\\yr\d+\\mo\d+\\dy\d+\\hr\d+\\min\d+",
            rb"\1\\yr2024\\mo6\\dy18\\hr10\\min0",
            data,
        )
    return data


def _fixed_id(m: re.Match[bytes]) -> bytes:
    return b"/ID [ <" + b"0" * len(m.group(1)) + b">" + m.group(2) + b"<" + b"0" * len(m.group(3)) + b"> ]"


def build_scan(pdf: Path, out: Path, workdir: Path) -> None:
    """Rasterise each page to a grey JPEG and wrap the images into a PDF with no text layer."""
    from PIL import Image

    prefix = workdir / "page"
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-jpeg", "-jpegopt", "quality=60", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    pages = [Image.open(p) for p in sorted(workdir.glob("page-*.jpg"))]
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=200.0,
        quality=60,
        producer="hetong samples/formats/build.py",
        creationDate=FIXED.timetuple(),
        modDate=FIXED.timetuple(),
    )


def main() -> None:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    docx = HERE / "consulting.docx"
    docx.write_bytes(build_docx(lines))
    print(f"wrote {docx.name}")
    with tempfile.TemporaryDirectory(prefix="hetong-formats-") as tmp:
        work = Path(tmp)
        for name, target, ext in CONVERSIONS:
            convert(docx, target, work)
            made = work / f"consulting.{ext}"
            (HERE / name).write_bytes(fix_stamps(made.read_bytes(), ext))
            made.unlink()
            print(f"wrote {name}")
        scan_dir = work / "scan"
        scan_dir.mkdir()
        build_scan(HERE / "consulting.pdf", HERE / "consulting-scan.pdf", scan_dir)
        print("wrote consulting-scan.pdf")
        seed_lines = [
            t for t in (HERE.parent / "seed.txt").read_text(encoding="utf-8").splitlines() if t.strip()
        ]
        seed_docx = work / "seed.docx"
        seed_docx.write_bytes(build_docx(seed_lines))
        convert(seed_docx, "pdf:writer_pdf_Export", work)
        seed_dir = work / "seed-scan"
        seed_dir.mkdir()
        build_scan(work / "seed.pdf", HERE / "seed-scan.pdf", seed_dir)
        print("wrote seed-scan.pdf")
    for p in sorted([*HERE.glob("consulting*"), HERE / "seed-scan.pdf"]):
        print(f"{p.name:24} {p.stat().st_size:>9,} bytes")


if __name__ == "__main__":
    main()
