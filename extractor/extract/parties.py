"""Parties: the blocks that name each party (甲方/乙方… and role words such as 委托方/出租方) and their fields.

A block opens on a role line (``甲方（服务提供方）：``, ``委托方（甲方）：``, ``出租方：张三``) and holds the
``label：value`` lines under it, several to a line where a form puts them side by side
(``电    话：      传    真：``). Party tables are read column by column, and a table with a role in
each column header and labels in the first column is read as a grid. The signature block is read the
same way; its fields are kept apart (``block: signature``) so that repeating a label there is normal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from ..model import Field, Line, Party
from ..pattern_set import PatternSet, compile_pattern
from ..segment import COLUMN_GAP, REGION_KINDS, Outline, ends_sentence, match_heading, squash
from .values import normalize

#: the words of an alias note: 委托方（以下简称甲方） / （简称“甲方”）
ALIAS_WORDS = "(?:以下简称|以下称|下称|简称)"
#: an alias note's words and the ordinal they name, without the brackets (以下简称“甲方”, 简称乙方)
ALIAS_ORDINAL = rf"{ALIAS_WORDS}[“\"「]?(?P<ord>[甲乙丙丁戊己]方)[”\"」]?"
BLANK_CHARS = " \u3000_\t"


@dataclass(frozen=True)
class _Compiled:
    role: regex.Pattern[str]
    label: regex.Pattern[str]
    generic_label: regex.Pattern[str]
    ordinal: frozenset[str]
    noted: regex.Pattern[str]
    run_on_label: regex.Pattern[str]


@cache
def _role_alternation(ps: PatternSet) -> str:
    """The roles as one regex alternation, the longest first (甲方代表 before 甲方)."""
    return "|".join(regex.escape(r) for r in ps.roles_longest_first)


@cache
def _compiled(ps: PatternSet) -> _Compiled:
    role_alt = _role_alternation(ps)
    # 中标（成交）供应商: a word before the role that says how the party was chosen
    q = "|".join(regex.escape(w) for w in ps.role_qualifiers) or "(?!)"
    qualifier = rf"(?:{q})(?:[（(](?:{q})[）)])?"
    # a role word not listed is still a role when its brackets name the ordinal: 存货人（甲方）
    role = compile_pattern(
        rf"^(?:{qualifier})?(?P<role>{role_alt}|\p{{Han}}{{1,6}}(?=[（(]{ALIAS_WORDS}?[“\"「]?[甲乙丙丁戊己]方))"
        rf"(?P<idx>[一二三四五六七八九1-9])?(?:确认|签署|代表)?"
        rf"(?:[（(](?P<desc>[^（()）]{{1,24}})[）)])?"
        rf"(?:(?P<colon>[：:])(?P<value>.*))?$"
    )
    # the parties' labels and a person's form labels (性别, 文化程度): all fields of the party
    labels = sorted(
        {*ps.field_keys, *(w for ws in ps.form_label_words.values() for w in ws)}, key=len, reverse=True
    )
    # a known label may be letter-spaced (住  所  地)
    label_alt = "|".join(r"\s*".join(regex.escape(ch) for ch in lab) for lab in labels)
    label = compile_pattern(rf"(?<![^\s，,；;。|])(?P<label>{label_alt})\s*[：:]")
    # long enough for 法定代表人（主要负责人）或委托代理人
    generic = compile_pattern(r"^\s*(?P<label>[\p{Han}A-Za-z][\p{Han}A-Za-z（）()/／ ]{0,17}?)\s*[：:]")
    # 披露方：某公司（以下简称“甲方”）: a role word not listed, named by the alias note after the value
    noted = compile_pattern(
        rf"^(?P<role>\p{{Han}}{{1,6}}[方人商者])[：:](?P<value>.+?)[（(]{ALIAS_WORDS}[“\"「]?"
        # (the note may have a field glued after it: 委托方:宝明城大酒店(以下简称甲方)电话:8)
        r"(?P<ord>[甲乙丙丁戊己]方)[”\"」]?[）)](?:$|(?=\p{Han}{2,8}[：:]))"
        # (or the note alone, unbracketed, where the name is left out: 招聘方:简称甲方 / 受聘方:____简称乙方。)
        rf"|^(?P<role>\p{{Han}}{{1,6}}[方人商者])[：:](?P<value>[ \u3000_]*)(?:[（(]{ALIAS_WORDS}[“\"「]?"
        rf"(?P<ord>[甲乙丙丁戊己]方)[”\"」]?[）)]|{ALIAS_WORDS}[“\"「]?(?P<ord>[甲乙丙丁戊己]方)[”\"」]?[。.]?$)"
    )
    # a label in a line of fields a page ran together: after a comma (法定代表人:桂猛,所有性质:公办幼儿园),
    # right after the colon of an empty field (姓名:,性别:民族:, 生于:年月日文化程度:) or after an alias
    # note's bracket ((以下简称甲方)电话:8)
    run_on = compile_pattern(
        r"(?:(?<=[，,；;])[ \u3000]*|(?<=[：:])(?:年月日)?|(?<=[）)]))(?P<label>\p{Han}{2,8})[：:]"
    )
    return _Compiled(role, label, generic, frozenset(ps.ordinal_roles), noted, run_on)


@dataclass
class _RoleLine:
    role: str
    alias: str | None
    description: str | None
    value_span: tuple[int, int] | None  # the value after the colon, in the line
    label: str
    key: str = "name"  # what the value after the colon is: the name, or a field in 甲方地址：


#: a role named by its alias note, the name right after it with no colon (雇用单位(以下简称甲方)某公司), not a
#: sentence's subject (委托方(以下简称甲方)与…)
_RE_NOTED_LEAD = compile_pattern(
    rf"[ \u3000]*\p{{Han}}{{1,6}}[（(]{ALIAS_ORDINAL}[）)](?=[\p{{Han}}_])(?![与和及同向对在将就为])"
)
#: a role, a semicolon typed for its colon, and the alias note (出租方;(以下简称乙方))
_RE_SEMICOLON_NOTE = compile_pattern(
    rf"[ \u3000]*\p{{Han}}{{1,6}}(?P<mark>[;；])(?=[（(]{ALIAS_ORDINAL}[）)])"
)
#: an alias note whose closing bracket is left out at the end of a role's head (被雇佣方(简称乙方)
_RE_OPEN_ALIAS = compile_pattern(rf"[（(]{ALIAS_ORDINAL}$")
#: the preamble's sentence naming both parties (出租方(以下简称甲方)张三与承租方(以下简称乙方)李四…)
_RE_JOINED_NOTED = compile_pattern(rf"[与和及同]\p{{Han}}{{1,6}}[（(]{ALIAS_ORDINAL}[）)]")
#: how much of a window a role line is looked for in (role, description and colon; the value may go on)
ROLE_SCAN = 160
#: how far after a role's colon the alias note that names its ordinal is looked for (name and note)
NOTE_REACH = 60


def _role_line(line: Line, ps: PatternSet, lo: int = 0, hi: int | None = None) -> _RoleLine | None:
    """A role line in ``line.text[lo:hi]`` (a column of a side-by-side layout, or the whole line)."""
    text = line.text
    hi = len(text) if hi is None else hi
    # a role is short: look only at the start of the window, so that a long line cut into many windows
    # stays linear
    if lo == 0 and len(text) <= TITLE_LEAD_LINE_MAX and (lead := _RE_TITLE_LEAD.match(text)) is not None:
        # 租赁加油站合同 篇1甲方(出租人): — a page glued the title to the first role (on a short line: a
        # whole contract run onto one line is no party line)
        lo = lead.end()
    window = text[lo : min(hi, lo + ROLE_SCAN)]
    colon = min((i for i in (window.find("："), window.find(":")) if i >= 0), default=-1)
    if colon < 0 and (semi := _RE_SEMICOLON_NOTE.match(window)) is not None:
        colon = semi.start(
            "mark"
        )  # 出租方;(以下简称乙方) — a semicolon typed for the colon, the note after it
    vstart = colon + 1  # where the value starts
    if colon < 0 and (u := window.find("___")) > 0:
        colon = vstart = u  # 出租方（甲方）____________: the line drawn for the name stands for the colon
    head_end = colon
    noted = _RE_NOTED_LEAD.match(window)
    if (
        noted is not None
        and (colon < 0 or colon > noted.end())
        and _RE_JOINED_NOTED.search(window, noted.end()) is None
    ):
        label = _RE_LABEL_LEAD.match(window, noted.end())
        if label is None:  # 雇用单位(以下简称甲方)黑山某水务有限公司: the note stands for the colon
            colon = vstart = head_end = noted.end()
        elif (
            field_key(label.group()[:-1], ps) == "name"
        ):  # 受雇人(以下简称乙方)名称: 张玉春: the name's label
            head_end = noted.end()
    if colon < 0 and hi - lo > ROLE_SCAN:
        return None
    head = _ENGLISH_TAIL.sub("", squash(window if colon < 0 else window[:head_end]))
    # (1) 出租方（甲方）： — the list's number is no part of the role
    head = _RE_ITEM_MARK.sub("", head, count=1)
    if _RE_OPEN_ALIAS.search(head):
        head += "）"  # 被雇佣方(简称乙方: — the note's closing bracket left out before the colon
    if not head or len(head) > 30:
        return None
    c = _compiled(ps)
    m = c.role.match(head + ("：" if colon >= 0 else ""))
    if m is None:
        n = c.noted.match(squash(window)) if colon >= 0 and hi - lo <= ROLE_SCAN else None
        if n is not None and n.group("role") not in c.ordinal:
            return _RoleLine(n.group("ord"), n.group("role"), None, (lo + vstart, hi), head)
        return _role_label(head, ps, (lo + vstart, hi) if colon >= 0 else None)
    role = m.group("role") + (m.group("idx") or "")
    desc = m.group("desc")
    if desc:  # 委托方（以下简称甲方） / 委托方（简称“甲方”）
        desc = _ALIAS_WORDS.sub("", desc).strip('“”"「」')
        if desc.count("“") != desc.count("”"):  # 或“原始权益人” lost its closing mark to the strip
            desc = desc.replace("“", "").replace("”", "")
        desc = desc or None
    alias = None
    if desc and (ps.sign_word.search(desc) or desc.endswith("章")):
        desc = None
    if desc and desc in c.ordinal and m.group("role") not in c.ordinal:
        role, alias, desc = desc, role, None  # 委托方（甲方） -> role 甲方, alias 委托方
    elif colon >= 0 and m.group("role") not in c.ordinal:
        # 出租人：XX公司（以下简称“甲方”）, and a page's run-on (the note says it, whatever follows on a long
        # line): 供方:某公司 (以下称乙方)经甲乙双方友好协商… / 承包方:(以下简称乙方)本着自愿…
        note = (_NAMED_ORDINAL.search(window, colon) if hi - lo <= ROLE_SCAN else None) or (
            _NAMED_ORDINAL_NOTE.search(window, colon, colon + NOTE_REACH)
        )
        if note is not None:
            role, alias = note.group("ord"), role
    value_span = (lo + vstart, hi) if colon >= 0 else None
    return _RoleLine(role, alias, desc, value_span, head)


def _role_label(head: str, ps: PatternSet, value_span: tuple[int, int] | None) -> _RoleLine | None:
    """甲方名称： / 乙方地址： — a role and a field label in one: a field of that party."""
    if value_span is None:
        return None
    for role in ps.roles_longest_first:
        if head.startswith(role) and len(head) > len(role):
            key = field_key(head[len(role) :], ps)
            if key != "other":
                return _RoleLine(role, None, None, value_span, head, key)
            return None
    return None


@cache
def _spaced_label(ps: PatternSet) -> regex.Pattern[str]:
    """One space, then a label hetong knows and its colon: a field typed after another on the same line
    with a single space between (采购方式: 公开招标 合同类型:服务类 采购人(甲方):某局)."""
    roles = _role_alternation(ps)
    labels = "|".join(
        regex.escape(x) for x in sorted({*ps.field_keys, *ps.contract_fields}, key=len, reverse=True)
    )
    suffixes = "|".join(regex.escape(e) for e, _ in ps.field_suffixes)
    # a short label or role may be letter-spaced (贷 款 人:兴业银行… 住 所:重庆市…, a bank's one-line form)
    spaced = "|".join(
        " ".join(regex.escape(ch) for ch in w)
        for w in sorted({*ps.ordinal_roles, *ps.named_roles, *ps.field_keys}, key=len, reverse=True)
        if 2 <= len(w) <= 4
    )
    # an item's number may lead the label: 1.项目管理信息 (1)采购方式: 公开招标 (2)项目名称: …
    return compile_pattern(
        rf"(?<=\S) (?=(?:[（(][0-9]{{1,2}}[）)])?(?:(?:{roles})(?:[（(][^（）()\s]{{1,8}}[）)])?(?:{suffixes})?"
        rf"|\p{{Han}}{{0,4}}(?:{labels})|{spaced})[ ]?[：:])"
    )


@cache
def _spaced_sign_label(ps: PatternSet) -> regex.Pattern[str]:
    """One space, then a place to sign and its colon (学校负责人签字: 受聘教师签字:): a sign label is never
    a value, so it opens a field of its own even when it is only the second on the line."""
    sign = ps.sign_alternation
    return compile_pattern(
        rf"(?<=[^\s]) (?=\p{{Han}}[\p{{Han}}（）()]{{0,10}}?(?:{sign})(?:[或并及和/、]?(?:{sign}))?[）)]?[ ]?[：:])"
    )


#: how many fields typed one after another on a line, one space apart, make it a line of fields
SPACED_FIELDS_MIN = 3
#: the shortest known label read as glued to the value before it (…收费中心统一社会信用代码:1261…)
GLUED_LABEL_MIN = 4
#: the last character of a name, a number or an address (…中心, …公司, …号, …5P): what a label or a date
#: glued to a value follows
_VALUE_END = "[0-9A-Za-z）)司局院心所行会处校部厂店站社队团室号府委办村镇区县市路街巷楼层园日]"


@cache
def _glued_label(ps: PatternSet) -> tuple[regex.Pattern[str], dict[str, tuple[str, ...]]]:
    """A long party field label hetong knows and its colon, right after the end of a name, a number or an
    address with no space between (a PDF or a page that lost the gap between two cells): 陕西省高速公路
    收费中心统一社会信用代码:12610000737971805P; and, per label, the words that make it the tail of a
    longer label (统一社会 before 信用代码), where it is no label of its own. A word that ends a value is
    looked for before it, so 紧急联系电话 is not cut into 紧急 / 联系电话."""
    keys = sorted(ps.field_keys, key=len, reverse=True)
    long = [x for x in keys if len(x) >= GLUED_LABEL_MIN]
    heads = {x: tuple(k[: -len(x)] for k in keys if len(k) > len(x) and k.endswith(x)) for x in long}
    labels = "|".join(regex.escape(x) for x in long)
    pattern = compile_pattern(rf"(?<={_VALUE_END})(?P<label>{labels})(?=[：:])")
    return pattern, heads


def _role_colon(ps: PatternSet) -> str:
    """A role, a short note in brackets after it (甲方(委托人)), perhaps the name's label (乙方(卖方)名称), and
    its colon: the regex source."""
    return rf"(?P<role>{_role_alternation(ps)})(?:[（(][^（）()\s]{{1,8}}[）)])?(?:名称|姓名)?[：:]"


@cache
def _glued_role(ps: PatternSet) -> regex.Pattern[str]:
    """The first party's line run on after the title, a role and its colon right after a word, with no
    space between (学校功能室铺地合同甲方:某小学乙方:周某), or a label right after the ordinal that closed the
    party before it (某事务中心 (甲方)中标(成交)供应商(全称): 湖南某公司): a party line whose gaps a page
    lost."""
    return compile_pattern(
        # the title run on into the first party's line (……劳动合同书甲方(用人单位)名称:某幼儿园), a page's
        # chunk number perhaps between them (工伤事故赔偿协议书1甲方:); first, so that it is the one taken
        rf"(?<=^\p{{Han}}[^：:，,。；;]{{1,40}}?(?:合同书|协议书|合同|协议)[0-9]{{0,2}})"
        rf"(?=(?:{_role_alternation(ps)})(?:[（(][^（）()\s]{{1,8}}[）)])?\p{{Han}}{{0,6}}[：:]"
        # (or a role named by its alias note: ……聘用合同雇佣方(简称甲方):)
        rf"|\p{{Han}}{{1,6}}[方人][（(]{ALIAS_WORDS}[“\"]?[甲乙丙丁]方[”\"]?[）)][：:])"
        rf"|(?<=[（(][甲乙丙丁]方[）)])(?=\p{{Han}}[\p{{Han}}（）()]{{1,15}}[：:])"
        # (…水务有限公司受雇人(以下简称乙方): the next role, named by its note, after the name before it)
        rf"|(?<={_VALUE_END})(?P<noted>{_role_alternation(ps)})(?=[（(]{ALIAS_ORDINAL}[）)])"
        rf"|(?<=\p{{Han}}|[0-9A-Za-z）)：:」』_]){_role_colon(ps)}"
        # (a role after the line drawn for the name before it, its own line standing for its colon:
        # 甲方(出租方)______乙方(承租方)______)
        rf"|(?<=_)(?P<drawn>{_role_alternation(ps)})(?:[（(][^（）()\s]{{1,8}}[）)])?(?=_{{3}})"
    )


@cache
def _lead_role(ps: PatternSet) -> regex.Pattern[str]:
    """A role and its colon opening the line (甲方:乙方:)."""
    return compile_pattern(rf"[ \u3000]*{_role_colon(ps)}")


@cache
def _spaced_role(ps: PatternSet) -> regex.Pattern[str]:
    """A role and its colon after a space (… 乙方:某公司)."""
    return compile_pattern(rf"(?<= ){_role_colon(ps)}")


def _glued_starts(text: str, ps: PatternSet) -> list[int]:
    pattern, heads = _glued_label(ps)
    starts = [
        m.start()
        for m in pattern.finditer(text)
        if not any(text.endswith(h, 0, m.start()) for h in heads[m.group("label")])
    ]
    # (not the tail of a longer role: 被赡养人姓名: holds 赡养人姓名:)
    roles = [
        m
        for m in _glued_role(ps).finditer(text)
        if not (m.group("role") and _inside_role(text, m.start("role"), m.end("role"), ps))
    ]
    # two roles glued so (甲方: … 乙方:, 甲方:乙方: with nothing written), or a label after a party's
    # ordinal: a single role glued to a word may be a sentence's (经甲方:)
    lead = _lead_role(ps).match(text)
    named = {m.group("role") for m in roles if m.group("role")} | ({lead.group("role")} if lead else set())
    if roles and len(named) < 2:  # …2014年3月5日甲方: 法人代表: 乙方:某公司 — the other role one space on
        named |= {m.group("role") for m in _spaced_role(ps).finditer(text)}
    # (a role closing the line after a value's end, nothing after its colon: 合同编号:(2015)第005 号甲方:)
    closing = [
        m for m in roles if m.group("role") and not text[m.end() :].strip() and _ends_value(text, m.start())
    ]
    if len(named) >= 2 or any(not m.group("role") for m in roles):
        starts += [m.start() for m in roles]
    elif closing:
        starts += [m.start() for m in closing]
    return sorted(starts)


def _inside_role(text: str, a: int, b: int, ps: PatternSet) -> bool:
    """Whether the role at text[a:b] is the tail of a longer role (赡养人 in 被赡养人)."""
    return any(len(r) > b - a and text.endswith(r, 0, b) for r in ps.roles_longest_first)


_RE_VALUE_END = compile_pattern(_VALUE_END)


def _ends_value(text: str, at: int) -> bool:
    """Whether the text before ``at`` ends a value (a number, 号, 公司…), not a sentence's word (经甲方:)."""
    return at > 0 and _RE_VALUE_END.match(text, at - 1) is not None


