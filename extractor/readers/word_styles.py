"""The few facts of styles.xml the .docx reader needs: heading level, list numbering, bold/underline/hidden,
whether a run's font is a symbol font (Wingdings check boxes) and which tab stops draw a leader line.

Each fact is inherited along ``w:basedOn`` (the most specific style that says something wins).
Toggle properties (bold) are treated as plain values: a style that says bold is bold, whatever its
parent said; Word's XOR rule for toggles between styles is not modelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .symbols import SYMBOL_FONTS
from .word_numbering import W_VAL, W

if TYPE_CHECKING:
    from lxml.etree import _Element

#: the font of each w:rFonts slot (ascii, hAnsi, eastAsia, cs): the lower-cased name of a symbol
#: font, "" for any other font (it overrides an inherited symbol font), None where nothing was said
Fonts = tuple[str | None, str | None, str | None, str | None]
NO_FONTS: Fonts = (None, None, None, None)
#: (bold, underline, hidden, fonts); None where nothing was said
Props = tuple[bool | None, bool | None, bool | None, Fonts]
NO_PROPS: Props = (None, None, None, NO_FONTS)
HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
#: styles of generated tables of contents, whose dot leaders run to a page number, not a blank
TOC_NAME = re.compile(r"^(?:toc\s*[1-9]|table of figures|目录\s*[1-9])$", re.IGNORECASE)
OFF = ("false", "0", "off", "none")
MAX_CHAIN = 16

W_B, W_U, W_VANISH, W_RSTYLE, W_RFONTS = W + "b", W + "u", W + "vanish", W + "rStyle", W + "rFonts"
W_TABS, W_TAB, W_POS, W_LEADER = W + "tabs", W + "tab", W + "pos", W + "leader"
#: w:rFonts slots, each with the theme attribute that overrides it (the schema spells "cstheme" so)
FONT_SLOTS = tuple(
    (W + name, W + theme)
    for name, theme in (
        ("ascii", "asciiTheme"),
        ("hAnsi", "hAnsiTheme"),
        ("eastAsia", "eastAsiaTheme"),
        ("cs", "cstheme"),
    )
)
#: tab leaders that draw a line a person writes on (w:leader values)
LINE_LEADERS = frozenset({"underscore", "heavy", "dot", "middleDot", "hyphen"})
#: the dotted ones, which a table of contents also uses
DOT_LEADERS = frozenset({"dot", "middleDot", "hyphen"})


def rfonts(el: _Element) -> Fonts:
    """The slots a w:rFonts sets (see :data:`Fonts`)."""
    out: list[str | None] = []
    for attr, theme in FONT_SLOTS:
        if el.get(theme) is not None:
            out.append("")  # a theme font (the document's body/heading font), never a symbol font
            continue
        name = el.get(attr)
        out.append(None if name is None else (key if (key := name.strip().lower()) in SYMBOL_FONTS else ""))
    return (out[0], out[1], out[2], out[3])


def symbol_font(fonts: Fonts) -> str | None:
    """The symbol font a run's characters are drawn in, if any.

    Latin characters take the ascii/hAnsi font; the eastAsia/cs fonts count only where neither of
    those names an ordinary font (a run set in Wingdings through its East Asian font alone).
    """
    ascii, h_ansi, east_asia, cs = fonts
    if ascii or h_ansi:
        return ascii or h_ansi
    if ascii == "" and h_ansi == "":
        return None
    return east_asia or cs or None


def rpr_props(rpr: _Element | None) -> tuple[Props, str | None]:
    """Direct bold/underline/hidden/fonts of a w:rPr and its character style id."""
    if rpr is None:
        return NO_PROPS, None
    bold = under = hidden = None
    fonts = NO_FONTS
    rstyle = None
    for child in rpr:
        tag = child.tag
        if tag == W_B:
            bold = child.get(W_VAL, "true") not in OFF
        elif tag == W_U:
            under = child.get(W_VAL, "single") not in OFF
        elif tag == W_VANISH:
            hidden = child.get(W_VAL, "true") not in OFF
        elif tag == W_RSTYLE:
            rstyle = child.get(W_VAL)
        elif tag == W_RFONTS:
            fonts = rfonts(child)
    return (bold, under, hidden, fonts), rstyle


def merge(base: Props, over: Props) -> Props:
    """``over`` wins wherever it says something (font by font slot)."""
    fonts = base[3]
    if over[3] != NO_FONTS:
        if fonts == NO_FONTS:
            fonts = over[3]
        else:
            a, b = fonts, over[3]
            fonts = (
                a[0] if b[0] is None else b[0],
                a[1] if b[1] is None else b[1],
                a[2] if b[2] is None else b[2],
                a[3] if b[3] is None else b[3],
            )
    return (
        base[0] if over[0] is None else over[0],
        base[1] if over[1] is None else over[1],
        base[2] if over[2] is None else over[2],
        fonts,
    )


#: tab stops: position (twips) -> leader ("" for none)
TabStops = dict[int, str]


def apply_tabs(stops: TabStops, tabs: _Element | None) -> TabStops:
    """``stops`` with a w:tabs applied: a stop of val="clear" removes an inherited stop at its position."""
    if tabs is None:
        return stops
    out = dict(stops)
    for tab in tabs.iterchildren(W_TAB):
        pos = _int(tab.get(W_POS))
        if pos is None:
            continue
        if tab.get(W_VAL) == "clear":
            out.pop(pos, None)
        else:
            out[pos] = tab.get(W_LEADER) or ""
    return out


def line_leader(stops: TabStops, toc: bool) -> bool:
    """Whether the tab stops draw a line to write on (a dot leader in a table of contents does not)."""
    leaders = LINE_LEADERS - DOT_LEADERS if toc else LINE_LEADERS
    return any(leader in leaders for leader in stops.values())


@dataclass(frozen=True, slots=True)
class ParaStyle:
    """What a paragraph style (with its basedOn chain) gives a paragraph."""

    #: (numId, ilvl) from the first numPr on the chain; numId 0 means "no list"; ilvl may be None
    num: tuple[int | None, int | None] | None = None
    heading: int | None = None
    props: Props = NO_PROPS
    #: the style on the chain that carried the numPr (its id is looked up in the list levels' pStyle)
    num_style: str | None = None
    #: tab stops the chain sets, position -> leader
    tabs: tuple[tuple[int, str], ...] = ()
    #: a table-of-contents style ("toc 1")
    toc: bool = False


@dataclass(slots=True)
class _Def:
    type: str
    name: str
    based_on: str | None
    num: tuple[int | None, int | None] | None
    outline: int | None  # 0-based w:outlineLvl
    props: Props
    tabs: _Element | None  # w:pPr/w:tabs


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def num_pr(ppr: _Element | None) -> tuple[int | None, int | None] | None:
    """(numId, ilvl) of a w:pPr's w:numPr, either part None when absent."""
    if ppr is None:
        return None
    el = ppr.find(W + "numPr")
    if el is None:
        return None
    num_id = el.find(W + "numId")
    ilvl = el.find(W + "ilvl")
    return (
        _int(num_id.get(W_VAL)) if num_id is not None else None,
        _int(ilvl.get(W_VAL)) if ilvl is not None else None,
    )


