"""The reference engine: the same shapes run by pySHACL (``--engine pyshacl``).

budgetld's own executor (:mod:`.engine`) runs the shapes' SPARQL directly; pySHACL is the
standard engine it must agree with (a test compares both on every fixture). pySHACL finds
the focus nodes and fills in the messages; the SPARQL queries of the constraints are answered
by pyoxigraph through :class:`OxigraphQueryGraph`, because rdflib's own engine needs seconds
per rule. pySHACL reports no query bindings, so its findings carry no expected/actual values.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.query import Result as QueryResult

from ..rdf.vocab import BLD, RDF, SH
from ..resources import data_dir
from .engine import Locator, Result, codelist, disclosure_node, reference_names, tolerance_triple
from .rules import ShapeError, rules, select


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Identifier:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def to_oxigraph(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, rdflib.Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or rdflib.XSD.string)))


class OxigraphQueryGraph(rdflib.Graph):
    """The data graph pySHACL is given. pySHACL walks it only to find each shape's focus node
    (every rule targets the disclosure), so only the disclosure's type is kept in rdflib,
    while every rule's query runs in a pyoxigraph store holding all the triples."""

    def __init__(self, triples: list[ox.Quad]) -> None:
        super().__init__()
        self.store_ox = ox.Store()
        self.store_ox.bulk_extend(triples)
        for t in triples:
            if t.predicate == RDF.type and t.object == BLD.BudgetDisclosure and \
                    isinstance(t.subject, ox.NamedNode):
                self.add((rdflib.URIRef(t.subject.value), rdflib.RDF.type,
                          rdflib.URIRef(BLD.BudgetDisclosure.value)))

    def query(self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",
              initNs: Any = None, initBindings: Any = None, use_store_provided: bool = True,
              **kwargs: Any) -> QueryResult:
        if not isinstance(query_object, str):
            return super().query(query_object, processor, result, initNs, initBindings,
                                 use_store_provided, **kwargs)
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(str(k)): to_oxigraph(v) for k, v in (initBindings or {}).items()}
        answer = self.store_ox.query(query_object, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            out = QueryResult("ASK")
            out.askAnswer = bool(answer)
            return out
        assert isinstance(answer, ox.QuerySolutions)
        variables = [rdflib.Variable(v.value) for v in answer.variables]
        out = QueryResult("SELECT")
        out.vars = variables
        out.bindings = [{var: to_rdflib(term) for var in variables
                         if (term := row[str(var)]) is not None and not isinstance(term, ox.Triple)}
                        for row in answer]
        return out


@cache
def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted(data_dir("shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def result_messages(report: rdflib.Graph, result: rdflib.term.Node) -> tuple[str, str]:
    """pySHACL drops the language tags of messages it fills in. The shapes' convention tells
    them apart: English messages start with an ASCII character, Chinese ones do not."""
    texts = [str(m) for m in report.objects(result, rdflib.URIRef(SH.resultMessage.value))]
    en = next((t for t in texts if t[:1].isascii()), "")
    zh = next((t for t in texts if not t[:1].isascii()), en)
    return zh, en


def run(triples: list[ox.Quad], tolerance: Decimal) -> tuple[list[Result], Locator]:
    """The results of pySHACL on a disclosure's triples, with the same reference data as the
    default engine, and a locator over the same data."""
    node, year = disclosure_node(triples)
    extra = [t for name in reference_names(year) for t in codelist(name)]
    if node is not None:
        extra.append(tolerance_triple(node, tolerance))
    graph = OxigraphQueryGraph([*triples, *extra])
    _, report, text = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none",
                                       allow_warnings=True, inplace=True)
    if not isinstance(report, rdflib.Graph):  # pySHACL refused the shapes
        raise ShapeError(f"pySHACL: {text}")
    by_shape = {rule.shape: rule for rule in rules()}
    results = []
    for result in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH.ValidationResult.value)):
        rule = by_shape[str(report.value(result, rdflib.URIRef(SH.sourceShape.value)))]
        focus = str(report.value(result, rdflib.URIRef(SH.focusNode.value)))
        value = report.value(result, rdflib.URIRef(SH.value.value))
        zh, en = result_messages(report, result)
        results.append(Result(rule, focus, str(value) if value is not None else focus, zh, en, {}))

    def locate(query: str) -> list[ox.QuerySolution]:
        return list(select(graph.store_ox, query))

    return results, locate
