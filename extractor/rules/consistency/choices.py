"""C505 conflicting-choice: two ticked options of one group that exclude each other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ... import messages
from ...model import Finding
from ...pattern_set import Consistency, PatternSet
from .. import Context, Rule, rule
from .text import SPACE, body_lines

_BRACKETED = re.compile(r"[（(][^（()）]{0,22}[）)]|“[^”]{0,6}”|\"[^\"]{0,6}\"")
_OPTION_END = re.compile(r"[；;。，,]")
_OPTION_NUMBER = re.compile(r"^[0-9]{1,2}[.、．]|^[A-Za-z][.、．]")


@dataclass(frozen=True)
class _Mark:
    at: int
    end: int  # after the box (and a tick written over it: □√)
    ticked: bool
    option: str = ""
    after: bool = False  # the box written after its option (是☑)

    def written(self, text: str) -> str:
        option, box = _short(self.option), text[self.at : self.end]
        return f"{option}{box}" if self.after else f"{box}{option}"


def _marks(text: str, ps: PatternSet) -> list[_Mark]:
    """Check boxes outside brackets and quotes (（在□内打√）, 以划“√”方式选定 are instructions); a tick written
    over a box (□√) is one ticked box."""
    hidden: set[int] = set()
    for m in _BRACKETED.finditer(text):
        hidden.update(range(m.start(), m.end()))
    boxes = [
        (i, ch in ps.checked)
        for i, ch in enumerate(text)
        if (ch in ps.checked or ch in ps.unchecked) and i not in hidden
    ]
    out: list[_Mark] = []
    for i, ticked in boxes:
        if out and out[-1].end == i:
            out[-1] = _Mark(out[-1].at, i + 1, out[-1].ticked or ticked)  # □√ / √□
            continue
        out.append(_Mark(i, i + 1, ticked))
    return out


def _groups(text: str, ps: PatternSet) -> list[list[_Mark]]:
    """The check-box groups of a line, each mark with its option's text. A label ending in a colon between
    two boxes starts a new group (培训时间：□甲方预约 □乙方安排；教练员：□甲方选择 □乙方安排); boxes
    written after their options (是☑ 否□) are read that way."""
    marks = _marks(text, ps)
    groups: list[tuple[int, list[_Mark]]] = []  # (where the group's text starts, its marks)
    if not marks:
        return []
    head = _BRACKETED.sub(lambda m: "　" * len(m.group(0)), text[: marks[0].at])
    start = max(head.rfind("："), head.rfind(":")) + 1  # after the question: 是否同意：是☑ 否□
    for k, mark in enumerate(marks):
        if k:
            gap = _BRACKETED.sub(lambda m: "　" * len(m.group(0)), text[marks[k - 1].end : mark.at])
            colon = max(gap.rfind("："), gap.rfind(":"))
            if colon >= 0:
                start = marks[k - 1].end + colon + 1
                groups.append((start, []))
        if not groups:
            groups.append((start, []))
        groups[-1][1].append(mark)
    out: list[list[_Mark]] = []
    for n, (begin, group) in enumerate(groups):
        end = groups[n + 1][0] if n + 1 < len(groups) else len(text)
        lead = text[begin : group[0].at].strip(SPACE + "，,；;")
        tail = text[group[-1].end : end].strip(SPACE + "，,；;。")
        suffix = bool(lead) and not tail and len(group) > 1
        options: list[_Mark] = []
        for k, mark in enumerate(group):
            if suffix:
                a = group[k - 1].end if k else begin
                option = text[a : mark.at]
            else:
                b = group[k + 1].at if k + 1 < len(group) else end
                option = _OPTION_END.split(text[mark.end : b], maxsplit=1)[0]
            option = _OPTION_NUMBER.sub("", option.strip(SPACE + "，,；;。、")).strip(SPACE)
            options.append(_Mark(mark.at, mark.end, mark.ticked, option, suffix))
        out.append(options)
    return out


_HAN_RUN = re.compile(r"[\u3400-\u9fff]*")


def _conflict(ticked: list[_Mark], c: Consistency) -> tuple[_Mark, _Mark, str] | None:
    """Two ticked options that match different alternatives of one exclusive set (and no other). For a set
    matched at the option's start (有/无, 已/未), the words that follow must agree too (one may run on into
    the sentence): ☑有抵押 ☑无抵押 and □√可以 □√不可以饲养宠物 conflict, ☑有线电视 ☑无线网络 do not."""
    for ex in c.exclusive:
        chosen: list[tuple[int, _Mark, str]] = []
        for mark in ticked:
            hits = [
                (k, m)
                for k, rx in enumerate(ex.options)
                if (m := (rx.match if ex.anchored else rx.search)(mark.option)) is not None
            ]
            if len(hits) == 1:
                k, m = hits[0]
                rest = _HAN_RUN.match(mark.option[m.end() :]).group(0) if ex.anchored else ""  # type: ignore[union-attr]
                chosen.append((k, mark, rest))
        # one of each alternative and tail is enough (the first), and a line ticked more often than any
        # group of options is (a run of ☑是 copied many times) is no choice: pairs stay few, the cost linear
        first: dict[tuple[int, str], _Mark] = {}
        for k, mark, rest in chosen:
            first.setdefault((k, rest), mark)
        if len(first) > MAX_TICKED:
            continue
        kinds = list(first.items())
        for i, ((k1, r1), m1) in enumerate(kinds):
            for (k2, r2), m2 in kinds[i + 1 :]:
                if k1 != k2 and (r1.startswith(r2) or r2.startswith(r1)):
                    return (m1, m2, ex.name) if m1.at < m2.at else (m2, m1, ex.name)
    return None


#: the most options ticked in one line that still read as one group
MAX_TICKED = 32


@rule("C505", "conflicting-choice", "warning")
def conflicting_choice(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Two options are ticked in one group of options that exclude each other, or disputes may go to
    arbitration or to a court, either way.

    ☑仲裁 ☑诉讼, ☑一次性支付 ☑分期支付, ☑是 ☑否, or any two in a group marked 单选: the contract says two
    contradicting things. Only options on one line are a group; a line marked 可多选 is not checked.
    可向杭州仲裁委员会申请仲裁，也可以向人民法院起诉 (或裁或诉) leaves both ways of settling disputes
    standing: such an arbitration clause is void (the Supreme People's Court's interpretation of the
    Arbitration Law, art. 7), so the parties must keep one.

    Hit:
        服务协议
        第一条 争议解决方式：☑提交杭州仲裁委员会仲裁 ☑向甲方所在地人民法院起诉。

    Hit:
        服务协议
        第一条 因本合同发生的争议，任何一方均可向杭州仲裁委员会申请仲裁，也可以向甲方所在地人民法院起诉。

    Okay:
        服务协议
        第一条 争议解决方式：☑提交杭州仲裁委员会仲裁 □向甲方所在地人民法院起诉。
        第二条 支付渠道（可多选）：☑银行转账 ☑支付宝 □现金。
    """
    c = ctx.patterns.consistency
    marks = ctx.patterns.checked
    for line in body_lines(ctx):
        text = line.text
        if "仲裁" in text and "法院" in text and (m := c.either_forum.search(text)) is not None:
            yield r.finding(
                "either_forum",
                text=_short(m.group(0), 40),
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=m.span(),
                place=ctx.locator.place(line.no),
            )
        if not any(ch in text for ch in marks) or sum(text.count(ch) for ch in marks) < 2:
            continue
        if c.multi_choice.search(text):
            continue
        single: bool | None = None  # the line says 单选 (looked for once a line, not once a group)
        for group in _groups(text, ctx.patterns):
            ticked = [m for m in group if m.ticked and m.option]
            if len(ticked) < 2:
                continue
            found = _conflict(ticked, c)
            if found is None:
                single = c.single_choice.search(text) is not None if single is None else single
                if single:
                    found = ticked[0], ticked[1], "a single choice"
            if found is None:
                continue
            a, b, what = found
            place = ctx.locator.place(line.no)
            yield r.finding(
                "ticked",
                what=messages.name("groups", what),
                a=a.written(text),
                b=b.written(text),
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(a.at, b.end),
                place=place,
            )


def _short(option: str, n: int = 16) -> str:
    return option if len(option) <= n else option[:n] + "…"
