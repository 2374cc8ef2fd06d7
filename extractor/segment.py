"""Segment: Lines -> an outline tree.

title, cover (and a model contract's how-to-fill instructions), preamble, then parts / chapters /
sections / articles / dotted clauses / items, then the signature block and appendices.

Headings are recognised by the patterns in ``patterns/headings.toml``. A heading nests under the nearest
open heading of a smaller rank, except that a dotted clause (4.3) looks for its parent by number first
(chapter or article 4, clause 4.3 for 4.3.1). Numbering faults (gaps, repeats, disorder, a clause under
the wrong chapter) are kept in the tree as written and reported by the structure rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from .model import Line, Node
from .numerals import cn_to_int
from .pattern_set import PatternSet, compile_pattern

#: kinds that hold numbered contract provisions
CHAPTER_KINDS = ("part", "chapter", "section", "article")
ARTICLE_RANK = 4
ITEM_RANK = 10
#: item kinds that head dotted clauses in contracts numbered 一、 1.1 1.2 二、 2.1 (or 1. 1.1 …)
CLAUSE_HEAD_KINDS = ("item-cn", "item-arabic")
RECITALS = ("鉴于", "鑒於")
#: the sentence that ends the recitals: 双方经友好协商，达成如下协议 / 特订立本合同 / 约定如下
_AGREED = compile_pattern(
    r"(?:达成|订立|签订|签署|约定|协议|合同)[^。（(]{0,12}(?:如下|以下(?!简称|称))|(?:特|兹)(?:订立|签订|制定)"
)
ITEM_KINDS = ("item-cn", "item-paren-cn", "item-arabic", "item-paren-arabic", "item-circled", "item-letter")
#: the end of a sentence: a line ending otherwise continues on the next one
TERMINAL = '。！？!?；;…）)」』”"：:'
#: a title or heading-like line is short
TITLE_MAX = 40
SIGNATURE_MAX = 40
#: a gap this wide (an ideographic space counts two) separates side-by-side columns on one line
COLUMN_GAP = compile_pattern(r"(?:[ \t]{4,}|\u3000{2,}|(?:\u3000[ \t]{2,})+)")


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    kind: str
    rank: int
    number: str  # Arabic, dotted for clauses
    value: int  # the last component, for sequence checks
    label: str  # as written
    rest: str  # heading text after the label


#: outline kinds that are regions of the document, not numbered headings of its body
REGION_KINDS = ("title", "cover", "instructions", "preamble", "signature", "appendix", "document")


@dataclass(slots=True)
class Outline:
    title: str | None
    title_line: int | None
    nodes: list[Node]
    #: line numbers of the signature block and appendices (for parties and rules)
    signature: Node | None = None
    appendices: list[Node] = field(default_factory=list)
    #: clause numbers attached under a chapter of another number: (node, container)
    misplaced: list[tuple[Node, Node]] = field(default_factory=list)
    #: the line that opens a part for an authority to fill (以下由登记机构填写), after the signatures
    office_use: int | None = None
    #: clauses whose number lost a dot (12.21 / 12.22 under 12.2): (node, the number meant: 12.2.1)
    dot_lost: list[tuple[Node, str]] = field(default_factory=list)
    #: articles written at the end of the paragraph above (a paragraph mark lost): (node, where its label
    #: starts in the line, the words before it)
    run_in: list[tuple[Node, int, str]] = field(default_factory=list)


def squash(text: str) -> str:
    """Remove all white space (letter-spaced titles and labels: 保 密 协 议, 住  所  地)."""
    return "".join(text.split())


#: a heading starts with one of these (after spaces): a cheap test before the heading patterns run
#: numbers written as one enclosed character: ⒈-⒛ (item-arabic), ⑴-⒇ (item-paren-arabic), ㈠-㈩ (item-paren-cn)
_ENCLOSED = {
    **{chr(0x2488 + i): i + 1 for i in range(20)},
    **{chr(0x2474 + i): i + 1 for i in range(20)},
    **{chr(0x3220 + i): i + 1 for i in range(10)},
}
_HEAD_START = frozenset(
    "第（(【①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳0123456789一二三四五六七八九十百零〇两壹贰叁肆伍陆柒捌玖拾abcdefghijklmnopqrstuvwxyz"
) | frozenset(_ENCLOSED)


_BRACKETED_HEAD = compile_pattern(r"【\s*(第[^】]{1,8}[条條章节節]|[0-9.．]{1,8})\s*】")
#: a table-of-contents entry: a dot leader (…… / ...... / ·····) and a page number at the end
_TOC_LINE = compile_pattern(r"(?:…{1,}|\.{4,}|·{4,}|－{4,}|-{6,})[ \u3000]*[0-9]{1,3}[ \u3000]*$")


#: check boxes an option may start with
_BOXES = frozenset("□☐■☑☒√✓✔")


@lru_cache(maxsize=1 << 15)
def match_heading(text: str, ps: PatternSet) -> HeadingMatch | None:
    """The heading a line starts with, if any. Cached: every stage asks about the same lines."""
    t = text.lstrip(" \u3000")
    if t[:1] in _BOXES and len(t) > 1:
        # □1.特别委托 / ☑2.概括委托: a numbered option with its check box is an item of its list
        hm = match_heading(t[1:], ps)
        return hm if hm is not None and hm.kind in ITEM_KINDS else None
    if not t or t[0] not in _HEAD_START:
        return None
    if t[0] == "【":  # 【第一条】 租赁物
        m = _BRACKETED_HEAD.match(t)
        if m is None:
            return None
        t = m.group(1) + " " + t[m.end() :]
    if _TOC_LINE.search(t):
        return None  # 第一条 服务内容……1: a line of the table of contents
    for h in ps.headings:
        m = h.regex.match(t)
        if m is None:
            continue
        groups = m.groupdict()
        raw = m.group("num") or groups.get("num2") or groups.get("num3") or ""
        if len(raw) == 1 and raw in _ENCLOSED:  # ⒈ ⑴ ㈠: the number is the character's place in its set
            value = _ENCLOSED[raw]
            return HeadingMatch(
                h.kind, h.rank, str(value), value, m.group(0).strip(), t[m.end() :].lstrip(" \u3000")
            )
        rest = t[m.end() :].lstrip(" \u3000、．.:：")
        if h.kind == "item-letter":
            value = ord(raw) - ord("a") + 1
            return HeadingMatch(h.kind, h.rank, str(value), value, m.group(0).strip(), rest)
        if h.kind == "clause":
            parts = raw.replace("．", ".").split(".")
            nums = [int(p) for p in parts]
            if nums[0] > 200 or 0 in nums[:1]:
                continue  # 2024.3.5 is a date
            return HeadingMatch(
                "clause", h.rank + len(nums) - 2, ".".join(map(str, nums)), nums[-1], m.group(0).strip(), rest
            )
        value = cn_to_int(raw)
        if value is None or value == 0:
            continue
        return HeadingMatch(h.kind, h.rank, str(value), value, m.group(0).strip(), rest)
    return None


#: brackets a title may be set in: 【房屋租赁合同】 《保密协议》
_TITLE_BRACKETS = (("【", "】"), ("《", "》"), ("「", "」"), ("〖", "〗"), ("[", "]"))


def _unbracket(s: str) -> str:
    for a, b in _TITLE_BRACKETS:
        if s.startswith(a) and s.endswith(b) and len(s) > 2:
            return s[1:-1]
    return s


def is_title(text: str, ps: PatternSet) -> bool:
    s = _unbracket(squash(text))
    return 2 <= len(s) <= TITLE_MAX and s[-1] not in "。；;，," and ps.title_words.search(s) is not None


def clean_title(text: str, ps: PatternSet | None = None) -> str:
    """保 密 协 议 -> 保密协议; a title with real words separated by spaces keeps them; 【房屋租赁合同】 ->
    房屋租赁合同."""
    t = _unbracket(text.strip()).strip()
    if ps is not None:
        t = ps.model_mark.sub("", t).strip()  # （示范文本） names the model, not the contract
    parts = t.split()
    if len(parts) > 2 and all(len(p) <= 2 for p in parts):
        return "".join(parts)
    return t


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return not t or t[-1] in TERMINAL


class _TextSink:
    """Collects body lines per node and joins them once (appending to a str each time is quadratic)."""

    def __init__(self) -> None:
        self.parts: dict[int, tuple[Node, list[str]]] = {}

    def add(self, node: Node, line: Line, text: str) -> None:
        entry = self.parts.get(id(node))
        if entry is None:
            entry = self.parts[id(node)] = (node, [node.text] if node.text else [])
        entry[1].append(text.strip())
        node.end_line = line.no

    def finish(self) -> None:
        for node, parts in self.parts.values():
            node.text = "\n".join(parts)
        self.parts.clear()


class _Builder:
    """Builds the tree with a stack of open headings."""

    def __init__(self, ps: PatternSet):
        self.ps = ps
        self.roots: list[Node] = []
        self.stack: list[tuple[int, Node]] = []  # (rank, node)
        self.misplaced: list[tuple[Node, Node]] = []
        self.dot_lost: list[tuple[Node, str]] = []
        self.run_in: list[tuple[Node, int, str]] = []
        #: (kind, bracket style) -> rank, for a list written in the other style inside an item (restyle)
        self.styled: dict[tuple[str, str], int] = {}
        self.clause_heads: set[str] = set()
        #: item kinds that stand above articles (一、劳动合同期限 / 第一条 … in the 人社部 model): rank
        self.section_items: dict[str, int] = {}
        #: per kind, the last item number raised to article level (一、 1.1 1.2 二、 2.1 …)
        self.last_head: dict[str, int] = {}
        self.sink = _TextSink()

    def current(self) -> Node | None:
        return self.stack[-1][1] if self.stack else None

    def add_text(self, line: Line, text: str, fallback: Node) -> None:
        node = self.current() or fallback
        self.sink.add(node, line, text)
        for _, open_node in self.stack:
            open_node.end_line = line.no

    def _parent_by_number(self, number: str) -> int | None:
        """Stack index of the node a dotted clause belongs to by its number, if open."""
        head = number.rsplit(".", 1)[0]
        depth = number.count(".")
        for i in range(len(self.stack) - 1, -1, -1):
            node = self.stack[i][1]
            if node.number != head:
                continue
            if node.kind in CLAUSE_HEAD_KINDS and any(
                n.kind == "clause" and (n.number or "").startswith(f"{head}.") for _, n in self.stack[:i]
            ):
                continue  # 第五条 / 5.6 / 1、…5、 / 5.7: item 5、 inside clause 5.6 heads no clause 5.7
            if depth == 1 and node.kind in ("chapter", "article", "clause", *CLAUSE_HEAD_KINDS):
                return i
            if depth > 1 and node.kind == "clause":
                return i
        return None

    def _dot_lost_parent(self, number: str) -> tuple[int, str] | None:
        """(stack index, number meant) when ``number`` reads as a child of the open clause with a dot lost:
        12.21 right after 12.2 (or 12.22 after such a 12.21) is 12.2.1, not a sibling numbered 21."""
        head, _, last = number.rpartition(".")
        if not head or len(last) != 2 or last[1] == "0" or not self.stack:
            return None
        top = self.stack[-1][1]
        if top.kind != "clause":
            return None
        if last[1] == "1" and top.number == f"{head}.{last[0]}":
            return len(self.stack) - 1, f"{head}.{last[0]}.1"
        prev = f"{head}.{last[0]}{int(last[1]) - 1}"
        if top.number == prev and any(n is top for n, _ in self.dot_lost) and len(self.stack) > 1:
            return len(self.stack) - 2, f"{head}.{last[0]}.{last[1]}"
        return None

    def expected_next(self, hm: HeadingMatch) -> bool:
        """Whether ``hm`` continues the numbering of its would-be siblings (used to reject wrapped lines)."""
        if hm.kind == "clause" and hm.value > 1:
            # 2.1 / 2.2 with nothing typed after them: 2.2 follows the open 2.1 wherever it stands
            before = f"{hm.number.rsplit('.', 1)[0]}.{hm.value - 1}"
            if any(n.kind == "clause" and n.number == before for _, n in self.stack):
                return True
        siblings = self._siblings_for(hm)
        same = [n for n in siblings if n.kind == hm.kind]
        if not same:
            return hm.value == 1
        last = same[-1].number or ""
        try:
            return int(last.rsplit(".", 1)[-1]) + 1 == hm.value
        except ValueError:
            return False

    def _siblings_for(self, hm: HeadingMatch) -> list[Node]:
        for rank, node in reversed(self.stack):
            if rank < hm.rank:
                return node.children
        return self.roots

    def effective(self, hm: HeadingMatch) -> HeadingMatch:
        """``hm`` with the rank it takes in this contract: an item that heads dotted clauses (二、 over
        2.1 2.2), or that continues such heads (4. after 3.4 when no item list is open), stands at article
        level; an item kind that titles groups of articles stands above them."""
        if hm.kind in self.section_items:
            return replace(hm, rank=self.section_items[hm.kind])
        if hm.kind in CLAUSE_HEAD_KINDS and not self.under_article():
            if hm.number in self.clause_heads:
                return replace(hm, rank=ARTICLE_RANK)
            last = self.last_head.get(hm.kind)
            if last is not None and hm.value == last + 1 and not self.expected_next(hm):
                return replace(hm, rank=ARTICLE_RANK)
        return hm

    def restyle(self, hm: HeadingMatch) -> HeadingMatch:
        """``hm`` one rank below an open item of its kind written in the other bracket style, when it starts
        a list there (1) 2) 3) under (1), and after it (2)), and every later item in its style likewise: a
        contract that writes both styles uses them for two levels. One style alone is one level."""
        if hm.kind not in _BRACKET_KINDS:
            return hm
        key = (hm.kind, _bracket_style(hm.label))
        if key in self.styled:
            return replace(hm, rank=self.styled[key])
        if hm.value == 1:
            for rank, node in reversed(self.stack):
                if node.kind == hm.kind and _bracket_style(node.label) != key[1]:
                    self.styled[key] = rank + 1
                    return replace(hm, rank=rank + 1)
        return hm

    def head_sibling(self, hm: HeadingMatch) -> int | None:
        """Stack index of the item that ``hm`` continues when that item heads the dotted clauses open above
        it (2. after 1. / 1.1 … 1.11), else None."""
        if hm.kind not in CLAUSE_HEAD_KINDS:
            return None
        for j in range(len(self.stack) - 1, -1, -1):
            node = self.stack[j][1]
            if node.kind == "clause":
                continue
            if node.kind != hm.kind or not (node.number or "").isdigit() or int(node.number) + 1 != hm.value:
                return None
            above = [n for _, n in self.stack[j + 1 :]]
            ok = above and all((n.number or "").startswith(f"{node.number}.") for n in above)
            return j if ok else None
        return None

    def under_article(self) -> bool:
        """Whether an article or chapter is open: the items below it are its items, even when they head
        dotted clauses (第五条 / 1. 甲方的义务 / 1.1 … 1.11 / 2. 乙方的义务 / 2.1 …)."""
        return any(node.kind in CHAPTER_KINDS for _, node in self.stack)

    def add_heading(self, line: Line, hm: HeadingMatch) -> Node:
        hm = self.effective(hm)
        if hm.kind in CLAUSE_HEAD_KINDS and hm.rank == ARTICLE_RANK:
            self.last_head[hm.kind] = hm.value
        node = Node(
            kind="clause" if hm.kind == "clause" else hm.kind,
            number=hm.number,
            label=hm.label,
            title=hm.rest.strip(),
            line=line.no,
            end_line=line.no,
        )
        if hm.kind == "clause" and (lost := self._dot_lost_parent(hm.number)) is not None:
            del self.stack[lost[0] + 1 :]
            self._attach(node, hm.rank + 1)
            self.dot_lost.append((node, lost[1]))
            return node
        if hm.kind == "clause":
            idx = self._parent_by_number(hm.number)
            if idx is not None:
                del self.stack[idx + 1 :]
                self._attach(node, hm.rank)
                return node
        # an item heading dotted clauses under an article (第五条 / 1. / 1.1 … 1.11 / 2.) closes those clauses,
        # whose rank by depth is smaller than an item's
        j = self.head_sibling(hm)
        if j is not None:
            del self.stack[j:]
        while self.stack and self.stack[-1][0] >= hm.rank:
            self.stack.pop()
        if hm.kind == "clause" and hm.number.count(".") == 1 and self.stack:
            container = next((n for _, n in reversed(self.stack) if n.kind in ("chapter", "article")), None)
            if container is not None and container.number != hm.number.split(".")[0]:
                self.misplaced.append((node, container))
        self._attach(node, hm.rank)
        return node

    def _attach(self, node: Node, rank: int) -> None:
        parent = self.current()
        node.level = len(self.stack)
        (parent.children if parent else self.roots).append(node)
        self.stack.append((rank, node))

    def close(self) -> None:
        self.stack.clear()


def _find_title(items: list[tuple[Line, str]], ps: PatternSet) -> tuple[int | None, int]:
    """Index (in ``items``) of the title line and of the first line of the contract proper.

    A model contract may open with a cover page and a how-to-fill section and then repeat its title:
    the repeated title starts the contract proper.
    """
    limit = len(items)
    for i, (_line, text) in enumerate(items):
        hm = match_heading(text, ps)
        if hm is not None and hm.rank <= 5:
            limit = i
            break
    candidates = [i for i in range(min(limit, 60)) if is_title(items[i][1], ps)]
    if not candidates:
        return None, 0
    first = candidates[0]
    keys = {i: squash(clean_title(items[i][1], ps)) for i in candidates}
    for j in candidates[1:]:
        if keys[j] == keys[first]:
            return j, j
    # a cover with the short title (案件专项代理合同), then the full one (刑事案件专项代理合同)
    for j in candidates[1:]:
        if keys[j].endswith(keys[first]):
            return j, j
    return first, first


#: a title this short may have its first half on the line above (海湾壹号住宅项目 / 施工合同)
SHORT_TITLE_MAX = 8


def _title_lead(items: list[tuple[Line, str]], i: int, ps: PatternSet) -> bool:
    """Whether the line right above title ``i`` is its first half: a short title (施工合同) under a line
    naming the project or the subject, with no punctuation, label or number of its own."""
    if i == 0 or len(squash(items[i][1])) > SHORT_TITLE_MAX:
        return False
    (above, text), (line, _) = items[i - 1], items[i]
    flat = squash(text)
    return (
        above.no == line.no - 1
        and 2 <= len(flat) <= 20
        and not any(c in flat for c in "：:，,。；;、（）()【】《》")
        and match_heading(text, ps) is None
        and not is_title(text, ps)
        and not flat.isascii()
    )


def _join_vertical_title(items: list[tuple[Line, str]], ps: PatternSet) -> list[tuple[Line, str]]:
    """A cover title set one character a line (劳 / 动 / 合 / 同) becomes one line, when the joined
    characters (with a short line right above as the first half: 广州市) make a title."""
    for i, (_, text) in enumerate(items[:60]):
        if match_heading(text, ps) is not None:
            break
        j = i
        while j < len(items) and len(squash(items[j][1])) == 1 and not squash(items[j][1]).isascii():
            if j > i and items[j][0].no != items[j - 1][0].no + 1:
                break
            j += 1
        if j - i < 2:
            continue
        joined = "".join(squash(t) for _, t in items[i:j])
        lead = squash(items[i - 1][1]) if i else ""
        if is_title(joined, ps) or (lead and is_title(lead + joined, ps)):
            return [*items[:i], (items[i][0], joined), *items[j:]]
        break
    return items


def segment(lines: list[Line], ps: PatternSet) -> Outline:
    # footnotes come after the body: they are not part of its last block (the signature page)
    items = [(ln, ln.text) for ln in lines if ln.text.strip() and ln.role != "footnote"]
    if not items:
        return Outline(title=None, title_line=None, nodes=[])
    items = _join_vertical_title(items, ps)
    title_idx, start = _find_title(items, ps)
    nodes: list[Node] = []
    title = None
    title_line = None
    lead = title_idx is not None and title_idx == start and _title_lead(items, title_idx, ps)
    if lead:
        start -= 1  # the line above is the title's first half: not a cover page
    if start > 0:
        nodes.extend(_cover_nodes(items[:start], ps))
    if title_idx is not None:
        tl, tt = items[title_idx]
        title = clean_title(tt, ps)
        title_line = tl.no
        first = tl.no
        if lead:
            title = clean_title(items[title_idx - 1][1]) + title
            first = title_line = items[title_idx - 1][0].no
        nodes.append(Node("title", None, None, title, first, tl.no))
        body = items[title_idx + 1 :]
    else:
        body = items[start:]

    # another agreement (or another signed copy) after this one's signatures is a document of its own
    splits = _document_starts(body, ps)
    later = [body[a:b] for a, b in pairwise([*splits, len(body)])] if splits else []
    if splits:
        body = body[: splits[0]]

    candidates = _appendix_candidates(body, ps)
    sig_at = _signature_start(body, ps, candidates)
    # a list of 附件 inside the body, above the signature, is not where the appendices start
    app_at = next((i for i in candidates if sig_at is None or i > sig_at), None)
    main_end = min(x for x in (sig_at, app_at, len(body)) if x is not None)
    main = body[:main_end]

    builder = _Builder(ps)
    # "二、价款" or "2. 费用" heading clauses 2.1, 2.2 stands at article level, not as an item under 1.2
    builder.clause_heads = {
        hm.number.split(".")[0]
        for hm in (match_heading(t, ps) for _, t in main)
        if hm and hm.kind == "clause"
    }
    builder.section_items = _section_items(main, ps)
    lead: list[Node] = []  # preamble and how-to-fill instructions before the first heading
    region: Node | None = None
    items_seen = False
    recitals = False
    recital_kind: str | None = None  # how the recitals' items are numbered
    prev_text = ""
    bare = _bare_heads(main, ps)
    builder.clause_heads |= {hm.number for hm in bare.values()}
    main, run_ins = _split_run_ins(main, ps)
    for k, (line, text) in enumerate(main):
        hm = match_heading(text, ps) or (bare.get(line.no) if k not in run_ins else None)
        if hm is None and builder.stack:
            hm = _mark_lost_item(text, builder)
        if hm is not None:
            hm = builder.restyle(hm)
        if hm is not None and not _accept(hm, line, text, prev_text, builder):
            hm = None
        prev_text = text
        if not builder.roots:
            if ps.instructions.match(squash(text)):
                region = Node("instructions", None, None, squash(text), line.no, line.no)
                lead.append(region)
                items_seen = False
                continue
            if region is not None and region.kind == "instructions":
                restart = hm is not None and hm.kind == "item-cn" and hm.value == 1 and items_seen
                if not (
                    _role_line(text, ps) or is_title(text, ps) or restart or (hm is not None and hm.rank <= 4)
                ):
                    items_seen = items_seen or (hm is not None and hm.kind == "item-cn")
                    builder.sink.add(region, line, text)
                    continue
                region = None
            flat = squash(text)
            if flat.startswith(RECITALS):
                recitals, recital_kind = True, None
            elif recitals and hm is not None and recital_kind is not None and hm.kind != recital_kind:
                recitals = False  # 鉴于：（一）…（二）… then 一、合作内容: the body has begun
            # 鉴于： 1. … 2. … — the recitals' items belong to the preamble, not to the clause tree
            if hm is None or (recitals and hm.rank >= ITEM_RANK):
                if recitals and hm is not None:
                    recital_kind = recital_kind or hm.kind
                if recitals and _AGREED.search(flat):
                    recitals = False  # 双方达成如下协议： closes the recitals; what follows is the body
                if region is None or region.kind != "preamble":
                    region = Node("preamble", None, None, "", line.no, line.no)
                    lead.append(region)
                builder.sink.add(region, line, text)
                continue
        if hm is None:
            builder.add_text(line, text.strip(), builder.roots[-1])
        else:
            node = builder.add_heading(line, hm)
            if k in run_ins:
                builder.run_in.append((node, *run_ins[k]))
    builder.sink.finish()
    nodes.extend(lead)
    nodes.extend(builder.roots)

    signature = None
    appendices: list[Node] = []
    office_use = None
    if sig_at is not None:
        end = app_at if app_at is not None and app_at > sig_at else len(body)
        signature = _plain_node("signature", body[sig_at:end])
        nodes.append(signature)
        office_use = next((ln.no for ln, t in body[sig_at:end] if ps.office_use.match(squash(t))), None)
    if app_at is not None:
        appendices = _appendix_nodes(
            body[app_at:] if sig_at is None or app_at > sig_at else body[app_at:sig_at], ps
        )
        nodes.extend(appendices)
    for part in later:
        sub = segment([ln for ln, _ in part], ps)
        doc = Node("document", None, None, sub.title or "", part[0][0].no, part[-1][0].no, children=sub.nodes)
        nodes.append(doc)
        builder.misplaced.extend(sub.misplaced)
        builder.dot_lost.extend(sub.dot_lost)
        builder.run_in.extend(sub.run_in)
    return Outline(
        title,
        title_line,
        nodes,
        signature,
        appendices,
        builder.misplaced,
        office_use,
        builder.dot_lost,
        builder.run_in,
    )


#: how far a signature may stand above, and a first heading or party line below, another document's title
_DOC_GAP = 15


def _document_starts(body: list[tuple[Line, str]], ps: PatternSet) -> list[int]:
    """Indices in ``body`` where another document begins: a title line, not under an 附件 label, with a
    signature block just above it and a first heading (numbered 1) or a party line just below it."""
    starts: list[int] = []
    headed = False
    for k, (_, text) in enumerate(body):
        hm = match_heading(text, ps)
        if hm is not None:
            headed = True
            continue
        if not headed or not is_title(text, ps) or is_appendix_line(text, ps):
            continue
        above = body[max(starts[-1] if starts else 0, k - _DOC_GAP) : k]
        signed = [i for i, (_, t) in enumerate(above) if _is_signature_line(t, ps)]
        if not signed or any(is_appendix_line(t, ps) for _, t in above[signed[0] :]):
            continue
        below = body[k + 1 : k + 1 + _DOC_GAP]
        opens = any((h := match_heading(t, ps)) is not None and h.value == 1 for _, t in below) or any(
            _role_line(t, ps) for _, t in below[:5]
        )
        if opens:
            starts.append(k)
            headed = False
    return starts


#: a heading whose title is at most this long (after its number) is a title, not a sentence
SHORT_TITLE = 16
SECTION_RANK = 3


def _section_items(main: list[tuple[Line, str]], ps: PatternSet) -> dict[str, int]:
    """Item kinds used as titles over groups of articles: 一、劳动合同期限 followed straight by 第一条 ….

    Such an item has a short title with no sentence end, and the next heading is an article; two such
    make the kind a section level for this contract.
    """
    count: dict[str, int] = {}
    heads = [(hm, t) for hm, t in ((match_heading(t, ps), t) for _, t in main) if hm is not None]
    for (hm, _), (nxt, _) in zip(heads, heads[1:], strict=False):
        if (
            hm.kind in ("item-cn", "item-paren-cn")
            and nxt.kind == "article"
            and len(squash(hm.rest)) <= SHORT_TITLE
            and not ends_sentence(hm.rest)
        ):
            count[hm.kind] = count.get(hm.kind, 0) + 1
    return {k: SECTION_RANK for k, n in count.items() if n >= 2}


_BARE_HEAD = compile_pattern(r"^(?P<num>[0-9]{1,2})[ \t\u3000]+(?P<rest>[^\s0-9.．、][^ \t\u3000]{0,19})$")


def _bare_heads(main: list[tuple[Line, str]], ps: PatternSet) -> dict[int, HeadingMatch]:
    """Top-level heads written as a bare number and a short title (``2  开发周期``) whose next heading is
    their first dotted clause (``2.1``): by line number. A numbered table row never has that clause next."""
    out: dict[int, HeadingMatch] = {}
    for i, (line, text) in enumerate(main):
        m = _BARE_HEAD.match(text.strip())
        if m is None:
            continue
        nxt = next((match_heading(t, ps) for _, t in main[i + 1 : i + 4] if match_heading(t, ps)), None)
        n = int(m.group("num"))
        if nxt is not None and nxt.kind == "clause" and nxt.number == f"{n}.1":
            out[line.no] = HeadingMatch(
                "item-arabic", ITEM_RANK + 2, str(n), n, m.group("num"), m.group("rest")
            )
    return out


#: where a heading run into the paragraph above may start: after a sentence's end and the spaces left
#: where the paragraph mark was (……义务。    第十二条 双方……)
_RUN_IN_GAP = compile_pattern(r"[。；;！？!?）)][ \t\u3000]{2,}(?=第)")
#: how much of the line after such a gap is read for the heading
RUN_IN_LOOK = 80


def _split_run_ins(
    main: list[tuple[Line, str]], ps: PatternSet
) -> tuple[list[tuple[Line, str]], dict[int, tuple[int, str]]]:
    """The lines with each article written at the end of the paragraph above cut off into a line of its
    own (the same line number), and, by its index in the list, where it starts in the line and the words
    before it. Only the article that comes next after the last one seen, with words after its label: a
    mention of another article (见第十二条) is no heading."""
    out: list[tuple[Line, str]] = []
    run_ins: dict[int, tuple[int, str]] = {}
    last: int | None = None
    for line, text in main:
        hm = match_heading(text, ps)
        if hm is not None and hm.kind == "article":
            last = hm.value
        cut = None
        if last is not None and "第" in text[1:]:
            for m in _RUN_IN_GAP.finditer(text):
                # (read within a bound: a long line of such gaps stays linear)
                nxt = match_heading(text[m.end() : m.end() + RUN_IN_LOOK], ps)
                if nxt is not None and nxt.kind == "article" and nxt.value == last + 1 and nxt.rest.strip():
                    cut, last = m.end(), nxt.value
                    break
        if cut is None:
            out.append((line, text))
            continue
        out.append((line, text[:cut].rstrip(" \t\u3000")))
        run_ins[len(out)] = (cut, text[:cut].rstrip(" \t\u3000"))
        out.append((line, text[cut:]))
    return out, run_ins


#: a line opening with a bare number and a gap (4      方违反本合同……)
_BARE_ITEM = compile_pattern(r"^[ \t\u3000]*(?P<num>[0-9]{1,2})[ \t\u3000]{2,}(?=[^\s0-9.．、,，])")


def _mark_lost_item(text: str, builder: _Builder) -> HeadingMatch | None:
    """The item whose number lost its mark (``4      方违反…`` after ``3．      方违反…``): the next number
    after the open item numbered the same way, with its mark. A bare number elsewhere (a table row, an
    amount) is no heading."""
    m = _BARE_ITEM.match(text)
    if m is None:
        return None
    rank, node = next(((r, n) for r, n in reversed(builder.stack) if n.kind == "item-arabic"), (0, None))
    n = int(m.group("num"))
    if node is None or node.label is None or node.label[-1] not in "．.、" or node.number is None:
        return None
    head, _, last = node.number.rpartition(".")
    if last != str(n - 1):
        return None
    return HeadingMatch(
        "item-arabic", rank, f"{head}.{n}" if head else str(n), n, m.group("num"), text[m.end() :]
    )


#: item kinds written with a full bracket pair, （1） / (一), or a closing one only, 1） / 一)
_BRACKET_KINDS = frozenset({"item-paren-arabic", "item-paren-cn"})


def _bracket_style(label: str | None) -> str:
    return "pair" if label and label.lstrip()[:1] in "（(" else "closing"


def _accept(hm: HeadingMatch, line: Line, text: str, prev: str, builder: _Builder) -> bool:
    """Reject heading look-alikes that are the wrapped tail of the previous sentence."""
    if line.numbering:
        return True  # Word numbered it: it is a list paragraph whatever follows
    if builder.effective(hm).rank <= 4:
        return True
    if builder.head_sibling(hm) is not None:
        return True  # 2. 乙方的义务 after 1.11: the next head of dotted clauses
    # an item number after an unfinished sentence, out of sequence, is a wrapped line
    return ends_sentence(prev) or builder.expected_next(hm)


def _plain_node(kind: str, part: list[tuple[Line, str]], title: str = "") -> Node:
    text = "\n".join(t.strip() for _, t in part)
    return Node(kind, None, None, title, part[0][0].no, part[-1][0].no, text=text)


def _cover_nodes(part: list[tuple[Line, str]], ps: PatternSet) -> list[Node]:
    """The cover page, and the how-to-fill instructions whose numbered items are not clauses."""
    for i, (_, text) in enumerate(part):
        if ps.instructions.match(squash(text)):
            out = [_plain_node("cover", part[:i])] if i else []
            out.append(_plain_node("instructions", part[i + 1 :] or part[i : i + 1], squash(text)))
            out[-1].line = part[i][0].no
            return out
    return [_plain_node("cover", part)]


def _is_signature_line(text: str, ps: PatternSet) -> bool:
    # side-by-side blocks (甲方（盖章）：　　　　乙方（盖章）：) are judged column by column
    for part in COLUMN_GAP.split(text.strip()):
        s = squash(part)
        if not s or len(s) > SIGNATURE_MAX or s.endswith("。") or match_heading(s, ps) is not None:
            continue  # a sentence or a numbered provision that mentions signing
        if ps.signature.search(s) is not None:
            return True
    return False


def is_appendix_line(text: str, ps: PatternSet) -> bool:
    """附件一：供货清单 opens an appendix; 附件为本合同不可分割的组成部分。 does not."""
    s = squash(text)
    return len(s) <= 30 and not s.endswith("。") and ps.appendix.match(s) is not None


def _appendix_candidates(body: list[tuple[Line, str]], ps: PatternSet) -> list[int]:
    """Lines that open an appendix, in the latter part of the contract."""
    return [i for i in range(len(body) // 3, len(body)) if is_appendix_line(body[i][1], ps)]


def _signature_start(body: list[tuple[Line, str]], ps: PatternSet, appendix_at: list[int]) -> int | None:
    """Index of the first line of the signature block, searched after the last heading of the body."""
    if not body:
        return None
    stop = appendix_at[0] if appendix_at else len(body)
    # the last chapter/article/clause; in a contract numbered by items alone, the last item. (Items after
    # the last article belong to what follows the signature, such as a registration form.)
    last_heading = last_item = -1
    first_heading = stop
    for i in range(stop):
        text = body[i][1]
        hm = match_heading(text, ps)
        if hm is not None and first_heading == stop:
            first_heading = i
        if hm is not None and not _is_signature_line(text, ps):
            if hm.rank <= 5:
                last_heading = i
            last_item = i
    if last_heading < 0:
        last_heading = last_item
    # （以下无正文，为签署页） ends the body: numbered items after it belong to forms that follow the
    # signatures (a notice to the client, a quality-control card), unless articles follow too (an annexed
    # agreement of its own)
    for i in range(first_heading + 1, min(stop, last_item + 1)):
        if ps.body_end.match(squash(body[i][1])):
            if not any(
                (hm := match_heading(body[j][1], ps)) is not None and hm.rank <= 5 for j in range(i + 1, stop)
            ):
                return i
            break
    # without headings, the block is looked for in the last half only
    begin = last_heading + 1 if last_heading >= 0 else len(body) // 2
    for i in range(begin, len(body)):
        if _is_signature_line(body[i][1], ps):
            start = i
            # take in up to two role lines just above the cue ("甲方：XX公司" over "（盖章）")
            while start - 1 >= begin and start > i - 2 and _role_line(body[start - 1][1], ps):
                start -= 1
            return start
        if _dated_role(body, i, ps):
            return i  # 甲方: / ____年__月__日。 / 乙方: … — the parties' places and their dates, no cue word
        if _closing_roles(body, i, ps):
            return i  # 甲方: / 乙方: closing the text — the parties' places to sign, no cue word
    return None


#: labels with nothing written after them, a date's skeleton perhaps (法人代表人:年月日乙方:年月日)
_RE_EMPTY_LABELS = compile_pattern(
    r"(?:\p{Han}{1,8}[：:][ \u3000_]*(?:年[ \u3000_]*月[ \u3000_]*日)?[ \u3000_]*)+"
)


def _closing_roles(body: list[tuple[Line, str]], i: int, ps: PatternSet) -> bool:
    """Whether line ``i`` is a party's label alone (甲方:) and all that follows it to the end is more of them
    (乙方:), empty labels or dates: the places to sign that end a contract with no word of signing."""
    flat = squash(body[i][1])
    if not flat.endswith(("：", ":")) or flat.rstrip("：:") not in ps.ordinal_roles:
        return False
    rest = [squash(t) for _, t in body[i + 1 :] if t.strip()]
    roles = 1 + sum(1 for t in rest if t.rstrip("：:") in ps.ordinal_roles or _RE_ROLE_IN.search(t))
    return roles >= 2 and all(_RE_EMPTY_LABELS.fullmatch(t) or _RE_DATE_LINE.fullmatch(t) for t in rest)


_RE_ROLE_IN = compile_pattern(r"(?:^|[：:日])[甲乙丙丁]方[：:]")


#: a line of nothing but a date, written or to write (____年__月__日。, 2024年3月5日)
_RE_DATE_LINE = compile_pattern(r"[ \u3000_0-9０-９]*年[ \u3000_0-9０-９]*月[ \u3000_0-9０-９]*日[。.]?")


def _dated_role(body: list[tuple[Line, str]], i: int, ps: PatternSet) -> bool:
    """Whether line ``i`` is a party's label alone (甲方:) with a date line right under it: a place to sign
    and its date, where a contract's end writes no word of signing."""
    flat = squash(body[i][1])
    if not flat.endswith(("：", ":")) or flat.rstrip("：:") not in ps.ordinal_roles:
        return False
    return i + 1 < len(body) and _RE_DATE_LINE.fullmatch(squash(body[i + 1][1])) is not None


