"""The classification code lists: well-formed in every year, each row traced to its Ministry of
Finance edition, and right on spot checks across 类 and years (renamed, added, retired codes)."""

from __future__ import annotations

from collections import Counter

import pytest
import rdflib
from rdflib.namespace import DCTERMS

from budgetld.codelists import CLASSIFICATIONS, FIRST_YEAR, LAST_YEAR, classification, edition
from budgetld.rdf.codelists import codelist_files

YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
LEVELS = {3: "类", 5: "款", 7: "项"}


@pytest.mark.parametrize("scheme_id", CLASSIFICATIONS)
def test_rows_are_well_formed(scheme_id):
    codes = classification(scheme_id).codes
    for c in codes:
        assert c.code.isdigit() and LEVELS.get(len(c.code)) == c.level, c
        assert c.zh and c.en and c.zh == c.zh.strip(), c
        assert FIRST_YEAR <= c.from_year <= LAST_YEAR, c
        assert c.to_year is None or c.from_year <= c.to_year <= LAST_YEAR, c
        assert c.source == edition(c.from_year), c
    for year in YEARS:
        valid = [c for c in codes if c.valid_in(year)]
        assert len({(c.code, c.zh) for c in valid}) == len(valid), year
        # Two names in one year only where the edition of a rename is uncertain (README).
        assert max(Counter(c.code for c in valid).values()) <= 2, year
        present = {c.code for c in valid}
        orphans = sorted(c.code for c in valid if len(c.code) > 3 and c.code[:-2] not in present)
        assert orphans == [], (year, orphans)


@pytest.mark.parametrize("scheme_id", CLASSIFICATIONS)
def test_every_class_is_listed_every_year(scheme_id):
    classes = {c.code for c in classification(scheme_id).codes if c.level == "类"}
    for year in YEARS:
        listed = {c.code for c in classification(scheme_id).year_codes(year) if c.level == "类"}
        expected = classes - ({"224"} if year < 2019 else set()) - ({"234"} if year < 2020 else set())
        assert listed == expected, year


def test_items_complete_sections_are_listed_sections():
    function = classification("function")
    sections = {c.code for c in function.codes if c.level == "款"}
    assert set(function.items_complete) <= sections
    for section in function.items_complete:
        assert any(c.code.startswith(section) and c.level == "项" for c in function.codes)


