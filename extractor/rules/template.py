"""Template rules (with ``--template``): where a contract departs from the model it was made from."""

from __future__ import annotations

from collections.abc import Iterator

from ..extract.template import Comparison
from ..model import Finding
from . import Context, Rule, rule

SHOW = 24


def _comparison(ctx: Context) -> Comparison | None:
    c = ctx.extra.get("template")
    return c if isinstance(c, Comparison) else None


def _short(text: str) -> str:
    return text if len(text) <= SHOW else text[: SHOW - 1] + "…"


@rule("T401", "template-deviation", "warning")
def deviation(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A line differs from the template outside its blanks: the standard terms were edited (needs --template)."""
    c = _comparison(ctx)
    for d in c.deviations if c else ():
        key = "replaced" if d.removed and d.added else ("added" if d.added else "dropped")
        place = ctx.locator.place(d.line)
        yield r.finding(
            key,
            template_line=d.template_line,
            removed=_short(d.removed or ""),
            added=_short(d.added or ""),
            line=d.line,
            clause=ctx.locator.clause(d.line),
            place=place,
        )


@rule("T402", "template-text-missing", "warning")
def text_missing(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A line of the template has no counterpart in the contract: text was deleted (needs --template)."""
    c = _comparison(ctx)
    for ln in c.missing if c else ():
        yield r.finding("missing", template_line=ln.no, text=_short(ln.text.strip()))


@rule("T403", "template-text-added", "info")
def text_added(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A line of the contract is not in the template: text was added (needs --template)."""
    c = _comparison(ctx)
    for ln in c.added if c else ():
        place = ctx.locator.place(ln.no)
        yield r.finding(
            "added",
            text=_short(ln.text.strip()),
            line=ln.no,
            clause=ctx.locator.clause(ln.no),
            place=place,
        )
