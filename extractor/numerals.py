"""Chinese numerals to integers: 十三 -> 13, 一百零一 -> 101, 壹仟贰佰 -> 1200, 二〇二四 -> 2024."""

from __future__ import annotations

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def cn_to_int(text: str) -> int | None:
    """Parse a Chinese numeral (or Arabic digits, or a circled number). None when it is not one."""
    s = text.strip()
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1
    s = s.translate(_FULLWIDTH)
    if s.isdigit():
        return int(s)
    if any(ch not in DIGITS and ch not in SMALL_UNITS and ch not in BIG_UNITS for ch in s):
        return None
    if not any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in s):
        # digit by digit: 二〇二四 -> 2024
        return int("".join(str(DIGITS[ch]) for ch in s))
    total = 0  # completed big-unit groups
    section = 0  # the group below the current big unit
    digit: int | None = None
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:  # a big unit closes the group
            section += digit or 0
            total = (
                (total + section) * BIG_UNITS[ch]
                if BIG_UNITS[ch] > 10_000
                else total + section * BIG_UNITS[ch]
            )
            section, digit = 0, None
    return total + section + (digit or 0)


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def int_to_cn(n: int) -> str:
    """13 -> 十三, 101 -> 一百零一 (the form used in 第X章 headings, for messages)."""
    if n < 0:
        return "负" + int_to_cn(-n)
    if n < 10:
        return "零一二三四五六七八九"[n]
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        rest = int_to_cn(low) if low else ""
        if low and low < 1000:
            rest = "零" + rest
        return int_to_cn(high) + "万" + rest
    out = []
    zero = False
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(("零一二三四五六七八九"[d] if not (value == 10 and d == 1 and not out) else "") + name)
        elif out:
            zero = True
    if n:
        if zero:
            out.append("零")
        out.append("零一二三四五六七八九"[n])
    return "".join(out)
