"""The three published PDF samples: every table's content pinned (tables.txt snapshots), the
收支预算总表 figures of the samples' README checked by hand, and the Shanghai PDF read into
the same structure as the Shanghai text sample."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetld.model import Disclosure

from conftest import PDFS
from snapshots import check, render_rest, render_tables


@pytest.mark.parametrize("name", list(PDFS))
@pytest.mark.parametrize("part,render", [("tables", render_tables), ("rest", render_rest)])
def test_pdf_content_is_pinned(pdfs, name, part, render):
    check(f"{name}-{part}.txt", render(pdfs[name]))


def _amounts(table, side: str | None = None) -> dict[str, Decimal]:
    return {row.name: cell.amount.value for row in table.rows
            if side is None or row.side == side for cell in row.cells if cell.amount}


def test_procuratorate_summary_figures_as_published(pdfs):
    table = pdfs["jiangsu-procuratorate"].table("revenue-expenditure-summary")
    assert (table.number, table.unit) == ("公开01表", "万元")
    revenue = _amounts(table, "revenue")
    assert {k: revenue[k] for k in ("财政拨款", "一般公共预算", "收入合计")} == {
        "财政拨款": Decimal("24169.74"), "一般公共预算": Decimal("24169.74"),
        "收入合计": Decimal("24169.74")}
    expenditure = _amounts(table, "expenditure")
    assert expenditure == {
        "公共安全支出": Decimal("16593.12"), "社会保障和就业支出": Decimal("1890.27"),
        "住房保障支出": Decimal("5686.35"), "基本支出": Decimal("15844.04"),
        "项目支出": Decimal("4335.3"), "单位预留机动经费": Decimal("3990.4"),
        "当年支出小计": Decimal("24169.74"), "支出合计": Decimal("24169.74")}
    by_use = next(r for r in table.rows if r.name == "项目支出")
    assert by_use.cells[0].amount.text == "4,335.30"  # as printed
    assert by_use.cells[0].amount.source.page == 14 and by_use.cells[0].amount.source.box


def test_jiangsu_pdfs_are_the_jiangsu_layout_with_its_twelve_tables(pdfs):
    for name in ("jiangsu-procuratorate", "jiangsu-renda"):
        d = pdfs[name]
        assert d.meta.layout == "jiangsu-department" and d.meta.region.province == "江苏省"
        assert [t.number for t in d.tables] == [f"公开{n:02d}表" for n in range(1, 13)]
        assert [t.kind for t in d.tables] == [
            "revenue-expenditure-summary", "revenue-summary", "expenditure-summary",
            "fiscal-appropriation-summary", "fiscal-appropriation-expenditure",
            "fiscal-appropriation-basic-economic", "general-budget-expenditure",
            "general-budget-basic-economic", "three-public-meetings-training",
            "gov-fund-expenditure", "operating-expenses", "procurement"]
        assert all(t.unit == "万元" for t in d.tables)


def test_every_pdf_amount_has_page_and_box(pdfs):
    for d in pdfs.values():
        for table in d.tables:
            for row in table.rows:
                for cell in row.cells:
                    if cell.amount:
                        source = cell.amount.source
                        assert source.page in table.pages and source.box is not None
                        assert row.source.box.x0 <= source.box.x0 < source.box.x1 <= \
                            row.source.box.x1


def _structure(d: Disclosure) -> list[tuple]:
    """What a table is made of, whatever its figures: kind, columns and the kinds of rows."""
    return [(t.kind, t.unit, [(c.key, c.path, c.dimensions, c.side, c.sum_of) for c in t.columns],
             sorted({(r.side, r.role, r.level, r.code is not None) for r in t.rows}))
            for t in d.tables]


def test_shanghai_pdf_has_the_structure_of_the_shanghai_text_sample(pdfs, shanghai):
    pdf = pdfs["shanghai-caizhengju"]
    assert pdf.meta.layout == shanghai.meta.layout == "shanghai-district"
    ours, theirs = _structure(pdf), _structure(shanghai)
    # the documents differ only in what their units have: 政府性基金 and 国有资本 rows
    # are empty in both; the text sample's 城管执法局 has 款-level rows without 项 in none
    assert [t[:3] for t in ours] == [t[:3] for t in theirs]
    for (kind, _, _, rows), (_, _, _, expected) in zip(ours, theirs):
        assert set(rows) <= set(expected) | {(None, "total", None, False)}, kind
    continued = [t.kind for t in pdf.tables if len(t.pages) > 1]
    assert continued == ["revenue-summary", "expenditure-summary",
                         "general-budget-expenditure", "general-budget-basic-economic"]
    assert all(t.continued for t in pdf.tables if len(t.pages) > 1)
