"""The RTF and HTML/MHT readers (often met as ".doc" files)."""

from __future__ import annotations

import base64
import quopri
from pathlib import Path

import pytest

from extractor.errors import UnreadableFile
from extractor.readers import html as html_reader
from extractor.readers import read_bytes
from extractor.readers import rtf as rtf_reader
from extractor.readers.sniff import sniff

FIXTURES = Path(__file__).parent / "fixtures" / "doc"


def texts(doc) -> list[str]:
    return [line.text for line in doc.lines]


def by_text(doc, text: str):
    return next(line for line in doc.lines if line.text == text)


# -- RTF ------------------------------------------------------------------------------------------------


def gbk(text: str) -> str:
    """Escape non-ASCII text the way Word writes it in a \\ansicpg936 document: \\'xx per GBK byte."""
    return "".join(ch if ord(ch) < 128 else "".join(f"\\'{b:02x}" for b in ch.encode("gbk")) for ch in text)


HEAD = (
    r"{\rtf1\ansi\ansicpg936\uc1\deff0\deflang1033\deflangfe2052"
    r"{\fonttbl{\f0\froman\fcharset0\fprq2 Times New Roman;}{\f13\fnil\fcharset134\fprq2 "
    + gbk("宋体")
    + r";}{\f14\fnil\fcharset2\fprq2 Wingdings;}}"
    r"{\colortbl;\red0\green0\blue0;}"
    r"{\stylesheet{\qj\widctlpar \fs21 \snext0 Normal;}{\s1\qj\keepn\outlinelevel0 \b\fs44 \sbasedon0 \snext0 heading 1;}"
    r"{\s2\qj\keepn \b\fs32 \sbasedon0 \snext0 "
    + gbk("标题 2")
    + r";}{\*\cs10 \additive Default Paragraph Font;}}"
    r"{\info{\title " + gbk("合同") + r"}{\author x}}"
    r"{\*\generator Microsoft Word 11.0;}"
    "\n"
)


def rtf(body: str) -> bytes:
    return (HEAD + body + "}").encode("ascii")


def read_rtf(body: str):
    return rtf_reader.read(rtf(body), source="x.rtf")


def test_rtf_gbk_escapes_and_headings():
    doc = read_rtf(
        r"\pard\plain\s1\outlinelevel0\b\f13 " + gbk("技术服务合同") + r"\par"
        r"\pard\plain\s2\f13 " + gbk("第一章 总则") + r"\par"
        r"\pard\plain\f13 "
        + gbk("甲方：")
        + r"{\ul "
        + gbk("北京某某公司")
        + r"}\ulnone "
        + gbk("。")
        + r"\par"
    )
    assert texts(doc) == ["技术服务合同", "第一章 总则", "甲方：北京某某公司。"]
    title, chapter, party = doc.lines
    assert title.heading == 1 and title.bold
    assert chapter.heading == 2  # a style named 标题 2 in GBK
    assert party.underlines == ((3, 9),) and not party.bold and party.heading is None


def test_rtf_unicode_escapes_skip_their_fallback():
    doc = read_rtf(
        r"\pard\plain \u21512?\u21516?\par"  # \uc1 with '?' fallbacks
        r"{\uc2 \pard\plain \u25105\'ce\'d2 \u26041\'b7\'bd\par}"  # \uc2 with GBK fallbacks
        r"\pard\plain \'81@\par"  # a GBK trail byte written as a literal character
    )
    assert texts(doc) == ["合同", "我 方", "丂"]


def test_rtf_runs_of_unicode_escapes_read_as_one_by_one():
    # a run of \\uN? is decoded at once; what the fast way cannot do (a surrogate pair, \\'xx fallbacks,
    # a run cut by a group or by \\uc0) gives the same text as escape by escape
    def u(text: str, fallback: str = "?") -> str:
        return "".join(f"\\u{ord(c)}{fallback}" for c in text)

    doc = read_rtf(
        r"\pard\plain " + u("甲方应当") + r"\par"
        r"\pard\plain " + u("甲方", r"\'bc") + r"\u-10179?\u-8704?" + u("承") + r"\par"  # 😀
        r"\pard\plain " + u("乙") + r"{\b " + u("方乙") + "}" + u("方") + r"12\par"
        r"{\uc0 \pard\plain \u20057\u26041 x\par}"
    )
    assert texts(doc) == ["甲方应当", "甲方\U0001f600承", "乙方乙方12", "乙方x"]


