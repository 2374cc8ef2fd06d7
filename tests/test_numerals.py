from __future__ import annotations

import pytest

from extractor.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十三", 13),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零一", 101),
        ("一百〇一", 101),
        ("一百一十", 110),
        ("两百", 200),
        ("一千零一十", 1010),
        ("壹仟贰佰", 1200),
        ("叁仟伍佰", 3500),
        ("一万二千", 12000),
        ("三万五千零五十", 35050),
        ("一亿二千万", 120_000_000),
        ("二〇二四", 2024),
        ("①", 1),
        ("⑳", 20),
        ("12", 12),
        ("１２", 12),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "方", "第三", "一a", "abc"])
def test_not_numerals(text):
    assert cn_to_int(text) is None


@pytest.mark.parametrize(
    "n", [1, 9, 10, 11, 19, 20, 99, 100, 101, 110, 119, 1001, 1010, 9999, 10000, 10001, 123456]
)
def test_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


def test_int_to_cn_forms():
    assert int_to_cn(13) == "十三"
    assert int_to_cn(101) == "一百零一"
    assert int_to_cn(110) == "一百一十"
