"""Findings a reviewer has already seen, so that the next check or audit shows only what is new.

A baseline is the output of an earlier run: its JSON Lines (``hetong audit --jsonl``, or ``hetong check
A B --json``), one ``check --json`` object, or its workbook (``--xlsx``) after the review, where a
finding counts as seen once its 状态 (status) cell holds anything (已确认, 忽略 …). A finding is the same
when its file's path, its rule code and its message are: a message quotes the words around the fault,
so an edit elsewhere leaves it alone, while a new fault, or the same fault at another place, is new. The
messages are compared as written, so a baseline made in one language does not match another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import HetongError

Key = tuple[str, str]  # (rule code, message)


class BaselineError(HetongError):
    """The baseline file cannot be used."""

    kind = "baseline"


@dataclass(frozen=True)
class Baseline:
    seen: dict[str, frozenset[Key]] = field(default_factory=dict)  # file path -> its findings seen
    digest: str = ""  # of what the baseline holds (the audit's cache keeps results per baseline)

    def split(self, path: str, findings: Iterable[Any]) -> tuple[list[Any], int]:
        """``findings`` of ``path`` not seen before, and how many were left out as seen."""
        seen = self.seen.get(path)
        if not seen:
            return list(findings), 0
        kept = [f for f in findings if (f.code, f.message) not in seen]
        return kept, sum(1 for f in findings if (f.code, f.message) in seen)


def load(path: str) -> Baseline:
    p = Path(path)
    if not p.is_file():
        raise BaselineError(path, "no such baseline file")
    try:
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            seen = _from_workbook(p)
        else:
            seen = _from_json(p.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise BaselineError(path, f"not a hetong output: {str(exc).splitlines()[0][:200]}") from None
    frozen = {k: frozenset(v) for k, v in seen.items()}
    blob = json.dumps(sorted((k, sorted(v)) for k, v in frozen.items()), ensure_ascii=False)
    return Baseline(frozen, hashlib.sha256(blob.encode()).hexdigest()[:16])


def _from_json(text: str) -> dict[str, set[Key]]:
    """JSON Lines of check --json objects (error lines skipped), or one such object."""
    stripped = text.strip()
    objects = [json.loads(stripped)] if stripped.startswith("{") and "\n{" not in stripped else []
    if not objects:
        objects = [json.loads(line) for line in text.splitlines() if line.strip()]
    seen: dict[str, set[Key]] = {}
    for obj in objects:
        if "findings" not in obj:
            continue  # a file that could not be read
        keys = seen.setdefault(obj["source"]["path"], set())
        keys.update((f["code"], f["message"]) for f in obj["findings"])
    return seen


def _from_workbook(p: Path) -> dict[str, set[Key]]:
    """The findings sheet of an audit's workbook: the rows whose 状态 (status) is filled in."""
    from openpyxl import load_workbook

    from .messages import LANGS, template
    from .report.table import FINDING_KEYS

    names = {lang: [template("finding_columns", k, lang) for k in FINDING_KEYS] for lang in LANGS}
    wb = load_workbook(p, read_only=True)
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            head = [str(v) if v is not None else "" for v in next(rows, ())]
            lang = next((lang for lang, cols in names.items() if head[: len(cols)] == cols), None)
            if lang is None:
                continue
            col = {k: i for i, k in enumerate(FINDING_KEYS)}
            seen: dict[str, set[Key]] = {}
            for row in rows:
                cells = list(row) + [None] * (len(FINDING_KEYS) - len(row))
                status = cells[col["review_status"]]
                if status is None or not str(status).strip():
                    continue
                seen.setdefault(str(cells[col["path"]]), set()).add(
                    (str(cells[col["code"]]), str(cells[col["message"]]))
                )
            return seen
    finally:
        wb.close()
    raise ValueError("the workbook has no findings sheet (hetong audit --xlsx makes one)")
