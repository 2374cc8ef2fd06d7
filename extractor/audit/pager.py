"""Previous and next links between the contract pages of an audit's HTML report, in the index's order.

A worker writes a page before the run knows whether the files beside it can be read, and a page taken
from an earlier run was written beside the files of that run. So a worker links the neighbours it was
given (the files discovered before and after, :func:`neighbours`), and :class:`Pager`, fed the pages in
the index's order, puts the right links in every page whose links differ: it reads the head of each page
(where the first of its two ``<nav class="pager">`` lines is) and rewrites the page only when that line is
not what it should be.
"""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import quote

from .names import safe_rel

#: a page's links (html.pager): escaped contract text never holds "<nav"
NAV = re.compile(r'<nav class="pager[^"]*">.*?</nav>\n', re.S)
#: how much of a page is read to find its first links (after the CSS and the title)
HEAD_BYTES = 64 * 1024


def page_rel(rel: str) -> str:
    """The page of a contract, relative to the report's folder (POSIX)."""
    return safe_rel(rel, ".html")


def href(from_rel: str, to_rel: str) -> str:
    """The link from one contract's page to another's (``rel``: the contracts' mirrored paths)."""
    a, b = page_rel(from_rel), page_rel(to_rel)
    return quote(posixpath.relpath(b, posixpath.dirname(a) or "."), safe="/")


def index_href(rel: str) -> str:
    """The link from a contract's page to the index."""
    return "../" * rel.count("/") + "index.html"


def links(rel: str, prev: str | None, next_: str | None) -> str:
    """The links of ``rel``'s page, given its neighbours' ``rel`` (None: it is the first, or the last)."""
    from ..report.html import pager

    return pager(
        index_href(rel),
        (href(rel, prev), prev) if prev is not None else None,
        (href(rel, next_), next_) if next_ is not None else None,
    )


def neighbours(rels: list[str | None]) -> list[tuple[str | None, str | None]]:
    """For each file (its ``rel``, None for one known to have no page), the nearest files with a page
    before and after it."""
    out: list[tuple[str | None, str | None]] = []
    last: str | None = None
    for rel in rels:
        out.append((last, None))
        if rel is not None:
            last = rel
    following: str | None = None
    for i in range(len(rels) - 1, -1, -1):
        out[i] = (out[i][0], following)
        if rels[i] is not None:
            following = rels[i]
    return out


class Pager:
    """Fed the contracts that have a page (:meth:`add`, in the index's order), links each to the one
    before and after; :meth:`close` after the last."""

    def __init__(self, html_dir: str):
        self.html_dir = html_dir
        self.prev: str | None = None  # the page before the held one
        self.held: str | None = None  # the last page added: its next is not known yet
        self.rewritten = 0

    def add(self, rel: str) -> None:
        if self.held is not None:
            self._fix(self.held, self.prev, rel)
        self.prev, self.held = self.held, rel

    def close(self) -> None:
        if self.held is not None:
            self._fix(self.held, self.prev, None)
        self.prev = self.held = None

    def _fix(self, rel: str, prev: str | None, next_: str | None) -> None:
        from .outputs import write_atomic

        path = os.path.join(self.html_dir, *page_rel(rel).split("/"))
        want = links(rel, prev, next_)
        try:
            with open(path, "rb") as fh:
                head = fh.read(HEAD_BYTES)
                if want.encode("utf-8") in head:
                    return
                text = (head + fh.read()).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return  # (gone meanwhile, or not a page hetong wrote)
        fixed, n = NAV.subn(lambda _: want, text)
        if n and fixed != text:  # a page with no links (written before pages had them) is left alone
            write_atomic(path, fixed.encode("utf-8"))
            self.rewritten += 1
