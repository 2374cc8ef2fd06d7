"""Template: compare a filled-in contract with the blank template it was made from.

A signed contract rarely keeps its blanks: values are typed in their place (``共计12个月`` where the template
says ``共计____个月``). Given the template, every template blank is looked up in the contract line that
corresponds to its line, and the text found between the blank's neighbours is its value. Lines are paired
by a diff over their text with blanks masked; a paired line whose text differs from the template outside
the blanks is a deviation (someone edited the standard terms), and template lines with no counterpart
are missing text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import regex

from ..model import Blank, Line, Result
from ..pattern_set import PatternSet
from .values import normalize

FILL = " \u3000_"
#: width and form folding, one character for one so positions survive
_FOLD = str.maketrans("（）：；，。！？【】“”‘’—", "():;,.!?[]\"\"''-")
#: a pair of lines whose masked texts are less alike than this is not a pair
PAIR_RATIO = 0.6
#: how far ahead a template line looks for its counterpart inside a changed stretch
WINDOW = 8
#: below this share of the template's lines found in it, a contract was not made from the template (an
#: audit with --template over a folder of unrelated agreements): it is not compared, line by line
RELATED_SHARE = 0.5


@dataclass(slots=True)
class Deviation:
    template_line: int
    line: int
    removed: str  # template text the contract does not have
    added: str  # contract text the template does not have
    #: the characters of the contract line that differ, first to last (None when text was only removed)
    span: tuple[int, int] | None = None


@dataclass(slots=True)
class Comparison:
    blanks: list[Blank]
    deviations: list[Deviation] = field(default_factory=list)
    missing: list[Line] = field(default_factory=list)  # template lines with no counterpart
    #: for each missing template line, the contract line its text would follow (None: before the first)
    missing_at: list[int | None] = field(default_factory=list)
    added: list[Line] = field(default_factory=list)  # contract lines the template lacks
    template_path: str = ""
    #: the contract shares too few lines with the template to be made from it: nothing was compared
    unrelated: bool = False
    paired: int = 0  # template lines found in the contract
    total: int = 0  # template lines with text


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _key(text: str, spans: list[tuple[int, int]]) -> str:
    """The line with blanks masked and filler removed: what must be equal for two lines to be the same."""
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append("\x00")
        pos = b
    out.append(text[pos:])
    return "".join(ch for ch in _fold("".join(out)) if ch not in FILL)


def _pattern(text: str, spans: list[tuple[int, int]]) -> regex.Pattern[str]:
    """A regex for the contract line: template literals (filler optional between characters), blanks as groups."""
    parts = [r"^[ \u3000_]*"]
    pos = 0
    for i, (a, b) in enumerate(spans):
        parts.append(_literal(text[pos:a]))
        parts.append(rf"[ \u3000_]*(?P<b{i}>.*?)[ \u3000_]*")
        pos = b
    parts.append(_literal(text[pos:]))
    parts.append(r"[ \u3000_]*$")
    return regex.compile("".join(parts), regex.V1)


def _literal(segment: str) -> str:
    chars = [ch for ch in _fold(segment) if ch not in FILL]
    return "".join(regex.escape(ch) + r"[ \u3000_]*" for ch in chars)


ANCHOR = 6


def _by_anchors(t_text: str, tb: Blank, c_text: str) -> tuple[int, int] | None:
    """Where the blank's value sits in a contract line that deviates elsewhere: between its neighbours."""
    left = "".join(ch for ch in _fold(t_text[: tb.span[0]]) if ch not in FILL)[-ANCHOR:]
    right = "".join(ch for ch in _fold(t_text[tb.span[1] :]) if ch not in FILL)[:ANCHOR]
    if not left and not right:
        return None
    folded = _fold(c_text)
    pat = regex.compile(
        (_literal(left) if left else "^") + r"(?P<v>.*?)" + (_literal(right) if right else "$"), regex.V1
    )
    m = pat.search(folded, timeout=1.0)
    return m.span("v") if m else None


