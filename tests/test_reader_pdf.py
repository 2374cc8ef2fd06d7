"""The PDF reader: text layers read by glyph boxes, page furniture removed, wrapped lines re-joined,
drawn underlines kept, scans OCR'd (when rapidocr is installed) or reported.

Fixtures: tests/fixtures/pdf/ (made by tests/fixtures/make_pdf_fixtures.py with LibreOffice, and
chromium_form.pdf / lo_tables.pdf by tests/fixtures/make_pdf_layout_fixtures.py)."""

from __future__ import annotations

import ctypes
import importlib.util
import io
import math
import re
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from extractor.errors import EncryptedFile, UnreadableFile
from extractor.readers import pdf as pdf_reader
from extractor.readers import read_bytes
from extractor.readers.pdf_layout import (
    PageContent,
    PhysLine,
    join_lines,
    page_lines,
    remove_furniture,
    repair_ocr_text,
)

FIX = Path(__file__).parent / "fixtures" / "pdf"
HAS_OCR = importlib.util.find_spec("rapidocr_onnxruntime") is not None
needs_ocr = pytest.mark.skipif(
    not HAS_OCR, reason="OCR extra not installed (pip install 'hetong[ocr]' to run the OCR tests)"
)


def read(name_or_bytes, source: str = "x.pdf"):
    data = name_or_bytes if isinstance(name_or_bytes, bytes) else (FIX / name_or_bytes).read_bytes()
    return read_bytes(data, source=source)


def texts(doc) -> list[str]:
    return [line.text for line in doc.lines]


def find(doc, needle: str):
    hits = [line for line in doc.lines if needle in line.text]
    assert hits, f"no line contains {needle!r}: {texts(doc)}"
    return hits[0]


@pytest.fixture
def no_ocr(monkeypatch):
    monkeypatch.setenv("HETONG_OCR", "0")


@pytest.fixture(scope="module")
def contract():
    return read("contract.pdf")


# ---------------------------------------------------------------- a Word-style text-layer PDF


def test_contract_document(contract):
    assert contract.format == "pdf"
    assert contract.pages == 3
    assert contract.ocr_pages == []
    assert contract.notes == []
    assert [line.no for line in contract.lines] == list(range(1, len(contract.lines) + 1))
    pages = [line.page for line in contract.lines]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3}
    assert contract.lines[0].text == "房屋租赁合同"
    assert contract.lines[0].bold


def test_running_header_and_page_footer_removed(contract):
    joined = "\n".join(texts(contract))
    assert "示范文本" not in joined
    assert not re.search(r"第\s*\d+\s*页\s*共\s*\d+\s*页", joined)
    # the running header's text is kept apart, for what only it may say (a contract number)
    assert any("示范文本" in m for m in contract.margins)


def test_clause_across_page_break_is_one_line(contract):
    line = find(contract, "1．租赁期内，房屋主体结构")
    assert line.page == 1
    assert "费用由甲方承担。乙方发现房屋及附属设施损坏时" in line.text
    assert line.text.endswith("扩大部分由乙方承担。")
    nxt = contract.lines[line.no]  # the following Line
    assert nxt.text.startswith("2．因乙方使用不当") and nxt.page == 2


def test_wrapped_lines_joined_but_items_kept_apart(contract):
    line = find(contract, "1．甲方将其坐落于")
    assert line.text.endswith("户型为两室一厅一卫。")
    assert find(contract, "（1）拖欠租金").text == "（1）拖欠租金累计达15日以上的；"
    assert find(contract, "（2）擅自改变").text == "（2）擅自改变房屋用途的；"
    assert find(contract, "第八条").text == "第八条\u3000合同的解除"


def test_reading_order_by_boxes_not_content_stream(contract):
    # the curly quotes are set in a Latin font: pdfium returns them at the end of the line
    assert "（以下简称“该房屋”）事宜" in find(contract, "以下简称").text


def test_layout_spaces_dropped_wide_gaps_kept(contract):
    assert "文鼎苑7幢1单元502室" in find(contract, "文鼎苑").text
    assert "2024年3月1日至2025年2月28日" in find(contract, "租赁期限自").text
    # ten typed spaces (not underlined) stay a blank of spaces
    assert find(contract, "车位租金").text == "3．车位租金为          元/月，由乙方直接向物业服务企业缴纳。"


def test_underline_rule_over_empty_space_becomes_underscores(contract):
    line = find(contract, "承租方（乙方）")
    assert re.fullmatch(r"承租方（乙方）：_{2,}（签字）", line.text)
    assert line.underlines == ()
    rent = find(contract, "月租金为人民币")
    assert re.fullmatch(r"1．月租金为人民币_{2,}元（大写：_{2,}）。", rent.text)
    assert re.fullmatch(r"签订日期：_{2,}年_{2,}月_{2,}日", find(contract, "签订日期").text)


def test_underline_rule_under_text_is_a_span(contract):
    line = find(contract, "出租方（甲方）")
    # as typed in Word: the underlined run is "  王建国  "
    assert line.text == "出租方（甲方）：  王建国  （签字）"
    ((a, b),) = line.underlines
    assert line.text[a:b] == "  王建国  "
    account = find(contract, "户名")
    ((a, b),) = account.underlines
    assert account.text[a:b] == "王建国"


