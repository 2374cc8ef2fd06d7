"""The Word 97-2003 (.doc) reader: builtin parser, LibreOffice path, errors.

Fixtures come from tests/fixtures/make_doc_fixtures.py (python-docx -> LibreOffice -> .doc).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from extractor.errors import EncryptedFile, MissingDependency, UnreadableFile, UnsupportedFormat
from extractor.model import Document
from extractor.readers import doc as doc_reader
from extractor.readers import read_bytes
from extractor.readers.ole_text import (
    FC_PLFLFO,
    FC_PLFLST,
    CharProps,
    Fib,
    ListTables,
    ParaProps,
    Piece,
    WordBinary,
    _decode_pieces,
    load,
    parse_lists,
)
from extractor.readers.word_numbering import Counters, chinese_counting

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


def test_list_numbers_rendered_without_libreoffice(no_soffice):
    doc = doc_reader.read(fixture("numbered.doc"), source="numbered.doc")
    assert texts(doc) == [
        "填写说明",
        "1. 本合同为示范文本。",
        "2. 签约一方为多个当事人的，可按各自在合同关系中的作用等增加。",
        "3. 不适用的条款应注明。",
        "第一条\u3000服务内容。",
    ]
    assert [line.numbering for line in doc.lines] == [None, "1.", "2.", "3.", None]
    assert not doc.notes


def test_bullets_show_as_in_docx(no_soffice):
    doc = doc_reader.read(fixture("bullets.doc"), source="bullets.doc")
    assert texts(doc) == ["要点", "• 第一点", "• 第二点"]
    assert not doc.notes


def test_registry_reads_doc(builtin):
    doc = read_bytes(fixture("basic.doc"), source="合同.doc")
    assert doc.lines[0].text == "技术服务合同"


# -- list numbering: the same lines as the .docx the .doc was made from -------------------------------------

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def line_facts(doc) -> list[tuple]:
    return [(x.text, x.numbering, x.heading, x.cell, x.role, x.underlines, x.bold) for x in doc.lines]


def read_docx(path: Path):
    from extractor.readers.docx import read

    return read(path.read_bytes(), source=path.name)


def open_binary(name: str) -> WordBinary:
    import olefile

    with olefile.OleFileIO(str(FIXTURES / name)) as ole:
        streams = {n: ole.openstream(n).read() for n in ("WordDocument", "0Table", "1Table") if ole.exists(n)}
    return load(streams["WordDocument"], streams.get)


def test_service_contract_numbers_as_its_docx(builtin):
    """samples/service-numbered.docx saved as .doc by LibreOffice 7.4: every line, number, heading, cell,
    underline agrees with the .docx reader, except what LibreOffice did not write: isLgl."""
    doc = doc_reader.read(fixture("service-numbered.doc"), source="x.doc")
    docx = read_docx(SAMPLES / "service-numbered.docx")
    assert [n.rule for n in doc.notes] == [n.rule for n in docx.notes]
    assert (
        doc.lines[28].text == "第一章 定义" and doc.lines[28].heading == 1
    )  # Heading 1, numbered by its style
    # %1.%2 and %1.%2.%3 carry w:isLgl in the .docx (1.1); LibreOffice 7.4 writes LVLF.fLegal = 0, so the
    # .doc really says 一.1 (the chapter in its own chineseCounting format), and Word shows 一.1 too
    legal = re.compile(r"^(\d+)(?=\.\d)")
    expected = []
    for text, number, *rest in line_facts(docx):
        if number and legal.match(number):
            chapter = chinese_counting(int(legal.match(number).group(1)))
            text, number = legal.sub(chapter, text), legal.sub(chapter, number)
        expected.append((text, number, *rest))
    assert line_facts(doc) == expected
    assert sum(1 for x in doc.lines if x.numbering) == 53


def test_stored_legal_flag_renders_decimal(builtin):
    """With fLegal set (as Word writes it for isLgl) the .doc gives exactly the .docx's lines."""
    from dataclasses import replace

    wb = open_binary("service-numbered.doc")
    for inst in wb.lists.instances.values():
        inst.levels[1:3] = [replace(lvl, is_lgl=True) if lvl else lvl for lvl in inst.levels[1:3]]
    doc, lost = doc_reader.build_document(wb)
    assert lost == 0
    assert line_facts(doc) == line_facts(read_docx(SAMPLES / "service-numbered.docx"))


