from __future__ import annotations

import pytest

from extractor.extract.values import credit_code_valid, id_number_valid, normalize


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("人民币叁仟伍佰元整（¥3,500.00）", None, {"type": "money", "amount": 3500, "currency": "CNY"}),
        ("人民币贰拾捌万元整", None, {"type": "money", "amount": 280000, "currency": "CNY"}),
        ("2.5万元", None, {"type": "money", "amount": 25000, "currency": "CNY"}),
        ("30%", None, {"type": "percent", "value": 30}),
        ("30", "%", {"type": "percent", "value": 30}),
        ("2024年3月15日", None, {"type": "date", "value": "2024-03-15"}),
        ("2024-3-5", None, {"type": "date", "value": "2024-03-05"}),
        ("二〇二四年三月十五日", None, {"type": "date", "value": "2024-03-15"}),
        ("12", "个月", {"type": "duration", "value": 12, "unit": "month"}),
        ("十五日", None, {"type": "duration", "value": 15, "unit": "day"}),
        ("5", "个工作日", {"type": "duration", "value": 5, "unit": "workday"}),
        ("十二", None, {"type": "number", "value": 12}),
        ("138 0000 0000", None, {"type": "phone", "value": "13800000000"}),
        ("wuting@gcwl-nb.com", None, {"type": "email", "value": "wuting@gcwl-nb.com"}),
        ("杭州仲裁委员会", None, None),
    ],
)
def test_normalize(value, unit, expected):
    assert normalize(value, unit) == expected


def test_identity_checksums():
    assert credit_code_valid("91350100M000100Y43")
    assert not credit_code_valid("91350100M000100Y44")
    assert id_number_valid("11010519491231002X")
    assert not id_number_valid("110105194912310021")
    assert normalize("11010519491231002X", key="id_number") == {
        "type": "id_number",
        "value": "11010519491231002X",
        "valid": True,
    }
