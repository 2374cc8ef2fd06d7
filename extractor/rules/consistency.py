"""Consistency rules: what a filled contract says must add up — an amount in words and in figures, a date
range, a stated term and its dates, references to its own articles and appendices, one choice ticked once.

Each rule reads the text as written and says nothing when the reading is ambiguous: a false alarm costs more
than a miss. Vocabulary and regexes are in ``patterns/consistency.toml``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .. import messages
from ..model import Finding, Line
from ..numerals import cn_to_int, int_to_cn
from ..pattern_set import Consistency, PatternSet
from ..segment import is_appendix_line
from . import Context, Rule, rule

#: regions whose text is not the contract's terms: a model contract's how-to-fill notes and its cover
SKIP_REGIONS = ("instructions", "cover")
SENTENCE_END = "。；;！？!?"
SPACE = " \u3000_"


def _body_lines(ctx: Context) -> list[Line]:
    """The lines with text outside the how-to-fill notes and the cover (worked out once per contract)."""
    cached = ctx.extra.get("consistency_lines")
    if cached is None:
        cached = []
        for line in ctx.lines:
            if not line.text.strip():
                continue
            chain = ctx.locator.chain(line.no)
            if not chain or chain[0].kind not in SKIP_REGIONS:
                cached.append(line)
        ctx.extra["consistency_lines"] = cached
    return cached  # type: ignore[return-value]


def _plain(x: Decimal) -> str:
    """240000, 240000.5: a decimal as a person writes it (never through float)."""
    if x == x.to_integral_value():
        return str(int(x))
    return format(x.normalize(), "f")


# --- amounts ----------------------------------------------------------------------------------------------

_TRADITIONAL = str.maketrans(
    {"貳": "贰", "參": "叁", "陸": "陆", "萬": "万", "億": "亿", "〇": "零", "两": "贰"}
)
_UNITS = set("拾佰仟万亿十百千")


@lru_cache(maxsize=4096)
def cn_amount(numeral: str) -> int | None:
    """The whole yuan of an amount in words (贰拾肆万 -> 240000), read by ``cn2an`` and checked against
    :func:`extractor.numerals.cn_to_int`; None when either cannot read it or they disagree (壹万贰: 12000 in
    speech, 10002 digit by digit — ambiguous, so nothing is said)."""
    s = numeral.translate(_TRADITIONAL)
    if len(s) > 1 and not any(ch in _UNITS for ch in s):
        return None  # 二零 — digits read one by one, not an amount
    mine = cn_to_int(s)
    try:
        import cn2an

        theirs = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if mine is None or not isinstance(theirs, int) or theirs != mine:
        return None
    return mine


@dataclass(frozen=True)
class _Amount:
    start: int
    end: int
    words: bool
    written: str
    match: re.Match[str]


def _amounts(text: str, c: Consistency) -> list[_Amount]:
    if "元" not in text and "圆" not in text:
        return []
    out = [
        _Amount(m.start(), m.end(), True, m.group(0).strip(SPACE), m) for m in c.amount_words.finditer(text)
    ]
    if not out:
        return []
    for m in c.amount_figures.finditer(text):
        sym, unit = m.group("sym"), m.group("unit")
        if not sym and not unit and not c.amount_figure_label.search(text[: m.start("num")]):
            continue  # 89.32 (平方米): a number, not an amount
        start = m.start("sym") if sym else m.start("num")
        end = m.end() if unit else m.end("num")
        out.append(_Amount(start, end, False, text[start:end].strip(SPACE), m))
    out.sort(key=lambda a: a.start)
    # one stretch of text is one amount: a later mention that overlaps an earlier one is dropped
    kept: list[_Amount] = []
    for a in out:
        if not kept or a.start >= kept[-1].end:
            kept.append(a)
    return kept


def _value(a: _Amount) -> Decimal | None:
    """The amount, exactly: figures as decimals, words by :func:`cn_amount` plus their 角 and 分."""
    m = a.match
    if not a.words:
        value = Decimal(m.group("num").replace(",", "").replace("，", ""))
        return value * 10_000 if m.group("unit") == "万元" else value
    whole = cn_amount(m.group("num"))
    if whole is None:
        return None
    jiao = cn_to_int(m.group("jiao")) if m.group("jiao") else 0
    fen = cn_to_int(m.group("fen")) if m.group("fen") else 0
    return Decimal(whole) + Decimal(jiao or 0) / 10 + Decimal(fen or 0) / 100


def _amount_pairs(text: str, c: Consistency) -> Iterator[tuple[_Amount, Decimal, _Amount, Decimal]]:
    """(in words, its value, in figures, its value) written side by side: 人民币240000元（大写：贰拾肆万元整）."""
    amounts = _amounts(text, c)
    i = 0
    while i + 1 < len(amounts):
        a, b = amounts[i], amounts[i + 1]
        if a.words != b.words and a.end <= b.start and c.amount_joint.fullmatch(text[a.end : b.start]):
            words, figures = (a, b) if a.words else (b, a)
            wv, fv = _value(words), _value(figures)
            if wv is not None and fv is not None:
                yield words, wv, figures, fv
            i += 2
        else:
            i += 1


@rule("C501", "amount-mismatch", "error")
def amount_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An amount written in words and in figures side by side says two different sums.

    贰拾肆万元整 beside ¥204,000.00: one of them was mistyped, and a dispute will turn on which. Both are read
    exactly (the words by ``cn2an``, checked against hetong's own reading; the figures as decimals).

    Hit:
        采购合同
        第一条 合同总价为人民币贰拾肆万元整（¥204,000.00）。

    Hit:
        租赁合同
        第一条 月租金为人民币4500元（大写：肆仟伍佰伍拾元整）。

    Okay:
        采购合同
        第一条 合同总价为人民币贰拾肆万元整（¥240,000.00）。
        第二条 押金为人民币4500元（大写：肆仟伍佰元整），年租金54000元。
    """
    c = ctx.patterns.consistency
    for line in _body_lines(ctx):
        for words, wv, figures, fv in _amount_pairs(line.text, c):
            if wv == fv:
                continue
            place = ctx.locator.place(line.no)
            yield r.finding(
                "mismatch",
                words=words.written,
                words_value=_plain(wv),
                figures=figures.written,
                figures_value=_plain(fv),
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(figures.start, figures.end),
                place=place,
            )


