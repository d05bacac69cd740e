"""The ontology and the code lists: they parse, every term has Chinese and English labels,
the output uses only declared terms, and the generated code lists are up to date."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from budgetld.codelists import classification_for
from budgetld.layouts import load_knowledge
from budgetld.rdf import serialize, vocab
from budgetld.rdf.build import project_text
from budgetld.rdf.codelists import codelist_files
from budgetld.warning_codes import REGISTRY

from rdfutil import ONTOLOGY

BLD = "https://w3id.org/budgetld/def#"
BLDCN = "https://w3id.org/budgetld/def/cn#"
#: Namespaces of the standards the output reuses: their terms need no declaration of ours.
STANDARD = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", "http://purl.org/linked-data/cube#",
            "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#",
            "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#")


def _ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted(ONTOLOGY.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _languages(graph: rdflib.Graph, subject, predicate) -> list[str]:
    return sorted(o.language for o in graph.objects(subject, predicate) if isinstance(o, rdflib.Literal))


def test_ontology_declares_every_term_with_zh_and_en_labels():
    graph = _ontology()
    ontologies = list(graph.subjects(RDF.type, OWL.Ontology))
    assert len(ontologies) == 2
    for ontology in ontologies:
        assert graph.value(ontology, OWL.versionInfo) is not None
        assert graph.value(ontology, rdflib.URIRef("http://purl.org/dc/terms/license")) is not None
        assert graph.value(ontology, rdflib.URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))
    terms = {s for s in graph.subjects() if str(s).startswith((BLD, BLDCN))}
    assert len(terms) > 100
    for term in terms:
        assert _languages(graph, term, RDFS.label) == ["en", "zh"], term
        assert _languages(graph, term, RDFS.comment) == ["en", "zh"], term
    assert not [t for t in graph if any(isinstance(x, rdflib.BNode) for x in t)]


def test_output_uses_only_declared_terms(lvliang, shanghai):
    declared = {str(s) for s in _ontology().subjects()}
    for d in (lvliang, shanghai):
        graph = rdflib.Graph().parse(data=serialize(d, "nt"), format="nt")
        used = {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, RDF.type)}
        undeclared = sorted(t for t in used if not t.startswith(STANDARD) and t not in declared)
        assert undeclared == []


def test_code_lists_parse_with_labels_in_both_languages():
    files = codelist_files()
    assert {"function-2024.ttl", "function-2026.ttl", "econ-dept-2026.ttl", "fund-source.ttl",
            "table-kind.ttl", "budget-phase.ttl"} <= set(files)
    for name, text in files.items():
        graph = rdflib.Graph().parse(data=text, format="turtle")
        concepts = set(graph.subjects(RDF.type, SKOS.Concept))
        assert concepts or name.startswith(("function.", "econ")), name
        for concept in concepts:
            assert _languages(graph, concept, SKOS.prefLabel) == ["en", "zh"], (name, concept)
            assert graph.value(concept, SKOS.inScheme) is not None


def test_function_classification_hierarchy():
    graph = rdflib.Graph().parse(data=codelist_files()["function-2026.ttl"], format="turtle")
    code = "https://w3id.org/budgetld/code/function/2026/"
    assert graph.value(rdflib.URIRef(code + "2080501"), SKOS.broader) == rdflib.URIRef(code + "20805")
    assert graph.value(rdflib.URIRef(code + "20805"), SKOS.broader) == rdflib.URIRef(code + "208")
    assert (rdflib.URIRef(code + "208"), SKOS.topConceptOf, rdflib.URIRef(code[:-1])) in graph
    assert str(graph.value(rdflib.URIRef(code + "2120104"), SKOS.prefLabel)) in \
        ("城管执法", "City management enforcement")


def test_generated_code_lists_are_up_to_date():
    directory = ONTOLOGY / "codelists"
    stale = [name for name, text in codelist_files().items()
             if not (directory / name).exists() or (directory / name).read_bytes() != text]
    assert stale == [], "run `budgetld codelists` and commit the result"


def test_codes_the_samples_use_are_in_the_lists(lvliang, shanghai):
    codes = {(row.code, d.meta.fiscal_year) for d in (lvliang, shanghai) for table in d.tables
             for row in table.rows if row.code}
    assert len(codes) > 20 and all(classification_for(c).at(c, year) for c, year in codes)


def test_the_closed_vocabularies_declare_exactly_the_ontology_terms():
    graph = _ontology()
    for vocabulary in (vocab.BLD, vocab.BLDCN, vocab.BLDSUM):
        declared = {str(s)[len(vocabulary.namespace):] for s in graph.subjects()
                    if str(s).startswith(vocabulary.namespace) and
                    len(str(s)) > len(vocabulary.namespace) and "#" not in str(s)[len(vocabulary.namespace):]}
        assert set(vocabulary.terms()) == declared, vocabulary.__name__


def test_a_misspelt_term_fails():
    with pytest.raises(AttributeError):
        vocab.BLD.amout  # noqa: B018
    with pytest.raises(vocab.UnknownTerm):
        vocab.BLD.term("textUnknown")


def test_every_project_text_the_layouts_name_has_a_property():
    performance = load_knowledge().performance
    for key in [*performance.texts, *performance.footer]:
        assert project_text(key).value.startswith(vocab.BLD.namespace)


def test_every_warning_code_a_shape_names_is_in_the_registry():
    named = set()
    for path in sorted((ONTOLOGY.parent / "shapes").glob("*.ttl")):
        named |= set(re.findall(r"\bwarning:([A-Za-z0-9.-]*[A-Za-z0-9])", path.read_text(encoding="utf-8")))
    assert named and named <= set(REGISTRY), named - set(REGISTRY)


def test_every_warning_code_has_templates_for_its_parameters():
    for warning in REGISTRY.values():
        params = {name: "x" for name in warning.parameters}
        zh, en = warning.messages(params)
        assert "{" not in zh + en and zh != en
    with pytest.raises(KeyError):
        REGISTRY["table.no-unit"].messages({})
