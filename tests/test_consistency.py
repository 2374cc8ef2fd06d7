"""Consistency rules (C5xx): amounts in words and figures, date ranges, stated terms, references, choices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractor import pattern_set
from extractor.rules.consistency import cn_amount, term_fits

from .conftest import run_text, sample_files

PS = pattern_set.load()
CONSISTENCY = {
    "amount-mismatch",
    "date-order",
    "term-mismatch",
    "dangling-reference",
    "conflicting-choice",
    "instalment-sum",
    "line-item-sum",
    "missing-attachment",
    "party-name-mismatch",
    "invalid-date",
}

HEAD = "服务协议\n甲方：杭州云帆科技有限公司\n乙方：宁波甬达电子商务有限公司\n"
SIGN = "甲方（盖章）：\n乙方（盖章）：\n签订日期：2024年3月1日\n"


def fired(text: str, slug: str) -> list:
    return [f for f in run_text(text).findings if f.rule == slug]


def contract(*articles: str, tail: str = "") -> str:
    from extractor.numerals import int_to_cn

    body = "".join(f"第{int_to_cn(i)}条 {a}\n" for i, a in enumerate(articles, 1))
    return HEAD + body + SIGN + tail


# --- the pattern data -------------------------------------------------------------------------------------

SEARCH = (
    "amount_words",
    "amount_figures",
    "date",
    "year_month",
    "month_day",
    "term",
    "reference",
    "appendix_reference",
    "amending_title",
    "organisation",
    "short_name",
    "appendix_list_intro",
    "appendix_titled",
    "attached_here",
    "appendix_separate",
    "quantity_header",
    "price_header",
    "amount_header",
    "table_adjustment",
    "instalment_cue",
    "instalment_count",
    "pay_verb",
    "instalment_intro",
    "share_percent",
    "share_not",
    "share_cumulative",
    "share_base",
    "share_total",
    "instalment_not",
    "instalment_choice",
    "total_statement",
)
FULL = ("amount_joint", "term_joint", "person", "table_number")
MATCH = (
    "range_joint",
    "appendix_item",
    "total_label",
    "from_signing_gap",
    "signature_date_label",
    "amount_label",
)


@pytest.mark.parametrize(
    "key",
    SEARCH
    + FULL
    + MATCH
    + ("single_choice", "multi_choice", "either_forum", "from_signing", "from_signing_gap", "signing_label")
    + ("term_label",),
)
def test_pattern_examples(key):
    data = PS.data["consistency"]
    rx = getattr(PS.consistency, key)
    ok = rx.fullmatch if key in FULL else (rx.match if key in MATCH else rx.search)
    for text in data.get(f"{key}_examples", ()):
        assert ok(text), f"{key} should accept {text!r}"
    for text in data.get(f"{key}_not", ()):
        assert not ok(text), f"{key} should refuse {text!r}"


def test_exclusive_examples():
    for ex in PS.consistency.exclusive:
        raw = next(e for e in PS.data["consistency"]["exclusive"] if e["name"] == ex.name)
        for options in raw["examples"]:
            for k, option in enumerate(options):
                hits = [
                    j for j, rx in enumerate(ex.options) if (rx.match if ex.anchored else rx.search)(option)
                ]
                assert hits == [k], f"{ex.name}: {option!r} should match alternative {k} only, got {hits}"


# --- amount-mismatch --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("贰拾肆万", 240000),
        ("肆仟伍佰", 4500),
        ("叁佰捌拾伍万", 3850000),
        ("壹佰壹拾伍万伍仟", 1155000),
        ("壹万零伍佰", 10500),
        ("壹万伍佰", 10500),  # the 零 left out
        ("叁仟零伍拾", 3050),
        ("伍拾万零捌佰", 500800),
        ("壹亿贰仟万", 120000000),
        ("拾万", 100000),
        ("两万", 20000),
        ("二十四万", 240000),
        ("贰萬", 20000),
    ],
)
def test_cn_amount_reads_real_uppercase_amounts(words, value):
    assert cn_amount(words) == value


@pytest.mark.parametrize("words", ["壹万贰", "二零", "元"])
def test_cn_amount_says_nothing_when_ambiguous(words):
    # 壹万贰: 12000 in speech, 10002 digit by digit
    assert cn_amount(words) is None


def test_amount_mismatch_hit_names_both_as_written():
    found = fired(contract("合同总价为人民币贰拾肆万元整（¥204,000.00）。"), "amount-mismatch")
    assert len(found) == 1
    f = found[0]
    assert "贰拾肆万元整" in f.message and "¥204,000.00" in f.message and "第一条" in f.message
    assert f.line == 4 and f.clause == "1"
    text = run_text(contract("合同总价为人民币贰拾肆万元整（¥204,000.00）。")).lines[3].text
    assert text[f.span[0] : f.span[1]] == "¥204,000.00"


@pytest.mark.parametrize(
    "article",
    [
        "合同总价为人民币贰拾肆万元整（¥240,000.00）。",
        "月租金为人民币4500元（大写：肆仟伍佰元整）。",
        "总价：大写：肆仟伍佰元整，小写：4500元。",
        "总价为人民币24万元（大写：贰拾肆万元整）。",
        "支付保证金人民币5000(大写:伍仟元整)元。",
        "总价为人民币（大写）__贰拾肆万__元整（¥__240000__元）。",
        "总价为人民币壹拾万零壹元玖角玖分（¥100,001.99）。",
        "月租金伍仟元，合计60000元。",  # two amounts, not one written twice
        "单价人民币伍佰元/台，共20台，总价10000元。",
        "总价为人民币壹万贰元（¥12,000.00）。",  # ambiguous words: nothing said
        "总价为人民币壹佰元零伍角（¥100.50）。",
        "总价为人民币壹佰元伍角陆厘（¥100.56）。",  # 厘 not read: nothing said
    ],
)
def test_amount_mismatch_okay(article):
    assert not fired(contract(article), "amount-mismatch")


@pytest.mark.parametrize(
    "article",
    [
        "总价：大写：肆仟伍佰元整，小写：4050元。",
        "总价为人民币（大写）壹万零伍佰元整（小写）¥10050。",
        "总价为人民币24万元（大写：贰拾肆万伍仟元整）。",
        "违约金为每日伍佰元（50元）。",
        # the unit after the bracket: the bare figure before it is the amount in figures
        "支付保证金人民币5000(大写:肆仟元整)元。",
    ],
)
def test_amount_mismatch_hits(article):
    assert len(fired(contract(article), "amount-mismatch")) == 1


def test_amounts_are_compared_exactly():
    # one fen apart: never rounded away (no float on the way)
    hit = fired(contract("总价为人民币壹拾万零壹元玖角玖分（¥100,001.98）。"), "amount-mismatch")
    assert len(hit) == 1 and "(100001.99)" in hit[0].message and "(100001.98)" in hit[0].message
    assert fired(contract("总价为人民币贰拾肆万元整（¥240,000.01）。"), "amount-mismatch")
    big = "总价为人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分（¥{}）。"
    assert not fired(contract(big.format("99,999,999.99")), "amount-mismatch")
    assert fired(contract(big.format("99,999,999.98")), "amount-mismatch")


def test_amount_pairs_only_side_by_side():
    text = contract(
        "月租金为人民币叁仟伍佰元整（¥3,500.00），租赁期内租金总计人民币肆万贰仟元整（¥42,000.00）。"
    )
    assert not fired(text, "amount-mismatch")
    text = contract(
        "月租金为人民币叁仟伍佰元整（¥3,500.00），租赁期内租金总计人民币肆万贰仟元整（¥24,000.00）。"
    )
    found = fired(text, "amount-mismatch")
    assert len(found) == 1 and "肆万贰仟元整" in found[0].message and "¥24,000.00" in found[0].message


# --- date-order -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "article",
    [
        "租赁期限自2024年1月1日起至2023年12月31日止。",
        "租赁期限：2024.01.01-2023.12.31。",
        "租赁期限自 2024 年 3 月 1 日至 2024 年 2 月 28 日。",
        "租赁期限自二〇二四年三月一日至二〇二三年三月一日。",
    ],
)
def test_date_order_hits(article):
    found = fired(contract(article), "date-order")
    assert len(found) == 1 and "ends before it starts" in found[0].message


@pytest.mark.parametrize(
    "article",
    [
        "租赁期限自2024年1月1日起至2024年12月31日止。",
        "活动日期为2024年1月1日至2024年1月1日。",  # one day
        "租赁期限自2024年2月30日起至2023年12月31日止。",  # no such day: not this rule's
        "自2024年1月1日起，2023年12月31日前的欠款由甲方承担。",  # not a range
        "甲方应于2024年11月1日至3月31日期间供暖。",  # the end has no year
    ],
)
def test_date_order_okay(article):
    assert not fired(contract(article), "date-order")


# --- term-mismatch ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        ((2024, 1, 1), (2026, 12, 31), 36, 0),  # the end day counted
        ((2024, 1, 1), (2027, 1, 1), 36, 0),  # or not
        ((2024, 3, 1), (2025, 2, 28), 12, 0),
        ((2024, 1, 31), (2024, 2, 29), 1, 0),  # from a month's last day
        ((2024, 2, 29), (2025, 2, 28), 12, 0),
        ((2024, 1, 1), (2024, 1, 30), 0, 30),
        ((2024, 1, 1), (2024, 1, 31), 0, 30),
        ((2024, 1, 1), (2026, 12, 30), 36, 0),  # one day either way
        ((2024, 1, 1), (2027, 1, 2), 36, 0),
    ],
)
def test_term_fits(start, end, months, days):
    assert term_fits(dt.date(*start), dt.date(*end), months, days)


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        ((2024, 1, 1), (2024, 12, 31), 6, 0),
        ((2024, 1, 1), (2027, 1, 3), 36, 0),
        ((2024, 1, 1), (2026, 12, 29), 36, 0),
        ((2024, 1, 1), (2024, 2, 15), 0, 30),
    ],
)
def test_term_does_not_fit(start, end, months, days):
    assert not term_fits(dt.date(*start), dt.date(*end), months, days)


@pytest.mark.parametrize(
    "article",
    [
        "租赁期限自2024年1月1日起至2024年12月31日止，共计6个月。",
        "服务期限为三年，自2024年1月1日至2027年1月3日。",
        "本合同有效期为一年，即从2024年1月1日起至2025年6月30日止。",
        "租赁期限自2024年1月1日至2024年2月15日，共计30天。",
    ],
)
def test_term_mismatch_hits(article):
    found = fired(contract(article), "term-mismatch")
    assert len(found) == 1 and "does not match the dates" in found[0].message


@pytest.mark.parametrize(
    "article",
    [
        "租赁期限自2024年3月1日至2025年2月28日止，共计12个月。",
        "租赁期限自2024年1月1日起至2026年12月31日止，共计3年。",
        "服务期限为三年，自2024年1月1日至2027年1月1日。",
        "为期半年，自2024年1月1日至2024年6月30日。",
        "期限为一年半，自2024年1月1日至2025年6月30日。",
        "租赁期限：2024/1/1至2024/12/31，共12个月。",
        # the lengths of other periods, or dates of something else in the same sentence
        "合同期限自2024年1月1日至2024年12月31日，其中试用期为2个月。",
        "保密期限为2年，自2024年1月1日至2024年12月31日。",
        "合同期限为3年，首期租金支付期间为2024年1月1日至2024年3月31日。",
        "租期自2024年1月1日至2025年1月31日，共计13个月（含免租期1个月）。",
    ],
)
def test_term_mismatch_okay(article):
    assert not fired(contract(article), "term-mismatch")


def test_term_mismatch_leaves_a_reversed_range_to_date_order():
    text = contract("租赁期限自2024年1月1日起至2023年12月31日止，共计12个月。")
    assert fired(text, "date-order") and not fired(text, "term-mismatch")


# --- dangling-reference -----------------------------------------------------------------------------------


def test_dangling_reference_past_the_end_says_truncated():
    found = fired(
        contract("乙方提供服务。", "乙方违反本合同第十七条约定的，应承担违约责任。"), "dangling-reference"
    )
    assert len(found) == 1
    assert found[0].message.startswith("本合同第十七条 is referred to in 第二条")
    assert "truncated" in found[0].message and "第二条" in found[0].message


def test_dangling_reference_inside_the_numbering():
    text = HEAD + "第一条 乙方提供服务。\n第二条 见第三条。\n第四条 其他。\n第五条 生效。\n" + SIGN
    found = fired(text, "dangling-reference")
    assert [f.line for f in found] == [5] and "truncated" not in found[0].message


@pytest.mark.parametrize(
    "article",
    [
        "乙方违反本合同第一条约定的，应承担违约责任。",
        "违约责任依照《中华人民共和国民法典》第五百八十五条处理。",
        "违约责任依照《民法典》第五百八十五条、第五百八十六条处理。",
        "依照《中华人民共和国合同法》第52条，本合同无效。",
        "加班工资按劳动法第四十四条支付。",
        "依据民法典第五百八十五条处理。",
        "保证范围以主合同第五条约定为准。",
        "验收按照GB 50300-2013第5章的规定。",
        "本款对应通用条款第十五条的约定。",
        "乙方违反第一条第二款的，甲方可以解除。",
        "见本合同第一条、第二条。",
    ],
)
def test_dangling_reference_okay(article):
    assert not fired(contract("乙方提供服务。", article), "dangling-reference")


def test_an_article_a_page_ran_into_a_line_is_there():
    # a scrape that lost its line breaks: 第二条 after a full stop or a space is the article, not a reference
    text = (
        HEAD
        + "第一条 乙方提供服务，见第二条、第三条。第二条合同期限 一年。费用暂定 第三条、价款 19000元。\n"
        + SIGN
    )
    assert not fired(text, "dangling-reference")
    assert fired(HEAD + "第一条 乙方提供服务，见第二条。\n" + SIGN, "dangling-reference")


def test_no_articles_of_that_kind_is_ambiguous():
    text = HEAD + "一、服务内容\n乙方提供服务，详见第三条。\n二、费用\n费用按月支付。\n" + SIGN
    assert not fired(text, "dangling-reference")


def test_amending_agreement_refers_to_the_original():
    text = (
        "房屋租赁合同补充协议\n甲方：杭州云帆科技有限公司\n乙方：宁波甬达电子商务有限公司\n"
        "第一条 双方同意将第十七条修改为：租金每月5000元。\n第二条 本协议自签订之日起生效。\n" + SIGN
    )
    assert not fired(text, "dangling-reference")


def test_dangling_clause():
    text = (
        HEAD + "第一章 总则\n1.1 乙方提供服务。\n1.2 见第1.5条。\n1.3 见第3.2条。\n"
        "第二章 费用\n2.1 费用按月支付，见第2.1条、第1.3条。\n" + SIGN
    )
    found = fired(text, "dangling-reference")
    assert [(f.line, "truncated" in f.message) for f in found] == [(6, False), (7, True)]


def test_dangling_appendix():
    tail = "附件一：服务清单\n内容\n附件二：报价单\n内容\n"
    found = fired(contract("乙方提供服务，见附件三。", "费用按月支付。", tail=tail), "dangling-reference")
    assert len(found) == 1 and "附件三" in found[0].message and "附件一、附件二" in found[0].message
    assert not fired(contract("乙方提供服务，见附件二。", "费用按月支付。", tail=tail), "dangling-reference")
    # no appendix section at all: the attachments may be separate files
    assert not fired(contract("乙方提供服务，见附件三。", "费用按月支付。"), "dangling-reference")


# --- conflicting-choice -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "quoted"),
    [
        ("争议解决：☑仲裁 ☑诉讼", ("☑仲裁", "☑诉讼")),
        ("付款方式：☑一次性支付 ☑分期支付", ("☑一次性支付", "☑分期支付")),
        ("是否同意转租：是☑      否☑", ("是☑", "否☑")),
        ("付款方式（单选）：☑押一付三 ☑押一付一", ("☑押一付三", "☑押一付一")),
        (
            "该房屋抵押情况：☑ 未设定抵押　☑ 已设定抵押，抵押权人为中国建设银行",
            ("☑未设定抵押", "☑已设定抵押"),
        ),
        ("乙方□√可以 □√不可以饲养宠物。", ("□√可以", "□√不可以")),
    ],
)
def test_conflicting_choice_hits(article, quoted):
    found = fired(contract(article), "conflicting-choice")
    assert len(found) == 1
    for q in quoted:
        assert q in found[0].message


@pytest.mark.parametrize(
    "article",
    [
        "争议解决：☑仲裁 □诉讼",
        "支付渠道（可多选）：☑银行转账 ☑支付宝 □现金",
        "配套设施：☑有线电视 ☑无线网络 □空调",  # 有线/无线 are not 有/无
        "网络接入：☑有线 ☑无线",
        "资产类型：☑有形资产 ☑无形资产",
        "培训时间：☑甲方预约 □乙方安排；教练员：□甲方选择 ☑乙方安排",
        "付款方式（在□内打√）：□ 押一付三　☑ 押一付一　□ 半年一付",
        "设备款：☑一次性支付；服务费：☑分期支付",  # two questions
    ],
)
def test_conflicting_choice_okay(article):
    assert not fired(contract(article), "conflicting-choice")


# --- a whole contract -------------------------------------------------------------------------------------

FILLED = """房屋租赁合同
出租方（甲方）：杭州云帆科技有限公司
承租方（乙方）：宁波甬达电子商务有限公司
根据《中华人民共和国民法典》及有关法律法规的规定，甲乙双方经协商一致，订立本合同。
第一条 房屋基本情况
甲方将坐落于杭州市西湖区文三路1号的房屋出租给乙方使用，房屋现状见附件一《房屋交割清单》。
第二条 租赁期限
租赁期限自2024年3月1日起至2026年2月28日止，共计24个月。
装修免租期为2024年3月1日至2024年3月31日，共计31天。
第三条 租金及押金
月租金为人民币伍仟伍佰元整（¥5,500.00），租赁期内租金总计人民币壹拾叁万贰仟元整（¥132,000.00）。
押金为人民币11000元（大写：壹万壹仟元整），于2024年3月1日前支付。
租金支付方式：□ 押一付三　☑ 押一付一　□ 半年一付　□ 年付
租金支付渠道（可多选）：☑ 银行转账　☑ 支付宝　□ 现金
第四条 房屋的交付
甲方应于2024年3月1日前将房屋交付乙方，双方按附件一签署交割清单。
第五条 违约责任
乙方逾期支付租金的，每逾期一日按月租金的1%支付违约金；乙方违反本合同第三条约定的，甲方可以依照《民法典》第七百二十二条解除本合同。
甲方违反第四条约定的，应按本合同第五条第一款的约定承担责任。
第六条 争议解决
双方因本合同发生争议的，协商不成，按下列方式解决：□ 提交杭州仲裁委员会仲裁　☑ 向房屋所在地人民法院起诉。
第七条 其他
本合同一式两份，双方各执一份，附件一、附件二为本合同组成部分。
甲方（盖章）：杭州云帆科技有限公司
乙方（盖章）：宁波甬达电子商务有限公司
签订日期：2024年2月20日
附件一：房屋交割清单
水表读数：125
附件二：甲乙双方身份证明复印件
"""


def test_filled_consistent_contract_has_no_consistency_findings():
    result = run_text(FILLED)
    assert result.title == "房屋租赁合同"
    assert not [f for f in result.findings if f.rule in CONSISTENCY], [
        f.message for f in result.findings if f.rule in CONSISTENCY
    ]


def test_filled_contract_with_each_fault():
    broken = (
        FILLED.replace("（¥5,500.00）", "（¥5,000.00）")
        .replace(
            "自2024年3月1日起至2026年2月28日止，共计24个月", "自2024年3月1日起至2026年2月28日止，共计12个月"
        )
        .replace("为2024年3月1日至2024年3月31日", "为2024年3月1日至2023年3月31日")
        .replace("本合同第三条约定", "本合同第九条约定")
        .replace("□ 提交杭州仲裁委员会仲裁", "☑ 提交杭州仲裁委员会仲裁")
        .replace("按附件一签署", "按附件三签署")
    )
    found = [(f.rule, f.line) for f in run_text(broken).findings if f.rule in CONSISTENCY]
    assert found == [
        ("term-mismatch", 8),
        ("date-order", 9),
        ("amount-mismatch", 11),
        ("dangling-reference", 16),
        ("dangling-reference", 18),
        ("conflicting-choice", 21),
    ], found


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_samples_are_consistent(path):
    from extractor import check

    assert not [f.message for f in check(path).findings if f.rule in CONSISTENCY]


# --- invalid-date -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "words"),
    [
        ("租赁期限自2024年2月30日起至2025年2月28日止。", ("2024年2月30日", "2024年2月", "29")),
        ("乙方应于2023年2月29日前付款。", ("2023年2月29日", "28")),
        ("乙方应于2024年13月1日前付款。", ("2024年13月1日", "no month 13")),
        ("乙方应于2024年4月31日前付款。", ("2024年4月31日", "30")),
        ("乙方应于二〇二四年二月三十日前付款。", ("二〇二四年二月三十日",)),
        ("乙方应于2024-02-30前付款。", ("2024-02-30",)),
        ("乙方应于 __2024__ 年 __6__ 月 __31__ 日前付款。", ("2024年6月31日",)),
        ("乙方应于6月31日前付款。", ("6月31日", "30")),
        ("乙方应于2月30日前付款。", ("2月30日", "29")),
        ("本合同自2024年13月起生效。", ("2024年13月", "no month 13")),
    ],
)
def test_invalid_date_hits(article, words):
    found = fired(contract(article), "invalid-date")
    assert len(found) == 1, [f.message for f in found]
    assert all(w in found[0].message for w in words), found[0].message
    assert found[0].severity == "error" and found[0].clause == "1"


@pytest.mark.parametrize(
    "article",
    [
        "乙方应于2024年2月29日前付款。",  # a leap year
        "乙方应于每年2月29日前付款。",  # no year: it may be a leap year
        "乙方应于2024年12月31日前付款，逾期30日的，甲方可以解除。",
        "依照第13.2条，于2024.1.31前付款。",
        "版本号2024.13.5。",  # separated, month 13: perhaps no date
        "租期3个月30日。",
        "乙方应于每月30日前支付当月租金。",
        "乙方应于____年____月____日前付款。",
        "本合同于1000年13月1日签订。",  # a year out of range: not read as a date
    ],
)
def test_invalid_date_okay(article):
    assert not fired(contract(article), "invalid-date")


def test_invalid_date_leaves_date_order_alone():
    text = contract("租赁期限自2024年1月1日起至2023年12月31日止。")
    assert fired(text, "date-order") and not fired(text, "invalid-date")


# --- party-name-mismatch ----------------------------------------------------------------------------------


def signed(
    a: str, b: str, head_a: str = "杭州云帆科技有限公司", head_b: str = "宁波甬达电子商务有限公司"
) -> str:
    return (
        f"服务协议\n甲方：{head_a}\n乙方：{head_b}\n第一条 乙方提供技术服务。\n第二条 费用按月支付。\n"
        f"甲方（盖章）：{a}\n乙方（盖章）：{b}\n签订日期：2024年3月1日\n"
    )


def test_party_name_mismatch_names_both():
    found = fired(signed("杭州云帆信息技术有限公司", "宁波甬达电子商务有限公司"), "party-name-mismatch")
    assert len(found) == 1 and found[0].line == 6 and found[0].severity == "error"
    assert "杭州云帆科技有限公司" in found[0].message and "杭州云帆信息技术有限公司" in found[0].message


def test_a_different_legal_form_is_a_different_name():
    text = signed("杭州云帆科技有限责任公司", "宁波甬达电子商务有限公司")
    assert len(fired(text, "party-name-mismatch")) == 1


def test_swapped_parties_are_one_finding():
    found = fired(signed("宁波甬达电子商务有限公司", "杭州云帆科技有限公司"), "party-name-mismatch")
    assert len(found) == 1 and "swaps 甲方 and 乙方" in found[0].message, [f.message for f in found]


def test_the_other_partys_name_under_a_role():
    found = fired(signed("宁波甬达电子商务有限公司", ""), "party-name-mismatch")
    assert len(found) == 1 and "the header names 乙方" in found[0].message, [f.message for f in found]


@pytest.mark.parametrize(
    ("a", "b", "head_a"),
    [
        ("杭州云帆科技有限公司", "宁波甬达电子商务有限公司", "杭州云帆科技有限公司"),
        ("杭州 云帆 科技有限公司", "宁波甬达电子商务有限公司", "杭州云帆科技有限公司"),  # spaces
        ("云帆（杭州）科技有限公司", "宁波甬达电子商务有限公司", "云帆(杭州)科技有限公司"),  # full/half width
        ("", "", "杭州云帆科技有限公司"),  # empty: B203's
        ("××有限公司", "宁波甬达电子商务有限公司", "杭州云帆科技有限公司"),  # a placeholder
        ("李四", "宁波甬达电子商务有限公司", "杭州云帆科技有限公司"),  # its representative signs
        ("云帆公司", "宁波甬达电子商务有限公司", "杭州云帆科技有限公司（以下简称“云帆公司”）"),  # declared
    ],
)
def test_party_name_mismatch_okay(a, b, head_a):
    assert not fired(signed(a, b, head_a=head_a), "party-name-mismatch")


def test_people_are_compared_with_people():
    text = signed("杭州云帆科技有限公司", "王五", head_b="张三")
    found = fired(text, "party-name-mismatch")
    assert len(found) == 1 and "张三" in found[0].message and "王五" in found[0].message


def test_an_undeclared_short_name_is_reported():
    assert len(fired(signed("云帆公司", "宁波甬达电子商务有限公司"), "party-name-mismatch")) == 1


def test_named_roles_with_their_ordinal():
    text = (
        "房屋租赁合同\n出租方（甲方）：杭州云帆科技有限公司\n承租方（乙方）：宁波甬达电子商务有限公司\n"
        "第一条 甲方将房屋出租给乙方。\n出租方（盖章）：杭州云帆科技有限公司\n承租方（盖章）：宁波甬达电商有限公司\n"
    )
    found = fired(text, "party-name-mismatch")
    assert len(found) == 1 and "宁波甬达电商有限公司" in found[0].message


# --- missing-attachment -----------------------------------------------------------------------------------

LIST = "附件一：房屋交割清单\n附件二：房屋交还确认书\n附件三：补充协议\n"
APP1 = "附件一：房屋交割清单\n水表读数：125\n"
APP2 = "附件二：房屋交还确认书\n交还日期：2025年2月28日\n"


def with_appendices(*articles: str, listing: str = LIST, tail: str = APP1 + APP2) -> str:
    body = contract(*articles, "本合同附件如下：")
    head, sign = body.split("甲方（盖章）", 1)
    return head + listing + "甲方（盖章）" + sign + tail


def test_missing_attachment_from_the_list():
    text = with_appendices("乙方租用甲方房屋。")
    found = fired(text, "missing-attachment")
    assert len(found) == 1 and "附件三" in found[0].message and found[0].severity == "warning"
    assert not fired(text, "dangling-reference")


def test_a_listed_appendix_referred_to_and_missing_is_reported_once():
    text = with_appendices("乙方租用甲方房屋，补充约定见附件三。")
    assert len(fired(text, "missing-attachment")) == 1
    assert not fired(text, "dangling-reference")  # 附件三 is listed: the reference is right, the file short


def test_an_unlisted_appendix_number_is_dangling_not_missing():
    text = with_appendices("乙方租用甲方房屋，补充约定见附件五。")
    found = {
        (f.rule, "附件五" in f.message)
        for f in run_text(text).findings
        if f.rule in ("missing-attachment", "dangling-reference")
    }
    # 附件三 of the list is missing; 附件五 is named nowhere else
    assert found == {("missing-attachment", False), ("dangling-reference", True)}


def test_missing_attachment_by_title():
    text = with_appendices("房屋现状见本合同附件《房屋设施清单》。", listing="", tail=APP1)
    found = fired(text, "missing-attachment")
    assert len(found) == 1 and "房屋设施清单" in found[0].message and found[0].clause == "1"


def test_missing_attachment_from_a_numbered_list():
    listing = "1.房屋交割清单\n2.房屋交还确认书\n3.乙方营业执照复印件\n"
    tail = "附件\n房 屋 交 割 清 单\n水表读数：125\n"
    found = fired(with_appendices("乙方租用甲方房屋。", listing=listing, tail=tail), "missing-attachment")
    assert [f.message.split("'")[1] for f in found] == ["2.房屋交还确认书"]  # not the copy of a licence


@pytest.mark.parametrize(
    ("articles", "listing", "tail"),
    [
        (("乙方租用甲方房屋。",), LIST, APP1 + APP2 + "附件三：补充协议\n双方另行约定。\n"),
        (("乙方租用甲方房屋。",), LIST, ""),  # no appendix in the file: they may be separate files
        (("房屋现状见本合同附件《房屋交割清单》。",), "", APP1),
        (("房屋现状见本合同附件《房屋交割清单》。",), "", ""),
        (("乙方租用甲方房屋。",), "1.房屋交割清单\n2.\n3.____\n", "附件\n房屋交割清单\n"),  # blank items
        (
            ("乙方租用甲方房屋。",),
            "1.房屋交割清单（见后）\n",
            "附件\n房屋交割清单\n",
        ),  # a note after the title
    ],
)
def test_missing_attachment_okay(articles, listing, tail):
    assert not fired(with_appendices(*articles, listing=listing, tail=tail), "missing-attachment")


def test_appendices_said_to_follow_are_looked_for_without_any():
    text = contract("乙方租用甲方房屋，房屋现状见附件《房屋交割清单》（附后）。")
    assert len(fired(text, "missing-attachment")) == 1


# --- line-item-sum ----------------------------------------------------------------------------------------

TABLE_HEAD = "采购合同\n甲方：杭州云帆科技有限公司\n乙方：宁波甬达电子商务有限公司\n第一条 供货清单如下：\n"
TABLE_SIGN = "第二条 其他。\n甲方（盖章）：\n乙方（盖章）：\n"


def table(*rows: str, after: str = "") -> str:
    head = "序号\t货物名称\t数量\t单价（元）\t金额（元）\n"
    return TABLE_HEAD + head + "".join(r.replace("|", "\t") + "\n" for r in rows) + after + TABLE_SIGN


def test_line_item_sum_tab_separated_line_and_total():
    text = table("1|台式计算机|60|4500.00|270000.00", "2|投影机|2|8000.00|18000.00", "合计||||278000.00")
    found = fired(text, "line-item-sum")
    assert len(found) == 2, [f.message for f in found]
    line, total = found
    assert "'投影机'" in line.message and "= 16000" in line.message and "18000.00" in line.message
    assert line.line == 7 and line.clause == "1"
    assert "add up to 288000" in total.message and "278000.00" in total.message and total.line == 8


def test_line_item_sum_total_under_the_table_in_words_and_figures():
    after = "合计金额：人民币贰拾柒万捌仟元整（¥278,000.00）\n"
    text = table("1|台式计算机|60|4500.00|270000.00", "2|投影机|1|8000.00|8000.00", after=after)
    assert not fired(text, "line-item-sum")
    text = table(
        "1|台式计算机|60|4500.00|270000.00",
        "2|投影机|1|8000.00|8000.00",
        after=after.replace("278,000", "287,000"),
    )
    found = fired(text, "line-item-sum")
    assert len(found) == 1 and "¥287,000.00" in found[0].message


def test_line_item_sum_word_table():
    from extractor.api import analyse
    from extractor.model import Document, Line

    grid = [
        ["序号", "名称", "数量", "单价（元）", "总价（万元）"],
        ["1", "服务器", "4", "25000", "10"],
        ["2", "存储", "2", "30000", "5"],
        ["合计", "", "", "", "16"],
    ]
    lines = [Line(1, "采购合同"), Line(2, "甲方：杭州云帆科技有限公司"), Line(3, "第一条 供货清单：")]
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            lines.append(Line(len(lines) + 1, text, cell=(0, r, c)))
    lines += [Line(len(lines) + 1, "第二条 其他。"), Line(len(lines) + 2, "甲方（盖章）：")]
    result = analyse(Document(lines=lines, format="docx"), b"x", "a.docx")
    found = [f for f in result.findings if f.rule == "line-item-sum"]
    # 2 × 30000 = 60000 = 6 万元, not 5; the lines add up to 15 万元, not 16
    assert len(found) == 2, [f.message for f in found]
    assert "'存储'" in found[0].message and "= 6 万元" in found[0].message
    assert "add up to 15 万元" in found[1].message and "is 16" in found[1].message


@pytest.mark.parametrize(
    "rows",
    [
        # rounding: a unit price shown to the fen, an amount to the yuan
        ("1|网线|3|33.33|100.00", "2|水晶头|100|0.35|35", "合计||||135.00"),
        # a subtotal row: no simple sum (the lines are still checked)
        (
            "1|台式计算机|60|4500.00|270000.00",
            "小计||||270000.00",
            "2|投影机|1|8000.00|8000.00",
            "合计||||278000.00",
        ),
        # a template: nothing filled
        ("1|台式计算机|60||", "2|投影机|1||", "合计||||"),
        # an amount not written as a number: the lines are not added up
        ("1|台式计算机|60|4500.00|270000.00", "2|安装|1|另计|另计", "合计||||270000.00"),
        # one line: its total is the line itself
        ("1|台式计算机|60|4500.00|270000.00", "合计||||270000.00"),
    ],
)
def test_line_item_sum_okay(rows):
    assert not fired(table(*rows), "line-item-sum")


def test_line_item_sum_space_aligned():
    rows = (
        "序号  货物名称    数量  单价（元）  金额（元）\n"
        "1     台式计算机  60    4500.00     270000.00\n"
        "2     投影机      1     8000.00     8000.00\n"
        "合计                                278000.00\n"
    )
    assert not fired(TABLE_HEAD + rows + TABLE_SIGN, "line-item-sum")
    assert len(fired(TABLE_HEAD + rows.replace("278000.00", "287000.00") + TABLE_SIGN, "line-item-sum")) == 1


# --- instalment-sum ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("articles", "words"),
    [
        (
            (
                "合同总价为人民币200,000元。",
                "付款方式：首付款为合同总价的30%；第二期为合同总价的50%；尾款为合同总价的30%。",
            ),
            ("110%", "30% + 50% + 30%"),
        ),
        (
            (
                "合同总价为人民币200,000元，分三期支付：首付款人民币60,000元；第二期人民币100,000元；"
                "尾款人民币60,000元。",
            ),
            ("220000", "200000"),
        ),
        (
            ("服务费分三期支付：首期支付服务费的30%；第二期支付服务费的50%；第三期支付服务费的10%。",),
            ("90%",),  # 分三期, three listed: the list is whole
        ),
        (
            (
                "合同总价为人民币200,000元。",
                "首付款：支付合同总价的30%，即人民币80,000元；尾款：支付合同总价的70%。",
            ),
            ("30%", "60000", "80,000元"),
        ),
        (
            ("付款方式：首付款为合同总价的百分之三十；尾款为合同总价的百分之八十。",),
            ("110%",),
        ),
    ],
)
def test_instalment_sum_hits(articles, words):
    found = fired(contract(*articles), "instalment-sum")
    assert len(found) == 1, [f.message for f in found]
    assert all(w in found[0].message for w in words), found[0].message
    assert found[0].severity == "error"


def test_instalments_under_a_clause():
    text = contract(
        "合同总价为人民币200,000元。",
        "付款方式：",
        tail="",
    ).replace(
        "第二条 付款方式：\n",
        "第二条 付款方式：\n1. 首付款：合同签订后支付合同总价的30%；\n2. 进度款：到货后支付合同总价的60%；\n"
        "3. 尾款：验收合格后支付合同总价的30%。\n",
    )
    found = fired(text, "instalment-sum")
    assert len(found) == 1 and found[0].line == 8 and "120%" in found[0].message


@pytest.mark.parametrize(
    "articles",
    [
        # right
        (
            "合同总价为人民币200,000元。",
            "付款方式：首付款为合同总价的30%，即60,000元；尾款为合同总价的70%，即140,000元。",
        ),
        # shares short of 100% without a count: the rest may be paid under another clause
        (
            "付款方式：首付款为合同总价的30%；第二期为合同总价的60%。",
            "质保金为合同总价的10%，质保期满后付清。",
        ),
        # cumulative
        ("合同签订后支付合同总价的30%作为预付款；验收合格后支付至合同总价的100%，付清余款。",),
        # an invoice share beside the payment share
        (
            "首付款：供方开具合同总价30%的增值税发票，需方收到发票后支付合同总价的30%；尾款：验收合格后支付合同总价的70%。",
        ),
        # a share of something else
        ("预付款为合同总价的30%；进度款按已完成工程量的80%支付；尾款于竣工结算后付清。",),
        # a payment line without its share
        ("首付款为合同总价的30%；余款于验收合格后支付。",),
        # a choice of ways to pay
        ("付款方式：☑ 一次性支付　□ 分期支付：首付款为合同总价的30%，尾款为合同总价的80%。",),
        # a default in the same clause
        ("首付款为合同总价的60%；尾款为合同总价的40%；逾期支付的，按未付款的0.05%每日支付违约金。",),
        # no instalments: a rate and a penalty
        ("乙方逾期交货的，每逾期一日按合同总价的0.5%支付违约金，违约金总额不超过合同总价的10%。",),
        # shares of 100% in two instalments, amounts with no total stated
        ("首付款为合同总价的50%，即50,000元；尾款为合同总价的50%，即50,000元。",),
    ],
)
def test_instalment_sum_okay(articles):
    assert not fired(contract(*articles), "instalment-sum"), [
        f.message for f in fired(contract(*articles), "instalment-sum")
    ]


@pytest.mark.parametrize(
    "articles",
    [
        # a deposit and the first rent are no instalments of the year's rent
        ("年租金合计：人民币60,000元；押金人民币10,000元于签约时支付；首期租金人民币60,000元于签约时支付。",),
        # amounts paid that the text does not call instalments
        ("合同总价为人民币100,000元。首付款人民币30,000元；验收后支付人民币80,000元。",),
        # two schedules of one article, each whole
        ("付款方式：",),
    ],
)
def test_instalment_sum_leaves_other_payments_alone(articles):
    text = contract(*articles)
    if articles == ("付款方式：",):
        text = text.replace(
            "第一条 付款方式：\n",
            "第一条 付款方式：\n（一）设备款：首付款为合同总价的30%，尾款为合同总价的70%；\n"
            "（二）服务费：首期支付服务费的50%，尾款支付服务费的50%。\n",
        )
    assert not fired(text, "instalment-sum"), [f.message for f in fired(text, "instalment-sum")]


def test_instalments_between_commas_and_one_schedule_per_line():
    text = contract(
        "合同总价为人民币200,000元，首付款为合同总价的30%，即人民币60,000元，尾款为合同总价的80%，即人民币160,000元。"
    )
    found = fired(text, "instalment-sum")
    assert len(found) == 1 and "30% + 80%" in found[0].message
    text = contract("付款方式：").replace(
        "第一条 付款方式：\n",
        "第一条 付款方式：\n（一）设备款：首付款为合同总价的30%，尾款为合同总价的70%；\n"
        "（二）服务费：首期支付服务费的50%，尾款支付服务费的60%。\n",
    )
    found = fired(text, "instalment-sum")
    assert len(found) == 1 and "50% + 60%" in found[0].message and found[0].line == 6


# --- a clean, fully filled contract -----------------------------------------------------------------------

CLEAN = Path(__file__).resolve().parent / "fixtures" / "filled-purchase.txt"


def test_clean_filled_contract_passes_every_rule():
    from extractor import check

    result = check(CLEAN)
    assert result.state() == "filled"
    assert [f.message for f in result.findings] == []


def test_clean_filled_contract_with_each_new_fault():
    clean = CLEAN.read_text(encoding="utf-8")
    faults = {
        "instalment-sum": ("即人民币120,000元", "即人民币100,000元"),
        "line-item-sum": ("2\t投影机\t2\t8000.00\t16000.00", "2\t投影机\t2\t8000.00\t18000.00"),
        "missing-attachment": ("附件二：交货验收单\n交货日期：2024年4月28日\n验收结论：合格\n", ""),
        "party-name-mismatch": ("乙方（盖章）：甬达公司", "乙方（盖章）：宁波甬达电子商务有限责任公司"),
        "invalid-date": ("2024年4月30日前", "2024年4月31日前"),
    }
    for slug, (old, new) in faults.items():
        assert old in clean, slug
        found = {f.rule for f in run_text(clean.replace(old, new)).findings}
        assert found & CONSISTENCY == {slug}, (slug, found)


# --- the same faults in a .docx and a PDF ------------------------------------------------------------------

FORMATS = Path(__file__).resolve().parent / "fixtures" / "consistency"  # make_consistency_fixtures.py


@pytest.mark.parametrize("ext", ["docx", "pdf"])
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("clean", None),
        ("instalment-sum", "100,000"),
        ("line-item-sum", "18000.00"),
        ("party-name-mismatch", "宁波甬达电子商务有限责任公司"),
        ("invalid-date", "4月31日"),
        ("amount-mismatch", "210,000.00"),
        ("date-order", "2023年4月30日"),
        ("term-mismatch", "为期两年"),
        ("dangling-reference", "第十四条"),
        ("conflicting-choice", "☑ 提交杭州仲裁委员会仲裁"),
    ],
)
def test_each_fault_on_its_line_in_a_docx_and_a_pdf(name, words, ext):
    from extractor import check

    result = check(FORMATS / f"{name}.{ext}")
    text = {ln.no: ln.text for ln in result.lines}
    if words is None:  # the clean contract: not a word to say
        assert [f.message for f in result.findings] == []
        return
    found = [f for f in result.findings if f.rule == name]
    assert found, [f.message for f in result.findings]
    assert {f.rule for f in result.findings} & CONSISTENCY == {name}
    assert any(words in text[f.line] for f in found)  # the finding stands on the line with the fault


def test_a_bank_account_in_another_companys_name():
    head = (
        "服务协议\n甲方：杭州云帆科技有限公司\n户名：{}\n开户银行：中国工商银行\n账号：1202021209900012345\n"
    )
    tail = "乙方：宁波甬达电子商务有限公司\n第一条 乙方提供服务。\n"
    found = fired(head.format("杭州云帆信息技术有限公司") + tail, "party-name-mismatch")
    assert [(f.line, "杭州云帆信息技术有限公司" in f.message) for f in found] == [(3, True)]
    for ok in (
        "杭州云帆科技有限公司",
        "杭州 云帆科技有限公司",
        "张三",
    ):  # the same; a person's is another question
        assert not fired(head.format(ok) + tail, "party-name-mismatch"), ok


def test_a_time_from_signing_with_another_date():
    text = (
        "租赁合同\n甲方：杭州云帆置业有限公司\n"
        "第一条 租赁期限自本合同签订之日起，即2024年3月1日起至2025年2月28日止。\n"
        "甲方（盖章）：杭州云帆置业有限公司\n签订日期：{}\n"
    )
    found = fired(text.format("2024年3月15日"), "date-order")
    assert [(f.line, "2024年3月15日" in f.message) for f in found] == [(3, True)]
    assert not fired(text.format("2024年3月1日"), "date-order")  # the same day
    assert not fired(text.format("    年  月  日"), "date-order")  # not signed yet: nothing to compare


def test_bilingual_dates_compared_only_one_for_one():
    head = "独家购买权合同\n"
    # the English line is not right under the Chinese one, or one of them holds two dates: nothing said
    assert not fired(
        head + "本合同于2018年6月19日签订。\n第一条 总则\n\nThis Agreement is made on June 15, 2018.\n",
        "bilingual-mismatch",
    )
    two = "租期自2018年6月19日起至2019年6月18日止。\nThe term runs from June 15, 2018 to June 14, 2019.\n"
    assert not fired(head + two, "bilingual-mismatch")
    # a Chinese date with its month and day left blank is no date to compare
    assert not fired(head + "签订时间：2010年  月  日\nDate: September 6, 2010\n", "bilingual-mismatch")
    hit = fired(head + "签订日期：2021年4月15日\nDate of signing: April 16, 2021\n", "bilingual-mismatch")
    assert [(f.line, f.code) for f in hit] == [(2, "C511")]
