"""Amount units other than 元 and 万元: a table in 千元 and a narrative figure in 亿元 pass
through parse, RDF, validation and the data package, each converted to 元 by its factor."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from budgetld import units
from budgetld.package import PackageOptions, build_package
from budgetld.rdf import serialize
from budgetld.validate import validate

from conftest import SHANGHAI

SUMMARY = "2026年部门财务收支预算总表\n编制部门：普陀区城市管理行政执法局 单位：元"
NEXT_TABLE = "2026年部门收入预算总表"
THREE_PUBLIC = "2026年“三公”经费预算数为114.22万元"


def _in_thousands(text: str) -> str:
    """The sample with its 财务收支预算总表 printed in 千元 (the same money)."""
    start = text.index(SUMMARY)
    stop = text.index(NEXT_TABLE, start)

    def thousands(match: re.Match[str]) -> str:
        value = Decimal(match.group(0).replace(",", "")) / 1000
        return f"{value:,.3f}"

    table = re.sub(r"\d{1,3}(?:,\d{3})+", thousands, text[start:stop])
    return text[:start] + table.replace("单位：元", "单位：千元", 1) + text[stop:]


@pytest.fixture(scope="module")
def thousands(tmp_path_factory):
    from budgetld.parse import parse_file

    path = tmp_path_factory.mktemp("units") / SHANGHAI.name
    path.write_text(_in_thousands(SHANGHAI.read_text(encoding="utf-8")), encoding="utf-8")
    return parse_file(path)


def test_the_unit_table_knows_each_scale():
    assert [(u.symbol, u.factor) for u in sorted(units.units(), key=lambda u: u.factor)] == [
        ("元", 1), ("千元", 1000), ("万元", 10000), ("百万元", 1000000), ("亿元", 100000000)]
    assert units.in_yuan(Decimal("0.011422"), "亿元") == Decimal("1142200")


def test_a_table_in_thousands_is_read_in_thousands_and_converted_exactly(thousands, shanghai):
    table = thousands.table("revenue-expenditure-summary")
    assert table.unit == "千元"
    total = table.rows[0].cells[0].amount
    assert (total.text, total.value, total.unit) == ("47,483.458", Decimal("47483.458"), "千元")
    assert total.in_yuan() == shanghai.table("revenue-expenditure-summary").rows[0].cells[0].amount.in_yuan()
    nt = serialize(thousands, "nt").decode()
    assert '"47483.458"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
    assert "<https://w3id.org/budgetld/code/unit/qian-yuan>" in nt


def test_the_same_money_in_thousands_gives_the_same_findings(thousands, shanghai):
    rules = sorted((f.rule, f.message_en) for f in validate(thousands)[0].findings)
    assert rules == sorted((f.rule, f.message_en) for f in validate(shanghai)[0].findings)


def test_the_package_states_each_table_s_unit(thousands):
    files = build_package(thousands, PackageOptions(name="x", created="2026-01-01"))
    tables = {row["table"]: row["unit"] for row in csv.DictReader(io.StringIO(files["tables.csv"].decode()))}
    assert tables["revenue-expenditure-summary"] == "千元" and tables["revenue-summary"] == "元"
    facts = list(csv.DictReader(io.StringIO(files["facts.csv"].decode())))
    first = next(f for f in facts if f["table"] == "revenue-expenditure-summary")
    assert (first["amount"], first["unit"], first["amount_yuan"]) == ("47483.458", "千元", "47483458.000")


# 114.22万元 is 0.011422亿元: 0.02亿元 is that figure rounded the wrong way (NARR-005), 200.00万元
# another figure (NARR-001)
@pytest.mark.parametrize(("figure", "rule"), [("200.00万元", "NARR-001"), ("0.011422亿元", None),
                                              ("0.02亿元", "NARR-005"), ("1142.2千元", None)])
def test_a_narrative_figure_in_any_unit_is_checked_against_its_table(variant, figure, rule):
    text = SHANGHAI.read_text(encoding="utf-8").replace(THREE_PUBLIC, f"2026年“三公”经费预算数为{figure}")
    findings = [f.rule for f in validate(variant(SHANGHAI, text))[0].findings
                if f.rule in ("NARR-001", "NARR-005") and figure in f.message_zh]
    assert findings == ([rule] if rule else [])
