"""The contract number written on the cover, in the title or above the parties."""

from __future__ import annotations

from ..model import Line
from ..pattern_set import PatternSet, compile_pattern
from ..segment import COLUMN_GAP, is_title, squash
from .parties import spaced_fields

BLANK = " \u3000_"
#: a number given in brackets after the title: 房屋租赁合同（编号：ZL-001）
_BRACKETED = compile_pattern(r"[（(](?:合同|协议)?(?:编号|编码)[：:]\s*(?P<value>[^（）()]{1,40})[）)]")
#: a number in brackets counts only after a title among the first lines
TITLE_LINES = 3
_NOTE_AFTER = compile_pattern(r"[，,；;。]")
#: a label that names the contract's number (合同编号, 协议编号, 订单号), not any 编号
_NAMED = compile_pattern(r"合同|协议|订单")
#: where a title glued to the number's label ends (…合同协议书|政府采购合同编号:)
_GLUED_TITLE = compile_pattern(r"(?<=书|同|议)(?=\p{Han}{0,8}?(?:合同|协议)?(?:编号|编码)[（(：:])")
_NEXT_LABEL = compile_pattern(r"\s+(?=[\p{Han}（）()]{2,12}[：:])")
#: brackets that hold nothing: 协议编号：（　　　　）
_EMPTY_BRACKETS = ("（）", "()", "【】", "[]")


#: a label and its colon opening what follows 合同编号: (a one-line copy runs the next field on)
_LABEL_FIRST = compile_pattern(r"[\u4e00-\u9fff]{2,8}[：:]")


def _clean(value: str, ps: PatternSet) -> str | None:
    core = value.strip(" \u3000")
    if core.endswith("__") and not core.startswith("_") and core.strip("_"):
        return None  # PO-______: a number still to complete (__HT-1__ is one written on the line)
    value = value.strip(BLANK)
    if squash(value).strip("_") in _EMPTY_BRACKETS or _LABEL_FIRST.match(value):
        return None  # 合同编号:签订地点:甲方:… — the next label straight after the colon: nothing written
    value = COLUMN_GAP.split(value, maxsplit=1)[0]  # 合同编号：HT-1　　　　签订日期：…
    value = _NEXT_LABEL.split(value, maxsplit=1)[0]  # CSCG-1 采购人(全称): … — the next field, one space on
    flat = squash(value).strip("_")
    if not flat or flat in _EMPTY_BRACKETS or ps.na.match(flat) or ps.placeholder.fullmatch(flat):
        return None  # blank, struck out, or a template's field (${contractNo}) still to fill
    cut = _NOTE_AFTER.search(flat)  # JNDT8-JD-2024-02，以下简称“主合同” — the number, not the note
    if cut is not None:
        flat = flat[: cut.start()] or None  # type: ignore[assignment]
    return flat


def contract_number(
    lines: list[Line], ps: PatternSet, until: int | None = None
) -> tuple[str | None, int | None]:
    """(number, line) from the first 合同编号 line before ``until``; number None when left blank.

    The label may stand alone in a table cell with the number in the next cell of the row."""
    for i, line in enumerate(lines):
        if until is not None and line.no >= until:
            break
        text = line.text.strip()
        m = ps.contract_number.match(text)
        if m is None:  # …合同(服务类) 政府采购合同编号: FRCG-1 采购方式: 公开招标: fields one space apart
            windows = spaced_fields(line.text, ps)
            m = next((x for a, b in windows if (x := ps.contract_number.match(line.text[a:b]))), None)
            # …合同协议书政府采购合同编号: CSCG-1 — a page that lost the break after the title
            if m is None and i < TITLE_LINES:
                end = windows[0][1] if windows else len(line.text)
                m = next(
                    (
                        x
                        for g in _GLUED_TITLE.finditer(line.text, 0, end)
                        if is_title(line.text[: g.start()].strip(), ps)
                        and (x := ps.contract_number.match(line.text[g.start() : end]))
                    ),
                    None,
                )
        if m is None and COLUMN_GAP.search(text):  # 合同名称：…　　　　合同编号：… (a later column's, named
            # as the contract's: a bare 编号 there is a party's or an item's)
            m = next(
                (
                    x
                    for part in COLUMN_GAP.split(text)[1:]
                    if (x := ps.contract_number.match(part)) and _NAMED.search(x.group(0)[: x.start("value")])
                ),
                None,
            )
        if m is not None:
            value = m.group("value")
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if not value.strip(BLANK) and line.cell is not None and nxt is not None and nxt.cell is not None:
                t, r, c = line.cell
                if nxt.cell == (t, r, c + 1):
                    return _clean(nxt.text, ps), nxt.no
            return _clean(value, ps), line.no
        if line.cell is not None and ps.contract_number.match(squash(text).rstrip("：:") + "："):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            t, r, c = line.cell
            if nxt is not None and nxt.cell == (t, r, c + 1):
                return _clean(nxt.text, ps), nxt.no
        b = _BRACKETED.search(text) if i < TITLE_LINES else None
        if b is not None and is_title(text[: b.start()], ps):  # the title's, not a recital's citing another
            return _clean(b.group("value"), ps), line.no
    return None, None
