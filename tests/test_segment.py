"""Headings of every style, their false friends, and the tree they build."""

from __future__ import annotations

import pytest

from extractor.pattern_set import load
from extractor.segment import clean_title, match_heading

from .conftest import run_text

PS = load()


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("第一部分 合同协议书", "part", "1"),
        ("第一章定义及术语", "chapter", "1"),
        ("第十四章 文件与记录", "chapter", "14"),
        ("第一百零一章 附则", "chapter", "101"),
        ("第 3 章 服务内容", "chapter", "3"),
        ("第二节 付款", "section", "2"),
        ("第二十一条本合同自签订之日起生效", "article", "21"),
        ("1.1本协议中", "clause", "1.1"),
        ("10.1.3 任何一方", "clause", "10.1.3"),
        ("4.2.1.1 细则", "clause", "4.2.1.1"),
        ("一、合同标的", "item-cn", "1"),
        ("十二、其他", "item-cn", "12"),
        ("（一）供货范围", "item-paren-cn", "1"),
        ("1、技术服务的目标", "item-arabic", "1"),
        ("3．验收标准", "item-arabic", "3"),
        ("（2）工作条件", "item-paren-arabic", "2"),
        ("② 支票", "item-circled", "2"),
    ],
)
def test_heading_styles(text, kind, number):
    hm = match_heading(text, PS)
    assert hm is not None and (hm.kind, hm.number) == (kind, number)


@pytest.mark.parametrize(
    "text",
    [
        "第三方支付平台",
        "1.5倍的违约金",
        "2024.3.5前",
        "3.5%的利息",
        "10%的违约金",
        "第三条约定的付款方式",
        "一方违约的",
        "2024年3月1日",
        "（以下简称甲方）",
    ],
)
def test_false_friends(text):
    assert match_heading(text, PS) is None


def test_letter_spaced_title():
    assert clean_title("保 密 协 议") == "保密协议"
    assert run_text("保 密 协 议\n第一条 保密信息。\n").title == "保密协议"


def test_wrapped_line_is_not_an_item():
    text = "服务协议\n第一条 乙方应于收到通知后按照本合同的约定向甲方支付相当于合同总额的\n2、3倍的赔偿金。\n第二条 其他。\n"
    r = run_text(text)
    article = r.outline[1]
    assert [c.kind for c in article.children] == []
    assert "2、3倍" in article.text


def test_parts_hold_articles():
    r = run_text(
        "建设工程施工合同\n第一部分 合同协议书\n第一条 工程概况。\n第二条 合同工期。\n"
        "第二部分 通用条款\n第三条 一般约定。\n甲方（盖章）：\n"
    )
    parts = [n for n in r.outline if n.kind == "part"]
    assert [[c.number for c in p.children] for p in parts] == [["1", "2"], ["3"]]


def test_clause_nests_by_number_under_item():
    r = run_text("服务协议\n1. 定义\n1.1 本协议。\n1.2 服务。\n2. 费用\n2.1 费用按月支付。\n")
    items = [n for n in r.outline if n.kind == "item-arabic"]
    assert [[c.number for c in n.children] for n in items] == [["1.1", "1.2"], ["2.1"]]


def test_cover_instructions_and_repeated_title():
    text = (
        "技术服务合同\n项目名称：____\n填写说明\n一、本合同为示范文本。\n二、空白处应填写。\n"
        "技术服务合同\n甲方：杭州某某科技有限公司\n第一条 服务内容。\n第二条 费用。\n甲方（盖章）：\n"
    )
    r = run_text(text)
    assert [n.kind for n in r.outline] == [
        "cover",
        "instructions",
        "title",
        "preamble",
        "article",
        "article",
        "signature",
    ]
    assert r.title == "技术服务合同"
    assert not [f for f in r.findings if f.rule in ("missing-chapter", "duplicate-heading")]


