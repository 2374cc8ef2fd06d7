"""Values: turn what a person wrote in a blank or a field into a typed, normalised value.

money      人民币叁仟伍佰元整（¥3,500.00）      {"type": "money", "amount": 3500.0, "currency": "CNY"}
percent    30%                                   {"type": "percent", "value": 30.0}
date       2024年3月15日 / 2024-3-15 / 2024.3.15  {"type": "date", "value": "2024-03-15"}
           2024年3月1日至2025年2月28日止          {"type": "date", "value": "2024-03-01", "end": "2025-02-28"}
duration   12 (unit 个月)                         {"type": "duration", "value": 12, "unit": "month"}
number     十二                                   {"type": "number", "value": 12}
digits     05718826 / 62220212345678901          {"type": "digits", "value": "05718826"}
phone, email, credit_code, id_number (with checksum validity)

Digits are never changed: numbers are read as decimals, not floats, and a run of digits that is a code
rather than a quantity (a leading zero, or more digits than a float holds) stays a string.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..numerals import cn_to_int

DURATION_UNITS = {
    "个工作日": "workday",
    "工作日": "workday",
    "个自然日": "day",
    "自然日": "day",
    "日": "day",
    "天": "day",
    "周": "week",
    "个月": "month",
    "月": "month",
    "年": "year",
    "个小时": "hour",
    "小时": "hour",
}
PERCENT_UNITS = {"%", "％"}
MONEY_UNITS = {"元": 1, "万元": 10_000, "人民币": 1, "美元": 1}

_NUM = r"[0-9]+(?:[,，][0-9]{3})*(?:\.[0-9]+)?"
_RE_NUMBER = re.compile(rf"^\s*({_NUM})\s*$")
_RE_DATE = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*日?")
_RE_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_RE_PERCENT = re.compile(rf"({_NUM})\s*[%％]")
_RE_MONEY_SYM = re.compile(rf"[¥￥]\s*({_NUM})")
_RE_MONEY_UNIT = re.compile(rf"({_NUM})\s*(万元|元)")
_RE_CN_MONEY = re.compile(
    r"([零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿一二三四五六七八九十百千两]+)(?:元|圆)(?:([零壹贰叁肆伍陆柒捌玖一二三四五六七八九])角)?(?:([零壹贰叁肆伍陆柒捌玖一二三四五六七八九])分)?"
)
_RE_DURATION = re.compile(
    rf"({_NUM}|[一二三四五六七八九十百两]+)\s*(个工作日|工作日|个自然日|自然日|个月|个小时|小时|日|天|周|年|月)"
)
_RE_MOBILE = re.compile(r"^(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})$")
_RE_LANDLINE = re.compile(r"^(?:\(?0\d{2,3}\)?[- ]?)?\d{7,8}(?:[-转]\d{1,5})?$")
_RE_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_RE_CREDIT = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_RE_ID = re.compile(r"^\d{17}[\dXx]$")

_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


#: more significant digits than a float keeps: such a number is a code, not a quantity
MAX_DIGITS = 15


def _num(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("，", ""))


def _clean_number(x: Decimal | int) -> int | float:
    """An int when whole, else the float whose shortest repr is the decimal as written (3.5, not
    3.4999…); exact for the amounts and rates of a contract (at most MAX_DIGITS significant digits)."""
    if isinstance(x, int):
        return x
    return int(x) if x == x.to_integral_value() else float(x)


def _is_code(digits: str) -> bool:
    """0571… or an account number: digits to keep as written, not a quantity."""
    whole = digits.split(".", 1)[0]
    return (len(whole) > 1 and whole[0] == "0") or len(digits.replace(".", "")) > MAX_DIGITS


def credit_code_valid(code: str) -> bool:
    """GB 32100-2015 check character of a unified social credit code."""
    code = code.upper()
    if not _RE_CREDIT.match(code):
        return False
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]


def id_number_valid(number: str) -> bool:
    """GB 11643-1999 check digit of a citizen identity number."""
    if not _RE_ID.match(number):
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def _date(text: str) -> str | None:
    m = _RE_DATE.search(text) or _RE_CN_DATE.search(text)
    return _iso(m) if m else _english_date(text)


_MONTHS = {
    m: i
    for i, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for m in names
}  # fmt: skip
#: a date in English, as bilingual agreements write it: June 15, 2018 / 15 June 2018 / Jun. 15th, 2018
_RE_EN_DATE = re.compile(
    r"\b(?:(?P<m1>[A-Za-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[A-Za-z]{3,9})\.?,?\s+(?P<y2>\d{4}))\b"
)


def _english_date(text: str) -> str | None:
    found = english_dates(text)
    return found[0][2] if found else None


def english_dates(text: str) -> list[tuple[int, int, str]]:
    """The dates written in English in ``text``: (start, end, ISO date) each."""
    out = []
    for m in _RE_EN_DATE.finditer(text):
        month = _MONTHS.get((m.group("m1") or m.group("m2")).lower())
        y, d = int(m.group("y1") or m.group("y2")), int(m.group("d1") or m.group("d2"))
        if month is not None and 1 <= d <= 31 and 1900 <= y <= 2200:
            out.append((m.start(), m.end(), f"{y:04d}-{month:02d}-{d:02d}"))
    return out


def _iso(m: re.Match[str]) -> str | None:
    """The ISO date of a match of :data:`_RE_DATE` or :data:`_RE_CN_DATE`, or None when it is no date."""
    if m.re is _RE_DATE:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        y, mo, d = (cn_to_int(g) or 0 for g in m.groups())
    if 1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2200:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


#: what joins the two dates of a range: 至, 到, a dash or a tilde (起 may stand before them)
_RE_RANGE_JOIN = re.compile(r"\s*(?:起\s*)?(?:至|到|—+|–|-|~|～)\s*")


def _date_range(text: str) -> tuple[str, str] | None:
    """(start, end) of a range of two dates (2017年9月21日至2018年6月20日止, 2023-07-01 —— 2023-09-28)."""
    for pattern in (_RE_DATE, _RE_CN_DATE):
        found = list(pattern.finditer(text))
        for a, b in zip(found, found[1:], strict=False):
            if _RE_RANGE_JOIN.fullmatch(text, a.end(), b.start()):
                start, end = _iso(a), _iso(b)
                if start and end:
                    return start, end
    return None


#: a time of day (7 时00 分, 下午1点半, 13:00), the part of the day before it perhaps
_CLOCK = r"(?:(上午|下午|中午|晚上|早上|凌晨))?([0-9]{1,2})(?:时|点|[:：])(?:([0-9]{1,2})分?|(半))?"
_RE_CLOCK = re.compile(_CLOCK)
_RE_CLOCK_RANGE = re.compile(rf"{_CLOCK}(?:(?:至|到|—+|–|-|~|～){_CLOCK})?(?:止)?")


def _hhmm(part: str | None, hour: str, minute: str | None, half: str | None) -> str | None:
    h, m = int(hour), (30 if half else int(minute or 0))
    if part in ("下午", "晚上") and h < 12:
        h += 12
    return f"{h:02d}:{m:02d}" if h <= 24 and m < 60 else None


def _clock(compact: str) -> tuple[str, str | None] | None:
    """(start, end or None) of a time of day or a range of two (7时00分到11时30分 -> 07:00, 11:30)."""
    m = _RE_CLOCK_RANGE.fullmatch(compact)
    if m is None:
        return None
    start = _hhmm(*m.groups()[:4])
    end = _hhmm(m.group(5) or m.group(1), *m.groups()[5:8]) if m.group(6) else None
    if start is None or (m.group(6) and end is None):
        return None
    return start, end


def _cn_money(m: re.Match[str]) -> Decimal | None:
    whole = cn_to_int(m.group(1))
    if whole is None:
        return None
    jiao = cn_to_int(m.group(2)) if m.group(2) else 0
    fen = cn_to_int(m.group(3)) if m.group(3) else 0
    return whole + Decimal(jiao or 0) / 10 + Decimal(fen or 0) / 100


def normalize(value: str | None, unit: str | None = None, key: str | None = None) -> dict[str, Any] | None:
    """A typed value for ``value`` (with the ``unit`` written after the blank), or None."""
    if value is None:
        return None
    v = value.strip()
    if not v:
        return None
    compact = v.replace(" ", "")
    if key in ("phone", "fax") or (key is None and _RE_MOBILE.match(compact)):
        m = _RE_MOBILE.match(compact)
        if m:
            return {"type": "phone", "value": "".join(m.groups())}
        if _RE_LANDLINE.match(compact):
            return {"type": "phone", "value": compact}
    if _RE_EMAIL.match(compact):
        return {"type": "email", "value": compact.lower()}
    # 17 digits and a check digit is an identity number unless the label says credit code
    if _RE_ID.match(compact) and key != "credit_code":
        return {"type": "id_number", "value": compact.upper(), "valid": id_number_valid(compact)}
    if _RE_CREDIT.match(compact.upper()):
        return {"type": "credit_code", "value": compact.upper(), "valid": credit_code_valid(compact)}
    if key == "account":
        digits = re.sub(r"[\s-]", "", v)
        if digits.isdigit():
            return {"type": "account", "value": digits}
    span = _date_range(v)
    if span:  # a range stays a range: its start as the value (what a date gives), and its end
        return {"type": "date", "value": span[0], "end": span[1]}
    date = _date(v)
    if date:
        return {"type": "date", "value": date}
    clock = _clock(compact)
    if clock:  # 工作时间:8:30-17:30 — a time of day, a range of two kept as a range
        return {"type": "time", "value": clock[0], **({"end": clock[1]} if clock[1] else {})}
    m = _RE_MONEY_SYM.search(v) or _RE_MONEY_UNIT.search(v)
    if m:
        factor = MONEY_UNITS.get(m.group(2), 1) if m.re is _RE_MONEY_UNIT else 1
        return {"type": "money", "amount": _clean_number(_num(m.group(1)) * factor), "currency": "CNY"}
    m = _RE_CN_MONEY.search(v)
    if m and ("元" in v or "圆" in v):
        amount = _cn_money(m)
        if amount is not None:
            return {"type": "money", "amount": _clean_number(amount), "currency": "CNY"}
    m = _RE_PERCENT.search(v)
    if m:
        return {"type": "percent", "value": _clean_number(_num(m.group(1)))}
    m = _RE_DURATION.fullmatch(compact)
    if m:
        n = _RE_NUMBER.match(m.group(1))
        amount = _num(m.group(1)) if n else cn_to_int(m.group(1))
        if amount is not None:
            return {"type": "duration", "value": _clean_number(amount), "unit": DURATION_UNITS[m.group(2)]}
    n = _RE_NUMBER.match(v)
    if n and _is_code(n.group(1).replace(",", "").replace("，", "")):
        return {"type": "digits", "value": n.group(1)}
    exact = _num(n.group(1)) if n else cn_to_int(compact)
    if exact is not None:
        number = _clean_number(exact)
        if unit in PERCENT_UNITS:
            return {"type": "percent", "value": number}
        if unit in DURATION_UNITS:
            return {"type": "duration", "value": number, "unit": DURATION_UNITS[unit]}
        base, _, per = (unit or "").partition("/")
        if base in MONEY_UNITS:
            money = {"type": "money", "amount": _clean_number(exact * MONEY_UNITS[base]), "currency": "CNY"}
            if per:  # 2100 元/每亩: an amount for each mu (the rate's divisor, as written, without 每)
                money["per"] = per.replace("每", "").replace("／", "/")
            return money
        return {"type": "number", "value": number}
    return None
