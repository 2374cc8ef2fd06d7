"""Structure rules: numbering gaps, repeats and disorder, misplaced clauses, truncation, signature."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from .. import messages
from ..model import Finding, Node
from ..numerals import int_to_cn
from ..pattern_set import compile_pattern
from ..segment import ITEM_KINDS, REGION_KINDS, ends_sentence, squash
from . import Context, Rule, rule

#: a jump larger than this is a misread number, not missing headings
GAP_MAX = 10
REGIONS = REGION_KINDS
LABELS = {"part": "第{}部分", "chapter": "第{}章", "section": "第{}节", "article": "第{}条"}
ITEM_LABELS = {
    "item-cn": "{}、",
    "item-paren-cn": "（{}）",
    "item-arabic": "{}.",
    "item-paren-arabic": "（{}）",
    "item-circled": "{}",
    "item-letter": "({})",
}


def _label(kind: str, number: str) -> str:
    if kind in LABELS:
        return LABELS[kind].format(int_to_cn(int(number)))
    if kind in ITEM_LABELS:
        n = int(number.rsplit(".", 1)[-1])
        text = int_to_cn(n) if kind in ("item-cn", "item-paren-cn") else str(n)
        if kind == "item-letter":
            text = chr(ord("a") + n - 1) if 1 <= n <= 26 else str(n)
        return ITEM_LABELS[kind].format(text)
    return number


def _main(ctx: Context) -> list[Node]:
    return [n for n in ctx.outline.nodes if n.kind not in REGIONS]


def _sequences(roots: list[Node]) -> Iterator[tuple[str, list[tuple[Node, Node | None]]]]:
    """(kind, [(node, scope node)]) lists whose numbers should run 1, 2, 3 …

    Chapters and articles run through the whole contract (or each part); sections run within a chapter;
    dotted clauses and items within their parent.
    """
    by_scope: dict[tuple[str, int], list[tuple[Node, Node | None]]] = {}
    order: list[tuple[str, int]] = []

    def add(key: tuple[str, int], node: Node, scope: Node | None) -> None:
        if key not in by_scope:
            by_scope[key] = []
            order.append(key)
        by_scope[key].append((node, scope))

    def visit(node: Node, parent: Node | None, part: Node | None, chapter: Node | None, doc: int) -> None:
        k = node.kind
        if k == "document":
            # another agreement or copy in the same file: numbered on its own
            for c in node.children:
                if c.kind not in REGIONS:
                    visit(c, None, None, None, id(node))
            return
        if k == "part":
            add(("part", doc), node, None)
        elif k in ("chapter", "article"):
            # one sequence per document: whether numbers continue across parts (第一部分 第一至三条,
            # 第二部分 第四条) or restart in each is read from the numbers themselves (see _runs)
            add((k, doc), node, (chapter or part) if k == "article" else part)
        elif k == "section":
            add(("section", id(chapter)), node, chapter)
        elif k == "clause" or k in ITEM_KINDS:
            add((k, id(parent)), node, parent)
        part = node if k == "part" else part
        chapter = node if k == "chapter" else chapter
        for c in node.children:
            visit(c, node, part, chapter, doc)

    for r in roots:
        visit(r, None, None, None, 0)
    for key in order:
        yield key[0], by_scope[key]


def _value(node: Node) -> int:
    return int((node.number or "0").rsplit(".", 1)[-1])


def _gap_number(node: Node, n: int) -> str:
    if node.kind == "clause" and node.number and "." in node.number:
        return f"{node.number.rsplit('.', 1)[0]}.{n}"
    return str(n)


def _runs(kind: str, seq: list[tuple[Node, Node | None]]) -> Iterator[list[Node]]:
    """Split a sequence where numbering starts afresh: 第一条 in a new chapter, 1． in a new list."""
    run: list[Node] = []
    prev_scope: Node | None = None
    for node, scope in seq:
        # articles (or chapters) numbered afresh in a new chapter (or part); an item list started afresh
        # (甲方：1．2．乙方：1．2．)
        if (
            run
            and _value(node) == 1
            and (kind in ITEM_KINDS or (kind in ("article", "chapter") and scope is not prev_scope))
        ):
            yield run
            run = []
        run.append(node)
        prev_scope = scope
    if run:
        yield run


def _numbering(ctx: Context) -> Iterator[tuple[str, Finding]]:
    """Walk every numbered sequence once; yield (slug, finding) for each fault."""
    documents = [n for n in ctx.outline.nodes if n.kind == "document"]
    for kind, seq in _sequences([*_main(ctx), *documents]):
        missing_rule = (
            "missing-item"
            if kind in ITEM_KINDS
            else ("missing-clause" if kind == "clause" else "missing-chapter")
        )
        for run in _runs(kind, seq):
            yield from _check_run(ctx, kind, run, missing_rule)


def _increasing(values: list[int]) -> set[int]:
    """Indices of a longest strictly increasing subsequence of ``values`` (the smallest numbers win a
    tie, so in 第十二条 第十八条 第十三条 it is 第十八条 that stands out)."""
    tails: list[int] = []  # tails[k]: index of the smallest last value of an increasing run of length k+1
    back: list[int] = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left([values[t] for t in tails], v)
        back[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    out: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        out.add(i)
        i = back[i]
    return out


def _check_run(ctx: Context, kind: str, run: list[Node], missing_rule: str) -> Iterator[tuple[str, Finding]]:
    first_line: dict[int, int] = {}
    kept: list[Node] = []
    for node in run:
        v = _value(node)
        if v in first_line:
            yield (
                "duplicate-heading",
                _f(
                    ctx,
                    "duplicate-heading",
                    node,
                    "repeat",
                    label=node.label,
                    first=first_line[v],
                ),
            )
            continue
        first_line[v] = node.line
        kept.append(node)
    present = set(first_line)
    # the longest increasing run is the document's sequence: a number outside it is the one out of place
    in_seq = _increasing([_value(n) for n in kept])
    seq = [n for i, n in enumerate(kept) if i in in_seq]
    for i, node in enumerate(kept):
        if i in in_seq:
            continue
        before = next((kept[j] for j in range(i - 1, -1, -1) if j in in_seq), None)
        after = next((kept[j] for j in range(i + 1, len(kept)) if j in in_seq), None)
        where = messages.word("and").join(x.label or "" for x in (before, after) if x is not None)
        yield (
            "numbering-out-of-order",
            _f(
                ctx,
                "numbering-out-of-order",
                node,
                "between" if before is not None and after is not None else ("after" if before else "before"),
                label=node.label,
                where=where,
                other=(before or after).label if (before or after) is not None else "",
            ),
        )
    prev: Node | None = None
    for node in seq:
        v = _value(node)
        top = _value(prev) if prev is not None else 0
        gap: range = range(0)
        if prev is None:
            # a list may begin inline on the line above (登记材料：（1）… then （2）), so items are not
            # held to start at 1
            if 1 < v <= GAP_MAX + 1 and kind != "part" and kind not in ITEM_KINDS:
                gap = range(1, v)
        elif v - top - 1 > GAP_MAX:
            yield (
                "numbering-out-of-order",
                _f(
                    ctx,
                    "numbering-out-of-order",
                    node,
                    "jump",
                    label=node.label,
                    prev=prev.label,
                    step=v - top,
                ),
            )
        else:
            gap = range(top + 1, v)
        for n in gap:
            if n in present:
                continue  # it stands elsewhere: out of order, not missing
            number = _gap_number(node, n)
            run_in = _run_in(ctx, kind, number, prev.line if prev is not None else 0, node.line)
            if run_in is not None:
                yield "heading-run-in", run_in
                continue
            yield (
                missing_rule,
                _rule(missing_rule).finding(
                    "gap" if prev is not None else "start",
                    label=_label(node.kind, number),
                    number=number,
                    prev=prev.label if prev is not None else "",
                    next=node.label,
                    line=node.line,
                    clause=number,
                    place=ctx.locator.place(node.line),
                ),
            )
        prev = node


#: what may stand before a heading run into the paragraph above: a sentence's end, then spaces
_RUN_IN_BEFORE = "。；;：:！？!?）)"
_SENTENCE_END = "。；;！？!?"
#: how an item run into a line may be written
_RUN_IN_ITEM_LABELS = {
    "item-cn": ("{}、",),
    "item-paren-cn": ("（{}）", "({})"),
    "item-arabic": ("{}、", "{}．", "{}."),
    "item-paren-arabic": ("（{}）", "({})"),
}


def _run_in(ctx: Context, kind: str, number: str, start: int, end: int) -> Finding | None:
    """The finding for heading ``number`` written inside a line between ``start`` and ``end`` (a paragraph
    mark lost: ``……义务。    第十二条 双方……``), or None when it is nowhere: then it is missing."""
    if kind in LABELS:
        labels: tuple[str, ...] = (_label(kind, number), LABELS[kind].format(number))
    elif kind in _RUN_IN_ITEM_LABELS:
        n = int(number.rsplit(".", 1)[-1])
        text = int_to_cn(n) if kind in ("item-cn", "item-paren-cn") else str(n)
        labels = tuple(f.format(text) for f in _RUN_IN_ITEM_LABELS[kind])
    else:
        return None
    lines = ctx.lines
    lo = bisect.bisect_left(lines, start, key=lambda ln: ln.no)
    hi = bisect.bisect_left(lines, end, key=lambda ln: ln.no)
    for line in lines[lo:hi]:
        text = line.text
        for label in labels:
            i = text.find(label, 1)
            if i < 0 or text[i + len(label) : i + len(label) + 1].isdigit():
                continue  # 3.5 is a number, not item 3.
            lead = text[:i].rstrip(" \u3000\t")
            # spaces left where the paragraph mark was; or, right after a full stop, none
            if lead and lead[-1] in _RUN_IN_BEFORE and (len(lead) < i or lead[-1] in _SENTENCE_END):
                return _rule("heading-run-in").finding(
                    "run_in",
                    label=label,
                    lead=lead[-8:],
                    line=line.no,
                    clause=number,
                    span=(i, i + len(label)),
                    place=ctx.locator.place(line.no),
                )
    return None


def _rule(slug: str) -> Rule:
    from . import RULES

    return RULES[slug]


def _f(ctx: Context, slug: str, node: Node, key: str, **args: object) -> Finding:
    return _rule(slug).finding(
        key, line=node.line, clause=node.number, place=ctx.locator.place(node.line), **args
    )


def _numbering_findings(ctx: Context, slug: str) -> Iterator[Finding]:
    cache = ctx.extra.get("numbering")
    if cache is None:
        cache = list(_numbering(ctx))
        ctx.extra["numbering"] = cache
    for s, f in cache:  # type: ignore[attr-defined]
        if s == slug:
            yield f


@rule("S101", "missing-chapter", "error")
def missing_chapter(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A chapter, part, section or article number is skipped (第十二章 is followed by 第十四章).

    Hit:
        服务协议
        第一章 定义
        1.1 本协议中的用语含义如下。
        第三章 费用
        3.1 费用按月支付。

    Okay:
        服务协议
        第一章 定义
        1.1 本协议中的用语含义如下。
        第二章 费用
        2.1 费用按月支付。
    """
    yield from _numbering_findings(ctx, r.slug)


