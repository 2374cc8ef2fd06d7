"""One row per contract for spreadsheets (CSV, XLSX) and the audit index.

:func:`summary_row` turns a :class:`Result` into a small dict of plain values (no path: the audit adds it,
so a cached row serves every path the same bytes appear under); :func:`error_row` is the row of a file
that could not be read. :data:`COLUMNS` and :func:`cells` flatten a row for CSV/XLSX.

Contract text reaches the spreadsheets (titles, party names, findings quoting the text), so no cell may
run as a formula: in CSV a text cell that starts with ``= + - @``, a tab or a carriage return gets a
``'`` in front (:func:`csv_safe`, what OWASP and the spreadsheet makers recommend: Excel then shows it
as text); in XLSX every text cell is written as a string cell, never a formula, whatever it starts with.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, ClassVar

from .. import messages
from ..model import SEVERITY_ORDER, Finding, Result
from ..rules import ranked

#: findings listed in the "top findings" column
TOP_FINDINGS = 3
#: the missing heading's label in an S101 message, in either language
_MISSING = re.compile(r"^(?:missing (.+?) \(|缺少(.+?)（)")

#: the keys of the spreadsheet columns, in order (their headers, in the chosen language, are the
#: catalogue's [columns]: 文件, 读取状态, … or path, status, …)
KEYS: tuple[str, ...] = (
    "path",
    "status",
    "format",
    "title",
    "contract_number",
    "parties",
    "error",
    "warning",
    "info",
    "blanks",
    "empty_blanks",
    "missing_chapters",
    "top_findings",
    "failure",
    "sha256",
    "state",  # 空白模板 / 部分填写 / 已填写 (template / partly filled / filled; appended: the columns before keep their places)
    "rules",  # findings by rule: S101 章或条缺失 ×1 | B201 空白未填 ×18 (appended likewise)
    # appended likewise: the path under the audited folder, the facts of report.facts, the HTML page
    "rel",
    "amount",
    "signed_on",
    "term_start",
    "term_end",
    "signature",
    "page",
)
#: the columns holding an ISO date (a date cell in the workbook)
DATE_KEYS = frozenset({"signed_on", "term_start", "term_end"})


def rule_codes() -> tuple[str, ...]:
    """Every rule's code, in code order: after :data:`KEYS` each has a column of its findings' count, so
    that a spreadsheet filters and sorts the contracts by rule (read these columns by header: a new rule
    adds one in its place)."""
    from ..rules import all_rules

    return tuple(r.code for r in all_rules())


def header() -> tuple[str, ...]:
    """The spreadsheet's column headers in the chosen language: :data:`KEYS`, then one per rule
    (S101 章或条缺失; S101 missing-chapter with --lang en)."""
    from ..rules import all_rules, rule_names

    names = {} if messages.lang() == "en" else rule_names()
    rules = tuple(f"{r.code} {names.get(r.code, r.slug)}" for r in all_rules())
    return tuple(messages.template("columns", k) for k in KEYS) + rules


#: how list values are joined inside one cell
JOIN = " | "


def where(f: Finding) -> str:
    """（第 3 页第 42 行） / （第 42 行）, or nothing for a finding about the whole document."""
    if f.line is None:
        return ""
    if f.page is not None:
        return messages.say("report", "at_page_line", page=f.page, line=f.line)
    return messages.say("report", "at_line", line=f.line)


def summary_row(result: Result, patterns: str | None = None) -> dict[str, Any]:
    """The per-contract row (everything but the paths); ``patterns``: the user's pattern folder, if any."""
    from ..pattern_set import load
    from .facts import facts

    s = result.summary()
    top_first = ranked(result.findings)
    top = [f"{f.code} {f.message}" + where(f) for f in top_first[:TOP_FINDINGS]]
    missing = []
    for f in result.findings:
        if f.rule == "missing-chapter":
            m = _MISSING.match(f.message)
            missing.append((m.group(1) or m.group(2)) if m else (f.clause or f.message))
    rules = Counter(f"{f.code} {f.rule}" for f in result.findings)
    return {
        "status": "ok",
        "format": result.source.format,
        "title": result.title,
        "contract_number": result.contract_number,
        "parties": [p.role + (f": {p.name}" if p.name else "") for p in result.parties],
        "error": s["error"],
        "warning": s["warning"],
        "info": s["info"],
        "blanks": s["blanks"],
        "empty_blanks": s["empty_blanks"],
        "state": s["state"],
        "known": s.get("known", 0),
        "missing_chapters": missing,
        "top_findings": top,
        "rules": dict(sorted(rules.items())),
        "severities": sorted({f.severity for f in result.findings}, key=SEVERITY_ORDER.__getitem__),
        "failure": None,
        "sha256": result.source.sha256,
        "pages": result.source.pages,
        **facts(result, load(patterns).consistency),
    }


