"""The embedded store: bundles loaded into their own graphs, replaced whole, never half
loaded; `budgetld query` in every format; the named research queries' answers on the
published examples and on a generated next year of one of their units."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.store import Embedded, named_queries, open_read_only
from budgetld.store.generations import current
from budgetld.store.summary import allowed_rounding
from store_corpus import LVLIANG_BUNDLE, SHANGHAI_BUNDLE, make_variant, sample_corpus

from rdfutil import ic_queries, normalized, templated

LVLIANG = "https://w3id.org/budgetld/data/shanxi/lvliang/chuangyejiuyefuwuzhongxin/2024"
LVLIANG_2025 = "https://w3id.org/budgetld/data/shanxi/lvliang/chuangyejiuyefuwuzhongxin/2025"
SHANGHAI = "https://w3id.org/budgetld/data/shanghai/putuo/chengshiguanlixingzhengzhifaju/2026"
RUNNER = CliRunner()


def run(*args: str):
    return RUNNER.invoke(app, list(args))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    sample_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("store") / "store"
    result = run("load", str(corpus), "--store", str(directory))
    assert result.exit_code == 0, result.output
    return directory


def rows(store: Path, name: str, *binds: str) -> list[dict[str, str]]:
    options = [arg for bound in binds for arg in ("--bind", bound)]
    result = run("query", "--name", name, "--store", str(store), "--format", "csv", *options)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def graphs(directory: Path) -> dict[str, int]:
    store = open_read_only(directory)
    found = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row[0].value: int(row[1].value) for row in found}


def test_each_disclosure_and_report_in_a_graph_of_its_own(store):
    found = graphs(store)
    assert {LVLIANG, LVLIANG + "/validation", LVLIANG_2025, SHANGHAI, SHANGHAI + "/validation",
            "https://w3id.org/budgetld/def", "https://w3id.org/budgetld/code"} <= set(found)
    disclosure = len(set(ox.parse(path=str(LVLIANG_BUNDLE / "disclosure.ttl"))))
    assert found[LVLIANG] == disclosure
    assert found["https://w3id.org/budgetld/code"] > 10_000


def test_reloading_a_bundle_replaces_its_graphs(corpus, tmp_path):
    directory = tmp_path / "store"
    assert run("load", str(corpus / LVLIANG_BUNDLE.name), "--store", str(directory)).exit_code == 0
    before = graphs(directory)
    tripled = make_variant(LVLIANG_BUNDLE, tmp_path / "again", factor=3)
    result = run("load", str(tripled), "--store", str(directory))
    assert result.exit_code == 0 and f"replaced {LVLIANG}" in result.stdout
    after = graphs(directory)
    assert after.keys() == before.keys()
    summary = LVLIANG + "/summary"  # the rest the same triples count: replaced, not added to
    assert {g: n for g, n in after.items() if g != summary} == {g: n for g, n in before.items() if g != summary}
    rows_ = rows(directory, "three-public-expenses")
    assert {r["yuan"] for r in rows_} == {"84000"}  # 28000 × 3, and the old values gone


def test_a_failed_load_leaves_the_store_as_it_was(store, tmp_path):
    before, generation = graphs(store), current(store)
    broken = make_variant(SHANGHAI_BUNDLE, tmp_path, year=2027)
    with (broken / "validation.ttl").open("a") as handle:
        handle.write("\n<a> <b> \n")  # truncated at the end: read after the rest was loaded
    result = run("load", str(broken), "--store", str(store))
    assert result.exit_code == 2
    assert "validation.ttl" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert current(store) == generation and graphs(store) == before


def test_a_killed_load_leaves_the_store_as_it_was(tmp_path):
    directory = tmp_path / "store"
    assert run("load", str(LVLIANG_BUNDLE), "--store", str(directory)).exit_code == 0
    before, generation = graphs(directory), current(directory)
    many = tmp_path / "many"
    for n in range(40):
        make_variant(SHANGHAI_BUNDLE, many, unit_slug=f"unit-{n}", unit_name=f"测试单位{n}")
    load = subprocess.Popen([sys.executable, "-m", "budgetld", "load", str(many), "--store",
                             str(directory)], stdout=subprocess.PIPE, text=True)
    assert load.stdout.readline().startswith("loaded ")  # in the middle of the bulk load
    os.kill(load.pid, signal.SIGKILL)
    load.wait()
    assert current(directory) == generation and graphs(directory) == before
    assert run("load", str(many / "shanghai-putuo-unit-7-2026"), "--store", str(directory)).exit_code == 0
    assert len(graphs(directory)) == len(before) + 3  # data, validation report, summary
    # the half-made generation was removed; the one before the current one is kept
    assert current(directory) != generation
    assert sorted(p.name for p in directory.iterdir() if p.name.startswith("gen-")) == \
        sorted([generation.name, current(directory).name])


def test_expenditure_by_function_class_per_unit_and_year(store):
    found = {(r["unit"][:2], r["year"], r["class"]): Decimal(r["yuan"])
             for r in rows(store, "expenditure-by-function-class")}
    assert found == {
        ("上海", "2026", "208"): 6397096, ("上海", "2026", "210"): 1439040,
        ("上海", "2026", "212"): 33775592, ("上海", "2026", "221"): 5871730,
        ("吕梁", "2024", "208"): 3136100, ("吕梁", "2024", "210"): 95900,
        ("吕梁", "2024", "221"): 172300,
        ("吕梁", "2025", "208"): 6272200, ("吕梁", "2025", "210"): 191800,
        ("吕梁", "2025", "221"): 344600,
    }


def test_three_public_items(store):
    found = {(r["unit"][:2], r["year"], r["item"]): Decimal(r["yuan"]) for r in rows(store, "three-public-expenses")}
    assert {k[2]: v for k, v in found.items() if k[:2] == ("上海", "2026")} == {
        "three-public.total": 1142200, "three-public.overseas-travel": 0, "three-public.reception": 4600,
        "three-public.vehicles": 1137600, "three-public.vehicle-purchase": 750000,
        "three-public.vehicle-operation": 387600}
    assert {k[2]: v for k, v in found.items() if k[:2] == ("吕梁", "2024")} == {
        "three-public.vehicles": 28000, "three-public.vehicle-operation": 28000}


def test_claims_with_their_table_values(store):
    found = [r for iri in (LVLIANG, LVLIANG_2025, SHANGHAI)
             for r in rows(store, "claims-with-table-values", f"disclosure={iri}")]
    by_text = {(r["unit"][:2], r["claim"].split("/")[-3], r["text"]): (r["claimYuan"], r["tableYuan"])
               for r in found}
    assert by_text[("上海", "2026", "2026年“三公”经费预算数为114.22万元")] == ("1142200", "1142200")
    assert by_text[("吕梁", "2024", "主要包括一般公共预算拨款收入0万元")] == ("0", "3404300")
    assert by_text[("吕梁", "2025", "主要包括一般公共预算拨款收入0万元")] == ("0", "6808600")  # doubled
    assert by_text[("吕梁", "2024", "其中基本支出189万元")] == ("1890000", "0")
    assert any("政府采购" in r["text"] and r["tableYuan"] == "" for r in found)  # no table holds it
    # by default the first disclosure (the least IRI): Shanghai's
    assert {r["unit"] for r in rows(store, "claims-with-table-values")} == {"上海市普陀区城市管理行政执法局"}


def test_a_claims_rounding_follows_its_published_decimals():
    assert allowed_rounding(Decimal("114.22"), Decimal("1142200"), 2) == Decimal(50)
    assert allowed_rounding(Decimal("189"), Decimal("1890000"), 0) == Decimal(5000)
    assert allowed_rounding(Decimal("0"), Decimal("0"), 1) == Decimal("0.05")


def test_summaries_are_data_cube_slices_that_hold_the_integrity_constraints(store):
    data = open_read_only(store)
    cube = ox.Store()
    summaries = [g for g in data.named_graphs() if g.value.endswith("/summary")]
    assert len(summaries) == 3
    for graph in [*summaries, ox.NamedNode("https://w3id.org/budgetld/def"),
                  ox.NamedNode("https://w3id.org/budgetld/code")]:
        cube.extend(ox.Quad(q.subject, q.predicate, q.object) for q in
                    data.quads_for_pattern(None, None, None, graph))
    normalized(cube)
    violated = [name for name, text in ic_queries() for query in templated(text, cube) if cube.query(query)]
    assert violated == []
    slices = cube.query("SELECT ?s WHERE { ?s a <https://w3id.org/budgetld/def#Summary> }")
    # three of Shanghai's; Lüliang's two years have no basic and project figures
    assert len(list(slices)) == 7


def test_reloading_a_bundle_changes_only_its_summary(corpus, tmp_path):
    directory = tmp_path / "store"
    assert run("load", str(corpus), "--store", str(directory), "--jobs", "2").exit_code == 0

    def summaries() -> dict[str, set[str]]:
        data = open_read_only(directory)
        return {g.value: {str(q.triple) for q in data.quads_for_pattern(None, None, None, g)}
                for g in data.named_graphs() if g.value.endswith("/summary")}

    before = summaries()
    tripled = make_variant(LVLIANG_BUNDLE, tmp_path / "again", factor=3)
    assert run("load", str(tripled), "--store", str(directory)).exit_code == 0
    after = summaries()
    changed = {g for g in before if before[g] != after[g]}
    assert changed == {LVLIANG + "/summary"}


def test_each_summary_holds_its_own_disclosures_figures_only(corpus, tmp_path):
    directory = tmp_path / "store"
    assert run("load", str(corpus), "--store", str(directory)).exit_code == 0
    tripled = make_variant(LVLIANG_BUNDLE, tmp_path / "again", factor=3)
    assert run("load", str(tripled), "--store", str(directory)).exit_code == 0
    data = open_read_only(directory)
    summaries = [g for g in data.named_graphs() if g.value.endswith("/summary")]
    assert len(summaries) == 3
    for graph in summaries:
        disclosure = graph.value.removesuffix("/summary")
        own = data.query(f"""PREFIX bld: <https://w3id.org/budgetld/def#>
            SELECT ?unit ?year WHERE {{ GRAPH <{disclosure}> {{
              <{disclosure}> <http://purl.org/dc/terms/publisher> ?unit ; bld:fiscalYear ?year }} }}""")
        unit, year = next(iter(own))
        said = data.query(f"""PREFIX bld: <https://w3id.org/budgetld/def#>
            PREFIX bldsum: <https://w3id.org/budgetld/def/summary#>
            SELECT DISTINCT ?p ?o WHERE {{ GRAPH <{graph.value}> {{
              ?s ?p ?o VALUES ?p {{ bld:summarizes bldsum:unit bldsum:year }} }} }}""")
        assert {(p.value.rsplit("#", 1)[1], o) for p, o in said} == {
            ("summarizes", ox.NamedNode(disclosure)), ("unit", unit), ("year", year)}
    found = {r["year"]: r["yuan"] for r in rows(directory, "three-public-expenses")
             if r["item"] == "three-public.vehicles" and r["unit"].startswith("吕梁")}
    assert found == {"2024": "84000", "2025": "56000"}  # the reloaded year tripled, the other doubled


def test_three_public_year_on_year(store):
    found = {(r["unit"][:2], r["year"], r["item"]): (r["yuan"], r["previousYuan"], r["change"])
             for r in rows(store, "three-public-year-on-year")}
    assert found[("吕梁", "2025", "three-public.vehicles")] == ("56000", "28000", "28000")
    assert found[("吕梁", "2025", "three-public.vehicle-operation")] == ("56000", "28000", "28000")
    assert found[("吕梁", "2024", "three-public.vehicles")] == ("28000", "", "")
    assert found[("上海", "2026", "three-public.total")] == ("1142200", "", "")
    assert len(found) == 10


def test_basic_and_project_shares(store):
    assert rows(store, "basic-project-shares") == [{
        "unit": "上海市普陀区城市管理行政执法局", "year": "2026", "basicYuan": "36197265",
        "projectYuan": "11286193", "basicShare": "76.23", "projectShare": "23.77"}]


def test_narrative_figures_that_contradict_their_tables(store):
    found = {(r["year"], r["text"]): (r["claimYuan"], r["tableYuan"])
             for r in rows(store, "narrative-contradictions")}
    assert found[("2024", "其中基本支出189万元")] == ("1890000", "0")
    assert found[("2024", "主要包括一般公共预算拨款收入0万元")] == ("0", "3404300")
    assert found[("2025", "其中基本支出189万元")] == ("3780000", "0")  # the figure doubled
    assert not any(year == "2026" for year, _ in found)  # Shanghai's narrative agrees
    assert "2026年“三公”经费预算数为114.22万元" not in {text for _, text in found}


def test_findings_by_rule_across_the_corpus(store):
    found = {(r["rule"], r["severity"]): (int(r["findings"]), int(r["disclosures"]))
             for r in rows(store, "findings-by-rule")}
    assert found[("QUAL-002", "Info")] == (48, 3)
    assert all(r["example"] for r in rows(store, "findings-by-rule"))
    assert found[("CONS-005", "Warning")] == (10, 2)  # the Lüliang report twice (two years)
    assert found[("PERF-005", "Violation")] == (4, 2)


def test_a_projects_indicators_and_targets(store):
    found = rows(store, "project-indicators", f"project={SHANGHAI}/project/p01")
    assert {(r["unit"], r["project"]) for r in found} == {("上海市普陀区城市管理行政执法局", f"{SHANGHAI}/project/p01")}
    assert found[1] == {**found[1], "projectName": "拆违经费", "level1": "产出指标",
                        "level2": "数量指标", "indicatorName": "完成年度拆违计划",
                        "target": "=100.00(%)", "comparator": "=", "value": "100", "targetUnit": "%"}
    assert found[0]["indicatorName"] == "成本控制合理性"
    # by default the corpus's first project, the least IRI: Shanghai's (…/shanghai/… < …/shanxi/…)
    assert {r["project"] for r in rows(store, "project-indicators")} == {f"{SHANGHAI}/project/p01"}


def test_a_parameter_is_bound_by_name_and_checked(store):
    for bound, words in (("nothing=https://example.org/x", "no parameter ?nothing"),
                         ("project=not an iri", "NAME=IRI")):
        result = run("query", "--name", "project-indicators", "--bind", bound, "--store", str(store))
        assert result.exit_code == 2 and words in result.stderr, result.output
    listed = run("query", "--list").stdout
    assert "project-indicators\t" in listed and "(parameters: ?project)" in listed


def test_every_named_query_is_documented_and_runs_on_an_empty_store(tmp_path):
    queries = named_queries()
    assert {"expenditure-by-function-class", "three-public-year-on-year", "basic-project-shares",
            "narrative-contradictions", "findings-by-rule", "project-indicators"} <= set(queries)
    backend = Embedded(ox.Store())
    for query in queries.values():
        assert query.title and query.description, query.name
        assert backend.query(query.text).rows == []
    listed = run("query", "--list")
    assert listed.exit_code == 0 and "three-public-year-on-year\t" in listed.stdout


def test_query_formats(store):
    select = ("SELECT DISTINCT ?unit WHERE { ?d a <https://w3id.org/budgetld/def#BudgetDisclosure> ; "
              "<http://purl.org/dc/terms/publisher>/<http://www.w3.org/2004/02/skos/core#prefLabel> ?unit } "
              "ORDER BY ?unit")
    table = run("query", select, "--store", str(store))
    assert table.exit_code == 0 and "上海市普陀区城市管理行政执法局" in table.stdout and "2 rows" in table.stdout
    as_json = json.loads(run("query", select, "--store", str(store), "-f", "json").stdout)
    assert [b["unit"]["xml:lang"] for b in as_json["results"]["bindings"]] == ["zh"] * 2
    tsv = run("query", select, "--store", str(store), "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "?unit" and tsv[1] == '"上海市普陀区城市管理行政执法局"@zh'
    ask = run("query", f"ASK {{ <{SHANGHAI}> ?p ?o }}", "--store", str(store), "-f", "csv")
    assert ask.stdout.split() == ["boolean", "true"]
    construct = run("query", f"CONSTRUCT {{ <{SHANGHAI}> ?p ?o }} WHERE {{ <{SHANGHAI}> ?p ?o }}",
                    "--store", str(store), "-f", "turtle")
    graph = list(ox.parse(construct.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert len(graph) > 10 and all(t.subject.value == SHANGHAI for t in graph)
    describe = run("query", f"DESCRIBE <{SHANGHAI}>", "--store", str(store))
    assert describe.exit_code == 0 and "bld:BudgetDisclosure" in describe.stdout


def test_a_wide_table_is_not_cut_when_piped(store):
    long_text = "x" * 400
    result = run("query", f'SELECT ?t WHERE {{ BIND("{long_text}" AS ?t) }}', "--store", str(store))
    assert long_text in result.stdout


def test_query_errors_are_one_line(store, tmp_path):
    for args, words in ((["SELEKT nothing"], "not a SPARQL query"),
                        (["--name", "no-such-query"], "--name"),
                        (["SELECT * {}", "--name", "findings-by-rule"], "exactly one"),
                        (["SELECT * {}", "--store", str(tmp_path / "none")], "no store here"),
                        (["SELECT * WHERE { ?s ?p ?o }", "-f", "turtle"], "CONSTRUCT")):
        result = run("query", *args, *([] if "--store" in args else ["--store", str(store)]))
        assert result.exit_code == 2, (args, result.output)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_load_refuses_what_is_not_a_bundle(tmp_path):
    result = run("load", str(tmp_path), "--store", str(tmp_path / "store"))
    assert result.exit_code == 2 and "no bundles" in result.stderr
    twice = make_variant(LVLIANG_BUNDLE, tmp_path / "copy")
    result = run("load", str(LVLIANG_BUNDLE), str(twice), "--store", str(tmp_path / "store"))
    assert result.exit_code == 2 and "same disclosure" in result.stderr