def test_checkboxes_and_headings(contract):
    assert find(contract, "租金支付方式").text.startswith("2．租金支付方式：□ 押一付三")
    heading = find(contract, "第一条")
    assert heading.text == "第一条\u3000房屋基本情况" and heading.bold
    assert not find(contract, "1．甲方将其坐落于").bold


def test_encrypted_with_empty_user_password_reads_like_plain(contract):
    doc = read("encrypted_empty.pdf")
    assert texts(doc) == texts(contract)


def test_encrypted_with_password():
    with pytest.raises(EncryptedFile) as err:
        read("encrypted_password.pdf", source="locked.pdf")
    assert "password" in err.value.reason


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda: (FIX / "contract.pdf").read_bytes()[:40000], id="cut"),
        pytest.param(lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", id="no-pages"),
        pytest.param(lambda: b"%PDF-1.4\n" + bytes(range(256)) * 20, id="junk"),
    ],
)
def test_damaged_pdf_is_unreadable(data):
    with pytest.raises(UnreadableFile):
        pdf_reader.read(data(), source="bad.pdf")


# ---------------------------------------------------------------- two columns


def test_two_columns_read_column_by_column():
    doc = read("columns.pdf")
    t = texts(doc)
    assert t[0] == "保密协议"
    order = [
        "第一条\u3000押金",
        "第三条\u3000转租与转借",
        "1．未经甲方书面同意",  # top of the right column
        "第四条\u3000房屋的安全使用",
        "（4）利用该房屋从事违法活动的。",
        "（以下无正文",  # the full-width line after the columns
    ]
    positions = [next(i for i, s in enumerate(t) if s.startswith(o)) for o in order]
    assert positions == sorted(positions)
    # a sentence wrapped inside a column is joined
    assert "经甲方验收无误的，甲方应于十个工作日内将押金无息退还乙方。" in find(doc, "2．租赁期满").text
    assert "1．未经甲方书面同意，乙方不得将该房屋全部或部分转租、转借给他人，也不得与他人交换使用。" in t


# ---------------------------------------------------------------- turned pages


def _page1(turned: bool) -> bytes:
    """Page 1 of the contract as a form; ``turned``: drawn a quarter turn counter-clockwise on a
    landscape page whose /Rotate 90 shows it upright (as scanners and landscape layouts do)."""
    src = pdfium.PdfDocument(str(FIX / "contract.pdf"))
    dst = pdfium.PdfDocument.new()
    w, h = src[0].get_size()
    obj = src.page_as_xobject(0, dst).as_pageobject()
    page = dst.new_page(h, w) if turned else dst.new_page(w, h)
    if turned:
        obj.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(h, 0))
    page.insert_obj(obj)
    page.gen_content()
    if turned:
        page.set_rotation(90)
    buf = io.BytesIO()
    dst.save(buf)
    return buf.getvalue()


def test_page_drawn_turned_reads_like_upright():
    upright, turned = read(_page1(False)), read(_page1(True))
    assert texts(turned) == texts(upright)
    assert [line.underlines for line in turned.lines] == [line.underlines for line in upright.lines]
    assert find(turned, "出租方（甲方）").underlines


@pytest.mark.parametrize("angle", [90, 180, 270])
def test_rotate_entry_does_not_scramble_text(contract, angle):
    pdf = pdfium.PdfDocument((FIX / "contract.pdf").read_bytes())
    for i in range(len(pdf)):
        pdf[i].set_rotation(angle)
    buf = io.BytesIO()
    pdf.save(buf)
    assert texts(read(buf.getvalue())) == texts(contract)


# ---------------------------------------------------------------- watermarks


def _add_text(pdf, page, text: str, x: float, y: float, size: float, angle: float, rgba) -> None:
    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", size)
    buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_SetFillColor(obj, *rgba)
    t = math.radians(angle)
    pdfium_c.FPDFPageObj_Transform(obj, math.cos(t), math.sin(t), -math.sin(t), math.cos(t), x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def test_watermarks_ignored(contract):
    pdf = pdfium.PdfDocument((FIX / "contract.pdf").read_bytes())
    for i in range(len(pdf)):
        page = pdf[i]
        _add_text(pdf, page, "CONFIDENTIAL", 150, 300, 60, 45, (200, 0, 0, 255))  # rotated
        _add_text(pdf, page, "DRAFT COPY", 200, 500, 40, 0, (235, 235, 235, 255))  # very light
        _add_text(pdf, page, "SAMPLE", 220, 420, 48, 0, (90, 90, 90, 255))  # big, on every page
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    doc = read(out.getvalue())
    assert texts(doc) == texts(contract)


# ---------------------------------------------------------------- pages without usable text


def test_scanned_pdf_without_ocr_gives_a_note(no_ocr):
    doc = read("scanned.pdf")
    assert doc.lines == []
    assert doc.pages == 2
    (note,) = doc.notes
    assert note.rule == "no-text-layer"
    assert note.data == {"pages": [1, 2]}
    assert (note.key, note.args) == ("no_text", {"pages": "1–2"})


def test_garbage_text_layer_is_not_emitted(no_ocr):
    doc = read("garbage_text.pdf")
    assert doc.lines == []
    assert doc.notes[0].data == {"pages": [1]}
    assert (doc.notes[0].key, doc.notes[0].args) == ("no_text", {"pages": "1"})


def test_mixed_pdf_keeps_text_pages_and_page_numbers(no_ocr):
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(FIX / "scanned.pdf")), [0])
    out.import_pages(pdfium.PdfDocument(str(FIX / "contract.pdf")), [2])
    buf = io.BytesIO()
    out.save(buf)
    doc = read(buf.getvalue())
    assert doc.pages == 2
    assert doc.notes[0].data == {"pages": [1]}
    assert doc.lines and {line.page for line in doc.lines} == {2}
    assert find(doc, "第十二条").page == 2


