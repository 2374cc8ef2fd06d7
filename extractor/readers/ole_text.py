"""The structures of a Word 97-2003 binary document ([MS-DOC]) that the .doc reader needs.

:func:`load` turns the streams of an OLE compound file into a :class:`WordBinary`: the text of every
story in character-position (CP) order, decoded from the piece table, with lookups for the paragraph
properties of a paragraph mark, the character runs (underline, bold, tracked changes, hidden, symbol
characters), resolved styles (heading level, list numbering), list formats and text-box anchors.
Nothing here knows about Lines; ``doc.py`` builds those. Every inconsistency raises
:class:`DocFormatError` (one-line message) so the reader can turn it into ``UnreadableFile``.

Names in comments are the [MS-DOC] structure names (FibBase, PlcPcd, PapxFkp, ...).
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from .word_numbering import LEVELS, Level, NumInstance, bullet_text

# -- errors ---------------------------------------------------------------------------------------------


class DocFormatError(Exception):
    """The binary structures are inconsistent: a cut or corrupt file (message is one line)."""


class DocEncrypted(DocFormatError):
    """FibBase.fEncrypted is set."""


class DocTooOld(DocFormatError):
    """A Word 6/95 (or older) file: no Unicode piece table to read."""


# -- constants ------------------------------------------------------------------------------------------

WORD_IDENT = 0xA5EC
NFIB_WORD97 = 0x00C1

# index of each (fc, lcb) pair in FibRgFcLcb97
FC_STSHF = 1
FC_PLCFANDREF = 4
FC_PLCFBTECHPX = 12
FC_PLCFBTEPAPX = 13
FC_STTBFFFN = 15
FC_CLX = 33
FC_PLCSPAMOM = 40
FC_PLCFTXBXTXT = 56
FC_PLFLST = 73
FC_PLFLFO = 74

# sprm opcodes
SPRM_P_ILVL = 0x260A
SPRM_P_ILFO = 0x460B
SPRM_P_NLVLANM = 0x240D
SPRM_P_ANLD = 0xC63E
SPRM_P_FINTABLE = 0x2416
SPRM_P_FTTP = 0x2417
SPRM_P_OUTLVL = 0x2640
SPRM_P_ITAP = 0x6649
SPRM_P_DTAP = 0x664A
SPRM_P_FINNERTABLECELL = 0x244B
SPRM_P_FINNERTTP = 0x244C
SPRM_P_CHGTABS = 0xC615
SPRM_T_DEFTABLE = 0xD608
SPRM_T_DEFTABLE10 = 0xD606
SPRM_C_FRMARKDEL = 0x0800
SPRM_C_FRMARKINS = 0x0801
SPRM_C_FBOLD = 0x0835
SPRM_C_FVANISH = 0x083C
SPRM_C_KUL = 0x2A3E
SPRM_C_ISTD = 0x4A30
SPRM_C_SYMBOL = 0x6A09
SPRM_C_PICLOCATION = 0x6A03
SPRM_C_RGFTC0 = 0x4A4F

#: fonts whose 8-bit characters are pictures (a bullet in them is a private-use code in .docx)
SYMBOL_FONT_NAMES = frozenset({"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings"})

#: deeper table nesting than this is a damaged file (Word allows 63 levels)
MAX_TABLE_DEPTH = 64

#: compressed (8-bit) text is Latin-1 except for these bytes ([MS-DOC] 2.4.1 FcCompressed)
_COMPRESSED_QUIRKS = str.maketrans(
    {
        0x82: "\u201a",
        0x83: "\u0192",
        0x84: "\u201e",
        0x85: "\u2026",
        0x86: "\u2020",
        0x87: "\u2021",
        0x88: "\u02c6",
        0x89: "\u2030",
        0x8A: "\u0160",
        0x8B: "\u2039",
        0x8C: "\u0152",
        0x91: "\u2018",
        0x92: "\u2019",
        0x93: "\u201c",
        0x94: "\u201d",
        0x95: "\u2022",
        0x96: "\u2013",
        0x97: "\u2014",
        0x98: "\u02dc",
        0x99: "\u2122",
        0x9A: "\u0161",
        0x9B: "\u203a",
        0x9C: "\u0153",
        0x9F: "\u0178",
    }
)

#: glyphs of symbol fonts that matter in contracts (check boxes, bullets), by font and character code
_SYMBOL_GLYPHS: dict[str, dict[int, str]] = {
    "wingdings": {
        0x6F: "□",
        0x71: "❑",
        0xA8: "□",
        0xFE: "☑",
        0xFD: "☒",
        0x78: "☒",
        0xFB: "✗",
        0xFC: "✓",
        0x6C: "●",
        0x6E: "■",
        0x9F: "•",
        0xA1: "○",
        0xA4: "◉",
    },
    "wingdings 2": {
        0x2A: "□",
        0x50: "✓",
        0x52: "☑",
        0x53: "☒",
        0x54: "☒",
        0x4F: "✗",
        0xA3: "□",
        0xA2: "□",
        0x99: "●",
    },
    "symbol": {0xB7: "•", 0xD6: "√", 0xB4: "×"},
}

_u16 = struct.Struct("<H").unpack_from
_i16 = struct.Struct("<h").unpack_from
_u32 = struct.Struct("<I").unpack_from
_i32 = struct.Struct("<i").unpack_from


def _need(buf: bytes, end: int, what: str) -> None:
    if end > len(buf):
        raise DocFormatError(f"the {what} runs past the end of its stream (the file is cut or corrupt)")


# -- FIB ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Fib:
    nfib: int
    flags: int
    #: FibRgLw97 character counts: text, ftn, hdd, mcr, atn, edn, txbx, hdrtxbx
    ccp: tuple[int, ...]
    fclcb: list[tuple[int, int]]

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & 0x0100)

    @property
    def table_stream(self) -> str:
        return "1Table" if self.flags & 0x0200 else "0Table"

    def pair(self, index: int) -> tuple[int, int]:
        return self.fclcb[index] if index < len(self.fclcb) else (0, 0)


def parse_fib(wd: bytes) -> Fib:
    """FibBase, FibRgLw97 and FibRgFcLcb97 from the start of the WordDocument stream."""
    if len(wd) < 34:
        raise DocFormatError("the WordDocument stream is too short to hold a FIB")
    ident, nfib = _u16(wd, 0)[0], _u16(wd, 2)[0]
    if ident != WORD_IDENT:
        raise DocFormatError("the WordDocument stream does not start with a Word FIB")
    flags = _u16(wd, 0x0A)[0]
    if flags & 0x0100:  # checked before the version: old encrypted files too
        return Fib(nfib, flags, (0,) * 8, [])
    if nfib < NFIB_WORD97:
        raise DocTooOld(f"a Word 6/95 document (nFib {nfib:#x})")
    csw = _u16(wd, 32)[0]
    pos = 34 + 2 * csw
    _need(wd, pos + 2, "FIB")
    cslw = _u16(wd, pos)[0]
    _need(wd, pos + 2 + 4 * cslw, "FIB")
    lw = struct.unpack_from(f"<{cslw}i", wd, pos + 2)
    if cslw < 11:
        raise DocFormatError("the FIB has no character counts")
    ccp = tuple(lw[3:11])
    pos += 2 + 4 * cslw
    _need(wd, pos + 2, "FIB")
    cb = _u16(wd, pos)[0]
    _need(wd, pos + 2 + 8 * cb, "FIB")
    raw = struct.unpack_from(f"<{2 * cb}I", wd, pos + 2)
    fclcb = [(raw[2 * i], raw[2 * i + 1]) for i in range(cb)]
    if any(c < 0 for c in ccp):
        raise DocFormatError("the FIB has negative character counts")
    return Fib(nfib, flags, ccp, fclcb)


# -- sprms ----------------------------------------------------------------------------------------------


def iter_sprms(buf: bytes, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """Yield (sprm, operand offset, operand size) for each Prl of a grpprl in ``buf[start:end]``."""
    end = min(end, len(buf))
    i = start
    while i + 2 <= end:
        sprm = buf[i] | buf[i + 1] << 8
        i += 2
        spra = sprm >> 13
        if spra in (0, 1):
            n = 1
        elif spra in (2, 4, 5):
            n = 2
        elif spra == 3:
            n = 4
        elif spra == 7:
            n = 3
        elif i >= end:
            return
        elif sprm in (SPRM_T_DEFTABLE, SPRM_T_DEFTABLE10):
            if i + 2 > end:
                return
            n = _u16(buf, i)[0] + 1
        elif sprm == SPRM_P_CHGTABS and buf[i] == 255:
            dels = buf[i + 1] if i + 1 < end else 0
            adds_at = i + 2 + 4 * dels
            adds = buf[adds_at] if adds_at < end else 0
            n = 3 + 4 * dels + 3 * adds
        else:
            n = 1 + buf[i]
        if i + n > end:
            return
        yield sprm, i, n
        i += n


def _operand(buf: bytes, at: int, size: int) -> int:
    if size == 1:
        return buf[at]
    if size == 2:
        return _u16(buf, at)[0]
    if size == 4:
        return _i32(buf, at)[0]
    return buf[at]


# -- properties -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParaProps:
    """What the reader needs from a paragraph's PAP (style + direct formatting)."""

    istd: int = 0
    in_table: bool = False
    ttp: bool = False
    itap: int = 0
    inner_cell: bool = False
    inner_ttp: bool = False
    ilfo: int = 0  # sprmPIlfo: 1-based LFO, 0 = not in a list
    ilvl: int | None = None  # sprmPIlvl; None when no sprm (or style) sets it
    outline: int | None = None  # 0..8 from sprmPOutLvl; 9 = body text
    anld: bool = False  # Word 6 style auto-numbering (sprmPAnld / sprmPNLvlAnm)

    @property
    def depth(self) -> int:
        """Table nesting depth (0 = not in a table)."""
        return max(self.itap, 1 if self.in_table else 0)


