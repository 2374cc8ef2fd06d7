"""C511 bilingual-mismatch: a bilingual agreement whose Chinese line and the English line under it, its
translation, give different dates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...extract.values import english_dates
from ...model import Finding
from .. import Context, Rule, rule
from .dates import dates

_RE_HAN = re.compile(r"[\u3400-\u9fff]")
#: how far below its Chinese line the English one may stand (an empty line between them)
TRANSLATION_GAP = 2


@rule("C511", "bilingual-mismatch", "error")
def bilingual_mismatch(ctx: Context, r: Rule) -> Iterator[Finding]:
    """A Chinese line and its English translation under it give different dates: 2018年6月19日 / June 15, 2018.

    A bilingual agreement gives each sentence in Chinese and then in English; the two are one contract, and
    a date that differs between them leaves open when it was signed or when a term runs. Only a pair of lines with one full date each is compared: a line with two dates or none, or an English
    line that is not right under a Chinese one, says nothing.

    Hit:
        独家购买权合同
        本合同由以下各方于2018年6月19日在北京签订：
        This Agreement is executed by and among the following Parties as of June 15, 2018 in Beijing:

    Okay:
        独家购买权合同
        本合同由以下各方于2018年6月15日在北京签订：
        This Agreement is executed by and among the following Parties as of June 15, 2018 in Beijing:
        签订日期：2021年4月15日
        Date of signing: April 15, 2021
    """
    c = ctx.patterns.consistency
    lines = [ln for ln in ctx.lines if ln.text.strip()]
    for zh, en in zip(lines, lines[1:], strict=False):
        if en.no - zh.no > TRANSLATION_GAP or not _RE_HAN.search(zh.text) or _RE_HAN.search(en.text):
            continue
        chain = ctx.locator.chain(zh.no)
        if chain and chain[0].kind == "instructions":
            continue
        written = [d for d in dates(zh.text, c) if d.value is not None]
        translated = english_dates(en.text)
        if len(written) != 1 or len(translated) != 1 or written[0].value.isoformat() == translated[0][2]:
            continue
        a, b, _ = translated[0]
        yield r.finding(
            "date",
            zh=written[0].written,
            en=en.text[a:b],
            line=zh.no,
            clause=ctx.locator.clause(zh.no),
            span=(written[0].start, written[0].end),
            place=ctx.locator.place(zh.no),
        )
