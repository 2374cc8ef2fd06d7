"""The contract number: after its label, in brackets after the title, in the next table cell; blank is None."""

from __future__ import annotations

import pytest

from extractor.extract.metadata import contract_number
from extractor.model import Line
from extractor.pattern_set import load

PS = load(None)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([Line(1, "合同编号：HT-2024-0315")], ("HT-2024-0315", 1)),
        ([Line(1, "房屋租赁合同（编号：ZL-001）")], ("ZL-001", 1)),
        ([Line(1, "合同编号：HT-001　　　　签订日期：2024年3月1日")], ("HT-001", 1)),
        ([Line(1, "合同编号", cell=(0, 0, 0)), Line(2, "WZ-2024-118", cell=(0, 0, 1))], ("WZ-2024-118", 2)),
        ([Line(1, "合同编号：", cell=(0, 0, 0)), Line(2, "WZ-2024-118", cell=(0, 0, 1))], ("WZ-2024-118", 2)),
        ([Line(1, "订单编号", cell=(0, 0, 0)), Line(2, "PO-HF-0042", cell=(0, 0, 1))], ("PO-HF-0042", 2)),
        ([Line(1, "协议编号 / Agreement No.：DPA-2024-SH-0088")], ("DPA-2024-SH-0088", 1)),
        ([Line(1, "协议编号：（　　　　　）")], (None, 1)),
        ([Line(1, "合同编号：__________")], (None, 1)),
        ([Line(1, "合同编号：/")], (None, 1)),
        ([Line(1, "合同编号：${contractNo}")], (None, 1)),  # a template's field, not a number
        ([Line(1, "合同编号：{{ contract_no }}")], (None, 1)),
        ([Line(1, "合同编号及款项用途见附件")], (None, None)),
        ([Line(1, "订单编号：PO-__________")], (None, 1)),
        ([Line(1, "保函编号：BH2024-0588")], ("BH2024-0588", 1)),
        (
            [
                Line(1, "履约保函"),
                Line(2, "致：某公司"),
                Line(3, "鉴于："),
                Line(4, "主合同（合同编号：JN-02）"),
            ],
            (None, None),
        ),
        ([Line(1, "合同号 Contract No.：SC-2024-01")], ("SC-2024-01", 1)),
        # a web page that lost the break after the title
        (
            [Line(1, "服务类项目政府采购合同协议书政府采购合同编号: CSCG-GK-1 采购人(全称): 某中心")],
            ("CSCG-GK-1", 1),
        ),
        ([Line(1, "本公司与对方于上月签订的采购合同编号为HT-1")], (None, None)),
    ],
)
def test_contract_number(lines, expected):
    assert contract_number(lines, PS) == expected