def test_scan_with_a_stamped_page_number_is_still_a_scan(no_ocr):
    pdf = pdfium.PdfDocument((FIX / "scanned.pdf").read_bytes())
    for i in range(len(pdf)):
        page = pdf[i]
        _add_text(pdf, page, f"Page {i + 1}", 280, 20, 10, 0, (0, 0, 0, 255))
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    buf = io.BytesIO()
    pdf.save(buf)
    doc = read(buf.getvalue())
    assert doc.notes[0].data == {"pages": [1, 2]}


def test_garbage_detector():
    reason = pdf_reader.garbage_reason
    assert (
        reason(
            "根据《中华人民共和国民法典》及有关法律、法规的规定，甲、乙双方在平等、自愿的基础上订立本合同。"
        )
        is None
    )
    assert reason("This Agreement is made between the Landlord and the Tenant on the date below.") is None
    assert reason("(cid:12)(cid:45)(cid:46)(cid:99)(cid:7)") == "cid codes"
    assert reason("\ue012\ue044\ue100\ue101\ue102 \ue103\ue104") is not None
    assert reason("!\"#$%&'()*+),-./01,23,45467389:;3<=3>?@A5BCD7EFG,5HIJKL") is not None
    assert reason("VWXYZ[\\]^_`a bc d ef g5Hh ijUMHklmn :o7pqnrg@s@tU ¢6£¤¥pp¦7§p¨©&ª?¨©") is not None
    # codes mapped onto random ideographs
    assert reason("".join(chr(0x7A00 + (i * 37) % 900) for i in range(80))) == "random ideographs"
    assert reason("") is None
    # a signature page is mostly blanks: not garbage
    assert reason("甲方：______________ 乙方：______________ 日期：____年____月____日 ……………………") is None


def test_scanner_ocr_layer_used_and_repaired():
    doc = read("ocr_layer.pdf")
    assert doc.ocr_pages == []  # the scanner's invisible text is used as it is...
    assert texts(doc)[0] == "第一条\u3000租金为每月人民币1200元。"  # ...with "1 2 0 0 元" repaired
    assert texts(doc)[1].count("□") == 2  # and 口 before the options read as boxes


# ---------------------------------------------------------------- OCR (optional extra)


@pytest.fixture(scope="module")
def scanned():
    return read("scanned.pdf")


@needs_ocr
def test_ocr_scanned_pages(scanned):
    assert scanned.ocr_pages == [1, 2]
    assert scanned.notes == []
    t = texts(scanned)
    assert t[0] == "房屋租赁合同"
    joined = "\n".join(t)
    assert "示范文本" not in joined and not re.search(r"第\s*\d+\s*页", joined)
    line = find(scanned, "租赁期内，房屋主体结构")
    assert line.page == 1 and "费用由甲方承担。乙方发现房屋" in line.text  # joined across the page
    assert find(scanned, "第六条").page == 2


def test_each_ocr_page_is_said_before_it_is_read(caplog, monkeypatch):
    # a scan takes seconds a page: the reader says which page it is on (check prints it on a terminal)
    calls = []

    class Engine:
        pass

    def read_page(engine, page, number, max_pixels):
        calls.append(number)
        raise ocr_module.OcrError("no text")

    from extractor.readers import ocr as ocr_module

    monkeypatch.setattr(ocr_module, "engine", lambda: Engine())
    monkeypatch.setattr(ocr_module, "read_page", read_page)
    with caplog.at_level("INFO", logger="hetong.ocr"):
        doc = read("scanned.pdf")
    assert calls == [1, 2] and doc.ocr_pages == []
    said = [r.getMessage() for r in caplog.records if r.name == "hetong.ocr"]
    assert said == [
        "x.pdf: reading scanned page 1 by OCR (1 of 2)…",
        "x.pdf: reading scanned page 2 by OCR (2 of 2)…",
    ]


def test_ocr_stops_at_its_page_budget(monkeypatch):
    from extractor.readers import ocr as ocr_module
    from extractor.readers.caps import Caps

    calls = []

    def read_page(engine, page, number, max_pixels):
        calls.append(number)
        raise ocr_module.OcrError("no text")

    monkeypatch.setattr(ocr_module, "engine", lambda: object())
    monkeypatch.setattr(ocr_module, "read_page", read_page)
    doc = read_bytes((FIX / "scanned.pdf").read_bytes(), source="x.pdf", caps=Caps(ocr_pages=1))
    assert calls == [1]
    assert [(n.key, n.data) for n in doc.notes] == [
        ("ocr_skipped", {"pages": [2]}),
        ("ocr_failed", {"pages": [1]}),
    ]


@needs_ocr
def test_ocr_underlines(scanned):
    assert re.search(r"承租方（乙方）：_{2,}", find(scanned, "承租方").text)
    line = find(scanned, "出租方")
    assert any(line.text[a:b].strip() == "王建国" for a, b in line.underlines)


