"""Word 2007+ "Word XML Document" (Flat OPC): a whole .docx package written as one XML file.

The root ``pkg:package`` holds one ``pkg:part`` per part of the package, named as in the zip
(``/word/document.xml``, ``/word/styles.xml``, ``/word/numbering.xml``, headers and footers, the
``.rels`` relationship parts) with its content type; an XML part's root element sits in
``pkg:xmlData``, any other part is base64 in ``pkg:binaryData``.  The parts are put back into an
in-memory .docx and read by the .docx reader, so list numbers, underlined blanks, tables, footnotes
and headers come out exactly as from the .docx Word would save.  Binary parts (images, fonts,
embedded objects) are left out unless their content type is XML: nothing is read from them.

Users get these as ``.xml``; template systems ship them as FreeMarker ``.ftl`` files, whose directives
are taken out first (see wordxml.py).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from ..errors import UnreadableFile
from ..model import Document
from . import wordxml
from .caps import DEFAULT_CAPS, Caps

if TYPE_CHECKING:
    from lxml.etree import _Element

FORMAT = "docx-xml"
#: read by the .docx reader, which stops past the character budget
STOPS_AT_MAX_CHARS = True
#: the XML element cap and the part size cap (caps.py)
USES_CAPS = True
WHAT = "Word XML package"

PKG = "{http://schemas.microsoft.com/office/2006/xmlPackage}"
PART, NAME, CONTENT_TYPE = PKG + "part", PKG + "name", PKG + "contentType"
XML_DATA, BINARY_DATA = PKG + "xmlData", PKG + "binaryData"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OFFICE_DOCUMENT = "/officeDocument"


def read(data: bytes, *, source: str, max_chars: int | None = None, caps: Caps = DEFAULT_CAPS) -> Document:
    root = wordxml.parse(wordxml.xml_bytes(data, source), source, WHAT, caps)
    if root.tag != PKG + "package":
        raise UnreadableFile(source, f"not a {WHAT}: the root element is {_local(root.tag)}, not pkg:package")
    parts: dict[str, bytes] = {}
    types: dict[str, str] = {}
    for part in root.iterchildren(PART):
        name = (part.get(NAME) or "").lstrip("/")
        if not name or name in parts:
            continue
        ctype = part.get(CONTENT_TYPE) or ""
        blob = _part_bytes(part, name, ctype, source, caps)
        if blob is not None:
            parts[name], types[name] = blob, ctype
    main = _main_part(parts)
    if main is None:
        raise UnreadableFile(source, f"this {WHAT} has no /word/document.xml part")
    return wordxml.read_package(parts, types, source, FORMAT, max_chars, caps)


def _part_bytes(part: _Element, name: str, ctype: str, source: str, caps: Caps) -> bytes | None:
    xml = part.find(XML_DATA)
    if xml is not None:
        child = next(iter(xml), None)  # comments and processing instructions were dropped by the parser
        return wordxml.serialise(child, source, "/" + name, caps) if child is not None else None
    binary = part.find(BINARY_DATA)
    if binary is None or not _is_xml(ctype):
        return None  # an image, a font, an embedded object: nothing the reader looks at
    try:
        return base64.b64decode("".join((binary.text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise UnreadableFile(source, f"the part /{name} of this {WHAT} is not valid base64") from None


def _is_xml(ctype: str) -> bool:
    base = ctype.split(";", 1)[0].strip().lower()
    return base.endswith(("+xml", "/xml"))


def _main_part(parts: dict[str, bytes]) -> str | None:
    """The main document part: the package relationship's target, else word/document.xml."""
    rels = parts.get("_rels/.rels")
    if rels is not None:
        try:
            root = wordxml.parse(rels, "", WHAT)
        except UnreadableFile:
            root = None
        for rel in root.iter(PKG_REL) if root is not None else ():
            if rel.get("Type", "").endswith(OFFICE_DOCUMENT) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "").lstrip("/")
                if target in parts:
                    return target
    return "word/document.xml" if "word/document.xml" in parts else None


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2] or str(tag)
