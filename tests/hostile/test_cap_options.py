"""Every cap of docs/limits.md has an option of check and audit and a hetong.toml key (readers/caps.py):
a hostile file built at test time is refused (or, for OCR, read in part) under a low setting, and read
under the default, on the command line and from the configuration file; an audit's cache never serves a
result made under other caps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest

from extractor.audit.cache import config_key
from extractor.cli import main
from extractor.readers import ocr
from extractor.readers.caps import DEFAULT_CAPS, OPTIONS, Caps

from ..fake_ocr import FakeEngine
from .make_bombs import paragraphs_docx, paragraphs_html, spaces_docx, spaces_pdf
from .make_pdf import scan_pdf

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = ROOT / "samples" / "seed.txt"

#: option -> (file name, its bytes, a setting that refuses it, the reason given); each file is refused by
#: its own option's setting only (the audit test gives them all at once)
REFUSED = {
    "--max-zip-part": (
        "part.docx",
        lambda: spaces_docx(3),
        "2",
        "word/document.xml inflates to 3 MB, past 2 MB: a zip bomb? (raise it with --max-zip-part)",
    ),
    "--max-zip-total": (
        "parts.docx",
        lambda: spaces_docx(1.5, 1.5),
        "2.5",
        "the package's parts inflate past 2.5 MB: a zip bomb? (raise it with --max-zip-total)",
    ),
    "--max-pdf-stream": (
        "stream.pdf",
        lambda: spaces_pdf(3),
        "2",
        "a stream of the PDF inflates past 2 MB: a zip bomb? (raise it with --max-pdf-stream)",
    ),
    "--max-pdf-total": (
        "streams.pdf",
        lambda: spaces_pdf(1.5, 1.5),
        "2.5",
        "the PDF's streams inflate past 2.5 MB together: a zip bomb? (raise it with --max-pdf-total)",
    ),
    "--max-xml-elements": (
        "clauses.docx",
        lambda: paragraphs_docx(2000),
        "5000",
        "word/document.xml holds 6,002 XML elements, past 5,000: an XML bomb? (raise it with --max-xml-elements)",
    ),
    "--max-html-elements": (
        "clauses.html",
        lambda: paragraphs_html(2000),
        "1000",
        "the page holds 2,002 HTML elements, past 1,000: an HTML bomb? (raise it with --max-html-elements)",
    ),
}


def key(option: str) -> str:
    return option.removeprefix("--")


@pytest.mark.parametrize("option", sorted(REFUSED))
def test_a_cap_refuses_under_a_low_setting_and_reads_under_the_default(option: str, tmp_path: Path, capsys):
    name, make, low, reason = REFUSED[option]
    path = tmp_path / name
    path.write_bytes(make())
    assert main(["check", str(path), option, low]) == 2
    assert capsys.readouterr().err == f"hetong: {path}: {reason}\n"
    assert main(["check", str(path), "--json"]) in (0, 1)  # the default lets it through
    assert json.loads(capsys.readouterr().out)["source"]["path"] == str(path)
    config = tmp_path / "hetong.toml"
    config.write_text(f"{key(option)} = {low}\n", "utf-8")
    assert main(["check", str(path), "--config", str(config)]) == 2
    assert capsys.readouterr().err == f"hetong: {path}: {reason}\n"
    config.write_text(f"[check]\n{key(option)} = {low}\n", "utf-8")
    assert main(["check", str(path), "--config", str(config), option, "1000000"]) in (0, 1)  # the option wins


def test_an_audit_refuses_each_file_under_its_cap_and_never_serves_a_cached_result(tmp_path: Path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    for name, make, _low, _reason in REFUSED.values():
        (folder / name).write_bytes(make())
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    rows = _audit(folder, tmp_path)  # the defaults: every file read, and its result cached
    assert sorted(rows) == sorted([*(case[0] for case in REFUSED.values()), "seed.txt"])
    assert not [name for name, row in rows.items() if "error" in row]
    low = [arg for option, (_n, _m, value, _r) in REFUSED.items() for arg in (option, value)]
    for run in (low, ["--config", _config(tmp_path, REFUSED)]):
        rows = _audit(folder, tmp_path, *run)
        for name, _make, _low, reason in REFUSED.values():
            assert rows[name]["error"] == {"kind": "too-large", "message": reason}, name
        assert "error" not in rows["seed.txt"]


def _config(tmp: Path, cases: dict) -> str:
    path = tmp / "team.toml"
    path.write_text("[audit]\n" + "".join(f"{key(o)} = {c[2]}\n" for o, c in cases.items()), "utf-8")
    return str(path)


QUIET = ("--progress", "off", "--workers", "2")


def _audit(folder: Path, tmp: Path, *extra: str) -> dict[str, dict]:
    jsonl = tmp / "audit.jsonl"
    r = subprocess.run(
        [sys.executable, "-m", "extractor", "audit", str(folder), "--jsonl", str(jsonl), *QUIET, *extra],
        capture_output=True,
        text=True,
        cwd=str(tmp),
        env={**os.environ, "HETONG_CACHE_DIR": str(tmp / "cache")},
        timeout=120,
    )
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    return {Path(row["source"]["path"]).name: row for row in rows}


# --- OCR ---------------------------------------------------------------------------------------------


@pytest.fixture
def engine(monkeypatch) -> FakeEngine:
    pytest.importorskip("cv2")
    fake = FakeEngine(lambda k: f"第{k}条 甲方应当按时付款。")
    monkeypatch.setattr(ocr, "engine", lambda: fake)
    return fake


def _check(capsys, *args: str) -> dict:
    assert main(["check", *args, "--json"]) in (0, 1)
    return json.loads(capsys.readouterr().out)


def _skipped(result: dict) -> list[str]:
    return [f["message"] for f in result["findings"] if f["code"] == "D005"]


@pytest.mark.parametrize(("option", "low"), [("--max-ocr-pages", "1"), ("--max-ocr-seconds", "0")])
def test_the_ocr_budget_leaves_pages_unread_under_a_low_setting(
    option: str, low: str, engine: FakeEngine, tmp_path: Path, capsys
):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(3))
    read = [1] if option == "--max-ocr-pages" else []
    left = "2–3" if read else "1–3"
    said = (
        f"page(s) {left} not read by OCR: the file's OCR page or time budget is spent "
        "(raise it with --max-ocr-pages, --max-ocr-seconds)"
    )
    config = tmp_path / "hetong.toml"
    config.write_text(f"{key(option)} = {low}\n", "utf-8")
    for args in ([option, low], ["--config", str(config)]):
        result = _check(capsys, str(path), *args)
        assert result["source"].get("ocr_pages", []) == read
        assert _skipped(result) == [said]
    result = _check(capsys, str(path))
    assert result["source"]["ocr_pages"] == [1, 2, 3] and _skipped(result) == []
    assert len(engine.shapes) == (2 if read else 0) + 3  # (two runs under the low setting, then all)


def test_the_pixels_of_a_page_rendered_for_ocr(engine: FakeEngine, tmp_path: Path, capsys):
    """An A4 page is rendered at 200 dpi and read at 2,000 pixels high (2.8 million pixels); with a cap of
    one million, at about 100 dpi."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(1))
    config = tmp_path / "hetong.toml"
    config.write_text("max-ocr-pixels = 1000000\n", "utf-8")
    _check(capsys, str(path))
    for args in (["--max-ocr-pixels", "1000000"], ["--config", str(config)]):
        assert _check(capsys, str(path), *args)["source"]["ocr_pages"] == [1]
    (h, w), *smaller = engine.shapes
    assert h == 2000 and h * w == pytest.approx(2.83e6, rel=0.01)
    assert len(smaller) == 2 and all(950_000 < h * w < 1_005_000 for h, w in smaller)  # (to a pixel a side)