def test_instructions_after_title():
    text = (
        "采购合同\n填写说明\n一、本合同为参考文本。\n二、不需要填写的应当划“/”。\n需方（甲方）：某某中学\n"
        "一、合同标的\n（一）货物。\n二、合同金额\n（一）总价。\n需方（盖章）：\n"
    )
    r = run_text(text)
    kinds = [n.kind for n in r.outline]
    assert kinds[:4] == ["title", "instructions", "preamble", "item-cn"]
    assert [p.role for p in r.parties] == ["甲方"]


def test_signature_side_by_side_and_appendix():
    text = (
        "买卖合同\n甲方：张三\n乙方：李四\n第一条 标的。\n第二条 价款。\n"
        "甲方（签字）：张三　　　　　　乙方（签字）：\n日期：2024年3月1日　　　　日期：　　年　　月　　日\n"
        "附件一：清单\n1. 电脑一台。\n"
    )
    r = run_text(text)
    kinds = [n.kind for n in r.outline]
    assert kinds == ["title", "preamble", "article", "article", "signature", "appendix"]
    b = {p.role: p for p in r.parties}
    signed = [f for f in b["乙方"].fields if f.block == "signature"]
    assert [(f.label, f.status) for f in signed] == [("日期", "empty")]


def test_whole_contract_in_one_table():
    from extractor.api import analyse
    from extractor.model import Document, Line

    rows = [
        "委托合同",
        "甲方：杭州云帆科技有限公司",
        "乙方：宁波甬达电子商务有限公司",
        "第一条 委托事项。",
        "第二条 报酬为____元。",
        "第三条 争议解决。",
        "甲方（盖章）：",
        "乙方（盖章）：",
    ]
    lines = [Line(i + 1, t, cell=(0, i, 0)) for i, t in enumerate(rows)]
    r = analyse(Document(lines=lines, format="docx"), b"x", "t.docx")
    assert r.title == "委托合同"
    assert [n.number for n in r.outline if n.kind == "article"] == ["1", "2", "3"]
    assert [p.name for p in r.parties] == ["杭州云帆科技有限公司", "宁波甬达电子商务有限公司"]
    assert r.outline[-1].kind == "signature"


def test_recitals_stay_in_the_preamble():
    r = run_text(
        "保密协议\n甲方：某公司\n鉴于：\n1. 乙方受聘于甲方；\n2. 双方签订本协议。\n第1条 范围。\n第2条 义务。\n"
    )
    assert [n.kind for n in r.outline] == ["title", "preamble", "article", "article"]
    assert "乙方受聘于甲方" in r.outline[1].text


def test_approval_sheet_before_the_contract_is_not_the_contract():
    text = (
        "合同审批单\n经办部门：采购部\n经办人：王五\n审批意见：同意\n1. 法务部意见：同意\n2. 财务部意见：同意\n"
        "设备采购合同\n甲方：某某中学\n乙方：某某公司\n第一条 标的。\n第二条 价款。\n甲方（盖章）：\n"
    )
    r = run_text(text)
    assert r.title == "设备采购合同"
    assert [n.kind for n in r.outline] == ["cover", "title", "preamble", "article", "article", "signature"]
    assert [p.role for p in r.parties] == ["甲方", "乙方"]
    assert not [f for f in r.findings if f.rule in ("missing-chapter", "duplicate-heading", "missing-item")]


def test_cn_items_heading_dotted_clauses():
    r = run_text(
        "采购合同\n甲方：某公司\n一、合同标的\n1.1 供应设备。\n1.2 清单见附件。\n二、价款\n2.1 总价为____元。\n"
        "2.2 付款方式：\n（1）预付；\n（2）尾款。\n三、其他\n3.1 一式两份。\n甲方（盖章）：\n"
    )
    items = [n for n in r.outline if n.kind == "item-cn"]
    assert [[c.number for c in n.children] for n in items] == [["1.1", "1.2"], ["2.1", "2.2"], ["3.1"]]
    assert [(f.rule, f.clause) for f in r.findings] == [
        ("empty-blank", "2.1"),
        ("empty-signature-place", None),
    ]