def error_row(
    kind: str, message: str, *, fmt: str | None = None, sha256: str | None = None
) -> dict[str, Any]:
    """The row of a file hetong could not read (``kind`` is a HetongError kind, or crash/timeout/internal)."""
    return {
        "status": "error",
        "format": fmt,
        "title": None,
        "contract_number": None,
        "parties": [],
        "error": None,
        "warning": None,
        "info": None,
        "blanks": None,
        "empty_blanks": None,
        "missing_chapters": [],
        "top_findings": [],
        "rules": {},
        "severities": [],
        "failure": {"kind": kind, "message": message},
        "sha256": sha256,
        "pages": None,
    }


def _rule_counts(rules: dict[str, int]) -> str:
    """{"S101 missing-chapter": 1} -> "S101 章或条缺失 ×1", most found first."""
    from ..rules import rule_names

    names = rule_names()
    ordered = sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))
    return JOIN.join(f"{k.split()[0]} {names.get(k.split()[0], k)} ×{n}" for k, n in ordered)


def cells(row: dict[str, Any], base: str | None = None) -> list[Any]:
    """The row's values in :data:`KEYS` order: lists joined, the failure as ``kind: message``, the
    signature and the state in words, the HTML page relative to the folder ``base`` (the spreadsheet's);
    then the count of each rule's findings (none for a file that could not be read)."""
    out: list[Any] = []
    for key in KEYS:
        v = row.get(key)
        if isinstance(v, list):
            v = JOIN.join(v)
        elif key == "rules":
            v = _rule_counts(v or {})
        elif key == "failure" and v:
            v = messages.failure(v["kind"], v["message"], with_kind=True)
        elif key in ("signature", "state") and v:
            v = messages.word(f"{key}.{v}")  # 已签署, 空白模板 (signed, template with --lang en)
        elif key == "page" and v:
            v = page_link(v, base)
        out.append(v)
    counts = {k.split()[0]: n for k, n in (row.get("rules") or {}).items()}
    checked = row.get("status") == "ok"
    out.extend(counts.get(code, 0) if checked else None for code in rule_codes())
    return out


def page_link(page: str, base: str | None) -> str:
    """The path of a contract's HTML page from the folder ``base`` (POSIX separators), or as given."""
    import os

    if base is None:
        return page
    return os.path.relpath(page, base).replace(os.sep, "/")


#: the columns of the one-row-per-finding sheet and CSV; the last three are left for the reviewer
FINDING_KEYS: tuple[str, ...] = (
    "path",
    "code",
    "rule",
    "severity",
    "weight",
    "page",
    "line",
    "place",
    "message",
    "reviewer",
    "review_status",
    "comment",
)


def finding_header() -> tuple[str, ...]:
    return tuple(messages.template("finding_columns", k) for k in FINDING_KEYS)


