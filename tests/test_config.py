"""hetong.toml: a team's defaults for the options, found beside the command or named by --config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import SAMPLES


def _run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_the_file_beside_the_command_sets_the_defaults(tmp_path: Path):
    (tmp_path / "hetong.toml").write_text('ignore = ["B201", "P302"]\n[check]\nfail-on = "never"\n', "utf-8")
    r = _run(tmp_path, "check", str(SAMPLES / "seed.txt"), "--json")
    codes = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert "B201" not in codes and "P302" not in codes and "S101" in codes
    assert r.returncode == 0  # fail-on never, from the file
    # the command line wins over the file; list options add up
    r = _run(tmp_path, "check", str(SAMPLES / "seed.txt"), "--json", "--fail-on", "error", "--ignore", "S101")
    codes = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert r.returncode == 1 and not codes & {"B201", "P302", "S101"}


def test_config_option_and_env(tmp_path: Path):
    cfg = tmp_path / "team.toml"
    cfg.write_text('lang = "zh"\n', "utf-8")
    by_option = _run(tmp_path, "check", str(SAMPLES / "seed.txt"), "--json", "--config", str(cfg))
    by_env = _run(tmp_path, "check", str(SAMPLES / "seed.txt"), "--json", env={"HETONG_CONFIG": str(cfg)})
    for r in (by_option, by_env):
        messages = [f["message"] for f in json.loads(r.stdout)["findings"] if f["code"] == "S101"]
        assert messages == ["缺少第十三章（13）：编号从第十二章跳到第十四章"]


def test_an_unknown_key_or_a_bad_file_is_one_line_and_exit_2(tmp_path: Path):
    (tmp_path / "hetong.toml").write_text('colour = "red"\n', "utf-8")
    r = _run(tmp_path, "check", str(SAMPLES / "seed.txt"))
    assert r.returncode == 2 and "unknown option 'colour'" in r.stderr and len(r.stderr.splitlines()) == 1
    (tmp_path / "hetong.toml").write_text("lang = [", "utf-8")
    r = _run(tmp_path, "rules")
    assert r.returncode == 2 and "not a valid TOML file" in r.stderr


def test_a_tool_table_in_pyproject(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.hetong]\nignore = ["B201"]\n', "utf-8"
    )
    r = _run(tmp_path, "check", str(SAMPLES / "seed.txt"), "--json")
    assert "B201" not in {f["code"] for f in json.loads(r.stdout)["findings"]}
    # a pyproject.toml without the table is another project's: nothing changes
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', "utf-8")
    r = _run(tmp_path, "check", str(SAMPLES / "seed.txt"), "--json")
    assert "B201" in {f["code"] for f in json.loads(r.stdout)["findings"]}
