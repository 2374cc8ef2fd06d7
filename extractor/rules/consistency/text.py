"""What the consistency rules share: the lines they read (the contract's terms, not its how-to-fill notes
or its cover) and how they write a decimal back."""

from __future__ import annotations

from decimal import Decimal

from ...model import Line
from .. import Context

#: regions whose text is not the contract's terms: a model contract's how-to-fill notes and its cover
SKIP_REGIONS = ("instructions", "cover")
SENTENCE_END = "。；;！？!?"
SPACE = " \u3000_"


def body_lines(ctx: Context) -> list[Line]:
    """The lines with text outside the how-to-fill notes and the cover (worked out once per contract)."""
    cached = ctx.extra.get("consistency_lines")
    if cached is None:
        cached = []
        for line in ctx.lines:
            if not line.text.strip():
                continue
            chain = ctx.locator.chain(line.no)
            if not chain or chain[0].kind not in SKIP_REGIONS:
                cached.append(line)
        ctx.extra["consistency_lines"] = cached
    return cached  # type: ignore[return-value]


def plain(x: Decimal) -> str:
    """240000, 240000.5: a decimal as a person writes it (never through float)."""
    if x == x.to_integral_value():
        return str(int(x))
    return format(x.normalize(), "f")
