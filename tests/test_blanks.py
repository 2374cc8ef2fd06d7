"""Each blank form, its status and its label, through the whole pipeline."""

from __future__ import annotations

import pytest

from extractor.extract.blanks import _line_hits
from extractor.model import Line
from extractor.pattern_set import load

from .conftest import run_text

PS = load()


def hits(text: str, underlines=()):
    return [
        (h.kind, text[h.start : h.end], h.status, h.value)
        for h in _line_hits(Line(1, text, underlines=underlines), PS)
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
    ],
)
def test_blank_forms(text, expected):
    assert hits(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "住  所  地：杭州市西湖区",  # letter-spaced label
        "电    话：0571-88888888",
        "    第一条 乙方提供服务。",  # indentation
        "保 密 协 议",
        "本合同一式两份。  双方各执一份。",
        "租金支付方式（在□内打√）：",  # marks inside an instruction
        "2024年1月1日                  2024年1月1日",  # two signature columns' dates
        "2024-01-01　　　　2024-01-02",
    ],
)
def test_not_blanks(text):
    assert hits(text) == []


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
    ],
)
def test_values_after_labels(text, expected):
    assert hits(text) == expected


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
    r = run_text("服务协议\n第一条 押金为____无____元。\n甲方（盖章）：\n")
    assert [b.status for b in r.blanks] == ["na"]
    assert not [f for f in r.findings if f.rule == "empty-blank"]


def test_signature_places_are_not_empty_blanks():
    r = run_text(
        "服务协议\n甲方：杭州云帆科技有限公司\n乙方：张三\n第一条 乙方提供服务。\n"
        "甲方：                （盖章）\n法定代表人／委托代理人：　　　　（签名）\n日期：    年  月  日\n"
    )
    rules = sorted((f.rule, f.line) for f in r.findings)
    assert rules == [("empty-blank", 7), ("empty-signature-place", 5), ("empty-signature-place", 6)]
