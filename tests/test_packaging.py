"""The wheel ships the pattern data, and a plain check stays light (no jieba, no PDF stack)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT, SAMPLES


def test_wheel_ships_patterns(tmp_path):
    pytest.importorskip("hatchling")
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    wheel = next(tmp_path.glob("hetong-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.rsplit("/", 1)[-1] for n in names if n.startswith("extractor/_patterns/")}
    assert shipped >= {f"{p.stem}.toml" for p in (ROOT / "patterns").glob("*.toml")}


def test_plain_check_imports_little(tmp_path):
    code = (
        "import sys, json\n"
        "from extractor.cli import main\n"
        f"main(['check', {str(SAMPLES / 'seed.txt')!r}, '--json', '-o', {str(tmp_path / 'o.json')!r}])\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    loaded = set(json.loads(p.stdout.strip().splitlines()[-1]))
    assert not loaded & {
        "jieba",
        "pdfplumber",
        "pdfminer",
        "pypdfium2",
        "docx",
        "rich",
        "openpyxl",
        "bs4",
        "dask",
    }
