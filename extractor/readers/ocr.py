"""OCR of scanned PDF pages with rapidocr-onnxruntime (the optional extra ``hetong[ocr]``).

The wheel ships the PP-OCR Chinese detection, direction and recognition models, so nothing is downloaded
at run time.  A page is rendered at 200 dpi (less for a page so large that 200 dpi would pass
``Caps.ocr_pixels``, 40 million by default: docs/limits.md), turned upright (the page's /Rotate is applied by the
renderer; a page scanned sideways or upside down is detected from the text boxes' shape and the
direction classifier on a downscaled copy), recognised with per-character boxes, and handed to the same
layout code as text-layer pages as glyphs in points.  Drawn underlines are found in the image too
(long thin dark runs), so scanned blanks come out as ``____`` like in the text-layer path.

Set ``HETONG_OCR=0`` to turn OCR off even when it is installed.
"""

from __future__ import annotations

import importlib.util
import math
import os
from typing import Any

from .caps import DEFAULT_CAPS
from .pdf_layout import Glyph, PageContent, Rule, VRule

DPI = 200
#: the most pixels a page is rendered with by default (``Caps.ocr_pixels``): A2 at 200 dpi is 15.6 million,
#: A4 3.9. A larger page (a poster, or a scan whose page is as many points as the image has pixels: 2480 x
#: 3508 pt) is rendered at the resolution that gives this many, not at 200 dpi: 14,400 pt square would be
#: 1.6 billion pixels (1.6 GB)
MAX_PIXELS = DEFAULT_CAPS.ocr_pixels
#: the longest side of the copy used to find the page's orientation
ORIENT_SIDE = 960


class OcrError(Exception):
    """OCR of one page failed."""


_ENGINE: Any = None
_LOADED = False


def available() -> bool:
    """Is the OCR extra installed (and not turned off)?"""
    if os.environ.get("HETONG_OCR", "1").strip().lower() in {"0", "no", "off", "false"}:
        return False
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def engine() -> Any:
    """The shared rapidocr engine, loaded once; None when OCR is not available."""
    global _ENGINE, _LOADED
    if not available():
        return None
    if not _LOADED:
        _LOADED = True
        try:
            from rapidocr_onnxruntime import RapidOCR

            _ENGINE = RapidOCR()
        except Exception:  # a broken install (e.g. onnxruntime without its library) = no OCR
            _ENGINE = None
    return _ENGINE


def render_dpi(width: float, height: float, max_pixels: int = MAX_PIXELS) -> float:
    """The resolution a page of ``width`` x ``height`` points is rendered at: :data:`DPI`, or what gives
    ``max_pixels`` pixels where that would give more."""
    pixels = (width * DPI / 72) * (height * DPI / 72)
    return DPI if pixels <= max_pixels else DPI * math.sqrt(max_pixels / pixels)


def read_page(eng: Any, page: Any, number: int, max_pixels: int = MAX_PIXELS) -> PageContent:
    """OCR one pypdfium2 page into glyphs and rules (points, y down, page turned upright), rendered with
    at most ``max_pixels`` pixels."""
    try:
        import numpy as np

        dpi = render_dpi(*page.get_size(), max_pixels)
        img = page.render(scale=dpi / 72, grayscale=True).to_numpy()
        if img.ndim == 3:
            img = img[:, :, 0]
        turns = orientation(eng, img)
        if turns:
            img = np.ascontiguousarray(np.rot90(img, turns))
        result, _elapsed = eng(img, use_cls=False, return_word_box=True)
        glyphs = _glyphs(result or [], dpi)
        rules, borders, verticals = find_rules(img, dpi)
    except OcrError:
        raise
    except Exception as exc:  # onnxruntime/opencv errors must not leak as tracebacks
        raise OcrError(str(exc)) from None
    scale = 72 / dpi
    w, h = img.shape[1] * scale, img.shape[0] * scale
    return PageContent(number, w, h, glyphs, rules, "ocr", borders, verticals)


