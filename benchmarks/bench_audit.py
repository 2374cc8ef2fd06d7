"""Benchmark ``hetong audit``: files/second with 1 and 2 workers, a cached re-run, and peak memory.

    python benchmarks/bench_audit.py [--files 300] [--scale 3] [--repeat 5] [--start-methods]
                                     [--no-bytecode]

Builds a corpus of ``--files`` contracts from the samples (every format a reader exists for; each copy
changed slightly so that no two files share a hash), then times, each in a fresh process with its own cache:

- ``--workers 1`` and ``--workers 2`` from an empty cache (ratio: target >= 1.8);
- the same command again (everything from the cache; ratio to the uncached 2-worker run: target >= 10);
- peak memory (max RSS) of the audit process and of its largest worker, for ``--files`` and for
  ``--files x --scale`` (target: the same, whatever the number of files).

Each measurement is repeated ``--repeat`` times, 1 and 2 workers alternating, and the **median** counts;
the table shows every run's wall time, and the 1/2-worker ratio is also given per round (min-median-max),
which says how noisy the machine was.

Python's bytecode: by default the runs share a bytecode cache (``PYTHONPYCACHEPREFIX`` in the temporary
folder, filled by a first untimed run), as an installed hetong has its ``.pyc`` files. ``--no-bytecode``
keeps the caller's environment: with ``PYTHONDONTWRITEBYTECODE=1`` and a checkout without
``__pycache__``, every process, every worker included, compiles hetong's sources again (about 0.1 s).

``--start-methods`` also compares the multiprocessing start methods (fork, forkserver, spawn).
Prints a table and the ratios; the figures in docs/performance.md ("## Bulk audit") come from here.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

#: one measured run: audits in this process, prints timings and peak memory as JSON (the guard: the
#: fork server and spawn re-import the main module)
RUNNER = r"""
import json, resource, sys, time
from extractor.audit.run import Options, audit
if __name__ == "__main__":
    corpus, jsonl, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    c0 = time.process_time()
    t = time.perf_counter()
    res = audit(Options(paths=[corpus], workers=workers, jsonl=jsonl))
    wall = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"wall": wall, "pool": res.pool_seconds, "busy": res.busy_seconds, "checked": res.checked,
                      "cached": res.cached, "cpu_self": me.ru_utime + me.ru_stime,
                      "cpu_audit": time.process_time() - c0, "rss_self_mb": me.ru_maxrss / 1024,
                      "rss_worker_mb": res.worker_peak_rss_mb}))
