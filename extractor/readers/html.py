"""HTML pages and MHT web archives (.htm/.html/.mht, and the ".doc" files that are really one of them).

- MHT (MIME, ``multipart/related``): the ``email`` package finds the first ``text/html`` part and
  undoes its quoted-printable/base64 transfer encoding; the part's charset decodes it.
- Charset of plain HTML: BOM, else ``<meta charset>`` / ``http-equiv`` in the first 4 KB, else UTF-8,
  else GB18030 (GB2312/GBK are read as GB18030, their superset).
- BeautifulSoup (lxml parser) builds the tree; a walk turns it into Lines the way a browser lays it
  out: block elements (p, div, h1-h6, li, tr, ...) start a new Line, ``<br>`` starts a new Line, table
  cells give Lines with ``cell=(table, row, col)``, collapsible whitespace is collapsed, ``&nbsp;`` is a
  space, U+3000 stays. ``<u>`` and ``text-decoration:underline`` (and Word's ``text-underline``) give
  ``Line.underlines``; ``<b>``/``<strong>``/``font-weight:bold``/``<th>``/headings give bold; h1-h6
  give ``Line.heading``. script/style/head/comments and hidden elements (``display:none``,
  ``mso-hide:all``) are dropped; ``<del>`` is dropped and, with ``<ins>``, noted as tracked changes.
- Word "save as web page" lists keep their typed number (the ``mso-list:Ignore`` span), reported in
  ``Line.numbering``; ``<ol>`` items get the number a browser draws.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from dataclasses import dataclass

from ..errors import MissingDependency, UnreadableFile
from ..model import Document, Line
from . import elements
from .budget import Budget
from .caps import DEFAULT_CAPS, Caps
from .linebuf import LineBuf
from .notes import review_note

FORMAT = "html"
#: the walk stops at the first character past the budget (``max_chars``), counted as it goes
STOPS_AT_MAX_CHARS = True
#: the elements a page may hold (``caps.html_elements``) are counted before BeautifulSoup builds a tree of
#: them (some 25 µs and several hundred bytes each: 250,000 take some 10 s); a contract saved by Word as a
#: web page has a few per line
USES_CAPS = True

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")  # not \xa0 and not U+3000: those are kept


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: elements that begin and end a block (a new Line)
_BLOCKS = _words(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot tr td th caption blockquote pre "
    "section article aside header footer nav main address center form fieldset legend figure "
    "figcaption hr details summary body html dir menu"
)
#: blocks that are a paragraph of their own even when empty (an empty Line keeps the layout)
_PARAGRAPHS = _words("p h1 h2 h3 h4 h5 h6 li td th dt dd")
#: elements whose content is never shown
_DROP = _words(
    "head script style title noscript template iframe object embed svg math select option "
    "button xml meta link"
)
_KEEP_SPACES = _BLOCKS | _words(
    "u span font b strong i em a ins small big sub sup label o:p s strike code tt cite abbr mark q nobr"
)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_GB = {
    "gb2312",
    "gbk",
    "gb_2312-80",
    "x-gbk",
    "cp936",
    "ms936",
    "windows-936",
    "euc-cn",
    "csgb2312",
    "x-euc-cn",
}


# -- bytes -> text --------------------------------------------------------------------------------------


def _norm_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB or name == "gb18030":
        return "gb18030"
    if name in ("big5", "x-big5", "cn-big5"):
        return "cp950"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Text of an HTML byte string; raises UnicodeError when no candidate fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates = [
        c for c in (_norm_charset(declared), _norm_charset(m.group(1).decode()) if m else None) if c
    ]
    for enc in [*candidates, "utf-8", "gb18030"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    # a page that lies about its charset and is not valid UTF-8/GB18030 either: best effort
    return data.decode(candidates[0] if candidates else "gb18030", "replace")


def _is_mime(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<"):
        return False
    return b"mime-version:" in head or head.startswith((b"content-type:", b"from:", b"subject:", b"date:"))


def _html_from_mime(data: bytes, source: str) -> str:
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() in ("text/html", "application/xhtml+xml"):
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            return decode_html(payload, part.get_content_charset())
    raise UnreadableFile(source, "a MIME web archive (MHT) without an HTML page in it")


# -- tree -> Lines --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Style:
    underline: bool = False
    bold: bool = False
    pre: bool = False
    deleted: bool = False
    numbering: bool = False  # inside Word's mso-list:Ignore span


def _css(style: str) -> dict[str, str]:
    out = {}
    for decl in style.split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip().lower()] = v.strip().lower()
    return out


class _Walker:
    def __init__(self, budget: Budget) -> None:
        self.budget = budget  # the characters of the lines made so far
        self.lines: list[Line] = []
        self.cur = LineBuf()
        self.space: tuple[bool, bool] | None = None  # a collapsed space waiting: (underline, bold)
        self.tables: list[list[int]] = []  # open tables: [index, row, next col]
        self.cells: list[tuple[int, int, int]] = []
        self.table = -1
        self.headings: list[int] = []
        self.lists: list[list] = []  # open ol/ul: [ordered, next number, type]
        self.revisions = 0
        self.number_parts: list[str] | None = None
        self.prefix: str | None = None  # an <ol> item number waiting for the item's first text

    # -- output

    def text(self, s: str, st: _Style) -> None:
        if st.deleted:
            return
        if st.pre:
            first = True
            for piece in s.split("\n"):
                if not first:
                    self.newline()
                first = False
                self._add(piece.replace("\r", "").replace("\xa0", " "), st)
            return
        pos = 0
        for m in _COLLAPSIBLE.finditer(s):
            if m.start() > pos:
                self._add(s[pos : m.start()].replace("\xa0", " "), st)
            pos = m.end()
            run = m.group()
            if len(run) > 1 and run.count(" ") == len(run):
                # several plain spaces on one source line: a browser collapses them, but exported
                # contracts use them as blanks ("住  所  地：", "甲方：      "), so they are kept
                self._add(run, st)
            elif not self.cur.empty and self.space is None:
                self.space = (st.underline, st.bold)
        if pos < len(s):
            self._add(s[pos:].replace("\xa0", " "), st)

    def _add(self, s: str, st: _Style) -> None:
        if not s:
            return
        before = self.cur.length
        if self.prefix is not None:
            self._prefix()
        if self.space is not None:
            self.cur.add(" ", *self.space)
            self.space = None
        self.cur.add(s, st.underline, st.bold)
        self.budget.spend(self.cur.length - before)
        if self.number_parts is not None:
            self.number_parts.append(s)

    def _prefix(self) -> None:
        number, self.prefix = self.prefix, None
        if number is not None and self.cur.empty:
            self.cur.add(number + " ")
            self.cur.numbering = number

    def newline(self, *, force: bool = False) -> None:
        """Finish the current Line (only if it holds something, unless ``force``)."""
        self.space = None
        if force and self.prefix is not None:
            before = self.cur.length
            self._prefix()
            self.budget.spend(self.cur.length - before)
        if self.cur.empty and not force:
            return
        buf, self.cur = self.cur, LineBuf()
        self.budget.spend(1)
        self.lines.append(
            buf.line(
                len(self.lines) + 1,
                heading=self.headings[-1] if self.headings else None,
                cell=self.cells[-1] if self.cells else None,
            )
        )

    # -- the walk

    def walk(self, root) -> None:
        from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

        skip_types = (Comment, Declaration, Doctype, ProcessingInstruction)
        todo: list = [(root, _Style(), False)]
        while todo:
            node, st, closing = todo.pop()
            if closing:
                self._close(node, st)
                continue
            if isinstance(node, NavigableString):
                if not isinstance(node, skip_types):
                    self.text(str(node), st)
                continue
            if not isinstance(node, Tag):
                continue
            name = (node.name or "").lower()  # Word's <o:p> keeps its prefix: an inline element
            if name in _DROP:
                continue
            inner = self._open(node, name, st)
            if inner is None:
                continue
            todo.append((node, (name, len(self.lines)), True))
            todo.extend((child, inner, False) for child in reversed(node.contents))

    def _open(self, el, name: str, st: _Style) -> _Style | None:
        css = _css(el.get("style") or "") if el.get("style") else {}
        if css.get("display") == "none" or css.get("mso-hide") == "all" or css.get("visibility") == "hidden":
            return None
        if el.has_attr("hidden"):
            return None
        inner = _Style(st.underline, st.bold, st.pre, st.deleted, st.numbering)
        if name in ("u", "ins"):
            inner.underline = inner.underline or name == "u"
            if name == "ins":
                self.revisions += 1
        elif name in ("b", "strong", "th") or name in _HEADINGS:
            inner.bold = True
        elif name == "del":
            inner.deleted = True
            self.revisions += 1
        elif name in ("pre", "listing", "xmp", "plaintext"):
            inner.pre = True
        deco = css.get("text-decoration", "") + " " + css.get("text-decoration-line", "")
        if "underline" in deco or css.get("text-underline", "none") not in ("none", ""):
            inner.underline = True
        elif "none" in deco:
            inner.underline = False
        weight = css.get("font-weight")
        if weight:
            inner.bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
        if name == "br":
            self.newline(force=True)
            return None
        if name == "input" and (el.get("type") or "").lower() in ("checkbox", "radio"):
            self._add("☒" if el.has_attr("checked") else "☐", inner)
            return None
        if css.get("mso-list") == "ignore" and self.cur.empty:
            self.number_parts = []
        if name in _BLOCKS:
            self.newline()
            self._block_open(el, name)
        return inner

    def _block_open(self, el, name: str) -> None:
        if name in _HEADINGS:
            self.headings.append(_HEADINGS[name])
        elif name == "table":
            self.table += 1
            self.tables.append([self.table, -1, 0])
        elif name == "tr" and self.tables:
            self.tables[-1][1] += 1
            self.tables[-1][2] = 0
        elif name in ("td", "th") and self.tables:
            t = self.tables[-1]
            self.cells.append((t[0], max(t[1], 0), t[2]))
            try:
                t[2] += max(1, int(el.get("colspan") or 1))
            except ValueError:
                t[2] += 1
        elif name in ("ol", "ul", "menu", "dir"):
            try:
                start = int(el.get("start") or 1)
            except ValueError:
                start = 1
            self.lists.append([name == "ol", start, (el.get("type") or "1")])
        elif name == "li" and self.lists and self.lists[-1][0]:
            lst = self.lists[-1]
            number = _list_number(lst[1], lst[2])
            lst[1] += 1
            self.prefix = number  # drawn before the item's first text, even inside a <p>

    def _close(self, el, info) -> None:
        name, lines_before = info
        if self.number_parts is not None and (_css(el.get("style") or "").get("mso-list") == "ignore"):
            number = "".join(self.number_parts).strip()
            self.number_parts = None
            if number:
                self.cur.numbering = number
        if name not in _BLOCKS:
            return
        force = name in _PARAGRAPHS and len(self.lines) == lines_before
        self.newline(force=force)
        if name in _HEADINGS and self.headings:
            self.headings.pop()
        elif name == "table" and self.tables:
            self.tables.pop()
        elif name in ("td", "th") and self.cells:
            self.cells.pop()
        elif name in ("ol", "ul", "menu", "dir") and self.lists:
            self.lists.pop()


def _list_number(n: int, kind: str) -> str:
    if kind in ("a", "A"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(ord("a") + r) + s
        return (s.upper() if kind == "A" else s) + "."
    if kind in ("i", "I"):
        vals = (
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
        )
        vals += ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
        s = ""
        for v, r in vals:
            while n >= v:
                s, n = s + r, n - v
        return (s.upper() if kind == "I" else s) + "."
    return f"{n}."


# -- entry point ----------------------------------------------------------------------------------------


def read(data: bytes, *, source: str, max_chars: int | None = None, caps: Caps = DEFAULT_CAPS) -> Document:
    try:
        from bs4 import BeautifulSoup
    except ModuleNotFoundError:
        raise MissingDependency(
            source, "reading HTML needs beautifulsoup4 (pip install beautifulsoup4)"
        ) from None
    try:
        text = _html_from_mime(data, source) if _is_mime(data) else decode_html(data)
    except UnicodeError as exc:
        raise UnreadableFile(source, f"the page's text cannot be decoded ({exc.reason})") from None
    except (ValueError, IndexError, LookupError) as exc:
        raise UnreadableFile(source, f"damaged web archive ({type(exc).__name__})") from None
    found = elements.count(text)
    if found > caps.html_elements:
        raise elements.too_many(source, "the page", found, caps.html_elements, "HTML")
    # BeautifulSoup turns a string of plain spaces into one space unless an enclosing tag "preserves
    # whitespace": that would shrink underlined blanks (<u>      </u>), so every tag preserves it and
    # the walk collapses whitespace itself
    options = {"preserve_whitespace_tags": _KEEP_SPACES, "multi_valued_attributes": None}
    try:
        soup = BeautifulSoup(text, "lxml", **options)
    except Exception:  # lxml missing or refusing the input: the stdlib parser is slower but tolerant
        soup = BeautifulSoup(text, "html.parser", **options)
    walker = _Walker(Budget(source, max_chars))
    try:
        walker.walk(soup)
    except RecursionError:
        raise UnreadableFile(source, "the page nests too deeply to read") from None
    walker.newline()
    doc = Document(lines=walker.lines, format=FORMAT)
    note = review_note(walker.revisions, 0)
    if note is not None:
        doc.notes.append(note)
    return doc
