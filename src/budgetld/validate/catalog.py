"""Checking a DCAT catalog against the DCAT-AP rules of ``shapes/catalog/`` (SHACL Core).

The catalog is small and flat, so plain pySHACL over an rdflib graph is quick enough; the
disclosure engine's SPARQL delegation is not needed here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyshacl
import rdflib

from ..errors import InputError
from ..rdf.jsonld import read_jsonld
from ..rdf.vocab import SH as SH_TERMS
from ..resources import data_dir
from .reference_engine import result_messages
from .report import Finding

SH = rdflib.Namespace(SH_TERMS.namespace)


@cache
def catalog_shapes() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted((data_dir("shapes") / "catalog").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def validate_catalog(path: Path) -> list[Finding]:
    """The DCAT-AP violations of the catalog file at ``path`` (Turtle or JSON-LD)."""
    try:
        if path.suffix == ".jsonld":
            graph = read_jsonld(path)
        else:
            graph = rdflib.Graph()
            graph.parse(path, format="turtle")
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - rdflib's parsers raise many unrelated types
        raise InputError(path, f"not a readable catalog: {error}") from None
    _, report, _ = pyshacl.validate(graph, shacl_graph=catalog_shapes(), inference="none")
    shapes = catalog_shapes()
    findings = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        zh, en = result_messages(report, result)
        source = report.value(result, SH.sourceShape)
        owner = next(shapes.subjects(SH.property, source), source)
        findings.append(Finding(
            rule=str(shapes.value(owner, rdflib.RDFS.label) or owner), shape=str(owner),
            severity="violation", message_zh=zh, message_en=en,
            focus=str(report.value(result, SH.value) or report.value(result, SH.focusNode))))
    return sorted(findings, key=lambda f: (f.rule, f.focus, f.message_en))