def shape(nodes, depth=0):
    out = []
    for n in nodes:
        if n.kind in ("title", "preamble", "signature"):
            continue
        out.append("  " * depth + (n.label or n.kind))
        out.extend(shape(n.children, depth + 1))
    return out


@pytest.mark.parametrize(
    "text",
    [
        # the recital sentence itself says the agreement follows
        "合作协议\n甲方：甲公司\n鉴于甲方是一家公司，双方达成如下协议：\n一、合作内容\n（一）共建中心。\n二、其他\n",
        # recitals numbered （一）（二）, the body 一、
        "合作协议\n甲方：甲公司\n鉴于：\n（一）甲方是一家公司；\n（二）乙方是一家公司。\n一、合作内容\n（一）共建中心。\n二、其他\n",
    ],
)
def test_recitals_end_where_the_body_begins(text):
    r = run_text(text)
    assert shape(r.outline) == ["一、", "  （一）", "二、"]
    assert "甲方是一家公司" in r.outline[1].text


def test_recitals_closed_by_the_agreement_sentence_with_the_same_numbering():
    r = run_text(
        "合作协议\n甲方：甲公司\n鉴于：\n1．甲方是一家公司；\n2．乙方是一家公司。\n双方经友好协商，达成如下协议：\n"
        "1．合作内容\n1.1 共建中心。\n2．其他\n2.1 一式两份。\n"
    )
    assert shape(r.outline) == ["1．", "  1.1", "2．", "  2.1"]


def test_cn_items_titling_groups_of_articles_stand_above_them():
    r = run_text(
        "劳动合同\n甲方：甲公司\n乙方：张三\n一、劳动合同期限\n第一条　双方约定合同期限三年。\n1、固定期限。\n2、无固定期限。\n"
        "二、工作内容\n第二条　乙方岗位为工程师。\n第三条　工作地点为杭州。\n三、其他\n第四条　本合同一式两份。\n"
    )
    assert shape(r.outline) == [
        "一、", "  第一条", "    1、", "    2、", "二、", "  第二条", "  第三条", "三、", "  第四条",
    ]  # fmt: skip
    assert not [f for f in r.findings if f.rule.startswith(("missing-c", "numbering", "duplicate"))]


def test_item_heads_with_short_titles_and_their_followers():
    # 2. 发包人 after the title-only clause 1.1 词语定义 is the next head, not a wrapped line; 4. 期限 with
    # no dotted clauses of its own continues the heads 1. 2. 3.
    r = run_text(
        "合同\n甲方：甲\n1. 一般约定\n1.1 词语定义\n2. 发包人\n2.1 许可\n3. 义务\n3.1 义务甲。\n3.2 义务乙。\n"
        "4. 期限\n本合同有效期一年。\n5. 违约\n5.1 违约甲。\n"
    )
    assert shape(r.outline) == ["1.", "  1.1", "2.", "  2.1", "3.", "  3.1", "  3.2", "4.", "5.", "  5.1"]
    assert not [f for f in r.findings if f.rule.startswith(("missing-c", "missing-i", "numbering"))]


def test_items_whose_text_starts_with_a_number_or_a_date_word():
    r = run_text(
        "合同\n甲方：甲\n第一条 进度\n乙方应按下列进度完成：\n1．2024年6月30日前完成设计；\n2．5个工作日内付款；\n"
        "3．年度考核。\n第二条 其他\n一、二级资质的单位可以参加。\n"
    )
    assert shape(r.outline) == ["第一条", "  1．", "  2．", "  3．", "第二条"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("【房屋租赁合同】", "房屋租赁合同"),
        ("《保 密 协 议》", "保密协议"),
        ("「技术服务合同」", "技术服务合同"),
    ],
)
def test_titles_set_in_brackets(line, title):
    from extractor.segment import is_title

    ps = load(None)
    assert is_title(line, ps) and clean_title(line) == title


