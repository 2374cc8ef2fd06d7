"""The command line: exit codes, one-line errors, JSON, help for every command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.cli import build_parser, main

from .conftest import SAMPLES


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args], capture_output=True, text=True, timeout=120
    )


def test_check_json(capsys):
    assert main(["check", str(SAMPLES / "seed-signed.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] and data["title"] == "智能客服系统升级服务协议"
    assert data["source"]["format"] == "txt" and len(data["source"]["sha256"]) == 64


def test_check_text_view(capsys):
    assert main(["check", str(SAMPLES / "seed.txt")]) == 1
    out = capsys.readouterr().out
    assert "智能客服系统升级服务协议" in out and "missing-chapter" in out and "第十三章" in out


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(fail_on, code, tmp_path):
    assert main(["check", str(SAMPLES / "seed.txt"), "--fail-on", fail_on, "-o", str(tmp_path / "o")]) == code


def test_fail_on_clean_contract(tmp_path):
    out = str(tmp_path / "o")
    assert main(["check", str(SAMPLES / "seed-signed.txt"), "-o", out]) == 0


def test_bad_input_is_one_line(tmp_path):
    bad = tmp_path / "坏 文件.pdf"
    bad.write_bytes(b"\x00\x01\x02 not a pdf at all" * 10)
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    for path in (bad, empty, tmp_path / "missing.txt"):
        p = run("check", str(path))
        assert p.returncode == 2
        assert p.stderr.count("\n") == 1 and str(path) in p.stderr and "Traceback" not in p.stderr


def test_usage_error_exit_2():
    p = run("check")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_select_ignore(capsys):
    main(["check", str(SAMPLES / "seed.txt"), "--json", "--select", "S1"])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert rules == {"missing-chapter", "truncated-document", "missing-signature"}
    main(["check", str(SAMPLES / "seed.txt"), "--json", "--ignore", "empty-blank", "--ignore", "D"])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "empty-blank" not in rules and "noise-removed" not in rules


def test_rules_and_schema(capsys):
    assert main(["rules", "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert {"code": "S101", "slug": "missing-chapter"}.items() <= rules[
        [r["code"] for r in rules].index("S101")
    ].items()
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "schema_version" in schema["required"]


def test_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        assert p.description, f"{name} has no description"
        assert p.format_help()


def test_module_entry_point():
    p = run("--version")
    assert p.returncode == 0 and p.stdout.startswith("hetong ")


@pytest.mark.parametrize(
    ("option", "key", "hint"),
    [
        ("--select", "S999", "hetong rules"),
        ("--ignore", "empty_blank", "empty-blank"),
        ("--select", "S10x", ""),
    ],
)
def test_unknown_rule_keys_are_an_error(capsys, option, key, hint):
    with pytest.raises(SystemExit) as exc:
        main(["check", option, key, str(SAMPLES / "seed.txt")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"no rule is called {key!r}" in err and hint in err


def test_known_prefixes_and_slugs_are_accepted(capsys):
    assert main(
        ["check", "--select", "S1", "--ignore", "empty-blank", "--json", str(SAMPLES / "seed.txt")]
    ) in (0, 1)


def test_check_several_files_concise_and_json_lines(tmp_path):
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "HETONG_LANG": "en"}
    files = ["samples/seed.txt", "samples/lease-articles.txt"]
    concise = subprocess.run(
        [sys.executable, "-m", "extractor", "check", *files, "--format", "concise"],
        capture_output=True, text=True, cwd=root, env=env,
    )  # fmt: skip
    lines = concise.stdout.splitlines()
    assert concise.returncode == 1  # the seed has errors
    assert "samples/seed.txt:166:1: S101 error missing 第十三章 (13)" in concise.stdout
    assert {ln.split(":")[0] for ln in lines} == set(files)
    # several files as JSON: one object per line; a file that cannot be read is a line on stderr, and the
    # others are still checked (exit 2)
    js = subprocess.run(
        [sys.executable, "-m", "extractor", "check", files[0], str(tmp_path / "none.txt"), files[1], "--json"],
        capture_output=True, text=True, cwd=root, env=env,
    )  # fmt: skip
    objs = [json.loads(line) for line in js.stdout.splitlines()]
    assert [o["source"]["path"] for o in objs] == files
    assert js.returncode == 2 and "none.txt: no such file" in js.stderr


def test_rules_explains_one_rule_and_check_counts_by_rule():
    one = run("rules", "S101", "--lang", "zh")
    assert one.returncode == 0 and "章或条缺失" in one.stdout and "Hit:" in one.stdout
    assert "B201" not in one.stdout
    assert run("rules", "S999").returncode == 2
    stats = run("check", str(SAMPLES / "seed.txt"), str(SAMPLES / "lease-articles.txt"), "--statistics")
    lines = stats.stdout.splitlines()
    assert any(ln.split()[1:2] == ["S101"] and ln.split()[0] == "2" for ln in lines), lines  # once in each
    assert stats.returncode == 1
