"""RDF stage: the model → triples under the budgetld ontology, serialised as Turtle, JSON-LD
(compacted with ``ontology/context.jsonld``) or N-Triples."""

from __future__ import annotations

import pyoxigraph as ox

from ..defaults import DEFAULT_BASE
from ..layouts import Knowledge
from ..model import Disclosure
from . import vocab
from .build import build_triples
from .jsonld import to_jsonld
from .vocab import PREFIXES

FORMATS = ("turtle", "jsonld", "nt")


def serialize(d: Disclosure, fmt: str = "turtle", base: str = DEFAULT_BASE,
              knowledge: Knowledge | None = None) -> bytes:
    """The disclosure as RDF text in ``fmt`` (one of :data:`FORMATS`), byte-identical for the
    same input."""
    return serialize_triples(build_triples(d, base, knowledge), fmt)


def serialize_triples(triples: list[ox.Quad] | list[ox.Triple], fmt: str = "turtle") -> bytes:
    """Already built triples as RDF text in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "turtle":
        return vocab.serialize(triples, ox.RdfFormat.TURTLE, PREFIXES)
    if fmt == "nt":
        return vocab.serialize(triples, ox.RdfFormat.N_TRIPLES)
    if fmt == "jsonld":
        return to_jsonld(triples).encode("utf-8")
    raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = ["DEFAULT_BASE", "FORMATS", "build_triples", "serialize", "serialize_triples"]
