"""The Jiangsu department layout (2017–2019) on documents drawn for the test: another unit,
another year, tables only or narrative only, a title wrapped over two lines, the
收支预算总表 that breaks expenditure down twice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetld.parse import parse_file
from budgetld.validate import validate

from pdfgen import Page, Table, Text, write_pdf

UNIT = "江苏省测试厅"
META = Text(f"部门名称：{UNIT}                              单位：万元", size=9)

SUMMARY = Table([
    ["收入", "<", "支出", "<", "<", "<"],
    ["项目名称", "金额", "功能分类", "<", "支出用途", "<"],
    ["^", "^", "功能科目名称", "金额", "项目名称", "金额"],
    ["一、财政拨款", "860.50", "一、一般公共服务支出", "700.00", "一、基本支出", "600.50"],
    ["1.一般公共预算", "860.50", "二、教育支出", "", "二、项目支出", "200.00"],
    ["2.政府性基金预\n算", "", "三、住房保障支出", "160.50", "三、单位预留机\n动经费", "60.00"],
    ["当年收入小计", "860.50", "当年支出小计", "<", "<", "860.50"],
    ["收入合计", "860.50", "支出合计", "<", "<", "860.50"],
], [90, 60, 120, 60, 90, 60], header_rows=3, row_height=26)

SPENDING = Table([["合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"],
                  ["860.50", "600.50", "200.00", "60.00", ""]], [80, 80, 80, 100, 80])

THREE_PUBLIC = Table([
    ["合计", "“三公”经费", "<", "<", "<", "<", "<", "会议费", "培训费"],
    ["^", "小计", "因公出国\n（境）费", "公务用车购置及运行维护费", "<", "<", "公务接\n待费", "^", "^"],
    ["^", "^", "^", "小计", "公务用车\n购置费", "公务用车\n运行维护费", "^", "^", "^"],
    ["36.00", "21.00", "5.00", "12.00", "", "12.00", "4.00", "9.00", "6.00"],
], [50, 45, 50, 45, 55, 60, 45, 45, 45], header_rows=3, row_height=26)


def tables_pages() -> list[Page]:
    return [
        Page([Text("第二部分 2017年度部门预算表", size=16, centred=True), Text("公开 01 表"),
              Text("收支预算总表", size=16, centred=True), META, SUMMARY], footer="5"),
        Page([Text("公开 03 表"), Text("支出预算总表", size=16, centred=True), META, SPENDING,
              Text("公开 09 表"),
              Text("2017年江苏省测试厅一般公共预算“三公”经费、会议", size=15, centred=True, gap=2),
              Text("费、培训费支出预算表", size=15, centred=True), META, THREE_PUBLIC], footer="6"),
    ]


NARRATIVE = [
    Page([Text(f"{UNIT}2017年度部门预算公开", size=22, centred=True)]),
    Page([Text("第三部分 2017年度部门预算情况说明", size=16, centred=True),
          Text("一、收支预算总体情况说明", size=14),
          Text(f"{UNIT}2017年度收入、支出预算总计860.50万元，与上年相比收、支预算总", indent=28),
          Text("计各增加20.50万元，增长2.44%。其中：基本支出600.50万元，项目支出200.00万"),
          Text("元，单位预留机动经费60.00万元。")], footer="7"),
]


def _column(table, key: str) -> dict[str, Decimal]:
    return {r.name: c.amount.value for r in table.rows for c in r.cells
            if c.column == key and c.amount}


def test_tables_only_document(tmp_path):
    d = parse_file(write_pdf(tmp_path / "tables.pdf", tables_pages()))
    assert d.meta.layout == "jiangsu-department"
    assert [(t.number, t.kind) for t in d.tables] == [
        ("公开01表", "revenue-expenditure-summary"), ("公开03表", "expenditure-summary"),
        ("公开09表", "three-public-meetings-training")]
    summary = d.tables[0]
    by_function = _column(summary, "expenditure-total")
    by_use = _column(summary, "expenditure-total-2")
    # 当年支出小计 and 支出合计 are merged over both breakdowns: their one amount is both's
    assert by_function == {"一般公共服务支出": Decimal("700.00"), "住房保障支出": Decimal("160.50"),
                           "当年支出小计": Decimal("860.50"), "支出合计": Decimal("860.50")}
    assert by_use == {"基本支出": Decimal("600.50"), "项目支出": Decimal("200.00"),
                      "单位预留机动经费": Decimal("60.00"), "当年支出小计": Decimal("860.50"),
                      "支出合计": Decimal("860.50")}
    spending = d.table("expenditure-summary")
    assert {c.column: c.amount.value for c in spending.rows[0].cells if c.amount} == {
        "total": Decimal("860.50"), "basic": Decimal("600.50"), "project": Decimal("200.00"),
        "reserve": Decimal("60.00")}
    three = d.table("three-public-meetings-training")
    assert three.title == "2017年江苏省测试厅一般公共预算“三公”经费、会议费、培训费支出预算表"
    assert {c.column: c.amount.value for c in three.rows[0].cells if c.amount} == {
        "total": Decimal("36.00"), "three-public-total": Decimal("21.00"),
        "three-public-overseas-travel": Decimal("5.00"), "three-public-vehicles": Decimal("12.00"),
        "three-public-vehicle-operation": Decimal("12.00"),
        "three-public-reception": Decimal("4.00"), "meeting-expenses": Decimal("9.00"),
        "training-expenses": Decimal("6.00")}


def test_narrative_only_document(tmp_path):
    d = parse_file(write_pdf(tmp_path / "narrative.pdf", NARRATIVE))
    assert d.meta.layout == "jiangsu-department" and not d.tables
    assert (d.meta.title, d.meta.fiscal_year) == (f"{UNIT}2017年度部门预算公开", 2017)
    [section] = [s for s in d.sections if s.kind == "changes"]
    assert section.text.startswith(f"{UNIT}2017年度收入、支出预算总计860.50万元")
    assert section.text.endswith("单位预留机动经费60.00万元。")


def test_whole_document_over_pages(tmp_path):
    d = parse_file(write_pdf(tmp_path / "whole.pdf", NARRATIVE[:1] + tables_pages() +
                             NARRATIVE[1:]))
    assert d.meta.layout == "jiangsu-department" and len(d.tables) == 3
    assert d.meta.unit.name == UNIT
    total = next(c for c in d.claims if c.subject == "expenditure.total")
    assert total.value == Decimal("860.50")


def _merged_summary(unit: str, function_items: list[tuple[str, str]], total: str) -> list[Page]:
    """A 收支预算总表 of another unit in 元 whose 支出总计 is one cell merged over the function
    breakdown's name and amount columns and the 支出用途 breakdown's name column."""
    rows = [["收入", "<", "支出", "<", "<", "<"],
            ["项目", "金额", "功能分类", "<", "支出用途", "<"],
            ["^", "^", "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", total, *function_items[0], "一、基本支出", "1,204,300.00"],
            ["二、其他资金", "", *function_items[1], "二、项目支出", "95,700.00"],
            ["", "", *function_items[2], "", ""],
            ["收入总计", total, "支出总计", "<", "<", total]]
    table = Table(rows, [80, 70, 130, 70, 80, 70], header_rows=3, row_height=22)
    return [Page([Text("公开 01 表"), Text("收支预算总表", size=16, centred=True),
                  Text(f"部门名称：{unit}                         单位：元", size=9), table])]


def test_a_total_merged_over_both_breakdowns_is_both_totals(tmp_path):
    """The merged 支出总计 is the total of the function breakdown too: it is summed against
    the function classes (no ARITH-006 when they add up, ARITH-006 when they do not)."""
    items = [("一、教育支出", "1,000,000.00"), ("二、卫生健康支出", "250,000.00"),
             ("三、农林水支出", "50,000.00")]
    d = parse_file(write_pdf(tmp_path / "merged.pdf",
                             _merged_summary("江苏省示例局", items, "1,300,000.00")))
    summary = d.table("revenue-expenditure-summary")
    assert summary.unit == "元"
    assert _column(summary, "expenditure-total")["支出总计"] == Decimal("1300000.00")
    assert _column(summary, "expenditure-total-2")["支出总计"] == Decimal("1300000.00")
    [total] = [r for r in summary.rows if r.name == "支出总计"]
    assert total.side == "expenditure" and total.role == "total" and not total.unplaced
    assert "ARITH-006" not in {f.rule for f in validate(d)[0].findings}

    items[2] = ("三、农林水支出", "60,000.00")  # the function classes now add up to 1,310,000
    d = parse_file(write_pdf(tmp_path / "wrong.pdf",
                             _merged_summary("江苏省示例局", items, "1,300,000.00")))
    [finding] = [f for f in validate(d)[0].findings if f.rule == "ARITH-006"]
    assert "功能分类" in finding.message_en and finding.location.line is not None


def test_a_blank_amount_beside_a_merged_label_stays_blank(tmp_path):
    """A label merged only over its own name column does not share the next part's amount."""
    rows = [["收入", "<", "支出", "<", "<", "<"],
            ["项目", "金额", "功能分类", "<", "支出用途", "<"],
            ["^", "^", "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", "80.00", "一、教育支出", "80.00", "一、基本支出", "80.00"],
            ["收入合计", "80.00", "支出合计", "", "", "80.00"]]
    page = Page([Text("公开 01 表"), Text("收支预算总表", size=16, centred=True),
                 Text("部门名称：江苏省另一局                   单位：万元", size=9),
                 Table(rows, [80, 70, 130, 70, 80, 70], header_rows=3)])
    summary = parse_file(write_pdf(tmp_path / "blank.pdf", [page])).table(
        "revenue-expenditure-summary")
    assert "支出合计" not in _column(summary, "expenditure-total")
    assert _column(summary, "expenditure-total-2")["支出合计"] == Decimal("80.00")


