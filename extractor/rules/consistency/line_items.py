"""C507 line-item-sum: in a goods or price table, quantity × unit price must be the line's amount, and the
lines must add up to the total stated under them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ...model import Finding
from ...pattern_set import Consistency
from ...segment import squash
from .. import Context, Rule, rule
from .amounts import amount_value, amounts
from .tables import Cell, Row, tables
from .text import body_lines, plain


@dataclass(frozen=True)
class _Columns:
    quantity: int
    price: int
    amount: int
    price_scale: Decimal  # 10000 for a column in 万元
    amount_scale: Decimal


def _columns(row: Row, c: Consistency) -> _Columns | None:
    """The quantity, unit price and amount columns, when ``row`` is a header naming all three."""
    found: dict[str, tuple[int, str]] = {}
    for col in sorted(row.cells):
        name = squash(row.text(col))
        if not name or len(name) > 16:
            continue
        for kind, rx in (
            ("price", c.price_header),
            ("quantity", c.quantity_header),
            ("amount", c.amount_header),
        ):
            if rx.search(name) and kind not in found:
                found[kind] = (col, name)
                break
    if len(found) < 3 or len({col for col, _ in found.values()}) < 3:
        return None

    def scale(name: str) -> Decimal:
        return Decimal(10_000) if "万元" in name else Decimal(1)

    return _Columns(
        found["quantity"][0],
        found["price"][0],
        found["amount"][0],
        scale(found["price"][1]),
        scale(found["amount"][1]),
    )


def _number(text: str, c: Consistency) -> tuple[Decimal, int] | None:
    """A cell's number, and how many decimals it shows: 60, 60台, ¥4,500.00, 4500元; None otherwise."""
    m = c.table_number.fullmatch(squash(text))
    if m is None:
        return None
    raw = m.group("num").replace(",", "").replace("，", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value, len(raw.split(".", 1)[1]) if "." in raw else 0


def _unit(cols: _Columns) -> str:
    """The amount column's unit after a figure worked out in it, when not yuan: 6 万元."""
    return " 万元" if cols.amount_scale != 1 else ""


def _half(decimals: int) -> Decimal:
    """Half a unit of the last decimal shown: what rounding to it may have changed."""
    return Decimal(5) / Decimal(10) ** (decimals + 1)


def _label(row: Row, cols: _Columns) -> str:
    """What names a row: its first cell with text that is not a number (the goods' name), else its first."""
    texts = [(k, row.text(k)) for k in sorted(row.cells) if row.text(k)]
    for k, t in texts:
        if k not in (cols.quantity, cols.price, cols.amount) and not t.replace(".", "").isdigit():
            return t
    return texts[0][1] if texts else ""


def _total_after(ctx: Context, rows: list[Row]) -> tuple[str, Decimal, int, Cell] | None:
    """A total stated on the line right under the table (合计金额：人民币…元（¥86,000.00元））."""
    c = ctx.patterns.consistency
    last = rows[-1].last_line
    nxt = next((ln for ln in ctx.lines if ln.no > last and ln.text.strip()), None)
    if nxt is None or nxt.cell is not None or not c.total_label.match(squash(nxt.text)):
        return None
    return _stated_total(nxt.text, nxt.no, c)


def _stated_total(text: str, line: int, c: Consistency) -> tuple[str, Decimal, int, Cell] | None:
    """The one total in figures a line states (in words too, the figures are what is compared)."""
    found = [
        (a, v)
        for a in amounts(text, c, with_words=False)
        if not a.words and (v := amount_value(a)) is not None
    ]
    if len({v for _, v in found}) != 1:
        return None
    a, v = found[0]
    num = a.match.group("num")
    decimals = len(num.split(".", 1)[1]) if "." in num else 0
    label = c.total_label.match(squash(text))
    return (label.group(0) if label else "合计"), v, decimals, Cell(a.written, line, (a.start, a.end))


@rule("C507", "line-item-sum", "error")
def line_item_sum(ctx: Context, r: Rule) -> Iterator[Finding]:
    """In a goods or price table, quantity × unit price is not the line's amount, or the lines do not add up
    to the total stated under them (合计/总计).

    A table is one with columns named 数量, 单价 and 金额 (or 总价, 小计), in a Word table, a tab-separated
    or a space-aligned one. Read as decimals, exactly: an amount passes when it is the product rounded to the
    decimals it shows (a unit price shown to the fen may itself be rounded). The lines are added up only
    when every line has its amount and no row of the table is a subtotal, a discount or a breakdown (小计,
    优惠, 其中); a total stated in words and figures is compared by its figures.

    Hit:
        采购合同
        第一条 供货清单如下：
        序号  货物名称    数量  单价（元）  金额（元）
        1     台式计算机  60    4500.00     270000.00
        2     投影机      1     8000.00     9000.00
        合计                                279000.00
        甲方（盖章）：
        乙方（盖章）：

    Hit:
        采购合同
        第一条 供货清单如下：
        序号  货物名称    数量  单价（元）  金额（元）
        1     台式计算机  60    4500.00     270000.00
        2     投影机      1     8000.00     8000.00
        合计                                287000.00
        甲方（盖章）：
        乙方（盖章）：

    Okay:
        采购合同
        第一条 供货清单如下：
        序号  货物名称    数量  单价（元）  金额（元）
        1     台式计算机  60    4500.00     270000.00
        2     网线        3     33.33       100.00
        3     投影机      1     8000.00     8000.00
        4     安装调试    1项   —           2000.00
        合计金额：人民币贰拾捌万零壹佰元整（¥280,100.00）
        甲方（盖章）：
        乙方（盖章）：
    """
    c = ctx.patterns.consistency
    body = {ln.no for ln in body_lines(ctx)}
    for rows in tables(ctx):
        start = next((i for i, row in enumerate(rows) if _columns(row, c) is not None), None)
        if start is None or rows[start].line not in body:
            continue
        cols = _columns(rows[start], c)
        assert cols is not None
        items: list[tuple[Decimal, int]] = []
        summable = True
        total: tuple[str, Decimal, int, Cell] | None = None
        for row in rows[start + 1 :]:
            label = squash(_label(row, cols))
            texts = [t for t in row.texts() if t]
            if not texts:
                continue
            if c.total_label.match(label):
                cell = row.cells.get(cols.amount)
                stated = _number(cell.text, c) if cell is not None else None
                numbers = [(k, n) for k in sorted(row.cells) if (n := _number(row.text(k), c)) is not None]
                if stated is None and len(numbers) == 1:
                    # a row whose empty cells a text table did not keep (合计    279000.00): its one number
                    cell, stated = row.cells[numbers[0][0]], numbers[0][1]
                if stated is not None and cell is not None:
                    total = label, stated[0] * cols.amount_scale, stated[1], cell
                elif len(row.cells) == 1:
                    total = _stated_total(row.text(min(row.cells)), row.line, c)
                break
            if c.table_adjustment.search(label):
                summable = False
                continue
            q, p, a = (_number(row.text(k), c) for k in (cols.quantity, cols.price, cols.amount))
            if a is None:
                if row.text(cols.amount) or q is not None or p is not None:
                    summable = False  # an amount not written, or not a number (另计, —)
                continue
            amount = a[0] * cols.amount_scale
            items.append((amount, a[1]))
            if q is None or p is None:
                continue
            product = q[0] * p[0] * cols.price_scale
            tolerance = _half(a[1]) * cols.amount_scale
            if p[1] >= 2:
                tolerance += q[0] * _half(p[1]) * cols.price_scale  # the price shown may be rounded
            if abs(product - amount) <= tolerance:
                continue
            cell = row.cells[cols.amount]
            yield r.finding(
                "line",
                item=_label(row, cols),
                quantity=row.text(cols.quantity),
                price=row.text(cols.price),
                product=plain(product / cols.amount_scale) + _unit(cols),
                amount=row.text(cols.amount),
                line=cell.line,
                clause=ctx.locator.clause(cell.line),
                span=cell.span,
                place=ctx.locator.place(cell.line),
            )
        else:
            total = _total_after(ctx, rows)
        if total is None or not summable or len(items) < 2:
            continue
        label, value, decimals, cell = total
        added = sum((a for a, _ in items), Decimal(0))
        finest = max([decimals, *(d for _, d in items)])
        if abs(added - value) <= len(items) * _half(finest):
            continue
        yield r.finding(
            "total",
            sum=plain(added / cols.amount_scale) + _unit(cols),
            label=label,
            total=cell.text.strip(" \u3000"),
            line=cell.line,
            clause=ctx.locator.clause(cell.line),
            span=cell.span,
            place=ctx.locator.place(cell.line),
        )
