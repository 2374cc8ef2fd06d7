"""C506 instalment-sum: the instalments of one total must add up — their shares to 100%, their amounts to the
total — and an instalment's amount must be its stated share of the total.

The instalments of one total are read from one clause: the payment lines of an article, or the numbered
items under one clause (5.1 付款方式： / 5.1.1 … / 5.1.2 …). Every line there that speaks of paying must
give its share (30%) or its amount; a payment line without either, a cumulative share (支付至合同总价的
95%), a share of something other than the total (已完成工程量的80%), a payment on default (逾期支付的…) or
a choice between ways of paying leaves the clause unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ...model import Finding, Line, Node
from ...numerals import cn_to_int
from ...pattern_set import Consistency
from ...segment import squash
from .. import Context, Rule, rule
from .amounts import amount_value, amounts
from .text import body_lines, plain

_SEGMENT = re.compile(r"[^；;。]+")
_COMMA_PART = re.compile(r"[^，,]+")
#: how far around a share the words that make it no instalment's are looked for (开具合同总价30%的发票)
_BEFORE, _AFTER = 10, 8
_HUNDRED = Decimal(100)
#: the longest title of a heading line read as a title only (付款方式, 合同价款及支付方式)
HEADING_MAX = 12
#: how far after the words of a total (合同总价为) its amount may start (人民币（大写）…)
TOTAL_REACH = 8


@dataclass(frozen=True)
class _Item:
    line: int
    span: tuple[int, int]
    share: Decimal | None  # percent
    share_written: str
    amount: Decimal | None
    amount_written: str
    amount_decimals: int
    of_total: bool  # the share is said to be of the total (合同总价的30%)


class _Unclear(Exception):
    """The clause cannot be read as a list of instalments: nothing is said."""


class _Several(_Unclear):
    """A sentence gives several shares or amounts: perhaps several instalments, one to a comma."""


def _groups(ctx: Context) -> list[tuple[Node | None, list[Line]]]:
    """The body lines by clause: a numbered clause or item's line goes with its siblings under their parent
    (5.1.1 and 5.1.2 under 5.1), any other line with the node it stands in."""
    out: dict[int, tuple[Node | None, list[Line]]] = {}
    for line in body_lines(ctx):
        chain = ctx.locator.chain(line.no)
        if not chain:
            continue
        node = chain[-1]
        if (
            (node.kind == "clause" or node.kind.startswith("item"))
            and node.line == line.no
            and len(chain) >= 2
        ):
            node = chain[-2]
        out.setdefault(id(node), (node, []))[1].append(line)
    return list(out.values())


def _heading_only(line: Line, ctx: Context) -> bool:
    """Whether a line is a heading and its title alone (第三条 付款方式), not a clause run on after it."""
    chain = ctx.locator.chain(line.no)
    node = chain[-1] if chain else None
    if node is None or node.line != line.no or not node.title or any(ch.isdigit() for ch in node.title):
        return False
    return squash(line.text).endswith(squash(node.title)) and len(squash(node.title)) <= HEADING_MAX


def _share(seg: str, m: re.Match[str]) -> Decimal | None:
    if m.group("pct"):
        return Decimal(m.group("pct"))
    n = cn_to_int(m.group("cn"))
    return Decimal(n) if n is not None else None


def _item(line: Line, start: int, seg: str, c: Consistency, named: bool) -> _Item | None:
    """The instalment a segment of a line states, None when it states none; raises _Unclear when it
    speaks of paying but cannot be read as one instalment. ``named``: the clause says how many instalments
    there are (分三期), so an amount paid there is one of them."""
    if not (c.pay_verb.search(seg) or c.instalment_cue.search(seg)):
        return None
    if (
        c.instalment_intro.search(seg)
        and not c.share_percent.search(seg)
        and not amounts(seg, c, with_words=False)
    ):
        return None  # 按以下方式支付： — the list follows
    shares: list[tuple[re.Match[str], bool]] = []
    for m in c.share_percent.finditer(seg):
        before, after = seg[max(0, m.start() - _BEFORE) : m.start()], seg[m.end() : m.end() + _AFTER]
        if c.share_not.search(before + "|" + after):
            continue  # 开具合同总价30%的增值税发票, 违约金为合同总价的20%
        if c.share_cumulative.search(before[-8:]):
            raise _Unclear  # 支付至合同总价的95%: cumulative
        base = c.share_base.search(before)
        of_total = False
        if base is not None:
            if not c.share_total.search(base.group("base")):
                raise _Unclear  # 已完成工程量的80%: a share of something else
            of_total = True
        shares.append((m, of_total))
    if c.instalment_not.search(seg):
        raise _Unclear  # 逾期支付的… : not an instalment, and its share would be counted
    stated = _total(seg, c)  # 合同总价为人民币200,000元，分三期支付：… — the total is no instalment
    found = [
        (a, v)
        for a in amounts(seg, c, with_words=False)
        if (v := amount_value(a)) is not None and v > 0 and v != stated
    ]
    values = {v for _, v in found}
    if len(shares) > 1 or len(values) > 1:
        raise _Several
    if not shares and not values:
        raise _Unclear  # a payment whose share the line does not give (余款于验收后支付)
    if not shares and not named and not c.instalment_cue.search(seg):
        raise _Unclear  # an amount paid that the text does not call an instalment (押金, 服务费)
    share = _share(seg, shares[0][0]) if shares else None
    amount = next(iter(values)) if values else None
    figures = next((a for a, _ in found if not a.words), found[0][0]) if found else None
    decimals = 0
    if figures is not None and not figures.words:
        num = figures.match.group("num")
        decimals = len(num.split(".", 1)[1]) if "." in num else 0
    first = shares[0][0] if shares else None
    span = (
        (start + first.start(), start + first.end())
        if first is not None
        else (start + figures.start, start + figures.end)  # type: ignore[union-attr]
    )
    return _Item(
        line.no,
        span,
        share,
        first.group(0) if first is not None else "",
        amount,
        figures.written if figures is not None else "",
        decimals,
        bool(shares and shares[0][1]),
    )


def _items(line: Line, start: int, seg: str, c: Consistency, named: bool) -> list[_Item]:
    """The instalments of a sentence: itself, or — when it gives several shares or amounts — its parts
    between commas, a part that only adds an amount (即人民币60,000元) going with the part before it."""
    try:
        item = _item(line, start, seg, c, named)
        return [item] if item is not None else []
    except _Several:
        pass
    parts: list[tuple[int, int]] = []
    for m in _COMMA_PART.finditer(seg):
        part = m.group(0)
        speaks = c.pay_verb.search(part) or c.instalment_cue.search(part) or c.share_percent.search(part)
        if parts and not speaks:
            parts[-1] = (parts[-1][0], m.end())
        else:
            parts.append((m.start(), m.end()))
    out = []
    for a, b in parts:
        item = _item(line, start + a, seg[a:b], c, named)  # several again: _Several, so unclear
        if item is not None:
            out.append(item)
    return out


def _total(text: str, c: Consistency) -> Decimal | None:
    """The one total a text states (合同总价为人民币200,000元), or None."""
    values = set()
    for m in c.total_statement.finditer(text):
        rest = text[m.end() :]
        first = next(iter(amounts(rest, c, with_words=False)), None)
        if first is not None and first.start <= TOTAL_REACH and (v := amount_value(first)) is not None:
            values.add(v)
    return next(iter(values)) if len(values) == 1 else None


def _document_total(ctx: Context) -> Decimal | None:
    cached = ctx.extra.get("consistency_total", False)
    if cached is False:
        c = ctx.patterns.consistency
        values = {v for line in body_lines(ctx) if (v := _total(line.text, c)) is not None}
        cached = next(iter(values)) if len(values) == 1 else None
        ctx.extra["consistency_total"] = cached
    return cached  # type: ignore[return-value]


@rule("C506", "instalment-sum", "error")
def instalment_sum(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The instalments of one total do not add up: their shares to more than 100% (or less, when the text
    says how many there are), their amounts to more than the total; or an instalment's amount is not its
    stated share of the total.

    30% + 50% + 30% of one price, 60,000 + 100,000 + 60,000 of 200,000: a share was mistyped, and what is
    owed when is in doubt. Only a clause that clearly lists the instalments of one total is read (首付款,
    第一期, 尾款, 质保金 …, each line of it with its share or amount); a clause with a payment line that
    gives neither, a cumulative share (支付至95%), a share of something else (已完成工程量的80%) or a choice
    of ways to pay is left alone. Shares adding up to less than 100% are reported only when the text says how
    many instalments there are (分三期) and lists as many: the rest may be paid under another clause.

    Hit:
        采购合同
        第一条 合同总价为人民币200,000元，分三期支付：合同签订后支付合同总价的30%，即60,000元；货物验收合格后支付合同总价的50%，即100,000元；质保期满后支付尾款，为合同总价的30%，即60,000元。
        甲方（盖章）：
        乙方（盖章）：

    Hit:
        采购合同
        第一条 合同总价为人民币200,000元。
        第二条 付款方式：
        1. 首付款：合同签订后5日内支付合同总价的30%，即人民币80,000元；
        2. 尾款：验收合格后支付合同总价的70%，即人民币140,000元。
        甲方（盖章）：
        乙方（盖章）：

    Okay:
        采购合同
        第一条 合同总价为人民币200,000元。
        第二条 付款方式：
        1. 首付款：合同签订后5日内支付合同总价的30%，即人民币60,000元；
        2. 进度款：货物到货后支付合同总价的60%，即人民币120,000元；
        3. 质保金：质保期满后支付合同总价的10%，即人民币20,000元。
        第三条 乙方逾期交货的，每逾期一日按合同总价的0.5%支付违约金，违约金不超过合同总价的10%。
        第四条 甲方应于验收合格后支付至合同总价的95%，余款于质保期满后付清。
        甲方（盖章）：
        乙方（盖章）：
    """
    c = ctx.patterns.consistency
    by_no = {ln.no: ln for ln in ctx.lines}  # (a look-up per group, not a scan: the cost stays linear)
    for node, lines in _groups(ctx):
        heading = by_no.get(node.line) if node is not None else None
        own = {ln.no for ln in lines}
        head = [heading.text] if heading is not None and heading.no not in own else []
        text = "".join(head + [ln.text for ln in lines])
        if not c.instalment_cue.search(text) or c.instalment_choice.search(text):
            continue
        items: list[_Item] = []
        total = _total(text, c)
        named = c.instalment_count.search(text) is not None
        try:
            for line in lines:
                if _heading_only(line, ctx):
                    continue  # 第三条 付款方式: a title
                for m in _SEGMENT.finditer(line.text):
                    items.extend(_items(line, m.start(), m.group(0), c, named))
        except _Unclear:
            continue
        if len(items) < 2:
            continue
        per_line: dict[int, list[_Item]] = {}
        for i in items:
            per_line.setdefault(i.line, []).append(i)
        if len(per_line) > 1 and any(len(v) > 1 for v in per_line.values()):
            # lines that each list instalments ((一) 设备款 30%、70%; (二) 服务费 50%、50%): one schedule each
            for line_no, own in per_line.items():
                if len(own) >= 2:
                    line_text = next(ln.text for ln in lines if ln.no == line_no)
                    yield from _check(ctx, r, own, line_text, _total(line_text, c))
            continue
        yield from _check(ctx, r, items, text, total)


