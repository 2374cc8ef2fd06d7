"""Mutation fuzz of the readers, as long as you like (the CI runs a fixed slice: tests/hostile/test_fuzz.py).

    python benchmarks/fuzz.py                      # 5 minutes over the six seed files of the CI slice
    python benchmarks/fuzz.py --minutes 60 --out fuzz-found/ --seed 7
    python benchmarks/fuzz.py --files my.pdf other.docx --case-seconds 20

Each input is a seed file with bytes flipped, cut and inserted (the same mutations as the CI slice), checked
in a worker process under a time limit (``--case-seconds``) and a memory limit (``--max-memory``). An input
is a finding when the check raises anything but hetong's own errors (a crash), when the worker dies or
passes its memory limit, or when it runs past the time limit; each finding's bytes are written to
``--out`` with the reason, to be turned into a regression test under tests/hostile/. The exit status is 1
when anything was found.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.test_fuzz import SEEDS, _mutate  # noqa: E402


def _worker(inbox: mp.Queue, outbox: mp.Queue, max_memory_mb: int, ocr_pages: int) -> None:
    if max_memory_mb:
        limit = max_memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from dataclasses import replace

    from extractor.api import check_bytes
    from extractor.errors import HetongError
    from extractor.readers.caps import DEFAULT_CAPS
    from extractor.report.json import dumps

    caps = replace(DEFAULT_CAPS, ocr_pages=ocr_pages)

    while (job := inbox.get()) is not None:
        name, data = job
        try:
            dumps(check_bytes(data, name, caps=caps).to_dict()).encode("utf-8")
            outbox.put(("ok", ""))
        except HetongError as exc:
            outbox.put(("error", exc.reason))
        except MemoryError:
            outbox.put(("memory", "MemoryError"))
        except Exception:  # the finding: anything but hetong's own errors
            outbox.put(("crash", traceback.format_exc(limit=6)))


class _Pool:
    """One worker process, replaced when it hangs or dies."""

    def __init__(self, max_memory_mb: int, ocr_pages: int) -> None:
        self.max_memory_mb, self.ocr_pages = max_memory_mb, ocr_pages
        self._start()

    def _start(self) -> None:
        ctx = mp.get_context("spawn")
        self.inbox, self.outbox = ctx.Queue(), ctx.Queue()
        self.proc = ctx.Process(
            target=_worker, args=(self.inbox, self.outbox, self.max_memory_mb, self.ocr_pages), daemon=True
        )
        self.proc.start()

    def run(self, name: str, data: bytes, seconds: float) -> tuple[str, str, float]:
        t0 = time.perf_counter()
        self.inbox.put((name, data))
        try:
            kind, detail = self.outbox.get(timeout=seconds)
        except Exception:  # queue.Empty: hung or dead
            alive = self.proc.is_alive()
            self.proc.kill()
            self.proc.join()
            self._start()
            kind, detail = ("timeout", f"over {seconds:g} s") if alive else ("died", "the worker died")
        return kind, detail, time.perf_counter() - t0

    def close(self) -> None:
        self.inbox.put(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument(
        "--files", nargs="*", type=Path, default=SEEDS, help="seed files (default: the CI slice's)"
    )
    ap.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same inputs")
    ap.add_argument("--case-seconds", type=float, default=30.0, help="time limit of one input")
    ap.add_argument(
        "--max-memory", type=int, default=2048, help="MB of address space for the worker (0: none)"
    )
    ap.add_argument(
        "--ocr-pages",
        type=int,
        default=0,
        help="pages OCR may read per input (default 0: a mutated PDF whose text turns to garbage would be "
        "sent to OCR, seconds a page, which is measured in docs/performance.md, not fuzzed here)",
    )
    ap.add_argument("--out", type=Path, default=Path("fuzz-found"), help="where findings are written")
    args = ap.parse_args()

    seeds = [(p.name, p.read_bytes()) for p in args.files]
    rnd = random.Random(args.seed)
    pool = _Pool(args.max_memory, args.ocr_pages)
    end = time.monotonic() + args.minutes * 60
    counts: dict[str, int] = {}
    slowest = (0.0, "")
    found = 0
    n = 0
    try:
        while time.monotonic() < end:
            name, data = seeds[n % len(seeds)]
            mutated = _mutate(data, rnd)
            kind, detail, took = pool.run(name, mutated, args.case_seconds)
            counts[kind] = counts.get(kind, 0) + 1
            slowest = max(slowest, (took, f"{name} #{n}"))
            if kind in ("crash", "timeout", "died", "memory"):
                found += 1
                args.out.mkdir(parents=True, exist_ok=True)
                stem = args.out / f"{n:06d}-{kind}-{name}"
                stem.with_name(stem.name + ".bin").write_bytes(mutated)
                stem.with_name(stem.name + ".txt").write_text(f"{kind}: {detail}\n", encoding="utf-8")
                print(f"{kind}: {name} #{n} ({took:.1f} s) -> {stem}.bin", flush=True)
            n += 1
    finally:
        pool.close()
    print(f"{n} inputs in {args.minutes:g} min: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(
        f"slowest: {slowest[1]} {slowest[0]:.2f} s; findings: {found}"
        + (f" (in {args.out}/)" if found else "")
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
