"""OCR of scanned PDF pages with rapidocr-onnxruntime (the optional extra ``hetong[ocr]``).

The wheel ships the PP-OCR Chinese detection, direction and recognition models, so nothing is downloaded
at run time.  A page is rendered at 200 dpi (less for a page so large that 200 dpi would pass
``Caps.ocr_pixels``, 40 million by default: docs/limits.md) and brought down to 2,000 pixels on its
longest side, as rapidocr's own pipeline does; its text lines are found once, which also tells whether
the page must be turned upright (the page's /Rotate is applied by the renderer; a page scanned sideways
or upside down is recognised from the boxes' shape and the direction classifier on pieces of the longest
lines); the lines are recognised with per-character boxes and handed to the same layout code as
text-layer pages as glyphs in points.  Drawn underlines are found in the image too (long thin dark
runs), so scanned blanks come out as ``____`` like in the text-layer path.  Where the time goes:
benchmarks/bench_ocr.py and docs/performance.md.

Set ``HETONG_OCR=0`` to turn OCR off even when it is installed.
"""

from __future__ import annotations

import importlib.util
import math
import os
import time
from typing import Any

from .caps import DEFAULT_CAPS
from .pdf_layout import Glyph, PageContent, Rule, VRule

DPI = 200
#: the most pixels a page is rendered with by default (``Caps.ocr_pixels``): A2 at 200 dpi is 15.6 million,
#: A4 3.9. A larger page (a poster, or a scan whose page is as many points as the image has pixels: 2480 x
#: 3508 pt) is rendered at the resolution that gives this many, not at 200 dpi: 14,400 pt square would be
#: 1.6 billion pixels (1.6 GB)
MAX_PIXELS = DEFAULT_CAPS.ocr_pixels
#: the longest side of the image lines are found on and read from: rapidocr's own pipeline brings the page
#: down to 2,000 pixels (an A4 page at 171 dpi) and its models read best there. Finding lines on a smaller
#: copy is faster but loses them: at 1,280 or 1,440 a lone "1" in a table cell, at 1,600 the boxes move
#: and an underline is read as "—" (docs/performance.md)
READ_SIDE = 2000


class OcrError(Exception):
    """OCR of one page failed."""


_ENGINE: Any = None
_LOADED = False
#: onnxruntime's threads per model; 0: its default, one per core. An audit's workers share the cores
#: (set_threads): two workers with two threads each on two cores took 1.45x as long as with one each
_THREADS = 0
#: engines replaced by set_threads, kept alive: a forked audit worker that freed one inherited from its
#: parent would wait forever for the parent's onnxruntime threads, which the fork did not copy
_RETIRED: list[Any] = []


def threads_per_worker(workers: int) -> int:
    """The onnxruntime threads each of ``workers`` processes OCR'ing at once should use: the cores shared."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def set_threads(threads: int) -> None:
    """Use ``threads`` onnxruntime threads per model (0: one per core) from the engine's next load."""
    global _THREADS, _ENGINE, _LOADED
    if threads != _THREADS:
        if _ENGINE is not None:
            _RETIRED.append(_ENGINE)
        _THREADS, _ENGINE, _LOADED = threads, None, False


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

            _ENGINE = RapidOCR(intra_op_num_threads=_THREADS) if _THREADS else RapidOCR()
        except Exception:  # a broken install (e.g. onnxruntime without its library) = no OCR
            _ENGINE = None
    return _ENGINE


def render_dpi(width: float, height: float, max_pixels: int = MAX_PIXELS) -> float:
    """The resolution a page of ``width`` x ``height`` points is rendered at: :data:`DPI`, or what gives
    ``max_pixels`` pixels where that would give more."""
    pixels = (width * DPI / 72) * (height * DPI / 72)
    return DPI if pixels <= max_pixels else DPI * math.sqrt(max_pixels / pixels)


def read_page(
    eng: Any, page: Any, number: int, max_pixels: int = MAX_PIXELS, timings: dict[str, float] | None = None
) -> PageContent:
    """OCR one pypdfium2 page into glyphs and rules (points, y down, page turned upright), rendered with
    at most ``max_pixels`` pixels.  ``timings`` (benchmarks/bench_ocr.py) gets the seconds of each stage
    added to it."""
    lap = _Laps(timings)
    try:
        import numpy as np

        dpi = render_dpi(*page.get_size(), max_pixels)
        img = page.render(scale=dpi / 72, grayscale=True).to_numpy()
        if img.ndim == 3:
            img = img[:, :, 0]
        img, dpi = _fit(img, dpi, READ_SIDE)
        lap("render")
        boxes, turns = detect(eng, img)
        if turns:
            boxes = eng.sorted_boxes(turn_boxes(boxes, img.shape, turns))
            img = np.ascontiguousarray(np.rot90(img, turns))
        lap("detect")
        result = recognise(eng, img, boxes)
        lap("recognise")
        glyphs = _glyphs(result, dpi)
        rules, borders, verticals = find_rules(img, dpi)
        lap("rules")
    except OcrError:
        raise
    except Exception as exc:  # onnxruntime/opencv errors must not leak as tracebacks
        raise OcrError(str(exc)) from None
    scale = 72 / dpi
    w, h = img.shape[1] * scale, img.shape[0] * scale
    return PageContent(number, w, h, glyphs, rules, "ocr", borders, verticals)


