"""--template: a filled-in contract compared with the blank model it was made from."""

from __future__ import annotations

from extractor import check, check_bytes

from .conftest import SAMPLES

TEMPLATE = """服务协议
甲方：____
第一条 服务期限为____个月。
第二条 违约金为合同总额的____%。
第三条 争议提交____仲裁委员会仲裁。
第四条 本协议一式两份。
甲方（盖章）：
"""


def with_template(text: str):
    template = check_bytes(TEMPLATE.encode(), "template.txt")
    from extractor.api import analyse
    from extractor.readers import read_bytes

    data = text.encode()
    return analyse(read_bytes(data, source="c.txt"), data, "c.txt", template=template)


def test_values_typed_in_place_are_found():
    r = with_template(
        TEMPLATE.replace("甲方：____", "甲方：杭州云帆科技有限公司")
        .replace("为____个月", "为12个月")
        .replace("的____%", "的 20 %")
        .replace("提交____仲裁", "提交杭州仲裁")
    )
    got = [(b.label, b.status, b.value, b.normalized) for b in r.blanks]
    assert got == [
        ("甲方", "filled", "杭州云帆科技有限公司", None),
        ("服务期限", "filled", "12", {"type": "duration", "value": 12, "unit": "month"}),
        ("违约金", "filled", "20", {"type": "percent", "value": 20}),
        ("仲裁机构", "filled", "杭州", None),
        ("甲方", "empty", None, None),  # 甲方（盖章）： — the seal does not show in the text (B203)
    ]
    assert not [f for f in r.findings if f.rule.startswith("template-") or f.rule == "empty-blank"]


def test_blank_left_empty_and_struck_out():
    r = with_template(TEMPLATE.replace("为____个月", "为__/__个月"))
    assert [b.status for b in r.blanks] == ["empty", "na", "empty", "empty", "empty"]


def test_edited_and_missing_and_added_text():
    text = TEMPLATE.replace("本协议一式两份。", "本协议一式四份，甲方执三份。").replace(
        "第三条 争议提交____仲裁委员会仲裁。\n", ""
    )
    text = text.replace("甲方（盖章）：", "第五条 乙方放弃一切抗辩权利。\n甲方（盖章）：")
    r = with_template(text)
    rules = [(f.rule, f.line) for f in r.findings if f.rule.startswith("template-")]
    assert ("template-deviation", 5) in rules
    # the missing text is placed where it would have stood: after 第二条 (line 4) in the contract
    assert ("template-text-missing", 4) in rules
    assert ("template-text-added", 6) in rules
    deviation = next(f for f in r.findings if f.rule == "template-deviation")
    assert "四份" in deviation.message and "第四条" in deviation.message
    # the characters that changed are marked in the contract's line: 一式[四份，甲方执三]份 (first to last)
    line = next(ln.text for ln in r.lines if ln.no == deviation.line)
    assert line[deviation.span[0] : deviation.span[1]] == "四份，甲方执三"


def test_seed_signed_against_seed():
    r = check(SAMPLES / "seed-signed.txt", template=SAMPLES / "seed.txt")
    by_clause = {b.clause: b for b in r.blanks if b.clause}
    assert by_clause["3.1"].value == "12" and by_clause["3.1"].status == "filled"
    assert by_clause["8.1"].normalized == {"type": "percent", "value": 20}
    assert by_clause["8.2"].status == "na"
    assert by_clause["9.2"].value == "杭州"
    assert not [b for b in r.blanks if b.status == "empty"]


def test_cli_template(capsys):
    from extractor.cli import main

    code = main(
        ["check", str(SAMPLES / "seed-signed.txt"), "--template", str(SAMPLES / "seed.txt"), "--json"]
    )
    assert code == 0
    assert "template-text-added" in capsys.readouterr().out


def test_missing_template_is_an_error(tmp_path):
    from extractor.cli import main

    assert main(["check", str(SAMPLES / "seed.txt"), "--template", str(tmp_path / "nope.txt")]) == 2


def test_a_contract_not_made_from_the_template_is_not_compared():
    other = "房屋租赁合同\n出租人：杭州云帆置业有限公司\n第一条 租赁物为杭州市西湖区文三路1号。\n第二条 租金每月5000元。\n"
    r = with_template(other)
    found = [(f.rule, f.severity) for f in r.findings if f.code.startswith("T4")]
    assert found == [("not-from-template", "info")]
    (f,) = [f for f in r.findings if f.rule == "not-from-template"]
    assert "only 0 of the 7 lines" in f.message
    # a contract made from it is compared, and says nothing of the kind
    same = with_template(TEMPLATE.replace("为____个月", "为12个月"))
    assert not [f for f in same.findings if f.rule == "not-from-template"]
