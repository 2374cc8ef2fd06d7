"""PDF: text layers read by glyph boxes (pypdfium2), scans and garbage text layers OCR'd (optional extra).

Per page: pypdfium2 gives every glyph's loose box and font size (one ctypes call each, no pdfplumber), the
page objects give drawn rules (underlines, table borders), rotated/light text (watermarks) and whether
the text is a scanner's invisible OCR layer over an image.  Pages with no usable text (no text layer, or one that
extracts as codes) are OCR'd with rapidocr when ``hetong[ocr]`` is installed, else reported by a
``no-text-layer`` note.  Layout, header/footer removal and joining live in :mod:`.pdf_layout`.
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import EncryptedFile, TooManyPages, UnreadableFile
from ..messages import say
from ..model import Document, Line, Note
from . import ocr, pdf_streams
from .budget import Budget
from .caps import DEFAULT_CAPS, Caps
from .notes import pages_note
from .pdf_layout import (
    Glyph,
    PageContent,
    PhysLine,
    Rule,
    VRule,
    join_lines,
    number_tables,
    page_lines,
    place_pictures,
    remove_furniture,
    repair_ocr_text,
)

log = logging.getLogger("hetong.ocr")

FORMAT = "pdf"
#: reading stops at the first page past the character budget (``max_chars``), and a PDF of more than
#: ``max_pages`` pages is refused before a page is read
STOPS_AT_MAX_CHARS = True
HAS_PAGES = True
#: the caps on the streams' inflation (pdf_streams) and on OCR: the pages of one file read by OCR and the
#: seconds OCR may take on them (a scanned contract is a few dozen pages at some seconds each; past either,
#: the pages left are named in a note, D005, not read), and the pixels of a page rendered for it
USES_CAPS = True

#: thickness (pt) up to which a drawn path is a rule, and the shortest rule worth reading
RULE_MAX_THICK = 2.5
RULE_MIN_LEN = 4.0


def read(
    data: bytes,
    *,
    source: str,
    max_chars: int | None = None,
    max_pages: int | None = None,
    caps: Caps = DEFAULT_CAPS,
) -> Document:
    """The lines of the PDF ``data``; :class:`TooManyPages` when it has more than ``max_pages`` pages,
    :class:`TextTooLarge` as soon as the characters of its pages pass ``max_chars``."""
    pdf_streams.check(data, source, caps)  # a stream that would inflate past its cap: refused before pdfium
    pdf = _open(data, source)
    try:
        if max_pages is not None and len(pdf) > max_pages:
            raise TooManyPages.over(source, len(pdf), max_pages)
        return _read(pdf, source, Budget(source, max_chars), caps)
    except pdfium.PdfiumError as exc:  # a page pdfium cannot load or render
        raise UnreadableFile(source, f"a part of the PDF is damaged ({exc})") from None
    finally:
        pdf.close()


def _open(data: bytes, source: str) -> pdfium.PdfDocument:
    try:
        # pdfium tries the empty user password by itself: such files open like plain ones
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise EncryptedFile(source, "the PDF is protected by a password") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedFile(source, "the PDF uses an encryption hetong cannot open") from None
        raise UnreadableFile(source, "not a readable PDF (damaged or cut)") from None
    if len(pdf) == 0:
        pdf.close()
        raise UnreadableFile(source, "the PDF has no pages")
    return pdf


def _read(pdf: pdfium.PdfDocument, source: str, budget: Budget, caps: Caps) -> Document:
    """Every page's text layer, then OCR of the pages without one. The budget counts the characters of
    the glyphs read (not the line breaks: wrapped lines are joined later, and page headers and footers
    taken out), page by page, so the pages after the one that passes it are never read."""
    npages = len(pdf)
    pages: list[list[PhysLine]] = []
    no_text: list[int] = []
    for index in range(npages):
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            raise UnreadableFile(source, f"page {index + 1} of the PDF is damaged") from None
        try:
            lines, usable = _text_page(page, index + 1, budget)
        finally:
            page.close()
        pages.append(lines)
        if not usable:
            no_text.append(index + 1)
    notes: list[Note] = []
    ocr_pages: list[int] = []
    if no_text:
        engine = ocr.engine()
        if engine is None:
            notes.append(pages_note("no_text", no_text))
        else:
            failed: list[int] = []
            started = time.monotonic()
            for k, number in enumerate(no_text, 1):
                if k > caps.ocr_pages or time.monotonic() - started > caps.ocr_seconds:
                    # a budget of pages and of time for OCR: the rest is said, not read
                    notes.append(pages_note("ocr_skipped", no_text[k - 1 :]))
                    break
                # OCR takes seconds a page: say which (check shows it on a terminal; an audit names a slow file)
                log.info(say("report", "ocr_page", page=number, k=k, n=len(no_text), source=source))
                page = pdf[number - 1]
                try:
                    content = ocr.read_page(engine, page, number, caps.ocr_pixels)
                except ocr.OcrError:
                    failed.append(number)
                    continue
                finally:
                    page.close()
                budget.spend(len(content.glyphs))
                pages[number - 1] = page_lines(content)
                ocr_pages.append(number)
            if failed:
                notes.append(pages_note("ocr_failed", failed))
    margins: list[str] = []
    lines = _to_lines(pages, margins)
    return Document(
        lines=lines,
        format=FORMAT,
        pages=npages,
        notes=notes,
        ocr_pages=ocr_pages,
        margins=margins,
        images=[ln.no for ln in lines if ln.pictures],
    )


def _to_lines(pages: list[list[PhysLine]], margins: list[str] | None = None) -> list[Line]:
    flat: list[PhysLine] = []
    pages = remove_furniture(pages, margins)
    number_tables(pages)
    for lines in pages:
        for line in lines:
            if line.source != "text":
                line.text, line.underlines = repair_ocr_text(line.text, line.underlines)
            flat.append(line)
    out = []
    for joined in join_lines(flat):
        if not joined.text.strip() and joined.cell is None:  # an empty cell is kept, like .docx does
            continue
        out.append(
            Line(
                no=len(out) + 1,
                text=joined.text,
                page=joined.page,
                underlines=tuple(_merge_spans(joined.underlines)),
                bold=joined.bold,
                cell=joined.cell,
                pictures=tuple(sorted(joined.pictures)),
            )
        )
    return out


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# ---------------------------------------------------------------- one text-layer page


class _PageFacts:
    """What the page objects say: rules, watermark hints, scan hints."""

    __slots__ = (
        "hrules",
        "image_area",
        "image_boxes",
        "images",
        "invisible",
        "light",
        "paths",
        "rotated",
        "texts",
        "vrules",
    )

    def __init__(self) -> None:
        self.hrules: list[tuple[float, float, float, float]] = []  # user-space bounds l, b, r, t
        self.vrules: list[tuple[float, float, float, float]] = []
        self.image_area = 0.0
        self.images = 0
        self.image_boxes: list[tuple[float, float, float, float]] = []  # user-space bounds l, b, r, t
        self.paths = 0
        self.texts = 0
        self.invisible = 0
        self.rotated = False
        self.light = False


def _scan_objects(page_raw, facts: _PageFacts) -> None:
    """Walk the page objects (into forms, with their matrices) once: rules, images, text hints."""
    get_type = pdfium_c.FPDFPageObj_GetType
    get_bounds = pdfium_c.FPDFPageObj_GetBounds
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    TEXT, PATH, IMAGE, FORM = (
        pdfium_c.FPDF_PAGEOBJ_TEXT,
        pdfium_c.FPDF_PAGEOBJ_PATH,
        pdfium_c.FPDF_PAGEOBJ_IMAGE,
        pdfium_c.FPDF_PAGEOBJ_FORM,
    )
    texts: list = []
    stack: list[tuple[Any, tuple[float, ...] | None]] = [
        (pdfium_c.FPDFPage_GetObject(page_raw, k), None)
        for k in range(pdfium_c.FPDFPage_CountObjects(page_raw))
    ]
    stack.reverse()
    while stack:
        obj, m = stack.pop()
        kind = get_type(obj)
        if kind == TEXT:
            texts.append(obj)
        elif kind == PATH:
            facts.paths += 1
            if get_bounds(obj, left, bottom, right, top):
                box = _apply(m, left.value, bottom.value, right.value, top.value)
                w, h = box[2] - box[0], box[3] - box[1]
                if h <= RULE_MAX_THICK and w >= RULE_MIN_LEN:
                    facts.hrules.append(box)
                elif w <= RULE_MAX_THICK and h >= RULE_MIN_LEN:
                    facts.vrules.append(box)
        elif kind == IMAGE:
            facts.images += 1
            if get_bounds(obj, left, bottom, right, top):
                box = _apply(m, left.value, bottom.value, right.value, top.value)
                facts.image_area += max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])
                facts.image_boxes.append(box)
        elif kind == FORM:
            fm = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFPageObj_GetMatrix(obj, fm)
            if abs(fm.b) > 1e-3 or abs(fm.c) > 1e-3:
                facts.rotated = True  # what the form holds is turned: look at every glyph's angle
            inner = _compose((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m)
            children = [
                (pdfium_c.FPDFFormObj_GetObject(obj, k), inner)
                for k in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            ]
            stack.extend(reversed(children))
    facts.texts = len(texts)
    matrix = pdfium_c.FS_MATRIX()
    get_matrix = pdfium_c.FPDFPageObj_GetMatrix
    if not facts.rotated:
        for obj in texts:
            if get_matrix(obj, matrix) and (abs(matrix.b) > 1e-3 or abs(matrix.c) > 1e-3):
                facts.rotated = True
                break
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    get_fill = pdfium_c.FPDFPageObj_GetFillColor
    for obj in texts:
        if get_fill(obj, r, g, b, a) and (a.value < 60 or min(r.value, g.value, b.value) >= 200):
            facts.light = True
            break
    if facts.images and texts:
        # invisible text over an image: a scanner's OCR layer (only worth asking on pages with images)
        invisible = pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
        facts.invisible = sum(1 for obj in texts if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == invisible)


#: the most pictures a page may hold for them to be placed on its lines (each is matched to every line)
PICTURES_MAX = 200
#: annotations that are pictures whatever they hold: a stamp, a drawing by hand
_PICTURE_ANNOTS = frozenset({pdfium_c.FPDF_ANNOT_STAMP, pdfium_c.FPDF_ANNOT_INK})
#: how deep a picture is looked for inside an annotation's appearance (forms in forms)
APPEARANCE_DEPTH = 6


def _annotation_pictures(page_raw) -> list[tuple[float, float, float, float]]:
    """The boxes (user space) of the annotations that show a picture: stamps, ink, and fields whose
    appearance holds an image (an e-signing service's signature and the date it stamps beside it)."""
    out = []
    rect = pdfium_c.FS_RECTF()
    for k in range(min(pdfium_c.FPDFPage_GetAnnotCount(page_raw), PICTURES_MAX + 1)):
        annot = pdfium_c.FPDFPage_GetAnnot(page_raw, k)
        if not annot:
            continue
        try:
            kind = pdfium_c.FPDFAnnot_GetSubtype(annot)
            shows = kind in _PICTURE_ANNOTS or any(
                _holds_image(pdfium_c.FPDFAnnot_GetObject(annot, j), APPEARANCE_DEPTH)
                for j in range(pdfium_c.FPDFAnnot_GetObjectCount(annot))
            )
            if shows and pdfium_c.FPDFAnnot_GetRect(annot, rect):
                out.append((rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top)))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return out