def spaced_fields(text: str, ps: PatternSet) -> list[tuple[int, int]]:
    """The [lo, hi) windows of a line of fields typed one space apart, each a label and its value (the
    first also what comes before its label), or [] for an ordinary line: at least
    :data:`SPACED_FIELDS_MIN` known labels, each after a single space, or a long label glued to the value
    before it (:func:`_glued_label`)."""
    if len(text) > SPACED_LINE_MAX or (":" not in text and "：" not in text and "___" not in text):
        return []  # (a line drawn for each name may stand for the colons: 甲方(出租方)____乙方(承租方)____)
    starts = [0, *(m.end() for m in _spaced_label(ps).finditer(text))]
    glued = _glued_starts(text, ps)
    if len(starts) < SPACED_FIELDS_MIN and not glued:
        # two fields in one table cell (…    合计金额小写: 807480 元 合计金额大写:捌拾万…): a label after a
        # single space whose cell opens with a label of its own
        starts = [0, *(p for p in starts[1:] if _cell_opens_with_label(text, p))]
        starts += [m.end() for m in _spaced_sign_label(ps).finditer(text)]
        if len(starts) < 2:
            return []
    starts = sorted({*starts, *glued})
    windows = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        prose = _prose_after(text, a, b)
        windows += [(a, prose), (prose, b)] if prose < b else [(a, b)]
    return windows


#: how far back the label that opens a table cell is looked for
CELL_WINDOW = 60
_RE_CELL_GAP = compile_pattern(r"(?:[ \u3000]{2,}|\t)(?=\S)")
_RE_CELL_LABEL = compile_pattern(r"\p{Han}[\p{Han}（）()]{1,11}[：:]")


def _cell_opens_with_label(text: str, p: int) -> bool:
    """Whether the cell holding position ``p`` (from the wide gap or the tab before it, within
    :data:`CELL_WINDOW` characters) opens with a label and its colon."""
    lo = max(0, p - CELL_WINDOW)
    gaps = list(_RE_CELL_GAP.finditer(text, lo, p))
    if gaps:
        start = gaps[-1].end()
    elif lo == 0:
        start = len(text) - len(text.lstrip(" \u3000"))
    else:
        return False  # a cell longer than the window: a sentence, not a cell of fields
    return _RE_CELL_LABEL.match(text, start, p) is not None


#: the shortest run without a space read as a sentence: a field's value ends before it
PROSE_RUN_MIN = 16
_RE_RUN = compile_pattern(r"(?<= )[^ ]+")
_RE_CLAUSE_MARK = compile_pattern(r"[，。；;]|,(?!\d)")
_RE_COLON = compile_pattern(r"[：:]")
_RE_ORDINAL_LEAD = compile_pattern(rf"[（(]{ALIAS_WORDS}?[“\"「]?[甲乙丙丁]方[”\"」]?[）)]")