SPOT_CHECKS = [
    # (code, year, names valid that year; empty: not in that year's list)
    ("201", 2018, {"一般公共服务支出"}),
    ("2010601", 2025, {"行政运行"}),
    ("2010608", 2025, {"财政委托业务支出"}),
    ("2010607", 2020, {"信息化建设"}),
    ("2010507", 2024, {"专项普查活动"}),
    ("2012902", 2025, {"一般行政管理事务"}),
    ("2013101", 2022, {"行政运行"}),
    ("20115", 2018, {"工商行政管理事务"}),
    ("20115", 2019, set()),
    ("20138", 2018, set()),
    ("20138", 2019, {"市场监督管理事务"}),
    ("20125", 2019, {"港澳台侨事务", "港澳台事务"}),
    ("20125", 2023, {"港澳台事务"}),
    ("2040410", 2019, {"检察监督"}),
    ("20401", 2018, {"武装警察"}),
    ("20401", 2024, {"武装警察部队"}),
    ("2049902", 2021, {"国家司法救助支出"}),
    ("2050201", 2024, {"学前教育"}),
    ("2060203", 2022, {"自然科学基金"}),
    ("207", 2018, {"文化体育与传媒支出"}),
    ("207", 2019, {"文化旅游体育与传媒支出"}),
    ("20701", 2018, {"文化"}),
    ("20701", 2020, {"文化和旅游"}),
    ("20706", 2018, {"新闻出版广播影视"}),
    ("20706", 2021, {"新闻出版电影"}),
    ("20708", 2018, set()),
    ("20708", 2019, {"广播电视"}),
    ("20805", 2019, {"行政事业单位离退休"}),
    ("20805", 2021, {"行政事业单位离退休", "行政事业单位养老支出"}),
    ("20805", 2025, {"行政事业单位养老支出"}),
    ("2080501", 2026, {"行政单位离退休"}),
    ("2080505", 2018, {"机关事业单位基本养老保险缴费支出"}),
    ("2080599", 2025, {"其他行政事业单位养老支出"}),
    ("20828", 2018, set()),
    ("20828", 2020, {"退役军人管理事务"}),
    ("210", 2018, {"医疗卫生与计划生育支出"}),
    ("210", 2023, {"卫生健康支出"}),
    ("21001", 2019, {"卫生健康管理事务"}),
    ("21010", 2018, {"食品和药品监督管理事务"}),
    ("21010", 2019, set()),
    ("2100717", 2025, {"计划生育服务"}),
    ("2101101", 2025, {"行政单位医疗"}),
    ("2120104", 2026, {"城管执法"}),
    ("2130104", 2023, {"事业运行"}),
    ("21301", 2018, {"农业"}),
    ("21301", 2019, {"农业农村"}),
    ("21305", 2020, {"扶贫"}),
    ("21305", 2022, {"巩固脱贫攻坚成果衔接乡村振兴"}),
    ("215", 2019, {"资源勘探信息等支出"}),
    ("215", 2024, {"资源勘探工业信息等支出"}),
    ("220", 2018, {"国土海洋气象等支出"}),
    ("220", 2019, {"自然资源海洋气象等支出"}),
    ("22004", 2018, {"地震事务"}),
    ("22004", 2019, set()),
    ("22405", 2019, {"地震事务"}),
    ("224", 2018, set()),
    ("224", 2019, {"灾害防治及应急管理支出"}),
    ("2240101", 2024, {"行政运行"}),
    ("2210201", 2018, {"住房公积金"}),
    ("2210203", 2026, {"购房补贴"}),
    ("234", 2019, set()),
    ("234", 2020, {"抗疫特别国债安排的支出"}),
    ("2296011", 2023, {"用于巩固脱贫攻坚成果衔接乡村振兴的彩票公益金支出"}),
    ("30101", 2018, {"基本工资"}),
    ("30227", 2024, {"委托业务费"}),
    ("30239", 2026, {"其他交通费用"}),
    ("31002", 2025, {"办公设备购置"}),
    ("50101", 2019, {"工资奖金津补贴"}),
    ("51301", 2023, {"上下级政府间转移性支出"}),
]


@pytest.mark.parametrize(("code", "year", "names"), SPOT_CHECKS)
def test_spot_checks(code, year, names):
    scheme = {"3": "econ-dept", "5": "econ-gov"}.get(code[0], "function")
    assert {c.zh for c in classification(scheme).at(code, year)} == names


def test_schemes_carry_their_edition_and_coverage():
    graph = rdflib.Graph().parse(data=codelist_files()["function-2024.ttl"], format="turtle")
    scheme = rdflib.URIRef("https://w3id.org/budgetld/code/function/2024")
    assert {str(s) for s in graph.objects(scheme, DCTERMS.source)} == {"财政部《2024年政府收支分类科目》"}
    descriptions = {d.language: str(d) for d in graph.objects(scheme, DCTERMS.description)}
    assert "20101" in descriptions["en"] and "项" in descriptions["zh"]
    renamed = rdflib.URIRef("https://w3id.org/budgetld/code/function/2024/21305")
    assert {str(s) for s in graph.objects(renamed, DCTERMS.source)} == {"财政部《2021年政府收支分类科目》"}
    umbrella = rdflib.Graph().parse(data=codelist_files()["econ-gov.ttl"], format="turtle")
    sources = set(umbrella.objects(rdflib.URIRef("https://w3id.org/budgetld/code/econ-gov"), DCTERMS.source))
    assert len(sources) == len(YEARS)


def test_the_newer_name_comes_first_where_a_rename_year_is_uncertain():
    function = classification("function")
    assert [c.zh for c in function.at("20805", 2021)] == ["行政事业单位养老支出", "行政事业单位离退休"]
    graph = rdflib.Graph().parse(data=codelist_files()["function-2021.ttl"], format="turtle")
    concept = rdflib.URIRef("https://w3id.org/budgetld/code/function/2021/20805")
    assert str(graph.value(concept, rdflib.namespace.SKOS.altLabel)) == "行政事业单位离退休"