def _holds_image(obj, depth: int) -> bool:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return True
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth > 0:
        return any(
            _holds_image(pdfium_c.FPDFFormObj_GetObject(obj, q), depth - 1)
            for q in range(pdfium_c.FPDFFormObj_CountObjects(obj))
        )
    return False


def _compose(inner: tuple[float, ...], outer: tuple[float, ...] | None) -> tuple[float, ...]:
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(
    m: tuple[float, ...] | None, l: float, b: float, r: float, t: float
) -> tuple[float, float, float, float]:
    """Bounds of a form's child in page space (the child's bounds are in the form's space)."""
    if m is None:
        return l, b, r, t
    xs, ys = [], []
    for x, y in ((l, b), (l, t), (r, b), (r, t)):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return min(xs), min(ys), max(xs), max(ys)


class _View:
    """Maps user-space boxes to reading space: the text's own direction left to right, y growing
    downwards.  ``rot`` is the counter-clockwise angle (0/90/180/270) at which the page's text is set in
    user space: a landscape page, or a page drawn turned and shown upright by /Rotate, reads like any
    other."""

    def __init__(self, page: pdfium.PdfPage, rot: int = 0):
        l, b, r, t = page.get_bbox()
        self.left, self.bottom = l, b
        self.w, self.h = r - l, t - b
        self.rot = rot
        self.width, self.height = (self.h, self.w) if rot in (90, 270) else (self.w, self.h)

    def box(self, l: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) in reading space."""
        u0, u1, v0, v1 = l - self.left, r - self.left, b - self.bottom, t - self.bottom
        if self.rot == 0:
            return u0, u1, self.h - v1, self.h - v0
        if self.rot == 90:
            return v0, v1, u0, u1
        if self.rot == 180:
            return self.w - u1, self.w - u0, v0, v1
        return self.h - v1, self.h - v0, self.w - u1, self.w - u0


def _text_page(
    page: pdfium.PdfPage, number: int, budget: Budget | None = None
) -> tuple[list[PhysLine], bool]:
    """The lines of a page read from its text layer, and whether that layer was usable (False: the
    page needs OCR). Its glyphs are spent from ``budget``, a page of millions of them stopping within
    the budget's reach."""
    budget = budget or Budget("", None)
    facts = _PageFacts()
    _scan_objects(page.raw, facts)
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    if not textpage:
        return [], not _looks_scanned(facts)
    try:
        n = pdfium_c.FPDFText_CountChars(textpage)
        text = _all_text(textpage, n) if n > 0 else ""
        rot, drop = 0, None
        if facts.rotated or facts.light:
            rot, drop = _direction_and_watermarks(textpage, text)
        view = _View(page, rot)
        if drop:
            text = "".join("\x00" if i in drop else ch for i, ch in enumerate(text))
        glyphs = _glyphs(textpage, text, view, budget)
        chars = "".join([g[5] for g in glyphs])
        if not chars.strip():
            return [], not _looks_scanned(facts)
        if garbage_reason(chars) is not None:
            return [], False
        if _scan_with_stray_text(facts, view, chars):
            return [], False
        source = "text"
        if (
            facts.invisible
            and facts.invisible >= 0.5 * facts.texts
            and facts.image_area >= 0.5 * view.w * view.h
        ):
            source = "ocr-layer"
        rules, borders, verticals = _rules(facts, view)
        content = PageContent(number, view.width, view.height, glyphs, rules, source, borders, verticals)
        budget.spend(len(glyphs))
        lines = page_lines(content, _bold_test(textpage))
        if source == "text":
            boxes = facts.image_boxes + _annotation_pictures(page.raw)
            if len(boxes) <= PICTURES_MAX:  # (a page of hundreds of pictures is no page of signatures)
                place_pictures(lines, [view.box(*b) for b in boxes])
        return lines, True
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


