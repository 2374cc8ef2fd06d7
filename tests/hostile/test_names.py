"""File names (and file text) on the terminal (issue: hostile input): a line break in a name does not
make two lines of an error, an escape sequence in a name or a contract reaches the terminal as text
(``\\x1b[31m``), and a "[" in a name or a contract is not taken for rich markup (which failed with a
traceback). The reports keep names as they are."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.readers import text as text_reader
from extractor.terminal import printable

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = ROOT / "samples" / "seed.txt"
NASTY = "two\nlines \x1b[31mred\x1b[0m \u202eevil"
SHOWN = "two\\nlines \\x1b[31mred\\x1b[0m \\u202eevil"

posix_only = pytest.mark.skipif(os.name != "posix", reason="line breaks and ESC in file names: POSIX")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("合同 2024.docx", "合同 2024.docx"),  # nothing to escape: Chinese and spaces stay
        (r"C:\合同\a.doc", r"C:\合同\a.doc"),  # a backslash stays
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x1b[2J\x07\x00\x7f\x9b", "\\x1b[2J\\x07\\x00\\x7f\\x9b"),  # ESC, BEL, NUL, DEL, CSI
        ("\u2028\u202e\u2066", "\\u2028\\u202e\\u2066"),  # line separator, bidi override and isolate
        ("bad\udcffname", "bad\\udcffname"),  # a byte that is not UTF-8, as Python decodes a name
    ],
)
def test_printable(text: str, shown: str):
    assert printable(text) == shown
    assert printable(shown) == shown  # what it writes needs no escaping itself


@posix_only
def test_check_error_names_the_file_on_one_line(tmp_path: Path, capsys):
    path = tmp_path / f"{NASTY}.txt"
    path.write_bytes(b"")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"hetong: {tmp_path}/{SHOWN}.txt: the file is empty\n"


@posix_only
def test_check_timeout_line_escapes_the_name(tmp_path: Path, monkeypatch, capsys):
    def slow(data: bytes, *, source: str, max_chars: int | None = None):
        time.sleep(30)
        raise AssertionError("not interrupted")

    path = tmp_path / f"{NASTY}.txt"
    path.write_bytes(SEED.read_bytes())
    monkeypatch.setattr(text_reader, "read", slow)
    assert hasattr(signal, "setitimer")
    assert main(["check", str(path), "--timeout", "1"]) == 2
    assert capsys.readouterr().err == f"hetong: {tmp_path}/{SHOWN}.txt: no result after 1 s (--timeout)\n"


@posix_only
def test_check_text_view_shows_name_and_text_as_text(tmp_path: Path, monkeypatch, capsys):
    """The contract says "[/]" (rich markup that closes nothing: a MarkupError before) and holds an ESC;
    the name says "[b]" (markup too)."""
    monkeypatch.setenv("COLUMNS", "300")
    path = tmp_path / f"{NASTY}[b].txt"
    clauses = "".join(
        f"第{n}条 乙方应当按照本合同约定的期限和方式支付租金人民币____元。\n" for n in "一二三四五"
    )
    path.write_text("房屋租赁合同\n甲方：北京[/]某公司\n乙方：上海\x1b[31m某公司\n" + clauses)
    assert main(["check", str(path)]) in (0, 1)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert f"{SHOWN}[b].txt" in out and "北京[/]某公司" in out and "上海\\x1b[31m某公司" in out


@posix_only
def test_audit_summary_and_messages_escape_names(tmp_path: Path):
    folder = tmp_path / "contracts"
    (folder / "x[").mkdir(parents=True)
    (folder / "x[" / "]b.txt").write_bytes(SEED.read_bytes())  # shown as x[/]b.txt: rich markup
    (folder / f"{NASTY}.txt").write_bytes(SEED.read_bytes())
    (folder / "empty\n.txt").write_bytes(b"")
    jsonl = tmp_path / "audit.jsonl"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "extractor",
            "audit",
            str(folder),
            "--jsonl",
            str(jsonl),
            "--progress",
            "plain",
        ],
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        env={**os.environ, "HETONG_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"},
        timeout=120,
    )
    assert r.returncode == 1, r.stderr  # one file could not be read
    assert "Traceback" not in r.stderr
    for stream in (r.stdout, r.stderr):
        assert "\x1b" not in stream and "\u202e" not in stream
    assert f"contracts/{SHOWN}.txt" in r.stdout and "contracts/x[/]b.txt" in r.stdout
    paths = {json.loads(line)["source"]["path"] for line in jsonl.read_text(encoding="utf-8").splitlines()}
    assert {str(folder / f"{NASTY}.txt"), str(folder / "empty\n.txt")} < paths  # the reports: as they are