def apply_para_sprms(props: ParaProps, buf: bytes, start: int, end: int) -> ParaProps:
    changes: dict[str, object] = {}
    for sprm, at, n in iter_sprms(buf, start, end):
        if sprm == SPRM_P_FINTABLE:
            changes["in_table"] = bool(buf[at])
        elif sprm == SPRM_P_FTTP:
            changes["ttp"] = bool(buf[at])
        elif sprm == SPRM_P_ITAP:
            changes["itap"] = min(max(0, _operand(buf, at, n)), MAX_TABLE_DEPTH)
        elif sprm == SPRM_P_DTAP:
            itap = int(changes.get("itap", props.itap)) + _operand(buf, at, n)  # type: ignore[call-overload]
            changes["itap"] = min(max(0, itap), MAX_TABLE_DEPTH)
        elif sprm == SPRM_P_FINNERTABLECELL:
            changes["inner_cell"] = bool(buf[at])
        elif sprm == SPRM_P_FINNERTTP:
            changes["inner_ttp"] = bool(buf[at])
        elif sprm == SPRM_P_ILFO:
            changes["ilfo"] = _i16(buf, at)[0]
        elif sprm == SPRM_P_ILVL:
            changes["ilvl"] = buf[at]
        elif sprm == SPRM_P_OUTLVL:
            changes["outline"] = buf[at]
        elif sprm == SPRM_P_ANLD or (sprm == SPRM_P_NLVLANM and buf[at]):
            changes["anld"] = True
    return replace(props, **changes) if changes else props  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class CharProps:
    """Direct character formatting of a run (raw toggle operands: 0, 1, 0x80 = as style, 0x81 = not style)."""

    bold: int | None = None
    underline: int | None = None
    cistd: int | None = None
    deleted: bool = False
    inserted: bool = False
    vanish: int | None = None
    symbol: str | None = None  # the glyph a sprmCSymbol character stands for ("" when unknown)
    pic_location: int | None = None


