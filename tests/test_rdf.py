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
from rdfutil import ic_queries, normalized, store_with, templated

runner = CliRunner()


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
def test_jsonld_expands_to_the_turtle_graph(request, sample):
    d = request.getfixturevalue(sample)
    turtle = rdflib.Graph().parse(data=serialize(d, "turtle"), format="turtle")
    jsonld = rdflib.Graph().parse(data=serialize(d, "jsonld"), format="json-ld")
    ntriples = rdflib.Graph().parse(data=serialize(d, "nt"), format="nt")
    assert len(turtle) > 3000
    assert isomorphic(turtle, jsonld) and isomorphic(turtle, ntriples)


def test_jsonld_keeps_a_bounded_cache_across_documents(monkeypatch, lvliang, shanghai):
    """A publish worker writes document after document: the compacted IRIs it keeps are
    bounded, and the text does not depend on what was kept."""
    from budgetld.rdf import jsonld

    expected = [serialize(d, "jsonld") for d in (lvliang, shanghai)]
    monkeypatch.setattr(jsonld, "_IRI_CACHE", 100)
    jsonld._compactor.cache_clear()
    for _ in range(2):
        assert [serialize(d, "jsonld") for d in (lvliang, shanghai)] == expected
        assert len(jsonld._compactor().iris) <= 100


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


@pytest.mark.parametrize("sample", ["lvliang", "shanghai"])
def test_data_cube_integrity_constraints_hold(request, sample):
    store = normalized(store_with(request.getfixturevalue(sample)))
    violated = [name for name, text in ic_queries()
                for query in templated(text, store) if store.query(query)]
    assert len(ic_queries()) == 21
    assert violated == []


def test_integrity_check_catches_a_code_outside_its_list(lvliang):
    text = serialize(lvliang, "nt").decode()
    broken = text.replace("/code/fund-source/_T>", "/code/fund-source/no-such-source>", 1)
    store = store_with()
    store.load(broken.encode(), format=ox.RdfFormat.N_TRIPLES)
    ic19 = dict(ic_queries())["ic-19"]
    assert normalized(store).query(ic19)
    assert not normalized(store_with(lvliang)).query(ic19)


def test_codes_missing_from_the_lists_are_reported_not_dropped(variant):
    text = SHANGHAI.read_text(encoding="utf-8").replace("302 99 其他商品和服务支出", "302 98 其他商品和服务支出")
    d = variant(SHANGHAI, text)
    nt = serialize(d, "nt").decode()
    assert "/table/general-budget-basic-economic/obs/30298/total>" in nt
    assert "<https://w3id.org/budgetld/code/econ-dept/2026/30298>" in nt  # reported by TYPE-003