@rule("S102", "missing-clause", "error")
def missing_clause(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A dotted clause number is skipped inside its chapter (4.1 is followed by 4.3).

    Hit:
        服务协议
        第四章 义务
        4.1 甲方应按时付款。
        4.3 乙方应按时交付。

    Okay:
        服务协议
        第四章 义务
        4.1 甲方应按时付款。
        4.2 乙方应按时交付。
    """
    yield from _numbering_findings(ctx, r.slug)


@rule("S103", "numbering-out-of-order", "warning")
def out_of_order(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A heading number is smaller than one before it (第五条 after 第七条).

    Hit:
        租赁合同
        第一条 租赁物。
        第二条 租期。
        第四条 押金。
        第三条 租金。

    Okay:
        租赁合同
        第一条 租赁物。
        第二条 租期。
        第三条 租金。
    """
    yield from _numbering_findings(ctx, r.slug)
    # 12.2 / 12.21 / 12.22 / 12.3: the options of 12.2 with a dot lost, read as its children; one finding
    # for the group
    groups: dict[str, list[tuple[Node, str]]] = {}
    for node, meant in ctx.outline.dot_lost:
        groups.setdefault(meant.rsplit(".", 1)[0], []).append((node, meant))
    for parent, group in groups.items():
        node = group[0][0]
        written = "、".join(n.label or "" for n, _ in group)
        meant = "、".join(m for _, m in group)
        yield r.finding(
            "dot_lost",
            written=written,
            parent=parent,
            meant=meant,
            line=node.line,
            clause=node.number,
            place=ctx.locator.place(node.line),
        )


@rule("S111", "heading-run-in", "warning")
def heading_run_in(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A heading is written at the end of the paragraph above instead of on its own line (a paragraph mark
    lost in editing); it is not missing. The article that comes next, after a sentence's end and spaces,
    is read as a heading where it stands; another run-in heading is found where the numbering skips it.

    Hit:
        技术服务合同
        第十条 乙方应按时交付。
        第十一条 出现下列情形，可以解除本合同。    第十二条 双方因履行本合同而发生的争议，应协商解决。
        第十三条 本合同自签字之日起生效。

    Okay:
        技术服务合同
        第十条 乙方应按时交付。
        第十一条 出现下列情形，可以解除本合同。
        第十二条 双方因履行本合同而发生的争议，应协商解决。
        第十三条 本合同自签字之日起生效。
    """
    yield from _numbering_findings(ctx, r.slug)
    # the articles the outline took out of the line they were run into (the next article after a sentence's
    # end and spaces); a run-in heading it could not take out is found where the numbering skips it
    for node, start, lead in ctx.outline.run_in:
        yield r.finding(
            "run_in",
            label=node.label,
            lead=lead[-8:],
            line=node.line,
            clause=node.number,
            span=(start, start + len(node.label or "")),
            place=ctx.locator.place(node.line),
        )


@rule("S104", "duplicate-heading", "warning")
def duplicate_heading(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The same heading number is used twice (two 第七条).

    Hit:
        租赁合同
        第一条 租赁物。
        第二条 租期。
        第二条 租金。
        第三条 押金。

    Okay:
        租赁合同
        第一条 租赁物。
        第二条 租期。
        第三条 租金。
    """
    yield from _numbering_findings(ctx, r.slug)


@rule("S105", "clause-outside-chapter", "warning")
def clause_outside_chapter(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A dotted clause stands under a chapter or article of another number (4.3 inside 第五章).

    Hit:
        服务协议
        第四章 义务
        4.1 甲方应按时付款。
        第五章 违约
        5.1 违约方应赔偿损失。
        4.3 乙方应按时交付。

    Okay:
        服务协议
        第四章 义务
        4.1 甲方应按时付款。
        第五章 违约
        5.1 违约方应赔偿损失。
    """
    for node, container in ctx.outline.misplaced:
        yield r.finding(
            "misplaced",
            number=node.number,
            container=container.label,
            container_number=container.number,
            line=node.line,
            clause=node.number,
            place=ctx.locator.place(node.line),
        )


def _last_main(ctx: Context) -> Node | None:
    main = _main(ctx)
    if not main:
        return None
    node = main[-1]
    while node.children:
        node = node.children[-1]
    return node


@rule("S106", "truncated-document", "error")
def truncated(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The contract stops early: the last heading has no body, or the text stops mid-clause.

    Hit:
        服务协议
        第一章 定义
        1.1 本协议中的用语含义如下。
        第二章 费用

    Okay:
        服务协议
        第一章 定义
        1.1 本协议中的用语含义如下。
        第二章 费用
        2.1 费用按月支付。
        甲方（盖章）：
        乙方（盖章）：
    """
    node = _last_main(ctx)
    if node is None:
        return
    place = ctx.locator.place(node.line)
    if node.kind in LABELS and not node.text.strip() and not ends_sentence(node.title):
        yield r.finding(
            "no_body",
            label=node.label,
            title=node.title,
            line=node.line,
            clause=node.number,
            place=place,
        )
        return
    if ctx.outline.signature is not None:
        return
    last = (node.text.strip().rsplit("\n", 1)[-1] if node.text.strip() else node.title).strip()
    if _FIELD_LINE.match(last):
        return  # 联系地址：浙江省…969号 — a form line, complete as it is
    if last and not ends_sentence(last) and (last[-1] in "，,、" or len(last) >= 15):
        yield r.finding(
            "mid_sentence",
            tail=last[-12:],
            line=node.end_line,
            clause=node.number,
            place=place,
        )
    elif last and last[-1] in "：:；;":
        yield r.finding(
            "list",
            tail=last[-12:],
            line=node.end_line,
            clause=node.number,
            place=place,
        )


@rule("S107", "missing-signature", "error")
def missing_signature(ctx: Context, r: Rule) -> Iterator[Finding]:
    """No signature block: nowhere for the parties to sign, seal and date the contract.

    Hit:
        服务协议
        第一条 乙方提供服务。
        第二条 甲方支付费用。

    Okay:
        服务协议
        第一条 乙方提供服务。
        第二条 甲方支付费用。
        甲方（盖章）：
        乙方（盖章）：
        签订日期：2024年3月1日
    """
    if ctx.outline.signature is not None or not _main(ctx):
        return
    if _signed_inside(ctx) or _images_after_text(ctx):
        return
    roles = "、".join(p.role for p in ctx.parties) or messages.word("the parties")
    yield r.finding("none", roles=roles, line=ctx.lines[-1].no if ctx.lines else None)


_FIELD_LINE = compile_pattern(r"^\p{Han}[\p{Han}（）()/ ]{0,11}[：:]\s*\S")


def _signed_inside(ctx: Context) -> bool:
    """A party's seal line within the text (发包人：（公章） at the end of 第一部分 协议书, before the general
    terms): the contract has its signature block, only not at the end."""
    roles = tuple(r for p in ctx.parties for r in (p.role, p.alias) if r)
    if not roles:
        return False
    for line in ctx.lines:
        flat = squash(line.text)
        if (
            len(flat) <= 40
            and flat.startswith(roles)
            and ctx.patterns.sign_word.search(flat) is not None
            and not flat.endswith(("。", "；", ";"))
            and any(c in flat for c in "：:（(")
        ):
            return True
    return False


@rule("S108", "missing-item", "warning")
def missing_item(ctx: Context, r: Rule) -> Iterator[Finding]:
    """An item number in a list is skipped (（一） is followed by （三）).

    Hit:
        采购合同
        第一条 付款方式如下：
        （一）预付款；
        （三）尾款。

    Okay:
        采购合同
        第一条 付款方式如下：
        （一）预付款；
        （二）尾款。
    """
    yield from _numbering_findings(ctx, r.slug)


@rule("S109", "missing-title", "warning")
def missing_title(ctx: Context, r: Rule) -> Iterator[Finding]:
    """No contract title (a line naming the 合同/协议) before the first clause. A page that lost its line
    breaks and ran the title into a long first line naming the contract has one.

    Hit:
        第一条 乙方提供服务。
        第二条 甲方支付费用。

    Okay:
        服务协议
        第一条 乙方提供服务。

    Okay:
        钢筋购销合同 需方:某建筑公司(以下简称甲方) 供方:某钢材公司(以下简称乙方) 经甲乙双方充分协商，订立本合同。
        第一条 钢材品种。
    """
    if ctx.outline.title is None and ctx.lines and not _title_run_in(ctx):
        yield r.finding("none", line=ctx.lines[0].no)


#: how long a first line is when it is no title but a page's text run together (a title is shorter)
TITLE_LINE_MAX = 40


def _title_run_in(ctx: Context) -> bool:
    """A page that lost its line breaks ran the title into the first line (钢筋购销合同 需方:…, …续签合同政府
    采购合同(服务类) 合同编号:…): a long first line naming the contract early, outside a law's title. The
    title is there, only not on a line of its own: no S109 (a false alarm costs more than a miss)."""
    first = next((ln.text.strip() for ln in ctx.lines if ln.text.strip()), "")
    if len(first) <= TITLE_LINE_MAX:
        return False
    head = first[:80]
    for m in ctx.patterns.title_word.finditer(head):
        if head.rfind("《", 0, m.start()) <= head.rfind("》", 0, m.start()):
            return True
    return False


@rule("S110", "no-contract-text", "error")
def no_contract_text(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Nothing of a contract is in the file: all of it is page boilerplate, or it has no title, no
    numbered clause, no party and no signature block (a login page or an error page saved as the file).
    A text that names a contract and a party (合同 … 甲方) is one whose layout was not read, not this.

    Hit:
        原创力文档(book118)网站文档一经付费(服务费),不意味着购买了该文档的版权
        查看更多

    Hit:
        403 Forbidden
        登录已过期，请重新登录后再下载文件。

    Okay:
        服务协议
        第一条 乙方提供服务。
    """
    read = any(line.text.strip() for line in ctx.document.lines)  # a scan without OCR has its own finding
    if not read:
        return
    if not any(line.text.strip() for line in ctx.lines):
        dropped = ctx.noise_head + ctx.noise_tail
        yield r.finding("boilerplate", dropped=dropped)
    elif (
        ctx.outline.title is None
        and not _main(ctx)
        and not ctx.parties
        and ctx.outline.signature is None
        and not ctx.blanks
        and not _speaks_as_contract(ctx)
    ):
        n = sum(1 for line in ctx.lines if line.text.strip())
        yield r.finding(
            "not_contract",
            n=n,
            line=ctx.lines[0].no if ctx.lines else None,
        )


def _speaks_as_contract(ctx: Context) -> bool:
    """Whether the text holds a contract word and a party word (政府采购合同 … 采购人 …): a contract whose
    layout was not read (a page scrape on one line), not a page that is no contract at all."""
    ps = ctx.patterns
    return any(ps.contract_word.search(line.text) for line in ctx.lines) and any(
        ps.party_word.search(line.text) for line in ctx.lines
    )


@rule("S112", "several-documents", "info")
def several_documents(ctx: Context, r: Rule) -> Iterator[Finding]:
    """The file holds more than one document: signed copies of one agreement, or an agreement followed
    by others (a 保密协议 after the main contract), each with its own numbering and signature block.

    Hit:
        保密协议
        第一条 保密范围。
        甲方（盖章）：
        乙方（签字）：
        保密协议
        第一条 保密范围。
        甲方（盖章）：
        乙方（签字）：

    Okay:
        保密协议
        第一条 保密范围。
        甲方（盖章）：
        乙方（签字）：
    """
    documents = [n for n in ctx.outline.nodes if n.kind == "document"]
    if not documents:
        return
    first = ctx.outline.title or ""
    titles = [first, *(d.title for d in documents)]
    where = {"line": documents[0].line, "place": ctx.locator.place(documents[0].line)}
    if first and all(t == first for t in titles):
        yield r.finding("copies", n=len(titles), title=first, **where)
    else:
        names = "、".join(f"《{t}》" if t else messages.word("untitled") for t in titles)
        yield r.finding("documents", n=len(titles), names=names, **where)


def _images_after_text(ctx: Context) -> list[int]:
    """Lines of the pictures after the last clause's heading: a signing page pasted in as a scan."""
    node = _last_main(ctx)
    if node is None:
        return []
    return [no for no in ctx.document.images if no >= node.line]


@rule("S113", "signature-image", "info")
def signature_image(ctx: Context, r: Rule) -> Iterator[Finding]:
    """No signature block in the text, but pictures after the last clause: the signing page is probably
    a scan pasted into the document. hetong cannot read it; a reviewer checks it by eye.

    Hit:
        (a .docx whose signing page after the last clause is a picture)

    Okay:
        服务协议
        第一条 乙方提供服务。
        甲方（盖章）：
        乙方（盖章）：
    """
    if ctx.outline.signature is not None or not _main(ctx) or _signed_inside(ctx):
        return
    images = _images_after_text(ctx)
    if images:
        yield r.finding(
            "images",
            n=len(images),
            line=images[0],
            place=ctx.locator.place(images[0]),
        )
