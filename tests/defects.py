"""The samples' real defects: every violation and warning each sample gives that is a real
defect of the document, pinned for the precision tests (``test_precision.py``) and the
precision benchmark (``benchmarks/precision.py``)."""

from __future__ import annotations

#: Every violation and warning of each sample that is a real defect: (rule, line), once per
#: finding (a defect the document prints twice is found twice).
REAL = {
    "lvliang-employment-center-2024.txt": [
        # tables printed empty (收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 基本支出
        # 经济分类表) while table 1 (or 机关运行经费) gives their figures
        ("CONS-005", 119), ("CONS-005", 131), ("CONS-005", 143), ("CONS-005", 190), ("CONS-005", 202),
        ("COMP-002", 143),          # 财政拨款收支总表 empty without a note
        ("NARR-001", 313), ("NARR-001", 319),
        ("NARR-007", 319), ("NARR-007", 319),  # 基本支出 0 / 189, 项目支出 0 / 151
        ("NARR-008", 323), ("NARR-008", 329), ("NARR-008", 335),  # 0 against table 1's 340.43
        ("NARR-002", 356),          # 35.6% for 35.8%
        ("NARR-004", 372),          # 0 published performance tables for 9
        ("PERF-004", 524), ("PERF-005", 524), ("PERF-001", 553),
        ("PERF-002", 638), ("PERF-004", 638), ("PERF-005", 638),
        ("PERF-003", 466),          # targets for a project without funds
        ("PLAU-002", 362),          # procurement 0 beside a project buying services
        ("PLAU-001", 750),          # assets as of 2024-12-31 in the 2024 budget
        ("TMPL-001", 754), ("TMPL-001", 758), ("TMPL-005", 780),
    ],
    "shanghai-putuo-chengguan-2026.txt": [
        ("QUAL-001", 286),          # page 23 repeats page 22
        ("TMPL-004", 297),          # the template's filling instruction under 七、绩效目标
    ],
    "shanghai-putuo-chengguan-2026-cells.txt": [
        ("TMPL-004", 786),
    ],
    "shanghai-putuo-caizhengju-2025.pdf": [
        ("NARR-001", 87), ("NARR-001", 97),  # 职业年金 887.36 for 87.36 (and its repetition)
        ("QUAL-001", 97),           # page 8 repeats page 7
    ],
    "jiangsu-procuratorate-2019.pdf": [
        ("COMP-005", None),         # 公务用车购置费 not stated
        ("COMP-007", None),         # 政府采购工程 not stated
        ("NARR-002", 549),          # 项目支出 −1237.7: 22.21%, printed 13.22% (the line above's)
        ("NARR-002", 610),          # 住房公积金 +368.97 on 1442.74: 34.36%, printed 34.38%
        ("QUAL-001", 634),          # a page printed twice
    ],
    "jiangsu-renda-2018.pdf": [
        ("NARR-002", 396),          # 单位预留机动经费 +1557.29: 1212.56%, printed 1312.56%
        ("TMPL-003", 362), ("TMPL-003", 364), ("TMPL-003", 367), ("TMPL-003", 369),
        ("TMPL-003", 520), ("TMPL-003", 534), ("TMPL-003", 554),  # 增加（减少） left in place
        ("TMPL-004", 481), ("TMPL-004", 485), ("TMPL-004", 501), ("TMPL-004", 505),  # （按…填写）
    ],
}