def _prose_after(text: str, a: int, b: int) -> int:
    """Where the sentences after the value of the field in text[a:b] begin (供应商地址:某街道303房 ??依据
    《政府采购法》…,甲乙双方同意签订本合同。), or ``b``: a long run with no space and a clause's punctuation,
    after a space that something written precedes."""
    colon = _RE_COLON.search(text, a, b)
    if colon is None:
        return b
    for m in _RE_RUN.finditer(text, colon.end(), b):
        run = m.group()
        if (
            len(run) >= PROSE_RUN_MIN
            and _RE_CLAUSE_MARK.search(run)
            and text[colon.end() : m.start()].strip()
        ):
            # 湖南某公司 (乙方)为了保护… / 某公司 (以下称乙方)经甲乙双方…: the ordinal stays with the name
            ordinal = _RE_ORDINAL_LEAD.match(run)
            return m.start() + (ordinal.end() if ordinal else 0)
    return b


#: the longest line looked at for fields typed one space apart
SPACED_LINE_MAX = 2000


def _columns(line: Line, ps: PatternSet) -> list[tuple[int, int]]:
    """Side-by-side blocks on one line (甲方（盖章）：XX　　　　乙方（盖章）：YY): their [lo, hi) windows.

    The line is cut at each wide gap that a role or a label follows; otherwise it is one window. A line
    of fields typed one space apart (:func:`spaced_fields`) is cut before each of its labels.
    """
    text = line.text
    c = _compiled(ps)
    windows = spaced_fields(text, ps)
    if windows:
        return windows
    bounds, start = [], 0
    for m in COLUMN_GAP.finditer(text):
        a, b = m.span()
        left = text[start:a]
        if not left.strip() or ("：" not in left and ":" not in left) or b >= len(text):
            continue  # 需　　方：is one letter-spaced label, not two columns
        if _role_line(line, ps, b) is not None or c.label.match(text, b) or c.generic_label.match(text[b:]):
            bounds.append((start, a))
            start = b
    if not bounds or len(bounds) >= MAX_COLUMNS:
        return [(0, len(text))]  # not a form laid out side by side
    bounds.append((start, len(text)))
    return bounds


#: the English half of a bilingual label: 甲方（个人信息处理者）/ Party A (Controller), 地址 / Address
_ENGLISH_TAIL = compile_pattern(r"[/／][A-Za-z][A-Za-z0-9 .()（）'&-]*$")
# (采购人：某学院 (甲方): the ordinal in brackets after the name, with or without 以下简称)
_NAMED_ORDINAL = compile_pattern(
    rf"[（(]\s*{ALIAS_WORDS}?[“\"「]?(?P<ord>[甲乙丙丁戊己]方)[”\"」]?\s*[）)]\s*(?:$|(?=\p{{Han}}{{2,8}}[：:]))"
)
#: an alias note inside a value, the preamble run on after it (斗糯村民委员会(以下简称乙方)为贯彻落实…)
RE_ALIAS_INSIDE = compile_pattern(rf"[（(]\s*{ALIAS_WORDS}[^（）()]{{0,30}}[）)]")
#: an ordinal named by an alias note, whatever follows it (the note says it: 以下称乙方)
_NAMED_ORDINAL_NOTE = compile_pattern(rf"[（(]\s*{ALIAS_ORDINAL}\s*[）)]")
_ALIAS_WORDS = compile_pattern("^" + ALIAS_WORDS)

#: side-by-side blocks on one line: two to four parties; more is not a layout but a run-on line
MAX_COLUMNS = 6
_BRACKETED = compile_pattern(r"[（(][^（）()]*[）)]")
#: an alias note alone on its line, naming an ordinal: the party's name before it left out
_RE_ALIAS_ALONE = compile_pattern(rf"[（(]{ALIAS_ORDINAL}[）)][。]?")
#: a bracket opened after a name and never closed on its line: a note a line wrap cut
_RE_UNCLOSED_NOTE = compile_pattern(r"[（(][^（）()]*$")
#: a short name in quotes and brackets after the name, without 简称 (四川湖山电子股份有限公司(“四川湖山”))
_RE_SHORT_NAME = compile_pattern(
    r"[（(][“\"「][^”\"」（）()]{1,16}[”\"」](?:或[“\"「][^”\"」（）()]{1,16}[”\"」])*[）)]"
)
#: the last word of a value after a space (周伟森 身份证号码): the next field's label when it is a known one
_RE_SPACED_TAIL = compile_pattern(r"[ \u3000]+([\u4e00-\u9fff]{2,8})$")
#: a person's name, a space, then a sentence (its comma or colon within reach)
_RE_NAME_THEN_PROSE = compile_pattern(
    r"(?P<name>[\u4e00-\u9fff]{2,4})[ \u3000]+[\u4e00-\u9fff]{2,}[^ \u3000]{0,20}?[，,:：]"
)
#: a template's X standing for the whole value (联系人:XXX); a site's lower-case masking (xxx) is a value
_RE_X_RUN = compile_pattern(r"[XＸ×]{3,}")
#: a value a publisher masked letter by letter, figures by zeros (地址:xxxxxxxxx 000 x)
_RE_X_MASK = compile_pattern(r"(?=[^Xx]*[Xx]{3})[Xx0 \u3000]+")
#: a note on whose authority a party signs, closing its name: (经武汉市人民政府授权签署), (受…委托); not
#: an alternative the name allows ((或政府授权公司) is part of it)
_RE_AUTHORITY_NOTE = compile_pattern(
    r"[（(](?!或)[^（）()]{0,30}(?:授权|委托|代表)[^（）()]{0,12}[）)][；;。]?$"
)
#: a person's name after a space closing a value, when the line goes on with the next person (,男,39岁)
_RE_NEXT_PERSON = compile_pattern(r"[ \u3000]+[\u4e00-\u9fff]{2,4}$")
#: a date's skeleton with only the century a form printed (201 年月日, 20__年__月__日)
_RE_CENTURY_SKELETON = compile_pattern(r"(?:19|20)[0-9]?[ \u3000_]*年[ \u3000_]*月[ \u3000_]*日")
#: a date's skeleton with nothing written (____年____月____日 after its underscores were stripped)
_RE_DATE_SKELETON = compile_pattern(r"年[_ \u3000]*月[_ \u3000]*日")
#: what a form writes in brackets where the value goes: (职工姓名), （单位名称）
_RE_INSTRUCTION = compile_pattern(r"[（(][\u4e00-\u9fff]{2,8}[)）]")
#: a page's footer: 第1页/共10页, 第 2 页 共 5 页
_RE_PAGE_OF = compile_pattern(
    r"第[ \u3000]*[0-9]+[ \u3000]*页[ \u3000]*[/／,，]?[ \u3000]*共[ \u3000]*[0-9]+[ \u3000]*页"
)
#: what opens the contract's own sentences or a clause's number (本合同各方…, 2.5.2.甲方…), never a value
_RE_CLAUSE_LEAD = compile_pattern(r"本(?:合同|协议)|[0-9]{1,2}(?:\.[0-9]{1,2})+\.?(?=[\u4e00-\u9fff])")
#: the words of an address's parts, left standing when its gaps are open (  县  乡  村)
_PLACE_WORDS = "省市县区乡镇村组队"

#: a note after a name that points the reader elsewhere: (面积、名单见附表), (详见附件一)
_RE_POINTER_NOTE = compile_pattern(r"[（(][^（）()]{0,20}见[^（）()]{0,12}[）)]$")
#: the capacity a person signs in, in brackets before the name: （实际控制人）郑智彬
_RE_CAPACITY = compile_pattern(
    r"[（(]\p{Han}{2,8}人[）)](?=\p{Han}{2,4}$)|[（(][A-Za-z][A-Za-z ]{1,30}[）)]\s*(?=[A-Z][A-Za-z.\- ]{1,40}$)"
)  # (and in English: (actual controller) Zhibin Zheng)


def _known_label_lead(text: str, ps: PatternSet) -> bool:
    """Whether ``text`` opens with a party's field label and its colon (身份证号:…)."""
    m = _RE_LABEL_LEAD.match(text)
    return m is not None and squash(m.group()[:-1]) in ps.field_keys


def _glued_end_label(core: str, ps: PatternSet) -> int:
    """How many characters of ``core`` a known field's label and its colon glued to the end of a value take
    (张夏镇王庄村民委员会代表人: -> 代表人:), or 0; the value before it is at least two characters. The
    contract's own labels need no colon (…有限公司签约地点, its colon where a page's column ended)."""
    colon = core[-1:] in ("：", ":")
    head = core[:-1] if colon else core
    for label in ps.glued_labels_longest if colon else ps.contract_fields_longest:
        if head.endswith(label) and len(head) - len(label) >= 2:
            return len(label) + colon
    return 0


def _glued_empty_label(line: Line, lo: int, hi: int, ps: PatternSet) -> Field | None:
    """The empty field whose label and colon close a name's region with nothing after them (甲方(出租人):
    加油站法定代表人(负责人):), or None."""
    seg = line.text[lo:hi].rstrip(BLANK_CHARS)
    # (the labels are written with full-width brackets: 法定代表人(负责人) is 法定代表人（负责人）)
    n = _glued_end_label(seg.strip(BLANK_CHARS).replace("(", "（").replace(")", "）"), ps)
    if not n or seg[-1:] not in ("：", ":"):
        return None
    label = squash(seg[-n:-1])
    end = lo + len(seg)
    return Field(field_key(label, ps), label, None, "empty", line.no, (end, end), block="party")


#: a value that is only a bracketed note: （以下简称“甲方”） / (简称甲方) / （如无，请划掉）, or the alias note
#: alone, unbracketed, where the name was left out (简称甲方)
_NOTE_ONLY = compile_pattern(rf"[（(][^（）()]{{0,30}}[）)]|{ALIAS_ORDINAL}[。.]?")
#: an alias note closing a value, in Chinese or in English ((hereinafter referred to as "Party A")); its
#: closing bracket may be lost with the line's end (通鼎集团有限公司(以下简称通鼎集团)
ALIAS_NOTE = compile_pattern(
    r"[（(]\s*(?:(?:以下|下文)(?:简称|称)[^）)]*|[甲乙丙丁戊己]方\s*|(?i:herein\w*\s+(?:referred\s+to\s+)?as)[^）)]*)"
    r"(?:[）)]\s*$|$)"
)


def field_key(label: str, ps: PatternSet) -> str:
    """The canonical key of a label: 法定代表人（主要负责人） is a legal_representative."""
    key = ps.field_keys.get(label)
    if key is None:
        bare = _BRACKETED.sub("", label)
        key = ps.field_keys.get(bare)
        if key is None:  # 经常居住地（通讯地址）: the bracket may carry the known label
            inner = [ps.field_keys.get(m.group(0)[1:-1]) for m in _BRACKETED.finditer(label)]
            key = next((k for k in inner if k), None)
        if key is None and any(c in bare for c in "/／或"):  # 法定代表人／委托代理人: the first known
            parts = (field_key(x, ps) for x in bare.replace("／", "/").replace("或", "/").split("/") if x)
            key = next((k for k in parts if k != "other"), None)
        if key is None and not bare.startswith(ps.field_foreign):
            key = next((k for end, k in ps.field_suffixes if bare.endswith(end)), None)
    return key or "other"


