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


@pytest.mark.parametrize("version", [98, 194])
def test_a_zip_directory_claiming_a_future_version_is_a_clear_error(tmp_path, version):
    # found by benchmarks/fuzz.py: zipfile raises NotImplementedError ("zip file version 9.8") for a
    # central directory entry whose "version needed to extract" is one it does not know
    d = docx.Document()
    d.add_paragraph("服务合同")
    buf = io.BytesIO()
    d.save(buf)
    data = bytearray(buf.getvalue())
    entry = data.find(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = version.to_bytes(2, "little")
    path = tmp_path / "future.docx"
    path.write_bytes(bytes(data))
    from extractor.errors import UnreadableFile

    with pytest.raises(UnreadableFile) as exc:
        check(path)
    assert "zip file version" in exc.value.reason and "\n" not in exc.value.reason


@pytest.mark.parametrize("em", [-12.0, float("nan"), 0.0])
def test_margin_search_with_a_damaged_font_size_does_not_run_off(em):
    # found by benchmarks/fuzz.py: a mutated contract.pdf gave its lines a negative size, and the margin
    # search (0.75 em around each edge) ran past the end of its list: IndexError, a traceback, exit 1
    from extractor.readers.pdf_layout import _cluster_edge

    for highest in (True, False):
        edges = [72.0, 300.5, 523.0, 523.4, 90.0]
        assert _cluster_edge(edges, em, highest=highest) in edges  # one of the lines' edges, no exception
