"""Where everything lives in the store: one named graph per thing that is replaced whole.

- a disclosure's RDF (its ``disclosure.ttl``) in the graph named by the disclosure's IRI;
- its validation report (``validation.ttl``) in the sibling graph ``<disclosure>/validation``,
  the report's own IRI, so a query can tell data from findings and both are replaced with
  the bundle;
- its summary (:mod:`.summary`), computed when it is loaded, in ``<disclosure>/summary``;
- the ontology (``ontology/*.ttl``, with the corpus summary data sets) in
  ``https://w3id.org/budgetld/def`` and every code list (``ontology/codelists/*.ttl``) in
  ``https://w3id.org/budgetld/code``, so queries can use labels and the classification
  hierarchy (``skos:broader``).

Queries see the union of all graphs as their default graph.
"""

from __future__ import annotations

from pathlib import Path

from ..resources import data_dir

#: The namespace root under which budgetld mints every IRI (data, ontology, code lists).
ROOT = "https://w3id.org/budgetld/"
ONTOLOGY_GRAPH = ROOT + "def"
CODELISTS_GRAPH = ROOT + "code"


def validation_graph(disclosure: str) -> str:
    """The graph of a disclosure's validation report (the report's own IRI)."""
    return disclosure + "/validation"


def summary_graph(disclosure: str) -> str:
    """The graph of a disclosure's summary."""
    return disclosure + "/summary"


def reference_files() -> list[tuple[str, Path]]:
    """(graph, file) of the ontology and code lists, in a stable order."""
    ontology = data_dir("ontology")
    return [*((ONTOLOGY_GRAPH, p) for p in sorted(ontology.glob("*.ttl"))),
            *((CODELISTS_GRAPH, p) for p in sorted((ontology / "codelists").glob("*.ttl")))]