def finding_rows(path: str, findings: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """One row per finding of a contract (``findings``: the JSON's), heaviest first; the reviewer's
    columns empty."""
    from ..rules import rule_names, weight

    names = rule_names()
    ordered = sorted(
        findings,
        key=lambda f: (-weight(f["code"]), -SEVERITY_ORDER[f["severity"]], f.get("line") or 0, f["code"]),
    )
    return [
        [
            path,
            f["code"],
            f"{names.get(f['code'], '')} {f['rule']}".strip(),
            messages.severity(f["severity"]),
            weight(f["code"]),
            f.get("page"),
            f.get("line"),
            messages.place(f.get("place")) or None,
            f["message"],
            None,
            None,
            None,
        ]
        for f in ordered
    ]


#: the columns of the workbook's sheet of rules: one row per rule found in the audit
RULE_KEYS: tuple[str, ...] = ("code", "rule", "severity", "weight", "files", "findings", "summary")


def rule_sheet_header() -> tuple[str, ...]:
    return tuple(messages.template("rule_columns", k) for k in RULE_KEYS)


def rule_sheet_rows(findings: Counter[str], files: Counter[str]) -> list[list[Any]]:
    """The rules found (``findings``/``files``: "S101 missing-chapter" -> count), heaviest first, then by
    the contracts they are found in."""
    from ..rules import all_rules, rule_names, weight

    names = rule_names()
    by_code = {r.code: r for r in all_rules()}
    out = []
    for key in findings:
        code, slug = key.split()[0], key.split()[-1]
        rule = by_code.get(code)
        out.append(
            [
                code,
                f"{names.get(code, '')} {slug}".strip(),
                messages.severity(rule.severity) if rule else None,
                weight(code),
                files[key],
                findings[key],
                messages.template(code, "summary") if rule else None,
            ]
        )
    return sorted(out, key=lambda r: (-r[3], -r[4], r[0]))


#: what makes a spreadsheet read a cell as a formula (tab and CR: some programs strip them first)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(v: Any) -> Any:
    """A text value that would start a formula, with a ``'`` in front; anything else unchanged."""
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


class _Line:
    """A file-like sink for one CSV record."""

    __slots__ = ("text",)

    def write(self, s: str) -> None:
        self.text = s


_SINK = _Line()
_WRITER = csv.writer(_SINK)


def csv_line(values: Iterable[Any]) -> str:
    """One CSV record (RFC 4180 quoting, CRLF) for streaming writers; values are written as given."""
    _WRITER.writerow(["" if v is None else v for v in values])
    return _SINK.text


def csv_row(row: dict[str, Any], base: str | None = None) -> str:
    """The CSV record of a row, every text cell made safe from formula injection (:func:`csv_safe`);
    ``base``: the CSV's folder, that the HTML page's path is relative to."""
    return csv_line([csv_safe(v) for v in cells(row, base)])


class XlsxWriter:
    """Rows streamed into an .xlsx with openpyxl's write-only mode (constant memory)."""

    WIDTHS: ClassVar[dict[str, int]] = {
        "path": 48,
        "title": 32,
        "parties": 36,
        "top_findings": 80,
        "failure": 40,
        "missing_chapters": 20,
        "rules": 48,
        "rel": 40,
        "amount": 32,
        "page": 40,
    }
    RULE_WIDTHS: ClassVar[dict[str, int]] = {"rule": 28, "summary": 60}
    FINDING_WIDTHS: ClassVar[dict[str, int]] = {
        "path": 40,
        "rule": 24,
        "place": 20,
        "message": 80,
        "comment": 30,
    }

    def __init__(self, path: str, sheet: str | None = None):
        from openpyxl import Workbook

        self.path = path
        self.wb = Workbook(write_only=True)
        self.keys = KEYS + rule_codes()
        widths = {**self.WIDTHS, **dict.fromkeys(rule_codes(), 14)}
        self.ws = self._sheet(sheet or messages.word("sheet.contracts"), self.keys, header(), widths, 12)
        self.rows = 1
        # one row per finding, with columns for the reviewer (审核人, 状态, 备注)
        self.fs = self._sheet(
            messages.word("sheet.findings"), FINDING_KEYS, finding_header(), self.FINDING_WIDTHS, 10
        )
        self.finding_count = 1
        # one row per rule found: in how many contracts, how many findings (written at the end)
        self.rs = self._sheet(
            messages.word("sheet.rules"), RULE_KEYS, rule_sheet_header(), self.RULE_WIDTHS, 10
        )
        self.by_rule: Counter[str] = Counter()
        self.files_by_rule: Counter[str] = Counter()

    def _sheet(
        self, title: str, keys: tuple[str, ...], names: tuple[str, ...], widths: dict[str, int], width: int
    ) -> Any:
        """A sheet with its header row in bold, frozen, and its columns' widths."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title)
        ws.freeze_panes = "B2"
        for i, key in enumerate(keys, 1):
            ws.column_dimensions[get_column_letter(i)].width = widths.get(key, width)
        bold = Font(bold=True)
        head = []
        for name in names:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            head.append(cell)
        ws.append(head)
        return ws

    def append(self, row: dict[str, Any], findings: Iterable[dict[str, Any]] = ()) -> None:
        """The contract's row, and one row for each of its ``findings`` (the JSON's) on the second sheet."""
        import os

        values = self._cells(self.ws, cells(row, os.path.dirname(os.path.abspath(self.path))))
        self.ws.append([self._typed(k, v) for k, v in zip(self.keys, values, strict=True)])
        self.rows += 1
        for rule, n in (row.get("rules") or {}).items():
            self.by_rule[rule] += n
            self.files_by_rule[rule] += 1
        for values in finding_rows(row.get("path") or "", findings):
            self.fs.append(self._cells(self.fs, values))
            self.finding_count += 1

    def _typed(self, key: str, cell: Any) -> Any:
        """A date column's ISO text as a date cell; the page's path as a link to it."""
        value = getattr(cell, "value", cell)
        if not value:
            return cell
        if key in DATE_KEYS:
            import datetime as dt

            from openpyxl.cell import WriteOnlyCell

            out = WriteOnlyCell(self.ws, value=dt.date.fromisoformat(value))
            out.number_format = "yyyy-mm-dd"
            return out
        if key == "page":
            from urllib.parse import quote

            cell.hyperlink = quote(value, safe="/")
            cell.style = "Hyperlink"
        return cell

    @staticmethod
    def _cells(ws: Any, values: Iterable[Any]) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell

        out: list[Any] = []
        for v in values:
            if isinstance(v, str):
                # openpyxl takes a str starting with "=" for a formula: force a string cell
                cell = WriteOnlyCell(ws, value=_xlsx_safe(v))
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(v)
        return out

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.keys))}{self.rows}"
        self.fs.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_KEYS))}{self.finding_count}"
        rows = rule_sheet_rows(self.by_rule, self.files_by_rule)
        for values in rows:
            self.rs.append(self._cells(self.rs, values))
        self.rs.auto_filter.ref = f"A1:{get_column_letter(len(RULE_KEYS))}{len(rows) + 1}"
        self.wb.save(self.path)


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_safe(v: Any) -> Any:
    # openpyxl refuses control characters; a cell also holds at most 32767 characters
    if isinstance(v, str):
        v = _ILLEGAL_XML.sub("\ufffd", v)
        return v[:32000]
    return v
