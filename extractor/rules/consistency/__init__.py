"""Consistency rules: what a filled contract says must add up — an amount in words and in figures, a date
range, a stated term and its dates, references to its own articles and appendices, one choice ticked once.

Each rule reads the text as written and says nothing when the reading is ambiguous: a false alarm costs more
than a miss. Vocabulary and regexes are in ``patterns/consistency.toml``. One module per job; importing the
package registers every rule.
"""

from __future__ import annotations

from . import (  # noqa: F401  (registration side effect)
    amounts,
    attachments,
    bilingual,
    choices,
    dates,
    instalments,
    line_items,
    party_names,
    references,
)
from .amounts import cn_amount
from .dates import term_fits

__all__ = ["cn_amount", "term_fits"]