def apply_char_sprms(props: CharProps, buf: bytes, start: int, end: int, fonts: list[str]) -> CharProps:
    changes: dict[str, object] = {}
    for sprm, at, n in iter_sprms(buf, start, end):
        if sprm == SPRM_C_FBOLD:
            changes["bold"] = buf[at]
        elif sprm == SPRM_C_KUL:
            changes["underline"] = buf[at]
        elif sprm == SPRM_C_ISTD:
            changes["cistd"] = _operand(buf, at, n)
        elif sprm == SPRM_C_FRMARKDEL:
            changes["deleted"] = bool(buf[at])
        elif sprm == SPRM_C_FRMARKINS:
            changes["inserted"] = bool(buf[at])
        elif sprm == SPRM_C_FVANISH:
            changes["vanish"] = buf[at]
        elif sprm == SPRM_C_SYMBOL and n == 4:
            ftc, xchar = _u16(buf, at)[0], _u16(buf, at + 2)[0]
            changes["symbol"] = symbol_glyph(fonts[ftc] if ftc < len(fonts) else "", xchar)
        elif sprm == SPRM_C_PICLOCATION and n == 4:
            changes["pic_location"] = _u32(buf, at)[0]
    return replace(props, **changes) if changes else props  # type: ignore[arg-type]


def symbol_glyph(font: str, xchar: int) -> str:
    """The Unicode character a symbol-font character looks like, or "" when not known."""
    table = _SYMBOL_GLYPHS.get(font.strip().lower())
    if table is not None:
        return table.get(xchar & 0xFF if xchar >= 0xF000 else xchar, "")
    if 0xE000 <= xchar <= 0xF8FF:  # private-use code of an unknown symbol font
        return ""
    return chr(xchar)


def toggle(value: int | None, inherited: bool) -> bool:
    """Resolve a ToggleOperand against the value the style gives."""
    if value is None or value == 0x80:
        return inherited
    if value == 0x81:
        return not inherited
    return bool(value)


# -- styles ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StyleProps:
    """A style after resolving its basedOn chain."""

    sti: int = 0x0FFE
    stk: int = 1
    para: ParaProps = ParaProps()
    bold: bool = False
    underline: bool = False

    @property
    def heading(self) -> int | None:
        if 1 <= self.sti <= 9:
            return self.sti
        lvl = self.para.outline
        return lvl + 1 if lvl is not None and lvl < 9 else None


@dataclass(slots=True)
class _RawStyle:
    sti: int
    stk: int
    base: int
    papx: tuple[int, int] | None  # (start, end) of the grpprl in the table stream
    chpx: tuple[int, int] | None


def parse_styles(tbl: bytes, fc: int, lcb: int, fonts: list[str]) -> dict[int, StyleProps]:
    """STSH: the style sheet, each style resolved along its istdBase chain."""
    if lcb < 4:
        return {}
    end = fc + lcb
    _need(tbl, end, "style sheet")
    cb_stshi = _u16(tbl, fc)[0]
    if cb_stshi < 4:
        return {}
    cstd = _u16(tbl, fc + 2)[0]
    cb_base = _u16(tbl, fc + 4)[0]
    pos = fc + 2 + cb_stshi
    raw: dict[int, _RawStyle] = {}
    for istd in range(cstd):
        if pos + 2 > end:
            break
        cb = _u16(tbl, pos)[0]
        std = pos + 2
        pos = std + cb
        if cb == 0 or pos > end or cb < max(cb_base, 10):
            continue
        sti = _u16(tbl, std)[0] & 0x0FFF
        w = _u16(tbl, std + 2)[0]
        stk, base = w & 0x000F, w >> 4
        p = std + cb_base
        cch = _u16(tbl, p)[0] if p + 2 <= pos else 0
        p += 2 + 2 * cch + 2  # xstzName and its terminating NUL
        upx: list[tuple[int, int]] = []
        cupx = {1: 2, 2: 1, 3: 3, 4: 1}.get(stk, 0)
        for _ in range(cupx):
            if p + 2 > pos:
                break
            cbupx = _u16(tbl, p)[0]
            upx.append((p + 2, min(p + 2 + cbupx, pos)))
            p += 2 + cbupx + (cbupx & 1)
        papx = chpx = None
        if stk == 1 and upx:
            papx = (upx[0][0] + 2, upx[0][1])  # UpxPapx starts with the istd
            chpx = upx[1] if len(upx) > 1 else None
        elif stk == 2 and upx:
            chpx = upx[0]
        raw[istd] = _RawStyle(sti, stk, base, papx, chpx)

    resolved: dict[int, StyleProps] = {}

    def resolve(istd: int, seen: frozenset[int]) -> StyleProps:
        if istd in resolved:
            return resolved[istd]
        r = raw.get(istd)
        if r is None:
            return StyleProps()
        base = resolve(r.base, seen | {istd}) if r.base != 0x0FFF and r.base not in seen | {istd} else None
        para = (
            ParaProps(istd=istd, outline=base.para.outline, ilfo=base.para.ilfo, ilvl=base.para.ilvl)
            if base
            else ParaProps(istd=istd)
        )
        if r.papx:
            para = apply_para_sprms(para, tbl, *r.papx)
        bold = base.bold if base else False
        underline = base.underline if base else False
        if r.chpx:
            cp = apply_char_sprms(CharProps(), tbl, *r.chpx, fonts)
            bold = toggle(cp.bold, bold)
            underline = underline if cp.underline is None else bool(cp.underline)
        props = StyleProps(sti=r.sti, stk=r.stk, para=para, bold=bold, underline=underline)
        resolved[istd] = props
        return props

    for istd in raw:
        resolve(istd, frozenset())
    return resolved


