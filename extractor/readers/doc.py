"""Word 97-2003 binary documents (.doc, and .wps/.dot saved in that format) read into Lines.

Two ways to read a .doc:

- **builtin** (pure Python, ~8 ms for an 80 KB contract): olefile opens the container, ``ole_text``
  parses the FIB, the piece table, the paragraph/character properties and the list tables. The reader
  emits the main text as ``body`` Lines, each text box as ``role="textbox"`` Lines right after the
  paragraph that anchors it (after the body when its anchor is not found), then footnotes and endnotes
  as ``role="footnote"`` Lines; headers, footers and comments are not emitted. As in the .docx reader:
  a soft line break (``\\x0b``) starts a new Line, a page break adds nothing, table cells become Lines
  with ``cell=(table, row, col)`` (a nested table gets its own table index), field instructions are
  dropped and field results shown, legacy check boxes show ☒/☐, tracked deletions are dropped (Note
  ``unaccepted-revisions``). Word's automatic list numbers ("第一章", "1.1", "一、") are not in the
  text: they are worked out from the list tables (LSTF/LVL/LFO, the paragraph's sprmPIlfo/sprmPIlvl,
  its style's) with the .docx reader's counters (``word_numbering``), put in front of the paragraph's
  first Line and repeated in ``Line.numbering``, exactly as the .docx reader does.
- **libreoffice**: ``soffice --headless --convert-to docx`` (private profile, timeout, ~2 s a file:
  ``libreoffice.py``) and the .docx reader.

Which one runs is chosen by the environment variable ``HETONG_DOC_CONVERTER``:

- unset or ``auto``: builtin. LibreOffice (when ``soffice`` is installed) only as a fallback: when
  the builtin parser fails on the file, or when the file has list numbers the builtin parser cannot
  show (damaged list tables, Word 6 ANLD numbering). Without LibreOffice such a file is still read,
  with a Note ``numbering-lost``.
- ``builtin``: never run LibreOffice (numbers it cannot show get the ``numbering-lost`` Note).
- ``libreoffice``: always convert; MissingDependency when ``soffice`` is not installed.
"""

from __future__ import annotations

import io
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field

import olefile

from ..errors import (
    EncryptedFile,
    HetongError,
    MissingDependency,
    TextTooLarge,
    UnreadableFile,
    UnsupportedFormat,
)
from ..model import Document, Line, Note
from . import ole_header
from .budget import Budget
from .caps import DEFAULT_CAPS, Caps
from .libreoffice import ConversionFailed, convert_with_libreoffice, soffice_path
from .linebuf import LineBuf
from .notes import review_note
from .ole_text import CharProps, DocEncrypted, DocFormatError, DocTooOld, ParaProps, WordBinary, load, toggle
from .word_numbering import Counters

FORMAT = "doc"
#: the builder stops at the first character past the budget (``max_chars``), counted as it goes; so does
#: the .docx reader that reads LibreOffice's conversion
STOPS_AT_MAX_CHARS = True
#: LibreOffice's time for a conversion, and the caps of the .docx reader that reads what it made
USES_CAPS = True

ENV_CONVERTER = "HETONG_DOC_CONVERTER"

ENCRYPTED = "this .doc is password-protected; remove the password in Word and try again"

#: OLE streams that tell what a non-Word compound file is
_OTHER_OLE = (
    ("EncryptedPackage", None),
    ("Workbook", "an Excel 97-2003 workbook"),
    ("Book", "an Excel 5/95 workbook"),
    ("PowerPoint Document", "a PowerPoint 97-2003 presentation"),
    ("VisioDocument", "a Visio drawing"),
    ("__properties_version1.0", "an Outlook message"),
)

_TOKENS = re.compile(r"[\x00-\x1f]|[^\x00-\x1f]+")
#: visible characters Word stores specially: no-break space, non-breaking hyphen, optional hyphen
_VISIBLE = str.maketrans({"\xa0": " ", "\x1e": "-", "\x1f": None})
_FIELD_KINDS = re.compile(r"\s*([A-Za-z]+)")


# -- entry point ----------------------------------------------------------------------------------------


