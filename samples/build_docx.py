"""Build samples/service-numbered.docx, a 软件开发服务合同 whose numbers come only from Word list numbering.

Run: ``python samples/build_docx.py``.  The output is byte-identical on every run (fixed document
properties and fixed zip timestamps), so the .docx can be committed next to this script.

What the file exercises:
- one multilevel list (abstractNum 10 / num 10): level 0 ``第%1章`` (chineseCounting), level 1 ``%1.%2`` and
  level 2 ``%1.%2.%3`` (decimal + isLgl, so the chapter shows as 1 not 一); no number is typed in the text;
- chapters 1-5 are "Heading 1" paragraphs numbered only through the style's numPr; chapters 6-10 are
  plain Normal paragraphs with a direct numPr (same list, so counting continues);
- the party table (one column per party), underlined runs of spaces as blanks, one underlined filled
  value, and a signature block inside a 2-column table.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

OUT = Path(__file__).with_name("service-numbered.docx")
NUM_ID = 10  # the template already uses numIds 1-9 and abstractNumIds 0-8
FIXED_TIME = (2024, 5, 21, 9, 30, 0)
FIXED_DATE = dt.datetime(2024, 5, 21, 9, 30, 0)

ABSTRACT_NUM = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUM_ID}">
  <w:nsid w:val="5A3C2E10"/>
  <w:multiLevelType w:val="multilevel"/>
  <w:tmpl w:val="0F2A6B3C"/>
  <w:lvl w:ilvl="0">
    <w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>
    <w:suff w:val="space"/><w:lvlText w:val="第%1章"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr>
  </w:lvl>
  <w:lvl w:ilvl="1">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>
    <w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr>
  </w:lvl>
  <w:lvl w:ilvl="2">
    <w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>
    <w:lvlText w:val="%1.%2.%3"/><w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="1276" w:hanging="709"/></w:pPr>
  </w:lvl>
</w:abstractNum>
"""

# A run is (text, underlined).  A paragraph given as a plain str has one run, not underlined.
Runs = list[tuple[str, bool]]


def blank(width: int) -> tuple[str, bool]:
    """A blank as people draw it in Word: a run of spaces with single underline."""
    return (" " * width, True)


PARTY_ROWS = [
    ("当事人", "甲方（委托方）", "乙方（开发方）"),
    ("名称", "宁波港城物流有限公司", "杭州数联软件科技有限公司"),
    ("统一社会信用代码", "91330212MA2H3F6L0G", "91330108MA27Y9N2PX"),
    (
        "地址",
        "浙江省宁波市北仑区新碶街道明州路699号",
        "浙江省杭州市滨江区长河街道滨安路1190号智汇中心B座9层",
    ),
    ("法定代表人", "邵海波", "林泽宇"),
    ("项目联系人", "吴婷", "马骏"),
    ("联系电话", "0574-86835126", "0571-87762390"),
    ("电子邮箱", "wuting@gcwl-nb.com", "majun@shulian-soft.cn"),
]

PREAMBLE = (
    "甲方委托乙方开发港城物流仓储管理系统（以下简称“本软件”），乙方同意接受委托。根据《中华人民共和国民法典》"
    "的有关规定，双方经友好协商，在平等自愿的基础上，就本软件开发服务事宜达成如下协议，以资共同遵守。"
)

