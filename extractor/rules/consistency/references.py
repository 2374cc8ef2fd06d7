"""C504 dangling-reference: the text refers to an article, chapter, clause or appendix of this contract that
it does not have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Finding, Line
from ...numerals import cn_to_int, int_to_cn
from ...pattern_set import Consistency
from ...segment import is_appendix_line
from .. import Context, Rule, rule
from .text import SENTENCE_END, SPACE, body_lines

_KIND = {"条": "article", "條": "article", "条款": "article", "章": "chapter"}
_LABEL = {"article": "第{}条", "chapter": "第{}章"}
#: what may stand between references of one chain (第五条、第六条 / 第五条至第八条 / 第九条第（四）项第)
_CHAIN = re.compile(r"[ \u3000_、，,和及或与至到~\-—（）()一二三四五六七八九十0-9第款项]*")
APPENDIX_WORDS = ("附件", "附录", "附表")
_APPENDIX_BEFORE = re.compile(r"(?:附件|附录|附表)[ \u3000]*[一二三四五六七八九十0-9A-Z]{0,3}$")


def _number(raw: str) -> str | None:
    raw = raw.replace("．", ".")
    if raw[0].isdigit():
        return ".".join(str(int(p)) for p in raw.split("."))
    n = cn_to_int(raw)
    return str(n) if n else None


_LEAD_ONLY = re.compile(r"[ \u3000【\[□☐☑■]*")


def _lead_end(text: str, start: int) -> int:
    """Where the text before ``start`` ends once the spaces before ``start`` are left out (read backwards
    over the spaces only: a long line stays linear)."""
    i = start
    while i and text[i - 1] in " \u3000":
        i -= 1
    return i


def _heading_at(text: str, start: int) -> bool:
    """A label at the line's start, or run in after a sentence's end and spaces: a heading, not a reference."""
    i = _lead_end(text, start)
    if _LEAD_ONLY.fullmatch(text, 0, i):
        return True
    return text[i - 1] in SENTENCE_END and i < start


def _run_in(text: str, start: int) -> bool:
    """After a sentence's end or a space: where a page that lost its line breaks ran a heading in
    (…见附件二。第二条合同期限 / …调整数量 第二条、合同金额). Enough to count the article as there (a false
    dangling reference costs more than a missed one), not to take it as a heading."""
    i = _lead_end(text, start)
    return i > 0 and (text[i - 1] in SENTENCE_END or i < start)


#: how far back the words that say whose article a reference is are looked for
LOOK_BACK = 200


def _this_contract(text: str, start: int, c: Consistency) -> bool:
    """Whether the reference at ``start`` points into this contract (本合同第十七条, 违反第十七条), not into a
    law (《民法典》第五百八十五条, 劳动法第四十四条) or another document (主合同第五条, 附件一第三条)."""
    # (the words just before it: a title, a law or a document named there; a window, so a long line stays
    # linear)
    before = text[max(0, start - LOOK_BACK) : start].rstrip(SPACE)
    if before.rfind("《") > before.rfind("》"):
        return False  # inside a title: 《第三条实施细则》
    if any(before.endswith(w) for w in c.this_contract):
        return True
    if _APPENDIX_BEFORE.search(before) or before.endswith(c.other_document_end):
        return False
    end = before[-1:]
    if end and end.isascii() and (end.isalnum() or end in "-/"):
        return False  # GB 50300-2013第5章: a standard's chapter
    # a law named earlier in the sentence, and this contract not named after it
    seg = before[max(before.rfind(ch) for ch in SENTENCE_END) + 1 :]
    k = seg.rfind("》")
    return k < 0 or any(w in seg[k:] for w in c.this_contract if len(w) > 1)


@dataclass(frozen=True)
class _Ref:
    start: int
    end: int
    kind: str  # article | chapter | clause
    number: str
    written: str


def _references(text: str, c: Consistency) -> Iterator[_Ref]:
    """References to this contract's articles, chapters and dotted clauses; sub-references (第二款, 第（四）项)
    are left out: the article they hang on is checked on its own."""
    prev_end: int | None = None
    prev_this = True
    for m in c.reference.finditer(text):
        if _heading_at(text, m.start()):
            prev_end = None
            continue
        this = (
            prev_this
            if prev_end is not None and _CHAIN.fullmatch(text[prev_end : m.start()])
            else _this_contract(text, m.start(), c)
        )
        prev_end, prev_this = m.end(), this
        number = _number(m.group("num"))
        if not this or number is None:
            continue
        kind = "clause" if "." in number else _KIND.get(m.group("kind"))
        if kind is None:
            continue  # 第二款, 第三项
        before = text[max(0, m.start() - LOOK_BACK) : m.start()].rstrip(SPACE)
        lead = next((w for w in c.this_contract if len(w) > 1 and before.endswith(w)), "")
        yield _Ref(m.start(), m.end(), kind, number, lead + "".join(m.group(0).split()).replace("_", ""))


def _existing(ctx: Context) -> dict[str, set[str]]:
    """The numbers of the contract's articles, chapters and dotted clauses: those of the outline, in every
    document of the file and every appendix, and headings written inside a line that the outline may have
    missed (run in after a full stop)."""
    found: dict[str, set[str]] = {"article": set(), "chapter": set(), "clause": set()}
    for top in ctx.outline.nodes:
        for n in top.walk():
            if n.kind in found and n.number:
                found[n.kind].add(n.number)
    c = ctx.patterns.consistency
    for line in ctx.lines:
        if "第" not in line.text:
            continue
        for m in c.reference.finditer(line.text):
            number = _number(m.group("num"))
            kind = "clause" if number and "." in number else _KIND.get(m.group("kind"))
            if number and kind and (_heading_at(line.text, m.start()) or _run_in(line.text, m.start())):
                found[kind].add(number)
    return found


def _label(kind: str, number: str) -> str:
    return _LABEL[kind].format(int_to_cn(int(number))) if kind in _LABEL else f"clause {number}"


def _clause_missing(number: str, clauses: set[str], heads: set[str]) -> bool:
    """A dotted clause is missing when neither it nor a sub-clause of it is there and its parent is numbered
    by dotted clauses (4.1, 4.2 but no 4.3), or not there at all (15.2 where the last chapter is 10)."""
    if number in clauses or any(x.startswith(number + ".") for x in clauses):
        return False
    parent = number.rsplit(".", 1)[0]
    siblings = any(x.startswith(parent + ".") for x in clauses)
    return siblings or (parent not in clauses and parent.split(".")[0] not in heads)


def appendix_number(label: str) -> tuple[str, str] | None:
    """附件三 -> ("附件", "3"); 附录A -> ("附录", "A")."""
    word, rest = label[:2], label[2:].strip(" \u3000：:、．.")
    if not rest:
        return None
    if rest.isascii() and rest.isalpha():
        return word, rest.upper()
    n = cn_to_int(rest)
    return (word, str(n)) if n else None


@rule("C504", "dangling-reference", "warning")
def dangling_reference(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The text refers to an article, chapter, clause or appendix of this contract that it does not have.

    本合同第十七条 in a contract of fifteen articles, 见附件三 beside 附件一 and 附件二: a renumbering left the
    reference behind, or the text is truncated. References into a law (《民法典》第五百八十五条) or another
    document (主合同第五条) are not checked, nor references of a kind the contract does not number by (第三条
    in a contract numbered 一、二、), nor appendices in a document that has none (they may be separate files).

    Hit:
        服务协议
        第一条 乙方提供技术服务。
        第二条 乙方违反本合同第五条约定的，应承担违约责任。
        甲方（盖章）：
        乙方（盖章）：

    Okay:
        服务协议
        第一条 乙方提供技术服务。
        第二条 乙方违反本合同第一条约定的，依照《中华人民共和国民法典》第五百八十五条承担违约责任。
        甲方（盖章）：
        乙方（盖章）：
    """
    if any(n.rule == "numbering-lost" for n in ctx.document.notes):
        return  # headings Word numbered and the reader could not render: the outline is not the contract's
    c = ctx.patterns.consistency
    if ctx.outline.title and c.amending_title.search(ctx.outline.title):
        return  # a 补充协议's 第十七条 is most often the original contract's
    existing: dict[str, set[str]] | None = None
    appendices: dict[str, set[str]] | None = None
    for line in body_lines(ctx):
        text = line.text
        if "第" in text:
            for ref in _references(text, c):
                if existing is None:
                    existing = _existing(ctx)
                dangling = _dangling(ref, existing)
                if dangling:
                    key, args = dangling
                    place = ctx.locator.place(line.no)
                    yield r.finding(
                        key,
                        ref=ref.written,
                        **args,
                        line=line.no,
                        clause=ctx.locator.clause(line.no),
                        span=(ref.start, ref.end),
                        place=place,
                    )
        if any(w in text for w in APPENDIX_WORDS) and not is_appendix_line(text, ctx.patterns):
            if appendices is None:
                appendices = _appendices(ctx)
            if any(w in text for w in appendices):
                yield from _dangling_appendix(ctx, r, line, appendices)