"""


def bases() -> list[Path]:
    """The sample contracts the corpus is made of (scans left out: OCR would dominate the timing)."""
    files = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx"))
    fmt_dir = SAMPLES / "formats"
    if fmt_dir.is_dir():
        files += sorted(
            p
            for p in fmt_dir.iterdir()
            if p.suffix.lower() in (".txt", ".docx", ".doc", ".rtf", ".pdf", ".htm", ".html", ".mht")
            and "scan" not in p.name
        )
    return files


def variant(src: Path, k: int) -> bytes:
    """The bytes of ``src`` changed so the hash differs but the contract reads the same."""
    data = src.read_bytes()
    suffix = src.suffix.lower()
    if suffix == ".docx":
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(data)) as zin,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
        ):
            for info in zin.infolist():
                zout.writestr(info, zin.read(info.filename))
            zout.comment = f"variant {k}".encode()
        return out.getvalue()
    if suffix == ".pdf":
        return data + f"\n%variant {k}\n".encode()
    if suffix in (".txt",):
        nl = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
        return data + nl * (1 + k % 3) + b" " * (k // 3 % 50)
    # .doc (OLE, or RTF/HTML named .doc), .rtf, .html: trailing bytes the readers ignore
    if data.lstrip()[:1] in (b"{",):
        return data + b" " * (1 + k)
    if data.lstrip()[:1] == b"<" or b"<html" in data[:2048].lower():
        return data + f"\n<!-- variant {k} -->\n".encode()
    return data + f"variant {k}".encode().ljust(512, b"\x00")  # OLE: one extra sector


def build_corpus(dest: Path, n: int) -> dict[str, int]:
    src = bases()
    counts: dict[str, int] = {}
    for k in range(n):
        base = src[k % len(src)]
        folder = dest / f"batch-{k // 25:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{base.stem}-{k:04d}{base.suffix}"
        (folder / name).write_bytes(variant(base, k))
        counts[base.suffix.lower()] = counts.get(base.suffix.lower(), 0) + 1
    return counts


#: environment of every measured run (set by main: the bytecode cache)
BASE_ENV: dict[str, str] = {}


def measure(corpus: Path, cache: Path, workers: int, env: dict[str, str] | None = None) -> dict:
    e = {**os.environ, **BASE_ENV, "HETONG_CACHE_DIR": str(cache), **(env or {})}
    if BASE_ENV.get("PYTHONPYCACHEPREFIX"):
        e.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = [sys.executable, "-c", RUNNER, str(corpus), str(cache / "out.jsonl"), str(workers)]
    p = subprocess.run(cmd, capture_output=True, text=True, env=e, check=False, cwd=ROOT)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"benchmark run failed: {' '.join(cmd)}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--scale", type=int, default=3, help="memory check: also run with files x scale")
    ap.add_argument(
        "--repeat", type=int, default=5, help="runs per measurement; the median counts (default 5)"
    )
    ap.add_argument("--start-methods", action="store_true", help="compare fork, forkserver and spawn")
    ap.add_argument(
        "--no-bytecode",
        action="store_true",
        help="no shared bytecode cache: keep the environment as it is (see above)",
    )
    a = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="hetong-bench-audit-"))
    try:
        corpus = tmp / "corpus"
        counts = build_corpus(corpus, a.files)
        if not a.no_bytecode:
            BASE_ENV["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
            measure(corpus, tmp / "cache-warm-up", 2)  # compiles everything once, untimed
        print(
            f"corpus: {a.files} files ({', '.join(f'{n} {s}' for s, n in sorted(counts.items()))}), "
            f"{os.cpu_count()} CPUs, median of {a.repeat}, "
            f"{'no shared bytecode cache' if a.no_bytecode else 'bytecode cached'}"
        )
        rows: list[dict] = []
        serial = iter(range(10**6))

        def record(label: str, runs: list[dict], files: int) -> dict:
            ordered = sorted(runs, key=lambda x: x["wall"])
            r = dict(ordered[len(ordered) // 2])  # the median run (the upper one of an even count)
            r.update(
                label=label,
                files=files,
                rate=files / r["wall"],
                pool_rate=(r["checked"] / r["pool"]) if r["pool"] else 0.0,
                walls=[x["wall"] for x in runs],
            )
            rows.append(r)
            return r

        def repeated(
            label: str,
            workers: int,
            *,
            path: Path = corpus,
            files: int = a.files,
            cached: bool = False,
            env: dict[str, str] | None = None,
        ) -> dict:
            runs = []
            for _ in range(a.repeat):
                cache = tmp / f"cache-{next(serial)}"
                if cached:  # fill the cache first, then time the re-run
                    measure(path, cache, workers, env)
                runs.append(measure(path, cache, workers, env))
            return record(label, runs, files)

        # 1 and 2 workers alternate, so that load from elsewhere on the machine hits both alike
        runs1, runs2 = [], []
        for _ in range(a.repeat):
            runs1.append(measure(corpus, tmp / f"cache-{next(serial)}", 1))
            runs2.append(measure(corpus, tmp / f"cache-{next(serial)}", 2))
        one = record("1 worker, no cache", runs1, a.files)
        two = record("2 workers, no cache", runs2, a.files)
        per_round = sorted(x["wall"] / y["wall"] for x, y in zip(runs1, runs2, strict=True))
        cached = repeated("2 workers, cached re-run", 2, cached=True)
        if a.start_methods:
            for method in ("auto", "fork", "forkserver", "spawn"):
                repeated(f"2 workers, no cache, {method}", 2, env={"HETONG_MP_START": method})
        big = None
        if a.scale > 1:
            corpus_big = tmp / "corpus-big"
            build_corpus(corpus_big, a.files * a.scale)
            n = a.files * a.scale
            big1, big2 = [], []
            for _ in range(max(1, a.repeat // 2)):
                big1.append(measure(corpus_big, tmp / f"cache-{next(serial)}", 1))
                big2.append(measure(corpus_big, tmp / f"cache-{next(serial)}", 2))
            big_one = record(f"1 worker, no cache, {n} files", big1, n)
            big = record(f"2 workers, no cache, {n} files", big2, n)

        print(
            f"\n{'run':36} {'files':>6} {'wall s':>7} {'files/s':>8} {'pool f/s':>9} {'busy s':>7} "
            f"{'parent CPU s':>12} {'parent MB':>9} {'worker MB':>9}  all walls"
        )
        for r in rows:
            print(
                f"{r['label']:36} {r['files']:>6} {r['wall']:>7.2f} {r['rate']:>8.1f} {r['pool_rate']:>9.1f} "
                f"{r['busy']:>7.2f} {r['cpu_audit']:>12.2f} {r['rss_self_mb']:>9.1f} {r['rss_worker_mb']:>9.1f}  "
                + " ".join(f"{w:.2f}" for w in sorted(r["walls"]))
            )
        print("(parent CPU: the audit process's own CPU time during audit(), start-up and imports excluded)")
        print()
        print(f"2 workers / 1 worker, end to end:   {two['rate'] / one['rate']:.2f}x  (target >= 1.8)")
        print(
            f"  the same, round by round:         min {per_round[0]:.2f}x, median "
            f"{statistics.median(per_round):.2f}x, max {per_round[-1]:.2f}x"
        )
        if one["pool_rate"]:
            print(
                f"2 workers / 1 worker, pool only:    {two['pool_rate'] / one['pool_rate']:.2f}x  "
                "(files/s from starting the workers to the last result)"
            )
        print(f"cached re-run / uncached (2 w.):    {cached['rate'] / two['rate']:.1f}x  (target >= 10)")
        if big is not None:
            print(f"2 workers / 1 worker, {big['files']} files: {big['rate'] / big_one['rate']:.2f}x")
            print(
                f"peak memory, {a.files} vs {big['files']} files: parent {two['rss_self_mb']:.0f} vs "
                f"{big['rss_self_mb']:.0f} MB, largest worker {two['rss_worker_mb']:.0f} vs "
                f"{big['rss_worker_mb']:.0f} MB"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
