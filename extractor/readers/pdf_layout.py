"""PDF layout: glyph boxes -> physical lines -> the Lines a person reads.

Format-neutral: the glyphs come from a PDF text layer (pypdfium2) or from OCR boxes, in points with y
growing downwards.  Steps, all linear (or n log n) in the number of glyphs:

1. ``page_lines``: glyphs inside a ruled table (horizontal and vertical borders that meet) go to their
   cells, each cell read on its own and placed where the table stands; the other glyphs are grouped into
   rows by their vertical centre (never by content-stream order), each row sorted by x; a page whose
   rows leave a consistent vertical gutter is read column by column;
   spaces are rebuilt from x-gaps (layout gaps between CJK glyphs vanish, gaps of 2 em or more become
   spaces), fake-bold doubles are dropped, drawn underline rules become ``____`` (over empty space) or
   underline spans (under text), and so do underscores that text was typed over.
2. ``remove_furniture``: running headers/footers, page numbers and repeated watermark lines go.
3. ``join_lines``: a line that runs to the right margin continues into the next one (also across a
   page break) unless the next one starts a heading or item; a line in a table cell continues only in
   its own cell.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

# glyph tuple fields: (x0, x1, top, bottom, size, char, index); index is the text-layer char index or -1
X0, X1, TOP, BOT, SIZE, CH, IDX = range(7)
Glyph = tuple[float, float, float, float, float, str, int]
#: a horizontal rule that may underline text: (x0, x1, y)
Rule = tuple[float, float, float]
#: a vertical rule (a table border): (x, top, bottom)
VRule = tuple[float, float, float]

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
    #: table borders: horizontal rules that meet a vertical one, and the vertical rules
    borders: list[Rule] = field(default_factory=list)
    verticals: list[VRule] = field(default_factory=list)


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
    #: (table, row, column) when the line sits in a table cell (the table numbered per page until
    #: :func:`number_tables` numbers them per document), the cell's right border, the table's column borders
    cell: tuple[int, int, int] | None = None
    cell_x1: float = 0.0
    table_cols: tuple[float, ...] = ()
    #: offsets into ``text`` where a picture stands (a signature's or a seal's image)
    pictures: list[int] = field(default_factory=list)


class _Part:
    """A row of glyphs, or a row's part in one column: solid glyphs and space glyphs, sorted by x, and
    the x-intervals of its ink (glyphs closer than 1 em merged)."""

    __slots__ = (
        "bottom",
        "cell",
        "col",
        "cx0",
        "cx1",
        "doubled",
        "em",
        "ink",
        "marks",
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
        self.cell: tuple[int, int, int] | None = None
        #: underlines the glyphs themselves show (a value typed over ``____``): x-intervals
        self.marks: list[tuple[float, float]] = []


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
    unders = 0
    prev: Glyph | None = None
    a = b = 0.0
    for g in glyphs:
        ch = g[CH]
        if ch in SPACES:
            spaces.append(g)
            continue
        if ch in _UNDERSCORES:
            unders += 1
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
    marks: list[tuple[float, float]] = []
    if unders and unders < len(solid):
        solid, marks = _uncover(solid)
    part = _Part(solid, spaces, doubled, ink)
    part.marks = marks
    return part


_UNDERSCORES = frozenset("_＿")


def _uncover(solid: list[Glyph]) -> tuple[list[Glyph], list[tuple[float, float]]]:
    """Text typed over a run of underscores (Fill & Sign, flattened form fields): the underscores under
    other glyphs are dropped and the run becomes an underline mark under the text; the underscores of
    the run left uncovered (the empty rest of a partly filled blank) become underlined spaces, as the
    rest of a drawn underline does."""
    others = [g for g in solid if g[CH] not in _UNDERSCORES]
    starts = [g[X0] for g in others]
    widest = max([g[X1] - g[X0] for g in others])
    runs: list[list[tuple[Glyph, bool]]] = []
    for g in solid:
        if g[CH] not in _UNDERSCORES:
            continue
        w = g[X1] - g[X0]
        covered = False
        j = bisect_left(starts, g[X1])
        while j > 0 and others[j - 1][X0] > g[X0] - widest:
            o = others[j - 1]
            if min(o[X1], g[X1]) - max(o[X0], g[X0]) > 0.3 * w:
                covered = True
                break
            j -= 1
        if runs and g[X0] - runs[-1][-1][0][X1] <= 0.3 * (g[SIZE] or w):
            runs[-1].append((g, covered))
        else:
            runs.append([(g, covered)])
    centres = sorted([(g[X0] + g[X1]) / 2 for g in others])
    change: dict[int, Glyph | None] = {}  # id of an underscore -> a space in its place, or None: drop
    marks: list[tuple[float, float]] = []
    for run in runs:
        if not any(c for _g, c in run):
            continue
        # written on: a glyph stands inside the run, not a neighbour's box reaching into its end
        a, b = run[0][0][X0], run[-1][0][X1]
        pad = 0.25 * (run[0][0][X1] - a)
        i = bisect_left(centres, a + pad)
        if i == len(centres) or centres[i] > b - pad:
            continue
        marks.append((run[0][0][X0], run[-1][0][X1]))
        for g, covered in run:
            change[id(g)] = None if covered else (*g[:CH], " ", g[IDX])
    if not change:
        return solid, []
    out = []
    for g in solid:
        if id(g) in change:
            g = change[id(g)]
            if g is None:
                continue
        out.append(g)
    return out, marks


# ---------------------------------------------------------------- columns


#: the widest span of text a page can hold, in points (PDF caps a page at 14,400 units a side)
MAX_PAGE_SPAN = 15_000.0


def _find_gutter(parts: list[_Part], height: float = 0.0) -> tuple[float, float] | None:
    """A vertical gutter that splits the page into two columns, or None.

    Columns are recognised by what justified column text does: most rows leave the gutter empty, many
    left-column rows end right at its left edge, right-column rows start right after it, and the two
    columns have comparable widths.  Rows in the header and footer bands are no evidence either way (a
    page number centred under two columns sits in the gutter)."""
    top, bottom = BAND * height, (1 - BAND) * height
    body = [p for p in parts if len(p.solid) >= 2 and not (height and (p.bottom <= top or p.top >= bottom))]
    if len(body) < 6:
        return None
    left = min([p.x0 for p in body])
    right = max([p.x1 for p in body])
    width = right - left
    if not 0 < width <= MAX_PAGE_SPAN:
        return None  # coordinates no real page has (a damaged or hostile file): no columns to find
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


def _reading_order(rows: list[list[Glyph]], height: float = 0.0) -> list[_Part]:
    """Parts in reading order: rows top to bottom, or on a two-column page, bands of rows read left
    column then right column, split by rows that cross the gutter (a title, a full-width line)."""
    parts = [p for p in map(_part, rows) if p is not None]
    parts.sort(key=lambda p: p.top)
    gutter = _find_gutter(parts, height)
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
    lp = _Part(left, p.spaces[:k], p.doubled, [(a, b) for a, b in p.ink if b <= mid]) if left else None
    rp = _Part(right, p.spaces[k:], 0, [(a, b) for a, b in p.ink if a >= mid]) if right else None
    for a, b in p.marks:
        half = lp if a + b < twice else rp
        if half is not None:
            half.marks.append((a, b))
    return lp, rp


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
        if prev in _OPENING and nxt in _CLOSING:
            # a bracket blank typed with one space, （ ） or 【 】: the space is the blank
            if spaces or (gap_spaces and gap > 0.18 * em):
                return " "
            if not gap_spaces and gap >= 0.3 * em:  # OCR boxes are rough: only a clear hole counts
                return "\u3000" * round(gap / em) if gap >= 0.75 * em else " "
        return ""  # inter-character gaps, justification, a single space between CJK glyphs
    if pw or nw:
        # CJK next to Latin/digits: layout engines add a gap (autospace) that is not a space; next to a
        # symbol (□ ☑) a word-sized gap is the space a person typed
        other = prev if nw else nxt
        if spaces or (gap_spaces and not other.isascii() and not other.isalnum() and gap > 0.18 * em):
            return " "
        return ""
    return " " if spaces or (gap_spaces and gap > 0.18 * em) else ""


_OPENING = frozenset("（【〔［｛〈《「『〖(")
_CLOSING = frozenset("）】〕］｝〉》」』〗)")


def _label_end(solid: list[Glyph]) -> int:
    """The index of the glyph after a heading label (第一条, 第三章) that starts the line, 0 if none:
    a word gap there is the space typed after the label (a single space between CJK glyphs is
    otherwise layout)."""
    if solid[0][CH] != "第":
        return 0
    m = _HEAD_LABEL.match("".join([g[CH] for g in solid[:12]]))
    return m.end() if m and m.end() < len(solid) else 0


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
    text = "".join(out)
    if first[CH] == "第":
        k = _label_end(solid)
        # the label's glyphs came out as they are, with nothing after them: the word gap is its space
        if k and text[k] == solid[k][CH] and solid[k][X0] - solid[k - 1][X1] > word_gap:
            text = f"{text[:k]} {text[k:]}"
    return text


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
    label = _label_end(solid)
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
            elif label and tok[3] == label and not sep and tok[0] - prev[1] > 0.18 * em:
                sep = " "
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


# ---------------------------------------------------------------- tables (ruled grids)

#: how far apart (pt) two border lines may be and still be one line, or touch
GRID_TOL = 3.0


class _Cell:
    """One cell of a ruled table: its box, its place, the glyphs whose centre falls in it."""

    __slots__ = ("bottom", "col", "glyphs", "row", "top", "x0", "x1")

    def __init__(self, x0: float, x1: float, top: float, bottom: float, row: int, col: int):
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.row, self.col = row, col  # row: the band the cell starts in (renumbered later)
        self.glyphs: list[Glyph] = []


class _Table:
    """A grid of cells: horizontal border lines ``ys`` cut it into bands, each band into cells at the
    vertical borders that cross it (a cell whose top border is missing continues the cell above it)."""

    __slots__ = ("bands", "cells", "cols", "reach0", "reach1", "seps", "x0", "x1", "ys")

    def __init__(self, x0: float, x1: float, ys: list[float], cols: tuple[float, ...]):
        self.x0, self.x1, self.ys, self.cols = x0, x1, ys, cols
        # how far out glyphs still belong to the outer cells (beyond a page edge the table is cut at)
        self.reach0, self.reach1 = x0 - 1, x1 + 1
        self.bands: list[list[_Cell]] = []
        self.seps: list[list[float]] = []  # each band's cell left edges, for bisect
        self.cells: list[_Cell] = []

    def cell_at(self, x: float, y: float) -> _Cell | None:
        """The cell at a point inside the table's box."""
        k = min(bisect_right(self.ys, y), len(self.bands)) - 1
        band = self.bands[k]
        if not band:
            return None
        return band[max(0, bisect_right(self.seps[k], x) - 1)]


