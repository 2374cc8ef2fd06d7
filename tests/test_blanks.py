"""Each blank form, its status and its label, through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import check
from extractor.extract.blanks import _line_hits, _unit
from extractor.model import Line
from extractor.pattern_set import load

from .conftest import run_text

PS = load()


def hits(text: str, underlines=(), **context):
    """The blanks of one line; ``context`` is ``follow`` (the next line) or ``table`` (a table row)."""
    return [
        (h.kind, text[h.start : h.end], h.status, h.value)
        for h in _line_hits(Line(1, text, underlines=underlines), PS, **context)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共计____个月。", [("underscore", "____", "empty", None)]),
        ("共计＿＿＿个月。".replace("＿", "_"), [("underscore", "___", "empty", None)]),
        ("共计__12__个月。", [("underscore", "__12__", "filled", "12")]),
        ("滞纳金为__/__%。", [("underscore", "__/__", "na", "/")]),
        ("押金为___无___。", [("underscore", "___无___", "na", "无")]),
        ("租金为　　　　元/月", [("spaces", "　　　　", "empty", None)]),
        ("由（    ）方承担", [("bracket", "（    ）", "empty", None)]),
        ("钥匙共计（  4  ）把", [("bracket", "（  4  ）", "filled", "4")]),
        ("签订日期：    年  月  日", [("date", "    年  月  日", "empty", None)]),
        ("签订日期：2024年3月  日", [("date", "2024年3月  日", "empty", "2024年3月")]),
        ("付款方式：□ 押一付三 ☑ 押一付一", [("checkbox", "□ 押一付三 ☑ 押一付一", "filled", "押一付一")]),
        ("付款方式：□ 押一付三 □ 押一付一", [("checkbox", "□ 押一付三 □ 押一付一", "empty", None)]),
        ("买受人{{ buyer_name }}同意", [("placeholder", "{{ buyer_name }}", "empty", None)]),
        ("技术服务地点：                    ；", [("spaces", "                    ", "empty", None)]),
        # two underscore runs with template text between are two blanks, not one filled with that text
        (
            "乙方月基本工资________元，绩效工资计发办法为________________。",
            [("underscore", "________", "empty", None), ("underscore", "________________", "empty", None)],
        ),
        ("标准为________或________元", [("underscore", "________", "empty", None)] * 2),
        ("每月____年____", [("underscore", "____", "empty", None)] * 2),
        ("甲方________乙方________", [("underscore", "________", "empty", None)] * 2),
        ("期限为____　____个月", [("underscore", "____　____", "empty", None)]),
        # a date written on the template's underlines
        ("本合同于____年__3__月__5__日签订", [("date", "____年__3__月__5__日", "empty", "3月5日")]),
        ("于__2024__年__3__月__5__日签订", [("date", "__2024__年__3__月__5__日", "filled", "2024年3月5日")]),
        # a run before a unit is a blank even right after a closing bracket
        ("设计费（大写）　　　　元", [("spaces", "　　　　", "empty", None)]),
        (
            "人民币（大写）　　　　元整（小写：¥　　　　元）",
            [("spaces", "　　　　", "empty", None), ("spaces", "　　　　", "empty", None)],
        ),
        # a sentence ending in a colon after the run: no side-by-side field
        ("协商不成的，按下列第　　种方式解决：", [("spaces", "　　", "empty", None)]),
        # spaces around a slash are one struck-out blank
        ("地下车位：　　/　　。", [("spaces", "　　/　　", "na", "/")]),
        ("违约金为　　/　　元。", [("spaces", "　　/　　", "na", "/")]),
        # beside a ticked bracket an empty one is an option not chosen
        ("实报实销（　）　包含在服务费内（√）", [("bracket", "（　）", "na", None)]),
        ("押金（√）不押金（ ）", [("bracket", "（ ）", "na", None)]),
        ("由（    ）方承担，押金（    ）元", [("bracket", "（    ）", "empty", None)] * 2),
        # a blank in a table of drawn boxes: an empty cell, and a blank after a currency sign
        ("│ 3  │AOI检测仪   │           │", [("spaces", "           ", "empty", None)]),
        ("│合计│人民币（大写）：      ¥      │", [("spaces", "      ", "empty", None)] * 2),
    ],
)
def test_blank_forms(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("住  所  地：杭州市西湖区", ["杭州市西湖区"]),  # a letter-spaced label: its gaps are no blank
        ("电    话：0571-88888888", ["0571-88888888"]),
        (
            "地　　址：青岛市黄岛区长江中路216号　　 地　　址：重庆市渝北区",
            ["青岛市黄岛区长江中路216号", "重庆市渝北区"],
        ),
    ],
)
def test_values_after_letter_spaced_labels(text, values):
    assert [(k, s, v) for k, _t, s, v in hits(text)] == [("field", "filled", v) for v in values]


def test_not_blanks_after_a_check_box_option():
    # the box answers the option: the spaces after its words are layout; after 其他 they are its write-in
    assert [k for k, *_ in hits("☐一对一面授   ")] == ["checkbox"]
    assert [k for k, *_ in hits("  □承租验收          □退租验收         ")] == ["checkbox"]
    assert [k for k, *_ in hits("□其他          ")] == ["checkbox", "spaces"]


@pytest.mark.parametrize(
    "text",
    [
        "    第一条 乙方提供服务。",  # indentation
        "保 密 协 议",
        "项        目",  # a table header spaced out
        "债   权   人",  # a signing title spaced out
        "广    州    市      ",  # the first line of a title spaced out, and spaces after it
        "本合同一式两份。  双方各执一份。",
        "租金支付方式（在□内打√）：",  # marks inside an instruction
        "2024年1月1日                  2024年1月1日",  # two signature columns' dates
        "2024-01-01　　　　2024-01-02",
        "│ 2  │回流焊炉    │ JX-RF-8Z   │ 台 │ 1  │",  # padding inside drawn cells
        "第一条    租赁设备",  # the gap after a heading's number (a tab the reader widened)
        "甲方（盖章）：甲公司    乙方（盖章）：乙公司",
    ],
)
def test_not_blanks(text):
    assert hits(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "陈志远　　　　　450　　　　　　　45%",
        "股东名称　　　　出资额（万元）　　持股比例",
        "客厅　　　　墙面　　　　　　　　乳胶漆　　　　　　　　",
    ],
)
def test_table_rows_are_alignment(text):
    assert hits(text, table=True) == []


def test_table_rows_need_a_table():
    """A row of a space-aligned table is a run of such lines; one line of words and blanks is not one."""
    r = run_text(
        "股权转让协议\n甲方：陈志远\n第一条　股权结构\n转让完成后股权结构如下：\n"
        "股东名称　　　　出资额（万元）　　持股比例\n陈志远　　　　　450　　　　　　　45%\n"
        "联系人　　　　陈思　　　　\n李明华　　　　　550　　　　　　　55%\n"
        "第二条　付款\n乙方应于　　　　日内支付　　　　元整\n"
    )
    assert [(b.line, b.status, b.unit) for b in r.blanks if b.kind == "spaces"] == [
        (10, "empty", "日"),
        (10, "empty", "元"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("签订日期：2024年3月15日", [("field", "2024年3月15日", "filled", "2024年3月15日")]),
        # a gap between side-by-side fields is not a blank
        (
            "联系人：张三　　　　联系电话：13800000000",
            [("field", "张三", "filled", "张三"), ("field", "13800000000", "filled", "13800000000")],
        ),
        ("1．技术服务地点：杭州市西湖区；", [("field", "杭州市西湖区", "filled", "杭州市西湖区")]),
        ("传真：/", [("field", "/", "na", "/")]),
        # spaces after a written value, or between a colon and the value, are layout
        ("甲方：甲公司   ", [("field", "甲公司", "filled", "甲公司")]),
        ("法定代表人：张三　　", [("field", "张三", "filled", "张三")]),
        ("甲方：    杭州某公司", [("field", "杭州某公司", "filled", "杭州某公司")]),
        # ... but not before a unit or a word that follows a value (管辖法院：____人民法院)
        ("租金：　　　　元/月", [("spaces", "　　　　", "empty", None)]),
        ("管辖法院：　　　　人民法院", [("spaces", "　　　　", "empty", None)]),
        # a label may open with Latin letters (VIP学员…费), and follow a heading's colon when its value is an
        # amount or its label a known field
        ("VIP学员学习计划费:二百八十元", [("field", "二百八十元", "filled", "二百八十元")]),
        ("五.签约费用:建档费:四百二十元", [("field", "四百二十元", "filled", "四百二十元")]),
        ("一、工程概况:工程地点:长沙县星沙镇", [("field", "长沙县星沙镇", "filled", "长沙县星沙镇")]),
        ("一、服务内容:保洁:每日两次", []),
        # an amount in figures, then in words in brackets, the unit after them: both as written
        (
            "乙方向甲方支付人民币5000(大写:伍仟元整)元作为保证金。",
            [("field", "5000", "filled", "5000"), ("field", "伍仟元整", "filled", "伍仟元整")],
        ),
        # …and with no 大写 in the bracket, 元整 before it, 千 among the capital numerals
        (
            "设备租金壹台每月29500.00元整(贰万玖千伍佰元整),不含司机工资。",
            [
                ("field", "29500.00", "filled", "29500.00"),
                ("field", "贰万玖千伍佰元整", "filled", "贰万玖千伍佰元整"),
            ],
        ),
    ],
)
def test_values_after_labels(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "follow"),
    [
        ("账号：", "电话："),  # a party field closing its line, a sibling field below
        ("电子邮箱：", "第一条　工资"),
        ("账号：", None),  # a known field, the next line unknown
        ("甲方（签字）：", ""),  # a place to sign on the last line
        ("甲方（签字）：", "乙方（签字）："),
        ("1．申请登记人：", "2．登记编号："),
        ("3．其他约定事项：", "第十四条 附则"),  # a numbered item with nothing in it
    ],
)
def test_empty_label_closing_a_line(text, follow):
    end = len(text)
    assert hits(text, follow=follow) == [("field", "", "empty", None)]
    assert _line_hits(Line(1, text), PS, follow=follow)[0].start == end


@pytest.mark.parametrize(
    ("text", "follow"),
    [
        ("乙方应按下列要求完成工作：", ""),  # a list's opening
        ("双方确定：", "第二条　其他"),
        ("代理权限为：", "☑一般代理"),
        ("付款方式：", "□ 押一付三 □ 押一付一"),  # continued by its options
        ("甲方权利与义务：", "1．甲方有权检查服务质量。"),
        ("4. 受托人收款账户：", "户名：浙江天册律师事务所"),  # an item whose parts follow
        ("承租方（乙方）：", "承租人一：何思远"),  # a role opening a party block
        ("甲方权利与义务：", None),
        ("按下列第  1  种方式确定劳动合同期限：", "1、固定期限：自2024年5月6日起。"),
        ("租赁期限及费用：", "第八条 本合同确定租赁期限为十五年。"),  # the title of the articles below
        (
            "甲方（用人单位）：                 乙方（职工）：",
            "名称：              姓名：",
        ),  # two blocks' heads
        ("租赁房屋基本状况:", "第一条 租赁房屋地址:邵阳市衡宝路。"),
    ],
)
def test_colon_closing_a_line_not_a_blank(text, follow):
    assert hits(text, follow=follow) == []


def test_empty_label_in_a_later_column():
    assert hits("联系人：张三　　　　电话：") == [
        ("field", "张三", "filled", "张三"),
        ("field", "", "empty", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "甲方权利与义务：",
        "双方确定：本合同及相关附件中所涉及的有关名词和技术术语，其定义和解释如下。",
        "甲方（盖章）：杭州云帆科技有限公司",
    ],
)
def test_not_values(text):
    assert hits(text) == []


def test_partly_filled_underline_is_one_blank():
    """A value typed at the start of an underlined blank: the underlined spaces after it are its room."""
    text = "数量 500        吨"
    assert hits(text, ((2, 14),)) == [("underline", "500", "filled", "500")]


@pytest.mark.parametrize(
    ("after", "unit"),
    [
        ("人民法院起诉。", None),  # 人 begins a word here
        ("个季度", None),
        ("个日历日内", "个日历日"),
        ("人。", "人"),
        ("台/套", "台"),
        ("元整", "元"),
        ("日内", "日"),
        ("个月内", "个月"),
        ("日期：", None),  # the next column's label
        # a rate, as written: what the amount is for after its slash
        ("元/每亩,清除的渣质", "元/每亩"),
        ("元/人/月", "元/人/月"),
        ("元/m³", "元/m³"),
        ("元/年以上", "元/年"),
    ],
)
def test_units(after, unit):
    assert _unit(after, PS) == unit


def test_underlined_runs():
    text = "本合同总价款为人民币贰拾万元整，质保期      个月。"
    value = (text.index("人民币"), text.index("，"))
    gap = (text.index("      "), text.index("      ") + 6)
    assert hits(text, (value, gap)) == [
        ("underline", "人民币贰拾万元整", "filled", "人民币贰拾万元整"),
        ("underline", "      ", "empty", None),
    ]


def test_blank_labels_units_and_places():
    r = run_text(
        "服务协议\n第一章 服务\n1.1 本协议的服务期限自签订之日起算，共计____个月。\n"
        "1.2 乙方支付合同总价款的____%作为预付款。\n1.3 违约金为未付金额的__5__%。\n"
    )
    got = [(b.clause, b.place, b.label, b.unit, b.status, b.normalized) for b in r.blanks]
    assert got == [
        ("1.1", "第一章 1.1", "服务期限", "个月", "empty", None),
        ("1.2", "第一章 1.2", "预付款比例", "%", "empty", None),
        ("1.3", "第一章 1.3", "违约金", "%", "filled", {"type": "percent", "value": 5}),
    ]
    b = r.blanks[0]
    assert r.lines[[ln.no for ln in r.lines].index(b.line)].text[b.span[0] : b.span[1]] == "____"
    assert b.before.endswith("共计") and b.after.startswith("个月")


def test_na_blank_is_not_an_error():
    r = run_text("服务协议\n乙方：杭州云帆科技有限公司\n第一条 押金为____无____元。\n甲方（盖章）：\n")
    # the place to seal closing the last line is empty too, but it asks for a look at the signed copy
    assert [(b.kind, b.status) for b in r.blanks if b.line > 2] == [("underscore", "na"), ("field", "empty")]
    assert [f.rule for f in r.findings if f.rule.startswith("empty")] == ["empty-signature-place"]


def test_unsigned_places_alone_on_their_lines():
    r = run_text(
        "借款合同\n甲方：王秀英\n乙方：赵磊\n丙方：蓉盛公司\n第一条　其他\n本合同一式三份。\n\n"
        "甲方（签字）：\n\n乙方（签字）：\n\n丙方（盖章）：\n"
    )
    assert sorted((f.rule, f.line) for f in r.findings if f.rule.startswith("empty")) == [
        ("empty-signature-place", 8),
        ("empty-signature-place", 10),
        ("empty-signature-place", 12),
    ]


def test_empty_party_fields():
    r = run_text(
        "测试合同\n甲方：甲公司\n账号：\n电话：\n乙方：乙公司\n联系人：\n电子邮箱：\n"
        "鉴于甲方需要技术服务，双方经协商订立本合同。\n第一条　工资\n本合同一式两份。\n"
    )
    got = [(b.line, b.label, b.party, b.status) for b in r.blanks if b.status == "empty"]
    assert got == [
        (3, "账号", "甲方", "empty"),
        (4, "电话", "甲方", "empty"),
        (6, "联系人", "乙方", "empty"),
        (7, "电子邮箱", "乙方", "empty"),
    ]
    assert len([f for f in r.findings if f.rule == "empty-blank"]) == 4


def test_option_lines_are_one_question():
    r = run_text(
        "委托代理合同\n委托人：甲公司\n受托人：乙律所\n一、委托事项\n代理权限为：\n☑一般代理\n□特别授权代理\n"
        "二、其他\n付款方式：□ 押一付三 ☑ 押一付一\n发票类型：□ 普票 □ 专票\n"
    )
    got = [(b.line, b.status) for b in r.blanks if b.kind == "checkbox"]
    assert got == [(6, "filled"), (7, "na"), (9, "filled"), (10, "empty")]


def test_signature_places_are_not_empty_blanks():
    r = run_text(
        "服务协议\n甲方：杭州云帆科技有限公司\n乙方：张三\n第一条 乙方提供服务。\n"
        "甲方：                （盖章）\n法定代表人／委托代理人：　　　　（签名）\n日期：    年  月  日\n"
    )
    rules = sorted((f.rule, f.line) for f in r.findings)
    assert rules == [("empty-blank", 7), ("empty-signature-place", 5), ("empty-signature-place", 6)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # template text between two blanks is not a value written on one underline
        ("1.1 乙方应于每月____日前支付租金____元。", [("underscore", "empty"), ("underscore", "empty")]),
        ("于____个工作日内向________支付", [("underscore", "empty"), ("underscore", "empty")]),
        ("每平方米___________（币种）___________元", [("underscore", "empty"), ("underscore", "empty")]),
        ("服务期限为__12__个月", [("underscore", "filled")]),
        # 【】 is a law-firm template's blank
        ("甲方应于【】日内支付投资款人民币【】元", [("bracket", "empty"), ("bracket", "empty")]),
        (
            "【√住宅】【办公】【  】",
            [("choice", "filled"), ("bracket", "na")],
        ),  # one choice, its write-in unused
        ("房屋租赁形式：【整租】【分租】", [("choice", "empty")]),
        ("【重要】请仔细阅读", []),
        # a blank after an unticked box, when another is ticked, belongs to an option not chosen; the
        # group is the choice made
        ("☑无抵押 □有抵押，抵押权人：________", [("checkbox", "filled"), ("underscore", "na")]),
        (
            "☑固定金额____元 □按月营业额的____%计收",
            [("checkbox", "filled"), ("underscore", "empty"), ("underscore", "na")],
        ),
        ("证件类型：□居民身份证 □护照 □其他___", [("checkbox", "empty"), ("underscore", "empty")]),
        # each box after its option (是☑ 否□): the option is the word before it
        ("是☑      否□", [("checkbox", "filled")]),
    ],
)
def test_template_text_brackets_and_unchosen_options(text, expected):
    got = [(h.kind, h.status) for h in _line_hits(Line(1, text), PS)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("是☑      否□", "是"),
        ("好□      较好☑      一般□      较差□      差□", "较好"),
        ("性别：男□ 女☑", "女"),
        ("□是 ☑否", "否"),
    ],
)
def test_the_ticked_option_is_the_value_of_a_choice(text, value):
    (cb,) = [h for h in _line_hits(Line(1, text), PS) if h.kind == "checkbox"]
    assert (cb.status, cb.value) == ("filled", value)


def test_a_template_word_between_two_underscore_runs_is_no_value():
    assert [(k, s) for k, _t, s, _v in hits("午餐___元（___荤___素）；")] == [("underscore", "empty")] * 3
    assert hits("共__叁__份")[0][2:] == ("filled", "叁")


def test_tab_separated_table_rows():
    r = run_text(
        "软件开发合同\n甲方：甲公司\n第一条 里程碑\n里程碑\t交付内容\t计划完成日期\t付款比例\t付款金额（元）\n"
        "M3\t全部功能开发完成，提交测试版本\t2024年9月30日\t30%\t354,000.00\nM4\t上线试运行\t2024年10月31日\t30%\t\n"
        "M5\t终验\t\t10%\t118,000.00\n"
    )
    got = [(b.line, b.label, b.status) for b in r.blanks if b.line >= 4]
    assert got == [(6, "付款金额（元）", "empty"), (7, "计划完成日期", "empty")]


def test_seal_only_values_stamp_areas_and_character_boxes():
    r = run_text(
        "技术转让合同\n甲方：甲公司\n乙方：乙公司\n第一条 转让。\n受让方（乙方）：（盖章）\n印花税票粘贴处：\n"
        "身份证号码：□□□□□□□□□□□□□□□□□□\n"
    )
    got = sorted((f.rule, f.line) for f in r.findings)
    assert got == [("empty-blank", 7), ("empty-signature-place", 5)]


def test_trailing_spaces_after_a_title_or_heading_and_two_seal_only_columns():
    r = run_text(
        "技术咨询合同   \n甲方：甲公司\n乙方：乙公司\n第一条　咨询项目   \n本项目为咨询。\n"
        "甲方：（公章）　　　　　　　　乙方：（公章）\n"
    )
    assert sorted((f.rule, f.line) for f in r.findings) == [
        ("empty-signature-place", 6), ("empty-signature-place", 6),
    ]  # fmt: skip


def _blanks(lines: list[Line]):
    from extractor.api import analyse
    from extractor.model import Document

    r = analyse(Document(lines=lines, format="docx"), b"x", "a.docx")
    return [(b.line, b.kind, b.status, b.label) for b in r.blanks]


def test_one_place_one_blank_for_a_wrapped_underline():
    # 通讯地址：____ / ____ (the underline wraps) and 并以____ / ____为标志。: one blank each
    lines = [
        Line(1, "劳动合同"),
        Line(2, "通讯地址：" + " " * 30 + "      " + " " * 20, underlines=((5, 35), (41, 61))),
        Line(3, " " * 20 + "     联系人：" + " " * 10, underlines=((0, 20),)),
        Line(4, "一、期限"),
        Line(5, "合同至工作任务完成时止，并以" + " " * 12, underlines=((14, 26),)),
        Line(6, " " * 10 + "为标志。", underlines=((0, 10),)),
    ]
    found = _blanks(lines)
    assert [n for n, _k, s, _ in found if s == "empty"] == [2, 3, 5]  # 联系人 on line 3, not its underline


def test_an_underline_struck_out_or_written_wraps_onto_the_next_line_as_one_blank():
    # 应当  /   ↵ （支付违约金…的计算方法）: the struck-out blank's underline goes on, no empty one
    lines = [
        Line(1, "技术咨询合同"),
        Line(2, "第八条 违约责任"),
        Line(
            3,
            "1．  /    方违反本合同第  /    条约定，应当  /          ",
            underlines=((2, 9), (16, 22), (29, 42)),
        ),
        Line(4, " " * 18 + "（支付违约金或损失赔偿额的计算方法）。", underlines=((0, 18),)),
        Line(5, "2．验收地点：项目所在地" + " " * 10, underlines=((7, 21),)),
        Line(6, " " * 12 + "（写明地点）", underlines=((0, 12),)),
        Line(7, "3．验收方式：" + " " * 10, underlines=((7, 17),)),
        Line(8, "4．其他：" + " " * 10, underlines=((5, 15),)),
    ]
    found = _blanks(lines)
    assert [(n, s) for n, _k, s, _ in found] == [
        (3, "na"),
        (3, "na"),
        (3, "na"),
        (5, "filled"),
        (7, "empty"),
        (8, "empty"),
    ]


def test_write_ins_inside_a_checkbox_group_are_blanks_of_their_own():
    text = "1.车位来源：□自有   □租赁（租赁期限：          ）"
    got = hits(text, underlines=((22, 32),))
    assert [(k, s) for k, _t, s, _v in got] == [("checkbox", "empty"), ("underline", "empty")]
    # the underlined pieces of one time are one blank: two times, two blanks
    text = "□工作日：    时   分   秒至   时   分   秒"
    pieces = ((5, 9), (10, 13), (14, 17), (19, 22), (23, 26), (27, 30))
    got = hits(text, underlines=pieces)
    assert [(k, t) for k, t, _s, _v in got] == [
        ("checkbox", text[0:]),
        ("underline", "    时   分   "),
        ("underline", "   时   分   "),
    ]


def test_an_unticked_group_over_several_lines_is_one_empty_choice():
    lines = [
        Line(1, "停车协议"),
        Line(2, "2.停车时段："),
        Line(3, "□工作日停车"),
        Line(4, "□周末停车"),
        Line(5, "□法定节假日停车"),
        Line(6, "3.其他。"),
    ]
    assert [(n, k, s) for n, k, s, _ in _blanks(lines) if k == "checkbox"] == [(3, "checkbox", "empty")]


def test_letter_spaced_label_with_a_bracket_is_no_blank():
    assert hits("地    址（甲方）:" + " " * 10, underlines=((11, 21),)) == [
        ("underline", " " * 10, "empty", None)
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("合同编号：##{合同编号}", "##{合同编号}"),
        ("甲方名称：[填写甲方名称]", "[填写甲方名称]"),
        ("签订日期：XXXX年XX月XX日", "XXXX年XX月XX日"),
        ("账号：XXXXXXXXXXXX", "XXXXXXXXXXXX"),
        ("金额：【请输入金额】元", "【请输入金额】"),
    ],
)
def test_placeholders_beyond_braces(text, found):
    got = hits(text)
    assert ("placeholder", found, "empty", None) in got


def test_x_in_words_is_no_placeholder():
    assert not [h for h in hits("服装尺码为XXXL，共计十件。") if h[0] == "placeholder"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("房屋坐落于____市____区____号楼", [("underscore", "empty")] * 3),
        ("押____付____", [("underscore", "empty")] * 2),
        ("甲方：________市", [("underscore", "empty")]),
        ("合同各方：", []),
        ("租房须知：", []),
    ],
)
def test_a_unit_or_a_heading_is_no_value(text, expected):
    assert [(k, s) for k, _t, s, _v in hits(text, follow="第一条 租赁物。")] == expected


def test_a_seal_line_above_a_long_signing_label_is_a_place_to_sign():
    assert hits("甲方（盖章）：", follow="法定代表人或委托代理人（签字）：") == [("field", "", "empty", None)]


def test_side_by_side_signing_labels_in_brackets_are_two_places():
    text = "【法定代表人】（签字或盖章）：         【法定代表人】（签字或盖章）："
    assert [s for _k, _t, s, _v in hits(text, follow="签订日期：")] == ["empty", "empty"]


def test_placeholders_of_one_date_are_one_blank():
    r = run_text("服务协议\n签订日期：{{签订年}}年{{签订月}}月{{签订日}}日\n第一条 乙方提供服务。\n")
    (b,) = [b for b in r.blanks if b.line == 2]
    assert (b.kind, b.status, b.label) == ("placeholder", "empty", "签订日期")
    assert b.span == (5, len("签订日期：{{签订年}}年{{签订月}}月{{签订日}}"))


def test_checkbox_placeholders_are_one_choice_with_their_write_in():
    text = "证件类型：{{☐居民身份证}}居民身份证  {{☐护照}}护照  {{☐其他证件}}其他{{其他证件说明}}"
    found = hits(text)
    assert [(kind, status) for kind, _, status, _ in found] == [
        ("checkbox", "empty"),
        ("placeholder", "empty"),
    ]
    assert found[1][1] == "{{其他证件说明}}"
    ticked = hits("付款：{{☑一次性}}一次性支付  {{☐分期}}分期支付")
    assert [(kind, status, value) for kind, _, status, value in ticked] == [
        ("checkbox", "filled", "一次性支付")
    ]


def test_a_placeholder_is_labelled_by_its_name():
    r = run_text("买卖合同\n第一条 本合同签订后，乙方{{ buyer_name }}应于五日内付款。\n")
    (b,) = [b for b in r.blanks if b.kind == "placeholder"]
    assert b.label == "buyer_name"


def _table_contract(rows: list[list[str]]):
    """A contract whose appendix is a table (rows of cells), read as a reader gives it: a line a cell."""
    from extractor.api import analyse
    from extractor.model import Document

    lines = [
        Line(1, "房屋租赁合同"),
        Line(2, "出租人：杭州云帆置业有限公司"),
        Line(3, "第一条 出租人将房屋出租给承租人。"),
        Line(4, "附件一 房屋交割清单"),
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            lines.append(Line(len(lines) + 1, text, cell=(0, r, c)))
    return analyse(Document(lines=lines, format="docx"), b"x", "lease.docx")


def test_an_empty_cell_right_of_a_field_label_is_a_blank_before_any_header():
    result = _table_contract([["名    称", "", "联系电话：", ""], ["说明", "", "附注", ""]])
    cells = [(b.line, b.label) for b in result.blanks if b.kind == "cell"]
    assert cells == [(6, "名称"), (8, "联系电话")]  # 说明 and 附注 are no field's label


def test_a_totals_row_is_to_fill_only_in_the_columns_that_add_up():
    result = _table_contract(
        [
            ["担保物名称", "担保物详情", "原值", "协议价值", "起止时间"],
            ["汽车", "", "", "", ""],
            ["合  计", "", "", "", ""],
        ]
    )
    labels = [b.label for b in result.blanks if b.kind == "cell"]
    assert labels == [
        "汽车担保物详情",
        "汽车原值",
        "汽车协议价值",
        "汽车起止时间",
        "合计原值",
        "合计协议价值",
    ]


def test_empty_cells_under_a_header_are_blanks_summarised_in_one_finding():
    result = _table_contract(
        [
            ["分类", "名称", "品牌/质地", "数量", "备注"],
            ["家用电器", "电视机", "", "", "完好"],
            ["", "空调", "格力", "", ""],
        ]
    )
    cells = [(b.line, b.label) for b in result.blanks if b.kind == "cell"]
    # the first column's empty cell is a category merged down the rows: no blank
    assert cells == [(12, "电视机品牌/质地"), (13, "电视机数量"), (18, "空调数量"), (19, "空调备注")]
    found = [f for f in result.findings if f.rule == "empty-blank" and f.line == 12]
    assert len(found) == 1 and "4 empty table cells" in found[0].message
    assert not [f for f in result.findings if f.rule == "empty-blank" and f.line in (13, 18, 19)]


def test_a_table_without_a_header_row_has_no_cell_blanks():
    layout = _table_contract([["甲方：杭州云帆科技有限公司", ""], ["乙方：宁波甬达电子商务有限公司", ""]])
    assert not [b for b in layout.blanks if b.kind == "cell"]
    signing = _table_contract([["甲方（盖章）", "乙方（盖章）"], ["", ""]])
    assert not [b for b in signing.blanks if b.kind == "cell"]


def test_a_blank_model_says_how_many_blanks_once():
    model = run_text(
        "服务协议\n甲方：\n乙方：\n第一条 服务期限为____个月。\n第二条 费用为____元。\n甲方（盖章）：\n"
    )
    assert model.summary()["state"] == "template"
    found = [f for f in model.findings if f.code in ("B201", "B203")]
    assert [(f.code, f.severity, f.line) for f in found] == [("B201", "info", 4)]
    assert "blank model" in found[0].message
    assert len([b for b in model.blanks if b.status == "empty"]) == 3  # every blank is still listed
    signed = run_text("服务协议\n甲方：杭州云帆科技有限公司\n第一条 服务期限为____个月。\n")
    assert [(f.code, f.severity) for f in signed.findings if f.code == "B201"] == [("B201", "error")]


def test_a_number_column_left_empty_in_a_blank_list_is_to_fill():
    result = _table_contract([["序号", "姓名", "证件号码"], ["", "", ""], ["", "", ""]])
    cells = [(b.line, b.label) for b in result.blanks if b.kind == "cell"]
    assert len(cells) == 6 and cells[0][1] == "序号"


def test_a_label_closing_its_cell_is_an_empty_field():
    result = _table_contract([["名称", "数量", "状况"], ["电视机", "1", "损坏情况："], ["空调", "2", "完好"]])
    (b,) = [b for b in result.blanks if b.line == 10]
    assert (b.kind, b.status) == ("field", "empty")


def test_a_gap_a_copy_lost_is_a_blank_where_the_number_belonged():
    text = "1.甲方代收费。在核算后个工作日内，乙方开具发票；按照下列第种方式结算。"
    found = hits(text)
    assert [(kind, status) for kind, _, status, _ in found] == [
        ("collapsed", "empty"),
        ("collapsed", "empty"),
    ]
    assert hits("在核算后三个工作日内，按下列第一种方式结算，甲方每个月代扣。") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("年月日", ["年月日"]),  # a signature's date line whose spaces a web copy dropped
        ("年月日。在聘期间，", ["年月日"]),  # …至 / 年月日。: the range end opens the line
        ("聘期自200年月日至", ["200年月日"]),  # the century the form printed, nothing after it
        ("签订日期：年月日", ["年月日"]),
        ("年月日期格式以本合同为准", []),
        ("以2020年月日为准", []),
        ("合同订立时间:2017年月日", ["2017年月日"]),  # the year written, the month's and day's gaps lost
        ("2017年月日,经随机抽取,勘察设计人被选定为承包人。", ["2017年月日"]),
        ("自2017年月日起至2018年月日止", ["2017年月日", "2018年月日"]),
        ("本合同所称年月日，指公历。", []),
    ],
)
def test_a_date_skeleton_a_copy_lost_is_an_empty_date(text, found):
    assert [t for kind, t, status, _ in hits(text) if kind == "date" and status == "empty"] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("****年**月**日", ["****年**月**日"]),
        ("一、乙方承包期为20年，即从**年三月份起至XX年三月底止。", ["**", "XX"]),
        ("租金每20xx年在原基础上增加30%", ["20xx"]),
        ("**2024年**签订", []),  # a web page's bold marks around a written year
        ("合同编号：CSCG-GK-2***-1", []),  # a number the publisher masked is no year
    ],
)
def test_a_year_or_date_written_as_x_or_stars_is_a_placeholder(text, found):
    assert [t for kind, t, *_ in hits(text) if kind == "placeholder"] == found


def test_a_known_field_after_a_dotted_clause_number_is_read_a_clause_title_is_not():
    assert hits("3.2 履行地点:长沙县妇幼保健院") == [
        ("field", "长沙县妇幼保健院", "filled", "长沙县妇幼保健院")
    ]
    assert hits("3.1 甲方的权利:按约定收取费用") == []


def test_one_field_written_for_each_party_in_turn():
    found = [
        (h.value, h.label, h.party) for h in _line_hits(Line(1, "4.项目负责人:甲方:吕伟,乙方:蒋建辉"), PS)
    ]
    assert found == [("吕伟", "甲方项目负责人", "甲方"), ("蒋建辉", "乙方项目负责人", "乙方")]
    assert [
        h.value for h in _line_hits(Line(1, "联系人：甲方：张三"), PS) if h.party
    ] == []  # one party: no list


@pytest.mark.parametrize(
    ("text", "follow", "found"),
    [
        # nothing written in this item, the next one begins: an empty field
        ("（3）收款银行及地址：", "（4）本合同提前解除的，应当由双方书面确认。", [("field", "empty", None)]),
        ("（2）开 户 行：", "（3）账    号：", [("field", "empty", None)]),  # a letter-spaced label
        (
            "（3）账    号：",
            "4．乙方律师为甲方办理委托事项",
            [("field", "empty", None)],
        ),  # its gap is no blank
        ("3．账    号：6222021234567890", "", [("field", "filled", "6222021234567890")]),
        ("4. 收款账户：", "户名：某公司", []),  # an item whose parts are the lines after it
        (
            "电    话：0571-1234567    传    真：",
            "",
            [("field", "filled", "0571-1234567"), ("field", "empty", None)],
        ),
        (
            "甲 方: 麻城市第五中学 (签章)",
            "",
            [("field", "filled", "麻城市第五中学")],
        ),  # the name, not where to seal
    ],
)
def test_fields_with_letter_spaced_labels_and_items_left_empty(text, follow, found):
    assert [(k, s, v) for k, _t, s, v in hits(text, follow=follow)] == found


def test_dates_written_into_an_option_are_blanks_beside_the_choice():
    text = "上述场所权属状况为：□自有 □租赁：起止日期    年   月   日至    年   月   日。"
    under = ((22, 26), (27, 30), (31, 34), (36, 40), (41, 44), (45, 48))  # the date's pieces, underlined
    for underlines in (under, ()):
        got = [(k, s) for k, _t, s, _v in hits(text, underlines=underlines)]
        assert got == [("checkbox", "empty"), ("date", "empty"), ("date", "empty")]


def test_template_words_a_copy_left_after_a_label_are_no_value():
    # 房屋规格:__室__厨 with its gaps lost: 室厨 is what stood between them, two blanks and no value
    assert [(k, s, v) for k, _t, s, v in hits("2、房屋规格:室厨")] == [("collapsed", "empty", None)] * 2
    assert len(hits("地址：省市区")) == 3
    assert hits("工作地点：市区") == []  # two address words: what was written, or two lost gaps — say nothing
    assert [k for k, *_ in hits("4、开工日期:年日")] == ["date"]  # the month lost as well
    # 竣工总价:__元,金额大写__元 / 甲方付乙方__元整: where the figures belonged
    assert [k for k, *_ in hits("6、竣工总价:元,金额大写元。")] == ["collapsed", "collapsed"]
    assert hits("金额单位：元") == []


def test_a_cover_field_above_the_title_is_an_empty_field():
    assert hits("合同编号：", follow="技术服务合同") == [("field", "", "empty", None)]
    assert hits("合同各方：", follow="技术服务合同") == []  # a heading of the list below


def test_a_known_field_written_in_brackets_inside_a_sentence():
    text = "是东岗办公区(地址:肇庆市端州区东岗东路3号)、蓓蕾南办公区(地址:肇庆市端州区蓓蕾南路)"
    assert [v for _k, _t, _s, v in hits(text)] == ["肇庆市端州区东岗东路3号", "肇庆市端州区蓓蕾南路"]
    assert hits("甲方（地址：见附件一）") == []  # a pointer
    assert hits("详见附件(注:以下内容为准)") == []  # no field's label
    assert [k for k, *_ in hits("甲方（联系电话：           ）")] == ["spaces"]  # the blank, once


def test_a_place_to_sign_inside_brackets_left_empty():
    assert [(k, s) for k, _t, s, _v in hits("（住房租赁企业从业人员签字：）            ")] == [
        ("field", "empty")
    ]
    assert hits("（签字：张三）") == []  # signed


def test_look_alikes_of_the_law_firm_and_consulting_forms_are_no_blanks():
    assert hits("附件               ") == []  # an appendix's heading, and the spaces a copy left after it
    assert (
        hits("敬告甲方：", follow="广州市律师协会要求律师事务所与甲方签署代理合同前，应告知甲方如下事项：")
        == []
    )
    # the colon of the article's label is no column's: 种方式处理： opens the list of ways below
    text = "第十三条：双方因履行本合同而发生的争议，协商不成的，确定按以下第   1   种方式处理："
    gap = (text.index("第   1") + 1, text.index("种方式"))
    assert [k for k, *_ in hits(text, underlines=(gap,), follow="1．提交仲裁委员会仲裁；")] == ["underline"]
    # the placeholder is the name's blank; the spaces before the seal are its alignment
    assert [k for k, *_ in hits(" 甲方：${clientName}          （盖章）    ", underlines=((4, 40),))] == [
        "placeholder"
    ]
    # an underlined sentence opening a list: nothing to write after its colon
    text = "9. 双方确认，甲方要求乙方承担的工作超出合同规定范围时，双方按照以下方式处理："
    assert hits(text, underlines=((3, len(text)),), follow="（1）超出部分签订补充合同；") == []


def test_template_words_underlined_with_a_gap_before_a_unit_are_no_value():
    text = "a.相应金额的、符合国家规定的增值税专用发票（税率为      %）。"
    assert hits(text, underlines=((0, len(text) - 1),)) == [("spaces", "      ", "empty", None)]


def test_two_sign_places_one_space_apart_are_two_empty_places():
    assert [(k, s) for k, _t, s, _v in hits("学校负责人签字: 受聘教师签字:", follow="")] == [
        ("field", "empty"),
        ("field", "empty"),
    ]
    assert [(k, s) for k, _t, s, _v in hits("甲方(盖章): 乙方(签字):", follow="")] == [("field", "empty")] * 2
    assert hits("经双方签字 盖章后生效。", follow="") == []


@pytest.mark.parametrize(
    "text",
    [
        "4．本合同文本【　】中选择内容、空格部位填写及其他需要删除的内容，双方当事人应当协商确定。",
        "4.本合同文本“【】”“□”中选择内容及其他需要删除或添加的内容，双方当事人应当协商确定。",
        "广    州    市劳动合同",
    ],
)
def test_a_note_that_names_the_form_is_no_blank(text):
    assert [h for h in hits(text) if h[0] in ("bracket", "spaces")] == []


def test_spaces_before_a_placeholder_are_its_alignment():
    assert [kind for kind, *_ in hits("债务人全称(个人/企业）：   、${people.name?if_exists}")] == [
        "placeholder"
    ]
    assert [kind for kind, *_ in hits("家庭住址：    ${people.familyAddress}")] == ["placeholder"]


def test_template_words_underlined_with_their_gaps_are_empty_blanks_not_values():
    # ____律师事务所 / 人民币（大写） 元（￥ 元） / ____， underlined whole: the words are the template's
    text = "名称：    律师事务所"
    assert hits(text, underlines=((3, 12),)) == [("underline", "    ", "empty", None)]
    text = "服务费用：人民币（大写） 元（￥ 元）。"
    got = hits(text, underlines=((5, 18),))
    assert [(k, t, s) for k, t, s, _v in got] == [("underline", " ", "empty")] * 2
    text = "被担保的主债权种类为       ，本金"
    assert hits(text, underlines=((10, 18),)) == [("underline", "       ", "empty", None)]
    # a value among the words is still a value, and a struck-out one still na
    assert hits("名称：  北京  律师事务所", underlines=((3, 14),))[0][2:] == ("filled", "北京  律师事务所")
    assert hits("其他：    /    ", underlines=((3, 12),))[0][2:] == ("na", "/")


def test_a_gap_before_a_count_inside_a_checkbox_group_is_a_blank():
    got = hits("□未交付   □已交付   张")
    assert [(k, t) for k, t, _s, _v in got] == [("checkbox", "□未交付   □已交付   张"), ("spaces", "   ")]
    # the space between two options is no blank, nor is a date's gap (the date is one blank of its own)
    assert [k for k, *_ in hits("□自有   □租赁")] == ["checkbox"]


def test_a_cell_holding_only_its_unit_is_a_blank_labelled_by_row_and_column():
    result = _table_contract(
        [["名称", "价格", "备注"], ["卫生费", "元/月", ""], ["上网费", "100元/月", "按月"]]
    )
    got = [(b.label, b.status, b.span) for b in result.blanks if b.kind == "cell"]
    assert got == [("卫生费价格", "empty", (0, 0)), ("卫生费备注", "empty", (0, 0))]


def test_a_ruled_area_that_lost_its_underline_is_one_blank():
    # 第十三条 其他约定事项 over three lines of wide spaces: one blank, labelled by the heading
    lines = [
        Line(1, "房屋租赁合同"),
        Line(2, "第十二条 争议解决"),
        Line(3, "协商解决。"),
        Line(4, "第十三条 其他约定事项"),
        *(Line(n, " " * 64) for n in (5, 6, 7)),
        Line(8, "第十四条 合同生效"),
        Line(9, "机构名称：" + " " * 6),
        Line(10, " " * 60),
        Line(11, "办学地址："),
        Line(12, " " * 60),
    ]
    found = [(n, k, s, label) for n, k, s, label in _blanks(lines) if n in range(5, 13)]
    assert (5, "spaces", "empty", "其他约定事项") in found
    assert not [f for f in found if f[0] in (6, 7, 10)]  # one area, one blank; 机构名称's gap is its own
    assert (12, "spaces", "empty", "办学地址") in found
    # spacing under a heading followed by its own words is no area
    lines = [Line(1, "合同"), Line(2, "第一条 标的"), Line(3, " " * 50), Line(4, "甲方向乙方购买设备。")]
    assert not [b for b in _blanks(lines) if b[0] == 3]


def test_one_box_a_cell_down_a_column_is_one_question():
    # 数据产权的类型: one option a row, the question's column between other columns' cells
    rows = [["数据名称", "数据产权的类型", "权利范围"]]
    rows += [["标的数据", "☐" + kind, ""] for kind in ("数据持有权", "数据使用权", "数据经营权")]
    result = _table_contract(rows)
    assert [(b.line, b.status) for b in result.blanks if b.kind == "checkbox"] == [(9, "empty")]
    # a cell holding a whole group (□已交；□未交) is its own question, row by row
    rows = [["名称", "卡情况"], ["冷水", "□已交；□未交"], ["热水", "□已交；□未交"]]
    result = _table_contract(rows)
    assert [b.line for b in result.blanks if b.kind == "checkbox"] == [8, 10]


def test_a_label_over_its_placeholder_is_one_blank():
    # 法定代表人或授权代表： / {{甲方代表签字}}（签字/盖章）: the placeholder is the blank
    result = run_text(
        "数据提供合同\n甲方：{{甲方名称}}\n乙方：{{乙方名称}}\n第一条 标的\n甲方提供数据。\n"
        "甲方：{{签署_甲方}}（盖章）\n法定代表人或授权代表：\n{{甲方代表签字}}（签字/盖章）\n"
    )
    assert [b.kind for b in result.blanks if b.line in (7, 8)] == ["placeholder"]


def test_lines_opening_with_one_bracketed_option_each_are_one_choice():
    lines = [
        Line(1, "房屋租赁合同"),
        Line(2, "第二条 租赁形式"),
        Line(3, "（二）房屋租赁形式："),
        Line(4, "【整租】双方当事人约定，房屋居住人数为    人。"),
        Line(5, "【分租】房间号为        。"),
        Line(6, "【集体宿舍】     人间共     间。"),
        Line(7, "【法定代表人】（签字或盖章）："),
        Line(8, "【委托代理人】（签字或盖章）："),
    ]
    found = _blanks(lines)
    assert [(n, label) for n, k, _s, label in found if k == "choice"] == [(4, "房屋租赁形式")]
    # ticked: the choice is filled with the option
    lines[4] = Line(5, "【√分租】房间号为  302  。")
    found = _blanks(lines)
    assert [(n, s) for n, k, s, _ in found if k == "choice"] == [(4, "filled")]


def test_alternatives_in_brackets_may_hold_their_own_gap():
    got = hits("承租人应【于   日内告知出租人】【提前征得出租人书面同意】。")
    assert [(k, s) for k, _t, s, _v in got] == [("choice", "empty"), ("spaces", "empty")]


def test_a_cell_of_two_labels_each_before_its_gap():
    # 现底数　　　　已截至 in one cell: two blanks, the second at the cell's end
    result = _table_contract([["名称", "表底数"], ["厨房冷水", "现底数          已截至"]])
    got = [(b.span, b.status) for b in result.blanks if b.line == 8]
    assert got == [((3, 13), "empty"), ((16, 16), "empty")]
    # a unit or a written value closing the cell is no label
    result = _table_contract([["名称", "数量"], ["钥匙", "防盗门   把"], ["水表", "现底数  12  吨"]])
    assert [b.span for b in result.blanks if b.line == 8] == [(3, 6)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a field in an article's line, its full stop after it
        (
            "第一条 租赁房屋地址:邵阳市邵东县两市镇衡宝路 。",
            [("field", "邵阳市邵东县两市镇衡宝路", "filled", "邵阳市邵东县两市镇衡宝路")],
        ),
        # a pointer in brackets is no value written
        ("第三条 租赁房屋产权证明:(见附件一)。", []),
        # the figure of an amount, its unit read after it
        ("合计金额小写: 60000.11 元", [("field", "60000.11", "filled", "60000.11")]),
        # 〔 〕 written in, with or without spaces; a document number's year is not
        (
            "租赁期限为〔 十五 〕年〔 五个〕月",
            [("bracket", "〔 十五 〕", "filled", "十五"), ("bracket", "〔 五个〕", "filled", "五个")],
        ),
        ("自乙方接收房屋之日起〔153〕天为免租期", [("bracket", "〔153〕", "filled", "153")]),
        ("依据湘政发〔2023〕12号文件", []),
        # a definition, a sentence's opening and the template's currency word are no values
        ("1.特别委托：是指委托人委托受托人处理一项或者数项事务的行为。", []),
        ("第一条 双方确定：本合同所涉及的有关名词", []),
        ("（二）押金：人民币", []),
        (
            "备案证明编号：杭房经备字〔2021〕第0318号",
            [("field", "杭房经备字〔2021〕第0318号", "filled", "杭房经备字〔2021〕第0318号")],
        ),
        # a full stop after a label's bracket is no value: 元（大写：　　）。
        (
            "总价款为　　元（大写：　　　）。",
            [("spaces", "　　", "empty", None), ("spaces", "　　　", "empty", None)],
        ),
        # a figure written in, then a sentence about it: the figure
        (
            "服务期限:24个月,自2024年2月至2026年1月,具体以合同签订之日",
            [("field", "24", "filled", "24")],
        ),
        ("预算上限值:600 万元/年,三年合计不超过 1800 万元。", [("field", "600", "filled", "600")]),
        # a first clause that is no figure: the value is kept whole
        (
            "履行方式:由乙方送货,甲方验收后签字确认并",
            [("field", "由乙方送货,甲方验收后签字确认并", "filled", "由乙方送货,甲方验收后签字确认并")],
        ),
        # a cover's date run onto the name under the role
        (
            "乙方:陕西长大瑞通交通控制工程有限公司二〇二三年八月",
            [("field", "陕西长大瑞通交通控制工程有限公司", "filled", "陕西长大瑞通交通控制工程有限公司")],
        ),
        # the colon inside a note opened before it is no label's
        ("详情见附件(注:以下内容为附件图片识别,个别文字可能不准确,请以附件为准)采购合同", []),
        # a unit in brackets after a header's word is its unit, not a value written in
        ("总价 ( 元 ) |", []),
        ("数量（ 3 ）台", [("bracket", "（ 3 ）", "filled", "3")]),
        # two fields in one table cell, one space apart
        (
            "合计金额小写: 807480 元 合计金额大写:捌拾万零柒仟肆佰捌拾元整",
            [
                ("field", "807480", "filled", "807480"),
                ("field", "捌拾万零柒仟肆佰捌拾元整", "filled", "捌拾万零柒仟肆佰捌拾元整"),
            ],
        ),
        # the form's currency sign is left out; what a publisher left of a figure is the value
        ("合同金额小写: ¥ ***.00 元", [("field", "***.00", "filled", "***.00")]),
        # a value ends at its table cell's border, and at a line break the page lost (??)
        (
            "合计金额大写:叁佰捌拾捌万元整 | 二、服务要求 1.服务要求",
            [("field", "叁佰捌拾捌万元整", "filled", "叁佰捌拾捌万元整")],
        ),
        ("合同标的及金额明细:?? 序号 | 服务名称 | 单位", []),
        ("合同标的及金额明细:合同标的及金额明细 序号 | 需求班数", []),
        # the next heading run onto a number: how many digits are its number the text does not say
        ("采购计划编号: CSCG-2023071100132.合同标的及金额", []),
    ],
)
def test_filled_values_in_real_filled_contracts(text, expected):
    assert hits(text) == expected


def test_a_place_to_sign_after_a_label_and_its_instruction_with_no_colon():
    head = "劳动合同\n甲方：甲公司\n乙方：张三\n第一条 合同期限为一年。\n本合同一式两份。\n"
    r = run_text(head + "甲方（盖章）             法定代表人（签章）\n乙方（签字）        \n")
    places = [(b.line, b.kind, b.status) for b in r.blanks if b.line >= 6]
    assert places == [(6, "spaces", "empty"), (7, "spaces", "empty")]
    assert [f.line for f in r.findings if f.rule == "empty-signature-place"] == [6, 7]
    # the place is at the colon when there is one: the gap after （盖章） is no second place
    r = run_text(head + "甲方：                    （盖章）              \n")
    assert len([b for b in r.blanks if b.line == 6]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "4．本合同文本【　】中选择内容，以划√方式选定；对于实际情况未发生的，应当在空格部位打×，以示删除。",
        "3.“□”后为待选内容，以划“√”方式选定；划线处应当以文字形式填写完整。",
        "双方当事人可以选择文本条款中所提供的选择项，同意的在选择项前的□打√，不同意的打×。",
    ],
)
def test_marks_a_how_to_fill_note_names_are_no_check_boxes(text):
    assert [h for h in hits(text) if h[0] == "checkbox"] == []


def test_marked_options_still_read_beside_a_note_word():
    # 划拨 is an option's word, not the verb of a note
    assert hits("土地使用权取得方式：□出让 ☑划拨") == [("checkbox", "□出让 ☑划拨", "filled", "划拨")]


def test_a_line_of_fields_ends_its_last_value_before_the_sentences_after_it():
    text = (
        "政府采购合同编号: CSCG-GK-1 采购方式: 公开招标 合同类型:服务类 供应商(乙方):某某有限公司 "
        "供应商地址:某街道八一路壹号座品A座1316房 ??依据《中华人民共和国政府采购法》与项目有关的法律法规,"
        "甲乙双方同意签订本合同。具体情况及要求如下:一、标的信息"
    )
    got = [v for _, _, status, v in hits(text) if status == "filled"]
    assert "某街道八一路壹号座品A座1316房" in got
    assert not any("依据" in v for v in got)


def test_two_fields_in_the_last_cell_of_a_table_row():
    row = "项    1    807480    合计金额小写: 807480 元 合计金额大写:捌拾万零柒仟肆佰捌拾元整"
    got = [(v, status) for kind, _, status, v in hits(row, table=True) if kind == "field"]
    assert got == [("807480", "filled"), ("捌拾万零柒仟肆佰捌拾元整", "filled")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a term written into a sentence: the range as written (normalised to a start and an end)
        (
            "第八条 租赁时间为2007年08月01日至2022年12月31日。",
            [("date", "2007年08月01日至2022年12月31日", "filled", "2007年08月01日至2022年12月31日")],
        ),
        (
            "2023 年 10 月 21 日至 2024 年 7 月 20 日止。",
            [
                (
                    "date",
                    "2023 年 10 月 21 日至 2024 年 7 月 20 日",
                    "filled",
                    "2023 年 10 月 21 日至 2024 年 7 月 20 日",
                )
            ],
        ),
        # an amount in figures and in words, in either order: both, as written
        (
            "工程总价为3500.00元(大写:叁仟伍佰元整)",
            [("field", "3500.00", "filled", "3500.00"), ("field", "叁仟伍佰元整", "filled", "叁仟伍佰元整")],
        ),
        (
            "合同金额为人民币（大写）：叁仟伍佰元整（¥3,500.00元）。",
            [
                ("field", "叁仟伍佰元整", "filled", "叁仟伍佰元整"),
                ("field", "3,500.00", "filled", "3,500.00"),
            ],
        ),
        # the figures in brackets before the words, and the words with no 大写 before the bracketed figures
        (
            "共交承包费(1850)壹仟捌佰伍拾元 。",
            [("field", "1850", "filled", "1850"), ("field", "壹仟捌佰伍拾元", "filled", "壹仟捌佰伍拾元")],
        ),
        (
            "合同金额:人民币 柒佰壹拾伍万元整 (***.00),明细如下表:",
            [
                ("field", "柒佰壹拾伍万元整", "filled", "柒佰壹拾伍万元整"),
                ("field", "***.00", "filled", "***.00"),
            ],
        ),
        (
            "乙方一次性支付甲方租金为35万元人民币(大写:叁拾伍万元)。",
            [("field", "35", "filled", "35"), ("field", "叁拾伍万元", "filled", "叁拾伍万元")],
        ),
        # a law's date alone, and a template's unfilled amount, are no values
        ("根据《民法典》（2020年5月28日第十三届全国人民代表大会第三次会议通过）", []),
        ("合同金额为人民币（大写）叁仟伍佰元整。", []),
    ],
)
def test_values_written_into_sentences(text, expected):
    assert hits(text) == expected


def test_check_box_options_after_a_label_are_no_written_value():
    # the PDF's text: the write-in after 其他 is found first; the options are still no value of 证件类型
    got = hits("证件类型：□居民身份证 □护照 □统一社会信用代码 □其他___")
    assert not [h for h in got if h[2] == "filled"]


def test_a_notice_address_after_the_signatures_is_no_party_field():
    r = run_text(
        "委托代理合同\n甲方：张三\n乙方：某律师事务所\n第一条 乙方代理诉讼。\n"
        "甲方（签字）：张三\n乙方（盖章）：某律师事务所\n敬告甲方：\n律师协会要求律师告知甲方如下事项：\n"
    )
    assert not [b for b in r.blanks if b.line == 7]


@pytest.mark.parametrize(
    ("closing", "empty"),
    [
        # two places to sign and two dates, unsigned
        ("甲方:乙方:\n日期:日期:\n", [(6, "甲方"), (6, "乙方"), (7, "日期"), (7, "日期")]),
        (
            "甲方:乙方:\n杭州某公司　　　　宁波某公司\n",
            [],
        ),  # the names under the labels: signed, columns apart
    ],
)
def test_a_row_of_parties_labels_in_the_signature_block(closing, empty):
    r = run_text(
        "服务合同\n甲方：某公司\n乙方：某公司\n第一条 乙方提供服务。\n第二条 本合同自双方签字盖章之日起生效。\n"
        + closing
    )
    assert [(b.line, b.label) for b in r.blanks if b.line > 5 and b.status == "empty"] == empty


def _ul(text: str, *runs: str) -> tuple[tuple[int, int], ...]:
    """The spans of each run of ``text`` that is underlined (each given as its text, found left to right)."""
    out, at = [], 0
    for r in runs:
        a = text.index(r, at)
        out.append((a, a + len(r)))
        at = a + len(r)
    return tuple(out)


def test_a_long_underlined_answer_after_a_label_is_its_value_and_emphasis_alone_is_not():
    answer = (
        "报告通过由环保行政主管部门或其委托的评估机构组织的专家及有关人员的技术审查（建设项目原因除外）。"
    )
    text = "2．技术咨询工作成果的验收标准： " + answer + "    "
    assert hits(text, _ul(text, " " + answer + "    ")) == [("underline", answer, "filled", answer)]
    # the same sentence underlined in the middle of a clause, with no label asking for it: emphasis
    prose = "双方同意，" + answer
    assert hits(prose, _ul(prose, answer)) == []


def test_a_placeholder_inside_written_underlined_text_is_a_blank_of_its_own():
    text = "3．咨询方式：甲方委托乙方编制“ ${contractName}  现状环境影响评估报告”。"
    # the underline skipped the space after the placeholder: one run of written text all the same
    runs = ((7, text.index("}") + 1), (text.index("}") + 2, len(text)))
    found = hits(text, runs)
    assert ("placeholder", "${contractName}", "empty", None) in found
    written = text[7:]
    assert ("underline", written, "filled", written) in found
    # a placeholder underlined with the template's own words only (人民币 ${amount}, ${name}（盖章）)
    for t in ("本金数额（大写）：人民币  ${totalCN}", "甲方：${clientName}    （盖章）"):
        a = t.index("：") + 1
        assert [k for k, *_ in hits(t, ((a, len(t)),))] == ["placeholder"]


def test_an_underlined_note_to_the_reader_is_no_value():
    text = "注：以上费用包含现状监测费用、报告编制费用、专家评审费用，不包含其他费用。"
    assert hits(text, ((0, len(text)),)) == []
    # a remark field is a field: 备注 is no note to the reader
    text = "备注：按月结算"
    assert hits(text, ((0, len(text)),)) == [("underline", "按月结算", "filled", "按月结算")]


def test_a_sentence_written_on_under_an_answer_that_filled_its_line_is_no_blank_of_its_own():
    lines = [
        Line(1, "技术咨询合同"),
        Line(2, "具体支付方式和时间如下："),
        Line(3, "（1）签订合同后一周内首付合同款50%。" + " " * 20, underlines=((3, 40),)),
        Line(4, "（2）领取现状评估报告时付清余款。" + " " * 20, underlines=((3, 37),)),
        Line(5, "无论项目后续进展情况如何，甲方都必须按合同付清全部费用。", underlines=((0, 28),)),
    ]
    assert [(n, s) for n, _k, s, _ in _blanks(lines)] == [(3, "filled"), (4, "filled")]
    # numbered items are each an answer of their own
    lines[4] = Line(5, "（3）其他未尽事宜。" + " " * 20, underlines=((3, 30),))
    assert [(n, s) for n, _k, s, _ in _blanks(lines)] == [(3, "filled"), (4, "filled"), (5, "filled")]


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ("毕业学校:专 业学历学位", ["毕业学校", "专业", "学历学位"]),  # the next labels a copy ran together
        ("性别:民族出生年月", ["性别", "民族", "出生年月"]),
    ],
)
def test_a_value_made_only_of_the_next_labels_is_no_value(text, empty):
    r = run_text("聘用协议\n甲方：某某中学\n乙方：\n" + text + "\n")
    line = r.blanks[-1].line
    assert [(b.label, b.status, b.value) for b in r.blanks if b.line == line] == [
        (w, "empty", None) for w in empty
    ]
    assert all(f.value is None for p in r.parties for f in p.fields if f.line == line)


def test_a_written_value_that_holds_a_label_word_is_still_a_value():
    assert hits("专业:会计学") == [("field", "会计学", "filled", "会计学")]
    assert hits("毕业学校:湖北大学") == [("field", "湖北大学", "filled", "湖北大学")]


def test_a_person_to_sign_after_the_last_sentence_of_a_line():
    text = "经我校验收小组验收，认定合格，特此证明，同意开票付款。验收人:"
    assert hits(text, follow="") == [("field", "", "empty", None)]
    assert hits("经验收，认定合格。验收人:张三") == []  # written: no empty place
    assert hits("经双方协商，由双方指定负责人:", follow="") == []  # inside a sentence: no place to sign


def test_a_date_broken_over_lines_is_one_empty_date():
    r = run_text("验收证明\n管道验收合格，特此证明。\n关集镇中心小学 年\n月\n日\n")
    dates = [(b.line, b.kind, b.status) for b in r.blanks if b.kind == "date"]
    assert dates == [(3, "date", "empty")]
    r = run_text("租赁合同\n租期为三年\n月租金按年调整。\n")
    assert [b for b in r.blanks if b.kind == "date"] == []


def test_a_payment_item_ending_at_its_payee_lost_its_sum():
    text = "1、水、电工程完工并隐蔽工程验收合格后,甲方付给乙方"
    assert hits(text, follow="2、泥、木工程完工并验收合格后,甲方付乙方元整。") == [
        ("collapsed", "", "empty", None)
    ]
    # the sentence goes on on the next line (a wrapped line): no blank here
    assert hits(text, follow="人民币伍万元整。") == []


def test_a_place_to_sign_over_a_date_is_empty():
    assert hits("乙方签字:", follow="****年**月**日") == [("field", "", "empty", None)]
    assert hits("乙方签字:", follow="年") == [("field", "", "empty", None)]


def test_a_total_run_on_after_a_comma_is_a_field_and_a_sentence_colon_is_not():
    text = "检测费:水分50元、粗蛋白90元,检测费合计:1000元/样。"
    assert ("field", "1000", "filled", "1000") in hits(text)  # the figure; its unit (元/样) is read after it
    assert [h for h in hits("经协商,双方约定如下:按月付款") if h[0] == "field"] == []


def test_a_list_of_short_items_after_a_label_is_one_value():
    items = "粗蛋白、粗纤维、中性洗涤纤维,酸性洗涤纤维、总钙、总磷、铜、铁、镁、锰、钾、钠、粗灰分"
    assert hits("检测项目:" + items + ";") == [("field", items, "filled", items)]
    sentence = "乙方应当在收到甲方书面通知后的十个工作日内完成全部整改工作并书面报告甲方及监理单位"
    assert hits("整改要求:" + sentence) == []  # a sentence, not a value


def test_a_figure_and_its_unit_after_a_colon_inside_a_sentence_is_a_value():
    text = "(2) 勘察费普通孔全费用包干单价为: 1480 元/孔,暂定工程量为: 65 孔。"
    assert [h for h in hits(text) if h[0] == "field"] == [
        ("field", "1480", "filled", "1480"),
        ("field", "65", "filled", "65"),
    ]
    # a time, a date and a figure with no unit after the colon are not this form
    assert [h for h in hits("工作时间为:9:00至17:00,签订时间为:2024年3月1日。") if h[0] == "field"] == []
    assert [h for h in hits("详见附件,序号为: 3。") if h[0] == "field"] == []


def test_an_account_written_in_a_clause_keeps_its_digits_as_a_string():
    r = run_text(
        "服务合同\n一、付款\n甲方将款项支付至乙方以下账户：开户银行：招商银行；账号：571908826410502。\n"
    )
    (b,) = [b for b in r.blanks if b.label == "账号"]
    assert b.value == "571908826410502"
    assert b.normalized == {"type": "account", "value": "571908826410502"}


def test_an_underlined_document_name_in_a_sentence_is_emphasis_not_a_value():
    text = "3．本合同附件《民事诉讼风险告知书》内容甲方已阅读知悉。"
    a = text.index("附件")
    assert hits(text, ((a, text.index("》") + 1),)) == []
    # after a label's colon it is what was written in (执行标准：《GB 50300-2013》)
    text = "执行标准：《建筑工程施工质量验收统一标准》"
    a = text.index("《")
    assert hits(text, ((a, len(text)),)) == [("underline", text[a:], "filled", text[a:])]


def test_a_value_cut_inside_a_bracket_by_the_line_break_is_no_value():
    assert (
        hits("1.施工内容:施工图纸所含的建筑、结构、给排水、电气(含", follow="弱电埋管)、消防等全部工作。")
        == []
    )
    assert hits("1.施工内容:土建(含水电)") == [("field", "土建(含水电)", "filled", "土建(含水电)")]


def test_a_field_whose_sentence_a_page_wrapped_is_no_value():
    text = "维保范围:介西公安分局网络视频监控一期工程的100个前端摄"
    follow = "像机、2个派出所监控中心及介西分局机房管理设备的维护保养。"
    r = run_text(f"维保合同\n一、维护范围:\n{text}\n\n{follow}\n")
    assert [b for b in r.blanks if b.line == 3 and b.status == "filled"] == []
    # a field that ends its line, over the next label or the preamble, keeps its value
    r = run_text(
        "维保合同\n项目名称:2025年度金井镇农村环境卫生一体化管理采购项目\n甲方:长沙县金井镇人民政府\n"
    )
    assert [b.value for b in r.blanks if b.line == 2] == ["2025年度金井镇农村环境卫生一体化管理采购项目"]


@pytest.mark.parametrize(
    "text",
    [
        "级配碎石供应工程量:以双方共同确认的实际供应量为准",
        "结算价款:以供应单价乘以实际到场工程量为最终结算价款",
        "提成支付周期:自甲方收到区财政局发放的企业扶持金5个工作日内付清,节假日顺延",
        "级配碎石供应地点:至甲方指定的施工位置",
    ],
)
def test_a_clause_sentence_after_its_topic_is_no_written_value(text):
    assert [h for h in hits(text) if h[0] == "field"] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("付款方式:按月支付", "按月支付"),
        ("合同期限:自2024年1月1日起至2024年12月31日止", "自2024年1月1日起至2024年12月31日止"),
    ],
)
def test_a_short_answer_or_a_term_after_a_label_stays_a_value(text, value):
    assert [h[3] for h in hits(text) if h[0] == "field"] == [value]


def test_fields_in_brackets_an_amount_without_its_unit_and_an_empty_one():
    found = hits("1、合同价款:壹拾贰万玖仟元整,(小写:129000元)(含税价)")
    assert ("field", "129000", "filled", "129000") in found
    assert ("field", "", "empty", None) in hits("5、供应单价为85元/m3(大写:),此价格为材料到场价,")


def test_a_dotted_item_with_a_mark_opens_a_known_field():
    assert hits("1.1、工程名称:", follow="1.2、工程地点:") == [("field", "", "empty", None)]
    assert hits("1.1、工程名称:凤凰洲北外滩片区支路") == [
        ("field", "凤凰洲北外滩片区支路", "filled", "凤凰洲北外滩片区支路")
    ]


def test_a_price_whose_figure_a_copy_lost():
    assert [k for k, *_ in hits("5、供应单价为元/m3,此价格为材料到场价")] == ["collapsed"]
    assert [k for k, *_ in hits("5、供应单价为85元/m3,此价格为材料到场价")] == []


def test_a_role_closing_the_contract_number_line_opens_its_party():
    r = run_text(
        "预拌混凝土供应合同\n合同编号:(2015 )第005 号甲方:\n乙方:江西砼都混凝土有限公司\n第一条 供应\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", None), ("乙方", "江西砼都混凝土有限公司")]
    # a role inside a sentence is no party line
    r = run_text("供应合同\n甲方：某公司\n乙方：某公司\n第一条 本条所述事项经甲方:\n")
    assert [p.role for p in r.parties] == ["甲方", "乙方"]


def test_a_place_name_with_kou_is_no_check_box():
    r = run_text("物业服务合同\n甲方:福清市海口镇中心卫生院\n乙方:福建林华物业服务有限公司\n第一条 服务\n")
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "福清市海口镇中心卫生院"),
        ("乙方", "福建林华物业服务有限公司"),
    ]
    # standing alone before its option, 口 is an empty box a copy made of □
    assert [k for k, *_ in hits("是否同意转委托：口 同意 口 不同意")] == ["checkbox"]


def test_a_field_ends_at_a_semicolon_before_the_next_label():
    found = hits("工程名称: 上海工程技术大学松江校区三期工程 ;地 点: 本项目位于上海工程技术大学松江校区 ;")
    assert (
        "field",
        "上海工程技术大学松江校区三期工程",
        "filled",
        "上海工程技术大学松江校区三期工程",
    ) in found
    # a clause with its commas before the semicolon is no value
    text = "设计周期:15日内完成方案设计,方案确定后20日完成施工图;勘察周期:满足设计进度要求。"
    assert [h for h in hits(text) if h[0] == "field" and "完成" in (h[3] or "")] == []


def test_an_amount_in_words_after_its_label_inside_a_sentence():
    text = "甲方确认恢复出的数据后,支付乙方服务费大写:叁仟伍佰元整 ,现金支付."
    assert ("field", "叁仟伍佰元整", "filled", "叁仟伍佰元整") in hits(text)


def test_a_row_of_roles_over_the_signers_instructions_is_two_empty_places():
    r = run_text(
        "投资协议\n甲方：某镇人民政府\n乙方：某电子有限公司\n一、乙方投资建厂。\n"
        "二、本协议经甲、乙双方签字后生效。\n甲方:乙方:\n代表(签名、盖章)代表(签名、盖章)\n"
    )
    assert [(b.line, b.status) for b in r.blanks if b.line == 6] == [(6, "empty"), (6, "empty")]


def test_a_term_before_a_comma_is_the_value_and_a_sentence_with_a_figure_is_not():
    text = "（一）固定期限：自2024年4月1日起至2027年3月31日止，其中试用期自2024年4月1日起至2024年6月30日止。"
    assert (
        "field",
        "自2024年4月1日起至2027年3月31日止",
        "filled",
        "自2024年4月1日起至2027年3月31日止",
    ) in hits(text)
    text = "总投资额: 项目总投资按 83082 万元控制(其中建安费 73882 万元),资金来源为市级建设财力。"
    assert [h for h in hits(text) if h[0] == "field" and "项目" in (h[3] or "")] == []


def test_a_colon_with_a_comma_right_after_it_and_a_count_before_its_unit_lost_their_values():
    assert [k for k, *_ in hits("合同总价款为人民币:,该价款为最终价款,包括图书价格")] == ["collapsed"]
    assert [k for k, *_ in hits("/组笼(笼养),饲养数量只。合同期限内,乙方不能变更饲养地点")] == ["collapsed"]
    assert [k for k, *_ in hits("饲养数量5000只。")] == []


def test_tight_empty_brackets_where_a_value_goes():
    text = "(5)本次合同期间,包含的国家法定节假日共有()天,甲方必须按()倍工资给乙方。"
    assert [(k, t) for k, t, *_ in hits(text)] == [("bracket", "()"), ("bracket", "()")]
    assert [k for k, *_ in hits("甲方是拥有包括()品牌、设计")] == ["bracket"]
    assert hits("详见附件(一)和附件()。") == []  # no unit after it, no word asking for it


def test_a_heading_over_a_list_of_another_kind_is_no_empty_field():
    assert hits("(1)甲方义务:", follow="1、甲方应向乙方提供关于此事务所需的资料;") == []
    assert hits("（3）收款银行及地址：", follow="（4）开户名称：某公司") == [("field", "", "empty", None)]


def test_every_collapsed_example_is_found_on_its_line():
    # the cue words that let a line be searched for collapsed gaps cover every example of the patterns
    import tomllib

    from .conftest import ROOT

    data = tomllib.loads((ROOT / "patterns" / "blanks.toml").read_text(encoding="utf-8"))
    for example in data["collapsed_examples"]:
        assert "collapsed" in [k for k, *_ in hits(example, follow="")], example


def test_a_letter_spaced_cover_label_with_no_colon():
    assert hits("合 同 编 号") == [("field", "", "empty", None)]
    assert hits("签 订 地 点 山东省济宁市") == [("field", "山东省济宁市", "filled", "山东省济宁市")]
    assert hits("我 们 是 谁") == []  # no label hetong knows


def test_numbered_options_with_brackets_to_tick_are_one_choice():
    assert hits("①月嫂服务()②育儿嫂服务()") == [("choice", "①月嫂服务()②育儿嫂服务()", "empty", None)]
    # one ticked: the other is an option not chosen, as for any ticked bracket
    assert hits("①月嫂服务( )②育儿嫂服务(√)") == [("bracket", "( )", "na", None)]


def test_a_second_clause_about_a_party_makes_a_sentence_not_a_value():
    text = "2. 合作方式:甲方通过互联网等非线下实体店铺的形式向最终消费者销售可授权的品牌商品,乙方为甲方"
    assert [h for h in hits(text) if h[0] == "field"] == []
    spec = "≥23.8英寸LED液晶显示器，分辨率不低于1920×1080"  # a specification's two parts: a value
    assert hits("显示器：" + spec) == [("field", spec, "filled", spec)]
    assert hits("付款方式:按月支付,每月5日前")[0][3] == "按月支付,每月5日前"  # short: a value


def test_a_long_underlined_answer_with_room_after_it_is_a_value():
    # (2)根据环评工作要求提供……等资料；________ : the underline runs on to the line's end as room to write
    text = "（2）根据环评工作要求提供项目选址、总投资、生产规模、产品方案、生产工艺流程、原辅材料消耗、排放量等资料；"
    room = text + " " * 12
    written = (3, len(room))
    assert hits(room, (written,)) == [("underline", text[3:], "filled", text[3:])]
    # the same words underlined without room, or with more words after the underline, are emphasis
    assert hits(text, ((3, len(text)),)) == []
    assert hits(room + "（见附件）", (written,)) == []


def test_an_item_written_in_whole_is_labelled_by_the_heading_above_it():
    lines = [
        Line(1, "技术咨询合同"),
        Line(2, "第一条 咨询的内容"),
        Line(3, "1．咨询内容："),
        Line(4, "（1）乙方按照国家相关法律法规及技术导则开展现状评估工作；", underlines=((3, 29),)),
        Line(5, "（2）开展选址周边环保目标调查；" + " " * 10, underlines=((3, 26),)),
    ]
    assert [(n, lb) for n, _k, s, lb in _blanks(lines) if s == "filled"] == [(4, "咨询内容"), (5, "咨询内容")]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # the label's cap falls inside a sentence: it opens after a word leading into it
        (
            "第二条：乙方应当按照下列进度要求进行本合同项目的技术咨询工作：____个工作日",
            "本合同项目的技术咨询工作",
        ),
        # a party's role cut in two takes its first character back
        ("3．其他：甲方提供上述协作事项的时间及方式：____", "甲方提供上述协作事项的时间及方式"),
    ],
)
def test_a_label_cut_from_a_long_sentence_opens_at_a_word(text, label):
    r = run_text("技术咨询合同\n第一条 协作\n" + text + "\n")
    assert [b.label for b in r.blanks if b.line == 3] == [label]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a date with its year and month written and the day's gap lost: one date, not complete
        ("签约时间:2015年3月日", [("date", "2015年3月日", "empty", "2015年3月")]),
        # the century printed, the rest of the year and the date's gaps lost
        ("201 年月日", [("date", "201 年月日", "empty", None)]),
        # the century printed, the rest of the year left to write: not complete, and never 20年
        ("签订日期：20____年9月19日", [("date", "20____年9月19日", "empty", "9月19日")]),
        ("吊车时间年月日—年", [("date", "年月日", "empty", None)]),
        # a day written 号, as colloquial contracts do: one date each
        (
            "从____年____月____号起交付,至____年____月____号收回。",
            [("date", "____年____月____号", "empty", None), ("date", "____年____月____号", "empty", None)],
        ),
        # a year a site masked (20xx) is a placeholder, not a date with its year left out
        ("20xx年2月10号至20xx年12月10号", [("placeholder", "20xx", "empty", None)] * 2),
        # gaps a copy lost: a share, a total, a deposit, a term, a document's number
        ("甲方占%,乙方占%,法定代表人由乙方担任。", [("collapsed", "", "empty", None)] * 2),
        ("承包费共计元,", [("collapsed", "", "empty", None)]),
        ("缴纳合同保证金 元", [("collapsed", "", "empty", None)]),
        ("承包期为年,", [("collapsed", "", "empty", None)]),
        ("()长张法见字第号", [("bracket", "()", "empty", None), ("collapsed", "", "empty", None)]),
        ("(2012)长张法见字第15号", []),
        # a date and a place a copy lost before 签定 (于年月日在签定)
        ("于年月日在签定本合同。", [("collapsed", "", "empty", None)] * 2),
        # a bracketed field with nothing in it, under a label hetong knows
        ("根据某项目(采购编号:)招标的结果", [("field", "", "empty", None)]),
        ("合同总价: 元,(人民币大写:)。", [("collapsed", "", "empty", None), ("field", "", "empty", None)]),
        # the alias alone where the name was left out: an empty field, not the value 简称甲方
        ("招聘方:简称甲方", [("field", "", "empty", None)]),
        # a definition is no value; a value that opens with 指定 is one
        ("4)生效订单:指经双方书面确认并签字或盖章的采购订单。", []),
        ("交货地点:指定地点", [("field", "指定地点", "filled", "指定地点")]),
        # the next field's label glued to the end of a value, nothing after it
        ("甲方:张夏镇王庄村民委员会代表人:", [("field", "", "empty", None)]),
    ],
)
def test_blanks_a_copy_or_a_form_wrote_without_gaps(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("甲方签名:乙方签名:", ["甲方签名", "乙方签名"]),
        ("日期: 日期:", ["日期", "日期"]),
        ("区 域:客户姓名:", ["区域", "客户姓名"]),
        ("甲方: 法定代表人: 乙方: 法定代表人:", ["甲方", "法定代表人", "乙方", "法定代表人"]),
        # the role, then words that say who signs: one place
        ("乙方:张夏镇王庄村村民:", ["张夏镇王庄村村民"]),
        ("乙方:代表:", ["乙方", "代表"]),
        # fields a page ran together with commas, a label with its note in brackets inside it
        ("乙方(劳动者)姓名:,性别:民族:", ["乙方(劳动者)姓名", "性别", "民族"]),
    ],
)
def test_a_line_of_empty_labels_is_one_blank_per_label(text, labels):
    from extractor.extract.blanks import _label_row_hits

    assert [h.label for h in _label_row_hits(text, PS)] == labels
    assert len([h for h in hits(text) if h[2] == "empty"]) == len(labels)


def test_a_line_of_roles_only_is_the_signing_rows_to_read():
    from extractor.extract.blanks import _label_row_hits

    assert _label_row_hits("甲方：    乙方：", PS) == []
    assert _label_row_hits("双方约定如下：具体：", PS) == []


def test_a_signing_row_over_what_is_left_of_the_date():
    r = run_text("承包合同\n一、总则\n本合同一式五份。\n甲方(经济社法人代表签章):乙方(代表签章):\n年\n")
    assert [(b.line, b.status) for b in r.blanks if b.line == 4] == [(4, "empty"), (4, "empty")]


def test_a_row_of_signers_without_colons_under_the_roles_is_a_place_each():
    r = run_text(
        "投资协议\n甲方:建湖县恒济镇人民政府\n乙方:深圳图强精密电子有限公司\n一、总则\n本协议经双方签字后生效。\n"
        "甲方:乙方:\n代表(签名、盖章)代表(签名、盖章)\n签约日期:\n"
    )
    assert [(b.line, b.label) for b in r.blanks if b.line == 7] == [(7, "代表(签名、盖章)")] * 2
    # an instruction row with a value after it, or one item alone, is not such a row
    from extractor.extract.blanks import _signers_row_hits

    assert _signers_row_hits("（签名、盖章）", PS) == []
    assert _signers_row_hits("法定代表人(签字):张三 委托代理人(签字):", PS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bilingual form's English label after the Chinese one: nothing written
        ("1、项目名称：Project Name", [("field", "", "empty", None)]),
        ("签订日期：Date of Signing", [("field", "", "empty", None)]),
        # …while an English value is one
        ("项目名称：Smart City", [("field", "Smart City", "filled", "Smart City")]),
        # a date written as year and month is kept as written, not as the figure 2016 and a unit
        ("签订时间：2016年12月", [("field", "2016年12月", "filled", "2016年12月")]),
        ("租期：3年", [("field", "3", "filled", "3")]),
        # a page's footer run on after a value on a one-line copy (…版 —1— …), not a date's dashes
        (
            "合同签订地点:重庆市江北区 2014 年 2 月版 —1— 签约重要提示",
            [("field", "重庆市江北区", "filled", "重庆市江北区")],
        ),
        (
            "履行期限:2023-07-01 —— 2023-09-28",
            [("field", "2023-07-01 —— 2023-09-28", "filled", "2023-07-01 —— 2023-09-28")],
        ),
        # a clause about what a party does, after a topic and its colon, is no value
        ("3、项目规模：乙方承诺对本项目的投资规模达到固定资产", []),
        ("交货地点:甲方指定地点", [("field", "甲方指定地点", "filled", "甲方指定地点")]),
    ],
)
def test_values_of_bilingual_forms_and_clauses(text, expected):
    assert hits(text) == expected


def test_a_generic_body_under_a_signers_label_is_the_next_signer_not_a_value():
    r = run_text("宅基地置换协议\n一、置换\n双方自愿置换。\n甲方:\n乙方:\n见证人:\n村委会\n年月日\n")
    assert not [b for b in r.blanks if b.status == "filled"]
    # …while a named one under a cover's label is its value
    r = run_text("工程合同\n\n工程名称:\n番禺区化龙镇成人文化技术学校维修工程\n第一条 总则\n")
    assert [b.value for b in r.blanks if b.status == "filled"] == ["番禺区化龙镇成人文化技术学校维修工程"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Legal representative: Zengqiang Lin", [("field", "Zengqiang Lin", "filled", "Zengqiang Lin")]),
        ("Date of signing: April 15, 2021", [("field", "April 15, 2021", "filled", "April 15, 2021")]),
        ("Place of signing: Shanghai;", [("field", "Shanghai", "filled", "Shanghai")]),
        # an English label hetong does not know, or a heading, is no field
        ("Whereas:", []),
        ("Note: the parties agree as follows", []),
        # an empty English field is the Chinese line's blank, not one more (its underscores are their own)
        ("Contract No.: ______", [("underscore", "______", "empty", None)]),
    ],
)
def test_english_field_lines_of_a_bilingual_form(text, expected):
    assert hits(text) == expected


def test_lines_that_hold_no_writing_room():
    # a title pushed right with tabs: the empty cells before the first written one are indentation
    title = Line(1, " " * 24 + "华泰资管沪电股份共赢1号", tabs=(0, 4, 8, 12, 16, 20))
    assert _line_hits(title, PS) == []
    # a table of contents' line: its gap and dot leaders are no blank
    assert hits("第一条    释义................................................") == []
    # a publisher's masking (letters to x, digits to 0) is a value as written, no placeholder
    assert hits("住所地:xxxxxxxxxxxxxxxx 0 x") == [
        ("field", "xxxxxxxxxxxxxxxx 0 x", "filled", "xxxxxxxxxxxxxxxx 0 x")
    ]
    # a date whose year a site masked, the month and day gaps: one date
    assert hits("甲方于20xx年_____月_____日雇佣乙方。") == [("date", "20xx年_____月_____日", "empty", None)]


def test_a_rule_of_underscores_round_a_title_is_no_blank():
    text = "股权转让协议\n\n___________________________________\n\n股权转让协议\n\n___________________________________\n\n第一条 转让\n"
    assert [b.line for b in run_text(text).blanks] == []
    # …but the underline under a label is its writing room
    r = run_text("股权转让协议\n第一条 其他约定\n其他约定：\n___________________________________\n")
    assert [b.line for b in r.blanks if b.status == "empty"] == [4] or [b.line for b in r.blanks] == [3]


def test_a_party_alone_over_a_date_line_is_a_place_to_sign():
    r = run_text(
        "门面租赁合同\n甲方:张三\n乙方:李四\n一、甲方将门面出租给乙方。\n二、本合同一式两份。\n\n"
        "甲方:\n\n_______年______月______日。\n\n乙方:\n\n_______年______月______日。\n"
    )
    assert "missing-signature" not in {f.rule for f in r.findings}
    assert [(b.line, b.label) for b in r.blanks if b.kind == "field" and b.status == "empty"] == [
        (7, "甲方"),
        (11, "乙方"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the words written into the gap, the form's 元整 after it
        (
            "设备总价人民币伍拾壹万肆仟肆佰捌拾肆 元整(¥514484)",
            [
                ("field", "伍拾壹万肆仟肆佰捌拾肆", "filled", "伍拾壹万肆仟肆佰捌拾肆"),
                ("field", "514484", "filled", "514484"),
            ],
        ),
        # after a label, an amount in words and in figures is two values, not one
        (
            "合同金额：伍拾壹万元整（¥510000）",
            [("field", "伍拾壹万元整", "filled", "伍拾壹万元整"), ("field", "510000", "filled", "510000")],
        ),
        # an English value's closing full stop is the sentence's, an abbreviation's stays
        (
            "Domicile: Pudong New Area, Shanghai City.",
            [("field", "Pudong New Area, Shanghai City", "filled", "Pudong New Area, Shanghai City")],
        ),
        (
            "Domicile: No. 8, Xiaoping Rd.",
            [("field", "No. 8, Xiaoping Rd.", "filled", "No. 8, Xiaoping Rd.")],
        ),
    ],
)
def test_amounts_and_english_values_as_written(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an alias note alone on its line: the name before it left out
        ("(以下简称甲方)", [("field", "", "empty", None)]),
        # an empty [] inside a date, a field's 为 closing the clause with nothing after it
        ("签署日:201811[]日", [("bracket", "[]", "empty", None)]),
        ("乙方现住址为,身份证号为", [("collapsed", "", "empty", None)] * 2),
        ("住址为长沙市岳麓区", []),
    ],
)
def test_names_and_fields_left_out_without_a_gap(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("鱼塘范围东起,西至 ,南到 ,北临 ", 4),  # the four boundaries, each left out
        ("2013年3月15日前交付万元", 1),
        ("平均深度米以上", 1),
        ("东至张三家,西至李四家", 0),
    ],
)
def test_boundaries_and_figures_left_out_without_a_gap(text, count):
    assert len([h for h in hits(text) if h[2] == "empty"]) == count


def test_a_lone_label_over_a_partys_line_is_empty():
    r = run_text("商业管理合同\n\n合同编号:\n\n房产所有人(以下简称“甲方”)\n第一条 总则\n")
    assert [(b.line, b.status) for b in r.blanks if b.line == 3] == [(3, "empty")]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("具体位置东至南至西至北至。", 4),  # four boundaries glued, each left out
        ("甲方将位于村南的土地共计亩,地宽米,发包给乙方", 1),
        ("承包期从年月日起至年月日止", 2),  # two dates whose gaps a copy lost
    ],
)
def test_more_blanks_a_copy_wrote_without_gaps(text, count):
    assert len([h for h in hits(text) if h[2] == "empty"]) >= count


def test_a_signers_title_and_instruction_alone_is_a_place_to_sign():
    r = run_text("聘用协议\n一、聘用\n合同一式两份,签字生效。\n甲方(盖章)\n乙方:\n")
    assert (4, "empty") in [(b.line, b.status) for b in r.blanks]
    # …but the instruction alone belongs to the place above it
    r = run_text("保证合同\n一、保证\n本合同自签字之日起生效。\n债权人：\n（盖章）\n")
    assert 5 not in [b.line for b in r.blanks if b.status == "empty"]


def test_the_preamble_under_a_lone_role_is_no_value():
    r = run_text(
        "核桃园承包合同\n承包方(乙方):\n\n甲乙双方根据《中华人民共和国农村土地承包法》等有关法律、\n法规的规定,签订本合同。\n"
    )
    assert not [b for b in r.blanks if b.status == "filled"]


def test_a_title_wrapped_under_a_covers_label_is_no_value():
    r = run_text("协议编号:\n北京特定地铁线路票款收益权\n专项资产管理计划\n基础资产买卖协议\n第一条 定义\n")
    assert not [b for b in r.blanks if b.status == "filled" and b.line <= 4]
    # …but a name under a lone label is its value
    r = run_text("工程合同\n\n工程名称:\n番禺区化龙镇成人文化技术学校维修工程\n第一条 总则\n")
    assert [b.value for b in r.blanks if b.status == "filled"] == ["番禺区化龙镇成人文化技术学校维修工程"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("承包年限为_年", [("underscore", "_", "empty", None)]),  # one underscore before a unit
        ("file_name", []),
        ("每亩 元,共计 元", [("collapsed", "", "empty", None)] * 2),
        ("乙方应在接到通知 天内到甲方", [("collapsed", "", "empty", None)]),
        # a publisher's masking with its digits on either side of the x's: a value, no placeholder
        ("住所为【xxxxxxxxxxxx 0000xxxx 0 xxxxx X0-00X】", []),
    ],
)
def test_gaps_of_one_character(text, expected):
    assert [h for h in hits(text) if h[0] != "bracket"] == expected


def test_a_party_alone_over_the_next_signers_label_is_a_place_to_sign():
    r = run_text("聘用协议\n一、聘用\n合同一式两份,签字生效。\n甲方(盖章)\n乙方:\n甲方负责人:\n")
    assert (5, "empty") in [(b.line, b.status) for b in r.blanks]


def test_last_of_a_run_of_empty_labels_before_a_clause():
    r = run_text(
        "二手车交易协议\n甲方:张三\n乙方:李四\n发动机号:\n\n车架号:\n\n车牌号:\n\n1.甲方自愿将车交乙方代卖,承诺车辆产权属于甲方。\n"
    )
    assert [(b.line, b.label, b.status) for b in r.blanks if b.line > 3] == [
        (4, "发动机号", "empty"),
        (6, "车架号", "empty"),
        (8, "车牌号", "empty"),
    ]
    # a heading above the parties is no such label
    r = run_text("借款合同\n借贷双方:\n出借人:\n借款人:\n第一条 借款金额为人民币____元。\n")
    assert 2 not in {b.line for b in r.blanks}


def test_words_between_two_gaps_are_a_unit_and_a_label():
    r = run_text("房屋租赁合同\n甲方自愿将__楼建筑面积__平方米住房一套租给乙方。\n")
    assert [(b.status, b.value) for b in r.blanks] == [("empty", None), ("empty", None)]


def test_template_x_placeholders_are_empty_blanks():
    r = run_text(
        "医疗垃圾处理协议书\n甲方:XXX\n乙方:XXX\n一、有效期X年,合同到期后另行协商。\n"
        "联系人:XXX___\n签订日期:XXX___年____月____日\n"
    )
    got = [(b.line, b.kind, b.status, b.label) for b in r.blanks]
    assert got == [
        (2, "placeholder", "empty", "甲方"),
        (3, "placeholder", "empty", "乙方"),
        (4, "placeholder", "empty", "服务期限"),
        (5, "placeholder", "empty", "联系人"),  # one place with its underline
        (6, "date", "empty", "签订日期"),  # the X stand in the year: one date
    ]
    # a publisher's lower-case masking of a written value is no template's placeholder
    r = run_text("招标代理合同\n甲方:上海某大学\n联系人:白老师 联系人:xxx\n第一条 代理。\n")
    assert not [b for b in r.blanks if b.status == "empty"]


def test_page_labels_definitions_and_two_rates():
    r = run_text(
        "食堂承包合同\n关键词:食堂承包合同 饭堂承包协议\n甲方:深圳市某物业管理有限公司\n"
        "1、武汉公司:在本补充协议中均指武汉王家墩中央商务区建设投资股份有限公司。\n"
        "2、中国证监会:系本补充协议中对中国证券监督管理委员会的简称。\n"
        "三、伙食标准:9元/天/人、270元/月/人。\n四、收购价为:7.5元/斤,\n"
    )
    got = [(b.line, b.value, b.unit) for b in r.blanks if b.status == "filled" and b.line > 3]
    assert got == [(6, "9元/天/人", None), (6, "270元/月/人", None), (7, "7.5", "元/斤")]


def test_gaps_of_one_underscore_on_a_scrape():
    r = run_text(
        "网站维护协议书\n甲方:_ 地址:_ 乙方:_ 甲方自签定协议后的_日内支付费用,域名:_的日常更新,见file_name。\n"
    )
    assert len([b for b in r.blanks if b.status == "empty"]) == 5
    # one underscore alone is no gap (a_b)
    assert not _line_hits(Line(1, "变量名为a_b,甲方应付款。"), PS)


def test_question_marks_for_lost_spaces_part_two_columns():
    r = run_text(
        "自来水费结算协议\n甲方:某自来水公司\n乙方:某用水单位\n一、结算。\n"
        "甲方(盖章):_________????乙方(盖章):_________\n帐号:_________??????帐号:_________\n"
    )
    assert [(b.line, b.status) for b in r.blanks if b.line >= 5] == [(5, "empty")] * 2 + [(6, "empty")] * 2
    assert not [f for p in r.parties for f in p.fields if f.value and "?" in f.value]


def test_gaps_a_page_narrowed_to_one_space():
    got = [h.kind for h in _line_hits(Line(1, "合同签订 只,单户饲养量不能低于 公斤,支付比例为 。"), PS)]
    assert got == ["spaces", "spaces", "spaces"]
    assert [h.kind for h in _line_hits(Line(1, "由以下双方于2022年6月8日在  签订:"), PS)] == ["spaces"]
    # not: a letter-spaced line, a table's row one space a cell, a date's skeleton, a figure and its unit
    for text in ("租 金 元 整", "保安服务 年/人 1 60", "共计 5 只", "承包期限:自 年月日至年月日,共三十年。"):
        assert [h.kind for h in _line_hits(Line(1, text), PS) if h.kind == "spaces"] == [], text


def test_a_heading_over_fields_and_a_label_over_its_line():
    r = run_text(
        "宠物寄养协议\n甲方:张三\n乙方:某宠物店\n寄养宠物情况:\n宠物名字:___________ 年龄:____\n"
        "宠物品种:___________ 宠物颜色:___________\n健康状况表述:\n____________________ _______ __\n一、寄养。\n"
    )
    got = [(b.line, b.label) for b in r.blanks if b.status == "empty"]
    assert got == [(5, "宠物名字"), (5, "年龄"), (6, "宠物品种"), (6, "宠物颜色"), (8, "健康状况表述")]


def test_rows_whose_gaps_a_copy_lost():
    r = run_text(
        "购销合同\n甲方:某软件公司\n乙方:某商贸公司\n一、价格\n3、产品价格:单价元(大写人民币元整)\n"
        "2、甲方开户行:帐号:\n二、其他\n本合同自双方签字之日起生效。\n甲方:(章)乙方:(章)\n年月日年月日\n"
    )
    got = [(b.line, b.kind) for b in r.blanks if b.status == "empty"]
    assert got == [
        (5, "collapsed"),
        (5, "collapsed"),
        (6, "field"),
        (6, "field"),
        (9, "field"),
        (9, "field"),
        (10, "date"),
        (10, "date"),
    ]


def test_empty_quotes_and_words_amount_gaps():
    hits = _line_hits(Line(1, "就合作开发“”(以下称项目),开发《 》软件,总金额为 元 (大写: 整)。"), PS)
    assert [h.kind for h in hits] == ["bracket", "bracket", "collapsed", "collapsed"]


def test_numbered_slots_and_clauses_after_a_label():
    r = run_text(
        "护理服务协议\n甲方:张三\n联系电话:1. 2.\n8、其他事项:乙方经营所需水电费用由乙方每月按水电表核计。\n"
    )
    assert [(b.line, b.status) for b in r.blanks if b.line >= 3] == [(3, "empty"), (3, "empty")]


def test_the_forms_words_between_two_lines_are_no_value():
    t = "订立合同双方:承揽人:______________定作人:______________ 定作人委托承揽人加工____________,经双方协商"
    got = [(h.kind, h.status, h.value) for h in _line_hits(Line(1, t), PS)]
    assert got == [("underscore", "empty", None)] * 3


def test_words_of_the_form_between_lines_are_no_values():
    cases = {
        "车主手机:________甲方承揽________________业务": 2,
        "北京市____________区____________小区________室": 3,
    }
    for t, n in cases.items():
        assert [(h.kind, h.status) for h in _line_hits(Line(1, t), PS)] == [("underscore", "empty")] * n, t


def test_a_signers_line_run_into_the_date_and_a_kind_of_price():
    got = [h.kind for h in _line_hits(Line(1, "法定代表人(签字):__________________年____月____日"), PS)]
    assert got == ["underscore", "date"]
    assert [h.kind for h in _line_hits(Line(1, "日期:______________年__月__日"), PS)] == ["date"]
    r = run_text("团体订餐单\n甲方:某酒店\n1、全频音响:市场价800元/次;\n")
    assert [b.value for b in r.blanks if b.line == 3] == ["800元/次"]
    # a label straight after 合同编号: is no number
    r = run_text("屋顶租赁协议合同编号:签订地点:甲方:某街道办事处\n乙方:某光伏公司\n第一条 租赁。\n")
    assert r.contract_number is None


def test_more_gaps_a_page_narrowed_or_lost():
    t = "雇佣护工,在 (地点)向甲方指定的被护理者 先生/女士提供服务,按 %提成,约 亩"
    assert [h.kind for h in _line_hits(Line(1, t), PS)] == ["spaces"] * 4
    # a one-line page's figures elsewhere do not make its gaps a table's cells
    t = "甲方将30000平方米屋顶租给乙方,年租金 人民币。" + "说明" * 20 + " 3 张"
    assert [h.kind for h in _line_hits(Line(1, t), PS)][:1] == ["spaces"]
    assert [h.kind for h in _line_hits(Line(1, "承接土地面积亩,合计人民币大写:元(小写:元)"), PS)] == [
        "collapsed"
    ] * 3


def test_a_contract_field_over_a_line_whose_value_runs_into_the_preamble():
    r = run_text(
        "租赁合同\n甲方:某公司\n乙方:某石油公司\n合同签订地点:\n合同签订时间: 年 月 日根据《中华人民共和国民法典》,甲、乙双方达成如下合同:\n"
        "第一条 租赁。\n"
    )
    assert (4, "empty") in [(b.line, b.status) for b in r.blanks]


def test_the_forms_sentence_or_title_marks_between_two_gaps():
    for t in (
        "已经购买了______软件技术有限公司开发生产的企业管理软件______产品",
        "依照《_______》和《_______》",
    ):
        assert [(h.kind, h.status) for h in _line_hits(Line(1, t), PS)] == [("underscore", "empty")] * 2, t


def test_figures_and_months_a_copy_lost():
    t = "工期为 2017 年月至 2018 年月,有效工期个月,按台班结算:元/台班,即元/时"
    assert [h.kind for h in _line_hits(Line(1, t), PS)] == [
        "date",
        "date",
        "collapsed",
        "collapsed",
        "collapsed",
    ]
    assert [h.kind for h in _line_hits(Line(1, "中文图书结算价格(人民币元,实洋)=码洋×折扣率"), PS)] == []


def test_a_codes_label_over_the_next_columns_label_is_no_value():
    # 邮政编码: / 需 方 — the buyer's column under the seller's postcode, no value (a real form)
    path = Path(__file__).parent / "realworld" / "templates" / "42-industrial-goods-purchase-form.txt"
    r = check(path)
    assert not [b for b in r.blanks if b.status == "filled" and b.value == "需 方"]


def test_a_cut_echo_of_the_label_and_an_alias_note_are_no_values():
    r = run_text("特许经营协议\n第一条 定义\n特许经营权:指乙方拥有的权利。\n特许经营期:特许经营\n")
    assert not [b for b in r.blanks if b.line == 4 and b.status == "filled"]
    r = run_text(
        "木工施工合同发包人:(以下简称甲方)承包人:(以下简称乙方)根据《建筑法》的有关规定,订立本合同。\n一、工程。\n"
    )
    assert not [b for b in r.blanks if b.status == "filled" and b.value.startswith("(以下简称")]


def test_an_empty_label_glued_after_a_name_is_its_own_blank():
    r = run_text(
        "租赁加油站合同\n甲方(出租人):加油站法定代表人(负责人):\n乙方(承租人):石油化工公司\n第一条 租赁。\n"
    )
    assert (2, "法定代表人(负责人)", "empty") in [(b.line, b.label, b.status) for b in r.blanks]


def test_a_covers_role_lines_are_places_to_write():
    r = run_text(
        "合同编号:SCB20190124106\n区块链应用技术\n合作协议\n甲方:\n乙方:\n签订地点:\n二零一九年一月\n"
        "区块链应用技术合作协议\n甲方:\n单位地址:\n乙方:\n单位地址:\n一、合作内容\n1.甲方提供数据。\n"
    )
    assert [b.label for b in r.blanks if b.line in (4, 5)] == ["甲方", "乙方"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("签订地点: 省市\n", 2),  # a place's parts, each gap lost
        ("果园名称: ;\n", 1),  # a space, then the clause's mark: nothing written
        ("2.3支付方式:\n第6条 其他\n", 1),  # a dotted number glued to a known label
    ],
)
def test_gaps_a_copy_narrowed_after_a_label(text, count):
    r = run_text("合同\n第一条 约定\n" + text)
    assert len([b for b in r.blanks if b.line == 3 and b.status == "empty"]) == count


def test_role_labels_closing_the_text_are_the_places_to_sign():
    r = run_text("搭建合同\n一、工程\n1.乙方搭建大棚。\n二、本合同一式两份\n\n甲方:\n\n乙方:\n")
    assert r.outline[-1].kind == "signature"
    assert [(b.line, b.status) for b in r.blanks] == [(6, "empty"), (8, "empty")]
    # a role line followed by clauses is no signature
    r = run_text("搭建合同\n一、工程\n1.乙方搭建大棚。\n甲方:\n乙方应按期完工。\n")
    assert r.outline[-1].kind != "signature"
