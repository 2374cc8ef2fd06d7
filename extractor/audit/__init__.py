"""``hetong audit``: check a folder of contracts in parallel, resumably, with reports people open.

This module only declares the command line; the machinery is imported when a run starts, so that
``hetong check`` never pays for it. The layout:

- ``discover``: files and folders to a sorted list of :class:`~extractor.audit.discover.Item`
- ``worker``: the per-file job (read, check, serialise), shared by the local pool and Dask
- ``pool``: our own worker processes with per-file time limits, surviving crashes and hangs
  (``_preload``: what the fork server imports once for all workers)
- ``cache``: the SQLite cache of results (by content hash, version, patterns and rules), pruned of
  results older code made (``--prune-cache``: of all but this configuration's)
- ``outputs``: JSONL, CSV, XLSX, per-file JSON and HTML, streamed and then finalised atomically
- ``progress``: a rich progress bar, or plain lines when the terminal is not interactive
- ``run``: :func:`~extractor.audit.run.audit`, the library entry point; ``summary``: the terminal summary
- ``remote``: Dask and fsspec (optional extra ``hetong[dask]``)
"""

from __future__ import annotations

import argparse

DEFAULT_TIMEOUT = 120.0


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``audit`` options (the rule options --select/--ignore/--patterns/--fail-on are added by the CLI)."""
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="contract files and folders (searched recursively); "
        "with the dask extra also fsspec URLs such as s3://bucket/contracts/",
    )
    p.add_argument(
        "--workers", type=int, default=None, metavar="N", help="worker processes (default: one per core)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a file after this long (default {DEFAULT_TIMEOUT:.0f})",
    )
    p.add_argument("--jsonl", metavar="FILE", help="one line per file: the check --json object, or an error")
    p.add_argument("--csv", metavar="FILE", help="one row per file (UTF-8 with BOM, opens in Excel)")
    p.add_argument(
        "--xlsx",
        metavar="FILE",
        help="an Excel workbook: a sheet with a row per file, and one with a row per finding "
        "(with 审核人/状态/备注 columns for the review)",
    )
    p.add_argument(
        "--baseline",
        metavar="FILE",
        help="an earlier audit's --jsonl, or its --xlsx after the review (rows whose 状态 is filled in): "
        "the findings it holds are left out, so only new ones are reported",
    )
    p.add_argument(
        "--findings-csv",
        metavar="FILE",
        help="one row per finding (file, code, rule, severity, weight, page, line, place, message, and "
        "empty reviewer columns), UTF-8 with BOM",
    )
    p.add_argument("--html", metavar="DIR", help="an index page plus one page per contract")
    p.add_argument(
        "--out", metavar="DIR", help="one JSON per file, mirroring the folder tree; holds the cache too"
    )
    p.add_argument(
        "--no-cache", action="store_true", help="check every file again (results still refresh the cache)"
    )
    p.add_argument(
        "--prune-cache",
        action="store_true",
        help="after the run, delete every cached result this configuration cannot use (other versions, "
        "rule options, patterns or template) and compact the cache file",
    )
    p.add_argument(
        "--max-size", type=float, default=200, metavar="MB", help="refuse larger files (default 200)"
    )
    from ..cli import content_limit_options
    from ..limits import DEFAULT_WORKER_MEMORY_MB

    content_limit_options(p)
    p.add_argument(
        "--max-memory",
        type=int,
        default=DEFAULT_WORKER_MEMORY_MB,
        metavar="MB",
        help="a worker that needs more memory (address space) for a file fails that file and goes on "
        f"(POSIX; 0: no limit; default {DEFAULT_WORKER_MEMORY_MB})",
    )
    p.add_argument(
        "--progress",
        choices=("auto", "bar", "plain", "off"),
        default="auto",
        help="progress display on stderr (auto: a bar on a terminal, plain lines otherwise)",
    )
    p.add_argument(
        "--top", type=int, default=10, metavar="N", help="contracts listed in the summary (default 10)"
    )
    p.add_argument(
        "--template",
        metavar="FILE",
        help="the blank model the contracts were filled in from: its blanks are looked up in each "
        "contract and edits to its text reported",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster (scheduler address, or 'local' for a local cluster)",
    )


def run_cli(args: argparse.Namespace) -> int:
    from .run import run_cli as _run

    return _run(args)