def outline_level(ppr: _Element | None) -> int | None:
    if ppr is None:
        return None
    el = ppr.find(W + "outlineLvl")
    return _int(el.get(W_VAL)) if el is not None else None


class Styles:
    def __init__(self, root: _Element | None):
        self._elements: dict[str, _Element] = {}
        self._defs: dict[str, _Def | None] = {}
        self.default_paragraph: str | None = None
        self.defaults: Props = NO_PROPS
        #: numbering style id -> numId (for w:numStyleLink)
        self.numbering_styles: dict[str, int] = {}
        self._para_cache: dict[str | None, ParaStyle] = {}
        self._char_cache: dict[str, Props] = {}
        if root is None:
            return
        doc_rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.defaults = rpr_props(doc_rpr)[0]
        # styles are only parsed when used: templates carry hundreds that no paragraph names
        for st in root.iterchildren(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None or sid in self._elements:
                continue
            self._elements[sid] = st
            stype = st.get(W + "type", "paragraph")
            if stype == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                self.default_paragraph = sid
            elif stype == "numbering":
                num = num_pr(st.find(W + "pPr"))
                if num is not None and num[0] is not None:
                    self.numbering_styles[sid] = num[0]

    def _def(self, sid: str) -> _Def | None:
        if sid in self._defs:
            return self._defs[sid]
        st = self._elements.get(sid)
        d = None
        if st is not None:
            name_el = st.find(W + "name")
            based = st.find(W + "basedOn")
            ppr = st.find(W + "pPr")
            d = _Def(
                type=st.get(W + "type", "paragraph"),
                name=name_el.get(W_VAL, "") if name_el is not None else "",
                based_on=based.get(W_VAL) if based is not None else None,
                num=num_pr(ppr),
                outline=outline_level(ppr),
                props=rpr_props(st.find(W + "rPr"))[0],
                tabs=ppr.find(W_TABS) if ppr is not None else None,
            )
        self._defs[sid] = d
        return d

    def _chain(self, sid: str | None) -> list[tuple[str, _Def]]:
        """The style and its ancestors, most specific first (cycles cut)."""
        out: list[tuple[str, _Def]] = []
        seen: set[str] = set()
        while sid is not None and sid not in seen and len(out) < MAX_CHAIN:
            d = self._def(sid)
            if d is None:
                break
            seen.add(sid)
            out.append((sid, d))
            sid = d.based_on
        return out

    def paragraph(self, sid: str | None) -> ParaStyle:
        """The resolved paragraph style (the default paragraph style when ``sid`` is None/unknown)."""
        cached = self._para_cache.get(sid)
        if cached is not None:
            return cached
        key = sid
        if sid is None or sid not in self._elements:
            sid = self.default_paragraph
        chain = self._chain(sid)
        num = num_style = None
        heading = None
        heading_known = False
        props = self.defaults
        stops: TabStops = {}
        for _sid, d in reversed(chain):
            props = merge(props, d.props)
            stops = apply_tabs(stops, d.tabs)
        toc = any(TOC_NAME.match(d.name.strip()) for _sid, d in chain)
        for style_id, d in chain:
            if num is None and d.num is not None:
                num, num_style = d.num, style_id
            if not heading_known:
                if d.outline is not None:
                    heading = d.outline + 1 if 0 <= d.outline < 9 else None
                    heading_known = True
                else:
                    m = HEADING_NAME.match(d.name.strip()) or HEADING_NAME.match(style_id)
                    if m:
                        heading, heading_known = int(m.group(1)), True
        result = ParaStyle(
            num=num, heading=heading, props=props, num_style=num_style, tabs=tuple(stops.items()), toc=toc
        )
        self._para_cache[key] = result
        return result

    def character(self, sid: str) -> Props:
        """Bold/underline/hidden/fonts a character style (with its chain) sets."""
        cached = self._char_cache.get(sid)
        if cached is not None:
            return cached
        props = NO_PROPS
        for _sid, d in reversed(self._chain(sid)):
            props = merge(props, d.props)
        self._char_cache[sid] = props
        return props
