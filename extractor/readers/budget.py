"""The character budget (``--max-chars``) counted by a reader as it makes text, so that it gives up at the
first character past the budget instead of reading the whole file and measuring after (docs/limits.md).

The count is the text put into lines and one for each line break, as it is made: a reader that later
drops a line of white space (the .doc, RTF and PDF readers drop some) has counted it already, so a file
within a few characters of the budget may be refused here when ``readers.read_bytes``' own measure of
the finished Document would let it pass.
"""

from __future__ import annotations

from ..errors import TextTooLarge


class Budget:
    """Characters made so far against ``limit`` (None: no limit)."""

    __slots__ = ("limit", "source", "used")

    def __init__(self, source: str, limit: int | None):
        self.source = source
        self.limit = limit
        self.used = 0

    def spend(self, chars: int) -> None:
        """Count ``chars`` more characters; :class:`TextTooLarge` once the count is past the limit."""
        self.used += chars
        if self.limit is not None and self.used > self.limit:
            raise TextTooLarge.over(self.source, self.limit)