def _fit(img: Any, dpi: float, side: int) -> tuple[Any, float]:
    """The page image with its longest side at most ``side`` pixels, and its resolution then."""
    import cv2

    h, w = img.shape[:2]
    if max(h, w) <= side:
        return img, dpi
    f = side / max(h, w)
    return cv2.resize(img, (round(w * f), round(h * f))), dpi * f


class _Laps:
    """Adds the seconds since the last call to ``timings[stage]`` (nothing when ``timings`` is None)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
            self.last = now


def detect(eng: Any, img: Any) -> tuple[Any, int]:
    """The text line boxes of a grey page image (in its pixels, top to bottom), and how many quarter turns
    counter-clockwise (``numpy.rot90``) make the page upright.

    The orientation comes from the same boxes, so the lines are found once on an upright page: sideways
    text gives tall boxes; which way up is decided by the direction classifier on pieces of the largest
    boxes (it tells 0° from 180° for horizontal text)."""
    import cv2
    import numpy as np

    bgr = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)  # the models read colour images
    found, _ = eng.text_det(bgr)
    if found is None or len(found) == 0:
        return np.zeros((0, 4, 2), dtype=np.float32), 0
    found = np.asarray(found, dtype=np.float32)
    boxes = np.asarray(eng.sorted_boxes(found), dtype=np.float32)
    widths = found[:, :, 0].max(axis=1) - found[:, :, 0].min(axis=1)
    heights = found[:, :, 1].max(axis=1) - found[:, :, 1].min(axis=1)
    area = widths * heights
    tall = float(area[heights > 1.5 * widths].sum())
    wide = float(area[widths > 1.5 * heights].sum())
    sideways = tall > wide
    keep = heights > 1.5 * widths if sideways else widths > 1.5 * heights
    idx = [i for i in np.argsort(-area) if keep[i]][:12]
    if not idx:
        return boxes, 0
    crops = []
    for i in idx:
        (x0, y0), (x1, y1) = found[i].min(axis=0).astype(int), np.ceil(found[i].max(axis=0)).astype(int)
        crop = bgr[max(0, y0) : y1, max(0, x0) : x1]
        # as rapidocr turns a tall line a quarter counter-clockwise before reading it
        crops.append(np.rot90(crop) if sideways else crop)
    _imgs, labels, _ = eng.text_cls(_pieces(crops))
    flipped = sum(score for label, score in labels if label == "180" and score > 0.6)
    upright = sum(score for label, score in labels if label == "0" and score > 0.6)
    upside_down = flipped > upright
    if sideways:
        return boxes, 3 if upside_down else 1
    return boxes, 2 if upside_down else 0


def turn_boxes(boxes: Any, shape: tuple, turns: int) -> Any:
    """Text line boxes found on an image of ``shape`` (height, width), where they are once it is turned
    ``turns`` quarters counter-clockwise (``numpy.rot90``): the lines need not be found again; each box
    still starts at its top left corner and goes clockwise, as the crops are cut that way."""
    import numpy as np

    h, w = shape[:2]
    x, y = boxes[:, :, 0], boxes[:, :, 1]
    turned = {1: (y, w - x), 2: (w - x, h - y), 3: (h - y, x)}[turns % 4]
    out = np.stack(turned, axis=-1).astype(np.float32)
    first = (out[:, :, 0] + out[:, :, 1]).argmin(axis=1)
    return np.stack([np.roll(box, -k, axis=0) for box, k in zip(out, first, strict=True)])


def _pieces(crops: list, most: int = 40) -> list:
    """Pieces three times as wide as high cut from text line crops, those with ink on them: the direction
    classifier reads a 48 x 192 image, and a whole line squeezed into it is a guess (on an upright contract
    page 8 of 12 lines were "upside down"); pieces of a few characters each are told right every time."""
    out = []
    for crop in crops:
        h, w = crop.shape[:2]
        for x in range(0, max(1, w - h), 3 * h):
            piece = crop[:, x : x + 3 * h]
            if piece.shape[1] < 2 * h:
                break
            if (piece < 128).mean() > 0.03:
                out.append(piece)
                if len(out) == most:
                    return out
    return out


def recognise(eng: Any, img: Any, boxes: Any) -> list:
    """rapidocr's results with word boxes, (box, text, score, boxes, words, scores), for the lines
    ``boxes`` of the grey image ``img``; lines read with less confidence than rapidocr's own threshold
    are left out, as its one-call pipeline does."""
    import cv2

    if len(boxes) == 0:
        return []
    crops = eng.get_crop_img_list(cv2.cvtColor(img, cv2.COLOR_GRAY2BGR), list(boxes))
    texts, _elapsed = eng.text_rec(crops, True)
    words = eng.cal_rec_boxes(crops, list(boxes), texts)
    return [
        [box.tolist(), *read]
        for box, read in zip(boxes, words, strict=True)
        if float(read[1]) >= eng.text_score
    ]


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