def _dangling(ref: _Ref, existing: dict[str, set[str]]) -> tuple[str, dict[str, object]] | None:
    """The message (key and parameters) for a reference to what the contract lacks, or None."""
    have = existing[ref.kind]
    if not have:
        # the contract does not number by this kind: 第三条 in a contract of 一、二、 is ambiguous
        return None
    if ref.kind == "clause":
        heads = existing["article"] | existing["chapter"]
        if not _clause_missing(ref.number, have, heads):
            return None
        top = int(ref.number.split(".")[0])
        last = max((int(x.split(".")[0]) for x in have | heads if x.split(".")[0].isdigit()), default=top)
        return ("clause_past_end" if top > last else "clause"), {"number": ref.number, "last": last}
    if ref.number in have:
        return None
    last = max((int(x) for x in have if x.isdigit()), default=int(ref.number))
    key = "heading_past_end" if int(ref.number) > last else "heading"
    return key, {"label": _label(ref.kind, ref.number), "last": _label(ref.kind, str(last))}


def _appendices(ctx: Context) -> dict[str, set[str]]:
    """The appendices the document has, by label word (附件, 附录, 附表): its appendix sections and the list of
    them in the body (附件一：房屋验收表). Empty when it has none: its attachments may be separate files."""
    out: dict[str, set[str]] = {}
    labels = [n.label or "" for n in ctx.outline.appendices]
    labels += [
        m.group(0)
        for line in ctx.lines
        if any(w in line.text for w in APPENDIX_WORDS)
        and is_appendix_line(line.text, ctx.patterns)
        and (m := ctx.patterns.consistency.appendix_reference.match(line.text.strip(" \u3000")))
    ]
    for label in labels:
        key = appendix_number("".join(label.split()))
        if key is not None:
            out.setdefault(key[0], set()).add(key[1])
    return out


def _dangling_appendix(
    ctx: Context, r: Rule, line: Line, appendices: dict[str, set[str]]
) -> Iterator[Finding]:
    text = line.text
    for m in ctx.patterns.consistency.appendix_reference.finditer(text):
        key = appendix_number(m.group("label") + m.group("num"))
        if key is None or key[0] not in appendices or key[1] in appendices[key[0]]:
            continue
        if _heading_at(text, m.start()) or text[: m.start()].rstrip(SPACE).endswith(("》", "《")):
            continue
        have = appendices[key[0]]
        written = m.group(0)
        numeric = sorted(int(x) for x in have if x.isdigit())
        listed = "、".join(f"{key[0]}{int_to_cn(n)}" for n in numeric) or "、".join(sorted(have))
        place = ctx.locator.place(line.no)
        yield r.finding(
            "appendix",
            ref=written,
            listed=listed,
            line=line.no,
            clause=ctx.locator.clause(line.no),
            span=(m.start(), m.end()),
            place=place,
        )
