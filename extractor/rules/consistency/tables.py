"""Tables as rows of cells, whatever the reader made of them: cells of a Word, RTF or HTML table (one line per
cell, ``line.cell``), rows copied from a spreadsheet (tab-separated, ``line.tabs``), or columns aligned with
spaces in plain text. Each cell keeps where it stands, so a finding can point at it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Line
from ...normalise import TAB
from .. import Context

#: what separates the cells of a row aligned with spaces (two spaces or more, or an ideographic one)
_GAP = re.compile(r"[ \u3000]{2,}|\u3000")
#: a row aligned with spaces needs this many cells to start a table, and this many to go on with one (a
#: total row keeps only its label and its number: 合计    279000.00)
MIN_CELLS = 3
MIN_CELLS_AFTER = 2


@dataclass(frozen=True)
class Cell:
    text: str
    line: int
    span: tuple[int, int]


@dataclass
class Row:
    cells: dict[int, Cell] = field(default_factory=dict)  # by column

    @property
    def line(self) -> int:
        return min(c.line for c in self.cells.values())

    @property
    def last_line(self) -> int:
        return max(c.line for c in self.cells.values())

    def text(self, col: int) -> str:
        cell = self.cells.get(col)
        return cell.text.strip(" \u3000") if cell else ""

    def texts(self) -> list[str]:
        return [self.text(k) for k in sorted(self.cells)]


def _split(line: Line) -> dict[int, Cell]:
    """The cells of a tab-separated or space-aligned row, by position."""
    text = line.text
    if len(line.tabs) >= 2:
        bounds = [0, *(t + len(TAB) for t in line.tabs)]
        ends = [*line.tabs, len(text)]
        return {
            k: Cell(text[a:b], line.no, (a, b)) for k, (a, b) in enumerate(zip(bounds, ends, strict=True))
        }
    out: dict[int, Cell] = {}
    start = len(text) - len(text.lstrip(" \u3000"))
    k = 0
    for m in _GAP.finditer(text, start):
        if m.start() > start:
            out[k] = Cell(text[start : m.start()], line.no, (start, m.start()))
            k += 1
        start = m.end()
    if start < len(text.rstrip(" \u3000")):
        end = len(text.rstrip(" \u3000"))
        out[k] = Cell(text[start:end], line.no, (start, end))
    return out


def tables(ctx: Context) -> list[list[Row]]:
    """The tables of the contract, each a list of rows in reading order (worked out once per contract)."""
    cached = ctx.extra.get("consistency_tables")
    if cached is not None:
        return cached  # type: ignore[return-value]
    out: list[list[Row]] = []
    grid: dict[int, dict[int, Row]] = {}  # table -> row -> cells (a Word table)
    run: list[Row] = []  # consecutive text rows

    def close_run() -> None:
        if len(run) >= 2:
            out.append(list(run))
        run.clear()

    for line in ctx.lines:
        if line.cell is not None:
            close_run()
            t, r, c = line.cell
            row = grid.setdefault(t, {}).setdefault(r, Row())
            text = line.text
            if c in row.cells:  # a second paragraph of the same cell
                first = row.cells[c]
                row.cells[c] = Cell(first.text + text.strip(" \u3000"), first.line, first.span)
            else:
                row.cells[c] = Cell(text, line.no, (0, len(text)))
            continue
        if not line.text.strip():
            continue  # a blank line between rows does not end a text table
        cells = _split(line)
        if len(cells) >= (MIN_CELLS_AFTER if run else MIN_CELLS):
            run.append(Row(cells))
        else:
            close_run()
    close_run()
    for rows in grid.values():
        out.append([rows[k] for k in sorted(rows)])
    out.sort(key=lambda rows: rows[0].line if rows and rows[0].cells else 0)
    ctx.extra["consistency_tables"] = out
    return out
