"""The few facts of a contract the spreadsheets show beside its counts: its amount, the day it was signed,
its term, and whether its signature block is filled in.

Each is read from what hetong already found (the blanks and party fields with their labels and typed
values, the text's lines) with the vocabulary of ``patterns/consistency.toml``, and left empty when the
contract does not say it plainly: a wrong date in a reviewer's sheet costs more than an empty cell.
"""

from __future__ import annotations

from typing import Any

from ..model import Result
from ..pattern_set import Consistency
from ..rules.consistency.amounts import amounts
from ..rules.consistency.dates import date_ranges, dates

#: the party fields of a signature block that say who signs or seals (甲方（盖章）, 法定代表人（签字）)
SIGNING_KEYS = frozenset({"name", "legal_representative", "agent"})
#: how far after the words of a stated total its amount may start (合同总价为人民币…)
TOTAL_REACH = 8


def facts(result: Result, c: Consistency) -> dict[str, Any]:
    """``amount`` (as written), ``signed_on``, ``term_start``, ``term_end`` (ISO dates) and ``signature``
    (filled / partly / empty), each None when not found."""
    start, end = term(result, c) or (None, None)
    return {
        "amount": amount(result, c),
        "signed_on": signed_on(result, c),
        "term_start": start,
        "term_end": end,
        "signature": signature(result),
    }


def amount(result: Result, c: Consistency) -> str | None:
    """The contract's amount as written: the first filled blank or field labelled as the total (合同金额,
    合计金额) that holds an amount, else the first total the text states (合同总价为人民币200,000元)."""
    text = {ln.no: ln.text for ln in result.lines}
    for i, b in enumerate(result.blanks):
        if (
            b.status == "filled"
            and b.value
            and b.label
            and _money(b.normalized)
            and c.amount_label.match(b.label)
        ):
            pair = result.blanks[i + 1] if i + 1 < len(result.blanks) else None
            line = text.get(b.line, "")
            if (
                pair is not None
                and pair.line == b.line
                and pair.status == "filled"
                and _money(pair.normalized)
                and b.span is not None
                and pair.span is not None
                and c.amount_joint.fullmatch(
                    line[b.span[1] : pair.span[0]].replace("¥", "").replace("￥", "")
                )
            ):
                # the amount in words and in figures, read as two values: both as written
                written = line[b.span[0] : pair.span[1]]
                if _unclosed(written) and line[pair.span[1] : pair.span[1] + 1] in ("）", ")"):
                    written += line[pair.span[1]]
                return written
            return b.value
    for line in result.lines:
        for m in c.total_statement.finditer(line.text):
            rest = line.text[m.end() :]
            found = amounts(rest, c, with_words=False)
            if not found or found[0].start > TOTAL_REACH:
                continue
            first, end = found[0], found[0].end
            if len(found) > 1 and c.amount_joint.fullmatch(rest[first.end : found[1].start]):
                end = found[1].end  # in words and in figures: 人民币贰拾万元整（¥200,000.00）
            written = rest[first.start : end].strip()
            if _unclosed(written) and rest[end : end + 1] in ("）", ")"):
                written += rest[end]  # the figures' bracket: 贰拾万元整（¥200,000.00）
            return written or None
    return None


def _unclosed(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _money(normalized: Any) -> bool:
    return isinstance(normalized, dict) and normalized.get("type") == "money"


def signed_on(result: Result, c: Consistency) -> str | None:
    """The day the contract was signed: the dates of the signature block (日期：…) and of the fields
    labelled 签订日期; the last of them when the parties signed on different days."""
    texts = [
        f.value
        for p in result.parties
        for f in p.fields
        if f.value
        and (
            c.signing_label.search(f.label)
            or (f.block == "signature" and c.signature_date_label.match(f.label))
        )
    ]
    texts += [b.value for b in result.blanks if b.value and b.label and c.signing_label.search(b.label)]
    found = {d.value for text in texts for d in dates(text, c) if d.value is not None}
    return max(found).isoformat() if found else None


def term(result: Result, c: Consistency) -> tuple[str, str] | None:
    """The contract's term: the first date range the words of a term lead into (租赁期限自2024年3月1日至
    2025年2月28日止), not a trial or warranty period's (试用期, 质保期)."""
    for line in result.lines:
        text = line.text
        if "期" not in text:
            continue
        for a, b in date_ranges(text, c):
            m = c.term_label.search(text, 0, a.start)
            if m is None or a.value is None or b.value is None or b.value < a.value:
                continue
            window = text[max(0, m.start() - 4) : m.end()]
            if any(w in window for w in c.term_not_before):
                continue
            return a.value.isoformat(), b.value.isoformat()
    return None


def signature(result: Result) -> str | None:
    """Whether the places where the parties sign or seal are filled in: ``filled`` (every one),
    ``partly``, ``empty`` (none); None when hetong found no such place. The places are the signature
    block's fields of who signs (:data:`SIGNING_KEYS`) and the places B203 found nothing written in."""
    places = [
        f.status == "filled"
        for p in result.parties
        for f in p.fields
        if f.block == "signature" and f.key in SIGNING_KEYS
    ]
    places += [False for f in result.findings if f.code == "B203"]
    if not places:
        return None
    return "filled" if all(places) else ("partly" if any(places) else "empty")
