"""Namespaces and term helpers of the RDF stage.

``bld:`` is budgetld's own ontology (ontology/budgetld.ttl), ``bldcn:`` its Chinese national
extension (ontology/budgetld-cn.ttl: the classification dimensions), ``code/`` its SKOS code
lists (ontology/codelists/). Everything else is a W3C or community standard.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

BLD = "https://w3id.org/budgetld/def#"
BLDCN = "https://w3id.org/budgetld/def/cn#"
CODE = "https://w3id.org/budgetld/code/"
DEFAULT_BASE = "https://w3id.org/budgetld/data/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
QB = "http://purl.org/linked-data/cube#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF = "http://xmlns.com/foaf/0.1/"
VANN = "http://purl.org/vocab/vann/"
SPDX = "http://spdx.org/rdf/terms#"
OBEU_DIMENSION = "http://data.openbudgets.eu/ontology/dsd/dimension/"
OBEU_MEASURE = "http://data.openbudgets.eu/ontology/dsd/measure/"
OBEU_ATTRIBUTE = "http://data.openbudgets.eu/ontology/dsd/attribute/"

#: Prefixes written in Turtle output (and offered to the JSON-LD context).
PREFIXES = {
    "bld": BLD, "bldcn": BLDCN, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL,
    "qb": QB, "dcat": DCAT, "dct": DCT, "prov": PROV, "org": ORG, "skos": SKOS, "foaf": FOAF,
    "spdx": SPDX,
}


def iri(namespace: str, local: str) -> NamedNode:
    return NamedNode(namespace + local)


def bld(local: str) -> NamedNode:
    return NamedNode(BLD + local)


def code(scheme: str, local: str | None = None) -> NamedNode:
    """A code-list concept (or, without ``local``, the scheme itself)."""
    return NamedNode(f"{CODE}{scheme}" + (f"/{local}" if local is not None else ""))


A = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


def decimal(value: object) -> Literal:
    """An exact xsd:decimal from a Decimal (its published digits kept; never a float)."""
    return Literal(format(value, "f"), datatype=NamedNode(XSD + "decimal"))


def grouped(triples: list[Triple]) -> list[Triple]:
    """Triples grouped by subject, subjects in order of first appearance, so that Turtle
    writes each resource as one block; deterministic for a deterministic input."""
    order: dict[NamedNode, list[Triple]] = {}
    for triple in triples:
        order.setdefault(triple.subject, []).append(triple)
    return [t for group in order.values() for t in group]
