"""A PDF whose content stream inflates far past what a page holds is refused before pdfium inflates it
(readers/pdf_streams.py; docs/limits.md)."""

from __future__ import annotations

import zlib

import pytest

from extractor.errors import FileTooLarge
from extractor.readers import pdf_streams, read_bytes
from extractor.readers.caps import DEFAULT_CAPS, Caps

from ..conftest import ROOT
from .make_bombs import pdf_of


def _pdf(content_mb: int) -> bytes:
    """One page whose content stream is a line of text and ``content_mb`` MB of spaces, Flate-compressed."""
    c = zlib.compressobj(9)
    stream = c.compress(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET\n")
    block = b" " * (1 << 20)
    stream += b"".join(c.compress(block) for _ in range(content_mb)) + c.flush()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_of(objs)


def test_a_stream_past_its_cap_is_refused_before_pdfium():
    caps = Caps(pdf_stream=4 * 2**20)
    small, bomb = _pdf(2), _pdf(6)
    assert pdf_streams.check(small, "a.pdf", caps) > 2 * 2**20  # under the cap: measured, let through
    assert read_bytes(small, source="a.pdf", caps=caps).pages == 1  # read as usual
    with pytest.raises(
        FileTooLarge, match=r"inflates past 4 MB: a zip bomb\? \(raise it with --max-pdf-stream\)"
    ):
        read_bytes(bomb, source="bomb.pdf", caps=caps)


def test_the_streams_together_have_a_cap():
    caps = Caps(pdf_total=3 * 2**20)
    two = _pdf(2).replace(b"/Contents 4 0 R", b"/Contents [4 0 R 4 0 R]")  # (counted once: one stream)
    assert pdf_streams.check(two, "a.pdf", caps) < 3 * 2**20
    with pytest.raises(FileTooLarge, match=r"together: a zip bomb\? \(raise it with --max-pdf-total\)"):
        pdf_streams.check(_pdf(2) + _pdf(2), "twice.pdf", caps)  # two streams of 2 MB in one file


def test_real_pdfs_are_measured_and_let_through():
    for name in ("contract.pdf", "chromium_form.pdf", "encrypted_password.pdf"):
        data = (ROOT / "tests" / "fixtures" / "pdf" / name).read_bytes()
        assert pdf_streams.check(data, name) < DEFAULT_CAPS.pdf_stream
