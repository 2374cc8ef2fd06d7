"""The LibreOffice fallback leaves nothing behind (issue: hostile input; docs/limits.md): its process group
is killed however the conversion ends, and its folders are removed. A stand-in ``soffice`` (a shell script
put first on PATH) fails, hangs with a child of its own as soffice.bin does, or writes a .docx."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.errors import UnreadableFile
from extractor.readers import doc as doc_reader
from extractor.readers import libreoffice

from .make_doc import word_doc

ROOT = Path(__file__).resolve().parent.parent.parent
DOCX = ROOT / "samples" / "service-numbered.docx"

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups and shell scripts: POSIX")

FAKE_SOFFICE = """#!/bin/sh
# a stand-in for LibreOffice: $FAKE_SOFFICE says what it does; every process id goes to $FAKE_SOFFICE_PIDS
echo $$ >> "$FAKE_SOFFICE_PIDS"
outdir=""
while [ $# -gt 0 ]; do
    if [ "$1" = "--outdir" ]; then outdir="$2"; fi
    shift
done
case "$FAKE_SOFFICE" in
    fail) exit 1 ;;
    hang)
        sleep 300 &
        echo $! >> "$FAKE_SOFFICE_PIDS"
        exec sleep 300 ;;
    convert)
        mkdir -p "$outdir" && cp "$FAKE_SOFFICE_DOCX" "$outdir/in.docx" ;;
esac
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch) -> Path:
    """A fake soffice on PATH, a temporary folder of the test's own, no profile yet; returns the file
    the fake writes its process ids to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE)
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    pids = tmp_path / "pids"
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(DOCX))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(libreoffice, "_profile", None)
    monkeypatch.setenv(doc_reader.ENV_CONVERTER, "libreoffice")
    return pids


def folders() -> list[str]:
    return sorted(p.name for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("hetong-lo-"))


def gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for init to reap it has ended too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def all_gone(pids: Path, *, within: float = 0.0) -> bool:
    deadline = time.monotonic() + within
    while True:
        if all(gone(int(p)) for p in pids.read_text().split()):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def test_a_conversion_that_fails_leaves_no_folder(fake: Path, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE", "fail")
    with pytest.raises(UnreadableFile, match="LibreOffice could not convert the file"):
        doc_reader.read(word_doc("第一条 付款。\r"), source="x.doc")
    assert [name.split("-")[2] for name in folders()] == ["profile"]  # kept for the next conversion
    assert all_gone(fake)


def test_a_conversion_that_works_leaves_no_folder_but_the_profile(fake: Path, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE", "convert")
    doc = doc_reader.read(word_doc("第一条 付款。\r"), source="x.doc")
    assert doc.format == "doc" and any(line.text.startswith("第一章") for line in doc.lines)
    assert [name.split("-")[2] for name in folders()] == ["profile"]


def test_a_conversion_past_its_time_is_killed_with_its_children(fake: Path, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    monkeypatch.setattr(libreoffice, "CONVERT_TIMEOUT", 1)
    with pytest.raises(libreoffice.ConversionFailed, match="did not finish within 1 s"):
        libreoffice.convert_with_libreoffice(b"data", "doc")
    assert len(fake.read_text().split()) == 2  # the launcher and its child
    assert all_gone(fake)
    assert folders() == []  # the conversion's folder, and the profile it may have left locked


def test_check_timeout_kills_the_conversion_it_interrupts(fake: Path, monkeypatch, tmp_path: Path, capsys):
    """check --timeout's alarm ends the wait for soffice with an exception: the group goes with it."""
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    path = tmp_path / "x.doc"
    path.write_bytes(word_doc("第一条 付款。\r"))
    assert main(["check", str(path), "--timeout", "1"]) == 2
    assert capsys.readouterr().err == f"hetong: {path}: no result after 1 s (--timeout)\n"
    assert all_gone(fake)
    assert folders() == []


def test_max_convert_seconds_on_the_command_line_and_in_the_config(
    fake: Path, monkeypatch, tmp_path: Path, capsys
):
    path = tmp_path / "x.doc"
    path.write_bytes(word_doc("第一条 付款。\r"))
    config = tmp_path / "hetong.toml"
    config.write_text("max-convert-seconds = 1\n", "utf-8")
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    for args in (["--max-convert-seconds", "1"], ["--config", str(config)]):
        started = time.monotonic()
        assert main(["check", str(path), *args]) == 2
        assert time.monotonic() - started < 10
        assert capsys.readouterr().err == (
            f"hetong: {path}: LibreOffice did not finish within 1 s (raise it with --max-convert-seconds)\n"
        )
    assert all_gone(fake)
    monkeypatch.setenv("FAKE_SOFFICE", "convert")
    assert main(["check", str(path), "--config", str(config), "--max-convert-seconds", "60"]) in (0, 1)
    assert main(["check", str(path)]) in (0, 1)  # the default: 120 s


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="coreutils' timeout, /proc")
def test_the_group_is_killed_even_when_the_process_that_started_it_is(fake: Path, monkeypatch):
    """An audit worker killed for its time on a file cannot kill soffice: ``timeout`` does, and the next
    conversion removes the folders the worker left."""
    if libreoffice.shutil.which("timeout") is None:
        pytest.skip("coreutils' timeout is not installed")
    monkeypatch.setenv("FAKE_SOFFICE", "hang")
    code = (
        "import tempfile, sys\n"
        f"tempfile.tempdir = {tempfile.gettempdir()!r}\n"
        "from extractor.readers import libreoffice as lo\n"
        "lo.CONVERT_TIMEOUT, lo.TIMEOUT_BACKSTOP = 2, 1\n"
        "lo.convert_with_libreoffice(b'data', 'doc')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while not (fake.exists() and len(fake.read_text().split()) == 2):
        assert time.monotonic() < deadline and worker.poll() is None
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert len(folders()) == 2  # left behind: the conversion's folder and the profile
    assert all_gone(fake, within=30)
    libreoffice.remove_stale_folders()
    assert folders() == []


def test_stale_folders_of_dead_processes_are_removed(fake: Path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    temp = Path(tempfile.gettempdir())
    for name in (f"hetong-lo-{dead.pid}-a1", f"hetong-lo-profile-{dead.pid}-b2"):
        (temp / name / "user").mkdir(parents=True)
    mine = f"hetong-lo-{os.getpid()}-c3"
    (temp / mine).mkdir()
    (temp / "hetong-lo-old").mkdir()  # no process id in the name: whose it is cannot be told
    libreoffice.remove_stale_folders()
    assert folders() == sorted(["hetong-lo-old", mine])
