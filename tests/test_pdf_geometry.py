"""The PDF reader on table geometries drawn with reportlab (:mod:`pdfgen`): merged and
wrapped cells, blank cells, tables over pages, landscape and turned pages, page numbers,
titles above the grid, rows without rulings, header borders off the body's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetld.parse import parse_file
from budgetld.read import Paragraph, TableBlock, read_file
from budgetld.read.blocks import ReadDocument

from pdfgen import Page, Table, Text, write_pdf

HEADER = [["项目", "本年支出", "<", "<"], ["^", "合计", "基本支出", "项目支出"]]
WIDTHS = [150, 80, 80, 80]
TITLE = Text("2024年部门支出预算总表", size=16, centred=True)
META = Text("编制部门：测试局                    单位：元")


def body(*labels: str) -> list[list[str]]:
    """Rows of amounts that add up: total = basic + project."""
    rows = []
    for k, label in enumerate(labels, 1):
        basic, project = Decimal(100 * k), Decimal(10 * k)
        rows.append([label, f"{basic + project:,.2f}", f"{basic:,.2f}", f"{project:,.2f}"])
    return rows


def read(tmp_path: Path, pages: list[Page]) -> ReadDocument:
    return read_file(write_pdf(tmp_path / "doc.pdf", pages))


def tables(doc: ReadDocument) -> list[TableBlock]:
    return [b for b in doc.blocks if isinstance(b, TableBlock)]


def texts(doc: ReadDocument) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_merged_header_cells_wrapped_and_blank_cells_are_aligned(tmp_path):
    rows = HEADER + body("一、社会保障和就业支出") + [["上年结\n转资金", "", "", ""]] + \
        body("二、住房保障支出")
    doc = read(tmp_path, [Page([TITLE, META, Table(rows, WIDTHS, header_rows=2)])])
    [table] = tables(doc)
    assert [r.cells for r in table.rows] == [
        ("项目", "本年支出", "", ""),
        ("", "合计", "基本支出", "项目支出"),
        ("一、社会保障和就业支出", "110.00", "100.00", "10.00"),
        ("上年结转资金", "", "", ""),
        ("二、住房保障支出", "110.00", "100.00", "10.00"),
    ]
    assert all(r.aligned for r in table.rows)


def test_vertical_merge_keeps_its_text_in_its_first_row(tmp_path):
    rows = [["类别", "项目", "金额"], ["一般公共预算资金", "小计", "300.00"],
            ["^", "公共财政拨款", "300.00"], ["^", "专项收入", ""], ["其他资金", "小计", ""]]
    doc = read(tmp_path, [Page([Table(rows, [150, 150, 80])])])
    assert [r.cells for r in tables(doc)[0].rows] == [
        ("类别", "项目", "金额"), ("一般公共预算资金", "小计", "300.00"),
        ("", "公共财政拨款", "300.00"), ("", "专项收入", ""), ("其他资金", "小计", "")]


@pytest.mark.parametrize("footer", ["- {n} -", "第 {n} 页，共 3 页", "{n}/3"])
def test_title_meta_running_header_and_page_numbers_around_the_grid(tmp_path, footer):
    pages = [Page([TITLE, META, Table(HEADER + body("合计"), WIDTHS, header_rows=2),
                   Text("注：本表金额保留两位小数。")], footer=footer.format(n=n),
                  header="测试局2024年部门预算") for n in (1, 2, 3)]
    doc = read(tmp_path, pages)
    assert texts(doc) == ["2024年部门支出预算总表", "编制部门：测试局 单位：元",
                          "注：本表金额保留两位小数。"] * 3
    assert [type(b) for b in doc.blocks[:4]] == [Paragraph, Paragraph, TableBlock, Paragraph]


@pytest.mark.parametrize("footer", ["12", "- 12 -", "－12－", "第 12 页，共 40 页", "第12页", "12/40"])
def test_page_number_of_a_single_page_is_dropped(tmp_path, footer):
    doc = read(tmp_path, [Page([TITLE, Text("正文第一段。")], footer=footer)])
    assert texts(doc) == ["2024年部门支出预算总表", "正文第一段。"] and not tables(doc)


@pytest.mark.parametrize("repeat_header,repeat_title", [(True, False), (False, False),
                                                       (True, True)])
def test_table_continued_on_the_next_page_is_one_table(tmp_path, repeat_header, repeat_title):
    first = HEADER + body(*[f"{k}、项目{k}" for k in range(1, 31)])
    rest = (HEADER if repeat_header else []) + body("31、项目31", "32、项目32")
    path = write_pdf(tmp_path / "doc.pdf", [
        Page([TITLE, META, Table(first, WIDTHS, header_rows=2)], footer="1"),
        Page(([TITLE, META] if repeat_title else []) +
             [Table(rest, WIDTHS, header_rows=2 if repeat_header else 0)], footer="2")])
    [table] = parse_file(path).tables
    assert table.kind == "expenditure-summary" and table.continued == repeat_header
    assert table.pages == [1, 2] and len(table.rows) == 32
    last = table.rows[-1]
    assert (last.name, {c.column: c.amount.value for c in last.cells if c.amount}) == \
        ("项目32", {"total": Decimal("220.00"), "basic": Decimal("200.00"),
                   "project": Decimal("20.00")})
    assert last.cells[0].amount.source.page == 2


def test_a_last_row_alone_on_the_next_page_keeps_its_columns(tmp_path):
    """A ruled grid of one row (the table's last row, carried over to a page of its own
    without the header) is a table row, not a line of text."""
    first = HEADER + body(*[f"{k}、项目{k}" for k in range(1, 31)])
    path = write_pdf(tmp_path / "doc.pdf", [
        Page([TITLE, META, Table(first, WIDTHS, header_rows=2)]),
        Page([Table([["合计", "4,650.00", "", "150.00"]], WIDTHS, header_rows=0)])])
    [table] = parse_file(path).tables
    last = table.rows[-1]
    assert (last.label, last.role, last.source.page) == ("合计", "total", 2)
    assert {c.column: c.amount.value for c in last.cells if c.amount} == {
        "total": Decimal("4650.00"), "project": Decimal("150.00")}


def test_landscape_page(tmp_path):
    doc = read(tmp_path, [Page([TITLE, Table(HEADER + body("合计"), WIDTHS, header_rows=2)],
                               landscape=True, footer="8")])
    assert [r.cells for r in tables(doc)[0].rows][-1] == ("合计", "110.00", "100.00", "10.00")
    assert texts(doc) == ["2024年部门支出预算总表"]


@pytest.mark.parametrize("sideways", [False, True])
@pytest.mark.parametrize("rotate", [90, 270])
def test_page_turned_by_rotate_reads_as_displayed(tmp_path, rotate, sideways):
    """A page turned by /Rotate reads as shown; one drawn turned without the /Rotate (shown
    sideways) reads turned, as its text stands."""
    rows = [["项目", "合计", "基本支出"], ["一、教育支出", "30.00", "20.00"], ["二、科学技术支出", "", "5.00"]]
    doc = read(tmp_path, [Page([Text("单位预算支出表"), Table(rows, [100, 80, 80])],
                               rotate=rotate, sideways=sideways)])
    assert texts(doc) == ["单位预算支出表"]
    assert [r.cells for r in tables(doc)[0].rows] == [
        ("项目", "合计", "基本支出"), ("一、教育支出", "30.00", "20.00"), ("二、科学技术支出", "", "5.00")]
    box = tables(doc)[0].rows[1].line.box
    assert box.x1 < 595 and box.bottom < 842  # display coordinates of a portrait view


def test_rows_left_without_rulings_are_split_at_their_amounts(tmp_path):
    rows = HEADER + body("一、一般公共服务支出", "二、教育支出", "三、住房保障支出")
    doc = read(tmp_path, [Page([Table(rows, WIDTHS, header_rows=2, ruled_rows=False)])])
    assert [r.cells for r in tables(doc)[0].rows][2:] == [
        ("一、一般公共服务支出", "110.00", "100.00", "10.00"),
        ("二、教育支出", "220.00", "200.00", "20.00"),
        ("三、住房保障支出", "330.00", "300.00", "30.00")]


def test_header_borders_drawn_off_the_body_borders_fold_into_one_column(tmp_path):
    rows = [["功能科目编码", "功能科目名称", "金额"], ["合计", "<", "300.00"],
            ["201", "一般公共服务支出", "300.00"]]
    table = Table(rows, [60, 160, 80], header_rows=1, header_widths=[90, 130, 80])
    doc = read(tmp_path, [Page([table])])
    assert [r.cells for r in tables(doc)[0].rows] == [
        ("功能科目编码", "功能科目名称", "金额"), ("合计", "", "300.00"),
        ("201", "一般公共服务支出", "300.00")]


def test_amount_keeps_page_and_box(tmp_path):
    path = write_pdf(tmp_path / "doc.pdf", [
        Page([Text("第一页")]),
        Page([TITLE, META, Table(HEADER + body("一、教育支出", "合计"), WIDTHS, header_rows=2)])])
    table = parse_file(path).tables[0]
    source = table.rows[0].cells[1].amount.source
    assert source.page == 2 and source.box is not None
    assert 60 + 150 + 80 < source.box.x0 < source.box.x1 <= 60 + 150 + 160
    assert source.box.top < source.box.bottom
    assert table.rows[0].source.box.x0 == pytest.approx(60, abs=1)


def test_table_drawn_inside_a_form_xobject(tmp_path):
    rows = [["项目", "金额"], ["合计", "12.50"]]
    doc = read(tmp_path, [Page([Text("表内容"), Table(rows, [150, 80])], form_offset=(40, -30))])
    [table] = tables(doc)
    assert [r.cells for r in table.rows] == [("项目", "金额"), ("合计", "12.50")]
    assert table.rows[0].line.box.x0 == pytest.approx(60 + 40, abs=1)


def test_title_and_unit_drawn_inside_the_grid_are_text(tmp_path):
    rows = [["2024年部门支出预算总表", "<", "<", "<"], ["单位：元", "<", "<", "<"]] + HEADER + \
        body("合计") + [["注：本表无项目支出以外的数据。", "<", "<", "<"]]
    doc = read(tmp_path, [Page([Table(rows, WIDTHS, header_rows=4)])])
    assert texts(doc) == ["2024年部门支出预算总表", "单位：元", "注：本表无项目支出以外的数据。"]
    assert [r.cells[0] for r in tables(doc)[0].rows] == ["项目", "", "合计"]


def test_fake_bold_is_read_once(tmp_path):
    doc = read(tmp_path, [Page([Text("收支预算总表 100.00", size=16, fake_bold=True)])])
    assert [r.cells for b in tables(doc) for r in b.rows] == [("收支预算总表", "100.00")]


def test_reading_is_deterministic(tmp_path):
    path = write_pdf(tmp_path / "doc.pdf", [Page([TITLE, META, Table(HEADER + body("合计"),
                                                                        WIDTHS, header_rows=2)])])
    assert parse_file(path).model_dump_json() == parse_file(path).model_dump_json()