def test_numbering_from_the_paragraph_style(builtin):
    """Word stores style-linked numbering (Heading 1 -> level 0) in the style's UPX only; LibreOffice
    also writes sprmPIlfo on each paragraph. Read the headings as Word would store them: same lines."""
    from dataclasses import replace

    wb = open_binary("service-numbered.doc")
    heading1 = next(istd for istd, style in wb.styles.items() if style.sti == 1)
    assert wb.styles[heading1].para.ilfo > 0  # sprmPIlfo/sprmPIlvl parsed from the STSH
    expected, _ = doc_reader.build_document(wb)
    direct = wb._para
    assert direct is not None

    def style_only(cp: int) -> ParaProps:
        props = direct(cp)
        return replace(wb.style(props.istd).para, istd=props.istd) if props.istd == heading1 else props

    wb._para = style_only
    doc, lost = doc_reader.build_document(wb)
    assert lost == 0
    assert line_facts(doc) == line_facts(expected)
    assert [x.numbering for x in doc.lines if x.heading == 1][:2] == ["第一章", "第二章"]


#: lines where the .doc LibreOffice 7.4 wrote differs from its .docx, and why (docx text -> .doc text)
LIBREOFFICE_LOSSES = {
    # w:lvlRestart 0 (never restart) is not written: LVLF.fNoRestart = 0, so level 2 restarts after 第二条
    "2. 细则二": "1. 细则二",
    # the w:num whose startOverride restarts list 22 becomes two new lists (LSTF copies): the restarted
    # paragraph gets one starting at 1, the next paragraph another that starts at the list's 5
    "2. 二": "5. 二",
    # w:isLgl is not written (LVLF.fLegal = 0): the level-0 number keeps its chineseCounting format
    "1.1 条款": "一.1 条款",
    "2.1 条款二": "二.1 条款二",
}


def test_list_formats_as_docx(builtin):
    doc = doc_reader.read(fixture("list-formats.doc"), source="x.doc")
    docx = read_docx(FIXTURES / "list-formats.docx")
    expected = []
    for text, number, *rest in line_facts(docx):
        if text in LIBREOFFICE_LOSSES:
            text = LIBREOFFICE_LOSSES[text]
            number = text.split(" ")[0]
        expected.append((text, number, *rest))
    assert line_facts(doc) == expected
    assert not doc.notes
    numbers = [x.numbering for x in doc.lines if x.numbering]
    assert numbers[:9] == ["第一条", "（一）", "（二）", "1.", "第二条", "（一）", "1.", "I.", "a)"]
    assert numbers[9:17] == ["A.", "①", "壹、", "甲、", "01.", "１．", "一、", "②"]
    assert by_text(doc, "（一）甲方").numbering == "（一）"  # suffix "nothing": no space
    assert by_text(doc, "• 甲方：某某公司").numbering == "•"  # Symbol bullet; only the first line
    assert doc.lines[by_text(doc, "• 甲方：某某公司").no].text == "地址：某市"
    assert by_text(doc, "▪ 要点").numbering == "▪"  # Wingdings 0xA7
    assert by_text(doc, "不编号").numbering is None  # ilfo 0 over the style's list
    assert by_text(doc, "0.1 无上级").numbering == "0.1"
    assert by_text(doc, "（二）表内编号").cell == (0, 0, 1)


# -- list tables from bytes ([MS-DOC] LSTF, LVL, LFO, LFOLVL) ------------------------------------------------