@needs_ocr
def test_ocr_turns_rotated_pages():
    doc = read("rotated_scan.pdf")
    assert doc.ocr_pages == [1, 2, 3]
    assert find(doc, "出借人（甲方）：张三").page == 1  # scanned sideways
    assert find(doc, "借款期限为十二个月").page == 2  # upside down
    assert find(doc, "本合同自双方签字之日起生效").page == 3  # /Rotate
    assert texts(doc)[0] == "借款合同"


def test_ocr_threads_are_shared_by_the_audit_workers(monkeypatch):
    # two workers with a thread per core each on two cores were 1.45x slower than with one each
    from extractor.readers import ocr as ocr_module

    monkeypatch.setattr(ocr_module.os, "cpu_count", lambda: 8)
    assert [ocr_module.threads_per_worker(n) for n in (1, 2, 3, 8, 16)] == [8, 4, 2, 1, 1]
    made: list[dict] = []

    class Engine:
        def __init__(self, **kwargs):
            made.append(kwargs)

    monkeypatch.setattr(ocr_module, "available", lambda: True)
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", type(sys)("fake"))
    sys.modules["rapidocr_onnxruntime"].RapidOCR = Engine
    monkeypatch.setattr(ocr_module, "_THREADS", 0)
    monkeypatch.setattr(ocr_module, "_LOADED", False)
    monkeypatch.setattr(ocr_module, "_ENGINE", None)
    monkeypatch.setattr(ocr_module, "_RETIRED", [])
    first = ocr_module.engine()
    assert ocr_module.engine() is first and made == [{}]  # loaded once, onnxruntime's default threads
    ocr_module.set_threads(2)
    assert ocr_module.engine() is not first and made[-1] == {"intra_op_num_threads": 2}
    # the engine replaced is kept, not freed: freeing one inherited through fork hangs the worker
    assert [first] == ocr_module._RETIRED


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_ocr_line_boxes_turn_with_the_page(turns):
    # a sideways page's lines are found once and their boxes turned with the image
    np = pytest.importorskip("numpy")
    from extractor.readers.ocr import turn_boxes

    img = np.zeros((100, 200), dtype=np.uint8)
    img[20:30, 10:50] = 1  # a line 40 pixels wide, 10 high, its top left corner at x 10, y 20
    box = np.array([[[10, 20], [50, 20], [50, 30], [10, 30]]], dtype=np.float32)
    (turned,) = turn_boxes(box, img.shape, turns)
    ys, xs = np.nonzero(np.rot90(img, turns))
    assert turned[0].tolist() == [xs.min(), ys.min()]  # top left first
    assert turned[2].tolist() == [xs.max() + 1, ys.max() + 1]  # then clockwise to the bottom right
    assert turned[1].tolist() == [xs.max() + 1, ys.min()]


@needs_ocr
def test_ocr_replaces_garbage_text_layer():
    doc = read("garbage_text.pdf")
    assert doc.ocr_pages == [1]
    assert find(doc, "房屋租赁合同").page == 1
    assert "甲方将其坐落于杭州市西湖区" in find(doc, "坐落于").text


# ---------------------------------------------------------------- layout units (synthetic glyphs)


def glyphs(text: str, x: float = 72, top: float = 100, size: float = 12, step: float | None = None):
    out = []
    for ch in text:
        w = size if ch >= "\u2e80" else size / 2
        out.append((x, x + w, top, top + size, size, ch, -1))
        x += step if step is not None else w
    return out


def lines_of(*rows, rules=(), number=1, height=842.0, source="text"):
    gl = [g for row in rows for g in row]
    return page_lines(PageContent(number, 595.0, height, gl, list(rules), source))


def test_glyphs_ordered_by_x_not_input_order():
    row = glyphs("简称“该房屋”事宜")
    shuffled = [g for g in row if g[5] not in "“”"] + [g for g in row if g[5] in "“”"]
    assert [pl.text for pl in lines_of(shuffled)] == ["简称“该房屋”事宜"]


def test_fake_bold_doubles_removed():
    row = glyphs("第一条")
    doubled = sorted(row + [(g[0] + 0.3, g[1] + 0.3, g[2], g[3], g[4], g[5], -1) for g in row])
    (line,) = lines_of(doubled)
    assert line.text == "第一条" and line.bold


def test_cjk_gaps_and_blanks():
    # justified CJK: 2 pt gaps between glyphs are layout, not spaces
    (line,) = lines_of(glyphs("甲方应当支付", step=14))
    assert line.text == "甲方应当支付"
    # a 4 em hole inside a line is a blank of spaces
    row = glyphs("租金为") + glyphs("元", x=72 + 3 * 12 + 48)
    (line,) = lines_of(row)
    assert re.fullmatch(r"租金为 {4,}元", line.text)
    # spaces typed next to CJK survive when the gap holds two or more of them (a date blank)
    row = [*glyphs("日期："), (108.0, 111.0, 100.0, 112.0, 12.0, " ", -1), *glyphs("年", x=120)]
    (line,) = lines_of(row)
    assert line.text == "日期：    年"
    # a single space between CJK glyphs is layout (scanner OCR layers put one between every glyph)
    row = [*glyphs("保"), (84.0, 87.0, 100.0, 112.0, 12.0, " ", -1), *glyphs("密", x=87)]
    assert [pl.text for pl in lines_of(row)] == ["保密"]
    # Latin words keep their spaces (a word gap without a space glyph)
    (line,) = lines_of(glyphs("Party", x=72) + glyphs("A", x=72 + 5 * 6 + 3))
    assert line.text == "Party A"


