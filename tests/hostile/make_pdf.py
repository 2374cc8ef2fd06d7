"""PDFs written with pdfium for the hostile-input tests: many pages of Latin text in a standard font
(nothing to embed, so a page costs a few hundred bytes), of nothing at all, or of an image without text
(a scan, for OCR)."""

from __future__ import annotations

import ctypes
import io
import random

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

A4 = (595.0, 842.0)
WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
]


def clause(page: int, line: int) -> str:
    """A line of text unlike the lines at its place on other pages (a line repeated at the same place on
    many pages is taken out as a running header), 60 to 90 characters long."""
    words = random.Random(f"{page}.{line}").choices(WORDS, k=8)
    return f"Article {page}.{line} The Buyer shall pay {' '.join(words)}."


def text_pdf(pages: int, lines: int, size: tuple[float, float] = A4) -> bytes:
    """``pages`` pages of ``size`` points, each showing ``lines`` clauses top to bottom in 10 pt
    Helvetica (:func:`clause`); with ``lines`` 0, empty pages (thousands a second)."""
    pdf = pdfium.PdfDocument.new()
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")  # one font for every page
    for number in range(1, pages + 1):
        page = pdf.new_page(*size)
        for i in range(lines):
            obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, 10.0)
            buf = ctypes.create_string_buffer((clause(number, i) + "\0").encode("utf-16-le"))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 50, size[1] - 60 - 14 * i)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        if lines:
            pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def scan_pdf(pages: int, size: tuple[float, float] = A4) -> bytes:
    """``pages`` pages of ``size`` points, each covered by an image and without a text layer: pages the
    reader hands to OCR (the image is a small white square stretched over the page)."""
    pdf = pdfium.PdfDocument.new()
    white = pdfium.PdfBitmap.new_native(8, 8, pdfium_c.FPDFBitmap_Gray)
    white.fill_rect((255, 255, 255, 255), 0, 0, 8, 8)
    for _ in range(pages):
        page = pdf.new_page(*size)
        image = pdfium.PdfImage.new(pdf)
        image.set_bitmap(white)
        image.set_matrix(pdfium.PdfMatrix().scale(*size))
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
