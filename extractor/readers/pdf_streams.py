"""The inflation cap of a PDF's streams, measured before pdfium inflates them.

A PDF's content stream is usually Flate-compressed, and zlib compresses a run of spaces a thousandfold: a
2.6 MB PDF can hold a page whose content inflates to 1 GiB, which pdfium inflates whole, in memory, when
the page is read (8 GiB and a minute; docs/limits.md). Each Flate stream of the file is inflated here
first, a chunk at a time and thrown away, counting the bytes: a stream past ``caps.pdf_stream``, or the
streams together past ``caps.pdf_total`` (caps.py), make the file too large before pdfium sees it. Streams are
found by their ``stream`` keyword in the bytes (streams cannot sit inside object streams), so a damaged
cross-reference table does not hide one; what does not inflate is left to pdfium to judge.
"""

from __future__ import annotations

import re
import zlib

from ..errors import FileTooLarge
from .caps import DEFAULT_CAPS, Caps, mb, raise_hint

# what one stream may inflate to by default (100 MB) is far above a page of any real contract (a dense page
# is some 100 KB); the default for all the streams of a file together is 1 GB
CHUNK = 1 << 20
#: the end of a stream's dictionary and its keyword: ``>>`` ``stream`` and one end of line
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
#: how far back from its ``stream`` keyword a stream's dictionary is looked for
DICT_REACH = 2048


def check(data: bytes, source: str, caps: Caps = DEFAULT_CAPS) -> int:
    """Raise :class:`FileTooLarge` for a stream that would inflate past the caps; returns the bytes the
    Flate streams inflate to (for tests and figures)."""
    total = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - DICT_REACH) : m.start()]
        obj = head.rfind(b"obj")
        if obj >= 0:
            head = head[obj:]
        filters = head.find(b"/Filter")
        if filters < 0 or not head[filters + 7 :].lstrip(b" \t\r\n[").startswith(b"/FlateDecode"):
            continue  # not compressed, or Flate after another filter (left to pdfium)
        size = _inflated(data, m.end(), caps.pdf_stream)
        if size > caps.pdf_stream:
            raise FileTooLarge(
                source,
                f"a stream of the PDF inflates past {mb(caps.pdf_stream)} MB: a zip bomb? "
                + raise_hint("pdf_stream"),
            )
        total += size
        if total > caps.pdf_total:
            raise FileTooLarge(
                source,
                f"the PDF's streams inflate past {mb(caps.pdf_total)} MB together: a zip bomb? "
                + raise_hint("pdf_total"),
            )
    return total


def _inflated(data: bytes, start: int, cap: int) -> int:
    """How many bytes the zlib stream at ``start`` inflates to, counted up to just past ``cap``."""
    d = zlib.decompressobj()
    size = 0
    pos = start
    view = memoryview(data)
    try:
        while pos < len(data) and not d.eof and size <= cap:
            size += len(d.decompress(view[pos : pos + CHUNK], CHUNK))
            pos += CHUNK
            while d.unconsumed_tail and not d.eof and size <= cap:  # what one chunk of input holds
                size += len(d.decompress(d.unconsumed_tail, CHUNK))
    except zlib.error:
        return size  # damaged or not zlib after all: pdfium says what it makes of it
    return size
