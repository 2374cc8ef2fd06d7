"""The few facts of styles.xml the .docx reader needs: heading level, list numbering, bold/underline/hidden.

Each fact is inherited along ``w:basedOn`` (the most specific style that says something wins).
Toggle properties (bold) are treated as plain values: a style that says bold is bold, whatever its
parent said; Word's XOR rule for toggles between styles is not modelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .word_numbering import W_VAL, W

if TYPE_CHECKING:
    from lxml.etree import _Element

#: (bold, underline, hidden); None where nothing was said
Tri = tuple[bool | None, bool | None, bool | None]
NO_PROPS: Tri = (None, None, None)
HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
OFF = ("false", "0", "off", "none")
MAX_CHAIN = 16

W_B, W_U, W_VANISH, W_RSTYLE = W + "b", W + "u", W + "vanish", W + "rStyle"


def rpr_props(rpr: _Element | None) -> tuple[Tri, str | None]:
    """Direct bold/underline/hidden of a w:rPr and its character style id."""
    if rpr is None:
        return NO_PROPS, None
    bold = under = hidden = None
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
    return (bold, under, hidden), rstyle


def merge(base: Tri, over: Tri) -> Tri:
    """``over`` wins wherever it says something."""
    return (
        base[0] if over[0] is None else over[0],
        base[1] if over[1] is None else over[1],
        base[2] if over[2] is None else over[2],
    )


@dataclass(frozen=True, slots=True)
class ParaStyle:
    """What a paragraph style (with its basedOn chain) gives a paragraph."""

    #: (numId, ilvl) from the first numPr on the chain; numId 0 means "no list"; ilvl may be None
    num: tuple[int | None, int | None] | None = None
    heading: int | None = None
    props: Tri = NO_PROPS
    #: the style on the chain that carried the numPr (its id is looked up in the list levels' pStyle)
    num_style: str | None = None


@dataclass(slots=True)
class _Def:
    type: str
    name: str
    based_on: str | None
    num: tuple[int | None, int | None] | None
    outline: int | None  # 0-based w:outlineLvl
    props: Tri


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
        self.defaults: Tri = NO_PROPS
        #: numbering style id -> numId (for w:numStyleLink)
        self.numbering_styles: dict[str, int] = {}
        self._para_cache: dict[str | None, ParaStyle] = {}
        self._char_cache: dict[str, Tri] = {}
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
        for _sid, d in reversed(chain):
            props = merge(props, d.props)
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
        result = ParaStyle(num=num, heading=heading, props=props, num_style=num_style)
        self._para_cache[key] = result
        return result

    def character(self, sid: str) -> Tri:
        """Bold/underline/hidden a character style (with its chain) sets."""
        cached = self._char_cache.get(sid)
        if cached is not None:
            return cached
        props = NO_PROPS
        for _sid, d in reversed(self._chain(sid)):
            props = merge(props, d.props)
        self._char_cache[sid] = props
        return props