def test_rtf_lines_cells_and_nested_tables():
    row = r"\trowd\cellx2000\cellx4000"
    doc = read_rtf(
        r"\pard\plain "
        + gbk("甲方：张三")
        + r"\line "
        + gbk("地址：北京")
        + r"\par"
        + row
        + r"\pard\intbl "
        + gbk("项目")
        + r"\cell "
        + gbk("金额")
        + r"\cell\row"
        + row
        + r"\pard\intbl "
        + gbk("第一段")
        + r"\par "
        + gbk("第二段")
        + r"\cell \cell\row"
        + row
        + r"\pard\intbl "
        + gbk("外")
        + r"\cell "
        r"\pard\intbl\itap2 " + gbk("内一") + r"\nestcell " + gbk("内二") + r"\nestcell"
        r"{\*\nesttableprops\trowd\cellx1000\cellx2000\nestrow}"
        r"\pard\intbl\itap1 \cell\row"
        r"\pard\plain " + gbk("表后") + r"\par"
    )
    assert [(line.text, line.cell) for line in doc.lines] == [
        ("甲方：张三", None),
        ("地址：北京", None),
        ("项目", (0, 0, 0)),
        ("金额", (0, 0, 1)),
        ("第一段", (0, 1, 0)),
        ("第二段", (0, 1, 0)),
        ("", (0, 1, 1)),  # an empty cell keeps its place
        ("外", (0, 2, 0)),
        ("内一", (1, 0, 0)),
        ("内二", (1, 0, 1)),
        ("", (0, 2, 1)),
        ("表后", None),
    ]


def test_rtf_fields_listtext_and_symbols():
    doc = read_rtf(
        r"\pard\plain "
        + gbk("详见")
        + r"{\field{\*\fldinst {HYPERLINK \"http://x/\"}}{\fldrslt {\ul "
        + gbk("附件")
        + r"}}}\par"
        r"\pard\plain {\field{\*\fldinst { IF {\field{\*\fldinst PAGE}{\fldrslt 3}} = 3 }}{\fldrslt "
        + gbk("是")
        + r"}}\par"
        r"\pard\plain {\field{\*\fldinst { FORMCHECKBOX }{\*\formfield{\fftype1\ffres1\ffdefres0}}}{\fldrslt }}"
        + gbk("同意")
        + r"{\field{\*\fldinst FORMCHECKBOX {\*\formfield{\fftype1\ffres25\ffdefres0}}}{\fldrslt }}"
        + gbk("不同意")
        + r"\par"
        r"\pard\plain {\listtext\pard\plain \f13 "
        + gbk("一、")
        + r"\tab}"
        + gbk("本合同为示范文本")
        + r"\par"
        r"\pard\plain {\f14\'fe}" + gbk("已阅") + r"{\f14\u-3928\'a8}" + gbk("未阅") + r"\par"
    )
    assert texts(doc) == ["详见附件", "是", "☒同意☐不同意", "一、\t本合同为示范文本", "☑已阅□未阅"]
    assert doc.lines[0].underlines == ((2, 4),)
    assert doc.lines[3].numbering == "一、"


def test_rtf_hidden_destinations_and_binary():
    doc = read_rtf(
        r"{\header \pard\plain " + gbk("页眉") + r"\par}"
        r"{\*\unknowndest " + gbk("不见") + r"}"
        r"{\pict\pngblip 89504e470d0a1a0a}"
        r"{\*\shppict{\pict\bin4 {}\\}}"
        r"\pard\plain "
        + gbk("可见")
        + r"{\v "
        + gbk("隐藏")
        + r"}{\upr{"
        + gbk("旧")
        + r"}{\*\ud{\u26032?}}}"
        r"\par"
    )
    assert texts(doc) == ["可见新"]


def test_rtf_textbox_and_footnote_placement():
    doc = read_rtf(
        r"\pard\plain "
        + gbk("正文一")
        + r"{\shp{\*\shpinst{\sp{\sn fillColor}{\sv 0}}{\shptxt\pard "
        + gbk("框内")
        + r"\par}}}\par"
        r"\pard\plain "
        + gbk("正文二")
        + r"{\super\chftn}{\footnote\pard\plain {\super\chftn} "
        + gbk("注释内容")
        + r"}\par"
    )
    assert [(line.text, line.role) for line in doc.lines] == [
        ("正文一", "body"),
        ("框内", "textbox"),
        ("正文二", "body"),
        ("1 注释内容", "footnote"),
    ]


