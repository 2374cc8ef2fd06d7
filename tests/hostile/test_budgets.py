"""Every file ends in bounded time and memory with a clear answer (issue: hostile input; docs/limits.md):
the character budget, the inflation caps of zip parts, check --timeout and the audit workers' memory
limit. The hostile files are built at test time; caps are made small where a real-size case would be slow."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from extractor.api import check, check_bytes
from extractor.cli import main
from extractor.errors import FileTooLarge, HetongError, TextTooLarge, UnreadableFile
from extractor.readers import DEFAULT_MAX_CHARS, read_bytes
from extractor.readers import text as text_reader
from extractor.readers.caps import Caps

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = ROOT / "samples" / "seed.txt"
WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def many_lines() -> bytes:
    """35 MB, 15 M characters in 5 M lines: reading it takes some 400 MB (a string and a Line per line),
    well past a 256 MB limit before the pipeline starts, so the memory error comes within a second."""
    return "甲方\n".encode() * 5_000_000


posix_only = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM and RLIMIT_AS: POSIX only")


def one_line(exc: HetongError) -> None:
    assert "\n" not in str(exc) and exc.reason


# --- the character budget ----------------------------------------------------------------------------


def test_huge_text_file_stops_at_the_character_budget():
    line = "第一条 甲方应当按照本合同约定向乙方支付租金人民币壹万元整。\n".encode()
    data = "合同\n".encode() + line * (30_000_000 // len(line))  # 30 MB, 10 M characters
    with pytest.raises(TextTooLarge) as info:
        read_bytes(data, source="huge.txt")
    one_line(info.value)
    assert info.value.kind == "too-large" and isinstance(info.value, FileTooLarge)
    assert f"{DEFAULT_MAX_CHARS:,}" in info.value.reason and "--max-chars" in info.value.reason


def test_one_line_of_50_mb_stops_at_the_character_budget(tmp_path: Path):
    path = tmp_path / "one-line.txt"
    path.write_bytes("租赁合同甲方乙方".encode() * (50 * 2**20 // 24))
    with pytest.raises(TextTooLarge) as info:
        check(path)
    one_line(info.value)


def test_text_is_decoded_a_chunk_at_a_time_and_given_up_early(monkeypatch):
    """Not the whole file: the decoder stops at the first chunk past the budget, whatever follows."""
    monkeypatch.setattr(text_reader, "CHUNK", 1000)
    data = b"a" * 5000 + b"\xff" * 10_000_000  # the tail is not UTF-8 nor anything: never looked at
    with pytest.raises(TextTooLarge):
        text_reader.read(data, source="a.txt", max_chars=2000)
    # the same budget in every encoding tried: UTF-16 by its BOM, GB18030
    with pytest.raises(TextTooLarge):
        text_reader.read("合同条款".encode("utf-16") * 1000, source="u16.txt", max_chars=2000)
    with pytest.raises(TextTooLarge):
        text_reader.read("合同条款".encode("gb18030") * 1000, source="gbk.txt", max_chars=2000)


def test_a_file_within_the_budget_reads_as_before():
    data = SEED.read_bytes()
    whole = read_bytes(data, source="seed.txt")
    exact = sum(len(ln.text) + 1 for ln in whole.lines)
    assert [ln.text for ln in read_bytes(data, source="seed.txt", max_chars=exact).lines] == [
        ln.text for ln in whole.lines
    ]
    with pytest.raises(TextTooLarge, match=f"{exact - 1:,}"):
        read_bytes(data, source="seed.txt", max_chars=exact - 1)


def test_every_format_is_measured_against_the_budget(tmp_path: Path):
    """The final check in read_bytes: a .docx (whose reader does not stop early) over the budget."""
    paras = "".join(f"<w:p><w:r><w:t>第{i}条 甲方应当按时付款。</w:t></w:r></w:p>" for i in range(200))
    path = tmp_path / "long.docx"
    path.write_bytes(_docx(f'<w:document xmlns:w="{WNS}"><w:body>{paras}</w:body></w:document>'.encode()))
    assert check(path).lines  # within the default budget
    with pytest.raises(TextTooLarge) as info:
        check(path, max_chars=1000)
    one_line(info.value)
    with pytest.raises(TextTooLarge):
        check_bytes(path.read_bytes(), "long.docx", max_chars=1000)


def test_max_chars_on_the_command_line(tmp_path: Path, capsys):
    assert main(["check", str(SEED), "--json", "--max-chars", "1000"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"hetong: {SEED}: ") and "1,000 characters" in err and "\n" not in err
    assert main(["check", str(SEED), "--json", "--max-chars", "10000000"]) in (0, 1)


# --- zip bombs ---------------------------------------------------------------------------------------


def _docx(document: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


def _padded(mb: float, root: str = "w:document", inner: str = "<w:body/>") -> bytes:
    """An XML part of ``mb`` MB that compresses a thousandfold: spaces between two elements."""
    pad = b" " * int(mb * 2**20)
    return f'<{root} xmlns:w="{WNS}">{inner}'.encode() + pad + f"</{root}>".encode()


def test_zip_bomb_part_is_refused_before_it_inflates(tmp_path: Path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_docx(_padded(5)))
    assert path.stat().st_size < 50_000
    with pytest.raises(FileTooLarge) as info:
        check(path, caps=Caps(zip_part=2**20))
    one_line(info.value)
    assert info.value.reason == (
        "word/document.xml inflates to 5 MB, past 1 MB: a zip bomb? (raise it with --max-zip-part)"
    )


def test_zip_bomb_parts_together_are_counted_while_inflating(tmp_path: Path):
    """Each part below the part cap, together past the package cap: counted chunk by chunk as they
    inflate, and refused when the count passes the cap."""
    body = "<w:body><w:p><w:r><w:t>第一条 服务内容。</w:t></w:r></w:p></w:body>"
    styles = _padded(3.5, "w:styles", "")
    path = tmp_path / "bomb2.docx"
    path.write_bytes(_docx(_padded(3, inner=body), {"word/styles.xml": styles}))
    with pytest.raises(FileTooLarge) as info:
        check(path, caps=Caps(zip_part=4 * 2**20, zip_total=6 * 2**20))
    one_line(info.value)
    assert (
        info.value.reason
        == "the package's parts inflate past 6 MB: a zip bomb? (raise it with --max-zip-total)"
    )
    within = Caps(zip_part=4 * 2**20, zip_total=8 * 2**20)
    assert any("服务内容" in ln.text for ln in check(path, caps=within).lines)  # within both caps it reads


def test_zip_part_that_inflates_past_its_declared_size_is_refused(tmp_path: Path):
    """A header that lies (declares 1 KB, inflates to 5 MB) gives no more than it declares: the part
    ends as corrupt, without inflating the rest."""
    data = bytearray(_docx(_padded(5)))
    real = (5 * 2**20 + len(_padded(0))).to_bytes(4, "little")
    assert data.count(real) == 2  # the local header and the central directory
    data[:] = data.replace(real, (1024).to_bytes(4, "little"))
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile) as info:
        check(path)
    one_line(info.value)
    assert "corrupt" in info.value.reason


# --- check --timeout ---------------------------------------------------------------------------------


def _slow_read(data: bytes, *, source: str, max_chars: int | None = None):
    time.sleep(30)
    raise AssertionError("not interrupted")


@posix_only
def test_check_timeout_ends_with_one_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setattr(text_reader, "read", _slow_read)
    assert main(["check", str(SEED), "--timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert err == f"hetong: {SEED}: no result after 1 s (--timeout)\n"
    # nothing left behind: no timer running, the SIGALRM handler given back, no watchdog firing later
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    assert not [t for t in threading.enumerate() if t.name == "hetong-timeout" and t.is_alive()]


@posix_only
def test_check_timeout_leaves_a_quick_check_alone(capsys):
    assert main(["check", str(SEED), "--json", "--timeout", "60"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["source"]["format"] == "txt"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert main(["check", str(SEED), "--timeout", "0"]) == 2  # a usage error


@posix_only
def test_check_timeout_ends_a_native_call_that_never_returns(tmp_path: Path):
    """Code that never comes back to Python (here: SIGALRM blocked, as in a long native call) is ended
    by the watchdog thread a moment later: still one line and exit 2."""
    code = (
        "import signal, sys, time\n"
        "import extractor.readers.text as t\n"
        "def slow(data, *, source, max_chars=None):\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
        "    time.sleep(60)\n"
        "t.read = slow\n"
        "from extractor.cli import main\n"
        "sys.exit(main(['check', sys.argv[1], '--timeout', '1']))\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr == f"hetong: {SEED}: no result after 1 s (--timeout)\n"


@posix_only
def test_check_max_memory_ends_with_one_line(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(many_lines())
    args = ["--max-chars", "50000000", "--max-memory", "256"]
    r = subprocess.run(
        [sys.executable, "-m", "extractor", "check", str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr == f"hetong: {path}: over the memory limit of 256 MB (raise it with --max-memory)\n"


# --- the audit: one bad file is one error row, the rest go on ---------------------------------------


def _audit(folder: Path, tmp: Path, *extra: str) -> dict[str, dict]:
    jsonl = tmp / "audit.jsonl"
    args = ["--jsonl", str(jsonl), "--progress", "off", "--workers", "1", *extra]
    r = subprocess.run(
        [sys.executable, "-m", "extractor", "audit", str(folder), *args],
        capture_output=True,
        text=True,
        cwd=str(tmp),
        env={**os.environ, "HETONG_CACHE_DIR": str(tmp / "cache")},
        timeout=120,
    )
    assert r.returncode == 1, r.stderr  # some file could not be read
    assert "Traceback" not in r.stderr
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    return {Path(row["source"]["path"]).name: row for row in rows}


def test_audit_file_over_the_character_budget_is_one_error_row(tmp_path: Path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "a-huge.txt").write_bytes(b"The text of a contract.\n" * 100_000)  # 2.4 M characters
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    rows = _audit(folder, tmp_path, "--max-chars", "1000000")
    assert sorted(rows) == ["a-huge.txt", "seed.txt"]
    assert rows["a-huge.txt"]["error"]["kind"] == "too-large"
    assert "1,000,000 characters" in rows["a-huge.txt"]["error"]["message"]
    assert "error" not in rows["seed.txt"] and rows["seed.txt"]["source"]["format"] == "txt"


@posix_only
def test_audit_worker_over_its_memory_limit_fails_the_file_and_goes_on(tmp_path: Path):
    """The same worker reads the big file (over 256 MB: a memory error row) and then the good one."""
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "a-big.txt").write_bytes(many_lines())
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    rows = _audit(folder, tmp_path, "--max-chars", "50000000", "--max-memory", "256")
    assert rows["a-big.txt"]["error"] == {
        "kind": "memory",
        "message": "over the memory limit of 256 MB (raise it with --max-memory)",
    }
    assert "error" not in rows["seed.txt"]


def test_limit_options_are_checked(tmp_path: Path, capsys):
    from extractor.audit.run import Options, UsageError, audit

    for bad in ({"max_memory": 100}, {"max_chars": 0}):
        with pytest.raises(UsageError):
            audit(Options(paths=[str(SEED)], **bad))
    assert main(["check", str(SEED), "--max-memory", "100"]) == 2
    assert main(["check", str(SEED), "--max-chars", "0"]) == 2
    assert "--max-" in capsys.readouterr().err
