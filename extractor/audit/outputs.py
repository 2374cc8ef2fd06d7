"""The audit's files: JSONL, CSV, XLSX, per-file JSON (--out) and HTML (--html).

Per-file outputs (--out JSON, HTML pages) are written as each file finishes, through a temporary file
and a rename. The reports over all files (JSONL, CSV, XLSX, the HTML index) are written by
:class:`Reports` in path order, each to a temporary file renamed over the old one when the run ends
(also after Ctrl-C): they are complete, sorted and the same whatever the number of workers, and a killed
run leaves the previous version intact (never a torn line) for the next run to replace. The run feeds
:class:`Reports` while it goes, as soon as the files before a result are done too, so the end of a run
only has the few files left to write.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .cache import PATH_TOKEN_JSON
from .names import safe_rel

PATH_TOKEN_JSON_BYTES = PATH_TOKEN_JSON.encode()

CSV_BOM = "\ufeff"


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def json_line(doc: bytes, path: str) -> str:
    """The compact JSON of one file with its path put back (``doc`` as stored in the cache)."""
    return (
        zlib.decompress(doc).decode("utf-8").replace(PATH_TOKEN_JSON, json.dumps(path, ensure_ascii=False), 1)
    )


def json_line_bytes(doc: bytes, path: str) -> bytes:
    """:func:`json_line` as UTF-8 bytes, without decoding the document."""
    return zlib.decompress(doc).replace(
        PATH_TOKEN_JSON_BYTES, json.dumps(path, ensure_ascii=False).encode(), 1
    )


def pretty_json(doc: bytes, path: str) -> str:
    """The ``check --json`` text (indented) of a cached document."""
    from ..report.json import dumps

    return dumps(json.loads(json_line(doc, path))) + "\n"


@dataclass
class Totals:
    """What the terminal summary, the HTML index and the exit status need, gathered in one pass."""

    top_n: int = 10
    files: int = 0
    ok: int = 0
    failed: Counter[str] = field(default_factory=Counter)  # error kind -> files
    severities: Counter[str] = field(default_factory=Counter)  # findings
    worst: Counter[str] = field(default_factory=Counter)  # files whose worst finding is this severity
    empty_blanks: int = 0
    known: int = 0  # findings left out as seen before (--baseline)
    rules: Counter[str] = field(default_factory=Counter)  # "B201 empty-blank" -> findings
    rule_files: Counter[str] = field(default_factory=Counter)  # -> files
    _top: list[tuple[int, int, int, str]] = field(default_factory=list)
    _seq: int = 0

    def add(self, path: str, row: dict[str, Any]) -> None:
        self.files += 1
        if row["status"] == "error":
            self.failed[(row.get("failure") or {}).get("kind", "error")] += 1
            return
        self.ok += 1
        for sev in ("error", "warning", "info"):
            self.severities[sev] += row.get(sev) or 0
        sevs = row.get("severities") or []
        if sevs:
            self.worst[sevs[-1]] += 1
        self.empty_blanks += row.get("empty_blanks") or 0
        self.known += row.get("known") or 0
        for rule, n in (row.get("rules") or {}).items():
            self.rules[rule] += n
            self.rule_files[rule] += 1
        if row.get("error"):
            # keep the N files with most errors (ties: more warnings, then path order)
            self._seq += 1
            entry = (row["error"], row.get("warning") or 0, -self._seq, path)
            if len(self._top) < self.top_n:
                heapq.heappush(self._top, entry)
            else:
                heapq.heappushpop(self._top, entry)

    def top(self) -> list[tuple[str, int, int]]:
        return [(p, e, w) for e, w, _, p in sorted(self._top, reverse=True)]

    def as_index_totals(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "failed": sum(self.failed.values()),
            "empty_blanks": self.empty_blanks,
            **{s: self.severities[s] for s in ("error", "warning", "info")},
        }


@dataclass
class Record:
    path: str
    rel: str
    row: dict[str, Any]
    doc: bytes


class Reports:
    """The reports over all files, fed one :class:`Record` at a time in path order (:meth:`add`), then
    either put in place (:meth:`commit`) or thrown away (:meth:`discard`); fills ``totals`` as it goes."""

    def __init__(
        self,
        *,
        jsonl: str | None,
        csv: str | None,
        xlsx: str | None,
        html_dir: str | None,
        totals: Totals,
        findings_csv: str | None = None,
        title: str = "hetong audit",
    ):
        self.targets = {
            "jsonl": jsonl,
            "csv": csv,
            "xlsx": xlsx,
            "findings_csv": findings_csv,
            "html": os.path.join(html_dir, "index.html") if html_dir else None,
        }
        self.html_dir = html_dir
        self.totals = totals
        self.count = 0
        self.tmp = {k: _tmp_name(p) for k, p in self.targets.items() if p}
        #: the folder of each report: a spreadsheet links the HTML pages relative to it
        self.bases = {k: os.path.dirname(os.path.abspath(p)) for k, p in self.targets.items() if p}
        self.files: dict[str, Any] = {}
        self.xw: Any = None
        self.pager: Any = None
        self.stack = contextlib.ExitStack()
        try:
            self._open(title)
        except BaseException:
            self.discard()
            raise

    def _open(self, title: str) -> None:
        from ..report.table import csv_line, finding_header, header

        if "jsonl" in self.tmp:  # bytes: each line goes from the cache's JSON to the file, never decoded
            self.files["jsonl"] = self.stack.enter_context(open(self.tmp["jsonl"], "wb"))  # noqa: SIM115
        for key in ("csv", "findings_csv", "html"):
            if key in self.tmp:
                self.files[key] = self.stack.enter_context(
                    open(self.tmp[key], "w", encoding="utf-8", newline="")  # noqa: SIM115
                )
        if "csv" in self.files:
            self.files["csv"].write(CSV_BOM + csv_line(header()))
        if "findings_csv" in self.files:
            self.files["findings_csv"].write(CSV_BOM + csv_line(finding_header()))
        if "xlsx" in self.tmp:
            from ..report.table import XlsxWriter

            self.xw = XlsxWriter(self.tmp["xlsx"])
        if "html" in self.files:
            from ..report.html import index_head
            from .pager import Pager

            self.files["html"].write(index_head(title))
            self.pager = Pager(self.html_dir)  # type: ignore[arg-type]

    def add(self, rec: Record) -> None:
        row = {**rec.row, "path": rec.path, "rel": rec.rel}
        self.totals.add(rec.path, row)
        files = self.files
        page_rel = safe_rel(rec.rel, ".html")
        if self.html_dir is not None:
            page = os.path.join(self.html_dir, *page_rel.split("/"))
            if row["status"] == "ok" and os.path.exists(page):
                row["page"] = os.path.abspath(page)  # (the spreadsheets link it, relative to themselves)
        if "jsonl" in files:
            files["jsonl"].write(json_line_bytes(rec.doc, rec.path) + b"\n")
        if "csv" in files:
            from ..report.table import csv_row

            files["csv"].write(csv_row(row, self.bases["csv"]))
        if self.xw is not None or "findings_csv" in files:
            findings = _findings(rec.doc) if row.get("status") == "ok" else []
            if self.xw is not None:
                self.xw.append(row, findings)
            if "findings_csv" in files:
                from ..report.table import csv_line, csv_safe, finding_rows

                for values in finding_rows(rec.path, findings):
                    files["findings_csv"].write(csv_line([csv_safe(v) for v in values]))
        if "html" in files:
            from ..report.html import index_row

            ok = "page" in row
            row["href"] = _quote_href(page_rel) if ok else None
            if ok:
                self.pager.add(rec.rel)
            row["shown"] = rec.rel
            files["html"].write(index_row(self.count, row))
        self.count += 1

    def commit(self) -> None:
        """Close the reports and rename each over its target."""
        try:
            if "html" in self.files:
                from ..report.html import index_tail

                self.pager.close()  # the last page: nothing after it
                self.files["html"].write(index_tail(self.totals.as_index_totals(), self.count))
            self.stack.close()
            if self.xw is not None:
                self.xw.close()
            for key, path in self.targets.items():
                if path:
                    os.replace(self.tmp.pop(key), path)
        finally:
            self.discard()

    def discard(self) -> None:
        """Close and delete what is not in place (the targets keep their previous version)."""
        self.stack.close()
        for t in self.tmp.values():
            _unlink(t)
        self.tmp.clear()


def _findings(doc: bytes) -> list[dict[str, Any]]:
    """The findings of a file's JSON (as the cache keeps it)."""
    return json.loads(zlib.decompress(doc)).get("findings") or []


def _tmp_name(path: str) -> str:
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")


def _quote_href(rel: str) -> str:
    from urllib.parse import quote

    return quote(rel, safe="/")