def test_rules_become_underscores_or_spans():
    row = glyphs("乙方：") + glyphs("（签字）", x=72 + 36 + 60)
    (line,) = lines_of(row, rules=[(108.0, 168.0, 112.5)])
    assert line.text == "乙方：_____（签字）"
    row = glyphs("户名王建国")
    (line,) = lines_of(row, rules=[(96.0, 132.0, 112.5)])
    assert line.underlines == [(2, 5)]
    # a rule far below the line (a table border, a separator) is not an underline
    (line,) = lines_of(row, rules=[(72.0, 132.0, 140.0)])
    assert line.underlines == []


def test_rows_grouped_by_baseline_top_to_bottom():
    first = glyphs("第一行文字", top=100)
    second = glyphs("第二行文字", top=121)
    assert [pl.text for pl in lines_of(second + first)] == ["第一行文字", "第二行文字"]


def _pl(text, page=1, x0=72.0, x1=523.0, top=100.0, em=12.0, height=842.0, **kw):
    return PhysLine(
        page=page, text=text, underlines=[], x0=x0, x1=x1, top=top, bottom=top + em, em=em,
        page_width=595.0, page_height=height, **kw,
    )  # fmt: skip


def test_page_numbers_and_running_lines_removed():
    pages = []
    for p in range(1, 5):
        pages.append(
            [
                _pl("某某公司合同专用", page=p, top=40, x1=300),
                _pl(f"第{p}条 正文内容", page=p, top=300, x1=300),
                _pl(str(p * 7), page=p, top=420, x1=90),  # a bare number mid-page: content
                _pl(["第 1 页 共 4 页", "- 2 -", "Page 3 of 4", "4"][p - 1], page=p, top=800, x1=300),
            ]
        )
    kept = remove_furniture(pages)
    assert [[pl.text for pl in page] for page in kept] == [
        ["第1条 正文内容", "7"],
        ["第2条 正文内容", "14"],
        ["第3条 正文内容", "21"],
        ["第4条 正文内容", "28"],
    ]


def test_single_page_keeps_its_top_line():
    kept = remove_furniture([[_pl("房屋租赁合同", top=40, x1=300), _pl("正文", top=300)]])
    assert [pl.text for pl in kept[0]] == ["房屋租赁合同", "正文"]


def test_join_rules():
    def run(*lines):
        return [j.text for j in join_lines(list(lines))]

    short = 300.0
    # wrapped at the margin: joined; the page of the first part is kept
    out = join_lines([_pl("甲方应当在合同签订后", top=100), _pl("五日内付款。", x1=short, top=121, page=1)])
    assert [(j.text, j.page) for j in out] == [("甲方应当在合同签订后五日内付款。", 1)]
    # never into a heading or an item
    for start in [
        "第二条 付款",
        "二、付款",
        "（一）付款",
        "1．付款",
        "2.1 付款",
        "①付款",
        "甲方：某公司",
        "□ 同意",
    ]:
        assert len(run(_pl("甲方应当在合同签订后", top=100), _pl(start, x1=short, top=121))) == 2, start
    # a label starts a new line after another label line...
    assert (
        len(
            run(
                _pl("地址：浙江省杭州市西湖区古荡街道嘉绿苑东区12幢2单元", top=100),
                _pl("联系电话：13805712468", x1=short, top=121),
            )
        )
        == 2
    )
    # ...but prose cut mid-sentence goes on even if the next line looks like "word："
    assert run(_pl("乙方应在收到通知后按照以下", top=100), _pl("方式支付：", x1=short, top=121)) == [
        "乙方应在收到通知后按照以下方式支付："
    ]
    # a short line is not continued
    margin = [_pl("本合同由下列双方订立，双方应", top=37), _pl("当遵守以下约定，并按约定履", top=58)]
    margin.append(_pl("行。", x1=short, top=79))
    assert run(*margin, _pl("第一条 定义", x1=short, top=100), _pl("本合同中的词语", x1=short, top=121))[
        -2:
    ] == [
        "第一条 定义",
        "本合同中的词语",
    ]
    # after a full stop at the margin: continued only by a line at the left margin when paragraphs are indented
    para = [
        _pl("第一段开始", x0=96, top=100),
        _pl("第一段结束。", x1=short, top=121),
        _pl("第二段开始", x0=96, top=142),
        _pl("第二段结束。", x1=short, top=163),
        _pl("第三段开始", x0=96, top=184),
        _pl("第三段结束。", x1=short, top=205),
    ]
    ends = [_pl("句子正好在行尾结束。", top=226), _pl("下一句接着写。", x1=short, top=247)]
    assert run(*para, *ends)[-1] == "句子正好在行尾结束。下一句接着写。"
    title = [_pl("句子正好在行尾结束。", top=226), _pl("违约责任", x1=short, top=247)]
    assert run(*para, *title)[-2:] == ["句子正好在行尾结束。", "违约责任"]
    indented = [_pl("句子正好在行尾结束。", top=226), _pl("新的段落。", x0=96, x1=short, top=247)]
    assert run(*para, *indented)[-2:] == ["句子正好在行尾结束。", "新的段落。"]
    # a number that continues a sentence (1.5倍) is joined when the sentence was cut mid-way
    assert run(_pl("应向甲方支付日租金的", top=100), _pl("1.5倍的违约金。", x1=short, top=121)) == [
        "应向甲方支付日租金的1.5倍的违约金。"
    ]
    # a big vertical gap is a new paragraph
    spaced = [
        _pl("第一行", x1=short, top=100),
        _pl("第二行", x1=short, top=121),
        _pl("第三行", x1=short, top=142),
    ]
    assert run(*spaced, _pl("甲方应当在合同签订后", top=163), _pl("另起一段", top=300))[-2:] == [
        "甲方应当在合同签订后",
        "另起一段",
    ]
    # English wrap gets its space back
    assert run(_pl("This Agreement is made by the", top=100), _pl("parties below.", x1=short, top=121)) == [
        "This Agreement is made by the parties below."
    ]
    assert run(_pl("Landlord, Tenant,", top=100), _pl("and Agent.", x1=short, top=121)) == [
        "Landlord, Tenant, and Agent."
    ]
    assert run(_pl("联系电话：13805", top=100), _pl("712468", x1=short, top=121)) == ["联系电话：13805712468"]