def read(data: bytes, *, source: str, max_chars: int | None = None, caps: Caps = DEFAULT_CAPS) -> Document:
    mode = (os.environ.get(ENV_CONVERTER) or "auto").strip().lower()
    if mode not in {"auto", "builtin", "libreoffice"}:
        raise UnsupportedFormat(source, f"{ENV_CONVERTER}={mode!r}: use builtin, libreoffice or auto")
    streams = _open_ole(data, source)
    wd = streams["WordDocument"]
    if len(wd) >= 12 and int.from_bytes(wd[0x0A:0x0C], "little") & 0x0100:  # FibBase.fEncrypted
        raise EncryptedFile(source, ENCRYPTED)
    if mode == "libreoffice":
        if soffice_path() is None:
            raise MissingDependency(
                source, f"{ENV_CONVERTER}=libreoffice but LibreOffice (soffice) is not installed"
            )
        return _via_libreoffice(data, source, max_chars, caps)
    try:
        wb = load(wd, streams.get)
    except DocEncrypted:
        raise EncryptedFile(source, ENCRYPTED) from None
    except DocTooOld as exc:
        if mode == "auto" and soffice_path():
            return _via_libreoffice(data, source, max_chars, caps)
        raise UnsupportedFormat(
            source, f"{exc}: hetong reads Word 97 and later; save it as .docx (or install LibreOffice)"
        ) from None
    except DocFormatError as exc:
        return _fallback(data, source, mode, str(exc), max_chars, caps)
    try:
        doc, lost = build_document(wb, Budget(source, max_chars))
    except HetongError:  # past the character budget
        raise
    except Exception as exc:  # a structure the builtin parser misreads: never a traceback
        return _fallback(
            data, source, mode, f"damaged Word structures ({type(exc).__name__})", max_chars, caps
        )
    if lost:
        if mode == "auto" and soffice_path():
            try:
                return _via_libreoffice(data, source, max_chars, caps)
            except TextTooLarge:
                raise
            except HetongError:
                pass  # keep the builtin text and say the numbers are missing
        doc.notes.append(Note(rule="numbering-lost", key="lost", data={"paragraphs": lost}))
    return doc


def _fallback(
    data: bytes, source: str, mode: str, reason: str, max_chars: int | None, caps: Caps
) -> Document:
    if mode == "auto" and soffice_path():
        try:
            return _via_libreoffice(data, source, max_chars, caps)
        except TextTooLarge:
            raise
        except HetongError:
            pass
    raise UnreadableFile(source, reason)


def _open_ole(data: bytes, source: str) -> dict[str, bytes]:
    """The streams the reader needs; classify OLE files that are not Word documents."""
    damage = ole_header.problem(data)  # before olefile, which would loop on it for minutes
    if damage is not None:
        raise UnreadableFile(source, f"corrupt OLE compound file: {damage}")
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError... on cut files
        raise UnreadableFile(source, f"not a readable OLE compound file ({_short(exc)})") from None
    try:
        if not ole.exists("WordDocument"):
            for stream, what in _OTHER_OLE:
                if ole.exists(stream):
                    if what is None:
                        raise EncryptedFile(
                            source,
                            "a password-protected Office file (encrypted .docx/.xlsx); remove the password",
                        )
                    raise UnsupportedFormat(source, f"this is {what}, not a Word document")
            raise UnsupportedFormat(source, "an OLE compound file that holds no Word document")
        streams: dict[str, bytes] = {}
        for name in ("WordDocument", "0Table", "1Table", "Data"):
            if ole.exists(name):
                streams[name] = ole.openstream(name).read()
        return streams
    except HetongError:
        raise
    except Exception as exc:
        raise UnreadableFile(source, f"damaged OLE compound file ({_short(exc)})") from None
    finally:
        ole.close()


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


# -- builtin: WordBinary -> Lines -----------------------------------------------------------------------


@dataclass(slots=True)
class _Field:
    instr: bool = True  # still in the instruction part (before \x14)
    code: list[str] = field(default_factory=list)
    pic_location: int | None = None


