"""Parties: the blocks that name each party (甲方/乙方… and role words such as 委托方/出租方) and their fields.

A block opens on a role line (``甲方（服务提供方）：``, ``委托方（甲方）：``, ``出租方：张三``) and holds the
``label：value`` lines under it, several to a line where a form puts them side by side
(``电    话：      传    真：``). Party tables are read column by column, and a table with a role in
each column header and labels in the first column is read as a grid. The signature block is read the
same way; its fields are kept apart (``block: signature``) so that repeating a label there is normal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from ..model import Field, Line, Party
from ..pattern_set import PatternSet
from ..segment import Outline, match_heading, squash
from .values import normalize

SIGNATURE_DESC = ("盖章", "签章", "签字", "签名", "公章", "印章", "章")
BLANK_CHARS = " \u3000_\t"


@dataclass(frozen=True)
class _Compiled:
    role: regex.Pattern[str]
    label: regex.Pattern[str]
    generic_label: regex.Pattern[str]
    ordinal: frozenset[str]


@cache
def _compiled(ps: PatternSet) -> _Compiled:
    roles = sorted(ps.ordinal_roles + ps.named_roles, key=len, reverse=True)
    role_alt = "|".join(regex.escape(r) for r in roles)
    role = regex.compile(
        rf"^(?P<role>{role_alt})(?P<idx>[一二三四五六七八九1-9])?"
        rf"(?:[（(](?P<desc>[^（()）]{{1,24}})[）)])?"
        rf"(?:(?P<colon>[：:])(?P<value>.*))?$",
        regex.V1,
    )
    labels = sorted(ps.field_keys, key=len, reverse=True)
    # a known label may be letter-spaced (住  所  地)
    label_alt = "|".join(r"\s*".join(regex.escape(ch) for ch in lab) for lab in labels)
    label = regex.compile(rf"(?<![^\s，,；;。|])(?P<label>{label_alt})\s*[：:]", regex.V1)
    generic = regex.compile(r"^\s*(?P<label>[\p{Han}A-Za-z][\p{Han}A-Za-z（）()/／ ]{0,11}?)\s*[：:]", regex.V1)
    return _Compiled(role, label, generic, frozenset(ps.ordinal_roles))


@dataclass
class _RoleLine:
    role: str
    alias: str | None
    description: str | None
    value_span: tuple[int, int] | None  # the value after the colon, in the line
    label: str


def _role_line(line: Line, ps: PatternSet) -> _RoleLine | None:
    text = line.text
    colon = min((i for i in (text.find("："), text.find(":")) if i >= 0), default=-1)
    head = squash(text if colon < 0 else text[:colon])
    if not head or len(head) > 30:
        return None
    c = _compiled(ps)
    m = c.role.match(head + ("：" if colon >= 0 else ""))
    if m is None:
        return None
    role = m.group("role") + (m.group("idx") or "")
    desc = m.group("desc")
    alias = None
    if desc and any(desc.startswith(s) or desc.endswith(s) for s in SIGNATURE_DESC):
        desc = None
    if desc and desc in c.ordinal and m.group("role") not in c.ordinal:
        role, alias, desc = desc, role, None  # 委托方（甲方） -> role 甲方, alias 委托方
    value_span = None
    if colon >= 0:
        value_span = (colon + 1, len(text))
    return _RoleLine(role, alias, desc, value_span, head)


def _value(text: str, start: int, end: int, ps: PatternSet) -> tuple[str | None, str, tuple[int, int]]:
    """(value, status, span) of the region text[start:end]."""
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip(BLANK_CHARS))
    core = seg.strip(BLANK_CHARS)
    if not core or not core.strip("年月日" + BLANK_CHARS):  # nothing, or a bare 年  月  日
        inner = seg.strip(" \t")
        if inner:
            off = seg.find(inner)
            return None, "empty", (start + off, start + off + len(inner))
        return None, "empty", (start, end) if end > start else (start, start)
    span = (start + lead, start + lead + len(core))
    if ps.na.match(core):
        return core, "na", span
    return core, "filled", span


def _fields_in(line: Line, ps: PatternSet, block: str) -> list[Field]:
    c = _compiled(ps)
    text = line.text
    hits = [m for m in c.label.finditer(text)]
    if not hits or text[: hits[0].start()].strip():
        g = c.generic_label.match(text)
        if g is not None and (not hits or g.end() <= hits[0].start()):
            hits.insert(0, g)
    fields = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        label = squash(m.group("label"))
        key = ps.field_keys.get(label, "other")
        value, status, span = _value(text, m.end(), end, ps)
        fields.append(Field(key, label, value, status, line.no, span, block=block, normalized=normalize(value, key=key) if status == "filled" else None))
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
    tables: dict[int, dict[tuple[int, int], Line]] = {}
    for ln in lines:
        if ln.cell is not None and ln.text.strip():
            tables.setdefault(ln.cell[0], {}).setdefault((ln.cell[1], ln.cell[2]), ln)
    for grid in tables.values():
        for (r, _c), _ln in sorted(grid.items()):
            header = {c: _role_line(ln, ps) for (rr, c), ln in grid.items() if rr == r and c >= 1}
            roles = {c: rl for c, rl in header.items() if rl is not None and not (rl.value_span and ln_text(grid[(r, c)], rl))}
            if len(roles) < 2:
                continue
            for c, rl in sorted(roles.items()):
                party = Party(rl.role, rl.alias, rl.description, grid[(r, c)].no)
                for (rr, cc), ln in sorted(grid.items()):
                    if rr <= r or cc != c or (rr, 0) not in grid:
                        continue
                    label = squash(grid[(rr, 0)].text).rstrip("：:")
                    key = ps.field_keys.get(label, "other")
                    value, status, span = _value(ln.text, 0, len(ln.text), ps)
                    party.fields.append(Field(key, label, value, status, ln.no, span, normalized=normalize(value, key=key) if status == "filled" else None))
                    used.add(ln.no)
                parties.append(party)
            used.update(ln.no for ln in grid.values())
            break
    return parties, used


def ln_text(line: Line, rl: _RoleLine) -> str:
    """The value written after a role's colon, if any."""
    if rl.value_span is None:
        return ""
    return line.text[rl.value_span[0] : rl.value_span[1]].strip(BLANK_CHARS)