_HAS_TEXT_OBJECT = hasattr(pdfium_c, "FPDFText_GetTextObject")
_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold|W[6-9]\b", re.I)


def _bold_test(textpage) -> Callable[[int], bool]:
    """Is the glyph at an index bold: by weight, by font name (LibreOffice reports 400 for
    "…-Bold" fonts), or drawn filled and stroked (Word's fake bold)."""
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()

    def is_bold(i: int) -> bool:
        if pdfium_c.FPDFText_GetFontWeight(textpage, i) >= 600:
            return True
        if pdfium_c.FPDFText_GetFontInfo(textpage, i, buf, 128, flags) and _BOLD_NAME.search(buf.value):
            return True
        if not _HAS_TEXT_OBJECT:  # pdfium builds before 2023
            return False
        obj = pdfium_c.FPDFText_GetTextObject(textpage, i)
        return (
            bool(obj)
            and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
        )

    return is_bold


def _scan_with_stray_text(facts: _PageFacts, view: _View, chars: str) -> bool:
    """A scanned page that only has a few words of text on it (a stamped page number, a Bates label):
    the page's content is in the image."""
    covered = facts.image_area >= 0.5 * view.w * view.h
    return covered and len(_FILLER.sub("", chars)) < 40 and facts.invisible < facts.texts


