"""RDF output: formats agree, output is deterministic, amounts are exact, the Data Cube
integrity constraints hold, and researchers' questions get answered."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from budgetld.cli import app
from budgetld.rdf import serialize

from conftest import LVLIANG, SHANGHAI
from rdfutil import QUERIES, query_text, store_with

runner = CliRunner()


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
def test_jsonld_expands_to_the_turtle_graph(request, sample):
    d = request.getfixturevalue(sample)
    turtle = rdflib.Graph().parse(data=serialize(d, "turtle"), format="turtle")
    jsonld = rdflib.Graph().parse(data=serialize(d, "jsonld"), format="json-ld")
    ntriples = rdflib.Graph().parse(data=serialize(d, "nt"), format="nt")
    assert len(turtle) > 3000
    assert isomorphic(turtle, jsonld) and isomorphic(turtle, ntriples)


@pytest.mark.parametrize("sample", [LVLIANG, SHANGHAI])
@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "nt"])
def test_cli_output_is_byte_identical_across_runs(tmp_path, sample, fmt):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = runner.invoke(app, ["rdf", str(sample), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()


def test_no_blank_nodes_and_readable_iris(lvliang):
    graph = rdflib.Graph().parse(data=serialize(lvliang, "nt"), format="nt")
    assert not [t for t in graph if any(isinstance(x, rdflib.BNode) for x in t)]
    subjects = {str(s) for s in graph.subjects()}
    base = "https://w3id.org/budgetld/data/shanxi/lvliang/chuangyejiuyefuwuzhongxin/2024"
    assert base in subjects
    assert f"{base}/table/three-public/obs/gongwuyongchegouzhijiyunxingfei/total" in subjects


def test_base_iri_is_configurable(shanghai):
    text = serialize(shanghai, "nt", base="https://data.example.org/budgets/").decode()
    assert "<https://data.example.org/budgets/shanghai/putuo/chengshiguanlixingzhengzhifaju/2026>" in text
    assert "w3id.org/budgetld/data/" not in text


def test_unit_slug_is_stable_across_years_and_name_forms(shanghai, variant):
    text = SHANGHAI.read_text(encoding="utf-8").replace("2026", "2027")
    next_year = variant(SHANGHAI, text)
    unit = "https://w3id.org/budgetld/data/shanghai/putuo/chengshiguanlixingzhengzhifaju"
    for d in (shanghai, next_year):
        assert f"<{unit}> " in serialize(d, "nt").decode()
    assert f"<{unit}/2027>" in serialize(next_year, "nt").decode()


def test_amounts_keep_their_published_decimals_and_unit(lvliang):
    graph = rdflib.Graph().parse(data=serialize(lvliang, "turtle"), format="turtle")
    bld = rdflib.Namespace("https://w3id.org/budgetld/def#")
    amounts = {str(o) for o in graph.objects(None, bld.amount)}
    assert "2.80" in amounts and "340.43" in amounts
    for obs in graph.subjects(bld.amount, rdflib.Literal("2.80", datatype=rdflib.XSD.decimal)):
        assert str(graph.value(obs, bld.amountInYuan)) == "28000.00"
        assert str(graph.value(obs, bld.unitMeasure)).endswith("/code/unit/wan-yuan")
    literal = next(graph.objects(None, bld.amount))
    assert literal.datatype == rdflib.XSD.decimal and isinstance(literal.toPython(), Decimal)


def _ic_queries() -> list[tuple[str, str]]:
    return sorted((p.stem, query_text(p)) for p in (QUERIES / "qb-integrity").glob("ic-*.rq"))


def _templated(text: str, store: ox.Store) -> list[str]:
    """IC-20/21 are templates: run the instantiation query given in the file's comments, then
    the ASK once for each parent-child property it finds."""
    if "<$p>" not in text:
        return [text]
    comment = [line[1:] for line in text.splitlines() if line.startswith("#   ")]
    prefixes = "\n".join(line for line in text.splitlines() if line.startswith("PREFIX"))
    prefixes += "\nPREFIX owl: <http://www.w3.org/2002/07/owl#>"
    found = store.query(prefixes + "\n" + "\n".join(comment))
    return [text.replace("<$p>", f"<{row[0].value}>") for row in found]


def _normalized(store: ox.Store) -> ox.Store:
    """Apply the Data Cube normalization algorithm (closure) the constraints assume."""
    for phase in ("normalize-phase-1.ru", "normalize-phase-2.ru"):
        store.update(query_text(QUERIES / "qb-integrity" / phase))
    return store


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
def test_data_cube_integrity_constraints_hold(request, sample):
    store = _normalized(store_with(request.getfixturevalue(sample)))
    violated = [name for name, text in _ic_queries()
                for query in _templated(text, store) if store.query(query)]
    assert len(_ic_queries()) == 21
    assert violated == []


def test_integrity_check_catches_a_code_outside_its_list(lvliang):
    text = serialize(lvliang, "nt").decode()
    broken = text.replace("/code/fund-source/_T>", "/code/fund-source/no-such-source>", 1)
    store = store_with()
    store.load(broken.encode(), format=ox.RdfFormat.N_TRIPLES)
    ic19 = dict(_ic_queries())["ic-19"]
    assert _normalized(store).query(ic19)
    assert not _normalized(store_with(lvliang)).query(ic19)


def _rows(store: ox.Store, name: str) -> list[tuple]:
    return [tuple(v.value if v is not None else None for v in row)
            for row in store.query(query_text(QUERIES / "research" / f"{name}.rq"))]


@pytest.fixture(scope="module")
def corpus(lvliang, shanghai) -> ox.Store:
    return store_with(lvliang, shanghai)


def test_research_expenditure_by_function_class(corpus):
    rows = _rows(corpus, "expenditure-by-function-class")
    assert [(r[0], r[2], Decimal(r[4])) for r in rows] == [
        ("上海市普陀区城市管理行政执法局", "208", Decimal(6397096)),
        ("上海市普陀区城市管理行政执法局", "210", Decimal(1439040)),
        ("上海市普陀区城市管理行政执法局", "212", Decimal(33775592)),
        ("上海市普陀区城市管理行政执法局", "221", Decimal(5871730)),
        ("吕梁市创业就业服务中心", "208", Decimal(3136100)),
        ("吕梁市创业就业服务中心", "210", Decimal(95900)),
        ("吕梁市创业就业服务中心", "221", Decimal(172300)),
    ]


def test_research_three_public_items(corpus):
    rows = {(r[0][:2], r[2]): Decimal(r[3]) for r in _rows(corpus, "three-public-expenses")}
    assert rows == {
        ("上海", "three-public.total"): Decimal(1142200),
        ("上海", "three-public.overseas-travel"): Decimal(0),
        ("上海", "three-public.reception"): Decimal(4600),
        ("上海", "three-public.vehicles"): Decimal(1137600),
        ("上海", "three-public.vehicle-purchase"): Decimal(750000),
        ("上海", "three-public.vehicle-operation"): Decimal(387600),
        ("吕梁", "three-public.vehicles"): Decimal(28000),
        ("吕梁", "three-public.vehicle-operation"): Decimal(28000),
    }


def test_research_claims_with_their_table_values(corpus):
    rows = _rows(corpus, "claims-with-table-values")
    by_text = {r[3]: tuple(Decimal(v) if v is not None else None for v in r[4:6]) for r in rows}
    assert by_text["2026年“三公”经费预算数为114.22万元"] == (1142200, 1142200)
    assert by_text["主要包括一般公共预算拨款收入0万元"] == (0, 3404300)
    assert by_text["其中基本支出189万元"] == (1890000, 0)
    unmatched = [r for r in rows if r[5] is None]
    assert any("政府采购" in r[3] for r in unmatched)


def test_codes_missing_from_the_lists_are_reported_not_dropped(variant):
    text = SHANGHAI.read_text(encoding="utf-8").replace("302 99 其他商品和服务支出", "302 98 其他商品和服务支出")
    d = variant(SHANGHAI, text)
    nt = serialize(d, "nt").decode()
    assert "/table/general-budget-basic-economic/obs/30298/total>" in nt
    assert "<https://w3id.org/budgetld/code/econ-dept/2026/30298>" in nt  # reported by TYPE-003