def _cluster(values: list[float]) -> list[float]:
    """Sorted values with those closer than GRID_TOL to the previous one merged (first one kept)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > GRID_TOL:
            out.append(v)
    return out


def find_tables(hs: list[Rule], vs: list[VRule], width: float = 0.0) -> list[_Table]:
    """Ruled tables: groups of horizontal and vertical border lines that touch each other, with at
    least two rows of borders and a row of two or more cells (a framed box is not a table).  A table
    running off the page (``width``) keeps the glyphs beyond the edge in its outer cells."""
    if not hs or not vs:
        return []
    n = len(hs)
    parent = list(range(n + len(vs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(vs)), key=lambda j: vs[j][0])
    xs = [vs[j][0] for j in order]
    for i, (x0, x1, y) in enumerate(hs):
        for k in range(bisect_left(xs, x0 - GRID_TOL), bisect_right(xs, x1 + GRID_TOL)):
            j = order[k]
            if vs[j][1] - GRID_TOL <= y <= vs[j][2] + GRID_TOL:
                a, b = root(i), root(n + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Rule], list[VRule]]] = defaultdict(lambda: ([], []))
    for i in range(n):
        groups[root(i)][0].append(hs[i])
    for j in range(len(vs)):
        groups[root(n + j)][1].append(vs[j])
    tables = [t for h, v in groups.values() if h and v for t in [_grid(h, v)] if t is not None]
    tables.sort(key=lambda t: t.ys[0])
    for t in tables:
        if t.x0 <= GRID_TOL:
            t.reach0 = -INF
        if width and t.x1 >= width - GRID_TOL:
            t.reach1 = INF
    return tables


def _grid(hs: list[Rule], vs: list[VRule]) -> _Table | None:
    ys = _cluster([y for _a, _b, y in hs])
    if len(ys) < 2:
        return None
    left = min(min([h[0] for h in hs]), min([v[0] for v in vs]))
    right = max(max([h[1] for h in hs]), max([v[0] for v in vs]))
    cols = _cluster([left, right, *[v[0] for v in vs]])
    # the border segments on each border line, to tell a cell that continues the one above it
    on_line: list[list[tuple[float, float]]] = [[] for _ in ys]
    for x0, x1, y in hs:
        k = min(max(0, bisect_left(ys, y - GRID_TOL)), len(ys) - 1)
        on_line[k].append((x0, x1))
    table = _Table(left, right, ys, tuple(cols))
    wide = False
    for k in range(len(ys) - 1):
        top, bottom = ys[k], ys[k + 1]
        mid = (top + bottom) / 2
        seps = _cluster([x for x, t, b in vs if t - GRID_TOL <= mid <= b + GRID_TOL])
        if not seps or seps[0] > left + GRID_TOL:
            seps.insert(0, left)
        if seps[-1] < right - GRID_TOL:
            seps.append(right)
        band: list[_Cell] = []
        above = table.bands[-1] if table.bands else []
        for a, b in zip(seps, seps[1:], strict=False):
            m = (a + b) / 2
            cell = None
            if k and not any(x0 - GRID_TOL <= m <= x1 + GRID_TOL for x0, x1 in on_line[k]):
                # no border over this cell: a cell merged with the one above
                cell = next(
                    (c for c in above if abs(c.x0 - a) <= GRID_TOL and abs(c.x1 - b) <= GRID_TOL), None
                )
                if cell is not None:
                    cell.bottom = bottom
            if cell is None:
                cell = _Cell(a, b, top, bottom, k, bisect_left(cols, a - GRID_TOL))
                table.cells.append(cell)
            band.append(cell)
        wide = wide or len(band) >= 2
        table.bands.append(band)
        table.seps.append([c.x0 for c in band])
    return table if wide else None


def _table_parts(tables: list[_Table], glyphs: list[Glyph]) -> tuple[list[Glyph], list[list[_Part]]]:
    """Share the glyphs out to the table cells; the glyphs outside any table, and each table's parts in
    reading order (row by row, cell by cell, each cell's rows top to bottom; an empty cell in a row
    that has text is an empty part, so that an empty value cell is seen)."""
    rest: list[Glyph] = []
    boxes = [(t.ys[0] * 2, t.ys[-1] * 2, t.reach0 * 2, t.reach1 * 2, t) for t in tables]
    for g in glyphs:
        cx2, cy2 = g[X0] + g[X1], g[TOP] + g[BOT]  # twice the centre
        for y0, y1, x0, x1, t in boxes:
            if y0 <= cy2 <= y1 and x0 <= cx2 <= x1:
                cell = t.cell_at(cx2 / 2, cy2 / 2)
                if cell is not None:
                    cell.glyphs.append(g)
                    break
        else:
            rest.append(g)
    out: list[list[_Part]] = []
    for index, t in enumerate(tables):
        cells = sorted(t.cells, key=lambda c: (c.row, c.x0))
        filled = sorted({c.row for c in cells if c.glyphs})
        rows = {band: r for r, band in enumerate(filled)}
        parts: list[_Part] = []
        for c in cells:
            r = rows.get(c.row)
            if r is None:
                continue
            where = (index, r, c.col)
            cell_parts = [p for p in map(_part, _group_rows(c.glyphs)) if p is not None]
            if not cell_parts:
                cell_parts = [_empty_part(c)]
            cell_parts.sort(key=lambda p: p.top)
            for p in cell_parts:
                p.cx0, p.cx1, p.cell = c.x0, c.x1, where
            parts.extend(cell_parts)
        if parts:
            out.append(parts)
    return rest, out


def _empty_part(c: _Cell) -> _Part:
    """The part of an empty cell: no glyphs, the cell's box (em: 10 pt, only compared for joining)."""
    part = _Part([(c.x0, c.x0, c.top, c.bottom, 10.0, "", -1)], [], 0, [])
    part.solid = []
    return part


