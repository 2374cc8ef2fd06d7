"""Readers: one module per format, each exposing ``FORMAT`` and ``read(data, *, source) -> Document``.

The registry maps a sniffed format to its module; modules are imported lazily so that reading a .txt
never pays for pdfplumber, and a missing optional dependency only errors when that format is read.
A reader that can stop early on too much text says so with ``STOPS_AT_MAX_CHARS = True`` and takes a
``max_chars`` keyword (``budget.Budget`` counts it for most); every Document is measured against the budget
once more at the end. A reader of a format with pages (PDF) says ``HAS_PAGES = True`` and takes a
``max_pages`` keyword; one held to any of the other caps (zip and PDF stream inflation, markup elements,
OCR, LibreOffice's time: ``caps.Caps``) says ``USES_CAPS = True`` and takes a ``caps`` keyword
(docs/limits.md).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from pathlib import Path

from ..errors import FileTooLarge, MissingDependency, TextTooLarge, UnreadableFile, UnsupportedFormat
from ..model import Document
from .caps import DEFAULT_CAPS, Caps
from .sniff import sniff

#: sniffed format -> module under extractor.readers
READERS: dict[str, str] = {
    "txt": "text",
    "docx": "docx",
    "docx-xml": "flatopc",
    "word2003-xml": "word2003",
    "doc": "doc",
    "rtf": "rtf",
    "html": "html",
    "pdf": "pdf",
}

#: refuse files larger than this by default (bytes); the CLI can raise it
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
#: refuse a file whose text runs past this many characters (line breaks included) by default; a contract
#: is rarely above a few hundred thousand. The CLI's --max-chars raises it
DEFAULT_MAX_CHARS = 5_000_000
#: refuse a PDF of more pages than this by default, before a page is read: a contract is rarely above a
#: hundred, and each page costs up to some 20 ms to read (5 s with OCR). The CLI's --max-pages raises it
DEFAULT_MAX_PAGES = 2000


def read_bytes(
    data: bytes,
    *,
    source: str,
    fmt: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_pages: int = DEFAULT_MAX_PAGES,
    caps: Caps = DEFAULT_CAPS,
) -> Document:
    """Read ``data`` (the bytes of the file named ``source``) into a Document of at most ``max_chars``
    characters of text (else :class:`TextTooLarge`) and, for a PDF, ``max_pages`` pages (else
    :class:`TooManyPages`), within ``caps`` (else :class:`FileTooLarge`)."""
    fmt = fmt or sniff(data, source)
    module_name = READERS.get(fmt)
    if module_name is None:
        raise UnsupportedFormat(source, f"{fmt} files are not read by hetong")
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:  # a format whose optional dependency is absent
        raise MissingDependency(
            source, f"reading {fmt} needs the Python package {exc.name!r} (pip install {exc.name})"
        ) from None
    limits: dict[str, int | Caps] = {}
    if getattr(module, "STOPS_AT_MAX_CHARS", False):
        limits["max_chars"] = max_chars
    if getattr(module, "HAS_PAGES", False):
        limits["max_pages"] = max_pages
    if getattr(module, "USES_CAPS", False):
        limits["caps"] = caps
    doc = module.read(data, source=source, **limits)
    if text_size(doc) > max_chars:
        raise TextTooLarge.over(source, max_chars)
    _clean_text(doc)
    if not any(line.text.strip() for line in doc.lines) and not doc.notes:
        raise UnreadableFile(source, f"no text found in this {fmt} file")
    return doc


def text_size(doc: Document) -> int:
    """The characters of text ``doc`` holds: its lines with a line break after each, and its margins."""
    return sum(len(line.text) + 1 for line in doc.lines) + sum(len(t) + 1 for t in doc.margins)


#: code points no text may hold: UTF-16 surrogates, which no encoder writes
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean_text(doc: Document) -> None:
    """Every line holds Unicode scalar values only: a lone surrogate (an RTF \\u-9216?) becomes U+FFFD, so
    no writer downstream can fail on it."""
    for i, line in enumerate(doc.lines):
        if _SURROGATE.search(line.text):
            doc.lines[i] = replace(line, text=_SURROGATE.sub("\ufffd", line.text))
    doc.margins = [_SURROGATE.sub("\ufffd", t) for t in doc.margins]


def read_path(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_pages: int = DEFAULT_MAX_PAGES,
    caps: Caps = DEFAULT_CAPS,
) -> tuple[bytes, Document]:
    """Read a file from disk; returns its bytes (for hashing) and the Document."""
    p = Path(path)
    source = str(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise UnreadableFile(source, "no such file") from None
    except OSError as exc:
        raise UnreadableFile(source, exc.strerror or str(exc)) from None
    if p.is_dir():
        raise UnreadableFile(source, "is a folder (use hetong audit for folders)")
    if size > max_bytes:
        raise FileTooLarge(source, f"{size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit")
    if size == 0:
        raise UnreadableFile(source, "the file is empty")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableFile(source, exc.strerror or str(exc)) from None
    return data, read_bytes(data, source=source, max_chars=max_chars, max_pages=max_pages, caps=caps)
