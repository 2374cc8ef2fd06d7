"""PDF layout: glyph boxes -> physical lines -> the Lines a person reads.

Format-neutral: the glyphs come from a PDF text layer (pypdfium2) or from OCR boxes, in points with y
growing downwards.  Steps, all linear (or n log n) in the number of glyphs:

1. ``page_lines``: glyphs are grouped into rows by their vertical centre (never by content-stream order),
   each row sorted by x; a page whose rows leave a consistent vertical gutter is read column by column;
   spaces are rebuilt from x-gaps (layout gaps between CJK glyphs vanish, gaps of 2 em or more become
   spaces), fake-bold doubles are dropped, drawn underline rules become ``____`` (over empty space) or
   underline spans (under text).
2. ``remove_furniture``: running headers/footers, page numbers and repeated watermark lines go.
3. ``join_lines``: a line that runs to the right margin continues into the next one (also across a
   page break) unless the next one starts a heading or item.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

# glyph tuple fields: (x0, x1, top, bottom, size, char, index); index is the text-layer char index or -1
X0, X1, TOP, BOT, SIZE, CH, IDX = range(7)
Glyph = tuple[float, float, float, float, float, str, int]
#: a horizontal rule that may underline text: (x0, x1, y)
Rule = tuple[float, float, float]

SPACES = frozenset(" \t\xa0\u2002\u2003\u2009")
#: a gap of this many em inside a line is a blank (kept as spaces), smaller gaps between CJK are layout
BLANK_GAP_EM = 2.0
#: a line ending this close (in em) to the typical right edge was wrapped by the layout
MARGIN_EM = 1.5


@dataclass(slots=True)
class PageContent:
    """What a reader found on one page, ready for layout."""

    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    rules: list[Rule] = field(default_factory=list)
    source: str = "text"  # text | ocr (we recognised it) | ocr-layer (a scanner's invisible text)


@dataclass(slots=True)
class PhysLine:
    """One physical line of a page (a row, or a row's part in one column)."""

    page: int
    text: str
    underlines: list[tuple[int, int]]
    x0: float
    x1: float
    top: float
    bottom: float
    em: float
    col: int = 0
    ncols: int = 1
    bold: bool = False
    source: str = "text"
    page_width: float = 0.0
    page_height: float = 0.0


class _Part:
    """A row of glyphs, or a row's part in one column: solid glyphs and space glyphs, sorted by x, and
    the x-intervals of its ink (glyphs closer than 1 em merged)."""

    __slots__ = (
        "bottom",
        "col",
        "cx0",
        "cx1",
        "doubled",
        "em",
        "ink",
        "ncols",
        "solid",
        "spaces",
        "top",
        "x0",
        "x1",
    )

    def __init__(self, solid: list[Glyph], spaces: list[Glyph], doubled: int, ink: list[tuple[float, float]]):
        self.solid = solid
        self.spaces = spaces
        self.doubled = doubled
        self.ink = ink
        sizes = sorted([g[SIZE] for g in solid])
        self.em = sizes[len(sizes) // 2] or 10.0
        self.top = min([g[TOP] for g in solid])
        self.bottom = max([g[BOT] for g in solid])
        self.x0 = solid[0][X0]
        self.x1 = max([g[X1] for g in solid])
        self.col, self.ncols = 0, 1
        self.cx0, self.cx1 = -INF, INF


INF = float("inf")
_QUOTES = frozenset("“”‘’…—")


# ---------------------------------------------------------------- character classes


def is_wide(ch: str) -> bool:
    """CJK ideographs, CJK punctuation, full-width forms and Chinese curly quotes: no spaces around them."""
    return ch >= "\u2e80" or ch in _QUOTES


# ---------------------------------------------------------------- rows


def _group_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Rows of glyphs sharing a vertical centre, each sorted by x. Glyphs of very different sizes (a
    watermark over body text) never share a row."""
    rows: list[list] = []  # [c2 of the seed, height, size, glyphs]
    live: list[list] = []
    last: list | None = None
    for g in sorted(glyphs, key=lambda g: g[TOP] + g[BOT]):
        c2 = g[TOP] + g[BOT]
        size = g[SIZE] or 1.0
        h = g[BOT] - g[TOP]
        if h < 0.5 * size:
            h = 0.5 * size
        # glyphs come by growing centre, so a row's seed is its highest glyph: d >= 0
        if last is not None:
            d = c2 - last[0]
            if d <= h and d <= last[1] and 0.45 * last[2] <= size <= 2.2 * last[2]:
                last[3].append(g)
                continue
        live = [r for r in live if c2 - r[0] <= r[1]]
        for r in reversed(live):
            d = c2 - r[0]
            if d <= h and 0.45 * r[2] <= size <= 2.2 * r[2]:
                r[3].append(g)
                last = r
                break
        else:
            last = [c2, h, size, [g]]
            rows.append(last)
            live.append(last)
    out = []
    for r in rows:
        r[3].sort()
        out.append(r[3])
    return out


def _part(glyphs: list[Glyph]) -> _Part | None:
    """Split a row (sorted by x) into solid glyphs and spaces, dropping fake-bold doubles (the same glyph
    drawn twice, slightly shifted), and note its ink intervals on the way."""
    solid: list[Glyph] = []
    spaces: list[Glyph] = []
    ink: list[tuple[float, float]] = []
    doubled = 0
    prev: Glyph | None = None
    a = b = 0.0
    for g in glyphs:
        ch = g[CH]
        if ch in SPACES:
            spaces.append(g)
            continue
        if prev is None:
            a, b = g[X0], g[X1]
        else:
            if ch == prev[CH]:
                tol = 0.3 * (g[SIZE] or 1.0)
                if g[X0] - prev[X0] < tol and abs(g[TOP] - prev[TOP]) < tol:
                    doubled += 1
                    continue
            if g[X0] - b >= (g[SIZE] or 1.0):
                ink.append((a, b))
                a, b = g[X0], g[X1]
            elif g[X1] > b:
                b = g[X1]
        solid.append(g)
        prev = g
    if not solid:
        return None
    ink.append((a, b))
    return _Part(solid, spaces, doubled, ink)


# ---------------------------------------------------------------- columns


def _find_gutter(parts: list[_Part]) -> tuple[float, float] | None:
    """A vertical gutter that splits the page into two columns, or None.

    Columns are recognised by what justified column text does: most rows leave the gutter empty, many
    left-column rows end right at its left edge, right-column rows start right after it, and the two
    columns have comparable widths."""
    body = [p for p in parts if len(p.solid) >= 2]
    if len(body) < 6:
        return None
    left = min([p.x0 for p in body])
    right = max([p.x1 for p in body])
    width = right - left
    em = sorted([p.em for p in body])[len(body) // 2]
    if width < 20 * em:
        return None
    lo, hi = left + 0.25 * width, left + 0.75 * width
    # cheap test first: a row whose glyphs run through the middle half without a 1 em hole crosses
    # every possible gutter; too many of them and there are no columns
    inks = []
    crossing = 0
    for p in body:
        inks.append((p.ink, p.em))
        if p.x0 <= lo and p.x1 >= hi and any(a <= lo and b >= hi for a, b in p.ink):
            crossing += 1
    if crossing > 0.35 * len(body):
        return None
    n = int(width) + 2
    diff = [0] * (n + 1)
    for ink, _ in inks:
        for a, b in ink:
            diff[int(a - left)] += 1
            diff[int(b - left) + 1] -= 1
    cover = list(accumulate(diff))
    ilo, ihi = int(0.25 * width), int(0.75 * width)
    best = min(cover[ilo:ihi])
    if best > 0.35 * len(body):
        return None
    # the widest run of minimal coverage in the middle half (extended beyond it)
    hits = [i for i in range(ilo, ihi) if cover[i] == best]
    runs: list[list[int]] = []
    for i in hits:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    k, j = max(runs, key=lambda r: r[1] - r[0])
    while k > 0 and cover[k - 1] == best:
        k -= 1
    while j + 1 < n and cover[j + 1] == best:
        j += 1
    best_run = (k, j)
    g0, g1 = left + best_run[0], left + best_run[1] + 1
    if not (0.5 * em <= g1 - g0 <= max(4 * em, 0.12 * width)):
        return None
    lw, rw = g0 - left, right - g1
    if min(lw, rw) < 0.5 * max(lw, rw):
        return None
    reach = starts = left_rows = 0
    for ink, e in inks:
        if any(a < g1 and b > g0 for a, b in ink):
            continue
        if ink[0][0] < g0:
            left_rows += 1
            if any(g0 - 1.5 * e <= b <= g0 + 1 for a, b in ink):
                reach += 1
        if any(g1 - 1 <= a <= g1 + 3 * e for a, b in ink):
            starts += 1
    if reach < 3 or starts < 3 or reach < 0.3 * left_rows:
        return None
    return g0, g1


def _reading_order(rows: list[list[Glyph]]) -> list[_Part]:
    """Parts in reading order: rows top to bottom, or on a two-column page, bands of rows read left
    column then right column, split by rows that cross the gutter (a title, a full-width line)."""
    parts = [p for p in map(_part, rows) if p is not None]
    parts.sort(key=lambda p: p.top)
    gutter = _find_gutter(parts)
    if gutter is None:
        return parts
    g0, g1 = gutter
    mid = (g0 + g1) / 2
    out: list[_Part] = []
    band: list[_Part] = []

    def flush() -> None:
        halves: tuple[list[_Part], list[_Part]] = ([], [])
        for p in band:
            for col, half in enumerate(_split(p, mid)):
                if half is not None:
                    half.col, half.ncols = col, 2
                    half.cx0, half.cx1 = (-INF, mid) if col == 0 else (mid, INF)
                    halves[col].append(half)
        out.extend(halves[0])
        out.extend(halves[1])
        band.clear()

    for p in parts:
        if any(a < g1 and b > g0 for a, b in p.ink):
            flush()
            out.append(p)
        else:
            band.append(p)
    flush()
    return out


def _split(p: _Part, mid: float) -> tuple[_Part | None, _Part | None]:
    """The left and right halves of a part, at x = mid (glyphs go by their centre)."""
    twice = 2 * mid
    i = bisect_left(p.solid, twice, key=_x0_plus_x1)
    k = bisect_left(p.spaces, twice, key=_x0_plus_x1)
    left, right = p.solid[:i], p.solid[i:]
    return (
        _Part(left, p.spaces[:k], p.doubled, [(a, b) for a, b in p.ink if b <= mid]) if left else None,
        _Part(right, p.spaces[k:], 0, [(a, b) for a, b in p.ink if a >= mid]) if right else None,
    )


def _x0_plus_x1(g: Glyph) -> float:
    return g[X0] + g[X1]


# ---------------------------------------------------------------- one line's text


def _spacing(
    prev: str,
    nxt: str,
    gap: float,
    spaces: list[Glyph],
    em: float,
    gap_spaces: bool = True,
    line_unit: float = 0.0,
) -> str:
    """What a person sees between two glyphs (or blank marks) ``gap`` points apart. ``spaces`` are the
    space glyphs drawn in the gap, ``line_unit`` the width of a space glyph elsewhere on the line (0 if
    none); ``gap_spaces``: may a gap with nothing drawn in it stand for spaces (not for OCR boxes, whose
    glyph widths are estimates and whose text already has its spaces)."""
    widths = sorted([g[X1] - g[X0] for g in spaces if g[X1] - g[X0] > 0.1 * em]) if spaces else []
    unit = widths[len(widths) // 2] if widths else 0.0
    if gap >= BLANK_GAP_EM * em:
        return " " * max(2, round(gap / (unit or line_unit or 0.5 * em)))
    pw, nw = is_wide(prev), is_wide(nxt)
    if unit and gap >= 1.6 * unit and (pw or nw):
        # spaces typed on purpose next to CJK (签订日期：    年  月  日): a gap worth two or more of the
        # space glyphs drawn in it (a PDF writer may draw one glyph for a run and skip the rest)
        return " " * round(gap / unit)
    if pw and nw:
        if gap_spaces and not spaces and gap >= 0.45 * em:
            # a visible hole between CJK glyphs with nothing drawn in it (justification stays far below
            # half an em): spaces of the line's space width, or ideographic spaces of one em each
            if line_unit:
                n = round(gap / line_unit)
                return " " * n if n >= 2 else ""
            return "\u3000" * round(gap / em) if gap >= 0.75 * em else "  "
        return ""  # inter-character gaps, justification, a single space between CJK glyphs
    if pw or nw:
        # CJK next to Latin/digits: layout engines add a gap (autospace) that is not a space; next to a
        # symbol (□ ☑) a word-sized gap is the space a person typed
        other = prev if nw else nxt
        if spaces or (gap_spaces and not other.isascii() and not other.isalnum() and gap > 0.18 * em):
            return " "
        return ""
    return " " if spaces or (gap_spaces and gap > 0.18 * em) else ""


def _space_unit(part: _Part) -> float:
    """The width of the space glyphs drawn on a line (0 when it has none)."""
    widths = sorted([g[X1] - g[X0] for g in part.spaces if g[X1] - g[X0] > 0.1 * part.em])
    return widths[len(widths) // 2] if widths else 0.0


def _text(part: _Part, gap_spaces: bool) -> str:
    """The text of a part without rules: the common case, kept tight (most glyph pairs are CJK next to
    CJK with no space glyph between them and need no decision)."""
    em = part.em
    word_gap = 0.18 * em
    spaces = part.spaces
    nsp = len(spaces)
    unit = _space_unit(part) if nsp else 0.0
    si = 0
    solid = part.solid
    first = solid[0]
    out = [first[CH]]
    px1, pc = first[X1], first[CH]
    for g in solid[1:]:
        x0, ch = g[X0], g[CH]
        gap = x0 - px1
        if si < nsp and spaces[si][X0] + spaces[si][X1] < 2 * x0:
            between = []
            while si < nsp and spaces[si][X0] + spaces[si][X1] < 2 * x0:
                if spaces[si][X0] >= px1 - 0.5:
                    between.append(spaces[si])
                si += 1
            sep = _spacing(pc, ch, gap, between, em, gap_spaces, unit)
            if sep:
                out.append(sep)
        elif gap >= word_gap or (pc >= "\u2e80") != (ch >= "\u2e80"):
            sep = _spacing(pc, ch, gap, [], em, gap_spaces, unit)
            if sep:
                out.append(sep)
        out.append(ch)
        px1, pc = g[X1], ch
    return "".join(out)


def _text_with_rules(
    part: _Part, rules: list[tuple[float, float]], gap_spaces: bool
) -> tuple[str, list[tuple[int, int]]]:
    """Text and underline spans of a part with rules under it: a rule under glyphs underlines them (and
    the spaces it runs under on either side), a rule under empty space is a blank, written as ``_``
    (one per em, at least two)."""
    solid, em = part.solid, part.em
    # tokens: (x0, x1, text, glyph index in solid or -1 for a blank rule)
    tokens: list[tuple[float, float, str, int]] = [(g[X0], g[X1], g[CH], i) for i, g in enumerate(solid)]
    groups: list[tuple[int, int, float, float]] = []
    centres = [(g[X0] + g[X1]) / 2 for g in solid]
    for rx0, rx1 in rules:
        i = bisect_left(centres, rx0)
        j = bisect_left(centres, rx1) - 1
        if i <= j:
            groups.append((i, j, rx0, rx1))
        else:
            tokens.append((rx0, rx1, "_" * max(2, round((rx1 - rx0) / em)), -1))
    tokens.sort(key=lambda t: t[0])
    spaces = part.spaces
    unit = _space_unit(part)
    parts: list[str] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    # the spaces written before / after a glyph: (count, gap start x, gap end x)
    before: dict[int, tuple[int, float, float]] = {}
    after: dict[int, tuple[int, float, float]] = {}
    pos = 0
    si = 0
    prev: tuple[float, float, str, int] | None = None
    for tok in tokens:
        if prev is not None:
            between = []
            while si < len(spaces) and (spaces[si][X0] + spaces[si][X1]) / 2 < tok[0]:
                if spaces[si][X0] >= prev[1] - 0.5:
                    between.append(spaces[si])
                si += 1
            sep = _spacing(
                "_" if prev[3] < 0 else prev[2], tok[2][0], tok[0] - prev[1], between, em, gap_spaces, unit
            )
            if prev[3] < 0 or tok[3] < 0:
                sep = sep if len(sep) >= 2 else ""  # no space is invented next to a blank rule
            if sep:
                parts.append(sep)
                pos += len(sep)
            gap = (len(sep), prev[1], tok[0])
            if tok[3] >= 0:
                before[tok[3]] = gap
            if prev[3] >= 0:
                after[prev[3]] = gap
        if tok[3] >= 0:
            starts[tok[3]] = pos
        parts.append(tok[2])
        pos += len(tok[2])
        if tok[3] >= 0:
            ends[tok[3]] = pos
        prev = tok
    spans = []
    for i, j, rx0, rx1 in groups:
        a, b = starts[i], ends[j]
        n, g0, g1 = before.get(i, (0, 0.0, 0.0))
        if n and g1 > g0:
            a -= round(n * min(1.0, max(0.0, (g1 - max(rx0, g0)) / (g1 - g0))))
        n, g0, g1 = after.get(j, (0, 0.0, 0.0))
        if n and g1 > g0:
            b += round(n * min(1.0, max(0.0, (min(rx1, g1) - g0) / (g1 - g0))))
        spans.append((a, b))
    return "".join(parts), sorted(spans)


# ---------------------------------------------------------------- a page


def _assign_rules(
    rules: list[Rule], parts: list[_Part], min_em: float = 0.0
) -> dict[int, list[tuple[float, float]]]:
    """Map each rule to the part it underlines: just under the text, within the part's column, at least
    ``min_em`` of that part's em long."""
    out: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for rx0, rx1, y in rules:
        best, best_d = -1, 0.0
        for k, p in enumerate(parts):
            if not (p.top + 0.6 * (p.bottom - p.top) <= y <= p.bottom + 0.45 * p.em):
                continue
            if rx1 <= p.cx0 or rx0 >= p.cx1 or rx1 < p.x0 - 0.5 * p.em or rx0 > p.x1 + 30 * p.em:
                continue
            if rx1 - rx0 < min_em * p.em:
                continue
            d = abs(y - p.bottom)
            if best < 0 or d < best_d:
                best, best_d = k, d
        if best >= 0:
            out[best].append((rx0, rx1))
    for spans in out.values():
        spans.sort()
    return out


def _merge_rules(rules: list[Rule]) -> list[Rule]:
    """Join rule pieces that continue each other on the same y (a run drawn in several segments)."""
    merged: list[list[float]] = []
    for x0, x1, y in sorted(rules, key=lambda r: (round(r[2]), r[0])):
        if merged and abs(merged[-1][2] - y) < 1.0 and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1, y])
    return [(a, b, c) for a, b, c in merged]


