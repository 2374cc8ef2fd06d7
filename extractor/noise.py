"""Noise: lines before a contract's title and after its end that are not contract text.

Web copies of contracts carry the sharing site's boilerplate above the title and a comment and
recommendation footer below the end. They are dropped before segmentation and counted, so they never
reach the outline.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Line
from .pattern_set import PatternSet

#: the head zone where site boilerplate may stand, in lines
HEAD_ZONE = 120


@dataclass(frozen=True, slots=True)
class Trimmed:
    lines: list[Line]
    head: int  # lines dropped before the contract
    tail: int  # lines dropped after it


def _structural(text: str, ps: PatternSet) -> bool:
    t = text.strip()
    return any(h.rank <= 5 and h.regex.match(t) for h in ps.headings)


def trim(lines: list[Line], ps: PatternSet) -> Trimmed:
    texts = [ln.text.strip() for ln in lines]
    noisy = [bool(t) and ps.noise_strong.search(t) is not None for t in texts]

    # head: everything up to the last boilerplate line before the first real heading
    first_heading = next(
        (i for i, t in enumerate(texts) if t and not noisy[i] and _structural(t, ps)), len(lines)
    )
    zone = min(first_heading, HEAD_ZONE)
    last_noise = max((i for i in range(zone) if noisy[i]), default=-1)
    start = last_noise + 1

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
