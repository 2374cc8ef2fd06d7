"""Party rules: names missing or still placeholders, fields given twice, no parties at all."""

from __future__ import annotations

from collections.abc import Iterator

from ..extract.parties import heads
from ..model import Finding
from . import Context, Rule, rule

#: contact details that belong to the person named just above them (联系人：张三 / 联系电话：…)
DETAILS = frozenset({"phone", "fax", "email", "id_number"})


@rule("P301", "duplicate-field", "warning")
def duplicate_field(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A party block gives the same field twice (two 地址 lines): one of them is wrong or mislabelled.

    Hit:
        服务协议
        甲方：杭州云帆科技有限公司
        地址：杭州市西湖区文三路1号
        地址：杭州市滨江区长河路2号
        第一条 乙方提供服务。

    Okay:
        服务协议
        甲方：杭州云帆科技有限公司
        地址：杭州市西湖区文三路1号
        联系电话：13800000000
        委托代理人：李四
        联系电话：13900000000
        第一条 乙方提供服务。
    """
    for p in ctx.parties:
        seen: dict[str, int] = {}
        seen_key: dict[str, str] = {}
        for f in p.fields:
            if f.block != "party":
                continue
            if f.label.endswith(("人", "员")) or f.key in ("agent", "legal_representative"):
                # 联系人：张三 / 联系电话：… / 委托代理人：李四 / 联系电话：… — each person has a phone
                for k in [k for k in seen if seen_key.get(k) in DETAILS]:
                    del seen[k]
            key = f.label  # the same label twice; 地址 and 联系地址 may both be right
            seen_key[key] = f.key
            if key in seen:
                yield r.finding(
                    f"{p.role}: {f.label} given twice (lines {seen[key]} and {f.line})",
                    line=f.line,
                    span=f.span,
                    place=p.role,
                )
            else:
                seen[key] = f.line


@rule("P302", "party-missing-name", "error")
def missing_name(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A party is listed without a name.

    Hit:
        服务协议
        甲方：
        地址：杭州市西湖区文三路1号
        第一条 乙方提供服务。

    Okay:
        服务协议
        甲方：杭州云帆科技有限公司
        第一条 乙方提供服务。
    """
    for p in ctx.parties:
        if p.name is not None:
            continue
        if not p.fields and any(q is not p and heads(p, q) for q in ctx.parties):
            continue  # 乙方（买受人）： heading 乙方一 and 乙方二, who are named
        names = [f for f in p.fields if f.key == "name"]
        if names:
            f = names[0]
            yield r.finding(
                f"{p.role} has no name: {f.label} is left {f.status}", line=f.line, span=f.span, place=p.role
            )
        elif any(f.block == "party" for f in p.fields) or not p.fields:
            yield r.finding(f"{p.role} has no name field", line=p.line, place=p.role)


@rule("P303", "placeholder-name", "warning")
def placeholder_name(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A party name is still a placeholder such as ××有限公司 or XX.

    Hit:
        采购合同
        供方：××市××有限公司
        第一条 供方供货。

    Okay:
        采购合同
        供方：湖州市惠民电器有限公司
        第一条 供方供货。
    """
    for p in ctx.parties:
        for f in p.fields:
            if (
                f.key == "name"
                and f.status == "filled"
                and f.value
                and ctx.patterns.placeholder_name.match(f.value)
            ):
                yield r.finding(
                    f"{p.role}'s name is a placeholder: {f.value}", line=f.line, span=f.span, place=p.role
                )
                break  # once per party


@rule("P304", "no-parties", "warning")
def no_parties(ctx: Context, r: Rule) -> Iterator[Finding]:
    """No party block found (甲方/乙方 or a role such as 出租方) before the first clause.

    Hit:
        服务协议
        第一条 乙方提供服务。

    Okay:
        服务协议
        甲方：杭州云帆科技有限公司
        乙方：宁波甬达电子商务有限公司
        第一条 乙方提供服务。
    """
    if not ctx.parties and ctx.lines:
        yield r.finding(
            "no party block found: the contract does not say who its parties are", line=ctx.lines[0].no
        )
