"""Running the published SHACL shapes (``shapes/*.ttl``) over one disclosure with pySHACL.

The data graph is the disclosure's RDF plus the reference data the rules read: the code lists
of its budget year (to check classification codes and labels), the small schemes (the
"三公" item hierarchy, the layout families' required parts, labels for messages) and the
arithmetic tolerance. All rules live in the shapes; this module only assembles the graphs.

pySHACL runs the shapes. It evaluates SPARQL-based constraints through the data graph's
``query`` method; :class:`OxigraphQueryGraph` answers those queries with pyoxigraph, because
rdflib's SPARQL engine needs seconds per rule on a disclosure where pyoxigraph needs
milliseconds (see benchmarks/validate.py).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.query import Result

from ..codelists import CLASSIFICATIONS, FIRST_YEAR, LAST_YEAR
from ..resources import data_dir

BLD = rdflib.Namespace("https://w3id.org/budgetld/def#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
#: The small code lists the rules read (labels, hierarchies, required parts).
_SCHEMES = ("expense-item", "layout-family", "table-kind", "section-kind", "unit", "claim-subject",
            "claim-kind", "fund-source", "indicator")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
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
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or rdflib.XSD.string)))


class OxigraphQueryGraph(rdflib.Graph):
    """The data graph pySHACL is given. pySHACL walks it only to find each shape's focus node:
    every rule in ``shapes/`` is a SPARQL constraint on the disclosure node (enforced by
    :func:`shapes_graph`), so only the disclosure's type is kept in rdflib, while every rule's
    query runs in a pyoxigraph store holding all the triples."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        super().__init__()
        self.store_ox = ox.Store()
        self.store_ox.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        for t in triples:
            if t.predicate.value == str(rdflib.RDF.type) and t.object.value == str(BLD.BudgetDisclosure):
                self.add((to_rdflib(t.subject), rdflib.RDF.type, BLD.BudgetDisclosure))

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if not isinstance(query_object, str):
            return super().query(query_object, processor, result, initNs, initBindings,
                                 use_store_provided, **kwargs)
        substitutions = {ox.Variable(str(k)): to_oxigraph(v) for k, v in (initBindings or {}).items()}
        answer = self.store_ox.query(query_object, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            out = Result("ASK")
            out.askAnswer = bool(answer)
            return out
        variables = [rdflib.Variable(v.value) for v in answer.variables]
        out = Result("SELECT")
        out.vars = variables
        out.bindings = [{var: to_rdflib(row[var.toPython()[1:]]) for var in variables
                         if row[var.toPython()[1:]] is not None} for row in answer]
        return out


@cache
def shapes_graph() -> rdflib.Graph:
    """The shapes of ``shapes/``. Each must be a SPARQL-based constraint targeting the
    disclosure (the design :class:`OxigraphQueryGraph` relies on)."""
    graph = rdflib.Graph()
    for path in sorted(data_dir("shapes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    for shape in graph.subjects(rdflib.RDF.type, SH.NodeShape):
        if graph.value(shape, SH.targetClass) != BLD.BudgetDisclosure or \
                graph.value(shape, SH.sparql) is None or graph.value(shape, SH.property) is not None:
            raise RuntimeError(f"shape {shape} must be a SPARQL constraint on bld:BudgetDisclosure")
    return graph


@cache
def _codelist(name: str) -> tuple[ox.Triple, ...]:
    path = data_dir("ontology") / "codelists" / f"{name}.ttl"
    return tuple(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def reference_data(year: int | None) -> list[ox.Triple]:
    """The code lists a disclosure of ``year`` is checked against."""
    names = list(_SCHEMES)
    if year is not None and FIRST_YEAR <= year <= LAST_YEAR:
        names += [f"{scheme}-{year}" for scheme in CLASSIFICATIONS]
    return [t for name in names for t in _codelist(name)]


def validation_graph(triples: list[ox.Triple], tolerance: Decimal) -> OxigraphQueryGraph:
    """The disclosure's triples with the reference data and tolerance the rules read."""
    disclosure = next((t.subject for t in triples if t.object == ox.NamedNode(BLD.BudgetDisclosure)
                       and t.predicate.value.endswith("#type")), None)
    year = next((t.object.value for t in triples
                 if t.subject == disclosure and t.predicate == ox.NamedNode(BLD.fiscalYear)), None)
    extra = reference_data(int(year) if year else None)
    if disclosure is not None:
        extra.append(ox.Triple(disclosure, ox.NamedNode(BLD.arithmeticTolerance),
                               ox.Literal(str(tolerance), datatype=ox.NamedNode(str(rdflib.XSD.decimal)))))
    return OxigraphQueryGraph([*triples, *extra])


def validate_triples(triples: list[ox.Triple], tolerance: Decimal = Decimal("0.01")
                     ) -> tuple[bool, rdflib.Graph, OxigraphQueryGraph]:
    """Validate a disclosure's triples; return (conforms, the sh:ValidationReport graph, the
    data graph as validated)."""
    graph = validation_graph(triples, tolerance)
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none",
                                           allow_warnings=True, inplace=True)
    return conforms, report, graph


def bundle_triples(directory: Path) -> list[ox.Triple]:
    """The RDF of a published bundle (``disclosure.ttl``)."""
    path = directory / "disclosure.ttl"
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
