"""Validate stage: the published SHACL shapes (``shapes/``) run by pySHACL over a disclosure's
RDF; findings with rule ids, messages in Chinese and English, and source locations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from ..model import Disclosure
from ..rdf import DEFAULT_BASE, build_triples
from .engine import bundle_triples, validate_triples
from .report import Finding, Report, build_report, print_text, to_json, to_turtle

__all__ = ["Finding", "Report", "print_text", "to_json", "to_turtle", "validate",
           "validate_bundle"]


def _dataset(triples) -> str:
    return next(t.subject.value for t in triples if t.object.value.endswith("#BudgetDisclosure"))


def validate(d: Disclosure, tolerance: Decimal = Decimal("0.01"), base: str = DEFAULT_BASE,
             triples: list[ox.Triple] | None = None) -> tuple[Report, str]:
    """Validate a parsed disclosure; return the report and the disclosure's IRI. ``triples``
    are its RDF when the caller has already built them (under ``base``)."""
    triples = triples if triples is not None else build_triples(d, base)
    _, report, graph = validate_triples(triples, tolerance)
    return build_report(d.source.name, report, graph), _dataset(triples)


def validate_bundle(directory: Path, tolerance: Decimal = Decimal("0.01")) -> tuple[Report, str]:
    """Validate a published bundle from its ``disclosure.ttl``."""
    triples = bundle_triples(directory)
    _, report, graph = validate_triples(triples, tolerance)
    return build_report(directory.name, report, graph), _dataset(triples)