# -- fonts, lists ---------------------------------------------------------------------------------------


def parse_fonts(tbl: bytes, fc: int, lcb: int) -> list[str]:
    """SttbfFfn: font names by ftc (only symbol-font names are used)."""
    if lcb < 4 or fc + lcb > len(tbl):
        return []
    end = fc + lcb
    count, pos = _u16(tbl, fc)[0], fc + 4
    if count == 0xFFFF:  # extended STTB header
        count, pos = _u16(tbl, fc + 2)[0], fc + 6
    names: list[str] = []
    for _ in range(count):
        if pos >= end:
            break
        size = tbl[pos] + 1  # FFN.cbFfnM1
        name_at = pos + 40
        raw = tbl[name_at : min(pos + size, end)]
        names.append(raw.decode("utf-16-le", "replace").split("\x00", 1)[0])
        pos += size
    return names


# -- lists ([MS-DOC] 2.9.147 LSTF, 2.9.149 LVL, 2.9.150 LVLF, 2.9.131 LFO, 2.9.132 LFOData, 2.9.133 LFOLVL) -

#: MSONFC ([MS-OSHARED] 2.2.1.3) -> the ST_NumberFormat name word_numbering renders (unknown: decimal)
# fmt: off
MSONFC = (
    "decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "ordinal",  # 0x00
    "cardinalText", "ordinalText", "hex", "chicago", "ideographDigital", "japaneseCounting",  # 0x06
    "aiueo", "iroha", "decimalFullWidth", "decimalHalfWidth", "japaneseLegal",  # 0x0C
    "japaneseDigitalTenThousand", "decimalEnclosedCircle", "decimalFullWidth2", "aiueoFullWidth",  # 0x11
    "irohaFullWidth", "decimalZero", "bullet", "ganada", "chosung", "decimalEnclosedFullstop",  # 0x15
    "decimalEnclosedParen", "decimalEnclosedCircleChinese", "ideographEnclosedCircle",  # 0x1B
    "ideographTraditional", "ideographZodiac", "ideographZodiacTraditional", "taiwaneseCounting",  # 0x1E
    "ideographLegalTraditional", "taiwaneseCountingThousand", "taiwaneseDigital", "chineseCounting",  # 0x22
    "chineseLegalSimplified", "chineseCountingThousand", "decimal", "koreanDigital",  # 0x26
    "koreanCounting", "koreanLegal", "koreanDigital2", "hebrew1", "arabicAlpha", "hebrew2",  # 0x2A
    "arabicAbjad", "hindiVowels", "hindiConsonants", "hindiNumbers", "hindiCounting",  # 0x30
    "thaiLetters", "thaiNumbers", "thaiCounting", "vietnameseCounting", "numberInDash",  # 0x35
    "russianLower", "russianUpper",  # 0x3A
)
# fmt: on
NFC_NONE = 0xFF
#: LVLF.ixchFollow: 0 tab, 1 space, 2 nothing (a tab is only layout: one space, as in the .docx reader)
FOLLOW = {0: " ", 1: " ", 2: ""}
#: sprmPIlfo 0xF801 (-2047): no list; -2046..-1: the list -ilfo, keeping the paragraph's own indents
ILFO_NO_LIST = -2047
#: LSTF.rgistdPara entry for "no style linked to this level"
ISTD_NIL = 0x0FFF


class ListTables:
    """PlfLst + PlfLfo in the shape word_numbering's Counters read numbering.xml.

    An LFO (1-based ``ilfo``) plays a ``w:num``: its counters belong to the list it names (LSTF
    ``lsid``, the ``w:abstractNum``), and its LFOLVLs are the ``w:lvlOverride``s.
    """

    def __init__(self) -> None:
        self.instances: dict[int, NumInstance] = {}
        #: ilfo -> LSTF.rgistdPara: the paragraph style linked to each level
        self.level_styles: dict[int, tuple[int, ...]] = {}
        self.simple: set[int] = set()  # ilfo of one-level lists
        self.count = 0  # lfoMac: valid ilfo are 1..count
        #: the list tables could not be read: every list paragraph has a number hetong cannot show
        self.damaged = False

    def __bool__(self) -> bool:
        return bool(self.instances)

    def instance(self, ilfo: int) -> NumInstance | None:
        return self.instances.get(ilfo)

    def level_for_style(self, ilfo: int, istd: int) -> int | None:
        styles = self.level_styles.get(ilfo, ())
        return styles.index(istd) if istd != ISTD_NIL and istd in styles else None


