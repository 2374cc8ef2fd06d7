"""Word list numbering: numbering.xml definitions, the counters Word keeps, and number formats.

The rules implemented here (restart, overrides, style links, isLgl, suffix) are described with a
specimen in docs/design/docx-numbering.md.  Only what changes the *text* is modelled: indents, fonts
and justification of the number are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_VAL = W + "val"

#: a level counter that has not been used yet is shown as start - 1 (Word shows "0.1" for a
#: level-2 item with no level-1 item before it); MAX_CJK is where the CJK formats fall back to digits
MAX_CJK = 99_999
MAX_LETTERS = 780  # ZZZ…Z (30 times); beyond it digits, so a bad counter cannot build huge strings
LEVELS = 9

# ----------------------------------------------------------------------------------------------
# number formats
# ----------------------------------------------------------------------------------------------

CN_DIGITS = "〇一二三四五六七八九"
CN_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
CN_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
DIZHI = "子丑寅卯辰巳午未申酉戌亥"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def chinese_grouped(
    n: int,
    digits: str = CN_DIGITS,
    units: str = "十百千",
    zero: str = "〇",
    *,
    bare_ten: bool = True,
    myriad: str = "万",
) -> str:
    """Chinese reading of ``n`` with place units: 101 -> 一百〇一, 110 -> 一百一十, 12 -> 十二.

    ``zero`` is written once for each run of zeros between two non-zero places; ``bare_ten``
    drops the leading 一 of 10-19 (十二, not 一十二); numbers from 10 000 are grouped by ``myriad``.
    """
    if n == 0:
        return zero
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        head = chinese_grouped(high, digits, units, zero, bare_ten=bare_ten, myriad=myriad) + myriad
        if low == 0:
            return head
        gap = zero if low < 1000 else ""
        return head + gap + chinese_grouped(low, digits, units, zero, bare_ten=False, myriad=myriad)
    out: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(zero)
            pending_zero = False
        if not (power == 1 and d == 1 and not out and bare_ten):
            out.append(digits[d])
        if power:
            out.append(units[power - 1])
    return "".join(out)


def japanese_counting(n: int) -> str:
    """Japanese reading: no 一 before 十/百/千 and no zero marks (101 -> 百一, 1234 -> 千二百三十四)."""
    if n == 0:
        return "〇"
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        return japanese_counting(high) + "万" + (japanese_counting(low) if low else "")
    out: list[str] = []
    for power, unit in ((3, "千"), (2, "百"), (1, "十"), (0, "")):
        d = n // 10**power % 10
        if d == 0:
            continue
        if d != 1 or power == 0:
            out.append(CN_DIGITS[d])
        out.append(unit)
    return "".join(out)


def chinese_counting(n: int) -> str:
    """Word's chineseCounting: 一..九, 十, 十一, 二十一 up to 99, then digit by digit (101 -> 一〇一)."""
    if n < 100:
        return chinese_grouped(n)
    return ideograph_digital(n)


def ideograph_digital(n: int) -> str:
    """Digit by digit with 〇: 10 -> 一〇, 2024 -> 二〇二四."""
    return "".join(CN_DIGITS[int(c)] for c in str(n))


