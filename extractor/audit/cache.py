"""The result cache: SQLite (WAL), written by the parent process only.

Tables:

- ``files``: (location, size, mtime) -> sha256, so an unchanged file is not even read again;
- ``results``: (sha256, config, declared format) -> status, the summary row and the compact JSON
  (zlib-compressed, with :data:`PATH_TOKEN` where the path goes: identical bytes under another name or
  folder reuse the entry);
- ``written``: output file -> stamp of what it holds, so a re-run does not rewrite per-file outputs.

``config`` is a hash of everything else that changes a result: hetong's version and code, the pattern
files, the --select/--ignore options and the size limit (see :func:`config_key`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

#: stands for ``source.path`` in cached JSON; replaced by the real path when written out
PATH_TOKEN = "@@hetong:source-path:7d1c5a90e3@@"
PATH_TOKEN_JSON = json.dumps(PATH_TOKEN)
SCHEMA = 1
DB_NAME = "audit-cache.sqlite"
OUT_DB_NAME = ".hetong-cache.sqlite"


def default_dir() -> Path:
    """``$HETONG_CACHE_DIR``, else ``$XDG_CACHE_HOME/hetong``, else ``~/.cache/hetong``."""
    env = os.environ.get("HETONG_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "hetong"


def db_path(out_dir: str | None) -> Path:
    """The cache file: inside ``--out`` when given (unless HETONG_CACHE_DIR is set), else the user cache dir."""
    if out_dir and not os.environ.get("HETONG_CACHE_DIR"):
        return Path(out_dir) / OUT_DB_NAME
    return default_dir() / DB_NAME


#: modules that cannot change a cached result (they render or drive it)
NOT_RESULT_CODE = ("audit/", "cli.py", "__main__.py", "report/console.py", "report/html.py", "schema.py")


def code_fingerprint() -> str:
    """A hash of hetong's own source: a development checkout changes results without a version bump."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*.py")):
        if p.relative_to(root).as_posix().startswith(NOT_RESULT_CODE):
            continue
        h.update(str(p.relative_to(root)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def patterns_fingerprint(user_dir: str | None) -> str:
    """A hash of the pattern files in use (ours, overlaid by ``user_dir``'s), from their bytes.

    Cheaper than compiling them (``pattern_set.load``): a run served from the cache compiles nothing. A
    user's folder is still loaded once by :func:`config_key` so that a bad pattern is a usage error.
    """
    from ..pattern_set import FILES, default_dir

    h = hashlib.sha256()
    for folder in (default_dir(), Path(user_dir) if user_dir else None):
        if folder is None:
            continue
        for name in FILES:
            p = folder / f"{name}.toml"
            if p.is_file():
                h.update(f"{folder == default_dir()}:{name}:".encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def config_key(
    *,
    patterns: str | None,
    select: Iterable[str],
    ignore: Iterable[str],
    max_bytes: int,
    template: str | None = None,
) -> str:
    """Everything besides the file's bytes that decides its result."""
    from .. import __version__

    if patterns is not None:
        from .. import pattern_set

        pattern_set.load(patterns)  # raises PatternError for a missing folder or a bad pattern
    env = {"soffice": bool(shutil.which("soffice") or shutil.which("libreoffice"))}
    rules = [sorted(select), sorted(ignore)]
    blob = json.dumps(
        [__version__, code_fingerprint(), patterns_fingerprint(patterns), rules, max_bytes, env, template],
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
        con.execute("PRAGMA query_only=1")
        return con
    con = sqlite3.connect(str(path), timeout=30)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    return con


class Cache:
    """The parent's read-write handle. Writes are batched: :meth:`flush` commits (also every second)."""

    def __init__(self, path: Path | str, config: str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.con = connect(self.path)
        self._init()
        self._dirty = 0
        self._last = time.monotonic()

    def _init(self) -> None:
        c = self.con
        c.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        row = c.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is not None and row[0] != str(SCHEMA):
            c.executescript(
                "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS results; DROP TABLE IF EXISTS written;"
            )
        c.executescript(
            """
            CREATE TABLE IF NOT EXISTS files(loc TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, sha256 TEXT)
                WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS results(sha256 TEXT, config TEXT, declared TEXT, status TEXT, row TEXT,
                doc BLOB, created REAL, PRIMARY KEY(sha256, config, declared)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS written(target TEXT PRIMARY KEY, stamp TEXT) WITHOUT ROWID;
            """
        )
        c.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (str(SCHEMA),))
        c.commit()

    # -- reads
    def known_sha(self, loc: str, size: int, mtime: int) -> str | None:
        row = self.con.execute("SELECT size, mtime, sha256 FROM files WHERE loc=?", (loc,)).fetchone()
        if row and row[0] == size and row[1] == mtime and mtime:
            return row[2]
        return None

    def status(self, sha: str, declared: str | None) -> str | None:
        """ "ok" or "error" when the result is cached, else None."""
        row = self.con.execute(
            "SELECT status FROM results WHERE sha256=? AND config=? AND declared=?",
            (sha, self.config, declared or ""),
        ).fetchone()
        return row[0] if row else None

    def get(self, sha: str, declared: str | None) -> tuple[str, str, bytes] | None:
        """(status, row JSON, compressed document JSON)."""
        return self.con.execute(
            "SELECT status, row, doc FROM results WHERE sha256=? AND config=? AND declared=?",
            (sha, self.config, declared or ""),
        ).fetchone()

    def stamp(self, target: str) -> str | None:
        row = self.con.execute("SELECT stamp FROM written WHERE target=?", (target,)).fetchone()
        return row[0] if row else None

    # -- writes (parent only)
    def record_file(self, loc: str, size: int, mtime: int, sha: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO files VALUES(?,?,?,?)", (loc, size, mtime, sha))
        self._touch()

    def put(self, sha: str, declared: str | None, status: str, row: str, doc: bytes) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO results VALUES(?,?,?,?,?,?,?)",
            (sha, self.config, declared or "", status, row, doc, time.time()),
        )
        self._touch()

    def mark_written(self, target: str, stamp: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO written VALUES(?,?)", (target, stamp))
        self._touch()

    def _touch(self) -> None:
        self._dirty += 1
        if self._dirty >= 500 or time.monotonic() - self._last > 1.0:
            self.flush()

    def flush(self) -> None:
        if self._dirty:
            self.con.commit()
        self._dirty = 0
        self._last = time.monotonic()

    def close(self) -> None:
        self.flush()
        self.con.close()
