"""Tables drawn without ruling lines, with rules only at the top, under the header and at the
bottom, or with only an outer frame, read by the positions of their characters
(:mod:`budgetld.read.unruled`): every amount at its table, row and column, or flagged.

Both text samples are drawn as PDFs in such geometries (:func:`forms.write_pdf`); tables of
other shapes (three header levels, 类/款/项 codes in columns of their own, a numbering row,
centred labels and amounts, a table continued over pages without its header) are drawn with
:mod:`pdfgen` and must read as the same table drawn with every ruling does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetld.model import Disclosure
from budgetld.parse import parse_file
from budgetld.read import TableBlock, read_file
from compare import amount_cells, amounts_found

from conftest import SAMPLES
from forms import PdfGeometry, write_pdf_forms
from pdfgen import Page, Table, Text
from pdfgen import write_pdf as draw_pdf

GEOMETRIES = {
    "no-rulings": PdfGeometry(rules="none"),
    "rules-under-header-only": PdfGeometry(rules="horizontal"),
    "outer-frame-only": PdfGeometry(rules="frame"),
    "centred-labels-and-amounts": PdfGeometry(rules="none", header_align="centre",
                                              amount_align="centre"),
    "narrow-wrapped-labels": PdfGeometry(rules="none", narrow=0.45, header_align="centre"),
    "continued-without-header": PdfGeometry(rules="horizontal", height=560,
                                            repeat_header=False),
    "header-printed-twice": PdfGeometry(rules="none", header_twice=True),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[tuple[str, str], Path]:
    return write_pdf_forms(tmp_path_factory.mktemp("pdf-unruled"), SAMPLES, GEOMETRIES)


def silently_misplaced(expected: Disclosure, got: Disclosure) -> list[tuple[str, str, str]]:
    """Amounts ``got`` has where ``expected`` has none or another, in rows not flagged as
    kept without a column."""
    want = amount_cells(expected, printed=True)
    flagged = {(t.kind, r.code or r.name) for t in got.tables for r in t.rows
               if r.placement == "unplaced"}
    return [key for key, value in amount_cells(got).items() if want.get(key) != value and
            (key[0], key[1].split(":", 1)[1].rsplit("#", 1)[0]) not in flagged]


@pytest.mark.parametrize("geometry", list(GEOMETRIES))
@pytest.mark.parametrize("sample", list(SAMPLES))
def test_every_amount_at_its_cell(request, written, sample, geometry):
    expected = request.getfixturevalue(sample)
    got = parse_file(written[sample, geometry])
    right, total, _ = amounts_found(expected, got)
    assert not silently_misplaced(expected, got)
    if (sample, geometry) == ("lvliang", "continued-without-header"):
        # the first part of the 三公 table holds no amounts, so nothing tells the columns of
        # its continuation: those rows are read as text and their amounts kept without a column
        unplaced = sum(len(r.unplaced) for t in got.tables for r in t.rows)
        assert unplaced and right + unplaced == total
        assert any(w.code == "table.unplaced-amount" for w in got.warnings)
        return
    assert right == total
    assert not [w for w in got.warnings if w.code.startswith("read.")]


# --- tables of other shapes --------------------------------------------------------------

#: 类/款/项 codes in columns of their own under one label, a name column, a total merged
#: down over two header rows, two groups of two columns; a numbering row; blank cells.
HEADER = [["科目编码", "<", "<", "科目名称", "本年支出", "<", "<", "<", "<"],
          ["^", "<", "<", "^", "合计", "基本支出", "<", "项目支出", "<"],
          ["类", "款", "项", "^", "^", "人员经费", "公用经费", "专项业务", "其他项目"]]
NUMBERING = ["", "", "", "", "1", "2", "3", "4", "5"]
BODY = [["", "", "", "合计", "1,250.50", "800.00", "200.00", "250.50", ""],
        ["205", "", "", "教育支出", "1,000.00", "800.00", "200.00", "", ""],
        ["205", "02", "", "普通教育", "1,000.00", "800.00", "200.00", "", ""],
        ["205", "02", "01", "学前教育", "1,000.00", "800.00", "200.00", "", ""],
        ["213", "", "", "农林水支出", "250.50", "", "", "250.50", ""],
        ["213", "01", "04", "事业运行（农业农村）", "250.50", "", "", "250.50", ""]]
WIDTHS = [34, 30, 30, 130, 70, 64, 64, 64, 64]


def _cells(path: Path) -> list[tuple[str, ...]]:
    return [row.cells for block in read_file(path).blocks if isinstance(block, TableBlock)
            for row in block.rows]


@pytest.mark.parametrize("rules", ["none", "horizontal", "frame"])
@pytest.mark.parametrize("align", [("left", "right"), ("centre", "centre"), ("centre", "right")])
def test_a_table_reads_as_the_same_table_ruled(tmp_path, rules, align):
    header_align, amount_align = align

    def draw(name: str, style: str) -> Path:
        table = Table(HEADER + [NUMBERING] + BODY, WIDTHS, header_rows=3, rules=style,
                      header_align=header_align, amount_align=amount_align)
        return draw_pdf(tmp_path / name, [Page([Text("2025年一般公共预算支出表", size=14,
                                                     centred=True),
                                                Text("单位：万元"), table], landscape=True)])

    ruled = _cells(draw("ruled.pdf", "grid"))
    assert ruled[3:] == [tuple(NUMBERING)] + [tuple(row) for row in BODY]
    assert _cells(draw("unruled.pdf", rules)) == ruled


def test_a_table_continued_without_its_header_keeps_its_columns(tmp_path):
    header = [["项目", "本年支出", "<", "<"], ["^", "合计", "基本支出", "项目支出"]]
    first = [[f"{k}、项目{k}", f"{110 * k:,}.00", f"{100 * k:,}.00", f"{10 * k}.00"]
             for k in range(1, 31)]
    rest = [["31、项目31", "3,410.00", "", "310.00"], ["合计", "51,150.00", "46,500.00", "4,650.00"]]
    widths = [150, 80, 80, 80]
    path = draw_pdf(tmp_path / "doc.pdf", [
        Page([Text("2024年部门支出预算总表", size=16, centred=True), Text("单位：元"),
              Table(header + first, widths, header_rows=2, rules="none")], footer="1"),
        Page([Table(rest, widths, header_rows=0, rules="none")], footer="2")])
    [table] = parse_file(path).tables
    assert table.kind == "expenditure-summary" and table.pages == [1, 2]
    assert len(table.rows) == 32 and all(r.placement == "aligned" for r in table.rows)
    assert {c.column: c.amount.value for c in table.rows[-2].cells if c.amount} == {
        "total": Decimal("3410.00"), "project": Decimal("310.00")}
    assert table.rows[-2].cells[0].amount.source.page == 2


def test_columns_not_told_by_position_are_flagged(tmp_path):
    """A column of labels with no header label over it: the table is read as text, the
    reader says so and the rows whose amounts are placed by the sums are flagged."""
    rows = [["", "合计", "基本支出", "项目支出"], ["一、教育支出", "300.00", "", "300.00"],
            ["二、科学技术支出", "300.00", "300.00", ""], ["合计", "600.00", "300.00", "300.00"]]
    path = draw_pdf(tmp_path / "doc.pdf", [Page([
        Text("2024年部门支出预算总表", size=16, centred=True), Text("单位：元"),
        Table(rows, [150, 80, 80, 80], header_rows=1, rules="none")])])
    got = parse_file(path)
    assert any(w.code == "read.pdf-table" for w in got.warnings)
    assert any(w.code == "table.unplaced-amount" for w in got.warnings)
    [table] = got.tables
    assert [r.placement for r in table.rows][:2] == ["unplaced", "unplaced"]
