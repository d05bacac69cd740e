"""Word (.docx), Excel (.xlsx) and Excel 97-2003 (.xls) versions of both samples, written with
the libraries' own writers from the parsed text sample (:mod:`forms`), read into the same
model: the same tables, columns, rows and amounts (as published), sections and claims."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.parse import parse_file
from budgetld.read import read_file
from budgetld.read.blocks import Paragraph, TableBlock
from budgetld.read.numfmt import render
from compare import assert_same_content

from conftest import SAMPLES
from forms import Grid, items_of, write_docx, write_xls, write_xlsx

runner = CliRunner()

#: name → (suffix, writer): each a physical form of the sample the readers must read alike.
FORMS = {
    "docx": (".docx", write_docx),
    "docx-titles-in-table": (".docx", lambda items, path: write_docx(items, path, titles_in_table=True)),
    "xlsx-text-sheet-per-table": (".xlsx", write_xlsx),
    "xlsx-numbers-formulas": (".xlsx", lambda items, path: write_xlsx(
        items, path, layout="blank-rows", numbers=True, formulas=True)),
    "xlsx-numbers-one-sheet-no-blank-rows": (".xlsx", lambda items, path: write_xlsx(
        items, path, layout="compact", numbers=True)),
    "xls-numbers-sheet-per-table": (".xls", lambda items, path: write_xls(items, path, numbers=True)),
    "xls-text-one-sheet": (".xls", lambda items, path: write_xls(items, path, layout="blank-rows")),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every form of every sample, written once."""
    folder = tmp_path_factory.mktemp("forms")
    out = {}
    for sample, source in SAMPLES.items():
        items = items_of(parse_file(source))
        for form, (suffix, write) in FORMS.items():
            path = folder / f"{sample}-{form}{suffix}"
            write(items, path)
            out[sample, form] = path
    return out


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_each_form_reads_as_the_text_sample(request, written, sample, form):
    expected = request.getfixturevalue(sample)
    got = parse_file(written[sample, form])
    assert got.source.form == FORMS[form][0].lstrip(".")
    assert_same_content(expected, got)


def test_the_variants_hold_what_they_say(written):
    """Numbers stored as numbers, formulas with their saved values, one sheet or many."""
    for sample in SAMPLES:
        data = written[sample, "xlsx-numbers-formulas"].read_bytes()
        sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
        assert sheet.count("<f>") > 3 and "<v></v>" not in sheet
        book = openpyxl.load_workbook(io.BytesIO(data))
        types = {c.data_type for row in book.active.iter_rows() for c in row if c.value is not None}
        assert {"n", "f", "s"} <= types
        text = openpyxl.load_workbook(written[sample, "xlsx-text-sheet-per-table"])
        assert all(isinstance(c.value, str) for ws in text for row in ws.iter_rows()
                   for c in row if c.value is not None)
        assert len(text.sheetnames) > len(parse_file(SAMPLES[sample]).tables)
        compact = parse_file(written[sample, "xlsx-numbers-one-sheet-no-blank-rows"])
        assert {t.source.sheet for t in compact.tables} == {"预算"} and len(compact.tables) > 2


def test_merged_header_cells_are_what_the_header_resolves(written):
    """The grids merge spanning labels over columns and rows; the readers give the label at
    its first position and blanks where the merge reaches."""
    items = items_of(parse_file(SAMPLES["shanghai"]))
    grids = [i for i in items if isinstance(i, Grid)]
    grid = next(g for g in grids if any(m.cols > 1 for m in g.merges)
                and any(m.rows > 1 for m in g.merges))
    header = grid.rows[:grid.header]
    assert any("" in row for row in header)
    for form in ("docx", "xlsx-text-sheet-per-table", "xls-numbers-sheet-per-table"):
        tables = [b for b in read_file(written["shanghai", form]).blocks if isinstance(b, TableBlock)]
        found = tables[grids.index(grid)]
        assert [list(r.cells) + [""] * (len(grid.rows[0]) - len(r.cells))
                for r in found.rows[:grid.header]] == header, form


def _line_numbers(items: list) -> list[int]:
    """Where each item starts when paragraphs and table rows are counted in order."""
    starts, line = [], 1
    for item in items:
        starts.append(line)
        line += len(item.rows) if isinstance(item, Grid) else 1
    return starts


def test_word_lines_count_paragraphs_and_table_rows(written):
    items = items_of(parse_file(SAMPLES["lvliang"]))
    starts = _line_numbers(items)
    d = parse_file(written["lvliang", "docx"])
    for table in d.tables:
        title = next(i for i, item in enumerate(items) if item == table.title)
        assert (table.source.line, table.source.page, table.source.sheet) == (starts[title], None, None)
        grid = next(item for item in items[title:] if isinstance(item, Grid))
        if table.rows:
            first_body = starts[items.index(grid, title)] + grid.header
            assert table.rows[0].source.line == first_body