def _looks_scanned(facts: _PageFacts) -> bool:
    """A page without text that still shows something: an image, or text drawn as outlines."""
    return facts.images > 0 or facts.paths > 200


_SKIP = frozenset("\r\n\x00")


def _glyphs(textpage, text: str, view: _View, budget: Budget) -> list[Glyph]:
    """The glyphs of a text page in reading space; ``text`` has one char per pdfium index (NUL for
    glyphs to leave out). On a page that could pass the character ``budget`` (millions of glyphs), the
    glyph past it ends the reading (:class:`TextTooLarge`)."""
    rect = pdfium_c.FS_RECTF()
    loose = pdfium_c.FPDFText_GetLooseCharBox
    size_of = pdfium_c.FPDFText_GetFontSize
    matrix_of = pdfium_c.FPDFText_GetMatrix
    m = pdfium_c.FS_MATRIX()
    skip = _SKIP
    left = view.left
    top0 = view.h + view.bottom  # y of the page's top edge in user space
    turned = view.rot != 0
    # the font size only changes with the run; a run's glyphs share the loose-box height, so the size
    # is asked again only when that height changes (it saves one ctypes call per glyph)
    last_h = -1.0
    size = 0.0
    # the font size is in text space: it is scaled by the text and page matrices (Chromium/Skia set
    # 11 pt text as 14.67 "px" under a 0.75 matrix), or every gap threshold in em is off. The matrix
    # is asked again only when the size changes or the loose height jumps (a new text object)
    last_raw = lo_h = hi_h = -1.0
    narrow = 0.0  # an ideograph narrower than this has an ink box, not its advance
    room = None if budget.limit is None else budget.limit - budget.used
    if room is not None and len(text) <= room:
        room = None  # this page cannot pass the budget: no count in the loop
    out: list[Glyph] = []
    append = out.append
    for i, ch in enumerate(text):
        if ch in skip:
            continue
        loose(textpage, i, rect)
        x0 = rect.left
        x1 = rect.right
        if x1 <= x0 and ch == " ":
            continue  # a space pdfium generated from a gap: gaps are measured, not trusted
        top = rect.top
        bottom = rect.bottom
        if top - bottom != last_h:
            last_h = top - bottom
            raw = size_of(textpage, i)
            if raw != last_raw or not lo_h <= last_h <= hi_h:
                last_raw, lo_h, hi_h, size = raw, 0.8 * last_h, 1.25 * last_h, raw
                if matrix_of(textpage, i, m):
                    scale = abs(m.a * m.d - m.b * m.c)
                    if scale > 0 and abs(scale - 1.0) > 1e-3:
                        size = raw * math.sqrt(scale)
                narrow = 0.85 * size
        if x1 - x0 < narrow and "\u4e00" <= ch <= "\u9fff":
            # some writers' fonts give pdfium no advance for a glyph, and its "loose" box is the ink
            # (日 7 pt wide in 11 pt text): an ideograph takes one em, or the gap beside it looks typed
            c = (x0 + x1) / 2
            x0, x1 = c - size / 2, c + size / 2
        if turned:
            bx0, bx1, btop, bbot = view.box(x0, bottom, x1, top)
            append((bx0, bx1, btop, bbot, size, ch, i))
        else:
            append((x0 - left, x1 - left, top0 - top, top0 - bottom, size, ch, i))
        if room is not None and len(out) > room:
            budget.spend(len(out))
    return out


