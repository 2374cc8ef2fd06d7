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
    """A line differs from the template outside its blanks: the standard terms were edited (needs --template).
    The finding's span covers the contract's changed characters, first to last (the HTML page marks them)."""
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
            span=d.span,
        )


@rule("T402", "template-text-missing", "warning")
def text_missing(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A line of the template has no counterpart in the contract: text was deleted (needs --template)."""
    c = _comparison(ctx)
    for ln, at in zip(c.missing, c.missing_at, strict=True) if c else ():
        # placed where the text would have stood: after the contract line before it
        where = {"line": at, "clause": ctx.locator.clause(at), "place": ctx.locator.place(at)} if at else {}
        yield r.finding("missing", template_line=ln.no, text=_short(ln.text.strip()), **where)


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


@rule("T404", "not-from-template", "info")
def not_from_template(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The contract shares less than half of its lines with the template given (needs --template): it was
    not made from it, so it is not compared line by line (an audit with --template over a folder of
    unrelated agreements gives one line each, not hundreds of deviations)."""
    c = _comparison(ctx)
    if c is not None and c.unrelated:
        yield r.finding("unrelated", paired=c.paired, total=c.total, template=c.template_path)