def _place_tables(parts: list[_Part], blocks: list[list[_Part]]) -> list[_Part]:
    """The page's parts with each table's parts put where the table stands: after the last line above
    it in its column (full-width lines count for every column), or, at the top of a column, before
    the first line of that column below it."""
    out = list(parts)
    for block in blocks:
        top = min([p.top for p in block])
        mid = (min([p.cx0 for p in block]) + max([p.cx1 for p in block])) / 2
        same = [i for i, p in enumerate(out) if p.cell is None and p.cx0 <= mid < p.cx1]
        in_col = [i for i in same if out[i].ncols > 1]
        above = [i for i in (in_col or same) if out[i].top < top]
        if above:
            at = above[-1] + 1
        else:
            below = [i for i in (in_col or same) if out[i].top >= top]
            at = below[0] if below else len(out)
        out[at:at] = block
    return out


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
            if not p.solid or not (p.top + 0.6 * (p.bottom - p.top) <= y <= p.bottom + 0.45 * p.em):
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
    glyphs = page.glyphs
    tables = find_tables(page.borders, page.verticals, page.width) if page.verticals else []
    blocks: list[list[_Part]] = []
    if tables:
        glyphs, blocks = _table_parts(tables, glyphs)
    parts = _reading_order(_group_rows(glyphs), page.height) if glyphs else []
    if blocks:
        parts = _place_tables(parts, blocks)
    # in a scan, a glyph's own long stroke (一, 二) looks like a short rule: demand a real run
    min_em = 1.5 if page.source == "ocr" else 0.0
    assigned = _assign_rules(_merge_rules(page.rules), parts, min_em) if page.rules else {}
    gap_spaces = page.source != "ocr"
    out: list[PhysLine] = []
    for k, p in enumerate(parts):
        rules = assigned.get(k)
        if p.marks:
            rules = sorted([*(rules or []), *p.marks])
        x0, x1 = p.x0, p.x1
        bold = False
        if not p.solid:  # an empty table cell
            text, spans, x1 = "", [], x0
        elif rules:
            text, spans = _text_with_rules(p, rules, gap_spaces)
            x0, x1 = min(x0, rules[0][0]), max(x1, max(r[1] for r in rules))
        else:
            text, spans = _text(p, gap_spaces), []
        if p.solid:
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
                cell=p.cell,
                cell_x1=p.cx1 if p.cell is not None else 0.0,
                table_cols=tables[p.cell[0]].cols if p.cell is not None else (),
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
    """`第 3 页 共 9 页`, `- 3 -`, `Page 3 of 9`, `3/9` in a header/footer band; a bare number only at the
    foot, and never in a table cell (a row number)."""
    if line.cell is not None:
        return False
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


