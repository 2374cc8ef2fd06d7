"""Process limits: the memory budget of an audit worker (``--max-memory``) or of one ``check``.

The input limits live with the code that reads: the file size, the character budget and the page cap in
``readers/__init__.py`` (``readers/text.py`` and others stop early), and the other caps (zip parts, PDF
streams, markup elements, OCR, LibreOffice's time) in ``readers/caps.py``. docs/limits.md lists them all,
each with its option and ``hetong.toml`` key.
"""

from __future__ import annotations

import contextlib

#: an audit worker's address space, in MB (``hetong audit --max-memory``; 0: none). Not 2 GiB: reading one
#: scanned page with OCR maps about 2.1 GB of address space (1 GB resident) on a 2-core machine
DEFAULT_WORKER_MEMORY_MB = 4096
#: below this a worker cannot even import the pipeline and compile the patterns
MIN_MEMORY_MB = 256


def set_memory_limit(mb: int) -> tuple[int, int] | None:
    """Limit this process's address space to ``mb`` MB (RLIMIT_AS, soft limit; never above the hard
    limit). Returns the limits before, to give back to :func:`restore_memory_limit`, or None where the
    ``resource`` module or RLIMIT_AS is missing (Windows) or the system refuses (macOS may): no limit."""
    try:
        import resource

        old = resource.getrlimit(resource.RLIMIT_AS)
        want = mb * 1024 * 1024
        hard = old[1]
        resource.setrlimit(
            resource.RLIMIT_AS, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard)
        )
    except (ImportError, AttributeError, ValueError, OSError):
        return None
    return old


def restore_memory_limit(old: tuple[int, int] | None) -> None:
    if old is None:
        return
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, old)


def over_memory(mb: int | None) -> str:
    """The reason of a file that ran out of memory."""
    if mb:
        return f"over the memory limit of {mb} MB (raise it with --max-memory)"
    return "ran out of memory"