# --- the options themselves --------------------------------------------------------------------------


def test_every_cap_has_an_option_and_is_in_the_cache_key():
    assert sorted(o.cap for o in OPTIONS) == sorted(f.name for f in fields(Caps))
    keys = set()
    for f in fields(Caps):
        changed = replace(DEFAULT_CAPS, **{f.name: getattr(DEFAULT_CAPS, f.name) + 1})
        keys.add(config_key(patterns=None, select=(), ignore=(), max_bytes=1, caps=changed, code="x"))
    keys.add(config_key(patterns=None, select=(), ignore=(), max_bytes=1, caps=DEFAULT_CAPS, code="x"))
    assert len(keys) == len(fields(Caps)) + 1


def test_every_cap_is_in_the_table_of_docs_limits_with_its_option_and_key():
    table = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    for o in OPTIONS:
        row = next((r for r in rows if f"`{o.flag} {o.unit}`" in r), None)
        assert row is not None, o.flag
        assert f"`{key(o.flag)}`" in row, o.flag
    assert not [r for r in rows[2:] if re.search(r"\| none \(`", r)]  # no limit left a bare constant


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--max-zip-part", "0"], "--max-zip-part must be above 0"),
        (["--max-pdf-total", "-1"], "--max-pdf-total must be above 0"),
        (["--max-xml-elements", "0"], "--max-xml-elements must be at least 1"),
        (["--max-ocr-pages", "-1"], "--max-ocr-pages must be at least 0"),
        (["--max-ocr-pixels", "100"], "--max-ocr-pixels must be at least 10,000"),
        (["--max-convert-seconds", "0"], "--max-convert-seconds must be above 0"),
    ],
)
def test_a_bad_setting_is_a_usage_error(args: list[str], said: str, capsys):
    from extractor.audit.run import Options, UsageError, audit
    from extractor.readers.caps import from_values

    assert main(["check", str(SEED), *args]) == 2
    assert capsys.readouterr().err == f"hetong: error: {said}\n"
    with pytest.raises(UsageError, match=said):
        audit(Options(paths=[str(SEED)], caps=from_values({args[0][2:].replace("-", "_"): float(args[1])})))
