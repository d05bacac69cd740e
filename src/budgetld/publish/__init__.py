"""Publish stage: disclosures → bundles a person downloads and a portal harvests.

A bundle (``DIR/<slug>/``) holds the Frictionless data package, the RDF (Turtle, JSON-LD), the
validation report and a README (:mod:`.bundle`), written atomically (:mod:`.write`); many
inputs are published in parallel (:mod:`.run`); ``DIR/catalog.ttl`` and ``catalog.jsonld``
describe all bundles in DCAT-AP style (:mod:`.catalog`).
"""

from .bundle import Bundle, BundleOptions, build_bundle
from .catalog import CatalogOptions, write_catalog
from .run import Outcome, collect_inputs, publish
from .write import write_bundle

__all__ = ["Bundle", "BundleOptions", "CatalogOptions", "Outcome", "build_bundle",
           "collect_inputs", "publish", "write_bundle", "write_catalog"]