def test_letter_items():
    r = run_text(
        "Service Agreement 服务协议\n甲方：甲公司\n第一条 定义 Definitions\n（a）“服务”指乙方提供的服务；\n"
        "（b）“费用”指服务费；\n（d）其他。\n第二条 付款\n乙方提供下列单据后付款：\na.增值税专用发票；\nb.验收单。\n"
    )
    assert shape(r.outline) == ["第一条", "  （a）", "  （b）", "  （d）", "第二条", "  a.", "  b."]
    assert [f.message for f in r.findings if f.rule == "missing-item"] == [
        "missing (c) (3): numbering goes from （b） to （d）"
    ]


def test_short_title_with_its_first_half_on_the_line_above():
    assert (
        run_text("海湾壹号住宅项目\n施工合同\n甲方：甲\n第一条 其他。\n").title == "海湾壹号住宅项目施工合同"
    )
    # not across a blank line, nor with a labelled line
    assert run_text("杭州市西湖区\n\n房屋租赁合同\n甲方：甲\n第一条 其他。\n").title == "房屋租赁合同"
    assert run_text("合同编号：HT-1\n房屋租赁合同\n甲方：甲\n第一条 其他。\n").title == "房屋租赁合同"


def test_bare_number_heads_cross_references_and_round_bracket_items():
    r = run_text(
        "服务合同\n甲方：甲\n1  项目概述\n1.1  项目名称：某系统。\n1.2  开发内容。\n2  开发周期\n2.1  开发周期为180日。\n"
        "2.2  按本合同第一条、\n第二条及附件约定交付。\n2.3 下列情形除外：\n1）不可抗力；\n2）政策变化。\n"
    )
    assert shape(r.outline) == ["1", "  1.1", "  1.2", "2", "  2.1", "  2.2", "  2.3", "    1）", "    2）"]
    assert not [f for f in r.findings if f.rule.startswith(("missing-c", "duplicate", "numbering"))]


def test_a_last_clause_that_starts_with_a_role_is_not_the_signature_block():
    r = run_text(
        "保证合同\n甲方：某银行\n乙方：某公司\n第一条 保证期间\n保证期间为三年。\n第二条 保证责任的履行\n"
        "乙方应在收到甲方书面通知后十日内履行保证责任。\n\n甲方（公章）：某银行\n乙方（公章）：某公司\n"
    )
    sig = next(n for n in r.outline if n.kind == "signature")
    assert sig.line == 9
    assert not [f for f in r.findings if f.rule == "truncated-document"]


def test_traditional_characters_bracketed_and_enclosed_numbers_and_contents():
    r = run_text(
        "房屋租賃合同\n甲方（出租人）：陳美玲\n電話：02-27001234\n第一條　租賃標的\n第二條　租金\n第四條　押金\n"
        "甲方（簽章）：陳美玲\n"
    )
    assert r.title == "房屋租賃合同" and shape(r.outline) == ["第一條", "第二條", "第四條"]
    assert [f.clause for f in r.findings if f.rule == "missing-chapter"] == ["3"]
    assert [f.key for f in r.parties[0].fields][:2] == ["name", "phone"]
    r = run_text(
        "服务合同\n目　录\n第一条 服务内容……1\n第二条 费用……2\n甲方：甲公司\n【第一条】服务内容\n⒈ 咨询；\n⒉ 培训；\n"
        "【第二条】费用\n㈠ 预付款；\n㈢ 尾款。\n⑴ 说明。\n"
    )
    assert shape(r.outline) == ["第一条", "  ⒈", "  ⒉", "第二条", "  ㈠", "  ㈢", "    ⑴"]
    assert [f.rule for f in r.findings if f.rule.startswith(("missing-c", "missing-i", "duplicate"))] == [
        "missing-item"
    ]


