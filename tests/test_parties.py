"""Party blocks: roles, descriptions, fields under canonical keys, tables, side-by-side, co-parties."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import analyse, check
from extractor.model import Document, Line

from .conftest import run_text

REALWORLD = Path(__file__).parent / "realworld"


def fields(party):
    return [(f.key, f.label, f.value, f.status) for f in party.fields if f.block == "party"]


def test_role_description_alias():
    r = run_text("服务协议\n甲方（服务提供方）：杭州云帆科技有限公司\n委托方（乙方）：张三\n第一条 服务。\n")
    got = [(p.role, p.alias, p.description, p.name) for p in r.parties]
    assert got == [("甲方", None, "服务提供方", "杭州云帆科技有限公司"), ("乙方", "委托方", None, "张三")]


def test_field_keys_and_letter_spacing():
    r = run_text(
        "技术服务合同\n委托方（甲方）：杭州云帆科技有限公司\n住  所  地：杭州市西湖区文三路1号\n法定代表人：陈立峰\n"
        "电    话：0571-88888888        传    真：/\n统一社会信用代码：91350100M000100Y43\n开户银行：工商银行文三路支行\n"
        "账    号：1202 0210 0900 1234 567\n邮政编码：310012\n电子邮箱：a@b.cn\n第一条 服务。\n"
    )
    got = fields(r.parties[0])
    assert got == [
        ("name", "委托方（甲方）", "杭州云帆科技有限公司", "filled"),
        ("address", "住所地", "杭州市西湖区文三路1号", "filled"),
        ("legal_representative", "法定代表人", "陈立峰", "filled"),
        ("phone", "电话", "0571-88888888", "filled"),
        ("fax", "传真", "/", "na"),
        ("credit_code", "统一社会信用代码", "91350100M000100Y43", "filled"),
        ("bank", "开户银行", "工商银行文三路支行", "filled"),
        ("account", "账号", "1202 0210 0900 1234 567", "filled"),
        ("postcode", "邮政编码", "310012", "filled"),
        ("email", "电子邮箱", "a@b.cn", "filled"),
    ]
    norm = {f.key: f.normalized for f in r.parties[0].fields}
    assert norm["account"] == {"type": "account", "value": "12020210090012345 67".replace(" ", "")}
    assert norm["credit_code"]["valid"] is True


def test_unlisted_labels_take_the_key_of_their_ending():
    r = run_text(
        "劳动合同\n乙方（劳动者）：李四\n户籍地址：河北省石家庄市\n现居住地址：北京市朝阳区\n法定代表人电话：13800000000\n"
        "紧急联系人：王五\n紧急联系人电话：13900000000\n一、合同期限\n"
    )
    got = [(k, label) for k, label, _, _ in fields(r.parties[0])]
    assert got == [
        ("name", "乙方（劳动者）"),
        ("address", "户籍地址"),
        ("address", "现居住地址"),
        ("phone", "法定代表人电话"),
        ("other", "紧急联系人"),  # the emergency contact is someone else: not the party's contact
        ("other", "紧急联系人电话"),
    ]


def test_four_parties_and_co_buyers():
    r = run_text(
        "房屋买卖居间合同\n甲方（出卖人）：陈美华\n乙方（买受人）：\n乙方一：刘洋\n乙方二：赵静怡\n"
        "丙方（居间方）：杭州安居房地产经纪有限公司\n丁方（担保方）：王五\n第一条 房屋。\n甲方（签字）：\n"
    )
    assert [p.role for p in r.parties] == ["甲方", "乙方", "乙方一", "乙方二", "丙方", "丁方"]
    assert not [f for f in r.findings if f.rule == "party-missing-name"]


def test_duplicate_field_flagged_and_missing_name():
    r = run_text("服务协议\n甲方：\n地址：杭州\n地址：宁波\n第一条 服务。\n")
    assert [f.rule for f in r.findings if f.rule in ("duplicate-field", "party-missing-name")] == [
        "party-missing-name",
        "duplicate-field",
    ]


def test_party_grid_table():
    cells = [
        ("", "甲方", "乙方"),
        ("名称", "宁波港城物流有限公司", "杭州数联软件科技有限公司"),
        ("地址", "宁波市北仑区", "杭州市滨江区"),
        ("联系电话", "0574-86835126", ""),
    ]
    lines = [Line(1, "软件开发合同")]
    for r_, row in enumerate(cells):
        for c, text in enumerate(row):
            lines.append(Line(len(lines) + 1, text, cell=(0, r_, c)))
    lines += [Line(len(lines) + 1, "第一条 开发内容。"), Line(len(lines) + 2, "甲方（盖章）：")]
    r = analyse(Document(lines=lines, format="docx"), b"x", "a.docx")
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "宁波港城物流有限公司"),
        ("乙方", "杭州数联软件科技有限公司"),
    ]
    assert fields(r.parties[1])[-1] == ("phone", "联系电话", None, "empty")


def test_party_side_by_side_table_columns():
    rows = [
        ("甲方：杭州云帆科技有限公司", "乙方：宁波甬达电子商务有限公司"),
        ("地址：杭州市", "地址：宁波市"),
    ]
    lines = [Line(1, "服务协议")]
    for r_, row in enumerate(rows):
        for c, text in enumerate(row):
            lines.append(Line(len(lines) + 1, text, cell=(0, r_, c)))
    lines.append(Line(len(lines) + 1, "第一条 服务。"))
    r = analyse(Document(lines=lines, format="docx"), b"x", "a.docx")
    assert [(p.role, [f.value for f in p.fields]) for p in r.parties] == [
        ("甲方", ["杭州云帆科技有限公司", "杭州市"]),
        ("乙方", ["宁波甬达电子商务有限公司", "宁波市"]),
    ]


def test_placeholder_name():
    r = run_text("采购合同\n供方：××市××有限公司\n需方：某某中学\n第一条 供货。\n")
    assert [f.message for f in r.findings if f.rule == "placeholder-name"] == [
        "供方's name is a placeholder: ××市××有限公司"
    ]


def test_role_and_label_in_one_and_alias_note():
    r = run_text(
        "保密协议\n甲方名称：深圳市前海智联科技有限公司（以下简称“甲方”）\n甲方地址：深圳市南山区\n乙方姓名：李明\n"
        "身份证号码：11010519491231002X\n签订地点：深圳市\n第1条 保密信息。\n"
    )
    got = {p.role: [(f.key, f.value) for f in p.fields] for p in r.parties}
    assert got == {
        "甲方": [("name", "深圳市前海智联科技有限公司"), ("address", "深圳市南山区")],
        "乙方": [("name", "李明"), ("id_number", "11010519491231002X")],  # 签订地点 is the contract's
    }


def test_signature_block_side_by_side_with_ascii_spaces():
    r = run_text(
        "开发合同\n甲方：北京华信科技股份有限公司\n乙方：上海云启软件有限公司\n第一条 开发。\n"
        "甲方（盖章）：北京华信科技股份有限公司        乙方（盖章）：上海云启软件有限公司\n"
        "法定代表人（签字）：                      法定代表人（签字）：王强\n"
        "日期：2023年6月1日                        日期：2023年6月1日\n"
    )
    signed = {p.role: [(f.label, f.value) for f in p.fields if f.block == "signature"] for p in r.parties}
    assert signed["乙方"] == [
        ("乙方（盖章）", "上海云启软件有限公司"),
        ("法定代表人（签字）", "王强"),
        ("日期", "2023年6月1日"),
    ]
    assert signed["甲方"][1] == ("法定代表人（签字）", None)
    empty = [b for b in r.blanks if b.status == "empty"]
    assert [(b.line, b.party) for b in empty] == [(6, "甲方")]
    assert all(b.unit is None for b in r.blanks if b.kind == "field")


def test_role_line_with_nothing_after_its_colon_is_the_empty_name():
    r = run_text(
        "技术服务合同\n委托方（甲方）：　　　　　　\n住  所  地：\n法定代表人／委托代理人：李四\n第一条 服务。\n"
    )
    got = fields(r.parties[0])
    assert got[0] == ("name", "委托方（甲方）", None, "empty")
    assert got[2] == ("legal_representative", "法定代表人／委托代理人", "李四", "filled")
    assert [f.message for f in r.findings if f.rule == "party-missing-name"] == [
        "甲方 has no name: 委托方（甲方） is left empty"
    ]
    # a role line followed by a name field: that field is the name, no empty one is added
    r = run_text("技术服务合同\n甲方：\n名称：杭州云帆科技有限公司\n第一条 服务。\n")
    assert fields(r.parties[0]) == [("name", "名称", "杭州云帆科技有限公司", "filled")]


def test_registration_office_form_after_the_signatures_is_not_the_parties():
    text = (
        "技术服务合同\n甲方：杭州云帆科技有限公司\n乙方：宁波甬达电子商务有限公司\n第一条 服务。\n"
        "甲方（盖章）：杭州云帆科技有限公司\n乙方（盖章）：宁波甬达电子商务有限公司\n"
        "（以下由技术合同登记机构填写）\n合同登记编号：\n1．申请登记人：          \n经办人：\n"
    )
    r = run_text(text)
    assert [f.label for f in r.parties[1].fields] == ["乙方", "乙方（盖章）"]
    office = [b for b in r.blanks if b.line >= 8]
    assert office and all(b.status == "na" for b in office)
    assert not [f for f in r.findings if f.rule == "empty-blank"]


def test_parties_under_the_first_part_heading_and_a_signature_block_between_parts():
    r = run_text(
        "建设工程施工合同\n第一部分　合同协议书\n发包人（全称）：青岛海湾置业发展有限公司\n承包人（全称）：中建八局第三建设有限公司\n"
        "一、工程概况\n1．工程名称：海湾壹号。\n二、合同工期\n计划开工日期：2024年5月10日。\n"
        "发包人：（公章）　　　　　　　　承包人：（公章）\n第二部分　通用合同条款\n1．一般约定\n1.1 词语定义\n"
    )
    assert [(p.role, p.description, p.name) for p in r.parties] == [
        ("发包人", "全称", "青岛海湾置业发展有限公司"),
        ("承包人", "全称", "中建八局第三建设有限公司"),
    ]
    assert not [f for f in r.findings if f.rule in ("no-parties", "missing-signature")]
    # a sentence about sealing is not a signature block
    r = run_text("服务合同\n甲方：甲公司\n第一条 服务。\n甲方签字盖章后本合同生效。\n")
    assert [f.rule for f in r.findings if f.rule == "missing-signature"] == ["missing-signature"]


def test_role_words_not_listed_are_roles_when_they_name_the_ordinal():
    r = run_text(
        "仓储合同\n存货人（甲方）：天津渤海粮油贸易有限公司\n地址：天津市滨海新区\n保管人（以下简称乙方）：天津港物流有限公司\n"
        "披露方：杭州云帆科技有限公司（以下简称“丙方”）\n第一条 其他。\n"
    )
    got = [(p.role, p.alias, p.description, p.name) for p in r.parties]
    assert got == [
        ("甲方", "存货人", None, "天津渤海粮油贸易有限公司"),
        ("乙方", "保管人", None, "天津港物流有限公司"),
        ("丙方", "披露方", None, "杭州云帆科技有限公司"),
    ]
    assert fields(r.parties[0])[1] == ("address", "地址", "天津市滨海新区", "filled")


def test_co_tenants_under_a_group_role_are_not_a_party_without_a_name():
    r = run_text(
        "房屋租赁合同\n出租方（甲方）：林国栋\n承租方（乙方）：\n承租人一：何思远\n承租人二：唐佳琪\n第一条 其他。\n"
    )
    assert [p.role for p in r.parties] == ["甲方", "乙方", "承租人一", "承租人二"]
    assert not [f for f in r.findings if f.rule == "party-missing-name"]


def test_long_and_letter_spaced_labels_in_columns():
    r = run_text(
        "劳动合同\n甲方（用人单位）：杭州钱塘智造科技有限公司\n法定代表人（主要负责人）或委托代理人：郑海涛\n"
        "电　　话：0593-2589630　　　　传　　真：0593-2589631\n乙方（劳动者）：周雨桐\n"
        "（或其他有效证件名称＿＿＿＿　证件号：＿＿＿＿）\n第一条　其他\n"
    )
    assert fields(r.parties[0])[1:] == [
        ("legal_representative", "法定代表人（主要负责人）或委托代理人", "郑海涛", "filled"),
        ("phone", "电话", "0593-2589630", "filled"),
        ("fax", "传真", "0593-2589631", "filled"),
    ]
    assert fields(r.parties[1])[-1] == ("id_number", "证件号", None, "empty")


def _table_doc(rows: list[list[str]], after: list[str]) -> list[Line]:
    lines = [Line(1, "房屋租赁合同")]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            lines.append(Line(len(lines) + 1, text, cell=(0, r, c)))
    lines += [Line(len(lines) + 1, t) for t in after]
    return lines


def test_label_value_tables_one_pair_or_two_per_row():
    body = ["第一条 租赁房屋。", "第二条 其他。"]
    one = _table_doc(
        [["甲方（出租方）", "杭州恒信置业有限公司"], ["法定代表人", "张伟"], ["联系电话：", "0571-88215566"],
         ["乙方（承租方）", "李明"], ["身份证号码", "330106198803152419"], ["联系电话", ""]],
        body,
    )  # fmt: skip
    two = _table_doc(
        [["甲方（出租方）", "杭州恒信置业有限公司", "乙方（承租方）", "李明"],
         ["法定代表人", "张伟", "身份证号码", "330106198803152419"], ["联系电话：", "0571-88215566", "联系电话", ""]],
        body,
    )  # fmt: skip
    for lines in (one, two):
        r = analyse(Document(lines=lines, format="docx"), b"", "t.docx")
        got = {p.role: [(k, label, v, st) for k, label, v, st in fields(p)] for p in r.parties}
        assert got["甲方"] == [
            ("name", "甲方（出租方）", "杭州恒信置业有限公司", "filled"),
            ("legal_representative", "法定代表人", "张伟", "filled"),
            ("phone", "联系电话", "0571-88215566", "filled"),
        ]
        assert got["乙方"] == [
            ("name", "乙方（承租方）", "李明", "filled"),
            ("id_number", "身份证号码", "330106198803152419", "filled"),
            ("phone", "联系电话", None, "empty"),
        ]


def test_known_role_with_an_alias_note_naming_the_ordinal():
    r = run_text(
        '设备租赁合同\n出租人：长沙中联重科租赁有限公司（以下简称"甲方"）\n联系人：彭辉　　联系电话：0731-85650000\n'
        "本工程设计人员：杨雪　　联系电话：15150582210\n第一条 其他。\n甲方（盖章）：长沙中联重科租赁有限公司\n"
    )
    assert [(p.role, p.alias, p.name) for p in r.parties] == [("甲方", "出租人", "长沙中联重科租赁有限公司")]
    assert not [f for f in r.findings if f.rule == "duplicate-field"]


def test_role_words_of_other_contract_types():
    r = run_text(
        "离婚协议书\n男方：高俊峰\n身份证号码：510107198511024356\n女方：曾雅琪\n住址：同上\n"
        "股东一：张三\n股东二：李四\n一、男女双方自愿离婚。\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("男方", "高俊峰"), ("女方", "曾雅琪"), ("股东一", "张三"), ("股东二", "李四"),
    ]  # fmt: skip


def test_party_tables_with_the_role_above_or_in_a_spanning_first_column():
    above = [Line(1, "技术服务合同"), Line(2, "甲方：")]
    above += [
        Line(3 + c, t, cell=(0, 0, c)) for c, t in enumerate(["名称", "杭州一二三有限公司", "联系电话", ""])
    ]
    above += [Line(7, "第一条 服务。")]
    r = analyse(Document(lines=above, format="docx"), b"", "t.docx")
    assert [(p.role, fields(p)) for p in r.parties] == [
        ("甲方", [("name", "名称", "杭州一二三有限公司", "filled"), ("phone", "联系电话", None, "empty")])
    ]
    # the empty value cell is an empty blank
    assert [(b.line, b.label, b.status) for b in r.blanks] == [(6, "联系电话", "empty")]
    assert [f.rule for f in r.findings if f.line == 6] == ["empty-blank"]
    merged = [Line(1, "保证合同"), Line(2, "甲方", cell=(0, 0, 0)), Line(3, "名称", cell=(0, 0, 1))]
    merged += [Line(4, "杭州一二三有限公司", cell=(0, 0, 2)), Line(5, "住所", cell=(0, 1, 1))]
    merged += [Line(6, "杭州市西湖区1号", cell=(0, 1, 2)), Line(7, "第一条 保证。")]
    r = analyse(Document(lines=merged, format="docx"), b"", "t.docx")
    assert [(p.role, fields(p)) for p in r.parties] == [
        (
            "甲方",
            [
                ("name", "名称", "杭州一二三有限公司", "filled"),
                ("address", "住所", "杭州市西湖区1号", "filled"),
            ],
        )
    ]


def test_inline_details_bilingual_labels_and_a_confirming_role():
    r = run_text(
        "借款协议\n甲方（出借人）：邓海涛，男，1981年4月12日出生，汉族，身份证号码：440104198104120371，"
        "住广州市越秀区东风中路448号，联系电话：13902288451。\n"
        "乙方（受托处理者）/ Party B (Processor)：Cloudnova Analytics Pte. Ltd.\n地址 / Address：8 Marina Boulevard\n"
        "第一条 借款。\n甲方（签字）：邓海涛\n乙方确认（盖章）：\n"
    )
    assert fields(r.parties[0]) == [
        ("name", "甲方（出借人）", "邓海涛", "filled"),
        ("id_number", "身份证号码", "440104198104120371", "filled"),
        ("address", "住", "广州市越秀区东风中路448号", "filled"),
        ("phone", "联系电话", "13902288451", "filled"),
    ]
    assert (r.parties[1].role, r.parties[1].name) == ("乙方", "Cloudnova Analytics Pte. Ltd.")
    assert fields(r.parties[1])[1][0] == "address"
    assert [(f.rule, f.line) for f in r.findings if f.rule == "empty-signature-place"] == [
        ("empty-signature-place", 7)
    ]


def test_a_field_value_wrapped_at_a_fixed_width_is_joined():
    r = run_text(
        "仓储保管合同\n甲方（存货人）：天津港联国际贸易有限公司\n地址：天津市滨海新区天津港保税区海滨九路85号国际物流中\n"
        "心B座1203室\n联系人：马振东\n第一条 其他。\n"
    )
    assert fields(r.parties[0])[1] == (
        "address",
        "地址",
        "天津市滨海新区天津港保税区海滨九路85号国际物流中心B座1203室",
        "filled",
    )


@pytest.mark.parametrize("name", ["1", "科技有限公司", "律师事务所", "××市××有限公司"])
def test_a_placeholder_name_names_nobody(name):
    r = run_text(f"服务合同\n甲方：{name}\n乙方：杭州云帆科技有限公司\n第一条 服务。\n甲方（盖章）：\n")
    first = next(p for p in r.parties if p.role == "甲方")
    assert first.name is None and first.fields[0].value == name
    assert [
        f.rule for f in r.findings if f.place == "甲方" and f.rule.startswith(("placeholder", "party"))
    ] == ["placeholder-name"]


def test_a_named_role_with_a_full_name_label_and_a_stray_mark():
    # 反担保人全称(个人/企业）：、${people.name}: the role's name field, a placeholder (empty), without the 、
    r = run_text(
        "反担保合同\n担保人姓名：张三\n反担保人全称(个人/企业）：、${people.name}\n身份证号码：\n第一条 担保。\n"
        "担保人（签字）：\n"
    )
    counter = next(p for p in r.parties if p.role == "反担保人")
    name = counter.fields[0]
    assert (name.key, name.value, name.status) == ("name", "${people.name}", "empty")
    line = next(ln.text for ln in r.lines if ln.no == name.line)
    assert line[name.span[0] : name.span[1]] == "${people.name}"


def test_details_under_a_person_of_the_party_are_that_persons():
    r = run_text(
        "房屋租赁合同\n出租人（甲方）：张三\n联系电话：13800000000\n通讯地址：北京市朝阳区一号\n委托代理人：李四\n"
        "联系电话：13900000000\n通讯地址：北京市海淀区二号\n承租人（乙方）：王五\n联系电话：13700000000\n"
        "法定代理人：赵六\n联系电话：13600000000\n第一条 房屋。\n甲方（签字）：\n乙方（签字）：\n"
    )
    first, second = r.parties
    assert [(f.label, f.of) for f in first.fields if f.block == "party"] == [
        ("出租人（甲方）", None),
        ("联系电话", None),
        ("通讯地址", None),
        ("委托代理人", None),
        ("联系电话", "委托代理人"),
        ("通讯地址", "委托代理人"),
    ]
    assert [(f.label, f.of) for f in second.fields if f.block == "party"][-1] == ("联系电话", "法定代理人")
    assert not [f for f in r.findings if f.rule == "duplicate-field"]


def test_a_company_address_after_its_representative_stays_the_companys():
    r = run_text(
        "采购合同\n甲方：杭州云帆科技有限公司\n注册地址：杭州市西湖区文三路1号\n法定代表人：王五\n"
        "经营地址：杭州市滨江区长河路2号\n地址：杭州市上城区某路3号\n第一条 供货。\n甲方（盖章）：\n"
    )
    fields = {f.label: f.of for f in r.parties[0].fields if f.block == "party"}
    assert fields["经营地址"] is None and fields["地址"] is None


def test_a_cover_repeating_the_party_lines_is_no_duplicate():
    r = run_text(
        "培训服务合同\n甲方（提供培训方）：\n乙方（接受培训方监护人）：\n使用说明\n一、本文本为示范文本。\n"
        "甲方（提供培训方）：\n乙方（接受培训方监护人）：\n监护人姓名：\n联系电话：\n学员姓名：\n联系电话：\n"
        "第一条 培训项目。\n甲方（盖章）：\n"
    )
    assert not [f for f in r.findings if f.rule == "duplicate-field"]
    same = run_text(
        "服务合同\n甲方：杭州云帆科技有限公司\n地址：杭州市一号\n地址：杭州市一号\n第一条 服务。\n"
    )
    assert not [f for f in same.findings if f.rule == "duplicate-field"]


@pytest.mark.parametrize(
    "value", ["（以下简称“甲方”）", "(简称甲方)", "（如无，请划掉）", "证件类型及编号："]
)
def test_a_note_or_a_label_is_no_name(value):
    r = run_text(f"租赁合同\n甲方：{value}\n乙方：杭州云帆科技有限公司\n第一条 租赁物。\n")
    first = next(p for p in r.parties if p.role == "甲方")
    assert first.name is None
    assert [f.rule for f in r.findings if f.place == "甲方" and f.rule.startswith("party")] == [
        "party-missing-name"
    ]


def test_role_without_colon_before_its_line():
    r = run_text("租赁合同\n出租方（甲方）____张三____\n承租方（乙方）____________\n第一条 租赁物。\n")
    assert [(p.role, p.alias, p.name) for p in r.parties] == [
        ("甲方", "出租方", "张三"),
        ("乙方", "承租方", None),
    ]


def test_the_name_on_the_line_under_the_role():
    r = run_text("服务合同\n甲方：\n杭州云帆科技有限公司\n乙方：\n地址：宁波市\n第一条 服务。\n")
    assert [(p.role, p.name) for p in r.parties] == [("甲方", "杭州云帆科技有限公司"), ("乙方", None)]
    name = r.parties[0].fields[0]
    assert (name.line, name.span) == (3, (0, 10))


def test_parties_in_a_section_of_their_own():
    r = run_text(
        "软件开发合同\n1 合同双方\n甲方：杭州云帆科技有限公司\n乙方：宁波甬达电子商务有限公司\n2 合同标的\n软件。\n"
        "甲方（盖章）：\n乙方（盖章）：\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "杭州云帆科技有限公司"),
        ("乙方", "宁波甬达电子商务有限公司"),
    ]
    assert not [f for f in r.findings if f.rule in ("no-parties", "party-missing-name")]


# --- invalid-code: bank card numbers ----------------------------------------------------------------------

CARD = "借款合同\n甲方：张三\n{}\n乙方：李四\n第一条 借款。\n"


@pytest.mark.parametrize(
    "line",
    [
        "银行卡号：6222 0212 3456 7890 123",
        "收款银行卡：中国工商银行 6222021234567890123",
        "卡号：4111-1111-1111-1112",
    ],
)
def test_invalid_card_number(line):
    found = [f for f in run_text(CARD.format(line)).findings if f.rule == "invalid-code"]
    assert len(found) == 1 and "bank card" in found[0].message, [f.message for f in found]
    assert found[0].place == "甲方"  # the card of 甲方's block


@pytest.mark.parametrize(
    "line",
    [
        "银行卡号：6222 0212 3456 7890 128",  # the check digit is right
        "账号：6222 0212 3456 7890 123",  # an account number: no check digit to test
        "银行账号：1915 0101 0400 1234 567",
        "银行卡号：9558 8012 3456 7890 123",  # an older domestic card: its issuer may not use Luhn
        "银行卡号：6222 0212 3456",  # too short to be a card
        "银行卡号：6222 0212 3456 7890 1234 5",  # too long
    ],
)
def test_card_numbers_not_checked_or_valid(line):
    found = [f for f in run_text(CARD.format(line)).findings if f.rule == "invalid-code"]
    assert not found, [f.message for f in found]


def test_invalid_card_number_in_the_text():
    text = (
        "借款合同\n甲方：张三\n乙方：李四\n"
        + "第一条 借款汇入甲方银行卡，卡号：6222 0212 3456 7890 123。\n第二条 其他。\n"
    )
    found = [f for f in run_text(text).findings if f.rule == "invalid-code"]
    assert len(found) == 1 and found[0].clause == "1" and found[0].line == 4


@pytest.mark.parametrize("key", ["card_number", "card_luhn_issuer"])
def test_card_pattern_examples(key):
    from extractor import pattern_set

    ps = pattern_set.load()
    rx, data = getattr(ps, key), ps.data["parties"]
    for text in data[f"{key}_examples"]:
        assert rx.search(text), f"{key} should accept {text!r}"
    for text in data[f"{key}_not"]:
        assert not rx.search(text), f"{key} should refuse {text!r}"


def test_a_party_block_that_is_one_placeholder():
    text = (
        "常年法律顾问合同\n{{委托人信息}}\n\n乙方：北京（广州）律师事务所\n地址：\n"
        "甲方因业务需要，聘请乙方的律师作为甲方的法律顾问。\n一、乙方的服务范围\n乙方为甲方提供法律咨询。\n"
    )
    r = run_text(text)
    assert [(p.role, p.name, p.line) for p in r.parties] == [
        ("甲方", None, 2),
        ("乙方", "北京（广州）律师事务所", 4),
    ]
    assert [(f.code, f.line) for f in r.findings if f.code == "P302"] == [("P302", 2)]
    # a placeholder far from any party block, or a role the text never uses, makes no party
    lone = run_text(
        "常年法律顾问合同\n{{委托人信息}}\n\n\n\n\n说明。\n乙方：北京律师事务所\n一、服务\n乙方提供服务。\n"
    )
    assert [p.role for p in lone.parties] == ["乙方"]


def test_a_row_of_check_boxes_is_no_value_until_one_is_ticked():
    r = run_text("委托合同\n甲方：杭州云帆科技有限公司\n证件类型：□居民身份证 □护照 □其他\n第一条 委托。\n")
    (f,) = [f for f in r.parties[0].fields if f.label == "证件类型"]
    assert (f.value, f.status) == (None, "empty")
    r = run_text(
        "委托合同\n甲方：杭州云帆科技有限公司\n证件类型：□居民身份证 ☑统一社会信用代码 □其他\n第一条 委托。\n"
    )
    (f,) = [f for f in r.parties[0].fields if f.label == "证件类型"]
    assert (f.value, f.status) == ("统一社会信用代码", "filled")


def test_procurement_roles_qualified_and_named_by_a_trailing_ordinal():
    # 政府采购合同: 采购人（全称）：X (甲方) / 中标（成交）供应商（全称）：Y (乙方)
    r = run_text(
        "服务类项目政府采购合同协议书\n政府采购合同编号:CSCG-CS-201906190004-1\n"
        "采购人(全称):  长沙商贸旅游职业技术学院  (甲方)\n"
        "中标(成交)供应商(全称):  湖南蓝色畅想教育图书有限公司  (乙方)\n1.项目管理信息\n(1)采购方式:  竞争性磋商\n"
    )
    got = [(p.role, p.alias, p.name) for p in r.parties]
    assert got == [
        ("甲方", "采购人", "长沙商贸旅游职业技术学院"),
        ("乙方", "供应商", "湖南蓝色畅想教育图书有限公司"),
    ]
    assert r.contract_number == "CSCG-CS-201906190004-1"
    assert [(b.label, b.value) for b in r.blanks if b.line == 6] == [("采购方式", "竞争性磋商")]


def test_a_long_label_glued_to_the_value_before_it():
    # a PDF or a page that lost the gap between two cells: the label follows the name with no space
    r = run_text(
        "维护服务合同\n采购人(甲方):陕西省某收费中心统一社会信用代码:12610000737971805P 联系人:朱戈\n"
        "供应商(乙方):陕西某工程有限公司统一社会信用代码:916100005556782616\n"
        "紧急联系人:李四紧急联系电话:13800000000\n第一条 乙方提供服务。\n"
    )
    got = [
        (p.role, p.name, [(f.key, f.value) for f in p.fields if f.key == "credit_code"]) for p in r.parties
    ]
    assert got == [
        ("甲方", "陕西省某收费中心", [("credit_code", "12610000737971805P")]),
        ("乙方", "陕西某工程有限公司", [("credit_code", "916100005556782616")]),
    ]
    # the tail of a longer label is no label of its own (统一社会 + 信用代码), nor is a word inside a value
    assert not [f for p in r.parties for f in p.fields if f.label == "信用代码"]
    assert not [f for p in r.parties for f in p.fields if (f.value or "").endswith("紧急")]


def test_fields_typed_one_space_apart_on_one_line():
    # a page's text whose line breaks were lost: the fields follow each other one space apart
    r = run_text(
        "政府采购合同(服务类) 政府采购合同编号: FRCG-GK-20240012-1 采购方式: 公开招标 合同类型:服务类 "
        "采购人(甲方):长沙市某局 采购人地址:长沙市芙蓉区人民东路189号 供应商(乙方):湖南某科技有限公司 "
        "供应商地址:长沙市岳麓区麓山南路999号\n一、标的信息\n乙方提供服务。\n"
    )
    got = [(p.role, p.name, [(f.key, f.value) for f in p.fields if f.key != "name"]) for p in r.parties]
    assert got == [
        ("甲方", "长沙市某局", [("address", "长沙市芙蓉区人民东路189号")]),
        ("乙方", "湖南某科技有限公司", [("address", "长沙市岳麓区麓山南路999号")]),
    ]
    assert r.contract_number == "FRCG-GK-20240012-1"
    assert [(b.label, b.value) for b in r.blanks if b.label in ("采购方式", "合同类型")] == [
        ("采购方式", "公开招标"),
        ("合同类型", "服务类"),
    ]
    # the preamble run on after the last field, one space after it: the address ends before it
    r = run_text(
        "政府采购合同(服务类) 政府采购合同编号: FRCG-GK-20240012-1 采购方式: 公开招标 合同类型:服务类 "
        "采购人(甲方):长沙市某局 供应商(乙方):湖南某科技有限公司 供应商地址:长沙市岳麓区麓山南路999号 ??依据"
        "《中华人民共和国政府采购法》与项目有关的法律法规,甲乙双方同意签订本合同。具体情况及要求如下:一、标的信息\n"
    )
    assert [(f.key, f.value) for f in r.parties[1].fields if f.key == "address"] == [
        ("address", "长沙市岳麓区麓山南路999号")
    ]
    # one label after a space in a sentence is no line of fields
    r = run_text(
        "租赁合同\n甲方：杭州某公司\n乙方：张三\n第一条 乙方应将租金汇入 账号：6222 0212 3456 7890 128。\n"
    )
    assert [p.name for p in r.parties] == ["杭州某公司", "张三"]


def test_a_cover_date_run_onto_a_party_name_is_no_part_of_it():
    r = run_text(
        "维护服务合同\n甲方:陕西省某收费中心\n乙方:陕西某工程有限公司二〇二三年八月\n签订日期:2023年8月1日\n"
        "第一条 乙方提供服务。\n"
    )
    assert [p.name for p in r.parties] == ["陕西省某收费中心", "陕西某工程有限公司"]
    (name,) = [f for p in r.parties for f in p.fields if f.key == "name" and p.role == "乙方"]
    assert r.lines[name.line - 1].text[slice(*name.span)] == "陕西某工程有限公司"  # grounded


def test_a_party_line_whose_gaps_a_page_lost():
    # both roles glued to the words before them, the preamble run on after the last name
    r = run_text(
        "学校功能室铺地合同甲方:河西镇某完全小学乙方:周某某(某村村民) 某学校功能室地面粗糙不平,为了使学校"
        "功能室有一个良好的环境,经学校全体教师商议决定,对我校其中六个功能室铺设地板革。\n一、工程要求\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "河西镇某完全小学"),
        ("乙方", "周某某(某村村民)"),
    ]
    # a label right after the ordinal that closed the party before it; items numbered (1) (2) among the fields
    r = run_text(
        "服务类项目政府采购合同协议书政府采购合同编号: CSCG-GK-1 采购人(全称): 长沙市某事务中心 (甲方)中标(成交)"
        "供应商(全称): 湖南某人力资源服务有限公司 (乙方)为了保护甲、乙双方合法权益,根据《中华人民共和国民法典》,"
        "双方签订本合同协议书。1.项目管理信息 (1)采购方式: 公开招标 (2)项目名称: 2023年泵站巡查项目\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "长沙市某事务中心"),
        ("乙方", "湖南某人力资源服务有限公司"),
    ]
    assert [(b.label, b.value) for b in r.blanks if b.label in ("采购方式", "项目名称")] == [
        ("采购方式", "公开招标"),
        ("项目名称", "2023年泵站巡查项目"),
    ]


def test_one_role_glued_to_a_word_is_no_party_line():
    r = run_text("租赁合同\n甲方：杭州某公司\n乙方：张三\n第一条 本合同经甲方:盖章后生效。\n")
    assert [p.name for p in r.parties] == ["杭州某公司", "张三"]


def test_parties_on_the_first_line_of_a_page_that_numbered_its_pieces():
    # a document site cut the text into pieces 1、2、…: the parties stand inside the first, all on one line
    r = run_text(
        "1、网站建设服务合同 甲方: 乙方: 签约日期: 年月日 签约地点: 甲方(委托人): 代表: 地址: 电话: "
        "乙方(委托人): 代表: 地址:西安市高新区唐星路6号 电话: 经友好协商，双方达成如下协议：第一条 委托内容\n"
        "2、甲方委托乙方设计网站。第二条 费用 总计19000元。\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", None), ("乙方", None)]  # both left blank
    assert not any(f.rule == "no-parties" for f in r.findings)


def test_a_generic_word_is_no_party_name():
    r = run_text("公路开挖协议\n甲方：宰能村委会\n乙方：工程队\n第一条 乙方按期完工。\n")
    assert [(p.role, p.name) for p in r.parties] == [("甲方", "宰能村委会"), ("乙方", None)]
    assert any(f.rule == "placeholder-name" for f in r.findings)


def test_two_roles_glued_with_nothing_written_after_them():
    from extractor.extract.parties import spaced_fields
    from extractor.pattern_set import load

    assert spaced_fields("甲方:乙方:", load(None)) == [(0, 3), (3, 6)]
    assert spaced_fields("经甲方:同意", load(None)) == []


def test_a_role_glued_to_a_date_with_the_other_role_one_space_on():
    from extractor.extract.parties import spaced_fields
    from extractor.pattern_set import load

    text = "软件合同书某公司2014年 3 月 5日甲方: 法人代表: 乙方:深圳市网通兴技术发展有限公司 法人代表: 曾广怀"
    starts = [a for a, _b in spaced_fields(text, load(None))]
    assert text.index("甲方") in starts and text.index("乙方") in starts
    assert spaced_fields("经甲方:同意，乙方 负责", load(None)) == []  # one role glued in a sentence


def test_a_role_with_its_alias_note_and_a_field_glued_after_it():
    r = run_text(
        "演艺合作协议书\n委托方:宝明城大酒店(以下简称甲方)电话:8\n提供方:夏军平(艺名:福文)(以下简称乙方)手机:0\n"
        "第一条 甲方委托乙方组建演艺编队。\n"
    )
    assert [(p.role, p.alias, p.name) for p in r.parties] == [
        ("甲方", "委托方", "宝明城大酒店"),
        ("乙方", "提供方", "夏军平"),
    ]
    fields = {(p.role, f.label): f.value for p in r.parties for f in p.fields}
    assert fields[("甲方", "电话")] == "8" and fields[("乙方", "手机")] == "0"
    assert not [b for b in r.blanks if b.line == 3 and b.status == "empty"]  # (艺名: is no empty label


def test_a_line_drawn_for_the_name_before_the_templates_word_is_no_name():
    r = run_text(
        "会议协议\n甲方:___________________大厦\n乙方:中国品牌评选推广活动组委会\n有效期:____年____月____日至_____年____月____日\n第一条 预订\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", None), ("乙方", "中国品牌评选推广活动组委会")]
    term = [f for p in r.parties for f in p.fields if f.label == "有效期"]
    assert all(f.value is None and f.status == "empty" for f in term)


def test_parties_on_a_one_line_page_and_named_in_the_preamble():
    # a one-line OCR page: the roles glued after a number, the preamble run on after the last name
    r = run_text(
        "物业租赁合同G11.013甲方(出租方):珠海市斗门区宏源资产经营有限公司乙方(承租方):梁家明本着互惠互利的原则,"
        "经甲乙双方协商一致,达成如下协议:一、租赁标的甲方将其管理的物业租给乙方使用。\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "珠海市斗门区宏源资产经营有限公司"),
        ("乙方", "梁家明"),
    ]
    assert all(f.label != "达成如下协议" for p in r.parties for f in p.fields)
    # no party block: the parties named by their ordinal in the opening sentence, one left blank
    r = run_text(
        "广州某教育科技有限公司兼职教师协议书广州某教育科技有限公司(甲方)因教学工作需要,特聘请 (乙方) 同志担任"
        "我司的课程教学任务。\n一、双方的责任与义务\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", "广州某教育科技有限公司"), ("乙方", None)]


def test_a_party_block_the_outline_put_inside_a_how_to_fill_list():
    r = run_text(
        "泉州市政府采购合同\n编制说明\n1、签订合同应遵守《政府采购法》。\n2、签订合同时，采购人与中标人应填列相应内容。\n"
        "甲方:泉州市洛江区教育局\n乙方:福建省仙游华兴印务有限公司\n根据招标结果，双方签订本合同。\n"
        "1、下列合同文件是构成本合同不可分割的部分:\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "泉州市洛江区教育局"),
        ("乙方", "福建省仙游华兴印务有限公司"),
    ]


def test_a_line_drawn_for_the_name_before_the_persons_details():
    r = run_text(
        "出租车承包合同书\n合同当事人:\n甲方(出租车发包人):_______,男,汉族,身份证号码________,联系电话________。\n"
        "乙方(出租车承包人):________ ,男,汉族,身份证号码________ ,联系电话________ 。\n第一条 承包车辆\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", None), ("乙方", None)]


def test_the_title_run_on_into_a_role_named_by_its_alias():
    r = run_text(
        "家政保姆聘用合同雇佣方(简称甲方):身份证号码:\n\n被雇佣方(简称乙方):身份证号码:\n一、工作内容\n"
    )
    assert [p.role for p in r.parties] == ["甲方", "乙方"]


def test_the_alias_alone_where_the_name_was_left_out():
    r = run_text(
        "厨师聘用协议书\n\n招聘方:简称甲方\n\n受聘方:__________________________简称乙方。\n\n一、甲方聘请乙方。\n"
    )
    assert [(p.role, p.alias, p.name) for p in r.parties] == [
        ("甲方", "招聘方", None),
        ("乙方", "受聘方", None),
    ]
    assert sorted(f.rule for f in r.findings if f.rule == "party-missing-name") == ["party-missing-name"] * 2


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("甲方:张夏镇王庄村民委员会代表人:", "张夏镇王庄村民委员会"),  # the next field's label glued on
        (
            "甲方:康任村二队、三队村民(面积、名单见附表)",
            "康任村二队、三队村民",
        ),  # a note that points elsewhere
        ("甲方: （实际控制人）郑智彬", "郑智彬"),  # the capacity the person signs in
        ("Party A:(actual controller) Zhibin Zheng", None),  # (no Chinese role: no party)
    ],
)
def test_a_name_without_the_words_around_it(line, name):
    r = run_text("承包合同\n" + line + "\n乙方:王维昌\n一、总则\n")
    got = next((p for p in r.parties if p.role == "甲方"), None)
    assert (got.name if got else None) == name
    text = {ln.no: ln.text for ln in r.lines}
    for p in r.parties:  # grounded: the value is the text at its span
        for f in p.fields:
            if f.status == "filled":
                assert text[f.line][f.span[0] : f.span[1]] == f.value


def test_english_notes_around_a_name_of_a_bilingual_contract():
    r = run_text(
        "股东协议\n甲方: 福清市鸿昌食品有限公司\n"
        'Party A:Fuqing Hongchang Food co., LTD.(hereinafter referred to as "Party A" or "Hongchang")\n'
        "乙方: Party B:\n乙方一:福建省鑫德福农产品有限公司\n乙方二: （实际控制人）郑智彬\n"
        "Party B II:(actual controller) Zhibin Zheng\n一、总则\n"
    )
    values = {f.value for p in r.parties for f in p.fields if f.status == "filled"}
    assert {"Fuqing Hongchang Food co., LTD.", "郑智彬", "Zhibin Zheng"} <= values
    assert [p.name for p in r.parties if p.role == "乙方二"] == ["郑智彬"]
    # 乙方: Party B: heads 乙方一 and 乙方二, who are named: no unnamed party
    assert "party-missing-name" not in {f.rule for f in r.findings}
    # the blanks report the party's reading of its name, not the notes around it
    assert "郑智彬" in {b.value for b in r.blanks if b.status == "filled"}


def test_a_party_named_in_the_sentence_that_describes_it():
    r = run_text(
        "独家购买权合同\n本合同由以下各方于2018年6月19日在北京签订:\n"
        "甲方:天行皓车(北京)科技有限公司,一家依照中国法律设立和存在的外商独资公司,地址为:北京市朝阳区清河营东路2号。\n"
        "Party A: Hao Limo Technology(Beijing)Co., Ltd, a wholly foreign owned enterprise, with its address at Room 1522;\n"
        "乙方(股东):李爱珍,中华人民共和国自然人,身份证号码为430503************。\n"
        "丙方:北京有教科技有限公司,一家依照中国法律设立和存在的有限责任公司。\n"
        "鉴于:\n1. 股东持有丙方100%的股权权益。\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "天行皓车(北京)科技有限公司"),
        ("乙方", "李爱珍"),
        ("丙方", "北京有教科技有限公司"),
    ]
    english = [f.value for p in r.parties for f in p.fields if f.value and f.value.startswith("Hao")]
    assert english == ["Hao Limo Technology(Beijing)Co., Ltd"]


def test_a_bilingual_party_block_with_the_names_in_brackets_below():
    r = run_text(
        "厂房租赁合同\nFactory Premises Leasing Contract\n(1) 出租方（甲方）：\n|(1)\n|Lessor (Party A):\n"
        "【上海马力索精密机械有限公司】\n【Shanghai Mariso Precision Machinery Co., Ltd】\n法定地址：\nLegal Address:\n"
        "【上海市浦东新区秀浦路3500号】\n【Shanghai City, Pudong New District】\n(2)承租方（乙方）：\n|(2)\n"
        "|Lessee (Party B):\n【上海起阁动力科技有限公司】\n【Shanghai Qige Power Technology Co., Ltd】\n"
        "第一条 租赁\n1.1 甲方出租厂房。\n"
    )
    assert [(p.role, p.alias, p.name) for p in r.parties] == [
        ("甲方", "出租方", "上海马力索精密机械有限公司"),
        ("乙方", "承租方", "上海起阁动力科技有限公司"),
    ]
    assert not [b for b in r.blanks if b.value in ("|(1)", "|(2)")]  # a table's debris is no value


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a stray colon between the name and the first field; the title run on with a page's chunk number
        (
            "工伤事故赔偿协议书1甲方:昌宁翁堵公路王德胜施工队(以下简称甲方)\n乙方:李向忠:身份证号:户籍地址:昌宁县温泉乡\n一、赔偿\n",
            [("甲方", "昌宁翁堵公路王德胜施工队"), ("乙方", "李向忠")],
        ),
        # a one-line page: the ordinal in an alias note with the preamble run on after it
        (
            "购销合同需方:重庆雄风百货广场有限公司 (以下称甲方)供方:长沙市诚峰商用仓储设备有限公司 (以下称乙方)"
            "经甲乙双方友好协商, 就甲方向乙方采购超市货架等设备的相关事宜达成以下协议,以资共同遵守。\n",
            [("甲方", "重庆雄风百货广场有限公司"), ("乙方", "长沙市诚峰商用仓储设备有限公司")],
        ),
        # a note the line's wrap cut, or an alias note that lost its closing bracket
        (
            "资产管理合同\n资产委托人(甲方):沪士电子股份有限公司(代沪士电子股份\n资产管理人(乙方):华泰证券(上海)资产管理有限公司\n第一条 释义\n",
            [("甲方", "沪士电子股份有限公司"), ("乙方", "华泰证券(上海)资产管理有限公司")],
        ),
        # the preamble where the name should be: nothing written
        (
            "保洁协议\n甲方:六村村委会\n乙方:为了改善街道卫生环境,确保村内环境优美,经甲、乙双方协议,制定以下条款:\n一、时限\n",
            [("甲方", "六村村委会"), ("乙方", None)],
        ),
    ],
)
def test_party_names_of_pages_that_ran_their_lines_together(text, names):
    r = run_text(text)
    assert [(p.role, p.name) for p in r.parties] == names


def test_numbered_parties_far_down_a_bilingual_cover():
    cover = "股权转让协议\n" + "".join(f"Cover line {i}\n" for i in range(45))
    r = run_text(
        cover + "(1)\n转让方1:通鼎集团有限公司(以下简称通鼎集团\n住所:江苏省苏州市吴江区\n(2)\n"
        "转让方2:上海毓璟投资中心(有限合伙)(以下简称上海毓璟\n住所:上海市浦东新区\n第一条 转让\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("转让方1", "通鼎集团有限公司"),
        ("转让方2", "上海毓璟投资中心(有限合伙)"),
    ]


def test_a_party_whose_name_was_left_out_before_its_alias_note():
    r = run_text("xx山承包合同\n\n协议双方:\n\n(以下简称甲方)\n\n(以下简称乙方)\n\n一、承包\n")
    assert [(p.role, p.name) for p in r.parties] == [("甲方", None), ("乙方", None)]
    assert sorted(f.line for f in r.findings if f.rule == "party-missing-name") == [5, 7]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a form's brackets round the name written in, a description after it
        (
            "框架协议\n甲方:灵宝黄金集团股份有限公司,一家依中国法律合法成立并有效存续的公司\n"
            "乙方:【深圳杰思实业科技股份有限公司】,一家依中国法律合法成立并有效存续的有限责任公司\n鉴于:\n",
            [("甲方", "灵宝黄金集团股份有限公司"), ("乙方", "深圳杰思实业科技股份有限公司")],
        ),
        # the contract's label glued after the name on a one-line page
        (
            "用友软件维护合同合同编号:甲方:乙方:昆明宝助达科技有限公司签约地点:签约日期:__2012__年__月__日\n一、服务\n",
            [("甲方", None), ("乙方", "昆明宝助达科技有限公司")],
        ),
        # the alias note where the name should be, with the preamble run on, on a one-line page
        (
            "酒店承包合同「篇一」发包方:(以下简称甲方)承包方:(以下简称乙方)本着自愿、公平、有偿原则,经甲、乙双方协商一致,签订以下合同。\n",
            [("甲方", None), ("乙方", None)],
        ),
        # a name before the alias note with the recitals run on after it
        (
            "土地复垦合同甲方:募役乡人民政府(以下简称甲方)乙方:斗糯村民委员会(以下简称乙方)为贯彻落实国务院、省、市、县城乡建设用地增减挂钩政策\n",
            [("甲方", "募役乡人民政府"), ("乙方", "斗糯村民委员会")],
        ),
        # parties named by a role in their alias notes, in a list, no party block
        (
            "股权转让协议书\n本股权转让协议书由以下双方签订:\n(1)       新大洲控股股份有限公司(以下简称“转让方”)\n"
            "住所:海南省海口市\n(2)       宁波新大洲股权投资有限公司(以下简称“受让方”)\n住所:宁波市\n1、转让方系一家公司\n",
            [("转让方", "新大洲控股股份有限公司"), ("受让方", "宁波新大洲股权投资有限公司")],
        ),
        # a family's care agreement: its parties are the cared for and the carers
        (
            "赡养老人协议书\n被赡养人姓名:周文友、徐文英\n赡养人姓名:周忠华、周忠祥\n为维护老年人合法权益,签订本协议。\n",
            [("被赡养人", "周文友、徐文英"), ("赡养人", "周忠华、周忠祥")],
        ),
    ],
)
def test_party_names_of_one_line_pages_and_lists(text, names):
    r = run_text(text)
    assert [(p.role, p.name) for p in r.parties] == names


def test_letter_spaced_roles_and_labels_on_a_banks_one_line_form():
    r = run_text(
        "流动资金借款合同 编 号:兴银渝贷字第 2014001 号 贷 款 人:兴业银行股份有限公司重庆分行 住 所:重庆市江北区红黄路 1 号 "
        "法定代表人/负责人:吕伟\n传真: 借 款 人:沙坪坝区戈洋酒水经营部 住 所:重庆市沙坪坝区天星桥 64 号 法定代表人/负责人:武世学\n"
        "第一条 借款\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("贷款人", "兴业银行股份有限公司重庆分行"),
        ("借款人", "沙坪坝区戈洋酒水经营部"),
    ]
    address = [f.value for p in r.parties for f in p.fields if f.key == "address"]
    assert address == ["重庆市江北区红黄路 1 号", "重庆市沙坪坝区天星桥 64 号"]


def test_a_name_under_an_empty_role_without_its_alias_note():
    r = run_text(
        "资产买卖协议\n甲方：\n北京市基础设施投资有限公司(以下简称“京投公司”)\n乙方：\n"
        "方正证券股份有限公司(以下简称“方正证券”或“计划管理人”)\n第一条 定义\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "北京市基础设施投资有限公司"),
        ("乙方", "方正证券股份有限公司"),
    ]
    # a label under the role is no name, whatever its value would read as (居民身份证号码：)
    r = run_text("聘用合同\n乙方：\n居民身份证号码：\n第一条 聘用\n")
    assert [(p.role, p.name) for p in r.parties] == [("乙方", None)]


def test_the_preamble_under_an_empty_role_is_no_name():
    r = run_text(
        "核桃园承包合同\n发包方(甲方):安丘市吾山镇杜家蒯沟村委\n承包方(乙方):\n\n甲乙双方根据《中华人民共和国农村土地承包法》等有关法律、\n法规的规定,签订本合同。\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", "安丘市吾山镇杜家蒯沟村委"), ("乙方", None)]


def test_parties_numbered_under_one_role_are_parties_of_their_own():
    # several parties listed under one role, which the outline reads as a list's items
    r = run_text(
        "基础资产买卖协议\n本协议由以下各方于2013年6月在北京签署。\n甲方(或“原始权益人”):\n"
        "1、北京市基础设施投资有限公司(以下简称“京投公司”)\n法定代表人:\n田振清\n住所:\n北京市朝阳区小营北路6号\n"
        "2、北京地铁五号线投资有限责任公司\n法定代表人:\n住所:\n乙方:\n方正证券股份有限公司\n法定代表人:\n雷杰\n"
        "鉴于:\n1、甲方均是按中国法律法规设立并有效存续的公司法人,具有签订本协议的能力。\n"
    )
    got = [(p.role, p.description, p.name) for p in r.parties]
    assert got == [
        ("甲方", "或原始权益人", None),  # the group's heading, its closing quote kept out of it
        ("甲方1", "或原始权益人", "北京市基础设施投资有限公司"),
        ("甲方2", "或原始权益人", "北京地铁五号线投资有限责任公司"),
        ("乙方", None, "方正证券股份有限公司"),
    ]
    assert fields(r.parties[1])[1:] == [
        ("legal_representative", "法定代表人", "田振清", "filled"),
        ("address", "住所", "北京市朝阳区小营北路6号", "filled"),
    ]
    assert [f.status for f in r.parties[2].fields[1:]] == ["empty", "empty"]
    assert not [f for f in r.findings if f.rule == "party-missing-name"]


def test_value_under_its_label_in_a_party_block():
    r = run_text(
        "合作协议\n甲方:杭州云帆科技有限公司\n法定代表人:\n陈立峰\n传真:\n鉴于\n甲方拟与乙方合作。\n第一条 合作。\n"
    )
    assert fields(r.parties[0])[1:] == [
        ("legal_representative", "法定代表人", "陈立峰", "filled"),
        ("fax", "传真", None, "empty"),  # 鉴于 opens the recitals: no fax number
    ]
    # a numbered clause under an empty role is no party of a group
    r = run_text("合作协议\n甲方:\n乙方:\n1、甲方应当按时付款,乙方应当按时交货。\n")
    assert [p.role for p in r.parties] == ["甲方", "乙方"]


def test_value_in_brackets_under_a_bilingual_label():
    r = run_text(
        "厂房租赁合同\n(1) 出租方（甲方）：\n|Lessor (Party A):\n【上海马力索精密机械有限公司】\n"
        "【Shanghai Mariso Precision Machinery Co., Ltd】\n法定地址：\nLegal Address:\n【上海市浦东新区秀浦路3500号】\n"
        "【Shanghai City, Pudong New District, Xiupu Road, No. 3500】\n(2)承租方（乙方）：\n【上海起阁动力科技有限公司】\n"
        "第一条 租赁\n甲方将厂房出租给乙方。\n"
    )
    assert fields(r.parties[0]) == [
        ("name", "出租方（甲方）", "上海马力索精密机械有限公司", "filled"),
        ("address", "法定地址", "上海市浦东新区秀浦路3500号", "filled"),
    ]


def test_names_cut_from_what_follows_them():
    r = run_text(
        "资产置换协议书\n甲方:四川湖山电子股份有限公司(“四川湖山”),一家依据中国法律成立的股份有限公司,"
        "法定代表人为廖建明(以下简称“代表”)。\n乙方:周伟森 身份证号码 联系电话:\n第一条 置换。\n"
    )
    assert [p.name for p in r.parties] == ["四川湖山电子股份有限公司", "周伟森"]
    # three parties run together on one line, the preamble run on after the last
    r = run_text(
        "补充协议\n甲方:中国泛海控股集团有限公司乙方:泛海建设控股有限公司丙方:泛海建设集团股份有限公司"
        "甲、乙、丙三方经友好协商,协议三方同意签订本补充协议如下:\n一、转让。\n"
    )
    assert [p.name for p in r.parties] == [
        "中国泛海控股集团有限公司",
        "泛海建设控股有限公司",
        "泛海建设集团股份有限公司",
    ]


def test_a_sentence_or_open_address_words_are_no_name():
    r = run_text(
        "商铺租赁合同\n出租方(以下称甲方): 承租方(以下称乙方): 甲方愿意将产权属于自己的房屋出租给乙方。双方根据有关法律订立本合同。\n"
        "第一条 租赁。\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", None), ("乙方", None)]
    r = run_text("养殖合同\n甲方:刘炳义\n乙方: 县 乡村,姓名: 身份证号:\n一、甲方回收乙方的鸭。\n")
    assert [(p.role, p.name) for p in r.parties] == [("甲方", "刘炳义"), ("乙方", None)]


def test_a_template_x_or_a_unit_alone_is_no_value():
    r = run_text(
        "自来水费结算协议\n甲方:某自来水公司\n联系人:XXX___\n地址:____________号\n乙方:某用水单位\n一、结算。\n"
    )
    assert [(f.key, f.value, f.status) for f in r.parties[0].fields[1:]] == [
        ("contact", "XXX", "empty"),  # the placeholder kept, reported as not filled
        ("address", None, "empty"),
    ]


def test_party_values_end_where_the_next_thing_begins():
    r = run_text(
        "供水特许经营协议\n甲方:武汉市水务局(经中国湖北省武汉市人民政府授权签署);\n法定代表人:左绍斌,职务:局长。\n"
        "乙方:镇江市人民政府(或政府授权公司)\n第一条 特许。\n"
    )
    assert [p.name for p in r.parties] == ["武汉市水务局", "镇江市人民政府(或政府授权公司)"]
    assert [(f.key, f.value) for f in r.parties[0].fields[1:]] == [
        ("legal_representative", "左绍斌"),
        ("other", "局长"),
    ]
    r = run_text(
        "赡养协议\n甲方:程荣清\n赡养人:\n程华荣,男,45岁,住址:宜秀区罗岭镇花元村新农村民组 程江明,男,39岁,住址:怀宁县凉亭乡\n"
        "一、赡养。\n"
    )
    assert "宜秀区罗岭镇花元村新农村民组" in [f.value for p in r.parties for f in p.fields]


def test_a_template_line_of_one_line_scrape_gives_no_label_as_value():
    r = run_text(
        "买卖框架合同\n甲方(买方)名称:统一社会信用代码:本合同各方经平等自愿协商,签订本合同。户名:第1页/共10页账号:"
        "纳税人识别号:地址、电话:增值税率:2.5.2.甲方在支付每一笔款项前,乙方应当开具发票。\n"
    )
    assert [f.value for p in r.parties for f in p.fields if f.status == "filled"] == []


def test_a_title_glued_before_the_first_role():
    r = run_text(
        "租赁加油站合同 篇1甲方(出租人):加油站法定代表人(负责人):\n乙方(承租人):某石油化工公司\n第一条 租赁。\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [("甲方", None), ("乙方", "某石油化工公司")]


def test_a_bare_institution_word_or_a_labels_first_word_is_no_name():
    r = run_text("课后托管协议\n甲方:张三\n乙方:学校\n一、托管。\n")
    assert [(p.role, p.name) for p in r.parties] == [("甲方", "张三"), ("乙方", None)]
    r = run_text("运输协议\n甲方:某矿业公司\n乙方(公章):_________法定代表人(签字):\n一、运输。\n")
    assert r.parties[1].name is None


def test_a_party_named_only_in_the_opening_sentence():
    r = run_text(
        "合作协议\n甲方:\n地址:\n乙方:\n地址:\n北京亿生生网络科技有限公司(以下简称乙方)与南京分布软件科技有限公司(以下简称甲方)"
        "经友好协商,达成如下协议:\n第一条 合作。\n日期: 201 年月日\n"
    )
    assert [(p.role, p.name) for p in r.parties] == [
        ("甲方", "南京分布软件科技有限公司"),
        ("乙方", "北京亿生生网络科技有限公司"),
    ]
    # the block's name lines are still empty: a reviewer fills them in
    assert [f.line for f in r.findings if f.rule == "party-missing-name"] == [2, 4]


def test_a_forms_instruction_and_an_english_label_are_no_name():
    r = run_text("劳动合同 Labor Contract\n甲方:某公司\n乙方:(职工姓名) ID card No.\n第一条 期限。\n")
    assert [(p.role, p.name) for p in r.parties] == [("甲方", "某公司"), ("乙方", None)]
    assert not [b for b in r.blanks if b.line == 3 and b.status == "filled"]


def test_names_left_out_or_run_on_into_the_preamble():
    r = run_text("瓷砖铺贴协议\n甲 方:蔡卧斌\n乙 方:何庆如 通过双方协商, 就展厅瓷砖铺贴价格如下:\n1.墙砖。\n")
    assert [p.name for p in r.parties] == ["蔡卧斌", "何庆如"]
    r = run_text(
        "培训协议\n甲方:某医院\n法定代表人:,院长\n乙方:________________________ (受训人)\n第一条 培训。\n"
    )
    assert [(f.key, f.value) for f in r.parties[0].fields] == [
        ("name", "某医院"),
        ("legal_representative", None),
    ]
    name = r.parties[1].fields[0]
    assert (name.status, name.span) == ("empty", (3, 27))  # the line drawn, one place with its blank


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # roles on one line, each after the line drawn for the name before it
        (
            "订立合同双方:承揽人:______________定作人:______________ 定作人委托承揽人加工____。",
            ["承揽人", "定作人"],
        ),
        ("居间协议协议编号:_____委托人:________居间人:________签订时间:_____年", ["委托人", "居间人"]),
        ("甲方(购货单位):__________乙方(供货单位):__________", ["甲方", "乙方"]),
        # the drawn line stands for each colon
        ("甲方(出租方)__________乙方(承租方)__________丙方(居间方)__________", ["甲方", "乙方", "丙方"]),
        # the name's label between the note and the colon, a title run on before
        (
            "买卖框架合同甲方(买方)名称:统一社会信用代码:乙方(卖方)名称:统一社会信用代码:本合同各方经协商",
            ["甲方", "乙方"],
        ),
    ],
)
def test_several_roles_on_one_line(text, roles):
    r = run_text(f"{text}\n第一条 约定。\n")
    assert [p.role for p in r.parties][: len(roles)] == roles
    assert all(p.name is None for p in r.parties)


def test_a_label_over_its_drawn_line_is_no_representatives_name():
    r = run_text(
        "租房定金协议\n甲方(出租方)______乙方(承租方)______代理人______代理人______身份证号______身份证号______\n一、定金。\n"
    )
    assert not [f for p in r.parties for f in p.fields if f.status == "filled"]


def test_a_role_named_by_its_alias_note_without_a_colon():
    r = run_text(
        "吊车租赁协议\n雇用单位(以下简称甲方)黑山北方清源水务有限公司受雇人(以下简称乙方)名称: 张玉春\n一、租用。\n"
    )
    got = [(p.role, p.alias, p.name) for p in r.parties]
    assert got == [("甲方", "雇用单位", "黑山北方清源水务有限公司"), ("乙方", "受雇人", "张玉春")]
    # a preamble's sentence naming both is no party line
    r = run_text(
        "协议书\n出租方(以下简称甲方)张三与承租方(以下简称乙方)李四经协商一致,订立本协议。\n一、租赁。\n"
    )
    assert "张三与承租方" not in [p.name for p in r.parties]


def test_a_semicolon_for_the_colon_and_a_note_left_open():
    r = run_text("塔吊租赁合同\n承租方:(以下简称甲方)\n出租方;(以下简称乙方)\n一、设备。\n")
    assert [(p.role, p.alias) for p in r.parties] == [("甲方", "承租方"), ("乙方", "出租方")]
    r = run_text(
        "家政保姆聘用合同雇佣方(简称甲方):身份证号码:\n被雇佣方(简称乙方:身份证号码:\n一、工作内容\n"
    )
    assert [(p.role, p.alias) for p in r.parties] == [("甲方", "雇佣方"), ("乙方", "被雇佣方")]


def test_a_role_is_not_the_tail_of_a_longer_one():
    r = run_text("赡养协议\n被赡养人姓名:周文友、徐文英\n赡养人姓名:周忠华、周忠祥\n一、赡养。\n")
    assert [(p.role, p.name) for p in r.parties] == [
        ("被赡养人", "周文友、徐文英"),
        ("赡养人", "周忠华、周忠祥"),
    ]


def test_a_signing_row_of_named_roles_gives_the_parties():
    r = run_text(
        "包机合同\n1.包机人于 月 日起包用飞机。\n2.承运人应依期飞行。\n3.其他事项按承运人规则办理.\n"
        "包机人: 承运人:\n银行帐号: 银行帐号:\n签订日期 年 月 日\n"
    )
    assert [p.role for p in r.parties] == ["包机人", "承运人"]


def test_parties_named_in_the_preamble_over_role_words_alone():
    # 兹有____(甲方)委托____(乙方)…, then a table's header cell 存货人 alone: the preamble's parties
    r = check(REALWORLD / "templates" / "20-warehouse-storage-short-form.txt")
    assert [p.role for p in r.parties][:2] == ["甲方", "乙方"]


def test_an_ordinal_party_the_clauses_speak_of_with_no_block():
    text = "购货单位(乙方)\n一、产品\n1、甲方开户行:帐号:\n2、乙方须向甲方付清货款。\n3、甲方于两个工作日内发货。\n"
    r = run_text("软件购销合同\n" + text)
    assert [(p.role, p.name, p.line) for p in r.parties] == [("乙方", None, 2), ("甲方", None, 4)]
    assert "甲方" in [f.place for f in r.findings if f.rule == "party-missing-name"]
    # spoken of once or twice only: no party
    r = run_text("软件购销合同\n购货单位(乙方)\n一、产品\n1、乙方须向甲方付清货款。\n")
    assert [p.role for p in r.parties] == ["乙方"]


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("邮政编码: Postcode", "postcode"),
        ("身份证号: Permanent Registered", "id_number"),
        ("账号:货物或应税劳务", "account"),
    ],
)
def test_a_code_with_no_digit_is_no_value(line, key):
    r = run_text(f"劳动合同\n乙方:张三\n{line}\n第一条 期限。\n")
    f = next(f for f in r.parties[0].fields if f.key == key)
    assert (f.status, f.value) == ("empty", None)


def test_a_masked_or_pointed_code_is_kept():
    r = run_text("协议\n乙方:张三\n身份证号码: [*]\n账号:同上\n电话:1390000xxxx\n第一条 期限。\n")
    assert [f.status for f in r.parties[0].fields[1:]] == ["filled", "filled", "filled"]


def test_a_value_masked_letter_by_letter_is_a_placeholder():
    r = run_text("招标代理合同\n甲方:上海工程技术大学\n地址:xxxxxxxxx 000 x\n第一条 委托。\n")
    f = r.parties[0].fields[1]
    assert (f.key, f.status) == ("address", "empty")
