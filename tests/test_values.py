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
        # a range stays a range: its start, and its end
        (
            "2017年9月21日至2018年6月20日止",
            None,
            {"type": "date", "value": "2017-09-21", "end": "2018-06-20"},
        ),
        ("2023-07-01 —— 2023-09-28", None, {"type": "date", "value": "2023-07-01", "end": "2023-09-28"}),
        (
            "自2024年1月1日起至2024年12月31日止",
            None,
            {"type": "date", "value": "2024-01-01", "end": "2024-12-31"},
        ),
        (
            "二〇二三年八月一日至二〇二四年七月三十一日",
            None,
            {"type": "date", "value": "2023-08-01", "end": "2024-07-31"},
        ),
        ("2024年3月1日及2024年4月1日", None, {"type": "date", "value": "2024-03-01"}),  # two dates, no range
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


def _digits(x) -> str:
    return "".join(c for c in str(x) if c.isdigit())


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("62220212345678901", None),  # a 17-digit account number under a label not known as one
        ("6222021234567890123", "account"),
        ("05718826391", None),  # a fax number: its leading zero stays
        ("0571-88263915", "fax"),
        ("00123", None),
        ("123456789012345678901", None),
    ],
)
def test_digits_are_never_changed(value, key):
    out = normalize(value, key=key)
    assert out is not None and _digits(out["value"]) == _digits(value)


def test_codes_are_digits_and_amounts_are_exact():
    assert normalize("62220212345678901") == {"type": "digits", "value": "62220212345678901"}
    assert normalize("05718826391") == {"type": "digits", "value": "05718826391"}
    assert normalize("123456789012.34", "元") == {
        "type": "money",
        "amount": 123456789012.34,
        "currency": "CNY",
    }
    assert normalize("0.1") == {"type": "number", "value": 0.1}
    assert normalize("人民币叁仟伍佰元伍角整") == {"type": "money", "amount": 3500.5, "currency": "CNY"}


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("June 15, 2018", "2018-06-15"),
        ("15 June 2018", "2018-06-15"),
        ("Jun. 15th, 2018", "2018-06-15"),
        ("as of September 6, 2010 in Xuyi", "2010-09-06"),
    ],
)
def test_dates_written_in_english(text, iso):
    assert normalize(text) == {"type": "date", "value": iso}


@pytest.mark.parametrize("text", ["May 2018", "Mayor 15, 2018", "June 32, 2018", "Room 15, 2018"])
def test_not_dates_in_english(text):
    assert (normalize(text) or {}).get("type") != "date"


def test_a_rate_is_money_for_each_of_something():
    assert normalize("2100", "元/每亩") == {"type": "money", "amount": 2100, "currency": "CNY", "per": "亩"}
    assert normalize("3.5", "万元/年") == {"type": "money", "amount": 35000, "currency": "CNY", "per": "年"}
    assert normalize("5000", "元") == {"type": "money", "amount": 5000, "currency": "CNY"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7 时00 分到11 时30 分", {"type": "time", "value": "07:00", "end": "11:30"}),
        ("下午1点半", {"type": "time", "value": "13:30"}),
        ("上午8时至下午5时30分", {"type": "time", "value": "08:00", "end": "17:30"}),
        ("下午1时至5时", {"type": "time", "value": "13:00", "end": "17:00"}),
        ("8:30-17:30", {"type": "time", "value": "08:30", "end": "17:30"}),
    ],
)
def test_times_of_day(value, expected):
    assert normalize(value) == expected


@pytest.mark.parametrize("value", ["25:00", "8:75", "8时许开会", "12.5"])
def test_not_times_of_day(value):
    assert (normalize(value) or {}).get("type") != "time"
