"""Normalise: fold the character forms that only differ in width or encoding, so patterns match.

Full-width digits and letters become ASCII, full-width underscores become ``_``, no-break and other
typographic spaces become plain spaces, a tab four spaces (it is a wide gap: it separates side-by-side
columns such as ``甲方（盖章）：<TAB>乙方（盖章）：``), zero-width characters go, and a run of question marks a
page's encoding left for lost spaces becomes spaces. Full-width punctuation
（）：，。 and the ideographic space U+3000 stay: they are how the contract was written, and an
ideographic run is a blank to fill. Spans (underlines) are carried over to the new text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Line, Span

TAB = "    "
_FOLD = {
    **{0xFF10 + i: chr(0x30 + i) for i in range(10)},  # ０-９
    **{0xFF21 + i: chr(0x41 + i) for i in range(26)},  # Ａ-Ｚ
    **{0xFF41 + i: chr(0x61 + i) for i in range(26)},  # ａ-ｚ
    0xFF3F: "_",  # ＿
    0xFE4D: "_",  # ﹍
    0xFE4E: "_",  # ﹎
    0xFE4F: "_",  # ﹏
    0x00A0: " ",
    0x2002: " ",
    0x2003: " ",
    0x2009: " ",
    0x202F: " ",
    0x0009: TAB,
    0x000B: " ",
    0x000C: " ",
    0xFF0E: "．",
    0x4E36: "、",  # 丶, a radical no contract uses: OCR's reading of 、
}
_DROP = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD}
_TABLE = {**_FOLD, **dict.fromkeys(_DROP)}


def fold(text: str) -> str:
    return text.translate(_TABLE).rstrip("\r\n")


#: a run of question marks where a page's encoding lost its spaces (甲方(盖章):_________????乙方(盖章)): not
#: after a Latin letter or a digit (an English question keeps its marks); a pair (房 ??依据) is more often
#: a lost character or line break than a gap, and stays
_RE_LOST = re.compile(r"(?<![A-Za-z0-9?])\?{3,}(?![A-Za-z0-9?])")


def _spaces(m: re.Match[str]) -> str:
    return " " * len(m.group())


def normalise_line(line: Line) -> Line:
    text = line.text
    new = fold(text)
    if "???" in new:  # (same length: offsets stay)
        new = _RE_LOST.sub(_spaces, new)
    if new == text:
        return line
    underlines = line.underlines
    pictures = line.pictures
    tabs: tuple[int, ...] = ()
    if len(new) != len(text):  # (a character dropped, or a tab widened): offsets move
        pos = _positions(text)
        underlines = _remap(pos, underlines)
        pictures = tuple(pos[min(p, len(text))] for p in pictures)
        tabs = tuple(pos[i] for i, ch in enumerate(text) if ch == "\t")
    return replace(line, text=new, underlines=underlines, tabs=tabs, pictures=pictures)


def _remap(pos: list[int], spans: tuple[Span, ...]) -> tuple[Span, ...]:
    return tuple((pos[a], pos[b]) for a, b in spans if pos[b] > pos[a])


def _positions(text: str) -> list[int]:
    """Old index -> new index: dropped characters count 0, a tab counts as the spaces it becomes."""
    pos = [0] * (len(text) + 1)
    j = 0
    for i, ch in enumerate(text):
        pos[i] = j
        if ch == "\t":
            j += len(TAB)
        elif ord(ch) not in _DROP:
            j += 1
    pos[len(text)] = j
    return pos


def normalise(lines: list[Line]) -> list[Line]:
    return [normalise_line(line) for line in lines]