def test_join_carries_underlines():
    a = _pl("甲方：王建国，乙方需在", top=100)
    a.underlines = [(3, 6)]
    b = _pl("李四处签字。", x1=300, top=121)
    b.underlines = [(0, 2)]
    (j,) = join_lines([a, b])
    assert j.text == "甲方：王建国，乙方需在李四处签字。"
    assert [j.text[s:e] for s, e in j.underlines] == ["王建国", "李四"]


def test_ocr_repairs():
    assert repair_ocr_text("租金为1 2 0 0 元", [])[0] == "租金为1200元"
    assert repair_ocr_text("付款：口 押一付三　口 押一付一", [])[0] == "付款：□ 押一付三　□ 押一付一"
    assert repair_ocr_text("□ 同意 口 不同意", [])[0] == "□ 同意 □ 不同意"
    # a lone 口 that is a word stays
    assert repair_ocr_text("通知方式：口头或书面", [])[0] == "通知方式：口头或书面"
    assert repair_ocr_text("出口 货物", [])[0] == "出口 货物"
    # two digits with a space are not enough to be sure
    assert repair_ocr_text("1 2", [])[0] == "1 2"
    text, spans = repair_ocr_text("金额 1 2 0 0 元整", [(3, 10)])
    assert text == "金额1200元整" and text[spans[0][0] : spans[0][1]] == "1200"


# ---------------------------------------------------------------- tables, Chromium PDFs, form fillers
# fixtures: chromium_form.pdf and lo_tables.pdf, made by tests/fixtures/make_pdf_layout_fixtures.py


@pytest.fixture(scope="module")
def chromium():
    return read("chromium_form.pdf")


@pytest.fixture(scope="module")
def lo_tables():
    return read("lo_tables.pdf")


def cells(doc) -> dict:
    return {line.cell: line.text for line in doc.lines if line.cell is not None}