def remove_furniture(pages: list[list[PhysLine]], margins: list[str] | None = None) -> list[list[PhysLine]]:
    """Drop page numbers, lines repeated at the same place on many pages (running headers/footers) and
    big repeated watermark lines; the text of the repeated lines of the first page goes to ``margins``."""
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
                if margins is not None and p == 0 and (p, i) in repeated:
                    margins.append(line.text)
                continue
            if line.em >= 2.5 * body_em and len(big[_squash(line.text)]) >= 2:
                continue  # a large line repeated on pages: a watermark
            kept.append(line)
        out.append(kept)
    return out


def number_tables(pages: list[list[PhysLine]]) -> None:
    """Number table cells per document (``page_lines`` numbers the tables of each page from 0): a table
    that goes on at the top of the next page with the same column borders keeps its number and counts
    its rows on."""
    count = 0
    last: PhysLine | None = None  # the last line of the page before
    for lines in pages:
        mapping: dict[int, tuple[int, int]] = {}  # table on this page -> (table, first row)
        for i, line in enumerate(lines):
            if line.cell is None:
                continue
            t, r, c = line.cell
            if t not in mapping:
                if (
                    i == 0
                    and last is not None
                    and last.cell is not None
                    and len(last.table_cols) == len(line.table_cols)
                    and all(
                        abs(a - b) <= GRID_TOL for a, b in zip(last.table_cols, line.table_cols, strict=True)
                    )
                ):
                    mapping[t] = (last.cell[0], last.cell[1] + 1)
                else:
                    mapping[t] = (count, 0)
                    count += 1
            table, first = mapping[t]
            line.cell = (table, r + first, c)
        if lines:
            last = lines[-1]


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
#: a heading label at the start of a line
_HEAD_LABEL = re.compile(rf"第[{_NUM}]+[条章节部篇]")
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
    cell: tuple[int, int, int] | None = None
    pictures: list[int] = field(default_factory=list)