class _Builder:
    """Walks CP ranges of a WordBinary and emits Lines."""

    def __init__(self, wb: WordBinary, budget: Budget):
        self.wb = wb
        self.budget = budget  # the characters of the lines made so far
        self.text = wb.text
        self.lines: list[Line] = []
        self.fields: list[_Field] = []
        self.in_instr = 0  # how many open fields are still in their instruction
        self.table = -1  # index of the last table started
        self.tables: list[list[int]] = []  # open tables, outermost first: [index, row, col]
        self.last_cell_mark = False
        self.counters = Counters(wb.lists)  # type: ignore[arg-type]  # ListTables reads like Numbering
        self.lost = 0  # paragraphs Word numbers that hetong cannot number
        self.first_revision_line: int | None = None
        self.note_mark: int | None = None  # counts notes while reading a footnote/endnote story

    # -- stories

    def story(self, start: int, end: int, role: str, *, skip_empty: bool = False, anchors=None) -> None:
        """Emit the paragraphs of ``text[start:end]``; ``anchors`` maps a CP to text boxes to emit after it."""
        self.fields = []
        self.in_instr = 0
        self.tables = []
        pending = [LineBuf()]
        para_start = start
        for m in re.finditer(r"[\r\x07]", self.text[start:end]):
            mark = start + m.start()
            if self._mark_deleted(mark) and self.text[mark] == "\r":
                continue  # a deleted paragraph mark joins two paragraphs
            props = self.wb.para_props(mark)
            self._collect(para_start, mark, pending, props)
            self._paragraph(mark, props, pending, role, skip_empty)
            pending = [LineBuf()]
            if anchors:
                anchors(mark)
            para_start = mark + 1
        if para_start < end:
            self._collect(para_start, end, pending, ParaProps())
            self._emit(pending, role, ParaProps(), None, skip_empty)

    def _mark_deleted(self, cp: int) -> bool:
        return self._run_at(cp).deleted

    def _run_at(self, cp: int) -> CharProps:
        i = bisect_right(self.wb.run_starts, cp) - 1
        return self.wb.runs[i][1] if 0 <= i < len(self.wb.runs) and cp < self.wb.runs[i][0] else CharProps()

    # -- one paragraph

    def _paragraph(
        self, mark: int, props: ParaProps, pending: list[LineBuf], role: str, skip_empty: bool
    ) -> None:
        is_cell_mark = self.text[mark] == "\x07"
        depth = props.depth
        if is_cell_mark and depth == 0:
            # no table properties (damaged PAPX): a cell mark right after a cell mark with nothing
            # between them ends the row
            empty = all(p.empty for p in pending)
            props = ParaProps(istd=props.istd, in_table=True, ttp=empty and self.last_cell_mark)
            depth = 1
        tables = self.tables
        del tables[depth:]  # nested tables that ended
        while len(tables) < depth:  # a table (or a table inside a cell) starts: [index, row, col]
            self.table += 1
            tables.append([self.table, 0, 0])
        self.last_cell_mark = is_cell_mark
        if depth == 0:
            self._emit(pending, role, props, None, skip_empty)
            return
        level = tables[-1]
        if (props.ttp and is_cell_mark) or (depth > 1 and props.inner_ttp):
            level[1] += 1  # the row-end mark: no text of its own
            level[2] = 0
            self.last_cell_mark = False
            return
        self._emit(pending, role, props, (level[0], level[1], level[2]), skip_empty)
        if is_cell_mark if depth == 1 else props.inner_cell:
            level[2] += 1

    def _heading(self, props: ParaProps) -> int | None:
        if props.outline is not None:
            return props.outline + 1 if props.outline < 9 else None
        return self.wb.style(props.istd).heading

    def _emit(
        self,
        pending: list[LineBuf],
        role: str,
        props: ParaProps,
        cell: tuple[int, int, int] | None,
        skip_empty: bool,
    ) -> None:
        heading = self._heading(props)
        self._number(props, pending)
        if not (skip_empty and not pending[0].text().strip()):
            self.budget.spend(1)  # the first line ends here (a soft break ended each other one)
        for i, p in enumerate(pending):
            if skip_empty and not p.text().strip():
                continue
            line = p.line(len(self.lines) + 1, heading=heading if i == 0 else None, cell=cell, role=role)
            self.lines.append(line)

    def _number(self, props: ParaProps, pending: list[LineBuf]) -> None:
        """Put the list number Word shows in front of the paragraph (as the .docx reader does)."""
        ref = self.wb.list_ref(props)
        if ref is None:
            if props.anld and any(p.ink for p in pending):  # Word 6 auto-numbering (ANLD): not rendered
                self.lost += 1
            return
        if self.wb.lists.damaged:
            self.lost += 1
            return
        shown = self.counters.next(*ref)
        if shown is None:
            return
        number, suffix = shown
        lead = number + suffix
        first = pending[0]  # soft line breaks: only the first Line carries the number
        first.parts.insert(0, lead)
        first.length += len(lead)
        self.budget.spend(len(lead))
        first.underlines = [(a + len(lead), b + len(lead)) for a, b in first.underlines]
        first.numbering = number

    # -- characters

    def _collect(self, start: int, end: int, pending: list[LineBuf], props: ParaProps) -> None:
        """Append the visible characters of ``text[start:end]`` (no paragraph marks) to ``pending``."""
        if start >= end:
            return
        wb = self.wb
        i = max(0, bisect_right(wb.run_starts, start) - 1)
        para_style = wb.style(props.istd)
        starts, runs, text = wb.run_starts, wb.runs, self.text
        while i < len(runs) and starts[i] < end:
            run_end, run_props = runs[i]
            a, b = max(start, starts[i]), min(end, run_end)
            i += 1
            if a < b:
                self._run(text[a:b], run_props, para_style, pending)

    def _run(self, segment: str, props: CharProps, style, pending: list[LineBuf]) -> None:
        hidden = props.deleted or toggle(props.vanish, False)
        if (props.deleted or props.inserted) and self.first_revision_line is None:
            self.first_revision_line = len(self.lines) + 1
        cstyle = self.wb.styles.get(props.cistd) if props.cistd else None
        base_bold = cstyle.bold if cstyle and cstyle.stk == 2 else style.bold
        base_ul = cstyle.underline if cstyle and cstyle.stk == 2 else style.underline
        bold = toggle(props.bold, base_bold)
        underline = base_ul if props.underline is None else bool(props.underline)
        for m in _TOKENS.finditer(segment):
            tok = m.group()
            if len(tok) == 1 and tok < " ":
                self._control(tok, props, pending, hidden)
                continue
            if self.in_instr:
                if not hidden and self.fields[-1].instr:
                    self.fields[-1].code.append(tok)
                continue
            if hidden:
                continue
            if props.symbol is not None:
                tok = props.symbol * len(tok) if props.symbol else ""
            tok = tok.translate(_VISIBLE)
            pending[-1].add(tok, underline, bold)
            self.budget.spend(len(tok))

    def _control(self, ch: str, props: CharProps, pending: list[LineBuf], hidden: bool) -> None:
        if ch == "\x13":
            self.fields.append(_Field(pic_location=props.pic_location))
            self.in_instr += 1
        elif ch == "\x14":
            if self.fields and self.fields[-1].instr:
                self.fields[-1].instr = False
                self.in_instr -= 1
        elif ch == "\x15":
            if self.fields:
                f = self.fields.pop()
                if f.instr:
                    self.in_instr -= 1
                glyph = self._form_field(f)  # a check box has an empty result (or none)
                if glyph and not self.in_instr and not hidden:
                    pending[-1].add(glyph, False, False)
                    self.budget.spend(len(glyph))
        elif self.fields and self.in_instr:
            if props.pic_location is not None and self.fields[-1].pic_location is None:
                self.fields[-1].pic_location = props.pic_location
        elif hidden:
            pass
        elif ch == "\x0b":  # soft line break: party blocks are typed with them
            pending.append(LineBuf())
            self.budget.spend(1)
        elif ch == "\x0c":
            # a page break adds nothing (as in .docx); a section mark also ends its paragraph,
            # so text on both sides must not run together
            if pending[-1].ink:
                pending.append(LineBuf())
                self.budget.spend(1)
        elif ch == "\t":
            pending[-1].add("\t", False, False)
            self.budget.spend(1)
        elif ch == "\x1e":
            pending[-1].add("-", False, False)
            self.budget.spend(1)
        elif ch == "\x02" and self.note_mark is not None:  # the auto number at the start of a note
            self.note_mark += 1
            pending[-1].add(str(self.note_mark), False, False)
            self.budget.spend(len(str(self.note_mark)))
        # \x01 picture, \x08 drawing, \x02 note reference, \x05 comment anchor, ...: nothing visible

    def _form_field(self, f: _Field) -> str:
        """A legacy check-box form field has no result text: show its state as a glyph."""
        m = _FIELD_KINDS.match("".join(f.code))
        if not m or m.group(1).upper() != "FORMCHECKBOX":
            return ""
        checked = _checkbox_state(self.wb.data_stream, f.pic_location)
        return "☒" if checked else "☐"  # as the .docx reader shows legacy check boxes