def letters(n: int, upper: bool) -> str:
    """Word repeats the letter after Z: 27 -> AA, 28 -> BB (not AB as a spreadsheet would)."""
    base = ord("A" if upper else "a")
    return chr(base + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    out = []
    for value, sym in ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _enclosed(first: int, count: int):
    return lambda n: chr(first + n - 1) if 1 <= n <= count else str(n)


def _table(chars: str):
    return lambda n: chars[n - 1] if 1 <= n <= len(chars) else str(n)


def _cjk(fn):
    return lambda n: fn(n) if 0 <= n <= MAX_CJK else str(n)


FORMATTERS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: str(n).translate(FULLWIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(FULLWIDTH),
    "decimalEnclosedCircle": _enclosed(0x2460, 20),  # ① .. ⑳
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),  # ⒈ .. ⒛
    "decimalEnclosedParen": _enclosed(0x2474, 20),  # ⑴ .. ⒇
    "ideographEnclosedCircle": _enclosed(0x3280, 10),  # ㊀ .. ㊉
    "upperLetter": lambda n: letters(n, True) if 0 < n <= MAX_LETTERS else str(n),
    "lowerLetter": lambda n: letters(n, False) if 0 < n <= MAX_LETTERS else str(n),
    "upperRoman": lambda n: roman(n) if 0 < n < 4000 else str(n),
    "lowerRoman": lambda n: roman(n).lower() if 0 < n < 4000 else str(n),
    "ordinal": ordinal,
    "numberInDash": lambda n: f"- {n} -",
    "hex": lambda n: format(n, "X"),
    "chineseCounting": _cjk(chinese_counting),
    "taiwaneseCounting": _cjk(chinese_counting),
    "chineseCountingThousand": _cjk(chinese_grouped),
    "taiwaneseCountingThousand": _cjk(lambda n: chinese_grouped(n, myriad="萬")),
    "chineseLegalSimplified": _cjk(
        lambda n: chinese_grouped(n, CN_LEGAL_SIMPLIFIED, "拾佰仟", "零", bare_ten=False, myriad="万")
    ),
    "ideographLegalTraditional": _cjk(
        lambda n: chinese_grouped(n, CN_LEGAL_TRADITIONAL, "拾佰仟", "零", bare_ten=False, myriad="萬")
    ),
    "japaneseCounting": _cjk(japanese_counting),
    "ideographDigital": _cjk(ideograph_digital),
    "japaneseDigitalTenThousand": _cjk(ideograph_digital),
    "taiwaneseDigital": _cjk(ideograph_digital),
    "ideographTraditional": _table(TIANGAN),
    "ideographZodiac": _table(DIZHI),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """Render counter value ``n`` in Word's numFmt ``fmt``; unknown formats fall back to decimal."""
    return FORMATTERS.get(fmt, str)(n)


# Bullets drawn from Symbol/Wingdings fonts are private-use code points; show a plain bullet.
BULLET_PUA = {0xF0B7: "•", 0xF06C: "●", 0xF06E: "■", 0xF075: "◆", 0xF076: "❖", 0xF0A7: "▪", 0xF0D8: "➢"}
BULLET_PUA.update({0xF0FC: "✓", 0xF0A8: "□", 0xF06F: "□", 0xF0B2: "◇", 0xF071: "❑"})


def bullet_text(text: str) -> str:
    out = []
    for ch in text:
        cp = ord(ch)
        out.append(BULLET_PUA.get(cp, "•") if 0xE000 <= cp <= 0xF8FF else ch)
    return "".join(out)


# ----------------------------------------------------------------------------------------------
# definitions
# ----------------------------------------------------------------------------------------------

SUFFIXES = {"tab": " ", "space": " ", "nothing": ""}
PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True, slots=True)
class Level:
    start: int = 0  # ECMA-376: start defaults to 0 when <w:start> is absent
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: None = default rule, 0 = never, n = after level n (1-based)
    is_lgl: bool = False
    suffix: str = " "
    pstyle: str | None = None


@dataclass(slots=True)
class NumInstance:
    """A resolved w:num: the counter key (its abstractNum) and the effective levels."""

    key: str
    levels: list[Level | None]
    #: ilvl -> startOverride; applied (restarting that level) when this num is first used
    start_overrides: dict[int, int] = field(default_factory=dict)


def _val(el: _Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W_VAL, default)


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _on(el: _Element | None) -> bool:
    """An OOXML on/off element: present and not val=false/0/off."""
    return el is not None and el.get(W_VAL, "true") not in ("false", "0", "off")


def _num_fmt(lvl: _Element) -> str:
    el = lvl.find(W + "numFmt")
    if el is not None:
        return el.get(W_VAL, "decimal")
    # Word 2010+ writes custom formats ("001, 002, 003, ...") as Choice with a decimal Fallback
    for alt in lvl.iter(MC + "AlternateContent"):
        choice = alt.find(f"{MC}Choice/{W}numFmt")
        if choice is not None and choice.get(W + "format", "").startswith("0"):
            width = len(choice.get(W + "format", "").split(",")[0].strip())
            return f"zero{width}"
        fallback = alt.find(f"{MC}Fallback/{W}numFmt")
        if fallback is not None:
            return fallback.get(W_VAL, "decimal")
    return "decimal"


def parse_level(lvl: _Element) -> Level:
    text_el = lvl.find(W + "lvlText")
    fmt = _num_fmt(lvl)
    text = _val(text_el, "") or ""
    if fmt == "bullet" or lvl.find(W + "lvlPicBulletId") is not None:
        fmt, text = "bullet", bullet_text(text) if text else "•"
    return Level(
        start=_int(_val(lvl.find(W + "start")), 0) or 0,
        fmt=fmt,
        text=text,
        restart=_int(_val(lvl.find(W + "lvlRestart"))),
        is_lgl=_on(lvl.find(W + "isLgl")),
        suffix=SUFFIXES.get(_val(lvl.find(W + "suff"), "tab") or "tab", " "),
        pstyle=_val(lvl.find(W + "pStyle")),
    )


