"""The seed contract, as the issue states what it must give."""

from __future__ import annotations

import pytest

from extractor import check

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def seed():
    return check(SAMPLES / "seed.txt")


def numbered(nodes, kinds):
    for n in nodes:
        if n.kind in kinds:
            yield n
        yield from numbered(n.children, kinds)


def test_title(seed):
    assert seed.title == "智能客服系统升级服务协议"


def test_chapters_and_clauses(seed):
    chapters = [n.number for n in seed.outline if n.kind == "chapter"]
    assert chapters == [str(i) for i in range(1, 13)] + ["14"]
    clauses = list(numbered(seed.outline, {"clause"}))
    assert len(clauses) == 53
    assert all(c.number.split(".")[0] in chapters for c in clauses)


def test_findings(seed):
    by_rule = {}
    for f in seed.findings:
        by_rule.setdefault(f.rule, []).append(f)
    assert [f.clause for f in by_rule["missing-chapter"]] == ["13"]
    assert [f.clause for f in by_rule["truncated-document"]] == ["14"]
    assert len(by_rule["missing-signature"]) == 1
    assert len(by_rule["duplicate-field"]) == 2
    # a blank model: its 18 empty blanks are one info finding (each stays in the blanks)
    (blanks,) = by_rule["empty-blank"]
    assert blanks.severity == "info" and "18 blanks empty" in blanks.message
    assert len(by_rule["noise-removed"]) == 1


def test_parties(seed):
    assert [(p.role, p.description) for p in seed.parties] == [("甲方", "服务提供方"), ("乙方", "服务接收方")]
    for p in seed.parties:
        assert [f.label for f in p.fields].count("地址") == 2


def test_blanks(seed):
    assert len(seed.blanks) == 18
    assert all(b.status == "empty" for b in seed.blanks)
    term = next(b for b in seed.blanks if b.clause == "3.1")
    assert (term.label, term.unit) == ("服务期限", "个月")
    assert seed.lines[0].text == "" or "原创力" not in seed.lines[0].text


def test_no_boilerplate_in_outline(seed):
    text = "\n".join(
        n.title + n.text for n in numbered(seed.outline, {"preamble", "chapter", "clause", "title"})
    )
    for noise in ("原创力", "VIP", "文档评论", "相关文档", "查看更多"):
        assert noise not in text


def test_exit_status(tmp_path):
    from extractor.cli import main

    assert main(["check", str(SAMPLES / "seed.txt"), "--json", "-o", str(tmp_path / "o.json")]) == 1
    assert (
        main(["check", str(SAMPLES / "seed.txt"), "--fail-on", "never", "-o", str(tmp_path / "o.txt")]) == 0
    )
