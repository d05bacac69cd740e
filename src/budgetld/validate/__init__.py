"""Validate stage: the published SHACL shapes (``shapes/``) run over a disclosure's RDF;
findings with rule ids, messages in Chinese and English, expected and actual values, and
source locations. budgetld's own SHACL-SPARQL executor runs them (:mod:`.engine`); pySHACL,
the reference engine, runs the same shapes on request (:mod:`.reference_engine`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from ..defaults import TOLERANCE, Engine
from ..errors import InputError
from ..layouts import Knowledge
from ..model import Disclosure
from ..rdf import DEFAULT_BASE, build_triples
from .engine import disclosure_node, validator
from .package import bundle_file, package_findings
from .report import LOCATE, Finding, Report, build_report, plain_text, print_text, to_json, to_turtle

__all__ = ["Engine", "Finding", "Report", "plain_text", "print_text", "to_json", "to_turtle", "validate",
           "validate_bundle", "validate_triples"]


def validate_triples(name: str, triples: list[ox.Quad], tolerance: Decimal = TOLERANCE,
                     engine: Engine = Engine.budgetld) -> tuple[Report, str]:
    """Validate a disclosure's triples; return the report and the disclosure's IRI."""
    if engine is Engine.pyshacl:
        from . import reference_engine  # pySHACL and rdflib are loaded only when asked for
        results, locate = reference_engine.run(triples, tolerance)
    else:
        results, locate = validator().run(triples, tolerance, locating=(LOCATE,))
    node, _ = disclosure_node(triples)
    return build_report(name, results, locate), node.value if node is not None else ""


def validate(d: Disclosure, tolerance: Decimal = TOLERANCE, base: str = DEFAULT_BASE,
             triples: list[ox.Quad] | None = None, engine: Engine = Engine.budgetld,
             knowledge: Knowledge | None = None) -> tuple[Report, str]:
    """Validate a parsed disclosure; return the report and the disclosure's IRI. ``triples``
    are its RDF when the caller has already built them (under ``base``)."""
    triples = triples if triples is not None else build_triples(d, base, knowledge)
    return validate_triples(d.source.name, triples, tolerance, engine)


def validate_bundle(directory: Path, tolerance: Decimal = TOLERANCE,
                    engine: Engine = Engine.budgetld) -> tuple[Report, str]:
    """Validate a published bundle: its ``disclosure.ttl`` against the shapes, and its data
    package with frictionless. The bundle is read as data only: no file outside it (a link,
    a path with ``..``) and nothing on the network is opened."""
    path = bundle_file(directory, "disclosure.ttl")
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as error:
        raise InputError(path, f"not readable Turtle: {error}") from None
    report, dataset = validate_triples(directory.name, triples, tolerance, engine)
    if (directory / "datapackage.json").is_file() or (directory / "datapackage.json").is_symlink():
        report = report.with_findings(package_findings(directory))
    return report, dataset
