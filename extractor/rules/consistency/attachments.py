"""C508 missing-attachment: an appendix the contract declares part of it is not in the file.

The split with C504 dangling-reference: C504 reports a reference to an appendix number the document names
nowhere — neither in its list of appendices nor as an appendix — so the reference itself is wrong. This rule
reports an appendix the document does declare — listed (附件三：房屋交还确认书, 合同附件如下：1.…) or named by
its title (本合同附件《担保物清单》) — whose text the file does not hold. A reference to a listed appendix is
therefore never C504's, and an appendix named by number alone outside a list is never this rule's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Finding, Line
from ...segment import is_appendix_line, squash
from .. import Context, Rule, rule
from .references import APPENDIX_WORDS, appendix_number
from .text import body_lines

_HAN = re.compile(r"[\u3400-\u9fff]")
#: a note in brackets after a title (房屋验收表（见后）, 报价单（另附）): not part of the title looked for
_NOTE = re.compile(r"[（(][^（()）]*[）)]")


@dataclass(frozen=True)
class _Declared:
    line: int
    span: tuple[int, int]
    written: str  # 附件三：房屋交还确认书 / 附件《担保物清单》 / 2.营业执照复印件
    key: tuple[str, str] | None  # (附件, 3), when numbered
    title: str  # squashed, without 《》; "" when none


def _title(text: str) -> str:
    """A title as compared: squashed, without 《》, a blank's underscores or end punctuation; "" when it has
    fewer than two Chinese characters (a blank list item, 2.____)."""
    title = (
        _NOTE.sub("", squash(text))
        .replace("_", "")
        .replace("《", "")
        .replace("》", "")
        .strip('“”"：:。；;，,、.．')
    )
    return title if len(_HAN.findall(title)) >= 2 else ""


def _declared(ctx: Context, body: list[Line]) -> Iterator[_Declared]:
    """The appendices the body declares: its list of them (附件一：房屋验收表 / 附件如下：then 1.… lines), and
    appendices named by title (本合同附件《担保物清单》)."""
    c = ctx.patterns.consistency
    listing = False  # in the numbered lines after 合同附件如下：
    for line in body:
        text = line.text
        flat = squash(text)
        if listing:
            m = c.appendix_item.match(flat)
            if m is not None:
                title = _title(m.group("title"))
                if title:
                    yield _Declared(line.no, (0, len(text)), flat, None, title)
                continue
            listing = False
        if not any(w in text for w in APPENDIX_WORDS):
            continue
        if c.appendix_list_intro.search(flat):
            listing = True
            continue
        if is_appendix_line(text, ctx.patterns):
            m = c.appendix_reference.match(text.strip(" \u3000"))
            if m is not None:
                key = appendix_number("".join(m.group(0).split()))
                rest = _title(text.strip(" \u3000")[m.end() :])
                yield _Declared(line.no, (0, len(text)), flat, key, rest)
            continue
        for m in c.appendix_titled.finditer(text):
            yield _Declared(line.no, (m.start(), m.end()), squash(m.group(0)), None, _title(m.group("title")))


@rule("C508", "missing-attachment", "warning")
def missing_attachment(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An appendix the contract declares part of it is not in the file.

    附件一至附件三 listed and only 附件一、附件二 present; 本合同附件《担保物清单》 with no such list after the
    signatures: the file handed over is incomplete. Checked only when the file holds appendices of its own
    (after the signature block), or the list says they follow (附后): otherwise they may be separate files.
    Appendices that are copies of papers (营业执照复印件, 身份证) are not looked for. A reference to an
    appendix number that the document names nowhere is C504's (dangling-reference), not this rule's.

    Hit:
        房屋租赁合同
        甲方：杭州云帆科技有限公司
        乙方：宁波甬达电子商务有限公司
        第一条 甲方将房屋出租给乙方。
        第二条 本合同附件如下，为本合同不可分割的部分：
        附件一：房屋交割清单
        附件二：房屋交还确认书
        甲方（盖章）：
        乙方（盖章）：
        附件一：房屋交割清单
        水表读数：125

    Okay:
        房屋租赁合同
        甲方：杭州云帆科技有限公司
        乙方：宁波甬达电子商务有限公司
        第一条 甲方将房屋出租给乙方，房屋现状见本合同附件《房屋交割清单》。
        第二条 合同附件如下：
        1.房屋交还确认书
        2.乙方营业执照复印件
        甲方（盖章）：
        乙方（盖章）：
        附件
        房 屋 交 割 清 单
        水表读数：125
        附件
        房屋交还确认书
    """
    apps = ctx.outline.appendices
    tail_from = apps[0].line if apps else None
    c = ctx.patterns.consistency
    body = [ln for ln in body_lines(ctx) if tail_from is None or ln.no < tail_from]
    declared = list(_declared(ctx, body))
    if not declared:
        return
    if tail_from is None:
        # no appendix in the file: only those the list says follow (附后) are missing
        declared = [d for d in declared if c.attached_here.search(_line(ctx, d.line))]
        if not declared:
            return
    tail = [ln for ln in ctx.lines if tail_from is not None and ln.no >= tail_from]
    present = {
        key
        for ln in tail
        if is_appendix_line(ln.text, ctx.patterns)
        and (m := c.appendix_reference.match(ln.text.strip(" \u3000")))
        and (key := appendix_number("".join(m.group(0).split())))
    }
    text = "".join(squash(ln.text) for ln in tail)
    seen: set[object] = set()
    for d in declared:
        if d.key is not None and d.key in present:
            continue
        if d.title and d.title in text:
            continue
        if d.key is None and not d.title:
            continue
        if d.title and c.appendix_separate.search(d.title):
            continue  # a copy of a paper (营业执照复印件): handed over apart
        ident = d.key or d.title
        if ident in seen:
            continue
        seen.add(ident)
        yield r.finding(
            "missing",
            appendix=d.written,
            line=d.line,
            clause=ctx.locator.clause(d.line),
            span=d.span,
            place=ctx.locator.place(d.line),
        )


def _line(ctx: Context, no: int) -> str:
    return next((ln.text for ln in ctx.lines if ln.no == no), "")