def page_lines(page: PageContent, is_bold: Callable[[int], bool] | None = None) -> list[PhysLine]:
    """The physical lines of one page in reading order. ``is_bold(index)`` tells whether a text-layer
    glyph is set bold, when the caller can tell."""
    if not page.glyphs:
        return []
    parts = _reading_order(_group_rows(page.glyphs))
    # in a scan, a glyph's own long stroke (一, 二) looks like a short rule: demand a real run
    min_em = 1.5 if page.source == "ocr" else 0.0
    assigned = _assign_rules(_merge_rules(page.rules), parts, min_em) if page.rules else {}
    gap_spaces = page.source != "ocr"
    out: list[PhysLine] = []
    for k, p in enumerate(parts):
        rules = assigned.get(k)
        x0, x1 = p.x0, p.x1
        if rules:
            text, spans = _text_with_rules(p, rules, gap_spaces)
            x0, x1 = min(x0, rules[0][0]), max(x1, max(r[1] for r in rules))
        else:
            text, spans = _text(p, gap_spaces), []
        bold = p.doubled > 0 and p.doubled >= len(p.solid) // 2
        if not bold and is_bold is not None and p.solid[0][IDX] >= 0:
            bold = is_bold(p.solid[0][IDX]) and is_bold(p.solid[-1][IDX])
        out.append(
            PhysLine(
                page=page.number,
                text=text,
                underlines=spans,
                x0=x0,
                x1=x1,
                top=p.top,
                bottom=p.bottom,
                em=p.em,
                col=p.col,
                ncols=p.ncols,
                bold=bold,
                source=page.source,
                page_width=page.width,
                page_height=page.height,
            )
        )
    return out


