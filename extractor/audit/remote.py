"""Beyond one machine: fsspec URLs as inputs and a Dask cluster as the workers (extra ``hetong[dask]``).

Only imported when a URL is given or ``--dask`` is used. The per-file work is the same
:func:`extractor.audit.worker.process`; on Dask it neither opens the cache (the parent alone holds it) nor
writes files (the HTML page comes back in the outcome and the parent writes it), so the streamed outputs
and the cache are exactly those of a local run. Dask workers need hetong installed and must see the
inputs: local paths on a shared filesystem, or URLs every worker can open (s3://, gs://, http://…).
``memory://`` only works with an in-process cluster, as its files live in one process.

Not enforced on Dask: the per-file time limit (a hung task holds its worker thread; cancel the run). A
worker that dies on a file is retried by Dask on another worker and, when it keeps dying, the file
becomes a ``crash`` error row.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from ..errors import FileTooLarge, MissingDependency, UnreadableFile
from ..readers.sniff import XML_HEAD, is_word_xml
from .discover import NOT_WORD_XML, Discovery, Item, is_candidate, skip_reason, sniffed, url_rel
from .worker import Outcome, Task, WorkerConfig, error_outcome, process


def _fsspec():
    try:
        import fsspec
    except ModuleNotFoundError:
        raise MissingDependency("fsspec", "URLs need the dask extra: pip install 'hetong[dask]'") from None
    return fsspec


def _mtime(info: dict[str, Any]) -> int:
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        v = info.get(key)
        if isinstance(v, datetime):
            return int(v.timestamp() * 1e9)
        if isinstance(v, int | float):
            return int(v * 1e9)
    return 0


def discover_urls(urls: list[str], out: Discovery) -> list[Item]:
    fsspec = _fsspec()
    items: list[Item] = []
    many = len(urls) > 1
    for url in urls:
        fs, root = fsspec.core.url_to_fs(url)
        if not fs.exists(root):
            from .discover import DiscoveryError

            raise DiscoveryError(f"{url}: no such file or folder")
        if fs.isfile(root):
            info = fs.info(root)
            items.append(
                Item(
                    url,
                    url_rel(url, url, False) or posixpath.basename(root),
                    fs.unstrip_protocol(root),
                    int(info.get("size") or 0),
                    _mtime(info),
                )
            )
            continue
        prefix = url.rstrip("/")
        for p, info in sorted(fs.find(root, withdirs=False, detail=True).items()):
            inner = p[len(root) :].lstrip("/") if p.startswith(root) else posixpath.basename(p)
            parts = inner.split("/")
            reasons = [r for r in map(skip_reason, parts) if r]
            if reasons:
                if is_candidate(parts[-1]):
                    out.skipped[reasons[0]] += 1
                continue
            if sniffed(parts[-1]):
                if not _word_xml(fs, p):
                    out.skipped[NOT_WORD_XML] += 1
                    continue
            elif not is_candidate(parts[-1]):
                continue
            shown = f"{prefix}/{inner}"
            items.append(
                Item(
                    shown,
                    url_rel(shown, prefix, many),
                    fs.unstrip_protocol(p),
                    int(info.get("size") or 0),
                    _mtime(info),
                )
            )
    return items


def _word_xml(fs: Any, path: str) -> bool:
    """Whether a remote .xml/.ftl file starts as a Word XML document (True when it cannot be read: the
    worker then says why)."""
    try:
        return is_word_xml(fs.cat_file(path, start=0, end=XML_HEAD))
    except Exception:  # any backend's error: the worker reads it again and reports
        return True


def read_url(loc: str, path: str, max_bytes: int) -> bytes:
    fsspec = _fsspec()
    try:
        with fsspec.open(loc, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except OSError as exc:
        raise UnreadableFile(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    if len(data) > max_bytes:
        raise FileTooLarge(path, f"over the {max_bytes / 2**20:.0f} MB limit")
    return data


def run_dask(address: str, tasks: list[Task], cfg: WorkerConfig, *, workers: int) -> Iterator[Outcome]:
    """Run ``tasks`` on the Dask cluster at ``address`` (or a LocalCluster for ``"local"``)."""
    try:
        from distributed import Client, LocalCluster, as_completed
        from distributed.scheduler import KilledWorker
    except ModuleNotFoundError:
        raise MissingDependency("dask", "--dask needs the dask extra: pip install 'hetong[dask]'") from None
    cfg = replace(cfg, cache_db=None, write_files=False)
    cluster = None
    if address == "local":
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    else:
        client = Client(address)
    by_key: dict[str, Task] = {}
    try:
        threads = sum(client.nthreads().values()) or 1
        window = max(4, 4 * threads)  # tasks in flight: enough to keep workers busy, few enough to stay flat
        remote_cfg = client.scatter(cfg, broadcast=True)
        pending = iter(tasks)
        ac = as_completed()

        def submit() -> bool:
            task = next(pending, None)
            if task is None:
                return False
            fut = client.submit(
                process, task, remote_cfg, pure=False, key=f"hetong-audit-{task.index}-{id(ac)}"
            )
            by_key[fut.key] = task
            ac.add(fut)
            return True

        for _ in range(window):
            if not submit():
                break
        for fut in ac:
            task = by_key.pop(fut.key)
            try:
                outcome = fut.result()
            except KilledWorker:
                outcome = error_outcome(
                    task.index, "crash", "Dask workers kept dying on this file", declared=_declared(task.path)
                )
            except Exception as exc:  # a task that failed outside our own error handling
                outcome = error_outcome(
                    task.index,
                    "internal",
                    f"{type(exc).__name__}: {exc}".splitlines()[0][:300],
                    declared=_declared(task.path),
                )
            fut.release()
            submit()
            yield outcome
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _declared(path: str) -> str | None:
    from ..readers.sniff import declared_format

    return declared_format(path)
