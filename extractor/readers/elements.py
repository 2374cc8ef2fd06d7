"""The element caps of markup: XML and HTML counted before a parser builds a tree from them.

A parser turns each element into a node (libxml2: some 135 bytes each; BeautifulSoup: far more), and every
walk over the tree costs time per node, so 100 MB of ``<w:p/>`` (17 million empty paragraphs, a 150 KB
.docx) would take 2.3 GB and over a minute before the character budget could say anything. Counting the
start tags in the bytes is a C-speed scan: a file with more elements than a contract could hold is refused
before it is parsed (docs/limits.md).
"""

from __future__ import annotations

from ..errors import FileTooLarge
from .caps import raise_hint

# The caps are ``Caps.xml_elements`` and ``Caps.html_elements`` (caps.py). Real contracts hold one or two
# XML elements per character of text (a 9,000-character contract: 12,000 elements), so the XML cap of two
# million is over a million characters of Word text; parsing that many takes some 270 MB and a second


def count(markup: bytes | str) -> int:
    """The elements in ``markup``: its start tags and empty-element tags (every ``<`` that does not open an
    end tag). Comments, processing instructions and a ``<`` in text escaped by hand count too: an upper
    bound, which is what a cap needs."""
    if isinstance(markup, str):
        return markup.count("<") - markup.count("</")
    return markup.count(b"<") - markup.count(b"</")


def too_many(source: str, what: str, found: int, limit: int, markup: str = "XML") -> FileTooLarge:
    """The error for ``what`` (a part's name, "the page") holding ``found`` elements, past ``limit``."""
    cap = "html_elements" if markup == "HTML" else "xml_elements"
    return FileTooLarge(
        source,
        f"{what} holds {found:,} {markup} elements, past {limit:,}: an {markup} bomb? {raise_hint(cap)}",
    )