def orientation(eng: Any, img: Any) -> int:
    """How many quarter turns counter-clockwise (``numpy.rot90``) make the page upright.

    Sideways text gives tall text boxes; which way up is decided by the direction classifier on the
    largest boxes (it tells 0° from 180° for a horizontal text line)."""
    import cv2
    import numpy as np

    h, w = img.shape[:2]
    f = min(1.0, ORIENT_SIDE / max(h, w))
    small = cv2.resize(img, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    boxes, _ = eng.text_det(small)
    if boxes is None or len(boxes) == 0:
        return 0
    boxes = np.asarray(boxes, dtype=np.float32)
    widths = boxes[:, :, 0].max(axis=1) - boxes[:, :, 0].min(axis=1)
    heights = boxes[:, :, 1].max(axis=1) - boxes[:, :, 1].min(axis=1)
    area = widths * heights
    tall = float(area[heights > 1.5 * widths].sum())
    wide = float(area[widths > 1.5 * heights].sum())
    sideways = tall > wide
    keep = heights > 1.5 * widths if sideways else widths > 1.5 * heights
    idx = [i for i in np.argsort(-area) if keep[i]][:12]
    if not idx:
        return 0
    crops = eng.get_crop_img_list(small, [boxes[i] for i in idx])
    _imgs, labels, _ = eng.text_cls(crops)
    flipped = sum(1 for label, score in labels if label == "180" and score > 0.6)
    upright = sum(1 for label, score in labels if label == "0" and score > 0.6)
    upside_down = flipped > upright
    if sideways:
        # rapidocr turns tall crops a quarter counter-clockwise before classifying them
        return 3 if upside_down else 1
    return 2 if upside_down else 0


def _glyphs(result: list, dpi: float = DPI) -> list[Glyph]:
    """Glyphs in points from rapidocr results with word boxes: (box, text, score, boxes, words, scores),
    on an image rendered at ``dpi``."""
    scale = 72 / dpi
    out: list[Glyph] = []
    for item in result:
        box, text = item[0], item[1]
        ys = [p[1] for p in box]
        top, bottom = min(ys) * scale, max(ys) * scale
        pieces: list[tuple[float, float, str]] = []
        if len(item) >= 5 and item[3] and item[4] and len(item[3]) == len(item[4]):
            for wbox, word in zip(item[3], item[4], strict=True):
                xs = [p[0] for p in wbox]
                x0, x1 = min(xs) * scale, max(xs) * scale
                step = (x1 - x0) / max(1, len(word))
                for k, ch in enumerate(word):
                    pieces.append((x0 + k * step, x0 + (k + 1) * step, ch))
        else:  # no word boxes: spread the text over its box
            xs = [p[0] for p in box]
            x0, x1 = min(xs) * scale, max(xs) * scale
            units = [1.0 if ch >= "\u2e80" else 0.5 for ch in text] or [1.0]
            unit = (x1 - x0) / sum(units)
            x = x0
            for ch, u in zip(text, units, strict=False):
                pieces.append((x, x + u * unit, ch))
                x += u * unit
        wide = sorted(b - a for a, b, ch in pieces if ch >= "\u4e00")
        em = wide[len(wide) // 2] if len(wide) >= 2 else 0.8 * (bottom - top)
        em = max(em, 1.0)
        for x0, x1, ch in pieces:
            out.append((x0, x1, top, bottom, em, ch, -1))
    return out


def find_rules(img: Any, dpi: float = DPI) -> tuple[list[Rule], list[Rule], list[VRule]]:
    """Long thin dark horizontal runs in points: those that may underline text, those that meet a
    vertical line (table borders); and the vertical lines (x, top, bottom), in an image rendered at
    ``dpi``."""
    import cv2

    scale = 72 / dpi
    dark = (img < 140).astype("uint8")
    min_len = int(16 / scale)  # 16 pt: longer than any single glyph stroke at body sizes
    horiz = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (min_len, 1)))
    vert = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, min_len)))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    vcount, _vl, vstats, _ = cv2.connectedComponentsWithStats(vert, connectivity=8)
    verticals = [tuple(vstats[i][:4]) for i in range(1, vcount)]
    out: list[Rule] = []
    borders: list[Rule] = []
    for i in range(1, count):
        x, y, w, h, _area = stats[i]
        if w < min_len or h > 2.5 / scale:
            continue
        rule = (x * scale, (x + w) * scale, (y + h / 2) * scale)
        touches = any(
            vx - 3 <= x + w and x - 3 <= vx + vw and vy - 3 <= y + h and y - 3 <= vy + vh
            for vx, vy, vw, vh in verticals
        )
        (borders if touches else out).append(rule)
    # a table border is thin; a wide dark block (a skewed scan's border, a picture) makes no grid
    lines = [
        ((vx + vw / 2) * scale, vy * scale, (vy + vh) * scale)
        for vx, vy, vw, vh in verticals
        if vw <= 2.5 / scale
    ]
    return out, borders, lines