def parse_lvl(tbl: bytes, pos: int, fonts: list[str] | None = None) -> tuple[Level, int]:
    """One LVL at ``pos``: the Level it describes and the offset after it."""
    _need(tbl, pos + 28, "list level")
    start = _i32(tbl, pos)[0]
    nfc, flags = tbl[pos + 4], tbl[pos + 5]
    places = tbl[pos + 6 : pos + 15]  # rgbxchNums: 1-based offsets of the placeholders in xst
    follow = tbl[pos + 15]
    cb_chpx, cb_papx, restart_lim = tbl[pos + 24], tbl[pos + 25], tbl[pos + 26]
    chpx = pos + 28 + cb_papx  # grpprlChpx: the font of the number (a bullet's symbol font)
    pos = chpx + cb_chpx
    _need(tbl, pos + 2, "list level")
    cch = _u16(tbl, pos)[0]
    _need(tbl, pos + 2 + 2 * cch, "list level text")
    chars = list(tbl[pos + 2 : pos + 2 + 2 * cch].decode("utf-16-le", "replace"))
    pos += 2 + 2 * cch
    for at in places:
        if at == 0:
            break
        if at <= len(chars) and ord(chars[at - 1]) < 9:
            chars[at - 1] = f"%{ord(chars[at - 1]) + 1}"
    text = "".join(
        c for c in chars if len(c) > 1 or c >= " "
    )  # keep "%n"; other control characters show nothing
    fmt = "none" if nfc == NFC_NONE else MSONFC[nfc] if nfc < len(MSONFC) else "decimal"
    if fmt == "bullet":
        text = _bullet(text, _number_font(tbl, chpx, chpx + cb_chpx, fonts or []))
    level = Level(
        start=start,
        fmt=fmt,
        text=text,
        # fNoRestart: the level restarts only after levels above ilvlRestartLim (0: never), which is
        # what w:lvlRestart says with its 1-based number; otherwise after any higher level
        restart=restart_lim if flags & 0x08 else None,
        is_lgl=bool(flags & 0x04),
        suffix=FOLLOW.get(follow, " "),
    )
    return level, pos


def _number_font(tbl: bytes, start: int, end: int, fonts: list[str]) -> str:
    for sprm, at, _n in iter_sprms(tbl, start, end):
        if sprm == SPRM_C_RGFTC0:
            ftc = _u16(tbl, at)[0]
            return fonts[ftc] if ftc < len(fonts) else ""
    return ""


def _bullet(text: str, font: str) -> str:
    """A bullet as the .docx reader shows it: an 8-bit symbol-font character is the private-use code
    Word writes in .docx (Wingdings "l" = U+F06C), which word_numbering turns into a plain mark."""
    if font.strip().lower() in SYMBOL_FONT_NAMES:
        text = "".join(chr(0xF000 | ord(c)) if ord(c) < 0x100 else c for c in text)
    return bullet_text(text) if text else "•"


def parse_lists(tbl: bytes, fib: Fib, fonts: list[str] | None = None) -> ListTables:
    """The lists of the document; ``damaged`` when the tables are there but cannot be read."""
    out = ListTables()
    try:
        lists = _read_plflst(tbl, fib, fonts or [])
        _read_plflfo(tbl, fib, lists, out, fonts or [])
    except (DocFormatError, struct.error, IndexError):
        out = ListTables()
        out.damaged = True
    return out


def _read_plflst(tbl: bytes, fib: Fib, fonts: list[str]) -> dict[int, tuple[list[Level], tuple[int, ...]]]:
    """lsid -> (levels, rgistdPara) from the PlfLst and the LVLs that follow it."""
    fc, lcb = fib.pair(FC_PLFLST)
    if lcb < 2:
        return {}
    _need(tbl, fc + lcb, "list table")
    clst = _i16(tbl, fc)[0]
    if clst < 0 or 2 + 28 * clst > lcb:
        raise DocFormatError("the list table is damaged")
    pos = fc + lcb  # the LVLs follow the PlfLst, list by list
    lists: dict[int, tuple[list[Level], tuple[int, ...]]] = {}
    for i in range(clst):
        at = fc + 2 + 28 * i
        lsid = _i32(tbl, at)[0]
        styles = struct.unpack_from("<9H", tbl, at + 8)
        levels = []
        for _ in range(1 if tbl[at + 26] & 1 else LEVELS):  # fSimpleList
            level, pos = parse_lvl(tbl, pos, fonts)
            levels.append(level)
        lists.setdefault(lsid, (levels, styles))
    return lists


