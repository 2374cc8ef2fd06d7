"""Our own worker processes: one file at a time each, a time limit per file, and no shared fate.

``concurrent.futures.ProcessPoolExecutor`` marks the whole pool broken when one worker dies, which a native
library fault on one bad PDF would do. Here the parent owns one pipe per worker and waits on the pipes and
the process sentinels together: a worker that dies mid-file (segfault, ``os._exit``, OOM kill) or overruns
the time limit turns into an error outcome for that file only, and a fresh worker takes its place.

How workers start (measured in docs/performance.md): on Linux, by ``fork`` of the main process while it
has a single thread (fastest: nothing to import again, no main module to re-run); a worker needed later,
once the progress bar's thread runs, comes from the ``forkserver``, which imported the pipeline once and
forks from a clean single-threaded process (forking a threaded process can deadlock the child). On macOS
the fork server only, elsewhere ``spawn``. ``HETONG_MP_START=fork|forkserver|spawn`` forces one method.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait

from . import worker
from .worker import Outcome, Task, WorkerConfig

#: a worker is replaced after this many files, so that memory stays flat on long runs
MAX_TASKS_PER_WORKER = 1000


def start_method() -> str:
    """``auto`` (Linux: fork while single-threaded, else the fork server), or a multiprocessing method."""
    env = os.environ.get("HETONG_MP_START")
    if env:
        return env
    if sys.platform.startswith("linux"):
        return "auto"
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


def _set_parent_death_signal() -> None:
    """Linux: die with the parent (the audit, or the fork server tied to it), even while hung in a file."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


#: a worker that dies before it is ready this many times in a row means workers cannot start at all
MAX_START_FAILURES = 3
#: time a worker gets to import and compile before its first file's clock starts
STARTUP_GRACE = 120.0


class PoolError(Exception):
    """The worker processes cannot run (they die on start-up)."""


def _worker_main(conn: Connection, cfg: WorkerConfig) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    _set_parent_death_signal()
    worker.warm(cfg)
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(worker.process(task, cfg))


class _Slot:
    """One worker process and the file it is on."""

    def __init__(self, ctx: mp.context.BaseContext, cfg: WorkerConfig):
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(
            target=_worker_main, args=(child, cfg), daemon=True, name="hetong-audit-worker"
        )
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        self.task: Task | None = None
        self.ready = False  # the worker said it has started (imports done)
        self.deadline = 0.0
        self.done = 0

    def assign(self, task: Task, timeout: float) -> bool:
        """Hand ``task`` over; False when the process is already gone."""
        self.task = task
        self.deadline = time.monotonic() + timeout + (0.0 if self.ready else STARTUP_GRACE)
        try:
            self.conn.send(task)
        except OSError:
            return False
        return True

    def stop(self, *, kill: bool = False) -> int:
        """Stop the process; returns its peak memory in kB (Linux; 0 elsewhere)."""
        peak = _peak_rss_kb(self.proc.pid)
        if kill or self.task is not None:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.proc.kill()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()
        return peak


