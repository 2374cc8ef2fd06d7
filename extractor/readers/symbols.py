"""Symbol-font glyphs that matter in contracts (check boxes, ticks, bullets), by font name.

Word writes a ticked box as a character of the Wingdings font (``w:sym`` in .docx, ``\\f`` + a char in RTF,
or plain text set in the font: "R" in Wingdings 2 is ☑); the reader shows the Unicode character a person
sees.  The keys are also the list of fonts whose characters are glyphs rather than letters; characters
of such a font that no table maps are dropped, as nothing sensible can be shown for them.
"""

from __future__ import annotations

SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "wingdings": {
        0x6F: "□",
        0xA8: "□",
        0xFE: "☑",
        0xFD: "☒",
        0xFC: "✓",
        0xFB: "✗",
        0x6E: "■",
        0xA1: "○",
        0x6C: "●",
    },
    "wingdings 2": {0xA3: "□", 0x2A: "□", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0x50: "✓", 0x4F: "✗"},
    "wingdings 3": {},
    "webdings": {0x61: "✓", 0x72: "✗"},
    "symbol": {0xB7: "•", 0xD6: "√", 0xB4: "×"},
}