# (chapter title, how the chapter paragraph gets its number, clauses); a clause is (runs, items)
CHAPTERS: list[tuple[str, str, list[tuple[Runs | str, list[str]]]]] = [
    (
        "定义",
        "style",
        [
            (
                "本合同中，“本软件”是指乙方根据本合同及附件《需求规格说明书》为甲方开发的港城物流仓储管理系统，"
                "包括源代码、目标代码、数据库设计及相关技术文档。",
                [],
            ),
            ("“交付物”是指乙方根据本合同应向甲方交付的软件、文档及其他成果，具体见本合同第二章的约定。", []),
            ("“验收”是指甲方按照本合同约定的标准和程序，对乙方交付物进行的测试和确认。", []),
        ],
    ),
    (
        "开发内容与交付物",
        "style",
        [
            (
                "乙方为甲方开发的本软件应包括以下功能模块：",
                [
                    "入库管理：收货登记、质检、上架策略及库位分配；",
                    "出库管理：波次拣货、复核打包、装车发运；",
                    "库存管理：库存查询、盘点、移库及库存预警；",
                    "报表与接口：运营报表，以及与甲方现有ERP系统、运输管理系统的数据接口。",
                ],
            ),
            (
                "乙方应向甲方交付以下成果：",
                [
                    "本软件的可执行程序及全部源代码；",
                    "需求规格说明书、概要设计说明书、数据库设计说明书；",
                    "用户操作手册、系统部署及运维手册。",
                ],
            ),
            ("本软件部署于甲方自有服务器，乙方负责安装部署、数据初始化及上线支持。", []),
        ],
    ),
    (
        "开发周期与进度",
        "style",
        [
            (
                [
                    ("乙方应在本合同生效后", False),
                    blank(6),
                    ("个工作日内完成本软件的开发、测试及部署，并提交甲方验收。", False),
                ],
                [],
            ),
            (
                "开发工作按以下阶段进行：",
                [
                    "需求调研及确认阶段：合同生效后20个工作日内完成，乙方提交需求规格说明书并经甲方书面确认；",
                    "设计与开发阶段：需求确认后60个工作日内完成；",
                    "测试及试运行阶段：开发完成后不超过30个工作日。",
                ],
            ),
            (
                "因甲方原因（包括但不限于需求确认迟延、未按时提供必要的数据和测试环境）导致进度延误的，"
                "开发周期相应顺延。",
                [],
            ),
        ],
    ),
    (
        "合同价款及支付方式",
        "style",
        [
            (
                [
                    ("本合同总价款为", False),
                    ("人民币贰拾捌万元整（¥280,000.00）", True),
                    (
                        "，含增值税，包括需求调研、设计、开发、测试、部署、培训及质保期内的维护费用。",
                        False,
                    ),
                ],
                [],
            ),
            (
                "甲方按以下方式向乙方支付合同价款：",
                [
                    "本合同生效后10个工作日内，支付合同总价款的30%；",
                    "需求规格说明书经甲方确认后10个工作日内，支付合同总价款的30%；",
                    "本软件通过终验后10个工作日内，支付合同总价款的35%；",
                    "质保期满且无未解决的问题的，甲方在10个工作日内支付剩余的5%。",
                ],
            ),
            (
                "乙方应在甲方每次付款前开具等额的增值税专用发票。甲方将款项支付至乙方以下账户："
                "开户银行：招商银行杭州高新支行；账号：571908826410502。",
                [],
            ),
        ],
    ),
    (
        "需求变更",
        "style",
        [
            (
                "需求规格说明书经双方确认后，任何一方提出需求变更的，应以书面形式提出，由双方协商确定变更内容、"
                "工作量、费用及对进度的影响。",
                [],
            ),
            (
                [
                    ("累计变更工作量不超过", False),
                    blank(4),
                    ("人日的，乙方不另行收取费用；超出部分按每人日人民币1,800元计算。", False),
                ],
                [],
            ),
        ],
    ),
    (
        "验收",
        "direct",
        [
            (
                "本软件部署完成后，乙方应书面通知甲方进行初验。甲方应在收到通知后5个工作日内组织初验，"
                "初验合格后进入试运行。",
                [],
            ),
            (
                "试运行期为30日。试运行期间本软件运行稳定、未出现严重缺陷的，甲方应在试运行期满后5个工作日内"
                "组织终验并签署验收报告。",
                [],
            ),
            (
                "验收不合格的，乙方应在10个工作日内修改完善后再次提交验收；第二次验收仍不合格的，"
                "甲方有权解除本合同。",
                [],
            ),
        ],
    ),
    (
        "知识产权与保密",
        "direct",
        [
            (
                "本软件及其源代码、技术文档的著作权归甲方所有。乙方在本合同签订前已拥有的通用组件及开发工具，"
                "其知识产权仍归乙方，乙方授予甲方永久、免费的使用许可。",
                [],
            ),
            ("乙方保证交付的成果不侵犯任何第三方的知识产权；因此引起纠纷的，由乙方承担全部责任。", []),
            (
                "双方对在履行本合同过程中知悉的对方商业秘密和业务数据负有保密义务，保密期限至该信息依法公开之日止。",
                [],
            ),
        ],
    ),
    (
        "质量保证与维护",
        "direct",
        [
            (
                [
                    ("本软件的质保期为终验合格之日起", False),
                    blank(6),
                    ("个月。质保期内，乙方应免费修复本软件的缺陷，并提供远程技术支持。", False),
                ],
                [],
            ),
            ("质保期内出现影响业务运行的严重故障时，乙方应在2小时内响应，8小时内恢复系统运行。", []),
            ("质保期满后，甲方需要乙方继续提供维护服务的，双方另行签订维护合同。", []),
        ],
    ),
    (
        "违约责任",
        "direct",
        [
            (
                "乙方未按约定期限交付的，每逾期一日，按合同总价款的千分之一向甲方支付违约金；逾期超过30日的，"
                "甲方有权解除合同，乙方应返还已收取的全部款项。",
                [],
            ),
            ("甲方未按约定支付款项的，每逾期一日，按应付未付金额的千分之一向乙方支付违约金。", []),
            (
                [
                    ("任何一方违反保密义务的，应向对方支付违约金人民币", False),
                    blank(10),
                    ("元；违约金不足以弥补损失的，还应赔偿对方的实际损失。", False),
                ],
                [],
            ),
        ],
    ),
    (
        "争议解决及其他",
        "direct",
        [
            (
                "因本合同引起的争议，双方应友好协商解决；协商不成的，任何一方可向甲方所在地有管辖权的人民法院"
                "提起诉讼。",
                [],
            ),
            ("本合同附件《需求规格说明书》为本合同不可分割的组成部分，与本合同具有同等法律效力。", []),
            (
                "本合同自双方法定代表人或授权代表签字并加盖公章之日起生效。本合同一式肆份，双方各执贰份。",
                [],
            ),
        ],
    ),
]

