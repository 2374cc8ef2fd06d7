"""Blank rules: values still to fill, and template placeholders left unrendered."""

from __future__ import annotations

from collections.abc import Iterator

from .. import messages
from ..extract.blanks import sign_place
from ..model import Blank, Finding
from ..pattern_set import PatternSet
from . import Context, Rule, blank_model, rule


def _describe(r: Rule, label: str | None, unit: str | None) -> str:
    if label and unit:
        return r.say("label_unit", label=label, unit=unit)
    return label or (r.say("unit_only", unit=unit) if unit else r.say("unlabelled"))


@rule("B201", "empty-blank", "error")
def empty_blank(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A blank is still empty: fill it, or strike it out with 无 or / if it does not apply.

    In a blank model (``summary.state`` template: no party named, hardly a blank filled) the blanks are
    meant to be empty: one finding of severity info says how many there are, and the blanks list keeps
    every one of them.

    Hit:
        服务协议
        甲方：杭州云帆科技有限公司
        第一条 服务期限为____个月。

    Okay:
        服务协议
        第一条 服务期限为__12__个月。
        第二条 违约金为__/__。
    """
    empty = [
        b
        for b in ctx.blanks
        if b.status == "empty" and b.kind != "placeholder" and not _signature_place(b, ctx.patterns)
    ]
    if empty and blank_model(ctx):
        first = empty[0]
        yield r.finding(
            "model",
            n=len(empty),
            label=_describe(r, first.label, first.unit),
            line=first.line,
            clause=first.clause,
            span=first.span,
            place=first.place,
            severity="info",
        )
        return
    cells: dict[str, list[Blank]] = {}
    for b in empty:
        if b.kind == "cell":
            cells.setdefault(b.place, []).append(b)
            continue
        yield r.finding(
            "choice" if b.kind in ("checkbox", "choice") else "empty",
            label=_describe(r, b.label, b.unit),
            snippet=f"{b.before[-8:]}____{b.after[:8]}",
            line=b.line,
            clause=b.clause,
            span=b.span,
            place=b.place,
        )
    # the empty cells of a form table are one finding for each place (all of them stay in the blanks)
    for place, group in cells.items():
        first = group[0]
        yield r.finding(
            "cells",
            n=len(group),
            first=first.line,
            last=group[-1].line,
            label=first.label or "",
            line=first.line,
            clause=first.clause,
            span=first.span,
            place=place,
        )


def _signature_place(b: Blank, ps: PatternSet) -> bool:
    """A place to sign or seal: B203's, not B201's (a checkbox or a placeholder never is one)."""
    return b.kind not in ("placeholder", "checkbox", "choice") and sign_place(b.before, b.after, ps)


def _role_in(label: str | None, ctx: Context) -> str | None:
    """The party role a label starts with (乙方确认（盖章） → 乙方), or None."""
    if not label:
        return None
    return next((r for r in ctx.patterns.roles_longest_first if label.startswith(r)), None)


@rule("B203", "empty-signature-place", "warning")
def empty_signature_place(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A place to sign or seal (甲方（盖章）：____) has nothing written in it.

    A seal or a handwritten signature does not show in the text, so this is not an empty blank: it asks
    the reviewer to look at the signed copy. Written names (乙方（签字）：张三) count as signed, and so does a
    picture in the place (an e-signing service's signature in a PDF, a seal's image in a .docx: the
    blank's ``picture``). A blank model (``summary.state`` template) has no signed copy: the rule says
    nothing there.

    Hit:
        服务协议
        第一条 乙方提供服务。
        甲方（盖章）：__________
        乙方（签字）：张三

    Okay:
        服务协议
        第一条 乙方提供服务。
        甲方（盖章）：杭州云帆科技有限公司
        乙方（签字）：张三
    """
    if blank_model(ctx):
        return
    for b in ctx.blanks:
        if b.status == "empty" and _signature_place(b, ctx.patterns):
            who = b.party or _role_in(b.label, ctx) or b.label or b.place
            yield r.finding(
                "empty",
                who=messages.place(who) if who == b.place else who,
                snippet=f"{b.before[-8:]}____{b.after[:6]}",
                line=b.line,
                clause=b.clause,
                span=b.span,
                place=b.place,
            )


@rule("B202", "template-placeholder", "error")
def template_placeholder(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A template placeholder such as {{ name }} was left unrendered in the contract text.

    In a blank model (``summary.state`` template) the placeholders are meant to be there: one finding of
    severity info says how many there are.

    Hit:
        买卖合同
        出卖人：杭州云帆科技有限公司
        第一条 买受人{{ buyer_name }}同意购买。

    Okay:
        买卖合同
        第一条 买受人张三同意购买。
    """
    found = [(line, m) for line in ctx.lines for m in ctx.patterns.placeholder.finditer(line.text)]
    if found and blank_model(ctx):
        line, m = found[0]
        yield r.finding(
            "model",
            n=len(found),
            placeholder=m.group(0),
            line=line.no,
            clause=ctx.locator.clause(line.no),
            span=m.span(),
            place=ctx.locator.place(line.no),
            severity="info",
        )
        return
    for line, m in found:
        place = ctx.locator.place(line.no)
        yield r.finding(
            "placeholder",
            placeholder=m.group(0),
            line=line.no,
            clause=ctx.locator.clause(line.no),
            span=m.span(),
            place=place,
        )