def _pairs(t_keys: list[str], c_keys: list[str], fits) -> list[tuple[int | None, int | None]]:
    """Pairs of (template index, contract index); None on one side for unpaired lines.

    Lines equal once blanks are masked pair by a diff; in the stretches between, a template line pairs
    with the next contract line its pattern fits (its blanks filled in), or failing that with one that is
    alike enough to be the same line edited.
    """
    sm = difflib.SequenceMatcher(None, [k.replace("\x00", "") for k in t_keys], c_keys, autojunk=False)
    out: list[tuple[int | None, int | None]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        j = j1
        for i in range(i1, i2):
            window = range(j, min(j2, j + WINDOW))
            best_j = next((jj for jj in window if fits(i, jj)), None)
            if best_j is None:
                best = 0.0
                for jj in window:
                    r = difflib.SequenceMatcher(
                        None, t_keys[i].replace("\x00", ""), c_keys[jj], autojunk=False
                    ).ratio()
                    if r > best:
                        best, best_j = r, jj
                if best < PAIR_RATIO:
                    best_j = None
            if best_j is None:
                out.append((i, None))
                continue
            out.extend((None, jj) for jj in range(j, best_j))
            out.append((i, best_j))
            j = best_j + 1
        out.extend((None, jj) for jj in range(j, j2))
    return out


def _changed(t_text: str, c_text: str, c_line: str = "") -> tuple[str, str, tuple[int, int] | None]:
    """What the template's masked line ``t_text`` lost and what the contract's ``c_text`` added, and where
    the added characters stand in the contract's own line ``c_line`` (its masked text is made from it one
    character for one, filler dropped), first to last."""
    sm = difflib.SequenceMatcher(None, t_text, c_text, autojunk=False)
    removed, added, at = [], [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("replace", "delete"):
            removed.append(t_text[i1:i2])
        if op in ("replace", "insert"):
            added.append(c_text[j1:j2])
            at += [j1, j2 - 1]
    span = None
    if at and c_line:
        where = [i for i, ch in enumerate(_fold(c_line)) if ch not in FILL]
        if len(where) == len(c_text):
            span = (where[min(at)], where[max(at)] + 1)
    return "…".join(removed), "…".join(added), span


def compare(template: Result, lines: list[Line], ps: PatternSet, locate) -> Comparison:
    """Map the template's blanks onto ``lines`` (the contract) and list where the texts part.

    ``locate(line_no) -> (clause, place)`` names places in the contract.
    """
    by_line: dict[int, list[Blank]] = {}
    for b in template.blanks:
        if b.kind not in ("field", "checkbox"):
            by_line.setdefault(b.line, []).append(b)
    t_lines = [ln for ln in template.lines if ln.text.strip()]
    c_lines = [ln for ln in lines if ln.text.strip()]
    t_keys = [_key(ln.text, [b.span for b in by_line.get(ln.no, [])]) for ln in t_lines]
    c_keys = [_key(ln.text, []) for ln in c_lines]
    patterns = [_pattern(ln.text, sorted(b.span for b in by_line.get(ln.no, []))) for ln in t_lines]
    c_folded = [_fold(ln.text) for ln in c_lines]

    def fits(ti: int, ci: int) -> bool:
        return patterns[ti].match(c_folded[ci], timeout=1.0) is not None

    pairs = _pairs(t_keys, c_keys, fits)
    paired = sum(1 for ti, ci in pairs if ti is not None and ci is not None)
    result = Comparison(blanks=[], template_path=template.source.path, paired=paired, total=len(t_lines))
    if t_lines and paired < RELATED_SHARE * len(t_lines):
        result.unrelated = True
        return result
    last: int | None = None  # the contract line before the current place
    for ti, ci in pairs:
        if ti is None:
            result.added.append(c_lines[ci])  # type: ignore[index]
            last = c_lines[ci].no  # type: ignore[index]
            continue
        tl = t_lines[ti]
        blanks = sorted(by_line.get(tl.no, []), key=lambda b: b.span)
        if ci is None:
            result.missing.append(tl)
            result.missing_at.append(last)
            continue
        last = c_lines[ci].no
        cl = c_lines[ci]
        m = patterns[ti].match(c_folded[ci], timeout=1.0)
        if m is None:
            removed, added, span = _changed(t_keys[ti], c_keys[ci], cl.text)
            result.deviations.append(Deviation(tl.no, cl.no, removed, added, span))
        for i, tb in enumerate(blanks):
            clause, place = locate(cl.no)
            if m is not None:
                a, b = m.span(f"b{i}")
            else:
                found = _by_anchors(tl.text, tb, cl.text)
                if found is None:
                    continue  # the line was rewritten around this blank: the contract's own blanks stand
                a, b = found
            value = cl.text[a:b].strip(FILL)
            if value:
                lead = len(cl.text[a:b]) - len(cl.text[a:b].lstrip(FILL))
                a, b = a + lead, a + lead + len(value)
            else:  # still blank: the span is the filler run where the value belongs
                while a > 0 and cl.text[a - 1] in FILL:
                    a -= 1
                while b < len(cl.text) and cl.text[b] in FILL:
                    b += 1
            status = "empty" if not value else ("na" if ps.na.match(value) else "filled")
            result.blanks.append(
                Blank(
                    clause=clause,
                    place=tb.party or place,
                    line=cl.no,
                    span=(a, b),
                    kind=tb.kind,
                    before=tb.before,
                    after=tb.after,
                    label=tb.label,
                    unit=tb.unit,
                    status=status,
                    value=value or None,
                    normalized=normalize(value, tb.unit) if status == "filled" else None,
                    party=tb.party,
                )
            )
    return result


def merge_blanks(own: list[Blank], from_template: list[Blank]) -> list[Blank]:
    """The template's blanks, plus the contract's own that no template blank covers."""
    covered = {(b.line, b.span) for b in from_template}
    spans_by_line: dict[int, list[tuple[int, int]]] = {}
    for b in from_template:
        spans_by_line.setdefault(b.line, []).append(b.span)
    out = list(from_template)
    for b in own:
        if (b.line, b.span) in covered:
            continue
        if any(a < b.span[1] and b.span[0] < e for a, e in spans_by_line.get(b.line, ())):
            continue
        out.append(b)
    return sorted(out, key=lambda b: (b.line, b.span))