def test_excel_lines_are_rows_of_named_sheets(written):
    for form in ("xlsx-text-sheet-per-table", "xls-numbers-sheet-per-table"):
        d = parse_file(written["shanghai", form])
        book = openpyxl.load_workbook(written["shanghai", "xlsx-text-sheet-per-table"])
        for number, table in enumerate(d.tables, 1):
            ref = table.source
            assert ref.sheet == f"表{number}" and ref.page == book.sheetnames.index(ref.sheet) + 1
            assert book[ref.sheet].cell(ref.line, 1).value == table.title
            row = table.rows[-1]
            printed = [c.value for c in book[ref.sheet][row.source.line]]
            assert row.label in printed or (not row.label and row.cells[0].text in printed)
            assert str(row.source).endswith(f":{row.source.line} (sheet 表{number})")
    result = runner.invoke(app, ["validate", str(written["lvliang", "xls-numbers-sheet-per-table"])])
    assert result.exit_code == 1 and "sheet 表" in result.output and " row " in result.output


@pytest.mark.parametrize("value,code,shown", [
    (2.8, "#,##0.00", "2.80"), (2.7999999999999998, "0.00", "2.80"), (0.1 + 0.2, "General", "0.3"),
    (47483458, "#,##0", "47,483,458"), (47483458.0, None, "47483458"), (1.005, "0.00", "1.01"),
    (0.125, "0.00", "0.13"), (-1234.5, "#,##0.00", "-1,234.50"), (0.265, "0.0%", "26.5%"),
    (-1234.5, "#,##0.00_);(#,##0.00)", "(1,234.50)"), (0, '#,##0.00;-#,##0.00;"-"', "-"),
    (5, "00", "05"), (12.3, "0.0#", "12.3"), (12.345, "0.0#", "12.35"), (2.8, '0.00"万元"', "2.80万元"),
    (1234567, "#,##0,", "1,235"), (1234.5, '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-', "1,234.50"),
    (3, "[$¥-804]#,##0.00", "¥3.00"), (208, "General", "208"), (2080501.0, "0", "2080501"),
])
def test_numbers_show_as_their_format_prints_them(value, code, shown):
    assert render(value, code) == shown


def test_word_headings_contents_and_merges(tmp_path):
    """Heading styles are kept; contents entries (TOC styles, tab before the page) are rows;
    a vertically and horizontally merged cell has its text once, at its first position."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.add_paragraph("目 录")
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("一、部门职责\t3", style="toc 1")
    document.add_paragraph("二、预算表\t5", style="toc 1")
    document.add_paragraph("一、部门职责", style="Heading 1")
    document.add_paragraph("第一行\n第二行")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "本年支出"
    table.cell(1, 1).text, table.cell(1, 2).text = "基本支出", "项目支出"
    for j, text in enumerate(["合计", "1.00", "２．５０"]):
        table.cell(2, j).text = text
    path = tmp_path / "doc.xlsx"  # the name does not decide the form
    document.save(path)
    doc = read_file(path)
    assert doc.source.form == "docx" and doc.source.normalised == ["full-width digits"]
    toc, heading, text, grid = doc.blocks[1:]
    assert [r.cells for r in toc.rows] == [("一、部门职责", "3"), ("二、预算表", "5")]
    assert isinstance(heading, Paragraph) and heading.style == "Heading 1"
    assert doc.blocks[0].style is None and text.text == "第一行第二行"
    assert [r.cells for r in grid.rows] == [("项目", "本年支出"), ("", "基本支出", "项目支出"),
                                            ("合计", "1.00", "2.50")]
    assert [r.line.number for r in grid.rows] == [6, 7, 8]


def test_two_tables_on_a_sheet_and_text_around_them(tmp_path):
    """Without blank rows, a title merged across the sheet, a 编制部门/单位 line of two cells
    and a note end one table and start the next; a label-only row stays in its table."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "表3"
    rows = [["部门预算支出表"], ["编制部门：某单位", None, "单位：元"], ["项目", "合计", "基本支出"],
            ["一、社会保障和就业支出", 1200.5, 1200.5], ["二、卫生健康支出"], ["注：数据为预算数。"],
            ["另一张表"], ["项目", "金额"], ["合计", "3"]]
    for row in rows:
        ws.append(row)
    for r in (1, 7):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws["B4"].number_format = ws["C4"].number_format = "#,##0.00"
    path = tmp_path / "book.docx"  # the name does not decide the form
    book.save(path)
    doc = read_file(path)
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else [r.cells for r in b.rows])
             for b in doc.blocks]
    assert kinds == [
        ("Paragraph", "部门预算支出表"), ("Paragraph", "编制部门：某单位 单位：元"),
        ("TableBlock", [("项目", "合计", "基本支出"), ("一、社会保障和就业支出", "1,200.50", "1,200.50"),
                        ("二、卫生健康支出",)]),
        ("Paragraph", "注：数据为预算数。"), ("Paragraph", "另一张表"),
        ("TableBlock", [("项目", "金额"), ("合计", "3")])]
    assert doc.blocks[-1].rows[-1].line == doc.lines[-1]
    assert (doc.lines[-1].number, doc.lines[-1].page, doc.lines[-1].sheet) == (9, 1, "表3")


