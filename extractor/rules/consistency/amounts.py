"""C501 amount-mismatch: an amount in words and the same amount in figures written beside it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ...model import Finding
from ...numerals import cn_to_int
from ...pattern_set import Consistency
from .. import Context, Rule, rule
from .text import SPACE, body_lines, plain

_TRADITIONAL = str.maketrans(
    {"貳": "贰", "參": "叁", "陸": "陆", "萬": "万", "億": "亿", "〇": "零", "两": "贰"}
)
_UNITS = set("拾佰仟万亿十百千")
#: a numeral written short, which speech and digit-by-digit reading take apart: two digits side by side
#: (二五), or a last digit after a unit above ten (壹万贰 is 12000 said, 10002 read; 三千五 3500 or 3005)
_RE_SHORTENED = re.compile(
    r"[一二三四五六七八九壹贰叁肆伍陆柒捌玖两][一二三四五六七八九壹贰叁肆伍陆柒捌玖两]"
    r"|[佰仟万亿百千][一二三四五六七八九壹贰叁肆伍陆柒捌玖两]$"
)


@lru_cache(maxsize=4096)
def cn_amount(numeral: str) -> int | None:
    """The whole yuan of an amount in words (贰拾肆万 -> 240000), read by :func:`extractor.numerals.cn_to_int`;
    a numeral written short (壹万贰, 三千五, 二五) is read by ``cn2an`` too, and None when the two disagree
    (壹万贰: 12000 in speech, 10002 digit by digit — ambiguous, so nothing is said) or either cannot read it."""
    s = numeral.translate(_TRADITIONAL)
    if len(s) > 1 and not any(ch in _UNITS for ch in s):
        return None  # 二零 — digits read one by one, not an amount
    mine = cn_to_int(s)
    if mine is not None and not _RE_SHORTENED.search(s):
        # every digit carries its unit (贰拾肆万伍仟元): one reading only, no second opinion needed (and
        # cn2an's import, a third of a second, is spared a one-file check)
        return mine
    try:
        import cn2an

        theirs = cn2an.cn2an(s, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if mine is None or not isinstance(theirs, int) or theirs != mine:
        return None
    return mine


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    words: bool
    written: str
    match: re.Match[str]


#: how far before a figure its 小写 label is looked for (amount_figure_label: 小写 and up to 6 marks)
LABEL_REACH = 12


def amounts(text: str, c: Consistency, *, with_words: bool = True) -> list[Amount]:
    """The amounts of a line, in words and in figures, in order; one stretch of text is one amount. With
    ``with_words`` (what amount-mismatch compares), none unless one is in words."""
    if "元" not in text and "圆" not in text and (with_words or not any(s in text for s in "¥￥")):
        return []
    out = [
        Amount(m.start(), m.end(), True, m.group(0).strip(SPACE), m) for m in c.amount_words.finditer(text)
    ]
    if not out and with_words:
        return []
    for m in c.amount_figures.finditer(text):
        sym, unit = m.group("sym"), m.group("unit")
        # (小写 and a few marks before the figures: a short look back, so a line of many figures stays linear)
        label = text[max(0, m.start("num") - LABEL_REACH) : m.start("num")]
        if (
            not sym
            and not unit
            and not c.amount_figure_label.search(label)
            and not c.amount_figure_words_next.match(text, m.end("num"), m.end("num") + LABEL_REACH)
        ):
            continue  # 89.32 (平方米): a number, not an amount
        start = m.start("sym") if sym else m.start("num")
        end = m.end() if unit else m.end("num")
        out.append(Amount(start, end, False, text[start:end].strip(SPACE), m))
    out.sort(key=lambda a: a.start)
    # one stretch of text is one amount: a later mention that overlaps an earlier one is dropped
    kept: list[Amount] = []
    for a in out:
        if not kept or a.start >= kept[-1].end:
            kept.append(a)
    return kept


def amount_value(a: Amount) -> Decimal | None:
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


def _amount_pairs(text: str, c: Consistency) -> Iterator[tuple[Amount, Decimal, Amount, Decimal]]:
    """(in words, its value, in figures, its value) written side by side: 人民币240000元（大写：贰拾肆万元整）."""
    found = amounts(text, c)
    i = 0
    while i + 1 < len(found):
        a, b = found[i], found[i + 1]
        if a.words != b.words and a.end <= b.start and c.amount_joint.fullmatch(text[a.end : b.start]):
            words, figures = (a, b) if a.words else (b, a)
            wv, fv = amount_value(words), amount_value(figures)
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
    for line in body_lines(ctx):
        for words, wv, figures, fv in _amount_pairs(line.text, c):
            if wv == fv:
                continue
            place = ctx.locator.place(line.no)
            yield r.finding(
                "mismatch",
                words=words.written,
                words_value=plain(wv),
                figures=figures.written,
                figures_value=plain(fv),
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(figures.start, figures.end),
                place=place,
            )
