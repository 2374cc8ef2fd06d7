"""Party rules: names missing or still placeholders, fields given twice, no parties at all."""

from __future__ import annotations

from collections.abc import Iterator

from .. import messages
from ..extract.parties import group_heads
from ..model import Finding
from ..segment import squash
from . import Context, Rule, blank_model, rule

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
        seen: dict[tuple[str | None, str], int] = {}
        seen_value: dict[tuple[str | None, str], str] = {}
        for f in p.fields:
            if f.block != "party":
                continue
            # the same label twice for the same holder (the party, or one of its people: fields[].of);
            # 地址 and 联系地址 may both be right
            key = (f.of, f.label)
            if f.key == "name" and (f.status != "filled" or not f.value):
                continue  # a role line again (a cover page, then the block): its blank is B201's to report
            if key in seen and f.value and squash(seen_value[key] or "") == squash(f.value):
                continue  # a cover page repeating the name: the same answer twice is no conflict
            if key in seen:
                yield r.finding(
                    "twice",
                    role=p.role,
                    label=f.label,
                    first=seen[key],
                    line=f.line,
                    span=f.span,
                    place=p.role,
                )
            else:
                seen[key] = f.line
                seen_value[key] = f.value


@rule("P302", "party-missing-name", "error")
def missing_name(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A party is listed without a name.

    In a blank model (``summary.state`` template: no party named yet) the finding is info: the names are
    meant to be filled in when the contract is signed.

    Hit:
        服务协议
        甲方：
        地址：杭州市西湖区文三路1号
        乙方：宁波甬达电子商务有限公司
        第一条 乙方提供服务。

    Okay:
        服务协议
        甲方：杭州云帆科技有限公司
        第一条 乙方提供服务。
    """
    severity = "info" if blank_model(ctx) else None
    heading = group_heads(ctx.parties)
    for p in ctx.parties:
        names = [f for f in p.fields if f.key == "name"]
        if p.name is not None and not (names and all(f.status == "empty" for f in names)):
            continue  # (named in the opening sentence only, its block's name line still empty: a finding)
        if heading(p) and all(f.key == "name" for f in p.fields):
            continue  # 乙方（买受人）： / 乙方: Party B: heading 乙方一 and 乙方二, who are named
        if any(f.status == "filled" for f in names):
            continue  # a placeholder name (××有限公司): P303 says that
        if names:
            f = names[0]
            yield r.finding(
                "empty",
                role=p.role,
                label=f.label,
                status=messages.word(f"status.{f.status}"),
                line=f.line,
                span=f.span,
                place=p.role,
                severity=severity,
            )
        elif any(f.block == "party" for f in p.fields) or not p.fields:
            yield r.finding("no_field", role=p.role, line=p.line, place=p.role, severity=severity)


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
                    "placeholder", role=p.role, value=f.value, line=f.line, span=f.span, place=p.role
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
        yield r.finding("none", line=ctx.lines[0].no)


@rule("P305", "placeholder-value", "warning")
def placeholder_value(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A party field other than the name still holds a placeholder (XX银行XX支行, 账号：××××××××,
    91440101MA5CXXXXXX): it looks filled but says nothing — a payment or an identity cannot rest on it.

    Hit:
        采购合同
        供方：湖州市惠民电器有限公司
        开户银行：XX银行XX支行
        第一条 供方供货。

    Okay:
        采购合同
        供方：湖州市惠民电器有限公司
        开户银行：中国工商银行湖州分行
        第一条 供方供货。
    """
    for p in ctx.parties:
        for f in p.fields:
            if f.key != "name" and f.status == "filled" and f.value and _placeholder(f.value, ctx):
                yield r.finding(
                    "placeholder",
                    role=p.role,
                    label=f.label,
                    value=f.value,
                    line=f.line,
                    span=f.span,
                    place=p.role,
                )


def _placeholder(value: str, ctx: Context) -> bool:
    v = value.strip()
    return bool(ctx.patterns.placeholder_name.match(v)) or (len(v) >= 4 and v.count("X") + v.count("×") >= 4)


@rule("P306", "invalid-code", "warning")
def invalid_code(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A 统一社会信用代码, 身份证号码 or bank card number fails its check character: a digit was mistyped.

    A bank card number is checked only where it is labelled as one (银行卡号, 卡号, 收款银行卡), has 16 to 19
    digits and its issuer ends it in a Luhn check digit (UnionPay 62…, Visa, Mastercard, JCB); a 账号 — a
    company's bank account — has no check digit and is never checked. The card may stand in a party block
    or anywhere in the text (乙方收款银行卡号：…).

    Hit:
        借款合同
        甲方：张三
        身份证号码：110101199003071234
        第一条 借款。

    Hit:
        借款合同
        甲方：张三
        第一条 借款汇入甲方银行卡，卡号：6222 0212 3456 7890 123。

    Okay:
        借款合同
        甲方：张三
        身份证号码：11010519491231002X
        银行卡号：6222 0212 3456 7890 128
        第一条 借款汇入甲方账户，账号：1915 0101 0400 1234 567。
    """
    for p in ctx.parties:
        for f in p.fields:
            n = f.normalized
            if (
                isinstance(n, dict)
                and n.get("type") in ("credit_code", "id_number")
                and n.get("valid") is False
                and not _placeholder(f.value or "", ctx)  # (P305 says that)
            ):
                what = "统一社会信用代码" if n["type"] == "credit_code" else "身份证号码"
                yield r.finding(
                    "invalid",
                    role=p.role,
                    label=f.label,
                    value=f.value,
                    what=what,
                    line=f.line,
                    span=f.span,
                    place=p.role,
                )
    yield from _invalid_cards(ctx, r)


def _invalid_cards(ctx: Context, r: Rule) -> Iterator[Finding]:
    """Bank card numbers, labelled as such, whose Luhn check digit is wrong."""
    from stdnum import luhn

    ps = ctx.patterns
    roles = {f.line: p.role for p in ctx.parties for f in p.fields}
    for line in ctx.lines:
        if "卡" not in line.text:
            continue
        for m in ps.card_number.finditer(line.text):
            digits = "".join(ch for ch in m.group("num") if ch.isdigit())
            if not 16 <= len(digits) <= 19 or not ps.card_luhn_issuer.match(digits) or luhn.is_valid(digits):
                continue
            yield r.finding(
                "card",
                label=m.group("label"),
                value=m.group("num"),
                line=line.no,
                clause=ctx.locator.clause(line.no),
                span=(m.start("num"), m.end("num")),
                place=roles.get(line.no) or ctx.locator.place(line.no),
            )