def test_items_heading_dotted_clauses_stay_under_their_article():
    # 第五条 / 1. 甲方的义务 / 1.1 … / 2. 乙方的义务 / 2.1 …: the items are the article's, not articles of their own
    r = run_text(
        "停车位租赁合同\n甲方：某公司\n第一条 车位\n1. 车位来源：自有。\n2. 车位位置：北京。\n第二条 双方义务\n"
        "1. 甲方的权利与义务\n1.1 甲方出示权属证明。\n1.2 甲方提供服务。\n2. 乙方的权利与义务\n2.1 乙方按时付费。\n"
        "2.2 乙方遵守规定。\n第三条 其他\n1. 本合同一式两份。\n甲方（盖章）：\n"
    )
    assert shape(r.outline) == [
        "第一条", "  1.", "  2.",
        "第二条", "  1.", "    1.1", "    1.2", "  2.", "    2.1", "    2.2",
        "第三条", "  1.",
    ]  # fmt: skip
    assert not [f for f in r.findings if f.rule.startswith(("missing", "clause-outside", "duplicate"))]


def test_dotted_clause_belongs_to_its_article_not_to_an_item_of_that_number():
    # 第五条 / 5.6 … / 1、…5、 / 5.7: clause 5.7 is the article's, not item 5、's
    r = run_text(
        "保证合同\n甲方：某公司\n第四条 期间\n4.1 保证期间为两年。\n第五条 承诺\n5.1 提供资料。\n"
        "5.6 发生以下事项时应通知债权人：\n1、变更名称。\n2、停产。\n3、诉讼。\n4、变更住所。\n5、其他事项。\n"
        "5.7 实施以下行为时应征得同意：\n1、改变资本结构。\n5.8 其他。\n甲方（盖章）：\n"
    )
    art5 = next(n for n in r.outline if n.label == "第五条")
    assert [c.number for c in art5.children] == ["5.1", "5.6", "5.7", "5.8"]
    assert [c.label for c in art5.children[1].children] == ["1、", "2、", "3、", "4、", "5、"]
    assert [f.clause for f in r.findings if f.rule == "missing-clause"] == ["5.2", "5.3", "5.4", "5.5"]


def test_options_numbered_with_a_dot_lost_nest_under_their_clause():
    # 12.2 / 12.21 / 12.22 / 12.3: 12.21 is 12.2.1 with a dot lost, not a 21st clause before 12.3
    r = run_text(
        "反担保合同\n甲方：某公司\n第十二条 争议\n12.1 适用中国法律。\n12.2 协商不成的，按以下第一种方式解决：\n"
        "12.21 诉讼。向法院起诉；\n12.22 仲裁。提交仲裁委员会。\n12.3 争议期间继续履行。\n甲方（盖章）：\n"
    )
    assert shape(r.outline) == ["第十二条", "  12.1", "  12.2", "    12.21", "    12.22", "  12.3"]
    found = [f for f in r.findings if f.rule == "numbering-out-of-order"]
    assert [(f.clause, f.line) for f in found] == [("12.21", 6)]
    assert "12.2.1" in found[0].message and "12.2.2" in found[0].message
    assert not [f for f in r.findings if f.rule.startswith("missing")]


def test_clauses_ten_and_up_are_no_dot_lost():
    # 1.1 … 1.9 / 1.10 / 1.11: 1.11 follows 1.10, no typo
    body = "".join(f"1.{i} 条款内容。\n" for i in range(1, 12))
    r = run_text(f"服务合同\n甲方：某公司\n第一条 定义\n{body}第二条 其他\n2.1 其他。\n甲方（盖章）：\n")
    art1 = next(n for n in r.outline if n.label == "第一条")
    assert [c.number for c in art1.children] == [f"1.{i}" for i in range(1, 12)]
    assert not [f for f in r.findings if f.rule == "numbering-out-of-order"]