SIGNATURES = [
    ["甲方（盖章）：宁波港城物流有限公司", "法定代表人或授权代表（签字）：", "日期：    年  月  日"],
    ["乙方（盖章）：杭州数联软件科技有限公司", "法定代表人或授权代表（签字）：", "日期：    年  月  日"],
]


def set_run_fonts(rpr, east_asia: str, ascii_font: str = "Times New Roman") -> None:
    """Replace the run properties' fonts with explicit ones (theme fonts would override them)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = parse_xml(
        f'<w:rFonts {nsdecls("w")} w:ascii="{ascii_font}" w:hAnsi="{ascii_font}" w:eastAsia="{east_asia}"/>'
    )
    rpr.insert(0, fonts)


def setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    set_run_fonts(normal.element.get_or_add_rPr(), "宋体")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15

    heading = doc.styles["Heading 1"]
    rpr = heading.element.get_or_add_rPr()
    set_run_fonts(rpr, "黑体")
    for color in rpr.findall(qn("w:color")):
        rpr.remove(color)
    heading.font.size = Pt(14)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # link the style to level 0 of the list: chapters in this style need no numPr of their own
    num_pr = heading.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = NUM_ID


def setup_numbering(doc) -> None:
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(parse_xml(ABSTRACT_NUM))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{NUM_ID}"><w:abstractNumId w:val="{NUM_ID}"/></w:num>')
    )


def add_runs(paragraph, runs: Runs | str, bold: bool = False) -> None:
    if isinstance(runs, str):
        runs = [(runs, False)]
    for text, underlined in runs:
        run = paragraph.add_run(text)
        run.bold = bold or None
        if underlined:
            run.underline = True  # w:u w:val="single"


def numbered(doc, runs: Runs | str, ilvl: int):
    paragraph = doc.add_paragraph()
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = NUM_ID
    add_runs(paragraph, runs)
    return paragraph


def add_chapter(doc, title: str, how: str) -> None:
    if how == "style":
        doc.add_paragraph(title, style="Heading 1")
        return
    paragraph = numbered(doc, [], 0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)
    add_runs(paragraph, title, bold=True)


def add_party_table(doc) -> None:
    table = doc.add_table(rows=len(PARTY_ROWS), cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(PARTY_ROWS):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            add_runs(cell.paragraphs[0], text, bold=(r == 0 or c == 0))
            cell.width = Cm(3.4 if c == 0 else 6.0)
    for c, column in enumerate(table.columns):
        column.width = Cm(3.4 if c == 0 else 6.0)


def add_signature_table(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for c, lines in enumerate(SIGNATURES):
        table.columns[c].width = Cm(7.7)
        cell = table.cell(0, c)
        cell.width = Cm(7.7)
        cell.paragraphs[0].add_run(lines[0])
        for text in lines[1:]:
            cell.add_paragraph()  # the room left for the signature
            cell.add_paragraph(text)


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.8)
    section.top_margin = section.bottom_margin = Cm(2.5)
    setup_styles(doc)
    setup_numbering(doc)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("软件开发服务合同")
    run.bold = True
    run.font.size = Pt(22)
    number = doc.add_paragraph("合同编号：SL-RJ-2024-0521")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("项目名称：港城物流仓储管理系统（WMS）开发项目")
    add_party_table(doc)
    preamble = doc.add_paragraph(PREAMBLE)
    preamble.paragraph_format.first_line_indent = Pt(24)
    preamble.paragraph_format.space_before = Pt(12)

    for chapter_title, how, clauses in CHAPTERS:
        add_chapter(doc, chapter_title, how)
        for runs, items in clauses:
            numbered(doc, runs, 1)
            for item in items:
                numbered(doc, item, 2)

    end = doc.add_paragraph("（以下无正文）")
    end.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()
    add_signature_table(doc)

    props = doc.core_properties
    props.title = "软件开发服务合同"
    props.author = props.last_modified_by = "马骏"
    props.comments = ""
    props.revision = 3
    props.created = props.modified = FIXED_DATE
    raw = io.BytesIO()
    doc.save(raw)
    return restamp(raw.getvalue())


def restamp(data: bytes) -> bytes:
    """Rewrite the zip with fixed member timestamps so the output is byte-identical on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            member.create_system = 0
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    OUT.write_bytes(build())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
