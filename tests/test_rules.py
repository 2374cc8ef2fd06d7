"""Every rule: its docstring's Hit examples trigger it, its Okay examples do not; codes are stable."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.api import analyse
from extractor.model import Document, Line, Note
from extractor.rules import all_rules, selected
from extractor.rules.docs import markdown

from .conftest import ROOT, run_text

RULES = all_rules()
NOTE_RULES = {"unaccepted-revisions", "numbering-lost", "no-text-layer", "mojibake-repaired"}
TEMPLATE_RULES = {"template-deviation", "template-text-missing", "template-text-added", "not-from-template"}
#: rules whose hit needs more than text (a picture): tested with a real file below
PICTURE_RULES = {"signature-image"}


def fired(text: str, slug: str) -> list:
    return [f for f in run_text(text).findings if f.rule == slug]


@pytest.mark.parametrize(
    "rule",
    [r for r in RULES if r.slug not in NOTE_RULES | TEMPLATE_RULES | PICTURE_RULES | {"format-mismatch"}],
    ids=lambda r: r.slug,
)
def test_hit_and_okay_examples(rule):
    hits, okays = rule.examples("Hit"), rule.examples("Okay")
    assert hits and okays, f"{rule.code} {rule.slug} needs Hit: and Okay: examples in its docstring"
    for text in hits:
        found = fired(text, rule.slug)
        assert found, f"{rule.slug} should fire on:\n{text}"
        assert all(f.code == rule.code and f.severity == rule.severity for f in found)
        assert all(f.message and "\n" not in f.message for f in found)
    for text in okays:
        assert not fired(text, rule.slug), f"{rule.slug} should not fire on:\n{text}"


#: a note of each kind a reader leaves: its message key and parameters, and words its message holds
NOTES = {
    "unaccepted-revisions": ("both", {"revisions": 3, "comments": 2}, ("3 处", "2 条批注")),
    "numbering-lost": ("lost", {}, ("LibreOffice",)),
    "no-text-layer": ("no_text", {"pages": "1–3"}, ("第 1–3 页",)),
    "mojibake-repaired": ("repaired", {"was": "GBK"}, ("GBK",)),
}


@pytest.mark.parametrize("slug", sorted(NOTE_RULES))
def test_reader_notes_become_findings(slug, zh):
    key, args, words = NOTES[slug]
    lines = [Line(1, "服务协议"), Line(2, "第一条 乙方提供服务。"), Line(3, "甲方（盖章）：")]
    doc = Document(lines=lines, format="docx", notes=[Note(slug, key, args, line=2)])
    result = analyse(doc, b"x", "a.docx")
    found = [f for f in result.findings if f.rule == slug]
    assert len(found) == 1 and found[0].line == 2
    assert all(w in found[0].message for w in words), found[0].message
    clean = analyse(Document(lines=lines, format="docx"), b"x", "a.docx")
    assert not [f for f in clean.findings if f.rule == slug]


def test_format_mismatch():
    lines = [Line(1, "服务协议"), Line(2, "第一条 乙方提供服务。")]
    hit = analyse(Document(lines=lines, format="rtf"), b"x", "contract.doc")
    assert [f.rule for f in hit.findings if f.rule == "format-mismatch"] == ["format-mismatch"]
    assert hit.source.declared_format == "doc"
    miss = analyse(Document(lines=lines, format="doc"), b"x", "contract.doc")
    assert not [f for f in miss.findings if f.rule == "format-mismatch"]


def test_codes_unique_and_well_formed():
    codes = [r.code for r in RULES]
    slugs = [r.slug for r in RULES]
    assert len(set(codes)) == len(codes) and len(set(slugs)) == len(slugs)
    for r in RULES:
        assert r.severity in ("error", "warning", "info")
        assert r.summary and r.code[0] in "DSBPTC" and r.code[1:].isdigit()


def test_select_and_ignore():
    assert {r.slug for r in selected(["S1"])} == {r.slug for r in RULES if r.code.startswith("S1")}
    assert "empty-blank" not in {r.slug for r in selected(ignore=["empty-blank"])}
    assert [r.slug for r in selected(["B201"])] == ["empty-blank"]


def test_missing_chapter_names_the_number():
    text = "服务协议\n第一章 定义\n1.1 定义。\n第二章 范围\n2.1 范围。\n第五章 费用\n5.1 费用。\n甲方（盖章）：\n"
    found = fired(text, "missing-chapter")
    assert [f.clause for f in found] == ["3", "4"]
    assert "第三章" in found[0].message and found[0].line == 6


def test_missing_clause_inside_chapter():
    text = "服务协议\n第一章 定义\n1.1 定义。\n1.2 范围。\n1.4 费用。\n甲方（盖章）：\n"
    assert [f.clause for f in fired(text, "missing-clause")] == ["1.3"]


def test_articles_restart_per_chapter_are_not_faults():
    text = (
        "劳动合同\n第一章 总则\n第一条 目的。\n第二条 依据。\n第二章 期限\n第一条 期限。\n第二条 试用期。\n"
        "甲方（盖章）：\n"
    )
    r = run_text(text)
    assert not [
        f for f in r.findings if f.rule in ("duplicate-heading", "numbering-out-of-order", "missing-chapter")
    ]


def test_docs_file_is_current():
    doc = ROOT / "docs" / "rules.md"
    assert doc.exists(), "docs/rules.md is missing: hetong rules --markdown > docs/rules.md"
    assert doc.read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md drifted: hetong rules --markdown > docs/rules.md"
    )


def test_every_rule_is_documented_in_markdown():
    text = markdown()
    for r in RULES:
        assert f"## {r.code} `{r.slug}`" in text


def test_rules_modules_one_per_family():
    folder = Path(__file__).resolve().parent.parent / "extractor" / "rules"
    assert {p.stem for p in folder.glob("*.py")} >= {"structure", "blanks", "parties", "document"}


def test_item_lists_restarting_under_labels_are_not_duplicates():
    text = (
        "服务合同\n第五条 双方的保密义务如下：\n甲方：\n1．保密内容。\n2．保密期限。\n乙方：\n1．保密内容。\n"
        "2．保密期限。\n第六条 其他。\n甲方（盖章）：\n"
    )
    r = run_text(text)
    assert not [f for f in r.findings if f.rule == "duplicate-heading"]
    r = run_text(text.replace("乙方：\n1．保密内容。\n2．保密期限。\n", "2．重复。\n"))
    assert [f.line for f in r.findings if f.rule == "duplicate-heading"] == [6]


def test_a_terms_of_service_ending_with_a_form_line_is_not_truncated():
    r = run_text(
        "用户服务协议\n1. 总则\n1.1 本协议适用于平台服务。\n2. 联系我们\n联系地址：浙江省杭州市余杭区文一西路969号\n"
    )
    assert not [f for f in r.findings if f.rule == "truncated-document"]


def test_one_stray_number_is_out_of_order_not_a_gap_and_a_cascade():
    # a 第十八条 left over from renumbering between 第十二条 and 第十三条: one finding, no missing 第十七条
    text = "劳动合同\n" + "".join(
        f"第{n}条 乙方应遵守规定。\n"
        for n in [*"一二三四五六七八九十", "十一", "十二", "十八", "十三", "十四", "十五", "十六"]
    )
    structure = ("missing-chapter", "numbering-out-of-order", "duplicate-heading")
    found = [f for f in run_text(text).findings if f.rule in structure]
    assert [(f.rule, f.clause) for f in found] == [("numbering-out-of-order", "18")]
    assert found[0].message == "第十八条 stands between 第十二条 and 第十三条: its number is out of sequence"


def test_missing_number_messages_read_as_sentences():
    found = fired("服务协议\n第三条 费用按月支付。\n第四条 争议协商解决。\n", "missing-chapter")
    assert [f.message for f in found] == [
        "missing 第一条 (1): numbering starts at 第三条",
        "missing 第二条 (2): numbering starts at 第三条",
    ]


def test_real_numbering_faults_all_found_at_once():
    # 第四条 → 第六条 (missing), then 第十一、十三、十二、十三条: one out of order, one repeated
    arts = ["一", "二", "三", "四", "六", "七", "八", "九", "十", "十一", "十三", "十二", "十三", "十四"]
    text = (
        "租赁合同\n甲方：某公司\n乙方：某人\n"
        + "".join(f"第{n}条 内容。\n" for n in arts)
        + "甲方（盖章）：\n"
    )
    found = [
        (f.rule, f.clause)
        for f in run_text(text).findings
        if f.rule in ("missing-chapter", "numbering-out-of-order", "duplicate-heading")
    ]
    assert sorted(found) == [
        ("duplicate-heading", "13"),
        ("missing-chapter", "5"),
        ("numbering-out-of-order", "13"),
    ]


def _png() -> bytes:
    """A 2x2 white PNG, written by hand so the test needs no imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\xff\xff" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _docx(tmp_path: Path, paragraphs: list[str], picture: bool) -> Path:
    import io

    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if picture:
        d.add_paragraph().add_run().add_picture(io.BytesIO(_png()))
    path = tmp_path / "contract.docx"
    d.save(str(path))
    return path


