"""The complete content read from both bundled samples is pinned, and key facts are checked
by hand so that a snapshot cannot silently pin a wrong reading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetld.model import Disclosure

from snapshots import check, render_claims, render_projects, render_rest, render_tables


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
@pytest.mark.parametrize("part,render", [("tables", render_tables), ("claims", render_claims),
                                         ("projects", render_projects), ("rest", render_rest)])
def test_sample_content_is_pinned(request, sample, part, render):
    disclosure = request.getfixturevalue(sample)
    check(f"{sample}-{part}.txt", render(disclosure))


def amounts(d: Disclosure, kind: str, label: str, side: str | None = None) -> dict[str, Decimal]:
    table = d.table(kind)
    row = next(r for r in table.rows if r.name == label and (side is None or r.side == side))
    return {c.column: c.amount.value for c in row.cells if c.amount}


def test_lvliang_metadata(lvliang):
    meta = lvliang.meta
    assert meta.unit.name == "吕梁市创业就业服务中心"
    assert (meta.supervisor.name, meta.supervisor.code) == ("吕梁市人力资源和社会保障局", "054")
    assert (meta.region.province, meta.region.city) == ("山西省", "吕梁市")
    assert (meta.fiscal_year, meta.kind, meta.level, meta.layout) == (2024, "单位预算", "市级", "shanxi-unit")


def test_lvliang_tables(lvliang):
    kinds = [t.kind for t in lvliang.tables]
    assert len(kinds) == 13 and len(set(kinds)) == 13
    assert amounts(lvliang, "revenue-expenditure-summary", "一般公共预算", "revenue") == \
        {"revenue-total": Decimal("340.43")}
    assert amounts(lvliang, "revenue-expenditure-summary", "社会保障和就业支出") == \
        {"expenditure-total": Decimal("313.61"), "expenditure-current-year": Decimal("313.61")}
    assert amounts(lvliang, "three-public", "②公务用车运行维护费".lstrip("②")) == \
        {"total": Decimal("2.80"), "general-public-budget": Decimal("2.80")}
    three = lvliang.table("three-public")
    assert three.number == "预算公开表10" and three.unit == "万元"
    assert str(three.rows[2].cells[0].amount.value) == "2.80"  # published precision kept
    empty = [t.kind for t in lvliang.tables if t.empty_note]
    assert "revenue-summary" in empty and "fiscal-appropriation-summary" not in empty
    assert not lvliang.table("fiscal-appropriation-summary").has_data


def test_shanghai_tables(shanghai):
    assert [t.kind for t in shanghai.tables] == [
        "revenue-expenditure-summary", "revenue-summary", "expenditure-summary",
        "fiscal-appropriation-summary", "general-budget-expenditure", "gov-fund-expenditure",
        "state-capital-expenditure", "general-budget-basic-economic", "three-public-and-operating"]
    # 抚恤 has one amount besides its total: the table's sums put it under 项目支出.
    assert amounts(shanghai, "expenditure-summary", "抚恤") == \
        {"total": Decimal(294000), "project": Decimal(294000)}
    assert amounts(shanghai, "general-budget-basic-economic", "办公费") == \
        {"total": Decimal(246700), "public": Decimal(246700)}
    three = shanghai.table("three-public-and-operating")
    assert three.unit == "万元"
    assert {c.column: c.amount.value for c in three.rows[0].cells} == {
        "three-public-total": Decimal("114.22"), "three-public-overseas-travel": Decimal("0.00"),
        "three-public-reception": Decimal("0.46"), "three-public-vehicles": Decimal("113.76"),
        "three-public-vehicle-purchase": Decimal("75.00"),
        "three-public-vehicle-operation": Decimal("38.76"), "operating-expenses": Decimal("507.25")}
    general = shanghai.table("general-budget-expenditure")
    assert general.continued and general.pages == [14, 15]
    codes = [r.code for r in general.rows if r.code]
    assert codes[:3] == ["208", "20805", "2080501"] and "2120104" in codes
    assert shanghai.table("gov-fund-expenditure").empty_note.text.endswith("故本表无数据")


def test_claims_refer_to_what_they_qualify(lvliang, shanghai):
    by_id = {c.id: c for c in lvliang.claims}
    change = next(c for c in lvliang.claims if c.text == "下降35.6%")
    assert change.kind == "change_pct" and by_id[change.refers_to].subject == "operating-expenses"
    carry = [c for c in lvliang.claims if c.subject_text == "上年结转" and c.kind == "amount"]
    assert [c.subject for c in carry][:2] == ["revenue.carryover", "expenditure.carryover"]
    first_change = next(c for c in lvliang.claims if c.kind == "change")
    assert by_id[first_change.refers_to].subject == "revenue.total"
    assert first_change.compared_year == 2023 and first_change.direction == -1
    sh = {c.id: c for c in shanghai.claims}
    fiscal_change = next(c for c in shanghai.claims if c.kind == "change")
    assert sh[fiscal_change.refers_to].subject == "revenue.fiscal-appropriation"
    item = next(c for c in shanghai.claims if c.subject == "expenditure.function-item")
    assert item.item_path == ["社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休"]
    assert item.value == Decimal("261.47") and item.unit == "万元"


def test_lvliang_projects(lvliang):
    names = [p.name for p in lvliang.projects]
    assert names == ["创业服务就业指导工作经费", "创业就业政策指导工作经费", "平台维护、升级及服务器安全",
                     "人才人事网运行费", None, "人事代理档案管理费", "校园招聘会",
                     "孵化基地日常工作经费", "人才交流政府购买服务经费"]
    first = lvliang.projects[0]
    annual = first.funds_for("annual")
    assert annual.total.value == Decimal(484500) and annual.total.unit == "元"
    assert annual.by_source["市县（区）财政资金"].value == Decimal(484500)
    assert first.supervisor_code == "054" and first.duration == "3年"
    cost = next(i for i in first.indicators if i.name == "宣传短视频成本" and i.period == "annual")
    assert (cost.level1, cost.level2, cost.target.comparator, cost.target.value, cost.target.unit) == \
        ("产出指标", "成本指标", "≤", Decimal(5000), "元/次")
    # The block after a repeated header continues the project cut off before it.
    policy = lvliang.projects[1]
    assert any(i.name == "创业宣传次数" for i in policy.indicators)
    codes = [w.code for w in lvliang.warnings]
    assert codes.count("performance.unnamed") == 1 and "performance.continuation" in codes


def test_shanghai_project_form(shanghai):
    (project,) = shanghai.projects
    assert project.name == "拆违经费" and project.attribute == "阶段性项目"
    assert project.supervisor == "普陀区城市管理行政执法局执法大队"
    assert project.implementer == "上海市普陀区城市管理行政执法局执法大队"
    assert project.funds_for("annual").total.value == Decimal("3498000.00")
    assert project.objectives["annual"].startswith("1.完成市、区相关部门下达的年度拆违任务。")
    assert project.objectives["annual"].endswith("目标管理。")
    satisfaction = next(i for i in project.indicators if i.name == "群众满意度")
    assert (satisfaction.level1, satisfaction.level2) == ("满意度指标", "服务对象满意度指标")
    assert satisfaction.target.comparator == "≥" and satisfaction.target.unit == "%"


def test_assets_and_glossary(lvliang, shanghai):
    vehicles = [a for a in lvliang.assets if a.category == "vehicles"]
    assert vehicles[0].as_of.isoformat() == "2024-12-31"
    floor = next(a for a in lvliang.assets if a.category == "floor_area")
    assert floor.as_of is None and floor.as_of_text == "0年0月0日"
    planned = [a for a in shanghai.assets if a.status == "planned"]
    assert planned and all(a.unit == "辆" or a.category == "equipment" for a in planned)
    assert [g.term for g in lvliang.glossary][:3] == ["基本支出", "项目支出", "“三公”经费"]
    assert lvliang.purchase_services.text == "无"
