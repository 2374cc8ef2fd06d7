"""Noise: lines before a contract's title and after its end that are not contract text.

Web copies of contracts carry the sharing site's boilerplate above the title and a comment and
recommendation footer below the end. They are dropped before segmentation and counted, so they never
reach the outline.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Line
from .pattern_set import PatternSet
from .segment import match_heading

#: a line with boilerplate this many lines below it is taken for boilerplate too
NOISE_GAP = 2


@dataclass(frozen=True, slots=True)
class Trimmed:
    lines: list[Line]
    head: int  # lines dropped before the contract
    tail: int  # lines dropped after it


def _structural(text: str, ps: PatternSet, rank: int = 5) -> bool:
    hm = match_heading(text, ps)
    return hm is not None and hm.rank <= rank


def trim(lines: list[Line], ps: PatternSet) -> Trimmed:
    texts = [ln.text.strip() for ln in lines]
    noisy = [bool(t) and ps.noise_strong.search(t) is not None for t in texts]

    # head: the run of boilerplate at the top — boilerplate lines, and lines with more boilerplate close
    # below them (a site's notices are not all recognisable, but they come together)
    filled = [i for i, t in enumerate(texts) if t]
    start = 0
    for k, i in enumerate(filled):
        if noisy[i] or any(noisy[j] for j in filled[k + 1 : k + 1 + NOISE_GAP]):
            start = i + 1
        else:
            break
    # never past the first chapter or article: what follows one is contract text
    first_heading = next((i for i in filled if not noisy[i] and _structural(texts[i], ps, 4)), len(lines))
    start = min(start, first_heading)

    # tail: from the first end-of-page marker after the last heading, if nothing contractual follows
    last_heading = max(
        (i for i in range(start, len(lines)) if texts[i] and _structural(texts[i], ps)), default=start
    )
    end = len(lines)
    for i in range(last_heading + 1, len(lines)):
        t = texts[i]
        if t and (ps.noise_end.search(t) or noisy[i]):
            rest = range(i + 1, len(lines))
            if not any(_structural(texts[j], ps) or ps.signature.search(texts[j]) for j in rest if texts[j]):
                end = i
                break
    head = sum(1 for t in texts[:start] if t)
    tail = sum(1 for t in texts[end:] if t)
    return Trimmed(lines=lines[start:end], head=head, tail=tail)