def test_rtf_from_textedit():
    # macOS TextEdit: a font table without groups, paragraphs ended by a backslash before the newline
    lines = [
        "{\\rtf1\\ansi\\ansicpg936\\cocoartf2513",
        "{\\fonttbl\\f0\\fnil\\fcharset134 PingFangSC-Regular;\\f1\\froman\\fcharset0 Times-Roman;}",
        "\\pard\\pardeftab720\\partightenfactor0",
        "",
        "\\f0\\b\\fs29 \\cf2 " + gbk("合同编号："),
        "\\f1\\b0 A-01\\",
        "\\f0 " + gbk("甲方") + " \\{x\\}\\",
        "}",
    ]
    doc = rtf_reader.read("\n".join(lines).encode("ascii"), source="x.rtf")
    assert texts(doc) == ["合同编号：A-01", "甲方 {x}"]


def test_rtf_tracked_changes():
    doc = read_rtf(
        r"\pard\plain "
        + gbk("服务费")
        + r"{\deleted "
        + gbk("壹万")
        + r"}{\revised "
        + gbk("贰万")
        + r"}{\*\atnid A}{\*\atnauthor A}\chatn{\*\annotation{\*\atndate 1}\pard\plain "
        + gbk("批注")
        + r"}\par"
    )
    assert texts(doc) == ["服务费贰万"]
    (note,) = doc.notes
    assert note.rule == "unaccepted-revisions"
    assert note.data == {"revisions": 2, "comments": 1}


def test_rtf_errors():
    with pytest.raises(UnreadableFile, match="not an RTF"):
        rtf_reader.read(b"hello", source="x.rtf")
    cut = rtf(r"\pard\plain {\b " + gbk("合同") + r"\par")[:-1]
    with pytest.raises(UnreadableFile, match="cut short"):
        rtf_reader.read(cut, source="x.rtf")


def test_rtf_fixture_saved_as_doc():
    data = (FIXTURES / "rtf-as.doc").read_bytes()
    assert sniff(data, "rtf-as.doc") == "rtf"
    doc = read_bytes(data, source="rtf-as.doc")
    assert doc.format == "rtf"
    assert texts(doc)[:6] == [
        "技术服务合同",
        "合同编号：      ",
        "第一条\u3000服务内容：甲方委托乙方提供技术服务。",
        "甲方：北京某某科技有限公司",
        "住所地：北京市海淀区",
        "法定代表人：        ",
    ]
    assert doc.lines[0].heading == 1
    assert by_text(doc, "合同编号：      ").underlines == ((5, 11),)
    assert by_text(doc, "第二段").cell == (0, 1, 2)
    assert "详见附件链接。" in texts(doc)
    assert "电子-邮件地址 A\u3000B" in texts(doc)


# -- HTML / MHT -----------------------------------------------------------------------------------------


def test_word_html_saved_as_doc():
    data = (FIXTURES / "word-html.doc").read_bytes()
    assert sniff(data, "word-html.doc") == "html"
    doc = read_bytes(data, source="word-html.doc")
    assert doc.format == "html"
    assert texts(doc) == [
        "技术服务合同",
        "合同编号：      ",
        "一、   本合同为示范文本。",
        "第一条\u3000服务内容：数据分析。",
        "甲方：某某公司",
        "住所地：北京市",
        "法定代表人：    ",
        "项目",
        "金额",
        "服务费",
        "10000元",
        "（含税）",
        "  第二条\u3000最后一条。",
    ]
    assert doc.lines[0].heading == 1 and doc.lines[0].bold
    assert doc.lines[1].underlines == ((5, 11),)  # &nbsp; inside <u>: an underlined blank
    assert doc.lines[2].numbering == "一、"
    assert by_text(doc, "第一条\u3000服务内容：数据分析。").underlines == ((9, 13),)  # text-decoration
    assert [line.cell for line in doc.lines[7:12]] == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (0, 1, 1)]


def test_mht_quoted_printable_gb2312():
    data = (FIXTURES / "contract.mht").read_bytes()
    assert sniff(data, "contract.mht") == "html"
    doc = read_bytes(data, source="contract.mht")
    assert texts(doc) == [
        "委托合同",
        "甲方（委托方）：张三",
        "第一项：交付",
        "第二项：验收",
        "签订日期：    年  月  日",
    ]
    assert doc.lines[0].heading == 2
    assert doc.lines[1].underlines == ((8, 10),)
    assert doc.lines[4].underlines == ((5, 9), (10, 12), (13, 15))


