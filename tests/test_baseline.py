"""--baseline: findings seen before (an earlier run's JSON, or the reviewed workbook) are left out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.audit.run import Options, audit
from extractor.baseline import BaselineError, load

from .conftest import ROOT, SAMPLES


def _check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_check_shows_only_what_is_new(tmp_path: Path):
    contract = tmp_path / "合同.txt"
    contract.write_text((SAMPLES / "seed.txt").read_text(encoding="utf-8"), encoding="utf-8")
    first = _check(str(contract), "--json")
    (tmp_path / "base.json").write_text(first.stdout, encoding="utf-8")
    before = json.loads(first.stdout)
    again = _check(str(contract), "--json", "--baseline", str(tmp_path / "base.json"))
    after = json.loads(again.stdout)
    assert after["findings"] == [] and after["summary"]["known"] == len(before["findings"])
    assert again.returncode == 0  # nothing new reaches --fail-on
    # a new fault is reported, the seen ones stay out
    text = contract.read_text(encoding="utf-8").replace(
        "第十二章不可抗力", "第十一章附则\n第十二章不可抗力", 1
    )
    contract.write_text(text, encoding="utf-8")
    edited = json.loads(_check(str(contract), "--json", "--baseline", str(tmp_path / "base.json")).stdout)
    assert [f["code"] for f in edited["findings"]] == ["S104"]  # 第十一章 twice: new
    assert edited["summary"]["known"] == len(before["findings"])  # the lines moved: still the same findings


def test_a_baseline_that_is_no_hetong_output_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "notes.json"
    bad.write_text("[1, 2", encoding="utf-8")
    r = _check(str(SAMPLES / "seed.txt"), "--baseline", str(bad))
    assert r.returncode == 2 and "not a hetong output" in r.stderr and len(r.stderr.splitlines()) == 1
    with pytest.raises(BaselineError, match="no such baseline"):
        load(str(tmp_path / "none.jsonl"))


def test_audit_takes_the_reviewed_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from openpyxl import load_workbook

    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "合同"
    folder.mkdir()
    for name in ("seed.txt", "lease-articles.txt"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    first = audit(Options(paths=[str(folder)], xlsx=str(tmp_path / "a.xlsx"), workers=1))
    # the reviewer marks two findings of the seed as seen (状态), and leaves the others
    wb = load_workbook(tmp_path / "a.xlsx")
    ws = wb["findings"]
    head = [c.value for c in ws[1]]
    status = head.index("status") + 1
    marked = []
    for row in ws.iter_rows(min_row=2):
        if row[0].value.endswith("seed.txt") and len(marked) < 2:
            row[status - 1].value = "已确认"
            marked.append((row[1].value, row[8].value))
    wb.save(tmp_path / "a.xlsx")
    second = audit(
        Options(
            paths=[str(folder)], jsonl=str(tmp_path / "b.jsonl"), baseline=str(tmp_path / "a.xlsx"), workers=1
        )
    )
    lines = [json.loads(x) for x in (tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()]
    seed = next(x for x in lines if x["source"]["path"].endswith("seed.txt"))
    assert seed["summary"]["known"] == 2
    assert not {(f["code"], f["message"]) for f in seed["findings"]} & set(marked)
    assert second.totals.known == 2
    assert sum(first.totals.severities.values()) - 2 == sum(second.totals.severities.values())
    assert os.path.exists(tmp_path / "b.jsonl")


def test_the_contract_page_says_how_many_were_left_out():
    from extractor import check
    from extractor.report.html import render_contract

    result = check(SAMPLES / "seed.txt")
    result.known = 4
    assert "4 more already reviewed" in render_contract(result)
