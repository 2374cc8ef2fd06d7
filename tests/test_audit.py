"""hetong audit: discovery, rows for every file, parallel = serial, cache, crash/hang, resume, Dask."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from extractor.audit.discover import DiscoveryError, discover
from extractor.audit.run import Options, audit, exit_status
from extractor.report.table import KEYS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TXT = sorted(p.name for p in SAMPLES.glob("*.txt"))

#: the files of the tree that are contracts (or claim to be), relative to the tree
CONTRACTS = sorted(
    [f"{n}" for n in TXT]
    + [
        "service-numbered.docx",
        "子目录/合同 副本.txt",
        "子目录/深 层/租赁 合同.txt",
        "broken/empty.docx",
        "broken/cut.docx",
        "broken/random.pdf",
    ],
    key=lambda p: p.split("/"),
)
EXPECTED_ERRORS = {
    "broken/empty.docx": "unreadable",
    "broken/cut.docx": "unreadable",
    "broken/random.pdf": "unsupported",
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder mixing formats, subfolders, Chinese names with spaces, lock/hidden files and broken files."""
    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("HETONG_TEST_CRASH_ON", "HETONG_TEST_HANG_ON", "HETONG_TEST_DELAY"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "合同 库"
    (root / "子目录" / "深 层").mkdir(parents=True)
    (root / "broken").mkdir()
    (root / ".hidden").mkdir()
    for name in TXT:
        shutil.copy(SAMPLES / name, root / name)
    shutil.copy(SAMPLES / "service-numbered.docx", root / "service-numbered.docx")
    seed = (SAMPLES / "seed.txt").read_bytes()
    (root / "子目录" / "合同 副本.txt").write_bytes(seed.replace("智能客服".encode(), "智慧客服".encode()))
    (root / "子目录" / "深 层" / "租赁 合同.txt").write_bytes(
        (SAMPLES / "lease-articles.txt").read_bytes() + b"\n"
    )
    (root / "broken" / "empty.docx").write_bytes(b"")
    (root / "broken" / "cut.docx").write_bytes((SAMPLES / "service-numbered.docx").read_bytes()[:3000])
    (root / "broken" / "random.pdf").write_bytes(bytes(range(256)) * 8)
    (root / "~$rvice-numbered.docx").write_bytes(b"\x00owner file")  # Word's lock file
    (root / "~WRL0001.tmp").write_bytes(b"temp")
    (root / ".hidden" / "secret.txt").write_text("第一条 不应被读取。", encoding="utf-8")
    (root / ".~lock.seed.txt#").write_text("lock", encoding="utf-8")
    (root / "notes.md").write_text("not a contract", encoding="utf-8")
    os.symlink("..", root / "子目录" / "loop")  # a symlink loop back to the root
    return root


def rel(root: Path, path: str) -> str:
    return Path(path).relative_to(root).as_posix()


def run(root: Path, tmp: Path, name: str, **kw) -> tuple:
    jsonl = tmp / f"{name}.jsonl"
    res = audit(Options(paths=[str(root)], jsonl=str(jsonl), **kw))
    return res, jsonl.read_text(encoding="utf-8").splitlines()


# --- discovery ---------------------------------------------------------------------------------------


def test_discovery_finds_contracts_and_skips_the_rest(tree: Path, tmp_path: Path):
    out = tmp_path / "out"
    (tree / "reports").mkdir()
    (tree / "reports" / "index.html").write_text("<html><body>report</body></html>", encoding="utf-8")
    found = discover([str(tree)], exclude=[str(tree / "reports"), str(out)])
    assert [rel(tree, it.path) for it in found.items] == CONTRACTS
    assert [it.rel for it in found.items] == CONTRACTS
    assert found.skipped["lock or temp file"] == 3  # ~$…docx, ~WRL0001.tmp, .~lock…#
    assert found.skipped["folder seen before (symlink loop or duplicate)"] == 1
    assert found.skipped["output folder"] == 1
    assert found.skipped["hidden folder"] == 1  # .hidden/
    assert all(os.path.isabs(it.loc) for it in found.items)


def test_discovery_of_files_and_several_roots(tree: Path):
    seed = tree / "seed.txt"
    (tree / "子目录" / "loop").unlink()  # (it would lead from 子目录 up into the whole tree)
    found = discover([str(seed), str(tree / "子目录"), str(seed)])
    assert [it.rel for it in found.items] == [
        "seed.txt",
        "子目录/合同 副本.txt",
        "子目录/深 层/租赁 合同.txt",
    ]
    assert found.skipped["file seen before"] == 1
    # a file named on the command line is audited whatever its name
    odd = tree / "contract.bak"
    shutil.copy(seed, odd)
    assert [it.rel for it in discover([str(odd)]).items] == ["contract.bak"]
    with pytest.raises(DiscoveryError, match="no such file or folder"):
        discover([str(tree / "missing")])


def test_broken_symlink_is_an_error_row(tree: Path):
    os.symlink(tree / "gone.docx", tree / "link.docx")
    found = discover([str(tree)])
    item = next(it for it in found.items if it.rel == "link.docx")
    assert item.error == ("unreadable", "a broken symbolic link")


def test_a_pipe_named_like_a_contract_is_an_error_row_not_a_hang(tree: Path):
    os.mkfifo(tree / "pipe.txt")
    for found in (discover([str(tree)]), discover([str(tree / "pipe.txt")])):
        item = next(it for it in found.items if it.path.endswith("pipe.txt"))
        assert item.error == ("unreadable", "not a regular file (a pipe, socket or device)")


def test_a_folder_that_cannot_be_listed_is_a_row(tree: Path, monkeypatch):
    locked = tree / "锁定"
    locked.mkdir()
    real = os.scandir

    def scandir(path):
        if os.path.abspath(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tree)])
    item = next(it for it in found.items if it.rel == "锁定")
    assert item.error == ("unreadable", "a folder that cannot be listed: Permission denied")
    assert any("Permission denied" in w for w in found.warnings)