def lvl_bytes(
    text: str,
    nfc: int = 0,
    *,
    start: int = 1,
    legal: bool = False,
    restart_lim: int | None = None,
    follow: int = 0,
    chpx: bytes = b"",
) -> bytes:
    """An LVL: LVLF (28 bytes), no grpprlPapx, ``chpx``, then the xst; \x00..\x08 in ``text`` are levels."""
    places = [i + 1 for i, c in enumerate(text) if ord(c) < 9][:9]
    flags = (0x04 if legal else 0) | (0x08 if restart_lim is not None else 0)
    lvlf = (
        struct.pack("<iBB", start, nfc, flags)
        + bytes(places).ljust(9, b"\0")
        + struct.pack("<BiiBBBB", follow, 0, 0, len(chpx), 0, restart_lim or 0, 0)
    )
    assert len(lvlf) == 28
    return lvlf + chpx + struct.pack("<H", len(text)) + text.encode("utf-16-le")


def list_tables(
    lists: list[tuple[int, list[bytes], tuple[int, ...]]], lfos: list[tuple[int, bytes]]
) -> ListTables:
    """Parse a table stream holding a PlfLst (+ LVLs) and a PlfLfo; ``lfos`` are (lsid, its lfolvl() bytes)."""
    plflst = struct.pack("<h", len(lists))
    lvls = b""
    for lsid, levels, styles in lists:
        simple = 1 if len(levels) == 1 else 0
        plflst += struct.pack("<ii9HBB", lsid, 0, *styles, simple, 0)
        lvls += b"".join(levels)
    plflfo = struct.pack("<I", len(lfos))
    data = b""
    for lsid, overrides in lfos:
        count = overrides.count(b"OVR")
        plflfo += struct.pack("<iiiBBBB", lsid, 0, 0, count, 0, 0, 0)
        data += b"\xff\xff\xff\xff" + overrides.replace(b"OVR", b"")
    tbl = plflst + lvls + plflfo + data
    fclcb = [(0, 0)] * 80
    fclcb[FC_PLFLST] = (0, len(plflst))
    fclcb[FC_PLFLFO] = (len(plflst) + len(lvls), len(plflfo) + len(data))
    return parse_lists(tbl, Fib(nfib=0xC1, flags=0, ccp=(0,) * 8, fclcb=fclcb), ["Times", "Wingdings"])


def lfolvl(ilvl: int, start: int | None = None, lvl: bytes = b"") -> bytes:
    bits = ilvl | (0x10 if start is not None else 0) | (0x20 if lvl else 0)
    return b"OVR" + struct.pack("<iI", start or 0, bits) + lvl


NO_STYLES = (0x0FFF,) * 9


def nine(*levels: bytes) -> list[bytes]:
    return [*levels, *[lvl_bytes(f"{chr(i)}.") for i in range(len(levels), 9)]]


def render(tables: ListTables, refs: list[tuple[int, int]]) -> list[str | None]:
    counters = Counters(tables)  # type: ignore[arg-type]
    out = []
    for ilfo, ilvl in refs:
        shown = counters.next(ilfo, ilvl)
        out.append(shown[0] + shown[1] if shown else None)
    return out


def test_lvl_fields_and_restart_override():
    styles = (0x0FFF, 7, *[0x0FFF] * 7)  # level 1 is linked to paragraph style 7
    tables = list_tables(
        [
            (
                10,
                nine(
                    lvl_bytes("第\x00章", 37, follow=1),  # chineseCounting, space
                    lvl_bytes("\x00.\x01", 0, legal=True, follow=2),  # fLegal, nothing follows
                    lvl_bytes("(\x02)", 4, restart_lim=0),  # lowerLetter that never restarts
                ),
                styles,
            )
        ],
        [(10, b""), (10, lfolvl(0, start=1) + lfolvl(2, lvl=lvl_bytes("\x02>", 1, start=3)))],
    )
    assert not tables.damaged and tables.count == 2
    assert tables.level_for_style(1, 7) == 1 and tables.level_for_style(1, 8) is None
    assert render(
        tables, [(1, 0), (1, 1), (1, 2), (1, 0), (1, 2), (1, 1), (2, 0), (2, 2), (2, 1), (2, 0)]
    ) == [
        "第一章 ",
        "1.1",
        "(a) ",
        "第二章 ",
        "(b) ",  # fNoRestart with ilvlRestartLim 0: not restarted by 第二章
        "2.1",
        "第一章 ",  # LFO 2 restarts level 0 at 1 when first used (LFOLVL.fStartAt), counters are shared
        "III> ",  # LFOLVL.fFormatting: its own LVL (upperRoman, start 3) replaces level 2
        "1.1",
        "第二章 ",
    ]


