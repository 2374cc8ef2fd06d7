"""Text made safe to print on a terminal: file names (and messages that quote what a file holds) come from
strangers, and a name can hold a line break (two lines where one was promised), an escape sequence
(``\\x1b[2J`` clears the screen, ``\\x1b]8;;`` makes a link), bidi controls that show it reversed, or bytes
that are not UTF-8. Every place that prints a name to the terminal passes it through :func:`printable`;
JSON, CSV and HTML outputs keep names as they are (each escapes in its own way)."""

from __future__ import annotations

import re

#: C0 and C1 control characters and DEL (line breaks, ESC, CSI), the Unicode line and paragraph
#: separators, the bidi marks, embeddings, overrides and isolates, and lone surrogates (a name's bytes
#: that are not UTF-8, as Python decodes them)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with each character a terminal would act on written as Python writes it in a string
    literal (``\\n``, ``\\x1b``, ``\\u202e``, ``\\udcff``); everything else, Chinese included, as it is.
    A backslash is left alone, so Windows paths read as they are."""
    return _UNSAFE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    short = _SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
