"""The contract number written on the cover or above the parties."""

from __future__ import annotations

from ..model import Line
from ..pattern_set import PatternSet
from ..segment import squash

BLANK = " \u3000_"


def contract_number(
    lines: list[Line], ps: PatternSet, until: int | None = None
) -> tuple[str | None, int | None]:
    """(number, line) from the first 合同编号 line before ``until``; number None when left blank."""
    for line in lines:
        if until is not None and line.no >= until:
            break
        m = ps.contract_number.match(line.text.strip())
        if m is None:
            continue
        value = m.group("value").strip(BLANK)
        return (squash(value) or None) if not ps.na.match(value) else None, line.no
    return None, None