def _check(ctx: Context, r: Rule, items: list[_Item], text: str, total: Decimal | None) -> Iterator[Finding]:
    c = ctx.patterns.consistency
    count = c.instalment_count.search(text)
    stated = cn_to_int(count.group("n")) if count else None
    complete = stated == len(items)
    last = items[-1]
    place = ctx.locator.place(last.line)
    shares = [i.share for i in items if i.share is not None]
    if shares:
        added = sum(shares, Decimal(0))
        if added > _HUNDRED or (added < _HUNDRED and complete and len(shares) == len(items)):
            yield r.finding(
                "shares",
                shares=" + ".join(i.share_written for i in items if i.share is not None),
                sum=f"{plain(added)}%",
                line=last.line,
                clause=ctx.locator.clause(last.line),
                span=last.span,
                place=place,
            )
            return
    # an instalment's amount against its share of the total: the total of the clause, else the document's
    # one total when the share says it is of the total (合同总价的30%)
    wrong = False
    for i in items:
        base = total if total is not None else (_document_total(ctx) if i.of_total else None)
        if base is None or i.share is None or i.amount is None:
            continue
        expected = base * i.share / _HUNDRED
        if abs(expected - i.amount) <= Decimal(5) / Decimal(10) ** (i.amount_decimals + 1):
            continue
        wrong = True
        yield r.finding(
            "share",
            share=i.share_written,
            total=plain(base),
            expected=plain(expected),
            amount=i.amount_written,
            line=i.line,
            clause=ctx.locator.clause(i.line),
            span=i.span,
            place=ctx.locator.place(i.line),
        )
    if wrong or total is None or any(i.amount is None for i in items):
        return
    added = sum((i.amount for i in items if i.amount is not None), Decimal(0))
    if added > total or (added < total and complete):
        yield r.finding(
            "amounts",
            amounts=" + ".join(i.amount_written for i in items),
            sum=plain(added),
            total=plain(total),
            line=last.line,
            clause=ctx.locator.clause(last.line),
            span=last.span,
            place=place,
        )
