"""budgetld validate on the samples: every finding is pinned, the report formats and exit
codes behave as documented, and a published bundle validates like its source file."""

from __future__ import annotations

import json

import pytest
import rdflib
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.defaults import TOLERANCE
from budgetld.validate import validate

from conftest import LVLIANG, SHANGHAI
from snapshots import check, render_findings

runner = CliRunner()


@pytest.fixture(scope="module")
def reports(lvliang, shanghai):
    return {"lvliang": validate(lvliang)[0], "shanghai": validate(shanghai)[0]}


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
def test_every_finding_is_pinned(reports, sample):
    check(f"{sample}-validation.txt", render_findings(reports[sample]))


def test_lvliang_defects_are_found_where_they_are(reports):
    findings = reports["lvliang"].findings
    by_rule: dict[str, list] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    # The 财政拨款收支总表 is empty without a "本表无数据" note.
    (empty,) = by_rule["COMP-002"]
    assert empty.location.table == "2024年财政拨款收支总表" and empty.location.line == 143
    # 机关运行经费 fell 9.83 from 27.48: 35.8%, not the 35.6% printed.
    (pct,) = by_rule["NARR-002"]
    assert (pct.expected, pct.actual, pct.location.line) == ("35.8", "35.6", 356)
    # The narrative quotes 0 for figures table 1 gives as 340.43.
    narrative = {f.location.line: f for f in by_rule["NARR-001"]}
    assert set(narrative) == {313, 319}
    # Tables marked 本表无数据 (or without any amount) are not tables of zeros: each is
    # reported once where table 1 or the 机关运行经费 table gives a figure it should show (the
    # narrative's 基本支出 189 and 项目支出 151 are not compared with the empty 支出总表).
    assert not by_rule.get("CONS-001") and not by_rule.get("CONS-004")
    empty = {(f.location.table, f.location.line, f.message_en.split(" but ")[1].split(" gives ")[0])
             for f in by_rule["CONS-005"]}
    table_1 = "'2024年预算收支总表'"
    assert empty == {
        ("2024年预算收入总表", 119, table_1), ("2024年预算支出总表", 131, table_1),
        ("2024年财政拨款收支总表", 143, table_1),
        ("2024年一般公共预算支出预算表（不含上年结转）", 190, table_1),
        ("2024年一般公共预算安排基本支出分经济科目表（不含上年结转）", 202,
         "'2024年财政拨款安排机关运行经费预算表'")}
    assert {f.severity for f in by_rule["CONS-005"]} == {"warning"}
    # Template leftovers: two placeholder dates, 省直部门 in a city unit's glossary.
    assert [f.location.line for f in by_rule["TMPL-001"]] == [754, 758]
    assert by_rule["TMPL-005"][0].location.line == 780
    assert {f.severity for f in findings if f.rule.startswith("QUAL-002")} == {"info"}
    assert reports["lvliang"].counts["violation"] == 16


def test_lvliang_narrative_is_checked_where_its_tables_are_empty(reports):
    by_rule: dict[str, list] = {}
    for f in reports["lvliang"].findings:
        by_rule.setdefault(f.rule, []).append(f)
    # 财政拨款收支总预算 0 and 一般公共预算当年支出 0 (twice) against the 340.43 of table 1
    totals = {(f.location.line, f.expected, f.actual) for f in by_rule["NARR-008"]}
    assert totals == {(323, "340.43", "0"), (329, "340.43", "0"), (335, "340.43", "0")}
    assert all("一般公共预算拨款收入" in f.message_zh for f in by_rule["NARR-008"])
    # 基本支出 0 (and 项目支出 0) against the 189 (151) of the performance section: the
    # 支出总表 that would settle it is printed empty
    assert {(f.location.line, f.expected, f.actual) for f in by_rule["NARR-007"]} == {
        (319, "189", "0"), (319, "151", "0")}
    # assets as of 2024-12-31 in the 2024 budget; procurement 0 beside a project buying services
    (asset,) = by_rule["PLAU-001"]
    assert asset.location.line == 750 and "2024年12月31日" in asset.message_zh
    (procurement,) = by_rule["PLAU-002"]
    assert procurement.location.line == 362 and "人才交流政府购买服务经费" in procurement.message_zh


