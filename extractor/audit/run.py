"""The audit run: discover, take what the cache knows, check the rest in parallel, write the reports.

:func:`audit` is the library entry point (returns an :class:`AuditResult`); :func:`run_cli` adds the
terminal summary and the exit status:

- 0: every file was read and no finding reaches ``--fail-on``;
- 1: a finding reaches ``--fail-on``, or some files could not be read (they are rows in the reports);
- 2: usage error, no contract file found, or not a single file could be read;
- 130: interrupted (the reports hold the files finished so far; run again to complete them).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import HetongError
from ..limits import DEFAULT_WORKER_MEMORY_MB, MIN_MEMORY_MB
from ..messages import lang
from ..model import SEVERITY_ORDER
from ..per_file import PerFileIgnores
from ..readers import DEFAULT_MAX_CHARS, DEFAULT_MAX_PAGES
from ..readers.caps import DEFAULT_CAPS, Caps
from ..terminal import printable
from . import DEFAULT_TIMEOUT
from .cache import Cache, code_key, config_key, db_path, result_key
from .discover import Discovery, DiscoveryError, Item, discover
from .outputs import Record, Reports, Totals, pretty_json, write_atomic
from .pool import PoolError
from .worker import Outcome, Task, WorkerConfig, error_outcome, html_target, out_target, test_hooks_from_env

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass
class Options:
    paths: list[str]
    workers: int | None = None
    timeout: float = DEFAULT_TIMEOUT
    jsonl: str | None = None
    csv: str | None = None
    xlsx: str | None = None
    findings_csv: str | None = None
    baseline: str | None = None
    html: str | None = None
    out: str | None = None
    patterns: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    no_cache: bool = False
    max_bytes: int = 200 * 1024 * 1024
    max_chars: int = DEFAULT_MAX_CHARS
    max_pages: int = DEFAULT_MAX_PAGES
    #: the readers' other caps: zip and PDF stream inflation, markup elements, OCR, LibreOffice's time
    caps: Caps = DEFAULT_CAPS
    #: hetong.toml's [per-file-ignores], matched against each file's path relative to the folder audited
    per_file_ignores: PerFileIgnores = field(default_factory=PerFileIgnores)
    max_memory: int = DEFAULT_WORKER_MEMORY_MB  # MB per local worker (RLIMIT_AS); 0: none
    progress: str = "off"
    top: int = 10
    dask: str | None = None
    template: str | None = None  # the blank model every contract is compared with
    prune_cache: bool = False  # at the end, keep only the cache entries this configuration uses


@dataclass
class AuditResult:
    files: int = 0
    checked: int = 0  # run through the pipeline in this run
    cached: int = 0  # taken from the cache
    done: int = 0
    restarts: int = 0
    workers: int = 0
    seconds: float = 0.0  # the whole run
    pool_seconds: float = 0.0  # from starting the workers to the last result
    busy_seconds: float = 0.0  # the workers' time on files, summed
    worker_peak_rss_mb: float = 0.0  # the largest local worker's peak memory (Linux)
    interrupted: bool = False
    totals: Totals = field(default_factory=Totals)
    discovery: Discovery | None = None
    cache_path: str | None = None
    pruned: int = 0  # cached results deleted at the end (old hetong code; with --prune-cache, all others)


class UsageError(Exception):
    pass


def _check_options(o: Options) -> None:
    if o.workers is not None and o.workers < 1:
        raise UsageError("--workers must be at least 1")
    if o.timeout <= 0:
        raise UsageError("--timeout must be positive")
    if o.max_chars < 1:
        raise UsageError("--max-chars must be at least 1")
    if o.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    from ..readers.caps import OPTIONS, problem

    bad_caps = problem({opt.dest: getattr(o.caps, opt.cap) / opt.scale for opt in OPTIONS})
    if bad_caps:
        raise UsageError(bad_caps)
    if o.max_memory and o.max_memory < MIN_MEMORY_MB:
        raise UsageError(f"--max-memory must be at least {MIN_MEMORY_MB} (MB), or 0 for no limit")
    for name in ("out", "html"):
        d = getattr(o, name)
        if d and os.path.exists(d) and not os.path.isdir(d):
            raise UsageError(f"--{name} {d}: exists and is not a folder")


def audit(o: Options) -> AuditResult:
    """Audit every contract under ``o.paths``. Raises UsageError / DiscoveryError / PatternError for bad usage."""
    t0 = time.monotonic()
    _check_options(o)
    exclude = [p for p in (o.out, o.html, o.jsonl, o.csv, o.xlsx, o.findings_csv) if p]
    found = discover(list(o.paths), exclude=exclude)
    res = AuditResult(files=len(found.items), discovery=found, totals=Totals(top_n=o.top))
    if not found.items:
        res.seconds = time.monotonic() - t0
        return res
    template_sha = None
    if o.template is not None:
        from ..api import check

        # read it once here, so that a bad template is one clear error, not one error row per contract
        template_sha = check(
            o.template,
            patterns=o.patterns,
            max_bytes=o.max_bytes,
            max_chars=o.max_chars,
            max_pages=o.max_pages,
            caps=o.caps,
            select=("D",),
        ).source.sha256
    seen = None
    if o.baseline:
        from ..baseline import load as load_baseline

        seen = load_baseline(o.baseline)  # BaselineError: one clear line, exit 2
    code = code_key()
    config = config_key(
        patterns=o.patterns,
        select=o.select,
        ignore=o.ignore,
        max_bytes=o.max_bytes,
        max_chars=o.max_chars,
        max_pages=o.max_pages,
        caps=o.caps,
        template=template_sha,
        code=code,
        baseline=seen.digest if seen is not None else None,
    )
    cpath = db_path(o.out)
    res.cache_path = str(cpath)
    cache = Cache(cpath, config, code)
    cfg = WorkerConfig(
        template=os.path.abspath(o.template) if o.template else None,
        patterns=o.patterns,
        select=tuple(o.select),
        ignore=tuple(o.ignore),
        max_bytes=o.max_bytes,
        max_chars=o.max_chars,
        max_pages=o.max_pages,
        caps=o.caps,
        max_memory=o.max_memory,
        lang=lang(),
        baseline=seen,
        config=config,
        cache_db=None if o.no_cache else str(cpath),
        out_dir=o.out,
        html_dir=o.html,
        hooks=test_hooks_from_env(),
    )
    run = _Run(o, cfg, cache, found.items, res)
    failure: Exception | None = None
    try:
        with _sigterm_as_interrupt():
            run.go()
    except KeyboardInterrupt:
        res.interrupted = True
    except PoolError as exc:  # the workers cannot start: still write what is done, then report it
        failure = exc
    except BaseException:  # anything else (a bug): the reports keep their previous version
        try:
            run.close()
        finally:
            if run.reports is not None:
                run.reports.discard()
            cache.close()
        raise
    run.close()
    try:
        # also after an interruption or a failure: the reports then hold the files finished so far
        run.finish()
        if failure is None and not res.interrupted:
            res.pruned = cache.prune(everything_else=o.prune_cache)
    finally:
        cache.close()
    if failure is not None:
        raise failure
    res.seconds = time.monotonic() - t0
    return res


#: results held in memory while an earlier file is still running (beyond: read back from the cache)
HOLD_MAX = 256


class _Run:
    """One audit: feeds the workers, stores each result, and adds it to the reports in path order.

    A result goes into the reports as soon as every file before it is done (``next`` is the first file
    not added yet); one that comes early is held until then, in memory up to :data:`HOLD_MAX` of them,
    else read back from the cache, so memory stays flat whatever a slow file holds up. The end of the
    run (:meth:`finish`) then has only the files after the last gap to write.
    """

    def __init__(self, o: Options, cfg: WorkerConfig, cache: Cache, items: list[Item], res: AuditResult):
        self.o, self.cfg, self.cache, self.items, self.res = o, cfg, cache, items, res
        #: per item: the cache key (sha256) of its result, or None while not done
        self.keys: list[str | None] = [None] * len(items)
        #: per item: the rules hetong.toml's per-file ignores skip for it, and the rest of its result's key
        self.ignored = [o.per_file_ignores.codes(item.rel) for item in items]
        self.declared = [
            result_key(item.declared, codes) for item, codes in zip(items, self.ignored, strict=True)
        ]
        #: results not cached (crashes, time-outs, files not hashed): index -> (row, doc)
        self.volatile: dict[int, tuple[str, bytes]] = {}
        #: done files after ``next``: their (row, doc), or None to read from the cache when due
        self.held: dict[int, tuple[str, bytes] | None] = {}
        self.next = 0
        self.reports: Reports | None = None
        self.progress = None

    def go(self) -> None:
        from . import progress

        known: list[Outcome] = []  # files the cache answers for, and files discovery could not read
        pending: list[Task] = []
        if self.o.html:
            from .pager import neighbours

            around = neighbours([item.rel if item.error is None else None for item in self.items])
        for i, item in enumerate(self.items):
            if item.error is not None:
                kind, reason = item.error
                known.append(error_outcome(i, kind, reason, declared=item.declared))
                continue
            sha = None if self.o.no_cache else self.cache.known_sha(item.loc, item.size, item.mtime)
            status = self.cache.status(sha, self.declared[i]) if sha is not None else None
            if status == "error" or (status == "ok" and self._page_current(i, sha)):  # type: ignore[arg-type]
                known.append(Outcome(i, "hit", sha, kind=status))
                continue
            prev, next_ = around[i] if self.o.html else (None, None)
            force = self.o.no_cache or bool(self.o.html)
            pending.append(
                Task(
                    i,
                    item.loc,
                    item.path,
                    item.rel,
                    force=force,
                    prev=prev,
                    next=next_,
                    ignore=self.ignored[i],
                )
            )
        pool = None
        if pending:
            self.res.workers = min(self.o.workers or os.cpu_count() or 1, len(pending))
            if not self.o.dask:
                from ..readers import ocr
                from .pool import Pool

                # the workers' OCR threads share the cores instead of each taking them all
                cfg = replace(self.cfg, ocr_threads=ocr.threads_per_worker(self.res.workers))
                pool = Pool(self.res.workers, cfg, timeout=self.o.timeout)
                pool.start()  # before the progress bar's thread: the workers can be forked
        try:
            self.progress = progress.make(self.o.progress, len(self.items))
            for outcome in known:
                self.handle(outcome)
            if pending:
                self._compute(pending, pool)
        finally:
            if pool is not None:
                pool.close(kill=True)
                self.res.restarts = pool.restarts
                self.res.worker_peak_rss_mb = pool.peak_rss_kb / 1024

    def _compute(self, pending: list[Task], pool: Any) -> None:
        t0 = time.monotonic()
        if pool is None:
            from .remote import run_dask

            outcomes = run_dask(self.o.dask, pending, self.cfg, workers=self.res.workers)  # type: ignore[arg-type]
        else:

            def idle() -> None:
                self.cache.tick()
                if self.progress is not None:
                    slow = pool.slowest()
                    if slow is not None:
                        self.progress.slow(*slow)

            outcomes = pool.run(pending, idle=idle)
        try:
            for outcome in outcomes:
                self.handle(outcome)
        finally:
            self.res.pool_seconds = time.monotonic() - t0
            outcomes.close()  # type: ignore[attr-defined]

    def handle(self, out: Outcome) -> None:
        item = self.items[out.index]
        cache = self.cache
        if out.sha is not None and item.mtime:
            cache.record_file(item.loc, item.size, item.mtime, out.sha)
        if out.status == "hit":
            self.keys[out.index] = out.sha
            self.res.cached += 1
            if self.o.out:
                self._write_out(out.index, out.sha, None)
            self._done(out.index, None)
            self._advance(failed=out.kind == "error", cached=True)
            return
        self.res.checked += 1
        self.res.busy_seconds += out.seconds
        assert out.row is not None and out.doc is not None
        if out.cacheable and out.sha is not None:
            cache.put(out.sha, self.declared[out.index], out.status, out.row, out.doc)
            self.keys[out.index] = out.sha
        else:
            self.volatile[out.index] = (out.row, out.doc)
        stamp = self._stamp(out.sha, out.index)
        for kind in out.wrote:
            target = out_target(self.o.out, item.rel) if kind == "out" else html_target(self.o.html, item.rel)  # type: ignore[arg-type]
            cache.mark_written(target, stamp)
        if self.o.out and "out" not in out.wrote:
            self._write_out(out.index, out.sha, out.doc)
        if out.html is not None and self.o.html:
            import zlib

            target = html_target(self.o.html, item.rel)
            write_atomic(target, zlib.decompress(out.html))
            cache.mark_written(target, stamp)
        self._done(out.index, (out.row, out.doc))
        cache.tick()
        self._advance(failed=out.status == "error", cached=False)

    def _stamp(self, sha: str | None, index: int) -> str:
        """What an output of file ``index`` holds: its result (sha, configuration), its path, and the rules
        the per-file ignores skip for it."""
        stamp = f"{sha or '-'}|{self.cache.config}|{self.items[index].path}"
        codes = self.ignored[index]
        return f"{stamp}|ignore:{','.join(codes)}" if codes else stamp

    def _current(self, target: str, sha: str | None, index: int) -> bool:
        """Does ``target`` exist and hold this result for this path (as recorded when it was written)?"""
        return (
            sha is not None and self.cache.stamp(target) == self._stamp(sha, index) and os.path.exists(target)
        )

    def _page_current(self, index: int, sha: str) -> bool:
        return not self.o.html or self._current(html_target(self.o.html, self.items[index].rel), sha, index)

    def _write_out(self, index: int, sha: str | None, doc: bytes | None) -> None:
        """The --out JSON of a result, unless the file already holds it (``doc`` None: from the cache)."""
        item = self.items[index]
        target = out_target(self.o.out, item.rel)  # type: ignore[arg-type]
        if self._current(target, sha, index):
            return
        if doc is None:
            got = self.cache.get(sha, self.declared[index]) if sha else None
            if got is None:
                return
            doc = got[2]
        stamp = self._stamp(sha, index)
        write_atomic(target, pretty_json(doc, item.path).encode("utf-8"))
        if sha is not None:
            self.cache.mark_written(target, stamp)

    def _advance(self, *, failed: bool, cached: bool) -> None:
        self.res.done += 1
        if self.progress is not None:
            self.progress.advance(failed=failed, cached=cached)

    # -- the reports, in path order
    def _done(self, index: int, data: tuple[str, bytes] | None) -> None:
        """File ``index`` is done (``data``: its row and doc, or None: in the cache)."""
        if index != self.next:
            self.held[index] = data if len(self.held) < HOLD_MAX else None
            return
        # Ctrl-C waits until the lines are written and counted: a record is in every report or in none
        with _signals_held():
            self._add(index, data)
            self.next += 1
            while self.next in self.held:
                self._add(self.next, self.held.pop(self.next))
                self.next += 1

    def _add(self, index: int, data: tuple[str, bytes] | None) -> None:
        if data is None:
            data = self.volatile.get(index)
        if data is None:
            got = self.cache.get(self.keys[index], self.declared[index])  # type: ignore[arg-type]
            if got is None:  # (deleted meanwhile by a --prune-cache of another configuration)
                return
            data = got[1], got[2]
        self.volatile.pop(index, None)
        item = self.items[index]
        self._reports().add(Record(item.path, item.rel, json.loads(data[0]), data[1]))

    def _reports(self) -> Reports:
        """Opened with the first file to add (not before the workers start: openpyxl takes a while)."""
        if self.reports is None:
            o = self.o
            self.reports = Reports(
                jsonl=o.jsonl,
                csv=o.csv,
                xlsx=o.xlsx,
                findings_csv=o.findings_csv,
                html_dir=o.html,
                totals=self.res.totals,
            )
        return self.reports

    def finish(self) -> None:
        """Add the files done after the first one not done (after an interruption) and put the reports
        in place; on an error the reports are left as they were."""
        try:
            for i in range(self.next, len(self.items)):
                if i in self.held:
                    self._add(i, self.held.pop(i))
                elif i in self.volatile or self.keys[i] is not None:
                    self._add(i, None)
            reports = self._reports()  # (also with no file done: empty reports)
        except BaseException:
            if self.reports is not None:
                self.reports.discard()
            raise
        reports.commit()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.close()
        self.cache.flush()


_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM are delivered when the block ends, not in the middle of it (POSIX; elsewhere
    nothing is held). Two system calls: cheap enough once per file."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def _sigterm_as_interrupt():
    """``kill`` (SIGTERM) stops the run like Ctrl-C: workers stopped, finished files kept, reports written."""

    def handler(_sig, _frame):
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


# --- command line -----------------------------------------------------------------------------------


def options_from_args(args: argparse.Namespace) -> Options:
    from ..cli import caps_from_args

    return Options(
        paths=list(args.paths),
        workers=args.workers,
        timeout=args.timeout,
        jsonl=args.jsonl,
        csv=args.csv,
        xlsx=args.xlsx,
        findings_csv=getattr(args, "findings_csv", None),
        baseline=getattr(args, "baseline", None),
        html=args.html,
        out=args.out,
        patterns=args.patterns,
        select=tuple(args.select),
        ignore=tuple(args.ignore),
        no_cache=args.no_cache,
        max_bytes=int(args.max_size * 1024 * 1024),
        max_chars=args.max_chars,
        max_pages=args.max_pages,
        caps=caps_from_args(args),
        max_memory=args.max_memory,
        per_file_ignores=PerFileIgnores.of(getattr(args, "per_file_ignores", None)),
        progress=args.progress,
        top=args.top,
        dask=args.dask,
        template=args.template,
        prune_cache=args.prune_cache,
    )


def exit_status(res: AuditResult, fail_on: str) -> int:
    t = res.totals
    if res.interrupted:
        return EXIT_INTERRUPTED
    if res.files == 0 or t.ok == 0:
        return EXIT_BAD_INPUT
    if t.failed:
        return EXIT_FINDINGS
    if fail_on != "never":
        bar = SEVERITY_ORDER[fail_on]
        if any(n and SEVERITY_ORDER[s] >= bar for s, n in t.worst.items()):
            return EXIT_FINDINGS
    return EXIT_OK


def run_cli(args: argparse.Namespace) -> int:
    o = options_from_args(args)
    try:
        res = audit(o)
    except (UsageError, DiscoveryError) as exc:
        print(f"hetong: {printable(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except HetongError as exc:  # e.g. a bad --patterns folder
        print(f"hetong: {printable(exc.path)}: {printable(exc.reason)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PoolError as exc:
        print(f"hetong: {printable(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a fault of hetong's own: one line, the reports left as they were
        print(f"hetong: the audit stopped: {type(exc).__name__}: {printable(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from .summary import render

    render(res, o)
    if res.files == 0:
        print(f"hetong: no contract files found under {printable(' '.join(o.paths))}", file=sys.stderr)
    return exit_status(res, args.fail_on)
