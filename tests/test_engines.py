"""budgetld's own SHACL-SPARQL executor and pySHACL, the reference engine, give identical
reports (same rules, focus nodes, locations, severities and messages, in the same order) on
every sample (text, cells, PDF, Word and Excel forms), on every injected-defect variant of
tests/test_validate_rules.py and on bundles whose RDF another tool edited.

pySHACL reports no query bindings, so the expected/actual values (data of budgetld's own
findings) are the one thing not compared.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetld.defaults import Engine
from budgetld.parse import parse_file
from budgetld.rdf import build_triples
from budgetld.validate import Report, validate_bundle, validate_triples

from conftest import DATA, LVLIANG, SHANGHAI
from forms import items_of, write_docx, write_xls, write_xlsx
from test_validate_rules import CASES, PUBLISHED, _clean_shanghai, _rule_of, subs

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