# ---------------------------------------------------------------- headers, footers, page numbers, watermarks

_PAGE_NO = re.compile(
    r"""^(?:
        第[0-9一二三四五六七八九十百零〇]+页[,，/]?(?:共[0-9一二三四五六七八九十百零〇]+页)?
      | 共[0-9]+页[,，/]?第[0-9]+页
      | [-–—－~·•]?[0-9]+[-–—－~·•]?
      | [0-9]+/[0-9]+
      | (?:page)?[0-9]+(?:of[0-9]+)?
    )$""",
    re.X | re.I,
)
_BARE_NO = re.compile(r"^[-–—－~·•]?[0-9]+[-–—－~·•]?$")
#: top/bottom fraction of the page where running headers and footers live
BAND = 0.13


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _band(line: PhysLine) -> str | None:
    h = line.page_height or 1.0
    if line.bottom <= BAND * h:
        return "top"
    if line.top >= (1 - BAND) * h:
        return "bottom"
    return None


def is_page_number(line: PhysLine, first: bool, last: bool) -> bool:
    """`第 3 页 共 9 页`, `- 3 -`, `Page 3 of 9`, `3/9` in a header/footer band; a bare number only at the foot."""
    s = _squash(line.text)
    if not s or len(s) > 20 or not _PAGE_NO.match(s):
        return False
    band = _band(line)
    if _BARE_NO.match(s):
        return band == "bottom" or (last and line.top >= 0.75 * (line.page_height or 1.0))
    return band is not None or first or last