def test_signing_page_as_a_picture_is_not_a_missing_signature(tmp_path):
    from extractor.api import check

    body = ["服务协议", "甲方：某公司", "乙方：某公司", "第一条 乙方提供服务。", "第二条 甲方支付费用。"]
    with_picture = check(_docx(tmp_path, body, picture=True))
    rules = [f.rule for f in with_picture.findings]
    assert "missing-signature" not in rules and rules.count("signature-image") == 1
    without = check(_docx(tmp_path, body, picture=False))
    rules = [f.rule for f in without.findings]
    assert "missing-signature" in rules and "signature-image" not in rules


def test_every_rule_has_a_chinese_name():
    from extractor.rules import rule_names

    names = rule_names()
    assert sorted(names) == sorted(r.code for r in RULES), "patterns/rule_names.toml and the rules differ"
    assert all(r.name != r.slug and any("\u4e00" <= c <= "\u9fff" for c in r.name) for r in RULES)


def test_every_rule_has_a_weight_and_top_findings_go_by_weight():
    from extractor.rules import _rule_table, ranked

    weights = _rule_table()["weights"]
    assert {r.code for r in RULES} <= set(weights), "a rule without a weight in patterns/rule_names.toml"
    result = run_text(
        "服务协议\n甲方：杭州云帆科技有限公司\n合同编号：____\n第一条 服务。\n第二条 费用。\n第四条 违约。\n"
    )
    codes = [f.code for f in ranked(result.findings)]
    # the missing article and the missing signature block before the empty 合同编号, whatever their lines
    assert codes.index("S101") < codes.index("B201") and codes.index("S107") < codes.index("B201")
    assert codes[0] == "S107"


def test_a_contract_whose_layout_was_not_read_is_still_a_contract():
    # a page scrape on one line: no title, clause, party block or blank is found, yet the text speaks as a
    # contract (a contract word, a party word): no "not a contract" error
    scrape = (
        "服务类项目政府采购合同协议书政府采购合同编号: CSCG-GK-1 采购人(全称): 长沙市某中心 (甲方)中标(成交)"
        "供应商(全称): 湖南某公司 (乙方)为了保护甲、乙双方合法权益,双方签订本合同协议书。\n"
    )
    assert "no-contract-text" not in [f.rule for f in run_text(scrape).findings]
    page = "原创力文档网站文档一经付费，不意味着购买了该文档的版权\n查看更多\n"
    assert "no-contract-text" in [f.rule for f in run_text(page).findings]