# --- dates and terms --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    value: dt.date | None  # None: no such day (2月30日)
    written: str


def _dates(text: str, c: Consistency) -> list[_Date]:
    out: list[_Date] = []
    for m in c.date.finditer(text):
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        elif m.group("y2"):
            y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        else:
            y, mo, d = (cn_to_int(m.group(g)) or 0 for g in ("y3", "m3", "d3"))
        value: dt.date | None
        try:
            value = dt.date(y, mo, d) if 1900 <= y <= 2200 else None
        except ValueError:
            value = None
        written = "".join(m.group(0).split()).replace("_", "")
        out.append(_Date(m.start(), m.end(), value, written))
    return out


def _ranges(text: str, c: Consistency) -> list[tuple[_Date, _Date]]:
    """Two dates joined as a range: 自2024年1月1日起至2024年12月31日止 / 2024-01-01至2024-12-31."""
    dates = _dates(text, c)
    return [
        (a, b) for a, b in zip(dates, dates[1:], strict=False) if c.range_joint.match(text[a.end : b.start])
    ]


@rule("C502", "date-order", "error")
def date_order(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A date range ends before it starts (自2024年1月1日起至2023年12月31日止).

    A year or a month was mistyped. A date that does not exist (2月30日) is not this rule's.

    Hit:
        租赁合同
        第一条 租赁期限自2024年1月1日起至2023年12月31日止。

    Okay:
        租赁合同
        第一条 租赁期限自2024年1月1日起至2024年12月31日止。
        第二条 装修期为2024-01-01至2024-01-31。
    """
    c = ctx.patterns.consistency
    for line in _body_lines(ctx):
        if "至" not in line.text and not any(ch in line.text for ch in "到~～—－–-"):
            continue
        for a, b in _ranges(line.text, c):
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
    for line in _body_lines(ctx):
        text = line.text
        if "至" not in text and not any(ch in text for ch in "到~～—－–-"):
            continue
        ranges = _ranges(text, c)
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


# --- references -------------------------------------------------------------------------------------------

_KIND = {"条": "article", "條": "article", "条款": "article", "章": "chapter"}
_LABEL = {"article": "第{}条", "chapter": "第{}章"}
#: what may stand between references of one chain (第五条、第六条 / 第五条至第八条 / 第九条第（四）项第)
_CHAIN = re.compile(r"[ \u3000_、，,和及或与至到~\-—（）()一二三四五六七八九十0-9第款项]*")
_APPENDIX_WORDS = ("附件", "附录", "附表")
_APPENDIX_BEFORE = re.compile(r"(?:附件|附录|附表)[ \u3000]*[一二三四五六七八九十0-9A-Z]{0,3}$")


def _number(raw: str) -> str | None:
    raw = raw.replace("．", ".")
    if raw[0].isdigit():
        return ".".join(str(int(p)) for p in raw.split("."))
    n = cn_to_int(raw)
    return str(n) if n else None


def _heading_at(text: str, start: int) -> bool:
    """A label at the line's start, or run in after a sentence's end and spaces: a heading, not a reference."""
    before = text[:start]
    lead = before.rstrip(" \u3000")
    if not lead.strip(" \u3000【[□☐☑■"):
        return True
    return lead[-1] in SENTENCE_END and len(lead) < len(before)


def _this_contract(text: str, start: int, c: Consistency) -> bool:
    """Whether the reference at ``start`` points into this contract (本合同第十七条, 违反第十七条), not into a
    law (《民法典》第五百八十五条, 劳动法第四十四条) or another document (主合同第五条, 附件一第三条)."""
    before = text[:start].rstrip(SPACE)
    if before.rfind("《") > before.rfind("》"):
        return False  # inside a title: 《第三条实施细则》
    if any(before.endswith(w) for w in c.this_contract):
        return True
    if _APPENDIX_BEFORE.search(before) or before.endswith(c.other_document_end):
        return False
    end = before[-1:]
    if end and end.isascii() and (end.isalnum() or end in "-/"):
        return False  # GB 50300-2013第5章: a standard's chapter
    # a law named earlier in the sentence, and this contract not named after it
    seg = before[max(before.rfind(ch) for ch in SENTENCE_END) + 1 :]
    k = seg.rfind("》")
    return k < 0 or any(w in seg[k:] for w in c.this_contract if len(w) > 1)


@dataclass(frozen=True)
class _Ref:
    start: int
    end: int
    kind: str  # article | chapter | clause
    number: str
    written: str


def _references(text: str, c: Consistency) -> Iterator[_Ref]:
    """References to this contract's articles, chapters and dotted clauses; sub-references (第二款, 第（四）项)
    are left out: the article they hang on is checked on its own."""
    prev_end: int | None = None
    prev_this = True
    for m in c.reference.finditer(text):
        if _heading_at(text, m.start()):
            prev_end = None
            continue
        this = (
            prev_this
            if prev_end is not None and _CHAIN.fullmatch(text[prev_end : m.start()])
            else _this_contract(text, m.start(), c)
        )
        prev_end, prev_this = m.end(), this
        number = _number(m.group("num"))
        if not this or number is None:
            continue
        kind = "clause" if "." in number else _KIND.get(m.group("kind"))
        if kind is None:
            continue  # 第二款, 第三项
        before = text[: m.start()].rstrip(SPACE)
        lead = next((w for w in c.this_contract if len(w) > 1 and before.endswith(w)), "")
        yield _Ref(m.start(), m.end(), kind, number, lead + "".join(m.group(0).split()).replace("_", ""))


def _existing(ctx: Context) -> dict[str, set[str]]:
    """The numbers of the contract's articles, chapters and dotted clauses: those of the outline, in every
    document of the file and every appendix, and headings written inside a line that the outline may have
    missed (run in after a full stop)."""
    found: dict[str, set[str]] = {"article": set(), "chapter": set(), "clause": set()}
    for top in ctx.outline.nodes:
        for n in top.walk():
            if n.kind in found and n.number:
                found[n.kind].add(n.number)
    c = ctx.patterns.consistency
    for line in ctx.lines:
        if "第" not in line.text:
            continue
        for m in c.reference.finditer(line.text):
            number = _number(m.group("num"))
            kind = "clause" if number and "." in number else _KIND.get(m.group("kind"))
            if number and kind and _heading_at(line.text, m.start()):
                found[kind].add(number)
    return found


def _label(kind: str, number: str) -> str:
    return _LABEL[kind].format(int_to_cn(int(number))) if kind in _LABEL else f"clause {number}"


def _clause_missing(number: str, clauses: set[str], heads: set[str]) -> bool:
    """A dotted clause is missing when neither it nor a sub-clause of it is there and its parent is numbered
    by dotted clauses (4.1, 4.2 but no 4.3), or not there at all (15.2 where the last chapter is 10)."""
    if number in clauses or any(x.startswith(number + ".") for x in clauses):
        return False
    parent = number.rsplit(".", 1)[0]
    siblings = any(x.startswith(parent + ".") for x in clauses)
    return siblings or (parent not in clauses and parent.split(".")[0] not in heads)


def _appendix_number(label: str) -> tuple[str, str] | None:
    """附件三 -> ("附件", "3"); 附录A -> ("附录", "A")."""
    word, rest = label[:2], label[2:].strip(" \u3000：:、．.")
    if not rest:
        return None
    if rest.isascii() and rest.isalpha():
        return word, rest.upper()
    n = cn_to_int(rest)
    return (word, str(n)) if n else None


@rule("C504", "dangling-reference", "warning")
def dangling_reference(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The text refers to an article, chapter, clause or appendix of this contract that it does not have.

    本合同第十七条 in a contract of fifteen articles, 见附件三 beside 附件一 and 附件二: a renumbering left the
    reference behind, or the text is truncated. References into a law (《民法典》第五百八十五条) or another
    document (主合同第五条) are not checked, nor references of a kind the contract does not number by (第三条
    in a contract numbered 一、二、), nor appendices in a document that has none (they may be separate files).

    Hit:
        服务协议
        第一条 乙方提供技术服务。
        第二条 乙方违反本合同第五条约定的，应承担违约责任。
        甲方（盖章）：
        乙方（盖章）：

    Okay:
        服务协议
        第一条 乙方提供技术服务。
        第二条 乙方违反本合同第一条约定的，依照《中华人民共和国民法典》第五百八十五条承担违约责任。
        甲方（盖章）：
        乙方（盖章）：
    """
    if any(n.rule == "numbering-lost" for n in ctx.document.notes):
        return  # headings Word numbered and the reader could not render: the outline is not the contract's
    c = ctx.patterns.consistency
    if ctx.outline.title and c.amending_title.search(ctx.outline.title):
        return  # a 补充协议's 第十七条 is most often the original contract's
    existing: dict[str, set[str]] | None = None
    appendices: dict[str, set[str]] | None = None
    for line in _body_lines(ctx):
        text = line.text
        if "第" in text:
            for ref in _references(text, c):
                if existing is None:
                    existing = _existing(ctx)
                dangling = _dangling(ref, existing)
                if dangling:
                    key, args = dangling
                    place = ctx.locator.place(line.no)
                    yield r.finding(
                        key,
                        ref=ref.written,
                        **args,
                        line=line.no,
                        clause=ctx.locator.clause(line.no),
                        span=(ref.start, ref.end),
                        place=place,
                    )
        if any(w in text for w in _APPENDIX_WORDS) and not is_appendix_line(text, ctx.patterns):
            if appendices is None:
                appendices = _appendices(ctx)
            if any(w in text for w in appendices):
                yield from _dangling_appendix(ctx, r, line, appendices)


def _dangling(ref: _Ref, existing: dict[str, set[str]]) -> tuple[str, dict[str, object]] | None:
    """The message (key and parameters) for a reference to what the contract lacks, or None."""
    have = existing[ref.kind]
    if not have:
        # the contract does not number by this kind: 第三条 in a contract of 一、二、 is ambiguous
        return None
    if ref.kind == "clause":
        heads = existing["article"] | existing["chapter"]
        if not _clause_missing(ref.number, have, heads):
            return None
        top = int(ref.number.split(".")[0])
        last = max((int(x.split(".")[0]) for x in have | heads if x.split(".")[0].isdigit()), default=top)
        return ("clause_past_end" if top > last else "clause"), {"number": ref.number, "last": last}
    if ref.number in have:
        return None
    last = max((int(x) for x in have if x.isdigit()), default=int(ref.number))
    key = "heading_past_end" if int(ref.number) > last else "heading"
    return key, {"label": _label(ref.kind, ref.number), "last": _label(ref.kind, str(last))}


def _appendices(ctx: Context) -> dict[str, set[str]]:
    """The appendices the document has, by label word (附件, 附录, 附表): its appendix sections and the list of
    them in the body (附件一：房屋验收表). Empty when it has none: its attachments may be separate files."""
    out: dict[str, set[str]] = {}
    labels = [n.label or "" for n in ctx.outline.appendices]
    labels += [
        m.group(0)
        for line in ctx.lines
        if any(w in line.text for w in _APPENDIX_WORDS)
        and is_appendix_line(line.text, ctx.patterns)
        and (m := ctx.patterns.consistency.appendix_reference.match(line.text.strip(" \u3000")))
    ]
    for label in labels:
        key = _appendix_number("".join(label.split()))
        if key is not None:
            out.setdefault(key[0], set()).add(key[1])
    return out


def _dangling_appendix(
    ctx: Context, r: Rule, line: Line, appendices: dict[str, set[str]]
) -> Iterator[Finding]:
    text = line.text
    for m in ctx.patterns.consistency.appendix_reference.finditer(text):
        key = _appendix_number(m.group("label") + m.group("num"))
        if key is None or key[0] not in appendices or key[1] in appendices[key[0]]:
            continue
        if _heading_at(text, m.start()) or text[: m.start()].rstrip(SPACE).endswith(("》", "《")):
            continue
        have = appendices[key[0]]
        written = m.group(0)
        numeric = sorted(int(x) for x in have if x.isdigit())
        listed = "、".join(f"{key[0]}{int_to_cn(n)}" for n in numeric) or "、".join(sorted(have))
        place = ctx.locator.place(line.no)
        yield r.finding(
            "appendix",
            ref=written,
            listed=listed,
            line=line.no,
            clause=ctx.locator.clause(line.no),
            span=(m.start(), m.end()),
            place=place,
        )


# --- choices ----------------------------------------------------------------------------------------------

_BRACKETED = re.compile(r"[（(][^（()）]{0,22}[）)]|“[^”]{0,6}”|\"[^\"]{0,6}\"")
_OPTION_END = re.compile(r"[；;。，,]")
_OPTION_NUMBER = re.compile(r"^[0-9]{1,2}[.、．]|^[A-Za-z][.、．]")


@dataclass(frozen=True)
class _Mark:
    at: int
    end: int  # after the box (and a tick written over it: □√)
    ticked: bool
    option: str = ""
    after: bool = False  # the box written after its option (是☑)

    def written(self, text: str) -> str:
        option, box = _short(self.option), text[self.at : self.end]
        return f"{option}{box}" if self.after else f"{box}{option}"


def _marks(text: str, ps: PatternSet) -> list[_Mark]:
    """Check boxes outside brackets and quotes (（在□内打√）, 以划“√”方式选定 are instructions); a tick written
    over a box (□√) is one ticked box."""
    hidden: set[int] = set()
    for m in _BRACKETED.finditer(text):
        hidden.update(range(m.start(), m.end()))
    boxes = [
        (i, ch in ps.checked)
        for i, ch in enumerate(text)
        if (ch in ps.checked or (ch in ps.unchecked and ch != "口")) and i not in hidden
    ]
    out: list[_Mark] = []
    for i, ticked in boxes:
        if out and out[-1].end == i:
            out[-1] = _Mark(out[-1].at, i + 1, out[-1].ticked or ticked)  # □√ / √□
            continue
        out.append(_Mark(i, i + 1, ticked))
    return out


def _groups(text: str, ps: PatternSet) -> list[list[_Mark]]:
    """The check-box groups of a line, each mark with its option's text. A label ending in a colon between
    two boxes starts a new group (培训时间：□甲方预约 □乙方安排；教练员：□甲方选择 □乙方安排); boxes
    written after their options (是☑ 否□) are read that way."""
    marks = _marks(text, ps)
    groups: list[tuple[int, list[_Mark]]] = []  # (where the group's text starts, its marks)
    if not marks:
        return []
    head = _BRACKETED.sub(lambda m: "　" * len(m.group(0)), text[: marks[0].at])
    start = max(head.rfind("："), head.rfind(":")) + 1  # after the question: 是否同意：是☑ 否□
    for k, mark in enumerate(marks):
        if k:
            gap = _BRACKETED.sub(lambda m: "　" * len(m.group(0)), text[marks[k - 1].end : mark.at])
            colon = max(gap.rfind("："), gap.rfind(":"))
            if colon >= 0:
                start = marks[k - 1].end + colon + 1
                groups.append((start, []))
        if not groups:
            groups.append((start, []))
        groups[-1][1].append(mark)
    out: list[list[_Mark]] = []
    for n, (begin, group) in enumerate(groups):
        end = groups[n + 1][0] if n + 1 < len(groups) else len(text)
        lead = text[begin : group[0].at].strip(SPACE + "，,；;")
        tail = text[group[-1].end : end].strip(SPACE + "，,；;。")
        suffix = bool(lead) and not tail and len(group) > 1
        options: list[_Mark] = []
        for k, mark in enumerate(group):
            if suffix:
                a = group[k - 1].end if k else begin
                option = text[a : mark.at]
            else:
                b = group[k + 1].at if k + 1 < len(group) else end
                option = _OPTION_END.split(text[mark.end : b], maxsplit=1)[0]
            option = _OPTION_NUMBER.sub("", option.strip(SPACE + "，,；;。、")).strip(SPACE)
            options.append(_Mark(mark.at, mark.end, mark.ticked, option, suffix))
        out.append(options)
    return out


_HAN_RUN = re.compile(r"[\u3400-\u9fff]*")


def _conflict(ticked: list[_Mark], c: Consistency) -> tuple[_Mark, _Mark, str] | None:
    """Two ticked options that match different alternatives of one exclusive set (and no other). For a set
    matched at the option's start (有/无, 已/未), the words that follow must agree too (one may run on into
    the sentence): ☑有抵押 ☑无抵押 and □√可以 □√不可以饲养宠物 conflict, ☑有线电视 ☑无线网络 do not."""
    for ex in c.exclusive:
        chosen: list[tuple[int, _Mark, str]] = []
        for mark in ticked:
            hits = [
                (k, m)
                for k, rx in enumerate(ex.options)
                if (m := (rx.match if ex.anchored else rx.search)(mark.option)) is not None
            ]
            if len(hits) == 1:
                k, m = hits[0]
                rest = _HAN_RUN.match(mark.option[m.end() :]).group(0) if ex.anchored else ""  # type: ignore[union-attr]
                chosen.append((k, mark, rest))
        for i, (k1, m1, r1) in enumerate(chosen):
            for k2, m2, r2 in chosen[i + 1 :]:
                if k1 != k2 and (r1.startswith(r2) or r2.startswith(r1)):
                    return m1, m2, ex.name
    return None


@rule("C505", "conflicting-choice", "warning")
def conflicting_choice(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Two options are ticked in one group of options that exclude each other.

    ☑仲裁 ☑诉讼, ☑一次性支付 ☑分期支付, ☑是 ☑否, or any two in a group marked 单选: the contract says two
    contradicting things. Only options on one line are a group; a line marked 可多选 is not checked.

    Hit:
        服务协议
        第一条 争议解决方式：☑提交杭州仲裁委员会仲裁 ☑向甲方所在地人民法院起诉。

    Okay:
        服务协议
        第一条 争议解决方式：☑提交杭州仲裁委员会仲裁 □向甲方所在地人民法院起诉。
        第二条 支付渠道（可多选）：☑银行转账 ☑支付宝 □现金。
    """
    c = ctx.patterns.consistency
    marks = ctx.patterns.checked
    for line in _body_lines(ctx):
        text = line.text
        if not any(ch in text for ch in marks) or sum(text.count(ch) for ch in marks) < 2:
            continue
        if c.multi_choice.search(text):
            continue
        for group in _groups(text, ctx.patterns):
            ticked = [m for m in group if m.ticked and m.option]
            if len(ticked) < 2:
                continue
            found = _conflict(ticked, c)
            if found is None and c.single_choice.search(text):
                found = ticked[0], ticked[1], "a single choice"
            if found is None:
                continue
            a, b, what = found
            place = ctx.locator.place(line.no)
            yield r.finding(
                "ticked",
                what=messages.name("groups", what),
                a=a.written(text),
                b=b.written(text),
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(a.at, b.end),
                place=place,
            )


def _short(option: str, n: int = 16) -> str:
    return option if len(option) <= n else option[:n] + "…"