def test_simple_list_bullet_symbol_font_and_none():
    wingdings = struct.pack("<HH", 0x4A4F, 1)  # sprmCRgFtc0 -> font 1, Wingdings
    tables = list_tables(
        [
            (1, [lvl_bytes("\x00)", 2)], NO_STYLES),  # fSimpleList: one level
            (2, nine(lvl_bytes("l", 23, chpx=wingdings), lvl_bytes("", 0xFF, follow=2)), NO_STYLES),
        ],
        [(1, b""), (2, b""), (99, b"")],  # LFO 3 names a list that does not exist
    )
    assert tables.simple == {1}
    assert render(tables, [(1, 0), (1, 0), (2, 0), (2, 1), (3, 0)]) == ["i) ", "ii) ", "● ", None, None]


def test_list_ref_from_paragraph_and_style():
    wb = synthetic("x\r")
    wb.lists = list_tables([(5, nine(lvl_bytes("\x00.")), (0x0FFF, 0x0FFF, 12, *[0x0FFF] * 6))], [(5, b"")])
    assert wb.list_ref(ParaProps(ilfo=1, ilvl=3)) == (1, 3)
    assert wb.list_ref(ParaProps(istd=12, ilfo=1)) == (1, 2)  # no sprmPIlvl: the level linked to the style
    assert wb.list_ref(ParaProps(istd=13, ilfo=1)) == (1, 0)
    assert wb.list_ref(ParaProps(ilfo=-1, ilvl=1)) == (1, 1)  # negative: the list, own indents kept
    assert wb.list_ref(ParaProps(ilfo=-2047, ilvl=1)) is None  # 0xF801: no list
    assert wb.list_ref(ParaProps(ilfo=0)) is None
    assert wb.list_ref(ParaProps(ilfo=2)) is None  # past lfoMac: Word shows nothing either


def test_truncated_list_tables_are_damaged_not_fatal():
    good = list_tables([(1, nine(lvl_bytes("\x00.")), NO_STYLES)], [(1, b"")])
    assert good.instances and not good.damaged
    fclcb = [(0, 0)] * 80
    fclcb[FC_PLFLST] = (0, 30)
    tbl = struct.pack("<h", 1) + struct.pack("<ii9HBB", 1, 0, *NO_STYLES, 0, 0) + lvl_bytes("\x00.")[:20]
    cut = parse_lists(tbl, Fib(nfib=0xC1, flags=0, ccp=(0,) * 8, fclcb=fclcb))
    assert cut.damaged and not cut.instances


def test_anld_and_damaged_lists_count_as_lost():
    wb = synthetic("a\rb\rc\r")
    wb._para = lambda cp: ParaProps(anld=True) if cp == 1 else ParaProps(ilfo=1, ilvl=0)
    wb.lists = ListTables()
    wb.lists.damaged = True
    doc, lost = doc_reader.build_document(wb)
    assert texts(doc) == ["a", "b", "c"] and lost == 3
    wb._para = lambda cp: ParaProps(ilfo=1, ilvl=0)
    wb.lists = list_tables([(1, nine(lvl_bytes("\x00、", 37, follow=2)), NO_STYLES)], [(1, b"")])
    doc, lost = doc_reader.build_document(wb)
    assert texts(doc) == ["一、a", "二、b", "三、c"] and lost == 0


# -- synthetic text streams: fields, heuristics, decoding -------------------------------------------------