def _repeated(pages: list[list[PhysLine]]) -> set[tuple[int, int]]:
    """(page index, line index) of header/footer-band lines repeated at the same place (±1.5 % of the
    page height, digits ignored) on at least 3 pages, or on half the pages and at least 2."""
    npages = len(pages)
    if npages < 2:
        return set()
    by_key: dict[str, list[tuple[float, int, int]]] = defaultdict(list)
    for p, lines in enumerate(pages):
        for i, line in enumerate(lines):
            if _band(line):
                by_key[_DIGITS.sub("#", _squash(line.text))].append((line.top, p, i))
    need = 3 if npages >= 6 else 2
    out: set[tuple[int, int]] = set()
    for entries in by_key.values():
        if len(entries) < need:
            continue
        entries.sort()
        # clusters of lines whose tops are within tolerance of their neighbour: one pass, linear
        cluster = [entries[0]]
        for entry in [*entries[1:], None]:
            if entry is not None and entry[0] - cluster[-1][0] <= 0.015 * (
                pages[entry[1]][entry[2]].page_height or 800
            ):
                cluster.append(entry)
                continue
            hit = {p for _t, p, _i in cluster}
            if len(hit) >= need and (len(hit) >= 3 or len(hit) >= 0.5 * npages):
                out.update((p, i) for _t, p, i in cluster)
            if entry is not None:
                cluster = [entry]
    return out