#: a value of only these is nothing written: ``证件号：＿＿＿）`` (the bracket closes the template's note)
_PUNCT_ONLY = "）)】]」』，,；;。.、"
_LEAD_PUNCT = "、，,；;"


#: a date right after the end of a name, an address or a number with no space (a cover page whose line
#: lost the gap between the name and the date under it)
_GLUED_DATE = compile_pattern(
    rf"(?<={_VALUE_END})"
    r"(?:[〇零一二三四五六七八九]{4}|[0-9]{4})年[〇零一二三四五六七八九十0-9]{1,2}月"
    r"(?:[〇零一二三四五六七八九十0-9]{1,3}日)?$"
)


def label_run(value: str, ps: PatternSet) -> list[tuple[int, str]]:
    """A value made only of two labels or more (专 业学历学位 → 专业, 学历学位; 名称、工程地点): the form's next
    labels, which a copy ran together, or a list of what to write, each with where it ends; else nothing.
    A label may be letter-spaced."""
    out: list[tuple[int, str]] = []
    i, n = 0, len(value)
    while i < n:
        for w in ps.form_label_words.get(value[i], ()):
            j, k = i, 0
            while j < n and k < len(w) and (value[j] == w[k] or (k and value[j] in " \u3000")):
                k += value[j] == w[k]
                j += 1
            if k == len(w):
                break
        else:
            return []
        out.append((j, w))
        while j < n and value[j] in " \u3000、，,/／":
            j += 1
        i = j
    return out if len(out) >= 2 else []


def without_glued_date(value: str) -> str:
    """``value`` without a cover's date run onto it (陕西某工程有限公司二〇二三年八月 -> the name)."""
    glued = _GLUED_DATE.search(value)
    return value if glued is None else value[: glued.start()]


#: a label and its colon opening what stands after another label: the next field, one space on
_RE_LABEL_LEAD = compile_pattern(r"\p{Han}[\p{Han}（）()]{1,9}[：:]")
#: a label and the line drawn for its value, with no colon: 身份证号________
_RE_LABEL_DRAWN = compile_pattern(r"(?P<label>\p{Han}{2,8})_{3,}")
#: a field written in brackets closing a name (夏军平(艺名:福文), 张三（身份证号：…）)
_RE_FIELD_NOTE = compile_pattern(r"[（(]\p{Han}{1,8}[：:][^（）()]{1,40}[）)]$")


def _blank_then_word(seg: str, core: str, ps: PatternSet) -> bool:
    """甲方:___________________大厦 — a line drawn for the name, then the template's word that ends it:
    nothing written."""
    if not seg.startswith("___"):
        return False
    # (____号; 合伙人:______甲现住址: — the partner's letter and the next label's first word)
    return core in ps.blank_before or core in ps.between_blanks or (len(core) <= 2 and core[0] in "甲乙丙丁")


def _open_bracket(text: str) -> bool:
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


def _value(text: str, start: int, end: int, ps: PatternSet) -> tuple[str | None, str, tuple[int, int]]:
    """(value, status, span) of the region text[start:end]; an empty value's span is the line drawn for
    it when one opens the region (甲方:________ (购货方): the underscores, not a point after the note)."""
    value, status, span = _read_value(text, start, end, ps)
    if status == "empty" and span[0] == span[1]:
        seg = text[start:end]
        drawn = _RE_DRAWN.match(seg)
        if drawn is not None:
            return value, status, (start + drawn.start("line"), start + drawn.end("line"))
    return value, status, span


#: a line drawn for the value, opening the region after a label's colon
_RE_DRAWN = compile_pattern(r"[ \u3000]*(?P<line>_{3,})")


def _read_value(text: str, start: int, end: int, ps: PatternSet) -> tuple[str | None, str, tuple[int, int]]:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip(BLANK_CHARS))
    core = ps.sign_here.sub("", seg).strip(BLANK_CHARS)
    if core and not core.strip(_PUNCT_ONLY + BLANK_CHARS):  # 姓名:,性别: — the comma before the next field
        return None, "empty", (start + lead, start + lead)
    # nothing, a bare 年  月  日 or a term's skeleton (年____月____日至____年…), a line drawn before the
    # template's word (____大厦), or only the instruction （盖章）: nothing was written
    if (
        not core
        or not core.strip("年月日至起止到" + BLANK_CHARS)
        or _blank_then_word(seg.lstrip(" \t\u3000"), core, ps)
        or not core.strip("□☐▢" + BLANK_CHARS)  # a box per character, none written in
    ):
        inner = seg.strip(" \t")
        if inner:
            off = seg.find(inner)
            return None, "empty", (start + off, start + off + len(inner))
        return None, "empty", (start, end) if end > start else (start, start)
    if core[0] in "，," and len(core) > 1:  # 法定代表人:,院长 — the name before the comma left out
        return None, "empty", (start + lead, start + lead)
    if core[0] in _LEAD_PUNCT:  # 全称：、${name}: a stray mark before the value is not part of it
        core = core.lstrip(_LEAD_PUNCT + BLANK_CHARS) or core
        lead = max(seg.find(core), lead)
    told = _RE_INSTRUCTION.match(core)
    if told is not None and not _RE_HAN.search(core, told.end()):
        # 乙方:(职工姓名) ID card No. — the form's instruction, then a bilingual form's English label
        return None, "empty", (start + lead, start + lead)
    page = _RE_PAGE_OF.match(core)
    if page is not None:  # 户名:第1页/共10页账号: — a page's footer a one-line copy ran in, no value
        core = core[page.end() :].lstrip(BLANK_CHARS)
        if not core or _RE_LABEL_LEAD.match(core):  # (then the next label: nothing written)
            return None, "empty", (start + lead, start + lead)
        lead = seg.find(core, lead)
    if _RE_CENTURY_SKELETON.fullmatch(core):  # 日期: 201 年月日 — the form's century, nothing written
        return None, "empty", (start + lead, start + lead + len(core))
    skeleton = _RE_DATE_SKELETON.match(core)
    if skeleton is not None and _RE_LABEL_LEAD.match(core[skeleton.end() :]):
        # 日期:____年____月____日日期:____… — the date's skeleton, then the next column's label
        return None, "empty", (start + lead, start + lead)
    if _RE_CLAUSE_LEAD.match(core):
        # 统一社会信用代码:本合同各方经… / 增值税率:2.5.2.甲方在…: the text goes on, nothing written
        off = seg.find(core)
        return None, "empty", (start + off, start + off)
    glued = _glued_end_label(core, ps)
    if glued:  # 张夏镇王庄村民委员会代表人: — the name, then the next field's label with nothing after it
        label = core[-glued:].rstrip("：:")
        core = core[:-glued].rstrip(BLANK_CHARS)
        if core + label in ps.field_keys:  # ______法定代表人(签字): — the label's own first word, no name
            return None, "empty", (start + lead, start + lead)
    spoken = _RE_NAME_THEN_PROSE.match(core)
    if spoken is not None:  # 何庆如 通过双方协商, 就展厅… — a person's name, then the preamble a page ran on
        core = spoken.group("name")
    tail = _RE_SPACED_TAIL.search(core)
    if tail is not None and tail.start() >= 2 and tail.group(1) in ps.field_keys:
        core = core[: tail.start()]  # 周伟森 身份证号码 — the next field's label, its colon lost
    if glued and _blank_then_word(seg.lstrip(" \t\u3000"), core, ps):
        # 合伙人:______甲现住址: — the line drawn, then the template's words before the next label
        a = seg.find("_")
        return None, "empty", (start + a, start + a + len(seg[a:]) - len(seg[a:].lstrip("_")))
    lead_label = _RE_LABEL_LEAD.match(core)
    if lead_label is not None and _open_bracket(lead_label.group()):
        lead_label = None  # 夏军平(艺名:福文): a note's colon inside the name's bracket, no label
    if lead_label is not None and _known_label_lead(core[lead_label.end() :], ps):
        # 李向忠:身份证号:户籍地址:… — the name, then the next field's label: the name was written, the
        # colon after it a page's stray mark
        core = lead_label.group()[:-1]
        lead_label = None
    # (a preamble run on after the name may end in a colon: it is cut below, the name is no label)
    run_on = ps.preamble_openers.search(core, 2) if core[-1] in "：:" else None
    label_end = core[-1] in "：:" and run_on is None
    drawn_label = _RE_LABEL_DRAWN.match(core)
    if drawn_label is not None and drawn_label.group("label") in ps.field_keys:
        lead_label = drawn_label  # 代理人____身份证号____: the next field's label over its own drawn line
    if _NOTE_ONLY.fullmatch(core) or label_end or lead_label is not None or label_run(core, ps):
        # （以下简称“甲方”） / （如无，请划掉） / 证件类型及编号： / 签约日期: 年月日: a note or the next
        # label (and what follows it); 专 业学历学位: the next labels run together: nothing written
        gap = seg[:lead]
        if "_" in gap:  # 宠物品种:___________ 宠物颜色: — the line drawn is the place, before the next label
            return None, "empty", (start + gap.find("_"), start + gap.rfind("_") + 1)
        off = seg.find(core)
        return None, "empty", (start + off, start + off)
    if RE_ALIAS_INSIDE.match(core):  # 承包方:(以下简称乙方)本着自愿…: the note where the name should be
        off = seg.find(core)
        return None, "empty", (start + off, start + off)
    notes = (ALIAS_NOTE.search(core), RE_ALIAS_INSIDE.search(core, 2), _RE_SHORT_NAME.search(core, 2))
    alias = min((n for n in notes if n is not None), key=lambda n: n.start(), default=None)
    if alias is not None:  # 北京华信科技股份有限公司（以下简称“甲方”）: the name without the note
        core = core[: alias.start()].rstrip(BLANK_CHARS) or core  # (and without the preamble run on after it)
    # 沪士电子股份有限公司(代沪士电子股份 — a note the line's wrap cut
    unclosed = _RE_UNCLOSED_NOTE.search(core)
    if unclosed is not None and unclosed.start() >= 2:
        core = core[: unclosed.start()].rstrip(BLANK_CHARS)
    # 康任村二队、三队村民(面积、名单见附表) — a note pointing the reader elsewhere
    pointer = _RE_POINTER_NOTE.search(core)
    if pointer is not None and pointer.start() > 0:
        core = core[: pointer.start()].rstrip(BLANK_CHARS)
    capacity = _RE_CAPACITY.match(core)
    if capacity is not None:  # （实际控制人）郑智彬: the capacity the person signs in, then the name
        core = core[capacity.end() :].lstrip(BLANK_CHARS)
        lead = seg.find(core, lead)
    authority = _RE_AUTHORITY_NOTE.search(core)
    if authority is not None and authority.start() >= 2:
        core = core[: authority.start()].rstrip(BLANK_CHARS)  # 武汉市水务局(经…授权签署): who it signs for
    note = _RE_FIELD_NOTE.search(core)
    if note is not None and note.start() > 0:  # 夏军平(艺名:福文): a field in brackets after the name
        core = core[: note.start()].rstrip(BLANK_CHARS)
    appositive = ps.name_appositive.search(core, 2)
    if appositive is not None:  # 天行皓车(北京)科技有限公司,一家依照中国法律设立…: the name, then what it is
        core = core[: appositive.start()].rstrip(BLANK_CHARS)
    boxed = _RE_NAME_BRACKETS.fullmatch(core)
    if boxed is not None:  # 【深圳杰思实业科技股份有限公司】: a form's brackets round the name written in
        core = boxed.group("name")
        lead = seg.find(core, lead)
    opener = ps.preamble_openers.search(core)
    if opener is not None and opener.start() < 2:
        # 乙方:为了改善街道卫生环境,…: the preamble where the name should be, nothing written
        off = seg.find(core)
        return None, "empty", (start + off, start + off)
    if opener is not None:  # 梁家明本着互惠互利的原则…: the preamble a page ran on after the name
        core = core[: opener.start()].rstrip(BLANK_CHARS + "，,")
    if "。" in core.rstrip("。") or (core.startswith(ps.roles_longest_first) and len(core) > 4):
        # 承租方(以下称乙方): 甲方愿意将产权属于自己的房屋出租给乙方。 — a sentence, no name: nothing written
        off = seg.find(core)
        return None, "empty", (start + off, start + off)
    core = without_glued_date(core)
    # 法定代表人:桂猛,所有性质:… — the comma parts the line's fields, it is not the name's
    joined = core.rstrip(BLANK_CHARS).endswith("、")  # (地址、电话: — labels joined by a list's comma)
    core = core.rstrip("，,；;、。" + BLANK_CHARS) or core
    person = _RE_NEXT_PERSON.search(core)
    if person is not None and person.start() >= 2:
        rest = text[start + seg.find(core) + len(core) :]
        if rest.lstrip(" ,，")[:1] in ("男", "女"):
            core = core[: person.start()]  # 住址:…新农村民组 程江明,男,39岁 — the next person's name ran on
    if joined and core in ps.field_keys and field_key(core, ps) != "other":
        # 纳税人识别号:地址、电话: — the next fields' labels, nothing written
        off = seg.find(core)
        return None, "empty", (start + off, start + off)
    if len(core) >= 2 and not core.strip(_PLACE_WORDS + BLANK_CHARS):
        # 乙方: 县 乡村 — the words of an address whose gaps are open, nothing written
        off = seg.find(core)
        return None, "empty", (start + off, start + off)
    span = (start + lead, start + lead + len(core))
    if ps.na.match(core):
        return core, "na", span
    if ps.placeholder.fullmatch(core) or _RE_X_RUN.fullmatch(core) or _RE_X_MASK.fullmatch(core):
        # «出借人姓名» / {{ name }} / XXX: a template field never filled
        return core, "empty", span
    if any(ch in ps.boxes for ch in core):
        # 证件类型：□居民身份证 □护照 □其他 — the options to tick, not a value: the ticked ones are
        ticked = _ticked(core, ps)
        return (ticked, "filled", span) if ticked else (None, "empty", span)
    return core, "filled", span


