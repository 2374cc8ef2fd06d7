"""A stand-in for rapidocr's engine in tests that look at what the OCR reader gives it, not at OCR."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


class FakeEngine:
    """Finds one line of text (``text(k)`` on the k-th page, none when it returns None) a little lower on
    each page (a line at the same place on every page would be a running header), and keeps the size of
    each page image the characters are read from."""

    text_score = 0.5

    def __init__(self, text: Callable[[int], str | None] = lambda k: None) -> None:
        self.text = text
        self.shapes: list[tuple[int, int]] = []
        self.pages = 0

    def text_det(self, img):
        self.pages += 1
        if self.text(self.pages) is None:
            return None, 0.0
        h, w = img.shape[:2]
        top = (0.2 + 0.05 * self.pages) * h
        box = [[0.1 * w, top], [0.9 * w, top], [0.9 * w, top + 0.02 * h], [0.1 * w, top + 0.02 * h]]
        return np.array([box], dtype=np.float32), 0.0

    def text_cls(self, crops):
        return crops, [("0", 0.99)] * len(crops), 0.0

    def sorted_boxes(self, boxes):
        return list(boxes)

    def get_crop_img_list(self, img, boxes):
        self.shapes.append(img.shape[:2])
        return [img[:1, :1] for _ in boxes]

    def text_rec(self, crops, _word_boxes):
        return [(self.text(self.pages), 0.9, None) for _ in crops], 0.0

    def cal_rec_boxes(self, _crops, _boxes, texts):
        return [[text, score, [], [], []] for text, score, _ in texts]