def test_a_file_name_that_is_not_utf8_is_audited(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "share"
    folder.mkdir()
    bad = os.fsencode(folder) + b"/\xba\xcf\xcd.txt"  # GBK bytes, not UTF-8
    shutil.copy(SAMPLES / "seed.txt", bad)
    for _ in range(2):  # the second run reads the cache
        res = audit(Options(paths=[str(folder)], jsonl=str(tmp_path / "r.jsonl"), progress="off"))
        rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
        assert res.files == 1 and rows[0]["title"] == "智能客服系统升级服务协议"
        assert rows[0]["source"]["path"].endswith("\\xba\\xcf\\xcd.txt")


# --- one run: rows, reports, errors ------------------------------------------------------------------


def test_one_row_per_contract_and_errors_as_rows(tree: Path, tmp_path: Path):
    from extractor.api import check

    out = tmp_path / "out"
    res, lines = run(
        tree,
        tmp_path,
        "a",
        workers=2,
        csv=str(tmp_path / "a.csv"),
        xlsx=str(tmp_path / "a.xlsx"),
        findings_csv=str(tmp_path / "f.csv"),
        out=str(out),
    )
    rows = [json.loads(line) for line in lines]
    assert [rel(tree, r["source"]["path"]) for r in rows] == CONTRACTS
    errors = {rel(tree, r["source"]["path"]): r["error"]["kind"] for r in rows if "error" in r}
    assert errors == EXPECTED_ERRORS
    assert res.files == len(CONTRACTS) and res.checked == len(CONTRACTS)
    assert res.totals.ok == len(CONTRACTS) - 3 and sum(res.totals.failed.values()) == 3
    assert exit_status(res, "error") == 1

    # an ok line is exactly what `check --json` gives for that path
    seed_row = next(r for r in rows if r["source"]["path"].endswith("/seed.txt"))
    path = seed_row["source"]["path"]
    assert seed_row == json.loads(json.dumps(check(path).to_dict(), ensure_ascii=False))
    # --out mirrors the tree, one check --json file per contract (errors included)
    assert sorted(p.relative_to(out).as_posix()[: -len(".json")] for p in out.rglob("*.json")) == CONTRACTS
    assert json.loads((out / "seed.txt.json").read_text(encoding="utf-8")) == seed_row
    cut = json.loads((out / "broken" / "cut.docx.json").read_text(encoding="utf-8"))
    assert cut["error"]["kind"] == "unreadable" and cut["source"]["path"].endswith("cut.docx")

    # CSV (UTF-8 with BOM for Excel) and XLSX: a header and one row per file, same order
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeffpath,status,format,title")
    table = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    assert [rel(tree, r[0]) for r in table[1:]] == CONTRACTS
    seed_csv = next(r for r in table[1:] if r[0] == path)
    head = table[0]
    assert seed_csv[head.index("title")] == "智能客服系统升级服务协议"
    assert seed_csv[head.index("errors")] == str(seed_row["summary"]["error"])
    assert seed_csv[head.index("missing chapters")] == "第十三章"
    # the findings by rule, appended after the columns before (more were appended after it since)
    assert (
        head.index("rules") == head.index("state") + 1
        and "S101 章或条缺失 ×1" in seed_csv[head.index("rules")]
    )
    assert next(r for r in table[1:] if r[0].endswith("random.pdf"))[head.index("error")].startswith(
        "unsupported:"
    )

    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "a.xlsx", read_only=True)
    xrows = list(wb.active.values)
    assert list(xrows[0]) == head
    assert [rel(tree, r[0]) for r in xrows[1:]] == CONTRACTS
    # the second sheet and the findings CSV: one row per finding, the heaviest of a contract first, with
    # empty columns for the reviewer
    frows = list(wb["findings"].values)
    ftable = list(csv.reader((tmp_path / "f.csv").read_text(encoding="utf-8").lstrip("\ufeff").splitlines()))
    assert list(frows[0]) == ftable[0] == [
        "path", "code", "rule", "severity", "weight", "page", "line", "place", "message",
        "reviewer", "status", "comment",
    ]  # fmt: skip
    ok_rows = [r for r in rows if "error" not in r]
    assert len(frows) - 1 == len(ftable) - 1 == sum(len(r["findings"]) for r in ok_rows)
    seed_findings = [r for r in frows[1:] if r[0] == path]
    assert len(seed_findings) == len(seed_row["findings"])
    assert seed_findings[0][1] == "S107"  # no signature block weighs most
    assert all(v is None for r in frows[1:] for v in r[9:])
    wb.close()


def test_workers_1_and_2_give_identical_jsonl(tree: Path, tmp_path: Path):
    _, one = run(tree, tmp_path, "one", workers=1, no_cache=True)
    _, two = run(tree, tmp_path, "two", workers=2, no_cache=True)
    assert one == two
    assert len(one) == len(CONTRACTS)


# --- spreadsheets: no cell runs as a formula ---------------------------------------------------------

FORMULA_CONTRACT = """=HYPERLINK("http://x","y") 服务协议
合同编号：@SUM(1+1)
甲方：+86 某某科技有限公司
乙方：-某某咨询有限公司
第一条 总则
1.1 本协议自签署之日起生效。
"""


def test_csv_safe_prefixes_what_starts_a_formula():
    from extractor.report.table import csv_line, csv_safe

    for bad in ("=1+1", "+86 1", "-2", "@SUM(A1)", "\t=1", "\r=1"):
        assert csv_safe(bad) == "'" + bad
    for fine in ("甲方", "a=b", " =1", "", "合同-1"):
        assert csv_safe(fine) == fine
    assert csv_safe(-3) == -3 and csv_safe(None) is None  # numbers are numbers
    assert csv_line(["a", "b,c", 'x"y', None, 3]) == 'a,"b,c","x""y",,3\r\n'