def _ticked(text: str, ps: PatternSet) -> str | None:
    """The options ticked in a row of check boxes (☑居民身份证 □护照 → 居民身份证), or None."""
    marks = [i for i, ch in enumerate(text) if ch in ps.boxes]
    chosen = []
    for n, i in enumerate(marks):
        if text[i] in ps.checked:
            end = marks[n + 1] if n + 1 < len(marks) else len(text)
            option = text[i + 1 : end].strip(BLANK_CHARS + "，,；;。")
            if option:
                chosen.append(option)
    return "；".join(chosen) or None


#: the fields whose value is a code of digits (an account, a phone, an ID, a postcode)
CODE_KEYS = frozenset({"account", "phone", "fax", "credit_code", "id_number", "postcode"})
#: what a code's value holds: a digit, a mask or a placeholder's run, figures in words; or a pointer to
#: where it is written (同上, 见附件)
_RE_CODE_SIGN = compile_pattern(
    r"[0-9０-９*＊…]|[XxＸ×#]{2,}|[〇零一二三四五六七八九]{3,}|^(?:同上|同前|详见|见)"
)


def no_code(value: str, key: str | None, ps: PatternSet) -> bool:
    """Whether ``value`` read after a code's label is no code at all: 邮政编码:需 方 (the next column's
    label), 身份证号: Permanent Registered (a bilingual form's English), 账号:货物或应税劳务 (the form's
    next words)."""
    return (
        key in CODE_KEYS
        and _RE_CODE_SIGN.search(value) is None
        and ps.na.match(value) is None
        and ps.placeholder.fullmatch(value) is None
    )


def _fields_in(line: Line, ps: PatternSet, block: str, lo: int = 0, hi: int | None = None) -> list[Field]:
    c = _compiled(ps)
    text = line.text
    hi = len(text) if hi is None else hi
    hits: list[tuple[int, int, str]] = [
        (m.start(), m.end(), m.group("label")) for m in c.label.finditer(text, lo, hi)
    ]
    if not hits or text[lo : hits[0][0]].strip():
        g = c.generic_label.match(text[lo:hi])
        if g is not None and (not hits or lo + g.end() <= hits[0][0]):
            hits.insert(0, (lo + g.start(), lo + g.end(), g.group("label")))
    if hits:
        extra = [
            (m.start("label"), m.end(), m.group("label"))
            for m in c.run_on_label.finditer(text, hits[0][1], hi)
            if not any(a <= m.start("label") < b for a, b, _ in hits)
            and not ps.list_intro.search(m.group("label"))  # …,达成如下协议: a sentence's colon
        ]
        hits = sorted([*hits, *extra]) if extra else hits
    fields = []
    for i, (_a, b, raw) in enumerate(hits):
        end = hits[i + 1][0] if i + 1 < len(hits) else hi
        label = squash(raw)
        key = field_key(label, ps)
        value, status, span = _value(text, b, end, ps)
        if status == "filled" and no_code(value or "", key, ps):
            value, status, span = None, "empty", (span[0], span[0])
        normalized = normalize(value, key=key) if status == "filled" else None
        fields.append(Field(key, label, value, status, line.no, span, block=block, normalized=normalized))
    return fields


def _ordered(lines: list[Line], ps: PatternSet) -> Iterable[Line]:
    """Lines in party reading order: a table with parties side by side is read column by column."""
    by_table: dict[int, list[Line]] = {}
    for ln in lines:
        if ln.cell is not None:
            by_table.setdefault(ln.cell[0], []).append(ln)
    side_by_side = set()
    for t, cells in by_table.items():
        rows: dict[int, set[str]] = {}
        for ln in cells:
            rl = _role_line(ln, ps)
            if rl is not None and ln.cell is not None:
                rows.setdefault(ln.cell[1], set()).add(rl.role)
        if any(len(roles) >= 2 for roles in rows.values()):
            side_by_side.add(t)
    emitted: set[int] = set()
    for ln in lines:
        if ln.cell is not None and ln.cell[0] in side_by_side:
            t = ln.cell[0]
            if t not in emitted:
                emitted.add(t)
                yield from sorted(by_table[t], key=lambda x: (x.cell[2], x.cell[1], x.no))  # type: ignore[index]
            continue
        yield ln


def _grid_parties(lines: list[Line], ps: PatternSet) -> tuple[list[Party], set[int]]:
    """Tables with a role in each column header and labels in the first column."""
    parties: list[Party] = []
    used: set[int] = set()
    tables: dict[int, dict[int, dict[int, Line]]] = {}  # table -> row -> column -> first line of the cell
    for ln in lines:
        if ln.cell is not None:  # empty cells too: an empty value cell is an empty field
            t, r, c = ln.cell
            tables.setdefault(t, {}).setdefault(r, {}).setdefault(c, ln)
    for rows in tables.values():
        for r in sorted(rows):
            header = {c: _role_line(ln, ps) for c, ln in rows[r].items() if c >= 1}
            roles = {c: rl for c, rl in header.items() if rl is not None and not ln_text(rows[r][c], rl)}
            if len(roles) < 2:
                continue
            for c, rl in sorted(roles.items()):
                party = Party(rl.role, rl.alias, rl.description, rows[r][c].no)
                for rr in sorted(rows):
                    if rr <= r or c not in rows[rr] or 0 not in rows[rr]:
                        continue
                    ln = rows[rr][c]
                    label = squash(rows[rr][0].text).rstrip("：:")
                    key = field_key(label, ps)
                    value, status, span = _value(ln.text, 0, len(ln.text), ps)
                    normalized = normalize(value, key=key) if status == "filled" else None
                    party.fields.append(Field(key, label, value, status, ln.no, span, normalized=normalized))
                    used.add(ln.no)
                parties.append(party)
            used.update(ln.no for row in rows.values() for ln in row.values())
            break
    return parties, used


