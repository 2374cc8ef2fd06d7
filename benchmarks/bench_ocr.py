"""Where the time of a scanned page goes, and what the OCR settings cost in accuracy.

    python benchmarks/bench_ocr.py [--repeat 3] [--dpi 200] [--read-side N] [--threads N] [FILES...]

Needs the OCR extra (``pip install 'hetong[ocr]'``).  For each scanned PDF (default: the two scans in
samples/formats/ and the scanned fixtures in tests/fixtures/pdf/) it prints, per page, the wall-clock
seconds of each stage of :func:`extractor.readers.ocr.read_page`:

- ``render``: pdfium draws the page in grey at the OCR resolution;
- ``detect``: the text lines are found (and, with them, which way up the page is);
- ``recognise``: the characters of each line, with their boxes;
- ``rules``: glyphs in points, and drawn underlines and table borders found in the image;

then the whole ``hetong check`` of the file (read, layout, segment, extract, check) with the part that
is not OCR, the fastest of ``--repeat`` runs after a warm-up (the engine's first page costs more).  The
baseline is the text-layer twin where there is one (consulting.pdf for consulting-scan.pdf).

Accuracy is kept next to speed: the characters of the OCR'd text against a reference text (consulting.pdf's
text layer, samples/seed.txt), as difflib's similarity of the two with spaces taken out, and whether the
clause outline and the number of blanks are those of the reference.

``--dpi`` and ``--read-side`` override the module's settings (``ocr.DPI``, ``ocr.READ_SIDE``) and
``--threads`` sets onnxruntime's threads per model (default: one per core), so that the levers can be
compared on the same machine in one sitting.  The machine may be shared: compare runs made together.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from extractor import check  # noqa: E402
from extractor.readers import ocr  # noqa: E402

SCANS = [
    ROOT / "samples" / "formats" / "consulting-scan.pdf",
    ROOT / "samples" / "formats" / "seed-scan.pdf",
    ROOT / "tests" / "fixtures" / "pdf" / "scanned.pdf",
    ROOT / "tests" / "fixtures" / "pdf" / "rotated_scan.pdf",
]
#: the text a scan should read as
REFERENCES = {
    "consulting-scan.pdf": ROOT / "samples" / "formats" / "consulting.pdf",
    "seed-scan.pdf": ROOT / "samples" / "seed.txt",
}


def fastest(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Wall seconds of the fastest of ``repeat`` calls, and the last call's value."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = run()
        best = min(best, time.perf_counter() - start)
    return best, value


def page_stages(eng: Any, path: Path, repeat: int) -> list[dict[str, float]]:
    """Per page, the fastest seconds of each stage over ``repeat`` reads."""
    pdf = pdfium.PdfDocument(str(path))
    out: list[dict[str, float]] = []
    for k in range(len(pdf)):
        best: dict[str, float] = {}
        for _ in range(repeat):
            timings: dict[str, float] = {}
            ocr.read_page(eng, pdf[k], k + 1, timings=timings)
            for stage, seconds in timings.items():
                best[stage] = min(best.get(stage, float("inf")), seconds)
        out.append(best)
    pdf.close()
    return out


def whole_check(path: Path, repeat: int) -> tuple[float, float, Any]:
    """Seconds of the fastest ``check`` of ``path`` and the OCR seconds inside it, and the result."""
    real = ocr.read_page
    spent = [0.0]

    def timed_page(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    ocr.read_page = timed_page
    try:
        best, best_ocr, result = float("inf"), 0.0, None
        for _ in range(repeat):
            spent[0] = 0.0
            start = time.perf_counter()
            result = check(path)
            took = time.perf_counter() - start
            if took < best:
                best, best_ocr = took, spent[0]
    finally:
        ocr.read_page = real
    return best, best_ocr, result


def squeezed(result: Any) -> str:
    return "".join("".join(line.text for line in result.lines).split()).replace("_", "")


def outline(result: Any) -> list:
    return [(n.kind, n.number) for top in result.outline for n in top.walk()]


def accuracy(scan: Any, reference: Path) -> str:
    ref = check(reference)
    ratio = difflib.SequenceMatcher(None, squeezed(ref), squeezed(scan), autojunk=False).ratio()
    same_outline = "same outline" if outline(scan) == outline(ref) else "OUTLINE DIFFERS"
    return (
        f"characters {ratio:.4f} of {reference.name}; {same_outline}; "
        f"blanks {len(scan.blanks)} (reference {len(ref.blanks)})"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dpi", type=float, help=f"render resolution (default {ocr.DPI})")
    ap.add_argument(
        "--read-side", type=int, help="longest side of the image lines are found on and read from"
    )
    ap.add_argument("--threads", type=int, help="onnxruntime threads per model (default: the cores)")
    args = ap.parse_args()
    if not ocr.available():
        print("OCR is not installed (pip install 'hetong[ocr]'), or HETONG_OCR=0")
        return 2
    if args.dpi:
        ocr.DPI = args.dpi
    if args.read_side:
        ocr.READ_SIDE = args.read_side
    start = time.perf_counter()
    if args.threads:
        from rapidocr_onnxruntime import RapidOCR

        ocr._ENGINE, ocr._LOADED = RapidOCR(intra_op_num_threads=args.threads), True
    eng = ocr.engine()
    print(
        f"engine loaded in {time.perf_counter() - start:.2f} s; dpi {ocr.DPI}, read side {ocr.READ_SIDE}, "
        f"threads {args.threads or 'per core'}"
    )
    files = args.files or [p for p in SCANS if p.exists()]
    pdf = pdfium.PdfDocument(str(files[0]))
    ocr.read_page(eng, pdf[0], 1)  # warm-up: the first inference allocates
    pdf.close()

    totals: dict[str, float] = {}
    pages = 0
    for path in files:
        print(f"\n{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        per_page = page_stages(eng, path, args.repeat)
        for k, stages in enumerate(per_page, 1):
            row = "  ".join(f"{s} {t:5.2f}" for s, t in stages.items())
            print(f"  page {k}: {row}  = {sum(stages.values()):5.2f} s")
            for s, t in stages.items():
                totals[s] = totals.get(s, 0.0) + t
        pages += len(per_page)
        took, in_ocr, result = whole_check(path, args.repeat)
        line = f"  hetong check: {took:.2f} s ({took / len(per_page):.2f} s a page), not OCR {took - in_ocr:.3f} s"
        reference = REFERENCES.get(path.name)
        if reference is not None:
            base, _ = fastest(lambda ref=reference: check(ref), args.repeat)
            line += f"; the text twin {reference.name}: {base:.3f} s, ratio {took / base:.0f}x"
            print(line)
            print(f"  accuracy: {accuracy(result, reference)}")
        else:
            print(line)
    whole = sum(totals.values())
    print(
        f"\nall {pages} pages: {whole / pages:.2f} s a page: "
        + ", ".join(f"{s} {t / pages:.2f} ({t / whole:.0%})" for s, t in totals.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
