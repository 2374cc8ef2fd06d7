"""Pictures in places to sign: an e-signing service's signature in a PDF, a seal's image in a .docx. A
place with a picture in it is signed (``filled``, ``picture`` true, no value to read); a picture beside a
field that is no place to sign (联系电话：) fills nothing."""

from __future__ import annotations

import io
from pathlib import Path

import docx as python_docx
import pytest

from extractor.api import check_bytes
from extractor.readers.pdf_layout import PhysLine, place_pictures

from .fixtures.make_picture_fixtures import png

FIX = Path(__file__).parent / "fixtures" / "pdf"


def _signing(result) -> list[tuple[str | None, str, bool]]:
    return [(b.label, b.status, b.picture) for b in result.blanks if b.label in ("甲方", "乙方", "联系电话")]


def test_a_signature_image_beside_a_pdf_signing_label_signs_that_place_only():
    r = check_bytes((FIX / "signed_picture.pdf").read_bytes(), "signed.pdf")
    rows = [(b.line, b.label, b.status, b.picture) for b in r.blanks if b.status != "filled" or b.picture]
    assert rows == [
        (8, "甲方", "empty", False),  # 甲方（盖章）： no picture in its column
        (8, "乙方", "filled", True),  # 乙方（签字）： the signature's image right of it
        (9, "联系电话", "empty", False),
        (9, "联系电话", "empty", False),  # a picture beside a phone's label is no phone number
    ]
    slugs = [(f.rule, f.line) for f in r.findings if f.rule == "empty-signature-place"]
    assert slugs == [("empty-signature-place", 8)]  # only 甲方's
    assert r.blanks[[b.label for b in r.blanks].index("乙方", 2)].value is None


def _docx(paragraphs: list[tuple[str, bool]]) -> bytes:
    """A .docx of the given paragraphs, each (text, a picture after the text)."""
    doc = python_docx.Document()
    for text, pic in paragraphs:
        p = doc.add_paragraph(text)
        if pic:
            p.add_run().add_picture(io.BytesIO(png()))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


BODY = [("技术服务合同", False), ("甲方：杭州云帆科技有限公司", False), ("乙方：宁波海曙数据服务有限公司", False),
        ("第一条 乙方提供服务。", False), ("第二条 本合同自双方签字盖章之日起生效。", False)]  # fmt: skip


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        # the seal's image in the label's paragraph
        (
            [("甲方（盖章）：", True), ("乙方（盖章）：", False)],
            [("甲方", "filled", True), ("乙方", "empty", False)],
        ),
        # in a paragraph of its own right under the label
        (
            [("甲方（盖章）：", False), ("", True), ("乙方（盖章）：", False)],
            [("甲方", "filled", True), ("乙方", "empty", False)],
        ),
        # beside a field that is no place to sign
        (
            [("联系电话：", True), ("乙方（盖章）：", False)],
            [("联系电话", "empty", False), ("乙方", "empty", False)],
        ),
    ],
)
def test_a_seal_image_in_a_docx_signs_its_place(closing, expected):
    r = check_bytes(_docx(BODY + closing), "signed.docx")
    assert _signing(r)[-2:] == expected


def _line(text: str, x0: float, x1: float, top: float) -> PhysLine:
    return PhysLine(1, text, [], x0, x1, top, top + 10, 10, page_width=600, page_height=800)


def test_a_picture_goes_on_the_line_at_its_middle_and_the_column_nearest_its_left_edge():
    above = _line("第十条 本合同尾部甲、乙双方的通讯地址为双方联系的唯一固定通讯地址。", 90, 520, 470)
    left = _line("甲方（签字）：", 100, 160, 490)
    right = _line("乙方（签字）：", 320, 380, 490)
    place_pictures([above, left, right], [(397, 499, 470, 513)])  # a signature 43 pt tall beside 乙方
    assert (above.pictures, left.pictures, right.pictures) == ([], [], [len(right.text)])
    # a scan covering the page is no signature; a picture far from every line stands on none
    place_pictures([left], [(0, 600, 0, 800), (100, 150, 700, 720)])
    assert left.pictures == []
