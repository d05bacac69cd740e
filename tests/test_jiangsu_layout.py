"""The Jiangsu department layout (2017–2019) on documents drawn for the test: another unit,
another year, tables only or narrative only, a title wrapped over two lines, the
收支预算总表 that breaks expenditure down twice."""

from __future__ import annotations

from decimal import Decimal

from budgetld.parse import parse_file

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


def test_tables_only_document(tmp_path):
    d = parse_file(write_pdf(tmp_path / "tables.pdf", tables_pages()))
    assert d.meta.layout == "jiangsu-department"
    assert [(t.number, t.kind) for t in d.tables] == [
        ("公开01表", "revenue-expenditure-summary"), ("公开03表", "expenditure-summary"),
        ("公开09表", "three-public-meetings-training")]
    summary = d.tables[0]
    by_function = {r.name: r.cells[0].amount.value for r in summary.rows
                   if r.side == "expenditure" and r.cells and r.cells[0].amount
                   and r.cells[0].column == "expenditure-total"}
    by_use = {r.name: r.cells[0].amount.value for r in summary.rows
              if r.side == "expenditure" and r.cells and r.cells[0].amount
              and r.cells[0].column == "expenditure-total-2"}
    assert by_function == {"一般公共服务支出": Decimal("700.00"), "住房保障支出": Decimal("160.50")}
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