def test_spreadsheet_cells_never_run_as_formulas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "c"
    root.mkdir()
    (root / "=cmd.txt").write_text(FORMULA_CONTRACT, encoding="utf-8")
    audit(Options(paths=[str(root)], workers=1, csv=str(tmp_path / "f.csv"), xlsx=str(tmp_path / "f.xlsx")))
    table = list(csv.reader((tmp_path / "f.csv").read_text(encoding="utf-8-sig").splitlines()))
    head, row = table[0], dict(zip(table[0], table[1], strict=True))
    assert row["title"] == '\'=HYPERLINK("http://x","y") 服务协议'
    assert row["contract number"] == "'@SUM(1+1)"
    assert row["parties"].startswith("甲方: +86")  # starts with 甲: nothing to do
    assert row["errors"].isdigit()  # counts stay numbers
    # no cell of the CSV starts a formula
    assert not [c for r in table for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]

    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "f.xlsx").active
    cells = {h: c for h, c in zip(head, next(ws.iter_rows(min_row=2, max_row=2)), strict=True)}
    # XLSX keeps the text as it is, as a string cell (t="inlineStr"), never a formula (data_type "f")
    assert cells["title"].value.startswith("=HYPERLINK(") and cells["title"].data_type == "s"
    assert cells["contract number"].value == "@SUM(1+1)" and cells["contract number"].data_type == "s"
    assert cells["path"].value.endswith("=cmd.txt") and cells["path"].data_type == "s"
    assert cells["errors"].data_type == "n"
    assert not [c for r in ws.iter_rows() for c in r if c.data_type == "f"]


# --- spreadsheets: the contract's facts, and a link to its page -------------------------------------

#: the columns appended after "rules": the header (--lang en) of each new key
NEW_COLUMNS = [
    "relative path",
    "amount",
    "signing date",
    "term start",
    "term end",
    "signature",
    "HTML page",
]


def _facts_tree(tmp_path: Path) -> Path:
    root = tmp_path / "合同 库"
    (root / "租赁").mkdir(parents=True)
    shutil.copy(SAMPLES / "lease-articles.txt", root / "租赁" / "房屋 租赁.txt")
    shutil.copy(ROOT / "tests" / "fixtures" / "filled-purchase.txt", root / "filled-purchase.txt")
    shutil.copy(SAMPLES / "seed.txt", root / "seed.txt")
    shutil.copy(SAMPLES / "service-numbered.docx", root / "service-numbered.docx")
    (root / "broken.pdf").write_bytes(bytes(range(256)) * 8)
    return root