def test_vertical_cover_title_is_the_title():
    # a cover title set one character a line, with its first half on the line above
    r = run_text(
        "广    州    市\n劳\n动\n合\n同\n\n甲方：某公司\n一、合同期限\n二、工作内容\n甲方（盖章）：\n"
    )
    assert r.title == "广州市劳动合同"
    assert not [f for f in r.findings if f.rule == "missing-title"]


def test_forms_after_the_signature_page_are_not_clauses():
    # （以下无正文，为签署页） ends the body; a notice with 一、二、 and a card with 1．2． follow the signatures
    r = run_text(
        "委托代理合同\n甲方：某某\n乙方：某律师事务所\n一、委托事项\n1．代理诉讼。\n二、律师费\n1．人民币一万元。\n"
        "（以下无正文，为签署页）\n甲方（签字）：\n乙方（盖章）：\n告知书\n一、案件有法律风险；\n二、律师费付给律所；\n"
        "委托人（签阅）\n监督卡\n1．是否签订委托合同：\n2．对律师的评价：\n委托方签字：\n"
    )
    assert shape(r.outline) == ["一、", "  1．", "二、", "  1．"]
    assert [(n.kind, n.line) for n in r.outline if n.kind == "signature"] == [("signature", 8)]


def test_articles_after_the_end_marker_keep_their_own_outline():
    # an annexed agreement with articles of its own after （以下无正文） is not swallowed by the signature
    r = run_text(
        "借款合同\n甲方：某公司\n第一条 借款金额。\n第二条 期限。\n（以下无正文）\n甲方（盖章）：\n"
        "保密协议\n第一条 保密范围。\n第二条 期限。\n甲方（盖章）：\n"
    )
    doc = next(n for n in r.outline if n.kind == "document")
    assert doc.title == "保密协议" and shape(doc.children) == ["第一条", "第二条"]
    assert [f.rule for f in r.findings if f.rule == "several-documents"] == ["several-documents"]


def test_the_full_title_after_a_cover_with_a_short_one():
    r = run_text(
        "北京律师事务所\n案件专项代理合同\n\n刑事案件专项代理合同（示范文本）\n甲方：某某\n一、委托事项\n二、费用\n甲方（签字）：\n"
    )
    assert r.title == "刑事案件专项代理合同"


def test_a_notice_before_the_contract_is_not_its_clauses():
    # 使用说明 一、二、 and 特别提示 一、二、三、 before the party block: not the contract's items
    r = run_text(
        "培训服务合同\n使用说明\n一、本文本为示范文本。\n二、双方应仔细阅读。\n特  别  提  示\n一、不得使用培训贷。\n"
        "二、按周期收费。\n三、谨慎选择。\n甲方：某机构\n乙方：某某\n第一条 培训项目\n第二条 费用\n甲方（盖章）：\n"
    )
    assert shape(r.outline) == ["instructions", "instructions", "第一条", "第二条"]


def test_numbered_options_with_check_boxes_are_items():
    # （二）委托采取以下第 种方式。 / □1.特别委托 / （1）（2） / □2.概括委托
    r = run_text(
        "委托合同\n甲方：某公司\n第一条 委托事务\n（一）甲方委托乙方处理事务。\n（二）委托采取以下第   种方式。\n"
        "□1.特别委托，具体事项包括：\n（1）起诉；\n（2）应诉。\n□2.概括委托。\n第二条 工作要求\n甲方（盖章）：\n"
    )
    assert shape(r.outline) == [
        "第一条", "  （一）", "  （二）", "    1.", "      （1）", "      （2）", "    2.", "第二条",
    ]  # fmt: skip
    assert match_heading("□第三条 不是选项", PS) is None


