"""Word .docx/.docm/.dotx: one lxml parse of the main document part and a single walk over it.

What a person sees in Word is what the Lines hold: list numbers rendered (word_numbering), deleted
revisions dropped and inserted ones kept, field results instead of field codes, content controls
opened, each text box once (after the paragraph that anchors it), table cells in reading order with
their (table, row, column).  A soft line break (w:br, w:cr) starts a new Line, because party and
signature blocks are often typed as one paragraph with Shift+Enter ("甲方：XX<br/>地址：YY"); page and
column breaks add nothing.  Headers and footers are not read.  Footnotes and endnotes come after the
body as Lines with role="footnote" (each opening with its mark, "1 "), in the order the body refers to
them; the outline leaves them out, so they are not taken for part of the signature page.

Places to fill that Word draws without characters become an underlined run of spaces, as an underlined
blank typed by hand: a tab in a paragraph whose tab stops have a line leader (see ``_Walker.paragraph``)
and a content control still showing its placeholder prompt ("单击或点击此处输入文字。").  Text set in a
symbol font (Wingdings "þ", Wingdings 2 "R") or written as a private-use character (U+F0FE) is shown as
the check box it draws.  python-docx is not used: opening a file with it alone costs about twice this
whole read.
See docs/design/docx-numbering.md.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from lxml import etree

from ..errors import FileTooLarge, TextTooLarge, UnreadableFile
from ..model import Document, Line, Note
from . import elements
from .caps import DEFAULT_CAPS, Caps, mb, raise_hint
from .notes import review_note
from .symbols import SYMBOL_FONTS
from .word_numbering import MC, W_VAL, Counters, Numbering, W
from .word_styles import (
    W_B,
    W_RFONTS,
    W_RSTYLE,
    W_TABS,
    W_U,
    W_VANISH,
    ParaStyle,
    Props,
    Styles,
    apply_tabs,
    line_leader,
    merge,
    num_pr,
    rpr_props,
    symbol_font,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

FORMAT = "docx"
#: the walk stops as soon as the lines it made run past the character budget (``max_chars``)
STOPS_AT_MAX_CHARS = True

#: the caps come from ``caps`` (docs/limits.md): zip bombs, a part that inflates past ``caps.zip_part`` or
#: parts that together inflate past ``caps.zip_total``, counted while inflating (whatever the zip's headers
#: declare; real contracts are far below 10 MB of XML), and XML bombs (millions of tiny elements): each
#: part's elements are counted before it is parsed, and all the parts' together may not pass
#: ``caps.xml_elements`` (_Package.count_elements)
USES_CAPS = True
#: bytes inflated at a time
INFLATE_CHUNK = 1 << 20

STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
TRANSITIONAL_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

# tags (Clark notation), bound once
P, R, T, TBL, TR, TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
PPR, RPR, TCPR, TRPR, PSTYLE = W + "pPr", W + "rPr", W + "tcPr", W + "trPr", W + "pStyle"
NUMPR, OUTLINE = W + "numPr", W + "outlineLvl"
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
INS, DEL, MOVE_TO, MOVE_FROM = W + "ins", W + "del", W + "moveTo", W + "moveFrom"
TAB, PTAB, BR, CR, SYM = W + "tab", W + "ptab", W + "br", W + "cr", W + "sym"
NB_HYPHEN, FLDCHAR = W + "noBreakHyphen", W + "fldChar"
#: where Word's last layout of the document began a new page (saved by Word, not by every writer)
RENDERED_BREAK = W + "lastRenderedPageBreak"
DRAWING, PICT, OBJECT = W + "drawing", W + "pict", W + "object"
#: a picture inside a drawing (DrawingML) or a VML shape
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
TXBX = W + "txbxContent"
ALT, CHOICE, FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
FOOTNOTE_REFERENCE, ENDNOTE_REFERENCE = W + "footnoteReference", W + "endnoteReference"
FOOTNOTE_REF, ENDNOTE_REF = W + "footnoteRef", W + "endnoteRef"
RUBY, RUBY_BASE = W + "ruby", W + "rubyBase"
OMATH, OMATH_PARA, MATH_T = MATH + "oMath", MATH + "oMathPara", MATH + "t"
GRID_SPAN, VMERGE, HMERGE, GRID_BEFORE = W + "gridSpan", W + "vMerge", W + "hMerge", W + "gridBefore"
W_TYPE, W_ID, FLDCHAR_TYPE = W + "type", W + "id", W + "fldCharType"

#: inline wrappers whose children are read as if they stood in the paragraph
INLINE_WRAPPERS = frozenset(
    W + t for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "bdo", "dir")
)
#: revision marks counted for the "unaccepted-revisions" note
REVISION_TAGS = tuple(W + t for t in ("ins", "del", "moveFrom", "moveTo"))
FORMAT_CHANGE_TAGS = tuple(
    W + t
    for t in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
    )
)
NON_BREAKING = ("page", "column")
OFF = ("false", "0", "off")
SDT_PR, SHOWING_PLACEHOLDER, W_LEADER = W + "sdtPr", W + "showingPlcHdr", W + "leader"
#: what an empty place to fill (a leader tab, a content control showing its prompt) becomes, underlined
GAP = "    "
#: leaders of an absolute-position tab (w:ptab) that draw a line to write on
PTAB_LINE_LEADERS = frozenset({"underscore", "dot", "middleDot", "hyphen"})
#: characters a symbol font draws as a glyph: the 8-bit range and its private-use alias U+F000-U+F0FF
SYMBOL_CHARS = re.compile("[\x21-\x9f\xa1-\xff\uf000-\uf0ff]")
PRIVATE_USE_SYMBOLS = re.compile("[\uf000-\uf0ff]")


# ----------------------------------------------------------------------------------------------
# the package (zip) layer
# ----------------------------------------------------------------------------------------------


class _Package:
    def __init__(self, data: bytes, source: str, caps: Caps = DEFAULT_CAPS):
        self.source = source
        self.caps = caps
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.infos = {info.filename: info for info in self.zip.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
            raise UnreadableFile(
                source, "not a valid .docx: the zip archive is corrupt or cut short"
            ) from None
        except NotImplementedError as exc:  # zipfile: "zip file version 9.8", a damaged or exotic archive
            raise UnreadableFile(source, f"not a valid .docx: {_one_line(exc)}") from None
        # no entity expansion, no network, and libxml2's default limits (depth 256, 10 MB per text node)
        self.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
        )
        self.inflated = 0  # bytes inflated from the parts read so far
        self.element_count = 0  # XML elements in the parts parsed so far

    def blob(self, name: str) -> bytes | None:
        info = self.infos.get(name)
        if info is None:
            return None
        part_max, package_max = self.caps.zip_part, self.caps.zip_total
        if info.file_size > part_max:  # declared: refused before inflating a byte
            raise FileTooLarge(
                self.source,
                f"{name} inflates to {mb(info.file_size)} MB, past {mb(part_max)} MB: a zip bomb? "
                + raise_hint("zip_part"),
            )
        buf = io.BytesIO()
        try:
            with self.zip.open(info) as fh:
                while chunk := fh.read(INFLATE_CHUNK):
                    if buf.tell() + len(chunk) > part_max:
                        raise FileTooLarge(
                            self.source,
                            f"{name} inflates past {mb(part_max)} MB: a zip bomb? " + raise_hint("zip_part"),
                        )
                    if self.inflated + buf.tell() + len(chunk) > package_max:
                        raise FileTooLarge(
                            self.source,
                            f"the package's parts inflate past {mb(package_max)} MB: a zip bomb? "
                            + raise_hint("zip_total"),
                        )
                    buf.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise UnreadableFile(self.source, f"{name} is corrupt or cut short in the zip archive") from None
        except (RuntimeError, NotImplementedError) as exc:  # encrypted member, unknown compression
            raise UnreadableFile(self.source, f"{name} cannot be unpacked: {_one_line(exc)}") from None
        self.inflated += buf.tell()
        return buf.getvalue()  # (no copy: the buffer is handed over)

    def xml(self, name: str) -> _Element | None:
        data = self.blob(name)
        if data is None:
            return None
        self.count_elements(name, data)
        if STRICT_W in data:  # ISO "Strict" files: same vocabulary, another namespace
            data = data.replace(STRICT_W, TRANSITIONAL_W)
        try:
            return etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            raise UnreadableFile(self.source, f"{name} is not well-formed XML: {_one_line(exc)}") from None

    def count_elements(self, name: str, data: bytes) -> None:
        """Refuse a part, before it is parsed, that would bring the elements of the parts read so far past
        ``caps.xml_elements`` (docs/limits.md)."""
        found, limit = elements.count(data), self.caps.xml_elements
        if found > limit:
            raise elements.too_many(self.source, name, found, limit)
        self.element_count += found
        if self.element_count > limit:
            raise FileTooLarge(
                self.source,
                f"the package's XML parts hold over {limit:,} elements: an XML bomb? "
                + raise_hint("xml_elements"),
            )

    def relations(self, part: str) -> dict[str, str]:
        """Relationship type (last path segment, e.g. "styles") -> target part name, for ``part``."""
        folder, base = posixpath.split(part)
        rels = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, str] = {}
        if rels is None:
            return out
        for rel in rels.iter(PKG_REL):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target or kind in out:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[kind] = posixpath.normpath(path)
        return out

    def main_part(self) -> str:
        target = self.relations("").get("officeDocument")
        if target and target in self.infos:
            return target
        if "word/document.xml" in self.infos:
            return "word/document.xml"
        raise UnreadableFile(
            self.source, "not a Word document: word/document.xml is missing from the package"
        )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


# ----------------------------------------------------------------------------------------------
# the walk
# ----------------------------------------------------------------------------------------------


class _Para:
    """Text of one paragraph as it accumulates, split into visual lines at soft breaks."""

    __slots__ = (
        "all_bold",
        "boxes",
        "done",
        "ink",
        "leader",
        "parts",
        "pics",
        "pictures",
        "pos",
        "spans",
        "style",
    )

    def __init__(self, style: ParaStyle, leader: bool = False):
        self.style = style
        #: the paragraph's tab stops draw a line: a w:tab is a place to fill
        self.leader = leader
        self.done: list[tuple[str, list[list[int]], bool]] = []
        #: per visual line done, where its pictures stand (offsets into its text)
        self.pictures: list[list[int]] = []
        self.boxes: list[_Element] = []
        self._reset()

    def _reset(self) -> None:
        self.parts: list[str] = []
        self.spans: list[list[int]] = []
        self.pics: list[int] = []  # the pictures of the visual line being read
        self.pos = 0
        self.all_bold = True
        self.ink = False

    def add(self, text: str, bold: bool | None, under: bool | None) -> None:
        n = len(text)
        if not n:
            return
        if "\n" in text or "\r" in text:
            text = text.replace("\r", " ").replace("\n", " ")
        if under:
            spans = self.spans
            if spans and spans[-1][1] == self.pos:
                spans[-1][1] += n
            else:
                spans.append([self.pos, self.pos + n])
        if not text.isspace():
            self.ink = True
            if not bold:
                self.all_bold = False
        self.parts.append(text)
        self.pos += n

    def picture(self) -> None:
        """A picture stands here (an inline image: a signature, a seal)."""
        self.pics.append(self.pos)

    def newline(self) -> None:
        self.done.append(("".join(self.parts), self.spans, self.ink and self.all_bold))
        self.pictures.append(self.pics)
        self._reset()

    def finish(self) -> list[tuple[str, list[list[int]], bool]]:
        self.newline()
        return self.done

    def has_text(self) -> bool:
        return bool(self.parts) or any(text for text, _s, _b in self.done)


class _Walker:
    def __init__(self, styles: Styles, numbering: Numbering):
        self.styles = styles
        #: w:rPr element -> its (bold, underline, hidden, fonts) and character style, for the rPr that say any
        self.direct: dict[_Element, tuple[Props, str | None]] = {}
        self.numbering = numbering
        self.counters = Counters(numbering)
        self.lines: list[Line] = []
        self.cell: tuple[int, int, int] | None = None
        self.role = "body"
        self.tables = 0
        self.skip_empty = False  # inside a vertically merged continuation cell
        self.fields: list[bool] = []  # open complex fields; True while in their instruction part
        self.in_instr = 0  # how many open fields are in their instruction part (text hidden)
        #: ("footnote"|"endnote", id, line that refers to it) in reading order
        self.note_refs: list[tuple[str, str, int]] = []
        #: lines at which a picture stands (a scanned signature page, a seal)
        self.images: list[int] = []
        self.page_breaks = 0  # w:lastRenderedPageBreak seen so far
        self.break_row: tuple[int, int] | None = None  # the table row of the last one
        self.para_page = 1  # the page the paragraph being read starts on
        self.note_mark: str | None = None  # the number shown for w:footnoteRef inside a note
        self._props: dict[tuple, Props] = {}
        self.placeholder = False  # inside a content control that shows its placeholder prompt
        #: a paragraph whose mark was deleted, waiting for the next paragraph's text: (text so far,
        #: its number, its heading level)
        self.carry: tuple[_Para, tuple[str, str] | None, int | None] | None = None
        self.max_chars: int | None = None  # the character budget (``_OverBudget`` past it)
        self.chars = 0  # characters of the lines so far, a line break after each

    def prepare(self, root: _Element) -> None:
        """Read run properties in one C-level sweep instead of one Python loop per run."""
        direct = self.direct
        for el in root.iter(W_B, W_U, W_VANISH, W_RSTYLE, W_RFONTS):
            rpr = el.getparent()
            if rpr not in direct:
                direct[rpr] = rpr_props(rpr)

    # -- blocks --------------------------------------------------------------------------------

    def blocks(self, parent: _Element) -> None:
        for el in parent:
            tag = el.tag
            if tag == P:
                self.paragraph(el)
            elif tag == TBL:
                self.table(el)
            elif tag == SDT:
                content = el.find(SDT_CONTENT)
                if content is not None:
                    saved = self.placeholder
                    self.placeholder = saved or _showing_placeholder(el)
                    self.blocks(content)
                    self.placeholder = saved
            elif tag in (CUSTOM_XML, INS, MOVE_TO):
                self.blocks(el)
            elif tag == ALT:
                choice = el.find(CHOICE)
                if choice is not None:
                    self.blocks(choice)

    def table(self, tbl: _Element) -> None:
        self.flush()  # a deleted paragraph mark does not join a paragraph with a table
        index = self.tables
        self.tables += 1
        saved = self.cell, self.skip_empty, self.placeholder
        row = 0
        for tr, row_prompt in _children(tbl, TR):
            col = 0
            trpr = tr[0] if len(tr) and tr[0].tag == TRPR else None
            if trpr is not None:
                if trpr.find(DEL) is not None or trpr.find(MOVE_FROM) is not None:
                    continue  # a deleted row
                col = _int_val(trpr.find(GRID_BEFORE), 0)
            for tc, cell_prompt in _children(tr, TC):
                span, cont = 1, False
                tcpr = tc[0] if len(tc) and tc[0].tag == TCPR else None
                if tcpr is not None:
                    for el in tcpr:
                        tag = el.tag
                        if tag == GRID_SPAN:
                            span = max(1, _int_val(el, 1))
                        elif tag in (VMERGE, HMERGE):
                            cont = cont or _continues(el)
                self.cell = (index, row, col)
                self.skip_empty = cont or saved[1]
                self.placeholder = saved[2] or row_prompt or cell_prompt
                self.blocks(tc)
                self.flush()
                col += span
            row += 1
        self.cell, self.skip_empty, self.placeholder = saved

    def paragraph(self, p: _Element) -> None:
        style_id = direct_num = outline = tabs = None
        mark_deleted = False
        if len(p) and p[0].tag == PPR:  # w:pPr comes first by the schema
            for el in p[0]:
                tag = el.tag
                if tag == PSTYLE:
                    style_id = el.get(W_VAL)
                elif tag == NUMPR:
                    direct_num = num_pr(p[0])
                elif tag == OUTLINE:
                    outline = _int_val(el, 9)
                elif tag == W_TABS:
                    tabs = el
                elif tag == RPR:
                    for mark in el:
                        if mark.tag == DEL or mark.tag == MOVE_FROM:
                            mark_deleted = True
        style = self.styles.paragraph(style_id)
        # A w:tab advances to the next tab stop right of the text, and Word draws the stop's leader
        # across the gap.  Where the text ends is not known without laying the line out, so every tab
        # of a paragraph with a line-leader stop (underscore, heavy, dot, middleDot, hyphen: its own or
        # its style's) counts as a place to fill; dot leaders in table-of-contents styles do not.
        stops = dict(style.tabs)
        leader = line_leader(apply_tabs(stops, tabs) if tabs is not None else stops, style.toc)
        carry, self.carry = self.carry, None
        if carry is None:
            self.para_page = self.page_breaks + 1
            buf, prefix, heading = _Para(style, leader), None, None
        else:  # the previous paragraph's mark was deleted: this text continues its line
            buf, prefix, heading = carry
            buf.style, buf.leader = style, leader
        if self.placeholder:
            buf.add(GAP, None, True)
        else:
            self.inline(p, buf)
        if carry is None:
            if mark_deleted and not buf.has_text():
                # a whole deleted paragraph: Word's final view shows no line and no number for it
                if buf.boxes:
                    self.textboxes(buf.boxes)
                return
            prefix = self.number(direct_num, style, style_id)
            heading = style.heading if outline is None else (outline + 1 if 0 <= outline < 9 else None)
        if mark_deleted:
            # a deleted paragraph mark joins the paragraph with the next, which keeps this one's
            # number and heading level (what accepting the change in Word shows)
            self.carry = (buf, prefix, heading)
            return
        self.emit(buf.finish(), prefix, heading, buf.pictures)
        if buf.boxes:
            self.textboxes(buf.boxes)

    def flush(self) -> None:
        """Emit a paragraph whose mark was deleted when no paragraph follows to join it to."""
        if self.carry is not None:
            buf, prefix, heading = self.carry
            self.carry = None
            self.emit(buf.finish(), prefix, heading, buf.pictures)
            if buf.boxes:
                self.textboxes(buf.boxes)

    def number(self, direct: tuple | None, style: ParaStyle, style_id: str | None) -> tuple[str, str] | None:
        """(number, suffix) Word shows before this paragraph, advancing the counters; or None."""
        num_id = ilvl = None
        if direct is not None:
            num_id, ilvl = direct
        if style.num is not None:
            if num_id is None:
                num_id = style.num[0]
            if ilvl is None and num_id == style.num[0]:
                ilvl = style.num[1]
        if not num_id or not self.numbering:
            return None
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id or self.styles.default_paragraph)
            if ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style.num_style) or 0
        return self.counters.next(num_id, ilvl)

    def emit(
        self,
        rows: list,
        prefix: tuple[str, str] | None,
        heading: int | None,
        pictures: list[list[int]] | None = None,
    ) -> None:
        lines = self.lines
        for i, (text, spans, bold) in enumerate(rows):
            numbering = None
            pics = pictures[i] if pictures and i < len(pictures) else []
            if i == 0 and prefix is not None:
                numbering = prefix[0]
                lead = prefix[0] + prefix[1]
                text = lead + text
                if spans:
                    spans = [[s + len(lead), e + len(lead)] for s, e in spans]
                pics = [x + len(lead) for x in pics]
            elif self.skip_empty and not text.strip():
                continue
            lines.append(
                Line(
                    no=len(lines) + 1,
                    text=text,
                    underlines=tuple((s, e) for s, e in spans),
                    bold=bold,
                    heading=heading if i == 0 else None,
                    numbering=numbering,
                    cell=self.cell,
                    role=self.role,
                    page=self.para_page if self.page_breaks else None,
                    pictures=tuple(pics),
                )
            )
            self.chars += len(text) + 1
            if self.max_chars is not None and self.chars > self.max_chars:
                raise _OverBudget

    def textboxes(self, boxes: list[_Element]) -> None:
        saved = self.role, self.carry, self.placeholder
        if saved[0] == "body":
            self.role = "textbox"
        self.carry, self.placeholder = None, False
        for box in boxes:
            self.blocks(box)
            self.flush()
        self.role, self.carry, self.placeholder = saved

    # -- inline content ------------------------------------------------------------------------

    def inline(self, parent: _Element, buf: _Para) -> None:
        for el in parent:
            tag = el.tag
            if tag == R:
                self.run(el, buf)
            elif tag in INLINE_WRAPPERS:
                self.inline(el, buf)
            elif tag == SDT:
                if _showing_placeholder(el):
                    # the prompt is Word's, not a value: show the empty place instead
                    if not self.in_instr:
                        buf.add(GAP, None, True)
                    continue
                content = el.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, buf)
            elif tag == ALT:
                choice = el.find(CHOICE)
                if choice is not None:
                    self.inline(choice, buf)
            elif (tag in (OMATH, OMATH_PARA)) and not self.in_instr:
                buf.add("".join(t.text or "" for t in el.iter(MATH_T)), None, None)
            # w:del / w:moveFrom (deleted text), bookmarks, proofing marks: nothing to show

    def run_props(self, rpr: _Element, style: ParaStyle) -> Props:
        direct = self.direct.get(rpr)
        if direct is None:
            return style.props
        key = (style.props, direct)
        props = self._props.get(key)
        if props is None:
            (own, rstyle) = direct
            props = style.props
            if rstyle is not None:
                props = merge(props, self.styles.character(rstyle))
            props = merge(props, own)
            self._props[key] = props
        return props

    def run(self, r: _Element, buf: _Para) -> None:
        bold, under, hidden, fonts = buf.style.props
        font = symbol_font(fonts)
        for el in r:
            tag = el.tag
            if tag == T:
                if not hidden and not self.in_instr:
                    text = el.text
                    if text:
                        if font is not None or PRIVATE_USE_SYMBOLS.search(text):
                            text = _symbol_text(text, font)
                        buf.add(text, bold, under)
            elif tag == RPR:
                bold, under, hidden, fonts = self.run_props(el, buf.style)
                font = symbol_font(fonts)
            elif tag == TAB:
                if not self.in_instr and not hidden:
                    if buf.leader:
                        buf.add(GAP, bold, True)
                    else:
                        buf.add("\t", bold, under)
            elif tag == PTAB:
                if not self.in_instr and not hidden:
                    if el.get(W_LEADER) in PTAB_LINE_LEADERS:
                        buf.add(GAP, bold, True)
                    else:
                        buf.add("\t", bold, under)
            elif tag == BR:
                if not self.in_instr and not hidden and el.get(W_TYPE) not in NON_BREAKING:
                    buf.newline()
            elif tag == CR:
                if not self.in_instr and not hidden:
                    buf.newline()
            elif tag == RENDERED_BREAK:
                # a row that runs over a page break has the mark in each of its cells: one break a row
                row = self.cell[:2] if self.cell is not None else None
                if row is None or row != self.break_row:
                    if not self.page_breaks:  # the file holds a layout after all: what came before is page 1
                        self.lines[:] = [replace(ln, page=1) for ln in self.lines]
                    self.page_breaks += 1
                self.break_row = row
                if not buf.has_text():  # the paragraph opens the new page
                    self.para_page = self.page_breaks + 1
            elif tag == FLDCHAR:
                self.field_char(el, buf, bold, under)
            elif tag == NB_HYPHEN:
                if not self.in_instr and not hidden:
                    buf.add("-", bold, under)
            elif tag == SYM:
                if not self.in_instr and not hidden:
                    buf.add(_symbol(el), bold, under)
            elif tag in (DRAWING, PICT, ALT, OBJECT):
                if not hidden:
                    buf.boxes.extend(_text_boxes(el))
                    if any(True for _ in el.iter(BLIP, IMAGEDATA)):
                        self.images.append(len(self.lines) + len(buf.done) + 1)
                        buf.picture()
            elif tag in (FOOTNOTE_REFERENCE, ENDNOTE_REFERENCE):
                note_id = el.get(W_ID)
                if note_id is not None:
                    kind = "footnote" if tag == FOOTNOTE_REFERENCE else "endnote"
                    self.note_refs.append((kind, note_id, len(self.lines) + len(buf.done) + 1))
            elif tag in (FOOTNOTE_REF, ENDNOTE_REF):
                if self.note_mark:
                    buf.add(self.note_mark, bold, under)
            elif tag == RUBY:
                base = el.find(RUBY_BASE)
                if base is not None:
                    self.inline(base, buf)

    def field_char(self, el: _Element, buf: _Para, bold: bool | None, under: bool | None) -> None:
        kind = el.get(FLDCHAR_TYPE)
        if kind == "begin":
            if not self.in_instr:
                shown = _form_field_text(el)
                if shown:
                    buf.add(shown, bold, under)
            self.fields.append(True)
            self.in_instr += 1
        elif kind == "separate":
            if self.fields and self.fields[-1]:
                self.fields[-1] = False
                self.in_instr -= 1
        elif kind == "end" and self.fields and self.fields.pop():
            self.in_instr -= 1

    # -- notes ---------------------------------------------------------------------------------

    def notes(self, parts: dict[str, _Element | None]) -> None:
        """Footnotes/endnotes after the body, in the order the body refers to them, numbered 1, 2, …
        per kind; each read like body text (its mark shown as "1 ") with role="footnote"."""
        seen: set[tuple[str, str]] = set()
        counts = {"footnote": 0, "endnote": 0}
        by_id: dict[str, dict[str, _Element]] = {}
        for kind, root in parts.items():
            if root is not None:
                self.prepare(root)
                by_id[kind] = {n.get(W_ID): n for n in root.iterchildren(W + kind)}
        self.cell, self.role = None, "footnote"
        for kind, note_id, _line in self.note_refs:
            if (kind, note_id) in seen:
                continue
            seen.add((kind, note_id))
            note = by_id.get(kind, {}).get(note_id)
            if note is None or note.get(W_TYPE) not in (None, "normal"):
                continue
            counts[kind] += 1
            self.note_mark = str(counts[kind])
            self.fields, self.in_instr = [], 0
            self.blocks(note)
            self.flush()
        self.note_mark = None


def _children(parent: _Element, tag: str, prompt: bool = False) -> Iterator[tuple[_Element, bool]]:
    """Rows of a table / cells of a row, looking through row- and cell-level content controls; each
    with whether a content control around it shows its placeholder prompt."""
    for el in parent:
        if el.tag == tag:
            yield el, prompt
        elif el.tag == SDT:
            content = el.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag, prompt or _showing_placeholder(el))
        elif el.tag == CUSTOM_XML:
            yield from _children(el, tag, prompt)


def _showing_placeholder(sdt: _Element) -> bool:
    """Whether a content control shows its placeholder prompt ("单击或点击此处输入文字。"), not a value."""
    pr = sdt.find(SDT_PR)
    flag = pr.find(SHOWING_PLACEHOLDER) if pr is not None else None
    return flag is not None and flag.get(W_VAL, "true") not in OFF


def _continues(merge_el: _Element | None) -> bool:
    """w:vMerge / w:hMerge without val="restart" continues the cell above/left."""
    return merge_el is not None and merge_el.get(W_VAL, "continue") == "continue"


def _int_val(el: _Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W_VAL, default))
    except ValueError:
        return default


def _text_boxes(el: _Element) -> list[_Element]:
    """The outermost w:txbxContent under ``el``, skipping mc:Fallback copies (Word writes each twice)."""
    out = []
    for box in el.iter(TXBX):
        up = box.getparent()
        while up is not None and up is not el:
            if up.tag == FALLBACK or up.tag == TXBX:
                break
            up = up.getparent()
        else:
            out.append(box)
    return out


def _symbol(el: _Element) -> str:
    font = (el.get(W + "font") or "").lower()
    try:
        code = int(el.get(W + "char", ""), 16)
    except ValueError:
        return ""
    table = SYMBOL_FONTS.get(font)
    if table is not None:
        return table.get(code & 0xFF if code >= 0xF000 else code, "")
    if 0xE000 <= code <= 0xF8FF or not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""  # a private-use glyph, or no character at all (w:char="110000", "-1", a surrogate)
    return chr(code)


def _symbol_text(text: str, font: str | None) -> str:
    """``text`` as a symbol font draws it (Wingdings "þ" is ☑), ``font`` being the run's symbol font.

    A private-use character U+F0xx is the symbol font's character xx (Word's alias for it); outside a
    symbol font it is taken as Wingdings', the font such characters nearly always come from.
    """
    table = SYMBOL_FONTS.get(font) if font is not None else None

    def glyph(m: re.Match[str]) -> str:
        code = ord(m.group())
        if code >= 0xF000:
            return (table if table is not None else SYMBOL_FONTS["wingdings"]).get(
                code - 0xF000, "" if table is not None else m.group()
            )
        return table.get(code, "") if table is not None else m.group()

    return (SYMBOL_CHARS if table is not None else PRIVATE_USE_SYMBOLS).sub(glyph, text)


def _form_field_text(begin: _Element) -> str:
    """What a legacy form check box (☐/☒) or drop-down shows; its field has no result text."""
    ff = begin.find(W + "ffData")
    if ff is None:
        return ""
    box = ff.find(W + "checkBox")
    if box is not None:
        checked = box.find(W + "checked")
        if checked is None:
            checked = box.find(W + "default")
        on = checked is not None and checked.get(W_VAL, "true") not in OFF
        return "☒" if on else "☐"
    dd = ff.find(W + "ddList")
    if dd is not None:
        entries = [e.get(W_VAL, "") for e in dd.iterchildren(W + "listEntry")]
        chosen = _int_val(dd.find(W + "result"), 0)
        return entries[chosen] if 0 <= chosen < len(entries) else ""
    return ""


# ----------------------------------------------------------------------------------------------
# revisions and comments
# ----------------------------------------------------------------------------------------------


def _revision_count(root: _Element) -> int:
    """Tracked changes, counted as Word lists them in its Reviewing pane (approximately).

    Inserting or deleting a whole paragraph marks both its runs and its paragraph mark; the mark
    (w:ins/w:del inside w:rPr) is only counted when it is the sole evidence of a change.
    """
    content = marks = 0
    for el in root.iter(*REVISION_TAGS):
        if el.getparent().tag == RPR:
            marks += 1
        else:
            content += 1
    content += sum(1 for _ in root.iter(*FORMAT_CHANGE_TAGS))
    return content or marks


# ----------------------------------------------------------------------------------------------
# entry point
# ----------------------------------------------------------------------------------------------


class _OverBudget(Exception):
    """The lines read so far run past the character budget."""


def read(data: bytes, *, source: str, max_chars: int | None = None, caps: Caps = DEFAULT_CAPS) -> Document:
    try:
        return _read(data, source, max_chars, caps)
    except _OverBudget:
        raise TextTooLarge.over(source, max_chars or 0) from None
    except RecursionError:  # cannot happen within libxml2's depth limit, but never leak a traceback
        raise UnreadableFile(source, "the document nests its content too deeply to read") from None


def _read(data: bytes, source: str, max_chars: int | None, caps: Caps) -> Document:
    pkg = _Package(data, source, caps)
    main = pkg.main_part()
    root = pkg.xml(main)
    body = root.find(W + "body") if root is not None else None
    if body is None:
        raise UnreadableFile(source, f"{main} has no document body")
    rels = pkg.relations(main)
    styles_root = pkg.xml(rels.get("styles", "word/styles.xml"))
    styles = Styles(styles_root)
    numbering = Numbering(pkg.xml(rels.get("numbering", "word/numbering.xml")), styles.numbering_styles)
    walker = _Walker(styles, numbering)
    walker.max_chars = max_chars
    walker.prepare(body)
    walker.blocks(body)
    walker.flush()
    notes: list[Note] = []
    if walker.note_refs:
        kinds = {kind for kind, _id, _line in walker.note_refs}
        walker.notes(
            {
                kind: pkg.xml(rels[kind + "s"]) if kind + "s" in rels else None
                for kind in ("footnote", "endnote")
                if kind in kinds
            }
        )
    comments = 0
    if "comments" in rels:
        croot = pkg.xml(rels["comments"])
        comments = sum(1 for _ in croot.iterchildren(W + "comment")) if croot is not None else 0
    note = review_note(_revision_count(root), comments)
    if note is not None:
        notes.insert(0, note)
    margins = [
        t for kind in ("header", "footer") if kind in rels for t in _plain_paragraphs(pkg.xml(rels[kind]))
    ]
    # pages as Word last laid the document out; with no layout saved (a file not written by Word), no page
    # numbers rather than every line on page 1
    lines, pages = walker.lines, (walker.page_breaks + 1 if walker.page_breaks else None)
    return Document(
        lines=lines,
        format=FORMAT,
        notes=notes,
        margins=margins,
        images=sorted(set(walker.images)),
        pages=pages,
    )


def _plain_paragraphs(root: _Element | None) -> list[str]:
    """The text of each paragraph of a header or footer part (for the contract number it may hold): its
    runs' text, table cells included, no fields or numbering rendered."""
    if root is None:
        return []
    out = []
    for p in root.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        if text.strip():
            out.append(text)
    return out
