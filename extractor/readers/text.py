"""Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, detected from the bytes.

Within the character budget (``max_chars``): a file with more bytes than the budget has characters is
decoded a chunk at a time and given up on as soon as its text runs past it, so a 199 MB file ends in a
few milliseconds instead of being decoded, split and audited whole (docs/limits.md).
"""

from __future__ import annotations

import codecs
import re

from ..errors import TextTooLarge, UnreadableFile
from ..model import Document, Line, Note

FORMAT = "txt"
STOPS_AT_MAX_CHARS = True
#: bytes decoded at a time when a file may hold more text than the budget
CHUNK = 1 << 20
#: no encoding read here takes more than this many bytes for a character
MAX_BYTES_PER_CHAR = 4

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, source: str, max_chars: int | None = None) -> tuple[str, str]:
    """Return (text, encoding). GB2312/GBK are read as GB18030, their superset. Raises
    :class:`TextTooLarge` when the text runs past ``max_chars``."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return _decode(data, enc, source, max_chars), enc
            except UnicodeDecodeError as exc:
                raise UnreadableFile(source, f"declares {enc} by its BOM but is not: {exc.reason}") from None
    for enc in ("utf-8", "gb18030"):
        try:
            return _decode(data, enc, source, max_chars), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # rare path: Big5 and friends

    # over the budget in any encoding: only whether it is text at all is worth finding out
    too_large = max_chars is not None and len(data) > MAX_BYTES_PER_CHAR * max_chars
    best = from_bytes(data[:CHUNK] if too_large else data).best()
    if best is not None and too_large and max_chars is not None:
        raise TextTooLarge.over(source, max_chars)
    if best is None:
        raise UnreadableFile(source, "not text in any encoding hetong recognises")
    enc = best.encoding
    if enc.replace("_", "").lower() in {"gb2312", "gbk", "cp936"}:
        enc = "gb18030"
    text = data.decode(enc, errors="replace")
    if max_chars is not None and len(text) > max_chars:
        raise TextTooLarge.over(source, max_chars)
    return text, enc


def _decode(data: bytes, enc: str, source: str, max_chars: int | None) -> str:
    """``data`` decoded as ``enc`` (strictly), stopping at the first chunk that runs past ``max_chars``."""
    if max_chars is None or len(data) <= max_chars:  # every character takes a byte at least
        return data.decode(enc)
    decoder = codecs.getincrementaldecoder(enc)()
    view = memoryview(data)
    parts: list[str] = []
    count = 0
    for start in range(0, len(data), CHUNK):
        part = decoder.decode(view[start : start + CHUNK], final=start + CHUNK >= len(data))
        count += len(part)
        if count > max_chars:
            raise TextTooLarge.over(source, max_chars)
        parts.append(part)
    return "".join(parts)


def looks_like_text(text: str) -> bool:
    """Binary junk that happens to decode has many control characters and replacement marks."""
    sample = text[:20000]
    if not sample.strip():
        return False
    bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad / len(sample) < 0.02


def read(data: bytes, *, source: str, max_chars: int | None = None) -> Document:
    text, _enc = decode(data, source, max_chars)
    if not text.strip():
        raise UnreadableFile(source, "the file holds only white space: no text")
    if not looks_like_text(text):
        raise UnreadableFile(source, "the bytes are not readable text")
    notes = []
    repaired = repair_mojibake(text)
    if repaired is not None:
        text, was = repaired
        notes.append(Note("mojibake-repaired", "repaired", {"was": was}))
    lines = [Line(no=i, text=_pipe_cells(t)) for i, t in enumerate(text.splitlines(), start=1)]
    return Document(lines=lines, format=FORMAT, notes=notes)


#: a row of a table written with bars between its cells (甲 方:某学院 | 乙 方:某公司 |), as a web page's
#: or a Markdown table copied as text gives it: closed by a bar, or opened by one
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$|^[^|]*\S \| .*\s\|\s*$")
_PIPE = re.compile(r"\s*\|\s*")


def _pipe_cells(text: str) -> str:
    """A table row with bars between its cells, its cells apart as tabs part them (the column gaps every
    stage knows); any other line as it is. A bar inside a sentence (甲方 | 乙方) stays."""
    if "|" not in text or not _PIPE_ROW.match(text):
        return text
    return "\t".join(cell for cell in _PIPE.split(text.strip()) if cell)


def _cjk_share(text: str) -> float:
    sample = text[:5000]
    letters = [ch for ch in sample if not ch.isspace()]
    return sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff") / max(1, len(letters))


def repair_mojibake(text: str) -> tuple[str, str] | None:
    """GBK or UTF-8 text that was once decoded as Latin-1/cp1252 and saved again (³µÎ»×âÁÞºÏÍ¬ for
    车位租赁合同): (the text repaired, its real encoding), or None. Only when the text has next to no
    Chinese and mostly Latin-1 letters, and the round trip gives mostly Chinese, nothing else."""
    sample = text[:5000]
    letters = [ch for ch in sample if not ch.isspace()]
    if not letters or _cjk_share(sample) > 0.05:
        return None
    high = sum(1 for ch in letters if "\u0080" <= ch <= "\u00ff" or ch in _CP1252_EXTRA)
    if high / len(letters) < 0.3:
        return None
    for latin in ("cp1252", "latin-1"):
        try:
            raw = text.encode(latin)
        except UnicodeEncodeError:
            continue
        for enc in ("utf-8", "gb18030"):
            try:
                fixed = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if _cjk_share(fixed) > 0.3:
                return fixed, enc
    return None


#: the characters cp1252 puts where Latin-1 has control codes (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ)
_CP1252_EXTRA = frozenset("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
