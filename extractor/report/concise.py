"""One line per finding, for a terminal, grep or an editor's quickfix list: ``FILE:LINE:COL: CODE 级别 message``."""

from __future__ import annotations

from ..messages import say, severity
from ..model import Result


def render(result: Result) -> str:
    """The findings of one contract, in line order; a finding about the whole file has no line."""
    path = result.source.path
    out = []
    for f in result.findings:
        where = f"{path}:{f.line}:{(f.span[0] + 1) if f.span else 1}" if f.line is not None else path
        page = say("report", "page_of", page=f.page) if f.page else ""
        out.append(f"{where}: {f.code} {severity(f.severity)} {f.message}{page}\n")
    return "".join(out)