def _role_line(text: str, ps: PatternSet) -> bool:
    """甲方：XX公司 / 乙方（盖章） / 乙方一 — not a sentence that starts with a role (乙方应在……履行。)."""
    s = squash(text)
    if len(s) > SIGNATURE_MAX or s.endswith(("。", "；", ";", "，", ",")):
        return False
    for r in ps.ordinal_roles + ps.named_roles:
        if s.startswith(r):
            rest = s[len(r) :]
            return not rest or rest[0] in "：:（(一二三四五六七八九1234567890"
    return False


def _appendix_nodes(part: list[tuple[Line, str]], ps: PatternSet) -> list[Node]:
    """One node per appendix, its numbered headings (附件2 / 一、 / 1.) as its children: each appendix
    has a numbering of its own."""
    out: list[Node] = []
    sink = _TextSink()
    builder: _Builder | None = None
    prev = ""

    def close() -> None:
        if builder is not None:
            builder.sink.finish()
            out[-1].children = builder.roots

    for line, text in part:
        s = squash(text)
        if is_appendix_line(text, ps):
            close()
            label = ps.appendix.match(s).group(0).rstrip("：:、．.")  # type: ignore[union-attr]
            out.append(Node("appendix", None, label, s[len(label) :].lstrip("：:、．. "), line.no, line.no))
            builder, prev = _Builder(ps), ""
            continue
        if not out or builder is None:
            continue
        hm = match_heading(text, ps)
        if hm is not None and not _accept(hm, line, text, prev, builder):
            hm = None
        prev = text
        if hm is not None:
            builder.add_heading(line, hm)
        elif builder.current() is not None:
            builder.add_text(line, text.strip(), out[-1])
        else:
            sink.add(out[-1], line, text)
        out[-1].end_line = line.no
    close()
    sink.finish()
    return out
