"""PDF pages (issue: hostile input; docs/limits.md): a PDF of more pages than ``--max-pages`` is refused
before a page is read, reading stops at the first page past the character budget (and inside a page of
too many glyphs), and a page too large to render at 200 dpi for OCR is rendered smaller. The PDFs are
written at test time."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.api import check
from extractor.cli import main
from extractor.errors import FileTooLarge, TextTooLarge, TooManyPages
from extractor.readers import DEFAULT_MAX_PAGES, ocr, read_bytes, text_size
from extractor.readers import pdf as pdf_reader

from ..fake_ocr import FakeEngine
from .make_pdf import text_pdf
from .test_budgets import _audit


def counting(monkeypatch, name: str) -> list[int]:
    """Count the calls of the PDF reader's function ``name``."""
    calls: list[int] = []
    real = getattr(pdf_reader, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_reader, name, counted)
    return calls


# --- the page cap ------------------------------------------------------------------------------------


def test_a_pdf_of_more_pages_than_the_cap_is_refused_before_a_page_is_read(monkeypatch):
    pages_read = counting(monkeypatch, "_text_page")
    data = text_pdf(DEFAULT_MAX_PAGES + 1, 0)
    with pytest.raises(TooManyPages) as info:
        read_bytes(data, source="many.pdf")
    assert isinstance(info.value, FileTooLarge) and info.value.kind == "too-large"
    assert info.value.reason == "the PDF has 2,001 pages, past the limit of 2,000 (raise it with --max-pages)"
    assert pages_read == []


def test_max_pages_on_the_command_line_and_in_the_library(tmp_path: Path, capsys):
    path = tmp_path / "four.pdf"
    path.write_bytes(text_pdf(4, 5))
    assert main(["check", str(path), "--max-pages", "3"]) == 2
    err = capsys.readouterr().err
    assert err == f"hetong: {path}: the PDF has 4 pages, past the limit of 3 (raise it with --max-pages)\n"
    assert main(["check", str(path), "--json", "--max-pages", "4"]) in (0, 1)
    assert check(path, max_pages=4).source.pages == 4
    with pytest.raises(TooManyPages):
        check(path, max_pages=3)
    assert main(["check", str(path), "--max-pages", "0"]) == 2  # a usage error
    assert "--max-pages must be at least 1" in capsys.readouterr().err


def test_max_pages_in_an_audit(tmp_path: Path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "four.pdf").write_bytes(text_pdf(4, 5))
    (folder / "two.pdf").write_bytes(text_pdf(2, 5))
    rows = _audit(folder, tmp_path, "--max-pages", "3")
    assert rows["four.pdf"]["error"] == {
        "kind": "too-large",
        "message": "the PDF has 4 pages, past the limit of 3 (raise it with --max-pages)",
    }
    assert "error" not in rows["two.pdf"]


# --- the character budget ----------------------------------------------------------------------------


def test_reading_stops_at_the_first_page_past_the_budget(monkeypatch):
    """60 pages of 40 lines (some 3,000 characters a page): a budget of 10,000 is passed on page 4, and
    pages 5 to 60 are never read."""
    data = text_pdf(60, 40)
    pages_read = counting(monkeypatch, "_text_page")
    with pytest.raises(TextTooLarge) as info:
        pdf_reader.read(data, source="long.pdf", max_chars=10_000)
    assert (
        info.value.reason == "its text runs past the limit of 10,000 characters (raise it with --max-chars)"
    )
    assert 3 <= len(pages_read) <= 5


def test_a_page_of_too_many_glyphs_stops_inside_it(monkeypatch):
    """The glyph past the budget ends the reading before the page's lines are laid out."""
    laid_out = counting(monkeypatch, "page_lines")
    data = text_pdf(1, 50)
    assert len(pdf_reader.read(data, source="one.pdf").lines) >= 1
    laid_out.clear()
    with pytest.raises(TextTooLarge):
        pdf_reader.read(data, source="one.pdf", max_chars=1000)
    assert laid_out == []


def test_a_pdf_within_the_budget_reads_whole():
    """The count while reading (glyphs, no line breaks) never passes the measure of the finished text."""
    data = text_pdf(3, 20)
    whole = read_bytes(data, source="x.pdf")
    exact = text_size(whole)
    assert read_bytes(data, source="x.pdf", max_chars=exact).lines == whole.lines
    with pytest.raises(TextTooLarge):
        read_bytes(data, source="x.pdf", max_chars=exact - 1)


# --- OCR: pixels -------------------------------------------------------------------------------------


def test_render_dpi_keeps_a4_at_200_and_caps_large_pages():
    assert ocr.render_dpi(595, 842) == ocr.DPI  # A4: 3.9 million pixels
    dpi = ocr.render_dpi(14_400, 14_400)  # the largest page PDF allows: 1.6 billion pixels at 200 dpi
    assert (14_400 * dpi / 72) ** 2 == pytest.approx(ocr.MAX_PIXELS)


def test_a_page_too_large_for_200_dpi_is_rendered_smaller():
    """A 2,000-point page is 31 million pixels at 200 dpi: with a cap of one million it is rendered at
    36 dpi, and what OCR finds is still placed in points."""
    pytest.importorskip("cv2")
    pdf = pdfium.PdfDocument(text_pdf(1, 0, size=(2000.0, 2000.0)))
    engine = FakeEngine(lambda k: "第一条 合同标的")
    content = ocr.read_page(engine, pdf[0], 1, 1_000_000)
    ((h, w),) = engine.shapes
    assert h * w <= 1_000_000 and min(h, w) >= 990
    assert content.width == pytest.approx(2000, abs=1) and content.height == pytest.approx(2000, abs=1)
