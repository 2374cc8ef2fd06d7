"""Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, detected from the bytes."""

from __future__ import annotations

from ..errors import UnreadableFile
from ..model import Document, Line, Note

FORMAT = "txt"

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding). GB2312/GBK are read as GB18030, their superset."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise UnreadableFile(source, f"declares {enc} by its BOM but is not: {exc.reason}") from None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # rare path: Big5 and friends

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile(source, "not text in any encoding hetong recognises")
    enc = best.encoding
    if enc.replace("_", "").lower() in {"gb2312", "gbk", "cp936"}:
        enc = "gb18030"
    return data.decode(enc, errors="replace"), enc


def looks_like_text(text: str) -> bool:
    """Binary junk that happens to decode has many control characters and replacement marks."""
    sample = text[:20000]
    if not sample.strip():
        return False
    bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\r\n\f") or ch == "\ufffd")
    return bad / len(sample) < 0.02


def read(data: bytes, *, source: str) -> Document:
    text, _enc = decode(data, source)
    if not text.strip():
        raise UnreadableFile(source, "the file holds only white space: no text")
    if not looks_like_text(text):
        raise UnreadableFile(source, "the bytes are not readable text")
    notes = []
    repaired = repair_mojibake(text)
    if repaired is not None:
        text, was = repaired
        notes.append(
            Note(
                "mojibake-repaired",
                f"the text was {was} bytes saved again as Latin-1 (mojibake): read as {was}",
            )
        )
    lines = [Line(no=i, text=t) for i, t in enumerate(text.splitlines(), start=1)]
    return Document(lines=lines, format=FORMAT, notes=notes)


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
