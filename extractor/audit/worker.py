"""The per-file job, the same in a local worker process and on a Dask worker.

``process(task, cfg)`` reads one file, hashes it, asks the cache whether the result is known (local pool
only: workers open the SQLite file read-only; the parent alone writes it), runs the pipeline and returns
an :class:`Outcome`: the compact JSON (zlib-compressed, path replaced by ``PATH_TOKEN`` so that the cache
entry serves identical bytes under any name) and the summary row. In the local pool the worker also writes
the per-file outputs (``--out`` JSON, ``--html`` page) itself, so that work runs in parallel.

Test hooks (read by the parent at the start of a run and handed to the workers, so that they apply
equally to the local pool and Dask): ``HETONG_TEST_CRASH_ON=name[,name]`` makes the worker ``os._exit``
on a file with that base name, ``HETONG_TEST_HANG_ON=name[,name]`` makes it sleep forever on one, and
``HETONG_TEST_DELAY=seconds`` slows every file down (to interrupt a run mid-way). They exist for the
tests of crash, hang and resume handling; never set them otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from ..messages import set_lang
from ..readers import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES
from ..readers.caps import DEFAULT_CAPS, Caps
from .cache import PATH_TOKEN, result_key
from .names import safe_rel

#: error kinds that depend on the machine or the moment rather than on the bytes: never cached
VOLATILE_KINDS = frozenset(
    {"missing-dependency", "crash", "timeout", "internal", "too-large", "memory", "patterns"}
)


@dataclass(frozen=True, slots=True)
class Task:
    index: int
    loc: str  # absolute path or fsspec URL
    path: str  # the path to report
    rel: str  # the mirrored output path (without extension)
    force: bool = False  # do not take the result from the cache (--no-cache, or the HTML page is needed)
    # the files before and after it with a page, as far as discovery knows (--html: the page's links)
    prev: str | None = None
    next: str | None = None
    ignore: tuple[str, ...] = ()  # rules skipped for this file by hetong.toml's [per-file-ignores]


@dataclass(frozen=True)
class WorkerConfig:
    template: str | None = None  # absolute path of the blank model (--template)
    patterns: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    max_pages: int = DEFAULT_MAX_PAGES
    caps: Caps = DEFAULT_CAPS
    max_memory: int = 0  # MB of address space per local worker (set by the pool: pool._worker_main); 0: none
    ocr_threads: int = 0  # onnxruntime threads per OCR model (0: one per core); the pool shares the cores
    lang: str = "zh"  # the language of messages (--lang / HETONG_LANG): a worker may not inherit the parent's
    baseline: Any = None  # extractor.baseline.Baseline: the findings seen before (--baseline)
    config: str = ""
    cache_db: str | None = None  # read-only lookups by content hash
    out_dir: str | None = None
    html_dir: str | None = None
    write_files: bool = True  # False on Dask: the page comes back in the outcome for the parent to write
    hooks: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    index: int
    status: str  # ok | error | hit (the cache holds the result for ``sha``)
    sha: str | None = None
    kind: str | None = None  # the error kind (for a hit: the cached status, ok or error)
    message: str | None = None
    row: str | None = None  # JSON of the summary row (report.table)
    doc: bytes | None = None  # zlib of the compact JSON with PATH_TOKEN
    html: bytes | None = None  # zlib of the page (only when the worker does not write files)
    wrote: tuple[str, ...] = ()  # stamps of outputs the worker wrote: "out" / "html"
    cacheable: bool = True
    seconds: float = 0.0


def compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def error_doc(kind: str, message: str) -> bytes:
    return zlib.compress(
        compact({"source": {"path": PATH_TOKEN}, "error": {"kind": kind, "message": message}}).encode(
            "utf-8"
        ),
        1,
    )


def error_outcome(
    index: int, kind: str, message: str, *, declared: str | None, sha: str | None = None, seconds: float = 0.0
) -> Outcome:
    from ..report.table import error_row

    return Outcome(
        index,
        "error",
        sha,
        kind,
        message,
        compact(error_row(kind, message, fmt=declared, sha256=sha)),
        error_doc(kind, message),
        cacheable=sha is not None and kind not in VOLATILE_KINDS,
        seconds=seconds,
    )


def _declared(path: str) -> str | None:
    from ..readers.sniff import declared_format

    return declared_format(path)


def _hooks(task: Task, hooks: dict[str, Any]) -> None:
    name = os.path.basename(task.path)
    if hooks.get("delay"):
        time.sleep(float(hooks["delay"]))
    if name in hooks.get("crash_on", ()):
        os._exit(70)
    if name in hooks.get("hang_on", ()):
        while True:
            time.sleep(3600)


def test_hooks_from_env() -> dict[str, Any]:
    """The HETONG_TEST_* hooks set in the environment (see the module doc)."""

    def names(var: str) -> tuple[str, ...]:
        return tuple(n for n in os.environ.get(var, "").split(",") if n)

    hooks: dict[str, Any] = {}
    if names("HETONG_TEST_CRASH_ON"):
        hooks["crash_on"] = names("HETONG_TEST_CRASH_ON")
    if names("HETONG_TEST_HANG_ON"):
        hooks["hang_on"] = names("HETONG_TEST_HANG_ON")
    if os.environ.get("HETONG_TEST_DELAY"):
        hooks["delay"] = float(os.environ["HETONG_TEST_DELAY"])
    return hooks


def read_input(loc: str, path: str, max_bytes: int) -> bytes:
    """The file's bytes, with the same refusals as ``readers.read_path``."""
    from ..errors import FileTooLarge, UnreadableFile

    if "://" in loc and not loc.startswith("file://"):
        from .remote import read_url

        return read_url(loc, path, max_bytes)
    if loc.startswith("file://"):
        loc = loc[len("file://") :]
    try:
        with open(loc, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise FileTooLarge(
                    path, f"{size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit"
                )
            data = fh.read()
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file (deleted during the audit?)") from None
    except IsADirectoryError:
        raise UnreadableFile(path, "is a folder") from None
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    return data


#: the address-space limit (MB) this process runs under, once :func:`limit_memory` set it
memory_limit: int | None = None


def limit_memory(cfg: WorkerConfig) -> None:
    """Put this worker process under ``cfg.max_memory`` MB of address space (RLIMIT_AS; POSIX only,
    elsewhere nothing): a file that needs more fails with a ``memory`` error row and the worker goes on.
    For our own worker processes only, never a Dask worker's (a shared process)."""
    global memory_limit
    if cfg.max_memory:
        from ..limits import set_memory_limit

        if set_memory_limit(cfg.max_memory) is not None:
            memory_limit = cfg.max_memory


_db: sqlite3.Connection | None = None
_db_path: str | None = None


def _cached(cfg: WorkerConfig, sha: str, key: str) -> str | None:
    """The status ("ok"/"error") of the cached result for these bytes (``key``: :func:`cache.result_key`),
    or None."""
    global _db, _db_path
    if not cfg.cache_db:
        return None
    if _db is None or _db_path != cfg.cache_db:
        from .cache import connect

        try:
            _db, _db_path = connect(cfg.cache_db, readonly=True), cfg.cache_db
        except sqlite3.Error:
            return None
    try:
        row = _db.execute(
            "SELECT status FROM results WHERE sha256=? AND config=? AND declared=?",
            (sha, cfg.config, key),
        ).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def process(task: Task, cfg: WorkerConfig) -> Outcome:
    """Audit one file; never raises (every failure is an error outcome)."""
    from ..errors import HetongError, UnreadableFile

    t0 = time.perf_counter()
    set_lang(cfg.lang)
    declared = _declared(task.path)
    if cfg.hooks:
        _hooks(task, cfg.hooks)
    sha = None
    try:
        data = read_input(task.loc, task.path, cfg.max_bytes)
        sha = hashlib.sha256(data).hexdigest()
        if not data:
            raise UnreadableFile(task.path, "the file is empty")
        status = None if task.force else _cached(cfg, sha, result_key(declared, task.ignore))
        if status is not None:
            return Outcome(task.index, "hit", sha, kind=status, seconds=time.perf_counter() - t0)
        return _check(task, cfg, data, sha, t0)
    except HetongError as exc:
        return error_outcome(
            task.index, exc.kind, exc.reason, declared=declared, sha=sha, seconds=time.perf_counter() - t0
        )
    except MemoryError:  # over this worker's --max-memory (what the file held is freed by now)
        from ..limits import over_memory

        return error_outcome(
            task.index,
            "memory",
            over_memory(memory_limit),
            declared=declared,
            sha=sha,
            seconds=time.perf_counter() - t0,
        )
    except Exception as exc:  # a bug in a reader or rule: an error row, and the run goes on
        message = f"{type(exc).__name__}: {exc}".splitlines()[0][:300] if str(exc) else type(exc).__name__
        return error_outcome(
            task.index, "internal", message, declared=declared, sha=sha, seconds=time.perf_counter() - t0
        )


def _check(task: Task, cfg: WorkerConfig, data: bytes, sha: str, t0: float) -> Outcome:
    from ..api import analyse
    from ..readers import read_bytes
    from ..report.table import summary_row

    document = read_bytes(
        data, source=task.path, max_chars=cfg.max_chars, max_pages=cfg.max_pages, caps=cfg.caps
    )
    result = analyse(
        document,
        data,
        task.path,
        patterns=cfg.patterns,
        select=cfg.select,
        ignore=cfg.ignore + task.ignore,
        template=_template(cfg),
    )
    if cfg.baseline is not None:
        result.findings, result.known = cfg.baseline.split(task.path, result.findings)
    wrote: list[str] = []
    html = None
    if cfg.html_dir:
        from ..report.html import render_contract, source_link
        from .pager import href, index_href

        target = html_target(cfg.html_dir, task.rel)
        page = render_contract(
            result,
            index_href=index_href(task.rel),
            source_href=source_link(task.loc, target),
            prev=(href(task.rel, task.prev), task.prev) if task.prev is not None else None,
            next_=(href(task.rel, task.next), task.next) if task.next is not None else None,
        )
        if cfg.write_files:
            from .outputs import write_atomic

            write_atomic(target, page.encode("utf-8"))
            wrote.append("html")
        else:
            html = zlib.compress(page.encode("utf-8"), 1)
    d = result.to_dict()
    if cfg.out_dir and cfg.write_files:
        from ..report.json import dumps
        from .outputs import write_atomic

        write_atomic(out_target(cfg.out_dir, task.rel), (dumps(d) + "\n").encode("utf-8"))
        wrote.append("out")
    d["source"]["path"] = PATH_TOKEN
    doc = zlib.compress(compact(d).encode("utf-8"), 1)
    row = compact(summary_row(result, cfg.patterns))
    return Outcome(
        task.index,
        "ok",
        sha,
        row=row,
        doc=doc,
        html=html,
        wrote=tuple(wrote),
        seconds=time.perf_counter() - t0,
    )


_TEMPLATES: dict[tuple, Any] = {}


def _template(cfg: WorkerConfig) -> Any:
    """The template's result, read once per worker process."""
    if cfg.template is None:
        return None
    key = (cfg.template, cfg.patterns, cfg.max_bytes, cfg.max_chars, cfg.max_pages, cfg.caps)
    if key not in _TEMPLATES:
        from ..api import check

        _TEMPLATES[key] = check(
            cfg.template,
            patterns=cfg.patterns,
            max_bytes=cfg.max_bytes,
            max_chars=cfg.max_chars,
            max_pages=cfg.max_pages,
            caps=cfg.caps,
            select=("D",),
        )
    return _TEMPLATES[key]


def out_target(out_dir: str, rel: str) -> str:
    return os.path.join(out_dir, *safe_rel(rel, ".json").split("/"))


def html_target(html_dir: str, rel: str) -> str:
    return os.path.join(html_dir, *safe_rel(rel, ".html").split("/"))


def warm(cfg: WorkerConfig) -> None:
    """Import the pipeline and compile the patterns before the first file (a worker's start-up cost)."""
    from .. import api, pattern_set, rules  # noqa: F401
    from ..readers import ocr

    ocr.set_threads(cfg.ocr_threads)
    pattern_set.load(cfg.patterns)
    rules.all_rules()
