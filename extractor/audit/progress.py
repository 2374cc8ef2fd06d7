"""Progress on stderr: a rich bar on a terminal, plain lines in CI logs, or nothing."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..messages import say
from ..terminal import printable

PLAIN_EVERY = 10.0  # seconds between plain lines
SLOW_AFTER = 5.0  # seconds on one file before the progress names it


class Progress:
    """Counts files done, failed and taken from the cache; subclasses show them."""

    def __init__(self, total: int, label: str = "audit"):
        self.total = total
        self.label = label
        self.done = 0
        self.failed = 0
        self.cached = 0
        self.start = time.monotonic()

    def advance(self, *, failed: bool = False, cached: bool = False) -> None:
        self.done += 1
        self.failed += failed
        self.cached += cached
        self.show()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def show(self) -> None:
        pass

    def slow(self, path: str, seconds: float) -> None:
        """A worker has been on ``path`` for ``seconds`` (a scan being read by OCR, a huge file)."""

    def close(self) -> None:
        pass


class PlainProgress(Progress):
    def __init__(self, total: int, label: str = "audit", stream: TextIO | None = None):
        super().__init__(total, label)
        self.stream = stream or sys.stderr
        self.last = 0.0
        self._line(start=True)

    def _line(self, *, start: bool = False) -> None:
        if start:
            text = f"{self.label}: {self.total} files"
        else:
            rate = self.rate()
            eta = (self.total - self.done) / rate if rate > 0 else 0
            pct = 100 * self.done / self.total if self.total else 100
            text = (
                f"{self.label}: {self.done}/{self.total} files ({pct:.0f}%) · {rate:.1f} files/s · "
                f"ETA {_hms(eta)} · {self.failed} failed · {self.cached} from cache"
            )
        print(text, file=self.stream, flush=True)

    def show(self) -> None:
        now = time.monotonic()
        if now - self.last >= PLAIN_EVERY:
            self.last = now
            if self.done < self.total:
                self._line()

    def slow(self, path: str, seconds: float) -> None:
        now = time.monotonic()
        if seconds >= SLOW_AFTER and now - self.last >= PLAIN_EVERY:
            self.last = now
            print(
                f"{self.label}: {say('audit', 'slow', path=printable(path), seconds=int(seconds))}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        self._line()


class BarProgress(Progress):
    def __init__(self, total: int, label: str = "audit"):
        super().__init__(total, label)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.bar = RichProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s", style="cyan"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("[dim]{task.fields[cached]} cached"),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.bar.add_task(label, total=total, rate="0.0", failed=0, cached=0)
        self.bar.start()
        self.last = 0.0

    def show(self) -> None:
        now = time.monotonic()
        if (
            now - self.last >= 0.1 or self.done == self.total
        ):  # rich redraws itself; don't flood it with updates
            self.last = now
            self.bar.update(
                self.task,
                completed=self.done,
                rate=f"{self.rate():.1f}",
                failed=self.failed,
                cached=self.cached,
            )

    def slow(self, path: str, seconds: float) -> None:
        # the bar's label names the file a worker is stuck on, and goes back when it is done
        label = self.label
        if seconds >= SLOW_AFTER:
            label = f"{self.label} · {say('audit', 'slow', path=printable(path)[-40:], seconds=int(seconds))}"
        self.bar.update(self.task, description=label)

    def close(self) -> None:
        self.bar.update(
            self.task,
            description=self.label,
            completed=self.done,
            rate=f"{self.rate():.1f}",
            failed=self.failed,
            cached=self.cached,
        )
        self.bar.stop()


def make(mode: str, total: int, label: str = "audit") -> Progress:
    if mode == "off":
        return Progress(total, label)
    if mode == "auto":
        mode = "bar" if sys.stderr.isatty() else "plain"
    return BarProgress(total, label) if mode == "bar" else PlainProgress(total, label)


def _hms(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