def _read_plflfo(
    tbl: bytes,
    fib: Fib,
    lists: dict[int, tuple[list[Level], tuple[int, ...]]],
    out: ListTables,
    fonts: list[str],
) -> None:
    fc, lcb = fib.pair(FC_PLFLFO)
    if lcb < 4:
        return
    end = fc + lcb
    _need(tbl, end, "list override table")
    count = _u32(tbl, fc)[0]
    if 4 + 16 * count > lcb:
        raise DocFormatError("the list override table is damaged")
    out.count = count
    # rgLfoData, parallel to rgLfo, only matters when some LFO overrides levels (not every writer
    # stores it when none does)
    with_data = any(tbl[fc + 4 + 16 * i + 12] for i in range(count))
    pos = fc + 4 + 16 * count
    for i in range(count):
        at = fc + 4 + 16 * i
        lsid, clfolvl = _i32(tbl, at)[0], tbl[at + 12]
        pos += 4 if with_data else 0  # LFOData.cp
        overrides: list[tuple[int, int | None, Level | None]] = []
        for _ in range(clfolvl):
            _need(tbl, pos + 8, "list override")
            start, bits = _i32(tbl, pos)[0], _u32(tbl, pos + 4)[0]
            pos += 8
            lvl = None
            if bits & 0x20:  # fFormatting: a whole LVL replaces the list's
                lvl, pos = parse_lvl(tbl, pos, fonts)
            overrides.append((bits & 0x0F, start if bits & 0x10 else None, lvl))
        if pos > end:
            raise DocFormatError("the list override table is damaged")
        found = lists.get(lsid)
        if found is None:
            continue  # an LFO of a list that is not there: no number Word could show either
        levels, styles = found
        ilfo = i + 1
        inst = NumInstance(key=str(lsid), levels=[*levels, *[None] * (LEVELS - len(levels))])
        for ilvl, start, lvl in overrides:
            if ilvl >= LEVELS:
                continue
            if lvl is not None:
                inst.levels[ilvl] = lvl
            if start is not None:
                inst.start_overrides[ilvl] = start
                if inst.levels[ilvl] is not None:
                    inst.levels[ilvl] = replace(inst.levels[ilvl], start=start)  # type: ignore[arg-type]
        out.instances[ilfo] = inst
        out.level_styles[ilfo] = styles
        if len(levels) == 1:
            out.simple.add(ilfo)


# -- the document ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Piece:
    cp: int
    cp_end: int
    fc: int  # byte offset in the WordDocument stream
    compressed: bool
    prm: int

    @property
    def width(self) -> int:
        return 1 if self.compressed else 2


@dataclass(slots=True)
class TextBox:
    start: int  # CP range in the whole text
    end: int
    shape: int  # FTXBXS.lid, the spid of the shape that shows it