_DIGITS = re.compile(r"[0-9]+")


def remove_furniture(pages: list[list[PhysLine]]) -> list[list[PhysLine]]:
    """Drop page numbers, lines repeated at the same place on many pages (running headers/footers) and
    big repeated watermark lines."""
    repeated = _repeated(pages)
    sizes = Counter(round(line.em) for lines in pages for line in lines)
    body_em = sizes.most_common(1)[0][0] if sizes else 10
    big: dict[str, set[int]] = defaultdict(set)
    for p, lines in enumerate(pages):
        for line in lines:
            if line.em >= 2.5 * body_em:
                big[_squash(line.text)].add(p)
    out = []
    for p, lines in enumerate(pages):
        kept = []
        for i, line in enumerate(lines):
            if (p, i) in repeated or is_page_number(line, i == 0, i == len(lines) - 1):
                continue
            if line.em >= 2.5 * body_em and len(big[_squash(line.text)]) >= 2:
                continue  # a large line repeated on pages: a watermark
            kept.append(line)
        out.append(kept)
    return out


# ---------------------------------------------------------------- joining wrapped lines

_NUM = "0-9一二三四五六七八九十百千零〇两"
#: starts that always begin a new line: headings, items, labels
_STARTS = re.compile(
    rf"""^\s*(?:
        第[{_NUM}]+[条章节部分篇款项]
      | [一二三四五六七八九十百]+\s*[、．.]
      | [（(]\s*[{_NUM}]+\s*[）)]
      | [0-9]{{1,2}}\s*[、．)）](?![0-9])
      | [0-9]{{1,2}}\.(?![0-9])
      | [0-9]{{1,2}}(?:[.．][0-9]{{1,2}})+\s
      | [0-9]{{1,2}}(?:[.．][0-9]{{1,2}}){{2,}}
      | [①-⑳⑴-⒇⒈-⒛❶-❿]
      | [□☐☑■●•◆◇○▪\-–—]
      | 附[件录表]
      | 以下无正文 | （以下
    )""",
    re.X,
)
#: a field label (甲方：, 联系电话：); it starts a new line after another label or a finished sentence, and
#: after prose cut mid-sentence only when it names a party or a contact field
_LABEL = re.compile(r"^\s*([\u4e00-\u9fff（）()]{1,10})[:：]")
_FIELD_WORDS = re.compile(
    r"[甲乙丙丁]方|出租|承租|出借|借款|委托|受托|买方|卖方|地址|住所|电话|手机|传真|邮箱|邮编|联系|代表|"
    r"代理|身份证|证件|账号|账户|户名|开户|名称|日期|时间|签字|签章|盖章|法人"
)
#: starts that look like a clause number but also occur mid-sentence (1.5倍, 3.5%)
_WEAK_STARTS = re.compile(r"^\s*[0-9]{1,2}(?:[.．][0-9]{1,2})+")
_TERMINAL = tuple("。！？；：!?;:")
#: marks that may not start a line in CJK typesetting (the line before breaks early to keep them off)
_NO_LINE_START = frozenset("，。、；：？！）」』》〉”’…,.;:?!)")
#: how the tail of a wrapped sentence ends (a title-like short line does not)
_CLOSERS = tuple("。！？；：，、!?;:,.）)”’》")


