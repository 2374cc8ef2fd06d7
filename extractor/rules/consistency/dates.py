"""Dates: C502 date-order (a range that ends before it starts), C503 term-mismatch (a stated length against
its dates) and C510 invalid-date (a day that does not exist)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Finding
from ...numerals import cn_to_int
from ...pattern_set import Consistency
from .. import Context, Rule, rule
from .text import SPACE, body_lines


@dataclass(frozen=True)
class Date:
    start: int
    end: int
    value: dt.date | None  # None: no such day (2月30日), or a year out of range
    written: str
    year: int = 0
    month: int = 0
    day: int = 0
    separated: bool = False  # written 2024-01-01 / 2024.1.1, not with 年月日


def dates(text: str, c: Consistency) -> list[Date]:
    """The dates with a year written in ``text``, each with its value (None when there is no such day)."""
    out: list[Date] = []
    for m in c.date.finditer(text):
        separated = False
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        elif m.group("y2"):
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
            separated = True
        else:
            y, mo, d = (cn_to_int(m.group(g)) or 0 for g in ("y3", "m3", "d3"))
        value: dt.date | None
        try:
            value = dt.date(y, mo, d) if 1900 <= y <= 2200 else None
        except ValueError:
            value = None
        written = "".join(m.group(0).split()).replace("_", "")
        out.append(Date(m.start(), m.end(), value, written, y, mo, d, separated))
    return out


def date_ranges(text: str, c: Consistency) -> list[tuple[Date, Date]]:
    """Two dates joined as a range: 自2024年1月1日起至2024年12月31日止 / 2024-01-01至2024-12-31."""
    found = dates(text, c)
    return [
        (a, b) for a, b in zip(found, found[1:], strict=False) if c.range_joint.match(text[a.end : b.start])
    ]


@rule("C502", "date-order", "error")
def date_order(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A date range ends before it starts (自2024年1月1日起至2023年12月31日止).

    A year or a month was mistyped. A date that does not exist (2月30日) is not this rule's. A time said
    to start on the day the contract is signed (自本合同签订之日起，即2024年3月1日起) whose date is not the
    signing date the contract gives (签订日期：2024年3月15日) is the same kind of fault.

    Hit:
        租赁合同
        第一条 租赁期限自2024年1月1日起至2023年12月31日止。

    Hit:
        租赁合同
        甲方：杭州云帆置业有限公司
        第一条 租赁期限自本合同签订之日起，即2024年3月1日起至2025年2月28日止。
        甲方（盖章）：杭州云帆置业有限公司
        签订日期：2024年3月15日

    Okay:
        租赁合同
        第一条 租赁期限自2024年1月1日起至2024年12月31日止。
        第二条 装修期为2024-01-01至2024-01-31。
    """
    c = ctx.patterns.consistency
    for line in body_lines(ctx):
        if "至" not in line.text and not any(ch in line.text for ch in "到~～—－–-"):
            continue
        for a, b in date_ranges(line.text, c):
            if a.value is None or b.value is None or b.value >= a.value:
                continue
            place = ctx.locator.place(line.no)
            yield r.finding(
                "reversed",
                start=a.written,
                end=b.written,
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(a.start, b.end),
                place=place,
            )
    yield from _before_signing(ctx, r)


def _signing_date(ctx: Context) -> Date | None:
    """The day the contract says it was signed (签订日期：…, the signature block's date), when it gives
    one day only."""
    c = ctx.patterns.consistency
    found: dict[dt.date, Date] = {}
    texts = [f.value for p in ctx.parties for f in p.fields if f.value and c.signing_label.search(f.label)]
    texts += [b.value for b in ctx.blanks if b.value and b.label and c.signing_label.search(b.label)]
    for text in texts:
        for d in dates(text, c):
            if d.value is not None:
                found.setdefault(d.value, d)
    return next(iter(found.values())) if len(found) == 1 else None


