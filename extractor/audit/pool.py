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
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from multiprocessing.connection import Connection, wait
from typing import Any

from . import worker
from .worker import Outcome, Task, WorkerConfig

#: a worker is replaced after this many files, so that memory stays flat on long runs
MAX_TASKS_PER_WORKER = 1000
#: how often (seconds) the ``idle`` callback of :meth:`Pool.run` runs while no result comes
IDLE_TICK = 1.0
#: files queued to a worker at a time (see :meth:`Pool._depth`)
PREFETCH = 2


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
    worker.limit_memory(cfg)  # after the imports: a limit too low fails files, one clear row each
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
    """One worker process and the files handed to it, in order: the first is the one it is on."""

    def __init__(self, ctx: mp.context.BaseContext, cfg: WorkerConfig):
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(
            target=_worker_main, args=(child, cfg), daemon=True, name="hetong-audit-worker"
        )
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        self.fd = parent.fileno()
        self.queue: deque[Task] = deque()
        self.ready = False  # the worker said it has started (imports done)
        self.deadline = 0.0  # for the first task of the queue
        self.started = 0.0  # when the first task of the queue was begun (or handed over)
        self.done = 0
        self.sent = 0
        self.retiring = False  # sent its last task (``max_tasks``): stopped once the queue drains

    def assign(self, task: Task, timeout: float, max_tasks: int) -> bool:
        """Queue ``task`` (the worker reads it when done with the ones before); False when the process is gone."""
        if not self.queue:
            self.started = time.monotonic()
            self.deadline = self.started + timeout + (0.0 if self.ready else STARTUP_GRACE)
        self.queue.append(task)
        self.sent += 1
        self.retiring = self.sent >= max_tasks
        try:
            self.conn.send(task)
        except OSError:
            return False
        return True

    def finished(self, timeout: float) -> None:
        """The first task's result came: the next one's clock starts now (the worker went straight on)."""
        self.queue.popleft()
        self.done += 1
        if self.queue:
            self.started = time.monotonic()
            self.deadline = self.started + timeout

    def stop(self, *, kill: bool = False) -> int:
        """Stop the process; returns its peak memory in kB (Linux; 0 elsewhere)."""
        peak = _peak_rss_kb(self.proc.pid)
        if kill or self.queue:
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