@dataclass(slots=True)
class WordBinary:
    fib: Fib
    text: str
    pieces: list[Piece]
    styles: dict[int, StyleProps]
    lists: ListTables
    fonts: list[str]
    #: character runs: starts (CP) and (end, props), covering ``text``
    run_starts: list[int] = field(default_factory=list)
    runs: list[tuple[int, CharProps]] = field(default_factory=list)
    textboxes: list[TextBox] = field(default_factory=list)
    #: (CP of the anchor in the main text, spid), sorted by CP
    anchors: list[tuple[int, int]] = field(default_factory=list)
    data_stream: bytes = b""
    _para: Callable[[int], ParaProps] | None = None

    def story(self, index: int) -> tuple[int, int]:
        """CP range of story ``index`` (0 main, 1 footnotes, 2 headers, 3 macro, 4 comments, 5 endnotes,
        6 text boxes, 7 header text boxes)."""
        start = sum(self.fib.ccp[:index])
        return start, min(start + self.fib.ccp[index], len(self.text))

    def comment_count(self) -> int:
        """Comments (annotations): PlcfandRef holds (n+1) CPs and n 30-byte ATRDPre10."""
        _fc, lcb = self.fib.pair(FC_PLCFANDREF)
        return max(0, (lcb - 4) // 34)

    def para_props(self, cp: int) -> ParaProps:
        """Properties of the paragraph whose mark is at ``cp``."""
        return self._para(cp) if self._para else ParaProps()

    def style(self, istd: int) -> StyleProps:
        return self.styles.get(istd) or self.styles.get(0) or StyleProps()

    def list_ref(self, props: ParaProps) -> tuple[int, int] | None:
        """(ilfo, ilvl) of the list a paragraph is in (its own sprms over its style's), or None."""
        ilfo = props.ilfo
        if ilfo < 0:
            ilfo = 0 if ilfo <= ILFO_NO_LIST else -ilfo
        lists = self.lists
        if ilfo <= 0 or (ilfo > lists.count and not lists.damaged):
            return None
        if ilfo in lists.simple:
            return ilfo, 0
        ilvl = props.ilvl
        if ilvl is None:  # a style linked to a level (LSTF.rgistdPara), as w:pStyle in a w:lvl
            ilvl = lists.level_for_style(ilfo, props.istd) or 0
        return ilfo, ilvl

    def fc_of(self, cp: int) -> tuple[int, Piece] | None:
        i = bisect_right(self.pieces, cp, key=lambda p: p.cp) - 1
        if i < 0 or cp >= self.pieces[i].cp_end:
            return None
        p = self.pieces[i]
        return p.fc + (cp - p.cp) * p.width, p


def _read_clx(tbl: bytes, fib: Fib) -> tuple[list[Piece], list[tuple[int, int]]]:
    """Clx: the Prc array (grpprls of fast-saved property changes) and the PlcPcd piece table."""
    fc, lcb = fib.pair(FC_CLX)
    if lcb == 0:
        raise DocFormatError("the document has no piece table (Clx)")
    end = fc + lcb
    _need(tbl, end, "piece table")
    prcs: list[tuple[int, int]] = []
    pos = fc
    while pos < end and tbl[pos] == 0x01:  # Prc
        cb = _i16(tbl, pos + 1)[0]
        prcs.append((pos + 3, pos + 3 + max(cb, 0)))
        pos += 3 + max(cb, 0)
    if pos >= end or tbl[pos] != 0x02:
        raise DocFormatError("the piece table (Pcdt) is missing or damaged")
    lcb_plc = _u32(tbl, pos + 1)[0]
    plc = pos + 5
    _need(tbl, plc + lcb_plc, "piece table")
    n = (lcb_plc - 4) // 12
    if n <= 0:
        raise DocFormatError("the piece table is empty")
    cps = struct.unpack_from(f"<{n + 1}i", tbl, plc)
    pieces = []
    for i in range(n):
        at = plc + 4 * (n + 1) + 8 * i
        fcv = _u32(tbl, at + 2)[0]
        prm = _u16(tbl, at + 6)[0]
        compressed = bool(fcv & 0x40000000)
        fcv &= 0x3FFFFFFF
        if cps[i + 1] < cps[i]:
            raise DocFormatError("the piece table is out of order")
        pieces.append(Piece(cps[i], cps[i + 1], fcv // 2 if compressed else fcv, compressed, prm))
    return pieces, prcs


def _decode_pieces(wd: bytes, pieces: list[Piece]) -> str:
    # pieces that point at the same bytes again and again would make a small file hold a huge text:
    # all of them together cannot hold more than the stream (so the text is bounded by the file's size)
    total = sum((p.cp_end - p.cp) * p.width for p in pieces)
    if total > len(wd):
        raise DocFormatError(
            f"the piece table holds {total:,} bytes of text, more than the {len(wd):,} of the WordDocument "
            "stream (its pieces overlap)"
        )
    parts = []
    for p in pieces:
        n = p.cp_end - p.cp
        raw = wd[p.fc : p.fc + n * p.width]
        if len(raw) < n * p.width:
            raise DocFormatError("a text piece runs past the end of the WordDocument stream")
        if p.compressed:
            parts.append(raw.decode("latin-1").translate(_COMPRESSED_QUIRKS))
        else:
            parts.append(raw.decode("utf-16-le", "replace"))
    return "".join(parts)


def _fkp_pages(tbl: bytes, fc: int, lcb: int) -> list[int]:
    """PlcBtePapx / PlcBteChpx: the page numbers of the FKPs."""
    n = (lcb - 4) // 8
    if n <= 0:
        return []
    _need(tbl, fc + lcb, "FKP index")
    at = fc + 4 * (n + 1)
    return [_u32(tbl, at + 4 * i)[0] & 0x3FFFFF for i in range(n)]


def _papx_runs(wd: bytes, tbl: bytes, fib: Fib) -> list[tuple[int, int, int, int]]:
    """(fc start, fc end, offset of grpprlInPapx start, its end) for every PAPX run, sorted by fc."""
    runs = []
    for pn in _fkp_pages(tbl, *fib.pair(FC_PLCFBTEPAPX)):
        page = pn * 512
        if page + 512 > len(wd):
            raise DocFormatError("a paragraph-property page lies outside the WordDocument stream")
        crun = wd[page + 511]
        rgfc = struct.unpack_from(f"<{crun + 1}I", wd, page)
        bx = page + 4 * (crun + 1)
        for i in range(crun):
            off = wd[bx + 13 * i] * 2
            if off == 0:
                runs.append((rgfc[i], rgfc[i + 1], 0, 0))
                continue
            at = page + off
            cb = wd[at]
            if cb:
                start, size = at + 1, 2 * cb - 1
            else:
                start, size = at + 2, 2 * wd[at + 1]
            runs.append((rgfc[i], rgfc[i + 1], start, min(start + size, page + 511)))
    runs.sort()
    return runs


def _chpx_runs(wd: bytes, tbl: bytes, fib: Fib) -> list[tuple[int, int, bytes]]:
    """(fc start, fc end, grpprl) for every CHPX run, sorted by fc."""
    runs = []
    for pn in _fkp_pages(tbl, *fib.pair(FC_PLCFBTECHPX)):
        page = pn * 512
        if page + 512 > len(wd):
            raise DocFormatError("a character-property page lies outside the WordDocument stream")
        crun = wd[page + 511]
        rgfc = struct.unpack_from(f"<{crun + 1}I", wd, page)
        rgb = page + 4 * (crun + 1)
        for i in range(crun):
            off = wd[rgb + i] * 2
            if off == 0:
                runs.append((rgfc[i], rgfc[i + 1], b""))
                continue
            at = page + off
            runs.append((rgfc[i], rgfc[i + 1], wd[at + 1 : min(at + 1 + wd[at], page + 511)]))
    runs.sort(key=lambda r: r[0])
    return runs


def _char_runs(doc: WordBinary, wd: bytes, tbl: bytes, prcs: list[tuple[int, int]]) -> None:
    """Map the FC-ordered CHPX runs onto CP ranges, piece by piece (gaps get default formatting).

    Equal properties are one shared object, so neighbouring runs merge on an identity test.
    """
    chpx = _chpx_runs(wd, tbl, doc.fib)
    starts = [r[0] for r in chpx]
    ends = [r[1] for r in chpx]
    n = len(chpx)
    cache: dict[tuple[bytes, int], CharProps] = {}
    interned: dict[CharProps, CharProps] = {}
    out_starts: list[int] = []
    out: list[tuple[int, CharProps]] = []
    last_end, last_props = 0, None
    for p in doc.pieces:
        w = p.width
        fc0, fc1 = p.fc, p.fc + (p.cp_end - p.cp) * w
        i = max(0, bisect_right(starts, fc0) - 1)
        pos = fc0
        while pos < fc1:
            if i < n and ends[i] <= pos:
                i += 1
                continue
            if i < n and starts[i] <= pos:
                end, key = (ends[i] if ends[i] < fc1 else fc1), (chpx[i][2], p.prm)
            else:
                end, key = ((starts[i] if starts[i] < fc1 else fc1) if i < n else fc1), (b"", p.prm)
            cp_s = p.cp + (pos - fc0) // w
            if cp_s < last_end:
                cp_s = last_end
            cp_e = min(p.cp + -(-(end - fc0) // w), p.cp_end)
            pos = end
            if cp_e <= cp_s:
                continue
            props = cache.get(key)
            if props is None:
                props = (
                    apply_char_sprms(CharProps(), key[0], 0, len(key[0]), doc.fonts)
                    if key[0]
                    else CharProps()
                )
                props = _apply_prm(props, p.prm, prcs, tbl, doc.fonts)
                props = cache[key] = interned.setdefault(props, props)
            if props is last_props and cp_s == last_end:
                out[-1] = (cp_e, props)
            else:
                out_starts.append(cp_s)
                out.append((cp_e, props))
            last_end, last_props = cp_e, props
    doc.run_starts, doc.runs = out_starts, out


def _apply_prm(
    props: CharProps, prm: int, prcs: list[tuple[int, int]], tbl: bytes, fonts: list[str]
) -> CharProps:
    if prm & 1:  # Prm1: index into the Prc array
        i = prm >> 1
        if i < len(prcs):
            return apply_char_sprms(props, tbl, *prcs[i], fonts)
    return props


def _para_lookup(
    doc: WordBinary, wd: bytes, tbl: bytes, prcs: list[tuple[int, int]]
) -> Callable[[int], ParaProps]:
    runs = _papx_runs(wd, tbl, doc.fib)
    starts = [r[0] for r in runs]
    cache: dict[tuple[bytes, int], ParaProps] = {}

    def lookup(cp: int) -> ParaProps:
        located = doc.fc_of(cp)
        if located is None:
            return ParaProps()
        fc, piece = located
        i = bisect_right(starts, fc) - 1
        if i < 0 or fc >= runs[i][1]:
            return ParaProps()
        _, _, a, b = runs[i]
        key = (wd[a:b], piece.prm)  # many paragraphs share the same PAPX bytes
        props = cache.get(key)
        if props is None:
            istd = _u16(wd, a)[0] if b - a >= 2 else 0
            props = replace(doc.style(istd).para, istd=istd)
            if b - a > 2:
                props = apply_para_sprms(props, wd, a + 2, b)
            if piece.prm & 1 and (piece.prm >> 1) < len(prcs):
                props = apply_para_sprms(props, tbl, *prcs[piece.prm >> 1])
            cache[key] = props
        return props

    return lookup


def _textboxes(tbl: bytes, fib: Fib, start: int) -> list[TextBox]:
    fc, lcb = fib.pair(FC_PLCFTXBXTXT)
    n = (lcb - 4) // 26  # (n+1) CPs of 4 bytes + n FTXBXS of 22 bytes
    if n <= 0 or fc + lcb > len(tbl):
        return []
    cps = struct.unpack_from(f"<{n + 1}i", tbl, fc)
    boxes = []
    for i in range(n):
        at = fc + 4 * (n + 1) + 22 * i
        reusable = _u16(tbl, at + 8)[0] & 1
        lid = _i32(tbl, at + 14)[0]
        if reusable or cps[i + 1] <= cps[i]:
            continue
        boxes.append(TextBox(start + cps[i], start + cps[i + 1], lid))
    return boxes


def _anchors(tbl: bytes, fib: Fib) -> list[tuple[int, int]]:
    fc, lcb = fib.pair(FC_PLCSPAMOM)
    n = (lcb - 4) // 30  # (n+1) CPs + n FSPA of 26 bytes
    if n <= 0 or fc + lcb > len(tbl):
        return []
    cps = struct.unpack_from(f"<{n + 1}i", tbl, fc)
    return sorted((cps[i], _i32(tbl, fc + 4 * (n + 1) + 26 * i)[0]) for i in range(n))


def load(wd: bytes, get_stream: Callable[[str], bytes | None]) -> WordBinary:
    """Parse the WordDocument stream; ``get_stream(name)`` returns another stream's bytes or None."""
    fib = parse_fib(wd)
    if fib.encrypted:
        raise DocEncrypted("the document is password-protected")
    tbl = get_stream(fib.table_stream)
    if tbl is None:
        raise DocFormatError(f"the {fib.table_stream} stream the FIB points at is missing")
    try:
        pieces, prcs = _read_clx(tbl, fib)
        fonts = parse_fonts(tbl, *fib.pair(FC_STTBFFFN))
        doc = WordBinary(
            fib=fib,
            text=_decode_pieces(wd, pieces),
            pieces=pieces,
            styles=parse_styles(tbl, *fib.pair(FC_STSHF), fonts),
            lists=parse_lists(tbl, fib, fonts),
            fonts=fonts,
        )
        _char_runs(doc, wd, tbl, prcs)
        doc._para = _para_lookup(doc, wd, tbl, prcs)
        doc.textboxes = _textboxes(tbl, fib, doc.story(6)[0])
        doc.anchors = _anchors(tbl, fib)
        doc.data_stream = get_stream("Data") or b""
    except (struct.error, IndexError, ValueError) as exc:
        raise DocFormatError(f"damaged Word structures ({type(exc).__name__})") from None
    return doc