def test_font_size_follows_the_text_matrix():
    # Chromium sets 11 pt text as 14.67 under a 0.75 matrix: the em must be the size on the page
    pdf = pdfium.PdfDocument(str(FIX / "chromium_form.pdf"))
    lines, usable = pdf_reader._text_page(pdf[0], 1)
    assert usable
    ems = sorted(pl.em for pl in lines)
    assert 10.5 <= ems[len(ems) // 2] <= 11.5


def test_ruled_table_cells_are_lines_with_their_cell(chromium):
    got = cells(chromium)
    assert got[(0, 0, 0)] == "买方（甲方）" and got[(0, 0, 1)] == "南京市鼓楼医院集团有限公司"
    # the value wraps in its cell: one line, after its label (centred beside it, not above its 2nd line)
    assert got[(0, 1, 0)] == "地址"
    assert got[(0, 1, 1)].startswith("江苏省南京市") and got[(0, 1, 1)].endswith("设备处采购办公室")
    assert got[(0, 2, 0)] == "联系电话" and got[(0, 2, 1)] == ""  # an empty value cell is seen
    # a full-width goods table: one line per cell, rows never joined, no gap turned into spaces
    assert [got[(1, 1, c)] for c in range(5)] == [
        "1",
        "彩色多普勒超声诊断仪",
        "HD-CU700",
        "2台",
        "680,000.00",
    ]
    assert not any("  " in text for text in got.values())
    texts_ = texts(chromium)
    assert texts_.index("地址") + 1 == texts_.index(got[(0, 1, 1)])
    assert texts_.index("第一条 付款") == texts_.index("") + 1  # the text after the table is its own line


def test_ruled_table_from_libreoffice(lo_tables):
    got = cells(lo_tables)
    assert got[(0, 1, 0)] == "地址"
    assert got[(0, 1, 1)] == "浙江省杭州市西湖区文三路90号东部软件园科技大厦A座十二层1201室至1208室"
    # a label merged over two rows belongs to the first; the second row has only its value cell
    assert got[(0, 2, 0)] == "联系方式" and got[(0, 2, 1)] == "电话：0571-88215566"
    assert (0, 3, 0) not in got and got[(0, 3, 1)] == "邮箱：hengxin@example.cn"
    assert got[(0, 4, 0)] == "法定代表人" and got[(0, 4, 1)] == ""
    assert [got[(1, 1, c)] for c in range(4)] == ["1", "办公桌", "10张", "1,200.00"]
    # body lines are neither cells nor glued to each other (the table's border is not the margin)
    body = [line.text for line in lo_tables.lines if line.cell is None]
    assert body == [
        "房屋租赁合同",
        "第一条 租赁房屋",
        "甲方将位于杭州市西湖区文三路90号的房屋出租给乙方作办公使用。",
        "第二条 其他",
        "本合同自双方签字盖章之日起生效。",
    ]


def test_table_cells_give_no_space_blanks():
    from extractor.api import analyse

    data = (FIX / "chromium_form.pdf").read_bytes()
    result = analyse(read(data), data, "chromium_form.pdf")
    assert not [b for b in result.blanks if b.kind == "spaces"]
    kinds = sorted((b.kind, b.status) for b in result.blanks)
    assert kinds.count(("bracket", "empty")) == 2


def _grid_page(glyph_rows, hs, vs, width=595.0):
    gl = [g for row in glyph_rows for g in row]
    return page_lines(PageContent(1, width, 842.0, gl, [], "text", hs, vs))


def test_table_grid_units():
    # two columns, three border lines; the label is centred over both rows (its top border is missing
    # over the second row in the label column) and comes before the values
    hs = [(72.0, 500.0, 100.0), (172.0, 500.0, 130.0), (72.0, 500.0, 160.0)]
    vs = [(72.0, 100.0, 160.0), (172.0, 100.0, 160.0), (500.0, 100.0, 160.0)]
    label = glyphs("联系方式", x=76, top=124)
    first = glyphs("电话：0571", x=176, top=106)
    second = glyphs("邮箱：a", x=176, top=136)
    after = glyphs("正文", x=72, top=170)
    lines = _grid_page([second, after, label, first], hs, vs)
    assert [(pl.text, pl.cell) for pl in lines] == [
        ("联系方式", (0, 0, 0)),
        ("电话：0571", (0, 0, 1)),
        ("邮箱：a", (0, 1, 1)),
        ("正文", None),
    ]
    # glyphs beyond the page edge, where a too wide table is cut, stay in the edge cell
    hs = [(72.0, 595.0, 100.0), (72.0, 595.0, 130.0)]
    vs = [(72.0, 100.0, 130.0), (300.0, 100.0, 130.0), (595.0, 100.0, 130.0)]
    lines = _grid_page([glyphs("甲方", x=76, top=106), glyphs("有限公司", x=560, top=106)], hs, vs)
    assert [(pl.text, pl.cell) for pl in lines] == [("甲方", (0, 0, 0)), ("有限公司", (0, 0, 1))]
    # a framed box (one cell per row) is not a table
    vs = [(72.0, 100.0, 130.0), (595.0, 100.0, 130.0)]
    assert [pl.cell for pl in _grid_page([glyphs("注意事项", x=76, top=106)], hs, vs)] == [None]


def test_table_cut_by_a_page_break_keeps_its_number():
    from extractor.readers import pdf_layout

    cols = (72.0, 200.0, 500.0)
    a = _pl("地址", x1=100, top=700, cell=(0, 0, 0), table_cols=cols)
    b = _pl("杭州市", x1=300, top=700, cell=(0, 0, 1), table_cols=cols)
    c = _pl("电话", x1=100, top=80, page=2, cell=(0, 0, 0), table_cols=cols)
    d = _pl("另一个表", x1=100, top=300, page=2, cell=(1, 0, 0), table_cols=(72.0, 300.0))
    pages = [[a, b], [c, d]]
    pdf_layout.number_tables(pages)
    assert [pl.cell for pl in (a, b, c, d)] == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (1, 0, 0)]
    # a row number at the foot of the last page is a cell, not a page number
    kept = remove_furniture([[_pl("正文", top=300), _pl("3", top=800, x1=90, cell=(0, 2, 0))]])
    assert [pl.text for pl in kept[0]] == ["正文", "3"]
    # cells are joined only inside one cell, up to its right border
    e = _pl("江苏省南京市鼓楼区", x1=490, top=100, cell=(0, 0, 1), cell_x1=500.0)
    f = _pl("中山路321号", x1=300, top=115, cell=(0, 0, 1), cell_x1=500.0)
    g = _pl("下一行", x1=300, top=130, cell=(0, 1, 1), cell_x1=500.0)
    assert [(j.text, j.cell) for j in join_lines([e, f, g])] == [
        ("江苏省南京市鼓楼区中山路321号", (0, 0, 1)),
        ("下一行", (0, 1, 1)),
    ]


def test_single_space_in_bracket_blanks(chromium):
    assert "合同签订后（ ）日内" in find(chromium, "合同签订后").text
    assert "质保期为【 】个月" in find(chromium, "质保期为").text
    # a space glyph drawn between CJK brackets (LibreOffice) is kept too; between other CJK it is layout
    space = (84.0, 87.0, 100.0, 112.0, 12.0, " ", -1)
    assert [pl.text for pl in lines_of([*glyphs("（"), space, *glyphs("）", x=87)])] == ["（ ）"]
    assert [pl.text for pl in lines_of([*glyphs("（"), *glyphs("）", x=84)])] == ["（）"]
    # OCR boxes are rough: a clear hole between the brackets is a blank, touching boxes are not
    ocr = lines_of([*glyphs("（"), *glyphs("）", x=84 + 7)], source="ocr")
    assert [pl.text for pl in ocr] == ["（ ）"]
    assert [pl.text for pl in lines_of([*glyphs("（"), *glyphs("）", x=85)], source="ocr")] == ["（）"]