def _all_text(textpage, n: int) -> str:
    """One char per index (pdfium's text API is UTF-16; fall back per char when they do not line up)."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, buf)
    raw = bytes(buf)[: max(0, got - 1) * 2]
    if got - 1 == n:
        text = raw.decode("utf-16-le", errors="surrogatepass")
        if len(text) == n and not any("\ud800" <= c <= "\udfff" for c in text):
            return text
    codes = (pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(n))
    return "".join(chr(c) if c < 0x110000 and not 0xD800 <= c < 0xE000 else "\ufffd" for c in codes)


def _direction_and_watermarks(textpage, text: str) -> tuple[int, set[int]]:
    """The counter-clockwise angle (0/90/180/270) of most glyphs, and the indexes of glyphs set at
    another angle (a diagonal watermark) or in a very light colour."""
    angle_of = pdfium_c.FPDFText_GetCharAngle
    # pdfium measures clockwise, in radians
    angles = [round(math.degrees(angle_of(textpage, i))) % 360 for i in range(len(text))]
    counted = Counter(a for a, ch in zip(angles, text, strict=True) if ch not in _SKIP and not ch.isspace())
    common = counted.most_common(1)[0][0] if counted else 0
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    drop = set()
    for i, angle in enumerate(angles):
        if min(abs(angle - common), 360 - abs(angle - common)) > 3 or (
            pdfium_c.FPDFText_GetFillColor(textpage, i, r, g, b, a)
            and (a.value < 60 or min(r.value, g.value, b.value) >= 200)
        ):
            drop.add(i)
    rot = (360 - 90 * round(common / 90)) % 360
    return rot, drop


def _rules(facts: _PageFacts, view: _View) -> tuple[list[Rule], list[Rule], list[VRule]]:
    """Horizontal rules on the displayed page that are not table borders, the horizontal table borders
    (a border meets a vertical rule), and the vertical rules."""
    hs: list[tuple[float, float, float, float]] = []
    vs: list[tuple[float, float, float, float]] = []
    for bounds in facts.hrules + facts.vrules:
        x0, x1, top, bot = view.box(*bounds)
        (hs if x1 - x0 >= bot - top else vs).append((x0, x1, top, bot))
    out: list[Rule] = []
    borders: list[Rule] = []
    for x0, x1, top, bot in hs:
        y = (top + bot) / 2
        touches = any(
            v[2] - 2 <= y <= v[3] + 2
            and (
                abs(v[0] - x0) <= 2.5
                or abs(v[1] - x1) <= 2.5
                or v[0] - 1 <= x0 <= v[1] + 1
                or v[0] - 1 <= x1 <= v[1] + 1
                or x0 - 1 <= v[0] <= v[1] <= x1 + 1  # crossed by an inner border
            )
            for v in vs
        )
        (borders if touches else out).append((x0, x1, y))
    return out, borders, [((v[0] + v[1]) / 2, v[2], v[3]) for v in vs]


# ---------------------------------------------------------------- garbage text layers

#: frequent Chinese characters (and contract vocabulary): real text is mostly made of them, a font's
#: codes mapped to random ideographs are not
_COMMON = frozenset(
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后"
    "小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长"
    "知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最"
    "间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市"
    "眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计"
    "或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让"
    "认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办"
    "运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持"
    "取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞"
    "观争究包组造落视济喜离虽坏兴切木约款租赁甲乙丙丁协签订履违责赔偿支付费限押终止除履损失承担义务双方"
    "书面通知送达争议仲裁诉讼法院生效份执盖章日期联系电话地址账号银行开户名称代表授权委托服务项目价格税"
    "票验收交货质量保密知识产权违约解除变更补充附件不可抗力任何应当须得按照根据本其他所有相关有效规定"
)


_BAD = re.compile(r"[\x00-\x1f\ue000-\uf8ff\ufff0-\uffff]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")
_DIGIT = re.compile(r"[0-9]")
_WIDE = re.compile(r"[\u2e80-\U0010ffff]")
_VOWEL = re.compile(r"[aeiouAEIOU]")
_FILLER = re.compile(r"[\s_.\-…·—－＿]+")


def garbage_reason(text: str) -> str | None:
    """Why a page's extracted text is not text a person could read (None: it is usable).

    Fonts without a Unicode map extract as ``(cid:123)`` codes, private-use or control characters, ASCII
    punctuation soup, or random ideographs."""
    # blanks and leaders (____, ……, ----) say nothing either way: a signature page is mostly made of them
    solid = _FILLER.sub("", text)
    n = len(solid)
    if n == 0:
        return None
    if text.count("(cid:") >= 3:
        return "cid codes"
    if len(_BAD.findall(solid)) > 0.2 * n:
        return "private-use or control characters"
    if n < 12:
        return None
    cjk = len(_CJK.findall(solid))
    if cjk >= 0.3 * n:
        if cjk >= 40 and sum(map(_COMMON.__contains__, solid)) < 0.25 * cjk:
            return "random ideographs"
        return None
    letters = len(_ASCII_LETTER.findall(solid))
    punct = len(_ASCII_PUNCT.findall(solid))
    other = n - letters - punct - len(_DIGIT.findall(solid)) - len(_WIDE.findall(solid))
    if punct > 0.3 * n or other > 0.15 * n:
        return "symbol soup"
    if letters >= 40 and len(_VOWEL.findall(solid)) < 0.2 * letters:
        return "letters that form no words"
    return None
