"""Where a line sits in the outline: its clause number and a place name a reviewer can find."""

from __future__ import annotations

import bisect

from .model import Node

NUMBERED = ("part", "chapter", "section", "article", "clause")
REGION_NAMES = {
    "title": "title",
    "cover": "cover",
    "instructions": "instructions",
    "preamble": "preamble",
    "signature": "signature block",
}


class Locator:
    """Maps a line number to the innermost outline node that holds it."""

    def __init__(self, nodes: list[Node]):
        self._starts: list[int] = []
        self._chains: list[tuple[Node, ...]] = []
        self._ends: list[int] = []

        def visit(node: Node, chain: tuple[Node, ...]) -> None:
            chain = (*chain, node)
            self._starts.append(node.line)
            self._chains.append(chain)
            self._ends.append(node.end_line)
            for child in node.children:
                visit(child, chain)

        for n in nodes:
            visit(n, ())
        order = sorted(range(len(self._starts)), key=lambda i: (self._starts[i], len(self._chains[i])))
        self._starts = [self._starts[i] for i in order]
        self._chains = [self._chains[i] for i in order]
        self._ends = [self._ends[i] for i in order]

    def chain(self, line: int) -> tuple[Node, ...]:
        i = bisect.bisect_right(self._starts, line) - 1
        while i >= 0:
            chain = self._chains[i]
            if chain[0].end_line >= line or chain[0].kind not in REGION_NAMES:
                return chain
            i -= 1
        return ()

    def clause(self, line: int) -> str | None:
        return clause_of(self.chain(line))

    def place(self, line: int) -> str:
        return place_of(self.chain(line))


def clause_of(chain: tuple[Node, ...]) -> str | None:
    """The innermost chapter/article/clause number; in a contract numbered by items alone (一、（一）1．),
    the item numbers joined: 二、（一） -> "2.1". Inside an appendix, None: its numbers are its own, and
    the place names them."""
    if chain and chain[0].kind == "appendix":
        return None
    for node in reversed(chain):
        if node.kind in NUMBERED:
            return node.number
    numbers = [n.number for n in chain if n.kind.startswith("item") and n.number]
    return ".".join(numbers) if numbers else None


def place_of(chain: tuple[Node, ...]) -> str:
    if not chain:
        return "before the title"
    top = chain[0]
    if top.kind in REGION_NAMES:
        return REGION_NAMES[top.kind]
    if top.kind == "document":
        # another agreement or copy in the same file: its name, then the place inside it
        inner = place_of(chain[1:]) if len(chain) > 1 else ""
        return " ".join(x for x in (f"《{top.title}》" if top.title else "document", inner) if x)
    parts: list[str] = []
    if top.kind == "appendix":
        parts.append(" ".join(x for x in ("appendix", top.label or "", top.title) if x).strip())
        chain = chain[1:]
    for i, node in enumerate(chain):
        nxt = chain[i + 1] if i + 1 < len(chain) else None
        if node.kind == "clause" and nxt is not None and nxt.kind == "clause":
            continue  # 4.1.2 already says 4.1
        if node.kind == "clause":
            parts.append(node.number or "")
        else:
            parts.append(node.label or node.kind)
    return " ".join(parts)
