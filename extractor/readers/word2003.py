"""Word 2003 XML (WordprocessingML 2003, "XML Document (*.xml)"): root ``w:wordDocument``.

Its vocabulary is the ancestor of .docx's, one file instead of a package: the same ``w:p``/``w:r``/``w:t``,
``w:tbl``, ``w:pPr``/``w:rPr``, ``w:styles``; list definitions in ``w:lists``, headers and footers inside
``w:sectPr``, footnotes written where they are referenced, revisions and comments as ``aml:annotation``.
The document is rewritten into the parts of a .docx (document.xml, styles.xml, numbering.xml, headers,
footers, footnotes, comments) and read by the .docx reader, so list numbers, underlined blanks, tables and
revisions come out as they would from the same document saved as .docx:

- the namespace ``…/office/word/2003/wordml`` becomes the .docx one; ``wx:sect``, ``wx:sub-section`` and
  ``wx:pBdrGroup`` wrappers are opened; ``w:hlink`` is ``w:hyperlink``, ``w:vmerge``/``w:hmerge`` are
  ``w:vMerge``/``w:hMerge``; elements of a customer's own schema (XML tags, smart tags) are
  ``w:customXml``, whose content is read; embedded pictures (``w:binData``) are dropped;
- ``w:listPr`` (``w:ilvl``, ``w:ilfo``) is ``w:numPr`` (``w:ilvl``, ``w:numId``); ``w:lists`` becomes
  numbering.xml: ``w:listDef`` an ``w:abstractNum``, ``w:list w:ilfo`` a ``w:num``, ``w:nfc`` (the
  MSONFC number of Word's binary format) the ``w:numFmt`` name, as the .doc reader maps it;
- ``aml:annotation`` of type Word.Insertion/Word.Deletion becomes ``w:ins``/``w:del``, a Word.Comment
  goes to the comments part (its text is not the contract's), bookmarks and other marks are dropped.

Word 2003 XML is the usual base of FreeMarker Word templates (``.ftl``); their directives are taken out
first (see wordxml.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from ..errors import UnreadableFile
from ..model import Document
from . import wordxml
from .caps import DEFAULT_CAPS, Caps
from .ole_text import MSONFC, NFC_NONE
from .sniff import WORD2003_NS
from .word_numbering import W

if TYPE_CHECKING:
    from lxml.etree import _Element

FORMAT = "word2003-xml"
#: read by the .docx reader, which stops past the character budget
STOPS_AT_MAX_CHARS = True
#: the XML element cap and the part size cap (caps.py)
USES_CAPS = True
WHAT = "Word 2003 XML document"

W_NS = W[1:-1]
WX = "{http://schemas.microsoft.com/office/word/2003/auxHint}"
AML = "{http://schemas.microsoft.com/aml/2001/core}"
#: namespaces of Word's own markup; an element in any other is a customer's XML tag or a smart tag
OFFICE_NAMESPACES = frozenset(
    {
        W_NS,
        WX[1:-1],
        AML[1:-1],
        "urn:schemas-microsoft-com:vml",
        "urn:schemas-microsoft-com:office:office",
        "urn:schemas-microsoft-com:office:word",
        "http://schemas.microsoft.com/schemaLibrary/2003/core",
        "uuid:C2F41010-65B3-11d1-A29F-00AA00C14882",
        "http://www.w3.org/XML/1998/namespace",
    }
)
#: wrappers Word writes around runs of paragraphs (sections, outline levels, shared borders)
WRAPPERS = (WX + "sect", WX + "sub-section", WX + "pBdrGroup")
RENAMED = {
    W + "listPr": W + "numPr",
    W + "ilfo": W + "numId",
    W + "hlink": W + "hyperlink",
    W + "vmerge": W + "vMerge",
    W + "hmerge": W + "hMerge",
}
#: w:rFonts attributes spelled otherwise in 2003
FONT_ATTRS = {W + "h-ansi": W + "hAnsi", W + "fareast": W + "eastAsia"}
TAB_LEADERS = {"middle-dot": "middleDot"}
ANNOTATION_TYPE = W + "type"
CONTENT = AML + "content"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def read(data: bytes, *, source: str, max_chars: int | None = None, caps: Caps = DEFAULT_CAPS) -> Document:
    xml = wordxml.xml_bytes(data, source)
    for quote in (b'"', b"'"):  # the exact URI: Word's "…/2003/wordml/sp2" is another namespace
        xml = xml.replace(quote + WORD2003_NS.encode() + quote, quote + W_NS.encode() + quote)
    root = wordxml.parse(xml, source, WHAT, caps)
    if root.tag != W + "wordDocument":
        raise UnreadableFile(source, f"not a {WHAT}: the root element is not w:wordDocument")
    body = root.find(W + "body")
    if body is None:
        raise UnreadableFile(source, f"this {WHAT} has no w:body")
    return _Package(root, body, source, caps).read(max_chars)


class _Package:
    """The .docx parts of one Word 2003 XML document."""

    def __init__(self, root: _Element, body: _Element, source: str, caps: Caps):
        self.root, self.body, self.source, self.caps = root, body, source, caps
        self.parts: dict[str, bytes] = {}
        self.types: dict[str, str] = {}
        self.rels: list[tuple[str, str]] = []  # (relationship type, target under word/)

    def read(self, max_chars: int | None = None) -> Document:
        body = self.body
        for el in list(body.iter(*WRAPPERS)):
            _unwrap(el)
        for el in list(body.iter(W + "binData")):
            _remove(el)
        comments = self.annotations()
        margins = self.margins()
        notes = {kind: self.notes(kind) for kind in ("footnote", "endnote")}
        _rename(body)
        document = etree.Element(W + "document", nsmap={"w": W_NS})
        document.append(body)
        self.add("document.xml", document, MAIN + "document.main+xml", None)
        styles = self.root.find(W + "styles")
        if styles is not None:
            for st in styles.iterchildren(W + "style"):
                if st.get(W + "type") == "list":
                    st.set(W + "type", "numbering")
            _rename(styles)
            self.add("styles.xml", styles, MAIN + "styles+xml", "styles")
        lists = self.root.find(W + "lists")
        if lists is not None:
            self.add("numbering.xml", _numbering(lists), MAIN + "numbering+xml", "numbering")
        for kind, root in notes.items():
            if root is not None:
                self.add(f"{kind}s.xml", root, MAIN + f"{kind}s+xml", f"{kind}s")
        if comments is not None:
            self.add("comments.xml", comments, MAIN + "comments+xml", "comments")
        for i, part in enumerate(margins, 1):
            kind = "header" if part.tag == W + "hdr" else "footer"
            self.add(f"{kind}{i}.xml", part, MAIN + f"{kind}+xml", kind)
        self.parts["word/_rels/document.xml.rels"] = _relationships(self.rels)
        self.parts["_rels/.rels"] = _relationships([("officeDocument", "word/document.xml")])
        return wordxml.read_package(self.parts, self.types, self.source, FORMAT, max_chars, self.caps)

    def add(self, name: str, el: _Element, ctype: str, rel: str | None) -> None:
        self.parts["word/" + name] = wordxml.serialise(el, self.source, "/word/" + name, self.caps)
        self.types["word/" + name] = ctype
        if rel is not None:
            self.rels.append((rel, name))

    def annotations(self) -> _Element | None:
        """Revisions become w:ins/w:del; comments go to a comments part (returned); other marks go."""
        comments = None
        for ann in list(self.body.iter(AML + "annotation")):
            if ann.getparent() is None:  # inside a comment already moved out
                continue
            kind = ann.get(ANNOTATION_TYPE, "")
            content = ann.find(CONTENT)
            if kind in ("Word.Insertion", "Word.Deletion"):
                mark = etree.Element(W + ("ins" if kind == "Word.Insertion" else "del"))
                mark.extend(list(content) if content is not None else [])
                _replace(ann, mark)
            elif kind == "Word.Comment":
                if comments is None:
                    comments = etree.Element(W + "comments", nsmap={"w": W_NS})
                comment = etree.SubElement(comments, W + "comment", {W + "id": str(len(comments))})
                comment.extend(list(content) if content is not None else [])
                _remove(ann)
            else:  # bookmarks, comment ranges, formatting changes
                _remove(ann)
        if comments is not None:
            _rename(comments)
        return comments

    def margins(self) -> list[_Element]:
        """Headers and footers, out of the section properties that hold them."""
        out = []
        for sect in self.body.iter(W + "sectPr"):
            for el in list(sect):
                if el.tag in (W + "hdr", W + "ftr"):
                    sect.remove(el)
                    el.attrib.clear()
                    _rename(el)
                    out.append(el)
        return out

    def notes(self, kind: str) -> _Element | None:
        """Footnotes (endnotes) written where they are referenced: each replaced by a reference to it in
        a footnotes (endnotes) part."""
        part = None
        for note in list(self.body.iter(W + kind)):
            if note.getparent() is None or note.getparent().tag != W + "r":
                continue
            if part is None:
                part = etree.Element(W + kind + "s", nsmap={"w": W_NS})
            note_id = str(len(part) + 1)
            ref = etree.Element(W + kind + "Reference", {W + "id": note_id})
            _replace(note, ref)
            note.attrib.clear()
            note.set(W + "id", note_id)
            part.append(note)
        if part is not None:
            _rename(part)
        return part


def _numbering(lists: _Element) -> _Element:
    """numbering.xml from w:lists."""
    out = etree.Element(W + "numbering", nsmap={"w": W_NS})
    for el in lists.iterchildren(W + "listDef"):
        abstract = etree.SubElement(
            out, W + "abstractNum", {W + "abstractNumId": el.get(W + "listDefId", "")}
        )
        for child in el:
            if child.tag == W + "lvl":
                abstract.append(_level(child))
            elif child.tag in (W + "listStyleLink", W + "styleLink"):
                tag = W + "numStyleLink" if child.tag == W + "listStyleLink" else child.tag
                etree.SubElement(abstract, tag, {W + "val": child.get(W + "val", "")})
    for el in lists.iterchildren(W + "list"):
        num = etree.SubElement(out, W + "num", {W + "numId": el.get(W + "ilfo", "")})
        ilst = el.find(W + "ilst")
        etree.SubElement(
            num, W + "abstractNumId", {W + "val": ilst.get(W + "val", "") if ilst is not None else ""}
        )
        for ov in el.iterchildren(W + "lvlOverride"):
            override = etree.SubElement(num, W + "lvlOverride", {W + "ilvl": ov.get(W + "ilvl", "0")})
            for child in ov:
                if child.tag == W + "startOverride":
                    override.append(child)
                elif child.tag == W + "lvl":
                    override.append(_level(child))
    return out


def _level(lvl: _Element) -> _Element:
    """A 2003 w:lvl as a .docx one: w:nfc (an MSONFC number) becomes w:numFmt, w:suff is lower case."""
    out = etree.Element(W + "lvl", {W + "ilvl": lvl.get(W + "ilvl", "0")})
    nfc = None
    for child in lvl:
        if child.tag == W + "nfc":
            nfc = child.get(W + "val")
        elif child.tag == W + "suff":
            etree.SubElement(out, child.tag, {W + "val": (child.get(W + "val") or "tab").lower()})
        elif child.tag in (W + "start", W + "lvlText", W + "lvlRestart", W + "isLgl", W + "pStyle"):
            out.append(child)
    try:
        code = int(nfc) if nfc is not None else 0
    except ValueError:
        code = 0
    fmt = "none" if code == NFC_NONE else MSONFC[code] if 0 <= code < len(MSONFC) else "decimal"
    out.insert(0, etree.Element(W + "numFmt", {W + "val": fmt}))
    return out


def _rename(root: _Element) -> None:
    """2003 spellings to .docx ones, under ``root`` (see the module's docstring)."""
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        new = RENAMED.get(tag)
        if new is not None:
            el.tag = new
        elif tag == W + "rFonts":
            for old, name in FONT_ATTRS.items():
                value = el.attrib.pop(old, None)
                if value is not None and name not in el.attrib:
                    el.set(name, value)
        elif tag == W + "tab":
            leader = el.get(W + "leader")
            if leader in TAB_LEADERS:
                el.set(W + "leader", TAB_LEADERS[leader])
        elif tag[0] == "{" and tag[1:].partition("}")[0] not in OFFICE_NAMESPACES:
            el.tag = W + "customXml"
            el.attrib.clear()


def _relationships(rels: list[tuple[str, str]]) -> bytes:
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    for i, (kind, target) in enumerate(rels, 1):
        etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=f"rId{i}", Type=REL + kind, Target=target)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def _replace(old: _Element, new: _Element) -> None:
    new.tail = old.tail
    old.getparent().replace(old, new)


def _remove(el: _Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    _keep_tail(el)
    parent.remove(el)


def _unwrap(el: _Element) -> None:
    """Put ``el``'s children in its place."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    children = list(el)
    if el.text and el.text.strip():
        _append_text(parent, index, el.text)
    if children:
        last = children[-1]
        last.tail = (last.tail or "") + (el.tail or "")
    else:
        _keep_tail(el)
    for i, child in enumerate(children):
        parent.insert(index + i, child)
    parent.remove(el)


def _keep_tail(el: _Element) -> None:
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent = el.getparent()
            parent.text = (parent.text or "") + el.tail
        el.tail = None


def _append_text(parent: _Element, index: int, text: str) -> None:
    prev = parent[index - 1] if index > 0 else None
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
