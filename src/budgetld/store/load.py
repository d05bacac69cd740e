"""Load published bundles into the store: each disclosure in its own graph, replaced whole.

Bundles are found by their ``disclosure.ttl``; what a bundle is about is read from that file
(its ``bld:BudgetDisclosure``), so a bundle can be loaded from wherever it was copied.
Everything is written with Oxigraph's bulk loader into a new store generation
(:mod:`.generations`), which becomes the store only once all of it is in: reloading a bundle
replaces its graphs, and a load that fails leaves the store as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..rdf.vocab import BLD, A
from .generations import next_generation
from .layout import reference_files, validation_graph

#: What the store remembers of its reference graphs (beside the generation it describes).
_REFERENCE_STAMP = "reference.sha256"


@dataclass(frozen=True)
class LoadedBundle:
    path: Path
    disclosure: str
    replaced: bool


def find_bundles(paths: Iterable[Path]) -> list[Path]:
    """The bundle folders among ``paths``: bundles themselves, or folders holding bundles
    (searched recursively), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if (path / "disclosure.ttl").is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p.parent for p in path.rglob("disclosure.ttl"))
        else:
            raise InputError(path, "not a bundle or a folder of bundles")
    if not found:
        raise InputError(", ".join(map(str, paths)), "no bundles (folders with a disclosure.ttl) here")
    return list(dict.fromkeys(found))


def _parse(path: Path) -> Iterator[ox.Triple]:
    try:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
    except (OSError, SyntaxError) as error:
        raise InputError(path, f"not readable RDF: {error}") from None


def disclosure_of(bundle: Path) -> str:
    """The IRI of the disclosure a bundle publishes (read up to its ``rdf:type``)."""
    source = bundle / "disclosure.ttl"
    for triple in _parse(source):
        if triple.predicate == A and triple.object == BLD.BudgetDisclosure:
            return triple.subject.value
    raise InputError(source, "not a bundle: no bld:BudgetDisclosure in it")


def _quads(path: Path, graph: str) -> Iterator[ox.Quad]:
    name = ox.NamedNode(graph)
    for t in _parse(path):
        yield ox.Quad(t.subject, t.predicate, t.object, name)


def _reference_digest() -> str:
    digest = hashlib.sha256()
    for graph, path in reference_files():
        digest.update(f"{graph}\n{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(directory: Path, bundles: list[Path],
         progress: Callable[[LoadedBundle], None] = lambda _: None) -> list[LoadedBundle]:
    """Load ``bundles`` (and, when they changed, the ontology and code lists) into the store
    in ``directory``, replacing the graphs of disclosures already there."""
    disclosures: dict[str, Path] = {}
    for bundle in bundles:
        iri = disclosure_of(bundle)
        if iri in disclosures:
            raise InputError(bundle, f"publishes the same disclosure as {disclosures[iri]} ({iri})")
        disclosures[iri] = bundle
    digest = _reference_digest()
    stamp = directory / _REFERENCE_STAMP
    loaded: list[LoadedBundle] = []
    with next_generation(directory) as store:
        reference = not stamp.is_file() or stamp.read_text() != digest
        graphs = [ox.NamedNode(g) for g, _ in reference_files()] if reference else []
        for iri in disclosures:
            graphs += [ox.NamedNode(iri), ox.NamedNode(validation_graph(iri))]
        existing = {g for g in graphs if store.contains_named_graph(g)}
        for graph in existing:
            store.remove_graph(graph)

        def quads() -> Iterator[ox.Quad]:
            if reference:
                for graph, path in reference_files():
                    yield from _quads(path, graph)
            for iri, bundle in disclosures.items():
                yield from _quads(bundle / "disclosure.ttl", iri)
                report = bundle / "validation.ttl"
                if report.is_file():
                    yield from _quads(report, validation_graph(iri))
                done = LoadedBundle(bundle, iri, ox.NamedNode(iri) in existing)
                loaded.append(done)
                progress(done)

        try:
            store.bulk_extend(quads())
        except OSError as error:
            raise InputError(directory, f"cannot write the store: {error}") from None
    stamp.write_text(digest)
    return loaded
