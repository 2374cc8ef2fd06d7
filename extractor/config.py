"""hetong.toml: a team's defaults for the command line, so that every reviewer runs the same checks.

Looked for in ``--config FILE``, else ``$HETONG_CONFIG``, else ``./hetong.toml``, else a ``[tool.hetong]``
table in ``./pyproject.toml``. Top-level keys apply to
every command, and a ``[check]`` or ``[audit]`` table to that command only; keys are the options' long
names (``fail-on``, ``ignore``, ``lang``, ``patterns``, ``max-size`` …). An option given on the command line
wins over the file, except list options (``select``, ``ignore``), which add up. An unknown key is an error,
not a silent no-op::

    lang = "zh"
    ignore = ["T403"]
    patterns = "our-patterns"
    max-ocr-pages = 50                  # every limit of docs/limits.md is a key, by its option's name

    [audit]
    workers = 4
    fail-on = "warning"

    [per-file-ignores]
    "扫描件/*" = ["D005"]
    "*.html" = ["S1", "empty-blank"]

``[per-file-ignores]`` (as ruff's) maps file patterns to the rules skipped for the files they match, in
``check`` and ``audit``: a pattern is a glob matched against the path as given to ``check`` or relative to
the folder ``audit`` was given, and, when it holds no ``/``, against the file's name (extractor/per_file.py).
The codes are checked as ``--ignore``'s are: one that names no rule is an error. A ``[check.per-file-ignores]``
or ``[audit.per-file-ignores]`` table adds patterns for that command only.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path
from typing import Any

from .errors import HetongError
from .per_file import TABLE, as_table, table_problem

FILE_NAME = "hetong.toml"
COMMANDS = ("check", "audit", "rules")


class ConfigError(HetongError):
    kind = "config"


def find(explicit: str | None) -> Path | None:
    """The configuration file in force, or None."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("HETONG_CONFIG")
    if env:
        return Path(env)
    here = Path(FILE_NAME)
    if here.is_file():
        return here
    project = Path("pyproject.toml")  # [tool.hetong] in a project's own pyproject.toml
    if project.is_file():
        try:
            if "hetong" in tomllib.loads(project.read_text(encoding="utf-8")).get("tool", {}):
                return project
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return None  # not ours to judge: the file is another tool's
    return None


def load(path: Path) -> dict[str, dict[str, Any]]:
    """Command -> {dest: value}, from the file's top level and its per-command tables."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "no such configuration file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(str(path), f"not a valid TOML file: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("hetong", {})
    shared = {k: v for k, v in data.items() if k not in COMMANDS}
    out: dict[str, dict[str, Any]] = {}
    for command in COMMANDS:
        own = data.get(command, {})
        if not isinstance(own, dict):
            raise ConfigError(str(path), f"[{command}] must be a table")
        merged = {**shared, **own}
        if TABLE in merged:  # the command's own patterns add to the shared ones
            tables = [t for t in (shared.get(TABLE), own.get(TABLE)) if t is not None]
            for table in tables:
                problem = table_problem(table)
                if problem:
                    raise ConfigError(str(path), problem)
            merged[TABLE] = {k: v for table in tables for k, v in as_table(table).items()}
        out[command] = {_dest(k): v for k, v in merged.items()}
    return out


def apply(
    subparsers: dict[str, argparse.ArgumentParser], values: dict[str, dict[str, Any]], path: Path
) -> None:
    """Make the file's values the defaults of each command's parser; an unknown key is an error. A setting
    of the file alone, with no option (``per-file-ignores``), is one the parser has a default for."""
    known_anywhere: set[str] = set()
    for command, parser in subparsers.items():
        dests = {a.dest: a for a in parser._actions}
        known_anywhere |= set(dests) | set(parser._defaults)
        defaults = {}
        for dest, value in values.get(command, {}).items():
            action = dests.get(dest)
            if action is None:
                if dest in parser._defaults:
                    defaults[dest] = value
                continue
            if isinstance(action, argparse._AppendAction):
                value = list(value) if isinstance(value, list) else [value]
            defaults[dest] = value
        parser.set_defaults(**defaults)
    for command in values:
        for dest in values[command]:
            if dest not in known_anywhere:
                raise ConfigError(str(path), f"unknown option {dest.replace('_', '-')!r}")


def _dest(key: str) -> str:
    return key.replace("-", "_")
