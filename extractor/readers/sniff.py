"""The real type of a file, from its bytes; the extension is only a hint for reporting."""

from __future__ import annotations

import io
import re
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

#: Word's single-file XML formats, told apart by the root element and its namespace
XML_PACKAGE_NS = "http://schemas.microsoft.com/office/2006/xmlPackage"  # Flat OPC: Word 2007 and later
WORD2003_NS = "http://schemas.microsoft.com/office/word/2003/wordml"  # WordprocessingML 2003
SPREADSHEET2003_NS = "urn:schemas-microsoft-com:office:spreadsheet"
#: how much of an XML file is searched for its root element (the prolog is short; template tags may
#: stand before it)
XML_HEAD = 64 * 1024
#: what says a Flat OPC package holds a Word document: the main part's name or content type
WORD_PART = re.compile(
    rb'/word/document\.xml"'
    rb"|wordprocessingml\.(?:document|template)\.main\+xml"
    rb"|ms-word\.(?:document|template)\.macroEnabled(?:Template)?\.main\+xml"
)
#: extensions of files that are contracts only when their bytes say so: Word's XML formats saved as
#: .xml, and the FreeMarker templates made of them (.ftl). Never a declared format: .xml names no format
#: of its own, so such a file is never "named as another format"; discovery looks inside before counting it
SNIFFED_EXTENSIONS = (".xml", ".ftl")

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
    """Return the format of ``data``: pdf, doc, rtf, docx, docx-xml, word2003-xml, html or txt.

    Raise UnsupportedFormat."""
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
    xml = xml_kind(data, name)
    if xml is not None:
        return xml
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
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError):
        # a cut .docx still starts with PK (or its directory claims a zip version from the future): let
        # the docx reader give the precise reason
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


# ----------------------------------------------------------------------------------------------
# Word's XML formats
# ----------------------------------------------------------------------------------------------


def xml_kind(data: bytes, name: str = "") -> str | None:
    """``docx-xml`` for a Flat OPC package holding a Word document (what Word 2007 and later save as
    "Word XML Document"), ``word2003-xml`` for a WordprocessingML 2003 document, None for anything else;
    FreeMarker tags before the root element (a template) do not matter. Raise UnsupportedFormat for
    Office XML that is no Word document (a PowerPoint package, an Excel 2003 spreadsheet)."""
    text = _decoded_head(data)
    root = root_element(text) if text is not None else None
    if root is None:
        return None
    qname, attrs = root
    local = qname.rpartition(":")[2]
    if local == "package" and XML_PACKAGE_NS in attrs:
        whole = data if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf8(data)
        if WORD_PART.search(whole):
            return "docx-xml"
        if b"presentationml" in whole:
            raise UnsupportedFormat(name, "this is a PowerPoint XML package, not a contract document")
        raise UnsupportedFormat(name, "an Office XML package (Flat OPC) that holds no Word document")
    if local == "wordDocument" and WORD2003_NS in attrs:
        return "word2003-xml"
    if local == "Workbook" and SPREADSHEET2003_NS in attrs:
        raise UnsupportedFormat(name, "this is an Excel XML spreadsheet, not a contract document")
    return None


def is_word_xml(head: bytes) -> bool:
    """Whether the first bytes of a file (at least :data:`XML_HEAD` of them when the file is longer) are
    those of a Word XML document: what discovery asks of a .xml or .ftl file before auditing it. The
    package's first part (its relationships) names word/document.xml, so the head is enough."""
    text = _decoded_head(head)
    root = root_element(text) if text is not None else None
    if root is None:
        return False
    qname, attrs = root
    local = qname.rpartition(":")[2]
    if local == "wordDocument":
        return WORD2003_NS in attrs
    if local == "package" and XML_PACKAGE_NS in attrs:
        return "word/document.xml" in text or "wordprocessingml" in text or "Word.Document" in text
    return False


def _utf8(data: bytes) -> bytes:
    return data.decode("utf-16", "replace").encode("utf-8", "replace")


def _decoded_head(data: bytes) -> str | None:
    """The first :data:`XML_HEAD` bytes as text (UTF-16 by its byte-order mark, else UTF-8), or None
    when they cannot be the start of an XML document."""
    head = data[:XML_HEAD]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) // 2 * 2].decode("utf-16", "replace")
    if b"\x00" in head[:1024]:
        return None
    text = head.decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text


#: a start tag: its qualified name and what follows up to the ">"
START_TAG = re.compile(r"<([^\s/>!?#@]+)([^>]*)>")
#: the end of each kind of markup that may stand before the root element
PROLOG_ENDS = (
    ("<?", "?>"),  # the XML declaration, <?mso-application progid="Word.Document"?>
    ("<!--", "-->"),
    ("<#--", "-->"),  # a FreeMarker comment
    ("<#", ">"),  # FreeMarker directives: <#ftl …>, <#assign …/>, <#import …>
    ("</#", ">"),
    ("<@", ">"),  # a FreeMarker macro call
    ("</@", ">"),
)


def root_element(text: str) -> tuple[str, str] | None:
    """(qualified name, attribute text) of the root element's start tag, when ``text`` is an XML prolog
    (declaration, processing instructions, comments, a DOCTYPE, FreeMarker tags) followed by it."""
    pos, n = 0, len(text)
    while pos < n:
        ch = text[pos]
        if ch in " \t\r\n":
            pos += 1
            continue
        if ch != "<":
            return None
        for start, end in PROLOG_ENDS:
            if text.startswith(start, pos):
                close = text.find(end, pos + len(start))
                if close < 0:
                    return None
                pos = close + len(end)
                break
        else:
            if text.startswith("<!", pos):  # <!DOCTYPE …>, with an internal subset in [ ]
                bracket, close = text.find("[", pos), text.find(">", pos)
                if 0 <= bracket < close:
                    close = text.find("]", bracket)
                    close = text.find(">", close) if close >= 0 else -1
                if close < 0:
                    return None
                pos = close + 1
                continue
            m = START_TAG.match(text, pos)
            return (m.group(1), m.group(2)) if m else None
    return None
