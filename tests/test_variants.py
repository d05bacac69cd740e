"""Variants of the samples (re-encoded, CRLF, full-width digits, a table split over two pages,
tables reordered or missing) read the same, without special cases for the samples."""

from __future__ import annotations

import re

import pytest

from budgetld.model import Disclosure

from conftest import LVLIANG, SAMPLES, SHANGHAI
from snapshots import render_claims, render_projects, render_tables


def content(d: Disclosure) -> dict:
    """What a document says, without where it says it (line numbers move in variants)."""
    tables = {}
    for t in d.tables:
        tables[t.kind] = (t.title, t.unit, [(c.key, tuple(c.path)) for c in t.columns], [
            (r.side, r.code, r.label, tuple((c.column, c.amount.value) for c in r.cells if c.amount))
            for r in t.rows], t.empty_note.text if t.empty_note else None)
    claims = [(c.kind, c.subject, c.value, c.unit, c.text) for c in d.claims]
    projects = [(p.name, [(f.period, f.total.value if f.total else None) for f in p.funds],
                 len(p.indicators)) for p in d.projects]
    return {"tables": tables, "claims": claims, "projects": projects}


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
@pytest.mark.parametrize("encoding,evidence", [
    ("gb18030", "GB18030"), ("utf-8-sig", "UTF-8"), ("utf-16", "UTF-16"),
    ("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")])
def test_encodings_read_the_same(request, variant, sample, encoding, evidence):
    original = request.getfixturevalue(sample)
    text = SAMPLES[sample].read_text(encoding="utf-8")
    again = variant(SAMPLES[sample], text.encode(encoding))
    assert again.source.encoding.startswith(evidence)
    for render in (render_tables, render_claims, render_projects):
        assert render(again) == render(original)


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
def test_crlf_reads_the_same(request, variant, sample):
    original = request.getfixturevalue(sample)
    text = SAMPLES[sample].read_text(encoding="utf-8")
    again = variant(SAMPLES[sample], text.replace("\n", "\r\n").encode("utf-8"))
    assert again.source.newline == "CRLF"
    assert render_tables(again) == render_tables(original)
    assert render_claims(again) == render_claims(original)


def _full_width(text: str) -> str:
    text = re.sub(r"(?<=\d)\.(?=\d)", "．", text)
    text = re.sub(r"(?<=\d),(?=\d)", "，", text)
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
def test_full_width_digits_read_the_same(request, variant, sample):
    original = request.getfixturevalue(sample)
    again = variant(SAMPLES[sample], _full_width(SAMPLES[sample].read_text(encoding="utf-8")))
    assert "full-width digits" in again.source.normalised
    assert content(again) == content(original)


def _cut(text: str, start_marker: str, end_marker: str) -> tuple[str, str, str]:
    """Split ``text`` into before / from ``start_marker`` to before ``end_marker`` / after.
    A marker starting with a form feed cuts at the page break; otherwise at the line start."""

    def boundary(position: int, marker: str) -> int:
        if marker[0] in "\f\n":
            return position
        return max(text.rfind("\n", 0, position), text.rfind("\f", 0, position)) + 1

    start = boundary(text.index(start_marker), start_marker)
    end = boundary(text.index(end_marker, start + 1), end_marker)
    return text[:start], text[start:end], text[end:]


def test_tabbed_table_split_over_two_pages(lvliang, variant):
    text = LVLIANG.read_text(encoding="utf-8")
    header = "收入\t\t支出\t\t\t\n项目\t2024年\t项目\t2024年合计\t当年预算安排\t上年结转安排\n"
    row = "\t\t十、卫生健康支出"
    at = text.index(row)
    again = variant(LVLIANG, text[:at] + "\n" + header + text[at:])
    table = again.table("revenue-expenditure-summary")
    assert table.continued
    assert content(again)["tables"] == content(lvliang)["tables"]


def test_text_layer_table_split_over_two_pages(shanghai, variant):
    text = SHANGHAI.read_text(encoding="utf-8")
    header = "项目 支出预算\n功能分类科目编码\n功能分类科目名称 合计 基本支出 项目支出\n类 款 项\n"
    at = text.index("210 卫生健康支出 1,439,040 1,439,040", text.index("\f2026年部门支出预算总表"))
    again = variant(SHANGHAI, text[:at] + "\f" + header + text[at:])
    table = again.table("expenditure-summary")
    assert table.continued and len(table.pages) == 3
    assert content(again)["tables"] == content(shanghai)["tables"]


def test_tables_reordered(lvliang, shanghai, variant):
    text = LVLIANG.read_text(encoding="utf-8")
    before, three_public, after = _cut(text, "预算公开表10", "2024年财政拨款安排机关运行经费预算表")
    moved = before + after
    at = moved.index("\n2024年预算收入总表\n") + 1
    again = variant(LVLIANG, moved[:at] + three_public + moved[at:])
    assert [t.kind for t in again.tables][1] == "three-public"
    assert content(again)["tables"] == content(lvliang)["tables"]

    text = SHANGHAI.read_text(encoding="utf-8")
    before, revenue, after = _cut(text, "\f2026年部门收入预算总表\n", "\f2026年部门支出预算总表\n")
    _, expenditure, after2 = _cut(after, "\f2026年部门支出预算总表\n", "\f2026年部门财政拨款收支预算总表\n")
    again = variant(SHANGHAI, before + expenditure + revenue + after2)
    assert [t.kind for t in again.tables][1:3] == ["expenditure-summary", "revenue-summary"]
    assert content(again)["tables"] == content(shanghai)["tables"]


@pytest.mark.parametrize("sample,start,end,kind", [
    ("lvliang", "预算公开表10", "2024年财政拨款安排机关运行经费预算表", "three-public"),
    ("shanghai", "\f2026年部门一般公共预算基本支出部门预算经济分类预算表",
     "\f2026年部门“三公”经费和机关运行经费预算表", "general-budget-basic-economic"),
])
def test_missing_table(request, variant, sample, start, end, kind):
    original = request.getfixturevalue(sample)
    text = SAMPLES[sample].read_text(encoding="utf-8")
    before, _, after = _cut(text, start, end)
    again = variant(SAMPLES[sample], before + after)
    assert again.table(kind) is None
    expected = {k: v for k, v in content(original)["tables"].items() if k != kind}
    assert content(again)["tables"] == expected