def test_hidden_sheets_are_not_read(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["2024年部门预算"])
    hidden = book.create_sheet("底稿")
    hidden.append(["不公开的底稿"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    book.save(path)
    doc = read_file(path)
    assert [line.text for line in doc.lines] == ["2024年部门预算"] and doc.source.pages == 2


def test_the_commands_accept_word_and_excel(written, tmp_path):
    docx_file = written["shanghai", "docx"]
    xlsx_file = written["shanghai", "xlsx-numbers-formulas"]
    xls_file = written["lvliang", "xls-numbers-sheet-per-table"]
    result = runner.invoke(app, ["parse", str(xlsx_file)])
    assert result.exit_code == 0 and "Tables 表 (9)" in result.output
    result = runner.invoke(app, ["validate", str(docx_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = runner.invoke(app, ["publish", str(docx_file), str(xls_file), "-o", str(out),
                                 "--allow-invalid", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert len([p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]) == 2


def test_workbook_rdf_names_the_sheets_with_a_declared_term(written):
    import rdflib

    from budgetld.rdf import serialize

    from rdfutil import ONTOLOGY

    d = parse_file(written["shanghai", "xls-numbers-sheet-per-table"])
    graph = rdflib.Graph().parse(data=serialize(d, "nt"), format="nt")
    sheet = rdflib.URIRef("https://w3id.org/budgetld/def#sourceSheet")
    assert {str(o) for o in graph.objects(None, sheet)} >= {f"表{n}" for n in range(1, 10)}
    ontology = rdflib.Graph().parse(ONTOLOGY / "budgetld.ttl", format="turtle")
    assert (sheet, rdflib.RDF.type, rdflib.OWL.DatatypeProperty) in ontology


def test_a_long_vertical_merge_in_a_word_table(tmp_path):
    """A code merged down 1,200 rows (python-docx's own cell lookup fails on it): read once,
    at its first row."""
    import copy

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "208", "0.00"
    first = table.rows[0]._tr
    merge = OxmlElement("w:vMerge")
    merge.set(qn("w:val"), "restart")
    first.tc_lst[0].get_or_add_tcPr().append(merge)
    for r in range(1, 1200):
        row = copy.deepcopy(first)
        code, amount = row.tc_lst
        code.tcPr.find(qn("w:vMerge")).attrib.clear()  # w:vMerge without a value continues
        code.p_lst[0].clear()
        amount.p_lst[0].clear()
        amount.p_lst[0].add_r().text = f"{r}.00"
        table._tbl.append(row)
    path = tmp_path / "long.docx"
    document.save(path)
    rows = read_file(path).blocks[0].rows
    assert [r.cells for r in rows[:2]] == [("208", "0.00"), ("", "1.00")] and len(rows) == 1200


def test_a_formula_saved_without_its_value_is_reported_not_blank(tmp_path):
    """openpyxl, like other programs, saves formulas without computing them: the cell reads
    as its formula, which the parser reports, rather than as a blank."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in [["2024年部门支出预算表"], ["单位：万元"], ["项目", "合计", "基本支出", "项目支出"],
                ["合计", "=C4+D4", 1, 2]]:
        ws.append(row)
    path = tmp_path / "uncomputed.xlsx"
    book.save(path)
    table = next(b for b in read_file(path).blocks if isinstance(b, TableBlock))
    assert table.rows[-1].cells == ("合计", "=C4+D4", "1", "2")
    d = parse_file(path)
    assert any(w.code == "table.non-numeric-cell" and "=C4+D4" in w.message_en for w in d.warnings)


def test_a_total_merged_over_a_breakdown_in_a_workbook(tmp_path):
    """A workbook's merged cell says what it covers as a PDF grid does: 支出合计 merged over the
    function breakdown's name and amount columns is that breakdown's total too."""
    book = openpyxl.Workbook()
    ws = book.active
    rows = [["收支预算总表"], ["部门名称：某某市档案馆", None, None, None, None, "单位：元"],
            ["收入", None, "支出"], ["项目", "金额", "功能分类", None, "支出用途"],
            [None, None, "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", "560", "一、文化旅游体育与传媒支出", "500", "一、基本支出", "460"],
            [None, None, "二、住房保障支出", "60", "二、项目支出", "100"],
            ["收入合计", "560", "支出合计", None, None, "560"]]
    for row in rows:
        ws.append(row)
    for cells in ("A1:F1", "A3:B3", "C3:F3", "C4:D4", "E4:F4", "A4:A5", "B4:B5", "C8:E8"):
        ws.merge_cells(cells)
    path = tmp_path / "summary.xlsx"
    book.save(path)
    summary = parse_file(path).table("revenue-expenditure-summary")
    [total] = [r for r in summary.rows if r.name == "支出合计"]
    assert {c.column: c.amount.value for c in total.cells if c.amount} == {
        "expenditure-total": Decimal("560"), "expenditure-total-2": Decimal("560")}