@dataclass(slots=True)
class JoinedLine:
    page: int
    text: str
    underlines: list[tuple[int, int]]
    bold: bool
    source: str


def _frame_key(line: PhysLine) -> tuple[int, int, int]:
    return (round(line.page_width), line.ncols, line.col)


def _edges(lines: list[PhysLine]) -> tuple[dict, dict]:
    """Typical right edge and left margin of each frame (page width, columns, column)."""
    xs1: dict[tuple, list[float]] = defaultdict(list)
    xs0: dict[tuple, list[float]] = defaultdict(list)
    ems: dict[tuple, list[float]] = defaultdict(list)
    for line in lines:
        k = _frame_key(line)
        xs1[k].append(line.x1)
        xs0[k].append(line.x0)
        ems[k].append(line.em)
    right, left = {}, {}
    for k in xs1:
        em = sorted(ems[k])[len(ems[k]) // 2]
        right[k] = _cluster_edge(xs1[k], em, highest=True)
        left[k] = _cluster_edge(xs0[k], em, highest=False)
    return right, left


def _cluster_edge(values: list[float], em: float, *, highest: bool) -> float:
    """The outermost x that enough lines reach (within 0.75 em): the margin, not an outlier."""
    vals = sorted(values, reverse=highest)
    need = max(2, len(vals) // 10)
    if len(vals) < 2:
        return vals[0]
    j = 0
    for i, v in enumerate(vals):
        while abs(vals[j] - v) > 0.75 * em:
            j += 1
        if i - j + 1 >= need:
            return vals[j]
    return vals[0]


def join_lines(lines: list[PhysLine]) -> list[JoinedLine]:
    """Re-join lines the PDF wrapped: a line reaching the right margin continues into the next one,
    unless the next one starts a heading/item/label or is set apart (indent after a full stop, a
    bigger gap, another size or weight)."""
    if not lines:
        return []
    right, left = _edges(lines)
    pitch = _pitches(lines)
    indent = _indent_convention(lines, right, left)
    out: list[JoinedLine] = []
    cur: JoinedLine | None = None
    for i, line in enumerate(lines):
        if cur is not None and _continues(lines[i - 1], line, right, left, pitch, indent):
            sep = _glue(cur.text[-1:], line.text[:1])
            offset = len(cur.text) + len(sep)
            cur.text += sep + line.text
            cur.underlines.extend((a + offset, b + offset) for a, b in line.underlines)
            continue
        cur = JoinedLine(line.page, line.text, list(line.underlines), line.bold, line.source)
        out.append(cur)
    return out


def _glue(end: str, start: str) -> str:
    """What goes between two parts of a wrapped line: nothing for CJK, a space for a wrapped English
    phrase (not inside a hyphenated word or a wrapped number)."""
    if not (end.isascii() and start.isascii() and end.strip() and start.isalnum()):
        return ""
    if end in "-/" or (end.isdigit() and start.isdigit()):
        return ""
    return " "


def _pitches(lines: list[PhysLine]) -> dict[int, float]:
    """Median distance between consecutive lines' tops, per page."""
    diffs: dict[int, list[float]] = defaultdict(list)
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.col == b.col and a.ncols == b.ncols and b.top > a.top:
            diffs[a.page].append(b.top - a.top)
    return {p: sorted(d)[len(d) // 2] for p, d in diffs.items() if d}


def _indent_convention(lines: list[PhysLine], right: dict, left: dict) -> bool:
    """Do paragraphs here start with a first-line indent? Looks at lines that follow a short line."""
    starts = indented = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if a.x1 >= right[_frame_key(a)] - MARGIN_EM * a.em or _STARTS.match(b.text) or _LABEL.match(b.text):
            continue
        starts += 1
        if b.x0 >= left[_frame_key(b)] + 1.5 * b.em:
            indented += 1
    return starts >= 3 and indented >= 0.5 * starts


def _continues(a: PhysLine, b: PhysLine, right: dict, left: dict, pitch: dict, indent: bool) -> bool:
    if not a.text.strip() or not b.text.strip():
        return False
    edge = right[_frame_key(a)]
    if a.x1 < edge - MARGIN_EM * a.em and not (
        # kinsoku: the line broke a glyph early so that a mark that may not start a line (，。、…)
        # follows it on the next line
        a.x1 >= edge - 2.6 * a.em and len(b.text) >= 2 and b.text[1] in _NO_LINE_START
    ):
        return False
    if b.page not in (a.page, a.page + 1):
        return False
    if not 0.8 <= b.em / a.em <= 1.25 or (b.bold and not a.bold):
        return False
    if b.page == a.page and a.col == b.col and a.ncols == b.ncols:
        p = pitch.get(a.page)
        if b.top <= a.top or (p and b.top - a.top > 1.6 * p):
            return False
    if _STARTS.match(b.text):
        return False
    label = _LABEL.match(b.text)
    if label and (
        _LABEL.match(a.text) or a.text.rstrip().endswith(_TERMINAL) or _FIELD_WORDS.search(label.group(1))
    ):
        return False
    at_margin = b.x0 <= left[_frame_key(b)] + 0.5 * b.em
    if a.text.rstrip().endswith(_TERMINAL):
        # a sentence ended exactly at the margin: the next line continues only if paragraphs here are
        # marked by an indent and this one is not indented, and it is not a short title-like line
        short = b.x1 < right[_frame_key(b)] - MARGIN_EM * b.em
        if short and not b.text.rstrip().endswith(_CLOSERS):
            return False
        return indent and at_margin and not _WEAK_STARTS.match(b.text)
    if indent and not at_margin and b.x0 >= left[_frame_key(b)] + 1.5 * b.em:
        return False
    return True


# ---------------------------------------------------------------- repairs for text that came from OCR

_SPACED_DIGITS = re.compile(r"(?<![0-9])[0-9](?: [0-9]){2,}(?![0-9])")
_DIGIT_CJK_SPACE = re.compile(r"(?<=[0-9]) (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) (?=[0-9])")
_BOX_CANDIDATE = re.compile(r"(?:(?<=^)|(?<=[\s:：，,、；;。）)]))口(?=\s*[\u4e00-\u9fff])")


_ITEM_DOT = re.compile(r"^([ \u3000]*[0-9]{1,2})[·•∙]")


def repair_ocr_text(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Conservative repairs of typical OCR confusions, only where unambiguous:

    - ``1 2 0 0`` (three or more single digits separated by single spaces) -> ``1200``;
    - a single space between a digit and a CJK character (``1200 元``) is dropped;
    - ``口`` standing alone before an option (after a line start, space or punctuation) -> ``□``, only
      when the line has two such options or already has a checkbox (□☐☑);
    - ``1·`` at the start of a line (an item number whose ``．`` was read as a middle dot) -> ``1．``;
    - ``申方`` (no such word) -> ``甲方``.
    """
    deletions: list[int] = []
    for m in _SPACED_DIGITS.finditer(text):
        deletions.extend(i for i in range(m.start(), m.end()) if text[i] == " ")
    for m in _DIGIT_CJK_SPACE.finditer(text):
        deletions.append(m.start())
    if deletions:
        drop = set(deletions)
        keep_map = []
        new = []
        for i, ch in enumerate(text):
            keep_map.append(len(new))
            if i not in drop:
                new.append(ch)
        keep_map.append(len(new))
        text = "".join(new)
        spans = [(keep_map[a], keep_map[b]) for a, b in spans if keep_map[b] > keep_map[a]]
    boxes = list(_BOX_CANDIDATE.finditer(text))
    if boxes and (len(boxes) >= 2 or any(c in text for c in "□☐☑")):
        chars = list(text)
        for m in boxes:
            chars[m.start()] = "□"
        text = "".join(chars)
    # one character for one, so spans stand: an item's full-width point read as a middle dot (1· -> 1．),
    # and 申方, no word at all, for 甲方
    text = _ITEM_DOT.sub(r"\1．", text)
    text = text.replace("申方", "甲方")
    return text, spans