def test_shanghai_has_no_violations(reports):
    report = reports["shanghai"]
    assert report.conforms
    assert {(f.rule, f.severity) for f in report.findings} == {
        ("QUAL-001", "warning"), ("QUAL-002", "info"), ("TMPL-004", "warning")}


def test_cli_exit_codes_and_formats(tmp_path):
    assert runner.invoke(app, ["validate", str(LVLIANG)]).exit_code == 1
    assert runner.invoke(app, ["validate", str(SHANGHAI)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(SHANGHAI), "--fail-on", "warning"]).exit_code == 1
    first = runner.invoke(app, ["validate", str(LVLIANG), "--format", "json"]).output
    assert first == runner.invoke(app, ["validate", str(LVLIANG), "--format", "json"]).output
    data = json.loads(first)
    assert data["conforms"] is False and data["counts"]["violation"] == 16
    english = runner.invoke(app, ["validate", str(SHANGHAI), "--lang", "en"], env={"COLUMNS": "200"})
    assert "passes" in english.output and "filling instruction" in english.output
    out = tmp_path / "report.ttl"
    assert runner.invoke(app, ["validate", str(LVLIANG), "--format", "turtle", "-o", str(out)]).exit_code == 1
    graph = rdflib.Graph().parse(out, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in graph
    assert len(list(graph.subjects(rdflib.RDF.type, sh.ValidationResult))) == len(data["findings"])


def test_bad_input_and_options_exit_two(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["validate", str(empty)])
    assert result.exit_code == 2 and "empty file" in result.output
    assert runner.invoke(app, ["validate", str(SHANGHAI), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(SHANGHAI), "--tolerance", "abc"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 2


def test_a_bundle_validates_like_its_source(tmp_path, reports):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    assert runner.invoke(app, ["rdf", str(LVLIANG), "-o", str(bundle / "disclosure.ttl")]).exit_code == 0
    result = runner.invoke(app, ["validate", str(bundle), "--format", "json"])
    assert result.exit_code == 1
    found = [(f["rule"], f["location"]["line"]) for f in json.loads(result.output)["findings"]]
    assert found == [(f.rule, f.location.line) for f in reports["lvliang"].findings]


def test_processes_validating_side_by_side_share_the_cores(monkeypatch):
    """publish's workers each run the rules on their share of the cores, at least one thread."""
    from budgetld.validate import engine

    monkeypatch.setattr(engine, "_cores", lambda: 4)
    try:
        for processes, threads in ((1, 4), (2, 2), (3, 1), (8, 1)):
            engine.share_cores(processes)
            assert engine.validator().threads == threads
    finally:
        engine.share_cores(1)


def test_a_long_run_of_disclosures_gets_the_same_reports(lvliang, shanghai):
    """A worker validates disclosure after disclosure in one store: past the history limit the
    store is rebuilt, and every report is the one a fresh validator gives, whether it runs
    the rules on one thread or several."""
    from budgetld.rdf import DEFAULT_BASE, build_triples
    from budgetld.validate.engine import HISTORY_LIMIT, Validator, disclosure_node

    triples = {name: build_triples(d, DEFAULT_BASE) for name, d in
               (("lvliang", lvliang), ("shanghai", shanghai))}
    first = {name: Validator(threads=3).run(t, TOLERANCE)[0] for name, t in triples.items()}
    worker = Validator()
    stores: dict[str, list] = {name: [] for name in triples}  # kept, so ids are not reused
    for n in range(60):
        name = ("lvliang", "shanghai")[n % 2]
        results, _ = worker.run(triples[name], TOLERANCE)
        assert results == first[name]
        stores[name].append(worker._year(disclosure_node(triples[name])[1]).store)
        if all(len({id(s) for s in kept}) > 2 for kept in stores.values()):
            break
    else:
        pytest.fail(f"no store rebuilt twice in 60 runs (history limit {HISTORY_LIMIT})")
