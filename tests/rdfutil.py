"""Loading the project's RDF (data, ontology, code lists) for tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from budgetld.model import Disclosure
from budgetld.rdf import serialize
from budgetld.resources import data_dir

ONTOLOGY = data_dir("ontology")
QUERIES = data_dir("queries")


@cache
def vocabulary_ntriples() -> bytes:
    """The ontology files and every code list, as one N-Triples text."""
    store = ox.Store()
    for path in sorted([*ONTOLOGY.glob("*.ttl"), *(ONTOLOGY / "codelists").glob("*.ttl")]):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return ox.serialize(store, format=ox.RdfFormat.N_QUADS)


def store_with(*disclosures: Disclosure, vocabulary: bool = True) -> ox.Store:
    store = ox.Store()
    for d in disclosures:
        store.load(serialize(d, "nt"), format=ox.RdfFormat.N_TRIPLES)
    if vocabulary:
        store.load(vocabulary_ntriples(), format=ox.RdfFormat.N_QUADS)
    return store


def query_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