def _checkbox_state(data: bytes, at: int | None) -> bool:
    """FFData in the Data stream: iType 1 = check box; iRes 1 = checked, 25 = use the default (wDef)."""
    if at is None or at + 16 > len(data):
        return False
    # sprmCPicLocation points at a PICF-like header: lcb (4), cbHeader (2), then the FFData
    cb_header = int.from_bytes(data[at + 4 : at + 6], "little")
    ff = at + cb_header
    if ff + 10 > len(data) or data[ff : ff + 4] != b"\xff\xff\xff\xff":
        return False
    bits = int.from_bytes(data[ff + 4 : ff + 6], "little")
    if bits & 0x3 != 1:
        return False
    ires = (bits >> 2) & 0x1F
    if ires != 25:
        return ires == 1
    # the default follows xstzName (cch + chars + NUL)
    name_at = ff + 10
    cch = int.from_bytes(data[name_at : name_at + 2], "little")
    wdef_at = name_at + 2 + 2 * cch + 2
    return data[wdef_at : wdef_at + 2] == b"\x01\x00"


def build_document(wb: WordBinary, budget: Budget | None = None) -> tuple[Document, int]:
    """Lines of the main text (with anchored text boxes), then unplaced text boxes, then notes, giving up
    past the character budget (:class:`TextTooLarge`).

    Returns the Document and the number of paragraphs whose list number could not be worked out.
    """
    b = _Builder(wb, budget or Budget("", None))
    boxes = {tb.shape: tb for tb in wb.textboxes}
    placed: set[int] = set()
    anchors = list(wb.anchors)
    ai = 0
    saved: list[tuple] = []

    def emit_box(tb) -> None:
        # a text box is its own story: keep the body's field and table state aside
        saved.append((b.fields, b.in_instr, b.tables, b.last_cell_mark))
        b.fields = []
        b.story(tb.start, tb.end, "textbox", skip_empty=True)
        b.fields, b.in_instr, b.tables, b.last_cell_mark = saved.pop()

    def after_mark(mark: int) -> None:
        nonlocal ai
        while ai < len(anchors) and anchors[ai][0] <= mark:
            tb = boxes.get(anchors[ai][1])
            ai += 1
            if tb is not None and tb.shape not in placed:
                placed.add(tb.shape)
                emit_box(tb)

    main = wb.story(0)
    b.story(*main, "body", anchors=after_mark if anchors and boxes else None)
    for tb in wb.textboxes:
        if tb.shape not in placed:
            placed.add(tb.shape)
            emit_box(tb)
    for index in (1, 5):  # footnotes, endnotes
        start, end = wb.story(index)
        if end > start:
            b.note_mark = 0
            b.story(start, end, "footnote", skip_empty=True)
            b.note_mark = None
    doc = Document(lines=b.lines, format=FORMAT)
    revisions, comments = _revision_count(wb), wb.comment_count()
    note = review_note(revisions, comments, line=b.first_revision_line)
    if note is not None:
        doc.notes.append(note)
    return doc, b.lost


def _revision_count(wb: WordBinary) -> int:
    """Tracked insertions and deletions in the main text: each stretch of one kind counts once."""
    start, end = wb.story(0)
    count, last = 0, None
    for run_start, (run_end, props) in zip(wb.run_starts, wb.runs, strict=True):
        if run_end <= start or run_start >= end:
            continue
        kind = "del" if props.deleted else "ins" if props.inserted else None
        if kind and kind != last:
            count += 1
        last = kind
    return count


# -- LibreOffice ----------------------------------------------------------------------------------------


def _via_libreoffice(data: bytes, source: str, max_chars: int | None, caps: Caps) -> Document:
    try:
        docx = convert_with_libreoffice(data, "doc", "docx", timeout=caps.convert_seconds)
    except ConversionFailed as exc:
        raise UnreadableFile(source, f"{exc}") from None
    from .docx import read as read_docx  # written alongside; imported only on this path

    doc = read_docx(docx, source=source, max_chars=max_chars, caps=caps)
    doc.format = FORMAT
    return doc
