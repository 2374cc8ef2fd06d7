"""The Word 97-2003 (.doc) reader: builtin parser, LibreOffice path, errors.

Fixtures come from tests/fixtures/make_doc_fixtures.py (python-docx -> LibreOffice -> .doc).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.errors import EncryptedFile, MissingDependency, UnreadableFile, UnsupportedFormat
from extractor.readers import doc as doc_reader
from extractor.readers import read_bytes
from extractor.readers.ole_text import CharProps, Fib, Piece, WordBinary, _decode_pieces

FIXTURES = Path(__file__).parent / "fixtures" / "doc"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def builtin(monkeypatch):
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "builtin")


@pytest.fixture
def no_soffice(monkeypatch):
    monkeypatch.delenv(doc_reader.ENV_CONVERTER, raising=False)
    monkeypatch.setattr(doc_reader, "soffice_path", lambda: None)


def texts(doc) -> list[str]:
    return [line.text for line in doc.lines]


def by_text(doc, text: str):
    return next(line for line in doc.lines if line.text == text)


# -- builtin path ---------------------------------------------------------------------------------------


def test_basic_lines_in_order(builtin):
    doc = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    assert doc.format == "doc"
    assert [line.no for line in doc.lines] == list(range(1, len(doc.lines) + 1))
    body = [line.text for line in doc.lines if line.cell is None and line.text]
    assert body[:8] == [
        "技术服务合同",
        "合同编号：      ",
        "第一条\u3000服务内容：甲方委托乙方提供技术服务。",
        "甲方：北京某某科技有限公司",
        "住所地：北京市海淀区",
        "法定代表人：        ",
        "文本框在此段之后：",
        "文本框内容：乙方盖章",
    ]
    assert not any(CONTROL.search(t) for t in texts(doc))
    assert not doc.notes


def test_basic_formatting(builtin):
    doc = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    title = doc.lines[0]
    assert title.heading == 1 and title.bold
    blank = by_text(doc, "合同编号：      ")
    assert blank.underlines == ((5, 11),)  # underlined spaces: a blank
    party = by_text(doc, "甲方：北京某某科技有限公司")
    assert party.underlines == ((3, 13),)
    assert not by_text(doc, "第一条\u3000服务内容：甲方委托乙方提供技术服务。").bold  # only 第一条 is bold


def test_textbox_after_its_anchor(builtin):
    doc = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    box = by_text(doc, "文本框内容：乙方盖章")
    assert box.role == "textbox"
    assert doc.lines[box.no - 2].text == "文本框在此段之后："
    assert [line.role for line in doc.lines].count("textbox") == 1


def test_table_cells(builtin):
    doc = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    cells = [(line.text, line.cell) for line in doc.lines if line.cell is not None]
    assert cells == [
        ("项目", (0, 0, 0)),
        ("金额", (0, 0, 1)),
        ("备注", (0, 0, 2)),
        ("服务费", (0, 1, 0)),
        ("10000元", (0, 1, 1)),
        ("", (0, 1, 2)),  # the cell's first, empty paragraph
        ("第二段", (0, 1, 2)),
        ("税费", (0, 2, 0)),
        ("600元", (0, 2, 1)),
        ("含税", (0, 2, 2)),
    ]


def test_nested_table_gets_its_own_index(builtin):
    doc = doc_reader.read(fixture("nested.doc"), source="nested.doc")
    cells = [(line.text, line.cell) for line in doc.lines if line.text]
    assert cells == [
        ("嵌套表格：", None),
        ("外一", (0, 0, 0)),
        ("外二", (0, 0, 1)),
        ("外三", (0, 1, 0)),
        ("内一", (1, 0, 0)),
        ("内二", (1, 0, 1)),
        ("内二第二段", (1, 0, 1)),
        ("表后。", None),
    ]


def test_fields_and_special_characters(builtin):
    doc = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    all_text = "\n".join(texts(doc))
    assert "详见附件链接。" in texts(doc)  # field result only
    assert "HYPERLINK" not in all_text and "FORMCHECKBOX" not in all_text
    assert "是否含税：☒是☐否" in texts(doc)  # legacy check boxes show their state
    # non-breaking hyphen -> '-', optional hyphen dropped, no-break space -> space, U+3000 kept
    assert "电子-邮件地址 A\u3000B" in texts(doc)


def test_revisions_dropped_and_noted(builtin):
    doc = doc_reader.read(fixture("revisions.doc"), source="revisions.doc")
    assert texts(doc) == ["服务费为贰万元整。"]
    (note,) = doc.notes
    assert note.rule == "unaccepted-revisions"
    assert note.data["revisions"] == 2


def test_numbering_detected_without_libreoffice(no_soffice):
    doc = doc_reader.read(fixture("numbered.doc"), source="numbered.doc")
    assert texts(doc)[1] == "本合同为示范文本。"  # the text is read, the number is not in it
    (note,) = doc.notes
    assert note.rule == "numbering-lost"
    assert note.data["paragraphs"] == 3
    assert "LibreOffice" in note.message


def test_bullets_are_not_lost_numbering(no_soffice):
    doc = doc_reader.read(fixture("bullets.doc"), source="bullets.doc")
    assert texts(doc) == ["要点", "第一点", "第二点"]
    assert not doc.notes


def test_registry_reads_doc(builtin):
    doc = read_bytes(fixture("basic.doc"), source="合同.doc")
    assert doc.lines[0].text == "技术服务合同"


# -- synthetic text streams: fields, heuristics, decoding -------------------------------------------------


def synthetic(text: str) -> WordBinary:
    """A WordBinary with one Unicode piece, no formatting and no paragraph properties."""
    n = len(text)
    return WordBinary(
        fib=Fib(nfib=0xC1, flags=0, ccp=(n, 0, 0, 0, 0, 0, 0, 0), fclcb=[]),
        text=text,
        pieces=[Piece(0, n, 0, False, 0)],
        styles={},
        lists={},
        fonts=[],
        run_starts=[0],
        runs=[(n, CharProps())],
    )


def test_nested_fields_show_only_results():
    wb = synthetic(
        "A\x13 IF \x13 MERGEFIELD x \x14旧\x15 = 1 \x14结果\x13 PAGE \x142\x15\x15B\rC\x13 TOC \x15D\r"
    )
    doc, numbered = doc_reader.build_document(wb)
    assert texts(doc) == ["A结果2B", "CD"]
    assert numbered == 0


def test_soft_page_and_section_breaks():
    wb = synthetic("甲方：X\x0b地址：Y\r\x0c\r前\x0c后\r")
    doc, _ = doc_reader.build_document(wb)
    assert texts(doc) == ["甲方：X", "地址：Y", "", "前", "后"]


def test_cell_marks_without_table_properties():
    # damaged PAPX: cells are still split, a doubled mark ends the row
    wb = synthetic("a\x07b\x07\x07c\x07d\x07\x07after\r")
    doc, _ = doc_reader.build_document(wb)
    assert [(line.text, line.cell) for line in doc.lines] == [
        ("a", (0, 0, 0)),
        ("b", (0, 0, 1)),
        ("c", (0, 1, 0)),
        ("d", (0, 1, 1)),
        ("after", None),
    ]


def test_compressed_pieces_use_the_cp1252_quirks():
    raw = b"\x93ok\x94 \x80\x85"
    text = _decode_pieces(raw, [Piece(0, len(raw), 0, True, 0)])
    assert text == "\u201cok\u201d \x80\u2026"  # 0x80 is not mapped by the format


# -- errors ---------------------------------------------------------------------------------------------


def _rename_stream(data: bytes, old: str, new: str) -> bytes:
    """Rename an OLE directory entry in place (names are UTF-16LE, 64 bytes, then their byte length)."""
    at = data.find(old.encode("utf-16-le") + b"\x00\x00")
    assert at > 0
    name = new.encode("utf-16-le") + b"\x00\x00"
    entry = bytearray(data)
    entry[at : at + 64] = name.ljust(64, b"\x00")
    entry[at + 64 : at + 66] = len(name).to_bytes(2, "little")
    return bytes(entry)


def _patch_word_stream(data: bytes, offset: int, value: bytes) -> bytes:
    """Patch bytes at ``offset`` of the WordDocument stream (its FIB starts with 0xA5EC)."""
    at = data.find(b"\xec\xa5")
    assert at > 0
    patched = bytearray(data)
    patched[at + offset : at + offset + len(value)] = value
    return bytes(patched)


def test_encrypted_doc(builtin):
    data = fixture("basic.doc")
    flags = int.from_bytes(data[data.find(b"\xec\xa5") + 0x0A :][:2], "little") | 0x0100
    with pytest.raises(EncryptedFile, match="password"):
        doc_reader.read(_patch_word_stream(data, 0x0A, flags.to_bytes(2, "little")), source="x.doc")


def test_encrypted_ooxml_package():
    data = _rename_stream(fixture("basic.doc"), "WordDocument", "EncryptedPackage")
    with pytest.raises(EncryptedFile, match="password"):
        doc_reader.read(data, source="x.docx")


@pytest.mark.parametrize(
    ("stream", "what"),
    [("Workbook", "Excel"), ("PowerPoint Document", "PowerPoint"), ("Nothing", "no Word document")],
)
def test_other_ole_files(stream, what):
    data = _rename_stream(fixture("basic.doc"), "WordDocument", stream)
    with pytest.raises(UnsupportedFormat, match=what):
        doc_reader.read(data, source="x.doc")


def test_word95_is_unsupported_without_libreoffice(no_soffice):
    data = _patch_word_stream(fixture("basic.doc"), 2, (0x68).to_bytes(2, "little"))
    with pytest.raises(UnsupportedFormat, match="Word 6/95"):
        doc_reader.read(data, source="old.doc")


@pytest.mark.parametrize("cut", [512, 4096, 9000])
def test_cut_file_is_unreadable(builtin, cut):
    with pytest.raises(UnreadableFile) as err:
        doc_reader.read(fixture("basic.doc")[:cut], source="cut.doc")
    assert "\n" not in err.value.reason


def test_garbage_after_magic_is_unreadable(builtin):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8
    with pytest.raises(UnreadableFile):
        doc_reader.read(data, source="junk.doc")


def test_damaged_piece_table_is_unreadable(builtin):
    data = fixture("basic.doc")
    # point fcClx (FibRgFcLcb97 pair 33, after 154 bytes of FIB header) far outside the table stream
    with pytest.raises(UnreadableFile, match=r"piece table|stream"):
        doc_reader.read(_patch_word_stream(data, 154 + 33 * 8, (10**8).to_bytes(4, "little")), source="x.doc")


def test_bad_converter_setting(monkeypatch):
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "word")
    with pytest.raises(UnsupportedFormat, match="HETONG_DOC_CONVERTER"):
        doc_reader.read(fixture("basic.doc"), source="x.doc")


def test_forced_libreoffice_without_soffice(monkeypatch):
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "libreoffice")
    monkeypatch.setattr(doc_reader, "soffice_path", lambda: None)
    with pytest.raises(MissingDependency, match="LibreOffice"):
        doc_reader.read(fixture("basic.doc"), source="x.doc")


def _mutations(data: bytes, count: int, seed: int):
    """Deterministic damage: flipped bytes, cuts, overwritten blocks."""
    import random

    rng = random.Random(seed)
    for _ in range(count):
        d = bytearray(data)
        kind = rng.random()
        if kind < 0.6:
            for _ in range(rng.randint(1, 30)):
                d[rng.randrange(len(d))] = rng.randrange(256)
        elif kind < 0.8:
            d = d[: rng.randrange(len(d))]
        else:
            i = rng.randrange(len(d))
            d[i : i + 512] = bytes(rng.randrange(256) for _ in range(len(d[i : i + 512])))
        yield bytes(d)


def test_damaged_files_never_leak_exceptions(builtin):
    from extractor.errors import HetongError

    for name in ("basic.doc", "nested.doc", "numbered.doc"):
        for data in _mutations(fixture(name), 60, seed=len(name)):
            try:
                doc_reader.read(data, source=name)
            except HetongError as exc:
                assert "\n" not in exc.reason


def test_failed_conversion_keeps_builtin_text(monkeypatch):
    monkeypatch.delenv(doc_reader.ENV_CONVERTER, raising=False)
    monkeypatch.setattr(doc_reader, "soffice_path", lambda: "/usr/bin/soffice")

    def fail(*_args, **_kwargs):
        raise doc_reader.ConversionFailed("LibreOffice could not convert the file")

    monkeypatch.setattr(doc_reader, "convert_with_libreoffice", fail)
    doc = doc_reader.read(fixture("numbered.doc"), source="numbered.doc")
    assert texts(doc)[1] == "本合同为示范文本。"
    assert [n.rule for n in doc.notes] == ["numbering-lost"]


def test_builtin_failure_without_converter_is_unreadable(monkeypatch, no_soffice):
    def broken(*_args):
        raise doc_reader.DocFormatError("the piece table is out of order")

    monkeypatch.setattr(doc_reader, "load", broken)
    with pytest.raises(UnreadableFile, match="piece table is out of order"):
        doc_reader.read(fixture("basic.doc"), source="x.doc")


# -- LibreOffice path -----------------------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(
    doc_reader.soffice_path() is None, reason="LibreOffice (soffice) not installed"
)


@needs_soffice
def test_numbered_doc_goes_through_libreoffice(monkeypatch):
    monkeypatch.delenv(doc_reader.ENV_CONVERTER, raising=False)
    doc = doc_reader.read(fixture("numbered.doc"), source="numbered.doc")
    assert doc.format == "doc"
    assert not any(n.rule == "numbering-lost" for n in doc.notes)
    numbered = [line for line in doc.lines if line.numbering]
    assert [line.numbering for line in numbered] == ["1.", "2.", "3."]
    assert numbered[0].text.endswith("本合同为示范文本。")


@needs_soffice
def test_libreoffice_is_the_fallback_when_the_builtin_parser_fails(monkeypatch):
    monkeypatch.delenv(doc_reader.ENV_CONVERTER, raising=False)

    def broken(*_args):
        raise doc_reader.DocFormatError("the piece table is out of order")

    monkeypatch.setattr(doc_reader, "load", broken)
    doc = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    assert doc.format == "doc"
    assert doc.lines[0].text == "技术服务合同"


@needs_soffice
def test_forced_libreoffice_matches_builtin_text(monkeypatch):
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "libreoffice")
    via_lo = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "builtin")
    builtin_doc = doc_reader.read(fixture("basic.doc"), source="basic.doc")
    clean = str.maketrans({"\xa0": " "})
    assert [(x.text.translate(clean), x.cell, x.role) for x in via_lo.lines] == [
        (x.text, x.cell, x.role) for x in builtin_doc.lines
    ]


# -- the real corpus file -------------------------------------------------------------------------------

CORPUS_DOC = CORPUS / "most-tech-service-model.doc"
needs_corpus = pytest.mark.skipif(
    not CORPUS_DOC.is_file(), reason=f"corpus file {CORPUS_DOC} is absent (see ../shared/corpus/README.md)"
)
ARTICLES = [
    "第一条",
    "第二条",
    "第三条",
    "第四条",
    "第五条",
    "第六条",
    "第七条",
    "第八条",
    "第九条",
    "第十条",
    "第十一条",
    "第十二条",
    "第十三条",
    "第十四条",
    "第十五条",
    "第十六条",
    "第十七条",
]


@needs_corpus
def test_corpus_doc_builtin(no_soffice):
    doc = doc_reader.read(CORPUS_DOC.read_bytes(), source=CORPUS_DOC.name)
    text = "\n".join(texts(doc))
    positions = [text.find(a) for a in ARTICLES]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    assert "技术服务合同" in texts(doc)
    party = [t.strip() for t in texts(doc)]
    assert any(t.startswith("委托方（甲方）：") for t in party)
    assert any(t.startswith("受托方（乙方）：") for t in party)
    assert sum(t.startswith("法定代表人：") for t in party) >= 2
    assert any(t.startswith("住  所  地：") for t in party)
    # party blanks are underlined runs of spaces
    entrusting = next(line for line in doc.lines if line.text.strip().startswith("委托方（甲方）："))
    assert entrusting.underlines
    # 填写说明 item 一、 is Word list numbering: missing from the text, detected
    assert "本合同为中华人民共和国科学技术部印制的技术服务合同示范" in texts(doc)
    assert [n.rule for n in doc.notes] == ["numbering-lost"]
    assert not any(CONTROL.search(t) for t in texts(doc))


@needs_corpus
def test_corpus_doc_agrees_with_its_docx_articles(no_soffice):
    docx_path = CORPUS / "most-tech-service-model.docx"
    if not docx_path.is_file():
        pytest.skip(f"{docx_path} is absent")
    from extractor.readers.docx import read as read_docx

    found = {}
    for name, doc in (
        ("doc", doc_reader.read(CORPUS_DOC.read_bytes(), source="x.doc")),
        ("docx", read_docx(docx_path.read_bytes(), source="x.docx")),
    ):
        text = "\n".join(texts(doc))
        found[name] = [a for a in ARTICLES if a in text]
    assert found["doc"] == found["docx"] == ARTICLES


@needs_corpus
@needs_soffice
def test_corpus_doc_via_libreoffice_shows_numbers(monkeypatch):
    monkeypatch.delenv(doc_reader.ENV_CONVERTER, raising=False)
    doc = doc_reader.read(CORPUS_DOC.read_bytes(), source=CORPUS_DOC.name)
    assert any(line.numbering == "一、" for line in doc.lines)
    assert not any(n.rule == "numbering-lost" for n in doc.notes)