class Numbering:
    """numbering.xml, resolved lazily per numId."""

    def __init__(self, root: _Element | None, numbering_styles: dict[str, int] | None = None):
        self._abstract: dict[str, _Element] = {}
        self._nums: dict[int, _Element] = {}
        self._style_links: dict[str, str] = {}  # numbering style id -> abstractNumId that defines it
        self._numbering_styles = numbering_styles or {}  # numbering style id -> numId (styles.xml)
        self._cache: dict[int, NumInstance | None] = {}
        if root is None:
            return
        for el in root.iterchildren(W + "abstractNum"):
            aid = el.get(W + "abstractNumId")
            if aid is not None:
                self._abstract[aid] = el
                link = el.find(W + "styleLink")
                if link is not None and link.get(W_VAL):
                    self._style_links[link.get(W_VAL)] = aid
        for el in root.iterchildren(W + "num"):
            nid = _int(el.get(W + "numId"))
            if nid is not None:
                self._nums[nid] = el

    def __bool__(self) -> bool:
        return bool(self._nums)

    def instance(self, num_id: int) -> NumInstance | None:
        if num_id not in self._cache:
            self._cache[num_id] = self._resolve(num_id)
        return self._cache[num_id]

    def _abstract_for(self, num_id: int, depth: int = 0) -> str | None:
        """The abstractNum id whose levels a num uses, following numStyleLink -> style -> num."""
        num = self._nums.get(num_id)
        aid = _val(num.find(W + "abstractNumId")) if num is not None else None
        if aid is None or aid not in self._abstract or depth > 4:
            return aid if aid in self._abstract else None
        link = _val(self._abstract[aid].find(W + "numStyleLink"))
        if not link:
            return aid
        linked_num = self._numbering_styles.get(link)
        if linked_num is not None and linked_num != num_id:
            target = self._abstract_for(linked_num, depth + 1)
            if target is not None:
                return target
        return self._style_links.get(link, aid)

    def _resolve(self, num_id: int) -> NumInstance | None:
        aid = self._abstract_for(num_id)
        if aid is None:
            return None
        levels: list[Level | None] = [None] * LEVELS
        for lvl in self._abstract[aid].iterchildren(W + "lvl"):
            i = _int(lvl.get(W + "ilvl"))
            if i is not None and 0 <= i < LEVELS:
                levels[i] = parse_level(lvl)
        inst = NumInstance(key=aid, levels=levels)
        for ov in self._nums[num_id].iterchildren(W + "lvlOverride"):
            i = _int(ov.get(W + "ilvl"))
            if i is None or not 0 <= i < LEVELS:
                continue
            lvl = ov.find(W + "lvl")
            if lvl is not None:
                levels[i] = parse_level(lvl)
            start = _int(_val(ov.find(W + "startOverride")))
            if start is not None:
                inst.start_overrides[i] = start
                if levels[i] is not None:
                    levels[i] = _with_start(levels[i], start)
        return inst

    def level_for_style(self, num_id: int, style_id: str | None) -> int | None:
        """The ilvl whose w:pStyle names ``style_id`` (a style linked to a list level)."""
        inst = self.instance(num_id)
        if inst is None or style_id is None:
            return None
        for i, lvl in enumerate(inst.levels):
            if lvl is not None and lvl.pstyle == style_id:
                return i
        return None


def _with_start(level: Level, start: int) -> Level:
    return replace(level, start=start)


class Counters:
    """The counters Word keeps while laying out the document, one set per abstractNum."""

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self._values: dict[str, list[int | None]] = {}
        self._used: set[int] = set()

    def next(self, num_id: int, ilvl: int) -> tuple[str, str] | None:
        """Advance (num_id, ilvl) and return (number text, suffix), or None if nothing is shown."""
        inst = self.numbering.instance(num_id)
        if inst is None or not 0 <= ilvl < LEVELS or inst.levels[ilvl] is None:
            return None
        values = self._values.setdefault(inst.key, [None] * LEVELS)
        if num_id not in self._used:
            self._used.add(num_id)
            for i in inst.start_overrides:  # a startOverride restarts the level at its first use
                values[i] = None
        level = inst.levels[ilvl]
        assert level is not None
        cur = values[ilvl]
        values[ilvl] = level.start if cur is None else cur + 1
        for deeper in range(ilvl + 1, LEVELS):
            lvl = inst.levels[deeper]
            restart = lvl.restart if lvl is not None else None
            if restart is None or (restart > 0 and ilvl < restart):
                values[deeper] = None
        text = self._render(inst, values, ilvl)
        return (text, level.suffix) if text else None

    @staticmethod
    def _render(inst: NumInstance, values: list[int | None], ilvl: int) -> str:
        level = inst.levels[ilvl]
        assert level is not None
        if level.fmt == "bullet":
            return level.text

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            ref = inst.levels[k]
            if ref is None:
                return ""
            value = values[k]
            if value is None:
                value = ref.start - 1 if k < ilvl else ref.start
            fmt = ref.fmt
            if fmt == "bullet":
                return ""
            if level.is_lgl and fmt != "none":
                fmt = "decimal"
            if fmt.startswith("zero"):
                return str(value).zfill(int(fmt[4:] or 1))
            return format_number(value, fmt)

        return PLACEHOLDER.sub(sub, level.text)
