"""The facts the spreadsheets show beside the counts: amount, signing date, term, signature."""

from __future__ import annotations

from extractor.pattern_set import load
from extractor.report.facts import facts

from .conftest import run_text

SIGNED_APART = """设备采购合同
甲方：杭州云帆科技有限公司
乙方：宁波甬达电子有限公司
第一条 合同总价为人民币贰拾万元整（¥200,000.00），含税。
第二条 试用期自2024年3月1日起至2024年3月31日止。
第三条 本合同有效期自2024年4月1日起至2025年3月31日止。
甲方（盖章）：杭州云帆科技有限公司
日期：2024年3月1日
乙方（盖章）：宁波甬达电子有限公司
日期：2024年3月5日
"""

UNSIGNED = """设备采购合同
甲方：杭州云帆科技有限公司
乙方：宁波甬达电子有限公司
第一条 质保期自2024年5月1日起至2025年4月30日止。
第二条 单价为人民币100元。
甲方（盖章）：____
乙方（盖章）：____
"""


def _facts(text: str) -> dict:
    return facts(run_text(text), load().consistency)


def test_facts_of_a_signed_contract():
    got = _facts(SIGNED_APART)
    # the stated total as written, words and figures; the term, not the trial period before it
    assert got["amount"] == "贰拾万元整（¥200,000.00）"
    assert (got["term_start"], got["term_end"]) == ("2024-04-01", "2025-03-31")
    # signed on two days: the contract is signed on the later
    assert got["signed_on"] == "2024-03-05"
    assert got["signature"] == "filled"


def test_nothing_is_guessed():
    got = _facts(UNSIGNED)
    # a unit price is no total, a warranty no term, no date is no date
    assert got == {
        "amount": None,
        "signed_on": None,
        "term_start": None,
        "term_end": None,
        "signature": "empty",
    }
