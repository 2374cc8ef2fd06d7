"""Blank rules: values still to fill, and template placeholders left unrendered."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding
from . import Context, Rule, rule


def _describe(label: str | None, unit: str | None) -> str:
    if label and unit:
        return f"{label}, in {unit}"
    return label or (f"in {unit}" if unit else "unlabelled")


@rule("B201", "empty-blank", "error")
def empty_blank(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A blank is still empty: fill it, or strike it out with 无 or / if it does not apply.

    Hit:
        服务协议
        第一条 服务期限为____个月。

    Okay:
        服务协议
        第一条 服务期限为__12__个月。
        第二条 违约金为__/__。
    """
    for b in ctx.blanks:
        if b.status != "empty" or b.kind == "placeholder":
            continue
        what = "no option ticked" if b.kind == "checkbox" else "empty blank"
        yield r.finding(
            f"{what} in {b.place} ({_describe(b.label, b.unit)}): '{b.before[-8:]}▢{b.after[:8]}'",
            line=b.line,
            clause=b.clause,
            span=b.span,
            place=b.place,
        )


@rule("B202", "template-placeholder", "error")
def template_placeholder(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A template placeholder such as {{ name }} was left unrendered in the contract text.

    Hit:
        买卖合同
        第一条 买受人{{ buyer_name }}同意购买。

    Okay:
        买卖合同
        第一条 买受人张三同意购买。
    """
    for line in ctx.lines:
        for m in ctx.patterns.placeholder.finditer(line.text):
            place = ctx.locator.place(line.no)
            yield r.finding(
                f"unrendered template placeholder {m.group(0)} in {place}",
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=m.span(),
                place=place,
            )