def _pair_parties(lines: list[Line], ps: PatternSet) -> tuple[list[Party], set[int]]:
    """Tables of ``label | value`` rows. The party comes from a role in a label cell (甲方（出租方） |
    杭州恒信置业有限公司; two such pairs side by side are two parties), from a role in a first column that
    spans the party's rows (甲方 | 名称 | … / (merged) | 住所 | …), or from a role line just above the table
    (甲方： then 名称 | … | 联系电话 | …). The rows under it are its fields."""
    rows: dict[tuple[int, int], dict[int, Line]] = {}
    above: dict[int, Line] = {}  # table -> the line just above its first cell
    prev: Line | None = None
    for ln in lines:
        if ln.cell is not None:
            t, r, c = ln.cell
            if not any(k[0] == t for k in rows) and prev is not None and prev.cell is None:
                above[t] = prev
            rows.setdefault((t, r), {}).setdefault(c, ln)
        if ln.text.strip():
            prev = ln
    parties: list[Party] = []
    used: set[int] = set()
    open_: dict[tuple[int, int], Party] = {}  # (table, pair index) -> the party its rows belong to
    spanning: dict[int, Party] = {}  # table -> the party named in a first column that spans rows
    for t, ln in above.items():
        rl = _role_line(ln, ps)
        if rl is not None and rl.key == "name" and not ln_text(ln, rl):
            party = Party(rl.role, rl.alias, rl.description, ln.no)
            parties.append(party)
            open_[(t, 0)] = open_[(t, 1)] = party
            used.add(ln.no)
    for (t, _r), cells in sorted(rows.items()):
        cols = sorted(cells)
        pairs: list[tuple[int, Line, Line]] = []
        if cols == [0, 1, 2]:  # 甲方 | 名称 | 杭州一二三有限公司: the role spans the party's rows
            rl = _role_line(Line(cells[0].no, squash(cells[0].text).rstrip("：:")), ps)
            if rl is not None and rl.key == "name" and rl.value_span is None:
                spanning[t] = Party(rl.role, rl.alias, rl.description, cells[0].no)
                parties.append(spanning[t])
                used.add(cells[0].no)
                pairs = [(0, cells[1], cells[2])]
        elif cols == [1, 2] and t in spanning:
            pairs = [(0, cells[1], cells[2])]
        elif len(cols) in (2, 4) and cols == list(range(len(cols))):
            pairs = [(k, cells[2 * k], cells[2 * k + 1]) for k in range(len(cols) // 2)]
        if not pairs:
            for k in [k for k in open_ if k[0] == t]:
                del open_[k]  # not a label | value row: the blocks above have ended
            spanning.pop(t, None)
            continue
        for pair, head, cell in pairs:
            label = squash(head.text).rstrip("：:")
            if not label or len(label) > 24 or label.endswith("。") or "：" in label or ":" in label:
                open_.pop((t, pair), None)
                continue
            rl = _role_line(Line(head.no, label), ps)
            if rl is not None and rl.key == "name" and t not in spanning:
                party = Party(rl.role, rl.alias, rl.description, head.no)
                parties.append(party)
                open_[(t, pair)] = party
                key = "name"
            else:
                party = spanning.get(t) or open_.get((t, pair))
                if party is None or label in ps.contract_fields:
                    open_.pop((t, pair), None)
                    continue
                key = field_key(label, ps)
            value, status, span = _value(cell.text, 0, len(cell.text), ps)
            normalized = normalize(value, key=key) if status == "filled" and key != "name" else None
            party.fields.append(Field(key, label, value, status, cell.no, span, normalized=normalized))
            used.update((head.no, cell.no))
    return [p for p in parties if p.fields], used


#: a detail written after the name on the role line: ，身份证号码：4401…，住广州市…，联系电话：139…
_INLINE_DETAIL = compile_pattern(
    r"(?P<label>\p{Han}{2,10})[：:](?P<value>[^，,；;。]+)|^住(?:所|址)?(?P<addr>\p{Han}.+)$"
)


def _inline_details(line: Line, lo: int, hi: int, ps: PatternSet) -> tuple[int, list[Field]]:
    """甲方（出借人）：邓海涛，男，1981年4月12日出生，身份证号码：440104…，住广州市…: the name ends at the
    first comma when labelled details follow; returns (where the name ends, the detail fields)."""
    text = line.text
    comma = next((i for i in range(lo, hi) if text[i] in "，,"), -1)
    if comma >= 0 and not text[lo:comma].strip(BLANK_CHARS):
        return comma, []  # 甲方:_______,男,汉族,身份证号码____: the line drawn for the name, then details
    if comma < 0 or ("：" not in text[comma:hi] and ":" not in text[comma:hi]):
        return hi, []
    out: list[Field] = []
    i = comma + 1
    while i < hi:
        j = next((k for k in range(i, hi) if text[k] in "，,；;。"), hi)
        seg = text[i:j].strip()
        m = _INLINE_DETAIL.match(seg)
        if m is not None:
            off = i + (len(text[i:j]) - len(text[i:j].lstrip()))
            if m.group("addr"):
                label, key, value, a = "住", "address", m.group("addr"), off + m.start("addr")
            else:
                label = m.group("label")
                key, value, a = field_key(label, ps), m.group("value").strip(), off + m.start("value")
                # (read as any field's value is: 户名:第1页/共10页账号: is a page's footer, then a label)
                read, status, (a, _end) = _value(text, a, a + len(value), ps)
                value = read if status == "filled" and read else ""
            if key != "other" and value:
                out.append(Field(key, label, value, "filled", line.no, (a, a + len(value))))
                out[-1].normalized = normalize(value, key=key)
        i = j + 1
    return (comma, out) if out else (hi, [])


def _run_on_start(text: str, lo: int, hi: int, ps: PatternSet) -> int | None:
    """Where the first field run on after a party's name starts (,性别: in 姓名:,性别:民族:), or None."""
    for m in _compiled(ps).run_on_label.finditer(text, lo, hi):
        if ps.list_intro.search(m.group("label")):
            continue  # …,达成如下协议: a sentence's colon, no field
        if (
            not text[lo : m.start("label")].strip(BLANK_CHARS)
            and m.group("label") not in ps.field_keys
            and _known_label_lead(text[m.end() : hi], ps)
        ):
            continue  # 乙方:李向忠:身份证号:… — the name, a stray colon after it, then the first field
        if text[m.start() - 1 : m.start()] in ("：", ":"):
            # (李向忠:身份证号: — a value before the colon: the colon is no part of it)
            return m.start() - 1 if text[lo : m.start() - 1].strip(BLANK_CHARS) else m.start()
        return m.start("label")
    return None


def ln_text(line: Line, rl: _RoleLine) -> str:
    """The value written after a role's colon, if any."""
    if rl.value_span is None:
        return ""
    return line.text[rl.value_span[0] : rl.value_span[1]].strip(BLANK_CHARS)


#: how far below an empty ``甲方：`` its name may be: the next line, or the one after an empty line
NAME_BELOW_GAP = 2
#: how many lines without a Chinese word (a table's debris, an English label) may stand between an empty role
#: and the name under it
NAME_BELOW_SKIP = 2
_RE_HAN = compile_pattern(r"\p{Han}")
#: a list's number before a role: (1) / （2） / 1、 / 2.
_RE_ITEM_MARK = compile_pattern(r"^(?:[（(][0-9]{1,2}[）)]|[0-9]{1,2}[、.．])(?=\p{Han})")
#: a name a form set in brackets on its own line (【上海马力索精密机械有限公司】)
_RE_NAME_BRACKETS = compile_pattern(r"【(?P<name>[^【】]{2,40})】")


def _scan(lines: Iterable[Line], ps: PatternSet, block: str) -> list[Party]:
    """Party blocks in reading order; side-by-side blocks on one line are followed column by column."""
    parties: list[Party] = []
    current: list[tuple[int, Party | None]] = [(0, None)]  # (column start, open party)
    unnamed: dict[int, tuple[Party, _RoleLine, Line]] = {}  # parties opened by a role line in the party block
    prev_line: Line | None = None
    awaiting: tuple[Party, _RoleLine] | None = None  # 甲方： alone on its line: its name may be the next line
    skipped = 0  # lines without a Chinese word passed over while awaiting the name
    below: Field | None = None  # 法定代表人： alone at a line's end: its value may be the next line
    group: _RoleLine | None = None  # the role whose parties are numbered under it (甲方： / 1、… / 2、…)
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        prev_line, this_prev = ln, prev_line
        waiting, awaiting = awaiting, None
        under, below = below, None
        if under is not None and ln.no - under.line <= NAME_BELOW_GAP:
            if _RE_ENGLISH_LABEL.fullmatch(text):
                # 法定地址： / Legal Address: / 【上海市浦东新区秀浦路3500号】: a bilingual form's English label
                below = under
                continue
            bracketed = _RE_BOXED_LINE.fullmatch(text)
            value = bracketed.group("inner").strip() if bracketed is not None else text
            if _value_line(value, under.key, ps):
                # 法定代表人： / 田振清 — a table copied one cell a line puts each value under its label
                a = ln.text.find(value)
                under.value, under.status, under.line = value, "filled", ln.no
                under.span = (a, a + len(value))
                under.normalized = normalize(value, key=under.key) if under.key != "name" else None
                continue
        if (
            waiting is not None
            and this_prev is not None
            and ln.no - this_prev.no <= NAME_BELOW_GAP  # (a page may leave an empty line after each)
        ):
            if not _RE_HAN.search(text) and skipped < NAME_BELOW_SKIP:
                # |(1) / |Lessor (Party A): — a table's debris or the English label of a bilingual form
                # between the role and its name
                awaiting, skipped = waiting, skipped + 1
                continue
            named = _listed_name(ln, text, ps)
            if named is not None:
                party, rl = waiting
                if named[2] is not None and block == "party":
                    # 甲方： / 1、北京市基础设施投资有限公司 / 法定代表人：… / 2、…: parties numbered under one
                    # role, each a party of its own (甲方1, 甲方2), the role their group's heading
                    group = rl
                    current = [(0, _member(parties, rl, named, ln, block))]
                else:
                    party.fields.insert(
                        0, Field("name", rl.label, named[0], "filled", ln.no, named[1], block=block)
                    )
                continue
        if (
            group is not None
            and _RE_ITEM_MARK.match(text)
            and (named := _listed_name(ln, text, ps)) is not None
        ):
            current = [(0, _member(parties, group, named, ln, block))]
            continue
        hm = match_heading(text, ps)
        if hm is not None and hm.rank <= 5:
            current = [(0, None)]
            continue
        alone = _RE_ALIAS_ALONE.fullmatch(text) if block == "party" else None
        if alone is not None:  # (以下简称甲方) on its own line: a party whose name was left out before it
            a = ln.text.find(text)
            party = Party(alone.group("ord"), None, None, ln.no)
            party.fields.append(Field("name", alone.group("ord"), None, "empty", ln.no, (a, a), block=block))
            parties.append(party)
            current = [(0, party)]
            continue
        windows = _columns(ln, ps)
        roles = [(_role_line(ln, ps, lo, hi), lo, hi) for lo, hi in windows]
        if len(windows) > 1 and sum(1 for r, _, _ in roles if r is not None) >= 2:
            current = [(lo, None) for lo, _ in windows]
        for rl, lo, hi in roles:
            col = min(range(len(current)), key=lambda i: abs(current[i][0] - lo))
            if rl is not None:
                group = None
                party = Party(rl.role, rl.alias, rl.description, ln.no)
                parties.append(party)
                current[col] = (current[col][0], party)
                # 甲方：XX公司 names the party; 甲方：____ leaves the name blank; 甲方： alone opens the block
                # (and stands for the empty name when no name field follows)
                if rl.value_span is not None and block == "party" and rl.key == "name":
                    unnamed[id(party)] = (party, rl, ln)
                    # (one column with words: a list's number before the role is none, (2)承租方（乙方）：)
                    alone = sum(1 for a, b in windows if _RE_HAN.search(ln.text, a, b)) == 1
                    if alone and not ln.text[rl.value_span[0] : rl.value_span[1]].strip(BLANK_CHARS):
                        awaiting, skipped = (party, rl), 0
                if rl.value_span is not None and ln.text[rl.value_span[0] : rl.value_span[1]].strip():
                    lo_v, hi_v = rl.value_span
                    details: list[Field] = []
                    if rl.key == "name" and block == "party":
                        hi_v, details = _inline_details(ln, lo_v, hi_v, ps)
                        if not details and (run := _run_on_start(ln.text, lo_v, hi_v, ps)) is not None:
                            # 乙方(劳动者)姓名:,性别:民族: — the party's other fields on its line
                            details = _fields_in(ln, ps, block, run, hi_v)
                            hi_v = run
                    value, status, span = _value(ln.text, lo_v, hi_v, ps)
                    party.fields.extend(details)  # (reordered below: the name first)
                    if details:
                        party.fields.insert(
                            len(party.fields) - len(details),
                            Field(rl.key, rl.label, value, status, ln.no, span, block=block),
                        )
                        continue
                    if block == "party" or status == "filled":
                        normalized = (
                            normalize(value, key=rl.key) if status == "filled" and rl.key != "name" else None
                        )
                        party.fields.append(
                            Field(
                                rl.key,
                                rl.label,
                                value,
                                status,
                                ln.no,
                                span,
                                block=block,
                                normalized=normalized,
                            )
                        )
                        if block == "party" and (tail := _glued_empty_label(ln, lo_v, hi_v, ps)):
                            party.fields.append(
                                tail
                            )  # 甲方(出租人):加油站法定代表人(负责人): — its own blank
                continue
            party = current[col][1]
            if party is None:
                continue
            fields = _fields_in(ln, ps, block, lo, hi)
            if fields and block == "party" and fields[0].label in ps.contract_fields:
                current[col] = (current[col][0], None)  # 签订地点： belongs to the contract, not to a party
                continue
            if fields:
                party.fields.extend(fields)
                last = fields[-1]
                if block == "party" and len(windows) == 1 and last.status == "empty":
                    below = last if not ln.text[last.span[1] :].strip(BLANK_CHARS) else None
            elif _continues(party, ln, lo, hi, this_prev):
                last = party.fields[-1]
                last.value = (last.value or "") + squash(ln.text[lo:hi])  # 地址：…国际物流中 / 心B座1203室
            elif len(squash(ln.text[lo:hi])) > 30 and not _RE_BOXED_LINE.fullmatch(text):
                # prose: the block has ended (a value in 【】, a bilingual form's English for one, does not end it)
                current[col] = (current[col][0], None)
    heading = group_heads(parties)
    for party, rl, ln in unnamed.values():
        heads_others = heading(party)  # 乙方 → 乙方一
        if not heads_others and not any(f.key == "name" for f in party.fields):
            assert rl.value_span is not None
            _, status, span = _value(ln.text, rl.value_span[0], rl.value_span[1], ps)
            party.fields.insert(0, Field("name", rl.label, None, status, ln.no, span, block=block))
    return parties


def _listed_name(ln: Line, text: str, ps: PatternSet) -> tuple[str, tuple[int, int], str | None] | None:
    """The name a line under a role gives (杭州云帆科技有限公司, 【name】, 1、北京市基础设施投资有限公司(以下简称
    “京投公司”)): the name as written without its note, its span, and its list number if it has one."""
    bracketed = _RE_NAME_BRACKETS.fullmatch(text)
    mark = _RE_ITEM_MARK.match(text) if bracketed is None else None
    inner = bracketed.group("name") if bracketed is not None else text[mark.end() :] if mark else text
    a = ln.text.find(inner)
    value, status, span = _value(ln.text, a, a + len(inner), ps)
    noted = RE_ALIAS_INSIDE.search(inner) is not None  # (the note's quotes are no sentence's)
    if status != "filled" or not value or not _name_line(value if noted else inner, ps):
        return None
    return value, span, (_RE_DIGITS.search(mark.group()).group() if mark else None)


_RE_DIGITS = compile_pattern(r"[0-9]+")
#: how long a line with a title glued before its first role may be
TITLE_LEAD_LINE_MAX = 60
#: a contract's title (and a page's sample number) glued before the first role on its line: 1、户外广告发布合同
#: 甲 方:… / 租赁加油站合同 篇1甲方(出租人):
_RE_TITLE_LEAD = compile_pattern(
    r"(?:[0-9]{1,2}[、.．])?[^：:，,。；;（()）]{2,30}?(?:合同书|协议书|合同|协议)"
    r"(?:[ \u3000]*篇[0-9一二三四五六七八九十]{1,2})?[ \u3000]*(?=[甲乙丙丁][ \u3000]?方[（(：:])"
)
#: a line that is one value in 【】 (a form's way to mark what was written in)
_RE_BOXED_LINE = compile_pattern(r"【(?P<inner>[^【】]+)】")
#: a bilingual form's English label on a line of its own, between a Chinese label and its value
_RE_ENGLISH_LABEL = compile_pattern(r"\|?[A-Za-z][A-Za-z .,'()/&-]{0,40}[:：]")


def _member(parties: list[Party], rl: _RoleLine, named: tuple, ln: Line, block: str) -> Party:
    """A party numbered under its group's role (甲方 / 1、…): role 甲方1, its name field first."""
    value, span, number = named
    member = Party(f"{rl.role}{number}", None, rl.description, ln.no)
    member.fields.append(Field("name", rl.label, value, "filled", ln.no, span, block=block))
    parties.append(member)
    return member


def _name_line(text: str, ps: PatternSet) -> bool:
    """Whether a line right under an empty ``甲方：`` is the party's name (杭州云帆科技有限公司): short, no
    label, no heading, no sentence, no role of its own."""
    flat = squash(text)
    return (
        2 <= len(flat) <= 40
        and not any(c in flat for c in "：:，,。；;_")
        and match_heading(text, ps) is None
        and not flat.startswith(ps.roles_longest_first)
        and "《" not in flat  # 甲乙双方根据《…法》等有关法律、 — the preamble under an empty role, no name
        and not ps.preamble_openers.match(flat)
        and not ends_sentence(flat)
        and ps.signature.search(flat) is None
        and not ps.placeholder_name.match(flat)
    )


#: how long a value under its label may be (an address of a registered office runs long)
VALUE_BELOW_MAX = 60


def _value_line(text: str, key: str, ps: PatternSet) -> bool:
    """Whether a line under a label alone (法定代表人： / 住所：) is that label's value: a name for a name or a
    person, a short piece of one cell for the rest; never a label, a role, a heading or a sentence."""
    if _name_line(text, ps):
        return True
    flat = squash(text)
    return (
        key != "name"
        and 0 < len(flat) <= VALUE_BELOW_MAX
        and not any(c in flat for c in "：:，,。；;□☐☑《")
        and match_heading(text, ps) is None
        and not flat.startswith(ps.roles_longest_first)
        and not ps.preamble_openers.match(flat)  # 传真： / 鉴于 — the recitals begin
        and not ends_sentence(flat)
        and ps.signature.search(flat) is None
    )


_CO_INDEX = "一二三四五六七八九1234567890"


def group_heads(parties: list[Party]) -> Callable[[Party], bool]:
    """Whether a party is the group heading co-parties of the list: 乙方 over 乙方一 and 乙方二, 承租方（乙方）
    over 承租人二. The co-parties' group roles are gathered once (a list of thousands stays linear)."""
    bases = {b for q in parties if (b := q.role.rstrip(_CO_INDEX)) != q.role}
    stems = {b[:-1] for b in bases if len(b) >= 2 and b[-1] in "方人"}

    def heading(p: Party) -> bool:
        names = {p.role, p.alias} - {None}
        return any(n in bases or (len(n) >= 2 and n[:-1] in stems) for n in names)

    return heading


#: a line this long (without spaces) ends where a fixed-width text (copied from a PDF) wrapped it
WRAP_MIN = 24


#: two Chinese characters with spaces between them: a wrap never puts those inside a value
_RE_LETTER_SPACED = compile_pattern(r"\p{Han}[ \u3000]+\p{Han}")


def _continues(party: Party, ln: Line, lo: int, hi: int, prev: Line | None) -> bool:
    """A short line with no label right under a long field line is the rest of that field's value, cut
    by a fixed-width wrap (地址：天津市…国际物流中 / 心B座1203室)."""
    if prev is None or not party.fields or lo != 0:
        return False
    last = party.fields[-1]
    piece = squash(ln.text[lo:hi])
    return (
        last.line == prev.no == ln.no - 1
        and last.status == "filled"
        and last.block == "party"
        and len(squash(prev.text)) >= WRAP_MIN
        and not ends_sentence(prev.text)
        and 0 < len(piece) <= WRAP_MIN
        and "：" not in piece
        and ":" not in piece
        and _RE_LETTER_SPACED.search(ln.text, lo, hi) is None  # 合 同 书: a title spaced out, no wrap
    )


def _merge(parties: list[Party]) -> list[Party]:
    """One party per role; 需方 on a cover and 需方（甲方） in the preamble are the same party."""
    out: list[Party] = []
    for p in parties:
        names = {p.role, p.alias} - {None}
        q = next((q for q in out if names & ({q.role, q.alias} - {None})), None)
        if q is None:
            out.append(p)
            continue
        if q.alias is None and p.alias is not None and p.role != q.role:
            q.role, q.alias = p.role, p.alias  # prefer the ordinal role (甲方) once it is known
        q.fields.extend(p.fields)
        q.description = q.description or p.description
    return out


def _lead_lines(lines: list[Line], outline: Outline, ps: PatternSet) -> list[Line]:
    """The lines between the first part or chapter heading and its first sub-heading; or, in a contract
    whose parties stand in a section of their own (一、合同当事人 / 2 合同双方), that section's lines."""
    section = next(
        (
            n
            for n in outline.nodes[:8]
            if n.kind not in REGION_KINDS and ps.party_section.search(squash(n.title))
        ),
        None,
    )
    if section is not None:
        return [ln for ln in lines if section.line < ln.no <= section.end_line]
    first = next((n for n in outline.nodes if n.kind in ("part", "chapter")), None)
    if first is None:
        # 1、网站建设服务合同 甲方: 乙方: …: a page that numbered its pieces and lost the title's line; the
        # parties are on the first line, inside the first piece
        opening = next((ln for ln in lines if ln.text.strip()), None)
        body = [n for n in outline.nodes if n.kind not in REGION_KINDS]
        if opening is not None and body and body[0].line == opening.no:
            return [opening]
        return []
    end = first.children[0].line if first.children else first.end_line + 1
    return [ln for ln in lines if first.line < ln.no < end]


def extract_parties(lines: list[Line], outline: Outline, ps: PatternSet) -> list[Party]:
    kinds = {"preamble", "cover", "signature"}
    regions: dict[str, list[tuple[int, int]]] = {}
    for node in outline.nodes:
        if node.kind in kinds:
            regions.setdefault(node.kind, []).append((node.line, node.end_line))

    def within(kind: str) -> list[Line]:
        spans = regions.get(kind, [])
        inside = [any(a <= ln.no <= b for a, b in spans) for ln in lines]
        # a table that starts in the region belongs to it whole (its last cells may be empty)
        tables = {ln.cell[0] for ln, ok in zip(lines, inside, strict=True) if ok and ln.cell is not None}
        return [
            ln
            for ln, ok in zip(lines, inside, strict=True)
            if ok or (ln.cell is not None and ln.cell[0] in tables)
        ]

    if not outline.nodes or all(n.kind in ("title", "cover") for n in outline.nodes):
        head = lines  # a form with no clauses: the whole document
    else:
        head = within("preamble")
        head += _numbered_members(lines, outline, head, ps)
        titled = next(
            (ln for ln in lines if outline.title_line is not None and ln.no == outline.title_line), None
        )
        if (
            titled is not None
            and titled not in head
            and len(titled.text) <= TITLE_LEAD_LINE_MAX
            and _RE_TITLE_LEAD.match(titled.text)
        ):
            head.insert(0, titled)  # 租赁加油站合同 篇1甲方(出租人):… — the first party on the title's line
    grid, used = _grid_parties(head, ps)
    paired, used2 = _pair_parties([ln for ln in head if ln.no not in used], ps)
    used |= used2
    found = grid + paired + _scan(_ordered([ln for ln in head if ln.no not in used], ps), ps, "party")
    found.sort(key=lambda p: p.line)
    if not found:
        cover = within("cover")
        grid, used = _grid_parties(cover, ps)
        found = grid + _scan(_ordered([ln for ln in cover if ln.no not in used], ps), ps, "party")
    if not found:  # 第一部分 合同协议书 / 发包人：… — the parties under the first part's heading
        lead = _lead_lines(lines, outline, ps)
        grid, used = _grid_parties(lead, ps)
        found = grid + _scan(_ordered([ln for ln in lead if ln.no not in used], ps), ps, "party")
    if not found:  # 编制说明 1、… 2、… 甲方:… / 乙方:… — a block of role lines the outline put in a list
        found = _scan(_ordered(_role_block(lines, ps), ps), ps, "party")
    if not any(p.fields for p in found):
        # 广州某公司(甲方)因教学工作需要，…特聘请 (乙方) 同志… / 兹有____(甲方)委托____(乙方)…: the parties named in
        # the preamble (over role words alone, no field under them: a table's header, 存货人)
        found = _prose_parties(lines, ps) or found
    parties = _merge(found)
    parties.extend(_placeholder_blocks(head, lines, parties, ps))
    parties.sort(key=lambda p: p.line)
    signing = within("signature")
    if outline.office_use is not None:  # a registration office's form is nobody's party block
        signing = [ln for ln in signing if ln.no < outline.office_use]
    signed = _merge(_scan(_ordered(signing, ps), ps, "signature"))
    for sp in signed:
        names = {sp.role, sp.alias} - {None}
        target = next((p for p in parties if names & ({p.role, p.alias} - {None})), None)
        if target is None:
            parties.append(sp)
        else:
            target.fields.extend(sp.fields)
    parties += _mentioned_only(parties, lines, ps)
    for p in parties:
        _assign_persons(p.fields)
    for p in parties:
        # a placeholder (××有限公司, a bare 科技有限公司) names nobody: the field keeps it, P303 reports it
        p.name = next(
            (
                f.value
                for f in p.fields
                if f.key == "name" and f.status == "filled" and not ps.placeholder_name.match(f.value or "")
            ),
            None,
        )
    _names_from_prose(parties, lines, ps)
    return parties


#: how often the clauses must speak of an ordinal role for it to be a party with no block of its own
MENTIONS_MIN = 3


def _mentioned_only(parties: list[Party], lines: list[Line], ps: PatternSet) -> list[Party]:
    """The ordinal parties before the last one found that the clauses speak of but no block gives (乙方's
    block, and 甲方 only in 甲方开户行… / 乙方须向甲方付清…: a page that lost 甲方's block, a form that left
    it out): parties all the same, with no field, on the line first naming them."""
    ords = ps.ordinal_roles
    have = {r for p in parties for r in (p.role, p.alias) if r}
    if not parties or any(p.role not in ords for p in parties):
        return []
    top = max(ords.index(p.role) for p in parties)
    out = []
    for role in ords[:top]:
        if role in have:
            continue
        at = [ln.no for ln in lines if role in ln.text]
        if sum(ln.text.count(role) for ln in lines) >= MENTIONS_MIN:
            out.append(Party(role, None, None, at[0]))
    return out


def _names_from_prose(parties: list[Party], lines: list[Line], ps: PatternSet) -> None:
    """A party whose block leaves the name empty but whom the opening sentences name (甲方: / … /
    南京分布软件科技有限公司(以下简称甲方)…): its name is that one; the block's field stays an empty blank."""
    unnamed = {p.role: p for p in parties if p.name is None and p.role in ps.ordinal_roles}
    if not unnamed:
        return
    for ln in lines[:LEAD_REACH]:
        for m in _RE_PROSE_PARTY.finditer(ln.text) if "称" in ln.text else ():
            party = unnamed.pop(m.group("ord"), None)
            if party is not None and m.group("name"):
                # (…(以下简称乙方)与南京分布软件科技有限公司(以下简称甲方): the sentence's 与 is no part of it)
                name = _RE_TITLE_WORD.split(m.group("name"))[-1].removeprefix("与")
                party.name = None if ps.placeholder_name.match(name) else name
        if not unnamed:
            return


def _numbered_members(lines: list[Line], outline: Outline, head: list[Line], ps: PatternSet) -> list[Line]:
    """The lines of the parties numbered under one role that ends the preamble (甲方： / 1、北京市基础设施投资
    有限公司 / 法定代表人： / … / 2、北京地铁五号线投资有限责任公司 / …), which the outline read as a list's items:
    each item whose title is a name belongs to the party block, up to the first that is not (1、甲方均是…)."""
    last = next((ln for ln in reversed(head) if ln.text.strip()), None)
    rl = _role_line(last, ps) if last is not None else None
    if last is None or rl is None or rl.value_span is None:
        return []
    if last.text[rl.value_span[0] : rl.value_span[1]].strip(BLANK_CHARS):
        return []  # 甲方：XX公司 — the role names its party
    items = [n for top in outline.nodes for n in top.walk() if n.line > last.no]
    if not items or items[0].line - last.no > NAME_BELOW_GAP or not items[0].kind.startswith("item"):
        return []
    end = last.no
    for n in items:
        name = _value(n.title, 0, len(n.title), ps)[0] or ""  # (without its alias note: (以下简称“京投公司”))
        if not (n.kind.startswith("item") and _name_line(name, ps)):
            break
        end = max(end, n.end_line)
    return [ln for ln in lines if last.no < ln.no <= end]


#: how far into the document a block of role lines, or the parties named in a sentence, are looked for
LEAD_REACH = 80
#: how many lines of a party's details may part two role lines of one block (a bilingual form gives each
#: field a Chinese and an English line: 出租方（甲方）： / |Lessor (Party A): / 【name】 / 【Name】 / 法定地址： …)
ROLE_BLOCK_GAP = 10


def _role_block(lines: list[Line], ps: PatternSet) -> list[Line]:
    """The lines from the first to the last of two role lines or more for different parties, each a few
    lines from the next, near the start of the document: a party block, wherever the outline put it."""
    near = [ln for ln in lines[:LEAD_REACH] if ln.text.strip()]
    roles = [(i, rl.role) for i, ln in enumerate(near) if (rl := _role_line(ln, ps)) is not None]
    for k, (i, role) in enumerate(roles):
        run = [(i, role)]
        for j, other in roles[k + 1 :]:
            if j - run[-1][0] > ROLE_BLOCK_GAP:
                break
            run.append((j, other))
        if len({r for _, r in run}) >= 2:
            return near[run[0][0] : run[-1][0] + 5]
    return []


#: a party named in a sentence by its ordinal in brackets: 广州易贝教育科技有限公司(甲方), or a gap before
#: it (特聘请 (乙方) 同志: the name left blank)
_RE_PROSE_PARTY = compile_pattern(
    rf"(?:(?P<name>\p{{Han}}[\p{{Han}}（）()]{{2,30}}?(?:公司|集团|学校|学院|大学|中心|医院|局|委员会|事务所|厂|店|社|所|站|院))"
    rf"|(?P<gap>(?<=[ \u3000_]{{1,}})))[（(]{ALIAS_WORDS}?[“\"]?(?P<ord>[甲乙丙丁]方)[”\"]?[）)]"
)


_RE_TITLE_WORD = compile_pattern(r"合同书|协议书|合同|协议")


def _prose_parties(lines: list[Line], ps: PatternSet) -> list[Party]:
    """Parties named in the opening sentences by their ordinal in brackets, with no party block."""
    out: list[Party] = []
    seen: set[str] = set()
    for ln in [ln for ln in lines[:LEAD_REACH] if ln.text.strip()][:6]:
        for m in _RE_PROSE_PARTY.finditer(ln.text):
            role = m.group("ord")
            if role in seen:
                continue
            seen.add(role)
            party = Party(role, None, None, ln.no)
            name = m.group("name")
            if name:
                # (广州某公司兼职教师协议书广州某公司(甲方): the title a page ran on before the name)
                name = _RE_TITLE_WORD.split(name)[-1]
                a = m.end("name") - len(name)
                party.fields.append(
                    Field("name", role, name, "filled", ln.no, (a, a + len(name)), block="party")
                )
            else:
                a = m.start()
                party.fields.append(Field("name", role, None, "empty", ln.no, (a, a), block="party"))
            out.append(party)
    if len(out) >= 2:
        return out
    # (1) 新大洲控股股份有限公司(以下简称“转让方”): parties named by a role in their alias notes
    out, seen = [], set()
    named = _re_named_alias(ps)
    for ln in lines[:LEAD_REACH]:
        for m in named.finditer(ln.text) if "称" in ln.text else ():
            role = m.group("role")
            if role in seen:
                continue
            seen.add(role)
            party = Party(role, None, None, ln.no)
            party.fields.append(
                Field("name", role, m.group("name"), "filled", ln.no, m.span("name"), block="party")
            )
            out.append(party)
    return out if len(out) >= 2 else []


@cache
def _re_named_alias(ps: PatternSet) -> Any:
    """A name and the alias note that calls it by a role (新大洲控股股份有限公司(以下简称“转让方”))."""
    roles = "|".join(regex.escape(r) for r in sorted(ps.named_roles, key=len, reverse=True))
    return compile_pattern(
        rf"(?P<name>\p{{Han}}[\p{{Han}}（）()]{{2,30}}?(?:公司|集团|学校|学院|大学|中心|医院|局|委员会|事务所|厂|店|社))"
        rf"[ \u3000]*[（(]{ALIAS_WORDS}[“\"]?(?P<role>{roles})[”\"]?[）)]"
    )


#: how many lines with text a placeholder standing for a party block may be from another party's block
PLACEHOLDER_BLOCK_REACH = 3


def _placeholder_blocks(
    head: list[Line], lines: list[Line], parties: list[Party], ps: PatternSet
) -> list[Party]:
    """A party whose whole block is one template placeholder (``{{委托人信息}}`` above 乙方：…律师事务所):
    the party the contract names in its text (甲方因…) but whose details a template engine was to fill.
    Only an ordinal role (甲方, 乙方 …) the text uses and no block gives, for a placeholder line alone
    beside another party's block before the first clause; its name field holds the placeholder."""
    if not parties:
        return []
    have = {p.role for p in parties} | {p.alias for p in parties if p.alias}
    block_lines = {f.line for p in parties for f in p.fields} | {p.line for p in parties}
    body = "".join(ln.text for ln in lines if ln.no not in block_lines)
    missing = [r for r in ps.ordinal_roles if r not in have and body.count(r) >= 2]
    if not missing:
        return []
    filled = [ln for ln in head if ln.text.strip()]
    out: list[Party] = []
    for i, ln in enumerate(filled):
        text = ln.text.strip()
        if not missing or not ps.placeholder.fullmatch(text):
            continue
        near = filled[max(0, i - PLACEHOLDER_BLOCK_REACH) : i + PLACEHOLDER_BLOCK_REACH + 1]
        if not any(other.no in block_lines for other in near):
            continue
        role = missing.pop(0)
        start = ln.text.find(text)
        # a template field never filled, as a {{ name }} after a role is (see _value)
        name = Field("name", role, text, "empty", ln.no, (start, start + len(text)))
        out.append(Party(role, None, None, ln.no, [name]))
    return out


#: a party's details that a person of the party (its agent, its contact) may have of their own
PERSON_DETAILS = frozenset({"address", "phone", "fax", "email", "postcode", "id_number", "contact"})


def _is_person(f: Field) -> bool:
    """委托代理人 / 法定代理人 / 经办人 / 联系人 / 法定代表人: a field naming a person of the party."""
    if f.key in ("agent", "legal_representative"):
        return True
    # 紧急联系人 / 经办人 / 监护人姓名 / 学员姓名
    return f.key in ("contact", "other") and f.label.endswith(("人", "员", "姓名"))


def _assign_persons(fields: list[Field]) -> None:
    """The details under a person of the party are that person's (``of``): 委托代理人：李四 / 联系电话：… /
    通讯地址：… give 李四's phone and address, not the party's a second time. Under 法定代表人 a detail is the
    representative's only when the party gave that label already (a company's 经营地址 often follows it)."""
    for block in ("party", "signature"):
        person: Field | None = None
        seen: set[str] = set()  # the party's own labels so far
        named = False
        for f in fields:
            if f.block != block:
                continue
            if _is_person(f) or (named and f.key == "name" and "姓名" in f.label):
                person = f  # 监护人姓名 / 学员姓名 after the party's name: a person of the party
            elif f.key == "name":
                named, person = True, None
            elif f.key in PERSON_DETAILS and person is not None:
                if person.key != "legal_representative" or f.label in seen:
                    f.of = person.label
            else:
                person = None
            if f.of is None:
                seen.add(f.label)
