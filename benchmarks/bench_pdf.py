"""Speed of the PDF reader against raw text extraction, and its linearity in the page count.

    python benchmarks/bench_pdf.py [--ocr] [FILES...]

For each PDF (default: the fixtures in tests/fixtures/pdf/ that open without a password) it prints
milliseconds per page for

- pypdfium2 raw text (open, then per page: load, text page, ``get_text_range``): the baseline;
- pdfplumber ``extract_text`` per page;
- hetong's ``extractor.readers.pdf.read`` (the whole read: layout, furniture, joining, Lines),

and the ratios to the baseline.  Then it builds 10- and 100-page PDFs by repeating the pages of the first
text-layer file with the most pages (pypdfium2 ``import_pages``) and checks that 100 pages cost about 10x what 10 pages do.  Times are process CPU time (the fastest of
several runs), so that other work on a shared machine does not count.
OCR is off unless ``--ocr`` is given (an OCR'd page costs seconds, not milliseconds).
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extractor.errors import HetongError  # noqa: E402
from extractor.readers import pdf as pdf_reader  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"


def timed(fn, min_total: float = 0.4, max_runs: int = 50) -> float:
    """Seconds of one call: the fastest of several (after a warm-up call)."""
    fn()
    runs: list[float] = []
    start = time.process_time()
    while len(runs) < max_runs and (time.process_time() - start < min_total or len(runs) < 3):
        t = time.process_time()
        fn()
        runs.append(time.process_time() - t)
    return min(runs)  # the least disturbed run: the machine may be shared


def raw_text(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


def plumber_text(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def ours(data: bytes) -> None:
    pdf_reader.read(data, source="bench.pdf")


def page_count(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    n = len(pdf)
    pdf.close()
    return n


def repeated(data: bytes, pages: int) -> bytes:
    src = pdfium.PdfDocument(data)
    n = len(src)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [i % n for i in range(pages)])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    use_ocr = "--ocr" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    if not use_ocr:
        os.environ["HETONG_OCR"] = "0"
    if not files:
        files = sorted(p for p in FIXTURES.glob("*.pdf") if "password" not in p.name)
    print(
        f"{'file':28} {'pages':>5} {'pdfium raw':>11} {'pdfplumber':>11} {'hetong':>9} {'plumber/raw':>12} {'hetong/raw':>11}  note"
    )
    first_text: bytes | None = None
    for path in files:
        data = path.read_bytes()
        try:
            doc = pdf_reader.read(data, source=str(path))
        except HetongError as exc:
            print(f"{path.name:28} skipped: {exc.reason}")
            continue
        n = page_count(data)
        base = timed(lambda d=data: raw_text(d)) / n * 1000
        plumb = timed(lambda d=data: plumber_text(d)) / n * 1000
        mine = timed(lambda d=data: ours(d), min_total=0.4 if not doc.ocr_pages else 0) / n * 1000
        note = ""
        if doc.ocr_pages:
            note = f"OCR pages {doc.ocr_pages}"
        elif doc.notes:
            note = f"no text: pages {doc.notes[0].data.get('pages')}"
        elif first_text is None or n > page_count(first_text):
            first_text = data  # the longest text-layer file is repeated for the linearity check
        print(
            f"{path.name:28} {n:5d} {base:9.2f}ms {plumb:9.2f}ms {mine:7.2f}ms {plumb / base:11.1f}x {mine / base:10.1f}x  {note}"
        )
    if first_text is not None:
        ten, hundred = repeated(first_text, 10), repeated(first_text, 100)
        t10 = timed(lambda: ours(ten))
        t100 = timed(lambda: ours(hundred), min_total=1.0)
        r10 = timed(lambda: raw_text(ten))
        r100 = timed(lambda: raw_text(hundred), min_total=1.0)
        print()
        print("linearity (pages of the longest text-layer file repeated):")
        print(
            f"  hetong      10 pages {t10 * 1000:8.1f} ms   100 pages {t100 * 1000:8.1f} ms   ratio {t100 / t10:5.1f} (ideal 10)"
        )
        print(
            f"  pdfium raw  10 pages {r10 * 1000:8.1f} ms   100 pages {r100 * 1000:8.1f} ms   ratio {r100 / r10:5.1f}"
        )
        print(f"  hetong/raw at 100 pages: {t100 / r100:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