def _frame_key(line: PhysLine) -> tuple[int, int, int]:
    return (round(line.page_width), line.ncols, line.col)


def _edges(lines: list[PhysLine]) -> tuple[dict, dict]:
    """Typical right edge and left margin of each frame (page width, columns, column); table cells have
    their own edges and do not count (a full-width table's right border is not the text's margin)."""
    xs1: dict[tuple, list[float]] = defaultdict(list)
    xs0: dict[tuple, list[float]] = defaultdict(list)
    ems: dict[tuple, list[float]] = defaultdict(list)
    for line in lines:
        if line.cell is not None:
            continue
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
    """The outermost x that enough lines reach (within 0.75 em): the margin, not an outlier.  A right
    edge far inside the lines that reach farthest is no margin (where nothing wraps, two headings of
    the same length agree on their end): it is kept within 4 em of the second farthest line."""
    vals = sorted(values, reverse=highest)
    need = max(2, len(vals) // 10)
    if len(vals) < 2:
        return vals[0]
    em = em if em > 0 else 0.0  # a damaged font size (negative, NaN) is no measure
    j = 0
    edge = vals[0]
    for i, v in enumerate(vals):
        while j < i and abs(vals[j] - v) > 0.75 * em:
            j += 1
        if i - j + 1 >= need:
            edge = vals[j]
            break
    return max(edge, vals[1] - 4 * em) if highest else edge


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
    last_no: tuple[int, ...] = ()  # the clause number (1.6) that last started a line
    for i, line in enumerate(lines):
        number = _clause_number(line.text)
        if (
            cur is not None
            and not (number and _follows(last_no, number))
            and _continues(lines[i - 1], line, right, left, pitch, indent)
        ):
            sep = _glue(cur.text[-1:], line.text[:1])
            offset = len(cur.text) + len(sep)
            cur.text += sep + line.text
            cur.underlines.extend((a + offset, b + offset) for a, b in line.underlines)
            cur.pictures.extend(x + offset for x in line.pictures)
            continue
        if number:
            last_no = number
        cur = JoinedLine(
            line.page,
            line.text,
            list(line.underlines),
            line.bold,
            line.source,
            line.cell,
            list(line.pictures),
        )
        out.append(cur)
    return out


_CLAUSE_NO = re.compile(r"\s*([0-9]{1,2}(?:[.．][0-9]{1,2})+)")


def _clause_number(text: str) -> tuple[int, ...]:
    """The dotted number a line starts with (``1.7本合同…`` -> (1, 7)), () if none."""
    m = _CLAUSE_NO.match(text)
    return tuple(int(n) for n in re.split("[.．]", m.group(1))) if m else ()


def _follows(last: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Is ``number`` the next clause number after ``last`` (1.6 -> 1.7, 1.6 -> 1.6.1, 1.6.2 -> 1.7,
    1.9 -> 2.1)? Such a line starts a clause even when no space follows its number (``1.7本合同``),
    where ``1.5倍`` at the start of a wrapped line continues a sentence."""
    if not last:
        return False
    k = len(number)
    if k > len(last):
        return number[: len(last)] == last and all(n == 1 for n in number[len(last) :])
    if number[: k - 1] == last[: k - 1] and number[-1] == last[k - 1] + 1:
        return True
    return k == len(last) and number[0] == last[0] + 1 and all(n == 1 for n in number[1:])


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
        if (
            a.cell is None
            and b.cell is None
            and a.page == b.page
            and a.col == b.col
            and a.ncols == b.ncols
            and b.top > a.top
        ):
            diffs[a.page].append(b.top - a.top)
    return {p: sorted(d)[len(d) // 2] for p, d in diffs.items() if d}


def _indent_convention(lines: list[PhysLine], right: dict, left: dict) -> bool:
    """Do paragraphs here start with a first-line indent? Looks at lines that follow a short line."""
    starts = indented = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if a.cell is not None or b.cell is not None:
            continue
        if a.x1 >= right[_frame_key(a)] - MARGIN_EM * a.em or _STARTS.match(b.text) or _LABEL.match(b.text):
            continue
        starts += 1
        if b.x0 >= left[_frame_key(b)] + 1.5 * b.em:
            indented += 1
    return starts >= 3 and indented >= 0.5 * starts


def _continues(a: PhysLine, b: PhysLine, right: dict, left: dict, pitch: dict, indent: bool) -> bool:
    if not a.text.strip() or not b.text.strip():
        return False
    if a.cell is not None or b.cell is not None:
        return _continues_in_cell(a, b)
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


def _continues_in_cell(a: PhysLine, b: PhysLine) -> bool:
    """A line in a table cell continues only the line before it in the same cell, when that one runs
    to the cell's right border (less its padding) and this one starts no item or label."""
    if a.cell != b.cell or a.page != b.page or b.top <= a.top:
        return False
    edge = a.cell_x1 - 0.75 * a.em  # cell padding
    if a.x1 < edge - MARGIN_EM * a.em and not (
        a.x1 >= edge - 2.6 * a.em and len(b.text) >= 2 and b.text[1] in _NO_LINE_START
    ):
        return False
    if not 0.8 <= b.em / a.em <= 1.25 or _STARTS.match(b.text):
        return False
    label = _LABEL.match(b.text)
    return not (label and (_LABEL.match(a.text) or a.text.rstrip().endswith(_TERMINAL)))


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


#: a picture larger than this share of the page is a scan or a background, not a signature or a seal
PICTURE_MAX_SHARE = 0.25


def place_pictures(lines: list[PhysLine], boxes: list[tuple[float, float, float, float]]) -> None:
    """Put each signature-sized picture (x0, x1, top, bottom on the displayed page) on the line it stands
    on: of the lines it overlaps in height, the one nearest its middle, and of a row's columns the one whose
    text is nearest its left edge (the label beside it); else the nearest line within its height. It
    stands at the offset of the text where its left edge is (the line's end when it is right of the text)."""
    if not lines:
        return
    area = lines[0].page_width * lines[0].page_height
    for x0, x1, top, bottom in boxes:
        if area and (x1 - x0) * (bottom - top) > PICTURE_MAX_SHARE * area:
            continue

        def overlap(ln: PhysLine, top: float = top, bottom: float = bottom) -> float:
            return min(ln.bottom, bottom) - max(ln.top, top)

        def apart(ln: PhysLine, x0: float = x0) -> float:  # how far the picture's left edge is from the text
            return max(0.0, ln.x0 - x0, x0 - ln.x1)

        def off_centre(ln: PhysLine, mid: float = (top + bottom) / 2) -> int:  # in ems: a row's columns tie
            return round(abs((ln.top + ln.bottom) / 2 - mid) / max(ln.em, 1.0))

        beside = [ln for ln in lines if overlap(ln) > 0]
        if beside:
            best = min(beside, key=lambda ln: (off_centre(ln), apart(ln)))
        else:
            best = max(lines, key=overlap)
            if overlap(best) <= -(bottom - top):
                continue  # nothing near it: a picture on its own (a logo, a figure)
        n = len(best.text)
        span = best.x1 - best.x0
        at = n if span <= 0 or x0 >= best.x1 else max(0, min(n, round((x0 - best.x0) / span * n)))
        best.pictures.append(at)
