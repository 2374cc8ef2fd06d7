"""hetong.toml's [per-file-ignores] (extractor/per_file.py): file patterns mapped to the rules skipped for
the files they match, in check (the path as given) and audit (the path relative to the folder audited),
with the codes checked as --ignore's are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.per_file import PerFileIgnores

from .conftest import SAMPLES

SEED = SAMPLES / "seed.txt"  # S101, S106, P301, B201 … among its findings
QUIET = ("--out", "out", "--progress", "off", "--workers", "1", "--fail-on", "never")


def codes_of(capsys, *args: str) -> set[str]:
    assert main(["check", *args, "--json", "--fail-on", "never"]) == 0
    out, pos, results = capsys.readouterr().out, 0, []
    while out[pos:].strip():  # one file: one indented object; several: one a line
        result, pos = json.JSONDecoder().raw_decode(out, len(out) - len(out[pos:].lstrip()))
        results.append(result)
    return {f["code"] for result in results for f in result["findings"]}


@pytest.mark.parametrize(
    ("pattern", "path", "hit"),
    [
        ("*.txt", "a.txt", True),
        ("*.txt", "contracts/sub/a.txt", True),  # no "/": the name at any depth
        ("contracts/*", "contracts/sub/a.txt", True),  # "*" crosses "/"
        ("contracts/*", "./contracts/a.txt", True),
        ("contracts/*.txt", "other/contracts/a.txt", False),  # with "/": the whole path
        ("contracts/*", "contracts.txt", False),
        ("a.TXT", "a.txt", False),  # case counts
        ("合同/租赁*", "合同/租赁合同.docx", True),
        ("contracts/*", "contracts\\a.txt", True),  # a Windows path
    ],
)
def test_patterns(pattern: str, path: str, hit: bool):
    table = PerFileIgnores.of({pattern: ["S101"], "never/*": ["B201"]})
    assert table.codes(path) == (("S101",) if hit else ())


def test_the_rules_of_every_pattern_that_matches_add_up():
    table = PerFileIgnores.of({"*.txt": ["S101", "B2"], "contracts/*": ["empty-blank", "S101"]})
    assert table.codes("contracts/a.txt") == ("B2", "S101", "empty-blank")


def test_check_skips_the_rules_for_a_file_that_matches_and_not_for_one_that_does_not(
    tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scans").mkdir()
    (tmp_path / "scans" / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "hetong.toml").write_text(
        '[per-file-ignores]\n"scans/*" = ["S101", "truncated-document"]\n"*.md" = ["P3"]\n', "utf-8"
    )
    hit = codes_of(capsys, "scans/a.txt")
    assert not hit & {"S101", "S106"} and "P301" in hit
    assert codes_of(capsys, "./scans/a.txt") == hit
    miss = codes_of(capsys, "b.txt")
    assert {"S101", "S106", "P301"} <= miss
    assert codes_of(capsys, "scans/a.txt", "b.txt") == miss  # one file skips them, the other does not
    assert not codes_of(capsys, "scans/a.txt", "--ignore", "P301") & {"S101", "S106", "P301"}  # they add up


def test_a_command_table_adds_its_patterns(tmp_path: Path, capsys):
    config = tmp_path / "team.toml"
    config.write_text(
        '[per-file-ignores]\n"*.txt" = ["S101"]\n[check.per-file-ignores]\n"seed*" = "P301"\n', "utf-8"
    )
    assert not codes_of(capsys, str(SEED), "--config", str(config)) & {"S101", "P301"}


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        (
            '"*.txt" = ["S101", "S1O1"]',
            "[per-file-ignores] '*.txt': no rule is called 'S1O1' (did you mean ",
        ),
        ('"*.txt" = ["empty-blnak"]', "no rule is called 'empty-blnak' (did you mean empty-blank?)"),
        ('"*.txt" = 3', "[per-file-ignores] '*.txt' must be a list of rule codes"),
    ],
)
def test_an_unknown_code_or_a_bad_table_is_one_line_and_exit_2(toml: str, said: str, tmp_path: Path, capsys):
    config = tmp_path / "hetong.toml"
    config.write_text(f"[per-file-ignores]\n{toml}\n", "utf-8")
    for command in ("check", "audit"):
        assert main([command, str(SEED), "--config", str(config)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"hetong: {config}: ") and said in err and len(err.splitlines()) == 1


def test_audit_matches_the_path_inside_the_folder_and_keeps_each_file_its_own_result(tmp_path: Path):
    """The same bytes under two names, one matched and one not: each gets its own result, from the run
    and then from the cache; a changed table changes the results and the --out files."""
    folder = tmp_path / "contracts"
    (folder / "scans").mkdir(parents=True)
    (folder / "scans" / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.txt").write_bytes(SEED.read_bytes())
    config = tmp_path / "hetong.toml"

    def audit(table: str) -> dict[str, set[str]]:
        config.write_text(f"[per-file-ignores]\n{table}\n", "utf-8")
        jsonl = tmp_path / "audit.jsonl"
        r = subprocess.run(
            [sys.executable, "-m", "extractor", "audit", str(folder), "--jsonl", str(jsonl), *QUIET],
            capture_output=True,
            text=True,
            cwd=str(tmp_path),
            env={**os.environ, "HETONG_CACHE_DIR": str(tmp_path / "cache")},
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
        got = {Path(row["source"]["path"]).name: {f["code"] for f in row["findings"]} for row in rows}
        for name, rel in (("a.txt", "scans/a.txt.json"), ("b.txt", "b.txt.json")):  # the --out files agree
            out = json.loads((tmp_path / "out" / rel).read_text(encoding="utf-8"))
            assert {f["code"] for f in out["findings"]} == got[name], name
        return got

    first = audit('"scans/*" = ["S101"]')
    assert "S101" not in first["a.txt"] and "S101" in first["b.txt"]
    assert audit('"scans/*" = ["S101"]') == first  # from the cache
    swapped = audit('"b.txt" = ["S101"]\n"contracts/*" = ["P301"]')  # relative to the folder: no match
    assert "S101" in swapped["a.txt"] and "S101" not in swapped["b.txt"]
    assert "P301" in swapped["a.txt"] and "P301" in swapped["b.txt"]