def _before_signing(ctx: Context, r: Rule) -> Iterator[Finding]:
    c = ctx.patterns.consistency
    signed: Date | None = None
    looked = False
    for line in body_lines(ctx):
        text = line.text
        if "之日起" not in text:
            continue
        for m in c.from_signing.finditer(text):
            d = next((d for d in dates(text, c) if d.start >= m.end()), None)
            if d is None or d.value is None or not c.from_signing_gap.match(text[m.end() : d.start]):
                continue
            if not looked:
                signed, looked = _signing_date(ctx), True
            if signed is None or signed.value == d.value:
                continue
            yield r.finding(
                "signing",
                start=d.written,
                signed=signed.written,
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(m.start(), d.end),
                place=ctx.locator.place(line.no),
            )


@dataclass(frozen=True)
class _Term:
    start: int
    end: int
    months: int  # 0 when the term is in days
    days: int
    written: str


def _terms(text: str, c: Consistency) -> list[_Term]:
    out: list[_Term] = []
    for m in c.term.finditer(text):
        window = text[max(0, m.start() - 4) : m.start("cue") + len(m.group("cue"))]
        if any(w in window for w in c.term_not_before):
            continue  # 试用期限为2个月, 免租期1个月: another period than the contract's
        raw, unit, half = m.group("n"), m.group("unit"), bool(m.group("half"))
        n = 0 if raw == "半" else (int(raw) if raw.isdigit() else cn_to_int(raw))
        if n is None:
            continue
        months = days = 0
        if unit == "年":
            months = 12 * n + (6 if half or raw == "半" else 0)
        elif half or raw == "半":
            continue  # 半个月, 一个月半: say nothing
        elif unit in ("个月", "个自然月"):
            months = n
        elif unit in ("天", "日"):
            days = n
        else:  # 周, 个星期
            days = 7 * n
        if months or days:
            out.append(_Term(m.start("cue"), m.end(), months, days, m.group(0).strip(SPACE)))
    return out


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def term_fits(start: dt.date, end: dt.date, months: int, days: int) -> bool:
    """Whether ``start``–``end`` is the stated term, by either convention (the end day counted or not),
    one day either way: 2024-01-01 to 2026-12-31 and to 2027-01-01 are both three years."""
    one = dt.timedelta(days=1)
    if months:
        expected = [_add_months(start, months)]
        if start.day == calendar.monthrange(start.year, start.month)[1]:
            # from a month's last day: to the last day of the month the term ends in
            e = expected[0]
            expected.append(e.replace(day=calendar.monthrange(e.year, e.month)[1]))
    else:
        expected = [start + dt.timedelta(days=days)]
    return any(e - 2 * one <= end <= e + one for e in expected)


