"""What Word's two single-file XML formats (flatopc.py, word2003.py) share: their bytes made well-formed
XML, a parser that resolves nothing, and the hand-over to the .docx reader as an in-memory package.

Such files are often FreeMarker templates (``.ftl``): Word XML with ``<#list …>``, ``<#if …>`` directives
between its elements and ``${name}`` fields in its text.  The directives are not XML, so they are taken
out before parsing, keeping what the template shows when every condition holds and every list has one
item: the first branch of an ``<#if>``/``<#switch>`` (``<#else>``, ``<#elseif>``, later ``<#case>``s and
``<#recover>`` dropped), the body of a ``<#list>`` once, no ``<#macro>``/``<#function>`` bodies.  The
``${…}`` fields stay in the text, where rule B202 reports them as unrendered placeholders.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from lxml import etree

from ..errors import FileTooLarge, UnreadableFile
from ..model import Document
from . import elements
from .caps import DEFAULT_CAPS, Caps, mb, raise_hint

if TYPE_CHECKING:
    from lxml.etree import _Element

DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
TEMPLATE_TAG = re.compile(r"<(/?)([#@])")
DIRECTIVE_NAME = re.compile(r"[A-Za-z_][\w.]*")
#: FreeMarker directives with a closing tag and branches of which only the first is kept
BRANCHING = frozenset({"if", "list", "switch", "attempt"})
#: directives that end the kept branch of the open directive: the else of an if or a list, a recover
BRANCH_ENDS = {"else": ("if", "list"), "elseif": ("if", "list"), "recover": ("attempt",)}
#: directives whose body is not shown where it is written
HIDDEN_BODY = frozenset({"macro", "function", "comment"})
XML_DECLARATION = re.compile(r"^\s*<\?xml\s[^>]*\?>")


def xml_bytes(data: bytes, source: str) -> bytes:
    """``data`` as UTF-8 XML that lxml can parse: decoded by its byte-order mark or declaration, with any
    FreeMarker template tags taken out (see the module's docstring)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, encoding = data[3:], "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        m = DECLARATION.match(data[:512])
        encoding = m.group(1).decode("ascii").lower() if m else "utf-8"
    utf8 = encoding.replace("_", "-") in ("utf-8", "utf8")
    if utf8 and not any(t in data for t in (b"<#", b"</#", b"<@", b"</@")):
        return data
    try:
        text = data.decode(encoding)
    except LookupError:
        raise UnreadableFile(source, f"the XML declares an unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise UnreadableFile(source, f"not valid {encoding} text (byte {exc.start})") from None
    text = strip_template(text)
    # now UTF-8 whatever the declaration said: drop the declaration (UTF-8 is XML's default)
    return XML_DECLARATION.sub("", text, count=1).lstrip().encode("utf-8")


def strip_template(text: str) -> str:
    """``text`` without its FreeMarker tags (``<#…>``, ``</#…>``, ``<@…>``, ``<#-- … -->``), each
    branching directive reduced to its first branch."""
    if "<#" not in text and "<@" not in text and "</#" not in text and "</@" not in text:
        return text
    out: list[str] = []
    #: open directives: [name, skipping its current branch, a case seen (switch)]
    stack: list[list] = []
    hidden = 0  # how many open directives hide what they hold
    pos = 0
    for m in TEMPLATE_TAG.finditer(text):
        start = m.start()
        if start < pos:  # inside a tag or comment already consumed
            continue
        if not hidden:
            out.append(text[pos:start])
        if text.startswith("<#--", start):
            end = text.find("-->", start + 4)
            pos = len(text) if end < 0 else end + 3
            continue
        end = _tag_end(text, m.end())
        if end < 0:  # not a tag after all (a "<#" that never closes): keep it, let the parser judge
            if not hidden:
                out.append(text[start : m.end()])
            pos = m.end()
            continue
        pos = end
        if m.group(2) == "@":  # a macro call: what it writes is not known
            continue
        word = DIRECTIVE_NAME.match(text, m.end())
        name = word.group() if word else ""
        if m.group(1):  # </#name>
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        elif name == "noparse":
            close = text.find("</#noparse>", pos)
            close = len(text) if close < 0 else close
            if not hidden:
                out.append(text[pos:close])
            pos = close + len("</#noparse>")
            continue
        elif name in BRANCHING or name in HIDDEN_BODY:
            if text[end - 2 : end] != "/>":
                stack.append([name, name in HIDDEN_BODY, False])
        elif stack:
            top = stack[-1]
            if top[0] in BRANCH_ENDS.get(name, ()):
                top[1] = True
            elif name in ("case", "default") and top[0] == "switch":
                top[1], top[2] = top[2], True
        hidden = sum(1 for frame in stack if frame[1])
    if not hidden:
        out.append(text[pos:])
    return "".join(out)


def _tag_end(text: str, i: int) -> int:
    """The offset after the ">" closing a FreeMarker tag whose name starts at ``i`` (quotes and
    brackets of its expression skipped), or -1."""
    depth, quote, n = 0, "", len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == ">" and depth == 0:
            return i + 1
        elif ch == "<" and depth == 0 and text.startswith(("<#", "</#", "<w:", "</w:"), i):
            return -1  # ran into the next tag: this one never closed
        i += 1
    return -1


def parse(data: bytes, source: str, what: str, caps: Caps = DEFAULT_CAPS) -> _Element:
    """The root element of ``data``: no entity expansion, no DTD, no network, libxml2's default limits
    (depth 256, 10 MB per text node: ``huge_tree`` off), at most ``caps.xml_elements`` elements
    (counted before parsing). ``what`` names the format in errors."""
    found = elements.count(data)
    if found > caps.xml_elements:
        raise elements.too_many(source, f"this {what}", found, caps.xml_elements)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(source, f"this {what} is not well-formed XML: {one_line(exc)}") from None
    if root is None:
        raise UnreadableFile(source, f"this {what} holds no XML element")
    return root


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


def serialise(el: _Element, source: str, name: str, caps: Caps = DEFAULT_CAPS) -> bytes:
    """``el`` as the bytes of a package part, within the size a .docx's part may inflate to
    (``caps.zip_part``)."""
    data = etree.tostring(el, encoding="UTF-8", xml_declaration=True, standalone=True)
    if len(data) > caps.zip_part:
        raise FileTooLarge(
            source,
            f"{name} is {mb(len(data))} MB of XML (limit {mb(caps.zip_part)} MB) {raise_hint('zip_part')}",
        )
    return data


CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def read_package(
    parts: dict[str, bytes],
    types: dict[str, str],
    source: str,
    fmt: str,
    max_chars: int | None = None,
    caps: Caps = DEFAULT_CAPS,
) -> Document:
    """Read the parts of a Word package (name without leading "/" -> bytes; name -> content type) with
    the .docx reader, as the .docx holding them would be read (stopping past ``max_chars`` characters,
    within ``caps``); the Document says ``fmt``."""
    from .docx import read as read_docx

    ct = etree.Element(f"{{{CONTENT_TYPES_NS}}}Types", nsmap={None: CONTENT_TYPES_NS})
    for ext, ctype in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(ct, f"{{{CONTENT_TYPES_NS}}}Default", Extension=ext, ContentType=ctype)
    for name, ctype in types.items():
        if ctype:
            etree.SubElement(ct, f"{{{CONTENT_TYPES_NS}}}Override", PartName="/" + name, ContentType=ctype)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", etree.tostring(ct, encoding="UTF-8", xml_declaration=True))
        for name, blob in parts.items():
            if name != "[Content_Types].xml":
                zf.writestr(name, blob)
    doc = read_docx(buf.getvalue(), source=source, max_chars=max_chars, caps=caps)
    doc.format = fmt
    return doc
