"""The .docx reader: numbering, tables, revisions, fields, text boxes, underlines, errors.

Documents are made with python-docx and then given raw WordprocessingML (paragraphs, numbering.xml,
styles) by rewriting parts of the zip, so each test states exactly the XML Word would have written.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from lxml import etree

from extractor.api import check_bytes
from extractor.errors import FileTooLarge, HetongError, UnreadableFile
from extractor.readers import docx as docx_reader
from extractor.readers import read_bytes
from extractor.readers.caps import Caps
from extractor.readers.word_numbering import format_number

from .hostile.make_bombs import docx as zip_of

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "most-tech-service-model.docx"

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{WNS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


# ------------------------------------------------------------------------------------------------
# building documents
# ------------------------------------------------------------------------------------------------


def build(
    body: str | None = None,
    *,
    numbering: str | None = None,
    styles: str = "",
    parts: dict[str, tuple[str, str]] | None = None,
    doc: python_docx.document.Document | None = None,
) -> bytes:
    """A .docx from python-docx's template with raw XML put in.

    body: the children of w:body (the template's w:sectPr is kept, so headers made with python-docx
    survive); numbering: the children of w:numbering (replaces the template's); styles: w:style
    elements added to styles.xml (replacing same-id ones); parts: {"comments": xml, ...} added with
    a relationship of that type from the main part.
    """
    doc = doc or python_docx.Document()
    raw = io.BytesIO()
    doc.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    files = {name: src.read(name) for name in src.namelist()}
    if body is not None:
        root = etree.fromstring(files["word/document.xml"])
        body_el = root.find(f"{{{WNS}}}body")
        sect = body_el.find(f"{{{WNS}}}sectPr")
        for child in list(body_el):
            if child is not sect:
                body_el.remove(child)
        fragment = etree.fromstring(f"<w:body {NS}>{body}</w:body>")
        for i, child in enumerate(fragment):
            body_el.insert(i, child)
        files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if numbering is not None:
        files["word/numbering.xml"] = f"<w:numbering {NS}>{numbering}</w:numbering>".encode()
    if styles:
        root = etree.fromstring(files["word/styles.xml"])
        new = etree.fromstring(f"<w:styles {NS}>{styles}</w:styles>")
        ids = {st.get(f"{{{WNS}}}styleId") for st in new}
        for st in list(root):
            if st.get(f"{{{WNS}}}styleId") in ids:
                root.remove(st)
        for st in new:
            root.append(st)
        files["word/styles.xml"] = etree.tostring(root)
    for kind, (tag, xml) in (parts or {}).items():
        files[f"word/{kind}.xml"] = f"<w:{tag} {NS}>{xml}</w:{tag}>".encode()
        rels = etree.fromstring(files["word/_rels/document.xml.rels"])
        rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", f"rIdTest{kind}")
        rel.set("Type", REL + kind)
        rel.set("Target", f"{kind}.xml")
        files["word/_rels/document.xml.rels"] = etree.tostring(rels)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out.getvalue()


def read(data: bytes):
    return docx_reader.read(data, source="test.docx")


def texts(data: bytes, *, skip_empty: bool = True) -> list[str]:
    return [ln.text for ln in read(data).lines if ln.text or not skip_empty]


def p(text: str = "", ppr: str = "", rpr: str = "") -> str:
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>"


def numpr(num_id: int, ilvl: int | None = 0) -> str:
    lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    return f'<w:numPr>{lvl}<w:numId w:val="{num_id}"/></w:numPr>'


def lvl(ilvl: int, fmt: str, text: str, start: int | None = 1, extra: str = "") -> str:
    start_el = f'<w:start w:val="{start}"/>' if start is not None else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}">{start_el}<w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


def abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def one_list(fmt: str, text: str = "%1、", start: int = 1, extra: str = "") -> str:
    return abstract(1, lvl(0, fmt, text, start, extra)) + num(1, 1)


# ------------------------------------------------------------------------------------------------
# number formats
# ------------------------------------------------------------------------------------------------

FORMAT_CASES = [
    ("decimal", 12, "12"),
    ("chineseCounting", 1, "一"),
    ("chineseCounting", 10, "十"),
    ("chineseCounting", 11, "十一"),
    ("chineseCounting", 20, "二十"),
    ("chineseCounting", 25, "二十五"),
    ("chineseCounting", 100, "一〇〇"),
    ("chineseCountingThousand", 11, "十一"),
    ("chineseCountingThousand", 101, "一百〇一"),
    ("chineseCountingThousand", 110, "一百一十"),
    ("chineseCountingThousand", 1000, "一千"),
    ("chineseCountingThousand", 1010, "一千〇一十"),
    ("taiwaneseCountingThousand", 23, "二十三"),
    ("taiwaneseCountingThousand", 101, "一百〇一"),
    ("chineseLegalSimplified", 1, "壹"),
    ("chineseLegalSimplified", 3, "叁"),
    ("chineseLegalSimplified", 10, "壹拾"),
    ("chineseLegalSimplified", 11, "壹拾壹"),
    ("chineseLegalSimplified", 20, "贰拾"),
    ("chineseLegalSimplified", 101, "壹佰零壹"),
    ("ideographTraditional", 1, "甲"),
    ("ideographTraditional", 4, "丁"),
    ("ideographTraditional", 10, "癸"),
    ("ideographDigital", 3, "三"),
    ("ideographDigital", 10, "一〇"),
    ("japaneseCounting", 11, "十一"),
    ("japaneseCounting", 101, "百一"),
    ("upperLetter", 1, "A"),
    ("upperLetter", 26, "Z"),
    ("upperLetter", 27, "AA"),
    ("upperLetter", 28, "BB"),
    ("lowerLetter", 3, "c"),
    ("upperRoman", 4, "IV"),
    ("upperRoman", 1999, "MCMXCIX"),
    ("lowerRoman", 9, "ix"),
    ("decimalEnclosedCircle", 1, "①"),
    ("decimalEnclosedCircle", 20, "⑳"),
    ("decimalEnclosedCircle", 21, "21"),
    ("decimalZero", 3, "03"),
    ("decimalZero", 12, "12"),
    ("decimalFullWidth", 12, "１２"),
    ("none", 5, ""),
    ("someFutureFormat", 7, "7"),
]


@pytest.mark.parametrize(("fmt", "n", "expected"), FORMAT_CASES)
def test_format_number(fmt, n, expected):
    assert format_number(n, fmt) == expected


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("chineseCounting", "第%1条", ["第一条", "第二条", "第三条", "第四条", "第五条", "第六条"]),
        ("chineseCountingThousand", "%1、", ["一、", "二、", "三、", "四、", "五、", "六、"]),
        ("japaneseCounting", "%1、", ["一、", "二、", "三、", "四、", "五、", "六、"]),
        ("chineseLegalSimplified", "%1、", ["壹、", "贰、", "叁、", "肆、", "伍、", "陆、"]),
        ("ideographTraditional", "%1.", ["甲.", "乙.", "丙.", "丁.", "戊.", "己."]),
        ("ideographDigital", "%1", ["一", "二", "三", "四", "五", "六"]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③", "④", "⑤", "⑥"]),
        ("decimal", "（%1）", ["（1）", "（2）", "（3）", "（4）", "（5）", "（6）"]),
        ("upperLetter", "%1.", ["A.", "B.", "C.", "D.", "E.", "F."]),
        ("lowerRoman", "%1)", ["i)", "ii)", "iii)", "iv)", "v)", "vi)"]),
        ("decimalZero", "%1", ["01", "02", "03", "04", "05", "06"]),
        ("decimalFullWidth", "%1．", ["１．", "２．", "３．", "４．", "５．", "６．"]),
    ],
)
def test_list_numbers_rendered_into_text(fmt, text, expected):
    body = "".join(p(f"条款{i}", numpr(1)) for i in range(6))
    lines = read(build(body, numbering=one_list(fmt, text))).lines
    assert [ln.numbering for ln in lines] == expected
    assert [ln.text for ln in lines] == [f"{e} 条款{i}" for i, e in enumerate(expected)]


def test_start_value_and_bullet():
    numbering = (
        abstract(1, lvl(0, "decimal", "(%1)", start=5))
        + num(1, 1)
        + abstract(2, lvl(0, "bullet", "\uf0b7"))
        + num(2, 2)
    )
    body = p("甲", numpr(1)) + p("乙", numpr(1)) + p("要点", numpr(2))
    assert texts(build(body, numbering=numbering)) == ["(5) 甲", "(6) 乙", "• 要点"]


def test_multilevel_text_and_default_restart():
    numbering = abstract(1, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) + num(1, 1)
    levels = [0, 1, 1, 0, 1]
    body = "".join(p("x", numpr(1, i)) for i in levels)
    assert [ln.numbering for ln in read(build(body, numbering=numbering)).lines] == [
        "1.",
        "1.1",
        "1.2",
        "2.",
        "2.1",
    ]


def test_unused_higher_level_shows_start_minus_one():
    numbering = abstract(1, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) + num(1, 1)
    body = p("x", numpr(1, 1)) + p("y", numpr(1, 0))
    assert [ln.numbering for ln in read(build(body, numbering=numbering)).lines] == ["0.1", "1."]


def test_lvl_restart_never_and_after_top_level():
    numbering = (
        abstract(
            1, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "(%2)", extra='<w:lvlRestart w:val="0"/>')
        )
        + num(1, 1)
        + abstract(
            2,
            lvl(0, "decimal", "%1"),
            lvl(1, "decimal", "%1.%2"),
            lvl(2, "decimal", "%3)", extra='<w:lvlRestart w:val="1"/>'),
        )
        + num(2, 2)
    )
    never = "".join(p("x", numpr(1, i)) for i in (0, 1, 1, 0, 1))
    after_top = "".join(p("y", numpr(2, i)) for i in (0, 2, 1, 2, 0, 2))
    lines = read(build(never + after_top, numbering=numbering)).lines
    assert [ln.numbering for ln in lines] == [
        "1.",
        "(a)",
        "(b)",
        "2.",
        "(c)",
        "1",
        "1)",
        "1.1",
        "2)",
        "2",
        "1)",
    ]


def test_is_lgl_renders_all_levels_decimal():
    numbering = abstract(
        1, lvl(0, "chineseCounting", "第%1章"), lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>")
    ) + num(1, 1)
    body = "".join(p("x", numpr(1, i)) for i in (0, 1, 1, 0, 1))
    got = [ln.numbering for ln in read(build(body, numbering=numbering)).lines]
    assert got == ["第一章", "1.1", "1.2", "第二章", "2.1"]


def test_nums_share_their_abstract_counter_unless_start_overridden():
    numbering = (
        abstract(1, lvl(0, "decimal", "%1."))
        + num(1, 1)
        + num(2, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
        + num(3, 1)
        + num(4, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride>')
    )
    body = "".join(p("x", numpr(n)) for n in (1, 1, 2, 2, 3, 1, 4, 4))
    got = [ln.numbering for ln in read(build(body, numbering=numbering)).lines]
    assert got == ["1.", "2.", "1.", "2.", "3.", "4.", "10.", "11."]


def test_lvl_override_with_a_new_level_definition():
    override = (
        '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1:"/></w:lvl></w:lvlOverride>'
    )
    numbering = abstract(1, lvl(0, "decimal", "%1.")) + num(1, 1) + num(2, 1, override)
    body = p("a", numpr(1)) + p("b", numpr(2))
    assert texts(build(body, numbering=numbering)) == ["1. a", "II: b"]


STYLE_LINKED = (
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="20"/></w:numPr>'
    '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="20"/></w:numPr>'
    '<w:outlineLvl w:val="1"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ChapterTitle"><w:name w:val="Chapter Title"/>'
    '<w:basedOn w:val="Heading1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 3"/><w:basedOn w:val="Normal"/></w:style>'
)
STYLE_NUMBERING = abstract(
    20,
    lvl(0, "chineseCounting", "第%1章", extra='<w:pStyle w:val="Heading1"/><w:suff w:val="space"/>'),
    lvl(1, "chineseCounting", "第%2条", extra='<w:lvlRestart w:val="0"/><w:pStyle w:val="Heading2"/>'),
) + num(20, 20)


def test_numbering_and_heading_come_from_the_paragraph_style():
    body = (
        p("总则", '<w:pStyle w:val="Heading1"/>')
        + p("定义", '<w:pStyle w:val="Heading2"/>')
        + p("范围", '<w:pStyle w:val="Heading2"/>')
        + p("附则", '<w:pStyle w:val="ChapterTitle"/>')  # basedOn Heading1
        + p("生效", '<w:pStyle w:val="Heading2"/>')
        + p("不编号", '<w:pStyle w:val="Heading1"/>' + numpr(0))  # numId 0 removes the number
        + p("三级", '<w:pStyle w:val="a5"/>')
    )
    lines = read(build(body, numbering=STYLE_NUMBERING, styles=STYLE_LINKED)).lines
    assert [ln.text for ln in lines] == [
        "第一章 总则",
        "第一条 定义",
        "第二条 范围",
        "第二章 附则",
        "第三条 生效",
        "不编号",
        "三级",
    ]
    assert [ln.numbering for ln in lines] == ["第一章", "第一条", "第二条", "第二章", "第三条", None, None]
    assert [ln.heading for ln in lines] == [1, 2, 2, 1, 2, 1, 3]
    assert lines[0].bold and lines[3].bold and not lines[1].bold


def test_direct_outline_level_and_python_docx_headings():
    doc = python_docx.Document()
    doc.add_heading("合同", level=1)
    doc.add_paragraph("正文")
    data = build(doc=doc)
    lines = read(data).lines
    assert [(ln.text, ln.heading) for ln in lines] == [("合同", 1), ("正文", None)]
    body = p("大纲", '<w:outlineLvl w:val="2"/>') + p("正文级", '<w:outlineLvl w:val="9"/>')
    assert [ln.heading for ln in read(build(body)).lines] == [3, None]


def test_num_style_link_uses_the_linked_definition():
    numbering = (
        abstract(30, extra='<w:numStyleLink w:val="ContractList"/>')
        + abstract(31, lvl(0, "decimal", "%1)"), extra='<w:styleLink w:val="ContractList"/>')
        + num(30, 30)
        + num(31, 31)
    )
    styles = (
        '<w:style w:type="numbering" w:styleId="ContractList"><w:name w:val="Contract List"/>'
        '<w:pPr><w:numPr><w:numId w:val="31"/></w:numPr></w:pPr></w:style>'
    )
    body = p("a", numpr(30)) + p("b", numpr(30)) + p("c", numpr(31))
    assert texts(build(body, numbering=numbering, styles=styles)) == ["1) a", "2) b", "3) c"]


@pytest.mark.parametrize(("suff", "expected"), [("tab", "1. 甲"), ("space", "1. 甲"), ("nothing", "1.甲")])
def test_suffix(suff, expected):
    numbering = one_list("decimal", "%1.", extra=f'<w:suff w:val="{suff}"/>')
    assert texts(build(p("甲", numpr(1)), numbering=numbering)) == [expected]


def test_num_fmt_none_shows_nothing():
    numbering = abstract(1, lvl(0, "none", "%1"), lvl(1, "lowerLetter", "%1%2)")) + num(1, 1)
    lines = read(build(p("引言", numpr(1, 0)) + p("细项", numpr(1, 1)), numbering=numbering)).lines
    assert [(ln.text, ln.numbering) for ln in lines] == [("引言", None), ("a) 细项", "a)")]


def test_python_docx_list_number_style():
    doc = python_docx.Document()
    for text in ("甲方义务", "乙方义务"):
        doc.add_paragraph(text, style="List Number")
    assert texts(build(doc=doc)) == ["1. 甲方义务", "2. 乙方义务"]


def test_custom_zero_padded_format_from_alternate_content():
    custom = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
        '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback>'
        '<w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl>'
    )
    numbering = abstract(1, custom) + num(1, 1)
    assert texts(build(p("a", numpr(1)) + p("b", numpr(1)), numbering=numbering)) == ["001 a", "002 b"]


def test_numbering_reference_without_definition_is_ignored():
    assert texts(build(p("孤儿", numpr(99)), numbering=one_list("decimal"))) == ["孤儿"]


# ------------------------------------------------------------------------------------------------
# tables and content controls
# ------------------------------------------------------------------------------------------------


def test_table_cells_in_reading_order_with_merges_and_nesting():
    doc = python_docx.Document()
    doc.add_paragraph("前言")
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "甲方：A公司"
    table.cell(0, 2).text = "乙方：B公司"
    table.cell(1, 0).text = "左"
    inner = table.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内1"
    inner.cell(0, 1).text = "内2"
    table.cell(1, 1).text = "中"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "盖章"
    table.cell(2, 0).text = "下左"
    table.cell(2, 1).text = "下中"
    doc.add_paragraph("结尾")
    lines = [ln for ln in read(build(doc=doc)).lines if ln.text]
    assert [(ln.text, ln.cell) for ln in lines] == [
        ("前言", None),
        ("甲方：A公司", (0, 0, 0)),
        ("乙方：B公司", (0, 0, 2)),
        ("左", (0, 1, 0)),
        ("内1", (1, 0, 0)),
        ("内2", (1, 0, 1)),
        ("中", (0, 1, 1)),
        ("盖章", (0, 1, 2)),
        ("下左", (0, 2, 0)),
        ("下中", (0, 2, 1)),
        ("结尾", None),
    ]
    # the vertically merged continuation cell is not read again (not even as an empty line)
    all_cells = [ln.cell for ln in read(build(doc=doc)).lines]
    assert (0, 2, 2) not in all_cells
    assert [ln.no for ln in read(build(doc=doc)).lines] == list(range(1, len(all_cells) + 1))


def test_content_controls_at_every_level():
    body = (
        '<w:sdt><w:sdtPr><w:alias w:val="block"/></w:sdtPr><w:sdtContent>'
        + p("块级内容")
        + "</w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>甲方：</w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent>"
        "<w:r><w:t>某某公司</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:sdt><w:sdtContent><w:tr>"
        "<w:tc>" + p("行级") + "</w:tc>"
        "<w:sdt><w:sdtContent><w:tc>" + p("单元格级") + "</w:tc></w:sdtContent></w:sdt>"
        "</w:tr></w:sdtContent></w:sdt></w:tbl>"
    )
    lines = read(build(body)).lines
    assert [(ln.text, ln.cell) for ln in lines] == [
        ("块级内容", None),
        ("甲方：某某公司", None),
        ("行级", (0, 0, 0)),
        ("单元格级", (0, 0, 1)),
    ]


# ------------------------------------------------------------------------------------------------
# text boxes, revisions, fields, breaks
# ------------------------------------------------------------------------------------------------

TEXTBOX = (
    "<w:p><w:r><w:t>锚定段落</w:t></w:r><w:r><mc:AlternateContent>"
    '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>'
    "<w:txbxContent>" + p("文本框内容") + "</w:txbxContent>"
    "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" + p("文本框内容") + "</w:txbxContent>"
    "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)
VML_TEXTBOX = (
    "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
    + p("旧式文本框")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
)


def test_text_box_read_once_after_its_anchor():
    lines = read(build(TEXTBOX + p("下一段") + VML_TEXTBOX)).lines
    assert [(ln.text, ln.role) for ln in lines if ln.text] == [
        ("锚定段落", "body"),
        ("文本框内容", "textbox"),
        ("下一段", "body"),
        ("旧式文本框", "textbox"),
    ]


REVISIONS = (
    '<w:p><w:r><w:t>支付</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>十万</w:delText></w:r>'
    '</w:del><w:ins w:id="2" w:author="a"><w:r><w:t>二十万</w:t></w:r></w:ins><w:r><w:t>元</w:t></w:r></w:p>'
    '<w:p><w:moveFrom w:id="3"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:r><w:t>保留</w:t></w:r>'
    '<w:moveTo w:id="4"><w:r><w:t>新位置</w:t></w:r></w:moveTo></w:p>'
    '<w:p><w:pPr><w:rPr><w:del w:id="5"/></w:rPr></w:pPr><w:del w:id="6"><w:r><w:delText>整段删除</w:delText>'
    "</w:r></w:del></w:p>"
    '<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="7"><w:rPr/></w:rPrChange></w:rPr><w:t>格式</w:t></w:r></w:p>'
)
COMMENTS = '<w:comment w:id="0" w:author="审阅人"><w:p><w:r><w:t>请确认金额</w:t></w:r></w:p></w:comment>'


def test_revisions_accepted_view_and_note():
    doc = read(build(REVISIONS, parts={"comments": ("comments", COMMENTS)}))
    assert [ln.text for ln in doc.lines] == ["支付二十万元", "保留新位置", "格式"]
    assert [ln.no for ln in doc.lines] == [1, 2, 3]
    assert len(doc.notes) == 1
    note = doc.notes[0]
    assert note.rule == "unaccepted-revisions"
    assert (note.key, note.args) == ("both", {"revisions": 6, "comments": 1})
    assert note.data == {"revisions": 6, "comments": 1}
    assert "请确认金额" not in " ".join(ln.text for ln in doc.lines)


def test_deleted_paragraph_mark_joins_the_next_paragraph():
    numbering = one_list("chineseCounting", "第%1条")
    mark = '<w:rPr><w:del w:id="9" w:author="a"/></w:rPr>'
    body = (
        # text split over two paragraphs, joined by deleting the first one's mark: the line keeps the
        # first paragraph's number, and the second paragraph's number is not used up
        f"<w:p><w:pPr>{numpr(1)}{mark}</w:pPr>" + t("应支付违约金人民币") + "</w:p>"
        f"<w:p><w:pPr>{numpr(1)}</w:pPr>"
        + t("拾万元整。")
        + "</w:p>"
        + p("下一条", numpr(1))
        # three paragraphs joined by two deleted marks, the middle one keeping nothing of its own
        + f"<w:p><w:pPr>{mark}</w:pPr>"
        + t("甲")
        + "</w:p>"
        + f'<w:p><w:pPr>{mark}</w:pPr><w:del w:id="8" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del></w:p>'
        + "<w:p>"
        + t("乙")
        + "</w:p>"
        # no paragraph to join before a table: the text stays where it is
        + f"<w:p><w:pPr>{mark}</w:pPr>"
        + t("表前")
        + "</w:p>"
        + "<w:tbl><w:tr><w:tc>"
        + f"<w:p><w:pPr>{mark}</w:pPr>"
        + t("格末")
        + "</w:p>"
        + "</w:tc><w:tc>"
        + p("右格")
        + "</w:tc></w:tr></w:tbl>"
        + f"<w:p><w:pPr>{mark}</w:pPr>"
        + t("文末")
        + "</w:p>"
    )
    lines = read(build(body, numbering=numbering)).lines
    assert [(ln.text, ln.numbering, ln.cell) for ln in lines] == [
        ("第一条 应支付违约金人民币拾万元整。", "第一条", None),
        ("第二条 下一条", "第二条", None),
        ("甲乙", None, None),
        ("表前", None, None),
        ("格末", None, (0, 0, 0)),
        ("右格", None, (0, 0, 1)),
        ("文末", None, None),
    ]
    assert [ln.no for ln in lines] == list(range(1, 8))


def test_comments_alone_and_clean_document():
    only_comment = read(build(p("正文"), parts={"comments": ("comments", COMMENTS)}))
    assert only_comment.notes[0].key == "comments"
    assert read(build(p("正文"))).notes == []


def test_deleted_table_row_dropped():
    body = (
        "<w:tbl><w:tr><w:tc>" + p("保留行") + "</w:tc></w:tr>"
        '<w:tr><w:trPr><w:del w:id="1"/></w:trPr><w:tc>' + p("删除行") + "</w:tc></w:tr>"
        "<w:tr><w:tc>" + p("末行") + "</w:tc></w:tr></w:tbl>"
    )
    assert [(ln.text, ln.cell) for ln in read(build(body)).lines] == [
        ("保留行", (0, 0, 0)),
        ("末行", (0, 1, 0)),
    ]


def fld(kind: str, inner: str = "") -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}">{inner}</w:fldChar></w:r>'


def instr(code: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'


def t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_fields_show_results_not_codes():
    body = (
        "<w:p>"
        + t("第")
        + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
        + t("页")
        + "</w:p>"
        + "<w:p>"
        + t("日期：")
        + fld("begin")
        + instr(' DATE \\@ "yyyy年M月d日" ')
        + fld("separate")
        + t("2024年1月2日")
        + fld("end")
        + "</w:p>"
        + "<w:p>"  # a field nested inside another's instruction
        + fld("begin")
        + instr(" IF ")
        + fld("begin")
        + instr(" MERGEFIELD x ")
        + fld("separate")
        + t("内部")
        + fld("end")
        + instr(' = 1 "是" "否" ')
        + fld("separate")
        + t("结果")
        + fld("end")
        + "</w:p>"
        + "<w:p>"  # a table of contents spans paragraphs
        + fld("begin")
        + instr(' TOC \\o "1-3" ')
        + fld("separate")
        + t("第一章 总则")
        + "</w:p><w:p>"
        + t("第二章 附则")
        + fld("end")
        + "</w:p>"
        + "<w:p>"
        + fld("begin", '<w:ffData><w:checkBox><w:default w:val="1"/></w:checkBox></w:ffData>')
        + instr(" FORMCHECKBOX ")
        + fld("end")
        + t("同意 ")
        + fld("begin", "<w:ffData><w:checkBox><w:sizeAuto/></w:checkBox></w:ffData>")
        + instr(" FORMCHECKBOX ")
        + fld("end")
        + t("不同意")
        + "</w:p>"
    )
    assert texts(build(body)) == [
        "第3页",
        "日期：2024年1月2日",
        "结果",
        "第一章 总则",
        "第二章 附则",
        "☒同意 ☐不同意",
    ]


def test_unmerged_mail_merge_field_is_a_template_placeholder():
    def merge_field(name: str) -> str:
        return fld("begin") + instr(f" MERGEFIELD {name} ") + fld("separate") + t(f"«{name}»") + fld("end")

    body = (
        p("借款合同")
        + "<w:p>"
        + t("出借人（甲方）：")
        + merge_field("出借人姓名")
        + "</w:p>"
        + p("借款人（乙方）：张三")  # a party named: no blank model, whose placeholders are summed up
        + p("第一条 借款金额")
        + "<w:p>"
        + t("借款金额为人民币")
        + merge_field("借款金额")
        + t("元。")
        + "</w:p>"
    )
    data = build(body)
    assert texts(data)[1] == "出借人（甲方）：«出借人姓名»"  # what Word shows for an unmerged field
    result = check_bytes(data, "loan.docx")
    found = [f.message for f in result.findings if f.rule == "template-placeholder"]
    assert found == [
        "unrendered template placeholder «出借人姓名» in preamble",
        "unrendered template placeholder «借款金额» in 第一条",
    ]


def test_soft_breaks_split_lines_page_breaks_do_not():
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
        + t("甲方：XX公司")
        + "<w:r><w:br/></w:r>"
        + t("地址：YY路")
        + '<w:r><w:br w:type="textWrapping"/><w:t>电话：123</w:t><w:cr/><w:t>邮编：100000</w:t></w:r></w:p>'
        + "<w:p>"
        + t("前")
        + '<w:r><w:br w:type="page"/></w:r>'
        + t("后")
        + "</w:p>"
        + "<w:p><w:r><w:t>名称</w:t><w:tab/><w:t>金额</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r></w:p>"
    )
    lines = read(build(body)).lines
    assert [ln.text for ln in lines] == [
        "甲方：XX公司",
        "地址：YY路",
        "电话：123",
        "邮编：100000",
        "前后",
        "名称\t金额-x",
    ]
    assert [ln.heading for ln in lines[:4]] == [1, None, None, None]


def test_soft_break_in_numbered_paragraph_numbers_first_line_only():
    body = (
        "<w:p><w:pPr>" + numpr(1) + "</w:pPr>" + t("甲方：A") + "<w:r><w:br/></w:r>" + t("乙方：B") + "</w:p>"
    )
    lines = read(build(body, numbering=one_list("decimal", "%1."))).lines
    assert [(ln.text, ln.numbering) for ln in lines] == [("1. 甲方：A", "1."), ("乙方：B", None)]


def test_hidden_text_and_symbols():
    body = (
        "<w:p>"
        + t("可见")
        + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        + '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/><w:t>是</w:t>'
        + '<w:sym w:font="Wingdings" w:char="F0FE"/><w:t>否</w:t></w:r>'
        + "</w:p>"
    )
    assert texts(build(body)) == ["可见□是☑否"]


def fonts(name: str, *slots: str) -> str:
    return "<w:rFonts " + " ".join(f'w:{slot}="{name}"' for slot in slots) + "/>"


SYMBOL_STYLES = (
    '<w:style w:type="character" w:styleId="Box"><w:name w:val="Box"/><w:rPr>'
    + fonts("Wingdings", "ascii", "hAnsi")
    + "</w:rPr></w:style>"
    '<w:style w:type="character" w:styleId="Box2"><w:name w:val="Box2"/><w:basedOn w:val="Box"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Boxes"><w:name w:val="Boxes"/><w:rPr>'
    + fonts("Wingdings 2", "ascii", "hAnsi")
    + "</w:rPr></w:style>"
)


def test_symbol_font_text_shows_the_check_box_it_draws():
    def run(text: str, rpr: str = "") -> str:
        return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'

    body = (
        "<w:p>"  # Wingdings 2 "R" / "£" (what .doc conversions and WPS write), Wingdings "þ" / "¨"
        + run("R", fonts("Wingdings 2", "ascii", "hAnsi"))
        + t("公路 ")
        + run("£", fonts("Wingdings 2", "ascii", "hAnsi", "eastAsia"))
        + t("铁路 ")
        + run("þ", fonts("Wingdings", "hAnsi"))
        + t("投保 ")
        + run("¨ ", fonts("wingdings", "ascii", "hAnsi"))  # any case; the space stays
        + t("不投保")
        + "</w:p>"
        # private-use characters: the symbol font's, or Wingdings' in an ordinary font
        + "<w:p>"
        + run("\uf0a8月结 ", fonts("Wingdings", "ascii", "hAnsi"))
        + run("\uf052票结 ", fonts("Wingdings 2", "ascii"))
        + run("\uf0fe现结 \uf0b7", fonts("宋体", "ascii", "hAnsi", "eastAsia"))
        + "</w:p>"
        # the font from a character style (through basedOn) and from the paragraph style
        + "<w:p>"
        + run("þ", '<w:rStyle w:val="Box2"/>')
        + t("是")
        + "</w:p>"
        + '<w:p><w:pPr><w:pStyle w:val="Boxes"/></w:pPr>'
        + run("R")
        + run("否", fonts("宋体", "eastAsia"))  # Chinese is not in the symbol range
        + run("R", fonts("Arial", "ascii", "hAnsi"))  # an ordinary font set on the run wins
        + run("R", '<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/>')
        + "</w:p>"
        # only the East Asian font is Wingdings: Latin characters take the Latin font (here the document
        # default's theme font), as in Word
        + "<w:p>"
        + run("þ", fonts("Wingdings", "eastAsia"))
        + run("R", fonts("Times New Roman", "ascii", "hAnsi") + fonts("Wingdings", "eastAsia"))
        + run("ok", fonts("Times New Roman", "ascii", "hAnsi"))
        + "</w:p>"
    )
    assert texts(build(body, styles=SYMBOL_STYLES)) == [
        "☑公路 □铁路 ☑投保 □ 不投保",
        "□月结 ☑票结 ☑现结 \uf0b7",
        "☑是",
        "☑否RR",
        "þRok",
    ]


# ------------------------------------------------------------------------------------------------
# underlines and bold
# ------------------------------------------------------------------------------------------------

U = '<w:u w:val="single"/>'
BLANK_STYLES = (
    '<w:style w:type="character" w:styleId="Blank"><w:name w:val="Blank"/><w:rPr><w:u w:val="single"/></w:rPr>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="Filled"><w:name w:val="Filled"/><w:rPr><w:u w:val="double"/></w:rPr>'
    "</w:style>"
)


def test_underlined_blank_spans():
    body = (
        "<w:p>"
        + t("金额：")
        + f'<w:r><w:rPr>{U}</w:rPr><w:t xml:space="preserve">    </w:t></w:r>'
        + f'<w:r><w:rPr>{U}</w:rPr><w:t xml:space="preserve">  </w:t></w:r>'  # adjacent: merged
        + t("元，")
        + '<w:r><w:rPr><w:u w:val="none"/></w:rPr><w:t>不划线</w:t></w:r>'
        + '<w:r><w:rPr><w:rStyle w:val="Blank"/></w:rPr><w:t xml:space="preserve">   </w:t></w:r>'
        + f"<w:r><w:rPr>{U}</w:rPr><w:tab/></w:r>"
        + "</w:p>"
        + p("整段下划线", '<w:pStyle w:val="Filled"/>')
        + p("不划", '<w:pStyle w:val="Filled"/>', rpr='<w:u w:val="none"/>')
    )
    lines = read(build(body, styles=BLANK_STYLES)).lines
    assert lines[0].text == "金额：      元，不划线   \t"
    assert lines[0].underlines == ((3, 9), (14, 18))
    assert lines[1].underlines == ((0, 5),)
    assert lines[2].underlines == ()


LEADER_STYLES = (
    '<w:style w:type="paragraph" w:styleId="Form"><w:name w:val="Form"/><w:pPr><w:tabs>'
    '<w:tab w:val="left" w:leader="underscore" w:pos="8300"/></w:tabs></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="FormLine"><w:name w:val="Form Line"/><w:basedOn w:val="Form"/>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:pPr><w:tabs>'
    '<w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs></w:pPr></w:style>'
)


def tabs(*stops: tuple[str, str, int]) -> str:
    return (
        "<w:tabs>"
        + "".join(f'<w:tab w:val="{val}" w:leader="{leader}" w:pos="{pos}"/>' for val, leader, pos in stops)
        + "</w:tabs>"
    )


def test_tab_to_a_leader_line_is_an_underlined_blank():
    tab = "<w:r><w:tab/></w:r>"
    body = (
        p("", tabs(("left", "underscore", 2600), ("left", "underscore", 4800))).replace(
            "</w:p>", t("期限为") + tab + t("年，自") + tab + t("起") + "</w:p>"
        )
        + p("", tabs(("left", "dot", 5000))).replace("</w:p>", t("签字：") + tab + "</w:p>")
        + p("", '<w:pStyle w:val="FormLine"/>').replace("</w:p>", t("甲方（盖章）：") + tab + "</w:p>")
        # the paragraph clears the style's leader stop: a plain tab again
        + p("", '<w:pStyle w:val="FormLine"/>' + tabs(("clear", "underscore", 8300))).replace(
            "</w:p>", t("名称") + tab + t("金额") + "</w:p>"
        )
        # no leader, and a table of contents' dot leader to its page number: plain tabs
        + p("", tabs(("left", "none", 3000))).replace("</w:p>", t("甲方：A") + tab + t("乙方：B") + "</w:p>")
        + p("", '<w:pStyle w:val="TOC1"/>').replace("</w:p>", t("第一章 总则") + tab + t("3") + "</w:p>")
        # an absolute-position tab carries its own leader
        + "<w:p>"
        + t("日期：")
        + '<w:r><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="underscore"/></w:r>'
        + '<w:r><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/></w:r>'
        + "</w:p>"
    )
    lines = [ln for ln in read(build(body, styles=LEADER_STYLES)).lines if ln.text]
    assert [(ln.text, ln.underlines) for ln in lines] == [
        ("期限为    年，自    起", ((3, 7), (10, 14))),
        ("签字：    ", ((3, 7),)),
        ("甲方（盖章）：    ", ((7, 11),)),
        ("名称\t金额", ()),
        ("甲方：A\t乙方：B", ()),
        ("第一章 总则\t3", ()),
        ("日期：    \t", ((3, 7),)),
    ]


PROMPT = "单击或点击此处输入文字。"


def prompt_sdt(content: str, showing: str = "<w:showingPlcHdr/>") -> str:
    return f"<w:sdt><w:sdtPr>{showing}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def test_content_control_showing_its_prompt_is_an_empty_place():
    prompt_run = f'<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>{PROMPT}</w:t></w:r>'
    body = (
        prompt_sdt(p(PROMPT))  # block level
        + "<w:p>"
        + t("甲方：")
        + prompt_sdt(prompt_run)  # run level
        + t("（盖章）")
        + prompt_sdt(t("某某公司"), showing='<w:showingPlcHdr w:val="0"/>')  # not showing it: a value
        + "</w:p>"
        + "<w:tbl><w:tr><w:tc>"
        + p("名称")
        + "</w:tc>"
        + prompt_sdt("<w:tc>" + p("输入名称") + "</w:tc>")  # cell level
        + "</w:tr>"
        + prompt_sdt("<w:tr><w:tc>" + p("地址") + "</w:tc><w:tc>" + p("输入地址") + "</w:tc></w:tr>")  # row
        + "<w:tr><w:tc>"
        + p("电话")
        + "</w:tc><w:tc>"
        + prompt_sdt(p("输入电话"))
        + "</w:tc></w:tr>"
        + "</w:tbl>"
    )
    lines = read(build(body)).lines
    assert [(ln.text, ln.underlines, ln.cell) for ln in lines] == [
        ("    ", ((0, 4),), None),
        ("甲方：    （盖章）某某公司", ((3, 7),), None),
        ("名称", (), (0, 0, 0)),
        ("    ", ((0, 4),), (0, 0, 1)),
        ("    ", ((0, 4),), (0, 1, 0)),
        ("    ", ((0, 4),), (0, 1, 1)),
        ("电话", (), (0, 2, 0)),
        ("    ", ((0, 4),), (0, 2, 1)),
    ]
    assert all(PROMPT not in ln.text for ln in lines)


def test_underline_spans_shift_after_the_number():
    body = (
        "<w:p><w:pPr>"
        + numpr(1)
        + "</w:pPr>"
        + t("期限：")
        + f"<w:r><w:rPr>{U}</w:rPr><w:t>  </w:t></w:r></w:p>"
    )
    line = read(build(body, numbering=one_list("decimal", "%1."))).lines[0]
    assert line.text == "1. 期限：  "
    assert line.underlines == ((6, 8),)
    assert line.text[6:8] == "  "


def test_bold_when_all_ink_is_bold():
    body = (
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>全粗</w:t></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r></w:p>'
        + "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>半粗</w:t></w:r><w:r><w:t>细</w:t></w:r></w:p>"
        + '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>取消</w:t></w:r></w:p>'
        + p("   ")
    )
    assert [ln.bold for ln in read(build(body)).lines] == [True, False, False, False]


# ------------------------------------------------------------------------------------------------
# stories left out or added
# ------------------------------------------------------------------------------------------------


def test_headers_and_footers_are_not_emitted():
    doc = python_docx.Document()
    doc.sections[0].header.paragraphs[0].text = "页眉文字"
    doc.sections[0].footer.paragraphs[0].text = "页脚文字"
    doc.add_paragraph("正文")
    assert texts(build(doc=doc)) == ["正文"]


def test_footnotes_come_after_the_body_and_stay_out_of_the_outline():
    # after the body, footnote Lines were taken for part of the last block (the signature page)
    footnotes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 注释内容</w:t>'
        "</w:r></w:p></w:footnote>"
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 第二注</w:t>'
        "</w:r></w:p>" + p("续行") + "</w:footnote>"
    )
    body = (
        "<w:p>"
        + t("服务合同")
        + '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        + p("第一条 服务。")
        + "<w:p>"
        + t("甲方：")
        + "<w:r><w:br/></w:r>"
        + t("乙方：")
        + '<w:r><w:footnoteReference w:id="2"/></w:r></w:p>'
        + p("甲方（盖章）：")
    )
    data = build(body, parts={"footnotes": ("footnotes", footnotes)})
    doc = read(data)
    assert [(ln.text, ln.role) for ln in doc.lines] == [
        ("服务合同", "body"),
        ("第一条 服务。", "body"),
        ("甲方：", "body"),
        ("乙方：", "body"),
        ("甲方（盖章）：", "body"),
        ("1 注释内容", "footnote"),
        ("2 第二注", "footnote"),
        ("续行", "footnote"),
    ]
    result = check_bytes(data, "a.docx")
    sig = [n for n in result.outline if n.kind == "signature"]
    assert sig and sig[0].end_line == 5


# ------------------------------------------------------------------------------------------------
# bad input
# ------------------------------------------------------------------------------------------------


def assert_one_line(exc: HetongError) -> None:
    assert exc.reason and "\n" not in exc.reason and "Traceback" not in exc.reason


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, "corrupt"),
        (zip_of({"word/other.xml": b"<x/>"}), "document.xml"),
        (zip_of({"word/document.xml": b"<w:document><w:body>"}), "not well-formed"),
        (zip_of({"word/document.xml": f"<w:document {NS}/>".encode()}), "no document body"),
    ],
)
def test_unreadable_inputs(data, needle):
    with pytest.raises(UnreadableFile) as info:
        read(data)
    assert needle in info.value.reason
    assert_one_line(info.value)


def test_cut_file_is_unreadable():
    data = build(p("正文" * 200))
    for cut in (len(data) // 2, len(data) - 30):
        with pytest.raises(UnreadableFile) as info:
            read(data[:cut])
        assert_one_line(info.value)


def test_corrupt_member_is_unreadable():
    data = bytearray(build(p("正文内容" * 500)))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    data[start + 40 : start + 400] = bytes(360)  # damage the deflated stream of the first entry
    with pytest.raises(HetongError) as info:
        read(bytes(data))
    assert_one_line(info.value)


def test_zip_bomb_refused():
    with pytest.raises(FileTooLarge) as info:
        docx_reader.read(build(p("正文" * 5000)), source="test.docx", caps=Caps(zip_part=10_000))
    assert "document.xml" in info.value.reason
    assert_one_line(info.value)


def test_too_deep_nesting_is_unreadable():
    body = "<w:sdt><w:sdtContent>" * 150 + p("深") + "</w:sdtContent></w:sdt>" * 150
    document = f"<w:document {NS}><w:body>{body}</w:body></w:document>".encode()
    with pytest.raises(UnreadableFile) as info:
        read(zip_of({"word/document.xml": document}))
    assert "well-formed" in info.value.reason
    assert_one_line(info.value)


def test_strict_ooxml_namespace():
    data = build(p("严格格式", numpr(1)), numbering=one_list("decimal", "%1."))
    src = zipfile.ZipFile(io.BytesIO(data))
    strict = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    files = {n: src.read(n).replace(WNS.encode(), strict) for n in src.namelist()}
    assert texts(zip_of(files)) == ["1. 严格格式"]


def test_registry_reads_docx():
    doc = read_bytes(build(p("合同正文")), source="x.docx")
    assert doc.format == "docx"
    assert [ln.text for ln in doc.lines] == ["合同正文"]


# ------------------------------------------------------------------------------------------------
# the real corpus file
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_doc():
    if not CORPUS.exists():
        pytest.skip(f"corpus file absent: {CORPUS} (the shared corpus folder is not checked out)")
    return docx_reader.read(CORPUS.read_bytes(), source=str(CORPUS))


def test_corpus_filling_notes_numbered_like_word(corpus_doc):
    # numbering.xml: abstractNum 0, level 0 numFmt japaneseCounting, lvlText "%1、", start 1, default
    # suffix (tab); only the first 填写说明 item uses it (num 1), the others were typed by hand.
    numbered = [ln for ln in corpus_doc.lines if ln.numbering]
    assert [ln.numbering for ln in numbered] == ["一、"]
    assert numbered[0].text == "一、 本合同为中华人民共和国科学技术部印制的技术服务合同示范"
    after = [ln.text.strip() for ln in corpus_doc.lines[numbered[0].no :] if ln.text.strip()]
    assert after[1].startswith("二、本合同书适用于")
    assert any(text.startswith("五、当事人使用本合同书") for text in after)


def test_corpus_articles_and_parties(corpus_doc):
    text = "\n".join(ln.text for ln in corpus_doc.lines)
    for n in (
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
        "十二",
        "十三",
        "十四",
        "十五",
        "十六",
        "十七",
    ):
        assert f"第{n}条" in text
    party = [ln for ln in corpus_doc.lines if "委托方（甲方）：" in ln.text]
    assert len(party) == 2
    for ln in party:  # the blank after the label is an underlined run of spaces
        (start, end), *_ = ln.underlines
        assert ln.text[start:end].strip() == ""
        assert ln.text[:start].rstrip().endswith("委托方（甲方）：")
    assert any(ln.text.strip().startswith("甲方：") and "（盖章）" in ln.text for ln in corpus_doc.lines)
    assert corpus_doc.notes == []
    # the footers (page numbers) are not body text, and the registration table's cells are
    cells = {ln.cell for ln in corpus_doc.lines if ln.cell}
    assert cells and all(c[0] == 0 and c[1] == 0 for c in cells)
    assert [ln.no for ln in corpus_doc.lines] == list(range(1, len(corpus_doc.lines) + 1))


def test_contract_number_in_the_page_header_only():
    header = "<w:p>" + t("杭州云帆科技有限公司　　　合同编号：YF-2024-0088") + "</w:p>"
    data = build(p("服务合同") + p("甲方：甲公司") + p("第一条 服务。"), parts={"header": ("hdr", header)})
    doc = read(data)
    assert doc.margins == ["杭州云帆科技有限公司　　　合同编号：YF-2024-0088"]
    assert all("YF-2024" not in ln.text for ln in doc.lines)  # the header is not body text
    assert check_bytes(data, "a.docx").contract_number == "YF-2024-0088"


def test_pages_from_the_layout_word_saved():
    brk = "<w:r><w:lastRenderedPageBreak/><w:t>第二条 费用。</w:t></w:r>"
    body = p("服务协议") + p("第一条 服务。") + f"<w:p>{brk}</w:p>" + p("甲方（盖章）：")
    doc = read(build(body))
    assert doc.pages == 2
    assert [(ln.text, ln.page) for ln in doc.lines] == [
        ("服务协议", 1),
        ("第一条 服务。", 1),
        ("第二条 费用。", 2),
        ("甲方（盖章）：", 2),
    ]
    # a file with no saved layout has no page numbers, not every line on page 1
    plain = read(build(p("服务协议") + p("第一条 服务。")))
    assert plain.pages is None and {ln.page for ln in plain.lines} == {None}


def test_a_row_over_a_page_break_is_one_break():
    cell = "<w:tc><w:p><w:r><w:lastRenderedPageBreak/><w:t>{}</w:t></w:r></w:p></w:tc>"
    row = f"<w:tbl><w:tr>{cell.format('名称')}{cell.format('数量')}</w:tr></w:tbl>"
    doc = read(build(p("清单") + row + p("完")))
    assert doc.pages == 2 and doc.lines[-1].page == 2