def test_space_after_an_article_label(chromium):
    assert "第一条 付款" in texts(chromium)
    (line,) = lines_of(glyphs("第一条") + glyphs("付款", x=72 + 36 + 3))
    assert line.text == "第一条 付款"
    (line,) = lines_of(glyphs("第一条") + glyphs("约定", x=72 + 36 + 1))  # justification: no space
    assert line.text == "第一条约定"


def test_line_starting_with_the_next_clause_number_is_not_glued():
    run = [_pl("1.6 付款方式：银行转账、承兑汇票或现金", top=100)]
    run.append(_pl("1.7本合同签订地点：北京市。", x1=300, top=121))
    assert [j.text for j in join_lines(run)] == [run[0].text, run[1].text]
    # a wrapped sentence that happens to start with a number still joins
    run = [_pl("1.6 违约方应向守约方支付日租金的", top=100), _pl("1.5倍作为违约金。", x1=300, top=121)]
    assert len(join_lines(run)) == 1


def test_equal_short_lines_are_not_taken_for_the_margin():
    lines = [
        _pl("第一条 租赁房屋", x1=170, top=100),
        _pl("甲方将房屋出租给乙方作办公使用，建筑面积二百平方米。", x1=480, top=121),
        _pl("第二条 租赁期限", x1=170, top=142),
        _pl("租赁期限自二〇二四年五月一日起至二〇二五年四月三十日止。", x1=500, top=163),
    ]
    assert len(join_lines(lines)) == 4


def test_two_columns_with_the_page_number_in_the_gutter(chromium):
    page2 = [line.text for line in chromium.lines if line.page == 2]
    heads = [t for t in page2 if t.startswith("第")]
    assert heads == [
        "第一条 定义",
        "第二条 合作内容",
        "第三条 合作期限",
        "第四条 费用结算",
        "第五条 保密",
        "第六条 违约责任",
    ]
    body = "双方应本着诚实信用的原则履行本合同项下的各项义务，任何一方不得擅自变更或者解除本合同。" * 2
    for k, head in enumerate(heads, 1):
        assert page2[page2.index(head) + 1] == f"{k}.1{body}"


def test_text_typed_over_underscores(chromium):
    line = find(chromium, "承租方（乙方）")
    assert "_" not in line.text and "刘晓东" in line.text
    ((a, b),) = line.underlines
    assert line.text[a:b].strip() == "刘晓东" and line.text[b:].strip() == ""  # the whole run underlines
    assert "370202198507223316" in find(chromium, "身份证号码").text
    # units: covered underscores go, the uncovered rest of the run is underlined space; a run nobody
    # wrote on stays a blank of underscores
    under = [(72.0 + 6 * k, 78.0 + 6 * k, 100.0, 112.0, 12.0, "_", -1) for k in range(10)]
    value = glyphs("张三", x=75)
    empty = [(200.0 + 6 * k, 206.0 + 6 * k, 100.0, 112.0, 12.0, "_", -1) for k in range(4)]
    (line,) = lines_of(under, value, glyphs("元", x=140), empty)
    assert "张三" in line.text and line.text.endswith("____")
    ((a, b),) = line.underlines
    assert line.text[a:b].strip() == "张三" and b - a >= 5
    # a neighbour whose box reaches into the run (a squeezed full-width colon) writes nothing on it
    colon = (66.0, 76.0, 100.0, 112.0, 12.0, "：", -1)
    (line,) = lines_of([colon], under)
    assert line.text == "：__________" and line.underlines == []


def test_underline_span_covers_a_partly_filled_rule():
    row = glyphs("租金为人民币") + glyphs("350", x=144) + glyphs("元", x=222)
    (line,) = lines_of(row, rules=[(142.0, 220.0, 112.5)])
    assert re.fullmatch(r"租金为人民币350 {5,}元", line.text)
    ((a, b),) = line.underlines
    assert line.text[a:b] == line.text[6:-1]


@needs_ocr
def test_ocr_reads_ruled_tables_by_cell():
    # lo_tables.pdf scanned straight at 150 dpi: the borders found in the image make the same cells
    src = pdfium.PdfDocument(str(FIX / "lo_tables.pdf"))
    image = src[0].render(scale=150 / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    image.save(buf, "PDF", resolution=150)
    doc = read(buf.getvalue())
    assert doc.ocr_pages == [1]
    got = cells(doc)
    assert got[(0, 1, 0)] == "地址" and got[(0, 2, 0)] == "联系方式"
    assert got[(0, 1, 1)].startswith("浙江省杭州市") and got[(0, 1, 1)].endswith("1208室")
    assert got[(0, 4, 0)] == "法定代表人" and got[(0, 4, 1)] == ""
    assert [got[(1, 1, c)] for c in range(4)] == ["1", "办公桌", "10张", "1,200.00"]


def test_findings_blanks_and_fields_carry_their_page():
    from extractor.api import check

    result = check(FIX / "contract.pdf")  # three pages, blanks on the first and the last
    paged = [f for f in result.findings if f.line is not None]
    assert paged and all(f.page is not None for f in paged)
    assert {b.page for b in result.blanks} == {1, 3}
    by_line = {ln.no: ln.page for ln in result.lines}
    assert all(f.page == by_line[f.line] for f in paged)
    assert all(b.page == by_line[b.line] for b in result.blanks)
    assert all(f.page == by_line[f.line] for p in result.parties for f in p.fields)