@rule("C503", "term-mismatch", "warning")
def term_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A stated length (共计6个月, 期限为三年) disagrees with the start and end dates written beside it.

    Either way of counting the end day passes (2024-01-01 to 2026-12-31, or to 2027-01-01, is three years),
    one day either way. Only a length and dates joined as one phrase are compared (期限为三年，自…至…止 /
    自…起至…止，共计12个月); a length with dates on either side is not checked.

    Hit:
        租赁合同
        第一条 租赁期限自2024年1月1日起至2024年12月31日止，共计6个月。

    Okay:
        租赁合同
        第一条 租赁期限自2024年1月1日起至2026年12月31日止，共计3年。
        第二条 服务期限为三年，自2024年1月1日至2027年1月1日。
        第三条 合同期限自2024年1月1日至2024年12月31日，其中试用期为2个月。
    """
    c = ctx.patterns.consistency
    for line in body_lines(ctx):
        text = line.text
        if "至" not in text and not any(ch in text for ch in "到~～—－–-"):
            continue
        ranges = date_ranges(text, c)
        if not ranges:
            continue
        for t in _terms(text, c):
            # the dates written right beside the length (共计12个月，自…至… / 自…至…止，共计12个月)
            near = [
                (a, b)
                for a, b in ranges
                if (b.end <= t.start and c.term_joint.fullmatch(text[b.end : t.start]))
                or (t.end <= a.start and c.term_joint.fullmatch(text[t.end : a.start]))
            ]
            if len(near) != 1:
                continue  # none, or one on each side: which dates go with the length is not clear
            a, b = near[0]
            if a.value is None or b.value is None or b.value < a.value:
                continue  # (date-order says so)
            if term_fits(a.value, b.value, t.months, t.days):
                continue
            place = ctx.locator.place(line.no)
            days = (b.value - a.value).days + 1
            yield r.finding(
                "mismatch",
                term=t.written,
                start=a.written,
                end=b.written,
                days=days,
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(min(a.start, t.start), max(b.end, t.end)),
                place=place,
            )


def _month_days(month: int, year: int | None) -> int:
    """The days of a month; of February in a year not given, 29 (the date may be in a leap year)."""
    if year is None:
        return 29 if month == 2 else calendar.monthrange(2023, month)[1]
    return calendar.monthrange(year, month)[1]


def _impossible(year: int | None, month: int, day: int | None) -> tuple[str, dict[str, object]] | None:
    """The message (key and parameters) for a month or day that cannot be, or None."""
    if not 1 <= month <= 12:
        return "month", {"month": month}
    if day is None:
        return None
    days = _month_days(month, year)
    if 1 <= day <= days:
        return None
    written = f"{year}年{month}月" if year is not None else f"{month}月"
    return "day", {"month": written, "days": days}


@rule("C510", "invalid-date", "error")
def invalid_date(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A date that does not exist: 2024年2月30日, 2023年2月29日, 2024年13月1日, 6月31日.

    A month or a day was mistyped, and a deadline or a term cannot be worked out from it. Dates with 年月日
    are read with or without their year (without one, 2月29日 may be in a leap year); a date written with
    separators (2024-02-30, 2024.2.30) only when its month is 1 to 12, since 2024.13.5 may be no date.
    Chinese numerals are read too (二〇二四年二月三十日).

    Hit:
        租赁合同
        第一条 租赁期限自2024年2月30日起至2025年2月28日止。

    Hit:
        服务协议
        第一条 乙方应于6月31日前交付成果。

    Okay:
        服务协议
        第一条 乙方应于2024年2月29日前交付成果，验收于2月29日前完成。
        第二条 服务期为2024-01-01至2024-12-31，第13.2条另有约定的除外。
        第三条 本合同于二〇二四年十二月三十一日签订，有效期12个月。
    """
    c = ctx.patterns.consistency
    for line in body_lines(ctx):
        text = line.text
        if "月" not in text and not any(ch in text for ch in "-./"):
            continue
        found: list[tuple[int, int, str, tuple[str, dict[str, object]]]] = []
        full = dates(text, c)
        for d in full:
            if d.value is not None or not 1900 <= d.year <= 2200:
                continue
            if d.separated and not 1 <= d.month <= 12:
                continue  # 2024.13.5: perhaps no date at all
            why = _impossible(d.year, d.month, d.day)
            if why is not None:
                found.append((d.start, d.end, d.written, why))
        # the characters some date already covers (a mark per character: the test stays linear in the
        # line, however many dates it holds)
        taken = bytearray(len(text))
        for d in full:
            taken[d.start : d.end] = b"\x01" * (d.end - d.start)
        for rx, has_year, has_day in ((c.year_month, True, False), (c.month_day, False, True)):
            for m in rx.finditer(text):
                if any(taken[m.start() : m.end()]):
                    continue
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                year = int(m.group("y")) if has_year else None
                if year is not None and not 1900 <= year <= 2200:
                    continue
                why = _impossible(year, int(m.group("m")), int(m.group("d")) if has_day else None)
                if why is not None:
                    written = "".join(m.group(0).split()).replace("_", "")
                    found.append((m.start(), m.end(), written, why))
        for start, end, written, (key, args) in sorted(found, key=lambda x: x[0]):
            yield r.finding(
                key,
                date=written,
                **args,
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(start, end),
                place=ctx.locator.place(line.no),
            )
