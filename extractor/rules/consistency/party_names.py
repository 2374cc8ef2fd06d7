"""C509 party-name-mismatch: a party named one way in the header and another in the signature block."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ...model import Field, Finding, Party
from .. import Context, Rule, rule


def _norm(name: str) -> str:
    """A name compared as a person reads it: full and half width alike, spaces and underscores gone."""
    flat = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in flat if not ch.isspace() and ch != "_").strip("：:，,。；;、")


@dataclass(frozen=True)
class _Name:
    value: str  # as written
    norm: str
    kind: str  # org | person
    line: int
    span: tuple[int, int]


def _name(ctx: Context, f: Field) -> _Name | None:
    """A filled field's value as a real name with its kind; None for an empty field, a placeholder, or a
    name of neither kind (an English name, a word that may be a short form): it cannot be compared safely."""
    if f.status != "filled" or not f.value:
        return None
    if ctx.patterns.placeholder_name.match(f.value) or ctx.patterns.placeholder.search(f.value):
        return None
    c = ctx.patterns.consistency
    norm = _norm(f.value)
    if c.organisation.search(norm) and len(norm) >= 4:
        kind = "org"
    elif c.person.fullmatch(norm):
        kind = "person"
    else:
        return None
    return _Name(f.value, norm, kind, f.line, f.span)


def _names(ctx: Context, p: Party, block: str) -> list[_Name]:
    """The real names of a party in one block, each with its kind (:func:`_name`)."""
    named = (_name(ctx, f) for f in p.fields if f.key == "name" and f.block == block)
    return [n for n in named if n is not None]


def _account_name(ctx: Context, r: Rule, p: Party, h: _Name) -> Iterator[Finding]:
    """The party's bank account held in another company's name (户名 / 开户名): the money goes elsewhere."""
    for f in p.fields:
        a = _name(ctx, f) if f.key == "account_name" else None
        # companies only (a person's account for a company is another question); the same name is right
        if a is None or a.kind != "org" or h.kind != "org" or a.norm == h.norm:
            continue
        if a.norm in _short_forms(ctx, h.norm):
            continue
        yield r.finding(
            "account_name",
            role=p.role,
            header=h.value,
            account=f.value,
            label=f.label,
            line=f.line,
            span=f.span,
            place=ctx.locator.place(f.line),
        )


def _short_forms(ctx: Context, full: str) -> set[str]:
    """The short names the text declares for ``full``: 杭州云帆科技有限公司（以下简称“云帆公司”）."""
    out: set[str] = set()
    for line in ctx.lines:
        text = _norm(line.text)
        at = text.find(full)
        if at < 0:
            continue
        for m in ctx.patterns.consistency.short_name.finditer(text, at + len(full)):
            out.add(_norm(m.group("short")))
    return out


@rule("C509", "party-name-mismatch", "error")
def party_name_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A party is named one way in the header and another in the signature block or its bank account
    (户名：…), or the signature block swaps the parties.

    甲方：杭州云帆科技有限公司 above, 甲方（盖章）：杭州云帆信息技术有限公司 below: which company is bound is in
    doubt. Names are compared as a person reads them (spaces, full and half width ignored); 有限责任公司
    and 有限公司 are different legal names. A short form the text declares (以下简称“云帆公司”) is the same
    party. Only names of one kind are compared — a company with a company, a person with a person: a
    person's name where a company signs is its representative. Empty and placeholder names are skipped.

    Hit:
        服务协议
        甲方：杭州云帆科技有限公司
        乙方：宁波甬达电子商务有限公司
        第一条 乙方提供技术服务。
        甲方（盖章）：杭州云帆信息技术有限公司
        乙方（盖章）：宁波甬达电子商务有限公司

    Hit:
        服务协议
        甲方：杭州云帆科技有限公司
        乙方：宁波甬达电子商务有限公司
        第一条 乙方提供技术服务。
        甲方（盖章）：宁波甬达电子商务有限公司
        乙方（盖章）：杭州云帆科技有限公司

    Okay:
        服务协议
        甲方：杭州云帆科技有限公司（以下简称“云帆公司”）
        乙方：宁波甬达电子商务有限公司
        丙方：张三
        第一条 乙方提供技术服务。
        甲方（盖章）：云帆公司
        乙方（盖章）：宁波甬达电子商务有限公司
        法定代表人（签字）：李四
        丙方（签字）：张 三
    """
    headers = {id(p): _names(ctx, p, "party") for p in ctx.parties}
    # a party whose header names differ among themselves (a cover and a preamble) is not compared
    header = {
        id(p): names[0]
        for p in ctx.parties
        if (names := headers[id(p)]) and len({n.norm for n in names}) == 1
    }
    reported: set[tuple[int, int]] = set()
    for p in ctx.parties:
        h = header.get(id(p))
        if h is None:
            continue
        yield from _account_name(ctx, r, p, h)
        for s in _names(ctx, p, "signature"):
            if s.norm == h.norm or s.kind != h.kind:
                continue
            if s.norm in _short_forms(ctx, h.norm):
                continue
            other = next(
                (q for q in ctx.parties if q is not p and (n := header.get(id(q))) and n.norm == s.norm), None
            )
            place = ctx.locator.place(s.line)
            if other is None:
                yield r.finding(
                    "mismatch",
                    role=p.role,
                    header=h.value,
                    signed=s.value,
                    line=s.line,
                    span=s.span,
                    place=place,
                )
                continue
            pair = (min(id(p), id(other)), max(id(p), id(other)))
            if pair in reported:
                continue
            reported.add(pair)
            swapped = any(n.norm == h.norm for n in _names(ctx, other, "signature"))
            yield r.finding(
                "swapped" if swapped else "other",
                role=p.role,
                other=other.role,
                signed=s.value,
                line=s.line,
                span=s.span,
                place=place,
            )