def _how(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _peak_rss_kb(pid: int | None) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class Pool:
    """``run(tasks)`` yields one :class:`Outcome` per task, in completion order."""

    def __init__(
        self, workers: int, cfg: WorkerConfig, *, timeout: float, max_tasks: int = MAX_TASKS_PER_WORKER
    ):
        self.cfg = cfg
        self.timeout = timeout
        self.max_tasks = max_tasks
        self.method = start_method()
        self.size = max(1, workers)
        self.slots: list[_Slot] = []
        self.restarts = 0
        self.peak_rss_kb = 0  # the largest worker's peak memory

    def _context(self) -> mp.context.BaseContext:
        method = self.method
        if method == "auto":
            method = "fork" if threading.active_count() == 1 else "forkserver"
        ctx = mp.get_context(method)
        if method == "forkserver":
            ctx.set_forkserver_preload(["extractor.audit._preload", "extractor.audit.worker"])
        return ctx

    def _spawn(self) -> _Slot:
        return _Slot(self._context(), self.cfg)

    def start(self) -> None:
        """Start the workers now (call before the main process starts threads: they can then be forked)."""
        while len(self.slots) < self.size:
            self.slots.append(self._spawn())

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        source = iter(tasks)
        self.retry: list[Task] = []  # tasks a worker died before receiving or starting
        self.start_failures = 0
        try:
            while True:
                self._fill(source)
                busy = [s for s in self.slots if s.task is not None]
                if not busy:
                    return
                left = max(0.0, min(s.deadline for s in busy) - time.monotonic())
                ready = set(wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=left))
                now = time.monotonic()
                for slot in busy:
                    outcome = self._collect(slot, ready, now)
                    if outcome is not None:
                        yield outcome
        finally:
            self.close(kill=True)

    def _fill(self, source: Iterator[Task]) -> None:
        """Give every idle worker a task (starting workers up to the pool size)."""
        while True:
            slot = next((s for s in self.slots if s.task is None), None)
            if slot is None and len(self.slots) >= self.size:
                return
            task = self.retry.pop() if self.retry else next(source, None)
            if task is None:
                return
            if slot is None:
                slot = self._spawn()
                self.slots.append(slot)
            if not slot.assign(task, self.timeout):
                self._lost(slot)

    def _collect(self, slot: _Slot, ready: set, now: float) -> Outcome | None:
        task = slot.task
        assert task is not None
        if slot.conn in ready:
            try:
                msg = slot.conn.recv()
            except (EOFError, OSError):
                return self._died(slot)
            if msg == "ready":
                slot.ready = True
                slot.deadline = time.monotonic() + self.timeout
                self.start_failures = 0
                return None
            slot.task = None
            slot.done += 1
            if slot.done >= self.max_tasks:
                self._replace(slot, None)
            return msg
        if slot.proc.sentinel in ready:
            return self._died(slot)
        if now >= slot.deadline:
            slot.proc.kill()
            if not slot.ready:  # stuck importing: not this file's fault
                self._lost(slot)
                return None
            return self._replace(
                slot,
                worker.error_outcome(
                    task.index,
                    "timeout",
                    f"no result after {self.timeout:g} s; the worker was stopped",
                    declared=worker._declared(task.path),
                    seconds=self.timeout,
                ),
            )
        return None

    def _died(self, slot: _Slot) -> Outcome | None:
        if not slot.ready:
            self._lost(slot)
            return None
        assert slot.task is not None
        return self._replace(slot, self._crash(slot.task, slot))

    def _lost(self, slot: _Slot) -> None:
        """A worker died before it was ready: its task goes back in the queue; repeated, the run stops."""
        slot.proc.join(2)
        how = _how(slot.proc.exitcode)
        if slot.task is not None:
            self.retry.append(slot.task)
            slot.task = None
        self._replace(slot, None)
        self.start_failures += 1
        if self.start_failures >= MAX_START_FAILURES:
            raise PoolError(f"worker processes die while starting ({how}); their error output is above")

    def _crash(self, task: Task, slot: _Slot) -> Outcome:
        slot.proc.join(2)
        return worker.error_outcome(
            task.index,
            "crash",
            f"the worker process died on this file ({_how(slot.proc.exitcode)})",
            declared=worker._declared(task.path),
        )

    def _replace(self, slot: _Slot, outcome: Outcome | None) -> Outcome | None:
        """Retire ``slot``'s process; the next task starts a fresh one."""
        slot.task = None if outcome is None else slot.task
        self.peak_rss_kb = max(self.peak_rss_kb, slot.stop(kill=outcome is not None))
        self.slots.remove(slot)
        if outcome is not None:
            self.restarts += 1
        return outcome

    def close(self, *, kill: bool = False) -> None:
        for slot in self.slots:
            self.peak_rss_kb = max(self.peak_rss_kb, slot.stop(kill=kill))
        self.slots.clear()