def _scan(lines: Iterable[Line], ps: PatternSet, block: str) -> list[Party]:
    parties: list[Party] = []
    current: Party | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        rl = _role_line(ln, ps)
        if rl is not None:
            current = Party(rl.role, rl.alias, rl.description, ln.no)
            parties.append(current)
            # 甲方：XX公司 names the party; 甲方：____ leaves the name blank; 甲方： alone opens the block
            if rl.value_span is not None and ln.text[rl.value_span[0] : rl.value_span[1]].strip():
                value, status, span = _value(ln.text, rl.value_span[0], rl.value_span[1], ps)
                if block == "party" or status == "filled":
                    current.fields.append(
                        Field("name", rl.label, value, status, ln.no, span, block=block, normalized=None)
                    )
            continue
        if current is None:
            continue
        hm = match_heading(text, ps)
        if hm is not None and hm.rank <= 5:
            current = None
            continue
        fields = _fields_in(ln, ps, block)
        if not fields:
            if len(squash(text)) > 30:
                current = None  # prose: the block has ended
            continue
        current.fields.extend(fields)
    return parties


def _merge(parties: list[Party]) -> list[Party]:
    out: dict[str, Party] = {}
    for p in parties:
        if p.role in out:
            q = out[p.role]
            q.fields.extend(p.fields)
            q.alias = q.alias or p.alias
            q.description = q.description or p.description
        else:
            out[p.role] = p
    return list(out.values())


def extract_parties(lines: list[Line], outline: Outline, ps: PatternSet) -> list[Party]:
    kinds = {"preamble", "cover", "signature"}
    regions: dict[str, list[tuple[int, int]]] = {}
    for node in outline.nodes:
        if node.kind in kinds:
            regions.setdefault(node.kind, []).append((node.line, node.end_line))

    def within(kind: str) -> list[Line]:
        spans = regions.get(kind, [])
        return [ln for ln in lines if any(a <= ln.no <= b for a, b in spans)]

    if not outline.nodes or all(n.kind in ("title", "cover") for n in outline.nodes):
        head = lines  # a form with no clauses: the whole document
    else:
        head = within("preamble")
    grid, used = _grid_parties(head, ps)
    found = grid + _scan(_ordered([ln for ln in head if ln.no not in used], ps), ps, "party")
    if not found:
        cover = within("cover")
        grid, used = _grid_parties(cover, ps)
        found = grid + _scan(_ordered([ln for ln in cover if ln.no not in used], ps), ps, "party")
    parties = _merge(found)
    signed = _merge(_scan(_ordered(within("signature"), ps), ps, "signature"))
    by_role = {p.role: p for p in parties}
    for sp in signed:
        target = by_role.get(sp.role)
        if target is None:
            parties.append(sp)
            by_role[sp.role] = sp
        else:
            target.fields.extend(sp.fields)
    for p in parties:
        p.name = next((f.value for f in p.fields if f.key == "name" and f.status == "filled"), None)
    return parties
