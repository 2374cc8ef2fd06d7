"""Plain text: encodings detected from the bytes; text that is not a document is an error."""

from __future__ import annotations

import pytest

from extractor.errors import UnreadableFile, UnsupportedFormat
from extractor.readers import read_bytes, read_path
from extractor.readers.sniff import declared_format, sniff

from .conftest import SAMPLES

TEXT = "房屋租赁合同\n出租方（甲方）：王建国\n第一条 房屋坐落于杭州市西湖区。\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "gbk", "gb18030", "crlf"],
)
def test_encodings(data):
    doc = read_bytes(data, source="x.txt")
    assert [ln.text for ln in doc.lines] == TEXT.splitlines()
    assert [ln.no for ln in doc.lines] == [1, 2, 3]


def test_gbk_only_characters_read_as_gb18030():
    text = "劳动者（乙方）：顾志堃、李玥"  # 堃 and 玥 are not in GB2312
    assert read_bytes(text.encode("gbk"), source="x.txt").lines[0].text == text


def test_gbk_sample_equals_its_text():
    doc = read_path(SAMPLES / "labor-gbk.txt")[1]
    assert any("劳动合同" in ln.text for ln in doc.lines)
    assert not any("\r" in ln.text for ln in doc.lines)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", UnreadableFile),
        (b"   \n\n  ", UnreadableFile),
        (bytes(range(256)) * 20, UnsupportedFormat),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, UnsupportedFormat),
        (b"\x01\x02\x03\x04\x05\x06garbage\x07\x08" * 50, UnreadableFile),
    ],
    ids=["empty", "blank", "binary", "png", "control-chars"],
)
def test_not_a_document(data, error):
    with pytest.raises(error) as exc:
        read_bytes(data, source="bad.txt")
    assert "bad.txt" in str(exc.value) and "\n" not in str(exc.value)
    if data and not data.strip():
        assert "white space" in str(exc.value)


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
        (b"{\\rtf1\\ansi\\ansicpg936 ", "rtf"),
        (b"<html><body>", "html"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related;", "html"),
        ("合同".encode(), "txt"),
    ],
)
def test_sniff(head, fmt):
    assert sniff(head, "whatever.doc") == fmt


def test_sniff_zip_kinds(tmp_path):
    import io
    import zipfile

    def z(names):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for n in names:
                zf.writestr(n, "x")
        return buf.getvalue()

    assert sniff(z(["word/document.xml"]), "a.doc") == "docx"
    with pytest.raises(UnsupportedFormat, match="Excel"):
        sniff(z(["xl/workbook.xml"]), "a.docx")
    with pytest.raises(UnsupportedFormat, match="no Word document"):
        sniff(z(["a.txt"]), "a.docx")


def test_declared_format():
    assert declared_format("合同 v2.DOC") == "doc"
    assert declared_format("contract.pdf") == "pdf"
    assert declared_format("README") is None


def test_missing_and_folder(tmp_path):
    with pytest.raises(UnreadableFile, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(UnreadableFile, match="folder"):
        read_path(tmp_path)


def test_mojibake_is_repaired_and_said():
    garbled = "车位租赁合同\n出租方（甲方）：周海燕\n".encode("gb18030").decode("latin-1").encode("utf-8")
    doc = read_bytes(garbled, source="garbled.txt")
    assert doc.lines[0].text == "车位租赁合同"
    assert [n.rule for n in doc.notes] == ["mojibake-repaired"]
    # text with a few Latin-1 letters is left as it is
    doc = read_bytes("Café 合同\n".encode(), source="ok.txt")
    assert doc.lines[0].text == "Café 合同" and not doc.notes


def test_a_table_row_written_with_bars_has_its_cells_apart():
    # a web page's or a Markdown table copied as text: the bars part the cells as tabs would
    text = (
        "物业管理服务合同\n合同名称:某学院物业管理服务合同 | 合同编号:440000-202012-139002-0091 |\n"
        "甲 方:广东某学院 | 乙 方:深圳市某物业管理有限公司 |\n| 序号 | 标的名称 | 数量 |\n"
        "第一条 甲方 | 乙方的权利义务。\n"
    )
    from .conftest import run_text

    r = run_text(text)
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "广东某学院"),
        ("乙方", "深圳市某物业管理有限公司"),
    ]
    assert r.contract_number == "440000-202012-139002-0091"
    assert r.lines[3].text == "序号    标的名称    数量"  # (a tab is a wide gap of four spaces)
    assert r.lines[4].text == "第一条 甲方 | 乙方的权利义务。"  # a bar inside a sentence stays
