"""The result cache: SQLite (WAL), written by the parent process only.

Tables:

- ``files``: (location, size, mtime) -> sha256, so an unchanged file is not even read again;
- ``results``: (sha256, config, declared) -> status, the summary row and the compact JSON
  (zlib-compressed, with :data:`PATH_TOKEN` where the path goes: identical bytes under another name or
  folder reuse the entry). ``declared`` is what of the file's name changes its result
  (:func:`result_key`): the format its extension claims, and the rules hetong.toml's per-file ignores
  skip for its path;
- ``written``: output file -> stamp of what it holds, so a re-run does not rewrite per-file outputs;
- ``configs``: config -> the hetong code it was made by (:func:`code_key`) and when it was last used.

``config`` is a hash of everything else that changes a result: hetong's version and code, the pattern
files, the --select/--ignore options and the limits on what is read (see :func:`config_key`).

Pruning (:meth:`Cache.prune`, at the end of a run): results made by other hetong code (another version,
or an edited checkout) can never be served again, so they are deleted once their configuration has not
been used for :data:`STALE_AFTER` (a grace period, so that two installations sharing the cache, or a run
still going, are not robbed of their entries); ``--prune-cache`` also deletes the results of every other
configuration (other rule options, patterns, template) and compacts the file. ``files`` and ``written``
rows left without a result go with them.
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
from typing import ClassVar

from ..messages import lang
from ..readers import ocr
from ..readers.caps import DEFAULT_CAPS, Caps
from .discover import printable

#: stands for ``source.path`` in cached JSON; replaced by the real path when written out
PATH_TOKEN = "@@hetong:source-path:7d1c5a90e3@@"
PATH_TOKEN_JSON = json.dumps(PATH_TOKEN)
SCHEMA = 2
DB_NAME = "audit-cache.sqlite"
OUT_DB_NAME = ".hetong-cache.sqlite"
#: results of other hetong code are pruned once their configuration went unused this long (seconds)
STALE_AFTER = 24 * 3600.0
#: length of a configuration key (hex)
CONFIG_LEN = 24
#: pending writes are handed to SQLite in batches of this many rows; a commit every second or so
BATCH = 64
COMMIT_ROWS = 2000
COMMIT_SECONDS = 1.0


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


def _default_patterns_dir() -> Path:
    """``pattern_set.default_dir()`` without importing pattern_set (and regex): a run served from the
    cache then imports none of the pipeline (a test checks that both agree)."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "_patterns"
    return shipped if shipped.is_dir() else package.parent / "patterns"