def synthetic(text: str) -> WordBinary:
    """A WordBinary with one Unicode piece, no formatting and no paragraph properties."""
    n = len(text)
    return WordBinary(
        fib=Fib(nfib=0xC1, flags=0, ccp=(n, 0, 0, 0, 0, 0, 0, 0), fclcb=[]),
        text=text,
        pieces=[Piece(0, n, 0, False, 0)],
        styles={},
        lists=ListTables(),
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


def damaged_lists(data: bytes) -> bytes:
    """Point fcPlfLst (FibRgFcLcb97 pair 73) outside the table stream: list tables that cannot be read."""
    return _patch_word_stream(data, 154 + FC_PLFLST * 8, (10**8).to_bytes(4, "little"))


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

    for name in ("basic.doc", "nested.doc", "numbered.doc", "service-numbered.doc", "list-formats.doc"):
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
    doc = doc_reader.read(damaged_lists(fixture("numbered.doc")), source="numbered.doc")
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
def test_libreoffice_numbers_agree_with_builtin(monkeypatch):
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "libreoffice")
    via_lo = doc_reader.read(fixture("numbered.doc"), source="numbered.doc")
    assert via_lo.format == "doc"
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "builtin")
    builtin_doc = doc_reader.read(fixture("numbered.doc"), source="numbered.doc")
    assert [(x.text, x.numbering) for x in via_lo.lines] == [(x.text, x.numbering) for x in builtin_doc.lines]


def test_auto_mode_converts_only_what_the_builtin_parser_cannot_number(monkeypatch):
    monkeypatch.delenv(doc_reader.ENV_CONVERTER, raising=False)
    monkeypatch.setattr(doc_reader, "soffice_path", lambda: "/usr/bin/soffice")
    calls: list[str] = []

    def convert(_data, source, _max_chars=None, _caps=None):
        calls.append(source)
        return Document(lines=[], format="doc")

    monkeypatch.setattr(doc_reader, "_via_libreoffice", convert)
    doc = doc_reader.read(fixture("service-numbered.doc"), source="numbered.doc")
    assert calls == [] and doc.lines[28].numbering == "第一章"  # numbered by the builtin parser
    doc_reader.read(damaged_lists(fixture("numbered.doc")), source="lost.doc")
    assert calls == ["lost.doc"]


def test_lost_numbers_noted_without_libreoffice(no_soffice):
    doc = doc_reader.read(damaged_lists(fixture("numbered.doc")), source="numbered.doc")
    assert texts(doc)[1] == "本合同为示范文本。"  # the text is read, the numbers are not in it
    (note,) = doc.notes
    assert note.rule == "numbering-lost"
    assert note.data["paragraphs"] == 3
    assert note.key == "lost"


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
    # 填写说明 item 一、 is Word list numbering (japaneseCounting, "%1、"): rendered by the builtin parser
    (item,) = [line for line in doc.lines if line.numbering]
    assert item.numbering == "一、"
    assert item.text == "一、 本合同为中华人民共和国科学技术部印制的技术服务合同示范"
    assert not doc.notes
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
def test_corpus_doc_numbers_as_its_docx(no_soffice):
    docx_path = CORPUS / "most-tech-service-model.docx"
    if not docx_path.is_file():
        pytest.skip(f"{docx_path} is absent")
    from extractor.readers.docx import read as read_docx

    doc = doc_reader.read(CORPUS_DOC.read_bytes(), source="x.doc")
    docx = read_docx(docx_path.read_bytes(), source="x.docx")
    numbered = [[(x.text, x.numbering) for x in d.lines if x.numbering] for d in (doc, docx)]
    assert (
        numbered[0]
        == numbered[1]
        == [("一、 本合同为中华人民共和国科学技术部印制的技术服务合同示范", "一、")]
    )


@needs_corpus
@needs_soffice
def test_corpus_doc_via_libreoffice_shows_the_same_numbers(monkeypatch):
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "libreoffice")
    via_lo = doc_reader.read(CORPUS_DOC.read_bytes(), source=CORPUS_DOC.name)
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "builtin")
    builtin_doc = doc_reader.read(CORPUS_DOC.read_bytes(), source=CORPUS_DOC.name)
    assert [x.numbering for x in via_lo.lines if x.numbering] == ["一、"]
    assert [x.numbering for x in builtin_doc.lines if x.numbering] == ["一、"]
