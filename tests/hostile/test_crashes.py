"""Hostile input built at test time: each case once crashed hetong (exit 1, a traceback); now each file
ends with valid output or a clear one-line error (issue: hostile input)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from extractor.api import check
from extractor.readers.pdf_layout import _find_gutter


def _docx_with_sym(tmp_path: Path, char: str) -> Path:
    d = docx.Document()
    d.add_paragraph("服务合同")
    d.add_paragraph("甲方：杭州云帆科技有限公司")
    d.add_paragraph("第一条 服务内容。SYMBOL")
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                sym = f'</w:t></w:r><w:r><w:sym w:font="Arial" w:char="{char}"/></w:r><w:r><w:t>'
                data = data.replace(b"SYMBOL", sym.encode())
            dst.writestr(item, data)
    path = tmp_path / f"sym-{char}.docx"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("char", ["110000", "-1", "DC00", "D800"])
def test_symbol_outside_unicode_is_dropped(tmp_path, char):
    r = check(_docx_with_sym(tmp_path, char))
    assert any("第一条 服务内容。" in ln.text for ln in r.lines)
    json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8")  # no surrogate reaches the output


def test_lone_surrogate_in_rtf_becomes_a_replacement_character(tmp_path):
    path = tmp_path / "lone.rtf"
    path.write_bytes(rb"{\rtf1\ansi\uc1 \u26381?\u21516?\par \u-9216?\par \u31532?\u19968?\u26465? text\par}")
    r = check(path)
    text = "\n".join(ln.text for ln in r.lines)
    assert "\ufffd" in text and not any("\ud800" <= c <= "\udfff" for c in text)
    # every writer takes it: JSON and the terminal view, through the CLI as a user runs it
    for args in (["--json"], []):
        run = subprocess.run(
            [sys.executable, "-m", "extractor", "check", *args, str(path)], capture_output=True, timeout=120
        )
        assert b"Traceback" not in run.stderr, run.stderr.decode("utf-8", "replace")
        assert run.returncode in (0, 1)


class _Part:
    """A text row as _find_gutter sees it, with coordinates no real page has."""

    def __init__(self, i: int) -> None:
        self.x0, self.x1 = 0.0, 1e30 if i == 0 else 10.0
        self.top, self.bottom = 200.0 + 10.0 * i, 208.0 + 10.0 * i
        self.em = 10.0
        self.solid = [(self.x0, self.x1), (self.x0, self.x1)]
        self.ink = [(self.x0, self.x1)]


def test_gutter_search_on_absurd_coordinates_does_not_allocate():
    assert _find_gutter([_Part(i) for i in range(8)], 1000.0) is None