class _Waiter:
    """Waits on the busy workers' pipes and process sentinels; returns the file descriptors ready.

    One ``select.poll`` object kept while the set of busy workers stays the same (that is, nearly
    always), rather than a new selector per wait as ``multiprocessing.connection.wait`` builds: the main
    process wakes once per file, so this is on its per-file path. ``wait`` elsewhere (Windows)."""

    def __init__(self) -> None:
        self.poller: Any = None
        self.watched: list[_Slot] = []

    def wait(self, slots: list[_Slot], timeout: float) -> set[int]:
        if not hasattr(select, "poll"):
            objs = [s.conn for s in slots] + [s.proc.sentinel for s in slots]
            got = wait(objs, timeout=timeout)
            return {o if isinstance(o, int) else o.fileno() for o in got}
        if slots != self.watched:
            self.poller = select.poll()
            for s in slots:
                self.poller.register(s.fd, select.POLLIN)
                self.poller.register(s.proc.sentinel, select.POLLIN)
            self.watched = list(slots)
        return {fd for fd, _ in self.poller.poll(timeout * 1000)}


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

    def run(self, tasks: Iterable[Task], idle: Callable[[], None] | None = None) -> Iterator[Outcome]:
        """``idle`` is called about once a second while no result comes (the audit commits its cache
        then, so that a slow file does not hold back the results before it)."""
        source = iter(tasks)
        #: tasks not started when their worker died (before it was ready, or queued behind the file it
        #: died on): handed out again
        self.retry: list[Task] = []
        self.start_failures = 0
        self.left = len(tasks) if isinstance(tasks, Sized) else None
        waiter = _Waiter()
        try:
            while True:
                self._fill(source)
                busy = [s for s in self.slots if s.queue]
                if not busy:
                    return
                left = max(0.0, min(s.deadline for s in busy) - time.monotonic())
                ready = waiter.wait(busy, min(left, IDLE_TICK) if idle is not None else left)
                if not ready and idle is not None:
                    idle()
                now = time.monotonic()
                for slot in busy:
                    outcome = self._collect(slot, ready, now)
                    if outcome is not None:
                        yield outcome
        finally:
            self.close(kill=True)

    def slowest(self) -> tuple[str, float] | None:
        """The file a worker has been on longest, and for how many seconds (None when all are idle)."""
        busy = [s for s in self.slots if s.queue]
        if not busy:
            return None
        slot = min(busy, key=lambda s: s.started)
        return slot.queue[0].path, time.monotonic() - slot.started

    def _depth(self) -> int:
        """Files queued per worker: two while there are plenty left, so that a worker finishing a file
        goes straight on to the next without waiting for the main process to read its result and reply
        (on a busy machine that wait is a scheduler round trip per file); one near the end, so that no
        worker sits idle while another still has two to do."""
        if self.left is not None and self.left < 2 * self.size:
            return 1
        return PREFETCH

    def _take(self, source: Iterator[Task]) -> Task | None:
        if self.retry:
            return self.retry.pop()
        task = next(source, None)
        if task is not None and self.left is not None:
            self.left -= 1
        return task

    def _fill(self, source: Iterator[Task]) -> None:
        """Queue tasks to every worker up to :meth:`_depth` (starting workers up to the pool size)."""
        for depth in range(1, self._depth() + 1):  # first one each, then a second one each
            while True:
                slot = next((s for s in self.slots if len(s.queue) < depth and not s.retiring), None)
                if slot is None and len(self.slots) >= self.size:
                    break
                task = self._take(source)
                if task is None:
                    return
                if slot is None:
                    slot = self._spawn()
                    self.slots.append(slot)
                if not slot.assign(task, self.timeout, self.max_tasks) and not (
                    slot.ready and len(slot.queue) > 1
                ):
                    self._lost(slot)
                # (else the worker died on the file it was on: the next wait sees it, that file
                # becomes a crash row and this one goes to another worker)

    def _collect(self, slot: _Slot, ready: set[int], now: float) -> Outcome | None:
        """The slot's next message (one per wake-up: when more wait, the next poll returns at once)."""
        if slot.fd in ready:
            try:
                msg = slot.conn.recv()
            except (EOFError, OSError):
                return self._died(slot)
            if msg == "ready":
                slot.ready = True
                slot.deadline = time.monotonic() + self.timeout
                self.start_failures = 0
                return None
            slot.finished(self.timeout)
            if slot.retiring and not slot.queue:
                self._replace(slot, None)
            return msg
        if slot.proc.sentinel in ready:
            return self._died(slot)
        if now >= slot.deadline:
            task = slot.queue[0]
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
        return self._replace(slot, self._crash(slot.queue[0], slot))

    def _lost(self, slot: _Slot) -> None:
        """A worker died before it was ready: its tasks go back in the queue; repeated, the run stops."""
        slot.proc.join(2)
        how = _how(slot.proc.exitcode)
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
        """Retire ``slot``'s process; ``outcome`` is the error row of the file it was on (its other
        queued files are handed out again). The next task starts a fresh process."""
        kill = outcome is not None or bool(slot.queue)
        if outcome is not None:
            slot.queue.popleft()
            self.restarts += 1
        self.retry.extend(reversed(slot.queue))  # (popped from the end: the first comes out first)
        slot.queue.clear()
        self.peak_rss_kb = max(self.peak_rss_kb, slot.stop(kill=kill))
        self.slots.remove(slot)
        return outcome

    def close(self, *, kill: bool = False) -> None:
        for slot in self.slots:
            self.peak_rss_kb = max(self.peak_rss_kb, slot.stop(kill=kill))
        self.slots.clear()