def test_an_appendix_has_its_own_numbered_outline():
    r = run_text(
        "采购合同\n甲方：某公司\n第一条 标的。\n1.1 见附件。\n第二条 价款。\n甲方（盖章）：\n"
        "附件一：技术参数\n一、计算机\n1．内存：16GB；\n2．硬盘：512GB；\n二、交换机\n1．支持48口。\n"
    )
    appendix = next(n for n in r.outline if n.kind == "appendix")
    assert shape(appendix.children) == ["一、", "  1．", "  2．", "二、", "  1．"]
    memory = next(b for b in r.blanks if b.label == "内存")
    assert memory.clause is None and memory.place == "appendix 附件一 技术参数 一、 1．"
    # the appendix's numbers are its own: no finding compares them with the body's
    assert not [f for f in r.findings if f.rule.startswith(("missing", "duplicate", "numbering"))]


def test_empty_numbered_clauses_and_the_items_after_them():
    # 2. / 2.1 / 2.2 typed with nothing after them (to fill in) / 3. / 4.: all kept, in their places
    r = run_text(
        "停车位租赁合同\n甲方：某公司\n第八条 退费\n1.因甲方违约的，按以下标准退费：\n1.1一次性支付的，按日计算。\n"
        "1.2其他\n2.因乙方违约的，按以下标准退费：\n2.1          \n2.2          \n3.退款期限为   日，没有约定的，七日内退回。\n"
        "4.退费方式：银行转账。\n第九条 争议\n甲方（盖章）：\n"
    )
    assert shape(r.outline) == [
        "第八条", "  1.", "    1.1", "    1.2", "  2.", "    2.1", "    2.2", "  3.", "  4.", "第九条",
    ]  # fmt: skip


def test_signed_copies_in_one_file_are_documents_not_repeated_numbers():
    copy = "保密协议\n甲方：某公司\n乙方：某人\n第一条 保密范围。\n第二条 期限。\n甲方（盖章）：\n乙方（签字）：\n"
    r = run_text(copy * 3)
    assert [n.kind for n in r.outline].count("document") == 2
    assert not [f for f in r.findings if f.rule in ("duplicate-heading", "numbering-out-of-order")]
    info = [f for f in r.findings if f.rule == "several-documents"]
    assert len(info) == 1 and "3 copies of 《保密协议》" in info[0].message


def test_annexed_agreement_keeps_its_own_faults_and_places():
    r = run_text(
        "借款合同\n甲方：某公司\n乙方：某人\n第一条 金额。\n第二条 期限。\n甲方（盖章）：\n乙方（签字）：\n"
        "保密协议\n甲方：某公司\n乙方：某人\n第一条 保密。\n第二条 期限。\n第四条 其他。\n甲方（盖章）：\n"
    )
    missing = [f for f in r.findings if f.rule == "missing-chapter"]
    assert [(f.clause, f.place) for f in missing] == [("3", "《保密协议》 第四条")]


def test_a_title_after_the_signatures_without_a_new_numbering_is_no_new_document():
    # 房屋交割清单 after the signatures: a form, not another agreement (nothing numbered from 1 follows)
    r = run_text(
        "房屋租赁合同\n甲方：张三\n乙方：李四\n第一条 房屋。\n第二条 租金。\n甲方（签字）：\n乙方（签字）：\n"
        "房屋交割确认单\n水表读数：\n电表读数：\n"
    )
    assert "document" not in [n.kind for n in r.outline]


def test_an_article_run_into_the_paragraph_above_is_a_heading_of_its_own():
    # a paragraph mark lost: 第十二条 stands after 第十一条's last item, spaces where the mark was
    text = (
        "技术服务合同\n第十一条 出现下列情形，可以解除本合同：\n1．发生不可抗力；\n"
        "2．乙方无法完成服务。    第十二条 双方因履行本合同而发生的争议，应协商解决。\n"
        "1．提交仲裁委员会仲裁；\n2．依法向人民法院起诉。\n第十三条 本合同自签字之日起生效。\n"
    )
    r = run_text(text)
    assert shape(r.outline) == ["第十一条", "  1．", "  2．", "第十二条", "  1．", "  2．", "第十三条"]
    article = r.outline[2]
    assert (article.line, article.title) == (4, "双方因履行本合同而发生的争议，应协商解决。")
    assert r.outline[1].children[1].title == "乙方无法完成服务。"
    (found,) = [f for f in r.findings if f.rule == "heading-run-in"]
    assert (found.line, found.clause) == (4, "12")
    assert not [f for f in r.findings if f.rule == "missing-chapter" and f.clause == "12"]
    assert text.splitlines()[3][slice(*found.span)] == "第十二条"