def test_the_workbook_has_each_contracts_facts_and_links_its_page(tmp_path: Path, monkeypatch):
    import datetime as dt
    from urllib.parse import unquote

    from openpyxl import load_workbook

    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    root = _facts_tree(tmp_path)
    sheets, site = tmp_path / "表格", tmp_path / "site"
    audit(
        Options(
            paths=[str(root)],
            workers=2,
            xlsx=str(sheets / "审核.xlsx"),
            csv=str(tmp_path / "a.csv"),
            html=str(site),
        )
    )
    wb = load_workbook(sheets / "审核.xlsx")
    rows = list(wb.active.iter_rows())
    head = [c.value for c in rows[0]]
    # appended at the end (before the rules' count columns): the columns before keep their places
    assert head[: len(KEYS)][-len(NEW_COLUMNS) - 1 :] == ["rules", *NEW_COLUMNS]
    got = {r[head.index("relative path")].value: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert sorted(got) == sorted(
        ["broken.pdf", "filled-purchase.txt", "seed.txt", "service-numbered.docx", "租赁/房屋 租赁.txt"]
    )
    lease = got["租赁/房屋 租赁.txt"]
    # the amount as written (租金总计人民币肆万贰仟元整（¥42,000.00）), dates as date cells
    assert lease["amount"].value == "肆万贰仟元整（¥42,000.00）"
    assert lease["signing date"].value == dt.datetime(2024, 2, 26) and lease["signing date"].is_date
    assert (lease["term start"].value, lease["term end"].value) == (
        dt.datetime(2024, 3, 1),
        dt.datetime(2025, 2, 28),
    )
    assert lease["signature"].value == "signed"
    purchase = got["filled-purchase.txt"]
    # its 合计金额 field, read as the amount in words and in figures (人民币 is the form's word before them)
    assert purchase["amount"].value == "贰拾万元整（¥200,000.00）"
    assert purchase["signing date"].value == dt.datetime(2024, 3, 1)
    assert purchase["term start"].value is None  # its only range is the warranty's (质保期)
    assert got["service-numbered.docx"]["signature"].value == "partly signed"  # names, no signatures
    seed = got["seed.txt"]  # a blank model: no amount, no date, no signature block
    assert [seed[k].value for k in NEW_COLUMNS[1:-1]] == [None] * 5
    # the page: a link relative to the workbook, to the page of that contract
    for rel, cells in got.items():
        cell = cells["HTML page"]
        if rel == "broken.pdf":  # no page for a file that could not be read
            assert cell.value is None and cell.hyperlink is None
            continue
        target = (sheets / unquote(cell.hyperlink.target)).resolve()
        assert target == (site / f"{rel}.html").resolve() and target.is_file()
        assert cell.value == os.path.relpath(target, sheets)
    wb.close()
    # the CSV: the same columns, the dates in ISO form, the page relative to the CSV
    table = list(csv.reader((tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert table[0] == head
    rows = [dict(zip(table[0], r, strict=True)) for r in table[1:]]
    row = next(r for r in rows if r["relative path"] == "租赁/房屋 租赁.txt")
    assert (row["signing date"], row["term end"], row["HTML page"]) == (
        "2024-02-26",
        "2025-02-28",
        "site/租赁/房屋 租赁.txt.html",
    )


def test_the_workbook_counts_each_rule_per_contract_and_sums_them_on_a_sheet(tmp_path: Path, monkeypatch):
    from openpyxl import load_workbook

    from extractor.api import check
    from extractor.rules import all_rules

    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    root = _facts_tree(tmp_path)
    audit(Options(paths=[str(root)], workers=1, xlsx=str(tmp_path / "a.xlsx"), csv=str(tmp_path / "a.csv")))
    wb = load_workbook(tmp_path / "a.xlsx")
    rows = [[c.value for c in r] for r in wb["contracts"].iter_rows()]
    head = rows[0]
    codes = [r.code for r in all_rules()]
    assert head[len(KEYS) :] == [f"{r.code} {r.slug}" for r in all_rules()]  # one numeric column per rule
    by_rel = {r[head.index("relative path")]: r for r in rows[1:]}
    for rel in ("seed.txt", "租赁/房屋 租赁.txt", "service-numbered.docx"):
        counts = dict(zip(codes, by_rel[rel][len(KEYS) :], strict=True))
        found = Counter(f.code for f in check(str(root / rel)).findings)
        assert counts == {code: found.get(code, 0) for code in codes}, rel
    assert by_rel["seed.txt"][head.index("S101 missing-chapter")] == 1
    assert by_rel["broken.pdf"][len(KEYS) :] == [None] * len(codes)  # not read: no counts
    # the CSV has the same columns
    table = list(csv.reader((tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert table[0] == head and len({len(r) for r in table}) == 1
    # the sheet of rules: one row per rule found, in how many contracts and how many times, heaviest first
    sheet = [[c.value for c in r] for r in wb["rules"].iter_rows()]
    assert sheet[0] == ["code", "rule", "severity", "weight", "contracts", "findings", "what it finds"]
    total = {r[0]: (r[4], r[5]) for r in sheet[1:]}
    counted = [dict(zip(codes, r[len(KEYS) :], strict=True)) for r in rows[1:] if r[1] == "ok"]
    assert total == {
        code: (sum(1 for c in counted if c[code]), sum(c[code] for c in counted))
        for code in codes
        if any(c[code] for c in counted)
    }
    weights = [r[3] for r in sheet[1:]]
    assert weights == sorted(weights, reverse=True)
    s101 = next(r for r in sheet[1:] if r[0] == "S101")
    assert s101[1] == "章或条缺失 missing-chapter" and s101[2] == "error" and "skipped" in s101[6]
    wb.close()


def test_the_workbooks_new_headers_and_words_are_chinese_by_default(tmp_path: Path, monkeypatch, zh):
    from openpyxl import load_workbook

    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    root = _facts_tree(tmp_path)
    audit(Options(paths=[str(root)], workers=1, xlsx=str(tmp_path / "a.xlsx")))
    ws = load_workbook(tmp_path / "a.xlsx").active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = rows[0]
    assert head[len(KEYS) - 7 : len(KEYS)] == [
        "相对路径", "合同金额", "签订日期", "期限起始", "期限届满", "签署情况", "报告页面",
    ]  # fmt: skip
    assert "S101 章或条缺失" in head[len(KEYS) :]
    by_rel = {r[head.index("相对路径")]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert by_rel["租赁/房屋 租赁.txt"]["签署情况"] == "已签署"
    assert by_rel["service-numbered.docx"]["签署情况"] == "部分签署"
    assert all(r["报告页面"] is None for r in by_rel.values())  # no --html: no page to link
    # the state in words, as the terminal and the HTML say it (the JSON keeps template/partly-filled/filled)
    assert {r["文件状态"] for r in by_rel.values() if r["文件状态"]} == {"空白模板", "部分填写", "已填写"}


# --- cache -------------------------------------------------------------------------------------------


def test_cache_rerun_touch_change_and_no_cache(tree: Path, tmp_path: Path):
    first, lines1 = run(tree, tmp_path, "1", workers=2)
    assert first.checked == len(CONTRACTS) and first.cached == 0
    again, lines2 = run(tree, tmp_path, "2", workers=2)
    assert again.cached == len(CONTRACTS) and again.checked == 0 and again.workers == 0  # no worker started
    assert lines2 == lines1

    # touched but unchanged: the hash is taken again, the result still comes from the cache
    seed = tree / "seed.txt"
    os.utime(seed, ns=(time.time_ns(), time.time_ns() + 10**9))
    touched, lines3 = run(tree, tmp_path, "3", workers=2)
    assert touched.cached == len(CONTRACTS) and touched.checked == 0 and touched.workers == 1
    assert lines3 == lines1

    # changed: only that file is checked again
    seed.write_bytes(seed.read_bytes().replace("智能客服".encode(), "智能服务".encode()))
    changed, lines4 = run(tree, tmp_path, "4", workers=2)
    assert changed.checked == 1 and changed.cached == len(CONTRACTS) - 1
    assert [x for x in lines4 if x not in lines1] == [next(x for x in lines4 if "智能服务" in x)]

    forced, _ = run(tree, tmp_path, "5", workers=2, no_cache=True)
    assert forced.checked == len(CONTRACTS) and forced.cached == 0


def test_rule_options_and_patterns_are_part_of_the_key(tree: Path, tmp_path: Path):
    _, lines = run(tree, tmp_path, "base", workers=2)
    sel, sel_lines = run(tree, tmp_path, "sel", workers=2, select=("S1",))
    assert sel.checked == len(CONTRACTS)  # another rule selection: nothing from the cache
    seed = next(r for r in map(json.loads, sel_lines) if r["source"]["path"].endswith("/seed.txt"))
    assert seed["findings"] and all(f["code"].startswith("S1") for f in seed["findings"])
    again, _ = run(tree, tmp_path, "sel2", workers=2, select=("S1",))
    assert again.cached == len(CONTRACTS)
    # a user's patterns folder is part of the key too (here: the same noise patterns, one comment more)
    from extractor.pattern_set import default_dir

    mine = tmp_path / "my-patterns"
    mine.mkdir()
    (mine / "noise.toml").write_text(
        (default_dir() / "noise.toml").read_text(encoding="utf-8") + "\n# mine\n", encoding="utf-8"
    )
    pat, pat_lines = run(tree, tmp_path, "pat", workers=2, patterns=str(mine))
    assert pat.checked == len(CONTRACTS) and pat_lines == lines


def _results(cache_dir: Path) -> list[tuple[str, str]]:
    import sqlite3

    con = sqlite3.connect(cache_dir / "audit-cache.sqlite")
    try:
        return con.execute("SELECT sha256, config FROM results ORDER BY 1, 2").fetchall()
    finally:
        con.close()


def test_cache_prunes_old_code_after_a_day_and_prune_cache_keeps_only_this_configuration(
    tree: Path, tmp_path: Path
):
    import sqlite3

    from extractor.audit.cache import STALE_AFTER, Cache

    cache_dir = tmp_path / "cache"
    _, lines = run(tree, tmp_path, "a", workers=2)
    current = {c for _, c in _results(cache_dir)}
    assert len(current) == 1
    (config,) = current
    n = len(_results(cache_dir))

    # entries made by other hetong code: one unused for two days, one used an hour ago
    db = cache_dir / "audit-cache.sqlite"
    con = sqlite3.connect(db)
    now = time.time()
    for cfg, code, used in (("o" * 24, "oldcode", now - 2 * STALE_AFTER), ("r" * 24, "recent", now - 3600)):
        con.execute("INSERT INTO configs VALUES(?,?,?)", (cfg, code, used))
        con.execute(
            "INSERT INTO results VALUES(?,?,?,?,?,?,?)", ("f" * 64, cfg, "txt", "ok", "{}", b"", used)
        )
        con.execute("INSERT INTO written VALUES(?,?)", (f"/x/{code}.json", f"{'f' * 64}|{cfg}|/x/a.txt"))
    con.execute("INSERT INTO files VALUES(?,?,?,?)", ("/gone.txt", 1, 1, "f" * 64))
    con.commit()
    con.close()

    again, lines2 = run(tree, tmp_path, "b", workers=2)
    assert again.cached == len(CONTRACTS) and lines2 == lines
    assert again.pruned == 1  # the old code's entry, unused for two days
    left = _results(cache_dir)
    assert ("f" * 64, "o" * 24) not in left and ("f" * 64, "r" * 24) in left  # the recent one stays
    con = sqlite3.connect(db)
    stamps = [r[0] for r in con.execute("SELECT stamp FROM written")]
    assert not [s for s in stamps if "o" * 24 in s] and [s for s in stamps if "r" * 24 in s]
    assert con.execute("SELECT count(*) FROM files WHERE loc='/gone.txt'").fetchone()[0] == 1  # still used
    con.close()

    # another rule selection adds its own entries; --prune-cache keeps only the running configuration's
    run(tree, tmp_path, "s", workers=2, select=("S1",))
    assert len({c for _, c in _results(cache_dir)}) == 3
    pruned, lines3 = run(tree, tmp_path, "p", workers=2, prune_cache=True)
    assert pruned.cached == len(CONTRACTS) and lines3 == lines
    assert pruned.pruned == n + 1  # the S1 results (error rows too) and the recent old one
    assert {c for _, c in _results(cache_dir)} == {config}
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM files WHERE loc='/gone.txt'").fetchone()[0] == 0  # orphan
    assert con.execute("SELECT count(*) FROM written").fetchone()[0] == 0  # (no per-file outputs here)
    assert [r[0] for r in con.execute("SELECT config FROM configs")] == [config]
    con.close()
    # the cache still serves everything
    final, lines4 = run(tree, tmp_path, "f", workers=2)
    assert final.cached == len(CONTRACTS) and final.pruned == 0 and lines4 == lines
    # the Cache on its own: nothing to prune is no work
    c = Cache(db, config, final_code())
    assert c.prune() == 0 and c.prune(everything_else=True) == 0
    c.close()


def final_code() -> str:
    from extractor.audit.cache import code_key

    return code_key()


def test_prune_cache_on_the_command_line(tree: Path, tmp_path: Path):
    env = {**os.environ, "HETONG_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}
    args = [sys.executable, "-m", "extractor", "audit", str(tree / "seed.txt"), "--progress", "off"]
    subprocess.run([*args, "--select", "S1"], env=env, capture_output=True, cwd=str(tmp_path))
    r = subprocess.run([*args, "--prune-cache"], env=env, capture_output=True, text=True, cwd=str(tmp_path))
    assert r.returncode == 1, r.stderr
    assert "cache: 1 result(s) no longer usable deleted" in r.stdout
    assert len(_results(tmp_path / "cache")) == 1


def test_our_patterns_folder_is_the_one_pattern_set_loads():
    from extractor import pattern_set
    from extractor.audit.cache import _default_patterns_dir

    assert _default_patterns_dir() == pattern_set.default_dir()


# --- crashes, hangs, interruptions -------------------------------------------------------------------


def test_worker_crash_and_hang_become_error_rows(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HETONG_TEST_CRASH_ON", "seed.txt")
    monkeypatch.setenv("HETONG_TEST_HANG_ON", "labor-gbk.txt")
    res, lines = run(tree, tmp_path, "crash", workers=2, timeout=3)
    rows = {rel(tree, r["source"]["path"]): r for r in map(json.loads, lines)}
    assert list(rows) == CONTRACTS
    assert rows["seed.txt"]["error"] == {
        "kind": "crash",
        "message": "the worker process died on this file (exit code 70)",
    }
    assert rows["labor-gbk.txt"]["error"]["kind"] == "timeout"
    ok = [k for k, r in rows.items() if "error" not in r]
    assert len(ok) == len(CONTRACTS) - 3 - 2  # every other file went through
    assert res.restarts == 2

    # crashes and time-outs are not cached: the next run checks exactly those two again
    monkeypatch.delenv("HETONG_TEST_CRASH_ON")
    monkeypatch.delenv("HETONG_TEST_HANG_ON")
    after, lines2 = run(tree, tmp_path, "after", workers=2)
    assert after.checked == 2 and after.cached == len(CONTRACTS) - 2
    assert all("error" not in json.loads(x) for x in lines2 if "seed.txt" in x or "labor-gbk" in x)


def test_results_reach_the_reports_in_path_order_whatever_comes_first(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from extractor.audit import run as run_module

    _, ref = run(tree, tmp_path, "ref", workers=1, no_cache=True, csv=str(tmp_path / "ref.csv"))
    # hold at most one early result in memory: the others are read back from the cache when due
    monkeypatch.setattr(run_module, "HOLD_MAX", 1)
    monkeypatch.setenv("HETONG_TEST_CRASH_ON", "labor-gbk.txt")  # a crash row: held, never cached
    res, lines = run(tree, tmp_path, "held", workers=2, no_cache=True, csv=str(tmp_path / "held.csv"))
    assert res.restarts == 1
    crashed = next(json.loads(x) for x in lines if "labor-gbk" in x)
    assert crashed["error"]["kind"] == "crash"
    assert [x for x in lines if "labor-gbk" not in x] == [x for x in ref if "labor-gbk" not in x]
    assert len((tmp_path / "held.csv").read_text(encoding="utf-8").splitlines()) == len(CONTRACTS) + 1


def test_pool_queues_two_files_per_worker_and_retires_workers(tree: Path, tmp_path: Path):
    from extractor.audit.pool import Pool
    from extractor.audit.worker import Task, WorkerConfig

    files = [tree / n for n in TXT] * 3
    tasks = [Task(i, str(f), str(f), f"{i}") for i, f in enumerate(files)]
    pool = Pool(2, WorkerConfig(), timeout=60, max_tasks=4)
    pool.start()
    got = list(pool.run(tasks))
    assert sorted(o.index for o in got) == list(range(len(tasks)))
    assert all(o.status == "ok" for o in got)
    assert pool.restarts == 0  # workers retired after 4 files are not counted as failures
    assert pool.slots == []


def test_pool_hands_queued_files_to_another_worker_after_a_crash(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from extractor.audit.pool import Pool
    from extractor.audit.worker import Task, WorkerConfig

    names = TXT * 2
    tasks = [Task(i, str(tree / n), str(tree / n), n) for i, n in enumerate(names)]
    victim = names[1]
    pool = Pool(1, WorkerConfig(hooks={"crash_on": (victim,)}), timeout=60)
    got = {o.index: o for o in pool.run(tasks)}
    assert sorted(got) == list(range(len(tasks)))  # the file queued behind the crash was not lost
    crashed = sorted(i for i, o in got.items() if o.kind == "crash")
    assert crashed == [i for i, n in enumerate(names) if n == victim]
    assert pool.restarts == len(crashed)

    # the main process hands a file to a worker that has just died on the one before (the send
    # fails): still a crash row for that one, and the file sent is done elsewhere
    from extractor.audit import pool as pool_module

    assign = pool_module._Slot.assign

    def late_assign(self, task, timeout, max_tasks):
        if self.queue and os.path.basename(self.queue[0].path) == victim:
            self.proc.join(10)  # the worker is dead: this send fails
        return assign(self, task, timeout, max_tasks)

    monkeypatch.setattr(pool_module._Slot, "assign", late_assign)
    pool = Pool(1, WorkerConfig(hooks={"crash_on": (victim,)}), timeout=60)
    got = {o.index: o for o in pool.run(tasks)}
    assert sorted(got) == list(range(len(tasks)))
    assert sorted(i for i, o in got.items() if o.kind == "crash") == crashed


def _cli(root: Path, tmp: Path, jsonl: str, env: dict[str, str], *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "extractor",
            "audit",
            str(root),
            "--jsonl",
            str(tmp / jsonl),
            "--progress",
            "plain",
            *extra,
        ],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(tmp),
    )


def _wait_for_results(cache_dir: Path, n: int, proc: subprocess.Popen, limit: float = 60) -> None:
    """Until the running audit has committed ``n`` results to its cache."""
    import sqlite3

    db = cache_dir / "audit-cache.sqlite"
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                done = con.execute("SELECT count(*) FROM results").fetchone()[0]
                con.close()
            except sqlite3.Error:
                done = 0
            if done >= n:
                return
        if proc.poll() is not None:
            pytest.fail(f"the audit ended before it could be interrupted: {proc.communicate()}")
        time.sleep(0.05)
    pytest.fail("the audit made no progress")


def test_resume_after_kill_9(tree: Path, tmp_path: Path):
    env = {"HETONG_CACHE_DIR": str(tmp_path / "cache-killed")}
    ref = subprocess.run(
        [
            sys.executable,
            "-m",
            "extractor",
            "audit",
            str(tree),
            "--jsonl",
            str(tmp_path / "ref.jsonl"),
            "--out",
            str(tmp_path / "ref-out"),
            "--progress",
            "off",
        ],
        env={**os.environ, "HETONG_CACHE_DIR": str(tmp_path / "cache-ref")},
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
    )
    assert ref.returncode == 1, ref.stderr
    jsonl = tmp_path / "run.jsonl"
    jsonl.write_text("an older report\n", encoding="utf-8")
    out = tmp_path / "run-out"
    proc = _cli(
        tree, tmp_path, "run.jsonl", {**env, "HETONG_TEST_DELAY": "0.25"}, "--workers", "1", "--out", str(out)
    )
    _wait_for_results(tmp_path / "cache-killed", 3, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    # the killed run leaves valid files: the reports untouched, each per-file JSON whole
    assert jsonl.read_text(encoding="utf-8") == "an older report\n"
    written = list(out.rglob("*.json"))
    assert 3 <= len(written) < len(CONTRACTS)
    for f in written:
        assert json.loads(f.read_text(encoding="utf-8"))["source"]["path"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "extractor",
            "audit",
            str(tree),
            "--jsonl",
            str(jsonl),
            "--out",
            str(out),
            "--progress",
            "off",
            "--workers",
            "2",
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
    )
    assert done.returncode == 1, done.stderr
    cached = int(re.search(r"(\d+) from cache", done.stdout).group(1))
    assert cached >= 3  # what the killed run finished is not done again
    assert jsonl.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    for f in (tmp_path / "ref-out").rglob("*.json"):
        assert (out / f.relative_to(tmp_path / "ref-out")).read_bytes() == f.read_bytes()


def test_ctrl_c_writes_what_is_done(tree: Path, tmp_path: Path):
    env = {"HETONG_CACHE_DIR": str(tmp_path / "cache-int"), "HETONG_TEST_DELAY": "0.25"}
    proc = _cli(tree, tmp_path, "int.jsonl", env, "--workers", "1", "--csv", str(tmp_path / "int.csv"))
    _wait_for_results(tmp_path / "cache-int", 3, proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted after" in out
    lines = (tmp_path / "int.jsonl").read_text(encoding="utf-8").splitlines()
    paths = [json.loads(x)["source"]["path"] for x in lines]
    assert 3 <= len(paths) < len(CONTRACTS)
    assert paths == sorted(paths, key=lambda p: p.split("/"))  # finalised: in path order
    assert len((tmp_path / "int.csv").read_text(encoding="utf-8").splitlines()) == len(paths) + 1


# --- exit status and the command line ----------------------------------------------------------------


def test_exit_status(tree: Path, tmp_path: Path):
    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "extractor", "audit", *args, "--progress", "off"],
            capture_output=True,
            text=True,
            cwd=str(tmp_path),
        )

    assert cli(str(tree / "broken")).returncode == 2  # nothing could be read
    (tmp_path / "empty").mkdir()
    r = cli(str(tmp_path / "empty"))
    assert r.returncode == 2 and "no contract files found" in r.stderr
    assert cli(str(tree / "nowhere")).returncode == 2
    assert cli(str(tree), "--workers", "0").returncode == 2
    assert cli(str(tree / "seed-signed.txt")).returncode == 0  # no findings
    assert cli(str(tree / "seed.txt")).returncode == 1
    assert cli(str(tree / "seed.txt"), "--fail-on", "never").returncode == 0
    assert cli(str(tree / "seed.txt"), str(tree / "broken"), "--fail-on", "never").returncode == 1
    r = cli(str(tree / "seed.txt"), "--patterns", str(tmp_path / "no-such-folder"))
    assert r.returncode == 2 and "patterns folder does not exist" in r.stderr


def test_summary_lists_rules_and_worst_contracts(tree: Path, tmp_path: Path):
    r = subprocess.run(
        [sys.executable, "-m", "extractor", "audit", str(tree), "--progress", "plain", "--top", "3"],
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        env={**os.environ, "COLUMNS": "200"},
    )
    assert r.returncode == 1
    assert f"{len(CONTRACTS)} files" in r.stdout and "3 could not be read" in r.stdout
    assert "Findings by rule" in r.stdout and "S101" in r.stdout and "missing-chapter" in r.stdout
    from extractor.api import check

    most = max((f for f in tree.rglob("*.txt")), key=lambda f: check(f).summary()["error"])
    assert "Most errors (top 3)" in r.stdout and most.name in r.stdout
    assert "skipped: 1 folder seen before" in r.stdout
    assert re.search(r"audit: \d+/\d+ files \(100%\)", r.stderr)  # plain progress lines when not a terminal


def test_html_reports(tree: Path, tmp_path: Path):
    html = tmp_path / "html"
    _, lines = run(tree, tmp_path, "h", workers=2, html=str(html))
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html"))
    ok = [c for c in CONTRACTS if c not in EXPECTED_ERRORS]
    assert pages == sorted(["index.html", *(f"{c}.html" for c in ok)])
    index = (html / "index.html").read_text(encoding="utf-8")
    from urllib.parse import unquote

    hrefs = re.findall(r'<td class="path"[^>]*><a href="([^"]+)"', index)
    assert sorted(unquote(h) for h in hrefs) == sorted(f"{c}.html" for c in ok)
    assert "could not read" in index and "unsupported: binary data" in index
    deep = (html / "子目录" / "深 层" / "租赁 合同.txt.html").read_text(encoding="utf-8")
    assert 'href="../../index.html"' in deep
    # a re-run keeps the pages that are current; a missing page is made again (from the full result)
    (html / "seed.txt.html").unlink()
    again, lines2 = run(tree, tmp_path, "h2", workers=2, html=str(html))
    assert lines2 == lines and (html / "seed.txt.html").exists()
    assert again.checked == 1 and again.cached == len(CONTRACTS) - 1


def _pages_in_index_order(html: Path) -> list[Path]:
    from urllib.parse import unquote

    index = (html / "index.html").read_text(encoding="utf-8")
    return [html / unquote(h) for h in re.findall(r'<td class="path"[^>]*><a href="([^"]+)"', index)]


def _links(page: Path) -> dict[str, list[Path]]:
    """A page's links by rel (index, prev, next), each resolved to the file it names."""
    from urllib.parse import unquote

    from lxml import html as lxml_html

    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    return {
        rel: [
            (page.parent / unquote(h)).resolve()
            for h in doc.xpath(f"//nav[@class='pager meta']/a[@rel='{rel}']/@href")
        ]
        for rel in ("index", "prev", "next")
    }


def _check_chain(html: Path) -> list[Path]:
    pages = _pages_in_index_order(html)
    assert len(pages) > 2
    for i, page in enumerate(pages):
        links = _links(page)
        # the links are there twice, above the findings and below the text, the same
        assert links["index"] == [(html / "index.html").resolve()] * 2
        assert links["prev"] == ([pages[i - 1].resolve()] * 2 if i else [])
        assert links["next"] == ([pages[i + 1].resolve()] * 2 if i + 1 < len(pages) else [])
        assert all(p.is_file() for ps in links.values() for p in ps)
    return pages


def test_html_pages_link_the_previous_and_next_contract(tree: Path, tmp_path: Path):
    html = tmp_path / "html"
    run(tree, tmp_path, "p", workers=2, html=str(html))
    pages = _check_chain(html)
    # in the index's order, the files that could not be read left out (broken/ comes first: no page)
    ok = [c for c in CONTRACTS if c not in EXPECTED_ERRORS]
    assert [p.relative_to(html).as_posix() for p in pages] == [f"{c}.html" for c in ok]
    assert _links(pages[0])["prev"] == [] and _links(pages[-1])["next"] == []

    # a file added, one removed: the cached pages beside them get new links, the others are not written
    stamp = {p: p.stat().st_mtime_ns for p in pages}
    shutil.copy(SAMPLES / "seed-signed.txt", tree / "lease-new.txt")  # after lease-articles.txt
    (tree / "子目录" / "合同 副本.txt").unlink()
    again, _ = run(tree, tmp_path, "p2", workers=2, html=str(html))
    assert again.checked == 1
    (html / "子目录" / "合同 副本.txt.html").unlink()  # (an old page the audit leaves)
    after = _check_chain(html)
    names = [p.relative_to(html).as_posix() for p in after]
    changed = {
        p.relative_to(html).as_posix() for p in pages if p.exists() and p.stat().st_mtime_ns != stamp[p]
    }
    added = names.index("lease-new.txt.html")
    gone = [p.relative_to(html).as_posix() for p in pages].index("子目录/合同 副本.txt.html")
    beside = {
        names[added - 1],
        names[added + 1],
        *(pages[gone + d].relative_to(html).as_posix() for d in (-1, 1)),
    }
    assert changed == beside


def test_check_does_not_import_the_audit_machinery():
    code = (
        "import sys, io, contextlib\nfrom extractor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['check', sys.argv[1], '--json'])\n"
        "bad = [m for m in sys.modules if m.startswith(('extractor.audit.', 'dask', 'distributed', 'openpyxl',"
        " 'extractor.report.html', 'sqlite3', 'multiprocessing'))]\nprint(bad)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLES / "seed.txt")], capture_output=True, text=True
    )
    assert r.stdout.strip() == "[]", r.stderr


# --- Dask --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip(
        "distributed", reason="dask is an optional extra: pip install 'hetong[dask]'"
    )
    c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    yield c
    c.close()


def test_dask_gives_the_same_jsonl_as_the_local_pool(tree: Path, tmp_path: Path, cluster):
    _, local = run(tree, tmp_path, "local", workers=2, no_cache=True)
    html = tmp_path / "dask-html"
    res, remote = run(
        tree,
        tmp_path,
        "dask",
        dask=cluster.scheduler_address,
        no_cache=True,
        html=str(html),
        out=str(tmp_path / "dask-out"),
    )
    assert remote == local
    assert res.checked == len(CONTRACTS)
    assert (html / "子目录" / "合同 副本.txt.html").exists()  # pages come back from the workers
    assert (tmp_path / "dask-out" / "seed.txt.json").exists()
    # the same cache: a local re-run takes everything from it
    again, _ = run(tree, tmp_path, "again", workers=2, out=str(tmp_path / "dask-out"))
    assert again.cached == len(CONTRACTS)


def test_fsspec_urls_on_an_in_process_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    distributed = pytest.importorskip("distributed")
    fsspec = pytest.importorskip("fsspec")
    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    fs = fsspec.filesystem("memory")
    fs.pipe("/hetong-test/合同/seed.txt", (SAMPLES / "seed.txt").read_bytes())
    fs.pipe("/hetong-test/合同/sub/service.docx", (SAMPLES / "service-numbered.docx").read_bytes())
    fs.pipe("/hetong-test/合同/~$service.docx", b"lock")
    fs.pipe("/hetong-test/合同/bad.pdf", b"\x00" * 100)
    # memory:// lives in one process: an in-process cluster shares it
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
    ) as c:
        res = audit(
            Options(
                paths=["memory://hetong-test/合同"],
                dask=c.scheduler_address,
                jsonl=str(tmp_path / "m.jsonl"),
                html=str(tmp_path / "m-html"),
            )
        )
    rows = [json.loads(x) for x in (tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["path"] for r in rows] == [
        "memory://hetong-test/合同/bad.pdf",
        "memory://hetong-test/合同/seed.txt",
        "memory://hetong-test/合同/sub/service.docx",
    ]
    assert rows[0]["error"]["kind"] == "unsupported"
    assert rows[1]["title"] == "智能客服系统升级服务协议"
    assert res.discovery.skipped["lock or temp file"] == 1
    assert (tmp_path / "m-html" / "sub" / "service.docx.html").exists()
    fs.rm("/hetong-test", recursive=True)


def test_template_compares_every_contract(tree: Path, tmp_path: Path):
    res, lines = run(tree, tmp_path, "t", workers=2, template=str(SAMPLES / "seed.txt"))
    docs = {json.loads(x)["source"]["path"]: json.loads(x) for x in lines}
    signed = next(d for p, d in docs.items() if p.endswith("seed-signed.txt"))
    by_clause = {b["clause"]: b for b in signed["blanks"] if b["clause"]}
    assert by_clause["3.1"]["value"] == "12" and by_clause["3.1"]["status"] == "filled"
    assert any(f["rule"] == "template-text-added" for f in signed["findings"])
    # the template is part of the cache key: without it the same files are checked again
    plain, _ = run(tree, tmp_path, "p", workers=2)
    assert plain.checked == res.checked


def test_bad_template_is_one_error(tree: Path, tmp_path: Path):
    from extractor.errors import UnreadableFile

    with pytest.raises(UnreadableFile):
        audit(Options(paths=[str(tree)], template=str(tmp_path / "missing.txt")))


def test_a_longest_file_name_gets_its_reports(tmp_path: Path, monkeypatch):
    # a legal 255-byte name: its .json and .html (and their temporary files) would be too long
    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "share"
    folder.mkdir()
    stem = "合" * 83  # 249 bytes of UTF-8
    long_name = folder / f"{stem}1.txt"  # 254 bytes
    other = folder / f"{stem}2.txt"  # same start: a distinct output
    shutil.copy(SAMPLES / "seed.txt", long_name)
    shutil.copy(SAMPLES / "seed-signed.txt", other)
    out, html = tmp_path / "out", tmp_path / "html"
    res = audit(
        Options(
            paths=[str(folder)], jsonl=str(tmp_path / "r.jsonl"), out=str(out), html=str(html), progress="off"
        )
    )
    assert res.files == 2
    rows = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["summary"]["state"] for r in rows if "summary" in r] == ["template", "filled"]
    assert len(list(out.rglob("*.json"))) == 2
    pages = [p for p in html.rglob("*.html") if p.name != "index.html"]
    assert len(pages) == 2 and all(len(p.name.encode()) <= 255 for p in pages)
    from urllib.parse import unquote

    index = unquote((html / "index.html").read_text(encoding="utf-8"))
    assert all(f'href="{p.name}"' in index for p in pages)  # the index links each page by its real name


def test_audit_cache_knows_whether_ocr_is_installed(monkeypatch):
    monkeypatch.setenv("HETONG_OCR", "0")
    from extractor.audit.cache import config_key

    off = config_key(patterns=None, select=(), ignore=(), max_bytes=1)
    monkeypatch.setenv("HETONG_OCR", "1")
    from extractor.readers import ocr

    on = config_key(patterns=None, select=(), ignore=(), max_bytes=1)
    assert (off != on) == ocr.available()  # a scan read as "install OCR" is not served once OCR is there


def test_plain_progress_names_a_file_a_worker_is_stuck_on():
    import io

    from extractor.audit.progress import PlainProgress

    buf = io.StringIO()
    progress = PlainProgress(3, stream=buf)
    progress.slow("合同/扫描件.pdf", 3)  # not slow yet: nothing said
    assert "still on" not in buf.getvalue()
    progress.slow("合同/扫描件.pdf", 42.7)
    assert buf.getvalue().splitlines()[-1] == "audit: still on 合同/扫描件.pdf (42 s)"
