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


def ic_queries() -> list[tuple[str, str]]:
    return sorted((p.stem, query_text(p)) for p in (QUERIES / "qb-integrity").glob("ic-*.rq"))


def templated(text: str, store: ox.Store) -> list[str]:
    """IC-20/21 are templates: run the instantiation query given in the file's comments, then
    the ASK once for each parent-child property it finds."""
    if "<$p>" not in text:
        return [text]
    comment = [line[1:] for line in text.splitlines() if line.startswith("#   ")]
    prefixes = "\n".join(line for line in text.splitlines() if line.startswith("PREFIX"))
    prefixes += "\nPREFIX owl: <http://www.w3.org/2002/07/owl#>"
    found = store.query(prefixes + "\n" + "\n".join(comment))
    return [text.replace("<$p>", f"<{row[0].value}>") for row in found]


def normalized(store: ox.Store) -> ox.Store:
    """Apply the Data Cube normalization algorithm (closure) the constraints assume."""
    for phase in ("normalize-phase-1.ru", "normalize-phase-2.ru"):
        store.update(query_text(QUERIES / "qb-integrity" / phase))
    return store