def _summary_page(meta: list[Text]) -> Page:
    rows = [["收入", "<", "支出", "<"], ["项目", "金额", "项目", "金额"],
            ["一、财政拨款", "75.20", "一、教育支出", "75.20"],
            ["收入合计", "75.20", "支出合计", "75.20"]]
    return Page([Text("公开 01 表"), Text("收支预算总表", size=16, centred=True), *meta,
                 Table(rows, [110, 70, 110, 70], header_rows=2)])


def test_a_unit_name_wrapped_under_its_meta_line_is_read_whole(tmp_path):
    """部门名称 printed in a narrow box wraps: the line right under it ends the name (and the
    unit line printed beside it in between does not break it)."""
    unit = "江苏省交通运输综合行政执法监督局"
    cover = Page([Text(f"{unit}2018年度部门预算公开", size=20, centred=True)])
    wrapped = _summary_page([Text("部门名称：江苏省交通运输综合", size=9, gap=1, right="单位：万元"),
                             Text("行政执法监督局", size=9)])
    d = parse_file(write_pdf(tmp_path / "wrapped.pdf", [cover, wrapped]))
    assert d.meta.unit.name == unit
    assert d.table("revenue-expenditure-summary").unit_name == unit
    assert "NAME-002" not in {f.rule for f in validate(d)[0].findings}


@pytest.mark.parametrize("gap,indent", [(24, 0), (4, 40)], ids=["far-below", "indented"])
def test_a_line_away_from_the_name_is_not_part_of_it(tmp_path, gap, indent):
    """A short line well below the meta line (a subtitle), or one starting elsewhere (a header
    label of a table without rulings), is not the name's continuation."""
    page = _summary_page([Text("部门名称：江苏省示例厅", size=9, gap=gap, right="单位：万元"),
                          Text("某某情况", size=9, indent=indent)])
    table = parse_file(write_pdf(tmp_path / "apart.pdf", [page])).table(
        "revenue-expenditure-summary")
    assert table.unit_name == "江苏省示例厅"
