"""The real type of a file, from its bytes; the extension is only a hint for reporting."""

from __future__ import annotations

import io
import zipfile

from ..errors import UnsupportedFormat

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: (offset window, magic, format): the first row whose magic appears at the start wins
MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (1024, b"%PDF-", "pdf"),  # PDF allows junk before the header (within 1024 bytes)
    (0, OLE_MAGIC, "doc"),
    (0, b"{\\rtf", "rtf"),
    (0, b"PK\x03\x04", "zip"),
)

#: magic numbers of files that are certainly not contracts hetong reads
FOREIGN: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)

HTML_HINTS = (b"<html", b"<!doctype html", b"<head", b"<body", b"<meta", b"mime-version:")

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".wps": "doc",
    ".doc": "doc",
    ".dot": "doc",
    ".rtf": "rtf",
    ".htm": "html",
    ".html": "html",
    ".mht": "html",
    ".mhtml": "html",
    ".pdf": "pdf",
}


def declared_format(name: str) -> str | None:
    """The format the file name claims (None for an unknown extension)."""
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower()) if dot >= 0 else None


def sniff(data: bytes, name: str = "") -> str:
    """Return the format of ``data``: pdf, doc, rtf, docx, html or txt. Raise UnsupportedFormat."""
    head = data[:1024]
    for window, magic, fmt in MAGIC:
        found = head.find(magic) if window else (0 if head.startswith(magic) else -1)
        if found == 0 or (window and 0 <= found < window):
            if fmt == "zip":
                return _zip_kind(data, name)
            return fmt
    for magic, what in FOREIGN:
        if head.startswith(magic):
            raise UnsupportedFormat(name, f"this is {what}, not a contract document")
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(b"<") or any(h in head.lower() for h in HTML_HINTS):
        if any(h in data[:4096].lower() for h in HTML_HINTS):
            return "html"
    # UTF-16 text with a BOM contains NULs; anything else with NULs is binary
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "txt"
    if b"\x00" in head:
        raise UnsupportedFormat(name, "binary data of an unknown kind, not a contract document")
    return "txt"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        # a cut .docx still starts with PK; let the docx reader give the precise reason
        return "docx"
    if "word/document.xml" in names or any(n.endswith("/document.xml") for n in names):
        return "docx"
    if "xl/workbook.xml" in names:
        raise UnsupportedFormat(name, "this is an Excel workbook, not a contract document")
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormat(name, "this is a PowerPoint file, not a contract document")
    if "content.xml" in names:
        raise UnsupportedFormat(name, "this is an OpenDocument file; save it as .docx to check it")
    raise UnsupportedFormat(name, "a zip archive that holds no Word document")