@pytest.mark.parametrize(
    "line",
    [
        "2．乙方无法完成服务。    第十五条 另有约定。",  # not the next article: not taken out of the line
        "2．乙方无法完成服务，详见第十二条 约定。",  # a mention in a sentence
        "2．乙方无法完成服务。    第十二条",  # a label alone: a reference left at a line's end
    ],
)
def test_what_is_no_article_run_into_a_line(line):
    r = run_text(f"技术服务合同\n第十一条 出现下列情形：\n1．发生不可抗力；\n{line}\n第十三条 生效。\n")
    assert shape(r.outline) == ["第十一条", "  1．", "  2．", "第十三条"]


@pytest.mark.parametrize(
    ("line", "items"),
    [
        (
            "4      方违反本合同约定，应当赔偿损失。",
            ["1．", "2．", "3．", "4"],
        ),  # the next item, its mark lost
        ("5      方违反本合同约定，应当赔偿损失。", ["1．", "2．", "3．"]),  # not the next number: text
        ("4 方违反本合同约定。", ["1．", "2．", "3．"]),  # one space: a figure in a wrapped sentence
    ],
)
def test_an_item_whose_number_lost_its_mark(line, items):
    r = run_text(
        "技术服务合同\n第九条 双方确定：\n1．甲方违约的，应当赔偿损失。\n2．乙方违约的，应当赔偿损失。\n"
        f"3．双方违约的，各自承担责任。\n{line}\n第十条 其他。\n"
    )
    assert [c.label for c in r.outline[1].children] == items


def test_items_in_the_other_bracket_style_inside_an_item_are_its_children():
    text = (
        "安装协议\n一、承包方式\n(1)本工程采用包工包料方式：\n1)双方审定工程造价。\n2)工程量:140米\n"
        "(2)安装要求:达到国家标准。\n1)管道埋深不少于50厘米。\n二、工期\n(1)三天完成。\n"
    )
    r = run_text(text)
    assert shape(r.outline) == [
        "一、", "  (1)", "    1)", "    2)", "  (2)", "    1)", "二、", "  (1)",
    ]  # fmt: skip
    assert not [f for f in r.findings if f.rule == "duplicate-heading"]
    # one style alone is one level, whichever it is
    r = run_text("安装协议\n一、承包方式\n1)双方审定工程造价。\n2)工程量:140米\n3)工期三天。\n")
    assert shape(r.outline) == ["一、", "  1)", "  2)", "  3)"]


def test_a_title_run_into_a_long_first_line_is_no_missing_title():
    # a page that lost its line breaks: the title is there, glued to the parties
    r = run_text(
        "钢筋购销合同 需方:某建筑公司(以下简称甲方) 供方:某钢材公司(以下简称乙方) 根据《中华人民共和国合同法》"
        "的有关规定，经甲乙双方充分协商，特订立本合同。 第一条、钢材品种\n第二条 价款按月结算。\n"
    )
    assert not [f for f in r.findings if f.rule == "missing-title"]
    # a long first line naming no contract, or only a law with 合同 in its name, is still no title
    r = run_text(
        "甲方：某公司，乙方：某公司，根据《中华人民共和国合同法》的有关规定，经双方协商一致，达成如下条款。\n"
        "第一条 乙方提供服务。\n第二条 甲方支付费用。\n"
    )
    assert [f.rule for f in r.findings if f.rule == "missing-title"] == ["missing-title"]
