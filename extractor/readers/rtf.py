"""RTF (.rtf, and the many ".doc" files that are really RTF) read into Lines.

An own single pass over the RTF tokens rather than striprtf: striprtf returns plain text only (no
underlines, cells or headings) and decodes every ``\\'xx`` byte with one code page. Here bytes are
decoded with the code page of the font in force (``\\fcharset134`` -> GBK, ``\\cpg``), else the
document's ``\\ansicpg``; consecutive bytes are decoded together so GBK pairs stay whole; ``\\uN``
escapes are used and their ``\\uc`` fallback bytes skipped.

- ``\\par`` ends a paragraph (one Line), ``\\line`` starts a new Line in it; ``\\cell``/``\\row``
  (and ``\\nestcell``/``\\nestrow``) give Lines with ``cell=(table, row, col)``.
- ``\\*`` destinations, font/colour/style tables, pictures, headers and footers are not shown; fields
  show their ``\\fldrslt``; legacy check boxes show ☒/☐; ``{\\listtext ...}`` (the list number the
  writer rendered) is kept and also reported in ``Line.numbering``.
- Underline (``\\ul``...), bold and headings (``\\outlinelevel`` or a "heading N"/"标题 N" style) are
  kept; hidden (``\\v``) and tracked-deleted text is dropped (Note ``unaccepted-revisions``).
- Text boxes (``\\shptxt``) follow the paragraph that anchors them with ``role="textbox"``; footnotes
  come after the body with ``role="footnote"``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..errors import UnreadableFile
from ..model import Document, Line
from .budget import Budget
from .linebuf import LineBuf
from .notes import review_note
from .symbols import SYMBOL_FONTS

FORMAT = "rtf"
#: the parser stops at the first character past the budget (``max_chars``), counted as it goes
STOPS_AT_MAX_CHARS = True

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word
    rb"|\\'([0-9a-fA-F]{2})"  # hex byte
    rb"|\\([^a-zA-Z'])"  # control symbol
    rb"|([{}])"
    rb"|[\r\n]+"
    rb"|([^\\{}\r\n]+)",
    re.S,
)

#: a run of ``\uN`` escapes each with its one fallback byte (``?`` or ``\'xx``), and one of them
_U_ONE = re.compile(rb"\\u(-?\d{1,6}) ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\r\n])")
_U_RUN = re.compile(rb"(?:\\u-?\d{1,6} ?(?:\\'[0-9a-fA-F]{2}|[^\\{}\r\n]))+")

#: destinations whose whole group is skipped without looking inside
_SKIP = frozenset(
    b"colortbl info pict objdata themedata colorschememapping datastore latentstyles xmlnstbl rsidtbl "
    b"generator listtable listoverridetable revtbl header headerl headerr headerf footer footerl footerr "
    b"footerf atnauthor atndate atnid atnref atrfstart atrfend pgdsctbl nonshppict shprslt sp "
    b"userprops docvar ftnsep ftnsepc aftnsep aftnsepc ftncn aftncn template filetbl mmathPr "
    b"wgrffmtfilter pnseclvl listpicture passwordhash fchars lchars bkmkstart bkmkend xe tc txe "
    b"blipuid do".split()
)
#: destinations looked inside but not shown (their control words matter)
_HIDDEN = frozenset({b"fldinst", b"formfield", b"nesttableprops", b"shpinst"})
_UNDERLINE_ON = frozenset(
    b"ul uld uldash uldashd uldashdd uldb ulhwave ulldash ulth ulthd ulthdash ulthdashd ulthdashdd "
    b"ulthldash ululdbwave ulw ulwave".split()
)
_SYMBOLS = {
    b"emdash": "\u2014",
    b"endash": "\u2013",
    b"lquote": "\u2018",
    b"rquote": "\u2019",
    b"ldblquote": "\u201c",
    b"rdblquote": "\u201d",
    b"bullet": "\u2022",
    b"enspace": " ",
    b"emspace": " ",
    b"qmspace": " ",
    b"tab": "\t",
}
#: \fcharset -> codec (None: the document code page)
_CHARSET = {
    0: None,
    1: None,
    2: "symbol",
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    130: "johab",
    134: "gb18030",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
    255: "cp437",
}
#: control words that change what the reader keeps (all others are skipped unread)
_ACTIVE = frozenset(
    [
        *_SYMBOLS,
        *_UNDERLINE_ON,
        *b"""par cell nestcell row nestrow line page sect column u uc b ulnone v deleted revised plain pard
        intbl itap outlinelevel s f fcharset cpg ansicpg mac pc pca deff field chftn fftype ffres ffdefres
        bin""".split(),
    ]
)
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


def _codec(cpg: int) -> str:
    if cpg in (936, 54936, 20936):
        return "gb18030"  # superset of GB2312/GBK
    if cpg == 65001:
        return "utf-8"
    if cpg == 10000:
        return "mac_roman"
    name = f"cp{cpg}"
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


@dataclass(slots=True)
class _State:
    """Group-scoped properties: copied on '{', restored on '}'."""

    dest: bytes = b""  # the destination this group belongs to (b"" = document text)
    owner: bytes = b""  # the destination (or field) this very group opened; not inherited
    skip: bool = False  # nothing in this group is shown
    fresh: bool = True  # no token seen yet in this group (destinations are its first word)
    starred: bool = False
    uc: int = 1
    font: int = -1
    bold: bool = False
    underline: bool = False
    hidden: bool = False
    deleted: bool = False
    inserted: bool = False
    intbl: bool = False
    itap: int = 0
    outline: int | None = None
    style: int = 0
    upr: bool = False

    def copy(self) -> _State:
        s = _State.__new__(_State)
        for name in _State.__slots__:
            setattr(s, name, getattr(self, name))
        s.fresh = True
        s.starred = False
        s.owner = b""
        return s


@dataclass(slots=True)
class _Font:
    codec: str | None = None
    name: str = ""


@dataclass(slots=True)
class _Field:
    checkbox: bool = False
    res: int | None = None
    default: int | None = None


@dataclass(slots=True)
class _Para:
    bufs: list[LineBuf]
    role: str
    cell: tuple[int, int, int] | None
    heading: int | None


@dataclass(slots=True)
class _Sink:
    """Where finished paragraphs of one kind go (body, text boxes, footnotes)."""

    role: str
    cur: list[LineBuf] = field(default_factory=lambda: [LineBuf()])
    done: list[_Para] = field(default_factory=list)


class _Parser:
    def __init__(self, data: bytes, budget: Budget):
        self.data = data
        self.budget = budget  # the characters of the lines made so far
        self.state = _State()
        self.stack: list[_State] = []
        self.doc_codec = "cp1252"
        self.deff = -1
        self.fonts: dict[int, _Font] = {}
        self.styles: dict[int, int | None] = {}  # \sN -> heading level
        self.entry: dict[str, object] | None = None  # the style/font table entry being read
        self.font_id = -1
        self.pending = bytearray()  # text bytes waiting to be decoded together
        self.skip_bytes = 0  # \uN fallback still to skip
        self.high: str | None = None  # a high surrogate waiting for its low half
        self.fields: list[_Field] = []
        self.body = _Sink("body")
        self.boxes = _Sink("textbox")
        self.notes = _Sink("footnote")
        self.out: list[_Para] = []  # body paragraphs, each followed by the text boxes it anchors
        self.tables: list[list[int]] = []
        self.table = -1
        self.listtext: list[str] | None = None
        self.revisions = 0
        self.last_revision: str | None = None
        self.comments = 0
        self.note_no = 0

    # -- the token loop

    def run(self) -> None:
        data, pos, end = self.data, 0, len(self.data)
        match = _TOKEN.match
        active = _ACTIVE
        while pos < end:
            m = match(data, pos)
            if m is None:  # a lone backslash at the very end
                break
            pos = m.end()
            kind = m.lastindex
            if kind == 6:  # text
                self.state.fresh = False
                self._bytes(m.group(6))
            elif kind == 1 or kind == 2:  # control word
                word = m.group(1)
                if not self.state.fresh and word not in active:
                    continue  # formatting hetong does not use: nothing to do
                arg = m.group(2)
                if word == b"u" and arg is not None and (run := self._unicode_run(m.start())) is not None:
                    pos = run
                    continue
                if word == b"bin" and arg:
                    self._flush()
                    pos += max(0, int(arg))
                    continue
                self._flush()
                pos = self._word(word, int(arg) if arg is not None else None, pos)
            elif kind == 3:  # \'xx
                self.state.fresh = False
                self._bytes(bytes((int(m.group(3), 16),)))
            elif kind == 5:
                self._flush()
                if data[m.start()] == 0x7B:  # {
                    self.skip_bytes = 0
                    parent = self.state
                    self.stack.append(parent)
                    self.state = parent.copy()
                    if parent.upr:  # \upr{ANSI text}{\*\ud{Unicode text}}: only \ud is shown
                        self.state.upr, self.state.skip = False, True
                else:
                    self._close()
            elif kind == 4:
                self._flush()
                self._symbol(m.group(4))
        self._flush()
        if self.stack:
            raise _Cut(len(self.stack))

    def _close(self) -> None:
        closing = self.state
        self.skip_bytes = 0
        if not self.stack:
            return  # an extra '}' after the document: ignore
        owner = closing.owner
        glyph = ""
        if owner == b"field" and self.fields:
            f = self.fields.pop()
            if f.checkbox:
                on = f.res == 1 if f.res not in (None, 25) else f.default == 1
                glyph = "☒" if on else "☐"  # as the .docx reader shows legacy check boxes
        elif owner == b"listtext" and self.listtext is not None:
            number = "".join(self.listtext).rstrip("\t \u3000")
            sink = self._sink()
            if sink is not None and number:
                sink.cur[-1].numbering = number
            self.listtext = None
        elif owner == b"style_entry":
            self._commit_style()
        elif owner == b"shptxt":
            self._end_paragraph(self.boxes, closing, final=True)
        elif owner == b"footnote":
            self._end_paragraph(self.notes, closing, final=True)
        self.state = self.stack.pop()
        if glyph:
            self._text(glyph)

    def _skip_group(self, pos: int) -> int:
        """Jump past the end of the current group without interpreting it."""
        data, depth = self.data, 1
        find = re.compile(rb"[{}\\]").search
        while depth:
            m = find(data, pos)
            if m is None:
                return len(data)
            c = data[m.start()]
            pos = m.end()
            if c == 0x5C:  # backslash: skip the escaped character; \binN skips bytes
                if data.startswith(b"bin", pos):
                    num = re.match(rb"bin(-?\d+) ?", data[pos : pos + 16])
                    if num:
                        pos += num.end() + max(0, int(num.group(1)))
                        continue
                pos += 1
            elif c == 0x7B:
                depth += 1
            else:
                depth -= 1
        self.state = self.stack.pop()
        return pos

    # -- control words

    def _word(self, word: bytes, arg: int | None, pos: int) -> int:
        st = self.state
        if st.fresh:
            st.fresh = False
            dest = self._destination(word, st)
            if dest == "skip":
                return self._skip_group(pos)
        if word == b"par":
            self._paragraph_end(b"par")
        elif word in (b"cell", b"nestcell"):
            self._paragraph_end(word)
        elif word == b"row":
            self._row_end(1)
        elif word == b"nestrow":
            self._row_end(st.itap or 2)
        elif word == b"line":
            if not st.skip:
                self._new_line()
        elif word in (b"page", b"sect", b"column"):
            sink = self._sink()
            if sink is not None and sink.cur[-1].ink:
                sink.cur.append(LineBuf())
                self.budget.spend(1)
        elif word in _SYMBOLS:
            self._text(_SYMBOLS[word])
        elif word == b"u" and arg is not None:
            self._unicode(arg)
        elif word == b"uc":
            st.uc = max(0, arg or 0)
        elif word == b"b":
            st.bold = arg != 0
        elif word in _UNDERLINE_ON:
            st.underline = arg != 0
        elif word == b"ulnone":
            st.underline = False
        elif word == b"v":
            st.hidden = arg != 0
        elif word == b"deleted":
            st.deleted = arg != 0
        elif word == b"revised":
            st.inserted = arg != 0
        elif word == b"plain":
            st.bold = st.underline = st.hidden = st.deleted = st.inserted = False
            st.font = self.deff
        elif word == b"pard":
            st.intbl, st.itap, st.outline, st.style = False, 0, None, 0
        elif word == b"intbl":
            st.intbl = True
        elif word == b"itap":
            st.itap = min(max(0, arg or 0), 64)  # deeper is a damaged file
        elif word == b"outlinelevel":
            st.outline = arg
        elif word == b"s":
            st.style = arg or 0
            if self.entry is not None:
                self.entry["id"] = arg or 0
        elif word == b"f":
            if st.dest in (b"fonttbl", b"font_entry"):
                self.font_id = arg or 0
                self.fonts.setdefault(self.font_id, _Font())
            else:
                st.font = arg or 0
        elif word == b"fcharset":
            if self.font_id >= 0:
                self.fonts[self.font_id].codec = _CHARSET.get(arg or 0)
        elif word == b"cpg":
            if self.font_id >= 0 and arg:
                self.fonts[self.font_id].codec = _codec(arg)
        elif word == b"ansicpg":
            if arg:
                self.doc_codec = _codec(arg)
        elif word in (b"mac", b"pc", b"pca"):
            self.doc_codec = {b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}[word]
        elif word == b"deff":
            self.deff = arg or 0
            st.font = self.deff
        elif word == b"field":
            st.owner = b"field"
            self.fields.append(_Field())
        elif word == b"chftn":
            if self._sink() is self.notes:
                self._text(str(self.note_no))
        elif word == b"fftype" and self.fields:
            self.fields[-1].checkbox = arg == 1
        elif word == b"ffres" and self.fields:
            self.fields[-1].res = arg
        elif word == b"ffdefres" and self.fields:
            self.fields[-1].default = arg
        return pos

    def _destination(self, word: bytes, st: _State) -> str | None:
        """Decide what a group whose first control word is ``word`` is; None: an ordinary group."""
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.upr and word != b"ud":
            return "skip"  # \upr: keep the Unicode (\ud) version only
        if word == b"annotation":  # a comment: counted, not shown
            self.comments += 1
            return "skip"
        if word in _SKIP or (st.starred and word not in _HIDDEN and word not in (b"ud", b"shppict")):
            return "skip"
        if word in _HIDDEN:
            st.dest, st.skip = word, True
        elif word == b"fonttbl":
            st.dest, st.skip = b"fonttbl", True
        elif word == b"stylesheet":
            st.dest, st.skip = b"stylesheet", True
        elif parent is not None and parent.dest == b"fonttbl":
            st.dest = b"font_entry"
        elif parent is not None and parent.dest == b"stylesheet":
            st.dest = st.owner = b"style_entry"
            self.entry = {"id": 0, "outline": None, "name": []}
        elif word == b"fldrslt":
            st.dest, st.skip = b"fldrslt", st.skip
        elif word in (b"listtext", b"pntext"):
            st.dest = st.owner = b"listtext"
            self.listtext = []
        elif word == b"shptxt":
            st.dest, st.owner, st.skip = b"shptxt", b"shptxt", False
        elif word == b"footnote":
            st.dest, st.owner, st.skip = b"footnote", b"footnote", False
            self.note_no += 1
        elif word == b"upr":
            st.upr = True
        elif word == b"ud":
            st.skip = parent.skip if parent is not None else False
        return None

    def _symbol(self, sym: bytes) -> None:
        st = self.state
        if sym == b"*":
            st.starred = True
            return
        st.fresh = False
        if self.skip_bytes:
            self.skip_bytes -= 1
            return
        if sym in (b"\\", b"{", b"}"):
            self._text(sym.decode())
        elif sym == b"~":
            self._text(" ")
        elif sym == b"_":
            self._text("-")
        elif sym == b"\t":
            self._text("\t")
        elif sym in (b"\n", b"\r"):  # a backslash before a line end means \par (TextEdit writes it)
            self._paragraph_end(b"par")
        # \- optional hyphen, \: index sub-entry, \| formula: nothing visible

    # -- text

    def _bytes(self, raw: bytes) -> None:
        if self.skip_bytes:
            n = min(self.skip_bytes, len(raw))
            self.skip_bytes -= n
            raw = raw[n:]
            if not raw:
                return
        self.pending += raw

    def _flush(self) -> None:
        if not self.pending:
            return
        raw = bytes(self.pending)
        self.pending.clear()
        font = self.fonts.get(self.state.font)
        codec = font.codec if font is not None and font.codec else self.doc_codec
        if codec == "symbol":
            table = SYMBOL_FONTS.get(font.name.lower(), {}) if font is not None else {}
            self._text("".join(table.get(b, "") for b in raw))
            return
        self._text(raw.decode(codec, "replace"))

    def _unicode_run(self, start: int) -> int | None:
        """Chinese written as ``\\uN?`` escapes, one after another: decoded at once (a character each is
        the cost of the whole reader otherwise). Only the plain case: one fallback byte (``\\uc1``), no
        surrogate pair, no symbol font; else None and the escapes are read one by one. Returns where the
        run ends."""
        st = self.state
        if st.uc != 1 or st.fresh or self.high is not None or self.skip_bytes:
            return None
        m = _U_RUN.match(self.data, start)
        if m is None or m.end() - start < 16:
            return None
        text = "".join(chr(int(n) % 65536) for n in _U_ONE.findall(m.group(0)))
        if any("\ud800" <= ch <= "\udfff" for ch in text):
            return None
        font = self.fonts.get(st.font)
        if font is not None and font.codec == "symbol":
            return None
        self._flush()
        self._text(text)
        return m.end()

    def _unicode(self, n: int) -> None:
        self.skip_bytes = self.state.uc
        ch = chr(n % 65536)
        if "\ud800" <= ch <= "\udbff":
            self.high = ch
            return
        if self.high is not None:
            if "\udc00" <= ch <= "\udfff":
                ch = (self.high + ch).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            self.high = None
        font = self.fonts.get(self.state.font)
        if font is not None and font.codec == "symbol" and 0xF000 <= ord(ch) <= 0xF0FF:
            ch = SYMBOL_FONTS.get(font.name.lower(), {}).get(ord(ch) - 0xF000, "")
        self._text(ch)

    def _text(self, text: str) -> None:
        st = self.state
        if st.dest == b"font_entry" or st.dest == b"fonttbl":
            if self.font_id >= 0:
                font = self.fonts[self.font_id]
                font.name = (font.name + text).split(";", 1)[0].strip()
            return
        if st.dest == b"style_entry" and self.entry is not None:
            self.entry["name"].append(text)  # type: ignore[union-attr]
            return
        if st.skip or st.hidden:
            return
        if st.deleted or st.inserted:
            kind = "del" if st.deleted else "ins"
            if kind != self.last_revision:
                self.revisions += 1
            self.last_revision = kind
            if st.deleted:
                return
        else:
            self.last_revision = None
        sink = self._sink()
        if sink is None:
            return
        text = text.replace("\r", "").replace("\n", "")
        if self.listtext is not None and st.dest == b"listtext":
            self.listtext.append(text)
        sink.cur[-1].add(text, st.underline, st.bold)
        self.budget.spend(len(text))

    def _sink(self) -> _Sink | None:
        st = self.state
        for s in (st, *reversed(self.stack)):
            if s.dest == b"footnote":
                return self.notes
            if s.dest == b"shptxt":
                return self.boxes
        return self.body

    def _new_line(self) -> None:
        sink = self._sink()
        if sink is not None:
            sink.cur.append(LineBuf())
            self.budget.spend(1)

    def _commit_style(self) -> None:
        entry = self.entry
        self.entry = None
        if entry is None:
            return
        name = "".join(entry["name"]).split(";", 1)[0].strip()  # type: ignore[arg-type]
        level = None
        outline = self.state.outline
        if outline is not None and 0 <= outline < 9:
            level = outline + 1
        else:
            m = _HEADING_STYLE.match(name)
            if m:
                level = int(m.group(1))
        self.styles[int(entry["id"])] = level  # type: ignore[call-overload]

    # -- paragraphs and tables

    def _paragraph_end(self, how: bytes) -> None:
        st = self.state
        if st.dest in (b"stylesheet", b"style_entry", b"fonttbl", b"font_entry"):
            return
        if st.skip and st.dest not in (b"shptxt", b"footnote"):
            return
        sink = self._sink()
        if sink is None:
            return
        self._end_paragraph(sink, st, how=how)

    def _end_paragraph(self, sink: _Sink, st: _State, *, how: bytes = b"par", final: bool = False) -> None:
        bufs, sink.cur = sink.cur, [LineBuf()]
        if final and all(b.empty for b in bufs):
            return
        self.budget.spend(1)  # the paragraph's last line ends (the others ended at a \line)
        heading = (
            st.outline + 1 if st.outline is not None and 0 <= st.outline < 9 else self.styles.get(st.style)
        )
        depth = st.itap or (1 if st.intbl or how != b"par" else 0)
        if sink is not self.body:
            sink.done.append(_Para(bufs, sink.role, None, heading))
            return
        tables = self.tables
        del tables[depth:]
        while len(tables) < depth:
            self.table += 1
            tables.append([self.table, 0, 0])
        cell = None
        if depth:
            level = tables[-1]
            cell = (level[0], level[1], level[2])
            if how in (b"cell", b"nestcell"):
                level[2] += 1
        self.out.append(_Para(bufs, "body", cell, heading))
        if self.boxes.done:
            self.out.extend(self.boxes.done)
            self.boxes.done = []

    def _row_end(self, depth: int) -> None:
        if len(self.tables) >= depth:
            del self.tables[depth:]
            level = self.tables[depth - 1]
            level[1] += 1
            level[2] = 0

    def finish(self) -> list[_Para]:
        if any(not b.empty for b in self.body.cur):
            self._end_paragraph(self.body, self.state, final=True)
        return [*self.out, *self.boxes.done, *self.notes.done]


class _Cut(Exception):
    def __init__(self, open_groups: int):
        super().__init__(open_groups)
        self.open_groups = open_groups


def read(data: bytes, *, source: str, max_chars: int | None = None) -> Document:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{\\rtf"):
        raise UnreadableFile(source, "not an RTF file (it does not start with {\\rtf)")
    parser = _Parser(data, Budget(source, max_chars))
    try:
        parser.run()
    except _Cut as cut:
        raise UnreadableFile(
            source, f"the RTF is cut short ({cut.open_groups} groups never closed)"
        ) from None
    except (RecursionError, MemoryError, ValueError, IndexError) as exc:
        raise UnreadableFile(source, f"damaged RTF ({type(exc).__name__})") from None
    lines: list[Line] = []
    for para in parser.finish():
        for i, buf in enumerate(para.bufs):
            if para.role != "body" and not buf.text().strip():
                continue
            lines.append(
                buf.line(
                    len(lines) + 1, heading=para.heading if i == 0 else None, cell=para.cell, role=para.role
                )
            )
    doc = Document(lines=lines, format=FORMAT)
    note = review_note(parser.revisions, parser.comments)
    if note is not None:
        doc.notes.append(note)
    return doc