def patterns_fingerprint(user_dir: str | None) -> str:
    """A hash of the pattern files in use (ours, overlaid by ``user_dir``'s), from their bytes.

    Cheaper than compiling them (``pattern_set.load``): a run served from the cache compiles nothing. A
    user's folder is still loaded once by :func:`config_key` so that a bad pattern is a usage error.
    Every ``.toml`` of a folder counts (one the loader ignores only costs a needless cache miss).
    """
    ours = _default_patterns_dir()
    h = hashlib.sha256()
    for folder in (ours, Path(user_dir) if user_dir else None):
        if folder is None or not folder.is_dir():
            continue
        for p in sorted(folder.glob("*.toml")):
            h.update(f"{folder == ours}:{p.stem}:".encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def code_key() -> str:
    """hetong's version and source: results made by other code are never served (and get pruned)."""
    from .. import __version__

    return hashlib.sha256(f"{__version__}:{code_fingerprint()}".encode()).hexdigest()[:16]


def config_key(
    *,
    patterns: str | None,
    select: Iterable[str],
    ignore: Iterable[str],
    max_bytes: int,
    max_chars: int | None = None,
    max_pages: int | None = None,
    caps: Caps | None = None,
    template: str | None = None,
    code: str | None = None,
    baseline: str | None = None,
) -> str:
    """Everything besides the file's bytes that decides its result (``code``: :func:`code_key`); ``caps``
    among them: a file read under a higher cap must not be served when a lower one refuses it, and the
    OCR caps change what a scan's result holds."""
    if patterns is not None:
        from .. import pattern_set

        pattern_set.load(patterns)  # raises PatternError for a missing folder or a bad pattern
    # what the machine can do changes the result of a file (a scan read by OCR once it is installed, a .doc
    # converted by LibreOffice), and the messages are stored in the language they were made in
    env = {
        "soffice": bool(shutil.which("soffice") or shutil.which("libreoffice")),
        "ocr": ocr.available(),
        "lang": lang(),
    }
    rules = [sorted(select), sorted(ignore)]
    blob = json.dumps(
        [
            code or code_key(),
            patterns_fingerprint(patterns),
            rules,
            max_bytes,
            max_chars,
            max_pages,
            env,
            template,
            (caps or DEFAULT_CAPS).key(),
        ]
        + ([baseline] if baseline else []),  # (no baseline: the keys made before baselines existed)
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:CONFIG_LEN]


def result_key(declared: str | None, ignored: Iterable[str] = ()) -> str:
    """The ``declared`` part of a result's key: the format the file's extension claims, and the rules the
    per-file ignores skip for its path (sorted; none: the format alone, as before per-file ignores)."""
    base = declared or ""
    codes = ",".join(sorted(ignored))
    return f"{base}|ignore:{codes}" if codes else base


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
    """The parent's read-write handle.

    Writes are queued and handed to SQLite in batches (``executemany``), and committed every
    :data:`COMMIT_SECONDS` or :data:`COMMIT_ROWS` rows and by :meth:`flush`: the main process pays for
    one transaction per second, not one per file. Reads see the queued writes (they are handed over
    first)."""

    def __init__(self, path: Path | str, config: str, code: str = ""):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.code = code
        self.con = connect(self.path)
        self._init()
        self._queued: dict[str, list[tuple]] = {"files": [], "results": [], "written": []}
        self._pending = 0  # rows handed to SQLite since the last commit
        self._last = time.monotonic()

    def _init(self) -> None:
        c = self.con
        c.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        row = c.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is not None and row[0] != str(SCHEMA):
            c.executescript(
                "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS results; DROP TABLE IF EXISTS written;"
                "DROP TABLE IF EXISTS configs;"
            )
        c.executescript(
            """
            CREATE TABLE IF NOT EXISTS files(loc TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, sha256 TEXT)
                WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS results(sha256 TEXT, config TEXT, declared TEXT, status TEXT, row TEXT,
                doc BLOB, created REAL, PRIMARY KEY(sha256, config, declared)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS written(target TEXT PRIMARY KEY, stamp TEXT) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS configs(config TEXT PRIMARY KEY, code TEXT, used REAL) WITHOUT ROWID;
            """
        )
        c.execute("INSERT OR REPLACE INTO meta VALUES('schema', ?)", (str(SCHEMA),))
        c.execute("INSERT OR REPLACE INTO configs VALUES(?,?,?)", (self.config, self.code, time.time()))
        c.commit()

    # -- reads
    def known_sha(self, loc: str, size: int, mtime: int) -> str | None:
        loc = printable(loc)
        self._hand_over()
        row = self.con.execute("SELECT size, mtime, sha256 FROM files WHERE loc=?", (loc,)).fetchone()
        if row and row[0] == size and row[1] == mtime and mtime:
            return row[2]
        return None

    def status(self, sha: str, declared: str | None) -> str | None:
        """ "ok" or "error" when the result is cached, else None."""
        self._hand_over()
        row = self.con.execute(
            "SELECT status FROM results WHERE sha256=? AND config=? AND declared=?",
            (sha, self.config, declared or ""),
        ).fetchone()
        return row[0] if row else None

    def get(self, sha: str, declared: str | None) -> tuple[str, str, bytes] | None:
        """(status, row JSON, compressed document JSON)."""
        self._hand_over()
        return self.con.execute(
            "SELECT status, row, doc FROM results WHERE sha256=? AND config=? AND declared=?",
            (sha, self.config, declared or ""),
        ).fetchone()

    def stamp(self, target: str) -> str | None:
        target = printable(target)
        self._hand_over()
        row = self.con.execute("SELECT stamp FROM written WHERE target=?", (target,)).fetchone()
        return row[0] if row else None

    # -- writes (parent only)
    def record_file(self, loc: str, size: int, mtime: int, sha: str) -> None:
        loc = printable(loc)
        self._queue("files", (loc, size, mtime, sha))

    def put(self, sha: str, declared: str | None, status: str, row: str, doc: bytes) -> None:
        self._queue("results", (sha, self.config, declared or "", status, row, doc, time.time()))

    def mark_written(self, target: str, stamp: str) -> None:
        target, stamp = printable(target), printable(stamp)
        self._queue("written", (target, stamp))

    _INSERT: ClassVar[dict[str, str]] = {
        "files": "INSERT OR REPLACE INTO files VALUES(?,?,?,?)",
        "results": "INSERT OR REPLACE INTO results VALUES(?,?,?,?,?,?,?)",
        "written": "INSERT OR REPLACE INTO written VALUES(?,?)",
    }

    def _queue(self, table: str, row: tuple) -> None:
        q = self._queued[table]
        q.append(row)
        if len(q) >= BATCH:
            self._hand_over()
            if self._pending >= COMMIT_ROWS or time.monotonic() - self._last > COMMIT_SECONDS:
                self.flush()

    def _hand_over(self) -> None:
        """Queued rows into SQLite (inside the open transaction), in the order the tables depend on."""
        for table, rows in self._queued.items():
            if rows:
                self.con.executemany(self._INSERT[table], rows)
                self._pending += len(rows)
                rows.clear()

    def flush(self) -> None:
        """Commit everything written so far."""
        self._hand_over()
        if self._pending:
            self.con.commit()
        self._pending = 0
        self._last = time.monotonic()

    def tick(self) -> None:
        """Commit when the last commit is more than :data:`COMMIT_SECONDS` old (call once per file)."""
        if time.monotonic() - self._last > COMMIT_SECONDS:
            self.flush()

    # -- pruning
    def prune(self, *, everything_else: bool = False, now: float | None = None) -> int:
        """Delete results that cannot be served any more; returns how many.

        By default the results of configurations made by other hetong code and unused for
        :data:`STALE_AFTER`; with ``everything_else``, of every configuration but this one (then the file
        is compacted). Rows of ``files`` and ``written`` left pointing at nothing go too.
        """
        self.flush()
        c = self.con
        if everything_else:
            stale = [r[0] for r in c.execute("SELECT config FROM configs WHERE config != ?", (self.config,))]
            # results whose configuration is unknown (should not happen) go too
            stale += [
                r[0]
                for r in c.execute(
                    "SELECT DISTINCT config FROM results WHERE config NOT IN (SELECT config FROM configs)"
                )
            ]
        else:
            cutoff = (time.time() if now is None else now) - STALE_AFTER
            stale = [
                r[0]
                for r in c.execute(
                    "SELECT config FROM configs WHERE code != ? AND used < ?", (self.code, cutoff)
                )
            ]
        if not stale:
            return 0
        # one pass over each table, whatever the number of stale configurations
        c.execute("CREATE TEMP TABLE IF NOT EXISTS stale(config TEXT PRIMARY KEY)")
        c.execute("DELETE FROM stale")
        c.executemany("INSERT OR IGNORE INTO stale VALUES(?)", [(x,) for x in stale])
        gone = c.execute("DELETE FROM results WHERE config IN (SELECT config FROM stale)").rowcount
        c.execute("DELETE FROM configs WHERE config IN (SELECT config FROM stale)")
        # a stamp is "sha|config|path": an output made under that configuration is out of date anyway
        c.execute(
            "DELETE FROM written WHERE substr(stamp, instr(stamp, '|') + 1, ?) IN (SELECT config FROM stale)",
            (CONFIG_LEN,),
        )
        c.execute(
            "DELETE FROM files WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.sha256 = files.sha256)"
        )
        c.commit()
        if everything_else:
            c.execute("VACUUM")
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # VACUUM went through the write-ahead log
        return gone

    def close(self) -> None:
        self.flush()
        self.con.close()
