"""The server's descriptions of itself: the SPARQL service description (at ``/sparql`` without
a query) and the VoID description of the dataset it serves (``/void``)."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, Quad

from ..rdf.vocab import BLD, DCAT, DCT, FORMATS, ORG, PROV, QB, SD, SKOS, VOID, XSD, A, Triples, en, typed, zh
from ..store.layout import ONTOLOGY_GRAPH, ROOT

#: What a result can be written as (``/sparql``).
_RESULT_FORMATS = (FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
                   FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS.N_Triples, FORMATS.JSON_LD)
#: The vocabularies the data uses.
_VOCABULARIES = (ONTOLOGY_GRAPH, ONTOLOGY_GRAPH + "/cn", QB.namespace.rstrip("#"), DCAT.namespace,
                 SKOS.namespace, PROV.namespace, ORG.namespace)


@dataclass(frozen=True)
class Endpoints:
    """Where the server answers (its public URLs) and the limits of its SPARQL endpoint."""

    home: str
    timeout: float
    max_results: int

    @property
    def sparql(self) -> str:
        return self.home + "sparql"

    @property
    def void(self) -> str:
        return self.home + "void"


def service_description(at: Endpoints) -> list[Quad]:
    g, service = Triples(), at.sparql
    g.add(service, A, SD.Service)
    g.add(service, SD.endpoint, service)
    g.add(service, SD.supportedLanguage, SD.SPARQL11Query)
    g.add(service, SD.feature, SD.UnionDefaultGraph)
    for fmt in _RESULT_FORMATS:
        g.add(service, SD.resultFormat, fmt)
    g.add(service, DCT.description, en(f"Read-only: SPARQL Update and SERVICE are refused; each query "
                                       f"stops after {at.timeout:g} s or {at.max_results} results."))
    dataset, graph = f"{service}#dataset", f"{service}#default-graph"
    g.add(service, SD.defaultDataset, dataset)
    g.add(dataset, A, SD.Dataset)
    g.add(dataset, SD.defaultGraph, graph)
    g.add(graph, A, SD.Graph)
    g.add(graph, VOID.inDataset, at.void)
    return g.triples


def void_description(at: Endpoints, triples: int, disclosures: int, catalog: str | None) -> list[Quad]:
    g, void = Triples(), at.void
    g.add(void, A, VOID.Dataset)
    g.add(void, DCT.title, zh("预算公开数据 (budgetld)"))
    g.add(void, DCT.title, en("Budget disclosures (budgetld)"))
    g.add(void, VOID.sparqlEndpoint, at.sparql)
    g.add(void, VOID.uriSpace, Literal(ROOT + "data/"))
    g.add(void, VOID.rootResource, at.home)
    for vocabulary in _VOCABULARIES:
        g.add(void, VOID.vocabulary, vocabulary)
    g.add(void, VOID.uriLookupEndpoint, Literal(at.home))
    g.add(void, VOID.dataDump, catalog)
    g.add(void, VOID.triples, typed(triples, XSD.integer))
    partition = f"{void}#disclosures"
    g.add(void, VOID.classPartition, partition)
    g.add(partition, VOID.class_, BLD.BudgetDisclosure)
    g.add(partition, VOID.entities, typed(disclosures, XSD.integer))
    return g.triples