def test_mht_base64_utf8_part():
    page = "<html><body><p>乙方：<u>李四</u></p></body></html>".encode()
    data = (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + base64.encodebytes(page).decode()
        + "\r\n--B--\r\n"
    ).encode()
    doc = html_reader.read(data, source="x.mht")
    assert texts(doc) == ["乙方：李四"]
    assert doc.lines[0].underlines == ((3, 5),)


def test_mht_without_html_part():
    data = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\nContent-Type: image/png\r\n\r\nxx\r\n--B--\r\n'
    with pytest.raises(UnreadableFile, match="without an HTML page"):
        html_reader.read(data, source="x.mht")


def test_single_part_mht_quoted_printable():
    body = quopri.encodestring("<p>甲方：王五</p>".encode("gbk")).decode()
    data = f'MIME-Version: 1.0\r\nContent-Type: text/html; charset="gbk"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{body}'.encode()
    assert texts(html_reader.read(data, source="x.mht")) == ["甲方：王五"]


@pytest.mark.parametrize(
    ("encoding", "meta"),
    [("gb18030", ""), ("utf-8", ""), ("gbk", '<meta charset="gb2312">'), ("utf-8", '<meta charset="utf-8">')],
)
def test_html_charsets(encoding, meta):
    page = f"<html><head>{meta}<title>标题不出现</title></head><body><p>合同编号：甲乙丙</p></body></html>"
    doc = html_reader.read(page.encode(encoding), source="x.html")
    assert texts(doc) == ["合同编号：甲乙丙"]


def test_html_layout_rules():
    page = """<html><body>
    <!-- 注释 --><script>var a = '脚本';</script><style>p {color: red}</style>
    <div>第一行
       第一行续<br>第二行<br><br>第四行</div>
    <p>&nbsp;&nbsp;空格&#12288;全角</p>
    <p></p>
    <ol type="1" start="3"><li>甲</li><li>乙</li></ol>
    <ul><li>丙</li></ul>
    <p><strong>粗</strong><span style="font-weight:700">体</span></p>
    <p>金额<del>壹万</del><ins>贰万</ins>元<span style="display:none">隐</span></p>
    <p><input type="checkbox" checked>同意 <input type="checkbox">不同意</p>
    <table><tr><th>名称</th><td colspan="2">值</td><td></td></tr>
      <tr><td>外<table><tr><td>内</td></tr></table></td></tr></table>
    <pre>一  行
二行</pre>
    </body></html>"""
    doc = html_reader.read(page.encode(), source="x.html")
    assert [(line.text, line.cell) for line in doc.lines] == [
        ("第一行 第一行续", None),
        ("第二行", None),
        ("", None),
        ("第四行", None),
        ("  空格\u3000全角", None),
        ("", None),
        ("3. 甲", None),
        ("4. 乙", None),
        ("丙", None),
        ("粗体", None),
        ("金额贰万元", None),
        ("☒同意 ☐不同意", None),
        ("名称", (0, 0, 0)),
        ("值", (0, 0, 1)),
        ("", (0, 0, 3)),
        ("外", (0, 1, 0)),
        ("内", (1, 0, 0)),
        ("一  行", None),
        ("二行", None),
    ]
    assert by_text(doc, "粗体").bold
    assert by_text(doc, "3. 甲").numbering == "3."
    assert by_text(doc, "名称").bold  # <th>
    assert [n.rule for n in doc.notes] == ["unaccepted-revisions"]


def test_html_keeps_runs_of_spaces_used_as_blanks():
    page = "<p>住  所  地：<u>      </u></p><p>甲方：\n      某公司</p>"
    doc = html_reader.read(page.encode(), source="x.html")
    assert texts(doc) == ["住  所  地：      ", "甲方： 某公司"]
    assert doc.lines[0].underlines == ((8, 14),)


def test_html_that_is_not_text():
    with pytest.raises(UnreadableFile):
        read_bytes(b"<html><body><script>x()</script></body></html>", source="empty.html")


def test_damaged_rtf_and_html_never_leak_exceptions():
    import random

    from extractor.errors import HetongError

    rng = random.Random(7)
    cases = [
        (rtf_reader, (FIXTURES / "rtf-as.doc").read_bytes()),
        (html_reader, (FIXTURES / "word-html.doc").read_bytes()),
        (html_reader, (FIXTURES / "contract.mht").read_bytes()),
    ]
    for reader, original in cases:
        for _ in range(60):
            data = bytearray(original)
            if rng.random() < 0.5:
                data = data[: rng.randrange(len(data))]
            for _ in range(rng.randint(0, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            try:
                reader.read(bytes(data), source="x")
            except HetongError as exc:
                assert "\n" not in exc.reason
