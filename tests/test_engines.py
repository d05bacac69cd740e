"""budgetld's own SHACL-SPARQL executor and pySHACL, the reference engine, give identical
reports (same rules, focus nodes, locations, severities and messages, in the same order) on
every sample (text, cells, PDF, Word and Excel forms), on every injected-defect variant of
tests/test_validate_rules.py, on a variant into which the defects of the reviewers' checks are
injected (so that every rule has fired in the comparison) and on bundles whose RDF another
tool edited.

pySHACL reports no query bindings, so the expected/actual values (data of budgetld's own
findings) are the one thing not compared.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from budgetld.defaults import Engine
from budgetld.parse import parse_file
from budgetld.rdf import build_triples
from budgetld.validate import Report, validate, validate_bundle, validate_triples
from test_validate_rules import CASES, PUBLISHED, _clean_shanghai, _rule_of, subs

from conftest import DATA, LVLIANG, SHANGHAI
from corpus import sub
from forms import items_of, write_docx, write_xls, write_xlsx

BASE = "https://w3id.org/budgetld/data/"


def as_compared(report: Report) -> list[tuple]:
    return [(f.rule, f.severity, f.shape, f.focus, f.location, f.message_zh, f.message_en)
            for f in report.findings]


def assert_engines_agree(path: Path) -> None:
    triples = build_triples(parse_file(path), BASE)
    ours, _ = validate_triples(path.name, triples, engine=Engine.budgetld)
    reference, _ = validate_triples(path.name, triples, engine=Engine.pyshacl)
    assert as_compared(ours) == as_compared(reference)
    assert (ours.conforms, ours.counts) == (reference.conforms, reference.counts)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_samples(name):
    assert_engines_agree(DATA / name)


# every case, with or without the marks test_validate_rules gives it (a variant that cannot
# show its rule is still a variant both engines must agree on)
VARIANTS = [case.values if hasattr(case, "values") else case for case in CASES]


@pytest.mark.parametrize("rule,sample,edit,description", VARIANTS, ids=[_rule_of(case) for case in CASES])
def test_injected_defects(tmp_path, rule, sample, edit, description):
    path = tmp_path / sample.name
    path.write_text(edit(sample.read_text(encoding="utf-8")), encoding="utf-8")
    assert_engines_agree(path)


@pytest.mark.parametrize("edit", [
    _clean_shanghai,
    subs(("截至2025年8月31日", "截至0年0月0日")),
    subs(("项目名称 拆违经费 项目性质", "项目名称 项目性质")),
], ids=["clean", "placeholder-date", "blank-project-name"])
def test_other_variants(tmp_path, edit):
    path = tmp_path / SHANGHAI.name
    path.write_text(edit(SHANGHAI.read_text(encoding="utf-8")), encoding="utf-8")
    assert_engines_agree(path)


@pytest.mark.parametrize("sample", [LVLIANG, SHANGHAI], ids=["lvliang", "shanghai"])
@pytest.mark.parametrize("suffix,write", [
    (".docx", write_docx),
    (".xlsx", lambda items, path: write_xlsx(items, path, numbers=True, formulas=True)),
    (".xls", lambda items, path: write_xls(items, path, layout="blank-rows")),
], ids=["docx", "xlsx", "xls"])
def test_office_forms(tmp_path, sample, suffix, write):
    path = tmp_path / (sample.stem + suffix)
    write(items_of(parse_file(sample)), path)
    assert_engines_agree(path)


@pytest.mark.parametrize("old,new", [
    ('bld:amount "47483458"^^xsd:decimal', 'bld:amount "4.7483458E7"^^xsd:double'),
    ('bld:unitMeasure <https://w3id.org/budgetld/code/unit/yuan>', 'bld:unitMeasureNote "元"'),
], ids=["double-amount", "no-unit"])
def test_edited_bundles(tmp_path, old, new):
    bundle = shutil.copytree(next(PUBLISHED.glob("shanghai-*")), tmp_path / "bundle")
    turtle = (bundle / "disclosure.ttl").read_text(encoding="utf-8")
    (bundle / "disclosure.ttl").write_text(turtle.replace(old, new, 1), encoding="utf-8")
    ours, _ = validate_bundle(bundle, engine=Engine.budgetld)
    reference, _ = validate_bundle(bundle, engine=Engine.pyshacl)
    assert as_compared(ours) == as_compared(reference)
    assert any(f.rule == "TYPE-001" for f in ours.findings)


def _defects(text: str) -> str:
    """The Shanghai sample with a defect for each rule that it does not break on its own."""
    for old, new in [
        ("208 05 99 其他行政事业单位养老支出", "208 05 98 其他行政事业单位养老支出"),
        ("302 99 其他商品和服务支出", "302 98 其他商品和服务支出"),
        ("302 01 办公费", "302 01 印刷费"),
        ("财政拨款收入4748.35万元，比2025年预算减少19.79万元",
         "财政拨款收入4，748.35万元，比2025年预算减少减少19.79万元"),
        ("（一）因公出国（境）费0万元，与2025年预算持平。", "（一）因公出国（境）费0万元，比2025年预算增加持平。"),
        ("2026年，普陀区城市管理行政执法局收入预算", "2026年，城市管理行政执法局收入预算"),
        ("行政单位离退休（项）”261.47万元", "行政单位离退休（项）”262万元"),
        ("机关运行经费预算为507.25万元", "机关运行经费预算为507.25元"),
        ("涉及项目预算资金1099.22万元。", "涉及项目预算资金1099.22万元，政府采购预算605.28万元。"),
        ("截至2025年8月31日", "截至2026年8月31日"),
        ("7.承办区政府交办的其他事项。", "7.承办XX交办的其他事项。（包括职能、机构、人员等）"),
    ]:
        text = text.replace(old, new) if text.count(old) > 1 else sub(text, old, new)
    text = re.sub(r"(住房公积金（项）”264\.97万元，主要用于)[^。]*。", r"\1行政单位基本医疗保险缴费。", text)
    return text.replace("编制部门：普陀区城市管理行政执法局 单位：元", "编制部门： 单位：元", 1)


def _findings(report: Report) -> Counter:
    return Counter((f.rule, f.focus, f.severity, f.message_zh, f.message_en) for f in report.findings)


@pytest.fixture(scope="module")
def disclosures(lvliang, shanghai, pdfs, tmp_path_factory):
    from budgetld.parse import parse_file
    path = tmp_path_factory.mktemp("engines") / SHANGHAI.name
    path.write_text(_defects(SHANGHAI.read_text(encoding="utf-8")), encoding="utf-8")
    return {"lvliang": lvliang, "shanghai": shanghai, "shanghai-defects": parse_file(path),
            **{name: d for name, d in pdfs.items() if name == "jiangsu-renda"}}


@pytest.mark.parametrize("name", ["lvliang", "shanghai", "shanghai-defects", "jiangsu-renda"])
def test_both_engines_give_the_same_findings(disclosures, name):
    ours, _ = validate(disclosures[name])
    reference, _ = validate(disclosures[name], engine=Engine.pyshacl)
    assert _findings(ours) == _findings(reference)


def test_the_comparison_covers_the_new_rules(disclosures):
    fired = {f.rule for name in ("lvliang", "shanghai-defects")
             for f in validate(disclosures[name])[0].findings}
    assert {"TYPE-003", "TYPE-004", "TYPE-006", "TEXT-001", "TEXT-002", "TEXT-003", "NAME-001",
            "NAME-002", "NARR-005", "NARR-006", "NARR-007", "NARR-008", "NARR-009", "PLAU-001",
            "PLAU-002", "TMPL-002", "TMPL-004"} <= fired


def test_the_executor_loads_what_its_queries_read():
    """budgetld's executor loads only the triples whose predicate a rule or the locating
    query names; a variable predicate (which may read any triple) keeps them all."""
    from budgetld.validate.rules import predicates_read

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    named = predicates_read(("PREFIX ex: <http://example.org/> PREFIX : <http://example.org/d#>\n"
                             "SELECT $this WHERE { $this a ex:T ; ex:p/:q ?x ; <http://o/r> ?y ."
                             " FILTER NOT EXISTS { ?x ^ex:back ?z } }",))
    assert named == {rdf + "type", "http://example.org/T", "http://example.org/p",
                     "http://example.org/d#q", "http://o/r", "http://example.org/back"}
    for query in ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s a ?t ; ?p ?o }",
                  "SELECT * WHERE { ?s a ?t . <http://o/s> $p ?o }"):
        assert predicates_read((query,)) is None
