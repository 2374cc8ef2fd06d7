"""Per-file ignores: the ``[per-file-ignores]`` table of hetong.toml (ruff's ``per-file-ignores`` is the
model), file patterns mapped to the rules skipped for the files they match::

    [per-file-ignores]
    "扫描件/*" = ["D005"]               # scans: no need to hear that pages had no text layer
    "*.html" = ["S1", "empty-blank"]   # web pages: any code prefix or slug, as --ignore takes

A pattern is a glob (``fnmatch``: ``*`` ``?`` ``[…]``, case-sensitive, and ``*`` crosses ``/`` too), matched
against the file's path with ``/`` between folders: for ``check``, the path as given on the command line
(less a leading ``./``); for ``audit``, the path relative to the folder audited (to the common folder of
the paths given, when there are several). A pattern without ``/`` is matched against the file's name as
well, so ``*.pdf`` matches a PDF at any depth. The rules of every pattern that matches are skipped, on top
of ``--ignore``.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

TABLE = "per-file-ignores"


@dataclass(frozen=True)
class PerFileIgnores:
    """(pattern, codes) pairs, in the order the file gives them."""

    entries: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def of(cls, table: Mapping[str, list[str] | tuple[str, ...]] | None) -> PerFileIgnores:
        return cls(tuple((pattern, tuple(codes)) for pattern, codes in (table or {}).items()))

    def codes(self, path: str) -> tuple[str, ...]:
        """The rules to skip for the file at ``path`` (as given, or relative to the folder audited),
        sorted, each once."""
        if not self.entries:
            return ()
        path = normal(path)
        name = posixpath.basename(path)
        found: set[str] = set()
        for pattern, codes in self.entries:
            if fnmatch.fnmatchcase(path, pattern) or (
                "/" not in pattern and fnmatch.fnmatchcase(name, pattern)
            ):
                found.update(codes)
        return tuple(sorted(found))

    def all_codes(self) -> list[tuple[str, str]]:
        """Every (pattern, code) of the table, to validate the codes."""
        return [(pattern, code) for pattern, codes in self.entries for code in codes]


def normal(path: str) -> str:
    """``path`` with ``/`` between folders and no leading ``./``."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:].lstrip("/")
    return path


def table_problem(value: object) -> str | None:
    """What is wrong with the shape of a ``[per-file-ignores]`` value, or None: a table of patterns, each
    with a list of rule codes (or one code as a string)."""
    if not isinstance(value, dict):
        return f"[{TABLE}] must be a table of file patterns"
    for pattern, codes in value.items():
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) and c for c in codes):
            return f"[{TABLE}] {pattern!r} must be a list of rule codes"
    return None


def as_table(value: dict) -> dict[str, list[str]]:
    """A valid ``[per-file-ignores]`` value with every code list a list."""
    return {pattern: [codes] if isinstance(codes, str) else list(codes) for pattern, codes in value.items()}
